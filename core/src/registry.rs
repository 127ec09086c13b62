//! The rule registry: one ordered table from code to rule metadata and docs.
//!
//! Codes are permanent. A removed rule keeps its code reserved here (commented out) so that no
//! later rule reuses it with another meaning.

use serde::Serialize;

use crate::document::FileKind;
use crate::finding::Severity;
use crate::rules::*;

/// Base of the published rule docs; each rule's page is `{DOCS_BASE}/{code}.md`.
pub const DOCS_BASE: &str = "https://github.com/shipshape-dev/shipshape/blob/main/docs/rules";

pub fn docs_url(code: &str) -> String {
    format!("{DOCS_BASE}/{code}.md")
}

/// Whether a rule can offer a fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FixAvailability {
    None,
    Sometimes,
    Always,
}

/// Where a rule comes from, for cross-references in its docs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Source {
    Hadolint(&'static str),
    Checkov(&'static str),
    Kics(&'static str),
    Cis(&'static str),
    Docker(&'static str),
    Kubernetes(&'static str),
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::Hadolint(id) => write!(f, "hadolint {id}"),
            Source::Checkov(id) => write!(f, "Checkov {id}"),
            Source::Kics(id) => write!(f, "KICS {id}"),
            Source::Cis(id) => write!(f, "CIS Docker Benchmark {id}"),
            Source::Docker(id) => write!(f, "Docker docs: {id}"),
            Source::Kubernetes(id) => write!(f, "Kubernetes docs: {id}"),
        }
    }
}

/// Everything known about a rule apart from its check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleMeta {
    pub code: &'static str,
    pub name: &'static str,
    /// One line, shown in `shipshape rules` and as SARIF `shortDescription`.
    pub summary: &'static str,
    pub severity: Severity,
    pub kinds: &'static [FileKind],
    pub fix: FixAvailability,
    pub since: &'static str,
    pub sources: &'static [Source],
    /// The rule's doc comment: `## What it does`, `## Why is this bad?`, `## Example`,
    /// `## Fix safety` (fixable rules), `## References`.
    pub docs: &'static str,
}

impl RuleMeta {
    pub fn docs_url(&self) -> String {
        docs_url(self.code)
    }

    pub fn applies_to(&self, kind: FileKind) -> bool {
        self.kinds.contains(&kind)
    }

    /// The docs as markdown, without the one leading space each `///` line carries.
    pub fn docs_markdown(&self) -> String {
        let mut out = String::with_capacity(self.docs.len());
        for line in self.docs.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out
    }
}

/// A rule: its metadata is an associated constant on the violation struct.
pub trait Rule {
    const META: RuleMeta;
}

/// A violation of a rule: the struct's fields hold the specifics the message needs.
pub trait Violation: Rule {
    fn message(&self) -> String;

    /// Title of the fix this violation offers; required when the rule can fix.
    fn fix_title(&self) -> Option<String> {
        None
    }

    /// A per-finding severity where the rule's default depends on the case (SS501).
    fn severity(&self) -> Severity {
        Self::META.severity
    }
}

/// Declare a rule struct with its docs (the doc comment) and its metadata.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub struct $name:ident { $(pub $field:ident : $ty:ty),* $(,)? }
        code = $code:literal,
        name = $rule_name:literal,
        summary = $summary:literal,
        severity = $severity:ident,
        kinds = [$($kind:ident),* $(,)?],
        fix = $fix:ident,
        since = $since:literal,
        sources = [$($source:expr),* $(,)?] $(,)?
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $name { $(pub $field: $ty),* }

        impl $crate::registry::Rule for $name {
            const META: $crate::registry::RuleMeta = $crate::registry::RuleMeta {
                code: $code,
                name: $rule_name,
                summary: $summary,
                severity: $crate::finding::Severity::$severity,
                kinds: &[$($crate::document::FileKind::$kind),*],
                fix: $crate::registry::FixAvailability::$fix,
                since: $since,
                sources: &[$($source),*],
                docs: concat!($($doc, "\n"),*),
            };
        }
    };
}
pub(crate) use declare_rule;

/// Every rule, ordered by code.
pub static RULES: &[RuleMeta] = &[
    ParseError::META,
    InvalidSuppression::META,
    UnusedSuppression::META,
    ReadOnlyRootFilesystem::META,
    SingleStageBuild::META,
    BuildToolsInFinalStage::META,
    CopyFromUnknownStage::META,
    CapabilitiesNotDropped::META,
    NetRawNotDropped::META,
    PrivilegedContainer::META,
    DangerousCapabilityAdded::META,
    CapabilityAddedWithoutDrop::META,
    PrivilegeEscalationAllowed::META,
    HostNamespaceShared::META,
    RuntimeSocketMounted::META,
    ConfinementDisabled::META,
    SecretInEnvironment::META,
    SecretFileInImage::META,
    HardcodedCredential::META,
    SecretInManifest::META,
    SecretInCommandLine::META,
    PidsLimitMissing::META,
    PidsLimitUnbounded::META,
];

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
    fn lookup_by_code_or_name() {
        assert_eq!(find_rule("ss101").map(|r| r.code), Some("SS101"));
        assert_eq!(
            find_rule("read-only-root-filesystem").map(|r| r.code),
            Some("SS101")
        );
        assert!(find_rule("SS999").is_none());
    }
}
