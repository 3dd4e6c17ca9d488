//! What an input may be: the limits on what a document may expand to, and why one is
//! refused. Shared by decode and the container formats (formats/), which decode calls.

#[derive(Debug, Clone, thiserror::Error, PartialEq)]
pub enum DecodeError {
    #[error("the document is empty")]
    Empty,
    #[error("the document is not readable text: {0}")]
    Undecodable(String),
    #[error("unsupported format: {0}; supported formats are plain text (UTF-8, UTF-16, GB18030/GBK, Big5), HTML, DOCX and PDF")]
    Unsupported(String),
    #[error("{0}")]
    NoText(String),
    #[error("{0}")]
    TooLarge(String),
}

/// Limits on what a document may expand to.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest decompressed part of a container (DOCX entry).
    pub max_entry_bytes: u64,
    /// Largest decompressed total.
    pub max_total_bytes: u64,
    /// Largest extracted text, in characters.
    pub max_chars: usize,
    pub max_pages: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_entry_bytes: 64 << 20, max_total_bytes: 128 << 20, max_chars: 2_000_000, max_pages: 2000 }
    }
}
