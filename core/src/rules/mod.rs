//! One rule, one file. Each file declares its rule and holds its checks per file kind.

pub mod build_tools_in_final_stage;
pub mod capabilities_not_dropped;
pub mod capability_added_without_drop;
pub mod confinement_disabled;
pub mod copy_from_unknown_stage;
pub mod dangerous_capability_added;
pub mod hardcoded_credential;
pub mod host_namespace_shared;
pub mod invalid_suppression;
pub mod net_raw_not_dropped;
pub mod parse_error;
pub mod pids_limit_missing;
pub mod pids_limit_unbounded;
pub mod privilege_escalation_allowed;
pub mod privileged_container;
pub mod read_only_root_filesystem;
pub mod runtime_socket_mounted;
pub mod secret_file_in_image;
pub mod secret_in_command_line;
pub mod secret_in_environment;
pub mod secret_in_manifest;
pub mod single_stage_build;
pub mod unused_suppression;

pub use build_tools_in_final_stage::BuildToolsInFinalStage;
pub use capabilities_not_dropped::CapabilitiesNotDropped;
pub use capability_added_without_drop::CapabilityAddedWithoutDrop;
pub use confinement_disabled::ConfinementDisabled;
pub use copy_from_unknown_stage::CopyFromUnknownStage;
pub use dangerous_capability_added::DangerousCapabilityAdded;
pub use hardcoded_credential::HardcodedCredential;
pub use host_namespace_shared::HostNamespaceShared;
pub use invalid_suppression::InvalidSuppression;
pub use net_raw_not_dropped::NetRawNotDropped;
pub use parse_error::ParseError;
pub use pids_limit_missing::PidsLimitMissing;
pub use pids_limit_unbounded::PidsLimitUnbounded;
pub use privilege_escalation_allowed::PrivilegeEscalationAllowed;
pub use privileged_container::PrivilegedContainer;
pub use read_only_root_filesystem::ReadOnlyRootFilesystem;
pub use runtime_socket_mounted::RuntimeSocketMounted;
pub use secret_file_in_image::SecretFileInImage;
pub use secret_in_command_line::SecretInCommandLine;
pub use secret_in_environment::SecretInEnvironment;
pub use secret_in_manifest::SecretInManifest;
pub use single_stage_build::SingleStageBuild;
pub use unused_suppression::UnusedSuppression;

use crate::checker::Checker;
use crate::dockerfile::Dockerfile;
use crate::yaml::YamlFile;

pub(crate) fn check_dockerfile(dockerfile: &Dockerfile, checker: &mut Checker) {
    single_stage_build::check_dockerfile(dockerfile, checker);
    build_tools_in_final_stage::check_dockerfile(dockerfile, checker);
    copy_from_unknown_stage::check_dockerfile(dockerfile, checker);
    privileged_container::check_dockerfile(dockerfile, checker);
    secret_in_environment::check_dockerfile(dockerfile, checker);
    secret_file_in_image::check_dockerfile(dockerfile, checker);
    secret_in_command_line::check_dockerfile(dockerfile, checker);
}

pub(crate) fn check_compose(file: &YamlFile, checker: &mut Checker) {
    read_only_root_filesystem::check_compose(file, checker);
    capabilities_not_dropped::check_compose(file, checker);
    net_raw_not_dropped::check_compose(file, checker);
    privileged_container::check_compose(file, checker);
    dangerous_capability_added::check_compose(file, checker);
    capability_added_without_drop::check_compose(file, checker);
    privilege_escalation_allowed::check_compose(file, checker);
    host_namespace_shared::check_compose(file, checker);
    runtime_socket_mounted::check_compose(file, checker);
    confinement_disabled::check_compose(file, checker);
    secret_in_environment::check_compose(file, checker);
    secret_in_manifest::check_compose(file, checker);
    secret_in_command_line::check_compose(file, checker);
    pids_limit_missing::check_compose(file, checker);
    pids_limit_unbounded::check_compose(file, checker);
}

pub(crate) fn check_kubernetes(file: &YamlFile, checker: &mut Checker) {
    read_only_root_filesystem::check_kubernetes(file, checker);
    capabilities_not_dropped::check_kubernetes(file, checker);
    net_raw_not_dropped::check_kubernetes(file, checker);
    privileged_container::check_kubernetes(file, checker);
    dangerous_capability_added::check_kubernetes(file, checker);
    capability_added_without_drop::check_kubernetes(file, checker);
    privilege_escalation_allowed::check_kubernetes(file, checker);
    host_namespace_shared::check_kubernetes(file, checker);
    runtime_socket_mounted::check_kubernetes(file, checker);
    confinement_disabled::check_kubernetes(file, checker);
    secret_in_environment::check_kubernetes(file, checker);
    secret_in_manifest::check_kubernetes(file, checker);
    secret_in_command_line::check_kubernetes(file, checker);
    pids_limit_missing::check_kubernetes(file, checker);
    pids_limit_unbounded::check_kubernetes(file, checker);
}
