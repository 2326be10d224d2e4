//! Word-level differences between two copies of a paragraph, for hovers: an editor wants to see
//! at a glance that one copy says "global" where the other says "worldwide".

/// One run of the difference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change<'a> {
    Same(Vec<&'a str>),
    Removed(Vec<&'a str>),
    Added(Vec<&'a str>),
}

/// Longer paragraphs are not diffed word by word: the table would be quadratic and the hover
/// unreadable.
pub const MAX_WORDS: usize = 600;

/// The changes that turn `from` into `to`, by whitespace-separated words, from a longest common
/// subsequence. `None` when either side has more than [`MAX_WORDS`] words. The words the two
/// sides start with in common are taken as unchanged without the table, as reading the table
/// from the start would take them: copies of a paragraph differ in a few words, and the table
/// then covers only the words from the first difference on. (Leaving out the common end too
/// would align some repeated words otherwise.)
pub fn words<'a>(from: &'a str, to: &'a str) -> Option<Vec<Change<'a>>> {
    let a: Vec<&str> = from.split_whitespace().collect();
    let b: Vec<&str> = to.split_whitespace().collect();
    if a.len() > MAX_WORDS || b.len() > MAX_WORDS {
        return None;
    }
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut out: Vec<Change<'a>> = Vec::new();
    if prefix > 0 {
        out.push(Change::Same(a[..prefix].to_vec()));
    }
    lcs_changes(&a[prefix..], &b[prefix..], &mut out);
    Some(out)
}

/// The length of the longest common subsequence of the words `a` and `b`, in one row of the
/// table at a time; `None` when either side has more than [`MAX_WORDS`] words.
pub fn common_words(a: &[&str], b: &[&str]) -> Option<usize> {
    if a.len() > MAX_WORDS || b.len() > MAX_WORDS {
        return None;
    }
    let mut row = vec![0u16; b.len() + 1];
    for x in a {
        let mut diagonal = 0;
        for (j, y) in b.iter().enumerate() {
            let up = row[j + 1];
            row[j + 1] = if x == y { diagonal + 1 } else { up.max(row[j]) };
            diagonal = up;
        }
    }
    Some(usize::from(row[b.len()]))
}

/// Appends `change` to `out`, joining it to the last run when that is of the same kind.
fn push<'a>(out: &mut Vec<Change<'a>>, change: Change<'a>) {
    match (out.last_mut(), change) {
        (Some(Change::Same(run)), Change::Same(w)) | (Some(Change::Removed(run)), Change::Removed(w)) => run.extend(w),
        (Some(Change::Added(run)), Change::Added(w)) => run.extend(w),
        (_, change) => out.push(change),
    }
}

/// The changes that turn the words `a` into `b`, from the table of their longest common
/// subsequences, after what `out` holds.
fn lcs_changes<'a>(a: &[&'a str], b: &[&'a str], out: &mut Vec<Change<'a>>) {
    // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
    let width = b.len() + 1;
    let mut lcs = vec![0u16; (a.len() + 1) * width];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i * width + j] = if a[i] == b[j] {
                lcs[(i + 1) * width + j + 1] + 1
            } else {
                lcs[(i + 1) * width + j].max(lcs[i * width + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            push(out, Change::Same(vec![a[i]]));
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[(i + 1) * width + j] >= lcs[i * width + j + 1]) {
            // Removals before additions, so a swap reads "~~old~~ **new**".
            push(out, Change::Removed(vec![a[i]]));
            i += 1;
        } else {
            push(out, Change::Added(vec![b[j]]));
            j += 1;
        }
    }
}

/// Markdown of the differences: removed words struck through, added words in bold, long
/// unchanged runs shortened to their ends.
pub fn markdown(from: &str, to: &str) -> String {
    let Some(changes) = words(from, to) else {
        return "(too long to compare word by word)".to_string();
    };
    if changes.iter().all(|c| matches!(c, Change::Same(_))) {
        return "no word differs (only case, spacing or punctuation)".to_string();
    }
    let escape = |words: &[&str]| words.join(" ").replace('*', "\\*").replace('~', "\\~").replace('|', "\\|");
    let parts: Vec<String> = changes
        .iter()
        .map(|change| match change {
            Change::Same(run) if run.len() > 8 => {
                format!("{} … {}", escape(&run[..3]), escape(&run[run.len() - 3..]))
            }
            Change::Same(run) => escape(run),
            Change::Removed(run) => format!("~~{}~~", escape(run)),
            Change::Added(run) => format!("**{}**", escape(run)),
        })
        .collect();
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole table over both sides, as before the common start was left out: what
    /// [`words`] must equal.
    fn reference<'a>(from: &'a str, to: &'a str) -> Option<Vec<Change<'a>>> {
        let a: Vec<&str> = from.split_whitespace().collect();
        let b: Vec<&str> = to.split_whitespace().collect();
        if a.len() > MAX_WORDS || b.len() > MAX_WORDS {
            return None;
        }
        let mut out = Vec::new();
        lcs_changes(&a, &b, &mut out);
        Some(out)
    }

    proptest::proptest! {
        /// Leaving out the words both sides start with changes no difference found.
        #[test]
        fn common_start_left_out_changes_nothing(
            a in proptest::collection::vec(proptest::sample::select(vec!["x", "y", "z"]), 0..12),
            b in proptest::collection::vec(proptest::sample::select(vec!["x", "y", "z"]), 0..12),
        ) {
            let (from, to) = (a.join(" "), b.join(" "));
            proptest::prop_assert_eq!(words(&from, &to), reference(&from, &to));
        }
    }

    proptest::proptest! {
        /// The rolling row counts the words the whole table keeps.
        #[test]
        fn common_words_are_the_unchanged_words_of_the_table(
            a in proptest::collection::vec(proptest::sample::select(vec!["x", "y", "z"]), 0..12),
            b in proptest::collection::vec(proptest::sample::select(vec!["x", "y", "z"]), 0..12),
        ) {
            let mut changes = Vec::new();
            lcs_changes(&a, &b, &mut changes);
            let same: usize = changes.iter().map(|c| if let Change::Same(w) = c { w.len() } else { 0 }).sum();
            proptest::prop_assert_eq!(common_words(&a, &b), Some(same));
        }
    }

    #[test]
    fn swapped_word_shows_as_removed_and_added() {
        let md = markdown(
            "to immediately put together an independent global mission to visit",
            "to immediately put together an independent worldwide mission to visit",
        );
        assert_eq!(md, "to immediately put together an independent ~~global~~ **worldwide** mission to visit");
        let long = markdown(
            "one two three four five six seven eight nine ten old",
            "one two three four five six seven eight nine ten new",
        );
        assert_eq!(long, "one two three … eight nine ten ~~old~~ **new**");
    }

    #[test]
    fn appended_attribution() {
        assert_eq!(
            markdown("\"We are open\".", "\"We are open\", Lavrov said."),
            "\"We are ~~open\".~~ **open\", Lavrov said.**"
        );
    }

    #[test]
    fn identical_words() {
        assert_eq!(markdown("a b", "a  b"), "no word differs (only case, spacing or punctuation)");
    }
}
