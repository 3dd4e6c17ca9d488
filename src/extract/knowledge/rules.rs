//! Schemas of the rule files: naming vocabulary, section headings, noise, metadata.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::{Regex, RegexSet};
use serde::Deserialize;

use super::gazetteer::RegionLevel;
use super::words::WordList;

#[derive(Debug)]
pub struct Vocabulary {
    pub name_prefixes: WordList,
    pub name_words_kept: WordList,
    pub threshold_groups: WordList,
    pub threshold_marks: WordList,
    pub gap_bases: WordList,
    pub span_averages: WordList,
    pub span_words: WordList,
    /// Words before a two-digit "N年" that make it a count of years (连续11年丰收).
    pub duration_before: WordList,
    /// Verbs right before N期 that make it a count of sessions (举办三期), not a phase (医院二期).
    pub session_verbs: WordList,
    pub span_totals: WordList,
    pub rank_verbs: WordList,
    pub rank_scopes: WordList,
    pub name_leading_verbs: WordList,
    pub name_suffixes: WordList,
    pub right_stops: WordList,
    pub bare_measures: WordList,
    pub change_up: WordList,
    pub change_down: WordList,
    pub level_verbs: WordList,
    pub change_nouns_down: WordList,
    pub change_nouns_up: WordList,
    pub target_before: WordList,
    pub target_after: WordList,
    pub requirement_words: WordList,
    pub comparison_markers: WordList,
    pub result_verbs: WordList,
    pub name_adverbs: WordList,
    pub target_in_sentence: WordList,
    pub achieved_words: WordList,
    pub condition_frames: WordList,
    pub level_rate_names: WordList,
    pub change_leading: WordList,
    pub relative_years: Vec<(Vec<char>, i32)>,
    pub plan_year_words: WordList,
    pub per_capita_chars: Vec<char>,
    pub five_year_plans: Vec<(Vec<char>, i32)>,
    pub five_year_plan_after: WordList,
    pub ratio_words: WordList,
    pub completion_words: WordList,
}

#[derive(Deserialize)]
struct VocabularyFile {
    name_prefixes: Vec<String>,
    name_words_kept: Vec<String>,
    threshold_groups: Vec<String>,
    threshold_marks: Vec<String>,
    gap_bases: Vec<String>,
    span_averages: Vec<String>,
    span_words: Vec<String>,
    duration_before: Vec<String>,
    session_verbs: Vec<String>,
    span_totals: Vec<String>,
    rank_verbs: Vec<String>,
    rank_scopes: Vec<String>,
    name_leading_verbs: Vec<String>,
    name_suffixes: Vec<String>,
    right_stops: Vec<String>,
    bare_measures: Vec<String>,
    change_up: Vec<String>,
    change_down: Vec<String>,
    level_verbs: Vec<String>,
    change_nouns_down: Vec<String>,
    change_nouns_up: Vec<String>,
    target_before: Vec<String>,
    target_after: Vec<String>,
    requirement_words: Vec<String>,
    comparison_markers: Vec<String>,
    result_verbs: Vec<String>,
    name_adverbs: Vec<String>,
    target_in_sentence: Vec<String>,
    achieved_words: Vec<String>,
    condition_frames: Vec<String>,
    level_rate_names: Vec<String>,
    change_leading: Vec<String>,
    relative_years: std::collections::BTreeMap<String, i32>,
    plan_year_words: Vec<String>,
    per_capita_chars: String,
    five_year_plans: std::collections::BTreeMap<String, i32>,
    five_year_plan_after: Vec<String>,
    ratio_words: Vec<String>,
    completion_words: Vec<String>,
}

pub(super) fn parse_vocabulary(src: &str) -> anyhow::Result<Vocabulary> {
    let f: VocabularyFile = toml::from_str(src).map_err(|e| anyhow::anyhow!("vocabulary.toml: {e}"))?;
    Ok(Vocabulary {
        name_prefixes: WordList::new(&f.name_prefixes),
        name_words_kept: WordList::new(&f.name_words_kept),
        threshold_groups: WordList::new(&f.threshold_groups),
        threshold_marks: WordList::new(&f.threshold_marks),
        gap_bases: WordList::new(&f.gap_bases),
        span_averages: WordList::new(&f.span_averages),
        span_words: WordList::new(&f.span_words),
        duration_before: WordList::new(&f.duration_before),
        session_verbs: WordList::new(&f.session_verbs),
        span_totals: WordList::new(&f.span_totals),
        rank_verbs: WordList::new(&f.rank_verbs),
        rank_scopes: WordList::new(&f.rank_scopes),
        name_leading_verbs: WordList::new(&f.name_leading_verbs),
        name_suffixes: WordList::new(&f.name_suffixes),
        right_stops: WordList::new(&f.right_stops),
        bare_measures: WordList::new(&f.bare_measures),
        change_up: WordList::new(&f.change_up),
        change_down: WordList::new(&f.change_down),
        level_verbs: WordList::new(&f.level_verbs),
        change_nouns_down: WordList::new(&f.change_nouns_down),
        change_nouns_up: WordList::new(&f.change_nouns_up),
        target_before: WordList::new(&f.target_before),
        target_after: WordList::new(&f.target_after),
        requirement_words: WordList::new(&f.requirement_words),
        comparison_markers: WordList::new(&f.comparison_markers),
        result_verbs: WordList::new(&f.result_verbs),
        name_adverbs: WordList::new(&f.name_adverbs),
        target_in_sentence: WordList::new(&f.target_in_sentence),
        achieved_words: WordList::new(&f.achieved_words),
        condition_frames: WordList::new(&f.condition_frames),
        level_rate_names: WordList::new(&f.level_rate_names),
        change_leading: WordList::new(&f.change_leading),
        relative_years: f.relative_years.iter().map(|(w, d)| (crate::extract::text::normalise(w), *d)).collect(),
        plan_year_words: WordList::new(&f.plan_year_words),
        per_capita_chars: f.per_capita_chars.chars().collect(),
        five_year_plans: {
            let mut v: Vec<(Vec<char>, i32)> =
                f.five_year_plans.iter().map(|(w, y)| (crate::extract::text::normalise(w), *y)).collect();
            v.sort_by_key(|(w, _)| std::cmp::Reverse(w.len())); // 十五五 before 十五
            v
        },
        five_year_plan_after: WordList::new(&f.five_year_plan_after),
        ratio_words: WordList::new(&f.ratio_words),
        completion_words: WordList::new(&f.completion_words),
    })
}

// ---------------------------------------------------------------- sections

#[derive(Debug)]
pub struct SectionRules {
    /// (kind, words) in precedence order.
    pub kinds: Vec<(String, WordList)>,
    pub max_bare_heading: usize,
    pub shortcoming_terms: WordList,
    pub shortcoming_share: f64,
    pub headless_shortcoming_share: f64,
    /// Field names of a task breakdown (责任单位:, 完成时限:) that open a line.
    pub task_fields: WordList,
    pub plan_starters: RegexSet,
    pub problem_leads: ProblemLeads,
    pub plan_leads: RegexSet,
    /// Sentences that are themselves next steps; the item starts where the match ends.
    pub plan_sentences: Vec<Regex>,
    /// The same, read only where the sentence opens its paragraph (a year ahead named).
    pub plan_paragraph_openers: Vec<Regex>,
    /// Words that make a list item a requirement (一要…, 一是要…, 必须…).
    pub directive_words: WordList,
    pub conclusion_starts: WordList,
    /// A notice's forwarding sentence (现印发给你们) and its issuing office's suffixes.
    pub notice_phrases: WordList,
    pub organ_suffixes: WordList,
    pub organ_line_max: usize,
    /// Verbs that make a problem's resolve a next step, within `remedy_span` of its start.
    pub remedy_verbs: WordList,
    pub remedy_span: usize,
    pub item_sentences: usize,
    pub item_whole_chars: usize,
}

/// The vocabulary of a sentence that opens a problems passage (data/sections.toml).
#[derive(Debug)]
pub struct ProblemLeads {
    pub verbs: WordList,
    pub nouns: WordList,
    pub concessive: WordList,
    pub solving: WordList,
    pub still_open: WordList,
    /// Solving verbs that only aim at a problem named as existing (针对存在的…).
    pub naming: WordList,
    pub lead_span: usize,
    /// Vague counts (不少, 一些) that make a problem clause a summary.
    pub vague_counts: WordList,
    pub then: WordList,
    /// Words between a listed lead's 等 and its noun (等方面的问题), longest first.
    pub listed_tails: Vec<Vec<char>>,
    /// Measure words of a count after a list's 等 (等八个方面问题).
    pub listed_measures: WordList,
    /// A clause that admits a problem by its predicate (…短缺的问题依然十分突出).
    pub persisting: Vec<Regex>,
    /// Words that turn a sentence from what was done to what is lacking (但, 然而).
    pub turns: WordList,
    /// Words that open a list of problems (诸如, 例如, 如).
    pub list_openers: WordList,
    /// Verbs that lead only right after a concessive and close before the noun (仍有较大差距).
    pub bare_verbs: WordList,
    pub bare_verb_span: usize,
}

#[derive(Deserialize)]
struct SectionsFile {
    kind: Vec<SectionKindWords>,
    max_bare_heading: usize,
    shortcoming_terms: Vec<String>,
    shortcoming_share: f64,
    headless_shortcoming_share: f64,
    task_fields: Vec<String>,
    plan_starters: Vec<String>,
    problem_leads: ProblemLeadsFile,
    plan_leads: Vec<String>,
    plan_sentences: Vec<String>,
    plan_paragraph_openers: Vec<String>,
    directive_words: Vec<String>,
    conclusion_starts: Vec<String>,
    notice_phrases: Vec<String>,
    organ_suffixes: Vec<String>,
    organ_line_max: usize,
    remedy_verbs: Vec<String>,
    remedy_span: usize,
    item_sentences: usize,
    item_whole_chars: usize,
}
#[derive(Deserialize)]
struct SectionKindWords {
    name: String,
    words: Vec<String>,
}
#[derive(Deserialize)]
struct ProblemLeadsFile {
    verbs: Vec<String>,
    nouns: Vec<String>,
    concessive: Vec<String>,
    solving: Vec<String>,
    still_open: Vec<String>,
    naming: Vec<String>,
    lead_span: usize,
    vague_counts: Vec<String>,
    then: Vec<String>,
    listed_tails: Vec<String>,
    listed_measures: Vec<String>,
    persisting: Vec<String>,
    turns: Vec<String>,
    list_openers: Vec<String>,
    bare_verbs: Vec<String>,
    bare_verb_span: usize,
}

pub(super) fn parse_sections(src: &str) -> anyhow::Result<SectionRules> {
    let f: SectionsFile = toml::from_str(src).map_err(|e| anyhow::anyhow!("sections.toml: {e}"))?;
    let known = ["causes", "problems", "plans", "measures", "achievements"];
    if let Some(k) = f.kind.iter().find(|k| !known.contains(&k.name.as_str())) {
        anyhow::bail!("sections.toml: unknown section kind {:?}", k.name);
    }
    let l = f.problem_leads;
    Ok(SectionRules {
        kinds: f.kind.iter().map(|k| (k.name.clone(), WordList::new(&k.words))).collect(),
        max_bare_heading: f.max_bare_heading,
        shortcoming_terms: WordList::new(&f.shortcoming_terms),
        shortcoming_share: f.shortcoming_share,
        headless_shortcoming_share: f.headless_shortcoming_share,
        task_fields: WordList::new(&f.task_fields),
        plan_starters: RegexSet::new(&f.plan_starters)
            .map_err(|e| anyhow::anyhow!("sections.toml plan_starters: {e}"))?,
        problem_leads: ProblemLeads {
            verbs: WordList::new(&l.verbs),
            nouns: WordList::new(&l.nouns),
            concessive: WordList::new(&l.concessive),
            solving: WordList::new(&l.solving),
            still_open: WordList::new(&l.still_open),
            naming: WordList::new(&l.naming),
            lead_span: l.lead_span,
            vague_counts: WordList::new(&l.vague_counts),
            then: WordList::new(&l.then),
            listed_measures: WordList::new(&l.listed_measures),
            turns: WordList::new(&l.turns),
            list_openers: WordList::new(&l.list_openers),
            bare_verbs: WordList::new(&l.bare_verbs),
            bare_verb_span: l.bare_verb_span,
            persisting: l
                .persisting
                .iter()
                .map(|p| Regex::new(p).map_err(|e| anyhow::anyhow!("sections.toml persisting: {e}")))
                .collect::<anyhow::Result<_>>()?,
            listed_tails: {
                let mut t: Vec<Vec<char>> = l.listed_tails.iter().map(|w| w.chars().collect()).collect();
                t.sort_by_key(|w| std::cmp::Reverse(w.len()));
                t
            },
        },
        plan_leads: RegexSet::new(&f.plan_leads).map_err(|e| anyhow::anyhow!("sections.toml plan_leads: {e}"))?,
        plan_sentences: regexes("sections.toml plan_sentences", &f.plan_sentences)?,
        plan_paragraph_openers: regexes("sections.toml plan_paragraph_openers", &f.plan_paragraph_openers)?,
        directive_words: WordList::new(&f.directive_words),
        conclusion_starts: WordList::new(&f.conclusion_starts),
        notice_phrases: WordList::new(&f.notice_phrases),
        organ_suffixes: WordList::new(&f.organ_suffixes),
        organ_line_max: f.organ_line_max,
        remedy_verbs: WordList::new(&f.remedy_verbs),
        remedy_span: f.remedy_span,
        item_sentences: f.item_sentences,
        item_whole_chars: f.item_whole_chars,
    })
}

// ---------------------------------------------------------------- noise

#[derive(Debug)]
pub struct NoiseRules {
    pub max_noise_line: usize,
    pub line: RegexSet,
    pub tail: RegexSet,
    pub glued_suffixes: WordList,
    pub inline: Vec<Regex>,
}

#[derive(Deserialize)]
struct NoiseFile {
    max_noise_line: usize,
    line: Vec<String>,
    tail: Vec<String>,
    glued_suffixes: Vec<String>,
    inline: Vec<String>,
}

pub(super) fn parse_noise(src: &str) -> anyhow::Result<NoiseRules> {
    let f: NoiseFile = toml::from_str(src).map_err(|e| anyhow::anyhow!("noise.toml: {e}"))?;
    Ok(NoiseRules {
        max_noise_line: f.max_noise_line,
        line: RegexSet::new(&f.line).map_err(|e| anyhow::anyhow!("noise.toml line: {e}"))?,
        tail: RegexSet::new(&f.tail).map_err(|e| anyhow::anyhow!("noise.toml tail: {e}"))?,
        glued_suffixes: WordList::new(&f.glued_suffixes),
        inline: f
            .inline
            .iter()
            .map(|p| Regex::new(p))
            .collect::<Result<_, _>>()
            .map_err(|e| anyhow::anyhow!("noise.toml inline: {e}"))?,
    })
}

// ---------------------------------------------------------------- metadata

#[derive(Debug)]
pub struct MetadataRules {
    pub doc_types: Vec<String>,
    pub title_words: WordList,
    pub title_strip: Vec<Regex>,
    /// (level, words) for how a report names its own area.
    pub self_reference: Vec<(RegionLevel, Vec<String>)>,
    /// All self-reference words in one automaton; pattern i belongs to `self_reference_level[i]`.
    pub self_reference_matcher: AhoCorasick,
    pub self_reference_level: Vec<RegionLevel>,
    pub generic_doc_types: Vec<String>,
    /// A genre word as users name the genre (总结 → 工作总结).
    pub genre_as_said: std::collections::HashMap<String, String>,
    pub plan_genres: Vec<String>,
    /// (genre, the opening patterns that state it)
    pub genre_cues: Vec<(String, Vec<Regex>)>,
    pub title_fields: Regex,
    pub not_title: RegexSet,
    pub subtitle: Regex,
    pub issuer_patterns: Vec<Regex>,
    pub national_cues: Vec<String>,
}

#[derive(Deserialize)]
struct MetadataFile {
    doc_types: Vec<String>,
    generic_doc_types: Vec<String>,
    #[serde(default)]
    genre_as_said: std::collections::HashMap<String, String>,
    plan_genres: Vec<String>,
    genre_cue: Vec<GenreCue>,
    title_words: Vec<String>,
    title_fields: String,
    not_title: Vec<String>,
    subtitle: String,
    title_strip: Vec<String>,
    self_reference: SelfReference,
    issuer: Issuer,
}
#[derive(Deserialize)]
struct GenreCue {
    genre: String,
    patterns: Vec<String>,
}
#[derive(Deserialize)]
struct Issuer {
    patterns: Vec<String>,
    national: Vec<String>,
}

fn regexes(what: &str, patterns: &[String]) -> anyhow::Result<Vec<Regex>> {
    patterns.iter().map(|p| Regex::new(p).map_err(|e| anyhow::anyhow!("{what}: {e}"))).collect()
}
#[derive(Deserialize)]
struct SelfReference {
    prefecture: Vec<String>,
    county: Vec<String>,
    province: Vec<String>,
}

pub(super) fn parse_metadata(src: &str) -> anyhow::Result<MetadataRules> {
    let f: MetadataFile = toml::from_str(src).map_err(|e| anyhow::anyhow!("metadata.toml: {e}"))?;
    let mut doc_types = f.doc_types;
    doc_types.sort_by_key(|d| std::cmp::Reverse(d.chars().count()));
    Ok(MetadataRules {
        doc_types,
        title_words: WordList::new(&f.title_words),
        title_strip: f
            .title_strip
            .iter()
            .map(|p| Regex::new(p))
            .collect::<Result<_, _>>()
            .map_err(|e| anyhow::anyhow!("metadata.toml title_strip: {e}"))?,
        self_reference_matcher: AhoCorasickBuilder::new().match_kind(MatchKind::Standard).build(
            f.self_reference.prefecture.iter().chain(&f.self_reference.county).chain(&f.self_reference.province),
        )?,
        self_reference_level: std::iter::repeat_n(RegionLevel::Prefecture, f.self_reference.prefecture.len())
            .chain(std::iter::repeat_n(RegionLevel::County, f.self_reference.county.len()))
            .chain(std::iter::repeat_n(RegionLevel::Province, f.self_reference.province.len()))
            .collect(),
        self_reference: vec![
            (RegionLevel::Prefecture, f.self_reference.prefecture),
            (RegionLevel::County, f.self_reference.county),
            (RegionLevel::Province, f.self_reference.province),
        ],
        generic_doc_types: f.generic_doc_types,
        genre_as_said: f.genre_as_said,
        plan_genres: f.plan_genres,
        genre_cues: f
            .genre_cue
            .iter()
            .map(|c| Ok((c.genre.clone(), regexes("metadata.toml genre_cue", &c.patterns)?)))
            .collect::<anyhow::Result<_>>()?,
        title_fields: Regex::new(&f.title_fields)?,
        not_title: RegexSet::new(&f.not_title)?,
        subtitle: Regex::new(&f.subtitle)?,
        issuer_patterns: regexes("metadata.toml issuer", &f.issuer.patterns)?,
        national_cues: f.issuer.national,
    })
}
