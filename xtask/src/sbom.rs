//! The release's SBOM (CycloneDX 1.5 JSON), made from what the binaries themselves record.
//!
//! `cargo auditable` embeds in each binary the crates it was compiled from, with this build's
//! features and target; that list, not a resolution of the whole workspace, is the truth about
//! what shipped. This file turns the lists of both binaries into CycloneDX: one component per
//! crate (purl `pkg:cargo/name@version`, licence expression and repository from `cargo metadata`,
//! SHA-256 from `Cargo.lock` for registry crates), crates used only at build time with scope
//! `excluded`, and the dependency graph. (`cargo cyclonedx` resolves the manifest instead, and
//! would be one more tool to build in CI; this is the same format from a more exact source.)

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Value};

use crate::{cargo, root};

/// What `cargo metadata` says about a crate, by `name@version`.
pub struct Licences(BTreeMap<String, Value>);

/// Licence, repository and description of every crate in the lockfile.
pub fn licences() -> Result<Licences, String> {
    let out = cargo()
        .args(["metadata", "--format-version", "1", "--locked"])
        .output()
        .map_err(|e| format!("cargo metadata: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "cargo metadata failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let metadata: Value =
        serde_json::from_slice(&out.stdout).map_err(|e| format!("cargo metadata: {e}"))?;
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

/// The CycloneDX document for the binaries whose audit data is in `audits` (one list each).
pub fn cyclonedx(audits: &[Value], licences: &Licences, time: u64) -> Result<String, String> {
    let checksums = lockfile_checksums()?;
    // name@version -> (kind, dependencies as name@version); a crate used at run time by either
    // binary is a run-time crate.
    let mut crates: BTreeMap<String, (bool, BTreeSet<String>, Value)> = BTreeMap::new();
    let mut roots = BTreeSet::new();
    for audit in audits {
        let packages = audit["packages"]
            .as_array()
            .ok_or("audit data without `packages`")?;
        let key_of = |index: &Value| -> Option<String> {
            let package = packages.get(usize::try_from(index.as_u64()?).ok()?)?;
            Some(format!(
                "{}@{}",
                package["name"].as_str()?,
                package["version"].as_str()?
            ))
        };
        for package in packages {
            let key = format!(
                "{}@{}",
                package["name"].as_str().ok_or("a package without a name")?,
                package["version"]
                    .as_str()
                    .ok_or("a package without a version")?
            );
            let runtime = package["kind"].as_str().unwrap_or("runtime") == "runtime";
            let dependencies: BTreeSet<String> = package["dependencies"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(key_of)
                .collect();
            if package["root"].as_bool() == Some(true) {
                roots.insert(key.clone());
            }
            let entry = crates
                .entry(key)
                .or_insert_with(|| (false, BTreeSet::new(), package["source"].clone()));
            entry.0 |= runtime;
            entry.1.extend(dependencies);
        }
    }
    let version = env!("CARGO_PKG_VERSION");
    let release_ref = format!("pkg:cargo/shipshape@{version}?release");
    let mut components = Vec::new();
    let mut dependencies = vec![
        json!({ "ref": release_ref, "dependsOn": roots.iter().map(|key| purl(key)).collect::<Vec<_>>() }),
    ];
    for (key, (runtime, depends_on, source)) in &crates {
        let (name, crate_version) = key.rsplit_once('@').ok_or("a crate key without @")?;
        let mut component = json!({
            "type": if roots.contains(key) { "application" } else { "library" },
            "bom-ref": purl(key),
            "name": name,
            "version": crate_version,
            "scope": if *runtime { "required" } else { "excluded" },
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
        if source.as_str() == Some("local") {
            component["properties"] =
                json!([{ "name": "cdx:cargo:source", "value": "this repository" }]);
        }
        components.push(component);
        dependencies.push(json!({
            "ref": purl(key),
            "dependsOn": depends_on.iter().map(|key| purl(key)).collect::<Vec<_>>(),
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

fn purl(key: &str) -> String {
    format!("pkg:cargo/{key}")
}

/// `name@version` -> SHA-256 of the `.crate`, from `Cargo.lock`'s `checksum` lines.
fn lockfile_checksums() -> Result<BTreeMap<String, String>, String> {
    let path = root().join("Cargo.lock");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut checksums = BTreeMap::new();
    for block in text.split("[[package]]") {
        let field = |name: &str| {
            block.lines().find_map(|line| {
                line.strip_prefix(name)?
                    .trim_start()
                    .strip_prefix('=')?
                    .trim()
                    .strip_prefix('"')?
                    .strip_suffix('"')
                    .map(str::to_string)
            })
        };
        if let (Some(name), Some(version), Some(checksum)) =
            (field("name"), field("version"), field("checksum"))
        {
            checksums.insert(format!("{name}@{version}"), checksum);
        }
    }
    Ok(checksums)
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
