//! The CLI over the shared corpus of real-world files nobody here wrote (`../shared/corpus`, or
//! `$SHIPSHAPE_CORPUS`): every file is checked without a crash or hang, exactly the files listed
//! below fail to parse (each is really invalid), every output format finishes, and
//! `fix --unsafe-fixes` on a copy of every compose and Kubernetes file leaves files that parse and
//! that a second run does not change.
//!
//! Without the corpus these tests print a note and pass; with `SHIPSHAPE_REQUIRE_CORPUS` set (CI)
//! they fail instead.

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
