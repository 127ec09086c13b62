//! `cargo xtask mutants`: mutation testing of the rules and the parsers with cargo-mutants, run
//! by hand (not in CI: it takes hours on two cores). See TESTING.md for the figures.
//!
//! Each mutant rebuilds `shipshape-core` and runs only its fast test targets (no corpus, no
//! `hostile`, no time-bound tests): the corpus tests are pointed at a folder that does not exist
//! so that they skip, and debug info is off, which shortens every relink.

use std::process::Command;

use crate::{cargo, run, target_dir};

/// The cargo-mutants release the figures in TESTING.md come from.
pub const CARGO_MUTANTS_VERSION: &str = "27.1.0";

/// The files mutated by default, in priority order: the rules, then the parsers.
const RULE_FILES: &str = "core/src/rules/*.rs";
const PARSER_FILES: &[&str] = &[
    "core/src/dockerfile/*.rs",
    "core/src/yaml/*.rs",
    "core/src/runs/*.rs",
    "core/src/shell.rs",
];

/// The test targets each mutant runs (`cargo test -p shipshape-core` then these).
const TEST_TARGETS: &[&str] = &[
    "--lib",
    "--test",
    "fixtures",
    "--test",
    "container_rules",
    "--test",
    "docs_examples",
    "--test",
    "detection_depth",
    "--test",
    "external_findings",
    "--test",
    "rule_decisions",
    "--test",
    "run_kinds",
    "--test",
    "realworld",
];

/// Tests each mutant skips: time bounds on huge inputs (11 s of the 12 s the unit tests take),
/// which guard performance, not a rule's decision.
const SKIPPED_TESTS: &[&str] = &[
    "check_on_a_huge_line_is_bounded",
    "alias_bomb_is_bounded",
    "huge_single_line_is_linear",
    "large_merges_and_wide_non_ascii_text_stay_fast",
];

const USAGE: &str = "cargo xtask mutants [--rules | --parsers] [cargo-mutants options...]

  --rules     mutate core/src/rules/ only
  --parsers   mutate the parsers only: core/src/dockerfile/, core/src/yaml/, core/src/runs/
              (dev containers, Quadlet units, command lines in scripts and CI) and core/src/shell.rs
  (default: both)
  Other options go to cargo-mutants, e.g. `--iterate` (only the mutants missed last time),
  `--shard 1/4`, `-f core/src/rules/privileged_container.rs` (instead of the default files),
  `--list`. Output: <target>/mutants.out/ (outcomes.json, missed.txt, caught.txt...).";

pub fn run_mutants(rest: &[String]) -> Result<(), String> {
    if rest.iter().any(|arg| arg == "--help" || arg == "-h") {
        println!("{USAGE}");
        return Ok(());
    }
    let installed = Command::new("cargo")
        .args(["mutants", "--version"])
        .output()
        .ok()
        .filter(|output| output.status.success())
        .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_string());
    match installed {
        None => {
            return Err(format!(
                "cargo-mutants is not installed: cargo install --locked cargo-mutants@{CARGO_MUTANTS_VERSION}"
            ))
        }
        Some(version) if !version.ends_with(CARGO_MUTANTS_VERSION) => eprintln!(
            "note: {version} installed; TESTING.md's figures come from {CARGO_MUTANTS_VERSION}"
        ),
        Some(_) => {}
    }
    let rules_only = rest.iter().any(|arg| arg == "--rules");
    let parsers_only = rest.iter().any(|arg| arg == "--parsers");
    let passed: Vec<&String> = rest
        .iter()
        .filter(|arg| *arg != "--rules" && *arg != "--parsers")
        .collect();
    let names_files = passed
        .iter()
        .any(|arg| *arg == "-f" || *arg == "--file" || arg.starts_with("--file="));
    let mut files: Vec<&str> = Vec::new();
    if !names_files {
        if !parsers_only {
            files.push(RULE_FILES);
        }
        if !rules_only {
            files.extend(PARSER_FILES);
        }
    }
    let names_jobs = passed
        .iter()
        .any(|arg| *arg == "-j" || arg.starts_with("--jobs"));
    let mut command = cargo();
    command.args(["mutants", "--package", "shipshape-core", "--no-shuffle"]);
    for file in files {
        command.args(["--file", file]);
    }
    if !names_jobs {
        // Two cores: one mutant at a time (each build already uses both).
        command.args(["--jobs", "1"]);
    }
    command
        .args(["--timeout", "60", "--build-timeout", "400"])
        .arg("--output")
        .arg(target_dir())
        .args(passed)
        .arg("--")
        .args(TEST_TARGETS)
        .arg("--")
        .args(SKIPPED_TESTS.iter().flat_map(|test| ["--skip", test]))
        .env(
            "SHIPSHAPE_CORPUS",
            target_dir().join("no-corpus-for-mutants"),
        )
        .env_remove("SHIPSHAPE_REQUIRE_CORPUS")
        .env("CARGO_PROFILE_DEV_DEBUG", "0");
    run(&mut command)
}
