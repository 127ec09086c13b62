//! `cargo xtask <task>`: the one entry point that builds, tests and benchmarks everything.
//!
//! Tasks: `demo`, `test`, `dist`, `bench` (and `bench-*`), `docs [--check]`, `ts-types [--check]`, `mutants`. See `cargo xtask help`.

mod bench;
mod bench_component;
mod bench_lsp;
mod bench_wasm;
mod dist;
mod docs;
mod features;
mod fuzz;
mod mutants;
mod npm;
mod peers;
mod playground;
mod sbom;
mod ts_types;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let task = args.first().map(String::as_str).unwrap_or("help");
    let rest = &args[args.len().min(1)..];
    let result = match task {
        "demo" => demo(),
        "test" => test(rest),
        "dist" => dist(rest),
        "release-archives" => dist::release_archives(&release_packages()).map(drop),
        "bench" => bench::run(&root(), &corpus_dir(), rest),
        "bench-peers" => peers::run(&root(), &corpus_dir()),
        "bench-playground" => playground::bench(),
        "bench-wasm" => bench_wasm::run_bench(),
        "bench-lsp" => bench_lsp::run(rest),
        "bench-component" => bench_component::run(rest),
        "fuzz" => fuzz::budget_from_args(rest).and_then(|budget| fuzz::run(&root(), budget)),
        "features" => features::run(),
        "docs" => docs::run(&root(), rest.iter().any(|a| a == "--check")),
        "ts-types" => ts_types::run(cargo(), &root(), rest.iter().any(|a| a == "--check")),
        "mutants" => mutants::run_mutants(rest),
        "help" | "--help" | "-h" => {
            println!("{HELP}");
            Ok(())
        }
        other => Err(format!("unknown task `{other}`\n\n{HELP}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask {task}: {message}");
            ExitCode::FAILURE
        }
    }
}

const HELP: &str = "cargo xtask <task>

  demo           build the CLI and run it on examples/ (bad files, then their fixed versions)
  test           clippy (-D warnings), every test suite: Rust (unit, fixtures, CLI, corpus, LSP), docs and
                 TypeScript types freshness, the LSP end-to-end tests (node; Neovim when installed),
                 the VS Code extension's, the project's own workflows under act (tests/workflows),
                 the wasm module + GitHub Action (dist/ freshness, runner-style tests, parity, act),
                 and the playground's browser tests (chromium), then the release archive, unpacked
                 and run (tests/dist; skipped with a note without musl-gcc, required under CI)
  dist           release builds into target/dist/ (shipshape, shipshape-lsp, shipshape.vsix, wasm/,
                 shipshape.wasm: the checks as a WASI component plugin, playground/)
                 and the bundled github-action/dist/
  dist --release-archives
                 also the release files in target/dist/: a static x86_64-unknown-linux-musl archive
                 (both binaries, LICENSE, README, completions, man pages), the CycloneDX SBOM and
                 SHA256SUMS (needs Debian's musl-tools; installs cargo-auditable when missing)
  release-archives
                 only the release files of `dist --release-archives` (the archive, SBOM, SHA256SUMS
                 over them and any npm tarball already in target/dist/)
  bench [-- CRITERION ARGS]  per kind: the bare parse, the core's check and the CLI on one thread,
                 with issue 19's ratios (criterion and hyperfine; table in target/bench/summary.md)
  bench-playground  the playground's page weight and time to first diagnostics (chromium)
  bench-wasm     the wasm module's sizes (raw, wasm-opt, gzip -9) against 300 KB, and the Action's cold
                 start on 100 corpus files against 0.5 s, quiet and beside one busy loop per core
  bench-lsp [--edits N]  the language server's didChange -> diagnostics latency and CPU per edit on
                 2,000-line files (tests/lsp/bench.mjs), against the 2 ms target
  bench-component [--runs N]  the checks as a WASI component against native on the corpus (one
                 hyperfine run, and on one thread), against the 1.5x target
  bench-peers    hadolint, checkov, compose-lint and trivy against shipshape on the corpus (hyperfine),
                 and scaling over 1x/4x/16x copies; installs the peers into .bench/ (ignored)
  fuzz --time S  every cargo-fuzz target for S seconds each (needs nightly and cargo-fuzz)
  fuzz --runs N [--seed S]
                 every target for N inputs from seed S (default 1): reproducible, what CI runs
  features       check that demo, test, the LSP tests, dist and `cargo build --release -p shipshape`
                 build wasmtime, core and the plugin host once between them (needs nightly)
  docs [--check] regenerate docs/rules/*.md and docs/rules.md from the registry (--check: fail if stale)
  ts-types [--check]  regenerate wasm/src/types.d.ts, the wasm module's TypeScript types, from the
                 Rust types (ts-rs; --check: fail if stale)
  mutants        mutation testing of core/src/rules/ and the parsers with cargo-mutants (hours; not
                 in CI; `cargo xtask mutants --help`, figures in TESTING.md)

Environment: SHIPSHAPE_CORPUS=DIR points at the shared corpus (default ../shared/corpus);
SHIPSHAPE_REQUIRE_CORPUS=1 (set by .ci/run) makes tests fail instead of skipping without it.";

/// The workspace root (xtask lives one level below it).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

fn cargo() -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string()));
    command.current_dir(root());
    command
}

/// Run a command, failing with its description when it fails.
fn run(command: &mut Command) -> Result<(), String> {
    let description = format!("{command:?}");
    eprintln!("$ {description}");
    let status = command
        .status()
        .map_err(|error| format!("could not start {description}: {error}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{description} failed with {status}"))
    }
}

/// Where the cargo target directory is (honours CARGO_TARGET_DIR).
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|dir| {
            if dir.is_absolute() {
                dir
            } else {
                root().join(dir)
            }
        })
        .unwrap_or_else(|| root().join("target"))
}

fn demo() -> Result<(), String> {
    run(cargo().args(BUILD_CLI).arg("--quiet"))?;
    let binary = release_binary("shipshape");
    println!("\n== shipshape check examples/bad (the six mistakes; exit code 1 is expected) ==\n");
    let status = Command::new(&binary)
        .args(["check", "examples/bad"])
        .current_dir(root())
        .status()
        .map_err(|error| format!("could not run {}: {error}", binary.display()))?;
    if status.code() != Some(1) {
        return Err(format!(
            "expected exit code 1 on examples/bad, got {status}"
        ));
    }
    println!(
        "\n== shipshape fix --unsafe-fixes --diff examples/bad (what the fixes would change) ==\n"
    );
    let _ = Command::new(&binary)
        .args(["fix", "--unsafe-fixes", "--diff", "examples/bad"])
        .current_dir(root())
        .status();
    println!("\n== shipshape check examples/good (the same files, hardened; exit code 0) ==\n");
    run(Command::new(&binary)
        .args(["check", "examples/good"])
        .current_dir(root()))
}

fn test(rest: &[String]) -> Result<(), String> {
    let corpus = corpus_dir();
    if corpus.is_dir() {
        eprintln!("corpus: {}", corpus.display());
    } else if std::env::var_os("SHIPSHAPE_REQUIRE_CORPUS").is_some() {
        return Err(format!(
            "SHIPSHAPE_REQUIRE_CORPUS is set but {} is missing",
            corpus.display()
        ));
    } else {
        eprintln!(
            "corpus: {} is absent; the corpus tests will skip",
            corpus.display()
        );
    }
    docs::run(&root(), true)?;
    ts_types::run(cargo(), &root(), true)?;
    run(cargo().args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    // The plugin tests need the components (the built-in checks, the example and the hostile
    // guests); with them built here, a missing one fails instead of skipping.
    let components = plugins()?;
    // Two runs, one per profile, so that wasmtime is compiled once: the crates that link it
    // (`NATIVE_HOSTS`) are tested with the release profile that `cargo build --release` and
    // `cargo xtask dist` use anyway; the rest keep the quicker dev profile.
    for release in [false, true] {
        run(cargo()
            .args(test_selection(release))
            .args(["--all-targets"])
            .args(rest)
            .env("SHIPSHAPE_CORPUS", &corpus)
            .env("SHIPSHAPE_PLUGIN_DIR", &components)
            .env("SHIPSHAPE_REQUIRE_PLUGINS", "1"))?;
    }
    for release in [false, true] {
        run(cargo().args(test_selection(release)).arg("--doc"))?;
    }
    node_tests(&components)?;
    playground::test()?;
    release_tests()
}

/// The release archive as a user gets it: built by `dist --release-archives`, then checksummed,
/// unpacked and run by `tests/dist` (node), next to the CLI of `cargo build --release`.
fn release_tests() -> Result<(), String> {
    if !dist::has_musl_gcc() && std::env::var_os("CI").is_none() {
        eprintln!(
            "release archive: musl-gcc is missing (Debian's musl-tools), so the static build \
             and tests/dist are skipped; CI runs them"
        );
        return Ok(());
    }
    dist::release_archives(&release_packages())?;
    run(Command::new("node")
        .args(["--test", "--test-timeout=120000", "--test-concurrency=1"])
        .current_dir(root().join("tests/dist"))
        .env("SHIPSHAPE_DIST", dist::dist_dir())
        .env("SHIPSHAPE_RELEASE_CLI", release_binary("shipshape"))
        // The README's `cargo install` runs against this target folder (warm), not a new one.
        .env("CARGO_TARGET_DIR", target_dir()))
}

/// The release files beside the archive that `SHA256SUMS` also covers: the npm tarball.
fn release_packages() -> Vec<PathBuf> {
    let mut packages: Vec<PathBuf> = std::fs::read_dir(dist::dist_dir())
        .into_iter()
        .flatten()
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| {
            path.file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| name.starts_with("shipshape-wasm-") && name.ends_with(".tgz"))
        })
        .collect();
    packages.sort();
    packages
}

/// The JavaScript suites: the language server driven over stdio by a real LSP client (and by
/// headless Neovim when `nvim` is installed; required under CI), with the example plugin from
/// `components`, and the VS Code extension.
fn node_tests(components: &Path) -> Result<(), String> {
    run(cargo().args(BUILD_LSP))?;
    let lsp = release_binary("shipshape-lsp");
    npm_ci(&root().join("tests/lsp"))?;
    run(Command::new("node")
        .args(["--test", "--test-timeout=60000", "--test-concurrency=1"])
        .current_dir(root().join("tests/lsp"))
        .env("SHIPSHAPE_LSP", &lsp)
        .env("SHIPSHAPE_PLUGIN_DIR", components)
        .env("SHIPSHAPE_REQUIRE_PLUGINS", "1"))?;
    let extension = root().join("vscode-extension");
    npm_ci(&extension)?;
    run(Command::new("npm").args(["test"]).current_dir(&extension))?;
    action_tests()?;
    workflow_tests()
}

/// The project's own `.github/workflows` under act: a dry run of every job and step, and the
/// rustfmt job for real in host mode (tests/workflows; act is required under CI).
fn workflow_tests() -> Result<(), String> {
    let mut test = Command::new("node");
    test.args(["--test", "--test-timeout=300000"])
        .current_dir(root().join("tests/workflows"));
    if std::env::var_os("CI").is_some() {
        test.env("SHIPSHAPE_REQUIRE_ACT", "1");
    }
    run(&mut test)
}

/// The wasm module and the GitHub Action: rebuild both (failing when the committed
/// `github-action/dist/` is stale), then run the Action's tests as the runner does, the
/// wasm/CLI parity test on the corpus, and the `act` test (required under CI); then pack the npm
/// package and test it from a scratch project (`tests/npm/`).
fn action_tests() -> Result<(), String> {
    let scripts = root().join("github-action").join("scripts");
    run(Command::new("bash")
        .arg(scripts.join("check-dist.sh"))
        .current_dir(root()))?;
    // The CLI the Action is compared with (the tests find it in target/release).
    run(cargo().args(BUILD_CLI).arg("--quiet"))?;
    let mut test = Command::new("bash");
    test.arg(scripts.join("test.sh")).current_dir(root());
    if std::env::var_os("CI").is_some() {
        test.env("SHIPSHAPE_REQUIRE_ACT", "1");
    }
    run(&mut test)?;
    // The npm package, packed into target/dist/ and installed into a scratch project.
    npm::test(&npm::pack_dist()?)
}

/// The packages that link wasmtime (the native plugin host). Every build of them uses the
/// release profile, so that a cold target compiles wasmtime once for the demo, the tests, the
/// dist and `cargo build --release -p shipshape` (checked by `cargo xtask features`).
pub const NATIVE_HOSTS: &[&str] = &["shipshape", "shipshape-lsp", "shipshape-plugin-host"];

/// The release builds of the native hosts: the CLI (the demo, and the reference findings of the
/// Action's and the playground's tests, as `cargo build --release -p shipshape` makes it), the
/// language server (its tests) and both (dist). `cargo xtask features` checks these commands.
pub const BUILD_CLI: &[&str] = &["build", "--release", "--package", "shipshape"];
pub const BUILD_LSP: &[&str] = &["build", "--release", "--package", "shipshape-lsp"];
pub const BUILD_DIST: &[&str] = &[
    "build",
    "--release",
    "--package",
    "shipshape",
    "--package",
    "shipshape-lsp",
];

/// A binary the `BUILD_*` commands made.
pub fn release_binary(name: &str) -> PathBuf {
    target_dir().join("release").join(name)
}

/// `cargo test` over the workspace without the native hosts (dev profile), or over the native
/// hosts alone (release profile).
pub fn test_selection(release: bool) -> Vec<&'static str> {
    let mut args = vec!["test"];
    if release {
        args.push("--release");
        for package in NATIVE_HOSTS {
            args.extend(["--package", package]);
        }
    } else {
        args.push("--workspace");
        for package in NATIVE_HOSTS {
            args.extend(["--exclude", package]);
        }
    }
    args
}

/// `npm ci` unless `node_modules` is already in step with the lockfile.
fn npm_ci(dir: &Path) -> Result<(), String> {
    let lock = dir.join("package-lock.json");
    let installed = dir.join("node_modules").join(".package-lock.json");
    let fresh = match (std::fs::metadata(&lock), std::fs::metadata(&installed)) {
        (Ok(lock), Ok(installed)) => match (lock.modified(), installed.modified()) {
            (Ok(lock), Ok(installed)) => installed >= lock,
            _ => false,
        },
        _ => false,
    };
    if fresh {
        return Ok(());
    }
    run(Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(dir))
}

fn corpus_dir() -> PathBuf {
    std::env::var_os("SHIPSHAPE_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("..").join("shared").join("corpus"))
}

/// Build the WASI components (target `wasm32-wasip2`): the built-in checks as a plugin, copied
/// to `target/dist/shipshape.wasm`, and the example plugin and the hostile guests (one component
/// each, as examples) that the CLI's tests load.
/// Returns the folder they were built into.
fn plugins() -> Result<PathBuf, String> {
    run(cargo().args([
        "build",
        "--release",
        "--target",
        "wasm32-wasip2",
        "--lib",
        "--examples",
        "--package",
        "shipshape-plugin",
        "--package",
        "shipshape-example-registry",
        "--package",
        "shipshape-hostile-plugin",
    ]))?;
    let built = target_dir().join("wasm32-wasip2").join("release");
    let dist = root().join("target").join("dist");
    std::fs::create_dir_all(&dist).map_err(|e| format!("{}: {e}", dist.display()))?;
    let from = built.join("shipshape_plugin.wasm");
    let to = dist.join("shipshape.wasm");
    std::fs::copy(&from, &to)
        .map_err(|e| format!("copy {} -> {}: {e}", from.display(), to.display()))?;
    eprintln!("wrote {}", to.display());
    Ok(built)
}

fn dist(rest: &[String]) -> Result<(), String> {
    let archives = match rest {
        [] => false,
        [flag] if flag == "--release-archives" => true,
        other => {
            return Err(format!(
                "unknown arguments {other:?} (dist [--release-archives])"
            ))
        }
    };
    plugins()?;
    run(cargo().args(BUILD_DIST))?;
    let dist = root().join("target").join("dist");
    std::fs::create_dir_all(&dist).map_err(|e| format!("{}: {e}", dist.display()))?;
    for binary in ["shipshape", "shipshape-lsp"] {
        let from = target_dir().join("release").join(binary);
        let to = dist.join(binary);
        std::fs::copy(&from, &to)
            .map_err(|e| format!("copy {} -> {}: {e}", from.display(), to.display()))?;
        eprintln!("wrote {}", to.display());
    }
    // The VS Code extension, with the release server bundled inside.
    let extension = root().join("vscode-extension");
    npm_ci(&extension)?;
    let server = target_dir().join("release").join("shipshape-lsp");
    let vsix = dist.join("shipshape.vsix");
    run(Command::new("node")
        .arg("scripts/package.mjs")
        .arg("--server")
        .arg(&server)
        .arg("--out")
        .arg(&vsix)
        .current_dir(&extension))?;
    run(Command::new("node")
        .arg("scripts/vsix.mjs")
        .arg(&vsix)
        .arg("--require-server")
        .current_dir(&extension))?;
    // The wasm-bindgen package (target/dist/wasm/) and the bundled Action (github-action/dist/).
    run(Command::new("bash")
        .arg(root().join("github-action/scripts/build.sh"))
        .current_dir(root()))?;
    // That package as an npm tarball: target/dist/shipshape-wasm-<version>.tgz.
    npm::pack_dist()?;
    // The static playground site (target/dist/playground/) over that wasm package.
    playground::build()?;
    if archives {
        dist::release_archives(&release_packages())?;
    }
    Ok(())
}
