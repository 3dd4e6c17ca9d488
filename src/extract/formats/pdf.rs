//! PDF text layer.

use crate::extract::decode::{DecodeError, Limits};

pub fn read(_bytes: &[u8], _limits: &Limits) -> Result<String, DecodeError> {
    Err(DecodeError::Unsupported("PDF (not yet readable by this version)".into()))
}
