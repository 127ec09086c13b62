use crate::checker::Checker;
use crate::dockerfile::analysis::{run_commands, shell_commands, ShellWord};
use crate::dockerfile::{Dockerfile, Keyword};
use crate::rule::{declare_rule, Violation};
use crate::secrets::{is_literal_value, is_secret_name};
use crate::text::TextRange;
use crate::yaml::edit::scalar_source_range;
use crate::yaml::{Node, YamlFile};

declare_rule! {
    /// ## What it does
    /// Finds secrets written on a command line:
    /// - `--password=...`, `--token=...` and any `--<secret-like name>=value` (the names of
    ///   SS501: `--api-key`, `--client-secret`, `--db-pass`...), and `--password value`,
    ///   `--token value` with the value as the next word;
    /// - `curl -u user:pass` (`--user`), `mysql -pVALUE` (and `mysqldump`, `mysqladmin`,
    ///   `mariadb`), `docker login -p VALUE` (and `podman`, `nerdctl`, `helm registry`),
    ///   `sshpass -p VALUE`;
    ///
    /// in a Dockerfile's `RUN`, `CMD` and `ENTRYPOINT` (shell and exec forms, heredocs), a
    /// Compose service's `command`, `entrypoint` and `healthcheck.test`, and a Kubernetes
    /// container's `command` and `args` (and the script of a `sh -c` in any of them).
    ///
    /// Values taken from the environment (`$DB_PASSWORD`, `${TOKEN}`, `$(cat /run/secrets/x)`),
    /// flags that read the secret elsewhere (`--password-stdin`, `--password-file`) and
    /// placeholders (`<password>`, `CHANGEME`) are not reported. Passwords inside URLs are
    /// SS503's.
    ///
    /// ## Why is this bad?
    /// A command line is public on the machine that runs it: `ps`, `/proc/<pid>/cmdline` and
    /// process accounting show it to every user, and it lands in shell history and CI logs. In a
    /// Dockerfile, a `RUN` line is kept verbatim in the image's history (`docker history`), so
    /// the secret ships with the image even if the step deletes every file it wrote; a `CMD` is
    /// in the image's configuration. In Compose and Kubernetes the command is in the file,
    /// in version control, and in `docker inspect` / `kubectl get pod -o yaml`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN curl -fsSL -u deploy:s3cr3t-pa55 https://repo.example.com/app.tgz | tar xz
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN --mount=type=secret,id=repo_auth,env=REPO_AUTH \
    ///     curl -fsSL -u "$REPO_AUTH" https://repo.example.com/app.tgz | tar xz
    /// ```
    ///
    /// Read secrets from the environment at run time, from a file (`--password-file`,
    /// `MYSQL_PWD` from a secret mount) or from standard input (`docker login
    /// --password-stdin`). To keep a value that is not a secret (a throw-away test database),
    /// say so: `# shipshape ignore=SS505 -- test database`.
    ///
    /// ## References
    /// - [Docker: build secrets](https://docs.docker.com/build/building/secrets/)
    /// - [`docker login --password-stdin`](https://docs.docker.com/reference/cli/docker/login/#password-stdin)
    /// - [MySQL: end-user guidelines for password security](https://dev.mysql.com/doc/refman/8.4/en/password-security-user.html)
    /// - [Kubernetes: define a command and arguments for a container](https://kubernetes.io/docs/tasks/inject-data-application/define-command-argument-container/)
    pub struct SecretInCommandLine { pub object: String, pub what: String }
    code = "SS505",
    name = "secret-in-command-line",
    summary = "A secret is written on a command line",
    severity = Error,
    kinds = [Dockerfile, Compose, Kubernetes],
    fix = None,
    since = "0.2.0",
    sources = [],
}

impl Violation for SecretInCommandLine {
    fn text(&self) -> crate::i18n::Message {
        crate::i18n::Message::new("SS505")
            .arg("object", self.object.clone())
            .arg("what", self.what.to_string())
    }
}

/// A secret found in a command: what carried it (`--password`, `mysql -p`) and where the value is.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Hit {
    what: String,
    /// The word (or words) holding the secret.
    range: TextRange,
    /// The secret itself.
    secret: TextRange,
}

/// Flags that take a secret as their next word.
const SEPARATE_VALUE_FLAGS: &[&str] = &[
    "--password",
    "--passwd",
    "--pass",
    "--token",
    "--secret",
    "--api-key",
    "--apikey",
    "--access-token",
    "--auth-token",
    "--client-secret",
    "--secret-key",
];

const MYSQL_CLIENTS: &[&str] = &[
    "mysql",
    "mysqldump",
    "mysqladmin",
    "mysqlimport",
    "mysqlcheck",
    "mysqlsh",
    "mariadb",
    "mariadb-dump",
    "mariadb-admin",
];

const LOGIN_CLIENTS: &[&str] = &[
    "docker", "podman", "nerdctl", "buildah", "skopeo", "helm", "oras",
];

/// A value that is a secret written in place: a literal, not read from the environment.
/// A number (`--max-tokens=4096`) is a setting, not a secret.
fn literal(value: &str) -> bool {
    !value.contains('$')
        && !value.contains('`')
        && value.trim().parse::<f64>().is_err()
        && is_literal_value(value)
}

/// The part of `word` after its first `skip` characters of raw text, when the raw text starts
/// with `prefix` (else the whole word): the range to redact.
fn tail_range(text: &str, word: &ShellWord, prefix: &str) -> TextRange {
    let raw = text.get(word.range.start..word.range.end).unwrap_or("");
    // A quoted word (`"-proot"` in an exec form or a YAML list): look inside the quotes.
    let (open, raw) = match raw.strip_prefix(['"', '\'']) {
        Some(inner) => (1, inner.strip_suffix(['"', '\'']).unwrap_or(inner)),
        None => (0, raw),
    };
    if raw.starts_with(prefix) && raw.len() > prefix.len() {
        let mut start = word.range.start + open + prefix.len();
        let mut end = word.range.start + open + raw.len();
        let rest = &raw[prefix.len()..];
        if rest.len() >= 2 && rest.starts_with(['"', '\'']) && rest.ends_with(['"', '\'']) {
            start += 1;
            end -= 1;
        }
        if start < end {
            return TextRange::new(start, end);
        }
    }
    word.range
}

fn program(word: &str) -> &str {
    word.rsplit('/').next().unwrap_or(word)
}

/// Every secret on one simple command.
fn scan(text: &str, words: &[ShellWord], config: &crate::Config) -> Vec<Hit> {
    let mut hits = Vec::new();
    let mut current: Option<&str> = None;
    let mut login = false;
    let mut i = 0;
    while i < words.len() {
        let word = &words[i];
        let value = word.value.as_str();
        let next = words.get(i + 1);
        let name = program(value);
        if MYSQL_CLIENTS.contains(&name)
            || LOGIN_CLIENTS.contains(&name)
            || matches!(name, "curl" | "sshpass")
        {
            current = Some(name);
            login = false;
            i += 1;
            continue;
        }
        if value == "login" && current.is_some_and(|p| LOGIN_CLIENTS.contains(&p)) {
            login = true;
        }
        // `--flag=value`
        if let Some((flag, flag_value)) = value.strip_prefix("--").and_then(|f| f.split_once('=')) {
            let variable = flag.replace('-', "_");
            if is_secret_name(&variable, config)
                && !variable.to_ascii_uppercase().ends_with("_STDIN")
                && literal(flag_value)
            {
                hits.push(Hit {
                    what: format!("--{flag}"),
                    range: word.range,
                    secret: tail_range(text, word, &format!("--{flag}=")),
                });
            }
            i += 1;
            continue;
        }
        // `--password value`
        if SEPARATE_VALUE_FLAGS.contains(&value) {
            if let Some(next) = next.filter(|n| !n.value.starts_with('-') && literal(&n.value)) {
                hits.push(Hit {
                    what: value.to_string(),
                    range: word.range.cover(next.range),
                    secret: tail_range(text, next, ""),
                });
                i += 2;
                continue;
            }
        }
        match current {
            Some("curl") => {
                let (pair, range, prefix) = match value {
                    "-u" | "--user" => match next {
                        Some(n) => (n.value.as_str(), word.range.cover(n.range), None),
                        None => ("", word.range, None),
                    },
                    _ if value.starts_with("-u") && value.len() > 2 => {
                        (&value[2..], word.range, Some("-u"))
                    }
                    _ => ("", word.range, None),
                };
                if let Some((_, password)) = pair.split_once(':') {
                    if literal(password) {
                        let secret = match (prefix, next) {
                            (Some(prefix), _) => tail_range(text, word, prefix),
                            (None, Some(n)) => tail_range(text, n, ""),
                            (None, None) => range,
                        };
                        hits.push(Hit {
                            what: "curl -u".to_string(),
                            range,
                            secret,
                        });
                    }
                }
            }
            Some(client) if MYSQL_CLIENTS.contains(&client) => {
                if let Some(password) = value.strip_prefix("-p").filter(|p| !p.is_empty()) {
                    if literal(password) {
                        hits.push(Hit {
                            what: format!("{client} -p"),
                            range: word.range,
                            secret: tail_range(text, word, "-p"),
                        });
                    }
                }
            }
            Some(client) if (login && LOGIN_CLIENTS.contains(&client)) || client == "sshpass" => {
                if value == "-p" {
                    if let Some(n) = next.filter(|n| literal(&n.value)) {
                        hits.push(Hit {
                            what: if client == "sshpass" {
                                "sshpass -p".to_string()
                            } else {
                                format!("{client} login -p")
                            },
                            range: word.range.cover(n.range),
                            secret: tail_range(text, n, ""),
                        });
                        i += 2;
                        continue;
                    }
                } else if client == "sshpass"
                    && value.len() > 2
                    && value.starts_with("-p")
                    && literal(&value[2..])
                {
                    hits.push(Hit {
                        what: "sshpass -p".to_string(),
                        range: word.range,
                        secret: tail_range(text, word, "-p"),
                    });
                }
            }
            _ => {}
        }
        i += 1;
    }
    hits
}

/// Scan the words of one command, and the scripts of `sh -c '...'` (and of any word holding a
/// command line of its own, as YAML lists often put the whole script in one item).
fn scan_with_scripts(
    text: &str,
    words: &[ShellWord],
    script_base: impl Fn(&ShellWord) -> Option<usize>,
    config: &crate::Config,
    out: &mut Vec<Hit>,
) {
    out.extend(scan(text, words, config));
    for word in words {
        if !word.value.contains([' ', '\n']) {
            continue;
        }
        let commands = shell_commands(&word.value, script_base(word).unwrap_or(0));
        for command in commands {
            let command: Vec<ShellWord> = if script_base(word).is_some() {
                command
            } else {
                command
                    .into_iter()
                    .map(|w| ShellWord {
                        value: w.value,
                        range: word.range,
                    })
                    .collect()
            };
            out.extend(scan(text, &command, config));
        }
    }
}

/// Where a word's cooked value starts in the source, when it is the source text as written
/// (plain, or quoted without escapes).
fn exact_start(text: &str, word: &ShellWord) -> Option<usize> {
    let raw = text.get(word.range.start..word.range.end)?;
    if raw == word.value {
        return Some(word.range.start);
    }
    let inner = raw
        .strip_prefix(['"', '\''])
        .and_then(|r| r.strip_suffix(['"', '\'']))?;
    (inner == word.value).then_some(word.range.start + 1)
}

fn report(checker: &mut Checker, hits: Vec<Hit>, object: &str, anchor: Option<usize>) {
    let mut seen = std::collections::HashSet::new();
    for hit in hits {
        if !seen.insert(hit.secret) {
            continue;
        }
        let mut builder = checker
            .report(
                SecretInCommandLine {
                    object: object.to_string(),
                    what: hit.what,
                },
                hit.range,
            )
            .object(object)
            .redact(hit.secret);
        if let Some(anchor) = anchor {
            builder = builder.anchor(anchor);
        }
        drop(builder);
    }
}

// ---- dockerfile ----

pub(crate) fn check_dockerfile(dockerfile: &Dockerfile, checker: &mut Checker) {
    for (index, instruction) in dockerfile.instructions.iter().enumerate() {
        let inner = match &instruction.onbuild {
            Some(inner) => inner.as_ref(),
            None => instruction,
        };
        if !matches!(
            inner.keyword,
            Keyword::Run | Keyword::Cmd | Keyword::Entrypoint
        ) {
            continue;
        }
        let mut hits = Vec::new();
        for command in run_commands(inner) {
            scan_with_scripts(
                checker.text,
                &command,
                |word| exact_start(checker.text, word),
                checker.config,
                &mut hits,
            );
        }
        let object = dockerfile
            .stage_of(index)
            .map_or_else(|| "the Dockerfile".to_string(), |stage| stage.label());
        report(checker, hits, &object, Some(instruction.range.start));
    }
}

// ---- YAML (compose, kubernetes) ----

/// The words of a YAML command: a string is a shell line, a list is argv.
fn yaml_words(text: &str, nodes: &[&Node]) -> Vec<Vec<ShellWord>> {
    let mut argv = Vec::new();
    let mut commands = Vec::new();
    for node in nodes {
        if let Some(items) = node.as_sequence() {
            for item in &items.items {
                if let Some(value) = item.as_str() {
                    argv.push(ShellWord {
                        value: value.to_string(),
                        range: scalar_source_range(text, item),
                    });
                }
            }
        } else if let Some(value) = node.as_str() {
            let range = scalar_source_range(text, node);
            let word = ShellWord {
                value: value.to_string(),
                range,
            };
            match exact_start(text, &word) {
                Some(base) => commands.extend(shell_commands(value, base)),
                None => commands.extend(shell_commands(value, 0).into_iter().map(|command| {
                    command
                        .into_iter()
                        .map(|w| ShellWord {
                            value: w.value,
                            range,
                        })
                        .collect()
                })),
            }
        }
    }
    if !argv.is_empty() {
        commands.push(argv);
    }
    commands
}

fn check_yaml_command(checker: &mut Checker, nodes: &[&Node], object: &str, anchor: usize) {
    let mut hits = Vec::new();
    for command in yaml_words(checker.text, nodes) {
        scan_with_scripts(
            checker.text,
            &command,
            |word| exact_start(checker.text, word),
            checker.config,
            &mut hits,
        );
    }
    report(checker, hits, object, Some(anchor));
}

pub(crate) fn check_compose(file: &YamlFile, checker: &mut Checker) {
    for service in crate::compose::services(file) {
        for key in ["command", "entrypoint"] {
            if let Some(node) = service.get(key) {
                check_yaml_command(checker, &[node], &service.object(), service.anchor());
            }
        }
        if let Some(test) = service.node.get_path(&["healthcheck", "test"]) {
            check_yaml_command(checker, &[test], &service.object(), service.anchor());
        }
    }
}

pub(crate) fn check_kubernetes(file: &YamlFile, checker: &mut Checker) {
    for container in crate::kubernetes::containers(file) {
        let nodes: Vec<&Node> = ["command", "args"]
            .iter()
            .filter_map(|key| container.node.get(key))
            .collect();
        // An Argo `script` template's `source` is a script too.
        let mut all = nodes;
        if let Some(source) = container.node.get("source") {
            all.push(source);
        }
        if all.is_empty() {
            continue;
        }
        check_yaml_command(checker, &all, &container.label(), container.anchor());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hits(line: &str) -> Vec<(String, String)> {
        let config = crate::Config::default();
        let mut out = Vec::new();
        for command in shell_commands(line, 0) {
            scan_with_scripts(line, &command, |w| exact_start(line, w), &config, &mut out);
        }
        out.into_iter()
            .map(|hit| (hit.what, line[hit.secret.start..hit.secret.end].to_string()))
            .collect()
    }

    #[test]
    fn secrets_on_command_lines() {
        let s = |a: &str, b: &str| vec![(a.to_string(), b.to_string())];
        assert_eq!(hits("app --password=hunter22"), s("--password", "hunter22"));
        assert_eq!(hits("app --db-pass='hunter22'"), s("--db-pass", "hunter22"));
        assert_eq!(hits("app --token abcdef123"), s("--token", "abcdef123"));
        assert_eq!(hits("curl -u bob:pa55 https://x"), s("curl -u", "bob:pa55"));
        assert_eq!(hits("curl -ubob:pa55 https://x"), s("curl -u", "bob:pa55"));
        assert_eq!(hits("mysql -uroot -proot123 db"), s("mysql -p", "root123"));
        assert_eq!(
            hits("docker login -u me -p t0ken reg.example"),
            s("docker login -p", "t0ken")
        );
        assert_eq!(
            hits("app \"--password=hunter22\""),
            s("--password", "hunter22")
        );
        assert_eq!(
            hits("sshpass -p 'pa55 word' ssh h"),
            s("sshpass -p", "pa55 word")
        );
        assert_eq!(
            hits("sh -c 'mysqldump -pdump3r db'"),
            s("mysqldump -p", "dump3r")
        );
        // The redacted range is the value as written: the whole word when quotes split the
        // flag's name, the quotes kept when they only close the value.
        assert_eq!(
            hits("app --pass\"word\"=hunter22"),
            s("--password", "--pass\"word\"=hunter22")
        );
        assert_eq!(
            hits("app --password=abc\"def\""),
            s("--password", "abc\"def\"")
        );
        // After `--password value` the scan goes on with the word after the value.
        assert_eq!(
            hits("app a b --password pw1 --token=tok2en"),
            vec![
                ("--password".to_string(), "pw1".to_string()),
                ("--token".to_string(), "tok2en".to_string())
            ]
        );
        assert_eq!(
            hits("docker login -u me -p t0ken --token=tok2en"),
            vec![
                ("docker login -p".to_string(), "t0ken".to_string()),
                ("--token".to_string(), "tok2en".to_string())
            ]
        );
        // `sshpass` also takes the password glued to `-p`.
        assert_eq!(
            hits("sshpass -ppa55w0rd ssh h"),
            s("sshpass -p", "pa55w0rd")
        );
        // A value that is only a pair of quotes leaves nothing inside them: the whole word.
        assert_eq!(
            hits("app \"--password=''\""),
            s("--password", "\"--password=''\"")
        );
        for quiet in [
            "app --password=$DB_PASSWORD",
            "app --password \"${PW}\"",
            "docker login --password-stdin -u me",
            "app --password-file=/run/secrets/pw",
            "curl -u bob https://x",
            "curl -u \"$USER:$PASS\" https://x",
            "mysql -p db",
            "docker run -p 8080:80 nginx",
            "app --password=<password>",
            "app --token=CHANGEME",
            "server --max-total-tokens 4096 --max-batch-prefill-tokens=512",
            "mysql -p\"$MYSQL_ROOT_PASSWORD\"",
        ] {
            assert!(hits(quiet).is_empty(), "{quiet}: {:?}", hits(quiet));
        }
    }
}
