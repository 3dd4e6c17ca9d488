//! Script: the one-character traditional → simplified table (data/script/t2s.tsv, from
//! OpenCC). The parser reads a traditional text through it; offsets do not move.

use rustc_hash::{FxHashMap, FxHashSet};

#[derive(Debug, Default)]
pub struct Script {
    to_simplified: FxHashMap<char, char>,
    /// Characters that are never simplified ones: their share tells a traditional text.
    traditional_only: FxHashSet<char>,
}

/// A text is read as traditional when at least this share of its CJK characters are
/// traditional-only ones (a traditional text has 15–30 %; a simplified one quoting a
/// traditional name far below 1 %).
const TRADITIONAL_SHARE: f64 = 0.03;

impl Script {
    pub fn simplified(&self, c: char) -> char {
        self.to_simplified.get(&c).copied().unwrap_or(c)
    }

    pub fn is_traditional(&self, text: &[char]) -> bool {
        let cjk = text.iter().filter(|c| crate::extract::text::is_cjk(**c)).count();
        let trad = text.iter().filter(|c| self.traditional_only.contains(c)).count();
        trad >= 3 && trad as f64 >= TRADITIONAL_SHARE * cjk as f64
    }
}

pub(super) fn parse_script(src: &str) -> anyhow::Result<Script> {
    let mut s = Script::default();
    for (n, line) in src.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let one = |i: usize| -> anyhow::Result<char> {
            let mut it = cols.get(i).copied().unwrap_or("").chars();
            match (it.next(), it.next()) {
                (Some(c), None) => Ok(c),
                _ => anyhow::bail!("script/t2s.tsv line {}: column {} is not one character", n + 1, i + 1),
            }
        };
        let (t, simple) = (one(0)?, one(1)?);
        s.to_simplified.insert(t, simple);
        if cols.get(2) == Some(&"1") {
            s.traditional_only.insert(t);
        }
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use crate::extract::knowledge::Knowledge;
    use crate::extract::text::normalise;

    #[test]
    fn traditional_texts_are_told_and_read_character_by_character() {
        let kb = Knowledge::embedded();
        let t = normalise("全縣新農合參合率達到97.2%,衞生院醫療服務能力進一步提高。");
        assert!(kb.script.is_traditional(&t));
        let s: String = t.iter().map(|&c| kb.script.simplified(c)).collect();
        assert_eq!(s, "全县新农合参合率达到97.2%,卫生院医疗服务能力进一步提高。");
        assert!(!kb.script.is_traditional(&normalise("全县新农合参合率达到97.2%,卫生院医疗服务能力进一步提高。")));
    }
}
