//! The real-world sample of each kind of SPEC 2b (`tests/realworld/<kind>/`, provenance and
//! licences in each README): every file is detected as its kind, checked without a panic, and
//! fixed to a text that still parses; the parse errors are exactly the known, real ones.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use shipshape_core::fix::fix_document;
use shipshape_core::{check, Applicability, Config, Document, FileKind};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files(&path, out);
        } else if path.file_name().is_some_and(|name| name != "README.md") {
            out.push(path);
        }
    }
}

/// Files of the sample whose SS000 is a real syntax error of the file, with the reason.
const KNOWN_PARSE_ERRORS: &[(&str, &str)] = &[(
    // glab's own test pipeline defines the job `report2` twice (YAML 1.2 forbids it; GitLab's
    // loader keeps the last one).
    "gitlab-ci/22-cli/.gitlab-ci.yml",
    "duplicate key `report2` in this mapping",
)];

/// Files the collector's `grep` took for the kind that shipshape does not (and should not) read
/// as it: the container command is only in a comment, or behind a variable (`$cmd docker run`),
/// or only in a make variable's definition. Walking a tree leaves them out.
const NOT_OF_THE_KIND: &[&str] = &[
    // `podman run --privileged` only in a comment.
    "shell/02-podman/helpers.bash",
    // `$cmd docker run ...`: the program is a variable (it may be `echo`).
    "shell/03-podman/mkall.sh",
    "shell/04-podman/mkall.sh",
    // `DOCKER_FLAGS := $(DOCKER) run ...`: a make variable, and the program is a variable.
    "makefile/04-moby/Makefile",
];

#[test]
fn every_sample_file_is_read_checked_and_fixed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/realworld");
    let minimum = [
        (FileKind::Devcontainer, 40),
        (FileKind::Quadlet, 40),
        (FileKind::Shell, 40),
        (FileKind::Makefile, 16),
        (FileKind::GithubActions, 40),
        (FileKind::GitlabCi, 23),
    ];
    let config = Config::default();
    let mut report = String::new();
    let mut parse_errors = Vec::new();
    let mut not_of_the_kind: Vec<String> = Vec::new();
    for (kind, at_least) in minimum {
        let mut paths = Vec::new();
        files(&root.join(kind.as_str()), &mut paths);
        let mut per_code: BTreeMap<String, usize> = BTreeMap::new();
        for path in &paths {
            let relative = path
                .strip_prefix(&root)
                .unwrap_or(path)
                .to_string_lossy()
                .replace('\\', "/");
            let text = std::fs::read_to_string(path).unwrap_or_default();
            assert_eq!(
                FileKind::detect(&relative, &text),
                kind,
                "{relative} is not detected as {kind}"
            );
            if !kind.confirms(&text) {
                not_of_the_kind.push(relative.clone());
            }
            let document = Document::new(&relative, &text, kind);
            let findings = check(&document, &config);
            for finding in &findings {
                *per_code.entry(finding.code.clone()).or_default() += 1;
                if finding.code == "SS000" {
                    parse_errors.push(format!("{relative}: {}", finding.message));
                }
            }
            let fixed = fix_document(&document, &config, Applicability::Unsafe);
            if fixed.applied > 0 {
                let again = check(&Document::new(&relative, &fixed.text, kind), &config);
                assert!(
                    again.iter().all(|f| f.code != "SS000"),
                    "fixing {relative} broke it:\n{}",
                    fixed.text
                );
            }
        }
        report.push_str(&format!(
            "{kind}: {} files, findings {per_code:?}\n",
            paths.len()
        ));
        assert!(
            paths.len() >= at_least,
            "{kind}: {} files, fewer than {at_least}",
            paths.len()
        );
    }
    println!("{report}");
    for error in &parse_errors {
        println!("parse error: {error}");
    }
    let known: Vec<String> = KNOWN_PARSE_ERRORS
        .iter()
        .map(|(file, reason)| format!("{file}: {reason}"))
        .collect();
    assert_eq!(parse_errors, known);
    assert_eq!(not_of_the_kind, NOT_OF_THE_KIND);
}
