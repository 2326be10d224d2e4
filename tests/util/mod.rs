//! A tiny synchronous LSP client for end-to-end tests, and helpers shared by the test modules.
//!
//! The client spawns the built `copydesk lsp`, frames messages with `Content-Length` headers on
//! the child's stdin, and reads the child's stdout on a thread that parses every frame into a
//! `serde_json::Value` and hands it over an mpsc channel. Another thread drains stderr into a
//! buffer so that a failing test can show what the server logged. Every wait has a deadline;
//! nothing here measures time to decide whether a test passes.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// How long any single wait may take before the test fails. Generous, because a loaded CI
/// machine is slow; a passing test never waits this long.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// The built binary.
pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_copydesk")
}

/// A `file:` URI for an absolute path, percent-encoding everything but unreserved characters.
pub fn file_uri(path: &Path) -> String {
    let path = path.to_str().expect("test paths are UTF-8");
    let mut out = String::from("file://");
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The capabilities a test client announces.
#[derive(Debug, Clone, Default)]
pub struct Init {
    /// `general.positionEncodings`; `None` leaves the field out.
    pub encodings: Option<Vec<&'static str>>,
    /// Announce `textDocument.diagnostic` (pull diagnostics) and diagnostic refresh support.
    pub pull: bool,
    /// The workspace folder (sent as `rootUri` and `workspaceFolders`).
    pub root: Option<PathBuf>,
    pub initialization_options: Option<Value>,
    /// Announce `workspace.configuration` and dynamic registration of watchers and settings.
    pub workspace_caps: bool,
}

impl Init {
    pub fn params(&self) -> Value {
        let mut caps = json!({
            "textDocument": {
                "synchronization": {"dynamicRegistration": false, "didSave": true},
                "hover": {"contentFormat": ["markdown", "plaintext"]},
                "codeAction": {"codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix"]}}},
                "publishDiagnostics": {"relatedInformation": true, "versionSupport": true},
            },
            "window": {"workDoneProgress": true, "showMessage": {}},
        });
        if let Some(encodings) = &self.encodings {
            caps["general"] = json!({ "positionEncodings": encodings });
        }
        if self.pull {
            caps["textDocument"]["diagnostic"] = json!({});
            caps["workspace"]["diagnostics"] = json!({"refreshSupport": true});
        }
        if self.workspace_caps {
            caps["workspace"]["configuration"] = json!(true);
            caps["workspace"]["didChangeWatchedFiles"] = json!({"dynamicRegistration": true});
            caps["workspace"]["didChangeConfiguration"] = json!({"dynamicRegistration": true});
            caps["workspace"]["workspaceFolders"] = json!(true);
        }
        let mut params = json!({
            "processId": std::process::id(),
            "clientInfo": {"name": "copydesk-tests"},
            "capabilities": caps,
        });
        match &self.root {
            Some(root) => {
                let uri = file_uri(root);
                params["rootUri"] = json!(uri);
                params["workspaceFolders"] = json!([{"uri": uri, "name": "root"}]);
            }
            None => params["rootUri"] = Value::Null,
        }
        if let Some(options) = &self.initialization_options {
            params["initializationOptions"] = options.clone();
        }
        params
    }
}

/// One running `copydesk lsp` and the client state of the conversation with it.
pub struct Lsp {
    child: Child,
    stdin: Option<ChildStdin>,
    rx: Receiver<Value>,
    stderr: Arc<Mutex<Vec<u8>>>,
    next_id: i64,
    /// Responses to our requests, by id, until they are claimed.
    responses: HashMap<String, Value>,
    /// Every notification the server sent, in order (publishDiagnostics included).
    pub notifications: Vec<Value>,
    /// How many of `notifications` [`Lsp::wait_for_notification`] has looked at already.
    notification_cursor: usize,
    /// Every `textDocument/publishDiagnostics` params, per URI, in order.
    diagnostics: HashMap<String, Vec<Value>>,
    /// Every request the server sent to us, in order.
    pub server_requests: Vec<Value>,
    /// The answer to each item of a `workspace/configuration` request.
    pub configuration: Value,
}

impl Lsp {
    /// Spawns `copydesk lsp` without initializing it.
    pub fn spawn() -> Lsp {
        let mut child = Command::new(bin())
            .arg("lsp")
            .env("COPYDESK_LOG", "info")
            .current_dir(std::env::temp_dir())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn copydesk lsp");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let stderr_pipe = child.stderr.take().expect("stderr");
        let stderr = Arc::new(Mutex::new(Vec::new()));
        {
            let stderr = stderr.clone();
            std::thread::spawn(move || {
                let mut pipe = stderr_pipe;
                let mut chunk = [0u8; 4096];
                loop {
                    match pipe.read(&mut chunk) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => stderr.lock().unwrap().extend_from_slice(&chunk[..n]),
                    }
                }
            });
        }
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if tx.send(message).is_err() {
                    break;
                }
            }
        });
        Lsp {
            child,
            stdin: Some(stdin),
            rx,
            stderr,
            next_id: 1,
            responses: HashMap::new(),
            notifications: Vec::new(),
            notification_cursor: 0,
            diagnostics: HashMap::new(),
            server_requests: Vec::new(),
            configuration: json!({}),
        }
    }

    /// Spawns the server and runs `initialize` / `initialized`. Returns the initialize result.
    pub fn start(init: &Init) -> (Lsp, Value) {
        let mut lsp = Lsp::spawn();
        let result = lsp.request("initialize", init.params());
        lsp.notify("initialized", json!({}));
        (lsp, result)
    }

    /// What the server wrote to stderr so far.
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.stderr.lock().unwrap()).into_owned()
    }

    /// Fails the test with `what` and the server's stderr.
    #[track_caller]
    pub fn fail(&self, what: &str) -> ! {
        panic!("{what}\n--- server stderr ---\n{}--- end of server stderr ---", self.stderr());
    }

    /// Writes raw bytes to the server's stdin.
    pub fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin is open");
        if let Err(err) = stdin.write_all(bytes).and_then(|()| stdin.flush()) {
            let message = format!("writing to the server failed: {err}");
            self.fail(&message);
        }
    }

    /// Sends one JSON-RPC message with its `Content-Length` header.
    pub fn send(&mut self, message: &Value) {
        let body = serde_json::to_vec(message).unwrap();
        let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        frame.extend_from_slice(&body);
        self.send_raw(&frame);
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and returns the whole response message (`result` or `error`).
    pub fn request_raw(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let key = json!(id).to_string();
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(response) = self.responses.remove(&key) {
                return response;
            }
            if !self.pump(deadline) {
                let message = format!("no response to {method} (id {id}) within {TIMEOUT:?}");
                self.fail(&message);
            }
        }
    }

    /// Sends a request and returns its `result`; an error response fails the test.
    #[track_caller]
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let response = self.request_raw(method, params);
        if let Some(error) = response.get("error") {
            let message = format!("{method} answered with an error: {error}");
            self.fail(&message);
        }
        response.get("result").cloned().unwrap_or(Value::Null)
    }

    /// Waits for one message (or `deadline`) and handles it. False when the deadline passed.
    /// A server that closes its output fails the test.
    fn pump(&mut self, deadline: Instant) -> bool {
        let now = Instant::now();
        if now >= deadline {
            return false;
        }
        match self.rx.recv_timeout(deadline - now) {
            Ok(message) => {
                self.handle(message);
                // Take whatever else already arrived, so that "latest" means latest.
                while let Ok(message) = self.rx.try_recv() {
                    self.handle(message);
                }
                true
            }
            Err(RecvTimeoutError::Timeout) => false,
            Err(RecvTimeoutError::Disconnected) => {
                let status = self.wait_exit(Duration::from_secs(2));
                let message = format!("the server closed its output (exit status {status:?})");
                self.fail(&message)
            }
        }
    }

    fn handle(&mut self, message: Value) {
        if message.get("copydesk-tests-malformed").is_some() {
            let text = format!("the server wrote a malformed message: {message}");
            self.fail(&text);
        }
        match (message.get("method"), message.get("id")) {
            (Some(method), Some(id)) => {
                let result = match method.as_str().unwrap_or_default() {
                    "workspace/configuration" => {
                        let n = message["params"]["items"].as_array().map_or(0, Vec::len);
                        Value::Array(vec![self.configuration.clone(); n])
                    }
                    // client/registerCapability, window/workDoneProgress/create,
                    // workspace/diagnostic/refresh and anything else: null.
                    _ => Value::Null,
                };
                let id = id.clone();
                self.server_requests.push(message);
                self.send(&json!({"jsonrpc": "2.0", "id": id, "result": result}));
            }
            (Some(method), None) => {
                if method == "textDocument/publishDiagnostics" {
                    let uri = message["params"]["uri"].as_str().unwrap_or_default().to_string();
                    self.diagnostics.entry(uri).or_default().push(message["params"].clone());
                }
                self.notifications.push(message);
            }
            (None, Some(id)) => {
                self.responses.insert(id.to_string(), message);
            }
            (None, None) => {
                let text = format!("the server wrote a message that is neither request nor response: {message}");
                self.fail(&text);
            }
        }
    }

    /// Handles everything that arrived so far without waiting.
    pub fn drain(&mut self) {
        while let Ok(message) = self.rx.try_recv() {
            self.handle(message);
        }
    }

    /// Waits until the latest `publishDiagnostics` for `uri` satisfies `predicate` and returns
    /// its params (`uri`, `version`, `diagnostics`).
    #[track_caller]
    pub fn wait_for_diagnostics(&mut self, uri: &str, predicate: impl Fn(&Value) -> bool, timeout: Duration) -> Value {
        let deadline = Instant::now() + timeout;
        self.drain();
        loop {
            if let Some(latest) = self.diagnostics.get(uri).and_then(|all| all.last()) {
                if predicate(latest) {
                    return latest.clone();
                }
            }
            if !self.pump(deadline) {
                let seen = self.diagnostics.get(uri).cloned().unwrap_or_default();
                let message = format!(
                    "no publishDiagnostics for {uri} satisfied the predicate within {timeout:?}; received:\n{}",
                    serde_json::to_string_pretty(&seen).unwrap()
                );
                self.fail(&message);
            }
        }
    }

    /// Every `publishDiagnostics` received so far for `uri`.
    pub fn published(&mut self, uri: &str) -> Vec<Value> {
        self.drain();
        self.diagnostics.get(uri).cloned().unwrap_or_default()
    }

    /// Waits for a notification `method` not returned before whose params satisfy `predicate`.
    #[track_caller]
    pub fn wait_for_notification(&mut self, method: &str, predicate: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            while self.notification_cursor < self.notifications.len() {
                let n = &self.notifications[self.notification_cursor];
                self.notification_cursor += 1;
                if n["method"] == method && predicate(&n["params"]) {
                    return n["params"].clone();
                }
            }
            if !self.pump(deadline) {
                let message = format!(
                    "no {method} notification satisfied the predicate within {TIMEOUT:?}; notifications:\n{}",
                    serde_json::to_string_pretty(&self.notifications).unwrap()
                );
                self.fail(&message);
            }
        }
    }

    /// Waits until the server has sent a request `method` and returns its params.
    #[track_caller]
    pub fn wait_for_server_request(&mut self, method: &str) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(request) = self.server_requests.iter().find(|r| r["method"] == method) {
                return request["params"].clone();
            }
            if !self.pump(deadline) {
                let message = format!("the server sent no {method} request within {TIMEOUT:?}");
                self.fail(&message);
            }
        }
    }

    pub fn did_open(&mut self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": version, "text": text}}),
        );
    }

    /// Replaces the whole text of an open document.
    pub fn did_change_full(&mut self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
    }

    pub fn hover(&mut self, uri: &str, line: u64, character: u64) -> Value {
        self.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
        )
    }

    pub fn code_actions(&mut self, uri: &str, range: Value) -> Value {
        self.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": range, "context": {"diagnostics": []}}),
        )
    }

    /// Closes stdin (the end of input for the server).
    pub fn close_stdin(&mut self) {
        self.stdin = None;
    }

    /// Polls for the process to end; `None` if it still runs after `timeout`.
    pub fn wait_exit(&mut self, timeout: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return Some(status);
            }
            if Instant::now() >= deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// `shutdown`, then `exit`; returns how the process ended.
    pub fn shutdown_and_exit(mut self) -> ExitStatus {
        let result = self.request("shutdown", Value::Null);
        assert_eq!(result, Value::Null, "shutdown returns null");
        self.notify("exit", Value::Null);
        match self.wait_exit(TIMEOUT) {
            Some(status) => status,
            None => self.fail("the server did not exit after shutdown and exit"),
        }
    }
}

impl Drop for Lsp {
    fn drop(&mut self) {
        self.stdin = None;
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

/// Reads one `Content-Length` framed message; `None` at the end of the stream. A frame that is
/// not JSON becomes a marker object that the client turns into a test failure.
fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut content_length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            if content_length.is_some() {
                break;
            }
            continue;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                content_length = value.trim().parse::<usize>().ok();
            }
        }
    }
    let mut body = vec![0u8; content_length?];
    reader.read_exact(&mut body).ok()?;
    Some(serde_json::from_slice(&body).unwrap_or_else(
        |err| json!({"copydesk-tests-malformed": err.to_string(), "body": String::from_utf8_lossy(&body)}),
    ))
}

// ---------------------------------------------------------------------------------------------
// Text positions, as a client computes them.

/// The byte ranges of the LSP lines of `text`: `(start, end of content, start of next line)`.
/// `\n`, `\r\n` and a lone `\r` end a line; a text ending in a line break has an empty last line.
pub fn lsp_lines(text: &str) -> Vec<(usize, usize, usize)> {
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                lines.push((start, i, i + 1));
                start = i + 1;
            }
            b'\r' => {
                let next = if bytes.get(i + 1) == Some(&b'\n') { i + 2 } else { i + 1 };
                lines.push((start, i, next));
                start = next;
                i = next;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    lines.push((start, bytes.len(), bytes.len()));
    lines
}

/// Byte offset of an LSP position, clamped as the specification says: a character past the
/// end of its line is the end of the line, a line past the end is the end of the text. A column
/// inside a character (half a surrogate pair) snaps to the character's start.
pub fn offset_at(text: &str, line: u64, character: u64, utf16: bool) -> usize {
    let lines = lsp_lines(text);
    let Some(&(start, end, _)) = lines.get(line as usize) else { return text.len() };
    let mut units = 0u64;
    for (i, ch) in text[start..end].char_indices() {
        let width = if utf16 { ch.len_utf16() } else { ch.len_utf8() } as u64;
        if units + width > character {
            return start + i;
        }
        units += width;
    }
    end
}

/// Applies LSP `TextEdit`s (UTF-16 positions, non-overlapping) to a text.
pub fn apply_text_edits(text: &str, edits: &[Value]) -> String {
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|edit| {
            let r = &edit["range"];
            let start =
                offset_at(text, r["start"]["line"].as_u64().unwrap(), r["start"]["character"].as_u64().unwrap(), true);
            let end =
                offset_at(text, r["end"]["line"].as_u64().unwrap(), r["end"]["character"].as_u64().unwrap(), true);
            (start, end, edit["newText"].as_str().unwrap().to_string())
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (start, end, new_text) in spans {
        out.replace_range(start..end, &new_text);
    }
    out
}

#[test]
fn client_side_positions_clamp_like_the_specification() {
    let text = "Café 😀\r\nab\rc\n";
    assert_eq!(lsp_lines(text).len(), 4);
    assert_eq!(offset_at(text, 0, 99, true), "Café 😀".len());
    assert_eq!(offset_at(text, 0, 6, true), "Café ".len(), "inside the surrogate pair");
    assert_eq!(offset_at(text, 0, 7, true), "Café 😀".len());
    assert_eq!(offset_at(text, 0, 4, false), "Caf".len(), "inside é in UTF-8");
    assert_eq!(offset_at(text, 1, 1, true), text.find("b").unwrap());
    assert_eq!(offset_at(text, 2, 0, true), text.find("c").unwrap());
    assert_eq!(offset_at(text, 3, 5, true), text.len());
    assert_eq!(offset_at(text, 40, 0, true), text.len());
}
