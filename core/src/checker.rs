//! The context every rule reports through.

use crate::edit::{Applicability, Edit, Fix};
use crate::finding::Finding;
use crate::rule::{Rule, RuleMeta, Violation};
use crate::settings::{Config, RuleSetting};
use crate::text::{LineIndex, TextRange};
use crate::yaml::edit::{Editor, Style};

/// Shared state of one `check` call: the text, the configuration and the findings so far.
pub struct Checker<'a> {
    pub text: &'a str,
    pub config: &'a Config,
    pub lines: LineIndex,
    /// The variables a Compose file's `${VAR}` takes, as the caller read them
    /// ([`crate::Document::variables`]).
    pub variables: Option<&'a crate::env_file::EnvFile>,
    /// The other files of a Compose file's project ([`crate::Document::compose_project`]).
    pub project: Option<&'a crate::compose_project::ProjectServices<'a>>,
    /// A Compose file deployed with `docker stack deploy` ([`crate::compose::is_swarm_stack`]).
    pub swarm_stack: bool,
    findings: Vec<Finding>,
    /// The text's YAML style, detected when a rule first asks for an editor.
    style: std::cell::OnceCell<Style>,
}

impl<'a> Checker<'a> {
    pub fn new(text: &'a str, config: &'a Config) -> Self {
        Self {
            text,
            config,
            lines: LineIndex::new(text),
            variables: None,
            project: None,
            swarm_stack: false,
            findings: Vec::new(),
            style: std::cell::OnceCell::new(),
        }
    }

    /// An editor for YAML fixes in the text's style, which every rule shares: the style is
    /// detected once per document, not once per rule.
    pub fn editor(&self) -> Editor<'a> {
        let style = *self.style.get_or_init(|| Style::detect(self.text));
        Editor::with_style(self.text, style)
    }

    /// Whether the configuration leaves this rule on.
    pub fn is_enabled(&self, meta: &RuleMeta) -> bool {
        !matches!(self.config.rule_setting(meta.code), Some(RuleSetting::Off))
    }

    pub fn enabled<R: Rule>(&self) -> bool {
        self.is_enabled(&R::META)
    }

    /// Report a violation at `range`. The returned builder adds the object, the suppression
    /// anchor and fixes; the finding is recorded when the builder is dropped.
    pub fn report<V: Violation>(
        &mut self,
        violation: V,
        range: TextRange,
    ) -> FindingBuilder<'_, 'a, V> {
        let meta = V::META;
        let finding = self.is_enabled(&meta).then(|| Finding {
            code: meta.code.to_string(),
            name: meta.name.to_string(),
            severity: match self.config.rule_setting(meta.code) {
                Some(RuleSetting::Severity(severity)) => severity,
                _ => violation.severity(),
            },
            message: violation.message(),
            text: Some(violation.text()),
            range,
            object: None,
            fixes: Vec::new(),
            anchor: None,
            redact: None,
            related: Vec::new(),
        });
        FindingBuilder {
            checker: self,
            violation,
            finding,
        }
    }

    /// Take the findings out, leaving none (suppression filtering puts back what it keeps).
    pub fn take_findings(&mut self) -> Vec<Finding> {
        std::mem::take(&mut self.findings)
    }

    pub fn into_findings(self) -> Vec<Finding> {
        self.findings
    }

    /// Remove every fix from the findings so far: in a file with a syntax error no fix is
    /// offered (see the SS000 docs), whichever rule or plugin built it.
    pub fn drop_fixes(&mut self) {
        for finding in &mut self.findings {
            finding.fixes.clear();
        }
    }

    /// Record an already built finding (parse errors, plugin results).
    pub fn push(&mut self, finding: Finding) {
        self.findings.push(finding);
    }
}

/// Adds details to a finding before it is recorded.
pub struct FindingBuilder<'c, 'a, V: Violation> {
    checker: &'c mut Checker<'a>,
    violation: V,
    finding: Option<Finding>,
}

impl<V: Violation> FindingBuilder<'_, '_, V> {
    /// What the finding is about, e.g. `service web` or `Deployment/api container app`.
    pub fn object(mut self, object: impl Into<String>) -> Self {
        if let Some(finding) = &mut self.finding {
            finding.object = Some(object.into());
        }
        self
    }

    /// The start of the owning line (instruction, service key, container entry) for suppression
    /// comments, where it differs from the finding's own start.
    pub fn anchor(mut self, offset: usize) -> Self {
        if let Some(finding) = &mut self.finding {
            finding.anchor = Some(offset);
        }
        self
    }

    /// The byte range of a secret value inside the text, which no output may print in full.
    pub fn redact(mut self, range: TextRange) -> Self {
        if let Some(finding) = &mut self.finding {
            finding.redact = Some(range);
        }
        self
    }

    /// Attach a fix built by `build`. A fix that cannot be built (`Err` with the reason) leaves
    /// the finding without a fix: building a fix must never fail the lint.
    pub fn fix(
        mut self,
        applicability: Applicability,
        build: impl FnOnce() -> Result<Vec<Edit>, String>,
    ) -> Self {
        if let Some(finding) = &mut self.finding {
            if let Ok(edits) = build() {
                if !edits.is_empty() {
                    let text = self.violation.fix_text().unwrap_or_else(|| {
                        crate::i18n::Message::new("fix-default").arg("code", V::META.code)
                    });
                    let fix = match applicability {
                        Applicability::Safe => Fix::safe_edits(String::new(), edits),
                        Applicability::Unsafe => Fix::unsafe_edits(String::new(), edits),
                        Applicability::DisplayOnly => Fix::display_only_edits(edits),
                    };
                    finding.fixes.push(fix.with_text(text));
                }
            }
        }
        self
    }
}

impl<V: Violation> Drop for FindingBuilder<'_, '_, V> {
    fn drop(&mut self) {
        if let Some(finding) = self.finding.take() {
            self.checker.findings.push(finding);
        }
    }
}
