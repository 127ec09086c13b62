//! Compiling a plugin once, and keeping the compiled artifact on disk so that the next run skips
//! compilation (dprint's `compile.rs`/`cache_meta.rs` pattern), without trusting the disk.
//!
//! A compiled artifact is native code: wasmtime maps it executable and runs it without validating
//! it. So an artifact is used only if it provably came from this user's own compilation of these
//! exact plugin bytes with this engine:
//!
//! - The **cache key** (the file name) is a SHA-256 of the cache schema version, shipshape's
//!   version, the engine's compatibility hash (wasmtime version, target, and the settings that
//!   change code), the architecture and OS, and the plugin's bytes.
//! - Beside each `<key>.cwasm` lies `<key>.mac`: a MAC (BLAKE3 in keyed mode), keyed by a
//!   **per-user secret**, over the cache key and the artifact's bytes. A run reads the artifact into memory, checks the MAC
//!   (in constant time), and deserializes those same bytes only if it matches. Anything else (no
//!   MAC, a wrong one, an artifact swapped in from another plugin, truncated or random bytes) is
//!   deleted and recompiled from the plugin's bytes; it is never deserialized.
//! - The **secret** is 32 random bytes in `$XDG_CONFIG_HOME/shipshape/plugin-cache.key` (else
//!   `~/.config/shipshape/plugin-cache.key`), created on first use with mode 0600 in a 0700
//!   directory. It is kept outside the cache directory on purpose: the threat is a cache
//!   directory written by someone else (a CI cache restored from a pull request's run, a shared
//!   or copied home), and whoever can write the cache must not also be able to write or read the
//!   key. A key file inside the cache directory is refused.
//! - The cache **directory** (`$SHIPSHAPE_CACHE_DIR`, else `$XDG_CACHE_HOME/shipshape/plugins`,
//!   else `~/.cache/shipshape/plugins`) is created with mode 0700, and is refused (plugins are
//!   compiled in memory, and the caller says so once) unless it is owned by the current user and
//!   not writable by group or others; the same for the key file (owner only, no group or other
//!   bits). On Windows, where these Unix modes do not exist, only the MAC is checked.
//!
//! Turning the cache off: [`crate::Cache::Off`] (the CLI's `--no-plugin-cache`,
//! `plugin-cache = false` in `.shipshape.toml`), or `SHIPSHAPE_NO_PLUGIN_CACHE=1` for
//! [`crate::Cache::Default`].

use std::hash::{Hash, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use wasmtime::component::Component;
use wasmtime::Engine;

/// Bumped when the layout of the cache changes (2: SHA-256 keys and a MAC beside each artifact).
const CACHE_SCHEMA: u32 = 2;

/// The environment variable that turns the default cache off (`1`, `true`, `yes`, `on`).
pub const NO_CACHE_ENV: &str = "SHIPSHAPE_NO_PLUGIN_CACHE";

/// The name of the per-user key file, in shipshape's config directory.
pub const KEY_FILE_NAME: &str = "plugin-cache.key";

/// Bytes of the per-user key.
const KEY_LEN: usize = 32;

/// What the MAC is computed over starts with this (domain separation).
const MAC_CONTEXT: &[u8] = b"shipshape plugin cache v2\0";

/// The directory compiled plugins are kept in by default (`None`: no cache).
pub fn cache_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("SHIPSHAPE_CACHE_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(|| home().map(|home| home.join(".cache")))?;
    Some(base.join("shipshape").join("plugins"))
}

/// Where the per-user key is kept by default: `$XDG_CONFIG_HOME/shipshape/plugin-cache.key`,
/// else `~/.config/shipshape/plugin-cache.key` (`None`: no home directory, so no cache).
pub fn key_file() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(|| home().map(|home| home.join(".config")))?;
    Some(base.join("shipshape").join(KEY_FILE_NAME))
}

fn home() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .or_else(|| std::env::var_os("USERPROFILE"))
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
}

/// Whether `SHIPSHAPE_NO_PLUGIN_CACHE` turns the default cache off.
pub fn disabled_by_env() -> bool {
    std::env::var(NO_CACHE_ENV).is_ok_and(|value| {
        matches!(
            value.trim().to_ascii_lowercase().as_str(),
            "1" | "true" | "yes" | "on"
        )
    })
}

/// The cache key of `bytes` compiled by `engine`, as 32 hex digits.
pub fn cache_key(engine: &Engine, bytes: &[u8]) -> String {
    let mut engine_hasher = std::collections::hash_map::DefaultHasher::new();
    engine
        .precompile_compatibility_hash()
        .hash(&mut engine_hasher);
    let mut hasher = Sha256::new();
    hasher.update(CACHE_SCHEMA.to_le_bytes());
    hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
    hasher.update([0]);
    hasher.update(engine_hasher.finish().to_le_bytes());
    hasher.update(std::env::consts::ARCH.as_bytes());
    hasher.update([0]);
    hasher.update(std::env::consts::OS.as_bytes());
    hasher.update([0]);
    hasher.update((bytes.len() as u64).to_le_bytes());
    hasher.update(bytes);
    hex(&hasher.finalize()[..16])
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    let text = text.trim();
    if text.len() % 2 != 0 {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| {
            text.get(i..i + 2)
                .and_then(|pair| u8::from_str_radix(pair, 16).ok())
        })
        .collect()
}

/// A cache directory that passed the ownership checks, with the user's key.
pub struct CacheDir {
    dir: PathBuf,
    key: [u8; KEY_LEN],
}

impl std::fmt::Debug for CacheDir {
    // The key is a secret: never printed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CacheDir")
            .field("dir", &self.dir)
            .finish_non_exhaustive()
    }
}

impl CacheDir {
    /// Open (creating them if needed) the cache directory `dir` and the key file `key_file`.
    /// `Err`: why this cache cannot be trusted, for a message such as "plugin cache not used:
    /// ...".
    pub fn open(dir: &Path, key_file: &Path) -> Result<Self, String> {
        create_private_dir(dir)
            .map_err(|error| format!("cannot create {}: {error}", dir.display()))?;
        check_private(dir, Private::Dir)?;
        if is_inside(key_file, dir) {
            return Err(format!(
                "the key file {} is inside the cache directory {}",
                key_file.display(),
                dir.display()
            ));
        }
        let key = load_or_create_key(key_file)?;
        Ok(Self {
            dir: dir.to_path_buf(),
            key,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The artifact file for a cache key.
    pub fn artifact(&self, cache_key: &str) -> PathBuf {
        self.dir.join(format!("{cache_key}.cwasm"))
    }

    /// The MAC file for a cache key.
    pub fn mac_file(&self, cache_key: &str) -> PathBuf {
        self.dir.join(format!("{cache_key}.mac"))
    }

    fn mac(&self, cache_key: &str, artifact: &[u8]) -> blake3::Hash {
        let mut mac = blake3::Hasher::new_keyed(&self.key);
        mac.update(MAC_CONTEXT);
        mac.update(cache_key.as_bytes());
        mac.update(&[0]);
        mac.update(&(artifact.len() as u64).to_le_bytes());
        // BLAKE3 hashes large inputs on every core at once (the built-in checks' artifact is
        // ~5 MB: ~1.1 ms on one core, half that on two); small ones are faster on one.
        if artifact.len() >= 1 << 20 {
            mac.update_rayon(artifact);
        } else {
            mac.update(artifact);
        }
        mac.finalize()
    }

    /// Whether `mac_text` (hex, as stored) is this user's MAC of `artifact` under `cache_key`.
    /// (`blake3::Hash` compares in constant time.)
    pub fn verify(&self, cache_key: &str, artifact: &[u8], mac_text: &str) -> bool {
        let Some(tag) = unhex(mac_text).and_then(|tag| <[u8; 32]>::try_from(tag).ok()) else {
            return false;
        };
        self.mac(cache_key, artifact) == blake3::Hash::from_bytes(tag)
    }

    /// The MAC to store beside `artifact`, as hex.
    pub fn sign(&self, cache_key: &str, artifact: &[u8]) -> String {
        hex(self.mac(cache_key, artifact).as_bytes())
    }
}

/// How a component was obtained (for diagnostics and tests).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Deserialized from an artifact whose MAC checked out.
    Cache,
    /// Compiled from the plugin's bytes (no cache, no artifact yet, or one that failed the check).
    Compiled,
}

/// Compile `bytes`, or load the compiled artifact from the cache if its MAC checks out.
pub fn load(
    engine: &Engine,
    bytes: &[u8],
    cache: Option<&CacheDir>,
) -> wasmtime::Result<(Component, Origin)> {
    let Some(cache) = cache else {
        return Ok((Component::new(engine, bytes)?, Origin::Compiled));
    };
    let key = cache_key(engine, bytes);
    let file = cache.artifact(&key);
    let mac_file = cache.mac_file(&key);
    // Read once into memory, check, and deserialize exactly the bytes that were checked (no
    // second read of the file that could see other contents).
    if let Ok(artifact) = std::fs::read(&file) {
        let mac = std::fs::read_to_string(&mac_file).unwrap_or_default();
        if cache.verify(&key, &artifact, &mac) {
            // SAFETY: `Component::deserialize` maps `artifact` as native code without validating
            // it, so it is sound only for bytes that `Component::serialize` produced for an
            // engine with this configuration. These bytes carry a keyed BLAKE3 MAC that only a
            // holder of this user's key (kept outside the cache directory, mode 0600) can make,
            // over this cache key (which covers the plugin's bytes, shipshape's version and the
            // engine's compatibility hash) and these exact bytes; this function makes such a MAC
            // only right after serializing a component it compiled itself (below). So these are
            // the bytes this user's own shipshape serialized for this plugin and this engine.
            // wasmtime also checks the header and engine settings and fails (we then recompile)
            // on a mismatch.
            match unsafe { Component::deserialize(engine, &artifact) } {
                Ok(component) => return Ok((component, Origin::Cache)),
                Err(_) => remove(&file, &mac_file),
            }
        } else {
            remove(&file, &mac_file);
        }
    }
    let component = Component::new(engine, bytes)?;
    if let Ok(serialized) = component.serialize() {
        let mac = cache.sign(&key, &serialized);
        let _ = store(cache.dir(), &file, &serialized, &mac_file, &mac);
    }
    Ok((component, Origin::Compiled))
}

fn remove(file: &Path, mac_file: &Path) {
    let _ = std::fs::remove_file(file);
    let _ = std::fs::remove_file(mac_file);
}

/// Write the artifact and its MAC, each under a temporary name renamed into place (a partly
/// written file is never read under the final name; a mismatched pair fails the check).
fn store(dir: &Path, file: &Path, bytes: &[u8], mac_file: &Path, mac: &str) -> std::io::Result<()> {
    let temp = |target: &Path| {
        dir.join(format!(
            ".{}.{}.tmp",
            target
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("plugin"),
            std::process::id()
        ))
    };
    for (target, contents) in [(file, bytes), (mac_file, mac.as_bytes())] {
        let temp = temp(target);
        std::fs::write(&temp, contents)?;
        std::fs::rename(&temp, target).inspect_err(|_| {
            let _ = std::fs::remove_file(&temp);
        })?;
    }
    Ok(())
}

/// Whether `path` lies inside `dir` (both made absolute as far as they exist).
fn is_inside(path: &Path, dir: &Path) -> bool {
    let canonical = |p: &Path| -> PathBuf {
        // The key file may not exist yet: canonicalize its nearest existing ancestor.
        for ancestor in p.ancestors() {
            if let Ok(real) = ancestor.canonicalize() {
                let rest = p.strip_prefix(ancestor).unwrap_or(Path::new(""));
                return real.join(rest);
            }
        }
        p.to_path_buf()
    };
    canonical(path).starts_with(canonical(dir))
}

fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Private {
    /// Owned by the user, not writable by group or others.
    Dir,
    /// Owned by the user, no permission bits for group or others.
    KeyFile,
}

/// Check that `path` is the current user's and private enough.
#[cfg(unix)]
fn check_private(path: &Path, what: Private) -> Result<(), String> {
    use std::os::unix::fs::MetadataExt;
    let metadata = std::fs::metadata(path)
        .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    // SAFETY: `geteuid` has no preconditions, touches no memory we own, and cannot fail.
    let uid = unsafe { libc::geteuid() };
    if metadata.uid() != uid {
        return Err(format!(
            "{} is owned by user id {}, not by the current user ({uid})",
            path.display(),
            metadata.uid()
        ));
    }
    let mode = metadata.mode() & 0o777;
    let (forbidden, says) = match what {
        Private::Dir => (0o022, "writable by group or others"),
        Private::KeyFile => (0o077, "readable or writable by group or others"),
    };
    if mode & forbidden != 0 {
        return Err(format!("{} is {says} (mode {mode:o})", path.display()));
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_private(_path: &Path, _what: Private) -> Result<(), String> {
    Ok(())
}

/// The user's key: read from `path`, or created there (32 random bytes, hex, mode 0600).
fn load_or_create_key(path: &Path) -> Result<[u8; KEY_LEN], String> {
    match read_key(path) {
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
        Err(error) => return Err(format!("cannot read {}: {error}", path.display())),
        Ok(key) => return key,
    }
    let parent = path
        .parent()
        .ok_or_else(|| format!("{} has no parent directory", path.display()))?;
    create_private_dir(parent)
        .map_err(|error| format!("cannot create {}: {error}", parent.display()))?;
    let mut key = [0u8; KEY_LEN];
    getrandom::fill(&mut key).map_err(|error| format!("no random numbers: {error}"))?;
    // Written under a temporary name, then linked to the final one: the link fails if another
    // process made the key first, and then that key is used.
    let temp = parent.join(format!(".{KEY_FILE_NAME}.{}.tmp", std::process::id()));
    let written = write_key(&temp, path, &key);
    let _ = std::fs::remove_file(&temp);
    written.map_err(|error| format!("cannot write {}: {error}", path.display()))?;
    match read_key(path) {
        Ok(key) => key,
        Err(error) => Err(format!("cannot read {}: {error}", path.display())),
    }
}

/// Write `key` to `temp` (mode 0600, a new file), then link it as `path` unless that exists.
fn write_key(temp: &Path, path: &Path, key: &[u8; KEY_LEN]) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(temp)?;
    file.write_all(hex(key).as_bytes())?;
    file.sync_all()?;
    match std::fs::hard_link(temp, path) {
        Err(error) if error.kind() != std::io::ErrorKind::AlreadyExists => Err(error),
        _ => Ok(()),
    }
}

/// `Err`: the file cannot be read; `Ok(Err)`: it can, but is not a usable key.
fn read_key(path: &Path) -> std::io::Result<Result<[u8; KEY_LEN], String>> {
    let text = std::fs::read_to_string(path)?;
    if let Err(reason) = check_private(path, Private::KeyFile) {
        return Ok(Err(reason));
    }
    Ok(unhex(&text)
        .and_then(|bytes| <[u8; KEY_LEN]>::try_from(bytes).ok())
        .ok_or_else(|| format!("{} does not hold a key (64 hex digits)", path.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "shipshape-plugin-cache-{name}-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn the_key_is_made_once_private_and_reused() {
        let root = temp("key");
        let key_file = root.join("config/shipshape").join(KEY_FILE_NAME);
        let first = CacheDir::open(&root.join("cache"), &key_file).expect("open");
        let second = CacheDir::open(&root.join("cache"), &key_file).expect("open again");
        assert_eq!(first.key, second.key);
        assert_ne!(first.key, [0; KEY_LEN]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
            assert_eq!(mode(&key_file), 0o600);
            assert_eq!(mode(&root.join("cache")), 0o700);
            // A key others can read is refused.
            std::fs::set_permissions(&key_file, std::fs::Permissions::from_mode(0o644))
                .expect("chmod");
            let error = CacheDir::open(&root.join("cache"), &key_file).unwrap_err();
            assert!(
                error.ends_with("is readable or writable by group or others (mode 644)"),
                "{error}"
            );
        }
        // The key never shows in Debug output.
        assert_eq!(
            format!("{first:?}"),
            format!("CacheDir {{ dir: {:?}, .. }}", root.join("cache"))
        );
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn a_key_file_inside_the_cache_is_refused() {
        let root = temp("inside");
        let error = CacheDir::open(&root, &root.join("sub").join(KEY_FILE_NAME)).unwrap_err();
        assert!(error.contains("is inside the cache directory"), "{error}");
        let _ = std::fs::remove_dir_all(&root);
    }

    #[cfg(unix)]
    #[test]
    fn a_group_writable_cache_dir_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let root = temp("group");
        let cache = root.join("cache");
        std::fs::create_dir_all(&cache).expect("mkdir");
        std::fs::set_permissions(&cache, std::fs::Permissions::from_mode(0o775)).expect("chmod");
        let error = CacheDir::open(&cache, &root.join(KEY_FILE_NAME)).unwrap_err();
        assert_eq!(
            error,
            format!(
                "{} is writable by group or others (mode 775)",
                cache.display()
            )
        );
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn macs_bind_the_key_the_cache_key_and_the_bytes() {
        let root = temp("mac");
        let cache = CacheDir::open(&root.join("cache"), &root.join(KEY_FILE_NAME)).expect("open");
        let mac = cache.sign("aaaa", b"artifact");
        assert_eq!(mac.len(), 64);
        assert!(cache.verify("aaaa", b"artifact", &mac));
        assert!(cache.verify("aaaa", b"artifact", &format!("{mac}\n")));
        assert!(!cache.verify("bbbb", b"artifact", &mac));
        assert!(!cache.verify("aaaa", b"artifacT", &mac));
        assert!(!cache.verify("aaaa", b"artifac", &mac));
        assert!(!cache.verify("aaaa", b"artifact", ""));
        assert!(!cache.verify("aaaa", b"artifact", "zz"));
        // Another user's key (another key file) does not verify this user's MAC.
        let other = CacheDir::open(&root.join("cache"), &root.join("other.key")).expect("open");
        assert!(!other.verify("aaaa", b"artifact", &mac));
        let _ = std::fs::remove_dir_all(&root);
    }
}
