//! Compiling a plugin once, and keeping the compiled artifact on disk so that the next run skips
//! compilation (dprint's `compile.rs`/`cache_meta.rs` pattern).
//!
//! The key hashes together the cache schema version, shipshape's version, the engine's
//! compatibility hash (wasmtime version, target, and the settings that change code), the
//! architecture and OS, and the plugin's bytes. The directory is `$SHIPSHAPE_CACHE_DIR`, else
//! `$XDG_CACHE_HOME/shipshape/plugins`, else `~/.cache/shipshape/plugins`; an unwritable cache
//! only costs the compilation.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use wasmtime::component::Component;
use wasmtime::Engine;

const CACHE_SCHEMA: u32 = 1;

/// The directory compiled plugins are kept in (`None`: no cache).
pub fn cache_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("SHIPSHAPE_CACHE_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|d| !d.is_empty())
                .map(|home| PathBuf::from(home).join(".cache"))
        })?;
    Some(base.join("shipshape").join("plugins"))
}

/// The cache key of `bytes` compiled by `engine`, as 32 hex digits.
pub fn cache_key(engine: &Engine, bytes: &[u8]) -> String {
    let mut engine_hasher = std::collections::hash_map::DefaultHasher::new();
    engine
        .precompile_compatibility_hash()
        .hash(&mut engine_hasher);
    let mut hasher = shipshape_workspace::render::fingerprint::Hasher128::new();
    hasher.write(&CACHE_SCHEMA.to_le_bytes());
    hasher.write(env!("CARGO_PKG_VERSION").as_bytes());
    hasher.write(&engine_hasher.finish().to_le_bytes());
    hasher.write(std::env::consts::ARCH.as_bytes());
    hasher.write(std::env::consts::OS.as_bytes());
    hasher.write(&(bytes.len() as u64).to_le_bytes());
    hasher.write(bytes);
    format!("{:032x}", hasher.finish())
}

/// How a component was obtained (for diagnostics and tests).
#[allow(dead_code)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Cache,
    Compiled,
}

/// Compile `bytes`, or load the compiled artifact from the cache.
pub fn load(
    engine: &Engine,
    bytes: &[u8],
    dir: Option<&Path>,
) -> wasmtime::Result<(Component, Origin)> {
    let Some(dir) = dir else {
        return Ok((Component::new(engine, bytes)?, Origin::Compiled));
    };
    let file = dir.join(format!("{}.cwasm", cache_key(engine, bytes)));
    if file.is_file() {
        // SAFETY: `deserialize_file` runs native code from the file without validating it. The
        // file is one this function wrote (below) with `Component::serialize` of the same
        // engine configuration: the key covers the engine's compatibility hash, shipshape's
        // version and the plugin's bytes, and the file is written under a temporary name and
        // renamed into place, so a partly written artifact is never read. wasmtime itself
        // checks the header and the engine configuration and fails (we then recompile) on a
        // mismatch. The cache directory is the user's own, like any other executable cache.
        match unsafe { Component::deserialize_file(engine, &file) } {
            Ok(component) => return Ok((component, Origin::Cache)),
            Err(_) => {
                let _ = std::fs::remove_file(&file);
            }
        }
    }
    let component = Component::new(engine, bytes)?;
    if let Ok(serialized) = component.serialize() {
        let _ = store(dir, &file, &serialized);
    }
    Ok((component, Origin::Compiled))
}

fn store(dir: &Path, file: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let temp = dir.join(format!(
        ".{}.{}.tmp",
        file.file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("plugin"),
        std::process::id()
    ));
    std::fs::write(&temp, bytes)?;
    std::fs::rename(&temp, file).inspect_err(|_| {
        let _ = std::fs::remove_file(&temp);
    })
}
