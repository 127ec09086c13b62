//! Kubernetes accessors over the YAML tree: objects, pod specs, containers, kubelet
//! configurations and `shipshape.dev/ignore` annotations.

use crate::text::TextRange;
use crate::yaml::{Node, YamlFile};

/// The annotation that suppresses rules on an object or a pod template:
/// `shipshape.dev/ignore: "SS101,SS301"`.
pub const IGNORE_ANNOTATION: &str = "shipshape.dev/ignore";

/// A Kubernetes object: a document (or `kind: List` item) with `apiVersion` and `kind`.
#[derive(Debug, Clone, Copy)]
pub struct Object<'a> {
    pub api_version: &'a str,
    pub kind: &'a str,
    pub name: Option<&'a str>,
    pub namespace: Option<&'a str>,
    pub node: &'a Node,
    /// Index of the YAML document holding it.
    pub document: usize,
}

impl<'a> Object<'a> {
    /// `Deployment/api` (or just `Deployment` without a name).
    pub fn label(&self) -> String {
        match self.name {
            Some(name) => format!("{}/{}", self.kind, name),
            None => self.kind.to_string(),
        }
    }

    pub fn metadata(&self) -> Option<&'a Node> {
        self.node.get("metadata")
    }

    pub fn annotations(&self) -> Option<&'a Node> {
        self.node.get_path(&["metadata", "annotations"])
    }

    /// The pod template of a workload (`spec.template`, `spec.jobTemplate.spec.template` for a
    /// CronJob, `template` for a PodTemplate); for any other kind (custom resources such as an
    /// Argo `Rollout`, a Knative `Service`, a KEDA `ScaledJob`), the first of `spec.template`,
    /// `spec.jobTemplate.spec.template`, `spec.jobTemplate.template` and
    /// `spec.jobTargetRef.template` that has the shape of a pod template ([`is_pod_template`]);
    /// `None` for a Pod and objects without one.
    pub fn pod_template(&self) -> Option<&'a Node> {
        match self.kind {
            "Deployment"
            | "ReplicaSet"
            | "StatefulSet"
            | "DaemonSet"
            | "Job"
            | "ReplicationController" => self.node.get_path(&["spec", "template"]),
            "CronJob" => self
                .node
                .get_path(&["spec", "jobTemplate", "spec", "template"]),
            "PodTemplate" => self.node.get("template"),
            "Pod" => None,
            _ if self.is_argo_workflow() || self.is_tekton() => None,
            _ => CUSTOM_TEMPLATE_PATHS
                .iter()
                .filter_map(|path| self.node.get_path(path))
                .find(|template| is_pod_template(template)),
        }
    }

    /// An Argo Workflows object holding `templates` (`Workflow`, `WorkflowTemplate`,
    /// `ClusterWorkflowTemplate`, `CronWorkflow`).
    pub fn is_argo_workflow(&self) -> bool {
        self.api_version.starts_with("argoproj.io/") && ARGO_WORKFLOW_KINDS.contains(&self.kind)
    }

    /// A Tekton object (`tekton.dev/*`): `Task`, `ClusterTask`, `Pipeline`, `TaskRun`,
    /// `PipelineRun` hold steps and sidecars.
    pub fn is_tekton(&self) -> bool {
        self.api_version.starts_with("tekton.dev/")
    }

    /// The pod spec: `spec` of a Pod, the template's `spec` of a workload.
    pub fn pod_spec(&self) -> Option<&'a Node> {
        let spec = match self.kind {
            "Pod" => self.node.get("spec"),
            _ => self.pod_template()?.get("spec"),
        }?;
        spec.is_mapping().then_some(spec)
    }

    /// The pod template's annotations (`None` for a Pod: its own annotations are the object's).
    pub fn template_annotations(&self) -> Option<&'a Node> {
        self.pod_template()?.get_path(&["metadata", "annotations"])
    }

    pub fn is_workload(&self) -> bool {
        WORKLOAD_KINDS.contains(&self.kind)
    }
}

/// Kinds that hold a pod spec.
pub const WORKLOAD_KINDS: &[&str] = &[
    "Pod",
    "Deployment",
    "ReplicaSet",
    "StatefulSet",
    "DaemonSet",
    "Job",
    "CronJob",
    "ReplicationController",
    "PodTemplate",
];

/// Where a custom resource of an unknown kind may hold a pod template, in order.
pub const CUSTOM_TEMPLATE_PATHS: &[&[&str]] = &[
    &["spec", "template"],
    &["spec", "jobTemplate", "spec", "template"],
    &["spec", "jobTemplate", "template"],
    &["spec", "jobTargetRef", "template"],
];

/// Argo Workflows kinds whose `templates` hold containers (`spec.templates`, or
/// `spec.workflowSpec.templates` for a `CronWorkflow`).
pub const ARGO_WORKFLOW_KINDS: &[&str] = &[
    "Workflow",
    "WorkflowTemplate",
    "ClusterWorkflowTemplate",
    "CronWorkflow",
];

/// Whether `node` has the shape of a pod template (`PodTemplateSpec`): a mapping whose `spec` is
/// a mapping with a non-empty `containers` sequence, every item of which is a mapping holding an
/// `image` or a `name`. This is how a custom resource's `spec.template` is recognised as a pod
/// template without knowing its kind.
pub fn is_pod_template(node: &Node) -> bool {
    let Some(containers) = node
        .get("spec")
        .filter(|spec| spec.is_mapping())
        .and_then(|spec| spec.get("containers"))
        .and_then(Node::as_sequence)
    else {
        return false;
    };
    !containers.items.is_empty()
        && containers.items.iter().all(|item| {
            item.is_mapping() && (item.get("image").is_some() || item.get("name").is_some())
        })
}

/// Which container list a container is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ContainerList {
    Containers,
    InitContainers,
    EphemeralContainers,
    /// An Argo Workflows template's `container` (its name is the template's).
    Template,
    /// An Argo Workflows template's `script` (its name is the template's).
    Script,
    /// `sidecars` of an Argo template or a Tekton task.
    Sidecars,
    /// `steps` of a Tekton task.
    Steps,
}

impl ContainerList {
    /// The lists of a pod spec.
    pub const ALL: [ContainerList; 3] = [
        ContainerList::Containers,
        ContainerList::InitContainers,
        ContainerList::EphemeralContainers,
    ];

    pub const fn key(self) -> &'static str {
        match self {
            ContainerList::Containers => "containers",
            ContainerList::InitContainers => "initContainers",
            ContainerList::EphemeralContainers => "ephemeralContainers",
            ContainerList::Template => "container",
            ContainerList::Script => "script",
            ContainerList::Sidecars => "sidecars",
            ContainerList::Steps => "steps",
        }
    }

    /// `container`, `init container`, `ephemeral container`, `template`, `script template`,
    /// `sidecar`, `step`, for labels.
    pub const fn noun(self) -> &'static str {
        match self {
            ContainerList::Containers => "container",
            ContainerList::InitContainers => "init container",
            ContainerList::EphemeralContainers => "ephemeral container",
            ContainerList::Template => "template",
            ContainerList::Script => "script template",
            ContainerList::Sidecars => "sidecar",
            ContainerList::Steps => "step",
        }
    }
}

/// Pod-level `securityContext` fields that containers inherit when they do not set them.
/// (`readOnlyRootFilesystem`, `capabilities`, `privileged` and `allowPrivilegeEscalation` are
/// container-only.)
pub const INHERITED_SECURITY_FIELDS: &[&str] = &[
    "runAsNonRoot",
    "runAsUser",
    "runAsGroup",
    "seLinuxOptions",
    "seccompProfile",
    "windowsOptions",
    "appArmorProfile",
];

/// One container of one workload.
#[derive(Debug, Clone, Copy)]
pub struct ContainerRef<'a> {
    pub object: Object<'a>,
    /// The container's `name`, when it has one.
    pub name: Option<&'a str>,
    pub list: ContainerList,
    /// The container's mapping.
    pub node: &'a Node,
    /// The list entry, from its `-` to the container's end: suppression comments go above it.
    pub entry_range: TextRange,
    /// The container's `securityContext`, when set.
    pub security_context: Option<&'a Node>,
    /// A container-level `securityContext` the container inherits field by field where its own
    /// does not set them: a Tekton `stepTemplate`'s, for steps.
    pub template_security_context: Option<&'a Node>,
    /// The pod spec holding the container: for Argo Workflows and Tekton, the spec that holds
    /// pod-level settings (`securityContext`, `os`) if any.
    pub pod_spec: &'a Node,
    /// The pod-level `securityContext`, when set.
    pub pod_security_context: Option<&'a Node>,
    /// The object's `metadata.annotations`.
    pub annotations: Option<&'a Node>,
    /// The pod template's `metadata.annotations`.
    pub template_annotations: Option<&'a Node>,
}

impl<'a> ContainerRef<'a> {
    /// `Deployment/api container app` (`init container`, `ephemeral container`; the index when
    /// the container has no name).
    pub fn label(&self) -> String {
        match self.name {
            Some(name) => format!("{} {} {}", self.object.label(), self.list.noun(), name),
            None => format!("{} {}", self.object.label(), self.list.noun()),
        }
    }

    /// Offset for suppression comments: the list entry's `-`.
    pub fn anchor(&self) -> usize {
        self.entry_range.start
    }

    /// Where a finding about something missing goes: the container's `name: app` entry, or the
    /// start of the list entry.
    pub fn key_range(&self) -> TextRange {
        match self.node.entry("name") {
            Some(entry) if !entry.merged && !entry.value.alias => entry.range(),
            // An empty range at the entry's start (one byte there could split a character).
            _ => TextRange::empty(self.entry_range.start),
        }
    }

    /// A field of the container's `securityContext` (or of the Tekton `stepTemplate`'s it
    /// inherits).
    pub fn security_field(&self, key: &str) -> Option<&'a Node> {
        self.security_context
            .and_then(|sc| sc.get(key))
            .or_else(|| self.template_security_context?.get(key))
    }

    /// A `securityContext` field with Kubernetes' inheritance: the container's value, else the
    /// pod's for the fields containers inherit ([`INHERITED_SECURITY_FIELDS`]).
    pub fn effective_security_field(&self, key: &str) -> Option<&'a Node> {
        self.security_field(key).or_else(|| {
            if INHERITED_SECURITY_FIELDS.contains(&key) {
                self.pod_security_context?.get(key)
            } else {
                None
            }
        })
    }

    /// Whether the pod runs on Windows (`spec.os.name: windows`), where Linux-only fields such as
    /// `readOnlyRootFilesystem` and `capabilities` do not apply.
    pub fn is_windows(&self) -> bool {
        self.pod_spec
            .get_path(&["os", "name"])
            .and_then(Node::as_str)
            .is_some_and(|os| os.eq_ignore_ascii_case("windows"))
    }

    /// The `capabilities.drop` entry (key and list) of the container's `securityContext`.
    pub fn capabilities_drop_entry(&self) -> Option<&'a crate::yaml::Entry> {
        self.security_context
            .and_then(|sc| sc.get("capabilities")?.entry("drop"))
            .or_else(|| {
                self.template_security_context?
                    .get("capabilities")?
                    .entry("drop")
            })
    }

    /// Whether a syntax error cut the container, its `securityContext` or its `capabilities`
    /// short: a setting missing from them may be in the part not parsed.
    pub fn cut_short(&self) -> bool {
        self.node.partial
            || self.security_context.is_some_and(|context| {
                context.partial || context.get("capabilities").is_some_and(|caps| caps.partial)
            })
    }

    /// `securityContext.capabilities.drop`.
    pub fn capabilities_drop(&self) -> Option<&'a Node> {
        self.capabilities_drop_entry().map(|entry| &entry.value)
    }

    /// The container's `env` entries.
    pub fn env(&self) -> Vec<KubeEnvVar<'a>> {
        let Some(env) = self.node.get("env") else {
            return Vec::new();
        };
        env.items()
            .filter_map(|item| {
                let name = item.entry("name")?;
                Some(KubeEnvVar {
                    name: name.value.as_str()?,
                    name_range: name.value.range,
                    value: item.get("value"),
                    value_from: item.get("valueFrom"),
                    node: item,
                })
            })
            .collect()
    }

    /// `securityContext.capabilities.add`.
    pub fn capabilities_add(&self) -> Option<&'a Node> {
        self.security_context
            .and_then(|sc| sc.get_path(&["capabilities", "add"]))
            .or_else(|| {
                self.template_security_context?
                    .get_path(&["capabilities", "add"])
            })
    }
}

/// One `env` entry of a container: `- name: X` with `value:` or `valueFrom:`.
#[derive(Debug, Clone, Copy)]
pub struct KubeEnvVar<'a> {
    pub name: &'a str,
    pub name_range: TextRange,
    /// `value:` (a literal), when set.
    pub value: Option<&'a Node>,
    /// `valueFrom:` (`secretKeyRef`, `configMapKeyRef`, `fieldRef`...), when set.
    pub value_from: Option<&'a Node>,
    /// The list item.
    pub node: &'a Node,
}

impl KubeEnvVar<'_> {
    /// `valueFrom.secretKeyRef`, when the value comes from a Secret.
    pub fn secret_key_ref(&self) -> Option<&Node> {
        self.value_from?.get("secretKeyRef")
    }
}

/// Every object of the file: each document's root mapping with `apiVersion` and `kind`, and the
/// `items` of a `kind: List` (or `*List`) instead of the list itself.
pub fn objects(file: &YamlFile) -> Vec<Object<'_>> {
    let mut out = Vec::new();
    for (index, document) in file.documents.iter().enumerate() {
        let Some(object) = object(&document.root, index) else {
            continue;
        };
        if object.kind == "List" || object.kind.ends_with("List") {
            if let Some(items) = object.node.get("items") {
                out.extend(items.items().filter_map(|item| self::object(item, index)));
            }
            continue;
        }
        out.push(object);
    }
    out
}

fn object(node: &Node, document: usize) -> Option<Object<'_>> {
    let api_version = node.get("apiVersion")?.as_str()?;
    let kind = node.get("kind")?.as_str()?;
    let metadata = node.get("metadata");
    Some(Object {
        api_version,
        kind,
        name: metadata.and_then(|m| m.get("name")).and_then(Node::as_str),
        namespace: metadata
            .and_then(|m| m.get("namespace"))
            .and_then(Node::as_str),
        node,
        document,
    })
}

/// Whether the document looks like a Kubernetes object.
pub fn is_kubernetes_root(root: &Node) -> bool {
    object(root, 0).is_some()
}

/// Every container (containers, initContainers, ephemeralContainers) of every workload.
pub fn containers(file: &YamlFile) -> Vec<ContainerRef<'_>> {
    let mut out = Vec::new();
    for object in objects(file) {
        out.extend(object_containers(object));
    }
    out
}

/// The containers of one object: a pod spec's `containers`, `initContainers` and
/// `ephemeralContainers` (built-in workloads, and custom resources with a pod template, see
/// [`Object::pod_template`]); the `container`, `script`, `containerSet.containers`,
/// `initContainers` and `sidecars` of each Argo Workflows template; the `steps` and `sidecars` of
/// a Tekton task (a `Task`'s spec, each `taskSpec` of a `Pipeline`, a `TaskRun`'s, a
/// `PipelineRun`'s `pipelineSpec`), with the task's `stepTemplate.securityContext` inherited.
pub fn object_containers(object: Object<'_>) -> Vec<ContainerRef<'_>> {
    let mut out = Vec::new();
    if object.is_argo_workflow() {
        argo_containers(object, &mut out);
        return out;
    }
    if object.is_tekton() {
        tekton_containers(object, &mut out);
        return out;
    }
    let Some(pod_spec) = object.pod_spec() else {
        return out;
    };
    let pod_security_context = pod_spec.get("securityContext").filter(|n| n.is_mapping());
    let base = ContainerBase {
        object,
        pod_spec,
        pod_security_context,
        template_security_context: None,
        annotations: object.annotations(),
        template_annotations: object.template_annotations(),
    };
    for list in ContainerList::ALL {
        base.push_list(pod_spec.get(list.key()), list, &mut out);
    }
    out
}

/// What the containers of one pod (or task, or template) share.
#[derive(Clone, Copy)]
struct ContainerBase<'a> {
    object: Object<'a>,
    pod_spec: &'a Node,
    pod_security_context: Option<&'a Node>,
    template_security_context: Option<&'a Node>,
    annotations: Option<&'a Node>,
    template_annotations: Option<&'a Node>,
}

impl<'a> ContainerBase<'a> {
    fn container(
        &self,
        item: &'a Node,
        entry_range: TextRange,
        list: ContainerList,
        name: Option<&'a str>,
    ) -> ContainerRef<'a> {
        ContainerRef {
            object: self.object,
            name: item.get("name").and_then(Node::as_str).or(name),
            list,
            node: item,
            entry_range: if item.alias { item.range } else { entry_range },
            security_context: item.get("securityContext").filter(|n| n.is_mapping()),
            template_security_context: self.template_security_context,
            pod_spec: self.pod_spec,
            pod_security_context: self.pod_security_context,
            annotations: self.annotations,
            template_annotations: self.template_annotations,
        }
    }

    /// Every mapping item of a container sequence.
    fn push_list(
        &self,
        list: Option<&'a Node>,
        kind: ContainerList,
        out: &mut Vec<ContainerRef<'a>>,
    ) {
        let Some(sequence) = list.and_then(Node::as_sequence) else {
            return;
        };
        for (item, entry_range) in sequence.items.iter().zip(&sequence.item_ranges) {
            if item.is_mapping() {
                out.push(self.container(item, *entry_range, kind, None));
            }
        }
    }
}

/// The containers of each template of an Argo Workflows object. A template's own
/// `securityContext` (a pod security context) wins over the workflow's `spec.securityContext`.
fn argo_containers<'a>(object: Object<'a>, out: &mut Vec<ContainerRef<'a>>) {
    let spec = match object.kind {
        "CronWorkflow" => object.node.get_path(&["spec", "workflowSpec"]),
        _ => object.node.get("spec"),
    };
    let Some(spec) = spec.filter(|spec| spec.is_mapping()) else {
        return;
    };
    let Some(templates) = spec.get("templates").and_then(Node::as_sequence) else {
        return;
    };
    let workflow_security = spec.get("securityContext").filter(|n| n.is_mapping());
    for template in templates.items.iter().filter(|t| t.is_mapping()) {
        let name = template.get("name").and_then(Node::as_str);
        let base = ContainerBase {
            object,
            pod_spec: spec,
            pod_security_context: template
                .get("securityContext")
                .filter(|n| n.is_mapping())
                .or(workflow_security),
            template_security_context: None,
            annotations: object.annotations(),
            template_annotations: template.get_path(&["metadata", "annotations"]),
        };
        base.push_list(
            template.get("initContainers"),
            ContainerList::InitContainers,
            out,
        );
        for list in [ContainerList::Template, ContainerList::Script] {
            if let Some(entry) = template.entry(list.key()) {
                if entry.value.is_mapping() && !entry.merged {
                    out.push(base.container(&entry.value, entry.range(), list, name));
                }
            }
        }
        base.push_list(
            template.get_path(&["containerSet", "containers"]),
            ContainerList::Containers,
            out,
        );
        base.push_list(template.get("sidecars"), ContainerList::Sidecars, out);
    }
}

/// The steps and sidecars of every task spec a Tekton object holds.
fn tekton_containers<'a>(object: Object<'a>, out: &mut Vec<ContainerRef<'a>>) {
    let Some(spec) = object.node.get("spec").filter(|spec| spec.is_mapping()) else {
        return;
    };
    let mut task_specs: Vec<&Node> = Vec::new();
    let pipeline_tasks = |pipeline: &'a Node, task_specs: &mut Vec<&'a Node>| {
        for key in ["tasks", "finally"] {
            for task in pipeline.get(key).into_iter().flat_map(Node::items) {
                if let Some(task_spec) = task.get("taskSpec") {
                    task_specs.push(task_spec);
                }
            }
        }
    };
    match object.kind {
        "Task" | "ClusterTask" => task_specs.push(spec),
        "TaskRun" => task_specs.extend(spec.get("taskSpec")),
        "Pipeline" => pipeline_tasks(spec, &mut task_specs),
        "PipelineRun" => {
            if let Some(pipeline) = spec.get("pipelineSpec") {
                pipeline_tasks(pipeline, &mut task_specs);
            }
        }
        _ => {}
    }
    for task_spec in task_specs.into_iter().filter(|t| t.is_mapping()) {
        let base = ContainerBase {
            object,
            pod_spec: task_spec,
            pod_security_context: None,
            template_security_context: task_spec
                .get_path(&["stepTemplate", "securityContext"])
                .filter(|n| n.is_mapping()),
            annotations: object.annotations(),
            template_annotations: None,
        };
        base.push_list(task_spec.get("steps"), ContainerList::Steps, out);
        // `stepTemplate` applies to steps only.
        let sidecars = ContainerBase {
            template_security_context: None,
            ..base
        };
        sidecars.push_list(task_spec.get("sidecars"), ContainerList::Sidecars, out);
    }
}

/// Every pod spec holding containers, once each, with its object: what pod-level fields
/// (`hostNetwork`, `volumes`) are read from. For Argo Workflows and Tekton, the spec that holds
/// the pod-level settings.
pub fn pod_specs(file: &YamlFile) -> Vec<(Object<'_>, &Node)> {
    let mut out: Vec<(Object<'_>, &Node)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for container in containers(file) {
        if seen.insert(container.pod_spec as *const Node) {
            out.push((container.object, container.pod_spec));
        }
    }
    out
}

/// `KubeletConfiguration` documents (read for `podPidsLimit`).
pub fn kubelet_configurations(file: &YamlFile) -> Vec<Object<'_>> {
    objects(file)
        .into_iter()
        .filter(|object| object.kind == "KubeletConfiguration")
        .collect()
}

/// A `shipshape.dev/ignore` annotation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IgnoreAnnotation {
    /// What it covers: the whole object (object metadata) or the pod template (template
    /// metadata).
    pub object_range: TextRange,
    /// The annotation's value, e.g. `SS101,SS301`.
    pub value: String,
    pub value_range: TextRange,
}

/// Every `shipshape.dev/ignore` annotation on objects and pod templates.
pub fn ignore_annotations(file: &YamlFile) -> Vec<IgnoreAnnotation> {
    let mut out = Vec::new();
    for object in objects(file) {
        let mut push = |annotations: Option<&Node>, range: TextRange| {
            if let Some(value) = annotations.and_then(|a| a.get(IGNORE_ANNOTATION)) {
                if let Some(text) = value.as_str() {
                    out.push(IgnoreAnnotation {
                        object_range: range,
                        value: text.to_string(),
                        value_range: value.range,
                    });
                }
            }
        };
        push(object.annotations(), object.node.range);
        if let Some(template) = object.pod_template() {
            push(object.template_annotations(), template.range);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::parse;

    const TEXT: &str = "apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
  namespace: ops
  annotations:
    shipshape.dev/ignore: \"SS101\"
spec:
  jobTemplate:
    spec:
      template:
        metadata:
          annotations:
            shipshape.dev/ignore: SS301
        spec:
          securityContext:
            runAsNonRoot: true
          initContainers:
            - name: init
              image: busybox
          containers:
            - name: job
              image: example/job
              securityContext:
                capabilities:
                  drop: [ALL]
---
apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Pod
    metadata: {name: p}
    spec:
      ephemeralContainers:
        - {name: dbg, image: busybox}
  - apiVersion: v1
    kind: ConfigMap
    metadata: {name: c}
---
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
podPidsLimit: 1024
";

    #[test]
    fn objects_containers_and_inheritance() {
        let file = parse(TEXT);
        let objects = objects(&file);
        let labels: Vec<_> = objects.iter().map(Object::label).collect();
        assert_eq!(
            labels,
            [
                "CronJob/nightly",
                "Pod/p",
                "ConfigMap/c",
                "KubeletConfiguration"
            ]
        );
        assert_eq!(objects[0].namespace, Some("ops"));
        let containers = containers(&file);
        let labels: Vec<_> = containers.iter().map(ContainerRef::label).collect();
        assert_eq!(
            labels,
            [
                "CronJob/nightly container job",
                "CronJob/nightly init container init",
                "Pod/p ephemeral container dbg"
            ]
        );
        let job = &containers[0];
        let entry = &TEXT[job.entry_range.start..job.entry_range.end];
        assert!(entry.starts_with("- name: job\n"), "{entry}");
        assert!(entry.ends_with("drop: [ALL]"), "{entry}");
        assert_eq!(
            &TEXT[job.key_range().start..job.key_range().end],
            "name: job"
        );
        assert!(job.capabilities_drop().is_some());
        assert_eq!(
            job.effective_security_field("runAsNonRoot")
                .and_then(Node::as_bool),
            Some(true)
        );
        assert!(job
            .effective_security_field("readOnlyRootFilesystem")
            .is_none());
        assert!(job.security_field("runAsNonRoot").is_none());
        assert_eq!(kubelet_configurations(&file).len(), 1);
        assert!(job.env().is_empty());
    }

    #[test]
    fn ignore_annotations_on_objects_and_templates() {
        let file = parse(TEXT);
        let annotations = ignore_annotations(&file);
        let values: Vec<_> = annotations.iter().map(|a| a.value.as_str()).collect();
        assert_eq!(values, ["SS101", "SS301"]);
        let object = annotations[0].object_range;
        assert_eq!(object.start, 0);
        assert!(TEXT[object.start..object.end].ends_with("drop: [ALL]"));
        let template = annotations[1].object_range;
        assert!(TEXT[template.start..template.end].starts_with("metadata:"));
        assert_eq!(
            &TEXT[annotations[0].value_range.start..annotations[0].value_range.end],
            "\"SS101\""
        );
    }
}

#[cfg(test)]
mod env_tests {
    use super::*;
    use crate::yaml::parse;

    #[test]
    fn env_values_and_secret_refs() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      env:\n        - name: DB_PASSWORD\n          value: hunter2\n        - name: TOKEN\n          valueFrom:\n            secretKeyRef: {name: s, key: token}\n";
        let file = parse(text);
        let containers = containers(&file);
        let env = containers[0].env();
        assert_eq!(env.len(), 2);
        assert_eq!(env[0].name, "DB_PASSWORD");
        assert_eq!(
            &text[env[0].name_range.start..env[0].name_range.end],
            "DB_PASSWORD"
        );
        assert_eq!(env[0].value.and_then(Node::as_str), Some("hunter2"));
        assert!(env[1].secret_key_ref().is_some());
        assert!(env[1].value.is_none());
    }
}
