//! Reading and checking through the workspace: a panic while checking one file is one error
//! finding for that file and the run goes on; plugin findings go through core's suppressions.

use std::path::PathBuf;
use std::sync::Arc;

use shipshape_core::{Config, FileKind, Finding, Severity, TextRange};
use shipshape_workspace::render::{self, Format, Options};
use shipshape_workspace::{
    check, discover, Checks, LoadedConfig, NativeFileSystem, Plugin, PluginSet, Request,
};

/// A plugin that panics on files whose text contains `boom`, and reports `ACME001` on `FROM`.
struct Flaky;

impl Plugin for Flaky {
    fn rule_codes(&self) -> Vec<String> {
        vec!["ACME001".to_string()]
    }

    fn check(&self, _path: &str, _kind: FileKind, text: &str, _config: &Config) -> Vec<Finding> {
        if text.contains("boom") {
            panic!("flaky plugin hit a boom");
        }
        text.find("FROM")
            .map(|at| Finding {
                code: "ACME001".to_string(),
                name: "acme-from".to_string(),
                severity: Severity::Warning,
                message: "a FROM line".to_string(),
                range: TextRange::new(at, at + 4),
                object: None,
                fixes: Vec::new(),
                anchor: None,
                redact: None,
                related: Vec::new(),
                text: None,
            })
            .into_iter()
            .collect()
    }
}

struct OnePlugin;

impl PluginSet for OnePlugin {
    fn plugins_for(&self, _config: &LoadedConfig) -> Vec<Arc<dyn Plugin>> {
        vec![Arc::new(Flaky)]
    }
}

fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    dir
}

#[test]
fn a_panic_is_one_error_finding_for_its_file_and_the_run_goes_on() {
    let dir = tree(&[
        ("a/Dockerfile", "FROM alpine:3.20 AS boom\nUSER app\n"),
        (
            "b/Dockerfile",
            "# shipshape ignore=ACME001\nFROM alpine:3.20\nUSER app\n",
        ),
        ("c/Dockerfile", "FROM alpine:3.20\nUSER app\n"),
    ]);
    let fs = NativeFileSystem;
    let request = Request::new(PathBuf::from(dir.path()));
    let discovered = discover(&fs, &request).expect("discover");
    let checks = Checks {
        plugins: Some(Arc::new(OnePlugin)),
        ..Checks::default()
    };
    let report = check(&fs, discovered, None, &checks, &|| {});
    let found: Vec<(&str, Vec<(&str, usize)>)> = report
        .files
        .iter()
        .map(|file| {
            (
                file.path.as_str(),
                file.findings
                    .iter()
                    .map(|finding| (finding.code.as_str(), finding.range.start))
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![
            ("a/Dockerfile", vec![("SS000", 0)]),
            // The suppression names the plugin's code: no SS001, and the finding is gone.
            ("b/Dockerfile", vec![]),
            ("c/Dockerfile", vec![("ACME001", 0)]),
        ]
    );
    let internal = &report.files[0].findings[0];
    assert_eq!(internal.severity, Severity::Error);
    assert_eq!(
        internal.message,
        "internal error while checking this file (a bug in shipshape, please report it): flaky plugin hit a boom"
    );
    let github = render::to_string(Format::Github, &report.files, Options::default());
    assert_eq!(
        github.lines().next(),
        Some(
            "::error file=a/Dockerfile,line=1,col=1,endLine=1,endColumn=1,title=SS000 parse-error::internal error while checking this file (a bug in shipshape, please report it): flaky plugin hit a boom"
        )
    );
}

#[test]
fn every_format_renders_and_names_parse() {
    let dir = tree(&[("compose.yaml", "services:\n  web:\n    image: nginx\n")]);
    let fs = NativeFileSystem;
    let request = Request::new(PathBuf::from(dir.path()));
    let report = check(
        &fs,
        discover(&fs, &request).expect("discover"),
        None,
        &Checks::default(),
        &|| {},
    );
    for format in Format::ALL {
        assert_eq!(format.name().parse::<Format>(), Ok(format));
        let text = report.render(format, Options::default());
        assert!(!text.is_empty(), "{}", format.name());
    }
    assert_eq!(
        "yaml".parse::<Format>(),
        Err("unknown format `yaml`; expected one of text, json, sarif, github, gitlab, junit, checkstyle, summary".to_string())
    );
}

/// `path line:col severity message` of each finding of `code` in the report.
fn of_code(report: &shipshape_workspace::Report, code: &str) -> Vec<String> {
    let mut out = Vec::new();
    for file in &report.files {
        for finding in file.findings.iter().filter(|finding| finding.code == code) {
            let at = file.lines.line_column(&file.text, finding.range.start);
            out.push(format!(
                "{} {}:{} {} {}",
                file.path, at.line, at.column, finding.severity, finding.message
            ));
        }
    }
    out
}

const READ_ONLY_FROM_VARIABLE: &str =
    "services:\n  web:\n    image: x\n    read_only: ${READ_ONLY}\n";

#[test]
fn the_env_file_beside_a_compose_file_is_read_and_one_elsewhere_is_not() {
    let dir = tree(&[
        // Read: beside the compose file.
        ("app/compose.yaml", READ_ONLY_FROM_VARIABLE),
        ("app/.env", "# local settings\nREAD_ONLY=false\n"),
        // Not read: a `.env` in the parent directory is not this project's.
        (".env", "READ_ONLY=false\n"),
        ("other/compose.yaml", READ_ONLY_FROM_VARIABLE),
        // No `.env`: the example stands in, and the message says so.
        ("example/compose.yaml", READ_ONLY_FROM_VARIABLE),
        ("example/.env.example", "READ_ONLY=false\n"),
        // `.env` wins over the example.
        ("both/compose.yaml", READ_ONLY_FROM_VARIABLE),
        ("both/.env", "READ_ONLY=true\n"),
        ("both/.env.example", "READ_ONLY=false\n"),
        // Only compose files read it (a Kubernetes manifest has no `${VAR}` of Compose's).
        ("k8s/pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: x\n"),
        ("k8s/.env", "READ_ONLY=false\n"),
    ]);
    let fs = NativeFileSystem;
    let request = Request::new(PathBuf::from(dir.path()));
    let report = check(
        &fs,
        discover(&fs, &request).expect("discover"),
        None,
        &Checks::default(),
        &|| {},
    );
    assert_eq!(
        of_code(&report, "SS101"),
        [
            "app/compose.yaml 4:16 warning Service `web` takes `read_only` from a variable and `.env` sets `READ_ONLY=false`, so its root filesystem is writable",
            "example/compose.yaml 4:16 warning Service `web` takes `read_only` from a variable and `.env.example` sets `READ_ONLY=false` (an example file: there is no `.env` beside the compose file), so its root filesystem is writable",
            "k8s/pod.yaml 7:7 warning Container `c` of Pod/p does not set `readOnlyRootFilesystem: true`, so its root filesystem is writable",
            "other/compose.yaml 4:16 info Service `web` takes `read_only` from a variable, so whether its root filesystem is read-only is decided outside the file; make sure the value given is `true`",
        ]
    );
    let app = report
        .files
        .iter()
        .find(|file| file.path == "app/compose.yaml")
        .expect("app/compose.yaml checked");
    assert_eq!(
        app.around
            .variables
            .as_ref()
            .map(|env| (env.name.as_str(), env.example)),
        Some((".env", false))
    );
}

/// An editor's unsaved `.env` (an [`Overlay`] buffer) wins over the one on disk.
#[test]
fn an_unsaved_env_buffer_wins_over_the_disk() {
    use shipshape_core::env_file::Value;
    use shipshape_workspace::check::compose_variables;
    use shipshape_workspace::Overlay;
    let dir = tree(&[
        ("compose.yaml", READ_ONLY_FROM_VARIABLE),
        (".env", "READ_ONLY=false\n"),
    ]);
    let compose = dir.path().join("compose.yaml");
    let on_disk = compose_variables(&NativeFileSystem, &compose).expect("the .env on disk");
    assert_eq!(on_disk.get("READ_ONLY"), Value::Known("false"));
    let overlay = Overlay::new(&NativeFileSystem).with(dir.path().join(".env"), "READ_ONLY=true\n");
    let edited = compose_variables(&overlay, &compose).expect("the .env buffer");
    assert_eq!(edited.get("READ_ONLY"), Value::Known("true"));
    // Nothing beside the file: nothing read.
    let alone = tree(&[("compose.yaml", READ_ONLY_FROM_VARIABLE)]);
    assert_eq!(
        compose_variables(&NativeFileSystem, &alone.path().join("compose.yaml")),
        None
    );
}
