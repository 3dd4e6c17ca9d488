//! Stage 7, issues and plans: the problems a report admits and the next steps it
//! announces, one item per 一是/(一)/1. item, with the full text of the item
//! (items can span paragraphs), its ordinal, the group heading it sits under
//! and, for issues, a category from data/issue_categories.toml.
//!
//! Only sections classified as problems, causes or plans contribute: a report
//! without such a section has no issues, whatever its achievements say.

use serde::Serialize;

use super::knowledge::Knowledge;
use super::outline::{Marker, Outline, SectionKind};
use super::text::trim;

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

pub fn issues_and_plans(kb: &Knowledge, chars: &[char], outline: &Outline) -> Items {
    let mut out = Items::default();
    let nodes = &outline.nodes;
    let mut push = |kind: SectionKind, ordinal: u32, a: usize, b: usize, group: Option<String>, heading: String| {
        let (a, b) = trim(chars, a, b);
        if b <= a || chars[a..b].iter().filter(|c| !c.is_whitespace()).count() < 4 {
            return;
        }
        let item = Item { ordinal, kind, start: a, end: b, group, heading, category: None };
        if kind == SectionKind::Plans {
            out.plans.push(item);
        } else {
            out.issues.push(item);
        }
    };

    for (id, n) in nodes.iter().enumerate() {
        if id == 0 || !wanted(n.kind) {
            continue;
        }
        let is_section_heading = n.own_kind.is_some() && n.marker != Marker::Inline;
        let has_items = outline.has_item_descendants(id);
        if n.marker.is_item() && !has_items && !is_section_heading {
            // a numbered item
            let group = n.parent.and_then(|p| {
                let pn = &nodes[p];
                (pn.marker.is_item() || pn.marker == Marker::Bare).then(|| pn.heading.clone()).filter(|h| !h.is_empty())
            });
            push(n.kind, n.ordinal, n.content_start, n.end, group, n.heading.clone());
        } else if !has_items && (is_section_heading || matches!(n.marker, Marker::ImplicitPlans | Marker::Group)) {
            // a section without numbered items: each paragraph after its heading is an item
            let heading_para_end =
                outline.paragraphs.iter().find(|p| p.0 <= n.start && n.start < p.1).map(|p| p.1).unwrap_or(n.start);
            let mut ord = 0;
            let group = Some(n.heading.clone()).filter(|h| !h.is_empty());
            if n.marker != Marker::ImplicitPlans && n.heading_end + 1 < heading_para_end {
                // "(三)存在的问题。目前仍…": the rest of the heading's paragraph
                ord += 1;
                push(n.kind, ord, n.heading_end + 1, heading_para_end, group.clone(), String::new());
            }
            for &(a, b) in &outline.paragraphs {
                let first_is_item = n.marker == Marker::ImplicitPlans;
                if a < n.start || b > n.end || (!first_is_item && a <= n.start) {
                    continue;
                }
                ord += 1;
                push(n.kind, ord, a, b, group.clone(), String::new());
            }
        }
    }

    for it in &mut out.issues {
        let lead_end = chars[it.start..it.end].iter().position(|c| *c == '。').map(|p| it.start + p).unwrap_or(it.end);
        it.category = Some(kb.categories.classify(&chars[it.start..lead_end], &chars[it.start..it.end]));
    }
    out
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
    fn items_span_paragraphs_until_the_next_marker() {
        let (chars, items) = run("三、存在的问题\n一是人才匮乏。\n当前,人才队伍建设短板突出。\n二是信息化滞后。\n");
        assert_eq!(texts(&chars, &items.issues)[0], "人才匮乏。\n当前,人才队伍建设短板突出。");
    }
}
