//! The `copydesk` binary: `copydesk check` for pipelines, `copydesk lsp` for editors.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "copydesk",
    version,
    about = "Checks news articles: conflicting figures, duplicate paragraphs, cut sentences, name variants."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check article files and folders and print what was found.
    Check(copydesk::cli::CheckArgs),
    /// Run the language server on stdin/stdout.
    Lsp {
        /// Accepted for clients that pass it; stdio is the only transport.
        #[arg(long)]
        stdio: bool,
    },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            // --help and --version are not errors; everything else is a usage error (2).
            let code = if err.use_stderr() { 2 } else { 0 };
            let _ = err.print();
            return ExitCode::from(code);
        }
    };
    match cli.command {
        Command::Check(args) => match copydesk::cli::run(args) {
            Ok(code) => ExitCode::from(code),
            Err(err) => {
                eprintln!("copydesk: {err:#}");
                ExitCode::from(2)
            }
        },
        Command::Lsp { stdio: _ } => {
            tune_malloc();
            // stdout carries the protocol: every log line goes to stderr.
            tracing_subscriber::fmt()
                .with_writer(std::io::stderr)
                .with_ansi(false)
                .with_env_filter(
                    tracing_subscriber::EnvFilter::try_from_env("COPYDESK_LOG")
                        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
                )
                .init();
            widen_pipes();
            let runtime = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
                Ok(runtime) => runtime,
                Err(err) => {
                    eprintln!("copydesk: cannot start the async runtime: {err}");
                    return ExitCode::from(2);
                }
            };
            let code = runtime.block_on(copydesk::lsp::run_stdio());
            // The runtime's blocking stdin reader may still wait for input that never comes
            // (a client that sends `exit` and keeps the pipe open): leave without waiting.
            std::process::exit(code);
        }
    }
}

/// When stdin and stdout are pipes (as editors start servers), asks for pipes of 1 MiB rather
/// than the 64 KiB Linux gives by default. The diagnostics of a long article run to a few
/// hundred kilobytes: through a 64 KiB pipe the server writes a piece, waits for the editor to
/// read it, and writes the next, and each hand-over waits for the other process to be
/// scheduled; through a wide one it writes them at once. The same holds for the text of a
/// document the editor opens. Anything else (a file, a terminal, a limit set lower by the
/// administrator) leaves the descriptor as it was.
fn widen_pipes() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    for fd in [0, 1] {
        // SAFETY: `fcntl` with F_SETPIPE_SZ only resizes the buffer of the pipe behind `fd`, and
        // fails without effect when `fd` is not a pipe.
        let size = unsafe { libc::fcntl(fd, libc::F_SETPIPE_SZ, 1 << 20) };
        if size < 0 {
            tracing::debug!("pipe buffer of fd {fd} left as it was: {}", std::io::Error::last_os_error());
        } else {
            tracing::debug!("pipe buffer of fd {fd} is {size} bytes");
        }
    }
}

/// glibc gives every thread that allocates its own arena, up to eight per core, and keeps the
/// memory freed in each: a server whose analysis runs on tokio's workers and on a pool of
/// threads for large documents ends up holding several copies of its peak. Two arenas keep the
/// peak near what is live, at no measurable cost in speed (see BENCHMARKS.md).
///
/// A fixed mmap threshold keeps glibc from raising it after the first large free (up to 32 MB),
/// which left copies of large tables in the heap: with it, the peak of the 1 MB bench fell from
/// 46–52 MB to 40–43 MB. At 2 MB, an article's text of up to 2 MB still comes from the heap, and
/// a trim threshold of 4 MB keeps that much free at the top of the heap rather than handing it
/// back at once: the copy of the text made at every keystroke then lands on pages already mapped
/// instead of faulting in 256 fresh ones, which took a millisecond of a keystroke. The price is
/// about 4 MB of peak on the 1 MB bench.
///
/// Without fast bins, freeing a large table no longer makes glibc sweep every small free chunk
/// into its lists first (`malloc_consolidate`), which took a tenth of a keystroke's time on the
/// 1 MB article; the per-thread cache still serves small allocations.
fn tune_malloc() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `mallopt` only sets an allocator parameter; it is called before any other thread
    // of this process exists.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
        libc::mallopt(libc::M_MMAP_THRESHOLD, 2 * 1024 * 1024);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 4 * 1024 * 1024);
        libc::mallopt(libc::M_MXFAST, 0);
    }
}
