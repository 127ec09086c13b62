//! What the corpus benchmark and the `profile_kind` and `corpus_counts` examples share: the corpus, loaded per kind,
//! and the floor issue 19 measures against (the bare parse of the same bytes).

// Each of the two targets uses part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use shipshape_core::FileKind;

pub fn corpus_dir() -> PathBuf {
    std::env::var_os("SHIPSHAPE_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"))
}

pub fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// Every file below `dir` but a `README.md` (the samples' provenance notes), read as `kind`.
pub fn load(dir: &Path, kind: FileKind) -> Files {
    let mut paths = Vec::new();
    files_under(dir, &mut paths);
    paths
        .into_iter()
        .filter(|path| !path.ends_with("README.md"))
        .filter_map(|path| {
            let text = std::fs::read_to_string(&path).ok()?;
            Some((path.display().to_string(), text, kind))
        })
        .collect()
}

pub type Files = Vec<(String, String, FileKind)>;

/// The corpus per kind, or `None` (said once) when it is absent.
pub fn corpus_sets() -> Option<[(&'static str, Files); 3]> {
    let corpus = corpus_dir();
    let sets = [
        (
            "dockerfile",
            load(&corpus.join("dockerfile"), FileKind::Dockerfile),
        ),
        ("compose", load(&corpus.join("compose"), FileKind::Compose)),
        ("k8s", load(&corpus.join("k8s"), FileKind::Kubernetes)),
    ];
    if sets.iter().all(|(_, files)| files.is_empty()) {
        eprintln!(
            "corpus not found at {}: nothing to benchmark",
            corpus.display()
        );
        return None;
    }
    Some(sets)
}

/// How many events saphyr-parser yields (stopping at the first error, as the loader does).
pub fn yaml_events(text: &str) -> usize {
    let mut parser = saphyr_parser::Parser::new_from_str(text);
    let mut events = 0;
    while let Some(Ok(_)) = parser.next_event() {
        events += 1;
    }
    events
}

/// How many instructions a Dockerfile has: lines that are not blank, not comments and not the
/// continuation of the line before.
pub fn dockerfile_instructions(text: &str) -> usize {
    let mut instructions = 0;
    let mut continued = false;
    for line in text.lines() {
        let trimmed = line.trim();
        let starts = !continued && !trimmed.is_empty() && !trimmed.starts_with('#');
        instructions += usize::from(starts);
        continued = trimmed.ends_with('\\') || (continued && trimmed.starts_with('#'));
    }
    instructions
}

/// The floor for one file: its bare parse ([`yaml_events`] or [`dockerfile_instructions`]).
pub fn bare_parse(text: &str, kind: FileKind) -> usize {
    match kind {
        FileKind::Dockerfile => dockerfile_instructions(text),
        _ => yaml_events(text),
    }
}
