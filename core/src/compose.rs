//! Docker Compose accessors over the YAML tree: services and the fields the rules read.
//!
//! Merge keys and aliases are already applied by [`crate::yaml`]; `x-` extension fields are
//! ignored; `extends` is followed within the file, and into another file when the caller read it
//! ([`ServiceIndex`]).

use std::collections::HashMap;

use crate::compose_project::ProjectServices;
use crate::env_file::{self, EnvFile};
use crate::settings::normalize_capability;
use crate::text::TextRange;
use crate::yaml::{parse_bool, Entry, Node, ScalarStyle, YamlFile};

/// One service of a Compose file.
#[derive(Debug, Clone, Copy)]
pub struct Service<'a> {
    pub name: &'a str,
    /// The service's key (`web` in `web:`): findings about something missing anchor here.
    pub key: &'a Node,
    /// The service's mapping, merges applied.
    pub node: &'a Node,
    /// Index of the YAML document holding it.
    pub document: usize,
}

/// The `deploy` keys only Swarm reads (`docker compose up` ignores them).
const SWARM_DEPLOY_KEYS: &[&str] = &[
    "placement",
    "update_config",
    "rollback_config",
    "mode",
    "endpoint_mode",
];

/// Whether a compose file is a Swarm stack file, deployed with `docker stack deploy`: a service
/// sets a `deploy` key only Swarm reads (`placement`, `update_config`, `rollback_config`,
/// `mode`, `endpoint_mode`) and no service has a `build` (Swarm cannot build). The name says
/// nothing (Portainer calls any compose project a stack). Swarm ignores `security_opt`,
/// `privileged` and the top-level `pids_limit`, so the checks say what applies there
/// (README, "Swarm stack files").
pub fn is_swarm_stack(file: &YamlFile) -> bool {
    let services = services(file);
    let swarm_only = services.iter().any(|service| {
        service.get("deploy").is_some_and(|deploy| {
            SWARM_DEPLOY_KEYS
                .iter()
                .any(|key| deploy.get(key).is_some())
        })
    });
    swarm_only
        && !services
            .iter()
            .any(|service| service.get("build").is_some())
}

/// Whether the document looks like a Compose file: a top-level `services:` mapping of mappings.
pub fn is_compose_root(root: &Node) -> bool {
    root.get("services").is_some_and(|services| {
        services.as_mapping().is_some_and(|mapping| {
            mapping.entries.iter().all(|entry| {
                entry.value.is_mapping()
                    || entry.value.is_null()
                    || entry.key.as_str().is_some_and(|key| key.starts_with("x-"))
            })
        })
    })
}

/// Keys of a Compose service that describe a container (every service key of the Compose
/// specification except `scale`, which Rancher's `rancher-compose.yml` shares). A `services:`
/// mapping whose services hold keys, none of them one of these (Rancher's `scale`,
/// `health_check`, `lb_config`...), is not a Compose file.
pub const CONTAINER_KEYS: &[&str] = &[
    "annotations",
    "attach",
    "blkio_config",
    "build",
    "cap_add",
    "cap_drop",
    "cgroup",
    "cgroup_parent",
    "command",
    "configs",
    "container_name",
    "cpu_count",
    "cpu_percent",
    "cpu_period",
    "cpu_quota",
    "cpu_rt_period",
    "cpu_rt_runtime",
    "cpu_shares",
    "cpus",
    "cpuset",
    "credential_spec",
    "depends_on",
    "deploy",
    "develop",
    "device_cgroup_rules",
    "devices",
    "dns",
    "dns_opt",
    "dns_search",
    "domainname",
    "driver_opts",
    "entrypoint",
    "env_file",
    "environment",
    "expose",
    "extends",
    "external_links",
    "extra_hosts",
    "gpus",
    "group_add",
    "healthcheck",
    "hostname",
    "image",
    "init",
    "ipc",
    "isolation",
    "labels",
    "label_file",
    "links",
    "logging",
    "mac_address",
    "mem_limit",
    "mem_reservation",
    "mem_swappiness",
    "memswap_limit",
    "models",
    "network_mode",
    "networks",
    "oom_kill_disable",
    "oom_score_adj",
    "pid",
    "pids_limit",
    "platform",
    "ports",
    "post_start",
    "pre_stop",
    "privileged",
    "profiles",
    "provider",
    "pull_policy",
    "read_only",
    "restart",
    "runtime",
    "secrets",
    "security_opt",
    "shm_size",
    "stdin_open",
    "stop_grace_period",
    "stop_signal",
    "storage_opt",
    "sysctls",
    "tmpfs",
    "tty",
    "ulimits",
    "use_api_socket",
    "user",
    "userns_mode",
    "uts",
    "volumes",
    "volumes_from",
    "working_dir",
];

/// Whether a document's `services:` holds Compose services: a mapping of mappings (see
/// [`is_compose_root`]) where some service holds a Compose container key ([`CONTAINER_KEYS`]),
/// or no service holds any key at all (`web: {}`: nothing says otherwise).
pub fn holds_compose_services(root: &Node) -> bool {
    if !is_compose_root(root) {
        return false;
    }
    let Some(services) = root.get("services") else {
        return false;
    };
    let mut any_key = false;
    for entry in services.entries() {
        if entry.key.as_str().is_some_and(|key| key.starts_with("x-")) {
            continue;
        }
        for key in entry.value.entries().filter_map(Entry::key_str) {
            if key.starts_with("x-") {
                continue;
            }
            if CONTAINER_KEYS.contains(&key) {
                return true;
            }
            any_key = true;
        }
    }
    !any_key
}

/// Every service of every document (the service's value must be a mapping; `x-` keys under
/// `services:` are extension fields, not services).
pub fn services(file: &YamlFile) -> Vec<Service<'_>> {
    let mut out = Vec::new();
    for (index, document) in file.documents.iter().enumerate() {
        let Some(services) = document.root.get("services") else {
            continue;
        };
        for entry in services.entries() {
            let Some(name) = entry.key.as_str() else {
                continue;
            };
            if name.starts_with("x-") || !entry.value.is_mapping() {
                continue;
            }
            out.push(Service {
                name,
                key: &entry.key,
                node: &entry.value,
                document: index,
            });
        }
    }
    out
}

/// One capability in `cap_add` / `cap_drop` / `capabilities.add|drop`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capability<'a> {
    /// Normalised: upper case, no `CAP_`, trimmed.
    pub name: String,
    pub node: &'a Node,
}

/// The items of a capability list, normalised (non-scalar items are skipped).
pub fn capabilities(list: &Node) -> Vec<Capability<'_>> {
    list.items()
        .filter_map(|item| {
            item.as_str().map(|text| Capability {
                name: normalize_capability(text),
                node: item,
            })
        })
        .collect()
}

/// A variable in `environment` or `build.args`, in mapping or list (`- KEY=value`) form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvVar<'a> {
    pub name: String,
    pub name_range: TextRange,
    /// `None` for `KEY:` (null), `- KEY` (no `=`): the value comes from the shell.
    pub value: Option<String>,
    /// The value's text inside its quotes, when it can be located exactly; else the whole node.
    pub value_range: Option<TextRange>,
    /// The mapping value or the list item.
    pub node: &'a Node,
    /// `- KEY=value` form.
    pub list_form: bool,
    /// Brought in by a merge key or an alias: its text is elsewhere.
    pub inherited: bool,
}

impl<'a> Service<'a> {
    pub fn get(&self, key: &str) -> Option<&'a Node> {
        self.node.get(key)
    }

    /// `service web`.
    pub fn object(&self) -> String {
        format!("service {}", self.name)
    }

    /// The service key's range.
    pub fn key_range(&self) -> TextRange {
        self.key.range
    }

    /// Offset for suppression comments: the service key.
    pub fn anchor(&self) -> usize {
        self.key.range.start
    }

    pub fn cap_add(&self) -> Option<&'a Node> {
        self.get("cap_add")
    }

    pub fn cap_drop(&self) -> Option<&'a Node> {
        self.get("cap_drop")
    }

    pub fn privileged(&self) -> Option<&'a Node> {
        self.get("privileged")
    }

    pub fn read_only(&self) -> Option<&'a Node> {
        self.get("read_only")
    }

    pub fn security_opt(&self) -> Option<&'a Node> {
        self.get("security_opt")
    }

    pub fn pids_limit(&self) -> Option<&'a Node> {
        self.get("pids_limit")
    }

    /// `deploy.resources.limits.pids`.
    pub fn deploy_pids(&self) -> Option<&'a Node> {
        self.node
            .get_path(&["deploy", "resources", "limits", "pids"])
    }

    /// `extends` (noted, not followed).
    pub fn extends(&self) -> Option<&'a Node> {
        self.get("extends")
    }

    pub fn secrets(&self) -> Option<&'a Node> {
        self.get("secrets")
    }

    pub fn env_file(&self) -> Option<&'a Node> {
        self.get("env_file")
    }

    /// `build` (a context string or a mapping).
    pub fn build(&self) -> Option<&'a Node> {
        self.get("build")
    }

    /// `build.target`.
    pub fn build_target(&self) -> Option<&'a Node> {
        self.build()?.get("target")
    }

    /// `environment`, both forms.
    pub fn environment(&self) -> Vec<EnvVar<'a>> {
        self.get("environment").map(variables).unwrap_or_default()
    }

    /// `build.args`, both forms.
    pub fn build_args(&self) -> Vec<EnvVar<'a>> {
        self.build()
            .and_then(|build| build.get("args"))
            .map(variables)
            .unwrap_or_default()
    }

    /// Normalised `cap_drop` names.
    pub fn dropped_capabilities(&self) -> Vec<Capability<'a>> {
        self.cap_drop().map(capabilities).unwrap_or_default()
    }

    /// Normalised `cap_add` names.
    pub fn added_capabilities(&self) -> Vec<Capability<'a>> {
        self.cap_add().map(capabilities).unwrap_or_default()
    }
}

/// Variables of an `environment` / `args` node in mapping or list form.
/// The container paths of a service's `volumes`: the target of the short syntax
/// (`source:target[:mode]`, or `target` alone for an anonymous volume) and `target` of the long one.
pub fn volume_targets<'a>(service: &Service<'a>) -> Vec<&'a str> {
    let Some(volumes) = service.get("volumes") else {
        return Vec::new();
    };
    volumes
        .items()
        .filter_map(|item| match item.as_str() {
            Some(short) => {
                let mut parts = short.split(':');
                let first = parts.next()?;
                Some(parts.next().unwrap_or(first))
            }
            None => item.get("target").and_then(Node::as_str),
        })
        .map(str::trim)
        .collect()
}

pub fn variables(node: &Node) -> Vec<EnvVar<'_>> {
    let mut out = Vec::new();
    if let Some(mapping) = node.as_mapping() {
        for entry in &mapping.entries {
            let Some(name) = entry.key.as_str() else {
                continue;
            };
            let value = &entry.value;
            let text = match &value.value {
                crate::yaml::Value::Null => None,
                crate::yaml::Value::Scalar(scalar) => Some(scalar.text.clone()),
                _ => None,
            };
            out.push(EnvVar {
                name: name.to_string(),
                name_range: entry.key.range,
                value_range: text.as_ref().map(|_| inner_range(value)),
                value: text,
                node: value,
                list_form: false,
                inherited: entry.merged || value.alias,
            });
        }
    } else {
        for item in node.items() {
            let Some(scalar) = item.as_scalar() else {
                continue;
            };
            let text = scalar.text.as_str();
            let inner = inner_range(item);
            // Offsets inside the scalar map to the source only when the source is the text.
            let exact = !scalar.style.is_block() && inner.len() == text.len();
            let (name, value) = match text.split_once('=') {
                Some((name, value)) => (name, Some(value)),
                None => (text, None),
            };
            let name_range = if exact {
                TextRange::new(inner.start, inner.start + name.len())
            } else {
                item.range
            };
            let value_range = value.map(|value| {
                if exact {
                    TextRange::new(inner.end - value.len(), inner.end)
                } else {
                    item.range
                }
            });
            out.push(EnvVar {
                name: name.trim().to_string(),
                name_range,
                value: value.map(str::to_string),
                value_range,
                node: item,
                list_form: true,
                inherited: item.alias,
            });
        }
    }
    out
}

/// A scalar's range without its quotes.
fn inner_range(node: &Node) -> TextRange {
    match node.as_scalar() {
        Some(scalar) if scalar.style.is_quoted() && node.range.len() >= 2 && !node.alias => {
            TextRange::new(node.range.start + 1, node.range.end - 1)
        }
        Some(scalar) if scalar.style == ScalarStyle::Plain => node.range,
        _ => node.range,
    }
}

/// What a service's `extends` names: a service, possibly in another file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Extends<'a> {
    pub service: &'a str,
    pub file: Option<&'a str>,
}

/// The result of looking a field up through `extends`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup<'a> {
    /// Set on the service or on a service it extends in this file.
    Found(&'a Node),
    /// Set nowhere in the chain.
    Missing,
    /// Not set here, but the service extends one in another file (or one that cannot be
    /// found), or a syntax error cut a service of the chain short (the key may be in the part
    /// not parsed): the value is unknown.
    Unknown,
}

impl<'a> Service<'a> {
    /// `extends: base` or `extends: {service: base, file: other.yaml}`.
    pub fn extends_target(&self) -> Option<Extends<'a>> {
        let extends = self.extends()?;
        if let Some(service) = extends.as_str() {
            return Some(Extends {
                service,
                file: None,
            });
        }
        Some(Extends {
            service: extends.get("service")?.as_str()?,
            file: extends.get("file").and_then(Node::as_str),
        })
    }

    /// Look `key` up on this service, then along its `extends` chain (`index`), at most
    /// [`MAX_EXTENDS`] hops. A key set on a service of another file (`extends: {file: ...}`)
    /// is `Unknown`: that file is judged on its own, where a wrong value is reported. A chain
    /// that reaches a file or service not at hand, a longer chain or a cycle (which Compose
    /// rejects) is `Unknown` too.
    pub fn lookup(&self, index: &ServiceIndex<'a>, key: &str) -> Lookup<'a> {
        match index.find_in_chain(self, |service, elsewhere| {
            service.get(key).map(|node| (node, elsewhere))
        }) {
            Chain::Found((node, false)) => Lookup::Found(node),
            Chain::Found((_, true)) | Chain::Unknown => Lookup::Unknown,
            Chain::Missing => Lookup::Missing,
        }
    }
}

/// What a walk along an `extends` chain found ([`ServiceIndex::find_in_chain`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chain<T> {
    Found(T),
    /// The chain ended and nothing answered.
    Missing,
    /// The chain reached a service not at hand or cut short by a syntax error, or was longer
    /// than [`MAX_EXTENDS`] (a cycle, which Compose rejects).
    Unknown,
}

/// The service another one `extends`.
#[derive(Debug, Clone)]
pub enum Base<'a> {
    /// It extends nothing.
    None,
    /// `file`: `None` in the checked file, else the key of an extended file
    /// ([`crate::compose_project::ProjectServices::extended_service`]).
    Found {
        service: Service<'a>,
        file: Option<String>,
    },
    /// It extends a service that is not at hand (a file not read, a name not defined).
    Unknown,
}

/// Whether a scalar holds interpolation, `${...}` or `$NAME` (its value is only known at run
/// time; `$$` is a literal `$`).
pub fn is_interpolated(node: &Node) -> bool {
    node.as_str().is_some_and(has_interpolation)
}

/// Whether `text` holds `${...}` or `$NAME` (`$$` is a literal `$`): Compose's interpolation,
/// in a compose file and in its `.env`.
pub fn has_interpolation(text: &str) -> bool {
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '$'
            && chars
                .next()
                .is_some_and(|next| next == '{' || starts_name(next))
        {
            return true;
        }
    }
    false
}

fn starts_name(c: char) -> bool {
    c == '_' || c.is_ascii_alphabetic()
}

/// A value that is, as a whole, one Compose interpolation: `$NAME`, `${NAME}`, or
/// `${NAME<operator>word}` with `:-`/`-` (a default when unset or empty / unset), `:?`/`?` (an
/// error then) or `:+`/`+` (an alternative when set and not empty / set).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interpolation<'a> {
    pub name: &'a str,
    /// One of `:-`, `-`, `:?`, `?`, `:+`, `+`; empty for `$NAME` and `${NAME}`.
    pub operator: &'a str,
    /// The text after the operator.
    pub word: &'a str,
}

impl<'a> Interpolation<'a> {
    /// `None` when `text` (spaces around it aside) is not exactly one interpolation
    /// (`${A}${B}`, `x-${A}`, plain text).
    pub fn parse(text: &'a str) -> Option<Self> {
        let rest = text.trim().strip_prefix('$')?;
        let Some(braced) = rest.strip_prefix('{') else {
            return valid_name(rest).then_some(Self {
                name: rest,
                operator: "",
                word: "",
            });
        };
        let inner = braced.strip_suffix('}')?;
        let name_end = inner
            .find(|c: char| !(c == '_' || c.is_ascii_alphanumeric()))
            .unwrap_or(inner.len());
        let (name, after) = inner.split_at(name_end);
        if !valid_name(name) {
            return None;
        }
        let operator = [":-", ":?", ":+", "-", "?", "+"]
            .into_iter()
            .find(|operator| after.starts_with(operator))
            .unwrap_or("");
        let word = &after[operator.len()..];
        // `${A}${B}` and `${A:-x}${B}`: the last `}` closes another interpolation.
        let balanced = (operator.is_empty() && word.is_empty())
            || (!operator.is_empty() && braces_balance(word));
        balanced.then_some(Self {
            name,
            operator,
            word,
        })
    }

    /// What Compose substitutes when the variable is unset: the default of `:-`/`-`. `None`
    /// for the other forms (an empty string, an error) and for a default that interpolates.
    pub fn default(&self) -> Option<&'a str> {
        matches!(self.operator, ":-" | "-")
            .then_some(self.word)
            .filter(|word| !has_interpolation(word))
    }

    /// What Compose substitutes when the variable is set to `value`; `None` when that is not
    /// known here (an error, or a word that interpolates).
    pub fn with_value<'v>(&self, value: &'v str) -> Option<&'v str>
    where
        'a: 'v,
    {
        let word = || Some(self.word).filter(|word| !has_interpolation(word));
        match self.operator {
            ":-" if value.is_empty() => word(),
            ":?" if value.is_empty() => None,
            ":+" if value.is_empty() => Some(""),
            ":+" | "+" => word(),
            _ => Some(value),
        }
    }
}

fn valid_name(name: &str) -> bool {
    name.chars().next().is_some_and(starts_name)
        && name.chars().all(|c| c == '_' || c.is_ascii_alphanumeric())
}

fn braces_balance(text: &str) -> bool {
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '{' => depth += 1,
            '}' => match depth.checked_sub(1) {
                Some(less) => depth = less,
                None => return false,
            },
            _ => {}
        }
    }
    depth == 0
}

/// What a setting written with interpolation comes to, as far as the compose file and the
/// variables file beside it ([`crate::Document::variables`]) tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decided<'a> {
    /// The variables file sets the variable (`name` to `set_to`), so the setting is `value`.
    ByFile {
        name: &'a str,
        set_to: &'a str,
        value: &'a str,
        file: &'a EnvFile,
    },
    /// Nothing seen here sets the variable: the default written in the file gives `value`.
    ByDefault(&'a str),
    /// Nothing seen here says what it is.
    Unknown,
}

/// [`Decided`] for a setting's text; `None` when it does not interpolate (it is what it says).
/// The shell's environment, which wins over `.env` when Compose runs, is not known here.
pub fn decide<'a>(text: &'a str, variables: Option<&'a EnvFile>) -> Option<Decided<'a>> {
    if !has_interpolation(text) {
        return None;
    }
    let Some(interpolation) = Interpolation::parse(text) else {
        return Some(Decided::Unknown);
    };
    let set = variables.map_or(env_file::Value::Unset, |file| file.get(interpolation.name));
    Some(match (set, variables) {
        (env_file::Value::Known(set_to), Some(file)) => match interpolation.with_value(set_to) {
            Some(value) => Decided::ByFile {
                name: interpolation.name,
                set_to,
                value,
                file,
            },
            None => Decided::Unknown,
        },
        (env_file::Value::Unset, _) => interpolation
            .default()
            .map_or(Decided::Unknown, Decided::ByDefault),
        _ => Decided::Unknown,
    })
}

/// For messages: "`.env` sets `READ_ONLY=false`". The value is shown only when `show_value`
/// (the caller has checked it is a word of the kind the setting takes, never a free-form value
/// that might be a secret); an example file is named as one.
pub fn set_by(name: &str, set_to: &str, file: &EnvFile, show_value: bool) -> String {
    let assignment = if show_value {
        format!("`{name}={set_to}`")
    } else {
        format!("`{name}`")
    };
    if file.example {
        format!(
            "`{}` sets {assignment} (an example file: there is no `{}` beside the compose file)",
            file.name,
            env_file::COMPOSE_FILE_NAME
        )
    } else {
        format!("`{}` sets {assignment}", file.name)
    }
}

/// What an interpolated boolean setting (`read_only`, `privileged`) comes to, against the value
/// that hardens it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BoolJudged {
    /// The variables file, or the default written in the file, gives the hardened value.
    Hardened,
    /// The variables file gives the other boolean: how, for the message.
    SetBy(String),
    /// Nothing seen here decides it (or the value is no boolean, which Compose rejects).
    Undecided,
}

/// [`BoolJudged`] for a setting's text; `None` when it does not interpolate (it is what it says).
pub fn judge_bool(text: &str, variables: Option<&EnvFile>, hardened: bool) -> Option<BoolJudged> {
    Some(match decide(text, variables)? {
        Decided::ByFile {
            name,
            set_to,
            value,
            file,
        } => match parse_bool(value.trim()) {
            Some(value) if value == hardened => BoolJudged::Hardened,
            Some(_) => BoolJudged::SetBy(set_by(
                name,
                set_to,
                file,
                parse_bool(set_to.trim()).is_some(),
            )),
            None => BoolJudged::Undecided,
        },
        Decided::ByDefault(value) if parse_bool(value.trim()) == Some(hardened) => {
            BoolJudged::Hardened
        }
        _ => BoolJudged::Undecided,
    })
}

/// Whether a capability list names `wanted` (normalised, e.g. `ALL`, `NET_RAW`).
pub fn has_capability(list: &Node, wanted: &str) -> bool {
    capabilities(list).iter().any(|cap| cap.name == wanted)
}

/// Most `extends` hops followed.
pub const MAX_EXTENDS: usize = 16;

/// A file's services by document and name, so that following `extends` costs one hash look-up
/// a hop and checking a file stays linear in its number of services; with the services of the
/// files its `extends` name, when the caller read them ([`crate::Document::compose_project`]).
pub struct ServiceIndex<'a> {
    local: HashMap<(usize, &'a str), Service<'a>>,
    project: Option<&'a ProjectServices<'a>>,
}

impl<'a> ServiceIndex<'a> {
    /// A service of the checked file, by document and name.
    pub fn get(&self, document: usize, name: &str) -> Option<Service<'a>> {
        self.local.get(&(document, name)).copied()
    }

    /// Walk `service`'s `extends` chain, itself first, until `probe` answers for one (told
    /// whether that service is in another file).
    pub fn find_in_chain<T>(
        &self,
        service: &Service<'a>,
        mut probe: impl FnMut(&Service<'a>, bool) -> Option<T>,
    ) -> Chain<T> {
        let mut current = *service;
        let mut file: Option<String> = None;
        for _ in 0..MAX_EXTENDS {
            if let Some(answer) = probe(&current, file.is_some()) {
                return Chain::Found(answer);
            }
            if current.node.partial {
                return Chain::Unknown;
            }
            match self.base(&current, file.as_deref()) {
                Base::None => return Chain::Missing,
                Base::Unknown => return Chain::Unknown,
                Base::Found {
                    service,
                    file: in_file,
                } => {
                    current = service;
                    file = in_file;
                }
            }
        }
        Chain::Unknown
    }

    /// The service `current` extends; `in_file` is where `current` is: `None` for the checked
    /// file, else an extended file's key.
    pub fn base(&self, current: &Service<'a>, in_file: Option<&str>) -> Base<'a> {
        let Some(target) = current.extends_target() else {
            // `extends: 3` and the like: Compose rejects it.
            return if current.extends().is_some() {
                Base::Unknown
            } else {
                Base::None
            };
        };
        let file = match (in_file, target.file) {
            (None, None) => {
                return match self.get(current.document, target.service) {
                    Some(service) => Base::Found {
                        service,
                        file: None,
                    },
                    None => Base::Unknown,
                }
            }
            (Some(here), None) => here.to_string(),
            (here, Some(named)) => crate::compose_project::resolve_extends_file(here, named),
        };
        match self
            .project
            .and_then(|project| project.extended_service(&file, target.service))
        {
            Some(service) => Base::Found {
                service,
                file: Some(file),
            },
            None => Base::Unknown,
        }
    }
}

/// Index `services`; of two services with one name in one document, the first wins. `project`
/// gives the services of the files their `extends` name.
pub fn index_services<'a>(
    services: &[Service<'a>],
    project: Option<&'a ProjectServices<'a>>,
) -> ServiceIndex<'a> {
    let mut local = HashMap::with_capacity(services.len());
    for service in services {
        local
            .entry((service.document, service.name))
            .or_insert(*service);
    }
    ServiceIndex { local, project }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::parse;

    fn slice(text: &str, range: TextRange) -> &str {
        &text[range.start..range.end]
    }

    #[test]
    fn services_skip_extension_fields_and_apply_merges() {
        let text = "x-base: &base\n  cap_drop: [ALL]\nservices:\n  x-note: {}\n  web:\n    <<: *base\n    image: nginx\n  db:\n    image: pg\n    extends: web\n  bad: 3\n";
        let file = parse(text);
        let services = services(&file);
        let names: Vec<_> = services.iter().map(|s| s.name).collect();
        assert_eq!(names, ["web", "db"]);
        let web = services[0];
        assert_eq!(slice(text, web.key_range()), "web");
        assert_eq!(web.object(), "service web");
        assert_eq!(web.dropped_capabilities()[0].name, "ALL");
        let db = services[1];
        assert_eq!(
            db.extends_target(),
            Some(Extends {
                service: "web",
                file: None
            })
        );
        assert!(matches!(
            db.lookup(&index_services(&services, None), "cap_drop"),
            Lookup::Found(_)
        ));
        assert_eq!(
            db.lookup(&index_services(&services, None), "read_only"),
            Lookup::Missing
        );
        // `bad: 3` is not a mapping: not "a mapping of mappings".
        assert!(!is_compose_root(&file.documents[0].root));
        let file = parse("services:\n  web:\n    image: nginx\n  x-n: 1\n");
        assert!(is_compose_root(&file.documents[0].root));
    }

    #[test]
    fn environment_in_both_forms_with_ranges() {
        let text = "services:\n  app:\n    environment:\n      - DB_PASSWORD=s3cret\n      - \"TOKEN=abc\"\n      - HOME\n    build:\n      target: prod\n      args:\n        API_KEY: 'k3y'\n        EMPTY:\n";
        let file = parse(text);
        let service = services(&file)[0];
        let env = service.environment();
        assert_eq!(env.len(), 3);
        assert_eq!(env[0].name, "DB_PASSWORD");
        assert_eq!(slice(text, env[0].name_range), "DB_PASSWORD");
        assert_eq!(env[0].value.as_deref(), Some("s3cret"));
        assert_eq!(slice(text, env[0].value_range.unwrap()), "s3cret");
        assert!(env[0].list_form);
        assert_eq!(slice(text, env[1].value_range.unwrap()), "abc");
        assert_eq!(env[2].value, None);
        let args = service.build_args();
        assert_eq!(args[0].name, "API_KEY");
        assert_eq!(slice(text, args[0].value_range.unwrap()), "k3y");
        assert_eq!(args[1].value, None);
        assert_eq!(service.build_target().and_then(Node::as_str), Some("prod"));
    }

    #[test]
    fn capability_names_are_normalised() {
        let file = parse("l: [' cap_net_raw ', Sys_Admin]\n");
        let list = file.documents[0].root.get("l").unwrap();
        let names: Vec<_> = capabilities(list).into_iter().map(|c| c.name).collect();
        assert_eq!(names, ["NET_RAW", "SYS_ADMIN"]);
        assert!(has_capability(list, "NET_RAW"));
    }

    #[test]
    fn interpolations_parse_and_resolve_as_compose_does() {
        let parsed = Interpolation::parse(" ${READ_ONLY:-true} ").unwrap();
        assert_eq!(
            (parsed.name, parsed.operator, parsed.word),
            ("READ_ONLY", ":-", "true")
        );
        assert_eq!(parsed.default(), Some("true"));
        assert_eq!(parsed.with_value(""), Some("true"));
        assert_eq!(parsed.with_value("false"), Some("false"));
        let unset_only = Interpolation::parse("${A-x}").unwrap();
        assert_eq!(
            (unset_only.default(), unset_only.with_value("")),
            (Some("x"), Some(""))
        );
        let plain = Interpolation::parse("$A_1").unwrap();
        assert_eq!((plain.name, plain.default()), ("A_1", None));
        let required = Interpolation::parse("${A:?set it}").unwrap();
        assert_eq!((required.default(), required.with_value("")), (None, None));
        assert_eq!(required.with_value("y"), Some("y"));
        let alternative = Interpolation::parse("${A:+ALL}").unwrap();
        assert_eq!(
            (alternative.with_value("1"), alternative.with_value("")),
            (Some("ALL"), Some(""))
        );
        // A default that interpolates is not known here.
        let nested = Interpolation::parse("${A:-${B:-true}}").unwrap();
        assert_eq!((nested.word, nested.default()), ("${B:-true}", None));
        for text in [
            "${A}${B}",
            "${A:-x}${B}",
            "x${A}",
            "${1A}",
            "$",
            "${}",
            "${A",
            "plain",
            "$$A",
        ] {
            assert_eq!(Interpolation::parse(text), None, "{text}");
        }
        assert!(has_interpolation("x-$A") && has_interpolation("${A}"));
        assert!(
            !has_interpolation("$$A") && !has_interpolation("cost $5") && !has_interpolation("a$")
        );
    }

    #[test]
    fn decide_uses_the_variables_file_then_the_default() {
        let env = EnvFile::parse(".env", false, "SET=false\nEMPTY=\nLATER=${X}\n");
        assert_eq!(decide("true", Some(&env)), None);
        assert!(matches!(
            decide("${SET:-true}", Some(&env)),
            Some(Decided::ByFile {
                name: "SET",
                set_to: "false",
                value: "false",
                ..
            })
        ));
        assert_eq!(
            decide("${EMPTY:-true}", Some(&env))
                .map(|d| matches!(d, Decided::ByFile { value: "true", .. })),
            Some(true)
        );
        assert_eq!(
            decide("${UNSET:-true}", Some(&env)),
            Some(Decided::ByDefault("true"))
        );
        assert_eq!(
            decide("${UNSET:-true}", None),
            Some(Decided::ByDefault("true"))
        );
        assert_eq!(decide("${UNSET}", Some(&env)), Some(Decided::Unknown));
        assert_eq!(decide("${LATER:-true}", Some(&env)), Some(Decided::Unknown));
        assert_eq!(decide("${SET}-x", Some(&env)), Some(Decided::Unknown));
    }
}
