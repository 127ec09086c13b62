use tower_lsp_server::ls_types::{
    DidChangeWatchedFilesRegistrationOptions, FileSystemWatcher, GlobPattern, InitializedParams,
    Registration,
};

use std::sync::Arc;

use crate::config_files::CONFIG_FILE_NAME;
use crate::session::Session;

/// Watch `.shipshape.toml` files (when the client can register watchers dynamically) and read
/// the client's settings (when it supports `workspace/configuration`).
///
/// Runs detached: a handler awaiting a client response would keep the server from exiting if the
/// client sends `exit` before answering.
pub fn handle(session: &Arc<Session>, _params: InitializedParams) {
    let session = session.clone();
    session
        .runtime
        .clone()
        .spawn(async move { register(&session).await });
}

async fn register(session: &Session) {
    let support = session.support();
    if support.watched_files_registration {
        let options = DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![FileSystemWatcher {
                glob_pattern: GlobPattern::String(format!("**/{CONFIG_FILE_NAME}")),
                kind: None,
            }],
        };
        match serde_json::to_value(options) {
            Ok(register_options) => {
                let registration = Registration {
                    id: "shipshape-config-watcher".to_string(),
                    method: "workspace/didChangeWatchedFiles".to_string(),
                    register_options: Some(register_options),
                };
                if let Err(error) = session.client.register_capability(vec![registration]).await {
                    tracing::warn!(%error, "could not register the .shipshape.toml watcher");
                }
            }
            Err(error) => tracing::error!(%error, "watcher options"),
        }
    }
    if let Some(value) = super::did_change_configuration::fetch(session).await {
        super::did_change_configuration::apply(session, &value).await;
    }
}
