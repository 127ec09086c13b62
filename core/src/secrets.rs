//! What counts as a secret: secret-like variable names (SS501), literal values, known credential
//! formats (SS503), and redaction so that no output prints a secret in full.

use std::sync::OnceLock;

use memchr::memmem;
// The wasm module runs the patterns on regex-lite: a fraction of regex's size, the same syntax and
// leftmost-first matches for these patterns (`patterns_match_alike_on_regex_lite` checks them).
#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
use regex::Regex;
#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
use regex_lite::Regex;

use crate::settings::Config;
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
    // The built-in patterns are sorted once per process into suffixes and fragments: this runs
    // on every variable name, against some fifty patterns.
    static EXEMPT: OnceLock<NamePatterns> = OnceLock::new();
    static FRAGMENTS: OnceLock<NamePatterns> = OnceLock::new();
    let upper = name.trim().to_ascii_uppercase();
    if upper.is_empty() {
        return false;
    }
    let exempt = EXEMPT
        .get_or_init(|| NamePatterns::new(EXEMPT_NAME_PATTERNS))
        .matches(&upper)
        || config
            .secret_exempt
            .iter()
            .any(|pattern| NamePattern::new(pattern).matches(&upper));
    if exempt {
        return false;
    }
    FRAGMENTS
        .get_or_init(|| NamePatterns::new(SECRET_NAME_FRAGMENTS))
        .matches(&upper)
        || config
            .secret_names
            .iter()
            .any(|fragment| !fragment.is_empty() && NamePattern::new(fragment).matches(&upper))
        || SECRET_NAME_SUFFIXES
            .iter()
            .any(|suffix| upper.ends_with(suffix))
        || has_secret_segment(&upper)
}

/// Built-in name patterns, sorted by what matching them takes: `*X` is a suffix, `X` and `*X*`
/// are fragments (found in one pass over the name, indexed by their first byte), and the rest
/// are matched as globs.
struct NamePatterns {
    suffixes: Vec<&'static str>,
    fragments_by_first_byte: Vec<Vec<&'static [u8]>>,
    globs: Vec<NamePattern<'static>>,
}

impl NamePatterns {
    fn new(patterns: &[&'static str]) -> Self {
        let mut sorted = Self {
            suffixes: Vec::new(),
            fragments_by_first_byte: vec![Vec::new(); 256],
            globs: Vec::new(),
        };
        for pattern in patterns {
            let compiled = NamePattern::new(pattern);
            let fragment = match compiled.glob {
                None => Some(*pattern),
                Some(("", middle, "")) if !middle.is_empty() && !middle.contains('*') => {
                    Some(middle)
                }
                Some(("", "", suffix)) => {
                    sorted.suffixes.push(suffix);
                    None
                }
                Some(_) => {
                    sorted.globs.push(compiled);
                    None
                }
            };
            if let Some(fragment) = fragment.map(str::as_bytes) {
                match fragment.first() {
                    Some(&first) => {
                        sorted.fragments_by_first_byte[usize::from(first)].push(fragment)
                    }
                    // The empty fragment is in every name.
                    None => sorted.suffixes.push(""),
                }
            }
        }
        sorted
    }

    fn matches(&self, name: &str) -> bool {
        let bytes = name.as_bytes();
        self.suffixes.iter().any(|suffix| name.ends_with(suffix))
            || (0..bytes.len()).any(|at| {
                self.fragments_by_first_byte[usize::from(bytes[at])]
                    .iter()
                    .any(|fragment| bytes[at..].starts_with(fragment))
            })
            || self.globs.iter().any(|glob| glob.matches(name))
    }
}

/// Abbreviations that make a name secret-like only as a whole `_`/`-`/`.`-separated segment
/// (`DB_PASS`, `PW_ADMIN`, `MY-CREDS`), so that words merely containing them (`PASSENGER`,
/// `BYPASS`, `COMPASS`, `PASSTHROUGH`, `SPWD`) stay quiet.
const SECRET_NAME_SEGMENTS: &[&str] = &["PASS", "PASSWD", "PW", "PWD", "CREDS", "APIKEY"];

/// Shell variables whose names only look secret: the working directories.
const SHELL_NAMES: &[&str] = &["PWD", "OLDPWD"];

fn has_secret_segment(upper: &str) -> bool {
    if SHELL_NAMES.contains(&upper) {
        return false;
    }
    upper
        .split(['_', '-', '.'])
        .any(|segment| SECRET_NAME_SEGMENTS.contains(&segment))
}

/// A name pattern: a glob (`*`) matched on the whole name, or, without `*`, a fragment found
/// anywhere in it.
struct NamePattern<'p> {
    text: &'p str,
    /// Before the first `*`, between the first and last (the middle parts, `*`-separated), and
    /// after the last.
    glob: Option<(&'p str, &'p str, &'p str)>,
}

impl<'p> NamePattern<'p> {
    fn new(text: &'p str) -> Self {
        let glob = text.split_once('*').map(|(first, tail)| {
            let (middle, last) = tail.rsplit_once('*').unwrap_or(("", tail));
            (first, middle, last)
        });
        Self { text, glob }
    }

    fn matches(&self, name: &str) -> bool {
        let Some((first, middle, last)) = self.glob else {
            return find_in_name(name, self.text).is_some();
        };
        let Some(mut rest) = name.strip_prefix(first) else {
            return false;
        };
        let middle_parts = (!middle.is_empty()).then(|| middle.split('*'));
        for part in middle_parts
            .into_iter()
            .flatten()
            .filter(|part| !part.is_empty())
        {
            match find_in_name(rest, part).and_then(|at| rest.get(at + part.len()..)) {
                Some(after) => rest = after,
                None => return false,
            }
        }
        rest.ends_with(last)
    }
}

/// `name.find(part)` for the short names and fragments here: `str::find` prepares a two-way
/// search on every call, which costs more than the search itself on a variable name.
fn find_in_name(name: &str, part: &str) -> Option<usize> {
    let (name, part) = (name.as_bytes(), part.as_bytes());
    let Some(&first) = part.first() else {
        return Some(0);
    };
    memchr::memchr_iter(first, name).find(|&at| name[at..].starts_with(part))
}

/// Whether a value (already unquoted) is a literal, as opposed to empty, a placeholder for
/// interpolation (`${VAR}`, `${VAR:-}`, `$VAR`, `${VAR:?required}`), or a boolean/null or a
/// `0`/`1` switch (`MYSQL_RANDOM_ROOT_PASSWORD=1`, `SECRETS=0` in docker-socket-proxy).
pub fn is_literal_value(value: &str) -> bool {
    let value = value.trim();
    if value.is_empty() {
        return false;
    }
    // Compared without a lower-case copy: values can be whole files (a ConfigMap's data).
    if [
        "true", "false", "yes", "no", "on", "off", "null", "~", "none", "0", "1",
    ]
    .iter()
    .any(|word| value.eq_ignore_ascii_case(word))
    {
        return false;
    }
    !is_reference(value) && !is_placeholder(value)
}

/// Text that marks "put the real secret here" wherever it appears in a value.
const PLACEHOLDER_TEXT: &[&str] = &[
    "CHANGEME",
    "CHANGE_ME",
    "CHANGE-ME",
    "CHANGEIT",
    "CHANGE_IT",
    "REPLACEME",
    "REPLACE_ME",
    "REPLACE-ME",
    "PLACEHOLDER",
];

/// Whether `upper` (in upper case) holds one of [`PLACEHOLDER_TEXT`]. Each of them holds
/// `CHANGE`, `REPLACE` or `PLACEHOLDER`: three vectorised searches rule most values out before
/// the nine substring searches run (values can be whole files, a ConfigMap's data).
fn has_placeholder_text(upper: &str) -> bool {
    static ANCHORS: OnceLock<[memmem::Finder<'static>; 3]> = OnceLock::new();
    let anchors = ANCHORS.get_or_init(|| {
        [
            memmem::Finder::new("CHANGE"),
            memmem::Finder::new("REPLACE"),
            memmem::Finder::new("PLACEHOLDER"),
        ]
    });
    anchors
        .iter()
        .any(|anchor| anchor.find(upper.as_bytes()).is_some())
        && PLACEHOLDER_TEXT.iter().any(|text| upper.contains(text))
}

/// Whether one of the `_`/`-`/`.`/` ` segments of `upper` (in upper case) is one of
/// [`PLACEHOLDER_WORDS`]; the segments are only split where one of the words is in the text.
fn has_placeholder_word(upper: &str) -> bool {
    static WORDS: OnceLock<Vec<memmem::Finder<'static>>> = OnceLock::new();
    let words = WORDS.get_or_init(|| PLACEHOLDER_WORDS.iter().map(memmem::Finder::new).collect());
    words
        .iter()
        .any(|word| word.find(upper.as_bytes()).is_some())
        && upper
            .split(['_', '-', '.', ' '])
            .any(|word| PLACEHOLDER_WORDS.contains(&word))
}

/// Words that mark a placeholder when they are the value or one of its `_`/`-`/`.` segments.
const PLACEHOLDER_WORDS: &[&str] = &["INVALID", "DUMMY", "REDACTED", "TODO", "FIXME", "TBD"];

/// File extensions of a value that names a file rather than holding a secret
/// (`ARG SECRETFILE=secret1.txt`).
const FILE_EXTENSIONS: &[&str] = &[
    "txt",
    "json",
    "yaml",
    "yml",
    "toml",
    "pem",
    "key",
    "crt",
    "cer",
    "p12",
    "pfx",
    "jks",
    "env",
    "conf",
    "cfg",
    "ini",
    "properties",
    "xml",
    "gpg",
    "asc",
];

/// Whether a value is a placeholder for a secret, not one: `<your-API-Key>`, `INSERT_ETCD_TOKEN`,
/// `YOUR_TOKEN_HERE`, `CHANGEME` ([`PLACEHOLDER_TEXT`] anywhere), the words of
/// [`PLACEHOLDER_WORDS`] as a segment (`dummy-token`), `xxxx`/`****`/`....`, an interpolation whose default is one
/// (`${X:-invalid}`), and a file name (`secret1.txt`: a name with a known extension and no
/// spaces).
pub fn is_placeholder(value: &str) -> bool {
    let value = value.trim().trim_matches(['"', '\'']);
    if value.is_empty() {
        return false;
    }
    // `${X:-default}` / `${X-default}`: judge the default.
    if let Some(inner) = value.strip_prefix("${").and_then(|v| v.strip_suffix('}')) {
        if let Some(at) = inner.find('-') {
            let name = inner[..at].trim_end_matches(':');
            if !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
                return is_placeholder(&inner[at + 1..]);
            }
        }
        return false;
    }
    if value.starts_with('<') && value.ends_with('>') {
        return true;
    }
    let upper = value.to_ascii_uppercase();
    if upper.starts_with("INSERT_")
        || upper.starts_with("YOUR_")
        || upper.starts_with("YOUR-")
        || upper.ends_with("_HERE")
        || upper.ends_with("-HERE")
    {
        return true;
    }
    // `xxxx`, `****`: a short run only (a 10 MB line of `x` is data, whatever it means).
    if (3..=64).contains(&upper.len())
        && upper
            .bytes()
            .all(|b| matches!(b, b'X' | b'*' | b'.' | b'#'))
    {
        return true;
    }
    if has_placeholder_text(&upper) || has_placeholder_word(&upper) {
        return true;
    }
    if let Some((stem, extension)) = value.rsplit_once('.') {
        let lower = extension.to_ascii_lowercase();
        if !stem.is_empty()
            && !value.contains(char::is_whitespace)
            && FILE_EXTENSIONS.contains(&lower.as_str())
            && stem
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'/'))
        {
            return true;
        }
    }
    false
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
    /// Every match contains one of these literals: text without any is skipped before the regex
    /// is compiled or run. Compiling is the costly part where each file gets a fresh process or
    /// instance (the WASI component, the wasm module), and most files hold no credential.
    hints: &'static [&'static str],
}

const CREDENTIAL_PATTERNS: &[CredentialPattern] = &[
    CredentialPattern {
        kind: "an AWS access key id",
        regex: r"(?-u:\b)(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}(?-u:\b)",
        hints: &["AKIA", "ASIA", "ABIA", "ACCA"],
        group: 0,
    },
    CredentialPattern {
        kind: "a GitHub token",
        regex: r"(?-u:\b)(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})(?-u:\b)",
        hints: &["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"],
        group: 0,
    },
    CredentialPattern {
        kind: "a GitLab token",
        regex: r"(?-u:\b)gl(?:pat|dt|rt|ptt|cbt)-[A-Za-z0-9_\-]{20,}",
        hints: &["glpat-", "gldt-", "glrt-", "glptt-", "glcbt-"],
        group: 0,
    },
    CredentialPattern {
        kind: "a Slack token",
        regex: r"(?-u:\b)xox[abposr]-[A-Za-z0-9-]{10,}",
        hints: &["xox"],
        group: 0,
    },
    CredentialPattern {
        kind: "a Slack webhook URL",
        regex: r"https://hooks\.slack\.com/services/T[A-Za-z0-9_]+/B[A-Za-z0-9_]+/[A-Za-z0-9_]+",
        hints: &["https://hooks.slack.com/services/"],
        group: 0,
    },
    CredentialPattern {
        kind: "a Stripe live key",
        regex: r"(?-u:\b)(?:sk|rk)_live_[A-Za-z0-9]{20,}(?-u:\b)",
        hints: &["_live_"],
        group: 0,
    },
    CredentialPattern {
        kind: "a Google API key",
        regex: r"(?-u:\b)AIza[0-9A-Za-z_\-]{35}(?-u:\b)",
        hints: &["AIza"],
        group: 0,
    },
    CredentialPattern {
        kind: "an npm access token",
        regex: r"(?-u:\b)npm_[A-Za-z0-9]{36}(?-u:\b)",
        hints: &["npm_"],
        group: 0,
    },
    CredentialPattern {
        kind: "a SendGrid API key",
        regex: r"(?-u:\b)SG\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43}(?-u:\b)",
        hints: &["SG."],
        group: 0,
    },
    CredentialPattern {
        kind: "a PEM private key",
        // Any number of dashes from two (hand-edited and generated files vary), any key type.
        // `\s` spelled out as Unicode's White_Space: regex-lite's `\s` is ASCII only.
        regex: r"-{2,}[\t-\r \x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}]?BEGIN (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?[\t-\r \x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}]?-{2,}",
        hints: &["PRIVATE KEY"],
        group: 0,
    },
];

/// Which of `CREDENTIAL_PATTERNS` have one of their hints in `text`, in one pass over it either
/// way: a substring search per hint (23 passes) was a tenth of the checks' time on manifests
/// natively, and 14 % of the WASI component's, where memchr has no SIMD (BENCHMARKS.md, issue
/// 19). Natively an Aho-Corasick automaton with its SIMD prefilter; in wasm, whose modules keep
/// their size down without it, a first-byte table. The tests compare both with `str::contains`.
fn hinted_patterns(text: &str) -> [bool; CREDENTIAL_PATTERNS.len()] {
    #[cfg(target_arch = "wasm32")]
    return hinted_patterns_one_pass(text);
    #[cfg(not(target_arch = "wasm32"))]
    return hinted_patterns_automaton(text);
}

/// [`hinted_patterns`] natively: all hints in one Aho-Corasick automaton.
#[cfg(not(target_arch = "wasm32"))]
fn hinted_patterns_automaton(text: &str) -> [bool; CREDENTIAL_PATTERNS.len()] {
    // The automaton, and for each of its patterns the credential pattern the hint belongs to.
    static HINTS: OnceLock<Option<(aho_corasick::AhoCorasick, Vec<usize>)>> = OnceLock::new();
    let hints = HINTS.get_or_init(|| {
        let (owners, hints): (Vec<usize>, Vec<&str>) = CREDENTIAL_PATTERNS
            .iter()
            .enumerate()
            .flat_map(|(index, pattern)| pattern.hints.iter().map(move |hint| (index, *hint)))
            .unzip();
        let automaton = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostFirst)
            .build(hints)
            .ok()?;
        Some((automaton, owners))
    });
    let Some((automaton, owners)) = hints else {
        // Cannot happen with these literals; every pattern then runs, which finds the same.
        return [true; CREDENTIAL_PATTERNS.len()];
    };
    let mut hinted = [false; CREDENTIAL_PATTERNS.len()];
    // Leftmost matches, each search resuming one byte after the last match's start: a hint
    // starting inside another's match (`ghs_live_`) is still found, and no hint is a prefix of
    // another (a test says so), so none hides behind another starting at the same byte.
    // (An overlapping search would not need that, but it cannot use the SIMD prefilter.)
    let mut from = 0;
    while let Some(found) = text
        .as_bytes()
        .get(from..)
        .and_then(|rest| automaton.find(rest))
    {
        if let Some(hinted) = owners
            .get(found.pattern().as_usize())
            .and_then(|owner| hinted.get_mut(*owner))
        {
            *hinted = true;
        }
        from += found.start() + 1;
    }
    hinted
}

/// The hints of `CREDENTIAL_PATTERNS` by their first byte, for [`hinted_patterns_one_pass`].
#[cfg(any(test, target_arch = "wasm32"))]
struct Hints {
    /// Bit `i` of `by_first[b]`: `hints[i]` starts with byte `b`.
    by_first: [u64; 256],
    /// `(index in CREDENTIAL_PATTERNS, hint)`.
    hints: Vec<(usize, &'static [u8])>,
}

/// [`hinted_patterns`] in one pass over `text`: a byte that starts no hint (most of them)
/// costs a table lookup, one that does is compared with the hints it starts.
#[cfg(any(test, target_arch = "wasm32"))]
fn hinted_patterns_one_pass(text: &str) -> [bool; CREDENTIAL_PATTERNS.len()] {
    static HINTS: OnceLock<Hints> = OnceLock::new();
    let table = HINTS.get_or_init(|| {
        let hints: Vec<(usize, &'static [u8])> = CREDENTIAL_PATTERNS
            .iter()
            .enumerate()
            .flat_map(|(index, pattern)| {
                pattern
                    .hints
                    .iter()
                    .map(move |hint| (index, hint.as_bytes()))
            })
            .filter(|(_, hint)| !hint.is_empty())
            .take(64)
            .collect();
        let mut by_first = [0u64; 256];
        for (bit, (_, hint)) in hints.iter().enumerate() {
            by_first[usize::from(hint[0])] |= 1 << bit;
        }
        Hints { by_first, hints }
    });
    let bytes = text.as_bytes();
    let mut hinted = [false; CREDENTIAL_PATTERNS.len()];
    for (at, &byte) in bytes.iter().enumerate() {
        let mut starting = table.by_first[usize::from(byte)];
        while starting != 0 {
            let bit = starting.trailing_zeros() as usize;
            starting &= starting - 1;
            let Some(&(index, hint)) = table.hints.get(bit) else {
                break;
            };
            // The second byte first: `memcmp` is a call in the wasm guest, and most bytes that
            // start a hint (`g`, `h`, `n`) start a word that is not one.
            if hint
                .get(1)
                .is_some_and(|second| bytes.get(at + 1) != Some(second))
            {
                continue;
            }
            if bytes.get(at..at + hint.len()) == Some(hint) {
                if let Some(hinted) = hinted.get_mut(index) {
                    *hinted = true;
                }
            }
        }
    }
    hinted
}

/// The compiled regex of `CREDENTIAL_PATTERNS[index]`, compiled on first use.
fn compiled_pattern(index: usize) -> Option<&'static Regex> {
    static COMPILED: [OnceLock<Option<Regex>>; CREDENTIAL_PATTERNS.len()] =
        [const { OnceLock::new() }; CREDENTIAL_PATTERNS.len()];
    let pattern = CREDENTIAL_PATTERNS.get(index)?;
    COMPILED
        .get(index)?
        .get_or_init(|| Regex::new(pattern.regex).ok())
        .as_ref()
}

const URL_PASSWORD: &str = "a URL with an inline password";

/// `scheme://user:password@host` where the password is not an interpolation: what the regex
/// `\b[a-zA-Z][a-zA-Z0-9+.\-]{1,20}://[^\s:/@'"]+:([^\s/@'"$]+)@[A-Za-z0-9\[\]._\-]+` finds
/// (the tests compare the two), scanned by hand because URLs are common and compiling that regex
/// is the costliest step for a fresh instance.
fn find_url_passwords(text: &str, base: usize, found: &mut Vec<CredentialMatch>) {
    let bytes = text.as_bytes();
    // `\b` before the scheme: the character before it is not a word character (Unicode).
    let boundary_before = |at: usize| {
        text[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '_'))
    };
    let is_scheme = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'.' | b'-');
    let mut resume = 0;
    let mut search = 0;
    let scheme_end = memmem::Finder::new("://");
    while let Some(found_at) = text
        .get(search..)
        .and_then(|rest| scheme_end.find(rest.as_bytes()))
    {
        let colon = search + found_at;
        search = colon + 3;
        // The scheme: the leftmost start after a word boundary, 2 to 21 characters, a letter first.
        let mut run = colon;
        while run > resume && run > colon.saturating_sub(21) && is_scheme(bytes[run - 1]) {
            run -= 1;
        }
        let Some(start) = (run..colon.saturating_sub(1))
            .find(|&s| bytes[s].is_ascii_alphabetic() && boundary_before(s))
        else {
            continue;
        };
        // user, then `:`, then the password, then `@`, then the host.
        let after = colon + 3;
        let stop = |c: char, extra: &[char]| {
            c.is_whitespace() || "/@'\"".contains(c) || extra.contains(&c)
        };
        let user_len = text[after..]
            .find(|c: char| stop(c, &[':']))
            .unwrap_or(text.len() - after);
        let user_end = after + user_len;
        if user_len == 0 || bytes.get(user_end) != Some(&b':') {
            continue;
        }
        let password_start = user_end + 1;
        let password_len = text[password_start..]
            .find(|c: char| stop(c, &['$']))
            .unwrap_or(text.len() - password_start);
        let password_end = password_start + password_len;
        if password_len == 0 || bytes.get(password_end) != Some(&b'@') {
            continue;
        }
        let host_start = password_end + 1;
        let host_len = bytes[host_start..]
            .iter()
            .take_while(|&&b| {
                b.is_ascii_alphanumeric() || matches!(b, b'[' | b']' | b'.' | b'_' | b'-')
            })
            .count();
        if host_len == 0 {
            continue;
        }
        let end = host_start + host_len;
        found.push(CredentialMatch {
            kind: URL_PASSWORD,
            range: TextRange::new(base + start, base + end),
            secret: TextRange::new(base + password_start, base + password_end),
        });
        resume = end;
        search = end;
    }
}

/// Every known credential format in `text`, in order; `base` is added to the offsets.
pub fn find_credentials(text: &str, base: usize) -> Vec<CredentialMatch> {
    let mut found = Vec::new();
    find_url_passwords(text, base, &mut found);
    let hinted = hinted_patterns(text);
    for (index, pattern) in CREDENTIAL_PATTERNS.iter().enumerate() {
        if !hinted[index] {
            continue;
        }
        let Some(regex) = compiled_pattern(index) else {
            continue;
        };
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

    /// Every hint, alone and among other text, at the start, in the middle, at the end, cut
    /// short, overlapping another: the one-pass scan (wasm) and the memmem searches (native)
    /// say what `str::contains` says for each hint.
    #[test]
    fn hinted_patterns_finds_what_each_hint_search_finds() {
        let expected = |text: &str| -> Vec<bool> {
            CREDENTIAL_PATTERNS
                .iter()
                .map(|pattern| pattern.hints.iter().any(|hint| text.contains(hint)))
                .collect()
        };
        let hints: Vec<&str> = CREDENTIAL_PATTERNS
            .iter()
            .flat_map(|pattern| pattern.hints.iter().copied())
            .collect();
        assert!(hints.len() <= 64, "Hints::by_first has 64 bits");
        let mut texts = vec![
            String::new(),
            "g".to_string(),
            "gh".to_string(),
            "ghp".to_string(),
            "xo".to_string(),
            "AKI".to_string(),
            "AKIAKIA".to_string(),
            "AAKIA".to_string(),
            "SG.SG".to_string(),
            "gggghp_".to_string(),
            "gl glpat glpat- ".to_string(),
            "é€AIza日本".to_string(),
            "PRIVATE KE".to_string(),
            "npm npm_".to_string(),
            "https://hooks.slack.com/services".to_string(),
        ];
        for hint in &hints {
            texts.push((*hint).to_string());
            texts.push(format!("RUN echo {hint} done"));
            texts.push(format!("key: value-{hint}"));
            texts.push(hint[..hint.len() - 1].to_string());
            texts.push(format!("x{}", &hint[..hint.len() - 1]));
            for other in &hints {
                texts.push(format!("{hint}{other}"));
                texts.push(format!("{}{other}", &hint[..hint.len() - 1]));
            }
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        for file in [
            "core/src/secrets.rs",
            "core/locales/en.toml",
            "examples/bad/Dockerfile",
            "examples/bad/compose.yaml",
        ] {
            texts.extend(std::fs::read_to_string(root.join(file)).ok());
        }
        for text in &texts {
            assert_eq!(
                hinted_patterns_one_pass(text).to_vec(),
                expected(text),
                "{text:?}"
            );
            assert_eq!(hinted_patterns(text).to_vec(), expected(text), "{text:?}");
        }
    }

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
            "PASS",
            "PASS_DB",
            "ADMIN_PW_HASH_SEED",
            "ROOT_PWD",
            "REGISTRY_CREDS",
            "STRIPE_APIKEY",
            "smtp-passwd",
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
            "PWD",
            "OLDPWD",
            "PASSENGER",
            "BYPASS",
            "COMPASS",
            "PASSTHROUGH",
            "SPWD",
            "PASSENGER_COUNT",
            "BYPASS_PROXY",
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
    fn sorted_patterns_match_as_each_pattern_does() {
        let lists = [
            EXEMPT_NAME_PATTERNS,
            SECRET_NAME_FRAGMENTS,
            &["", "*", "A*B*C", "*_MIN_*", "X*", "ÄÖ", "*Ü"],
        ];
        let names = [
            "",
            "A",
            "DB_MIN_SIZE",
            "MIN_",
            "_MIN_",
            "ABC",
            "AXBYC",
            "XRAY",
            "TOKEN_PATH",
            "SSH_PUBLIC_KEY",
            "MY_PASSWORD_FILE",
            "SECRET",
            "ÄÖÜ",
            "KEY_ALIAS",
            "X_NAME",
        ];
        for list in lists {
            let sorted = NamePatterns::new(list);
            for name in names {
                let one_by_one = list.iter().any(|p| NamePattern::new(p).matches(name));
                assert_eq!(sorted.matches(name), one_by_one, "{name} against {list:?}");
            }
        }
    }

    #[test]
    fn placeholders_are_not_secrets() {
        for value in [
            "<your-API-Key>",
            "INSERT_ETCD_TOKEN",
            "CHANGEME",
            "changeme",
            "please-change-me",
            "${DB_PASSWORD:-invalid}",
            "${X-changeme}",
            "secret1.txt",
            "YOUR_TOKEN_HERE",
            "xxxxxxxx",
            "********",
            "/run/secrets/db.key",
        ] {
            assert!(is_placeholder(value), "{value}");
            assert!(!is_literal_value(value), "{value}");
        }
        for value in [
            "hunter2",
            "${PASS:-hunter2}",
            "s3cr3t.value!",
            "password",
            "invalidate-me-not",
            "Xx9.txtx",
        ] {
            assert!(!is_placeholder(value), "{value}");
        }
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
    fn every_placeholder_text_holds_an_anchor_of_the_quick_check() {
        for text in PLACEHOLDER_TEXT {
            assert!(
                ["CHANGE", "REPLACE", "PLACEHOLDER"]
                    .iter()
                    .any(|anchor| text.contains(anchor)),
                "{text}"
            );
            assert!(has_placeholder_text(&format!("X{text}Y")), "{text}");
        }
        assert!(!has_placeholder_text("CHANGED_PLACE_HOLDER"));
        for word in PLACEHOLDER_WORDS {
            assert!(has_placeholder_word(&format!("A_{word}.B")), "{word}");
            assert!(!has_placeholder_word(&format!("A{word}B")), "{word}");
        }
    }

    #[test]
    fn one_pass_hint_search_finds_what_searching_each_hint_finds() {
        let every_hint: Vec<&str> = CREDENTIAL_PATTERNS
            .iter()
            .flat_map(|pattern| pattern.hints.iter().copied())
            .collect();
        let mut texts: Vec<String> = vec![
            String::new(),
            "image: nginx:1.27\nenv:\n  - name: A\n".to_string(),
            // Hints inside and across one another, at the ends of the text.
            "sk_live_SG.x".to_string(),
            "xoxAKIA".to_string(),
            "github_pat_ghp_".to_string(),
            "ghs".to_string(),
            "https://hooks.slack.com/services".to_string(),
            every_hint.concat(),
        ];
        texts.extend(every_hint.iter().map(|hint| format!("x {hint} y")));
        texts.extend(every_hint.iter().map(|hint| hint[1..].to_string()));
        for text in &texts {
            assert_eq!(
                hinted_patterns(text),
                hinted_patterns_one_pass(text),
                "{text:?}"
            );
        }
        assert_eq!(
            hinted_patterns(&every_hint.concat()),
            [true; CREDENTIAL_PATTERNS.len()]
        );
        // What the one-pass search relies on: no hint starts another.
        for hint in &every_hint {
            for other in &every_hint {
                assert!(
                    hint == other || !other.starts_with(hint),
                    "{hint} starts {other}"
                );
            }
        }
    }

    #[test]
    fn every_credential_format_is_found_past_its_hints() {
        let a = |n: usize| "a1B2".repeat(n).chars().take(n).collect::<String>();
        let samples = [
            ("an AWS access key id", "AKIAIOSFODNN7EXAMPLE".to_string()),
            ("a GitHub token", format!("ghp_{}", a(36))),
            ("a GitHub token", format!("github_pat_{}", a(30))),
            ("a GitLab token", format!("glpat-{}", a(20))),
            ("a Slack token", "xoxb-1234567890-abcdefghij".to_string()),
            (
                "a Slack webhook URL",
                "https://hooks.slack.com/services/T0001/B0001/abcdefgh".to_string(),
            ),
            ("a Stripe live key", format!("sk_live_{}", a(24))),
            ("a Google API key", format!("AIza{}", a(35))),
            ("an npm access token", format!("npm_{}", a(36))),
            ("a SendGrid API key", format!("SG.{}.{}", a(22), a(43))),
            (
                "a PEM private key",
                "-----BEGIN RSA PRIVATE KEY-----".to_string(),
            ),
            (
                "a PEM private key",
                "----BEGIN PRIVATE KEY------".to_string(),
            ),
            (
                "a PEM private key",
                "---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----".to_string(),
            ),
            (
                "a URL with an inline password",
                "https://user:p4ssw0rd@example.com".to_string(),
            ),
        ];
        for (kind, sample) in samples {
            let text = format!("X={sample}\n");
            let found = find_credentials(&text, 0);
            assert_eq!(
                found.iter().map(|m| m.kind).collect::<Vec<_>>(),
                [kind],
                "{sample}"
            );
        }
        assert!(find_credentials("FROM scratch\nENV A=b\n", 0).is_empty());
    }

    /// The spelled-out white space of the PEM pattern is regex's Unicode `\s`.
    #[test]
    fn spelled_out_white_space_is_unicode_white_space() {
        let unicode = Regex::new(r"^\s$").expect("valid regex");
        let spelled = Regex::new(
            r"^[\t-\r \x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}]$",
        )
        .expect("valid regex");
        let mut buffer = [0; 4];
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let text = c.encode_utf8(&mut buffer);
            assert_eq!(spelled.is_match(text), unicode.is_match(text), "{c:?}");
        }
    }

    /// regex-lite (the wasm module's engine) finds what regex finds, group for group.
    #[test]
    fn patterns_match_alike_on_regex_lite() {
        let texts = [
            "AKIAABCDEFGHIJKLMNOP AKIAABCDEFGHIJKLMNOPQ xAKIAABCDEFGHIJKLMNOP éAKIAABCDEFGHIJKLMNOPé",
            "ghp_abcdefghijklmnopqrstuvwxyz0123456789 github_pat_abcdefghijklmnopqrstuv_x gho_short",
            "glpat-abcdefghijklmnopqrst glcbt-abc xoxb-1234567890-abcdefghij xoxp-1",
            "https://hooks.slack.com/services/T0001/B0001/abcdefgh sk_live_abcdefghijklmnopqrstu rk_live_x",
            "AIzaabcdefghijklmnopqrstuvwxyz012345678 npm_abcdefghijklmnopqrstuvwxyz0123456789",
            "SG.abcdefghijklmnopqrstuv.abcdefghijklmnopqrstuvwxyz0123456789abcdefg",
            "-----BEGIN RSA PRIVATE KEY----- ----BEGIN PRIVATE KEY------ ---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----",
            "--\u{3000}BEGIN PRIVATE KEY\u{a0}-- --\u{85}BEGIN A B C D PRIVATE KEY BLOCK--",
            "ключ=AKIAABCDEFGHIJKLMNOP δghp_abcdefghijklmnopqrstuvwxyz0123456789δ 鍵npm_abcdefghijklmnopqrstuvwxyz0123456789",
        ];
        fn groups<'t>(
            captures: impl Iterator<Item = Vec<Option<(usize, usize)>>> + 't,
        ) -> Vec<Vec<Option<(usize, usize)>>> {
            captures.collect()
        }
        for pattern in CREDENTIAL_PATTERNS {
            let full = Regex::new(pattern.regex).expect("valid regex");
            let lite = regex_lite::Regex::new(pattern.regex).expect("valid for regex-lite");
            for text in texts {
                let by_full = groups(
                    full.captures_iter(text)
                        .map(|c| c.iter().map(|m| m.map(|m| (m.start(), m.end()))).collect()),
                );
                let by_lite = groups(
                    lite.captures_iter(text)
                        .map(|c| c.iter().map(|m| m.map(|m| (m.start(), m.end()))).collect()),
                );
                assert_eq!(by_lite, by_full, "{} in {text:?}", pattern.regex);
            }
        }
    }

    /// The hand-written URL scanner finds exactly what its regex finds.
    #[test]
    fn url_passwords_match_the_regex() {
        let regex = Regex::new(
            r"\b[a-zA-Z][a-zA-Z0-9+.\-]{1,20}://[^\s:/@'\x22]+:([^\s/@'\x22$]+)@[A-Za-z0-9\[\]._\-]+",
        )
        .expect("valid regex");
        let by_regex = |text: &str| -> Vec<(TextRange, TextRange)> {
            regex
                .captures_iter(text)
                .filter_map(|c| {
                    let (whole, secret) = (c.get(0)?, c.get(1)?);
                    Some((
                        TextRange::new(whole.start(), whole.end()),
                        TextRange::new(secret.start(), secret.end()),
                    ))
                })
                .collect()
        };
        let by_hand = |text: &str| -> Vec<(TextRange, TextRange)> {
            let mut found = Vec::new();
            find_url_passwords(text, 0, &mut found);
            found.into_iter().map(|m| (m.range, m.secret)).collect()
        };
        let mut cases: Vec<String> = [
            "postgres://app:s3cr3t@db:5432/app",
            "x_https://a:b@c",
            "x-https://a:b@c https://u:p@h",
            "a://u:p@h",
            "ab://u:p@h",
            "abcdefghijklmnopqrstuvwxyz://u:p@h",
            "1ab://u:p@h",
            "é-redis://u:p:q@h.example/x",
            "redis://u:${PW}@h",
            "redis://:p@h",
            "redis://u:@h",
            "redis://u:p@",
            "redis://u:p@h://v:q@i",
            "s://u:p\u{a0}x@h",
            "mongodb+srv://root:pa'ss@h",
            "https://user@host",
            "",
            "://u:p@h",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // And random URL-shaped strings: each part drawn from characters that matter to it.
        let alphabet = [
            "a", "Z", "7", "_", "-", ".", "+", ":", "/", "@", "$", "'", " ", "é", "\u{a0}", "[",
        ];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = |bound: u64| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) % bound
        };
        for _ in 0..20_000 {
            let mut text = String::new();
            for separator in ["", "://", ":", "@", "", ""] {
                text.push_str(separator);
                // Mostly plain letters, sometimes a character that ends or breaks a part.
                for _ in 0..next(5) {
                    let pick = next(3 * alphabet.len() as u64) as usize;
                    text.push_str(alphabet.get(pick).copied().unwrap_or("x"));
                }
            }
            cases.push(text);
        }
        let mut matched = 0;
        for text in &cases {
            let expected = by_regex(text);
            matched += usize::from(!expected.is_empty());
            assert_eq!(by_hand(text), expected, "{text:?}");
        }
        // The random strings reach the interesting paths, not only the fixed cases.
        assert!(matched > 100, "only {matched} cases matched");
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
