//! The `LanguageServer` implementation: routing only, every handler lives in `handlers/`.

use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    CodeActionParams, CodeActionResponse, DidChangeConfigurationParams,
    DidChangeTextDocumentParams, DidChangeWatchedFilesParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DidSaveTextDocumentParams, DocumentDiagnosticParams,
    DocumentDiagnosticReportResult, Hover, HoverParams, InitializeParams, InitializeResult,
    InitializedParams,
};
use tower_lsp_server::{Client, LanguageServer, LspService, Server};

use crate::handlers;
use crate::output::Output;
use crate::session::Session;

pub struct Backend {
    session: Arc<Session>,
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        handlers::initialize::handle(&self.session, params)
    }

    async fn initialized(&self, params: InitializedParams) {
        handlers::initialized::handle(&self.session, params);
    }

    async fn shutdown(&self) -> Result<()> {
        handlers::shutdown::handle(&self.session)
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        handlers::did_open::handle(&self.session, params);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        handlers::did_change::handle(&self.session, params);
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        handlers::did_save::handle(&self.session, params);
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        handlers::did_close::handle(&self.session, params);
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        handlers::diagnostic::handle(&self.session, params).await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        Ok(handlers::code_action::handle(&self.session, params).await)
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        Ok(handlers::hover::handle(&self.session, params).await)
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        handlers::did_change_configuration::handle(&self.session, params);
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        handlers::did_change_watched_files::handle(&self.session, params);
    }
}

/// Serve LSP over stdin/stdout until `exit`. Returns whether `shutdown` came first (the process
/// should then exit with 0, else 1). Must run inside a multi-threaded tokio runtime.
pub async fn serve_stdio() -> std::io::Result<bool> {
    let shutdown_requested = Arc::new(AtomicBool::new(false));
    let (output, to_client) = Output::start(std::io::stdout())?;
    let mut spawn_error = None;
    let (service, socket) = LspService::new(|client: Client| {
        let (session, jobs) = Session::new(client, output.clone(), shutdown_requested.clone());
        let session = Arc::new(session);
        if let Err(error) = crate::publish::spawn(session.clone(), jobs) {
            spawn_error = Some(error);
        }
        Backend { session }
    });
    if let Some(error) = spawn_error {
        return Err(error);
    }
    // stdin -> repairing forwarder -> in-memory pipe -> tower-lsp-server (see `transport`);
    // tower-lsp-server -> frame writer -> the output thread -> stdout (see `output`).
    let (from_client, to_server) = tokio::io::duplex(1 << 16);
    tokio::spawn(async move {
        if let Err(error) = crate::transport::forward(tokio::io::stdin(), from_client).await {
            tracing::error!(%error, "reading stdin failed");
        }
    });
    Server::new(to_server, to_client, socket)
        .serve(service)
        .await;
    // What is queued (the answer to `shutdown`, say) is written before the process exits.
    output.sync(std::time::Duration::from_secs(1));
    Ok(shutdown_requested.load(std::sync::atomic::Ordering::SeqCst))
}
