//! Every Compose and Kubernetes file of the shared corpus (`../shared/corpus/{compose,k8s}`, or
//! `$SHIPSHAPE_CORPUS/{compose,k8s}`): parsed and checked without panic, in bounded time; all
//! unsafe fixes applied, the fixed file parses no worse, and a second fix pass changes nothing.
//! The corpus rules (skip or fail, minimum files and findings) are `support/corpus.rs`'s. Run with
//! `--nocapture` to see the figures.

use std::collections::BTreeMap;
use std::time::Instant;

use shipshape_core::fix::fix_document;
use shipshape_core::{check, yaml, Applicability, Config, Document, FileKind};

#[path = "support/corpus.rs"]
mod corpus;

/// Findings per code on the whole of `compose/` and `k8s/` that must not drop: a little under
/// the counts of 2026-12-03 (printed by this test with `--nocapture`).
const MINIMUM_FINDINGS: &[(&str, &[(&str, usize)])] =
    &[("compose", COMPOSE_MINIMUMS), ("k8s", K8S_MINIMUMS)];

#[test]
fn corpus_compose_and_kubernetes() {
    let Some(corpus) = corpus::open(&["compose", "k8s"]) else {
        return;
    };
    let config = Config::default();
    let mut failures = Vec::new();
    for (folder, kind) in [
        ("compose", FileKind::Compose),
        ("k8s", FileKind::Kubernetes),
    ] {
        let files: Vec<_> = corpus
            .files(folder)
            .into_iter()
            .filter(|path| {
                matches!(
                    path.extension().and_then(|e| e.to_str()),
                    Some("yaml" | "yml")
                )
            })
            .collect();
        let mut read = 0usize;
        let started = Instant::now();
        let mut bytes = 0usize;
        let mut yaml_errors = 0usize;
        let mut ss000 = 0usize;
        let mut findings_by_code: BTreeMap<String, usize> = BTreeMap::new();
        let mut fixed_files = 0usize;
        let mut fixes_applied = 0usize;
        for path in &files {
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            read += 1;
            bytes += text.len();
            let name = path.display().to_string();
            let parsed = yaml::parse(&text);
            if !parsed.errors.is_empty() {
                yaml_errors += 1;
            }
            let document = Document::new(&name, &text, kind);
            let findings = check(&document, &config);
            let errors_before = findings.iter().filter(|f| f.code == "SS000").count();
            if errors_before > 0 {
                ss000 += 1;
            }
            // Folded findings (core/src/fold.rs) count too: folding hides none.
            for finding in &findings {
                *findings_by_code.entry(finding.code.clone()).or_default() += 1;
                for related in &finding.related {
                    *findings_by_code.entry(related.code.clone()).or_default() += 1;
                }
            }
            let fixed = fix_document(&document, &config, Applicability::Unsafe);
            if fixed.applied > 0 {
                fixed_files += 1;
                fixes_applied += fixed.applied;
                let refixed = Document::new(&name, &fixed.text, kind);
                let errors_after = check(&refixed, &config)
                    .iter()
                    .filter(|f| f.code == "SS000")
                    .count();
                if errors_after > errors_before {
                    failures.push(format!("{name}: the fixed file no longer parses"));
                }
                let again = fix_document(&refixed, &config, Applicability::Unsafe);
                if again.text != fixed.text {
                    failures.push(format!("{name}: a second fix pass changed the file"));
                }
            }
        }
        let elapsed = started.elapsed();
        eprintln!(
            "{folder}: {read} of {} files read, {} KiB; {} with YAML errors, {} with SS000; fixes: {} files, {} fixes; {:.2?} (check + fix, debug build)",
            files.len(),
            bytes / 1024,
            yaml_errors,
            ss000,
            fixed_files,
            fixes_applied,
            elapsed,
        );
        eprintln!("{folder}: findings by code: {findings_by_code:?}");
        corpus.assert_files_read("yaml_corpus", folder, read);
        let minimums = MINIMUM_FINDINGS
            .iter()
            .find(|(name, _)| *name == folder)
            .map_or(&[][..], |(_, minimums)| *minimums);
        corpus::assert_findings_at_least(
            &format!("yaml_corpus {folder}"),
            &findings_by_code,
            minimums,
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// Counts on 2026-12-03, compose: SS101 473, SS301 476, SS401 5, SS402 6, SS403 5, SS404 476,
// SS405 5, SS406 20, SS407 2, SS501 56, SS503 9, SS505 1, SS601 476 (codes under 5 left out).
const COMPOSE_MINIMUMS: &[(&str, usize)] = &[
    ("SS101", 450),
    ("SS301", 450),
    ("SS401", 4),
    ("SS402", 5),
    ("SS403", 4),
    ("SS404", 450),
    ("SS405", 4),
    ("SS406", 18),
    ("SS501", 50),
    ("SS503", 8),
    ("SS601", 450),
];
// Counts on 2026-12-03, k8s: SS000 5 (the known-broken files), SS101 166, SS301 155, SS401 12,
// SS404 153, SS405 5, SS406 7, SS501 30, SS504 6, SS601 1.
const K8S_MINIMUMS: &[(&str, usize)] = &[
    ("SS101", 150),
    ("SS301", 140),
    ("SS401", 11),
    ("SS404", 140),
    ("SS405", 4),
    ("SS406", 6),
    // 30 until the `secretKeyRef` info findings became opt-in (`[secrets] prefer-files`).
    ("SS501", 4),
    ("SS504", 5),
];
