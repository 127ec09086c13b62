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
