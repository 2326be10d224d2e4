//! `duplicate-paragraph`: a paragraph repeated, exactly or nearly, in the same article or in
//! another article of the story; the headline repeated in the body.
//!
//! Scraped and syndicated copy repeats itself: a CMS that re-inserted a block, a headline pasted
//! into the body, the same wire paragraph in five outlets with a word swapped. Within one article
//! every later copy is flagged as a warning pointing at the first, with a fix that removes it.
//! Across the articles of a story (see `scope`) each copy is flagged as information, linked to
//! every other copy, so an aggregator desk sees which outlets ran the same text.
//!
//! Paragraphs are compared by their three-word shingles after case, spacing and punctuation are
//! ignored. Two paragraphs are copies when they are identical, when their Jaccard similarity is
//! at least `similarity` (default 0.5), or when at least `containment` (default 0.9) of a
//! paragraph of `containment-min-words` (default 12) words or more stands in a longer one: a wire
//! quote with ", Lavrov said." added. A word swapped ("global" / "worldwide", "air base" /
//! "airbase") in a 50-word paragraph leaves a similarity around 0.8; paraphrases score below 0.3.
//!
//! Deliberately not flagged: bylines, datelines and boilerplate ("Related news", "Share this
//! article"), which repeat by design; paragraphs of fewer than three words ([`MIN_WORDS`]);
//! paragraphs that share only a phrase or a short quote with different attribution around it; a
//! headline that matches another article's headline (outlets running one wire headline is
//! normal; a headline in the body is not).

use std::fmt::Write as _;

use crate::analysis::article::BlockKind;
use crate::analysis::checks::{Check, CheckContext, CheckId, ACROSS_FILES, WITHIN_FILE};
use crate::analysis::diff;
use crate::analysis::fingerprint::Similarity;
use crate::analysis::workspace::{Document, ParagraphRef};
use crate::analysis::{Edit, Finding, Fix, Location, Related};

pub(super) const EXPLANATION: &str = "A paragraph repeated, exactly or with a few words changed, \
in the same article or in another article of the story; or the headline repeated in the body. \
Case, spacing and punctuation are ignored. Bylines, datelines and boilerplate are never flagged.";

/// Shorter paragraphs are not compared: repeating "Still." is a stylistic choice.
pub const MIN_WORDS: usize = 3;
/// Default Jaccard similarity from which two paragraphs are copies. Measured on the seed
/// corpus: its seven pairs of copies score 0.69 to 1.00 (one or two words swapped, an
/// attribution reworded), while the most similar pair that is not a copy scores 0.26 (two
/// paragraphs around one short quote); the fixtures below agree. 0.5 sits in that gap.
pub const SIMILARITY: f64 = 0.5;
/// Default containment from which a paragraph counts as standing inside a longer one.
pub const CONTAINMENT: f64 = 0.9;
/// Containment counts only for paragraphs at least this long: a short quote inside two
/// different attributions is the same quote, not the same paragraph.
pub const CONTAINMENT_MIN_WORDS: usize = 12;
/// Sketch hashes shared by more paragraphs than this are stock phrases ("said on Wednesday"),
/// not evidence of a copy; a copy shares many other hashes.
const MAX_POSTINGS: usize = 256;

pub struct DuplicateParagraph;

/// One other copy of a paragraph.
struct Copy {
    at: ParagraphRef,
    similarity: Similarity,
    exact: bool,
}

impl Check for DuplicateParagraph {
    fn id(&self) -> CheckId {
        CheckId::DuplicateParagraph
    }

    fn run(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        let ws = cx.workspace;
        let doc = ws.doc(cx.doc);
        let settings = cx.config.check(CheckId::DuplicateParagraph);
        let min_similarity = settings.similarity.unwrap_or(SIMILARITY);
        let min_containment = settings.containment.unwrap_or(CONTAINMENT);
        let containment_words = settings.containment_min_words.unwrap_or(CONTAINMENT_MIN_WORDS);

        for (index, block) in doc.article.blocks.iter().enumerate() {
            let Some(print) = &doc.prints[index] else { continue };
            if print.words < MIN_WORDS {
                continue;
            }
            let here = ParagraphRef { doc: cx.doc, block: index as u32 };
            let mut earlier_here = Vec::new();
            let mut elsewhere = Vec::new();
            let mut later_here = 0usize;
            for at in ws.sketch_candidates(print, MAX_POSTINGS) {
                if at == here || !ws.same_story(cx.doc, at.doc, cx.config.scope) {
                    continue;
                }
                let other_doc = ws.doc(at.doc);
                let other_block = &other_doc.article.blocks[at.block as usize];
                let Some(other) = &other_doc.prints[at.block as usize] else { continue };
                // Headlines are compared with the body of their own article only.
                let headline_pair = block.kind == BlockKind::Headline || other_block.kind == BlockKind::Headline;
                if other.words < MIN_WORDS || (headline_pair && at.doc != cx.doc) {
                    continue;
                }
                let similarity = print.similarity(other);
                let exact = print.exact == other.exact;
                let contained =
                    similarity.containment >= min_containment && print.words.min(other.words) >= containment_words;
                if !(exact || similarity.jaccard >= min_similarity || contained) {
                    continue;
                }
                let copy = Copy { at, similarity, exact };
                match (at.doc == cx.doc, at.block < here.block) {
                    (true, true) => earlier_here.push(copy),
                    (true, false) => later_here += 1,
                    (false, _) => elsewhere.push(copy),
                }
            }
            if earlier_here.is_empty() && elsewhere.is_empty() {
                continue;
            }
            out.push(finding(cx, doc, index, &earlier_here, &elsewhere, later_here));
        }
    }
}

fn percent(copy: &Copy) -> String {
    if copy.exact {
        "identical".to_string()
    } else if copy.similarity.jaccard >= copy.similarity.containment - 1e-9 || copy.similarity.jaccard >= 0.5 {
        format!("{:.0}% similar", copy.similarity.jaccard * 100.0)
    } else {
        format!("{:.0}% contained", copy.similarity.containment * 100.0)
    }
}

fn finding(
    cx: &CheckContext<'_>,
    doc: &Document,
    index: usize,
    earlier_here: &[Copy],
    elsewhere: &[Copy],
    later_here: usize,
) -> Finding {
    let ws = cx.workspace;
    let block = &doc.article.blocks[index];
    let line = doc.line_of(block.text_span.start);
    let place = |copy: &Copy| {
        let other = ws.doc(copy.at.doc);
        let other_block = &other.article.blocks[copy.at.block as usize];
        (other, other_block, other.line_of(other_block.text_span.start))
    };

    let message = if let Some(first) = earlier_here.first() {
        let (_, first_block, first_line) = place(first);
        let what = if first_block.kind == BlockKind::Headline { "the headline" } else { "an earlier paragraph" };
        let how = if first.exact { String::new() } else { format!(", {}", percent(first)) };
        format!("Duplicate paragraph: repeats {what} (line {first_line}{how})")
    } else {
        let list: Vec<String> = elsewhere
            .iter()
            .take(3)
            .map(|copy| {
                let (other, _, other_line) = place(copy);
                format!("{}:{other_line} ({})", other.file_name(), percent(copy))
            })
            .collect();
        let more = if elsewhere.len() > 3 { format!(" and {} more", elsewhere.len() - 3) } else { String::new() };
        if elsewhere.len() == 1 {
            format!("Duplicate paragraph: also in {}", list[0])
        } else {
            format!("Duplicate paragraph: also in {} other places: {}{more}", elsewhere.len(), list.join(", "))
        }
    };

    let this_text = &doc.text[block.text_span.clone()];
    let mut evidence = format!(
        "This paragraph (line {line} of `{}`) has {} other copies in the story:\n",
        doc.file_name(),
        earlier_here.len() + elsewhere.len()
    );
    let mut related = Vec::new();
    for copy in earlier_here.iter().chain(elsewhere) {
        let (other, other_block, other_line) = place(copy);
        let what = if other_block.kind == BlockKind::Headline { "headline" } else { "paragraph" };
        let label = if copy.at.doc == cx.doc {
            format!("earlier copy in this article ({what}, {})", percent(copy))
        } else {
            format!("copy in {} ({})", other.file_name(), percent(copy))
        };
        let _ = write!(
            evidence,
            "\n- `{}:{other_line}` — {label}  \n  {}\n",
            other.file_name(),
            diff::markdown(&other.text[other_block.text_span.clone()], this_text)
        );
        related.push(Related {
            location: Location { doc: copy.at.doc, span: other_block.text_span.clone() },
            message: label,
        });
    }
    evidence.push_str("\nDifferences read from the other copy to this one: ~~removed~~, **added**.");

    let mut fixes = Vec::new();
    if !earlier_here.is_empty() {
        fixes.push(Fix {
            title: "Remove duplicate paragraph".to_string(),
            edits: vec![Edit { doc: cx.doc, span: block.removal_span.clone(), replacement: String::new() }],
        });
        // Every copy after the first, this one included, in one step.
        let first = earlier_here.iter().map(|c| c.at.block).min().unwrap_or(0) as usize;
        let later = later_copies(cx, doc, first);
        if later.len() > 1 || later_here > 0 {
            // One edit set must not overlap: removal spans of neighbouring blocks share the line
            // break between them, so the article merges them.
            let edits = doc
                .article
                .removal_spans(&later)
                .into_iter()
                .map(|span| Edit { doc: cx.doc, span, replacement: String::new() })
                .collect();
            fixes.push(Fix { title: format!("Keep the first copy, remove the {} later ones", later.len()), edits });
        }
    }

    Finding {
        check: CheckId::DuplicateParagraph,
        doc: cx.doc,
        span: block.text_span.clone(),
        severity: if earlier_here.is_empty() { ACROSS_FILES } else { WITHIN_FILE },
        message,
        evidence,
        related,
        fixes,
    }
}

/// Blocks after `first` in this document that are copies of it (exact or near, by the default
/// thresholds): what "keep the first" removes.
fn later_copies(cx: &CheckContext<'_>, doc: &Document, first: usize) -> Vec<usize> {
    let Some(first_print) = &doc.prints[first] else { return Vec::new() };
    let settings = cx.config.check(CheckId::DuplicateParagraph);
    let min_similarity = settings.similarity.unwrap_or(SIMILARITY);
    // The first copy's sketch finds its copies, as it found them for `run`: no scan of the
    // whole article per finding.
    let mut later: Vec<usize> = cx
        .workspace
        .sketch_candidates(first_print, MAX_POSTINGS)
        .into_iter()
        .filter(|p| p.doc == cx.doc && p.block as usize > first)
        .map(|p| p.block as usize)
        .filter(|&i| {
            doc.prints[i].as_ref().is_some_and(|p| {
                p.words >= MIN_WORDS
                    && (p.exact == first_print.exact || p.similarity(first_print).jaccard >= min_similarity)
            })
        })
        .collect();
    later.sort_unstable();
    later
}

#[cfg(test)]
mod tests {
    use crate::analysis::{CheckId, Finding, Severity, Workspace};
    use crate::config::Config;

    fn findings(ws: &Workspace, name: &str) -> Vec<Finding> {
        let id = ws.id(name).unwrap();
        ws.check(id, &Config::default()).into_iter().filter(|f| f.check == CheckId::DuplicateParagraph).collect()
    }

    /// Checks one article and returns (flagged text, message, text after the first fix).
    fn check(text: &str) -> Vec<(String, String, String)> {
        let mut ws = Workspace::new();
        ws.set("story/a.txt", text);
        findings(&ws, "story/a.txt")
            .into_iter()
            .map(|f| {
                let mut fixed = text.to_string();
                let edit = &f.fixes[0].edits[0];
                fixed.replace_range(edit.span.clone(), &edit.replacement);
                (text[f.span.clone()].to_string(), f.message, fixed)
            })
            .collect()
    }

    /// Flagged paragraphs of `b.txt` when `a` and `b` are two articles of one story.
    fn across(a: &str, b: &str) -> Vec<(String, String, Severity)> {
        let mut ws = Workspace::new();
        ws.set("story/a.txt", a);
        ws.set("story/b.txt", b);
        findings(&ws, "story/b.txt")
            .into_iter()
            .map(|f| (b[f.span.clone()].to_string(), f.message, f.severity))
            .collect()
    }

    const SAFRONKOV_GLOBAL: &str = "Safronkov said Russia's Foreign Minister asked U.S. Secretary of State Rex Tillerson during talks earlier Wednesday in Moscow to jointly request the Organization for the Prohibition of Chemical Weapons \"to immediately put together an independent global mission\" to visit Khan Sheikhoun and the air base that the U.S. attacked in retaliation.";
    const SAFRONKOV_WORLDWIDE: &str = "Safronkov said Russia's foreign minister asked U.S. Secretary of State Rex Tillerson during talks earlier Wednesday in Moscow to jointly request the Organization for the Prohibition of Chemical Weapons \"to immediately put together an independent worldwide mission\" to visit Khan Sheikhoun and the airbase that the U.S. attacked in retaliation.";

    #[test]
    fn headline_repeated_twice_in_the_body() {
        let text = "Trump declares US-Russia relations may be at 'all-time low'\n\n\
                    Trump declares US-Russia relations may be at 'all-time low'\n\n\
                    Trump declares US-Russia relations may be at 'all-time low'\n\n\
                    Safronkov said Russia's foreign minister asked US Secretary of State Rex Tillerson to act.\n";
        let found = check(text);
        assert_eq!(found.len(), 2);
        assert!(found.iter().all(|(_, msg, _)| msg == "Duplicate paragraph: repeats the headline (line 1)"));
        assert_eq!(
            found[0].2,
            "Trump declares US-Russia relations may be at 'all-time low'\n\n\
             Trump declares US-Russia relations may be at 'all-time low'\n\n\
             Safronkov said Russia's foreign minister asked US Secretary of State Rex Tillerson to act.\n"
        );
    }

    #[test]
    fn keep_the_first_removes_every_later_copy() {
        let text = "Toll rises\n\nThe attack killed 80 people in the town.\n\nThe attack killed 80 people in the town.\n\nLavrov spoke.\n\nThe attack killed 80 people in the town.\n";
        let mut ws = Workspace::new();
        ws.set("story/a.txt", text);
        let found = findings(&ws, "story/a.txt");
        assert_eq!(found.len(), 2);
        let keep_first = &found[0].fixes[1];
        assert_eq!(keep_first.title, "Keep the first copy, remove the 2 later ones");
        let mut fixed = text.to_string();
        let mut edits = keep_first.edits.clone();
        edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
        for edit in edits {
            fixed.replace_range(edit.span, &edit.replacement);
        }
        assert_eq!(fixed, "Toll rises\n\nThe attack killed 80 people in the town.\n\nLavrov spoke.\n");
    }

    #[test]
    fn paragraph_pasted_twice_differing_in_case_and_punctuation() {
        let text = "Strike on air base\n\n\
                    The U.S. fired 59 Tomahawk missiles at the air base last week.\n\n\
                    Lavrov said talks would continue.\n\n\
                    the US fired 59 Tomahawk missiles at the air base last week";
        let found = check(text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "the US fired 59 Tomahawk missiles at the air base last week");
        assert_eq!(found[0].1, "Duplicate paragraph: repeats an earlier paragraph (line 3)");
        assert_eq!(
            found[0].2,
            "Strike on air base\n\nThe U.S. fired 59 Tomahawk missiles at the air base last week.\n\nLavrov said talks would continue."
        );
    }

    #[test]
    fn near_copy_in_the_same_article() {
        let text = format!("Talks in Moscow\n\n{SAFRONKOV_GLOBAL}\n\nLavrov spoke.\n\n{SAFRONKOV_WORLDWIDE}\n");
        let found = check(&text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, SAFRONKOV_WORLDWIDE);
        assert!(
            found[0].1.starts_with("Duplicate paragraph: repeats an earlier paragraph (line 3, "),
            "{}",
            found[0].1
        );
    }

    #[test]
    fn crlf_copy_is_removed_with_its_blank_line() {
        let text = "Headline here now\r\n\r\nA paragraph of four words.\r\n\r\nA paragraph of four words.\r\n\r\nThe end of it.\r\n";
        let found = check(text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].2, "Headline here now\r\n\r\nA paragraph of four words.\r\n\r\nThe end of it.\r\n");
    }

    #[test]
    fn wire_paragraph_in_another_outlet_with_words_swapped() {
        let a = format!("Talks in Moscow\n\n{SAFRONKOV_GLOBAL}\n");
        let b = format!("Relations at a low\n\n{SAFRONKOV_WORLDWIDE}\n");
        let found = across(&a, &b);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, SAFRONKOV_WORLDWIDE);
        assert!(found[0].1.starts_with("Duplicate paragraph: also in a.txt:3 ("), "{}", found[0].1);
        assert_eq!(found[0].2, Severity::Information);
    }

    #[test]
    fn quote_with_attribution_added_is_contained() {
        let quote = "\"Russia is open to this, open to dialogue with the USA in all different areas, not only to dialogue but to joint action aimed at results\"";
        let found =
            across(&format!("Lavrov speaks\n\n{quote}, Lavrov said.\n"), &format!("Lavrov on talks\n\n{quote}.\n"));
        assert_eq!(found.len(), 1, "{found:?}");
    }

    #[test]
    fn long_quote_with_reworded_attribution() {
        let quote = "\"It can be said that the level of trust at the working level, especially at the military level, has not become better but most likely has degraded\"";
        let found = across(
            &format!("Putin on trust\n\n{quote}, Putin said in an interview on Russian state television channel, Mir.\n"),
            &format!("Trust degraded\n\n{quote}, Putin said in an interview broadcast Wednesday by state television channel Mir.\n"),
        );
        assert_eq!(found.len(), 1, "{found:?}");
    }

    #[test]
    fn other_folders_are_other_stories() {
        let mut ws = Workspace::new();
        ws.set("story/a.txt", format!("Talks\n\n{SAFRONKOV_GLOBAL}\n"));
        ws.set("other/b.txt", format!("Talks\n\n{SAFRONKOV_GLOBAL}\n"));
        assert!(findings(&ws, "other/b.txt").is_empty());
    }

    #[test]
    fn same_headline_in_two_outlets_is_not_flagged() {
        assert!(across(
            "Trump says relations at all-time low\n\nA body.\n",
            "Trump says relations at all-time low\n\nAnother body.\n"
        )
        .is_empty());
    }

    #[test]
    fn different_figures_are_not_duplicates() {
        let text = "Toll rises\n\nThe attack killed 80 people.\n\nThe attack killed 87 people.\n";
        assert!(check(text).is_empty());
    }

    #[test]
    fn short_quote_with_different_attribution_is_not_a_duplicate() {
        assert!(across(
            "Talks\n\n\"We will not back down,\" Lavrov told reporters after the meeting in Moscow on Wednesday.\n",
            "Talks\n\n\"We will not back down,\" the Russian foreign minister said in a statement late on Tuesday.\n",
        )
        .is_empty());
    }

    #[test]
    fn paragraphs_sharing_a_phrase_are_not_duplicates() {
        assert!(across(
            "Talks\n\nThe U.S. fired 59 Tomahawk missiles at Syria's al-Shayrat air base last week in response to a chemical weapons attack.\n",
            "Talks\n\nTrump responded to the gas attack by firing 59 cruise missiles at a Syrian air base, in his biggest foreign policy decision.\n",
        )
        .is_empty());
    }

    #[test]
    fn same_facts_in_other_words_are_not_duplicates() {
        assert!(across(
            "Talks\n\nRussia vetoed a Western-backed resolution at the UN Security Council on Wednesday that would have condemned the chemical attack.\n",
            "Talks\n\nOn Wednesday Moscow blocked the Security Council draft, backed by Western powers, condemning the use of chemical weapons in Idlib.\n",
        )
        .is_empty());
    }

    #[test]
    fn bylines_boilerplate_and_short_paragraphs_are_not_flagged() {
        let text = "Talks in Moscow\n\nBy Jane Doe\n\nTillerson met Lavrov.\n\nStill.\n\nPutin did not attend.\n\nStill.\n\nRelated news\n\n  • Leroy Wright\n\nRelated news\n\n  • Leroy Wright\n";
        assert!(check(text).is_empty(), "{:?}", check(text));
    }

    #[test]
    fn paraphrase_is_not_a_duplicate() {
        let text =
            "Assad\n\n\"It is clear to us the reign of the Assad family is coming to an end\", he told reporters.\n\n\
                    \"Clearly our view is that reign of Assad family is coming to an end\".\n";
        assert!(check(text).is_empty());
    }

    #[test]
    fn thresholds_are_configurable() {
        let mut ws = Workspace::new();
        ws.set("story/a.txt", format!("Talks\n\n{SAFRONKOV_GLOBAL}\n"));
        ws.set("story/b.txt", format!("Talks again\n\n{SAFRONKOV_WORLDWIDE}\n"));
        let strict =
            crate::config::PartialConfig::from_toml("[checks.duplicate-paragraph]\nsimilarity = 0.99\n").unwrap();
        let config = Config::layered([&strict]);
        assert!(ws.check(ws.id("story/b.txt").unwrap(), &config).is_empty());
    }

    #[test]
    fn hover_evidence_shows_the_word_diff() {
        let mut ws = Workspace::new();
        ws.set("story/a.txt", format!("Talks\n\n{SAFRONKOV_GLOBAL}\n"));
        ws.set("story/b.txt", format!("Talks again\n\n{SAFRONKOV_WORLDWIDE}\n"));
        let found = findings(&ws, "story/b.txt");
        assert!(found[0].evidence.contains("~~global~~ **worldwide**"), "{}", found[0].evidence);
        assert!(found[0].evidence.contains("`a.txt:3`"), "{}", found[0].evidence);
    }
}
