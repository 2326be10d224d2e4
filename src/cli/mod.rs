//! `copydesk check`: the engine over files, for pipelines.
//!
//! Walks the given files and folders with the server's globs and configuration, checks every
//! article against its story, and renders the findings as human excerpts, JSON
//! (docs/json-output.md) or SARIF 2.1.0. Exit codes: 0 clean, 1 something flagged, 2 usage or
//! I/O error.

pub mod render;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

use crate::analysis::{CheckId, Workspace};
use crate::config::{CheckSettings, Config, PartialConfig, Scope, CONFIG_FILE};
use crate::files;

/// Output formats of `copydesk check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Sarif,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files and folders to check (folders are walked recursively with the configured globs).
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Turn a check off by its id (repeatable, or comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub disable: Vec<String>,
    /// Run only these checks (repeatable, or comma-separated); `--disable` still applies.
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// Which articles are one story: file, folder or workspace (overrides the config file).
    #[arg(long, value_enum)]
    pub scope: Option<ScopeArg>,
    /// Configuration file (default: ./.copydesk.toml when present).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Never draw a progress bar.
    #[arg(long)]
    pub no_progress: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ScopeArg {
    File,
    Folder,
    Workspace,
}

impl From<ScopeArg> for Scope {
    fn from(scope: ScopeArg) -> Scope {
        match scope {
            ScopeArg::File => Scope::File,
            ScopeArg::Folder => Scope::Folder,
            ScopeArg::Workspace => Scope::Workspace,
        }
    }
}

/// What a run found, ready to render.
pub struct Report {
    pub workspace: Workspace,
    pub findings: Vec<crate::analysis::Finding>,
    pub skipped: Vec<files::Skipped>,
    pub files: usize,
}

/// Runs `copydesk check` and returns the exit code.
pub fn run(args: CheckArgs) -> anyhow::Result<u8> {
    let config = load_config(&args)?;
    let progress = !args.no_progress && std::io::stderr().is_terminal();
    let report = check_paths(&args.paths, &config, progress)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let color =
        args.format == Format::Human && std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let written = match args.format {
        Format::Human => render::human(&mut out, &report, color),
        Format::Json => render::json(&mut out, &report),
        Format::Sarif => render::sarif(&mut out, &report),
    }
    .and_then(|()| out.flush());
    match written {
        Ok(()) => {}
        // A closed pipe (`copydesk check | head`) is the reader's choice, not a failure.
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => return Ok(exit_code(&report)),
        Err(err) => return Err(err).context("writing the report"),
    }
    for skipped in &report.skipped {
        eprintln!("copydesk: skipped {}: {}", skipped.path.display(), skipped.reason);
    }
    Ok(exit_code(&report))
}

fn exit_code(report: &Report) -> u8 {
    u8::from(!report.findings.is_empty())
}

fn load_config(args: &CheckArgs) -> anyhow::Result<Config> {
    let path = match &args.config {
        Some(path) => Some(path.clone()),
        None => Some(PathBuf::from(CONFIG_FILE)).filter(|p| p.is_file()),
    };
    let mut layers = Vec::new();
    if let Some(path) = path {
        let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
        let layer = PartialConfig::from_toml(&text).map_err(|err| anyhow::anyhow!("{}: {err}", path.display()))?;
        layers.push(layer);
    }
    let mut cli = PartialConfig { scope: args.scope.map(Scope::from), ..Default::default() };
    for (flag, ids) in [("--select", &args.select), ("--disable", &args.disable)] {
        if let Some(id) = ids.iter().find(|id| CheckId::from_str(id).is_none()) {
            let known: Vec<&str> = CheckId::ALL.iter().map(|c| c.as_str()).collect();
            bail!("unknown check `{id}` for {flag}; known checks: {}", known.join(", "));
        }
    }
    for &id in CheckId::ALL {
        let selected = args.select.is_empty() || args.select.iter().any(|s| s == id.as_str());
        let disabled = args.disable.iter().any(|s| s == id.as_str());
        if !selected || disabled {
            cli.checks.insert(id.as_str().to_string(), CheckSettings { enabled: Some(false), ..Default::default() });
        }
    }
    layers.push(cli);
    Ok(Config::layered(&layers))
}

/// Loads the articles under `paths` and checks each against its story.
pub fn check_paths(paths: &[PathBuf], config: &Config, progress: bool) -> anyhow::Result<Report> {
    let mut candidates = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).with_context(|| format!("cannot read {}", path.display()))?;
        if meta.is_dir() {
            candidates.extend(files::walk(path, config));
        } else {
            // A file named on the command line is checked whatever its extension.
            candidates.push(path.clone());
        }
    }
    candidates.sort();
    candidates.dedup();
    let bar = if progress && candidates.len() > 200 {
        indicatif::ProgressBar::new(candidates.len() as u64)
    } else {
        indicatif::ProgressBar::hidden()
    };
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {pos}/{len}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar.set_message("reading");
    let mut workspace = Workspace::new();
    let mut skipped = Vec::new();
    let mut texts = Vec::new();
    for path in &candidates {
        match files::read_article(path, config.max_file_size) {
            Ok(text) => texts.push((files::doc_name(&display_path(path)), std::sync::Arc::from(text))),
            Err(skip) => skipped.push(skip),
        }
        bar.inc(1);
    }
    let ids = workspace.set_many(texts);
    bar.set_position(0);
    bar.set_length(ids.len() as u64);
    bar.set_message("checking");
    let mut findings = Vec::new();
    for &id in &ids {
        findings.extend(workspace.check(id, config));
        bar.inc(1);
    }
    bar.finish_and_clear();
    findings.sort_by(|a, b| {
        (&workspace.doc(a.doc).name, a.span.start, a.check).cmp(&(&workspace.doc(b.doc).name, b.span.start, b.check))
    });
    Ok(Report { files: ids.len(), workspace, findings, skipped })
}

/// Paths are shown as the user typed them, without a leading `./`.
fn display_path(path: &Path) -> PathBuf {
    path.strip_prefix(".").map(Path::to_path_buf).unwrap_or_else(|_| path.to_path_buf())
}
