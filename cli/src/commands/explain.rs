//! `shipshape explain CODE|NAME`: the rule's docs page, as `docs/rules/<code>.md` has it.

use std::io::Write;

use anyhow::Result;
use shipshape_core::registry::{find_rule, FixAvailability, RuleMeta};

use super::ExitStatus;
use crate::args::{ColorArg, ExplainArgs};
use crate::output::{self, ignore_broken_pipe};

pub fn explain(args: &ExplainArgs, color: ColorArg) -> Result<ExitStatus> {
    let Some(rule) = find_rule(&args.rule) else {
        eprintln!(
            "error: no rule `{}`; `shipshape rules` lists them",
            args.rule.trim()
        );
        return Ok(ExitStatus::Error);
    };
    let mut out = output::stdout(color);
    ignore_broken_pipe(
        out.write_all(page(rule).as_bytes())
            .and_then(|()| out.flush()),
    )?;
    Ok(ExitStatus::Success)
}

/// The header, the docs and the link.
pub fn page(rule: &RuleMeta) -> String {
    let kinds: Vec<&str> = rule.kinds.iter().map(|kind| kind.as_str()).collect();
    let fix = match rule.fix {
        FixAvailability::None => "none",
        FixAvailability::Sometimes => "sometimes available",
        FixAvailability::Always => "always available",
    };
    format!(
        "# {name} ({code})\n\nSeverity: {severity}. Applies to: {kinds}. Fix: {fix}. Since: {since}.\n\n{docs}\nDocs: {url}\n",
        name = rule.name,
        code = rule.code,
        severity = rule.severity,
        kinds = kinds.join(", "),
        since = rule.since,
        docs = rule.docs_markdown().trim_end_matches('\n').to_string() + "\n",
        url = rule.docs_url(),
    )
}
