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
    let status = Command::new(env!("CARGO_BIN_EXE_shipshape"))
        .current_dir(dir.path())
        .args(["fix", "--unsafe-fixes", "."])
        .status()
        .expect("run shipshape");
    assert!(status.success() || status.code() == Some(1), "{status}");
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
