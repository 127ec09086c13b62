use std::hash::{Hash, Hasher};
use std::sync::Arc;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    DocumentDiagnosticParams, DocumentDiagnosticReport, DocumentDiagnosticReportResult,
    FullDocumentDiagnosticReport, RelatedFullDocumentDiagnosticReport,
    RelatedUnchangedDocumentDiagnosticReport, UnchangedDocumentDiagnosticReport,
};

use crate::session::{Analysis, Session};

/// Pull diagnostics (`textDocument/diagnostic`) for the document's current version. The result
/// id names the text and configuration it was computed for, so an unchanged document is answered
/// with `unchanged`. A document that is not open, or not one shipshape checks, has no diagnostics.
pub async fn handle(
    session: &Arc<Session>,
    params: DocumentDiagnosticParams,
) -> Result<DocumentDiagnosticReportResult> {
    let uri = params.text_document.uri;
    let analysis = {
        let uri = uri.clone();
        super::blocking(session, move |session| session.analyze(&uri)).await
    };
    let Some(analysis) = analysis else {
        return Ok(full(None, Vec::new()));
    };
    let result_id = result_id(&analysis);
    if params.previous_result_id.as_deref() == Some(result_id.as_str()) {
        return Ok(DocumentDiagnosticReportResult::Report(
            DocumentDiagnosticReport::Unchanged(RelatedUnchangedDocumentDiagnosticReport {
                related_documents: None,
                unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                    result_id,
                },
            }),
        ));
    }
    Ok(full(
        Some(result_id),
        analysis.diagnostics(&uri, session.locale()),
    ))
}

fn full(
    result_id: Option<String>,
    items: Vec<tower_lsp_server::ls_types::Diagnostic>,
) -> DocumentDiagnosticReportResult {
    DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(
        RelatedFullDocumentDiagnosticReport {
            related_documents: None,
            full_document_diagnostic_report: FullDocumentDiagnosticReport { result_id, items },
        },
    ))
}

fn result_id(analysis: &Analysis) -> String {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    analysis.text.hash(&mut hasher);
    format!(
        "{}-{}-{:016x}",
        analysis.generation,
        analysis.version,
        hasher.finish()
    )
}
