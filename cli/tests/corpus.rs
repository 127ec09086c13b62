//! The CLI over the shared corpus of real-world files nobody here wrote (`../shared/corpus`, or
//! `$SHIPSHAPE_CORPUS`): every file is checked without a crash or hang, exactly the files listed
//! below fail to parse (each is really invalid), every output format finishes, and
//! `fix --unsafe-fixes` on a copy of every compose and Kubernetes file leaves files that parse and
//! that a second run does not change.
//!
//! Without the corpus (or one of its kind folders) these tests print a note and pass; with
//! `SHIPSHAPE_REQUIRE_CORPUS` set (CI) they fail instead (`common::corpus`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

mod common;
use common::corpus;

fn shipshape(dir: &Path, args: &[&str]) -> (i32, String, String) {
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

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("read corpus dir")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// Files that do not parse, each with why it is invalid (kind folder / path in the corpus).
const EXPECTED_PARSE_ERRORS: &[(&str, &str)] = &[
    // Deliberately broken compose e2e fixture: unknown instruction `WRONG`.
    (
        "dockerfile/docker__compose/pkg/e2e/fixtures/wrong-composefile/service1/Dockerfile",
        "unknown instruction",
    ),
    // A template fragment, not a Dockerfile: ENV before any FROM.
    (
        "dockerfile/dotnet__dotnet-docker/eng/dockerfile-templates/monitor-base/Dockerfile.envs",
        "FROM",
    ),
    // GKE samples with broken indentation: PyYAML and go-yaml reject them too (a `- ` item at a
    // mapping's indentation, a mapping nested in a scalar).
    ("k8s/GoogleCloudPlatform__kubernetes-engine-samples/ai-ml/gke-model-armor/preparing-the-model/hdml-static-pv-pvc.yaml", "did not find expected key"),
    ("k8s/GoogleCloudPlatform__kubernetes-engine-samples/ai-ml/gke-model-armor/preparing-the-model/llm-service.yaml", "did not find expected '-' indicator"),
    ("k8s/GoogleCloudPlatform__kubernetes-engine-samples/ai-ml/gke-model-armor/preparing-the-model/producer-job.yaml", "did not find expected key"),
    ("k8s/GoogleCloudPlatform__kubernetes-engine-samples/ai-ml/gke-model-armor/preparing-the-model/vllm-gemma-deployment.yaml", "did not find expected key"),
    ("k8s/GoogleCloudPlatform__kubernetes-engine-samples/ai-ml/infw-gw/examples/getting-started/vllm-llama3-8b-instruct.yaml", "mapping values are not allowed"),
];

/// Check one kind folder, naming every file explicitly with its kind, and return the report.
fn check_folder(corpus: &Path, folder: &str, kind: &str) -> (Vec<PathBuf>, Value) {
    let mut files = Vec::new();
    files_under(&corpus.join(folder), &mut files);
    let relative: Vec<String> = files
        .iter()
        .map(|path| {
            path.strip_prefix(corpus)
                .expect("under corpus")
                .display()
                .to_string()
        })
        .collect();
    let mut args = vec![
        "check",
        "--format",
        "json",
        "--fail-on",
        "never",
        "--no-config",
        "--kind",
        kind,
    ];
    args.extend(relative.iter().map(String::as_str));
    let (code, stdout, stderr) = shipshape(corpus, &args);
    assert_eq!(code, 0, "{folder}: {stderr}");
    let report: Value = serde_json::from_str(&stdout).expect("JSON report");
    (files, report)
}

/// Files of `helm-templates/` that are valid YAML (rendered chart output), so checked, not skipped.
const RENDERED_IN_HELM_FOLDER: &[&str] =
    &["falcosecurity__deploy-kubernetes/kubernetes/falcosidekick/templates/falcosidekick-loki-dashboard-grafana.yaml"];

#[test]
fn every_corpus_file_is_checked_and_only_invalid_files_fail_to_parse() {
    let Some(corpus) = corpus() else {
        return;
    };
    let mut per_rule: BTreeMap<String, usize> = BTreeMap::new();
    let mut parse_errors: BTreeMap<String, String> = BTreeMap::new();
    let mut helm_skipped = 0;
    let mut total_files = 0;
    for (folder, kind) in [
        ("dockerfile", "dockerfile"),
        ("compose", "compose"),
        ("k8s", "kubernetes"),
        ("helm-templates", "kubernetes"),
    ] {
        let (files, report) = check_folder(&corpus, folder, kind);
        let reported = report["files"].as_array().expect("files").len();
        assert_eq!(
            reported,
            files.len(),
            "{folder}: every named file is in the report"
        );
        let minimum = common::corpus_support::minimum_files(folder);
        assert!(
            files.len() >= minimum,
            "{folder}: {} files checked, expected at least {minimum} (corpus_minimums.txt)",
            files.len()
        );
        total_files += files.len();
        let mut folder_errors = BTreeSet::new();
        let mut folder_helm = 0;
        for finding in report["findings"].as_array().expect("findings") {
            let code = finding["code"].as_str().expect("code").to_string();
            let path = finding["path"].as_str().expect("path").to_string();
            let message = finding["message"].as_str().expect("message").to_string();
            *per_rule.entry(code.clone()).or_default() += 1;
            if code == "SS000" {
                if message.contains("Helm template") {
                    helm_skipped += 1;
                    folder_helm += 1;
                    assert_eq!(finding["severity"], "info");
                } else {
                    folder_errors.insert(path.clone());
                    parse_errors.entry(path).or_insert(message);
                }
            }
        }
        if folder == "helm-templates" {
            // Every Helm template is recognised as one and skipped, not parsed as broken YAML.
            assert!(
                folder_errors.is_empty(),
                "Helm templates parsed as YAML: {folder_errors:?}"
            );
            // Each Helm template gets one info SS000; a file there that is valid YAML (rendered
            // output holding `{{priority}}` in a block scalar) is checked as YAML.
            assert_eq!(
                folder_helm + RENDERED_IN_HELM_FOLDER.len(),
                files.len(),
                "each Helm template gets one info SS000"
            );
        }
    }
    eprintln!("corpus: {total_files} files checked; {helm_skipped} Helm templates skipped; findings per rule: {per_rule:?}");
    eprintln!("corpus: {} files do not parse:", parse_errors.len());
    for (path, message) in &parse_errors {
        eprintln!("  {path}: {message}");
    }
    let expected: BTreeMap<String, String> = EXPECTED_PARSE_ERRORS
        .iter()
        .map(|(path, why)| (path.to_string(), why.to_string()))
        .collect();
    assert_eq!(
        parse_errors.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>(),
        "the files that fail to parse changed"
    );
    for (path, why) in &expected {
        assert!(
            parse_errors[path].contains(why.as_str()),
            "{path}: {}",
            parse_errors[path]
        );
    }
}

#[test]
fn every_format_finishes_on_the_whole_corpus() {
    let Some(corpus) = corpus() else {
        return;
    };
    let (code, stdout, stderr) =
        shipshape(&corpus, &["check", "--fail-on", "never", "--no-config"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("Found "),
        "{}",
        &stdout[stdout.len().saturating_sub(300)..]
    );
    let (code, _, stderr) = shipshape(&corpus, &["fix", "--unsafe-fixes", "--diff", "--no-config"]);
    assert!(code == 0 || code == 1, "exit {code}: {stderr}");
}

/// A baseline of the whole corpus hides every finding, and holds nothing but paths, codes and
/// 32-digit fingerprints (no source text, so no secret of the corpus).
#[test]
fn a_baseline_of_the_corpus_hides_every_finding_and_holds_no_source_text() {
    let Some(corpus) = corpus() else {
        return;
    };
    let out = tempfile::tempdir().expect("tempdir");
    let baseline = out.path().join("baseline.json");
    let baseline_arg = baseline.to_string_lossy().into_owned();
    let (code, stdout, _) = shipshape(
        &corpus,
        &["check", "--no-config", "--format", "json", "--exit-zero"],
    );
    assert_eq!(code, 0);
    let report: Value = serde_json::from_str(&stdout).expect("json");
    let total = report["findings"].as_array().map_or(0, Vec::len);
    let files = report["files"].as_array().map_or(0, Vec::len);
    let (code, stdout, stderr) = shipshape(
        &corpus,
        &["check", "--no-config", "--write-baseline", &baseline_arg],
    );
    assert_eq!(code, 0, "{stderr}");
    let summary = format!("No findings in {files} files; {total} hidden by the baseline\n");
    assert_eq!(stdout, summary);
    let text = std::fs::read_to_string(&baseline).expect("baseline");
    let entries: Vec<&str> = text.lines().skip(3).take(total).collect();
    assert_eq!(text.lines().count(), total + 5);
    for entry in &entries {
        let value: Value = serde_json::from_str(entry.trim().trim_end_matches(',')).expect(entry);
        let fields = value.as_object().expect("object");
        assert_eq!(fields.len(), 3, "{entry}");
        let fingerprint = value["fingerprint"].as_str().unwrap_or("");
        assert!(
            fingerprint.len() == 32 && fingerprint.bytes().all(|b| b.is_ascii_hexdigit()),
            "{entry}"
        );
    }
    let (code, stdout, _) = shipshape(
        &corpus,
        &["check", "--no-config", "--baseline", &baseline_arg],
    );
    assert_eq!((code, stdout), (0, summary));
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from)
        .expect("read dir")
        .filter_map(Result::ok)
    {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

fn snapshot_tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = Vec::new();
    files_under(dir, &mut files);
    files
        .into_iter()
        .map(|path| {
            let bytes = std::fs::read(&path).expect("read");
            (path, bytes)
        })
        .collect()
}

/// Every file below `dir`, relative to it: named explicitly so that none is skipped.
fn relative_files(dir: &Path) -> Vec<String> {
    let mut files = Vec::new();
    files_under(dir, &mut files);
    files
        .iter()
        .map(|path| {
            path.strip_prefix(dir)
                .expect("under dir")
                .display()
                .to_string()
        })
        .collect()
}

fn run_on_all(dir: &Path, leading: &[&str]) -> (i32, String, String) {
    let files = relative_files(dir);
    let mut args: Vec<&str> = leading.to_vec();
    args.extend(files.iter().map(String::as_str));
    shipshape(dir, &args)
}

fn parse_error_paths(dir: &Path, kind: &str) -> BTreeSet<String> {
    let (code, stdout, stderr) = run_on_all(
        dir,
        &[
            "check",
            "--format",
            "json",
            "--fail-on",
            "never",
            "--no-config",
            "--kind",
            kind,
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let report: Value = serde_json::from_str(&stdout).expect("JSON report");
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["code"] == "SS000")
        .map(|f| f["path"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn unsafe_fixes_on_compose_and_kubernetes_files_parse_and_are_idempotent() {
    let Some(corpus) = corpus() else {
        return;
    };
    for (folder, kind) in [("compose", "compose"), ("k8s", "kubernetes")] {
        let work = tempfile::tempdir().expect("tempdir");
        copy_tree(&corpus.join(folder), work.path());
        let errors_before = parse_error_paths(work.path(), kind);
        let before = snapshot_tree(work.path());

        let (code, _, stderr) = run_on_all(
            work.path(),
            &["fix", "--unsafe-fixes", "--no-config", "--kind", kind],
        );
        assert!(code == 0 || code == 1, "{folder}: exit {code}: {stderr}");
        let after = snapshot_tree(work.path());
        let changed = before
            .iter()
            .filter(|(path, bytes)| after.get(*path) != Some(bytes))
            .count();
        eprintln!(
            "{folder}: fix --unsafe-fixes changed {changed} of {} files",
            before.len()
        );
        assert!(changed > 0, "{folder}: the fixes changed nothing");

        let errors_after = parse_error_paths(work.path(), kind);
        assert_eq!(
            errors_after, errors_before,
            "{folder}: fixed files no longer parse"
        );

        let (code, _, stderr) = run_on_all(
            work.path(),
            &["fix", "--unsafe-fixes", "--no-config", "--kind", kind],
        );
        assert!(code == 0 || code == 1, "{folder}: exit {code}: {stderr}");
        let again = snapshot_tree(work.path());
        let changed_again: Vec<_> = after
            .iter()
            .filter(|(path, bytes)| again.get(*path) != Some(bytes))
            .map(|(path, _)| path.display().to_string())
            .collect();
        assert!(
            changed_again.is_empty(),
            "{folder}: a second fix run changed {changed_again:?}"
        );
    }
}

/// The lines of `text` as a unified diff shows them: split at `\n` only, without it.
fn diff_lines(text: &str) -> Vec<&str> {
    text.split_inclusive('\n')
        .map(|line| line.strip_suffix('\n').unwrap_or(line))
        .collect()
}

/// Whether `shown` is `original` with zero or more parts masked (`***`, or a short prefix then
/// `***`): each `***` stands for at least one character of `original`.
fn equal_but_masked(shown: &str, original: &str) -> bool {
    if shown == original {
        return true;
    }
    let parts: Vec<&str> = shown.split("***").collect();
    let Some(mut rest) = original.strip_prefix(parts[0]) else {
        return false;
    };
    for (index, part) in parts.iter().enumerate().skip(1) {
        let skip = rest.chars().next().map_or(0, char::len_utf8);
        if skip == 0 {
            return false;
        }
        if index == parts.len() - 1 {
            return rest.len() > part.len()
                && rest.ends_with(part)
                && rest.is_char_boundary(rest.len() - part.len());
        }
        match rest[skip..].find(part) {
            Some(at) => rest = &rest[skip + at + part.len()..],
            None => return false,
        }
    }
    false
}

/// One file's section of a unified diff: its path and, per hunk line, (tag, old line index,
/// new line index, text).
struct DiffFile {
    path: String,
    lines: Vec<(char, usize, usize, String)>,
}

fn parse_diff(diff: &str) -> Vec<DiffFile> {
    let mut files: Vec<DiffFile> = Vec::new();
    let (mut old, mut new) = (0, 0);
    // Split at `\n` only: a `\r` before it belongs to the line (CRLF files).
    let mut lines = diff
        .split_inclusive('\n')
        .map(|line| line.strip_suffix('\n').unwrap_or(line));
    while let Some(line) = lines.next() {
        if let Some(path) = line.strip_prefix("--- a/") {
            let next = lines.next().expect("+++ line");
            assert_eq!(next, format!("+++ b/{path}"), "diff header");
            files.push(DiffFile {
                path: path.to_string(),
                lines: Vec::new(),
            });
        } else if let Some(header) = line.strip_prefix("@@ -") {
            let (old_range, rest) = header.split_once(" +").expect("hunk header");
            let new_range = rest.strip_suffix(" @@").expect("hunk header end");
            let start = |range: &str| -> usize {
                let (start, len) = range.split_once(',').unwrap_or((range, "1"));
                let start: usize = start.parse().expect("line number");
                if len == "0" {
                    start
                } else {
                    start - 1
                }
            };
            old = start(old_range);
            new = start(new_range);
        } else if line == "\\ No newline at end of file" {
            continue;
        } else {
            let file = files.last_mut().expect("a file header first");
            let mut chars = line.chars();
            let tag = chars.next().expect("tagged line");
            let text: String = chars.collect();
            file.lines.push((tag, old, new, text));
            match tag {
                ' ' => {
                    old += 1;
                    new += 1;
                }
                '-' => old += 1,
                '+' => new += 1,
                other => panic!("unexpected diff line tag {other:?} in {line:?}"),
            }
        }
    }
    files
}

/// Lines (0-based) covered by SS501/SS503 findings, per path, from a JSON report.
fn secret_lines(report: &Value) -> BTreeMap<String, BTreeSet<usize>> {
    let mut out: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for finding in report["findings"].as_array().expect("findings") {
        // The rules that report secrets (and redact them).
        if !["SS501", "SS503", "SS504", "SS505"].contains(&finding["code"].as_str().unwrap_or("")) {
            continue;
        }
        let path = finding["path"].as_str().expect("path").to_string();
        let start = finding["start"]["line"].as_u64().expect("line") as usize - 1;
        let end = finding["end"]["line"].as_u64().expect("line") as usize - 1;
        out.entry(path).or_default().extend(start..=end);
    }
    out
}

/// `fix --diff` and `fix --patch` over every fixable file of the corpus (one run per kind on a
/// copied tree): the diff's context and removed lines are the file's own lines, masked only on
/// lines that hold a secret finding or a comment; the patch applies with `git apply` and gives
/// exactly what `fix --unsafe-fixes` writes.
#[test]
fn fix_diff_shows_the_files_own_lines_and_the_patch_applies_to_what_fix_writes() {
    let Some(corpus) = corpus() else {
        return;
    };
    let work = tempfile::tempdir().expect("tempdir");
    let fixed = tempfile::tempdir().expect("tempdir");
    let kinds = [
        ("compose", "compose"),
        ("k8s", "kubernetes"),
        ("dockerfile", "dockerfile"),
    ];
    for (folder, _) in kinds {
        copy_tree(&corpus.join(folder), &work.path().join(folder));
        copy_tree(&corpus.join(folder), &fixed.path().join(folder));
    }
    let original = snapshot_tree(work.path());
    let mut patched_files = BTreeSet::new();
    let mut diff_files = 0;
    let mut masked_lines = 0;
    let git = |args: &[&str]| {
        let status = std::process::Command::new("git")
            .current_dir(work.path())
            .args(args)
            .status()
            .expect("run git");
        assert!(status.success(), "git {args:?}: {status}");
    };
    git(&["init", "-q"]);
    for (folder, kind) in kinds {
        let files: Vec<String> = relative_files(&work.path().join(folder))
            .into_iter()
            .map(|file| format!("{folder}/{file}"))
            .collect();
        let run = |dir: &Path, leading: &[&str]| {
            let mut args: Vec<&str> = leading.to_vec();
            args.extend(["--no-config", "--kind", kind]);
            args.extend(files.iter().map(String::as_str));
            shipshape(dir, &args)
        };
        let (code, stdout, stderr) = run(
            work.path(),
            &["check", "--format", "json", "--fail-on", "never"],
        );
        assert_eq!(code, 0, "{stderr}");
        let secrets = secret_lines(&serde_json::from_str(&stdout).expect("JSON report"));

        let patch = work.path().join(format!("{folder}.patch"));
        let patch_arg = patch.display().to_string();
        let (code, diff, stderr) = run(
            work.path(),
            &["fix", "--unsafe-fixes", "--diff", "--patch", &patch_arg],
        );
        assert!(code == 0 || code == 1, "{folder}: exit {code}: {stderr}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&patch)
                .expect("patch")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600, "{folder}: the patch is not private");
        }
        let (code, _, stderr) = run(fixed.path(), &["fix", "--unsafe-fixes", "--quiet"]);
        assert!(code == 0 || code == 1, "{folder}: exit {code}: {stderr}");

        for file in parse_diff(&diff) {
            diff_files += 1;
            let old_bytes = &original[&work.path().join(&file.path)];
            let old_text = String::from_utf8_lossy(old_bytes);
            let old_lines = diff_lines(&old_text);
            let new_text =
                std::fs::read_to_string(fixed.path().join(&file.path)).expect("fixed file");
            let new_lines = diff_lines(&new_text);
            let comment = |line: &str| line.trim_start().starts_with('#');
            for (tag, old, new, text) in &file.lines {
                let (expected, index) = if *tag == '+' {
                    (new_lines[*new], *new)
                } else {
                    (old_lines[*old], *old)
                };
                assert!(
                    equal_but_masked(text, expected),
                    "{}:{}: the diff shows {text:?} for {expected:?}",
                    file.path,
                    index + 1
                );
                if text != expected {
                    masked_lines += 1;
                    if *tag != '+' {
                        assert!(
                            comment(expected)
                                || secrets.get(&file.path).is_some_and(|s| s.contains(old)),
                            "{}:{}: masked a line that holds no secret: {text:?}",
                            file.path,
                            old + 1
                        );
                    }
                }
            }
        }

        let patch_text = std::fs::read_to_string(&patch).expect("patch");
        for file in parse_diff(&patch_text) {
            patched_files.insert(file.path);
        }
        if !patch_text.is_empty() {
            git(&["apply", "--whitespace=nowarn", &patch_arg]);
        }
        std::fs::remove_file(&patch).expect("remove patch");
    }
    // The patched tree is byte for byte what `fix` wrote, and only fixed files changed.
    let patched = snapshot_tree(work.path());
    let expected = snapshot_tree(fixed.path());
    let relative = |tree: BTreeMap<PathBuf, Vec<u8>>, root: &Path| -> BTreeMap<String, Vec<u8>> {
        tree.into_iter()
            .filter(|(path, _)| !path.starts_with(root.join(".git")))
            .map(|(path, bytes)| {
                let path = path.strip_prefix(root).expect("under root");
                (path.display().to_string(), bytes)
            })
            .collect()
    };
    let patched = relative(patched, work.path());
    let expected = relative(expected, fixed.path());
    let differing: Vec<&String> = expected
        .iter()
        .filter(|(path, bytes)| patched.get(*path) != Some(bytes))
        .map(|(path, _)| path)
        .collect();
    assert!(
        differing.is_empty(),
        "git apply of the patch differs from fix: {differing:?}"
    );
    let changed: BTreeSet<String> = expected
        .iter()
        .filter(|(path, bytes)| original.get(&work.path().join(path)) != Some(bytes))
        .map(|(path, _)| path.clone())
        .collect();
    assert_eq!(
        patched_files, changed,
        "the patch names exactly the files fix changes"
    );
    eprintln!(
        "corpus: fix --diff showed {diff_files} files ({masked_lines} masked lines); the patch of {} files applies",
        changed.len()
    );
    assert!(diff_files > 0 && diff_files == changed.len());
}
