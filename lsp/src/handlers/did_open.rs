use tower_lsp_server::ls_types::DidOpenTextDocumentParams;

use crate::session::{Job, Session};

pub fn handle(session: &Session, params: DidOpenTextDocumentParams) {
    let document = params.text_document;
    tracing::debug!(uri = document.uri.as_str(), language = %document.language_id, "didOpen");
    session.open(
        document.uri.clone(),
        document.language_id,
        document.version,
        document.text,
    );
    session.schedule(Job::Publish(document.uri));
}
