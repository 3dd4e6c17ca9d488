//! Container formats: each turns its bytes into plain text with one line per
//! paragraph, so the text stages read every format the same way.

pub mod docx;
pub mod html;
pub mod pdf;

use serde::Serialize;

/// A table as it stands in the document; its cells are also written into the
/// text (one row per line), and `cells` records where, so evidence can point
/// at the cell a value came from.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Table {
    pub rows: Vec<Vec<TableCell>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TableCell {
    pub text: String,
    /// Character offsets of the cell in the decoded text.
    pub start: usize,
    pub end: usize,
}
