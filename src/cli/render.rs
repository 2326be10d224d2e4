//! Rendering a [`Report`]: human excerpts, JSON and SARIF.
//!
//! The JSON and SARIF shapes are promises to the pipelines that parse them; the JSON one is
//! documented in docs/json-output.md and pinned by a snapshot test. Lines and columns are
//! 1-based, columns count Unicode scalar values, offsets count bytes.

use std::io::{self, Write};

use serde_json::{json, Value};

use crate::analysis::workspace::Document;
use crate::analysis::{CheckId, Finding, Severity, Span};
use crate::cli::Report;

/// The longest stretch of a finding that gets carets: past it the excerpt would wrap on a
/// terminal and the carets would stop pointing anywhere readable.
const MAX_CARETS: usize = 60;

pub fn human(out: &mut dyn Write, report: &Report, color: bool) -> io::Result<()> {
    use annotate_snippets::{Level, Renderer, Snippet};
    let renderer = if color { Renderer::styled() } else { Renderer::plain() }.term_width(100);
    for finding in &report.findings {
        let doc = report.workspace.doc(finding.doc);
        let (line, _) = doc.line_col(finding.span.start);
        let line_span = doc.line_span(line);
        let source = &doc.text[line_span.clone()];
        let start = finding.span.start - line_span.start;
        let end = clip(source, start, (finding.span.end.min(line_span.end)) - line_span.start);
        let level = match finding.severity {
            Severity::Error => Level::Error,
            Severity::Warning => Level::Warning,
            Severity::Information => Level::Info,
            Severity::Hint => Level::Help,
        };
        let origin = doc.name.clone();
        let related: Vec<String> = finding
            .related
            .iter()
            .map(|r| {
                let other = report.workspace.doc(r.location.doc);
                let (l, c) = other.line_col(r.location.span.start);
                format!("{}: {}:{l}:{c}", r.message, other.name)
            })
            .collect();
        let fixes: Vec<String> = finding.fixes.iter().map(|f| format!("fix available: {}", f.title)).collect();
        let label = if end < finding.span.end - line_span.start { "this paragraph (excerpt)" } else { "here" };
        let message = level
            .title(&finding.message)
            .id(finding.check.as_str())
            .snippet(
                Snippet::source(source)
                    .line_start(line)
                    .origin(&origin)
                    .annotation(Level::Error.span(start..end).label(label)),
            )
            .footers(related.iter().map(|r| Level::Note.title(r)))
            .footers(fixes.iter().map(|f| Level::Help.title(f)));
        writeln!(out, "{}\n", renderer.render(message))?;
    }
    let noun = |n: usize, one: &str, many: &str| if n == 1 { format!("{n} {one}") } else { format!("{n} {many}") };
    writeln!(
        out,
        "{} in {}",
        noun(report.findings.len(), "finding", "findings"),
        noun(report.files, "article", "articles")
    )
}

/// The end of the caret run: the finding's end, or a word boundary after at most MAX_CARETS
/// characters.
fn clip(source: &str, start: usize, end: usize) -> usize {
    let limit = source[start..end].char_indices().nth(MAX_CARETS).map_or(end, |(i, _)| start + i);
    if limit == end {
        return end;
    }
    source[start..limit].rfind(' ').map_or(limit, |i| start + i)
}

fn point(doc: &Document, offset: usize) -> Value {
    let (line, column) = doc.line_col(offset);
    json!({"line": line, "column": column, "offset": offset})
}

fn finding_json(report: &Report, finding: &Finding) -> Value {
    let ws = &report.workspace;
    let doc = ws.doc(finding.doc);
    let place = |doc: &Document, span: &Span| (point(doc, span.start), point(doc, span.end));
    let (start, end) = place(doc, &finding.span);
    json!({
        "check": finding.check.as_str(),
        "severity": finding.severity.as_str(),
        "file": doc.name,
        "start": start,
        "end": end,
        "message": finding.message,
        "related": finding.related.iter().map(|r| {
            let other = ws.doc(r.location.doc);
            let (start, end) = place(other, &r.location.span);
            json!({"file": other.name, "start": start, "end": end, "message": &*r.message})
        }).collect::<Vec<_>>(),
        "fixes": finding.fixes.iter().map(|fix| json!({
            "title": &*fix.title,
            "edits": fix.edits.iter().map(|e| {
                let other = ws.doc(e.doc);
                let (start, end) = place(other, &e.span);
                json!({"file": other.name, "start": start, "end": end, "replacement": &*e.replacement})
            }).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

/// The JSON report (format version 1).
pub fn json_value(report: &Report) -> Value {
    let mut by_check = serde_json::Map::new();
    for &id in CheckId::ALL {
        let n = report.findings.iter().filter(|f| f.check == id).count();
        by_check.insert(id.as_str().to_string(), json!(n));
    }
    json!({
        "version": 1,
        "findings": report.findings.iter().map(|f| finding_json(report, f)).collect::<Vec<_>>(),
        "skipped": report.skipped.iter().map(|s| json!({"file": s.path.display().to_string(), "reason": s.reason})).collect::<Vec<_>>(),
        "summary": {"files": report.files, "findings": report.findings.len(), "by_check": by_check},
    })
}

pub fn json(out: &mut dyn Write, report: &Report) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &json_value(report))?;
    writeln!(out)
}

fn sarif_region(doc: &Document, span: &Span) -> Value {
    let (start_line, start_column) = doc.line_col(span.start);
    let (end_line, end_column) = doc.line_col(span.end);
    json!({"startLine": start_line, "startColumn": start_column, "endLine": end_line, "endColumn": end_column,
           "charOffset": span.start, "charLength": span.end - span.start})
}

/// SARIF 2.1.0, one run, one rule per check.
pub fn sarif_value(report: &Report) -> Value {
    let ws = &report.workspace;
    let location = |doc: &Document, span: &Span| json!({"physicalLocation": {"artifactLocation": {"uri": doc.name}, "region": sarif_region(doc, span)}});
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            let doc = ws.doc(f.doc);
            json!({
                "ruleId": f.check.as_str(),
                "level": match f.severity { Severity::Error => "error", Severity::Warning => "warning", Severity::Information | Severity::Hint => "note" },
                "message": {"text": f.message},
                "locations": [location(doc, &f.span)],
                "relatedLocations": f.related.iter().enumerate().map(|(i, r)| {
                    let mut loc = location(ws.doc(r.location.doc), &r.location.span);
                    loc["id"] = json!(i);
                    loc["message"] = json!({"text": &*r.message});
                    loc
                }).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "copydesk",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": CheckId::ALL.iter().map(|id| json!({
                    "id": id.as_str(),
                    "shortDescription": {"text": id.explanation()},
                })).collect::<Vec<_>>(),
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

pub fn sarif(out: &mut dyn Write, report: &Report) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &sarif_value(report))?;
    writeln!(out)
}
