//! One file per LSP request or notification. Each is a plain function over the [`Session`];
//! `server.rs` only routes to them.
//!
//! [`Session`]: crate::session::Session

pub mod code_action;
pub mod diagnostic;
pub mod did_change;
pub mod did_change_configuration;
pub mod did_change_watched_files;
pub mod did_close;
pub mod did_open;
pub mod did_save;
pub mod hover;
pub mod initialize;
pub mod initialized;
pub mod shutdown;

use std::sync::Arc;

use crate::session::{Job, Session};

/// Run blocking work (a check) off the async runtime. If the request is cancelled, the future
/// holding this is dropped and the result discarded. A panic answers `None`.
pub(crate) async fn blocking<T: Send + 'static>(
    session: &Arc<Session>,
    work: impl FnOnce(&Session) -> Option<T> + Send + 'static,
) -> Option<T> {
    let session = session.clone();
    match tokio::task::spawn_blocking(move || work(&session)).await {
        Ok(result) => result,
        Err(error) => {
            tracing::error!(%error, "request handler failed");
            None
        }
    }
}

/// Configuration changed: republish everything (push), or ask the client to pull again.
pub(crate) fn refresh_all(session: &Session) {
    let support = session.support();
    if support.pull_diagnostics {
        if support.diagnostic_refresh {
            // Detached: the client's answer must not hold up this handler (or the exit).
            let client = session.client.clone();
            session.runtime.spawn(async move {
                if let Err(error) = client.workspace_diagnostic_refresh().await {
                    tracing::warn!(%error, "workspace/diagnostic/refresh failed");
                }
            });
        }
        return;
    }
    for uri in session.open_uris() {
        session.schedule(Job::Publish(uri));
    }
}
