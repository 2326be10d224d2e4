//! The annotated stories of `tests/corpus/stories/`, checked end to end by the built binary
//! (`copydesk check --format json`) and scored against their `gold.json` the way
//! `../shared/tools/score.py` scores a server: a member of a defect is found when a finding of
//! its check overlaps it; a finding is a true positive when it overlaps a member of a defect of
//! its check in its file, and a negative is hit when a finding of a check it lists overlaps it.
//!
//! Two things must hold outright: no negative is hit, and a story annotated clean gets no
//! finding at all. Recall and precision per story are kept in `scores.txt`, so that a change
//! that moves them shows in review (`UPDATE_EXPECT=1 cargo test corpus` writes them anew).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use expect_test::expect_file;
use serde_json::Value;

use crate::util::bin;

/// The checks, in the order the table lists them.
const CHECKS: [&str; 4] = ["figure-conflict", "duplicate-paragraph", "truncated-sentence", "name-variant"];

/// A finding as the JSON report gives it: check, file and byte range.
struct Found {
    check: String,
    file: String,
    start: usize,
    end: usize,
}

/// Counts for one check of one story.
#[derive(Default, Clone, Copy)]
struct Score {
    /// Scored units found, of all units (each required member of an "each" defect, one per
    /// "any" defect; optional defects are not units).
    found: usize,
    units: usize,
    /// Findings on an annotated defect, of all findings.
    true_positives: usize,
    findings: usize,
}

fn stories() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/stories");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("tests/corpus/stories")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.join("gold.json").is_file())
        .collect();
    dirs.sort();
    dirs
}

/// The findings of `copydesk check` over one story folder, run from inside it so that files are
/// named as `gold.json` names them.
fn findings(dir: &Path) -> Vec<Found> {
    let output = Command::new(bin())
        .args(["check", "--no-progress", "--format", "json", "."])
        .current_dir(dir)
        .output()
        .expect("run copydesk check");
    assert!(matches!(output.status.code(), Some(0 | 1)), "{}", String::from_utf8_lossy(&output.stderr));
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON report");
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| Found {
            check: f["check"].as_str().unwrap().to_string(),
            file: f["file"].as_str().unwrap().trim_start_matches("./").to_string(),
            start: f["start"]["offset"].as_u64().unwrap() as usize,
            end: f["end"]["offset"].as_u64().unwrap() as usize,
        })
        .collect()
}

/// The byte range of the `occurrence`-th (1-based) `anchor` in `file` of `dir`.
fn anchor_span(dir: &Path, item: &Value) -> (String, usize, usize) {
    let file = item["file"].as_str().unwrap().to_string();
    let text = std::fs::read_to_string(dir.join(&file)).expect("annotated file");
    let anchor = item["anchor"].as_str().unwrap();
    let occurrence = item["occurrence"].as_u64().unwrap_or(1).max(1) as usize;
    let start = text
        .match_indices(anchor)
        .nth(occurrence - 1)
        .unwrap_or_else(|| panic!("{}: no occurrence {occurrence} of {anchor:?} in {file}", dir.display()))
        .0;
    (file, start, start + anchor.len())
}

fn overlaps(f: &Found, check: &str, (file, start, end): &(String, usize, usize)) -> bool {
    f.check == check && f.file == *file && f.start < *end && *start < f.end
}

#[test]
fn annotated_stories_score_as_recorded() {
    let mut table = String::from(
        "story: per check, units found / units, findings on a defect / findings (fig, dup, trunc, name)\n",
    );
    let mut totals: BTreeMap<&str, Score> = BTreeMap::new();
    let mut problems = Vec::new();
    for dir in stories() {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let gold: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("gold.json")).unwrap()).unwrap();
        let found = findings(&dir);
        let defects = gold["defects"].as_array().unwrap();
        if defects.is_empty() && !found.is_empty() {
            problems.push(format!("{name}: a clean story got {} findings", found.len()));
        }
        for negative in gold["negatives"].as_array().unwrap() {
            let span = anchor_span(&dir, negative);
            for check in negative["codes"].as_array().unwrap().iter().filter_map(Value::as_str) {
                if found.iter().any(|f| overlaps(f, check, &span)) {
                    problems.push(format!("{name}: {check} hits the negative {:?}", negative["anchor"]));
                }
            }
        }
        write!(table, "{name:<14}").unwrap();
        for check in CHECKS {
            let mut score = Score::default();
            let mut members = Vec::new();
            for defect in defects.iter().filter(|d| d["code"] == check) {
                let spans: Vec<(bool, (String, usize, usize))> = defect["members"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|m| (m["optional"].as_bool().unwrap_or(false), anchor_span(&dir, m)))
                    .collect();
                let hit = |span: &(String, usize, usize)| found.iter().any(|f| overlaps(f, check, span));
                if !defect["optional"].as_bool().unwrap_or(false) {
                    if defect["scoring"] == "each" {
                        let required: Vec<_> = spans.iter().filter(|(optional, _)| !optional).collect();
                        score.units += required.len();
                        score.found += required.iter().filter(|(_, span)| hit(span)).count();
                    } else {
                        score.units += 1;
                        score.found += usize::from(spans.iter().any(|(_, span)| hit(span)));
                    }
                }
                members.extend(spans.into_iter().map(|(_, span)| span));
            }
            for f in found.iter().filter(|f| f.check == check) {
                score.findings += 1;
                score.true_positives += usize::from(members.iter().any(|span| overlaps(f, check, span)));
            }
            write!(table, " {:>2}/{:<2} {:>2}/{:<2} |", score.found, score.units, score.true_positives, score.findings)
                .unwrap();
            let total = totals.entry(check).or_default();
            total.found += score.found;
            total.units += score.units;
            total.true_positives += score.true_positives;
            total.findings += score.findings;
        }
        table.push('\n');
    }
    table.push_str("\nall stories: recall, precision\n");
    for check in CHECKS {
        let t = totals[check];
        writeln!(
            table,
            "{check:<20} {:>3}/{:<3} {:.3}  {:>3}/{:<3} {:.3}",
            t.found,
            t.units,
            t.found as f64 / t.units.max(1) as f64,
            t.true_positives,
            t.findings,
            t.true_positives as f64 / t.findings.max(1) as f64
        )
        .unwrap();
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    expect_file!["scores.txt"].assert_eq(&table);
}
