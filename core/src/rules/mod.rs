//! One rule, one file. Each file declares its rule (`declare_rule!`) and holds its checks per
//! file kind; the table at the end of this file registers it.
//!
//! Adding a rule: create `<snake_name>.rs`, add `mod <snake_name>;` below, and one line to the
//! [`rules!`] table (in code order) naming the kinds it runs on. The table produces the registry
//! ([`crate::registry::RULES`]) and the per-kind dispatch; a test in the registry checks that the
//! kinds a rule declares are the kinds it is dispatched on.

pub(crate) mod build_tools_in_final_stage;
pub(crate) mod capabilities_not_dropped;
pub(crate) mod capability_added_without_drop;
pub(crate) mod confinement_disabled;
pub(crate) mod copy_from_unknown_stage;
pub(crate) mod dangerous_capability_added;
pub(crate) mod hardcoded_credential;
pub(crate) mod host_namespace_shared;
pub(crate) mod invalid_suppression;
pub(crate) mod net_raw_not_dropped;
pub(crate) mod parse_error;
pub(crate) mod pids_limit_missing;
pub(crate) mod pids_limit_unbounded;
pub(crate) mod privilege_escalation_allowed;
pub(crate) mod privileged_container;
pub(crate) mod read_only_root_filesystem;
pub(crate) mod runtime_socket_mounted;
pub(crate) mod secret_file_in_image;
pub(crate) mod secret_in_command_line;
pub(crate) mod secret_in_environment;
pub(crate) mod secret_in_manifest;
pub(crate) mod single_stage_build;
pub(crate) mod unused_suppression;

use crate::checker::Checker;
use crate::dockerfile::Dockerfile;
use crate::rule::{Rule, RuleMeta};
use crate::runs::RunsFile;
use crate::yaml::YamlFile;

/// A parsed document, as the rules of its kind read it.
#[derive(Clone, Copy)]
pub(crate) enum Parsed<'a> {
    Dockerfile(&'a Dockerfile),
    Compose(&'a YamlFile),
    Kubernetes(&'a YamlFile),
    /// Any kind of SPEC 2b: its containers, read into one model.
    Runs(&'a RunsFile),
}

impl Parsed<'_> {
    /// The comments' ranges, in order: text checks read the data, not the comments.
    pub(crate) fn comments(&self) -> &[crate::text::TextRange] {
        match self {
            Parsed::Dockerfile(dockerfile) => &dockerfile.comments,
            Parsed::Compose(file) | Parsed::Kubernetes(file) => &file.comments,
            Parsed::Runs(file) => &file.comments,
        }
    }
}

/// Call one rule's check for one kind, if the document is of that kind. `text` checks run on the
/// raw text of every parsed document.
macro_rules! dispatch {
    (dockerfile, $module:ident, $parsed:expr, $checker:expr) => {
        if let Parsed::Dockerfile(dockerfile) = $parsed {
            $module::check_dockerfile(dockerfile, $checker);
        }
    };
    (compose, $module:ident, $parsed:expr, $checker:expr) => {
        if let Parsed::Compose(file) = $parsed {
            $module::check_compose(file, $checker);
        }
    };
    (kubernetes, $module:ident, $parsed:expr, $checker:expr) => {
        if let Parsed::Kubernetes(file) = $parsed {
            $module::check_kubernetes(file, $checker);
        }
    };
    (runs, $module:ident, $parsed:expr, $checker:expr) => {
        if let Parsed::Runs(file) = $parsed {
            $module::check_runs(&file.runs, $checker);
        }
    };
    (text, $module:ident, $parsed:expr, $checker:expr) => {
        $module::check_text($checker, $parsed.comments());
    };
}

/// The file kinds a dispatch keyword stands for.
#[cfg(test)]
macro_rules! dispatch_kinds {
    (dockerfile) => {
        &[crate::FileKind::Dockerfile]
    };
    (compose) => {
        &[crate::FileKind::Compose]
    };
    (kubernetes) => {
        &[crate::FileKind::Kubernetes]
    };
    (runs) => {
        crate::FileKind::RUN_KINDS
    };
    (text) => {
        &[
            crate::FileKind::Dockerfile,
            crate::FileKind::Compose,
            crate::FileKind::Kubernetes,
            crate::FileKind::Devcontainer,
            crate::FileKind::Quadlet,
            crate::FileKind::Shell,
            crate::FileKind::Makefile,
            crate::FileKind::GithubActions,
            crate::FileKind::GitlabCi,
        ]
    };
}

/// The rule table: `module::Struct => [kinds it is checked on]`, ordered by code. Rules with no
/// kinds are reported by the core itself (parse errors, suppression problems).
macro_rules! rules {
    ($($module:ident :: $rule:ident => [$($kind:ident),* $(,)?]),* $(,)?) => {
        $(pub use $module::$rule;)*

        /// Every rule's metadata, ordered by code.
        pub(crate) static ALL: &[RuleMeta] = &[$(<$rule as Rule>::META),*];

        /// Run every rule registered for the document's kind, in code order.
        pub(crate) fn check(parsed: Parsed<'_>, checker: &mut Checker) {
            $($(dispatch!($kind, $module, parsed, checker);)*)*
        }

        /// Each rule's code with the kinds it is dispatched on (for the registry's tests).
        #[cfg(test)]
        pub(crate) static DISPATCH: &[(&str, &[&[crate::FileKind]])] =
            &[$((<$rule as Rule>::META.code, &[$(dispatch_kinds!($kind)),*])),*];
    };
}

rules! {
    parse_error::ParseError => [],
    invalid_suppression::InvalidSuppression => [],
    unused_suppression::UnusedSuppression => [],
    read_only_root_filesystem::ReadOnlyRootFilesystem => [compose, kubernetes, runs],
    single_stage_build::SingleStageBuild => [dockerfile],
    build_tools_in_final_stage::BuildToolsInFinalStage => [dockerfile],
    copy_from_unknown_stage::CopyFromUnknownStage => [dockerfile],
    capabilities_not_dropped::CapabilitiesNotDropped => [compose, kubernetes, runs],
    net_raw_not_dropped::NetRawNotDropped => [compose, kubernetes, runs],
    privileged_container::PrivilegedContainer => [dockerfile, compose, kubernetes, runs],
    dangerous_capability_added::DangerousCapabilityAdded => [compose, kubernetes, runs],
    capability_added_without_drop::CapabilityAddedWithoutDrop => [compose, kubernetes, runs],
    privilege_escalation_allowed::PrivilegeEscalationAllowed => [compose, kubernetes, runs],
    host_namespace_shared::HostNamespaceShared => [compose, kubernetes, runs],
    runtime_socket_mounted::RuntimeSocketMounted => [compose, kubernetes, runs],
    confinement_disabled::ConfinementDisabled => [compose, kubernetes, runs],
    secret_in_environment::SecretInEnvironment => [dockerfile, compose, kubernetes, runs],
    secret_file_in_image::SecretFileInImage => [dockerfile],
    hardcoded_credential::HardcodedCredential => [text],
    secret_in_manifest::SecretInManifest => [compose, kubernetes],
    secret_in_command_line::SecretInCommandLine => [dockerfile, compose, kubernetes],
    pids_limit_missing::PidsLimitMissing => [compose, kubernetes, runs],
    pids_limit_unbounded::PidsLimitUnbounded => [compose, kubernetes, runs],
}

/// `service web` → `Service web`, for the start of a message.
pub(crate) fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
