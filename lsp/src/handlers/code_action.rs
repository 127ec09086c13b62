use std::collections::HashMap;
use std::sync::Arc;

use shipshape_core::{Applicability, Finding};
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionResponse,
    Diagnostic, DocumentChanges, OneOf, OptionalVersionedTextDocumentIdentifier, Range,
    TextDocumentEdit, TextEdit, Uri, WorkspaceEdit,
};

use super::initialize::SOURCE_FIX_ALL_SHIPSHAPE;
use crate::analysis;
use crate::convert::{self, ranges_touch};
use shipshape_core::Message;

use crate::session::{Analysis, Session};
use crate::suppress;

/// Code actions for the findings at a range: each fix (a quick fix, preferred when safe),
/// "Ignore SSnnn on this line", "Ignore SSnnn in this file"; and `source.fixAll.shipshape`, which
/// applies every safe fix. Diagnostics from an older document version get no actions.
pub async fn handle(
    session: &Arc<Session>,
    params: CodeActionParams,
) -> Option<CodeActionResponse> {
    super::blocking(session, move |session| {
        let analysis = session.analyze(&params.text_document.uri)?;
        let actions = actions(
            &analysis,
            &params.text_document.uri,
            session.support().document_changes,
            &params,
            session.locale(),
        );
        Some(actions)
    })
    .await
}

fn wants(only: Option<&[CodeActionKind]>, kind: &CodeActionKind) -> bool {
    only.is_none_or(|only| {
        only.iter().any(|wanted| {
            kind.as_str() == wanted.as_str()
                || kind
                    .as_str()
                    .strip_prefix(wanted.as_str())
                    .is_some_and(|rest| rest.starts_with('.'))
        })
    })
}

fn actions(
    analysis: &Analysis,
    uri: &Uri,
    document_changes: bool,
    params: &CodeActionParams,
    locale: shipshape_core::Locale,
) -> CodeActionResponse {
    let Some(kind) = analysis.kind else {
        return Vec::new();
    };
    let lines = analysis.lines();
    let only = params.context.only.as_deref();
    let edit =
        |edits: Vec<TextEdit>| workspace_edit(uri, analysis.version, edits, document_changes);
    let mut fixes = Vec::new();
    let mut ignores = Vec::new();
    let mut ignore_files = Vec::new();
    if wants(only, &CodeActionKind::QUICKFIX) {
        let mut seen_lines: Vec<(String, usize)> = Vec::new();
        let mut seen_files: Vec<String> = Vec::new();
        for (index, finding) in selected(analysis, &params.context.diagnostics, params.range) {
            let diagnostic =
                convert::diagnostic(uri, lines, finding, analysis.version, index, locale);
            for fix in &finding.fixes {
                if fix.applicability == Applicability::DisplayOnly {
                    continue;
                }
                let safe = fix.applicability == Applicability::Safe;
                let title = Message::new(if safe { "lsp-fix" } else { "lsp-unsafe-fix" })
                    .arg("title", fix.title_in(locale))
                    .arg("code", finding.code.clone())
                    .render(locale);
                let edits = fix.edits.iter().map(|e| lines.text_edit(e)).collect();
                fixes.push(action(
                    title,
                    CodeActionKind::QUICKFIX,
                    &diagnostic,
                    edit(edits),
                    safe,
                ));
            }
            if finding.code.starts_with("SS0") {
                // Parse errors and suppression problems are not suppressed by comments.
                continue;
            }
            let line = analysis.index.line_of(finding.range.start);
            if !seen_lines.contains(&(finding.code.clone(), line)) {
                seen_lines.push((finding.code.clone(), line));
                let target = suppress::Target {
                    path: &analysis.path,
                    around: &analysis.around,
                    text: &analysis.text,
                    index: &analysis.index,
                    kind,
                    config: &analysis.config,
                    locale,
                };
                if let Some(ignore) = suppress::ignore_line(&target, finding) {
                    ignores.push(action(
                        ignore.title,
                        CodeActionKind::QUICKFIX,
                        &diagnostic,
                        edit(vec![lines.text_edit(&ignore.edit)]),
                        false,
                    ));
                }
            }
            if !seen_files.contains(&finding.code) {
                seen_files.push(finding.code.clone());
                if let Some(insert) =
                    suppress::ignore_file_edit(&analysis.text, &analysis.index, kind, &finding.code)
                {
                    ignore_files.push(action(
                        Message::new("suppress-file")
                            .arg("code", finding.code.clone())
                            .render(locale),
                        CodeActionKind::QUICKFIX,
                        &diagnostic,
                        edit(vec![lines.text_edit(&insert)]),
                        false,
                    ));
                }
            }
        }
    }
    // Preferred (safe) fixes first, then unsafe fixes, then the suppressions.
    fixes.sort_by_key(|action| match action {
        CodeActionOrCommand::CodeAction(action) => action.is_preferred != Some(true),
        CodeActionOrCommand::Command(_) => true,
    });
    let mut actions = fixes;
    actions.extend(ignores);
    actions.extend(ignore_files);
    if wants(only, &SOURCE_FIX_ALL_SHIPSHAPE) {
        let has_safe_fix = analysis.findings.iter().any(|finding| {
            finding
                .fixes
                .iter()
                .any(|fix| fix.applicability == Applicability::Safe)
        });
        if has_safe_fix {
            if let Some(outcome) = analysis::fix_all(
                &analysis.path,
                &analysis.around,
                &analysis.text,
                kind,
                &analysis.config,
            ) {
                if let Some(text_edit) = convert::minimal_edit(lines, &outcome.text) {
                    actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                        title: Message::new(if outcome.applied == 1 {
                            "lsp-fix-all-one"
                        } else {
                            "lsp-fix-all-other"
                        })
                        .arg("count", outcome.applied.to_string())
                        .render(locale),
                        kind: Some(SOURCE_FIX_ALL_SHIPSHAPE),
                        diagnostics: None,
                        edit: Some(edit(vec![text_edit])),
                        command: None,
                        is_preferred: None,
                        disabled: None,
                        data: None,
                    }));
                }
            }
        }
    }
    actions
}

/// The findings the request is about: those behind the client's diagnostics when it sends ours
/// (stale ones, from another version, are skipped), else those touching the range.
fn selected<'a>(
    analysis: &'a Analysis,
    diagnostics: &[Diagnostic],
    range: Range,
) -> Vec<(usize, &'a Finding)> {
    let lines = analysis.lines();
    let ours: Vec<(&str, &Diagnostic)> = diagnostics
        .iter()
        .filter_map(|diagnostic| {
            convert::diagnostic_code(diagnostic).map(|code| (code, diagnostic))
        })
        .collect();
    let mut picked: Vec<usize> = Vec::new();
    if ours.is_empty() {
        for (index, finding) in analysis.findings.iter().enumerate() {
            if ranges_touch(lines.range(finding.range), range) {
                picked.push(index);
            }
        }
    } else {
        for (code, diagnostic) in ours {
            let data = convert::diagnostic_data(diagnostic);
            if data
                .as_ref()
                .is_some_and(|data| data.version != analysis.version)
            {
                continue;
            }
            let matches = |finding: &Finding| {
                finding.code == code && lines.range(finding.range) == diagnostic.range
            };
            let by_index = data
                .and_then(|data| analysis.findings.get(data.index).map(|f| (data.index, f)))
                .filter(|(_, finding)| matches(finding))
                .map(|(index, _)| index);
            let found = by_index.or_else(|| analysis.findings.iter().position(matches));
            if let Some(index) = found {
                if !picked.contains(&index) {
                    picked.push(index);
                }
            }
        }
    }
    picked
        .into_iter()
        .filter_map(|index| analysis.findings.get(index).map(|finding| (index, finding)))
        .collect()
}

fn action(
    title: String,
    kind: CodeActionKind,
    diagnostic: &Diagnostic,
    edit: WorkspaceEdit,
    preferred: bool,
) -> CodeActionOrCommand {
    CodeActionOrCommand::CodeAction(CodeAction {
        title,
        kind: Some(kind),
        diagnostics: Some(vec![diagnostic.clone()]),
        edit: Some(edit),
        command: None,
        is_preferred: Some(preferred),
        disabled: None,
        data: None,
    })
}

/// Edits for one document; versioned when the client supports it, so that an edit computed for
/// an older version is refused rather than applied to the wrong text.
fn workspace_edit(
    uri: &Uri,
    version: i32,
    edits: Vec<TextEdit>,
    document_changes: bool,
) -> WorkspaceEdit {
    if document_changes {
        WorkspaceEdit {
            changes: None,
            document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier {
                    uri: uri.clone(),
                    version: Some(version),
                },
                edits: edits.into_iter().map(OneOf::Left).collect(),
            }])),
            change_annotations: None,
        }
    } else {
        WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), edits)])),
            document_changes: None,
            change_annotations: None,
        }
    }
}
