use crate::checker::Checker;
use crate::dockerfile::{Dockerfile, Keyword};
use crate::rule::{declare_rule, Violation};

declare_rule! {
    /// ## What it does
    /// Reports `COPY` and `ADD` of key material and credential files into a stage that ships:
    /// the final stage and the stages it is built on (`FROM build AS final`); in a single-stage
    /// file, that one stage. Builder stages may hold such files, since their layers do not reach
    /// the image (pass them with `RUN --mount=type=secret` there too, so they stay out of the
    /// build cache).
    ///
    /// Recognised sources (by file name, globs included): SSH private keys (`id_rsa`,
    /// `id_dsa`, `id_ecdsa`, `id_ed25519`), anything under `.ssh/`, `.aws/`, `.kube/` or
    /// `.gnupg/`, `.docker/config.json`, `kubeconfig`, `credentials.json`, `.env` and
    /// `.env.<name>`, `.npmrc`, `.pypirc`, `.netrc`, `.git-credentials`, and `*.pem`, `*.key`,
    /// `*.p12`, `*.pfx`.
    ///
    /// Not reported: `COPY . .` and other directory copies (their content is unknown; use a
    /// `.dockerignore`), public keys (`*.pub`), example files (`.env.example`, `.env.sample`,
    /// `.env.template`, `.env.dist`), and `.pem`/`.key` names that say they are public material
    /// (`ca.pem`, `cert.pem`, `chain.pem`, `bundle.pem`, `public.key`, `repo-signing.key`,
    /// `*.gpg.key`), and Diffie-Hellman parameters (`dhparam.pem`, `ffdhe4096.pem`).
    ///
    /// ## Why is this bad?
    /// Every layer of an image can be extracted by anyone who can pull it: a key copied in and
    /// deleted in a later layer is still there. Registry credentials, cloud keys and TLS private
    /// keys in an image let whoever reads it impersonate the service. Secrets belong in a secret
    /// store and reach the container at run time, or the build through a secret mount.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:20-slim
    /// COPY .npmrc /root/.npmrc
    /// RUN npm ci
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM node:20-slim
    /// RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
    /// ```
    ///
    /// To suppress: `# shipshape ignore=SS502 -- reason` on the line before the instruction.
    ///
    /// ## References
    /// - [Build secrets](https://docs.docker.com/build/building/secrets/)
    /// - [.dockerignore](https://docs.docker.com/build/concepts/context/#dockerignore-files)
    pub struct SecretFileInImage { pub file: String, pub what: &'static str, pub instruction: String }
    code = "SS502",
    name = "secret-file-in-image",
    summary = "Key material or a credential file is copied into the image",
    severity = Warning,
    kinds = [Dockerfile],
    fix = None,
    since = "0.1.0",
    sources = [],
}

impl Violation for SecretFileInImage {
    fn text(&self) -> crate::i18n::Message {
        crate::i18n::Message::new("SS502")
            .arg("instruction", self.instruction.to_string())
            .arg("file", self.file.to_string())
            .phrase("what", self.what)
    }
}

// ---- dockerfile ----

pub(crate) fn check_dockerfile(dockerfile: &Dockerfile, checker: &mut Checker) {
    let Some(last) = dockerfile.final_stage() else {
        return;
    };
    let mut shipped: Vec<_> = dockerfile.stage_chain(last);
    shipped.reverse();
    for stage in shipped {
        for index in stage.instructions.clone() {
            let Some(instruction) = dockerfile.instructions.get(index) else {
                continue;
            };
            if !matches!(instruction.keyword, Keyword::Copy | Keyword::Add) {
                continue;
            }
            let arguments = instruction.arguments();
            let Some((_, sources)) = arguments.split_last() else {
                continue;
            };
            for source in sources {
                if source.value.starts_with("<<") {
                    continue;
                }
                if let Some(what) = classify(&source.value) {
                    checker
                        .report(
                            SecretFileInImage {
                                file: source.value.clone(),
                                what,
                                instruction: instruction.keyword.as_str().to_string(),
                            },
                            source.range,
                        )
                        .object(stage.label())
                        .anchor(instruction.range.start);
                }
            }
        }
    }
}

/// What kind of secret a source path names, if any.
pub fn classify(path: &str) -> Option<&'static str> {
    let lower = path.trim().to_ascii_lowercase().replace('\\', "/");
    let trimmed = lower.trim_end_matches('/');
    let components: Vec<&str> = trimmed.split('/').collect();
    let base = components.last().copied().unwrap_or("");
    if base.ends_with(".pub") || base == "." || base == ".." || base.is_empty() {
        return None;
    }
    for (dir, what) in [
        (".ssh", "SSH keys"),
        (".aws", "AWS credentials"),
        (".kube", "a kubeconfig"),
        (".gnupg", "a GnuPG keyring"),
    ] {
        if components.contains(&dir) {
            return Some(what);
        }
    }
    if trimmed.ends_with(".docker/config.json") {
        return Some("Docker registry credentials");
    }
    match base {
        "id_rsa" | "id_dsa" | "id_ecdsa" | "id_ed25519" | "id_ecdsa_sk" | "id_ed25519_sk" => {
            return Some("an SSH private key")
        }
        ".npmrc" => return Some("npm credentials"),
        ".pypirc" => return Some("PyPI credentials"),
        ".netrc" | "_netrc" => return Some("netrc credentials"),
        ".git-credentials" => return Some("Git credentials"),
        "credentials.json" => return Some("a credentials file"),
        ".env" => return Some("an environment file"),
        _ => {}
    }
    if base.starts_with("kubeconfig") {
        return Some("a kubeconfig");
    }
    if let Some(variant) = base.strip_prefix(".env.") {
        let example = [
            "example", "sample", "template", "dist", "defaults", "default", "tpl",
        ]
        .iter()
        .any(|word| variant.contains(word));
        return (!example).then_some("an environment file");
    }
    let public = |words: &[&str]| words.iter().any(|w| base.contains(w));
    // Diffie-Hellman parameters are public.
    if public(&["dhparam", "ffdhe"]) {
        return None;
    }
    if base.ends_with(".pem") {
        if public(&[
            "cert", "ca.", "ca-", "ca_", "chain", "bundle", "public", "pub.",
        ]) {
            return None;
        }
        return Some("a PEM key");
    }
    if base.ends_with(".key") {
        if public(&[
            "public", "pub.", "gpg", "pgp", "signing", "keyring", "release", "repo", "apt",
            "archive",
        ]) {
            return None;
        }
        return Some("a private key");
    }
    if base.ends_with(".p12") || base.ends_with(".pfx") {
        return Some("a PKCS#12 key store");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::classify;
    use crate::dockerfile::test_support::{check_code, Hit};

    #[test]
    fn classifies_secret_files() {
        for path in [
            "id_rsa",
            "/root/.ssh/",
            "./.aws",
            "config/.docker/config.json",
            "*.pem",
            "server.key",
            ".env",
            ".env.production",
            "cert.p12",
            "kubeconfig.yaml",
            ".npmrc",
        ] {
            assert!(classify(path).is_some(), "{path}");
        }
        for path in [
            ".",
            "./",
            "id_rsa.pub",
            ".env.example",
            "ca.pem",
            "fullchain.pem",
            "nginx_signing.key",
            "src/",
            "package.json",
            "environment.ts",
        ] {
            assert!(classify(path).is_none(), "{path}");
        }
    }

    /// Each credential file is named by what it holds (a missing name would leave it
    /// unreported), and a public key stays public inside a secret folder.
    #[test]
    fn names_what_each_credential_file_holds() {
        for (path, what) in [
            ("/root/.pypirc", "PyPI credentials"),
            (".netrc", "netrc credentials"),
            ("C:\\Users\\me\\_netrc", "netrc credentials"),
            ("home/.git-credentials", "Git credentials"),
            (".npmrc", "npm credentials"),
            ("/root/.ssh/config", "SSH keys"),
        ] {
            assert_eq!(classify(path), Some(what), "{path}");
        }
        for path in ["/root/.ssh/id_rsa.pub", "/root/.ssh/.", "/root/.ssh/.."] {
            assert_eq!(classify(path), None, "{path}");
        }
    }

    #[test]
    fn reports_shipped_stages_only() {
        let text = "FROM golang AS build\nCOPY id_rsa /root/.ssh/id_rsa\nFROM alpine\nCOPY . .\nCOPY [\"server.key\", \"/etc/ssl/\"]\nADD --chown=1:1 .env .npmrc /app/\nCOPY --from=build /root/.ssh/known_hosts /etc/\n";
        assert_eq!(
            check_code(text, "SS502"),
            vec![
                Hit::new(5, 7, "\"server.key\"", "`COPY` puts `server.key` (a private key) into the image; pass it with `RUN --mount=type=secret` instead"),
                Hit::new(6, 17, ".env", "`ADD` puts `.env` (an environment file) into the image; pass it with `RUN --mount=type=secret` instead"),
                Hit::new(6, 22, ".npmrc", "`ADD` puts `.npmrc` (npm credentials) into the image; pass it with `RUN --mount=type=secret` instead"),
                Hit::new(7, 19, "/root/.ssh/known_hosts", "`COPY` puts `/root/.ssh/known_hosts` (SSH keys) into the image; pass it with `RUN --mount=type=secret` instead"),
            ]
        );
    }
}
