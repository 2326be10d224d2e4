//! Criterion benches of the analysis core, on a 1 MB article and on a typical 4 KB one:
//!
//! - `parse/*`: `Article::parse` (throughput in bytes), `normalize::comparable`, and
//!   `Workspace::set` into an empty workspace (parse, fingerprints, line table, index);
//! - `check/*`: `set+check/cold` (an article never seen, in a fresh workspace), `check/warm`
//!   (checking again a text that is set and was checked: hovers, peers), and `edit` (one more
//!   character typed in the middle, then `set`, then `check`: what the server does per keystroke);
//! - `check-only/<check>/{cold,edit}/1MB`: the same with a single check enabled, and `none` with
//!   all of them off, to show where the time of a cold open and of a keystroke goes;
//! - `rope/*`: the server's editing buffer (ropey) on 1 MB, for the part of a keystroke outside
//!   the analysis core.
//!
//! The articles come from a deterministic generator (below) that writes newsroom-like copy: a
//! headline, a byline, a dateline, paragraphs of 40–120 words with quotes, "U.S.", "Mr.", figures
//! such as "1,200" and "3.5 million", accented names, and now and then a paragraph pasted twice.
//! The same generator lives in `benches/lsp_latency.rs`; keep the two in step.
//!
//! Run with `cargo bench --bench analysis`. Measurement times are short on purpose so that the
//! whole run stays around a minute on a two-core machine; see BENCHMARKS.md for figures.

use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use copydesk::analysis::article::Article;
use copydesk::analysis::normalize::comparable;
use copydesk::analysis::CheckId;
use copydesk::analysis::Workspace;
use copydesk::config::Config;
use copydesk::config::PartialConfig;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, SamplingMode, Throughput};

/// A 1 MB article: the size the project's latency targets are stated for.
const LARGE: usize = 1 << 20;
/// A typical wire story.
const TYPICAL: usize = 4 << 10;

fn parse(c: &mut Criterion) {
    let text = generate::article(1, LARGE, 40);
    let mut group = c.benchmark_group("parse");
    group.sample_size(10).measurement_time(Duration::from_secs(2)).warm_up_time(Duration::from_millis(500));
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("Article::parse/1MB", |b| b.iter(|| Article::parse(black_box(&text))));
    // The pieces of the pipeline that are not checks, to show where cold time goes.
    group.bench_function("normalize::comparable/1MB", |b| b.iter(|| comparable(black_box(&text))));
    // A new article into an empty workspace: parse, fingerprints, line table and sketch index,
    // nothing reused.
    group.bench_function("Workspace::set/cold/1MB", |b| {
        b.iter_batched(
            || (Workspace::new(), generate::article(fresh(), LARGE, 40)),
            |(mut ws, text)| {
                ws.set("story/large.txt", text.as_str());
                ws
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

fn check(c: &mut Criterion) {
    let config = Config::default();
    let large = generate::article(1, LARGE, 40);
    let typical = generate::article(2, TYPICAL, 6);

    let mut group = c.benchmark_group("check");
    group.sample_size(10).measurement_time(Duration::from_secs(2)).warm_up_time(Duration::from_millis(500));
    // Checking 1 MB takes long enough that criterion's linear sampling would run for minutes.
    group.sampling_mode(SamplingMode::Flat);
    group.throughput(Throughput::Bytes(large.len() as u64));

    // Cold: opening an article never seen before, from the text to the findings, in a fresh
    // workspace. Each iteration gets a new article (generated untimed) so that no memo keyed by
    // content can answer; dropping the workspace is not timed either.
    group.bench_function("set+check/cold/1MB", |b| {
        b.iter_batched(
            || (Workspace::new(), generate::article(fresh(), LARGE, 40)),
            |(mut ws, text)| {
                let id = ws.set("story/large.txt", text.as_str());
                let findings = ws.check(id, &config);
                (ws, findings)
            },
            BatchSize::PerIteration,
        )
    });
    // Warm: the text is set already and was checked once (a hover, a code action, a peer
    // re-checked), so whatever the core memoises is in place.
    group.bench_function("check/warm/1MB", |b| {
        let mut ws = Workspace::new();
        let id = ws.set("story/large.txt", large.as_str());
        ws.check(id, &config);
        b.iter(|| ws.check(black_box(id), &config))
    });
    // A keystroke: each iteration sets the text with one more character typed in the middle
    // fifth of the article (edits made untimed), then checks it, like the server after a
    // `didChange`. Unchanged paragraphs may reuse whatever the previous version computed.
    group.bench_function("set/edit/1MB", |b| {
        let mut ws = Workspace::new();
        ws.set("story/large.txt", large.as_str());
        let mut typist = Typist::new(&large);
        b.iter_batched(|| typist.next(), |text| ws.set("story/large.txt", text), BatchSize::PerIteration)
    });
    group.bench_function("set+check/edit/1MB", |b| {
        let mut ws = Workspace::new();
        let id = ws.set("story/large.txt", large.as_str());
        ws.check(id, &config);
        let mut typist = Typist::new(&large);
        b.iter_batched(
            || typist.next(),
            |text| {
                let id = ws.set("story/large.txt", text);
                ws.check(id, &config)
            },
            BatchSize::PerIteration,
        )
    });

    group.sampling_mode(SamplingMode::Auto);
    group.throughput(Throughput::Bytes(typical.len() as u64));
    group.bench_function("set+check/cold/4KB", |b| {
        b.iter_batched(
            || (Workspace::new(), generate::article(fresh(), TYPICAL, 6)),
            |(mut ws, text)| {
                let id = ws.set("story/typical.txt", text.as_str());
                let findings = ws.check(id, &config);
                (ws, findings)
            },
            BatchSize::SmallInput,
        )
    });
    group.bench_function("check/warm/4KB", |b| {
        let mut ws = Workspace::new();
        let id = ws.set("story/typical.txt", typical.as_str());
        ws.check(id, &config);
        b.iter(|| ws.check(black_box(id), &config))
    });
    group.finish();
}

/// Where the time of opening and of a keystroke on 1 MB goes: `set+check/cold/1MB` and
/// `set+check/edit/1MB` with one check enabled at a time, and with none (the cost of
/// `Workspace::set` and of running no check).
fn check_by_id(c: &mut Criterion) {
    let large = generate::article(1, LARGE, 40);
    let mut group = c.benchmark_group("check-only");
    group.sample_size(10).measurement_time(Duration::from_secs(2)).warm_up_time(Duration::from_millis(500));
    group.sampling_mode(SamplingMode::Flat);
    group.throughput(Throughput::Bytes(large.len() as u64));
    let enabled: Vec<Option<CheckId>> = std::iter::once(None).chain(CheckId::ALL.iter().copied().map(Some)).collect();
    for only in enabled {
        let toml: String = CheckId::ALL
            .iter()
            .filter(|&&other| Some(other) != only)
            .map(|other| format!("[checks.{other}]\nenabled = false\n"))
            .collect();
        let layer = PartialConfig::from_toml(&toml).expect("valid check ids");
        let config = Config::layered([&layer]);
        let name = only.map_or("none".to_string(), |id| id.to_string());
        group.bench_function(format!("{name}/cold/1MB"), |b| {
            b.iter_batched(
                || (Workspace::new(), generate::article(fresh(), LARGE, 40)),
                |(mut ws, text)| {
                    let id = ws.set("story/large.txt", text.as_str());
                    let findings = ws.check(id, &config);
                    (ws, findings)
                },
                BatchSize::PerIteration,
            )
        });
        group.bench_function(format!("{name}/edit/1MB"), |b| {
            let mut ws = Workspace::new();
            let id = ws.set("story/large.txt", large.as_str());
            ws.check(id, &config);
            let mut typist = Typist::new(&large);
            b.iter_batched(
                || typist.next(),
                |text| {
                    let id = ws.set("story/large.txt", text);
                    ws.check(id, &config)
                },
                BatchSize::PerIteration,
            )
        });
    }
    group.finish();
}

/// A number never handed out before in this process, for article seeds and edit positions.
///
/// The analysis core may memoise by content, even across workspaces (the name check keeps a
/// process-wide memo of scans keyed by text). A bench that meant to be cold or to type something
/// new must therefore never meet a text that an earlier bench already checked.
fn fresh() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1_000);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// Types one character at a time into a copy of an article, each time at another word boundary
/// in the middle fifth of it, and hands out the text after each keystroke. Positions come from
/// [`fresh`], so no two typists ever produce the same text.
struct Typist {
    text: String,
}

impl Typist {
    fn new(text: &str) -> Typist {
        Typist { text: text.to_string() }
    }

    fn next(&mut self) -> String {
        let fifth = self.text.len() / 5;
        let mut from = 2 * fifth + (fresh() as usize * 7_919) % fifth;
        while !self.text.is_char_boundary(from) {
            from += 1;
        }
        let at = from + self.text[from..].find(' ').expect("a space after the middle");
        self.text.insert(at, 'x');
        self.text.clone()
    }
}

/// The editing side of a keystroke in the server, outside the analysis core: the rope edit and
/// the copy of the rope into the `String` that the workspace parses.
fn rope(c: &mut Criterion) {
    let text = generate::article(1, LARGE, 40);
    let mut group = c.benchmark_group("rope");
    group.sample_size(10).measurement_time(Duration::from_secs(1)).warm_up_time(Duration::from_millis(300));
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("Rope::from_str/1MB", |b| b.iter(|| ropey::Rope::from_str(black_box(&text))));
    let rope = ropey::Rope::from_str(&text);
    group.bench_function("Rope::to_string/1MB", |b| b.iter(|| black_box(&rope).to_string()));
    group.bench_function("Rope::insert/1MB", |b| {
        b.iter_batched_ref(
            || rope.clone(),
            |rope| rope.insert(black_box(rope.len_chars() / 2), "x"),
            BatchSize::SmallInput,
        )
    });
    group.finish();
}

criterion_group!(benches, parse, check, check_by_id, rope);
criterion_main!(benches);

/// Deterministic news copy. Identical in `benches/analysis.rs` and `benches/lsp_latency.rs`.
mod generate {
    /// xorshift64*: small, fast and the same on every machine.
    pub struct Rng(u64);

    impl Rng {
        pub fn new(seed: u64) -> Rng {
            Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
        }

        pub fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }

        pub fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }

        pub fn range(&mut self, lo: usize, hi: usize) -> usize {
            lo + self.below(hi - lo + 1)
        }

        pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            items[self.below(items.len())]
        }
    }

    const WORDS: &[&str] = &[
        "government",
        "officials",
        "minister",
        "ministry",
        "president",
        "police",
        "army",
        "rebels",
        "talks",
        "agreement",
        "ceasefire",
        "election",
        "vote",
        "parliament",
        "budget",
        "economy",
        "inflation",
        "prices",
        "market",
        "shares",
        "investors",
        "company",
        "bank",
        "rates",
        "growth",
        "report",
        "statement",
        "spokesman",
        "spokeswoman",
        "residents",
        "city",
        "capital",
        "region",
        "border",
        "troops",
        "attack",
        "strike",
        "missiles",
        "air",
        "base",
        "hospital",
        "victims",
        "people",
        "killed",
        "wounded",
        "injured",
        "arrested",
        "charged",
        "court",
        "judge",
        "trial",
        "law",
        "bill",
        "reform",
        "plan",
        "deal",
        "sanctions",
        "exports",
        "oil",
        "gas",
        "energy",
        "climate",
        "summit",
        "leaders",
        "allies",
        "opposition",
        "protesters",
        "crowd",
        "streets",
        "weekend",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "morning",
        "night",
        "week",
        "year",
        "month",
        "since",
        "after",
        "before",
        "during",
        "amid",
        "despite",
        "while",
        "that",
        "which",
        "would",
        "could",
        "said",
        "told",
        "added",
        "warned",
        "announced",
        "confirmed",
        "denied",
        "expected",
        "planned",
        "rose",
        "fell",
        "reached",
        "raised",
        "cut",
        "signed",
        "rejected",
        "approved",
        "called",
        "urged",
        "the",
        "the",
        "the",
        "a",
        "an",
        "of",
        "of",
        "in",
        "in",
        "to",
        "to",
        "and",
        "and",
        "on",
        "for",
        "with",
        "by",
        "at",
        "from",
        "its",
        "their",
        "his",
        "her",
        "new",
        "former",
        "senior",
        "local",
        "national",
        "foreign",
        "federal",
        "public",
        "private",
        "major",
        "key",
        "last",
        "first",
        "second",
        "third",
        "more",
        "than",
        "about",
        "nearly",
        "some",
        "many",
        "several",
        "other",
        "further",
        "also",
        "not",
        "has",
        "have",
        "had",
        "was",
        "were",
        "is",
        "are",
        "been",
        "will",
        "may",
        "says",
        "according",
        "sources",
        "analysts",
        "data",
    ];

    const NAMES: &[&str] = &[
        "François Hollande",
        "José Álvarez",
        "Zoë Müller",
        "Søren Jørgensen",
        "Łukasz Wójcik",
        "Renée Côté",
        "Björn Ångström",
        "Ana Patrícia Gonçalves",
        "Mehmet Yılmaz",
        "Nguyễn Văn An",
        "Rex Tillerson",
        "Sergei Lavrov",
        "Angela Merkel",
        "Jean-Luc Mélenchon",
        "Dilma Rousseff",
        "Recep Tayyip Erdoğan",
    ];

    const SURNAMES: &[&str] =
        &["Hollande", "Álvarez", "Müller", "Jørgensen", "Wójcik", "Côté", "Tillerson", "Lavrov", "Erdoğan"];

    const PLACES: &[&str] =
        &["PARIS", "WASHINGTON", "MOSCOW", "BRUSSELS", "ISTANBUL", "SÃO PAULO", "MÜNCHEN", "KYIV", "BEIRUT", "HANOI"];

    const DAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    const AGENCIES: &[&str] = &["(Reuters)", "(AP)", "(AFP)", "(dpa)"];

    fn figure(rng: &mut Rng) -> String {
        match rng.below(8) {
            0 => format!("{},{:03}", rng.range(1, 99), rng.below(1000)),
            1 => format!("{}.{} million", rng.range(1, 99), rng.below(10)),
            2 => format!("${}.{} billion", rng.range(1, 20), rng.below(10)),
            3 => format!("{} percent", rng.range(1, 60)),
            4 => format!("{}.{}%", rng.range(0, 9), rng.below(10)),
            5 => format!("{} people", rng.range(2, 400)),
            6 => format!("{}", rng.range(1990, 2024)),
            _ => format!("{}", rng.range(2, 99)),
        }
    }

    fn capitalize(word: &str) -> String {
        let mut chars = word.chars();
        match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => String::new(),
        }
    }

    /// One sentence of `words` words or a little more, ending with its punctuation.
    fn sentence(rng: &mut Rng, words: usize) -> String {
        let mut parts: Vec<String> = Vec::with_capacity(words + 4);
        while parts.len() < words {
            match rng.below(40) {
                0..=1 => parts.push(figure(rng)),
                2 => parts.push("U.S.".to_string()),
                3 => parts.push(format!("Mr. {}", rng.pick(SURNAMES))),
                4 => parts.push(rng.pick(NAMES).to_string()),
                5 => parts.push(format!("{}'s", rng.pick(SURNAMES))),
                _ => parts.push(rng.pick(WORDS).to_string()),
            }
        }
        let body = parts.join(" ");
        let body = capitalize(&body);
        match rng.below(10) {
            0 => format!("\"{body},\" Mr. {} said.", rng.pick(SURNAMES)),
            1 => format!("“{body},” {} told reporters.", rng.pick(NAMES)),
            2 => format!("{body}, {} said on {}.", rng.pick(NAMES), rng.pick(DAYS)),
            _ => format!("{body}."),
        }
    }

    /// A paragraph of 40 to 120 words.
    fn paragraph(rng: &mut Rng) -> String {
        let target = rng.range(40, 120);
        let mut out = String::new();
        let mut words = 0;
        while words < target {
            let n = rng.range(8, 25).min(target - words).max(4);
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&sentence(rng, n));
            words += n;
        }
        out
    }

    /// An article of about `bytes` bytes (within a paragraph): headline, byline, dateline paragraph,
    /// body, and "Related news" boilerplate. Every `repeat_every`-th paragraph is a copy of an
    /// earlier body paragraph (a CMS paste error), and so is the last body paragraph when the
    /// article has at least `repeat_every` paragraphs, so that an edit anywhere shifts a finding.
    pub fn article(seed: u64, bytes: usize, repeat_every: usize) -> String {
        let mut rng = Rng::new(seed);
        let mut out = String::with_capacity(bytes + 1024);
        let headline: Vec<&str> = (0..rng.range(6, 10)).map(|_| rng.pick(WORDS)).collect();
        out.push_str(&capitalize(&headline.join(" ")));
        out.push_str("\n\n");
        out.push_str(&format!("By {}\n\n", rng.pick(NAMES)));
        out.push_str(&format!("{} {} — ", rng.pick(PLACES), rng.pick(AGENCIES)));
        let tail = "\n\nRelated news\n\n• Markets rally as talks resume\n";
        let mut body: Vec<String> = Vec::new();
        // The last paragraph (a repeat, when there are enough) takes the article to about `bytes`.
        while out.len() + tail.len() + 600 < bytes {
            let n = body.len() + 1;
            let para = if n > 2 && n % repeat_every == 0 {
                body[rng.below(body.len() - 1) + 1].clone()
            } else {
                paragraph(&mut rng)
            };
            if !body.is_empty() {
                out.push_str("\n\n");
            }
            out.push_str(&para);
            body.push(para);
        }
        if body.len() >= repeat_every {
            let para = body[rng.below(body.len() - 1) + 1].clone();
            out.push_str("\n\n");
            out.push_str(&para);
        }
        out.push_str(tail);
        out
    }
}
