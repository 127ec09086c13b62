//! The rule registry: one ordered table from code to rule metadata and docs.
//!
//! Codes are permanent. A removed rule keeps its code reserved in the table of
//! [`crate::rules`] (commented out) so that no later rule reuses it with another meaning.

pub use crate::finding::{docs_url, DOCS_BASE};
pub use crate::rule::{FixAvailability, Rule, RuleMeta, Source, Violation};

/// Every rule, ordered by code: the table in [`crate::rules`].
pub static RULES: &[RuleMeta] = crate::rules::ALL;

/// Look a rule up by code (`SS101`) or name (`read-only-root-filesystem`), case-insensitively.
pub fn find_rule(code_or_name: &str) -> Option<&'static RuleMeta> {
    let wanted = code_or_name.trim();
    RULES.iter().find(|rule| {
        rule.code.eq_ignore_ascii_case(wanted) || rule.name.eq_ignore_ascii_case(wanted)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::FileKind;

    const HEADINGS: [&str; 4] = [
        "## What it does",
        "## Why is this bad?",
        "## Example",
        "## References",
    ];

    #[test]
    fn codes_are_unique_and_sorted() {
        for pair in RULES.windows(2) {
            assert!(
                pair[0].code < pair[1].code,
                "{} must sort before {}",
                pair[0].code,
                pair[1].code
            );
        }
    }

    #[test]
    fn names_are_kebab_case_and_unique() {
        let mut names: Vec<_> = RULES.iter().map(|rule| rule.name).collect();
        for name in &names {
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                    && !name.starts_with('-')
                    && !name.ends_with('-')
                    && !name.contains("--"),
                "{name} is not kebab-case"
            );
        }
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), RULES.len());
    }

    #[test]
    fn docs_have_the_required_headings_in_order() {
        for rule in RULES {
            let docs = rule.docs_markdown();
            let mut last = 0;
            for heading in HEADINGS {
                let at = docs
                    .lines()
                    .position(|line| line.trim_end() == heading)
                    .unwrap_or_else(|| panic!("{} docs lack `{heading}`", rule.code));
                assert!(at >= last, "{}: `{heading}` is out of order", rule.code);
                last = at;
            }
            let has_fix_safety = docs.lines().any(|line| line.trim_end() == "## Fix safety");
            assert_eq!(
                has_fix_safety,
                rule.fix != FixAvailability::None,
                "{}: `## Fix safety` must be present exactly when the rule can fix",
                rule.code
            );
        }
    }

    #[test]
    fn rules_are_dispatched_on_the_kinds_they_declare() {
        assert_eq!(crate::rules::DISPATCH.len(), RULES.len());
        for (rule, (code, dispatched)) in RULES.iter().zip(crate::rules::DISPATCH) {
            assert_eq!(rule.code, *code);
            if dispatched.is_empty() {
                // Reported by the core itself: parse errors and suppression problems.
                assert!(rule.code.starts_with("SS0"), "{code} is never checked");
                continue;
            }
            let mut kinds: Vec<FileKind> =
                dispatched.iter().flat_map(|k| k.iter().copied()).collect();
            kinds.sort_by_key(|kind| kind.as_str());
            kinds.dedup();
            let mut declared = rule.kinds.to_vec();
            declared.sort_by_key(|kind| kind.as_str());
            assert_eq!(
                kinds, declared,
                "{code}: declared kinds and dispatch differ"
            );
        }
    }

    #[test]
    fn lookup_by_code_or_name() {
        assert_eq!(find_rule("ss101").map(|r| r.code), Some("SS101"));
        assert_eq!(
            find_rule("read-only-root-filesystem").map(|r| r.code),
            Some("SS101")
        );
        assert!(find_rule("SS999").is_none());
    }
}
