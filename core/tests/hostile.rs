//! Hostile input: huge lines, deep nesting, alias bombs, odd bytes and line endings, unterminated
//! heredocs, very many documents or services. Each gives findings or an SS000 with an exact
//! message and position; the limits that bound time and memory (YAML depth, YAML nodes, alias
//! expansion, Dockerfile words) are in the code, and each limit's message is asserted here.
//! Timing is measured in the benchmarks, not here. (Invalid UTF-8 and the 10 MiB file-size limit
//! belong to the front ends that read bytes: see `cli/tests/hostile_cli.rs`.)
//!
//! Also runs every input kept in `tests/regressions/` (fuzzer finds) through check and fix.

use std::path::Path;

use shipshape_core::fix::{apply_fixes, fix_document};
use shipshape_core::yaml::{MAX_DEPTH, MAX_NODES};
use shipshape_core::{check, Applicability, Config, Document, FileKind, Finding, LineIndex};

/// `(code, "line:column-line:column", message)` of every finding.
fn findings(kind: FileKind, text: &str) -> Vec<(String, String, String)> {
    let path = match kind {
        FileKind::Dockerfile => "Dockerfile",
        FileKind::Compose => "compose.yaml",
        _ => "manifest.yaml",
    };
    let found = check(&Document::new(path, text, kind), &Config::default());
    describe(text, &found)
}

fn describe(text: &str, found: &[Finding]) -> Vec<(String, String, String)> {
    let lines = LineIndex::new(text);
    found
        .iter()
        .map(|finding| {
            let start = lines.line_column(text, finding.range.start);
            let end = lines.line_column(text, finding.range.end);
            (
                finding.code.clone(),
                format!(
                    "{}:{}-{}:{}",
                    start.line, start.column, end.line, end.column
                ),
                finding.message.clone(),
            )
        })
        .collect()
}

fn f(code: &str, at: &str, message: &str) -> (String, String, String) {
    (code.to_string(), at.to_string(), message.to_string())
}

const NO_NEW_PRIVILEGES: &str =
    "does not set `no-new-privileges:true` in `security_opt`, so its processes may gain privileges";

fn service_findings(name: &str, at: &str) -> Vec<(String, String, String)> {
    vec![
        f(
            "SS101",
            at,
            &format!(
                "Service `{name}` does not set `read_only: true`, so its root filesystem is writable"
            ),
        ),
        f(
            "SS301",
            at,
            &format!(
                "Service `{name}` keeps the default capabilities: `cap_drop` does not drop `ALL`"
            ),
        ),
        f(
            "SS404",
            at,
            &format!("Service {name} {NO_NEW_PRIVILEGES}"),
        ),
        f(
            "SS601",
            at,
            &format!(
                "Service {name} has no PID limit (`pids_limit` or `deploy.resources.limits.pids`)"
            ),
        ),
    ]
}

const NODE_LIMIT: &str =
    "the YAML has more than 1000000 nodes (an alias bomb or a huge file); stopped here";

#[test]
fn limits_are_the_documented_ones() {
    assert_eq!(MAX_DEPTH, 256);
    assert_eq!(MAX_NODES, 1_000_000);
    assert_eq!(shipshape_core::dockerfile::MAX_WORDS, 65_536);
}

// ---- huge lines ----

#[test]
fn dockerfile_with_a_10_mb_line() {
    let secret = "x".repeat(10_000_000);
    let text = format!("FROM alpine\nENV PASSWORD={secret}\n");
    assert_eq!(
        findings(FileKind::Dockerfile, &text),
        vec![f(
            "SS501",
            "2:5-2:10000014",
            "Secret-like variable `PASSWORD` is set to a literal value; inject it from a secret store at run time"
        )]
    );
}

#[test]
fn compose_with_a_10_mb_line() {
    let image = "a".repeat(10_000_000);
    let text = format!("services:\n  web:\n    image: \"{image}\"\n");
    assert_eq!(
        findings(FileKind::Compose, &text),
        service_findings("web", "2:3-2:6")
    );
}

#[test]
fn dockerfile_with_more_words_than_the_limit() {
    // 70,000 labels in one instruction: the first 65,536 are kept.
    let labels = "a=b ".repeat(70_000);
    let text = format!("FROM alpine\nLABEL {labels}\n");
    assert_eq!(
        findings(FileKind::Dockerfile, &text),
        vec![f(
            "SS000",
            "2:7-2:280006",
            "`LABEL` has more than 65536 arguments; the rest is ignored"
        )]
    );
}

// ---- deep nesting ----

#[test]
fn yaml_flow_sequences_nested_100000_deep() {
    let text = format!("services: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    assert_eq!(
        findings(FileKind::Compose, &text),
        vec![f(
            "SS000",
            "1:266-1:267",
            "invalid YAML: recursion limit exceeded"
        )]
    );
}

#[test]
fn yaml_flow_mappings_nested_100000_deep() {
    let text = format!(
        "services: {}x{}\n",
        "{a: ".repeat(100_000),
        "}".repeat(100_000)
    );
    assert_eq!(
        findings(FileKind::Kubernetes, &text),
        vec![f(
            "SS000",
            "1:1031-1:1032",
            "invalid YAML: recursion limit exceeded"
        )]
    );
}

#[test]
fn yaml_block_nesting_past_the_depth_limit() {
    // Block mappings, one level per line: saphyr accepts them, the tree builder stops at 256.
    let mut text = String::from("apiVersion: v1\nkind: Pod\nspec:\n");
    for level in 1..=300 {
        text.push_str(&" ".repeat(level));
        text.push_str("a:\n");
    }
    let found = findings(FileKind::Kubernetes, &text);
    assert_eq!(
        found,
        vec![f(
            "SS000",
            "259:257-259:257",
            "YAML nesting is deeper than 256 levels; stopped here"
        )]
    );
}

#[test]
fn dockerfile_json_form_nested_100000_deep() {
    // Not a flat JSON array of strings: Docker runs it as a shell command, and so do we; the
    // JSON is never parsed recursively.
    let text = format!(
        "FROM alpine\nCMD [{}\"a\"{}]\nRUN --security=insecure [{}]\n",
        "[".repeat(100_000),
        "]".repeat(100_000),
        "[".repeat(100_000)
    );
    assert_eq!(
        findings(FileKind::Dockerfile, &text),
        vec![f(
            "SS401",
            "3:5-3:24",
            "Stage 0 runs a build step with `--security=insecure`, outside the build sandbox; drop the flag and grant only what the step needs"
        )]
    );
}

// ---- alias bombs ----

/// Nine levels of nine aliases each: 9^9 (387 million) strings when expanded.
fn billion_laughs() -> String {
    let mut text = String::from("x-a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n");
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for pair in names.windows(2) {
        let aliases = vec![format!("*{}", pair[0]); 9].join(",");
        text.push_str(&format!("x-{}: &{} [{aliases}]\n", pair[1], pair[1]));
    }
    text.push_str("services:\n  web:\n    image: nginx\n");
    text
}

#[test]
fn billion_laughs_stops_at_the_node_budget() {
    let text = billion_laughs();
    assert_eq!(
        findings(FileKind::Compose, &text),
        vec![f("SS000", "6:9-6:37", NODE_LIMIT)]
    );
    let fixed = fix_document(
        &Document::new("compose.yaml", &text, FileKind::Compose),
        &Config::default(),
        Applicability::Unsafe,
    );
    assert_eq!(fixed.applied, 0);
}

#[test]
fn deep_alias_copies_stop_at_the_depth_limit() {
    // Each level nests the one before inside one more sequence: the copy would be 300 deep.
    let mut text = String::from("x-0: &l0 [x]\n");
    for level in 1..300 {
        text.push_str(&format!("x-{level}: &l{level} [*l{}]\n", level - 1));
    }
    let found = findings(FileKind::Compose, &text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "SS000");
    assert!(
        found[0].2.contains("deeper than 256 levels"),
        "{}",
        found[0].2
    );
}

// ---- odd bytes and line endings ----

#[test]
fn nul_bytes() {
    assert_eq!(
        findings(
            FileKind::Dockerfile,
            "FROM alpine\nRUN echo \0 hi\nENV PASSWORD=hunter2\n"
        ),
        vec![f(
            "SS501",
            "3:5-3:21",
            "Secret-like variable `PASSWORD` is set to a literal value; inject it from a secret store at run time"
        )]
    );
    // The error cuts `web` short: none of the "missing" rules judges it (SS000 docs).
    assert_eq!(
        findings(FileKind::Compose, "services:\n  web:\n    image: ngi\0nx\n"),
        vec![f(
            "SS000",
            "3:15-3:16",
            "invalid YAML: found unprintable character",
        )]
    );
}

#[test]
fn byte_order_mark() {
    assert_eq!(
        findings(
            FileKind::Dockerfile,
            "\u{feff}FROM alpine\nENV PASSWORD=hunter2\n"
        ),
        vec![f(
            "SS501",
            "2:5-2:21",
            "Secret-like variable `PASSWORD` is set to a literal value; inject it from a secret store at run time"
        )]
    );
    assert_eq!(
        findings(
            FileKind::Compose,
            "\u{feff}services:\n  web:\n    image: nginx\n"
        ),
        service_findings("web", "2:3-2:6")
    );
}

#[test]
fn crlf_and_lone_cr_line_endings() {
    let build_tool = "The only stage 0 installs the build tool `gcc` with `apk`, so the image ships its build tooling; build in a separate stage and copy only the output into a runtime image";
    let secret = "Secret-like variable `PASSWORD` is set to a literal value; inject it from a secret store at run time";
    for ending in ["\r\n", "\r"] {
        let text =
            "FROM alpine\nRUN apk add \\\n  gcc\nENV PASSWORD=hunter2\n".replace('\n', ending);
        assert_eq!(
            findings(FileKind::Dockerfile, &text),
            vec![
                f("SS201", "3:3-3:6", build_tool),
                f("SS501", "4:5-4:21", secret)
            ],
            "{ending:?}"
        );
        // `web`'s missing settings are folded into its SS401; `api` keeps its four.
        let text =
            "services:\n  web:\n    image: nginx\n    privileged: true\n  api:\n    image: nginx\n"
                .replace('\n', ending);
        let mut expected = vec![f(
            "SS401",
            "4:17-4:21",
            "Service web runs privileged; grant only the single capability it needs instead",
        )];
        expected.extend(service_findings("api", "5:3-5:6"));
        assert_eq!(findings(FileKind::Compose, &text), expected, "{ending:?}");
        // Fixes keep the file's line endings.
        let fixed = fix_document(
            &Document::new("compose.yaml", &text, FileKind::Compose),
            &Config::default(),
            Applicability::Unsafe,
        );
        assert_eq!(fixed.applied, 4, "{ending:?}");
        let other = if ending == "\r" { "\n" } else { "\r\r" };
        assert!(
            !fixed.text.replace("\r\n", "").contains(other),
            "{ending:?}: mixed line endings after fixing:\n{:?}",
            fixed.text
        );
        let lines = fixed.text.split(ending).count();
        assert!(lines > 5, "{ending:?}: {:?}", fixed.text);
    }
}

#[test]
fn unterminated_heredoc() {
    assert_eq!(
        findings(
            FileKind::Dockerfile,
            "FROM alpine\nRUN <<EOF\necho hi\nENV PASSWORD=hunter2\n"
        ),
        vec![f(
            "SS000",
            "2:5-2:10",
            "unterminated heredoc: no line `EOF` closes it"
        )]
    );
}

// ---- many documents, many services ----

#[test]
fn ten_thousand_documents() {
    let mut text = String::new();
    for i in 0..10_000 {
        text.push_str(&format!(
            "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p{i}\nspec:\n  containers:\n    - name: c\n      image: nginx\n"
        ));
    }
    let found = findings(FileKind::Kubernetes, &text);
    let per_document = found.len() / 10_000;
    assert_eq!(found.len(), 10_000 * per_document);
    assert!(per_document >= 3, "{:?}", &found[..per_document.max(3)]);
    // The last document's findings are at its container entry, line 9,998 * 9 + 8.
    let last = found.last().expect("findings");
    assert!(
        last.1.starts_with(&format!("{}:", 9_999 * 9 + 8)),
        "{last:?}"
    );
    assert!(last.2.contains("p9999"), "{last:?}");
}

#[test]
fn fifty_thousand_services() {
    let mut text = String::from("services:\n");
    for i in 0..50_000 {
        text.push_str(&format!("  s{i}:\n    image: nginx\n"));
    }
    let found = findings(FileKind::Compose, &text);
    assert_eq!(found.len(), 4 * 50_000);
    let last_line = 2 + 2 * 49_999;
    let end = format!("{last_line}:3-{last_line}:9");
    assert_eq!(
        found[found.len() - 4..],
        service_findings("s49999", &end)[..]
    );
}

// ---- fuzzer finds ----

/// Where `offset` lands after `edits` (as in the fuzz target `check_fix`).
fn moved(offset: usize, edits: &[shipshape_core::Edit]) -> usize {
    let mut shift = 0isize;
    for edit in edits {
        if edit.range.end <= offset {
            shift += edit.new_text().len() as isize - edit.range.len() as isize;
        } else if edit.range.start < offset {
            return edit.range.start;
        }
    }
    offset.saturating_add_signed(shift)
}

/// Every file in `tests/regressions/` (inputs that once crashed a fuzz target or broke one of its
/// invariants) is checked and fixed as each kind without a panic; fixing never makes it parse
/// worse and a second round of fixes changes nothing.
#[test]
fn regressions() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regressions");
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/regressions")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .collect();
    entries.sort();
    assert!(!entries.is_empty());
    let config = Config::default();
    for path in entries {
        let bytes = std::fs::read(&path).expect("read");
        let text = String::from_utf8_lossy(&bytes);
        // Every kind, as the fuzz target reads an input (`fuzz/fuzz_targets/common.rs`).
        for (name, kind) in [
            ("Dockerfile", FileKind::Dockerfile),
            ("compose.yaml", FileKind::Compose),
            ("manifest.yaml", FileKind::Kubernetes),
            (".devcontainer/devcontainer.json", FileKind::Devcontainer),
            ("web.container", FileKind::Quadlet),
            ("run.sh", FileKind::Shell),
            ("Makefile", FileKind::Makefile),
            (".github/workflows/ci.yml", FileKind::GithubActions),
            (".gitlab-ci.yml", FileKind::GitlabCi),
        ] {
            let errors = |text: &str| {
                check(&Document::new(name, text, kind), &config)
                    .iter()
                    .filter(|finding| finding.code == "SS000")
                    .count()
            };
            let before = errors(&text);
            // Each fix on its own removes its finding (at the place the edits move it to).
            let found = check(&Document::new(name, &text, kind), &config);
            for finding in &found {
                let range = finding.range;
                assert!(
                    range.start <= range.end
                        && text.is_char_boundary(range.start)
                        && text.is_char_boundary(range.end),
                    "{} as {kind}: {} at {range:?} is not on characters of the text",
                    path.display(),
                    finding.code
                );
            }
            for finding in found.iter().filter(|finding| !finding.fixes.is_empty()) {
                let outcome =
                    apply_fixes(&text, std::slice::from_ref(finding), Applicability::Unsafe);
                if outcome.applied == 0 {
                    continue;
                }
                let at = moved(finding.range.start, &finding.fixes[0].edits);
                let after = check(&Document::new(name, &outcome.text, kind), &config);
                // As in the fuzz target: an identical twin may slide into the place (removing
                // the first of two identical unused suppressions), but then fewer remain.
                let same = |other: &&Finding| {
                    other.code == finding.code
                        && other.object == finding.object
                        && other.message == finding.message
                };
                let again = after
                    .iter()
                    .filter(same)
                    .any(|other| other.range.start == at);
                let fewer = after.iter().filter(same).count() < found.iter().filter(same).count();
                assert!(
                    !again || fewer,
                    "{} as {kind}: the fix of {} did not fix it",
                    path.display(),
                    finding.code
                );
                assert!(errors(&outcome.text) <= before);
            }
            let fixed = fix_document(
                &Document::new(name, &text, kind),
                &config,
                Applicability::Unsafe,
            );
            assert!(
                errors(&fixed.text) <= before,
                "{} as {kind}: fixing made it parse worse",
                path.display()
            );
            let again = fix_document(
                &Document::new(name, &fixed.text, kind),
                &config,
                Applicability::Unsafe,
            );
            assert_eq!(
                again.text,
                fixed.text,
                "{} as {kind}: a second round of fixes changed the text",
                path.display()
            );
        }
    }
}

fn regression(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/regressions")
        .join(name);
    String::from_utf8_lossy(&std::fs::read(path).expect("regression input")).into_owned()
}

/// The file ends inside a line continuation (`zlib-dev \` and then a comment line, which a
/// continuation skips), so the SS201 scaffold appended to it was read as more arguments of that
/// instruction, the file stayed single-stage and the same fix was offered again. Now the finding
/// comes without a fix.
#[test]
fn regression_ss201_no_scaffold_after_an_open_continuation() {
    let text = regression("ss201-scaffold-after-open-continuation.Dockerfile");
    let found = check(
        &Document::new("Dockerfile", &text, FileKind::Dockerfile),
        &Config::default(),
    );
    let ss201: Vec<Finding> = found.into_iter().filter(|f| f.code == "SS201").collect();
    assert_eq!(
        describe(&text, &ss201),
        vec![f(
            "SS201",
            "2:6-2:17",
            "The only stage build uses the SDK image `golang:1.23`, so the image ships its build tooling; build in a separate stage and copy only the output into a runtime image"
        )]
    );
    assert!(ss201[0].fixes.is_empty());
}

/// The fuzz input `ss002-twin-unused-suppressions.Dockerfile` had three unused `ignore=SS502`
/// comments, two of them adjacent: the fix of the first of the two deletes exactly its line,
/// which moves its twin, with the same message, up to where it began, and the fuzz target took
/// that twin for the finding it had just fixed. Core was right; the target now also requires
/// that no fewer twins remain. (That input has syntax errors, so SS002 no longer reports
/// anything in it; the same situation in a file that parses:)
#[test]
fn regression_ss002_twin_slides_into_place() {
    let text = "FROM alpine:3.20\n\
# shipshape ignore=SS502\n\
RUN echo a\n\
# shipshape ignore=SS502 -- a longer reason than its twin's\n\
# shipshape ignore=SS502\n\
RUN echo b\n";
    let config = Config::default();
    let ss002 = |text: &str| -> Vec<Finding> {
        check(
            &Document::new("Dockerfile", text, FileKind::Dockerfile),
            &config,
        )
        .into_iter()
        .filter(|f| f.code == "SS002")
        .collect()
    };
    let unused = "Unused suppression: nothing here is reported as SS502";
    let before = ss002(text);
    assert_eq!(
        describe(text, &before),
        vec![
            f("SS002", "2:1-2:25", unused),
            f("SS002", "4:1-4:60", unused),
            f("SS002", "5:1-5:25", unused),
        ]
    );
    let outcome = apply_fixes(text, &before[1..2], Applicability::Safe);
    let line_4 = "# shipshape ignore=SS502 -- a longer reason than its twin's\n";
    assert_eq!(outcome.text, text.replacen(line_4, "", 1));
    let after = ss002(&outcome.text);
    assert_eq!(
        describe(&outcome.text, &after),
        vec![
            f("SS002", "2:1-2:25", unused),
            f("SS002", "4:1-4:25", unused),
        ]
    );
    assert_eq!(after[1].range.start, before[1].range.start);
}
