//! `shipshape explain CODE|NAME`: the rule's docs page, as `docs/rules/<code>.md` has it.

use std::io::Write;

use anyhow::Result;
use shipshape_core::i18n::{text, Message};
use shipshape_core::registry::{find_rule, FixAvailability, RuleMeta};
use shipshape_core::Locale;

use super::ExitStatus;
use crate::args::{ColorArg, ExplainArgs};
use crate::output::{self, ignore_broken_pipe};

pub fn explain(args: &ExplainArgs, color: ColorArg, locale: Locale) -> Result<ExitStatus> {
    let Some(rule) = find_rule(&args.rule) else {
        eprintln!(
            "{}",
            Message::new("cli-error")
                .nested(
                    "detail",
                    Message::new("cli-explain-unknown").arg("rule", args.rule.trim())
                )
                .render(locale)
        );
        return Ok(ExitStatus::Error);
    };
    let mut out = output::stdout(color);
    ignore_broken_pipe(
        out.write_all(page(rule, locale).as_bytes())
            .and_then(|()| out.flush()),
    )?;
    Ok(ExitStatus::Success)
}

/// The header, the docs and the link, in `locale`.
pub fn page(rule: &RuleMeta, locale: Locale) -> String {
    let kinds: Vec<&str> = rule.kinds.iter().map(|kind| kind.as_str()).collect();
    let fix = text(
        locale,
        match rule.fix {
            FixAvailability::None => "explain-fix-none",
            FixAvailability::Sometimes => "explain-fix-sometimes",
            FixAvailability::Always => "explain-fix-always",
        },
    );
    let header = Message::new("explain-header")
        .arg("severity", rule.severity.to_string())
        .arg("kinds", kinds.join(", "))
        .arg("fix", fix)
        .arg("since", rule.since)
        .render(locale);
    let link = Message::new("explain-docs")
        .arg("url", rule.docs_url_in(locale))
        .render(locale);
    format!(
        "# {name} ({code})\n\n{header}\n\n{docs}\n{link}\n",
        name = rule.name,
        code = rule.code,
        docs = rule.docs_in(locale).trim_end_matches('\n').to_string() + "\n",
    )
}
