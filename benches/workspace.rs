//! Archive scale: a generated workspace of 10,000 articles (about 40 MB) in story folders of
//! five, with wire paragraphs shared across outlets.
//!
//! Measures what the duplicate-paragraph index promises: loading the whole workspace (parse and
//! index) and re-checking one article after an edit to one paragraph, against its story folder
//! and against the whole workspace. Only `duplicate-paragraph` runs, so that the figures are the
//! index's own. Prints a table; asserts nothing about time.
//!
//! Run with `cargo bench --bench workspace`.

use std::sync::Arc;
use std::time::{Duration, Instant};

use copydesk::analysis::{CheckId, Workspace};
use copydesk::config::{Config, PartialConfig};

const ARTICLES: usize = 10_000;
const STORY: usize = 5;

/// A small deterministic generator (64-bit LCG).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A vocabulary with a Zipf-like spread: a few words very common, most rare, as in news copy.
fn vocabulary() -> Vec<String> {
    let common = "the of and to in a said that on for was with by at as his from he it is were an be has had who after but not have they their which been its officials minister government told reporters would could people against also more than over week".split(' ');
    let mut words: Vec<String> = common.map(str::to_string).collect();
    let syllables = ["ka", "ro", "mi", "ta", "len", "dor", "vas", "ul", "pe", "sin", "gra", "tho", "ne", "bar", "qui"];
    let mut rng = Rng(7);
    while words.len() < 20_000 {
        let n = 2 + rng.below(3);
        let word: String = (0..n).map(|_| syllables[rng.below(syllables.len())]).collect();
        words.push(word);
    }
    words
}

fn word<'a>(vocab: &'a [String], rng: &mut Rng) -> &'a str {
    // Half the words come from the 60 most common, the rest spread over the long tail.
    if rng.below(2) == 0 {
        &vocab[rng.below(60)]
    } else {
        &vocab[60 + rng.below(vocab.len() - 60)]
    }
}

fn paragraph(vocab: &[String], rng: &mut Rng) -> String {
    let n = 40 + rng.below(80);
    let mut p: String = (0..n).map(|_| word(vocab, rng)).collect::<Vec<_>>().join(" ");
    p.push('.');
    p
}

/// Articles of about 4 KB; each story shares two wire paragraphs among its outlets, one of them
/// with a word swapped.
fn workspace_texts() -> Vec<(String, Arc<str>)> {
    let vocab = vocabulary();
    let mut rng = Rng(42);
    let mut out = Vec::with_capacity(ARTICLES);
    let mut wire = Vec::new();
    for a in 0..ARTICLES {
        if a % STORY == 0 {
            wire = vec![paragraph(&vocab, &mut rng), paragraph(&vocab, &mut rng)];
        }
        let mut text = format!("Story {} headline number {a}\n\n", a / STORY);
        let mut paragraphs = 0;
        while text.len() < 4000 {
            let p = match paragraphs {
                1 => wire[0].clone(),
                3 => wire[1].replacen(' ', " swapped ", 1),
                _ => paragraph(&vocab, &mut rng),
            };
            text.push_str(&p);
            text.push_str("\n\n");
            paragraphs += 1;
        }
        out.push((format!("archive/story{:05}/outlet{}.txt", a / STORY, a % STORY), Arc::from(text)));
    }
    out
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let texts = workspace_texts();
    let bytes: usize = texts.iter().map(|(_, t)| t.len()).sum();
    println!("workspace: {} articles, {:.1} MB, stories of {STORY}", texts.len(), bytes as f64 / 1e6);

    let mut load = Vec::new();
    let mut ws = Workspace::new();
    for _ in 0..3 {
        ws = Workspace::new();
        let start = Instant::now();
        ws.set_many(texts.clone());
        load.push(start.elapsed());
    }
    println!("load (parse + index, all cores): median {:?} of 3", median(load));

    for scope in ["folder", "workspace"] {
        let mut toml = format!("scope = \"{scope}\"\n");
        for id in CheckId::ALL.iter().filter(|&&id| id != CheckId::DuplicateParagraph) {
            toml.push_str(&format!("[checks.{id}]\nenabled = false\n"));
        }
        let layer = PartialConfig::from_toml(&toml).expect("valid configuration");
        let config = Config::layered([&layer]);
        let mut edits = Vec::new();
        let mut findings = 0;
        for i in 0..50 {
            let (name, text) = &texts[(i * 197) % texts.len()];
            // Edit one paragraph: one word changed in the third paragraph.
            let edited = text.replacen(" the ", " a ", 1);
            let start = Instant::now();
            let id = ws.set(name, edited.as_str());
            findings += ws.check(id, &config).len();
            edits.push(start.elapsed());
            ws.set(name, text.clone());
        }
        let mut checks = Vec::new();
        for i in 0..200 {
            let id = ws.id(&texts[(i * 37) % texts.len()].0).expect("loaded");
            let start = Instant::now();
            findings += ws.check(id, &config).len();
            checks.push(start.elapsed());
        }
        println!(
            "scope {scope}: edit one paragraph + re-check the article: median {:?}; check one article: median {:?} ({findings} findings)",
            median(edits),
            median(checks)
        );
    }
}
