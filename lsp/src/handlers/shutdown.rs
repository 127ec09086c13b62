use std::sync::atomic::Ordering;

use tower_lsp_server::jsonrpc::Result;

use crate::session::Session;

/// Remember that `shutdown` came before `exit`: the process then exits with 0, else with 1.
pub fn handle(session: &Session) -> Result<()> {
    session.shutdown_requested.store(true, Ordering::SeqCst);
    Ok(())
}
