//! List and heading markers: 一、 (一) 1. (1) ① at a paragraph's start, and the same
//! lists written inside a paragraph after a sentence or a colon (一是…二是…, "建议:1、…2、…",
//! ①…②…, 第一,…第二,…). Scraped pages also lose line breaks: a marker after a full stop and
//! spaces starts a paragraph of its own (`paragraphs`).

use super::Marker;
use crate::extract::numerals::{cn_digit, cn_unit, parse_ordinal};
use crate::extract::text::{is_cjk, slice, trim};

/// Which way an inline list numbers its items: a 2、 continues a 1、, never a 一是.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// 一是 / 一要
    Shi,
    /// 1、 1.
    Arabic,
    /// (1) 1)
    Paren,
    /// ①
    Circled,
    /// 第一,
    Ordinal,
    /// (一)
    CnParen,
    /// 一、
    CnChapter,
}

pub(super) fn numeral_run(chars: &[char], at: usize, max: usize) -> usize {
    let mut j = at;
    while j < chars.len() && j - at < max && (cn_digit(chars[j]).is_some() || cn_unit(chars[j]) == Some(10)) {
        j += 1;
    }
    j - at
}

fn digit_run(chars: &[char], at: usize, end: usize, max: usize) -> usize {
    let mut j = at;
    while j < end && j - at < max && chars[j].is_ascii_digit() {
        j += 1;
    }
    j - at
}

/// Whether a line opens with a list or heading marker (一、, (一), 1., 一是 …).
pub fn starts_with_marker(chars: &[char], start: usize, end: usize) -> bool {
    paragraph_marker(chars, start, end).is_some()
}

/// The ordinal of the paragraph-level marker at `start` (一、 → 1), if one stands there.
pub fn marker_ordinal(chars: &[char], start: usize, end: usize) -> Option<u32> {
    paragraph_marker(chars, start, end).map(|(_, o, _)| o)
}

/// A paragraph-level marker at `at`: (marker, ordinal, chars consumed).
pub(super) fn paragraph_marker(chars: &[char], at: usize, end: usize) -> Option<(Marker, u32, usize)> {
    let c = |i: usize| if i < end { chars[i] } else { '\0' };
    // 一、 / 十二、
    let n = numeral_run(chars, at, 3);
    if n > 0 && at + n < end {
        let after = c(at + n);
        if after == '、' || (after == '.' && !c(at + n + 1).is_ascii_digit()) {
            if let Some(o) = parse_ordinal(&chars[at..at + n]) {
                return Some((Marker::Chapter, o, n + 1));
            }
        }
        // 一是 / 一要 at the start of a paragraph
        if matches!(after, '是' | '要') {
            if let Some(o) = parse_ordinal(&chars[at..at + n]) {
                return Some((Marker::Inline, o, n + 1));
            }
        }
    }
    // (一) / (1)
    if c(at) == '(' || c(at) == '〔' {
        let n = numeral_run(chars, at + 1, 3);
        if n > 0 && matches!(c(at + 1 + n), ')' | '〕') {
            if let Some(o) = parse_ordinal(&chars[at + 1..at + 1 + n]) {
                return Some((Marker::Section, o, n + 2));
            }
        }
        let j = at + 1 + digit_run(chars, at + 1, end, 2);
        if j > at + 1 && c(j) == ')' {
            let o: u32 = slice(chars, at + 1, j).parse().ok()?;
            return Some((Marker::ParenNumbered, o, j + 1 - at));
        }
    }
    // 1、 / 1. / 1 、 (not 1.5 and not a year)
    let j = at + digit_run(chars, at, end, 2);
    if j > at && !c(j).is_ascii_digit() {
        let mut k = j;
        while c(k) == ' ' {
            k += 1;
        }
        let sep = c(k);
        if sep == '、' || (sep == '.' && !c(k + 1).is_ascii_digit()) || (sep == ')' && k == j) {
            let o: u32 = slice(chars, at, j).parse().ok()?;
            if o >= 1 {
                return Some((Marker::Numbered, o, k + 1 - at));
            }
        }
    }
    // ① … ⑳
    let ch = c(at);
    if ('\u{2460}'..='\u{2473}').contains(&ch) {
        return Some((Marker::Circled, ch as u32 - 0x2460 + 1, 1));
    }
    None
}

/// An inline list marker at `i` (already known to follow a sentence boundary):
/// (ordinal, chars consumed, family).
fn inline_marker_at(chars: &[char], i: usize, end: usize) -> Option<(u32, usize, Family)> {
    let c = |k: usize| if k < end { chars[k] } else { '\0' };
    // an item starts with words, not with another number ("1、2个": a range)
    let words_follow = |k: usize| {
        let mut k = k;
        while c(k) == ' ' {
            k += 1;
        }
        is_cjk(c(k)) || matches!(c(k), '“' | '《' | '(')
    };
    let n = numeral_run(chars, i, 3);
    if n > 0 {
        let o = parse_ordinal(&chars[i..i + n]);
        match c(i + n) {
            '是' | '要' => return o.map(|o| (o, n + 1, Family::Shi)),
            '、' if words_follow(i + n + 1) => return o.map(|o| (o, n + 1, Family::CnChapter)),
            _ => {}
        }
    }
    if c(i) == '第' {
        let n = numeral_run(chars, i + 1, 2);
        if n > 0 && matches!(c(i + 1 + n), ',' | '、' | ':') && words_follow(i + 2 + n) {
            return parse_ordinal(&chars[i + 1..i + 1 + n]).map(|o| (o, n + 2, Family::Ordinal));
        }
    }
    if c(i) == '(' {
        let n = numeral_run(chars, i + 1, 3);
        if n > 0 && c(i + 1 + n) == ')' && words_follow(i + 2 + n) {
            return parse_ordinal(&chars[i + 1..i + 1 + n]).map(|o| (o, n + 2, Family::CnParen));
        }
        let d = digit_run(chars, i + 1, end, 2);
        if d > 0 && c(i + 1 + d) == ')' && words_follow(i + 2 + d) {
            return slice(chars, i + 1, i + 1 + d).parse().ok().map(|o| (o, d + 2, Family::Paren));
        }
    }
    let d = digit_run(chars, i, end, 2);
    if d > 0 && matches!(c(i + d), '、' | '.' | ')') && !c(i + d + 1).is_ascii_digit() && words_follow(i + d + 1) {
        let fam = if c(i + d) == ')' { Family::Paren } else { Family::Arabic };
        return slice(chars, i, i + d).parse().ok().map(|o| (o, d + 1, fam));
    }
    let ch = c(i);
    if ('\u{2460}'..='\u{2473}').contains(&ch) {
        return Some((ch as u32 - 0x2460 + 1, 1, Family::Circled));
    }
    None
}

/// Inline list markers after a sentence boundary inside a paragraph:
/// (position, ordinal, chars consumed, family).
pub(super) fn inline_markers(
    chars: &[char],
    start: usize,
    end: usize,
    skip_until: usize,
) -> Vec<(usize, u32, usize, Family)> {
    let mut out = Vec::new();
    let mut i = skip_until.max(start);
    while i < end {
        let c = chars[i];
        let may_open = cn_digit(c).is_some()
            || c == '十'
            || c == '第'
            || c == '('
            || c.is_ascii_digit()
            || ('\u{2460}'..='\u{2473}').contains(&c);
        // the candidate first: the look back over blanks is long inside blanked noise
        if may_open && after_boundary(chars, start, i) {
            if let Some((o, len, fam)) = inline_marker_at(chars, i, end) {
                out.push((i, o, len, fam));
                i += len;
                continue;
            }
        }
        i += 1;
    }
    out
}

fn after_boundary(chars: &[char], start: usize, i: usize) -> bool {
    let mut k = i;
    while k > start && chars[k - 1] == ' ' {
        k -= 1;
    }
    k == start || matches!(chars[k - 1], '。' | ';' | ':' | '!' | '?')
}

/// The paragraphs of `body`: its non-blank lines, and inside a line a new paragraph after
/// a full stop or colon followed by spaces (scraped pages turn line breaks into spaces).
pub(super) fn paragraphs(chars: &[char], body: std::ops::Range<usize>) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let end = body.end.min(chars.len());
    let mut s = body.start;
    for i in body.start..=end {
        if i == end || chars[i] == '\n' {
            split_line(chars, s, i, &mut out);
            s = i + 1;
        }
    }
    out
}

/// Longest bracketed heading (【存在问题】) split off the text it was run into.
const BRACKET_HEADING_MAX: usize = 24;

/// "【存在问题】 一是…": a line opening with a bracketed heading and going on with text is a
/// heading and a paragraph; the end of that heading, when there is one.
fn bracket_heading_end(chars: &[char], a: usize, b: usize) -> Option<usize> {
    let a = (a..b).find(|&i| chars[i] != ' ')?;
    if chars[a] != '【' {
        return None;
    }
    let close = (a + 1..b.min(a + BRACKET_HEADING_MAX + 2)).find(|&i| chars[i] == '】')?;
    let rest = (close + 1..b).find(|&i| chars[i] != ' ')?;
    (is_cjk(chars[rest]) || starts_with_marker(chars, rest, b)).then_some(close + 1)
}

fn split_line(chars: &[char], a: usize, b: usize, out: &mut Vec<(usize, usize)>) {
    let mut s = a;
    if let Some(h) = bracket_heading_end(chars, a, b) {
        push_trimmed(chars, a, h, out);
        s = h;
    }
    let mut i = s;
    while i < b {
        if chars[i] == ' ' && i > a {
            let mut j = i;
            while j < b && chars[j] == ' ' {
                j += 1;
            }
            let after_stop = matches!(chars[i - 1], '。' | ':' | '!' | '?' | ';');
            let starts =
                j < b && (is_cjk(chars[j]) || starts_with_marker(chars, j, b) || matches!(chars[j], '“' | '('));
            // "  一、年度任务  1.提高…": a wide gap before a list marker is a lost line break too
            let wide_gap_marker = j - i >= 2 && j < b && starts_with_marker(chars, j, b);
            if (after_stop && starts) || wide_gap_marker {
                push_trimmed(chars, s, i, out);
                s = j;
            }
            i = j;
            continue;
        }
        i += 1;
    }
    push_trimmed(chars, s, b, out);
}

fn push_trimmed(chars: &[char], a: usize, b: usize, out: &mut Vec<(usize, usize)>) {
    let (a, b) = trim(chars, a, b);
    if b > a {
        out.push((a, b));
    }
}
