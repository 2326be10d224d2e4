//! End-to-end latency of `copydesk lsp` over stdio, as an editor sees it.
//!
//! Spawns the built binary, talks to it like VS Code does (UTF-16 positions only, push
//! diagnostics, `window.workDoneProgress`, `workspace.configuration`, dynamic registration) and
//! measures with the wall clock of this process:
//!
//! - open: `textDocument/didOpen` of a ~1 MB article until the first `publishDiagnostics` for it,
//!   once for an untitled buffer whose text the server has never seen, then five times for the
//!   article file under the workspace root (first open, then close and reopen), which the server
//!   has already read and parsed while indexing but not checked. The first open and the reopens
//!   are reported apart: a reopened buffer whose text is the file's keeps what was computed;
//! - keystroke: a one-character incremental `didChange` in the middle of the article until the
//!   `publishDiagnostics` carrying the new version, 30 times at different places. The time is
//!   raw: it includes the configured debounce, which is reported beside it and never subtracted.
//!   Every time is taken when the last byte of the answering frame has been read; turning the
//!   frame into a JSON tree is the client's work and is reported on its own (a `serde_json`
//!   `Value` of a 1 MB article's diagnostics takes this client a few milliseconds);
//!   The series runs twice per server: back to back (each edit sent as soon as the publish of
//!   the one before has arrived) and at a fast typist's pace (a pause of `TYPING_PAUSE` after
//!   each publish). Each server runs with the default debounce, then `debounce-ms = 0`;
//! - memory: the server's peak resident set (`VmHWM` in /proc/<pid>/status) after the run;
//! - the CLI: `copydesk check` over a folder of 200 generated 4 KB articles (wall time).
//!
//! Nothing is asserted: this is a measurement, not a test. Run with
//! `cargo bench --bench lsp_latency`; BENCHMARKS.md records the figures and the machine.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// The debounce the server applies when nothing configures it (`DEFAULT_DEBOUNCE_MS`).
const DEFAULT_DEBOUNCE_MS: u64 = copydesk::config::DEFAULT_DEBOUNCE_MS;
/// Size of the article opened in the editor.
const LARGE: usize = 1 << 20;
/// How many one-character edits each keystroke series makes.
const KEYSTROKES: usize = 30;
/// The pause after each publish in the second series of keystrokes: a keystroke every 100 ms
/// or so is a fast typist (120 words a minute); the first series sends each edit as soon as
/// the publish before it has arrived, so each also meets the freeing of the version before.
const TYPING_PAUSE: Duration = Duration::from_millis(100);
/// How many times the article is opened (the first open, then close and reopen).
const OPENS: usize = 5;
/// Articles and runs of the CLI measurement.
const CLI_ARTICLES: usize = 200;
const CLI_RUNS: usize = 5;
/// The longest any single wait may take; a server that misses it is reported, not waited for.
const TIMEOUT: Duration = Duration::from_secs(20);

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --all-targets` runs bench targets without it,
    // and a 20-second measurement has no place in a test run.
    if !std::env::args().any(|arg| arg == "--bench") {
        println!("lsp_latency: a benchmark; run it with `cargo bench --bench lsp_latency`");
        return;
    }
    let root = tempfile::tempdir().expect("temp dir");
    let text = generate::article(1, LARGE, 40);
    let path = root.path().join("story").join("large.txt");
    std::fs::create_dir_all(path.parent().unwrap()).expect("create story folder");
    std::fs::write(&path, &text).expect("write article");
    let sites = edit_sites(&text, KEYSTROKES);

    println!("copydesk lsp latency: {} ({} bytes, {} lines)", path.display(), text.len(), text.lines().count());
    // Other processes on the machine skew every figure below; say how busy it was.
    println!("load average at start: {}", load_average());
    println!();

    let default = session(root.path(), &path, &text, &sites, None);
    let no_debounce = session(root.path(), &path, &text, &sites, Some(json!({ "debounce-ms": 0 })));
    let cli = cli_runs();

    println!("load average at end: {}", load_average());
    println!();
    println!("| measurement | debounce | median | p95 | min | max | n |");
    println!("|---|---|---|---|---|---|---|");
    for (label, s) in [("default", &default), ("debounce-ms = 0", &no_debounce)] {
        let debounce = format!("{} ms", s.debounce_ms);
        let untitled = Vec::from_iter(s.untitled_open);
        row(&format!("didOpen 1 MB untitled buffer -> first publishDiagnostics ({label})"), &debounce, &untitled);
        let (first, reopens) = s.opens.split_at(s.opens.len().min(1));
        row(&format!("didOpen 1 MB file, first open -> first publishDiagnostics ({label})"), &debounce, first);
        row(
            &format!("didOpen 1 MB file, reopened unchanged -> first publishDiagnostics ({label})"),
            &debounce,
            reopens,
        );
        row(&format!("keystroke -> publishDiagnostics of new version ({label})"), &debounce, &s.keystrokes);
        row(
            &format!("keystroke every {} ms -> publishDiagnostics of new version ({label})", TYPING_PAUSE.as_millis()),
            &debounce,
            &s.typed,
        );
    }
    row(&format!("`copydesk check` over {CLI_ARTICLES} x 4 KB articles (wall)"), "n/a", &cli);
    println!();
    println!(
        "| server | CPU per untitled open | CPU per keystroke | diagnostics | missed publishes | VmHWM after run | \
         VmRSS after run |"
    );
    println!("|---|---|---|---|---|---|---|");
    for (label, s) in [("default", &default), ("debounce-ms = 0", &no_debounce)] {
        println!(
            "| {label} | {:.0} ms | {:.1} ms | {} | {} | {:.1} MB | {:.1} MB |",
            s.untitled_cpu,
            s.keystroke_cpu,
            s.diagnostics,
            s.missed,
            s.hwm_kb as f64 / 1024.0,
            s.rss_kb as f64 / 1024.0
        );
    }
}

/// What one server process measured.
struct Session {
    debounce_ms: u64,
    /// Milliseconds from `didOpen` of an untitled buffer with a new 1 MB article to its first
    /// publish: nothing computed before, no file on disk.
    untitled_open: Option<f64>,
    /// Server CPU time (user + system) spent over that open, in milliseconds.
    untitled_cpu: f64,
    /// Milliseconds from sending `didOpen` of the article file to the first publish of that
    /// version: the first open, then reopens after `didClose`.
    opens: Vec<f64>,
    /// Milliseconds from sending a one-character `didChange` to the publish of its version,
    /// each edit sent as soon as the publish of the one before has arrived.
    keystrokes: Vec<f64>,
    /// The same, with [`TYPING_PAUSE`] after each publish: what a fast typist sees.
    typed: Vec<f64>,
    /// Server CPU time per keystroke over the series, in milliseconds.
    keystroke_cpu: f64,
    /// Diagnostics in the first publish after opening.
    diagnostics: usize,
    /// Edits whose version was never published within [`TIMEOUT`].
    missed: usize,
    hwm_kb: u64,
    rss_kb: u64,
}

fn session(root: &Path, path: &Path, text: &str, sites: &[(u32, u32)], options: Option<Value>) -> Session {
    let debounce_ms =
        options.as_ref().and_then(|o| o.get("debounce-ms")).and_then(Value::as_u64).unwrap_or(DEFAULT_DEBOUNCE_MS);
    let label = if options.is_some() { "debounce-ms = 0" } else { "default debounce" };
    println!("== server with {label} ({debounce_ms} ms)");
    let mut server = Server::spawn();
    let root_uri = file_uri(root);
    let mut init = json!({
        "processId": std::process::id(),
        "clientInfo": {"name": "copydesk-bench"},
        "rootUri": root_uri,
        "workspaceFolders": [{"uri": root_uri, "name": "bench"}],
        "capabilities": {
            "general": {"positionEncodings": ["utf-16"]},
            "window": {"workDoneProgress": true, "showMessage": {}},
            "workspace": {
                "configuration": true,
                "workspaceFolders": true,
                "didChangeConfiguration": {"dynamicRegistration": true},
                "didChangeWatchedFiles": {"dynamicRegistration": true},
            },
            "textDocument": {
                "synchronization": {"dynamicRegistration": true, "didSave": true},
                "publishDiagnostics": {"relatedInformation": true, "versionSupport": true},
                "hover": {"contentFormat": ["markdown", "plaintext"]},
            },
        },
    });
    if let Some(options) = options {
        init["initializationOptions"] = options;
    }
    let id = server.request("initialize", init);
    server.wait(|m| m["id"] == id).expect("initialize response");
    server.notify("initialized", json!({}));
    // Opening while the server still indexes the workspace would time the indexing too.
    if server.wait(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end").is_none() {
        println!("   (no end of indexing progress seen; measuring anyway)");
    }

    // A buffer that is no file (pasted copy): nothing about its text is known to the server.
    let untitled = "untitled:Untitled-1";
    let pasted = generate::article(7, LARGE, 40);
    let cpu = server.cpu_ms();
    let untitled_open = server.open(untitled, 1, &pasted).map(|(ms, _)| ms);
    let untitled_cpu = server.cpu_ms() - cpu;
    server.notify("textDocument/didClose", json!({"textDocument": {"uri": untitled}}));
    server.wait(|m| is_publish(m, untitled) && m["params"]["version"].is_null());
    println!(
        "   open untitled buffer (ms): {} (server CPU {untitled_cpu:.0} ms)",
        list(&Vec::from_iter(untitled_open))
    );

    // The article file under the root, which the server has read while indexing.
    let uri = file_uri(path);
    let mut version = 0;
    let mut opens = Vec::new();
    let mut diagnostics = 0;
    for i in 0..OPENS {
        if i > 0 {
            server.notify("textDocument/didClose", json!({"textDocument": {"uri": uri}}));
            server.wait(|m| is_publish(m, &uri) && m["params"]["version"].is_null());
            // didClose re-reads the file and refreshes the story; let that finish.
            std::thread::sleep(Duration::from_millis(200));
        }
        version += 1;
        match server.open(&uri, version, text) {
            Some((ms, count)) => {
                opens.push(ms);
                if i == 0 {
                    diagnostics = count;
                }
            }
            None => println!("   open {i}: no diagnostics within {TIMEOUT:?}"),
        }
    }
    println!("   open file (ms): {}", list(&opens));
    println!("   diagnostics on open: {diagnostics}");

    let mut missed = 0;
    let cpu = server.cpu_ms();
    let mut type_at = |server: &mut Server, pause: Duration| {
        let mut times = Vec::new();
        for &(line, character) in sites {
            version += 1;
            let position = json!({"line": line, "character": character});
            let frame = frame(&json!({
                "jsonrpc": "2.0",
                "method": "textDocument/didChange",
                "params": {
                    "textDocument": {"uri": uri, "version": version},
                    "contentChanges": [{"range": {"start": position, "end": position}, "text": "x"}],
                },
            }));
            let sent = Instant::now();
            server.send_frame(&frame);
            match server.wait(|m| is_publish(m, &uri) && m["params"]["version"] == version) {
                Some((at, _)) => times.push(ms(at - sent)),
                None => missed += 1,
            }
            std::thread::sleep(pause);
        }
        times
    };
    let keystrokes = type_at(&mut server, Duration::ZERO);
    let keystroke_cpu = (server.cpu_ms() - cpu) / sites.len() as f64;
    let typed = type_at(&mut server, TYPING_PAUSE);
    println!("   keystroke, back to back (ms): {}", list(&keystrokes));
    println!("   keystroke, one every {TYPING_PAUSE:?} (ms): {}", list(&typed));
    println!("   server CPU per keystroke: {keystroke_cpu:.1} ms");
    if missed > 0 {
        println!("   {missed} edits got no publishDiagnostics within {TIMEOUT:?}");
    }
    let (hwm_kb, rss_kb) = server.memory();
    println!("   VmHWM {hwm_kb} kB, VmRSS {rss_kb} kB");
    let mut parses = server.parses.lock().unwrap().clone();
    parses.sort_by(f64::total_cmp);
    if let Some(median) = parses.get(parses.len() / 2) {
        println!("   client JSON parse of a publishDiagnostics frame, not in the times above: median {median:.1} ms");
    }
    server.shutdown();
    Session {
        debounce_ms,
        untitled_open,
        untitled_cpu,
        opens,
        keystrokes,
        typed,
        keystroke_cpu,
        diagnostics,
        missed,
        hwm_kb,
        rss_kb,
    }
}

/// `copydesk check` over a folder of generated 4 KB articles; wall time of each run in ms.
fn cli_runs() -> Vec<f64> {
    let dir = tempfile::tempdir().expect("temp dir");
    let story = dir.path().join("story");
    std::fs::create_dir_all(&story).expect("create story folder");
    let mut bytes = 0;
    for i in 0..CLI_ARTICLES {
        let text = generate::article(1000 + i as u64, 4 << 10, 6);
        bytes += text.len();
        std::fs::write(story.join(format!("{i:03}.txt")), text).expect("write article");
    }
    println!("== copydesk check over {CLI_ARTICLES} articles ({bytes} bytes) in one folder");
    let mut runs = Vec::new();
    for _ in 0..CLI_RUNS {
        let start = Instant::now();
        let status = Command::new(env!("CARGO_BIN_EXE_copydesk"))
            .args(["check", "--no-progress"])
            .arg(&story)
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("run copydesk check");
        runs.push(ms(start.elapsed()));
        if status.code() != Some(1) {
            println!("   unexpected exit status {status} (1 means findings, as generated)");
        }
    }
    println!("   wall (ms): {}", list(&runs));
    runs
}

/// `count` places in the middle fifth of the article's non-empty lines, a few characters in.
/// Lines only grow under the inserts, so every place stays valid. The generator writes no
/// characters outside the BMP, so these are UTF-16 columns as well as character counts.
fn edit_sites(text: &str, count: usize) -> Vec<(u32, u32)> {
    let lines: Vec<usize> =
        text.split('\n').enumerate().filter(|(_, line)| line.chars().count() > 40).map(|(i, _)| i).collect();
    let middle = &lines[lines.len() * 2 / 5..lines.len() * 3 / 5];
    (0..count).map(|k| (middle[k * middle.len() / count] as u32, 5 + (k % 20) as u32)).collect()
}

/// The first three fields of /proc/loadavg (1, 5 and 15 minutes).
fn load_average() -> String {
    let text = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    text.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
}

fn is_publish(msg: &Value, uri: &str) -> bool {
    msg["method"] == "textDocument/publishDiagnostics" && msg["params"]["uri"] == uri
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn list(values: &[f64]) -> String {
    values.iter().map(|v| format!("{v:.1}")).collect::<Vec<_>>().join(" ")
}

/// A table row: median, p95 (nearest rank), min and max.
fn row(label: &str, debounce: &str, values: &[f64]) {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    if n == 0 {
        println!("| {label} | {debounce} | - | - | - | - | 0 |");
        return;
    }
    let median = if n % 2 == 1 { sorted[n / 2] } else { (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0 };
    let p95 = sorted[(n * 95).div_ceil(100) - 1];
    println!(
        "| {label} | {debounce} | {median:.1} ms | {p95:.1} ms | {:.1} ms | {:.1} ms | {n} |",
        sorted[0],
        sorted[n - 1]
    );
}

/// A `file:` URI, percent-encoding everything but unreserved characters and `/`.
fn file_uri(path: &Path) -> String {
    let mut out = String::from("file://");
    for b in path.to_str().expect("UTF-8 temp path").bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn frame(msg: &Value) -> Vec<u8> {
    let body = serde_json::to_vec(msg).expect("serialize");
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(&body);
    out
}

/// One `copydesk lsp` process. A reader thread timestamps every message as it arrives and
/// answers the server's own requests at once, as an editor would.
struct Server {
    child: Child,
    stdin: Arc<Mutex<ChildStdin>>,
    rx: Receiver<(Instant, Value)>,
    next_id: i64,
    /// How long this client took to parse each `publishDiagnostics` frame, in ms.
    parses: Arc<Mutex<Vec<f64>>>,
}

impl Server {
    fn spawn() -> Server {
        // `COPYDESK_BIN` runs another build of the server (to compare two commits on one
        // machine state, in alternation).
        let bin = std::env::var("COPYDESK_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_copydesk").into());
        let mut child = Command::new(bin)
            .arg("lsp")
            // `COPYDESK_LOG=debug` shows where each analysis spent its time.
            .env("COPYDESK_LOG", std::env::var("COPYDESK_LOG").unwrap_or_else(|_| "warn".into()))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("spawn copydesk lsp");
        let stdin = Arc::new(Mutex::new(child.stdin.take().expect("stdin")));
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel();
        let answer = stdin.clone();
        let parses = Arc::new(Mutex::new(Vec::new()));
        let reader_parses = parses.clone();
        std::thread::spawn(move || {
            let parses = reader_parses;
            let mut reader = BufReader::new(stdout);
            while let Some((at, parse, msg)) = read_frame(&mut reader) {
                if msg["method"] == "textDocument/publishDiagnostics" {
                    parses.lock().unwrap().push(ms(parse));
                }
                if let (Some(method), Some(id)) = (msg["method"].as_str(), msg.get("id")) {
                    let result = match method {
                        // One empty settings object per item: the user set nothing.
                        "workspace/configuration" => {
                            let items = msg["params"]["items"].as_array().map_or(1, Vec::len);
                            Value::Array(vec![json!({}); items])
                        }
                        // client/registerCapability, window/workDoneProgress/create and the rest.
                        _ => Value::Null,
                    };
                    let reply = frame(&json!({"jsonrpc": "2.0", "id": id, "result": result}));
                    let mut stdin = answer.lock().unwrap();
                    if stdin.write_all(&reply).and_then(|()| stdin.flush()).is_err() {
                        break;
                    }
                }
                if tx.send((at, msg)).is_err() {
                    break;
                }
            }
        });
        Server { child, stdin, rx, next_id: 1, parses }
    }

    fn send_frame(&self, frame: &[u8]) {
        let mut stdin = self.stdin.lock().unwrap();
        stdin.write_all(frame).and_then(|()| stdin.flush()).expect("write to server");
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = json!(self.next_id);
        self.next_id += 1;
        self.send_frame(&frame(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params})));
        id
    }

    fn notify(&self, method: &str, params: Value) {
        self.send_frame(&frame(&json!({"jsonrpc": "2.0", "method": method, "params": params})));
    }

    /// The first message from now on that satisfies `pred`, with its arrival time; the messages
    /// before it are dropped.
    fn wait(&self, pred: impl Fn(&Value) -> bool) -> Option<(Instant, Value)> {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            match self.rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                Ok((at, msg)) if pred(&msg) => return Some((at, msg)),
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return None,
            }
        }
    }

    /// CPU time the server has used so far (user + system), in milliseconds. Unlike the wall
    /// clock it does not grow when other processes compete for the cores; its resolution is one
    /// clock tick (10 ms), so it is read around whole series.
    fn cpu_ms(&self) -> f64 {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).unwrap_or_default();
        // Fields after the command name, which is in parentheses and may hold spaces: utime and
        // stime are the 14th and 15th fields of the line, in ticks of 1/100 s (USER_HZ).
        let fields: Vec<&str> = stat.rsplit_once(')').map_or("", |(_, rest)| rest).split_whitespace().collect();
        let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<u64>().ok()).unwrap_or(0);
        (ticks(11) + ticks(12)) as f64 * 10.0
    }

    /// (VmHWM, VmRSS) in kB.
    fn memory(&self) -> (u64, u64) {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find_map(|line| line.strip_prefix(name))
                .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
                .unwrap_or(0)
        };
        (field("VmHWM:"), field("VmRSS:"))
    }

    /// Sends `didOpen` and waits for the diagnostics of that version: (milliseconds, count).
    fn open(&self, uri: &str, version: i32, text: &str) -> Option<(f64, usize)> {
        let frame = frame(&json!({
            "jsonrpc": "2.0",
            "method": "textDocument/didOpen",
            "params": {"textDocument": {"uri": uri, "languageId": "plaintext", "version": version, "text": text}},
        }));
        let sent = Instant::now();
        self.send_frame(&frame);
        let (at, msg) = self.wait(|m| is_publish(m, uri) && m["params"]["version"] == version)?;
        Some((ms(at - sent), msg["params"]["diagnostics"].as_array().map_or(0, Vec::len)))
    }

    /// `shutdown`, then `exit`, then waits for the process (killing it only if it hangs).
    fn shutdown(mut self) {
        let id = self.request("shutdown", Value::Null);
        if self.wait(|m| m["id"] == id && m.get("method").is_none()).is_none() {
            println!("   no response to shutdown");
        }
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            match self.child.try_wait() {
                Ok(Some(status)) => {
                    if !status.success() {
                        println!("   server exited with {status}");
                    }
                    return;
                }
                Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(10)),
                _ => {
                    println!("   server did not exit after `exit`; killing it");
                    let _ = self.child.kill();
                    let _ = self.child.wait();
                    return;
                }
            }
        }
    }
}

/// Reads one `Content-Length` framed JSON message; `None` at the end of the stream.
/// Returns when its last byte was read and how long parsing it took.
fn read_frame(reader: &mut impl BufRead) -> Option<(Instant, Duration, Value)> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length:") {
            length = value.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    let arrived = Instant::now();
    let value = serde_json::from_slice(&body).ok()?;
    Some((arrived, arrived.elapsed(), value))
}

/// Deterministic news copy, shared by the benches.
#[path = "common/generate.rs"]
mod generate;
