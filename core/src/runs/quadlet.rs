//! Podman Quadlet units (`*.container`, and the `[Container]` section wherever it appears):
//! systemd's unit syntax, read by hand because the INI crates (`ini`, `rust-ini`, `configparser`)
//! keep no positions and do not know systemd's rules (`#`/`;` comments, `\` continuation lines,
//! repeated keys accumulating).

use super::{ContainerRun, Dialect, EnvSetting, Insert, RunsFile, Setting};
use crate::i18n::Message;
use crate::shell;
use crate::syntax::SyntaxError;
use crate::text::TextRange;

/// One `Key=value` entry, continuation lines joined.
struct Entry {
    key: String,
    value: String,
    /// Where the value starts in the text (its first line).
    value_start: usize,
    /// The whole entry, key to the end of its last line (line break excluded).
    range: TextRange,
    /// The value is on one line: offsets inside it map onto the text.
    single_line: bool,
}

/// Whether the text holds a `[Container]` section (how a Quadlet unit is told from another
/// systemd unit).
pub fn has_container_section(text: &str) -> bool {
    text.lines().any(|line| line.trim() == "[Container]")
}

pub fn parse(text: &str) -> RunsFile {
    let mut file = RunsFile::default();
    let mut section: Option<(String, TextRange)> = None;
    let mut container: Option<(TextRange, Vec<Entry>, usize, bool)> = None;
    let mut offset = 0;
    let mut lines = text.split_inclusive('\n').peekable();
    while let Some(line) = lines.next() {
        let line_start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim_start();
        let indent = content.len() - trimmed.len();
        if trimmed.is_empty() {
            continue;
        }
        if trimmed.starts_with('#') || trimmed.starts_with(';') {
            let start = line_start + indent;
            file.comments
                .push(TextRange::new(start, line_start + content.trim_end().len()));
            continue;
        }
        if let Some(name) = trimmed.strip_prefix('[') {
            let Some(close) = name.find(']') else {
                file.errors.push(SyntaxError::new(
                    Message::new("syntax-quadlet-section"),
                    TextRange::new(line_start + indent, line_start + content.len()),
                ));
                continue;
            };
            let header = TextRange::new(line_start + indent, line_start + indent + close + 2);
            section = Some((name[..close].to_string(), header));
            if &name[..close] == "Container" && container.is_none() {
                container = Some((header, Vec::new(), offset, !line.ends_with('\n')));
            }
            continue;
        }
        let Some((key, _)) = trimmed.split_once('=') else {
            file.errors.push(SyntaxError::new(
                Message::new("syntax-quadlet-line"),
                TextRange::new(line_start + indent, line_start + content.len()),
            ));
            continue;
        };
        let key_start = line_start + indent;
        let eq = key_start + key.len();
        let mut value = content[indent + key.len() + 1..].to_string();
        let mut end = line_start + content.len();
        let mut after = offset;
        let mut single_line = true;
        let mut last_line_has_break = line.ends_with('\n');
        // `\` at the end of a line continues the value on the next.
        while value.ends_with('\\') {
            value.pop();
            let Some(next) = lines.next() else {
                break;
            };
            single_line = false;
            value.push(' ');
            value.push_str(next.trim_end_matches(['\n', '\r']));
            end = offset + next.trim_end_matches(['\n', '\r']).len();
            last_line_has_break = next.ends_with('\n');
            offset += next.len();
            after = offset;
        }
        let in_container = section
            .as_ref()
            .is_some_and(|(name, _)| name == "Container");
        if in_container {
            if let Some((_, entries, insert_at, newline_first)) = &mut container {
                entries.push(Entry {
                    key: key.trim().to_string(),
                    value: value.trim().to_string(),
                    value_start: eq + 1 + (value.len() - value.trim_start().len()),
                    range: TextRange::new(key_start, end),
                    single_line,
                });
                *insert_at = after;
                *newline_first = !last_line_has_break;
            }
        }
    }
    if let Some((header, entries, insert_at, newline_first)) = container {
        let mut run = ContainerRun::new("Quadlet container", header, Dialect::Quadlet);
        run.long_lived = true;
        run.insert = Some(Insert::QuadletLine {
            at: insert_at,
            newline_first,
        });
        for entry in &entries {
            read_entry(entry, &mut run);
        }
        file.runs.push(run);
    }
    file
}

/// The space-separated words of a value (systemd's quoting), each with its range.
fn words(entry: &Entry) -> Vec<shell::Word> {
    if entry.single_line {
        let scanned = shell::scan(
            &entry.value,
            entry.value_start,
            shell::Options {
                newline_is_space: true,
            },
        );
        scanned.commands.into_iter().flat_map(|c| c.words).collect()
    } else {
        let scanned = shell::scan(
            &entry.value,
            0,
            shell::Options {
                newline_is_space: true,
            },
        );
        scanned
            .commands
            .into_iter()
            .flat_map(|c| c.words)
            .map(|mut word| {
                word.range = entry.range;
                word
            })
            .collect()
    }
}

fn read_entry(entry: &Entry, run: &mut ContainerRun) {
    let whole = entry.range;
    match entry.key.as_str() {
        "ContainerName" => run.name = entry.value.clone(),
        "ReadOnly" => run.read_only = Some(Setting::new(entry.value.clone(), whole)),
        "NoNewPrivileges" => run.no_new_privileges = Some(Setting::new(entry.value.clone(), whole)),
        "AddCapability" | "DropCapability" => {
            for word in words(entry) {
                let setting = Setting::new(word.text, word.range);
                if entry.key == "AddCapability" {
                    run.cap_add.push(setting);
                } else {
                    run.cap_drop.push(setting);
                }
            }
        }
        "PidsLimit" => run
            .pids_limit
            .push(Setting::new(entry.value.clone(), whole)),
        "SeccompProfile" => {
            run.security_opts
                .push(Setting::new(format!("seccomp={}", entry.value), whole));
        }
        "Unmask"
            if entry
                .value
                .split_whitespace()
                .any(|v| v.eq_ignore_ascii_case("ALL")) =>
        {
            run.security_opts
                .push(Setting::new("systempaths=unconfined", whole));
        }
        "Network" if entry.value.trim().eq_ignore_ascii_case("host") => {
            run.namespaces
                .push(("network", Setting::new("Network=host", whole)));
        }
        "Volume" | "Mount" => {
            let source = if entry.key == "Volume" {
                entry.value.split(':').next().map(str::to_string)
            } else {
                entry.value.split(',').find_map(|part| {
                    let (key, value) = part.split_once('=')?;
                    matches!(key.trim(), "source" | "src").then(|| value.trim().to_string())
                })
            };
            if let Some(source) = source {
                run.mounts.push(Setting::new(source, whole));
            }
        }
        "Environment" => {
            for word in words(entry) {
                let Some((name, value)) = word.text.split_once('=') else {
                    continue;
                };
                let value_range = if word.range.len() == word.text.len() {
                    TextRange::new(word.range.end - value.len(), word.range.end)
                } else {
                    word.range
                };
                run.env.push(EnvSetting {
                    name: name.to_string(),
                    value: Some(value.to_string()),
                    range: word.range,
                    value_range,
                });
            }
        }
        "PodmanArgs" => {
            let args = words(entry);
            super::flags::read(&args, false, run);
        }
        _ => {}
    }
}
