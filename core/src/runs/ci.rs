//! CI definitions: GitHub Actions workflows (`run:` steps, `jobs.*.container`,
//! `jobs.*.services.*`) and GitLab CI (`script`/`before_script`/`after_script`, `variables:`).

use super::{ContainerRun, Dialect, EnvSetting, RunsFile, Setting};
use crate::shell;
use crate::text::TextRange;
use crate::yaml::{self, Node, ScalarStyle};

/// The shell text of a scalar as written in the file, with its offset, and how to read it:
/// a literal block scalar keeps its lines; a plain, quoted or folded one folds them.
fn shell_source<'t>(text: &'t str, node: &Node) -> Option<(&'t str, usize, shell::Options)> {
    let scalar = node.as_scalar()?;
    if node.alias {
        return None;
    }
    let written = yaml::edit::scalar_source_range(text, node);
    let source = text.get(written.start..written.end)?;
    let fold = shell::Options {
        newline_is_space: true,
    };
    Some(match scalar.style {
        ScalarStyle::Literal | ScalarStyle::Folded => {
            // Skip the `|`/`>` indicator line.
            let body = source.find('\n').map_or(source.len(), |n| n + 1);
            let options = if scalar.style == ScalarStyle::Literal {
                shell::Options::default()
            } else {
                fold
            };
            (&source[body..], written.start + body, options)
        }
        ScalarStyle::Plain => (source, written.start, fold),
        ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => {
            let inner = source.get(1..source.len().saturating_sub(1))?;
            (inner, written.start + 1, fold)
        }
    })
}

/// Add the container commands of a script scalar (or a list of them) to `file`.
fn read_script(text: &str, node: &Node, file: &mut RunsFile) {
    if let Some(sequence) = node.as_sequence() {
        for item in &sequence.items {
            read_script(text, item, file);
        }
        return;
    }
    if let Some((source, base, options)) = shell_source(text, node) {
        let mut scripts = RunsFile::default();
        super::scripts::read_commands(source, base, options, &mut scripts);
        // A quote left open in a YAML string is the script's problem, not a parse error of the
        // workflow: the commands read before it still count.
        file.comments.extend(scripts.comments);
        file.runs.extend(scripts.runs);
    }
}

fn yaml_file(text: &str) -> (yaml::YamlFile, RunsFile) {
    let parsed = yaml::parse(text);
    let errors = parsed
        .errors
        .iter()
        .map(|error| {
            // The YAML loader speaks of Compose and kubectl; a CI file has its own readers.
            let mut text = error.text.clone();
            if text.id == "syntax-duplicate-key" {
                text.id = "syntax-duplicate-key-plain";
            }
            crate::syntax::SyntaxError::new(text, error.range)
        })
        .collect();
    let file = RunsFile {
        comments: parsed.comments.clone(),
        errors,
        ..RunsFile::default()
    };
    (parsed, file)
}

// ---- GitHub Actions ----

pub fn parse_github(text: &str) -> RunsFile {
    let (parsed, mut file) = yaml_file(text);
    for root in parsed.roots() {
        let Some(jobs) = root.get("jobs").and_then(Node::as_mapping) else {
            continue;
        };
        for job in &jobs.entries {
            let Some(job_name) = job.key_str() else {
                continue;
            };
            if let Some(container) = job.value.get("container") {
                if let Some(run) = job_container(
                    text,
                    container,
                    &job.key,
                    format!("the container of job `{job_name}`"),
                    false,
                ) {
                    file.runs.push(run);
                }
            }
            if let Some(services) = job.value.get("services").and_then(Node::as_mapping) {
                for service in &services.entries {
                    let name = service.key_str().unwrap_or_default();
                    if let Some(mut run) = job_container(
                        text,
                        &service.value,
                        &service.key,
                        format!("service container `{name}` of job `{job_name}`"),
                        true,
                    ) {
                        run.name = name.to_string();
                        file.runs.push(run);
                    }
                }
            }
            if let Some(steps) = job.value.get("steps").and_then(Node::as_sequence) {
                for step in &steps.items {
                    if let Some(run) = step.get("run") {
                        read_script(text, run, &mut file);
                    }
                }
            }
        }
    }
    file
}

/// A job container or service container: `image` alone (a string) or a mapping with
/// `options` (read as `docker create` flags), `env`, `volumes` and `credentials`.
fn job_container(
    text: &str,
    node: &Node,
    key: &Node,
    object: String,
    long_lived: bool,
) -> Option<ContainerRun> {
    let mut run = ContainerRun::new(object, key.range, Dialect::Flags);
    run.long_lived = long_lived;
    run.open = node.partial;
    if node.as_str().is_some() {
        return Some(run);
    }
    let mapping = node.as_mapping()?;
    if let Some(options) = mapping.get("options") {
        if let Some((source, base, mut read_options)) = shell_source(text, options) {
            read_options.newline_is_space = true;
            let scanned = shell::scan(source, base, read_options);
            let words: Vec<shell::Word> =
                scanned.commands.into_iter().flat_map(|c| c.words).collect();
            super::flags::read(&words, false, &mut run);
        } else if !options.is_null() {
            // `${{ matrix.options }}` or another expression we cannot read.
            run.open = true;
        }
    }
    if let Some(env) = mapping.get("env").and_then(Node::as_mapping) {
        for entry in &env.entries {
            push_env(text, entry, &mut run.env);
        }
    }
    if let Some(password) = mapping.get("credentials").and_then(|c| c.get("password")) {
        if let Some(value) = password.as_str() {
            run.env.push(EnvSetting {
                name: "credentials.password".to_string(),
                value: Some(value.to_string()),
                range: password.range,
                value_range: inner_range(text, password),
            });
        }
    }
    if let Some(volumes) = mapping.get("volumes").and_then(Node::as_sequence) {
        for volume in &volumes.items {
            if let Some(spec) = volume.as_str() {
                let source = spec.split(':').next().unwrap_or("");
                run.mounts.push(Setting::new(source, volume.range));
            }
        }
    }
    Some(run)
}

/// A scalar's text without its quotes.
fn inner_range(text: &str, node: &Node) -> TextRange {
    let written = yaml::edit::scalar_source_range(text, node);
    match node.as_scalar() {
        Some(scalar) if scalar.style.is_quoted() && written.len() >= 2 => {
            TextRange::new(written.start + 1, written.end - 1)
        }
        _ => written,
    }
}

fn push_env(text: &str, entry: &yaml::Entry, out: &mut Vec<EnvSetting>) {
    let (Some(name), Some(value)) = (entry.key_str(), entry.value.as_str()) else {
        return;
    };
    out.push(EnvSetting {
        name: name.to_string(),
        value: Some(value.to_string()),
        range: entry
            .key
            .range
            .cover(yaml::edit::scalar_source_range(text, &entry.value)),
        value_range: inner_range(text, &entry.value),
    });
}

// ---- GitLab CI ----

/// Top-level keys of `.gitlab-ci.yml` that are not jobs.
const GITLAB_GLOBAL_KEYS: &[&str] = &[
    "stages",
    "include",
    "workflow",
    "image",
    "services",
    "cache",
    "before_script",
    "after_script",
    "spec",
];

pub fn parse_gitlab(text: &str) -> RunsFile {
    let (parsed, mut file) = yaml_file(text);
    for root in parsed.roots() {
        let Some(top) = root.as_mapping() else {
            continue;
        };
        for entry in &top.entries {
            let Some(key) = entry.key_str() else {
                continue;
            };
            if key == "variables" {
                variables(
                    text,
                    &entry.value,
                    &key_range(entry),
                    "the pipeline",
                    &mut file,
                );
                continue;
            }
            if key == "before_script" || key == "after_script" {
                read_script(text, &entry.value, &mut file);
                continue;
            }
            if GITLAB_GLOBAL_KEYS.contains(&key) || !entry.value.is_mapping() {
                continue;
            }
            // A job (or `default:`, or a hidden `.template` job).
            let object = format!("job `{key}`");
            for script in ["script", "before_script", "after_script"] {
                if let Some(node) = entry.value.get(script) {
                    read_script(text, node, &mut file);
                }
            }
            if let Some(node) = entry.value.get("variables") {
                variables(text, node, &key_range(entry), &object, &mut file);
            }
            if let Some(services) = entry.value.get("services").and_then(Node::as_sequence) {
                for service in &services.items {
                    if let Some(node) = service.get("variables") {
                        variables(text, node, &service.range, &object, &mut file);
                    }
                }
            }
        }
    }
    file
}

fn key_range(entry: &yaml::Entry) -> TextRange {
    entry.key.range
}

/// Literal `variables:` (a value, or `{value: ...}`) as one run holding only environment
/// variables: GitLab passes them to every job's container.
fn variables(text: &str, node: &Node, anchor: &TextRange, object: &str, file: &mut RunsFile) {
    let Some(mapping) = node.as_mapping() else {
        return;
    };
    let mut run = ContainerRun::new(
        format!("the variables of {object}"),
        *anchor,
        Dialect::Flags,
    );
    for entry in &mapping.entries {
        if entry.value.is_mapping() {
            if let (Some(name), Some(value)) = (entry.key_str(), entry.value.get("value")) {
                if let Some(literal) = value.as_str() {
                    run.env.push(EnvSetting {
                        name: name.to_string(),
                        value: Some(literal.to_string()),
                        range: entry
                            .key
                            .range
                            .cover(yaml::edit::scalar_source_range(text, value)),
                        value_range: inner_range(text, value),
                    });
                }
            }
            continue;
        }
        push_env(text, entry, &mut run.env);
    }
    if !run.env.is_empty() {
        file.runs.push(run);
    }
}
