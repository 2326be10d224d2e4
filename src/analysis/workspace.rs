//! The set of articles under check and the story each belongs to.
//!
//! A document is known by its name: a file path for files, the URI for editor buffers that have
//! no path. The name decides the story: with [`Scope::Folder`] the documents whose names share a
//! parent folder are checked against each other. Parsing happens once per text change, so
//! checks read a ready [`Article`].

use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::analysis::article::{Article, BlockKind, Changed, Previous};
use crate::analysis::checks::{self, CheckContext};
use crate::analysis::fingerprint::Print;
use crate::analysis::par;
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
    /// For each block, the index of the identical block of the version this one was made from
    /// ([`Document::reusing`]), if there was one: what the per-block results can be carried by.
    pub carried_from: Vec<Option<u32>>,
    /// The serial of that version.
    pub previous_serial: Option<u64>,
    /// Where this version differs from that one.
    pub changed: Option<Changed>,
    /// From the hash of a block's text to its index: how the next version finds its unchanged
    /// blocks when it cannot tell them from where the text changed ([`Previous`]); built then.
    block_index: std::sync::OnceLock<FxHashMap<u64, u32>>,
    /// The names of each block, scanned the first time a check asks (see [`PerBlock`]).
    name_blocks: PerBlock<crate::analysis::names::Scan>,
    /// The figures of each block, extracted the first time a check asks.
    figure_blocks: PerBlock<Vec<crate::analysis::figures::Figure>>,
    /// The figures of the article with offsets into the whole text (see [`Document::figures`]).
    figures: std::sync::OnceLock<Vec<crate::analysis::figures::Figure>>,
    line_starts: Vec<usize>,
}

/// Results computed block by block, each with offsets relative to the start of its block
/// (`Block::span.start`) so that it stays true wherever the block moves. A new version of a
/// document is seeded with the results of the previous version for the blocks it left unchanged,
/// so that an edit recomputes only the block it touched; a new text is computed on every core.
#[derive(Debug)]
pub struct PerBlock<T> {
    seed: std::sync::Mutex<Vec<Option<Arc<T>>>>,
    done: std::sync::OnceLock<Vec<Option<Arc<T>>>>,
}

impl<T: Send + Sync> PerBlock<T> {
    fn carried(previous: Option<&PerBlock<T>>, carried_from: &[Option<u32>]) -> PerBlock<T> {
        let seed = match previous.and_then(|p| p.done.get()) {
            Some(old) => carried_from.iter().map(|from| from.and_then(|i| old.get(i as usize)?.clone())).collect(),
            None => Vec::new(),
        };
        PerBlock { seed: std::sync::Mutex::new(seed), done: std::sync::OnceLock::new() }
    }

    /// The result of every block, computing those not carried over with `compute(block index)`
    /// (which returns `None` for blocks it has nothing for).
    pub fn get(&self, blocks: usize, compute: impl Fn(usize) -> Option<T> + Sync) -> &[Option<Arc<T>>] {
        self.done.get_or_init(|| {
            let seed = std::mem::take(&mut *self.seed.lock().unwrap_or_else(|e| e.into_inner()));
            let missing = (0..blocks).filter(|&i| seed.get(i).is_none_or(Option::is_none)).count();
            let one = |i: usize| match seed.get(i) {
                Some(Some(done)) => Some(done.clone()),
                _ => compute(i).map(Arc::new),
            };
            par::map_if(missing >= par::MIN_ITEMS, blocks, one)
        })
    }
}

impl Document {
    pub fn new(name: String, text: Arc<str>) -> Document {
        Document::reusing(name, text, None)
    }

    /// Builds a document, taking what was computed per block for the unchanged blocks of the
    /// previous version (fingerprints, names, figures): an edit recomputes only the block it
    /// touched.
    pub fn reusing(name: String, text: Arc<str>, previous: Option<&Document>) -> Document {
        let changed = previous.map(|p| Changed::between(p.text.as_bytes(), text.as_bytes()));
        let parsed = Article::parse_reusing(
            &text,
            previous.map(|p| Previous { text: &p.text, article: &p.article, index: &p.block_index, changed }),
        );
        let (article, carried_from) = (parsed.article, parsed.carried_from);
        // Fingerprints of the headline and body paragraphs; those of a new text on every core.
        let prose = |i: usize| matches!(article.blocks[i].kind, BlockKind::Headline | BlockKind::Body);
        let missing = (0..article.blocks.len()).filter(|&i| prose(i) && carried_from[i].is_none()).count();
        let prints = par::map_if(missing >= par::MIN_ITEMS, article.blocks.len(), |i| {
            if !prose(i) {
                return None;
            }
            if let Some(print) = carried_from[i].and_then(|from| previous?.prints.get(from as usize)?.clone()) {
                return Some(print);
            }
            Some(Arc::new(Print::of(&text[article.blocks[i].text_span.clone()])))
        });
        let line_starts = match previous.zip(changed) {
            Some((previous, changed)) => line_starts_after(&text, &previous.line_starts, changed),
            None => line_starts_in(&text, 0, text.len()),
        };
        static SERIAL: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let serial = SERIAL.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Document {
            name,
            text,
            name_blocks: PerBlock::carried(previous.map(|p| &p.name_blocks), &carried_from),
            figure_blocks: PerBlock::carried(previous.map(|p| &p.figure_blocks), &carried_from),
            previous_serial: previous.map(|p| p.serial),
            changed,
            carried_from,
            block_index: std::sync::OnceLock::new(),
            article,
            prints,
            serial,
            figures: std::sync::OnceLock::new(),
            line_starts,
        }
    }

    /// The names of each block ([`crate::analysis::names::Scan::of_block`]), aligned with
    /// `article.blocks`: scanned the first time a check asks, and carried over to the next
    /// version for the blocks it leaves unchanged.
    pub fn name_blocks(&self) -> &[Option<Arc<crate::analysis::names::Scan>>] {
        self.name_blocks.get(self.article.blocks.len(), |i| {
            crate::analysis::names::Scan::of_block(&self.text, &self.article.blocks[i])
        })
    }

    /// The figures of each block ([`crate::analysis::figures::extract_block`], offsets relative
    /// to the block's start), aligned with `article.blocks`: extracted the first time a check
    /// asks, kept with this version of the text and carried over to the next version for the
    /// blocks it leaves unchanged. Every check of a story reads the figures of all its articles,
    /// so without the cache a story of n articles would extract n² times; `figure-conflict` reads
    /// them here, in place, rather than through [`Document::figures`], which would copy every
    /// figure of a long text at every keystroke.
    pub fn figure_blocks(&self) -> &[Option<Arc<Vec<crate::analysis::figures::Figure>>>] {
        self.figure_blocks.get(self.article.blocks.len(), |i| {
            crate::analysis::figures::extract_block(&self.text, &self.article.blocks[i])
        })
    }

    /// The figures of the article with offsets into the whole text, as
    /// [`crate::analysis::figures::extract`] gives them: [`Document::figure_blocks`] shifted into
    /// one list, made the first time someone asks.
    pub fn figures(&self) -> &[crate::analysis::figures::Figure] {
        self.figures.get_or_init(|| {
            let blocks = self.figure_blocks();
            let mut all = Vec::new();
            for (block, figures) in self.article.blocks.iter().zip(blocks) {
                for figure in figures.iter().flat_map(|f| f.iter()) {
                    let mut figure = figure.clone();
                    figure.shift(block.span.start);
                    all.push(figure);
                }
            }
            all
        })
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

/// Where lines start among the bytes `from..to` of `text`, as in LSP: `\n`, `\r\n` and a
/// lone `\r` each end a line. The start of the text counts when `from` is 0.
fn line_starts_in(text: &str, from: usize, to: usize) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = if from == 0 { vec![0] } else { Vec::new() };
    // A line starts after a line break, except between the two bytes of `\r\n`.
    let breaks_from = from.saturating_sub(1);
    for i in memchr::memchr2_iter(b'\n', b'\r', &bytes[breaks_from..to.min(bytes.len())]) {
        let i = breaks_from + i;
        if i + 1 >= from.max(1) && (bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n')) {
            starts.push(i + 1);
        }
    }
    starts
}

/// The line starts of a text made from one whose line starts were `before` by `changed`: a
/// line start depends on the byte before it and its own, so those before the change are as
/// they were, those after it moved, and only the changed bytes are read.
fn line_starts_after(text: &str, before: &[usize], changed: Changed) -> Vec<usize> {
    let kept = before.partition_point(|&start| start < changed.start);
    let delta = changed.new_end as isize - changed.old_end as isize;
    let moved = before.partition_point(|&start| start <= changed.old_end);
    let mut starts = Vec::with_capacity(kept + (before.len() - moved) + 16);
    starts.extend_from_slice(&before[..kept]);
    starts.extend(line_starts_in(text, changed.start, changed.new_end));
    starts.extend(before[moved..].iter().map(|&start| start.wrapping_add_signed(delta)));
    starts
}

/// Parses documents on every core, without touching any workspace: a server can parse a whole
/// folder without holding the lock its handlers need, then [`Workspace::put`] the results.
pub fn parse_many(items: Vec<(String, Arc<str>)>) -> Vec<Arc<Document>> {
    // A whole document is worth a thread from two on.
    par::map_if(items.len() > 1, items.len(), |i| {
        let (name, text) = &items[i];
        Arc::new(Document::new(name.clone(), text.clone()))
    })
}

/// A paragraph of the workspace: a document and the index of one of its blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ParagraphRef {
    pub doc: DocId,
    pub block: u32,
}

/// The paragraphs that hold one sketch hash. Most hashes are held by one paragraph, or by a
/// paragraph and its copy: those are kept in place, so that indexing a long new text does not
/// allocate once per hash (27,000 for the 1 MB bench article).
type Postings = smallvec::SmallVec<[ParagraphRef; 2]>;

/// The documents under check, and an index from paragraph sketches to paragraphs.
#[derive(Debug, Default)]
pub struct Workspace {
    docs: Vec<Option<Arc<Document>>>,
    ids: FxHashMap<String, DocId>,
    free: Vec<DocId>,
    /// Sketch hash (see [`Print::sketch`]) to the paragraphs whose sketch holds it.
    sketches: FxHashMap<u64, Postings>,
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

    /// Adds a document or replaces the text of the one with that name. The same text again
    /// changes nothing: the document keeps its version, and everything computed from it stays
    /// valid (a buffer reopened, a file saved or closed as it is on disk).
    pub fn set(&mut self, name: &str, text: impl Into<Arc<str>>) -> DocId {
        let text = text.into();
        let id = self.ids.get(name).copied();
        let previous = id.and_then(|id| self.docs[id.0 as usize].clone());
        if let (Some(id), Some(doc)) = (id, &previous) {
            if doc.text == text {
                return id;
            }
        }
        let doc = Document::reusing(name.to_string(), text, previous.as_deref());
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
            match self.docs[id.0 as usize].take() {
                // Same folder: only the paragraphs whose fingerprint changed at their index move
                // in the sketch index, so a keystroke touches one paragraph's postings.
                Some(previous) if previous.folder() == doc.folder() => self.reindex(id, &previous, &doc),
                Some(previous) => {
                    self.unindex(id, &previous);
                    self.index(id, &doc);
                }
                None => self.index(id, &doc),
            }
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
        // Stories of names kept for later checks hold the document's scans and mentions.
        crate::analysis::names::forget(id);
        self.free.push(id);
        Some(id)
    }

    fn index(&mut self, id: DocId, doc: &Document) {
        let members = self.folders.entry(doc.folder().to_string()).or_default();
        if let Err(at) = members.binary_search(&id) {
            members.insert(at, id);
        }
        // Room for every hash of the document at once rather than growing the table step by
        // step as a long text's paragraphs come in.
        self.sketches.reserve(doc.prints.iter().flatten().map(|print| print.sketch().len()).sum());
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

    /// Updates the sketch index from `old` to `new`, two versions of document `id` in one
    /// folder, block by block: a block keeps its postings when the same fingerprint sits at the
    /// same index.
    fn reindex(&mut self, id: DocId, old: &Document, new: &Document) {
        let none = None;
        for block in 0..old.prints.len().max(new.prints.len()) {
            let before = old.prints.get(block).unwrap_or(&none);
            let after = new.prints.get(block).unwrap_or(&none);
            match (before, after) {
                (Some(a), Some(b)) if Arc::ptr_eq(a, b) => continue,
                (None, None) => continue,
                _ => {}
            }
            let paragraph = ParagraphRef { doc: id, block: block as u32 };
            for hash in before.iter().flat_map(|print| print.sketch()) {
                if let Some(postings) = self.sketches.get_mut(hash) {
                    postings.retain(|p| *p != paragraph);
                    if postings.is_empty() {
                        self.sketches.remove(hash);
                    }
                }
            }
            for &hash in after.iter().flat_map(|print| print.sketch()) {
                let postings = self.sketches.entry(hash).or_default();
                if !postings.contains(&paragraph) {
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

    /// The document, shared: what keeps a version alive (and its drop elsewhere) after the
    /// workspace moves on.
    pub fn shared(&self, id: DocId) -> Option<Arc<Document>> {
        self.docs.get(id.0 as usize)?.clone()
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

    proptest::proptest! {
        /// After any edit, the line starts worked out from the previous version's are those of
        /// the new text read from scratch, whatever line breaks the edit splits or joins.
        #[test]
        fn line_starts_after_an_edit_are_those_of_the_text(
            base in proptest::collection::vec(proptest::sample::select(vec!["a", "é", "\r", "\n", "\r\n", "\n\n"]), 0..40),
            at in 0usize..40,
            cut in 0usize..6,
            put in proptest::collection::vec(proptest::sample::select(vec!["b", "\r", "\n", "\r\n"]), 0..4),
        ) {
            let old: String = base.concat();
            let boundaries: Vec<usize> = (0..=old.len()).filter(|&i| old.is_char_boundary(i)).collect();
            let start = boundaries[at % boundaries.len()];
            let end = boundaries[(at % boundaries.len() + cut).min(boundaries.len() - 1)];
            let new = format!("{}{}{}", &old[..start], put.concat(), &old[end..]);
            let before = Document::new("a.txt".into(), old.as_str().into());
            let after = Document::reusing("a.txt".into(), new.as_str().into(), Some(&before));
            let fresh = Document::new("a.txt".into(), new.as_str().into());
            proptest::prop_assert_eq!(&after.line_starts, &fresh.line_starts, "{:?} -> {:?}", old, new);
        }

        /// The change between two texts leaves out exactly their longest common prefix, then
        /// the longest common suffix of what remains.
        #[test]
        fn changed_leaves_out_the_common_prefix_and_suffix(
            base in proptest::collection::vec(0u8..3, 0..12000),
            at in 0usize..12000,
            cut in 0usize..600,
            put in proptest::collection::vec(0u8..3, 0..600),
        ) {
            let at = at.min(base.len());
            let cut = cut.min(base.len() - at);
            let mut new = base[..at].to_vec();
            new.extend(&put);
            new.extend(&base[at + cut..]);
            let changed = Changed::between(&base, &new);
            let prefix = base.iter().zip(&new).take_while(|(a, b)| a == b).count();
            let room = base.len().min(new.len()) - prefix;
            let suffix = base.iter().rev().zip(new.iter().rev()).take(room).take_while(|(a, b)| a == b).count();
            proptest::prop_assert_eq!(
                changed,
                Changed { start: prefix, old_end: base.len() - suffix, new_end: new.len() - suffix }
            );
        }
    }

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
    fn the_same_text_again_keeps_the_version() {
        let mut ws = Workspace::new();
        let a = ws.set("story/a.txt", "Headline\n\nSergey Lavrov said 80 people were killed.\n");
        let (serial, revision) = (ws.doc(a).serial, ws.revision());
        let same = String::from("Headline\n\nSergey Lavrov said 80 people were killed.\n");
        assert_eq!(ws.set("story/a.txt", same), a);
        assert_eq!((ws.doc(a).serial, ws.revision()), (serial, revision), "nothing changed");
        ws.set("story/a.txt", "Headline\n\nSergey Lavrov said 87 people were killed.\n");
        assert_ne!(ws.doc(a).serial, serial);
        assert!(ws.revision() > revision);
        assert!(ws.doc(a).text.contains("87"));
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

    /// An edit recomputes only the block it touched; the results equal those of a fresh parse.
    #[test]
    fn per_block_results_carry_over_unchanged_blocks() {
        let before = "Headline here\n\nFirst paragraph: Sergey Lavrov said 80 people died.\n\n\
                      Second: President Trump said 87 people died.\n\nThird: Lavrov again, 300 injured.\n";
        let after = before.replace("Second:", "Second, edited:");
        let mut ws = Workspace::new();
        let id = ws.set("s/a.txt", before);
        let old_names: Vec<_> = ws.doc(id).name_blocks().to_vec();
        let _ = ws.doc(id).figures();
        ws.set("s/a.txt", after.as_str());
        let doc = ws.doc(id);
        assert_eq!(doc.carried_from, vec![Some(0), Some(1), None, Some(3)]);
        let new_names = doc.name_blocks();
        assert!(Arc::ptr_eq(new_names[1].as_ref().unwrap(), old_names[1].as_ref().unwrap()));
        assert!(Arc::ptr_eq(new_names[3].as_ref().unwrap(), old_names[3].as_ref().unwrap()));
        assert!(!Arc::ptr_eq(new_names[2].as_ref().unwrap(), old_names[2].as_ref().unwrap()));
        let fresh = Document::new("s/a.txt".into(), after.as_str().into());
        assert_eq!(doc.figures(), fresh.figures());
        assert_eq!(doc.figures(), crate::analysis::figures::extract(&after, &fresh.article));
        assert_eq!(doc.figures().len(), 3);
        assert_eq!(
            crate::analysis::names::mentions(&after, &doc.article),
            crate::analysis::names::mentions(&after, &fresh.article)
        );
    }

    /// The sketch index after edits (moved, added, removed and repeated paragraphs) equals the
    /// index of the same texts set from scratch.
    #[test]
    fn sketch_index_follows_edits() {
        fn postings(ws: &Workspace) -> Vec<(u64, Vec<ParagraphRef>)> {
            let mut all: Vec<(u64, Vec<ParagraphRef>)> = ws
                .sketches
                .iter()
                .map(|(&hash, postings)| {
                    let mut postings = postings.to_vec();
                    postings.sort();
                    (hash, postings)
                })
                .collect();
            all.sort();
            all
        }
        let para =
            |i: usize| format!("Paragraph {i} says that the talks in the capital went on for many long hours today.");
        let versions: Vec<String> = vec![
            (0..6).map(para).collect::<Vec<_>>().join("\n\n"),
            [para(0), para(1), para(9), para(3), para(4), para(5)].join("\n\n"),
            [para(0), para(1), para(9), para(9), para(4)].join("\n\n"),
            [para(7), para(0), para(1), para(9), para(9), para(4), para(8)].join("\n\n"),
            para(1),
        ];
        let mut ws = Workspace::new();
        ws.set("s/b.txt", para(9).as_str());
        for text in &versions {
            ws.set("s/a.txt", text.as_str());
            let mut fresh = Workspace::new();
            fresh.set("s/b.txt", para(9).as_str());
            fresh.set("s/a.txt", text.as_str());
            assert_eq!(postings(&ws), postings(&fresh), "{text}");
        }
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
