use tower_lsp_server::ls_types::DidCloseTextDocumentParams;

use crate::session::{Job, Session};

/// Forget the document and clear its diagnostics.
pub fn handle(session: &Session, params: DidCloseTextDocumentParams) {
    let uri = params.text_document.uri;
    session.close(&uri);
    session.schedule(Job::Clear(uri));
}
