//! Stage 1, decode: bytes → text. Recognises the format by content (magic
//! bytes), then by declared content type, then by file name; detects the text
//! encoding (UTF-8 with or without BOM, UTF-16 with BOM, GB18030/GBK, Big5)
//! with encoding_rs + chardetng and records what it found.

use serde::Serialize;

use super::formats;

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

fn declared_charset(content_type: Option<&str>) -> Option<&'static encoding_rs::Encoding> {
    let ct = content_type?;
    let cs =
        ct.split(';').map(str::trim).find_map(|p| p.strip_prefix("charset=").or_else(|| p.strip_prefix("CHARSET=")))?;
    encoding_rs::Encoding::for_label(cs.trim_matches('"').as_bytes())
}

/// Bytes → Unicode text with the encoding found.
pub fn decode_text(bytes: &[u8], content_type: Option<&str>) -> Result<(String, String), DecodeError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(DecodeError::Empty);
    }
    let (text, enc) = if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (t, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            return Err(DecodeError::Undecodable(format!("invalid {} after its byte-order mark", enc.name())));
        }
        (t.into_owned(), format!("{} (BOM)", enc.name()))
    } else if let Some(enc) = declared_charset(content_type) {
        let (t, had_errors) = enc.decode_without_bom_handling(bytes);
        if had_errors {
            let valid = if enc == encoding_rs::UTF_8 {
                std::str::from_utf8(bytes).err().map(|e| e.valid_up_to())
            } else {
                None
            };
            return Err(DecodeError::Undecodable(match valid {
                Some(n) => format!("declared {} but byte {n} is not valid {}", enc.name(), enc.name()),
                None => format!("declared {} but the bytes are not valid {}", enc.name(), enc.name()),
            }));
        }
        (t.into_owned(), enc.name().to_string())
    } else if let Ok(s) = std::str::from_utf8(bytes) {
        (s.to_string(), "UTF-8".to_string())
    } else {
        if looks_binary(bytes) {
            return Err(DecodeError::Undecodable("binary data, not text".into()));
        }
        let mut det = chardetng::EncodingDetector::new();
        det.feed(bytes, true);
        let enc = det.guess(None, true);
        let (t, had_errors) = enc.decode_without_bom_handling(bytes);
        let bad = t.chars().filter(|c| *c == '\u{FFFD}').count();
        if had_errors && bad * 50 > t.chars().count().max(1) {
            return Err(DecodeError::Undecodable(format!(
                "not valid text in any supported encoding (best guess {} failed)",
                enc.name()
            )));
        }
        // GBK is a subset of GB18030: report the superset that decoded it.
        let name = if enc == encoding_rs::GBK { "GB18030".to_string() } else { enc.name().to_string() };
        (t.into_owned(), name)
    };
    let (mut controls, mut len) = (0usize, 0usize);
    for c in text.chars() {
        len += 1;
        controls += usize::from(c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'));
    }
    if controls * 20 > len.max(1) {
        return Err(DecodeError::Undecodable("binary data, not text".into()));
    }
    let text = if text.contains('\r') { normalise_newlines(&text) } else { text };
    Ok((text, enc))
}

fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(8192)];
    let nul = sample.iter().filter(|b| **b == 0).count();
    let ctl = sample.iter().filter(|b| **b < 0x09 || (**b > 0x0D && **b < 0x20)).count();
    nul > 0 || ctl * 10 > sample.len()
}

pub fn normalise_newlines(s: &str) -> String {
    if !s.contains('\r') {
        return s.to_string();
    }
    s.replace("\r\n", "\n").replace('\r', "\n")
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
