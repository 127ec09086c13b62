//! `cargo xtask features`: the demo, the tests, the LSP tests, the dist and
//! `cargo build --release -p shipshape` compile wasmtime (and the crates shared above it) once
//! between them.
//!
//! Read from cargo's unit graph (nightly `--unit-graph`, which plans a build without compiling):
//! a unit's identity is what cargo hashes into its file name (package, target, mode, features,
//! profile settings and the identities of its dependencies), so two commands compile wasmtime
//! once only if its identity is the same in both. The crates that link wasmtime are built with
//! the release profile everywhere (`NATIVE_HOSTS` in main.rs); the dev-profile test run must not
//! reach wasmtime at all. (`cargo clippy` type-checks wasmtime once more: checking emits no code.)

use std::collections::{BTreeSet, HashMap};
use std::process::Command;

use serde_json::Value;

/// (what the command is, its cargo arguments): the builds that must share one wasmtime.
fn sharing() -> Vec<(&'static str, Vec<&'static str>)> {
    let mut release_tests = crate::test_selection(true);
    release_tests.push("--all-targets");
    vec![
        (
            "cargo xtask demo and cargo build --release -p shipshape",
            crate::BUILD_CLI.to_vec(),
        ),
        ("cargo xtask test (release run)", release_tests),
        ("the LSP tests", crate::BUILD_LSP.to_vec()),
        ("cargo xtask dist", crate::BUILD_DIST.to_vec()),
    ]
}

/// The libraries that must be built once: wasmtime (minutes of compiling), and the shared crates
/// above it, whose rebuild would relink every binary (thin LTO makes that slow too).
const SHARED: &[&str] = &["wasmtime", "shipshape_core", "shipshape_plugin_host"];

pub fn run() -> Result<(), String> {
    let mut failures = Vec::new();
    let commands = sharing();
    let mut graphs = Vec::new();
    for (name, args) in &commands {
        graphs.push((*name, library_identities(args)?));
    }
    for library in SHARED {
        let mut all = BTreeSet::new();
        for (name, identities) in &graphs {
            let ids = identities.get(*library).cloned().unwrap_or_default();
            eprintln!(
                "{name}: {library} {}",
                ids.iter().cloned().collect::<Vec<_>>().join(", ")
            );
            if ids.is_empty() {
                failures.push(format!(
                    "{name} builds no {library}: is the list out of date?"
                ));
            }
            all.extend(ids);
        }
        if all.len() > 1 {
            failures.push(format!(
                "{} compile {library} {} times, not once (a dependency's features or profile \
                 differ between them: see `hashbrown-features` in Cargo.toml)",
                commands
                    .iter()
                    .map(|(name, _)| *name)
                    .collect::<Vec<_>>()
                    .join(", "),
                all.len()
            ));
        }
    }
    let mut dev_tests = crate::test_selection(false);
    dev_tests.push("--all-targets");
    let dev = library_identities(&dev_tests)?
        .remove("wasmtime")
        .unwrap_or_default();
    eprintln!(
        "cargo xtask test (dev run): wasmtime {}",
        if dev.is_empty() {
            "none".to_string()
        } else {
            dev.iter().cloned().collect::<Vec<_>>().join(", ")
        }
    );
    if !dev.is_empty() {
        failures.push(
            "the dev-profile test run builds wasmtime: a package that links it is missing from \
             NATIVE_HOSTS"
                .to_string(),
        );
    }
    if failures.is_empty() {
        eprintln!("features: {} are each compiled once", SHARED.join(", "));
        Ok(())
    } else {
        Err(failures.join("\n"))
    }
}

/// The identities of the `SHARED` library units a command would build, by library name.
fn library_identities(args: &[&str]) -> Result<HashMap<&'static str, BTreeSet<String>>, String> {
    let output = Command::new("cargo")
        .arg("+nightly")
        .args(args)
        .args(["-Z", "unstable-options", "--unit-graph"])
        .current_dir(crate::root())
        .output()
        .map_err(|error| format!("cannot run cargo +nightly: {error}"))?;
    if !output.status.success() {
        return Err(format!(
            "cargo +nightly {} --unit-graph failed (is the nightly toolchain installed?):\n{}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let graph: Value =
        serde_json::from_slice(&output.stdout).map_err(|error| format!("unit graph: {error}"))?;
    let units = graph["units"].as_array().ok_or("unit graph: no `units`")?;
    let mut memo = HashMap::new();
    let mut out: HashMap<&'static str, BTreeSet<String>> = HashMap::new();
    for (index, unit) in units.iter().enumerate() {
        let is_lib = unit["target"]["kind"]
            .as_array()
            .is_some_and(|kinds| kinds.iter().any(|kind| kind == "lib"));
        let library = SHARED.iter().find(|name| unit["target"]["name"] == **name);
        // Libraries as dependencies (`build`), not a package's own unit-test harness (`test`).
        let built = unit["mode"] == "build";
        if let (Some(library), true) = (library, is_lib && built) {
            out.entry(*library)
                .or_default()
                .insert(format!("{:016x}", identity(units, index, &mut memo)));
        }
    }
    Ok(out)
}

fn identity(units: &[Value], index: usize, memo: &mut HashMap<usize, u64>) -> u64 {
    use std::hash::{Hash, Hasher};
    if let Some(&known) = memo.get(&index) {
        return known;
    }
    let unit = &units[index];
    let mut dependencies: Vec<u64> = unit["dependencies"]
        .as_array()
        .map(|deps| {
            deps.iter()
                .filter_map(|dep| dep["index"].as_u64())
                .map(|dep| identity(units, dep as usize, memo))
                .collect()
        })
        .unwrap_or_default();
    dependencies.sort_unstable();
    // The profile's name is not part of a unit's identity (`test` and `dev` share artifacts).
    let mut profile = unit["profile"].clone();
    if let Some(object) = profile.as_object_mut() {
        object.remove("name");
    }
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for part in [
        &unit["pkg_id"],
        &unit["target"]["kind"],
        &unit["target"]["name"],
        &unit["mode"],
        &unit["features"],
        &unit["platform"],
        &profile,
    ] {
        part.to_string().hash(&mut hasher);
    }
    dependencies.hash(&mut hasher);
    let identity = hasher.finish();
    memo.insert(index, identity);
    identity
}
