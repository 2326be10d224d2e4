//! The set of articles under check and the story each belongs to.
//!
//! A document is known by its name: a file path for files, the URI for editor buffers that have
//! no path. The name decides the story: with [`Scope::Folder`] the documents whose names share a
//! parent folder are checked against each other. Parsing happens once per text change, so
//! checks read a ready [`Article`].

use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::analysis::article::{Article, BlockKind};
use crate::analysis::checks::{self, CheckContext};
use crate::analysis::fingerprint::Print;
use crate::analysis::Finding;
use crate::config::{Config, Scope};

/// Index of a document in its [`Workspace`]. Stable while the document stays in the workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocId(pub u32);

/// One article: its text, its parse, its paragraph fingerprints and where its lines start.
#[derive(Debug)]
pub struct Document {
    pub name: String,
    pub text: Arc<str>,
    pub article: Article,
    /// Fingerprint of each block, aligned with `article.blocks`: present for the headline and
    /// body paragraphs, absent for bylines, datelines and boilerplate.
    pub prints: Vec<Option<Arc<Print>>>,
    /// Unique to this version of this document in the whole process: a key for results derived
    /// from it that outlive one call (see `names::Story::build`).
    pub serial: u64,
    /// The names of the text, scanned the first time a check asks and dropped with this version.
    name_scan: std::sync::OnceLock<Arc<crate::analysis::names::Scan>>,
    /// The figures of the article, extracted the first time a check asks and dropped with this
    /// version (see [`Document::figures`]).
    figures: std::sync::OnceLock<Vec<crate::analysis::figures::Figure>>,
    line_starts: Vec<usize>,
}

impl Document {
    pub fn new(name: String, text: Arc<str>) -> Document {
        Document::reusing(name, text, None)
    }

    /// Builds a document, taking the fingerprints of unchanged paragraphs from the previous
    /// version: an edit re-fingerprints only the paragraph it touched.
    pub fn reusing(name: String, text: Arc<str>, previous: Option<&Document>) -> Document {
        let article = Article::parse(&text);
        let mut memo: FxHashMap<&str, &Arc<Print>> = FxHashMap::default();
        if let Some(previous) = previous {
            for (block, print) in previous.article.blocks.iter().zip(&previous.prints) {
                if let (Some(print), Some(prose)) = (print, previous.text.get(block.text_span.clone())) {
                    memo.insert(prose, print);
                }
            }
        }
        let prints = article
            .blocks
            .iter()
            .map(|block| {
                if !matches!(block.kind, BlockKind::Headline | BlockKind::Body) {
                    return None;
                }
                let prose = &text[block.text_span.clone()];
                Some(memo.get(prose).map_or_else(|| Arc::new(Print::of(prose)), |&p| p.clone()))
            })
            .collect();
        let mut line_starts = vec![0];
        let bytes = text.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            // `\n`, `\r\n` and a lone `\r` each end a line, as in LSP.
            if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                line_starts.push(i + 1);
            }
        }
        static SERIAL: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let serial = SERIAL.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Document {
            name,
            text,
            article,
            prints,
            serial,
            name_scan: std::sync::OnceLock::new(),
            figures: std::sync::OnceLock::new(),
            line_starts,
        }
    }

    /// The name mentions of this text (computed once per version).
    pub fn name_scan(&self) -> &Arc<crate::analysis::names::Scan> {
        self.name_scan.get_or_init(|| Arc::new(crate::analysis::names::Scan::of(&self.text, &self.article)))
    }

    /// The figures of the article ([`crate::analysis::figures::extract`]), extracted the first
    /// time a check asks and kept with this version of the text: every check of a story reads the
    /// figures of all its articles, so without the cache a story of n articles would extract n²
    /// times.
    pub fn figures(&self) -> &[crate::analysis::figures::Figure] {
        self.figures.get_or_init(|| crate::analysis::figures::extract(&self.text, &self.article))
    }

    /// The folder part of the name: everything before the last `/`.
    pub fn folder(&self) -> &str {
        self.name.rsplit_once('/').map_or("", |(folder, _)| folder)
    }

    /// The last component of the name, for messages.
    pub fn file_name(&self) -> &str {
        self.name.rsplit_once('/').map_or(self.name.as_str(), |(_, file)| file)
    }

    /// 1-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&start| start <= offset)
    }

    /// 1-based line and 1-based column in characters of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let line = self.line_of(offset);
        let start = self.line_starts[line - 1];
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let col = self.text[start.min(offset)..offset].chars().count() + 1;
        (line, col)
    }

    /// The byte range of a 1-based line, without its line break.
    pub fn line_span(&self, line: usize) -> std::ops::Range<usize> {
        let start = self.line_starts.get(line.saturating_sub(1)).copied().unwrap_or(self.text.len());
        let mut end = self.line_starts.get(line).copied().unwrap_or(self.text.len());
        let bytes = self.text.as_bytes();
        while end > start && matches!(bytes[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        start..end
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }
}

/// Parses documents on every core, without touching any workspace: a server can parse a whole
/// folder without holding the lock its handlers need, then [`Workspace::put`] the results.
pub fn parse_many(items: Vec<(String, Arc<str>)>) -> Vec<Arc<Document>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(items.len().max(1));
    let chunk = items.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|(name, text)| Arc::new(Document::new(name.clone(), text.clone())))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        // A panic while parsing is a bug in the parser; surface it like any other panic.
        handles.into_iter().flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    })
}

/// A paragraph of the workspace: a document and the index of one of its blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ParagraphRef {
    pub doc: DocId,
    pub block: u32,
}

/// The documents under check, and an index from paragraph sketches to paragraphs.
#[derive(Debug, Default)]
pub struct Workspace {
    docs: Vec<Option<Arc<Document>>>,
    ids: FxHashMap<String, DocId>,
    free: Vec<DocId>,
    /// Sketch hash (see [`Print::sketch`]) to the paragraphs whose sketch holds it.
    sketches: FxHashMap<u64, Vec<ParagraphRef>>,
    /// Folder to its documents, in id order, for the folder scope.
    folders: FxHashMap<String, Vec<DocId>>,
    /// Bumped by every change to any document: results computed at one revision stay valid
    /// until it changes.
    revision: u64,
}

impl Workspace {
    pub fn new() -> Workspace {
        Workspace::default()
    }

    /// Adds a document or replaces the text of the one with that name.
    pub fn set(&mut self, name: &str, text: impl Into<Arc<str>>) -> DocId {
        let previous = self.ids.get(name).and_then(|id| self.docs[id.0 as usize].clone());
        let doc = Document::reusing(name.to_string(), text.into(), previous.as_deref());
        self.put(Arc::new(doc))
    }

    /// Adds or replaces many documents at once, parsing them on every core: how a workspace is
    /// loaded. Returns their ids in the order given.
    pub fn set_many(&mut self, items: Vec<(String, Arc<str>)>) -> Vec<DocId> {
        parse_many(items).into_iter().map(|doc| self.put(doc)).collect()
    }

    /// Puts a parsed document in place of the one with its name, or adds it.
    pub fn put(&mut self, doc: Arc<Document>) -> DocId {
        self.revision += 1;
        if let Some(&id) = self.ids.get(&doc.name) {
            if let Some(previous) = self.docs[id.0 as usize].take() {
                self.unindex(id, &previous);
            }
            self.index(id, &doc);
            self.docs[id.0 as usize] = Some(doc);
            return id;
        }
        let id = match self.free.pop() {
            Some(id) => id,
            None => {
                self.docs.push(None);
                DocId((self.docs.len() - 1) as u32)
            }
        };
        self.ids.insert(doc.name.clone(), id);
        self.index(id, &doc);
        self.docs[id.0 as usize] = Some(doc);
        id
    }

    /// Removes a document; its id may be reused later.
    pub fn remove(&mut self, name: &str) -> Option<DocId> {
        let id = self.ids.remove(name)?;
        self.revision += 1;
        if let Some(doc) = self.docs[id.0 as usize].take() {
            self.unindex(id, &doc);
        }
        self.free.push(id);
        Some(id)
    }

    fn index(&mut self, id: DocId, doc: &Document) {
        let members = self.folders.entry(doc.folder().to_string()).or_default();
        if let Err(at) = members.binary_search(&id) {
            members.insert(at, id);
        }
        for (block, print) in doc.prints.iter().enumerate() {
            let Some(print) = print else { continue };
            for &hash in print.sketch() {
                let postings = self.sketches.entry(hash).or_default();
                let paragraph = ParagraphRef { doc: id, block: block as u32 };
                // A sketch holds each hash once, but a paragraph may repeat; keep one posting.
                if postings.last() != Some(&paragraph) {
                    postings.push(paragraph);
                }
            }
        }
    }

    fn unindex(&mut self, id: DocId, doc: &Document) {
        if let Some(members) = self.folders.get_mut(doc.folder()) {
            members.retain(|&m| m != id);
            if members.is_empty() {
                self.folders.remove(doc.folder());
            }
        }
        for print in doc.prints.iter().flatten() {
            for hash in print.sketch() {
                if let Some(postings) = self.sketches.get_mut(hash) {
                    postings.retain(|p| p.doc != id);
                    if postings.is_empty() {
                        self.sketches.remove(hash);
                    }
                }
            }
        }
    }

    /// Paragraphs whose sketch shares hashes with `print`'s: at least two, or one when `print`
    /// is too short to have four. Requiring two shared hashes keeps out paragraphs that merely
    /// share one stock phrase, while copies share most of their sketch. Hashes held by more than
    /// `max_postings` paragraphs are stock phrases, not evidence, and are passed over.
    pub fn sketch_candidates(&self, print: &Print, max_postings: usize) -> Vec<ParagraphRef> {
        let sketch = print.sketch();
        let min_shared = if sketch.len() < 4 { 1 } else { 2 };
        let mut hits: Vec<ParagraphRef> = Vec::new();
        for hash in sketch {
            if let Some(postings) = self.sketches.get(hash) {
                if postings.len() <= max_postings {
                    hits.extend_from_slice(postings);
                }
            }
        }
        hits.sort_unstable();
        let mut out = Vec::new();
        for run in hits.chunk_by(|a, b| a == b) {
            if run.len() >= min_shared {
                out.push(run[0]);
            }
        }
        out
    }

    /// Whether two documents belong to one story under `scope`.
    pub fn same_story(&self, a: DocId, b: DocId, scope: Scope) -> bool {
        if a == b {
            return true;
        }
        match (scope, self.get(a), self.get(b)) {
            (_, None, _) | (_, _, None) | (Scope::File, _, _) => false,
            (Scope::Folder, Some(a), Some(b)) => a.folder() == b.folder(),
            (Scope::Workspace, _, _) => true,
        }
    }

    /// The revision of the workspace's contents (see the field).
    pub fn revision(&self) -> u64 {
        self.revision
    }

    pub fn id(&self, name: &str) -> Option<DocId> {
        self.ids.get(name).copied()
    }

    /// The document behind an id. Ids come from this workspace, so a missing one is a bug in the
    /// caller; it panics rather than inventing a document.
    pub fn doc(&self, id: DocId) -> &Document {
        self.get(id).expect("DocId from this workspace")
    }

    pub fn get(&self, id: DocId) -> Option<&Document> {
        self.docs.get(id.0 as usize).and_then(|d| d.as_deref())
    }

    pub fn ids(&self) -> impl Iterator<Item = DocId> + '_ {
        self.docs.iter().enumerate().filter(|(_, d)| d.is_some()).map(|(i, _)| DocId(i as u32))
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The other documents of `doc`'s story under `scope`, in id order.
    pub fn peers(&self, doc: DocId, scope: Scope) -> Vec<DocId> {
        let Some(this) = self.get(doc) else { return Vec::new() };
        match scope {
            Scope::File => Vec::new(),
            Scope::Folder => {
                let members = self.folders.get(this.folder()).map_or(&[][..], Vec::as_slice);
                members.iter().copied().filter(|&id| id != doc).collect()
            }
            Scope::Workspace => self.ids().filter(|&id| id != doc).collect(),
        }
    }

    /// Runs `f` with the check context of a document: its story's peers under the configured
    /// scope. A document not in the workspace gets `T::default()`.
    fn with_context<T: Default>(&self, doc: DocId, config: &Config, f: impl FnOnce(&CheckContext<'_>) -> T) -> T {
        if self.get(doc).is_none() {
            return T::default();
        }
        let peers = self.peers(doc, config.scope);
        f(&CheckContext { workspace: self, doc, peers: &peers, config })
    }

    /// Every finding for one document under a configuration.
    pub fn check(&self, doc: DocId, config: &Config) -> Vec<Finding> {
        self.with_context(doc, config, checks::run_all)
    }

    /// What the checks know about the text at `offset` of a document (see [`checks::Check::info`]).
    pub fn info(&self, doc: DocId, offset: usize, config: &Config) -> Vec<checks::Info> {
        self.with_context(doc, config, |cx| checks::info_all(cx, offset))
    }

    /// Inline labels of a document (see [`checks::Check::annotations`]).
    pub fn annotations(&self, doc: DocId, config: &Config) -> Vec<checks::Annotation> {
        self.with_context(doc, config, checks::annotations_all)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_replaces_and_remove_frees() {
        let mut ws = Workspace::new();
        let a = ws.set("story/a.txt", "A");
        let b = ws.set("story/b.txt", "B");
        assert_eq!(ws.set("story/a.txt", "A2"), a);
        assert_eq!(&*ws.doc(a).text, "A2");
        assert_eq!(ws.remove("story/a.txt"), Some(a));
        assert!(ws.get(a).is_none());
        assert_eq!(ws.len(), 1);
        let c = ws.set("other/c.txt", "C");
        assert_eq!(c, a, "freed ids are reused");
        assert_eq!(ws.peers(b, Scope::Folder), Vec::<DocId>::new());
        assert_eq!(ws.peers(b, Scope::Workspace), vec![c]);
        assert_eq!(ws.peers(b, Scope::File), Vec::<DocId>::new());
    }

    #[test]
    fn set_many_equals_one_by_one() {
        let items: Vec<(String, Arc<str>)> = (0..50)
            .map(|i| (format!("s{}/a{i}.txt", i % 7), Arc::from(format!("Head {i}\n\nBody {i} of the story.\n"))))
            .collect();
        let mut many = Workspace::new();
        let ids = many.set_many(items.clone());
        let mut one = Workspace::new();
        for ((name, text), id) in items.iter().zip(&ids) {
            assert_eq!(one.set(name, text.clone()), *id);
            assert_eq!(many.doc(*id).name, *name);
        }
        for id in one.ids() {
            assert_eq!(one.peers(id, Scope::Folder), many.peers(id, Scope::Folder));
        }
    }

    #[test]
    fn folder_scope_groups_by_parent() {
        let mut ws = Workspace::new();
        let a = ws.set("/w/story/a.txt", "");
        let b = ws.set("/w/story/b.txt", "");
        let _c = ws.set("/w/other/c.txt", "");
        assert_eq!(ws.peers(a, Scope::Folder), vec![b]);
    }

    #[test]
    fn lines_follow_lsp_line_breaks() {
        let doc = Document::new("x".into(), "a\r\nb\rc\nd".into());
        assert_eq!(doc.line_count(), 4);
        assert_eq!(doc.line_of(0), 1);
        assert_eq!(doc.line_of(3), 2);
        assert_eq!(doc.line_of(5), 3);
        assert_eq!(doc.line_of(7), 4);
        assert_eq!(doc.line_span(1), 0..1);
        assert_eq!(doc.line_span(4), 7..8);
        assert_eq!(Document::new("x".into(), "Café 😀 x".into()).line_col(11), (1, 8));
    }
}
