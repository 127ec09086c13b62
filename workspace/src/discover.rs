//! Turning the paths a user gave into the list of files to check.
//!
//! - A file named explicitly is always checked (a file of no known kind gets SS000).
//! - A directory is walked: `.gitignore` and `.ignore` files are honoured (those of the walked
//!   directory's ancestors too, up to the repository's top, the first directory holding `.git`,
//!   and that repository's `.git/info/exclude`); dot-directories (`.devcontainer/`, `.github/`)
//!   are entered, `.git/` never; symbolic links are not followed. Files found by walking are
//!   picked by name (Dockerfiles, compose names) or, for other YAML, by content (decided once
//!   the file is read), and left out by `--exclude` and the configuration's `include`/`exclude`.
//!   The files a walked `devcontainer.json` builds from (`dockerComposeFile`, `build.dockerfile`)
//!   are added with that kind whatever their names, when they lie inside the walked directory.
//! - An entry holding glob characters that names no existing path is a glob relative to the
//!   current directory; `!glob` leaves files out. Globs pick among the files a walk of the
//!   current directory finds, so they follow the same rules.
//! - `-` is standard input.
//!
//! Git's global excludes file (`core.excludesFile`) is not read: it belongs to one user's machine,
//! and a CI run must see the files a colleague's run sees.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::Glob;
use shipshape_core::document::NameHint;
use shipshape_core::FileKind;

use crate::config::{clean_glob, matches_path, ConfigResolver, LoadedConfig};
use crate::fs::{absolute, display_path, EntryKind, FileSystem};
use crate::glob::{Gitignore, GitignoreBuilder, GlobSet, GlobSetBuilder};
use crate::Error;

/// Where an input's text comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Stdin,
    /// Absolute path.
    File(PathBuf),
}

/// How the kind of an input is decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Selection {
    /// Named by the user (or stdin): always checked; a file of no known kind gets SS000.
    Explicit,
    /// Found by walking, kind known from the name.
    Named(FileKind),
    /// Found by walking, a YAML file: compose or Kubernetes by content, else silently skipped.
    SniffYaml,
    /// Found by walking, named like this kind (`*.container`, `*.sh`, `Makefile`): checked only
    /// when the content confirms it (a `[Container]` section, a container command).
    Confirm(FileKind),
    /// Found by walking, a file without an extension: a shell script if it has a shell shebang
    /// and runs a container.
    SniffScript,
}

impl Selection {
    /// How a file found by walking is picked, from its path (relative or absolute: the
    /// directories matter for `.devcontainer/` and `.github/workflows/`) alone (`None`: not
    /// worth reading).
    pub fn for_walked(path: &str) -> Option<Self> {
        match FileKind::from_file_name(path) {
            NameHint::Kind(kind) => Some(Selection::Named(kind)),
            NameHint::Confirm(kind) => Some(Selection::Confirm(kind)),
            NameHint::Yaml => Some(Selection::SniffYaml),
            NameHint::Script => Some(Selection::SniffScript),
            NameHint::Unknown => None,
        }
    }

    /// The kind to check a file as, once its text is known (`None`: a walked YAML file that is
    /// neither compose nor Kubernetes, skipped silently).
    pub fn kind(self, path: &str, text: &str) -> Option<FileKind> {
        match self {
            Selection::Explicit => Some(FileKind::detect(path, text)),
            Selection::Named(kind) => Some(kind),
            Selection::SniffYaml => match FileKind::from_content(text) {
                kind @ (FileKind::Compose | FileKind::Kubernetes) => Some(kind),
                _ => None,
            },
            Selection::Confirm(kind) => kind.confirms(text).then_some(kind),
            Selection::SniffScript => (FileKind::has_shell_shebang(text)
                && FileKind::Shell.confirms(text))
            .then_some(FileKind::Shell),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Input {
    pub source: Source,
    /// The path shown in output: relative to the root with `/` separators, or absolute.
    pub display: String,
    pub selection: Selection,
    pub config: Arc<LoadedConfig>,
}

/// What discovery found.
#[derive(Debug, Default)]
pub struct Discovered {
    /// Sorted by display path (stdin first where it was given).
    pub inputs: Vec<Input>,
    /// Directories that could not be read: the run goes on, and ends with exit code 2.
    pub errors: Vec<String>,
}

/// What to look for.
pub struct DiscoverOptions<'a> {
    /// Relative paths and globs are resolved against this directory (absolute).
    pub cwd: &'a Path,
    /// Paths are shown relative to this directory (absolute).
    pub root: &'a Path,
    /// Files found by walking whose path relative to `cwd` matches are left out.
    pub excludes: &'a GlobSet,
    /// The name stdin's text goes by (its kind and configuration are those of that path).
    pub stdin_filename: Option<&'a str>,
}

const GLOB_CHARS: &[char] = &['*', '?', '[', ']', '{', '}', '!'];

/// Find the inputs named by `entries`. `Err`: a named path does not exist, or a configuration
/// or glob is invalid (the run stops: exit code 2).
pub fn discover(
    fs: &dyn FileSystem,
    entries: &[String],
    options: &DiscoverOptions,
    configs: &mut ConfigResolver,
) -> Result<Discovered, Error> {
    let mut found = Discovered::default();
    let mut seen: HashSet<PathBuf> = HashSet::new();
    let mut stdin = Vec::new();
    let mut files: Vec<Input> = Vec::new();
    let (globs, paths): (Vec<&String>, Vec<&String>) = entries.iter().partition(|entry| {
        entry.contains(GLOB_CHARS)
            && entry.as_str() != "-"
            && fs
                .kind(&absolute(options.cwd, Path::new(entry.as_str())))
                .is_err()
    });
    let (negative, positive): (Vec<&String>, Vec<&String>) =
        globs.into_iter().partition(|glob| glob.starts_with('!'));
    let negative = compile(negative.iter().map(|glob| &glob[1..]))?;
    let left_out = |file: &Path| -> bool {
        file.strip_prefix(options.cwd).is_ok_and(|relative| {
            matches_path(options.excludes, relative) || negative.is_match(relative)
        })
    };
    for entry in paths {
        if entry == "-" {
            let dir = match options.stdin_filename {
                Some(name) => absolute(options.cwd, Path::new(name))
                    .parent()
                    .map_or_else(|| options.cwd.to_path_buf(), Path::to_path_buf),
                None => options.cwd.to_path_buf(),
            };
            stdin.push(Input {
                source: Source::Stdin,
                display: options.stdin_filename.unwrap_or("-").to_string(),
                selection: Selection::Explicit,
                config: configs.for_dir(fs, &dir)?,
            });
            continue;
        }
        let abs = absolute(options.cwd, Path::new(entry));
        match fs.kind(&abs) {
            Ok(EntryKind::Dir) => {
                let walked = walk(fs, &abs, &mut found.errors);
                let mut devcontainers = Vec::new();
                for (file, selection) in walked {
                    if !left_out(&file) {
                        if selection == Selection::Named(FileKind::Devcontainer) {
                            devcontainers.push(file.clone());
                        }
                        add_walked(fs, file, selection, options, configs, &mut seen, &mut files)?;
                    }
                }
                for (file, kind) in devcontainer_references(fs, &abs, &devcontainers) {
                    let selection = Selection::Named(kind);
                    // Found already but only to be sniffed (`docker/devimage` as a script): the
                    // reference says what it is.
                    match files
                        .iter_mut()
                        .find(|input| matches!(&input.source, Source::File(path) if *path == file))
                    {
                        Some(input)
                            if !matches!(
                                input.selection,
                                Selection::Named(_) | Selection::Explicit
                            ) =>
                        {
                            input.selection = selection;
                        }
                        Some(_) => {}
                        None if !left_out(&file) => {
                            add_walked(
                                fs, file, selection, options, configs, &mut seen, &mut files,
                            )?;
                        }
                        None => {}
                    }
                }
            }
            Ok(_) => {
                if seen.insert(abs.clone()) {
                    let config = configs.for_dir(fs, abs.parent().unwrap_or(options.cwd))?;
                    files.push(Input {
                        display: display_path(&abs, options.root),
                        source: Source::File(abs),
                        selection: Selection::Explicit,
                        config,
                    });
                }
            }
            Err(error) => {
                let text = match error.kind() {
                    std::io::ErrorKind::NotFound => shipshape_core::Message::new("path-not-found")
                        .arg("path", entry.to_string()),
                    _ => shipshape_core::Message::new("path-unreadable")
                        .arg("path", entry.to_string())
                        .arg("reason", error.to_string()),
                };
                return Err(Error::text(text));
            }
        }
    }
    if !positive.is_empty() {
        let matcher = compile(positive.iter().map(|glob| glob.as_str()))?;
        for (file, selection) in walk(fs, options.cwd, &mut found.errors) {
            let Ok(relative) = file.strip_prefix(options.cwd) else {
                continue;
            };
            if matcher.is_match(relative) && !left_out(&file) {
                add_walked(fs, file, selection, options, configs, &mut seen, &mut files)?;
            }
        }
    }
    files.sort_by(|a, b| a.display.cmp(&b.display));
    found.inputs = stdin;
    found.inputs.extend(files);
    Ok(found)
}

/// A file found by walking, unless its configuration's `include`/`exclude` leaves it out or it
/// was found already.
fn add_walked(
    fs: &dyn FileSystem,
    file: PathBuf,
    selection: Selection,
    options: &DiscoverOptions,
    configs: &mut ConfigResolver,
    seen: &mut HashSet<PathBuf>,
    files: &mut Vec<Input>,
) -> Result<(), Error> {
    let config = configs.for_dir(fs, file.parent().unwrap_or(options.cwd))?;
    if !config.skips(&file) && seen.insert(file.clone()) {
        files.push(Input {
            display: display_path(&file, options.root),
            source: Source::File(file),
            selection,
            config,
        });
    }
    Ok(())
}

/// The largest `devcontainer.json` read for its references (a real one is a few KiB).
const DEVCONTAINER_READ_LIMIT: u64 = 1024 * 1024;

/// The files the walked dev containers build from (`dockerComposeFile`, `build.dockerfile`):
/// SPEC 2b checks them in their own right whatever they are called (`stack/dev-services.yml`,
/// `docker/devimage`), so a walk adds them with the kind the reference gives. Only existing files
/// inside the walked directory are added: a walk never reaches outside what the user asked for.
fn devcontainer_references(
    fs: &dyn FileSystem,
    walked: &Path,
    devcontainers: &[PathBuf],
) -> Vec<(PathBuf, FileKind)> {
    let mut found = Vec::new();
    for devcontainer in devcontainers {
        let (Some(dir), Ok(bytes)) = (
            devcontainer.parent(),
            fs.read(devcontainer, DEVCONTAINER_READ_LIMIT),
        ) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        for (reference, kind) in shipshape_core::runs::devcontainer::referenced_files(&text) {
            let file = absolute(dir, Path::new(&reference));
            let is_file = matches!(fs.kind(&file), Ok(EntryKind::File));
            if is_file
                && file.starts_with(walked)
                && !file.components().any(|c| c.as_os_str() == ".git")
            {
                found.push((file, kind));
            }
        }
    }
    found
}

/// Globs of the command line or the Action's `paths`: matched against whole relative paths.
fn compile<'a>(globs: impl Iterator<Item = &'a str>) -> Result<GlobSet, Error> {
    let mut builder = GlobSetBuilder::new();
    for glob in globs {
        let compiled = Glob::new(clean_glob(glob))
            .map_err(|error| Error::new(format!("invalid glob `{glob}`: {}", error.kind())))?;
        builder.add(compiled);
    }
    builder
        .build()
        .map_err(|error| Error::new(format!("invalid globs: {error}")))
}

/// The ignore files of one directory, as one matcher (`.ignore` after `.gitignore`, so that it
/// wins where both speak).
fn ignore_rules(fs: &dyn FileSystem, dir: &Path, names: &[&str]) -> Option<Gitignore> {
    let mut builder = GitignoreBuilder::new(dir);
    let mut any = false;
    for name in names {
        let Ok(text) = fs.read_to_string(&dir.join(name)) else {
            continue;
        };
        for line in text.lines() {
            // A line that is no valid glob is skipped, as git does.
            if builder.add_line(None, line).is_ok() {
                any = true;
            }
        }
    }
    if !any {
        return None;
    }
    builder.build().ok()
}

const IGNORE_FILES: &[&str] = &[".gitignore", ".ignore"];

/// Whether the deepest ignore file with something to say about `path` ignores it.
fn is_ignored(chain: &[Gitignore], path: &Path, is_dir: bool) -> bool {
    for rules in chain.iter().rev() {
        if path.strip_prefix(rules.path()).is_err() {
            continue;
        }
        let matched = rules.matched(path, is_dir);
        if matched.is_ignore() {
            return true;
        }
        if matched.is_whitelist() {
            return false;
        }
    }
    false
}

/// Every file below `start` worth reading, with how its kind is decided, sorted by path.
pub fn walk(
    fs: &dyn FileSystem,
    start: &Path,
    errors: &mut Vec<String>,
) -> Vec<(PathBuf, Selection)> {
    // The ignore rules of the directories above `start`, from the repository's top down.
    let mut ancestors: Vec<&Path> = Vec::new();
    for ancestor in start.ancestors().skip(1) {
        ancestors.push(ancestor);
        if matches!(fs.kind(&ancestor.join(".git")), Ok(EntryKind::Dir)) {
            break;
        }
    }
    let top = match fs.kind(&start.join(".git")) {
        Ok(EntryKind::Dir) => Some(start),
        _ => ancestors
            .last()
            .copied()
            .filter(|dir| matches!(fs.kind(&dir.join(".git")), Ok(EntryKind::Dir))),
    };
    let mut chain = Vec::new();
    if let Some(top) = top {
        // Its patterns are relative to the top, the builder's root.
        if let Some(exclude) = ignore_rules(fs, top, &[".git/info/exclude"]) {
            chain.push(exclude);
        }
    }
    if top.is_some() {
        for dir in ancestors.iter().rev() {
            if let Some(rules) = ignore_rules(fs, dir, IGNORE_FILES) {
                chain.push(rules);
            }
        }
    }
    let mut files = Vec::new();
    visit(fs, start, &mut chain, &mut files, errors);
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

fn visit(
    fs: &dyn FileSystem,
    dir: &Path,
    chain: &mut Vec<Gitignore>,
    files: &mut Vec<(PathBuf, Selection)>,
    errors: &mut Vec<String>,
) {
    let local = ignore_rules(fs, dir, IGNORE_FILES);
    let pushed = local.is_some();
    if let Some(local) = local {
        chain.push(local);
    }
    match fs.read_dir(dir) {
        Ok(mut entries) => {
            entries.sort_by(|a, b| a.name.cmp(&b.name));
            for entry in entries {
                let path = dir.join(&entry.name);
                match entry.kind {
                    EntryKind::Dir => {
                        if entry.name == ".git" || is_ignored(chain, &path, true) {
                            continue;
                        }
                        visit(fs, &path, chain, files, errors);
                    }
                    EntryKind::File => {
                        let Some(selection) = Selection::for_walked(&path.to_string_lossy()) else {
                            continue;
                        };
                        if !is_ignored(chain, &path, false) {
                            files.push((path, selection));
                        }
                    }
                    EntryKind::Symlink | EntryKind::Other => {}
                }
            }
        }
        Err(error) => errors.push(format!("{}: {error}", dir.display())),
    }
    if pushed {
        chain.pop();
    }
}
