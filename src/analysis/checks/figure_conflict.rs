//! `figure-conflict`: two mentions of one quantity in a story whose values cannot both be true,
//! such as a death toll of 80 in one paragraph and 87 in the next, or "at least 86" in
//! another outlet.
//!
//! The first thing an editor checks in a casualty story is whether the numbers agree. Every
//! figure of the headline and body is read as an interval of values and tied, where its
//! sentence says so, to what it counts and the event it belongs to. Two mentions conflict when
//! they measure the same quantity and their intervals do not overlap. Each mention in conflict
//! is flagged as a warning, in this article or in another article of the story (see `scope`),
//! with links to every mention it contradicts and a fix per conflicting value: "Change to 87 (as
//! in 001_….txt:15)", keeping the form (digits stay digits, words stay words). Hovering any
//! figure lists every mention of its quantity in the story and whether each agrees; an inlay
//! hint sums up a quantity whose mentions disagree ("deaths: 80 · at least 86 · 87 in 3
//! sources").
//!
//! Flagged, for example:
//!
//! - "a chemical weapons attack which killed 80 people" and "a nerve gas attack ... that killed
//!   87 people" in one article: 80 and 87 do not overlap.
//! - "killed 80 people" and, in another outlet, "At least 86 people were killed in the attack".
//! - "Twelve people died when the bus plunged into a ravine" and "The bus crash killed 15
//!   people"; "Hundreds of people were injured" and "The blast injured 45 people"; "Between 40
//!   and 50 people were killed in the clashes" and "The clashes killed 70 people"; "The
//!   ministry said 70 people died" in one outlet and "Rescuers said at least 87 people died" in
//!   another.
//!
//! **Figures.** Digits ("87", "1,200", "3.5 million", "$4.2 billion", "£3m", "40%", "40
//! percent"), words ("eighty-seven", "twelve", "one hundred and twenty", "a dozen", "two dozen",
//! "half a million"), vague amounts, ranges ("between 40 and 50", "40 to 50", "40-50", "two or
//! three", "1 to 2 million") and qualifiers. A number with a scale word, and a percentage, is
//! rounded to its last digit ("3.5 million" is 3.45 to 3.55 million); a plain number is exact
//! ("80" conflicts with "87"). Qualifiers: "at least", "no fewer than", "or more", "80-plus",
//! "tops", "passed" (the value or more); "more than", "over", "upwards of" (above it); "about",
//! "around", "roughly", "some", "an estimated", "or so", "80-odd" (20% either side); "nearly",
//! "almost", "just under" (up to 20% below); "up to", "as many as", "at most" (the value or
//! fewer); "fewer than", "less than", "under" (below it). Round words ("a dozen", "two dozen",
//! "a hundred", "half a million") allow 20% either side. Vague amounts allow:
//!
//! | Phrase | Values |
//! |---|---|
//! | a couple of | 2 to 4 |
//! | a few | 2 to 9 |
//! | a handful of | 2 to 10 |
//! | several | 3 to 20 |
//! | a few dozen | 24 to 99 |
//! | several dozen | 30 to 150 |
//! | dozens | 20 to 199 |
//! | scores | 40 to 999 |
//! | a few hundred | 200 to 999 |
//! | several hundred | 200 to 999 |
//! | hundreds | 100 to 1,999 |
//! | a few thousand | 2,000 to 9,999 |
//! | several thousand | 2,000 to 20,000 |
//! | thousands | 1,000 to 99,999 |
//! | tens of thousands | 10,000 to 199,999 |
//! | hundreds of thousands | 100,000 to 1,999,999 |
//! | millions | 1,000,000 to 999,999,999 |
//! | tens of millions | 10,000,000 to 199,999,999 |
//! | hundreds of millions | 100,000,000 to 1,999,999,999 |
//! | billions | 1,000,000,000 to 999,000,000,000 |
//!
//! So "scores" agrees with 80 and 87, "dozens" with 59, "hundreds" with 300. The ranges are
//! generous on purpose: "dozens" against 59 is style, "dozens" against 300 is a conflict.
//!
//! **What is counted.** Deaths ("killed 87 people", "the attack ... killed scores", "At least
//! 86 people were killed", "a death toll of 87", "the toll rose to 92", "87 dead", "87 people,
//! many of them children, were killed"), injuries, casualties ("killed or wounded"), missing,
//! missiles fired ("fired 59 Tomahawk missiles", "the 59 missiles Trump launched"), arrests,
//! evacuations, displaced people, buildings destroyed or damaged ("destroyed 143 homes",
//! "twelve villages had been almost completely destroyed"), people aboard ("a ferry carrying
//! 163 people", "91 passengers and eight crew were on board"), prisoners freed ("freed three
//! detainees", "the release of 4 prisoners"), people expelled ("expelled 10 diplomats", "the 12
//! expelled diplomats"; one named expeller is not another or an unnamed one), jobs cut ("will
//! cut 8,000 jobs", "9,000 positions will go", "lay off 8,000 employees", "8,000 layoffs", "7
//! percent of its workforce"; an announced cut counts, a possible one does not, and a cut at
//! one site is part of the whole), votes (a share of the vote is the winner's: "Zhumabekov won
//! with 52.4 percent of the vote") and money (an amount needs its holder and purpose, but a
//! company's loss, profit or revenue need not name the company again). A particular group is
//! its own quantity ("30 children", "six soldiers", "24 Palestinians" are not the death toll;
//! "police officers" are the police; hostages are not prisoners, and "13 Israeli hostages" are
//! not all the hostages), and so is a toll that counts the attacker ("23 people, including the
//! bomber").
//! Two mentions are one quantity only when nothing in their sentences tells them apart:
//!
//! - another event noun before the figure or in its clause ("the strike" is not "the attack",
//!   "the landslide" not "the quake"; clashes, violence and unrest may be a protest's or a
//!   war's; "riot police" names no riot), or another event ("a second bombing", "a similar
//!   attack", "since the Ghouta attack", "Elsewhere, ...", "In a separate incident, ...");
//! - another place, target, weekday or month ("a strike on a market" and "a strike on a
//!   hospital", "arrested on Saturday" and "on Thursday"; a month other than the datelines' is
//!   another event even beside an undated mention: "a drone attack on its airport in February
//!   wounded eight people" in a story dated November; a deadline, "by the end of June", dates
//!   nothing); a place named in one mention only
//!   ("the attack in Khan Sheikhoun") counts as the same event only if the other article names
//!   it too, and a toll broken down by place ("105 in Jajarkot and 52 in Rukum") is never the
//!   whole toll;
//! - values more than five times apart: "54 people were arrested that night" and "more than
//!   600 were detained during the curfew", or three dead in Cuba and 42 in Florida, count
//!   different things that the sentences did not tell apart; copy that contradicts itself is a
//!   digit, a source or an update apart;
//! - another year than the story's dateline, before the figure or in its clause ("after a 2013
//!   attack in Damascus killed hundreds", "since 2016, when more than 300 people died"), or a
//!   period ("320,000 people have
//!   died in six years of war", "Since the takeover, more than 700 ...", "in the past 24 hours",
//!   "last month", "so far this year");
//! - another holder ("Iran fired 12 missiles" and "Israel fired 100"); money and votes are
//!   compared only when the same named holder and purpose are given;
//! - within one article, another named source in the same or the next paragraph ("The ministry
//!   said 70 people died. Rescuers said 87."): a writer who sets two sources side by side does
//!   so on purpose. Paragraphs apart, a lead that a later paragraph contradicts is flagged
//!   whoever said it, as stitched copy and leads left behind by an update read; across outlets
//!   a different source does not matter: the different toll is what the editor needs to see.
//!
//! Deliberately not flagged: two values in one sentence ("rose from 40 to 87", "officials said
//! 20, rescuers 25"); earlier figures ("an earlier toll of 40", "up from 40", "initially
//! reported"); increments and changes ("another 12 people", "12 more", "rose by 10"; but "seven
//! were killed and another 21 wounded" counts the wounded); hypothetical figures ("could kill
//! 1,000", "87 feared dead", "threatened to evacuate 10,000", the terms of a deal: "Under the
//! agreement, Hamas is to release 50 hostages"); parts of a toll ("including 31 children",
//! "three of the dead", "31 of them", "among the dead were 31", "the hospital received 35
//! wounded", "92 bodies were recovered"); figures whose sentence does not say what they count
//! ("dozens of letters", "3 attacks", "the two leaders", "5,000 residents"). Not figures at
//! all: years, dates, times of day, ages ("a 61-year-old", "Smith, 61,", "aged 19", "died at
//! 87"), durations and compound adjectives ("a two-hour meeting", "six-year-old civil war",
//! "three days", "a 1,000-strong force"), measures ("40 km", "45 degrees"), ordinals ("the
//! eighth time", "8th"), labels ("page 12", "section 4", "Resolution 2118", "Boeing 737",
//! "Interstate 95"), phone numbers, ratios ("24/7", "9/11"), and scores or tallies ("won 3-1",
//! "voted 52 to 48", "passed the bill 68-32"). A quantity mentioned more than 400 times across
//! a story is a table, not copy, and is not compared. When two mentions might or might not be
//! the same quantity, they are not compared.

use std::cell::{OnceCell, RefCell};
use std::fmt::Write as _;
use std::hash::BuildHasher as _;
use std::sync::{Arc, Mutex, OnceLock};

use rustc_hash::FxHashMap;

use crate::analysis::checks::{Annotation, Check, CheckContext, CheckId, Info, WITHIN_FILE};
use crate::analysis::figures::{self, Figure, Form, Interval, Kind, Quantity, Unit};
use crate::analysis::workspace::Document;
use crate::analysis::{DocId, Edit, Finding, Fix, Location, Related, Span};

pub(super) const EXPLANATION: &str = "Two mentions of one quantity in the story (a death toll, the number \
injured, missiles fired, arrests, ...) whose values cannot both be true: 80 and 87, or 80 and \"at least 86\". \
Qualifiers, ranges and vague amounts (\"scores\", \"dozens\") count as the values they allow; figures tied to \
another event, place, year, period or holder (or, within one article, another named source in the same or \
the next paragraph) are a different quantity.";

/// Conflicting values named in a message before "and N more".
const MESSAGE_VALUES: usize = 3;
/// Mentions listed in a hover before "and N more".
const LISTED_MENTIONS: usize = 30;
/// A quantity mentioned more often than this across a story is a table or a data dump, not
/// copy, and is not compared. The limit also bounds the work on any input.
pub const MAX_MENTIONS: usize = 400;

pub struct FigureConflict;

impl Check for FigureConflict {
    fn id(&self) -> CheckId {
        CheckId::FigureConflict
    }

    fn run(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        let story = Story::of(cx);
        // Most figures of a long text agree with every other mention: look for one conflict
        // before listing the mentions, which only a flagged figure needs.
        let flagged: Vec<At> = (0..story.docs[0].figures.len())
            .map(|index| At { doc: 0, index })
            .filter(|&at| story.has_conflict(at))
            .collect();
        out.reserve(flagged.len());
        for here in flagged {
            let mentions = story.mentions(here);
            let mut conflicts: Vec<At> = Vec::with_capacity(mentions.len());
            conflicts.extend(mentions.iter().filter(|&&(at, agrees)| at != here && !agrees).map(|&(at, _)| at));
            debug_assert!(!conflicts.is_empty(), "has_conflict found one");
            out.push(story.finding_or_kept(here, &conflicts, &mentions));
        }
        story.keep();
    }

    fn info(&self, cx: &CheckContext<'_>, offset: usize) -> Option<Info> {
        let doc = cx.workspace.get(cx.doc)?;
        let placed = placed(doc).find(|placed| {
            let span = placed.span();
            span.start <= offset && offset <= span.end
        })?;
        let (figure, span) = (placed.figure, placed.span());
        let wording = wording(&doc.text[span.clone()]);
        let markdown = match (&figure.quantity, figure.note) {
            (None, _) => format!(
                "**Figure** `{wording}` ({}). Its sentence does not say what it counts (deaths, injuries, \
                 missiles fired, ...), so `figure-conflict` does not compare it.",
                figure.interval
            ),
            (Some(quantity), Some(note)) => format!(
                "**{}** `{wording}` ({}): {note}, not compared with the other mentions.",
                label(quantity),
                figure.interval
            ),
            (Some(_), None) => {
                let story = Story::of(cx);
                let index = story.docs[0]
                    .figures
                    .iter()
                    .position(|p| std::ptr::eq(p.figure, figure) && p.base == placed.base)?;
                let here = At { doc: 0, index };
                let mentions = story.mentions(here);
                // A figure in conflict has its diagnostic, whose hover lists the same mentions.
                if mentions.iter().any(|&(_, agrees)| !agrees) {
                    return None;
                }
                format!("**figure-conflict** (copydesk)\n\n{}", story.mention_list(here, &mentions))
            }
        };
        Some(Info { span, markdown })
    }

    fn annotations(&self, cx: &CheckContext<'_>, out: &mut Vec<Annotation>) {
        let story = Story::of(cx);
        let mut shown: Vec<At> = Vec::new();
        for index in 0..story.docs[0].figures.len() {
            let here = At { doc: 0, index };
            if shown.iter().any(|&s| story.same(s, here)) {
                continue;
            }
            let mentions = story.mentions(here);
            // Some two mentions disagree exactly when the one that ends lowest and the one that
            // starts highest do not overlap (intervals on a line).
            let interval = |at: &At| story.figure(*at).interval;
            let lowest_end = mentions.iter().map(|(at, _)| at).min_by(|a, b| {
                let (a, b) = (interval(a), interval(b));
                a.hi.total_cmp(&b.hi).then(b.hi_open.cmp(&a.hi_open))
            });
            let highest_start = mentions.iter().map(|(at, _)| at).max_by(|a, b| {
                let (a, b) = (interval(a), interval(b));
                a.lo.total_cmp(&b.lo).then(a.lo_open.cmp(&b.lo_open))
            });
            let disagree = match (lowest_end, highest_start) {
                (Some(a), Some(b)) => !interval(a).overlaps(&interval(b)),
                _ => false,
            };
            if !disagree {
                continue;
            }
            shown.push(here);
            out.push(story.annotation(here, &mentions));
        }
    }
}

/// The figures of a document in text order, where it keeps them (see [`Placed`]).
fn placed(doc: &Document) -> impl Iterator<Item = Placed<'_>> {
    let blocks = doc.article.blocks.iter().zip(doc.figure_blocks()).enumerate();
    blocks.filter_map(|(b, (block, of_block))| Some((b, block.span.start, of_block.as_ref()?))).flat_map(
        |(b, base, of_block)| {
            of_block.iter().enumerate().map(move |(in_block, figure)| Placed {
                figure,
                base,
                block_index: b,
                block: of_block,
                in_block,
            })
        },
    )
}

/// A comparable figure of the story: index into `Story::docs`, then into that document's
/// comparable figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct At {
    doc: usize,
    index: usize,
}

/// A figure where its document keeps it: in the figures of its block, with offsets from the
/// start of the block (see `Document::figure_blocks`). Read in place, not copied with offsets
/// into the whole text, which for a long article would copy thousands of figures at every
/// keystroke; [`Story::span`] and [`Story::sentence`] give the offsets in the text.
#[derive(Clone, Copy)]
struct Placed<'a> {
    figure: &'a Figure,
    /// Where the figure's block starts in the text.
    base: usize,
    /// The index of the figure's block among the article's blocks.
    block_index: usize,
    /// The block's figures, which are shared by the versions of a text that leave the block
    /// unchanged, and the figure's index among them: what [`Kept`] knows it by.
    block: &'a Arc<Vec<Figure>>,
    in_block: usize,
}

impl Placed<'_> {
    /// The figure's span in its text.
    fn span(&self) -> Span {
        shifted(&self.figure.span, self.base)
    }
}

struct StoryDoc<'a> {
    id: DocId,
    doc: &'a Document,
    /// The comparable figures of the document, in text order: the others take no part.
    figures: Vec<Placed<'a>>,
    /// The position of the document among those of the story when mentions are listed: this
    /// document first, then the others by name.
    rank: usize,
    /// What messages say about each figure, made (or taken from [`Kept`]) when a message first
    /// names it.
    texts: Vec<OnceCell<Arc<Texts>>>,
    /// The position of the document's name in `Kept::names`, if the last check kept texts of it.
    kept: Option<usize>,
    /// Which figures of which blocks are `figures`, for the next check.
    comparable: Arc<Comparable>,
}

/// The comparable figures of one version of a document (its `serial`): for each block `b`, the
/// indices of its comparable figures among the block's figures, at
/// `indices[starts[b]..starts[b + 1]]`. Finding them reads every figure of the text, and most
/// are not comparable; the next version takes over the blocks an edit left unchanged
/// (`Document::carried_from`), so that a keystroke reads the figures of the block it touched.
struct Comparable {
    serial: u64,
    starts: Vec<u32>,
    indices: Vec<u32>,
}

impl Comparable {
    /// The comparable figures of `doc`, from those of `before` (what a check kept) where they
    /// are of this version or of the one it was made from.
    fn of(doc: &Document, before: Option<&Arc<Comparable>>) -> Arc<Comparable> {
        if let Some(before) = before.filter(|before| before.serial == doc.serial) {
            return before.clone();
        }
        let before = before.filter(|before| Some(before.serial) == doc.previous_serial);
        let blocks = doc.figure_blocks();
        let mut starts = Vec::with_capacity(blocks.len() + 1);
        let mut indices = Vec::new();
        for (b, of_block) in blocks.iter().enumerate() {
            starts.push(indices.len() as u32);
            let from = doc.carried_from.get(b).copied().flatten();
            if let Some(carried) = before.zip(from).and_then(|(before, from)| before.try_block(from as usize)) {
                indices.extend_from_slice(carried);
                continue;
            }
            let figures = of_block.iter().flat_map(|figures| figures.iter().enumerate());
            indices.extend(figures.filter(|(_, figure)| figure.comparable()).map(|(i, _)| i as u32));
        }
        starts.push(indices.len() as u32);
        Arc::new(Comparable { serial: doc.serial, starts, indices })
    }

    /// The indices of the comparable figures of block `b`.
    fn block(&self, b: usize) -> &[u32] {
        self.try_block(b).unwrap_or_default()
    }

    fn try_block(&self, b: usize) -> Option<&[u32]> {
        let (start, end) = (*self.starts.get(b)?, *self.starts.get(b + 1)?);
        self.indices.get(start as usize..end as usize)
    }
}

/// What messages say about one figure: a figure of a disputed quantity is named in the message,
/// related information, fixes and list of mentions of every other mention of the quantity, so
/// its texts are made once per check, not once per message.
struct Texts {
    /// As written (see [`wording`]): "at least 86".
    wording: String,
    line: usize,
    /// "004.txt:21".
    full_place: String,
    /// Its related information on a conflicting figure: "at least 86 (86 or more) in 004.txt:21".
    related: Arc<str>,
    /// Its item in a list of mentions, up to the mark: "\n- `004.txt:21` **at least 86** (86 or
    /// more) — ".
    item: String,
    /// The rest of that item: a line break and the excerpt.
    excerpt: String,
    /// Its wording in each style of fix, by `Form as usize * 2 + capital` (see
    /// [`Story::reword`]).
    fixes: [OnceLock<Option<Reworded>>; 6],
}

/// The wording of a figure in the style of another, for a fix to that one.
struct Reworded {
    replacement: Arc<str>,
    /// "Change to 87 (as in 004.txt:21)".
    title: Arc<str>,
    /// A hash of `replacement`: a flagged figure offers one fix per distinct wording of its
    /// conflicts, which may be dozens.
    hash: u64,
}

/// What the last checks of a few documents made, by the name of the document checked (see
/// [`Kept`]).
static KEPT: Mutex<Vec<(String, Arc<Kept>)>> = Mutex::new(Vec::new());
/// How many documents' last checks are kept: those of the articles being edited.
const KEPT_CHECKS: usize = 8;

/// How [`Kept`] knows a figure: the position of its document's name in `Kept::names`, the
/// address of its block's figures, its index among them and its line.
type KeptKey = (usize, usize, usize, usize);

/// What a check of a document made that the next check of it can take over: the texts of the
/// figures it named, and which figures of each document are comparable (see [`Comparable`]).
/// Texts depend only on the document's name, the text of the figure's block and the figure's
/// line, and an edit leaves most blocks and lines as they were, so a keystroke in a long article
/// words again only the figures of the paragraph it touched. A block that an edit leaves
/// unchanged keeps its figures, the same `Arc` (see `Document::figure_blocks`), whose address
/// then names the block's text; the `Arc`s are held here, so that no other block can take an
/// address while it is kept.
#[derive(Default)]
struct Kept {
    texts: FxHashMap<KeptKey, Arc<Texts>>,
    names: Vec<String>,
    blocks: Vec<Arc<Vec<Figure>>>,
    /// The comparable figures of each document of `names`.
    comparable: Vec<Arc<Comparable>>,
    /// The findings the check made, by the address of the [`Texts`] of their figure.
    findings: FxHashMap<usize, KeptFinding>,
}

/// A finding as the last check made it, and what it said it about: the [`Texts`] of every
/// mention of the figure's quantity, by address. A finding about the same texts says the same:
/// texts depend on the figure's block, index and line, so the same texts are the same figures
/// with the same values, which agree or not as before. Only its places move with an edit
/// before them, and the next check takes it over with its places set anew, rather than writing
/// its message and list of mentions again.
#[derive(Clone)]
struct KeptFinding {
    mentions: Arc<[usize]>,
    finding: Arc<Finding>,
}

impl Kept {
    /// What the last check of the document named `name` kept, if any.
    fn of(name: &str) -> Arc<Kept> {
        let all = KEPT.lock().unwrap_or_else(|e| e.into_inner());
        all.iter().find(|(kept_for, _)| kept_for == name).map(|(_, kept)| kept.clone()).unwrap_or_default()
    }
}

/// A comparable figure in its bucket, with its values at hand: every mention of a quantity is
/// compared with the values of every other.
#[derive(Clone, Copy)]
struct Member {
    at: At,
    interval: Interval,
}

/// What two mentions of one quantity must have in common, exactly: figures are compared only
/// within one bucket of this key.
#[derive(PartialEq, Eq, Hash)]
struct Key<'a> {
    kind: Kind,
    unit: Unit,
    counted: Option<&'a str>,
    years: Vec<u16>,
    period: Option<&'static str>,
    /// A month tied to the figure that is not the month of the story's datelines: "a drone
    /// attack on its airport in February wounded eight people" in a story dated November is
    /// another event, and is compared only with figures of that month.
    other_month: Option<&'static str>,
}

/// The figures of the document under check (first) and of its peers.
struct Story<'a> {
    docs: Vec<StoryDoc<'a>>,
    years: Vec<u16>,
    /// Comparable figures grouped by [`Key`], each group in the order mentions are listed
    /// (document rank, then text order).
    buckets: Vec<Vec<Member>>,
    /// The bucket of each figure and its position there, by document and figure.
    bucket_of: Vec<Vec<(usize, usize)>>,
    /// Whether two figures of a bucket are one quantity ([`Story::same`]), by bucket, for
    /// positions `i <= j` at `i * len + j`: 0 when not worked out yet, else 1 for no and 2 for
    /// yes. A flagged figure is compared with every other mention and each of those with it, so
    /// each pair is worked out once.
    pairs: RefCell<Vec<Vec<u8>>>,
    /// Where each (document, place) pair is named, searched as far as questions need.
    place_hits: RefCell<FxHashMap<(usize, &'a str), PlaceHits>>,
    /// What the last check of this document kept.
    kept: Arc<Kept>,
    /// The findings this check made or took over, for the next check (see [`KeptFinding`]).
    made: RefCell<Vec<(usize, KeptFinding)>>,
}

impl<'a> Story<'a> {
    fn of(cx: &CheckContext<'a>) -> Story<'a> {
        let ws = cx.workspace;
        let kept = Kept::of(&ws.doc(cx.doc).name);
        let ids = std::iter::once(cx.doc).chain(cx.peers.iter().copied());
        let (mut years, mut months) = (Vec::new(), Vec::new());
        let mut docs: Vec<StoryDoc<'a>> = ids
            .filter_map(|id| {
                let doc = ws.get(id)?;
                let dates = figures::dateline_dates(&doc.text, &doc.article);
                years.extend(dates.years);
                months.extend(dates.months);
                let kept_slot = kept.names.iter().position(|name| *name == doc.name);
                let comparable = Comparable::of(doc, kept_slot.map(|slot| &kept.comparable[slot]));
                let mut figures: Vec<Placed<'a>> = Vec::with_capacity(comparable.indices.len());
                let blocks = doc.article.blocks.iter().zip(doc.figure_blocks());
                for (b, (block, of_block)) in blocks.enumerate() {
                    let (Some(of_block), base) = (of_block, block.span.start) else { continue };
                    figures.extend(comparable.block(b).iter().map(|&in_block| {
                        let in_block = in_block as usize;
                        Placed { figure: &of_block[in_block], base, block_index: b, block: of_block, in_block }
                    }));
                }
                let texts = figures.iter().map(|_| OnceCell::new()).collect();
                Some(StoryDoc { id, doc, figures, rank: 0, texts, kept: kept_slot, comparable })
            })
            .collect();
        // Peers come in id order; mentions are listed by file name so that messages read the
        // same on every machine. Names are unique in a workspace, so the order is total.
        let mut order: Vec<usize> = (0..docs.len()).collect();
        order.sort_by_key(|&d| (d != 0, docs[d].doc.name.as_str()));
        let ranks: Vec<usize> = {
            let mut ranks = vec![0; docs.len()];
            for (rank, d) in order.into_iter().enumerate() {
                ranks[d] = rank;
            }
            ranks
        };
        for (story_doc, rank) in docs.iter_mut().zip(ranks) {
            story_doc.rank = rank;
        }
        let mut keys: FxHashMap<Key<'a>, usize> = FxHashMap::default();
        let mut buckets: Vec<Vec<Member>> = Vec::new();
        let mut bucket_of = Vec::with_capacity(docs.len());
        for (d, story_doc) in docs.iter().enumerate() {
            let mut of_doc = Vec::with_capacity(story_doc.figures.len());
            for (index, placed) in story_doc.figures.iter().enumerate() {
                let figure: &'a Figure = placed.figure;
                let bucket = figure.quantity.as_ref().map(|q| {
                    let mut other_years: Vec<u16> =
                        q.anchor.years.iter().copied().filter(|y| !years.contains(y)).collect();
                    other_years.sort_unstable();
                    other_years.dedup();
                    let key = Key {
                        kind: q.kind,
                        unit: figure.unit,
                        counted: q.counted.as_deref(),
                        years: other_years,
                        period: q.anchor.period,
                        other_month: q.anchor.when.filter(|w| figures::is_month(w) && !months.contains(w)),
                    };
                    let next = buckets.len();
                    let b = *keys.entry(key).or_insert(next);
                    if b == next {
                        buckets.push(Vec::new());
                    }
                    buckets[b].push(Member { at: At { doc: d, index }, interval: figure.interval });
                    b
                });
                of_doc.push((bucket.expect("comparable figures have a quantity"), 0));
            }
            bucket_of.push(of_doc);
        }
        for (b, bucket) in buckets.iter_mut().enumerate() {
            bucket.sort_by_key(|m| (docs[m.at.doc].rank, m.at.index));
            for (position, Member { at, .. }) in bucket.iter().enumerate() {
                bucket_of[at.doc][at.index] = (b, position);
            }
        }
        Story {
            docs,
            years,
            pairs: RefCell::new(vec![Vec::new(); buckets.len()]),
            buckets,
            bucket_of,
            place_hits: RefCell::new(FxHashMap::default()),
            kept,
            made: RefCell::new(Vec::new()),
        }
    }

    /// The figure at `at`, with offsets relative to its block: see [`Story::span`] and
    /// [`Story::sentence`] for offsets into the text.
    fn figure(&self, at: At) -> &'a Figure {
        self.docs[at.doc].figures[at.index].figure
    }

    fn text(&self, at: At) -> &'a str {
        &self.docs[at.doc].doc.text
    }

    /// The figure's span in its text.
    fn span(&self, at: At) -> Span {
        let placed = self.docs[at.doc].figures[at.index];
        shifted(&placed.figure.span, placed.base)
    }

    /// The number of the figure, in its text.
    fn number(&self, at: At) -> Span {
        let placed = self.docs[at.doc].figures[at.index];
        shifted(&placed.figure.number, placed.base)
    }

    /// The sentence of the figure, in its text.
    fn sentence(&self, at: At) -> Span {
        let placed = self.docs[at.doc].figures[at.index];
        shifted(&placed.figure.sentence, placed.base)
    }

    /// The mentions `here` is compared with: its bucket, in listing order, and its position
    /// there; `None` when its quantity is mentioned more than [`MAX_MENTIONS`] times (a table,
    /// not copy).
    fn bucket(&self, here: At) -> Option<(usize, usize, &[Member])> {
        let (b, i) = self.bucket_of[here.doc][here.index];
        (self.buckets[b].len() <= MAX_MENTIONS).then(|| (b, i, self.buckets[b].as_slice()))
    }

    /// [`Story::same`] for the figures at positions `i` and `j` of bucket `b`, worked out once
    /// per pair (the relation is symmetric).
    fn same_in_bucket(&self, b: usize, i: usize, j: usize) -> bool {
        let members = &self.buckets[b];
        let slot = i.min(j) * members.len() + i.max(j);
        let known = self.pairs.borrow()[b].get(slot).copied().unwrap_or(0);
        if known != 0 {
            return known == 2;
        }
        let same = self.same(members[i].at, members[j].at);
        let mut pairs = self.pairs.borrow_mut();
        let of_bucket = &mut pairs[b];
        if of_bucket.is_empty() {
            of_bucket.resize(members.len() * members.len(), 0);
        }
        of_bucket[slot] = if same { 2 } else { 1 };
        same
    }

    /// Whether two figures are mentions of one quantity. Two figures of one sentence never are:
    /// a sentence that gives two values of a toll does so on purpose.
    fn same(&self, a: At, b: At) -> bool {
        if a == b {
            return true;
        }
        let (fa, fb) = (self.figure(a), self.figure(b));
        if a.doc == b.doc && self.sentence(a) == self.sentence(b) {
            return false;
        }
        // Within one article, figures given by different named sources in one paragraph or the
        // next are set side by side on purpose ("The ministry said 70 people died. Rescuers said
        // 87."). Further apart, a toll in the lead that another paragraph contradicts is what
        // copy stitched from several sources, or a lead left behind by an update, looks like.
        if a.doc == b.doc && self.side_by_side(a, b) {
            let source = |f: &'a Figure| f.quantity.as_ref().and_then(|q| q.anchor.source.as_deref());
            if let (Some(x), Some(y)) = (source(fa), source(fb)) {
                if x != y {
                    return false;
                }
            }
        }
        if !figures::same_quantity(fa, fb, &self.years) {
            return false;
        }
        // A place named in one mention only ("the attack in Khan Sheikhoun", "killed 80 people
        // in Idlib"): the same event only if the other article names that place too,
        // elsewhere. A sarin attack in Ghouta is not the attack of a story that never mentions
        // Ghouta.
        match (places(fa).next().is_some(), places(fb).next().is_some()) {
            (true, false) => self.names_place(b, a),
            (false, true) => self.names_place(a, b),
            _ => true,
        }
    }

    /// Whether two figures of one document stand in one paragraph or in neighbouring ones. An
    /// edit can change that only by changing one of the two paragraphs or the lines between
    /// them, which [`Kept`] keys its texts by, so kept findings stay true.
    fn side_by_side(&self, a: At, b: At) -> bool {
        let block = |at: At| self.docs[at.doc].figures[at.index].block_index;
        block(a).abs_diff(block(b)) <= 1
    }

    /// Whether the article of `without` names a place of the event of `with`, outside the
    /// sentence of `with`. Names are looked for in the text in ASCII lower case, the case of
    /// places.
    fn names_place(&self, without: At, with: At) -> bool {
        let skip = (without.doc == with.doc).then(|| self.sentence(with));
        let text = &self.docs[without.doc].doc.text;
        let mut cache = self.place_hits.borrow_mut();
        places(self.figure(with))
            .any(|place| cache.entry((without.doc, place)).or_default().any_outside(text, place, skip.as_ref()))
    }

    /// Whether some other mention of the quantity of `here` disagrees with it, as
    /// [`Story::mentions`] would tell, asking whether two figures are one quantity only of those
    /// whose values do not overlap.
    fn has_conflict(&self, here: At) -> bool {
        let Some((b, i, members)) = self.bucket(here) else { return false };
        let interval = members[i].interval;
        (members.iter().enumerate())
            .any(|(j, other)| j != i && !interval.overlaps(&other.interval) && self.same_in_bucket(b, i, j))
    }

    /// Every mention of the quantity of `here` in the story, `here` included, with whether it
    /// agrees with `here`; in text order, this document first, then the others by file name. A
    /// quantity mentioned more than [`MAX_MENTIONS`] times is a table, not copy: it is not
    /// compared.
    fn mentions(&self, here: At) -> Vec<(At, bool)> {
        let Some((b, i, members)) = self.bucket(here) else {
            let interval = self.figure(here).interval;
            return vec![(here, interval.overlaps(&interval))];
        };
        let this = members[i].interval;
        // Buckets are in listing order already (see `Story::of`).
        let mut mentions = Vec::with_capacity(members.len());
        mentions.extend(
            (members.iter().enumerate())
                .filter(|&(j, _)| self.same_in_bucket(b, i, j))
                .map(|(_, other)| (other.at, this.overlaps(&other.interval))),
        );
        mentions
    }

    fn line(&self, at: At) -> usize {
        self.docs[at.doc].doc.line_of(self.span(at).start)
    }

    /// "line 15" in this document, "004_….txt:21" in another, after `out`.
    fn place(&self, at: At, out: &mut String) {
        let texts = self.texts(at);
        if at.doc == 0 {
            let _ = write!(out, "line {}", texts.line);
        } else {
            out.push_str(&texts.full_place);
        }
    }

    /// What messages say about the figure at `at`, made the first time one asks unless the last
    /// check kept it.
    fn texts(&self, at: At) -> &Texts {
        self.docs[at.doc].texts[at.index].get_or_init(|| {
            let line = self.line(at);
            let key = self.docs[at.doc].kept.map(|slot| self.kept_key(slot, at, line));
            if let Some(kept) = key.and_then(|key| self.kept.texts.get(&key)) {
                return kept.clone();
            }
            let wording = wording(&self.text(at)[self.span(at)]);
            let full_place = format!("{}:{line}", self.docs[at.doc].doc.file_name());
            let interval = self.figure(at).interval.to_string();
            let mut excerpt = String::from("  \n  ");
            self.excerpt(at, &mut excerpt);
            Arc::new(Texts {
                related: format!("{wording} ({interval}) in {full_place}").into(),
                item: format!("\n- `{full_place}` **{wording}** ({interval}) — "),
                excerpt,
                wording,
                line,
                full_place,
                fixes: Default::default(),
            })
        })
    }

    /// How [`Kept`] knows the figure at `at`, on `line`, of the document at `slot` of its names.
    fn kept_key(&self, slot: usize, at: At, line: usize) -> KeptKey {
        let placed = &self.docs[at.doc].figures[at.index];
        (slot, Arc::as_ptr(placed.block) as usize, placed.in_block, line)
    }

    /// Keeps the texts this check made or took over for the next check of this document, in
    /// place of what the last one kept.
    fn keep(&self) {
        let mut kept = Kept::default();
        for story_doc in &self.docs {
            let slot = kept.names.len();
            kept.names.push(story_doc.doc.name.clone());
            kept.comparable.push(story_doc.comparable.clone());
            for (placed, texts) in story_doc.figures.iter().zip(&story_doc.texts) {
                let Some(texts) = texts.get() else { continue };
                let block = Arc::as_ptr(placed.block) as usize;
                if kept.blocks.last().is_none_or(|last| Arc::as_ptr(last) as usize != block) {
                    kept.blocks.push(placed.block.clone());
                }
                kept.texts.insert((slot, block, placed.in_block, texts.line), texts.clone());
            }
        }
        kept.findings = self.made.take().into_iter().collect();
        let name = self.docs[0].doc.name.clone();
        let mut all = KEPT.lock().unwrap_or_else(|e| e.into_inner());
        let before = all.iter().position(|(kept_for, _)| *kept_for == name).map(|i| all.remove(i));
        all.insert(0, (name, Arc::new(kept)));
        let keep = all.len().min(KEPT_CHECKS);
        let evicted = all.split_off(keep);
        drop(all);
        // The texts nobody takes over go now, outside the lock.
        drop((before, evicted));
    }

    /// The finding on the figure at `here`: the one the last check made when it is about the
    /// same [`Texts`] (see [`KeptFinding`]), with its places set anew, else made afresh.
    fn finding_or_kept(&self, here: At, conflicts: &[At], mentions: &[(At, bool)]) -> Finding {
        let address = |at: At| self.texts(at) as *const Texts as usize;
        let key = address(here);
        let same = |kept: &&KeptFinding| {
            kept.mentions.len() == mentions.len()
                && kept.mentions.iter().zip(mentions).all(|(&was, &(at, _))| was == address(at))
        };
        let (finding, kept) = match self.kept.findings.get(&key).filter(same) {
            Some(kept) => {
                let mut finding = Finding::clone(&kept.finding);
                let (doc, span) = (self.docs[0].id, self.span(here));
                for (related, &at) in finding.related.iter_mut().zip(conflicts) {
                    related.location = Location { doc: self.docs[at.doc].id, span: self.span(at) };
                }
                for edit in finding.fixes.iter_mut().flat_map(|fix| fix.edits.iter_mut()) {
                    (edit.doc, edit.span) = (doc, span.clone());
                }
                finding.doc = doc;
                finding.span = span;
                (finding, kept.clone())
            }
            None => {
                let finding = self.finding(here, conflicts, mentions);
                let mentions = mentions.iter().map(|&(at, _)| address(at)).collect();
                (finding.clone(), KeptFinding { mentions, finding: Arc::new(finding) })
            }
        };
        self.made.borrow_mut().push((key, kept));
        finding
    }

    fn finding(&self, here: At, conflicts: &[At], mentions: &[(At, bool)]) -> Finding {
        let figure = self.figure(here);
        let span = self.span(here);
        let quantity = figure.quantity.as_ref().expect("comparable figures have a quantity");
        // "Death toll 80 conflicts with 87 (line 5), more than 80 (000.txt:3) and at least 86
        // (004.txt:3)", or "..., 86 (004.txt:3), and 2 more": written in place, as a flagged
        // figure of a long text may be one of hundreds.
        let mut message = String::with_capacity(160);
        message.push_str(&label(quantity));
        message.push(' ');
        message.push_str(&self.texts(here).wording);
        message.push_str(" conflicts with ");
        let named = conflicts.len().min(MESSAGE_VALUES);
        for (k, &at) in conflicts[..named].iter().enumerate() {
            if k > 0 {
                let last = k + 1 == named && conflicts.len() <= MESSAGE_VALUES;
                message.push_str(if last { " and " } else { ", " });
            }
            let texts = self.texts(at);
            message.push_str(&texts.wording);
            message.push_str(" (");
            self.place(at, &mut message);
            message.push(')');
        }
        if conflicts.len() > MESSAGE_VALUES {
            let _ = write!(message, ", and {} more", conflicts.len() - MESSAGE_VALUES);
        }

        let related = conflicts
            .iter()
            .map(|&at| Related {
                location: Location { doc: self.docs[at.doc].id, span: self.span(at) },
                message: self.texts(at).related.clone(),
            })
            .collect();

        let mut fixes: Vec<Fix> = Vec::with_capacity(conflicts.len());
        if let Some(style) = self.fix_style(here) {
            // One fix per distinct wording, in the order of the conflicts.
            let mut offered: Vec<&Reworded> = Vec::with_capacity(conflicts.len());
            for &at in conflicts {
                let Some(fix) = self.reword(at, style) else { continue };
                if offered.iter().any(|o| o.hash == fix.hash && o.replacement == fix.replacement) {
                    continue;
                }
                offered.push(fix);
                fixes.push(Fix {
                    title: fix.title.clone(),
                    edits: vec![Edit {
                        doc: self.docs[0].id,
                        span: span.clone(),
                        replacement: fix.replacement.clone(),
                    }],
                });
            }
        }

        Finding {
            check: CheckId::FigureConflict,
            doc: self.docs[0].id,
            span,
            severity: WITHIN_FILE,
            message,
            evidence: self.mention_list(here, mentions).into(),
            related,
            fixes,
        }
    }

    /// How a fix to `here` writes a value: in the form of `here` (digits stay digits, words stay
    /// words), and whether with a capital. `None` when a verb qualifies `here` ("the toll tops
    /// 1,000"): it would not survive the edit.
    fn fix_style(&self, here: At) -> Option<(Form, bool)> {
        let this = self.figure(here);
        let (text, span) = (self.text(here), self.span(here));
        if figures::is_verb_qualifier(&text[span.start..self.number(here).start]) {
            return None;
        }
        let capital = span.start == self.sentence(here).start
            || text[span].starts_with(char::is_uppercase) && this.form != Form::Digits;
        Some((this.form, capital))
    }

    /// The wording of `other` in `style` (see [`Story::fix_style`]), and the title of a fix to
    /// it. Vague amounts take the other wording as it is. `None` when the form cannot be kept.
    fn reword(&self, other: At, style: (Form, bool)) -> Option<&Reworded> {
        let (form, capital) = style;
        let slot = form as usize * 2 + usize::from(capital);
        let done = self.texts(other).fixes[slot].get_or_init(|| {
            let that = self.figure(other);
            let (that_text, that_span, that_number) = (self.text(other), self.span(other), self.number(other));
            let written = &that_text[that_span.start..that_number.start];
            let qualifier = if figures::is_verb_qualifier(written) {
                that.qualifier.phrase().to_string()
            } else {
                squeeze(written.trim())
            };
            let post = squeeze(that_text[that_number.end..that_span.end].trim());
            let number = if form == that.form || form == Form::Vague {
                squeeze(&that_text[that_number.clone()])
            } else {
                let value = that.integer?;
                match form {
                    Form::Digits => figures::format_integer(value),
                    Form::Words => figures::number_words(value)?,
                    Form::Vague => unreachable!("handled above"),
                }
            };
            let mut joined = String::with_capacity(qualifier.len() + number.len() + post.len() + 2);
            for part in [&qualifier, &number, &post].into_iter().filter(|part| !part.is_empty()) {
                if !joined.is_empty() {
                    joined.push(' ');
                }
                joined.push_str(part);
            }
            let reworded = wording(&joined);
            let reworded = if capital { capitalize(&reworded) } else { reworded };
            let title = format!("Change to {reworded} (as in {})", self.texts(other).full_place);
            let hash = rustc_hash::FxBuildHasher.hash_one(reworded.as_str());
            Some(Reworded { replacement: reworded.into(), title: title.into(), hash })
        });
        done.as_ref()
    }

    /// Every mention of the quantity of `here` (its [`Story::mentions`]), as a Markdown list.
    fn mention_list(&self, here: At, mentions: &[(At, bool)]) -> String {
        let figure = self.figure(here);
        let Some(quantity) = &figure.quantity else { return String::new() };
        // Mentions come by document.
        let articles = mentions.chunk_by(|(a, _), (b, _)| a.doc == b.doc).count();
        let header = format!(
            "**{}**: {} {} in {} {} of the story\n",
            label(quantity),
            mentions.len(),
            if mentions.len() == 1 { "mention" } else { "mentions" },
            articles,
            if articles == 1 { "article" } else { "articles" },
        );
        // Made in one piece: a list of a disputed toll runs to kilobytes.
        let listed = &mentions[..mentions.len().min(LISTED_MENTIONS)];
        let items: usize = listed
            .iter()
            .map(|&(at, _)| self.texts(at))
            .map(|texts| texts.item.len() + "✗ conflicts".len() + texts.excerpt.len())
            .sum();
        let mut out = String::with_capacity(header.len() + items + 32);
        out.push_str(&header);
        for &(at, agrees) in listed {
            let mark = if at == here {
                "this mention"
            } else if agrees {
                "✓ agrees"
            } else {
                "✗ conflicts"
            };
            let texts = self.texts(at);
            out.push_str(&texts.item);
            out.push_str(mark);
            out.push_str(&texts.excerpt);
        }
        if mentions.len() > LISTED_MENTIONS {
            let _ = write!(out, "\n- and {} more", mentions.len() - LISTED_MENTIONS);
        }
        out.push('\n');
        out
    }

    fn annotation(&self, here: At, mentions: &[(At, bool)]) -> Annotation {
        let quantity = self.figure(here).quantity.as_ref().expect("comparable figures have a quantity");
        let mut values: Vec<(f64, f64, &str)> = Vec::new();
        for &(at, _) in mentions {
            let interval = self.figure(at).interval;
            let wording = self.texts(at).wording.as_str();
            if !values.iter().any(|(_, _, w)| w.eq_ignore_ascii_case(wording)) {
                values.push((interval.lo, interval.hi, wording));
            }
        }
        values.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
        let mut docs: Vec<usize> = mentions.iter().map(|(at, _)| at.doc).collect();
        docs.sort_unstable();
        docs.dedup();
        let what = match &quantity.counted {
            Some(noun) => format!("{} ({noun})", quantity.kind.short()),
            None => quantity.kind.short().to_string(),
        };
        let list: Vec<&str> = values.iter().map(|(_, _, w)| *w).collect();
        Annotation {
            span: self.span(here),
            label: format!(
                "{what}: {} in {} {}",
                list.join(" · "),
                docs.len(),
                if docs.len() == 1 { "source" } else { "sources" }
            ),
            tooltip: Some(self.mention_list(here, mentions)),
        }
    }

    /// A few words either side of a figure, the figure in bold, after `out`.
    fn excerpt(&self, at: At, out: &mut String) {
        let (span, sentence) = (self.span(at), self.sentence(at));
        let text = self.text(at);
        let mut start = span.start.saturating_sub(40).max(sentence.start);
        while !text.is_char_boundary(start) {
            start += 1;
        }
        let mut end = (span.end + 40).min(sentence.end);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        // Whole words only.
        if start > sentence.start {
            start = text[start..span.start].find(' ').map_or(span.start, |i| start + i + 1);
        }
        if end < sentence.end {
            end = text[span.end..end].rfind(' ').map_or(span.end, |i| span.end + i);
        }
        out.reserve(end - start + 16);
        out.push('“');
        if start > sentence.start {
            out.push('…');
        }
        squeeze_into(out, &text[start..span.start]);
        out.push_str("**");
        squeeze_into(out, &text[span.clone()]);
        out.push_str("**");
        squeeze_into(out, &text[span.end..end]);
        if end < sentence.end {
            out.push('…');
        }
        out.push('”');
    }
}

/// Where a document names one place (match starts, as `str::match_indices` gives them in the
/// text in ASCII lower case), found only as far as questions need: a place is usually named
/// early in a text, and then most questions end at the first hit instead of reading a whole
/// long article at every keystroke.
#[derive(Default)]
struct PlaceHits {
    found: Vec<usize>,
    /// Where the search goes on.
    next: usize,
    done: bool,
}

impl PlaceHits {
    /// Whether `place` is named in `text` at an offset outside `skip`.
    fn any_outside(&mut self, text: &str, place: &str, skip: Option<&Span>) -> bool {
        let outside = |i: usize| skip.is_none_or(|s| i < s.start || i >= s.end);
        // The empty string is found at every character boundary, the end of the text included,
        // which no sentence contains.
        if place.is_empty() || self.found.iter().any(|&i| outside(i)) {
            return true;
        }
        while !self.done {
            match find_lower(text.as_bytes(), place.as_bytes(), self.next) {
                Some(i) => {
                    self.found.push(i);
                    self.next = i + place.len();
                    if outside(i) {
                        return true;
                    }
                }
                None => self.done = true,
            }
        }
        false
    }
}

/// Where `needle` next starts in `text` at or after `from`, comparing the text in ASCII lower
/// case: what searching `text.to_ascii_lowercase()` would find, without lowering a whole text.
/// Candidates come from the needle's rarest byte (see [`commonness`]).
fn find_lower(text: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    // Text in lower case holds no capital ASCII letter.
    if needle.iter().any(u8::is_ascii_uppercase) {
        return None;
    }
    let (pick, &byte) = needle.iter().enumerate().min_by_key(|&(_, &b)| commonness(b))?;
    let mut at = from.checked_add(pick)?;
    loop {
        let rest = text.get(at..)?;
        let hit = if byte.is_ascii_lowercase() {
            memchr::memchr2(byte, byte.to_ascii_uppercase(), rest)
        } else {
            memchr::memchr(byte, rest)
        };
        let start = at + hit? - pick;
        let candidate = text.get(start..start + needle.len())?;
        if candidate.iter().zip(needle).all(|(t, n)| t.to_ascii_lowercase() == *n) {
            return Some(start);
        }
        at = start + pick + 1;
    }
}

/// How common a byte is in English copy, roughly (higher is more common): others, such as
/// those of accented letters, are taken to be rare.
fn commonness(byte: u8) -> usize {
    const BY_FREQUENCY: &[u8] = b" etaoinsrhldcumfpgwyb.,vk'-xjqz";
    BY_FREQUENCY.iter().position(|&b| b == byte).map_or(0, |i| BY_FREQUENCY.len() - i)
}

/// `span` moved `by` bytes forward: from its block to its text.
fn shifted(span: &Span, by: usize) -> Span {
    span.start + by..span.end + by
}

/// Named places of a figure: those of its event and where it happened.
fn places(figure: &Figure) -> impl Iterator<Item = &str> {
    let anchor = figure.quantity.as_ref().map(|q| &q.anchor);
    let named = anchor.into_iter().flat_map(|a| a.places.iter().chain(&a.located));
    named.map(|p| &**p)
}

/// Runs of whitespace (line breaks included) as one space.
fn squeeze(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    squeeze_into(&mut out, s);
    out
}

/// [`squeeze`] after `out`.
fn squeeze_into(out: &mut String, s: &str) {
    let mut space = false;
    for c in s.chars() {
        if !c.is_whitespace() {
            out.push(c);
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
}

/// "Death toll", "Death toll (child)".
fn label(quantity: &Quantity) -> String {
    let kind: Kind = quantity.kind;
    match &quantity.counted {
        Some(noun) => format!("{} ({noun})", kind.label()),
        None => kind.label().to_string(),
    }
}

/// A figure's text on one line, with a capital that only opens the sentence dropped: "At least
/// 86" gives "at least 86"; "US$4" stays.
fn wording(raw: &str) -> String {
    let mut one_line = String::with_capacity(raw.len());
    for word in raw.split_whitespace() {
        if !one_line.is_empty() {
            one_line.push(' ');
        }
        one_line.push_str(word);
    }
    let mut chars = one_line.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && !second.is_uppercase() => {
            first.to_lowercase().chain(one_line[first.len_utf8()..].chars()).collect()
        }
        _ => one_line,
    }
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::checks::{Annotation, Info};
    use crate::analysis::{CheckId, Finding, Severity, Workspace};
    use crate::config::Config;

    fn findings(ws: &Workspace, name: &str) -> Vec<Finding> {
        let id = ws.id(name).unwrap();
        ws.check(id, &Config::default()).into_iter().filter(|f| f.check == CheckId::FigureConflict).collect()
    }

    /// A story of articles, each given as its body paragraphs.
    fn story(articles: &[(&str, &str)]) -> Workspace {
        let mut ws = Workspace::new();
        for (name, body) in articles {
            ws.set(&format!("story/{name}"), format!("Toll rises in Syria attack\n\n{body}\n"));
        }
        ws
    }

    /// Flagged figures of `b.txt` when `a` and `b` are two articles of one story, with messages.
    fn across(a: &str, b: &str) -> Vec<(String, String)> {
        let ws = story(&[("a.txt", a), ("b.txt", b)]);
        let text = ws.doc(ws.id("story/b.txt").unwrap()).text.clone();
        findings(&ws, "story/b.txt").into_iter().map(|f| (text[f.span.clone()].to_string(), f.message)).collect()
    }

    /// Whether two paragraphs conflict, whether in one article or in two.
    fn conflict(a: &str, b: &str) -> bool {
        let within = story(&[("a.txt", &format!("{a}\n\n{b}"))]);
        let flagged_within = findings(&within, "story/a.txt").len();
        let flagged_across = across(a, b).len();
        assert_eq!(flagged_within > 0, flagged_across > 0, "within and across disagree on {a:?} / {b:?}");
        flagged_across > 0
    }

    // -- conflicts: pairs that must be flagged -----------------------------------------------

    #[test]
    fn conflicts_beyond_tolls() {
        assert!(conflict("The company will cut 8,000 jobs.", "In all, 9,000 positions will go by the end of June."));
        assert!(conflict(
            "Norvik posted a net loss of $1.2 billion.",
            "The company reported a net loss of $2.1 billion."
        ));
        assert!(conflict(
            "Seven people were killed and another 21 wounded.",
            "The strike wounded 31 people, officials said."
        ));
        assert!(conflict("A ferry carrying 163 people capsized.", "In all, 136 people were on board."));
    }

    #[test]
    fn parts_and_other_months_are_other_quantities() {
        // A cut at one site is part of the whole.
        assert!(!conflict(
            "The company will cut thousands of jobs.",
            "It will cut about 650 jobs at its headquarters in Utrecht."
        ));
        // A month that is not the story's dates another event.
        let ws = story(&[
            ("a.txt", "Tuesday, 9 Nov, 2021\n\nThe strike on Jazan wounded 31 people."),
            ("b.txt", "A drone attack on the airport in February wounded eight people."),
        ]);
        assert!(findings(&ws, "story/b.txt").is_empty());
        let ws = story(&[
            ("a.txt", "Tuesday, 9 Nov, 2021\n\nThe strike on Jazan wounded 31 people."),
            ("b.txt", "The strike on Jazan in November wounded 38 people."),
        ]);
        assert_eq!(findings(&ws, "story/b.txt").len(), 1);
    }

    #[test]
    fn conflict_80_and_87_killed() {
        assert!(conflict(
            "Last week Trump ordered airstrikes on a Syrian air base in retaliation for a chemical weapons attack which killed 80 people.",
            "Syria waged a nerve gas attack in rebel-held territory that killed 87 people, many of them children.",
        ));
    }

    #[test]
    fn conflict_at_least_86_and_80() {
        assert!(conflict(
            "At least 86 people were killed in the attack.",
            "The chemical attack killed 80 people, the U.S. said.",
        ));
    }

    #[test]
    fn conflict_more_than_2000_and_1500() {
        assert!(conflict(
            "The earthquake killed more than 2,000 people across the region.",
            "Rescuers pulled bodies from the rubble after the earthquake killed 1,500 people.",
        ));
    }

    #[test]
    fn conflict_words_and_digits() {
        assert!(conflict("The blast killed twelve people at the market.", "Police said the blast killed 20 people."));
    }

    #[test]
    fn conflict_hundreds_injured_and_45() {
        assert!(conflict(
            "Hundreds of people were injured in the blast.",
            "The blast injured 45 people, hospital officials said."
        ));
    }

    #[test]
    fn conflict_missiles_of_one_holder() {
        assert!(conflict(
            "The U.S. fired 59 Tomahawk missiles at the air base.",
            "The U.S. fired 60 Tomahawk missiles at Shayrat, officials said.",
        ));
    }

    #[test]
    fn conflict_toll_rose_to_92_and_87() {
        assert!(conflict("The death toll rose to 92 on Thursday.", "The attack killed 87 people."));
    }

    #[test]
    fn conflict_nearly_90_and_95() {
        assert!(conflict("Nearly 90 people died in the stampede.", "The stampede killed 95 people."));
    }

    #[test]
    fn conflict_range_and_70() {
        assert!(conflict("Between 40 and 50 people were killed in the clashes.", "The clashes killed 70 people."));
    }

    #[test]
    fn conflict_about_10000_and_4000_evacuated() {
        assert!(conflict("Some 10,000 residents were evacuated.", "About 4,000 residents were evacuated."));
    }

    #[test]
    fn conflict_bus_crash() {
        assert!(conflict("Twelve people died when the bus plunged into a ravine.", "The bus crash killed 15 people."));
    }

    #[test]
    fn conflict_arrests_after_a_match() {
        assert!(conflict(
            "Police arrested 45 people after the match.",
            "Police said they had arrested 120 people after the match.",
        ));
    }

    #[test]
    fn conflict_fire_toll() {
        assert!(conflict("The fire killed 71 people, the coroner said.", "At least 80 people died in the fire."));
    }

    #[test]
    fn conflict_displaced_millions() {
        assert!(conflict(
            "The floods displaced more than 2 million people.",
            "About 500,000 people were displaced by the floods.",
        ));
    }

    #[test]
    fn conflict_storm_and_hurricane() {
        assert!(conflict("The storm left 14 people dead.", "The hurricane killed 21 people."));
    }

    #[test]
    fn conflict_detained_palestinians() {
        assert!(conflict(
            "Israeli troops detained 25 Palestinians in overnight raids.",
            "The army said it had detained 40 Palestinians overnight.",
        ));
    }

    #[test]
    fn conflict_shooting_at_a_supermarket() {
        assert!(conflict(
            "A gunman killed 10 people at a supermarket.",
            "The shooting at the supermarket left 12 dead."
        ));
    }

    #[test]
    fn conflict_two_dozen_and_50() {
        assert!(conflict("Two dozen people were killed in the landslide.", "The landslide killed 50 people."));
    }

    // -- no conflict: pairs that must not be flagged ----------------------------------------

    #[test]
    fn agree_more_than_80_and_87() {
        assert!(!conflict(
            "Iran, Russia and Syria deny that the authorities in Damascus were behind the attack, in which more than 80 people were killed and hundreds injured.",
            "Syria waged a nerve gas attack in rebel-held territory that killed 87 people, many of them children.",
        ));
    }

    #[test]
    fn agree_scores_and_87() {
        assert!(!conflict(
            "Washington says it acted to punish the Syrian government for what it said was a devastating nerve gas attack Damascus launched against its own people that killed scores.",
            "The attack killed 87 people.",
        ));
    }

    #[test]
    fn agree_dozens_and_59_missiles() {
        assert!(!conflict(
            "In a blatant response to the alleged chemical attack, the USA launched dozens of Tomahawk to destroy the Shayrat airfield.",
            "Trump responded to the gas attack by firing 59 cruise missiles at a Syrian airbase on Friday.",
        ));
    }

    #[test]
    fn other_year_is_another_event() {
        assert!(!conflict(
            "Under a 2013 deal between the USA and Russian Federation, struck after a chemical attack in suburbs of Damascus killed hundreds of people, Syria was supposed to dismantle its chemical weapons arsenal.",
            "The attack killed 87 people.",
        ));
    }

    #[test]
    fn war_dead_over_six_years_is_another_quantity() {
        assert!(!conflict(
            "The talks look set to be dominated by the war of words over Syria - where more than 320,000 people have died in six years of brutal war.",
            "The attack killed 87 people.",
        ));
    }

    #[test]
    fn second_bombing_is_another_event() {
        assert!(!conflict(
            "A second bombing in Jalalabad killed 15 people.",
            "The bombing killed 40 people in the capital.",
        ));
    }

    #[test]
    fn different_sources_may_differ_within_an_article() {
        let ws =
            story(&[("a.txt", "The health ministry said 70 people died.\n\nRescuers said at least 87 people died.")]);
        assert!(findings(&ws, "story/a.txt").is_empty());
        // Paragraphs apart, a lead that another paragraph contradicts is flagged whoever said it.
        let ws = story(&[(
            "a.txt",
            "The earthquake killed 214 people, state television reported.\n\nRescuers searched the \
             rubble.\n\nAid arrived from the capital.\n\nBy Wednesday, officials said the earthquake had \
             killed 241 people.",
        )]);
        assert_eq!(findings(&ws, "story/a.txt").len(), 2);
        // Across outlets, the different toll is the news.
        let found = across("The health ministry said 70 people died.", "Rescuers said at least 87 people died.");
        assert_eq!(found.len(), 1);
    }

    #[test]
    fn hypothetical_earlier_and_partial_figures_are_not_compared() {
        assert!(!conflict("Officials warned the toll could rise to 1,000.", "The floods killed 87 people."));
        assert!(!conflict("An earlier toll put the number of dead at 40.", "The floods killed 87 people."));
        assert!(!conflict("The floods killed 87 people, including 31 children.", "The floods killed 87 people."));
    }

    #[test]
    fn different_groups_are_different_quantities() {
        assert!(!conflict("Israeli strikes killed 30 Palestinians.", "The attack killed 3 Israelis."));
    }

    #[test]
    fn background_event_with_a_place_the_story_never_names() {
        assert!(!conflict(
            "It was the worst chemical attack since a sarin attack in Ghouta killed hundreds of people.",
            "The nerve gas attack killed 87 people in rebel-held territory.",
        ));
        assert!(!conflict(
            "A sarin attack in Ghouta killed hundreds of people.",
            "The nerve gas attack killed 87 people in rebel-held territory.",
        ));
    }

    #[test]
    fn named_place_of_the_story_event_may_be_left_out() {
        assert!(conflict(
            "The attack in Khan Sheikhoun killed 87 people.",
            "Rescuers in Khan Sheikhoun searched the rubble. The attack killed 80 people.",
        ));
    }

    #[test]
    fn breakdown_by_place_is_not_the_toll() {
        assert!(!conflict(
            "Police said 105 people were killed in Jajarkot and 52 in neighbouring Rukum.",
            "The earthquake killed at least 157 people in western Nepal.",
        ));
    }

    #[test]
    fn one_hospital_count_is_part_of_the_toll() {
        assert!(!conflict(
            "A hospital run by the aid group Emergency said it had received 35 wounded.",
            "The bomber killed 21 people and wounded 33, police said.",
        ));
    }

    #[test]
    fn other_days_and_periods_are_other_quantities() {
        assert!(!conflict("Police arrested 20 protesters on Saturday.", "Police arrested 63 protesters on Thursday."));
        assert!(!conflict(
            "Since the Taliban takeover, more than 700 people have been killed in bombings.",
            "The bombing killed 21 people.",
        ));
        assert!(!conflict("Last month a blast at a school killed 53 people.", "The blast killed 21 people."));
        assert!(!conflict("Elsewhere, two people were killed in a landslide.", "The landslide killed 12 people."));
    }

    #[test]
    fn different_targets_are_different_events() {
        assert!(!conflict("A strike on a market killed 30 people.", "A strike on a hospital killed 12 people."));
    }

    #[test]
    fn two_values_in_one_sentence_are_deliberate() {
        let ws = story(&[("a.txt", "Officials said 20 people died, while rescuers said 25 people died.")]);
        assert!(findings(&ws, "story/a.txt").is_empty());
        let ws = story(&[("a.txt", "The toll rose from 40 to 87.")]);
        assert!(findings(&ws, "story/a.txt").is_empty());
    }

    // -- messages, related information, fixes ----------------------------------------------

    #[test]
    fn message_names_every_conflicting_value() {
        let ws = story(&[
            ("001.txt", "A chemical weapons attack killed 80 people.\n\nA nerve gas attack killed 87 people."),
            ("004.txt", "At least 86 people were killed in the attack."),
            ("000.txt", "The attack, in which more than 80 people were killed, was condemned."),
        ]);
        let found = findings(&ws, "story/001.txt");
        assert_eq!(found.len(), 2);
        assert_eq!(
            found[0].message,
            "Death toll 80 conflicts with 87 (line 5), more than 80 (000.txt:3) and at least 86 (004.txt:3)"
        );
        assert_eq!(found[0].severity, Severity::Warning);
        assert_eq!(found[0].related.len(), 3);
        assert_eq!(&*found[0].related[1].message, "more than 80 (more than 80) in 000.txt:3");
        assert_eq!(found[1].message, "Death toll 87 conflicts with 80 (line 3)");
        let at_least = findings(&ws, "story/004.txt");
        assert_eq!(at_least[0].message, "Death toll at least 86 conflicts with 80 (001.txt:3)");
    }

    /// The text after applying the fix titled `title` to the first finding.
    fn fixed(text: &str, other: &str, title: &str) -> String {
        let ws = story(&[("a.txt", text), ("b.txt", other)]);
        let found = findings(&ws, "story/a.txt");
        let fix = found[0].fixes.iter().find(|f| &*f.title == title).unwrap_or_else(|| panic!("{:?}", found[0].fixes));
        let mut out = ws.doc(ws.id("story/a.txt").unwrap()).text.to_string();
        out.replace_range(fix.edits[0].span.clone(), &fix.edits[0].replacement);
        out
    }

    #[test]
    fn fix_keeps_digits() {
        assert_eq!(
            fixed(
                "The attack killed 80 people.",
                "At least 86 people were killed in the attack.",
                "Change to at least 86 (as in b.txt:3)"
            ),
            "Toll rises in Syria attack\n\nThe attack killed at least 86 people.\n"
        );
    }

    #[test]
    fn fix_keeps_words() {
        assert_eq!(
            fixed("The blast killed twelve people.", "The blast killed 20 people.", "Change to twenty (as in b.txt:3)"),
            "Toll rises in Syria attack\n\nThe blast killed twenty people.\n"
        );
        assert_eq!(
            fixed(
                "Twelve people died in the blast.",
                "The blast killed 20 people.",
                "Change to Twenty (as in b.txt:3)"
            ),
            "Toll rises in Syria attack\n\nTwenty people died in the blast.\n"
        );
    }

    #[test]
    fn fix_with_a_verb_qualifier() {
        assert_eq!(
            fixed(
                "The floods killed 900 people.",
                "The flood death toll tops 1,000.",
                "Change to at least 1,000 (as in b.txt:3)"
            ),
            "Toll rises in Syria attack\n\nThe floods killed at least 1,000 people.\n"
        );
        let ws = story(&[("a.txt", "The flood death toll tops 1,000."), ("b.txt", "The floods killed 900 people.")]);
        let found = findings(&ws, "story/a.txt");
        assert_eq!(found.len(), 1);
        assert!(found[0].fixes.is_empty());
    }

    #[test]
    fn fix_keeps_a_qualifier_after_the_number() {
        assert_eq!(
            fixed(
                "The blast killed 40 people.",
                "The blast killed 80 or more people.",
                "Change to 80 or more (as in b.txt:3)"
            ),
            "Toll rises in Syria attack\n\nThe blast killed 80 or more people.\n"
        );
    }

    #[test]
    fn fix_at_sentence_start_keeps_the_capital() {
        assert_eq!(
            fixed(
                "At least 86 people were killed in the attack.",
                "The attack killed 80 people.",
                "Change to 80 (as in b.txt:3)"
            ),
            "Toll rises in Syria attack\n\n80 people were killed in the attack.\n"
        );
    }

    // -- hover and inlay hints -----------------------------------------------------------

    fn hover(ws: &Workspace, name: &str, needle: &str) -> Option<Info> {
        let id = ws.id(name).unwrap();
        let offset = ws.doc(id).text.find(needle).unwrap();
        ws.info(id, offset, &Config::default())
            .into_iter()
            .find(|i| i.markdown.contains("igure") || i.markdown.contains("**"))
    }

    #[test]
    fn hover_lists_every_mention() {
        let ws = story(&[
            ("001.txt", "A chemical weapons attack killed 80 people.\n\nA nerve gas attack killed 87 people."),
            ("003.txt", "The attack killed scores."),
        ]);
        let info = hover(&ws, "story/003.txt", "scores").unwrap();
        expect_test::expect![[r#"
            **figure-conflict** (copydesk)

            **Death toll**: 3 mentions in 2 articles of the story

            - `003.txt:3` **scores** (40 to 999) — this mention  
              “The attack killed **scores**.”
            - `001.txt:3` **80** (exactly 80) — ✓ agrees  
              “A chemical weapons attack killed **80** people.”
            - `001.txt:5` **87** (exactly 87) — ✓ agrees  
              “A nerve gas attack killed **87** people.”
        "#]]
        .assert_eq(&info.markdown);
    }

    #[test]
    fn hover_on_a_figure_that_counts_nothing() {
        let ws = story(&[("a.txt", "Syria had sent dozens of letters to the Security Council.")]);
        let info = hover(&ws, "story/a.txt", "dozens").unwrap();
        assert!(info.markdown.starts_with("**Figure** `dozens` (20 to 199)."), "{}", info.markdown);
    }

    #[test]
    fn inlay_hint_sums_up_a_disputed_toll() {
        let ws = story(&[
            ("001.txt", "A chemical weapons attack killed 80 people.\n\nA nerve gas attack killed 87 people."),
            ("004.txt", "At least 86 people were killed in the attack."),
            ("003.txt", "The attack killed scores."),
        ]);
        let id = ws.id("story/003.txt").unwrap();
        let hints: Vec<Annotation> = ws.annotations(id, &Config::default());
        let labels: Vec<&str> = hints.iter().map(|a| a.label.as_str()).collect();
        assert_eq!(labels, ["deaths: scores · 80 · at least 86 · 87 in 3 sources"]);
    }

    #[test]
    fn no_inlay_hint_where_all_agree() {
        let ws = story(&[
            ("a.txt", "The U.S. fired 59 Tomahawk missiles."),
            ("b.txt", "The U.S. launched dozens of missiles."),
        ]);
        assert!(ws.annotations(ws.id("story/a.txt").unwrap(), &Config::default()).is_empty());
    }

    #[test]
    fn vague_table_is_documented() {
        let source = include_str!("figure_conflict.rs");
        for row in crate::analysis::figures::VAGUE {
            let line = format!(
                "//! | {} | {} to {} |",
                row.phrase,
                crate::analysis::figures::format_value(row.lo),
                crate::analysis::figures::format_value(row.hi)
            );
            assert!(source.contains(&line), "doc comment lacks {line:?}");
        }
    }

    /// Findings after edits, with each check taking over the texts and findings the last one
    /// made ([`super::Kept`]), equal those of the same texts checked afresh: places moved, a
    /// paragraph's figures changed, mentions added and taken away, in this article and another.
    #[test]
    fn edits_find_what_a_fresh_check_finds() {
        const PARAGRAPHS: &[&str] = &[
            "The attack killed 80 people, the ministry said.",
            "Rescuers said the attack killed 87 people.",
            "At least 86 people were killed in the attack in Khan Sheikhoun.",
            "More than 300 people were injured.",
            "The strike injured 250 people, doctors said.",
            "Officials said 59 missiles were fired at the base.",
            "The talks lasted five hours.",
            "Dozens of people were killed in the attack.",
        ];
        let mut rng = crate::analysis::testing::Lcg(0xf16);
        let mut next = |n: usize| rng.below(n);
        let mut articles: [Vec<String>; 2] =
            [0, 3].map(|first| (0..8).map(|i| PARAGRAPHS[(first + i) % PARAGRAPHS.len()].to_string()).collect());
        let text = |paragraphs: &[String]| format!("Toll rises in Syria attack\n\n{}\n", paragraphs.join("\n\n"));
        let mut ws = Workspace::new();
        for (name, paragraphs) in ["b.txt", "a.txt"].iter().zip([&articles[1], &articles[0]]) {
            ws.set(&format!("story/{name}"), text(paragraphs));
        }
        for step in 0..150 {
            // Mostly the article under check, sometimes the other one.
            let which = usize::from(next(4) == 0);
            let paragraphs = &mut articles[which];
            let at = next(paragraphs.len());
            match next(6) {
                0 => paragraphs[at].insert(0, 'x'),
                1 if paragraphs.len() > 2 => drop(paragraphs.remove(at)),
                2 => paragraphs.insert(at, PARAGRAPHS[next(PARAGRAPHS.len())].to_string()),
                3 => paragraphs[at] = PARAGRAPHS[next(PARAGRAPHS.len())].to_string(),
                4 => paragraphs[at].push_str(" 87 people died."),
                _ => paragraphs[at].push_str(" again."),
            }
            let name = ["a.txt", "b.txt"][which];
            ws.set(&format!("story/{name}"), text(&articles[which]));
            // Another folder, so that the fresh check finds nothing kept under its name.
            let mut fresh = Workspace::new();
            fresh.set("fresh/b.txt", text(&articles[1]));
            fresh.set("fresh/a.txt", text(&articles[0]));
            let (found, expected) = (findings(&ws, "story/a.txt"), findings(&fresh, "fresh/a.txt"));
            assert_eq!(found, expected, "step {step}:\n{}", text(&articles[0]));
        }
    }

    #[test]
    fn other_folders_are_other_stories() {
        let mut ws = Workspace::new();
        ws.set("story/a.txt", "Toll\n\nThe attack killed 80 people.\n");
        ws.set("other/b.txt", "Toll\n\nThe attack killed 87 people.\n");
        assert!(findings(&ws, "other/b.txt").is_empty());
    }

    #[test]
    fn across_reports_only_the_checked_article() {
        let found = across("The attack killed 80 people.", "The attack killed 87 people.");
        assert_eq!(found, [("87".to_string(), "Death toll 87 conflicts with 80 (a.txt:3)".to_string())]);
    }
}
