//! Paragraph fingerprints: word shingles for finding near-duplicate copy.
//!
//! A paragraph becomes the set of hashes of its overlapping three-word runs (shingles), taken
//! from the [`comparable`](crate::analysis::normalize::comparable) words so that case, spacing
//! and punctuation never matter. Two copies of a wire paragraph with a word swapped share all
//! shingles but the three that contain the swap; a paraphrase shares almost none. The hashes are
//! a fixed function of the text (no random seed), so results are the same on every run.

/// Words per shingle. Three keeps "air base" / "airbase" and "global" / "worldwide" from
/// sinking a long copy, while two paragraphs that merely share a name and a verb share nothing.
pub const SHINGLE_WORDS: usize = 3;

/// Shingles per paragraph that go into the workspace index: the smallest hashes of the set, a
/// bottom-k MinHash sketch. Two paragraphs with Jaccard similarity J miss each other's sketch
/// with probability about (1 - J)^16: 1 in 65,000 for J = 0.5, while the index holds 16 entries
/// per paragraph instead of one per word.
pub const SKETCH: usize = 16;

/// The fingerprint of one paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Print {
    /// Number of comparable words.
    pub words: usize,
    /// Hash of the whole comparable text: equal for exact copies.
    pub exact: u64,
    /// Sorted, deduplicated shingle hashes.
    pub shingles: Vec<u64>,
}

/// How alike two paragraphs are.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Similarity {
    /// Shared shingles over all shingles of both: 1.0 for copies.
    pub jaccard: f64,
    /// Shared shingles over the shingles of the smaller paragraph: 1.0 when one is contained in
    /// the other ("…, Lavrov said." added to a quote).
    pub containment: f64,
    pub shared: usize,
}

/// [`Print::of`] while it reads: FNV-1a of the whole comparable text and of the word being
/// read, the hashes of the words read, whether a word has begun (the comparable text is not
/// empty), and whether a separator came since the last letter or digit.
struct Reading<'a> {
    words: &'a mut Vec<u64>,
    exact: u64,
    word: u64,
    started: bool,
    pending_space: bool,
}

impl Reading<'_> {
    /// A letter or digit comes: after a separator, the word before it ends.
    fn letter(&mut self) {
        if self.pending_space && self.started {
            self.words.push(mix(self.word));
            self.word = FNV_OFFSET;
            self.exact = fnv(self.exact, b' ');
        }
        self.started = true;
        self.pending_space = false;
    }

    /// A byte of the lower-cased letter.
    fn byte(&mut self, byte: u8) {
        self.exact = fnv(self.exact, byte);
        self.word = fnv(self.word, byte);
    }
}

impl Print {
    /// The fingerprint of `text`: the words and whole-text hash of its
    /// [`comparable`](crate::analysis::normalize::comparable) form and the hashes of its
    /// shingles. The comparable text is never built: one pass over `text` hashes each word and
    /// the whole as their lower-case bytes go by, reading ASCII bytes without decoding them.
    /// A test holds it to the straightforward way: build the comparable string, split it, hash.
    pub fn of(text: &str) -> Print {
        WORDS.with(|buffer| {
            let mut words = buffer.take();
            words.clear();
            let bytes = text.as_bytes();
            let mut state = Reading {
                words: &mut words,
                exact: FNV_OFFSET,
                word: FNV_OFFSET,
                started: false,
                pending_space: false,
            };
            let mut i = 0;
            while i < bytes.len() {
                let b = bytes[i];
                if b.is_ascii() {
                    i += 1;
                    let folded = ASCII_FOLDED[usize::from(b)];
                    if folded != 0 {
                        state.letter();
                        let (mut exact, mut word) = (fnv(state.exact, folded), fnv(state.word, folded));
                        // The rest of a run of ASCII letters and digits: nothing to decide
                        // between them.
                        while let Some(&folded) = bytes.get(i).map(|&b| &ASCII_FOLDED[usize::from(b)]) {
                            if folded == 0 {
                                break;
                            }
                            (exact, word) = (fnv(exact, folded), fnv(word, folded));
                            i += 1;
                        }
                        (state.exact, state.word) = (exact, word);
                    } else if b != b'.' && b != b'\'' {
                        state.pending_space = true;
                    }
                    continue;
                }
                // A non-ASCII character: decode it. `i` is a char boundary, as every ASCII byte
                // and every whole character before it ended on one.
                let Some(ch) = text[i..].chars().next() else { break };
                i += ch.len_utf8();
                if crate::analysis::normalize::is_alphanumeric(ch) {
                    state.letter();
                    let mut utf8 = [0u8; 4];
                    for lower in ch.to_lowercase() {
                        for &byte in lower.encode_utf8(&mut utf8).as_bytes() {
                            state.byte(byte);
                        }
                    }
                } else if !matches!(ch, '\u{2019}' | '\u{2018}' | '\u{00AD}') {
                    state.pending_space = true;
                }
            }
            let (started, word, exact) = (state.started, state.word, state.exact);
            if started {
                words.push(mix(word));
            }
            let print = Print { words: words.len(), exact: mix(exact), shingles: shingles(&words) };
            buffer.set(words);
            print
        })
    }

    /// The fingerprint of `text` the straightforward way, through its comparable string: what
    /// [`Print::of`] must equal.
    #[cfg(test)]
    fn of_comparable(text: &str) -> Print {
        let comparable = crate::analysis::normalize::comparable(text);
        let words: Vec<u64> = comparable.split(' ').filter(|w| !w.is_empty()).map(|w| hash(w.as_bytes())).collect();
        Print { words: words.len(), exact: hash(comparable.as_bytes()), shingles: shingles(&words) }
    }

    /// The bottom-k sketch: the smallest shingle hashes (shingles are sorted).
    pub fn sketch(&self) -> &[u64] {
        &self.shingles[..self.shingles.len().min(SKETCH)]
    }

    pub fn similarity(&self, other: &Print) -> Similarity {
        let shared = intersection_len(&self.shingles, &other.shingles);
        Similarity::of(shared, self.shingles.len(), other.shingles.len())
    }

    /// [`Print::similarity`] when `keep` accepts it, else `None`; `keep` must accept every
    /// similarity with more shared shingles than one it accepts (a threshold on `jaccard` or
    /// `containment` does).
    ///
    /// Most pairs a sketch brings together share a stock phrase and little else. The merge of
    /// their shingle lists stops as soon as the shingles still unread cannot bring the shared
    /// count to the fewest `keep` accepts, and pairs whose sizes alone rule that out ("at best
    /// the smaller is all in the larger") are not merged at all. Both tests use the very
    /// similarities `keep` would see: the answer is the one the whole merge gives.
    pub fn similarity_if(&self, other: &Print, keep: impl Fn(&Similarity) -> bool) -> Option<Similarity> {
        let (a, b) = (&self.shingles, &other.shingles);
        let at = |shared: usize| Similarity::of(shared, a.len(), b.len());
        let most = a.len().min(b.len());
        if !keep(&at(most)) {
            return None;
        }
        // The fewest shared shingles `keep` accepts, by bisection: `most` is one.
        let (mut need, mut above) = (0, most);
        while need < above {
            let mid = (need + above) / 2;
            if keep(&at(mid)) {
                above = mid;
            } else {
                need = mid + 1;
            }
        }
        let similarity = at(shared_at_least(a, b, need)?);
        keep(&similarity).then_some(similarity)
    }
}

impl Similarity {
    /// The similarity of two sets of `a` and `b` shingles that share `shared`.
    fn of(shared: usize, a: usize, b: usize) -> Similarity {
        let union = a + b - shared;
        let smaller = a.min(b);
        Similarity {
            jaccard: if union == 0 { 0.0 } else { shared as f64 / union as f64 },
            containment: if smaller == 0 { 0.0 } else { shared as f64 / smaller as f64 },
            shared,
        }
    }
}

/// Size of the intersection of two sorted, deduplicated slices.
pub fn intersection_len(a: &[u64], b: &[u64]) -> usize {
    shared_at_least(a, b, 0).expect("every size is at least 0")
}

/// Size of the intersection of two sorted, deduplicated slices, or `None` as soon as what is
/// left unread cannot bring it to `need`.
fn shared_at_least(a: &[u64], b: &[u64], need: usize) -> Option<usize> {
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        if shared + (a.len() - i).min(b.len() - j) < need {
            return None;
        }
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    (shared >= need).then_some(shared)
}

/// Sorted, deduplicated hashes of the shingles of a paragraph's words (their hashes): one
/// shingle of all the words when there are fewer than [`SHINGLE_WORDS`].
fn shingles(words: &[u64]) -> Vec<u64> {
    let mut shingles: Vec<u64> = if words.len() < SHINGLE_WORDS {
        if words.is_empty() {
            Vec::new()
        } else {
            vec![words.iter().fold(0, |acc, &w| mix(acc ^ w))]
        }
    } else {
        words.windows(SHINGLE_WORDS).map(|win| win.iter().fold(0x9e37_79b9_7f4a_7c15, |acc, &w| mix(acc ^ w))).collect()
    };
    shingles.sort_unstable();
    shingles.dedup();
    shingles
}

thread_local! {
    /// The word hashes of the paragraph [`Print::of`] is reading, kept between calls so that a
    /// thread fingerprinting thousands of paragraphs allocates the list once.
    static WORDS: std::cell::Cell<Vec<u64>> = const { std::cell::Cell::new(Vec::new()) };
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// Each ASCII byte that is a letter or a digit, lower-cased; 0 for the others.
const ASCII_FOLDED: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let byte = b as u8;
        if byte.is_ascii_alphanumeric() {
            table[b] = byte.to_ascii_lowercase();
        }
        b += 1;
    }
    table
};

/// One byte of FNV-1a.
#[inline]
fn fnv(h: u64, byte: u8) -> u64 {
    (h ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
}

/// FNV-1a, finished with a mixer: stable across runs and platforms. [`Print::of`] computes it
/// byte by byte as it reads; the reference construction in the tests calls it whole.
#[cfg(test)]
fn hash(bytes: &[u8]) -> u64 {
    mix(bytes.iter().fold(FNV_OFFSET, |h, &b| fnv(h, b)))
}

/// The finaliser of SplitMix64.
fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_differing_in_case_and_punctuation_are_identical() {
        let a = Print::of("The U.S. fired 59 Tomahawk missiles.");
        let b = Print::of("the US fired 59 tomahawk missiles");
        assert_eq!(a, b);
        assert_eq!(a.similarity(&b).jaccard, 1.0);
    }

    #[test]
    fn one_swapped_word_keeps_a_long_paragraph_similar() {
        let a = Print::of("Safronkov said the minister asked Tillerson to jointly request an independent global mission to visit Khan Sheikhoun and the air base.");
        let b = Print::of("Safronkov said the minister asked Tillerson to jointly request an independent worldwide mission to visit Khan Sheikhoun and the air base.");
        let s = a.similarity(&b);
        assert!(s.jaccard > 0.6 && s.jaccard < 1.0, "{s:?}");
    }

    #[test]
    fn contained_paragraph_has_full_containment() {
        let a = Print::of("\"Russia is open to this, open to dialogue with the USA in all different areas\".");
        let b =
            Print::of("\"Russia is open to this, open to dialogue with the USA in all different areas\", Lavrov said.");
        let s = a.similarity(&b);
        assert_eq!(s.containment, 1.0);
        assert!(s.jaccard < 1.0);
    }

    #[test]
    fn paraphrase_shares_little() {
        let a = Print::of("\"Clearly our view is that reign of Assad family is coming to an end\".");
        let b = Print::of(
            "\"It is clear to us the reign of the Assad family is coming to an end\", he told reporters in Italy.",
        );
        let s = a.similarity(&b);
        assert!(s.jaccard < 0.3 && s.containment < 0.5, "{s:?}");
    }

    /// `similarity_if` keeps exactly the pairs whose whole similarity passes, whatever the
    /// threshold.
    #[test]
    fn similarity_if_agrees_with_the_whole_merge() {
        let texts = [
            "The U.S. fired 59 Tomahawk missiles.",
            "The U.S. fired 59 Tomahawk missiles at the air base last week.",
            "Safronkov said the minister asked Tillerson to jointly request an independent global mission.",
            "Safronkov said the minister asked Tillerson to jointly request an independent worldwide mission.",
            "The minister asked Tillerson to visit the air base, Safronkov said on Wednesday.",
            "Hi there",
            "",
        ];
        for a in texts.map(Print::of) {
            for b in texts.map(Print::of) {
                let whole = a.similarity(&b);
                for t in [0.0, 0.1, 0.25, 0.5, 0.6, 0.9, 1.0, 1.1] {
                    let keep = |s: &Similarity| s.jaccard >= t || s.containment >= (t + 0.3);
                    let expected = keep(&whole).then_some(whole);
                    assert_eq!(a.similarity_if(&b, keep), expected, "{a:?} {b:?} {t}");
                }
            }
        }
    }

    /// The one-pass `Print::of` equals the fingerprint of the comparable string, word for word
    /// and hash for hash, on text of every kind: non-ASCII letters (one whose lower case is two
    /// characters), digits, CRLF, tabs, curly quotes, soft hyphens, joins and separators.
    #[test]
    fn one_pass_equals_the_comparable_string() {
        const PIECES: &[&str] = &[
            "a", "B", "z", "Q", "7", "0", " ", "  ", "\t", "\r\n", "\n", "\r", ".", "'", "\u{2019}", "\u{2018}",
            "\u{00AD}", "\u{201C}", "\u{201D}", "-", "\u{2014}", ",", "é", "É", "ß", "İ", "Σ", "ς", "\u{0301}", "😀",
            "٣", "Ⅻ", "東", "U.S.", "Russia's", "al-Assad", "1,200", "3.5", "$4", "%", "\u{00A0}", "\u{FEFF}",
        ];
        let mut seed: u64 = 0x1234_5678;
        let mut next = |n: usize| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            ((seed >> 33) % n as u64) as usize
        };
        let mut texts: Vec<String> = vec![
            String::new(),
            "...".into(),
            "Hi there".into(),
            " a".into(),
            "a b".into(),
            "a. b".into(),
            "\u{2019}x\u{2019} y z".into(),
            "The U.S. fired 59 Tomahawk missiles.\r\n\tCafé 😀 — déjà vu, “İstanbul”\u{00AD}s".into(),
        ];
        for _ in 0..3000 {
            let len = next(40);
            texts.push((0..len).map(|_| PIECES[next(PIECES.len())]).collect());
        }
        for text in &texts {
            assert_eq!(Print::of(text), Print::of_comparable(text), "{text:?}");
        }
    }

    #[test]
    fn short_and_empty_text() {
        assert_eq!(Print::of("").shingles.len(), 0);
        assert_eq!(Print::of("Hi there").shingles.len(), 1);
        assert_eq!(Print::of("...").words, 0);
    }
}
