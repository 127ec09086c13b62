//! `cargo xtask fuzz --time SECONDS`: every cargo-fuzz target in `fuzz/`, one after the other,
//! each for SECONDS, seeded from the examples, the test fixtures, the regression inputs and (when
//! present) the shared corpus. Needs the nightly toolchain and `cargo install cargo-fuzz`.
//!
//! A crash stops the run with the path of the input libFuzzer saved (under
//! `fuzz/artifacts/<target>/`); keep it as a regression test by copying it into
//! `core/tests/regressions/`.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Most bytes of one generated input (real files are larger, but small inputs explore faster).
const MAX_LEN: &str = "16384";

pub fn run(root: &Path, seconds: u64) -> Result<(), String> {
    let fuzz = root.join("fuzz");
    let version = Command::new("cargo")
        .args(["+nightly", "fuzz", "--version"])
        .current_dir(root)
        .output()
        .map_err(|error| format!("could not run cargo: {error}"))?;
    if !version.status.success() {
        return Err(
            "`cargo +nightly fuzz` is not available: install the nightly toolchain \
             (`rustup toolchain install nightly`) and cargo-fuzz (`cargo install cargo-fuzz`)"
                .to_string(),
        );
    }
    let targets = targets(&fuzz)?;
    let seeds = seed_dirs(root);
    for target in &targets {
        let corpus = fuzz.join("corpus").join(target);
        std::fs::create_dir_all(&corpus).map_err(|e| format!("{}: {e}", corpus.display()))?;
        let mut command = Command::new("cargo");
        command
            .current_dir(root)
            // Not the pinned stable toolchain of rust-toolchain.toml: libFuzzer needs nightly.
            .env_remove("RUSTUP_TOOLCHAIN")
            .env_remove("CARGO")
            .args(["+nightly", "fuzz", "run", "--debug-assertions", target])
            .arg(&corpus)
            .args(&seeds)
            .arg("--")
            .arg(format!("-max_total_time={seconds}"))
            .arg(format!("-max_len={MAX_LEN}"))
            .args(["-timeout=10", "-rss_limit_mb=2048", "-print_final_stats=1"]);
        crate::run(&mut command).map_err(|error| {
            format!(
                "fuzz target `{target}` failed ({error}); the crashing input is under {}",
                fuzz.join("artifacts").join(target).display()
            )
        })?;
    }
    eprintln!(
        "fuzzed {} targets for {seconds} s each: {}",
        targets.len(),
        targets.join(", ")
    );
    Ok(())
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
pub fn seconds_from_args(args: &[String]) -> Result<u64, String> {
    match args.iter().position(|arg| arg == "--time") {
        None => Ok(60),
        Some(at) => args
            .get(at + 1)
            .and_then(|value| value.parse().ok())
            .ok_or_else(|| "usage: cargo xtask fuzz [--time SECONDS]".to_string()),
    }
}
