//! An example third-party shipshape rule plugin (see `docs/plugins.md`).
//!
//! - `REG001 image-from-unapproved-registry`: an image (Dockerfile `FROM`, compose or Kubernetes
//!   `image:`) does not come from one of the registries in
//!   `[plugin.registry] allowed = ["ghcr.io/acme", ...]` (the plugin's file name is the table
//!   name). With no list, nothing is reported.
//! - `REG002 image-uses-latest`: an image has no tag or the tag `latest` and no digest.
//!
//! Build: `cargo build -p shipshape-example-registry --target wasm32-wasip2 --release`, then
//! `shipshape check --plugin target/wasm32-wasip2/release/shipshape_example_registry.wasm`.

#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]

/// An image reference found in a document: its byte span and text.
#[derive(Debug, PartialEq, Eq)]
pub struct ImageRef<'a> {
    pub start: usize,
    pub end: usize,
    pub image: &'a str,
}

/// Image references: `FROM [--flag ...] IMAGE` in Dockerfiles, `image: IMAGE` in YAML.
pub fn image_refs(text: &str, dockerfile: bool) -> Vec<ImageRef<'_>> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let indent = content.len() - content.trim_start().len();
        let rest = &content[indent..];
        let found = if dockerfile {
            rest.get(..5)
                .filter(|head| head.eq_ignore_ascii_case("FROM "))
                .and_then(|_| {
                    let mut at = indent + 5;
                    for word in content[at..].split(' ') {
                        if word.is_empty() || word.starts_with("--") {
                            at += word.len() + 1;
                            continue;
                        }
                        return Some((at, word));
                    }
                    None
                })
        } else {
            let item = rest.strip_prefix("- ").unwrap_or(rest);
            let at = indent + (rest.len() - item.len());
            item.strip_prefix("image:").and_then(|value| {
                let trimmed = value.trim_start();
                let start = at + "image:".len() + (value.len() - trimmed.len());
                let word = trimmed.split(" #").next().unwrap_or(trimmed).trim_end();
                let unquoted = word.trim_matches(|c| c == '"' || c == '\'');
                let quote = word.len() - word.trim_start_matches(['"', '\'']).len();
                (!unquoted.is_empty()).then_some((start + quote, unquoted))
            })
        };
        if let Some((start, image)) = found {
            if !image.contains('$') && !image.contains("{{") && image != "scratch" {
                out.push(ImageRef {
                    start: offset + start,
                    end: offset + start + image.len(),
                    image,
                });
            }
        }
        offset += line.len();
    }
    out
}

/// The repository an image comes from, registry included (`docker.io/library/` for bare
/// Docker Hub names), without tag or digest.
pub fn registry_of(image: &str) -> String {
    let name = image.split('@').next().unwrap_or(image);
    let name = match name.rsplit_once('/') {
        Some((head, last)) => format!("{head}/{}", last.split(':').next().unwrap_or(last)),
        None => name.split(':').next().unwrap_or(name).to_string(),
    };
    let first = name.split('/').next().unwrap_or(&name);
    if name.contains('/') && (first.contains('.') || first.contains(':') || first == "localhost") {
        name
    } else if name.contains('/') {
        format!("docker.io/{name}")
    } else {
        format!("docker.io/library/{name}")
    }
}

/// Whether the reference has no tag (or `latest`) and no digest.
pub fn uses_latest(image: &str) -> bool {
    if image.contains('@') {
        return false;
    }
    let last = image.rsplit('/').next().unwrap_or(image);
    match last.split_once(':') {
        Some((_, tag)) => tag == "latest",
        None => true,
    }
}

#[cfg(target_arch = "wasm32")]
mod component {
    wit_bindgen::generate!({
        world: "checker",
        path: "../../../wit/shipshape-plugin.wit",
    });

    use shipshape::plugin::types::{FileKind, Severity, Span};

    struct Registry;

    impl Guest for Registry {
        fn rules() -> Vec<Rule> {
            let kinds = vec![
                FileKind::Dockerfile,
                FileKind::Compose,
                FileKind::Kubernetes,
            ];
            vec![
                Rule {
                    code: "REG001".into(),
                    name: "image-from-unapproved-registry".into(),
                    summary: "Images must come from an approved registry".into(),
                    default_severity: Severity::Error,
                    kinds: kinds.clone(),
                    docs_url: None,
                },
                Rule {
                    code: "REG002".into(),
                    name: "image-uses-latest".into(),
                    summary: "Images must be pinned to a tag other than `latest` or a digest"
                        .into(),
                    default_severity: Severity::Warning,
                    kinds,
                    docs_url: None,
                },
            ]
        }

        fn check(doc: Document, config: String) -> Result<Vec<Finding>, String> {
            let config: serde_json::Value =
                serde_json::from_str(&config).map_err(|e| format!("bad config JSON: {e}"))?;
            let allowed: Vec<String> = match &config["plugin"]["allowed"] {
                serde_json::Value::Null => Vec::new(),
                serde_json::Value::Array(items) => items
                    .iter()
                    .map(|item| {
                        item.as_str()
                            .map(|s| s.trim_end_matches('/').to_string())
                            .ok_or_else(|| {
                                "[plugin.registry] allowed must be a list of strings".to_string()
                            })
                    })
                    .collect::<Result<_, _>>()?,
                _ => return Err("[plugin.registry] allowed must be a list of strings".into()),
            };
            let dockerfile = matches!(doc.kind, FileKind::Dockerfile);
            if matches!(doc.kind, FileKind::Other) {
                return Ok(Vec::new());
            }
            let mut findings = Vec::new();
            for image in super::image_refs(&doc.text, dockerfile) {
                let span = Span {
                    start: image.start as u32,
                    end: image.end as u32,
                };
                let registry = super::registry_of(image.image);
                if !allowed.is_empty()
                    && !allowed
                        .iter()
                        .any(|a| registry == *a || registry.starts_with(&format!("{a}/")))
                {
                    findings.push(Finding {
                        code: "REG001".into(),
                        name: "image-from-unapproved-registry".into(),
                        severity: Severity::Error,
                        message: format!(
                            "Image `{}` comes from `{registry}`, which is not an approved registry ({})",
                            image.image,
                            allowed.join(", ")
                        ),
                        span,
                        object: None,
                        fixes: Vec::new(),
                    });
                }
                if super::uses_latest(image.image) {
                    findings.push(Finding {
                        code: "REG002".into(),
                        name: "image-uses-latest".into(),
                        severity: Severity::Warning,
                        message: format!("Image `{}` is not pinned: it uses `latest`", image.image),
                        span,
                        object: None,
                        fixes: Vec::new(),
                    });
                }
            }
            Ok(findings)
        }
    }

    export!(Registry);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_images() {
        let text = "FROM --platform=linux/amd64 ghcr.io/acme/base:1 AS b\nFROM nginx\n";
        let refs = image_refs(text, true);
        assert_eq!(refs.len(), 2);
        assert_eq!(&text[refs[0].start..refs[0].end], "ghcr.io/acme/base:1");
        assert_eq!(refs[1].image, "nginx");
        let yaml = "services:\n  web:\n    image: \"nginx:1.27\"\n";
        let refs = image_refs(yaml, false);
        assert_eq!(&yaml[refs[0].start..refs[0].end], "nginx:1.27");
    }

    #[test]
    fn registries_and_tags() {
        assert_eq!(registry_of("nginx"), "docker.io/library/nginx");
        assert_eq!(registry_of("ghcr.io/acme/base:1"), "ghcr.io/acme/base");
        assert_eq!(registry_of("localhost:5000/x"), "localhost:5000/x");
        assert!(uses_latest("nginx"));
        assert!(uses_latest("a.io/x:latest"));
        assert!(!uses_latest("localhost:5000/x:1"));
        assert!(!uses_latest("x@sha256:00"));
    }
}
