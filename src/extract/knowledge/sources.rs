//! Loading: the raw text of every knowledge file, compiled in or read from a folder.

use std::path::Path;

/// The raw text of each data file.
pub struct Sources {
    pub units: String,
    pub measure_words: String,
    pub vocabulary: String,
    pub sections: String,
    pub noise: String,
    pub metadata: String,
    pub indicators: String,
    pub categories: String,
    pub regions: String,
    pub region_aliases: String,
    pub not_places: String,
    pub script: String,
}

const FILES: [&str; 12] = [
    "units.toml",
    "measure_words.tsv",
    "vocabulary.toml",
    "sections.toml",
    "noise.toml",
    "metadata.toml",
    "indicators.toml",
    "issue_categories.toml",
    "gazetteer/regions.tsv",
    "gazetteer/aliases.tsv",
    "gazetteer/not_places.txt",
    "script/t2s.tsv",
];

impl Sources {
    pub fn embedded() -> Sources {
        Sources {
            units: include_str!("../../../data/units.toml").into(),
            measure_words: include_str!("../../../data/measure_words.tsv").into(),
            vocabulary: include_str!("../../../data/vocabulary.toml").into(),
            sections: include_str!("../../../data/sections.toml").into(),
            noise: include_str!("../../../data/noise.toml").into(),
            metadata: include_str!("../../../data/metadata.toml").into(),
            indicators: include_str!("../../../data/indicators.toml").into(),
            categories: include_str!("../../../data/issue_categories.toml").into(),
            regions: include_str!("../../../data/gazetteer/regions.tsv").into(),
            region_aliases: include_str!("../../../data/gazetteer/aliases.tsv").into(),
            not_places: include_str!("../../../data/gazetteer/not_places.txt").into(),
            script: include_str!("../../../data/script/t2s.tsv").into(),
        }
    }

    pub fn from_dir(dir: &Path) -> anyhow::Result<Sources> {
        let read = |name: &str| -> anyhow::Result<String> {
            std::fs::read_to_string(dir.join(name))
                .map_err(|e| anyhow::anyhow!("reading {}: {e}", dir.join(name).display()))
        };
        let [u, mw, v, s, n, m, i, c, r, a, np, sc] = FILES;
        Ok(Sources {
            units: read(u)?,
            measure_words: read(mw)?,
            vocabulary: read(v)?,
            sections: read(s)?,
            noise: read(n)?,
            metadata: read(m)?,
            indicators: read(i)?,
            categories: read(c)?,
            regions: read(r)?,
            region_aliases: read(a)?,
            not_places: read(np)?,
            script: read(sc)?,
        })
    }
}
