use tower_lsp_server::ls_types::DidSaveTextDocumentParams;

use crate::config_files::CONFIG_FILE_NAME;
use crate::session::{Job, Session};

/// Diagnostics are published again on save. Saving a `.shipshape.toml` the client has open
/// reloads the configuration, for clients that cannot watch files.
pub fn handle(session: &Session, params: DidSaveTextDocumentParams) {
    let uri = params.text_document.uri;
    if uri.as_str().ends_with(CONFIG_FILE_NAME) {
        session.invalidate();
        super::refresh_all(session);
        return;
    }
    if let Some(text) = params.text {
        session.replace_text(&uri, text);
    }
    if session.version(&uri).is_some() {
        session.schedule(Job::Publish(uri));
    }
}
