//! Reading one input and checking it: size limit and UTF-8 (`core::input::decode`), kind, then
//! the built-in checks and plugins.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use shipshape_core::input::{decode, Decoded, MAX_FILE_SIZE};
use shipshape_core::{check_with, Document, FileKind, Finding, LineIndex, Severity};

use crate::config_loader::LoadedConfig;
use crate::plugins::{Plugin, Plugins};
use crate::walk::{Input, Selection, Source};

/// One input, read and checked.
#[derive(Debug)]
pub struct CheckedFile {
    /// The path shown in output.
    pub path: String,
    /// Where to write fixes back (`None`: stdin).
    pub file: Option<PathBuf>,
    pub kind: FileKind,
    /// The text checked (for invalid UTF-8, the valid part before the first bad byte).
    pub text: String,
    /// Whether `text` is the whole file, so that fixes may be applied to it.
    pub complete: bool,
    pub lines: LineIndex,
    pub findings: Vec<Finding>,
    pub config: Arc<LoadedConfig>,
}

impl CheckedFile {
    /// Whether a finding is at or above the fail-on threshold (`None`: from the file's config).
    pub fn fails(&self, fail_on: Option<Option<Severity>>) -> bool {
        let threshold = fail_on.unwrap_or(Some(self.config.config.fail_on));
        threshold.is_some_and(|threshold| self.findings.iter().any(|f| f.severity >= threshold))
    }
}

/// Which checks run: the built-in ones (unless `--no-builtin`) and plugins (`--plugin` and the
/// file's config `plugins`).
pub struct Checks {
    pub builtin: bool,
    /// `--plugin` paths, absolute.
    pub cli_plugins: Vec<PathBuf>,
    /// Every plugin of the run (command line and configs), loaded once.
    pub plugins: Plugins,
}

impl Checks {
    /// The plugins for a file with this configuration, each once.
    fn plugins_for(&self, config: &LoadedConfig) -> Vec<&Arc<Plugin>> {
        let mut out: Vec<&Arc<Plugin>> = Vec::new();
        let paths = self
            .cli_plugins
            .iter()
            .cloned()
            .chain(crate::commands::config_plugins(config));
        for path in paths {
            if let Some(plugin) = self.plugins.get(&path) {
                if !out.iter().any(|seen| Arc::ptr_eq(seen, plugin)) {
                    out.push(plugin);
                }
            }
        }
        out
    }

    /// Built-in and plugin findings for one document: plugin findings go through core's
    /// suppressions too, and the order is `core::check`'s.
    pub fn check(&self, document: &Document, config: &LoadedConfig) -> Vec<Finding> {
        let plugins = self.plugins_for(config);
        if plugins.is_empty() {
            return check_with(document, &config.config, self.builtin, Vec::new());
        }
        // Suppressions naming plugin rules are not unknown codes.
        let mut effective = config.config.clone();
        for plugin in &plugins {
            effective.external_rule_codes.extend(plugin.rule_codes());
        }
        let mut external = Vec::new();
        for plugin in plugins {
            let mut found = plugin.check(document.path, document.kind, document.text, &effective);
            // The plugin interface carries no secret ranges: mask each plugin finding's whole
            // range wherever source text is shown, so that no secret leaves in full.
            for finding in &mut found {
                if finding.redact.is_none() && !finding.range.is_empty() {
                    finding.redact = Some(finding.range);
                }
            }
            external.extend(found);
        }
        check_with(document, &effective, self.builtin, external)
    }
}

/// Read and check one input. `Ok(None)`: a YAML file found by walking that is neither compose
/// nor Kubernetes (skipped silently). `Err`: an I/O error, as a message for stderr.
pub fn check_input(
    input: &Input,
    forced_kind: Option<FileKind>,
    stdin: Option<&[u8]>,
    checks: &Checks,
) -> Result<Option<CheckedFile>, String> {
    let bytes = match (&input.source, stdin) {
        (Source::Stdin, Some(bytes)) => bytes.to_vec(),
        (Source::Stdin, None) => read_limited(std::io::stdin().lock())
            .map_err(|error| format!("-: cannot read standard input: {error}"))?,
        (Source::File(path), _) => std::fs::File::open(path)
            .and_then(read_limited)
            .map_err(|error| format!("{}: {error}", input.display))?,
    };
    let file = match &input.source {
        Source::File(path) => Some(path.clone()),
        Source::Stdin => None,
    };
    let kind_for = |text: &str| -> Option<FileKind> {
        if let Some(kind) = forced_kind {
            return Some(kind);
        }
        match input.selection {
            Selection::Explicit => Some(FileKind::detect(&input.display, text)),
            Selection::Named(kind) => Some(kind),
            Selection::SniffYaml => match FileKind::from_content(text) {
                FileKind::Other => None,
                kind => Some(kind),
            },
        }
    };

    let text = match decode(&bytes) {
        Decoded::Text(text) => text,
        Decoded::Unchecked {
            sniff,
            text,
            finding,
        } => {
            let Some(kind) = kind_for(&sniff) else {
                return Ok(None);
            };
            return Ok(Some(CheckedFile {
                path: input.display.clone(),
                file,
                kind,
                lines: LineIndex::new(text),
                text: text.to_string(),
                complete: false,
                findings: vec![finding],
                config: input.config.clone(),
            }));
        }
    };
    let Some(kind) = kind_for(text) else {
        return Ok(None);
    };
    let document = Document::new(&input.display, text, kind)
        .with_helm_chart(file.as_deref().is_some_and(in_helm_chart));
    let findings = checks.check(&document, &input.config);
    Ok(Some(CheckedFile {
        path: input.display.clone(),
        file,
        kind,
        lines: LineIndex::new(text),
        text: text.to_string(),
        complete: true,
        findings,
        config: input.config.clone(),
    }))
}

/// Whether `path` sits under a Helm chart's `templates/` directory: a `templates` directory
/// among its parents whose own parent holds a `Chart.yaml`. Core is told (it does no I/O), and
/// skips such a file as a template when it holds `{{`, even where the text parses as YAML.
pub fn in_helm_chart(path: &Path) -> bool {
    path.ancestors()
        .skip(1)
        .filter(|dir| dir.file_name().is_some_and(|name| name == "templates"))
        .any(|dir| {
            dir.parent()
                .is_some_and(|chart| chart.join("Chart.yaml").is_file())
        })
}

/// Read at most `MAX_FILE_SIZE + 1` bytes: enough to know a file is too large.
pub fn read_limited(reader: impl Read) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_FILE_SIZE as u64 + 1)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}
