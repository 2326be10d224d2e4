//! `copydesk lsp`: the language server.
//!
//! This module is the only one that knows JSON-RPC, URIs, versions, position encodings and
//! debouncing. Each handler converts from the protocol, asks [`crate::analysis`], and converts
//! back ([`position`], [`to_proto`]).
//!
//! Ordering: tower-lsp-server polls handlers concurrently, but it creates and first polls their
//! futures in arrival order. Every handler that changes state therefore does all of its state
//! changes synchronously, under one `std::sync::Mutex`, before its first `.await`. Edits are
//! applied to the document's rope in exactly the order the client sent them.
//!
//! Staleness: each open document carries a generation that every change bumps. A debounced
//! analysis remembers the generation it was scheduled for and gives up if a newer one exists, and
//! every published diagnostic carries the document version it was computed from.

pub mod position;
pub mod publish;
pub mod to_proto;
pub mod transport;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use ropey::Rope;
use rustc_hash::FxHashMap;
use tower_lsp_server::jsonrpc::{Error as RpcError, Result as RpcResult};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer, LspService, Server};

use crate::analysis::{names, par, CheckId, DocId, Finding, Workspace};
use crate::config::{Config, PartialConfig, CONFIG_FILE};
use crate::files;
use position::Encoding;

/// Runs the server on stdin/stdout until `exit` or the end of input. Returns the process exit
/// code the specification asks for: 0 after `shutdown`, 1 otherwise.
pub async fn run_stdio() -> i32 {
    let shared = Arc::new(Mutex::new(State::default()));
    let state = shared.clone();
    // stdin -> vetting pump -> server -> output pump -> writing thread -> stdout (see
    // `transport`). The vetting pump's error replies and the server's diagnostics go to the
    // writing thread directly.
    let (server_in, to_server) = tokio::io::duplex(1 << 20);
    let (server_out, from_server) = tokio::io::duplex(1 << 20);
    let (output, written) = match transport::Output::start(std::io::stdout()) {
        Ok(started) => started,
        Err(err) => {
            tracing::error!("cannot start the thread that writes to stdout: {err}");
            return 1;
        }
    };
    let outbox = output.clone();
    let stash = transport::Stash::default();
    let texts = stash.clone();
    let (service, socket) = LspService::new(move |client| Backend {
        client,
        outbox,
        texts,
        state,
        publishing: Arc::new(tokio::sync::Mutex::new(())),
        reconfiguring: Arc::new(tokio::sync::Mutex::new(())),
        settings_turns: Arc::new(Turns::default()),
        configured: Arc::new(tokio::sync::watch::channel(false).0),
    });
    let input = tokio::spawn(transport::pump_input(tokio::io::stdin(), to_server, output.clone(), stash));
    let pump = tokio::spawn(transport::pump_output(from_server, output.clone()));
    Server::new(server_in, server_out, socket).serve(service).await;
    // The server's ends of the pipes are dropped: the output pump passes on the last frames and
    // stops; the writing thread writes all it was sent, unless the editor stopped reading.
    let _ = tokio::time::timeout(Duration::from_secs(5), pump).await;
    output.end();
    let _ = tokio::time::timeout(Duration::from_secs(5), tokio::task::spawn_blocking(move || written.join())).await;
    input.abort();
    let shut_down = lock(&shared).shut_down;
    if shut_down {
        0
    } else {
        1
    }
}

/// The command behind "Accept both spellings": records the two spellings in `.copydesk.toml`.
pub const ACCEPT_SPELLINGS: &str = "copydesk.acceptSpellings";
/// Workspace symbol answers stop here; the editor filters further as the user types.
const MAX_WORKSPACE_SYMBOLS: usize = 500;

/// A buffer the editor has open.
#[derive(Debug)]
struct OpenDoc {
    uri: Uri,
    rope: Rope,
    version: i32,
    /// Bumped by every change; a debounced analysis runs only if it is still current.
    generation: u64,
    /// The generation whose analysis is scheduled and has not run yet: a refresh of every
    /// open document leaves it to that analysis rather than publishing before its debounce.
    scheduled: Option<u64>,
    /// The findings last published for this buffer, to republish only what changed, and
    /// their diagnostics, for the next publish to take those an edit left alone.
    published: Option<publish::Published>,
    /// The findings at (workspace revision, configuration revision), for hovers and code
    /// actions, which editors request on every cursor move.
    cache: Option<(u64, u64, Arc<Vec<Finding>>)>,
}

#[derive(Debug, Default)]
struct State {
    encoding: Option<Encoding>,
    /// Pull diagnostics when the client asked for them; push otherwise.
    pull: bool,
    can_register_watchers: bool,
    can_register_configuration: bool,
    can_ask_configuration: bool,
    can_show_progress: bool,
    can_refresh_diagnostics: bool,
    roots: Vec<PathBuf>,
    /// `initializationOptions`.
    init_layer: PartialConfig,
    /// The latest settings from `workspace/didChangeConfiguration` or `workspace/configuration`;
    /// empty settings clear it.
    settings_layer: PartialConfig,
    file_layer: PartialConfig,
    config: Config,
    workspace: Workspace,
    /// Open buffers by document name.
    open: FxHashMap<String, OpenDoc>,
    /// Errors found during `initialize`, when the client may not be shown messages yet.
    pending_errors: Vec<String>,
    config_revision: u64,
    /// Bumped whenever a buffer opens or closes, which can change the URI a document is known
    /// by in related locations (see [`publish::publish`]).
    uris: u64,
    shut_down: bool,
    /// What an edit replaced (the previous version of the document, the findings last
    /// published): freed by the analysis task once its diagnostics are out, since freeing the
    /// tables of a long article costs a good part of a keystroke.
    retired: Vec<Box<dyn std::any::Any + Send + Sync>>,
}

impl State {
    fn encoding(&self) -> Encoding {
        self.encoding.unwrap_or(Encoding::Utf16)
    }

    fn rebuild_config(&mut self) {
        self.config = Config::layered([&self.init_layer, &self.settings_layer, &self.file_layer]);
        self.config_revision += 1;
    }

    /// Hands the buffer's current text to the workspace (`didChange` does, at every change).
    fn take_text(&mut self, name: &str) {
        let Some(doc) = self.open.get(name) else { return };
        let started = Instant::now();
        let text = text_of(&doc.rope);
        let copied = started.elapsed();
        if let Some(previous) = self.workspace.id(name).and_then(|id| self.workspace.shared(id)) {
            // Freed after the next publish; with pulled diagnostics nothing publishes, and a
            // few versions wait at most.
            if self.retired.len() >= MAX_RETIRED {
                self.retired.clear();
            }
            self.retired.push(Box::new(previous));
        }
        self.workspace.set(name, text);
        tracing::debug!("synced {name}: copied the text in {copied:?}, parsed in {:?}", started.elapsed() - copied);
    }

    /// The workspace's id of an open buffer, which holds its current text.
    fn open_id(&self, name: &str) -> Option<DocId> {
        self.open.get(name)?;
        self.workspace.id(name)
    }

    fn uri_of(&self, id: DocId) -> Option<Uri> {
        let name = &self.workspace.get(id)?.name;
        match self.open.get(name) {
            Some(open) => Some(open.uri.clone()),
            None => Uri::from_file_path(Path::new(name)),
        }
    }

    /// Findings of an open buffer at its current text.
    fn findings(&mut self, name: &str) -> Option<(DocId, Arc<Vec<Finding>>)> {
        let id = self.open_id(name)?;
        let key = (self.workspace.revision(), self.config_revision);
        if let Some((workspace, config, findings)) = &self.open.get(name)?.cache {
            if (*workspace, *config) == key {
                return Some((id, findings.clone()));
            }
        }
        let findings = Arc::new(self.workspace.check(id, &self.config));
        self.open.get_mut(name)?.cache = Some((key.0, key.1, findings.clone()));
        Some((id, findings))
    }

    /// Diagnostics to push for an open document whose findings changed since the last push, and
    /// for the open documents of its story, whose cross-file findings may have changed with it.
    fn collect_publishes(&mut self, name: &str, force: bool) -> Vec<(Uri, Vec<publish::Piece>, i32)> {
        let Some(id) = self.open_id(name) else { return Vec::new() };
        let (mut checked, mut converted) = (Duration::ZERO, Duration::ZERO);
        let (mut reused, mut total) = (0, 0);
        let mut names = vec![name.to_string()];
        for peer in self.workspace.peers(id, self.config.scope) {
            let peer_name = &self.workspace.doc(peer).name;
            if self.open.contains_key(peer_name) {
                names.push(peer_name.clone());
            }
        }
        let mut out = Vec::new();
        for (i, name) in names.iter().enumerate() {
            let at = Instant::now();
            let Some((id, findings)) = self.findings(name) else { continue };
            checked += at.elapsed();
            let open = &self.open[name];
            let changed = open.published.as_ref().map(|p| &p.findings) != Some(&findings);
            if !(changed || (force && i == 0)) {
                continue;
            }
            let at = Instant::now();
            let uri_of = |id| self.uri_of(id);
            let made = publish::publish(
                &self.workspace,
                id,
                findings,
                open.published.as_ref(),
                self.encoding(),
                self.uris,
                &uri_of,
            );
            let published = match made {
                Ok((published, taken)) => {
                    reused += taken;
                    total += published.pieces.len();
                    published
                }
                Err(err) => {
                    tracing::error!("cannot serialise diagnostics for {name}: {err}");
                    continue;
                }
            };
            converted += at.elapsed();
            out.push((open.uri.clone(), published.pieces.clone(), open.version));
            let replaced = self.open.get_mut(name).expect("open doc").published.replace(published);
            if let Some(replaced) = replaced {
                self.retired.push(Box::new(replaced));
            }
        }
        tracing::debug!(
            "analysed {name}: checks {checked:?}, conversion {converted:?} \
             ({reused} of {total} diagnostics as published before)"
        );
        out
    }

    /// Pull reports stay valid while no document and no setting changes: findings can depend on
    /// any article of the story.
    fn result_id(&self) -> String {
        format!("{}:{}", self.workspace.revision(), self.config_revision)
    }

    fn diagnostics_of(&self, id: DocId) -> Vec<Diagnostic> {
        self.to_diagnostics(&self.workspace.check(id, &self.config))
    }

    /// The findings as diagnostics, converted on every core when there are many: the UTF-16
    /// columns of a long article's findings and of all their related locations take a good part
    /// of a keystroke.
    fn to_diagnostics(&self, findings: &[Finding]) -> Vec<Diagnostic> {
        let enc = self.encoding();
        let uri_of = |id| self.uri_of(id);
        par::map_if(findings.len() >= par::MIN_ITEMS, findings.len(), |i| {
            to_proto::diagnostic(&self.workspace, &findings[i], enc, &uri_of)
        })
    }
}

/// Waits until `at`. tokio's timer counts whole milliseconds and fires up to two of them late
/// (a median of one on the LSP bench), which a keystroke's diagnostics would wait on top of the
/// debounce; it wakes this task shortly before `at`, and a blocking thread sleeps on until a
/// little before `at`. Sleeping to `at` itself ended 115–240 µs late on the bench's machine (the
/// system's wake-up, then the hop back to this task, 80–100 µs of it), so the last stretch,
/// [`SPUN`] at most, is spun on the spot.
async fn debounce(at: Instant) {
    const SLACK: Duration = Duration::from_millis(2);
    if let Some(early) = at.checked_sub(SLACK).filter(|&early| early > Instant::now()) {
        tokio::time::sleep_until(early.into()).await;
    }
    let rest = at.saturating_duration_since(Instant::now()).saturating_sub(SPUN);
    if !rest.is_zero() && tokio::task::spawn_blocking(move || std::thread::sleep(rest)).await.is_err() {
        // No blocking thread to be had: the coarse timer is late, not wrong.
        tokio::time::sleep_until(at.into()).await;
    }
    while Instant::now() < at {
        std::hint::spin_loop();
    }
}

/// The end of a debounce that is spun rather than slept (see [`debounce`]).
const SPUN: Duration = Duration::from_micros(300);

/// How many replaced versions and findings wait to be freed after a publish (see
/// `State::retired`).
const MAX_RETIRED: usize = 2;

/// The text of a rope, copied chunk by chunk straight into the shared string the workspace
/// keeps: `to_string` goes through the formatting machinery and regrows its buffer, and a
/// `String` turned into an `Arc<str>` is copied once more, which on a large article cost more
/// than a keystroke's analysis.
fn text_of(rope: &Rope) -> Arc<str> {
    let mut bytes = Arc::<[u8]>::new_uninit_slice(rope.len_bytes());
    let buffer = Arc::get_mut(&mut bytes).expect("a new Arc has no other owner");
    let mut at = 0;
    for chunk in rope.chunks() {
        let to = &mut buffer[at..at + chunk.len()];
        // SAFETY: `to` is `chunk.len()` bytes of the new allocation, which `chunk` (borrowed
        // from the rope) cannot overlap; a copy of the whole chunk, not a byte at a time.
        unsafe { std::ptr::copy_nonoverlapping(chunk.as_ptr(), to.as_mut_ptr().cast::<u8>(), chunk.len()) };
        at += chunk.len();
    }
    assert_eq!(at, buffer.len(), "the chunks of a rope add up to its length");
    // SAFETY: every byte was written just above.
    let bytes = unsafe { bytes.assume_init() };
    // SAFETY: the bytes are the rope's chunks one after the other, each a `&str` that ends on a
    // character boundary, so together they are UTF-8; `str` and `[u8]` have the same layout.
    unsafe { Arc::from_raw(Arc::into_raw(bytes) as *const str) }
}

/// Turns handed out in arrival order and served in that order (see `settings_turns`).
#[derive(Debug)]
struct Turns {
    next: std::sync::atomic::AtomicU64,
    /// The turn being served.
    serving: tokio::sync::watch::Sender<u64>,
}

impl Default for Turns {
    fn default() -> Turns {
        Turns { next: Default::default(), serving: tokio::sync::watch::channel(0).0 }
    }
}

impl Turns {
    fn take(&self) -> u64 {
        self.next.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
    }

    /// Waits for `ticket`'s turn; the turn passes on when the guard drops, even in a panic.
    async fn wait(&self, ticket: u64) -> TurnGuard<'_> {
        let mut serving = self.serving.subscribe();
        // The sender lives in `self`, so the channel never closes while this waits.
        let _ = serving.wait_for(|&now| now == ticket).await;
        TurnGuard { turns: self, ticket }
    }
}

struct TurnGuard<'a> {
    turns: &'a Turns,
    ticket: u64,
}

impl Drop for TurnGuard<'_> {
    fn drop(&mut self) {
        self.turns.serving.send_replace(self.ticket + 1);
    }
}

/// Locks the state. A handler that panicked while holding the lock leaves the state as it was
/// at the panic; serving on with it beats refusing every later request.
fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Runs request work, turning a panic into an `InternalError` response for that request only.
fn guarded<T>(what: &str, work: impl FnOnce() -> T) -> RpcResult<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).map_err(|panic| {
        let detail = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        tracing::error!("{what} panicked: {detail}");
        RpcError {
            code: tower_lsp_server::jsonrpc::ErrorCode::InternalError,
            message: format!("copydesk: {what} failed: {detail}").into(),
            data: None,
        }
    })
}

/// The document name of a URI: its path for `file:` URIs, so that buffers and files on disk
/// meet under one name, and the URI itself otherwise.
fn name_of(uri: &Uri) -> String {
    if uri.scheme().as_str().eq_ignore_ascii_case("file") {
        if let Some(path) = uri.to_file_path() {
            return files::doc_name(&path);
        }
    }
    uri.as_str().to_string()
}

#[derive(Clone)]
struct Backend {
    client: Client,
    /// Frames written to stdout beside the server's own: `publishDiagnostics`, serialised
    /// straight from its parameters (see [`Backend::publish`]).
    outbox: transport::Output,
    /// The long texts the input pump took out of `didOpen` and `didChange` messages: each
    /// handler takes its texts back first.
    texts: transport::Stash,
    state: Arc<Mutex<State>>,
    /// Held from the staleness check of a publish until it is sent, so that publishes leave in
    /// the order their texts were checked: an older result can never overtake a newer one, nor
    /// the empty publish of a `didClose`.
    publishing: Arc<tokio::sync::Mutex<()>>,
    /// Serialises start-up and configuration changes, which run in tasks of their own.
    reconfiguring: Arc<tokio::sync::Mutex<()>>,
    /// `workspace/didChangeConfiguration` notifications are applied in the order they came.
    settings_turns: Arc<Turns>,
    /// Set once start-up has read the configuration: nothing is published before, so that no
    /// editor shows findings under settings that are about to change.
    configured: Arc<tokio::sync::watch::Sender<bool>>,
}

impl Backend {
    /// Schedules the analysis of an open document at `at`; it is dropped if the document
    /// changed again in the meantime.
    fn schedule(&self, name: String, at: Instant, force: bool) {
        let generation = match lock(&self.state).open.get_mut(&name) {
            Some(doc) => {
                doc.scheduled = Some(doc.generation);
                doc.generation
            }
            None => return,
        };
        let this = self.clone();
        let mut configured = self.configured.subscribe();
        tokio::spawn(async move {
            if at > Instant::now() {
                debounce(at).await;
                tracing::debug!("debounce of {name} ended {:?} late", at.elapsed());
            }
            if configured.wait_for(|&done| done).await.is_err() {
                return;
            }
            let _turn = this.publishing.lock().await;
            let publishes = {
                let mut st = lock(&this.state);
                match st.open.get_mut(&name) {
                    Some(doc) if doc.generation == generation => doc.scheduled = None,
                    _ => return,
                }
                if st.pull {
                    // The client pulls this document itself; other open articles of the story
                    // may have changed with it, and only a refresh makes the client ask again.
                    let Some(id) = st.open_id(&name) else { return };
                    let peers = st.workspace.peers(id, st.config.scope);
                    Err(peers.iter().any(|&p| st.open.contains_key(&st.workspace.doc(p).name)))
                } else {
                    Ok(st.collect_publishes(&name, force))
                }
            };
            let publishes = match publishes {
                Ok(publishes) => publishes,
                Err(peers_open) => {
                    if peers_open {
                        let _ = this.client.workspace_diagnostic_refresh().await;
                    }
                    return;
                }
            };
            for (uri, diagnostics, version) in publishes {
                this.publish(uri, diagnostics, Some(version));
            }
            // Freed on a blocking thread, which takes up to a millisecond for a long article:
            // this worker is then free at once for the next message (the server's own frames
            // go out through the output pump, a task on these workers).
            let retired = std::mem::take(&mut lock(&this.state).retired);
            tokio::task::spawn_blocking(move || {
                let started = Instant::now();
                drop(retired);
                tracing::debug!("freed what {name} replaced in {:?}", started.elapsed());
            });
        });
    }

    /// Sends `textDocument/publishDiagnostics`. The notification is put together here from
    /// the diagnostics serialised one by one ([`publish::publish`]), rather than through
    /// `Client::publish_diagnostics`, which builds a `serde_json::Value` tree first: on a large
    /// article that tree cost more than the analysis of a keystroke. Every publish takes this
    /// one path, so publishes keep their order.
    fn publish(&self, uri: Uri, pieces: Vec<publish::Piece>, version: Option<i32>) {
        let started = Instant::now();
        match publish::frame(&uri, &pieces, version) {
            Ok(frame) => {
                tracing::debug!(
                    "framed {} diagnostics for {} ({} bytes) in {:?}",
                    pieces.len(),
                    uri.as_str(),
                    frame.len(),
                    started.elapsed()
                );
                if !self.outbox.send(frame) {
                    tracing::warn!("output closed; diagnostics for {} not sent", uri.as_str());
                }
            }
            Err(err) => tracing::error!("cannot serialise diagnostics for {}: {err}", uri.as_str()),
        }
    }

    /// Re-checks every open document (after a configuration or workspace change).
    async fn refresh_all(&self) {
        let (names, pull, can_refresh) = {
            let st = lock(&self.state);
            (st.open.keys().cloned().collect::<Vec<_>>(), st.pull, st.can_refresh_diagnostics)
        };
        if pull {
            if can_refresh {
                let _ = self.client.workspace_diagnostic_refresh().await;
            }
            return;
        }
        let _turn = self.publishing.lock().await;
        let publishes: Vec<_> = {
            let mut st = lock(&self.state);
            // A document with an analysis scheduled is published by it, once its debounce is
            // over: publishing it now would show a change the user is still making.
            let names: Vec<&String> = names
                .iter()
                .filter(|name| st.open.get(*name).is_some_and(|doc| doc.scheduled != Some(doc.generation)))
                .collect();
            names.into_iter().flat_map(|name| st.collect_publishes(name, false)).collect()
        };
        for (uri, diagnostics, version) in publishes {
            self.publish(uri, diagnostics, Some(version));
        }
    }

    /// Reads `.copydesk.toml` of the first workspace root into the file layer. A broken file is
    /// reported to the user with its line and the defaults apply instead.
    async fn load_config_file(&self) {
        let Some(root) = lock(&self.state).roots.first().cloned() else { return };
        let path = root.join(CONFIG_FILE);
        let layer = match std::fs::read_to_string(&path) {
            Ok(text) => match PartialConfig::from_toml(&text) {
                Ok(layer) => layer,
                Err(err) => {
                    let message = format!("copydesk: {} {err}; using the default settings instead", path.display());
                    tracing::error!("{message}");
                    self.client.show_message(MessageType::ERROR, message).await;
                    PartialConfig::default()
                }
            },
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => PartialConfig::default(),
            Err(err) => {
                let message = format!("copydesk: cannot read {}: {err}", path.display());
                tracing::error!("{message}");
                self.client.show_message(MessageType::ERROR, message).await;
                PartialConfig::default()
            }
        };
        let mut st = lock(&self.state);
        st.file_layer = layer;
        st.rebuild_config();
    }

    /// Asks the client for the `copydesk` settings section, when it can answer.
    async fn pull_editor_config(&self) {
        if !lock(&self.state).can_ask_configuration {
            return;
        }
        let item = ConfigurationItem { scope_uri: None, section: Some("copydesk".to_string()) };
        // A client that never answers must not hold up the first diagnostics for good.
        let answer = tokio::time::timeout(Duration::from_secs(5), self.client.configuration(vec![item])).await;
        let Ok(answer) = answer else {
            tracing::warn!("workspace/configuration: no answer within 5 s; using the settings known so far");
            return;
        };
        match answer {
            Ok(values) => {
                let value = values.into_iter().next().unwrap_or(serde_json::Value::Null);
                self.apply_editor_settings(&value).await;
            }
            Err(err) => tracing::warn!("workspace/configuration failed: {err}"),
        }
    }

    async fn apply_editor_settings(&self, value: &serde_json::Value) {
        // `null` and `{}` mean the user set nothing: the settings layer is cleared, while
        // `initializationOptions` stay in force beneath it.
        match PartialConfig::from_json(value) {
            Ok(layer) => {
                let mut st = lock(&self.state);
                if st.settings_layer != layer {
                    st.settings_layer = layer;
                    st.rebuild_config();
                }
            }
            Err(err) => {
                let message = format!("copydesk: editor settings: {err}; keeping the previous settings");
                tracing::error!("{message}");
                self.client.show_message(MessageType::ERROR, message).await;
            }
        }
    }

    /// Reads every article under the workspace roots that is not open in the editor.
    async fn index_workspace(&self) {
        let (roots, config, progress) = {
            let st = lock(&self.state);
            (st.roots.clone(), st.config.clone(), st.can_show_progress)
        };
        if roots.is_empty() {
            return;
        }
        let token = NumberOrString::String("copydesk/indexing".to_string());
        let progress = if progress && self.client.create_work_done_progress(token.clone()).await.is_ok() {
            Some(self.client.progress(token, "copydesk: indexing articles").with_percentage(0).begin().await)
        } else {
            None
        };
        let paths: Vec<PathBuf> = roots.iter().flat_map(|root| files::walk(root, &config)).collect();
        let total = paths.len().max(1);
        let mut seen = rustc_hash::FxHashSet::default();
        let mut texts = Vec::new();
        for (i, path) in paths.iter().enumerate() {
            let name = files::doc_name(path);
            seen.insert(name.clone());
            match files::read_article(path, config.max_file_size) {
                Ok(text) => texts.push((name, Arc::from(text))),
                Err(skipped) => {
                    tracing::warn!("skipped {}: {}", skipped.path.display(), skipped.reason);
                    let message = format!("copydesk: skipped {}: {}", skipped.path.display(), skipped.reason);
                    self.client.log_message(MessageType::WARNING, message).await;
                }
            }
            if let Some(progress) = &progress {
                if i % 256 == 0 {
                    progress.report_with_message(format!("reading {i}/{total} files"), (i * 50 / total) as u32).await;
                }
            }
        }
        if let Some(progress) = &progress {
            progress.report_with_message(format!("parsing {} articles", texts.len()), 50).await;
        }
        // Parse on every core without the lock, so that handlers keep answering meanwhile.
        let loaded = texts.len();
        let docs = tokio::task::spawn_blocking(move || crate::analysis::workspace::parse_many(texts))
            .await
            .unwrap_or_default();
        {
            let mut st = lock(&self.state);
            for doc in docs {
                // Open buffers override the disk.
                if !st.open.contains_key(&doc.name) {
                    st.workspace.put(doc);
                }
            }
        }
        {
            // Files that left the globs (or the disk) since the last indexing leave the workspace.
            let mut st = lock(&self.state);
            let stale: Vec<String> = st
                .workspace
                .ids()
                .map(|id| st.workspace.doc(id).name.clone())
                .filter(|name| !seen.contains(name) && !st.open.contains_key(name))
                .collect();
            for name in stale {
                st.workspace.remove(&name);
            }
        }
        tracing::info!("indexed {loaded} of {} article files", paths.len());
        if let Some(progress) = progress {
            progress.finish_with_message(format!("{loaded} articles")).await;
        }
    }

    async fn register_watchers(&self) {
        let (watchers, config) = {
            let st = lock(&self.state);
            (st.can_register_watchers, st.can_register_configuration)
        };
        let mut registrations = Vec::new();
        if watchers {
            let globs = lock(&self.state).config.globs.clone();
            let mut patterns: Vec<String> = globs;
            patterns.push(format!("**/{CONFIG_FILE}"));
            let options = DidChangeWatchedFilesRegistrationOptions {
                watchers: patterns
                    .into_iter()
                    .map(|glob| FileSystemWatcher { glob_pattern: GlobPattern::String(glob), kind: None })
                    .collect(),
            };
            registrations.push(Registration {
                id: "copydesk/watched-files".to_string(),
                method: "workspace/didChangeWatchedFiles".to_string(),
                register_options: serde_json::to_value(options).ok(),
            });
        }
        if config {
            registrations.push(Registration {
                id: "copydesk/configuration".to_string(),
                method: "workspace/didChangeConfiguration".to_string(),
                // Without a section VS Code reports a change to any of its settings.
                register_options: Some(serde_json::json!({"section": "copydesk"})),
            });
        }
        if !registrations.is_empty() {
            if let Err(err) = self.client.register_capability(registrations).await {
                tracing::warn!("client/registerCapability failed: {err}");
            }
        }
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> RpcResult<InitializeResult> {
        let caps = &params.capabilities;
        let utf8 = caps
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref())
            .is_some_and(|encs| encs.contains(&PositionEncodingKind::UTF8));
        let encoding = if utf8 { Encoding::Utf8 } else { Encoding::Utf16 };
        let workspace_caps = caps.workspace.as_ref();
        // Pull only from clients that can also be told to pull again: a finding in one article
        // can change with an edit to another, and a client that cannot be asked to re-pull would
        // show it stale.
        let pull = caps.text_document.as_ref().and_then(|t| t.diagnostic.as_ref()).is_some()
            && workspace_caps.and_then(|w| w.diagnostics.as_ref()).and_then(|d| d.refresh_support).unwrap_or(false);
        let mut roots: Vec<PathBuf> = params
            .workspace_folders
            .iter()
            .flatten()
            .filter_map(|folder| folder.uri.to_file_path().map(|p| p.into_owned()))
            .collect();
        #[allow(deprecated)]
        if roots.is_empty() {
            if let Some(path) = params.root_uri.as_ref().and_then(|uri| uri.to_file_path()) {
                roots.push(path.into_owned());
            }
        }
        let init_layer = match params.initialization_options.as_ref().map(PartialConfig::from_json) {
            Some(Ok(layer)) => layer,
            Some(Err(err)) => {
                let message = format!("copydesk: initializationOptions: {err}; using the default settings");
                tracing::error!("{message}");
                lock(&self.state).pending_errors.push(message);
                PartialConfig::default()
            }
            None => PartialConfig::default(),
        };
        {
            let mut st = lock(&self.state);
            st.encoding = Some(encoding);
            st.pull = pull;
            st.can_register_watchers = workspace_caps
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false);
            st.can_register_configuration = workspace_caps
                .and_then(|w| w.did_change_configuration.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false);
            st.can_ask_configuration = workspace_caps.and_then(|w| w.configuration).unwrap_or(false);
            st.can_refresh_diagnostics =
                workspace_caps.and_then(|w| w.diagnostics.as_ref()).and_then(|d| d.refresh_support).unwrap_or(false);
            st.can_show_progress = caps.window.as_ref().and_then(|w| w.work_done_progress).unwrap_or(false);
            st.roots = roots;
            st.init_layer = init_layer;
            st.rebuild_config();
        }
        tracing::info!("initialize: encoding {encoding:?}, {} diagnostics", if pull { "pull" } else { "push" });
        Ok(InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(match encoding {
                    Encoding::Utf8 => PositionEncodingKind::UTF8,
                    Encoding::Utf16 => PositionEncodingKind::UTF16,
                }),
                text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                    ..Default::default()
                })),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                inlay_hint_provider: Some(OneOf::Left(true)),
                document_symbol_provider: Some(OneOf::Left(true)),
                workspace_symbol_provider: Some(OneOf::Left(true)),
                execute_command_provider: Some(ExecuteCommandOptions {
                    commands: vec![ACCEPT_SPELLINGS.to_string()],
                    ..Default::default()
                }),
                code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                    code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                    ..Default::default()
                })),
                diagnostic_provider: pull.then(|| {
                    DiagnosticServerCapabilities::Options(DiagnosticOptions {
                        identifier: Some("copydesk".to_string()),
                        inter_file_dependencies: true,
                        workspace_diagnostics: true,
                        work_done_progress_options: Default::default(),
                    })
                }),
                ..Default::default()
            },
            server_info: Some(ServerInfo {
                name: "copydesk".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        // The start-up work waits on the client's replies; in a task of its own it cannot hold
        // up `shutdown` and `exit`, which the transport only completes once handlers finish.
        let this = self.clone();
        tokio::spawn(async move {
            let _turn = this.reconfiguring.clone().lock_owned().await;
            let pending = std::mem::take(&mut lock(&this.state).pending_errors);
            for message in pending {
                this.client.show_message(MessageType::ERROR, message).await;
            }
            this.load_config_file().await;
            this.pull_editor_config().await;
            this.configured.send_replace(true);
            this.register_watchers().await;
            this.index_workspace().await;
            this.refresh_all().await;
        });
    }

    async fn shutdown(&self) -> RpcResult<()> {
        lock(&self.state).shut_down = true;
        // Handlers start in arrival order, and each takes its texts before anything else: what
        // is left belongs to messages the server dropped.
        let dropped = self.texts.clear();
        if dropped > 0 {
            tracing::warn!("{dropped} long texts of messages the server dropped were never taken");
        }
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let mut doc = params.text_document;
        doc.text = self.texts.take(doc.text);
        let name = name_of(&doc.uri);
        {
            let started = Instant::now();
            let text: Arc<str> = doc.text.into();
            let mut st = lock(&self.state);
            // The rope of a long text is built on another core while the workspace parses it.
            let workspace = &mut st.workspace;
            let long = text.len() >= crate::analysis::checks::PARALLEL_TEXT;
            let (rope, _) = par::join_if(long, || Rope::from_str(&text), || workspace.set(&name, text.clone()));
            let generation = st.open.get(&name).map_or(0, |d| d.generation + 1);
            st.uris += 1;
            st.open.insert(
                name.clone(),
                OpenDoc {
                    uri: doc.uri,
                    rope,
                    version: doc.version,
                    generation,
                    scheduled: None,
                    published: None,
                    cache: None,
                },
            );
            tracing::debug!("opened {name}: rope built and text parsed in {:?}", started.elapsed());
        }
        self.schedule(name, Instant::now(), true);
    }

    async fn did_change(&self, mut params: DidChangeTextDocumentParams) {
        // The debounce counts from the change, not from when the workspace has taken it.
        let arrived = Instant::now();
        for change in &mut params.content_changes {
            change.text = self.texts.take(std::mem::take(&mut change.text));
        }
        let name = name_of(&params.text_document.uri);
        let delay = {
            let mut st = lock(&self.state);
            let enc = st.encoding();
            let Some(doc) = st.open.get_mut(&name) else {
                tracing::warn!("didChange for {} which is not open; ignored", params.text_document.uri.as_str());
                return;
            };
            for change in params.content_changes {
                match change.range {
                    Some(range) => {
                        let start = position::rope_char(&doc.rope, range.start, enc);
                        let end = position::rope_char(&doc.rope, range.end, enc).max(start);
                        doc.rope.remove(start..end);
                        doc.rope.insert(start, &change.text);
                    }
                    None => doc.rope = Rope::from_str(&change.text),
                }
            }
            doc.version = params.text_document.version;
            doc.generation += 1;
            // The workspace takes the new text at once, as rust-analyzer applies each change as
            // it comes: the debounce then holds back only the checks, and a request in between
            // (a hover, code actions) finds the text parsed.
            st.take_text(&name);
            Duration::from_millis(st.config.debounce_ms)
        };
        self.schedule(name, arrived + delay, false);
    }

    async fn did_save(&self, _: DidSaveTextDocumentParams) {}

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let name = name_of(&uri);
        let reload = {
            let mut st = lock(&self.state);
            if st.open.remove(&name).is_none() {
                tracing::warn!("didClose for {} which is not open; ignored", uri.as_str());
                return;
            }
            st.uris += 1;
            // The file on disk takes the buffer's place in the story, if it is an article; when
            // it has the buffer's text, the document and all that was computed from it stay.
            let max = st.config.max_file_size;
            let is_article = st
                .roots
                .iter()
                .any(|root| Path::new(&name).strip_prefix(root).is_ok_and(|rel| st.config.glob_set().is_match(rel)));
            if !is_article {
                st.workspace.remove(&name);
            }
            is_article.then_some(max)
        };
        if let Some(max) = reload {
            let disk = files::read_article(Path::new(&name), max);
            let mut st = lock(&self.state);
            // Unless the buffer was opened again in the meantime.
            if !st.open.contains_key(&name) {
                match disk {
                    Ok(text) => {
                        st.workspace.set(&name, text);
                    }
                    Err(_) => {
                        st.workspace.remove(&name);
                    }
                }
            }
        }
        if !lock(&self.state).pull {
            let _turn = self.publishing.lock().await;
            self.publish(uri, Vec::new(), None);
        }
        self.refresh_all().await;
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let this = self.clone();
        // Taken here, before any `.await`: spawned tasks start in no particular order, and an
        // older notification applied last would undo a newer one.
        let ticket = self.settings_turns.take();
        tokio::spawn(async move {
            let _in_order = this.settings_turns.wait(ticket).await;
            let _turn = this.reconfiguring.clone().lock_owned().await;
            let before = lock(&this.state).config.clone();
            if params.settings.is_null() {
                // The pull model: the notification only says "something changed".
                this.pull_editor_config().await;
            } else {
                this.apply_editor_settings(&params.settings).await;
            }
            let after = lock(&this.state).config.clone();
            if (before.globs.clone(), before.max_file_size) != (after.globs.clone(), after.max_file_size) {
                this.index_workspace().await;
            }
            if before != after {
                this.refresh_all().await;
            }
        });
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let mut config_changed = false;
        for event in params.changes {
            let name = name_of(&event.uri);
            if name.rsplit('/').next() == Some(CONFIG_FILE) {
                config_changed = true;
                continue;
            }
            let max = {
                let st = lock(&self.state);
                if st.open.contains_key(&name) {
                    // Open buffers override the disk.
                    continue;
                }
                st.config.max_file_size
            };
            if event.typ == FileChangeType::DELETED {
                lock(&self.state).workspace.remove(&name);
                continue;
            }
            match files::read_article(Path::new(&name), max) {
                Ok(text) => {
                    lock(&self.state).workspace.set(&name, text);
                }
                Err(skipped) => {
                    tracing::warn!("skipped {}: {}", skipped.path.display(), skipped.reason);
                    lock(&self.state).workspace.remove(&name);
                }
            }
        }
        if config_changed {
            self.load_config_file().await;
            self.index_workspace().await;
        }
        self.refresh_all().await;
    }

    async fn hover(&self, params: HoverParams) -> RpcResult<Option<Hover>> {
        let pos = params.text_document_position_params;
        let name = name_of(&pos.text_document.uri);
        let mut st = lock(&self.state);
        guarded("hover", || {
            let (id, findings) = st.findings(&name)?;
            let enc = st.encoding();
            let offset = position::offset(st.workspace.doc(id), pos.position, enc);
            let hit: Vec<&Finding> =
                findings.iter().filter(|f| f.span.start <= offset && offset <= f.span.end).collect();
            let info = st.workspace.info(id, offset, &st.config);
            to_proto::hover(&st.workspace, id, &hit, &info, enc)
        })
    }

    async fn code_action(&self, params: CodeActionParams) -> RpcResult<Option<CodeActionResponse>> {
        let name = name_of(&params.text_document.uri);
        let mut st = lock(&self.state);
        guarded("codeAction", || {
            let (id, findings) = st.findings(&name)?;
            let enc = st.encoding();
            let doc = st.workspace.doc(id);
            let start = position::offset(doc, params.range.start, enc);
            let end = position::offset(doc, params.range.end, enc);
            let hit: Vec<&Finding> = findings.iter().filter(|f| f.span.start <= end && start <= f.span.end).collect();
            let mut actions: CodeActionResponse = hit
                .iter()
                .flat_map(|f| to_proto::code_actions(&st.workspace, f, enc, &|id| st.uri_of(id)))
                .map(CodeActionOrCommand::CodeAction)
                .collect();
            // "Accept both spellings" changes the configuration, not the text: a command the
            // server carries out itself, so it works the same in every editor.
            let peers = st.workspace.peers(id, st.config.scope);
            for finding in hit.iter().filter(|f| f.check == CheckId::NameVariant) {
                let pair = names::accept_pair_at(&st.workspace, id, &peers, &st.config.names, finding.span.start);
                if let Some((here, preferred)) = pair {
                    let diagnostic = to_proto::diagnostic(&st.workspace, finding, enc, &|id| st.uri_of(id));
                    actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                        title: format!("Accept both spellings ('{here}' and '{preferred}')"),
                        kind: Some(CodeActionKind::QUICKFIX),
                        diagnostics: Some(vec![diagnostic]),
                        command: Some(Command {
                            title: "Accept both spellings".to_string(),
                            command: ACCEPT_SPELLINGS.to_string(),
                            arguments: Some(vec![here.into(), preferred.into()]),
                        }),
                        ..Default::default()
                    }));
                }
            }
            Some(actions)
        })
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> RpcResult<Option<serde_json::Value>> {
        if params.command != ACCEPT_SPELLINGS {
            return Err(RpcError::invalid_params(format!("unknown command `{}`", params.command)));
        }
        let spellings: Vec<String> = params.arguments.iter().filter_map(|a| a.as_str().map(str::to_string)).collect();
        let [a, b] = spellings.as_slice() else {
            return Err(RpcError::invalid_params(format!("{ACCEPT_SPELLINGS} takes two spellings")));
        };
        let Some(root) = lock(&self.state).roots.first().cloned() else {
            let message = "copydesk: no workspace folder to record accepted spellings in".to_string();
            self.client.show_message(MessageType::ERROR, &message).await;
            return Err(RpcError::invalid_params(message));
        };
        let path = root.join(CONFIG_FILE);
        let written = match std::fs::read_to_string(&path) {
            Ok(text) => Ok(text),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(String::new()),
            Err(err) => Err(format!("cannot read {}: {err}", path.display())),
        }
        .and_then(|text| {
            crate::config::accept_spellings_edit(&text, a, b).map_err(|err| format!("{}: {err}", path.display()))
        })
        .and_then(|text| std::fs::write(&path, text).map_err(|err| format!("cannot write {}: {err}", path.display())));
        if let Err(err) = written {
            let message = format!("copydesk: {err}");
            tracing::error!("{message}");
            self.client.show_message(MessageType::ERROR, &message).await;
            return Err(RpcError {
                code: tower_lsp_server::jsonrpc::ErrorCode::InternalError,
                message: message.into(),
                data: None,
            });
        }
        tracing::info!("accepted '{a}' and '{b}' in {}", path.display());
        let _turn = self.reconfiguring.clone().lock_owned().await;
        self.load_config_file().await;
        self.refresh_all().await;
        Ok(None)
    }

    async fn symbol(&self, params: WorkspaceSymbolParams) -> RpcResult<Option<WorkspaceSymbolResponse>> {
        let st = lock(&self.state);
        guarded("workspace/symbol", || {
            let query = params.query.to_lowercase();
            let enc = st.encoding();
            let mut out = Vec::new();
            for id in st.workspace.ids() {
                let peers = st.workspace.peers(id, st.config.scope);
                let doc = st.workspace.doc(id);
                for symbol in names::symbols(&st.workspace, id, &peers, &st.config.names) {
                    if !symbol.name.to_lowercase().contains(&query) {
                        continue;
                    }
                    let (Some(uri), Some(span)) = (st.uri_of(id), symbol.spans.first()) else { continue };
                    out.push(to_proto::workspace_symbol(doc, &symbol, uri, span, enc));
                    if out.len() >= MAX_WORKSPACE_SYMBOLS {
                        return Some(WorkspaceSymbolResponse::Nested(out));
                    }
                }
            }
            Some(WorkspaceSymbolResponse::Nested(out))
        })
    }

    async fn document_symbol(&self, params: DocumentSymbolParams) -> RpcResult<Option<DocumentSymbolResponse>> {
        let name = name_of(&params.text_document.uri);
        let st = lock(&self.state);
        guarded("documentSymbol", || {
            let id = st.workspace.id(&name)?;
            let doc = st.workspace.doc(id);
            let enc = st.encoding();
            let symbols = crate::analysis::outline::outline(doc)
                .iter()
                .map(|item| to_proto::document_symbol(doc, item, enc))
                .collect();
            Some(DocumentSymbolResponse::Nested(symbols))
        })
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> RpcResult<Option<Vec<InlayHint>>> {
        let name = name_of(&params.text_document.uri);
        let st = lock(&self.state);
        guarded("inlayHint", || {
            let id = st.open_id(&name)?;
            let enc = st.encoding();
            let doc = st.workspace.doc(id);
            let start = position::offset(doc, params.range.start, enc);
            let end = position::offset(doc, params.range.end, enc);
            let hints = st
                .workspace
                .annotations(id, &st.config)
                .into_iter()
                .filter(|a| start <= a.span.end && a.span.end <= end)
                .map(|a| to_proto::inlay_hint(doc, &a, enc))
                .collect();
            Some(hints)
        })
    }

    async fn diagnostic(&self, params: DocumentDiagnosticParams) -> RpcResult<DocumentDiagnosticReportResult> {
        let name = name_of(&params.text_document.uri);
        let mut st = lock(&self.state);
        guarded("textDocument/diagnostic", || {
            let id = st.workspace.id(&name);
            let result_id = st.result_id();
            if params.previous_result_id.as_deref() == Some(result_id.as_str()) {
                return DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Unchanged(
                    RelatedUnchangedDocumentDiagnosticReport {
                        related_documents: None,
                        unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport { result_id },
                    },
                ));
            }
            // An open buffer's findings come from its cache; a file on disk is checked now.
            let items = match st.findings(&name) {
                Some((_, findings)) => st.to_diagnostics(&findings),
                None => id.map(|id| st.diagnostics_of(id)).unwrap_or_default(),
            };
            DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(
                RelatedFullDocumentDiagnosticReport {
                    related_documents: None,
                    full_document_diagnostic_report: FullDocumentDiagnosticReport { result_id: Some(result_id), items },
                },
            ))
        })
    }

    async fn workspace_diagnostic(
        &self,
        params: WorkspaceDiagnosticParams,
    ) -> RpcResult<WorkspaceDiagnosticReportResult> {
        let st = lock(&self.state);
        guarded("workspace/diagnostic", || {
            let result_id = st.result_id();
            let previous: rustc_hash::FxHashSet<&Uri> =
                params.previous_result_ids.iter().filter(|p| p.value == result_id).map(|p| &p.uri).collect();
            let items = st
                .workspace
                .ids()
                .filter(|&id| !st.open.contains_key(&st.workspace.doc(id).name))
                .filter_map(|id| {
                    let uri = st.uri_of(id)?;
                    if previous.contains(&uri) {
                        return Some(WorkspaceDocumentDiagnosticReport::Unchanged(
                            WorkspaceUnchangedDocumentDiagnosticReport {
                                uri,
                                version: None,
                                unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                                    result_id: result_id.clone(),
                                },
                            },
                        ));
                    }
                    Some(WorkspaceDocumentDiagnosticReport::Full(WorkspaceFullDocumentDiagnosticReport {
                        uri,
                        version: None,
                        full_document_diagnostic_report: FullDocumentDiagnosticReport {
                            result_id: Some(result_id.clone()),
                            items: st.diagnostics_of(id),
                        },
                    }))
                })
                .collect();
            WorkspaceDiagnosticReportResult::Report(WorkspaceDiagnosticReport { items })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shared text of a rope is the rope's text, across chunk boundaries and multi-byte
    /// characters, after edits.
    #[test]
    fn text_of_a_rope_is_its_string() {
        let mut rope = Rope::new();
        assert_eq!(&*text_of(&rope), "");
        let piece = "Café 😀 — Lavrov said 87 people were killed.\r\n";
        for i in 0..400 {
            let at = (i * 7919) % (rope.len_chars() + 1);
            rope.insert(at, piece);
            if i % 5 == 0 {
                rope.remove(at / 2..at / 2 + 3.min(rope.len_chars() - at / 2));
            }
        }
        assert!(rope.chunks().count() > 10, "the text spans many chunks");
        assert_eq!(&*text_of(&rope), rope.to_string());
    }

    /// The debounce never ends before its time, whether that is past, within the coarse timer's
    /// slack, or beyond it.
    #[test]
    fn debounce_ends_at_its_time_or_after() {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        rt.block_on(async {
            for micros in [0, 300, 1_500, 2_000, 2_700, 9_000, 25_000] {
                let at = Instant::now() + Duration::from_micros(micros);
                debounce(at).await;
                assert!(Instant::now() >= at, "debounce of {micros} µs ended early");
            }
            let past = Instant::now();
            debounce(past).await;
        });
    }

    /// Tasks started in any order are served in the order their turns were taken.
    #[test]
    fn turns_are_served_in_the_order_taken() {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        rt.block_on(async {
            let turns = Arc::new(Turns::default());
            let served = Arc::new(Mutex::new(Vec::new()));
            let tickets: Vec<u64> = (0..20).map(|_| turns.take()).collect();
            let mut tasks = Vec::new();
            // The later turns start first, and some work takes a while.
            for &ticket in tickets.iter().rev() {
                let (turns, served) = (turns.clone(), served.clone());
                tasks.push(tokio::spawn(async move {
                    let _turn = turns.wait(ticket).await;
                    if ticket % 3 == 0 {
                        tokio::time::sleep(Duration::from_millis(2)).await;
                    }
                    served.lock().unwrap().push(ticket);
                }));
            }
            for task in tasks {
                task.await.unwrap();
            }
            assert_eq!(*served.lock().unwrap(), tickets);
        });
    }
}
