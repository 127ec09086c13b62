use std::fmt::Write as _;
use std::sync::Arc;

use shipshape_core::registry::find_rule;
use shipshape_core::Finding;
use tower_lsp_server::ls_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};

use crate::session::{Analysis, Session};
use crate::suppress;

/// Hover over a `# shipshape ignore...=` comment (the code under the cursor, or every code it
/// lists) or over a finding's range: the rule's docs as markdown.
pub async fn handle(session: &Arc<Session>, params: HoverParams) -> Option<Hover> {
    let position = params.text_document_position_params;
    let uri = position.text_document.uri;
    let analysis = super::blocking(session, move |session| session.analyze(&uri)).await?;
    analysis.kind?;
    hover(&analysis, position.position, session.locale())
}

fn hover(
    analysis: &Analysis,
    position: tower_lsp_server::ls_types::Position,
    locale: shipshape_core::Locale,
) -> Option<Hover> {
    let lines = analysis.lines();
    let offset = lines.offset(position);
    if let Some(kind) = analysis.kind {
        if let Some((codes, range)) = suppress::codes_at(&analysis.text, kind, offset) {
            let mut markdown = String::new();
            for code in codes {
                if !markdown.is_empty() {
                    markdown.push_str("\n---\n\n");
                }
                match find_rule(&code) {
                    Some(rule) => markdown.push_str(&rule_docs(rule, None, locale)),
                    None => {
                        let _ =
                            writeln!(markdown, "`{code}` is not a shipshape rule code or name.");
                    }
                }
            }
            return Some(markdown_hover(markdown, Some(lines.range(range))));
        }
    }
    let mut hovered: Vec<&Finding> = Vec::new();
    for finding in &analysis.findings {
        let range = lines.range(finding.range);
        if range.start <= position
            && position <= range.end
            && !hovered.iter().any(|seen| seen.code == finding.code)
        {
            hovered.push(finding);
        }
    }
    let first = hovered.first()?;
    let range = lines.range(first.range);
    let mut markdown = String::new();
    for finding in &hovered {
        if !markdown.is_empty() {
            markdown.push_str("\n---\n\n");
        }
        if let Some(rule) = find_rule(&finding.code) {
            markdown.push_str(&rule_docs(rule, Some(finding), locale));
        }
    }
    Some(markdown_hover(markdown, Some(range)))
}

fn markdown_hover(value: String, range: Option<tower_lsp_server::ls_types::Range>) -> Hover {
    Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }),
        range,
    }
}

/// `SS503 hardcoded-credential (error)`, the finding's message if any, then the rule's docs.
fn rule_docs(
    rule: &shipshape_core::RuleMeta,
    finding: Option<&Finding>,
    locale: shipshape_core::Locale,
) -> String {
    let mut out = String::new();
    let severity = finding.map_or(rule.severity, |finding| finding.severity);
    let _ = writeln!(out, "**{}** `{}` ({severity})\n", rule.code, rule.name);
    match finding {
        Some(finding) => {
            let _ = writeln!(out, "{}\n", crate::convert::message(finding, locale));
        }
        None => {
            let _ = writeln!(out, "{}\n", rule.summary_in(locale));
        }
    }
    out.push_str(rule.docs_in(locale).trim_end());
    let link = shipshape_core::Message::new("hover-docs-link")
        .arg("code", rule.code)
        .render(locale);
    let _ = write!(out, "\n\n[{link}]({})\n", rule.docs_url_in(locale));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use shipshape_core::{Config, FileKind, LineIndex, Severity, TextRange};
    use tower_lsp_server::ls_types::Position;

    fn analysis(text: &str, findings: Vec<Finding>) -> Analysis {
        Analysis {
            version: 1,
            generation: 0,
            text: Arc::new(text.to_string()),
            index: LineIndex::new(text),
            kind: Some(FileKind::Compose),
            path: "compose.yaml".into(),
            around: Default::default(),
            config: Arc::new(Config::default()),
            findings,
        }
    }

    fn value(hover: &Hover) -> &str {
        match &hover.contents {
            HoverContents::Markup(markup) => &markup.value,
            _ => "",
        }
    }

    #[test]
    fn hover_on_a_suppression_comment_shows_the_code_under_the_cursor() {
        let text = "services:\n  # shipshape ignore=SS101,pids-limit-missing -- why\n  web: {}\n";
        let analysis = analysis(text, vec![]);
        // On `pids-limit-missing`.
        let shown = hover(&analysis, Position::new(1, 30), shipshape_core::Locale::En).unwrap();
        assert!(
            value(&shown).starts_with("**SS601** `pids-limit-missing`"),
            "{}",
            value(&shown)
        );
        assert_eq!(shown.range.unwrap().start, Position::new(1, 27));
        // On `shipshape`: every listed code.
        let shown = hover(&analysis, Position::new(1, 5), shipshape_core::Locale::En).unwrap();
        assert!(value(&shown).contains("**SS101**") && value(&shown).contains("**SS601**"));
        // Elsewhere: nothing.
        assert!(hover(&analysis, Position::new(2, 3), shipshape_core::Locale::En).is_none());
        // A Kubernetes ignore annotation.
        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n    shipshape.dev/ignore: \"SS301\"\n";
        let mut analysis = self::analysis(text, vec![]);
        analysis.kind = Some(FileKind::Kubernetes);
        let shown = hover(&analysis, Position::new(4, 28), shipshape_core::Locale::En).unwrap();
        assert!(value(&shown).starts_with("**SS301**"), "{}", value(&shown));
    }

    #[test]
    fn hover_on_a_finding_shows_its_message_and_docs() {
        let text = "services:\n  web: {}\n";
        let finding = Finding {
            code: "SS503".into(),
            name: "hardcoded-credential".into(),
            severity: Severity::Error,
            message: "hardcoded AWS access key id".into(),
            range: TextRange::new(12, 15),
            object: Some("service web".into()),
            fixes: vec![],
            anchor: None,
            redact: None,
            related: Vec::new(),
            text: None,
        };
        let analysis = analysis(text, vec![finding]);
        let shown = hover(&analysis, Position::new(1, 3), shipshape_core::Locale::En).unwrap();
        let value = value(&shown);
        assert!(value.starts_with("**SS503** `hardcoded-credential` (error)\n\nhardcoded AWS access key id (service web)\n\n## What it does"), "{value}");
        assert!(value.ends_with("docs/rules/SS503.md)\n"), "{value}");
        assert!(hover(&analysis, Position::new(0, 3), shipshape_core::Locale::En).is_none());
    }
}
