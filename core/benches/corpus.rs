//! Throughput of `check` over the shared corpus, per file kind, on one core.
//! `cargo xtask bench` (or `SHIPSHAPE_CORPUS=../shared/corpus cargo bench -p shipshape-core`).

use std::path::{Path, PathBuf};

use criterion::measurement::WallTime;
use criterion::{criterion_group, criterion_main, BenchmarkGroup, Criterion, Throughput};
use shipshape_core::{check, Config, Document, FileKind};

fn corpus_dir() -> PathBuf {
    std::env::var_os("SHIPSHAPE_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"))
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
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
fn load(dir: &Path, kind: FileKind) -> Files {
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

type Files = Vec<(String, String, FileKind)>;

/// The corpus per kind, or `None` (said once) when it is absent.
fn corpus_sets() -> Option<[(&'static str, Files); 3]> {
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

/// One benchmark: `per_file` over every file of `files`, its results summed (so that nothing is
/// optimised away), with the bytes as the throughput.
fn bench_files(
    group: &mut BenchmarkGroup<'_, WallTime>,
    label: &str,
    files: &Files,
    per_file: impl Fn(&str, &str, FileKind) -> usize,
) {
    let bytes: usize = files.iter().map(|(_, text, _)| text.len()).sum();
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function(
        format!("{label} ({} files, {bytes} bytes)", files.len()),
        |b| {
            b.iter(|| {
                files
                    .iter()
                    .map(|(path, text, kind)| per_file(path, text, *kind))
                    .sum::<usize>()
            })
        },
    );
}

/// What the `check` groups measure: every finding of one file, counted.
fn findings(config: &Config) -> impl Fn(&str, &str, FileKind) -> usize + Copy + '_ {
    move |path, text, kind| check(&Document::new(path, text, kind), config).len()
}

fn bench(c: &mut Criterion) {
    let config = Config::default();
    let Some(sets) = corpus_sets() else {
        return;
    };
    let check_file = findings(&config);
    let mut group = c.benchmark_group("check");
    let mut all = Vec::new();
    for (name, files) in &sets {
        bench_files(&mut group, name, files, check_file);
        all.extend(files.iter().cloned());
    }
    bench_files(&mut group, "whole corpus", &all, check_file);
    group.finish();
}

/// The floor issue 19 measures against: the same bytes through the bare parser the core uses,
/// nothing built. YAML: every saphyr-parser event (the loader's input). Dockerfiles: a line scan
/// that only splits instructions (continuations and comments skipped).
fn bench_bare_parse(c: &mut Criterion) {
    let Some(sets) = corpus_sets() else {
        return;
    };
    let mut group = c.benchmark_group("bare-parse");
    for (name, files) in &sets {
        bench_files(&mut group, name, files, |_, text, kind| match kind {
            FileKind::Dockerfile => dockerfile_instructions(text),
            _ => yaml_events(text),
        });
    }
    group.finish();
}

/// How many events saphyr-parser yields (stopping at the first error, as the loader does).
fn yaml_events(text: &str) -> usize {
    let mut parser = saphyr_parser::Parser::new_from_str(text);
    let mut events = 0;
    while let Some(Ok(_)) = parser.next_event() {
        events += 1;
    }
    events
}

/// How many instructions a Dockerfile has: lines that are not blank, not comments and not the
/// continuation of the line before.
fn dockerfile_instructions(text: &str) -> usize {
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

/// The kinds of SPEC 2b, over their real-world sample in `tests/realworld/` (kept apart from the
/// shared corpus's groups, whose figures BENCHMARKS.md compares over time).
fn bench_new_kinds(c: &mut Criterion) {
    let config = Config::default();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/realworld");
    let mut group = c.benchmark_group("check-new-kinds");
    for kind in FileKind::RUN_KINDS {
        let files = load(&root.join(kind.as_str()), *kind);
        bench_files(&mut group, &kind.to_string(), &files, findings(&config));
    }
    group.finish();
}

criterion_group!(benches, bench, bench_bare_parse, bench_new_kinds);
criterion_main!(benches);
