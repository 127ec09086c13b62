//! `cargo xtask fuzz --time SECONDS`: builds every cargo-fuzz target in `fuzz/` once, then runs
//! each for SECONDS from a random seed: exploration, which may find a new crash on any run.
//! `cargo xtask fuzz --runs INPUTS [--seed N]` runs each for a fixed number of inputs from a fixed
//! seed (1 unless given) and an empty corpus: what `.ci/run` runs, so that a commit that passed
//! it locally passes it in CI, rather than a crash found by chance failing an unrelated change.
//! (libFuzzer orders seeds of equal size in directory order, so two file systems may still
//! differ a little.) Explore with `--time` before landing a change to the parsers or fixes.
//! Both are seeded from the examples, the test fixtures, the regression inputs and (when present)
//! the shared corpus. Needs the nightly toolchain and `cargo install cargo-fuzz`.
//!
//! `SHIPSHAPE_FUZZ_TARGET_DIR=DIR` (`.ci/run` sets `~/.cache/shipshape/fuzz-target`) puts the
//! build outside the clone, so that the next CI run's build is warm; without it the build is in
//! `fuzz/target`. `--time` grows the corpus `fuzz/corpus/<target>` (ignored by git); `--runs`
//! uses a fresh one under the temporary directory. libFuzzer first runs every corpus file once,
//! that start-up counts in `--time`, and `check_fix` gets through only about 400 inputs a second,
//! so a long-lived local corpus needs more time, or deleting (minimizing does not help much:
//! `-merge=1` kept 1637 of 1843 `check_fix` files).
//!
//! Every target runs even when an earlier one fails; then the task fails, naming each input
//! libFuzzer saved (under `fuzz/artifacts/<target>/`) and printing it as an escaped string, so
//! that a CI log alone is enough to reproduce the crash. Keep such an input as a regression test
//! by copying it into `core/tests/regressions/` (run by `core/tests/hostile.rs`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// Most bytes of one generated input (real files are larger, but small inputs explore faster).
const MAX_LEN: &str = "16384";

/// Most bytes of a crashing input printed to the log.
const MAX_PRINTED: usize = 65_536;

/// libFuzzer options of every run: input size, per-input time and memory limits.
fn limits() -> [String; 3] {
    [
        format!("-max_len={MAX_LEN}"),
        "-timeout=10".to_string(),
        "-rss_limit_mb=2048".to_string(),
    ]
}

pub fn run(root: &Path, budget: Budget) -> Result<(), String> {
    let fuzz = root.join("fuzz");
    let version = cargo_fuzz(root, "--version", None)
        .output()
        .map_err(|error| format!("could not run cargo: {error}"))?;
    if !version.status.success() {
        return Err(
            "`cargo +nightly fuzz` is not available: install the nightly toolchain \
             (`rustup toolchain install nightly`) and cargo-fuzz \
             (`cargo install cargo-fuzz --locked`)"
                .to_string(),
        );
    }
    let targets = targets(&fuzz)?;
    let seeds = seed_dirs(root);
    let target_dir = std::env::var_os("SHIPSHAPE_FUZZ_TARGET_DIR")
        .filter(|dir| !dir.is_empty())
        .map(|dir| root.join(dir));
    let corpora = fuzz.join("corpus");

    // One build of every target first, so that the time of each run below is fuzzing time.
    let started = Instant::now();
    crate::run(cargo_fuzz(root, "build", target_dir.as_deref()).arg("--debug-assertions"))?;
    eprintln!(
        "built the fuzz targets in {} s",
        started.elapsed().as_secs()
    );

    let mut failures = Vec::new();
    for target in &targets {
        // A fixed budget starts from the seeds alone, wherever it runs, as a fresh clone does.
        let corpus = match budget {
            Budget::Time(_) => corpora.join(target),
            Budget::Runs { .. } => {
                let fresh = std::env::temp_dir().join(format!("shipshape-fuzz-{target}"));
                match std::fs::remove_dir_all(&fresh) {
                    Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
                        return Err(format!("{}: {error}", fresh.display()));
                    }
                    _ => {}
                }
                fresh
            }
        };
        std::fs::create_dir_all(&corpus).map_err(|e| format!("{}: {e}", corpus.display()))?;
        let artifacts = fuzz.join("artifacts").join(target);
        let known = files_in(&artifacts);
        let started = Instant::now();
        let result = crate::run(
            cargo_fuzz(root, "run", target_dir.as_deref())
                .args(["--debug-assertions", target])
                .arg(&corpus)
                .args(&seeds)
                .arg("--")
                .args(budget.options())
                .args(limits())
                .arg("-print_final_stats=1"),
        );
        eprintln!(
            "fuzz target `{target}`: {} s (corpus {})",
            started.elapsed().as_secs(),
            corpus.display()
        );
        if let Err(error) = result {
            let saved: Vec<PathBuf> = files_in(&artifacts).difference(&known).cloned().collect();
            for path in &saved {
                print_input(path);
            }
            let saved = if saved.is_empty() {
                format!("no new input under {}", artifacts.display())
            } else {
                saved
                    .iter()
                    .map(|path| path.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            failures.push(format!("`{target}`: {error}\n  saved input: {saved}"));
        }
    }
    if !failures.is_empty() {
        return Err(format!(
            "{} of {} fuzz targets failed (reproduce with `cd fuzz && cargo +nightly fuzz run \
             <target> <input>`; keep the input in core/tests/regressions/):\n{}",
            failures.len(),
            targets.len(),
            failures.join("\n")
        ));
    }
    let spent = match budget {
        Budget::Time(seconds) => format!("for {seconds} s"),
        Budget::Runs { runs, seed } => format!("for {runs} inputs (seed {seed})"),
    };
    eprintln!(
        "fuzzed {} targets {spent} each: {}",
        targets.len(),
        targets.join(", ")
    );
    Ok(())
}

/// `cargo +nightly fuzz <subcommand>` from the repository root, with `--target-dir` when given.
fn cargo_fuzz(root: &Path, subcommand: &str, target_dir: Option<&Path>) -> Command {
    let mut command = Command::new("cargo");
    command
        .current_dir(root)
        // Not the pinned stable toolchain of rust-toolchain.toml: libFuzzer needs nightly.
        .env_remove("RUSTUP_TOOLCHAIN")
        .env_remove("CARGO")
        .args(["+nightly", "fuzz", subcommand]);
    if let Some(dir) = target_dir {
        command.arg("--target-dir").arg(dir);
    }
    command
}

/// The files of a folder (none when it does not exist).
fn files_in(dir: &Path) -> BTreeSet<PathBuf> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|path| path.is_file())
                .collect()
        })
        .unwrap_or_default()
}

/// A saved input, escaped, on stderr (CI keeps the log, not the clone).
fn print_input(path: &Path) {
    match std::fs::read(path) {
        Ok(bytes) => {
            let shown = &bytes[..bytes.len().min(MAX_PRINTED)];
            eprintln!(
                "\n{} ({} bytes{}):\n{:?}\n",
                path.display(),
                bytes.len(),
                if shown.len() < bytes.len() {
                    ", first part"
                } else {
                    ""
                },
                String::from_utf8_lossy(shown)
            );
        }
        Err(error) => eprintln!("{}: {error}", path.display()),
    }
}

/// Target names: the files of `fuzz/fuzz_targets/` that define a fuzz target.
fn targets(fuzz: &Path) -> Result<Vec<String>, String> {
    let dir = fuzz.join("fuzz_targets");
    let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut targets: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            std::fs::read_to_string(path).is_ok_and(|text| text.contains("fuzz_target!"))
        })
        .filter_map(|path| Some(path.file_stem()?.to_str()?.to_string()))
        .collect();
    targets.sort();
    if targets.is_empty() {
        return Err(format!("no fuzz targets in {}", dir.display()));
    }
    Ok(targets)
}

/// Folders of real inputs that libFuzzer reads as seeds (it never writes to them).
fn seed_dirs(root: &Path) -> Vec<PathBuf> {
    let corpus = std::env::var_os("SHIPSHAPE_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("..").join("shared").join("corpus"));
    [
        root.join("examples"),
        root.join("core").join("tests").join("fixtures"),
        root.join("core").join("tests").join("regressions"),
        corpus,
    ]
    .into_iter()
    .filter(|dir| dir.is_dir())
    .collect()
}

/// The SECONDS of `--time SECONDS` (default 60).
/// How long each target runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Budget {
    /// Exploration: SECONDS of fuzzing from a random seed (a new run may find a new crash).
    Time(u64),
    /// CI: a fixed number of inputs from a fixed seed, so that a run on the same commit makes
    /// the same inputs and a crash it finds is found again by rerunning it.
    Runs { runs: u64, seed: u64 },
}

impl Budget {
    /// The libFuzzer options that spend it.
    fn options(self) -> Vec<String> {
        match self {
            Budget::Time(seconds) => vec![format!("-max_total_time={seconds}")],
            Budget::Runs { runs, seed } => vec![
                format!("-runs={runs}"),
                format!("-seed={seed}"),
                // A guard against a machine far slower than expected, not the budget.
                format!("-max_total_time={RUNS_TIME_CAP}"),
            ],
        }
    }
}

/// Most seconds a `--runs` budget may take per target.
const RUNS_TIME_CAP: u64 = 600;

const USAGE: &str = "usage: cargo xtask fuzz [--time SECONDS | --runs INPUTS [--seed N]]";

pub fn budget_from_args(args: &[String]) -> Result<Budget, String> {
    let value = |flag: &str| -> Result<Option<u64>, String> {
        match args.iter().position(|arg| arg == flag) {
            None => Ok(None),
            Some(at) => args
                .get(at + 1)
                .and_then(|value| value.parse().ok())
                .map(Some)
                .ok_or_else(|| USAGE.to_string()),
        }
    };
    match (value("--time")?, value("--runs")?, value("--seed")?) {
        (Some(_), Some(_), _) | (Some(_), None, Some(_)) | (None, None, Some(_)) => {
            Err(USAGE.to_string())
        }
        (Some(seconds), None, None) => Ok(Budget::Time(seconds)),
        (None, Some(runs), seed) => Ok(Budget::Runs {
            runs,
            seed: seed.unwrap_or(1),
        }),
        (None, None, None) => Ok(Budget::Time(60)),
    }
}
