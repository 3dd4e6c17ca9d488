//! Container formats: each turns its bytes into plain text with one line per
//! paragraph, so the text stages read every format the same way.

pub mod docx;
pub mod html;
pub mod pdf;
