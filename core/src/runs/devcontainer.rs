//! `devcontainer.json`: JSON with comments and trailing commas, parsed with `jsonc-parser`
//! (dprint's parser, which keeps every value's byte range and the comments).
//!
//! Read: `privileged`, `capAdd`, `securityOpt`, `runArgs` (as `docker run` flags), `mounts`,
//! `containerEnv`/`remoteEnv` and `build.args` (secrets). A dev container is long-lived; one built
//! from `dockerComposeFile` keeps its run settings in the compose file, which is checked in its
//! own right, so it is not told what it lacks here.

use jsonc_parser::ast::{Array, Object, ObjectProp, Value};
use jsonc_parser::common::Ranged;
use jsonc_parser::{CollectOptions, CommentCollectionStrategy, ParseOptions};

use super::{ContainerRun, Dialect, EnvSetting, RunsFile, Setting};
use crate::i18n::Message;
use crate::shell::Word;
use crate::syntax::SyntaxError;
use crate::text::TextRange;

fn range(r: jsonc_parser::common::Range) -> TextRange {
    TextRange::new(r.start, r.end)
}

pub fn parse(text: &str) -> RunsFile {
    let mut file = RunsFile::default();
    let collect = CollectOptions {
        comments: CommentCollectionStrategy::Separate,
        tokens: false,
    };
    let parsed = match jsonc_parser::parse_to_ast(text, &collect, &ParseOptions::default()) {
        Ok(parsed) => parsed,
        Err(error) => {
            let at = range(error.range());
            file.errors.push(SyntaxError::new(
                Message::new("syntax-json").arg("reason", error.kind().to_string()),
                at,
            ));
            return file;
        }
    };
    if let Some(comments) = &parsed.comments {
        for list in comments.values() {
            for comment in list.iter() {
                // Line comments only: a suppression is one line.
                if let jsonc_parser::ast::Comment::Line(line) = comment {
                    file.comments.push(range(line.range));
                }
            }
        }
    }
    let Some(Value::Object(root)) = &parsed.value else {
        if let Some(value) = &parsed.value {
            file.errors.push(SyntaxError::new(
                Message::new("syntax-devcontainer-object"),
                range(value.range()),
            ));
        }
        return file;
    };
    let anchor = TextRange::new(root.range.start, root.range.start + 1);
    let mut run = ContainerRun::new("dev container", anchor, Dialect::Devcontainer);
    run.name = string_prop(root, "name").unwrap_or_default();
    run.long_lived = root.get("dockerComposeFile").is_none();

    if let Some(prop) = root.get("privileged") {
        if let Value::BooleanLit(flag) = &prop.value {
            if flag.value {
                run.privileged.push(Setting::new("true", range(flag.range)));
            }
        }
    }
    if let Some(Value::Array(list)) = root.get("capAdd").map(|p| &p.value) {
        for (index, element) in list.elements.iter().enumerate() {
            if let Value::StringLit(capability) = element {
                let mut setting =
                    Setting::new(capability.value.to_string(), range(capability.range));
                setting.removal = Some(element_removal(text, list, index));
                run.cap_add.push(setting);
            }
        }
    }
    for (setting, _) in strings(root.get("securityOpt")) {
        run.security_opts.push(setting);
    }
    let run_args: Vec<Word> = strings(root.get("runArgs"))
        .into_iter()
        .map(|(setting, _)| Word {
            text: setting.text,
            range: setting.range,
            literal: true,
            bare_expansion: false,
        })
        .collect();
    super::flags::read(&run_args, false, &mut run);
    for (mount, _) in strings(root.get("mounts")) {
        if let Some(source) = mount_source(&mount.text) {
            run.mounts.push(Setting::new(source, mount.range));
        }
    }
    if let Some(Value::Array(list)) = root.get("mounts").map(|p| &p.value) {
        for element in &list.elements {
            if let Value::Object(mount) = element {
                if let Some(source) = string_prop(mount, "source") {
                    run.mounts.push(Setting::new(source, range(mount.range)));
                }
            }
        }
    }
    for key in ["containerEnv", "remoteEnv"] {
        env_object(root.get(key), &mut run.env);
    }
    if let Some(Value::Object(build)) = root.get("build").map(|p| &p.value) {
        env_object(build.get("args"), &mut run.env);
    }
    file.runs.push(run);
    file
}

/// The files a `devcontainer.json` builds from, as written (relative to its own folder), with the
/// kind to check them as: `dockerComposeFile` (one path or a list) as Compose, `build.dockerfile`
/// (and the older top-level `dockerFile`) as a Dockerfile. SPEC 2b: they are checked in their own
/// right when walking, whatever they are called. Nothing for text that does not parse.
pub fn referenced_files(text: &str) -> Vec<(String, crate::FileKind)> {
    let parsed =
        jsonc_parser::parse_to_ast(text, &CollectOptions::default(), &ParseOptions::default());
    let Some(Value::Object(root)) = parsed.ok().and_then(|parsed| parsed.value) else {
        return Vec::new();
    };
    let mut files = Vec::new();
    match root.get("dockerComposeFile").map(|p| &p.value) {
        Some(Value::StringLit(path)) => {
            files.push((path.value.to_string(), crate::FileKind::Compose));
        }
        Some(Value::Array(_)) => files.extend(
            strings(root.get("dockerComposeFile"))
                .into_iter()
                .map(|(setting, _)| (setting.text, crate::FileKind::Compose)),
        ),
        _ => {}
    }
    let dockerfile = match root.get("build").map(|p| &p.value) {
        Some(Value::Object(build)) => string_prop(build, "dockerfile"),
        _ => None,
    }
    .or_else(|| string_prop(&root, "dockerFile"));
    files.extend(dockerfile.map(|path| (path, crate::FileKind::Dockerfile)));
    files.retain(|(path, _)| !path.trim().is_empty());
    files
}

fn string_prop(object: &Object, key: &str) -> Option<String> {
    match object.get(key).map(|p| &p.value) {
        Some(Value::StringLit(value)) => Some(value.value.to_string()),
        _ => None,
    }
}

/// The strings of an array property, each with its range (quotes included).
fn strings(prop: Option<&ObjectProp>) -> Vec<(Setting, usize)> {
    let Some(Value::Array(list)) = prop.map(|p| &p.value) else {
        return Vec::new();
    };
    list.elements
        .iter()
        .enumerate()
        .filter_map(|(index, element)| match element {
            Value::StringLit(value) => Some((
                Setting::new(value.value.to_string(), range(value.range)),
                index,
            )),
            _ => None,
        })
        .collect()
}

/// `KEY: "value"` pairs of an object (`containerEnv`, `remoteEnv`, `build.args`).
fn env_object(prop: Option<&ObjectProp>, out: &mut Vec<EnvSetting>) {
    let Some(Value::Object(object)) = prop.map(|p| &p.value) else {
        return;
    };
    for entry in &object.properties {
        if let Value::StringLit(value) = &entry.value {
            let value_range = range(value.range);
            // The value without its quotes is what gets redacted.
            let inner = TextRange::new(
                (value_range.start + 1).min(value_range.end),
                value_range.end.saturating_sub(1).max(value_range.start),
            );
            out.push(EnvSetting {
                name: entry.name.as_str().to_string(),
                value: Some(value.value.to_string()),
                range: range(entry.range),
                value_range: inner,
            });
        }
    }
}

/// The `source=` of a mount string (`source=/var/run/docker.sock,target=...,type=bind`).
fn mount_source(mount: &str) -> Option<String> {
    mount.split(',').find_map(|part| {
        let (key, value) = part.split_once('=')?;
        matches!(key.trim(), "source" | "src").then(|| value.trim().to_string())
    })
}

/// What removing the array element at `index` deletes: the element with the comma after it (or,
/// for the last, the comma before it), and the line it stood on when it was alone there.
fn element_removal(text: &str, list: &Array, index: usize) -> TextRange {
    let element = range(list.elements[index].range());
    let next = list.elements.get(index + 1).map(|e| range(e.range()));
    let previous = index
        .checked_sub(1)
        .and_then(|i| list.elements.get(i))
        .map(|e| range(e.range()));
    match (previous, next) {
        (_, Some(next)) => TextRange::new(element.start, next.start),
        (Some(previous), None) => {
            // The comma after the previous element goes with the last element; a trailing comma
            // after the last one goes too.
            let after = &text[element.end..range(list.range).end.saturating_sub(1)];
            let trailing = after
                .find(',')
                .filter(|at| after[..*at].trim().is_empty())
                .map_or(0, |at| at + 1);
            TextRange::new(previous.end, element.end + trailing)
        }
        (None, None) => {
            let after = &text[element.end..range(list.range).end.saturating_sub(1)];
            let trailing = after
                .find(',')
                .filter(|at| after[..*at].trim().is_empty())
                .map_or(0, |at| at + 1);
            let end = element.end + trailing;
            // Alone on its line: the line goes too, so no blank line is left in the list.
            let line_start = text[..element.start].rfind('\n').map_or(0, |at| at + 1);
            let line_end = text[end..].find('\n').map(|at| end + at);
            match line_end {
                Some(line_end)
                    if text[line_start..element.start].trim().is_empty()
                        && text[end..line_end].trim().is_empty() =>
                {
                    TextRange::new(line_start, line_end + 1)
                }
                _ => TextRange::new(element.start, end),
            }
        }
    }
}

#[cfg(test)]
mod reference_tests {
    use super::referenced_files;
    use crate::FileKind;

    #[test]
    fn compose_files_and_the_dockerfile_a_dev_container_builds_from() {
        let text = r#"{
            // comments and trailing commas, as VS Code writes them
            "dockerComposeFile": ["../compose.yaml", "compose.dev.yml",],
            "build": { "dockerfile": "../docker/devimage", "context": ".." },
        }"#;
        assert_eq!(
            referenced_files(text),
            vec![
                ("../compose.yaml".to_string(), FileKind::Compose),
                ("compose.dev.yml".to_string(), FileKind::Compose),
                ("../docker/devimage".to_string(), FileKind::Dockerfile),
            ]
        );
        assert_eq!(
            referenced_files(r#"{ "dockerComposeFile": "stack.yml", "dockerFile": "Dev" }"#),
            vec![
                ("stack.yml".to_string(), FileKind::Compose),
                ("Dev".to_string(), FileKind::Dockerfile),
            ]
        );
        assert!(referenced_files(r#"{ "image": "node:22", "dockerComposeFile": "" }"#).is_empty());
        assert!(referenced_files("{ not json").is_empty());
        assert!(referenced_files("[1, 2]").is_empty());
    }
}
