//! Discovery over an in-memory file system: the same code the CLI runs on the disk and the Action
//! runs over Node's `fs`, driven here through the `FileSystem` trait alone.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use shipshape_workspace::fs::{DirEntry, EntryKind, FileSystem};
use shipshape_workspace::{discover, ConfigChoice, Request, Selection, Source};

/// Files by absolute path; directories are implied by the paths; `@link` contents make a link.
struct MemoryFs {
    files: BTreeMap<PathBuf, String>,
}

impl MemoryFs {
    fn new(files: &[(&str, &str)]) -> Self {
        Self {
            files: files
                .iter()
                .map(|(path, text)| (Path::new("/repo").join(path), text.to_string()))
                .collect(),
        }
    }

    fn is_dir(&self, path: &Path) -> bool {
        self.files
            .keys()
            .any(|file| file.starts_with(path) && file != path)
    }
}

impl FileSystem for MemoryFs {
    fn read(&self, path: &Path, limit: u64) -> io::Result<Vec<u8>> {
        let text = self
            .files
            .get(path)
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "not found"))?;
        Ok(text.as_bytes()[..text.len().min(limit as usize)].to_vec())
    }

    fn read_dir(&self, dir: &Path) -> io::Result<Vec<DirEntry>> {
        let mut entries: BTreeMap<String, EntryKind> = BTreeMap::new();
        for (file, text) in &self.files {
            let Ok(rest) = file.strip_prefix(dir) else {
                continue;
            };
            let mut parts = rest.components();
            let Some(first) = parts.next() else { continue };
            let name = first.as_os_str().to_string_lossy().into_owned();
            let kind = if parts.next().is_some() {
                EntryKind::Dir
            } else if text.starts_with('@') {
                EntryKind::Symlink
            } else {
                EntryKind::File
            };
            entries.insert(name, kind);
        }
        Ok(entries
            .into_iter()
            .map(|(name, kind)| DirEntry { name, kind })
            .collect())
    }

    fn kind(&self, path: &Path) -> io::Result<EntryKind> {
        if self.files.contains_key(path) {
            Ok(EntryKind::File)
        } else if self.is_dir(path) {
            Ok(EntryKind::Dir)
        } else {
            Err(io::Error::new(io::ErrorKind::NotFound, "not found"))
        }
    }
}

const COMPOSE: &str = "services:\n  web:\n    image: nginx\n";

fn tree() -> MemoryFs {
    MemoryFs::new(&[
        (".git/HEAD", "ref: refs/heads/main\n"),
        (".git/info/exclude", "secret-area/\n"),
        (".gitignore", "build/\n!build/keep/\n*.gen.yaml\n"),
        ("Dockerfile", "FROM alpine\n"),
        ("compose.yaml", COMPOSE),
        ("build/Dockerfile", "FROM alpine\n"),
        ("build/keep/Dockerfile", "FROM alpine\n"),
        ("secret-area/Dockerfile", "FROM alpine\n"),
        ("deploy/app.yaml", "apiVersion: v1\nkind: Pod\n"),
        ("deploy/app.gen.yaml", "apiVersion: v1\nkind: Pod\n"),
        ("deploy/.ignore", "legacy.yaml\n"),
        ("deploy/legacy.yaml", "apiVersion: v1\nkind: Pod\n"),
        ("deploy/linked.yaml", "@../compose.yaml"),
        (".devcontainer/Dockerfile", "FROM node:22\n"),
        ("vendor/.shipshape.toml", "exclude = [\"skip\"]\n"),
        ("vendor/skip/Dockerfile", "FROM alpine\n"),
        ("vendor/keep/Dockerfile", "FROM alpine\n"),
        ("README.md", "FROM alpine\n"),
    ])
}

fn request(paths: &[&str]) -> Request {
    let mut request = Request::new(PathBuf::from("/repo"));
    request.paths = paths.iter().map(|path| path.to_string()).collect();
    request
}

fn found(fs: &MemoryFs, request: &Request) -> Vec<(String, Selection)> {
    discover(fs, request)
        .expect("discover")
        .inputs
        .into_iter()
        .map(|input| (input.display, input.selection))
        .collect()
}

#[test]
fn a_walk_honours_gitignore_ignore_exclude_files_and_configurations() {
    use shipshape_core::FileKind::{Compose, Dockerfile};
    let fs = tree();
    assert_eq!(
        found(&fs, &request(&[])),
        vec![
            (
                ".devcontainer/Dockerfile".into(),
                Selection::Named(Dockerfile)
            ),
            ("Dockerfile".into(), Selection::Named(Dockerfile)),
            // `build/` is ignored, so git never looks inside it: `!build/keep/` cannot bring it back.
            ("compose.yaml".into(), Selection::Named(Compose)),
            ("deploy/app.yaml".into(), Selection::SniffYaml),
            (
                "vendor/keep/Dockerfile".into(),
                Selection::Named(Dockerfile)
            ),
        ]
    );
}

#[test]
fn a_walk_below_the_top_still_applies_the_rules_above_it() {
    let fs = tree();
    let names: Vec<String> = found(&fs, &request(&["deploy"]))
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    assert_eq!(names, vec!["deploy/app.yaml".to_string()]);
}

#[test]
fn globs_pick_among_walked_files_and_bang_globs_leave_files_out() {
    let fs = tree();
    let names: Vec<String> = found(&fs, &request(&["**/Dockerfile", "!.devcontainer/**"]))
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    assert_eq!(
        names,
        vec![
            "Dockerfile".to_string(),
            "vendor/keep/Dockerfile".to_string()
        ]
    );
}

#[test]
fn named_files_are_always_checked_and_missing_ones_stop_the_run() {
    let fs = tree();
    let inputs = discover(&fs, &request(&["README.md", "build/Dockerfile", "-"]))
        .expect("discover")
        .inputs;
    let shown: Vec<(&str, Selection, bool)> = inputs
        .iter()
        .map(|input| {
            (
                input.display.as_str(),
                input.selection,
                input.source == Source::Stdin,
            )
        })
        .collect();
    assert_eq!(
        shown,
        vec![
            ("-", Selection::Explicit, true),
            ("README.md", Selection::Explicit, false),
            ("build/Dockerfile", Selection::Explicit, false),
        ]
    );
    let error = discover(&fs, &request(&["nope/compose.yaml"])).expect_err("missing");
    assert_eq!(
        error.message(),
        "nope/compose.yaml: No such file or directory"
    );
}

#[test]
fn the_nearest_configuration_applies_and_a_fixed_one_overrides_it() {
    let fs = tree();
    let inputs = discover(&fs, &request(&["vendor"]))
        .expect("discover")
        .inputs;
    assert_eq!(inputs.len(), 1);
    assert_eq!(
        inputs[0].config.path.as_deref(),
        Some(Path::new("/repo/vendor/.shipshape.toml"))
    );
    let mut defaults = request(&["vendor"]);
    defaults.config = ConfigChoice::Defaults;
    assert_eq!(found(&fs, &defaults).len(), 2);
    let mut fixed = request(&["vendor"]);
    fixed.config = ConfigChoice::File(PathBuf::from("missing.toml"));
    let error = discover(&fs, &fixed).expect_err("missing config");
    assert!(
        error
            .message()
            .starts_with("cannot read configuration missing.toml: "),
        "{error}"
    );
}

#[test]
fn only_keeps_the_files_named() {
    let fs = tree();
    let mut request = request(&[]);
    request.only = Some(vec!["compose.yaml".to_string()]);
    let names: Vec<String> = found(&fs, &request)
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    assert_eq!(names, vec!["compose.yaml".to_string()]);
}

/// The kinds of SPEC 2b, and files that only look like them.
fn run_kinds_tree() -> MemoryFs {
    MemoryFs::new(&[
        (".git/HEAD", "ref: refs/heads/main\n"),
        (".devcontainer/devcontainer.json", "{ \"image\": \"x\", \"privileged\": true }\n"),
        (".devcontainer/gpu/devcontainer.json", "{ \"image\": \"x\" }\n"),
        (".devcontainer.json", "{ \"image\": \"x\" }\n"),
        (".vscode/settings.json", "{ \"privileged\": true }\n"),
        ("devcontainer.json", "{ \"image\": \"x\" }\n"),
        (".github/workflows/ci.yml", "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n"),
        (".github/dependabot.yml", "version: 2\n"),
        (".gitlab-ci.yml", "test:\n  script:\n    - make test\n"),
        ("deploy/web.container", "[Unit]\nDescription=web\n[Container]\nImage=nginx\n"),
        ("deploy/notes.container", "not a unit\n"),
        ("deploy/web.service", "[Unit]\nDescription=web\n[Service]\nExecStart=/usr/bin/podman run --privileged nginx\n"),
        ("scripts/run.sh", "#!/bin/sh\ndocker run --privileged app\n"),
        ("scripts/build.sh", "#!/bin/sh\ndocker build -t app .\n"),
        ("scripts/start", "#!/usr/bin/env bash\nexec podman run -d app\n"),
        ("scripts/notes", "docker run --privileged app\n"),
        ("Makefile", "up:\n\tdocker run -d app\n"),
        ("tools/build.mk", "build:\n\tgo build ./...\n"),
    ])
}

#[test]
fn a_walk_finds_every_new_kind_and_nothing_that_only_resembles_one() {
    use shipshape_core::FileKind;
    use shipshape_workspace::Checks;
    let fs = run_kinds_tree();
    let discovered = discover(&fs, &request(&[])).expect("discover");
    let report = shipshape_workspace::check(&fs, discovered, None, &Checks::default(), &|| {});
    let kinds: Vec<(&str, FileKind)> = report
        .files
        .iter()
        .map(|file| (file.path.as_str(), file.kind))
        .collect();
    assert_eq!(
        kinds,
        vec![
            (".devcontainer.json", FileKind::Devcontainer),
            (".devcontainer/devcontainer.json", FileKind::Devcontainer),
            (
                ".devcontainer/gpu/devcontainer.json",
                FileKind::Devcontainer
            ),
            (".github/workflows/ci.yml", FileKind::GithubActions),
            (".gitlab-ci.yml", FileKind::GitlabCi),
            ("Makefile", FileKind::Makefile),
            ("deploy/web.container", FileKind::Quadlet),
            ("scripts/run.sh", FileKind::Shell),
            ("scripts/start", FileKind::Shell),
        ]
    );
    // Named explicitly, a script without a container command is still a script (checked clean).
    let discovered = discover(&fs, &request(&["scripts/build.sh"])).expect("discover");
    let report = shipshape_workspace::check(&fs, discovered, None, &Checks::default(), &|| {});
    assert_eq!(report.files[0].kind, FileKind::Shell);
    assert!(report.files[0].findings.is_empty());
}

/// SPEC 2b: the files a dev container builds from are checked in their own right when walking,
/// whatever they are called; only existing files inside the walked directory.
#[test]
fn a_walk_adds_the_files_a_dev_container_builds_from() {
    use shipshape_core::FileKind;
    use shipshape_workspace::Checks;
    let fs = MemoryFs::new(&[
        (".git/HEAD", "ref: refs/heads/main\n"),
        (
            ".devcontainer/devcontainer.json",
            "{\n  // the stack\n  \"dockerComposeFile\": [\"../stack/dev-services.yml\", \"missing.yml\"],\n  \"service\": \"app\",\n}\n",
        ),
        (
            "tools/.devcontainer/devcontainer.json",
            "{ \"build\": { \"dockerfile\": \"../../docker/devimage\" } }\n",
        ),
        ("stack/dev-services.yml", "services:\n  app:\n    image: node:22\n    privileged: true\n"),
        ("docker/devimage", "FROM node:22\nUSER node\n"),
        ("docker/unreferenced", "FROM node:22\n"),
    ]);
    let kinds = |paths: &[&str]| -> Vec<(String, FileKind)> {
        let discovered = discover(&fs, &request(paths)).expect("discover");
        let report = shipshape_workspace::check(&fs, discovered, None, &Checks::default(), &|| {});
        report
            .files
            .iter()
            .map(|file| (file.path.clone(), file.kind))
            .collect()
    };
    assert_eq!(
        kinds(&[]),
        vec![
            (
                ".devcontainer/devcontainer.json".to_string(),
                FileKind::Devcontainer
            ),
            ("docker/devimage".to_string(), FileKind::Dockerfile),
            ("stack/dev-services.yml".to_string(), FileKind::Compose),
            (
                "tools/.devcontainer/devcontainer.json".to_string(),
                FileKind::Devcontainer
            ),
        ]
    );
    // Walking `tools/` alone does not reach `docker/`, outside it.
    assert_eq!(
        kinds(&["tools"]),
        vec![(
            "tools/.devcontainer/devcontainer.json".to_string(),
            FileKind::Devcontainer
        )]
    );
}

/// Records the reads it passes on.
struct Recording<'a> {
    inner: &'a MemoryFs,
    reads: std::sync::Mutex<Vec<(PathBuf, u64)>>,
}

impl FileSystem for Recording<'_> {
    fn read(&self, path: &Path, limit: u64) -> io::Result<Vec<u8>> {
        if let Ok(mut reads) = self.reads.lock() {
            reads.push((path.to_path_buf(), limit));
        }
        self.inner.read(path, limit)
    }
    fn read_dir(&self, dir: &Path) -> io::Result<Vec<DirEntry>> {
        self.inner.read_dir(dir)
    }
    fn kind(&self, path: &Path) -> io::Result<EntryKind> {
        self.inner.kind(path)
    }
}

/// A walked file without an extension is read whole only when its first line is a shell
/// shebang: a built binary or a data file costs a 256-byte read.
#[test]
fn extensionless_files_are_read_whole_only_after_a_shebang() {
    use shipshape_workspace::Checks;
    let binary = format!("\u{7f}ELF{}", "x".repeat(100_000));
    let memory = MemoryFs::new(&[
        (".git/HEAD", "ref: refs/heads/main\n"),
        ("bin/tool", binary.as_str()),
        (
            "scripts/start",
            "#!/bin/sh\ndocker run -d --restart=always app\n",
        ),
    ]);
    let fs = Recording {
        inner: &memory,
        reads: std::sync::Mutex::new(Vec::new()),
    };
    let discovered = discover(&fs, &request(&[])).expect("discover");
    let report = shipshape_workspace::check(&fs, discovered, None, &Checks::default(), &|| {});
    let paths: Vec<&str> = report.files.iter().map(|file| file.path.as_str()).collect();
    assert_eq!(paths, vec!["scripts/start"]);
    let reads_of = |name: &str| -> Vec<u64> {
        let reads = fs.reads.lock().expect("lock");
        reads
            .iter()
            .filter(|(path, _)| path == &PathBuf::from("/repo").join(name))
            .map(|(_, limit)| *limit)
            .collect()
    };
    assert_eq!(reads_of("bin/tool"), vec![256]);
    let start = reads_of("scripts/start");
    assert_eq!(start.len(), 2, "{start:?}");
    assert_eq!(start[0], 256);
    assert!(start[1] > 1_000_000, "{start:?}");
}
