//! The kinds of SPEC 2b (dev containers, Quadlet units, container commands in shell scripts,
//! Makefiles and CI steps, CI job containers): exact codes, lines and columns of every mapped
//! setting, the hardened form clean, the long-lived rule, suppressions in each kind's comment
//! syntax, and fixes that reach a fixed point and still parse. Mappings are read per rule
//! (`check_unfolded`), so that a setting folded into another finding for display still shows here.

use shipshape_core::fix::fix_document;
use shipshape_core::{check, check_unfolded, Applicability, Config, Document, FileKind, LineIndex};

/// The six checks' codes (SS000-SS002 and the credential scan aside).
const SIX: &[&str] = &[
    "SS101", "SS301", "SS302", "SS401", "SS402", "SS403", "SS404", "SS405", "SS406", "SS407",
    "SS501", "SS601", "SS602",
];

/// `line:column CODE` of every finding, in order.
fn found(kind: FileKind, text: &str) -> Vec<String> {
    let lines = LineIndex::new(text);
    check_unfolded(&Document::new("test", text, kind), &Config::default())
        .iter()
        .map(|finding| {
            let at = lines.line_column(text, finding.range.start);
            format!("{}:{} {}", at.line, at.column, finding.code)
        })
        .collect()
}

/// The messages of the findings with `code`.
fn messages(kind: FileKind, text: &str, code: &str) -> Vec<String> {
    check_unfolded(&Document::new("test", text, kind), &Config::default())
        .into_iter()
        .filter(|f| f.code == code)
        .map(|f| f.message)
        .collect()
}

/// Every fix applied (unsafe included) to a fixed point; it must parse, and fixing again must
/// change nothing.
fn fixed(kind: FileKind, text: &str) -> String {
    let config = Config::default();
    let once = fix_document(
        &Document::new("test", text, kind),
        &config,
        Applicability::Unsafe,
    );
    let twice = fix_document(
        &Document::new("test", &once.text, kind),
        &config,
        Applicability::Unsafe,
    );
    assert_eq!(twice.text, once.text, "a second fix pass changed the text");
    let after = check(&Document::new("test", &once.text, kind), &config);
    assert!(
        after.iter().all(|f| f.code != "SS000"),
        "the fixed text does not parse:\n{}",
        once.text
    );
    once.text
}

fn none_of_the_six(kind: FileKind, text: &str) {
    let findings = found(kind, text);
    let six: Vec<&String> = findings
        .iter()
        .filter(|f| SIX.iter().any(|code| f.ends_with(code)))
        .collect();
    assert!(six.is_empty(), "{six:?}");
}

// ---- shell scripts ----

const SCRIPT: &str = "#!/bin/sh\nset -e\ndocker run -d --privileged --cap-add SYS_ADMIN \\\n  -e DB_PASSWORD=hunter2 --pid=host -v /var/run/docker.sock:/var/run/docker.sock \\\n  --security-opt seccomp=unconfined --pids-limit -1 --network host nginx:1.27\ndocker run --rm alpine echo hi\n";

#[test]
fn shell_every_mapped_flag() {
    assert_eq!(
        found(FileKind::Shell, SCRIPT),
        vec![
            "3:1 SS101",
            "3:1 SS301",
            "3:1 SS404",
            "3:15 SS401",
            "3:38 SS402",
            "3:38 SS403",
            "4:3 SS501",
            "4:26 SS405",
            "4:37 SS406",
            "5:3 SS407",
            "5:37 SS602",
            "5:53 SS405",
        ]
    );
    // The secret's value never reaches a message.
    let secret = messages(FileKind::Shell, SCRIPT, "SS501");
    assert_eq!(
        secret,
        vec!["Secret-like variable `DB_PASSWORD` is set to a literal value; inject it from a secret store at run time"]
    );
    assert_eq!(
        messages(FileKind::Shell, SCRIPT, "SS401"),
        vec!["`docker run` of `nginx:1.27` runs privileged; grant only the single capability it needs instead"]
    );
}

#[test]
fn shell_one_off_runs_are_not_told_what_they_lack_but_detached_and_restarted_ones_are() {
    let text = "docker run --rm -v \"$PWD:/src\" golang:1.23 go build ./...\nsudo podman run --restart=always --name web nginx\nexport X=1 && docker container run -itd redis\n";
    assert_eq!(
        found(FileKind::Shell, text),
        vec![
            "2:6 SS101",
            "2:6 SS301",
            "2:6 SS404",
            "2:6 SS601",
            "3:15 SS101",
            "3:15 SS301",
            "3:15 SS404",
            "3:15 SS601",
        ]
    );
    assert_eq!(
        messages(FileKind::Shell, text, "SS101")[0],
        "`podman run` of `nginx` does not set `--read-only`, so its root filesystem is writable"
    );
}

#[test]
fn shell_hardened_run_is_clean() {
    let text = "docker run -d --read-only --cap-drop=ALL --cap-add=NET_BIND_SERVICE \\\n  --security-opt no-new-privileges --pids-limit 100 -e DB_PASSWORD \\\n  -e API_TOKEN=\"$API_TOKEN\" nginx:1.27\n";
    none_of_the_six(FileKind::Shell, text);
}

#[test]
fn switches_named_like_secrets_are_not_secrets() {
    // `MYSQL_RANDOM_ROOT_PASSWORD=1` asks the image to generate one; `0`/`1` is a switch in every
    // kind, as it was already in Dockerfiles (`ENV SECRETS=0`).
    let text = "docker run --rm -e MYSQL_RANDOM_ROOT_PASSWORD=1 -e MYSQL_ALLOW_EMPTY_PASSWORD=0 \\\n  -e DB_PASSWORD=hunter2 mysql:8\n";
    assert_eq!(found(FileKind::Shell, text), vec!["2:3 SS501"]);
    let compose = "services:\n  db:\n    image: mysql:8\n    read_only: true\n    cap_drop: [ALL]\n    pids_limit: 100\n    security_opt: [\"no-new-privileges:true\"]\n    environment:\n      MYSQL_RANDOM_ROOT_PASSWORD: \"1\"\n";
    assert_eq!(found(FileKind::Compose, compose), Vec::<String>::new());
}

#[test]
fn shell_commands_built_from_variables_are_judged_on_what_is_literal() {
    // `$DOCKER_OPTS` may hold `--read-only` and the rest: nothing is reported missing; what is
    // written (`--privileged`) still is.
    let text = "docker run -d $DOCKER_OPTS --privileged app\n";
    assert_eq!(found(FileKind::Shell, text), vec!["1:28 SS401"]);
}

#[test]
fn shell_suppression_comments() {
    let text = "# shipshape ignore=SS401 -- the CI runner needs it\ndocker run --privileged x\ndocker run --privileged y # shipshape ignore=privileged-container\ndocker run --privileged z\n# shipshape ignore=SS101\necho nothing here\n";
    assert_eq!(
        found(FileKind::Shell, text),
        vec!["4:12 SS401", "5:1 SS002"]
    );
}

#[test]
fn shell_fixes_add_flags_after_run_and_reach_a_fixed_point() {
    let text = "#!/bin/bash\ndocker run -d --name web \\\n  nginx:1.27\n";
    assert_eq!(
        fixed(FileKind::Shell, text),
        "#!/bin/bash\ndocker run --pids-limit=100 --security-opt=no-new-privileges --cap-drop=ALL --read-only -d --name web \\\n  nginx:1.27\n"
    );
    // A line with an expansion before the image gets no fix: adding a flag may change its meaning.
    let text = "docker run -d --name \"$NAME\" nginx\n";
    assert_eq!(fixed(FileKind::Shell, text), text);
}

// ---- Makefiles ----

#[test]
fn makefile_recipes_are_read_and_make_comments_suppress() {
    let text = "IMAGE := app # pinned\n\nrun:\n\t@docker run -d --cap-add=NET_ADMIN \\\n\t  --network=host $(IMAGE)\n\n# shipshape ignore=SS405\ndebug:\n\tdocker run --rm --pid=host $(IMAGE) sh\n\ttest:\n";
    assert_eq!(
        found(FileKind::Makefile, text),
        vec![
            "4:2 SS101",
            "4:2 SS301",
            "4:2 SS404",
            "4:2 SS601",
            "4:27 SS402",
            "4:27 SS403",
            "5:4 SS405",
            "7:1 SS002",
            "9:18 SS405",
        ]
    );
}

#[test]
fn makefile_hardened_and_fixed() {
    let text = "up:\n\tdocker run -d --read-only --cap-drop ALL --security-opt=no-new-privileges:true --pids-limit=50 app\n";
    none_of_the_six(FileKind::Makefile, text);
    let text = "up:\n\tdocker run -d app\n";
    assert_eq!(
        fixed(FileKind::Makefile, text),
        "up:\n\tdocker run --pids-limit=100 --security-opt=no-new-privileges --cap-drop=ALL --read-only -d app\n"
    );
}

// ---- Quadlet ----

const QUADLET: &str = "[Unit]\nDescription=web\n\n[Container]\nImage=docker.io/library/nginx:1.27\nAddCapability=SYS_ADMIN NET_BIND_SERVICE\nDropCapability=CHOWN\nEnvironment=DB_PASSWORD=hunter2 MODE=prod\nSeccompProfile=unconfined\nNetwork=host\nVolume=/run/podman/podman.sock:/run/podman/podman.sock\nPidsLimit=0\nReadOnly=false\nPodmanArgs=--privileged --pid=host\n\n[Install]\nWantedBy=default.target\n";

#[test]
fn quadlet_every_mapped_key() {
    assert_eq!(
        found(FileKind::Quadlet, QUADLET),
        vec![
            "4:1 SS404",
            "6:15 SS402",
            "6:15 SS403",
            "7:16 SS301",
            "7:16 SS302",
            "8:13 SS501",
            "9:1 SS407",
            "10:1 SS405",
            "11:1 SS406",
            "12:1 SS602",
            "13:1 SS101",
            "14:12 SS401",
            "14:25 SS405",
        ]
    );
    assert_eq!(
        messages(FileKind::Quadlet, QUADLET, "SS101"),
        vec!["Quadlet container turns `ReadOnly=true` off, so its root filesystem is writable"]
    );
}

#[test]
fn quadlet_hardened_unit_is_clean_and_a_bare_one_is_fixed_in_its_container_section() {
    let hardened = "[Container]\nImage=app\nReadOnly=true\nDropCapability=ALL\nAddCapability=NET_BIND_SERVICE\nNoNewPrivileges=true\nPidsLimit=100\nSecret=db_password,type=env,target=DB_PASSWORD\n";
    none_of_the_six(FileKind::Quadlet, hardened);
    let bare = "# web.container\n[Container]\nImage=app\nPublishPort=8080:80\n\n[Service]\nRestart=always\n";
    assert_eq!(
        found(FileKind::Quadlet, bare),
        vec!["2:1 SS101", "2:1 SS301", "2:1 SS404", "2:1 SS601"]
    );
    assert_eq!(
        fixed(FileKind::Quadlet, bare),
        "# web.container\n[Container]\nImage=app\nPublishPort=8080:80\nReadOnly=true\nDropCapability=ALL\nNoNewPrivileges=true\nPidsLimit=100\n\n[Service]\nRestart=always\n"
    );
    // The last line without its line break.
    assert_eq!(
        fixed(FileKind::Quadlet, "[Container]\nImage=app\nReadOnly=true\nDropCapability=ALL\nNoNewPrivileges=true"),
        "[Container]\nImage=app\nReadOnly=true\nDropCapability=ALL\nNoNewPrivileges=true\nPidsLimit=100"
    );
}

#[test]
fn quadlet_suppression_with_hash_and_semicolon_comments() {
    let text = "# shipshape ignore=SS101,SS601 -- writes its cache\n[Container]\nImage=app\nDropCapability=ALL\nNoNewPrivileges=true\n; shipshape ignore=SS405\nNetwork=host\n";
    assert_eq!(found(FileKind::Quadlet, text), Vec::<String>::new());
}

// ---- dev containers ----

const DEVCONTAINER: &str = "{\n  // the dev image\n  \"name\": \"app\",\n  \"image\": \"mcr.microsoft.com/devcontainers/base:ubuntu\",\n  \"privileged\": true,\n  \"capAdd\": [\"SYS_PTRACE\", \"NET_ADMIN\",],\n  \"securityOpt\": [\"seccomp=unconfined\"],\n  \"runArgs\": [\"--network=host\", \"--pids-limit=-1\"],\n  \"mounts\": [\"source=/var/run/docker.sock,target=/var/run/docker.sock,type=bind\"],\n  \"containerEnv\": { \"GITHUB_TOKEN\": \"ghp_notarealtoken\", \"HOME_DIR\": \"/home\" },\n  \"remoteEnv\": { \"NPM_TOKEN\": \"${localEnv:NPM_TOKEN}\" },\n  \"build\": { \"args\": { \"API_KEY\": \"k-123\" } },\n}\n";

#[test]
fn devcontainer_every_mapped_property() {
    assert_eq!(
        found(FileKind::Devcontainer, DEVCONTAINER),
        vec![
            "1:1 SS101",
            "1:1 SS301",
            "1:1 SS404",
            "5:17 SS401",
            "6:14 SS402",
            "6:14 SS403",
            "6:28 SS402",
            "7:19 SS407",
            "8:15 SS405",
            "8:33 SS602",
            "9:14 SS406",
            "10:21 SS501",
            "12:24 SS501",
        ]
    );
}

#[test]
fn devcontainer_cap_add_removal_is_an_unsafe_fix_and_the_hardened_form_is_clean() {
    let text = "{\n  \"image\": \"x\",\n  \"capAdd\": [\n    \"SYS_PTRACE\",\n    \"NET_ADMIN\"\n  ],\n  \"runArgs\": [\"--read-only\", \"--cap-drop=ALL\", \"--pids-limit=200\"],\n  \"securityOpt\": [\"no-new-privileges\"]\n}\n";
    assert_eq!(
        fixed(FileKind::Devcontainer, text),
        "{\n  \"image\": \"x\",\n  \"capAdd\": [\n  ],\n  \"runArgs\": [\"--read-only\", \"--cap-drop=ALL\", \"--pids-limit=200\"],\n  \"securityOpt\": [\"no-new-privileges\"]\n}\n"
    );
    let text = "{ \"image\": \"x\", \"capAdd\": [\"SYS_ADMIN\", \"NET_ADMIN\",], \"runArgs\": [\"--read-only\", \"--cap-drop=ALL\", \"--pids-limit=9\"], \"securityOpt\": [\"no-new-privileges\"] }";
    assert_eq!(
        fixed(FileKind::Devcontainer, text),
        "{ \"image\": \"x\", \"capAdd\": [], \"runArgs\": [\"--read-only\", \"--cap-drop=ALL\", \"--pids-limit=9\"], \"securityOpt\": [\"no-new-privileges\"] }"
    );
    none_of_the_six(
        FileKind::Devcontainer,
        "{\n  \"image\": \"x\",\n  \"capAdd\": [\"IPC_LOCK\"],\n  \"runArgs\": [\"--read-only\", \"--cap-drop=ALL\", \"--pids-limit=200\"],\n  \"securityOpt\": [\"no-new-privileges:true\"],\n  \"remoteEnv\": { \"GH_TOKEN\": \"${localEnv:GH_TOKEN}\" }\n}\n",
    );
}

#[test]
fn devcontainer_built_from_compose_is_not_told_what_it_lacks() {
    let text = "{ \"dockerComposeFile\": \"compose.yaml\", \"service\": \"app\" }";
    assert_eq!(found(FileKind::Devcontainer, text), Vec::<String>::new());
}

#[test]
fn devcontainer_suppression_with_line_comments_and_parse_errors() {
    let text = "// shipshape ignore=SS101,SS301,SS404,SS601 -- a dev box\n{\n  \"image\": \"x\",\n  \"privileged\": true // shipshape ignore=SS401\n}\n";
    assert_eq!(found(FileKind::Devcontainer, text), Vec::<String>::new());
    assert_eq!(
        found(
            FileKind::Devcontainer,
            "{\n  \"image\": \"x\",\n  \"privileged\": tru\n}\n"
        ),
        vec!["3:17 SS000"]
    );
}

// ---- GitHub Actions ----

const WORKFLOW: &str = "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    container:\n      image: node:20\n      options: --privileged --cap-add=SYS_ADMIN\n      env:\n        NPM_TOKEN: npm_literal_value\n        CI_TOKEN: ${{ secrets.CI_TOKEN }}\n      credentials:\n        username: me\n        password: hunter2hunter2\n    services:\n      db:\n        image: postgres:16\n        options: >-\n          --health-cmd pg_isready\n          --network host\n      cache:\n        image: redis:7\n        options: --read-only --cap-drop ALL --security-opt no-new-privileges --pids-limit 64\n    steps:\n      - run: |\n          docker build -t app .\n          docker run -d --privileged -v /:/host app\n      - run: docker run --rm app npm test\n";

#[test]
fn github_job_containers_services_and_run_steps() {
    assert_eq!(
        found(FileKind::GithubActions, WORKFLOW),
        vec![
            "7:16 SS401",
            "7:39 SS402",
            "7:39 SS403",
            "9:9 SS501",
            "13:19 SS501",
            "15:7 SS101",
            "15:7 SS301",
            "15:7 SS404",
            "15:7 SS601",
            "19:11 SS405",
            "26:11 SS101",
            "26:11 SS301",
            "26:11 SS404",
            "26:11 SS601",
            "26:25 SS401",
            "26:38 SS406",
        ]
    );
    assert_eq!(
        messages(FileKind::GithubActions, WORKFLOW, "SS402"),
        vec!["The container of job `test` adds the dangerous capability `SYS_ADMIN`; grant a narrower one if you can"]
    );
}

#[test]
fn github_suppression_in_yaml_and_in_the_script() {
    let text = "jobs:\n  build:\n    services:\n      # shipshape ignore=SS101,SS301,SS404,SS601 -- a throwaway database\n      db:\n        image: postgres:16\n    steps:\n      - run: |\n          # shipshape ignore=SS401\n          docker run --privileged x\n";
    assert_eq!(found(FileKind::GithubActions, text), Vec::<String>::new());
}

#[test]
fn github_run_step_fix_is_inserted_in_the_block_scalar() {
    let text = "jobs:\n  e2e:\n    steps:\n      - run: |\n          docker run -d --name api api:latest\n";
    assert_eq!(
        fixed(FileKind::GithubActions, text),
        "jobs:\n  e2e:\n    steps:\n      - run: |\n          docker run --pids-limit=100 --security-opt=no-new-privileges --cap-drop=ALL --read-only -d --name api api:latest\n"
    );
}

// ---- GitLab CI ----

#[test]
fn gitlab_scripts_and_variables() {
    let text = "variables:\n  DB_PASSWORD: hunter2\n  MASKED_TOKEN: $CI_JOB_TOKEN\nbuild:\n  variables:\n    API_KEY:\n      value: \"abc123\"\n      description: key\n  before_script:\n    - docker login -u ci -p \"$CI_REGISTRY_PASSWORD\" $CI_REGISTRY\n  script:\n    - docker run --privileged --ipc=host $IMAGE\n    - >\n      docker run -d\n      --restart unless-stopped app\n";
    assert_eq!(
        found(FileKind::GitlabCi, text),
        vec![
            "2:3 SS501",
            "6:5 SS501",
            "12:18 SS401",
            "12:31 SS405",
            "14:7 SS101",
            "14:7 SS301",
            "14:7 SS404",
            "14:7 SS601",
        ]
    );
}

#[test]
fn gitlab_hardened_is_clean() {
    let text = "test:\n  variables:\n    DB_PASSWORD: $DB_PASSWORD\n  script:\n    - docker run -d --read-only --cap-drop=ALL --security-opt=no-new-privileges --pids-limit=100 app\n";
    none_of_the_six(FileKind::GitlabCi, text);
}

// ---- hostile input ----

#[test]
fn hostile_input_of_every_new_kind_is_a_finding_never_a_panic() {
    let deep_json = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let long_line = format!("docker run -d {}\n", "-e A=b ".repeat(50_000));
    let inputs: Vec<String> = vec![
        String::new(),
        "\\".to_string(),
        "docker run '\n".to_string(),
        "docker run \"$(echo \"\n".to_string(),
        "x=$((((((\ndocker run `\n".to_string(),
        "cat <<EOF\n".to_string(),
        "docker run -e\n".to_string(),
        "docker run --cap-add\n".to_string(),
        "docker run -v\n".to_string(),
        "\tdocker run \\".to_string(),
        "[Container\nKey\n=\n[Container]\nPodmanArgs=\"--privileged\nAddCapability=\\".to_string(),
        "{ \"capAdd\": [\"SYS_ADMIN\", }".to_string(),
        "{\"runArgs\": [1, null, {\"a\": \"ü\"}], \"mounts\": [{}], \"build\": 3}".to_string(),
        "jobs:\n  a:\n    container: [\n".to_string(),
        "jobs:\n  a:\n    services:\n      db:\n        options: \"--privileged\n".to_string(),
        "script: {{ }}\n".to_string(),
        "ü docker run ü -eü=ü --cap-add=ü ü\n".to_string(),
        deep_json,
        long_line,
    ];
    for kind in FileKind::RUN_KINDS {
        for input in &inputs {
            let findings = check(&Document::new("test", input, *kind), &Config::default());
            for finding in &findings {
                assert!(
                    finding.range.start <= finding.range.end && finding.range.end <= input.len(),
                    "{kind}: {finding:?}"
                );
            }
            let _ = fix_document(
                &Document::new("test", input, *kind),
                &Config::default(),
                Applicability::Unsafe,
            );
        }
    }
}

// ---- detection ----

#[test]
fn content_alone_tells_each_new_kind_as_the_playground_and_stdin_need() {
    let examples = [
        (
            include_str!("../../playground/examples/kind-devcontainer.json"),
            FileKind::Devcontainer,
        ),
        (
            include_str!("../../playground/examples/kind-quadlet.container"),
            FileKind::Quadlet,
        ),
        (
            include_str!("../../playground/examples/kind-shell.sh"),
            FileKind::Shell,
        ),
        (
            include_str!("../../playground/examples/kind-github-actions.yml"),
            FileKind::GithubActions,
        ),
        (
            include_str!("../../playground/examples/kind-gitlab-ci.yml"),
            FileKind::GitlabCi,
        ),
    ];
    for (text, kind) in examples {
        assert_eq!(FileKind::detect("-", text), kind, "{text}");
    }
    // Look-alikes stay `other`: VS Code settings, a systemd service, a script without a shebang.
    for text in [
        "{ \"editor.tabSize\": 2, \"files.exclude\": {} }",
        "[Unit]\nDescription=x\n[Service]\nExecStart=/usr/bin/podman run --privileged x\n",
        "echo hello\n",
        "jobs:\n  build:\n    steps: []\n",
    ] {
        assert_eq!(FileKind::detect("-", text), FileKind::Other, "{text}");
    }
}

#[test]
fn names_tell_the_new_kinds() {
    use shipshape_core::document::NameHint;
    for (path, hint) in [
        (
            ".devcontainer/devcontainer.json",
            NameHint::Kind(FileKind::Devcontainer),
        ),
        (
            "x/.devcontainer/gpu/devcontainer.json",
            NameHint::Kind(FileKind::Devcontainer),
        ),
        (".devcontainer.json", NameHint::Kind(FileKind::Devcontainer)),
        ("devcontainer.json", NameHint::Unknown),
        (".vscode/settings.json", NameHint::Unknown),
        (
            ".github/workflows/ci.yml",
            NameHint::Kind(FileKind::GithubActions),
        ),
        (".github/dependabot.yml", NameHint::Yaml),
        (".gitlab-ci.yml", NameHint::Kind(FileKind::GitlabCi)),
        ("ci/build.gitlab-ci.yml", NameHint::Kind(FileKind::GitlabCi)),
        ("web.container", NameHint::Confirm(FileKind::Quadlet)),
        ("web.service", NameHint::Unknown),
        ("run.sh", NameHint::Confirm(FileKind::Shell)),
        ("Makefile", NameHint::Confirm(FileKind::Makefile)),
        ("build.mk", NameHint::Confirm(FileKind::Makefile)),
        ("entrypoint", NameHint::Script),
        ("Dockerfile", NameHint::Kind(FileKind::Dockerfile)),
    ] {
        assert_eq!(FileKind::from_file_name(path), hint, "{path}");
    }
}

#[test]
fn a_runtime_named_by_a_variable_is_still_a_container_command() {
    let text = "run:\n\t@$(DOCKER) run -d --privileged app\n";
    assert_eq!(
        found(FileKind::Makefile, text),
        vec![
            "2:2 SS101",
            "2:2 SS301",
            "2:2 SS404",
            "2:2 SS601",
            "2:20 SS401"
        ]
    );
    // No fix: the program is not literal.
    assert_eq!(fixed(FileKind::Makefile, text), text);
    assert_eq!(
        found(FileKind::Shell, "$cmd run --privileged app\n"),
        Vec::<String>::new()
    );
}
