//! A guard between stdin and `tower-lsp-server`'s reader.
//!
//! `tower-lsp-server` reads stdin through `tokio_util`'s `FramedRead`, which ends the stream at
//! the first frame it cannot decode: one bad message (say a document holding a lone UTF-16
//! surrogate, which `JSON.stringify` writes as `"\ud83d"` and `serde_json` rejects) would stop
//! the server from reading anything else. This task re-frames every message, repairs lone
//! surrogate escapes (as U+FFFD, what editors show for them) and invalid UTF-8, and drops (with
//! an error in the log) what is still not JSON, so that the server only ever sees valid frames.

use serde::de::IgnoredAny;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};

/// Largest message accepted (a document of this size would not be checked in useful time).
const MAX_MESSAGE: usize = 256 * 1024 * 1024;

/// Copy LSP frames from `input` to `output`, repaired as described above, until `input` ends.
pub async fn forward<R, W>(input: R, mut output: W) -> std::io::Result<()>
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut reader = BufReader::new(input);
    let mut line = Vec::new();
    loop {
        // Headers: `Name: value` lines up to an empty line; only Content-Length matters.
        let mut content_length: Option<usize> = None;
        loop {
            line.clear();
            if reader.read_until(b'\n', &mut line).await? == 0 {
                return output.shutdown().await;
            }
            let text = String::from_utf8_lossy(&line);
            let text = text.trim();
            if text.is_empty() {
                if content_length.is_some() {
                    break;
                }
                continue;
            }
            if let Some((name, value)) = text.split_once(':') {
                if name.trim().eq_ignore_ascii_case("content-length") {
                    content_length = value.trim().parse().ok();
                }
            }
        }
        let length = content_length.unwrap_or(0);
        if length > MAX_MESSAGE {
            tracing::error!(length, "message too large; stopping");
            return output.shutdown().await;
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).await?;
        let Some(body) = repair(body) else {
            tracing::error!("dropped a message that is not JSON");
            continue;
        };
        output
            .write_all(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes())
            .await?;
        output.write_all(&body).await?;
        output.flush().await?;
    }
}

fn is_json(body: &[u8]) -> bool {
    serde_json::from_slice::<IgnoredAny>(body).is_ok()
}

/// Whether the text holds a `\uD800`-`\uDFFF` escape (which `IgnoredAny` does not validate).
fn has_surrogate_escape(body: &[u8]) -> bool {
    body.windows(4).any(|w| {
        w[0] == b'\\'
            && w[1] == b'u'
            && (w[2] == b'd' || w[2] == b'D')
            && matches!(w[3], b'8'..=b'9' | b'a'..=b'f' | b'A'..=b'F')
    })
}

/// The body if it is JSON; else with invalid UTF-8 and lone surrogate escapes replaced by
/// U+FFFD, if that makes it JSON; else `None`.
pub fn repair(body: Vec<u8>) -> Option<Vec<u8>> {
    if std::str::from_utf8(&body).is_ok() && !has_surrogate_escape(&body) && is_json(&body) {
        return Some(body);
    }
    let text = String::from_utf8_lossy(&body);
    let fixed = replace_lone_surrogates(&text);
    if is_json(fixed.as_bytes()) {
        tracing::warn!("repaired a message holding lone surrogates or invalid UTF-8");
        Some(fixed.into_bytes())
    } else {
        None
    }
}

fn hex4(chars: &[char]) -> Option<u32> {
    if chars.len() < 4 {
        return None;
    }
    chars[..4]
        .iter()
        .try_fold(0u32, |acc, c| c.to_digit(16).map(|d| acc * 16 + d))
}

/// Replace `\uD800`-`\uDFFF` escapes that do not form a high-low pair with `\uFFFD`.
fn replace_lone_surrogates(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c != '\\' {
            out.push(c);
            i += 1;
            continue;
        }
        match chars.get(i + 1) {
            Some('u') => {
                let unit = chars.get(i + 2..).and_then(hex4);
                match unit {
                    Some(high @ 0xD800..=0xDBFF) => {
                        let low = (chars.get(i + 6) == Some(&'\\')
                            && chars.get(i + 7) == Some(&'u'))
                        .then(|| chars.get(i + 8..).and_then(hex4))
                        .flatten();
                        if let Some(0xDC00..=0xDFFF) = low {
                            out.extend(&chars[i..i + 12]);
                            i += 12;
                        } else {
                            let _ = high;
                            out.push_str("\\uFFFD");
                            i += 6;
                        }
                    }
                    Some(0xDC00..=0xDFFF) => {
                        out.push_str("\\uFFFD");
                        i += 6;
                    }
                    _ => {
                        out.push_str("\\u");
                        i += 2;
                    }
                }
            }
            Some(&next) => {
                out.push('\\');
                out.push(next);
                i += 2;
            }
            None => {
                out.push('\\');
                i += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lone_surrogates_become_replacement_characters() {
        let body = br#"{"t":"a\ud83d b \ude00 \ud83d\ude00 \\ud83d \n"}"#.to_vec();
        assert!(serde_json::from_slice::<serde_json::Value>(&body).is_err());
        let fixed = repair(body).unwrap();
        let value: serde_json::Value = serde_json::from_slice(&fixed).unwrap();
        assert_eq!(value["t"], "a\u{FFFD} b \u{FFFD} 😀 \\ud83d \n");
        // Invalid UTF-8 too.
        let fixed = repair(b"{\"t\":\"\xff\"}".to_vec()).unwrap();
        let value: serde_json::Value = serde_json::from_slice(&fixed).unwrap();
        assert_eq!(value["t"], "\u{FFFD}");
        // Not JSON at all.
        assert_eq!(repair(b"{\"t\":".to_vec()), None);
        // Valid JSON passes through untouched.
        assert_eq!(repair(b"{}".to_vec()), Some(b"{}".to_vec()));
    }

    #[tokio::test]
    async fn frames_are_repaired_and_garbage_skipped() {
        let input = b"Content-Length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=latin1\r\n\r\n{}\
            Content-Length: 3\r\n\r\n{x}\
            \r\nContent-Length: 12\r\n\r\n[\"\\udc00\",1]"
            .to_vec();
        let mut output = Vec::new();
        forward(&input[..], &mut output).await.unwrap();
        assert_eq!(
            String::from_utf8(output).unwrap(),
            "Content-Length: 2\r\n\r\n{}Content-Length: 12\r\n\r\n[\"\\uFFFD\",1]"
        );
    }
}
