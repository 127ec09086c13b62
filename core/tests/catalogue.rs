//! The message catalogue is complete: both locales have the same ids with the same parameters,
//! every id the code asks for exists, and every rule page exists in both languages.

use std::collections::BTreeSet;
use std::path::Path;

use shipshape_core::i18n::{catalogue, parameters, Locale};

#[test]
fn every_id_is_in_both_locales_with_the_same_parameters() {
    let en = catalogue(Locale::En);
    let zh = catalogue(Locale::ZhCn);
    assert!(
        en.len() > 50,
        "en catalogue did not parse ({} texts)",
        en.len()
    );
    let en_ids: BTreeSet<_> = en.ids().collect();
    let zh_ids: BTreeSet<_> = zh.ids().collect();
    let only_en: Vec<_> = en_ids.difference(&zh_ids).collect();
    let only_zh: Vec<_> = zh_ids.difference(&en_ids).collect();
    assert!(only_en.is_empty(), "ids without a zh-CN text: {only_en:?}");
    assert!(only_zh.is_empty(), "ids without an en text: {only_zh:?}");
    for (id, english) in en.iter() {
        let chinese = zh.get(id).unwrap_or_default();
        assert_eq!(
            parameters(english),
            parameters(chinese),
            "parameters of `{id}` differ between en and zh-CN"
        );
        assert!(!chinese.trim().is_empty(), "`{id}` is empty in zh-CN");
    }
}

/// The ids the source code names (`Message::new("…")`), in every crate that renders texts.
fn ids_in_source() -> BTreeSet<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut ids = BTreeSet::new();
    let mut stack = vec![
        root.join("core/src"),
        root.join("workspace/src"),
        root.join("cli/src"),
        root.join("lsp/src"),
        root.join("wasm/src"),
    ];
    let pattern = "Message::new(\"";
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                for (at, _) in text.match_indices(pattern) {
                    let rest = &text[at + pattern.len()..];
                    if let Some(end) = rest.find('"') {
                        ids.insert(rest[..end].to_string());
                    }
                }
                // Ids chosen in a match (`let id = … "SS101-false" …`) before `Message::new(id)`.
                for (at, _) in text.match_indices("\"SS") {
                    let rest = &text[at + 1..];
                    if let Some(end) = rest.find('"') {
                        let id = &rest[..end];
                        if id.len() > 5
                            && id.as_bytes()[5] == b'-'
                            && id[2..5].bytes().all(|b| b.is_ascii_digit())
                        {
                            ids.insert(id.to_string());
                        }
                    }
                }
            }
        }
    }
    ids
}

#[test]
fn every_id_the_code_uses_has_a_text() {
    let ids = ids_in_source();
    assert!(
        ids.contains("SS101-fix-image") && ids.contains("fix-add"),
        "scan found {ids:?}"
    );
    let en = catalogue(Locale::En);
    let missing: Vec<_> = ids.iter().filter(|id| !en.contains_key(id)).collect();
    assert!(
        missing.is_empty(),
        "ids used in the code but not in the catalogue: {missing:?}"
    );
}

#[test]
fn every_rule_page_exists_in_both_languages() {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/rules");
    let pages = |dir: &Path| -> BTreeSet<String> {
        std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .flatten()
                    .filter_map(|e| e.file_name().into_string().ok())
                    .filter(|name| name.starts_with("SS") && name.ends_with(".md"))
                    .collect()
            })
            .unwrap_or_default()
    };
    let english = pages(&docs);
    let chinese = pages(&docs.join("zh-CN"));
    assert!(english.len() >= 17, "English rule pages: {english:?}");
    let only_en: Vec<_> = english.difference(&chinese).collect();
    let only_zh: Vec<_> = chinese.difference(&english).collect();
    assert!(
        only_en.is_empty(),
        "rule pages without a zh-CN page: {only_en:?}"
    );
    assert!(
        only_zh.is_empty(),
        "zh-CN rule pages without an English page: {only_zh:?}"
    );
}

#[test]
fn a_finding_renders_in_chinese_with_the_same_code_fix_edits_and_english_message() {
    let compose = "services:\n  web:\n    image: nginx:1.27\n    privileged: true\n";
    let document =
        shipshape_core::Document::new("compose.yaml", compose, shipshape_core::FileKind::Compose);
    let findings = shipshape_core::check(&document, &shipshape_core::Config::default());
    let privileged = findings.iter().find(|f| f.code == "SS401").expect("SS401");
    assert_eq!(
        privileged.message,
        "Service web runs privileged; grant only the single capability it needs instead"
    );
    assert_eq!(privileged.message_in(Locale::En), privileged.message);
    assert_eq!(
        privileged.message_in(Locale::ZhCn),
        "服务 web 以特权模式运行；请改为只授予它所需的那一项 Capability"
    );
    let compose = "services:\n  web:\n    image: example/web:1\n";
    let document =
        shipshape_core::Document::new("compose.yaml", compose, shipshape_core::FileKind::Compose);
    let findings = shipshape_core::check(&document, &shipshape_core::Config::default());
    let read_only = findings.iter().find(|f| f.code == "SS101").expect("SS101");
    assert_eq!(
        read_only.message_in(Locale::ZhCn),
        "服务 `web` 未设置 `read_only: true`，其根文件系统可写"
    );
    let fix = read_only.fixes.first().expect("SS101 fix");
    assert_eq!(fix.title_in(Locale::En), fix.title);
    assert!(
        fix.title_in(Locale::ZhCn)
            .starts_with("设置 `read_only: true`"),
        "{}",
        fix.title_in(Locale::ZhCn)
    );
}

#[test]
fn every_phrase_of_the_secret_tables_has_a_text() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let zh = catalogue(Locale::ZhCn);
    let en = catalogue(Locale::En);
    let mut phrases = Vec::new();
    let secrets = std::fs::read_to_string(root.join("src/secrets.rs")).unwrap_or_default();
    for line in secrets
        .lines()
        .filter(|l| l.trim_start().starts_with("kind: \""))
    {
        phrases.extend(line.split('"').nth(1).map(str::to_string));
    }
    for line in secrets
        .lines()
        .filter(|l| l.starts_with("const URL_PASSWORD"))
    {
        phrases.extend(line.split('"').nth(1).map(str::to_string));
    }
    let files =
        std::fs::read_to_string(root.join("src/rules/secret_file_in_image.rs")).unwrap_or_default();
    for (at, _) in files.match_indices("Some(\"") {
        phrases.extend(files[at + 6..].split('"').next().map(str::to_string));
    }
    assert!(phrases.len() >= 20, "{phrases:?}");
    for english in phrases {
        let key = format!("phrase: {english}");
        assert!(zh.contains_key(&key), "no zh-CN text for `{key}`");
        assert_eq!(en.get(&key), Some(english.as_str()), "en text of `{key}`");
    }
}

/// The headings of a rule's docs and the English ones they translate, in order.
const ZH_CN_HEADINGS: [(&str, &str); 6] = [
    ("## What it does", "## 规则说明"),
    ("## Why is this bad?", "## 为什么有问题？"),
    ("## Example", "## 示例"),
    ("Use instead:", "应改为："),
    ("## Fix safety", "## 修复的安全性"),
    ("## References", "## 参考资料"),
];

/// The fenced code blocks of a markdown text, in order.
fn code_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        match current.as_mut() {
            None if line.starts_with("```") => current = Some(format!("{line}\n")),
            None => {}
            Some(block) => {
                block.push_str(line);
                block.push('\n');
                if line.starts_with("```") {
                    blocks.extend(current.take());
                }
            }
        }
    }
    blocks
}

/// Each Chinese page translates its English one: the same structure (the headings, in the
/// same order, with `Use instead:` as often) and the very same examples, byte for byte, so
/// that the examples SS-rules are tested on (core/tests/docs_examples.rs) are the ones a
/// Chinese reader sees, and a change to an English example makes this test ask for the
/// translation's.
#[test]
fn every_chinese_rule_page_has_the_english_structure_and_examples() {
    for rule in shipshape_core::RULES {
        let english = rule.docs_markdown();
        let chinese = rule.docs_in(Locale::ZhCn);
        assert_ne!(english, chinese, "{}: no Chinese docs", rule.code);
        let headings = |text: &str, pick: fn(&(&'static str, &'static str)) -> &'static str| {
            text.lines()
                .filter_map(|line| {
                    ZH_CN_HEADINGS
                        .iter()
                        .find(|pair| line.trim_end() == pick(pair))
                        .map(|pair| pair.0)
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(
            headings(&english, |pair| pair.0),
            headings(&chinese, |pair| pair.1),
            "{}: the headings of core/locales/zh-CN/rules/{}.md differ from the English docs",
            rule.code,
            rule.code
        );
        assert!(
            !chinese.lines().any(|line| line.starts_with("## ")
                && !ZH_CN_HEADINGS.iter().any(|pair| line.trim_end() == pair.1)),
            "{}: a heading that is not in the list",
            rule.code
        );
        assert_eq!(
            code_blocks(&english),
            code_blocks(&chinese),
            "{}: the examples of core/locales/zh-CN/rules/{}.md differ from the English docs",
            rule.code,
            rule.code
        );
        // Prose in Chinese: every paragraph outside code blocks and lists holds some Chinese
        // (a paragraph left in English is a forgotten translation).
        let mut prose = String::new();
        let mut in_code = false;
        for line in chinese.lines() {
            if line.starts_with("```") {
                in_code = !in_code;
            } else if !in_code {
                prose.push_str(line);
                prose.push('\n');
            }
        }
        for paragraph in prose.split("\n\n").map(str::trim) {
            if paragraph.is_empty() || paragraph.starts_with("- ") || paragraph.starts_with('#') {
                continue;
            }
            assert!(
                paragraph
                    .chars()
                    .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{}: a paragraph without Chinese: {paragraph}",
                rule.code
            );
        }
        assert!(
            rule.summary_in(Locale::ZhCn)
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{}: no Chinese summary (`summary-{}` in core/locales/zh-CN.toml)",
            rule.code,
            rule.code
        );
    }
}

/// The English summaries in the catalogue are the registry's, word for word.
#[test]
fn english_summaries_are_the_registry_ones() {
    let en = catalogue(Locale::En);
    for rule in shipshape_core::RULES {
        assert_eq!(
            en.get(&format!("summary-{}", rule.code)),
            Some(rule.summary),
            "summary-{} in core/locales/en.toml",
            rule.code
        );
    }
}

/// The rule pages' table of official images cites its sources in both languages.
#[test]
fn every_source_of_the_images_table_has_a_chinese_text() {
    let zh = catalogue(Locale::ZhCn);
    for entry in shipshape_core::images::IMAGES {
        let key = format!("phrase: {}", entry.source);
        let chinese = zh
            .get(&key)
            .unwrap_or_else(|| panic!("no zh-CN text for `{key}`"));
        assert!(chinese.starts_with("https://"), "{chinese}");
    }
}
