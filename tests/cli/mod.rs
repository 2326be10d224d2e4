//! `copydesk check` end to end: the built binary, run from the package root so that paths read
//! `examples/...` as a user would type them.

use std::path::Path;
use std::process::{Command, Output};

use expect_test::expect_file;
use serde_json::Value;

use crate::util::bin;

const FILE: &str = "examples/001_7c325a4795b0ca8d.txt";
const HEADLINE: &str = "Trump declares US-Russia relations may be at 'all-time low'";

fn check(args: &[&str]) -> Output {
    Command::new(bin())
        .arg("check")
        .arg("--no-progress")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .expect("run copydesk check")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[track_caller]
fn assert_code(output: &Output, code: i32) {
    assert_eq!(
        output.status.code(),
        Some(code),
        "\n--- stdout ---\n{}\n--- stderr ---\n{}",
        stdout(output),
        stderr(output)
    );
}

fn path_arg(path: &Path) -> &str {
    path.to_str().expect("temp paths are UTF-8")
}

/// The findings of a JSON report in `file` that start on `line`.
fn findings_at<'a>(report: &'a Value, file: &str, line: u64) -> Vec<&'a Value> {
    report["findings"].as_array().unwrap().iter().filter(|f| f["file"] == file && f["start"]["line"] == line).collect()
}

#[test]
fn examples_human_output_points_at_both_copies() {
    // Each article on its own: only the headline repeated in 001 is flagged.
    let output = check(&["examples/", "--scope", "file", "--select", "duplicate-paragraph"]);
    assert_code(&output, 1);
    let out = stdout(&output);
    for line in [3, 5] {
        assert!(out.contains(&format!("{FILE}:{line}:1")), "{out}");
        assert!(out.contains(&format!("{line} | {HEADLINE}")), "excerpt of line {line}: {out}");
    }
    assert_eq!(
        out.matches("[duplicate-paragraph]: Duplicate paragraph: repeats the headline (line 1)").count(),
        2,
        "{out}"
    );
    assert!(out.contains(&format!("{FILE}:1:1")), "points at the first copy: {out}");
    assert!(out.contains("fix available: Remove duplicate paragraph"), "{out}");
    assert!(out.ends_with("2 findings in 5 articles\n"), "{out}");
    assert_eq!(stderr(&output), "");

    // The folder as one story (the default) still reports both copies of the headline.
    let output = check(&["examples/"]);
    assert_code(&output, 1);
    let out = stdout(&output);
    for line in [3, 5] {
        assert!(out.contains(&format!("{FILE}:{line}:1")), "{out}");
    }
}

#[test]
fn examples_json_output_is_pinned() {
    let output = check(&["examples/", "--format", "json"]);
    assert_code(&output, 1);
    let out = stdout(&output);
    expect_file!["snapshots/check_examples.json"].assert_eq(&out);
    let report: Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(report["version"], 1);
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(report["summary"]["findings"], findings.len());
    assert_eq!(report["summary"]["files"], 5);
    for line in [3, 5] {
        let here = findings_at(&report, FILE, line);
        assert_eq!(here.len(), 1, "{FILE}:{line}: {here:?}");
        assert_eq!(here[0]["check"], "duplicate-paragraph");
        assert_eq!(here[0]["severity"], "warning");
        assert_eq!(here[0]["related"][0]["start"]["line"], 1);
        assert_eq!(here[0]["fixes"][0]["title"], "Remove duplicate paragraph");
    }
}

#[test]
fn examples_sarif_output() {
    let output = check(&["examples/", "--scope", "file", "--select", "duplicate-paragraph", "--format", "sarif"]);
    assert_code(&output, 1);
    let sarif: Value = serde_json::from_str(&stdout(&output)).expect("valid JSON");
    assert_eq!(sarif["version"], "2.1.0");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    for result in results {
        assert_eq!(result["ruleId"], "duplicate-paragraph");
        assert_eq!(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], FILE);
    }
    let lines: Vec<&Value> =
        results.iter().map(|r| &r["locations"][0]["physicalLocation"]["region"]["startLine"]).collect();
    assert_eq!(lines, [3, 5]);

    // SARIF and JSON report the same findings.
    let sarif: Value = serde_json::from_str(&stdout(&check(&["examples/", "--format", "sarif"]))).unwrap();
    let json: Value = serde_json::from_str(&stdout(&check(&["examples/", "--format", "json"]))).unwrap();
    assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), json["findings"].as_array().unwrap().len());
}

#[test]
fn clean_folder_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("clean.txt"), "A clean headline for today\n\nOne paragraph, said once.\n").unwrap();
    let output = check(&[path_arg(dir.path())]);
    assert_code(&output, 0);
    assert!(stdout(&output).contains("0 findings in 1 article"), "{}", stdout(&output));
}

#[test]
fn missing_path_exits_2_with_a_message() {
    let output = check(&["examples/no-such-article.txt"]);
    assert_code(&output, 2);
    assert!(stderr(&output).contains("examples/no-such-article.txt"), "{}", stderr(&output));
    assert_eq!(stdout(&output), "");
}

#[test]
fn disable_turns_the_check_off() {
    let output = check(&["examples/", "--select", "duplicate-paragraph", "--disable", "duplicate-paragraph"]);
    assert_code(&output, 0);
    assert!(stdout(&output).contains("0 findings in 5 articles"), "{}", stdout(&output));

    let report: Value =
        serde_json::from_str(&stdout(&check(&["examples/", "--disable", "duplicate-paragraph", "--format", "json"])))
            .unwrap();
    let checks: Vec<&Value> = report["findings"].as_array().unwrap().iter().map(|f| &f["check"]).collect();
    assert!(!checks.contains(&&Value::from("duplicate-paragraph")), "{checks:?}");
    assert_eq!(report["summary"]["by_check"]["duplicate-paragraph"], 0);
}

#[test]
fn select_runs_only_the_named_checks() {
    let report: Value =
        serde_json::from_str(&stdout(&check(&["examples/", "--select", "duplicate-paragraph", "--format", "json"])))
            .unwrap();
    let findings = report["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    assert!(findings.iter().all(|f| f["check"] == "duplicate-paragraph"), "{report:#}");
    assert_code(&check(&["examples/", "--select", "nope"]), 2);
}

#[test]
fn disable_of_an_unknown_check_exits_2() {
    let output = check(&["examples/", "--disable", "nope"]);
    assert_code(&output, 2);
    let err = stderr(&output);
    assert!(err.contains("nope"), "{err}");
    assert!(err.contains("duplicate-paragraph"), "lists the known checks: {err}");
    assert_eq!(stdout(&output), "");
}

#[test]
fn non_utf8_and_binary_files_are_skipped_by_name() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("clean.txt"), "A clean headline for today\n\nOne paragraph, said once.\n").unwrap();
    std::fs::write(dir.path().join("latin1.txt"), b"Caf\xe9 owners protest\n\nThe minister said the talks failed.\n")
        .unwrap();
    std::fs::write(dir.path().join("image.txt"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    let output = check(&[path_arg(dir.path())]);
    assert_code(&output, 0);
    let err = stderr(&output);
    assert!(err.contains("latin1.txt") && err.contains("UTF-8"), "{err}");
    assert!(err.contains("image.txt") && err.contains("binary"), "{err}");
    assert!(stdout(&output).contains("0 findings in 1 article"), "{}", stdout(&output));

    let output = check(&[path_arg(dir.path()), "--format", "json"]);
    assert_code(&output, 0);
    let report: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let mut skipped: Vec<String> = report["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| Path::new(s["file"].as_str().unwrap()).file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    skipped.sort();
    assert_eq!(skipped, ["image.txt", "latin1.txt"]);
}

#[test]
fn broken_config_exits_2_naming_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("broken.toml");
    std::fs::write(&config, "scope = \"folder\"\ndebounce-ms = \"x\"\n").unwrap();
    let output = check(&["examples/", "--config", path_arg(&config)]);
    assert_code(&output, 2);
    let err = stderr(&output);
    assert!(err.contains("line 2"), "{err}");
    assert!(err.contains("broken.toml"), "{err}");
    assert_eq!(stdout(&output), "");
}
