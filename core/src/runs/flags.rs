//! `docker run`/`podman run` flags read into a [`ContainerRun`], the way the CLIs read them:
//! `--flag=value` and `--flag value`, bundled short flags (`-dit`, `-eKEY=v`), `--` and the
//! image ending the options.

use super::{ContainerRun, EnvSetting, Insert, Setting};
use crate::shell::{program_words, Command, Word};
use crate::text::TextRange;

/// Long flags that take no value (`--rm`, or `--rm=false`): of `docker run`, `docker create`,
/// `podman run` and `nerdctl run`. Every other flag takes one.
const BOOLEAN_LONG: &[&str] = &[
    "detach",
    "interactive",
    "tty",
    "rm",
    "privileged",
    "read-only",
    "init",
    "publish-all",
    "sig-proxy",
    "oom-kill-disable",
    "no-healthcheck",
    "disable-content-trust",
    "quiet",
    "help",
    "replace",
    "rmi",
    "read-only-tmpfs",
    "http-proxy",
    "tls-verify",
    "env-host",
    "no-hosts",
    "no-hostname",
    "passwd",
    "use-image-hosts",
];

/// Short flags that take no value.
const BOOLEAN_SHORT: &[char] = &['d', 'i', 't', 'P', 'q'];

/// Short flags that stand for a long one the checks read.
fn long_name(short: char) -> Option<&'static str> {
    Some(match short {
        'e' => "env",
        'v' => "volume",
        'd' => "detach",
        _ => return None,
    })
}

/// The programs whose `run`/`create` starts a container.
const RUNTIMES: &[&str] = &["docker", "podman", "nerdctl"];

/// Options of the runtimes themselves (before `run`) that take a value.
const GLOBAL_WITH_VALUE: &[&str] = &[
    "-H",
    "--host",
    "-c",
    "--context",
    "--config",
    "-l",
    "--log-level",
    "--url",
    "--connection",
    "--root",
    "--runroot",
    "--namespace",
    "-n",
    "--address",
    "-a",
    "--tlscacert",
    "--tlscert",
    "--tlskey",
];

/// `$(DOCKER)`, `${PODMAN}`, `$CONTAINER_ENGINE`...: a variable named for the runtime, as
/// Makefiles and scripts write it to let the user pick `docker` or `podman`. The `run` after it
/// is literal, and so is the command.
fn runtime_variable(word: &str) -> Option<&'static str> {
    let name = word
        .strip_prefix("$(")
        .and_then(|rest| rest.strip_suffix(')'))
        .or_else(|| {
            word.strip_prefix("${")
                .and_then(|rest| rest.strip_suffix('}'))
        })
        .or_else(|| word.strip_prefix('$'))?;
    const NAMES: &[&str] = &[
        "DOCKER",
        "DOCKER_CMD",
        "DOCKER_BIN",
        "PODMAN",
        "NERDCTL",
        "CONTAINER_ENGINE",
        "CONTAINER_RUNTIME",
        "CONTAINER_CLI",
        "CONTAINER_TOOL",
    ];
    NAMES
        .iter()
        .any(|known| name.eq_ignore_ascii_case(known))
        .then_some("docker")
}

/// A container command found in a command line.
pub struct RunCommand<'w> {
    /// `docker run`, `podman create`...
    pub name: String,
    /// The program word (`docker`).
    pub program: &'w Word,
    /// The `run`/`create` word.
    pub subcommand: &'w Word,
    /// The words after it: options, the image, the container's command.
    pub rest: &'w [Word],
}

/// `docker run ...`, `sudo podman create ...`, `docker container run ...`, `nerdctl run ...`.
pub fn run_command(command: &Command) -> Option<RunCommand<'_>> {
    let words = program_words(&command.words);
    let program = words.first()?;
    let tool = program.text.trim_start_matches(['@', '-', '+']);
    let tool = tool.rsplit('/').next().unwrap_or(tool);
    let tool = if program.literal {
        RUNTIMES.contains(&tool).then_some(tool)?
    } else {
        runtime_variable(tool)?
    };
    let mut index = 1;
    while let Some(word) = words.get(index) {
        if !word.text.starts_with('-') {
            break;
        }
        index += 1;
        if GLOBAL_WITH_VALUE.contains(&word.text.as_str()) {
            index += 1;
        }
    }
    let mut sub = words.get(index)?;
    if sub.text == "container" {
        index += 1;
        sub = words.get(index)?;
    }
    if sub.text != "run" && sub.text != "create" {
        return None;
    }
    Some(RunCommand {
        name: format!("{tool} {}", sub.text),
        program,
        subcommand: sub,
        rest: words.get(index + 1..).unwrap_or(&[]),
    })
}

/// What [`read`] found besides the settings.
#[derive(Debug, Default)]
pub struct Read {
    /// The image, when the words hold one.
    pub image: Option<String>,
    /// `-d`/`--detach`, or a `--restart` policy other than `no`.
    pub long_lived: bool,
    /// `--name`.
    pub name: Option<String>,
    /// Every option word was literal.
    pub literal: bool,
}

/// Read option words into `run`. With `image_follows`, the first word that is not an option is
/// the image and ends the options (a command line); without, every word is an option (`runArgs`,
/// `options:`, `PodmanArgs=`).
pub fn read(words: &[Word], image_follows: bool, run: &mut ContainerRun) -> Read {
    let mut out = Read {
        literal: true,
        ..Read::default()
    };
    let mut index = 0;
    while let Some(word) = words.get(index) {
        index += 1;
        // `"${args[@]}"` and `"$@"` spread into several words, quoted or not.
        let spreads = word.bare_expansion || word.text.contains("[@]") || word.text.contains("$@");
        if spreads && (!image_follows || names_options(&word.text)) {
            // `$DOCKER_OPTS`: may stand for any flags, `--read-only` among them.
            run.open = true;
            out.literal = false;
            continue;
        }
        if !word.literal {
            out.literal = false;
        }
        let text = word.text.as_str();
        if text == "--" {
            if image_follows {
                out.image = words.get(index).map(|w| w.text.clone());
                break;
            }
            continue;
        }
        if let Some(long) = text.strip_prefix("--") {
            let (name, inline) = match long.split_once('=') {
                Some((name, value)) => (name, Some(value)),
                None => (long, None),
            };
            if BOOLEAN_LONG.contains(&name) {
                apply_boolean(name, inline.unwrap_or("true"), word, run, &mut out);
                continue;
            }
            let value = match inline {
                Some(value) => Some((value_setting(word, value), word.literal)),
                None => {
                    let next = words.get(index);
                    index += 1;
                    if next.is_some_and(|w| !w.literal) {
                        out.literal = false;
                    }
                    next.map(|w| (Setting::new(w.text.clone(), w.range), w.literal))
                }
            };
            if let Some((value, literal)) = value {
                apply_value(name, value, literal, word, run, &mut out);
            }
            continue;
        }
        if let Some(short) = text.strip_prefix('-').filter(|s| !s.is_empty()) {
            for (at, flag) in short.char_indices() {
                if BOOLEAN_SHORT.contains(&flag) {
                    if let Some(name) = long_name(flag) {
                        apply_boolean(name, "true", word, run, &mut out);
                    }
                    continue;
                }
                let attached = &short[at + flag.len_utf8()..];
                let value = if attached.is_empty() {
                    let next = words.get(index);
                    index += 1;
                    if next.is_some_and(|w| !w.literal) {
                        out.literal = false;
                    }
                    next.map(|w| (Setting::new(w.text.clone(), w.range), w.literal))
                } else {
                    Some((
                        value_setting(word, attached.trim_start_matches('=')),
                        word.literal,
                    ))
                };
                if let (Some(name), Some((value, literal))) = (long_name(flag), value) {
                    apply_value(name, value, literal, word, run, &mut out);
                }
                break;
            }
            continue;
        }
        if image_follows {
            out.image = Some(word.text.clone());
            break;
        }
    }
    out
}

/// Whether a variable standing alone on a command line is named like a list of options
/// (`$DOCKER_OPTS`, `${RUN_ARGS}`, `$(EXTRA_FLAGS)`); any other (`$IMAGE`) is taken for one word.
fn names_options(expansion: &str) -> bool {
    let upper = expansion.to_ascii_uppercase();
    ["OPT", "ARG", "FLAG", "PARAM", "EXTRA"]
        .iter()
        .any(|hint| upper.contains(hint))
}

/// A value written inside its flag's word (`--cap-add=SYS_ADMIN`): its range is the value's part
/// of the word when the word is written as read (no quotes or escapes), else the whole word.
fn value_setting(word: &Word, value: &str) -> Setting {
    let range = if word.range.len() == word.text.len() && word.text.ends_with(value) {
        TextRange::new(word.range.end - value.len(), word.range.end)
    } else {
        word.range
    };
    Setting::new(value, range)
}

fn apply_boolean(name: &str, value: &str, word: &Word, run: &mut ContainerRun, out: &mut Read) {
    let on = super::truthy(value);
    match name {
        "detach" if on => out.long_lived = true,
        "privileged" if on => run.privileged.push(Setting::new(value, word.range)),
        "read-only" => {
            run.read_only = Some(Setting::new(if on { "true" } else { "false" }, word.range))
        }
        _ => {}
    }
}

/// Record one `--name value`; `literal`: the value has no expansion (`$RANDOM`) in it.
fn apply_value(
    name: &str,
    value: Setting,
    literal: bool,
    flag: &Word,
    run: &mut ContainerRun,
    out: &mut Read,
) {
    // The finding covers the flag and its value.
    let whole = flag.range.cover(value.range);
    match name {
        "cap-add" | "cap-drop" => {
            let list = if name == "cap-add" {
                &mut run.cap_add
            } else {
                &mut run.cap_drop
            };
            for capability in value.text.split(',').filter(|c| !c.trim().is_empty()) {
                list.push(Setting::new(capability.trim(), value.range));
            }
        }
        "security-opt" => run.security_opts.push(Setting::new(value.text, whole)),
        "pids-limit" => run.pids_limit.push(Setting::new(value.text, whole)),
        "pid" | "ipc" | "network" | "net" => {
            let namespace = match name {
                "pid" => "PID",
                "ipc" => "IPC",
                _ => "network",
            };
            if value.text.trim().eq_ignore_ascii_case("host") {
                run.namespaces.push((
                    namespace,
                    Setting::new(format!("--{name}={}", value.text), whole),
                ));
            }
        }
        "volume" => {
            let source = value.text.split(':').next().unwrap_or("");
            run.mounts.push(Setting::new(source, whole));
        }
        "mount" => {
            let source = value.text.split(',').find_map(|part| {
                let (key, val) = part.split_once('=')?;
                matches!(key.trim(), "source" | "src").then(|| val.trim().to_string())
            });
            if let Some(source) = source {
                run.mounts.push(Setting::new(source, whole));
            }
        }
        "env" => {
            // A value built by the shell (`"test-$RANDOM"`) is not a literal in the file.
            let (env_name, env_value) = match value.text.split_once('=') {
                Some((n, v)) => (n.to_string(), literal.then(|| v.to_string())),
                None => (value.text.clone(), None),
            };
            let value_range = match &env_value {
                Some(v)
                    if value.range.len() >= v.len() && value.text.len() == value.range.len() =>
                {
                    TextRange::new(value.range.end - v.len(), value.range.end)
                }
                _ => value.range,
            };
            run.env.push(EnvSetting {
                name: env_name,
                value: env_value,
                range: whole,
                value_range,
            });
        }
        "restart" => {
            let policy = value.text.trim();
            if !policy.is_empty() && policy != "no" {
                out.long_lived = true;
            }
        }
        "name" => out.name = Some(value.text),
        "detach" => {}
        _ => {}
    }
}

/// Read a container command line into a run (`None`: not a container command).
pub fn command_run(command: &Command) -> Option<ContainerRun> {
    let found = run_command(command)?;
    let anchor = found.program.range;
    let mut run = ContainerRun::new(String::new(), anchor, super::Dialect::Flags);
    let read = read(found.rest, true, &mut run);
    run.long_lived = read.long_lived;
    run.object = match &read.image {
        Some(image) => format!("`{}` of `{image}`", found.name),
        None => format!("`{}`", found.name),
    };
    run.name = read.name.or(read.image).unwrap_or_default();
    // A flag is added right after `run` only where every word before the image is literal:
    // then the line reads the same with one more option.
    if read.literal && found.program.literal && found.subcommand.literal {
        run.insert = Some(Insert::Flag {
            at: found.subcommand.range.end,
        });
    }
    Some(run)
}
