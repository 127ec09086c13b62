//! Compose projects, not files: `compose.yaml` with `compose.override.yaml` beside it, or the
//! files `COMPOSE_FILE` lists, merge into one project (Compose's own rules). A service is judged
//! once, in the file that defines it (the first of the project to name it), taking every file
//! merged after it into account; a file that only adds to a service defined earlier (an
//! override's `db: {ports: [...]}`) gets no "missing setting" finding of its own.
//!
//! A service may also `extends: {file: base.yaml, service: name}`: it copies the settings of a
//! service in another file, which is not merged into the project. What it inherits counts (a
//! `cap_drop: [ALL]` there satisfies the check here); a wrong value there is reported there.
//!
//! Core does no I/O: the caller (the workspace) finds the other files of the project and hands
//! over their texts ([`crate::Document::compose_project`]); [`ProjectServices`] reads them.

use std::collections::HashMap;

use crate::compose::{self, Service};
use crate::yaml::{Node, YamlFile};

/// The files Compose reads when none is named, in its order of preference (compose-go's
/// `DefaultFileNames`).
pub const BASE_FILE_NAMES: &[&str] = &[
    "compose.yaml",
    "compose.yml",
    "docker-compose.yml",
    "docker-compose.yaml",
];

/// The override Compose merges over the base file when none is named (compose-go's
/// `DefaultOverrideFileNames`).
pub const OVERRIDE_FILE_NAMES: &[&str] = &[
    "compose.override.yml",
    "compose.override.yaml",
    "docker-compose.override.yml",
    "docker-compose.override.yaml",
];

/// The other files of a compose file's project, as the caller read them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComposeProject {
    /// How the project was formed, for messages and docs: `compose.override.yaml` beside it,
    /// or `COMPOSE_FILE` in `.env`.
    pub origin: String,
    pub files: Vec<ProjectFile>,
    /// The files that services' `extends: {file: ...}` name (not merged: a service copies the
    /// settings of the one it extends), read by the caller from the checked file's `extends`
    /// and, in turn, theirs.
    pub extended: Vec<ExtendedFile>,
}

/// A file named by `extends: {file: ...}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtendedFile {
    /// Relative to the checked file's directory, as [`resolve_extends_file`] writes it.
    pub path: String,
    pub text: String,
}

/// One other file of the project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectFile {
    pub path: String,
    pub text: String,
    /// Merged before the file being checked (which then overrides it), or after it.
    pub merged_before: bool,
}

/// The project files named by `COMPOSE_FILE` (`a.yaml:b.yaml`; Compose's separator is `:` on
/// Unix unless `COMPOSE_PATH_SEPARATOR` says otherwise), in merge order.
pub fn compose_file_list(compose_file: &str, separator: Option<&str>) -> Vec<String> {
    let separator = separator.filter(|s| !s.is_empty()).unwrap_or(":");
    compose_file
        .split(separator)
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(str::to_string)
        .collect()
}

/// The services of the other project files, parsed once per check.
pub struct ProjectServices<'a> {
    by_name: HashMap<&'a str, Vec<(bool, Service<'a>)>>,
    /// The services of the extended files, by file key and name.
    extended: HashMap<&'a str, HashMap<&'a str, Service<'a>>>,
}

/// Where the file being checked stands for one service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The first file of the project to name the service (or the service is in no other file).
    Defining,
    /// A file merged after the one that defines the service: it only adds to it.
    Fragment,
}

impl<'a> ProjectServices<'a> {
    /// `files` are the parsed texts of `project.files`, in the same order; `extended` those of
    /// `project.extended`.
    pub fn new(
        project: &'a ComposeProject,
        files: &'a [YamlFile],
        extended: &'a [YamlFile],
    ) -> Self {
        let mut by_name: HashMap<&'a str, Vec<(bool, Service<'a>)>> = HashMap::new();
        for (file, parsed) in project.files.iter().zip(files) {
            for service in compose::services(parsed) {
                by_name
                    .entry(service.name)
                    .or_default()
                    .push((file.merged_before, service));
            }
        }
        let mut by_file: HashMap<&'a str, HashMap<&'a str, Service<'a>>> = HashMap::new();
        for (file, parsed) in project.extended.iter().zip(extended) {
            let services = by_file.entry(file.path.as_str()).or_default();
            for service in compose::services(parsed) {
                services.entry(service.name).or_insert(service);
            }
        }
        Self {
            by_name,
            extended: by_file,
        }
    }

    /// The service `name` of the extended file `file` (a key from [`resolve_extends_file`]).
    pub fn extended_service(&self, file: &str, name: &str) -> Option<Service<'a>> {
        self.extended.get(file)?.get(name).copied()
    }

    pub fn role(&self, service: &str) -> Role {
        let earlier = self
            .by_name
            .get(service)
            .is_some_and(|entries| entries.iter().any(|(before, _)| *before));
        if earlier {
            Role::Fragment
        } else {
            Role::Defining
        }
    }

    /// Whether a file merged after this one sets `path` on the service (a scalar setting: the
    /// last file that sets it decides, and is where a wrong value is reported).
    pub fn set_after(&self, service: &str, path: &[&str]) -> bool {
        self.after(service).any(|node| lookup(node, path).is_some())
    }

    /// The items of the list `key` in the files merged after this one (Compose merges
    /// `cap_drop`, `cap_add` and `security_opt` as the union of every file's items).
    pub fn items_after(&self, service: &str, key: &str) -> Vec<&'a Node> {
        self.after(service)
            .filter_map(|node| node.get(key))
            .flat_map(Node::items)
            .collect()
    }

    fn after(&self, service: &str) -> impl Iterator<Item = &'a Node> + '_ {
        self.by_name
            .get(service)
            .into_iter()
            .flatten()
            .filter(|(before, _)| !*before)
            .map(|(_, service)| service.node)
    }
}

/// The key of the file `named` by `extends: {file: named}` in a service of the file `from`
/// (`None`: the checked file): the path relative to the checked file's directory, with `.` and
/// `..` resolved as far as they go (`../base.yaml` stays). An absolute path stays absolute.
pub fn resolve_extends_file(from: Option<&str>, named: &str) -> String {
    if named.starts_with('/') {
        return normalize(named.split('/'), true);
    }
    let dir = from
        .map(|file| file.rsplit_once('/').map_or("", |(dir, _)| dir))
        .unwrap_or("");
    let absolute = dir.starts_with('/');
    normalize(dir.split('/').chain(named.split('/')), absolute)
}

fn normalize<'s>(parts: impl Iterator<Item = &'s str>, absolute: bool) -> String {
    let mut out: Vec<&str> = Vec::new();
    for part in parts {
        match part {
            "" | "." => {}
            ".." if out.last().is_some_and(|last| *last != "..") => {
                out.pop();
            }
            ".." if absolute => {}
            part => out.push(part),
        }
    }
    let joined = out.join("/");
    if absolute {
        format!("/{joined}")
    } else {
        joined
    }
}

/// The lists of files that `include:` entries merge (`- path: [base.yaml, override.yaml]`),
/// as written; an entry of one file merges nothing and is left out.
pub fn include_lists(file: &YamlFile) -> Vec<Vec<&str>> {
    let Some(root) = file.documents.first().map(|document| &document.root) else {
        return Vec::new();
    };
    root.get("include")
        .into_iter()
        .flat_map(Node::items)
        .filter_map(|entry| entry.get("path"))
        .map(|paths| paths.items().filter_map(Node::as_str).collect::<Vec<_>>())
        .filter(|paths| paths.len() > 1)
        .collect()
}

/// The files the services of `file` name in `extends: {file: ...}`, as written.
pub fn extends_files(file: &YamlFile) -> Vec<&str> {
    let mut named: Vec<&str> = compose::services(file)
        .iter()
        .filter_map(|service| service.extends_target()?.file)
        .collect();
    named.sort_unstable();
    named.dedup();
    named
}

fn lookup<'n>(node: &'n Node, path: &[&str]) -> Option<&'n Node> {
    path.iter()
        .try_fold(node, |node, key| node.get(key))
        .filter(|node| !node.is_null())
}

/// Whether a service's "missing setting" finding belongs to another file of the project:
/// in a fragment, unless this file writes the setting itself (`set_here`); in the defining file,
/// when a later file sets it (at any of `paths`: e.g. `pids_limit` or
/// `deploy.resources.limits.pids`).
pub fn judged_elsewhere(
    project: Option<&ProjectServices>,
    service: &str,
    paths: &[&[&str]],
    set_here: bool,
) -> bool {
    let Some(project) = project else {
        return false;
    };
    match project.role(service) {
        Role::Fragment => !set_here,
        Role::Defining => paths.iter().any(|path| project.set_after(service, path)),
    }
}

/// Whether a service's finding on the list `key` (`cap_drop`, `security_opt`, which Compose
/// merges as the union of every file's items) belongs to another file of the project: always in
/// a fragment; in the defining file, when a later file's items already harden it.
pub fn list_judged_elsewhere(
    project: Option<&ProjectServices>,
    service: &str,
    key: &str,
    hardens: impl Fn(&Node) -> bool,
) -> bool {
    let Some(project) = project else {
        return false;
    };
    match project.role(service) {
        Role::Fragment => true,
        Role::Defining => project.items_after(service, key).into_iter().any(hardens),
    }
}
