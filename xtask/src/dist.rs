//! `cargo xtask dist --release-archives`: what a release attaches, in `target/dist/`:
//!
//! - `shipshape-<version>-x86_64-unknown-linux-musl.tar.gz`: static `shipshape` and
//!   `shipshape-lsp` (musl, built with `cargo auditable` so that scanners can read their
//!   dependencies from the binary), `LICENSE`, `THIRD-PARTY-LICENSES.txt`, `README.md`, shell
//!   completions and man pages;
//! - `shipshape-<version>.cdx.json`: a CycloneDX 1.5 SBOM of the crates in those binaries;
//! - `SHA256SUMS` over every release file (`sha256sum --check` reads it).
//!
//! Only `x86_64-unknown-linux-musl` is built and tested here (Debian's `musl-tools` is the one
//! musl toolchain these machines get); `aarch64-unknown-linux-musl` would be one more entry in
//! the release workflow's matrix, on an arm64 runner running this same task.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

use crate::{cargo, root, run, target_dir};

/// The one release target built here.
pub const TARGET: &str = "x86_64-unknown-linux-musl";
/// The cargo-auditable that embeds the dependency list (installed from crates.io when missing).
const CARGO_AUDITABLE_VERSION: &str = "0.7.7";
/// The profile of the release binaries (`Cargo.toml`: release, stripped).
const PROFILE: &str = "dist";
/// The binaries in the archive.
const BINARIES: &[&str] = &["shipshape", "shipshape-lsp"];
/// The shells `shipshape completions` knows, and the file each script is installed as.
const COMPLETIONS: &[(&str, &str)] = &[
    ("bash", "shipshape.bash"),
    ("zsh", "_shipshape"),
    ("fish", "shipshape.fish"),
    ("elvish", "shipshape.elv"),
    ("powershell", "_shipshape.ps1"),
];

/// The release folder: `<repo>/target/dist`, whatever `CARGO_TARGET_DIR` is (the README's
/// commands and the release workflow look there).
pub fn dist_dir() -> PathBuf {
    root().join("target").join("dist")
}

pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// The archive's name (and the name of the folder inside it), without `.tar.gz`.
pub fn archive_stem() -> String {
    format!("shipshape-{}-{TARGET}", version())
}

/// Build the static binaries, pack the archive, write the SBOM and `SHA256SUMS` (over the
/// archive, the SBOM and every `other` release file, e.g. the npm tarball). Returns the archive.
pub fn release_archives(other: &[PathBuf]) -> Result<PathBuf, String> {
    prerequisites()?;
    let commit = git(&["rev-parse", "--short=12", "HEAD"])?;
    let dirty = !git(&["status", "--porcelain", "--untracked-files=no"])?.is_empty();
    let commit = if dirty {
        format!("{commit}-modified")
    } else {
        commit
    };
    // Archive entries carry the commit's time, so that the same commit packs the same bytes.
    let time: u64 = git(&["log", "-1", "--format=%ct"])?
        .parse()
        .map_err(|e| format!("git log --format=%ct: {e}"))?;
    let cargo_home = std::env::var("CARGO_HOME").unwrap_or_else(|_| {
        format!(
            "{}/.cargo",
            std::env::var("HOME").unwrap_or_else(|_| "/root".into())
        )
    });
    run(cargo()
        .args([
            "auditable",
            "build",
            "--locked",
            "--profile",
            PROFILE,
            "--target",
            TARGET,
        ])
        .args(BINARIES.iter().flat_map(|name| ["--package", name]))
        .env("SHIPSHAPE_BUILD_COMMIT", &commit)
        // Panic messages name registry crates by their path in this user's cargo home; remapped.
        // (Workspace crates are compiled with relative paths already. The checkout's own path is
        // left out on purpose: a flag naming it would make every clone rebuild every crate.)
        .env(
            "CARGO_TARGET_X86_64_UNKNOWN_LINUX_MUSL_RUSTFLAGS",
            format!("--remap-path-prefix={cargo_home}=/cargo"),
        ))?;
    let built = target_dir().join(TARGET).join(PROFILE);
    let dist = dist_dir();
    std::fs::create_dir_all(&dist).map_err(|e| format!("{}: {e}", dist.display()))?;

    let stem = archive_stem();
    let mut entries: Vec<(String, Vec<u8>, u32)> = Vec::new();
    for name in BINARIES {
        entries.push((name.to_string(), read(&built.join(name))?, 0o755));
    }
    for name in ["LICENSE", "README.md"] {
        entries.push((name.to_string(), read(&root().join(name))?, 0o644));
    }
    let cli = built.join("shipshape");
    for (shell, file) in COMPLETIONS {
        let script = output(Command::new(&cli).args(["completions", shell]))?;
        entries.push((format!("completions/{file}"), script, 0o644));
    }
    let pages = tempfile_dir("man")?;
    run(Command::new(&cli).arg("man").arg(&pages))?;
    let mut names: Vec<_> = std::fs::read_dir(&pages)
        .map_err(|e| format!("{}: {e}", pages.display()))?
        .filter_map(|entry| entry.ok().map(|entry| entry.file_name()))
        .collect();
    names.sort();
    for name in names {
        let page = read(&pages.join(&name))?;
        entries.push((format!("man/man1/{}", name.to_string_lossy()), page, 0o644));
    }
    let _ = std::fs::remove_dir_all(&pages);

    let (crates, roots) = crate::sbom::compiled_crates(TARGET, BINARIES)?;
    let licences = crate::sbom::licences()?;
    entries.push((
        "THIRD-PARTY-LICENSES.txt".to_string(),
        crate::sbom::third_party_notices(&crates, &licences)?.into_bytes(),
        0o644,
    ));

    let archive = dist.join(format!("{stem}.tar.gz"));
    write_archive(&archive, &stem, &entries, time)?;
    eprintln!("wrote {}", archive.display());

    let sbom = dist.join(format!("shipshape-{}.cdx.json", version()));
    let document = crate::sbom::cyclonedx(&crates, &roots, &licences, time)?;
    std::fs::write(&sbom, document).map_err(|e| format!("{}: {e}", sbom.display()))?;
    eprintln!("wrote {}", sbom.display());

    let mut files = vec![archive.clone(), sbom];
    files.extend(other.iter().cloned());
    write_checksums(&dist, &files)?;
    Ok(archive)
}

/// Whether Debian's musl-gcc (package musl-tools) is installed: the static build needs it.
pub fn has_musl_gcc() -> bool {
    Command::new("musl-gcc").arg("--version").output().is_ok()
}

/// The musl target, Debian's musl-gcc (wasmtime, blake3 and psm compile C) and cargo-auditable.
fn prerequisites() -> Result<(), String> {
    let installed = output(Command::new("rustup").args(["target", "list", "--installed"]))?;
    if !String::from_utf8_lossy(&installed)
        .lines()
        .any(|line| line.trim() == TARGET)
    {
        run(Command::new("rustup").args(["target", "add", TARGET]))?;
    }
    if !has_musl_gcc() {
        return Err(format!(
            "musl-gcc is missing: the static {TARGET} build needs Debian's musl-tools \
             (apt-get install musl-tools)"
        ));
    }
    let has_auditable = cargo()
        .args(["auditable", "--version"])
        .output()
        .map(|out| out.status.success())
        .unwrap_or(false);
    if !has_auditable {
        run(cargo().args([
            "install",
            "--locked",
            "--version",
            CARGO_AUDITABLE_VERSION,
            "cargo-auditable",
        ]))?;
    }
    Ok(())
}

/// A gzipped tar with every entry under `stem/`, in the given order, owned by root, stamped
/// with `time`: the same inputs give the same bytes.
fn write_archive(
    path: &Path,
    stem: &str,
    entries: &[(String, Vec<u8>, u32)],
    time: u64,
) -> Result<(), String> {
    let file = std::fs::File::create(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let gzip = flate2::GzBuilder::new()
        .mtime(0)
        .write(file, flate2::Compression::best());
    let mut tar = tar::Builder::new(gzip);
    // Every folder above an entry, parents first ("" is the archive's top folder).
    let mut directories: Vec<&str> = vec![""];
    for (name, _, _) in entries {
        for (slash, _) in name.match_indices('/') {
            if !directories.contains(&&name[..slash]) {
                directories.push(&name[..slash]);
            }
        }
    }
    let fail = |e: std::io::Error| format!("{}: {e}", path.display());
    for directory in &directories {
        let mut header = header(tar::EntryType::Directory, 0, 0o755, time);
        let name = if directory.is_empty() {
            format!("{stem}/")
        } else {
            format!("{stem}/{directory}/")
        };
        tar.append_data(&mut header, name, std::io::empty())
            .map_err(fail)?;
    }
    for (name, bytes, mode) in entries {
        let mut header = header(tar::EntryType::Regular, bytes.len() as u64, *mode, time);
        tar.append_data(&mut header, format!("{stem}/{name}"), bytes.as_slice())
            .map_err(fail)?;
    }
    let gzip = tar.into_inner().map_err(fail)?;
    gzip.finish().map_err(fail)?.flush().map_err(fail)
}

fn header(kind: tar::EntryType, size: u64, mode: u32, time: u64) -> tar::Header {
    let mut header = tar::Header::new_gnu();
    header.set_entry_type(kind);
    header.set_size(size);
    header.set_mode(mode);
    header.set_mtime(time);
    header.set_uid(0);
    header.set_gid(0);
    header
}

/// `SHA256SUMS` in `sha256sum`'s format (`<hex>  <name>`), sorted by name.
fn write_checksums(dist: &Path, files: &[PathBuf]) -> Result<(), String> {
    let mut lines = Vec::new();
    for file in files {
        let bytes = read(file)?;
        let name = file
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .ok_or_else(|| format!("{}: no file name", file.display()))?;
        let digest = Sha256::digest(&bytes);
        let hex: String = digest.iter().map(|byte| format!("{byte:02x}")).collect();
        lines.push(format!("{hex}  {name}\n"));
    }
    lines.sort_by(|a, b| a[66..].cmp(&b[66..]));
    let path = dist.join("SHA256SUMS");
    std::fs::write(&path, lines.concat()).map_err(|e| format!("{}: {e}", path.display()))?;
    eprintln!("wrote {}", path.display());
    Ok(())
}

/// A file's bytes, or an error that names it.
pub fn read(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn git(args: &[&str]) -> Result<String, String> {
    let out = output(Command::new("git").args(args).current_dir(root()))?;
    Ok(String::from_utf8_lossy(&out).trim().to_string())
}

/// A command's standard output, failing when it fails.
pub fn output(command: &mut Command) -> Result<Vec<u8>, String> {
    let description = format!("{command:?}");
    let out = command
        .output()
        .map_err(|error| format!("could not start {description}: {error}"))?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(format!(
            "{description} failed with {}: {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

/// A new empty folder under the target directory (removed by the caller).
fn tempfile_dir(purpose: &str) -> Result<PathBuf, String> {
    let dir = target_dir()
        .join("xtask-tmp")
        .join(format!("{purpose}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    Ok(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The image's build stage compiles what the archive ships: the same command, toolchain,
    /// target, profile and cargo-auditable.
    #[test]
    fn the_dockerfile_builds_the_archive_s_binary() {
        let dockerfile = std::fs::read_to_string(root().join("Dockerfile")).expect("Dockerfile");
        let build = format!(
            "cargo auditable build --locked --profile {PROFILE} --target {TARGET} --package shipshape"
        );
        assert!(dockerfile.contains(&build), "{build}");
        assert!(dockerfile.contains(&format!("target/{TARGET}/{PROFILE}/shipshape")));
        assert!(dockerfile.contains(&format!(
            "cargo install --locked --version {CARGO_AUDITABLE_VERSION} cargo-auditable"
        )));
        let toolchain =
            std::fs::read_to_string(root().join("rust-toolchain.toml")).expect("toolchain");
        let channel = toolchain
            .lines()
            .find_map(|line| line.strip_prefix("channel = "))
            .expect("a pinned channel")
            .trim_matches('"');
        assert!(dockerfile.contains(&format!("FROM rust:{channel}-")));
        assert!(dockerfile.contains(&format!("RUSTUP_TOOLCHAIN={channel}\n")));
    }
}
