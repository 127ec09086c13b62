//! What a rule is: its metadata ([`RuleMeta`]), the [`Violation`] trait its findings implement,
//! and [`declare_rule!`], which puts both on the rule's struct. Below the checker and the rules;
//! the table of every rule is [`crate::registry`], above them.

use serde::Serialize;

use crate::document::FileKind;
use crate::finding::{docs_url, Severity};

/// Whether a rule can offer a fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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

    /// The docs page of the rule in `locale` (the Chinese page lives in
    /// `docs/rules/zh-CN/`).
    pub fn docs_url_in(&self, locale: crate::i18n::Locale) -> String {
        crate::finding::docs_url_in(self.code, locale)
    }

    /// The body of the docs in `locale`: the doc comment in English, the rule's
    /// `core/locales/<locale>/rules/<CODE>.md` otherwise (English when that file is missing,
    /// which `core/tests/catalogue.rs` keeps from happening).
    pub fn docs_in(&self, locale: crate::i18n::Locale) -> String {
        match crate::i18n::rule_docs(locale, self.code) {
            Some(docs) => docs.to_string(),
            None => self.docs_markdown(),
        }
    }

    /// The rule's one-line summary in `locale` (the catalogue's `summary-<CODE>`).
    pub fn summary_in(&self, locale: crate::i18n::Locale) -> String {
        if locale == crate::i18n::Locale::En {
            return self.summary.to_string();
        }
        crate::i18n::catalogue(locale)
            .get(&format!("summary-{}", self.code))
            .unwrap_or(self.summary)
            .to_string()
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
    /// The message as a catalogue text (`core/locales`).
    fn text(&self) -> crate::i18n::Message;

    /// The English message (what order, fingerprints and baselines use).
    fn message(&self) -> String {
        self.text().render(crate::i18n::Locale::En)
    }

    /// Title of the fix this violation offers, as a catalogue text; required when the rule
    /// can fix.
    fn fix_text(&self) -> Option<crate::i18n::Message> {
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

        impl $crate::rule::Rule for $name {
            const META: $crate::rule::RuleMeta = $crate::rule::RuleMeta {
                code: $code,
                name: $rule_name,
                summary: $summary,
                severity: $crate::finding::Severity::$severity,
                kinds: &[$($crate::document::FileKind::$kind),*],
                fix: $crate::rule::FixAvailability::$fix,
                since: $since,
                sources: &[$($source),*],
                docs: concat!($($doc, "\n"),*),
            };
        }
    };
}
pub(crate) use declare_rule;
