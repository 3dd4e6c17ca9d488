//! Lead sentences: a sentence inside a paragraph that opens a problems or plans passage
//! without a heading of its own. Government work reports admit their problems this way
//! ("我们也清醒地看到,…还存在不少困难和问题:一些…;…。"), short reports too ("但在工作中仍
//! 发现一些问题:一是…"), and announce their tasks with "为此,建议:" or "今年要重点做好八个
//! 方面工作。". The vocabulary is data (data/sections.toml).

use super::SectionKind;
use crate::extract::knowledge::Knowledge;
use crate::extract::numerals::is_cn_numeral_char;
use crate::extract::text::slice;

/// A lead sentence found in a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lead {
    pub kind: SectionKind,
    /// Where the lead sentence starts.
    pub start: usize,
    /// Where the passage's items start (after the lead and any 主要是:).
    pub content_start: usize,
    /// "还存在A、B、C等问题。": the items are listed inside the lead, between its verb and
    /// noun; the span of that list (from A to before 等).
    pub listed: Option<(usize, usize)>,
}

/// Sentences of `chars[a..b]`: (start, end including the closing mark).
fn sentences(chars: &[char], a: usize, b: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut s = a;
    for (i, c) in chars.iter().enumerate().take(b).skip(a) {
        if matches!(c, '。' | ':' | '!' | '?') {
            out.push((s, i + 1));
            s = i + 1;
        }
    }
    if s < b {
        out.push((s, b));
    }
    out
}

/// Where in a sentence a problem lead stands: the lead verb and the end of the problem noun
/// (the verb's end when the sentence ends in a colon: "我们也清醒认识到:…").
struct ProblemLead {
    verb: usize,
    verb_end: usize,
    noun_end: usize,
}

/// A sentence admitting problems: a lead verb and, within `lead_span`, a problem noun;
/// a concessive word just before the verb or a colon right after the noun; no solving verb.
fn problem_lead(kb: &Knowledge, chars: &[char], a: usize, b: usize) -> Option<ProblemLead> {
    let l = &kb.sections.problem_leads;
    let solved_at = solving_verb(kb, chars, a, b);
    let ends_in_colon = chars[..b].last() == Some(&':');
    let mut from = a;
    while let Some(LeadVerb { at: v, len: vn, span, bare }) = lead_verb(kb, chars, from, b) {
        from = v + 1;
        let concessive = l.concessive.find_in(chars, v.saturating_sub(12).max(a), v).is_some();
        let Some((n, nn)) = l.nouns.find_in(chars, v + vn, (v + vn + span).min(b)) else {
            // "在总结成绩的同时,我们也清醒认识到:" — the items follow the colon
            if concessive && ends_in_colon && b - (v + vn) <= 2 && solved_at.is_none() {
                return Some(ProblemLead { verb: v, verb_end: v + vn, noun_end: v + vn });
            }
            continue;
        };
        let lead = ProblemLead { verb: v, verb_end: v + vn, noun_end: n + nn };
        // a bare verb (还有差距,…) leads only where its items are announced (…,表现在:)
        if bare && !colon_after(kb, chars, n + nn, b) && !then_follows(kb, chars, n + nn, b) {
            continue;
        }
        let listed = listed_items(kb, chars, &lead, b);
        // a solving verb after a listed admission acts on what was admitted
        // ("发现的A、B等问题当即提出整改要求")
        if solved_at.is_some_and(|p| listed.is_none_or(|(_, list_end)| p < list_end)) {
            return None;
        }
        // "…机构存在业务用房不足、人才缺乏等问题": a list of shortcomings admits them by itself
        if concessive || colon_after(kb, chars, n + nn, b) || listed.is_some() {
            return Some(lead);
        }
    }
    None
}

/// A lead verb found in a sentence.
struct LeadVerb {
    at: usize,
    len: usize,
    /// How far after it the problem noun may stand.
    span: usize,
    /// A verb too common to lead on its own (有), found right after a concessive.
    bare: bool,
}

/// The next lead verb in `chars[from..b]`: a verb of its own (存在, 看到), or a bare verb (有)
/// right after a concessive (仍然有较大的差距).
fn lead_verb(kb: &Knowledge, chars: &[char], from: usize, b: usize) -> Option<LeadVerb> {
    let l = &kb.sections.problem_leads;
    let own = l.verbs.find_in(chars, from, b).map(|(at, len)| LeadVerb { at, len, span: l.lead_span, bare: false });
    let mut k = from;
    let bare = loop {
        let Some((at, len)) = l.bare_verbs.find_in(chars, k, own.as_ref().map_or(b, |o| o.at)) else { break None };
        if at > from && l.concessive.suffix_at(chars, at).is_some() {
            break Some(LeadVerb { at, len, span: l.bare_verb_span, bare: true });
        }
        k = at + len;
    };
    bare.or(own)
}

/// The first solving verb of `chars[a..b]` that takes back an admission: one not still to
/// be done (需要着力解决) and not only aiming at problems named as existing (针对存在的…问题).
fn solving_verb(kb: &Knowledge, chars: &[char], a: usize, b: usize) -> Option<usize> {
    let l = &kb.sections.problem_leads;
    let mut k = a;
    while let Some((sv, n)) = l.solving.find_in(chars, k, b) {
        let existing = l.naming.prefix_at(chars, sv) == Some(n) && chars[sv + n..b].starts_with(&['存', '在']);
        if !existing && l.still_open.find_in(chars, sv.saturating_sub(STILL_OPEN_SPAN).max(a), sv).is_none() {
            return Some(sv);
        }
        k = sv + n;
    }
    None
}

/// How far before a solving verb a word may keep the problem open (仍然未能得到根本克服).
const STILL_OPEN_SPAN: usize = 8;

/// A word that introduces the items (表现在, 主要是) right after the noun and its comma.
fn then_follows(kb: &Knowledge, chars: &[char], noun_end: usize, b: usize) -> bool {
    let at = if chars.get(noun_end) == Some(&',') { noun_end + 1 } else { noun_end };
    at < b && kb.sections.problem_leads.then.prefix_at(chars, at).is_some()
}

/// A colon right after the problem noun ("存在的问题:"), or after a second lead word
/// ("存在的问题与困难,主要是:").
fn colon_after(kb: &Knowledge, chars: &[char], noun_end: usize, b: usize) -> bool {
    if chars[noun_end..b].iter().take(4).any(|c| *c == ':') {
        return true;
    }
    let then = &kb.sections.problem_leads.then;
    chars[..b].last() == Some(&':')
        && b - noun_end <= 12
        && then.find_in(chars, noun_end, b).is_some_and(|(t, tn)| t + tn + 1 == b)
}

/// The longest comma-joined list read inside a lead ("存在如A,B,C等问题").
const LISTED_MAX: usize = 120;

/// "还存在A、B、C等问题": the list between the lead verb and the 等 before a problem noun,
/// when it is one: 、-joined, or comma-joined when the noun closes the sentence. The noun is
/// looked for after the 等, since a listed problem may itself hold one (经费不足、人员短缺等问题);
/// a noun that qualifies what follows (等问题的单位) lists no problems.
fn listed_items(kb: &Knowledge, chars: &[char], lead: &ProblemLead, e: usize) -> Option<(usize, usize)> {
    listed_before_noun(kb, chars, lead, e).or_else(|| listed_after_noun(kb, chars, lead, e))
}

fn listed_before_noun(kb: &Knowledge, chars: &[char], lead: &ProblemLead, e: usize) -> Option<(usize, usize)> {
    let l = &kb.sections.problem_leads;
    let mut a = lead.verb_end;
    // 存在着…; 凸现了…; 暴露出…
    if matches!(chars.get(a), Some('着' | '了' | '出')) {
        a += 1;
    }
    if let Some(n) = l.list_openers.prefix_at(chars, a).filter(|&n| a + n <= e) {
        a += n;
    }
    // "发现的A、B等问题"; "存在的“A;B;C”等问题": a list quoted after 存在的 may join its
    // items with ;
    if chars.get(a) == Some(&'的') {
        a += 1;
        if chars.get(a) == Some(&'“') {
            a += 1;
        }
    }
    let end = e.min(a + LISTED_MAX);
    let deng = if chars.get(a.wrapping_sub(1)) == Some(&'“') {
        let close = (a..end).find(|&i| matches!(chars[i], '”' | '。'))?;
        (chars[close] == '”' && close + 1 < end && chars[close + 1] == '等').then_some(close + 1)?
    } else {
        (a..end).find(|&i| matches!(chars[i], '等' | ';' | ':' | '。'))?
    };
    if chars[deng] != '等' {
        return None;
    }
    let mut after = skip_count(kb, chars, deng + 1, e);
    if let Some(t) = l.listed_tails.iter().find(|t| chars[after..e].starts_with(t)) {
        after += t.len();
    }
    let noun = l.nouns.prefix_at(chars, after)?;
    let next = chars.get(after + noun).copied();
    if next == Some('的') {
        return None;
    }
    let quoted = chars[deng - 1] == '”';
    let list_end = if quoted { deng - 1 } else { deng };
    let commas = chars[a..list_end].contains(&',');
    if commas && !quoted && !matches!(next, Some('。' | ';' | '!') | None) {
        return None;
    }
    let parts = chars[a..list_end].split(|c| *c == list_separator(&chars[a..list_end])).count();
    (parts >= 2).then_some((a, list_end))
}

/// The most characters between the problem noun and the comma before 如 ("问题和不足,如…").
const NOUN_TAIL_MAX: usize = 4;

/// "也发现了一些问题和不足,如A、B、C等,…": the list after the noun, opened by 如 and closed
/// by 等 at the end of a clause; joined by 、, or by commas when the 等 ends the sentence
/// ("存在一定的差距,诸如A,B,C等。").
fn listed_after_noun(kb: &Knowledge, chars: &[char], lead: &ProblemLead, e: usize) -> Option<(usize, usize)> {
    let comma = (lead.noun_end..e.min(lead.noun_end + NOUN_TAIL_MAX + 1)).find(|&i| chars[i] == ',')?;
    opened_list(kb, chars, comma + 1, e)
}

/// A list at `a` opened by 如/诸如/例如 (and a comma after it) and closed by 等.
fn opened_list(kb: &Knowledge, chars: &[char], a: usize, e: usize) -> Option<(usize, usize)> {
    let mut a = a + kb.sections.problem_leads.list_openers.prefix_at(chars, a)?;
    if chars.get(a) == Some(&',') {
        a += 1;
    }
    let end = e.min(a + LISTED_MAX);
    let deng = (a..end).find(|&i| matches!(chars[i], '等' | ';' | ':' | '。'))?;
    let after = chars.get(deng + 1).copied();
    let commas = chars[a..deng].contains(&',');
    let closes = if commas { matches!(after, Some('。' | ';')) } else { matches!(after, Some(',' | '。' | ';')) };
    let parts = chars[a..deng].split(|c| *c == list_separator(&chars[a..deng])).count();
    (chars[deng] == '等' && closes && parts >= 2).then_some((a, deng))
}

/// After a list's 等, past a count of its items (八个, 3项), if one stands there.
fn skip_count(kb: &Knowledge, chars: &[char], from: usize, e: usize) -> usize {
    let digits = (from..e).take_while(|&i| chars[i].is_ascii_digit() || is_cn_numeral_char(chars[i])).count();
    match kb.sections.problem_leads.listed_measures.prefix_at(chars, from + digits) {
        Some(n) if digits > 0 => from + digits + n,
        _ => from,
    }
}

/// How a listed lead joins its items: by ; when it has any (a quoted list keeps its 、 and
/// commas inside items), else by commas, else by 、.
pub fn list_separator(list: &[char]) -> char {
    if list.contains(&';') {
        ';'
    } else if list.contains(&',') {
        ','
    } else {
        '、'
    }
}

pub fn is_problem_lead(kb: &Knowledge, chars: &[char], a: usize, b: usize) -> bool {
    problem_lead(kb, chars, a, b).is_some()
}

/// Where the items of a problems passage start, for a lead sentence `[s, e)`: after a
/// 主要是 in it; in a ;-list, after the clause holding the verb ("我们清醒地认识到,|区域发展
/// …问题依然突出;…"); else after the sentence.
fn problem_items_start(kb: &Knowledge, chars: &[char], s: usize, e: usize, lead: &ProblemLead) -> usize {
    let then = &kb.sections.problem_leads.then;
    if let Some((t, tn)) = then.find_in(chars, lead.noun_end, e) {
        let after = t + tn;
        return if chars.get(after) == Some(&':') { after + 1 } else { after };
    }
    let _ = s;
    if chars[lead.verb..e].contains(&';') {
        if let Some(k) = (lead.verb_end..e).find(|&i| matches!(chars[i], ',' | ';' | ':')) {
            return k + 1;
        }
    }
    e
}

/// The first lead in paragraph `[a, b)`, with the position its items start at.
pub fn find_lead(kb: &Knowledge, chars: &[char], a: usize, b: usize) -> Option<Lead> {
    let sents = sentences(chars, a, b);
    for (k, &(s, e)) in sents.iter().enumerate() {
        let (kind, mut content_start, listed) = if let Some(l) = problem_lead(kb, chars, s, e) {
            (SectionKind::Problems, problem_items_start(kb, chars, s, e, &l), listed_items(kb, chars, &l, e))
        } else if let Some(clause) = persisting_problem(kb, chars, s, e) {
            (SectionKind::Problems, e, Some(clause))
        } else if kb.sections.plan_leads.is_match(slice(chars, s, e).trim()) {
            (SectionKind::Plans, e, None)
        } else if let Some(c) = plan_sentence(kb, chars, s, e).filter(|_| k > 0) {
            // (a paragraph that opens with one is read by the outline: it may open the plans)
            (SectionKind::Plans, c, None)
        } else {
            continue;
        };
        // "…我们仍需正视存在的问题。例如,A,B等。": the list is the next sentence
        let listed = match (kind, listed, sents.get(k + 1)) {
            (SectionKind::Problems, None, Some(&(s2, e2))) if content_start == e => opened_list(kb, chars, s2, e2),
            _ => listed,
        };
        // "…仍存在一些不足。主要是:" / "…困难和问题,主要表现在:"
        if content_start == e {
            if let Some(&(s2, e2)) = sents.get(k + 1) {
                let s2 = skip_spaces(chars, s2, e2);
                if kb.sections.problem_leads.then.prefix_at(chars, s2).is_some() && e2 - s2 <= 8 {
                    content_start = e2;
                }
            }
        }
        return Some(Lead { kind, start: s, content_start, listed });
    }
    None
}

/// "但…,农村卫生技术人才短缺的问题依然十分突出。": the comma-clause of sentence `[s, e)` that
/// admits a problem by its predicate after a turn (但, 同时), when nothing in the sentence
/// before it solves one.
fn persisting_problem(kb: &Knowledge, chars: &[char], s: usize, e: usize) -> Option<(usize, usize)> {
    let l = &kb.sections.problem_leads;
    let text = slice(chars, s, e);
    let m = l.persisting.iter().find_map(|r| r.find(&text))?;
    let (ms, me) = (s + text[..m.start()].chars().count(), s + text[..m.end()].chars().count());
    let clause_start = (s..ms).rev().find(|&i| matches!(chars[i], ',' | ';' | ':')).map_or(s, |i| i + 1);
    let clause_start = skip_spaces(chars, clause_start, ms);
    // the subject must say what the problem is: more than a pronoun (这些问题依然突出)
    let subject = crate::extract::text::count_cjk(&chars[clause_start..ms]);
    // and the sentence must turn to it ("但就整体情况看,"): inside a passage of problems a
    // clause like it is an item of the passage, not a lead
    let turns = l.turns.find_in(chars, s, clause_start).is_some();
    (turns && subject >= PERSISTING_SUBJECT_MIN && solving_verb(kb, chars, s, me).is_none())
        .then_some((clause_start, me))
}

/// The shortest subject of a persisting problem (…人才短缺的问题), in Chinese characters.
const PERSISTING_SUBJECT_MIN: usize = 4;

/// A sentence that is itself a next step ("接下来,中心将继续…"): where its item starts.
pub fn plan_sentence(kb: &Knowledge, chars: &[char], s: usize, e: usize) -> Option<usize> {
    matched_plan_sentence(&kb.sections.plan_sentences, chars, s, e)
}

/// The same for a sentence that opens its paragraph, which may also name the year ahead
/// (2024年全市将…).
pub fn plan_opening_sentence(kb: &Knowledge, chars: &[char], s: usize, e: usize) -> Option<usize> {
    plan_sentence(kb, chars, s, e).or_else(|| matched_plan_sentence(&kb.sections.plan_paragraph_openers, chars, s, e))
}

/// A sentence naming the year ahead may only say what the year is (今年将…,是…的一年。): no
/// next step.
fn matched_plan_sentence(patterns: &[regex::Regex], chars: &[char], s: usize, e: usize) -> Option<usize> {
    let text = slice(chars, s, e);
    let caps = patterns.iter().find_map(|r| r.captures(&text))?;
    let modal_end = s + text[..caps.get(0)?.end()].chars().count();
    let start = caps.name("item").map_or(modal_end, |g| s + text[..g.start()].chars().count());
    (is_modal_at(chars, s, modal_end - 1) && !characterises_a_year(chars, s, e)).then_some(start)
}

/// "…,是…的一年。" / "…之年。": a sentence that ends by saying what a year is.
fn characterises_a_year(chars: &[char], s: usize, e: usize) -> bool {
    let body: Vec<char> = chars[s..e].iter().copied().filter(|c| !matches!(c, '。' | '!' | ' ')).collect();
    body.last() == Some(&'年') && body.contains(&'是')
}

/// Whether the directive word at `i` is a modal: not the 要 of 主要/重要/需要 or of 要求/要素/
/// 要点, and not after 已/曾 (已要求其整改 reports what was done).
pub fn is_modal_at(chars: &[char], from: usize, i: usize) -> bool {
    let before = if i > from { chars.get(i - 1).copied() } else { None };
    if matches!(before, Some('已' | '曾')) {
        return false;
    }
    chars[i] != '要'
        || !(matches!(before, Some('主' | '重' | '只' | '想' | '紧' | '需'))
            || matches!(chars.get(i + 1), Some('求' | '素' | '点' | '件' | '是' | '么')))
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
        let (_, rest) = lead("我们清醒地认识到,区域发展不平衡不充分问题依然突出;经济持续增长基础尚不稳固。").unwrap();
        assert_eq!(rest, "区域发展不平衡不充分问题依然突出;经济持续增长基础尚不稳固。");
        let (_, rest) =
            lead("在总结成绩的同时,我们也清醒认识到:我省正处于攻坚期,一些结构性矛盾凸显;科技创新能力不强。").unwrap();
        assert_eq!(rest, "我省正处于攻坚期,一些结构性矛盾凸显;科技创新能力不强。");
        let (_, rest) = lead("但是,也面临着一些困难和挑战,主要是结构调整压力较大,节能减排任务艰巨。").unwrap();
        assert_eq!(rest, "结构调整压力较大,节能减排任务艰巨。");
        // 有 leads right after a concessive where the items are announced; a problem still
        // unsolved (仍然未能得到根本克服) is no solved one
        let (_, rest) =
            lead("但所做的这些工作与群众的要求,仍然有较大的差距,表现在投入不足;看病贵看病难仍然未能得到根本克服。")
                .unwrap();
        assert_eq!(rest, "投入不足;看病贵看病难仍然未能得到根本克服。");
        assert_eq!(lead("按照95%的参保率要求,石鼓区还有差距,只有短短不到半个月的时间,任务艰巨。"), None);
        assert_eq!(lead("我们有信心克服困难。"), None);
        // what must still be faced and solved is admitted (a county's government work report)
        let (_, rest) =
            lead("我们仍面临着诸多必须正视和破解的困难及问题。主要是:整体经济实力不强,工业经济增长乏力;").unwrap();
        assert_eq!(rest, "整体经济实力不强,工业经济增长乏力;");
    }

    #[test]
    fn a_lead_may_list_its_problems_inside_itself() {
        let listed = |s: &str| {
            let c = normalise(s);
            find_lead(Knowledge::embedded(), &c, 0, c.len()).and_then(|l| l.listed).map(|(a, b)| slice(&c, a, b))
        };
        assert_eq!(listed("但还存在着经费不足、人员短缺等方面的问题。").as_deref(), Some("经费不足、人员短缺"));
        assert_eq!(listed("但仍存在一些问题:经费不足;人员短缺。"), None);
        // no concessive word is needed for a list; commas join it when the noun ends the sentence
        assert_eq!(
            listed("目前基层医疗卫生机构存在业务用房不足、医疗人才缺乏等问题;").as_deref(),
            Some("业务用房不足、医疗人才缺乏")
        );
        assert_eq!(
            listed("但同时也存在如信息化建设进度迟缓,专业人员队伍不足等问题。").as_deref(),
            Some("信息化建设进度迟缓,专业人员队伍不足")
        );
        assert_eq!(listed("重点检查存在乱收费、大处方等问题的机构。"), None);
        assert_eq!(listed("存在乱收费,大处方等问题,已全部整改。"), None);
        // the list may follow the noun, opened by 如
        assert_eq!(
            listed("然而,也发现了一些问题和不足,如部分企业责任落实不到位、监管力量相对薄弱等,这些问题需要加以解决。")
                .as_deref(),
            Some("部分企业责任落实不到位、监管力量相对薄弱")
        );
        assert_eq!(listed("但也存在一些问题,如何解决还需研究。"), None);
        // no noun right after the verb (the items follow the colon)
        assert_eq!(listed("在总结成绩的同时,我们也清醒认识到:"), None);
        // commas join the list after the noun when its 等 ends the sentence
        assert_eq!(
            listed("同兄弟先进县、市相比都还存在一定的差距,诸如区级经济综合实力还不强,主导产业还不突出,农业基础还不扎实、历史欠帐比较多等。")
                .as_deref(),
            Some("区级经济综合实力还不强,主导产业还不突出,农业基础还不扎实、历史欠帐比较多")
        );
        // or the list is the next sentence; facing the problems admits them
        assert_eq!(
            listed("尽管取得了一些成绩,但我们仍需正视存在的问题。例如,部分设备老化需要更新换代,某些服务环节还需进一步优化等。")
                .as_deref(),
            Some("部分设备老化需要更新换代,某些服务环节还需进一步优化")
        );
    }

    #[test]
    fn achievements_and_resolve_are_not_problem_leads() {
        assert_eq!(lead("着力解决群众反映强烈的突出问题,全年化解矛盾纠纷320件。"), None);
        assert_eq!(lead("存在的问题已全部整改到位。"), None);
        assert_eq!(lead("我们坚持问题导向,破解发展难题。"), None);
        // a problem still to be solved is admitted
        assert!(lead("我们也清醒地认识到,政府工作中还存在许多需要着力解决的困难和问题。一是发展不足。").is_some());
    }

    #[test]
    fn plan_leads() {
        assert_eq!(lead("为此,建议:1、强化政策宣传。").unwrap().0, SectionKind::Plans);
        assert_eq!(lead("今年要重点做好八个方面工作。").unwrap().0, SectionKind::Plans);
        assert_eq!(lead("下一步,我们将重点抓好以下几项工作:").unwrap().0, SectionKind::Plans);
        assert_eq!(lead("今年是十四五规划收官之年。"), None);
        // a speaker's requirements, and a sentence that is itself the next step
        assert_eq!(lead("会上重点提出了四项工作要求:一是做好防控。").unwrap().0, SectionKind::Plans);
        let (k, rest) = lead("工作进展良好。接下来,中心将继续加强监测预警能力;强化人才队伍建设。").unwrap();
        assert_eq!((k, rest.as_str()), (SectionKind::Plans, "继续加强监测预警能力;强化人才队伍建设。"));
        assert_eq!(lead("今后五年是关键时期。"), None);
        let (k, rest) = lead("成效明显。下一步将继续加强监测。").unwrap();
        assert_eq!((k, rest.as_str()), (SectionKind::Plans, "继续加强监测。"));
        assert_eq!(lead("成效明显。下一步工作要点。"), None);
        // a meeting that deploys its tasks
        assert_eq!(lead("针对今年重点工作,会议作出全面部署:一是完善服务网络。").unwrap().0, SectionKind::Plans);
        assert_eq!(lead("会议对全年工作作出部署。"), None);
        // a modal before a count of what follows, and the year's guiding line
        assert_eq!(
            lead("会议强调,实现2020年工作目标,要着力把握好八个方面:一是切实加强公共卫生工作;").unwrap().0,
            SectionKind::Plans
        );
        assert_eq!(
            lead("2023年全市卫生健康工作的总体要求是:以习近平新时代中国特色社会主义思想为指导。").unwrap().0,
            SectionKind::Plans
        );
        assert_eq!(lead("全年主要做了以下三个方面:"), None);
        assert_eq!(
            lead("目前,新农合筹资工作进入后期扫尾阶段,各镇(办)要继续做好以下工作。一是主动采取有效措施。").unwrap().0,
            SectionKind::Plans
        );
        assert_eq!(lead("今年以来主要做了以下工作:"), None);
        // looking ahead to a year, and who says it (a provincial health news report)
        let (k, rest) = lead(
            "全省卫生工作成效明显。展望2009年,张建表示,加快基层卫生建设;扶持中医药事业的发展等几项任务将成为工作重点。",
        )
        .unwrap();
        assert_eq!(
            (k, rest.as_str()),
            (SectionKind::Plans, "加快基层卫生建设;扶持中医药事业的发展等几项任务将成为工作重点。")
        );
        assert_eq!(lead("成绩来之不易。展望未来,我们充满信心。"), None);
        // a plan's opening announces what follows
        assert_eq!(lead("为了贯彻“预防为主”的方针,特制定以下工作计划。一、工作指标").unwrap().0, SectionKind::Plans);
        assert_eq!(lead("去年制定了工作计划。"), None);
    }

    #[test]
    fn a_paragraph_may_open_with_the_year_ahead() {
        let opening = |s: &str| {
            let c = normalise(s);
            plan_opening_sentence(Knowledge::embedded(), &c, 0, c.len()).map(|i| slice(&c, i, c.len()))
        };
        // real sentences of the excerpts and the corpus
        assert_eq!(
            opening("2024年哈尔滨市卫生健康系统将坚定不移推进深化医改各项任务;精心谋划打造市属医院服务品牌。")
                .as_deref(),
            Some("哈尔滨市卫生健康系统将坚定不移推进深化医改各项任务;精心谋划打造市属医院服务品牌。")
        );
        assert_eq!(
            opening("今年化学需氧量、氨氮排放量要分别下降2%。").as_deref(),
            Some("化学需氧量、氨氮排放量要分别下降2%。")
        );
        // a dated 将 without a subject is the 将 of 把; a review; what the year is
        assert_eq!(opening("2010年9月,将城镇居民医疗保险和新型农村合作医疗统筹并轨。"), None);
        assert_eq!(opening("今年以来,全市卫生健康系统将工作重心放在基层。"), None);
        assert_eq!(opening("今年将召开中国共产党第十九次全国代表大会,是党和国家事业发展中具有重大意义的一年。"), None);
        assert_eq!(opening("2018年主要做了以下工作。"), None);
        // inside a paragraph the year ahead opens nothing (a date in a review)
        assert_eq!(lead("已选派10名骨干医师进修。2018年京蒙对口帮扶卫生人才培训班将于2018年7月9日在北京开班。"), None);
    }
}
