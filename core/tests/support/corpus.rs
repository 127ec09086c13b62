//! The shared real-world corpus, one rule for every test that reads it (`#[path]`-included by
//! the core, dockerfile-parser and CLI tests):
//!
//! - the corpus is `$SHIPSHAPE_CORPUS`, else `../shared/corpus` beside the clone;
//! - when it, or a kind folder the test needs, is missing, the test fails under
//!   `SHIPSHAPE_REQUIRE_CORPUS` (CI) and otherwise prints a note naming what is missing and skips;
//! - a test asserts how many files it read per kind folder ([`Corpus::assert_files_read`], with the
//!   minimums of `corpus_minimums.txt`) and, where that is stable, how many findings per code
//!   ([`assert_findings_at_least`]), so that a moved or emptied folder cannot pass as "no problem".

#![allow(dead_code)] // each test binary uses its own subset

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The minimum number of files per kind folder; the figures and where they came from are in the
/// file itself, which the JS tests read too.
const MINIMUMS: &str = include_str!("corpus_minimums.txt");

/// The least number of files a test must read from `folder` (a kind folder of the corpus).
pub fn minimum_files(folder: &str) -> usize {
    MINIMUMS
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .find_map(|line| {
            let mut fields = line.split_whitespace();
            (fields.next() == Some(folder)).then(|| fields.next())?
        })
        .and_then(|minimum| minimum.parse().ok())
        .unwrap_or_else(|| panic!("corpus_minimums.txt has no minimum for `{folder}`"))
}

pub struct Corpus {
    pub root: PathBuf,
}

/// Whether the corpus tests must run (CI sets `SHIPSHAPE_REQUIRE_CORPUS=1`).
pub fn required() -> bool {
    std::env::var_os("SHIPSHAPE_REQUIRE_CORPUS").is_some()
}

pub fn root() -> PathBuf {
    std::env::var_os("SHIPSHAPE_CORPUS").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"),
        PathBuf::from,
    )
}

/// The corpus with each of `folders` present: `None` (after a note saying what is missing) when
/// something is missing and the corpus is not required; a panic when it is required.
pub fn open(folders: &[&str]) -> Option<Corpus> {
    let root = root();
    let missing: Vec<String> = if root.is_dir() {
        folders
            .iter()
            .filter(|folder| !root.join(folder).is_dir())
            .map(|folder| root.join(folder).display().to_string())
            .collect()
    } else {
        vec![root.display().to_string()]
    };
    if missing.is_empty() {
        return Some(Corpus { root });
    }
    assert!(
        !required(),
        "SHIPSHAPE_REQUIRE_CORPUS is set but the corpus is incomplete; missing: {}",
        missing.join(", ")
    );
    eprintln!(
        "note: corpus test skipped: missing {} (set SHIPSHAPE_CORPUS; SHIPSHAPE_REQUIRE_CORPUS=1 makes this a failure)",
        missing.join(", ")
    );
    None
}

impl Corpus {
    /// Every file below `folder`, recursively, in sorted order.
    pub fn files(&self, folder: &str) -> Vec<PathBuf> {
        let mut out = Vec::new();
        files_under(&self.root.join(folder), &mut out);
        out.sort();
        out
    }

    /// Fails when a test read fewer files of `folder` than `corpus_minimums.txt` allows.
    pub fn assert_files_read(&self, test: &str, folder: &str, read: usize) {
        let minimum = minimum_files(folder);
        assert!(
            read >= minimum,
            "{test}: read {read} files of {}, expected at least {minimum} (corpus_minimums.txt)",
            self.root.join(folder).display()
        );
    }
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir)
        .unwrap_or_else(|error| panic!("cannot read corpus folder {}: {error}", dir.display()));
    for entry in entries {
        let path = entry
            .unwrap_or_else(|error| panic!("cannot read {}: {error}", dir.display()))
            .path();
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// Fails, listing every shortfall, when a code was found fewer times than its minimum. Codes
/// absent from `counts` count as zero.
pub fn assert_findings_at_least(
    test: &str,
    counts: &BTreeMap<String, usize>,
    minimums: &[(&str, usize)],
) {
    let short: Vec<String> = minimums
        .iter()
        .filter_map(|(code, minimum)| {
            let found = counts.get(*code).copied().unwrap_or(0);
            (found < *minimum).then(|| format!("{code}: {found} < {minimum}"))
        })
        .collect();
    assert!(
        short.is_empty(),
        "{test}: fewer findings than the corpus gave when the minimums were set: {}",
        short.join(", ")
    );
}
