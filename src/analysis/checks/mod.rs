//! The checks and their registry.
//!
//! Each check lives in its own file as a small stateless struct implementing [`Check`]. Its
//! kebab-case id is a promise to users: the same string is the LSP diagnostic code, the key in
//! `.copydesk.toml`, the editor setting and the CLI's `--disable` value.

mod duplicate_paragraph;
mod figure_conflict;
mod name_variant;
mod truncated_sentence;

use crate::analysis::{DocId, Finding, Severity, Span, Workspace};

/// Stable identifier of a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CheckId {
    DuplicateParagraph,
    FigureConflict,
    NameVariant,
    TruncatedSentence,
}

impl CheckId {
    /// Every check, in the order of [`REGISTRY`].
    pub const ALL: &'static [CheckId] =
        &[CheckId::DuplicateParagraph, CheckId::FigureConflict, CheckId::NameVariant, CheckId::TruncatedSentence];

    pub fn as_str(self) -> &'static str {
        match self {
            CheckId::DuplicateParagraph => "duplicate-paragraph",
            CheckId::FigureConflict => "figure-conflict",
            CheckId::NameVariant => "name-variant",
            CheckId::TruncatedSentence => "truncated-sentence",
        }
    }

    #[allow(clippy::should_implement_trait)]
    pub fn from_str(id: &str) -> Option<CheckId> {
        CheckId::ALL.iter().copied().find(|c| c.as_str() == id)
    }

    /// One paragraph for the user: what the check flags and why it matters. Shown in hovers and
    /// collected into docs/checks.md.
    pub fn explanation(self) -> &'static str {
        match self {
            CheckId::DuplicateParagraph => duplicate_paragraph::EXPLANATION,
            CheckId::FigureConflict => figure_conflict::EXPLANATION,
            CheckId::NameVariant => name_variant::EXPLANATION,
            CheckId::TruncatedSentence => truncated_sentence::EXPLANATION,
        }
    }
}

impl std::fmt::Display for CheckId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a check sees: the whole workspace, the document under check and the documents of its
/// story (the peers allowed by the configured scope, never including `doc` itself).
pub struct CheckContext<'a> {
    pub workspace: &'a Workspace,
    pub doc: DocId,
    pub peers: &'a [DocId],
    pub config: &'a crate::config::Config,
}

/// A check: stateless, cheap to call, never fails. It pushes its findings for `cx.doc` only.
pub trait Check: Send + Sync {
    fn id(&self) -> CheckId;
    fn run(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>);

    /// What the check knows about the text at `offset` even where it flags nothing (every
    /// mention of a figure, every form of a name), as Markdown for a hover.
    fn info(&self, _cx: &CheckContext<'_>, _offset: usize) -> Option<Info> {
        None
    }

    /// Short labels to show inline in the editor (inlay hints), such as the values one quantity
    /// takes across the story.
    fn annotations(&self, _cx: &CheckContext<'_>, _out: &mut Vec<Annotation>) {}
}

/// Hover material about a span of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Info {
    pub span: Span,
    pub markdown: String,
}

/// A label shown after `span` in the editor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Annotation {
    pub span: Span,
    pub label: String,
    /// Longer text shown when the label is hovered.
    pub tooltip: Option<String>,
}

/// All checks, one line each.
pub static REGISTRY: &[&dyn Check] = &[
    &duplicate_paragraph::DuplicateParagraph,
    &figure_conflict::FigureConflict,
    &name_variant::NameVariant,
    &truncated_sentence::TruncatedSentence,
];

/// Runs every enabled check on one document and applies the configured severities.
pub fn run_all(cx: &CheckContext<'_>) -> Vec<Finding> {
    // On a long text the checks run side by side on the thread pool (`analysis::par`), so that
    // the slowest of them, not their sum, is the wait.
    let long = cx.workspace.get(cx.doc).is_some_and(|d| d.text.len() >= PARALLEL_TEXT);
    run_checks(cx, long)
}

fn run_checks(cx: &CheckContext<'_>, side_by_side: bool) -> Vec<Finding> {
    let config = cx.config;
    let run = |check: &dyn Check| {
        let mut out = Vec::new();
        check.run(cx, &mut out);
        if let Some(severity) = config.severity_override(check.id()) {
            for finding in &mut out {
                finding.severity = severity;
            }
        }
        out
    };
    let enabled: Vec<&dyn Check> = REGISTRY.iter().copied().filter(|c| config.is_enabled(c.id())).collect();
    let mut out: Vec<Finding> =
        crate::analysis::par::map_if(side_by_side && enabled.len() > 1, enabled.len(), |i| run(enabled[i]))
            .into_iter()
            .flatten()
            .collect();
    out.sort_by_key(|f| (f.span.start, f.span.end, f.check));
    out
}

/// Texts from this many bytes on have their checks run side by side (see [`run_all`]).
pub const PARALLEL_TEXT: usize = 256 * 1024;

/// Hover material from every enabled check about the text at `offset`.
pub fn info_all(cx: &CheckContext<'_>, offset: usize) -> Vec<Info> {
    REGISTRY.iter().filter(|c| cx.config.is_enabled(c.id())).filter_map(|c| c.info(cx, offset)).collect()
}

/// Inline labels from every enabled check, in text order.
pub fn annotations_all(cx: &CheckContext<'_>) -> Vec<Annotation> {
    let mut out = Vec::new();
    for check in REGISTRY.iter().filter(|c| cx.config.is_enabled(c.id())) {
        check.annotations(cx, &mut out);
    }
    out.sort_by_key(|a| (a.span.start, a.span.end));
    out
}

/// The Markdown shown when hovering a finding: the check, what it is for, and its evidence.
pub fn hover_markdown(finding: &Finding) -> String {
    format!("**{}** (copydesk)\n\n{}\n\n{}", finding.check, finding.check.explanation(), finding.evidence)
}

/// The default severity of findings that repeat or contradict text in the same article, and of
/// those that only link it to other articles of the story.
pub const WITHIN_FILE: Severity = Severity::Warning;
pub const ACROSS_FILES: Severity = Severity::Information;

#[cfg(test)]
mod tests {
    use super::*;

    /// Side by side or one after the other, the checks find the same, in the same order.
    #[test]
    fn checks_side_by_side_find_what_they_find_in_turn() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
        let mut seeds: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect();
        seeds.sort();
        let mut ws = Workspace::new();
        let mut ids = Vec::new();
        for (i, seed) in seeds.iter().enumerate() {
            ids.push(ws.set(&format!("story/{i}.txt"), seed.as_str()));
        }
        // A long article of all of them, with a figure changed here and there.
        let long: String = (0..24).map(|i| seeds.join("\n\n").replace(" 8", &format!(" {}", 8 + i % 3))).collect();
        assert!(long.len() >= PARALLEL_TEXT);
        ids.push(ws.set("story/long.txt", long.as_str()));
        let config = crate::config::Config::default();
        for &doc in &ids {
            let peers: Vec<DocId> = ids.iter().copied().filter(|&d| d != doc).collect();
            let cx = CheckContext { workspace: &ws, doc, peers: &peers, config: &config };
            let apart = run_checks(&cx, true);
            let in_turn = run_checks(&cx, false);
            assert_eq!(apart, in_turn);
            assert!(!apart.is_empty());
        }
    }

    #[test]
    fn ids_round_trip_and_are_kebab_case() {
        for &id in CheckId::ALL {
            assert_eq!(CheckId::from_str(id.as_str()), Some(id));
            assert!(id.as_str().chars().all(|c| c.is_ascii_lowercase() || c == '-'));
            assert!(!id.explanation().is_empty());
        }
        let registered: Vec<CheckId> = REGISTRY.iter().map(|c| c.id()).collect();
        assert_eq!(registered, CheckId::ALL);
    }

    /// docs/checks.md is generated from the `//!` comments that open each check's file, so the
    /// manual says what the code says. `UPDATE_EXPECT=1 cargo test` rewrites it.
    #[test]
    fn checks_manual_is_up_to_date() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/analysis/checks");
        let mut manual = String::from(
            "# copydesk checks\n\n<!-- Generated from the doc comments of src/analysis/checks/*.rs by \
             `UPDATE_EXPECT=1 cargo test checks_manual`. Do not edit by hand. -->\n\n\
             Every check has a stable id: the diagnostic code in the editor, the key under `[checks]` in \
             `.copydesk.toml` and the value of the CLI's `--disable`.\n",
        );
        for &id in CheckId::ALL {
            let file = dir.join(format!("{}.rs", id.as_str().replace('-', "_")));
            let source = std::fs::read_to_string(&file).unwrap();
            let doc: Vec<&str> = source
                .lines()
                .take_while(|line| line.starts_with("//!"))
                .map(|line| line.trim_start_matches("//!").strip_prefix(' ').unwrap_or(line.trim_start_matches("//!")))
                .collect();
            let doc = doc.join("\n").replace("[`", "`").replace("`]", "`");
            manual.push_str(&format!("\n## `{id}`\n\n{}\n", doc.trim()));
        }
        expect_test::expect_file!["../../../docs/checks.md"].assert_eq(&manual);
    }
}
