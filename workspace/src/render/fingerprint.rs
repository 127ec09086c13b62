//! Stable fingerprints for CI systems that track findings across commits (SARIF
//! `partialFingerprints`, GitLab code quality `fingerprint`).
//!
//! A fingerprint hashes what the finding is about, never where it is: the rule code, the path,
//! the object, and the text of the finding's line(s) with whitespace normalised and any secret
//! masked. Inserting or removing lines above a finding leaves it unchanged. Two findings that
//! would hash alike in one file (the same rule on two identical lines) are told apart by their
//! occurrence number, counted in document order.
//!
//! The hash is 128 bits of two FNV-1a 64 streams with different offsets: implemented here so that
//! fingerprints never change with a dependency's version.

use std::collections::HashMap;

use shipshape_core::{Finding, LineIndex, TextRange};

/// Version prefix of the fingerprint scheme; bump it if the inputs ever change.
const SCHEME: &str = "shipshape-fingerprint-v1";

/// At most this many lines of a finding's text go into its fingerprint.
const MAX_LINES: usize = 16;

/// Fingerprints of the findings of one file, in the order given.
pub fn fingerprints(
    path: &str,
    text: &str,
    lines: &LineIndex,
    findings: &[&Finding],
) -> Vec<String> {
    // Occurrences are counted in document order, whatever order the findings come in.
    let mut order: Vec<usize> = (0..findings.len()).collect();
    order.sort_by_key(|&i| {
        findings.get(i).map(|f| {
            (
                f.range.start,
                f.range.end,
                f.code.clone(),
                f.message.clone(),
            )
        })
    });
    let mut seen: HashMap<u128, u32> = HashMap::new();
    let mut out = vec![String::new(); findings.len()];
    for i in order {
        let Some(finding) = findings.get(i) else {
            continue;
        };
        let base = base_hash(path, text, lines, finding);
        let occurrence = seen.entry(base).or_insert(0);
        *occurrence += 1;
        let mut hasher = Hasher128::new();
        hasher.write(&base.to_le_bytes());
        hasher.write(&occurrence.to_le_bytes());
        if let Some(slot) = out.get_mut(i) {
            *slot = format!("{:032x}", hasher.finish());
        }
    }
    out
}

/// A fingerprint of `text` (whitespace normalised) in the file at `path`, for what no finding
/// names (a suggested change that only a later fix pass makes).
pub fn of_text(path: &str, text: &str) -> String {
    let mut hasher = Hasher128::new();
    for part in [SCHEME, "text", &path.replace('\\', "/")] {
        hasher.write(part.as_bytes());
        hasher.write(&[0]);
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    hasher.write(words.join(" ").as_bytes());
    format!("{:032x}", hasher.finish())
}

fn base_hash(path: &str, text: &str, lines: &LineIndex, finding: &Finding) -> u128 {
    let mut hasher = Hasher128::new();
    for part in [
        SCHEME,
        &finding.code,
        &path.replace('\\', "/"),
        finding.object.as_deref().unwrap_or(""),
        &normalised_lines(text, lines, finding.range, finding.redact),
    ] {
        hasher.write(part.as_bytes());
        hasher.write(&[0]);
    }
    hasher.finish()
}

/// The text of the lines `range` touches (a range ending at a line start does not touch that
/// line), secret masked, each line's whitespace runs collapsed to one space, lines joined by `\n`.
pub fn normalised_lines(
    text: &str,
    lines: &LineIndex,
    range: TextRange,
    redact: Option<TextRange>,
) -> String {
    let first = lines.line_of(range.start);
    let mut last = lines.line_of(range.end);
    if last > first && lines.line_start(last) == range.end.min(text.len()) {
        last -= 1;
    }
    let last = last.min(first + MAX_LINES - 1);
    let mut out = String::new();
    for line in first..=last {
        let line_range = lines.line_range(text, line);
        let Some(raw) = text.get(line_range.start..line_range.end) else {
            continue;
        };
        let masked = match redact {
            Some(secret) => mask(raw, line_range, secret),
            None => raw.to_string(),
        };
        if line > first {
            out.push('\n');
        }
        let mut words = masked.split_whitespace();
        if let Some(word) = words.next() {
            out.push_str(word);
            for word in words {
                out.push(' ');
                out.push_str(word);
            }
        }
    }
    out
}

/// `line` with the part inside `secret` replaced by one `*` (the secret's length is not kept
/// either).
fn mask(line: &str, line_range: TextRange, secret: TextRange) -> String {
    let start = secret.start.max(line_range.start) - line_range.start;
    let end = secret
        .end
        .min(line_range.end)
        .saturating_sub(line_range.start);
    match (line.get(..start), line.get(end..)) {
        (Some(before), Some(after)) if start < end => format!("{before}*{after}"),
        _ if secret.start < line_range.end && secret.end > line_range.start => "*".to_string(),
        _ => line.to_string(),
    }
}

/// Two FNV-1a 64-bit streams with different offset bases, read as one 128-bit value.
struct Hasher128 {
    a: u64,
    b: u64,
}

impl Default for Hasher128 {
    fn default() -> Self {
        Self::new()
    }
}

impl Hasher128 {
    const PRIME: u64 = 0x0000_0100_0000_01b3;

    fn new() -> Self {
        Self {
            a: 0xcbf2_9ce4_8422_2325,
            b: 0x6c62_272e_07bb_0142,
        }
    }

    pub fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.a = (self.a ^ u64::from(byte)).wrapping_mul(Self::PRIME);
            self.b = (self.b ^ u64::from(byte.rotate_left(3))).wrapping_mul(Self::PRIME);
        }
    }

    pub fn finish(&self) -> u128 {
        (u128::from(self.a) << 64) | u128::from(self.b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shipshape_core::Severity;

    fn finding(range: TextRange, redact: Option<TextRange>) -> Finding {
        Finding {
            code: "SS302".to_string(),
            name: "secret-in-environment".to_string(),
            severity: Severity::Error,
            message: "m".to_string(),
            range,
            object: Some("service web".to_string()),
            fixes: Vec::new(),
            anchor: None,
            redact,
            related: Vec::new(),
            text: None,
        }
    }

    #[test]
    fn fnv_matches_the_reference_values() {
        let mut hasher = Hasher128::new();
        hasher.write(b"a");
        // FNV-1a 64 of "a" is 0xaf63dc4c8601ec8c.
        assert_eq!(hasher.a, 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn lines_are_normalised_and_secrets_masked() {
        let text = "a:\n  KEY:   hunter2hunter2  \nnext\n";
        let lines = LineIndex::new(text);
        let start = text.find("hunter2").unwrap_or(0);
        let secret = TextRange::new(start, start + 14);
        assert_eq!(
            normalised_lines(text, &lines, secret, Some(secret)),
            "KEY: *"
        );
        let whole = TextRange::new(0, text.find("next").unwrap_or(0));
        assert_eq!(
            normalised_lines(text, &lines, whole, None),
            "a:\nKEY: hunter2hunter2"
        );
    }

    #[test]
    fn stable_when_lines_move_and_distinct_on_repeats() {
        let one = "FROM a\nUSER root\n";
        let two = "FROM a\n# new\n\nUSER root\nUSER root\n";
        let at = |text: &str, n: usize| {
            let start = text.match_indices("USER").nth(n).map_or(0, |(i, _)| i);
            finding(TextRange::new(start, start + 9), None)
        };
        let f1 = at(one, 0);
        let (f2, f3) = (at(two, 0), at(two, 1));
        let a = fingerprints("Dockerfile", one, &LineIndex::new(one), &[&f1]);
        let b = fingerprints("Dockerfile", two, &LineIndex::new(two), &[&f3, &f2]);
        assert_eq!(a[0], b[1]);
        assert_ne!(b[0], b[1]);
        assert_eq!(a[0].len(), 32);
        let other_path = fingerprints("x/Dockerfile", one, &LineIndex::new(one), &[&f1]);
        assert_ne!(a[0], other_path[0]);
    }
}
