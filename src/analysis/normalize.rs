//! Text normalisation for comparing copy: two paragraphs that differ only in case, spacing or
//! punctuation are the same paragraph to a reader.

/// Lower-cased words separated by single spaces. Dots and apostrophes inside a word vanish
/// ("U.S." and "US" compare equal, so do "Russia's" and "Russias"); every other non-alphanumeric
/// character separates words ("US-Russia" is "us russia").
pub fn comparable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for ch in text.chars() {
        if ch.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.extend(ch.to_lowercase());
        } else if matches!(ch, '.' | '\'' | '\u{2019}' | '\u{2018}' | '\u{00AD}') {
            // Joins: abbreviation dots, apostrophes and soft hyphens do not split a word. A dot
            // followed by a space is still a boundary because the space sets `pending_space`.
        } else {
            pending_space = true;
        }
    }
    out
}

/// Number of words in a [`comparable`] string.
pub fn word_count(comparable: &str) -> usize {
    if comparable.is_empty() {
        0
    } else {
        comparable.bytes().filter(|&b| b == b' ').count() + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_spacing_and_punctuation_are_ignored() {
        assert_eq!(
            comparable("Trump declares US-Russia relations may be at 'all-time low'"),
            comparable("TRUMP  declares U.S.-Russia relations may be at “all-time low”.")
        );
        assert_eq!(comparable("Russia's  key ally"), "russias key ally");
        assert_eq!(comparable("Café 😀 — déjà vu"), "café déjà vu");
    }

    #[test]
    fn different_words_stay_different() {
        assert_ne!(comparable("killed 80 people"), comparable("killed 87 people"));
        assert_ne!(comparable("air base"), comparable("airbase"));
    }

    #[test]
    fn counts_words() {
        assert_eq!(word_count(""), 0);
        assert_eq!(word_count("a b c"), 3);
    }
}
