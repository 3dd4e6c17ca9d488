//! Stage 3, outline: the heading tree of a report.
//!
//! Chinese reports number their parts 一、 > (一) > 1. > (1) > ①, and list items
//! inside paragraphs with 一是 … 二是 … (or 一要 …). Each marker opens a node;
//! a marker closes every open node of its own or a lower rank. A list that
//! restarts at (一) after (七) is a new group (its heading was lost when the page
//! was scraped); a restarted 一是 inside an item is a nested list.
//!
//! Sections are classified from their headings (data/sections.toml); a restarted
//! group without a heading is a problems section when most of its items use
//! shortcoming language, and a paragraph such as "下半年,我们将…" opens the
//! next-steps part of a report that has no heading for it.

use serde::Serialize;

use super::knowledge::Knowledge;
use super::numerals::{cn_digit, cn_unit, parse_ordinal};
use super::text::{is_space, slice, trim};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    Achievements,
    Measures,
    Problems,
    Causes,
    Plans,
    Other,
}

impl SectionKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            SectionKind::Achievements => "achievements",
            SectionKind::Measures => "measures",
            SectionKind::Problems => "problems",
            SectionKind::Causes => "causes",
            SectionKind::Plans => "plans",
            SectionKind::Other => "other",
        }
    }
    fn from_name(s: &str) -> SectionKind {
        match s {
            "achievements" => SectionKind::Achievements,
            "measures" => SectionKind::Measures,
            "problems" => SectionKind::Problems,
            "causes" => SectionKind::Causes,
            "plans" => SectionKind::Plans,
            _ => SectionKind::Other,
        }
    }
}

/// What opened a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Marker {
    /// The whole report.
    Root,
    /// 一、
    Chapter,
    /// A short heading line with no number (存在的问题).
    Bare,
    /// (一)
    Section,
    /// 1、 1.
    Numbered,
    /// (1)
    ParenNumbered,
    /// ①
    Circled,
    /// 一是 / 一要 inside a paragraph.
    Inline,
    /// A list that restarted numbering: its own heading was lost.
    Group,
    /// The next-steps part opened by "下半年,我们将…".
    ImplicitPlans,
}

impl Marker {
    pub fn as_str(self) -> &'static str {
        match self {
            Marker::Root => "root",
            Marker::Chapter => "chapter",
            Marker::Bare => "bare",
            Marker::Section => "section",
            Marker::Numbered => "numbered",
            Marker::ParenNumbered => "paren_numbered",
            Marker::Circled => "circled",
            Marker::Inline => "inline",
            Marker::Group => "group",
            Marker::ImplicitPlans => "implicit_plans",
        }
    }

    fn rank(self) -> u8 {
        match self {
            Marker::Root => 0,
            Marker::ImplicitPlans => 5,
            Marker::Chapter | Marker::Bare => 10,
            Marker::Section => 20,
            Marker::Numbered => 30,
            Marker::ParenNumbered => 40,
            Marker::Circled => 50,
            Marker::Inline => 60,
            Marker::Group => 0, // set per group, see `group_rank`
        }
    }
    /// Markers that number list items (a Group or ImplicitPlans is not one).
    pub fn is_item(self) -> bool {
        matches!(
            self,
            Marker::Chapter
                | Marker::Section
                | Marker::Numbered
                | Marker::ParenNumbered
                | Marker::Circled
                | Marker::Inline
        )
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Node {
    pub marker: Marker,
    #[serde(skip)]
    rank: u8,
    pub ordinal: u32,
    /// Where the marker starts.
    pub start: usize,
    /// Where the text after the marker starts.
    pub content_start: usize,
    pub end: usize,
    /// The heading: text after the marker up to the first full stop or colon.
    pub heading: String,
    pub heading_end: usize,
    /// Kind from this node's own heading (None: inherits).
    pub own_kind: Option<SectionKind>,
    /// Kind after inheritance.
    pub kind: SectionKind,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct Outline {
    pub nodes: Vec<Node>,
    pub paragraphs: Vec<(usize, usize)>,
}

struct Event {
    pos: usize,
    marker: Marker,
    ordinal: u32,
    content_start: usize,
    paragraph: usize,
    /// A paragraph without any marker.
    text_only: bool,
}

fn numeral_run(chars: &[char], at: usize, max: usize) -> usize {
    let mut j = at;
    while j < chars.len() && j - at < max && (cn_digit(chars[j]).is_some() || cn_unit(chars[j]) == Some(10)) {
        j += 1;
    }
    j - at
}

/// Whether a line opens with a list or heading marker (一、, (一), 1., 一是 …).
pub fn starts_with_marker(chars: &[char], start: usize, end: usize) -> bool {
    paragraph_marker(chars, start, end).is_some()
}

/// A paragraph-level marker at `at`: (marker, ordinal, chars consumed).
fn paragraph_marker(chars: &[char], at: usize, end: usize) -> Option<(Marker, u32, usize)> {
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
        let mut j = at + 1;
        while j < end && j - at <= 2 && chars[j].is_ascii_digit() {
            j += 1;
        }
        if j > at + 1 && c(j) == ')' {
            let o: u32 = slice(chars, at + 1, j).parse().ok()?;
            return Some((Marker::ParenNumbered, o, j + 1 - at));
        }
    }
    // 1、 / 1. / 1 、 (not 1.5 and not a year)
    let mut j = at;
    while j < end && j - at < 2 && chars[j].is_ascii_digit() {
        j += 1;
    }
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

/// Inline list markers (一是, 二要 …) after a sentence boundary inside a paragraph.
fn inline_markers(chars: &[char], start: usize, end: usize, skip_until: usize) -> Vec<(usize, u32, usize)> {
    let mut out = Vec::new();
    let mut i = skip_until.max(start);
    while i < end {
        // the numeral first: the look back over blanks is long inside blanked noise
        let boundary = || {
            let mut k = i;
            while k > start && chars[k - 1] == ' ' {
                k -= 1;
            }
            k == start || matches!(chars[k - 1], '。' | ';' | ':' | '!' | '?')
        };
        if (cn_digit(chars[i]).is_some() || chars[i] == '十') && boundary() {
            let n = numeral_run(chars, i, 3);
            if n > 0 && i + n < end && matches!(chars[i + n], '是' | '要') {
                if let Some(o) = parse_ordinal(&chars[i..i + n]) {
                    out.push((i, o, n + 1));
                    i += n + 1;
                    continue;
                }
            }
        }
        i += 1;
    }
    out
}

fn heading_of(chars: &[char], from: usize, para_end: usize) -> (String, usize) {
    let mut e = from;
    while e < para_end && !matches!(chars[e], '。' | ':' | '!' | '?' | ';') {
        e += 1;
    }
    let (a, b) = trim(chars, from, e);
    let cap = (a + 60).min(b);
    (slice(chars, a, cap), b)
}

fn classify_heading(kb: &Knowledge, heading: &str) -> Option<SectionKind> {
    let h: Vec<char> = heading.chars().collect();
    for (kind, words) in &kb.sections.kinds {
        if words.contained_in(&h) {
            return Some(SectionKind::from_name(kind));
        }
    }
    None
}

pub fn outline(kb: &Knowledge, chars: &[char], body: std::ops::Range<usize>) -> Outline {
    // Paragraphs: non-blank lines of the body.
    let mut paragraphs = Vec::new();
    let mut s = body.start;
    for i in body.start..=body.end.min(chars.len()) {
        if i == body.end.min(chars.len()) || chars[i] == '\n' {
            let (a, b) = trim(chars, s, i);
            if b > a {
                paragraphs.push((a, b));
            }
            s = i + 1;
        }
    }

    // Events in text order.
    let mut events: Vec<Event> = Vec::new();
    for (p, &(a, b)) in paragraphs.iter().enumerate() {
        let mut after = a;
        if let Some((m, o, len)) = paragraph_marker(chars, a, b) {
            events.push(Event {
                pos: a,
                marker: m,
                ordinal: o,
                content_start: a + len,
                paragraph: p,
                text_only: false,
            });
            after = a + len;
        }
        let inl = inline_markers(chars, a, b, after);
        let had_marker = after > a || !inl.is_empty();
        for (pos, o, len) in inl {
            events.push(Event {
                pos,
                marker: Marker::Inline,
                ordinal: o,
                content_start: pos + len,
                paragraph: p,
                text_only: false,
            });
        }
        if !had_marker {
            events.push(Event {
                pos: a,
                marker: Marker::Bare,
                ordinal: 0,
                content_start: a,
                paragraph: p,
                text_only: true,
            });
        }
    }

    let root = Node {
        marker: Marker::Root,
        rank: 0,
        ordinal: 0,
        start: body.start,
        content_start: body.start,
        end: body.end,
        heading: String::new(),
        heading_end: body.start,
        own_kind: Some(SectionKind::Other),
        kind: SectionKind::Other,
        parent: None,
        children: vec![],
    };
    let mut nodes = vec![root];
    let mut stack: Vec<usize> = vec![0];
    let n_par = paragraphs.len().max(1);
    let mut seen_problems = false;

    fn close(nodes: &mut [Node], stack: &mut Vec<usize>, upto_rank: u8, at: usize) {
        while stack.len() > 1 && nodes[*stack.last().unwrap()].rank >= upto_rank {
            let n = stack.pop().unwrap();
            nodes[n].end = at;
        }
    }
    fn push(nodes: &mut Vec<Node>, stack: &mut Vec<usize>, mut node: Node) -> usize {
        let parent = *stack.last().unwrap();
        node.parent = Some(parent);
        let id = nodes.len();
        nodes.push(node);
        nodes[parent].children.push(id);
        stack.push(id);
        id
    }
    let effective = |nodes: &Vec<Node>, mut i: usize| -> SectionKind {
        loop {
            if let Some(k) = nodes[i].own_kind {
                return k;
            }
            match nodes[i].parent {
                Some(p) => i = p,
                None => return SectionKind::Other,
            }
        }
    };

    for ev in &events {
        let (pa, pb) = paragraphs[ev.paragraph];
        if ev.text_only {
            let top = *stack.last().unwrap();
            let in_plans = effective(&nodes, top) == SectionKind::Plans;
            let late = ev.paragraph * 10 >= n_par * 6;
            // the paragraph's text is built only when it could open the plans
            if !in_plans && (seen_problems || late) && kb.sections.plan_starters.is_match(&slice(chars, pa, pb)) {
                close(&mut nodes, &mut stack, Marker::ImplicitPlans.rank(), pa);
                push(
                    &mut nodes,
                    &mut stack,
                    Node {
                        marker: Marker::ImplicitPlans,
                        rank: Marker::ImplicitPlans.rank(),
                        ordinal: 0,
                        start: pa,
                        content_start: pa,
                        end: body.end,
                        heading: String::new(),
                        heading_end: pa,
                        own_kind: Some(SectionKind::Plans),
                        kind: SectionKind::Plans,
                        parent: None,
                        children: vec![],
                    },
                );
                continue;
            }
            let n_chars = chars[pa..pb].iter().filter(|c| !is_space(**c)).count();
            if n_chars <= kb.sections.max_bare_heading
                && !chars[pa..pb].contains(&'。')
                && !chars[pa..pb].contains(&',')
            {
                let text = slice(chars, pa, pb);
                if let Some(kind) = classify_heading(kb, &text) {
                    close(&mut nodes, &mut stack, Marker::Bare.rank(), pa);
                    if kind == SectionKind::Problems || kind == SectionKind::Causes {
                        seen_problems = true;
                    }
                    push(
                        &mut nodes,
                        &mut stack,
                        Node {
                            marker: Marker::Bare,
                            rank: Marker::Bare.rank(),
                            ordinal: 0,
                            start: pa,
                            content_start: pa,
                            end: body.end,
                            heading: text.trim().to_string(),
                            heading_end: pb,
                            own_kind: Some(kind),
                            kind,
                            parent: None,
                            children: vec![],
                        },
                    );
                }
            }
            continue; // otherwise: a continuation paragraph of the open node
        }

        let rank = ev.marker.rank();
        let (heading, heading_end) = heading_of(chars, ev.content_start, pb);
        let own_kind = if ev.marker == Marker::Inline { None } else { classify_heading(kb, &heading) };
        let node = Node {
            marker: ev.marker,
            rank,
            ordinal: ev.ordinal,
            start: ev.pos,
            content_start: ev.content_start,
            end: body.end,
            heading,
            heading_end,
            own_kind,
            kind: SectionKind::Other,
            parent: None,
            children: vec![],
        };
        if matches!(own_kind, Some(SectionKind::Problems | SectionKind::Causes)) {
            seen_problems = true;
        }

        if ev.marker == Marker::Inline {
            let top = *stack.last().unwrap();
            if nodes[top].marker == Marker::Inline {
                // the innermost open list this item continues
                let mut found = None;
                for (depth, &id) in stack.iter().enumerate().rev() {
                    if nodes[id].marker != Marker::Inline {
                        break;
                    }
                    if nodes[id].ordinal + 1 == ev.ordinal {
                        found = Some(depth);
                        break;
                    }
                }
                match found {
                    Some(depth) => {
                        while stack.len() > depth {
                            let n = stack.pop().unwrap();
                            nodes[n].end = ev.pos;
                        }
                    }
                    None if ev.ordinal == 1 => {} // a nested list inside the open item
                    None => {
                        let n = stack.pop().unwrap();
                        nodes[n].end = ev.pos;
                    }
                }
            }
            push(&mut nodes, &mut stack, node);
            continue;
        }

        close(&mut nodes, &mut stack, rank, ev.pos);
        let parent = *stack.last().unwrap();
        // A list restarting at 1 under the same parent: the heading of a new group was lost.
        let earlier = nodes[parent].children.iter().rev().find(|&&c| nodes[c].marker == ev.marker).copied();
        let group_rank = rank - 5;
        let restart = ev.ordinal == 1 && earlier.is_some_and(|e| nodes[e].ordinal >= 1);
        let in_group = nodes[parent].marker == Marker::Group && nodes[parent].rank == group_rank;
        if restart || (in_group && ev.ordinal == 1 && earlier.is_some()) {
            if in_group {
                let n = stack.pop().unwrap();
                nodes[n].end = ev.pos;
            }
            push(
                &mut nodes,
                &mut stack,
                Node {
                    marker: Marker::Group,
                    rank: group_rank,
                    ordinal: 0,
                    start: ev.pos,
                    content_start: ev.pos,
                    end: body.end,
                    heading: String::new(),
                    heading_end: ev.pos,
                    own_kind: None,
                    kind: SectionKind::Other,
                    parent: None,
                    children: vec![],
                },
            );
        }
        push(&mut nodes, &mut stack, node);
    }
    close(&mut nodes, &mut stack, 1, body.end);

    // A restarted group whose items mostly admit shortcomings is a problems section.
    for g in 0..nodes.len() {
        if nodes[g].marker != Marker::Group || nodes[g].own_kind.is_some() {
            continue;
        }
        let items: Vec<usize> = nodes[g].children.clone();
        if items.is_empty() {
            continue;
        }
        let with_terms = items
            .iter()
            .filter(|&&c| {
                kb.sections
                    .shortcoming_terms
                    .contained_in(&chars[nodes[c].content_start..nodes[c].end.min(chars.len())])
            })
            .count();
        if with_terms as f64 >= kb.sections.shortcoming_share * items.len() as f64 {
            nodes[g].own_kind = Some(SectionKind::Problems);
        }
    }

    for i in 0..nodes.len() {
        nodes[i].kind = effective(&nodes, i);
    }
    Outline { nodes, paragraphs }
}

impl Outline {
    /// Marker nodes below `n` that are list items without item children: the
    /// things a reader would number as issues or plans.
    pub fn leaf_items(&self, n: usize) -> Vec<usize> {
        let mut out = Vec::new();
        for &c in &self.nodes[n].children {
            let node = &self.nodes[c];
            let sub = self.leaf_items(c);
            if node.marker.is_item() && sub.is_empty() {
                out.push(c);
            } else {
                out.extend(sub);
            }
        }
        out
    }

    pub fn has_item_descendants(&self, n: usize) -> bool {
        self.nodes[n].children.iter().any(|&c| self.nodes[c].marker.is_item() || self.has_item_descendants(c))
    }

    /// The heading of the innermost list item containing `pos`, if any.
    pub fn item_heading_at(&self, pos: usize) -> Option<&str> {
        let mut cur = 0;
        let mut found = None;
        while let Some(&c) =
            self.nodes[cur].children.iter().find(|&&c| self.nodes[c].start <= pos && pos < self.nodes[c].end)
        {
            if self.nodes[c].marker.is_item() && self.nodes[c].content_start <= pos {
                found = Some(self.nodes[c].heading.as_str());
            }
            cur = c;
        }
        found
    }

    /// The section kind at a text position: the deepest node containing it.
    pub fn kind_at(&self, pos: usize) -> SectionKind {
        let mut cur = 0;
        loop {
            let next =
                self.nodes[cur].children.iter().find(|&&c| self.nodes[c].start <= pos && pos < self.nodes[c].end);
            match next {
                Some(&c) => cur = c,
                None => return self.nodes[cur].kind,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::text::normalise;

    fn build(s: &str) -> (Vec<char>, Outline) {
        let chars = normalise(s);
        let n = chars.len();
        let o = outline(Knowledge::embedded(), &chars, 0..n);
        (chars, o)
    }

    #[test]
    fn headings_and_inline_items() {
        let (_, o) = build("一、医改工作进展情况\n(一)基本医疗保障覆盖面持续扩大。截止9月1日,全区参合农民x人。\n三、存在的主要困难和问题\n一是公共卫生人员偏少。二是药价虚高。三是发展不平衡。\n");
        let problems = o.nodes.iter().position(|n| n.heading.contains("存在的主要困难")).unwrap();
        assert_eq!(o.nodes[problems].kind, SectionKind::Problems);
        let items = o.leaf_items(problems);
        assert_eq!(items.len(), 3);
        assert_eq!(o.nodes[items[1]].ordinal, 2);
        assert_eq!(
            o.nodes[o.nodes.iter().position(|n| n.heading.starts_with("医改工作进展")).unwrap()].kind,
            SectionKind::Achievements
        );
    }

    #[test]
    fn restarted_numbering_with_shortcomings_is_a_problems_section() {
        let (_, o) = build("(二)强化保障。一是健全组织。\n(三)加强防控。一是强化疾病防控工作。\n(一)在医疗健康扶贫方面:一是医院垫付资金大,回款周期长、结算慢。二是平台还未实现数据共享。\n(二)医疗卫生体系建设不完善。一是学科建设不平衡。二是精神卫生中心建设进展缓慢。\n");
        let group = o.nodes.iter().position(|n| n.marker == Marker::Group).expect("a restarted group");
        assert_eq!(o.nodes[group].kind, SectionKind::Problems);
        assert_eq!(o.leaf_items(group).len(), 4);
        let first = o.nodes.iter().position(|n| n.heading == "强化保障").unwrap();
        assert_ne!(o.nodes[first].kind, SectionKind::Problems);
    }

    #[test]
    fn implicit_plans_with_nested_lists() {
        let (_, o) = build("三、存在问题\n一是人才匮乏。\n下半年,我们将紧紧围绕中心工作推进。\n一是进一步深化医改。\n二是推进扶贫工程。\n三要统筹推进其他工作。一是要落实新要求。二是加强公共卫生。\n四是提升质量。\n");
        let plans = o.nodes.iter().position(|n| n.marker == Marker::ImplicitPlans).expect("plans opened by 我们将");
        let items: Vec<String> = o.leaf_items(plans).iter().map(|&i| o.nodes[i].heading.clone()).collect();
        assert_eq!(items, vec!["进一步深化医改", "推进扶贫工程", "要落实新要求", "加强公共卫生", "提升质量"]);
    }
}
