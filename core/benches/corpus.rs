//! Throughput of `check` over the shared corpus, per file kind, on one core.
//! `cargo xtask bench` (or `SHIPSHAPE_CORPUS=../shared/corpus cargo bench -p shipshape-core`).

mod common;

use std::path::Path;

use common::{bare_parse, corpus_sets, load, Files};
use criterion::measurement::WallTime;
use criterion::{criterion_group, criterion_main, BenchmarkGroup, Criterion, Throughput};
use shipshape_core::{check, Config, Document, FileKind};

// The allocator the CLI uses (see cli/src/main.rs), for the floor and the checks alike.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
        bench_files(&mut group, name, files, |_, text, kind| {
            bare_parse(text, kind)
        });
    }
    group.finish();
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
