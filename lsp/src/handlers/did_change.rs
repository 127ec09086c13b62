use tower_lsp_server::ls_types::DidChangeTextDocumentParams;

use crate::session::{Job, Session};

/// Incremental sync: each change's range is in UTF-16 units of the text as left by the previous
/// change.
pub fn handle(session: &Session, params: DidChangeTextDocumentParams) {
    let uri = params.text_document.uri;
    let changes = params
        .content_changes
        .into_iter()
        .map(|change| (change.range, change.text));
    if session.change(&uri, params.text_document.version, changes) {
        session.schedule(Job::Publish(uri));
    }
}
