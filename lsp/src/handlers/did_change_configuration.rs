use std::sync::Arc;

use serde_json::Value;
use tower_lsp_server::ls_types::{ConfigurationItem, DidChangeConfigurationParams, MessageType};

use crate::session::Session;
use crate::settings::Settings;

/// New client settings: taken from the notification when it carries the `shipshape` section,
/// else asked for with `workspace/configuration` (the pull model VS Code prefers). Detached, like
/// `initialized`, since it may wait for the client.
pub fn handle(session: &Arc<Session>, params: DidChangeConfigurationParams) {
    let session = session.clone();
    session
        .runtime
        .clone()
        .spawn(async move { update(&session, params).await });
}

async fn update(session: &Session, params: DidChangeConfigurationParams) {
    let value = if carries_section(&params.settings) {
        Some(params.settings)
    } else {
        fetch(session).await
    };
    if let Some(value) = value {
        apply(session, &value).await;
    }
}

fn carries_section(settings: &Value) -> bool {
    settings.get("shipshape").is_some()
        || settings.get("rules").is_some()
        || settings.get("enable").is_some()
}

/// Ask the client for the `shipshape` section, if it supports `workspace/configuration`.
pub async fn fetch(session: &Session) -> Option<Value> {
    if !session.support().configuration {
        return None;
    }
    let items = vec![ConfigurationItem {
        scope_uri: None,
        section: Some("shipshape".to_string()),
    }];
    match session.client.configuration(items).await {
        Ok(mut values) if !values.is_empty() => Some(values.swap_remove(0)),
        Ok(_) => None,
        Err(error) => {
            tracing::warn!(%error, "workspace/configuration failed");
            None
        }
    }
}

/// Apply settings read from the client, report problems, and republish if they changed.
pub async fn apply(session: &Session, value: &Value) {
    if value.is_null() {
        return;
    }
    let (settings, problems) = Settings::from_value(value);
    if !problems.is_empty() {
        let message = format!("shipshape settings: {}", problems.join("; "));
        tracing::warn!("{message}");
        session
            .client
            .show_message(MessageType::WARNING, message)
            .await;
    }
    if session.set_settings(settings) {
        super::refresh_all(session);
    }
}
