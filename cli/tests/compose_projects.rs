//! Issue 18, "compose projects, not files": a base file and the files merged over it are one
//! project. A missing setting is reported once, at the service in the file that defines it, with
//! every file merged after it taken into account; a fix goes into one file.

mod common;

use std::process::Command;

use common::tree;
use serde_json::Value;

fn check(dir: &std::path::Path, args: &[&str]) -> (i32, Value) {
    let output = Command::new(env!("CARGO_BIN_EXE_shipshape"))
        .current_dir(dir)
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .expect("run shipshape");
    let report = serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "not JSON ({error}):\n{}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output.status.code().unwrap_or(-1), report)
}

/// `shipshape fix --unsafe-fixes ARGS` in `dir`: exit 0, or 1 when findings are left.
fn fix(dir: &std::path::Path, args: &[&str]) {
    let status = Command::new(env!("CARGO_BIN_EXE_shipshape"))
        .current_dir(dir)
        .args(["fix", "--unsafe-fixes"])
        .args(args)
        .status()
        .expect("run shipshape");
    assert!(status.success() || status.code() == Some(1), "{status}");
}

/// `path:line:column CODE` of every finding.
fn found(report: &Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            format!(
                "{}:{}:{} {}",
                f["path"].as_str().unwrap_or("?"),
                f["start"]["line"],
                f["start"]["column"],
                f["code"].as_str().unwrap_or("?")
            )
        })
        .collect()
}

const BASE: &str = "services:\n  db:\n    image: postgres:16\n  web:\n    image: nginx:1.27\n";

#[test]
fn an_override_fragment_gets_no_missing_findings_of_its_own() {
    // The override only publishes a port: before projects, it got the four "missing" findings
    // of the base file's `db` a second time.
    let dir = tree(&[
        ("compose.yaml", BASE),
        (
            "compose.override.yaml",
            "services:\n  db:\n    ports: [\"5432:5432\"]\n",
        ),
    ]);
    let (code, report) = check(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(
        found(&report),
        [
            "compose.yaml:2:3 SS101",
            "compose.yaml:2:3 SS301",
            "compose.yaml:2:3 SS404",
            "compose.yaml:2:3 SS601",
            "compose.yaml:4:3 SS101",
            "compose.yaml:4:3 SS301",
            "compose.yaml:4:3 SS404",
            "compose.yaml:4:3 SS601",
        ]
    );
}

#[test]
fn a_setting_provided_by_the_override_satisfies_the_base_file() {
    let dir = tree(&[
        ("compose.yaml", BASE),
        (
            "compose.override.yaml",
            "services:\n  db:\n    read_only: true\n    cap_drop: [ALL]\n    security_opt: [\"no-new-privileges:true\"]\n    deploy: {resources: {limits: {pids: 200}}}\n  web:\n    read_only: false\n    cap_drop: [NET_RAW]\n",
        ),
    ]);
    let (_, report) = check(dir.path(), &[]);
    // db is hardened by the override. web: `read_only: false` is reported where it is written;
    // its `cap_drop` is the union of both files' lists, judged where web is defined.
    assert_eq!(
        found(&report),
        [
            "compose.override.yaml:8:16 SS101",
            "compose.yaml:4:3 SS301",
            "compose.yaml:4:3 SS404",
            "compose.yaml:4:3 SS601",
        ]
    );
}

#[test]
fn fixing_the_project_writes_each_setting_into_one_file() {
    let dir = tree(&[
        ("compose.yaml", "services:\n  db:\n    image: redis:7\n"),
        (
            "compose.override.yaml",
            "services:\n  db:\n    ports: [\"6379:6379\"]\n",
        ),
    ]);
    fix(dir.path(), &["."]);
    let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).expect("read");
    assert_eq!(
        read("compose.override.yaml"),
        "services:\n  db:\n    ports: [\"6379:6379\"]\n"
    );
    assert_eq!(
        read("compose.yaml"),
        "services:\n  db:\n    image: redis:7\n    read_only: true\n    cap_drop:\n      - ALL\n    cap_add:\n      - CHOWN\n      - SETGID\n      - SETUID\n    security_opt:\n      - no-new-privileges:true\n    pids_limit: 100\n"
    );
    let (code, report) = check(dir.path(), &[]);
    assert_eq!((code, found(&report)), (0, Vec::<String>::new()));
}

#[test]
fn compose_file_in_dot_env_names_the_project_and_its_order() {
    let dir = tree(&[
        (".env", "COMPOSE_FILE=compose.yaml:compose.prod.yaml\n"),
        ("compose.yaml", BASE),
        (
            "compose.prod.yaml",
            "services:\n  db:\n    read_only: true\n  worker:\n    image: busybox:1.36\n    read_only: true\n    cap_drop: [ALL]\n    security_opt: [\"no-new-privileges:true\"]\n    pids_limit: 50\n",
        ),
    ]);
    let (_, report) = check(dir.path(), &[]);
    assert_eq!(
        found(&report),
        [
            "compose.yaml:2:3 SS301",
            "compose.yaml:2:3 SS404",
            "compose.yaml:2:3 SS601",
            "compose.yaml:4:3 SS101",
            "compose.yaml:4:3 SS301",
            "compose.yaml:4:3 SS404",
            "compose.yaml:4:3 SS601",
        ]
    );
}

#[test]
fn a_file_outside_the_project_is_judged_alone() {
    // `compose.prod.yaml` is not the default override and no COMPOSE_FILE names it.
    let dir = tree(&[
        ("compose.yaml", BASE),
        (
            "compose.prod.yaml",
            "services:\n  db:\n    read_only: true\n",
        ),
    ]);
    let (_, report) = check(dir.path(), &["compose.prod.yaml"]);
    assert_eq!(
        found(&report),
        [
            "compose.prod.yaml:2:3 SS301",
            "compose.prod.yaml:2:3 SS404",
            "compose.prod.yaml:2:3 SS601",
        ]
    );
}

const HARDENED: &str = "read_only: true\n    cap_drop: [ALL]\n    security_opt: [\"no-new-privileges:true\"]\n    pids_limit: 100\n";

#[test]
fn a_service_inherits_what_it_extends_from_another_file() {
    // Before, a service extending one in another file was never judged: `web` had no finding.
    // Now what `base` sets counts (`read_only`, `cap_drop`), and what neither sets is reported
    // at `web` (and at `base`, a service of its own file).
    let dir = tree(&[
        (
            "common.yaml",
            "services:\n  base:\n    image: nginx:1.27\n    read_only: true\n    cap_drop: [ALL]\n",
        ),
        (
            "compose.yaml",
            "services:\n  web:\n    extends:\n      file: common.yaml\n      service: base\n  hardened:\n    extends: {file: ./sub/../common.yaml, service: base}\n    security_opt: [\"no-new-privileges:true\"]\n    pids_limit: 100\n  lost:\n    extends: {file: missing.yaml, service: base}\n",
        ),
    ]);
    let (code, report) = check(dir.path(), &["compose.yaml", "common.yaml"]);
    assert_eq!(code, 1);
    assert_eq!(
        found(&report),
        [
            "common.yaml:2:3 SS404",
            "common.yaml:2:3 SS601",
            "compose.yaml:2:3 SS404",
            "compose.yaml:2:3 SS601",
        ]
    );
}

#[test]
fn a_wrong_value_in_the_extended_file_is_reported_there_only() {
    let dir = tree(&[
        (
            "base/common.yaml",
            &format!(
                "services:\n  base:\n    image: nginx:1.27\n    {}",
                HARDENED.replace("read_only: true", "read_only: false")
            ),
        ),
        (
            "compose.yaml",
            "services:\n  web:\n    extends: {file: base/common.yaml, service: base}\n",
        ),
    ]);
    let (_, report) = check(dir.path(), &["compose.yaml", "base/common.yaml"]);
    assert_eq!(found(&report), ["base/common.yaml:4:16 SS101"]);
}

#[test]
fn an_include_entry_that_lists_several_files_merges_them() {
    // `path: [a, b]` in an `include:` entry merges b over a, as an override does.
    let dir = tree(&[
        (
            "compose.yaml",
            "include:\n  - path:\n      - app/compose.yaml\n      - app/compose.prod.yaml\n",
        ),
        ("app/compose.yaml", BASE),
        (
            "app/compose.prod.yaml",
            &format!("services:\n  db:\n    ports: [\"5432:5432\"]\n  web:\n    {HARDENED}"),
        ),
    ]);
    let (_, report) = check(
        dir.path(),
        &["compose.yaml", "app/compose.yaml", "app/compose.prod.yaml"],
    );
    assert_eq!(
        found(&report),
        [
            "app/compose.yaml:2:3 SS101",
            "app/compose.yaml:2:3 SS301",
            "app/compose.yaml:2:3 SS404",
            "app/compose.yaml:2:3 SS601",
        ]
    );
}

#[test]
fn a_swarm_stack_file_gets_only_what_applies_there() {
    // `docker stack deploy` ignores `security_opt` (no SS404) and the top-level `pids_limit`
    // (SS601 still fires, and its fix writes `deploy.resources.limits.pids`). A stack is told by
    // a Swarm-only `deploy` key and no `build`, not by its name.
    let service = "  web:\n    image: nginx:1.27\n    read_only: true\n    cap_drop: [ALL]\n    pids_limit: 100\n";
    let stack = format!("services:\n{service}    deploy:\n      placement:\n        constraints: [node.role == worker]\n");
    let built = format!("services:\n{service}    build: .\n    deploy:\n      mode: replicated\n");
    let plain = format!("services:\n{service}");
    let dir = tree(&[
        ("prod.yml", stack.as_str()),
        ("built.yml", built.as_str()),
        ("stack.yml", plain.as_str()),
    ]);
    let (_, report) = check(dir.path(), &["prod.yml", "built.yml", "stack.yml"]);
    assert_eq!(
        found(&report),
        [
            "built.yml:2:3 SS404",
            "prod.yml:2:3 SS601",
            "stack.yml:2:3 SS404"
        ]
    );
    fix(dir.path(), &["--select", "SS601", "prod.yml"]);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("prod.yml")).expect("read"),
        format!("services:\n{service}    deploy:\n      placement:\n        constraints: [node.role == worker]\n      resources:\n        limits:\n          pids: 100\n")
    );
}
