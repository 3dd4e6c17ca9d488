//! DOCX (Office Open XML): paragraphs in order, with Word's automatic numbering
//! rendered (it often carries the 一、/(一) markers the outline needs), and
//! tables written one row per line so their figures read like sentences:
//! "参合率：2017年95.1%，2018年97.2%。" for a table with years as columns.
//!
//! The archive is read with limits on every entry and on the total, so a ZIP
//! bomb is refused before it fills memory.

use std::collections::HashMap;
use std::io::Read;

use quick_xml::events::Event;
use quick_xml::Reader;

use crate::extract::input::{DecodeError, Limits};
use crate::extract::numerals::to_cn;

enum EvKind {
    Start,
    Other,
}

pub struct DocxText {
    pub text: String,
    pub title: Option<String>,
}

fn read_entry(
    zip: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>,
    name: &str,
    limits: &Limits,
    total: &mut u64,
) -> Result<Option<Vec<u8>>, DecodeError> {
    let mut f = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(DecodeError::Undecodable(format!("broken DOCX archive: {e}"))),
    };
    if f.encrypted() {
        return Err(DecodeError::Unsupported("an encrypted DOCX".into()));
    }
    // Declared sizes can lie: read at most one byte past the limit and check what came.
    let cap = limits.max_entry_bytes.min(limits.max_total_bytes.saturating_sub(*total));
    let mut buf = Vec::new();
    (&mut f)
        .take(cap + 1)
        .read_to_end(&mut buf)
        .map_err(|e| DecodeError::Undecodable(format!("broken DOCX entry {name}: {e}")))?;
    if buf.len() as u64 > cap {
        return Err(DecodeError::TooLarge(format!("the DOCX entry {name} expands past the limit of {cap} bytes")));
    }
    *total += buf.len() as u64;
    Ok(Some(buf))
}

/// numbering.xml: abstract numbering per numId, levels with their format and text.
#[derive(Default, Debug)]
struct Numbering {
    /// numId → abstractNumId
    nums: HashMap<String, String>,
    /// (abstractNumId, ilvl) → (numFmt, lvlText, start)
    levels: HashMap<(String, u32), (String, String, u32)>,
}

fn attr(e: &quick_xml::events::BytesStart, name: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name || a.key.local_name().as_ref() == name)
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

fn parse_numbering(xml: &[u8]) -> Numbering {
    let mut n = Numbering::default();
    let mut r = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut abs: Option<String> = None;
    let mut num: Option<String> = None;
    let mut lvl: Option<(u32, String, String, u32)> = None;
    loop {
        match r.read_event_into(&mut buf) {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => match e.local_name().as_ref() {
                b"abstractNum" => abs = attr(&e, b"abstractNumId"),
                b"num" => num = attr(&e, b"numId"),
                b"abstractNumId" => {
                    if let (Some(nid), Some(v)) = (&num, attr(&e, b"val")) {
                        n.nums.insert(nid.clone(), v);
                    }
                }
                b"lvl" => {
                    lvl = attr(&e, b"ilvl")
                        .and_then(|v| v.parse().ok())
                        .map(|i| (i, "decimal".to_string(), "%1.".to_string(), 1))
                }
                b"numFmt" => {
                    if let (Some(l), Some(v)) = (lvl.as_mut(), attr(&e, b"val")) {
                        l.1 = v;
                    }
                }
                b"lvlText" => {
                    if let (Some(l), Some(v)) = (lvl.as_mut(), attr(&e, b"val")) {
                        l.2 = v;
                    }
                }
                b"start" => {
                    if let (Some(l), Some(v)) = (lvl.as_mut(), attr(&e, b"val").and_then(|v| v.parse().ok())) {
                        l.3 = v;
                    }
                }
                _ => {}
            },
            Ok(Event::End(e)) => match e.local_name().as_ref() {
                b"lvl" => {
                    if let (Some(a), Some((i, f, t, s))) = (&abs, lvl.take()) {
                        n.levels.insert((a.clone(), i), (f, t, s));
                    }
                }
                b"abstractNum" => abs = None,
                b"num" => num = None,
                _ => {}
            },
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    n
}

fn format_number(fmt: &str, n: u32) -> String {
    match fmt {
        "chineseCounting"
        | "chineseCountingThousand"
        | "japaneseCounting"
        | "ideographTraditional"
        | "taiwaneseCounting"
        | "chineseLegalSimplified" => to_cn(u64::from(n)),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            char::from_u32(0x2460 + n - 1).unwrap().to_string()
        }
        "lowerLetter" => char::from(b'a' + ((n - 1) % 26) as u8).to_string(),
        "upperLetter" => char::from(b'A' + ((n - 1) % 26) as u8).to_string(),
        "bullet" | "none" => String::new(),
        _ => n.to_string(),
    }
}

/// Year column headers: 2017年 / 2017 / 2017年度.
fn header_year(s: &str) -> Option<String> {
    let t = s.trim().trim_end_matches('度').trim_end_matches('年');
    (t.len() == 4 && t.chars().all(|c| c.is_ascii_digit()) && (t.starts_with("19") || t.starts_with("20")))
        .then(|| format!("{t}年"))
}

/// A table as lines of text: each figure lands in a sentence naming its row
/// (and its year column), and the cell itself is the evidence offset.
/// "参合率(%)" → "%": a short parenthesised tail without digits is the row's unit.
fn unit_in_name(name: &str) -> String {
    let name = name.trim();
    let Some(inner) = name.strip_suffix(')').or_else(|| name.strip_suffix('）')) else { return String::new() };
    let Some(open) = inner.rfind(['(', '（']) else { return String::new() };
    let unit = inner[open..].trim_start_matches(['(', '（']).trim();
    if unit.is_empty() || unit.chars().count() > 4 || unit.chars().any(|c| c.is_ascii_digit()) {
        return String::new();
    }
    unit.to_string()
}

fn render_table(rows: &[Vec<String>], out: &mut String, char_len: &mut usize) {
    let header = rows.first().cloned().unwrap_or_default();
    let year_cols: Vec<Option<String>> = header.iter().map(|h| header_year(h)).collect();
    let years_across = year_cols.iter().filter(|y| y.is_some()).count() >= 1 && rows.len() > 1;
    let unit_col = header.iter().position(|h| h.trim() == "单位" || h.trim() == "计量单位");
    let push = |s: &str, out: &mut String, char_len: &mut usize| -> (usize, usize) {
        let start = *char_len;
        out.push_str(s);
        *char_len += s.chars().count();
        (start, *char_len)
    };
    for (ri, row) in rows.iter().enumerate() {
        let data_row = ri > 0 && (years_across || unit_col.is_some());
        if data_row && !row.is_empty() {
            // "参合率：2017年95.1%，2018年97.2%。" / "参合率：97.2%。"
            push(row[0].trim(), out, char_len);
            push("：", out, char_len);
            // the unit from a 单位 column, else from the row name: "参合率(%)", "筹资总额（万元）"
            let unit = unit_col
                .and_then(|u| row.get(u))
                .map(|u| u.trim().to_string())
                .unwrap_or_else(|| unit_in_name(&row[0]));
            let mut first = true;
            for (ci, cell) in row.iter().enumerate().skip(1) {
                if Some(ci) == unit_col || cell.trim().is_empty() {
                    continue;
                }
                if !first {
                    push("，", out, char_len);
                }
                first = false;
                if let Some(Some(y)) = year_cols.get(ci) {
                    push(y, out, char_len);
                }
                push(cell.trim(), out, char_len);
                if !unit.is_empty() && cell.trim().chars().last().is_some_and(|c| c.is_ascii_digit()) {
                    push(&unit, out, char_len);
                }
            }
            push("。\n", out, char_len);
        } else {
            for (ci, cell) in row.iter().enumerate() {
                if ci > 0 {
                    push("，", out, char_len);
                }
                push(cell.trim(), out, char_len);
            }
            push("\n", out, char_len);
        }
    }
}

pub fn read(bytes: &[u8], limits: &Limits) -> Result<DocxText, DecodeError> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| DecodeError::Undecodable(format!("not a readable ZIP/DOCX archive: {e}")))?;
    if zip.len() > 10_000 {
        return Err(DecodeError::TooLarge("the archive lists more than 10000 entries".into()));
    }
    let mut total = 0u64;
    let Some(doc) = read_entry(&mut zip, "word/document.xml", limits, &mut total)? else {
        return Err(DecodeError::Unsupported(
            "a ZIP archive that is not a DOCX (no word/document.xml); upload ZIPs of reports to POST /v1/batches"
                .into(),
        ));
    };
    let numbering = read_entry(&mut zip, "word/numbering.xml", limits, &mut total)?
        .map(|x| parse_numbering(&x))
        .unwrap_or_default();
    let title = read_entry(&mut zip, "docProps/core.xml", limits, &mut total)?.and_then(|x| core_title(&x));
    let out = read_document(&doc, &numbering, limits)?;
    Ok(DocxText { text: out, title })
}

/// The title docProps/core.xml gives, if any.
fn core_title(x: &[u8]) -> Option<String> {
    let s = String::from_utf8_lossy(x).into_owned();
    let a = s.find("<dc:title>")? + "<dc:title>".len();
    let b = s[a..].find("</dc:title>")? + a;
    let t = quick_xml::escape::unescape(&s[a..b]).ok()?.trim().to_string();
    (!t.is_empty()).then_some(t)
}

/// The text of word/document.xml: paragraphs with their numbering, tables as sentences.
fn read_document(doc: &[u8], numbering: &Numbering, limits: &Limits) -> Result<String, DecodeError> {
    let mut r = Reader::from_reader(doc);
    let mut buf = Vec::new();
    let mut d = DocumentText::new(numbering);
    loop {
        let ev = r.read_event_into(&mut buf).map_err(|e| DecodeError::Undecodable(format!("broken DOCX XML: {e}")))?;
        let ev_kind = if matches!(ev, Event::Start(_)) { EvKind::Start } else { EvKind::Other };
        match ev {
            Event::Start(e) | Event::Empty(e) => {
                let is_start = matches!(ev_kind, EvKind::Start);
                d.start_element(&e, is_start);
            }
            Event::Text(t) if d.in_text => {
                d.para.push_str(&t.unescape().map_err(|e| DecodeError::Undecodable(format!("broken DOCX text: {e}")))?);
            }
            Event::End(e) => match e.local_name().as_ref() {
                b"t" => d.in_text = false,
                b"p" => d.end_paragraph()?,
                b"tbl" => d.end_table(),
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
        if d.char_len > limits.max_chars {
            return Err(DecodeError::TooLarge(format!(
                "the DOCX holds more than {} characters of text",
                limits.max_chars
            )));
        }
    }
    Ok(d.out)
}

/// What reading document.xml keeps from one XML event to the next.
struct DocumentText<'a> {
    numbering: &'a Numbering,
    out: String,
    char_len: usize,
    para: String,
    in_text: bool,
    num: Option<(String, u32)>,
    counters: HashMap<(String, u32), u32>,
    // tables: a stack, since cells can hold tables
    table_rows: Vec<Vec<Vec<String>>>,
    paragraphs: usize,
}

impl<'a> DocumentText<'a> {
    fn new(numbering: &'a Numbering) -> Self {
        DocumentText {
            numbering,
            out: String::new(),
            char_len: 0usize,
            para: String::new(),
            in_text: false,
            num: None,
            counters: HashMap::new(),
            table_rows: Vec::new(),
            paragraphs: 0usize,
        }
    }

    /// An opening (or empty) element: paragraph, text run, break, numbering or table part.
    fn start_element(&mut self, e: &quick_xml::events::BytesStart, is_start: bool) {
        match e.local_name().as_ref() {
            b"p" => {
                self.para.clear();
                self.num = None;
            }
            b"t" => self.in_text = is_start,
            b"tab" => self.para.push(' '),
            b"br" | b"cr" => self.para.push('\n'),
            b"numId" => {
                if let Some(v) = attr(e, b"val") {
                    self.num = Some((v, self.num.as_ref().map(|n| n.1).unwrap_or(0)));
                }
            }
            b"ilvl" => {
                let l = attr(e, b"val").and_then(|v| v.parse().ok()).unwrap_or(0);
                self.num = Some((self.num.take().map(|n| n.0).unwrap_or_default(), l));
            }
            b"tbl" => self.table_rows.push(Vec::new()),
            b"tr" => {
                if let Some(t) = self.table_rows.last_mut() {
                    t.push(Vec::new());
                }
            }
            b"tc" => {
                if let Some(row) = self.table_rows.last_mut().and_then(|t| t.last_mut()) {
                    row.push(String::new());
                }
            }
            _ => {}
        }
    }

    /// A paragraph ends: its numbering marker and text go to the open table cell, or to the
    /// output when no table is open.
    fn end_paragraph(&mut self) -> Result<(), DecodeError> {
        self.paragraphs += 1;
        if self.paragraphs > 200_000 {
            return Err(DecodeError::TooLarge("the DOCX holds more than 200000 paragraphs".into()));
        }
        let mut line = String::new();
        if let Some((nid, ilvl)) = self.num.take().filter(|n| n.0 != "0" && !n.0.is_empty()) {
            if let Some(marker) = self.marker(&nid, ilvl) {
                line.push_str(&marker);
            }
        }
        line.push_str(&self.para);
        self.para.clear();
        if let Some(cell) = self.table_rows.last_mut().and_then(|t| t.last_mut()).and_then(|r| r.last_mut()) {
            if !cell.is_empty() {
                cell.push(' ');
            }
            cell.push_str(line.trim());
        } else if !line.trim().is_empty() {
            self.out.push_str(&line);
            self.out.push_str("\n\n");
            self.char_len += line.chars().count() + 2;
        }
        Ok(())
    }

    /// The automatic numbering marker of a paragraph at level `ilvl` of list `nid`, its
    /// counters advanced; None when numbering.xml does not define the level.
    fn marker(&mut self, nid: &str, ilvl: u32) -> Option<String> {
        let numbering = self.numbering;
        let counters = &mut self.counters;
        let abs = numbering.nums.get(nid)?;
        let (_, text, start) = numbering.levels.get(&(abs.clone(), ilvl))?;
        let c = counters.entry((abs.clone(), ilvl)).or_insert(start - 1);
        *c += 1;
        let value = *c;
        // a level restarts its sub-levels
        counters.retain(|(a, l), _| a != abs || *l <= ilvl);
        let mut marker = text.clone();
        for lv in 0..=ilvl {
            let n = if lv == ilvl { value } else { counters.get(&(abs.clone(), lv)).copied().unwrap_or(1) };
            let f = numbering.levels.get(&(abs.clone(), lv)).map(|l| l.0.as_str()).unwrap_or("decimal");
            marker = marker.replace(&format!("%{}", lv + 1), &format_number(f, n));
        }
        Some(marker)
    }

    /// A table ends: a nested one joins the outer cell, an outer one is written out.
    fn end_table(&mut self) {
        if let Some(rows) = self.table_rows.pop() {
            if let Some(outer) = self.table_rows.last_mut().and_then(|t| t.last_mut()).and_then(|r| r.last_mut()) {
                // a nested table: its text joins the outer cell
                outer.push_str(&rows.iter().map(|r| r.join(" ")).collect::<Vec<_>>().join(" "));
            } else {
                render_table(&rows, &mut self.out, &mut self.char_len);
                self.out.push('\n');
                self.char_len += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_read_like_sentences() {
        let rows = vec![
            vec!["指标".to_string(), "2017年".into(), "2018年".into()],
            vec!["参合率(%)".to_string(), "95.1%".into(), "97.2%".into()],
        ];
        let mut out = String::new();
        let mut n = 0;
        render_table(&rows, &mut out, &mut n);
        assert!(out.contains("参合率(%)：2017年95.1%，2018年97.2%。"), "{out}");
        assert_eq!(n, out.chars().count());
        // bare numbers take the unit the row name carries
        let rows = vec![vec!["指标".to_string(), "2017年".into()], vec!["筹资总额（万元）".to_string(), "1200".into()]];
        let mut out = String::new();
        render_table(&rows, &mut out, &mut n);
        assert!(out.contains("筹资总额（万元）：2017年1200万元。"), "{out}");
        assert_eq!(unit_in_name("参合率(%)"), "%");
        assert_eq!(unit_in_name("第(2)项"), "");
        assert_eq!(unit_in_name("参合率"), "");
    }

    #[test]
    fn numbering_formats() {
        assert_eq!(format_number("chineseCounting", 3), "三");
        assert_eq!(format_number("decimal", 12), "12");
        assert_eq!(format_number("decimalEnclosedCircle", 2), "②");
    }
}
