//! The file-system seam: every read the workspace makes goes through [`FileSystem`], so that the
//! same discovery, configuration lookup and reading run on the disk (the CLI, the LSP), over
//! Node's `fs` handed in by JavaScript (the GitHub Action), or over documents held in memory
//! (an editor's unsaved buffers: [`Overlay`]). Modelled on taplo's `Environment`.

use std::collections::HashMap;

use rustc_hash::{FxHashMap, FxHashSet};
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
///
/// A question about a name in a directory is answered from one listing of that directory (kept,
/// and taken from walks too): a compose file's neighbours are fourteen names (`.env` and its
/// examples, the base and override files), and fourteen failed `stat`s per directory cost more
/// than one `read_dir`. The disk is still asked where a listing cannot answer as `stat` would:
/// symbolic links (followed), names that are not ASCII, and names that another entry matches
/// but for case (a case-insensitive file system would find it).
pub struct CachedKinds<F> {
    base: F,
    /// Keyed by the path's bytes (`Path`'s own hash walks its components), with a fast hash:
    /// the keys are this run's own paths, nothing an attacker chooses to collide.
    kinds: Mutex<FxHashMap<std::ffi::OsString, KindAnswer>>,
    /// A directory's listing, by the directory's path bytes; `None` when it could not be read.
    listings: Mutex<FxHashMap<std::ffi::OsString, Option<Listing>>>,
}

/// What [`FileSystem::kind`] said: the kind, or the error's kind and OS code.
type KindAnswer = Result<EntryKind, (io::ErrorKind, Option<i32>)>;

/// One directory's entries, as far as a `kind` question about an ASCII name needs them.
struct Listing {
    entries: FxHashMap<String, EntryKind>,
    /// The entries' names in ASCII lower case.
    folded: FxHashSet<String>,
    /// Whether some entry's name is not ASCII (Unicode case folding could match it).
    non_ascii: bool,
}

impl Listing {
    fn new(entries: &[DirEntry]) -> Self {
        Self {
            entries: entries
                .iter()
                .map(|entry| (entry.name.clone(), entry.kind))
                .collect(),
            folded: entries
                .iter()
                .map(|entry| entry.name.to_ascii_lowercase())
                .collect(),
            non_ascii: entries.iter().any(|entry| !entry.name.is_ascii()),
        }
    }

    /// What `stat` would say of `name` here, when the listing knows: `None` to ask the disk.
    fn answer(&self, name: &str) -> Option<KindAnswer> {
        if !name.is_ascii() {
            return None;
        }
        match self.entries.get(name) {
            Some(EntryKind::Symlink) => None,
            Some(kind) => Some(Ok(*kind)),
            None if self.non_ascii || self.folded.contains(&name.to_ascii_lowercase()) => None,
            None => not_found(),
        }
    }
}

/// `stat`'s answer for a name that is not there: ENOENT, whose number is 2 on every Unix. Other
/// systems ask the disk, so that the error reads as their own.
fn not_found() -> Option<KindAnswer> {
    if cfg!(unix) {
        Some(Err((io::ErrorKind::NotFound, Some(2))))
    } else {
        None
    }
}

impl<F: FileSystem> CachedKinds<F> {
    pub fn new(base: F) -> Self {
        Self {
            base,
            kinds: Mutex::new(FxHashMap::default()),
            listings: Mutex::new(FxHashMap::default()),
        }
    }

    /// `path`'s kind from its directory's listing (listing the directory the first time).
    fn kind_from_listing(&self, path: &Path) -> Option<KindAnswer> {
        let (dir, name) = (path.parent()?, path.file_name()?.to_str()?);
        if !name.is_ascii() {
            return None;
        }
        if let Some(known) = self.listings.lock().ok()?.get(dir.as_os_str()) {
            return known.as_ref()?.answer(name);
        }
        // Listed without holding the lock: other threads go on meanwhile (two may list the
        // same directory at once; the answers are the same).
        let listing = self
            .base
            .read_dir(dir)
            .ok()
            .map(|entries| Listing::new(&entries));
        let answer = listing.as_ref().and_then(|listing| listing.answer(name));
        self.listings
            .lock()
            .ok()?
            .insert(dir.as_os_str().to_owned(), listing);
        answer
    }

    /// `path`'s kind from the disk, asked once per path.
    fn kind_by_path(&self, path: &Path) -> KindAnswer {
        let known = self
            .kinds
            .lock()
            .ok()
            .and_then(|kinds| kinds.get(path.as_os_str()).copied());
        if let Some(answer) = known {
            return answer;
        }
        let answer = self
            .base
            .kind(path)
            .map_err(|error| (error.kind(), error.raw_os_error()));
        if let Ok(mut kinds) = self.kinds.lock() {
            kinds.insert(path.as_os_str().to_owned(), answer);
        }
        answer
    }
}

impl<F: FileSystem> FileSystem for CachedKinds<F> {
    fn read(&self, path: &Path, limit: u64) -> io::Result<Vec<u8>> {
        self.base.read(path, limit)
    }

    fn read_dir(&self, dir: &Path) -> io::Result<Vec<DirEntry>> {
        let entries = self.base.read_dir(dir)?;
        if let Ok(mut listings) = self.listings.lock() {
            listings.insert(dir.as_os_str().to_owned(), Some(Listing::new(&entries)));
        }
        Ok(entries)
    }

    fn kind(&self, path: &Path) -> io::Result<EntryKind> {
        // The listing is the cache for what it answers; the rest is kept by path.
        let answer = match self.kind_from_listing(path) {
            Some(answer) => answer,
            None => self.kind_by_path(path),
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

    /// The disk, counting the `kind` and `read_dir` questions that reach it.
    #[derive(Default)]
    struct Counting {
        kinds: AtomicUsize,
        listings: AtomicUsize,
    }

    impl FileSystem for Counting {
        fn read(&self, path: &Path, limit: u64) -> io::Result<Vec<u8>> {
            NativeFileSystem.read(path, limit)
        }
        fn read_dir(&self, dir: &Path) -> io::Result<Vec<DirEntry>> {
            self.listings.fetch_add(1, Ordering::Relaxed);
            NativeFileSystem.read_dir(dir)
        }
        fn kind(&self, path: &Path) -> io::Result<EntryKind> {
            self.kinds.fetch_add(1, Ordering::Relaxed);
            NativeFileSystem.kind(path)
        }
    }

    fn counts(cached: &CachedKinds<Counting>) -> (usize, usize) {
        (
            cached.base.kinds.load(Ordering::Relaxed),
            cached.base.listings.load(Ordering::Relaxed),
        )
    }

    #[test]
    fn cached_kinds_list_a_directory_once_and_repeat_the_os_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("compose.yaml");
        std::fs::write(&file, "services: {}\n").expect("write");
        std::fs::create_dir(dir.path().join("sub")).expect("mkdir");
        let missing = dir.path().join(".env");
        let cached = CachedKinds::new(Counting::default());
        for _ in 0..3 {
            assert_eq!(cached.kind(&file).ok(), Some(EntryKind::File));
            assert_eq!(
                cached.kind(&dir.path().join("sub")).ok(),
                Some(EntryKind::Dir)
            );
            assert!(!cached.is_file(&missing));
            assert!(!cached.is_file(&dir.path().join("compose.override.yaml")));
        }
        // One listing of the directory answered all four names, three times.
        assert_eq!(counts(&cached), (0, 1));
        let first = NativeFileSystem.kind(&missing).expect_err("missing");
        let again = cached.kind(&missing).expect_err("missing");
        assert_eq!(again.kind(), io::ErrorKind::NotFound);
        assert_eq!(again.to_string(), first.to_string());
        assert_eq!(cached.read(&file, 100).expect("read"), b"services: {}\n");
    }

    #[test]
    fn cached_kinds_ask_the_disk_where_a_listing_is_not_stat() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("Compose.yaml"), "services: {}\n").expect("write");
        std::fs::write(dir.path().join("café.yaml"), "services: {}\n").expect("write");
        let cached = CachedKinds::new(Counting::default());
        // Another entry matches but for case: a case-insensitive file system would find it.
        let lower = cached.kind(&dir.path().join("compose.yaml"));
        assert_eq!(
            lower.ok(),
            NativeFileSystem.kind(&dir.path().join("compose.yaml")).ok()
        );
        assert_eq!(counts(&cached), (1, 1));
        // A name that is not ASCII.
        assert_eq!(
            cached.kind(&dir.path().join("café.yaml")).ok(),
            Some(EntryKind::File)
        );
        assert_eq!(counts(&cached), (2, 1));
        // A directory with a name that is not ASCII: Unicode case folding could match any name.
        assert!(!cached.is_file(&dir.path().join(".env")));
        assert_eq!(counts(&cached), (3, 1));
    }

    #[cfg(unix)]
    #[test]
    fn cached_kinds_follow_symbolic_links_and_reuse_walked_listings() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(dir.path().join("real")).expect("mkdir");
        std::os::unix::fs::symlink(dir.path().join("real"), dir.path().join("link"))
            .expect("symlink");
        std::os::unix::fs::symlink(dir.path().join("gone"), dir.path().join("dangling"))
            .expect("symlink");
        let cached = CachedKinds::new(Counting::default());
        let walked = cached.read_dir(dir.path()).expect("read_dir");
        assert_eq!(walked.len(), 3);
        assert_eq!(
            cached.kind(&dir.path().join("real")).ok(),
            Some(EntryKind::Dir)
        );
        assert_eq!(counts(&cached), (0, 1));
        assert_eq!(
            cached.kind(&dir.path().join("link")).ok(),
            Some(EntryKind::Dir)
        );
        let dangling = cached
            .kind(&dir.path().join("dangling"))
            .expect_err("dangling");
        assert_eq!(dangling.kind(), io::ErrorKind::NotFound);
        assert_eq!(counts(&cached), (2, 1));
    }
}
