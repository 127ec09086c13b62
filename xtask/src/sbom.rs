//! The release's SBOM (CycloneDX 1.5 JSON) and third-party licence notices.
//!
//! Both are made from the crates cargo compiles into the two binaries: `cargo tree` over the
//! normal dependencies, for the release target and the two packages, resolves features exactly
//! as the build does. (The `.dep-v0` list that `cargo auditable` embeds comes from `cargo
//! metadata`, which unifies features over the whole workspace: here it names 7 crates the
//! release build never compiles, such as `addr2line`; `tests/dist` checks the difference.) Crates
//! reached only through a proc-macro run at build time and get scope `excluded`. Licence,
//! description and repository come from `cargo metadata`, the SHA-256 of registry crates from
//! `Cargo.lock`. (`cargo cyclonedx` would be one more tool to build in CI for the same format.)

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Value};

use crate::dist::output;
use crate::{cargo, root};

/// What `cargo metadata` says about a crate, by `name@version`.
pub struct Licences(BTreeMap<String, Value>);

/// Licence, repository and description of every crate in the lockfile.
pub fn licences() -> Result<Licences, String> {
    let out = output(cargo().args(["metadata", "--format-version", "1", "--locked"]))?;
    let metadata: Value =
        serde_json::from_slice(&out).map_err(|e| format!("cargo metadata: {e}"))?;
    let mut map = BTreeMap::new();
    for package in metadata["packages"].as_array().into_iter().flatten() {
        let key = format!(
            "{}@{}",
            package["name"].as_str().unwrap_or_default(),
            package["version"].as_str().unwrap_or_default()
        );
        map.insert(key, package.clone());
    }
    Ok(Licences(map))
}

/// A crate compiled into the binaries, by `name@version`.
pub struct Crate {
    /// Linked into a binary (not only run at build time through a proc-macro).
    pub runtime: bool,
    /// From this repository (a path dependency), not a registry.
    pub local: bool,
    pub depends_on: BTreeSet<String>,
}

/// The crates cargo compiles for `packages` on `target` (normal dependencies, the build's
/// feature resolution), keyed `name@version`, and the roots.
pub fn compiled_crates(
    target: &str,
    packages: &[&str],
) -> Result<(BTreeMap<String, Crate>, BTreeSet<String>), String> {
    let out = output(
        cargo()
            .args(["tree", "--locked", "--edges", "normal", "--target", target])
            .args(packages.iter().flat_map(|package| ["--package", package]))
            .args(["--prefix", "depth", "--format", "{p}", "--color", "never"]),
    )?;
    let mut crates: BTreeMap<String, Crate> = BTreeMap::new();
    let mut roots = BTreeSet::new();
    // The path from a root to the current line: (key, reached through a proc-macro).
    let mut path: Vec<(String, bool)> = Vec::new();
    for line in String::from_utf8_lossy(&out).lines() {
        let digits = line.chars().take_while(char::is_ascii_digit).count();
        if digits == 0 {
            continue;
        }
        let depth: usize = line[..digits]
            .parse()
            .map_err(|e| format!("cargo tree: {line}: {e}"))?;
        let rest = &line[digits..];
        let mut words = rest.split(' ');
        let (Some(name), Some(version)) = (words.next(), words.next()) else {
            return Err(format!("cargo tree: unexpected line {line:?}"));
        };
        let key = format!("{name}@{}", version.trim_start_matches('v'));
        path.truncate(depth);
        let compile_time =
            path.last().is_some_and(|(_, build)| *build) || rest.contains(" (proc-macro)");
        if let Some((parent, _)) = path.last() {
            if let Some(parent) = crates.get_mut(parent) {
                parent.depends_on.insert(key.clone());
            }
        } else {
            roots.insert(key.clone());
        }
        let entry = crates.entry(key.clone()).or_insert_with(|| Crate {
            runtime: false,
            local: rest.contains(" (/"),
            depends_on: BTreeSet::new(),
        });
        entry.runtime |= !compile_time;
        path.push((key, compile_time));
    }
    if roots.is_empty() {
        return Err("cargo tree printed no crate".into());
    }
    Ok((crates, roots))
}

/// The CycloneDX document for the compiled crates.
pub fn cyclonedx(
    crates: &BTreeMap<String, Crate>,
    roots: &BTreeSet<String>,
    licences: &Licences,
    time: u64,
) -> Result<String, String> {
    let checksums = lockfile_checksums()?;
    let version = env!("CARGO_PKG_VERSION");
    let release_ref = format!("pkg:cargo/shipshape@{version}?release");
    let mut components = Vec::new();
    let mut dependencies = vec![
        json!({ "ref": release_ref, "dependsOn": roots.iter().map(|key| purl(key)).collect::<Vec<_>>() }),
    ];
    for (key, krate) in crates {
        let (name, crate_version) = key.rsplit_once('@').ok_or("a crate key without @")?;
        let mut component = json!({
            "type": if roots.contains(key) { "application" } else { "library" },
            "bom-ref": purl(key),
            "name": name,
            "version": crate_version,
            "scope": if krate.runtime { "required" } else { "excluded" },
            "purl": purl(key),
        });
        if let Some(metadata) = licences.0.get(key) {
            if let Some(licence) = metadata["license"].as_str() {
                component["licenses"] = json!([{ "expression": licence }]);
            }
            if let Some(description) = metadata["description"].as_str() {
                component["description"] = json!(description.trim());
            }
            if let Some(repository) = metadata["repository"].as_str() {
                component["externalReferences"] = json!([{ "type": "vcs", "url": repository }]);
            }
        }
        if let Some(checksum) = checksums.get(key) {
            component["hashes"] = json!([{ "alg": "SHA-256", "content": checksum }]);
        }
        if krate.local {
            component["properties"] =
                json!([{ "name": "cdx:cargo:source", "value": "this repository" }]);
        }
        components.push(component);
        dependencies.push(json!({
            "ref": purl(key),
            "dependsOn": krate.depends_on.iter().map(|key| purl(key)).collect::<Vec<_>>(),
        }));
    }
    let mut document = json!({
        "$schema": "http://cyclonedx.org/schema/bom-1.5.schema.json",
        "bomFormat": "CycloneDX",
        "specVersion": "1.5",
        "version": 1,
        "metadata": {
            "timestamp": rfc3339(time),
            "tools": { "components": [{ "type": "application", "name": "shipshape xtask (cargo xtask dist)", "version": version }] },
            "component": {
                "type": "application",
                "bom-ref": release_ref,
                "name": "shipshape",
                "version": version,
                "description": "shipshape and shipshape-lsp, static x86_64-unknown-linux-musl binaries",
                "licenses": [{ "expression": "Apache-2.0" }],
                "purl": format!("pkg:cargo/shipshape@{version}"),
            },
        },
        "components": components,
        "dependencies": dependencies,
    });
    // A stable serial number: the same binaries give the same document.
    let body = serde_json::to_vec(&document).map_err(|e| e.to_string())?;
    document["serialNumber"] = json!(format!("urn:uuid:{}", uuid_from(&body)));
    serde_json::to_string_pretty(&document)
        .map(|text| text + "\n")
        .map_err(|e| e.to_string())
}

/// `THIRD-PARTY-LICENSES.txt`: the licence and notice files of every crate compiled into the
/// binaries at run time (the MIT and BSD licences ask that their text travel with the binary).
/// A text already given for another crate is named, not repeated.
pub fn third_party_notices(
    crates: &BTreeMap<String, Crate>,
    licences: &Licences,
) -> Result<String, String> {
    let runtime: BTreeSet<&String> = crates
        .iter()
        .filter(|(_, krate)| krate.runtime && !krate.local)
        .map(|(key, _)| key)
        .collect();
    let mut out = String::from(
        "Licences of the third-party crates compiled into shipshape and shipshape-lsp.\n\
         shipshape itself is under the Apache License 2.0 (LICENSE).\n",
    );
    let mut seen: BTreeMap<Vec<u8>, String> = BTreeMap::new();
    for key in runtime {
        let metadata = licences
            .0
            .get(key.as_str())
            .ok_or_else(|| format!("{key} is in the binary but not in `cargo metadata`"))?;
        let expression = metadata["license"]
            .as_str()
            .unwrap_or("(no licence declared)");
        out.push_str(&format!(
            "\n==== {} {} ({expression}) ====\n",
            metadata["name"].as_str().unwrap_or_default(),
            metadata["version"].as_str().unwrap_or_default()
        ));
        let manifest =
            std::path::PathBuf::from(metadata["manifest_path"].as_str().unwrap_or_default());
        let directory = manifest
            .parent()
            .ok_or("a manifest path without a folder")?;
        let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(directory)
            .map_err(|e| format!("{}: {e}", directory.display()))?
            .filter_map(|entry| entry.ok().map(|entry| entry.path()))
            .filter(|path| {
                let name = path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or_default()
                    .to_ascii_uppercase();
                path.is_file()
                    && [
                        "LICENSE",
                        "LICENCE",
                        "COPYING",
                        "NOTICE",
                        "UNLICENSE",
                        "COPYRIGHT",
                    ]
                    .iter()
                    .any(|prefix| name.starts_with(prefix))
            })
            .collect();
        files.sort();
        if files.is_empty() {
            out.push_str(
                "(the crate ships no licence file; its licence is the expression above)\n",
            );
        }
        for file in files {
            let bytes = crate::dist::read(&file)?;
            let name = file
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_string();
            match seen.get(&bytes) {
                Some(first) => out.push_str(&format!("-- {name}: the same text as {first}\n")),
                None => {
                    out.push_str(&format!(
                        "-- {name}\n{}\n",
                        String::from_utf8_lossy(&bytes).trim_end()
                    ));
                    seen.insert(bytes, format!("{key} ({name})"));
                }
            }
        }
    }
    Ok(out)
}

fn purl(key: &str) -> String {
    format!("pkg:cargo/{key}")
}

/// `name@version` -> SHA-256 of the `.crate`, from `Cargo.lock`'s `checksum` fields.
fn lockfile_checksums() -> Result<BTreeMap<String, String>, String> {
    let path = root().join("Cargo.lock");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let lock: Value = toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(lock["package"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|package| {
            Some((
                format!(
                    "{}@{}",
                    package["name"].as_str()?,
                    package["version"].as_str()?
                ),
                package["checksum"].as_str()?.to_string(),
            ))
        })
        .collect())
}

/// A version-8 UUID (RFC 9562: custom data) from the document's SHA-256.
fn uuid_from(bytes: &[u8]) -> String {
    use sha2::Digest;
    let mut digest: [u8; 16] = [0; 16];
    digest.copy_from_slice(&sha2::Sha256::digest(bytes)[..16]);
    digest[6] = (digest[6] & 0x0f) | 0x80;
    digest[8] = (digest[8] & 0x3f) | 0x80;
    let hex: String = digest.iter().map(|byte| format!("{byte:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// Seconds since the epoch as `YYYY-MM-DDThh:mm:ssZ` (Howard Hinnant's civil_from_days).
fn rfc3339(seconds: u64) -> String {
    let days = (seconds / 86_400) as i64;
    let rest = seconds % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3_600,
        rest % 3_600 / 60,
        rest % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_matches_known_instants() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(1_796_400_000), "2026-12-04T16:00:00Z");
    }

    #[test]
    fn uuid_has_version_8_and_the_rfc_variant() {
        let uuid = uuid_from(b"shipshape");
        assert_eq!(uuid.len(), 36);
        assert_eq!(&uuid[14..15], "8");
        assert!(matches!(&uuid[19..20], "8" | "9" | "a" | "b"), "{uuid}");
    }
}
