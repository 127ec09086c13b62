//! The CI output formats: `sarif`, `github`, `gitlab`, `junit`, `checkstyle`.
//!
//! Each runs the real binary on a small fixture in a temporary directory.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use quick_xml::events::Event;
use quick_xml::Reader;
use serde_json::{json, Value};
use shipshape_core::RULES;
use tempfile::TempDir;

mod common;
use common::tree;

/// A literal secret the fixture sets; it must never appear in any output.
const SECRET: &str = "Zq7fixtureValueXk2pLm99";

/// An image with no entry in the images table (core/src/images.rs): the fixes are the plain ones.
fn compose() -> String {
    format!(
        "services:\n  web:\n    image: traefik:v3.1\n    environment:\n      DB_PASSWORD: \"{SECRET}\"\n"
    )
}

fn run(dir: &Path, args: &[&str]) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_shipshape"))
        .current_dir(dir)
        // English whatever the machine's locale (tests/language.rs covers the others).
        .env_remove("SHIPSHAPE_LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .args(args)
        .output()
        .expect("run shipshape");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).expect("UTF-8 output"),
    )
}

fn sarif_of(dir: &Path, args: &[&str]) -> Value {
    let mut all = vec!["check", "--format", "sarif"];
    all.extend_from_slice(args);
    let (code, stdout) = run(dir, &all);
    assert_eq!(code, 1, "{stdout}");
    serde_json::from_str(&stdout).expect("SARIF is JSON")
}

/// The SARIF of the fixture, exactly, apart from `tool.driver.rules` (checked below against
/// the registry, so that docs edits do not break this test).
const EXPECTED_SARIF: &str = r#"{
  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
  "version": "2.1.0",
  "runs": [
    {
      "tool": {
        "driver": {
          "name": "shipshape",
          "version": "VERSION",
          "semanticVersion": "VERSION",
          "informationUri": "https://github.com/shipshape-dev/shipshape",
          "rules": "RULES"
        }
      },
      "columnKind": "unicodeCodePoints",
      "results": [
        {
          "ruleId": "SS101",
          "ruleIndex": 3,
          "level": "warning",
          "message": {
            "text": "Service `web` does not set `read_only: true`, so its root filesystem is writable"
          },
          "locations": [
            {
              "physicalLocation": {
                "artifactLocation": {
                  "uri": "deploy/compose.yaml",
                  "uriBaseId": "%SRCROOT%"
                },
                "region": {
                  "startLine": 2,
                  "startColumn": 3,
                  "endLine": 2,
                  "endColumn": 6
                }
              }
            }
          ],
          "partialFingerprints": {
            "primaryLocationLineHash": "FP0"
          },
          "fixes": [
            {
              "description": {
                "text": "Set `read_only: true` (unsafe)"
              },
              "artifactChanges": [
                {
                  "artifactLocation": {
                    "uri": "deploy/compose.yaml",
                    "uriBaseId": "%SRCROOT%"
                  },
                  "replacements": [
                    {
                      "deletedRegion": {
                        "startLine": 5,
                        "startColumn": 45,
                        "endLine": 5,
                        "endColumn": 45
                      },
                      "insertedContent": {
                        "text": "\n    read_only: true"
                      }
                    }
                  ]
                }
              ]
            }
          ],
          "properties": {
            "object": "service web"
          }
        },"#;

fn fixture() -> TempDir {
    let compose = compose();
    tree(&[("deploy/compose.yaml", &compose)])
}

#[test]
fn sarif_exact_bytes_of_the_first_result() {
    let dir = fixture();
    let (code, stdout) = run(dir.path(), &["check", "--format", "sarif"]);
    assert_eq!(code, 1);
    let value: Value = serde_json::from_str(&stdout).expect("JSON");
    for result in value["runs"][0]["results"].as_array().expect("results") {
        let text = result["partialFingerprints"]["primaryLocationLineHash"]
            .as_str()
            .expect("fingerprint");
        assert_eq!(text.len(), 32, "{text}");
        assert!(text.bytes().all(|b| b.is_ascii_hexdigit()), "{text}");
    }
    // Substitute placeholders for the rules array, the version and the first fingerprint.
    let mut raw = stdout.clone();
    let rules_start = raw.find("\"rules\": [").expect("rules");
    let end_marker = "\n          ]\n        }\n      },\n      \"columnKind\"";
    let rules_end = raw.find(end_marker).expect("end of rules") + "\n          ]".len();
    raw.replace_range(rules_start..rules_end, "\"rules\": \"RULES\"");
    let version = env!("CARGO_PKG_VERSION");
    raw = raw.replace(&format!("\"{version}\""), "\"VERSION\"");
    let first = value["runs"][0]["results"][0]["partialFingerprints"]["primaryLocationLineHash"]
        .as_str()
        .expect("fingerprint")
        .to_string();
    raw = raw.replace(&first, "FP0");
    assert!(
        raw.starts_with(EXPECTED_SARIF),
        "SARIF differs; got:\n{}",
        raw.get(..EXPECTED_SARIF.len() + 200).unwrap_or(&raw)
    );
    // The whole document is the five findings, in order.
    let ids: Vec<&str> = value["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(ids, ["SS101", "SS301", "SS404", "SS601", "SS501"]);
    assert!(stdout.ends_with("}\n"));
}

#[test]
fn sarif_rules_come_from_the_registry() {
    let dir = fixture();
    let value = sarif_of(dir.path(), &[]);
    let rules = value["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    assert_eq!(rules.len(), RULES.len());
    for (rule, meta) in rules.iter().zip(RULES) {
        assert_eq!(rule["id"], meta.code);
        assert_eq!(rule["name"], meta.name);
        assert_eq!(rule["shortDescription"]["text"], meta.summary);
        assert_eq!(rule["help"]["markdown"], meta.docs_markdown());
        assert_eq!(rule["help"]["text"], meta.docs_markdown());
        assert_eq!(
            rule["helpUri"],
            format!(
                "https://github.com/shipshape-dev/shipshape/blob/main/docs/rules/{}.md",
                meta.code
            )
        );
        let level = match meta.severity.as_str() {
            "error" => "error",
            "warning" => "warning",
            _ => "note",
        };
        assert_eq!(rule["defaultConfiguration"]["level"], level);
        assert!(rule["fullDescription"]["text"]
            .as_str()
            .is_some_and(|text| !text.is_empty() && !text.contains('\n')));
    }
    // ruleIndex points at the rule.
    for result in value["runs"][0]["results"].as_array().expect("results") {
        let index = result["ruleIndex"].as_u64().expect("index") as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
    }
    // SS501 is an error; it has a fix that replaces the value without the secret.
    let ss501 = &value["runs"][0]["results"][4];
    assert_eq!(ss501["level"], "error");
    assert_eq!(
        ss501["locations"][0]["physicalLocation"]["region"],
        json!({"startLine": 5, "startColumn": 7, "endLine": 5, "endColumn": 44})
    );
    assert_eq!(
        ss501["fixes"][0]["artifactChanges"][0]["replacements"][0],
        json!({
            "deletedRegion": {"startLine": 5, "startColumn": 20, "endLine": 5, "endColumn": 45},
            "insertedContent": {"text": "\"${DB_PASSWORD}\""}
        })
    );
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let schema_path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("schemas")
        .join("sarif-schema-2.1.0.json");
    let mut schema: Value =
        serde_json::from_str(&fs::read_to_string(schema_path).expect("schema")).expect("JSON");
    // The official schema's `run.language` pattern has a stray `]` that ECMA-262 reads as a
    // literal but the Rust regex engine rejects, so the meta-schema check fails on it. Escape it
    // (same meaning); shipshape never writes `language`.
    let bad = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";
    let good = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}\\]?$";
    for definition in ["run", "toolComponent"] {
        let pattern = &mut schema["definitions"][definition]["properties"]["language"]["pattern"];
        assert_eq!(pattern, bad);
        *pattern = json!(good);
    }
    assert!(!schema.to_string().contains(bad));
    let validator = jsonschema::draft7::new(&schema).expect("valid schema");
    let dockerfile = "FROM node:22\nRUN npm ci\n";
    let dir = tree(&[
        ("deploy/compose.yaml", &compose()),
        ("app dir/Dockerfile", dockerfile),
        (
            "k8s/bad.yaml",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: [\n",
        ),
    ]);
    let value = sarif_of(dir.path(), &[]);
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|error| format!("{error} at {}", error.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // The validator does reject a broken log (so the check above can fail).
    let mut broken = value.clone();
    broken["runs"][0]["results"][0]["level"] = json!("fatal");
    assert!(!validator.is_valid(&broken));
    // A space in a path is percent-encoded in the URI.
    assert!(value
        .to_string()
        .contains("\"uri\":\"app%20dir/Dockerfile\""));
    // And a clean run validates too.
    let clean = tree(&[("Dockerfile", "FROM scratch\n")]);
    let (_, stdout) = run(
        clean.path(),
        &["check", "--format", "sarif", "--fail-on", "never"],
    );
    let value: Value = serde_json::from_str(&stdout).expect("JSON");
    assert!(validator.is_valid(&value));
}

#[test]
fn no_output_format_contains_the_secret() {
    let dir = fixture();
    for format in ["sarif", "github", "gitlab", "junit", "checkstyle", "json"] {
        let (code, stdout) = run(dir.path(), &["check", "--format", format]);
        assert_eq!(code, 1, "{format}");
        assert!(!stdout.contains(SECRET), "{format} leaks the secret");
        assert!(
            !stdout.contains("Zq7fix"),
            "{format} leaks a part of the secret"
        );
    }
}

fn fingerprints(dir: &Path, format: &str) -> Vec<(String, String)> {
    let (_, stdout) = run(dir, &["check", "--format", format]);
    let value: Value = serde_json::from_str(&stdout).expect("JSON");
    match format {
        "sarif" => value["runs"][0]["results"]
            .as_array()
            .expect("results")
            .iter()
            .map(|r| {
                (
                    r["ruleId"].as_str().unwrap_or("").to_string(),
                    r["partialFingerprints"]["primaryLocationLineHash"]
                        .as_str()
                        .unwrap_or("")
                        .to_string(),
                )
            })
            .collect(),
        _ => value
            .as_array()
            .expect("issues")
            .iter()
            .map(|r| {
                (
                    r["check_name"].as_str().unwrap_or("").to_string(),
                    r["fingerprint"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect(),
    }
}

#[test]
fn fingerprints_survive_inserted_lines_and_differ_per_finding() {
    let before = fixture();
    let shifted = format!(
        "# a comment\n\n{}",
        compose().replace("  web:\n", "  # another\n  web:\n")
    );
    let after = tree(&[("deploy/compose.yaml", &shifted)]);
    for format in ["sarif", "gitlab"] {
        let one = fingerprints(before.path(), format);
        let two = fingerprints(after.path(), format);
        assert_eq!(one.len(), 5);
        assert_eq!(one, two, "{format}");
        let mut unique: Vec<&String> = one.iter().map(|(_, fp)| fp).collect();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 5, "{format}: fingerprints must be distinct");
    }
    // The same finding in another file has another fingerprint; so does a changed line.
    let moved = tree(&[("other/compose.yaml", &compose())]);
    let changed = tree(&[(
        "deploy/compose.yaml",
        &compose().replace("DB_PASSWORD", "DB_PASSWORD_2"),
    )]);
    let base = fingerprints(before.path(), "sarif");
    let moved = fingerprints(moved.path(), "sarif");
    let changed = fingerprints(changed.path(), "sarif");
    assert_ne!(base[0].1, moved[0].1);
    assert_eq!(base[0].1, changed[0].1, "SS101 is about the `web:` line");
    assert_ne!(base[4].1, changed[4].1, "SS501's line changed");
    // SARIF and GitLab share the fingerprint.
    assert_eq!(base, fingerprints(before.path(), "gitlab"));
}

#[test]
fn gitlab_code_quality_report() {
    let dir = fixture();
    let (code, stdout) = run(dir.path(), &["check", "--format", "gitlab"]);
    assert_eq!(code, 1);
    let value: Value = serde_json::from_str(&stdout).expect("JSON");
    let issues = value.as_array().expect("array");
    assert_eq!(issues.len(), 5);
    let first = &issues[0];
    let fingerprint = first["fingerprint"]
        .as_str()
        .expect("fingerprint")
        .to_string();
    assert_eq!(
        first,
        &json!({
            "type": "issue",
            "description": "Service `web` does not set `read_only: true`, so its root filesystem is writable (service web)",
            "check_name": "SS101",
            "categories": ["Security"],
            "fingerprint": fingerprint,
            "severity": "major",
            "location": {"path": "deploy/compose.yaml", "lines": {"begin": 2, "end": 2}}
        })
    );
    assert_eq!(issues[4]["check_name"], "SS501");
    assert_eq!(issues[4]["severity"], "critical");
    assert_eq!(issues[4]["location"]["lines"]["begin"], 5);
    // A clean run is an empty array (GitLab needs valid JSON even then).
    let clean = tree(&[("Dockerfile", "FROM scratch\n")]);
    let (code, stdout) = run(clean.path(), &["check", "--format", "gitlab"]);
    assert_eq!((code, stdout.as_str()), (0, "[]\n"));
}

#[test]
fn github_workflow_commands() {
    let dir = fixture();
    let (code, stdout) = run(dir.path(), &["check", "--format", "github"]);
    assert_eq!(code, 1);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "::warning file=deploy/compose.yaml,line=2,col=3,endLine=2,endColumn=6,title=SS101 read-only-root-filesystem::Service `web` does not set `read_only: true`, so its root filesystem is writable (service web)",
            "::warning file=deploy/compose.yaml,line=2,col=3,endLine=2,endColumn=6,title=SS301 capabilities-not-dropped::Service `web` keeps the default capabilities: `cap_drop` does not drop `ALL` (service web)",
            "::warning file=deploy/compose.yaml,line=2,col=3,endLine=2,endColumn=6,title=SS404 privilege-escalation-allowed::Service web does not set `no-new-privileges:true` in `security_opt`, so its processes may gain privileges (service web)",
            "::warning file=deploy/compose.yaml,line=2,col=3,endLine=2,endColumn=6,title=SS601 pids-limit-missing::Service web has no PID limit (`pids_limit` or `deploy.resources.limits.pids`) (service web)",
            "::error file=deploy/compose.yaml,line=5,col=7,endLine=5,endColumn=44,title=SS501 secret-in-environment::Secret-like variable `DB_PASSWORD` is set to a literal value; inject it from a secret store at run time (service web)",
        ]
    );
}

#[test]
fn github_escapes_paths_and_messages() {
    // A file name with `,`, `:` and `%` must not break the property list; a parse error
    // message with a newline-free text is unaffected. Info findings become notices.
    let dir = tree(&[("a,b:c%d/Dockerfile", "FROM node:22\nRUN npm ci\n")]);
    let (code, stdout) = run(dir.path(), &["check", "--format", "github"]);
    assert_eq!(code, 1, "{stdout}");
    let line = stdout.lines().next().expect("a finding");
    assert!(
        line.starts_with("::warning file=a%2Cb%3Ac%25d/Dockerfile,line=1,col=6,"),
        "{line}"
    );
    assert!(line.contains(",title=SS201 single-stage-build::"), "{line}");
}

/// Every element name in `xml`, in order, with its attributes; fails on malformed XML.
fn xml_elements(xml: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) | Event::Empty(e) => {
                let name = String::from_utf8(e.name().as_ref().to_vec()).expect("name");
                let attributes = e
                    .attributes()
                    .map(|a| {
                        let a = a.expect("attribute");
                        (
                            String::from_utf8(a.key.as_ref().to_vec()).expect("key"),
                            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                .expect("value")
                                .into_owned(),
                        )
                    })
                    .collect();
                out.push((name, attributes));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

fn attr<'a>(element: &'a (String, Vec<(String, String)>), key: &str) -> &'a str {
    element
        .1
        .iter()
        .find(|(k, _)| k == key)
        .map_or("", |(_, v)| v.as_str())
}

#[test]
fn junit_xml() {
    let dir = tree(&[
        ("deploy/compose.yaml", &compose()),
        ("Dockerfile", "FROM scratch\n"),
    ]);
    let (code, stdout) = run(dir.path(), &["check", "--format", "junit"]);
    assert_eq!(code, 1);
    assert!(stdout.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
    let elements = xml_elements(&stdout);
    let names: Vec<&str> = elements.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "testsuites",
            "testsuite",
            "testcase",
            "testsuite",
            "testcase",
            "failure",
            "testcase",
            "failure",
            "testcase",
            "failure",
            "testcase",
            "failure",
            "testcase",
            "failure",
        ]
    );
    assert_eq!(attr(&elements[0], "tests"), "6");
    assert_eq!(attr(&elements[0], "failures"), "5");
    assert_eq!(attr(&elements[1], "name"), "Dockerfile");
    assert_eq!(attr(&elements[1], "failures"), "0");
    assert_eq!(attr(&elements[3], "name"), "deploy/compose.yaml");
    assert_eq!(attr(&elements[3], "tests"), "5");
    assert_eq!(
        attr(&elements[4], "name"),
        "SS101 read-only-root-filesystem at deploy/compose.yaml:2:3"
    );
    assert_eq!(attr(&elements[4], "line"), "2");
    assert_eq!(attr(&elements[5], "type"), "warning");
    assert_eq!(
        attr(&elements[5], "message"),
        "Service `web` does not set `read_only: true`, so its root filesystem is writable"
    );
    assert_eq!(attr(&elements[13], "type"), "error");
}

#[test]
fn checkstyle_xml_escapes_markup() {
    // The message quotes the variable name: `<`, `&` and quotes in it must be escaped.
    let dir = tree(&[(
        "compose.yaml",
        "services:\n  \"w<&>\\\"'\":\n    image: nginx:1.27\n    read_only: true\n    cap_drop: [ALL]\n    security_opt: [\"no-new-privileges:true\"]\n    pids_limit: 100\n",
    )]);
    let (code, stdout) = run(dir.path(), &["check", "--format", "checkstyle"]);
    let elements = xml_elements(&stdout);
    assert_eq!(elements[0].0, "checkstyle");
    assert_eq!(elements[1].0, "file");
    assert_eq!(attr(&elements[1], "name"), "compose.yaml");
    // Whatever the rules say about this service, every error is well-formed and names its rule.
    for element in &elements[2..] {
        assert_eq!(element.0, "error");
        assert!(attr(element, "source").starts_with("shipshape.SS"));
        assert!(["error", "warning", "info"].contains(&attr(element, "severity")));
    }
    let _ = code;

    let dir = fixture();
    let (code, stdout) = run(dir.path(), &["check", "--format", "checkstyle"]);
    assert_eq!(code, 1);
    let elements = xml_elements(&stdout);
    let errors: Vec<(&str, &str, &str, &str)> = elements
        .iter()
        .filter(|(name, _)| name == "error")
        .map(|e| {
            (
                attr(e, "line"),
                attr(e, "column"),
                attr(e, "severity"),
                attr(e, "source"),
            )
        })
        .collect();
    assert_eq!(
        errors,
        [
            ("2", "3", "warning", "shipshape.SS101"),
            ("2", "3", "warning", "shipshape.SS301"),
            ("2", "3", "warning", "shipshape.SS404"),
            ("2", "3", "warning", "shipshape.SS601"),
            ("5", "7", "error", "shipshape.SS501"),
        ]
    );
}

#[test]
fn exit_codes_do_not_depend_on_the_format() {
    let dirty = fixture();
    let clean = tree(&[("Dockerfile", "FROM scratch\n")]);
    for format in [
        "text",
        "json",
        "sarif",
        "github",
        "gitlab",
        "junit",
        "checkstyle",
    ] {
        assert_eq!(
            run(dirty.path(), &["check", "--format", format]).0,
            1,
            "{format}"
        );
        assert_eq!(
            run(
                dirty.path(),
                &["check", "--format", format, "--fail-on", "error"]
            )
            .0,
            1,
            "{format}"
        );
        assert_eq!(
            run(
                dirty.path(),
                &["check", "--format", format, "--fail-on", "never"]
            )
            .0,
            0,
            "{format}"
        );
        assert_eq!(
            run(clean.path(), &["check", "--format", format]).0,
            0,
            "{format}"
        );
        assert_eq!(
            run(clean.path(), &["check", "--format", format, "missing.yaml"]).0,
            2,
            "{format}"
        );
    }
}
