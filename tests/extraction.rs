//! The parser as a library, on report styles the seeds do not show: full-width
//! digits and punctuation, 1./2./3. problem lists, a 统计公报 full of figures.

use healthreport::extract::{extract, Extraction, Knowledge, Limits, Overrides};

fn parse(name: &str) -> Extraction {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/extra").join(name);
    extract(Knowledge::embedded(), &std::fs::read(&path).unwrap(), Some(name), None, &Overrides::default(), &Limits::default()).unwrap()
}

fn ind<'a>(ex: &'a Extraction, raw: &str) -> &'a healthreport::extract::IndicatorOut {
    ex.indicators.iter().find(|i| i.raw == raw).unwrap_or_else(|| panic!("no {raw}"))
}

#[test]
fn county_summary_with_full_width_text() {
    let ex = parse("county_2021_fullwidth.txt");
    assert_eq!(ex.meta.title.as_deref(), Some("XX县卫生健康局2021年工作总结"));
    assert_eq!(ex.meta.year, Some(2021));
    assert!(ex.meta.region.is_none(), "an anonymised county with no place names has no region: {:?}", ex.meta.region);
    let cov = ind(&ex, "４５.３％");
    assert_eq!((cov.value, cov.indicator_key.as_deref()), (Some(45.3), Some("family_doctor_contract_coverage")));
    let up = ind(&ex, "３.２个百分点");
    assert_eq!((up.kind.as_str(), up.unit.as_str()), ("change", "百分点"), "较上年提高 is a change");
    assert_eq!(ind(&ex, "１２３.４万人次").value, Some(1_234_000.0));
    assert_eq!(ind(&ex, "８.６％").kind, "change");
    assert_eq!(ind(&ex, "９０％").kind, "target", "力争… in the plans");
    assert_eq!(ex.issues.len(), 3);
    assert_eq!(ex.issues[0].category.as_deref(), Some("人才队伍"));
    assert_eq!(ex.issues[2].category.as_deref(), Some("信息化"));
    assert_eq!(ex.plans.len(), 3);
}

#[test]
fn statistical_bulletin() {
    let ex = parse("city_2022_statistical_bulletin.txt");
    assert_eq!(ex.meta.doc_type.as_deref(), Some("统计公报"));
    assert_eq!(ex.meta.region.as_ref().map(|r| r.name.as_str()), Some("绍兴市"));
    let keys: Vec<(&str, Option<&str>)> = ex.indicators.iter().map(|i| (i.raw.as_str(), i.indicator_key.as_deref())).collect();
    for (raw, key) in [
        ("3568个", "medical_institutions"),
        ("2.81万张", "hospital_beds"),
        ("5.3张", "beds_per_1000"),
        ("2.31万人", "licensed_doctors"),
        ("4.36人", "doctors_per_1000"),
        ("3.52/10万", "maternal_mortality_ratio"),
        ("1.85‰", "infant_mortality_rate"),
        ("2.41‰", "under5_mortality_rate"),
    ] {
        assert!(keys.contains(&(raw, Some(key))), "{raw} → {key}: {keys:?}");
    }
    assert_eq!(ind(&ex, "1205张").kind, "change", "比上年增加1205张");
    assert!(ex.issues.is_empty());
}
