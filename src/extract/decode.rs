//! Stage 1, decode: bytes → text. Recognises the format by content (magic
//! bytes), then by declared content type, then by file name; detects the text
//! encoding (UTF-8 with or without BOM, UTF-16 with BOM, GB18030/GBK, Big5)
//! with encoding_rs + chardetng and records what it found.

use serde::Serialize;

use super::encoding::decode_text;
use super::formats;
pub use super::input::{DecodeError, Limits};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Text,
    Html,
    Docx,
    Pdf,
}

impl Format {
    pub fn as_str(&self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Html => "html",
            Format::Docx => "docx",
            Format::Pdf => "pdf",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    pub format: Format,
    pub encoding: String,
    /// A title the container states (<title>, DOCX core properties).
    pub title_hint: Option<String>,
}

fn has_prefix(b: &[u8], p: &[u8]) -> bool {
    b.len() >= p.len() && &b[..p.len()] == p
}

fn lower_ext(filename: Option<&str>) -> String {
    filename.and_then(|f| f.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase())).unwrap_or_default()
}

/// Which format the bytes are, by magic bytes first.
pub fn sniff(bytes: &[u8], filename: Option<&str>, content_type: Option<&str>) -> Result<Format, DecodeError> {
    let ct = content_type.unwrap_or("").to_ascii_lowercase();
    let ext = lower_ext(filename);
    if has_prefix(bytes, b"%PDF-") {
        return Ok(Format::Pdf);
    }
    if has_prefix(bytes, b"PK\x03\x04") || has_prefix(bytes, b"PK\x05\x06") {
        return Ok(Format::Docx); // confirmed (or refused) when the archive is opened
    }
    if has_prefix(bytes, &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Err(DecodeError::Unsupported("legacy Word/Excel (.doc/.xls, OLE2)".into()));
    }
    if has_prefix(bytes, b"{\\rtf") {
        return Err(DecodeError::Unsupported("RTF".into()));
    }
    for (magic, name) in [
        (&b"\x89PNG"[..], "PNG image"),
        (&b"\xFF\xD8\xFF"[..], "JPEG image"),
        (&b"GIF8"[..], "GIF image"),
        (&b"\x1F\x8B"[..], "gzip archive"),
        (&b"Rar!"[..], "RAR archive"),
        (&b"7z\xBC\xAF"[..], "7z archive"),
        (&b"\x7FELF"[..], "executable"),
        (&b"MZ"[..], "executable"),
    ] {
        if has_prefix(bytes, magic) {
            return Err(DecodeError::Unsupported(name.into()));
        }
    }
    if ct.contains("pdf") || ext == "pdf" {
        return Err(DecodeError::Undecodable("declared as PDF but the bytes do not start with %PDF-".into()));
    }
    if ct.contains("wordprocessingml") || ext == "docx" {
        return Err(DecodeError::Undecodable("declared as DOCX but the bytes are not a ZIP archive".into()));
    }
    if ext == "doc" || ct.contains("msword") {
        return Err(DecodeError::Unsupported("legacy Word .doc".into()));
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    if ct.contains("html")
        || ext == "html"
        || ext == "htm"
        || head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || (head.starts_with('<') && head.contains("<body"))
    {
        return Ok(Format::Html);
    }
    if !(ct.is_empty() || ct.starts_with("text/") || ct.contains("octet-stream") || ct.contains("form-data")) {
        return Err(DecodeError::Unsupported(format!("content type {ct}")));
    }
    Ok(Format::Text)
}

/// Decode any supported document.
pub fn decode(
    bytes: &[u8],
    filename: Option<&str>,
    content_type: Option<&str>,
    limits: &Limits,
) -> Result<Decoded, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    let format = sniff(bytes, filename, content_type)?;
    let decoded = match format {
        Format::Text => {
            let (text, encoding) = decode_text(bytes, content_type)?;
            Decoded { text, format, encoding, title_hint: None }
        }
        Format::Html => {
            let (raw, encoding) = formats::html::decode_bytes(bytes, content_type)?;
            formats::html::check_nesting(&raw)?;
            let (text, title) = formats::html::to_text(&raw);
            Decoded { text, format, encoding, title_hint: title }
        }
        Format::Docx => {
            let doc = formats::docx::read(bytes, limits)?;
            Decoded { text: doc.text, format, encoding: "UTF-8 (DOCX)".into(), title_hint: doc.title }
        }
        Format::Pdf => {
            let text = formats::pdf::read(bytes, limits)?;
            Decoded { text, format, encoding: "PDF text layer".into(), title_hint: None }
        }
    };
    if decoded.text.chars().count() > limits.max_chars {
        return Err(DecodeError::TooLarge(format!(
            "the document holds more than {} characters of text",
            limits.max_chars
        )));
    }
    if decoded.text.trim().is_empty() {
        return Err(match format {
            Format::Text => DecodeError::Empty,
            _ => DecodeError::NoText(format!("the {} holds no text", format.as_str())),
        });
    }
    Ok(decoded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings() {
        let s = "全市参合率达到97.2%";
        assert_eq!(decode_text(s.as_bytes(), None).unwrap(), (s.to_string(), "UTF-8".to_string()));
        let (gbk, _, _) = encoding_rs::GBK
            .encode("2007年杭州市医改工作总结。全市参合农民达到369.7万人,农民参合率达到97.2%,实现了乡村全覆盖。");
        let (t, enc) = decode_text(&gbk, None).unwrap();
        assert!(t.contains("参合率"), "{t}");
        assert_eq!(enc, "GB18030");
        let mut u16le = vec![0xFF, 0xFE];
        for u in s.encode_utf16() {
            u16le.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode_text(&u16le, None).unwrap().0, s);
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(s.as_bytes());
        assert_eq!(decode_text(&bom, None).unwrap().0, s);
    }

    #[test]
    fn refusals() {
        assert_eq!(decode_text(b"   \n", None), Err(DecodeError::Empty));
        assert!(matches!(
            decode_text(&[0u8, 159, 146, 150, 0, 1, 2, 3, 255, 254, 0, 0], None),
            Err(DecodeError::Undecodable(_))
        ));
        assert!(matches!(
            decode_text(b"abc\xff\xfe", Some("text/plain; charset=utf-8")),
            Err(DecodeError::Undecodable(_))
        ));
        assert!(matches!(
            sniff(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0], None, None),
            Err(DecodeError::Unsupported(_))
        ));
        assert!(matches!(sniff(b"\x89PNG\r\n", None, None), Err(DecodeError::Unsupported(_))));
    }
}
