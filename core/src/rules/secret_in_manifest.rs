use crate::checker::Checker;
use crate::rule::{declare_rule, Violation};
use crate::secrets::{is_literal_value, is_secret_name};
use crate::text::TextRange;
use crate::yaml::edit::scalar_source_range;
use crate::yaml::{Node, YamlFile};

declare_rule! {
    /// ## What it does
    /// Finds secret values committed in manifests:
    /// - a Kubernetes `Secret` (`apiVersion: v1`) whose `data` or `stringData` holds literal
    ///   values under keys that name a credential (one finding per key: a secret-like name of
    ///   SS501, or a key containing `pass`, `pwd`, `secret`, `token`, `cred`,
    ///   `apikey`, `accesskey`, `.key`...). Public parts (`tls.crt`, `ca.crt`, `*.pub`), settings (numbers,
    ///   log levels, values of four characters or fewer, after decoding the base64 of `data`),
    ///   empty values and placeholders (`<your-token>`, `CHANGEME`) are left alone;
    /// - a `ConfigMap` whose `data` has a secret-like key (`DB_PASSWORD`, `api-token`...: the
    ///   names of SS501) holding a literal value;
    /// - a Compose top-level `secrets:` entry whose `environment:` is not the name of a variable
    ///   but, by the look of it, the secret itself.
    ///
    /// Encrypted or referenced forms are not reported: a `SealedSecret` (`encryptedData`), an
    /// `ExternalSecret`, a SOPS-encrypted file (`ENC[...]` values) and a Secret filled by a
    /// controller.
    ///
    /// ## Why is this bad?
    /// The `data` of a Secret is base64, which is an encoding, not encryption: anyone who can
    /// read the repository reads the secret, in every clone, fork, CI log and backup, forever;
    /// rotating it means rewriting history. A ConfigMap is not even meant to hold secrets: it is
    /// readable by more roles and shows up in plain text in `kubectl describe`.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Secret
    /// metadata:
    ///   name: db
    /// stringData:
    ///   password: hunter2-but-longer
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// apiVersion: external-secrets.io/v1beta1
    /// kind: ExternalSecret
    /// metadata:
    ///   name: db
    /// spec:
    ///   secretStoreRef:
    ///     name: vault
    ///     kind: ClusterSecretStore
    ///   target:
    ///     name: db
    ///   data:
    ///     - secretKey: password
    ///       remoteRef:
    ///         key: prod/db
    ///         property: password
    /// ```
    ///
    /// Or commit a `SealedSecret` (sealed with `kubeseal`), a SOPS-encrypted file, or create the
    /// Secret out of band (`kubectl create secret generic db --from-literal=...` from CI). A test
    /// fixture that must hold a fake value says so: `# shipshape ignore=SS504 -- test fixture`
    /// on the line before the key.
    ///
    /// ## References
    /// - [Kubernetes: good practices for Secrets](https://kubernetes.io/docs/concepts/security/secrets-good-practices/)
    /// - [Kubernetes: Secrets](https://kubernetes.io/docs/concepts/configuration/secret/)
    /// - [Sealed Secrets](https://github.com/bitnami-labs/sealed-secrets)
    /// - [External Secrets Operator](https://external-secrets.io/)
    /// - [Compose: secrets](https://docs.docker.com/reference/compose-file/secrets/)
    pub struct SecretInManifest { pub object: String, pub key: String, pub case: ManifestCase }
    code = "SS504",
    name = "secret-in-manifest",
    summary = "A secret value is committed in a manifest",
    severity = Error,
    kinds = [Compose, Kubernetes],
    fix = None,
    since = "0.2.0",
    sources = [],
}

/// Where the committed secret is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ManifestCase {
    Secret,
    ConfigMap,
    ComposeSecret,
}

impl Violation for SecretInManifest {
    fn text(&self) -> crate::i18n::Message {
        let (id, key) = match self.case {
            ManifestCase::ConfigMap => ("SS504-config-map", true),
            ManifestCase::Secret => ("SS504-secret", true),
            ManifestCase::ComposeSecret => ("SS504-compose-secret", false),
        };
        let text = crate::i18n::Message::new(id).arg("object", self.object.clone());
        if key {
            text.arg("key", self.key.to_string())
        } else {
            text
        }
    }
}

/// Fragments of a Secret's key that say it holds a credential (`accesskey`, `db-password`,
/// `tls.key`, `.dockerconfigjson`), beyond the secret-like names of SS501.
const CREDENTIAL_KEY_FRAGMENTS: &[&str] = &[
    "pass",
    "pwd",
    "secret",
    "token",
    "apikey",
    "api_key",
    "accesskey",
    "access_key",
    ".key",
    "key.pem",
    "privatekey",
    "private_key",
    "cred",
    "salt",
    "cookie",
    "dsn",
    "dockerconfig",
    "dockercfg",
    "id_rsa",
    "id_ed25519",
    "htpasswd",
];

/// Whether a Secret's key names a credential: a Helm chart that renders every option of a tool
/// into one Secret (endpoints, index names, log levels) holds settings under the other keys.
fn is_credential_key(key: &str, config: &crate::Config) -> bool {
    let lower = key.to_ascii_lowercase();
    is_secret_name(&key.replace(['-', '.'], "_"), config)
        || CREDENTIAL_KEY_FRAGMENTS.iter().any(|f| lower.contains(f))
}

/// Keys of a Secret that hold public material.
fn is_public_key(key: &str) -> bool {
    let lower = key.to_ascii_lowercase();
    matches!(
        lower.as_str(),
        "tls.crt" | "ca.crt" | "ca.pem" | "namespace" | "username" | "user"
    ) || lower.ends_with(".pub")
        || lower.ends_with(".crt")
        || lower.ends_with("public_key")
        || lower.ends_with("public-key")
}

/// A value that is stored encrypted or filled in later.
fn is_protected(value: &str) -> bool {
    let value = value.trim();
    value.starts_with("ENC[")
        || value.starts_with("AgB") && value.len() > 200
        || value.starts_with("vault:")
}

/// Standard base64 (with or without padding), as `data` values are written; `None` when the
/// text is not base64.
fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let mut bits = 0u32;
    let mut count = 0u32;
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    for byte in text.trim().bytes() {
        let value = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => continue,
            b'\n' | b' ' => continue,
            _ => return None,
        };
        bits = (bits << 6) | u32::from(value);
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
            bits &= (1 << count) - 1;
        }
    }
    Some(out)
}

/// A value that is a setting rather than a secret: a number, a boolean, a log level, a short
/// word (Helm charts render every option of a tool into its Secret, most of them empty or
/// settings like `all` or `debug`).
fn is_setting(value: &str) -> bool {
    let value = value.trim();
    value.len() <= 4
        || value.parse::<f64>().is_ok()
        || matches!(
            value.to_ascii_lowercase().as_str(),
            "debug"
                | "info"
                | "notice"
                | "warning"
                | "error"
                | "critical"
                | "alert"
                | "emergency"
                | "json"
                | "text"
                | "none"
                | "false"
                | "true"
        )
}

/// A scalar's range without its quotes, for redaction.
fn inner(text: &str, node: &Node) -> TextRange {
    let written = scalar_source_range(text, node);
    match node.as_scalar() {
        Some(scalar) if scalar.style.is_quoted() && written.len() >= 2 => {
            TextRange::new(written.start + 1, written.end - 1)
        }
        _ => written,
    }
}

// ---- kubernetes ----

pub(crate) fn check_kubernetes(file: &YamlFile, checker: &mut Checker) {
    for object in crate::kubernetes::objects(file) {
        let config_map = match (object.api_version, object.kind) {
            ("v1", "Secret") => false,
            ("v1", "ConfigMap") => true,
            _ => continue,
        };
        let fields: &[&str] = if config_map {
            &["data"]
        } else {
            &["data", "stringData"]
        };
        for field in fields {
            let Some(data) = object.node.get(field) else {
                continue;
            };
            for entry in data.entries() {
                let Some(key) = entry.key_str() else {
                    continue;
                };
                let Some(value) = entry.value.as_str() else {
                    continue;
                };
                if !is_literal_value(value) || is_protected(value) {
                    continue;
                }
                // `data` is base64: judge what it encodes.
                if *field == "data" && !config_map {
                    let decoded =
                        decode_base64(value).and_then(|bytes| String::from_utf8(bytes).ok());
                    if let Some(decoded) = decoded {
                        if !is_literal_value(&decoded) || is_setting(&decoded) {
                            continue;
                        }
                    }
                } else if !config_map && is_setting(value) {
                    continue;
                }
                if config_map {
                    // Only single-line values under a secret-like key: a key holding a whole
                    // configuration file is not itself a secret name.
                    let name = key.replace(['-', '.'], "_");
                    if !is_secret_name(&name, checker.config) || value.contains('\n') {
                        continue;
                    }
                } else if is_public_key(key) || !is_credential_key(key, checker.config) {
                    continue;
                }
                let label = object.label();
                let secret = inner(checker.text, &entry.value);
                checker
                    .report(
                        SecretInManifest {
                            object: label.clone(),
                            key: key.to_string(),
                            case: if config_map {
                                ManifestCase::ConfigMap
                            } else {
                                ManifestCase::Secret
                            },
                        },
                        if entry.merged || entry.key.alias {
                            scalar_source_range(checker.text, &entry.value)
                        } else {
                            entry
                                .key
                                .range
                                .cover(scalar_source_range(checker.text, &entry.value))
                        },
                    )
                    .object(label)
                    .redact(secret);
            }
        }
    }
}

// ---- compose ----

/// Top-level `secrets:` entries with `environment: <value>` where the value is not a variable
/// name: Compose reads the secret from that variable, so a value that cannot be one is the
/// secret written in the file.
pub(crate) fn check_compose(file: &YamlFile, checker: &mut Checker) {
    for root in file.roots() {
        let Some(secrets) = root.get("secrets") else {
            continue;
        };
        for entry in secrets.entries() {
            let (Some(name), Some(environment)) = (entry.key_str(), entry.value.get("environment"))
            else {
                continue;
            };
            let Some(value) = environment.as_str() else {
                continue;
            };
            let variable_name = !value.is_empty()
                && !value.starts_with(|c: char| c.is_ascii_digit())
                && value
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_');
            if variable_name || !is_literal_value(value) {
                continue;
            }
            let object = format!("secret {name}");
            let secret = inner(checker.text, environment);
            checker
                .report(
                    SecretInManifest {
                        object: format!("Compose {object}"),
                        key: "environment".to_string(),
                        case: ManifestCase::ComposeSecret,
                    },
                    scalar_source_range(checker.text, environment),
                )
                .object(object)
                .redact(secret);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Which keys of a Secret name a credential, which hold public material, and which values
    /// are stored encrypted: each alternative decides alone.
    #[test]
    fn credential_public_and_protected() {
        let config = crate::Config::default();
        // `*_NAME` exempts it from SS501's names; the `pass` fragment still says credential.
        assert!(is_credential_key("password_name", &config));
        assert!(is_credential_key("DB_PASSWORD", &config));
        assert!(!is_credential_key("endpoint", &config));
        for public in [
            "username",
            "id_rsa.pub",
            "server.crt",
            "signing_public_key",
            "signing-public-key",
        ] {
            assert!(is_public_key(public), "{public}");
        }
        assert!(!is_public_key("tls.key"));
        assert!(is_protected("ENC[AES256_GCM,data:abc=,type:str]"));
        assert!(is_protected("vault:secret/data/db#password"));
        assert!(is_protected(&format!("AgB{}", "x".repeat(200))));
        assert!(!is_protected("AgBshort"));
        assert!(!is_protected(&format!("AgB{}", "x".repeat(197))));
        assert!(!is_protected(&"x".repeat(300)));
        assert!(!is_protected("hunter2-longer"));
    }

    #[test]
    fn base64_and_settings() {
        assert_eq!(decode_base64("YWxs").as_deref(), Some(&b"all"[..]));
        assert_eq!(
            decode_base64("MWYyZDFlMmU2N2Rm").as_deref(),
            Some(&b"1f2d1e2e67df"[..])
        );
        assert_eq!(decode_base64("YWRtaW4=").as_deref(), Some(&b"admin"[..]));
        assert!(decode_base64("not base64!").is_none());
        // Line breaks and spaces, as `data` values wrapped in a YAML block, are skipped.
        assert_eq!(
            decode_base64("YWxs\nYW xs").as_deref(),
            Some(&b"allall"[..])
        );
        // The standard and the URL-safe alphabets both.
        assert_eq!(
            decode_base64("+/+/").as_deref(),
            Some(&[0xfb, 0xff, 0xbf][..])
        );
        assert_eq!(
            decode_base64("-_-_").as_deref(),
            Some(&[0xfb, 0xff, 0xbf][..])
        );
        assert!(is_setting("all") && is_setting("200") && is_setting("debug"));
        assert!(!is_setting("hunter2-longer"));
    }
}
