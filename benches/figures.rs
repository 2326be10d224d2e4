//! Criterion bench of figure extraction (`analysis::figures`), the per-document work behind
//! `figure-conflict`: on 1 MB articles and on a typical 4 KB one.
//!
//! Two kinds of copy. "dense" is casualty-story copy from a deterministic generator (below),
//! far denser in figures than news: every sentence carries a toll, a range, a vague amount, a
//! qualifier, a year, a date or an age, so it measures the slow path of extraction. "seeds" is
//! real copy: the seed articles of `examples/` repeated to 1 MB.
//!
//! Run with `cargo bench --bench figures`; see BENCHMARKS.md for figures.

use std::hint::black_box;
use std::time::Duration;

use copydesk::analysis::article::Article;
use copydesk::analysis::figures;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

const LARGE: usize = 1 << 20;
const TYPICAL: usize = 4 << 10;

/// Sentences of casualty copy; `{n}` takes a number, `{w}` a number in words.
const SENTENCES: &[&str] = &[
    "A chemical weapons attack killed {n} people and was described by the U.S. as a nerve gas attack.",
    "At least {n} people were killed in the attack, many of them children.",
    "Iran, Russia and Syria deny that the authorities in Damascus were behind the attack, in which more than {n} people were killed and hundreds injured.",
    "The U.S. fired {n} Tomahawk missiles at Syria's al-Shayrat air base last week.",
    "Under a 2013 deal, struck after a chemical attack in suburbs of Damascus killed hundreds of people, Syria was supposed to dismantle its arsenal.",
    "The death toll rose from {n} to {m} on Thursday, the health ministry said.",
    "Between {n} and {m} people were arrested in the capital, police said.",
    "{W} soldiers were wounded when a roadside bomb exploded near the convoy.",
    "A 61-year-old man, John Smith, 61, told reporters the two-hour meeting ended at 10:30 a.m. on April 12, 2017.",
    "It was the eighth time during Syria's six-year-old civil war that Moscow used its veto.",
    "More than 320,000 people have died in six years of brutal war, according to monitors.",
    "The European Union pledged ${n}.5 billion in aid, about {m} percent more than last year.",
    "Tillerson said he had a productive meeting with Putin, and both said talks would continue.",
    "Rescuers said dozens of people were still missing after the quake struck 40 km from the city.",
    "Some {n},000 residents were evacuated as the storm approached, and scores were hurt.",
];

/// A story of about `size` bytes: a headline, a dateline and paragraphs of three sentences.
fn article(seed: u64, size: usize) -> String {
    let mut rng = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut next = move || {
        rng ^= rng >> 12;
        rng ^= rng << 25;
        rng ^= rng >> 27;
        rng.wrapping_mul(0x2545_F491_4F6C_DD1D)
    };
    let words = ["twelve", "Twenty", "eighty-seven", "a dozen", "two dozen", "forty"];
    let mut text = String::from("Death toll rises after chemical attack in Syria\n\nMonday, 17 Apr, 2017\n\n");
    while text.len() < size {
        for _ in 0..3 {
            let template = SENTENCES[(next() % SENTENCES.len() as u64) as usize];
            let n = 10 + next() % 90;
            let m = n + 1 + next() % 50;
            let w = words[(next() % words.len() as u64) as usize];
            let sentence = template
                .replace("{n}", &n.to_string())
                .replace("{m}", &m.to_string())
                .replace("{W}", &(w[..1].to_uppercase() + &w[1..]));
            text.push_str(&sentence);
            text.push(' ');
        }
        text.pop();
        text.push_str("\n\n");
    }
    text
}

/// The seed articles of `examples/` (one story, five outlets), repeated to about `size` bytes:
/// one headline, then the bodies.
fn seeds(size: usize) -> String {
    const SEEDS: [&str; 5] = [
        include_str!("../examples/000_1985278e3f6fab29.txt"),
        include_str!("../examples/001_7c325a4795b0ca8d.txt"),
        include_str!("../examples/002_949ec1250efea61f.txt"),
        include_str!("../examples/003_360affecd95d8f15.txt"),
        include_str!("../examples/004_3470f3ac3604670e.txt"),
    ];
    let mut text = String::from("Seed copy\n\n");
    for seed in SEEDS.iter().cycle() {
        if text.len() >= size {
            break;
        }
        text.push_str(seed.split_once("\n\n").map_or(seed, |(_, body)| body));
        text.push_str("\n\n");
    }
    text
}

fn extraction(c: &mut Criterion) {
    let dense = article(1, LARGE);
    let real = seeds(LARGE);
    let typical = article(2, TYPICAL);
    let dense_article = Article::parse(&dense);
    let real_article = Article::parse(&real);
    let typical_article = Article::parse(&typical);

    let mut group = c.benchmark_group("figure extraction");
    group.sample_size(20).measurement_time(Duration::from_secs(4)).warm_up_time(Duration::from_secs(1));
    for (name, text, article) in [
        ("figures::extract/1MB dense", &dense, &dense_article),
        ("figures::extract/1MB seeds", &real, &real_article),
        ("figures::extract/4KB dense", &typical, &typical_article),
    ] {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(name, |b| b.iter(|| figures::extract(black_box(text), article)));
    }
    group.finish();
}

criterion_group!(benches, extraction);
criterion_main!(benches);
