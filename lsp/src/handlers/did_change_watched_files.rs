use tower_lsp_server::ls_types::{DidChangeWatchedFilesParams, FileChangeType};

use crate::config_files::CONFIG_FILE_NAME;
use crate::session::{file_path, Session};

/// A `.shipshape.toml` was created, changed or deleted: reload configuration and republish,
/// unless each was only changed and still holds the bytes the configuration in use was read from
/// (an editor saving it unchanged).
pub fn handle(session: &Session, params: DidChangeWatchedFilesParams) {
    let configs: Vec<_> = params
        .changes
        .iter()
        .filter(|change| {
            change
                .uri
                .path()
                .as_str()
                .rsplit('/')
                .next()
                .is_some_and(|name| name == CONFIG_FILE_NAME)
        })
        // Only a change to a file is ever nothing; a creation or deletion always reloads.
        .map(|change| {
            (change.typ == FileChangeType::CHANGED)
                .then(|| file_path(&change.uri))
                .flatten()
        })
        .collect();
    if configs.is_empty() {
        return;
    }
    reload_unless_unchanged(session, configs);
}

/// Reload configuration and republish, unless each of `configs` (`None`: not a file path, or
/// not a mere change) is a file holding the bytes it held when read.
pub(crate) fn reload_unless_unchanged(session: &Session, configs: Vec<Option<std::path::PathBuf>>) {
    let paths: Option<Vec<_>> = configs.into_iter().collect();
    if paths.is_some_and(|paths| session.configs_unchanged(&paths)) {
        tracing::debug!("configuration files unchanged; nothing to check again");
        return;
    }
    tracing::info!("configuration file changed; reloading");
    session.invalidate();
    super::refresh_all(session);
}
