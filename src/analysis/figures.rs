//! Figures in news copy: where the numbers are, which values each allows, and what each counts.
//!
//! A figure is a number as a reader meets it: "87", "1,200", "3.5 million", "$4.2 billion",
//! "40%", "eighty-seven", "a dozen", "half a million", "dozens", "between 40 and 50", with its
//! qualifier ("at least 86", "more than 80", "nearly 90"). Each becomes an [`Interval`] of the
//! values it allows, so that "more than 80" and "87" agree while "80" and "at least 86" do not.
//! Vague amounts take the intervals of the [`VAGUE`] table; round words ("a dozen", "half a
//! million") and qualifiers such as "about" allow 20% either way ([`ROUND`]).
//!
//! A figure is also tied, where the sentence says so, to the thing it counts ([`Kind`]: deaths,
//! injuries, missiles fired, arrests, ...) and to the event it belongs to ([`Anchor`]: "the
//! attack", a year, a place, a period, who did it, who said it). Two figures are mentions of one
//! quantity only when kind, counted noun and anchor are compatible ([`same_quantity`]); when
//! the sentence leaves that unclear, the figure counts nothing and is never compared, because a
//! false alarm costs an editor's trust faster than a missed one.
//!
//! Not figures: years, dates, times of day, ages, durations and measures ("a two-hour meeting",
//! "six years", "40 km"), compound adjectives ("a six-year-old civil war"), ordinals, labels
//! ("Resolution 2118", "page 4", "Flight 370"), phone numbers, ratios and scores of games.
//!
//! Pure analysis: text in, byte spans and plain data out; one pass over the words of each
//! sentence with look-arounds of a few words, so a 1 MB article takes milliseconds.

use std::fmt;

use crate::analysis::article::{month_named, words, Article, Block, BlockKind};
use crate::analysis::Span;

// ---------------------------------------------------------------------------------------------
// Public data
// ---------------------------------------------------------------------------------------------

/// The values a figure allows: from `lo` to `hi`, each end included unless marked open. `hi` is
/// infinite for "at least" and "more than".
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    pub lo: f64,
    pub hi: f64,
    pub lo_open: bool,
    pub hi_open: bool,
}

impl Interval {
    pub fn exact(value: f64) -> Interval {
        Interval::closed(value, value)
    }

    pub fn closed(lo: f64, hi: f64) -> Interval {
        Interval { lo, hi, lo_open: false, hi_open: false }
    }

    /// Whether some value lies in both intervals.
    pub fn overlaps(&self, other: &Interval) -> bool {
        fn below(a: &Interval, b: &Interval) -> bool {
            a.hi < b.lo || (a.hi == b.lo && (a.hi_open || b.lo_open))
        }
        !below(self, other) && !below(other, self)
    }

    pub fn is_exact(&self) -> bool {
        self.lo == self.hi && !self.lo_open && !self.hi_open
    }
}

impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_exact() {
            write!(f, "exactly {}", format_value(self.lo))
        } else if self.hi.is_infinite() {
            if self.lo_open {
                write!(f, "more than {}", format_value(self.lo))
            } else {
                write!(f, "{} or more", format_value(self.lo))
            }
        } else if self.lo == 0.0 {
            if self.hi_open {
                write!(f, "fewer than {}", format_value(self.hi))
            } else {
                write!(f, "{} at most", format_value(self.hi))
            }
        } else {
            write!(f, "{} to {}", format_value(self.lo), format_value(self.hi))
        }
    }
}

/// How the number is written, which a fix keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Form {
    /// "87", "1,200", "3.5 million", "$4.2bn", "40%".
    Digits,
    /// "eighty-seven", "twelve", "a dozen", "half a million".
    Words,
    /// "dozens", "scores", "hundreds", "several", "a handful" (see [`VAGUE`]).
    Vague,
}

/// What the number measures in: a count, a percentage or an amount of money in one currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    Count,
    Percent,
    /// The currency sign: '$', '£', '€', '¥', '₹' or '₽'.
    Money(char),
}

/// The qualifier of a figure and what it does to the stated value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Qualifier {
    /// No qualifier, or one that keeps the value ("only", "a total of").
    Exact,
    /// "at least", "no fewer than", "or more", "80-plus": the value or more.
    AtLeast,
    /// "more than", "over", "upwards of": above the value.
    MoreThan,
    /// "about", "around", "some", "an estimated", "or so": 20% either way.
    About,
    /// "nearly", "almost", "just under": up to 20% below, the value included.
    Nearly,
    /// "up to", "as many as", "at most": the value or fewer.
    UpTo,
    /// "fewer than", "less than", "under": below the value.
    FewerThan,
}

/// What a figure counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Deaths,
    Injuries,
    /// "casualties", "killed or wounded": dead and injured together.
    Casualties,
    Missing,
    /// Missiles or rockets fired.
    Missiles,
    Arrests,
    Evacuations,
    Displaced,
    Votes,
    Money,
    /// Buildings or settlements destroyed: "destroyed 143 homes", "12 villages were flattened".
    Destroyed,
    /// Buildings or settlements damaged: "damaged 2,000 houses".
    Damaged,
    /// People aboard a vessel, aircraft or vehicle: "a ferry carrying 163 people", "136 people
    /// were on board".
    Aboard,
    /// Prisoners, hostages or detainees freed: "freed three detainees", "24 hostages were
    /// released".
    Released,
    /// Jobs cut: "will cut 8,000 jobs", "8,000 layoffs".
    JobCuts,
    /// People expelled: "expelled 10 Russian diplomats".
    Expelled,
}

impl Kind {
    /// How a message names the quantity: "Death toll 80 conflicts with ...".
    pub fn label(self) -> &'static str {
        match self {
            Kind::Deaths => "Death toll",
            Kind::Injuries => "Number injured",
            Kind::Casualties => "Casualty count",
            Kind::Missing => "Number missing",
            Kind::Missiles => "Missile count",
            Kind::Arrests => "Number arrested",
            Kind::Evacuations => "Number evacuated",
            Kind::Displaced => "Number displaced",
            Kind::Votes => "Vote count",
            Kind::Money => "Amount",
            Kind::Destroyed => "Number destroyed",
            Kind::Damaged => "Number damaged",
            Kind::Aboard => "Number aboard",
            Kind::Released => "Number freed",
            Kind::JobCuts => "Job cuts",
            Kind::Expelled => "Number expelled",
        }
    }

    /// A short name for inline labels: "deaths: 80 · 87".
    pub fn short(self) -> &'static str {
        match self {
            Kind::Deaths => "deaths",
            Kind::Injuries => "injured",
            Kind::Casualties => "casualties",
            Kind::Missing => "missing",
            Kind::Missiles => "missiles fired",
            Kind::Arrests => "arrests",
            Kind::Evacuations => "evacuated",
            Kind::Displaced => "displaced",
            Kind::Votes => "votes",
            Kind::Money => "amount",
            Kind::Destroyed => "destroyed",
            Kind::Damaged => "damaged",
            Kind::Aboard => "aboard",
            Kind::Released => "freed",
            Kind::JobCuts => "jobs cut",
            Kind::Expelled => "expelled",
        }
    }

    /// Kinds that count people hit by an event, anchored by the event noun.
    fn is_toll(self) -> bool {
        matches!(
            self,
            Kind::Deaths
                | Kind::Injuries
                | Kind::Casualties
                | Kind::Missing
                | Kind::Arrests
                | Kind::Evacuations
                | Kind::Displaced
                | Kind::Destroyed
                | Kind::Damaged
                | Kind::Aboard
        )
    }
}

/// The event and circumstances a figure belongs to, as far as its sentence tells.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Anchor {
    /// The nearest event noun, by class: "attack", "strike", "bombing", "war", ...
    pub event: Option<&'static str>,
    /// The event is marked as another one: "another attack", "a similar attack", "since the
    /// Ghouta attack", "the last attack".
    pub other_event: bool,
    /// Names of places attached to the event, lower case: "attack in Damascus", "the Ghouta
    /// attack", "U.S.-led coalition strikes". Another mention may leave the place out.
    pub places: Vec<Box<str>>,
    /// Common nouns of places attached to the event: "a strike on a market".
    pub sites: Vec<Box<str>>,
    /// A named place attached to the figure itself: "killed 80 people in Idlib", "In Aleppo, 10
    /// people were killed". Usually a breakdown of a toll by place or another incident, so it
    /// must match.
    pub located: Option<Box<str>>,
    /// The sentence breaks a toll down by place: "105 were killed in Jajarkot and 52 in Rukum".
    /// A located figure of a breakdown is never the whole toll.
    pub breakdown: bool,
    /// A weekday or month tied to the event or named in the figure's clause: "Tuesday's attack",
    /// "arrested on Friday", "the April 4 attack".
    pub when: Option<&'static str>,
    /// Years named in the sentence (not after "since").
    pub years: Vec<u16>,
    /// A period the figure sums over, from its clause: "in six years of war", "since 2011", "so
    /// far this year".
    pub period: Option<&'static str>,
    /// Who fired, paid or won the votes: "The U.S. fired 59 missiles" gives "u.s.".
    pub holder: Option<Box<str>>,
    /// Who said so: "according to the ministry", "officials said".
    pub source: Option<Box<str>>,
    /// For votes: "for", "against" or "abstain".
    pub side: Option<&'static str>,
    /// For money: what the amount is ("aid", "fine", "deal", ...).
    pub what: Option<&'static str>,
}

/// The quantity a figure measures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quantity {
    pub kind: Kind,
    /// The counted noun when it names a particular group ("children", "soldiers"), singular and
    /// lower case; `None` for people in general ("people", "persons", no noun).
    pub counted: Option<Box<str>>,
    pub anchor: Anchor,
}

/// One figure of an article.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// The qualifier and the number, with its scale word, currency sign or percent sign: "more
    /// than 80", "$4.2 billion", "between 40 and 50". What a fix replaces.
    pub span: Span,
    /// The number alone, without the qualifier.
    pub number: Span,
    /// The sentence the figure stands in.
    pub sentence: Span,
    /// The values allowed by the number as written, before the qualifier.
    pub stated: Interval,
    /// The values allowed by the whole figure.
    pub interval: Interval,
    pub qualifier: Qualifier,
    pub form: Form,
    pub unit: Unit,
    /// The value of a plain whole number ("87", "eighty-seven"), which a fix may rewrite in the
    /// other form.
    pub integer: Option<u64>,
    /// What it counts, when the sentence ties it to something.
    pub quantity: Option<Quantity>,
    /// Why a figure that counts something is still not compared: "earlier figure", "increment",
    /// "hypothetical".
    pub note: Option<&'static str>,
}

impl Figure {
    /// Whether the figure takes part in comparisons.
    pub fn comparable(&self) -> bool {
        self.quantity.is_some() && self.note.is_none()
    }
}

/// Vague amounts and the values they are taken to allow. Longer phrases win over their first
/// word ("hundreds of thousands" over "hundreds"). The intervals are generous on purpose: a
/// desk flags "dozens" against 300, not against 59.
pub const VAGUE: &[Vague] = &[
    Vague { phrase: "a couple of", lo: 2.0, hi: 4.0 },
    Vague { phrase: "a few", lo: 2.0, hi: 9.0 },
    Vague { phrase: "a handful of", lo: 2.0, hi: 10.0 },
    Vague { phrase: "several", lo: 3.0, hi: 20.0 },
    Vague { phrase: "a few dozen", lo: 24.0, hi: 99.0 },
    Vague { phrase: "several dozen", lo: 30.0, hi: 150.0 },
    Vague { phrase: "dozens", lo: 20.0, hi: 199.0 },
    Vague { phrase: "scores", lo: 40.0, hi: 999.0 },
    Vague { phrase: "a few hundred", lo: 200.0, hi: 999.0 },
    Vague { phrase: "several hundred", lo: 200.0, hi: 999.0 },
    Vague { phrase: "hundreds", lo: 100.0, hi: 1_999.0 },
    Vague { phrase: "a few thousand", lo: 2_000.0, hi: 9_999.0 },
    Vague { phrase: "several thousand", lo: 2_000.0, hi: 20_000.0 },
    Vague { phrase: "thousands", lo: 1_000.0, hi: 99_999.0 },
    Vague { phrase: "tens of thousands", lo: 10_000.0, hi: 199_999.0 },
    Vague { phrase: "hundreds of thousands", lo: 100_000.0, hi: 1_999_999.0 },
    Vague { phrase: "millions", lo: 1e6, hi: 999_999_999.0 },
    Vague { phrase: "tens of millions", lo: 1e7, hi: 199_999_999.0 },
    Vague { phrase: "hundreds of millions", lo: 1e8, hi: 1_999_999_999.0 },
    Vague { phrase: "billions", lo: 1e9, hi: 999e9 },
];

/// One row of [`VAGUE`].
#[derive(Debug, Clone, Copy)]
pub struct Vague {
    pub phrase: &'static str,
    pub lo: f64,
    pub hi: f64,
}

/// How far round words ("a dozen", "a hundred", "half a million") and "about" reach either
/// side of their value: 20%.
pub const ROUND: f64 = 0.2;

/// Every figure of an article, in text order: those of the headline and the body paragraphs.
pub fn extract(text: &str, article: &Article) -> Vec<Figure> {
    let mut out = Vec::new();
    for block in &article.blocks {
        extract_into(text, block, &mut out);
    }
    out
}

/// The figures of one block (the headline or a body paragraph), with offsets relative to
/// `block.span.start`: what a document keeps per block (see `workspace::PerBlock`).
pub fn extract_block(text: &str, block: &Block) -> Option<Vec<Figure>> {
    if !matches!(block.kind, BlockKind::Headline | BlockKind::Body) {
        return None;
    }
    let mut out = Vec::new();
    extract_into(text, block, &mut out);
    let base = block.span.start;
    for figure in &mut out {
        figure.shift_back(base);
    }
    Some(out)
}

fn extract_into(text: &str, block: &Block, out: &mut Vec<Figure>) {
    if !matches!(block.kind, BlockKind::Headline | BlockKind::Body) {
        return;
    }
    let mut toks = Vec::new();
    let mut lower = String::new();
    let block_start = out.len();
    for sentence in &block.sentences {
        if !may_hold_number(text.get(sentence.clone()).unwrap_or_default())
            || !tokenize(text, sentence.clone(), &mut toks, &mut lower)
        {
            continue;
        }
        let title = block.kind == BlockKind::Headline && is_title_case(&toks);
        Sent { text, toks: &toks, lower: &lower, span: sentence.clone(), title }.figures(out, block_start);
    }
}

impl Figure {
    /// Moves the figure's offsets `by` bytes forward: from its block to its text.
    pub fn shift(&mut self, by: usize) {
        for span in [&mut self.span, &mut self.number, &mut self.sentence] {
            *span = span.start + by..span.end + by;
        }
    }

    fn shift_back(&mut self, by: usize) {
        for span in [&mut self.span, &mut self.number, &mut self.sentence] {
            *span = span.start - by..span.end - by;
        }
    }
}

/// [`extract`] on text that is not parsed yet.
pub fn extract_text(text: &str) -> Vec<Figure> {
    extract(text, &Article::parse(text))
}

/// Years in the datelines of an article ("Monday, 17 Apr, 2017", "MOSCOW, April 13, 2017 (AP)
/// —"): the story's own year, which does not mark a figure as belonging to another time.
pub fn dateline_years(text: &str, article: &Article) -> Vec<u16> {
    dateline_dates(text, article).years
}

/// The years and months an article's datelines name.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Dates {
    pub years: Vec<u16>,
    /// Full month names in lower case, as [`Anchor::when`] gives them.
    pub months: Vec<&'static str>,
}

/// The years and months of an article's datelines ("Tuesday, 9 Nov, 2021", "MOSCOW, April 13,
/// 2017 (AP) —"): the story's own time, which does not set a figure apart.
pub fn dateline_dates(text: &str, article: &Article) -> Dates {
    let mut dates = Dates::default();
    for block in &article.blocks {
        let span = match (block.kind, &block.dateline) {
            (BlockKind::Dateline, _) => block.span.clone(),
            (_, Some(dateline)) => dateline.clone(),
            _ => continue,
        };
        for word in words(text, span) {
            let word = &text[word];
            if let Some(year) = year_of(word) {
                if !dates.years.contains(&year) {
                    dates.years.push(year);
                }
            } else if let Some(month) = month_named(word) {
                if !dates.months.contains(&month) {
                    dates.months.push(month);
                }
            }
        }
    }
    dates
}

/// Whether two figures measure one quantity: same kind, unit and counted group, and anchors
/// that do not tell them apart. `story_years` are the years of the story itself (see
/// [`dateline_years`]), which do not set a figure apart. Left to the caller: figures of one
/// sentence, where a writer gives two values of one toll on purpose ("rose from 40 to 87"), and
/// sources ([`Anchor::source`]), which set figures apart within one article ("the ministry said
/// 70 ... rescuers said 87") but not across outlets, where a different attribution of a
/// different toll is the discrepancy an editor wants to see.
pub fn same_quantity(a: &Figure, b: &Figure, story_years: &[u16]) -> bool {
    let (Some(qa), Some(qb)) = (&a.quantity, &b.quantity) else { return false };
    if a.note.is_some() || b.note.is_some() {
        return false;
    }
    if qa.kind != qb.kind || a.unit != b.unit || qa.counted != qb.counted || far_apart(&a.interval, &b.interval) {
        return false;
    }
    let (x, y) = (&qa.anchor, &qb.anchor);
    if x.other_event || y.other_event {
        return false;
    }
    if !events_agree(x.event, y.event) || differ(&x.when, &y.when) {
        return false;
    }
    let disjoint = |a: &[Box<str>], b: &[Box<str>]| !a.is_empty() && !b.is_empty() && !a.iter().any(|p| b.contains(p));
    if disjoint(&x.places, &y.places) || disjoint(&x.sites, &y.sites) || differ(&x.located, &y.located) {
        return false;
    }
    // One mention located, the other not: only if the located one is not part of a breakdown.
    // (The caller may ask more: see `figure-conflict`, which wants the place named in the
    // other article.)
    if x.located.is_some() != y.located.is_some() && (x.breakdown || y.breakdown) {
        return false;
    }
    if x.period != y.period || !same_other_years(&x.years, &y.years, story_years) {
        return false;
    }
    match qa.kind {
        // Amounts and vote counts of different holders are different quantities, and an
        // unnamed holder may be anyone.
        // A company's results need not name it again: "posted a net loss of $1.2 billion".
        Kind::Money => {
            x.what.is_some()
                && x.what == y.what
                && (x.holder.is_some() || matches!(x.what, Some("loss" | "profit" | "revenue")))
                && x.holder == y.holder
        }
        // A cut at one site is part of the whole: "650 jobs at its headquarters in Utrecht".
        Kind::JobCuts => !differ(&x.holder, &y.holder) && x.located == y.located,
        Kind::Votes => x.holder.is_some() && x.holder == y.holder && x.side == y.side,
        // Expulsions come in tit-for-tat rounds: one named expeller is not an unnamed one.
        Kind::Expelled => x.holder == y.holder,
        _ => !differ(&x.holder, &y.holder),
    }
}

/// How many times apart two values must be to count different things rather than disagree
/// about one: copy that contradicts itself is a digit, a source or an update apart (80 and 87,
/// 214 and 241, 1,326 and "more than 1,800"), while "54 people were arrested that night" and
/// "more than 600 were detained during the curfew", or three dead in Cuba and 42 in Florida,
/// are the counts of different events that a sentence did not tell apart.
pub const FAR_APART: f64 = 5.0;

/// Whether every value of one interval is more than [`FAR_APART`] times every value of the
/// other. A zero ("no one was killed") is never far from anything.
fn far_apart(a: &Interval, b: &Interval) -> bool {
    let (low, high) = if a.hi < b.lo {
        (a, b)
    } else if b.hi < a.lo {
        (b, a)
    } else {
        return false;
    };
    low.hi > 0.0 && high.lo / low.hi > FAR_APART
}

/// Whether two lists of years name the same years other than the story's, as multisets.
/// Checks compare every pair of mentions of a quantity, so the usual few years are compared on
/// the stack.
fn same_other_years(a: &[u16], b: &[u16], story_years: &[u16]) -> bool {
    const FEW: usize = 8;
    // Most sentences name no year.
    if a.is_empty() && b.is_empty() {
        return true;
    }
    if a.len() > FEW || b.len() > FEW {
        let other = |years: &[u16]| {
            let mut years: Vec<u16> = years.iter().copied().filter(|y| !story_years.contains(y)).collect();
            years.sort_unstable();
            years
        };
        return other(a) == other(b);
    }
    let other = |years: &[u16]| {
        let (mut out, mut len) = ([0u16; FEW], 0);
        for &year in years.iter().filter(|y| !story_years.contains(y)) {
            out[len] = year;
            len += 1;
        }
        out[..len].sort_unstable();
        (out, len)
    };
    let ((x, x_len), (y, y_len)) = (other(a), other(b));
    x[..x_len] == y[..y_len]
}

/// Whether two event classes may be one event: the same class, an unnamed one, or violence of
/// no stated kind beside a protest or a war ("injured in the clashes", "injured during the
/// protest").
fn events_agree(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => {
            a == b || matches!((a, b), ("violence", "protest" | "war") | ("protest" | "war", "violence"))
        }
        _ => true,
    }
}

fn differ<T: PartialEq>(a: &Option<T>, b: &Option<T>) -> bool {
    matches!((a, b), (Some(a), Some(b)) if a != b)
}

/// A value as digits, with thousands separators: 1200 gives "1,200", 3.5 gives "3.5".
pub fn format_value(value: f64) -> String {
    if value.is_infinite() {
        return "∞".to_string();
    }
    if value.fract() != 0.0 && value < 1e6 {
        let s = format!("{value:.2}");
        return s.trim_end_matches('0').trim_end_matches('.').to_string();
    }
    format_integer(value.round() as u64)
}

/// 320000 gives "320,000".
pub fn format_integer(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A whole number in words, as news copy spells it: 87 gives "eighty-seven", 1200 gives "one
/// thousand two hundred". `None` from a billion up.
pub fn number_words(n: u64) -> Option<String> {
    const SMALL: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 10] = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
    fn below_thousand(n: u64, out: &mut Vec<String>) {
        let (hundreds, rest) = (n / 100, n % 100);
        if hundreds > 0 {
            out.push(format!("{} hundred", SMALL[hundreds as usize]));
        }
        if rest >= 20 {
            let (t, u) = (rest / 10, rest % 10);
            out.push(if u == 0 {
                TENS[t as usize].to_string()
            } else {
                format!("{}-{}", TENS[t as usize], SMALL[u as usize])
            });
        } else if rest > 0 {
            out.push(SMALL[rest as usize].to_string());
        }
    }
    if n >= 1_000_000_000 {
        return None;
    }
    if n == 0 {
        return Some("zero".to_string());
    }
    let mut parts = Vec::new();
    for (scale, name) in [(1_000_000, "million"), (1_000, "thousand"), (1, "")] {
        let chunk = (n / scale) % 1000;
        if chunk > 0 {
            below_thousand(chunk, &mut parts);
            if !name.is_empty() {
                parts.push(name.to_string());
            }
        }
    }
    Some(parts.join(" "))
}

// ---------------------------------------------------------------------------------------------
// Tokens
// ---------------------------------------------------------------------------------------------

/// A word of a sentence.
#[derive(Clone, Copy)]
struct Tok {
    start: usize,
    end: usize,
    /// The word in lower case, at `lower..lower + lower_len` of the sentence's arena; empty for
    /// words that are not ASCII or longer than any table entry. A curly apostrophe counts as
    /// straight.
    lower: u32,
    lower_len: u8,
    cap: bool,
    digit: bool,
    /// The word may start a number: digits, a number word, a vague amount, "a", "an", "half".
    num: bool,
    /// A clause break (comma, semicolon, colon, bracket, quote mark, dash) stands between the
    /// previous word and this one.
    brk: bool,
}

/// Splits a sentence into words, their lower-case forms going into `lower`. Returns whether
/// any word may start a number, the only sentences worth reading further.
fn tokenize(text: &str, span: Span, toks: &mut Vec<Tok>, lower: &mut String) -> bool {
    toks.clear();
    lower.clear();
    let mut prev_end = span.start;
    let mut candidate = false;
    let ascii = text.get(span.clone()).is_some_and(str::is_ascii);
    let mut fast = ascii.then_some(AsciiWords { bytes: text.as_bytes(), pos: span.start, end: span.end });
    let mut other = (!ascii).then(|| words(text, span));
    while let Some(w) = fast.as_mut().map_or_else(|| other.as_mut().and_then(Iterator::next), Iterator::next) {
        let word = &text[w.clone()];
        // Words start with a letter or digit, most often an ASCII one.
        let first = match word.as_bytes().first() {
            Some(&b) if b.is_ascii() => char::from(b),
            _ => word.chars().next().unwrap_or(' '),
        };
        let brk = !toks.is_empty() && is_break(&text[prev_end..w.start]);
        let at = lower.len();
        if ascii || word.is_ascii() {
            if word.len() <= 24 {
                lower.push_str(word);
                lower[at..].make_ascii_lowercase();
            }
        } else if word.len() <= 24 && word.chars().all(|c| c.is_ascii() || c == '’') {
            lower.extend(word.chars().map(|c| if c == '’' { '\'' } else { c.to_ascii_lowercase() }));
        }
        let digit = first.is_ascii_digit();
        let low = &lower[at..];
        let starts = digit || may_start_number(low);
        candidate = candidate || starts;
        let num = starts || matches!(low, "a" | "an" | "half");
        toks.push(Tok {
            start: w.start,
            end: w.end,
            lower: at as u32,
            lower_len: (lower.len() - at) as u8,
            cap: first.is_uppercase(),
            digit,
            num,
            brk,
        });
        prev_end = w.end;
    }
    candidate
}

/// Whether a word of `sentence` may start a number, as [`tokenize`] would find: never false
/// when it would find one. Many sentences of news copy hold no number (six in ten of the
/// generated 1 MB article), and this answers for them from the bytes, without splitting words:
/// a number starts with an ASCII digit or is a number word, and a number word (even
/// "twenty-one") starts with a run of ASCII letters that is itself one.
fn may_hold_number(sentence: &str) -> bool {
    let bytes = sentence.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_digit() {
            return true;
        }
        if !b.is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
            i += 1;
        }
        // The longest entry without a hyphen is "thousands".
        let run = &bytes[start..i];
        if run.len() <= 9 && has_number_shape(run) {
            let mut low = [0u8; 9];
            low[..run.len()].copy_from_slice(run);
            low.make_ascii_lowercase();
            if std::str::from_utf8(&low[..run.len()]).is_ok_and(may_start_number) {
                return true;
            }
        }
    }
    false
}

/// `article::words` for ASCII text, without decoding characters: the same spans (a test holds
/// them to it), in a fraction of the time.
struct AsciiWords<'a> {
    bytes: &'a [u8],
    pos: usize,
    end: usize,
}

impl Iterator for AsciiWords<'_> {
    type Item = Span;

    fn next(&mut self) -> Option<Span> {
        let (b, end) = (self.bytes, self.end);
        while self.pos < end && !b[self.pos].is_ascii_alphanumeric() {
            self.pos += 1;
        }
        if self.pos >= end {
            return None;
        }
        let start = self.pos;
        let mut i = start;
        let mut prev = 0u8;
        let mut group = 0usize;
        let mut dotted = false;
        let at = |k: usize| if k < end { Some(b[k]) } else { None };
        while i < end {
            let c = b[i];
            if c.is_ascii_alphanumeric() {
                group += 1;
                prev = c;
                i += 1;
                continue;
            }
            let after = i + 1;
            let next = at(after);
            let joins = match c {
                b'\'' | b'-' => prev.is_ascii_alphanumeric() && next.is_some_and(|n| n.is_ascii_alphanumeric()),
                b',' | b'.' if prev.is_ascii_digit() && next.is_some_and(|n| n.is_ascii_digit()) => true,
                b'.' if group == 1 && prev.is_ascii_alphabetic() => {
                    let letter = next.filter(u8::is_ascii_alphabetic).is_some();
                    if letter && at(after + 1) == Some(b'.') {
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

fn is_break(gap: &str) -> bool {
    // Most words are a single space apart.
    if gap == " " {
        return false;
    }
    gap.chars().any(|c| matches!(c, ',' | ';' | ':' | '(' | ')' | '[' | ']' | '"' | '“' | '”' | '—' | '!' | '?'))
        || (gap.contains(['–', '-']) && gap.contains(char::is_whitespace))
}

/// Headlines in title case ("Gas Attack Kills 87 In Syria") capitalise common words, which
/// must then not be read as names.
fn is_title_case(toks: &[Tok]) -> bool {
    let long: Vec<&Tok> = toks.iter().filter(|t| !t.digit && t.end - t.start > 3).collect();
    long.len() >= 2 && long.iter().filter(|t| t.cap).count() * 10 >= long.len() * 8
}

/// Words for amounts that may start a number, besides the number words.
const NUMBER_NOUNS: &[&str] = &[
    "dozen",
    "dozens",
    "scores",
    "hundred",
    "hundreds",
    "thousand",
    "thousands",
    "million",
    "millions",
    "billion",
    "billions",
    "tens",
    "several",
    "few",
    "handful",
    "couple",
];

fn may_start_number(w: &str) -> bool {
    has_number_shape(w.as_bytes()) && (word_number(w).is_some() || NUMBER_NOUNS.contains(&w))
}

/// Whether a word has the length, first letter and last letter (in either case) of a number
/// word, as [`number_words`] spells them, or an amount: most words that start like one ("the",
/// "said", "from") do not, and are turned away before the tables.
fn has_number_shape(w: &[u8]) -> bool {
    // A letter's low five bits are the same in both cases.
    fn shape(b: &[u8]) -> Option<(usize, usize, u32)> {
        let (&first, &last) = (b.first()?, b.last()?);
        (b.len() < 14).then(|| (b.len(), usize::from(first & 31), 1 << (last & 31)))
    }
    static SHAPES: std::sync::LazyLock<[[u32; 32]; 14]> = std::sync::LazyLock::new(|| {
        let mut shapes = [[0; 32]; 14];
        let words = (1..100).filter_map(number_words).chain(NUMBER_NOUNS.iter().map(|w| w.to_string()));
        for word in words {
            if let Some((len, first, last)) = shape(word.as_bytes()) {
                shapes[len][first] |= last;
            }
        }
        shapes
    });
    shape(w).is_some_and(|(len, first, last)| SHAPES[len][first] & last != 0)
}

/// "2017" as a year: four plain digits from 1800 to 2100.
fn year_of(word: &str) -> Option<u16> {
    if word.len() != 4 || !word.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: u16 = word.parse().ok()?;
    (1800..=2100).contains(&year).then_some(year)
}

// ---------------------------------------------------------------------------------------------
// Word tables
// ---------------------------------------------------------------------------------------------

fn small_number(w: &str) -> Option<u64> {
    Some(match w {
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        _ => return None,
    })
}

fn tens_number(w: &str) -> Option<u64> {
    Some(match w {
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        _ => return None,
    })
}

/// "seven", "seventy", "seventy-seven".
fn word_number(w: &str) -> Option<u64> {
    // Number words run from "six" to "seventy-seven" letters.
    if !(3..=13).contains(&w.len()) {
        return None;
    }
    let Some(hyphen) = w.bytes().position(|b| b == b'-') else {
        return small_number(w).or_else(|| tens_number(w));
    };
    let (tens, unit) = (&w[..hyphen], &w[hyphen + 1..]);
    let unit = small_number(unit).filter(|&u| u < 10)?;
    Some(tens_number(tens)? + unit)
}

fn scale_word(w: &str) -> Option<f64> {
    Some(match w {
        "thousand" => 1e3,
        "million" => 1e6,
        "billion" => 1e9,
        "trillion" => 1e12,
        _ => return None,
    })
}

/// Scales written as a suffix or abbreviation, valid only for money: "$4.2bn", "£3m".
fn money_scale(w: &str) -> Option<f64> {
    Some(match w {
        "k" => 1e3,
        "m" | "mn" | "mln" => 1e6,
        "bn" | "b" | "bln" => 1e9,
        "tn" | "trn" => 1e12,
        _ => return None,
    })
}

fn currency_word(w: &str) -> Option<char> {
    Some(match w {
        "dollars" => '$',
        "euros" => '€',
        "yuan" | "yen" => '¥',
        "rupees" => '₹',
        "rubles" | "roubles" => '₽',
        _ => return None,
    })
}

/// Whether a lower-case word is a month or its abbreviation (and so whether a `when` of an
/// anchor is a month rather than a weekday).
pub fn is_month(w: &str) -> bool {
    month_named(w).is_some()
}

/// A weekday, or a month written with its capital: "Tuesday", "Tuesday's", "April".
fn when_word(w: &str, cap: bool) -> Option<&'static str> {
    weekday(w).or_else(|| {
        if !cap {
            return None;
        }
        Some(match w.strip_suffix("'s").unwrap_or(w) {
            "january" => "january",
            "february" => "february",
            "march" => "march",
            "april" => "april",
            "may" => "may",
            "june" => "june",
            "july" => "july",
            "august" => "august",
            "september" => "september",
            "october" => "october",
            "november" => "november",
            "december" => "december",
            _ => return None,
        })
    })
}

fn weekday(w: &str) -> Option<&'static str> {
    let w = w.strip_suffix("'s").unwrap_or(w);
    Some(match w {
        "monday" => "monday",
        "tuesday" => "tuesday",
        "wednesday" => "wednesday",
        "thursday" => "thursday",
        "friday" => "friday",
        "saturday" => "saturday",
        "sunday" => "sunday",
        _ => return None,
    })
}

/// Units that make a number a time, a duration or a measure rather than a count of things.
fn is_unit_word(w: &str) -> bool {
    matches!(
        w,
        "second"
            | "seconds"
            | "minute"
            | "minutes"
            | "min"
            | "mins"
            | "hour"
            | "hours"
            | "hr"
            | "hrs"
            | "day"
            | "days"
            | "week"
            | "weeks"
            | "fortnight"
            | "month"
            | "months"
            | "year"
            | "years"
            | "yr"
            | "yrs"
            | "decade"
            | "decades"
            | "century"
            | "centuries"
            | "night"
            | "nights"
            | "weekend"
            | "weekends"
            | "generation"
            | "generations"
            | "km"
            | "kms"
            | "kilometre"
            | "kilometres"
            | "kilometer"
            | "kilometers"
            | "mile"
            | "miles"
            | "metre"
            | "metres"
            | "meter"
            | "meters"
            | "cm"
            | "mm"
            | "ft"
            | "feet"
            | "foot"
            | "inch"
            | "inches"
            | "yard"
            | "yards"
            | "kg"
            | "kgs"
            | "kilogram"
            | "kilograms"
            | "gram"
            | "grams"
            | "tonne"
            | "tonnes"
            | "ton"
            | "tons"
            | "lb"
            | "lbs"
            | "ounce"
            | "ounces"
            | "litre"
            | "litres"
            | "liter"
            | "liters"
            | "gallon"
            | "gallons"
            | "barrel"
            | "barrels"
            | "acre"
            | "acres"
            | "hectare"
            | "hectares"
            | "sq"
            | "square"
            | "degree"
            | "degrees"
            | "celsius"
            | "fahrenheit"
            | "mph"
            | "kph"
            | "knots"
            | "megawatts"
            | "mw"
            | "gw"
            | "kw"
    )
}

fn is_time_word(w: &str) -> bool {
    matches!(
        w,
        "a.m."
            | "p.m."
            | "am"
            | "pm"
            | "gmt"
            | "utc"
            | "bst"
            | "est"
            | "edt"
            | "pst"
            | "cet"
            | "o'clock"
            | "hrs"
            | "hours"
    )
}

/// Words before a number that make it a label, a reference or a rank: "page 4", "Resolution
/// 2118" (in lower case), "No. 1", "top 10".
fn is_label_word(w: &str) -> bool {
    matches!(
        w,
        "page"
            | "pages"
            | "p"
            | "pp"
            | "section"
            | "sections"
            | "article"
            | "articles"
            | "chapter"
            | "paragraph"
            | "clause"
            | "rule"
            | "resolution"
            | "no"
            | "nos"
            | "number"
            | "route"
            | "highway"
            | "flight"
            | "platform"
            | "gate"
            | "room"
            | "suite"
            | "apartment"
            | "unit"
            | "lot"
            | "item"
            | "exhibit"
            | "amendment"
            | "figure"
            | "fig"
            | "table"
            | "vol"
            | "volume"
            | "issue"
            | "season"
            | "episode"
            | "level"
            | "grade"
            | "class"
            | "category"
            | "size"
            | "channel"
            | "bus"
            | "interstate"
            | "road"
            | "line"
            | "verse"
            | "magnitude"
            | "version"
            | "model"
            | "code"
            | "phase"
            | "stage"
            | "round"
            | "game"
            | "match"
            | "top"
            | "day"
            | "week"
            | "year"
            | "call"
            | "phone"
            | "telephone"
            | "tel"
            | "fax"
            | "hotline"
            | "dial"
            | "aged"
            | "age"
            | "ages"
    )
}

/// Verbs and nouns around "3-1" or "52 to 48" that make it a score or a tally.
fn is_score_word(w: &str) -> bool {
    matches!(
        w,
        "won"
            | "win"
            | "wins"
            | "lost"
            | "lose"
            | "beat"
            | "beats"
            | "beating"
            | "defeated"
            | "defeat"
            | "drew"
            | "draw"
            | "trailed"
            | "trail"
            | "led"
            | "lead"
            | "leading"
            | "trailing"
            | "scored"
            | "score"
            | "victory"
            | "loss"
            | "vote"
            | "voted"
            | "margin"
            | "majority"
            | "decision"
            | "ruling"
            | "scoreline"
            | "advantage"
            | "aggregate"
            | "triumph"
            | "rout"
    )
}

fn qualifier_before(words: &[&str]) -> Option<Qualifier> {
    Some(match words {
        ["at", "least"] | ["no", "fewer", "than"] | ["no", "less", "than"] | ["not", "less", "than"] => {
            Qualifier::AtLeast
        }
        ["a", "minimum", "of"] => Qualifier::AtLeast,
        ["more", "than"] | ["over"] | ["above"] | ["upwards", "of"] | ["in", "excess", "of"] | ["well", "over"] => {
            Qualifier::MoreThan
        }
        ["just", "over"] | ["well", "above"] | ["greater", "than"] | ["exceeding"] => Qualifier::MoreThan,
        ["about"] | ["around"] | ["roughly"] | ["approximately"] | ["some"] | ["an", "estimated"] | ["estimated"] => {
            Qualifier::About
        }
        ["close", "to"] | ["circa"] | ["approx"] | ["in", "the", "region", "of"] => Qualifier::About,
        ["nearly"] | ["almost"] | ["just", "under"] | ["just", "shy", "of"] | ["not", "quite"] => Qualifier::Nearly,
        ["up", "to"] | ["as", "many", "as"] | ["at", "most"] | ["no", "more", "than"] | ["not", "more", "than"] => {
            Qualifier::UpTo
        }
        ["a", "maximum", "of"] | ["as", "much", "as"] => Qualifier::UpTo,
        ["fewer", "than"] | ["less", "than"] | ["under"] | ["below"] | ["well", "under"] | ["well", "below"] => {
            Qualifier::FewerThan
        }
        ["only"] | ["just"] | ["a", "total", "of"] | ["exactly"] | ["precisely"] => Qualifier::Exact,
        // "the death toll topped 1,000", "passed 1,000".
        ["tops"]
        | ["topped"]
        | ["passed"]
        | ["passes"]
        | ["exceeded"]
        | ["exceeds"]
        | ["surpassed"]
        | ["surpasses"] => Qualifier::AtLeast,
        ["crossed"] | ["crosses"] => Qualifier::AtLeast,
        _ => return None,
    })
}

/// Whether the written qualifier of a figure is a verb: "tops", "passed", "exceeded".
pub fn is_verb_qualifier(written: &str) -> bool {
    const VERBS: [&str; 10] =
        ["tops", "topped", "passed", "passes", "exceeded", "exceeds", "surpassed", "surpasses", "crossed", "crosses"];
    // Compared in place: every figure of a disputed quantity asks, for its fixes.
    let w = written.trim();
    VERBS.iter().find(|verb| w.eq_ignore_ascii_case(verb)).is_some_and(|verb| qualifier_before(&[verb]).is_some())
}

impl Qualifier {
    /// The plain phrase for the qualifier: "at least", "more than", ...; empty for none.
    pub fn phrase(self) -> &'static str {
        match self {
            Qualifier::Exact => "",
            Qualifier::AtLeast => "at least",
            Qualifier::MoreThan => "more than",
            Qualifier::About => "about",
            Qualifier::Nearly => "nearly",
            Qualifier::UpTo => "up to",
            Qualifier::FewerThan => "fewer than",
        }
    }
}

fn qualifier_after(words: &[&str]) -> Option<Qualifier> {
    Some(match words {
        ["or", "more"] | ["and", "counting"] | ["plus"] => Qualifier::AtLeast,
        ["or", "so"] | ["odd"] => Qualifier::About,
        ["or", "fewer"] | ["or", "less"] => Qualifier::UpTo,
        _ => return None,
    })
}

/// Nouns of people in general: a figure counting them has no particular counted group.
fn is_generic_person(w: &str) -> bool {
    matches!(w, "people" | "persons" | "person" | "individuals" | "individual" | "others")
}

/// Nouns of particular groups of people; the singular is the counted noun.
fn person_noun(w: &str) -> Option<&'static str> {
    Some(match w {
        "civilians" | "civilian" => "civilian",
        "children" | "child" | "kids" => "child",
        "women" | "woman" => "woman",
        "men" | "man" => "man",
        "soldiers" | "soldier" | "troops" | "servicemen" | "servicemembers" => "soldier",
        "police" | "policemen" | "policeman" | "officers" | "officer" | "policewomen" => "police",
        "militants" | "militant" | "fighters" | "fighter" | "rebels" | "rebel" | "insurgents" | "jihadists" => {
            "fighter"
        }
        "gunmen" | "gunman" | "attackers" | "attacker" | "assailants" | "assailant" => "attacker",
        "protesters" | "protestors" | "demonstrators" | "protester" => "protester",
        "students" | "student" | "pupils" => "student",
        "workers" | "worker" | "employees" | "staff" => "worker",
        "migrants" | "migrant" | "refugees" | "refugee" => "migrant",
        "passengers" | "passenger" => "passenger",
        "residents" | "resident" | "villagers" | "inhabitants" => "resident",
        "patients" | "patient" => "patient",
        "pilgrims" | "worshippers" | "worshipers" => "worshipper",
        "miners" | "miner" => "miner",
        "journalists" | "journalist" | "reporters" => "journalist",
        "members" => "member",
        "tourists" | "tourist" | "foreigners" | "foreigner" => "foreigner",
        "crew" | "sailors" | "pilots" | "crewmembers" => "crew",
        "firefighters" | "rescuers" => "rescuer",
        "doctors" | "nurses" | "medics" | "paramedics" => "medic",
        "babies" | "infants" | "teenagers" | "boys" | "girls" | "minors" | "toddlers" => "child",
        "adults" => "adult",
        "prisoners" | "inmates" | "detainees" => "prisoner",
        "hostages" | "hostage" | "captives" => "hostage",
        "diplomats" | "diplomat" | "envoys" => "diplomat",
        "victims" | "victim" => "victim",
        "suspects" | "suspect" => "suspect",
        "voters" => "voter",
        _ => return None,
    })
}

/// Nouns that name the counted thing and the kind at once: "87 deaths", "200 casualties".
fn kind_noun(w: &str) -> Option<Kind> {
    Some(match w {
        // Not "bodies": "92 bodies were recovered" is a count so far, not the toll.
        "deaths" | "fatalities" | "lives" => Kind::Deaths,
        "injuries" => Kind::Injuries,
        "casualties" => Kind::Casualties,
        "arrests" | "detentions" => Kind::Arrests,
        "evacuations" | "evacuees" => Kind::Evacuations,
        "layoffs" | "redundancies" => Kind::JobCuts,
        _ => return None,
    })
}

/// Nouns of buildings and settlements, which a disaster destroys or damages; the singular is
/// the counted noun.
fn structure_noun(w: &str) -> Option<&'static str> {
    Some(match w {
        "homes" | "home" | "houses" | "house" | "dwellings" | "residences" | "apartments" => "home",
        "buildings" | "building" | "structures" => "building",
        "villages" | "village" => "village",
        "schools" => "school",
        "businesses" | "shops" | "stores" => "business",
        "vehicles" | "cars" => "vehicle",
        "bridges" => "bridge",
        "hospitals" => "hospital",
        "mosques" | "churches" | "temples" => "place of worship",
        _ => return None,
    })
}

/// Nouns of jobs: "8,000 jobs", "1,200 positions".
fn is_job_noun(w: &str) -> bool {
    matches!(w, "jobs" | "positions" | "roles" | "posts")
}

/// What a verb before a structure does to it: "destroyed 143 homes", "damaging 2,000 houses".
fn structure_verb(w: &str) -> Option<Kind> {
    Some(match w {
        "destroyed" | "destroying" | "destroy" | "destroys" | "flattened" | "flattening" | "razed" | "levelled"
        | "leveled" | "gutted" | "burned" | "burnt" | "torched" | "consumed" => Kind::Destroyed,
        "damaged" | "damaging" | "damage" | "damages" => Kind::Damaged,
        _ => return None,
    })
}

/// A verb before a job noun that cuts the jobs: "cut 8,000 jobs", "to shed 1,200 positions".
fn is_job_cut_verb(w: &str) -> bool {
    matches!(
        w,
        "cut"
            | "cutting"
            | "cuts"
            | "eliminate"
            | "eliminating"
            | "eliminated"
            | "eliminates"
            | "slash"
            | "slashing"
            | "slashed"
            | "shed"
            | "shedding"
            | "sheds"
            | "axe"
            | "axing"
            | "axed"
            | "ax"
            | "scrap"
            | "scrapping"
            | "scrapped"
    )
}

fn missile_noun(w: &str) -> Option<&'static str> {
    Some(match w {
        "missiles" | "missile" | "tomahawk" | "tomahawks" => "missile",
        "rockets" | "rocket" => "rocket",
        "drones" => "drone",
        "projectiles" => "projectile",
        _ => return None,
    })
}

fn is_vote_noun(w: &str) -> bool {
    matches!(w, "votes" | "vote" | "ballots" | "ballot")
}

/// A verb that takes the figure as its object: "killed 87", "injuring 200".
fn left_verb(w: &str) -> Option<Kind> {
    Some(match w {
        "killed" | "kill" | "kills" | "killing" | "massacred" | "slaughtered" => Kind::Deaths,
        "injured" | "injuring" | "injure" | "injures" | "wounded" | "wounding" | "wound" | "wounds" | "hurt"
        | "hurting" => Kind::Injuries,
        "arrested" | "arresting" | "arrest" | "detained" | "detaining" | "detain" | "detains" => Kind::Arrests,
        "evacuated" | "evacuating" | "evacuate" | "evacuates" => Kind::Evacuations,
        "displaced" | "displacing" | "displace" | "displaces" => Kind::Displaced,
        "carrying" | "carried" | "carries" | "carry" => Kind::Aboard,
        "expelled" | "expelling" | "expel" | "expels" => Kind::Expelled,
        "freed" | "freeing" | "free" | "frees" | "released" | "releasing" | "release" | "releases" => Kind::Released,
        _ => return None,
    })
}

/// A word after the figure that tells what happened to the counted: "87 dead", "87 people
/// were killed", "hundreds injured".
fn right_cue(w: &str) -> Option<Kind> {
    Some(match w {
        "killed" | "dead" | "died" | "perished" | "slain" | "die" | "dies" | "dying" => Kind::Deaths,
        "injured" | "wounded" | "hurt" | "hospitalized" | "hospitalised" => Kind::Injuries,
        "missing" | "unaccounted" => Kind::Missing,
        "arrested" | "detained" => Kind::Arrests,
        "evacuated" => Kind::Evacuations,
        "displaced" | "homeless" | "fled" => Kind::Displaced,
        "aboard" | "onboard" => Kind::Aboard,
        "expelled" => Kind::Expelled,
        "freed" | "released" => Kind::Released,
        _ => return None,
    })
}

/// Words a toll can reach its figure through, reading leftwards: "the death toll rose to 87",
/// "the number of dead stood at 87", "deaths totalled 87".
fn is_toll_link(w: &str) -> bool {
    matches!(
        w,
        "to" | "at"
            | "of"
            | "rose"
            | "risen"
            | "rise"
            | "rising"
            | "rises"
            | "has"
            | "have"
            | "had"
            | "climbed"
            | "climbing"
            | "climbs"
            | "stands"
            | "stood"
            | "stand"
            | "standing"
            | "is"
            | "was"
            | "were"
            | "are"
            | "reached"
            | "reaching"
            | "hit"
            | "now"
            | "jumped"
            | "increased"
            | "put"
            | "puts"
            | "putting"
            | "raised"
            | "raising"
            | "officially"
            | "the"
            | "numbered"
            | "totalled"
            | "totaled"
            | "total"
            | "from"
            | "up"
            | "further"
            | "number"
            | "people"
            | "official"
    )
}

/// Words a cue can stand behind, reading rightwards: "87 people were reportedly killed".
fn is_right_link(w: &str) -> bool {
    matches!(
        w,
        "were"
            | "was"
            | "are"
            | "is"
            | "have"
            | "has"
            | "had"
            | "been"
            | "be"
            | "being"
            | "reportedly"
            | "also"
            | "all"
            | "who"
            | "later"
            | "now"
            | "already"
            | "confirmed"
            | "officially"
            | "believed"
            | "thought"
            | "said"
            | "known"
            | "reported"
            | "to"
            | "left"
            | "got"
            | "still"
            | "remain"
            | "remains"
            | "remained"
    )
}

/// Words that make a figure hypothetical: "could kill 1,000", "87 feared dead", "threatened to
/// evacuate 10,000".
fn is_modal(w: &str) -> bool {
    matches!(
        w,
        "could"
            | "might"
            | "would"
            | "will"
            | "can"
            | "should"
            | "may"
            | "threatened"
            | "threatens"
            | "threaten"
            | "threatening"
            | "feared"
            | "fears"
            | "fear"
            | "risk"
            | "risks"
            | "expected"
            | "expects"
            | "likely"
            | "unlikely"
            | "if"
            | "unless"
            | "potentially"
            | "possibly"
            | "plans"
            | "planned"
            | "plan"
            | "aims"
            | "aimed"
            | "wants"
            | "want"
            | "intended"
            | "intends"
            | "enough"
            | "capable"
            | "predicted"
            | "projected"
            | "warned"
            | "warns"
            | "estimates"
    )
}

/// Words that make a figure an earlier one than the story's current: "an earlier toll of 40",
/// "initially reported 40 dead".
fn is_superseding(w: &str) -> bool {
    matches!(w, "earlier" | "initial" | "initially" | "previous" | "previously" | "preliminary" | "originally")
}

/// Verbs of change: "rose from 40 to 87", "up from 40", "revised down from 90".
fn is_change(w: &str) -> bool {
    matches!(
        w,
        "rose"
            | "risen"
            | "rising"
            | "increased"
            | "climbed"
            | "jumped"
            | "up"
            | "down"
            | "revised"
            | "raised"
            | "raising"
            | "lowered"
            | "fell"
            | "fallen"
            | "dropped"
            | "grew"
            | "soared"
            | "surged"
            | "declined"
            | "cut"
    )
}

/// Event nouns, by class: the figure's event is the nearest one in its sentence.
fn event_class(w: &str) -> Option<&'static str> {
    Some(match w {
        "attack" | "attacks" | "assault" | "assaults" | "massacre" => "attack",
        "strike" | "strikes" | "airstrike" | "airstrikes" | "raid" | "raids" | "bombardment" | "shelling" => "strike",
        "bombing" | "bombings" | "blast" | "blasts" | "explosion" | "explosions" | "bomb" => "bombing",
        "shooting" | "shootings" | "shootout" => "shooting",
        "crash" | "collision" | "derailment" => "crash",
        "earthquake" | "earthquakes" | "quake" | "tremor" | "aftershock" | "tsunami" => "earthquake",
        "flood" | "floods" | "flooding" | "landslide" | "landslides" | "mudslide" => "flood",
        "storm" | "hurricane" | "typhoon" | "cyclone" | "tornado" => "storm",
        "wildfire" | "wildfires" | "blaze" | "inferno" => "fire",
        "stampede" | "crush" => "stampede",
        "shipwreck" | "shipwrecks" | "sinking" | "capsizing" => "shipwreck",
        "collapse" => "collapse",
        "war" | "wars" | "conflict" | "insurgency" | "uprising" => "war",
        // Violence of no stated kind: the clashes of a protest or the fighting of a war.
        "fighting" | "violence" | "clashes" | "unrest" => "violence",
        "epidemic" | "pandemic" | "outbreak" => "outbreak",
        "protests" | "protest" | "riots" | "riot" => "protest",
        _ => return None,
    })
}

/// Words before an event noun that make it another event than the story's.
fn is_other_event(w: &str) -> bool {
    matches!(
        w,
        "another"
            | "separate"
            | "similar"
            | "second"
            | "third"
            | "fourth"
            | "previous"
            | "earlier"
            | "prior"
            | "past"
            | "former"
            | "other"
            | "subsequent"
            | "since"
    )
}

/// Words whose presence in a figure's clause makes it a sum over a period.
fn period_word(w: &str) -> Option<&'static str> {
    Some(match w {
        "since" => "since",
        "annually" | "annual" | "yearly" => "per year",
        _ => return None,
    })
}

/// What an amount of money is for.
fn money_what(w: &str) -> Option<&'static str> {
    Some(match w {
        "aid" | "assistance" | "package" => "aid",
        "fine" | "fined" | "fines" | "penalty" => "fine",
        "deal" | "contract" | "agreement" | "acquisition" | "takeover" | "bought" | "buy" | "acquire" | "acquired" => {
            "deal"
        }
        "budget" | "budgets" => "budget",
        "loan" | "loans" | "bailout" | "lent" => "loan",
        "compensation" | "damages" | "settlement" | "settle" | "settled" => "settlement",
        "ransom" => "ransom",
        "bail" => "bail",
        "reward" | "bounty" => "reward",
        "investment" | "invest" | "invested" | "investing" => "investment",
        "pledged" | "pledge" | "pledges" | "promised" | "donated" | "donation" | "donations" => "pledge",
        "raised" | "raise" | "raising" => "raised",
        "cost" | "costs" | "spent" | "spend" | "spending" => "cost",
        "paid" | "pay" | "paying" => "paid",
        "revenue" | "revenues" | "sales" => "revenue",
        "profit" | "profits" => "profit",
        "losses" | "loss" => "loss",
        _ => return None,
    })
}

/// Words that, before a figure, attribute it: "officials said 87 died" is about the source,
/// the number is the source's.
fn is_attribution_verb(w: &str) -> bool {
    matches!(w, "said" | "says" | "say" | "told" | "reported" | "reports" | "announced" | "stated" | "estimated")
}

fn is_pronoun(w: &str) -> bool {
    matches!(w, "he" | "she" | "they" | "it" | "we" | "i" | "you" | "who" | "which" | "that" | "this" | "there")
}

fn is_determiner(w: &str) -> bool {
    matches!(w, "the" | "a" | "an" | "its" | "their" | "his" | "her" | "our" | "this" | "that" | "these" | "those")
}

/// Words that end the search for a counted noun after a figure: they are not modifiers.
fn is_function_word(w: &str) -> bool {
    is_determiner(w)
        || is_pronoun(w)
        || is_modal(w)
        || is_right_link(w)
        || right_cue(w).is_some()
        || left_verb(w).is_some()
        || matches!(
            w,
            "in" | "on"
                | "at"
                | "by"
                | "for"
                | "from"
                | "with"
                | "without"
                | "into"
                | "onto"
                | "over"
                | "under"
                | "after"
                | "before"
                | "during"
                | "since"
                | "until"
                | "as"
                | "than"
                | "of"
                | "off"
                | "out"
                | "up"
                | "down"
                | "about"
                | "around"
                | "across"
                | "against"
                | "along"
                | "among"
                | "between"
                | "through"
                | "toward"
                | "towards"
                | "near"
                | "inside"
                | "outside"
                | "within"
                | "and"
                | "or"
                | "but"
                | "nor"
                | "so"
                | "yet"
                | "whom"
                | "whose"
                | "what"
                | "when"
                | "where"
                | "while"
                | "because"
                | "although"
                | "though"
                | "them"
                | "him"
                | "us"
                | "not"
                | "no"
                | "each"
                | "both"
                | "many"
                | "most"
                | "some"
                | "including"
                | "more"
                | "fewer"
                | "less"
                | "told"
                | "says"
                | "according"
        )
}

// ---------------------------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------------------------

/// "1,200" gives (1200, 0 decimals), "3.5" gives (3.5, 1); bad digit grouping gives `None`.
fn parse_decimal(s: &str) -> Option<(f64, u32)> {
    let (int, frac) = match s.split_once('.') {
        Some((int, frac)) => (int, Some(frac)),
        None => (s, None),
    };
    if int.is_empty() || int.len() > 19 || !int.bytes().all(|b| b.is_ascii_digit() || b == b',') {
        return None;
    }
    if int.contains(',') {
        let mut groups = int.split(',');
        let first = groups.next()?;
        if first.is_empty() || first.len() > 3 || first.starts_with('0') || !groups.all(|g| g.len() == 3) {
            return None;
        }
    }
    let mut value = 0f64;
    for b in int.bytes().filter(|b| b.is_ascii_digit()) {
        value = value * 10.0 + f64::from(b - b'0');
    }
    let mut decimals = 0;
    if let Some(frac) = frac {
        if frac.is_empty() || frac.len() > 6 || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let mut unit = 1.0;
        for b in frac.bytes() {
            unit /= 10.0;
            value += f64::from(b - b'0') * unit;
        }
        decimals = frac.len() as u32;
    }
    Some((value, decimals))
}

/// A number as parsed, before qualifiers and before it is known what it counts.
#[derive(Debug, Clone)]
struct Num {
    /// Token range of the number (with a glued "US" of "US$").
    first: usize,
    end: usize,
    /// Byte span, with currency and percent signs.
    start: usize,
    stop: usize,
    /// Stated value (or the ends of a range) before the scale.
    lo: f64,
    hi: f64,
    decimals: u32,
    scale: f64,
    form: Form,
    unit: Unit,
    range: bool,
    /// Round words: "a dozen", "a hundred", "half a million".
    round: bool,
    /// A qualifier written into the number: "80-plus", "80-odd".
    post: Option<Qualifier>,
    /// A vague amount already carries its interval.
    vague: Option<(f64, f64)>,
}

impl Num {
    fn stated(&self) -> Interval {
        if let Some((lo, hi)) = self.vague {
            return Interval::closed(lo, hi);
        }
        let (lo, hi) = (self.lo * self.scale, self.hi * self.scale);
        if self.range {
            Interval::closed(lo, hi)
        } else if self.round {
            Interval::closed(lo * (1.0 - ROUND), lo * (1.0 + ROUND))
        } else if self.scale > 1.0 || self.unit == Unit::Percent {
            // "3.5 million" is rounded to its last digit: 3.45 to 3.55 million.
            let half = 0.5 * self.scale / 10f64.powi(self.decimals as i32);
            Interval::closed(lo - half, lo + half)
        } else {
            Interval::exact(lo)
        }
    }

    fn integer(&self) -> Option<u64> {
        let plain = self.vague.is_none() && !self.range && !self.round && self.unit == Unit::Count;
        let value = self.lo * self.scale;
        (plain && self.scale == 1.0 && value.fract() == 0.0 && value < 1e15).then_some(value as u64)
    }
}

fn apply(q: Qualifier, s: Interval) -> Interval {
    const INF: f64 = f64::INFINITY;
    match q {
        Qualifier::Exact => s,
        Qualifier::AtLeast => Interval { lo: s.lo, hi: INF, lo_open: s.lo_open, hi_open: false },
        Qualifier::MoreThan => Interval { lo: s.lo, hi: INF, lo_open: true, hi_open: false },
        Qualifier::About => Interval::closed(s.lo * (1.0 - ROUND), s.hi * (1.0 + ROUND)),
        Qualifier::Nearly => Interval::closed(s.lo * (1.0 - ROUND), s.hi),
        Qualifier::UpTo => Interval::closed(0.0, s.hi),
        Qualifier::FewerThan => Interval { lo: 0.0, hi: s.hi, lo_open: false, hi_open: true },
    }
}

// ---------------------------------------------------------------------------------------------
// Sentences
// ---------------------------------------------------------------------------------------------

/// One sentence under analysis.
struct Sent<'a> {
    text: &'a str,
    toks: &'a [Tok],
    /// The arena of the words' lower-case forms.
    lower: &'a str,
    span: Span,
    title: bool,
}

/// What follows a figure: the counted noun, if any.
enum Counted {
    /// No noun: "87 were killed", "killed 87".
    Nothing,
    /// People, in general (`None`) or a particular group.
    Person(Option<Box<str>>),
    /// A noun that is its own kind: "87 deaths".
    KindNoun(Kind),
    Missile(&'static str),
    Votes,
    /// Buildings or settlements: "143 homes", "twelve villages" (see [`structure_noun`]).
    Structure(&'static str),
    /// "8,000 jobs", "1,200 positions".
    Jobs,
    /// "31 of them", "three of the dead": part of another figure.
    Partitive,
    /// Some other thing: "3 attacks", "dozens of letters".
    Other,
}

impl<'a> Sent<'a> {
    fn len(&self) -> usize {
        self.toks.len()
    }

    fn low(&self, i: usize) -> &'a str {
        self.toks.get(i).map_or("", |t| &self.lower[t.lower as usize..t.lower as usize + t.lower_len as usize])
    }

    /// Whether tokens `a` and `b` (a < b) stand in one clause with nothing between.
    fn joined(&self, a: usize, b: usize) -> bool {
        b < self.len() && (a + 1..=b).all(|k| !self.toks[k].brk)
    }

    /// The word before `i` in its clause, or "".
    fn prev(&self, i: usize) -> &'a str {
        if i == 0 || self.toks[i].brk {
            ""
        } else {
            self.low(i - 1)
        }
    }

    /// The word at `i` if it continues the clause, or "".
    fn next(&self, i: usize) -> &'a str {
        match self.toks.get(i) {
            Some(t) if !t.brk => self.low(i),
            _ => "",
        }
    }

    fn when_at(&self, i: usize) -> Option<&'static str> {
        when_word(self.low(i), self.toks[i].cap)
    }

    fn raw(&self, i: usize) -> &'a str {
        &self.text[self.toks[i].start..self.toks[i].end]
    }

    fn gap_before(&self, i: usize) -> &'a str {
        let from = if i == 0 { self.span.start } else { self.toks[i - 1].end };
        &self.text[from..self.toks[i].start]
    }

    fn gap_after(&self, i: usize) -> &'a str {
        let to = self.toks.get(i + 1).map_or(self.span.end, |t| t.start);
        &self.text[self.toks[i].end..to]
    }

    /// Number of tokens of `phrase` (space-separated, lower case) matched from `i`, or 0.
    fn phrase_at(&self, i: usize, phrase: &str) -> usize {
        let mut j = i;
        for w in phrase.split(' ') {
            if j >= self.len() || self.low(j) != w || (j > i && self.toks[j].brk) {
                return 0;
            }
            j += 1;
        }
        j - i
    }

    /// The clause around tokens `first..end`: from the last break at or before `first` to the
    /// next break after `end`.
    fn clause(&self, first: usize, end: usize) -> Span {
        let start = (1..=first).rev().find(|&k| self.toks[k].brk).unwrap_or(0);
        let stop = (end.max(first + 1)..self.len()).find(|&k| self.toks[k].brk).unwrap_or(self.len());
        start..stop
    }

    /// The figures of the sentence, pushed to `out`, whose figures from `block_start` on are
    /// those of the sentences before in the block.
    fn figures(&self, out: &mut Vec<Figure>, block_start: usize) {
        let mut i = 0;
        // What the sentence says about every figure in it, worked out once, when a figure
        // first turns out to count something.
        let mut facts: Option<Facts> = None;
        while i < self.len() {
            let Some(num) = self.toks[i].num.then(|| self.number_at(i)).flatten() else {
                i += 1;
                continue;
            };
            // Two numbers joined into a range, or a tally such as "52 to 48".
            let (num, superseded) = match self.join_range(num) {
                Ok(pair) => pair,
                Err(skip) => {
                    i = skip;
                    continue;
                }
            };
            i = num.end.max(i + 1);
            if self.excluded(&num) {
                continue;
            }
            let (first, qualifier) = self.qualifier(&num);
            let (qualifier, end) = match (num.post, self.post_qualifier(num.end)) {
                (Some(q), _) => (q, num.end),
                (None, Some((q, n))) => (q, num.end + n),
                (None, None) => (qualifier, num.end),
            };
            let stop = if end > num.end { self.toks[end - 1].end } else { num.stop };
            let span = self.toks[first].start.min(num.start)..stop;
            let stated = num.stated();
            let mut figure = Figure {
                span,
                number: num.start..num.stop,
                sentence: self.span.clone(),
                stated,
                interval: apply(qualifier, stated),
                qualifier,
                form: num.form,
                unit: num.unit,
                integer: num.integer(),
                quantity: None,
                note: superseded.then_some("earlier figure"),
            };
            if let Some(tie) = self.tie(&num, first, end) {
                let facts = facts.get_or_insert_with(|| Facts {
                    years: self.years(),
                    events: (0..self.len()).filter(|&k| self.is_event_noun(k)).collect(),
                    source: self.source(),
                    periods: (0..self.len()).filter_map(|k| Some((k, self.period_at(k)?))).collect(),
                });
                let anchor = self.anchor(first, end, &tie, facts);
                // "Seven people were killed and another 21 wounded": "another" after a figure of
                // another kind adds a quantity, not to one.
                let mut note = tie.note;
                if note == Some("increment") && matches!(self.prev(first), "another" | "further" | "additional") {
                    let earlier = out[block_start..].iter().filter_map(|f| f.quantity.as_ref().map(|q| q.kind));
                    let mut earlier = earlier.peekable();
                    if earlier.peek().is_some() && earlier.all(|kind| kind != tie.kind) {
                        note = None;
                    }
                }
                if figure.note.is_none() {
                    figure.note = note;
                }
                figure.quantity = Some(Quantity { kind: tie.kind, counted: tie.counted, anchor });
            }
            i = end.max(i);
            out.push(figure);
        }
    }

    // -- numbers --------------------------------------------------------------------------

    fn number_at(&self, i: usize) -> Option<Num> {
        if self.toks[i].digit {
            return self.digits_at(i);
        }
        let w = self.low(i);
        let vague_start = match w {
            "a" => matches!(self.next(i + 1), "few" | "handful" | "couple"),
            _ => matches!(
                w,
                "several" | "dozens" | "scores" | "hundreds" | "thousands" | "millions" | "billions" | "tens"
            ),
        };
        if vague_start {
            if let Some(num) = self.vague_at(i) {
                return Some(num);
            }
        }
        if word_number(w).is_some() || matches!(w, "a" | "an" | "half") {
            return self.words_at(i);
        }
        None
    }

    fn digits_at(&self, i: usize) -> Option<Num> {
        let raw = self.raw(i);
        let t = &self.toks[i];
        let mut num = Num {
            first: i,
            end: i + 1,
            start: t.start,
            stop: t.end,
            lo: 0.0,
            hi: 0.0,
            decimals: 0,
            scale: 1.0,
            form: Form::Digits,
            unit: Unit::Count,
            range: false,
            round: false,
            post: None,
            vague: None,
        };
        if let Some(h) = raw.find(['-', '‐', '‑']) {
            let dash = raw[h..].chars().next()?.len_utf8();
            let (a, b) = (&raw[..h], &raw[h + dash..]);
            let (va, decimals) = parse_decimal(a)?;
            if !b.is_empty() && b.bytes().all(|c| c.is_ascii_digit()) {
                // "40-50" is a range; "3-1" a score, "555-0100" a phone number.
                let (vb, _) = parse_decimal(b)?;
                let phone = a.len() == 3 && b.len() == 4;
                if va >= vb
                    || phone
                    || b.starts_with('0')
                    || is_score_word(self.prev(i))
                    || is_score_word(self.next(i + 1))
                {
                    return None;
                }
                num.lo = va;
                num.hi = vb;
                num.range = true;
            } else {
                // "80-plus", "80-odd"; "61-year-old", "two-hour" and "10-day" are adjectives.
                num.post = Some(match b.to_ascii_lowercase().as_str() {
                    "plus" => Qualifier::AtLeast,
                    "odd" => Qualifier::About,
                    _ => return None,
                });
                num.lo = va;
                num.hi = va;
                num.decimals = decimals;
            }
        } else {
            let split = raw.find(|c: char| c.is_alphabetic()).unwrap_or(raw.len());
            let (digits, suffix) = raw.split_at(split);
            let (value, decimals) = parse_decimal(digits)?;
            num.lo = value;
            num.hi = value;
            num.decimals = decimals;
            if !suffix.is_empty() {
                // "$4.2bn"; "8th", "1990s" and "9mm" are not counts.
                num.scale = money_scale(&suffix.to_ascii_lowercase())?;
            }
        }
        // A currency sign before the number: "$87", "US$87", "£3m".
        let gap = self.gap_before(i);
        if let Some(sign) = gap.chars().next_back().filter(|c| matches!(c, '$' | '£' | '€' | '¥' | '₹' | '₽')) {
            num.unit = Unit::Money(sign);
            num.start = t.start - sign.len_utf8();
            if gap.len() == sign.len_utf8() && i > 0 && matches!(self.low(i - 1), "us" | "a" | "c" | "nz" | "hk" | "s")
            {
                num.first = i - 1;
                num.start = self.toks[i - 1].start;
            }
        } else if num.scale != 1.0 {
            return None;
        }
        if num.range {
            return Some(num);
        }
        // A scale word: "3.5 million", "$4.2 billion".
        let next = self.next(num.end);
        if let Some(scale) =
            scale_word(next).or_else(|| if matches!(num.unit, Unit::Money(_)) { money_scale(next) } else { None })
        {
            if num.scale == 1.0 {
                num.scale = scale;
                num.stop = self.toks[num.end].end;
                num.end += 1;
            }
        }
        // A percentage: "40%", "40 percent", "40 per cent".
        if self.gap_after(num.end - 1).starts_with('%') {
            num.unit = Unit::Percent;
            num.stop = self.toks[num.end - 1].end + 1;
        } else if matches!(self.next(num.end), "percent" | "pct") {
            num.unit = Unit::Percent;
            num.stop = self.toks[num.end].end;
            num.end += 1;
        } else if self.next(num.end) == "per" && self.next(num.end + 1) == "cent" {
            num.unit = Unit::Percent;
            num.stop = self.toks[num.end + 1].end;
            num.end += 2;
        } else if let Some(sign) = currency_word(self.next(num.end)).filter(|_| num.unit == Unit::Count) {
            num.unit = Unit::Money(sign);
            num.stop = self.toks[num.end].end;
            num.end += 1;
        }
        // Years: four plain digits, unless they count people ("2000 people") or things.
        if num.unit == Unit::Count && num.scale == 1.0 && self.is_year(i) {
            return None;
        }
        Some(num)
    }

    fn words_at(&self, i: usize) -> Option<Num> {
        let first = self.low(i);
        let mut j = i;
        let mut total = 0u64;
        let mut current = 0u64;
        let mut round = false;
        let mut any = false;
        let mut half = false;
        // "a dozen", "a hundred", "half a million".
        if first == "half" && self.next(i + 1) == "a" {
            half = true;
            j = i + 2;
            round = true;
            if !matches!(self.next(j), "dozen" | "million" | "billion" | "thousand" | "hundred") {
                return None;
            }
        } else if matches!(first, "a" | "an") {
            if !matches!(self.next(i + 1), "dozen" | "hundred" | "thousand" | "million" | "billion") {
                return None;
            }
            current = 1;
            round = true;
            j = i + 1;
        }
        let mut last_was_unit = false;
        while j < self.len() && (j == i || !self.toks[j].brk) {
            let w = self.low(j);
            if let Some(n) = word_number(w) {
                if last_was_unit || current % 100 != 0 && current != 0 {
                    break;
                }
                current += n;
                last_was_unit = true;
            } else if w == "hundred" {
                current = current.max(1) * 100;
                last_was_unit = false;
            } else if w == "dozen" {
                current = current.max(1) * 12;
                round = true;
                last_was_unit = false;
            } else if let Some(scale) = scale_word(w) {
                total += current.max(1) * scale as u64;
                current = 0;
                last_was_unit = false;
            } else if w == "and" && any && !last_was_unit && word_number(self.next(j + 1)).is_some() {
                // "one hundred and twenty"
            } else {
                break;
            }
            any = true;
            j += 1;
        }
        if !any || j == i {
            return None;
        }
        let mut value = (total + current) as f64;
        if half {
            value /= 2.0;
        }
        if value == 0.0 {
            return None;
        }
        // "one" is a pronoun more often than a count: only "one person", "one soldier".
        if value == 1.0 {
            let next = self.next(j);
            if !(matches!(next, "person" | "man" | "woman" | "child" | "boy" | "girl") || person_noun(next).is_some()) {
                return None;
            }
            if matches!(self.prev(i), "no" | "any" | "every" | "some" | "each" | "the") {
                return None;
            }
        }
        let t = &self.toks;
        Some(Num {
            first: i,
            end: j,
            start: t[i].start,
            stop: t[j - 1].end,
            lo: value,
            hi: value,
            decimals: 0,
            scale: 1.0,
            form: Form::Words,
            unit: Unit::Count,
            range: false,
            round,
            post: None,
            vague: None,
        })
    }

    fn vague_at(&self, i: usize) -> Option<Num> {
        let w = self.low(i);
        let starts = |phrase: &str| phrase.starts_with(w) && phrase.as_bytes().get(w.len()).is_none_or(|&b| b == b' ');
        let (row, n) = VAGUE
            .iter()
            .filter(|row| starts(row.phrase))
            .map(|row| (row, self.phrase_at(i, row.phrase)))
            .filter(|(_, n)| *n > 0)
            .max_by_key(|(_, n)| *n)?;
        let phrase_end = i + n;
        // "a handful of" and "a couple of" keep their "of" outside the number.
        let end = if row.phrase.ends_with(" of") { phrase_end - 1 } else { phrase_end };
        // "scores" is a figure only where it counts: "scores of people", "killed scores",
        // "scores were killed"; "test scores" is not.
        if row.phrase == "scores" {
            let counts = self.next(end) == "of"
                || left_verb(self.prev(i)).is_some()
                || right_cue(self.next(end)).is_some()
                || (is_right_link(self.next(end)) && right_cue(self.next(end + 1)).is_some());
            if !counts {
                return None;
            }
        }
        let t = &self.toks;
        Some(Num {
            first: i,
            end,
            start: t[i].start,
            stop: t[end - 1].end,
            lo: row.lo,
            hi: row.hi,
            decimals: 0,
            scale: 1.0,
            form: Form::Vague,
            unit: Unit::Count,
            range: false,
            round: false,
            post: None,
            vague: Some((row.lo, row.hi)),
        })
    }

    /// Joins "between 40 and 50", "40 to 50", "two or three" and "40–50" into one range.
    /// `Ok((num, superseded))`: the number (maybe joined), and whether it is the old value of
    /// a change ("rose from 40 to 87"). `Err(next)`: a tally such as "52 to 48", skipped.
    fn join_range(&self, num: Num) -> Result<(Num, bool), usize> {
        let e = num.end;
        let dash = e < self.len() && matches!(self.gap_before(e), "–" | "‒") && !self.toks[e].brk;
        let link = self.next(e);
        if num.range || num.vague.is_some() || !(dash || matches!(link, "to" | "and" | "or")) {
            return Ok((num, false));
        }
        let second_at = if dash { e } else { e + 1 };
        if second_at >= self.len() || (second_at > e && self.toks[second_at].brk) {
            return Ok((num, false));
        }
        let Some(second) = self.number_at(second_at).filter(|s| s.vague.is_none() && s.unit == num.unit && !s.range)
        else {
            return Ok((num, false));
        };
        let between = num.first > 0 && self.prev(num.first) == "between";
        if link == "and" && !between {
            return Ok((num, false));
        }
        let from = self.prev(num.first) == "from";
        if link == "to" && from {
            // "rose from 40 to 87": 40 is the old value, 87 the current one.
            let k = num.first - 1;
            let changed = (k.saturating_sub(3)..k).any(|m| self.joined(m, k) && is_change(self.low(m)));
            if changed {
                return Ok((num, true));
            }
        }
        let mut lo = num.lo * num.scale;
        let hi = second.lo * second.scale;
        // "40 to 50 million": the scale of the second number applies to the first.
        if num.scale == 1.0 && second.scale > 1.0 && num.lo < second.lo {
            lo = num.lo * second.scale;
        }
        if lo >= hi {
            if link == "to" || dash {
                // A tally or a score: "voted 52 to 48", "won 3–1".
                return Err(second.end);
            }
            return Ok((num, false));
        }
        let mut joined = num.clone();
        joined.lo = lo;
        joined.hi = hi;
        joined.scale = 1.0;
        joined.range = true;
        joined.round = false;
        joined.end = second.end;
        joined.stop = second.stop;
        if between {
            joined.first = num.first - 1;
            joined.start = self.toks[num.first - 1].start;
        }
        Ok((joined, false))
    }

    /// Numbers that are not figures: dates, times, ages, durations, measures, labels, phone
    /// numbers, ratios.
    fn excluded(&self, n: &Num) -> bool {
        let (first, end) = (n.first, n.end);
        let prev = self.prev(first);
        let next = self.next(end);
        let digits = n.form == Form::Digits;
        let small_whole = n.lo.fract() == 0.0 && n.lo <= 31.0 && n.scale == 1.0;
        // Dates: "April 12", "12 April".
        if digits && small_whole && (is_month(prev) || is_month(next)) {
            return true;
        }
        // Times, ratios and fractions: "10 a.m.", "10:30", "24/7", "9/11", "3:1".
        if is_time_word(next) {
            return true;
        }
        let before = self.gap_before(first);
        let after = if end > 0 { self.gap_after(end - 1) } else { "" };
        if digits
            && (before.ends_with([':', '/', '#', '.', '+'])
                || after.starts_with([':', '/'])
                || (after.starts_with('.') && self.toks.get(end).is_some_and(|t| t.digit)))
        {
            return true;
        }
        // Durations and measures: "six years", "two hours", "40 km", "hundreds of miles".
        if is_unit_word(next) || (next == "of" && is_unit_word(self.next(end + 1))) {
            return true;
        }
        // "61 years old", "aged 61", "at the age of 61", labels and references.
        if is_label_word(prev) || (prev == "of" && first >= 2 && self.low(first - 2) == "age") {
            return true;
        }
        // "died at 87": an age.
        if prev == "at" && first >= 2 && matches!(self.low(first - 2), "died" | "dies" | "dead" | "death") {
            return true;
        }
        // "Smith, 61, said": an age after a name.
        if digits
            && first > 0
            && n.lo <= 120.0
            && before.trim() == ","
            && self.toks[first - 1].cap
            && (after.trim_start().starts_with([',', ')']))
        {
            return true;
        }
        // "Boeing 737", "Apollo 11", "Resolution 2118": a capitalised word before the number
        // names a thing.
        if digits && first > 0 && !self.toks[first].brk && before == " " && !self.title {
            let p = &self.toks[first - 1];
            if p.cap && first - 1 > 0 && !p.digit && qualifier_before(&[prev]).is_none() && left_verb(prev).is_none() {
                return true;
            }
        }
        // Phone numbers and codes: digit groups in a row.
        if digits {
            let digit_near = |k: usize, gap: &str| self.toks.get(k).is_some_and(|t| t.digit) && gap.trim().is_empty();
            if (first > 0 && digit_near(first - 1, before)) || digit_near(end, after) {
                return true;
            }
        }
        false
    }

    /// The qualifier written before the number, and the token where the figure starts.
    fn qualifier(&self, n: &Num) -> (usize, Qualifier) {
        if n.range {
            return (n.first, Qualifier::Exact);
        }
        for len in (1..=4).rev() {
            if n.first < len {
                continue;
            }
            let from = n.first - len;
            if !self.joined(from, n.first) {
                continue;
            }
            let mut buf = [""; 4];
            for (slot, k) in buf.iter_mut().zip(from..n.first) {
                *slot = self.low(k);
            }
            let words = &buf[..len];
            if let Some(q) = qualifier_before(words) {
                // "up to" after a verb of change is "rose to": "went up to 87".
                if q == Qualifier::UpTo && words == ["up", "to"] && from > 0 && is_change(self.prev(from)) {
                    continue;
                }
                return (from, q);
            }
        }
        (n.first, Qualifier::Exact)
    }

    fn post_qualifier(&self, end: usize) -> Option<(Qualifier, usize)> {
        for len in [2, 1] {
            if end + len > self.len() || !self.joined(end - 1, end + len - 1) {
                continue;
            }
            let mut buf = [""; 2];
            for (slot, k) in buf.iter_mut().zip(end..end + len) {
                *slot = self.low(k);
            }
            if let Some(q) = qualifier_after(&buf[..len]) {
                return Some((q, len));
            }
        }
        None
    }

    // -- what a figure counts -------------------------------------------------------------

    /// The counted noun after a figure ending at `end`, and the token after it.
    fn counted(&self, end: usize) -> (Counted, usize) {
        let mut j = end;
        if self.next(j) == "of" {
            j += 1;
            if matches!(self.next(j), "the" | "them" | "those" | "whom" | "these" | "their" | "its" | "our" | "which") {
                // "66% of the vote" counts votes; "31 of them", "three of the dead" are parts.
                if is_vote_noun(self.next(j + 1)) {
                    return (Counted::Votes, j + 2);
                }
                return (Counted::Partitive, j);
            }
        }
        let start = j;
        while j < self.len() && j < start + 4 && !self.toks[j].brk {
            let w = self.low(j);
            if is_generic_person(w) {
                return (Counted::Person(None), j + 1);
            }
            // "98 passengers and crew": everyone on board, people in general.
            if matches!(w, "passengers" | "people") && self.next(j + 1) == "and" && self.next(j + 2) == "crew" {
                let e = if self.next(j + 3) == "members" { j + 4 } else { j + 3 };
                return (Counted::Person(None), e);
            }
            // "12 expelled diplomats", "the 40 injured people": a participle before the group.
            if right_cue(w).is_some() && {
                let next = self.next(j + 1);
                is_generic_person(next) || person_noun(next).is_some()
            } {
                j += 1;
                continue;
            }
            if let Some(mut noun) = person_noun(w) {
                // "police officers", "aid workers": the last noun of a compound names the group.
                let mut e = j + 1;
                while e < self.len() && e < j + 3 && !self.toks[e].brk {
                    match person_noun(self.low(e)) {
                        Some(next) => noun = next,
                        None => break,
                    }
                    e += 1;
                }
                // "13 Israeli hostages" and "39 Palestinian prisoners", "10 Thai workers": a
                // nationality before the group is part of it.
                let nationality = (j > start)
                    .then(|| &self.toks[j - 1])
                    .filter(|t| t.cap && !t.brk)
                    .map(|_| self.low(j - 1))
                    .filter(|a| ["an", "i", "ese", "ish", "ch", "ic"].iter().any(|end| a.ends_with(end)));
                let counted = match nationality {
                    Some(adjective) => format!("{adjective} {noun}").into(),
                    None => noun.into(),
                };
                return (Counted::Person(Some(counted)), e);
            }
            if let Some(structure) = structure_noun(w) {
                return (Counted::Structure(structure), j + 1);
            }
            if is_job_noun(w) {
                return (Counted::Jobs, j + 1);
            }
            // "8,000 job cuts", "1,200 job losses".
            if w == "job" && matches!(self.next(j + 1), "cuts" | "losses") {
                return (Counted::KindNoun(Kind::JobCuts), j + 2);
            }
            if let Some(kind) = kind_noun(w) {
                return (Counted::KindNoun(kind), j + 1);
            }
            if let Some(missile) = missile_noun(w) {
                return (Counted::Missile(missile), j + 1);
            }
            if is_vote_noun(w) {
                return (Counted::Votes, j + 1);
            }
            if is_function_word(w) || w.is_empty() && !self.toks[j].cap {
                break;
            }
            let t = &self.toks[j];
            // Demonyms: "87 Syrians", "12 Israelis", "three Chinese".
            if t.cap && (w.ends_with("ans") || w.ends_with("is") || w.ends_with("ese")) && j > start {
                return (Counted::Person(Some(w.into())), j + 1);
            }
            if t.cap && (w.ends_with("ans") || w.ends_with("is") || w.ends_with("ese")) {
                return (Counted::Person(Some(w.into())), j + 1);
            }
            j += 1;
        }
        if j > start {
            (Counted::Other, start)
        } else {
            (Counted::Nothing, start)
        }
    }

    /// Ties a figure (tokens `first..end`, qualifier included) to what it counts.
    fn tie(&self, n: &Num, first: usize, end: usize) -> Option<Tie> {
        let (counted, after) = self.counted(end);
        let clause = self.clause(first, end);
        let mut note = None;
        // Increments: "another 12", "a further 12", "12 more people".
        if matches!(self.prev(first), "another" | "further" | "additional" | "extra")
            || matches!(self.next(end), "more" | "additional")
        {
            note = Some("increment");
        }
        // "rose by 10": a change, not a total.
        if self.prev(first) == "by" && first >= 2 && is_change(self.low(first - 2)) {
            note = Some("change");
        }
        // Earlier figures: "an earlier toll of 40", "up from 40".
        if (first.saturating_sub(4).max(clause.start)..first).any(|k| is_superseding(self.low(k)))
            || (self.prev(first) == "from" && first >= 2 && is_change(self.low(first - 2)))
        {
            note = Some("earlier figure");
        }
        if (first.saturating_sub(6).max(clause.start)..first).any(|k| is_modal(self.low(k)) && !self.toks[k].cap) {
            note = Some("hypothetical");
        }
        // The terms of a deal are what is to happen: "Under the agreement, Hamas is to release 50
        // hostages while Israel frees 150 prisoners."
        if self.low(0) == "under"
            && (1..self.len().min(5)).any(|k| {
                matches!(self.low(k), "agreement" | "deal" | "terms" | "truce" | "plan" | "accord" | "ceasefire")
            })
        {
            note = Some("hypothetical");
        }
        if n.unit == Unit::Percent {
            return match counted {
                Counted::Votes => Some(Tie::new(Kind::Votes, None, None, note)),
                _ if self.workforce_cut(first, end) => Some(Tie::new(
                    Kind::JobCuts,
                    Some("share of the workforce".into()),
                    None,
                    self.job_cut_note(note, first, &clause),
                )),
                _ => None,
            };
        }
        // The verb that takes the figure as object, past "another", "a further", "all the".
        let mut verb_at = (first > 0 && !self.toks[first].brk).then(|| first - 1);
        while let Some(v) = verb_at.filter(|&v| v > 0 && self.joined(v - 1, v)) {
            if !matches!(self.low(v), "another" | "further" | "additional" | "extra" | "a" | "an" | "all" | "the") {
                break;
            }
            verb_at = Some(v - 1);
        }
        if let Unit::Money(_) = n.unit {
            return Some(Tie::new(Kind::Money, None, verb_at, note));
        }
        // Counts of one hospital, one rescue team, one morgue are parts of a toll: "received 35
        // wounded", "treated 40 injured", "pulled 12 survivors".
        if verb_at.is_some_and(|v| {
            matches!(
                self.low(v),
                "received"
                    | "receiving"
                    | "treated"
                    | "treating"
                    | "admitted"
                    | "recovered"
                    | "rescued"
                    | "pulled"
                    | "found"
            )
        }) {
            return None;
        }
        // "lay off 8,000 employees": jobs cut, whoever holds them.
        if let Some(v) =
            verb_at.filter(|&v| self.low(v) == "off" && v > 0 && matches!(self.low(v - 1), "lay" | "laying"))
        {
            if matches!(counted, Counted::Person(_) | Counted::Nothing) {
                return Some(Tie::new(Kind::JobCuts, None, Some(v - 1), self.job_cut_note(note, first, &clause)));
            }
        }
        let person = |noun: Option<Box<str>>| -> Option<Tie> {
            let left = verb_at.and_then(|v| self.left_kind(v));
            let right = self.right_kind(after);
            let (kind, verb, hypothetical) = match (left, right) {
                (Some((k, v)), None) => (k, Some(v), false),
                (None, Some((k, _, h))) => (k, None, h),
                (Some((k, v)), Some((k2, _, h))) if k == k2 => (k, Some(v), h),
                (Some(_), Some(_)) => return None,
                (None, None) => match (end..after).find_map(|k| right_cue(self.low(k))) {
                    Some(participle) => (participle, None, false),
                    None => (self.toll_kind(first)?, None, false),
                },
            };
            let note = if hypothetical { Some("hypothetical") } else { note };
            Some(Tie::new(kind, noun, verb, note))
        };
        match counted {
            Counted::Partitive | Counted::Other => None,
            // "23 people, including the bomber": a toll that counts the attacker is another
            // quantity than the toll of victims.
            Counted::Nothing | Counted::Person(None) if self.counts_attacker(end) => {
                person(Some("victim or attacker".into()))
            }
            Counted::Nothing => person(None),
            Counted::Person(noun) => person(noun),
            Counted::KindNoun(kind) => {
                Some(Tie::new(kind, None, verb_at.filter(|&v| left_verb(self.low(v)).is_some()), note))
            }
            Counted::Missile(noun) => {
                let in_clause = |f: fn(&str) -> bool| (clause.start..clause.end).find(|&k| f(self.low(k)));
                let fired = in_clause(|w| {
                    matches!(
                        w,
                        "fired"
                            | "firing"
                            | "fire"
                            | "fires"
                            | "launched"
                            | "launching"
                            | "launch"
                            | "launches"
                            | "unleashed"
                    )
                })?;
                if in_clause(|w| matches!(w, "intercepted" | "downed" | "shot" | "destroyed" | "stockpile" | "arsenal"))
                    .is_some()
                {
                    return None;
                }
                let counted = (noun != "missile").then(|| noun.into());
                Some(Tie::new(Kind::Missiles, counted, Some(fired), note))
            }
            Counted::Votes => Some(Tie::new(Kind::Votes, None, verb_at, note)),
            Counted::Structure(noun) => {
                // "destroyed or damaged 2,000 homes" counts two things at once.
                let two = |v: usize| {
                    v >= 2 && matches!(self.prev(v), "or" | "and") && structure_verb(self.low(v - 2)).is_some()
                };
                let left = verb_at.filter(|&v| !two(v)).and_then(|v| Some((structure_verb(self.low(v))?, v)));
                if verb_at.is_some_and(two) {
                    return None;
                }
                let right = self.right_structure_kind(after);
                let (kind, verb) = match (left, right) {
                    (Some((k, v)), None) => (k, Some(v)),
                    (None, Some(k)) => (k, None),
                    (Some((k, v)), Some(k2)) if k == k2 => (k, Some(v)),
                    _ => return None,
                };
                Some(Tie::new(kind, Some(noun.into()), verb, note))
            }
            // Cuts are announced before they are made: "will cut", "plans to cut" state the
            // number cut; only a doubt ("could cut", "may cut") makes it hypothetical.
            Counted::Jobs => {
                let v = verb_at.filter(|&v| is_job_cut_verb(self.low(v))).or_else(|| self.jobs_go(after))?;
                Some(Tie::new(Kind::JobCuts, None, Some(v), self.job_cut_note(note, first, &clause)))
            }
        }
    }

    /// The note of a job cut: cuts are announced before they are made, so "will cut" and
    /// "plans to cut" state the number cut; only a doubt ("could cut", "may cut") makes it
    /// hypothetical.
    fn job_cut_note(&self, note: Option<&'static str>, first: usize, clause: &Span) -> Option<&'static str> {
        let doubt = (first.saturating_sub(6).max(clause.start)..first).any(|k| {
            matches!(self.low(k), "could" | "might" | "may" | "if" | "unless" | "possibly" | "potentially")
                && !self.toks[k].cap
        });
        match note {
            Some("hypothetical") if !doubt => None,
            note => note,
        }
    }

    /// The verb after jobs that cuts them: "9,000 positions will go", "8,000 jobs are to be cut".
    fn jobs_go(&self, from: usize) -> Option<usize> {
        (from..self.len().min(from + 4)).take_while(|&k| k == from || !self.toks[k].brk).find(|&k| {
            matches!(self.low(k), "go" | "cut" | "eliminated" | "axed" | "shed" | "scrapped" | "lost")
                && (from..k)
                    .all(|m| matches!(self.low(m), "will" | "are" | "is" | "to" | "be" | "being" | "have" | "been"))
        })
    }

    /// Whether a percentage is a share of the workforce cut: "cut about 8,000 jobs, or roughly
    /// 7 percent of its workforce".
    fn workforce_cut(&self, first: usize, end: usize) -> bool {
        let mut j = end;
        if self.next(j) != "of" {
            return false;
        }
        j += 1;
        while matches!(self.next(j), "its" | "the" | "their" | "global" | "total" | "worldwide" | "company's") {
            j += 1;
        }
        matches!(self.next(j), "workforce" | "staff" | "employees" | "headcount" | "jobs")
            && (0..first).any(|k| {
                is_job_cut_verb(self.low(k))
                    || (self.low(k) == "off" && k > 0 && matches!(self.low(k - 1), "lay" | "laying"))
            })
    }

    /// What a cue after a structure says happened to it, behind link words and adverbs of
    /// degree: "143 homes were destroyed", "12 villages had been almost completely flattened".
    /// "destroyed or damaged" counts two things at once, and "partly destroyed" is damage of
    /// no stated degree: neither is compared.
    fn right_structure_kind(&self, from: usize) -> Option<Kind> {
        let mut j = from;
        while j < self.len() && j < from + 6 && (j == from || !self.toks[j].brk) {
            let w = self.low(j);
            if let Some(kind) = structure_verb(w).filter(|_| w.ends_with('d') || w.ends_with('t')) {
                if matches!(self.next(j + 1), "or" | "and") && structure_verb(self.next(j + 2)).is_some() {
                    return None;
                }
                return Some(kind);
            }
            let degree = matches!(
                w,
                "almost"
                    | "completely"
                    | "totally"
                    | "entirely"
                    | "nearly"
                    | "fully"
                    | "virtually"
                    | "badly"
                    | "severely"
                    | "heavily"
            );
            if !(degree || is_right_link(w)) || (j == from && self.toks[j].brk) {
                return None;
            }
            j += 1;
        }
        None
    }

    /// Whether the sentence says, after the figure, that its count includes or excludes the
    /// attacker: "23 people, including the bomber, died", "22 victims, not counting the gunman".
    fn counts_attacker(&self, end: usize) -> bool {
        (end..self.len()).any(|k| {
            matches!(self.low(k), "including" | "excluding" | "counting" | "plus")
                && (k + 1..self.len().min(k + 4)).any(|m| {
                    matches!(
                        self.low(m),
                        "bomber"
                            | "bombers"
                            | "attacker"
                            | "attackers"
                            | "gunman"
                            | "gunmen"
                            | "assailant"
                            | "assailants"
                            | "perpetrator"
                            | "perpetrators"
                            | "shooter"
                            | "shooters"
                            | "killer"
                            | "hijackers"
                    )
                })
        })
    }

    /// The kind of a verb at `v` that takes the figure as object, with "killed or wounded"
    /// giving casualties; "to kill" and "could kill" are not facts.
    fn left_kind(&self, v: usize) -> Option<(Kind, usize)> {
        let kind = left_verb(self.low(v))?;
        if v >= 2 && matches!(self.prev(v), "or" | "and") && !self.toks[v - 1].brk {
            if let Some(other) = left_verb(self.low(v - 2)) {
                if other != kind {
                    return Some((Kind::Casualties, v));
                }
            }
        }
        Some((kind, v))
    }

    /// The kind told by a cue after the figure, behind link words: "87 people were killed",
    /// "hundreds injured"; with whether a modal stood between ("87 feared dead").
    fn right_kind(&self, from: usize) -> Option<(Kind, usize, bool)> {
        let mut j = from;
        let mut steps = 0;
        let mut hypothetical = false;
        while j < self.len() && steps < 5 {
            if j > from && self.toks[j].brk || j == from && j > 0 && self.toks[j].brk {
                // Skip an aside: "87 people, many of them children, were killed".
                if matches!(self.low(j), "including" | "many" | "most" | "mostly" | "among" | "mainly" | "some" | "all")
                {
                    let close = (j + 1..self.len().min(j + 14)).find(|&k| self.toks[k].brk)?;
                    j = close;
                    if !self.toks[j].brk {
                        return None;
                    }
                    // Continue after the aside's closing break.
                    let w = self.low(j);
                    if let Some(kind) = right_cue(w) {
                        return Some((kind, j, hypothetical));
                    }
                    if !is_right_link(w) {
                        return None;
                    }
                    j += 1;
                    steps += 1;
                    continue;
                }
                return None;
            }
            let w = self.low(j);
            // "91 passengers and eight crew were on board": the other count of the pair.
            if w == "and" && (self.toks.get(j + 1).is_some_and(|t| t.num) || word_number(self.next(j + 1)).is_some()) {
                let noun = (j + 2..self.len().min(j + 4)).find(|&k| {
                    let n = self.low(k);
                    is_generic_person(n) || person_noun(n).is_some()
                });
                if let Some(noun) = noun {
                    j = if self.next(noun + 1) == "members" { noun + 2 } else { noun + 1 };
                    steps += 1;
                    continue;
                }
            }
            if w == "on" && self.next(j + 1) == "board" {
                return Some((Kind::Aboard, j, hypothetical));
            }
            if let Some(kind) = right_cue(w) {
                // "killed or injured", "dead or missing": casualties.
                if matches!(self.next(j + 1), "or" | "and") {
                    if let Some(other) = right_cue(self.next(j + 2)) {
                        if other != kind {
                            return Some((Kind::Casualties, j, hypothetical));
                        }
                    }
                }
                return Some((kind, j, hypothetical));
            }
            if is_modal(w) {
                hypothetical = true;
            } else if !is_right_link(w) {
                return None;
            }
            j += 1;
            steps += 1;
        }
        None
    }

    /// A toll that reaches the figure through link words: "the death toll rose to 87", "a toll
    /// of 87", "the number of dead stood at 87". "Among the dead were 31" is part of a toll.
    fn toll_kind(&self, first: usize) -> Option<Kind> {
        let mut j = first;
        for _ in 0..7 {
            if j == 0 || self.toks[j].brk {
                return None;
            }
            j -= 1;
            let w = self.low(j);
            let kind = match w {
                "toll" => Some(if self.prev(j) == "injury" { Kind::Injuries } else { Kind::Deaths }),
                "deaths" | "dead" | "fatalities" | "killed" | "died" => Some(Kind::Deaths),
                "injured" | "wounded" | "injuries" => Some(Kind::Injuries),
                "casualties" => Some(Kind::Casualties),
                "arrests" | "arrested" | "detained" => Some(Kind::Arrests),
                "evacuated" | "evacuees" | "evacuations" => Some(Kind::Evacuations),
                "missing" => Some(Kind::Missing),
                // "the release of 4 American prisoners".
                "release" | "freeing" if self.next(j + 1) == "of" => Some(Kind::Released),
                "expulsion" | "expulsions" if self.next(j + 1) == "of" => Some(Kind::Expelled),
                _ => None,
            };
            if let Some(kind) = kind {
                if (j.saturating_sub(2)..j).any(|k| self.low(k) == "among") {
                    return None;
                }
                return Some(kind);
            }
            // Modals pass: "the toll could rise to 1,000" is a toll, and a hypothetical one; so
            // do events: "the toll from the shipwreck rose to 78".
            let event = event_class(w).is_some() || matches!(w, "in" | "of");
            if !(is_toll_link(w) || is_modal(w) || event || self.toks[j].digit || word_number(w).is_some()) {
                // Past a verb of the toll, its subject may be a long phrase: "The death toll from
                // a suicide bombing at a mosque inside the police headquarters rose to 100".
                let verb = (j + 1..first).find(|&k| {
                    matches!(
                        self.low(k),
                        "rose" | "risen" | "climbed" | "stood" | "stands" | "reached" | "jumped" | "increased" | "hit"
                    )
                });
                return verb.and_then(|v| self.toll_subject(j, v));
            }
        }
        None
    }

    /// "toll" as the head of the subject ending before the verb at `verb`, searched from `from`
    /// leftwards within the clause: the death toll (or injury toll) the verb tells.
    fn toll_subject(&self, from: usize, verb: usize) -> Option<Kind> {
        let mut j = from + 1;
        while j > 0 && verb - j < 16 && !self.toks[j].brk {
            j -= 1;
            if self.low(j) == "toll" {
                return Some(if self.prev(j) == "injury" { Kind::Injuries } else { Kind::Deaths });
            }
        }
        None
    }

    // -- the event ------------------------------------------------------------------------

    /// Whether the token at `k` is a year: four plain digits from 1800 to 2100, unless a count
    /// noun follows ("2000 people", "1800 troops") where no preposition of time precedes.
    fn is_year(&self, k: usize) -> bool {
        if year_of(self.raw(k)).is_none() {
            return false;
        }
        let next = self.next(k + 1);
        let counts = is_generic_person(next)
            || person_noun(next).is_some()
            || kind_noun(next).is_some()
            || missile_noun(next).is_some();
        let timed = matches!(
            self.prev(k),
            "since"
                | "in"
                | "of"
                | "by"
                | "until"
                | "till"
                | "before"
                | "after"
                | "during"
                | "year"
                | "early"
                | "late"
                | "mid"
        );
        !counts || timed
    }

    /// Years named in the sentence, with their token, for [`Sent::years_of`].
    fn years(&self) -> Vec<(u16, usize)> {
        (0..self.len()).filter(|&k| self.is_year(k)).filter_map(|k| Some((year_of(self.raw(k))?, k))).collect()
    }

    /// The years that set the figure in clause `clause` apart: every year of the sentence up to
    /// the end of the figure's clause, except one after "since" ("the deadliest since 2013" compares), unless the figure's
    /// clause is about that year ("since 2016, when more than 300 people died").
    fn years_of(&self, years: &[(u16, usize)], clause: &Span) -> Vec<u16> {
        let mut out: Vec<u16> = Vec::new();
        for &(year, k) in years {
            // A year in a later clause is about something else: "expelled 10 diplomats, in
            // response to interference in the 2020 election".
            if k >= clause.end {
                continue;
            }
            let about_it = self.low(clause.start) == "when" && k < clause.start && clause.start - k <= 3;
            if (self.prev(k) != "since" || about_it) && !out.contains(&year) {
                out.push(year);
            }
        }
        out
    }

    fn anchor(&self, first: usize, end: usize, tie: &Tie, facts: &Facts) -> Anchor {
        let clause = self.clause(first, end);
        let mut anchor = Anchor { years: self.years_of(&facts.years, &clause), ..Anchor::default() };
        // An opening clause sets the scene for the whole sentence: "Since the Taliban takeover,
        // more than 700 people have been killed", "In Aleppo, 10 people were killed".
        let lead = (clause.start > 0).then(|| self.clause(0, 0));
        let period = |span: &Span| facts.periods.iter().find(|(k, _)| span.contains(k)).map(|&(_, p)| p);
        anchor.period = period(&clause).or_else(|| lead.as_ref().and_then(period));
        // Not a deadline: "9,000 positions will go by the end of June".
        let deadline = |k: usize| {
            matches!(self.prev(k), "by" | "until" | "till" | "through" | "before")
                || (self.prev(k) == "of" && k >= 2 && self.low(k - 2) == "end")
        };
        anchor.when = (clause.start..clause.end).filter(|&k| !deadline(k)).find_map(|k| self.when_at(k));
        // "Elsewhere, two people were killed", "In a separate incident, ...".
        anchor.other_event = (0..first).any(|k| {
            matches!(self.low(k), "elsewhere" | "separately")
                || (matches!(self.low(k), "separate" | "another" | "similar" | "second")
                    && self.next(k + 1) == "incident")
        });
        if tie.kind.is_toll() {
            // An event noun in a later clause is about something else: "More than 1,800 people
            // were injured, ..., in valleys cut off by landslides".
            if let Some(k) = nearest_event(&facts.events, first, end, clause.end) {
                anchor.event = event_class(self.low(k));
                anchor.other_event |= self.marked_other(k);
                self.event_places(k, &mut anchor);
            }
            // "killed 80 people in Idlib".
            let mut j = end;
            while j < self.len() && j < end + 5 && !self.toks[j].brk {
                if matches!(self.low(j), "in" | "near" | "outside" | "across") {
                    anchor.located = self.place_after(j + 1).filter(|(_, proper)| *proper).map(|(place, _)| place);
                    break;
                }
                j += 1;
            }
            // Another number followed by "in <Place>" in the sentence makes it a breakdown.
            anchor.breakdown = anchor.located.is_some()
                && (0..self.len()).any(|k| {
                    (k < first || k >= end)
                        && (self.toks[k].digit || word_number(self.low(k)).is_some())
                        && (k + 1..self.len().min(k + 4)).any(|m| {
                            matches!(self.low(m), "in" | "near")
                                && (m + 1..self.len().min(m + 4)).any(|c| self.toks[c].cap && !self.title)
                        })
                });
            if let Some(lead) = lead.filter(|l| l.end - l.start >= 2) {
                if matches!(self.low(lead.start), "in" | "near" | "outside") && anchor.located.is_none() {
                    anchor.located =
                        self.place_after(lead.start + 1).filter(|(_, proper)| *proper).map(|(place, _)| place);
                }
            }
        }
        // "650 jobs at its European headquarters in Utrecht": a cut at one site.
        if tie.kind == Kind::JobCuts {
            anchor.located = (end..self.len().min(end + 8))
                .take_while(|&j| j == end || !self.toks[j].brk)
                .filter(|&j| matches!(self.low(j), "in" | "at"))
                .find_map(|j| self.place_after(j + 1).filter(|(_, proper)| *proper))
                .map(|(place, _)| place);
        }
        anchor.holder = match tie.kind {
            Kind::Missiles
            | Kind::Money
            | Kind::Votes
            | Kind::Arrests
            | Kind::Evacuations
            | Kind::Released
            | Kind::Expelled
            | Kind::JobCuts => self.holder(first, tie),
            _ => None,
        };
        if tie.kind == Kind::Votes {
            // A share of the vote is the winner's: "Zhumabekov has won the runoff with 52.4
            // percent of the vote". A candidate is named in full once and by surname after, so
            // the surname stands for the holder.
            let holder = anchor.holder.take().or_else(|| self.winner(first));
            anchor.holder = holder.map(|h| h.rsplit(' ').next().unwrap_or(&h).into());
            anchor.side = (end..self.len().min(end + 5)).find_map(|k| match self.low(k) {
                "favour" | "favor" | "for" | "yes" => Some("for"),
                "against" | "no" => Some("against"),
                "abstained" | "abstentions" | "abstain" | "abstaining" => Some("abstain"),
                _ => None,
            });
        }
        if tie.kind == Kind::Money {
            let after = (end..self.len().min(end + 4)).take_while(|&k| !self.toks[k].brk || k == end);
            let before = (first.saturating_sub(3)..first).rev();
            anchor.what = after.chain(before).find_map(|k| money_what(self.low(k)));
        }
        anchor.source = facts.source.clone();
        anchor
    }

    /// Whether the token at `k` names an event, not a kind of thing: "the riot", not "riot
    /// police" or "riot gear"; "the strike", not "strike aircraft".
    fn is_event_noun(&self, k: usize) -> bool {
        event_class(self.low(k)).is_some()
            && !(self.joined(k, k + 1)
                && matches!(
                    self.next(k + 1),
                    "police"
                        | "gear"
                        | "squad"
                        | "squads"
                        | "shields"
                        | "officers"
                        | "aircraft"
                        | "helicopters"
                        | "helicopter"
                        | "group"
                        | "groups"
                        | "force"
                        | "forces"
                ))
    }

    /// "another attack", "a similar gas attack", "since the Ghouta attack", "the last attack".
    fn marked_other(&self, k: usize) -> bool {
        for d in 1..=4usize {
            if d > k || !self.joined(k - d, k) {
                break;
            }
            let w = self.low(k - d);
            if (d <= 3 && is_other_event(w)) || w == "since" || (d == 1 && w == "last") {
                return true;
            }
        }
        false
    }

    /// Places and days attached to the event noun at `k`: "attack in Damascus", "the Ghouta
    /// attack", "Tuesday's attack", "the attack on a market", "U.S.-led coalition strikes".
    fn event_places(&self, k: usize, anchor: &mut Anchor) {
        if matches!(self.next(k + 1), "in" | "near" | "on" | "at" | "outside") {
            if let Some(when) = self.toks.get(k + 2).filter(|t| !t.brk).and_then(|_| self.when_at(k + 2)) {
                anchor.when = Some(when);
            } else if let Some((place, proper)) = self.place_after(k + 2) {
                if proper {
                    anchor.places.push(place);
                } else {
                    anchor.sites.push(place);
                }
            }
        }
        for d in 1..=3usize {
            if d > k || !self.joined(k - d, k) {
                break;
            }
            let j = k - d;
            let t = &self.toks[j];
            let w = self.low(j);
            if let Some(when) = self.when_at(j) {
                anchor.when = Some(when);
                break;
            }
            // A capital that opens the sentence ("Suicide bombing", "Monsoon floods") may be
            // any word.
            if t.cap && !self.title && !is_function_word(w) && j > 0 {
                let mut s = j;
                while s > 1
                    && k - s < 4
                    && self.toks[s - 1].cap
                    && self.joined(s - 1, j)
                    && !is_determiner(self.low(s - 1))
                {
                    s -= 1;
                }
                anchor.places.push(self.name(s, j + 1));
                break;
            }
            if is_determiner(w) || is_function_word(w) || t.digit {
                break;
            }
        }
    }

    /// A place after a preposition at `j`: a capitalised name within four words ("in suburbs
    /// of Damascus"), with `true`; or the head of a plain noun phrase ("on a market"), with
    /// `false`.
    fn place_after(&self, j: usize) -> Option<(Box<str>, bool)> {
        let mut head = None;
        let mut k = j;
        while k < self.len() && k < j + 4 && (k == j || !self.toks[k].brk) {
            let t = &self.toks[k];
            let w = self.low(k);
            if t.cap && self.when_at(k).is_none() && !self.title {
                let mut e = k + 1;
                while e < self.len() && e < k + 3 && self.toks[e].cap && !self.toks[e].brk {
                    e += 1;
                }
                // "killed in Israeli strikes", "in a U.S. drone strike": the event, not a place;
                // nor is the name of the event itself ("in the Rio Pueblo Fire").
                if (e..self.len().min(e + 2)).any(|m| event_class(self.low(m)).is_some())
                    || matches!(self.low(e - 1), "fire" | "fires" | "complex")
                    || event_class(self.low(e - 1)).is_some()
                {
                    return None;
                }
                return Some((self.name(k, e), true));
            }
            if event_class(w).is_some() || t.digit {
                return None;
            }
            if is_determiner(w) || w == "of" && head.is_some() {
                k += 1;
                continue;
            }
            // The verb after the noun phrase: "a strike on a mosque rose ...".
            if is_change(w) || matches!(w, "stood" | "stands" | "reached" | "hit" | "climbed" | "totalled" | "totaled")
            {
                break;
            }
            if is_function_word(w) {
                break;
            }
            head = Some(k);
            k += 1;
        }
        head.map(|h| (self.name(h, h + 1), false))
    }

    /// Lower-case name of tokens `a..b`, without a possessive "'s".
    fn name(&self, a: usize, b: usize) -> Box<str> {
        let raw = &self.text[self.toks[a].start..self.toks[b - 1].end];
        let lower = raw.to_lowercase().replace('’', "'");
        let lower = lower.strip_suffix("'s").unwrap_or(&lower);
        lower.split_whitespace().collect::<Vec<_>>().join(" ").into()
    }

    /// A period marked at token `k`, for the figures of its clause: "since", "so far", "to
    /// date", "this year", "in six years of war", "over the past decade", "in the past 24 hours".
    fn period_at(&self, k: usize) -> Option<&'static str> {
        let w = self.low(k);
        let trigger = matches!(
            w,
            "since"
                | "annually"
                | "annual"
                | "yearly"
                | "so"
                | "to"
                | "this"
                | "last"
                | "past"
                | "earlier"
                | "every"
                | "each"
                | "per"
                | "a"
                | "years"
                | "months"
                | "decades"
                | "weeks"
                | "days"
                | "hours"
        );
        if !trigger {
            return None;
        }
        // "since it broke out", "since Sunday", "since dawn": since the event itself began.
        if w == "since" && {
            let next = self.next(k + 1);
            is_pronoun(next)
                || weekday(next).is_some()
                || matches!(next, "dawn" | "morning" | "midnight" | "yesterday" | "then" | "sunrise")
        } {
            return None;
        }
        if let Some(p) = period_word(w) {
            // "the deadliest quake since 2015" compares; it does not sum over a period.
            let superlative = (k.saturating_sub(5)..k).any(|j| {
                let w = self.low(j);
                self.joined(j, k)
                    && ((w.ends_with("est")
                        && w.len() > 4
                        && !matches!(w, "arrest" | "protest" | "request" | "interest"))
                        || matches!(w, "worst" | "most"))
            });
            return (!(w == "since" && superlative)).then_some(p);
        }
        let next = self.next(k + 1);
        match (w, next) {
            ("so", "far") | ("to", "date") => return Some("so far"),
            ("this" | "last" | "past", "year") => return Some("year"),
            ("last" | "past", "month") | ("earlier", "this") => return Some("earlier"),
            // Not "a day after the disaster", "a week later".
            ("every" | "each" | "per" | "a", "year" | "day" | "week" | "month")
                if !matches!(self.next(k + 2), "after" | "later" | "before" | "earlier" | "ago" | "or" | "and") =>
            {
                return Some("rate")
            }
            ("past" | "last", "decade" | "decades" | "years" | "months") => return Some("period"),
            ("years" | "months" | "decades", "ago") => return Some("ago"),
            _ => {}
        }
        // "in the past 24 hours", "over the last three days".
        if matches!(w, "past" | "last")
            && (self.toks.get(k + 1).is_some_and(|t| t.digit && !t.brk) || word_number(next).is_some())
        {
            return Some("period");
        }
        // "in six years of war", "three days of fighting": a number and a duration.
        if matches!(w, "years" | "months" | "decades" | "weeks" | "days" | "hours") && k > 0 && self.joined(k - 1, k) {
            let p = self.low(k - 1);
            if self.toks[k - 1].digit || word_number(p).is_some() || matches!(p, "several" | "few" | "many") {
                return Some("period");
            }
        }
        None
    }

    /// Who fired, paid or won: the name just before the verb ("The U.S. fired 59"), after the
    /// figure's noun ("the 59 missiles Trump launched"), or after "by".
    fn holder(&self, first: usize, tie: &Tie) -> Option<Box<str>> {
        let verb = tie.verb?;
        if verb < first {
            let mut v = verb;
            // Skip auxiliaries: "Russia has also fired".
            for _ in 0..2 {
                if v > 0
                    && self.joined(v - 1, v)
                    && matches!(
                        self.low(v - 1),
                        "has" | "have" | "had" | "will" | "would" | "also" | "then" | "reportedly" | "allegedly"
                    )
                {
                    v -= 1;
                }
            }
            return self.cap_run_before(v);
        }
        // "the 59 Tomahawk missiles Trump launched", "missiles fired by Iran".
        if let Some(h) = self.cap_run_before(verb).filter(|_| verb > first + 1) {
            return Some(h);
        }
        if self.next(verb + 1) == "by" && self.toks.get(verb + 2).is_some_and(|t| t.cap) {
            let mut e = verb + 3;
            while e < self.len() && e < verb + 5 && self.toks[e].cap && !self.toks[e].brk {
                e += 1;
            }
            return Some(self.name(verb + 2, e));
        }
        None
    }

    /// Who won the votes of a figure at `first` with no verb of its own: the subject of the win
    /// verb before it, "Azamat Zhumabekov has won ... with 52.4 percent", "Zhumabekov, the former
    /// head of government, won ... with 54.2 per cent".
    fn winner(&self, first: usize) -> Option<Box<str>> {
        let v = (first.saturating_sub(14)..first).rev().find(|&k| {
            matches!(
                self.low(k),
                "won"
                    | "wins"
                    | "win"
                    | "winning"
                    | "took"
                    | "takes"
                    | "secured"
                    | "secures"
                    | "received"
                    | "receives"
                    | "garnered"
                    | "got"
                    | "gets"
                    | "captured"
                    | "polled"
                    | "obtained"
            )
        })?;
        let mut s = v;
        while s > 0
            && self.joined(s - 1, s)
            && matches!(self.low(s - 1), "has" | "have" | "had" | "also" | "reportedly")
        {
            s -= 1;
        }
        if s > 0 && self.toks[s].brk {
            // Past an apposition: the name before the sentence's first break.
            let opening = (1..s).find(|&k| self.toks[k].brk)?;
            let mut e = opening;
            while e > 0 && e + 3 > opening && self.toks[e - 1].cap && self.joined(e - 1, opening - 1) {
                e -= 1;
            }
            return (e < opening).then(|| self.name(e, opening));
        }
        (s > 0).then(|| self.cap_run_before(s)).flatten()
    }

    /// The run of capitalised words ending just before `v` ("The U.S." gives "u.s."), leaving out
    /// a capitalised determiner that opens the sentence.
    fn cap_run_before(&self, v: usize) -> Option<Box<str>> {
        let mut s = v;
        while s > 0 && v - s < 3 && self.toks[s - 1].cap && self.joined(s - 1, v) {
            let w = self.low(s - 1);
            if is_function_word(w) || is_determiner(w) {
                break;
            }
            s -= 1;
        }
        (s < v).then(|| self.name(s, v))
    }

    /// Who the sentence attributes its figures to: "according to the health ministry",
    /// "officials said", "the Syrian Observatory reported". Pronouns name nobody.
    fn source(&self) -> Option<Box<str>> {
        for k in 0..self.len() {
            let w = self.low(k);
            if w == "according" && self.next(k + 1) == "to" {
                let mut s = k + 2;
                while s < self.len() && is_determiner(self.low(s)) {
                    s += 1;
                }
                let mut e = s;
                while e < self.len() && e < s + 3 && !self.toks[e].brk && !is_function_word(self.low(e)) {
                    e += 1;
                }
                return (e > s).then(|| self.name(s, e));
            }
            if is_attribution_verb(w) && k > 0 && !self.toks[k].brk {
                let mut v = k;
                while v > 0
                    && self.joined(v - 1, v)
                    && matches!(self.low(v - 1), "has" | "have" | "had" | "also" | "later")
                {
                    v -= 1;
                }
                if v == 0 {
                    continue;
                }
                let p = self.low(v - 1);
                if is_pronoun(p) || is_function_word(p) || self.toks[v - 1].digit {
                    continue;
                }
                if let Some(run) = self.cap_run_before(v) {
                    return Some(run);
                }
                return Some(self.name(v - 1, v));
            }
        }
        None
    }
}

/// What a sentence says about all its figures.
struct Facts {
    /// Years named, with their token.
    years: Vec<(u16, usize)>,
    /// Tokens of event nouns.
    events: Vec<usize>,
    source: Option<Box<str>>,
    /// Tokens that mark a period, and the period (see [`Sent::period_at`]).
    periods: Vec<(usize, &'static str)>,
}

/// The event noun nearest the figure at tokens `first..end`, before it or in its clause (which
/// ends at `clause_end`); ties go to the one before.
fn nearest_event(events: &[usize], first: usize, end: usize, clause_end: usize) -> Option<usize> {
    events.iter().copied().filter(|&k| k < first || k < clause_end).min_by_key(|&k| {
        if k < first {
            (first - k) * 2
        } else {
            (k + 1 - end.min(k + 1)) * 2 + 1
        }
    })
}

/// What `tie` found: the kind, the counted group, the verb that governs the figure, and a note
/// that keeps the figure out of comparisons.
struct Tie {
    kind: Kind,
    counted: Option<Box<str>>,
    verb: Option<usize>,
    note: Option<&'static str>,
}

impl Tie {
    fn new(kind: Kind, counted: Option<Box<str>>, verb: Option<usize>, note: Option<&'static str>) -> Tie {
        Tie { kind, counted, verb, note }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The figures of one sentence (wrapped in an article), each as
    /// "wording = interval: kind (counted) [note]".
    fn figures(sentence: &str) -> Vec<String> {
        let text = format!("Headline\n\n{sentence}\n");
        extract_text(&text)
            .iter()
            .filter(|f| f.span.start > 9)
            .map(|f| {
                let mut s = format!("{} = {}", &text[f.span.clone()], f.interval);
                if let Some(q) = &f.quantity {
                    s.push_str(&format!(": {}", q.kind.short()));
                    if let Some(c) = &q.counted {
                        s.push_str(&format!(" ({c})"));
                    }
                }
                if let Some(note) = f.note {
                    s.push_str(&format!(" [{note}]"));
                }
                s
            })
            .collect()
    }

    fn check(sentence: &str, expected: &[&str]) {
        assert_eq!(figures(sentence), expected, "in {sentence:?}");
    }

    // -- digits ---------------------------------------------------------------------------

    #[test]
    fn digits_killed_people() {
        check(
            "President Donald Trump ordered the strikes after concluding that Syria waged a nerve gas attack in rebel-held territory that killed 87 people, many of them children.",
            &["87 = exactly 87: deaths"],
        );
    }

    #[test]
    fn digits_with_thousands_separator() {
        check("Police said 1,200 people were arrested in the capital.", &["1,200 = exactly 1,200: arrests"]);
    }

    #[test]
    fn digits_with_scale_word_are_rounded() {
        check(
            "The floods displaced 3.5 million people across the delta.",
            &["3.5 million = 3,450,000 to 3,550,000: displaced"],
        );
    }

    #[test]
    fn money_with_currency_sign_and_scale() {
        check(
            "The European Union pledged $4.2 billion in aid.",
            &["$4.2 billion = 4,150,000,000 to 4,250,000,000: amount"],
        );
        check("The company was fined £3m by the regulator.", &["£3m = 2,500,000 to 3,500,000: amount"]);
    }

    #[test]
    fn percentages() {
        check("Macron won 66% of the vote.", &["66% = 65.5 to 66.5: votes"]);
        check("Turnout fell to 40 percent, the lowest since 1969.", &["40 percent = 39.5 to 40.5"]);
        check("Prices rose 3.2 per cent in March.", &["3.2 per cent = 3.15 to 3.25"]);
    }

    #[test]
    fn digits_as_subject_of_a_passive() {
        check("At least 86 people were killed in the attack.", &["At least 86 = 86 or more: deaths"]);
    }

    #[test]
    fn digits_with_dead_after() {
        check("The quake left 87 dead and 300 injured.", &["87 = exactly 87: deaths", "300 = exactly 300: injured"]);
    }

    #[test]
    fn death_toll_of() {
        check("The attack had a death toll of 87, officials said.", &["87 = exactly 87: deaths"]);
        check("The death toll rose to 92 on Thursday.", &["92 = exactly 92: deaths"]);
        check("The number of dead stood at 87.", &["87 = exactly 87: deaths"]);
    }

    // -- words ----------------------------------------------------------------------------

    #[test]
    fn hyphenated_number_words() {
        check("The blast killed eighty-seven people.", &["eighty-seven = exactly 87: deaths"]);
    }

    #[test]
    fn plain_number_words() {
        check("Twelve soldiers were wounded in the ambush.", &["Twelve = exactly 12: injured (soldier)"]);
    }

    #[test]
    fn a_dozen_is_round() {
        check("A dozen people were arrested outside the embassy.", &["A dozen = 9.6 to 14.4: arrests"]);
    }

    #[test]
    fn two_dozen_is_round() {
        check("The raid killed two dozen fighters.", &["two dozen = 19.2 to 28.8: deaths (fighter)"]);
    }

    #[test]
    fn half_a_million() {
        check("Half a million people were evacuated.", &["Half a million = 400,000 to 600,000: evacuated"]);
    }

    #[test]
    fn compound_number_words() {
        check(
            "The strike killed one hundred and twenty civilians.",
            &["one hundred and twenty = exactly 120: deaths (civilian)"],
        );
        check("Two thousand people fled the fighting.", &["Two thousand = exactly 2,000: displaced"]);
    }

    #[test]
    fn one_only_before_a_person() {
        check("One soldier was killed.", &["One = exactly 1: deaths (soldier)"]);
        check("No one was killed in the blast.", &[]);
        check("It was one of the deadliest attacks of the war.", &[]);
    }

    // -- vague ----------------------------------------------------------------------------

    #[test]
    fn dozens() {
        check(
            "In a blatant response to the alleged chemical attack, the USA launched dozens of Tomahawk to destro the Shayrat airfield in Syria.",
            &["dozens = 20 to 199: missiles fired"],
        );
    }

    #[test]
    fn scores_as_object() {
        check(
            "Washington says it acted to punish the Syrian government for what it said was a devastating nerve gas attack Damascus launched against its own people that killed scores.",
            &["scores = 40 to 999: deaths"],
        );
    }

    #[test]
    fn scores_of_games_are_not_figures() {
        check("Test scores rose across the district.", &[]);
    }

    #[test]
    fn hundreds_injured() {
        check(
            "Iran, Russia and Syria deny that the authorities in Damascus were behind the attack, in which more than 80 people were killed and hundreds injured.",
            &["more than 80 = more than 80: deaths", "hundreds = 100 to 1,999: injured"],
        );
    }

    #[test]
    fn thousands_and_tens_of_thousands() {
        check("Thousands of residents were evacuated.", &["Thousands = 1,000 to 99,999: evacuated (resident)"]);
        check(
            "Tens of thousands of people were displaced by the fighting.",
            &["Tens of thousands = 10,000 to 199,999: displaced"],
        );
    }

    #[test]
    fn several_and_a_handful() {
        check("Several people were hurt.", &["Several = 3 to 20: injured"]);
        check("A handful of protesters were detained.", &["A handful = 2 to 10: arrests (protester)"]);
    }

    #[test]
    fn several_hundred() {
        check("Police detained several hundred demonstrators.", &["several hundred = 200 to 999: arrests (protester)"]);
    }

    // -- ranges ---------------------------------------------------------------------------

    #[test]
    fn between_and() {
        check("Between 40 and 50 people were killed.", &["Between 40 and 50 = 40 to 50: deaths"]);
    }

    #[test]
    fn to_range() {
        check("The clashes killed 40 to 50 people.", &["40 to 50 = 40 to 50: deaths"]);
    }

    #[test]
    fn hyphen_and_dash_ranges() {
        check("The clashes killed 40-50 people.", &["40-50 = 40 to 50: deaths"]);
        check("The clashes killed 40–50 people.", &["40–50 = 40 to 50: deaths"]);
    }

    #[test]
    fn word_range() {
        check("Two or three people were injured.", &["Two or three = 2 to 3: injured"]);
    }

    #[test]
    fn range_with_scale() {
        check("The storm displaced 1 to 2 million people.", &["1 to 2 million = 1,000,000 to 2,000,000: displaced"]);
    }

    // -- qualifiers -----------------------------------------------------------------------

    #[test]
    fn more_than_and_over() {
        check("The attack killed more than 80 people.", &["more than 80 = more than 80: deaths"]);
        check("Over 200 people were wounded.", &["Over 200 = more than 200: injured"]);
    }

    #[test]
    fn nearly_and_almost() {
        check("Nearly 90 people died.", &["Nearly 90 = 72 to 90: deaths"]);
        check("The bombing killed almost 100.", &["almost 100 = 80 to 100: deaths"]);
    }

    #[test]
    fn about_around_some() {
        check("About 80 people were killed.", &["About 80 = 64 to 96: deaths"]);
        check("Some 80 people were killed.", &["Some 80 = 64 to 96: deaths"]);
        check("The raid killed an estimated 300 fighters.", &["an estimated 300 = 240 to 360: deaths (fighter)"]);
    }

    #[test]
    fn up_to_and_fewer_than() {
        check("Up to 40 people were arrested.", &["Up to 40 = 40 at most: arrests"]);
        check("Fewer than 10 people were hurt.", &["Fewer than 10 = fewer than 10: injured"]);
    }

    #[test]
    fn qualifier_after_the_number() {
        check("The blast killed 80 or more people.", &["80 or more = 80 or more: deaths"]);
        check("The blast killed 80-odd people.", &["80-odd = 64 to 96: deaths"]);
    }

    // -- non-figures ----------------------------------------------------------------------

    #[test]
    fn toll_tops() {
        check("Pakistan flood death toll tops 1,000", &["tops 1,000 = 1,000 or more: deaths"]);
    }

    #[test]
    fn year_before_a_verb_is_a_year() {
        check("Nepal's deadliest earthquake since 2015 killed 157 people.", &["157 = exactly 157: deaths"]);
        check("In 2002, her father won 17.8% of the vote.", &["17.8% = 17.75 to 17.85: votes"]);
    }

    #[test]
    fn years_are_not_figures() {
        check("The US now assesses that Syria has re-established a unit that existed before the 2013 agreement.", &[]);
    }

    #[test]
    fn dates_are_not_figures() {
        check("Safronkov attends a UN Security Council meeting on April 12, 2017 at UN headquarters in NY.", &[]);
        check("The vote is set for 4 May.", &[]);
    }

    #[test]
    fn times_are_not_figures() {
        check("The blast happened at 10 a.m. and again at 10:30.", &[]);
    }

    #[test]
    fn ages_are_not_figures() {
        check("A 61-year-old man was killed.", &[]);
        check("John Smith, 61, was killed.", &[]);
        check("He died at 87 in his home.", &[]);
        check("The victim, aged 19, was shot.", &[]);
    }

    #[test]
    fn durations_and_compound_adjectives_are_not_figures() {
        check(
            "Tillerson said he had a \"productive\", two-hour meeting earlier in the day with Russian President Vladimir Putin.",
            &[],
        );
        check("It was the eighth time during Syria's six-year-old civil war that Moscow has used its veto power.", &[]);
        check("The talks lasted three days.", &[]);
    }

    #[test]
    fn ordinals_are_not_figures() {
        check("It was the 8th attack this year and the third in a week.", &[]);
    }

    #[test]
    fn phone_page_and_section_numbers_are_not_figures() {
        check("Call 555-0100 for details.", &[]);
        check("The report is on page 12, under section 4.", &[]);
        check("Security Council Resolution 2118 requires it.", &[]);
    }

    #[test]
    fn scores_of_games_and_tallies_are_not_figures() {
        check("Madrid won 3-1 on Sunday.", &[]);
        check("The Senate voted 52 to 48 to confirm him.", &[]);
    }

    #[test]
    fn measures_are_not_figures() {
        check("The quake struck 40 km from the city.", &[]);
    }

    // -- what is counted ------------------------------------------------------------------

    #[test]
    fn missiles_fired() {
        check(
            "The U.S. fired 59 Tomahawk missiles at Syria's al-Shayrat air base last week in response to a chemical weapons attack in Syria days earlier.",
            &["59 = exactly 59: missiles fired"],
        );
        check(
            "\"We have seen very alarming actions recently\", Lavrov said, referring to the 59 Tomahawk missiles Trump launched at a Syrian air base.",
            &["59 = exactly 59: missiles fired"],
        );
    }

    #[test]
    fn buildings_destroyed_and_damaged() {
        check("The fire destroyed 143 homes.", &["143 = exactly 143: destroyed (home)"]);
        check(
            "Twelve villages had been almost completely destroyed, officials said.",
            &["Twelve = exactly 12: destroyed (village)"],
        );
        check("The quake badly damaged 2,000 buildings.", &["2,000 = exactly 2,000: damaged (building)"]);
        check("About 300 houses were damaged.", &["About 300 = 240 to 360: damaged (home)"]);
        check("Some 40 homes were partly destroyed.", &["Some 40 = 32 to 48"]);
    }

    #[test]
    fn people_aboard() {
        check("A ferry carrying 163 people capsized on Saturday.", &["163 = exactly 163: aboard"]);
        check("Some 136 people were on board, the operator said.", &["Some 136 = 108.8 to 163.2: aboard"]);
        check("All 40 passengers aboard survived.", &["40 = exactly 40: aboard (passenger)"]);
    }

    #[test]
    fn prisoners_freed() {
        check("North Korea freed three American detainees in May.", &["three = exactly 3: freed (american prisoner)"]);
        check("He welcomed the release of 4 American prisoners.", &["4 = exactly 4: freed (american prisoner)"]);
    }

    #[test]
    fn jobs_cut_as_announced() {
        check("The company will cut 8,000 jobs this year.", &["8,000 = exactly 8,000: jobs cut"]);
        check("It plans to eliminate about 8,000 positions.", &["about 8,000 = 6,400 to 9,600: jobs cut"]);
        check("The firm could cut 9,000 jobs.", &["9,000 = exactly 9,000: jobs cut [hypothetical]"]);
        check("The 1,200 layoffs were announced on Monday.", &["1,200 = exactly 1,200: jobs cut"]);
    }

    #[test]
    fn vote_shares_belong_to_the_winner() {
        let holder = |sentence: &str| {
            let text = format!("Headline\n\n{sentence}\n");
            let figures = extract_text(&text);
            figures[0].quantity.as_ref().and_then(|q| q.anchor.holder.clone())
        };
        assert_eq!(
            holder("Former prime minister Azamat Zhumabekov has won the runoff with 52.4 percent of the vote."),
            Some("zhumabekov".into())
        );
        assert_eq!(
            holder("Azamat Zhumabekov, the former head of government, won Sunday's runoff with 54.2 per cent of the ballot."),
            Some("zhumabekov".into())
        );
        assert_eq!(holder("Turnout was 61 percent of the vote."), None);
    }

    #[test]
    fn missiles_in_an_arsenal_are_not_fired() {
        check("Iran has 3,000 missiles in its arsenal.", &["3,000 = exactly 3,000"]);
    }

    #[test]
    fn subsets_count_nothing() {
        check("The attack killed 87 people, including 31 children.", &["87 = exactly 87: deaths", "31 = exactly 31"]);
        check("Three of the dead were children.", &["Three = exactly 3"]);
    }

    #[test]
    fn other_things_count_nothing() {
        check(
            "Syrian U.N. Ambassador Bashar Ja'afari said Syria had sent dozens of letters to the Security Council.",
            &["dozens = 20 to 199"],
        );
        check("Three attacks killed 87 people.", &["Three = exactly 3", "87 = exactly 87: deaths"]);
    }

    #[test]
    fn aside_between_figure_and_verb() {
        check("87 people, many of them children, were killed.", &["87 = exactly 87: deaths"]);
    }

    #[test]
    fn earlier_and_hypothetical_figures_are_noted() {
        check("The toll rose from 40 to 87.", &["40 = exactly 40: deaths [earlier figure]", "87 = exactly 87: deaths"]);
        check("Officials warned the toll could rise to 1,000.", &["1,000 = exactly 1,000: deaths [hypothetical]"]);
        check("The attack killed another 12 people.", &["12 = exactly 12: deaths [increment]"]);
    }

    #[test]
    fn toll_including_the_attacker_is_its_own_quantity() {
        check(
            "Twenty-three people, including the bomber, died in the blast.",
            &["Twenty-three = exactly 23: deaths (victim or attacker)"],
        );
    }

    #[test]
    fn killed_or_wounded_is_casualties() {
        check("The attack killed or wounded 120 people.", &["120 = exactly 120: casualties"]);
    }

    #[test]
    fn numbers_to_words() {
        assert_eq!(number_words(87).unwrap(), "eighty-seven");
        assert_eq!(number_words(120).unwrap(), "one hundred twenty");
        assert_eq!(number_words(320_000).unwrap(), "three hundred twenty thousand");
        assert_eq!(format_integer(320_000), "320,000");
        assert_eq!(format_value(3.5), "3.5");
    }

    #[test]
    fn intervals_overlap() {
        let more_than_80 = apply(Qualifier::MoreThan, Interval::exact(80.0));
        assert!(more_than_80.overlaps(&Interval::exact(87.0)));
        assert!(!more_than_80.overlaps(&Interval::exact(80.0)));
        let at_least_86 = apply(Qualifier::AtLeast, Interval::exact(86.0));
        assert!(!at_least_86.overlaps(&Interval::exact(80.0)));
        assert!(at_least_86.overlaps(&Interval::exact(86.0)));
        assert!(!apply(Qualifier::FewerThan, Interval::exact(10.0)).overlaps(&Interval::exact(10.0)));
    }

    #[test]
    fn anchors_tell_events_apart() {
        let text = "Headline\n\nUnder a 2013 deal between the USA and Russian Federation, struck after a chemical attack in suburbs of Damascus killed hundreds of people, Syria was supposed to dismantle its chemical weapons arsenal.\n";
        let figures = extract_text(text);
        assert_eq!(figures.len(), 1);
        let anchor = &figures[0].quantity.as_ref().unwrap().anchor;
        assert_eq!(anchor.years, [2013]);
        assert_eq!(anchor.event, Some("attack"));
        assert_eq!(anchor.places, [Box::from("damascus")]);
        assert_eq!(anchor.located, None);

        let text = "Headline\n\nDespite hopes of an improvement in ties, the talks look set to be dominated by the war of words over Syria - where more than 320,000 people have died in six years of brutal war.\n";
        let figures = extract_text(text);
        let anchor = &figures[0].quantity.as_ref().unwrap().anchor;
        assert_eq!(anchor.period, Some("period"));
        assert_eq!(anchor.event, Some("war"));
    }

    #[test]
    fn anchors_stay_in_the_figures_clause() {
        let anchor = |sentence: &str| {
            let text = format!("Headline\n\n{sentence}\n");
            extract_text(&text)[0].quantity.as_ref().expect("counts something").anchor.clone()
        };
        // An event noun of a later clause, or one used as a modifier, is not the figure's event.
        let a = anchor("More than 1,800 people were injured, and rescuers worked in valleys cut off by landslides.");
        assert_eq!(a.event, None);
        let a = anchor("The ministry said 15 police officers were hurt when protesters threw stones at riot police.");
        assert_eq!(a.event, None);
        // "A day after" is no rate, "since it broke out" no period, the fire's name no place.
        let a = anchor("Rescuers searched on Sunday, a day after a disaster that has killed 31 people.");
        assert_eq!(a.period, None);
        let a = anchor("The fire has killed two people since it broke out on Sunday afternoon.");
        assert_eq!(a.period, None);
        let a = anchor("Two people have died in the Rio Pueblo Fire, officials said.");
        assert_eq!(a.located, None);
        let a = anchor("Since the takeover, more than 700 people have been killed.");
        assert_eq!(a.period, Some("since"));
    }

    #[test]
    fn people_aboard_in_pairs_and_participles() {
        check("Sindh officials said 98 passengers and crew had been killed.", &["98 = exactly 98: deaths"]);
        check(
            "Ninety-one passengers and eight crew were on board the Airbus.",
            &["Ninety-one = exactly 91: aboard (passenger)", "eight = exactly 8: aboard (crew)"],
        );
        check("The United States expelled 10 Russian diplomats.", &["10 = exactly 10: expelled (russian diplomat)"]);
        check("The 12 expelled diplomats have a week to leave.", &["12 = exactly 12: expelled (diplomat)"]);
        check("The 40 injured people were taken to hospital.", &["40 = exactly 40: injured"]);
    }

    #[test]
    fn hostages_prisoners_and_nationalities_are_groups_of_their_own() {
        check("Hamas freed 13 Israeli hostages on Friday.", &["13 = exactly 13: freed (israeli hostage)"]);
        check("Israel freed 39 Palestinian prisoners.", &["39 = exactly 39: freed (palestinian prisoner)"]);
        check(
            "Under the agreement, Hamas is to release 50 hostages, while Israel frees 150 prisoners.",
            &["50 = exactly 50: freed (hostage) [hypothetical]", "150 = exactly 150: freed (prisoner) [hypothetical]"],
        );
    }

    #[test]
    fn a_long_subject_of_the_toll() {
        check(
            "The death toll from a suicide bombing at a mosque inside the police headquarters rose to 100 on Tuesday.",
            &["100 = exactly 100: deaths"],
        );
    }

    #[test]
    fn values_far_apart_count_different_things() {
        let one = |sentence: &str| {
            let text = format!("Headline\n\n{sentence}\n");
            extract_text(&text).remove(0)
        };
        let (a, b, c) = (
            one("Police arrested 54 people."),
            one("More than 600 people were arrested."),
            one("Police arrested 87 people."),
        );
        assert!(!same_quantity(&a, &b, &[]), "54 and more than 600");
        assert!(same_quantity(&a, &c, &[]), "54 and 87");
    }

    #[test]
    fn years_of_later_clauses_are_about_something_else() {
        let text = "Headline\n\nThe United States expelled 10 Russian diplomats, in response to interference in \
                    the 2020 election.\n";
        assert_eq!(extract_text(text)[0].quantity.as_ref().unwrap().anchor.years, Vec::<u16>::new());
    }

    #[test]
    fn compound_groups_and_people_still_missing() {
        check("Twelve police officers were injured.", &["Twelve = exactly 12: injured (police)"]);
        check("Rescuers searched for 14 people still missing.", &["14 = exactly 14: missing"]);
        check("Eleven people remain missing.", &["Eleven = exactly 11: missing"]);
    }

    #[test]
    fn dateline_years_are_the_story_year() {
        let text = "Headline\n\nMonday, 17 Apr, 2017\n\nBody text with 2013 in it.\n";
        assert_eq!(dateline_years(text, &Article::parse(text)), [2017]);
        let text = "Headline\n\nTuesday, 9 Nov, 2021\n\nBody text.\n";
        assert_eq!(dateline_dates(text, &Article::parse(text)), Dates { years: vec![2021], months: vec!["november"] });
        for (word, month) in [("Sept.", Some("september")), ("April", Some("april")), ("dec", Some("december"))] {
            assert_eq!(month_named(word), month, "{word}");
        }
        for word in ["Ma", "Marching", "Mayor", "Monday"] {
            assert_eq!(month_named(word), None, "{word}");
        }
    }

    /// Sentences with no figure at all: dates, times, ages, durations, measures, labels, codes,
    /// scores and tallies, ordinals, pronoun "one".
    #[test]
    fn sentences_without_figures() {
        for sentence in [
            "The summit is scheduled for June 5 in Geneva.",
            "Polls close at 8 p.m. local time.",
            "The ceasefire took effect at 0600 GMT.",
            "The 24-hour truce collapsed within minutes.",
            "Flight MH17 was shot down over eastern Ukraine.",
            "Traffic on Interstate 95 was halted in both directions.",
            "Article 5 of the NATO treaty commits allies to mutual defence.",
            "The G20 summit opens on Friday.",
            "COVID-19 restrictions were lifted.",
            "Chelsea beat Arsenal 3-1 on Saturday.",
            "The Senate passed the bill 68-32.",
            "The home side won 4–2.",
            "Call the hotline on 0800 555 0199.",
            "She was born on 4 July 1976.",
            "Temperatures reached 45 degrees Celsius.",
            "The convoy travelled 300 miles.",
            "The measure passed by a vote of 10 to 4.",
            "Page 3 carried the story.",
            "The 61-year-old was killed on Tuesday.",
            "Smith, 45, and Jones, 52, were arrested.",
            "The 1,000-strong force arrived at dawn.",
            "He was sentenced to 20 years in prison.",
            "Many people were killed.",
            "No one was hurt.",
            "One of the victims was a police officer.",
        ] {
            check(sentence, &[]);
        }
    }

    /// Sentences whose figures must never be compared: they count nothing the sentence names,
    /// or a part, an increment, an earlier or a hypothetical value.
    #[test]
    fn figures_that_are_not_compared() {
        for sentence in [
            "Prices are up 3% on the year.",
            "In the 1980s, the town had 5,000 residents.",
            "He scored 30 points in the final.",
            "The bill has 12 sections.",
            "The company has 1,200 jobs in the city.",
            "The company could cut 1,200 jobs.",
            "Thousands of people marched through the capital.",
            "Dozens of journalists attended the briefing.",
            "The two leaders met for 90 minutes.",
            "The hospital received 35 wounded.",
            "Rescuers pulled 12 survivors from the rubble.",
            "Officials fear the flooding could kill up to 1,000 people.",
            "An earlier toll put the number of dead at 40.",
            "Another 12 bodies were found on Sunday.",
            "Russia has used its veto 8 times.",
            "The boat can carry 750 people.",
            "The storm destroyed or damaged 2,000 homes.",
            "Police could free 12 hostages.",
            "Another 87 people were feared dead.",
            "The government threatened to evacuate 10,000 residents.",
            "Officials initially reported 40 dead.",
            "Among the dead were 31 children.",
            "The toll rose by 10 overnight.",
            "Rescuers said 92 bodies had been recovered.",
            "Police said 87 people were feared dead.",
        ] {
            let text = format!("Headline\n\n{sentence}\n");
            let compared: Vec<String> = extract_text(&text)
                .iter()
                .filter(|f| f.comparable())
                .map(|f| text[f.span.clone()].to_string())
                .collect();
            assert!(compared.is_empty(), "{sentence:?} compares {compared:?}");
        }
    }

    /// The ASCII fast path gives exactly the spans of `article::words`.
    #[test]
    fn ascii_words_match_article_words() {
        const PIECES: &[&str] = &[
            " ",
            " ",
            "U.S.",
            "a.m.",
            "U.S.-led",
            "1,200",
            "3.5",
            "40-50",
            "al-Assad's",
            "'",
            "-",
            "--",
            ".",
            ",",
            "e.g.",
            "A.",
            "x",
            "87",
            "Mr.",
            "9/11",
            "3.5.1",
            "1,2,3",
            "a-",
            "-b",
            "'s",
            "$4.2bn",
            "40%",
            "\"",
            "(",
            ")",
            "U.",
            "S",
        ];
        let mut seed = 0x5eed_u64;
        for _ in 0..5000 {
            let mut text = String::new();
            for _ in 0..(seed % 12) {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                text.push_str(PIECES[(seed >> 33) as usize % PIECES.len()]);
            }
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let fast: Vec<Span> = AsciiWords { bytes: text.as_bytes(), pos: 0, end: text.len() }.collect();
            let slow: Vec<Span> = words(&text, 0..text.len()).collect();
            assert_eq!(fast, slow, "{text:?}");
        }
    }

    #[test]
    fn never_panics_on_odd_input() {
        for text in [
            "",
            "1",
            "H\n\n$",
            "H\n\n$ 4bn",
            "H\n\nbetween 4 and",
            "H\n\nhalf a",
            "H\n\na dozen",
            "H\n\n40–",
            "H\n\n–40 to",
            "H\n\nkilled 1,2,3 and 4.5.6 and 99999999999999999999999 people",
            "H\n\nThe toll: 87; killed, 87 — 87 dead “87” (87)",
            "H\n\n€‐5 ₹‑6 1‐2 £ 3 m",
        ] {
            let _ = extract_text(text);
        }
    }

    proptest::proptest! {
        /// A sentence the byte test passes over holds no word that may start a number: the
        /// test never hides a figure, in any mix of scripts, cases, joiners and number words.
        #[test]
        fn sentences_passed_over_hold_no_number(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "one", "Twenty", "-", "SEVENTEEN", "thousands", "few", "ten", "often", "é", "Ж", "’", "'",
                "7", "٣", " ", ",", ".", "a", "half", "dozen", "e", "n", "tens", "s", "forty-two",
            ]), 0..24),
        ) {
            let text: String = pieces.concat();
            let (mut toks, mut lower) = (Vec::new(), String::new());
            if tokenize(&text, 0..text.len(), &mut toks, &mut lower) {
                proptest::prop_assert!(may_hold_number(&text), "{:?}", text);
            }
        }
    }

    /// The words that may start a number are the number words from one to ninety-nine, as
    /// figures are written out, and the amounts; the shapes that turn other words away never
    /// turn one of them away.
    #[test]
    fn number_words_may_start_numbers() {
        for n in 1..100 {
            let word = number_words(n).unwrap();
            assert_eq!(word_number(&word), Some(n), "{word}");
            assert!(may_start_number(&word), "{word}");
        }
        for word in NUMBER_NOUNS {
            assert!(may_start_number(word), "{word}");
        }
        for word in ["the", "said", "from", "that", "one-third", "fifty-fifty", "ten-ten", "zero"] {
            assert!(!may_start_number(word), "{word}");
        }
    }

    #[test]
    fn sentences_without_numbers_are_passed_over() {
        for sentence in [
            "The minister said often and at length that the talks had failed.",
            "Témoins: “Nous avons fui”, a-t-il dit.",
            "Someone phoned at noon; tension rose.",
        ] {
            assert!(!may_hold_number(sentence), "{sentence}");
        }
        for sentence in ["Ten people died.", "It killed 87.", "Dozens were hurt.", "Twenty-one fled."] {
            assert!(may_hold_number(sentence), "{sentence}");
        }
    }
}
