//! Writing `# shipshape ignore...` comments for the "ignore" code actions, and finding the codes
//! under the cursor for hover.
//!
//! Reading suppression comments is core's job ([`suppression_comments`], the parser `check`
//! uses): this module keeps no parser of its own, only the code that writes a comment. An
//! "Ignore SSnnn on this line" edit is checked with core before it is offered: it must hide that
//! code on the finding's own line and nothing else.

use shipshape_core::suppression::{suppression_comments, Directive, SuppressionComment};
use shipshape_core::{apply_edits, Config, Edit, FileKind, Finding, LineIndex, TextRange};
use shipshape_workspace::check::Surroundings;

use crate::analysis;

/// The line ending the document already uses.
fn line_ending(text: &str) -> &'static str {
    match text.find('\n') {
        Some(at) if at > 0 && text.as_bytes().get(at - 1) == Some(&b'\r') => "\r\n",
        _ => "\n",
    }
}

/// The codes a suppression comment or annotation names at `offset`: the one under the cursor
/// (with its range), else every listed code (with the comment's range). `None` off a comment.
pub fn codes_at(text: &str, kind: FileKind, offset: usize) -> Option<(Vec<String>, TextRange)> {
    let inside = |range: TextRange| range.start <= offset && offset <= range.end;
    let comment = suppression_comments(text, kind)
        .into_iter()
        .find(|comment| inside(comment.range))?;
    match comment.codes.iter().find(|code| inside(code.range)) {
        Some(code) => Some((vec![code.text.clone()], code.range)),
        None => Some((
            comment.codes.iter().map(|code| code.text.clone()).collect(),
            comment.range,
        )),
    }
}

/// The document a quick fix is for.
pub struct Target<'a> {
    pub path: &'a str,
    /// What was read around the file (its compose project, `.env`): every re-check uses it.
    pub around: &'a Surroundings,
    pub text: &'a str,
    pub index: &'a LineIndex,
    pub kind: FileKind,
    pub config: &'a Config,
    /// The language of the titles.
    pub locale: shipshape_core::Locale,
}

/// An "ignore" quick fix: its title and its edit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IgnoreAction {
    pub title: String,
    pub edit: Edit,
}

/// "Ignore CODE on this line" for `finding`: `,CODE` appended to an `ignore=` comment that already
/// covers the finding's line, else a new `# shipshape ignore=CODE` line above it (indented like
/// it), else one at the end of the line. Each candidate is applied and checked with core: it is
/// offered only if it hides exactly the findings with that code on that line. When no comment on
/// the line can do that (a line inside a block scalar, say), the comment goes above the owning
/// service key, container entry or instruction, and the title says so. `None` when nothing works.
pub fn ignore_line(target: &Target, finding: &Finding) -> Option<IgnoreAction> {
    let code = finding.code.as_str();
    let text = target.text;
    let line = target.index.line_of(finding.range.start);
    let before = analysis::check_builtin_unfolded(
        target.path,
        target.around,
        text,
        target.kind,
        target.config,
    );
    let on_line = |findings: &[Finding], index: &LineIndex, line: usize| -> Vec<Key> {
        findings
            .iter()
            .filter(|f| !(f.code == code && index.line_of(f.range.start) == line))
            .map(key)
            .collect()
    };
    let expected = sorted(on_line(&before, target.index, line));
    let exact = |edit: &Edit| {
        let after = checked(target, edit);
        sorted(after.iter().map(key).collect()) == expected
    };
    let comments = suppression_comments(text, target.kind);
    let title = shipshape_core::Message::new("suppress-line")
        .arg("code", code.to_string())
        .render(target.locale);
    for edit in line_candidates(text, target.kind, target.index, &comments, line, code) {
        if exact(&edit) {
            return Some(IgnoreAction { title, edit });
        }
    }
    // The owning line: hides this code for the whole object, as the title then says.
    let anchor_line = target.index.line_of(finding.anchor?);
    if anchor_line == line {
        return None;
    }
    let others: Vec<Key> = before.iter().filter(|f| f.code != code).map(key).collect();
    let others = sorted(others);
    let scope = match &finding.object {
        Some(object) => shipshape_core::i18n::object(target.locale, object),
        None => shipshape_core::i18n::text(target.locale, "suppress-this-object"),
    };
    for edit in line_candidates(
        text,
        target.kind,
        target.index,
        &comments,
        anchor_line,
        code,
    ) {
        let after = checked(target, &edit);
        let gone = !after
            .iter()
            .any(|f| f.code == code && f.message == finding.message && f.object == finding.object);
        let kept: Vec<Key> = after.iter().filter(|f| f.code != code).map(key).collect();
        if gone && sorted(kept) == others {
            return Some(IgnoreAction {
                title: shipshape_core::Message::new("suppress-scope")
                    .arg("code", code.to_string())
                    .arg("scope", scope)
                    .render(target.locale),
                edit,
            });
        }
    }
    None
}

/// What identifies a finding across an edit that moves lines: code, message and object.
type Key = (String, String, Option<String>);

fn key(finding: &Finding) -> Key {
    (
        finding.code.clone(),
        finding.message.clone(),
        finding.object.clone(),
    )
}

fn sorted(mut keys: Vec<Key>) -> Vec<Key> {
    keys.sort();
    keys
}

fn checked(target: &Target, edit: &Edit) -> Vec<Finding> {
    let edited = apply_edits(target.text, [edit]);
    analysis::check_builtin_unfolded(
        target.path,
        target.around,
        &edited,
        target.kind,
        target.config,
    )
}

/// How a comment starts in this kind: `//` in `devcontainer.json`, `#` elsewhere.
fn comment_marker(kind: FileKind) -> &'static str {
    if kind == FileKind::Devcontainer {
        "//"
    } else {
        "#"
    }
}

/// Edits that would put `code` in an `ignore=` comment covering `line`, most natural first.
fn line_candidates(
    text: &str,
    kind: FileKind,
    index: &LineIndex,
    comments: &[SuppressionComment],
    line: usize,
    code: &str,
) -> Vec<Edit> {
    let mut out = Vec::new();
    let range = index.line_range(text, line);
    let line_of = |comment: &SuppressionComment| index.line_of(comment.range.start);
    // An `ignore=` comment that already covers the line (above it, or at its end).
    for comment in comments {
        if comment.directive == Directive::Line && comment.covered_line == Some(line) {
            if comment.lists(code) {
                return Vec::new();
            }
            out.push(Edit::insertion(format!(",{code}"), comment.list_end));
        }
    }
    let line_text = text.get(range.start..range.end).unwrap_or("");
    let indent_len = line_text.len() - line_text.trim_start_matches([' ', '\t']).len();
    let indent = &line_text[..indent_len];
    let marker = comment_marker(kind);
    out.push(Edit::insertion(
        format!(
            "{indent}{marker} shipshape ignore={code}{}",
            line_ending(text)
        ),
        range.start,
    ));
    // Dockerfiles have no end-of-line comments: `#` starts one only at the start of a line.
    let has_comment = comments
        .iter()
        .any(|comment| !comment.own_line && line_of(comment) == line);
    if !has_comment && kind != FileKind::Dockerfile {
        out.push(Edit::insertion(
            format!(" {marker} shipshape ignore={code}"),
            range.end,
        ));
    }
    out
}

/// "Ignore CODE in this file": `,CODE` appended to an `ignore-file=` comment in the file's
/// leading comment block, or a new `# shipshape ignore-file=CODE` line at the top (after the
/// parser directives of a Dockerfile, which must stay first). `None` if already listed.
pub fn ignore_file_edit(text: &str, index: &LineIndex, kind: FileKind, code: &str) -> Option<Edit> {
    let comments = suppression_comments(text, kind);
    let mut insert_at = 0;
    let mut in_directives = kind == FileKind::Dockerfile;
    for line in 0..index.line_count() {
        let range = index.line_range(text, line);
        let line_text = text.get(range.start..range.end).unwrap_or("");
        let trimmed = line_text.trim();
        let file_comment = comments.iter().find(|comment| {
            comment.directive == Directive::File
                && comment.own_line
                && range.contains(comment.range.start)
        });
        if let Some(comment) = file_comment {
            if comment.lists(code) {
                return None;
            }
            return Some(Edit::insertion(format!(",{code}"), comment.list_end));
        }
        if in_directives && is_parser_directive(trimmed) {
            insert_at = index.line_start(line + 1).min(text.len());
            continue;
        }
        in_directives = false;
        if !trimmed.starts_with(comment_marker(kind)) {
            break;
        }
    }
    // A file whose directives run to the end without a final newline needs one first.
    let eol = line_ending(text);
    let prefix = if insert_at > 0 && insert_at == text.len() && !text.ends_with('\n') {
        eol
    } else {
        ""
    };
    Some(Edit::insertion(
        format!(
            "{prefix}{} shipshape ignore-file={code}{eol}",
            comment_marker(kind)
        ),
        insert_at,
    ))
}

/// A Dockerfile parser directive: `# key=value` with a one-word key (`syntax`, `escape`, `check`).
fn is_parser_directive(line: &str) -> bool {
    let Some(rest) = line.strip_prefix('#') else {
        return false;
    };
    let Some((key, _)) = rest.split_once('=') else {
        return false;
    };
    let key = key.trim();
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(text: &str, edit: &Edit) -> String {
        apply_edits(text, [edit])
    }

    fn findings(path: &str, text: &str, kind: FileKind) -> Vec<Finding> {
        analysis::check_builtin(
            path,
            &Surroundings::default(),
            text,
            kind,
            &Config::default(),
        )
    }

    /// `CODE@line` (1-based) of every finding.
    fn codes(path: &str, text: &str, kind: FileKind) -> Vec<String> {
        let index = LineIndex::new(text);
        findings(path, text, kind)
            .iter()
            .map(|f| format!("{}@{}", f.code, index.line_of(f.range.start) + 1))
            .collect()
    }

    fn ignore(path: &str, text: &str, kind: FileKind, code: &str, needle: &str) -> IgnoreAction {
        let index = LineIndex::new(text);
        let config = Config::default();
        let at = text.find(needle).expect("needle");
        let all = findings(path, text, kind);
        let finding = all
            .iter()
            .find(|f| {
                f.code == code && f.range.start <= at && at < f.range.end.max(f.range.start + 1)
            })
            .unwrap_or_else(|| panic!("no {code} at {needle}: {all:?}"));
        let around = Surroundings::default();
        let target = Target {
            locale: shipshape_core::Locale::En,
            path,
            around: &around,
            text,
            index: &index,
            kind,
            config: &config,
        };
        ignore_line(&target, finding).expect("an ignore action")
    }

    /// The kinds of SPEC 2b: `//` in devcontainer.json, `#` in scripts and Quadlet units.
    #[test]
    fn ignore_comments_use_each_new_kind_s_syntax() {
        let text = "{\n  \"image\": \"x\",\n  \"privileged\": true\n}\n";
        let action = ignore(
            "/x/.devcontainer/devcontainer.json",
            text,
            FileKind::Devcontainer,
            "SS401",
            "true",
        );
        let edited = apply(text, &action.edit);
        assert_eq!(
            edited,
            "{\n  \"image\": \"x\",\n  // shipshape ignore=SS401\n  \"privileged\": true\n}\n"
        );
        assert!(
            !codes("/x/d.json", &edited, FileKind::Devcontainer).contains(&"SS401@4".to_string())
        );
        let text = "docker run --privileged x
";
        let action = ignore("/x/run.sh", text, FileKind::Shell, "SS401", "--privileged");
        assert_eq!(
            apply(text, &action.edit),
            "# shipshape ignore=SS401\ndocker run --privileged x\n"
        );
        let index = LineIndex::new(text);
        let edit = ignore_file_edit(text, &index, FileKind::Devcontainer, "SS101");
        assert_eq!(
            edit.map(|edit| apply(text, &edit)),
            Some(format!("// shipshape ignore-file=SS101\n{text}"))
        );
    }

    /// Issue 18: on a compose `cap_add` entry the comment went above the service key and hid a
    /// later `SYS_ADMIN` finding too. It now covers the entry's own line only.
    #[test]
    fn ignore_on_this_line_hides_only_that_line() {
        let text = "services:\n  web:\n    image: nginx\n    cap_add:\n      - NET_ADMIN\n      - SYS_ADMIN\n";
        let before = codes("compose.yaml", text, FileKind::Compose);
        assert!(
            before.contains(&"SS402@5".to_string()) && before.contains(&"SS402@6".to_string()),
            "{before:?}"
        );
        let action = ignore(
            "compose.yaml",
            text,
            FileKind::Compose,
            "SS402",
            "NET_ADMIN",
        );
        assert_eq!(action.title, "Ignore SS402 on this line");
        let fixed = apply(text, &action.edit);
        assert_eq!(
            fixed,
            "services:\n  web:\n    image: nginx\n    cap_add:\n      # shipshape ignore=SS402\n      - NET_ADMIN\n      - SYS_ADMIN\n"
        );
        let after = codes("compose.yaml", &fixed, FileKind::Compose);
        let mut expected: Vec<String> = before
            .iter()
            .filter(|c| *c != "SS402@5")
            .map(|c| match c.split_once('@') {
                Some((code, line)) if line.parse::<usize>().unwrap_or(0) >= 5 => {
                    format!("{code}@{}", line.parse::<usize>().unwrap_or(0) + 1)
                }
                _ => c.clone(),
            })
            .collect();
        expected.sort();
        let mut after_sorted = after.clone();
        after_sorted.sort();
        assert_eq!(after_sorted, expected, "the SYS_ADMIN finding stays");
        // The second entry gets its own comment; the first is not extended to cover it.
        let action = ignore(
            "compose.yaml",
            &fixed,
            FileKind::Compose,
            "SS402",
            "SYS_ADMIN",
        );
        assert_eq!(
            apply(&fixed, &action.edit),
            "services:\n  web:\n    image: nginx\n    cap_add:\n      # shipshape ignore=SS402\n      - NET_ADMIN\n      # shipshape ignore=SS402\n      - SYS_ADMIN\n"
        );
    }

    #[test]
    fn ignore_on_this_line_extends_a_comment_and_keeps_line_endings() {
        let text = "services:\n  # shipshape ignore=SS101 -- tmp dirs\n  web:\n    image: nginx\n";
        let action = ignore("compose.yaml", text, FileKind::Compose, "SS301", "web");
        assert_eq!(
            apply(text, &action.edit),
            "services:\n  # shipshape ignore=SS101,SS301 -- tmp dirs\n  web:\n    image: nginx\n"
        );
        let text = "FROM golang:1.23\r\nRUN go build -o /app .\r\n";
        let action = ignore("Dockerfile", text, FileKind::Dockerfile, "SS201", "golang");
        assert_eq!(
            apply(text, &action.edit),
            "# shipshape ignore=SS201\r\nFROM golang:1.23\r\nRUN go build -o /app .\r\n"
        );
    }

    #[test]
    fn ignore_file_goes_after_dockerfile_directives() {
        let text = "# syntax=docker/dockerfile:1\n# escape=`\nFROM x\n";
        let index = LineIndex::new(text);
        let edit = ignore_file_edit(text, &index, FileKind::Dockerfile, "SS503").unwrap();
        assert_eq!(
            apply(text, &edit),
            "# syntax=docker/dockerfile:1\n# escape=`\n# shipshape ignore-file=SS503\nFROM x\n"
        );
        // YAML: at the top, even if the first comment looks like a directive.
        let text = "# key=value\nservices: {}\n";
        let index = LineIndex::new(text);
        let edit = ignore_file_edit(text, &index, FileKind::Compose, "SS601").unwrap();
        let fixed = apply(text, &edit);
        assert_eq!(
            fixed,
            "# shipshape ignore-file=SS601\n# key=value\nservices: {}\n"
        );
        // An existing ignore-file comment in the header is extended.
        let index = LineIndex::new(&fixed);
        let edit = ignore_file_edit(&fixed, &index, FileKind::Compose, "SS101").unwrap();
        assert_eq!(
            apply(&fixed, &edit),
            "# shipshape ignore-file=SS601,SS101\n# key=value\nservices: {}\n"
        );
        assert_eq!(
            ignore_file_edit(&fixed, &index, FileKind::Compose, "pids-limit-missing"),
            None
        );
        // Directives only, no newline at the end.
        let text = "# syntax=x";
        let index = LineIndex::new(text);
        let edit = ignore_file_edit(text, &index, FileKind::Dockerfile, "SS000").unwrap();
        assert_eq!(
            apply(text, &edit),
            "# syntax=x\n# shipshape ignore-file=SS000\n"
        );
    }

    /// Every suppression syntax core accepts, fed to core (`check`) and to the LSP's hover and
    /// quick fixes: core suppresses the finding, hover names the rule under the cursor, and a
    /// quick fix adding another code extends that very comment, which core then reads.
    #[test]
    fn core_and_the_quick_fixes_agree_on_every_syntax() {
        const COMPOSE: &str = "services:\n{above}  web:{eol}\n    image: nginx\n";
        const KUBE: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n{annotation}spec:\n  containers:\n{above}    - name: app{eol}\n      image: nginx\n";
        struct Case {
            kind: FileKind,
            template: &'static str,
            slot: &'static str,
            suppression: &'static str,
            code: &'static str,
            /// Where a new code goes: `line` (ignore on this line), `file`, or `none` (hover only).
            extends: &'static str,
        }
        let case = |kind, template, slot, suppression, code, extends| Case {
            kind,
            template,
            slot,
            suppression,
            code,
            extends,
        };
        use FileKind::{Compose, Dockerfile, Kubernetes};
        let cases = [
            case(
                Dockerfile,
                "{above}FROM golang:1.23\nRUN go build -o /app .\n",
                "{above}",
                "# shipshape ignore=SS201 -- why\n",
                "SS201",
                "line",
            ),
            case(
                Dockerfile,
                "{above}FROM golang:1.23\nRUN go build -o /app .\n",
                "{above}",
                "# shipshape:ignore=SS201\n\n# other comment\n",
                "SS201",
                "line",
            ),
            case(
                Dockerfile,
                "FROM golang:1.23\n{above}RUN go build -o /app .\n",
                "{above}",
                "# shipshape ignore-stage=SS201\n",
                "SS201",
                "none",
            ),
            case(
                Dockerfile,
                "{above}FROM golang:1.23\nRUN go build -o /app .\n",
                "{above}",
                "# shipshape ignore-file=SS201\n",
                "SS201",
                "file",
            ),
            case(
                Dockerfile,
                "{above}FROM golang:1.23\nRUN go build -o /app .\n",
                "{above}",
                "# shipshape: ignore-file = single-stage-build -- all\n",
                "SS201",
                "file",
            ),
            case(
                Compose,
                COMPOSE,
                "{above}",
                "  # shipshape ignore=SS101\n",
                "SS101",
                "line",
            ),
            case(
                Compose,
                COMPOSE,
                "{above}",
                "  # shipshape: ignore=read-only-root-filesystem -- tmp\n",
                "SS101",
                "line",
            ),
            case(
                Compose,
                COMPOSE,
                "{eol}",
                " # shipshape ignore=SS101",
                "SS101",
                "line",
            ),
            case(
                Compose,
                COMPOSE,
                "{eol}",
                "  #  shipshape:  ignore=SS301,read-only-root-filesystem",
                "SS101",
                "line",
            ),
            case(
                Compose,
                "{above}services:\n  web:\n    image: nginx\n",
                "{above}",
                "# shipshape ignore-file=SS101\n",
                "SS101",
                "file",
            ),
            case(
                Kubernetes,
                KUBE,
                "{above}",
                "    # shipshape ignore=SS101\n",
                "SS101",
                "line",
            ),
            case(
                Kubernetes,
                KUBE,
                "{eol}",
                " # shipshape: ignore=read-only-root-filesystem -- tmp",
                "SS101",
                "line",
            ),
            case(
                Kubernetes,
                KUBE,
                "{annotation}",
                "  annotations:\n    shipshape.dev/ignore: \"SS101\"\n",
                "SS101",
                "none",
            ),
            case(
                Kubernetes,
                KUBE,
                "{annotation}",
                "  annotations:\n    shipshape.dev/ignore: 'read-only-root-filesystem, SS301'\n",
                "SS101",
                "none",
            ),
        ];
        let config = Config::default();
        for case in &cases {
            let path = match case.kind {
                Dockerfile => "Dockerfile",
                Compose => "compose.yaml",
                _ => "pod.yaml",
            };
            let mut text = case.template.replace(case.slot, case.suppression);
            for slot in ["{eol}", "{above}", "{annotation}"] {
                text = text.replace(slot, "");
            }
            let bare = case.template.replace(case.slot, "");
            let bare = ["{eol}", "{above}", "{annotation}"]
                .iter()
                .fold(bare, |t, s| t.replace(s, ""));
            let label = format!("{:?} {:?}", case.kind, case.suppression);
            // Core: the finding is there without the suppression and gone with it, with no SS001/SS002.
            let without = codes(path, &bare, case.kind);
            assert!(
                without.iter().any(|c| c.starts_with(case.code)),
                "{label}: {without:?}"
            );
            let with = codes(path, &text, case.kind);
            assert!(
                !with.iter().any(|c| c.starts_with(case.code)
                    || c.starts_with("SS001")
                    || c.starts_with("SS002")),
                "{label}: {with:?}"
            );
            // Hover: on the first listed code, that rule.
            let comments = suppression_comments(&text, case.kind);
            assert_eq!(comments.len(), 1, "{label}");
            let first = &comments[0].codes[0];
            let (hovered, range) =
                codes_at(&text, case.kind, first.range.start + 1).expect("hover");
            assert_eq!(
                (hovered, range),
                (vec![first.text.clone()], first.range),
                "{label}"
            );
            // Quick fixes: another code goes into this very comment, and core reads it there.
            let index = LineIndex::new(&text);
            let edit = match case.extends {
                "line" => {
                    let line = comments[0]
                        .covered_line
                        .expect("an ignore= comment covers a line");
                    line_candidates(&text, case.kind, &index, &comments, line, "SS502")
                        .into_iter()
                        .next()
                }
                "file" => ignore_file_edit(&text, &index, case.kind, "SS502"),
                _ => None,
            };
            let Some(edit) = edit else {
                assert_eq!(case.extends, "none", "{label}");
                continue;
            };
            assert_eq!(
                edit,
                Edit::insertion(",SS502", comments[0].list_end),
                "{label}"
            );
            let extended = apply(&text, &edit);
            let after = suppression_comments(&extended, case.kind);
            assert!(
                after.len() == 1 && after[0].lists(case.code) && after[0].lists("SS502"),
                "{label}: {extended}"
            );
            let _ = &config;
        }
    }
}
