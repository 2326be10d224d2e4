//! Findings to protocol types. Plain functions: analysis data and a position encoding in,
//! `ls_types` out.

use std::collections::HashMap;

use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, DocumentSymbol, Hover,
    HoverContents, InlayHint, InlayHintLabel, InlayHintTooltip, Location, MarkupContent, MarkupKind, NumberOrString,
    OneOf, SymbolKind, TextEdit, Uri, WorkspaceEdit, WorkspaceSymbol,
};

use crate::analysis::article::BlockKind;
use crate::analysis::checks::{Annotation, Info};
use crate::analysis::names::{NameKind, NameSymbol};
use crate::analysis::outline::OutlineItem;
use crate::analysis::workspace::Document;
use crate::analysis::{DocId, Finding, Severity, Span, Workspace};
use crate::lsp::position::{position, range, Encoding};

pub const SOURCE: &str = "copydesk";

pub fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Information => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// Related locations sent with one diagnostic. A figure pasted into many paragraphs of a long
/// article conflicts with every copy of the other value: on the benches' 1 MB article, 136
/// diagnostics carried 2,172 related locations, converted, serialised and parsed again at every
/// keystroke. Editors show a handful of them at a time; the hover lists every mention.
pub const MAX_RELATED: usize = 20;

/// The diagnostic of a finding. `uri_of` names the documents of related locations; a related
/// document without a URI is left out rather than pointed at the wrong place.
pub fn diagnostic(
    ws: &Workspace,
    finding: &Finding,
    enc: Encoding,
    uri_of: &dyn Fn(DocId) -> Option<Uri>,
) -> Diagnostic {
    let doc = ws.doc(finding.doc);
    let related: Vec<DiagnosticRelatedInformation> = finding
        .related
        .iter()
        .filter_map(|related| {
            let other = ws.get(related.location.doc)?;
            Some(DiagnosticRelatedInformation {
                location: Location {
                    uri: uri_of(related.location.doc)?,
                    range: range(other, &related.location.span, enc),
                },
                message: related.message.to_string(),
            })
        })
        .take(MAX_RELATED)
        .collect();
    Diagnostic {
        range: range(doc, &finding.span, enc),
        severity: Some(severity(finding.severity)),
        code: Some(NumberOrString::String(finding.check.as_str().to_string())),
        code_description: None,
        source: Some(SOURCE.to_string()),
        message: finding.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

/// Hover Markdown for the findings under the cursor (each check explained, then its evidence),
/// followed by what the checks know about the text there.
pub fn hover(ws: &Workspace, doc: DocId, findings: &[&Finding], info: &[Info], enc: Encoding) -> Option<Hover> {
    let span = findings.first().map(|f| f.span.clone()).or_else(|| info.first().map(|i| i.span.clone()))?;
    let mut parts: Vec<String> = findings.iter().map(|f| crate::analysis::checks::hover_markdown(f)).collect();
    parts.extend(info.iter().map(|i| i.markdown.clone()));
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: parts.join("\n\n---\n\n") }),
        range: Some(range(ws.doc(doc), &span, enc)),
    })
}

/// An inline label after its span.
pub fn inlay_hint(doc: &Document, annotation: &Annotation, enc: Encoding) -> InlayHint {
    InlayHint {
        position: position(doc, annotation.span.end, enc),
        label: InlayHintLabel::String(annotation.label.clone()),
        kind: None,
        text_edits: None,
        tooltip: annotation
            .tooltip
            .clone()
            .map(|t| InlayHintTooltip::MarkupContent(MarkupContent { kind: MarkupKind::Markdown, value: t })),
        padding_left: Some(true),
        padding_right: None,
        data: None,
    }
}

/// Quick fixes of a finding, each tied to its diagnostic.
pub fn code_actions(
    ws: &Workspace,
    finding: &Finding,
    enc: Encoding,
    uri_of: &dyn Fn(DocId) -> Option<Uri>,
) -> Vec<CodeAction> {
    let diagnostic = diagnostic(ws, finding, enc, uri_of);
    finding
        .fixes
        .iter()
        .enumerate()
        .filter_map(|(i, fix)| {
            let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
            for edit in &fix.edits {
                let doc = ws.get(edit.doc)?;
                changes
                    .entry(uri_of(edit.doc)?)
                    .or_default()
                    .push(TextEdit { range: range(doc, &edit.span, enc), new_text: edit.replacement.to_string() });
            }
            Some(CodeAction {
                title: fix.title.to_string(),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic.clone()]),
                edit: Some(WorkspaceEdit { changes: Some(changes), ..Default::default() }),
                // The first fix is the one a check recommends; editors apply it on "fix all".
                is_preferred: Some(i == 0),
                ..Default::default()
            })
        })
        .collect()
}

/// An outline entry as a document symbol.
#[allow(deprecated)] // `deprecated` is a required field of the struct.
pub fn document_symbol(doc: &Document, item: &OutlineItem, enc: Encoding) -> DocumentSymbol {
    let kind = match item.kind {
        BlockKind::Headline => SymbolKind::MODULE,
        BlockKind::Dateline => SymbolKind::EVENT,
        BlockKind::Byline => SymbolKind::PROPERTY,
        BlockKind::Body => SymbolKind::STRING,
        BlockKind::Boilerplate => SymbolKind::NULL,
    };
    let range = range(doc, &item.span, enc);
    DocumentSymbol {
        name: item.label.clone(),
        detail: None,
        kind,
        tags: None,
        deprecated: None,
        range,
        selection_range: range,
        children: None,
    }
}

/// A person, place or organisation of the story as a workspace symbol.
pub fn workspace_symbol(doc: &Document, symbol: &NameSymbol, uri: Uri, span: &Span, enc: Encoding) -> WorkspaceSymbol {
    let kind = match symbol.kind {
        NameKind::Person => SymbolKind::OBJECT,
        NameKind::Place => SymbolKind::NAMESPACE,
        NameKind::Organisation => SymbolKind::STRUCT,
        NameKind::Other => SymbolKind::CONSTANT,
    };
    WorkspaceSymbol {
        name: symbol.name.clone(),
        kind,
        tags: None,
        container_name: Some(doc.file_name().to_string()),
        location: OneOf::Left(Location { uri, range: range(doc, span, enc) }),
        data: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Location, Related, Severity};

    #[test]
    fn related_locations_are_capped() {
        let mut ws = Workspace::new();
        let id = ws.set("/w/a.txt", "Headline\n\nOne two three.\n");
        let related = (0..MAX_RELATED + 5)
            .map(|i| Related { location: Location { doc: id, span: 10..13 }, message: format!("mention {i}").into() })
            .collect();
        let finding = Finding {
            check: crate::analysis::CheckId::FigureConflict,
            doc: id,
            span: 10..13,
            severity: Severity::Warning,
            message: "m".into(),
            evidence: "".into(),
            related,
            fixes: Vec::new(),
        };
        let uri = |_| "file:///w/a.txt".parse().ok();
        let diagnostic = diagnostic(&ws, &finding, Encoding::Utf16, &uri);
        let related = diagnostic.related_information.unwrap();
        assert_eq!(related.len(), MAX_RELATED);
        assert_eq!(related[0].message, "mention 0");
    }
}
