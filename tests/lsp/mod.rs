//! `copydesk lsp` end to end: the built binary over stdio, driven by the client in `util`.

use std::cell::RefCell;
use std::path::Path;

use proptest::prelude::*;
use proptest::test_runner::{Config as ProptestConfig, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use serde_json::{json, Value};

use crate::util::{apply_text_edits, file_uri, lsp_lines, offset_at, Init, Lsp, TIMEOUT};

/// A headline repeated as the fourth paragraph (line 6, 0-based).
const HEADLINE_REPEATED: &str = "Minister says talks with unions have failed\n\n\
The minister said on Tuesday that talks with the unions had failed.\n\n\
Unions plan a strike next week, their leaders said.\n\n\
Minister says talks with unions have failed\n\n\
The government will meet the unions again in May.\n";

/// A body paragraph (line 2, 0-based) pasted again at the end (line 6).
const PARAGRAPH_REPEATED: &str = "Strike called off after late-night deal\n\n\
Union leaders accepted the offer shortly after midnight.\n\n\
Trains will run normally on Monday, the operator said.\n\n\
Union leaders accepted the offer shortly after midnight.\n";

fn diagnostics(params: &Value) -> &Vec<Value> {
    params["diagnostics"].as_array().expect("diagnostics is an array")
}

fn version_is(version: i64) -> impl Fn(&Value) -> bool {
    move |params| params["version"] == json!(version)
}

fn range(start: (u64, u64), end: (u64, u64)) -> Value {
    json!({"start": {"line": start.0, "character": start.1}, "end": {"line": end.0, "character": end.1}})
}

/// The comparable part of a diagnostic: everything but the URIs of related locations.
fn key(diagnostic: &Value) -> Value {
    let related: Vec<Value> = diagnostic["relatedInformation"]
        .as_array()
        .map(|all| all.iter().map(|r| json!([r["location"]["range"], r["message"]])).collect())
        .unwrap_or_default();
    json!({
        "code": diagnostic["code"],
        "range": diagnostic["range"],
        "message": diagnostic["message"],
        "severity": diagnostic["severity"],
        "related": related,
    })
}

fn keys(diagnostics: &[Value]) -> Vec<Value> {
    diagnostics.iter().map(key).collect()
}

fn uri_in(dir: &Path, name: &str) -> String {
    file_uri(&dir.join(name))
}

// ---------------------------------------------------------------------------------------------
// initialize

#[test]
fn initialize_advertises_capabilities_and_negotiates_the_position_encoding() {
    let cases: [(Option<Vec<&'static str>>, &str); 4] = [
        (Some(vec!["utf-8", "utf-16"]), "utf-8"),
        (Some(vec!["utf-16", "utf-8"]), "utf-8"),
        (Some(vec!["utf-16"]), "utf-16"),
        (None, "utf-16"),
    ];
    for (encodings, expected) in cases {
        let init = Init { encodings: encodings.clone(), ..Init::default() };
        let (lsp, result) = Lsp::start(&init);
        let caps = &result["capabilities"];
        assert_eq!(caps["positionEncoding"], expected, "client offered {encodings:?}: {result}");
        let sync = &caps["textDocumentSync"];
        assert!(sync == &json!(2) || sync["change"] == json!(2), "incremental sync: {sync}");
        assert!(sync.is_number() || sync["openClose"] == json!(true), "open/close notifications: {sync}");
        assert!(caps["hoverProvider"] == json!(true) || caps["hoverProvider"].is_object(), "{caps}");
        let kinds = &caps["codeActionProvider"]["codeActionKinds"];
        assert!(kinds.as_array().is_some_and(|k| k.contains(&json!("quickfix"))), "{caps}");
        assert!(caps.get("diagnosticProvider").is_none_or(Value::is_null), "push mode has no pull provider: {caps}");
        assert_eq!(result["serverInfo"]["name"], "copydesk");
        assert!(lsp.shutdown_and_exit().success());
    }
}

// ---------------------------------------------------------------------------------------------
// Diagnostics, hover, code actions

#[test]
fn open_publishes_the_repeated_headline() {
    let dir = tempfile::tempdir().unwrap();
    let (mut lsp, _) = Lsp::start(&Init { root: Some(dir.path().to_path_buf()), ..Init::default() });
    let uri = uri_in(dir.path(), "story/talks.txt");
    lsp.did_open(&uri, 7, HEADLINE_REPEATED);
    let params = lsp.wait_for_diagnostics(&uri, version_is(7), TIMEOUT);
    let all = diagnostics(&params);
    assert_eq!(all.len(), 1, "{params:#}");
    let d = &all[0];
    assert_eq!(d["code"], "duplicate-paragraph");
    assert_eq!(d["source"], "copydesk");
    assert_eq!(d["severity"], 2);
    let headline = HEADLINE_REPEATED.lines().next().unwrap();
    assert_eq!(d["range"], range((6, 0), (6, headline.len() as u64)));
    assert!(d["message"].as_str().unwrap().contains("line 1"), "{d}");
    let related = d["relatedInformation"].as_array().expect("relatedInformation");
    assert_eq!(related.len(), 1);
    assert_eq!(related[0]["location"]["uri"], json!(uri));
    assert_eq!(related[0]["location"]["range"], range((0, 0), (0, headline.len() as u64)));

    // Closing the buffer clears its diagnostics.
    lsp.notify("textDocument/didClose", json!({"textDocument": {"uri": uri}}));
    lsp.wait_for_diagnostics(&uri, |p| diagnostics(p).is_empty(), TIMEOUT);
    assert!(lsp.shutdown_and_exit().success());
}

/// The repeated paragraph carries non-ASCII text, so its end column differs between encodings.
#[test]
fn ranges_count_columns_in_the_negotiated_encoding() {
    let paragraph = "Café 😀 — the minister said the talks failed.";
    let text = format!(
        "Talks on the budget collapse in Paris\n\n{paragraph}\n\nUnions plan a strike next week, their leaders said.\n\n{paragraph}\n"
    );
    let cases: [(Option<Vec<&'static str>>, u64); 3] = [
        (Some(vec!["utf-8", "utf-16"]), paragraph.len() as u64),
        (Some(vec!["utf-16"]), paragraph.encode_utf16().count() as u64),
        (None, paragraph.encode_utf16().count() as u64),
    ];
    assert_ne!(cases[0].1, cases[1].1, "the test text must tell the encodings apart");
    for (encodings, end) in cases {
        let dir = tempfile::tempdir().unwrap();
        let (mut lsp, _) = Lsp::start(&Init { encodings: encodings.clone(), ..Init::default() });
        let uri = uri_in(dir.path(), "story/budget.txt");
        lsp.did_open(&uri, 1, &text);
        let params = lsp.wait_for_diagnostics(&uri, version_is(1), TIMEOUT);
        let all = diagnostics(&params);
        assert_eq!(all.len(), 1, "{encodings:?}: {params:#}");
        assert_eq!(all[0]["range"], range((6, 0), (6, end)), "{encodings:?}");
        assert_eq!(all[0]["relatedInformation"][0]["location"]["range"], range((2, 0), (2, end)), "{encodings:?}");
        // A hover right after the emoji, in the client's units, lands in the flagged paragraph.
        let after_emoji =
            if end == paragraph.len() as u64 { "Café 😀".len() } else { "Café 😀".encode_utf16().count() };
        let hover = lsp.hover(&uri, 6, after_emoji as u64);
        assert_eq!(hover["range"], range((6, 0), (6, end)), "{encodings:?}: {hover}");
        assert!(lsp.shutdown_and_exit().success());
    }
}

#[test]
fn hover_explains_the_flagged_paragraph_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let (mut lsp, _) = Lsp::start(&Init::default());
    let uri = uri_in(dir.path(), "story/strike.txt");
    lsp.did_open(&uri, 1, PARAGRAPH_REPEATED);
    let params = lsp.wait_for_diagnostics(&uri, version_is(1), TIMEOUT);
    let flagged = diagnostics(&params)[0]["range"].clone();
    assert_eq!(flagged["start"]["line"], 6);

    let hover = lsp.hover(&uri, 6, 5);
    assert_eq!(hover["contents"]["kind"], "markdown", "{hover}");
    let markdown = hover["contents"]["value"].as_str().unwrap();
    assert!(markdown.contains("duplicate-paragraph"), "{markdown}");
    assert!(
        markdown.contains("line 3") || markdown.contains("strike.txt:3"),
        "names the first copy's line: {markdown}"
    );
    assert_eq!(hover["range"], flagged);

    // Elsewhere a hover may describe a name, but never a duplicate.
    for (line, character) in [(0, 3), (2, 5), (4, 5), (1, 0)] {
        let hover = lsp.hover(&uri, line, character);
        assert!(!hover.to_string().contains("duplicate-paragraph"), "nothing flagged at {line}:{character}: {hover}");
    }
    assert!(lsp.shutdown_and_exit().success());
}

#[test]
fn quick_fix_removes_the_copy_and_the_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    let (mut lsp, _) = Lsp::start(&Init::default());
    // The copy last in the text, and the copy in the middle of it.
    let middle = "Strike called off after late-night deal\n\n\
        Union leaders accepted the offer shortly after midnight.\n\n\
        Union leaders accepted the offer shortly after midnight.\n\n\
        Trains will run normally on Monday, the operator said.\n";
    let cases = [
        // Folders of their own, so that the two are not one story.
        ("last/strike.txt", PARAGRAPH_REPEATED, 6),
        ("middle/strike.txt", middle, 4),
    ];
    for (name, text, line) in cases {
        let uri = uri_in(dir.path(), name);
        lsp.did_open(&uri, 1, text);
        let params = lsp.wait_for_diagnostics(&uri, version_is(1), TIMEOUT);
        let flagged = diagnostics(&params)[0]["range"].clone();
        assert_eq!(flagged["start"]["line"], line, "{name}");

        let far = lsp.code_actions(&uri, range((0, 0), (0, 5)));
        assert_eq!(far, json!([]), "no action on the headline of {name}");

        let actions = lsp.code_actions(&uri, flagged.clone());
        let actions = actions.as_array().expect("code actions");
        assert_eq!(actions.len(), 1, "{actions:?}");
        let action = &actions[0];
        assert_eq!(action["title"], "Remove duplicate paragraph");
        assert_eq!(action["kind"], "quickfix");
        assert_eq!(action["diagnostics"][0]["range"], flagged);
        let edits = action["edit"]["changes"][&uri].as_array().expect("a WorkspaceEdit for the document");
        let fixed = apply_text_edits(text, edits);
        let expected = "Strike called off after late-night deal\n\n\
            Union leaders accepted the offer shortly after midnight.\n\n\
            Trains will run normally on Monday, the operator said.\n";
        assert_eq!(fixed, expected, "{name}");
        assert!(!fixed.contains("\n\n\n"), "no leftover blank lines in {name}");

        lsp.did_change_full(&uri, 2, &fixed);
        let after = lsp.wait_for_diagnostics(&uri, version_is(2), TIMEOUT);
        assert_eq!(diagnostics(&after), &Vec::<Value>::new(), "{name}");
    }
    assert!(lsp.shutdown_and_exit().success());
}

// ---------------------------------------------------------------------------------------------
// Incremental edits, checked against a model of the text

/// The text a change inserts.
#[derive(Debug, Clone)]
enum NewText {
    Literal(&'static str),
    /// A copy of the n-th paragraph (modulo their number) of the text at that moment, as a
    /// paragraph of its own, so that duplicates appear.
    Paragraph(usize),
}

#[derive(Debug, Clone)]
struct Change {
    start: (u32, u32),
    end: (u32, u32),
    text: NewText,
}

const SEED: &str = "Minister says talks with unions have failed\n\n\
The minister said on Tuesday that talks had failed.\r\n\r\n\
Café owners 😀 — fear a long strike this winter.\n\n\
The minister said on Tuesday that talks had failed.\n\n\
Unions will meet again in May, a spokesman said.\n";

fn position() -> impl Strategy<Value = (u32, u32)> {
    let line = prop_oneof![8 => 0u32..10, 2 => 10u32..14, 1 => Just(u32::MAX)];
    let character = prop_oneof![4 => Just(0u32), 5 => 0u32..60, 2 => 60u32..300, 1 => Just(u32::MAX)];
    (line, character)
}

fn new_text() -> impl Strategy<Value = NewText> {
    let literal = prop::sample::select(vec![
        "",
        "\n",
        "\r\n",
        "\r",
        "\n\n",
        "é",
        "😀",
        "word ",
        "Café 😀 — ",
        "the minister said",
        "\n\nIt failed again today.\n\n",
    ]);
    prop_oneof![3 => any::<usize>().prop_map(NewText::Paragraph), 4 => literal.prop_map(NewText::Literal)]
}

fn change() -> impl Strategy<Value = Change> {
    (position(), position(), new_text(), 0..3u8).prop_map(|(a, b, text, kind)| {
        let (start, end) = if a <= b { (a, b) } else { (b, a) };
        match kind {
            // An insertion.
            0 => Change { start, end: start, text },
            // A deletion.
            1 => Change { start, end, text: NewText::Literal("") },
            // A replacement.
            _ => Change { start, end, text },
        }
    })
}

/// The paragraphs of a text: runs of non-blank lines, joined by a space.
fn paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for (start, end, _) in lsp_lines(text) {
        let line = text[start..end].trim();
        if line.is_empty() {
            if !current.is_empty() {
                out.push(current.join(" "));
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        out.push(current.join(" "));
    }
    out
}

/// Applies one change to the model (columns in UTF-16 or UTF-8 code units) and returns the
/// text the client sends for it.
fn apply_change(model: &mut String, change: &Change, utf16: bool) -> String {
    let inserted = match &change.text {
        NewText::Literal(text) => text.to_string(),
        NewText::Paragraph(n) => {
            let all = paragraphs(model);
            if all.is_empty() {
                String::new()
            } else {
                format!("\n\n{}\n\n", all[n % all.len()])
            }
        }
    };
    let start = offset_at(model, change.start.0.into(), change.start.1.into(), utf16);
    let end = offset_at(model, change.end.0.into(), change.end.1.into(), utf16).max(start);
    model.replace_range(start..end, &inserted);
    inserted
}

/// The findings a server holds for a document, read synchronously: the diagnostic of every
/// quick fix over the whole text, each with the hover Markdown at its start.
fn server_view(lsp: &mut Lsp, uri: &str) -> Vec<(Value, String)> {
    let actions = lsp.code_actions(uri, range((0, 0), (u32::MAX.into(), 0)));
    let mut diagnostics: Vec<Value> =
        actions.as_array().map(|all| all.iter().map(|a| a["diagnostics"][0].clone()).collect()).unwrap_or_default();
    // A finding with two fixes (remove this copy / remove every later copy) has two actions.
    diagnostics.dedup();
    diagnostics
        .iter()
        .map(|d| {
            let start = &d["range"]["start"];
            let hover = lsp.hover(uri, start["line"].as_u64().unwrap(), start["character"].as_u64().unwrap());
            (key(d), hover["contents"]["value"].as_str().unwrap_or_default().to_string())
        })
        .collect()
}

#[test]
fn incremental_edits_match_a_fresh_open_of_the_same_text() {
    incremental_edits(None, 40);
}

#[test]
fn incremental_edits_in_utf8_columns_match_a_fresh_open() {
    incremental_edits(Some(vec!["utf-8"]), 20);
}

/// Random `didChange` batches against a model of the text; after them, the server must hold
/// exactly the findings it reports for a fresh `didOpen` of the model's text.
fn incremental_edits(encodings: Option<Vec<&'static str>>, cases: u32) {
    let utf16 = encodings.is_none();
    let dir = tempfile::tempdir().unwrap();
    let (lsp, result) = Lsp::start(&Init { encodings, ..Init::default() });
    assert_eq!(result["capabilities"]["positionEncoding"], if utf16 { "utf-16" } else { "utf-8" });
    let lsp = RefCell::new(lsp);
    let case = RefCell::new(0usize);
    let flagged_cases = RefCell::new(0usize);
    let config =
        ProptestConfig { cases, max_shrink_iters: 100, failure_persistence: None, ..ProptestConfig::default() };
    let mut runner = TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha));
    let strategy = prop::collection::vec(prop::collection::vec(change(), 1..4), 1..6);
    let result = runner.run(&strategy, |notifications| {
        let mut lsp = lsp.borrow_mut();
        let n = {
            let mut case = case.borrow_mut();
            *case += 1;
            *case
        };
        let edited = uri_in(dir.path(), &format!("edited{n}/article.txt"));
        let fresh = uri_in(dir.path(), &format!("fresh{n}/article.txt"));
        let mut model = SEED.to_string();
        lsp.did_open(&edited, 1, &model);
        let mut version = 1;
        for changes in &notifications {
            version += 1;
            let content_changes: Vec<Value> = changes
                .iter()
                .map(|change| {
                    let text = apply_change(&mut model, change, utf16);
                    json!({
                        "range": {
                            "start": {"line": change.start.0, "character": change.start.1},
                            "end": {"line": change.end.0, "character": change.end.1},
                        },
                        "text": text,
                    })
                })
                .collect();
            lsp.notify(
                "textDocument/didChange",
                json!({"textDocument": {"uri": edited, "version": version}, "contentChanges": content_changes}),
            );
        }

        lsp.did_open(&fresh, 1, &model);
        let expected = keys(diagnostics(&lsp.wait_for_diagnostics(&fresh, version_is(1), TIMEOUT)));
        if !expected.is_empty() {
            *flagged_cases.borrow_mut() += 1;
        }

        // What the server holds now, read synchronously through the quick fixes and hovers.
        let held = server_view(&mut lsp, &edited);
        let fresh_view = server_view(&mut lsp, &fresh);
        prop_assert_eq!(held.iter().map(|(k, _)| k).collect::<Vec<_>>(), expected.iter().collect::<Vec<_>>());
        prop_assert_eq!(&held, &fresh_view, "model text: {:?}", model);

        // What the editor shows: the latest push must come to equal the fresh analysis. When
        // the last edits changed nothing, the earlier push already does.
        let want = expected.clone();
        let published = lsp.wait_for_diagnostics(&edited, move |p| keys(diagnostics(p)) == want, TIMEOUT);
        let published_version = published["version"].as_i64().unwrap_or(i64::MAX);
        prop_assert!(published_version <= version, "published version {} after version {}", published_version, version);

        // Diagnostics see only repeated paragraphs. To make every paragraph of the server's
        // text visible, append the model's text to the end of the document (a position past
        // the end needs no model): each paragraph of the first half is now repeated in the
        // second, with the same messages, related ranges and hover diffs as in the fresh
        // document, iff the server's text equals the model.
        version += 1;
        let doubled = format!("\n\n{model}");
        lsp.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": edited, "version": version}, "contentChanges": [
                {"range": range((u32::MAX.into(), 0), (u32::MAX.into(), u32::MAX.into())), "text": doubled},
            ]}),
        );
        let probe = uri_in(dir.path(), &format!("probe{n}/article.txt"));
        lsp.did_open(&probe, 1, &format!("{model}{doubled}"));
        lsp.wait_for_diagnostics(&probe, version_is(1), TIMEOUT);
        let held = server_view(&mut lsp, &edited);
        let probe_view = server_view(&mut lsp, &probe);
        prop_assert_eq!(&held, &probe_view, "doubled model text: {:?}", format!("{model}{doubled}"));

        for uri in [&edited, &fresh, &probe] {
            lsp.notify("textDocument/didClose", json!({"textDocument": {"uri": uri}}));
        }
        Ok::<(), TestCaseError>(())
    });
    if let Err(err) = result {
        let stderr = lsp.borrow().stderr();
        panic!("{err}\n--- server stderr ---\n{stderr}");
    }
    let flagged = *flagged_cases.borrow();
    assert!(flagged as u32 >= cases / 4, "only {flagged} of {cases} cases had a duplicate; the comparison says little");
    assert!(lsp.into_inner().shutdown_and_exit().success());
}

// ---------------------------------------------------------------------------------------------
// Robustness

/// `n` distinct paragraphs of 40 lower-case words each, no two alike.
fn random_paragraphs(seed: u64, n: usize) -> Vec<String> {
    const WORDS: [&str; 24] = [
        "council",
        "budget",
        "river",
        "bridge",
        "vote",
        "members",
        "mayor",
        "plan",
        "road",
        "school",
        "water",
        "town",
        "meeting",
        "report",
        "money",
        "week",
        "residents",
        "street",
        "office",
        "park",
        "houses",
        "traffic",
        "station",
        "market",
    ];
    let mut state = seed;
    let mut next = move || {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (state >> 33) as usize
    };
    (0..n)
        .map(|_| {
            let words: Vec<&str> = (0..40).map(|_| WORDS[next() % WORDS.len()]).collect();
            format!("The {}.", words.join(" "))
        })
        .collect()
}

/// Texts of 64 KiB and more travel beside their messages inside the server (`transport::Stash`):
/// they open, are replaced and are pasted like short ones.
#[test]
fn long_texts_open_change_and_paste_like_short_ones() {
    let headline = "Council approves the river budget after a long debate";
    let paragraphs = random_paragraphs(11, 400);
    let text = format!("{headline}\n\n{}\n\n{headline}\n", paragraphs.join("\n\n"));
    assert!(text.len() > 100_000);
    let dir = tempfile::tempdir().unwrap();
    let (mut lsp, _) = Lsp::start(&Init { root: Some(dir.path().to_path_buf()), ..Init::default() });
    let uri = uri_in(dir.path(), "story/council.txt");
    let flagged = |lsp: &mut Lsp, version: i64| -> Vec<(Value, Value)> {
        let params = lsp.wait_for_diagnostics(&uri, version_is(version), TIMEOUT);
        diagnostics(&params)
            .iter()
            .map(|d| (d["range"].clone(), d["relatedInformation"][0]["location"]["range"].clone()))
            .collect()
    };
    // The headline again as the last line (802).
    lsp.did_open(&uri, 1, &text);
    let end = headline.len() as u64;
    assert_eq!(flagged(&mut lsp, 1), vec![(range((802, 0), (802, end)), range((0, 0), (0, end)))]);

    // The whole text replaced: the last line is now a copy of the fourth paragraph (line 8), in
    // the client's UTF-16 units.
    let copy = format!("Café 😀 — {}", paragraphs[3]);
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    lines[8] = copy.clone();
    lines[802] = copy.clone();
    let replaced = lines.join("\n") + "\n";
    lsp.did_change_full(&uri, 2, &replaced);
    let end = copy.encode_utf16().count() as u64;
    assert_eq!(flagged(&mut lsp, 2), vec![(range((802, 0), (802, end)), range((8, 0), (8, end)))]);

    // A long paste before the copy moves it down by the paste's 600 lines.
    let pasted = random_paragraphs(12, 300).join("\n\n") + "\n\n";
    assert!(pasted.len() > 64 * 1024);
    let at = json!({"start": {"line": 802, "character": 0}, "end": {"line": 802, "character": 0}});
    lsp.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"range": at, "text": pasted}]}),
    );
    assert_eq!(flagged(&mut lsp, 3), vec![(range((1402, 0), (1402, end)), range((8, 0), (8, end)))]);
    assert!(lsp.shutdown_and_exit().success());
}

#[test]
fn unknown_documents_and_wild_positions_are_answered() {
    let dir = tempfile::tempdir().unwrap();
    let (mut lsp, _) = Lsp::start(&Init::default());
    let unknown = uri_in(dir.path(), "story/never-opened.txt");
    lsp.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": unknown, "version": 2}, "contentChanges": [{"range": range((0, 0), (0, 0)), "text": "x"}]}),
    );
    lsp.notify("textDocument/didClose", json!({"textDocument": {"uri": unknown}}));
    assert_eq!(lsp.hover(&unknown, 0, 0), Value::Null);
    let actions = lsp.code_actions(&unknown, range((0, 0), (0, 1)));
    assert!(actions.is_null() || actions == json!([]), "{actions}");

    let uri = uri_in(dir.path(), "story/talks.txt");
    lsp.did_open(&uri, 1, HEADLINE_REPEATED);
    lsp.wait_for_diagnostics(&uri, version_is(1), TIMEOUT);
    let max = u64::from(u32::MAX);
    for (line, character) in [(max, max), (max, 0), (0, max), (6, max), (1_000_000, 3)] {
        let response = lsp.request_raw(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
        );
        assert!(response.get("error").is_none(), "hover at {line}:{character}: {response}");
    }
    for r in
        [range((max, max), (max, max)), range((0, 0), (max, max)), range((max, max), (0, 0)), range((6, max), (2, 0))]
    {
        let response = lsp.request_raw(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": r, "context": {"diagnostics": []}}),
        );
        assert!(response.get("error").is_none(), "codeAction over {r}: {response}");
    }
    // Still serving, with the right answers.
    let hover = lsp.hover(&uri, 6, 3);
    assert!(hover["contents"]["value"].as_str().unwrap().contains("duplicate-paragraph"), "{hover}");
    assert!(lsp.shutdown_and_exit().success());
}

#[test]
fn malformed_json_body_does_not_stop_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let (mut lsp, _) = Lsp::start(&Init::default());
    let body = br#"{"jsonrpc": "2.0", "id": 99, "method": "textDocument/hover", "params": {"#;
    let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    frame.extend_from_slice(body);
    lsp.send_raw(&frame);

    // The server may answer with a parse error (id null) or ignore the frame; either way it
    // must go on serving.
    let uri = uri_in(dir.path(), "story/talks.txt");
    lsp.did_open(&uri, 1, HEADLINE_REPEATED);
    let params = lsp.wait_for_diagnostics(&uri, version_is(1), TIMEOUT);
    assert_eq!(diagnostics(&params).len(), 1);
    assert!(lsp.hover(&uri, 6, 3).is_object());
    for n in &lsp.notifications {
        assert!(n["method"] != "exit", "{n}");
    }
    assert!(lsp.shutdown_and_exit().success());
}

#[test]
fn invalid_utf8_inside_a_did_open_does_not_stop_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let (mut lsp, _) = Lsp::start(&Init::default());
    let bad_uri = uri_in(dir.path(), "story/latin1.txt");
    let mut body = format!(
        r#"{{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{{"textDocument":{{"uri":"{bad_uri}","languageId":"plaintext","version":1,"text":"Caf"#
    )
    .into_bytes();
    body.extend_from_slice(b"\xE9 owners protest\\n\\nThe minister said the talks failed.\\n\"}}}");
    let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    frame.extend_from_slice(&body);
    lsp.send_raw(&frame);

    let uri = uri_in(dir.path(), "story/talks.txt");
    lsp.did_open(&uri, 1, HEADLINE_REPEATED);
    let params = lsp.wait_for_diagnostics(&uri, version_is(1), TIMEOUT);
    assert_eq!(diagnostics(&params).len(), 1);
    assert!(lsp.hover(&uri, 6, 3).is_object());
    assert!(lsp.shutdown_and_exit().success());
}

#[test]
fn requests_before_initialize_are_refused_and_initialize_still_works() {
    let dir = tempfile::tempdir().unwrap();
    let mut lsp = Lsp::spawn();
    let uri = uri_in(dir.path(), "story/talks.txt");
    let early = lsp.request_raw(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(early["error"]["code"], -32002, "ServerNotInitialized: {early}");
    let result = lsp.request("initialize", Init::default().params());
    assert_eq!(result["serverInfo"]["name"], "copydesk");
    lsp.notify("initialized", json!({}));
    lsp.did_open(&uri, 1, HEADLINE_REPEATED);
    let params = lsp.wait_for_diagnostics(&uri, version_is(1), TIMEOUT);
    assert_eq!(diagnostics(&params).len(), 1);
    assert!(lsp.shutdown_and_exit().success());
}

// ---------------------------------------------------------------------------------------------
// Pull diagnostics and the workspace on disk

/// Reports of a `workspace/diagnostic` answer by URI: the number of items of each.
fn workspace_report(result: &Value) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = result["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|report| {
            assert_eq!(report["kind"], "full", "{report}");
            (report["uri"].as_str().unwrap().to_string(), report["items"].as_array().unwrap().len())
        })
        .collect();
    out.sort();
    out
}

#[test]
fn pull_diagnostics_for_open_buffers_and_files_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("story")).unwrap();
    std::fs::write(root.join("story/disk.txt"), PARAGRAPH_REPEATED).unwrap();
    std::fs::write(root.join("story/open.txt"), "Nothing repeated here at all\n\nJust one paragraph of copy.\n")
        .unwrap();
    let (mut lsp, result) = Lsp::start(&Init { pull: true, root: Some(root.to_path_buf()), ..Init::default() });
    let provider = &result["capabilities"]["diagnosticProvider"];
    assert!(provider.is_object(), "pull mode advertises diagnosticProvider: {result}");
    assert_eq!(provider["workspaceDiagnostics"], true);
    // The server asks for a refresh once it has indexed the workspace.
    lsp.wait_for_server_request("workspace/diagnostic/refresh");

    let open = uri_in(root, "story/open.txt");
    lsp.did_open(&open, 1, HEADLINE_REPEATED);
    let report = lsp.request("textDocument/diagnostic", json!({"textDocument": {"uri": open}}));
    assert_eq!(report["kind"], "full", "{report}");
    let items = report["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{report}");
    assert_eq!(items[0]["code"], "duplicate-paragraph");
    assert_eq!(items[0]["range"]["start"]["line"], 6);

    let all = lsp.request("workspace/diagnostic", json!({"previousResultIds": []}));
    assert_eq!(workspace_report(&all), vec![(uri_in(root, "story/disk.txt"), 1)], "{all:#}");
    assert_eq!(lsp.published(&open), Vec::<Value>::new(), "nothing is pushed in pull mode");

    // Closed, the buffer gives way to the (clean) file on disk.
    lsp.notify("textDocument/didClose", json!({"textDocument": {"uri": open}}));
    let all = lsp.request("workspace/diagnostic", json!({"previousResultIds": []}));
    assert_eq!(workspace_report(&all), vec![(uri_in(root, "story/disk.txt"), 1), (open.clone(), 0)], "{all:#}");
    assert!(lsp.shutdown_and_exit().success());
}

#[test]
fn workspace_index_follows_watched_file_events() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let desk = root.join("desk");
    std::fs::create_dir_all(&desk).unwrap();
    std::fs::write(desk.join("a.txt"), HEADLINE_REPEATED).unwrap();
    std::fs::write(desk.join("b.txt"), "Clean copy for the desk today\n\nOne paragraph, said once.\n").unwrap();
    std::fs::write(desk.join("notes.md"), HEADLINE_REPEATED).unwrap();
    let init = Init { pull: true, root: Some(root.to_path_buf()), workspace_caps: true, ..Init::default() };
    let (mut lsp, _) = Lsp::start(&init);
    let registration = lsp.wait_for_server_request("client/registerCapability");
    let watched = registration["registrations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["method"] == "workspace/didChangeWatchedFiles")
        .cloned()
        .unwrap_or_else(|| panic!("no watcher registration: {registration}"));
    let globs: Vec<&Value> =
        watched["registerOptions"]["watchers"].as_array().unwrap().iter().map(|w| &w["globPattern"]).collect();
    assert!(globs.contains(&&json!("**/*.txt")), "{globs:?}");
    lsp.wait_for_server_request("workspace/diagnostic/refresh");

    let a = uri_in(&desk, "a.txt");
    let b = uri_in(&desk, "b.txt");
    let c = uri_in(&desk, "c.txt");
    let report =
        |lsp: &mut Lsp| workspace_report(&lsp.request("workspace/diagnostic", json!({"previousResultIds": []})));
    assert_eq!(report(&mut lsp), vec![(a.clone(), 1), (b.clone(), 0)]);

    std::fs::write(desk.join("c.txt"), PARAGRAPH_REPEATED).unwrap();
    std::fs::write(desk.join("a.txt"), "Minister says talks have failed\n\nThe talks failed on Tuesday.\n").unwrap();
    std::fs::remove_file(desk.join("b.txt")).unwrap();
    lsp.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": c, "type": 1}, {"uri": a, "type": 2}, {"uri": b, "type": 3}]}),
    );
    assert_eq!(report(&mut lsp), vec![(a.clone(), 0), (c.clone(), 1)]);
    assert!(lsp.shutdown_and_exit().success());
}

/// Closing a buffer puts the file on disk back in its place in the story: a paragraph that only
/// the unsaved buffer shared with another article stops being a duplicate there.
#[test]
fn a_closed_buffer_gives_its_place_back_to_the_file_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let story = dir.path().join("story");
    std::fs::create_dir_all(&story).unwrap();
    let shared = "The minister said the talks on the budget failed after three days of argument.";
    std::fs::write(story.join("a.txt"), "Strike in Paris\n\nUnions plan a strike next week, their leaders said.\n")
        .unwrap();
    let b_text = format!("Budget talks fail\n\n{shared}\n");
    std::fs::write(story.join("b.txt"), &b_text).unwrap();
    let (mut lsp, _) = Lsp::start(&Init { root: Some(dir.path().to_path_buf()), ..Init::default() });
    let (a, b) = (uri_in(dir.path(), "story/a.txt"), uri_in(dir.path(), "story/b.txt"));
    lsp.did_open(&b, 1, &b_text);
    let params = lsp.wait_for_diagnostics(&b, version_is(1), TIMEOUT);
    assert!(diagnostics(&params).is_empty(), "{params:#}");

    // The unsaved buffer of a.txt shares b.txt's paragraph.
    lsp.did_open(&a, 1, &format!("Strike in Paris\n\n{shared}\n"));
    lsp.wait_for_diagnostics(&b, |p| !diagnostics(p).is_empty(), TIMEOUT);

    // Closed, a.txt is what is on disk again, and b.txt's paragraph is its own.
    lsp.notify("textDocument/didClose", json!({"textDocument": {"uri": a}}));
    lsp.wait_for_diagnostics(&b, |p| diagnostics(p).is_empty(), TIMEOUT);

    // Reopened with the disk text, nothing is shared either.
    lsp.did_open(&a, 2, "Strike in Paris\n\nUnions plan a strike next week, their leaders said.\n");
    let params = lsp.wait_for_diagnostics(&a, version_is(2), TIMEOUT);
    assert!(diagnostics(&params).is_empty(), "{params:#}");
    assert!(lsp.shutdown_and_exit().success());
}

// ---------------------------------------------------------------------------------------------
// Configuration

#[test]
fn config_file_sets_the_severity() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(".copydesk.toml"), "[checks.duplicate-paragraph]\nseverity = \"error\"\n").unwrap();
    let (mut lsp, _) = Lsp::start(&Init { root: Some(dir.path().to_path_buf()), ..Init::default() });
    let uri = uri_in(dir.path(), "story/talks.txt");
    lsp.did_open(&uri, 1, HEADLINE_REPEATED);
    let params = lsp.wait_for_diagnostics(&uri, version_is(1), TIMEOUT);
    let all = diagnostics(&params);
    assert_eq!(all.len(), 1, "{params:#}");
    assert_eq!(all[0]["severity"], 1);
    assert!(lsp.shutdown_and_exit().success());
}

#[test]
fn initialization_options_configure_and_the_config_file_wins() {
    let hint = json!({"checks": {"duplicate-paragraph": {"severity": "hint"}}});
    for (file, expected) in [(None, 4), (Some("[checks.duplicate-paragraph]\nseverity = \"error\"\n"), 1)] {
        let dir = tempfile::tempdir().unwrap();
        if let Some(file) = file {
            std::fs::write(dir.path().join(".copydesk.toml"), file).unwrap();
        }
        let init = Init {
            root: Some(dir.path().to_path_buf()),
            initialization_options: Some(hint.clone()),
            ..Init::default()
        };
        let (mut lsp, _) = Lsp::start(&init);
        let uri = uri_in(dir.path(), "story/talks.txt");
        lsp.did_open(&uri, 1, HEADLINE_REPEATED);
        let params = lsp.wait_for_diagnostics(&uri, version_is(1), TIMEOUT);
        assert_eq!(diagnostics(&params)[0]["severity"], expected, "config file {file:?}");
        assert!(lsp.shutdown_and_exit().success());
    }
}

/// A server with a debounce of `debounce` and its workspace under `dir` indexed, with the
/// repeated-headline article open and checked at version 1: the start of the debounce tests.
fn open_with_debounce(dir: &Path, debounce: std::time::Duration) -> (Lsp, String) {
    let init = Init {
        root: Some(dir.to_path_buf()),
        initialization_options: Some(json!({"debounce-ms": debounce.as_millis() as u64})),
        ..Init::default()
    };
    let (mut lsp, _) = Lsp::start(&init);
    // Once the workspace is indexed the server checks every open buffer: let that pass before
    // the changes a test times.
    lsp.wait_for_notification("$/progress", |p| p["value"]["kind"] == "end");
    let uri = uri_in(dir, "story/talks.txt");
    lsp.did_open(&uri, 1, HEADLINE_REPEATED);
    lsp.wait_for_diagnostics(&uri, version_is(1), TIMEOUT);
    (lsp, uri)
}

/// A change is analysed once the debounce has passed since it arrived, and a change within the
/// debounce puts the analysis of the one before it off for good.
#[test]
fn changes_are_analysed_a_debounce_after_the_last_one() {
    const DEBOUNCE: std::time::Duration = std::time::Duration::from_millis(400);
    let dir = tempfile::tempdir().unwrap();
    let (mut lsp, uri) = open_with_debounce(dir.path(), DEBOUNCE);
    let mut version = 1;
    // The test sleeps half the debounce between two changes. On a loaded machine the sleep
    // can last the whole debounce, and then the first change is rightly published: such a
    // round says nothing, and the next one tries again with other texts.
    for (round, month) in ["May", "June", "July", "August", "September"].into_iter().enumerate() {
        let text = HEADLINE_REPEATED.replacen("in May", &format!("in {month}"), 1);
        // The headline typed over: the repeat is gone.
        let edited = text.replacen("Minister says", "Minister said", 1);
        let first = version + 1;
        let sent = std::time::Instant::now();
        lsp.did_change_full(&uri, first, &edited);
        std::thread::sleep(DEBOUNCE / 2);
        let last_change = std::time::Instant::now();
        // The repeat is back, with a word before it changed.
        let moved = text.replacen("next week", "next Monday", 1);
        version = first + 1;
        lsp.did_change_full(&uri, version, &moved);
        let params = lsp.wait_for_diagnostics(&uri, |p| p["version"].as_i64() >= Some(first), TIMEOUT);
        if last_change - sent > DEBOUNCE * 3 / 4 && round < 4 {
            lsp.wait_for_diagnostics(&uri, version_is(version), TIMEOUT);
            continue;
        }
        assert!(
            last_change.elapsed() >= DEBOUNCE,
            "published {:?} after the last change: {params:#}",
            last_change.elapsed()
        );
        assert_eq!(params["version"], version, "the version the debounce put off was published: {params:#}");
        assert!(lsp.published(&uri).iter().all(|p| p["version"] != first));
        break;
    }
    assert!(lsp.shutdown_and_exit().success());
}

/// A refresh of every open document (here after a settings change) leaves a change that waits
/// for its debounce to that debounce, rather than publishing it at once.
#[test]
fn a_refresh_leaves_a_pending_change_to_its_debounce() {
    const DEBOUNCE: std::time::Duration = std::time::Duration::from_millis(400);
    let dir = tempfile::tempdir().unwrap();
    let (mut lsp, uri) = open_with_debounce(dir.path(), DEBOUNCE);
    let sent = std::time::Instant::now();
    lsp.did_change_full(&uri, 2, &HEADLINE_REPEATED.replacen("Minister says", "Minister said", 1));
    let settings = json!({"copydesk": {
        "debounce-ms": DEBOUNCE.as_millis() as u64,
        "checks": {"truncated-sentence": {"severity": "hint"}},
    }});
    lsp.notify("workspace/didChangeConfiguration", json!({ "settings": settings }));
    let params = lsp.wait_for_diagnostics(&uri, |p| p["version"] != 1, TIMEOUT);
    assert_eq!(params["version"], 2, "{params:#}");
    assert!(sent.elapsed() >= DEBOUNCE, "published {:?} after the change", sent.elapsed());
    assert!(lsp.shutdown_and_exit().success());
}

#[test]
fn broken_config_file_is_reported_with_its_line_and_defaults_apply() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(".copydesk.toml"), "scope = \"folder\"\ndebounce-ms = \"x\"\n").unwrap();
    let (mut lsp, _) = Lsp::start(&Init { root: Some(dir.path().to_path_buf()), ..Init::default() });
    let shown = lsp.wait_for_notification("window/showMessage", |_| true);
    assert_eq!(shown["type"], 1, "{shown}");
    let message = shown["message"].as_str().unwrap();
    assert!(message.contains("line 2"), "{message}");
    assert!(message.contains(".copydesk.toml"), "{message}");

    let uri = uri_in(dir.path(), "story/talks.txt");
    lsp.did_open(&uri, 1, HEADLINE_REPEATED);
    let params = lsp.wait_for_diagnostics(&uri, version_is(1), TIMEOUT);
    let all = diagnostics(&params);
    assert_eq!(all.len(), 1, "{params:#}");
    assert_eq!(all[0]["severity"], 2);
    assert!(lsp.shutdown_and_exit().success());
}

#[test]
fn did_change_configuration_turns_the_check_off_and_on() {
    let dir = tempfile::tempdir().unwrap();
    let (mut lsp, _) = Lsp::start(&Init::default());
    let uri = uri_in(dir.path(), "story/talks.txt");
    lsp.did_open(&uri, 1, HEADLINE_REPEATED);
    let params = lsp.wait_for_diagnostics(&uri, version_is(1), TIMEOUT);
    assert_eq!(diagnostics(&params).len(), 1);

    let settings = |enabled: bool| json!({"copydesk": {"checks": {"duplicate-paragraph": {"enabled": enabled}}}});
    lsp.notify("workspace/didChangeConfiguration", json!({"settings": settings(false)}));
    lsp.wait_for_diagnostics(&uri, |p| diagnostics(p).is_empty(), TIMEOUT);

    // Broken settings are reported and the previous ones stay in force.
    lsp.notify("workspace/didChangeConfiguration", json!({"settings": {"copydesk": {"scope": 3}}}));
    let shown = lsp.wait_for_notification("window/showMessage", |_| true);
    assert_eq!(shown["type"], 1, "{shown}");
    assert!(diagnostics(lsp.published(&uri).last().unwrap()).is_empty());

    lsp.notify("workspace/didChangeConfiguration", json!({"settings": settings(true)}));
    let params = lsp.wait_for_diagnostics(&uri, |p| !diagnostics(p).is_empty(), TIMEOUT);
    assert_eq!(diagnostics(&params)[0]["code"], "duplicate-paragraph");
    assert!(lsp.shutdown_and_exit().success());
}

#[test]
fn settings_are_pulled_with_workspace_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let init = Init { workspace_caps: true, ..Init::default() };
    let (mut lsp, _) = Lsp::start(&init);
    lsp.wait_for_server_request("workspace/configuration");
    let uri = uri_in(dir.path(), "story/talks.txt");
    lsp.did_open(&uri, 1, HEADLINE_REPEATED);
    let params = lsp.wait_for_diagnostics(&uri, version_is(1), TIMEOUT);
    assert_eq!(diagnostics(&params).len(), 1);

    lsp.configuration = json!({"checks": {"duplicate-paragraph": {"severity": "hint"}}});
    lsp.notify("workspace/didChangeConfiguration", json!({"settings": null}));
    let params =
        lsp.wait_for_diagnostics(&uri, |p| diagnostics(p).first().is_some_and(|d| d["severity"] == 4), TIMEOUT);
    assert_eq!(diagnostics(&params).len(), 1);
    assert!(lsp.shutdown_and_exit().success());
}

// ---------------------------------------------------------------------------------------------
// Lifecycle

#[test]
fn shutdown_then_exit_exits_with_status_0() {
    let (lsp, _) = Lsp::start(&Init::default());
    let status = lsp.shutdown_and_exit();
    assert_eq!(status.code(), Some(0), "{status:?}");
}

#[test]
fn exit_without_shutdown_exits_with_status_1() {
    let (mut lsp, _) = Lsp::start(&Init::default());
    lsp.notify("exit", Value::Null);
    let status = lsp.wait_exit(TIMEOUT).unwrap_or_else(|| lsp.fail("still running after exit"));
    assert_eq!(status.code(), Some(1), "{status:?}");
}

#[test]
fn end_of_input_ends_the_process() {
    let dir = tempfile::tempdir().unwrap();
    let (mut lsp, _) = Lsp::start(&Init::default());
    // With a document open and an analysis pending, so that there is work in flight.
    let uri = uri_in(dir.path(), "story/talks.txt");
    lsp.did_open(&uri, 1, HEADLINE_REPEATED);
    lsp.close_stdin();
    let status = lsp.wait_exit(TIMEOUT).unwrap_or_else(|| lsp.fail("still running after its input closed"));
    assert_eq!(status.code(), Some(1), "no shutdown came first: {status:?}");
}

#[test]
fn document_symbols_outline_the_article() {
    let dir = tempfile::tempdir().unwrap();
    let (mut lsp, _) = Lsp::start(&Init::default());
    let uri = uri_in(dir.path(), "story/outline.txt");
    lsp.did_open(&uri, 1, "Tillerson meets Lavrov\n\nBy Jane Doe\n\nThe talks lasted two hours.\n\nRelated news\n");
    let symbols = lsp.request("textDocument/documentSymbol", json!({"textDocument": {"uri": uri}}));
    let names: Vec<&str> = symbols.as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "Headline: Tillerson meets Lavrov",
            "Byline: By Jane Doe",
            "¶1 The talks lasted two hours.",
            "Boilerplate: Related news"
        ]
    );
    assert_eq!(symbols[2]["range"]["start"]["line"], 4);
    assert!(lsp.shutdown_and_exit().success());
}

#[test]
fn pull_reports_are_unchanged_until_something_changes() {
    let dir = tempfile::tempdir().unwrap();
    let (mut lsp, _) = Lsp::start(&Init { pull: true, ..Init::default() });
    let uri = uri_in(dir.path(), "story/pull.txt");
    lsp.did_open(&uri, 1, HEADLINE_REPEATED);
    let first = lsp.request("textDocument/diagnostic", json!({"textDocument": {"uri": uri}}));
    let result_id = first["resultId"].as_str().expect("a full report carries a result id").to_string();
    let again =
        lsp.request("textDocument/diagnostic", json!({"textDocument": {"uri": uri}, "previousResultId": result_id}));
    assert_eq!(again["kind"], "unchanged", "{again}");
    lsp.did_change_full(&uri, 2, "A clean article now\n\nNothing in it repeats.\n");
    let changed =
        lsp.request("textDocument/diagnostic", json!({"textDocument": {"uri": uri}, "previousResultId": result_id}));
    assert_eq!(changed["kind"], "full", "{changed}");
    assert_eq!(changed["items"], json!([]));
    assert!(lsp.shutdown_and_exit().success());
}

#[test]
fn clients_that_cannot_refresh_get_pushed_diagnostics() {
    // Like Neovim 0.11: pull diagnostics declared, refresh not.
    let dir = tempfile::tempdir().unwrap();
    let mut lsp = Lsp::spawn();
    let mut params = Init::default().params();
    params["capabilities"]["textDocument"]["diagnostic"] = json!({"dynamicRegistration": false});
    let result = lsp.request("initialize", params);
    assert!(result["capabilities"]["diagnosticProvider"].is_null(), "{result}");
    lsp.notify("initialized", json!({}));
    let uri = uri_in(dir.path(), "story/push.txt");
    lsp.did_open(&uri, 1, HEADLINE_REPEATED);
    let params = lsp.wait_for_diagnostics(&uri, version_is(1), TIMEOUT);
    assert_eq!(diagnostics(&params).len(), 1);
    assert!(lsp.shutdown_and_exit().success());
}

#[test]
fn exit_during_start_up_ends_the_process() {
    // The server asks for the settings during start-up; this client never answers, then shuts
    // the server down at once.
    let dir = tempfile::tempdir().unwrap();
    let mut lsp = Lsp::spawn();
    let init = Init { workspace_caps: true, root: Some(dir.path().to_path_buf()), ..Init::default() };
    lsp.send(&json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": init.params()}));
    lsp.notify("initialized", json!({}));
    lsp.send(&json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}));
    lsp.notify("exit", json!(null));
    // Exit code 0 or 1 both honour the specification here: this client did not wait for the
    // shutdown response. What matters is that the process ends.
    let status = lsp.wait_exit(TIMEOUT).expect("the process exits although start-up still waits on the client");
    assert!(matches!(status.code(), Some(0 | 1)), "{status:?}");
}

#[test]
fn accept_both_spellings_is_recorded_in_the_config_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join(".copydesk.toml"), "# house settings\nscope = \"folder\"\n").unwrap();
    let (mut lsp, _) = Lsp::start(&Init { root: Some(root.to_path_buf()), ..Init::default() });
    let uri = uri_in(root, "story/lavrov.txt");
    let text = "Lavrov meets Tillerson in Moscow\n\n\
                Russian Foreign Minister Sergey Lavrov said talks would continue.\n\n\
                Sergey Lavrov told reporters the meeting was useful.\n\n\
                Sergei Lavrov later said the strike was unlawful.\n";
    lsp.did_open(&uri, 1, text);
    let is_variant = |d: &Value| d["code"] == "name-variant";
    let params = lsp.wait_for_diagnostics(&uri, |p| diagnostics(p).iter().any(is_variant), TIMEOUT);
    let flagged = diagnostics(&params).iter().find(|d| is_variant(d)).unwrap().clone();
    let actions = lsp.code_actions(&uri, flagged["range"].clone());
    let accept = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with("Accept both spellings"))
        .unwrap_or_else(|| panic!("no accept action in {actions:#}"))
        .clone();
    assert_eq!(accept["command"]["command"], "copydesk.acceptSpellings");
    lsp.request("workspace/executeCommand", accept["command"].clone());
    let config = std::fs::read_to_string(root.join(".copydesk.toml")).unwrap();
    assert!(config.starts_with("# house settings\n"), "comments survive: {config}");
    assert!(config.contains("Sergei Lavrov") && config.contains("Sergey Lavrov"), "{config}");
    lsp.wait_for_diagnostics(&uri, |p| !diagnostics(p).iter().any(is_variant), TIMEOUT);

    let symbols = lsp.request("workspace/symbol", json!({"query": "lavrov"}));
    let names: Vec<&str> = symbols.as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert!(names.iter().any(|n| n.contains("Lavrov")), "{symbols:#}");
    assert!(lsp.shutdown_and_exit().success());
}
