//! DOCX (Office Open XML word processing).

use crate::extract::decode::{DecodeError, Limits};

use super::Table;

pub struct DocxText {
    pub text: String,
    pub title: Option<String>,
    pub tables: Vec<Table>,
}

pub fn read(_bytes: &[u8], _limits: &Limits) -> Result<DocxText, DecodeError> {
    Err(DecodeError::Unsupported("DOCX (not yet readable by this version)".into()))
}
