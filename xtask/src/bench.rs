//! `cargo xtask bench`: per kind of the shared corpus, in one run, the floor (the bare parse of
//! the same bytes), the core's `check`, and the CLI end to end on one thread, with the ratios
//! issue 19 sets (core ≤ 2x and CLI ≤ 3x of the floor for Compose and Kubernetes).
//!
//! The floor and the core come from the criterion benchmark `core/benches/corpus.rs` (groups
//! `bare-parse` and `check`, read back from criterion's `estimates.json`: the median). The CLI
//! is `shipshape check --format json --fail-on never --no-config --kind K FILES…` with
//! `RAYON_NUM_THREADS=1`, the same files named on the command line, timed by hyperfine
//! (median). The table is printed and written to `target/bench/summary.md`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::peers;

/// A corpus kind: its folder (also the criterion label), its `--kind`, its name in the table,
/// and the most the core and the CLI may cost against the floor (none for Dockerfiles: a line
/// scan is no parser).
struct Kind {
    dir: &'static str,
    cli_kind: &'static str,
    label: &'static str,
    limits: Option<(f64, f64)>,
}

const KINDS: &[Kind] = &[
    Kind {
        dir: "dockerfile",
        cli_kind: "dockerfile",
        label: "Dockerfile",
        limits: None,
    },
    Kind {
        dir: "compose",
        cli_kind: "compose",
        label: "Compose",
        limits: Some((2.0, 3.0)),
    },
    Kind {
        dir: "k8s",
        cli_kind: "kubernetes",
        label: "Kubernetes",
        limits: Some((2.0, 3.0)),
    },
];

/// `criterion_args` go to criterion after `--`; without any, only the groups of the table run.
pub fn run(root: &Path, corpus: &Path, criterion_args: &[String]) -> Result<(), String> {
    if !corpus.is_dir() {
        return Err(format!(
            "the corpus is missing at {} (set SHIPSHAPE_CORPUS)",
            corpus.display()
        ));
    }
    let hyperfine = peers::which("hyperfine")
        .ok_or("hyperfine is not installed (Debian: `apt-get install hyperfine`)")?;
    let criterion_args = match criterion_args {
        [dashes, rest @ ..] if dashes == "--" => rest,
        all => all,
    };
    let load_before = peers::load_average();
    let filter = ["--noplot".to_string(), "^(bare-parse|check)/".to_string()];
    crate::run(
        crate::cargo()
            .args([
                "bench",
                "--package",
                "shipshape-core",
                "--bench",
                "corpus",
                "--",
            ])
            .args(if criterion_args.is_empty() {
                &filter[..]
            } else {
                criterion_args
            })
            .env("SHIPSHAPE_CORPUS", corpus),
    )?;
    let shipshape = peers::build_shipshape(root)?;
    let criterion = crate::target_dir().join("criterion");
    let out_dir = crate::target_dir().join("bench");
    std::fs::create_dir_all(&out_dir).map_err(|e| format!("{}: {e}", out_dir.display()))?;

    let mut rows = Vec::new();
    for kind in KINDS {
        let files = corpus_files(&corpus.join(kind.dir));
        let bytes: u64 = files
            .iter()
            .filter_map(|file| std::fs::metadata(file).ok())
            .map(|meta| meta.len())
            .sum();
        let bare = criterion_median(&criterion.join("bare-parse"), kind.dir)?;
        let core = criterion_median(&criterion.join("check"), kind.dir)?;
        let cli = cli_median(&hyperfine, &shipshape, kind, &files, &out_dir)?;
        rows.push((kind, files.len(), bytes, bare, core, cli));
    }

    let mut report = String::new();
    let _ = writeln!(
        report,
        "Measured {} on {} cores ({}), commit {}, with `cargo xtask bench` (xtask/src/bench.rs); \
         load average {} before the run, {} after. Times are medians: the floor and the core \
         from criterion (`core/benches/corpus.rs`, one core), the CLI from hyperfine \
         (`RAYON_NUM_THREADS=1 shipshape check --format json --fail-on never --no-config --kind K \
         FILES…`, `-N --warmup 3 --runs 30`).\n",
        peers::capture(Command::new("date").args(["-u", "+%Y-%m-%d %H:%M UTC"]))?,
        std::thread::available_parallelism().map_or(0, usize::from),
        peers::cpu_model().unwrap_or_else(|| "unknown CPU".to_string()),
        peers::capture(Command::new("git").current_dir(root).args([
            "rev-parse",
            "--short=12",
            "HEAD"
        ]))?,
        load_before,
        peers::load_average(),
    );
    report.push_str(
        "| kind | files | bytes | bare parse | core `check` | core / bare | CLI, 1 thread | CLI / bare | target |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|---|\n",
    );
    let mut missed = Vec::new();
    for (kind, files, bytes, bare, core, cli) in &rows {
        let (core_ratio, cli_ratio) = (core / bare, cli / bare);
        let target = match kind.limits {
            Some((core_limit, cli_limit)) => {
                let met = core_ratio <= core_limit && cli_ratio <= cli_limit;
                if !met {
                    missed.push(kind.label);
                }
                format!(
                    "core ≤ {core_limit}x, CLI ≤ {cli_limit}x: {}",
                    if met { "met" } else { "**not met**" }
                )
            }
            None => "none (a line scan is no parser)".to_string(),
        };
        let _ = writeln!(
            report,
            "| {} | {files} | {bytes} | {} | {} | {core_ratio:.2}x | {} | {cli_ratio:.2}x | {target} |",
            kind.label,
            milliseconds(*bare),
            milliseconds(*core),
            milliseconds(*cli),
        );
    }
    println!("\n{report}");
    let summary = out_dir.join("summary.md");
    std::fs::write(&summary, &report).map_err(|e| format!("{}: {e}", summary.display()))?;
    eprintln!("written to {}", summary.display());
    if !missed.is_empty() {
        eprintln!("issue 19's ratios are not met for: {}", missed.join(", "));
    }
    Ok(())
}

/// Every file below `dir` but a `README.md`, sorted: what the benchmark's `load` reads.
fn corpus_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    peers::files_under(dir, &mut files);
    files.retain(|file| !file.ends_with("README.md"));
    files.sort();
    files
}

/// The median of criterion's last run of `<group>/<label> (…)`, in seconds.
fn criterion_median(group: &Path, label: &str) -> Result<f64, String> {
    let prefix = format!("{label} (");
    let entries = std::fs::read_dir(group).map_err(|e| format!("{}: {e}", group.display()))?;
    let dir = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .find(|path| {
            path.file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| name.starts_with(&prefix))
        })
        .ok_or_else(|| format!("no criterion result for `{label}` in {}", group.display()))?;
    let estimates = dir.join("new").join("estimates.json");
    let text =
        std::fs::read_to_string(&estimates).map_err(|e| format!("{}: {e}", estimates.display()))?;
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", estimates.display()))?;
    json["median"]["point_estimate"]
        .as_f64()
        .map(|nanoseconds| nanoseconds / 1e9)
        .ok_or_else(|| format!("{}: no median", estimates.display()))
}

/// The CLI on `files` as one kind, one thread, timed by hyperfine: the median, in seconds.
fn cli_median(
    hyperfine: &Path,
    shipshape: &Path,
    kind: &Kind,
    files: &[PathBuf],
    out_dir: &Path,
) -> Result<f64, String> {
    let mut command = format!(
        "{} check --format json --fail-on never --no-config --kind {}",
        shipshape.display(),
        kind.cli_kind
    );
    for file in files {
        command.push(' ');
        command.push_str(&file.display().to_string());
    }
    let tool = peers::Tool {
        name: format!("shipshape check, {} files", kind.label),
        command,
    };
    let csv = out_dir.join(format!("cli-{}.csv", kind.dir));
    let timings = peers::hyperfine_run(
        hyperfine,
        &[tool],
        &csv,
        &["-N", "--warmup", "3", "--runs", "30"],
        &[("RAYON_NUM_THREADS", "1")],
    )?;
    timings
        .first()
        .map(|timing| timing.median)
        .ok_or_else(|| format!("{}: no timing", csv.display()))
}

fn milliseconds(seconds: f64) -> String {
    format!("{:.2} ms", seconds * 1e3)
}
