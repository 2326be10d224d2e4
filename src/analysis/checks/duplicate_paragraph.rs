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
//! A synonym tool that swapped a word in every sentence ("officials" / "officers", "up to" / "as
//! much as", "percent" / "per cent") leaves fewer shingles in common, so a paragraph of 20 words
//! or more is also a copy when its similarity is at least 0.6 of `similarity` and three quarters
//! of the longer one's words (or `similarity`, when higher) stand in the same order in the other:
//! such a copy keeps about 0.8 of its words in order, a paraphrase about half.
//!
//! Deliberately not flagged: bylines, datelines and boilerplate ("Related news", "Share this
//! article"), which repeat by design; paragraphs of fewer than three words ([`MIN_WORDS`]);
//! paragraphs that share only a phrase or a short quote with different attribution around it; a
//! headline that matches another article's headline (outlets running one wire headline is
//! normal; a headline in the body is not).

use std::fmt::Write as _;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHasher};

use crate::analysis::article::BlockKind;
use crate::analysis::checks::{Check, CheckContext, CheckId, ACROSS_FILES, WITHIN_FILE};
use crate::analysis::fingerprint::{Print, Similarity};
use crate::analysis::workspace::{Document, ParagraphRef};
use crate::analysis::{diff, normalize};
use crate::analysis::{Edit, Finding, Fix, Location, Related};
use crate::config::Scope;

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
/// A long paragraph whose words mostly stand in the same order in another is a copy even when
/// a synonym tool has swapped every few words ("officials"/"officers", "up to"/"as much as",
/// "percent"/"per cent"), which leaves too few three-word shingles in common for `similarity`:
/// it needs at least this many words on both sides, a Jaccard similarity of at least
/// [`REWORDED_SHARE`] of `similarity`, and [`REWORDED_ALIGNED`] of the longer paragraph's words
/// in one common subsequence (or `similarity`, when that is higher). Measured on the seeds and six annotated stories: a spun copy of 40
/// words scores 0.43 and 0.81; the paraphrases score at most 0.19 and 0.53.
pub const REWORDED_MIN_WORDS: usize = 20;
pub const REWORDED_SHARE: f64 = 0.6;
pub const REWORDED_ALIGNED: f64 = 0.75;
/// Sketch hashes shared by more paragraphs than this are stock phrases ("said on Wednesday"),
/// not evidence of a copy; a copy shares many other hashes.
const MAX_POSTINGS: usize = 256;

pub struct DuplicateParagraph;

/// One other copy of a paragraph.
#[derive(Debug, Clone)]
struct Copy {
    at: ParagraphRef,
    similarity: Similarity,
    exact: bool,
    /// For a reworded copy (see [`REWORDED_ALIGNED`]): the share of the longer paragraph's words
    /// that stand in order in the other.
    aligned: Option<f64>,
}

/// The thresholds and scope a check ran with: what its copies depend on besides the texts.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Settings {
    similarity: f64,
    containment: f64,
    containment_words: usize,
    scope: Scope,
}

impl Settings {
    fn of(cx: &CheckContext<'_>) -> Settings {
        let settings = cx.config.check(CheckId::DuplicateParagraph);
        Settings {
            similarity: settings.similarity.unwrap_or(SIMILARITY),
            containment: settings.containment.unwrap_or(CONTAINMENT),
            containment_words: settings.containment_min_words.unwrap_or(CONTAINMENT_MIN_WORDS),
            scope: cx.config.scope,
        }
    }
}

impl Check for DuplicateParagraph {
    fn id(&self) -> CheckId {
        CheckId::DuplicateParagraph
    }

    fn run(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        let doc = cx.workspace.doc(cx.doc);
        let settings = Settings::of(cx);
        let previous = memo::take(cx.workspace, cx.doc);
        let (blocks, copies, mut diffs) = all_copies(cx, doc, &settings, previous);

        for (index, all) in copies.iter().enumerate() {
            if all.is_empty() {
                continue;
            }
            let mut earlier_here = Vec::new();
            let mut elsewhere = Vec::new();
            let mut later_here = 0usize;
            for copy in all {
                match (copy.at.doc == cx.doc, (copy.at.block as usize) < index) {
                    (true, true) => earlier_here.push(copy.clone()),
                    (true, false) => later_here += 1,
                    (false, _) => elsewhere.push(copy.clone()),
                }
            }
            if earlier_here.is_empty() && elsewhere.is_empty() {
                continue;
            }
            let copies_of = |first: usize| copies[first].as_slice();
            let found = Found { index, earlier_here: &earlier_here, elsewhere: &elsewhere, later_here };
            out.push(finding(cx, doc, &settings, found, copies_of, &mut diffs));
        }

        diffs.keep_used();
        memo::keep(memo::State {
            workspace: memo::address(cx.workspace),
            doc: cx.doc,
            serial: doc.serial,
            revision: cx.workspace.revision(),
            settings,
            blocks,
            copies,
            diffs,
        });
    }
}

/// What the copies of a block were found by: whether it is the headline (compared with its own
/// article only) and its fingerprint; `None` for blocks that are not compared.
#[derive(Debug, Clone)]
struct Matched(Option<(bool, Arc<Print>)>);

impl Matched {
    fn of(doc: &Document) -> Vec<Matched> {
        (0..doc.article.blocks.len()).map(|i| Matched::at(doc, i)).collect()
    }

    fn at(doc: &Document, index: usize) -> Matched {
        let headline = doc.article.blocks[index].kind == BlockKind::Headline;
        Matched(doc.prints[index].as_ref().map(|print| (headline, print.clone())))
    }

    /// Whether block `index` of `doc` has the same copies as this one wherever it stands: same
    /// kind, same fingerprint.
    fn same_as(&self, doc: &Document, index: usize) -> bool {
        match (&self.0, &doc.prints[index]) {
            (None, None) => true,
            (Some((headline, a)), Some(b)) => {
                *headline == (doc.article.blocks[index].kind == BlockKind::Headline) && (Arc::ptr_eq(a, b) || a == b)
            }
            _ => false,
        }
    }

    /// Whether this is block `index` of `doc` itself, fingerprint and all: checked by address,
    /// without reading the fingerprint.
    fn is(&self, doc: &Document, index: usize) -> bool {
        match (&self.0, &doc.prints[index]) {
            (None, None) => true,
            (Some((_, a)), Some(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

/// Every copy of block `index` of `doc` in its story, in the order of
/// [`sketch_candidates`](crate::analysis::Workspace::sketch_candidates): earlier and later ones
/// in the same article and those in other articles.
fn find_copies(cx: &CheckContext<'_>, doc: &Document, settings: &Settings, index: usize) -> Vec<Copy> {
    let Some(print) = doc.prints[index].as_ref().filter(|p| p.words >= MIN_WORDS) else { return Vec::new() };
    let candidates = cx.workspace.sketch_candidates(print, MAX_POSTINGS);
    candidates.into_iter().filter_map(|at| compare(cx, doc, settings, index, at)).collect()
}

/// Whether paragraph `at`, a candidate from the sketch index, is a copy of block `index` of
/// `doc`, and how alike the two are.
fn compare(cx: &CheckContext<'_>, doc: &Document, settings: &Settings, index: usize, at: ParagraphRef) -> Option<Copy> {
    let ws = cx.workspace;
    let print = doc.prints[index].as_ref()?;
    let block = &doc.article.blocks[index];
    if at == (ParagraphRef { doc: cx.doc, block: index as u32 }) || !ws.same_story(cx.doc, at.doc, settings.scope) {
        return None;
    }
    let other_doc = ws.doc(at.doc);
    let other_block = &other_doc.article.blocks[at.block as usize];
    let other = other_doc.prints[at.block as usize].as_ref()?;
    // Headlines are compared with the body of their own article only.
    let headline_pair = block.kind == BlockKind::Headline || other_block.kind == BlockKind::Headline;
    if print.words < MIN_WORDS || other.words < MIN_WORDS || (headline_pair && at.doc != cx.doc) {
        return None;
    }
    let exact = print.exact == other.exact;
    let may_contain = print.words.min(other.words) >= settings.containment_words;
    let similarity = if exact {
        print.similarity(other)
    } else {
        // Most candidates share a stock phrase and little else: stop comparing them as soon as
        // they cannot pass.
        let copy =
            |s: &Similarity| s.jaccard >= settings.similarity || (s.containment >= settings.containment && may_contain);
        match print.similarity_if(other, copy) {
            Some(similarity) => similarity,
            None => {
                let texts = (doc.text.get(block.span.clone())?, other_doc.text.get(other_block.span.clone())?);
                return reworded(texts, print, other, settings, at);
            }
        }
    };
    Some(Copy { at, similarity, exact, aligned: None })
}

/// [`compare`] for a pair that is no copy by its shingles: a copy whose words a synonym tool
/// swapped every few words (see [`REWORDED_ALIGNED`]); `texts` are the two paragraphs.
fn reworded(texts: (&str, &str), print: &Print, other: &Print, settings: &Settings, at: ParagraphRef) -> Option<Copy> {
    if print.words.min(other.words) < REWORDED_MIN_WORDS {
        return None;
    }
    let similarity = print.similarity_if(other, |s| s.jaccard >= settings.similarity * REWORDED_SHARE)?;
    let (a, b) = (normalize::comparable(texts.0), normalize::comparable(texts.1));
    let (a, b): (Vec<&str>, Vec<&str>) = (a.split(' ').collect(), b.split(' ').collect());
    let aligned = diff::common_words(&a, &b)? as f64 / a.len().max(b.len()) as f64;
    // A stricter `similarity` is a stricter bar for both measures.
    (aligned >= REWORDED_ALIGNED.max(settings.similarity)).then_some(Copy {
        at,
        similarity,
        exact: false,
        aligned: Some(aligned),
    })
}

/// How many sketch hashes a paragraph must share with `print` to be among its candidates in
/// [`sketch_candidates`](crate::analysis::Workspace::sketch_candidates): the rule stated there,
/// which makes being a candidate symmetric between two paragraphs when this is the same for
/// both.
fn min_shared(print: &Print) -> usize {
    if print.sketch().len() < 4 {
        1
    } else {
        2
    }
}

/// The copies of every block of `doc` and what they were found by, and the diffs kept from the
/// last check: carried over from the last check of this document (see [`carry`]) when that is
/// sound, else found afresh.
fn all_copies(
    cx: &CheckContext<'_>,
    doc: &Document,
    settings: &Settings,
    previous: Option<memo::State>,
) -> (Vec<Matched>, Vec<Vec<Copy>>, Diffs) {
    let fresh = || (0..doc.article.blocks.len()).map(|i| find_copies(cx, doc, settings, i)).collect();
    let Some(mut previous) = previous else { return (Matched::of(doc), fresh(), Diffs::default()) };
    let diffs = std::mem::take(&mut previous.diffs);
    let revision = cx.workspace.revision();
    if previous.settings != *settings {
        return (Matched::of(doc), fresh(), diffs);
    }
    // Nothing changed at all: a second check of the same version.
    if previous.serial == doc.serial && previous.revision == revision {
        return (previous.blocks, previous.copies, diffs);
    }
    // The revision counts every change to the workspace: one change since, and a document made
    // from the version checked then, means that change put this version in its place, and
    // nothing else moved.
    if previous.revision + 1 != revision || doc.previous_serial != Some(previous.serial) {
        return (Matched::of(doc), fresh(), diffs);
    }
    let (blocks, copies) = carry(cx, doc, settings, previous);
    (blocks, copies, diffs)
}

/// What an edit asks of an unchanged block's copies (see [`carry`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Redo {
    /// Nothing: the same copies, renumbered.
    Carry,
    /// The same copies, less the blocks the edit replaced, plus the edited blocks it has as
    /// candidates.
    Edited,
    /// Everything: a hash of its sketch became, or stopped being, a stock phrase.
    Fresh,
}

/// The copies of every block of `doc`, from those `previous` found for the version `doc`
/// replaced, the only change to the workspace since.
///
/// Finding the copies of a paragraph means looking its sketch up in the workspace index and
/// comparing it with what shares it: a few microseconds, which a 1 MB article of 1,700
/// paragraphs multiplies past the budget of a keystroke. Yet an edit changes the postings of
/// the index only for the sketch hashes of the blocks it replaced and of their replacements;
/// every other hash keeps its postings, up to the renumbering of this article's blocks after
/// the edit. So:
///
/// - a block outside the edit whose sketch holds none of those hashes has the same candidates
///   as before, in the same order, compared with the same fingerprints: the same copies,
///   renumbered;
/// - one that holds some (found from their postings, not by reading every fingerprint) shares
///   with every other paragraph the same counted hashes as before, and so has the same copies
///   except for the blocks the edit replaced, which go, and the edited blocks, which are its
///   candidates exactly when it is theirs;
/// - unless one of those hashes crossed [`MAX_POSTINGS`] and so started or stopped counting:
///   then its holders are looked up again, as are the edited blocks.
fn carry(
    cx: &CheckContext<'_>,
    doc: &Document,
    settings: &Settings,
    previous: memo::State,
) -> (Vec<Matched>, Vec<Vec<Copy>>) {
    let ws = cx.workspace;
    let memo::State { blocks: mut before, copies: mut copies_before, .. } = previous;
    let (old, new) = (before.len(), doc.article.blocks.len());
    // The edit: from the first to the last block that differs.
    let prefix = (0..old.min(new)).take_while(|&i| before[i].same_as(doc, i)).count();
    let suffix = (0..old.min(new) - prefix).take_while(|&k| before[old - 1 - k].same_as(doc, new - 1 - k)).count();
    let (removed, edited) = (prefix..old - suffix, prefix..new - suffix);
    let renumber = |block: u32| {
        let block = block as usize;
        if block < prefix {
            Some(block as u32)
        } else if block >= old - suffix {
            Some((block + new - old) as u32)
        } else {
            None
        }
    };

    // How many blocks held each changed hash in their sketch, before and after.
    let mut holders: FxHashMap<u64, (usize, usize)> = FxHashMap::default();
    for matched in &before[removed.clone()] {
        for &hash in matched.0.iter().flat_map(|(_, print)| print.sketch()) {
            holders.entry(hash).or_default().0 += 1;
        }
    }
    for print in doc.prints[edited.clone()].iter().flatten() {
        for &hash in print.sketch() {
            holders.entry(hash).or_default().1 += 1;
        }
    }
    let mut redo = vec![Redo::Carry; new];
    let slack = removed.len().max(edited.len());
    for (&hash, &(was, now)) in &holders {
        // The postings of one hash: a print of that one shingle shares it with each of them.
        let one = Print { words: 0, exact: 0, shingles: vec![hash] };
        let postings = ws.sketch_candidates(&one, MAX_POSTINGS + slack);
        // None: no paragraph holds it now (and at most `slack` did), or so many that it was a
        // stock phrase before the edit too. Either way nothing it counts for changed.
        if postings.is_empty() {
            continue;
        }
        let counts_now = postings.len() <= MAX_POSTINGS;
        let counted = postings.len() - now + was <= MAX_POSTINGS;
        let mark = match (counted, counts_now) {
            (true, true) => Redo::Edited,
            (false, false) => continue,
            _ => Redo::Fresh,
        };
        for at in postings {
            let block = at.block as usize;
            if at.doc == cx.doc && !edited.contains(&block) {
                redo[block] = redo[block].max(mark);
            }
        }
    }

    // The candidates of the edited blocks, for their own copies and for those of the blocks
    // that share hashes with them.
    let edited_candidates: Vec<(u32, &Print, Vec<ParagraphRef>)> = edited
        .clone()
        .filter_map(|c| {
            let print = doc.prints[c].as_deref().filter(|p| p.words >= MIN_WORDS)?;
            Some((c as u32, print, ws.sketch_candidates(print, MAX_POSTINGS)))
        })
        .collect();

    let mut blocks = Vec::with_capacity(new);
    let mut copies = Vec::with_capacity(new);
    for (i, redo) in redo.into_iter().enumerate() {
        if edited.contains(&i) {
            blocks.push(Matched::at(doc, i));
            let found = match edited_candidates.iter().find(|(c, ..)| *c as usize == i) {
                Some((_, _, candidates)) => {
                    candidates.iter().filter_map(|&at| compare(cx, doc, settings, i, at)).collect()
                }
                None => Vec::new(),
            };
            copies.push(found);
            continue;
        }
        let was = if i < prefix { i } else { i + old - new };
        let matched = std::mem::replace(&mut before[was], Matched(None));
        // Same content; keep the document's own fingerprint, so that next time the address
        // says so.
        blocks.push(if matched.is(doc, i) { matched } else { Matched::at(doc, i) });
        let kept = std::mem::take(&mut copies_before[was]);
        let print = doc.prints[i].as_deref();
        let carried = match redo {
            Redo::Fresh => None,
            // An unchanged block cannot have had a replaced one among its copies: they would
            // share a changed hash. Look again rather than trust a broken map.
            Redo::Carry => kept
                .into_iter()
                .map(|mut copy| {
                    if copy.at.doc == cx.doc {
                        copy.at.block = renumber(copy.at.block)?;
                    }
                    Some(copy)
                })
                .collect(),
            // Being a candidate is symmetric between two paragraphs that need the same number
            // of shared hashes; for the rare pair that does not, look again.
            Redo::Edited if edited_candidates.iter().any(|(_, c, _)| print.map(min_shared) != Some(min_shared(c))) => {
                None
            }
            Redo::Edited => {
                let here = ParagraphRef { doc: cx.doc, block: i as u32 };
                let mut all: Vec<Copy> = kept
                    .into_iter()
                    .filter_map(|mut copy| {
                        if copy.at.doc == cx.doc {
                            copy.at.block = renumber(copy.at.block)?;
                        }
                        Some(copy)
                    })
                    .collect();
                for (c, _, candidates) in &edited_candidates {
                    if candidates.binary_search(&here).is_ok() {
                        all.extend(compare(cx, doc, settings, i, ParagraphRef { doc: cx.doc, block: *c }));
                    }
                }
                all.sort_by_key(|copy| copy.at);
                Some(all)
            }
        };
        copies.push(carried.unwrap_or_else(|| find_copies(cx, doc, settings, i)));
    }
    (blocks, copies)
}

/// The copies of one block that make a finding.
struct Found<'a> {
    index: usize,
    earlier_here: &'a [Copy],
    elsewhere: &'a [Copy],
    later_here: usize,
}

fn percent(copy: &Copy) -> String {
    if copy.exact {
        "identical".to_string()
    } else if let Some(aligned) = copy.aligned {
        format!("reworded, {:.0}% of the words in order", aligned * 100.0)
    } else if copy.similarity.jaccard >= copy.similarity.containment - 1e-9 || copy.similarity.jaccard >= 0.5 {
        format!("{:.0}% similar", copy.similarity.jaccard * 100.0)
    } else {
        format!("{:.0}% contained", copy.similarity.containment * 100.0)
    }
}

/// The finding for one block; `copies_of(block)` gives every copy of a block of this document.
fn finding<'c>(
    cx: &CheckContext<'_>,
    doc: &Document,
    settings: &Settings,
    found: Found<'_>,
    copies_of: impl Fn(usize) -> &'c [Copy],
    diffs: &mut Diffs,
) -> Finding {
    let Found { index, earlier_here, elsewhere, later_here } = found;
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
            diffs.markdown(&other.text[other_block.text_span.clone()], this_text)
        );
        related.push(Related {
            location: Location { doc: copy.at.doc, span: other_block.text_span.clone() },
            message: label.into(),
        });
    }
    evidence.push_str("\nDifferences read from the other copy to this one: ~~removed~~, **added**.");

    let mut fixes = Vec::new();
    if !earlier_here.is_empty() {
        fixes.push(Fix {
            title: "Remove duplicate paragraph".into(),
            edits: vec![Edit { doc: cx.doc, span: block.removal_span.clone(), replacement: "".into() }],
        });
        // Every copy after the first, this one included, in one step.
        let first = earlier_here.iter().map(|c| c.at.block).min().unwrap_or(0) as usize;
        let later = later_copies(cx, settings, first, copies_of(first));
        if later.len() > 1 || later_here > 0 {
            // One edit set must not overlap: removal spans of neighbouring blocks share the line
            // break between them, so the article merges them.
            let edits = doc
                .article
                .removal_spans(&later)
                .into_iter()
                .map(|span| Edit { doc: cx.doc, span, replacement: "".into() })
                .collect();
            fixes.push(Fix {
                title: format!("Keep the first copy, remove the {} later ones", later.len()).into(),
                edits,
            });
        }
    }

    Finding {
        check: CheckId::DuplicateParagraph,
        doc: cx.doc,
        span: block.text_span.clone(),
        severity: if earlier_here.is_empty() { ACROSS_FILES } else { WITHIN_FILE },
        message,
        evidence: evidence.into(),
        related,
        fixes,
    }
}

/// Blocks after `first` in this document that are copies of it, exact or by similarity (not
/// by containment): what "keep the first" removes. Read from the copies already found for
/// `first`, which hold every block of the article that passes that test and more.
fn later_copies(cx: &CheckContext<'_>, settings: &Settings, first: usize, copies: &[Copy]) -> Vec<usize> {
    let mut later: Vec<usize> = copies
        .iter()
        .filter(|c| c.at.doc == cx.doc && c.at.block as usize > first)
        .filter(|c| c.exact || c.similarity.jaccard >= settings.similarity || c.aligned.is_some())
        .map(|c| c.at.block as usize)
        .collect();
    later.sort_unstable();
    later
}

/// Word diffs for the hovers, kept from one check of a document to the next: an edit rarely
/// touches a copy, and comparing two paragraphs word by word costs more than finding them.
/// Keyed by both texts; only the diffs the last check used are kept.
#[derive(Debug, Default)]
struct Diffs {
    by_texts: FxHashMap<u64, DiffEntry>,
}

#[derive(Debug)]
struct DiffEntry {
    from: Box<str>,
    to: Box<str>,
    markdown: String,
    used: bool,
}

impl Diffs {
    /// [`diff::markdown`] of the two texts.
    fn markdown(&mut self, from: &str, to: &str) -> &str {
        let key = {
            let mut h = FxHasher::default();
            (from, to).hash(&mut h);
            h.finish()
        };
        let entry = self.by_texts.entry(key).or_insert_with(|| DiffEntry {
            from: from.into(),
            to: to.into(),
            markdown: diff::markdown(from, to),
            used: false,
        });
        if *entry.from != *from || *entry.to != *to {
            // Two pairs of texts with one hash: the newer wins.
            *entry = DiffEntry { from: from.into(), to: to.into(), markdown: diff::markdown(from, to), used: false };
        }
        entry.used = true;
        &entry.markdown
    }

    /// Drops the diffs this check did not use, and starts the count again for the next.
    fn keep_used(&mut self) {
        self.by_texts.retain(|_, entry| std::mem::take(&mut entry.used));
    }
}

/// The copies found at the last check of a few documents, to be carried to their next version
/// (see [`carry`]). Results only: a state that does not match the workspace as it is now is
/// never read, only replaced.
mod memo {
    use std::sync::Mutex;

    use super::{Copy, Diffs, Matched, Settings};
    use crate::analysis::workspace::Workspace;
    use crate::analysis::DocId;

    /// Documents kept: those being edited, and the other articles of their stories that an
    /// editor re-checks after each change.
    const MAX_DOCS: usize = 16;

    #[derive(Debug)]
    pub(super) struct State {
        /// The workspace, by address: a document id and a revision mean something in one
        /// workspace only. Another workspace at the same address later would also need this
        /// very version of the document (`serial`, or `previous_serial` for an edit), which is
        /// put in one workspace only.
        pub(super) workspace: usize,
        pub(super) doc: DocId,
        pub(super) serial: u64,
        /// [`Workspace::revision`] when the copies were found.
        pub(super) revision: u64,
        pub(super) settings: Settings,
        pub(super) blocks: Vec<Matched>,
        /// The copies of each block, aligned with `blocks`.
        pub(super) copies: Vec<Vec<Copy>>,
        pub(super) diffs: Diffs,
    }

    static MEMO: Mutex<Vec<State>> = Mutex::new(Vec::new());

    pub(super) fn address(ws: &Workspace) -> usize {
        std::ptr::from_ref(ws).addr()
    }

    /// Takes the state of a document out of the memo.
    pub(super) fn take(ws: &Workspace, doc: DocId) -> Option<State> {
        let workspace = address(ws);
        // A panic elsewhere while the lock was held leaves states that are still checked before use.
        let mut states = MEMO.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let at = states.iter().position(|s| s.workspace == workspace && s.doc == doc)?;
        Some(states.remove(at))
    }

    pub(super) fn keep(state: State) {
        let mut states = MEMO.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let gone: Vec<State> = {
            states.retain(|s| !(s.workspace == state.workspace && s.doc == state.doc));
            let extra = (states.len() + 1).saturating_sub(MAX_DOCS);
            states.drain(..extra).collect()
        };
        states.push(state);
        drop(states);
        // Large states are freed outside the lock.
        drop(gone);
    }
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
        assert_eq!(&*keep_first.title, "Keep the first copy, remove the 2 later ones");
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
    fn copy_reworded_by_a_synonym_tool() {
        let a = "Fire officials said gusts of up to 50 mph and relative humidity as low as 6 percent had pushed the \
                 fire across State Road 75 twice on Tuesday. Crews were being backed by eight air tankers and 11 \
                 helicopters, the agency said.";
        let b = "Fire officers said gusts of as much as 50 mph and relative humidity as little as 6 per cent had \
                 pushed the blaze across State Road 75 twice on Tuesday. Crews were being backed by eight air \
                 tankers and 11 helicopters, the agency said.";
        let found = across(&format!("Fire grows\n\n{a}\n"), &format!("Blaze spreads\n\n{b}\n"));
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].1.contains("reworded, "), "{}", found[0].1);
        // The same facts in other words are no copy.
        let c = "Winds gusting to 50 mph on Tuesday drove the fire over State Road 75 twice, while humidity fell \
                 to 6 percent; eight air tankers and 11 helicopters were helping the crews, according to the \
                 agency.";
        assert!(across(&format!("Fire grows\n\n{a}\n"), &format!("Blaze spreads\n\n{c}\n")).is_empty());
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

    /// Only this check, under a scope, with more settings of its own.
    fn only_this(scope: &str, settings: &str) -> Config {
        let mut toml = format!("scope = \"{scope}\"\n[checks.duplicate-paragraph]\n{settings}\n");
        for id in CheckId::ALL.iter().filter(|&&id| id != CheckId::DuplicateParagraph) {
            toml.push_str(&format!("[checks.{id}]\nenabled = false\n"));
        }
        Config::layered([&crate::config::PartialConfig::from_toml(&toml).unwrap()])
    }

    /// The copies carried from one version to the next (`carry`) are those a fresh workspace
    /// finds, through every kind of edit: a typed character, a paragraph deleted, pasted,
    /// replaced by a near copy, shortened below the size at which sketches count one shared
    /// hash, edits in two places at once, the headline pasted into the body, and edits to
    /// the other articles of the story in between. Low thresholds let a paragraph of five
    /// words or fewer (one shared hash makes a candidate) be a copy of a longer one (two make
    /// one).
    #[test]
    fn carried_copies_equal_fresh_ones() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let words = [
            "the",
            "minister",
            "said",
            "talks",
            "in",
            "Moscow",
            "would",
            "continue",
            "after",
            "a",
            "strike",
            "on",
            "air",
            "base",
            "Lavrov",
            "told",
            "reporters",
            "Tillerson",
            "of",
            "and",
            "Syria",
            "vote",
            "sanctions",
        ];
        let paragraph = |next: &mut dyn FnMut(usize) -> usize| {
            let n = 3 + next(30);
            let text: Vec<&str> = (0..n).map(|_| words[next(words.len())]).collect();
            format!("{}.", text.join(" "))
        };
        let article = |next: &mut dyn FnMut(usize) -> usize, n: usize| -> Vec<String> {
            let mut ps: Vec<String> = vec!["Talks in Moscow go on".to_string()];
            for _ in 0..n {
                ps.push(if ps.len() > 2 && next(4) == 0 {
                    ps[1 + next(ps.len() - 1)].clone()
                } else {
                    paragraph(next)
                });
            }
            ps
        };
        let mut docs: Vec<(String, Vec<String>)> = vec![
            ("story/a.txt".to_string(), article(&mut next, 40)),
            ("story/b.txt".to_string(), article(&mut next, 15)),
            ("other/c.txt".to_string(), article(&mut next, 15)),
        ];
        // A wire paragraph in both articles of the story.
        let wire = docs[1].1[3].clone();
        docs[0].1.insert(5, wire);
        let low = "similarity = 0.2\ncontainment = 0.3\ncontainment-min-words = 3";
        for (scope, settings) in [("folder", ""), ("workspace", ""), ("folder", low)] {
            let config = only_this(scope, settings);
            let mut ws = Workspace::new();
            for (name, ps) in &docs {
                ws.set(name, ps.join("\n\n"));
            }
            let mut docs = docs.clone();
            for step in 0..300 {
                let d = if next(6) == 0 { 1 + next(2) } else { 0 };
                let ps = &mut docs[d].1;
                let at = 1 + next(ps.len() - 1);
                match next(8) {
                    0 => ps[at].insert(0, 'x'),
                    1 if ps.len() > 3 => drop(ps.remove(at)),
                    2 => {
                        let copy = ps[1 + next(ps.len() - 1)].clone();
                        ps.insert(at, copy);
                    }
                    3 => {
                        let copy = ps[1 + next(ps.len() - 1)].replacen(' ', " and ", 1);
                        ps[at] = copy;
                    }
                    4 => ps[at] = words[..2 + next(4)].join(" "),
                    5 => {
                        let far = 1 + next(ps.len() - 1);
                        ps[at].push_str(" again");
                        ps[far].insert_str(0, "Then ");
                    }
                    6 => ps[at] = ps[0].clone(),
                    _ => ps[at] = paragraph(&mut next),
                }
                ws.set(&docs[d].0, docs[d].1.join("\n\n"));
                let mut fresh = Workspace::new();
                for (name, ps) in &docs {
                    fresh.set(name, ps.join("\n\n"));
                }
                for (name, _) in &docs {
                    let (id, fresh_id) = (ws.id(name).unwrap(), fresh.id(name).unwrap());
                    let (found, expected) = (ws.check(id, &config), fresh.check(fresh_id, &config));
                    assert_eq!(found, expected, "{scope} {settings}, step {step}: {name}");
                }
            }
        }
    }

    /// A hash held by more than `MAX_POSTINGS` paragraphs stops counting: a paste that takes a
    /// paragraph past that many copies hides them all, and a deletion brings them back.
    #[test]
    fn carried_copies_follow_a_stock_phrase_threshold() {
        let config = only_this("folder", "");
        let line = "Talks went on.";
        let mut copies = super::MAX_POSTINGS;
        let text = |n: usize| {
            format!(
                "Headline here\n\n{}\n\nThe minister spoke at length about the talks.\n",
                vec![line; n].join("\n\n")
            )
        };
        let mut ws = Workspace::new();
        let id = ws.set("story/a.txt", text(copies));
        assert_eq!(ws.check(id, &config).len(), copies - 1);
        for delta in [1isize, 1, -1, -1, -1, 1] {
            copies = copies.checked_add_signed(delta).unwrap();
            ws.set("story/a.txt", text(copies));
            let mut fresh = Workspace::new();
            let fresh_id = fresh.set("story/a.txt", text(copies));
            let found = ws.check(id, &config);
            assert_eq!(found, fresh.check(fresh_id, &config), "{copies} copies");
            assert_eq!(found.len(), if copies > super::MAX_POSTINGS { 0 } else { copies - 1 });
        }
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
