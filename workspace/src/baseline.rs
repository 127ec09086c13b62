//! Baselines: the findings a project has accepted for now, so that a check reports only new
//! ones (`shipshape check --write-baseline FILE`, then `--baseline FILE` or `baseline = "FILE"`
//! in `.shipshape.toml`).
//!
//! A finding is known by its path (relative to the baseline file's directory, so that the
//! baseline works from any working directory), its code and its fingerprint: the one SARIF and
//! GitLab reports carry ([`crate::render::fingerprint`]), which hashes the rule, the path, the
//! object and the finding's line(s) with its secret masked, never the position. Lines moving
//! above a finding leave it matched. Matching counts: a baseline holding one entry hides one
//! finding, so a second identical problem is reported.
//!
//! The file is JSON, one entry per line, sorted, so that it diffs well under version control:
//!
//! ```json
//! {
//!   "version": 1,
//!   "findings": [
//!     {"path": "compose.yaml", "code": "SS101", "fingerprint": "0f3c..."}
//!   ]
//! }
//! ```
//!
//! It holds no source text: secrets in the checked files never reach it.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use shipshape_core::Finding;

use crate::check::CheckedFile;
use crate::fs::{display_path, FileSystem};
use crate::render::fingerprint;
use crate::Error;

/// The version of the baseline file format this build reads and writes.
pub const BASELINE_VERSION: u32 = 1;

/// Baseline files larger than this are refused (a baseline entry is about 100 bytes).
const MAX_BASELINE_SIZE: u64 = 64 * 1024 * 1024;

/// One accepted finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Entry {
    /// The file, relative to the baseline's directory, `/`-separated (standard input: the name
    /// it went by).
    pub path: String,
    pub code: String,
    pub fingerprint: String,
}

#[derive(Deserialize)]
struct BaselineFile {
    version: u32,
    findings: Vec<Entry>,
}

/// A multiset of accepted findings, and the directory their paths are relative to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Baseline {
    /// Where entry paths are relative to (absolute).
    pub dir: PathBuf,
    entries: BTreeMap<Entry, usize>,
}

impl Baseline {
    /// The findings of `files` as a baseline whose file will sit in `dir` (absolute).
    pub fn of(files: &[CheckedFile], dir: &Path) -> Self {
        let mut entries = BTreeMap::new();
        for file in files {
            for entry in entries_of(file, dir) {
                *entries.entry(entry).or_insert(0) += 1;
            }
        }
        Self {
            dir: dir.to_path_buf(),
            entries,
        }
    }

    /// How many findings it accepts.
    pub fn len(&self) -> usize {
        self.entries.values().sum()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The file's contents: sorted, one entry per line, ending with a newline.
    pub fn to_json(&self) -> String {
        let mut out = format!("{{\n  \"version\": {BASELINE_VERSION},\n  \"findings\": [");
        let mut first = true;
        for (entry, &count) in &self.entries {
            for _ in 0..count {
                out.push_str(if first { "\n    " } else { ",\n    " });
                first = false;
                // Serialising three strings cannot fail.
                out.push_str(&serde_json::to_string(entry).unwrap_or_default());
            }
        }
        out.push_str(if first { "]\n}\n" } else { "\n  ]\n}\n" });
        out
    }

    /// Parse a baseline file's contents; `display` names it in errors, `dir` is its directory.
    pub fn parse(text: &str, display: &str, dir: &Path) -> Result<Self, Error> {
        let file: BaselineFile = serde_json::from_str(text).map_err(|error| {
            let message = error.to_string();
            let suffix = format!(" at line {} column {}", error.line(), error.column());
            let message = message.strip_suffix(&suffix).unwrap_or(&message);
            Error::new(format!(
                "invalid baseline {display}:{}:{}: {message}",
                error.line(),
                error.column()
            ))
        })?;
        if file.version != BASELINE_VERSION {
            return Err(Error::new(format!(
                "baseline {display} has version {}; this shipshape reads version {BASELINE_VERSION} (write it again with `shipshape check --write-baseline {display}`)",
                file.version
            )));
        }
        let mut entries = BTreeMap::new();
        for entry in file.findings {
            *entries.entry(entry).or_insert(0) += 1;
        }
        Ok(Self {
            dir: dir.to_path_buf(),
            entries,
        })
    }

    /// Read and parse the baseline at `path` (absolute); `display` names it in errors.
    pub fn load(fs: &dyn FileSystem, path: &Path, display: &str) -> Result<Self, Error> {
        let bytes = fs
            .read(path, MAX_BASELINE_SIZE + 1)
            .map_err(|error| Error::new(format!("cannot read baseline {display}: {error}")))?;
        if bytes.len() as u64 > MAX_BASELINE_SIZE {
            return Err(Error::new(format!(
                "baseline {display} is larger than {} MiB",
                MAX_BASELINE_SIZE / 1024 / 1024
            )));
        }
        let text = String::from_utf8(bytes)
            .map_err(|_| Error::new(format!("invalid baseline {display}: not UTF-8")))?;
        let dir = path
            .parent()
            .map_or_else(|| PathBuf::from("/"), Path::to_path_buf);
        Self::parse(&text, display, &dir)
    }

    /// Remove from `file` the findings the baseline accepts, each entry hiding at most one
    /// finding; returns how many were hidden. `remaining` counts the entries not used yet across
    /// the files of a run (see [`Baseline::filter`]).
    fn hide(&self, file: &mut CheckedFile, remaining: &mut HashMap<Entry, usize>) -> usize {
        let keys = entries_of(file, &self.dir);
        let mut keep = keys.iter().map(|key| {
            let left = remaining
                .entry(key.clone())
                .or_insert_with(|| self.entries.get(key).copied().unwrap_or(0));
            if *left > 0 {
                *left -= 1;
                false
            } else {
                true
            }
        });
        let before = file.findings.len();
        file.findings.retain(|_| keep.next().unwrap_or(true));
        before - file.findings.len()
    }

    /// Remove from `files` the findings the baseline accepts; returns how many were hidden.
    pub fn filter(&self, files: &mut [CheckedFile]) -> usize {
        let mut remaining = HashMap::new();
        files
            .iter_mut()
            .map(|file| self.hide(file, &mut remaining))
            .sum()
    }
}

/// The baseline keys of a file's findings, parallel to `file.findings`.
fn entries_of(file: &CheckedFile, dir: &Path) -> Vec<Entry> {
    let path = match &file.file {
        Some(absolute) => relative_path(absolute, dir),
        None => file.path.replace('\\', "/"),
    };
    let findings: Vec<&Finding> = file.findings.iter().collect();
    fingerprint::fingerprints(&path, &file.text, &file.lines, &findings)
        .into_iter()
        .zip(&file.findings)
        .map(|(fingerprint, finding)| Entry {
            path: path.clone(),
            code: finding.code.clone(),
            fingerprint,
        })
        .collect()
}

/// `path` relative to `dir` (both absolute), `/`-separated, with `..` where it lies outside
/// `dir`, so that a baseline kept in a subdirectory (`ci/baseline.json`) names the same files on
/// every machine.
fn relative_path(path: &Path, dir: &Path) -> String {
    let path: Vec<_> = path.components().collect();
    let dir: Vec<_> = dir.components().collect();
    let common = path.iter().zip(&dir).take_while(|(a, b)| a == b).count();
    if common == 0 {
        // Another drive or root: nothing relative to say.
        return display_path(&path.iter().collect::<PathBuf>(), Path::new(""));
    }
    let ups = dir.len() - common;
    let mut parts: Vec<String> = vec!["..".to_string(); ups];
    parts.extend(
        path[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

/// Which baseline applies to the files of a run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum BaselineChoice {
    /// Each file's configuration's `baseline`, if it names one.
    #[default]
    Configured,
    /// This file (absolute) for every file (`--baseline FILE`).
    File(PathBuf),
    /// None (`--no-baseline`).
    Off,
}

/// Hide the findings of `files` that their baseline accepts (see [`BaselineChoice`]); returns
/// how many were hidden. `root` is what error messages name baseline files relative to. `Err`: a
/// baseline that cannot be read or parsed.
pub fn apply(
    fs: &dyn FileSystem,
    choice: &BaselineChoice,
    files: &mut [CheckedFile],
    root: &Path,
) -> Result<usize, Error> {
    // Files grouped by the baseline that applies to them, each baseline loaded once.
    let mut by_baseline: BTreeMap<PathBuf, Vec<usize>> = BTreeMap::new();
    for (index, file) in files.iter().enumerate() {
        let path = match choice {
            BaselineChoice::Off => None,
            BaselineChoice::File(path) => Some(path.clone()),
            BaselineChoice::Configured => file
                .config
                .config
                .baseline
                .as_deref()
                .map(|path| crate::fs::absolute(&file.config.dir, Path::new(path))),
        };
        if let Some(path) = path {
            by_baseline.entry(path).or_default().push(index);
        }
    }
    let mut hidden = 0;
    for (path, indices) in by_baseline {
        let baseline = Baseline::load(fs, &path, &display_path(&path, root))?;
        let mut remaining = HashMap::new();
        for index in indices {
            if let Some(file) = files.get_mut(index) {
                hidden += baseline.hide(file, &mut remaining);
            }
        }
    }
    Ok(hidden)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    use shipshape_core::{FileKind, LineIndex, Severity, TextRange};

    use crate::fs::NativeFileSystem;
    use crate::LoadedConfig;

    fn finding(code: &str, text: &str, needle: &str, nth: usize) -> Finding {
        let start = text.match_indices(needle).nth(nth).map_or(0, |(i, _)| i);
        Finding {
            code: code.to_string(),
            name: "n".to_string(),
            severity: Severity::Warning,
            message: "m".to_string(),
            range: TextRange::new(start, start + needle.len()),
            object: None,
            fixes: Vec::new(),
            anchor: None,
            redact: None,
            related: Vec::new(),
            text: None,
        }
    }

    fn file(dir: &Path, name: &str, text: &str, findings: Vec<Finding>) -> CheckedFile {
        CheckedFile {
            path: name.to_string(),
            file: Some(dir.join(name)),
            kind: FileKind::Dockerfile,
            lines: LineIndex::new(text),
            text: text.to_string(),
            complete: true,
            around: Default::default(),
            findings,
            config: Arc::new(LoadedConfig::defaults(dir.to_path_buf())),
        }
    }

    fn codes(file: &CheckedFile) -> Vec<(String, usize)> {
        file.findings
            .iter()
            .map(|f| (f.code.clone(), f.range.start))
            .collect()
    }

    #[test]
    fn matching_is_a_multiset_and_survives_moved_lines() {
        let dir = Path::new("/project");
        let old = "FROM a\nUSER root\n";
        let base = Baseline::of(
            &[file(
                dir,
                "Dockerfile",
                old,
                vec![finding("SS201", old, "USER root", 0)],
            )],
            dir,
        );
        assert_eq!(base.len(), 1);
        // Lines inserted above, and the same problem a second time below.
        let new = "# header\n\nFROM a\nUSER root\nUSER root\n";
        let mut files = [file(
            dir,
            "Dockerfile",
            new,
            vec![
                finding("SS201", new, "USER root", 1),
                finding("SS201", new, "USER root", 0),
            ],
        )];
        assert_eq!(base.filter(&mut files), 1);
        assert_eq!(codes(&files[0]), [("SS201".to_string(), 27)]);
        // The same file under another name is not accepted.
        let mut other = [file(
            dir,
            "sub/Dockerfile",
            old,
            vec![finding("SS201", old, "USER root", 0)],
        )];
        assert_eq!(base.filter(&mut other), 0);
        assert_eq!(other[0].findings.len(), 1);
    }

    #[test]
    fn entries_repeat_and_the_file_round_trips_sorted() {
        let dir = Path::new("/project");
        let text = "FROM a\nUSER root\nUSER root\n";
        let files = [
            file(
                dir,
                "b/Dockerfile",
                text,
                vec![
                    finding("SS201", text, "USER root", 1),
                    finding("SS201", text, "USER root", 0),
                ],
            ),
            file(
                dir,
                "a/Dockerfile",
                text,
                vec![finding("SS102", text, "FROM a", 0)],
            ),
        ];
        let base = Baseline::of(&files, dir);
        let json = base.to_json();
        let lines: Vec<&str> = json.lines().collect();
        assert_eq!(lines.len(), 8, "{json}");
        assert_eq!(lines[0..3], ["{", "  \"version\": 1,", "  \"findings\": ["]);
        assert!(lines[3]
            .starts_with("    {\"path\":\"a/Dockerfile\",\"code\":\"SS102\",\"fingerprint\":\""));
        for line in &lines[4..6] {
            assert!(line.starts_with("    {\"path\":\"b/Dockerfile\",\"code\":\"SS201\""));
        }
        assert!(lines[4] < lines[5], "sorted: {json}");
        assert!(lines[4].ends_with("\"},") && lines[5].ends_with("\"}"));
        assert_eq!(lines[6..], ["  ]", "}"]);
        assert_eq!(Baseline::parse(&json, "b.json", dir), Ok(base.clone()));
        // Writing it again gives the same bytes.
        assert_eq!(Baseline::of(&files, dir).to_json(), json);
        assert_eq!(
            Baseline::of(&[], dir).to_json(),
            "{\n  \"version\": 1,\n  \"findings\": []\n}\n"
        );
    }

    #[test]
    fn a_repeated_entry_hides_as_many_findings() {
        let dir = Path::new("/p");
        let text = "FROM a\n";
        let entry = Entry {
            path: "Dockerfile".into(),
            code: "SS102".into(),
            fingerprint: "f".into(),
        };
        let json = format!(
            "{{\"version\":1,\"findings\":[{0},{0}]}}",
            serde_json::to_string(&entry).unwrap_or_default()
        );
        let base = Baseline::parse(&json, "b.json", dir).expect("valid");
        assert_eq!(base.len(), 2);
        // Unknown fingerprints hide nothing.
        let mut files = [file(
            dir,
            "Dockerfile",
            text,
            vec![finding("SS102", text, "FROM", 0)],
        )];
        assert_eq!(base.filter(&mut files), 0);
    }

    #[test]
    fn paths_are_relative_to_the_baseline_not_the_working_directory() {
        let text = "FROM a\n";
        let at_root = file(
            Path::new("/p"),
            "app/Dockerfile",
            text,
            vec![finding("SS102", text, "FROM a", 0)],
        );
        let base = Baseline::of(std::slice::from_ref(&at_root), Path::new("/p"));
        // Run from /p/app: the file shows as `Dockerfile`, it is the same file.
        let mut from_app = file(
            Path::new("/p/app"),
            "Dockerfile",
            text,
            vec![finding("SS102", text, "FROM a", 0)],
        );
        from_app.path = "Dockerfile".into();
        assert_eq!(base.filter(std::slice::from_mut(&mut from_app)), 1);
    }

    #[test]
    fn no_secret_reaches_the_file() {
        let dir = Path::new("/p");
        let secret = "ghp_abcdefghijklmnopqrstuvwxyz0123456789";
        let text = format!("FROM a\nENV TOKEN={secret}\n");
        let mut f = finding("SS501", &text, secret, 0);
        f.redact = Some(f.range);
        f.message = format!("`TOKEN` holds {secret}");
        f.object = Some(format!("stage {secret}"));
        let files = [file(dir, "Dockerfile", &text, vec![f])];
        let json = Baseline::of(&files, dir).to_json();
        assert!(!json.contains(secret), "{json}");
        assert!(!json.contains("ghp_"), "{json}");
        // The fingerprint hashes the masked line: another value of the same secret matches.
        let other = text.replace(secret, "ghp_ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210");
        let mut g = finding("SS501", &other, "ghp_ZYX", 0);
        g.range.end = g.range.start + secret.len();
        g.redact = Some(g.range);
        g.object = Some(format!("stage {secret}"));
        let mut rotated = [file(dir, "Dockerfile", &other, vec![g])];
        assert_eq!(Baseline::of(&files, dir).filter(&mut rotated), 1);
    }

    #[test]
    fn relative_paths() {
        let rel = |a: &str, b: &str| relative_path(Path::new(a), Path::new(b));
        assert_eq!(rel("/p/app/Dockerfile", "/p"), "app/Dockerfile");
        assert_eq!(rel("/p/Dockerfile", "/p/ci"), "../Dockerfile");
        assert_eq!(rel("/q/x/Dockerfile", "/p/ci"), "../../q/x/Dockerfile");
    }

    #[test]
    fn a_missing_file_names_its_path() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("nope.json");
        let error = Baseline::load(&NativeFileSystem, &path, "nope.json").unwrap_err();
        assert!(
            error
                .message()
                .starts_with("cannot read baseline nope.json: "),
            "{error}"
        );
    }

    #[test]
    fn malformed_json_says_line_and_column() {
        let dir = Path::new("/p");
        let error = Baseline::parse("{\n  \"version\": 1,\n  \"findings\": [}\n", "b.json", dir)
            .unwrap_err();
        assert_eq!(
            error.message(),
            "invalid baseline b.json:3:16: expected value"
        );
        let error = Baseline::parse("{\"version\": 1}", "b.json", dir).unwrap_err();
        assert_eq!(
            error.message(),
            "invalid baseline b.json:1:14: missing field `findings`"
        );
        let error =
            Baseline::parse("{\"version\": 2, \"findings\": []}", "b.json", dir).unwrap_err();
        assert_eq!(
            error.message(),
            "baseline b.json has version 2; this shipshape reads version 1 (write it again with `shipshape check --write-baseline b.json`)"
        );
    }

    #[test]
    fn apply_loads_the_configured_baseline_relative_to_the_config() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        let text = "FROM a\n";
        let mut config = LoadedConfig::defaults(root.to_path_buf());
        config.config.baseline = Some("ci/baseline.json".into());
        let mut checked = file(
            root,
            "Dockerfile",
            text,
            vec![finding("SS102", text, "FROM a", 0)],
        );
        checked.config = Arc::new(config);
        let error = apply(
            &NativeFileSystem,
            &BaselineChoice::Configured,
            std::slice::from_mut(&mut checked),
            root,
        )
        .unwrap_err();
        assert!(
            error
                .message()
                .starts_with("cannot read baseline ci/baseline.json: "),
            "{error}"
        );
        std::fs::create_dir(root.join("ci")).expect("mkdir");
        let base = Baseline::of(std::slice::from_ref(&checked), &root.join("ci"));
        std::fs::write(root.join("ci/baseline.json"), base.to_json()).expect("write");
        assert!(base.to_json().contains("\"path\":\"../Dockerfile\""));
        let hidden = apply(
            &NativeFileSystem,
            &BaselineChoice::Configured,
            std::slice::from_mut(&mut checked),
            root,
        )
        .expect("applied");
        assert_eq!((hidden, checked.findings.len()), (1, 0));
        let mut again = file(
            root,
            "Dockerfile",
            text,
            vec![finding("SS102", text, "FROM a", 0)],
        );
        let off = apply(
            &NativeFileSystem,
            &BaselineChoice::Off,
            std::slice::from_mut(&mut again),
            root,
        );
        assert_eq!(off, Ok(0));
    }
}
