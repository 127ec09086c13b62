//! Helpers shared by the CLI's integration tests (`mod common;` in each).

#![allow(dead_code)] // each test binary uses its own subset

use std::fs;
use std::path::PathBuf;

use tempfile::TempDir;

/// A temporary directory holding `files` (paths relative to it, parents created).
pub fn tree(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for (path, text) in files {
        let path = dir.path().join(path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("mkdir");
        }
        fs::write(path, text).expect("write");
    }
    dir
}

/// The shared corpus's rules (skip or fail, minimum files read per kind folder), shared with the
/// core's tests.
#[path = "../../../core/tests/support/corpus.rs"]
pub mod corpus_support;

/// The shared corpus with every kind folder these tests read (`compose`, `dockerfile`,
/// `helm-templates`, `k8s`): `None` with a note when something is missing, a failure instead when
/// `SHIPSHAPE_REQUIRE_CORPUS` is set.
pub fn corpus() -> Option<PathBuf> {
    corpus_support::open(&["compose", "dockerfile", "helm-templates", "k8s"])
        .map(|corpus| corpus.root)
}
