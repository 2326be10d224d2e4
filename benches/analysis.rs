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

/// Deterministic news copy, shared by the benches.
#[path = "common/generate.rs"]
mod generate;
