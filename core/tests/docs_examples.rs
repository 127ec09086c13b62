//! Every code block of every rule page is checked (biome's rules_check): in `## Example`, each
//! block before "Use instead:" must trigger the page's rule, and each block after it (the "Use
//! instead:" block and any further "In Kubernetes:" one) must not. A block anywhere else on a page
//! fails the test, since nothing would check it. The code block's language picks the kind:
//! `dockerfile`, or `yaml` (Compose or Kubernetes by content; a fragment that is neither fails,
//! since no rule would look at it). Run with `--nocapture` to see how many blocks were checked.

use shipshape_core::registry::RULES;
use shipshape_core::{check, Config, Document, FileKind, RuleMeta};

/// A fenced code block of a page: its language, its text, and the line its fence opens on.
struct Block {
    language: String,
    text: String,
    line: usize,
}

/// The fenced code blocks of a markdown text.
fn code_blocks(markdown: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut current: Option<Block> = None;
    for (index, line) in markdown.lines().enumerate() {
        if let Some(fence) = line.trim_start().strip_prefix("```") {
            match current.take() {
                Some(block) => blocks.push(block),
                None => {
                    current = Some(Block {
                        language: fence.trim().to_string(),
                        text: String::new(),
                        line: index + 1,
                    })
                }
            }
        } else if let Some(block) = &mut current {
            block.text.push_str(line);
            block.text.push('\n');
        }
    }
    assert!(current.is_none(), "an unclosed code block");
    blocks
}

/// The kind a block is checked as, or why it cannot be checked.
fn kind_for(block: &Block) -> Result<FileKind, String> {
    match block.language.as_str() {
        "dockerfile" | "Dockerfile" => Ok(FileKind::Dockerfile),
        "yaml" | "yml" => match FileKind::from_content(&block.text) {
            FileKind::Other => {
                Err("a YAML fragment, neither a Compose file nor a Kubernetes manifest".into())
            }
            kind => Ok(kind),
        },
        other => Err(format!("code block language `{other}`")),
    }
}

/// The `## Example` section of a page: its byte range in the page.
fn example_section(docs: &str) -> Option<std::ops::Range<usize>> {
    let start = docs.find("## Example")?;
    let end = docs[start + 1..]
        .find("\n## ")
        .map_or(docs.len(), |at| start + 1 + at);
    Some(start..end)
}

/// Checks one block of `rule`'s page: `bad` blocks must yield the rule's code, the others must
/// not. No block of a rule other than SS000 may yield SS000: an example that does not parse
/// shows nothing.
fn check_block(rule: &RuleMeta, block: &Block, bad: bool) -> Result<(), String> {
    let role = if bad { "bad" } else { "`Use instead:`" };
    let kind = kind_for(block)?;
    if !rule.applies_to(kind) {
        return Err(format!(
            "the {role} block is {kind:?}, which the rule does not check"
        ));
    }
    let findings = check(
        &Document::new("example", &block.text, kind),
        &Config::default(),
    );
    if rule.code != "SS000" {
        if let Some(error) = findings.iter().find(|f| f.code == "SS000") {
            return Err(format!("the {role} block yields SS000: {}", error.message));
        }
    }
    // A bad example may yield the rule folded into the finding that names the mistake
    // (core/src/fold.rs): the user still sees it, as related information.
    let own: Vec<&str> = findings
        .iter()
        .filter(|f| f.code == rule.code)
        .map(|f| f.message.as_str())
        .chain(
            findings
                .iter()
                .flat_map(|f| &f.related)
                .filter(|r| r.code == rule.code)
                .map(|r| r.message.as_str()),
        )
        .collect();
    match (bad, own.is_empty()) {
        (true, true) => Err(format!("the bad block does not yield {}", rule.code)),
        (false, false) => Err(format!(
            "the `Use instead:` block yields {}: {own:?}",
            rule.code
        )),
        _ => Ok(()),
    }
}

#[test]
fn every_example_block_of_every_rule_page_is_checked() {
    let mut failures = Vec::new();
    let (mut bad_blocks, mut good_blocks) = (0usize, 0usize);
    for rule in RULES {
        let docs = rule.docs_markdown();
        let Some(section) = example_section(&docs) else {
            failures.push(format!("{}: no ## Example", rule.code));
            continue;
        };
        let Some(split) = docs[section.clone()]
            .find("Use instead:")
            .map(|at| section.start + at)
        else {
            failures.push(format!("{}: no `Use instead:` in ## Example", rule.code));
            continue;
        };
        let blocks = code_blocks(&docs);
        let offset_of_line = |line: usize| -> usize {
            docs.split_inclusive('\n')
                .take(line - 1)
                .map(str::len)
                .sum()
        };
        let (mut bad_here, mut good_here) = (0, 0);
        for block in &blocks {
            let at = offset_of_line(block.line);
            if !section.contains(&at) {
                failures.push(format!(
                    "{} docs line {}: a code block outside ## Example, which no test checks",
                    rule.code, block.line
                ));
                continue;
            }
            let bad = at < split;
            if bad {
                bad_here += 1;
            } else {
                good_here += 1;
            }
            if let Err(why) = check_block(rule, block, bad) {
                failures.push(format!(
                    "{} docs line {}: {why}:\n{}",
                    rule.code, block.line, block.text
                ));
            }
        }
        if bad_here == 0 || good_here == 0 {
            failures.push(format!(
                "{}: ## Example needs a bad block and a `Use instead:` block ({bad_here} bad, {good_here} good)",
                rule.code
            ));
        }
        bad_blocks += bad_here;
        good_blocks += good_here;
    }
    println!(
        "docs examples: {} blocks checked on {} rule pages ({bad_blocks} bad, {good_blocks} `Use instead:`)",
        bad_blocks + good_blocks,
        RULES.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The block scanner itself: a page with two bad blocks, a "Use instead:" block and an "In
/// Kubernetes:" block yields four blocks, with their languages and opening lines.
#[test]
fn code_blocks_finds_every_fenced_block_with_its_line() {
    let page = "## Example\n```yaml\na: 1\n```\n```dockerfile\nFROM x\n```\n\nUse instead:\n```yaml\nb: 2\n```\n\nIn Kubernetes:\n```yaml\nc: 3\n```\n";
    let blocks = code_blocks(page);
    let seen: Vec<(&str, &str, usize)> = blocks
        .iter()
        .map(|b| (b.language.as_str(), b.text.as_str(), b.line))
        .collect();
    assert_eq!(
        seen,
        [
            ("yaml", "a: 1\n", 2),
            ("dockerfile", "FROM x\n", 5),
            ("yaml", "b: 2\n", 10),
            ("yaml", "c: 3\n", 15),
        ]
    );
}
