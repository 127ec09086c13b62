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

/// The shared corpus: `$SHIPSHAPE_CORPUS`, else `../shared/corpus` beside the clone. `None`
/// (with a note) when it is absent, unless `SHIPSHAPE_REQUIRE_CORPUS` is set: then it fails.
pub fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("SHIPSHAPE_CORPUS").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"),
        PathBuf::from,
    );
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("SHIPSHAPE_REQUIRE_CORPUS").is_none(),
        "SHIPSHAPE_REQUIRE_CORPUS is set but {} is missing",
        dir.display()
    );
    eprintln!(
        "note: the shared corpus is absent at {}: corpus test skipped",
        dir.display()
    );
    None
}
