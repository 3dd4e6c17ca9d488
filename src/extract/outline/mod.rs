//! Stage 3, outline: the heading tree of a report.
//!
//! Chinese reports number their parts 一、 > (一) > 1. > (1) > ①, and list items
//! inside paragraphs with 一是 … 二是 … (or 1、…2、…, ①…②…). Each marker opens a node;
//! a marker closes every open node of its own or a lower rank. A list that
//! restarts at (一) after (七) is a new group (its heading was lost when the page
//! was scraped); a restarted 一是 inside an item is a nested list.
//!
//! Sections are classified from their headings (data/sections.toml); a restarted
//! group without a heading is a problems section when most of its items use
//! shortcoming language; a paragraph such as "下半年,我们将…" opens the next-steps
//! part of a report that has no heading for it; and a lead sentence inside a paragraph
//! ("我们也清醒地看到,…还存在不少困难和问题:", "为此,建议:") opens a problems or plans
//! passage (`leads`).

mod leads;
mod markers;

use serde::Serialize;

use super::knowledge::Knowledge;
use super::text::{is_space, slice, trim};
use leads::plan_opening_sentence;
pub use leads::{find_lead, is_modal_at, is_problem_lead, list_separator, Lead};
use markers::{inline_markers, paragraph_marker};
pub use markers::{marker_ordinal, starts_with_marker, Family};

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
    /// 一是 / 1、 / ① … inside a paragraph.
    Inline,
    /// A list that restarted numbering: its own heading was lost.
    Group,
    /// The next-steps part opened by "下半年,我们将…".
    ImplicitPlans,
    /// A problems or plans passage opened by a lead sentence inside a paragraph.
    Lead,
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
            Marker::Lead => "lead",
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
            Marker::Lead => LEAD_IN_PARAGRAPH,
            Marker::Inline => 60,
            Marker::Group => 0, // set per group, see `group_rank`
        }
    }
    /// Markers that number list items (a Group, ImplicitPlans or Lead is not one).
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

/// The rank of a lead whose items follow in its own paragraph: above paragraph markers,
/// below the inline list it introduces.
const LEAD_IN_PARAGRAPH: u8 = 55;

#[derive(Debug, Clone, Serialize)]
pub struct Node {
    pub marker: Marker,
    #[serde(skip)]
    rank: u8,
    /// How an inline list numbers its items.
    #[serde(skip)]
    family: Option<Family>,
    /// A node that ends with its paragraph (a lead whose items follow in the paragraph).
    #[serde(skip)]
    paragraph: Option<usize>,
    /// A lead whose items are listed inside it ("还存在A、B等问题"): the list's span.
    #[serde(skip)]
    pub listed: Option<(usize, usize)>,
    /// An item of a problems list whose heading was lost: its kind is not a heading's.
    #[serde(skip)]
    pub admits_shortcoming: bool,
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

impl Node {
    fn new(marker: Marker, rank: u8, start: usize, content_start: usize, end: usize) -> Node {
        Node {
            marker,
            rank,
            family: None,
            paragraph: None,
            listed: None,
            admits_shortcoming: false,
            ordinal: 0,
            start,
            content_start,
            end,
            heading: String::new(),
            heading_end: content_start,
            own_kind: None,
            kind: SectionKind::Other,
            parent: None,
            children: vec![],
        }
    }
}

#[derive(Debug, Clone)]
pub struct Outline {
    pub nodes: Vec<Node>,
    pub paragraphs: Vec<(usize, usize)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EventKind {
    /// A paragraph marker, or an inline list marker.
    Marker(Marker, Option<Family>),
    /// A paragraph without any marker.
    TextOnly,
    /// A lead sentence opening a passage of this kind, with the items it lists inside itself.
    Lead(SectionKind, Option<(usize, usize)>),
}

struct Event {
    pos: usize,
    kind: EventKind,
    ordinal: u32,
    content_start: usize,
    paragraph: usize,
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

/// An inline item's heading names a section only when it is short (一、上年度存在的主要问题:),
/// not when it is a statement (一是补齐短板,…).
const MAX_INLINE_HEADING: usize = 16;

/// Every marker, lead and text-only paragraph in text order.
fn events(kb: &Knowledge, chars: &[char], paragraphs: &[(usize, usize)]) -> Vec<Event> {
    let mut events: Vec<Event> = Vec::new();
    for (p, &(a, b)) in paragraphs.iter().enumerate() {
        let mut after = a;
        let mut para: Vec<Event> = Vec::new();
        if let Some((m, o, len)) = paragraph_marker(chars, a, b) {
            let family = (m == Marker::Inline).then_some(Family::Shi);
            para.push(Event {
                pos: a,
                kind: EventKind::Marker(m, family),
                ordinal: o,
                content_start: a + len,
                paragraph: p,
            });
            after = a + len;
        }
        for (pos, o, len, fam) in inline_markers(chars, a, b, after) {
            para.push(Event {
                pos,
                kind: EventKind::Marker(Marker::Inline, Some(fam)),
                ordinal: o,
                content_start: pos + len,
                paragraph: p,
            });
        }
        if let Some(l) = find_lead(kb, chars, after, b) {
            para.push(Event {
                pos: l.start,
                kind: EventKind::Lead(l.kind, l.listed),
                ordinal: 0,
                content_start: l.content_start,
                paragraph: p,
            });
        }
        if para.is_empty() {
            para.push(Event { pos: a, kind: EventKind::TextOnly, ordinal: 0, content_start: a, paragraph: p });
        }
        para.sort_by_key(|e| (e.pos, matches!(e.kind, EventKind::Marker(..))));
        events.extend(para);
    }
    events
}

/// Share of a headless list's items that must state a requirement for it to be plans.
const DIRECTIVE_SHARE: f64 = 0.75;

/// The tree being built: nodes and the stack of open ones.
struct Builder<'a> {
    kb: &'a Knowledge,
    chars: &'a [char],
    paragraphs: &'a [(usize, usize)],
    body_end: usize,
    nodes: Vec<Node>,
    stack: Vec<usize>,
    seen_problems: bool,
}

impl Builder<'_> {
    fn close(&mut self, upto_rank: u8, at: usize) {
        while self.stack.len() > 1 && self.nodes[*self.stack.last().unwrap()].rank >= upto_rank {
            let n = self.stack.pop().unwrap();
            self.nodes[n].end = at;
        }
    }

    fn push(&mut self, mut node: Node) -> usize {
        let parent = *self.stack.last().unwrap();
        node.parent = Some(parent);
        let id = self.nodes.len();
        self.nodes.push(node);
        self.nodes[parent].children.push(id);
        self.stack.push(id);
        id
    }

    fn effective(&self, mut i: usize) -> SectionKind {
        loop {
            if let Some(k) = self.nodes[i].own_kind {
                return k;
            }
            match self.nodes[i].parent {
                Some(p) => i = p,
                None => return SectionKind::Other,
            }
        }
    }

    fn open_kind(&self) -> SectionKind {
        self.effective(*self.stack.last().unwrap())
    }

    /// A heading's own kind where it opens inside the open section: measures named under
    /// plans ("重点实施八项惠民措施" under 工作计划) are planned measures, part of the plans.
    fn kind_under_open(&self, own: Option<SectionKind>) -> Option<SectionKind> {
        match own {
            Some(SectionKind::Measures) if self.open_kind() == SectionKind::Plans => None,
            k => k,
        }
    }

    /// Nodes bound to an earlier paragraph end with it, and everything opened inside them.
    fn close_paragraph_bound(&mut self, paragraph: usize) {
        while let Some(depth) =
            self.stack.iter().position(|&id| self.nodes[id].paragraph.is_some_and(|p| p < paragraph))
        {
            let p = self.nodes[self.stack[depth]].paragraph.unwrap();
            let end = self.paragraphs[p].1;
            while self.stack.len() > depth {
                let n = self.stack.pop().unwrap();
                self.nodes[n].end = self.nodes[n].end.min(end);
            }
        }
    }

    /// "…挑战。一是A。…四是B。" and "五是C。" on a line of its own: an item numbering on the
    /// list of a paragraph-bound lead from the start of the next paragraph keeps the lead
    /// open over that paragraph (scraped pages break lines inside a passage).
    fn extend_bound_list(&mut self, ev: &Event) {
        let EventKind::Marker(Marker::Inline, family) = ev.kind else { return };
        let top = *self.stack.last().unwrap();
        let numbers_on = self.nodes[top].marker == Marker::Inline
            && self.nodes[top].family == family
            && self.nodes[top].ordinal + 1 == ev.ordinal;
        if !numbers_on || ev.pos != self.paragraphs[ev.paragraph].0 || ev.paragraph == 0 {
            return;
        }
        for &id in &self.stack {
            if self.nodes[id].paragraph == Some(ev.paragraph - 1) {
                self.nodes[id].paragraph = Some(ev.paragraph);
            }
        }
    }

    fn event(&mut self, ev: &Event, next: Option<&Event>) {
        self.extend_bound_list(ev);
        self.close_paragraph_bound(ev.paragraph);
        match ev.kind {
            EventKind::TextOnly => self.text_only(ev),
            EventKind::Lead(kind, listed) => self.lead(ev, kind, listed, next),
            EventKind::Marker(Marker::Inline, family) => self.inline(ev, family),
            EventKind::Marker(marker, _) => self.paragraph_marker(ev, marker),
        }
    }

    /// A paragraph without a marker: it may open the plans ("下半年,我们将…") or be a
    /// short heading line; otherwise it continues the open node.
    fn text_only(&mut self, ev: &Event) {
        let (pa, pb) = self.paragraphs[ev.paragraph];
        let in_plans = self.open_kind() == SectionKind::Plans;
        let late = ev.paragraph * 10 >= self.paragraphs.len().max(1) * 6;
        // the paragraph's text is built only when it could open the plans
        if !in_plans
            && (self.seen_problems || late)
            && self.kb.sections.plan_starters.is_match(&slice(self.chars, pa, pb))
        {
            self.close(Marker::ImplicitPlans.rank(), pa);
            let mut node = Node::new(Marker::ImplicitPlans, Marker::ImplicitPlans.rank(), pa, pa, self.body_end);
            node.own_kind = Some(SectionKind::Plans);
            self.push(node);
            return;
        }
        if !in_plans {
            let first_end = (pa..pb).find(|&i| matches!(self.chars[i], '。' | '!' | '?')).map_or(pb, |i| i + 1);
            if let Some(content_start) = plan_opening_sentence(self.kb, self.chars, pa, first_end) {
                // "下一步,我们将…。" early in a text: a next step of its own paragraph
                let lead = Event { kind: EventKind::Lead(SectionKind::Plans, None), content_start, ..*ev };
                self.lead(&lead, SectionKind::Plans, None, None);
                return;
            }
        }
        let c = &self.chars[pa..pb];
        let n_chars = c.iter().filter(|c| !is_space(**c)).count();
        if n_chars > self.kb.sections.max_bare_heading || c.contains(&'。') || c.contains(&',') {
            return;
        }
        let text = slice(self.chars, pa, pb);
        if let Some(kind) = classify_heading(self.kb, &text) {
            self.close(Marker::Bare.rank(), pa);
            if matches!(kind, SectionKind::Problems | SectionKind::Causes) {
                self.seen_problems = true;
            }
            let mut node = Node::new(Marker::Bare, Marker::Bare.rank(), pa, pa, self.body_end);
            node.heading = text.trim().to_string();
            node.heading_end = pb;
            node.own_kind = Some(kind);
            self.push(node);
        }
    }

    /// A lead sentence: a passage of its kind, to the paragraph's end when its items follow
    /// in the paragraph, else over the next paragraphs (nesting the list that follows).
    fn lead(&mut self, ev: &Event, kind: SectionKind, listed: Option<(usize, usize)>, next: Option<&Event>) {
        let open = self.open_kind();
        let opens_paragraph = ev.pos == self.paragraphs[ev.paragraph].0;
        // already inside such a part; a problems lead inside the tasks only where it opens a
        // paragraph (government work reports weigh this year's difficulties before its tasks);
        // a plans lead inside the tasks where it announces a list of its own paragraph
        // (…今年…的主要目标是:A;B;C。), which the part's items would lose
        let announces_here = kind == SectionKind::Plans && self.announces_list_in_paragraph(ev);
        if (open == kind && !announces_here)
            || (open == SectionKind::Plans && kind != open && !(kind == SectionKind::Problems && opens_paragraph))
        {
            return;
        }
        let next_heading = self.heading_kind(next);
        if next_heading.is_some_and(|k| k == kind || matches!(k, SectionKind::Problems | SectionKind::Causes)) {
            return; // "…发现A、B等问题。" then "二、审计中发现的主要问题": the heading leads
        }
        let (_, pb) = self.paragraphs[ev.paragraph];
        let items_here = self.chars[ev.content_start.min(pb)..pb].iter().filter(|c| !is_space(**c)).count() >= 4;
        let list_follows = match next.map(|n| (n.kind, n.paragraph)) {
            Some((EventKind::Marker(Marker::Inline, _), p)) => p == ev.paragraph,
            Some((EventKind::Marker(..), _)) => true,
            _ => false,
        };
        let listed = listed.filter(|_| !list_follows);
        // a lead never spans a heading of another section: it keeps to its paragraph
        let items_here = items_here || listed.is_some() || next_heading.is_some();
        let rank = if items_here {
            LEAD_IN_PARAGRAPH
        } else {
            match next.map(|n| n.kind) {
                Some(EventKind::Marker(m, _)) if m != Marker::Inline => m.rank() - 1,
                _ => LEAD_IN_PARAGRAPH,
            }
        };
        self.close(rank, ev.pos);
        let mut node = Node::new(Marker::Lead, rank, ev.pos, ev.content_start, self.body_end);
        node.heading = slice(self.chars, ev.pos, ev.content_start).trim().chars().take(60).collect();
        node.heading_end = ev.content_start;
        node.own_kind = Some(kind);
        node.paragraph = items_here.then_some(ev.paragraph);
        node.listed = listed;
        if kind == SectionKind::Problems {
            self.seen_problems = true;
        }
        self.push(node);
    }

    /// A lead that ends in a colon with a ;-list after it in its paragraph.
    fn announces_list_in_paragraph(&self, ev: &Event) -> bool {
        let (_, pb) = self.paragraphs[ev.paragraph];
        let rest = &self.chars[ev.content_start.min(pb)..pb];
        self.chars.get(ev.content_start.wrapping_sub(1)) == Some(&':')
            && rest.iter().filter(|c| **c == ';').count() >= 2
    }

    /// The characters of a node's heading (after its marker, up to its first full stop).
    fn heading_text(&self, n: usize) -> &[char] {
        let n = &self.nodes[n];
        &self.chars[n.content_start..n.heading_end.max(n.content_start).min(self.chars.len())]
    }

    /// Whether an inline item numbers on from the paragraph marker that opened its paragraph.
    fn continues_paragraph_list(&self, top: usize, ev: &Event, family: Option<Family>) -> bool {
        let n = &self.nodes[top];
        let same_family = match n.marker {
            Marker::Numbered => family == Some(Family::Arabic),
            Marker::ParenNumbered => family == Some(Family::Paren),
            Marker::Circled => family == Some(Family::Circled),
            Marker::Section => family == Some(Family::CnParen),
            Marker::Chapter => family == Some(Family::CnChapter),
            _ => false,
        };
        same_family && n.ordinal + 1 == ev.ordinal && n.start == self.paragraphs[ev.paragraph].0
    }

    /// The kind the next event's heading names, when it is a paragraph marker with one.
    fn heading_kind(&self, next: Option<&Event>) -> Option<SectionKind> {
        let n = next?;
        if !matches!(n.kind, EventKind::Marker(m, _) if m != Marker::Inline) {
            return None;
        }
        let (_, pb) = self.paragraphs[n.paragraph];
        let (heading, _) = heading_of(self.chars, n.content_start, pb);
        classify_heading(self.kb, &heading)
    }

    /// An inline item continues the innermost open list of its family, or opens a nested one.
    fn inline(&mut self, ev: &Event, family: Option<Family>) {
        let (pa, pb) = self.paragraphs[ev.paragraph];
        let (heading, heading_end) = heading_of(self.chars, ev.content_start, pb);
        let short = heading.chars().count() <= MAX_INLINE_HEADING;
        let own_kind = (family != Some(Family::Shi) && short).then(|| classify_heading(self.kb, &heading)).flatten();
        let top = *self.stack.last().unwrap();
        // "1.A。①…②…2.B。" in one paragraph: 2. is 1.'s sibling, not a sub-item of it
        let opener = self
            .stack
            .iter()
            .rposition(|&id| self.nodes[id].marker != Marker::Inline)
            .filter(|&d| self.continues_paragraph_list(self.stack[d], ev, family));
        if let Some(depth) = opener {
            while self.stack.len() > depth {
                let n = self.stack.pop().unwrap();
                self.nodes[n].end = ev.pos;
            }
        } else if self.nodes[top].marker == Marker::Inline {
            let found = self
                .stack
                .iter()
                .enumerate()
                .rev()
                .take_while(|(_, &id)| self.nodes[id].marker == Marker::Inline)
                .find(|(_, &id)| self.nodes[id].family == family && self.nodes[id].ordinal + 1 == ev.ordinal)
                .map(|(depth, _)| depth);
            match found {
                Some(depth) => {
                    while self.stack.len() > depth {
                        let n = self.stack.pop().unwrap();
                        self.nodes[n].end = ev.pos;
                    }
                }
                // "…八是A。" then, a paragraph later, "一要B。": a list of the same family
                // restarting in a new paragraph follows the first, it is not nested in its last item
                None if ev.ordinal == 1 && self.nodes[top].family == family && self.nodes[top].start < pa => {
                    while self.stack.len() > 1 && self.nodes[*self.stack.last().unwrap()].marker == Marker::Inline {
                        let n = self.stack.pop().unwrap();
                        self.nodes[n].end = ev.pos;
                    }
                }
                None if ev.ordinal == 1 => {} // a nested list inside the open item
                None => {
                    let n = self.stack.pop().unwrap();
                    self.nodes[n].end = ev.pos;
                }
            }
        }
        let mut node = Node::new(Marker::Inline, Marker::Inline.rank(), ev.pos, ev.content_start, self.body_end);
        node.family = family;
        node.ordinal = ev.ordinal;
        node.heading = heading;
        node.heading_end = heading_end;
        node.own_kind = self.kind_under_open(own_kind);
        if matches!(own_kind, Some(SectionKind::Problems | SectionKind::Causes)) {
            self.seen_problems = true;
        }
        self.push(node);
    }

    /// A paragraph marker closes the open nodes of its rank and below; a list restarting at
    /// 1 under the same parent is a new group whose heading was lost.
    fn paragraph_marker(&mut self, ev: &Event, marker: Marker) {
        let (_, pb) = self.paragraphs[ev.paragraph];
        let rank = marker.rank();
        let (heading, heading_end) = heading_of(self.chars, ev.content_start, pb);
        let own_kind = classify_heading(self.kb, &heading);
        if matches!(own_kind, Some(SectionKind::Problems | SectionKind::Causes)) {
            self.seen_problems = true;
        }
        self.close(rank, ev.pos);
        let parent = *self.stack.last().unwrap();
        let earlier = self.nodes[parent].children.iter().rev().find(|&&c| self.nodes[c].marker == marker).copied();
        let group_rank = rank - 5;
        let restart = ev.ordinal == 1 && earlier.is_some_and(|e| self.nodes[e].ordinal >= 1);
        let in_group = self.nodes[parent].marker == Marker::Group && self.nodes[parent].rank == group_rank;
        if restart || (in_group && ev.ordinal == 1 && earlier.is_some()) {
            if in_group {
                let n = self.stack.pop().unwrap();
                self.nodes[n].end = ev.pos;
            }
            self.push(Node::new(Marker::Group, group_rank, ev.pos, ev.pos, self.body_end));
        }
        let mut node = Node::new(marker, rank, ev.pos, ev.content_start, self.body_end);
        node.ordinal = ev.ordinal;
        node.heading = heading;
        node.heading_end = heading_end;
        node.own_kind = self.kind_under_open(own_kind);
        self.push(node);
    }

    /// A restarted group whose items mostly admit shortcomings is a problems section.
    fn classify_groups(&mut self) {
        for g in 0..self.nodes.len() {
            if self.nodes[g].marker != Marker::Group || self.nodes[g].own_kind.is_some() {
                continue;
            }
            let items = &self.nodes[g].children;
            if items.is_empty() {
                continue;
            }
            let with_terms = items
                .iter()
                .filter(|&&c| {
                    let n = &self.nodes[c];
                    self.kb
                        .sections
                        .shortcoming_terms
                        .contained_in(&self.chars[n.content_start..n.end.min(self.chars.len())])
                })
                .count();
            if with_terms as f64 >= self.kb.sections.shortcoming_share * items.len() as f64 {
                self.nodes[g].own_kind = Some(SectionKind::Problems);
            }
        }
        self.classify_headless_lists();
    }

    /// An item that states a requirement: marked 一要/二要, or opening with 要, 必须 ….
    fn is_directive(&self, n: usize) -> bool {
        let node = &self.nodes[n];
        let mut i = node.content_start;
        while i < node.end && is_space(self.chars[i]) {
            i += 1;
        }
        let marked = node.marker == Marker::Inline && self.chars.get(node.content_start.wrapping_sub(1)) == Some(&'要');
        marked || (self.kb.sections.directive_words.prefix_at(self.chars, i).is_some() && is_modal_at(self.chars, i, i))
    }

    /// A list outside any kinded section whose item headings mostly admit shortcomings
    /// ("(二)管理体制不顺,…", "1、健康档案资料不够完善") is a problems list whose heading was
    /// lost or says nothing (自查的主要情况). At the top level its items are marked, below it
    /// the section holding them.
    fn classify_headless_lists(&mut self) {
        for g in 0..self.nodes.len() {
            if self.nodes[g].marker == Marker::Group || self.effective(g) != SectionKind::Other {
                continue;
            }
            let items: Vec<usize> = self.nodes[g]
                .children
                .iter()
                .copied()
                .filter(|&c| self.nodes[c].marker.is_item() && self.nodes[c].own_kind.is_none())
                .collect();
            if items.len() < 2 {
                continue;
            }
            let directive = items.iter().filter(|&&c| self.is_directive(c)).count();
            if directive as f64 >= DIRECTIVE_SHARE * items.len() as f64 {
                // "一要提高认识…;二要做好…": requirements, wherever they stand; the items are
                // marked, not the part holding them (a chapter's kind tells a work report's
                // review from its tasks)
                for n in items {
                    self.nodes[n].own_kind = Some(SectionKind::Plans);
                }
                continue;
            }
            let terms = &self.kb.sections.shortcoming_terms;
            let admitting: Vec<usize> =
                items.iter().copied().filter(|&c| terms.contained_in(self.heading_text(c))).collect();
            if (admitting.len() as f64) < self.kb.sections.headless_shortcoming_share * items.len() as f64 {
                continue;
            }
            if g == 0 {
                for c in admitting {
                    self.nodes[c].own_kind = Some(SectionKind::Problems);
                    self.nodes[c].admits_shortcoming = true;
                }
            } else {
                self.nodes[g].own_kind = Some(SectionKind::Problems);
            }
        }
    }
}

pub fn outline(kb: &Knowledge, chars: &[char], body: std::ops::Range<usize>) -> Outline {
    let paragraphs = markers::paragraphs(chars, body.clone());
    let events = events(kb, chars, &paragraphs);
    let mut root = Node::new(Marker::Root, 0, body.start, body.start, body.end);
    root.own_kind = Some(SectionKind::Other);
    let mut b = Builder {
        kb,
        chars,
        paragraphs: &paragraphs,
        body_end: body.end,
        nodes: vec![root],
        stack: vec![0],
        seen_problems: false,
    };
    for (i, ev) in events.iter().enumerate() {
        b.event(ev, events.get(i + 1));
    }
    b.close_paragraph_bound(usize::MAX);
    b.close(1, body.end);
    b.classify_groups();
    for i in 0..b.nodes.len() {
        b.nodes[i].kind = b.effective(i);
    }
    Outline { nodes: b.nodes, paragraphs }
}

impl Outline {
    /// A government work report reviews the past year and then sets this year's tasks: every
    /// top-level chapter after the first that has no kind of its own, or whose heading reads
    /// as measures ("YYYY年主要工作": in a work report the work ahead), is a tasks chapter.
    pub fn read_as_work_report(&mut self) {
        let top: Vec<usize> = self.nodes[0]
            .children
            .iter()
            .copied()
            .filter(|&c| matches!(self.nodes[c].marker, Marker::Chapter | Marker::Bare))
            .collect();
        // where the tasks begin: the first later chapter whose heading says so (对今年政府工作的
        // 建议); the parts before it, numbered or not, still review the past
        let tasks_from = top.iter().skip(1).position(|&c| self.nodes[c].own_kind == Some(SectionKind::Plans));
        for (n, &c) in top.iter().enumerate().skip(1) {
            let reviewed = tasks_from.is_some_and(|t| n < t + 1);
            match self.nodes[c].own_kind {
                None if reviewed => self.nodes[c].own_kind = Some(SectionKind::Achievements),
                None | Some(SectionKind::Measures) => self.nodes[c].own_kind = Some(SectionKind::Plans),
                _ => {}
            }
        }
        self.recompute_kinds();
    }

    fn recompute_kinds(&mut self) {
        for i in 0..self.nodes.len() {
            let mut j = i;
            self.nodes[i].kind = loop {
                if let Some(k) = self.nodes[j].own_kind {
                    break k;
                }
                match self.nodes[j].parent {
                    Some(p) => j = p,
                    None => break SectionKind::Other,
                }
            };
        }
    }

    /// A report that is a plan as a whole (工作计划, 实施方案): every part without a kind of
    /// its own states what is to be done.
    /// Whether the text is a task breakdown: at least two paragraphs open with a field
    /// such as 责任单位: or 完成时限:.
    pub fn is_task_list(&self, kb: &Knowledge, chars: &[char]) -> bool {
        let fields = &kb.sections.task_fields;
        let opens_with_field =
            |&&(a, b): &&(usize, usize)| fields.prefix_at(chars, a).is_some_and(|n| a + n < b && chars[a + n] == ':');
        self.paragraphs.iter().filter(opens_with_field).take(2).count() == 2
    }

    pub fn read_as_plan(&mut self) {
        self.nodes[0].own_kind = Some(SectionKind::Plans);
        self.recompute_kinds();
    }

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

    /// The headings of the sections a text position lies in, outermost first.
    pub fn headings_at(&self, pos: usize) -> String {
        let mut out = String::new();
        let mut cur = 0;
        while let Some(&c) =
            self.nodes[cur].children.iter().find(|&&c| self.nodes[c].start <= pos && pos < self.nodes[c].end)
        {
            if self.nodes[c].content_start <= pos {
                out.push_str(&self.nodes[c].heading);
                out.push(' ');
            }
            cur = c;
        }
        out
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
    fn a_list_announced_inside_the_tasks_keeps_its_lead() {
        // the shape of a State Council report's chapter on the year's tasks (2007)
        let (_, o) = build("二、2007年工作总体部署\n综合考虑各种因素,今年国民经济和社会发展的主要目标是:国内生产总值增长8%左右;城镇新增就业人数不低于900万人;物价总水平基本稳定。\n做好今年的工作,要把握好以下几点:一是稳定、完善和落实政策。二是加强和改善宏观调控。\n");
        let lead = o.nodes.iter().position(|n| n.marker == Marker::Lead).expect("the targets' lead stays a node");
        assert_eq!(o.nodes[lead].kind, SectionKind::Plans);
        assert!(o.nodes[lead].heading.contains("主要目标是"));
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

    #[test]
    fn a_bracketed_heading_run_into_its_text_heads_it() {
        // the shape of a scraped yearbook entry: "【存在问题】 一是…二是…" on one line
        let (_, o) = build("【存在问题】 一是人员流动性强,人手缺乏。二是设备简陋。\n");
        let h = o.nodes.iter().position(|n| n.heading == "【存在问题】").expect("the bracket is a heading");
        assert_eq!(o.nodes[h].kind, SectionKind::Problems);
        assert_eq!(o.leaf_items(h).len(), 2);
    }

    #[test]
    fn a_list_of_requirements_is_plans_wherever_it_stands() {
        let (c, o) = build("会议听取了各单位汇报。\n主任在讲话中强调。一要提高认识,加强工作责任心;二要做好产前筛查工作;三要强化母婴安全工作。\n");
        let plans: Vec<String> = o
            .nodes
            .iter()
            .filter(|n| n.kind == SectionKind::Plans && n.marker == Marker::Inline)
            .map(|n| slice(&c, n.content_start, n.end))
            .collect();
        assert_eq!(plans.len(), 3, "{plans:?}");
        // an achievements list that happens to say 进一步 is no list of requirements
        let (_, o) = build("主要做法。一是进一步完善了制度。二是进一步加强了队伍。\n");
        assert!(o.nodes.iter().all(|n| n.kind != SectionKind::Plans));
    }

    #[test]
    fn measures_named_under_plans_are_plans() {
        // set 4 g06: a 工作计划 whose first section names its measures
        let (_, o) = build("市民政局具体工作计划\n(一)紧紧围绕“民生”主题,重点实施八项惠民措施\n1、进一步提高城乡低保补助标准。将农村低保补差标准提高到100元。\n2、全力做好渔区低保扩面工作。\n");
        let section = o.nodes.iter().position(|n| n.heading.contains("惠民措施")).unwrap();
        assert_eq!(o.nodes[section].kind, SectionKind::Plans);
        // measures of work done stay measures
        let (_, o) = build("一、主要做法\n1、加强组织领导。\n");
        assert!(o.nodes.iter().any(|n| n.kind == SectionKind::Measures));
    }

    #[test]
    fn lists_across_paragraphs() {
        // State Council 2007: a 一是…八是 list, then a paragraph with its own 一是… list
        let (_, o) = build("今年重点做好以下工作:一是完善标准。二是淘汰落后产能。\n节约集约用地,关系长远。一是认真执行土地利用总体规划。二是严格土地管理责任制。\n");
        let leaves: Vec<&str> =
            o.nodes.iter().filter(|n| n.marker == Marker::Inline).map(|n| n.heading.as_str()).collect();
        assert_eq!(leaves, vec!["完善标准", "淘汰落后产能", "认真执行土地利用总体规划", "严格土地管理责任制"]);
        let second = o.nodes.iter().position(|n| n.heading == "淘汰落后产能").unwrap();
        assert!(!o.has_item_descendants(second), "the second list is not nested in the last item");
        // 河北省 2010: the lead's fifth item on a line of its own still belongs to the lead
        let (_, o) = build("但是也要清醒地看到,今年我省经济社会发展仍然面临着严峻的挑战。一是外部经济环境不确定不稳定因素很多。四是地区之间的竞争日趋激烈。\n五是财政收支矛盾突出,部分行业和企业生产经营还比较困难。\n今年政府工作的总体要求是:全面贯彻党的十七大精神。\n");
        let fifth = o.nodes.iter().position(|n| n.heading.starts_with("财政收支矛盾突出")).unwrap();
        assert_eq!(o.nodes[fifth].kind, SectionKind::Problems);
    }
}
