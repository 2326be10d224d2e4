//! `truncated-sentence`: a sentence cut at its end or at its start, as scrapers and CMS imports
//! leave them: "He said working groups would be established to improve U.S." (the rest,
//! "-Russian relations.", went missing), and in another outlet's copy a paragraph that opens
//! with "-Russian relations had reached such a low point".
//!
//! A reader stops at a cut sentence, and a desk that publishes one looks careless; the cut is
//! easy to miss in an editor because every line still looks like text. What is flagged:
//!
//! - **Cut at the end.** A body paragraph that stops without terminal punctuation (`.`, `!`,
//!   `?`, `…`, or `:` before a list) when it reads as prose: it ends on a comma, a hyphen, an
//!   opening quote or a word that cannot end a sentence ("the", "and", "of", "to"); or its last
//!   sentence follows sentences that do end (and stops on a lower-case word or has six words or
//!   more); or it is a single sentence of 12 words or more that stops on a lower-case word; or
//!   another article of the story goes on after the same five words or more. A line that lost
//!   only its full stop tends to end on a name, a place or a date, as captions do, while a cut
//!   falls anywhere. A paragraph that stops in the middle of a word ("came as US Secretar") is
//!   flagged at any length when the story has the whole word after the same word ("US
//!   Secretary") and never uses the cut one; a plural or other ending ("connection" /
//!   "connections") is no evidence.
//! - **Cut on an abbreviation.** A sentence that ends on an abbreviation that is a noun only
//!   with "the" (`U.S.`, `U.K.`, `U.N.`, `E.U.`, `U.A.E.`, `U.S.A.`, `U.S.S.R.`; undotted at the
//!   end of an unpunctuated paragraph) right after a lower-case word that is not "the", a
//!   preposition or a conjunction: "to improve U.S.", "with help from a U.N.", "the value of
//!   its U.S.". The verb or article wants a noun, and the abbreviation as a noun would be "the
//!   U.S.", so it is a modifier whose noun was cut. After "the" ("talks were held in the U.S.")
//!   or a preposition ("relations with U.S.") it is a noun and fine, unless another article of
//!   the story has the same four words or more followed by a hyphen compound or a noun ("the
//!   U.N. Security Council", "U.S.-Russian relations").
//! - **Cut at the start.** A paragraph, or a sentence after a full stop inside one, that starts
//!   with a hyphen joined to a word ("-Russian dispute concerned ..."); a paragraph that starts
//!   with a lower-case word ("relations had reached ..."); a paragraph that starts with a
//!   closing quote or bracket with no opening one to close (`” he said.`).
//!
//! Evidence from the story: another article (or another paragraph of this one) that has the
//! fragment's first or last words (four to eight of them, ignoring case and punctuation) inside
//! a longer sentence has the whole sentence. The hover quotes it with what the fragment lacks in
//! bold, the related information points at it, and the fix "Complete from FILE:LINE" puts the
//! missing end (or beginning) in place. The other fix, "Remove fragment", deletes the cut
//! sentence, or the whole paragraph when it is nothing else.
//!
//! Deliberately not flagged:
//!
//! - headlines, datelines, bylines and boilerplate ("Related news"), and a copy of a headline of
//!   the story in the body (`duplicate-paragraph` reports it);
//! - a paragraph that ends with a closing quote or bracket (`... "at all-time low"`, "(AP)"):
//!   a cut rarely falls just after one;
//! - list items ("- item", "• item", "1. item", and items after a line that ends with a colon
//!   or a semicolon), blocks of short lines (tables, addresses, verse), labelled lines
//!   ("Source: ...", "READ MORE: ...", "Q: ..."), credit lines ("Reporting by ...",
//!   "REUTERS/Jane Doe"), prompts to the reader ("Follow her on Twitter", "Click here for ..."),
//!   lines with a link, a handle or an address, an embedded post before its "— Name (@handle)"
//!   signature;
//! - all-caps kickers, Title Case lines and sub-headings: a short line without final
//!   punctuation ("What happens next", "Why it matters") needs one of the stronger signals
//!   above, and a headline-style line of one sentence and at most seven words may drop "the"
//!   before an abbreviation ("Haley rebukes U.N.");
//! - photo captions: marked ("(L)", ", left,", "file photo", "Getty Images") or beside their
//!   picture credit ("Photo: Jane Doe/AP");
//! - "the current state of U.S. -Russia affairs": a stray space inside a compound after an
//!   abbreviation, not a sentence start;
//! - sums in US dollars ("$3.7 billion U.S."), abbreviations that need no "the" ("10 a.m.",
//!   "Washington, D.C."), a sentence that does not end on the abbreviation ("head of U.S. oil
//!   giant ExxonMobil.");
//! - a paragraph that starts with a lower-case name ("eBay", "iPhone", "de Blasio", "al-Assad's
//!   forces", "adidas") or continues one that ends inside a quotation without a full stop, on a
//!   colon or without punctuation (a paragraph broken in two, not cut); an opening quote with a
//!   stray space (`" We will win," he said.`);
//! - a fragment with no main clause that is otherwise punctuated ("Russia - refusing to concede
//!   that Assad - was behind the attacks."), which takes a parser to see.

use std::fmt::Write as _;

use crate::analysis::article::{self, Block, BlockKind};
use crate::analysis::checks::{Check, CheckContext, CheckId, WITHIN_FILE};
use crate::analysis::fingerprint::{Print, SHINGLE_WORDS};
use crate::analysis::workspace::Document;
use crate::analysis::{DocId, Edit, Finding, Fix, Location, Related, Span};

pub(super) const EXPLANATION: &str = "A sentence cut at its end or its start by a scraper or a CMS \
import: a body paragraph that stops without terminal punctuation or in the middle of a word, a \
sentence that ends on an abbreviation such as \"U.S.\" where it needs a noun after it, or a \
sentence that starts with the tail of a hyphenated word, a lower-case word or a closing quote. \
Headlines, datelines, bylines, boilerplate, list items, labelled lines, captions and \
sub-headings are not flagged.";

/// Abbreviations of places and bodies that are nouns only with "the" ("in the U.S.", "at the
/// U.N.") and modifiers otherwise ("U.S. officials", "U.S.-Russian relations").
const THE_ACRONYMS: &[&str] = &["U.S.", "U.K.", "U.N.", "E.U.", "U.A.E.", "U.S.A.", "U.S.S.R."];

/// The same abbreviations without dots, for a paragraph that lost its last words and its full
/// stop: "to improve US".
const THE_ACRONYMS_UNDOTTED: &[&str] = &["US", "UK", "UN", "EU", "UAE", "USA", "USSR"];

/// Abbreviations that stand only before a name ("St. Augustine", "Gen. Smith", "Mt. Everest"):
/// a paragraph that ends on one after a lower-case word lost the name ("churned north past
/// St."). After a capitalised word or a number they may be a street or a drive ("Main St.", "5th
/// St.", "Mulholland Dr."), which does end a sentence.
const NAME_TITLES: &[&str] = &[
    "Capt.", "Col.", "Cpl.", "Dr.", "Ft.", "Gen.", "Gov.", "Lt.", "Maj.", "Mr.", "Mrs.", "Ms.", "Mt.", "Pres.",
    "Prof.", "Rep.", "Rev.", "Sen.", "Sgt.", "St.", "Sts.",
];

/// Words after which one of `THE_ACRONYMS` may stand as a noun, even if loosely ("relations
/// with U.S.", "Russia and U.S."): "the" and its kin, prepositions and conjunctions. After any
/// other lower-case word ("improve", "said", "a", "its") it needs a noun after it.
const NOUN_BEFORE: &[&str] = &[
    "the",
    "this",
    "that",
    "whole",
    "entire",
    "in",
    "into",
    "inside",
    "to",
    "from",
    "with",
    "within",
    "without",
    "at",
    "by",
    "for",
    "on",
    "onto",
    "of",
    "off",
    "against",
    "across",
    "toward",
    "towards",
    "about",
    "over",
    "under",
    "between",
    "among",
    "amongst",
    "outside",
    "throughout",
    "beyond",
    "via",
    "including",
    "like",
    "than",
    "as",
    "and",
    "or",
    "nor",
    "but",
    "versus",
    "vs",
    "out",
    "around",
    "near",
    "through",
    "upon",
    "per",
    "unlike",
    // Sums in a currency: "$3.7 billion U.S.".
    "dollars",
    "cents",
    "thousand",
    "million",
    "billion",
    "trillion",
];

/// Words that cannot end a sentence: articles, conjunctions, and prepositions or possessives
/// that always take something after them.
const DANGLING: &[&str] = &["a", "an", "the", "and", "or", "nor", "of", "to", "its", "their", "whose", "than"];

/// Openings of credit and caption lines, compared without regard to case.
const CREDIT_OPENINGS: &[&str] = &[
    "reporting by",
    "additional reporting",
    "with reporting",
    "with additional reporting",
    "writing by",
    "written by",
    "editing by",
    "edited by",
    "compiled by",
    "produced by",
    "photo",
    "picture",
    "image",
    "video",
    "graphic",
    "source",
    "credit",
    "courtesy",
    "via",
    "file photo",
];

/// Marks of a photo caption or its credit: a caption may end without a full stop.
const CAPTION_MARKS: &[&str] = &[
    "(L)",
    "(R)",
    "(C)",
    "(left)",
    "(right)",
    "(centre)",
    "(center)",
    "(pictured)",
    "(file photo)",
    ", left,",
    ", right,",
    ", centre,",
    ", center,",
    "(L-R)",
    "file photo",
    "File photo",
    "REUTERS",
    "AFP",
    "Getty Images",
    "AP Photo",
    "EPA",
];

/// Verbs that open prompts to the reader at the foot of a story ("Follow Jane Doe on Twitter"),
/// which need no full stop.
const PROMPTS: &[&str] = &[
    "Follow",
    "Click",
    "Read",
    "Watch",
    "Listen",
    "Contact",
    "Email",
    "Call",
    "Visit",
    "See",
    "Download",
    "Sign",
    "Subscribe",
    "Like",
    "Share",
];

/// Particles that open names in lower case ("de Blasio", "van Gogh", "al-Assad").
const NAME_PARTICLES: &[&str] = &[
    "de", "da", "das", "del", "della", "der", "den", "di", "du", "dos", "van", "von", "ter", "ten", "al", "el", "bin",
    "ibn", "abu",
];

/// Names written all in lower case. Names with a capital inside ("eBay", "iPhone") need no list.
const LOWERCASE_NAMES: &[&str] = &["adidas", "bp", "bpost", "thyssenkrupp"];

/// At most this many words of a fragment are compared with the rest of the story.
const MATCH_WORDS: usize = 8;
/// A fragment shares at least this many words with a longer sentence that completes it.
const MIN_MATCH: usize = 4;
/// Shared words from which another article's longer sentence is evidence on its own that an
/// unpunctuated line is cut; fewer could be a sub-heading that opens a sentence elsewhere.
const MIN_MATCH_ALONE: usize = 5;
/// Shared words from which another article continuing "the U.N." with a noun is evidence.
const MIN_MATCH_ACRONYM: usize = 4;
/// A single unpunctuated sentence this long is prose, not a sub-heading.
const LONG_SENTENCE: usize = 12;
/// A paragraph of one sentence and at most this many words may be written like a headline.
const HEADLINE_WORDS: usize = 7;

pub struct TruncatedSentence;

/// Which end of a sentence was lost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    End,
    Start,
}

/// A sentence that looks cut.
struct Cut {
    block: usize,
    side: Side,
    /// The cut sentence, from its first to its last byte.
    fragment: Span,
    /// What the diagnostic underlines: the words at the cut.
    mark: Span,
    message: String,
    /// Why it looks cut, in Markdown.
    why: String,
    witness: Option<Witness>,
}

/// A sentence elsewhere in the story with the fragment's words and more.
struct Witness {
    doc: DocId,
    sentence: Span,
    /// The words it shares with the fragment.
    shared: Span,
    /// What the fragment lacks: the other sentence after the shared words (for a cut end) or
    /// before them (for a cut start).
    missing: String,
    /// Whether the other copy goes on inside the fragment's last word: "Secretar" and
    /// "Secretary", or "U.S." and "U.S.-Russian".
    joined: bool,
    /// How many words are shared.
    matched: usize,
}

/// A word and its comparison key: lower case, letters and digits only ("U.S." is "us").
struct Word {
    span: Span,
    key: String,
}

impl Check for TruncatedSentence {
    fn id(&self) -> CheckId {
        CheckId::TruncatedSentence
    }

    fn run(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        let doc = cx.workspace.doc(cx.doc);
        let mut cuts = Vec::new();
        let suspects = memo::suspects(doc);
        for (index, _) in suspects.iter().enumerate().filter(|(_, &suspect)| suspect) {
            start_cuts(cx, doc, index, &mut cuts);
            acronym_cuts(cx, doc, index, &mut cuts);
            cuts.extend(end_cut(cx, doc, index).or_else(|| title_cut(cx, doc, index)));
        }
        out.extend(cuts.into_iter().map(|cut| finding(cx, doc, cut)));
    }
}

// ---------------------------------------------------------------------------------------------
// Cut at the end
// ---------------------------------------------------------------------------------------------

/// How a paragraph ends when it may end cut: `Some(Some(mark))` on a comma, a hyphen or an
/// opening quote or bracket, `Some(None)` on a letter or digit; `None` when it ends on
/// anything else, terminal punctuation included.
fn open_end(prose: &str) -> Option<Option<&'static str>> {
    let last_char = prose.chars().last()?;
    let before_last = prose[..prose.len() - last_char.len_utf8()].chars().last();
    Some(match last_char {
        ',' | ';' => Some("a comma or semicolon"),
        '-' | '‐' | '‑' if before_last.is_some_and(|c| !c.is_whitespace()) => Some("a hyphen"),
        '“' | '‘' | '(' | '[' => Some("an opening quote or bracket"),
        c if c.is_alphanumeric() => None,
        // Closing quotes and brackets, dashes, symbols: see the module documentation.
        _ => return None,
    })
}

/// A body paragraph that stops without terminal punctuation.
fn end_cut(cx: &CheckContext<'_>, doc: &Document, index: usize) -> Option<Cut> {
    let text = &*doc.text;
    let block = &doc.article.blocks[index];
    let dangling_mark = open_end(block.prose(text))?;
    if is_furniture(cx, doc, index) || in_run_on_list(doc, index) || before_tweet_signature(doc, index) {
        return None;
    }
    // Only "fewer than three" and "four or more" matter: count no further, and build no keys.
    let all_words = article::words(text, block.text_span.clone()).take(4).count();
    if all_words < 3 {
        return None;
    }
    let fragment = block.sentences.last()?.clone();
    let words = word_list(text, fragment.clone());
    let last = words.last()?;
    let previous = words.len().checked_sub(2).map(|i| &text[words[i].span.clone()]);
    let last_text = &text[last.span.clone()];
    let witness = find_continuation(cx, text, index, &words, true);
    // A sentence that lost only its full stop ends where a phrase ends, often on a name, a place
    // or a date, as captions do; a cut falls anywhere, and most words are in lower case.
    let lower_end = last_text.starts_with(char::is_lowercase);

    let mut message = "Truncated sentence: the paragraph ends without terminal punctuation".to_string();
    let why;
    if let Some(w) = witness.as_ref().filter(|w| w.joined && w.missing.starts_with(char::is_alphanumeric)) {
        let other = cx.workspace.doc(w.doc);
        let whole = whole_word(&other.text, w.shared.end, &w.missing);
        message = format!("Truncated sentence: ends mid-word (\"{last_text}\")");
        why = format!(
            "The paragraph stops inside a word: `{}:{}` has the same words going on with \"{whole}\".",
            other.file_name(),
            other.line_of(w.sentence.start)
        );
    } else if let Some(whole) = previous.and_then(|p| story_completion(cx, index, last, p)) {
        message = format!("Truncated sentence: ends mid-word (\"{last_text}\")");
        why = format!(
            "The paragraph stops on \"{last_text}\", which the story never uses as a word, while it has \"{} {whole}\" \
             elsewhere: the word was cut.",
            previous.unwrap_or_default()
        );
    } else if let Some(before) =
        previous.filter(|p| THE_ACRONYMS_UNDOTTED.contains(&last_text) && needs_noun(&words, words.len() - 1, p))
    {
        message = format!("Truncated sentence: ends on \"{last_text}\", which needs a noun after \"{before}\"");
        why = acronym_why(last_text, before);
    } else if let Some(mark) = dangling_mark.filter(|_| all_words >= 4) {
        why = format!("The paragraph has no terminal punctuation and ends on {mark}.");
    } else if all_words >= 4 && in_list_ignore_case(DANGLING, last_text) {
        why = format!(
            "The paragraph has no terminal punctuation and ends on \"{last_text}\", which cannot end a sentence."
        );
    } else if (lower_end || words.len() >= 6) && block.sentences.len() >= 2 && prose_like(text, &fragment, &words) {
        why = "The paragraph's last sentence has no terminal punctuation while the sentences before it do.".to_string();
    } else if lower_end && words.len() >= LONG_SENTENCE {
        why = format!(
            "The paragraph is a sentence of {} words with no terminal punctuation, and it stops on \"{last_text}\"; \
             sub-headings are shorter, and captions end on a name, a place or a date.",
            words.len()
        );
    } else if let Some(w) = witness.as_ref().filter(|w| w.matched >= MIN_MATCH_ALONE) {
        let other = cx.workspace.doc(w.doc);
        why = format!(
            "The paragraph has no terminal punctuation, and `{}:{}` goes on after the same {} words.",
            other.file_name(),
            other.line_of(w.sentence.start),
            w.matched
        );
    } else {
        return None;
    }
    Some(Cut { block: index, side: Side::End, mark: last.span.start..fragment.end, fragment, message, why, witness })
}

/// A paragraph that ends on an abbreviation that only stands before a name ([`NAME_TITLES`]),
/// after a lower-case word: "The storm churned north past St."
fn title_cut(cx: &CheckContext<'_>, doc: &Document, index: usize) -> Option<Cut> {
    let text = &*doc.text;
    let block = &doc.article.blocks[index];
    let sentence = block.sentences.last()?;
    let title = title_at_end(&text[sentence.clone()])?;
    if is_furniture(cx, doc, index) {
        return None;
    }
    let words = word_list(text, sentence.clone());
    // The word may or may not take the full stop with it.
    let last = words.last().filter(|w| sentence.end - w.span.end <= 1 && w.span.start + title.len() >= sentence.end)?;
    let mark = last.span.start..sentence.end;
    let before = &text[words.get(words.len().checked_sub(2)?)?.span.clone()];
    if !before.chars().next().is_some_and(char::is_lowercase) || !before.chars().all(char::is_alphabetic) {
        return None;
    }
    Some(Cut {
        block: index,
        side: Side::End,
        fragment: sentence.clone(),
        mark,
        message: format!("Truncated sentence: ends on \"{title}\", which stands before a name"),
        why: format!(
            "The paragraph ends on \"{title}\" after \"{before}\". The abbreviation stands before a name \
             (\"{title} Augustine\", \"{title} Smith\"), so the name and the rest of the sentence are missing."
        ),
        witness: find_continuation(cx, text, index, &words, false),
    })
}

/// The one of [`NAME_TITLES`] that `s` ends with as a word of its own, if any.
fn title_at_end(s: &str) -> Option<&'static str> {
    if !s.ends_with('.') {
        return None;
    }
    NAME_TITLES
        .iter()
        .copied()
        .find(|t| s.strip_suffix(t).is_some_and(|rest| rest.ends_with(char::is_whitespace) || rest.is_empty()))
}

/// Sentences that end on "U.S." and its kin where a noun must follow.
///
/// A short line of one sentence is left alone: headlines and the link titles and sub-headings
/// written like them drop "the" ("Trump slams U.N.").
fn acronym_cuts(cx: &CheckContext<'_>, doc: &Document, index: usize, out: &mut Vec<Cut>) {
    let text = &*doc.text;
    let block = &doc.article.blocks[index];
    // The sentences that end on a free-standing abbreviation, before the paragraph as a whole
    // is looked at: most paragraphs have none.
    let candidates = || acronym_ends(text, block);
    if candidates().next().is_none()
        || (block.sentences.len() == 1 && article::words(text, block.text_span.clone()).nth(HEADLINE_WORDS).is_none())
        || is_furniture(cx, doc, index)
    {
        return;
    }
    for (sentence, acronym, start) in candidates() {
        let words = word_list(text, sentence.clone());
        let Some(last) = words.last().filter(|w| w.span == (start..sentence.end)) else { continue };
        let Some(before) = words.len().checked_sub(2).map(|i| &text[words[i].span.clone()]) else { continue };
        let witness = find_continuation(cx, text, index, &words, false)
            .filter(|w| w.matched >= MIN_MATCH_ACRONYM && continues_with_noun(&w.missing));
        let (message, why) = if needs_noun(&words, words.len() - 1, before) {
            (
                format!("Truncated sentence: ends on \"{acronym}\", which needs a noun after \"{before}\""),
                acronym_why(acronym, before),
            )
        } else if let Some(w) = &witness {
            let other = cx.workspace.doc(w.doc);
            (
                format!("Truncated sentence: ends on \"{acronym}\""),
                format!(
                    "The sentence ends on \"{acronym}\", and `{}:{}` has the same {} words with more after them: \
                     there the abbreviation modifies a noun.",
                    other.file_name(),
                    other.line_of(w.sentence.start),
                    w.matched
                ),
            )
        } else {
            continue;
        };
        out.push(Cut {
            block: index,
            side: Side::End,
            fragment: sentence.clone(),
            mark: last.span.clone(),
            message,
            why,
            witness,
        });
    }
}

/// The sentences of a block that end on a free-standing one of [`THE_ACRONYMS`]: the
/// sentence, the abbreviation and where it starts.
fn acronym_ends<'a>(text: &'a str, block: &'a Block) -> impl Iterator<Item = (&'a Span, &'static str, usize)> + 'a {
    block.sentences.iter().filter_map(move |sentence| {
        let acronym = the_acronym_at_end(&text[sentence.clone()])?;
        let start = sentence.end - acronym.len();
        // "pro-U.S." or "U.S.S.R." read as "S.R.": only a free-standing abbreviation counts.
        text[sentence.start..start].ends_with(char::is_whitespace).then_some((sentence, acronym, start))
    })
}

/// The one of [`THE_ACRONYMS`] that `s` ends with, if any. Every sentence of the article is
/// asked on every check; they all end with a capital and a full stop ("U.S."), so the two last
/// bytes turn away nearly every sentence before the list is read.
fn the_acronym_at_end(s: &str) -> Option<&'static str> {
    match s.as_bytes() {
        [.., c, b'.'] if c.is_ascii_uppercase() => THE_ACRONYMS.iter().find(|a| s.ends_with(*a)).copied(),
        _ => None,
    }
}

fn acronym_why(acronym: &str, before: &str) -> String {
    format!(
        "The sentence ends on \"{acronym}\" right after \"{before}\". As a noun it would take \"the\" (\"in the \
         {acronym}\"); without it, it is a modifier that needs a noun after it (\"{acronym} officials\", \
         \"{acronym}-Russian relations\"), so the end of the sentence is missing."
    )
}

/// Whether the abbreviation at `words[at]`, after the word `before`, must be a modifier: the
/// word before it is a lower-case word that is not "the", a preposition or a conjunction, and
/// no "the" stands just before that ("the new U.S." may be a noun phrase).
fn needs_noun(words: &[Word], at: usize, before: &str) -> bool {
    let lower_word = before.chars().next().is_some_and(char::is_lowercase) && before.chars().all(char::is_alphabetic);
    let the_before = at >= 2 && words[at - 2].key == "the";
    lower_word && !in_list_ignore_case(NOUN_BEFORE, before) && !the_before
}

/// Whether the text after an abbreviation in another copy makes it a modifier: a hyphen
/// compound ("-Russian relations") or a word that does not start a new sentence.
fn continues_with_noun(missing: &str) -> bool {
    let mut chars = missing.chars();
    match chars.next() {
        Some('-' | '‐' | '‑') => chars.next().is_some_and(char::is_alphabetic),
        Some(c) if c.is_whitespace() => {
            let next = missing.trim_start();
            let word: String = next.chars().take_while(|c| c.is_alphanumeric()).collect();
            !word.is_empty() && !article::is_sentence_starter(&word)
        }
        _ => false,
    }
}

/// The word of another copy that completes a cut one: the cut part plus what follows.
fn whole_word(text: &str, shared_end: usize, missing: &str) -> String {
    let start = text[..shared_end]
        .char_indices()
        .rev()
        .find(|&(_, c)| !c.is_alphanumeric())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let tail: String = missing.chars().take_while(|c| c.is_alphanumeric()).collect();
    format!("{}{tail}", &text[start..shared_end])
}

/// Whether the last sentence of a paragraph reads as prose rather than a credit, a label or a
/// prompt to the reader: four words or more, one of them in lower case, no caption or credit
/// mark, and no imperative opening such as "Follow" or "Click".
fn prose_like(text: &str, sentence: &Span, words: &[Word]) -> bool {
    let s = &text[sentence.clone()];
    let first = words.first().map_or("", |w| &text[w.span.clone()]);
    words.len() >= 4
        && !PROMPTS.contains(&first)
        && words.iter().any(|w| text[w.span.clone()].starts_with(char::is_lowercase))
        && !is_labelled(s)
        && !starts_with_credit(s)
        && !CAPTION_MARKS.iter().any(|m| s.contains(m))
        && !s.contains('/')
}

/// The whole word the story has where this paragraph's last word is cut: a longer word that
/// starts with `last` follows the same `previous` word somewhere ("US Secretar" and "US
/// Secretary"), while `last` is used nowhere else in the story as a whole word. Words of fewer
/// than four letters are left alone: too many whole words start with them.
fn story_completion(cx: &CheckContext<'_>, index: usize, last: &Word, previous: &str) -> Option<String> {
    if last.key.chars().count() < 4 || !last.key.chars().all(char::is_alphabetic) {
        return None;
    }
    let last_text = &cx.workspace.doc(cx.doc).text[last.span.clone()];
    let previous_key = key(previous);
    // A substring search finds the few places where the cut letters stand; words are only read
    // around them, and the whole story only when a completion was found.
    let whole = story(cx).find_map(|(_, doc)| {
        let text = &*doc.text;
        text.match_indices(last_text).find_map(|(at, _)| {
            let before = text[..at].trim_end();
            let word_start =
                before.char_indices().rev().find(|&(_, c)| c.is_whitespace()).map_or(0, |(i, c)| i + c.len_utf8());
            let rest = &text[at..];
            let word_end = rest.find(|c: char| !c.is_alphanumeric()).unwrap_or(rest.len());
            let word = &rest[..word_end];
            let complete = before.len() < at
                && key_eq(&before[word_start..], &previous_key)
                && word.len() > last_text.len()
                && !is_inflection(&word[last_text.len()..]);
            complete.then(|| word.to_string())
        })
    })?;
    for (id, doc) in story(cx).filter(|(_, d)| d.text.contains(last_text)) {
        for (b, block) in doc.article.blocks.iter().enumerate() {
            let own = |span: &Span| id == cx.doc && b == index && *span == last.span;
            if article::words(&doc.text, block.span.clone()).any(|w| !own(&w) && key_eq(&doc.text[w], &last.key)) {
                return None;
            }
        }
    }
    Some(whole)
}

// ---------------------------------------------------------------------------------------------
// Cut at the start
// ---------------------------------------------------------------------------------------------

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑')
}

/// A paragraph that starts with the tail of a hyphenated word, a lower-case word or a closing
/// quote; a sentence inside a paragraph that starts with the tail of a hyphenated word.
fn start_cuts(cx: &CheckContext<'_>, doc: &Document, index: usize, out: &mut Vec<Cut>) {
    let text = &*doc.text;
    let block = &doc.article.blocks[index];
    let first_sentence = block.sentences[0].clone();
    let kind = match opening(block.prose(text)) {
        Some(StartKind::Hyphen) => (!list_like(doc, index)).then_some(StartKind::Hyphen),
        Some(StartKind::Lowercase) => {
            (!lowercase_start_ok(doc, index) && !is_furniture(cx, doc, index)).then_some(StartKind::Lowercase)
        }
        Some(StartKind::Closer) => (!is_furniture(cx, doc, index)).then_some(StartKind::Closer),
        None => None,
    };
    if let Some(kind) = kind {
        if block.text_span.start == first_sentence.start {
            out.push(start_cut(cx, doc, index, kind, first_sentence.clone(), false));
        }
    }

    // A hyphen joined to a word right after the end of a sentence: "in northern Syria. -Russian
    // dispute concerned ...". The sentence split does not cut there, since a hyphen cannot start
    // a sentence, so the fragment runs to the end of the sentence the split found.
    let mut last_sentence = None;
    for (at, after) in hyphen_starts(text, block) {
        if text[after..at].contains(['\n', '\r']) && list_like(doc, index) {
            continue;
        }
        let Some(sentence) = block.sentences.iter().find(|s| s.start <= at && at < s.end) else { continue };
        // One fragment per sentence: a second hyphen start would lie inside the first fragment.
        if last_sentence == Some(sentence.start) {
            continue;
        }
        last_sentence = Some(sentence.start);
        out.push(start_cut(cx, doc, index, StartKind::Hyphen, at..sentence.end, true));
    }
}

#[derive(Clone, Copy)]
enum StartKind {
    Hyphen,
    Lowercase,
    Closer,
}

/// How a paragraph starts when it may start cut, before its neighbours and the story are
/// asked: with a hyphen joined to a word, a lower-case letter or a closing quote or bracket.
fn opening(prose: &str) -> Option<StartKind> {
    let mut chars = prose.chars();
    let (first, second) = (chars.next()?, chars.next());
    if is_hyphen(first) && second.is_some_and(char::is_alphabetic) {
        Some(StartKind::Hyphen)
    } else if first.is_lowercase() {
        Some(StartKind::Lowercase)
    } else if is_closing_start(prose, first, second) {
        Some(StartKind::Closer)
    } else {
        None
    }
}

/// Hyphens inside a block joined to the word after them and just after the end of a sentence
/// (see [`sentence_end_before`]): the offset of the hyphen and of that end.
///
/// The hyphens are found with `memchr` rather than by decoding every character: `-` is ASCII,
/// and '‐' and '‑' are the only hyphens whose UTF-8 starts with 0xE2 (a lead byte, so always a
/// character boundary).
fn hyphen_starts<'a>(text: &'a str, block: &'a Block) -> impl Iterator<Item = (usize, usize)> + 'a {
    let (prose, start) = (block.prose(text), block.text_span.start);
    // The first character is the paragraph's start (see `opening`).
    memchr::memchr2_iter(b'-', 0xE2, prose.as_bytes()).filter(|&offset| offset > 0).filter_map(move |offset| {
        let c = prose[offset..].chars().next()?;
        if !is_hyphen(c) || !prose[offset + c.len_utf8()..].starts_with(char::is_alphabetic) {
            return None;
        }
        let at = start + offset;
        Some((at, sentence_end_before(text, start, at)?))
    })
}

/// Whether a block may hold a cut sentence, from its own text alone: a body paragraph that
/// starts or ends as a cut does (see [`opening`], [`hyphen_starts`], [`acronym_ends`] and
/// [`open_end`]). Only these are looked at further, against their neighbours and the story;
/// nearly every paragraph of an article ends with a full stop and starts with a capital.
fn suspect(text: &str, block: &Block) -> bool {
    if block.kind != BlockKind::Body || block.sentences.is_empty() {
        return false;
    }
    let prose = block.prose(text);
    opening(prose).is_some()
        || open_end(prose).is_some()
        || acronym_ends(text, block).next().is_some()
        || block.sentences.last().is_some_and(|s| title_at_end(&text[s.clone()]).is_some())
        || hyphen_starts(text, block).next().is_some()
}

fn start_cut(
    cx: &CheckContext<'_>,
    doc: &Document,
    index: usize,
    kind: StartKind,
    fragment: Span,
    inside_paragraph: bool,
) -> Cut {
    let text = &*doc.text;
    let words = word_list(text, fragment.clone());
    let mark_end = words.first().map_or(fragment.end, |w| w.span.end);
    let mark = fragment.start..mark_end;
    let head = &text[mark.clone()];
    let (message, mut why) = match kind {
        StartKind::Hyphen => (
            format!("Truncated sentence: starts with the tail of a hyphenated word (\"{head}\")"),
            format!(
                "The sentence starts with \"{head}\", a hyphen joined to a word: the tail of a compound \
                 (\"…{head}\") whose first part, and whatever came before it, were cut."
            ),
        ),
        StartKind::Lowercase => (
            format!("Truncated sentence: starts with a lower-case word (\"{head}\")"),
            format!(
                "The paragraph starts with the lower-case word \"{head}\", which is not a name written in lower \
                 case: its beginning was cut."
            ),
        ),
        StartKind::Closer => (
            "Truncated sentence: starts with a closing quote or bracket".to_string(),
            format!("The paragraph starts with \"{head}\": the quote or bracket it closes was cut off."),
        ),
    };
    if inside_paragraph {
        why.push_str(
            " The sentence before it ends on a word that is not an abbreviation, so this is no stray space inside a \
             compound (as in \"U.S. -Russia\").",
        );
    }
    let witness = find_beginning(cx, text, index, &words);
    Cut { block: index, side: Side::Start, fragment, mark, message, why, witness }
}

/// The end of a sentence just before `at` (after whitespace): the position after a `.`, `!`,
/// `?` or `…` and any closing quotes, when the word before a full stop is not an abbreviation
/// ("U.S. -Russia affairs" is a compound with a stray space).
fn sentence_end_before(text: &str, floor: usize, at: usize) -> Option<usize> {
    let before = &text[floor..at];
    let trimmed = before.trim_end();
    if trimmed.len() == before.len() {
        return None;
    }
    let closed = trimmed.trim_end_matches(is_closer);
    let end = floor + trimmed.len();
    if closed.ends_with(['!', '?', '…']) {
        return Some(end);
    }
    let stem = closed.strip_suffix('.')?;
    if stem.ends_with('.') {
        // An ellipsis written as dots.
        return Some(end);
    }
    let token_start = stem
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_ascii_alphanumeric() || c == '.'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let token = stem[token_start..].trim_start_matches('.');
    if token.is_empty() || article::is_abbreviation(token) {
        return None;
    }
    Some(end)
}

/// Whether the paragraph is part of a list: another of its lines, or the body paragraph before
/// or after it, starts with a bullet.
fn list_like(doc: &Document, index: usize) -> bool {
    let text = &*doc.text;
    let block = &doc.article.blocks[index];
    let bulleted_lines = text[block.span.clone()].lines().filter(|l| starts_with_bullet(l.trim_start())).count();
    if bulleted_lines >= 2 {
        return true;
    }
    let neighbour = |i: Option<usize>| {
        i.and_then(|i| doc.article.blocks.get(i))
            .is_some_and(|b| b.kind == BlockKind::Body && starts_with_bullet(&text[b.span.clone()]))
    };
    neighbour(index.checked_sub(1)) || neighbour(Some(index + 1))
}

fn starts_with_bullet(line: &str) -> bool {
    line.starts_with(['-', '•', '·', '*', '‣', '▪', '◦', '–', '—', '►', '‐', '‑'])
}

/// Whether a paragraph that starts in lower case is legitimate: a name written in lower case
/// ("eBay", "de Blasio", "al-Assad's"), a handle or an address, an all-lower-case tag line, a
/// list item, or the continuation of a paragraph that was broken or introduces a list.
fn lowercase_start_ok(doc: &Document, index: usize) -> bool {
    let text = &*doc.text;
    let block = &doc.article.blocks[index];
    let prose = block.prose(text);
    let mut tokens = prose.split_whitespace();
    let first = tokens.next().unwrap_or("");
    let word = first.trim_end_matches(|c: char| !c.is_alphanumeric());
    let next_capital = tokens.next().is_some_and(|t| t.starts_with(char::is_uppercase));
    if word.chars().skip(1).any(|c| c.is_uppercase() || c.is_numeric())
        || word.contains(['.', '@', '/', '#', '_', ':'])
        || in_list_ignore_case(LOWERCASE_NAMES, word.trim_end_matches("'s").trim_end_matches("’s"))
        || (in_list_ignore_case(NAME_PARTICLES, word) && next_capital)
        || word.split_once(['-', '‐']).is_some_and(|(particle, rest)| {
            in_list_ignore_case(NAME_PARTICLES, particle) && rest.starts_with(char::is_uppercase)
        })
    {
        return true;
    }
    if article::words(text, block.text_span.clone()).nth(2).is_none() || prose.ends_with([',', ';']) {
        return true;
    }
    if !prose.chars().any(char::is_uppercase) && !ends_terminal(prose) {
        return true;
    }
    let previous = index.checked_sub(1).map(|i| &doc.article.blocks[i]);
    previous.is_some_and(|p| {
        // A paragraph that ends inside a quotation without a full stop (`"We will fight,"`) or
        // on a colon goes on in this one.
        let core = p.prose(text).trim_end_matches(is_closer);
        p.kind == BlockKind::Body && !core.ends_with(['.', '!', '?', '…'])
    })
}

/// A closing quote or bracket at the start of a paragraph: `)` or `]`, or a double quote or
/// curly single quote followed by a space or punctuation (`” he said`) that has no opening
/// quote to close in the paragraph (`" We will win," he said.` is an opening quote with a stray
/// space). A straight single quote is left alone: apostrophes make it ambiguous.
fn is_closing_start(prose: &str, first: char, second: Option<char>) -> bool {
    let then_space = second.is_none_or(|c| c.is_whitespace() || matches!(c, ',' | '.' | ';' | ':' | '!' | '?'));
    match first {
        ')' | ']' => true,
        '”' => then_space && prose.matches('“').count() < prose.matches('”').count(),
        '"' => then_space && prose.matches('"').count() % 2 == 1,
        '’' => {
            // Curly apostrophes inside words ("Russia’s") are not quotes.
            let chars: Vec<char> = prose.chars().collect();
            let closers = (0..chars.len())
                .filter(|&i| {
                    chars[i] == '’'
                        && !(i > 0
                            && chars[i - 1].is_alphanumeric()
                            && chars.get(i + 1).is_some_and(|c| c.is_alphanumeric()))
                })
                .count();
            then_space && prose.matches('‘').count() < closers
        }
        _ => false,
    }
}

// ---------------------------------------------------------------------------------------------
// What is not prose
// ---------------------------------------------------------------------------------------------

/// Whether a body paragraph is page furniture or a heading that legitimately ends without
/// punctuation: a list item, a labelled or credit line, an address, a kicker in capitals, a
/// Title Case line, a block of short lines, a caption, or a copy of a headline of the story.
fn is_furniture(cx: &CheckContext<'_>, doc: &Document, index: usize) -> bool {
    let text = &*doc.text;
    let block = &doc.article.blocks[index];
    let prose = block.prose(text);
    if starts_with_bullet(prose) || starts_with_number_mark(prose) || is_labelled(prose) || starts_with_credit(prose) {
        return true;
    }
    if prose.contains("http") || prose.contains("www.") || prose.contains('@') {
        return true;
    }
    if !prose.chars().any(char::is_lowercase) || title_case(text, block.text_span.clone()) {
        return true;
    }
    let lines: Vec<&str> = prose.lines().filter(|l| !l.trim().is_empty()).collect();
    if lines.len() > 1 && lines.iter().all(|l| l.split_whitespace().count() < 8) {
        return true;
    }
    if CAPTION_MARKS.iter().any(|m| prose.contains(m)) {
        return true;
    }
    // A caption sits beside its picture credit ("Photo: Jane Doe/AP").
    let credit_beside = [index.checked_sub(1), Some(index + 1)].into_iter().flatten().any(|i| {
        doc.article.blocks.get(i).is_some_and(|b| {
            let s = &text[b.span.clone()];
            b.kind == BlockKind::Boilerplate && (starts_with_credit(s) || s.contains('/'))
        })
    });
    if credit_beside {
        return true;
    }
    // Paragraph fingerprints hash the text with case, spacing and punctuation ignored.
    let Some(Some(print)) = doc.prints.get(index) else { return false };
    story(cx).any(|(_, d)| {
        d.article.headline().is_some()
            && d.prints.first().and_then(Option::as_ref).is_some_and(|h| h.exact == print.exact)
    })
}

/// Whether the paragraph is an item of a list written as a run-on sentence: the body paragraph
/// before it introduces it with a colon or ends with a semicolon or comma ("The demands were:" /
/// "an immediate ceasefire;" / "the release of all prisoners.").
fn in_run_on_list(doc: &Document, index: usize) -> bool {
    let text = &*doc.text;
    index.checked_sub(1).map(|i| &doc.article.blocks[i]).is_some_and(|p| {
        p.kind == BlockKind::Body && p.prose(text).trim_end_matches(is_closer).ends_with([':', ';', ','])
    })
}

/// Whether the next block signs an embedded post ("— Donald J. Trump (@realDonaldTrump) April
/// 12, 2017"): posts rarely end with a full stop.
fn before_tweet_signature(doc: &Document, index: usize) -> bool {
    doc.article.blocks.get(index + 1).is_some_and(|b| {
        let s = &doc.text[b.span.clone()];
        starts_with_bullet(s) && s.contains("(@")
    })
}

/// "1. item", "2) item", "(a) item", "a) item".
fn starts_with_number_mark(s: &str) -> bool {
    let head: String = s.chars().take(5).collect();
    let inner = head.trim_start_matches('(');
    let mark_len = inner
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .count()
        .max(usize::from(inner.starts_with(|c: char| c.is_ascii_lowercase()) && inner[1..].starts_with(')')));
    mark_len > 0 && inner[mark_len..].starts_with(['.', ')']) && inner[mark_len + 1..].starts_with(' ')
}

/// "Source: ...", "Photo: ...", "READ MORE: ...", "Editor's note: ...": one to three words
/// and a colon open the line.
fn is_labelled(s: &str) -> bool {
    let Some(colon) = s.find(':') else { return false };
    let label = &s[..colon];
    let words = label.split_whitespace().count();
    (1..=3).contains(&words)
        && label.starts_with(char::is_uppercase)
        && !label.contains(['.', '!', '?', ',', '"', '“'])
        && !label.chars().any(|c| c.is_ascii_digit())
}

fn starts_with_credit(s: &str) -> bool {
    CREDIT_OPENINGS.iter().any(|opening| {
        s.get(..opening.len()).is_some_and(|head| head.eq_ignore_ascii_case(opening))
            && !s[opening.len()..].starts_with(char::is_alphanumeric)
    })
}

/// Title Case: at most a fifth of the words of four letters or more after the first are in
/// lower case ("Relations Between US And Russia Are At A Low Point").
fn title_case(text: &str, span: Span) -> bool {
    let (mut upper, mut lower) = (0usize, 0usize);
    for w in article::words(text, span).skip(1) {
        let s = &text[w];
        if s.chars().filter(|c| c.is_alphabetic()).nth(3).is_none() {
            continue;
        }
        if s.starts_with(char::is_uppercase) {
            upper += 1;
        } else if s.starts_with(char::is_lowercase) {
            lower += 1;
        }
    }
    upper >= 2 && lower * 5 <= upper + lower
}

// ---------------------------------------------------------------------------------------------
// Evidence from the story
// ---------------------------------------------------------------------------------------------

/// The documents of the story, other articles first, then this one.
fn story<'a>(cx: &'a CheckContext<'a>) -> impl Iterator<Item = (DocId, &'a Document)> + 'a {
    cx.peers.iter().copied().chain(std::iter::once(cx.doc)).filter_map(|id| cx.workspace.get(id).map(|d| (id, d)))
}

/// A longer sentence in the story that has the last words of the fragment `ours` and goes on
/// after them in the same sentence. With `partial`, the fragment's last word may be the start
/// of a longer word there ("Secretar"); a hyphen compound may always follow it ("U.S." /
/// "US-Russian").
fn find_continuation(cx: &CheckContext<'_>, text: &str, index: usize, ours: &[Word], partial: bool) -> Option<Witness> {
    let m = ours.len().min(MATCH_WORDS);
    if m < MIN_MATCH {
        return None;
    }
    let window = &ours[ours.len() - m..];
    let keys: Vec<&str> = window.iter().map(|w| w.key.as_str()).collect();
    // The last word may be cut, so only the three before it are sure to be in the other copy.
    let probe = probe(text, window[0].span.start..window[2].span.end);
    for (id, doc) in story(cx) {
        for (b, block) in doc.article.blocks.iter().enumerate() {
            if block.kind != BlockKind::Body || (id == cx.doc && b == index) || !may_hold(doc, b, &probe) {
                continue;
            }
            // Most paragraphs lack the first word; they are passed over without building keys.
            if !article::words(&doc.text, block.text_span.clone()).any(|w| key_eq(&doc.text[w], keys[0])) {
                continue;
            }
            let theirs = word_list(&doc.text, block.text_span.clone());
            for i in 0..(theirs.len() + 1).saturating_sub(m) {
                if !(0..m - 1).all(|j| theirs[i + j].key == keys[j]) {
                    continue;
                }
                let last = &theirs[i + m - 1];
                let Some((from, joined)) = continues_at(&doc.text, last, keys[m - 1], partial) else { continue };
                let Some(sentence) =
                    block.sentences.iter().find(|s| s.start <= last.span.start && last.span.end <= s.end)
                else {
                    continue;
                };
                let missing = &doc.text[from..sentence.end];
                if !missing.chars().any(char::is_alphanumeric) {
                    continue;
                }
                return Some(Witness {
                    doc: id,
                    sentence: sentence.clone(),
                    shared: theirs[i].span.start..from,
                    missing: missing.to_string(),
                    joined,
                    matched: m,
                });
            }
        }
    }
    None
}

/// The three-word shingle hashes (see `fingerprint`) of a run of words of the fragment, for
/// passing over, by the paragraph fingerprints already at hand, the paragraphs that cannot hold
/// it. Empty, so that nothing is passed over, for a run of fewer than three words.
fn probe(text: &str, span: Span) -> Vec<u64> {
    let print = Print::of(&text[span]);
    if print.words < SHINGLE_WORDS {
        return Vec::new();
    }
    print.shingles
}

/// Whether block `b` of `doc` may hold the words of `probe`: its fingerprint has all their
/// shingles.
fn may_hold(doc: &Document, b: usize, probe: &[u64]) -> bool {
    probe.is_empty()
        || doc
            .prints
            .get(b)
            .and_then(Option::as_ref)
            .is_some_and(|p| probe.iter().all(|h| p.shingles.binary_search(h).is_ok()))
}

/// Where another copy goes on after its word `theirs`, which matched our last word `key`: at
/// its end when the words are the same, or inside it when our word is its start and the rest
/// is a hyphen compound or (with `partial`, for words of four letters or more) more letters.
fn continues_at(text: &str, theirs: &Word, key: &str, partial: bool) -> Option<(usize, bool)> {
    if theirs.key == key {
        let rest = &text[theirs.span.end..];
        let compound = rest.starts_with(is_hyphen) && rest.chars().nth(1).is_some_and(char::is_alphabetic);
        return Some((theirs.span.end, compound));
    }
    if !theirs.key.starts_with(key) {
        return None;
    }
    let raw = &text[theirs.span.clone()];
    let target = key.chars().count();
    let mut seen = 0;
    let mut at = None;
    for (i, c) in raw.char_indices() {
        if c.is_alphanumeric() {
            seen += c.to_lowercase().count();
            if seen >= target {
                at = (seen == target).then_some(i + c.len_utf8());
                break;
            }
        }
    }
    let at = at?;
    let rest = &raw[at..];
    let compound = rest.starts_with(is_hyphen);
    let mid_word = partial && target >= 4 && rest.starts_with(char::is_alphabetic) && !is_inflection(rest);
    (compound || mid_word).then_some((theirs.span.start + at, true))
}

/// A longer sentence in the story that has the first words of the fragment `ours` with more
/// before them in the same sentence. Its first matched word may end with ours after a hyphen
/// ("US-Russian" for "-Russian"), or, for words of four letters or more, after more letters.
fn find_beginning(cx: &CheckContext<'_>, text: &str, index: usize, ours: &[Word]) -> Option<Witness> {
    let m = ours.len().min(MATCH_WORDS);
    if m < MIN_MATCH {
        return None;
    }
    let keys: Vec<&str> = ours[..m].iter().map(|w| w.key.as_str()).collect();
    // The first word may be the tail of a longer one, so only the three after it are sure.
    let probe = probe(text, ours[1].span.start..ours[3].span.end);
    for (id, doc) in story(cx) {
        for (b, block) in doc.article.blocks.iter().enumerate() {
            if block.kind != BlockKind::Body || (id == cx.doc && b == index) || !may_hold(doc, b, &probe) {
                continue;
            }
            if !article::words(&doc.text, block.text_span.clone()).any(|w| key_eq(&doc.text[w], keys[1])) {
                continue;
            }
            let theirs = word_list(&doc.text, block.text_span.clone());
            for i in 0..(theirs.len() + 1).saturating_sub(m) {
                if !(1..m).all(|j| theirs[i + j].key == keys[j]) {
                    continue;
                }
                let first = &theirs[i];
                let Some(from) = begins_at(&doc.text, first, keys[0]) else { continue };
                let Some(sentence) =
                    block.sentences.iter().find(|s| s.start <= first.span.start && first.span.end <= s.end)
                else {
                    continue;
                };
                let missing = &doc.text[sentence.start..from];
                if !missing.chars().any(char::is_alphanumeric) {
                    continue;
                }
                let last = &theirs[i + m - 1];
                return Some(Witness {
                    doc: id,
                    sentence: sentence.clone(),
                    shared: from..last.span.end,
                    missing: missing.to_string(),
                    joined: from != first.span.start,
                    matched: m,
                });
            }
        }
    }
    None
}

/// Where our first word `key` starts inside another copy's word `theirs`.
fn begins_at(text: &str, theirs: &Word, key: &str) -> Option<usize> {
    if theirs.key == key {
        return Some(theirs.span.start);
    }
    if !theirs.key.ends_with(key) {
        return None;
    }
    let raw = &text[theirs.span.clone()];
    let target = key.chars().count();
    let mut seen = 0;
    for (i, c) in raw.char_indices().rev() {
        if c.is_alphanumeric() {
            seen += c.to_lowercase().count();
            if seen >= target {
                if seen != target {
                    return None;
                }
                let before = raw[..i].chars().last();
                let ok = before.is_some_and(is_hyphen) || (target >= 4 && before.is_some_and(char::is_alphabetic));
                return ok.then_some(theirs.span.start + i);
            }
        }
    }
    None
}

// ---------------------------------------------------------------------------------------------
// Findings
// ---------------------------------------------------------------------------------------------

fn finding(cx: &CheckContext<'_>, doc: &Document, cut: Cut) -> Finding {
    let text = &*doc.text;
    let block = &doc.article.blocks[cut.block];
    let line = doc.line_of(cut.fragment.start);
    let mut message = cut.message;
    let mut evidence =
        format!("{}\n\nThe fragment (line {line}):\n\n> {}\n", cut.why, quote(&text[cut.fragment.clone()]));
    let mut related = Vec::new();
    let mut fixes = Vec::new();

    if let Some(w) = &cut.witness {
        let other = cx.workspace.doc(w.doc);
        let other_line = other.line_of(w.sentence.start);
        let place = format!("{}:{other_line}", other.file_name());
        let _ = write!(message, "; {place} has the whole sentence");
        let (before, shared, after) = (
            &other.text[w.sentence.start..w.shared.start],
            &other.text[w.shared.clone()],
            &other.text[w.shared.end..w.sentence.end],
        );
        let shown = match cut.side {
            Side::End => format!("{}{}**{}**", quote(before), quote(shared), quote(after)),
            Side::Start => format!("**{}**{}{}", quote(before), quote(shared), quote(after)),
        };
        let _ =
            write!(evidence, "\nThe whole sentence is in `{place}` (what the fragment lacks in bold):\n\n> {shown}\n");
        related.push(Related {
            location: Location { doc: w.doc, span: w.sentence.clone() },
            message: format!("the whole sentence, in {}", other.file_name()).into(),
        });
        let edit = match cut.side {
            Side::End => {
                let last_word_end =
                    word_list(text, cut.fragment.clone()).last().map_or(cut.fragment.end, |w| w.span.end);
                Edit { doc: cx.doc, span: last_word_end..cut.fragment.end, replacement: w.missing.as_str().into() }
            }
            Side::Start => {
                let first_word_start =
                    word_list(text, cut.fragment.clone()).first().map_or(cut.fragment.start, |w| w.span.start);
                Edit { doc: cx.doc, span: cut.fragment.start..first_word_start, replacement: w.missing.as_str().into() }
            }
        };
        fixes.push(Fix { title: format!("Complete from {place}").into(), edits: vec![edit] });
    }
    fixes.push(Fix {
        title: "Remove fragment".into(),
        edits: vec![Edit { doc: cx.doc, span: removal(text, block, &cut.fragment), replacement: "".into() }],
    });

    Finding {
        check: CheckId::TruncatedSentence,
        doc: cx.doc,
        span: cut.mark,
        severity: WITHIN_FILE,
        message,
        evidence: evidence.into(),
        related,
        fixes,
    }
}

/// What to delete to remove a fragment: the whole block when the fragment is all of it, else
/// the fragment with the space after it (or, at the end of the paragraph, the space before it).
fn removal(text: &str, block: &Block, fragment: &Span) -> Span {
    let prose = &block.text_span;
    let before = text[prose.start..fragment.start].trim_end();
    let after = &text[fragment.end..prose.end];
    if before.is_empty() && after.trim().is_empty() && block.dateline.is_none() {
        return block.removal_span.clone();
    }
    if !after.trim().is_empty() {
        let gap = after.len() - after.trim_start().len();
        return fragment.start..fragment.end + gap;
    }
    if before.is_empty() {
        return fragment.clone();
    }
    prose.start + before.len()..fragment.end
}

/// Text for a Markdown quote: one line, with the characters that would format it escaped.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' | '\r' => out.push(' '),
            '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

fn word_list(text: &str, span: Span) -> Vec<Word> {
    article::words(text, span).map(|span| Word { key: key(&text[span.clone()]), span }).collect()
}

/// Endings that make another word of a whole word ("connection" / "connections", "Moscow" /
/// "Moscow's"): a word that lacks one of them is not cut.
fn is_inflection(rest: &str) -> bool {
    matches!(key(rest).as_str(), "s" | "es" | "d" | "ed" | "ing" | "er" | "ers" | "est" | "ly")
}

fn key(word: &str) -> String {
    key_chars(word).collect()
}

fn key_chars(word: &str) -> impl Iterator<Item = char> + '_ {
    word.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase)
}

/// `key(word) == key`, without building the key.
fn key_eq(word: &str, key: &str) -> bool {
    key_chars(word).eq(key.chars())
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»' | '›')
}

/// Whether text ends a sentence: `.`, `!`, `?`, `…` or `:`, perhaps followed by closing quotes
/// and brackets; or with a closing quote or bracket at all.
fn ends_terminal(s: &str) -> bool {
    let closed = s.trim_end_matches(is_closer);
    closed.len() < s.len() || closed.ends_with(['.', '!', '?', '…', ':'])
}

fn in_list_ignore_case(list: &[&str], word: &str) -> bool {
    list.iter().any(|entry| entry.eq_ignore_ascii_case(word))
}

/// Which blocks of a document version are [`suspect`], kept for the last few versions checked
/// so that the next version reads them for the blocks it carried over unchanged
/// (`Document::carried_from`) and works out only the blocks an edit touched: a keystroke in a
/// 1 MB article then reads no paragraph but the edited one and the few suspects. Keyed by
/// `Document::serial`, unique to one version in the whole process; suspicion depends on the
/// block's own text alone, which a carried block shares with the block it was carried from.
mod memo {
    use std::sync::{Arc, Mutex};

    use crate::analysis::workspace::Document;

    /// Versions kept: the ones being edited, and their neighbours in the story.
    const MAX_VERSIONS: usize = 16;

    static SUSPECTS: Mutex<Vec<(u64, Arc<[bool]>)>> = Mutex::new(Vec::new());

    fn find(serial: u64) -> Option<Arc<[bool]>> {
        // A panic elsewhere while the lock was held leaves entries that are still true.
        let versions = SUSPECTS.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        versions.iter().find(|(s, _)| *s == serial).map(|(_, suspects)| suspects.clone())
    }

    /// [`super::suspect`] for each block of `doc`.
    pub(super) fn suspects(doc: &Document) -> Arc<[bool]> {
        if let Some(known) = find(doc.serial) {
            return known;
        }
        let previous = doc.previous_serial.and_then(find);
        let suspects: Arc<[bool]> = doc
            .article
            .blocks
            .iter()
            .zip(&doc.carried_from)
            .map(|(block, from)| match (&previous, from) {
                (Some(previous), Some(from)) => previous[*from as usize],
                _ => super::suspect(&doc.text, block),
            })
            .collect();
        let mut versions = SUSPECTS.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if !versions.iter().any(|(s, _)| *s == doc.serial) {
            if versions.len() >= MAX_VERSIONS {
                versions.remove(0);
            }
            versions.push((doc.serial, suspects.clone()));
        }
        suspects
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::{CheckId, Finding, Workspace};
    use crate::config::Config;

    const HEADLINE: &str = "Trump says US-Russia relations may be at all-time low\n\n";

    fn findings(ws: &Workspace, name: &str) -> Vec<Finding> {
        let id = ws.id(name).unwrap();
        ws.check(id, &Config::default()).into_iter().filter(|f| f.check == CheckId::TruncatedSentence).collect()
    }

    /// The underlined text and message of every finding in one article of body `body`.
    fn check(body: &str) -> Vec<(String, String)> {
        let text = format!("{HEADLINE}{body}\n");
        let mut ws = Workspace::new();
        ws.set("story/a.txt", text.as_str());
        findings(&ws, "story/a.txt").into_iter().map(|f| (text[f.span].to_string(), f.message)).collect()
    }

    /// Asserts exactly one finding, underlining `marked`; returns its message.
    #[track_caller]
    fn assert_cut(body: &str, marked: &str) -> String {
        let found = check(body);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, marked, "{found:?}");
        found[0].1.clone()
    }

    #[track_caller]
    fn assert_clean(body: &str) {
        let found = check(body);
        assert!(found.is_empty(), "{found:?}");
    }

    /// `b.txt` after the fix titled `title` of its only finding, with `a.txt` beside it.
    #[track_caller]
    fn fixed(a: &str, b: &str, title: &str) -> String {
        let mut ws = Workspace::new();
        ws.set("story/a.txt", a);
        ws.set("story/b.txt", b);
        let found = findings(&ws, "story/b.txt");
        assert_eq!(found.len(), 1, "{found:?}");
        let fix = found[0].fixes.iter().find(|f| &*f.title == title).unwrap_or_else(|| panic!("{:?}", found[0].fixes));
        let mut out = b.to_string();
        for edit in fix.edits.iter().rev() {
            out.replace_range(edit.span.clone(), &edit.replacement);
        }
        out
    }

    // Cut at the end.

    #[test]
    fn abbreviation_after_a_verb_needs_a_noun() {
        let message = assert_cut("He said working groups would be established to improve U.S.", "U.S.");
        assert_eq!(message, "Truncated sentence: ends on \"U.S.\", which needs a noun after \"improve\"");
    }

    #[test]
    fn abbreviation_after_an_article_needs_a_noun() {
        assert_cut("The ceasefire in the south was brokered last month with help from a U.N.", "U.N.");
    }

    #[test]
    fn abbreviation_cut_before_a_new_sentence() {
        assert_cut(
            "Lavrov said Moscow was ready to work with Washington to repair U.S. The talks lasted five hours.",
            "U.S.",
        );
    }

    #[test]
    fn undotted_abbreviation_without_full_stop() {
        let message = assert_cut("He said working groups would be established to improve US", "US");
        assert!(message.contains("needs a noun after \"improve\""), "{message}");
    }

    #[test]
    fn paragraph_ending_on_a_comma() {
        assert_cut("Tillerson met Lavrov for five hours in Moscow on Wednesday,", "Wednesday,");
    }

    #[test]
    fn paragraph_ending_on_an_article() {
        assert_cut("The Kremlin said the two men had discussed the", "the");
    }

    #[test]
    fn paragraph_ending_on_a_hyphen() {
        assert_cut("Both sides said they wanted to stop the slide in U.S.-", "U.S.-");
    }

    #[test]
    fn last_sentence_without_full_stop_after_whole_ones() {
        assert_cut(
            "Tillerson arrived in Moscow on Tuesday. The talks were expected to focus on Syria and the fate of its president",
            "president",
        );
    }

    #[test]
    fn long_sentence_without_full_stop() {
        assert_cut(
            "Russian Foreign Minister Sergei Lavrov said Moscow was ready to restore an air safety agreement that it had",
            "had",
        );
    }

    #[test]
    fn paragraph_ending_mid_word_the_story_spells_out() {
        let message = assert_cut(
            "US Secretary of State Rex Tillerson arrived in Moscow on Tuesday.\n\nThe rhetorical salvos came as US Secretar",
            "Secretar",
        );
        assert_eq!(message, "Truncated sentence: ends mid-word (\"Secretar\")");
    }

    #[test]
    fn abbreviation_after_the_that_another_copy_continues() {
        let mut ws = Workspace::new();
        ws.set(
            "story/a.txt",
            format!("{HEADLINE}Britain said the draft would be sent to the U.N. Security Council on Friday.\n"),
        );
        ws.set("story/b.txt", format!("{HEADLINE}Britain said the draft would be sent to the U.N.\n"));
        let found = findings(&ws, "story/b.txt");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.contains("a.txt:3 has the whole sentence"), "{}", found[0].message);
        assert!(findings(&ws, "story/a.txt").is_empty());
    }

    // Cut at the start.

    #[test]
    fn paragraph_starting_with_the_tail_of_a_compound() {
        let message =
            assert_cut("-Russian relations had reached such a low point, a Kremlin spokesman said.", "-Russian");
        assert_eq!(message, "Truncated sentence: starts with the tail of a hyphenated word (\"-Russian\")");
    }

    #[test]
    fn sentence_starting_with_the_tail_of_a_compound() {
        assert_cut(
            "But Lavrov reaffirmed Russia's view that the Syrian government wasn't responsible for the attack on the \
             town of Khan Sheikhoun in northern Syria. -Russian dispute concerned culpability for the chemical \
             weapons, broader disagreements were among other sore points.",
            "-Russian",
        );
    }

    #[test]
    fn paragraph_starting_in_lower_case() {
        assert_cut(
            "relations between the two countries have soured since the strike, the Kremlin said on Thursday.",
            "relations",
        );
    }

    #[test]
    fn paragraph_starting_with_a_closing_quote() {
        assert_cut("” he told reporters after the meeting in Moscow on Wednesday.", "” he");
    }

    #[test]
    fn paragraph_starting_with_a_closing_bracket() {
        assert_cut(") said the new measures would take effect on Monday.", ") said");
    }

    // Repairs from the story.

    #[test]
    fn complete_the_end_from_another_article() {
        let a = format!("{HEADLINE}He said working groups would be established to improve U.S.-Russian relations.\n");
        let b = format!("{HEADLINE}He said working groups would be established to improve U.S.\n\nLavrov spoke.\n");
        assert_eq!(
            fixed(&a, &b, "Complete from a.txt:3"),
            format!("{HEADLINE}He said working groups would be established to improve U.S.-Russian relations.\n\nLavrov spoke.\n")
        );
    }

    #[test]
    fn complete_a_word_cut_in_the_middle() {
        let a = format!(
            "{HEADLINE}The rhetorical salvos came as US Secretary of State Rex Tillerson received an unusually hostile reception in Moscow.\n"
        );
        let b = format!("{HEADLINE}The rhetorical salvos came as US Secretar\n");
        assert_eq!(fixed(&a, &b, "Complete from a.txt:3"), a);
    }

    #[test]
    fn complete_the_start_from_another_article() {
        let a = format!(
            "{HEADLINE}Peskov said U.S.-Russian relations had reached such a low point that talks were frozen.\n"
        );
        let b = format!("{HEADLINE}-Russian relations had reached such a low point that talks were frozen.\n");
        assert_eq!(fixed(&a, &b, "Complete from a.txt:3"), a);
    }

    #[test]
    fn remove_a_fragment_paragraph() {
        let b = format!("{HEADLINE}Lavrov spoke.\n\n-Russian relations had reached such a low point, a Kremlin spokesman said.\n\nTillerson left.\n");
        assert_eq!(fixed("", &b, "Remove fragment"), format!("{HEADLINE}Lavrov spoke.\n\nTillerson left.\n"));
    }

    #[test]
    fn remove_a_fragment_inside_a_paragraph() {
        let b = format!(
            "{HEADLINE}Lavrov denied the charge in northern Syria. -Russian dispute concerned culpability for the attack.\n"
        );
        assert_eq!(
            fixed("", &b, "Remove fragment"),
            format!("{HEADLINE}Lavrov denied the charge in northern Syria.\n")
        );
    }

    #[test]
    fn remove_a_cut_last_sentence() {
        let b = format!("{HEADLINE}Tillerson arrived on Tuesday. The talks were expected to focus on Syria and the\n");
        assert_eq!(fixed("", &b, "Remove fragment"), format!("{HEADLINE}Tillerson arrived on Tuesday.\n"));
    }

    #[test]
    fn hover_quotes_the_whole_sentence() {
        let mut ws = Workspace::new();
        ws.set(
            "story/a.txt",
            format!("{HEADLINE}He said working groups would be established to improve U.S.-Russian relations.\n"),
        );
        ws.set("story/b.txt", format!("{HEADLINE}He said working groups would be established to improve U.S.\n"));
        let found = findings(&ws, "story/b.txt");
        let evidence = &found[0].evidence;
        assert!(evidence.contains("to improve U.S.**-Russian relations.**"), "{evidence}");
        assert!(evidence.contains("`a.txt:3`"), "{evidence}");
        assert_eq!(found[0].related.len(), 1);
    }

    // Not cut.

    #[test]
    fn abbreviation_as_a_noun_after_the() {
        assert_clean(
            "Talks on the crisis were held in the U.S. Lavrov said later that Moscow would take the matter to the U.N.",
        );
    }

    #[test]
    fn abbreviation_inside_a_whole_sentence() {
        assert_clean(
            "The Russian leader has previously met the American when he was head of U.S. oil giant ExxonMobil.",
        );
    }

    #[test]
    fn abbreviation_after_a_preposition_or_the_with_an_adjective() {
        assert_clean("Moscow wants better ties with U.S. He said the split would hurt the whole U.K.");
    }

    #[test]
    fn paragraph_cut_after_the_title_of_a_name() {
        assert_cut("The storm made landfall on Wednesday and then churned north past St.", "St.");
        assert_cut("The rebels were later joined by troops loyal to Gen.", "Gen.");
        assert_clean("The shop is at 14 Main St.");
        assert_clean("The house stands on 5th St.");
        assert_clean("He said so. He was speaking to reporters outside St. Paul's Cathedral.");
    }

    #[test]
    fn other_abbreviations_end_sentences() {
        assert_clean("The meeting started at 10 a.m. The delegation later flew on to Washington, D.C.");
        assert_clean("The treaty was signed shortly before the collapse of the U.S.S.R.");
    }

    #[test]
    fn stray_space_after_an_abbreviation_is_not_a_cut() {
        assert_clean(
            "After a campaign marked by friendly comments about Russia, President Donald Trump sounded a different note \
             on Wednesday about the current state of U.S. -Russia affairs.",
        );
    }

    #[test]
    fn headline_dateline_byline_and_boilerplate() {
        let text = "Tillerson: Relations Between US And Russia Are 'At A Low Point'\n\nMonday, 17 Apr, 2017\n\n\
                    By Jane Doe\n\nTillerson met Lavrov in Moscow.\n\nRelated news\n\n  • Trump says ties at a low\n\n  – Leroy Wright\n";
        let mut ws = Workspace::new();
        ws.set("story/a.txt", text);
        assert!(findings(&ws, "story/a.txt").is_empty(), "{:?}", findings(&ws, "story/a.txt"));
    }

    #[test]
    fn sub_headings_and_kickers() {
        assert_clean("What happens next\n\nThe talks will resume in Geneva next month.\n\nWhy it matters\n\nANALYSIS\n\nA chilly reception in Moscow");
    }

    #[test]
    fn title_case_line_and_headline_copy_in_the_body() {
        assert_clean("Trump Says Relations With Russia Are At An All-Time Low After Syria Strike And Veto\n\nTrump says US-Russia relations may be at all-time low");
    }

    #[test]
    fn list_items() {
        assert_clean("The measures include:\n\n- a freeze on assets held by senior officials in the defence ministry\n\n• a ban on travel to the European Union for the officials named");
        assert_clean("-Tillerson arrives in Moscow for talks with his counterpart\n-Lavrov hosts talks at a mansion in the city centre");
    }

    #[test]
    fn labelled_and_credit_lines() {
        assert_clean(
            "Source: Syrian Observatory for Human Rights, a monitoring group based in Britain\n\n\
             READ MORE: Trump says relations with Russia may be at an all-time low\n\n\
             Reporting by Jane Doe in Moscow; Editing by John Smith and Mary Brown at the desk",
        );
    }

    #[test]
    fn captions_and_agency_credits() {
        assert_clean(
            "Russian Foreign Minister Sergei Lavrov (R) shakes hands with U.S. Secretary of State Rex Tillerson in Moscow\n\n\
             Tillerson and Lavrov at the start of their meeting in Moscow on Wednesday. REUTERS/Maxim Shemetov\n\n\
             The talks lasted five hours, officials said (AP)",
        );
    }

    #[test]
    fn quotes_and_other_terminal_punctuation() {
        assert_clean(
            "\"Right now we're not getting along with Russia at all,\" Trump said.\n\n\
             \"Clearly our view is that reign of Assad family is coming to an end\".\n\n\
             Trump said relations \"may be at an all-time low\"\n\n\
             Will the two sides find common ground on Syria?\n\n\
             \"We will not back down!\"\n\n\
             And then the line went dead…\n\n\
             The demands were:",
        );
    }

    #[test]
    fn lower_case_names_open_paragraphs() {
        assert_clean(
            "eBay said it had removed the listings after the attack.\n\n\
             iPhone sales in Russia fell sharply last year, analysts said.\n\n\
             de Blasio said New York would not be intimidated.\n\n\
             al-Assad's forces have denied using chemical weapons.",
        );
    }

    #[test]
    fn lower_case_items_after_a_colon() {
        assert_clean(
            "The demands were:\n\nan immediate ceasefire across the whole country;\n\nthe release of all prisoners.",
        );
    }

    #[test]
    fn short_lines_in_a_table() {
        assert_clean("Deaths by province\nIdlib 87\nHama 12\nAleppo 3");
    }

    #[test]
    fn negative_numbers_and_dashes_open_paragraphs() {
        assert_clean("-5C was the lowest temperature recorded in Moscow overnight, forecasters said.\n\n— The talks resumed on Thursday.");
    }

    #[test]
    fn shortened_copy_is_not_a_cut() {
        // Another outlet ran the sentence longer; this one ends it properly on a noun.
        let mut ws = Workspace::new();
        ws.set("story/a.txt", format!("{HEADLINE}The talks were held in the U.S. capital on Tuesday.\n"));
        ws.set("story/b.txt", format!("{HEADLINE}The talks were held in Washington.\n"));
        assert!(findings(&ws, "story/b.txt").is_empty());
    }

    #[test]
    fn captions_beside_their_credit_and_sentences_ending_on_a_name() {
        assert_clean(
            "Photo: Alexander Zemlianichenko/AP\n\n\
             Tillerson and Lavrov shake hands before their talks at a mansion in the centre of Moscow\n\n\
             Russian Foreign Minister Sergei Lavrov and U.S. Secretary of State Rex Tillerson attend a news conference in Moscow",
        );
    }

    #[test]
    fn embedded_post_before_its_signature() {
        assert_clean(
            "Just had a very productive meeting with Rex Tillerson and Sergei Lavrov on Syria and much more\n\n\
             — Donald J. Trump (@realDonaldTrump) April 12, 2017",
        );
    }

    #[test]
    fn sums_in_us_dollars() {
        assert_clean("The deal is worth C$5 billion, or about $3.7 billion U.S.");
    }

    #[test]
    fn opening_quote_with_a_stray_space_and_elided_words() {
        assert_clean(
            "\" We will win,\" Trump told supporters in Ohio.\n\n’Tis the season for diplomacy, one analyst quipped.",
        );
    }

    #[test]
    fn interview_labels_and_numbered_lists() {
        assert_clean(
            "Q: Did Tillerson present any evidence to the Russians in their meeting\n\n\
             A: He did not, according to Lavrov\n\n\
             TRUMP: We are not getting along with Russia at all right now, and that is a shame\n\n\
             1. Sanctions remain in place for now\n\n\
             2) Talks will continue in Geneva next month",
        );
    }

    #[test]
    fn plural_of_a_word_used_elsewhere_is_no_cut_word() {
        assert_clean("The Russian connection\n\nInvestigators are looking at Russian connections of several aides.");
    }

    #[test]
    fn lower_case_start_after_a_broken_quotation() {
        assert_clean("\"We will not allow this to happen again,\"\n\nhe told reporters in Moscow after the talks.");
    }

    #[test]
    fn paragraph_that_lost_its_end_before_a_name() {
        assert_cut(
            "Lavrov said Moscow and Washington had agreed to set up a working group headed by deputy foreign ministers to",
            "to",
        );
    }

    #[test]
    fn possessive_before_an_abbreviation_needs_a_noun() {
        assert_cut("Exxon said it would write down the value of its U.S.", "U.S.");
    }

    #[test]
    fn sentence_that_lost_only_its_full_stop_at_a_name() {
        assert_clean(
            "Russian Foreign Minister Sergei Lavrov said Moscow was ready to restore an air safety agreement covering Syria",
        );
    }

    #[test]
    fn address_block_of_short_lines() {
        assert_clean(
            "For more information contact\nThe Embassy of the Russian Federation\n2650 Wisconsin Avenue\nWashington",
        );
    }

    #[test]
    fn headline_style_line_drops_the() {
        assert_clean("Trump slams U.N. over Syria vote\n\nTillerson heads to U.N.\n\nHaley rebukes U.N.");
    }

    #[test]
    fn credit_and_verse_lines_in_lower_case() {
        assert_clean(
            "with reporting by Jane Doe in Moscow and John Smith in Washington\n\n\
             and the night was long\nand the guns were loud\nand no one slept",
        );
    }

    #[test]
    fn last_sentence_without_full_stop_ending_on_a_name() {
        assert_cut(
            "Lavrov said the talks had been useful. He said a working group would meet next month in Geneva",
            "Geneva",
        );
    }

    #[test]
    fn prompts_to_the_reader_after_the_story() {
        assert_clean(
            "Jane Doe is our Moscow correspondent. Follow her on Twitter at the handle below\n\n\
             The talks resumed on Thursday. Click here for our full coverage of the Syria crisis",
        );
    }

    /// Findings after edits, with the blocks a version carries over reading what the last
    /// version found suspect (`memo`), equal those of the same texts checked afresh.
    #[test]
    fn edits_find_what_a_fresh_check_finds() {
        const PARAGRAPHS: &[&str] = &[
            "He said working groups would be established to improve U.S.",
            "He said working groups would be established to improve U.S.-Russian relations.",
            "Tillerson met Lavrov for five hours in Moscow on Wednesday,",
            "-Russian relations had reached such a low point, a Kremlin spokesman said.",
            "relations between the two countries have soured since the strike, the Kremlin said on Thursday.",
            "” he told reporters after the meeting in Moscow on Wednesday.",
            "The rhetorical salvos came as US Secretar",
            "The rhetorical salvos came as US Secretary of State Rex Tillerson received a hostile reception.",
            "In northern Syria. -Russian dispute concerned culpability for the chemical weapons attack.",
            "Lavrov spoke. The talks lasted five hours and ended without a statement",
            "What happens next",
            "Putin did not attend the talks in Moscow.",
            "The demands were:",
            "an immediate ceasefire;",
        ];
        let mut rng = crate::analysis::testing::Lcg(0x7e57);
        let mut next = |n: usize| rng.below(n);
        let mut a: Vec<String> = (0..12).map(|i| PARAGRAPHS[i % PARAGRAPHS.len()].to_string()).collect();
        let b = format!("{HEADLINE}{}\n", PARAGRAPHS[7]);
        let mut ws = Workspace::new();
        ws.set("story/b.txt", b.as_str());
        for step in 0..200 {
            let at = next(a.len());
            match next(5) {
                0 => {
                    let end = next(2) * a[at].len();
                    a[at].insert(end, 'x');
                }
                1 if a.len() > 2 => drop(a.remove(at)),
                2 => a.insert(at, PARAGRAPHS[next(PARAGRAPHS.len())].to_string()),
                3 => a[at] = PARAGRAPHS[next(PARAGRAPHS.len())].to_string(),
                _ => a[at].push_str(" again."),
            }
            let text = format!("{HEADLINE}{}\n", a.join("\n\n"));
            ws.set("story/a.txt", text.as_str());
            let mut fresh = Workspace::new();
            fresh.set("story/b.txt", b.as_str());
            fresh.set("story/a.txt", text.as_str());
            assert_eq!(findings(&ws, "story/a.txt"), findings(&fresh, "story/a.txt"), "step {step}:\n{text}");
        }
    }

    const FUZZ_ROUNDS: usize = 400;

    /// Awkward generated copy never panics, and every span and edit falls on char boundaries.
    #[test]
    fn generated_copy_gives_sound_spans() {
        const PIECES: &[&str] = &[
            "\n",
            "\n\n",
            "Secretaryé",
            "‐",
            "eé-",
            "(@",
            "— ",
            "Source:",
            "İ",
            "Secretİ",
            " ",
            " ",
            "U.S.",
            "US",
            "the",
            "improve",
            "-",
            "-Russian",
            "”",
            "“",
            "\"",
            "’",
            "é",
            "😀",
            ".",
            ".",
            ",",
            ";",
            "relations",
            "Secretar",
            "Secretary",
            "a",
            "eBay",
            "(",
            ")",
            "•",
            "\r\n",
            "…",
            ":",
        ];
        let mut rng = crate::analysis::testing::Lcg(0x5eed);
        let mut next = || rng.next();
        for _ in 0..FUZZ_ROUNDS {
            let mut ws = Workspace::new();
            let mut texts = Vec::new();
            for name in ["story/a.txt", "story/b.txt"] {
                let mut text = String::from("Headline\n\n");
                for _ in 0..next() % 60 {
                    text.push_str(PIECES[next() % PIECES.len()]);
                }
                ws.set(name, text.as_str());
                texts.push(text);
            }
            for f in findings(&ws, "story/b.txt") {
                let b = &texts[1];
                assert!(b.get(f.span.clone()).is_some(), "{:?} in {b:?}", f.span);
                for fix in &f.fixes {
                    for edit in &fix.edits {
                        assert!(b.get(edit.span.clone()).is_some(), "{:?} in {b:?}", edit.span);
                    }
                }
            }
        }
    }
}
