//! The message catalogue: every text a user reads, in English (`en`) and Simplified Chinese
//! (`zh-CN`).
//!
//! Checks always produce the English text (`Finding::message`), so order, fingerprints and
//! baselines never depend on the language; a finding or fix also keeps its catalogue
//! [`Message`] (an id and its parameters), and renderers ask for it in the run's [`Locale`].
//! The texts live in `core/locales/<locale>.toml` (one `id = "template"` per text, parameters
//! written `{name}`), turned into sorted tables by `core/build.rs` when core is built: a binary
//! search and a substitution at run time, no TOML parse and no runtime formatting engine (see
//! BENCHMARKS.md for why not Fluent).

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

/// A language the catalogue speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Locale {
    #[default]
    #[serde(rename = "en")]
    En,
    #[serde(rename = "zh-CN")]
    ZhCn,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::En, Locale::ZhCn];

    /// The BCP 47 tag: `en`, `zh-CN`.
    pub const fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::ZhCn => "zh-CN",
        }
    }

    /// A language tag as users and editors write it (`zh-CN`, `zh-cn`, `zh_CN.UTF-8`, `zh`,
    /// `en-US`, `C`, `POSIX`). `None` for a language the catalogue does not speak.
    pub fn parse(tag: &str) -> Option<Locale> {
        let tag = tag.trim();
        // `zh_CN.UTF-8@euro`: the encoding and modifier say nothing about the language.
        let tag = tag.split(['.', '@']).next().unwrap_or("");
        let language = tag
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match language.as_str() {
            "zh" => Some(Locale::ZhCn),
            "en" | "c" | "posix" => Some(Locale::En),
            _ => None,
        }
    }

    /// The locale of a run from, in order, the command-line flag, `SHIPSHAPE_LANG`, `LC_ALL`,
    /// `LC_MESSAGES` and `LANG` (values given by the caller: core reads no environment). The
    /// first one set and not empty decides, as in POSIX; a language without a catalogue there
    /// means English. `Err` only for an explicit flag or `SHIPSHAPE_LANG` naming an unknown
    /// language, so a typo does not pass silently.
    pub fn choose(
        flag: Option<&str>,
        shipshape_lang: Option<&str>,
        posix: [Option<&str>; 3],
    ) -> Result<Locale, String> {
        for explicit in [flag, shipshape_lang].into_iter().flatten() {
            if explicit.trim().is_empty() {
                continue;
            }
            return Locale::parse(explicit).ok_or_else(|| {
                format!("unknown language `{explicit}` (expected `en` or `zh-CN`)")
            });
        }
        Ok(posix
            .into_iter()
            .flatten()
            .find(|value| !value.trim().is_empty())
            .and_then(Locale::parse)
            .unwrap_or(Locale::En))
    }
}

impl std::fmt::Display for Locale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.tag())
    }
}

/// A catalogue text with its parameters, rendered in a locale when shown.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Message {
    pub id: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

/// A parameter's value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Arg {
    /// Shown as written: names, settings, paths, numbers from the file.
    Text(String),
    /// A fixed English phrase from a table in the code (`an SSH private key`), translated by
    /// the catalogue's `phrase: <English>` entry.
    Phrase(&'static str),
    /// A catalogue text of its own, rendered in the same locale.
    Message(Box<Message>),
}

impl Arg {
    fn render(&self, locale: Locale) -> String {
        match self {
            Arg::Text(text) => text.clone(),
            Arg::Phrase(english) => phrase(locale, english),
            Arg::Message(message) => message.render(locale),
        }
    }
}

/// `english` in `locale`: the catalogue's `phrase: <english>` text, else `english`.
pub fn phrase(locale: Locale, english: &str) -> String {
    if locale == Locale::En {
        return english.to_string();
    }
    catalogue(locale)
        .get(&format!("phrase: {english}"))
        .map_or_else(|| english.to_string(), str::to_string)
}

impl Message {
    pub fn new(id: &'static str) -> Self {
        Self {
            id,
            args: Vec::new(),
        }
    }

    pub fn arg(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.args.push((name, Arg::Text(value.into())));
        self
    }

    /// A parameter that is a fixed English phrase (see [`Arg::Phrase`]).
    pub fn phrase(mut self, name: &'static str, english: &'static str) -> Self {
        self.args.push((name, Arg::Phrase(english)));
        self
    }

    /// A parameter that is a catalogue text itself.
    pub fn nested(mut self, name: &'static str, message: Message) -> Self {
        self.args.push((name, Arg::Message(Box::new(message))));
        self
    }

    /// The text in `locale`; in English when `locale` lacks it (the completeness test keeps
    /// that from happening), and the id itself when both do.
    pub fn render(&self, locale: Locale) -> String {
        let template = template(locale, self.id)
            .or_else(|| template(Locale::En, self.id))
            .unwrap_or(self.id);
        // Every finding renders its message, so the values are written straight into the
        // result, without a string of their own where none is needed.
        substitute(template, |name, out| {
            let Some((arg, value)) = self.args.iter().find(|(arg, _)| {
                arg.len() == name.len()
                    && arg
                        .bytes()
                        .zip(name.bytes())
                        .all(|(a, n)| a == n.to_ascii_lowercase())
            }) else {
                return false;
            };
            let value: Cow<'_, str> = match value {
                Arg::Text(text) => Cow::Borrowed(text),
                Arg::Phrase(english) if locale == Locale::En => Cow::Borrowed(english),
                other => Cow::Owned(other.render(locale)),
            };
            // `{Object}` at the start of an English sentence: the value, capitalised.
            let value = if *arg == "object" && locale != Locale::En {
                Cow::Owned(object(locale, &value))
            } else {
                value
            };
            let mut chars = value.chars();
            match chars.next() {
                Some(first) if name.starts_with(|c: char| c.is_ascii_uppercase()) => {
                    out.extend(first.to_uppercase());
                    out.push_str(chars.as_str());
                }
                _ => out.push_str(&value),
            }
            true
        })
    }
}

/// Replace each `{name}` of `template` with what `value(name, out)` writes; an unknown name
/// (`value` returns false) stays as written.
fn substitute(template: &str, value: impl Fn(&str, &mut String) -> bool) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    // memchr: every finding's message comes through here.
    while let Some(open) = memchr::memchr(b'{', rest.as_bytes()) {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match memchr::memchr(b'}', after.as_bytes()) {
            Some(close) if is_name(&after[..close]) => {
                let name = &after[..close];
                if !value(name, &mut out) {
                    out.push_str(&rest[open..open + close + 2]);
                }
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `name` or `Name` (the value capitalised): lowercase letters, digits and `_` after an
/// optional capital.
fn is_name(text: &str) -> bool {
    let rest = text
        .strip_prefix(|c: char| c.is_ascii_uppercase())
        .unwrap_or(text);
    !text.is_empty()
        && rest
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The parameter names a template uses, sorted.
pub fn parameters(template: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if is_name(&after[..close]) => {
                names.push(after[..close].to_ascii_lowercase());
                rest = &after[close + 1..];
            }
            _ => rest = after,
        }
    }
    names.sort();
    names.dedup();
    names
}

/// The object a finding is about (`service web`, `stage build`, `Deployment/api container
/// app`), with its English nouns in `locale`. Names from the file are never translated.
pub fn object(locale: Locale, object: &str) -> String {
    if locale == Locale::En {
        return object.to_string();
    }
    // `container `api` of Deployment/api`: the owner first, as Chinese puts it.
    if let Some((inner, owner)) = object.rsplit_once(" of ") {
        let of = Message::new("object-of")
            .arg("owner", object_nouns(locale, owner))
            .arg("inner", object_nouns(locale, inner));
        return of.render(locale);
    }
    object_nouns(locale, object)
}

fn object_nouns(locale: Locale, object: &str) -> String {
    let mut out = object.to_string();
    for (english, id) in OBJECT_NOUNS {
        if let Some(translated) = template(locale, id) {
            out = replace_word(&out, english, translated);
            out = replace_word(&out, &capitalize(english), translated);
        }
    }
    out
}

/// Nouns of object labels, longest first so that `init container` wins over `container`.
const OBJECT_NOUNS: &[(&str, &str)] = &[
    ("ephemeral container", "noun-ephemeral-container"),
    ("init container", "noun-init-container"),
    ("service container", "noun-service-container"),
    ("script template", "noun-script-template"),
    ("container", "noun-container"),
    ("template", "noun-template"),
    ("sidecar", "noun-sidecar"),
    ("step", "noun-step"),
    ("service", "noun-service"),
    ("stage", "noun-stage"),
    ("job", "noun-job"),
];

/// Replace `word` where it stands as a whole word (not inside a name such as `my-service`).
fn replace_word(text: &str, word: &str, with: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut previous: Option<char> = None;
    while let Some(at) = rest.find(word) {
        let before = if at == 0 {
            previous
        } else {
            rest[..at].chars().next_back()
        };
        let after = rest[at + word.len()..].chars().next();
        let boundary = |c: Option<char>| c.is_none_or(|c| c == ' ');
        out.push_str(&rest[..at]);
        if boundary(before) && boundary(after) {
            out.push_str(with);
        } else {
            out.push_str(word);
        }
        previous = word.chars().next_back();
        rest = &rest[at + word.len()..];
    }
    out.push_str(rest);
    out
}

// `EN_TEXTS`, `ZH_CN_TEXTS`: every `(id, text)` of `core/locales/<locale>.toml`, sorted by id,
// generated by `core/build.rs` (the TOML is parsed when core is built, not in every process).
include!(concat!(env!("OUT_DIR"), "/catalogue.rs"));

/// Every text of a locale, by id: `core/locales/<locale>.toml`, compiled into a sorted table
/// when core is built (`core/build.rs`), so looking a text up parses nothing.
#[derive(Debug, Clone, Copy)]
pub struct Catalogue {
    texts: &'static [(&'static str, &'static str)],
}

impl Catalogue {
    /// The text `id`.
    pub fn get(&self, id: &str) -> Option<&'static str> {
        self.texts
            .binary_search_by(|(known, _)| (*known).cmp(id))
            .ok()
            .map(|at| self.texts[at].1)
    }

    pub fn contains_key(&self, id: &str) -> bool {
        self.get(id).is_some()
    }

    /// Every `(id, text)`, sorted by id.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &'static str)> {
        self.texts.iter().copied()
    }

    /// Every id, sorted.
    pub fn ids(&self) -> impl Iterator<Item = &'static str> {
        self.texts.iter().map(|(id, _)| *id)
    }

    pub fn len(&self) -> usize {
        self.texts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }
}

/// Every text of `locale` by id. A file that does not parse fails the build (`core/build.rs`).
pub fn catalogue(locale: Locale) -> Catalogue {
    let texts = match locale {
        Locale::En => EN_TEXTS,
        Locale::ZhCn => ZH_CN_TEXTS,
    };
    Catalogue { texts }
}

fn template(locale: Locale, id: &str) -> Option<&'static str> {
    catalogue(locale).get(id)
}

/// `(code, body)` of every rule's docs in Chinese: `core/locales/zh-CN/rules/<CODE>.md`, the
/// translation of the rule's doc comment (same headings, same code blocks: a test compares
/// them), compiled in like the catalogue.
macro_rules! zh_cn_rule_docs {
    ($($code:literal),* $(,)?) => {
        &[$(($code, include_str!(concat!("../locales/zh-CN/rules/", $code, ".md")))),*]
    };
}

const ZH_CN_RULE_DOCS: &[(&str, &str)] = zh_cn_rule_docs!(
    "SS000", "SS001", "SS002", "SS101", "SS201", "SS202", "SS203", "SS301", "SS302", "SS401",
    "SS402", "SS403", "SS404", "SS405", "SS406", "SS407", "SS501", "SS502", "SS503", "SS504",
    "SS505", "SS601", "SS602",
);

/// The body of the docs of rule `code` in `locale`, when `locale` has its own text (English
/// comes from the doc comment on the rule: [`crate::RuleMeta::docs_markdown`]).
pub fn rule_docs(locale: Locale, code: &str) -> Option<&'static str> {
    match locale {
        Locale::En => None,
        Locale::ZhCn => ZH_CN_RULE_DOCS
            .iter()
            .find(|(known, _)| *known == code)
            .map(|(_, docs)| *docs),
    }
}

/// The text `id` without parameters, in `locale`.
pub fn text(locale: Locale, id: &'static str) -> String {
    Message::new(id).render(locale)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_reads_posix_and_bcp47_tags() {
        assert_eq!(Locale::parse("zh_CN.UTF-8"), Some(Locale::ZhCn));
        assert_eq!(Locale::parse("zh-cn"), Some(Locale::ZhCn));
        assert_eq!(Locale::parse("zh_TW.UTF-8"), Some(Locale::ZhCn));
        assert_eq!(Locale::parse("en_US.UTF-8"), Some(Locale::En));
        assert_eq!(Locale::parse("C"), Some(Locale::En));
        assert_eq!(Locale::parse("de_DE.UTF-8"), None);
    }

    #[test]
    fn choose_follows_flag_then_env_in_order() {
        let posix = [None, Some("zh_CN.UTF-8"), Some("en_US.UTF-8")];
        assert_eq!(
            Locale::choose(Some("en"), Some("zh-CN"), posix),
            Ok(Locale::En)
        );
        assert_eq!(
            Locale::choose(None, Some("zh-CN"), [None; 3]),
            Ok(Locale::ZhCn)
        );
        // LC_ALL empty is skipped, LC_MESSAGES decides before LANG.
        assert_eq!(
            Locale::choose(None, None, [Some(""), Some("zh_CN.UTF-8"), Some("en_US")]),
            Ok(Locale::ZhCn)
        );
        assert_eq!(
            Locale::choose(None, None, [None, None, Some("zh_CN.UTF-8")]),
            Ok(Locale::ZhCn)
        );
        assert_eq!(
            Locale::choose(None, None, [Some("de_DE"), None, Some("zh_CN")]),
            Ok(Locale::En)
        );
        assert_eq!(Locale::choose(None, None, [None; 3]), Ok(Locale::En));
        assert!(Locale::choose(Some("fr"), None, [None; 3])
            .unwrap_err()
            .contains("`fr`"));
    }

    #[test]
    fn substitute_fills_known_parameters_only() {
        let filled = substitute(
            "{object} keeps `{cap}` {unknown} {not a name}",
            |name, out| {
                let value = match name {
                    "object" => "service web",
                    "cap" => "NET_RAW",
                    _ => return false,
                };
                out.push_str(value);
                true
            },
        );
        assert_eq!(filled, "service web keeps `NET_RAW` {unknown} {not a name}");
        assert_eq!(parameters("{b} {a} {B} {A}"), vec!["a", "b"]);
    }

    #[test]
    fn object_nouns_translate_as_whole_words_only() {
        assert_eq!(
            object(Locale::ZhCn, "service my-service"),
            "服务 my-service"
        );
        assert_eq!(
            object(Locale::ZhCn, "Deployment/api init container app"),
            "Deployment/api Init 容器 app"
        );
        assert_eq!(object(Locale::ZhCn, "stage build"), "阶段 build");
        assert_eq!(object(Locale::ZhCn, "Service `web`"), "服务 `web`");
        assert_eq!(
            object(Locale::ZhCn, "container `api` of Deployment/api"),
            "Deployment/api 的容器 `api`"
        );
        assert_eq!(object(Locale::En, "stage build"), "stage build");
    }

    #[test]
    fn tables_are_sorted_by_id_without_duplicates() {
        for locale in Locale::ALL {
            let ids: Vec<_> = catalogue(locale).ids().collect();
            assert!(ids.len() > 50, "{locale}: {} texts", ids.len());
            assert!(ids.windows(2).all(|pair| pair[0] < pair[1]), "{locale}");
            for (id, text) in catalogue(locale).iter() {
                assert_eq!(template(locale, id), Some(text));
            }
        }
        assert_eq!(template(Locale::En, "noun-stage"), Some("stage"));
        assert_eq!(template(Locale::En, "no such id"), None);
        assert_eq!(template(Locale::En, ""), None);
    }
}
