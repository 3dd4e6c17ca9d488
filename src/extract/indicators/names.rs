//! Naming rules: what a spreadsheet column would call a figure.
//!
//! Each rule is a named unit with its own examples (the tests at the end quote real
//! sentences). They run in the order of `NAME_RULES` over the words the figure's left side
//! gave (`Reading::left`), each free to extend, replace or borrow the name.

use super::lists::{borrow_measure, distributive_names, measure_like};
use super::phrase::{parse_left, right_np, strip_spaces};
use super::{Context, Reading};
use crate::extract::quantities::Quantity;
use crate::extract::text::{is_cjk, is_clause_end, is_space};

/// What earlier figures left for later ones.
#[derive(Default)]
pub(super) struct NameState {
    /// The name of every figure read so far, by quantity index.
    pub names: Vec<Vec<char>>,
    /// Names a 分别 list assigned ahead to the figures after its first.
    pub forced: std::collections::HashMap<usize, Vec<char>>,
    /// A header clause ("基本药物销售占比为,") naming the values listed after it: (sentence start, header).
    pub header: Option<(usize, Vec<char>)>,
}

struct RuleInput<'a, 'b> {
    pub cx: &'a Context<'b>,
    pub qs: &'a [Quantity],
    pub r: &'a Reading,
}

type NameRule = fn(&RuleInput, &mut NameState, &mut Vec<char>);

/// The naming rules, in the order they apply.
const NAME_RULES: &[(&str, NameRule)] = &[
    ("words after the number", words_after),
    ("a count named by the qualified noun after it", count_before_its_noun),
    ("a share of the subject before (占…的85%)", share_of_subject_before),
    ("nothing of its own: the name of the figure before", name_of_figure_before),
    ("a subject stated once carries to the clauses after it", subject_carries),
    ("a bare measure takes the subject of the count before", bare_measure_takes_subject),
    ("a parallel subject borrows the measure across a semicolon", parallel_subject_borrows_measure),
    ("、-joined items share the head before them", joined_items_share_head),
    ("a header clause names the values listed after it", header_clause),
    ("a generic count takes its list item's subject", generic_count_takes_item_subject),
    ("分别 distributes subjects over values", distributive_list),
    ("a requirement clause names the value it constrains", requirement_clause),
    ("words of the clause that are not the name come off", trim_clause_words),
    ("a rank is named as one (增幅全省排 → 增幅全省排名)", rank_named_as_rank),
];

/// "增幅全省排第7位", "综合成绩全市第一": a rank is named by what is ranked and 排名, without
/// the verb that placed it.
fn rank_named_as_rank(i: &RuleInput, _: &mut NameState, name: &mut Vec<char>) {
    if i.qs[i.r.k].family != "rank" {
        return;
    }
    let v = &i.cx.kb.vocab;
    while let Some(n) = v.rank_verbs.suffix_at(name, name.len()) {
        if name[name.len() - n..] == ['排', '名'] {
            return;
        }
        name.truncate(name.len() - n);
    }
    // 位居全市第二: a verb before the scope comes off too
    if let Some(n) = v.rank_verbs.prefix_at(name, 0).filter(|&n| n < name.len() && name[..n] != ['排', '名']) {
        name.drain(..n);
    }
    if !name.ends_with(&['排', '名']) && !name.ends_with(&['名', '次']) {
        name.extend(['排', '名']);
    }
}

/// The name of figure `r.k`.
pub(super) fn name_of(cx: &Context, qs: &[Quantity], r: &Reading, st: &mut NameState) -> Vec<char> {
    let input = RuleInput { cx, qs, r };
    let mut name = r.left.name.clone();
    for (_, rule) in NAME_RULES {
        rule(&input, st, &mut name);
    }
    name
}

/// An age band qualifies the noun after it (5岁以下儿童死亡率); a count that qualifies a
/// noun, or a value joined by 的, is named by the noun after it; "100%实施": the verb after
/// a share belongs to its name. Not when the words after are a target phrase or the next
/// clause's verb.
fn words_after(i: &RuleInput, _: &mut NameState, name: &mut Vec<char>) {
    let (kb, chars, q, r) = (i.cx.kb, i.cx.chars, &i.qs[i.r.k], i.r);
    if q.qualifier {
        *name = strip_spaces(&chars[q.start..q.after]);
        name.extend(right_np(kb, chars, q.after, r.next_start));
    } else if r.target_after || r.left.comparison || r.verb_follows {
    } else if (q.attributive && q.family != "percent") || q.followed_by_de {
        name.extend(right_np(kb, chars, q.after, r.next_start));
    } else if q.after < chars.len() && is_cjk(chars[q.after]) && q.family == "percent" {
        let np = right_np(kb, chars, q.after, r.next_start);
        name.extend_from_slice(&np[..np.len().min(6)]);
    }
}

/// "14683名6-24月龄儿童…", "40名2017年全科医生…": a count followed by its qualifier is named
/// by the words after it.
fn count_before_its_noun(i: &RuleInput, _: &mut NameState, name: &mut Vec<char>) {
    let (chars, q, r) = (i.cx.chars, &i.qs[i.r.k], i.r);
    if name.is_empty()
        && !r.left.comparison
        && !r.verb_follows
        && !r.target_after
        && q.after < chars.len()
        && !is_clause_end(chars[q.after])
        && r.count_like
    {
        *name = right_np(i.cx.kb, chars, q.after, r.next_start);
    }
}

/// "占建制乡镇总数的85%": a share of the subject named before.
fn share_of_subject_before(i: &RuleInput, st: &mut NameState, name: &mut Vec<char>) {
    if name.first() == Some(&'占') {
        if let Some(p) = i.r.prev_same.map(|j| &st.names[j]) {
            let mut v = p.clone();
            v.extend_from_slice(name);
            *name = v;
        }
    }
}

/// "比2006年的14.85%", "提高了4.31个百分点": nothing left of its own, the figure takes the
/// name of the one before it (a share of it when 占 said so); with no figure before, the
/// clause before names it ("中标率较高,达66.13%").
fn name_of_figure_before(i: &RuleInput, st: &mut NameState, name: &mut Vec<char>) {
    if !name.is_empty() {
        return;
    }
    let (chars, r) = (i.cx.chars, i.r);
    if let Some(p) = r.prev_same.map(|j| &st.names[j]) {
        *name = p.clone();
        if r.left.share && i.qs[r.k].unit == "%" {
            name.extend("占比".chars());
        }
    } else if r.lb > r.ss {
        let cs = r.lb.saturating_sub(1);
        let mut a = cs;
        while a > r.ss && !matches!(chars[a - 1], ',' | ':' | ';' | '。') {
            a -= 1;
        }
        *name = parse_left(i.cx.kb, &chars[a..cs]).name;
    }
}

/// "全区基层医疗卫生机构门急诊量同比增长12.6%,床位3.21万张": a name that opens with a
/// measure has no subject of its own; the subject of the figure before in the sentence
/// (what precedes that figure's measure) carries over.
fn subject_carries(i: &RuleInput, st: &mut NameState, name: &mut Vec<char>) {
    let cat = &i.cx.kb.catalogue;
    let Some(j) = i.r.prev_same else { return };
    let here: String = name.iter().collect();
    // only a bare measure (床位, 住院人次占…): a longer term names its own subject (5岁以下儿童死亡率)
    let opening = cat.opening_term_len(&here);
    let bare = i.cx.kb.vocab.bare_measures.suffix_at(name, name.len()).is_some() && name.len() <= 4;
    if name.is_empty() || i.qs[i.r.k].qualifier || bare || opening == 0 || opening > 4 {
        return;
    }
    let prev: String = st.names[j].iter().collect();
    let Some(at) = cat.final_term_at(&prev).filter(|&a| a >= 2) else { return };
    let subject: Vec<char> = prev.chars().take(at).collect();
    // a clause with a finished verb (村医参加了线上…) is no subject
    if subject.contains(&'了') {
        return;
    }
    if !name.starts_with(&subject) {
        let mut v = subject;
        v.extend_from_slice(name);
        *name = v;
    }
}

/// "7岁以下儿童79682名,管理率92.8%": a bare measure takes the subject of the count before;
/// "三级医疗机构执行“两票制”的品规…,旗县级医疗机构…%": a parallel subject the measure.
fn bare_measure_takes_subject(i: &RuleInput, st: &mut NameState, name: &mut Vec<char>) {
    let (q, r) = (&i.qs[i.r.k], i.r);
    let (Some(j), Some(p)) = (r.prev_same, r.prev_same.map(|j| st.names[j].clone())) else { return };
    let pq = &i.qs[j];
    let bare = name.len() <= 4 && i.cx.kb.vocab.bare_measures.suffix_at(name, name.len()).is_some();
    if bare && pq.family != "percent" && !p.ends_with(name) {
        let mut v = p;
        v.extend_from_slice(name);
        *name = v;
    } else if q.unit == "%" && pq.unit == "%" {
        if let Some(b) = borrow_measure(&p, name) {
            *name = b;
        }
    }
}

/// "二级医院实施临床路径…比例由…;三级医院由10%左右…": a parallel subject borrows the
/// measure of the previous value, also across a semicolon.
fn parallel_subject_borrows_measure(i: &RuleInput, st: &mut NameState, name: &mut Vec<char>) {
    let (q, r) = (&i.qs[i.r.k], i.r);
    if q.unit != "%" || r.prev_same.is_some() || measure_like(name) {
        return;
    }
    if let Some(j) = (0..r.k).rev().find(|&j| i.qs[j].start >= r.ys && i.qs[j].unit == "%") {
        if let Some(b) = borrow_measure(&st.names[j], name) {
            *name = b;
        }
    }
}

/// "限期整改的定点医疗机构7家、定点药店5家" and "资助“参保”x人、“参合”x人": the shorter
/// parallel item after a 、 shares the head of the one before.
fn joined_items_share_head(i: &RuleInput, st: &mut NameState, name: &mut Vec<char>) {
    let (q, r) = (&i.qs[i.r.k], i.r);
    let Some(j) = r.prev_same else { return };
    let (pq, p) = (&i.qs[j], &st.names[j]);
    if !(r.count_like && pq.family == q.family && i.cx.chars[pq.after..q.start].contains(&'、')) {
        return;
    }
    if let Some(d) = p.iter().position(|&c| c == '的').filter(|d| !name.contains(&'的') && d + 1 < p.len()) {
        let mut v = p[..=d].to_vec();
        v.extend_from_slice(name);
        *name = v;
    } else if !name.is_empty() && name.len() < p.len() && name.last() == p.last() && !p.ends_with(name) {
        let mut v = p[..p.len() - name.len()].to_vec();
        v.extend_from_slice(name);
        *name = v;
    }
}

/// "基本药物销售占比为,基层医疗卫生机构59.72%,二级医疗机构34.47%": a header clause ending
/// in 为/是/: without a number names the values listed after it in the sentence.
fn header_clause(i: &RuleInput, st: &mut NameState, name: &mut Vec<char>) {
    let (chars, r) = (i.cx.chars, i.r);
    if let Some((hs, header)) = &st.header {
        if *hs == r.ss && !name.is_empty() && !measure_like(name) && !name.starts_with(header) {
            *name = bracketed(header, name);
        }
    }
    if !(r.lb > r.ss + 1 && matches!(chars[r.lb - 1], ',' | ':')) {
        return;
    }
    let clause_end = r.lb - 1;
    let mut a = clause_end;
    while a > r.ss && !matches!(chars[a - 1], ',' | ':' | ';' | '。') {
        a -= 1;
    }
    let clause = strip_spaces(&chars[a..clause_end]);
    let no_number = !i.qs.iter().any(|x| x.start >= a && x.start < clause_end);
    if no_number && (chars[clause_end] == ':' || matches!(clause.last(), Some('为' | '是'))) && measure_like(&clause)
    {
        let h = parse_left(i.cx.kb, &clause).name;
        if !h.is_empty() && !name.starts_with(&h) {
            if !measure_like(name) {
                *name = bracketed(&h, name);
            }
            st.header = Some((r.ss, h));
        }
    }
}

fn bracketed(head: &[char], inner: &[char]) -> Vec<char> {
    let mut v = head.to_vec();
    v.push('(');
    v.extend_from_slice(inner);
    v.push(')');
    v
}

/// "已参保人数60344人" under "一是城乡居民医保:": a generic count takes the subject of the
/// list item it sits in.
fn generic_count_takes_item_subject(i: &RuleInput, _: &mut NameState, name: &mut Vec<char>) {
    let generic = ["人数", "人次", "总数", "户数"];
    if name.len() > 5 || !generic.iter().any(|w| name.ends_with(&w.chars().collect::<Vec<_>>())) {
        return;
    }
    if let Some(h) = i.cx.outline.item_heading_at(i.qs[i.r.k].start) {
        let h: Vec<char> = h.chars().take_while(|c| !matches!(c, ',' | '。' | ':' | ';')).collect();
        if h.len() <= 20 && !h.ends_with(name) {
            let mut v = h;
            v.extend_from_slice(name);
            *name = v;
        }
    }
}

/// "城镇职工、居民参保率分别达x%、x%": each value of a 分别 run its own subject.
fn distributive_list(i: &RuleInput, st: &mut NameState, name: &mut Vec<char>) {
    let k = i.r.k;
    if let Some(n) = st.forced.remove(&k) {
        *name = n;
    } else if let Some(run) = distributive_names(i.cx, i.qs, k, &st.names) {
        let mut it = run.into_iter();
        if let Some((_, first)) = it.next() {
            *name = first;
        }
        st.forced.extend(it);
    }
}

/// "X率为N%,低于省定的M%以下的目标值" (shape of the genre): a clause that only states a
/// requirement names the value before it.
fn requirement_clause(i: &RuleInput, st: &mut NameState, name: &mut Vec<char>) {
    if !i.r.target_after {
        return;
    }
    let only_req = name.is_empty() || {
        let mut rest = name.clone();
        while let Some(n) = i.cx.kb.vocab.requirement_words.prefix_at(&rest, 0) {
            rest.drain(..n);
        }
        rest.is_empty()
    };
    if only_req {
        if let Some(p) = i.r.prev_same.map(|j| &st.names[j]) {
            *name = p.clone();
        }
    }
}

/// "实现地区生产总值N亿元", "生产总值完成N亿元", "人均生产总值由YYYY年的N万元",
/// "稳步提高…": verbs of the clause, a leftover 由…年 and adverbs are not part of the name.
fn trim_clause_words(i: &RuleInput, _: &mut NameState, name: &mut Vec<char>) {
    let v = &i.cx.kb.vocab;
    for _ in 0..4 {
        let before = name.len();
        if let Some(n) = v.result_verbs.suffix_at(name, name.len()).filter(|&n| n < name.len()) {
            name.truncate(name.len() - n);
        }
        // "完成…指标任务的113.8%": a share of what was done keeps its verb
        let share = i.qs[i.r.k].unit == "%";
        if let Some(n) = v.result_verbs.prefix_at(name, 0).filter(|&n| n + 1 < name.len() && !share) {
            name.drain(..n);
        }
        if let Some(n) = v.name_adverbs.prefix_at(name, 0).filter(|&n| n + 1 < name.len()) {
            name.drain(..n);
        }
        strip_trailing_base(name);
        if name.len() == before {
            break;
        }
    }
    while name.last().is_some_and(|c| is_space(*c) || matches!(c, '和' | '及' | '与' | '、')) {
        name.pop();
    }
}

/// "…由2005年的" / "…由每人每年" / "…从": a comparison's opening left at a name's end.
fn strip_trailing_base(name: &mut Vec<char>) {
    let Some(p) = name.iter().rposition(|c| matches!(c, '由' | '从')) else { return };
    let tail: String = name[p + 1..].iter().collect();
    let tail = tail.trim_end_matches('的');
    let year_only = tail.trim_end_matches('年').chars().all(|c| c.is_ascii_digit()) && tail.ends_with('年');
    let per_person = ["每人每年", "每人", "人均", "每年"].contains(&tail);
    if p > 0 && (tail.is_empty() || year_only || per_person) {
        name.truncate(p);
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{names, run};

    // The examples are real sentences of the development corpus, the seeds and the excerpts.

    #[test]
    fn words_after_the_number() {
        assert_eq!(
            names("目前全市45个社区卫生服务中心均已与省、市公立医院建立定点技术协作关系。"),
            vec!["社区卫生服务中心"]
        );
        let inds = run("居民人均预期寿命达到78.9岁,5岁以下儿童死亡率4.05‰。", Some(2019));
        assert_eq!(inds[1].name, "5岁以下儿童死亡率");
    }

    #[test]
    fn the_clause_words_come_off() {
        assert_eq!(names("全年实现地区生产总值5503亿元、增长5.4%。")[0], "地区生产总值");
        assert_eq!(names("2010年全市生产总值完成2050.3亿元。")[0], "生产总值");
        let n = names("人均生产总值由2005年的1.47万元提高到2.8万元。");
        assert_eq!(n, vec!["人均生产总值", "人均生产总值"]);
        let n = names("新农合和城镇居民基本医疗保险财政补助标准由每人每年240元提高到280元。");
        assert_eq!(n[1], "新农合和城镇居民基本医疗保险财政补助标准");
    }

    #[test]
    fn the_name_of_the_figure_before() {
        let inds = run("全市报告布病病例289例,同比下降34.91%。", Some(2018));
        assert!(inds[1].name.contains("布病"));
        assert_eq!(names("地区生产总值2860亿元,增长7.5%。"), vec!["地区生产总值", "地区生产总值"]);
    }
}
