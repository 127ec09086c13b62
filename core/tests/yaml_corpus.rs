//! Every Compose and Kubernetes file of the shared corpus (`../shared/corpus/{compose,k8s}`, or
//! `$SHIPSHAPE_CORPUS/{compose,k8s}`): parsed and checked without panic, in bounded time; all
//! unsafe fixes applied, the fixed file parses no worse, and a second fix pass changes nothing.
//! Skips with a note when the corpus is absent. Run with `--nocapture` to see the figures.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use shipshape_core::fix::fix_document;
use shipshape_core::{check, yaml, Applicability, Config, Document, FileKind};

fn corpus_root() -> PathBuf {
    match std::env::var_os("SHIPSHAPE_CORPUS") {
        Some(path) => PathBuf::from(path),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"),
    }
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            yaml_files(&path, out);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        ) {
            out.push(path);
        }
    }
}

#[test]
fn corpus_compose_and_kubernetes() {
    let root = corpus_root();
    if !root.is_dir() {
        eprintln!(
            "note: corpus not found at {}; skipping (set SHIPSHAPE_CORPUS)",
            root.display()
        );
        return;
    }
    let config = Config::default();
    let mut failures = Vec::new();
    for (folder, kind) in [
        ("compose", FileKind::Compose),
        ("k8s", FileKind::Kubernetes),
    ] {
        let mut files = Vec::new();
        yaml_files(&root.join(folder), &mut files);
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
            for finding in &findings {
                *findings_by_code.entry(finding.code.clone()).or_default() += 1;
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
            "{folder}: {} files, {} KiB; {} with YAML errors, {} with SS000; fixes: {} files, {} fixes; {:.2?} (check + fix, debug build)",
            files.len(),
            bytes / 1024,
            yaml_errors,
            ss000,
            fixed_files,
            fixes_applied,
            elapsed,
        );
        eprintln!("{folder}: findings by code: {findings_by_code:?}");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
