//! Push diagnostics (`textDocument/publishDiagnostics`) from one dedicated thread.
//!
//! Checks are CPU work, so they run off the async runtime. One thread drains a queue of document
//! URIs: a burst of edits to one document collapses into one check of its newest version, and a
//! result is published only if the document has not changed meanwhile (a newer job is already
//! queued then). That is how long checks of stale versions are cancelled without blocking edits:
//! a queued check of an older version is dropped, a running one runs to its end (core's check
//! cannot be interrupted) but its findings are neither converted nor sent. The decision to send
//! is taken under the documents' lock, after the diagnostics are serialized, and this thread then
//! writes them to stdout itself. A document whose diagnostics for its current version and configuration have
//! been sent already (a save, a second `didOpen` of the same text) is not checked nor sent again.

use std::sync::mpsc::Receiver;
use std::sync::Arc;

use tower_lsp_server::ls_types::notification::{Notification, PublishDiagnostics};
use tower_lsp_server::ls_types::{PublishDiagnosticsParams, Uri};

use crate::session::{Job, Session};

const METHOD: &str = PublishDiagnostics::METHOD;

pub fn spawn(session: Arc<Session>, jobs: Receiver<Job>) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name("shipshape-diagnostics".to_string())
        .spawn(move || run(&session, &jobs))
        .map(|_| ())
}

fn run(session: &Session, jobs: &Receiver<Job>) {
    while let Ok(first) = jobs.recv() {
        let mut batch = vec![first];
        while let Ok(job) = jobs.try_recv() {
            batch.push(job);
        }
        // Keep the last job per document, in the order documents last appeared.
        let mut unique: Vec<Job> = Vec::with_capacity(batch.len());
        for job in batch.into_iter().rev() {
            if !unique.iter().any(|seen| uri(seen) == uri(&job)) {
                unique.push(job);
            }
        }
        unique.reverse();
        for job in unique {
            match job {
                Job::Publish(uri) => publish(session, &uri),
                Job::Clear(uri) => {
                    if session.version(&uri).is_none() {
                        session.output.notify(
                            METHOD,
                            &PublishDiagnosticsParams::new(uri, Vec::new(), None),
                        );
                    }
                }
            }
        }
    }
}

fn uri(job: &Job) -> &Uri {
    match job {
        Job::Publish(uri) | Job::Clear(uri) => uri,
    }
}

fn publish(session: &Session, uri: &Uri) {
    if session.is_published(uri) {
        tracing::debug!(uri = uri.as_str(), "diagnostics already sent");
        return;
    }
    let started = std::time::Instant::now();
    let Some(analysis) = session.analyze(uri) else {
        return;
    };
    tracing::debug!(
        uri = uri.as_str(),
        version = analysis.version,
        findings = analysis.findings.len(),
        elapsed_us = started.elapsed().as_micros() as u64,
        "checked"
    );
    let stale = || {
        tracing::debug!(
            uri = uri.as_str(),
            version = analysis.version,
            "document changed during the check; not publishing"
        );
    };
    if !session.is_current(uri, analysis.version, analysis.generation) {
        return stale();
    }
    let params = PublishDiagnosticsParams::new(
        uri.clone(),
        analysis.diagnostics(uri, session.locale()),
        Some(analysis.version),
    );
    let frame = match crate::output::notification_frame(METHOD, &params) {
        Ok(frame) => frame,
        Err(error) => {
            tracing::error!(%error, "cannot serialize diagnostics");
            return;
        }
    };
    if session.claim_publish(uri, analysis.version, analysis.generation) {
        session.output.write_now(&frame);
    } else {
        stale();
    }
}
