//! Every conversion between LSP types and `shipshape_core` types lives here: byte ranges and
//! UTF-16 positions, severities, findings to diagnostics, edits to text edits.
//!
//! Positions: core speaks byte offsets into UTF-8; LSP speaks 0-based lines and UTF-16 code units
//! (the only encoding every client supports; the server does not negotiate another). All
//! conversions go through [`LineIndex`], which clamps out-of-range positions instead of failing.

use std::str::FromStr;

use serde::{Deserialize, Serialize};
use shipshape_core::text::Utf16Position;
use shipshape_core::{Edit, Finding, LineIndex, Locale, Severity, TextRange};
use tower_lsp_server::ls_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location,
    NumberOrString, Position, Range, TextEdit, Uri,
};

/// The `source` of every diagnostic.
pub const SOURCE: &str = "shipshape";

/// A text with its line index: what every conversion needs.
#[derive(Debug, Clone, Copy)]
pub struct TextLines<'a> {
    pub text: &'a str,
    pub index: &'a LineIndex,
}

impl<'a> TextLines<'a> {
    pub fn new(text: &'a str, index: &'a LineIndex) -> Self {
        Self { text, index }
    }

    pub fn position(&self, offset: usize) -> Position {
        let position = self.index.utf16_position(self.text, offset);
        Position::new(position.line, position.character)
    }

    pub fn range(&self, range: TextRange) -> Range {
        Range::new(self.position(range.start), self.position(range.end))
    }

    /// Byte offset of an LSP position; out-of-range positions clamp to the line or text end.
    pub fn offset(&self, position: Position) -> usize {
        self.index.offset_of_utf16(
            self.text,
            Utf16Position {
                line: position.line,
                character: position.character,
            },
        )
    }

    pub fn text_range(&self, range: Range) -> TextRange {
        let start = self.offset(range.start);
        let end = self.offset(range.end);
        TextRange::new(start.min(end), start.max(end))
    }

    pub fn text_edit(&self, edit: &Edit) -> TextEdit {
        TextEdit::new(self.range(edit.range), edit.new_text().to_string())
    }
}

/// Apply one `textDocument/didChange` content change to `text` (UTF-16 range, or the whole text).
pub fn apply_change(text: &mut String, range: Option<Range>, new_text: &str) {
    match range {
        None => {
            text.clear();
            text.push_str(new_text);
        }
        Some(range) => {
            // Only the lines up to the edit are scanned: no index of the whole text per keystroke.
            let start = offset_of(text, range.start);
            let end = offset_of(text, range.end);
            // `offset_of` only returns char boundaries, so this cannot panic.
            text.replace_range(start.min(end)..start.max(end), new_text);
        }
    }
}

/// The byte offset of an LSP position, as [`TextLines::offset`] finds it (same line ends, same
/// clamping), scanning `text` only up to that line.
pub fn offset_of(text: &str, position: Position) -> usize {
    let bytes = text.as_bytes();
    let line_end = |from: usize| {
        memchr::memchr2(b'\n', b'\r', &bytes[from..]).map_or(bytes.len(), |at| from + at)
    };
    let mut start = 0;
    for _ in 0..position.line {
        let end = line_end(start);
        if end == bytes.len() {
            // Past the last line.
            return text.len();
        }
        start = end
            + if bytes[end..].starts_with(b"\r\n") {
                2
            } else {
                1
            };
    }
    let end = line_end(start);
    let mut units = 0usize;
    for (index, ch) in text[start..end].char_indices() {
        if units >= position.character as usize {
            return start + index;
        }
        units += ch.len_utf16();
    }
    end
}

pub fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// What a diagnostic carries in `data` so that a later `textDocument/codeAction` can find the
/// finding it came from, or tell that the diagnostic is stale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiagnosticData {
    /// Document version the finding was computed for.
    pub version: i32,
    /// Index of the finding in that version's findings.
    pub index: usize,
    /// Number of fixes the finding offers.
    pub fixes: usize,
}

/// The message shown in the editor: the finding's message, followed by its object unless the
/// message already names it (compared without case and backticks: "Service `web`" names
/// "service web").
pub fn message(finding: &Finding, locale: Locale) -> String {
    // Decided on the English texts: a translation names the object where the English does.
    let plain = |text: &str| text.replace('`', "").to_lowercase();
    let text = finding.message_in(locale);
    match &finding.object {
        Some(object) if !object.is_empty() && !plain(&finding.message).contains(&plain(object)) => {
            format!("{text} ({})", shipshape_core::i18n::object(locale, object))
        }
        _ => text,
    }
}

pub fn diagnostic(
    uri: &Uri,
    lines: TextLines<'_>,
    finding: &Finding,
    version: i32,
    index: usize,
    locale: Locale,
) -> Diagnostic {
    let data = DiagnosticData {
        version,
        index,
        fixes: finding.fixes.len(),
    };
    Diagnostic {
        range: lines.range(finding.range),
        severity: Some(severity(finding.severity)),
        code: Some(NumberOrString::String(finding.code.clone())),
        code_description: Uri::from_str(&finding.docs_url())
            .ok()
            .map(|href| CodeDescription { href }),
        source: Some(SOURCE.to_string()),
        message: message(finding, locale),
        // Findings folded into this one (core's fold), each at its own place.
        related_information: (!finding.related.is_empty()).then(|| {
            finding
                .related
                .iter()
                .map(|related| DiagnosticRelatedInformation {
                    location: Location {
                        uri: uri.clone(),
                        range: lines.range(related.range),
                    },
                    message: format!(
                        "{} ({}): {}",
                        related.code,
                        related.name,
                        related.message_in(locale)
                    ),
                })
                .collect()
        }),
        tags: None,
        data: serde_json::to_value(data).ok(),
    }
}

/// The code of a diagnostic as a string, when it is ours.
pub fn diagnostic_code(diagnostic: &Diagnostic) -> Option<&str> {
    if diagnostic
        .source
        .as_deref()
        .is_some_and(|source| source != SOURCE)
    {
        return None;
    }
    match &diagnostic.code {
        Some(NumberOrString::String(code)) => Some(code),
        _ => None,
    }
}

pub fn diagnostic_data(diagnostic: &Diagnostic) -> Option<DiagnosticData> {
    diagnostic
        .data
        .as_ref()
        .and_then(|data| serde_json::from_value(data.clone()).ok())
}

/// One edit turning `old` into `new`: the changed middle, between the common prefix and suffix
/// (on char boundaries). `None` when the texts are equal.
pub fn minimal_edit(lines: TextLines<'_>, new: &str) -> Option<TextEdit> {
    let old = lines.text;
    if old == new {
        return None;
    }
    let mut prefix = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(prefix) || !new.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let max_suffix = old.len().min(new.len()) - prefix;
    let mut suffix = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(old.len() - suffix) || !new.is_char_boundary(new.len() - suffix) {
        suffix -= 1;
    }
    let range = TextRange::new(prefix, old.len() - suffix);
    Some(TextEdit::new(
        lines.range(range),
        new[prefix..new.len() - suffix].to_string(),
    ))
}

/// Whether two LSP ranges overlap or touch.
pub fn ranges_touch(a: Range, b: Range) -> bool {
    a.start <= b.end && b.start <= a.end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn indexed(text: &str) -> (String, LineIndex) {
        (text.to_string(), LineIndex::new(text))
    }

    #[test]
    fn utf16_positions_on_cjk_and_emoji_lines() {
        let (text, index) = indexed("a: 1\n名前😀: AKIA\n");
        let lines = TextLines::new(&text, &index);
        let at = text.find("AKIA").unwrap();
        // 名 前 are one UTF-16 unit each, 😀 is two, then ": ".
        assert_eq!(lines.position(at), Position::new(1, 6));
        assert_eq!(lines.offset(Position::new(1, 6)), at);
        // Past the line end clamps to the line end, past the last line to the text end.
        assert_eq!(lines.offset(Position::new(0, 99)), 4);
        assert_eq!(lines.offset(Position::new(9, 0)), text.len());
        // Inside a surrogate pair rounds to the next char boundary.
        assert_eq!(
            lines.offset(Position::new(1, 3)),
            text.find('😀').unwrap() + 4
        );
    }

    #[test]
    fn offsets_without_an_index_match_the_index() {
        for text in [
            "",
            "a",
            "a\n",
            "a\r\nb\rc\n\n",
            "x: 名前😀 end\ny\n",
            "\r\r\n\n",
            "no newline at end",
        ] {
            let index = LineIndex::new(text);
            let lines = TextLines::new(text, &index);
            for line in 0..6 {
                for character in 0..12 {
                    let position = Position::new(line, character);
                    assert_eq!(
                        offset_of(text, position),
                        lines.offset(position),
                        "{text:?} {position:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn incremental_changes_apply_in_utf16() {
        let mut text = "x: 名前😀 end\ny\n".to_string();
        apply_change(
            &mut text,
            Some(Range::new(Position::new(0, 8), Position::new(0, 9))),
            "E",
        );
        assert_eq!(text, "x: 名前😀 End\ny\n");
        apply_change(
            &mut text,
            Some(Range::new(Position::new(1, 0), Position::new(2, 0))),
            "",
        );
        assert_eq!(text, "x: 名前😀 End\n");
        apply_change(&mut text, None, "new");
        assert_eq!(text, "new");
        // A range past the end appends.
        apply_change(
            &mut text,
            Some(Range::new(Position::new(5, 0), Position::new(5, 0))),
            "!",
        );
        assert_eq!(text, "new!");
    }

    #[test]
    fn minimal_edit_covers_only_the_change() {
        let (text, index) = indexed("a\n名b\nc\n");
        let lines = TextLines::new(&text, &index);
        let edit = minimal_edit(lines, "a\n名x\nc\n").unwrap();
        assert_eq!(
            edit.range,
            Range::new(Position::new(1, 1), Position::new(1, 2))
        );
        assert_eq!(edit.new_text, "x");
        assert!(minimal_edit(lines, &text).is_none());
        // Insertions that repeat the neighbouring text still produce a valid edit.
        let edit = minimal_edit(lines, "a\na\n名b\nc\n").unwrap();
        assert_eq!(edit.new_text, "a\n");
        let (text2, index2) = indexed("😀");
        let edit = minimal_edit(TextLines::new(&text2, &index2), "😁").unwrap();
        assert_eq!(
            edit.range,
            Range::new(Position::new(0, 0), Position::new(0, 2))
        );
    }

    #[test]
    fn diagnostics_in_chinese_keep_code_range_and_data() {
        let text = "services:\n  web:\n    image: nginx:1.27\n    privileged: true\n".to_string();
        let index = LineIndex::new(&text);
        let document =
            shipshape_core::Document::new("compose.yaml", &text, shipshape_core::FileKind::Compose);
        let findings = shipshape_core::check(&document, &shipshape_core::Config::default());
        let finding = findings.iter().find(|f| f.code == "SS401").expect("SS401");
        let uri = Uri::from_str("file:///compose.yaml").expect("a valid URI");
        let lines = TextLines::new(&text, &index);
        let english = diagnostic(&uri, lines, finding, 1, 0, Locale::En);
        let chinese = diagnostic(&uri, lines, finding, 1, 0, Locale::ZhCn);
        assert_eq!(
            chinese.message,
            "服务 web 以特权模式运行；请改为只授予它所需的那一项 Capability"
        );
        let related = chinese.related_information.clone().unwrap_or_default();
        assert!(
            related.iter().any(|r| r
                .message
                .starts_with("SS101 (read-only-root-filesystem): 服务 `web` 未设置")),
            "{related:?}"
        );
        assert_eq!(
            Diagnostic {
                message: String::new(),
                related_information: None,
                ..chinese
            },
            Diagnostic {
                message: String::new(),
                related_information: None,
                ..english
            }
        );
    }

    #[test]
    fn diagnostics_carry_code_docs_and_data() {
        let (text, index) = indexed("FROM x\n");
        let finding = Finding {
            code: "SS503".into(),
            name: "hardcoded-credential".into(),
            severity: Severity::Error,
            message: "AWS access key id in ENV KEY".into(),
            range: TextRange::new(0, 4),
            object: Some("stage 0".into()),
            fixes: vec![],
            anchor: None,
            redact: None,
            related: Vec::new(),
            text: None,
        };
        let mut named = finding.clone();
        named.message = "Service `web` is privileged".into();
        named.object = Some("service web".into());
        assert_eq!(message(&named, Locale::En), "Service `web` is privileged");
        let uri = Uri::from_str("file:///Dockerfile").expect("a valid URI");
        let diagnostic = diagnostic(
            &uri,
            TextLines::new(&text, &index),
            &finding,
            3,
            1,
            Locale::En,
        );
        assert_eq!(
            diagnostic.code,
            Some(NumberOrString::String("SS503".into()))
        );
        assert_eq!(diagnostic.severity, Some(DiagnosticSeverity::ERROR));
        assert_eq!(diagnostic.message, "AWS access key id in ENV KEY (stage 0)");
        assert_eq!(
            diagnostic.code_description.unwrap().href.as_str(),
            finding.docs_url()
        );
        assert_eq!(
            diagnostic_data(&Diagnostic {
                data: diagnostic.data.clone(),
                ..Diagnostic::default()
            }),
            Some(DiagnosticData {
                version: 3,
                index: 1,
                fixes: 0
            })
        );
    }
}
