//! The wasm module as an npm package (`shipshape-wasm`): `github-action/scripts/build.sh` lays it
//! out in `$CARGO_TARGET_DIR/dist/wasm/` (the wasm-bindgen glue and the committed sources of
//! `wasm/npm/`), [`pack`] turns it into `target/dist/shipshape-wasm-<version>.tgz` with
//! `npm pack`, and [`test`] installs that tarball into a scratch project and checks files from
//! Node (`tests/npm/`).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{root, run, target_dir};

/// The package folder build.sh writes (`$CARGO_TARGET_DIR/dist/wasm`).
pub fn package_dir() -> PathBuf {
    target_dir().join("dist").join("wasm")
}

/// `npm pack` the package in `package` into `destination`; returns the tarball's path. Fails
/// when the package has not been built (run `github-action/scripts/build.sh wasm`).
pub fn pack(package: &Path, destination: &Path) -> Result<PathBuf, String> {
    let manifest = package.join("package.json");
    let text = std::fs::read_to_string(&manifest).map_err(|error| {
        format!(
            "{}: {error} (build the package first: github-action/scripts/build.sh wasm)",
            manifest.display()
        )
    })?;
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|error| format!("{}: {error}", manifest.display()))?;
    let field = |name: &str| {
        json[name]
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| format!("{}: no \"{name}\"", manifest.display()))
    };
    let (name, version) = (field("name")?, field("version")?);
    std::fs::create_dir_all(destination)
        .map_err(|error| format!("{}: {error}", destination.display()))?;
    let tarball = destination.join(format!("{name}-{version}.tgz"));
    // A stale tarball must not pass for this one.
    match std::fs::remove_file(&tarball) {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
            return Err(format!("{}: {error}", tarball.display()))
        }
        _ => {}
    }
    run(Command::new("npm")
        .args(["pack", "--pack-destination"])
        .arg(destination)
        .current_dir(package))?;
    let size = std::fs::metadata(&tarball)
        .map_err(|error| format!("npm pack did not write {}: {error}", tarball.display()))?
        .len();
    eprintln!("wrote {} ({size} bytes)", tarball.display());
    Ok(tarball)
}

/// [`pack`] the built package into the release folder ([`crate::dist::dist_dir`]).
pub fn pack_dist() -> Result<PathBuf, String> {
    pack(&package_dir(), &crate::dist::dist_dir())
}

/// Install `tarball` into a scratch project outside the repository, as another JavaScript tool
/// would, and check `examples/bad` from Node through it (`tests/npm/package.test.mjs`). The
/// type checks use the GitHub Action's `typescript` (its `npm ci`, which the Action's tests run).
pub fn test(tarball: &Path) -> Result<(), String> {
    run(Command::new("node")
        .args(["--test", "--test-timeout=300000", "package.test.mjs"])
        .current_dir(root().join("tests").join("npm"))
        .env("SHIPSHAPE_NPM_TARBALL", tarball))
}
