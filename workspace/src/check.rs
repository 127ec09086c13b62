//! Reading one input and checking it: the size limit and UTF-8 (`core::input::decode`), the
//! kind, then the built-in checks and plugins. A panic while checking (a bug) becomes one error
//! finding for that file, and the run goes on.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use shipshape_core::compose_project::{self, ComposeProject, ExtendedFile, ProjectFile};
use shipshape_core::env_file::{self, EnvFile};
use shipshape_core::input::{decode, Decoded, MAX_FILE_SIZE};
use shipshape_core::{
    check_with, BuiltinRules, Config, Document, FileKind, Finding, LineIndex, Severity, TextRange,
};

use crate::config::LoadedConfig;
use crate::discover::{Input, Selection, Source};
use crate::fs::FileSystem;

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
    /// What was read around the file: fixes re-check it with the same surroundings.
    pub around: Surroundings,
    pub config: Arc<LoadedConfig>,
}

impl CheckedFile {
    /// The document to check `text` (this file's text, or a fixed version of it) as: its path,
    /// kind, and what was read around it.
    pub fn document<'a>(&'a self, text: &'a str) -> Document<'a> {
        self.around.document(&self.path, text, self.kind)
    }

    /// Whether a finding is at or above the fail-on threshold (`None`: from the file's config).
    pub fn fails(&self, fail_on: Option<Option<Severity>>) -> bool {
        let threshold = fail_on.unwrap_or(Some(self.config.config.fail_on));
        threshold.is_some_and(|threshold| self.findings.iter().any(|f| f.severity >= threshold))
    }
}

/// A rule plugin as the workspace sees it (the native hosts run WASI components; see the
/// `shipshape-plugin-host` crate).
pub trait Plugin: Send + Sync {
    /// The rule codes it declares: suppressions naming them are not unknown codes.
    fn rule_codes(&self) -> Vec<String>;
    /// Its findings on one document (a plugin that fails is one error finding, never a panic).
    fn check(&self, path: &str, kind: FileKind, text: &str, config: &Config) -> Vec<Finding>;
}

/// The plugins that run on a file governed by a configuration (those named on the command line
/// and those the configuration names), each once.
pub trait PluginSet: Send + Sync {
    fn plugins_for(&self, config: &LoadedConfig) -> Vec<Arc<dyn Plugin>>;
}

/// Which checks run.
#[derive(Clone)]
pub struct Checks {
    pub builtin: BuiltinRules,
    pub plugins: Option<Arc<dyn PluginSet>>,
    /// Every input is this kind (`--kind`).
    pub forced_kind: Option<FileKind>,
}

impl Default for Checks {
    fn default() -> Self {
        Self {
            builtin: BuiltinRules::Run,
            plugins: None,
            forced_kind: None,
        }
    }
}

impl std::fmt::Debug for Checks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Checks")
            .field("builtin", &self.builtin)
            .field("plugins", &self.plugins.is_some())
            .field("forced_kind", &self.forced_kind)
            .finish()
    }
}

impl Checks {
    /// Built-in and plugin findings for one document: plugin findings go through core's
    /// suppressions too, and the order is `core::check`'s. A panic is one error finding.
    pub fn check(&self, document: &Document, config: &LoadedConfig) -> Vec<Finding> {
        let run = || self.check_unguarded(document, config);
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)) {
            Ok(findings) => findings,
            Err(payload) => vec![internal_error(&*payload)],
        }
    }

    fn check_unguarded(&self, document: &Document, config: &LoadedConfig) -> Vec<Finding> {
        let plugins = self
            .plugins
            .as_ref()
            .map(|set| set.plugins_for(config))
            .unwrap_or_default();
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

/// The finding that stands for a bug met while checking a file.
fn internal_error(payload: &(dyn std::any::Any + Send)) -> Finding {
    let detail = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string());
    Finding {
        code: "SS000".to_string(),
        name: "parse-error".to_string(),
        severity: Severity::Error,
        message: format!(
            "internal error while checking this file (a bug in shipshape, please report it): {detail}"
        ),
        range: TextRange::empty(0),
        object: None,
        fixes: Vec::new(),
        anchor: None,
        redact: None,
        related: Vec::new(),
        text: None,
    }
}

/// How much of an extensionless walked file is read to look for a shell shebang.
const SHEBANG_READ_LIMIT: u64 = 256;

/// Read and check one input. `Ok(None)`: a YAML file found by walking that is neither compose
/// nor Kubernetes (skipped silently). `Err`: an I/O error, as a message for the user.
pub fn check_input(
    fs: &dyn FileSystem,
    input: &Input,
    stdin: Option<&[u8]>,
    checks: &Checks,
) -> Result<Option<CheckedFile>, String> {
    if let (Source::File(path), Selection::SniffScript, None) =
        (&input.source, input.selection, checks.forced_kind)
    {
        // A walked file without an extension (a built binary, a data file) is a candidate only
        // for its shebang: look at the first line before reading the whole.
        let head = fs
            .read(path, SHEBANG_READ_LIMIT)
            .map_err(|error| format!("{}: {error}", input.display))?;
        if !FileKind::has_shell_shebang(&String::from_utf8_lossy(&head)) {
            return Ok(None);
        }
    }
    let bytes = match (&input.source, stdin) {
        (Source::Stdin, Some(bytes)) => bytes.to_vec(),
        (Source::Stdin, None) => return Err("-: standard input was not read".to_string()),
        (Source::File(path), _) => fs
            .read(path, MAX_FILE_SIZE as u64 + 1)
            .map_err(|error| format!("{}: {error}", input.display))?,
    };
    let file = match &input.source {
        Source::File(path) => Some(path.clone()),
        Source::Stdin => None,
    };
    let kind_for = |text: &str| -> Option<FileKind> {
        checks
            .forced_kind
            .or_else(|| input.selection.kind(&input.display, text))
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
                around: Default::default(),
                config: input.config.clone(),
            }));
        }
    };
    let Some(kind) = kind_for(text) else {
        return Ok(None);
    };
    let around = file
        .as_deref()
        .map(|path| surroundings(fs, path, kind, text))
        .unwrap_or_default();
    let findings = checks.check(&around.document(&input.display, text, kind), &input.config);
    Ok(Some(CheckedFile {
        path: input.display.clone(),
        file,
        kind,
        lines: LineIndex::new(text),
        text: text.to_string(),
        complete: true,
        findings,
        around,
        config: input.config.clone(),
    }))
}

/// What core is told about a file's surroundings (it does no I/O), read once per file: the CLI,
/// the Action and the language server all check a document with these.
#[derive(Debug, Clone, Default)]
pub struct Surroundings {
    /// See [`in_helm_chart`].
    pub in_helm_chart: bool,
    /// A compose file's `.env` (see [`compose_variables`]).
    pub variables: Option<Arc<EnvFile>>,
    /// A compose file's project (see [`compose_project`]).
    pub compose_project: Option<Arc<ComposeProject>>,
}

impl Surroundings {
    /// The other files read around the file, as the JSON report lists them (`files[].read_with`).
    pub fn read_with(&self) -> Vec<String> {
        let mut out: Vec<String> = self.variables.iter().map(|env| env.name.clone()).collect();
        if let Some(project) = &self.compose_project {
            out.extend(project.files.iter().map(|file| file.path.clone()));
            out.extend(project.extended.iter().map(|file| file.path.clone()));
        }
        out
    }

    /// The document to check `text` as, at `path` (as the user names it), with what was read
    /// around it: every check of a file, and every re-check after a fix, goes through here.
    pub fn document<'a>(&'a self, path: &'a str, text: &'a str, kind: FileKind) -> Document<'a> {
        Document::new(path, text, kind)
            .with_helm_chart(self.in_helm_chart)
            .with_variables(self.variables.as_deref())
            .with_compose_project(self.compose_project.as_deref())
    }
}

/// Read the [`Surroundings`] of the file at `path`, checked as `kind`.
pub fn surroundings(fs: &dyn FileSystem, path: &Path, kind: FileKind, text: &str) -> Surroundings {
    let variables = (kind == FileKind::Compose)
        .then(|| compose_variables(fs, path))
        .flatten()
        .map(Arc::new);
    let compose_project = (kind == FileKind::Compose)
        .then(|| compose_project(fs, path, variables.as_deref(), text))
        .flatten()
        .map(Arc::new);
    Surroundings {
        in_helm_chart: in_helm_chart(fs, path),
        variables,
        compose_project,
    }
}

/// Whether `path` sits under a Helm chart's `templates/` directory: a `templates` directory
/// among its parents whose own parent holds a `Chart.yaml`. Core is told (it does no I/O), and
/// skips such a file as a template when it holds `{{`, even where the text parses as YAML.
pub fn in_helm_chart(fs: &dyn FileSystem, path: &Path) -> bool {
    path.ancestors()
        .skip(1)
        .filter(|dir| dir.file_name().is_some_and(|name| name == "templates"))
        .any(|dir| {
            dir.parent()
                .is_some_and(|chart| fs.is_file(&chart.join("Chart.yaml")))
        })
}

/// The variables Compose would substitute into the compose file at `path`: the `.env` in its
/// directory (Compose's project directory by default), parsed; when there is none, the first
/// example of it there ([`env_file::EXAMPLE_FILE_NAMES`]), marked as an example. `None` when
/// there is neither, or the file Compose would read cannot be read as text (then no example
/// stands in for it). Core judges `${VAR}` settings with them (it does no I/O).
pub fn compose_variables(fs: &dyn FileSystem, path: &Path) -> Option<EnvFile> {
    let dir = path.parent()?;
    let read = |name: &str| read_text(fs, &dir.join(name));
    if fs.is_file(&dir.join(env_file::COMPOSE_FILE_NAME)) {
        let text = read(env_file::COMPOSE_FILE_NAME)?;
        return Some(EnvFile::parse(env_file::COMPOSE_FILE_NAME, false, &text));
    }
    env_file::EXAMPLE_FILE_NAMES.iter().find_map(|name| {
        if !fs.is_file(&dir.join(name)) {
            return None;
        }
        read(name).map(|text| EnvFile::parse(*name, true, &text))
    })
}

/// The other files of the Compose project the compose file at `path` (whose text is `text`)
/// belongs to, read:
/// - merged with it: the files `COMPOSE_FILE` names in the `.env` beside it (relative to its
///   directory) when it is one of them; else a list of files in an `include:` entry
///   (`path: [base.yaml, override.yaml]`) of the compose file in its directory or the one above,
///   when it is one of them; else the base file and its override in the same directory
///   (Compose's defaults: the first of [`compose_project::BASE_FILE_NAMES`] and of
///   [`compose_project::OVERRIDE_FILE_NAMES`] that exist);
/// - extended: the files its services' `extends: {file: ...}` name, and theirs in turn (at most
///   [`MAX_EXTENDED_FILES`]).
///
/// `None` when the file stands alone. A merged file that cannot be read as text leaves the
/// project out (the file is judged alone); an extended one is left out (what its services set
/// is then unknown, and not reported).
pub fn compose_project(
    fs: &dyn FileSystem,
    path: &Path,
    variables: Option<&EnvFile>,
    text: &str,
) -> Option<ComposeProject> {
    let merged = merged_files(fs, path, variables);
    let extended = extended_files(fs, path, text);
    let (origin, files) = match merged {
        Some(merged) => merged,
        None if extended.is_empty() => return None,
        None => ("`extends` of other files".to_string(), Vec::new()),
    };
    Some(ComposeProject {
        origin,
        files,
        extended,
    })
}

/// Most files read for `extends: {file: ...}` chains of one compose file.
pub const MAX_EXTENDED_FILES: usize = 16;

/// The text of a file read beside the checked one, within the size limit; `None` when it cannot
/// be read, is too large or is not UTF-8.
fn read_text(fs: &dyn FileSystem, path: &Path) -> Option<String> {
    let bytes = fs.read(path, MAX_FILE_SIZE as u64 + 1).ok()?;
    if bytes.len() > MAX_FILE_SIZE {
        return None;
    }
    String::from_utf8(bytes).ok()
}

fn merged_files(
    fs: &dyn FileSystem,
    path: &Path,
    variables: Option<&EnvFile>,
) -> Option<(String, Vec<ProjectFile>)> {
    let dir = path.parent()?;
    let name = path.file_name()?.to_str()?;
    let listed =
        variables
            .filter(|file| !file.example)
            .and_then(|file| match file.get("COMPOSE_FILE") {
                env_file::Value::Known(list) => {
                    let separator = match file.get("COMPOSE_PATH_SEPARATOR") {
                        env_file::Value::Known(separator) => Some(separator),
                        _ => None,
                    };
                    Some(compose_project::compose_file_list(list, separator))
                }
                _ => None,
            });
    let (origin, order): (String, Vec<PathBuf>) = match listed {
        Some(list) if list.iter().any(|listed| dir.join(listed) == path) => (
            "`COMPOSE_FILE` in .env".to_string(),
            list.iter().map(|listed| dir.join(listed)).collect(),
        ),
        _ => match included_with_others(fs, path) {
            Some(included) => included,
            None => {
                let first = |names: &[&str]| -> Option<String> {
                    names
                        .iter()
                        .find(|candidate| fs.is_file(&dir.join(candidate)))
                        .map(|found| (*found).to_string())
                };
                let (base, overrides) = (
                    first(compose_project::BASE_FILE_NAMES)?,
                    first(compose_project::OVERRIDE_FILE_NAMES)?,
                );
                if name != base && name != overrides {
                    return None;
                }
                (
                    format!("{overrides} over {base}"),
                    vec![dir.join(base), dir.join(overrides)],
                )
            }
        },
    };
    let position = order.iter().position(|listed| listed == path)?;
    let mut files = Vec::new();
    for (index, listed) in order.iter().enumerate() {
        if index == position {
            continue;
        }
        files.push(ProjectFile {
            path: listed
                .strip_prefix(dir)
                .unwrap_or(listed)
                .display()
                .to_string(),
            text: read_text(fs, listed)?,
            merged_before: index < position,
        });
    }
    (!files.is_empty()).then_some((origin, files))
}

/// The files merged with `path` by an `include:` entry that lists several
/// (`- path: [base.yaml, override.yaml]`, relative to the including file) in the compose file
/// of its directory or of the directory above, in merge order.
fn included_with_others(fs: &dyn FileSystem, path: &Path) -> Option<(String, Vec<PathBuf>)> {
    let dir = path.parent()?;
    let dirs = std::iter::once(dir).chain(dir.parent());
    for dir in dirs {
        for name in compose_project::BASE_FILE_NAMES {
            let including = dir.join(name);
            if including == path || !fs.is_file(&including) {
                continue;
            }
            let Some(text) = read_text(fs, &including) else {
                continue;
            };
            if !text.contains("include") {
                continue;
            }
            let parsed = shipshape_core::yaml::parse(&text);
            for list in compose_project::include_lists(&parsed) {
                let order: Vec<PathBuf> = list.iter().map(|listed| dir.join(listed)).collect();
                if order.iter().any(|listed| listed == path) {
                    return Some((format!("`include` in {}", including.display()), order));
                }
            }
        }
    }
    None
}

/// The files the services of the compose file at `path` extend (`extends: {file: ...}`), and
/// the ones theirs extend, read.
fn extended_files(fs: &dyn FileSystem, path: &Path, text: &str) -> Vec<ExtendedFile> {
    let mut out: Vec<ExtendedFile> = Vec::new();
    // Most compose files extend nothing: no second parse for them.
    if !text.contains("extends") {
        return out;
    }
    let Some(dir) = path.parent() else {
        return out;
    };
    let named = |from: Option<&str>, text: &str| -> Vec<String> {
        let parsed = shipshape_core::yaml::parse(text);
        compose_project::extends_files(&parsed)
            .into_iter()
            .map(|named| compose_project::resolve_extends_file(from, named))
            .collect()
    };
    let mut pending = named(None, text);
    let mut seen = std::collections::HashSet::new();
    while let Some(key) = pending.pop() {
        if out.len() >= MAX_EXTENDED_FILES || !seen.insert(key.clone()) {
            continue;
        }
        let Some(text) = read_text(fs, &dir.join(&key)) else {
            continue;
        };
        if text.contains("extends") {
            pending.extend(named(Some(&key), &text));
        }
        out.push(ExtendedFile { path: key, text });
    }
    out
}
