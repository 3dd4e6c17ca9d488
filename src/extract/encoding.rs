//! Bytes to Unicode text: the encoding a document declares, or the one its bytes show
//! (UTF-8 with or without BOM, UTF-16 with BOM, GB18030/GBK, Big5; encoding_rs + chardetng).

use super::input::DecodeError;

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
