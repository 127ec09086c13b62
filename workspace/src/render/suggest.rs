//! Fixes as pull-request review comments with GitHub's ```` ```suggestion ```` blocks (the GitHub
//! Action's `suggestions` input). This module decides everything: which findings get a
//! suggestion, the lines it covers, its body, and how a re-run's comments relate to the earlier
//! run's (update, keep, delete). The Action only carries the result to GitHub's REST API.
//!
//! A suggestion replaces whole lines `start_line..=line` on the head (`RIGHT`) side, and GitHub
//! accepts a review comment only on lines of the pull request's diff, all in one hunk. So:
//! - the file's text after `shipshape fix` (every pass, plugins included; `--unsafe-fixes` for
//!   `all`) is diffed by lines against the head; each run of changed lines that lies inside one
//!   hunk becomes a suggestion (an insertion takes the next line along, or the previous one at
//!   the end of the file), so applying them all gives `shipshape fix` restricted to the hunks;
//! - a run that reaches outside a hunk (an insertion into a service block the pull request did
//!   not touch, say) is left to the annotation, which every finding gets anyway: a suggestion
//!   must apply with one click, and a diff in a plain comment would repeat the annotation;
//! - fixes that change the same run of lines come as one comment naming every finding;
//! - a suggestion that would carry a secret's value (a finding's redacted range or a known
//!   credential format in the replaced lines that survives into the new text, or one in the new
//!   text itself) is skipped: review comments are public to everyone who can read the pull
//!   request, and the redacted form would not be a fix;
//! - each comment carries a hidden marker with the finding's fingerprint
//!   ([`super::fingerprint`]), so a re-run finds its own earlier comments: same lines and body:
//!   kept; same lines, new body: updated; moved or gone: deleted (and the moved one re-posted).

use std::collections::{HashMap, HashSet};

use std::ops::Range;

use serde::{Deserialize, Serialize};
use shipshape_core::fix::fix_document_with;
use shipshape_core::secrets::find_credentials;
use shipshape_core::{Applicability, FileKind, Finding, Fix, TextRange};
use similar::{Algorithm, DiffTag};

use crate::check::{CheckedFile, Checks};

/// The hidden marker's prefix; the fingerprint follows it.
const MARKER: &str = "<!-- shipshape-suggestion fingerprint=";

/// GitHub rejects review comment bodies above 65,536 characters.
pub const MAX_BODY_CHARS: usize = 65_536;

/// Which fixes become suggestions (the Action's `suggestions` input, without `off`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "SuggestMode"))]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Safe fixes only (`shipshape fix`).
    Safe,
    /// Unsafe fixes too, marked as such (`shipshape fix --unsafe-fixes`).
    All,
}

impl Mode {
    fn threshold(self) -> Applicability {
        match self {
            Mode::Safe => Applicability::Safe,
            Mode::All => Applicability::Unsafe,
        }
    }
}

/// A file the pull request changes, as GitHub lists it (`GET /pulls/{n}/files`).
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ChangedFile"))]
pub struct ChangedFile {
    /// Relative to the repository (and so to the workspace the report was made in).
    pub path: String,
    /// The unified diff GitHub gives (`patch`); absent for binary or very large diffs, whose
    /// lines cannot be commented on.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub patch: Option<String>,
}

/// A review comment shipshape posted on an earlier run, as GitHub lists it.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ExistingComment"))]
pub struct ExistingComment {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: u64,
    pub path: String,
    /// `null` when the comment is outdated (its lines changed since).
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable, type = "number | null"))]
    pub line: Option<usize>,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable, type = "number | null"))]
    pub start_line: Option<usize>,
    pub body: String,
}

/// A review comment to post: the fields of `POST /pulls/{n}/reviews`'s `comments` items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ReviewComment"))]
pub struct ReviewComment {
    pub path: String,
    /// The first line, for a suggestion over several lines.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional, type = "number"))]
    pub start_line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional, type = "\"RIGHT\""))]
    pub start_side: Option<&'static str>,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub line: usize,
    #[cfg_attr(feature = "ts", ts(type = "\"RIGHT\""))]
    pub side: &'static str,
    pub body: String,
}

/// An earlier comment whose body changes (`PATCH /pulls/comments/{id}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "CommentUpdate"))]
pub struct CommentUpdate {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: u64,
    pub body: String,
}

/// How many fixable findings got no suggestion, by reason.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "SuggestionSkips"))]
#[serde(rename_all = "camelCase")]
pub struct Skipped {
    /// The fix touches lines outside the pull request's diff hunks.
    pub outside_diff: usize,
    /// The suggestion would hold a secret's value.
    pub secret: usize,
    /// The comment would exceed GitHub's body size.
    pub too_large: usize,
}

/// What to do on the pull request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "SuggestionPlan"))]
#[serde(rename_all = "camelCase")]
pub struct Plan {
    /// New comments, in report order: post them in one review.
    pub create: Vec<ReviewComment>,
    pub update: Vec<CommentUpdate>,
    /// Earlier comments whose finding is gone or moved.
    #[cfg_attr(feature = "ts", ts(type = "Array<number>"))]
    pub delete: Vec<u64>,
    /// Earlier comments that stand as they are.
    pub unchanged: usize,
    pub skipped: Skipped,
}

/// A 1-based inclusive range of lines on the head side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hunk {
    pub first: usize,
    pub last: usize,
}

/// The head-side line ranges of the hunks of a unified diff (GitHub's `patch`: hunks without
/// file headers). An error names the patch line (1-based) that is malformed.
pub fn parse_hunks(patch: &str) -> Result<Vec<Hunk>, String> {
    let mut hunks = Vec::new();
    // Lines the current hunk still has on each side.
    let (mut old_left, mut new_left) = (0usize, 0usize);
    for (index, line) in patch.lines().enumerate() {
        let number = index + 1;
        if old_left == 0 && new_left == 0 {
            if line.is_empty() || line.starts_with('\\') {
                continue;
            }
            let header = line
                .strip_prefix("@@ -")
                .and_then(|rest| rest.split_once(" @@"))
                .map(|(ranges, _)| ranges)
                .ok_or_else(|| {
                    format!("line {number}: expected a hunk header `@@ -a,b +c,d @@`")
                })?;
            let (old, new) = header
                .split_once(" +")
                .ok_or_else(|| format!("line {number}: the hunk header has no `+` range"))?;
            let bad = || format!("line {number}: malformed hunk range in `{line}`");
            let range = |text: &str| -> Option<(usize, usize)> {
                match text.split_once(',') {
                    Some((start, count)) => Some((start.parse().ok()?, count.parse().ok()?)),
                    None => Some((text.parse().ok()?, 1)),
                }
            };
            let (_, old_count) = range(old).ok_or_else(bad)?;
            let (new_start, new_count) = range(new).ok_or_else(bad)?;
            if new_count > 0 {
                hunks.push(Hunk {
                    first: new_start,
                    last: new_start + new_count - 1,
                });
            }
            (old_left, new_left) = (old_count, new_count);
            continue;
        }
        match line.as_bytes().first() {
            Some(b'+') if new_left > 0 => new_left -= 1,
            Some(b'-') if old_left > 0 => old_left -= 1,
            Some(b'\\') => {}
            // git writes an empty context line as " "; some tools drop the space.
            Some(b' ') | None if old_left > 0 && new_left > 0 => {
                old_left -= 1;
                new_left -= 1;
            }
            _ => {
                return Err(format!(
                    "line {number}: `{line}` does not fit the hunk's line counts"
                ))
            }
        }
    }
    if old_left > 0 || new_left > 0 {
        return Err("the last hunk is shorter than its header says".to_string());
    }
    Ok(hunks)
}

/// The fingerprint in an earlier comment's hidden marker.
pub fn marker_fingerprint(body: &str) -> Option<&str> {
    let rest = &body[body.find(MARKER)? + MARKER.len()..];
    let end = rest.find(" -->")?;
    let fingerprint = &rest[..end];
    (!fingerprint.is_empty() && fingerprint.bytes().all(|b| b.is_ascii_hexdigit()))
        .then_some(fingerprint)
}

/// A suggestion for one finding, with its fingerprint.
struct Suggested {
    fingerprint: String,
    comment: ReviewComment,
}

/// The comments for the findings of `files` on the pull request's `changed` files, and what
/// becomes of the `existing` comments an earlier run posted (those carrying a marker).
pub fn plan(
    files: &[CheckedFile],
    changed: &[ChangedFile],
    existing: &[ExistingComment],
    mode: Mode,
    checks: &Checks,
) -> Result<Plan, crate::Error> {
    let mut hunks: HashMap<&str, Vec<Hunk>> = HashMap::new();
    for file in changed {
        let parsed = match &file.patch {
            Some(patch) => parse_hunks(patch).map_err(|error| {
                crate::Error::new(format!(
                    "the pull request's patch of {}: {error}",
                    file.path
                ))
            })?,
            None => Vec::new(),
        };
        hunks.insert(file.path.as_str(), parsed);
    }
    let mut plan = Plan::default();
    let suggested = suggestions(files, &hunks, mode, checks, &mut plan.skipped);

    let wanted: HashMap<&str, &Suggested> = suggested
        .iter()
        .map(|s| (s.fingerprint.as_str(), s))
        .collect();
    let mut kept: HashSet<String> = HashSet::new();
    for comment in existing {
        let Some(fingerprint) = marker_fingerprint(&comment.body) else {
            continue;
        };
        match wanted.get(fingerprint) {
            Some(new)
                if !kept.contains(fingerprint)
                    && new.comment.path == comment.path
                    && comment.line == Some(new.comment.line)
                    && comment.start_line == new.comment.start_line =>
            {
                kept.insert(new.fingerprint.clone());
                if comment.body == new.comment.body {
                    plan.unchanged += 1;
                } else {
                    plan.update.push(CommentUpdate {
                        id: comment.id,
                        body: new.comment.body.clone(),
                    });
                }
            }
            // Gone, moved (a comment's lines cannot change) or a duplicate.
            _ => plan.delete.push(comment.id),
        }
    }
    drop(wanted);
    plan.create = suggested
        .into_iter()
        .filter(|s| !kept.contains(s.fingerprint.as_str()))
        .map(|s| s.comment)
        .collect();
    Ok(plan)
}

/// The first fix of `finding` that `shipshape fix` would apply at `threshold`.
fn first_fix(finding: &Finding, threshold: Applicability) -> Option<&Fix> {
    finding.fixes.iter().find(|fix| {
        fix.applicability >= threshold && fix.applicability != Applicability::DisplayOnly
    })
}

/// The text's lines, each with its terminator.
fn lines_with_ends(text: &str) -> Vec<&str> {
    text.split_inclusive('\n').collect()
}

/// One suggestion per run of lines that `shipshape fix` (every pass, plugins included) changes
/// inside a hunk: applying them all gives `shipshape fix`'s text restricted to the hunks.
fn suggestions(
    files: &[CheckedFile],
    hunks: &HashMap<&str, Vec<Hunk>>,
    mode: Mode,
    checks: &Checks,
    skipped: &mut Skipped,
) -> Vec<Suggested> {
    let threshold = mode.threshold();
    let fingerprints = super::fingerprints(files);
    let located = super::located(files);
    let mut out = Vec::new();
    let mut used: HashSet<String> = HashSet::new();
    for (file_index, file) in files.iter().enumerate() {
        let Some(file_hunks) = hunks.get(file.path.as_str()) else {
            continue;
        };
        if !file.complete
            || file.kind == FileKind::Other
            || !file
                .findings
                .iter()
                .any(|f| first_fix(f, threshold).is_some())
        {
            continue;
        }
        let document = file.document(&file.text);
        let fixed = fix_document_with(&document, threshold, |current| {
            checks.check(current, &file.config)
        })
        .text;
        if fixed == file.text {
            continue;
        }
        let old_lines = lines_with_ends(&file.text);
        let new_lines = lines_with_ends(&fixed);
        let ops = similar::capture_diff_slices(Algorithm::Myers, &old_lines, &new_lines);
        // Runs of changed lines: (old line range, new line range), 0-based.
        let mut changes: Vec<(Range<usize>, Range<usize>)> = Vec::new();
        let mut open: Option<(Range<usize>, Range<usize>)> = None;
        for op in &ops {
            if op.tag() == DiffTag::Equal {
                changes.extend(open.take());
                continue;
            }
            let (old, new) = (op.old_range(), op.new_range());
            open = Some(match open.take() {
                Some((o, n)) => (o.start..old.end, n.start..new.end),
                None => (old, new),
            });
        }
        changes.extend(open);
        let findings: Vec<&super::Located> = located
            .iter()
            .filter(|item| item.file_index == file_index)
            .collect();
        for (old, new) in changes {
            let inserted: String = new_lines.get(new).unwrap_or_default().concat();
            // GitHub replaces whole lines: an insertion takes the line after it along (or the
            // line before it, at the end of the file).
            let (first, last, content) = if !old.is_empty() {
                (old.start, old.end - 1, inserted)
            } else if let Some(next) = old_lines.get(old.start) {
                (old.start, old.start, format!("{inserted}{next}"))
            } else if let Some(previous) = old.start.checked_sub(1).and_then(|i| old_lines.get(i)) {
                (
                    old.start - 1,
                    old.start - 1,
                    format!("{previous}{inserted}"),
                )
            } else {
                skipped.outside_diff += 1;
                continue;
            };
            let span = Hunk {
                first: first + 1,
                last: last + 1,
            };
            if !file_hunks
                .iter()
                .any(|hunk| hunk.first <= span.first && span.last <= hunk.last)
            {
                skipped.outside_diff += 1;
                continue;
            }
            let region = TextRange::new(
                file.lines.line_start(first),
                file.lines.line_start(last + 1),
            );
            let replaced = file.text.get(region.start..region.end).unwrap_or_default();
            let content = match content.strip_suffix('\n') {
                Some(stripped) if replaced.ends_with('\n') => {
                    stripped.strip_suffix('\r').unwrap_or(stripped).to_string()
                }
                _ => content,
            };
            if holds_secret(file, span, &content) {
                skipped.secret += 1;
                continue;
            }
            // The findings whose fix has an edit in this change (an insertion at the end of the
            // line before counts: the diff shows it as lines inserted before this one); a
            // change that only a later pass makes has none.
            let window = TextRange::new(region.start.saturating_sub(1), region.end);
            let fixed_here: Vec<(&super::Located, &Fix)> = findings
                .iter()
                .filter_map(|item| Some((*item, first_fix(item.finding, threshold)?)))
                .filter(|(_, fix)| {
                    fix.edits.iter().any(|edit| {
                        window.start <= edit.range.start && edit.range.end <= window.end
                    })
                })
                .collect();
            // The first finding's fingerprint; a fix split over several runs of lines (or no
            // finding) gets one from the lines it replaces, so that every comment has its own.
            let fingerprint = match fixed_here.first() {
                Some((item, _)) => super::fingerprint_of(&fingerprints, item).to_string(),
                None => super::fingerprint::of_text(&file.path, replaced),
            };
            let fingerprint = if used.insert(fingerprint.clone()) {
                fingerprint
            } else {
                super::fingerprint::of_text(&file.path, &format!("{fingerprint}\n{replaced}"))
            };
            used.insert(fingerprint.clone());
            let body = body(&fingerprint, &fixed_here, &content);
            if body.chars().count() > MAX_BODY_CHARS {
                skipped.too_large += 1;
                continue;
            }
            out.push(Suggested {
                fingerprint,
                comment: ReviewComment {
                    path: file.path.clone(),
                    start_line: (span.first < span.last).then_some(span.first),
                    start_side: (span.first < span.last).then_some("RIGHT"),
                    line: span.last,
                    side: "RIGHT",
                    body,
                },
            });
        }
    }
    out
}

/// Whether `content` (replacing lines `span`) would show a secret's value.
fn holds_secret(file: &CheckedFile, span: Hunk, content: &str) -> bool {
    if !find_credentials(content, 0).is_empty() {
        return true;
    }
    let region = TextRange::new(
        file.lines.line_start(span.first - 1),
        file.lines.line_start(span.last),
    );
    let secrets = file
        .findings
        .iter()
        .filter_map(|finding| finding.redact)
        .chain(
            find_credentials(&file.text, 0)
                .into_iter()
                .map(|found| found.secret),
        );
    for secret in secrets {
        if secret.start < region.end && region.start < secret.end {
            match file.text.get(secret.start..secret.end) {
                Some(value) if !value.is_empty() && !content.contains(value) => {}
                _ => return true,
            }
        }
    }
    false
}

fn body(fingerprint: &str, fixed_here: &[(&super::Located, &Fix)], content: &str) -> String {
    // A fence longer than any backtick run in the suggestion.
    let mut longest = 0;
    let mut run = 0;
    for c in content.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest.max(2) + 1);
    let mut body = format!("{MARKER}{fingerprint} -->\n");
    for (item, _) in fixed_here {
        let finding = item.finding;
        body.push_str(&format!(
            "**[{} {}]({})** ({}): {}\n",
            finding.code,
            finding.name,
            finding.docs_url(),
            finding.severity.as_str(),
            finding.message,
        ));
    }
    if fixed_here.is_empty() {
        body.push_str(
            "What `shipshape fix` makes of these lines once the fixes around them are applied.\n",
        );
    }
    body.push_str(&format!("\n{fence}suggestion\n"));
    if !content.is_empty() {
        body.push_str(content);
        body.push('\n');
    }
    body.push_str(&fence);
    body.push_str("\n\n");
    for (_, fix) in fixed_here {
        if fix.applicability == Applicability::Unsafe {
            body.push_str(&format!(
                "**Unsafe fix**: {}. It may change how the container behaves: review it before committing (`shipshape fix --unsafe-fixes`).\n",
                fix.title
            ));
        } else {
            body.push_str(&format!("Safe fix: {} (`shipshape fix`).\n", fix.title));
        }
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::tests::checked;

    fn changed(path: &str, patch: &str) -> ChangedFile {
        ChangedFile {
            path: path.into(),
            patch: Some(patch.into()),
        }
    }

    const COMPOSE: &str = "services:\n  web:\n    image: nginx:1.27\n    read_only: true\n";

    #[test]
    fn a_rerun_keeps_updates_and_deletes_its_own_comments() {
        let files = [checked("compose.yaml", COMPOSE, FileKind::Compose)];
        let whole = [changed(
            "compose.yaml",
            "@@ -0,0 +1,4 @@\n+services:\n+  web:\n+    image: nginx:1.27\n+    read_only: true\n",
        )];
        let first = plan(&files, &whole, &[], Mode::All, &Checks::default()).unwrap_or_default();
        assert_eq!(first.create.len(), 1, "{first:?}");
        let posted = &first.create[0];
        assert_eq!(
            (posted.start_line, posted.line, posted.side),
            (None, 4, "RIGHT")
        );
        assert!(
            posted
                .body
                .contains("```suggestion\n    read_only: true\n    cap_drop:\n      - ALL\n"),
            "{}",
            posted.body
        );
        let existing = |id: u64, line: usize, body: &str| ExistingComment {
            id,
            path: "compose.yaml".into(),
            line: Some(line),
            start_line: None,
            body: body.into(),
        };
        let others =
            "<!-- shipshape-suggestion fingerprint=00000000000000000000000000000000 -->\nstale";
        let earlier = [
            existing(1, 4, &posted.body),
            existing(2, 4, &posted.body),
            existing(3, 2, others),
            existing(4, 1, "a reviewer's own comment"),
        ];
        let again =
            plan(&files, &whole, &earlier, Mode::All, &Checks::default()).unwrap_or_default();
        assert_eq!(
            (again.create.len(), again.unchanged, again.delete.clone()),
            (0, 1, vec![2, 3])
        );
        let edited = [existing(7, 4, &posted.body.replace("Unsafe", "Old"))];
        let updated =
            plan(&files, &whole, &edited, Mode::All, &Checks::default()).unwrap_or_default();
        assert_eq!(
            updated.update,
            vec![CommentUpdate {
                id: 7,
                body: posted.body.clone()
            }]
        );
        let moved = [existing(8, 3, &posted.body)];
        let moved = plan(&files, &whole, &moved, Mode::All, &Checks::default()).unwrap_or_default();
        assert_eq!((moved.delete, moved.create.len()), (vec![8], 1));
        // Safe mode: no compose fix here is safe.
        let safe = plan(&files, &whole, &[], Mode::Safe, &Checks::default()).unwrap_or_default();
        assert_eq!(safe.create, Vec::new());
    }

    #[test]
    fn fixes_outside_the_hunks_and_secrets_are_not_suggested() {
        let files = [checked("compose.yaml", COMPOSE, FileKind::Compose)];
        let head_only = [changed(
            "compose.yaml",
            "@@ -1,2 +1,2 @@\n-x:\n+services:\n   web:\n",
        )];
        let outside =
            plan(&files, &head_only, &[], Mode::All, &Checks::default()).unwrap_or_default();
        assert_eq!((outside.create.len(), outside.skipped.outside_diff), (0, 1));

        let token = "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789";
        let text = format!("services:\n  web:\n    image: nginx:1.27\n    read_only: true\n    command: [\"run\", \"{token}\"]\n");
        let files = [checked("compose.yaml", &text, FileKind::Compose)];
        let all_lines = [changed(
            "compose.yaml",
            "@@ -0,0 +1,5 @@\n+a\n+b\n+c\n+d\n+e\n",
        )];
        let secret =
            plan(&files, &all_lines, &[], Mode::All, &Checks::default()).unwrap_or_default();
        assert_eq!(secret.skipped.secret, 1, "{secret:?}");
        assert!(secret.create.iter().all(|c| !c.body.contains(token)));
    }

    #[test]
    fn a_malformed_patch_is_an_error_naming_the_file() {
        let files = [checked("compose.yaml", COMPOSE, FileKind::Compose)];
        let error = plan(
            &files,
            &[changed("compose.yaml", "@@ nonsense\n")],
            &[],
            Mode::Safe,
            &Checks::default(),
        );
        assert_eq!(
            error.map_err(|e| e.message().to_string()),
            Err("the pull request's patch of compose.yaml: line 1: expected a hunk header `@@ -a,b +c,d @@`".to_string())
        );
    }

    #[test]
    fn hunks_of_a_github_patch() {
        let patch = "@@ -1,3 +1,4 @@\n services:\n   web:\n+    image: nginx\n     ports: []\n@@ -10 +11,0 @@\n-gone\n@@ -20,2 +20,2 @@ section\n-a\n+b\n \n\\ No newline at end of file";
        assert_eq!(
            parse_hunks(patch),
            Ok(vec![
                Hunk { first: 1, last: 4 },
                Hunk {
                    first: 20,
                    last: 21
                }
            ])
        );
    }

    #[test]
    fn malformed_patches_name_the_line() {
        assert_eq!(
            parse_hunks("@@ -1 +1 @@\n+a\n+b\n"),
            Err("line 3: `+b` does not fit the hunk's line counts".to_string())
        );
        assert_eq!(
            parse_hunks("diff --git a/x b/x\n"),
            Err("line 1: expected a hunk header `@@ -a,b +c,d @@`".to_string())
        );
        assert_eq!(
            parse_hunks("@@ -1,x +1 @@\n"),
            Err("line 1: malformed hunk range in `@@ -1,x +1 @@`".to_string())
        );
        assert_eq!(
            parse_hunks("@@ -1,2 +1,2 @@\n a\n"),
            Err("the last hunk is shorter than its header says".to_string())
        );
    }

    #[test]
    fn markers_round_trip() {
        assert_eq!(
            marker_fingerprint("x\n<!-- shipshape-suggestion fingerprint=00ff -->\n**a**"),
            Some("00ff")
        );
        assert_eq!(
            marker_fingerprint("<!-- shipshape-suggestion fingerprint=zz -->"),
            None
        );
        assert_eq!(marker_fingerprint("a plain comment"), None);
    }
}
