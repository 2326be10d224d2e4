//! The stdio transport, guarded.
//!
//! tower-lsp-server stops reading for good after the first message it cannot decode (its framed
//! reader ends the stream on the first error), so one malformed message from a client would end
//! the session. This module stands between stdin and the server: it reads `Content-Length`
//! frames itself, passes on every well-formed JSON-RPC message, repairs invalid UTF-8 (replacing
//! bad bytes with U+FFFD, so that a document still opens), and answers anything else with the
//! JSON-RPC error the specification asks for (`-32700` parse error, `-32600` invalid request)
//! while the server keeps serving. On the way out, whole frames from the server and these error
//! replies are interleaved on stdout, never mixed within a frame.

use std::io;

use serde::Deserialize;
use serde_json::{json, Value};
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tower_lsp_server::ls_types::{DidChangeTextDocumentParams, DidOpenTextDocumentParams};

/// Messages larger than this are refused: no editor sends a 256 MiB document.
pub const MAX_MESSAGE: usize = 256 * 1024 * 1024;

/// One frame read from a stream.
#[derive(Debug, PartialEq)]
pub enum Frame {
    /// A body, as sent.
    Body(Vec<u8>),
    /// A frame that could not be read, and why; the stream is positioned after it.
    Broken(String),
}

/// Reads the next frame; `None` at the end of the stream.
pub async fn read_frame<R: AsyncBufRead + Unpin>(reader: &mut R) -> io::Result<Option<Frame>> {
    let mut length: Option<usize> = None;
    let mut bad_header: Option<String> = None;
    let mut line = Vec::new();
    let mut saw_header = false;
    loop {
        line.clear();
        let n = reader.read_until(b'\n', &mut line).await?;
        if n == 0 {
            return Ok(if saw_header { Some(Frame::Broken("end of input inside the headers".into())) } else { None });
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if !saw_header {
                // Stray blank lines between frames are tolerated.
                continue;
            }
            break;
        }
        saw_header = true;
        let Some((key, value)) = text.split_once(':') else {
            bad_header.get_or_insert_with(|| format!("malformed header line {text:?}"));
            continue;
        };
        if key.trim().eq_ignore_ascii_case("content-length") {
            match value.trim().parse::<usize>() {
                Ok(len) => length = Some(len),
                Err(_) => {
                    bad_header.get_or_insert_with(|| format!("bad Content-Length {:?}", value.trim()));
                }
            }
        }
    }
    let Some(length) = length else {
        return Ok(Some(Frame::Broken(bad_header.unwrap_or_else(|| "missing Content-Length header".into()))));
    };
    if length > MAX_MESSAGE {
        // Skip the body without holding it.
        let skipped = tokio::io::copy(&mut reader.take(length as u64), &mut tokio::io::sink()).await?;
        return Ok(Some(Frame::Broken(format!("message of {skipped} bytes is over the {MAX_MESSAGE}-byte limit"))));
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).await?;
    if let Some(problem) = bad_header {
        return Ok(Some(Frame::Broken(problem)));
    }
    Ok(Some(Frame::Body(body)))
}

/// The header of a frame whose body is `len` bytes long.
fn header(len: usize) -> String {
    format!("Content-Length: {len}\r\n\r\n")
}

/// Writes one frame.
pub async fn write_frame<W: AsyncWrite + Unpin>(writer: &mut W, body: &[u8]) -> io::Result<()> {
    writer.write_all(header(body.len()).as_bytes()).await?;
    writer.write_all(body).await?;
    writer.flush().await
}

/// The members of a message [`vet`] looks at, read without building the rest: the `params` of a
/// `didOpen` hold a whole document, which a `serde_json::Value` would copy once more only to be
/// dropped (3.9 ms for a 1 MB open; 0.9 ms read this way). Other members are checked for syntax
/// and skipped.
#[derive(serde::Deserialize)]
struct Envelope<'a> {
    #[serde(borrow)]
    jsonrpc: Option<std::borrow::Cow<'a, str>>,
    #[serde(borrow)]
    method: Option<std::borrow::Cow<'a, str>>,
    #[serde(default)]
    id: Present,
    #[serde(default)]
    result: Present,
    #[serde(default)]
    error: Present,
}

/// Whether a member is there, whatever its value (`null` included).
#[derive(Default)]
struct Present(bool);

impl<'de> serde::Deserialize<'de> for Present {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Present, D::Error> {
        serde::de::IgnoredAny::deserialize(deserializer).map(|_| Present(true))
    }
}

/// True when `text` is a JSON object that is a JSON-RPC 2.0 request, notification or response
/// (see [`is_message`]); false when it is not, or when telling needs the whole value (not an
/// object, a member of an unexpected type, a member twice), which `vet` then reads.
fn is_well_formed(text: &str) -> bool {
    if !text.trim_start().starts_with('{') {
        return false;
    }
    match serde_json::from_str::<Envelope>(text) {
        Ok(envelope) => {
            envelope.jsonrpc.as_deref() == Some("2.0")
                && (envelope.method.is_some() || (envelope.id.0 && (envelope.result.0 || envelope.error.0)))
        }
        Err(_) => false,
    }
}

/// Whether a parsed message is a JSON-RPC 2.0 request or notification (a `method` that is a
/// string) or response (an `id` with a `result` or an `error`).
fn is_message(value: &Value) -> bool {
    value.get("jsonrpc").and_then(Value::as_str) == Some("2.0")
        && (value.get("method").is_some_and(Value::is_string)
            || (value.get("id").is_some() && (value.get("result").is_some() || value.get("error").is_some())))
}

/// What to do with one incoming body: pass it on (possibly repaired, its long texts in `stash`),
/// or answer it with an error. A body shorter than `long` bytes has its envelope read first, and
/// the whole value only when the envelope cannot tell; a longer one is read whole at once, so
/// that the texts [`Stash::swap`] takes out are decoded only once.
pub fn vet(body: Vec<u8>, stash: &Stash, long: usize) -> Result<Vec<u8>, Value> {
    let whole = body.len() >= long;
    let (text, repaired) = match String::from_utf8(body) {
        Ok(text) => (text, false),
        Err(err) => (String::from_utf8_lossy(err.as_bytes()).into_owned(), true),
    };
    if repaired {
        tracing::warn!("message with invalid UTF-8: bad bytes replaced with U+FFFD");
    }
    if whole || !is_well_formed(&text) {
        let value: Value = match serde_json::from_str(&text) {
            Ok(value) => value,
            Err(err) => return Err(error_reply(Value::Null, -32700, &format!("Parse error: {err}"))),
        };
        if !is_message(&value) {
            let id = value.get("id").cloned().unwrap_or(Value::Null);
            return Err(error_reply(
                id,
                -32600,
                "Invalid Request: not a JSON-RPC 2.0 request, notification or response",
            ));
        }
        if whole {
            if let Some(swapped) = stash.swap(value, long) {
                return Ok(swapped);
            }
        }
    }
    Ok(text.into_bytes())
}

fn error_reply(id: Value, code: i64, message: &str) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}})
}

/// Messages from this many bytes on have their document texts taken out on the way to the server
/// (see [`Stash`]).
pub const STASHED_TEXT: usize = 64 * 1024;

/// The texts of long documents, taken out of `didOpen` and `didChange` messages on the way in and
/// handed to their handlers directly.
///
/// tower-lsp-server reads a message into a buffer that grows from 8 KiB by doubling, then parses
/// it into an untagged enum, which holds the whole message in serde's intermediate form and
/// copies every string once more: between this pump and the handler, the open of a 1 MB article
/// took 3–7 ms. A message with a text of [`STASHED_TEXT`] bytes or more instead reaches the
/// server with the text replaced by a token, `\u{1}copydesk-stash:<nonce>:<n>`, and the handler
/// takes the text back from here ([`Stash::take`]). The nonce is random for each process, so no
/// text a client sends can stand for a stashed one. A message is changed only when its
/// parameters, tokens in place, read as the server's handler reads them, so every text stashed
/// is taken, unless the server drops the message itself (before `initialize`, after
/// `shutdown`); `shutdown` empties the stash.
#[derive(Clone, Debug)]
pub struct Stash(std::sync::Arc<StashInner>);

#[derive(Debug)]
struct StashInner {
    /// The tokens' common start: the marker and this process's nonce.
    prefix: String,
    next: std::sync::atomic::AtomicU64,
    texts: std::sync::Mutex<rustc_hash::FxHashMap<String, String>>,
}

impl Default for Stash {
    fn default() -> Stash {
        use std::hash::{BuildHasher, Hasher};
        let nonce = std::collections::hash_map::RandomState::new().build_hasher().finish();
        Stash(std::sync::Arc::new(StashInner {
            prefix: format!("{TOKEN_MARK}{nonce:016x}:"),
            next: std::sync::atomic::AtomicU64::new(0),
            texts: std::sync::Mutex::default(),
        }))
    }
}

/// How every token starts, whatever the process.
const TOKEN_MARK: &str = "\u{1}copydesk-stash:";

impl Stash {
    /// `message`, a JSON-RPC message, serialised with the text of a `didOpen`, and each text of
    /// a `didChange`, of at least `min` bytes replaced by a token and kept here; `None` when it
    /// holds no such text or is not a notification the server reads that way.
    pub fn swap(&self, mut message: Value, min: usize) -> Option<Vec<u8>> {
        if message.get("id").is_some() {
            return None;
        }
        let method = message.get("method").and_then(Value::as_str).unwrap_or_default().to_string();
        let params = message.get_mut("params")?;
        let mut texts = Vec::new();
        let mut stash = |text: &mut Value| {
            if let Value::String(text) = text {
                if text.len() >= min {
                    let token = self.token();
                    texts.push((token.clone(), std::mem::replace(text, token)));
                }
            }
        };
        // The server must read the parameters with the tokens in place, or the texts would wait
        // here for a handler that never comes.
        let reads = match method.as_str() {
            "textDocument/didOpen" => {
                if let Some(text) = params.pointer_mut("/textDocument/text") {
                    stash(text);
                }
                DidOpenTextDocumentParams::deserialize(&*params).is_ok()
            }
            "textDocument/didChange" => {
                if let Some(Value::Array(changes)) = params.get_mut("contentChanges") {
                    changes.iter_mut().filter_map(|change| change.get_mut("text")).for_each(&mut stash);
                }
                DidChangeTextDocumentParams::deserialize(&*params).is_ok()
            }
            _ => false,
        };
        if texts.is_empty() || !reads {
            return None;
        }
        let small = serde_json::to_vec(&message).ok()?;
        self.0.texts.lock().unwrap_or_else(|e| e.into_inner()).extend(texts);
        Some(small)
    }

    fn token(&self) -> String {
        let n = self.0.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        format!("{}{n}", self.0.prefix)
    }

    /// The text `text` stands for when it is a token of this stash (taken out, so once), else
    /// `text` itself.
    pub fn take(&self, text: String) -> String {
        if !text.starts_with(&self.0.prefix) {
            return text;
        }
        match self.0.texts.lock().unwrap_or_else(|e| e.into_inner()).remove(&text) {
            Some(stashed) => stashed,
            None => text,
        }
    }

    /// Drops every text still waiting; returns how many there were.
    pub fn clear(&self) -> usize {
        let mut texts = self.0.texts.lock().unwrap_or_else(|e| e.into_inner());
        let n = texts.len();
        texts.clear();
        n
    }
}

/// Copies frames from `input` to `to_server`, vetting each and taking long texts out into
/// `stash`; error replies go to `output`. Ends at the end of input (dropping `to_server`, which
/// ends the server) or when the server is gone.
pub async fn pump_input<R, W>(input: R, mut to_server: W, output: Output, stash: Stash)
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut reader = BufReader::with_capacity(1 << 16, input);
    loop {
        let frame = match read_frame(&mut reader).await {
            Ok(Some(frame)) => frame,
            Ok(None) => break,
            Err(err) => {
                tracing::info!("input closed: {err}");
                break;
            }
        };
        let vetted = match frame {
            Frame::Body(body) => vet(body, &stash, STASHED_TEXT),
            Frame::Broken(why) => Err(error_reply(Value::Null, -32700, &format!("Parse error: {why}"))),
        };
        match vetted {
            Ok(body) => {
                if write_frame(&mut to_server, &body).await.is_err() {
                    break;
                }
            }
            Err(reply) => {
                tracing::error!("dropped a malformed message: {}", reply["error"]["message"]);
                output.send(reply.to_string().into_bytes());
            }
        }
    }
}

/// Copies whole frames from the server to `output` until the server's stream ends.
pub async fn pump_output<R: AsyncRead + Unpin>(from_server: R, output: Output) {
    let mut reader = BufReader::with_capacity(1 << 16, from_server);
    loop {
        match read_frame(&mut reader).await {
            Ok(Some(Frame::Body(body))) => {
                if !output.send(body) {
                    break;
                }
            }
            Ok(Some(Frame::Broken(why))) => tracing::error!("server wrote a broken frame: {why}"),
            Ok(None) | Err(_) => break,
        }
    }
}

/// The messages bound for stdout: the server's frames, the error replies of the input pump and
/// the diagnostics the server puts together itself, each written whole, in the order they were
/// sent, by a thread of its own. A sender never waits: tokio's `Stdout` hands every write and
/// every flush to its pool of blocking threads and waits for each, which for the diagnostics of
/// a long article took about a millisecond, and going through the pump's task made them wait
/// for whatever task the same worker ran first.
#[derive(Clone, Debug)]
pub struct Output(std::sync::mpsc::Sender<Option<Vec<u8>>>);

impl Output {
    /// Starts the writing thread on `out` (stdout). The thread stops at [`Output::end`] or when
    /// writing fails (the editor closed its end); joining it waits for what was sent before.
    pub fn start<W: std::io::Write + Send + 'static>(out: W) -> io::Result<(Output, std::thread::JoinHandle<()>)> {
        let (to_thread, from_senders) = std::sync::mpsc::channel::<Option<Vec<u8>>>();
        let thread = std::thread::Builder::new().name("copydesk-stdout".into()).spawn(move || {
            let mut out = out;
            // Everything sent before `end` is written; a closed output drops the receiver,
            // after which `send` reports false.
            while let Ok(Some(body)) = from_senders.recv() {
                let written = out
                    .write_all(header(body.len()).as_bytes())
                    .and_then(|()| out.write_all(&body))
                    .and_then(|()| out.flush());
                if let Err(err) = written {
                    tracing::info!("output closed: {err}");
                    return;
                }
            }
        })?;
        Ok((Output(to_thread), thread))
    }

    /// Queues one message body to be framed and written; false once the output is closed.
    pub fn send(&self, body: Vec<u8>) -> bool {
        self.0.send(Some(body)).is_ok()
    }

    /// Stops the thread once what was sent before is written.
    pub fn end(&self) {
        let _ = self.0.send(None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`super::vet`] both ways, the envelope first and the whole value at once: the verdicts
    /// must be the same.
    fn vet(body: Vec<u8>) -> Result<Vec<u8>, Value> {
        let stash = Stash::default();
        let quick = super::vet(body.clone(), &stash, usize::MAX);
        assert_eq!(super::vet(body, &stash, 0), quick);
        quick
    }

    fn did_open(text: &str) -> Vec<u8> {
        let params =
            json!({"textDocument": {"uri": "file:///a.txt", "languageId": "plaintext", "version": 1, "text": text}});
        serde_json::to_vec(&json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": params})).unwrap()
    }

    /// What the server reads of a passed message.
    fn passed(body: &[u8]) -> Value {
        serde_json::from_slice(body).unwrap()
    }

    #[test]
    fn a_long_text_reaches_its_handler_through_the_stash() {
        let stash = Stash::default();
        let text = "Café 😀 — \"quoted\"\n\\ \r\n\t".repeat(4000);
        let body = super::vet(did_open(&text), &stash, STASHED_TEXT).unwrap();
        assert!(body.len() < 300, "the text stayed in the message: {} bytes", body.len());
        let params: DidOpenTextDocumentParams = serde_json::from_value(passed(&body)["params"].clone()).unwrap();
        let token = params.text_document.text;
        assert_eq!(stash.take(token.clone()), text);
        // Taken once: then the token is only itself.
        assert_eq!(stash.take(token.clone()), token);
        // Short texts pass as they came.
        let short = did_open("Headline\n\nA paragraph.\n");
        assert_eq!(super::vet(short.clone(), &stash, STASHED_TEXT), Ok(short));
        assert_eq!(stash.clear(), 0);
    }

    #[test]
    fn only_the_long_texts_of_a_change_are_stashed() {
        let stash = Stash::default();
        let long = "x".repeat(100);
        let params = json!({
            "textDocument": {"uri": "file:///a.txt", "version": 2},
            "contentChanges": [
                {"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 1}}, "text": "short"},
                {"text": long},
            ],
        });
        let body = serde_json::to_vec(&json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": params}));
        let message = passed(&super::vet(body.unwrap(), &stash, 50).unwrap());
        let changes = &message["params"]["contentChanges"];
        assert_eq!(changes[0]["text"], "short");
        assert_eq!(changes[0]["range"], params["contentChanges"][0]["range"]);
        assert_eq!(stash.take(changes[1]["text"].as_str().unwrap().to_string()), long);
        assert_eq!(stash.clear(), 0);
    }

    /// A message whose handler would never come keeps its text: nothing waits in the stash.
    #[test]
    fn messages_the_server_would_not_hand_over_keep_their_texts() {
        let stash = Stash::default();
        let long = "y".repeat(100);
        let document = json!({"uri": "file:///a.txt", "languageId": "plaintext", "version": 1, "text": long});
        let messages = [
            // No URI: the server cannot read the parameters and drops the message.
            json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"text": long}}}),
            // A request by that name: no notification handler runs.
            json!({"jsonrpc": "2.0", "id": 1, "method": "textDocument/didOpen", "params": {"textDocument": document}}),
            // Other methods.
            json!({"jsonrpc": "2.0", "method": "workspace/didChangeConfiguration", "params": {"textDocument": document}}),
            json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": document}}),
        ];
        for message in messages {
            let body = serde_json::to_vec(&message).unwrap();
            assert_eq!(super::vet(body.clone(), &stash, 50), Ok(body));
        }
        assert_eq!(stash.clear(), 0);
    }

    /// A token is a token of the stash that made it: another process's (or a text that looks
    /// like one) is plain text.
    #[test]
    fn tokens_of_another_stash_are_plain_text() {
        let (ours, theirs) = (Stash::default(), Stash::default());
        let message = passed(&super::vet(did_open(&"z".repeat(100)), &theirs, 50).unwrap());
        let token = message["params"]["textDocument"]["text"].as_str().unwrap().to_string();
        assert!(token.starts_with(TOKEN_MARK));
        assert_eq!(ours.take(token.clone()), token);
        assert_eq!(theirs.clear(), 1);
    }

    fn frames(input: &[u8]) -> Vec<Frame> {
        let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
        rt.block_on(async {
            let mut reader = BufReader::new(input);
            let mut out = Vec::new();
            while let Some(frame) = read_frame(&mut reader).await.unwrap() {
                out.push(frame);
            }
            out
        })
    }

    #[test]
    fn reads_frames_and_survives_broken_headers() {
        let input = b"Content-Length: 2\r\n\r\n{}Content-Type: x\r\n\r\nContent-Length: nope\r\n\r\nContent-Length: 3\r\n\r\n[1]";
        assert_eq!(
            frames(input),
            vec![
                Frame::Body(b"{}".to_vec()),
                Frame::Broken("missing Content-Length header".into()),
                Frame::Broken("bad Content-Length \"nope\"".into()),
                Frame::Body(b"[1]".to_vec()),
            ]
        );
    }

    #[test]
    fn vet_passes_messages_repairs_utf8_and_rejects_the_rest() {
        let ok = br#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#.to_vec();
        assert_eq!(vet(ok.clone()), Ok(ok));
        let mut bad_utf8 = br#"{"jsonrpc":"2.0","method":"x","params":{"text":"caf"#.to_vec();
        bad_utf8.extend_from_slice(b"\xe9\"}}");
        let repaired = String::from_utf8(vet(bad_utf8).unwrap()).unwrap();
        assert!(repaired.contains("caf\u{FFFD}"));
        assert_eq!(vet(b"{oops".to_vec()).unwrap_err()["error"]["code"], -32700);
        let invalid = vet(br#"{"jsonrpc":"2.0","id":4}"#.to_vec()).unwrap_err();
        assert_eq!((invalid["error"]["code"].clone(), invalid["id"].clone()), (json!(-32600), json!(4)));
        assert_eq!(vet(b"[1,2]".to_vec()).unwrap_err()["error"]["code"], -32600);
    }

    /// The quick reading of a message agrees with the whole one: it accepts only what the rules
    /// of `vet` accept on the parsed value, and it accepts the usual messages.
    #[test]
    fn the_quick_reading_accepts_what_the_whole_value_accepts() {
        let by_value = |text: &str| serde_json::from_str::<Value>(text).is_ok_and(|value| is_message(&value));
        let long = serde_json::to_string(&"Café 😀 — \"quoted\"\n\\ ".repeat(5000)).unwrap();
        let accepted = [
            r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#.to_string(),
            r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#.to_string(),
            r#" {"method":"exit","jsonrpc":"2.0"}"#.to_string(),
            r#"{"jsonrpc":"2.0","id":"a","result":null}"#.to_string(),
            r#"{"jsonrpc":"2.0","id":null,"error":{"code":1,"message":"x"}}"#.to_string(),
            r#"{"jsonrpc":"2\u002e0","method":"text\/document"}"#.to_string(),
            format!(
                r#"{{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{{"textDocument":{{"text":{long}}}}}}}"#
            ),
        ];
        for text in &accepted {
            assert!(is_well_formed(text), "{text:.80}");
            assert!(by_value(text), "{text:.80}");
        }
        let others = [
            "[1,2]",
            "{}",
            "null",
            r#"{"jsonrpc":"1.0","method":"x"}"#,
            r#"{"method":"x"}"#,
            r#"{"jsonrpc":"2.0","id":3}"#,
            r#"{"jsonrpc":"2.0","method":5}"#,
            r#"{"jsonrpc":"2.0","method":null,"id":1,"result":2}"#,
            r#"{"jsonrpc":"2.0","method":"x","method":7}"#,
            r#"{"jsonrpc":"2.0","method":"x"} trailing"#,
            r#"{"jsonrpc":2.0,"method":"x"}"#,
            r#"{"jsonrpc":"2.0","method":"x""#,
        ];
        for text in others {
            assert!(!is_well_formed(text) || by_value(text), "quick reading accepts {text}");
        }
        // Those the quick reading leaves to the whole value still get its verdict.
        assert!(vet(br#"{"jsonrpc":"2.0","method":null,"id":1,"result":2}"#.to_vec()).is_ok());
        assert_eq!(vet(br#"{"jsonrpc":"2.0","method":5}"#.to_vec()).unwrap_err()["error"]["code"], -32600);
    }

    /// A writer that keeps what it is given, and fails from the `fail_at`-th write on.
    #[derive(Clone, Default)]
    struct Kept {
        bytes: std::sync::Arc<std::sync::Mutex<Vec<u8>>>,
        writes: std::sync::Arc<std::sync::atomic::AtomicUsize>,
        fail_at: Option<usize>,
    }

    impl std::io::Write for Kept {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            let n = self.writes.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            if self.fail_at.is_some_and(|at| n >= at) {
                return Err(io::Error::new(io::ErrorKind::BrokenPipe, "reader gone"));
            }
            self.bytes.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    /// Bodies sent from several threads come out framed, each whole, each sender's in the order
    /// it sent them, and all of them before the thread stops at `end`.
    #[test]
    fn output_writes_every_body_whole_and_in_order() {
        let kept = Kept::default();
        let (output, thread) = Output::start(kept.clone()).unwrap();
        let senders: Vec<_> = (0..3)
            .map(|t| {
                let output = output.clone();
                std::thread::spawn(move || {
                    for i in 0..50 {
                        // Bodies of many sizes, some larger than any buffer on the way.
                        let body = format!("{{\"t\":{t},\"i\":{i},\"pad\":\"{}\"}}", "x".repeat(i * 997 % 70_000));
                        assert!(output.send(body.into_bytes()));
                    }
                })
            })
            .collect();
        senders.into_iter().for_each(|s| s.join().unwrap());
        output.end();
        thread.join().unwrap();
        let written = kept.bytes.lock().unwrap().clone();
        let mut next = [0; 3];
        for frame in frames(&written) {
            let Frame::Body(body) = frame else { panic!("broken frame {frame:?}") };
            let value: Value = serde_json::from_slice(&body).unwrap();
            let (t, i) = (value["t"].as_u64().unwrap() as usize, value["i"].as_u64().unwrap() as usize);
            assert_eq!(i, next[t], "sender {t} out of order");
            assert_eq!(value["pad"].as_str().unwrap().len(), i * 997 % 70_000);
            next[t] += 1;
        }
        assert_eq!(next, [50; 3]);
    }

    /// Once writing fails (the editor closed its end) the thread stops, senders learn it, and
    /// nothing blocks.
    #[test]
    fn output_reports_a_closed_stdout() {
        let kept = Kept { fail_at: Some(2), ..Kept::default() };
        let (output, thread) = Output::start(kept.clone()).unwrap();
        assert!(output.send(b"{}".to_vec()));
        assert!(output.send(b"[]".to_vec()));
        thread.join().unwrap();
        assert!(!output.send(b"{}".to_vec()));
        assert_eq!(*kept.bytes.lock().unwrap(), b"Content-Length: 2\r\n\r\n{}".to_vec());
    }
}
