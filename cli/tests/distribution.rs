//! Issue 16: shipshape's own artefacts show the hardening it asks for. Its image's Dockerfile, its
//! workflows and the `docker run` line the README gives pass
//! `shipshape check` with no finding; the README's pre-commit hooks exist and run; `completions`
//! and `man` print what the archives ship.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the CLI crate is one level below the workspace root")
        .to_path_buf()
}

fn shipshape(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_shipshape"))
        .current_dir(repo())
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("SHIPSHAPE_LANG")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run shipshape");
    if let (Some(text), Some(mut pipe)) = (stdin, child.stdin.take()) {
        pipe.write_all(text.as_bytes()).expect("write stdin");
    }
    child.wait_with_output().expect("wait for shipshape")
}

/// The README from `marker` up to the end of the code block it is in.
fn readme_from(marker: &str) -> String {
    let readme = std::fs::read_to_string(repo().join("README.md")).expect("README.md");
    let start = readme
        .find(marker)
        .unwrap_or_else(|| panic!("the README's Install section has no `{marker}`"));
    let end = readme[start..].find("\n```").expect("the code block ends");
    readme[start..start + end].to_string()
}

fn json_report(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "not JSON ({error}):\n{}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

/// The files of this repository that configure containers or CI, judged as any user's would be.
#[test]
fn the_repository_s_own_container_and_ci_files_have_no_findings() {
    let files = [
        "Dockerfile",
        ".github/workflows/ci.yml",
        ".github/workflows/release.yml",
    ];
    for file in files {
        assert!(repo().join(file).is_file(), "{file} is missing");
    }
    let mut args = vec!["check", "--format", "json"];
    args.extend(files);
    let output = shipshape(&args, None);
    let report = json_report(&output);
    let checked: Vec<(&str, &str)> = report["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter_map(|file| Some((file["path"].as_str()?, file["kind"].as_str()?)))
        .collect();
    // Each is recognised as its kind, not skipped as an unknown file.
    assert_eq!(
        checked,
        [
            (".github/workflows/ci.yml", "github-actions"),
            (".github/workflows/release.yml", "github-actions"),
            ("Dockerfile", "dockerfile"),
        ]
    );
    assert_eq!(
        report["findings"],
        serde_json::json!([]),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    assert_eq!(output.status.code(), Some(0));
}

/// The README's `docker run` line for the image is itself hardened (read-only root, every
/// capability dropped, no new privileges, a PID limit).
#[test]
fn the_readme_s_docker_run_line_passes_its_own_checks() {
    let command = readme_from("docker run --rm --read-only");
    assert!(
        command.contains("ghcr.io/shipshape-dev/shipshape:"),
        "{command}"
    );
    assert!(command.starts_with("docker run --rm "), "{command}");
    // A one-off `--rm` container is not told what it lacks (README, "Wherever else"), so the
    // line is judged as a long-lived (`-d`) container would be: nothing may be missing.
    let long_lived = command.replacen("--rm ", "-d ", 1);
    let codes = |text: &str| -> Vec<String> {
        let output = shipshape(
            &["check", "--format", "json", "--kind", "shell", "-"],
            Some(text),
        );
        json_report(&output)["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter_map(|finding| finding["code"].as_str().map(str::to_string))
            .collect()
    };
    assert_eq!(codes(&long_lived), Vec::<String>::new(), "{long_lived}");
    // The same line without its hardening is caught: the check above is not vacuous.
    let bare = long_lived
        .replace("--read-only ", "")
        .replace("--pids-limit 64 ", "");
    assert_eq!(codes(&bare), ["SS101", "SS601"], "{bare}");
}

#[test]
fn completions_name_every_subcommand() {
    let output = shipshape(&["completions", "bash"], None);
    assert_eq!(output.status.code(), Some(0));
    let script = String::from_utf8(output.stdout).expect("UTF-8");
    assert!(script.contains("_shipshape()"), "{script}");
    for subcommand in ["check", "fix", "explain", "rules", "completions", "man"] {
        assert!(
            script.contains(&format!("cmd=\"shipshape__subcmd__{subcommand}\"")),
            "no {subcommand}"
        );
    }
    let zsh = shipshape(&["completions", "zsh"], None);
    assert!(String::from_utf8_lossy(&zsh.stdout).starts_with("#compdef shipshape"));
    let unknown = shipshape(&["completions", "tcsh"], None);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("invalid value 'tcsh'"));
}

#[test]
fn man_writes_one_page_per_subcommand() {
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("man1");
    let output = shipshape(&["man", target.to_str().expect("UTF-8 path")], None);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut pages: Vec<String> = std::fs::read_dir(&target)
        .expect("pages")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    pages.sort();
    assert_eq!(
        pages,
        [
            "shipshape-check.1",
            "shipshape-completions.1",
            "shipshape-explain.1",
            "shipshape-fix.1",
            "shipshape-man.1",
            "shipshape-rules.1",
            "shipshape.1",
        ]
    );
    let check = std::fs::read_to_string(target.join("shipshape-check.1")).expect("page");
    assert!(
        check.contains(&format!(
            ".TH shipshape-check 1  \"shipshape {}",
            env!("CARGO_PKG_VERSION")
        )),
        "{check}"
    );
    assert!(check.contains("\\-\\-baseline"), "{check}");
}

/// The README's pre-commit snippet names hooks that `.pre-commit-hooks.yaml` defines, and each
/// hook's entry is a command this binary runs on a repository (here, `examples/good`).
#[test]
fn the_readme_s_pre_commit_hooks_exist_and_run() {
    let block = readme_from("# .pre-commit-config.yaml");
    let wanted: Vec<&str> = block
        .lines()
        .filter_map(|line| line.trim().strip_prefix("- id: "))
        .collect();
    assert_eq!(wanted, ["shipshape"], "{block}");
    let hooks = std::fs::read_to_string(repo().join(".pre-commit-hooks.yaml")).expect("hooks");
    let mut defined = Vec::new();
    let mut entries = Vec::new();
    for line in hooks.lines() {
        if let Some(id) = line.strip_prefix("- id: ") {
            defined.push(id.trim());
        } else if let Some(entry) = line.trim().strip_prefix("entry: ") {
            entries.push(entry.trim());
        }
    }
    assert_eq!(defined, ["shipshape", "shipshape-fix"]);
    assert_eq!(entries, ["shipshape check", "shipshape fix"]);
    for id in wanted {
        assert!(defined.contains(&id), "{id} is not a hook");
    }
    // pre-commit runs `entry` in the repository (pass_filenames: false), here on clean files:
    // `fix --diff` previews and writes nothing.
    for args in [
        &["check", "examples/good"][..],
        &["fix", "--diff", "examples/good"][..],
    ] {
        let output = shipshape(args, None);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}
