//! The outline of an article: its headline, dateline, byline, paragraphs and boilerplate, as an
//! editor's "document symbols" list shows them.

use crate::analysis::article::BlockKind;
use crate::analysis::workspace::Document;
use crate::analysis::Span;

/// One entry of the outline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutlineItem {
    pub label: String,
    pub kind: BlockKind,
    pub span: Span,
}

/// Paragraph labels are cut to this many characters.
const LABEL_CHARS: usize = 60;

pub fn outline(doc: &Document) -> Vec<OutlineItem> {
    let mut paragraph = 0;
    doc.article
        .blocks
        .iter()
        .map(|block| {
            let text = doc.text.get(block.span.clone()).unwrap_or("");
            let mut excerpt: String =
                text.split_whitespace().collect::<Vec<_>>().join(" ").chars().take(LABEL_CHARS).collect();
            if text.chars().count() > LABEL_CHARS {
                excerpt.push('…');
            }
            let label = match block.kind {
                BlockKind::Headline => format!("Headline: {excerpt}"),
                BlockKind::Dateline => format!("Dateline: {excerpt}"),
                BlockKind::Byline => format!("Byline: {excerpt}"),
                BlockKind::Boilerplate => format!("Boilerplate: {excerpt}"),
                BlockKind::Body => {
                    paragraph += 1;
                    format!("¶{paragraph} {excerpt}")
                }
            };
            OutlineItem { label, kind: block.kind, span: block.span.clone() }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_every_block() {
        let doc = Document::new(
            "a.txt".into(),
            "Tillerson meets Lavrov\n\nMonday, 17 Apr, 2017\n\nBy Jane Doe\n\nThe talks lasted two hours and ended without any agreement on Syria or on the air base.\n\nRelated news\n".into(),
        );
        let labels: Vec<String> = outline(&doc).into_iter().map(|i| i.label).collect();
        assert_eq!(
            labels,
            vec![
                "Headline: Tillerson meets Lavrov",
                "Dateline: Monday, 17 Apr, 2017",
                "Byline: By Jane Doe",
                "¶1 The talks lasted two hours and ended without any agreement o…",
                "Boilerplate: Related news",
            ]
        );
    }
}
