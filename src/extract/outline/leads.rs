//! Lead sentences: a sentence inside a paragraph that opens a problems or plans passage
//! without a heading of its own. Government work reports admit their problems this way
//! ("我们也清醒地看到,…还存在不少困难和问题:一些…;…。"), short reports too ("但在工作中仍
//! 发现一些问题:一是…"), and announce their tasks with "为此,建议:" or "今年要重点做好八个
//! 方面工作。". The vocabulary is data (data/sections.toml).

use super::SectionKind;
use crate::extract::knowledge::Knowledge;
use crate::extract::text::slice;

/// A lead sentence found in a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lead {
    pub kind: SectionKind,
    /// Where the lead sentence starts.
    pub start: usize,
    /// Where the passage's items start (after the lead and any 主要是:).
    pub content_start: usize,
}

/// Sentences of `chars[a..b]`: (start, end including the closing mark).
fn sentences(chars: &[char], a: usize, b: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut s = a;
    for i in a..b {
        if matches!(chars[i], '。' | ':' | '!' | '?') {
            out.push((s, i + 1));
            s = i + 1;
        }
    }
    if s < b {
        out.push((s, b));
    }
    out
}

/// A sentence admitting problems: a lead verb and, within `lead_span`, a problem noun;
/// a concessive word just before the verb or a colon right after the noun; no solving verb.
pub fn is_problem_lead(kb: &Knowledge, chars: &[char], a: usize, b: usize) -> bool {
    let l = &kb.sections.problem_leads;
    if l.solving.find_in(chars, a, b).is_some() {
        return false;
    }
    let mut from = a;
    while let Some((v, vn)) = l.verbs.find_in(chars, from, b) {
        from = v + 1;
        let Some((n, nn)) = l.nouns.find_in(chars, v + vn, (v + vn + l.lead_span).min(b)) else { continue };
        let concessive = l.concessive.find_in(chars, v.saturating_sub(12).max(a), v).is_some();
        let colon_after = chars[n + nn..b].iter().take(4).any(|c| *c == ':');
        if concessive || colon_after {
            return true;
        }
    }
    false
}

/// The first lead in paragraph `[a, b)`, with the position its items start at.
pub fn find_lead(kb: &Knowledge, chars: &[char], a: usize, b: usize) -> Option<Lead> {
    let sents = sentences(chars, a, b);
    for (k, &(s, e)) in sents.iter().enumerate() {
        let kind = if is_problem_lead(kb, chars, s, e) {
            SectionKind::Problems
        } else if kb.sections.plan_leads.is_match(slice(chars, s, e).trim()) {
            SectionKind::Plans
        } else {
            continue;
        };
        let mut content_start = e;
        // "…仍存在一些不足。主要是:" / "…困难和问题,主要表现在:"
        if let Some(&(s2, e2)) = sents.get(k + 1) {
            let s2 = skip_spaces(chars, s2, e2);
            if kb.sections.problem_leads.then.prefix_at(chars, s2).is_some() && e2 - s2 <= 8 {
                content_start = e2;
            }
        }
        return Some(Lead { kind, start: s, content_start });
    }
    None
}

fn skip_spaces(chars: &[char], mut i: usize, end: usize) -> usize {
    while i < end && chars[i] == ' ' {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::text::normalise;

    fn lead(s: &str) -> Option<(SectionKind, String)> {
        let c = normalise(s);
        find_lead(Knowledge::embedded(), &c, 0, c.len()).map(|l| (l.kind, slice(&c, l.content_start, c.len())))
    }

    #[test]
    fn problem_leads_as_reports_write_them() {
        // the examples are real sentences of the development corpus and excerpts
        let (k, rest) = lead("我们也清醒认识到,前进道路上还面临许多困难挑战,政府工作中仍存在一些不足。主要是:外部环境的不确定性加大。国内需求不足。").unwrap();
        assert_eq!((k, rest.as_str()), (SectionKind::Problems, "外部环境的不确定性加大。国内需求不足。"));
        let (k, rest) =
            lead("一定程度的减轻了困难群众的医疗支出负担,但在工作中仍发现一些问题:一是政策宣传力度不够。").unwrap();
        assert_eq!((k, rest.as_str()), (SectionKind::Problems, "一是政策宣传力度不够。"));
        assert_eq!(lead("经济和社会发展中存在的主要问题:农业基础仍较薄弱。").unwrap().0, SectionKind::Problems);
    }

    #[test]
    fn achievements_and_resolve_are_not_problem_leads() {
        assert_eq!(lead("着力解决群众反映强烈的突出问题,全年化解矛盾纠纷320件。"), None);
        assert_eq!(lead("存在的问题已全部整改到位。"), None);
        assert_eq!(lead("我们坚持问题导向,破解发展难题。"), None);
    }

    #[test]
    fn plan_leads() {
        assert_eq!(lead("为此,建议:1、强化政策宣传。").unwrap().0, SectionKind::Plans);
        assert_eq!(lead("今年要重点做好八个方面工作。").unwrap().0, SectionKind::Plans);
        assert_eq!(lead("下一步,我们将重点抓好以下几项工作:").unwrap().0, SectionKind::Plans);
        assert_eq!(lead("今年是十四五规划收官之年。"), None);
    }
}
