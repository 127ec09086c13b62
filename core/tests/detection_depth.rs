//! Detection depth (issue 12): files no longer skipped as Helm templates, containers embedded in
//! custom resources, Compose recognised by what its services hold, and the corpus read by an
//! independent YAML parser (Python's PyYAML) producing no SS000.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use shipshape_core::kubernetes::{containers, ContainerRef};
use shipshape_core::{check, yaml, Config, Document, EnvFile, FileKind, Finding};

fn codes(findings: &[Finding]) -> Vec<(&str, usize)> {
    findings
        .iter()
        .map(|f| (f.code.as_str(), f.range.start))
        .collect()
}

fn labels(text: &str) -> Vec<String> {
    let file = yaml::parse(text);
    containers(&file).iter().map(ContainerRef::label).collect()
}

const ARGO: &str = r#"apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: hello-
spec:
  entrypoint: main
  templates:
    - name: main
      inputs:
        parameters:
          - name: message
      container:
        image: busybox
        command: [echo, "{{inputs.parameters.message}}"]
    - name: gen
      script:
        image: python:3.12
        source: |
          print("{{workflow.name}}")
      sidecars:
        - name: cache
          image: redis:7
    - name: set
      containerSet:
        containers:
          - name: a
            image: alpine
      initContainers:
        - name: prep
          image: alpine
"#;

#[test]
fn valid_yaml_with_braces_is_checked_not_skipped() {
    let document = Document::new("workflow.yaml", ARGO, FileKind::Kubernetes);
    let findings = check(&document, &Config::default());
    assert!(
        findings.iter().all(|f| f.code != "SS000"),
        "{:?}",
        codes(&findings)
    );
    // The `container` template is read: no read-only root, no drop, escalation allowed.
    let at = ARGO.find("container:\n").unwrap_or_default();
    let on_main: Vec<&str> = findings
        .iter()
        .filter(|f| f.object.as_deref() == Some("Workflow template main"))
        .map(|f| f.code.as_str())
        .collect();
    assert_eq!(
        on_main,
        ["SS101", "SS301", "SS404"],
        "{:?} at {at}",
        codes(&findings)
    );
    // A kustomize component with `{{PROJECT_ID}}` inside a shell string.
    let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: gcr.io/x/y\n      command: [\"sh\", \"-c\", \"gsutil cp gs://{{PROJECT_ID}}/a .\"]\n";
    let findings = check(
        &Document::new("p.yaml", text, FileKind::Kubernetes),
        &Config::default(),
    );
    assert!(findings.iter().all(|f| f.code != "SS000"));
    assert!(findings.iter().any(|f| f.code == "SS101"));
}

#[test]
fn templates_are_still_skipped() {
    let skipped = |document: Document| {
        let findings = check(&document, &Config::default());
        findings.len() == 1 && findings[0].message.contains("Helm template")
    };
    // Does not parse as YAML.
    let broken = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}\n{{- if .Values.x }}\nspec: {}\n{{- end }}\n";
    assert!(skipped(Document::new(
        "pod.yaml",
        broken,
        FileKind::Kubernetes
    )));
    // Parses, but only as a mapping used as a key: `{{TOKEN}}` unquoted.
    let keyed =
        "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData:\n  token: {{HF_TOKEN}}\n";
    assert!(skipped(Document::new(
        "s.yaml",
        keyed,
        FileKind::Kubernetes
    )));
    // Valid YAML in a chart's `templates/`: a template when the caller found the Chart.yaml.
    let quoted = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \"{{ .Release.Name }}\"\n";
    let path = "chart/templates/cm.yaml";
    assert!(skipped(
        Document::new(path, quoted, FileKind::Kubernetes).with_helm_chart(true)
    ));
    assert!(!skipped(Document::new(path, quoted, FileKind::Kubernetes)));
    // Without any `{{`, a chart's file is plain YAML and checked.
    let plain = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n";
    assert!(!skipped(
        Document::new(path, plain, FileKind::Kubernetes).with_helm_chart(true)
    ));
}

#[test]
fn argo_workflow_containers() {
    assert_eq!(
        labels(ARGO),
        [
            "Workflow template main",
            "Workflow script template gen",
            "Workflow sidecar cache",
            "Workflow init container prep",
            "Workflow container a",
        ]
    );
    let cron = ARGO
        .replace("kind: Workflow", "kind: CronWorkflow")
        .replace(
            "spec:\n  entrypoint",
            "spec:\n  schedule: '0 * * * *'\n  workflowSpec:\n   entrypoint",
        )
        .replace("\n  templates:", "\n   templates:");
    // Re-indenting by one space keeps the templates under workflowSpec.
    let cron = cron.replace("\n    ", "\n     ");
    assert_eq!(labels(&cron).len(), 5, "{cron}");
}

#[test]
fn tekton_steps_inherit_the_step_template() {
    let text = r#"apiVersion: tekton.dev/v1
kind: Task
metadata:
  name: build
spec:
  stepTemplate:
    securityContext:
      readOnlyRootFilesystem: true
      allowPrivilegeEscalation: false
      capabilities:
        drop: [ALL]
  steps:
    - name: compile
      image: golang:1.22
    - name: push
      image: gcr.io/kaniko-project/executor
      securityContext:
        privileged: true
  sidecars:
    - name: registry
      image: registry:2
---
apiVersion: tekton.dev/v1
kind: Pipeline
metadata:
  name: p
spec:
  tasks:
    - name: inline
      taskSpec:
        steps:
          - name: say
            image: alpine
  finally:
    - name: cleanup
      taskRef: {name: cleanup}
"#;
    assert_eq!(
        labels(text),
        [
            "Task/build step compile",
            "Task/build step push",
            "Task/build sidecar registry",
            "Pipeline/p step say",
        ]
    );
    let findings = check(
        &Document::new("t.yaml", text, FileKind::Kubernetes),
        &Config::default(),
    );
    let of = |object: &str| -> Vec<&str> {
        findings
            .iter()
            .filter(|f| f.object.as_deref() == Some(object))
            .map(|f| f.code.as_str())
            .collect()
    };
    // The step template's settings hold for the steps, not for the sidecar.
    assert_eq!(of("Task/build step compile"), Vec::<&str>::new());
    // SS404 (a privileged step always escalates) is folded into SS401.
    assert_eq!(of("Task/build step push"), ["SS401"]);
    assert_eq!(
        of("Task/build sidecar registry"),
        ["SS101", "SS301", "SS404"]
    );
}

#[test]
fn pod_templates_of_custom_resources() {
    let text = r#"apiVersion: serving.knative.dev/v1
kind: Service
metadata:
  name: hello
spec:
  template:
    spec:
      containers:
        - image: ghcr.io/knative/helloworld-go
---
apiVersion: keda.sh/v1alpha1
kind: ScaledJob
metadata:
  name: worker
spec:
  jobTargetRef:
    template:
      spec:
        containers:
          - name: worker
            image: example/worker
---
apiVersion: widgets.example.com/v1
kind: Gizmo
metadata:
  name: never-named
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: g
              image: example/gizmo
---
apiVersion: widgets.example.com/v1
kind: Doohickey
metadata:
  name: not-a-pod
spec:
  template:
    spec:
      containers: 3
---
apiVersion: widgets.example.com/v1
kind: Thing
metadata:
  name: no-template
spec:
  template:
    name: x
"#;
    assert_eq!(
        labels(text),
        [
            "Service/hello container",
            "ScaledJob/worker container worker",
            "Gizmo/never-named container g",
        ]
    );
}

#[test]
fn compose_is_recognised_by_its_service_keys() {
    let rancher = "version: '2'\nservices:\n  web:\n    scale: 3\n    health_check:\n      port: 8080\n      interval: 2000\n";
    assert_eq!(
        FileKind::detect("rancher-compose.yml", rancher),
        FileKind::Other
    );
    let compose = "services:\n  web:\n    image: nginx\n    scale: 3\n";
    assert_eq!(FileKind::detect("stack.yml", compose), FileKind::Compose);
}

// ---- the corpus and an independent YAML parser ----

#[path = "support/corpus.rs"]
mod corpus;

/// Files of the corpus that PyYAML (`yaml.safe_load_all`, Python's independent YAML parser)
/// reads without error; `Err` saying what is missing when python3 or PyYAML is.
fn read_by_pyyaml(root: &Path) -> Result<Vec<PathBuf>, String> {
    // Asked first, apart from the walk, so that a missing module is told from a failing script.
    let import = Command::new("python3")
        .args(["-c", "import yaml"])
        .output()
        .map_err(|error| format!("python3 cannot be run ({error})"))?;
    if !import.status.success() {
        // The last line of the traceback says why (`ModuleNotFoundError: No module named 'yaml'`).
        let stderr = String::from_utf8_lossy(&import.stderr);
        let why = stderr
            .lines()
            .rev()
            .find(|line| !line.trim().is_empty())
            .map_or_else(|| import.status.to_string(), |line| line.trim().to_string());
        return Err(format!("python3 cannot import yaml (PyYAML): {why}"));
    }
    let script = r#"
import os, sys, yaml
root = sys.argv[1]
for base, dirs, files in os.walk(root):
    dirs.sort()
    for name in sorted(files):
        if not name.endswith(('.yaml', '.yml')):
            continue
        path = os.path.join(base, name)
        try:
            with open(path, encoding='utf-8') as f:
                list(yaml.safe_load_all(f))
            print(path)
        except Exception:
            pass
"#;
    let output = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(root)
        .output()
        .map_err(|error| format!("python3 cannot be run ({error})"))?;
    if !output.status.success() {
        // Not a missing tool: the comparison itself broke, which is a failure everywhere.
        panic!(
            "the PyYAML walk of {} failed: {}",
            root.display(),
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    let text = String::from_utf8(output.stdout).unwrap_or_else(|error| {
        panic!("the PyYAML walk printed a path that is not UTF-8: {error}")
    });
    Ok(text.lines().map(PathBuf::from).collect())
}

#[test]
fn no_parse_error_on_a_file_pyyaml_reads() {
    let Some(corpus) = corpus::open(&["compose", "k8s"]) else {
        return;
    };
    let files = match read_by_pyyaml(&corpus.root) {
        Ok(files) => files,
        Err(missing) => {
            // CI must compare, not skip: without PyYAML this test would pass having read nothing.
            assert!(
                !corpus::required(),
                "SHIPSHAPE_REQUIRE_CORPUS is set but {missing}; install python3-yaml \
                 (Debian: apt-get install python3-yaml; elsewhere: pip install PyYAML)"
            );
            eprintln!(
                "note: PyYAML comparison skipped: {missing} (install python3-yaml; SHIPSHAPE_REQUIRE_CORPUS=1 makes this a failure)"
            );
            return;
        }
    };
    let config = Config::default();
    let mut failures = Vec::new();
    let mut read_per_folder: BTreeMap<String, usize> = BTreeMap::new();
    for path in &files {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let folder = path
            .strip_prefix(&corpus.root)
            .ok()
            .and_then(|relative| relative.iter().next())
            .map(|folder| folder.to_string_lossy().into_owned())
            .unwrap_or_default();
        *read_per_folder.entry(folder).or_default() += 1;
        let name = path.to_string_lossy();
        let document = Document::detect(&name, &text);
        if document.kind == FileKind::Other {
            // Not a container definition (kustomization.yaml, rancher-compose.yml): its one
            // info SS000 says so, and is not a parse error.
            continue;
        }
        for finding in check(&document, &config) {
            if finding.code == "SS000" {
                failures.push(format!("{name}: {}", finding.message));
            }
        }
    }
    eprintln!("files PyYAML reads and we check, per folder: {read_per_folder:?}");
    for folder in ["compose", "k8s"] {
        let read = read_per_folder.get(folder).copied().unwrap_or(0);
        corpus.assert_files_read("no_parse_error_on_a_file_pyyaml_reads", folder, read);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ---- `${VAR}` in `read_only`, `privileged` and `cap_drop`, and the `.env` beside the file ----

/// `line:col-line:col severity message` for each finding of `code`, the document carrying
/// `variables` as the workspace layer hands them over.
fn with_variables(text: &str, variables: Option<&EnvFile>, code: &str) -> Vec<String> {
    let document = Document::new("compose.yaml", text, FileKind::Compose).with_variables(variables);
    let lines = shipshape_core::LineIndex::new(text);
    check(&document, &Config::default())
        .into_iter()
        .filter(|finding| finding.code == code)
        .map(|finding| {
            let start = lines.line_column(text, finding.range.start);
            let end = lines.line_column(text, finding.range.end);
            format!(
                "{}:{}-{}:{} {} {}",
                start.line, start.column, end.line, end.column, finding.severity, finding.message
            )
        })
        .collect()
}

fn dot_env(text: &str) -> EnvFile {
    EnvFile::parse(".env", false, text)
}

fn example(text: &str) -> EnvFile {
    EnvFile::parse(".env.example", true, text)
}

const READ_ONLY_HINT: &str = "info Service `web` takes `read_only` from a variable, so whether its root filesystem is read-only is decided outside the file; make sure the value given is `true`";

#[test]
fn ss101_read_only_from_a_variable() {
    let text = "services:\n  web:\n    image: x\n    read_only: ${READ_ONLY}\n";
    // Nothing gives a value: the hint.
    assert_eq!(
        with_variables(text, None, "SS101"),
        [format!("4:16-4:28 {READ_ONLY_HINT}")]
    );
    // A `.env` that does not set it changes nothing.
    assert_eq!(
        with_variables(text, Some(&dot_env("OTHER=1\n")), "SS101"),
        [format!("4:16-4:28 {READ_ONLY_HINT}")]
    );
    // The default is `true`: quiet, with or without a `.env` that leaves it unset.
    let defaulted = "services:\n  web:\n    image: x\n    read_only: ${READ_ONLY:-true}\n";
    assert_eq!(
        with_variables(defaulted, None, "SS101"),
        Vec::<String>::new()
    );
    assert_eq!(
        with_variables(defaulted, Some(&dot_env("OTHER=1\n")), "SS101"),
        Vec::<String>::new()
    );
    // `.env` decides: `false` is the normal warning, naming the variable and the file.
    assert_eq!(
        with_variables(text, Some(&dot_env("READ_ONLY=false\n")), "SS101"),
        ["4:16-4:28 warning Service `web` takes `read_only` from a variable and `.env` sets `READ_ONLY=false`, so its root filesystem is writable"]
    );
    assert_eq!(
        with_variables(defaulted, Some(&dot_env("export READ_ONLY='no'\n")), "SS101"),
        ["4:16-4:34 warning Service `web` takes `read_only` from a variable and `.env` sets `READ_ONLY=no`, so its root filesystem is writable"]
    );
    assert_eq!(
        with_variables(text, Some(&dot_env("READ_ONLY=true\n")), "SS101"),
        Vec::<String>::new()
    );
    // An example file, when there is no `.env`: said so.
    assert_eq!(
        with_variables(text, Some(&example("READ_ONLY=false # for development\n")), "SS101"),
        ["4:16-4:28 warning Service `web` takes `read_only` from a variable and `.env.example` sets `READ_ONLY=false` (an example file: there is no `.env` beside the compose file), so its root filesystem is writable"]
    );
    assert_eq!(
        with_variables(text, Some(&example("READ_ONLY=TRUE\n")), "SS101"),
        Vec::<String>::new()
    );
    // A value that is no boolean (Compose rejects it) is never printed: the hint stays.
    assert_eq!(
        with_variables(text, Some(&dot_env("READ_ONLY=hunter2\n")), "SS101"),
        [format!("4:16-4:28 {READ_ONLY_HINT}")]
    );
}

const PRIVILEGED_HINT: &str = "info Service web takes `privileged` from a variable, so whether it runs privileged is decided outside the file; make sure the value given is `false`";

#[test]
fn ss401_privileged_from_a_variable() {
    let text = "services:\n  web:\n    image: x\n    privileged: ${PRIVILEGED}\n";
    assert_eq!(
        with_variables(text, None, "SS401"),
        [format!("4:17-4:30 {PRIVILEGED_HINT}")]
    );
    // `$NAME` without braces is interpolation too.
    assert_eq!(
        with_variables(
            "services:\n  web:\n    image: x\n    privileged: $PRIVILEGED\n",
            None,
            "SS401"
        ),
        [format!("4:17-4:28 {PRIVILEGED_HINT}")]
    );
    // The default is `false`: quiet; a default of `true` is still only known to be the default.
    let defaulted = "services:\n  web:\n    image: x\n    privileged: \"${PRIVILEGED:-false}\"\n";
    assert_eq!(
        with_variables(defaulted, None, "SS401"),
        Vec::<String>::new()
    );
    assert_eq!(
        with_variables(
            "services:\n  web:\n    image: x\n    privileged: ${PRIVILEGED-true}\n",
            None,
            "SS401"
        ),
        [format!("4:17-4:35 {PRIVILEGED_HINT}")]
    );
    // `.env` decides: `true` is the normal error.
    assert_eq!(
        with_variables(text, Some(&dot_env("PRIVILEGED=true\n")), "SS401"),
        ["4:17-4:30 error Service web runs privileged: it takes `privileged` from a variable and `.env` sets `PRIVILEGED=true`; grant only the single capability it needs instead"]
    );
    assert_eq!(
        with_variables(defaulted, Some(&dot_env("PRIVILEGED=\"on\"\n")), "SS401"),
        ["4:17-4:39 error Service web runs privileged: it takes `privileged` from a variable and `.env` sets `PRIVILEGED=on`; grant only the single capability it needs instead"]
    );
    assert_eq!(
        with_variables(text, Some(&dot_env("PRIVILEGED=false\n")), "SS401"),
        Vec::<String>::new()
    );
    // An example file.
    assert_eq!(
        with_variables(text, Some(&example("PRIVILEGED: true\n")), "SS401"),
        ["4:17-4:30 error Service web runs privileged: it takes `privileged` from a variable and `.env.example` sets `PRIVILEGED=true` (an example file: there is no `.env` beside the compose file); grant only the single capability it needs instead"]
    );
    // `build.privileged` the same way.
    let build =
        "services:\n  web:\n    build:\n      context: .\n      privileged: ${BUILD_PRIVILEGED}\n";
    assert_eq!(
        with_variables(build, None, "SS401"),
        ["5:19-5:38 info The build of service web takes `build.privileged` from a variable, so whether it runs privileged is decided outside the file; make sure the value given is `false`"]
    );
    assert_eq!(
        with_variables(build, Some(&dot_env("BUILD_PRIVILEGED=yes\n")), "SS401"),
        ["5:19-5:38 error The build of service web runs privileged: it takes `build.privileged` from a variable and `.env` sets `BUILD_PRIVILEGED=yes`; grant only the single capability it needs instead"]
    );
}

const CAP_DROP_HINT: &str = "info Service `web` takes `cap_drop` from a variable, so whether it drops `ALL` capabilities is decided outside the file; make sure the value given is `ALL`";

#[test]
fn ss301_cap_drop_from_a_variable() {
    let scalar = "services:\n  web:\n    image: x\n    cap_drop: ${CAPS}\n";
    let item = "services:\n  web:\n    image: x\n    cap_drop: [\"${DROP}\"]\n";
    assert_eq!(
        with_variables(scalar, None, "SS301"),
        [format!("4:15-4:22 {CAP_DROP_HINT}")]
    );
    assert_eq!(
        with_variables(item, None, "SS301"),
        [format!("4:16-4:25 {CAP_DROP_HINT}")]
    );
    // The default is `ALL`: quiet.
    assert_eq!(
        with_variables(
            "services:\n  web:\n    image: x\n    cap_drop:\n      - ${DROP:-all}\n",
            None,
            "SS301"
        ),
        Vec::<String>::new()
    );
    // `.env` decides.
    assert_eq!(
        with_variables(scalar, Some(&dot_env("CAPS=ALL\n")), "SS301"),
        Vec::<String>::new()
    );
    assert_eq!(
        with_variables(item, Some(&dot_env("DROP=cap_net_raw\n")), "SS301"),
        ["4:5-4:13 warning Service `web` takes `cap_drop` from a variable and `.env` sets `DROP=cap_net_raw`, so it keeps the other default capabilities"]
    );
    // An example file.
    assert_eq!(
        with_variables(scalar, Some(&example("CAPS=NET_RAW\n")), "SS301"),
        ["4:5-4:13 warning Service `web` takes `cap_drop` from a variable and `.env.example` sets `CAPS=NET_RAW` (an example file: there is no `.env` beside the compose file), so it keeps the other default capabilities"]
    );
    // A value that is no capability name is not printed.
    assert_eq!(
        with_variables(item, Some(&dot_env("DROP=s3cr3t-t0ken\n")), "SS301"),
        ["4:5-4:13 warning Service `web` takes `cap_drop` from a variable and `.env` sets `DROP`, so it keeps the other default capabilities"]
    );
    // One item the file does not decide keeps the hint, at that item.
    let two = "services:\n  web:\n    image: x\n    cap_drop: [\"${DROP}\", \"${MORE}\"]\n";
    assert_eq!(
        with_variables(two, Some(&dot_env("DROP=NET_RAW\n")), "SS301"),
        [format!("4:27-4:36 {CAP_DROP_HINT}")]
    );
    assert_eq!(
        with_variables(two, Some(&dot_env("DROP=NET_RAW\nMORE=ALL\n")), "SS301"),
        Vec::<String>::new()
    );
}
