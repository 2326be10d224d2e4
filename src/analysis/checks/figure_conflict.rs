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
//! evacuations, displaced people, votes and money. A particular group is its own quantity ("30
//! children", "six soldiers", "24 Palestinians" are not the death toll), and so is a toll that
//! counts the attacker ("23 people, including the bomber"). Two mentions are one quantity only
//! when nothing in their sentences tells them apart:
//!
//! - another event noun ("the strike" is not "the attack", "the landslide" not "the quake"), or
//!   another event ("a second bombing", "a similar attack", "since the Ghouta attack",
//!   "Elsewhere, ...", "In a separate incident, ...");
//! - another place, target, weekday or month ("a strike on a market" and "a strike on a
//!   hospital", "arrested on Saturday" and "on Thursday"); a place named in one mention only
//!   ("the attack in Khan Sheikhoun") counts as the same event only if the other article names
//!   it too, and a toll broken down by place ("105 in Jajarkot and 52 in Rukum") is never the
//!   whole toll;
//! - another year than the story's dateline ("after a 2013 attack in Damascus killed
//!   hundreds", "since 2016, when more than 300 people died"), or a period ("320,000 people have
//!   died in six years of war", "Since the takeover, more than 700 ...", "in the past 24 hours",
//!   "last month", "so far this year");
//! - another holder ("Iran fired 12 missiles" and "Israel fired 100"); money and votes are
//!   compared only when the same named holder and purpose are given;
//! - within one article, another named source ("the ministry said 70 ... rescuers said 87"):
//!   a writer who sets two sources side by side does so on purpose. Across outlets a different
//!   source does not matter: the different toll is what the editor needs to see.
//!
//! Deliberately not flagged: two values in one sentence ("rose from 40 to 87", "officials said
//! 20, rescuers 25"); earlier figures ("an earlier toll of 40", "up from 40", "initially
//! reported"); increments and changes ("another 12 people", "12 more", "rose by 10");
//! hypothetical figures ("could kill 1,000", "87 feared dead", "threatened to evacuate
//! 10,000"); parts of a toll ("including 31 children", "three of the dead", "31 of them",
//! "among the dead were 31", "the hospital received 35 wounded", "92 bodies were recovered");
//! figures whose sentence does not say what they count ("dozens of letters", "3 attacks", "the
//! two leaders", "5,000 residents"). Not figures at all: years, dates, times of day, ages ("a
//! 61-year-old", "Smith, 61,", "aged 19", "died at 87"), durations and compound adjectives ("a
//! two-hour meeting", "six-year-old civil war", "three days", "a 1,000-strong force"), measures
//! ("40 km", "45 degrees"), ordinals ("the eighth time", "8th"), labels ("page 12", "section
//! 4", "Resolution 2118", "Boeing 737", "Interstate 95"), phone numbers, ratios ("24/7",
//! "9/11"), and scores or tallies ("won 3-1", "voted 52 to 48", "passed the bill 68-32"). A
//! quantity mentioned more than 400 times across a story is a table, not copy, and is not
//! compared. When two mentions might or might not be the same quantity, they are not compared.

use std::cell::{OnceCell, RefCell};
use std::fmt::Write as _;

use rustc_hash::FxHashMap;

use crate::analysis::checks::{Annotation, Check, CheckContext, CheckId, Info, WITHIN_FILE};
use crate::analysis::figures::{self, Figure, Form, Kind, Quantity, Unit};
use crate::analysis::workspace::Document;
use crate::analysis::{DocId, Edit, Finding, Fix, Location, Related};

pub(super) const EXPLANATION: &str = "Two mentions of one quantity in the story (a death toll, the number \
injured, missiles fired, arrests, ...) whose values cannot both be true: 80 and 87, or 80 and \"at least 86\". \
Qualifiers, ranges and vague amounts (\"scores\", \"dozens\") count as the values they allow; figures tied to \
another event, place, year, period or holder (or, within one article, another named source) are a different \
quantity.";

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
        for index in 0..story.docs[0].figures.len() {
            let here = At { doc: 0, index };
            if !story.figure(here).comparable() {
                continue;
            }
            let conflicts: Vec<At> = story
                .mentions(here)
                .into_iter()
                .filter(|&(at, agrees)| at != here && !agrees)
                .map(|(at, _)| at)
                .collect();
            if !conflicts.is_empty() {
                out.push(story.finding(here, &conflicts));
            }
        }
    }

    fn info(&self, cx: &CheckContext<'_>, offset: usize) -> Option<Info> {
        let story = Story::of(cx);
        let index = story.docs[0].figures.iter().position(|f| f.span.start <= offset && offset <= f.span.end)?;
        let here = At { doc: 0, index };
        // A figure in conflict has its diagnostic, whose hover lists the same mentions.
        if story.figure(here).comparable() && story.mentions(here).iter().any(|&(_, agrees)| !agrees) {
            return None;
        }
        Some(Info { span: story.figure(here).span.clone(), markdown: story.hover(here) })
    }

    fn annotations(&self, cx: &CheckContext<'_>, out: &mut Vec<Annotation>) {
        let story = Story::of(cx);
        let mut shown: Vec<At> = Vec::new();
        for index in 0..story.docs[0].figures.len() {
            let here = At { doc: 0, index };
            let figure = story.figure(here);
            if !figure.comparable() || shown.iter().any(|&s| story.same(s, here)) {
                continue;
            }
            let mentions: Vec<At> = story.mentions(here).into_iter().map(|(at, _)| at).collect();
            // Some two mentions disagree exactly when the one that ends lowest and the one that
            // starts highest do not overlap (intervals on a line).
            let interval = |at: &At| story.figure(*at).interval;
            let lowest_end = mentions.iter().min_by(|a, b| {
                let (a, b) = (interval(a), interval(b));
                a.hi.total_cmp(&b.hi).then(b.hi_open.cmp(&a.hi_open))
            });
            let highest_start = mentions.iter().max_by(|a, b| {
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

/// A figure of the story: index into `Story::docs`, then into that document's figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct At {
    doc: usize,
    index: usize,
}

struct StoryDoc<'a> {
    id: DocId,
    doc: &'a Document,
    figures: &'a [Figure],
    /// The text in ASCII lower case (same byte offsets), to look for place names.
    lower: OnceCell<String>,
}

/// What two mentions of one quantity must have in common, exactly: figures are compared only
/// within one bucket of this key.
#[derive(PartialEq, Eq, Hash)]
struct Key {
    kind: Kind,
    unit: Unit,
    counted: Option<Box<str>>,
    years: Vec<u16>,
    period: Option<&'static str>,
}

/// The figures of the document under check (first) and of its peers.
struct Story<'a> {
    docs: Vec<StoryDoc<'a>>,
    years: Vec<u16>,
    /// Comparable figures grouped by [`Key`].
    buckets: Vec<Vec<At>>,
    /// The bucket of each figure, by document and figure.
    bucket_of: Vec<Vec<Option<usize>>>,
    /// Where each (document, place) pair is named, lazily.
    place_hits: RefCell<PlaceHits>,
}

/// Offsets where a document (by index into `Story::docs`) names a place.
type PlaceHits = FxHashMap<(usize, Box<str>), Vec<usize>>;

impl<'a> Story<'a> {
    fn of(cx: &CheckContext<'a>) -> Story<'a> {
        let ws = cx.workspace;
        let ids = std::iter::once(cx.doc).chain(cx.peers.iter().copied());
        let mut years = Vec::new();
        let docs: Vec<StoryDoc<'a>> = ids
            .filter_map(|id| {
                let doc = ws.get(id)?;
                years.extend(figures::dateline_years(&doc.text, &doc.article));
                Some(StoryDoc { id, doc, figures: doc.figures(), lower: OnceCell::new() })
            })
            .collect();
        let mut keys: FxHashMap<Key, usize> = FxHashMap::default();
        let mut buckets: Vec<Vec<At>> = Vec::new();
        let mut bucket_of = Vec::with_capacity(docs.len());
        for (d, story_doc) in docs.iter().enumerate() {
            let mut of_doc = Vec::with_capacity(story_doc.figures.len());
            for (index, figure) in story_doc.figures.iter().enumerate() {
                let bucket = figure.quantity.as_ref().filter(|_| figure.comparable()).map(|q| {
                    let mut other_years: Vec<u16> =
                        q.anchor.years.iter().copied().filter(|y| !years.contains(y)).collect();
                    other_years.sort_unstable();
                    other_years.dedup();
                    let key = Key {
                        kind: q.kind,
                        unit: figure.unit,
                        counted: q.counted.clone(),
                        years: other_years,
                        period: q.anchor.period,
                    };
                    let next = buckets.len();
                    let b = *keys.entry(key).or_insert(next);
                    if b == next {
                        buckets.push(Vec::new());
                    }
                    buckets[b].push(At { doc: d, index });
                    b
                });
                of_doc.push(bucket);
            }
            bucket_of.push(of_doc);
        }
        Story { docs, years, buckets, bucket_of, place_hits: RefCell::new(FxHashMap::default()) }
    }

    fn figure(&self, at: At) -> &Figure {
        &self.docs[at.doc].figures[at.index]
    }

    /// Whether two figures are mentions of one quantity. Two figures of one sentence never are:
    /// a sentence that gives two values of a toll does so on purpose.
    fn same(&self, a: At, b: At) -> bool {
        if a == b {
            return true;
        }
        let (fa, fb) = (self.figure(a), self.figure(b));
        if a.doc == b.doc && fa.sentence == fb.sentence {
            return false;
        }
        // Within one article, figures given by different named sources are set side by side on
        // purpose ("the ministry said 70 ... rescuers said 87").
        if a.doc == b.doc {
            let source = |f: &Figure| f.quantity.as_ref().and_then(|q| q.anchor.source.clone());
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
        match (places(fa).is_empty(), places(fb).is_empty()) {
            (false, true) => self.names_place(b, a),
            (true, false) => self.names_place(a, b),
            _ => true,
        }
    }

    /// Whether the article of `without` names a place of the event of `with`, outside the
    /// sentence of `with`.
    fn names_place(&self, without: At, with: At) -> bool {
        let skip = (without.doc == with.doc).then(|| self.figure(with).sentence.clone());
        places(self.figure(with)).iter().any(|&place| {
            let mut cache = self.place_hits.borrow_mut();
            let hits = cache.entry((without.doc, place.into())).or_insert_with(|| {
                let story_doc = &self.docs[without.doc];
                let lower = story_doc.lower.get_or_init(|| story_doc.doc.text.to_ascii_lowercase());
                lower.match_indices(place).map(|(i, _)| i).collect()
            });
            hits.iter().any(|&i| skip.as_ref().is_none_or(|s| i < s.start || i >= s.end))
        })
    }

    /// Every mention of the quantity of `here` in the story, `here` included, with whether it
    /// agrees with `here`; in text order, this document first. A quantity mentioned more than
    /// [`MAX_MENTIONS`] times is a table, not copy: it is not compared.
    fn mentions(&self, here: At) -> Vec<(At, bool)> {
        let this = self.figure(here);
        let candidates = match self.bucket_of[here.doc][here.index] {
            Some(b) if self.buckets[b].len() <= MAX_MENTIONS => self.buckets[b].as_slice(),
            _ => std::slice::from_ref(&here),
        };
        let mut out: Vec<(At, bool)> = candidates
            .iter()
            .filter(|&&at| self.same(here, at))
            .map(|&at| (at, this.interval.overlaps(&self.figure(at).interval)))
            .collect();
        // Peers come in id order; list them by file name so that messages read the same on
        // every machine.
        out.sort_by(|(a, _), (b, _)| {
            (a.doc != 0, self.docs[a.doc].doc.name.as_str(), a.index).cmp(&(
                b.doc != 0,
                self.docs[b.doc].doc.name.as_str(),
                b.index,
            ))
        });
        out
    }

    fn line(&self, at: At) -> usize {
        self.docs[at.doc].doc.line_of(self.figure(at).span.start)
    }

    /// "line 15" in this document, "004_….txt:21" in another.
    fn place(&self, at: At) -> String {
        if at.doc == 0 {
            format!("line {}", self.line(at))
        } else {
            format!("{}:{}", self.docs[at.doc].doc.file_name(), self.line(at))
        }
    }

    /// "file.txt:15", for lists that mix documents.
    fn full_place(&self, at: At) -> String {
        format!("{}:{}", self.docs[at.doc].doc.file_name(), self.line(at))
    }

    /// The figure as written, on one line, with a sentence-initial capital dropped: "at least 86".
    fn wording(&self, at: At) -> String {
        let figure = self.figure(at);
        wording(&self.docs[at.doc].doc.text[figure.span.clone()])
    }

    fn finding(&self, here: At, conflicts: &[At]) -> Finding {
        let figure = self.figure(here);
        let quantity = figure.quantity.as_ref().expect("comparable figures have a quantity");
        let named: Vec<String> = conflicts
            .iter()
            .take(MESSAGE_VALUES)
            .map(|&at| format!("{} ({})", self.wording(at), self.place(at)))
            .collect();
        let mut list = match named.split_last() {
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
            None => String::new(),
        };
        if conflicts.len() > MESSAGE_VALUES {
            list = format!("{}, and {} more", named.join(", "), conflicts.len() - MESSAGE_VALUES);
        }
        let message = format!("{} {} conflicts with {list}", label(quantity), self.wording(here));

        let related = conflicts
            .iter()
            .map(|&at| Related {
                location: Location { doc: self.docs[at.doc].id, span: self.figure(at).span.clone() },
                message: format!("{} ({}) in {}", self.wording(at), self.figure(at).interval, self.full_place(at)),
            })
            .collect();

        let mut fixes: Vec<Fix> = Vec::new();
        for &at in conflicts {
            let Some(replacement) = self.reword(here, at) else { continue };
            if fixes.iter().any(|f| f.edits[0].replacement == replacement) {
                continue;
            }
            fixes.push(Fix {
                title: format!("Change to {replacement} (as in {})", self.full_place(at)),
                edits: vec![Edit { doc: self.docs[0].id, span: figure.span.clone(), replacement }],
            });
        }

        Finding {
            check: CheckId::FigureConflict,
            doc: self.docs[0].id,
            span: figure.span.clone(),
            severity: WITHIN_FILE,
            message,
            evidence: self.mention_list(here),
            related,
            fixes,
        }
    }

    /// The wording of `other` in the form of `here`: digits stay digits, words stay words. Vague
    /// amounts take the other wording as it is. `None` when the form cannot be kept.
    fn reword(&self, here: At, other: At) -> Option<String> {
        let (this, that) = (self.figure(here), self.figure(other));
        let (this_text, that_text) = (&self.docs[here.doc].doc.text, &self.docs[other.doc].doc.text);
        // A verb that qualifies this figure ("the toll tops 1,000") would not survive the edit.
        if figures::is_verb_qualifier(&this_text[this.span.start..this.number.start]) {
            return None;
        }
        let written = &that_text[that.span.start..that.number.start];
        let qualifier = if figures::is_verb_qualifier(written) {
            that.qualifier.phrase().to_string()
        } else {
            squeeze(written.trim())
        };
        let post = squeeze(that_text[that.number.end..that.span.end].trim());
        let number = if this.form == that.form || this.form == Form::Vague {
            squeeze(&that_text[that.number.clone()])
        } else {
            let value = that.integer?;
            match this.form {
                Form::Digits => figures::format_integer(value),
                Form::Words => figures::number_words(value)?,
                Form::Vague => unreachable!("handled above"),
            }
        };
        let reworded = [qualifier.as_str(), number.as_str(), post.as_str()]
            .into_iter()
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        let reworded = wording(&reworded);
        let sentence_start = this.span.start == this.sentence.start;
        Some(
            if sentence_start
                || this_text[this.span.clone()].starts_with(char::is_uppercase) && this.form != Form::Digits
            {
                capitalize(&reworded)
            } else {
                reworded
            },
        )
    }

    /// Every mention of the quantity of `here`, as a Markdown list.
    fn mention_list(&self, here: At) -> String {
        let figure = self.figure(here);
        let Some(quantity) = &figure.quantity else { return String::new() };
        let mentions = self.mentions(here);
        let articles = {
            let mut docs: Vec<usize> = mentions.iter().map(|(at, _)| at.doc).collect();
            docs.dedup();
            docs.len()
        };
        let mut out = format!(
            "**{}**: {} {} in {} {} of the story\n",
            label(quantity),
            mentions.len(),
            if mentions.len() == 1 { "mention" } else { "mentions" },
            articles,
            if articles == 1 { "article" } else { "articles" },
        );
        for &(at, agrees) in mentions.iter().take(LISTED_MENTIONS) {
            let mark = if at == here {
                "this mention"
            } else if agrees {
                "✓ agrees"
            } else {
                "✗ conflicts"
            };
            let _ = write!(
                out,
                "\n- `{}` **{}** ({}) — {mark}  \n  {}",
                self.full_place(at),
                self.wording(at),
                self.figure(at).interval,
                self.excerpt(at)
            );
        }
        if mentions.len() > LISTED_MENTIONS {
            let _ = write!(out, "\n- and {} more", mentions.len() - LISTED_MENTIONS);
        }
        out.push('\n');
        out
    }

    /// The hover on any figure: its mentions, or why it is not compared.
    fn hover(&self, here: At) -> String {
        let figure = self.figure(here);
        let wording = self.wording(here);
        match (&figure.quantity, figure.note) {
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
            (Some(_), None) => format!("**figure-conflict** (copydesk)\n\n{}", self.mention_list(here)),
        }
    }

    fn annotation(&self, here: At, mentions: &[At]) -> Annotation {
        let quantity = self.figure(here).quantity.as_ref().expect("comparable figures have a quantity");
        let mut values: Vec<(f64, f64, String)> = Vec::new();
        for &at in mentions {
            let interval = self.figure(at).interval;
            let wording = self.wording(at);
            if !values.iter().any(|(_, _, w)| w.eq_ignore_ascii_case(&wording)) {
                values.push((interval.lo, interval.hi, wording));
            }
        }
        values.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
        let mut docs: Vec<usize> = mentions.iter().map(|at| at.doc).collect();
        docs.sort_unstable();
        docs.dedup();
        let what = match &quantity.counted {
            Some(noun) => format!("{} ({noun})", quantity.kind.short()),
            None => quantity.kind.short().to_string(),
        };
        let list: Vec<&str> = values.iter().map(|(_, _, w)| w.as_str()).collect();
        Annotation {
            span: self.figure(here).span.clone(),
            label: format!(
                "{what}: {} in {} {}",
                list.join(" · "),
                docs.len(),
                if docs.len() == 1 { "source" } else { "sources" }
            ),
            tooltip: Some(self.mention_list(here)),
        }
    }

    /// A few words either side of a figure, the figure in bold.
    fn excerpt(&self, at: At) -> String {
        let figure = self.figure(at);
        let text = &self.docs[at.doc].doc.text;
        let sentence = figure.sentence.clone();
        let mut start = figure.span.start.saturating_sub(40).max(sentence.start);
        while !text.is_char_boundary(start) {
            start += 1;
        }
        let mut end = (figure.span.end + 40).min(sentence.end);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        // Whole words only.
        if start > sentence.start {
            start = text[start..figure.span.start].find(' ').map_or(figure.span.start, |i| start + i + 1);
        }
        if end < sentence.end {
            end = text[figure.span.end..end].rfind(' ').map_or(figure.span.end, |i| figure.span.end + i);
        }
        format!(
            "“{}{}**{}**{}{}”",
            if start > sentence.start { "…" } else { "" },
            squeeze(&text[start..figure.span.start]),
            squeeze(&text[figure.span.clone()]),
            squeeze(&text[figure.span.end..end]),
            if end < sentence.end { "…" } else { "" },
        )
    }
}

/// Named places of a figure: those of its event and where it happened.
fn places(figure: &Figure) -> Vec<&str> {
    let Some(q) = &figure.quantity else { return Vec::new() };
    q.anchor.places.iter().chain(&q.anchor.located).map(|p| &**p).collect()
}

/// Runs of whitespace (line breaks included) as one space.
fn squeeze(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_whitespace() {
            if !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    out
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
    let one_line = raw.split_whitespace().collect::<Vec<_>>().join(" ");
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
        assert_eq!(found[0].related[1].message, "more than 80 (more than 80) in 000.txt:3");
        assert_eq!(found[1].message, "Death toll 87 conflicts with 80 (line 3)");
        let at_least = findings(&ws, "story/004.txt");
        assert_eq!(at_least[0].message, "Death toll at least 86 conflicts with 80 (001.txt:3)");
    }

    /// The text after applying the fix titled `title` to the first finding.
    fn fixed(text: &str, other: &str, title: &str) -> String {
        let ws = story(&[("a.txt", text), ("b.txt", other)]);
        let found = findings(&ws, "story/a.txt");
        let fix = found[0].fixes.iter().find(|f| f.title == title).unwrap_or_else(|| panic!("{:?}", found[0].fixes));
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
