//! Each rule's `## Example` block must trigger that rule, and the "Use instead:" block after it
//! must not (biome's rules_check). The code block's language picks the kind: `dockerfile`, or
//! `yaml` (compose or Kubernetes by content).

use shipshape_core::registry::RULES;
use shipshape_core::{check, Config, Document, FileKind};

/// The fenced code blocks of a markdown section, with their language.
fn code_blocks(section: &str) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    let mut current: Option<(String, String)> = None;
    for line in section.lines() {
        if let Some(fence) = line.trim_start().strip_prefix("```") {
            match current.take() {
                Some(block) => blocks.push(block),
                None => current = Some((fence.trim().to_string(), String::new())),
            }
        } else if let Some((_, body)) = &mut current {
            body.push_str(line);
            body.push('\n');
        }
    }
    blocks
}

fn kind_for(language: &str, text: &str) -> FileKind {
    match language {
        "dockerfile" | "Dockerfile" => FileKind::Dockerfile,
        "yaml" | "yml" => match FileKind::from_content(text) {
            FileKind::Other => FileKind::Compose,
            kind => kind,
        },
        other => panic!("unexpected code block language `{other}`"),
    }
}

#[test]
fn examples_trigger_their_rule_and_fixes_do_not() {
    let config = Config::default();
    let mut failures = Vec::new();
    for rule in RULES {
        let docs = rule.docs_markdown();
        let Some(start) = docs.find("## Example") else {
            failures.push(format!("{}: no ## Example", rule.code));
            continue;
        };
        let end = docs[start + 1..]
            .find("\n## ")
            .map_or(docs.len(), |at| start + 1 + at);
        let section = &docs[start..end];
        let Some(split) = section.find("Use instead:") else {
            failures.push(format!("{}: no `Use instead:` in ## Example", rule.code));
            continue;
        };
        let bad = code_blocks(&section[..split]);
        let good = code_blocks(&section[split..]);
        if bad.is_empty() || good.is_empty() {
            failures.push(format!(
                "{}: ## Example needs a bad and a good code block",
                rule.code
            ));
            continue;
        }
        for (language, text) in &bad {
            let kind = kind_for(language, text);
            let findings = check(&Document::new("example", text, kind), &config);
            if !findings.iter().any(|f| f.code == rule.code) {
                failures.push(format!(
                    "{}: the bad {language} example does not trigger it:\n{text}",
                    rule.code
                ));
            }
        }
        for (language, text) in good.iter().take(1) {
            let kind = kind_for(language, text);
            let findings = check(&Document::new("example", text, kind), &config);
            if let Some(finding) = findings.iter().find(|f| f.code == rule.code) {
                failures.push(format!(
                    "{}: the `Use instead:` {language} example triggers it ({}):\n{text}",
                    rule.code, finding.message
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
