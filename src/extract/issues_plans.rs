//! Stage 7, issues and plans: the problems a report admits and the next steps it
//! announces, one item per 一是/(一)/1. item, with the full text of the item
//! (items can span paragraphs), its ordinal, the group heading it sits under
//! and, for issues, a category from data/issue_categories.toml.
//!
//! Only sections classified as problems, causes or plans contribute: a report
//! without such a section has no issues, whatever its achievements say.

use serde::Serialize;

use super::knowledge::Knowledge;
use super::outline::{is_modal_at, list_separator, Marker, Node, Outline, SectionKind};
use super::text::{count_cjk, trim};

#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub ordinal: u32,
    /// problems / causes for issues, plans for plans.
    pub kind: SectionKind,
    pub start: usize,
    pub end: usize,
    /// The heading of the group the item sits under (主要问题, 在医疗健康扶贫方面).
    pub group: Option<String>,
    /// The item's own lead phrase (up to its first full stop).
    pub heading: String,
    pub category: Option<String>,
}

#[derive(Debug, Default)]
pub struct Items {
    pub issues: Vec<Item>,
    pub plans: Vec<Item>,
}

fn wanted(kind: SectionKind) -> bool {
    matches!(kind, SectionKind::Problems | SectionKind::Causes | SectionKind::Plans)
}

struct Collector<'a> {
    kb: &'a Knowledge,
    chars: &'a [char],
    out: Items,
}

impl Collector<'_> {
    fn push(&mut self, kind: SectionKind, ordinal: u32, a: usize, b: usize, group: Option<String>, heading: String) {
        let (a, b) = trim(self.chars, a, b);
        let b = closing_etc(self.chars, a, b).unwrap_or(b);
        let resolve = if kind == SectionKind::Plans { None } else { self.resolve_start(a, b) };
        let b_shown = self.shown_end(a, resolve.unwrap_or(b));
        let (a, b_shown) = trim(self.chars, a, b_shown);
        if b_shown <= a || count_cjk(&self.chars[a..b_shown]) < 4 || self.is_notice_furniture(a, b_shown) {
            return;
        }
        self.store(Item { ordinal, kind, start: a, end: b_shown, group: group.clone(), heading, category: None });
        if kind == SectionKind::Plans {
            return;
        }
        // "…老年人体检率达不到要求。对此,建议该单位应…": the remedy after a problem is a next step
        if let Some(c) = resolve.filter(|&c| self.states_a_remedy(c, b)) {
            let ordinal = self.out.plans.len() as u32 + 1;
            self.push(SectionKind::Plans, ordinal, c, b, group, String::new());
        }
    }

    /// A line of the notice that forwards a plan: its addressees ("各市(区)人民政府,…:"), the
    /// forwarding sentence ("…已经市政府同意,现印发给你们"), the issuing office.
    fn is_notice_furniture(&self, a: usize, b: usize) -> bool {
        let r = &self.kb.sections;
        let text = &self.chars[a..b];
        let addressees = text.first() == Some(&'各') && text.last() == Some(&':');
        let office = b - a <= r.organ_line_max
            && !text.iter().any(|c| matches!(c, ',' | '。' | ';' | ':'))
            && r.organ_suffixes.suffix_at(self.chars, b).is_some();
        addressees || office || r.notice_phrases.find_in(self.chars, a, b).is_some()
    }

    /// Where a problem item turns to the report's resolve (对此,我们将…), if it does.
    fn resolve_start(&self, a: usize, b: usize) -> Option<usize> {
        let rules = &self.kb.sections;
        (a + 1..b).filter(|&i| matches!(self.chars[i - 1], '。' | '!' | '?')).find(|&s| {
            let s = skip_space(self.chars, s, b);
            rules.conclusion_starts.prefix_at(self.chars, s).is_some()
        })
    }

    /// Whether the resolve at `c` says what will be done (将, 要, 建议 … near its start).
    fn states_a_remedy(&self, c: usize, b: usize) -> bool {
        let rules = &self.kb.sections;
        let head = (c + rules.remedy_span).min(b);
        count_cjk(&self.chars[c..b]) >= 8 && rules.remedy_verbs.find_in(self.chars, c, head).is_some()
    }

    /// Where an item's shown text ends: a long item is shown by its heading and first
    /// sentences.
    fn shown_end(&self, a: usize, b: usize) -> usize {
        let rules = &self.kb.sections;
        let ends: Vec<usize> = (a..b).filter(|&i| matches!(self.chars[i], '。' | '!' | '?')).map(|i| i + 1).collect();
        let long = b - a > rules.item_whole_chars;
        match ends.iter().copied().filter(|&e| e < b).nth(rules.item_sentences.saturating_sub(1)) {
            Some(e) if long => e,
            _ => b,
        }
    }

    /// The clauses of a lead's passage as its items ("…困难和问题:A;B;C。" or "主要是:A。B。").
    fn clauses(&mut self, kind: SectionKind, a: usize, b: usize, group: Option<String>) {
        let mut ord = 0;
        let first = self.after_then(a, b);
        let mut s = first;
        for i in first..=b {
            if i == b || matches!(self.chars[i], '。' | ';' | '!' | '?') {
                let e = (i + 1).min(b);
                let t = skip_space(self.chars, s, e);
                if kind != SectionKind::Plans && self.kb.sections.conclusion_starts.prefix_at(self.chars, t).is_some() {
                    if self.states_a_remedy(t, b) {
                        let ordinal = self.out.plans.len() as u32 + 1;
                        self.push(SectionKind::Plans, ordinal, t, b, group, String::new());
                    }
                    return;
                }
                let before = self.out.issues.len() + self.out.plans.len();
                self.push(kind, ord + 1, s, e, group.clone(), String::new());
                if self.out.issues.len() + self.out.plans.len() > before {
                    ord += 1;
                }
                s = e;
            }
        }
    }
}

impl Collector<'_> {
    /// The items a lead lists inside itself ("还存在A、B、C等问题"; "存在如A,B,C等问题": a
    /// comma-joined list keeps its 、 inside items).
    fn listed(&mut self, kind: SectionKind, a: usize, b: usize, group: Option<String>) {
        self.listed_after(kind, 0, a, b, group);
    }

    /// The items of a listed lead, numbered after `ord`; how many.
    fn listed_after(&mut self, kind: SectionKind, mut ord: u32, a: usize, b: usize, group: Option<String>) -> u32 {
        let first = ord;
        let sep = list_separator(&self.chars[a..b]);
        let mut s = a;
        for i in a..=b {
            if i == b || self.chars[i] == sep {
                for (pa, pb) in clause_parts(self.chars, s, i, sep) {
                    ord += 1;
                    self.push_short(kind, ord, pa, pb, group.clone());
                }
                s = i + 1;
            }
        }
        ord - first
    }

    /// "…存在A、B等问题;相关部门要…;要加大…。": the ;-clauses after a listed admission
    /// that say what is to be done are plans, up to the sentence's end.
    fn directives_after_list(&mut self, list_end: usize, para_end: usize, group: Option<String>) {
        let chars = self.chars;
        let sentence_end = (list_end..para_end).find(|&i| matches!(chars[i], '。' | '!' | '?')).unwrap_or(para_end);
        let Some(semi) = (list_end..sentence_end).take(DIRECTIVE_AFTER_LIST).find(|&i| chars[i] == ';') else {
            return;
        };
        let ends = (semi + 1..sentence_end).filter(|&i| chars[i] == ';').chain([sentence_end]);
        let mut s = semi + 1;
        for e in ends {
            if self.is_directive_clause(s, e) {
                let ordinal = self.out.plans.len() as u32 + 1;
                self.push_short(SectionKind::Plans, ordinal, s, e, group.clone());
            }
            s = e + 1;
        }
    }

    /// A clause whose subject is told what to do: 要/必须… near its start (not 主要, 重要,
    /// 要求, nor a past 已要求).
    fn is_directive_clause(&self, a: usize, b: usize) -> bool {
        let words = &self.kb.sections.directive_words;
        let head = (a + DIRECTIVE_SUBJECT_MAX).min(b);
        (a..head).any(|i| words.prefix_at(self.chars, i).is_some() && is_modal_at(self.chars, a, i))
    }

    /// "我们也清醒地认识到,…,A还有不小差距,B还有不小差距。": a lead sentence that goes on to
    /// name its problems, clause by clause, each with a problem noun, holds them itself (two
    /// at least: one noun is the lead's own "存在不少困难和问题").
    fn problems_in_lead(&mut self, a: usize, b: usize, group: Option<String>) {
        let chars = self.chars;
        let l = &self.kb.sections.problem_leads;
        if b <= a || chars[b - 1] != '。' {
            return;
        }
        let Some((v, vn)) = l.verbs.find_in(chars, a, b) else { return };
        let Some(first) = (v + vn..b).find(|&i| chars[i] == ',') else { return };
        let ends: Vec<usize> = (first + 1..b).filter(|&i| matches!(chars[i], ',' | '。')).collect();
        let mut s = first + 1;
        let mut named = Vec::new();
        for e in ends {
            let solving = l.solving.find_in(chars, s, e).is_some();
            if l.nouns.find_in(chars, s, e).is_some() && !solving && !self.is_summary_clause(s, e) {
                // the last of them may close the list: "C等问题"
                let closing =
                    (s..e).rev().find(|&i| chars[i] == '等' && l.nouns.prefix_at(chars, i + 1) == Some(e - i - 1));
                named.push((s, closing.unwrap_or(e)));
            }
            s = e + 1;
        }
        if named.len() >= LEAD_CLAUSES_MIN {
            for (k, (s, e)) in named.into_iter().enumerate() {
                self.push_short(SectionKind::Problems, k as u32 + 1, s, e, group.clone());
            }
        }
    }

    /// "…仍存在不少困难和问题", "政府工作还有一些不足": the lead's own summary, a problem
    /// noun counted vaguely, names no problem.
    fn is_summary_clause(&self, a: usize, b: usize) -> bool {
        let l = &self.kb.sections.problem_leads;
        (a..b).any(|i| {
            l.vague_counts.prefix_at(self.chars, i).is_some_and(|n| {
                let j = if self.chars.get(i + n) == Some(&'的') { i + n + 1 } else { i + n };
                l.nouns.prefix_at(self.chars, j).is_some()
            })
        })
    }

    /// An item that may be as short as two words (村集体经济薄弱).
    fn push_short(&mut self, kind: SectionKind, ordinal: u32, a: usize, b: usize, group: Option<String>) {
        let (a, b) = trim(self.chars, a, b);
        if count_cjk(&self.chars[a..b]) < 3 {
            return;
        }
        self.store(Item { ordinal, kind, start: a, end: b, group, heading: String::new(), category: None });
    }

    fn store(&mut self, item: Item) {
        if item.kind == SectionKind::Plans {
            self.out.plans.push(item);
        } else {
            self.out.issues.push(item);
        }
    }

    /// "…这些问题有的是老问题,有的是新情况。主要是:A。B。": the items start after a 主要是
    /// that opens one of the passage's first sentences.
    fn after_then(&self, a: usize, b: usize) -> usize {
        let then = &self.kb.sections.problem_leads.then;
        let mut starts = vec![a];
        starts.extend((a..b).filter(|&i| matches!(self.chars[i], '。' | ';')).map(|i| i + 1).take(3));
        for s in starts {
            let s = skip_space(self.chars, s, b);
            if let Some(n) = then.prefix_at(self.chars, s) {
                let after = s + n;
                return if self.chars.get(after) == Some(&':') { after + 1 } else { after };
            }
        }
        a
    }
}

fn skip_space(chars: &[char], mut i: usize, end: usize) -> usize {
    while i < end && chars[i].is_whitespace() {
        i += 1;
    }
    i
}

pub fn issues_and_plans(kb: &Knowledge, chars: &[char], outline: &Outline) -> Items {
    let mut c = Collector { kb, chars, out: Items::default() };
    let nodes = &outline.nodes;
    for (id, n) in nodes.iter().enumerate() {
        if id == 0 || !wanted(n.kind) {
            continue;
        }
        let is_section_heading = n.own_kind.is_some() && n.marker != Marker::Inline && !n.admits_shortcoming;
        let has_items = outline.has_item_descendants(id);
        if n.marker.is_item() && !has_items && !is_section_heading {
            // a numbered item
            let group = n.parent.and_then(|p| {
                let pn = &nodes[p];
                (pn.marker.is_item() || pn.marker == Marker::Bare).then(|| pn.heading.clone()).filter(|h| !h.is_empty())
            });
            c.push(n.kind, n.ordinal, n.content_start, n.end, group, n.heading.clone());
        } else if !has_items && n.marker == Marker::Lead {
            let para_end = outline.paragraphs.iter().find(|p| p.0 <= n.start && n.start < p.1).map(|p| p.1);
            let group = Some(n.heading.clone()).filter(|h| !h.is_empty());
            let in_paragraph = para_end.is_some_and(|e| n.end <= e);
            if let Some((a, b)) = n.listed {
                c.listed(n.kind, a, b, group.clone());
                if n.kind == SectionKind::Problems {
                    c.directives_after_list(b, para_end.unwrap_or(n.end), group);
                }
            } else if in_paragraph {
                if n.kind == SectionKind::Problems {
                    c.problems_in_lead(n.start, n.content_start, group.clone());
                }
                c.clauses(n.kind, n.content_start, n.end, group);
            } else {
                paragraph_items(&mut c, outline, n, para_end.unwrap_or(n.content_start), group);
            }
        } else if !has_items && (is_section_heading || matches!(n.marker, Marker::ImplicitPlans | Marker::Group)) {
            // a section without numbered items: each paragraph after its heading is an item
            let heading_para_end =
                outline.paragraphs.iter().find(|p| p.0 <= n.start && n.start < p.1).map(|p| p.1).unwrap_or(n.start);
            let group = Some(n.heading.clone()).filter(|h| !h.is_empty());
            let mut ord = 0;
            if n.marker != Marker::ImplicitPlans && n.heading_end + 1 < heading_para_end {
                // "(三)存在的问题。目前仍…": the rest of the heading's paragraph
                ord += 1;
                c.push(n.kind, ord, n.heading_end + 1, heading_para_end, group.clone(), String::new());
            }
            let first_is_item = n.marker == Marker::ImplicitPlans;
            for &(a, b) in &outline.paragraphs {
                if a < n.start || b > n.end || (!first_is_item && a <= n.start) {
                    continue;
                }
                if let Some((la, lb)) = listed_problems(kb, chars, n.kind, a, b) {
                    // "…正视存在的问题。例如,A,B等。": the paragraph lists its problems
                    ord += c.listed_after(n.kind, ord, la, lb, group.clone());
                } else if let Some(e) = semicolon_list(chars, a, b) {
                    // "A;B;C。": a paragraph of targets or problems written as one list
                    ord += c.semicolon_items(n.kind, ord, a, e, group.clone());
                } else if n.marker == Marker::ImplicitPlans && opens_with_statement(chars, a, b) {
                    ord += c.sentence_items(n.kind, ord, a, b, group.clone());
                } else {
                    ord += 1;
                    c.push(n.kind, ord, a, b, group.clone(), String::new());
                }
            }
        }
    }
    let mut out = c.out;
    for it in &mut out.issues {
        let lead_end = chars[it.start..it.end].iter().position(|c| *c == '。').map(|p| it.start + p).unwrap_or(it.end);
        it.category = Some(kb.categories.classify(&chars[it.start..lead_end], &chars[it.start..it.end]));
    }
    out
}

/// The shortest part, in characters, that makes a 、-joined part of a comma list a clause of
/// its own (农业基础还不扎实、历史欠帐比较多): shorter parts are a noun phrase's members
/// (经费不足、人员短缺 stays one item when commas join the list).
const CLAUSE_PART_MIN: usize = 6;

/// Part `[a, b)` of a list joined by `sep`, split at 、 when it joins clauses in a comma list.
fn clause_parts(chars: &[char], a: usize, b: usize, sep: char) -> Vec<(usize, usize)> {
    let mut cuts = vec![a];
    cuts.extend((a..b).filter(|&i| chars[i] == '、').map(|i| i + 1));
    cuts.push(b + 1);
    let parts: Vec<(usize, usize)> = cuts.windows(2).map(|w| (w[0], w[1] - 1)).collect();
    if sep == ',' && parts.len() > 1 && parts.iter().all(|&(x, y)| y - x >= CLAUSE_PART_MIN) {
        parts
    } else {
        vec![(a, b)]
    }
}

/// The list a problems lead of paragraph `[a, b)` names (存在A、B等问题; …的问题。例如,A,B等。).
fn listed_problems(kb: &Knowledge, chars: &[char], kind: SectionKind, a: usize, b: usize) -> Option<(usize, usize)> {
    if kind != SectionKind::Problems {
        return None; // (checked first: plans sections are long, and a lead is looked for per paragraph)
    }
    let lead = crate::extract::outline::find_lead(kb, chars, a, b)?;
    lead.listed.filter(|_| lead.kind == SectionKind::Problems)
}

/// "…信息化水平低,等等,这些困难和问题,还需要…": where a list's closing 等等 sums up what
/// came before (the comma before it).
fn closing_etc(chars: &[char], a: usize, b: usize) -> Option<usize> {
    (a + 1..b.saturating_sub(1))
        .find(|&i| chars[i - 1] == ',' && chars[i] == '等' && chars[i + 1] == '等')
        .map(|i| i - 1)
}

/// The problem clauses a lead sentence must hold to be read as its own list.
const LEAD_CLAUSES_MIN: usize = 2;

/// How far after a listed admission its sentence may go on to directives (等问题;).
const DIRECTIVE_AFTER_LIST: usize = 6;
/// The longest subject before a directive word (镇党委、政府要…).
const DIRECTIVE_SUBJECT_MAX: usize = 10;

/// Clauses a paragraph must hold, split at semicolons, to be read as a list.
const SEMICOLON_LIST_MIN: usize = 3;

/// Where a paragraph's first sentence ends when it is a list of semicolon-separated clauses
/// ("A;B;C。"); the sentences after it in the paragraph are left out (in the excerpts they
/// comment on the list rather than add to it).
fn semicolon_list(chars: &[char], a: usize, b: usize) -> Option<usize> {
    let end = (a..b).find(|&i| matches!(chars[i], '。' | '!' | '?')).map_or(b, |i| i + 1);
    let clauses = chars[a..end].iter().filter(|&&c| c == ';').count() + 1;
    (clauses >= SEMICOLON_LIST_MIN).then_some(end)
}

impl Collector<'_> {
    /// Each span an item, numbered on from `ord`; how many were stored (a span too short
    /// to be an item is left out and numbers none).
    fn span_items(&mut self, kind: SectionKind, ord: u32, spans: &[(usize, usize)], group: Option<String>) -> u32 {
        let stored = |c: &Self| (c.out.issues.len() + c.out.plans.len()) as u32;
        let before = stored(self);
        for &(s, e) in spans {
            let n = stored(self) - before;
            self.push(kind, ord + n + 1, s, e, group.clone(), String::new());
        }
        stored(self) - before
    }

    /// Each clause of a semicolon list an item (without its ;).
    fn semicolon_items(&mut self, kind: SectionKind, ord: u32, a: usize, b: usize, group: Option<String>) -> u32 {
        let mut spans = Vec::new();
        let mut s = a;
        for i in (a..b).filter(|&i| self.chars[i] == ';').chain([b]) {
            spans.push((s, i));
            s = i + 1;
        }
        self.span_items(kind, ord, &spans, group)
    }

    /// Each sentence of `[a, b)` an item (with its full stop).
    fn sentence_items(&mut self, kind: SectionKind, ord: u32, a: usize, b: usize, group: Option<String>) -> u32 {
        let mut spans = Vec::new();
        let mut s = a;
        for i in (a..b).filter(|&i| matches!(self.chars[i], '。' | '!' | '?') || i + 1 == b) {
            spans.push((s, i + 1));
            s = i + 1;
        }
        self.span_items(kind, ord, &spans, group)
    }
}

/// The shortest first sentence read as a task of its own rather than a heading.
const STATEMENT_MIN: usize = 30;

/// "2023年,我省将加快健全…体系,推进…。加强…。": a paragraph of next steps, without a
/// heading of the plans, whose first sentence is a statement (long, with commas), not a
/// heading that the sentences after it explain ("加快发展现代农业。具体…"); each of its
/// sentences is a task when it has two or more. (Under a heading, the opening paragraphs of
/// a government's tasks, 今年是…之年。…, would fall apart into sentences.)
fn opens_with_statement(chars: &[char], a: usize, b: usize) -> bool {
    let stops: Vec<usize> = (a..b).filter(|&i| matches!(chars[i], '。' | '!' | '?')).collect();
    let Some(&first) = stops.first() else { return false };
    stops.len() >= 2 && first - a >= STATEMENT_MIN && chars[a..first].contains(&',')
}

/// The paragraphs after a passage's lead, each an item.
fn paragraph_items(c: &mut Collector, outline: &Outline, n: &Node, after: usize, group: Option<String>) {
    let mut ord = 0;
    for &(a, b) in &outline.paragraphs {
        if a < after || a < n.start || b > n.end {
            continue;
        }
        ord += 1;
        c.push(n.kind, ord, a, b, group.clone(), String::new());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{outline::outline, text::normalise};

    fn run(s: &str) -> (Vec<char>, Items) {
        let chars = normalise(s);
        let o = outline(Knowledge::embedded(), &chars, 0..chars.len());
        let items = issues_and_plans(Knowledge::embedded(), &chars, &o);
        (chars, items)
    }

    fn texts(chars: &[char], items: &[Item]) -> Vec<String> {
        items.iter().map(|i| chars[i.start..i.end].iter().collect()).collect()
    }

    #[test]
    fn a_headed_paragraph_that_lists_its_problems_gives_each_one() {
        // real sentences of the excerpts (a hospital's half-year summary; a district's report)
        let (chars, items) = run("四、存在的问题与改进措施\n尽管取得了一些成绩,但我们仍需正视存在的问题。例如,部分设备老化需要更新换代,某些服务环节还需进一步优化等。\n");
        assert_eq!(texts(&chars, &items.issues), ["部分设备老化需要更新换代", "某些服务环节还需进一步优化"]);
        // 、 splits a comma list where it joins clauses, not where it joins short nouns
        let (chars, items) = run(
            "客观地看,同先进县市相比都还存在一定的差距,诸如主导产业还不突出,农业基础还不扎实、历史欠帐比较多等。\n",
        );
        assert_eq!(texts(&chars, &items.issues), ["主导产业还不突出", "农业基础还不扎实", "历史欠帐比较多"]);
        let (chars, items) = run("但同时也存在如信息化建设进度迟缓,经费不足、人员短缺等问题。\n");
        assert_eq!(texts(&chars, &items.issues), ["信息化建设进度迟缓", "经费不足、人员短缺"]);
    }

    #[test]
    fn a_report_without_problems_has_no_issues() {
        let (_, items) =
            run("一、加快发展社区卫生服务\n一是健全服务网络。二是实施帮扶结对。\n二、加强监管\n一是加强价格监管。\n");
        assert!(items.issues.is_empty());
        assert!(items.plans.is_empty());
    }

    #[test]
    fn problems_and_causes_with_groups() {
        let (chars, items) = run("三、存在问题\n全省考核是主要抓手。\n(一)主要问题。一是财政投入和政策落实不足。二是卫生人才资源严重缺乏。\n(二)原因分析。一是县级层面重视程度不够。\n四、工作建议\n下来,全市工作将紧紧围绕意见。\n一是制定一份文件。加快出台方案。\n二是建设一批项目。\n");
        assert_eq!(
            texts(&chars, &items.issues),
            vec!["财政投入和政策落实不足。", "卫生人才资源严重缺乏。", "县级层面重视程度不够。"]
        );
        assert_eq!(items.issues[0].group.as_deref(), Some("主要问题"));
        assert_eq!(items.issues[2].kind, SectionKind::Causes);
        assert_eq!(items.issues[0].category.as_deref(), Some("财政投入"));
        assert_eq!(items.issues[1].category.as_deref(), Some("人才队伍"));
        assert_eq!(texts(&chars, &items.plans), vec!["制定一份文件。加快出台方案。", "建设一批项目。"]);
    }

    #[test]
    fn a_paragraph_of_semicolon_targets_gives_each_clause() {
        // a township's 预期目标 (set2/tune c07), with a comment after the list
        let (chars, items) = run("二、经济社会发展主要预期目标\n农民人均纯收入稳定增长8%;人口自然增长率控制在9.8‰以内;完成招商引资任务500万元;继续创建“平安乡镇”。经过全乡上下团结一心,各项水平进一步提高\n");
        assert_eq!(
            texts(&chars, &items.plans),
            vec![
                "农民人均纯收入稳定增长8%",
                "人口自然增长率控制在9.8‰以内",
                "完成招商引资任务500万元",
                "继续创建“平安乡镇”。"
            ]
        );
    }

    #[test]
    fn a_lead_that_lists_its_problems_gives_each_as_an_item() {
        // an excerpt's only problems passage (a 统计局 survey), then unrelated findings
        let (chars, items) = run("结果显示:满意度均在70%以上,但还存在乡村医疗保障不够健全、村集体经济薄弱、农村收入来源单一、民富村强发展受阻等问题。\n近年来,农村居民收入保持较快增长态势。\n");
        assert_eq!(
            texts(&chars, &items.issues),
            vec!["乡村医疗保障不够健全", "村集体经济薄弱", "农村收入来源单一", "民富村强发展受阻"]
        );
    }

    #[test]
    fn a_numbered_list_in_one_paragraph_and_a_lead_before_its_heading() {
        let (chars, items) = run("一、基本情况\n基金管理比较规范。但审计中也发现信息不准确、手续不够严谨等问题。\n二、审计中发现的主要问题\n1.结报信息库中部分医疗机构录入信息不准确。2.医保退保支付手续不够严谨。3.住院分解成多次住院。\n三、审计处理及整改情况\n已出具审计报告。\n");
        assert_eq!(
            texts(&chars, &items.issues),
            vec!["结报信息库中部分医疗机构录入信息不准确。", "医保退保支付手续不够严谨。", "住院分解成多次住院。"]
        );
    }

    #[test]
    fn a_list_of_shortcomings_without_its_heading_is_a_problems_list() {
        let (chars, items) = run("(二)管理体制不顺,阻碍农村卫生事业的发展。一是乡镇卫生院的管理体制不顺,机制不活。二是执法监督体系不健全。\n(三)投入少、技术水平低,医疗卫生机构生存困难。一是投入少。二是设备陈旧、落后。\n");
        assert_eq!(
            texts(&chars, &items.issues),
            vec!["乡镇卫生院的管理体制不顺,机制不活。", "执法监督体系不健全。", "设备陈旧、落后。"]
        );
        // the same list shape stating achievements stays out
        let (_, items) = run("(一)服务网络逐步健全。一是新建卫生院3所。二是改造村卫生室。\n(二)服务能力明显提升。一是引进人才。二是购置设备。\n");
        assert!(items.issues.is_empty());
    }

    #[test]
    fn a_numbered_item_continues_after_circled_sub_items_in_its_paragraph() {
        // a page that starts inside its problems part (1、 with causes ①② under it, then 2、)
        let (chars, items) = run("1、筹资水平有待进一步提高。究其原因:①农户参保具有逆向选择性。②缴费机制尚未建立。2、医疗费用补偿水平不高,补偿标准设置不够科学。较低投入难以满足需求。\n");
        let t = texts(&chars, &items.issues);
        assert_eq!(t.len(), 3);
        assert_eq!(t[2], "医疗费用补偿水平不高,补偿标准设置不够科学。较低投入难以满足需求。");
    }

    #[test]
    fn a_task_breakdown_is_read_as_a_plan() {
        let chars = normalise("25、加强村卫生室建设。政府重点加强对村医的技术支持。\n责任单位:市卫生局\n责任期限:2010年底前完成\n26、落实乡村医生补助政策。\n责任单位:市财政局\n");
        let mut o = outline(Knowledge::embedded(), &chars, 0..chars.len());
        assert!(o.is_task_list(Knowledge::embedded(), &chars));
        o.read_as_plan();
        let items = issues_and_plans(Knowledge::embedded(), &chars, &o);
        assert_eq!(items.plans.len(), 2);
        let (chars, _) = run("一、基本情况\n全年完成任务。\n");
        let o = outline(Knowledge::embedded(), &chars, 0..chars.len());
        assert!(!o.is_task_list(Knowledge::embedded(), &chars));
    }

    #[test]
    fn the_remedy_after_a_problem_is_a_next_step() {
        let (chars, items) = run("工作成效明显。但是我院还存在不少问题、不够之处:上下共管力度不够,部分村民的卫生意识淡薄。我院将继续把爱国卫生活动开展好,加大村民卫生意识宣传力度。\n");
        assert_eq!(texts(&chars, &items.issues), vec!["上下共管力度不够,部分村民的卫生意识淡薄。"]);
        assert_eq!(texts(&chars, &items.plans), vec!["我院将继续把爱国卫生活动开展好,加大村民卫生意识宣传力度。"]);
        // a closing that states no step is not one
        let (_, items) = run("但仍存在一些问题:人才匮乏;投入不足。各位代表,成绩来之不易。\n");
        assert!(items.plans.is_empty());
    }

    #[test]
    fn items_span_paragraphs_until_the_next_marker() {
        let (chars, items) = run("三、存在的问题\n一是人才匮乏。\n当前,人才队伍建设短板突出。\n二是信息化滞后。\n");
        assert_eq!(texts(&chars, &items.issues)[0], "人才匮乏。\n当前,人才队伍建设短板突出。");
    }

    #[test]
    fn a_quoted_list_of_existing_problems_and_the_directives_after_a_list() {
        // a news report of a survey: the problems quoted, joined by ; (their items keep 、)
        let (chars, items) = run("调研组针对存在的“人才总量不足;引进、稳定人才困难;人才流失严重”等问题,提出了意见。\n");
        assert_eq!(texts(&chars, &items.issues), vec!["人才总量不足", "引进、稳定人才困难", "人才流失严重"]);
        // a speech: the admission, then what each is to do
        let (chars, items) = run("他指出,基层机构存在业务用房不足、医疗人才缺乏等问题;相关部门要统一认识,做好规划;要加大保障力度;这是重要的一年。\n");
        assert_eq!(texts(&chars, &items.issues), vec!["业务用房不足", "医疗人才缺乏"]);
        assert_eq!(texts(&chars, &items.plans), vec!["相关部门要统一认识,做好规划", "要加大保障力度"]);
        let (_, items) = run("检查发现存在台账不全、记录缺失等问题;已要求其限期整改;主要原因是人员不足。\n");
        assert!(items.plans.is_empty(), "{:?}", items.plans);
        // a list of what an inspection found, then what was done about it (set 4 g04, g03)
        let (chars, items) = run("对于督查中发现的台账资料不完善、凭证收集不齐等问题当即提出整改要求。\n");
        assert_eq!(texts(&chars, &items.issues), vec!["台账资料不完善", "凭证收集不齐"]);
        let (chars, items) = run("督查组指出存在重点工程进展缓慢、流动人口管理滞后等八个方面问题。\n");
        assert_eq!(texts(&chars, &items.issues), vec!["重点工程进展缓慢", "流动人口管理滞后"]);
        // a problem solved before it is listed is no admission
        let (_, items) = run("我们着力解决了看病难、看病贵等问题。\n");
        assert!(items.issues.is_empty(), "{:?}", items.issues);
        // a clause that says a problem persists, after a turn (set 4 g02)
        let (chars, items) =
            run("我们做了许多工作,但就整体情况看,农村卫生技术人才短缺的问题依然十分突出。据调查,学历偏低。\n");
        assert_eq!(texts(&chars, &items.issues), vec!["农村卫生技术人才短缺的问题依然十分突出"]);
        let (_, items) = run("我们做了许多工作,群众看病难的问题依然突出,政府效能有待提高。\n");
        assert!(items.issues.is_empty(), "no turn, no lead: {:?}", items.issues);
        let (_, items) = run("但我们着力解决人才短缺的问题依然突出的状况。\n");
        assert!(items.issues.is_empty(), "{:?}", items.issues);
        // a closing 等等 sums the item up (set 4 g01)
        let (chars, items) =
            run("存在的问题:\n四是信息化建设滞后,资源不能共享,等等,这些困难和问题,还需要我们不断深化改革。\n");
        assert_eq!(texts(&chars, &items.issues), vec!["信息化建设滞后,资源不能共享"]);
        // 针对 a problem without saying it exists admits nothing
        let (_, items) = run("针对看病难、看病贵等问题,我们出台了政策。\n");
        assert!(items.issues.is_empty());
    }

    #[test]
    fn a_lead_sentence_that_names_its_problems_clause_by_clause() {
        let (chars, items) = run("同时,我们也清醒地认识到,当前正处于关键时期,总体发展水平与高质量发展的要求还有不小差距,基本公共服务水平与群众的期待还有差距。特别是,医疗资源总体不足。\n");
        assert_eq!(
            texts(&chars, &items.issues),
            vec![
                "总体发展水平与高质量发展的要求还有不小差距",
                "基本公共服务水平与群众的期待还有差距",
                "特别是,医疗资源总体不足。"
            ]
        );
        // the usual summary before a list names no problem
        let (_, items) = run("我们也清醒地认识到,我省发展仍存在不少困难和问题,政府工作还有一些不足。\n");
        assert!(items.issues.is_empty(), "{:?}", items.issues);
        // nor does a clause that solves one
        let (_, items) = run("我们也清醒地认识到,必须顶住下行压力,有效化解风险隐患,经济总量不大。\n");
        assert!(items.issues.is_empty(), "{:?}", items.issues);
    }

    #[test]
    fn a_paragraph_of_next_steps_that_opens_with_a_statement_gives_each_sentence() {
        // set 4 i08, a news report of a provincial meeting
        let (c, items) = run("会议总结过去5年工作。\n过去5年,全省民政平稳运行。\n2023年,我省将加快健全分层分类的社会救助体系,推进“扶残助困一件事”办理,提高主动发现、精准救助能力。加强村(居)民委员会规范化建设,夯实基层治理基础。做好基本社会服务,始终把群众期盼作为工作的出发点和落脚点。\n");
        assert_eq!(texts(&c, &items.plans).len(), 3, "{:?}", texts(&c, &items.plans));
        // a task headed by a short sentence stays one item
        let (c, items) = run("会议总结过去5年工作。\n过去5年,全省民政平稳运行。\n明年,我们将重点推进项目建设。具体是加快医院迁建,完成主体工程。年底前投入使用。\n");
        assert_eq!(texts(&c, &items.plans).len(), 1, "{:?}", texts(&c, &items.plans));
    }
}
