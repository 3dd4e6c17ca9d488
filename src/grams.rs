//! What issue search matches on: a text's distinct characters and character
//! pairs. Each stored issue carries its grams (indexed with GIN); a search term's
//! grams must all be there before the term is looked for in the text itself.

/// The distinct characters and character pairs of a text (letters and digits
/// only, lower-cased), sorted.
pub fn grams(text: &str) -> Vec<String> {
    let cs: Vec<char> = text.chars().flat_map(char::to_lowercase).filter(|c| c.is_alphanumeric()).collect();
    let mut set: std::collections::BTreeSet<String> = cs.iter().map(|c| c.to_string()).collect();
    set.extend(cs.windows(2).map(|w| w.iter().collect::<String>()));
    set.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::grams;

    #[test]
    fn characters_and_pairs_of_letters_and_digits() {
        assert_eq!(grams("人才，人才A"), ["a", "人", "人才", "才", "才a", "才人"]);
        assert!(grams("，。 ").is_empty());
    }

    #[test]
    fn a_terms_grams_are_among_the_grams_of_a_text_holding_it() {
        let text = grams("基层医疗卫生人才短缺");
        assert!(grams("人才").iter().all(|g| text.contains(g)));
    }
}
