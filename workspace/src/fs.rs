//! The file-system seam: every read the workspace makes goes through [`FileSystem`], so that the
//! same discovery, configuration lookup and reading run on the disk (the CLI, the LSP), over
//! Node's `fs` handed in by JavaScript (the GitHub Action), or over documents held in memory
//! (an editor's unsaved buffers: [`Overlay`]). Modelled on taplo's `Environment`.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// What a directory entry, or a path, is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    File,
    Dir,
    /// Only from [`FileSystem::read_dir`], which does not follow links (walks never do).
    Symlink,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirEntry {
    pub name: String,
    pub kind: EntryKind,
}

/// The reads the workspace needs. Paths are absolute.
pub trait FileSystem {
    /// At most `limit` bytes of a file (callers ask for one more than they accept, to tell that a
    /// file is too large without reading all of it).
    fn read(&self, path: &Path, limit: u64) -> io::Result<Vec<u8>>;
    /// The entries of a directory, without following symbolic links, in any order.
    fn read_dir(&self, dir: &Path) -> io::Result<Vec<DirEntry>>;
    /// What `path` is, following symbolic links; `NotFound` when nothing is there.
    fn kind(&self, path: &Path) -> io::Result<EntryKind>;

    /// Whether `path` is a file (following links); any error counts as no.
    fn is_file(&self, path: &Path) -> bool {
        matches!(self.kind(path), Ok(EntryKind::File))
    }

    /// The whole file as UTF-8 text (configuration and ignore files).
    fn read_to_string(&self, path: &Path) -> io::Result<String> {
        let bytes = self.read(path, u64::MAX)?;
        String::from_utf8(bytes).map_err(|error| io::Error::new(io::ErrorKind::InvalidData, error))
    }
}

/// The disk, through `std::fs`.
#[derive(Debug, Clone, Copy, Default)]
pub struct NativeFileSystem;

impl FileSystem for NativeFileSystem {
    fn read(&self, path: &Path, limit: u64) -> io::Result<Vec<u8>> {
        use std::io::Read;
        let file = std::fs::File::open(path)?;
        // Sized from the file's length (as `std::fs::read` does): one read instead of a read
        // for every doubling of the buffer.
        let expected = file
            .metadata()
            .map_or(0, |metadata| metadata.len().min(limit));
        let mut bytes = Vec::with_capacity(usize::try_from(expected).unwrap_or(0));
        file.take(limit).read_to_end(&mut bytes)?;
        Ok(bytes)
    }

    fn read_dir(&self, dir: &Path) -> io::Result<Vec<DirEntry>> {
        let mut entries = Vec::new();
        for entry in std::fs::read_dir(dir)? {
            let entry = entry?;
            let kind = match entry.file_type() {
                Ok(kind) if kind.is_symlink() => EntryKind::Symlink,
                Ok(kind) if kind.is_dir() => EntryKind::Dir,
                Ok(kind) if kind.is_file() => EntryKind::File,
                _ => EntryKind::Other,
            };
            entries.push(DirEntry {
                name: entry.file_name().to_string_lossy().into_owned(),
                kind,
            });
        }
        Ok(entries)
    }

    fn kind(&self, path: &Path) -> io::Result<EntryKind> {
        let metadata = std::fs::metadata(path)?;
        Ok(if metadata.is_dir() {
            EntryKind::Dir
        } else if metadata.is_file() {
            EntryKind::File
        } else {
            EntryKind::Other
        })
    }
}

/// Another file system whose [`FileSystem::kind`] answers are kept: a run over a folder asks
/// the same questions for every file in it (is there a `.env`, a `compose.yaml`, a `Chart.yaml`
/// in an ancestor), and each is a system call. For one run over files that do not change
/// meanwhile (the CLI), not for a long-lived process (the language server).
pub struct CachedKinds<F> {
    base: F,
    /// Keyed by the path's bytes: `Path`'s own hash walks its components, which costs more
    /// than the system call it saves.
    kinds: Mutex<HashMap<std::ffi::OsString, KindAnswer>>,
}

/// What [`FileSystem::kind`] said: the kind, or the error's kind and OS code.
type KindAnswer = Result<EntryKind, (io::ErrorKind, Option<i32>)>;

impl<F: FileSystem> CachedKinds<F> {
    pub fn new(base: F) -> Self {
        Self {
            base,
            kinds: Mutex::new(HashMap::new()),
        }
    }
}

impl<F: FileSystem> FileSystem for CachedKinds<F> {
    fn read(&self, path: &Path, limit: u64) -> io::Result<Vec<u8>> {
        self.base.read(path, limit)
    }

    fn read_dir(&self, dir: &Path) -> io::Result<Vec<DirEntry>> {
        self.base.read_dir(dir)
    }

    fn kind(&self, path: &Path) -> io::Result<EntryKind> {
        let known = self
            .kinds
            .lock()
            .ok()
            .and_then(|kinds| kinds.get(path.as_os_str()).copied());
        let answer = match known {
            Some(answer) => answer,
            None => {
                let answer = self
                    .base
                    .kind(path)
                    .map_err(|error| (error.kind(), error.raw_os_error()));
                if let Ok(mut kinds) = self.kinds.lock() {
                    kinds.insert(path.as_os_str().to_owned(), answer);
                }
                answer
            }
        };
        // The same error as the first time: the OS's own message where there was one.
        answer
            .map_err(|(kind, code)| code.map_or_else(|| kind.into(), io::Error::from_raw_os_error))
    }
}

/// Documents held in memory (an editor's open buffers) over another file system: reads of those
/// paths see the buffer, everything else falls through.
pub struct Overlay<'a, F: ?Sized> {
    base: &'a F,
    documents: HashMap<PathBuf, &'a str>,
}

impl<'a, F: FileSystem + ?Sized> Overlay<'a, F> {
    pub fn new(base: &'a F) -> Self {
        Self {
            base,
            documents: HashMap::new(),
        }
    }

    pub fn with(mut self, path: PathBuf, text: &'a str) -> Self {
        self.documents.insert(path, text);
        self
    }
}

impl<F: FileSystem + ?Sized> FileSystem for Overlay<'_, F> {
    fn read(&self, path: &Path, limit: u64) -> io::Result<Vec<u8>> {
        match self.documents.get(path) {
            Some(text) => {
                let end = usize::try_from(limit).unwrap_or(usize::MAX).min(text.len());
                Ok(text.as_bytes()[..end].to_vec())
            }
            None => self.base.read(path, limit),
        }
    }

    fn read_dir(&self, dir: &Path) -> io::Result<Vec<DirEntry>> {
        self.base.read_dir(dir)
    }

    fn kind(&self, path: &Path) -> io::Result<EntryKind> {
        if self.documents.contains_key(path) {
            return Ok(EntryKind::File);
        }
        self.base.kind(path)
    }
}

/// `path` made absolute against `cwd` and normalised lexically (`.` removed, `..` applied).
pub fn absolute(cwd: &Path, path: &Path) -> PathBuf {
    use std::path::Component;
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.join(path)
    };
    let mut out = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// `path` (absolute) relative to `root` with `/` separators, or in full when outside it or when
/// `root` is empty (no root: the language server names files in full).
pub fn display_path(path: &Path, root: &Path) -> String {
    if root.as_os_str().is_empty() {
        return path.display().to_string();
    }
    match path.strip_prefix(root) {
        Ok(relative) if !relative.as_os_str().is_empty() => relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/"),
        _ => path.display().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// The disk, counting the `kind` questions that reach it.
    struct Counting(AtomicUsize);

    impl FileSystem for Counting {
        fn read(&self, path: &Path, limit: u64) -> io::Result<Vec<u8>> {
            NativeFileSystem.read(path, limit)
        }
        fn read_dir(&self, dir: &Path) -> io::Result<Vec<DirEntry>> {
            NativeFileSystem.read_dir(dir)
        }
        fn kind(&self, path: &Path) -> io::Result<EntryKind> {
            self.0.fetch_add(1, Ordering::Relaxed);
            NativeFileSystem.kind(path)
        }
    }

    #[test]
    fn cached_kinds_ask_the_disk_once_per_path_and_repeat_its_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("compose.yaml");
        std::fs::write(&file, "services: {}\n").expect("write");
        let missing = dir.path().join(".env");
        let cached = CachedKinds::new(Counting(AtomicUsize::new(0)));
        for _ in 0..3 {
            assert_eq!(cached.kind(&file).ok(), Some(EntryKind::File));
            assert_eq!(cached.kind(dir.path()).ok(), Some(EntryKind::Dir));
            assert!(!cached.is_file(&missing));
        }
        assert_eq!(cached.base.0.load(Ordering::Relaxed), 3);
        let first = NativeFileSystem.kind(&missing).expect_err("missing");
        let again = cached.kind(&missing).expect_err("missing");
        assert_eq!(again.kind(), io::ErrorKind::NotFound);
        assert_eq!(again.to_string(), first.to_string());
        assert_eq!(cached.read(&file, 100).expect("read"), b"services: {}\n");
    }
}
