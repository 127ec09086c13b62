//! Hostile input that only a front end reading bytes sees: invalid UTF-8 and files past the
//! 10 MiB read limit (the rest of the hostile-input suite is `core/tests/hostile.rs`).

use std::fs;

use assert_cmd::Command;
use serde_json::Value;

fn check_json(dir: &std::path::Path, args: &[&str], stdin: Option<Vec<u8>>) -> Value {
    let mut command = Command::new(env!("CARGO_BIN_EXE_shipshape"));
    command
        .current_dir(dir)
        .args(["check", "--format", "json", "--fail-on", "never"])
        .args(args);
    if let Some(bytes) = stdin {
        command.write_stdin(bytes);
    }
    let output = command.output().expect("run shipshape");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON report")
}

/// `(code, line, column, message)` of every finding.
fn findings(report: &Value) -> Vec<(String, u64, u64, String)> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|finding| {
            (
                finding["code"].as_str().unwrap_or_default().to_string(),
                finding["start"]["line"].as_u64().unwrap_or_default(),
                finding["start"]["column"].as_u64().unwrap_or_default(),
                finding["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn finding(code: &str, line: u64, column: u64, message: &str) -> (String, u64, u64, String) {
    (code.to_string(), line, column, message.to_string())
}

#[test]
fn invalid_utf8_is_a_parse_error_at_the_first_bad_byte() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(
        dir.path().join("Dockerfile"),
        b"FROM alpine\nRUN echo caf\xe9\nENV PASSWORD=hunter2\n",
    )
    .expect("write");
    let report = check_json(dir.path(), &["Dockerfile"], None);
    assert_eq!(
        findings(&report),
        vec![finding("SS000", 2, 13, "file is not valid UTF-8 (byte 24)")]
    );
    // Compose from standard input, with a truncated multi-byte character.
    let report = check_json(
        dir.path(),
        &["--kind", "compose", "-"],
        Some(b"services:\n  web:\n    image: \xc3".to_vec()),
    );
    assert_eq!(
        findings(&report),
        vec![finding("SS000", 3, 12, "file is not valid UTF-8 (byte 28)")]
    );
}

#[test]
fn nul_bytes_from_standard_input() {
    let dir = tempfile::tempdir().expect("tempdir");
    let report = check_json(
        dir.path(),
        &["--kind", "dockerfile", "-"],
        Some(b"FROM alpine\nRUN echo \0\nUSER \0\n".to_vec()),
    );
    // A NUL byte makes the input binary (git's heuristic): one SS000, none of it read.
    assert_eq!(
        findings(&report),
        vec![finding(
            "SS000",
            1,
            1,
            "binary file (a NUL byte at byte 21); it was not checked"
        )]
    );
}

#[test]
fn files_past_the_size_limit_are_not_read_whole() {
    let dir = tempfile::tempdir().expect("tempdir");
    // 10 MiB and one byte: a comment line that long after a valid start.
    let mut text = b"FROM alpine\n# ".to_vec();
    text.resize(10 * 1024 * 1024 + 1, b'x');
    fs::write(dir.path().join("Dockerfile"), &text).expect("write");
    let report = check_json(dir.path(), &["Dockerfile"], None);
    assert_eq!(
        findings(&report),
        vec![finding(
            "SS000",
            1,
            1,
            "file too large (more than 10485760 bytes); it was not checked"
        )]
    );
    assert_eq!(report["files"][0]["kind"], "dockerfile");
    // Exactly at the limit: checked.
    text.truncate(10 * 1024 * 1024);
    fs::write(dir.path().join("Dockerfile"), &text).expect("write");
    let report = check_json(dir.path(), &["Dockerfile"], None);
    assert_eq!(findings(&report), Vec::new());
}
