//! What counts as a secret: secret-like variable names (SS501), literal values, known credential
//! formats (SS503), and redaction so that no output prints a secret in full.

use std::sync::OnceLock;

use regex::Regex;

use crate::config::Config;
use crate::text::TextRange;

/// Name fragments that make a variable secret-like (matched on the upper-cased name).
const SECRET_NAME_FRAGMENTS: &[&str] = &[
    "PASSWORD",
    "PASSWD",
    "PASSPHRASE",
    "SECRET",
    "TOKEN",
    "API_KEY",
    "APIKEY",
    "ACCESS_KEY",
    "PRIVATE_KEY",
    "CREDENTIALS",
    "CREDENTIAL",
    "AUTH_KEY",
    "ENCRYPTION_KEY",
    "SIGNING_KEY",
    "MASTER_KEY",
];

/// Whole-name suffixes that also count (`DB_PASS`, `MYSQL_ROOT_PWD`).
const SECRET_NAME_SUFFIXES: &[&str] = &["_PASS", "_PWD", "_PW"];

/// Names that only look secret. `*` matches any run of characters; a pattern without `*` matches
/// as a fragment anywhere in the name.
const EXEMPT_NAME_PATTERNS: &[&str] = &[
    "*_FILE",
    "*_PATH",
    "*_DIR",
    "*_VERSION",
    "PUBLIC_KEY",
    "*_KEY_NAME",
    "*_KEY_ALIAS",
    "*_KEY_ID_NAME",
    "*_NAME",
    "USERNAME",
    "GOPRIVATE",
    "*_URL_FILE",
    "*_ENABLED",
    "*_ENABLE",
    "*_DISABLED",
    "*_LENGTH",
    "*_TTL",
    "*_EXPIRY",
    "*_EXPIRATION",
    "*_TIMEOUT",
    "*_HEADER",
    "*_ENDPOINT",
    "*_TYPE",
    "*_MODE",
    "*_POLICY",
    "*_PROVIDER",
    "*_REF",
    "*_SECRET_REF",
    "*_LIFETIME",
    "*_AGE",
    "*_ROTATION",
    "*_MIN_*",
    "*_MAX_*",
];

/// Whether `name` looks like it holds a secret, after the configured extras and exemptions.
pub fn is_secret_name(name: &str, config: &Config) -> bool {
    let upper = name.trim().to_ascii_uppercase();
    if upper.is_empty() {
        return false;
    }
    let exempt = EXEMPT_NAME_PATTERNS
        .iter()
        .copied()
        .chain(config.secret_exempt.iter().map(String::as_str))
        .any(|pattern| name_matches(&upper, pattern));
    if exempt {
        return false;
    }
    SECRET_NAME_FRAGMENTS
        .iter()
        .copied()
        .chain(config.secret_names.iter().map(String::as_str))
        .any(|fragment| !fragment.is_empty() && name_matches(&upper, fragment))
        || SECRET_NAME_SUFFIXES
            .iter()
            .any(|suffix| upper.ends_with(suffix))
        || upper == "PASS"
}

/// Glob (`*`) match on the whole name, or fragment match for patterns without `*`.
fn name_matches(name: &str, pattern: &str) -> bool {
    if !pattern.contains('*') {
        return name.contains(pattern);
    }
    let parts: Vec<&str> = pattern.split('*').collect();
    let mut rest = name;
    for (index, part) in parts.iter().enumerate() {
        if part.is_empty() {
            continue;
        }
        if index == 0 {
            match rest.strip_prefix(part) {
                Some(tail) => rest = tail,
                None => return false,
            }
        } else if index == parts.len() - 1 {
            return rest.len() >= part.len() && rest.ends_with(part);
        } else {
            match rest.find(part) {
                Some(at) => rest = &rest[at + part.len()..],
                None => return false,
            }
        }
    }
    true
}

/// Whether a value (already unquoted) is a literal, as opposed to empty, a placeholder for
/// interpolation (`${VAR}`, `${VAR:-}`, `$VAR`, `${VAR:?required}`), or a boolean/null.
pub fn is_literal_value(value: &str) -> bool {
    let value = value.trim();
    if value.is_empty() {
        return false;
    }
    if matches!(
        value.to_ascii_lowercase().as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "~" | "none"
    ) {
        return false;
    }
    !is_reference(value)
}

/// `${VAR}`, `${VAR:-}`, `${VAR-}`, `${VAR:?msg}`, `${VAR?msg}`, `$VAR`, `$(VAR)` (Kubernetes),
/// or a concatenation of those only. A non-empty default (`${VAR:-hunter2}`) is a literal.
fn is_reference(value: &str) -> bool {
    let bytes = value.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'$' {
            return false;
        }
        i += 1;
        match bytes.get(i) {
            Some(b'{') => {
                let Some(close) = matching_brace(&value[i..]) else {
                    return false;
                };
                let inner = &value[i + 1..i + close];
                let name_end = inner
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(inner.len());
                if name_end == 0 {
                    return false;
                }
                let modifier = &inner[name_end..];
                let ok = modifier.is_empty()
                    || modifier == ":-"
                    || modifier == "-"
                    || modifier.starts_with(":?")
                    || modifier.starts_with('?')
                    || ((modifier.starts_with(":-") || modifier.starts_with('-'))
                        && is_reference(modifier.trim_start_matches(':').trim_start_matches('-')));
                if !ok {
                    return false;
                }
                i += close + 1;
            }
            Some(b'(') => {
                let Some(close) = value[i..].find(')') else {
                    return false;
                };
                i += close + 1;
            }
            Some(c) if c.is_ascii_alphabetic() || *c == b'_' => {
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
            }
            _ => return false,
        }
    }
    true
}

/// Offset of the `}` closing the `{` at the start of `text`.
fn matching_brace(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (index, byte) in text.bytes().enumerate() {
        match byte {
            b'{' => depth += 1,
            b'}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(index);
                }
            }
            _ => {}
        }
    }
    None
}

/// A known credential format found in text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CredentialMatch {
    /// What was found, e.g. "an AWS access key id".
    pub kind: &'static str,
    /// The whole match.
    pub range: TextRange,
    /// The secret part of the match (the password in a URL, the whole token otherwise).
    pub secret: TextRange,
}

struct CredentialPattern {
    kind: &'static str,
    regex: &'static str,
    /// Capture group holding the secret part (0: the whole match).
    group: usize,
}

const CREDENTIAL_PATTERNS: &[CredentialPattern] = &[
    CredentialPattern {
        kind: "an AWS access key id",
        regex: r"\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b",
        group: 0,
    },
    CredentialPattern {
        kind: "a GitHub token",
        regex: r"\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b",
        group: 0,
    },
    CredentialPattern {
        kind: "a GitLab token",
        regex: r"\bgl(?:pat|dt|rt|ptt|cbt)-[A-Za-z0-9_\-]{20,}",
        group: 0,
    },
    CredentialPattern {
        kind: "a Slack token",
        regex: r"\bxox[abposr]-[A-Za-z0-9-]{10,}",
        group: 0,
    },
    CredentialPattern {
        kind: "a Slack webhook URL",
        regex: r"https://hooks\.slack\.com/services/T[A-Za-z0-9_]+/B[A-Za-z0-9_]+/[A-Za-z0-9_]+",
        group: 0,
    },
    CredentialPattern {
        kind: "a Stripe live key",
        regex: r"\b(?:sk|rk)_live_[A-Za-z0-9]{20,}\b",
        group: 0,
    },
    CredentialPattern {
        kind: "a Google API key",
        regex: r"\bAIza[0-9A-Za-z_\-]{35}\b",
        group: 0,
    },
    CredentialPattern {
        kind: "an npm access token",
        regex: r"\bnpm_[A-Za-z0-9]{36}\b",
        group: 0,
    },
    CredentialPattern {
        kind: "a SendGrid API key",
        regex: r"\bSG\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43}\b",
        group: 0,
    },
    CredentialPattern {
        kind: "a PEM private key",
        regex: r"-----BEGIN (?:RSA |DSA |EC |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----",
        group: 0,
    },
    // scheme://user:password@host, where the password is not an interpolation.
    CredentialPattern {
        kind: "a URL with an inline password",
        regex: r"\b[a-zA-Z][a-zA-Z0-9+.\-]{1,20}://[^\s:/@'\x22]+:([^\s/@'\x22$]+)@[A-Za-z0-9\[\]._\-]+",
        group: 1,
    },
];

fn compiled_patterns() -> &'static [(Regex, &'static CredentialPattern)] {
    static COMPILED: OnceLock<Vec<(Regex, &'static CredentialPattern)>> = OnceLock::new();
    COMPILED.get_or_init(|| {
        CREDENTIAL_PATTERNS
            .iter()
            .filter_map(|pattern| Regex::new(pattern.regex).ok().map(|regex| (regex, pattern)))
            .collect()
    })
}

/// Every known credential format in `text`, in order; `base` is added to the offsets.
pub fn find_credentials(text: &str, base: usize) -> Vec<CredentialMatch> {
    let mut found = Vec::new();
    for (regex, pattern) in compiled_patterns() {
        for captures in regex.captures_iter(text) {
            let (Some(whole), Some(secret)) = (captures.get(0), captures.get(pattern.group)) else {
                continue;
            };
            found.push(CredentialMatch {
                kind: pattern.kind,
                range: TextRange::new(base + whole.start(), base + whole.end()),
                secret: TextRange::new(base + secret.start(), base + secret.end()),
            });
        }
    }
    found.sort_by_key(|m| (m.range.start, m.range.end));
    found.dedup_by(|later, earlier| earlier.range.contains_range(later.range));
    found
}

/// A redacted form of a secret value: at most its first three characters for values of twelve
/// or more, nothing for shorter ones, then `***`.
pub fn redact(value: &str) -> String {
    let count = value.chars().count();
    if count >= 12 {
        let prefix: String = value.chars().take(3).collect();
        format!("{prefix}***")
    } else {
        "***".to_string()
    }
}

/// `line` with the part inside `secret` (relative to the same origin as `line_range`) redacted.
pub fn redact_in_line(line: &str, line_range: TextRange, secret: TextRange) -> String {
    let start = secret
        .start
        .max(line_range.start)
        .saturating_sub(line_range.start)
        .min(line.len());
    let end = secret
        .end
        .min(line_range.end)
        .saturating_sub(line_range.start)
        .min(line.len());
    if start >= end || !line.is_char_boundary(start) || !line.is_char_boundary(end) {
        return line.to_string();
    }
    format!(
        "{}{}{}",
        &line[..start],
        redact(&line[start..end]),
        &line[end..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_names_and_exemptions() {
        let config = Config::default();
        for name in [
            "DB_PASSWORD",
            "mysql_root_password",
            "GITHUB_TOKEN",
            "API_KEY",
            "aws_secret_access_key",
            "DB_PASS",
            "CLIENT_SECRET",
        ] {
            assert!(is_secret_name(name, &config), "{name}");
        }
        for name in [
            "DB_PASSWORD_FILE",
            "SSH_PUBLIC_KEY",
            "USERNAME",
            "GOPRIVATE",
            "TOKEN_PATH",
            "NODE_VERSION",
            "KMS_KEY_NAME",
            "HOME",
            "PWD_DIR",
            "SECRET_NAME",
        ] {
            assert!(!is_secret_name(name, &config), "{name}");
        }
        let mut config = Config::default();
        config.secret_names.push("PIN".into());
        config.secret_exempt.push("*_TOKEN_URL".into());
        assert!(is_secret_name("CARD_PIN", &config));
        assert!(!is_secret_name("AUTH_TOKEN_URL", &config));
    }

    #[test]
    fn literal_values() {
        for value in ["hunter2", "${PASS:-hunter2}", "x${VAR}"] {
            assert!(is_literal_value(value), "{value}");
        }
        for value in [
            "",
            "  ",
            "${PASS}",
            "${PASS:-}",
            "$PASS",
            "${PASS:?set it}",
            "${A}${B}",
            "$(SECRET)",
            "true",
            "${PASS:-${OTHER}}",
        ] {
            assert!(!is_literal_value(value), "{value}");
        }
    }

    #[test]
    fn credential_formats() {
        let text = "key=AKIAIOSFODNN7EXAMPLE url=postgres://app:s3cr3t@db:5432/app ok=postgres://app:${PW}@db";
        let found = find_credentials(text, 10);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].kind, "an AWS access key id");
        assert_eq!(found[0].range, TextRange::new(14, 34));
        assert_eq!(found[1].kind, "a URL with an inline password");
        assert_eq!(
            &text[found[1].secret.start - 10..found[1].secret.end - 10],
            "s3cr3t"
        );
    }

    #[test]
    fn redaction_never_shows_the_whole_value() {
        assert_eq!(redact("hunter2"), "***");
        assert_eq!(redact("ghp_abcdefghijklmnopqrstuvwxyz0123456789"), "ghp***");
        assert_eq!(
            redact_in_line(
                "PW=hunter2 x",
                TextRange::new(100, 112),
                TextRange::new(103, 110)
            ),
            "PW=*** x"
        );
    }
}
