//! The plugin host: the built-in checks as a component give the native findings, a real
//! third-party plugin works, and hostile guests are stopped and reported.
//!
//! The components are built beforehand (they need the `wasm32-wasip2` target):
//!
//! ```sh
//! cargo build --target wasm32-wasip2 --release --lib --examples \
//!     -p shipshape-plugin -p shipshape-example-registry -p shipshape-hostile-plugin
//! ```
//!
//! (`cargo xtask test` builds them first, `target/dist/shipshape.wasm` among them.) Without them
//! each test prints a note and passes, unless `SHIPSHAPE_REQUIRE_PLUGINS` is set (then it fails). The equivalence test also needs the corpus (`SHIPSHAPE_REQUIRE_CORPUS`).

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

mod common;
use common::{corpus, tree};

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The built component `name` (`shipshape_plugin`, or `examples/loop` for a hostile guest): in `$SHIPSHAPE_PLUGIN_DIR` (set by `cargo
/// xtask test`), else in the target folder's `wasm32-wasip2/{release,debug}`.
fn component(name: &str) -> Option<PathBuf> {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| workspace().join("target"), PathBuf::from)
        .join("wasm32-wasip2");
    let dirs = std::env::var_os("SHIPSHAPE_PLUGIN_DIR")
        .map(PathBuf::from)
        .into_iter()
        .chain([target.join("release"), target.join("debug")]);
    for dir in dirs {
        let path = dir.join(format!("{name}.wasm"));
        if path.is_file() {
            return Some(path);
        }
    }
    assert!(
        std::env::var_os("SHIPSHAPE_REQUIRE_PLUGINS").is_none(),
        "SHIPSHAPE_REQUIRE_PLUGINS is set but {name}.wasm is not built"
    );
    eprintln!("note: {name}.wasm is not built (cargo build --target wasm32-wasip2 --release -p ...); test skipped");
    None
}

struct Outcome {
    code: i32,
    stdout: String,
    stderr: String,
    elapsed: Duration,
}

fn run(dir: &Path, cache: &Path, args: &[&str]) -> Outcome {
    let start = Instant::now();
    let output = Command::new(env!("CARGO_BIN_EXE_shipshape"))
        .current_dir(dir)
        .env("SHIPSHAPE_CACHE_DIR", cache)
        .env("XDG_CONFIG_HOME", config_home())
        .env_remove("SHIPSHAPE_NO_PLUGIN_CACHE")
        .args(args)
        .output()
        .expect("run shipshape");
    Outcome {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        elapsed: start.elapsed(),
    }
}

fn json(outcome: &Outcome) -> Value {
    serde_json::from_str(&outcome.stdout).unwrap_or_else(|error| {
        panic!("not JSON ({error}): {}\n{}", outcome.stdout, outcome.stderr)
    })
}

#[test]
fn the_builtin_component_gives_the_native_findings_on_the_corpus() {
    // `target/dist/shipshape.wasm` as `cargo xtask dist` (and `test`) leaves it, else the build.
    let dist = workspace().join("target/dist/shipshape.wasm");
    let plugin = if dist.is_file() {
        Some(dist)
    } else {
        component("shipshape_plugin")
    };
    let (Some(plugin), Some(corpus)) = (plugin, corpus()) else {
        return;
    };
    let cache = tempfile::tempdir().expect("tempdir");
    let plugin = plugin.to_str().expect("UTF-8 path");
    let args = [
        "check",
        "--format",
        "json",
        "--fail-on",
        "never",
        "--no-config",
    ];
    let native = run(&corpus, cache.path(), &args);
    assert_eq!(native.code, 0, "{}", native.stderr);
    let mut wasm_args = args.to_vec();
    wasm_args.extend(["--no-builtin", "--plugin", plugin]);
    let wasm = run(&corpus, cache.path(), &wasm_args);
    assert_eq!(wasm.code, 0, "{}", wasm.stderr);
    let (a, b) = (json(&native), json(&wasm));
    assert!(a["files"].as_array().is_some_and(|f| f.len() > 100));
    assert!(a["findings"].as_array().is_some_and(|f| f.len() > 100));
    // The plugin interface hands a component one file: a file judged with others (its `.env`,
    // its Compose project, the files it extends: `files[].read_with`) may differ, and is
    // compared apart. On the corpus that is two compose files that extend another file.
    let read_with: Vec<&str> = a["files"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|file| file.get("read_with").is_some())
        .filter_map(|file| file["path"].as_str())
        .collect();
    assert_eq!(
        read_with,
        [
            "compose/docker__compose/pkg/compose/testdata/publish/compose.yaml",
            "compose/docker__compose/pkg/e2e/fixtures/publish/oci/compose.yaml",
        ]
    );
    assert_eq!(a["files"], b["files"]);
    let alone = |report: &Value| -> Vec<Value> {
        report["findings"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|f| !read_with.contains(&f["path"].as_str().unwrap_or_default()))
            .cloned()
            .collect()
    };
    // Knowing less, the component reports less there: what it finds, the native checks find.
    let within = |report: &Value| -> Vec<Value> {
        report["findings"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|f| read_with.contains(&f["path"].as_str().unwrap_or_default()))
            .cloned()
            .collect()
    };
    let (native_within, component_within) = (within(&a), within(&b));
    assert!(component_within.len() < native_within.len());
    for finding in &component_within {
        assert!(native_within.contains(finding), "{finding:#}");
    }
    let (fa, fb) = (alone(&a), alone(&b));
    if fa != fb {
        let first = fa.iter().zip(&fb).position(|(x, y)| x != y);
        panic!(
            "native {} findings, component {}; first difference at {first:?}:\n{:#}\n{:#}",
            fa.len(),
            fb.len(),
            first.and_then(|i| fa.get(i)).unwrap_or(&Value::Null),
            first.and_then(|i| fb.get(i)).unwrap_or(&Value::Null),
        );
    }
}

/// The kinds of SPEC 2b reach `shipshape:plugin@0.2.0` components by name: the built-in component
/// gives the native findings, byte for byte, on the real-world sample of each new kind.
#[test]
fn the_builtin_component_gives_the_native_findings_on_the_new_kinds() {
    let Some(plugin) = component("shipshape_plugin") else {
        return;
    };
    let sample = workspace().join("tests/realworld");
    let cache = tempfile::tempdir().expect("tempdir");
    let plugin = plugin.to_str().expect("UTF-8 path");
    let args = [
        "check",
        "--format",
        "json",
        "--fail-on",
        "never",
        "--no-config",
    ];
    let native = run(&sample, cache.path(), &args);
    assert_eq!(native.code, 0, "{}", native.stderr);
    let mut wasm_args = args.to_vec();
    wasm_args.extend(["--no-builtin", "--plugin", plugin]);
    let wasm = run(&sample, cache.path(), &wasm_args);
    assert_eq!(wasm.code, 0, "{}", wasm.stderr);
    let report = json(&native);
    assert!(report["files"].as_array().is_some_and(|f| f.len() >= 190));
    assert!(report["findings"].as_array().is_some_and(|f| f.len() > 500));
    assert!(
        native.stdout == wasm.stdout,
        "the component's findings differ"
    );
}

#[test]
fn the_builtin_component_honours_the_configuration_and_suppressions() {
    let Some(plugin) = component("shipshape_plugin") else {
        return;
    };
    let dir = tree(&[
        (
            ".shipshape.toml",
            "[rules]\nSS101 = \"off\"\nSS601 = \"error\"\n[secrets]\nnames = [\"PIN\"]\n",
        ),
        (
            "compose.yaml",
            "services:\n  # shipshape ignore=SS301 -- reviewed\n  web:\n    image: nginx:1.27\n    environment:\n      APP_PIN: \"12345678\"\n  db:  # shipshape ignore=SS999\n    image: postgres:16\n",
        ),
    ]);
    let cache = tempfile::tempdir().expect("tempdir");
    let native = run(dir.path(), cache.path(), &["check", "--format", "json"]);
    let plugin = plugin.to_str().expect("UTF-8");
    let wasm = run(
        dir.path(),
        cache.path(),
        &[
            "check",
            "--format",
            "json",
            "--no-builtin",
            "--plugin",
            plugin,
        ],
    );
    assert_eq!(native.stdout, wasm.stdout);
    assert_eq!(native.code, wasm.code);
    let codes: Vec<String> = json(&native)["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["code"].as_str().unwrap_or("").to_string())
        .collect();
    assert!(!codes.contains(&"SS101".to_string()));
    assert!(codes.contains(&"SS001".to_string()), "{codes:?}");
}

fn registry_fixture() -> TempDir {
    tree(&[
        (
            ".shipshape.toml",
            "[plugin.shipshape_example_registry]\nallowed = [\"ghcr.io/acme\"]\n",
        ),
        (
            "Dockerfile",
            "FROM ghcr.io/acme/base:1.2 AS build\nFROM nginx\n# shipshape ignore=REG001 -- vendor image\nFROM quay.io/vendor/tool:2\n",
        ),
    ])
}

#[test]
fn a_third_party_plugin_reports_its_rules() {
    let Some(plugin) = component("shipshape_example_registry") else {
        return;
    };
    let dir = registry_fixture();
    let cache = tempfile::tempdir().expect("tempdir");
    let plugin = plugin.to_str().expect("UTF-8");
    let outcome = run(
        dir.path(),
        cache.path(),
        &[
            "check",
            "--format",
            "json",
            "--no-builtin",
            "--plugin",
            plugin,
        ],
    );
    assert_eq!(outcome.code, 1, "{}", outcome.stderr);
    let findings: Vec<(String, u64, u64, u64, String)> = json(&outcome)["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap_or("").to_string(),
                f["start"]["line"].as_u64().unwrap_or(0),
                f["start"]["column"].as_u64().unwrap_or(0),
                f["end"]["column"].as_u64().unwrap_or(0),
                f["message"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        findings,
        [
            (
                "REG001".to_string(),
                2,
                6,
                11,
                "Image `nginx` comes from `docker.io/library/nginx`, which is not an approved registry (ghcr.io/acme)".to_string()
            ),
            (
                "REG002".to_string(),
                2,
                6,
                11,
                "Image `nginx` is not pinned: it uses `latest`".to_string()
            ),
        ]
    );
    // The suppression comment above line 4 hid that REG001, and naming a plugin's rule is not an
    // unknown code (no SS001).
    assert!(!outcome.stdout.contains("SS001"));
    // With the built-in checks on too, both report; SARIF lists the plugin's rules.
    let both = run(
        dir.path(),
        cache.path(),
        &["check", "--format", "sarif", "--plugin", plugin],
    );
    assert_eq!(both.code, 1);
    let sarif = json(&both);
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    assert!(rules.iter().any(|r| r["id"] == "REG001"));
    assert!(rules.iter().any(|r| r["id"] == "SS201"));
}

#[test]
fn hostile_plugins_are_stopped_and_reported_and_the_run_goes_on() {
    let guests = ["loop", "bomb", "trap", "escape", "bad_span", "error"];
    let Some(guest_paths) = guests
        .iter()
        .map(|name| component(&format!("examples/{name}")))
        .collect::<Option<Vec<PathBuf>>>()
    else {
        return;
    };
    let Some(registry) = component("shipshape_example_registry") else {
        return;
    };
    let dir = tree(&[
        (
            ".shipshape.toml",
            "plugins = [\"p/loop.wasm\", \"p/bomb.wasm\", \"p/trap.wasm\", \"p/escape.wasm\", \"p/bad_span.wasm\", \"p/error.wasm\", \"p/registry.wasm\"]\n\
             [plugin.registry]\nallowed = [\"ghcr.io/acme\"]\n",
        ),
        ("Dockerfile", "FROM golang:1.22\nRUN go build -o /app .\n"),
    ]);
    fs::create_dir_all(dir.path().join("p")).expect("mkdir");
    for (name, path) in guests.iter().zip(&guest_paths) {
        fs::copy(path, dir.path().join(format!("p/{name}.wasm"))).expect("copy");
    }
    fs::copy(&registry, dir.path().join("p/registry.wasm")).expect("copy");
    let cache = tempfile::tempdir().expect("tempdir");
    let outcome = run(dir.path(), cache.path(), &["check", "--format", "json"]);
    assert_eq!(outcome.code, 1, "{}", outcome.stderr);
    assert!(
        outcome.elapsed < Duration::from_secs(120),
        "took {:?}",
        outcome.elapsed
    );
    let report = json(&outcome);
    let findings = report["findings"].as_array().expect("findings");
    let errors: Vec<(String, String)> = findings
        .iter()
        .filter(|f| f["code"] == "plugin-error")
        .map(|f| {
            (
                f["object"].as_str().unwrap_or("").to_string(),
                f["message"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let message_of = |name: &str| {
        errors
            .iter()
            .find(|(object, _)| object == &format!("plugin {name}"))
            .map(|(_, message)| message.clone())
            .unwrap_or_else(|| panic!("no plugin-error for {name}: {errors:#?}"))
    };
    assert!(message_of("loop").contains("ran out of fuel"));
    assert!(message_of("bomb").contains("it ran out of memory (more than 256 MiB)"));
    assert!(message_of("trap").contains("it crashed (a panic in the plugin"));
    assert!(message_of("bad_span").contains("outside the document"));
    assert!(message_of("error").ends_with("it returned an error: hostile guest refuses"));
    assert_eq!(errors.len(), 5, "{errors:#?}");
    for (object, message) in &errors {
        let name = object.trim_start_matches("plugin ");
        assert!(
            message.starts_with(&format!(
                "Plugin `p/{name}.wasm` failed on this file, so its rules were not checked: "
            )),
            "{message}"
        );
    }
    // The escaping guest ran, but saw no file and no environment.
    let escape: Vec<&str> = findings
        .iter()
        .filter(|f| f["code"] == "HOST001")
        .map(|f| f["message"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(escape.len(), 1, "{findings:#?}");
    assert!(escape[0].contains("file denied"), "{}", escape[0]);
    assert!(
        escape[0].contains("env denied; 0 variables"),
        "{}",
        escape[0]
    );
    // The other plugin and the built-in checks still report.
    assert!(findings.iter().any(|f| f["code"] == "REG001"));
    assert!(findings.iter().any(|f| f["code"] == "SS201"));
    // `--fail-on never`: a plugin failure does not fail the run then.
    let never = run(
        dir.path(),
        cache.path(),
        &["check", "--format", "json", "--fail-on", "never"],
    );
    assert_eq!(never.code, 0);
}

#[test]
fn plugins_that_cannot_load_are_usage_errors() {
    let dir = tree(&[
        ("Dockerfile", "FROM nginx:1.27\n"),
        ("not-wasm.wasm", "hello"),
    ]);
    let cache = tempfile::tempdir().expect("tempdir");
    let missing = run(
        dir.path(),
        cache.path(),
        &["check", "--plugin", "missing.wasm"],
    );
    assert_eq!(missing.code, 2);
    assert!(
        missing.stderr.contains("cannot read plugin"),
        "{}",
        missing.stderr
    );
    let bad = run(
        dir.path(),
        cache.path(),
        &["check", "--plugin", "not-wasm.wasm"],
    );
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("not a WebAssembly component"),
        "{}",
        bad.stderr
    );
}

#[test]
fn fix_applies_plugin_fixes_beside_the_builtin_ones() {
    let Some(reviewer) = component("examples/reviewer") else {
        return;
    };
    let dir = tree(&[
        (".shipshape.toml", "plugins = [\"reviewer.wasm\"]\n"),
        (
            "compose.yaml",
            "services:\n  web:\n    image: nginx:1.27  # shipshape ignore=SS503\n    read_only: false\n",
        ),
    ]);
    fs::copy(&reviewer, dir.path().join("reviewer.wasm")).expect("copy");
    let cache = tempfile::tempdir().expect("tempdir");
    let before = json(&run(
        dir.path(),
        cache.path(),
        &["check", "--format", "json"],
    ));
    let codes = |report: &Value| -> Vec<String> {
        report["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .map(|f| f["code"].as_str().unwrap_or("").to_string())
            .collect()
    };
    assert!(
        codes(&before).contains(&"HOST001".to_string()),
        "{before:#}"
    );
    assert!(codes(&before).contains(&"SS002".to_string()), "{before:#}");
    let fixed = run(dir.path(), cache.path(), &["fix"]);
    assert_eq!(fixed.code, 1, "{}{}", fixed.stdout, fixed.stderr);
    let text = fs::read_to_string(dir.path().join("compose.yaml")).expect("read");
    // The plugin's safe fix and the built-in one (SS002: remove the unused suppression) both
    // applied; unsafe fixes (SS101 and others) were not.
    assert_eq!(
        text,
        "# reviewed\nservices:\n  web:\n    image: nginx:1.27\n    read_only: false\n"
    );
    let after = json(&run(
        dir.path(),
        cache.path(),
        &["check", "--format", "json"],
    ));
    assert!(!codes(&after).contains(&"HOST001".to_string()), "{after:#}");
    assert!(!codes(&after).contains(&"SS002".to_string()), "{after:#}");
    assert!(codes(&after).contains(&"SS101".to_string()), "{after:#}");
}

/// A WebAssembly component that imports `name` as an empty instance and does nothing else.
fn component_importing(name: &str) -> Vec<u8> {
    let mut bytes = b"\0asm\x0d\0\x01\0".to_vec();
    // Type section: one empty instance type.
    bytes.extend([0x07, 0x03, 0x01, 0x42, 0x00]);
    // Import section: `name` as an instance of that type.
    let mut import = vec![0x01, 0x00, u8::try_from(name.len()).expect("short name")];
    import.extend(name.as_bytes());
    import.extend([0x05, 0x00]);
    bytes.push(0x0a);
    bytes.push(u8::try_from(import.len()).expect("short section"));
    bytes.extend(import);
    bytes
}

#[test]
fn plugins_for_another_interface_version_are_told_what_to_update() {
    let dir = tree(&[("Dockerfile", "FROM nginx:1.27\n")]);
    let cases = [
        (b"\0asm\x0d\0\x01\0".to_vec(), "not a shipshape plugin"),
        (
            component_importing("shipshape:plugin/types@0.3.0"),
            "it was built for plugin interface 0.3.0, newer than this shipshape speaks (0.1 to 0.2): upgrade shipshape",
        ),
        (
            component_importing("shipshape:plugin/types@0.0.9"),
            "it was built for plugin interface 0.0.9, older than this shipshape speaks (0.1 to 0.2): update the plugin",
        ),
        (
            component_importing("shipshape:plugin/types@0.2.0"),
            "it names shipshape:plugin@0.2 but does not export its `rules` and `check` functions with that version's types; rebuild it against wit/shipshape-plugin.wit: no export `check` found",
        ),
    ];
    let cache = tempfile::tempdir().expect("tempdir");
    for (index, (bytes, expected)) in cases.iter().enumerate() {
        let name = format!("p{index}.wasm");
        fs::write(dir.path().join(&name), bytes).expect("write");
        let outcome = run(dir.path(), cache.path(), &["check", "--plugin", &name]);
        assert_eq!(outcome.code, 2, "{}", outcome.stderr);
        assert!(
            outcome.stderr.contains(&format!("{name}: {expected}")),
            "{}",
            outcome.stderr
        );
    }
}

/// The per-user key of the tests' runs lives in its own config home, outside every cache dir.
fn config_home() -> &'static Path {
    static HOME: std::sync::OnceLock<TempDir> = std::sync::OnceLock::new();
    HOME.get_or_init(|| tempfile::tempdir().expect("tempdir"))
        .path()
}

/// The files in the cache directory, by name.
fn cache_files(cache: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(cache)
        .map(|entries| {
            entries
                .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// The `(artifact, mac)` paths in `cache` that are not in `before`.
fn new_entry(cache: &Path, before: &[String]) -> (PathBuf, PathBuf) {
    let added: Vec<String> = cache_files(cache)
        .into_iter()
        .filter(|name| !before.contains(name))
        .collect();
    assert_eq!(added.len(), 2, "{added:?}");
    let stem = added[0].split('.').next().expect("stem").to_string();
    assert_eq!(added, [format!("{stem}.cwasm"), format!("{stem}.mac")]);
    (
        cache.join(format!("{stem}.cwasm")),
        cache.join(format!("{stem}.mac")),
    )
}

fn codes_of(outcome: &Outcome) -> Vec<String> {
    json(outcome)["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["code"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn compiled_plugins_are_cached_and_a_broken_cache_is_recompiled() {
    let Some(plugin) = component("shipshape_example_registry") else {
        return;
    };
    let dir = registry_fixture();
    let cache = tempfile::tempdir().expect("tempdir");
    let plugin = plugin.to_str().expect("UTF-8");
    let args = [
        "check",
        "--format",
        "json",
        "--no-builtin",
        "--plugin",
        plugin,
    ];
    let first = run(dir.path(), cache.path(), &args);
    assert_eq!(first.code, 1, "{}", first.stderr);
    let (artifact, mac) = new_entry(cache.path(), &[]);
    assert_eq!(fs::read_to_string(&mac).expect("mac").len(), 64);
    let cached = fs::read(&artifact).expect("artifact");
    let second = run(dir.path(), cache.path(), &args);
    assert_eq!(first.stdout, second.stdout);
    assert_eq!(fs::read(&artifact).expect("artifact"), cached);
    // Garbage, a truncated artifact (its MAC kept), and random bytes with a random MAC: each is
    // deleted and recompiled from the plugin's bytes, never deserialized.
    let random: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    for (bytes, mac_text) in [
        (b"garbage".to_vec(), None),
        (cached[..cached.len() / 2].to_vec(), None),
        (random, Some("5a".repeat(32))),
    ] {
        fs::write(&artifact, &bytes).expect("corrupt");
        if let Some(mac_text) = mac_text {
            fs::write(&mac, mac_text).expect("mac");
        }
        let again = run(dir.path(), cache.path(), &args);
        assert_eq!(first.stdout, again.stdout, "{}", again.stderr);
        let rewritten = fs::read(&artifact).expect("rewritten");
        assert_ne!(rewritten, bytes);
        assert!(rewritten.len() > 1000);
        assert_eq!(fs::read_to_string(&mac).expect("mac").len(), 64);
    }
}

#[test]
fn an_artifact_swapped_in_from_another_plugin_is_recompiled_not_run() {
    let (Some(registry), Some(builtin)) = (
        component("shipshape_example_registry"),
        component("shipshape_plugin"),
    ) else {
        return;
    };
    let dir = registry_fixture();
    let cache = tempfile::tempdir().expect("tempdir");
    let check = |plugin: &Path| {
        let plugin = plugin.to_str().expect("UTF-8");
        let args = [
            "check",
            "--format",
            "json",
            "--no-builtin",
            "--plugin",
            plugin,
        ];
        run(dir.path(), cache.path(), &args)
    };
    let registry_run = check(&registry);
    assert_eq!(
        codes_of(&registry_run),
        ["REG001", "REG002"],
        "{}",
        registry_run.stderr
    );
    let (registry_artifact, registry_mac) = new_entry(cache.path(), &[]);
    let before = cache_files(cache.path());
    let builtin_run = check(&builtin);
    assert!(codes_of(&builtin_run).iter().all(|c| c.starts_with("SS")));
    let (builtin_artifact, builtin_mac) = new_entry(cache.path(), &before);
    // What a poisoned cache holds: the other plugin's artifact (and its MAC) under the registry
    // plugin's name.
    let swapped = fs::read(&builtin_artifact).expect("artifact");
    fs::copy(&builtin_artifact, &registry_artifact).expect("swap");
    fs::copy(&builtin_mac, &registry_mac).expect("swap");
    let after = check(&registry);
    assert_eq!(after.stdout, registry_run.stdout, "{}", after.stderr);
    let rewritten = fs::read(&registry_artifact).expect("rewritten");
    assert_ne!(rewritten, swapped, "the swapped artifact was kept");
    // The rewritten artifact is used from then on (a cache hit leaves it as it is).
    let again = check(&registry);
    assert_eq!(again.stdout, registry_run.stdout);
    assert_eq!(fs::read(&registry_artifact).expect("artifact"), rewritten);
    // An artifact without its MAC is not used either.
    fs::copy(&builtin_artifact, &registry_artifact).expect("swap");
    fs::remove_file(&registry_mac).expect("remove");
    assert_eq!(check(&registry).stdout, registry_run.stdout);
    assert_ne!(fs::read(&registry_artifact).expect("artifact"), swapped);
}

#[cfg(unix)]
#[test]
fn a_cache_dir_writable_by_others_is_refused_once_and_plugins_still_run() {
    use std::os::unix::fs::PermissionsExt;
    let (Some(registry), Some(reviewer)) = (
        component("shipshape_example_registry"),
        component("examples/reviewer"),
    ) else {
        return;
    };
    let dir = registry_fixture();
    let cache = tempfile::tempdir().expect("tempdir");
    let expected = json(&run(
        dir.path(),
        tempfile::tempdir().expect("tempdir").path(),
        &[
            "check",
            "--format",
            "json",
            "--plugin",
            registry.to_str().expect("UTF-8"),
            "--plugin",
            reviewer.to_str().expect("UTF-8"),
        ],
    ));
    for mode in [0o775, 0o757] {
        fs::set_permissions(cache.path(), fs::Permissions::from_mode(mode)).expect("chmod");
        let outcome = run(
            dir.path(),
            cache.path(),
            &[
                "check",
                "--format",
                "json",
                "--plugin",
                registry.to_str().expect("UTF-8"),
                "--plugin",
                reviewer.to_str().expect("UTF-8"),
            ],
        );
        assert_eq!(json(&outcome), expected);
        assert_eq!(
            outcome.stderr,
            format!(
                "warning: plugin cache not used: {} is writable by group or others (mode {mode:o}); plugins are compiled in memory\n",
                cache.path().display()
            )
        );
        assert_eq!(cache_files(cache.path()), Vec::<String>::new());
    }
}

#[test]
fn the_plugin_cache_can_be_turned_off() {
    let Some(plugin) = component("shipshape_example_registry") else {
        return;
    };
    let plugin = plugin.to_str().expect("UTF-8");
    let dir = registry_fixture();
    let expected = run(
        dir.path(),
        tempfile::tempdir().expect("tempdir").path(),
        &["check", "--format", "json", "--plugin", plugin],
    );
    let off_dir = tree(&[
        (
            ".shipshape.toml",
            "plugin-cache = false\n[plugin.shipshape_example_registry]\nallowed = [\"ghcr.io/acme\"]\n",
        ),
        (
            "Dockerfile",
            "FROM ghcr.io/acme/base:1.2 AS build\nFROM nginx\n# shipshape ignore=REG001 -- vendor image\nFROM quay.io/vendor/tool:2\n",
        ),
    ]);
    let flag = [
        "check",
        "--format",
        "json",
        "--plugin",
        plugin,
        "--no-plugin-cache",
    ];
    let plain = ["check", "--format", "json", "--plugin", plugin];
    for (tree_dir, args, env) in [
        (dir.path(), &flag[..], None),
        (off_dir.path(), &plain[..], None),
        (dir.path(), &plain[..], Some("1")),
    ] {
        let parent = tempfile::tempdir().expect("tempdir");
        let cache = parent.path().join("plugins");
        let mut command = Command::new(env!("CARGO_BIN_EXE_shipshape"));
        command
            .current_dir(tree_dir)
            .env("SHIPSHAPE_CACHE_DIR", &cache)
            .env("XDG_CONFIG_HOME", parent.path().join("config"))
            .args(args);
        if let Some(value) = env {
            command.env("SHIPSHAPE_NO_PLUGIN_CACHE", value);
        }
        let output = command.output().expect("run shipshape");
        assert_eq!(output.status.code(), Some(1));
        assert_eq!(String::from_utf8_lossy(&output.stdout), expected.stdout);
        assert_eq!(String::from_utf8_lossy(&output.stderr), "");
        // Nothing written: no cache directory, no key.
        assert!(!cache.exists(), "{args:?} {env:?}");
        assert!(!parent.path().join("config").exists(), "{args:?} {env:?}");
    }
}

/// A plugin built against `shipshape:plugin@0.1.0` (before the kinds of SPEC 2b had names) still
/// loads and runs, and gets those files as `other`; one built against 0.2.0 gets their names.
#[test]
fn a_plugin_built_against_0_1_still_runs_and_gets_the_new_kinds_as_other() {
    let (Some(current), Some(old)) = (component("examples/kinds"), component("examples/kinds_0_1"))
    else {
        return;
    };
    let dir = tree(&[
        (
            ".shipshape.toml",
            "plugins = [\"p/current.wasm\", \"p/old.wasm\"]\n",
        ),
        ("Dockerfile", "FROM alpine:3.20\n"),
        (
            ".devcontainer/devcontainer.json",
            "{ \"image\": \"alpine\" }\n",
        ),
        ("deploy/app.container", "[Container]\nImage=alpine\n"),
        (
            "run.sh",
            "#!/bin/sh\ndocker run -d --restart=always nginx\n",
        ),
    ]);
    fs::create_dir_all(dir.path().join("p")).expect("mkdir");
    fs::copy(&current, dir.path().join("p/current.wasm")).expect("copy");
    fs::copy(&old, dir.path().join("p/old.wasm")).expect("copy");
    let cache = tempfile::tempdir().expect("tempdir");
    let outcome = run(
        dir.path(),
        cache.path(),
        &[
            "check",
            "--format",
            "json",
            "--no-builtin",
            "--fail-on",
            "never",
        ],
    );
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    let report = json(&outcome);
    let mut seen: Vec<(String, String)> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap_or("").to_string(),
                f["message"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    seen.sort();
    let expected: Vec<(String, String)> = [
        (
            ".devcontainer/devcontainer.json",
            "sent as FileKind::Devcontainer",
        ),
        (".devcontainer/devcontainer.json", "sent as FileKind::Other"),
        ("Dockerfile", "sent as FileKind::Dockerfile"),
        ("Dockerfile", "sent as FileKind::Dockerfile"),
        ("deploy/app.container", "sent as FileKind::Other"),
        ("deploy/app.container", "sent as FileKind::Quadlet"),
        ("run.sh", "sent as FileKind::Other"),
        ("run.sh", "sent as FileKind::Shell"),
    ]
    .iter()
    .map(|(path, message)| (path.to_string(), message.to_string()))
    .collect();
    assert_eq!(seen, expected, "{}", outcome.stderr);
}
