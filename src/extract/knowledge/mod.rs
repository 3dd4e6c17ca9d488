//! Knowledge that is data, not logic: units, vocabulary, section headings, noise
//! patterns, the indicator catalogue, the issue taxonomy and the gazetteer.
//!
//! The files live in `data/`; a copy is compiled in so the library and the CLI
//! work anywhere, and `Knowledge::load(dir)` reads an analyst's edited copy at
//! start-up instead.

mod catalogue;
mod categories;
mod gazetteer;
mod rules;
mod script;
mod sources;
mod units;
mod words;

use std::path::Path;

use once_cell::sync::Lazy;

pub use catalogue::*;
pub use categories::*;
pub use gazetteer::*;
pub use rules::*;
pub use script::*;
pub use sources::*;
pub use units::*;
pub use words::*;

#[derive(Debug)]
pub struct Knowledge {
    pub units: Units,
    pub vocab: Vocabulary,
    pub sections: SectionRules,
    pub noise: NoiseRules,
    pub meta: MetadataRules,
    pub catalogue: Catalogue,
    pub categories: Categories,
    pub gazetteer: Gazetteer,
    pub script: Script,
}

static EMBEDDED: Lazy<Knowledge> =
    Lazy::new(|| Knowledge::from_sources(&Sources::embedded()).expect("embedded knowledge files are valid"));

impl Knowledge {
    /// The copy compiled into the binary (built once, on first use).
    pub fn embedded() -> &'static Knowledge {
        &EMBEDDED
    }

    /// Read the data files from `dir` (an analyst's edited copy).
    pub fn load(dir: &Path) -> anyhow::Result<Knowledge> {
        Knowledge::from_sources(&Sources::from_dir(dir)?)
    }

    pub fn from_sources(s: &Sources) -> anyhow::Result<Knowledge> {
        Ok(Knowledge {
            units: units::parse_units(&s.units, &s.measure_words)?,
            vocab: rules::parse_vocabulary(&s.vocabulary)?,
            sections: rules::parse_sections(&s.sections)?,
            noise: rules::parse_noise(&s.noise)?,
            meta: rules::parse_metadata(&s.metadata)?,
            catalogue: catalogue::parse_catalogue(&s.indicators)?,
            categories: categories::parse_categories(&s.categories)?,
            gazetteer: gazetteer::parse_gazetteer(&s.regions, &s.region_aliases, &s.not_places)?,
            script: script::parse_script(&s.script)?,
        })
    }
}
