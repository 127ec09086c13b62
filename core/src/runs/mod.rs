//! Containers configured outside Dockerfiles, Compose files and manifests (SPEC 2b): dev
//! containers, Podman Quadlet units, `docker run`/`podman run` command lines in scripts,
//! Makefiles and CI steps, and CI job containers.
//!
//! Each kind has its own parser (with positions) that reads every container it configures into
//! one model, [`ContainerRun`]: the run settings the six checks look at, each with its source
//! range. The rules read that model (`check_runs`), so that a `--privileged` flag, a devcontainer
//! `"privileged": true` and a Quadlet `PodmanArgs=--privileged` are one case for SS401.

pub mod ci;
pub mod devcontainer;
pub mod flags;
pub mod quadlet;
pub mod scripts;

use crate::document::FileKind;
use crate::syntax::SyntaxError;
use crate::text::TextRange;

/// A setting as written: its value (quotes removed) and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting {
    pub text: String,
    pub range: TextRange,
    /// What deleting this setting removes (a devcontainer `capAdd` entry with its comma).
    pub removal: Option<TextRange>,
}

impl Setting {
    pub fn new(text: impl Into<String>, range: TextRange) -> Self {
        Self {
            text: text.into(),
            range,
            removal: None,
        }
    }
}

/// An environment variable (or build argument, or registry password) set for the container.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvSetting {
    pub name: String,
    /// The value as the container gets it; `None` when passed through from the host (`-e NAME`).
    pub value: Option<String>,
    /// Name and value.
    pub range: TextRange,
    /// The value alone (redacted in every output).
    pub value_range: TextRange,
}

/// How a kind writes the settings, for messages and fixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// `docker run`/`podman run`/`docker create` flags (scripts, CI steps, job `options:`).
    Flags,
    /// A Podman Quadlet `[Container]` section.
    Quadlet,
    /// `devcontainer.json` properties (and its `runArgs`).
    Devcontainer,
}

impl Dialect {
    /// How this kind spells `--read-only`.
    pub fn read_only(self) -> &'static str {
        match self {
            Dialect::Flags => "--read-only",
            Dialect::Quadlet => "ReadOnly=true",
            Dialect::Devcontainer => "--read-only` in `runArgs",
        }
    }

    pub fn cap_drop_all(self) -> &'static str {
        match self {
            Dialect::Flags => "--cap-drop=ALL",
            Dialect::Quadlet => "DropCapability=ALL",
            Dialect::Devcontainer => "--cap-drop=ALL` in `runArgs",
        }
    }

    pub fn no_new_privileges(self) -> &'static str {
        match self {
            Dialect::Flags => "--security-opt=no-new-privileges",
            Dialect::Quadlet => "NoNewPrivileges=true",
            Dialect::Devcontainer => "no-new-privileges` in `securityOpt",
        }
    }

    pub fn pids_limit(self) -> &'static str {
        match self {
            Dialect::Flags => "--pids-limit",
            Dialect::Quadlet => "PidsLimit=",
            Dialect::Devcontainer => "--pids-limit` in `runArgs",
        }
    }
}

/// Where a missing setting can be added with certainty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Insert {
    /// A new `Key=value` line at this offset (the start of the line after the last entry of the
    /// `[Container]` section); `newline_first` when that entry's line has no line break.
    QuadletLine { at: usize, newline_first: bool },
    /// ` --flag` right after the `run`/`create` word ending at this offset, on a literal line.
    Flag { at: usize },
}

impl Insert {
    /// The edit adding `key=value` (Quadlet) or `--flag=value` (command lines).
    pub fn edit(self, quadlet: &str, flag: &str) -> crate::edit::Edit {
        match self {
            Insert::QuadletLine { at, newline_first } => crate::edit::Edit::insertion(
                if newline_first {
                    format!("\n{quadlet}")
                } else {
                    format!("{quadlet}\n")
                },
                at,
            ),
            Insert::Flag { at } => crate::edit::Edit::insertion(format!(" {flag}"), at),
        }
    }
}

/// One container's run settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerRun {
    /// What findings are about: `dev container`, `` `docker run` of `nginx` ``...
    pub object: String,
    /// The service or container name the `[capabilities] allowed` table is keyed by.
    pub name: String,
    /// Where findings about a missing setting go (the `docker` word, the `[Container]` header,
    /// the service key); its start anchors suppression comments for every finding of this run.
    pub anchor: TextRange,
    /// Dev containers, Quadlet units, CI service containers, `docker run -d`/`--restart`: only
    /// these are told what hardening they lack.
    pub long_lived: bool,
    /// Some settings come from variables (`$DOCKER_OPTS`) or a file the parser could not read to
    /// its end: what is missing may be there, so nothing is reported missing.
    pub open: bool,
    /// Compose-built dev containers keep their run settings in the compose file.
    pub dialect: Dialect,
    pub privileged: Vec<Setting>,
    pub read_only: Option<Setting>,
    pub cap_add: Vec<Setting>,
    pub cap_drop: Vec<Setting>,
    /// `--security-opt` values (`seccomp=unconfined`, `no-new-privileges`...).
    pub security_opts: Vec<Setting>,
    /// Quadlet `NoNewPrivileges=`.
    pub no_new_privileges: Option<Setting>,
    pub pids_limit: Vec<Setting>,
    /// (`PID`/`IPC`/`network`, the setting) for each namespace setting.
    pub namespaces: Vec<(&'static str, Setting)>,
    /// Host paths mounted into the container.
    pub mounts: Vec<Setting>,
    pub env: Vec<EnvSetting>,
    pub insert: Option<Insert>,
}

impl ContainerRun {
    pub fn new(object: impl Into<String>, anchor: TextRange, dialect: Dialect) -> Self {
        Self {
            object: object.into(),
            name: String::new(),
            anchor,
            long_lived: false,
            open: false,
            dialect,
            privileged: Vec::new(),
            read_only: None,
            cap_add: Vec::new(),
            cap_drop: Vec::new(),
            security_opts: Vec::new(),
            no_new_privileges: None,
            pids_limit: Vec::new(),
            namespaces: Vec::new(),
            mounts: Vec::new(),
            env: Vec::new(),
            insert: None,
        }
    }

    /// Whether findings about missing settings apply: long-lived, and everything was read.
    pub fn judged_for_missing(&self) -> bool {
        self.long_lived && !self.open
    }

    /// Whether the capabilities dropped include `ALL`.
    pub fn drops_all(&self) -> bool {
        self.cap_drop
            .iter()
            .any(|c| crate::settings::normalize_capability(&c.text) == "ALL")
    }

    /// Whether `no-new-privileges` is on (a security option or Quadlet's key).
    pub fn no_new_privileges_set(&self) -> bool {
        if let Some(setting) = &self.no_new_privileges {
            return truthy(&setting.text);
        }
        self.security_opts.iter().any(|opt| {
            let lower = opt.text.trim().to_ascii_lowercase();
            match lower.strip_prefix("no-new-privileges") {
                Some("") => true,
                Some(rest) => rest.strip_prefix([':', '=']).is_some_and(truthy),
                None => false,
            }
        })
    }
}

/// `true`, `yes`, `on`, `1`, case-insensitive (systemd's and Docker's booleans).
pub fn truthy(value: &str) -> bool {
    matches!(
        value.trim().to_ascii_lowercase().as_str(),
        "true" | "yes" | "on" | "1"
    )
}

/// A parsed file of one of the new kinds.
#[derive(Debug, Clone, Default)]
pub struct RunsFile {
    pub runs: Vec<ContainerRun>,
    /// Comment ranges, sorted: `#` comments, or `//` comments in `devcontainer.json`.
    pub comments: Vec<TextRange>,
    pub errors: Vec<SyntaxError>,
}

/// Parse `text` as `kind` (one of [`FileKind::RUN_KINDS`]).
pub fn parse(kind: FileKind, text: &str) -> RunsFile {
    let mut file = match kind {
        FileKind::Devcontainer => devcontainer::parse(text),
        FileKind::Quadlet => quadlet::parse(text),
        FileKind::Shell => scripts::parse_shell(text),
        FileKind::Makefile => scripts::parse_makefile(text),
        FileKind::GithubActions => ci::parse_github(text),
        FileKind::GitlabCi => ci::parse_gitlab(text),
        FileKind::Dockerfile | FileKind::Compose | FileKind::Kubernetes | FileKind::Other => {
            RunsFile::default()
        }
    };
    file.comments.sort();
    file.comments.dedup();
    if !file.errors.is_empty() {
        // Missing settings may sit after the error.
        for run in &mut file.runs {
            run.open = true;
        }
    }
    file
}
