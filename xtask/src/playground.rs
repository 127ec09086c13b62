//! The browser playground (`playground/`): the static site built into `target/dist/playground/`
//! over the wasm-bindgen package, and its browser tests (Debian's chromium via playwright-core).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{npm_ci, root, run, target_dir};

/// Where `cargo xtask dist` puts the site (beside the other dist artifacts).
fn site_dir() -> PathBuf {
    root().join("target").join("dist").join("playground")
}

/// Build the site: `npm ci`, then `node playground/build.mjs` over `$CARGO_TARGET_DIR/dist/wasm`
/// (built first by `github-action/scripts/build.sh wasm` when missing).
pub fn build() -> Result<(), String> {
    let wasm = target_dir().join("dist").join("wasm");
    if !wasm.join("shipshape_wasm_bg.wasm").is_file() {
        run(Command::new("bash")
            .arg(root().join("github-action/scripts/build.sh"))
            .arg("wasm")
            .current_dir(root()))?;
    }
    let playground = root().join("playground");
    npm_ci(&playground)?;
    run(Command::new("node")
        .arg("build.mjs")
        .arg("--out")
        .arg(site_dir())
        .env("SHIPSHAPE_WASM_PKG", &wasm)
        .current_dir(&playground))
}

/// Build the site, type-check `src/` against the wasm module's declarations (tsc), and run its
/// browser tests against the release CLI (the reference findings).
pub fn test() -> Result<(), String> {
    build()?;
    run(node_in(&root().join("playground"))
        .arg(root().join("github-action/scripts/typecheck.mjs"))
        .arg("."))?;
    run(crate::cargo().args(crate::BUILD_CLI).arg("--quiet"))?;
    let cli = crate::release_binary("shipshape");
    run(node_in(&root().join("playground"))
        .args([
            "--test",
            "--test-timeout=300000",
            "--test-concurrency=1",
            "tests/playground.test.mjs",
        ])
        .env("SHIPSHAPE_CLI", &cli)
        .env("SHIPSHAPE_PLAYGROUND_DIR", site_dir()))
}

/// Page weight and load-to-first-diagnostics time (BENCHMARKS.md, "Playground").
pub fn bench() -> Result<(), String> {
    build()?;
    run(node_in(&root().join("playground"))
        .args(["tests/bench.mjs"])
        .env("SHIPSHAPE_PLAYGROUND_DIR", site_dir()))
}

fn node_in(dir: &Path) -> Command {
    let mut command = Command::new("node");
    command.current_dir(dir);
    command
}
