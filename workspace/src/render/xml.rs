//! XML escaping for the JUnit and checkstyle formats.

/// `text` escaped for an XML attribute value in double quotes or for element content.
/// Characters XML 1.0 does not allow (most C0 controls, lone surrogates cannot occur in a `str`,
/// U+FFFE and U+FFFF) become U+FFFD; tab, CR and LF are written as character references so that
/// attribute values keep them.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_markup_quotes_and_controls() {
        assert_eq!(
            escape("a<b>&\"c'\td\ne\r\u{1}\u{ffff}é"),
            "a&lt;b&gt;&amp;&quot;c&apos;&#9;d&#10;e&#13;\u{fffd}\u{fffd}é"
        );
    }
}
