//! Stage 6, indicators: each quantity becomes an observation with a name (what a
//! spreadsheet column would say), a kind (value, change, target), the year it
//! refers to and a catalogue key.
//!
//! Names are read the way Chinese puts them: the words before a number name it
//! ("农民参合率达到97.2%"); a count that qualifies a noun is named by the noun
//! after it ("45个社区卫生服务中心"); a comparison or a change without its own
//! subject ("比2006年的14.85%", "提高了4.31个百分点") takes the name of the value
//! before it; 分别 distributes a list of subjects over a list of values. Each rule is a
//! named unit in `names` with its own examples; kind, year, key and plausibility follow in
//! `kinds`, `years`, `keys` and `plausibility`.

mod keys;
mod kinds;
mod lists;
mod names;
mod phrase;
mod plausibility;
mod years;

use serde::Serialize;

use super::knowledge::Knowledge;
use super::outline::{Outline, SectionKind};
use super::quantities::Quantity;
use super::text::sentence_around;
use phrase::{left_boundary, parse_left, tidy, LeftParse};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndicatorKind {
    /// A level or amount.
    Value,
    /// A difference (decreases negative).
    Change,
    /// A goal or requirement.
    Target,
}

impl IndicatorKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            IndicatorKind::Value => "value",
            IndicatorKind::Change => "change",
            IndicatorKind::Target => "target",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Indicator {
    /// Index of the quantity in the extraction's quantity list.
    pub quantity: usize,
    pub name: String,
    pub indicator_key: Option<String>,
    /// What matched the catalogue entry.
    pub key_basis: Option<String>,
    /// Why the figure is implausible, if it is.
    pub suspect: Option<String>,
    pub kind: IndicatorKind,
    /// A change word ruled the figure (增长12%), whatever its kind: a relative change, or a
    /// target for one, belongs to the measure it changes.
    pub relative: bool,
    pub value: Option<f64>,
    pub unit: String,
    pub year: Option<i32>,
    /// How the year was found: explicit, comparison, context, report, the year the report reviews.
    pub year_basis: &'static str,
    pub approximate: bool,
    pub comparator: Option<String>,
    /// The sentence the value was read from.
    pub evidence: (usize, usize),
    pub section_kind: SectionKind,
}

pub struct Context<'a> {
    pub kb: &'a Knowledge,
    pub chars: &'a [char],
    pub body: std::ops::Range<usize>,
    pub outline: &'a Outline,
    pub report_year: Option<i32>,
    /// The report's title: with the section headings, the scope a generic name is read in.
    pub title: &'a str,
    /// A government work report: it reviews the year before the one it is delivered in.
    pub work_report: bool,
    /// Delivered late in the year it names (2022年12月21日): it reviews that year instead,
    /// and its targets are for the next.
    pub delivered_late: bool,
}

impl Context<'_> {
    /// The year a work report reviews.
    pub fn reviewed_year(&self) -> Option<i32> {
        self.report_year.map(|y| if self.delivered_late { y } else { y - 1 })
    }
}

/// What the text around figure `k` says, read once for every rule.
pub(super) struct Reading {
    pub k: usize,
    /// The sentence (to ; or 。) and the year scope (to 。).
    pub ss: usize,
    pub se: usize,
    pub ys: usize,
    /// The figure before in the same sentence (qualifiers aside).
    pub prev_same: Option<usize>,
    /// Where the words naming the figure start.
    pub lb: usize,
    pub left: LeftParse,
    /// Where the next figure (or the sentence) starts: the limit of words read to the right.
    pub next_start: usize,
    pub count_like: bool,
    /// A target phrase follows (…的目标值).
    pub target_after: bool,
    /// A change or level verb follows (…增长, …提高到): the next clause, not a name.
    pub verb_follows: bool,
}

impl Reading {
    fn of(cx: &Context, qs: &[Quantity], k: usize) -> Reading {
        let (kb, chars, q) = (cx.kb, cx.chars, &qs[k]);
        let (ss, se) = sentence_around(chars, q.start);
        let (ys, _) = years::year_scope(chars, q.start, cx.body.start);
        let prev_same = (0..k).rev().find(|&j| qs[j].start >= ss && !qs[j].qualifier);
        let lb = left_boundary(chars, q, prev_same.map(|j| qs[j].after), ss.max(cx.body.start));
        let next_start =
            qs[k + 1..].iter().find(|n| !n.qualifier).map(|n| n.start).unwrap_or(usize::MAX).min(se.min(cx.body.end));
        let v = &kb.vocab;
        let verb_follows = v.change_up.prefix_at(chars, q.after).is_some()
            || v.change_down.prefix_at(chars, q.after).is_some()
            || v.level_verbs.prefix_at(chars, q.after).is_some();
        Reading {
            k,
            ss,
            se,
            ys,
            prev_same,
            lb,
            left: parse_left(kb, &chars[lb..q.start]),
            next_start,
            count_like: !matches!(q.family.as_str(), "percent" | "point" | "times" | "money" | "per100k"),
            target_after: v.target_after.prefix_at(chars, q.after).is_some(),
            verb_follows,
        }
    }
}

pub fn indicators(cx: &Context, qs: &[Quantity]) -> Vec<Indicator> {
    let years = years::year_mentions(cx.kb, cx.chars, &cx.body, cx.report_year);
    let mut st = names::NameState::default();
    let mut out: Vec<Indicator> = Vec::with_capacity(qs.len());
    for (k, q) in qs.iter().enumerate() {
        let r = Reading::of(cx, qs, k);
        let name = names::name_of(cx, qs, &r, &mut st);
        let (kind, change) = kinds::kind_of(cx, q, &r, &name);
        let value = q.value.map(|v| if kind == IndicatorKind::Change && change == Some(-1) { -v.abs() } else { v });
        let (year, year_basis) = years::year_of(cx, &years, q, &r, kind);
        st.names.push(name.clone());
        out.push(Indicator {
            quantity: k,
            name: tidy(&name),
            indicator_key: None,
            key_basis: None,
            suspect: None,
            kind,
            relative: change.is_some(),
            value,
            unit: q.unit.clone(),
            year,
            year_basis,
            approximate: q.approximate,
            comparator: q.comparator.clone(),
            evidence: (r.ss, r.se),
            section_kind: cx.outline.kind_at(q.start),
        });
    }
    for ind in &mut out {
        keys::key(cx, &qs[ind.quantity], ind);
        ind.suspect = plausibility::suspect(cx, ind);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{outline::outline, quantities::quantities, text::normalise};

    pub(super) fn run(s: &str, year: Option<i32>) -> Vec<Indicator> {
        read(s, year, false)
    }

    /// The figures of `s` read as a government work report delivered in `year`.
    fn run_work_report(s: &str, year: i32) -> Vec<Indicator> {
        read(s, Some(year), true)
    }

    fn read(s: &str, year: Option<i32>, work_report: bool) -> Vec<Indicator> {
        let kb = Knowledge::embedded();
        let chars = normalise(s);
        let body = 0..chars.len();
        let o = outline(kb, &chars, body.clone());
        let qs = quantities(kb, &chars, body.clone());
        indicators(
            &Context {
                kb,
                chars: &chars,
                body,
                outline: &o,
                report_year: year,
                title: "",
                work_report,
                delivered_late: false,
            },
            &qs,
        )
    }

    /// The figure of value `v`, if one was read.
    fn of_value(inds: &[Indicator], v: f64) -> Option<&Indicator> {
        inds.iter().find(|i| i.value == Some(v))
    }

    pub(super) fn names(s: &str) -> Vec<String> {
        run(s, Some(2007)).into_iter().map(|i| i.name).collect()
    }

    #[test]
    fn names_from_the_words_before() {
        assert_eq!(
            names("全市参合农民达到369.7万人,农民参合率达到97.2%,农民人均筹资额已达到116元。"),
            vec!["参合农民", "农民参合率", "农民人均筹资额"]
        );
    }

    #[test]
    fn an_age_is_a_qualifier_before_a_noun_and_a_value_at_the_end() {
        let inds = run("居民人均预期寿命达到78.9岁,5岁以下儿童死亡率4.05‰。", Some(2019));
        let life = inds.iter().find(|i| i.value == Some(78.9)).unwrap();
        assert!(life.name.ends_with("人均预期寿命"), "{}", life.name);
        assert_eq!(life.indicator_key.as_deref(), Some("life_expectancy"));
        let u5 = inds.iter().find(|i| i.value == Some(4.05)).unwrap();
        assert_eq!(u5.name, "5岁以下儿童死亡率");
        assert_eq!(u5.indicator_key.as_deref(), Some("under5_mortality_rate"));
    }

    #[test]
    fn leading_actions_and_target_words_are_not_part_of_the_name() {
        let inds = run("组建家庭医生团队128个,签约覆盖率达到45.2%。力争县域内就诊率稳定在90%以上。", Some(2021));
        let got: Vec<&str> = inds.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(got, vec!["家庭医生团队", "签约覆盖率", "县域内就诊率"]);
        assert_eq!(inds[2].kind, IndicatorKind::Target);
        assert_eq!(inds[2].indicator_key.as_deref(), Some("county_inpatient_rate"));
        // a verb with only a bare measure after it is the name itself
        assert_eq!(names("覆盖率达到95%。"), vec!["覆盖率"]);
    }

    #[test]
    fn words_of_their_own_and_redacted_years_in_names() {
        // set2/tune c02 and b07: 在统 / 在库 are words, 20xx年 a date, 我乡 a scope word
        assert_eq!(
            names("全县在统投资项目仅26个,在库项目仅剩投资额3.5亿元。20xx年我乡获得二次补偿218人次。"),
            vec!["在统投资项目", "在库项目仅剩投资额", "获得二次补偿"]
        );
    }

    #[test]
    fn thresholds_that_name_a_group_or_a_mark_are_unkeyed() {
        let inds = run("全部财政收入超10亿元的县达到52个。人均地区生产总值突破5万关口、达到5.28万元。", Some(2012));
        let key = |v: f64| of_value(&inds, v).and_then(|i| i.indicator_key.clone());
        assert_eq!(key(1e9), None, "超10亿元的县 names a group of counties");
        assert_eq!(key(5e4), None, "突破5万关口 is a mark passed");
        assert_eq!(key(52800.0).as_deref(), Some("gdp_per_capita"), "the figure reached is the measure");
    }

    #[test]
    fn a_gap_to_a_target_or_another_region_is_no_change_of_the_measure() {
        let inds = run("城镇登记失业率3.43%,比省定目标低0.57个百分点;参合率比上年提高2.1个百分点。", Some(2006));
        let key = |v: f64| of_value(&inds, v).and_then(|i| i.indicator_key.clone());
        assert_eq!(key(-0.57), None, "比省定目标低 is a gap");
        assert_eq!(key(2.1).as_deref(), Some("ncms_participation_rate"), "比上年 is a change");
    }

    #[test]
    fn figures_of_a_span_of_years_have_no_single_year() {
        let inds = run("一、过去五年工作回顾\n五年来,生产总值年均增长6.3%,累计新增城镇就业200万人,城镇化率由45.9%提高到52.6%。2017年粮食产量700亿斤。\n", Some(2017));
        let year = |v: f64| of_value(&inds, v).map(|i| i.year);
        assert_eq!(year(6.3), Some(None), "a yearly average over five years");
        assert_eq!(year(2_000_000.0), Some(None), "a total over the years reviewed");
        assert_eq!(year(45.9), Some(Some(2012)), "the start of 由A提高到B: the year before the span");
        assert_eq!(year(7e10), Some(Some(2017)), "a figure with its own year keeps it");
    }

    #[test]
    fn planned_yearly_averages_and_changes_against_last_year() {
        // 河北省_2021 and state_council_2007, in the tasks part of a work report
        let inds = run_work_report("二、“十四五”时期发展的重点任务\n到2025年常住人口城镇化率达到65%以上,居民人均可支配收入年均增长6%左右。\n三、今年主要任务\n今年全国财政安排农村义务教育经费2235亿元,比去年增加395亿元。\n", 2007);
        let year = |v: f64| of_value(&inds, v).map(|i| i.year);
        assert_eq!(year(65.0), Some(Some(2025)), "a target with its own year");
        assert_eq!(year(6.0), Some(None), "a yearly average over the plan period, though a year stands earlier");
        assert_eq!(year(3.95e10), Some(Some(2007)), "this year's change against last year");
    }

    #[test]
    fn years_that_are_bases_durations_or_starts_of_a_span() {
        let inds = run("财政收入分别是2005年的2.3倍和2.6倍;规模以上工业增加值达到8182.8亿元。峰会14年来首次走出德国,进出口总额3.6万亿元。2003年以来城镇新增就业116万人。", Some(2011));
        let year = |v: f64| of_value(&inds, v).map(|i| i.year);
        assert_eq!(year(8.1828e11), Some(Some(2011)), "是2005年的2.3倍 compares; it sets no context");
        assert_eq!(year(3.6e12), Some(Some(2011)), "14年来 counts years");
        assert_eq!(year(1_160_000.0), Some(None), "an amount since 2003 is of no single year");
    }

    #[test]
    fn a_review_of_the_plan_period_just_ended_spans_five_years() {
        // 河北省_2011_report: the 十一五 review of a work report delivered in 2011
        let inds = run_work_report(
            "一、“十一五”时期经济社会发展取得重大成就\n城镇居民人均可支配收入由9107元提高到16190元。\n",
            2011,
        );
        let year = |v: f64| of_value(&inds, v).map(|i| i.year);
        assert_eq!(year(9107.0), Some(Some(2005)), "the start is the year before the period");
        assert_eq!(year(16190.0), Some(Some(2010)));
    }

    #[test]
    fn a_work_report_delivered_in_december_reviews_its_own_year() {
        let kb = Knowledge::embedded();
        let chars = normalise("民生保障力度持续加大,新增学位10790个。明年,新增城镇就业1.2万人。\n");
        let body = 0..chars.len();
        let o = outline(kb, &chars, body.clone());
        let qs = quantities(kb, &chars, body.clone());
        let year_of = |delivered_late: bool, v: f64| {
            let cx = Context {
                kb,
                chars: &chars,
                body: body.clone(),
                outline: &o,
                report_year: Some(2022),
                title: "",
                work_report: true,
                delivered_late,
            };
            of_value(&indicators(&cx, &qs), v).and_then(|i| i.year)
        };
        assert_eq!(year_of(false, 10790.0), Some(2021), "a report of January reviews the year before");
        assert_eq!(year_of(true, 10790.0), Some(2022));
        assert_eq!(year_of(true, 12000.0), Some(2023), "明年 counts from the report's year");
        assert!(crate::extract::metadata::delivered_late_in(2022, "福州市晋安区人民政府工作报告(2022年12月21日)", ""));
        assert!(crate::extract::metadata::delivered_late_in(
            2022,
            "政府工作报告",
            "——2022年11月28日在区第一届人民代表大会"
        ));
        assert!(!crate::extract::metadata::delivered_late_in(
            2023,
            "政府工作报告",
            "——2023年1月12日在市第十六届人民代表大会"
        ));
    }

    #[test]
    fn ranks_after_a_verb_or_a_scope_and_ordinals_that_are_not() {
        let inds =
            run("地区生产总值增幅全省排第7位,综合考核全市第一。列入全省第三批试点,建成全省第一个示范区。", Some(2019));
        let got: Vec<(String, Option<f64>)> = inds.iter().map(|i| (i.name.clone(), i.value)).collect();
        assert_eq!(
            got,
            vec![("地区生产总值增幅全省排名".to_string(), Some(7.0)), ("综合考核全市排名".to_string(), Some(1.0))]
        );
    }

    #[test]
    fn counts_are_named_by_their_noun() {
        assert_eq!(
            names("目前全市45个社区卫生服务中心均已与省、市公立医院建立定点技术协作关系。"),
            vec!["社区卫生服务中心"]
        );
    }

    #[test]
    fn comparisons_and_changes_take_the_name_before() {
        let inds = run("2007年全市参合农民门诊平均补偿率达到19.16%,比2006年的14.85%提高了4.31个百分点。", Some(2007));
        assert_eq!(inds.len(), 3);
        assert!(inds.iter().all(|i| i.name.contains("门诊平均补偿率")));
        assert_eq!(inds[1].year, Some(2006));
        assert_eq!(inds[2].kind, IndicatorKind::Change);
        assert_eq!(inds[2].year, Some(2007));
        assert_eq!(inds[0].indicator_key.as_deref(), Some("outpatient_compensation_rate"));
    }

    #[test]
    fn decreases_are_negative_changes() {
        let inds = run("全市报告布病病例289例,同比下降34.91%。", Some(2018));
        assert_eq!(inds[1].kind, IndicatorKind::Change);
        assert_eq!(inds[1].value, Some(-34.91));
        assert!(inds[1].name.contains("布病"));
    }

    #[test]
    fn a_relative_change_is_keyed_to_its_measure() {
        let inds = run("全区基层医疗卫生机构门急诊量同比增长12.6%,床位3.21万张,比上年增长4.6%。", Some(2019));
        let keyed: Vec<(Option<&str>, IndicatorKind)> =
            inds.iter().map(|i| (i.indicator_key.as_deref(), i.kind)).collect();
        assert_eq!(
            keyed,
            vec![
                (Some("outpatient_visits"), IndicatorKind::Change),
                (Some("hospital_beds"), IndicatorKind::Value),
                (Some("hospital_beds"), IndicatorKind::Change)
            ]
        );
    }

    #[test]
    fn a_per_population_ratio_is_not_the_count() {
        let key = |s: &str| run(s, Some(2022)).into_iter().map(|i| i.indicator_key).collect::<Vec<_>>();
        assert_eq!(key("全区每万人口全科医生数仅为2.1人。"), vec![Some("gps_per_10000".to_string())]);
        assert_eq!(key("全区注册全科医生120人。"), vec![Some("general_practitioners".to_string())]);
        // the target the value falls short of belongs to the same measure
        let inds = run("全区每万人口全科医生数仅为2.1人,距离3人的目标仍有差距。", Some(2022));
        assert_eq!((inds[1].name.as_str(), inds[1].kind), ("每万人口全科医生数", IndicatorKind::Target));
    }

    #[test]
    fn times_and_result_verbs_are_not_part_of_the_name() {
        assert_eq!(names("近10年累计建成胸痛中心12个。"), vec!["胸痛中心"]);
        assert_eq!(names("城区急救平均反应时间缩短至12分钟以内。"), vec!["城区急救平均反应时间"]);
    }

    #[test]
    fn targets() {
        let inds = run("全市药占比为30.5%,低于自治区要求的33%以下的目标值。", Some(2018));
        assert_eq!(inds[1].kind, IndicatorKind::Target);
        assert!(inds[1].name.contains("药占比"));
        let inds = run("2018年拟完成150个病种的单病种付费。", Some(2018));
        assert_eq!(inds[0].kind, IndicatorKind::Target);
    }

    #[test]
    fn distributive_lists() {
        assert_eq!(names("城镇职工、居民参保率分别达x%、x%;"), vec!["城镇职工参保率", "居民参保率"]);
        let n = names("其中卫技岗位8458个、管理岗位538个、工勤岗位816人,分别占86.2%、5.48%、8.32%;");
        assert_eq!(&n[3..], &["卫技岗位占比", "管理岗位占比", "工勤岗位占比"]);
        let n = names("卫技岗位高、中、初级及以下职称的分别是831个、3722个、3905个,分别占9.82%、44%、46.18 %。");
        assert_eq!(&n[..3], &["卫技岗位高级及以下职称", "卫技岗位中级及以下职称", "卫技岗位初级及以下职称"]);
        assert_eq!(n[4], "卫技岗位中级及以下职称占比");
        assert_eq!(
            names("城镇职工医保、城镇居民医保的平均报销比例分别达到x%和x%;"),
            vec!["城镇职工医保平均报销比例", "城镇居民医保平均报销比例"]
        );
    }

    #[test]
    fn year_of_the_sentence_context() {
        let inds = run("2018年3月,完成了2017年度公立医院综合改革效果评价考核工作,全市药占比为30.5%;百元医疗收入中消耗的卫生材料费用为17.4元。旗县医共体由2017年的7个扩大为10个。", Some(2018));
        let y: Vec<Option<i32>> = inds.iter().map(|i| i.year).collect();
        assert_eq!(y, vec![Some(2017), Some(2017), Some(2017), Some(2018)]);
    }
}
