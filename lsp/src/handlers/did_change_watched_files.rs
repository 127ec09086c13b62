use tower_lsp_server::ls_types::DidChangeWatchedFilesParams;

use crate::config_files::CONFIG_FILE_NAME;
use crate::session::Session;

/// A `.shipshape.toml` was created, changed or deleted: reload configuration and republish.
pub fn handle(session: &Session, params: DidChangeWatchedFilesParams) {
    let config_changed = params.changes.iter().any(|change| {
        change
            .uri
            .path()
            .as_str()
            .rsplit('/')
            .next()
            .is_some_and(|name| name == CONFIG_FILE_NAME)
    });
    if config_changed {
        tracing::info!("configuration file changed; reloading");
        session.invalidate();
        super::refresh_all(session);
    }
}
