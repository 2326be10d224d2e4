//! Text normalisation for comparing copy: two paragraphs that differ only in case, spacing or
//! punctuation are the same paragraph to a reader.

/// [`char::is_alphanumeric`], answered at once for the characters beyond ASCII that news copy
/// is fullest of, which the standard library looks up in its tables: the accented letters of
/// Latin scripts (U+00C0 to U+024F: all letters but `×` and `÷`) and the General Punctuation
/// block (U+2000 to U+206F: dashes, curly quotes, special spaces; no letters or digits).
pub fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    quick_letter(c).unwrap_or_else(|| c.is_alphanumeric())
}

/// [`char::is_alphabetic`], the same way as [`is_alphanumeric`].
pub fn is_alphabetic(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    quick_letter(c).unwrap_or_else(|| c.is_alphabetic())
}

/// Whether `c` is a letter, for the two ranges [`is_alphanumeric`] answers itself (where no
/// character is a digit).
fn quick_letter(c: char) -> Option<bool> {
    match c {
        '\u{00C0}'..='\u{024F}' => Some(!matches!(c, '×' | '÷')),
        '\u{2000}'..='\u{206F}' => Some(false),
        _ => None,
    }
}

/// Lower-cased words separated by single spaces. Dots and apostrophes inside a word vanish
/// ("U.S." and "US" compare equal, so do "Russia's" and "Russias"); every other non-alphanumeric
/// character separates words ("US-Russia" is "us russia").
pub fn comparable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for ch in text.chars() {
        if is_alphanumeric(ch) {
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
    /// The quick answers are the standard library's, for every character.
    #[test]
    fn quick_letter_tests_agree_with_the_standard_library() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            assert_eq!(super::is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
            assert_eq!(super::is_alphabetic(c), c.is_alphabetic(), "{c:?}");
        }
    }

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
