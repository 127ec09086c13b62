//! One pass over one kind of the shared corpus: `check`, or the bare parse that issue 19 takes
//! as the floor (the same code as the `corpus` benchmark's). Under callgrind, the two give
//! instruction counts that do not depend on the machine's load:
//!
//! ```sh
//! cargo build --release -p shipshape-core --example profile_kind
//! valgrind --tool=callgrind --toggle-collect='profile_kind::run' target/release/examples/profile_kind check k8s
//! valgrind --tool=callgrind --toggle-collect='profile_kind::run' target/release/examples/profile_kind bare k8s
//! ```
//!
//! Kinds: `dockerfile`, `compose`, `k8s`. A third argument repeats the pass, for a sampling
//! profiler (`perf record -e cpu-clock`). The corpus is `$SHIPSHAPE_CORPUS` or `../shared/corpus`.

#[path = "../benches/common/mod.rs"]
mod common;

use std::process::ExitCode;

use shipshape_core::{check, Config, Document, FileKind};

// The allocator the CLI uses (see cli/src/main.rs), for the floor and the checks alike.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (mode, kind_name, repeat) = match args.as_slice() {
        [mode, kind] => (mode, kind, 1),
        [mode, kind, repeat] if repeat.parse::<usize>().is_ok() => {
            (mode, kind, repeat.parse().unwrap_or(1))
        }
        _ => {
            eprintln!("usage: profile_kind check|bare dockerfile|compose|k8s [REPEAT]");
            return ExitCode::FAILURE;
        }
    };
    let kind = match kind_name.as_str() {
        "dockerfile" => FileKind::Dockerfile,
        "compose" => FileKind::Compose,
        "k8s" => FileKind::Kubernetes,
        other => {
            eprintln!("unknown kind `{other}`");
            return ExitCode::FAILURE;
        }
    };
    let files = common::load(&common::corpus_dir().join(kind_name), kind);
    let mut count = 0;
    for _ in 0..repeat {
        let Some(found) = run(mode, &files) else {
            eprintln!("unknown mode `{mode}`");
            return ExitCode::FAILURE;
        };
        count = found;
    }
    println!("{} files, {count}", files.len());
    ExitCode::SUCCESS
}

/// The measured work, apart from reading the files: `--toggle-collect=profile_kind::run`.
#[inline(never)]
fn run(mode: &str, files: &common::Files) -> Option<usize> {
    let config = Config::default();
    match mode {
        "check" => Some(
            files
                .iter()
                .map(|(path, text, kind)| check(&Document::new(path, text, *kind), &config).len())
                .sum(),
        ),
        "bare" => Some(
            files
                .iter()
                .map(|(_, text, kind)| common::bare_parse(text, *kind))
                .sum(),
        ),
        _ => None,
    }
}
