//! PDF: the text layer, read with pdf-extract (lopdf underneath; fonts' ToUnicode
//! maps decode Chinese), then lines the layout broke are joined back into
//! paragraphs without breaking numbers ("97.\n2%" is 97.2%).
//!
//! A PDF without a text layer (a scan) is refused with a clear message; so are
//! password-protected ones. pdf-extract can panic on malformed files: the panic
//! is caught and reported as an unreadable document.

use crate::extract::input::{DecodeError, Limits};
use crate::extract::text::{count_cjk, is_cjk};

pub fn read(bytes: &[u8], limits: &Limits) -> Result<String, DecodeError> {
    let doc =
        lopdf::Document::load_mem(bytes).map_err(|e| DecodeError::Undecodable(format!("not a readable PDF: {e}")))?;
    let pages = doc.get_pages().len();
    if pages > limits.max_pages {
        return Err(DecodeError::TooLarge(format!("the PDF has {pages} pages; the limit is {}", limits.max_pages)));
    }
    let encrypted = doc.is_encrypted();
    drop(doc);
    let owned = bytes.to_vec();
    let result = std::panic::catch_unwind(move || pdf_extract::extract_text_from_mem(&owned));
    let raw = match result {
        Ok(Ok(t)) => t,
        Ok(Err(e)) if encrypted => return Err(DecodeError::Unsupported(format!("a password-protected PDF ({e})"))),
        Ok(Err(e)) => return Err(DecodeError::Undecodable(format!("the PDF text layer could not be read: {e}"))),
        Err(_) => {
            return Err(DecodeError::Undecodable("the PDF text layer could not be read (malformed content)".into()))
        }
    };
    let text = join_lines(&raw);
    if count_cjk(&text.chars().collect::<Vec<_>>()) < 10 && text.trim().chars().count() < 40 {
        return Err(DecodeError::NoText(format!(
            "the PDF ({pages} pages) has no text layer: it looks like a scan; run OCR first"
        )));
    }
    Ok(text)
}

/// A line starts a new paragraph when it opens with a list marker.
fn starts_item(line: &str) -> bool {
    let c: Vec<char> = line.chars().take(5).collect();
    let cn = |ch: char| "一二三四五六七八九十".contains(ch);
    match c.as_slice() {
        [a, '、', ..] if cn(*a) => true,
        [a, b, '、', ..] if cn(*a) && cn(*b) => true,
        ['(' | '（', a, ..] if cn(*a) || a.is_ascii_digit() => true,
        [a, '是', ..] if cn(*a) => true,
        // 1. / 12、 but not 30.5%
        [a, '.' | '、' | '．', rest @ ..]
            if a.is_ascii_digit() && !rest.first().is_some_and(|c| c.is_ascii_digit()) =>
        {
            true
        }
        [a, b, '.' | '、' | '．', rest @ ..]
            if a.is_ascii_digit() && b.is_ascii_digit() && !rest.first().is_some_and(|c| c.is_ascii_digit()) =>
        {
            true
        }
        [a, ..] if ('\u{2460}'..='\u{2473}').contains(a) => true,
        _ => false,
    }
}

/// Join the lines of one paragraph: a line that does not end a sentence continues
/// on the next, unless the next opens a list item or the line is a short heading.
pub fn join_lines(raw: &str) -> String {
    let lines: Vec<String> = raw.replace('\u{c}', "\n").lines().map(|l| l.trim().to_string()).collect();
    let mut out = String::with_capacity(raw.len());
    let mut prev_ends = true; // the previous line closed its paragraph
    for line in lines {
        if line.is_empty() {
            prev_ends = true;
            continue;
        }
        // page numbers alone on a line ("- 3 -", "3")
        let bare = line.trim_matches(|c: char| c == '-' || c == '—' || c.is_whitespace());
        if !bare.is_empty() && bare.len() <= 4 && bare.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        if !prev_ends && !starts_item(&line) {
            // no space between CJK (or a number split across lines), keep one between Latin words
            let last = out.chars().last();
            let first = line.chars().next();
            let glue = match (last, first) {
                (Some(a), Some(b)) if (a.is_ascii_alphabetic() && b.is_ascii_alphabetic()) => " ",
                _ => "",
            };
            out.push_str(glue);
        } else if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&line);
        let last = line.chars().last().unwrap_or('。');
        let short = line.chars().count() <= 30 && !line.chars().any(|c| matches!(c, ',' | '，'));
        prev_ends = matches!(last, '。' | '！' | '？' | '!' | '?' | '：' | ':' | '；' | ';')
            || (short && (is_cjk(last) || last == ')' || last == '）') && line.chars().count() < 26);
    }
    out.push('\n');
    drop_layout_spaces(&out)
}

/// PDF text layers put spaces between Chinese and digits ("2007 年", "第 13"):
/// layout, not text. Spaces between two Latin words stay.
fn drop_layout_spaces(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let prev = out.chars().last();
            let next = chars[i + 1..].iter().find(|c| **c != ' ').copied();
            let cjkish = |c: Option<char>| {
                c.is_some_and(|c| {
                    is_cjk(c)
                        || matches!(
                            c,
                            '，' | '。'
                                | '、'
                                | '；'
                                | '：'
                                | '（'
                                | '）'
                                | '“'
                                | '”'
                                | ','
                                | '%'
                                | '('
                                | ')'
                                | ';'
                                | ':'
                        )
                })
            };
            if cjkish(prev) || cjkish(next) {
                continue;
            }
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_layout_breaks_without_breaking_numbers() {
        let raw = "一、医改工作进展情况\n全市参合农民达到369.7万人，农民参合率达到97.\n2%，实现了乡村\n全覆盖。\n- 2 -\n二、存在的问题\n一是人才匮乏。";
        let t = join_lines(raw);
        assert!(t.contains("农民参合率达到97.2%，实现了乡村全覆盖。"), "{t}");
        assert!(t.contains("一、医改工作进展情况\n\n全市"), "{t}");
        assert!(t.contains("\n\n二、存在的问题\n\n一是人才匮乏。"), "{t}");
        assert!(!t.contains("- 2 -"));
        assert_eq!(
            join_lines("完成了考核工作,全市药占比为\n30.5%,低于目标值。"),
            "完成了考核工作,全市药占比为30.5%,低于目标值。\n"
        );
        assert_eq!(
            join_lines("2007 年全市参合率达到 97.2%, 排名第 13 位, Word Count"),
            "2007年全市参合率达到97.2%,排名第13位,Word Count\n"
        );
    }

    #[test]
    fn garbage_is_refused_not_a_panic() {
        assert!(read(b"%PDF-1.4\n garbage garbage", &Limits::default()).is_err());
    }
}
