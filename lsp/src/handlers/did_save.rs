use tower_lsp_server::ls_types::DidSaveTextDocumentParams;

use crate::config_files::CONFIG_FILE_NAME;
use crate::session::{file_path, Job, Session};

/// A save with new text checks it; diagnostics already pushed for this version and configuration
/// are not pushed again. Saving a `.shipshape.toml` the client has open reloads the configuration
/// (when its bytes changed), for clients that cannot watch files.
pub fn handle(session: &Session, params: DidSaveTextDocumentParams) {
    let uri = params.text_document.uri;
    if uri.as_str().ends_with(CONFIG_FILE_NAME) {
        super::did_change_watched_files::reload_unless_unchanged(session, vec![file_path(&uri)]);
        return;
    }
    if let Some(text) = params.text {
        session.replace_text(&uri, text);
    }
    if session.version(&uri).is_some() {
        session.schedule(Job::Publish(uri));
    }
}
