//! The extraction pipeline: pure code, no I/O.
//!
//! decode → clean → outline → metadata → quantities → indicators → issues/plans.
//! `extract` takes a document's bytes and returns everything the service stores;
//! every indicator, issue and plan carries character offsets into `text`.

pub mod clean;
pub mod decode;
pub mod encoding;
pub mod formats;
pub mod indicators;
pub mod input;
pub mod issues_plans;
pub mod knowledge;
pub mod metadata;
pub mod numerals;
pub mod outline;
pub mod quantities;
pub mod text;

use serde::{Deserialize, Serialize};

pub use decode::{DecodeError, Format, Limits};
pub use indicators::IndicatorKind;
pub use knowledge::Knowledge;
pub use outline::SectionKind;

use knowledge::RegionLevel;

/// Bumped whenever extraction output changes, so stored reports can be re-parsed
/// (`POST /v1/reparse?parser_version_below=N`). 2 (2026-12-01): shares in words
/// (百分之九十二), relative changes keyed to their measure, names without leading
/// actions and times (近10年), ages at a clause's end as values, more catalogue entries.
/// 3 (2026-12-01): reports read as the genre writes them (政府工作报告, lead-sentence problems
/// and plans passages, traditional script, delivery and review years), catalogue keys as
/// decisions with a reason (key_basis) and general indicators, suspect figures.
/// 6 (2026-12-02): plans and problems from a table of contents above a cut body, a
/// paragraph of semicolon clauses as a list, a title run into the first paragraph.
/// 7 (2026-12-03): problems and plans in prose (listed and quoted admissions, a lead that
/// names its problems clause by clause, requirements and next-step sentences as plans, a
/// notice's furniture left out), years of a comparison, a count or a span's start, a work
/// report delivered in December reviewing its own year, a count of years (连续11年) naming
/// none, closing notes (附注) out of the body.
/// 8 (2026-12-07): problems listed after their noun (…问题和不足,如A、B等), plans led by a
/// modal and a count (要把握好八个方面:) or a year's guiding line, measures under plans, lists
/// across paragraphs, quoted terms broken over lines, yearly averages of a span without a
/// single year, two catalogue refinements (医疗救助补助资金, members of a 医联体 list).
/// 9 (2026-12-08): plans opened by the year ahead (2024年全市将…), by 展望+year and by a plan's
/// opening (特制定以下工作计划); problems listed with commas after their noun, in the next
/// sentence (例如,…等) and in a headed paragraph; 有 after a concessive; a text wrapped at a
/// fixed width starts at its title; a collection's part number leaves the title.
pub const PARSER_VERSION: i32 = 9;

/// How much of a page's start metadata reads for page fields and the speaker's opening.
const HEADER_CHARS: usize = 3000;

/// Values an uploader states, which win over what extraction finds.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Overrides {
    pub title: Option<String>,
    /// A region name (杭州市) or GB/T 2260 code (330100).
    pub region: Option<String>,
    pub year: Option<i32>,
    pub doc_type: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RegionOut {
    pub name: String,
    pub code: Option<String>,
    pub level: Option<RegionLevel>,
    /// True when the text never names the region: it was inferred from place names.
    pub inferred: bool,
    pub basis: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PeriodOut {
    pub label: String,
    pub year: Option<i32>,
    pub start: Option<String>,
    pub end: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Meta {
    pub title: Option<String>,
    pub doc_type: Option<String>,
    pub region: Option<RegionOut>,
    pub year: Option<i32>,
    pub year_basis: Option<String>,
    pub period: Option<PeriodOut>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SourceInfo {
    pub format: String,
    pub encoding: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SectionOut {
    /// Position in `sections`.
    pub index: usize,
    pub parent: Option<usize>,
    /// chapter (一、), section ((一)), numbered (1.), paren_numbered ((1)), circled (①),
    /// inline (一是), bare (a heading line), group (a list that restarted), implicit_plans.
    pub marker: String,
    pub ordinal: u32,
    pub heading: String,
    /// achievements, measures, problems, causes, plans, other.
    pub kind: SectionKind,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Evidence {
    /// The sentence the item was read from.
    pub text: String,
    /// Character offsets of the value (or item) in the stored text.
    pub start: usize,
    pub end: usize,
    /// Character offsets of the sentence.
    pub sentence_start: usize,
    pub sentence_end: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IndicatorOut {
    pub name: String,
    pub indicator_key: Option<String>,
    /// Why the figure has its catalogue key: the words of its name that matched the entry.
    #[serde(default)]
    pub key_basis: Option<String>,
    /// Why the figure may be wrong (a share over 100 %, a year after the report's …); null when
    /// nothing stands out. Series leave suspect figures out unless asked.
    #[serde(default)]
    pub suspect: Option<String>,
    /// Null when the document redacts the number (x%, xx万元).
    pub value: Option<f64>,
    pub unit: String,
    pub kind: IndicatorKind,
    pub year: Option<i32>,
    pub year_basis: String,
    pub approximate: bool,
    pub redacted: bool,
    pub comparator: Option<String>,
    /// The quantity exactly as written.
    pub raw: String,
    pub section_kind: SectionKind,
    pub evidence: Evidence,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ItemOut {
    pub ordinal: u32,
    pub text: String,
    /// problems or causes (issues), plans (plans).
    pub kind: SectionKind,
    pub group: Option<String>,
    pub category: Option<String>,
    pub evidence: Span,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Extraction {
    pub parser_version: i32,
    pub meta: Meta,
    pub source: SourceInfo,
    /// The extracted text every offset points into.
    pub text: String,
    /// Where the report body is inside `text`; the rest is web-page noise.
    pub body: Span,
    pub noise: Vec<Span>,
    pub sections: Vec<SectionOut>,
    pub indicators: Vec<IndicatorOut>,
    pub issues: Vec<ItemOut>,
    pub plans: Vec<ItemOut>,
}

#[derive(Debug, Clone, thiserror::Error, PartialEq)]
pub enum ExtractError {
    #[error(transparent)]
    Decode(#[from] DecodeError),
    #[error("nothing report-like could be read: {0}")]
    NotAReport(String),
}

/// Text as shown to users: original characters, noise removed, lines trimmed.
fn display(original: &[char], cleaned: &[char], a: usize, b: usize) -> String {
    let mut s = String::with_capacity((b - a) * 3);
    for i in a..b.min(original.len()) {
        let o = original[i];
        if cleaned[i] == ' ' && !o.is_whitespace() {
            continue; // blanked as noise
        }
        s.push(o);
    }
    let lines: Vec<&str> =
        s.lines().map(|l| l.trim_matches(|c: char| c.is_whitespace())).filter(|l| !l.is_empty()).collect();
    lines.join("\n")
}

/// `cleaned`, a cleaned copy of `read` (characters only removed), in the characters of
/// `written`, of which `read` is the one-for-one reading.
fn as_written(cleaned: &str, read: &str, written: &str) -> String {
    let pairs: Vec<(char, char)> = read.chars().zip(written.chars()).collect();
    let mut out = String::with_capacity(cleaned.len());
    let mut k = 0;
    for c in cleaned.chars() {
        match pairs[k..].iter().position(|p| p.0 == c) {
            Some(d) => {
                out.push(pairs[k + d].1);
                k += d + 1;
            }
            None => return cleaned.to_string(), // not a subsequence: keep the reading
        }
    }
    out
}

/// Run the text stages over already decoded text.
pub fn extract_text(
    kb: &Knowledge,
    text: String,
    source: SourceInfo,
    title_hint: Option<String>,
    overrides: &Overrides,
) -> Result<Extraction, ExtractError> {
    let original: Vec<char> = text.chars().collect();
    // A traditional text is read through the one-for-one character table: offsets stay.
    let traditional = kb.script.is_traditional(&original);
    let reading = |c: char| text::normalise_char(if traditional { kb.script.simplified(c) } else { c });
    let cleaned = clean::clean(kb, original.iter().map(|&c| reading(c)).collect());
    let chars = &cleaned.chars;
    let body = cleaned.body.clone();
    if text::count_cjk(&chars[body.clone()]) < 10 {
        return Err(ExtractError::NotAReport("the text holds almost no Chinese prose".into()));
    }
    let mut outline = outline::outline(kb, chars, cleaned.outline_start()..body.end);

    // metadata
    let (md, after_title) = read_metadata(kb, &original, &cleaned, &outline, title_hint, overrides, &reading);
    read_as_genre(kb, chars, &md, &mut outline);

    // quantities and indicators (the title line is metadata, not data)
    let qbody = after_title.max(body.start)..body.end;
    let qs = quantities::quantities(kb, chars, qbody.clone());
    let inds = indicators::indicators(
        &indicators::Context {
            kb,
            chars,
            body: qbody,
            outline: &outline,
            report_year: md.year,
            title: md.title.as_deref().unwrap_or(""),
            work_report: md.doc_type.as_deref() == Some(metadata::GOVERNMENT_WORK_REPORT),
            delivered_late: md.year.is_some_and(|y| {
                let after: String = chars[after_title.min(chars.len())..].iter().take(80).collect();
                metadata::delivered_late_in(y, md.title.as_deref().unwrap_or(""), &after)
            }),
        },
        &qs,
    );
    let mut items = issues_plans::issues_and_plans(kb, chars, &outline);
    if let Some(contents) = cleaned.contents.clone().filter(|_| items.issues.is_empty() || items.plans.is_empty()) {
        // a page cut short may give its problems or plans only in the table of contents
        let mut toc = outline::outline(kb, chars, contents);
        read_as_genre(kb, chars, &md, &mut toc);
        let listed = issues_plans::issues_and_plans(kb, chars, &toc);
        if items.issues.is_empty() {
            items.issues = listed.issues;
        }
        if items.plans.is_empty() {
            items.plans = listed.plans;
        }
    }

    let indicators = indicators_out(&original, chars, &inds, &qs);
    let item_out = |it: &issues_plans::Item| ItemOut {
        ordinal: it.ordinal,
        text: display(&original, chars, it.start, it.end),
        kind: it.kind,
        group: it.group.clone(),
        category: it.category.clone(),
        evidence: Span { start: it.start, end: it.end },
    };
    let sections = sections_out(&outline);
    Ok(Extraction {
        parser_version: PARSER_VERSION,
        meta: meta_out(md),
        source,
        body: Span { start: body.start, end: body.end },
        noise: cleaned.noise.iter().map(|r| Span { start: r.start, end: r.end }).collect(),
        sections,
        indicators,
        issues: items.issues.iter().map(item_out).collect(),
        plans: items.plans.iter().map(item_out).collect(),
        text,
    })
}

/// A plan genre (工作计划, 要点 …) or a task breakdown is read as a plan throughout; a
/// government work report by its chapters.
fn read_as_genre(kb: &Knowledge, chars: &[char], md: &metadata::Metadata, outline: &mut outline::Outline) {
    let plan_genre = md.doc_type.as_ref().is_some_and(|g| kb.meta.plan_genres.contains(g));
    if plan_genre || (md.doc_type.is_none() && outline.is_task_list(kb, chars)) {
        outline.read_as_plan();
    } else if md.doc_type.as_deref() == Some(metadata::GOVERNMENT_WORK_REPORT) {
        outline.read_as_work_report();
    }
}

/// The metadata of a cleaned text, the uploader's values applied, and where the text after
/// the title line starts.
fn read_metadata(
    kb: &Knowledge,
    original: &[char],
    cleaned: &clean::Cleaned,
    outline: &outline::Outline,
    title_hint: Option<String>,
    overrides: &Overrides,
    reading: &dyn Fn(char) -> char,
) -> (metadata::Metadata, usize) {
    let chars = &cleaned.chars;
    let body = &cleaned.body;
    // metadata reads the title as the parser reads the text; users see the document's characters
    let title_as_written = cleaned.title_line.clone().map(|r| display(original, chars, r.start, r.end)).or(title_hint);
    let title = title_as_written.as_ref().map(|t| t.chars().map(reading).collect::<String>());
    let after_title = cleaned.title_line.as_ref().map(|r| r.end).unwrap_or(body.start);
    let opening = outline
        .paragraphs
        .iter()
        .find(|p| p.0 >= after_title)
        .map(|p| chars[p.0..p.1].iter().collect::<String>())
        .unwrap_or_default();
    let body_text: String = chars[body.clone()].iter().collect();
    let header: String = original.iter().take(HEADER_CHARS).map(|&c| reading(c)).collect();
    let mut md = metadata::metadata(
        kb,
        metadata::MetaInput {
            title: title.clone(),
            opening: &opening,
            body: &body_text,
            reported_text: &body_text,
            header: &header,
        },
    );
    md.title =
        md.title.map(|t| as_written(&t, title.as_deref().unwrap_or(""), title_as_written.as_deref().unwrap_or("")));
    apply_overrides(kb, &mut md, overrides);
    (md, after_title)
}

/// Indicators as stored, each with the text of its sentence.
fn indicators_out(
    original: &[char],
    chars: &[char],
    inds: &[indicators::Indicator],
    qs: &[quantities::Quantity],
) -> Vec<IndicatorOut> {
    // indicators of one sentence share its evidence text
    let mut sentence_text: std::collections::HashMap<(usize, usize), String> = std::collections::HashMap::new();
    inds.iter()
        .map(|ind| {
            let q = &qs[ind.quantity];
            IndicatorOut {
                name: ind.name.clone(),
                indicator_key: ind.indicator_key.clone(),
                key_basis: ind.key_basis.clone(),
                suspect: ind.suspect.clone(),
                value: ind.value,
                unit: ind.unit.clone(),
                kind: ind.kind,
                year: ind.year,
                year_basis: ind.year_basis.into(),
                approximate: ind.approximate,
                redacted: q.redacted,
                comparator: ind.comparator.clone(),
                raw: original[q.start..q.end].iter().collect(),
                section_kind: ind.section_kind,
                evidence: Evidence {
                    text: sentence_text
                        .entry(ind.evidence)
                        .or_insert_with(|| display(original, chars, ind.evidence.0, ind.evidence.1))
                        .clone(),
                    start: q.start,
                    end: q.end,
                    sentence_start: ind.evidence.0,
                    sentence_end: ind.evidence.1,
                },
            }
        })
        .collect()
}

/// The outline's sections as stored: the root left out, indices shifted down by one.
fn sections_out(outline: &outline::Outline) -> Vec<SectionOut> {
    outline
        .nodes
        .iter()
        .enumerate()
        .skip(1)
        .map(|(i, n)| SectionOut {
            index: i - 1,
            parent: n.parent.filter(|p| *p > 0).map(|p| p - 1),
            marker: n.marker.as_str().into(),
            ordinal: n.ordinal,
            heading: n.heading.clone(),
            kind: n.kind,
            start: n.start,
            end: n.end,
        })
        .collect()
}

/// The metadata as stored.
fn meta_out(md: metadata::Metadata) -> Meta {
    Meta {
        title: md.title,
        doc_type: md.doc_type,
        region: md.region.map(|r| RegionOut {
            level: (!r.code.is_empty()).then_some(r.level),
            code: Some(r.code).filter(|c| !c.is_empty()),
            name: r.name,
            inferred: r.inferred,
            basis: r.basis,
        }),
        year: md.year,
        year_basis: md.year_basis,
        period: md.period.map(|p| PeriodOut { label: p.label, year: p.year, start: p.start, end: p.end }),
    }
}

fn apply_overrides(kb: &Knowledge, md: &mut metadata::Metadata, o: &Overrides) {
    if let Some(t) = o.title.as_ref().filter(|t| !t.trim().is_empty()) {
        md.title = Some(t.trim().to_string());
        if o.doc_type.is_none() {
            md.doc_type = metadata::doc_type(kb, t).or(md.doc_type.take());
        }
    }
    if let Some(d) = o.doc_type.as_ref().filter(|d| !d.trim().is_empty()) {
        md.doc_type = Some(d.trim().to_string());
    }
    if let Some(r) = o.region.as_ref().filter(|r| !r.trim().is_empty()) {
        let gz = &kb.gazetteer;
        md.region = Some(match gz.lookup(r) {
            Some(i) => metadata::RegionGuess {
                name: gz.regions[i].name.clone(),
                code: gz.regions[i].code.clone(),
                level: gz.regions[i].level,
                inferred: false,
                basis: "given at upload".into(),
            },
            None => metadata::RegionGuess {
                name: r.trim().to_string(),
                code: String::new(),
                level: RegionLevel::County,
                inferred: false,
                basis: "given at upload (not in the gazetteer)".into(),
            },
        });
    }
    if let Some(y) = o.year {
        if md.year != Some(y) {
            md.year = Some(y);
            md.year_basis = Some("given at upload".into());
            md.period = Some(metadata::Period {
                label: format!("{y}年"),
                year: Some(y),
                start: Some(format!("{y:04}-01-01")),
                end: Some(format!("{y:04}-12-31")),
            });
        }
    }
}

/// Decode a document and extract everything from it.
pub fn extract(
    kb: &Knowledge,
    bytes: &[u8],
    filename: Option<&str>,
    content_type: Option<&str>,
    overrides: &Overrides,
    limits: &Limits,
) -> Result<Extraction, ExtractError> {
    let d = decode::decode(bytes, filename, content_type, limits)?;
    let source = SourceInfo { format: d.format.as_str().into(), encoding: d.encoding.clone() };
    extract_text(kb, d.text, source, d.title_hint, overrides)
}
