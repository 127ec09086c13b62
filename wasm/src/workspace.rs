//! The workspace layer for JavaScript hosts (the GitHub Action): discovery, configuration lookup,
//! reading and checking over a file system the host hands in as three functions, and every
//! report format rendered by the same Rust code as the CLI's.

use std::io;
use std::path::{Path, PathBuf};

use js_sys::{Function, Reflect, Uint8Array};
use serde::{Deserialize, Serialize};
use shipshape_core::Severity;
use shipshape_workspace::fs::{DirEntry, EntryKind, FileSystem};
use shipshape_workspace::render::suggest;
use shipshape_workspace::render::{Counts, Options};
use shipshape_workspace::{Checks, ConfigChoice, Format, Report, Request};
use wasm_bindgen::prelude::*;

/// `fs` as JavaScript passes it: `read(path, limit)`, `readDir(path)`, `kind(path)`.
struct JsFileSystem {
    this: JsValue,
    read: Function,
    read_dir: Function,
    kind: Function,
}

fn method(object: &JsValue, name: &str) -> Result<Function, JsError> {
    Reflect::get(object, &JsValue::from_str(name))
        .ok()
        .and_then(|value| value.dyn_into::<Function>().ok())
        .ok_or_else(|| JsError::new(&format!("fs.{name} must be a function")))
}

/// A JavaScript exception as an I/O error: `code` (`ENOENT`, `EACCES`) decides the kind.
fn io_error(error: JsValue) -> io::Error {
    let code = Reflect::get(&error, &JsValue::from_str("code"))
        .ok()
        .and_then(|code| code.as_string());
    let message = Reflect::get(&error, &JsValue::from_str("message"))
        .ok()
        .and_then(|message| message.as_string())
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "unknown error".to_string());
    let kind = match code.as_deref() {
        Some("ENOENT") | Some("ENOTDIR") => io::ErrorKind::NotFound,
        Some("EACCES") | Some("EPERM") => io::ErrorKind::PermissionDenied,
        _ => io::ErrorKind::Other,
    };
    io::Error::new(kind, message)
}

fn path_value(path: &Path) -> JsValue {
    JsValue::from_str(&path.to_string_lossy())
}

fn entry_kind(value: &JsValue) -> EntryKind {
    match value.as_string().as_deref() {
        Some("file") => EntryKind::File,
        Some("dir") => EntryKind::Dir,
        Some("symlink") => EntryKind::Symlink,
        _ => EntryKind::Other,
    }
}

impl FileSystem for JsFileSystem {
    fn read(&self, path: &Path, limit: u64) -> io::Result<Vec<u8>> {
        // Limits above 2^53 are "everything" to JavaScript.
        let limit = JsValue::from_f64(limit.min(1 << 53) as f64);
        let value = self
            .read
            .call2(&self.this, &path_value(path), &limit)
            .map_err(io_error)?;
        let bytes = value
            .dyn_into::<Uint8Array>()
            .map_err(|_| io::Error::other("fs.read must return a Uint8Array"))?;
        Ok(bytes.to_vec())
    }

    fn read_dir(&self, dir: &Path) -> io::Result<Vec<DirEntry>> {
        let value = self
            .read_dir
            .call1(&self.this, &path_value(dir))
            .map_err(io_error)?;
        let array = value
            .dyn_into::<js_sys::Array>()
            .map_err(|_| io::Error::other("fs.readDir must return an array"))?;
        let mut entries = Vec::with_capacity(array.length() as usize);
        for entry in array.iter() {
            let name = Reflect::get(&entry, &JsValue::from_str("name"))
                .ok()
                .and_then(|name| name.as_string())
                .ok_or_else(|| io::Error::other("fs.readDir: an entry has no name"))?;
            let kind = Reflect::get(&entry, &JsValue::from_str("kind"))
                .map(|kind| entry_kind(&kind))
                .unwrap_or(EntryKind::Other);
            entries.push(DirEntry { name, kind });
        }
        Ok(entries)
    }

    fn kind(&self, path: &Path) -> io::Result<EntryKind> {
        let value = self
            .kind
            .call1(&self.this, &path_value(path))
            .map_err(io_error)?;
        if value.is_null() || value.is_undefined() {
            return Err(io::Error::new(
                io::ErrorKind::NotFound,
                "No such file or directory",
            ));
        }
        Ok(entry_kind(&value))
    }
}

/// What to check: the CLI's `shipshape check` options. Paths are absolute or relative to `cwd`.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "WorkspaceRequest"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct JsRequest {
    /// Absolute; relative paths and globs are resolved against it.
    cwd: String,
    /// Paths in reports are relative to it (default `cwd`).
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional))]
    root: Option<String>,
    /// Files, directories, globs and `!globs` (default `["."]`).
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<_>"))]
    paths: Vec<String>,
    /// A `.shipshape.toml` for every file (`--config`); default: the nearest one above each file.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    config: Option<String>,
    /// No configuration file at all (`--no-config`).
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<bool>"))]
    no_config: bool,
    /// Globs of walked files to leave out (`--exclude`).
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<_>"))]
    exclude: Vec<String>,
    /// Check only these files (paths as reports show them).
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    only: Option<Vec<String>>,
}

/// `WorkspaceReport.suggest`'s request: the pull request's changed files (with GitHub's
/// `patch`), the review comments an earlier run posted, and which fixes to suggest.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "SuggestRequest"))]
#[serde(deny_unknown_fields)]
pub(crate) struct JsSuggestRequest {
    mode: suggest::Mode,
    files: Vec<suggest::ChangedFile>,
    /// Review comments on the pull request (any author: those without shipshape's marker are
    /// left alone).
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<_>"))]
    existing: Vec<suggest::ExistingComment>,
}

/// A checked workspace: render it in any format, ask for its counts and verdict.
#[wasm_bindgen]
pub struct WorkspaceReport {
    report: Report,
}

/// `WorkspaceReport.counts()`: files checked, findings per severity and fixable findings.
#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "Counts"))]
#[serde(rename_all = "camelCase")]
pub(crate) struct JsCounts {
    files: usize,
    findings: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    hints: usize,
    /// Findings `shipshape fix` would fix.
    safe_fixable: usize,
    /// Findings only `shipshape fix --unsafe-fixes` would fix.
    unsafe_fixable: usize,
}

/// `fail-on` as the CLI's `--fail-on` takes it: `None` for the configuration's, `Some(None)` for
/// `never`.
fn parse_fail_on(value: Option<String>) -> Result<Option<Option<Severity>>, JsError> {
    match value.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some("never") => Ok(Some(None)),
        Some("error") => Ok(Some(Some(Severity::Error))),
        Some("warning") => Ok(Some(Some(Severity::Warning))),
        Some("info") => Ok(Some(Some(Severity::Info))),
        Some("hint") => Ok(Some(Some(Severity::Hint))),
        Some(other) => Err(JsError::new(&format!(
            "fail-on: expected one of error, warning, info, hint, never, got `{other}`"
        ))),
    }
}

#[wasm_bindgen]
impl WorkspaceReport {
    /// The report in `format` (`text`, `json`, `sarif`, `github`, `gitlab`, `junit`,
    /// `checkstyle`, `summary`): the bytes `shipshape check --format FORMAT --lang LOCALE`
    /// prints (`locale`: `en`, `zh-CN`; English by default).
    pub fn render(
        &self,
        format: &str,
        #[wasm_bindgen(js_name = "failOn")] fail_on: Option<String>,
        locale: Option<String>,
    ) -> Result<String, JsError> {
        let format: Format = format
            .parse()
            .map_err(|error: String| JsError::new(&error))?;
        let locale = match locale.as_deref().map(str::trim) {
            None | Some("") => shipshape_core::Locale::En,
            Some(tag) => shipshape_core::Locale::choose(Some(tag), None, [None; 3])
                .map_err(|error| JsError::new(&error))?,
        };
        let options = Options {
            quiet: false,
            fail_on: parse_fail_on(fail_on)?,
            locale,
            ..Options::default()
        };
        Ok(self.report.render(format, options))
    }

    /// Whether a finding is at or above `failOn` (empty: each file's configured `fail-on`).
    pub fn fails(
        &self,
        #[wasm_bindgen(js_name = "failOn")] fail_on: Option<String>,
    ) -> Result<bool, JsError> {
        Ok(self.report.fails(parse_fail_on(fail_on)?))
    }

    /// How many findings are at or above `failOn` (empty: each file's configured `fail-on`).
    #[wasm_bindgen(js_name = failingCount)]
    pub fn failing_count(
        &self,
        #[wasm_bindgen(js_name = "failOn")] fail_on: Option<String>,
    ) -> Result<usize, JsError> {
        let fail_on = parse_fail_on(fail_on)?;
        Ok(self
            .report
            .files
            .iter()
            .map(|file| {
                let threshold = fail_on.unwrap_or(Some(file.config.config.fail_on));
                threshold.map_or(0, |threshold| {
                    file.findings
                        .iter()
                        .filter(|finding| finding.severity >= threshold)
                        .count()
                })
            })
            .sum())
    }

    /// Files, findings per severity and fixable findings.
    #[wasm_bindgen(unchecked_return_type = "Counts")]
    pub fn counts(&self) -> Result<JsValue, JsError> {
        let counts = Counts::of(&self.report.files);
        super::to_js(&JsCounts {
            files: counts.files,
            findings: counts.findings,
            errors: counts.errors,
            warnings: counts.warnings,
            infos: counts.infos,
            hints: counts.hints,
            safe_fixable: counts.safe_fixable,
            unsafe_fixable: counts.unsafe_fixable,
        })
    }

    /// The pull-request review comments with suggested changes for the fixes that lie inside
    /// the pull request's diff hunks, and what becomes of an earlier run's comments
    /// (`workspace::render::suggest`). Throws on a malformed patch.
    #[wasm_bindgen(unchecked_return_type = "SuggestionPlan")]
    pub fn suggest(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SuggestRequest")] request: JsValue,
    ) -> Result<JsValue, JsError> {
        let request: JsSuggestRequest = serde_wasm_bindgen::from_value(request)
            .map_err(|error| JsError::new(&format!("invalid suggest request: {error}")))?;
        let plan = suggest::plan(
            &self.report.files,
            &request.files,
            &request.existing,
            request.mode,
            &Checks::default(),
        )
        .map_err(|error| JsError::new(error.message()))?;
        super::to_js(&plan)
    }

    /// Inputs or directories that could not be read (the run went on without them).
    #[wasm_bindgen(js_name = readErrors)]
    pub fn read_errors(&self) -> Vec<String> {
        self.report.errors.clone()
    }
}

/// Discover, read and check the files a request names, over `fs`. Throws on a missing path or
/// an invalid configuration (the CLI's exit code 2), with the CLI's message.
#[wasm_bindgen(js_name = checkWorkspace)]
pub fn check_workspace(
    #[wasm_bindgen(unchecked_param_type = "WorkspaceRequest")] request: JsValue,
    #[wasm_bindgen(unchecked_param_type = "WorkspaceFs")] fs: JsValue,
) -> Result<WorkspaceReport, JsError> {
    let js: JsRequest = serde_wasm_bindgen::from_value(request)
        .map_err(|error| JsError::new(&format!("invalid request: {error}")))?;
    let fs = JsFileSystem {
        read: method(&fs, "read")?,
        read_dir: method(&fs, "readDir")?,
        kind: method(&fs, "kind")?,
        this: fs,
    };
    let mut request = Request::new(PathBuf::from(&js.cwd));
    request.root = js.root.map(PathBuf::from);
    request.paths = js.paths;
    request.config = match (js.config, js.no_config) {
        (_, true) => ConfigChoice::Defaults,
        (Some(path), false) if !path.trim().is_empty() => ConfigChoice::File(PathBuf::from(path)),
        _ => ConfigChoice::Nearest,
    };
    request.excludes = js.exclude;
    request.only = js.only;
    let discovered = shipshape_workspace::discover(&fs, &request)
        .map_err(|error| JsError::new(error.message()))?;
    let report = shipshape_workspace::check(&fs, discovered, None, &Checks::default(), &|| {});
    Ok(WorkspaceReport { report })
}
