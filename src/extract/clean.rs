//! Stage 2, clean: find the report body inside a scraped page and blank out the
//! noise (navigation, download boxes, related-article lists, footers, site
//! keywords glued into lines).
//!
//! Noise is replaced by spaces in the working copy rather than cut out, so
//! every later offset is still an offset into the stored text.

use std::ops::Range;

use super::knowledge::{Knowledge, NoiseRules};
use super::text::{count_cjk, is_cjk, is_space, trim};

#[derive(Debug, Clone)]
pub struct Cleaned {
    /// Normalised text with noise blanked (same length as the stored text).
    pub chars: Vec<char>,
    /// Blanked ranges, in order.
    pub noise: Vec<Range<usize>>,
    /// A table of contents above the body (its headings stay readable): a page cut after its
    /// first paragraphs may give its problems and plans only there.
    pub contents: Option<Range<usize>>,
    /// Where the report body (title included) starts and ends.
    pub body: Range<usize>,
    /// The line taken as the title, if one precedes the body.
    pub title_line: Option<Range<usize>>,
}

struct Line {
    start: usize,
    end: usize, // trimmed
    text: String,
    noise: bool,
}

/// A line is "content" when it reads like running prose of the report.
fn is_content(chars: &[char], l: &Line) -> bool {
    let c = &chars[l.start..l.end];
    count_cjk(c) >= 30 && c.iter().any(|&ch| matches!(ch, ',' | '。' | ';' | ':' | '、'))
}

/// A line of a text wrapped at a fixed width (PDF copies) that is prose: a clause breaks off
/// at its end and the next line goes on with it (…,是预防 / 传染病…。). Neither
/// line is a list item or a heading (一、加强领导,落实责任), nor the first a title run into its
/// heading (…工作总结一、…); page chrome (您的位置:…) has no comma.
fn is_wrapped_prose(kb: &Knowledge, chars: &[char], lines: &[Line], j: usize) -> bool {
    let l = &lines[j];
    let c = &chars[l.start..l.end];
    let last = |c: &[char]| c.iter().rev().find(|ch| !is_space(**ch)).copied();
    // (a site's slogan has its exclamation: X,超级方便的…神器! 立即了解)
    let runs_on = last(c).is_some_and(is_cjk)
        && c.iter().any(|&ch| matches!(ch, ',' | '、'))
        && !c.iter().any(|&ch| matches!(ch, '!' | '?'));
    let Some(next) = lines[j + 1..].iter().find(|n| n.end > n.start) else { return false };
    let item = |x: &Line| crate::extract::outline::starts_with_marker(chars, x.start, x.end);
    count_cjk(c) >= WRAPPED_LINE_MIN
        && runs_on
        && !item(l)
        && !item(next)
        && !looks_like_title(kb, chars, l.start, l.end)
        && count_cjk(&chars[next.start..next.end]) >= 4
}

/// The fewest Chinese characters of a wrapped line of prose.
const WRAPPED_LINE_MIN: usize = 18;

pub fn looks_like_title(kb: &Knowledge, chars: &[char], start: usize, end: usize) -> bool {
    let c = &chars[start..end];
    let n = c.iter().filter(|ch| !is_space(**ch)).count();
    (4..=70).contains(&n)
        && !c.contains(&'。')
        && !matches!(c.last(), Some(':' | ',' | ';'))
        && kb.meta.title_words.contained_in(c)
        // 一、工作情况 is the first heading, not the title
        && !crate::extract::outline::starts_with_marker(chars, start, end)
}

struct TitleLine {
    line: usize,
    range: Range<usize>,
    /// The body starts at this line (false for a copy far above the body, past page chrome).
    starts_body: bool,
}

/// Lines looked at above the first paragraph of prose for the title.
const TITLE_WINDOW: usize = 12;
/// How far above the prose a decorated copy of the title ("…总结_第1页") is looked for.
const FAR_TITLE_WINDOW: usize = 40;

/// The title: a "标题：" page field, or the title-like line nearest the body (scraped pages
/// repeat the title; subtitles, datelines and speaker lines are never it). A longer copy
/// above that contains the nearest one is more specific and wins (2025年湖南省政府工作报告
/// over 政府工作报告).
fn find_title(kb: &Knowledge, chars: &[char], lines: &[Line], first_content: usize) -> Option<TitleLine> {
    let mut found: Option<TitleLine> = None;
    let mut seen = 0;
    for j in (0..first_content).rev() {
        let l = &lines[j];
        if l.end == l.start {
            continue;
        }
        seen += 1;
        if seen > TITLE_WINDOW {
            break;
        }
        if kb.meta.not_title.is_match(&l.text) {
            continue;
        }
        let cand = if let Some(m) = kb.meta.title_fields.find(&l.text) {
            let a = l.start + l.text[..m.end()].chars().count();
            Some(TitleLine { line: j, range: a..l.end, starts_body: true })
        } else if !l.noise && looks_like_title(kb, chars, l.start, l.end) {
            // "…半年工作总结一、…": a title line run into its first heading
            let end = first_item_after_title(kb, chars, l.start, l.end).unwrap_or(l.end);
            Some(TitleLine { line: j, range: l.start..end, starts_body: true })
        } else {
            None
        };
        let Some(cand) = cand else { continue };
        match &found {
            None => found = Some(cand),
            Some(near) => {
                let near_text = squashed(&chars[near.range.clone()]);
                let far_text = squashed(&chars[cand.range.clone()]);
                if far_text.len() > near_text.len() && far_text.contains(&near_text) {
                    found = Some(TitleLine { starts_body: near.starts_body, line: near.line, range: cand.range });
                }
            }
        }
    }
    found
        .or_else(|| decorated_title(kb, chars, lines, first_content))
        .or_else(|| fused_title(kb, chars, lines, first_content))
}

/// A title the page ran into the first paragraph ("…管理安排 民政工作,事关民计民生,…"): the
/// line's words before its first space, when they read as a title; or before a first item
/// ("…社会救助工作计划一是积极推进…").
fn fused_title(kb: &Knowledge, chars: &[char], lines: &[Line], first_content: usize) -> Option<TitleLine> {
    let l = &lines[first_content];
    let space = (l.start..l.end).find(|&i| is_space(chars[i]));
    let first_item = first_item_after_title(kb, chars, l.start, space.unwrap_or(l.end));
    let (gap, rest) = match (first_item, space) {
        (Some(i), _) => (i, i),
        (None, Some(gap)) => (gap, (gap..l.end).find(|&i| !is_space(chars[i]))?),
        (None, None) => return None,
    };
    // the words must end in a genre word (…管理安排), not run on (现将…工作总结汇报如下, …部署会)
    let ends_in_genre = kb.meta.title_words.suffix_at(chars, gap).is_some();
    (ends_in_genre && looks_like_title(kb, chars, l.start, gap) && count_cjk(&chars[rest..l.end]) >= 30)
        .then_some(TitleLine { line: first_content, range: l.start..gap, starts_body: true })
}

/// Where a line's first item starts right after words ending in a genre word
/// ("…工作计划一是…", "…工作总结一、…"), if it does.
fn first_item_after_title(kb: &Knowledge, chars: &[char], start: usize, end: usize) -> Option<usize> {
    (start + 4..end.min(start + 70)).find(|&i| {
        kb.meta.title_words.suffix_at(chars, i).is_some()
            && crate::extract::outline::marker_ordinal(chars, i, end) == Some(1)
    })
}

fn squashed(c: &[char]) -> String {
    c.iter().filter(|c| !is_space(**c)).collect()
}

/// A title only a decorated copy far above the prose holds ("乡镇…工作总结_第1页").
fn decorated_title(kb: &Knowledge, chars: &[char], lines: &[Line], first_content: usize) -> Option<TitleLine> {
    for j in (first_content.saturating_sub(FAR_TITLE_WINDOW)..first_content).rev() {
        let l = &lines[j];
        if l.end == l.start || kb.meta.not_title.is_match(&l.text) {
            continue;
        }
        let stripped = crate::extract::metadata::clean_title(kb, &l.text);
        let n = stripped.chars().count();
        let is_prefix = n > 0 && l.text.starts_with(stripped.as_str());
        if is_prefix && n < l.text.chars().count() && looks_like_title(kb, chars, l.start, l.start + n) {
            return Some(TitleLine { line: j, range: l.start..l.start + n, starts_body: false });
        }
    }
    None
}

/// Content lines in a row that, repeated in the same order, make a copy rather than a
/// repeated sentence.
const COPY_MIN_LINES: usize = 3;

/// The line where a second copy of the body starts: the first content line that repeats an
/// earlier one and is followed by COPY_MIN_LINES repeats in the same order, moved back over
/// the repeated lines before it (the title of the copy).
fn repeated_copy_start(chars: &[char], lines: &[Line], from: usize, to: usize) -> Option<usize> {
    let to = to.min(lines.len());
    let content: Vec<usize> = (from..to).filter(|&j| is_content(chars, &lines[j])).collect();
    let mut first_seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (n, &j) in content.iter().enumerate() {
        match first_seen.get(lines[j].text.as_str()) {
            None => {
                first_seen.insert(lines[j].text.as_str(), n);
            }
            Some(&m) => {
                let same = (0..COPY_MIN_LINES).all(|d| match (content.get(m + d), content.get(n + d)) {
                    (Some(&a), Some(&b)) => lines[a].text == lines[b].text,
                    _ => false,
                });
                if same {
                    let (mut a, mut b) = (content[m], j);
                    while a > from && b > content[m] + 1 && lines[a - 1].text == lines[b - 1].text {
                        a -= 1;
                        b -= 1;
                    }
                    return Some(b);
                }
            }
        }
    }
    None
}

/// "<U+00A0>": a code point a converter wrote out as text (R and some exporters do this for
/// characters outside their locale). Each such escape, in order.
fn code_point_escapes(chars: &[char]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i + 3 < chars.len() {
        if chars[i] == '<' && chars[i + 1] == 'U' && chars[i + 2] == '+' {
            let hex = chars[i + 3..].iter().take_while(|c| c.is_ascii_hexdigit()).count();
            let close = i + 3 + hex;
            if (4..=6).contains(&hex) && chars.get(close) == Some(&'>') {
                out.push(i..close + 1);
                i = close + 1;
                continue;
            }
        }
        i += 1;
    }
    out
}

impl Cleaned {
    /// Where the outline starts: after a title the page ran into the first paragraph
    /// ("…工作计划一是积极推进…"), so that the paragraph's first item starts a paragraph.
    /// A title printed again in parts on the lines after it ("…总结及2022年工作思路", then
    /// "2021年…工作总结", "2022年工作思路") is skipped too: its parts are no headings.
    pub fn outline_start(&self) -> usize {
        let (chars, body) = (&self.chars, &self.body);
        let Some(t) = self.title_line.clone().filter(|t| t.end < body.end) else {
            return body.start;
        };
        // the title line may be a longer copy above the body's first line
        let mut line_start = body.start;
        if t.start >= body.start {
            let rest_of_line = chars[t.end..body.end].iter().take_while(|&&c| c != '\n');
            if rest_of_line.clone().any(|c| !c.is_whitespace()) {
                return t.end + rest_of_line.take_while(|c| c.is_whitespace()).count();
            }
            line_start = t.end + rest_of_line.count() + 1;
        }
        let title: String = chars[t.clone()].iter().filter(|c| !c.is_whitespace()).collect();
        let mut start = body.start;
        while line_start < body.end {
            let line_end = (line_start..body.end).find(|&i| chars[i] == '\n').unwrap_or(body.end);
            let line: String = chars[line_start..line_end].iter().filter(|c| !c.is_whitespace()).collect();
            if !line.is_empty() {
                let part = line.chars().count() >= TITLE_PART_MIN && title.contains(&line);
                if !part {
                    break;
                }
                start = line_end;
            }
            line_start = line_end + 1;
        }
        start
    }
}

/// The shortest part of a title printed on its own line that is skipped as one.
const TITLE_PART_MIN: usize = 4;

pub fn clean(kb: &Knowledge, chars: Vec<char>) -> Cleaned {
    let mut chars = chars;
    let rules = &kb.noise;
    // blanked first, so that a chapter marker after "<U+00A0><U+00A0>" starts its line
    let mut noise: Vec<Range<usize>> = code_point_escapes(&chars);
    for r in &noise {
        chars[r.clone()].iter_mut().for_each(|c| *c = ' ');
    }

    join_quotes_broken_over_lines(&mut chars);
    let lines = split_lines(rules, &chars);
    let (body_line, title_line) = body_start_line(kb, &chars, &lines);
    let body_start = lines.get(body_line).map(|l| l.start).unwrap_or(0);
    let (body_end, tail_line) = body_end_line(rules, &chars, &lines, body_line);

    if body_start > 0 {
        match title_line.clone().filter(|t| t.end <= body_start) {
            // a copy of the title above the body stays readable
            Some(t) => noise.extend([0..t.start, t.end..body_start]),
            None => noise.push(0..body_start),
        }
    }
    let body_lines = &lines[body_line.min(lines.len())..tail_line.min(lines.len())];
    for l in body_lines {
        if l.noise && l.end > l.start && !title_line.as_ref().is_some_and(|t| l.start <= t.start && t.end <= l.end) {
            noise.push(l.start..l.end);
        }
    }
    if body_end < chars.len() {
        noise.push(body_end..chars.len());
    }

    glued_fragments(rules, &chars, body_lines, &mut noise);

    let contents = contents_above(&chars, &lines, body_line);
    if let Some(c) = &contents {
        noise = noise.into_iter().flat_map(|r| [r.start..r.end.min(c.start), r.start.max(c.end)..r.end]).collect();
        noise.retain(|r| r.start < r.end);
    }
    let merged = merge_and_blank(noise, &mut chars);
    Cleaned { chars, noise: merged, body: body_start..body_end, title_line, contents }
}

/// The longest quoted term whose line breaks are taken for a scrape's (“十四五” in a span of
/// its own), in characters between the quotes.
const BROKEN_QUOTE_MAX: usize = 16;

/// "二、“\n十四五\n”时期发展的…": pages that style a quoted term put it on lines of its own;
/// a line break inside a short quote becomes a space, so that heading and sentence read on.
fn join_quotes_broken_over_lines(chars: &mut [char]) {
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '“' {
            i += 1;
            continue;
        }
        let end = (i + 1..chars.len().min(i + BROKEN_QUOTE_MAX + 2)).find(|&j| matches!(chars[j], '”' | '“' | '。'));
        match end {
            Some(j) if chars[j] == '”' => {
                if chars[i + 1..j].contains(&'\n') {
                    chars[i + 1..j].iter_mut().filter(|c| matches!(**c, '\n' | '\r')).for_each(|c| *c = ' ');
                }
                i = j + 1;
            }
            _ => i += 1,
        }
    }
}

/// Headings in a row that make a table of contents: at least this many.
const CONTENTS_MIN_HEADINGS: usize = 4;
/// A table-of-contents line is a numbered heading no longer than this.
const CONTENTS_MAX_LINE: usize = 60;

/// A table of contents above the body: a run of short numbered headings without a full
/// stop (blank, elision and 目录 lines may stand between them).
fn contents_above(chars: &[char], lines: &[Line], body_line: usize) -> Option<Range<usize>> {
    let is_heading = |l: &Line| {
        crate::extract::outline::starts_with_marker(chars, l.start, l.end)
            && l.end - l.start <= CONTENTS_MAX_LINE
            && !chars[l.start..l.end].contains(&'。')
    };
    let is_filler = |l: &Line| {
        l.end == l.start
            || chars[l.start..l.end].iter().all(|c| matches!(c, '…' | '.' | '·' | ' ' | '-'))
            || l.text.starts_with("目录")
    };
    // a chapter heading (一、…) at least twice: a list of links numbered 1、2、 is no contents
    let chapter = |l: &Line| {
        let c = &chars[l.start..l.end];
        c.len() > 1 && "一二三四五六七八九十".contains(c[0]) && c.iter().take(4).any(|&ch| ch == '、')
    };
    let chapters = lines[..body_line.min(lines.len())].iter().filter(|l| chapter(l)).count();
    if chapters < 2 {
        return None;
    }
    let mut best: Option<(usize, Range<usize>)> = None;
    let mut run: Option<(usize, Range<usize>)> = None;
    for (k, l) in lines.iter().enumerate() {
        // a body found inside the contents: the contents go on to their last heading
        if k >= body_line && run.is_none() {
            break;
        }
        if is_heading(l) {
            let r = run.get_or_insert((0, l.start..l.end));
            r.0 += 1;
            r.1.end = l.end;
        } else if !is_filler(l) {
            run = None;
        }
        if let Some(r) = &run {
            if r.0 >= CONTENTS_MIN_HEADINGS && best.as_ref().is_none_or(|b| r.0 > b.0) {
                best = Some(r.clone());
            }
        }
    }
    best.map(|b| b.1)
}

/// Lines, with their trimmed extent; a short line that matches a noise rule is noise.
fn split_lines(rules: &NoiseRules, chars: &[char]) -> Vec<Line> {
    let mut lines: Vec<Line> = Vec::new();
    let mut s = 0;
    for i in 0..=chars.len() {
        if i == chars.len() || chars[i] == '\n' {
            let (a, b) = trim(chars, s, i);
            let text: String = chars[a..b].iter().collect();
            let is_noise = b > a && text.chars().count() <= rules.max_noise_line && rules.line.is_match(&text);
            lines.push(Line { start: a, end: b, text, noise: is_noise });
            s = i + 1;
        }
    }
    lines
}

/// The body starts at the title line before the first content paragraph: the line the
/// body starts at, and the title's extent.
fn body_start_line(kb: &Knowledge, chars: &[char], lines: &[Line]) -> (usize, Option<Range<usize>>) {
    let first_content = (0..lines.len()).find(|&j| {
        let l = &lines[j];
        !l.noise && l.end > l.start && (is_content(chars, l) || is_wrapped_prose(kb, chars, lines, j))
    });
    let mut body_line = first_content.unwrap_or(0);
    let mut title_line = None;
    if let Some(fc) = first_content {
        if let Some(t) = find_title(kb, chars, lines, fc) {
            if t.starts_body {
                body_line = t.line;
            }
            title_line = Some(t.range);
        }
    }
    (body_line, title_line)
}

/// Where the body ends: the offset, and the line after the body's last.
fn body_end_line(rules: &NoiseRules, chars: &[char], lines: &[Line], body_line: usize) -> (usize, usize) {
    // The body ends at the first related-articles / comments / footer marker.
    let mut body_end = chars.len();
    let mut tail_line = lines.len();
    for (j, l) in lines.iter().enumerate().skip(body_line + 1) {
        if l.end > l.start && l.text.chars().count() <= rules.max_noise_line && rules.tail.is_match(&l.text) {
            body_end = l.start;
            tail_line = j;
            break;
        }
    }

    // A page that shows the report twice (a print view, a mirrored copy): the body ends where
    // its copy starts.
    if let Some(copy) = repeated_copy_start(chars, lines, body_line, tail_line) {
        if lines[copy].start < body_end {
            body_end = lines[copy].start;
            tail_line = copy;
        }
    }
    (body_end, tail_line)
}

/// Fragments glued inside body lines.
fn glued_fragments(rules: &NoiseRules, chars: &[char], body_lines: &[Line], noise: &mut Vec<Range<usize>>) {
    for l in body_lines {
        if l.noise || l.end == l.start {
            continue;
        }
        // "工作总 !计生工作总结 !结": a site keyword between bangs.
        for re in &rules.inline {
            for m in re.find_iter(&l.text) {
                let a = l.start + l.text[..m.start()].chars().count();
                let b = a + m.as_str().chars().count();
                noise.push(a..b);
            }
        }
        // "…进展缓慢。计生工作总结": a keyword after the paragraph's last full stop.
        let c = &chars[l.start..l.end];
        if let Some(last_stop) = c.iter().rposition(|&ch| matches!(ch, '。' | '!' | '?' | ';')) {
            let frag = &c[last_stop + 1..];
            let n = frag.len();
            if (2..=16).contains(&n)
                && !frag.iter().any(|&ch| matches!(ch, ',' | '。' | ':' | '、' | '(' | ')'))
                && !frag.iter().any(|ch| ch.is_ascii_digit())
                && rules.glued_suffixes.suffix_at(frag, n).is_some()
            {
                noise.push(l.start + last_stop + 1..l.end);
            }
        }
    }
}

/// Noise ranges sorted and merged; every character in them but a line break is blanked.
fn merge_and_blank(mut noise: Vec<Range<usize>>, chars: &mut [char]) -> Vec<Range<usize>> {
    noise.sort_by_key(|r| (r.start, r.end));
    let mut merged: Vec<Range<usize>> = Vec::new();
    for r in noise {
        if let Some(last) = merged.last_mut() {
            if r.start <= last.end {
                last.end = last.end.max(r.end);
                continue;
            }
        }
        merged.push(r);
    }
    for r in &merged {
        for c in &mut chars[r.clone()] {
            if *c != '\n' {
                *c = ' ';
            }
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::text::normalise;

    fn run(s: &str) -> (String, Cleaned) {
        let c = clean(Knowledge::embedded(), normalise(s));
        (c.chars.iter().collect::<String>(), c)
    }

    #[test]
    fn a_quoted_term_on_lines_of_its_own_joins_its_line() {
        // 河北省 2021, as scraped: the styled term stood on a line of its own
        let (text, _) = run("二、“\n十四五\n”时期发展的总体思路和重点任务\n“十四五”时期,我国开启了新征程。\n");
        assert!(text.contains("二、“ 十四五 ”时期发展的总体思路和重点任务\n"), "{text}");
        // a quote that does not close soon is left alone
        let (text, _) = run("他说:“\n今年的工作很多,任务很重,我们要抓紧。\n");
        assert!(text.contains("“\n今年"), "{text}");
    }

    #[test]
    fn code_points_written_out_as_text_are_blanked() {
        let page = "标题\n<U+00A0><U+00A0>一、过去五年工作回顾\n正文<U+3000>内容\n";
        let (_, c) = run(page);
        let text: String = c.chars.iter().collect();
        assert!(text.contains("\n                一、过去五年工作回顾\n"), "{text}");
        assert!(!text.contains("<U+"));
        assert_eq!(c.chars.len(), page.chars().count(), "offsets stay offsets into the stored text");
    }

    #[test]
    fn a_text_wrapped_at_a_fixed_width_starts_at_its_title() {
        // the opening of a real 实施方案 copied from a PDF, and a site's slogan above a body
        let page = "计划免疫实施方案\n免疫规划是具有长期性、艰巨性、科学性的一项工作,是预防\n传染病最有效的措施。\n\
                    为了贯彻“预防为主”的方针,进一步落实《传染病防治法及\n其实施办法》,特制定以下工作计划。\n";
        let (text, c) = run(page);
        let title = c.title_line.clone().expect("the line above the wrapped prose is the title");
        assert_eq!(
            text.chars().skip(title.start).take(title.end - title.start).collect::<String>(),
            "计划免疫实施方案"
        );
        let page = "公文高手,超级方便的公文写作神器! 立即了解\n迁建乡卫生院的申请报告\n\
                    可大乡是全县的一个边远落后乡,距离县城120公里,现有农村人口近2万人,人民群众看病难的问题十分突出。\n";
        let (text, c) = run(page);
        let title = c.title_line.clone().expect("a slogan is no prose");
        assert_eq!(
            text.chars().skip(title.start).take(title.end - title.start).collect::<String>(),
            "迁建乡卫生院的申请报告"
        );
    }

    #[test]
    fn a_table_of_contents_above_the_body_stays_readable() {
        let page = "网站首页>>范文\n目录\n一、工作完成情况\n(一)加强党建引领\n二、存在问题\n三、2023年工作计划\n(一)以党建为统领\n\
                    市卫健委2022年度工作总结\n2022年,市卫健委围绕市委、市政府决策部署,深入贯彻新发展理念,各项工作取得明显成效,群众满意度不断提升。\n";
        let (text, c) = run(page);
        let toc = c.contents.clone().expect("the numbered headings above the body are a table of contents");
        let shown: String = text.chars().skip(toc.start).take(toc.end - toc.start).collect();
        assert!(shown.starts_with("一、工作完成情况") && shown.ends_with("(一)以党建为统领"), "{shown}");
        assert!(!text.contains("网站首页"), "the chrome above it is still noise");
        assert!(toc.end <= c.body.start);
    }

    #[test]
    fn a_title_run_into_the_first_paragraph_is_the_title() {
        // a scraped page that lost its line breaks (set2/tune c06)
        let page = "民政局组织管理安排 民政工作,事关民计民生,一是需要钱来把民政工作做强,切实加大社会救助力度,全面构建社会保障网络。\n";
        let (text, c) = run(page);
        let t = c.title_line.expect("a title");
        assert_eq!(text.chars().skip(t.start).take(t.end - t.start).collect::<String>(), "民政局组织管理安排");
        let prose =
            "今年以来 我们紧紧围绕县委、县政府的决策部署,扎实推进各项工作,群众满意度不断提升,各项指标全面完成。\n";
        assert!(run(prose).1.title_line.is_none(), "words before a space that hold no genre word are no title");
        // a title line above the body run into its first heading (set 5 j08, after its score)
        let page = "下载本文档\n\n乡镇食品安全半年工作总结一、乡镇食品安全半年工作总结\n\n今年以来,我乡在县委、县政府的正确领导下,认真贯彻落实食品安全工作部署,扎实推进各项工作。\n";
        let (text, c) = run(page);
        let t = c.title_line.expect("a title");
        assert_eq!(text.chars().skip(t.start).take(t.end - t.start).collect::<String>(), "乡镇食品安全半年工作总结");
        // or before its first item (set 4 g07)
        let page = "民政局社会救助工作计划一是积极推进城乡新型社会救助体系建设,以建立健全城乡低保为重点。\n";
        let (text, c) = run(page);
        let t = c.title_line.expect("a title");
        assert_eq!(text.chars().skip(t.start).take(t.end - t.start).collect::<String>(), "民政局社会救助工作计划");
    }

    #[test]
    fn contents_the_body_was_found_inside_go_on_to_their_last_heading() {
        // the opening of a real page (set 3, f01): its body is found at a heading of the outline
        let page = "目录/提纲:……\n一、主要做法和成效\n(一)加强妇幼保健网络建设,保障母婴安全\n二、主要困难和问题\n\
                    (一)妇幼卫生财政补助政策尚未落实到位\n三、对策、措施与建议\n(一)充分认识妇幼卫生工作的公共卫生属性,明确政府职责,确保经费投入\n\
                    (二)齐抓共管,综合治理,探索流动人口妇幼保健工作的有效机制\n(五)深入开展健康教育,提高妇女儿童自我保健意识和利用卫生服务的能力\n……\n\
                    降低孕产妇和儿童死亡率,提高出生人口素质,是卫生部门实施妇女儿童发展规划的重点和难点问题。近年来,全市卫生系统认真贯彻落实母婴保健法,取得了明显成效。\n";
        let (text, c) = run(page);
        let toc = c.contents.clone().expect("a table of contents");
        let shown: String = text.chars().skip(toc.start).take(toc.end - toc.start).collect();
        assert!(shown.ends_with("利用卫生服务的能力"), "{shown} / body at {}", c.body.start);
    }

    #[test]
    fn numbered_lines_of_prose_are_no_table_of_contents() {
        let page = "一、全年完成投资3亿元。\n二、新建卫生院5所。\n三、培训人员200人。\n四、签约率达到40%。\n\
                    某县卫生局2022年工作总结\n2022年,县卫生局围绕县委、县政府决策部署,深入贯彻新发展理念,各项工作取得明显成效,群众满意度不断提升。\n";
        assert!(run(page).1.contents.is_none());
    }

    #[test]
    fn a_second_copy_of_the_report_is_not_body() {
        let para = |n: usize| {
            format!("第{n}段落的内容，全省经济社会发展取得新的成绩，各项事业全面进步，人民生活水平不断提高。")
        };
        let body: String = (1..=4).map(|n| para(n) + "\n").collect();
        let page = format!("某省政府工作报告\n{body}某省政府工作报告\n{body}");
        let (_, c) = run(&page);
        let copy_at = page.chars().count() - body.chars().count() - "某省政府工作报告\n".chars().count();
        assert_eq!(c.body.end, copy_at, "the body ends where its copy (title included) starts");
        // one repeated sentence is no copy
        let page = format!("标题\n{}{}{}{}", para(1) + "\n", para(2) + "\n", para(1) + "\n", para(3) + "\n");
        let (_, c) = run(&page);
        assert_eq!(c.body.end, page.chars().count());
    }

    #[test]
    fn the_first_heading_is_not_the_title() {
        let (_, c) = run("某区2022年工作总结\n\n一、工作情况\n截至6月底,全区居民电子健康档案建档率达到百分之九十二,比上年提高百分之三,高血压患者规范管理率为72.4%。\n");
        let t = c.title_line.expect("a title");
        assert_eq!(c.chars[t].iter().collect::<String>(), "某区2022年工作总结");
    }

    #[test]
    fn drops_download_box_and_keeps_the_title_nearest_the_body() {
        let page = "杭州市医改工作总结.docx\n\n上传人:b****5 文档编号:6837064 上传时间:2023-01-11 格式:DOCX 页数:4 大小:20.94KB\n下载 相关 举报\n杭州市医改工作总结\n\n2007年杭州市医改工作总结\n\n2007年,我市医改工作在市委、市政府的带领下,各部门通力协作,积极创新体制、机制,在社区卫生服务基础建设方面取得明显成效。\n展开阅读全文\n相关资源\ncopyright@ 2008-2022 冰豆网网站版权所有\n";
        let (out, c) = run(page);
        assert!(!out.contains("上传人"));
        assert!(!out.contains("copyright"));
        assert!(!out.contains("相关资源"));
        let title: String = c.title_line.clone().map(|r| c.chars[r].iter().collect()).unwrap();
        assert_eq!(title, "2007年杭州市医改工作总结");
        assert!(out.contains("2007年,我市医改工作"));
    }

    #[test]
    fn drops_the_prompts_of_a_document_sharing_site() {
        // lines of set 4 g06 and h02 (a 文库 upload notice, a member paywall)
        let page = "民政局工作计划\n今年要进一步提高城乡低保补助标准。\n1、本文档由用户上传,某文库整理发布,可阅读全部内容。\n网站客服QQ:40307\n全文共1310字,仅供站内会员学习参考\n新来的客人请【点此注册】加入会员\n未登陆用户请【登录网站】查阅文章\n";
        let (out, _) = run(page);
        assert!(out.contains("提高城乡低保补助标准"));
        for gone in ["本文档由用户上传", "客服", "站内会员", "点此注册", "登录网站"] {
            assert!(!out.contains(gone), "{gone} kept in {out}");
        }
    }

    #[test]
    fn blanks_glued_site_keywords() {
        let page = "全市卫生计生2018年上半年工作总 !计生工作总结 !结\n\n  2018年上半年,全市卫生计生工作坚持以新时代中国特色社会主义思想为指导,认真贯彻党的十九大精神。\n  二是全市紧缺的精神卫生中心急需建设,但是现在相关工作进展缓慢。计生工作总结\n";
        let (out, _) = run(page);
        assert!(out.contains("全市卫生计生2018年上半年工作总"));
        assert!(!out.contains("计生工作总结 !"));
        assert!(out.contains("进展缓慢。"));
        assert!(!out.contains("缓慢。计生工作总结"));
        assert_eq!(out.chars().count(), page.chars().count(), "offsets must not move");
    }

    #[test]
    fn related_articles_end_the_body() {
        let page = "区卫生体制改革工作情况报告\n\n  根据市政府办公室《关于对全市医药卫生体制改革进展情况进行督查的通知》精神,现将我区医药卫生体制改革工作情况报告如下。\n原创文章,作者:fanwen,如若转载,请注明出处:https://fanwen.hongwu.com/71816.html\n(0)\n相关推荐\n  年,我市民营经济工作在市委,市政府的正确领导下,以科学发展观为指导,认真贯彻和落实国家出台的各项宏观调控措施,着力深化改革。\n";
        let (out, c) = run(page);
        assert!(!out.contains("民营经济"));
        assert!(!out.contains("原创文章"));
        assert!(c.body.end < page.chars().count());
    }
}
