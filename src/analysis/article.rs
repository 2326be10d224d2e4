//! The structure of a plain-text news article: which block is the headline, which blocks are
//! datelines, bylines, page boilerplate or body paragraphs, and where the sentences and words of
//! the prose are.
//!
//! Every check in copydesk (duplicate paragraphs, cut sentences, conflicting figures, name
//! variants, ...) needs the same picture of the article, and needs it as precise locations so that
//! diagnostics and fixes point at the right bytes. This module builds that picture and nothing
//! else: it is pure analysis with no I/O and no protocol types. It takes the article text and
//! returns byte ranges into that same text; offsets count from the start of the original text (a
//! leading byte-order mark included) and always fall on char boundaries. Parsing is one linear
//! pass with look-arounds of bounded length, so a 1 MB article takes milliseconds, and no input,
//! however malformed, can make it panic.
//!
//! The rules come from the conventions of news copy rather than from particular articles; each
//! rule is documented where it is implemented, and every word list is a documented `const` table.

use crate::analysis::normalize::{is_alphabetic, is_alphanumeric};
use std::ops::Range;

/// A byte range into the article text.
pub type Span = Range<usize>;

/// What a block of the article is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BlockKind {
    /// The first non-empty line of the file.
    Headline,
    /// A block that is nothing but a date, such as "Monday, 17 Apr, 2017".
    Dateline,
    /// A credit line, such as "By Jane Doe, Reuters" or "Reporting by Jane Doe".
    Byline,
    /// A paragraph of the story itself.
    Body,
    /// Page furniture copied along with the story: share prompts, link lists, copyright lines.
    Boilerplate,
}

/// One block of the article: the headline, or a run of non-blank lines between blank lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    /// From the first to the last non-whitespace byte of the block.
    pub span: Span,
    /// The prose of the block: equals `span`, except for a Body block that opens with an inline
    /// dateline ("MOSCOW (AP) - President ...", "VOSTREL, Karvania (Meridian Press) — The ..."),
    /// where it starts after the dash and spaces.
    pub text_span: Span,
    /// The inline dateline prefix, when there is one (without the trailing dash).
    pub dateline: Option<Span>,
    /// Sentences of `text_span` (Body and Headline blocks; empty for other kinds), trimmed of
    /// surrounding whitespace.
    pub sentences: Vec<Span>,
    /// What to delete to remove this block cleanly: the block plus the line break(s)/blank
    /// line(s) that separate it from the NEXT block (or, for the last block, from the previous
    /// block), so that deleting `removal_span` leaves the remaining blocks separated by exactly
    /// the blank line they had before. Deleting it never removes any other block's text.
    ///
    /// For a block that has a next block this runs from the start of the block's first line (so
    /// its indentation goes with it) to the start of the next block's first line (so the next
    /// block keeps its own indentation). For the last block it runs from the end of the previous
    /// block's text to the end of the last line's content, which keeps the file's final line
    /// break. A lone block runs from the start of its first line to the end of its last line.
    pub removal_span: Span,
    /// Where the block's first line starts, where its last line's content ends (before the
    /// line break) and how many lines it has: what the next version of the text needs to take
    /// the block over.
    line_start: usize,
    content_end: usize,
    lines: usize,
}

impl Block {
    /// A block of `kind` found at `rb`: its dateline and sentences, and no removal span yet
    /// (see [`fill_removal_spans`]).
    fn of(text: &str, rb: &RawBlock, kind: BlockKind) -> Block {
        let mut text_span = rb.span.clone();
        let mut dateline = None;
        let sentences = match kind {
            BlockKind::Body => {
                if let Some((prefix, prose_start)) = inline_dateline(text, &rb.span) {
                    dateline = Some(prefix);
                    text_span = prose_start..rb.span.end;
                }
                split_sentences(text, text_span.clone())
            }
            BlockKind::Headline => split_sentences(text, rb.span.clone()),
            _ => Vec::new(),
        };
        Block {
            kind,
            span: rb.span.clone(),
            text_span,
            dateline,
            sentences,
            removal_span: 0..0,
            line_start: rb.line_start,
            content_end: rb.content_end,
            lines: rb.lines,
        }
    }

    /// This block, whose text is that of `rb`, found at `rb`: the same dateline and sentences,
    /// moved.
    fn moved_to(&self, rb: &RawBlock) -> Block {
        // Its lines are those of `rb`: the same text may sit on lines indented otherwise. Every
        // span of the block starts at or after `span.start`, so none moves below `rb.span.start`.
        let delta = rb.span.start as isize - self.span.start as isize;
        self.with_spans_moved(delta, rb.line_start, rb.content_end, rb.lines)
            .expect("the spans of a block lie within its span")
    }

    /// This block moved `delta` bytes along the text.
    fn shifted(&self, delta: isize) -> Option<Block> {
        let at = |offset: usize| offset.checked_add_signed(delta);
        self.with_spans_moved(delta, at(self.line_start)?, at(self.content_end)?, self.lines)
    }

    /// This block with its spans moved `delta` bytes and the lines given; `None` if a span would
    /// start before the text.
    fn with_spans_moved(&self, delta: isize, line_start: usize, content_end: usize, lines: usize) -> Option<Block> {
        let span = |s: &Span| Some(s.start.checked_add_signed(delta)?..s.end.checked_add_signed(delta)?);
        Some(Block {
            kind: self.kind,
            span: span(&self.span)?,
            text_span: span(&self.text_span)?,
            dateline: match &self.dateline {
                Some(d) => Some(span(d)?),
                None => None,
            },
            sentences: self.sentences.iter().map(span).collect::<Option<_>>()?,
            removal_span: 0..0,
            line_start,
            content_end,
            lines,
        })
    }

    /// The block as [`raw_blocks`] found it.
    fn raw(&self) -> RawBlock {
        RawBlock {
            line_start: self.line_start,
            span: self.span.clone(),
            content_end: self.content_end,
            lines: self.lines,
        }
    }

    /// The prose of the block (`text_span`) as a slice of `source`, which must be the text the
    /// article was parsed from; for any other text it returns an empty string rather than panic.
    pub fn prose<'a>(&self, source: &'a str) -> &'a str {
        source.get(self.text_span.clone()).unwrap_or("")
    }
}

/// An article parsed by [`Article::parse_reusing`].
#[derive(Debug)]
pub struct Parsed {
    pub article: Article,
    /// For each block, the index of the block of the previous version it was taken from.
    pub carried_from: Vec<Option<u32>>,
}

impl Parsed {
    fn with_capacity(blocks: usize) -> Parsed {
        Parsed { article: Article { blocks: Vec::with_capacity(blocks) }, carried_from: Vec::with_capacity(blocks) }
    }

    /// Adds the block of `kind` found at `rb`, taken from `same` (the index and block of the
    /// previous version with its text and kind) when there is one.
    fn push(&mut self, text: &str, rb: &RawBlock, kind: BlockKind, same: Option<(u32, &Block)>) {
        match same {
            Some((_, old)) => self.article.blocks.push(old.moved_to(rb)),
            None => self.article.blocks.push(Block::of(text, rb, kind)),
        }
        self.carried_from.push(same.map(|(at, _)| at));
    }
}

/// The version of an article that [`Article::parse_reusing`] may take blocks from.
#[derive(Debug, Clone, Copy)]
pub struct Previous<'a> {
    pub text: &'a str,
    pub article: &'a Article,
    /// From [`block_hash`] of a block's text to the index of the first block with it: filled
    /// the first time a parse needs it.
    pub index: &'a std::sync::OnceLock<rustc_hash::FxHashMap<u64, u32>>,
    /// Where the new text differs from `text`, when known.
    pub changed: Option<Changed>,
}

impl Previous<'_> {
    fn block(&self, hash: u64, raw_text: &str) -> Option<(u32, &Block)> {
        let index = self.index.get_or_init(|| {
            let mut index = rustc_hash::FxHashMap::default();
            for (i, block) in self.article.blocks.iter().enumerate() {
                index.entry(block_hash(&self.text[block.span.clone()])).or_insert(i as u32);
            }
            index
        });
        let &at = index.get(&hash)?;
        let old = self.article.blocks.get(at as usize)?;
        (self.text.get(old.span.clone()) == Some(raw_text)).then_some((at, old))
    }
}

/// Where a text differs from the text it was made from: the bytes before `start` are the same
/// in both, and so are the bytes from `old_end` in the old text and from `new_end` in the new
/// one to the end. `start` and the ends need not fall on character boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Changed {
    pub start: usize,
    pub old_end: usize,
    pub new_end: usize,
}

impl Changed {
    /// The smallest change that turns `old` into `new`: their common prefix and suffix left out
    /// (the suffix never reaches into the prefix). Compared a block at a time: a keystroke in
    /// a megabyte costs about a tenth of a millisecond.
    pub fn between(old: &[u8], new: &[u8]) -> Changed {
        let shorter = old.len().min(new.len());
        let mut start = 0;
        for block in [4096, 64, 1] {
            while start + block <= shorter && old[start..start + block] == new[start..start + block] {
                start += block;
            }
        }
        let room = shorter - start;
        let mut same = 0;
        for block in [4096, 64, 1] {
            while same + block <= room
                && old[old.len() - same - block..old.len() - same] == new[new.len() - same - block..new.len() - same]
            {
                same += block;
            }
        }
        Changed { start, old_end: old.len() - same, new_end: new.len() - same }
    }
}

/// A hash of a block's text, to find it again in the next version.
pub fn block_hash(raw_text: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    h.write(raw_text.as_bytes());
    h.finish()
}

/// A parsed article: its blocks in text order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Article {
    pub blocks: Vec<Block>,
}

impl Article {
    /// Splits `text` into blocks and classifies them. See the module documentation and the
    /// functions below for the rules.
    pub fn parse(text: &str) -> Article {
        Article::parse_reusing(text, None).article
    }

    /// [`Article::parse`], taking the sentences of each block whose text and kind are those of
    /// a block of `previous` from that block instead of splitting it again: what an edit of one
    /// paragraph costs is one paragraph's split. The result is the same as `parse`.
    pub fn parse_reusing(text: &str, previous: Option<Previous<'_>>) -> Parsed {
        if let Some(parsed) = previous.as_ref().and_then(|p| Article::parse_edited(text, p)) {
            return parsed;
        }
        // A byte-order mark is an encoding artefact, not text: skipping it keeps it out of the
        // headline while every offset still counts from the true start of the text.
        let from = if text.starts_with('\u{FEFF}') { '\u{FEFF}'.len_utf8() } else { 0 };
        let raw = raw_blocks(text, from, text.len(), false);
        // Kinds one after the other (a list of links runs on from block to block), then the
        // blocks themselves, each from its own lines: those of a long new text on every core.
        let mut link_list = false;
        let kinds: Vec<(BlockKind, Option<(u32, &Block)>)> = raw
            .iter()
            .enumerate()
            .map(|(index, rb)| {
                let kind = if index == 0 { BlockKind::Headline } else { classify(text, rb, index, &mut link_list) };
                let same = previous.as_ref().and_then(|p| {
                    let raw_text = &text[rb.span.clone()];
                    let (at, old) = p.block(block_hash(raw_text), raw_text)?;
                    (old.kind == kind).then_some((at, old))
                });
                (kind, same)
            })
            .collect();
        let fresh = kinds.iter().filter(|(_, same)| same.is_none()).count();
        let blocks =
            crate::analysis::par::map_if(fresh >= crate::analysis::par::MIN_ITEMS, raw.len(), |i| match kinds[i] {
                (_, Some((_, old))) => old.moved_to(&raw[i]),
                (kind, None) => Block::of(text, &raw[i], kind),
            });
        let mut parsed = Parsed {
            article: Article { blocks },
            carried_from: kinds.iter().map(|(_, same)| same.map(|(at, _)| at)).collect(),
        };
        fill_removal_spans(&mut parsed.article.blocks);
        parsed
    }

    /// [`Article::parse_reusing`] for a text that differs from the previous one only between
    /// the bytes `previous.changed` names, when that is known and leaves the headline alone:
    /// the blocks wholly before the change are taken as they were, those wholly after it
    /// moved by the change in length, and only the lines in between are split and classified.
    ///
    /// A block is decided by its own lines and the blank line after it; its kind by its text,
    /// whether it is among the first four blocks and whether a list of links is running (see
    /// [`classify`]). So the blocks after the change keep their kinds when the list's state
    /// before them is as it was and they are not moved into or out of the first four; `None`
    /// otherwise, for the whole text to be parsed.
    fn parse_edited(text: &str, previous: &Previous<'_>) -> Option<Parsed> {
        let changed = previous.changed?;
        let old = &previous.article.blocks;
        let n = old.len();
        // Blocks 0..a: each one's lines and the line after them come before the change.
        let a = old.get(1..)?.partition_point(|b| b.line_start < changed.start);
        if a == 0 {
            return None;
        }
        // Blocks j..: from the end of the block before each, with the blank line between them,
        // the text is after the change. Block j - 1 comes after block a - 1, so it is not the
        // headline and the blank line is there.
        let j_min = a + 1;
        let j = if j_min >= n {
            n
        } else {
            (j_min + old[j_min - 1..].partition_point(|b| b.content_end < changed.old_end)).min(n)
        };
        let delta = changed.new_end as isize - changed.old_end as isize;
        let middle_start = old[a].line_start;
        let middle_end = if j < n { old[j].line_start.checked_add_signed(delta)? } else { text.len() };
        if middle_end < middle_start || middle_end > text.len() {
            return None;
        }
        let raw = raw_blocks(text, middle_start, middle_end, true);
        // The old blocks in between, by their text, to take those the change left alone.
        let old_middle: rustc_hash::FxHashMap<&str, usize> =
            (a..j).map(|k| (&previous.text[old[k].span.clone()], k)).collect();
        let mut link_list = link_list_before(previous.text, old, a);
        let mut parsed = Parsed::with_capacity(a + raw.len() + (n - j));
        parsed.article.blocks.extend_from_slice(&old[..a]);
        parsed.carried_from.extend((0..a as u32).map(Some));
        for (t, rb) in raw.iter().enumerate() {
            let kind = classify(text, rb, a + t, &mut link_list);
            let same = old_middle.get(&text[rb.span.clone()]).filter(|&&k| old[k].kind == kind);
            parsed.push(text, rb, kind, same.map(|&k| (k as u32, &old[k])));
        }
        if j < n {
            let new_j = parsed.article.blocks.len();
            if link_list != link_list_before(previous.text, old, j) || (new_j != j && j.min(new_j) <= 3) {
                return None;
            }
            for (k, block) in old.iter().enumerate().skip(j) {
                parsed.article.blocks.push(block.shifted(delta)?);
                parsed.carried_from.push(Some(k as u32));
            }
        }
        fill_removal_spans(&mut parsed.article.blocks);
        Some(parsed)
    }

    /// The headline block, unless the article is empty.
    pub fn headline(&self) -> Option<&Block> {
        self.blocks.first().filter(|b| b.kind == BlockKind::Headline)
    }

    /// The body paragraphs, in order.
    pub fn body(&self) -> impl Iterator<Item = &Block> {
        self.blocks_of(BlockKind::Body)
    }

    /// What to delete to remove several blocks at once (by index into `blocks`): sorted,
    /// non-overlapping spans, one per run of consecutive blocks, to be applied together as one
    /// multi-range edit. The remaining blocks keep the separators they had, as with
    /// `removal_span`.
    ///
    /// The `removal_span`s of the last block and the block before it overlap (each takes the
    /// line break between them), so they cannot simply be put into one edit. Instead a run of
    /// removed blocks goes from the start of its first line to the start of the next kept
    /// block's first line, or, when the run reaches the end of the article, from the end of the
    /// last kept block's text to the end of the run. Indices out of range are ignored; order and
    /// repeats do not matter.
    pub fn removal_spans(&self, blocks: &[usize]) -> Vec<Span> {
        let n = self.blocks.len();
        let mut wanted: Vec<usize> = blocks.iter().copied().filter(|&i| i < n).collect();
        wanted.sort_unstable();
        wanted.dedup();
        let mut spans = Vec::new();
        let mut k = 0;
        while k < wanted.len() {
            let first = wanted[k];
            let mut last = first;
            while k + 1 < wanted.len() && wanted[k + 1] == last + 1 {
                k += 1;
                last += 1;
            }
            k += 1;
            // For every block but the last, `removal_span` runs from the start of its first line
            // to the start of the next block's first line; the last block's ends at the end of
            // its last line.
            let end = self.blocks[last].removal_span.end;
            let start = if last + 1 < n || first == 0 {
                self.blocks[first].removal_span.start
            } else {
                self.blocks[first - 1].span.end
            };
            spans.push(start..end);
        }
        spans
    }

    /// The blocks of one kind, in order.
    pub fn blocks_of(&self, kind: BlockKind) -> impl Iterator<Item = &Block> {
        self.blocks.iter().filter(move |b| b.kind == kind)
    }
}

// ---------------------------------------------------------------------------------------------
// Lines and blocks
// ---------------------------------------------------------------------------------------------

/// A block before classification.
#[derive(Debug, Clone)]
struct RawBlock {
    /// Start of the block's first line, before any indentation.
    line_start: usize,
    /// From the first to the last non-whitespace byte.
    span: Span,
    /// End of the last line's content, before its line break.
    content_end: usize,
    /// Number of lines in the block.
    lines: usize,
}

/// Groups the lines of `text[from..]` into blocks separated by blank lines.
///
/// `\n`, `\r\n` and a lone `\r` all end a line, because articles arrive from every platform and
/// from old wire systems. A line is blank when it holds only whitespace. The first non-blank line
/// is always a block of its own: it is the headline even when the next line follows without a
/// blank line, and the lines under it then form the next block.
///
/// Only `text[from..to]` is read, `from` being the start of a line; `headline_seen` says that
/// a block came before `from` (when `to` is not the end of the text, the last line before it
/// must be blank).
fn raw_blocks(text: &str, from: usize, to: usize, headline_seen: bool) -> Vec<RawBlock> {
    let text = &text[..to];
    let bytes = text.as_bytes();
    let mut blocks: Vec<RawBlock> = Vec::new();
    let mut current: Option<RawBlock> = None;
    let mut pos = from;
    while pos < bytes.len() {
        let start = pos;
        let end = memchr::memchr2(b'\n', b'\r', &bytes[start..]).map_or(bytes.len(), |i| start + i);
        let next = match bytes.get(end) {
            None => end,
            Some(b'\r') if bytes.get(end + 1) == Some(&b'\n') => end + 2,
            Some(_) => end + 1,
        };
        // Line breaks are ASCII, so `start` and `end` are char boundaries.
        let line = &text[start..end];
        let rest = line.trim_start();
        if rest.is_empty() {
            if let Some(block) = current.take() {
                blocks.push(block);
            }
        } else {
            let first = start + (line.len() - rest.len());
            let last = start + line.trim_end().len();
            if let Some(block) = current.as_mut() {
                block.span.end = last;
                block.content_end = end;
                block.lines += 1;
            } else {
                let block = RawBlock { line_start: start, span: first..last, content_end: end, lines: 1 };
                if blocks.is_empty() && !headline_seen {
                    blocks.push(block);
                } else {
                    current = Some(block);
                }
            }
        }
        pos = next;
    }
    blocks.extend(current);
    blocks
}

/// Sets the `removal_span` of each block, which depends on the blocks around it (see
/// [`Block::removal_span`]).
fn fill_removal_spans(blocks: &mut [Block]) {
    let n = blocks.len();
    for i in 0..n {
        let span = match (blocks.get(i + 1), i.checked_sub(1)) {
            (Some(next), _) => blocks[i].line_start..next.line_start,
            (None, Some(prev)) => blocks[prev].span.end..blocks[i].content_end,
            (None, None) => blocks[i].line_start..blocks[i].content_end,
        };
        blocks[i].removal_span = span;
    }
}

/// Whether a list of links runs into block `i` (the `link_list` state of [`classify`] after
/// block `i - 1`) of an article parsed from `text`. A block that is not boilerplate ends any
/// list, so only the boilerplate blocks since the last one are classified again.
fn link_list_before(text: &str, blocks: &[Block], i: usize) -> bool {
    let mut from = i.min(blocks.len());
    while from > 1 && blocks[from - 1].kind == BlockKind::Boilerplate {
        from -= 1;
    }
    let mut link_list = false;
    for (index, block) in blocks.iter().enumerate().take(i).skip(from) {
        classify(text, &block.raw(), index, &mut link_list);
    }
    link_list
}

/// Decides what a block other than the headline is.
///
/// Boilerplate phrases are tested first because page furniture can look like anything else
/// ("Photo: Jane Doe" is not a byline). `link_list` carries the state of a trailing link list:
/// it is switched on by a heading such as "Related news" and switched off by the first block
/// that is not a short link title. Datelines are only looked for near the top of the article or
/// in a block of a single line, because a date standing alone further down a story is a line of
/// its own, never part of a paragraph.
fn classify(text: &str, rb: &RawBlock, index: usize, link_list: &mut bool) -> BlockKind {
    let s = &text[rb.span.clone()];
    if let Some(heading) = boilerplate_phrase(s) {
        if heading {
            *link_list = true;
        }
        return BlockKind::Boilerplate;
    }
    if *link_list {
        if is_link_title(text, &rb.span) {
            return BlockKind::Boilerplate;
        }
        *link_list = false;
    }
    if (index <= 3 || rb.lines == 1) && is_date_text(s) {
        return BlockKind::Dateline;
    }
    if is_byline(s) {
        return BlockKind::Byline;
    }
    BlockKind::Body
}

// ---------------------------------------------------------------------------------------------
// Boilerplate
// ---------------------------------------------------------------------------------------------

/// How strictly a boilerplate phrase must match the start of a block.
#[derive(Clone, Copy)]
enum Guard {
    /// The phrase must end at a word boundary ("Subscribe" does not match "Subscribers").
    Boundary,
    /// As `Boundary`, and the next non-space character must not be a lower-case letter. Used for
    /// ordinary words that also open real sentences: "Comments (12)" and "Copyright 2017 Reuters"
    /// are furniture, "Comments by the minister drew criticism." is a sentence.
    NotLowercase,
}

/// One entry of the boilerplate table.
struct Phrase {
    text: &'static str,
    guard: Guard,
    /// Whether the phrase heads a list of links, so that the short blocks after it are links.
    heading: bool,
}

const fn phrase(text: &'static str, guard: Guard, heading: bool) -> Phrase {
    Phrase { text, guard, heading }
}

/// Phrases that mark a block as boilerplate when they are the whole block or its start,
/// compared without regard to ASCII case.
const BOILERPLATE: &[Phrase] = &[
    // Headings of link lists.
    phrase("Related news", Guard::Boundary, true),
    phrase("Related articles", Guard::Boundary, true),
    phrase("Related stories", Guard::Boundary, true),
    phrase("Related coverage", Guard::Boundary, true),
    phrase("Related content", Guard::Boundary, true),
    phrase("Related links", Guard::Boundary, true),
    phrase("Related topics", Guard::Boundary, true),
    phrase("Related:", Guard::Boundary, true),
    phrase("Related", Guard::NotLowercase, true),
    phrase("Read more", Guard::Boundary, true),
    phrase("Read also", Guard::Boundary, true),
    phrase("Also read", Guard::Boundary, true),
    phrase("See also", Guard::Boundary, true),
    phrase("More:", Guard::Boundary, true),
    phrase("More from", Guard::Boundary, true),
    phrase("More on this story", Guard::Boundary, true),
    phrase("Most read", Guard::Boundary, true),
    phrase("Most popular", Guard::Boundary, true),
    phrase("Recommended", Guard::NotLowercase, true),
    phrase("You may also like", Guard::Boundary, true),
    phrase("You might also like", Guard::Boundary, true),
    // Sharing, subscription and navigation prompts.
    phrase("Share this article", Guard::Boundary, false),
    phrase("Share this", Guard::Boundary, false),
    phrase("Share on Facebook", Guard::Boundary, false),
    phrase("Share on Twitter", Guard::Boundary, false),
    phrase("Share via", Guard::Boundary, false),
    phrase("Follow us on", Guard::Boundary, false),
    phrase("Click here", Guard::Boundary, false),
    phrase("Sign up", Guard::Boundary, false),
    phrase("Subscribe", Guard::Boundary, false),
    phrase("Story continues below", Guard::Boundary, false),
    phrase("Continue reading", Guard::Boundary, false),
    phrase("Skip to content", Guard::Boundary, false),
    phrase("Listen to this article", Guard::Boundary, false),
    phrase("Advertisement", Guard::NotLowercase, false),
    phrase("Comments are closed", Guard::Boundary, false),
    phrase("Comments", Guard::NotLowercase, false),
    // Rights and credits for pictures.
    phrase("Copyright", Guard::NotLowercase, false),
    phrase("©", Guard::Boundary, false),
    phrase("All rights reserved", Guard::Boundary, false),
    phrase("Image copyright", Guard::Boundary, false),
    phrase("Image caption", Guard::Boundary, false),
    phrase("Media caption", Guard::Boundary, false),
    phrase("Photo:", Guard::Boundary, false),
    phrase("Photograph:", Guard::Boundary, false),
    phrase("Picture:", Guard::Boundary, false),
    phrase("Video:", Guard::Boundary, false),
    phrase("Watch:", Guard::Boundary, false),
    phrase("Tags:", Guard::Boundary, false),
    phrase("Topics:", Guard::Boundary, false),
    // Agency credit lines in parentheses at the foot of a story.
    phrase("(Reporting by", Guard::Boundary, false),
    phrase("(Writing by", Guard::Boundary, false),
    phrase("(Editing by", Guard::Boundary, false),
    phrase("(Additional reporting by", Guard::Boundary, false),
];

/// Whether the block starts with a boilerplate phrase; `Some(true)` when the phrase heads a
/// list of links.
fn boilerplate_phrase(s: &str) -> Option<bool> {
    let mut found: Option<bool> = None;
    // Most blocks share no first letter with any phrase: compare one byte before the prefix.
    let first = s.as_bytes().first().map(u8::to_ascii_lowercase);
    for p in BOILERPLATE {
        if p.text.as_bytes().first().map(u8::to_ascii_lowercase) != first {
            continue;
        }
        let Some(rest) = strip_prefix_ignore_ascii_case(s, p.text) else {
            continue;
        };
        let ends_in_word = p.text.chars().last().is_some_and(char::is_alphanumeric);
        let boundary = !ends_in_word || !rest.chars().next().is_some_and(char::is_alphanumeric);
        let ok = boundary
            && match p.guard {
                Guard::Boundary => true,
                Guard::NotLowercase => !rest.trim_start().chars().next().is_some_and(char::is_lowercase),
            };
        if ok {
            found = Some(found.unwrap_or(false) || p.heading);
        }
    }
    found
}

/// Whether a block after a link-list heading is one more link title: fewer than 20 words, at
/// most one sentence and no final full stop. Link titles are headlines, and headlines do not end
/// with a full stop; the first block that breaks the rule is the story again.
fn is_link_title(text: &str, span: &Span) -> bool {
    let s = &text[span.clone()];
    if s.len() > 400 || words(text, span.clone()).nth(19).is_some() {
        return false;
    }
    if s.trim_end_matches(is_closer).ends_with('.') {
        return false;
    }
    split_sentences(text, span.clone()).len() <= 1
}

// ---------------------------------------------------------------------------------------------
// Datelines (blocks)
// ---------------------------------------------------------------------------------------------

/// Month names and their usual abbreviations, lower case.
const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];

/// Weekday names and their usual abbreviations, lower case.
const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
];

/// Words that may accompany a date in a dateline block ("Updated: 12 Apr 2017 10:32 GMT"),
/// including time-zone abbreviations, lower case.
const DATE_WORDS: &[&str] = &[
    "updated",
    "published",
    "posted",
    "last",
    "modified",
    "first",
    "date",
    "dated",
    "edited",
    "created",
    "on",
    "at",
    "of",
    "am",
    "pm",
    "a.m",
    "p.m",
    "gmt",
    "utc",
    "bst",
    "cet",
    "cest",
    "eet",
    "eest",
    "msk",
    "est",
    "edt",
    "cst",
    "cdt",
    "mst",
    "mdt",
    "pst",
    "pdt",
    "et",
    "ct",
    "mt",
    "pt",
    "ist",
    "jst",
    "aest",
    "aedt",
    "hkt",
    "sgt",
];

fn is_month(word: &str) -> bool {
    in_list_ignore_case(MONTHS, word)
}

/// The month `word` names, in full and in lower case: a month name or one of its usual
/// abbreviations ([`MONTHS`]), in any case, with or without a dot ("Nov", "Sept.", "April").
pub fn month_named(word: &str) -> Option<&'static str> {
    let word = word.strip_suffix('.').unwrap_or(word);
    if !is_month(word) {
        return None;
    }
    // The full names come first, and every abbreviation begins its month's name.
    MONTHS[..12].iter().copied().find(|m| m.len() >= word.len() && m[..word.len()].eq_ignore_ascii_case(word))
}

fn is_weekday(word: &str) -> bool {
    in_list_ignore_case(WEEKDAYS, word)
}

/// Whether `s` is nothing but a date: "Monday, 17 Apr, 2017", "April 12, 2017", "17 April 2017",
/// "Updated: 12 Apr 2017 10:32 GMT", "2017-04-17".
///
/// Every word must be a weekday, a month, a number (day or year), an ordinal, a time, a numeric
/// date, a time zone or a label such as "Updated"; and the words must name a date, which takes
/// a month together with a number, or a numeric date. Requiring every word to be date-like is
/// what tells a dateline from a sentence that contains a date.
fn is_date_text(s: &str) -> bool {
    // Both kinds of date need a digit; checking for one first keeps the word-by-word test off
    // the great majority of blocks.
    if s.len() > 120 || !s.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    let (mut count, mut month, mut number, mut numeric_date) = (0, false, false, false);
    for raw in s.split(|c: char| c.is_whitespace() || c == ',') {
        let word = raw
            .trim_matches(|c: char| matches!(c, ':' | '.' | ';' | '(' | ')' | '|' | '-' | '–' | '—' | '/' | '·' | '•'));
        if word.is_empty() {
            continue;
        }
        count += 1;
        if count > 12 {
            return false;
        }
        if is_month(word) {
            month = true;
        } else if is_number(word) || is_ordinal(word) {
            number = true;
        } else if is_numeric_date(word) {
            numeric_date = true;
        } else if !(is_weekday(word) || is_time(word) || in_list_ignore_case(DATE_WORDS, word)) {
            return false;
        }
    }
    numeric_date || (month && number)
}

/// One to four ASCII digits: a day, a year or an hour.
fn is_number(word: &str) -> bool {
    (1..=4).contains(&word.len()) && word.bytes().all(|b| b.is_ascii_digit())
}

/// "1st", "22nd", "3rd", "17th".
fn is_ordinal(word: &str) -> bool {
    let digits = word.bytes().take_while(u8::is_ascii_digit).count();
    let suffix = &word[digits..];
    (1..=2).contains(&digits) && in_list_ignore_case(&["st", "nd", "rd", "th"], suffix)
}

/// "10:32", "10:32:05", "9.30", "10:32am", "10am".
fn is_time(word: &str) -> bool {
    let len = word.len();
    let mut core = word;
    for suffix in ["am", "pm", "a.m", "p.m"] {
        if len > suffix.len() && word.is_char_boundary(len - suffix.len()) {
            let (head, tail) = word.split_at(len - suffix.len());
            if tail.eq_ignore_ascii_case(suffix) {
                if is_number(head) && head.len() <= 2 {
                    return true;
                }
                core = head;
                break;
            }
        }
    }
    let mut parts = core.split([':', '.']);
    let hour = parts.next().unwrap_or("");
    if !(1..=2).contains(&hour.len()) || !hour.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let mut rest = 0;
    for part in parts {
        if part.len() != 2 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
        rest += 1;
    }
    (1..=2).contains(&rest)
}

/// "2017-04-17", "17/04/2017", "17.04.2017": three groups of digits with one separator.
fn is_numeric_date(word: &str) -> bool {
    ['-', '/', '.'].iter().any(|&sep| {
        let mut groups = 0;
        let mut long = false;
        for part in word.split(sep) {
            if !is_number(part) {
                return false;
            }
            long |= part.len() >= 2;
            groups += 1;
        }
        groups == 3 && long
    })
}

// ---------------------------------------------------------------------------------------------
// Bylines
// ---------------------------------------------------------------------------------------------

/// Openings of agency credit lines ("Reporting by Jane Doe; Editing by John Smith"), lower case.
const CREDIT_PREFIXES: &[&str] = &[
    "additional reporting by",
    "reporting by",
    "writing by",
    "written by",
    "editing by",
    "edited by",
    "compiled by",
    "story by",
    "text by",
    "words by",
    "photos by",
    "graphics by",
];

/// Lower-case words that belong inside personal names ("Ludwig van Beethoven", "al-Assad").
const NAME_PARTICLES: &[&str] = &[
    "de", "da", "das", "del", "della", "der", "den", "di", "do", "dos", "du", "la", "le", "van", "von", "ter", "ten",
    "al", "el", "ad", "as", "ar", "bin", "ibn", "abu", "y", "e", "of",
];

/// Lower-case words a byline may carry besides names: roles and the small words that attach
/// them ("Jane Doe, Moscow correspondent", "Jane Doe in Kyiv", "John Smith for The Times").
const BYLINE_WORDS: &[&str] = &[
    "correspondent",
    "correspondents",
    "reporter",
    "reporters",
    "writer",
    "writers",
    "editor",
    "editors",
    "staff",
    "contributor",
    "columnist",
    "bureau",
    "chief",
    "photographer",
    "producer",
    "senior",
    "special",
    "political",
    "diplomatic",
    "foreign",
    "economics",
    "business",
    "security",
    "defence",
    "defense",
    "health",
    "science",
    "technology",
    "sports",
    "affairs",
    "news",
    "desk",
    "in",
    "for",
    "at",
    "the",
    "with",
    "from",
];

/// Characters that introduce a byline written as a list item or a sign-off ("• Jane Doe").
fn is_bullet(c: char) -> bool {
    matches!(c, '•' | '·' | '-' | '–' | '—' | '―' | '*' | '‣' | '▪' | '◦')
}

/// Whether the block is a byline.
///
/// Accepted shapes: "By Jane Doe" (names, optionally ", Agency" or "and Other Name"), a bullet
/// or dash followed by a name of two to four words, "Jane Doe | Reuters", and agency credit
/// lines ("Reporting by Jane Doe; Editing by John Smith"). A byline is short and names people:
/// every word must be a capitalised name word, an initial, a name particle or one of the few
/// role words in `BYLINE_WORDS`, so a sentence such as "By Tuesday the toll had risen to 87."
/// never qualifies. It has no final full stop except after an initial ("By John F.").
fn is_byline(s: &str) -> bool {
    if s.is_empty() || s.len() > 300 || !final_period_ok(s) {
        return false;
    }
    for prefix in CREDIT_PREFIXES {
        if let Some(rest) = strip_prefix_ignore_ascii_case(s, prefix) {
            if rest.starts_with(char::is_whitespace) {
                return names_ok(rest, 1..=5, 40);
            }
        }
    }
    let first = s.split_whitespace().next().unwrap_or("");
    if matches!(first, "By" | "BY" | "By:" | "BY:") {
        return names_ok(&s[first.len()..], 1..=5, 12);
    }
    let unbulleted = s.trim_start_matches(is_bullet);
    if unbulleted.len() < s.len() {
        return names_ok(unbulleted, 2..=4, 12);
    }
    s.contains('|') && names_ok(s, 2..=4, 12)
}

/// A byline may end with a full stop only when the last word is an initial or an abbreviation
/// that ends names ("Jr.", "Inc.", "N.Y.").
fn final_period_ok(s: &str) -> bool {
    let trimmed = s.trim_end_matches(is_closer);
    if !trimmed.ends_with('.') {
        return true;
    }
    let last = trimmed.rsplit(char::is_whitespace).next().unwrap_or("");
    let word = last.trim_end_matches('.').trim_start_matches('(');
    is_initial(word) || is_dotted_acronym(word) || in_list_ignore_case(&["jr", "sr", "inc", "ltd", "co", "corp"], word)
}

/// Checks the names part of a byline.
///
/// `s` is split into segments at `|` and `;`; a later segment may be a date ("Jane Doe | April
/// 12, 2017") or start with another credit ("...; Editing by John Smith"). The first name (the
/// capitalised words before the first "and", comma, segment break or role word) must have a
/// number of words in `first_name`, and must not be a weekday or month ("By Tuesday ...").
fn names_ok(s: &str, first_name: std::ops::RangeInclusive<usize>, max_words: usize) -> bool {
    let mut seen = 0usize;
    let mut first_len = 0usize;
    let mut first_done = false;
    for (index, segment) in s.split(['|', ';']).enumerate() {
        let mut segment = segment.trim();
        if segment.is_empty() {
            // "Jane Doe |" is fine; a byline cannot start with a separator.
            if index == 0 {
                return false;
            }
            continue;
        }
        if index > 0 {
            first_done |= first_len > 0;
            if is_date_text(segment) {
                continue;
            }
            for prefix in CREDIT_PREFIXES {
                if let Some(rest) = strip_prefix_ignore_ascii_case(segment, prefix) {
                    segment = rest;
                    break;
                }
            }
        }
        for raw in segment.split_whitespace() {
            seen += 1;
            if seen > max_words {
                return false;
            }
            let word = raw.trim_matches(|c: char| matches!(c, ',' | '(' | ')' | '"' | '“' | '”' | '‘' | '’' | '\''));
            if word.is_empty() || word == "&" || word.eq_ignore_ascii_case("and") {
                first_done |= first_len > 0;
                continue;
            }
            if is_name_word(word) {
                if !first_done {
                    if first_len == 0 && (is_weekday(word) || is_month(word)) {
                        return false;
                    }
                    first_len += 1;
                }
            } else if in_list_ignore_case(NAME_PARTICLES, word) {
                // Particles live inside names and neither start nor end one.
            } else if in_list_ignore_case(BYLINE_WORDS, word) {
                if first_len == 0 {
                    return false;
                }
                first_done = true;
            } else {
                return false;
            }
            if raw.ends_with(',') {
                first_done |= first_len > 0;
            }
        }
    }
    first_name.contains(&first_len)
}

/// A capitalised word of letters (with the apostrophes, hyphens and dots of names), an initial,
/// or a particle joined by a hyphen to a capitalised word ("al-Assad").
fn is_name_word(word: &str) -> bool {
    let Some(first) = word.chars().next() else {
        return false;
    };
    if first.is_uppercase() {
        return word.chars().any(char::is_alphabetic)
            && word.chars().all(|c| c.is_alphabetic() || is_combining(c) || matches!(c, '.' | '\'' | '’' | '-'));
    }
    match word.split_once('-') {
        Some((particle, rest)) => in_list_ignore_case(NAME_PARTICLES, particle) && is_name_word(rest),
        None => false,
    }
}

// ---------------------------------------------------------------------------------------------
// Inline datelines
// ---------------------------------------------------------------------------------------------

/// All-caps words that open sentences or stand as kickers but are not places, so that
/// "NATO — The alliance ..." or "BREAKING — Fire at ..." is not read as a dateline when it has
/// neither an agency nor a ", Place" part.
const NOT_PLACES: &[&str] = &[
    "NATO",
    "NASA",
    "OPEC",
    "FIFA",
    "UEFA",
    "IAEA",
    "ASEAN",
    "NAFTA",
    "UNICEF",
    "UNESCO",
    "UNHCR",
    "OSCE",
    "AIDS",
    "COVID",
    "ISIS",
    "BRICS",
    "OECD",
    "INTERPOL",
    "BREAKING",
    "UPDATE",
    "UPDATED",
    "EXCLUSIVE",
    "ANALYSIS",
    "OPINION",
    "EDITORIAL",
    "WATCH",
    "LIVE",
    "FACTBOX",
    "EXPLAINER",
    "CORRECTION",
    "URGENT",
    "FLASH",
    "NOTE",
    "EDITORS",
    "PHOTOS",
    "PHOTO",
    "VIDEO",
    "LISTEN",
    "READ",
    "MORE",
    "UPDATES",
    "SPONSORED",
];

/// How far into a paragraph an inline dateline is looked for, in bytes.
const DATELINE_MAX_BYTES: usize = 200;

#[derive(PartialEq, Eq, Clone, Copy)]
enum DatelineState {
    Place,
    Country,
    Agency,
    AfterAgency,
}

/// Finds an inline dateline at the start of a body paragraph. Returns the prefix (without the
/// dash) and the offset where the prose starts.
///
/// The shape is: a place in capitals (one or more all-caps words, which may contain dots,
/// apostrophes, hyphens, slashes and ampersands, at least one of two or more letters), then
/// optionally ", Country" or ", State" (capitalised words, abbreviations such as "N.Y." or a
/// Reuters-style date such as "Jan 5"), then optionally "(Agency)", then a dash (-, –, —, --)
/// with spaces on both sides and the prose on the same line.
///
/// A paragraph that merely opens with an acronym ("NATO - the alliance ...") has the same
/// shape, so a bare place with neither the ", Country" nor the "(Agency)" part is accepted
/// only when one of its words has at least four letters, none of its words is a known acronym
/// or kicker (`NOT_PLACES`), and the text after the dash starts like a sentence (a capital, a
/// digit or an opening quote): "WASHINGTON — The Senate ..." qualifies, "US - China talks" and
/// "NATO - the alliance" do not.
fn inline_dateline(text: &str, span: &Span) -> Option<(Span, usize)> {
    let limit = floor_boundary(text, span.end.min(span.start + DATELINE_MAX_BYTES));
    let line_end = text.as_bytes()[span.start..limit]
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .map_or(limit, |p| span.start + p);
    let line = &text[span.start..line_end];

    let mut state = DatelineState::Place;
    let (mut place_words, mut country_words, mut agency_words) = (0usize, 0usize, 0usize);
    let (mut two_letters, mut four_letters, mut not_place) = (false, false, false);
    let (mut has_country, mut has_agency) = (false, false);
    let mut prefix_end = span.start;
    let mut tokens = tokens_with_offsets(line).peekable();
    while let Some((offset, token)) = tokens.next() {
        if matches!(token, "-" | "--" | "–" | "—" | "―") {
            if place_words == 0 || state == DatelineState::Agency {
                return None;
            }
            let &(next_offset, next_token) = tokens.peek()?;
            let bare_ok = four_letters && !not_place && next_token.chars().next().is_some_and(starts_sentence);
            if two_letters && (has_agency || has_country || bare_ok) {
                return Some((span.start..prefix_end, span.start + next_offset));
            }
            return None;
        }
        if token.starts_with('(') && matches!(state, DatelineState::Place | DatelineState::Country) && place_words > 0 {
            state = DatelineState::Agency;
        }
        match state {
            DatelineState::Place => {
                let (word, comma) = match token.strip_suffix(',') {
                    Some(word) => (word, true),
                    None => (token, false),
                };
                if !is_place_word(word) {
                    return None;
                }
                place_words += 1;
                if place_words > 6 {
                    return None;
                }
                let letters = word.chars().filter(|c| c.is_alphabetic()).count();
                two_letters |= letters >= 2;
                four_letters |= letters >= 4;
                not_place |= NOT_PLACES.contains(&word);
                if comma {
                    state = DatelineState::Country;
                }
            }
            DatelineState::Country => {
                let word = token.trim_end_matches(',');
                if !(is_name_word(word) || is_number(word)) {
                    return None;
                }
                country_words += 1;
                if country_words > 5 {
                    return None;
                }
                has_country = true;
            }
            DatelineState::Agency => {
                let inner = if agency_words == 0 { &token[1..] } else { token };
                agency_words += 1;
                if agency_words > 6 || inner.contains('(') {
                    return None;
                }
                if let Some(last) = inner.strip_suffix(')') {
                    if last.contains(')') || (agency_words == 1 && last.is_empty()) {
                        return None;
                    }
                    has_agency = true;
                    state = DatelineState::AfterAgency;
                } else if inner.contains(')') {
                    return None;
                }
            }
            DatelineState::AfterAgency => return None,
        }
        prefix_end = span.start + offset + token.len();
    }
    None
}

/// A word of a place name in capitals: letters that are all upper case, with the dots,
/// apostrophes, hyphens, slashes and ampersands of names such as "ST. LOUIS", "N'DJAMENA",
/// "WINSTON-SALEM" or "LONDON/PARIS"; no digits. Letters of scripts without case do not count,
/// since capitals are what mark a dateline.
fn is_place_word(word: &str) -> bool {
    word.chars().any(char::is_uppercase)
        && word.chars().all(|c| c.is_uppercase() || is_combining(c) || matches!(c, '.' | '\'' | '’' | '-' | '/' | '&'))
}

// ---------------------------------------------------------------------------------------------
// Sentences
// ---------------------------------------------------------------------------------------------

/// How an abbreviation before a full stop affects the sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Abbrev {
    /// Titles and the like (Mr., Sen., Gov., vs.), which always precede more of the sentence.
    Always,
    /// Abbreviations that precede a number ("No. 10", "Vol. 3"); before anything else they are
    /// ordinary words that can end a sentence ("He said no.").
    BeforeNumber,
    /// Abbreviations that usually continue the sentence but can also end it ("born on Jan. 5"
    /// vs "the deal closes in Jan. The buyer ..."): months, name suffixes (Jr., Sr.), "St."
    /// (Saint or Street) and company suffixes. After them, as after initials and dotted
    /// acronyms, a capitalised word continues the sentence unless it is a sentence starter.
    Ambiguous,
}

/// Known abbreviations, in lower case and sorted (a test checks the order), so that a lookup
/// is a binary search; they are matched without regard to ASCII case.
const ABBREVIATIONS: &[(&str, Abbrev)] = &[
    ("adm", Abbrev::Always),
    ("amb", Abbrev::Always),
    ("approx", Abbrev::Always),
    ("apr", Abbrev::Ambiguous),
    ("art", Abbrev::BeforeNumber),
    ("assn", Abbrev::Ambiguous),
    ("atty", Abbrev::Always),
    ("aug", Abbrev::Ambiguous),
    ("brig", Abbrev::Always),
    ("bros", Abbrev::Ambiguous),
    ("capt", Abbrev::Always),
    ("cdr", Abbrev::Always),
    ("cf", Abbrev::Always),
    ("cmdr", Abbrev::Always),
    ("co", Abbrev::Ambiguous),
    ("col", Abbrev::Always),
    ("corp", Abbrev::Ambiguous),
    ("cos", Abbrev::Ambiguous),
    ("cpl", Abbrev::Always),
    ("dec", Abbrev::Ambiguous),
    ("dept", Abbrev::Ambiguous),
    ("det", Abbrev::Always),
    ("dr", Abbrev::Always),
    ("drs", Abbrev::Always),
    ("feb", Abbrev::Ambiguous),
    ("fig", Abbrev::BeforeNumber),
    ("fr", Abbrev::Always),
    ("ft", Abbrev::Always),
    ("gen", Abbrev::Always),
    ("gens", Abbrev::Always),
    ("gov", Abbrev::Always),
    ("govs", Abbrev::Always),
    ("hon", Abbrev::Always),
    ("inc", Abbrev::Ambiguous),
    ("insp", Abbrev::Always),
    ("jan", Abbrev::Ambiguous),
    ("jr", Abbrev::Ambiguous),
    ("jul", Abbrev::Ambiguous),
    ("jun", Abbrev::Ambiguous),
    ("llc", Abbrev::Ambiguous),
    ("lt", Abbrev::Always),
    ("ltd", Abbrev::Ambiguous),
    ("maj", Abbrev::Always),
    ("mar", Abbrev::Ambiguous),
    ("messrs", Abbrev::Always),
    ("mmes", Abbrev::Always),
    ("mr", Abbrev::Always),
    ("mrs", Abbrev::Always),
    ("ms", Abbrev::Always),
    ("mt", Abbrev::Always),
    ("no", Abbrev::BeforeNumber),
    ("nos", Abbrev::BeforeNumber),
    ("nov", Abbrev::Ambiguous),
    ("oct", Abbrev::Ambiguous),
    ("plc", Abbrev::Ambiguous),
    ("pres", Abbrev::Always),
    ("prof", Abbrev::Always),
    ("pvt", Abbrev::Always),
    ("rep", Abbrev::Always),
    ("reps", Abbrev::Always),
    ("rev", Abbrev::Always),
    ("rt", Abbrev::Always),
    ("sen", Abbrev::Always),
    ("sens", Abbrev::Always),
    ("sep", Abbrev::Ambiguous),
    ("sept", Abbrev::Ambiguous),
    ("sgt", Abbrev::Always),
    ("sr", Abbrev::Ambiguous),
    ("st", Abbrev::Ambiguous),
    ("supt", Abbrev::Always),
    ("vol", Abbrev::BeforeNumber),
    ("vs", Abbrev::Always),
];

/// Capitalised words that commonly open a sentence and rarely continue a name: function words,
/// numbers, and the plural nouns that open news sentences ("Officials said ...") but are
/// written in lower case inside one. After an ambiguous abbreviation ("in the U.S. The next
/// day") they mean the sentence has ended; any other capitalised word ("the U.S. Secretary of
/// State") means it goes on. Compared exactly, and sorted by bytes (a test checks the order)
/// for a binary search.
const SENTENCE_STARTERS: &[&str] = &[
    "A",
    "According",
    "After",
    "All",
    "Also",
    "Although",
    "Among",
    "An",
    "Analysts",
    "And",
    "Another",
    "As",
    "Asked",
    "At",
    "Authorities",
    "Because",
    "Before",
    "Both",
    "But",
    "By",
    "Critics",
    "Despite",
    "During",
    "Each",
    "Earlier",
    "Eight",
    "Elsewhere",
    "Even",
    "Experts",
    "Few",
    "Five",
    "Following",
    "For",
    "Four",
    "From",
    "He",
    "Her",
    "Here",
    "His",
    "How",
    "However",
    "I",
    "If",
    "In",
    "Instead",
    "Investigators",
    "It",
    "Its",
    "Last",
    "Later",
    "Lawmakers",
    "Many",
    "Meanwhile",
    "Moreover",
    "Most",
    "My",
    "Neither",
    "Nevertheless",
    "Nine",
    "No",
    "Nonetheless",
    "Nor",
    "Not",
    "Now",
    "Of",
    "Officials",
    "On",
    "One",
    "Only",
    "Or",
    "Other",
    "Our",
    "Police",
    "Prosecutors",
    "Protesters",
    "Researchers",
    "Residents",
    "Separately",
    "Seven",
    "She",
    "Since",
    "Six",
    "So",
    "Some",
    "Speaking",
    "Still",
    "Such",
    "Ten",
    "That",
    "The",
    "Their",
    "Then",
    "There",
    "These",
    "They",
    "This",
    "Those",
    "Though",
    "Three",
    "To",
    "Two",
    "Under",
    "Unlike",
    "Until",
    "We",
    "What",
    "When",
    "Where",
    "Which",
    "While",
    "Who",
    "Why",
    "With",
    "Without",
    "Witnesses",
    "Yesterday",
    "Yet",
    "You",
    "Your",
];

/// Packs up to 16 bytes into an integer whose order is the byte order of the strings (shorter
/// strings are padded with zeros, which sort first), or `None` for longer input. Binary
/// searches run on these keys, computed for the tables at compile time, because comparing
/// integers is much cheaper than calling `memcmp` at every step, and the lookups run at every
/// candidate sentence end.
const fn pack(bytes: &[u8]) -> Option<u128> {
    if bytes.len() > 16 {
        return None;
    }
    let mut key = 0u128;
    let mut i = 0;
    while i < bytes.len() {
        key |= (bytes[i] as u128) << (8 * (15 - i));
        i += 1;
    }
    Some(key)
}

/// `pack` for table entries, which are all short enough.
const fn table_key(word: &str) -> u128 {
    match pack(word.as_bytes()) {
        Some(key) => key,
        None => panic!("table words are at most 16 bytes"),
    }
}

/// The length of the longest entry of `ABBREVIATIONS`, to skip the lookup for longer words.
const LONGEST_ABBREVIATION: usize = {
    let mut longest = 0;
    let mut i = 0;
    while i < ABBREVIATIONS.len() {
        if ABBREVIATIONS[i].0.len() > longest {
            longest = ABBREVIATIONS[i].0.len();
        }
        i += 1;
    }
    longest
};

/// The keys of `ABBREVIATIONS`, in the same order.
const ABBREVIATION_KEYS: [u128; ABBREVIATIONS.len()] = {
    let mut keys = [0; ABBREVIATIONS.len()];
    let mut i = 0;
    while i < keys.len() {
        keys[i] = table_key(ABBREVIATIONS[i].0);
        i += 1;
    }
    keys
};

/// The keys of `SENTENCE_STARTERS`, in the same order.
const STARTER_KEYS: [u128; SENTENCE_STARTERS.len()] = {
    let mut keys = [0; SENTENCE_STARTERS.len()];
    let mut i = 0;
    while i < keys.len() {
        keys[i] = table_key(SENTENCE_STARTERS[i]);
        i += 1;
    }
    keys
};

/// The class of a known abbreviation (the word before a full stop, without the stop).
fn abbreviation(token: &str) -> Option<Abbrev> {
    if token.len() > LONGEST_ABBREVIATION {
        return None;
    }
    let mut bytes = pack(token.as_bytes())?.to_be_bytes();
    bytes.make_ascii_lowercase();
    let key = u128::from_be_bytes(bytes);
    ABBREVIATION_KEYS.binary_search(&key).ok().map(|i| ABBREVIATIONS[i].1)
}

/// Whether `word` is one of `SENTENCE_STARTERS`.
pub fn is_sentence_starter(word: &str) -> bool {
    pack(word.as_bytes()).is_some_and(|key| STARTER_KEYS.binary_search(&key).is_ok())
}

/// Characters that close a quotation or parenthesis and belong to the sentence they end.
fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»' | '›')
}

/// Characters that open a quotation or parenthesis and may start a sentence.
fn is_opener(c: char) -> bool {
    matches!(c, '"' | '\'' | '“' | '‘' | '(' | '[' | '«' | '‹')
}

/// Whether a sentence may start with `c`: a letter that is not lower case (which includes
/// scripts without case), a digit, or an opening quote or bracket.
fn starts_sentence(c: char) -> bool {
    (c.is_alphabetic() && !c.is_lowercase()) || c.is_numeric() || is_opener(c)
}

/// Length in bytes of a sentence terminator (`.`, `!`, `?`, `…`) at byte `i`, or 0.
fn terminator_len(bytes: &[u8], i: usize, end: usize) -> usize {
    match bytes.get(i) {
        Some(b'.' | b'!' | b'?') if i < end => 1,
        // '…' is E2 80 A6; E2 is never a continuation byte, so this only matches a whole char.
        Some(0xE2) if i + 3 <= end && bytes[i + 1..i + 3] == [0x80, 0xA6] => 3,
        _ => 0,
    }
}

/// Abbreviation-aware sentence split of `text[span]`; the spans are trimmed of whitespace.
///
/// A sentence ends at a run of `.`, `!`, `?` or `…` (so "..." and "?!" count once), followed by
/// any closing quotes or brackets, then whitespace, then something that can start a sentence (a
/// capital, a digit or an opening quote or bracket). Because whitespace is required, "3.5" and
/// "U.S.-Russian" never split, and a quotation ending with `."` keeps its closing quote. A
/// single full stop after an abbreviation does not end the sentence; see
/// `abbreviation_continues` for the rules. The end of the span always ends the last sentence.
/// An out-of-range span is clamped to the text.
pub fn split_sentences(text: &str, span: Span) -> Vec<Span> {
    let span = clamp_span(text, span);
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = span.start;
    let mut i = span.start;
    while i < span.end {
        // Jump to the next byte that can start a terminator; all of them are ASCII or lead
        // bytes, so the byte search never stops inside a char.
        i = find_byte(bytes, i, span.end, &[b'.', b'!', b'?', 0xE2]);
        if i >= span.end {
            break;
        }
        if terminator_len(bytes, i, span.end) == 0 {
            i += 1;
            continue;
        }
        let dot = i;
        let mut j = i;
        let mut run = 0;
        loop {
            let len = terminator_len(bytes, j, span.end);
            if len == 0 {
                break;
            }
            run += 1;
            j += len;
        }
        let single_dot = run == 1 && bytes[dot] == b'.';
        while let Some(c) = char_at(text, j, span.end).filter(|&c| is_closer(c)) {
            j += c.len_utf8();
        }
        let sentence_end = j;
        let mut k = j;
        while let Some(c) = char_at(text, k, span.end).filter(|c| c.is_whitespace()) {
            k += c.len_utf8();
        }
        i = k;
        if k == j {
            continue;
        }
        let Some(next) = char_at(text, k, span.end) else {
            break;
        };
        if starts_sentence(next) && !(single_dot && abbreviation_continues(text, span.start, dot, k, span.end)) {
            push_trimmed(text, &mut out, start..sentence_end);
            start = k;
        }
    }
    push_trimmed(text, &mut out, start..span.end);
    out
}

/// How far, in bytes, the words on either side of a full stop are read; a longer word before
/// it is an ordinary word, and a longer word after it is no sentence starter.
const MAX_ABBREV: usize = 16;

/// Whether the full stop at `dot`, followed after whitespace by a sentence-like start at
/// `next`, belongs to an abbreviation that continues the sentence.
///
/// - Titles (`Abbrev::Always`: Mr., Sen., Gov., ...) and "vs." / "v." always continue.
/// - "No." and the like (`Abbrev::BeforeNumber`) continue only before a number.
/// - Months, "Jr.", "Sr.", "St." and company suffixes (`Abbrev::Ambiguous`), single capital
///   initials ("John F. Kennedy") and dotted acronyms ("U.S.", "a.m.", "D.C.") continue unless
///   the next word is a common sentence starter (`SENTENCE_STARTERS`), because a capitalised
///   word after them is far more often part of a name or title than a new sentence.
/// - Anything else ends the sentence ("etc." ends it when a capital follows).
fn abbreviation_continues(text: &str, floor: usize, dot: usize, next: usize, end: usize) -> bool {
    let bytes = text.as_bytes();
    let lower = floor.max(dot.saturating_sub(MAX_ABBREV));
    let mut token_start = dot;
    while token_start > lower && (bytes[token_start - 1].is_ascii_alphanumeric() || bytes[token_start - 1] == b'.') {
        token_start -= 1;
    }
    // A token that runs into a non-ASCII letter or past the length limit is part of a longer
    // word ("Ödr."), never an abbreviation.
    if token_start > floor
        && (bytes[token_start - 1] >= 0x80
            || bytes[token_start - 1].is_ascii_alphanumeric()
            || bytes[token_start - 1] == b'.')
    {
        return false;
    }
    let token = text[token_start..dot].trim_start_matches('.');
    if token.is_empty() {
        return false;
    }

    let mut next_end = next;
    while next_end < end && next_end - next < MAX_ABBREV && bytes[next_end].is_ascii_alphanumeric() {
        next_end += 1;
    }
    let next_word = &text[next..next_end];
    // "J. A. Smith": a single letter followed by a full stop is another initial, even when it
    // is also a sentence starter ("A", "I").
    let next_is_initial = next_word.len() == 1 && bytes.get(next_end) == Some(&b'.');

    let ambiguous = match abbreviation(token) {
        Some(Abbrev::Always) => return true,
        Some(Abbrev::BeforeNumber) => return bytes[next].is_ascii_digit(),
        Some(Abbrev::Ambiguous) => true,
        // "Roe v. Wade": only the lower-case "v" is "versus"; "Plan V." is an initial.
        None if token == "v" => return true,
        None => is_initial(token) || is_dotted_acronym(token),
    };
    ambiguous && (next_is_initial || !is_sentence_starter(next_word))
}

/// Whether a full stop after `token` (the word before the stop, without it) may belong to the
/// token rather than end a sentence: a known abbreviation (`ABBREVIATIONS`), "v", a single
/// capital initial or a dotted acronym ("U.S", "a.m"). For checks that must tell "the U.S.
/// -Russia talks" (a stray space in a compound) from "in Syria. -Russian talks" (a cut).
pub fn is_abbreviation(token: &str) -> bool {
    abbreviation(token).is_some() || token == "v" || is_initial(token) || is_dotted_acronym(token)
}

/// A single capital letter, as in "John F. Kennedy".
fn is_initial(word: &str) -> bool {
    let mut chars = word.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase())
}

/// Letters in groups of one or two joined by dots ("U.S", "a.m", "Ph.D"), as the token before
/// a final full stop.
fn is_dotted_acronym(word: &str) -> bool {
    let mut groups = 0;
    for group in word.split('.') {
        if !(1..=2).contains(&group.len()) || !group.bytes().all(|b| b.is_ascii_alphabetic()) {
            return false;
        }
        groups += 1;
    }
    groups >= 2
}

/// Pushes `range` trimmed of whitespace, unless nothing is left.
fn push_trimmed(text: &str, out: &mut Vec<Span>, range: Span) {
    let s = &text[range.clone()];
    let trimmed = s.trim_start();
    let start = range.start + (s.len() - trimmed.len());
    let end = start + trimmed.trim_end().len();
    if start < end {
        out.push(start..end);
    }
}

// ---------------------------------------------------------------------------------------------
// Words
// ---------------------------------------------------------------------------------------------

/// Word spans inside `span`: runs of letters and digits (`char::is_alphanumeric`, so any
/// script), keeping internal apostrophes (' ’) and hyphens ("Russia's", "al-Assad"), commas and
/// dots between digits ("1,200", "3.5"), and the dots of single-letter acronyms with their final
/// dot ("U.S.", "a.m."). Combining accents stay with their letter. An out-of-range span is
/// clamped to the text. The iterator does not allocate.
pub fn words(text: &str, span: Span) -> impl Iterator<Item = Span> + '_ {
    let span = clamp_span(text, span);
    Words { text, pos: span.start, end: span.end }
}

/// The iterator behind `words`: a cursor over `text[pos..end]`.
struct Words<'a> {
    text: &'a str,
    pos: usize,
    end: usize,
}

impl Iterator for Words<'_> {
    type Item = Span;

    fn next(&mut self) -> Option<Span> {
        let (text, end) = (self.text, self.end);
        let bytes = text.as_bytes();
        // Find the first letter or digit; ASCII separators are skipped as bytes.
        let start = loop {
            while self.pos < end && bytes[self.pos].is_ascii() && !bytes[self.pos].is_ascii_alphanumeric() {
                self.pos += 1;
            }
            let c = char_at(text, self.pos, end)?;
            if is_alphanumeric(c) {
                break self.pos;
            }
            self.pos += c.len_utf8();
        };
        let mut i = start;
        let mut prev = '\0';
        // Letters since the word start or the last joiner, to recognise "U.S." acronyms.
        let mut group = 0usize;
        let mut dotted = false;
        loop {
            // Most of a word: ASCII letters and digits.
            let run = bytes[i..end].iter().position(|b| !b.is_ascii_alphanumeric()).unwrap_or(end - i);
            if run > 0 {
                group += run;
                prev = char::from(bytes[i + run - 1]);
                i += run;
            }
            let Some(c) = char_at(text, i, end) else { break };
            if is_alphanumeric(c) || (is_combining(c) && i > start) {
                if !is_combining(c) {
                    group += 1;
                    prev = c;
                }
                i += c.len_utf8();
                continue;
            }
            let after = i + c.len_utf8();
            let next = char_at(text, after, end);
            let joins = match c {
                '\'' | '’' | '-' | '‐' | '‑' => is_alphanumeric(prev) && next.is_some_and(is_alphanumeric),
                ',' | '.' if prev.is_ascii_digit() && next.is_some_and(|n| n.is_ascii_digit()) => true,
                '.' if group == 1 && is_alphabetic(prev) => {
                    let letter = next.filter(|&n| is_alphabetic(n));
                    let then = letter.and_then(|n| char_at(text, after + n.len_utf8(), end));
                    if letter.is_some() && then == Some('.') {
                        dotted = true;
                        true
                    } else {
                        if dotted {
                            // The final dot of "U.S." is part of the acronym.
                            i = after;
                        }
                        false
                    }
                }
                _ => false,
            };
            if !joins {
                break;
            }
            group = 0;
            prev = c;
            i = after;
        }
        self.pos = i;
        Some(start..i)
    }
}

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

/// Combining diacritical marks, which continue the letter before them ("e" + U+0301).
fn is_combining(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
            | '\u{1AB0}'..='\u{1AFF}'
            | '\u{1DC0}'..='\u{1DFF}'
            | '\u{20D0}'..='\u{20FF}'
            | '\u{FE20}'..='\u{FE2F}')
}

/// The position of the first byte in `bytes[from..end]` that is one of `needles`, or `end`.
///
/// Parsing spends most of its time looking for line breaks and sentence terminators, so this
/// looks at eight bytes at a time: XOR-ing a word with a needle repeated in every byte turns the
/// matching bytes into zero bytes, and `(x - 0x01..) & !x & 0x80..` flags zero bytes (the lowest
/// flag is always exact, which is the only one used).
fn find_byte(bytes: &[u8], from: usize, end: usize, needles: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let end = end.min(bytes.len());
    let mut i = from;
    while i + 8 <= end {
        let Some(chunk) = bytes.get(i..i + 8).and_then(|c| <[u8; 8]>::try_from(c).ok()) else {
            break;
        };
        let word = u64::from_le_bytes(chunk);
        let mut found = 0;
        for &needle in needles {
            let x = word ^ (ONES * u64::from(needle));
            found |= x.wrapping_sub(ONES) & !x & HIGHS;
        }
        if found != 0 {
            return i + (found.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < end && !needles.contains(&bytes[i]) {
        i += 1;
    }
    i.min(end)
}

/// The char starting at byte `i`, if `i` is a char boundary before `end`.
fn char_at(text: &str, i: usize, end: usize) -> Option<char> {
    if i >= end {
        return None;
    }
    // Most characters are ASCII: read the byte rather than decode a slice.
    match text.as_bytes().get(i) {
        Some(&b) if b.is_ascii() => Some(char::from(b)),
        _ => text.get(i..end)?.chars().next(),
    }
}

/// The largest char boundary at or before `i` (and at most `text.len()`).
fn floor_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// `span` moved inside `text` and onto char boundaries, so that callers' spans can never
/// cause a panic.
fn clamp_span(text: &str, span: Span) -> Span {
    let end = floor_boundary(text, span.end);
    let start = floor_boundary(text, span.start.min(end));
    start..end
}

/// `s` without `prefix`, comparing ASCII letters without regard to case.
fn strip_prefix_ignore_ascii_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.as_bytes().get(..prefix.len())?;
    if head.eq_ignore_ascii_case(prefix.as_bytes()) {
        // Only ASCII bytes compare equal without being identical, so the match ends where the
        // (valid UTF-8) prefix ends, on a char boundary; `get` keeps this panic-free anyway.
        s.get(prefix.len()..)
    } else {
        None
    }
}

fn in_list_ignore_case(list: &[&str], word: &str) -> bool {
    list.iter().any(|entry| entry.eq_ignore_ascii_case(word))
}

/// The whitespace-separated tokens of `s` with their byte offsets in `s`.
fn tokens_with_offsets(s: &str) -> impl Iterator<Item = (usize, &str)> + '_ {
    let base = s.as_ptr() as usize;
    s.split(char::is_whitespace).filter(|t| !t.is_empty()).map(move |t| (t.as_ptr() as usize - base, t))
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::BlockKind::*;
    use super::*;

    /// Parsing with the previous version's blocks gives exactly what parsing from scratch gives,
    /// whatever the edit: blocks that move, change kind (a body paragraph that becomes the
    /// headline, boilerplate at the end), or repeat.
    #[test]
    fn parse_reusing_equals_parse() {
        let versions = [
            "Headline\n\nMOSCOW (AP) — Mr. Lavrov said the U.S. talks failed. Others agreed.\n\nBy Jane Doe\n\nA second paragraph. It has two sentences.\n\nShare this article",
            "Headline\n\nA second paragraph. It has two sentences.\n\nMOSCOW (AP) — Mr. Lavrov said the U.S. talks failed. Others agreed.\n\nShare this article",
            "MOSCOW (AP) — Mr. Lavrov said the U.S. talks failed. Others agreed.\n\nA second paragraph. It has two sentences.\n\nA second paragraph. It has two sentences.",
            "\u{FEFF}Headline\r\n\r\nA second paragraph. It has two sentences.\r\n\r\nRelated news\r\n\r\nShare this article",
            "A second paragraph. It has two sentences.\n\nHeadline\n\nA second paragraph. It has two sentences.",
        ];
        let mut previous: Option<(String, Parsed)> = None;
        let mut carried = 0;
        for text in versions.iter().chain(versions.iter().rev()) {
            let index = std::sync::OnceLock::new();
            let prev =
                previous.as_ref().map(|(t, p)| Previous { text: t, article: &p.article, index: &index, changed: None });
            let parsed = Article::parse_reusing(text, prev);
            assert_eq!(parsed.article, Article::parse(text), "{text:?}");
            carried += parsed.carried_from.iter().flatten().count();
            previous = Some((text.to_string(), parsed));
        }
        assert!(carried >= 10, "{carried} blocks carried over");
    }

    fn kinds(text: &str) -> Vec<BlockKind> {
        Article::parse(text).blocks.iter().map(|b| b.kind).collect()
    }

    fn kind_of(paragraph: &str) -> BlockKind {
        let text = format!("Headline\n\n{paragraph}\n");
        let article = Article::parse(&text);
        assert_eq!(article.blocks.len(), 2, "{paragraph:?}");
        article.blocks[1].kind
    }

    fn block_texts(text: &str) -> Vec<&str> {
        Article::parse(text).blocks.iter().map(|b| &text[b.span.clone()]).collect()
    }

    fn sentences(paragraph: &str) -> Vec<&str> {
        split_sentences(paragraph, 0..paragraph.len()).into_iter().map(|s| &paragraph[s]).collect()
    }

    fn word_list(text: &str) -> Vec<&str> {
        words(text, 0..text.len()).map(|w| &text[w]).collect()
    }

    fn remove(text: &str, span: Span) -> String {
        format!("{}{}", &text[..span.start], &text[span.end..])
    }

    #[test]
    fn headline_then_blocks_separated_by_blank_lines() {
        let text = "Putin and Trump to meet in Helsinki\n\nThe two leaders will hold talks on July 16.\n   \n\nThe Kremlin confirmed the date on Thursday.\n";
        assert_eq!(
            block_texts(text),
            [
                "Putin and Trump to meet in Helsinki",
                "The two leaders will hold talks on July 16.",
                "The Kremlin confirmed the date on Thursday.",
            ]
        );
        assert_eq!(kinds(text), [Headline, Body, Body]);
        let article = Article::parse(text);
        assert_eq!(&text[article.headline().unwrap().span.clone()], "Putin and Trump to meet in Helsinki");
        assert_eq!(article.body().count(), 2);
    }

    #[test]
    fn first_block_with_several_lines_gives_headline_then_next_block() {
        let text = "\n\n  Floods kill 87 in Bangladesh  \nBy Jane Doe\n\nHeavy rain has lashed the country for a week.";
        assert_eq!(
            block_texts(text),
            ["Floods kill 87 in Bangladesh", "By Jane Doe", "Heavy rain has lashed the country for a week."]
        );
        assert_eq!(kinds(text), [Headline, Byline, Body]);
    }

    #[test]
    fn multi_line_paragraph_is_one_block() {
        let text = "Headline\n\nThe first line of a paragraph\ncontinues on a second line.\n\nNext.";
        assert_eq!(
            block_texts(text),
            ["Headline", "The first line of a paragraph\ncontinues on a second line.", "Next."]
        );
    }

    #[test]
    fn dateline_blocks() {
        for date in [
            "Monday, 17 Apr, 2017",
            "April 12, 2017",
            "17 April 2017",
            "Updated: 12 Apr 2017 10:32 GMT",
            "2017-04-17",
            "Sept. 5, 2016",
            "Published 17/04/2017 at 9:30am",
            "Tuesday 3rd May 2016",
        ] {
            assert_eq!(kind_of(date), Dateline, "{date:?}");
        }
        let text =
            "Syria strike condemned\n\nMonday, 17 Apr, 2017\n\nThe United Nations said on Monday it was alarmed.";
        let article = Article::parse(text);
        assert_eq!(kinds(text), [Headline, Dateline, Body]);
        assert!(article.blocks[1].sentences.is_empty());
        assert_eq!(article.blocks[1].text_span, article.blocks[1].span);
    }

    #[test]
    fn sentences_with_dates_are_not_datelines() {
        for body in [
            "On April 12, 2017, the court ruled against the government.",
            "Monday was the deadline.",
            "2017 was a hard year.",
            "May 2017 see a change? Nobody knows.",
        ] {
            assert_eq!(kind_of(body), Body, "{body:?}");
        }
        // A date standing in a multi-line block far down the story is not taken as a dateline.
        let text = "H\n\nOne.\n\nTwo.\n\nThree.\n\nApril 12,\n2017";
        assert_eq!(kinds(text)[4], Body);
        let text = "H\n\nOne.\n\nTwo.\n\nThree.\n\nApril 12, 2017";
        assert_eq!(kinds(text)[4], Dateline);
    }

    #[test]
    fn inline_dateline_with_agency() {
        let text = "Putin meets Trump\n\nMOSCOW (AP) - President Vladimir Putin's meeting with Donald Trump will take place in Helsinki, the Kremlin said on Thursday.";
        let article = Article::parse(text);
        let body = &article.blocks[1];
        assert_eq!(body.kind, Body);
        assert_eq!(&text[body.dateline.clone().unwrap()], "MOSCOW (AP)");
        assert!(text[body.text_span.clone()].starts_with("President Vladimir Putin's meeting"));
        assert_eq!(body.span.end, body.text_span.end);
        assert_eq!(body.sentences.len(), 1);
        assert_eq!(body.sentences[0], body.text_span);
        assert_eq!(body.prose(text), &text[body.text_span.clone()], "prose() is the text_span slice");
    }

    #[test]
    fn inline_dateline_with_country_and_agency() {
        let text = "Vote delayed\n\nVOSTREL, Karvania (Meridian Press) — The parliament of Karvania postponed Sunday's vote. Officials gave no reason.";
        let article = Article::parse(text);
        let body = &article.blocks[1];
        assert_eq!(&text[body.dateline.clone().unwrap()], "VOSTREL, Karvania (Meridian Press)");
        assert!(text[body.text_span.clone()].starts_with("The parliament"));
        assert_eq!(body.sentences.len(), 2);
    }

    #[test]
    fn inline_dateline_other_forms() {
        for (paragraph, prefix, prose) in [
            ("WASHINGTON — The Senate voted 51-49 on Friday.", "WASHINGTON", "The Senate"),
            ("NEW YORK, N.Y. (Reuters) - Stocks fell on Monday.", "NEW YORK, N.Y. (Reuters)", "Stocks"),
            ("LONDON, Jan 5 (Reuters) -- Britain's economy grew 0.3 percent.", "LONDON, Jan 5 (Reuters)", "Britain's"),
            ("SÃO PAULO (AFP) – Brazil's president said ...", "SÃO PAULO (AFP)", "Brazil's"),
            ("GAZA CITY — \"We have nothing left,\" she said.", "GAZA CITY", "\"We"),
            ("ST. LOUIS, Missouri — Police arrested two men.", "ST. LOUIS, Missouri", "Police"),
            ("BERLIN (dpa) - Die Regierung ...", "BERLIN (dpa)", "Die"),
            ("N'DJAMENA, Chad (AP) — Chad's president ...", "N'DJAMENA, Chad (AP)", "Chad's"),
        ] {
            let text = format!("H\n\n{paragraph}");
            let article = Article::parse(&text);
            let body = &article.blocks[1];
            assert_eq!(body.kind, Body);
            let dateline = body.dateline.clone().unwrap_or_else(|| panic!("{paragraph:?}"));
            assert_eq!(&text[dateline], prefix);
            assert!(text[body.text_span.clone()].starts_with(prose), "{paragraph:?}");
        }
    }

    #[test]
    fn paragraphs_that_are_not_inline_datelines() {
        for paragraph in [
            "NATO - the alliance has 29 members.",
            "NATO — The alliance has 29 members.",
            "US - China talks resume on Monday.",
            "The MOSCOW office - which opened in 1990 - is closing.",
            "AP - The agency said.",
            "BREAKING — Fire at a factory in Dhaka.",
            "MOSCOW (AP)",
            "MOSCOW (AP) -",
            "MOSCOW said - and repeated - that it would not yield.",
            "2017 - A year of change.",
            "القاهرة - قال مسؤولون",
        ] {
            let text = format!("H\n\n{paragraph}");
            let article = Article::parse(&text);
            assert_eq!(article.blocks[1].dateline, None, "{paragraph:?}");
            assert_eq!(article.blocks[1].text_span, article.blocks[1].span);
        }
    }

    #[test]
    fn bylines() {
        for byline in [
            "  • Leroy Wright",
            "By Jane Doe",
            "By JANE DOE and John Smith",
            "By Jane Doe, Reuters",
            "By Jane Doe and John Smith, Reuters",
            "By John F. Kennedy Jr.",
            "· Jane Doe",
            "- Jane Doe",
            "— Jane Doe",
            "Jane Doe | Reuters",
            "Jane Doe | April 12, 2017",
            "Reporting by Jane Doe; Editing by John Smith",
            "Reporting by Jane Doe in Moscow; Additional reporting by Ali al-Hassan; Editing by Mark Heinrich",
            "By Jane Doe, Moscow correspondent",
            "By Ludwig van Beethoven",
        ] {
            assert_eq!(kind_of(byline), Byline, "{byline:?}");
        }
    }

    #[test]
    fn sentences_that_start_like_bylines_are_body() {
        for body in [
            "By Tuesday the toll had risen to 87.",
            "By the time rescuers arrived, the building had collapsed.",
            "By Tuesday",
            "- The minister said he would resign",
            "Jane Doe said the vote was rigged | sources",
            "By Jane Doe.",
            "• 87 people were killed",
        ] {
            assert_eq!(kind_of(body), Body, "{body:?}");
        }
    }

    #[test]
    fn boilerplate_phrases() {
        for line in [
            "Share this article",
            "SHARE THIS ARTICLE",
            "Share this story on WhatsApp",
            "Advertisement",
            "Copyright 2017 Reuters. All rights reserved.",
            "© 2017 The Associated Press",
            "Comments (12)",
            "Tags: Russia, Syria, Putin",
            "Image copyright Getty Images",
            "Photo: Jane Doe/Reuters",
            "(Reporting by Jane Doe; Editing by John Smith)",
            "Follow us on Twitter",
            "Sign up for our newsletter",
            "Subscribe",
        ] {
            assert_eq!(kind_of(line), Boilerplate, "{line:?}");
        }
        for line in [
            "Comments by the minister drew sharp criticism.",
            "Copyright lawsuits against the company have multiplied.",
            "Subscribers will be refunded, the company said.",
            "Advertisements for the drug were banned in 2015.",
            "Related charges were filed against two other men.",
        ] {
            assert_eq!(kind_of(line), Body, "{line:?}");
        }
    }

    #[test]
    fn related_news_link_list_at_the_end() {
        let text = "Putin to visit Helsinki\n\nThe Kremlin confirmed the visit on Thursday. It gave no details.\n\nRelated news\n\nTrump says summit will be a success\n\nWhat we know about the Helsinki talks\n\nIs the summit already a failure?";
        assert_eq!(kinds(text), [Headline, Body, Boilerplate, Boilerplate, Boilerplate, Boilerplate]);
        let article = Article::parse(text);
        assert!(article.blocks[2].sentences.is_empty());
    }

    #[test]
    fn link_list_ends_at_the_next_real_paragraph() {
        let text = "H\n\nRead more: Putin says he is ready to meet Trump\n\nA short subhead\n\nThe meeting was first proposed in March. Officials on both sides have since played down expectations for a breakthrough.\n\nAnother short line";
        assert_eq!(kinds(text), [Headline, Boilerplate, Boilerplate, Body, Body]);
    }

    #[test]
    fn sentences_with_abbreviations() {
        let p = "Mr. Putin met U.S. Secretary of State Mike Pompeo at 10 a.m. Tuesday in St. Petersburg. Sen. John McCain and Gov. Andrew Cuomo were not invited.";
        assert_eq!(
            sentences(p),
            [
                "Mr. Putin met U.S. Secretary of State Mike Pompeo at 10 a.m. Tuesday in St. Petersburg.",
                "Sen. John McCain and Gov. Andrew Cuomo were not invited.",
            ]
        );
        let p = "The vote was held in the U.S. The next day, the U.N. Security Council met.";
        assert_eq!(sentences(p), ["The vote was held in the U.S.", "The next day, the U.N. Security Council met."]);
        let p = "The law takes effect on Jan. 20. It was signed by John F. Kennedy and J. K. Rowling read it.";
        assert_eq!(
            sentences(p),
            ["The law takes effect on Jan. 20.", "It was signed by John F. Kennedy and J. K. Rowling read it."]
        );
        let p = "About 3.5 million people fled. U.S.-Russian ties are at a low. No. 10 said nothing.";
        assert_eq!(
            sentences(p),
            ["About 3.5 million people fled.", "U.S.-Russian ties are at a low.", "No. 10 said nothing."]
        );
        let p = "The cost was put at $3.5 billion by the I.M.F. Officials in Washington disputed it.";
        assert_eq!(
            sentences(p),
            ["The cost was put at $3.5 billion by the I.M.F.", "Officials in Washington disputed it."]
        );
        let p = "The meeting ended at 4 p.m. The talks resume on Friday.";
        assert_eq!(sentences(p), ["The meeting ended at 4 p.m.", "The talks resume on Friday."]);
        let p = "He bought apples, pears, etc. The shop closed. Shares of Acme Inc. rose 5%.";
        assert_eq!(sentences(p), ["He bought apples, pears, etc.", "The shop closed.", "Shares of Acme Inc. rose 5%."]);
        let p = "Smith vs. Jones was heard. Roe v. Wade was cited.";
        assert_eq!(sentences(p), ["Smith vs. Jones was heard.", "Roe v. Wade was cited."]);
    }

    #[test]
    fn find_byte_finds_the_first_needle() {
        let text = "0123456789abcdef\r\n.xyz é…";
        let bytes = text.as_bytes();
        for from in 0..bytes.len() {
            for end in from..=bytes.len() + 2 {
                let expected = (from..end.min(bytes.len()))
                    .find(|&i| matches!(bytes[i], b'\n' | b'\r' | b'.' | 0xE2))
                    .unwrap_or(end.min(bytes.len()));
                assert_eq!(find_byte(bytes, from, end, &[b'\n', b'\r', b'.', 0xE2]), expected);
            }
        }
        assert_eq!(find_byte(b"", 0, 0, b"\n"), 0);
    }

    #[test]
    fn lookup_tables_are_sorted_for_binary_search() {
        assert!(ABBREVIATIONS.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(ABBREVIATIONS.iter().all(|(a, _)| a.len() <= MAX_ABBREV && *a == a.to_ascii_lowercase()));
        assert!(SENTENCE_STARTERS.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(abbreviation("SEN"), Some(Abbrev::Always));
        assert_eq!(abbreviation("Sept"), Some(Abbrev::Ambiguous));
        assert_eq!(abbreviation("said"), None);
        assert_eq!(abbreviation("a-very-long-token-indeed"), None);
        assert!(is_sentence_starter("The") && is_sentence_starter("Nevertheless"));
        assert!(!is_sentence_starter("Secretary") && !is_sentence_starter("the"));
        assert!(SENTENCE_STARTERS.iter().all(|w| w.len() <= 16));
    }

    #[test]
    fn sentences_with_quotes_questions_and_exclamations() {
        let p = "\"Putin is the leader of Russian Federation\". He said so twice.";
        assert_eq!(sentences(p), ["\"Putin is the leader of Russian Federation\".", "He said so twice."]);
        let p = "He said: \"We will win.\" Then he left. Why? Nobody knows! “It’s over,” she said.";
        assert_eq!(
            sentences(p),
            ["He said: \"We will win.\"", "Then he left.", "Why?", "Nobody knows!", "“It’s over,” she said."]
        );
        let p = "\"Why?\" he asked. (The answer came later.) Wait... What happened?! 87 died.";
        assert_eq!(
            sentences(p),
            ["\"Why?\" he asked.", "(The answer came later.)", "Wait...", "What happened?!", "87 died."]
        );
        let p = "It was… The end.";
        assert_eq!(sentences(p), ["It was…", "The end."]);
        assert_eq!(sentences("no final stop here"), ["no final stop here"]);
        assert!(sentences("   ").is_empty());
        assert!(sentences("").is_empty());
    }

    #[test]
    fn headline_has_sentences() {
        let text = "Floods kill 87. Thousands flee\n\nBody text.";
        let article = Article::parse(text);
        let headline = article.headline().unwrap();
        assert_eq!(headline.sentences.len(), 2);
        assert_eq!(&text[headline.sentences[1].clone()], "Thousands flee");
    }

    #[test]
    fn words_keep_internal_joiners() {
        assert_eq!(
            word_list("Bashar al-Assad's forces killed 1,200 people (3.5%) in the U.S.-backed zone"),
            [
                "Bashar",
                "al-Assad's",
                "forces",
                "killed",
                "1,200",
                "people",
                "3.5",
                "in",
                "the",
                "U.S.",
                "backed",
                "zone"
            ]
        );
        assert_eq!(
            word_list("Russia’s ‘rock-solid’ stance, Jones' view, at 10 a.m. — Café 😀 naïve"),
            ["Russia’s", "rock-solid", "stance", "Jones", "view", "at", "10", "a.m.", "Café", "naïve"]
        );
        // A decomposed accent stays with its letter.
        assert_eq!(word_list("Cafe\u{301} ok"), ["Cafe\u{301}", "ok"]);
        assert_eq!(word_list("end. 3. 4,5 trailing- -lead"), ["end", "3", "4,5", "trailing", "lead"]);
        assert!(word_list("").is_empty());
        assert!(word_list(" — … ").is_empty());
    }

    /// The rules of `words` read one character at a time, as they were written before ASCII
    /// bytes were read directly: the reference the fast path is held to.
    fn reference_words(text: &str, span: Span) -> Vec<Span> {
        let span = clamp_span(text, span);
        let (mut pos, end) = (span.start, span.end);
        let mut out = Vec::new();
        'words: loop {
            let start = loop {
                let Some(c) = char_at(text, pos, end) else { break 'words };
                if c.is_alphanumeric() {
                    break pos;
                }
                pos += c.len_utf8();
            };
            let (mut i, mut prev, mut group, mut dotted) = (start, '\0', 0usize, false);
            while let Some(c) = char_at(text, i, end) {
                if c.is_alphanumeric() || (is_combining(c) && i > start) {
                    if !is_combining(c) {
                        group += 1;
                        prev = c;
                    }
                    i += c.len_utf8();
                    continue;
                }
                let after = i + c.len_utf8();
                let next = char_at(text, after, end);
                let joins = match c {
                    '\'' | '’' | '-' | '‐' | '‑' => {
                        prev.is_alphanumeric() && next.is_some_and(char::is_alphanumeric)
                    }
                    ',' | '.' if prev.is_ascii_digit() && next.is_some_and(|n| n.is_ascii_digit()) => true,
                    '.' if group == 1 && prev.is_alphabetic() => {
                        let letter = next.filter(|n| n.is_alphabetic());
                        let then = letter.and_then(|n| char_at(text, after + n.len_utf8(), end));
                        if letter.is_some() && then == Some('.') {
                            dotted = true;
                            true
                        } else {
                            if dotted {
                                i = after;
                            }
                            false
                        }
                    }
                    _ => false,
                };
                if !joins {
                    break;
                }
                group = 0;
                prev = c;
                i = after;
            }
            pos = i;
            out.push(start..i);
        }
        out
    }

    proptest::proptest! {
        /// Words found reading ASCII bytes directly are those the character-by-character rules
        /// find, in any mix of scripts, joiners, accents and spans.
        #[test]
        fn words_split_as_the_characters_would(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "a", "B", "7", "é", "Ж", "😀", "\u{301}", "\'", "’", "-", "‐", ",", ".", " ", "“", "—", "U.S.", "a.m.",
            ]), 0..40),
            from in 0usize..60,
            to in 0usize..60,
        ) {
            let text: String = pieces.concat();
            let span = from.min(text.len())..to.min(text.len());
            let fast: Vec<Span> = words(&text, span.clone()).collect();
            proptest::prop_assert_eq!(fast, reference_words(&text, span), "{:?}", text);
        }
    }

    #[test]
    fn words_and_sentences_clamp_bad_spans() {
        let text = "Café 😀 ok";
        // A reversed span is what a buggy caller might pass; it must simply be empty.
        #[allow(clippy::reversed_empty_ranges)]
        let reversed = 4..2;
        for span in [0..1000, reversed, 5..7, 100..200, 3..4] {
            for w in words(text, span.clone()) {
                assert!(text.get(w.clone()).is_some(), "{span:?} {w:?}");
            }
            for s in split_sentences(text, span.clone()) {
                assert!(text.get(s).is_some());
            }
        }
        assert_eq!(words(text, 1..1000).map(|w| &text[w]).collect::<Vec<_>>(), ["afé", "ok"]);
    }

    #[test]
    fn crlf_offsets_point_at_the_text() {
        let text = "Quake hits Chile\r\n\r\nSANTIAGO (Reuters) - A strong quake hit Chile. No damage was reported.\r\n\r\nBy Jane Doe\r\n";
        let article = Article::parse(text);
        assert_eq!(kinds(text), [Headline, Body, Byline]);
        assert_eq!(&text[article.blocks[0].span.clone()], "Quake hits Chile");
        let body = &article.blocks[1];
        assert_eq!(&text[body.dateline.clone().unwrap()], "SANTIAGO (Reuters)");
        let sents: Vec<&str> = body.sentences.iter().map(|s| &text[s.clone()]).collect();
        assert_eq!(sents, ["A strong quake hit Chile.", "No damage was reported."]);
        assert_eq!(&text[article.blocks[2].span.clone()], "By Jane Doe");
        for block in &article.blocks {
            assert!(!text[block.span.clone()].contains('\r'));
            for s in &block.sentences {
                assert!(!text[s.clone()].contains('\r'));
            }
        }
    }

    #[test]
    fn lone_cr_is_a_line_break() {
        let text = "Headline\rBy Jane Doe\r\rBody one.\r\rBody two.";
        assert_eq!(block_texts(text), ["Headline", "By Jane Doe", "Body one.", "Body two."]);
        assert_eq!(kinds(text), [Headline, Byline, Body, Body]);
    }

    #[test]
    fn bom_is_skipped_but_counted() {
        let text = "\u{FEFF}Headline here\n\nBody.";
        let article = Article::parse(text);
        assert_eq!(article.blocks[0].span, 3..16);
        assert_eq!(&text[article.blocks[0].span.clone()], "Headline here");
        assert!(Article::parse("\u{FEFF}").blocks.is_empty());
        assert!(Article::parse("\u{FEFF}\n \n").blocks.is_empty());
    }

    #[test]
    fn tabs_and_non_ascii() {
        let text = "\tCafé 😀 — über alles\t\n\t\n\tÉmile Zola’s café reopened. 😀 “It’s back!” Cafés cheered.\t";
        let article = Article::parse(text);
        assert_eq!(
            block_texts(text),
            ["Café 😀 — über alles", "Émile Zola’s café reopened. 😀 “It’s back!” Cafés cheered."]
        );
        let body = &article.blocks[1];
        let sents: Vec<&str> = body.sentences.iter().map(|s| &text[s.clone()]).collect();
        assert_eq!(sents, ["Émile Zola’s café reopened. 😀 “It’s back!”", "Cafés cheered."]);
    }

    #[test]
    fn empty_and_blank_inputs() {
        for text in ["", " ", "\n", "\r\n\r\n", "\r", " \t \n \u{3000} \n", "\u{FEFF}"] {
            let article = Article::parse(text);
            assert!(article.blocks.is_empty(), "{text:?}");
            assert!(article.headline().is_none());
            assert_eq!(article.body().count(), 0);
        }
    }

    #[test]
    fn text_without_newline_is_a_headline() {
        let text = "Just one line. With two sentences.";
        let article = Article::parse(text);
        assert_eq!(kinds(text), [Headline]);
        assert_eq!(article.blocks[0].removal_span, 0..text.len());
        assert_eq!(article.blocks[0].sentences.len(), 2);
    }

    #[test]
    fn removing_a_middle_block() {
        let text = "Headline\n\nFirst paragraph.\n\nShare this article\n\n  Indented last paragraph.\n";
        let article = Article::parse(text);
        let share = &article.blocks[2];
        assert_eq!(share.kind, Boilerplate);
        assert_eq!(
            remove(text, share.removal_span.clone()),
            "Headline\n\nFirst paragraph.\n\n  Indented last paragraph.\n"
        );
    }

    #[test]
    fn removing_the_last_block() {
        let text = "Headline\n\nFirst paragraph.\n\nRelated news\n";
        let article = Article::parse(text);
        let last = article.blocks.last().unwrap();
        assert_eq!(remove(text, last.removal_span.clone()), "Headline\n\nFirst paragraph.\n");
    }

    #[test]
    fn removing_blocks_with_crlf() {
        let text = "Headline\r\n\r\nBy Jane Doe\r\n\r\nBody one.\r\n\r\nAdvertisement\r\n";
        let article = Article::parse(text);
        assert_eq!(
            remove(text, article.blocks[1].removal_span.clone()),
            "Headline\r\n\r\nBody one.\r\n\r\nAdvertisement\r\n"
        );
        assert_eq!(
            remove(text, article.blocks[3].removal_span.clone()),
            "Headline\r\n\r\nBy Jane Doe\r\n\r\nBody one.\r\n"
        );
    }

    #[test]
    fn removing_the_headline_and_the_block_under_it() {
        let text = "Headline\nBy Jane Doe\n\nBody.";
        let article = Article::parse(text);
        assert_eq!(remove(text, article.blocks[0].removal_span.clone()), "By Jane Doe\n\nBody.");
        assert_eq!(remove(text, article.blocks[1].removal_span.clone()), "Headline\nBody.");
    }

    #[test]
    fn removing_several_blocks_at_once() {
        let text = "Headline\n\nFirst.\n\nSecond.\n\nThird.\n\nFourth.\n";
        let article = Article::parse(text);
        let apply = |spans: Vec<Span>| {
            let mut out = text.to_string();
            for span in spans.into_iter().rev() {
                out.replace_range(span, "");
            }
            out
        };
        // The last two blocks: their own removal spans overlap, the combined one does not.
        let (a, b) = (&article.blocks[3].removal_span, &article.blocks[4].removal_span);
        assert!(a.end > b.start);
        assert_eq!(apply(article.removal_spans(&[4, 3])), "Headline\n\nFirst.\n\nSecond.\n");
        assert_eq!(apply(article.removal_spans(&[1, 3, 99])), "Headline\n\nSecond.\n\nFourth.\n");
        assert_eq!(apply(article.removal_spans(&[2, 4])), "Headline\n\nFirst.\n\nThird.\n");
        assert_eq!(apply(article.removal_spans(&[0, 1, 2, 3, 4])), "\n");
        assert!(article.removal_spans(&[]).is_empty());
    }

    use crate::analysis::testing::Lcg;

    const PIECES: &[&str] = &[
        "\n",
        "\n",
        "\r\n",
        "\r",
        " ",
        " ",
        "\t",
        "U.S.",
        ".",
        ".",
        "\"",
        "é",
        "😀",
        "-",
        " — ",
        "Mr.",
        "The",
        "the",
        "word",
        "By",
        "Jane",
        "Doe",
        "MOSCOW",
        "(AP)",
        ",",
        "?",
        "!",
        "…",
        "’",
        "'",
        "3.5",
        "1,200",
        "Related news",
        "Share this",
        "\u{FEFF}",
        "\u{301}",
        "April",
        "17",
        "2017",
        "•",
        "|",
        "a.m.",
        "NATO",
        "(",
        ")",
        "\u{3000}",
        "e\u{301}.",
    ];

    fn check_span(text: &str, span: &Span, what: &str) {
        assert!(span.start <= span.end && span.end <= text.len(), "{what} {span:?} in {text:?}");
        assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end), "{what} {span:?} in {text:?}");
    }

    fn check_trimmed(text: &str, span: &Span, what: &str) {
        let s = &text[span.clone()];
        assert!(!s.is_empty(), "{what} empty in {text:?}");
        assert_eq!(s.trim(), s, "{what} not trimmed in {text:?}");
    }

    fn check_article(text: &str) {
        let article = Article::parse(text);
        let mut last_end = 0;
        for (i, block) in article.blocks.iter().enumerate() {
            check_span(text, &block.span, "span");
            check_trimmed(text, &block.span, "span");
            assert!(block.span.start >= last_end, "blocks overlap in {text:?}");
            last_end = block.span.end;
            check_span(text, &block.text_span, "text_span");
            assert!(block.text_span.start >= block.span.start && block.text_span.end == block.span.end);
            if let Some(d) = &block.dateline {
                check_span(text, d, "dateline");
                assert!(d.start == block.span.start && d.end <= block.text_span.start);
            }
            let mut sentence_end = block.text_span.start;
            for s in &block.sentences {
                check_span(text, s, "sentence");
                check_trimmed(text, s, "sentence");
                assert!(s.start >= sentence_end && s.end <= block.text_span.end, "{text:?}");
                sentence_end = s.end;
            }
            for w in words(text, block.span.clone()) {
                check_span(text, &w, "word");
                assert!(w.start >= block.span.start && w.end <= block.span.end && w.start < w.end);
            }
            let r = &block.removal_span;
            check_span(text, r, "removal");
            assert!(r.start <= block.span.start && r.end >= block.span.end);
            for (j, other) in article.blocks.iter().enumerate() {
                if j != i {
                    assert!(other.span.end <= r.start || other.span.start >= r.end, "{text:?}");
                }
            }
            // Deleting the removal span leaves exactly the other blocks. Removing the headline
            // makes the first line of the next block the new headline, which may split that
            // block in two, so there only the text (without whitespace) is compared.
            let rest = remove(text, r.clone());
            let mut expected = block_texts(text);
            expected.remove(i);
            let got = block_texts(&rest);
            if i == 0 {
                let squash = |v: &[&str]| -> String {
                    v.concat().chars().filter(|&c| !c.is_whitespace() && c != '\u{FEFF}').collect()
                };
                assert_eq!(squash(&got), squash(&expected), "removing the headline of {text:?}");
            } else {
                assert_eq!(got, expected, "removing block {i} of {text:?}");
            }
        }
    }

    /// Removing any set of blocks with `removal_spans` leaves exactly the other blocks.
    fn check_removal_of_sets(text: &str, rng: &mut Lcg) {
        let article = Article::parse(text);
        let n = article.blocks.len();
        if n == 0 {
            return;
        }
        let chosen: Vec<usize> = (0..n).filter(|_| rng.next() & 1 == 0).collect();
        let spans = article.removal_spans(&chosen);
        let mut rest = String::new();
        let mut at = 0;
        for span in &spans {
            check_span(text, span, "removal set");
            assert!(span.start >= at, "removal spans overlap in {text:?}");
            rest.push_str(&text[at..span.start]);
            at = span.end;
        }
        rest.push_str(&text[at..]);
        let texts = block_texts(text);
        let expected: Vec<&str> = (0..n).filter(|i| !chosen.contains(i)).map(|i| texts[i]).collect();
        let got = block_texts(&rest);
        if chosen.first() == Some(&0) {
            let squash = |v: &[&str]| -> String {
                v.concat().chars().filter(|&c| !c.is_whitespace() && c != '\u{FEFF}').collect()
            };
            assert_eq!(squash(&got), squash(&expected), "removing {chosen:?} of {text:?}");
        } else {
            assert_eq!(got, expected, "removing {chosen:?} of {text:?}");
        }
    }

    /// Parsing an edited text with where it changed gives what parsing it from scratch gives,
    /// for edits anywhere: in the headline, in blank lines, across blocks, in lists of links and
    /// in the first four blocks, with every kind of line break.
    #[test]
    fn parse_after_an_edit_equals_parse() {
        let mut rng = Lcg(0xed17_5eed);
        let (mut edited, mut total) = (0, 0);
        for _ in 0..400 {
            let mut text = String::new();
            for _ in 0..rng.next() % 60 {
                text.push_str(PIECES[rng.next() % PIECES.len()]);
            }
            let mut previous = (text.clone(), Article::parse_reusing(&text, None));
            for _ in 0..12 {
                let boundaries: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
                let at = boundaries[rng.next() % boundaries.len()];
                let end =
                    boundaries[(boundaries.partition_point(|&b| b < at) + rng.next() % 4).min(boundaries.len() - 1)];
                let mut put = String::new();
                for _ in 0..rng.next() % 3 {
                    put.push_str(PIECES[rng.next() % PIECES.len()]);
                }
                text.replace_range(at..end, &put);
                let index = std::sync::OnceLock::new();
                let (old_text, old) = &previous;
                let prev = Previous {
                    text: old_text,
                    article: &old.article,
                    index: &index,
                    changed: Some(Changed::between(old_text.as_bytes(), text.as_bytes())),
                };
                let parsed = Article::parse_reusing(&text, Some(prev));
                assert_eq!(parsed.article, Article::parse(&text), "{old_text:?} -> {text:?}");
                for (block, from) in parsed.article.blocks.iter().zip(&parsed.carried_from) {
                    if let Some(from) = from {
                        let was = &old.article.blocks[*from as usize];
                        assert_eq!(&text[block.span.clone()], &old_text[was.span.clone()]);
                    }
                }
                total += 1;
                edited += usize::from(index.get().is_none() && !old.article.blocks.is_empty());
                previous = (text.clone(), parsed);
            }
        }
        // Most edits are parsed from where they changed, without the index of the whole text.
        assert!(edited * 2 > total, "{edited} of {total}");
    }

    /// Edits whose effect runs past the lines they touch: a heading of links written, undone or
    /// moved (the short blocks after it are links or not), and blocks added or removed near
    /// the top (a date over two lines is a dateline among the first four blocks only).
    #[test]
    fn parse_after_an_edit_that_changes_later_blocks_equals_parse() {
        let links = "Head\n\nBody one is here.\n\nRelated news\n\nLink one\n\nLink two\n\nShare this\n\nLink three";
        let top = "Head\n\nA is first.\n\nB is next.\n\nC is third.\n\nMonday,\n17 Apr, 2017\n\nTail is last.";
        let edits: &[(&str, &str, &str)] = &[
            (links, "Related news", "Related newt"),
            (links, "Related news", "Related"),
            (links, "Related news\n\n", ""),
            (links, "Body one is here.", "Related news"),
            (links, "Link one", "Link one."),
            (links, "Link two", "Link two is now a sentence. And another."),
            (links, "Share this", "Related news"),
            (top, "A is first.\n\n", ""),
            (top, "B is next.\n\n", ""),
            (top, "B is next.", "B is next.\n\nC is new."),
            (top, "Head\n\n", "Head\n\nNew top.\n\n"),
            (top, "Tail is last.", "Tail\n\nis last."),
        ];
        for (text, from, to) in edits {
            let at = text.find(from).unwrap();
            let new = format!("{}{to}{}", &text[..at], &text[at + from.len()..]);
            for (old, new) in [(text.to_string(), new.clone()), (new, text.to_string())] {
                let article = Article::parse(&old);
                let index = std::sync::OnceLock::new();
                let changed = Some(Changed::between(old.as_bytes(), new.as_bytes()));
                let prev = Previous { text: &old, article: &article, index: &index, changed };
                assert_eq!(
                    Article::parse_reusing(&new, Some(prev)).article,
                    Article::parse(&new),
                    "{old:?} -> {new:?}"
                );
            }
        }
    }

    #[test]
    fn generated_inputs_never_panic_and_give_sound_spans() {
        let mut rng = Lcg(0x5eed_c0de);
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..rng.next() % 40 {
                text.push_str(PIECES[rng.next() % PIECES.len()]);
            }
            check_article(&text);
            check_removal_of_sets(&text, &mut rng);
            for _ in 0..3 {
                let (a, b) = (rng.next() % (text.len() + 3), rng.next() % (text.len() + 3));
                for w in words(&text, a..b) {
                    check_span(&text, &w, "word");
                }
                for s in split_sentences(&text, a..b) {
                    check_span(&text, &s, "sentence");
                }
            }
        }
    }

    #[test]
    fn large_inputs_parse() {
        let line = "a".repeat(1 << 20);
        let article = Article::parse(&line);
        assert_eq!(article.blocks.len(), 1);
        let dots = "a.".repeat(1 << 19);
        assert_eq!(Article::parse(&dots).blocks[0].sentences.len(), 1);
        let paragraph =
            "WASHINGTON (AP) — Mr. Smith said the U.S. economy grew 3.5 percent. \"It's a record,\" he said!\n\n";
        let text = format!("Headline\n\n{}", paragraph.repeat((1 << 20) / paragraph.len()));
        let article = Article::parse(&text);
        assert!(article.blocks.len() > 10_000);
        assert!(article.body().all(|b| b.dateline.is_some() && b.sentences.len() == 2));
    }
}
