//! Where a keystroke's time goes in the analysis core, check by check, on the generated 1 MB
//! article: `Workspace::set` (parse, fingerprints, sketch index) and `Workspace::check` timed
//! apart, first for a text never seen (an open), then for ten single characters typed at
//! different places in the middle of the article. Runs once per check enabled alone, then with
//! all four. Plain wall-clock timing printed as a table; see BENCHMARKS.md for figures.
//!
//! Run with `cargo bench --bench keystroke`.

use std::time::{Duration, Instant};

use copydesk::analysis::{CheckId, Workspace};
use copydesk::config::{Config, PartialConfig};

#[path = "common/generate.rs"]
mod generate;

const EDITS: usize = 10;

fn main() {
    println!("| enabled | open: set | open: check | keystroke: set (median) | keystroke: check (median) | findings |");
    println!("|---|---|---|---|---|---|");
    let runs: Vec<Option<CheckId>> = CheckId::ALL.iter().copied().map(Some).chain([None]).collect();
    for only in runs {
        let toml: String = CheckId::ALL
            .iter()
            .filter(|&&other| only.is_some_and(|o| o != other))
            .map(|other| format!("[checks.{other}]\nenabled = false\n"))
            .collect();
        let layer = PartialConfig::from_toml(&toml).expect("valid check ids");
        let config = Config::layered([&layer]);
        // A seed per run: no memo keyed by content can answer for an earlier run.
        let mut text = generate::article(100 + only.map_or(9, |id| id as u64), 1 << 20, 40);
        let mut ws = Workspace::new();
        let t = Instant::now();
        let id = ws.set("story/large.txt", text.as_str());
        let open_set = t.elapsed();
        let t = Instant::now();
        let findings = ws.check(id, &config).len();
        let open_check = t.elapsed();
        let (mut sets, mut checks) = (Vec::new(), Vec::new());
        for i in 0..EDITS {
            let from = text.len() / 2 + i * 997;
            let at = from + text[from..].find(' ').expect("a space") + 1;
            text.insert(at, 'x');
            let t = Instant::now();
            let id = ws.set("story/large.txt", text.as_str());
            sets.push(t.elapsed());
            let t = Instant::now();
            std::hint::black_box(ws.check(id, &config));
            checks.push(t.elapsed());
        }
        let name = only.map_or("all four".to_string(), |id| format!("`{id}` only"));
        println!(
            "| {name} | {} | {} | {} | {} | {findings} |",
            ms(open_set),
            ms(open_check),
            ms(median(&mut sets)),
            ms(median(&mut checks))
        );
    }
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}
