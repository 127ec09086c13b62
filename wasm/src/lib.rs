//! shipshape for JavaScript: the checks of `shipshape_core`, built with wasm-bindgen
//! (`--target web`) into one package that runs in Node (given the `.wasm` bytes) and in browsers.
//!
//! Each export converts its arguments with `serde_wasm_bindgen`, calls [`api`] (which calls the
//! core) and converts the result with the JSON-compatible serializer, so results are plain
//! objects and arrays with the field names of `shipshape check --format json`. Errors become
//! `JsError`s. The TypeScript types (`src/types.d.ts`, generated from the Rust types by `cargo
//! xtask ts-types`) are shared by the GitHub Action and the playground.

pub mod api;
#[cfg(feature = "ts")]
mod ts;
mod workspace;

#[cfg(feature = "ts")]
pub use ts::typescript_declarations;

use serde::Serialize;
use shipshape_core::report::JsonFinding;
use wasm_bindgen::prelude::*;

// The types of the values that cross the boundary: generated from the Rust types that serde
// (de)serialises (`ts::typescript_declarations`, ts-rs) by `cargo xtask ts-types`, which `cargo xtask
// test` runs with `--check`. Do not edit `types.d.ts` by hand.
#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = include_str!("types.d.ts");

// Hand-written, and the only hand-written part: the callbacks `checkWorkspace` calls, which
// `workspace::JsFileSystem` reads through `js_sys::Reflect` and no serde type describes.
#[wasm_bindgen(typescript_custom_section)]
const TS_WORKSPACE_FS: &str = r#"
/** The file system `checkWorkspace` reads through (Node's `fs` in three small functions). */
export interface WorkspaceFs {
  /** At most `limit` bytes of a file; throws Node's error (with `code`) when it cannot. */
  read(path: string, limit: number): Uint8Array;
  /** The entries of a directory, not following symbolic links; throws when it cannot. */
  readDir(path: string): { name: string; kind: "file" | "dir" | "symlink" | "other" }[];
  /** What a path is, following links; `null` when nothing is there. */
  kind(path: string): "file" | "dir" | "other" | null;
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

/// A rule's docs page as Markdown, by code or name, in `locale` (`en`, `zh-CN` or a browser's
/// language tag; English by default).
#[wasm_bindgen]
pub fn explain(code: &str, locale: Option<String>) -> Result<String, JsError> {
    api::explain(code, locale.as_deref()).map_err(api_error)
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

/// The playground's interface texts in the language `locale` names (a browser's tag will do).
#[wasm_bindgen(js_name = interfaceTexts, unchecked_return_type = "InterfaceTexts")]
pub fn interface_texts(locale: Option<String>) -> Result<JsValue, JsError> {
    to_js(&api::interface_texts(locale.as_deref()))
}

/// The playground's status line for a report `check` returned, in `locale`.
#[wasm_bindgen(js_name = statusLine)]
pub fn status_line(
    #[wasm_bindgen(unchecked_param_type = "Report")] report: JsValue,
    locale: Option<String>,
) -> Result<String, JsError> {
    let report: shipshape_core::report::JsonReport = serde_wasm_bindgen::from_value(report)
        .map_err(|error| JsError::new(&format!("invalid report: {error}")))?;
    Ok(api::status_line(&report, locale.as_deref()))
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
