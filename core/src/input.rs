//! From a file's bytes to the text that is checked: the size limit and UTF-8. Every front end
//! reads bytes its own way (files, stdin, a JS `Uint8Array`) and then calls [`decode`], so that a
//! too-large or non-UTF-8 file gets the same SS000 finding everywhere.

use std::borrow::Cow;

use crate::finding::Finding;
use crate::i18n::Message;
use crate::rule::Rule;
use crate::rules::ParseError;
use crate::text::TextRange;

/// Files above this size are not checked: one SS000 finding says so.
pub const MAX_FILE_SIZE: usize = 10 * 1024 * 1024;

/// How much of a too-large file is looked at to decide its kind.
pub const SNIFF_SIZE: usize = 64 * 1024;

/// A NUL byte within this many leading bytes makes a file binary (git's heuristic: text
/// formats never hold NUL, and executables, images and archives do early on).
pub const BINARY_SNIFF_SIZE: usize = 8000;

/// What [`decode`] makes of a file's bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(clippy::large_enum_variant)] // one value per file read, moved once
pub enum Decoded<'a> {
    /// Valid UTF-8 within the size limit: check it.
    Text(&'a str),
    /// Not checked. `sniff` is the text to detect the kind from (the head of a too-large file,
    /// the valid prefix of a non-UTF-8 one), `text` the text the finding's position refers to
    /// (empty for a too-large file), and `finding` the SS000 finding that says why.
    Unchecked {
        sniff: Cow<'a, str>,
        text: &'a str,
        finding: Finding,
    },
}

/// Decide whether `bytes` can be checked (see [`Decoded`]).
pub fn decode(bytes: &[u8]) -> Decoded<'_> {
    if bytes.len() > MAX_FILE_SIZE {
        return Decoded::Unchecked {
            sniff: String::from_utf8_lossy(bytes.get(..SNIFF_SIZE).unwrap_or(bytes)),
            text: "",
            finding: unchecked_finding(
                Message::new("SS000-too-large").arg("max", MAX_FILE_SIZE.to_string()),
                0,
            ),
        };
    }
    let head = bytes.get(..BINARY_SNIFF_SIZE).unwrap_or(bytes);
    if let Some(nul) = head.iter().position(|&byte| byte == 0) {
        // Nothing of a binary file is shown or sniffed: its bytes would be noise on a terminal.
        return Decoded::Unchecked {
            sniff: Cow::Borrowed(""),
            text: "",
            finding: unchecked_finding(
                Message::new("SS000-binary").arg("byte", nul.to_string()),
                0,
            ),
        };
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Decoded::Text(text),
        Err(error) => {
            let valid = error.valid_up_to();
            let prefix = bytes
                .get(..valid)
                .and_then(|prefix| std::str::from_utf8(prefix).ok())
                .unwrap_or("");
            Decoded::Unchecked {
                sniff: Cow::Borrowed(prefix),
                text: prefix,
                finding: unchecked_finding(
                    Message::new("SS000-not-utf8").arg("byte", valid.to_string()),
                    valid,
                ),
            }
        }
    }
}

/// An SS000 finding for a file that never reached the parser.
fn unchecked_finding(detail: Message, at: usize) -> Finding {
    let meta = ParseError::META;
    let text = Message::new("SS000").nested("detail", detail);
    Finding {
        code: meta.code.to_string(),
        name: meta.name.to_string(),
        severity: meta.severity,
        message: text.render(crate::i18n::Locale::En),
        range: TextRange::empty(at),
        object: None,
        fixes: Vec::new(),
        anchor: None,
        redact: None,
        related: Vec::new(),
        text: Some(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_within_the_limit_is_checked() {
        assert_eq!(decode(b"FROM scratch\n"), Decoded::Text("FROM scratch\n"));
    }

    #[test]
    fn invalid_utf8_is_reported_at_the_first_bad_byte() {
        let Decoded::Unchecked {
            sniff,
            text,
            finding,
        } = decode(b"FROM a\n\xff\xfe")
        else {
            panic!("not decoded as unchecked");
        };
        assert_eq!((sniff.as_ref(), text), ("FROM a\n", "FROM a\n"));
        assert_eq!(finding.code, "SS000");
        assert_eq!(finding.message, "file is not valid UTF-8 (byte 7)");
        assert_eq!(finding.range, TextRange::empty(7));
    }

    #[test]
    fn binary_files_are_named_and_nothing_of_them_is_kept() {
        // The start of an ELF executable.
        let elf = b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00>\x00\xff";
        let Decoded::Unchecked {
            sniff,
            text,
            finding,
        } = decode(elf)
        else {
            panic!("not decoded as unchecked");
        };
        assert_eq!((sniff.as_ref(), text), ("", ""));
        assert_eq!(finding.code, "SS000");
        assert_eq!(
            finding.message,
            "binary file (a NUL byte at byte 7); it was not checked"
        );
        assert_eq!(finding.range, TextRange::empty(0));
        // Valid UTF-8 with a NUL is binary too; a NUL after the sniffed head is not looked for.
        assert!(matches!(decode(b"FROM a\n\0"), Decoded::Unchecked { .. }));
        let mut late = b"FROM a\n".to_vec();
        late.resize(BINARY_SNIFF_SIZE, b'#');
        late.push(0);
        assert!(matches!(decode(&late), Decoded::Text(_)));
    }

    #[test]
    fn too_large_files_are_sniffed_but_not_checked() {
        let mut bytes = b"services:\n".to_vec();
        bytes.resize(MAX_FILE_SIZE + 1, b' ');
        let Decoded::Unchecked {
            sniff,
            text,
            finding,
        } = decode(&bytes)
        else {
            panic!("not decoded as unchecked");
        };
        assert_eq!(sniff.len(), SNIFF_SIZE);
        assert!(sniff.starts_with("services:\n"));
        assert_eq!(text, "");
        assert_eq!(
            finding.message,
            "file too large (more than 10485760 bytes); it was not checked"
        );
        assert_eq!(finding.range, TextRange::empty(0));
    }
}
