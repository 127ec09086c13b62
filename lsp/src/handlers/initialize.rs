use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, DiagnosticOptions,
    DiagnosticServerCapabilities, HoverProviderCapability, InitializeParams, InitializeResult,
    SaveOptions, ServerCapabilities, ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, TextDocumentSyncSaveOptions, WorkDoneProgressOptions,
};

use crate::session::{ClientSupport, Session};
use crate::settings::Settings;

/// The code action kind of "fix all safe problems".
pub const SOURCE_FIX_ALL_SHIPSHAPE: CodeActionKind = CodeActionKind::new("source.fixAll.shipshape");

pub fn handle(session: &Session, params: InitializeParams) -> Result<InitializeResult> {
    let support = ClientSupport::from_capabilities(&params.capabilities);
    tracing::info!(?support, "initialize");
    session.set_client_locale(params.locale.as_deref());
    if let Some(options) = &params.initialization_options {
        let (settings, problems) = Settings::from_value(options);
        for problem in problems {
            tracing::warn!("initializationOptions: {problem}");
        }
        session.set_settings(settings);
        // Read here only: `workspace/didChangeConfiguration` (which a folder's settings can feed)
        // never turns plugins back on.
        match load_plugins(options) {
            Ok(Some(load)) => session.plugins.set_enabled(load),
            Ok(None) => {}
            Err(problem) => {
                // Fail closed: an option that is not `true` does not load plugins.
                tracing::warn!("initializationOptions: {problem}; plugins are not loaded");
                session.plugins.set_enabled(false);
            }
        }
    }
    let diagnostic_provider = support.pull_diagnostics.then(|| {
        DiagnosticServerCapabilities::Options(DiagnosticOptions {
            identifier: Some("shipshape".to_string()),
            inter_file_dependencies: false,
            workspace_diagnostics: false,
            work_done_progress_options: WorkDoneProgressOptions::default(),
        })
    });
    session.set_support(support);
    Ok(InitializeResult {
        capabilities: ServerCapabilities {
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    will_save: None,
                    will_save_wait_until: None,
                    save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                        include_text: Some(false),
                    })),
                },
            )),
            diagnostic_provider,
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![CodeActionKind::QUICKFIX, SOURCE_FIX_ALL_SHIPSHAPE]),
                work_done_progress_options: WorkDoneProgressOptions::default(),
                resolve_provider: None,
            })),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            ..ServerCapabilities::default()
        },
        server_info: Some(ServerInfo {
            name: "shipshape-lsp".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        }),
        offset_encoding: None,
    })
}

/// The `loadPlugins` initialization option (top level, or in the `shipshape` section).
fn load_plugins(options: &serde_json::Value) -> std::result::Result<Option<bool>, String> {
    let value = options
        .get("loadPlugins")
        .or_else(|| options.get("shipshape").and_then(|s| s.get("loadPlugins")));
    match value {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(serde_json::Value::Bool(load)) => Ok(Some(*load)),
        Some(other) => Err(format!("loadPlugins: expected true or false, got {other}")),
    }
}

#[cfg(test)]
mod tests {
    use super::load_plugins;
    use serde_json::json;

    #[test]
    fn load_plugins_is_read_from_the_options() {
        assert_eq!(
            load_plugins(&json!({"loadPlugins": false})),
            Ok(Some(false))
        );
        assert_eq!(
            load_plugins(&json!({"shipshape": {"loadPlugins": true}})),
            Ok(Some(true))
        );
        assert_eq!(load_plugins(&json!({"enable": true})), Ok(None));
        assert_eq!(
            load_plugins(&json!({"loadPlugins": "no"})),
            Err("loadPlugins: expected true or false, got \"no\"".to_string())
        );
    }
}
