//! Diagnostics as they leave in `textDocument/publishDiagnostics`: serialised one by one, and
//! kept with the findings they were made from, so that the next publish of the buffer converts
//! and serialises only the diagnostics an edit changed or moved to another line or column.
//!
//! A keystroke in a long article leaves almost every finding as it was, at the same line and
//! column or shifted along with the text after the edit; converting the positions of all of
//! them and serialising hundreds of kilobytes again took a good part of the keystroke.

use std::sync::Arc;

use rustc_hash::FxHashMap;
use tower_lsp_server::ls_types::{Diagnostic, Uri};

use super::position::Encoding;
use super::to_proto;
use crate::analysis::{par, CheckId, DocId, Finding, Workspace};

/// One diagnostic, serialised.
pub type Piece = Arc<[u8]>;

/// The diagnostics last published for a buffer, serialised, with what they were made from.
#[derive(Debug)]
pub struct Published {
    pub findings: Arc<Vec<Finding>>,
    /// The diagnostic of each finding.
    pub pieces: Vec<Piece>,
    /// The version of the document (its serial) they were converted at, and its number of
    /// lines.
    serial: u64,
    lines: usize,
    /// The version of each other document their related locations point into.
    others: Vec<(DocId, u64)>,
    /// The URI generation they were converted under (see [`publish`]'s `uris`).
    uris: u64,
}

/// The diagnostics of `findings`, which are all in document `id`, serialised. Those that
/// `before` (the buffer's last publish) already holds, for the same finding at the same lines
/// and columns, are taken from it. `uris` is a generation that changes whenever `uri_of` may
/// answer differently (a buffer opened or closed). Returns the publish and how many of its
/// diagnostics were taken from `before`.
pub fn publish(
    ws: &Workspace,
    id: DocId,
    findings: Arc<Vec<Finding>>,
    before: Option<&Published>,
    enc: Encoding,
    uris: u64,
    uri_of: &(dyn Fn(DocId) -> Option<Uri> + Sync),
) -> serde_json::Result<(Published, usize)> {
    let doc = ws.doc(id);
    let moves = before.and_then(|before| Moves::new(ws, id, before, uris));
    // The diagnostics to take over are found first, and only the rest are converted, on every
    // core when they are many: after a keystroke they are a few, and waking the pool's threads
    // for them cost more than converting them.
    let taken: Vec<Option<Piece>> =
        findings.iter().map(|finding| moves.as_ref().and_then(|moves| moves.piece(finding))).collect();
    let fresh: Vec<usize> = (0..findings.len()).filter(|&i| taken[i].is_none()).collect();
    let converted = par::map_if(fresh.len() >= par::MIN_ITEMS, fresh.len(), |k| {
        let diagnostic: Diagnostic = to_proto::diagnostic(ws, &findings[fresh[k]], enc, uri_of);
        serde_json::to_vec(&diagnostic).map(Piece::from)
    });
    let reused = findings.len() - fresh.len();
    let mut converted = converted.into_iter();
    let mut out = Vec::with_capacity(findings.len());
    for piece in taken {
        match piece {
            Some(piece) => out.push(piece),
            None => out.push(converted.next().expect("one converted piece per finding not taken")?),
        }
    }
    let mut others: Vec<(DocId, u64)> = Vec::new();
    for related in findings.iter().flat_map(|f| &f.related) {
        let other = related.location.doc;
        if other != id && !others.iter().any(|(d, _)| *d == other) {
            if let Some(other_doc) = ws.get(other) {
                others.push((other, other_doc.serial));
            }
        }
    }
    let published = Published { findings, pieces: out, serial: doc.serial, lines: doc.line_count(), others, uris };
    Ok((published, reused))
}

/// How the offsets of a document moved since a publish, as far as the lines and columns of
/// its diagnostics can tell.
struct Moves<'a> {
    ws: &'a Workspace,
    before: &'a Published,
    doc: DocId,
    /// Offsets below this are where they were, at the same line and column.
    kept: usize,
    /// Offsets from this on are `delta` bytes from where they were, at the same line and
    /// column.
    moved: usize,
    delta: isize,
    /// The findings of `before` by check and span.
    by_span: FxHashMap<(CheckId, usize, usize), usize>,
}

impl<'a> Moves<'a> {
    fn new(ws: &'a Workspace, id: DocId, before: &'a Published, uris: u64) -> Option<Moves<'a>> {
        if before.uris != uris {
            return None;
        }
        let doc = ws.get(id)?;
        let (kept, moved, delta) = if doc.serial == before.serial {
            (usize::MAX, usize::MAX, 0)
        } else if doc.previous_serial == Some(before.serial) {
            let changed = doc.changed?;
            // An offset before the first changed byte has the same line start, and the same
            // text from there to it, in both texts.
            let kept = changed.start;
            // Lines that start after the change are the same lines in both texts, shifted; at
            // the same line numbers when the texts have as many lines.
            let edited_line = doc.line_of(changed.new_end);
            let moved = if doc.line_count() == before.lines && edited_line < doc.line_count() {
                doc.line_span(edited_line + 1).start
            } else {
                usize::MAX
            };
            (kept, moved, changed.new_end as isize - changed.old_end as isize)
        } else {
            return None;
        };
        let mut by_span = FxHashMap::default();
        for (i, finding) in before.findings.iter().enumerate() {
            by_span.entry((finding.check, finding.span.start, finding.span.end)).or_insert(i);
        }
        Some(Moves { ws, before, doc: id, kept, moved, delta, by_span })
    }

    /// Where an offset of the document was at the last publish, if it is at the same line and
    /// column now.
    fn old(&self, offset: usize) -> Option<usize> {
        if offset < self.kept {
            Some(offset)
        } else if offset >= self.moved {
            offset.checked_add_signed(-self.delta)
        } else {
            None
        }
    }

    /// The diagnostic of the last publish that is this finding's, unchanged.
    fn piece(&self, finding: &Finding) -> Option<Piece> {
        let key = (finding.check, self.old(finding.span.start)?, self.old(finding.span.end)?);
        let &i = self.by_span.get(&key)?;
        let old = &self.before.findings[i];
        let same = old.doc == finding.doc
            && old.severity == finding.severity
            && old.message == finding.message
            && old.related.len() == finding.related.len()
            && old.related.iter().zip(&finding.related).all(|(was, is)| {
                let (was_at, is_at) = (&was.location, &is.location);
                was.message == is.message
                    && was_at.doc == is_at.doc
                    && if is_at.doc == self.doc {
                        self.old(is_at.span.start) == Some(was_at.span.start)
                            && self.old(is_at.span.end) == Some(was_at.span.end)
                    } else {
                        was_at.span == is_at.span && self.unchanged(is_at.doc)
                    }
            });
        same.then(|| self.before.pieces[i].clone())
    }

    /// Whether another document is the version it was at the last publish.
    fn unchanged(&self, doc: DocId) -> bool {
        let now = self.ws.get(doc).map(|d| d.serial);
        self.before.others.iter().any(|&(d, serial)| d == doc && Some(serial) == now)
    }
}

/// The `textDocument/publishDiagnostics` notification, serialised as serde would serialise
/// `PublishDiagnosticsParams` in it, from the diagnostics serialised one by one.
pub fn frame(uri: &Uri, pieces: &[Piece], version: Option<i32>) -> serde_json::Result<Vec<u8>> {
    let mut frame = Vec::with_capacity(pieces.iter().map(|p| p.len() + 1).sum::<usize>() + 256);
    frame.extend_from_slice(br#"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"#);
    serde_json::to_writer(&mut frame, uri)?;
    frame.extend_from_slice(br#","diagnostics":["#);
    for (i, piece) in pieces.iter().enumerate() {
        if i > 0 {
            frame.push(b',');
        }
        frame.extend_from_slice(piece);
    }
    frame.push(b']');
    if let Some(version) = version {
        frame.extend_from_slice(br#","version":"#);
        serde_json::to_writer(&mut frame, &version)?;
    }
    frame.extend_from_slice(b"}}");
    Ok(frame)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use tower_lsp_server::ls_types::{Position, PublishDiagnosticsParams, Range};

    /// The frame put together from pieces is the one serde makes of the whole notification.
    #[test]
    fn the_frame_is_the_serialised_notification() {
        #[derive(serde::Serialize)]
        struct Notification<'a> {
            jsonrpc: &'static str,
            method: &'static str,
            params: &'a PublishDiagnosticsParams,
        }
        let uri: Uri = "file:///news/caf%C3%A9%20story.txt".parse().unwrap();
        let diagnostic = |i: u32| Diagnostic {
            range: Range::new(Position::new(i, 1), Position::new(i, 9)),
            message: format!("Figure conflict \"{i}\" — 87 vs 80 😀"),
            source: Some("copydesk".into()),
            ..Default::default()
        };
        for n in [0, 1, 2, 150] {
            let diagnostics: Vec<Diagnostic> = (0..n as u32).map(diagnostic).collect();
            let pieces: Vec<Piece> = diagnostics.iter().map(|d| Piece::from(serde_json::to_vec(d).unwrap())).collect();
            for version in [None, Some(7)] {
                let params = PublishDiagnosticsParams { uri: uri.clone(), diagnostics: diagnostics.clone(), version };
                let whole = serde_json::to_vec(&Notification {
                    jsonrpc: "2.0",
                    method: "textDocument/publishDiagnostics",
                    params: &params,
                })
                .unwrap();
                let frame = frame(&uri, &pieces, version).unwrap();
                assert_eq!(String::from_utf8(frame).unwrap(), String::from_utf8(whole).unwrap());
            }
        }
    }

    /// After every edit, of the edited article or of another article of its story, each
    /// diagnostic taken from the last publish is the one converted afresh.
    #[test]
    fn diagnostics_taken_from_the_last_publish_are_the_fresh_ones() {
        let mut ws = Workspace::new();
        let config = Config::default();
        let mut text = [
            include_str!("../../examples/000_1985278e3f6fab29.txt"),
            include_str!("../../examples/001_7c325a4795b0ca8d.txt"),
        ]
        .join("\n\nCafé 😀 — 87 people were killed, said Sergei Lavrov.\r\n\r\n");
        let mut peer = include_str!("../../examples/002_949ec1250efea61f.txt").to_string();
        ws.set("story/b.txt", peer.as_str());
        // The URIs change with `uris`, as when a buffer opens under another spelling of its path.
        let uri_of = |ws: &Workspace, id: DocId, uris: u64| {
            format!("file:///{}{}", ["", "alt/"][uris as usize % 2], ws.get(id)?.name).parse::<Uri>().ok()
        };
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |below: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % below as u64) as usize
        };
        let inserts = ["x", " ", "\n", "\r\n", "é", "😀", "87 ", "Sergey ", "\n\n", "."];
        let (mut before, mut uris, mut taken, mut total) = (None::<Published>, 0, 0, 0);
        for round in 0..300 {
            match next(20) {
                // Another article of the story changes: its related locations may move to
                // another line at the same offset.
                0 => {
                    let spaces: Vec<usize> = peer.match_indices(' ').map(|(i, _)| i).collect();
                    let at = spaces[next(spaces.len())];
                    peer.replace_range(at..at + 1, "\n");
                    ws.set("story/b.txt", peer.as_str());
                }
                // A buffer opens or closes.
                1 => uris += 1,
                _ => {
                    let chars = text.chars().count();
                    let at = text.char_indices().map(|(i, _)| i).nth(next(chars)).unwrap_or(text.len());
                    if next(3) == 0 {
                        let end = text[at..].char_indices().map(|(i, _)| at + i).nth(1 + next(4)).unwrap_or(text.len());
                        text.replace_range(at..end, "");
                    } else {
                        text.insert_str(at, inserts[next(inserts.len())]);
                    }
                }
            }
            let id = ws.set("story/a.txt", text.as_str());
            let findings = Arc::new(ws.check(id, &config));
            let uri_of = |doc: DocId| uri_of(&ws, doc, uris);
            let (published, reused) =
                publish(&ws, id, findings.clone(), before.as_ref(), Encoding::Utf16, uris, &uri_of).unwrap();
            for (finding, piece) in findings.iter().zip(&published.pieces) {
                let fresh = serde_json::to_vec(&to_proto::diagnostic(&ws, finding, Encoding::Utf16, &uri_of)).unwrap();
                assert_eq!(String::from_utf8_lossy(piece), String::from_utf8_lossy(&fresh), "round {round}");
            }
            assert_eq!(published.pieces.len(), findings.len());
            taken += reused;
            total += findings.len();
            before = Some(published);
        }
        // Most edits leave most diagnostics where they were.
        assert!(total > 1000 && taken * 2 > total, "{taken} of {total} taken");
    }
}
