//! shipshape for JavaScript: the checks of `shipshape_core`, built with wasm-bindgen
//! (`--target web`) into one package that runs in Node (given the `.wasm` bytes) and in browsers.
//!
//! Each export converts its arguments with `serde_wasm_bindgen`, calls [`api`] (which calls the
//! core) and converts the result with the JSON-compatible serializer, so results are plain
//! objects and arrays with the field names of `shipshape check --format json`. Errors become
//! `JsError`s. The TypeScript types below are shared by the GitHub Action and the playground.

pub mod api;
mod workspace;

use serde::Serialize;
use shipshape_core::report::JsonFinding;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
export type Severity = "error" | "warning" | "info" | "hint";
export type FileKind = "dockerfile" | "compose" | "kubernetes" | "devcontainer" | "quadlet"
  | "shell" | "makefile" | "github-actions" | "gitlab-ci" | "other";
export type Applicability = "safe" | "unsafe" | "display-only";
/** 1-based line and column; the column counts Unicode scalar values. */
export interface Position { line: number; column: number; }
export interface Edit { start: Position; end: Position; new_text: string; }
export interface Fix { title: string; applicability: Applicability; edits: Edit[]; }
export interface Finding {
  code: string;
  name: string;
  severity: Severity;
  message: string;
  path: string;
  start: Position;
  /** Exclusive: the position just after the last character. */
  end: Position;
  object: string | null;
  docs: string;
  fixes: Fix[];
}
/** `shipshape check --format json` for one file. `files` is empty when a walked file is skipped. */
export interface Report {
  version: 1;
  files: { path: string; kind: FileKind }[];
  findings: Finding[];
}
export interface CheckOptions {
  /** Force the kind instead of detecting it from the name and content. */
  kind?: FileKind | "k8s";
  /** The text of a `.shipshape.toml`. */
  config?: string;
  /** The config file's path, for error messages (default `.shipshape.toml`). */
  configPath?: string;
  /** Found by walking a directory: skip it (empty report) when it is of no kind, as the CLI does. */
  walked?: boolean;
  /** `fix` only: apply unsafe fixes too. */
  unsafe?: boolean;
}
export interface ApplyOptions { unsafe?: boolean; }
export interface FixResult { text: string; applied: number; }
export interface Rule {
  code: string;
  name: string;
  summary: string;
  severity: Severity;
  kinds: FileKind[];
  fix: "none" | "sometimes" | "always";
  since: string;
  docs: string;
}
/** `shipshape rules --format json`. */
export interface Rules { version: 1; rules: Rule[]; }
/** The file system `checkWorkspace` reads through (Node's `fs` in three small functions). */
export interface WorkspaceFs {
  /** At most `limit` bytes of a file; throws Node's error (with `code`) when it cannot. */
  read(path: string, limit: number): Uint8Array;
  /** The entries of a directory, not following symbolic links; throws when it cannot. */
  readDir(path: string): { name: string; kind: "file" | "dir" | "symlink" | "other" }[];
  /** What a path is, following links; `null` when nothing is there. */
  kind(path: string): "file" | "dir" | "other" | null;
}
/** What to check: the CLI's `shipshape check` options. Paths are absolute or relative to `cwd`. */
export interface WorkspaceRequest {
  /** Absolute; relative paths and globs are resolved against it. */
  cwd: string;
  /** Paths in reports are relative to it (default `cwd`). */
  root?: string;
  /** Files, directories, globs and `!globs` (default `["."]`). */
  paths?: string[];
  /** A `.shipshape.toml` for every file (`--config`); default: the nearest one above each file. */
  config?: string | null;
  /** No configuration file at all (`--no-config`). */
  noConfig?: boolean;
  /** Globs of walked files to leave out (`--exclude`). */
  exclude?: string[];
  /** Check only these files (paths as reports show them). */
  only?: string[] | null;
}
export interface Counts {
  files: number; findings: number; errors: number; warnings: number; infos: number; hints: number;
  safeFixable: number; unsafeFixable: number;
}
"#;

#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|error| JsError::new(&error.to_string()))
}

fn parse_options<T: serde::de::DeserializeOwned + Default>(value: JsValue) -> Result<T, JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    serde_wasm_bindgen::from_value(value)
        .map_err(|error| JsError::new(&format!("invalid options: {error}")))
}

fn api_error(error: api::ApiError) -> JsError {
    JsError::new(&error.0)
}

/// The package version.
#[wasm_bindgen]
pub fn version() -> String {
    api::version().to_string()
}

/// Check one file's text; the result is `shipshape check --format json` for that file.
#[wasm_bindgen(unchecked_return_type = "Report")]
pub fn check(
    text: &str,
    path: &str,
    #[wasm_bindgen(js_name = "options", unchecked_optional_param_type = "CheckOptions")]
    options_value: JsValue,
) -> Result<JsValue, JsError> {
    let options: api::CheckOptions = parse_options(options_value)?;
    to_js(&api::check_text(text, path, &options).map_err(api_error)?)
}

/// Check one file's bytes: invalid UTF-8 and files over 10 MiB get an SS000 finding, as in the CLI.
#[wasm_bindgen(js_name = checkBytes, unchecked_return_type = "Report")]
pub fn check_bytes(
    bytes: &[u8],
    path: &str,
    #[wasm_bindgen(js_name = "options", unchecked_optional_param_type = "CheckOptions")]
    options_value: JsValue,
) -> Result<JsValue, JsError> {
    let options: api::CheckOptions = parse_options(options_value)?;
    to_js(&api::check_bytes(bytes, path, &options).map_err(api_error)?)
}

/// Every rule (`shipshape rules --format json`).
#[wasm_bindgen(unchecked_return_type = "Rules")]
pub fn rules() -> Result<JsValue, JsError> {
    to_js(&api::rules())
}

/// A rule's docs page as Markdown, by code or name.
#[wasm_bindgen]
pub fn explain(code: &str) -> Result<String, JsError> {
    api::explain(code).map_err(api_error)
}

/// Apply, in one pass, the fixes of findings that `check` returned for this very text.
#[wasm_bindgen(js_name = applyFixes, unchecked_return_type = "FixResult")]
pub fn apply_fixes(
    text: &str,
    #[wasm_bindgen(unchecked_param_type = "Finding[]")] findings: JsValue,
    #[wasm_bindgen(js_name = "options", unchecked_optional_param_type = "ApplyOptions")]
    options_value: JsValue,
) -> Result<JsValue, JsError> {
    let findings: Vec<JsonFinding> = serde_wasm_bindgen::from_value(findings)
        .map_err(|error| JsError::new(&format!("invalid findings: {error}")))?;
    let options: api::ApplyOptions = parse_options(options_value)?;
    to_js(&api::apply_fixes(text, &findings, &options))
}

/// Check and fix repeatedly until nothing more applies (`shipshape fix` on one file).
#[wasm_bindgen(unchecked_return_type = "FixResult")]
pub fn fix(
    text: &str,
    path: &str,
    #[wasm_bindgen(js_name = "options", unchecked_optional_param_type = "CheckOptions")]
    options_value: JsValue,
) -> Result<JsValue, JsError> {
    let options: api::CheckOptions = parse_options(options_value)?;
    to_js(&api::fix(text, path, &options).map_err(api_error)?)
}
