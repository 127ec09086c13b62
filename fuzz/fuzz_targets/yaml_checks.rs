//! YAML loading, then every Compose and every Kubernetes check, on arbitrary text.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use shipshape_core::{check, yaml, Config, Document, FileKind};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let file = yaml::parse(text);
    for document in &file.documents {
        common::assert_range(text, document.range, "document");
        common::assert_yaml_node(text, &document.root);
    }
    for range in &file.comments {
        common::assert_range(text, *range, "comment");
    }
    for error in &file.errors {
        common::assert_range(text, error.range, "syntax error");
    }
    let config = Config::default();
    for (path, kind) in [
        ("compose.yaml", FileKind::Compose),
        ("manifest.yaml", FileKind::Kubernetes),
    ] {
        let findings = check(&Document::new(path, text, kind), &config);
        common::assert_findings(text, &findings);
    }
});
