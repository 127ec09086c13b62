//! `shipshape-lsp`: the language server binary. Speaks LSP on stdin/stdout; logs to stderr
//! (`SHIPSHAPE_LOG=debug` for more).
#![deny(clippy::print_stdout, clippy::print_stderr)]

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

// The CLI's allocator (see cli/src/main.rs): every change is parsed and checked again.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const HELP: &str = "\
shipshape-lsp: language server for shipshape (Dockerfiles, Compose files, Kubernetes manifests)

Usage: shipshape-lsp [--stdio]

Speaks the Language Server Protocol on stdin/stdout. Logs go to stderr; set SHIPSHAPE_LOG
(e.g. `debug`, `shipshape_lsp=trace`) to change the level.

Options:
  --stdio        Use stdin/stdout (the default and only transport)
  -V, --version  Print the version
  -h, --help     Print this help
";

fn main() -> ExitCode {
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--stdio" => {}
            "-V" | "--version" => {
                let _ = writeln!(
                    std::io::stdout(),
                    "shipshape-lsp {}",
                    shipshape_workspace::version()
                );
                return ExitCode::SUCCESS;
            }
            "-h" | "--help" => {
                let _ = write!(std::io::stdout(), "{HELP}");
                return ExitCode::SUCCESS;
            }
            other => {
                let _ = writeln!(
                    std::io::stderr(),
                    "shipshape-lsp: unknown argument `{other}` (see --help)"
                );
                return ExitCode::from(2);
            }
        }
    }
    init_logging();
    std::panic::set_hook(Box::new(|info| {
        tracing::error!("panic: {info}");
    }));
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            tracing::error!(%error, "cannot start the async runtime");
            return ExitCode::from(2);
        }
    };
    let result = runtime.block_on(shipshape_lsp::serve_stdio());
    // Do not wait for checks still running on blocking threads.
    runtime.shutdown_timeout(Duration::from_millis(100));
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => {
            tracing::warn!("exit without shutdown");
            ExitCode::from(1)
        }
        Err(error) => {
            tracing::error!(%error, "server failed");
            ExitCode::from(2)
        }
    }
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("SHIPSHAPE_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .with_target(false)
        .init();
}
