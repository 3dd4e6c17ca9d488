//! The issue taxonomy (data/issue_categories.toml).

use serde::Deserialize;

use super::words::WordList;

#[derive(Debug)]
pub struct Categories {
    pub categories: Vec<(String, WordList)>,
}

#[derive(Deserialize)]
struct CategoriesFile {
    category: Vec<CategoryToml>,
}
#[derive(Deserialize)]
struct CategoryToml {
    key: String,
    words: Vec<String>,
}

pub(super) fn parse_categories(src: &str) -> anyhow::Result<Categories> {
    let f: CategoriesFile = toml::from_str(src).map_err(|e| anyhow::anyhow!("issue_categories.toml: {e}"))?;
    Ok(Categories { categories: f.category.into_iter().map(|c| (c.key, WordList::new(&c.words))).collect() })
}

impl Categories {
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.categories.iter().map(|(k, _)| k.as_str())
    }

    /// Category with the highest word score; words in the lead sentence count double.
    pub fn classify(&self, lead: &[char], body: &[char]) -> String {
        let mut best: Option<(usize, &str)> = None;
        for (key, words) in &self.categories {
            if words.words.is_empty() {
                continue;
            }
            let score = 2 * words.count_in(lead) + words.count_in(body);
            if score > 0 && best.is_none_or(|b| score > b.0) {
                best = Some((score, key));
            }
        }
        best.map(|b| b.1.to_string()).unwrap_or_else(|| "其他".to_string())
    }
}
