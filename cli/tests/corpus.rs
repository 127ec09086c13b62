//! The CLI over the shared corpus of real-world files: every format and `fix --diff` finish
//! without a crash, and the JSON report lists every file found.

use std::path::PathBuf;

use assert_cmd::Command;
use serde_json::Value;

fn corpus() -> Option<PathBuf> {
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
    None
}

fn shipshape(dir: &PathBuf, args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_shipshape"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run shipshape");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn corpus_is_checked_in_every_format_without_a_crash() {
    let Some(dir) = corpus() else {
        return;
    };
    let (code, stdout, stderr) =
        shipshape(&dir, &["check", "--format", "json", "--fail-on", "never"]);
    assert_eq!(code, 0, "{stderr}");
    let report: Value = serde_json::from_str(&stdout).expect("JSON report");
    let files = report["files"].as_array().expect("files");
    assert!(files.len() > 500, "only {} files found", files.len());
    for kind in ["dockerfile", "compose", "kubernetes"] {
        assert!(
            files.iter().any(|file| file["kind"] == kind),
            "no {kind} file found"
        );
    }

    let (code, stdout, stderr) = shipshape(&dir, &["check", "--fail-on", "never"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains(&format!(" in {} files", files.len())),
        "{}",
        &stdout[stdout.len().saturating_sub(300)..]
    );

    let (code, _, stderr) = shipshape(&dir, &["fix", "--unsafe-fixes", "--diff"]);
    assert!(code == 0 || code == 1, "exit {code}: {stderr}");
    assert!(stderr.starts_with("Would fix "), "{stderr}");
}
