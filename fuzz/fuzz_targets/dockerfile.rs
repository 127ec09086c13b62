//! The Dockerfile parser and every Dockerfile check on arbitrary text.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use shipshape_core::{check, dockerfile, Config, Document, FileKind};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = dockerfile::parse(text);
    let mut last_end = 0;
    for instruction in &parsed.instructions {
        common::assert_range(text, instruction.range, "instruction");
        common::assert_range(text, instruction.keyword_range, "keyword");
        common::assert_range(text, instruction.args_range, "arguments");
        assert!(
            instruction.range.start >= last_end,
            "instructions overlap or are out of order at {:?}",
            instruction.range
        );
        last_end = instruction.range.end;
        for flag in &instruction.flags {
            common::assert_range(text, flag.range, "flag");
        }
        for word in instruction.words() {
            common::assert_range(text, word.range, "word");
        }
        for heredoc in &instruction.heredocs {
            common::assert_range(text, heredoc.body, "heredoc body");
        }
    }
    for stage in &parsed.stages {
        common::assert_range(text, stage.range, "stage");
    }
    for error in &parsed.errors {
        common::assert_range(text, error.range, "syntax error");
    }
    let findings = check(
        &Document::new("Dockerfile", text, FileKind::Dockerfile),
        &Config::default(),
    );
    common::assert_findings(text, &findings);
});
