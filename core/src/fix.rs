//! Applying fixes to text.

use crate::document::Document;
use crate::edit::{apply_edits, Applicability, Edit};
use crate::finding::Finding;
use crate::settings::Config;

/// The outcome of applying fixes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixOutcome {
    pub text: String,
    /// How many fixes were applied.
    pub applied: usize,
}

/// Apply, in one pass, every fix at or above `threshold` whose edits overlap no fix applied
/// before it (findings are taken in order). Overlapping fixes wait for the next pass.
pub fn apply_fixes(text: &str, findings: &[Finding], threshold: Applicability) -> FixOutcome {
    let mut chosen: Vec<&Edit> = Vec::new();
    let mut applied = 0;
    for finding in findings {
        for fix in &finding.fixes {
            if fix.applicability < threshold || fix.applicability == Applicability::DisplayOnly {
                continue;
            }
            let valid = fix.edits.iter().all(|edit| {
                edit.range.start <= edit.range.end
                    && edit.range.end <= text.len()
                    && text.is_char_boundary(edit.range.start)
                    && text.is_char_boundary(edit.range.end)
            });
            let overlaps = fix.edits.iter().any(|edit| {
                chosen.iter().any(|other| {
                    // Two insertions at one point conflict too: their order would be arbitrary.
                    edit.range.start < other.range.end && other.range.start < edit.range.end
                        || edit.range.start == other.range.start
                        || (edit.range.is_empty() && other.range.contains(edit.range.start))
                        || (other.range.is_empty() && edit.range.contains(other.range.start))
                })
            });
            if valid && !overlaps {
                chosen.extend(fix.edits.iter());
                applied += 1;
            }
            // One fix per finding: the first applicable one is the preferred one.
            break;
        }
    }
    chosen.sort_by_key(|edit| (edit.range.start, edit.range.end));
    let out = apply_edits(text, chosen);
    FixOutcome { text: out, applied }
}

/// Most passes `fix_document` makes before it stops: a fix that keeps producing new fixes is a bug.
pub const MAX_FIX_PASSES: usize = 10;

/// Check and fix repeatedly until no applicable fix remains (or `MAX_FIX_PASSES`).
pub fn fix_document(document: &Document, config: &Config, threshold: Applicability) -> FixOutcome {
    fix_document_with(document, threshold, |current| crate::check(current, config))
}

/// [`fix_document`] with another checker (the built-in rules plus plugins, say).
pub fn fix_document_with(
    document: &Document,
    threshold: Applicability,
    mut check: impl FnMut(&Document) -> Vec<Finding>,
) -> FixOutcome {
    let mut text = document.text.to_string();
    let mut applied = 0;
    for _ in 0..MAX_FIX_PASSES {
        let current = document.with_text(&text);
        let findings = check(&current);
        let outcome = apply_fixes(&text, &findings, threshold);
        if outcome.applied == 0 || outcome.text == text {
            break;
        }
        applied += outcome.applied;
        text = outcome.text;
    }
    FixOutcome { text, applied }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::Fix;
    use crate::finding::Severity;
    use crate::text::TextRange;

    fn finding(fix: Fix) -> Finding {
        Finding {
            code: "SS999".into(),
            name: "test".into(),
            severity: Severity::Warning,
            message: String::new(),
            range: TextRange::empty(0),
            object: None,
            fixes: vec![fix],
            anchor: None,
            redact: None,
            related: Vec::new(),
            text: None,
        }
    }

    #[test]
    fn applies_non_overlapping_fixes_at_or_above_threshold() {
        let text = "abcdef";
        let findings = [
            finding(Fix::safe_edit(
                "x",
                Edit::replacement("X", TextRange::new(0, 1)),
            )),
            finding(Fix::safe_edit(
                "y",
                Edit::replacement("Y", TextRange::new(0, 2)),
            )),
            finding(Fix::unsafe_edit("z", Edit::insertion("Z", 6))),
            finding(Fix::safe_edit("d", Edit::deletion(TextRange::new(3, 4)))),
        ];
        let safe = apply_fixes(text, &findings, Applicability::Safe);
        assert_eq!(
            safe,
            FixOutcome {
                text: "Xbcef".into(),
                applied: 2
            }
        );
        let all = apply_fixes(text, &findings, Applicability::Unsafe);
        assert_eq!(
            all,
            FixOutcome {
                text: "XbcefZ".into(),
                applied: 3
            }
        );
    }
}
