//! Findings per code over a directory tree (the shared corpus), kinds detected the way the
//! adapters detect them (name, then content). Measures detection changes:
//!
//! `cargo run -p shipshape-core --example corpus_counts --release -- /work/shared/corpus [CODE]`
//!
//! With a `CODE`, also prints each file and message for that code.

#[path = "../benches/common/mod.rs"]
mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use shipshape_core::{check, Config, Document};

fn main() {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(
        args.next()
            .unwrap_or_else(|| "../shared/corpus".to_string()),
    );
    let show = args.next();
    let mut files = Vec::new();
    common::files_under(&root, &mut files);
    let config = Config::default();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    for path in &files {
        let name = path.to_string_lossy();
        if name.ends_with(".md") || name.ends_with(".tsv") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let relative = path.strip_prefix(&root).unwrap_or(path).to_string_lossy();
        let document = Document::detect(&relative, &text);
        *kinds.entry(document.kind.to_string()).or_default() += 1;
        for finding in check(&document, &config) {
            if show.as_deref() == Some(finding.code.as_str()) {
                let line = text[..finding.range.start.min(text.len())]
                    .matches('\n')
                    .count()
                    + 1;
                println!(
                    "{relative}:{line} [{}] {}",
                    finding.severity, finding.message
                );
            }
            *counts.entry(finding.code).or_default() += 1;
        }
    }
    println!("files by kind: {kinds:?}");
    for (code, count) in &counts {
        println!("{code}\t{count}");
    }
}
