//! Exact positions, messages and fix output of the Compose/Kubernetes checks of SS401-SS404,
//! SS501, SS601 and SS602 (the fixture snapshots cover the broad cases; these pin the details).
//! Each rule is read on its own (`check_unfolded`): what a user sees once consequences are folded
//! into the finding that names the mistake is pinned by the whole-file tests below and by
//! `core/src/fold.rs`.

use shipshape_core::fix::apply_fixes;
use shipshape_core::{
    check, check_unfolded, Applicability, Config, Document, FileKind, Finding, LineIndex,
};

fn compose(text: &str) -> (FileKind, &str) {
    (FileKind::Compose, text)
}

fn k8s(text: &str) -> (FileKind, &str) {
    (FileKind::Kubernetes, text)
}

fn run(input: (FileKind, &str), config: &Config, code: &str) -> Vec<Finding> {
    let (kind, text) = input;
    check_unfolded(&Document::new("test.yaml", text, kind), config)
        .into_iter()
        .filter(|finding| finding.code == code)
        .collect()
}

/// `line:col-line:col message` for each finding of `code`.
fn positions(input: (FileKind, &str), config: &Config, code: &str) -> Vec<String> {
    let text = input.1;
    let lines = LineIndex::new(text);
    run(input, config, code)
        .iter()
        .map(|finding| {
            let start = lines.line_column(text, finding.range.start);
            let end = lines.line_column(text, finding.range.end);
            format!(
                "{}:{}-{}:{} {}",
                start.line, start.column, end.line, end.column, finding.message
            )
        })
        .collect()
}

/// The text after applying, to a fixed point, only the fixes of `code`.
fn fixed(input: (FileKind, &str), config: &Config, code: &str) -> String {
    let (kind, original) = input;
    let mut text = original.to_string();
    for _ in 0..10 {
        let findings = run((kind, &text), config, code);
        let outcome = apply_fixes(&text, &findings, Applicability::Unsafe);
        if outcome.applied == 0 {
            break;
        }
        text = outcome.text;
    }
    let findings = check(&Document::new("test.yaml", &text, kind), config);
    assert!(
        !findings.iter().any(|f| f.code == "SS000"),
        "fixed text does not parse:\n{text}"
    );
    text
}

fn config(toml: &str) -> Config {
    Config::from_toml(toml).expect("valid config")
}

// ---- SS401 ----

#[test]
fn ss401_positions_and_objects() {
    let text = "services:\n  web:\n    privileged: true\n  ok:\n    privileged: no\n";
    assert_eq!(
        positions(compose(text), &Config::default(), "SS401"),
        ["3:17-3:21 Service web runs privileged; grant only the single capability it needs instead"]
    );
    let findings = run(compose(text), &Config::default(), "SS401");
    assert_eq!(findings[0].object.as_deref(), Some("service web"));
    assert_eq!(findings[0].anchor, Some(text.find("web:").unwrap()));
    assert!(findings[0].fixes.is_empty());

    let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    securityContext:\n      privileged: true\n";
    let findings = run(k8s(text), &Config::default(), "SS401");
    assert_eq!(
        positions(k8s(text), &Config::default(), "SS401"),
        ["9:19-9:23 Pod/p container c runs privileged; grant only the single capability it needs instead"]
    );
    assert_eq!(findings[0].anchor, Some(text.find("- name: c").unwrap()));
}

// ---- SS402 ----

#[test]
fn ss402_reports_each_capability_and_honours_the_configuration() {
    let text = "services:\n  vpn:\n    cap_add: [NET_ADMIN, cap_sys_admin]\n  web:\n    cap_add:\n      - NET_BIND_SERVICE\n";
    assert_eq!(
        positions(compose(text), &Config::default(), "SS402"),
        [
            "3:15-3:24 Service vpn adds the dangerous capability `NET_ADMIN`; grant a narrower one if you can",
            "3:26-3:39 Service vpn adds the dangerous capability `SYS_ADMIN`; grant a narrower one if you can",
        ]
    );
    let configured = config(
        "[capabilities]\ndangerous = [\"net_bind_service\"]\nallowed = { vpn = [\"NET_ADMIN\"] }\n",
    );
    assert_eq!(
        positions(compose(text), &configured, "SS402"),
        [
            "3:26-3:39 Service vpn adds the dangerous capability `SYS_ADMIN`; grant a narrower one if you can",
            "6:9-6:25 Service web adds the dangerous capability `NET_BIND_SERVICE`; grant a narrower one if you can",
        ]
    );
    // Kubernetes: allowed by container name.
    let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: vpn\n    securityContext:\n      capabilities:\n        add: [\"NET_ADMIN\", \"ALL\"]\n";
    assert_eq!(
        positions(k8s(text), &configured, "SS402"),
        ["10:28-10:33 Pod/p container vpn adds the dangerous capability `ALL`; grant a narrower one if you can"]
    );
}

// ---- SS403 ----

#[test]
fn ss403_fix_adds_the_drop_all_in_compose() {
    let text = "services:\n  web:\n    image: nginx\n    cap_add: [LEASE]\n";
    assert_eq!(
        positions(compose(text), &Config::default(), "SS403"),
        ["4:5-4:12 Service web adds `LEASE` on top of the default capability set instead of after dropping `ALL`"]
    );
    assert_eq!(
        fixed(compose(text), &Config::default(), "SS403"),
        "services:\n  web:\n    image: nginx\n    cap_add: [LEASE]\n    cap_drop:\n      - ALL\n"
    );
    // An existing list gets `ALL`; an empty `cap_drop:` is filled.
    let text = "services:\n  a:\n    cap_add: [LEASE]\n    cap_drop: [NET_RAW]\n  b:\n    cap_add: [LEASE]\n    cap_drop:\n";
    assert_eq!(
        fixed(compose(text), &Config::default(), "SS403"),
        "services:\n  a:\n    cap_add: [LEASE]\n    cap_drop: [NET_RAW, ALL]\n  b:\n    cap_add: [LEASE]\n    cap_drop:\n      - ALL\n"
    );
    // Capabilities allowed for the service do not count.
    let allowed = config("[capabilities]\nallowed = { a = [\"LEASE\"] }\n");
    assert_eq!(positions(compose(text), &allowed, "SS403").len(), 1);
}

#[test]
fn ss403_fix_adds_the_drop_all_in_kubernetes() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: a\n      securityContext:\n        capabilities:\n          add: [\"LEASE\"]\n    - name: b\n      securityContext: {capabilities: {add: [LEASE]}}\n";
    assert_eq!(
        positions(k8s(text), &Config::default(), "SS403"),
        [
            "10:11-10:14 Pod/p container a adds `LEASE` on top of the default capability set instead of after dropping `ALL`",
            "12:40-12:43 Pod/p container b adds `LEASE` on top of the default capability set instead of after dropping `ALL`",
        ]
    );
    assert_eq!(
        fixed(k8s(text), &Config::default(), "SS403"),
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: a\n      securityContext:\n        capabilities:\n          add: [\"LEASE\"]\n          drop:\n            - ALL\n    - name: b\n      securityContext: {capabilities: {add: [LEASE], drop: [ALL]}}\n"
    );
}

// ---- SS404 ----

#[test]
fn ss404_compose_spellings_and_fixes() {
    let text = "services:\n  a:\n    security_opt: [no-new-privileges]\n  b:\n    security_opt: ['no-new-privileges=true']\n  c:\n    security_opt:\n      - 'no-new-privileges:false'\n  d: {image: x}\n";
    assert_eq!(
        positions(compose(text), &Config::default(), "SS404"),
        [
            "8:9-8:34 Service c does not set `no-new-privileges:true` in `security_opt`, so its processes may gain privileges",
            "9:3-9:4 Service d does not set `no-new-privileges:true` in `security_opt`, so its processes may gain privileges",
        ]
    );
    assert_eq!(
        fixed(compose(text), &Config::default(), "SS404"),
        "services:\n  a:\n    security_opt: [no-new-privileges]\n  b:\n    security_opt: ['no-new-privileges=true']\n  c:\n    security_opt:\n      - 'no-new-privileges:true'\n  d: {image: x, security_opt: [\"no-new-privileges:true\"]}\n"
    );
}

#[test]
fn ss404_kubernetes_reasons_and_fixes() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: a\n    image: x\n  - name: b\n    securityContext:\n      privileged: true\n  - name: c\n    securityContext:\n      allowPrivilegeEscalation: false\n";
    let findings = run(k8s(text), &Config::default(), "SS404");
    assert_eq!(
        positions(k8s(text), &Config::default(), "SS404"),
        [
            "7:5-7:12 Pod/p container a does not set `allowPrivilegeEscalation: false`, so its processes may gain privileges",
            "11:19-11:23 Pod/p container b is privileged, which always allows privilege escalation",
        ]
    );
    assert_eq!(findings[0].fixes.len(), 1);
    assert!(findings[1].fixes.is_empty());
    assert_eq!(
        fixed(k8s(text), &Config::default(), "SS404"),
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: a\n    image: x\n    securityContext:\n      allowPrivilegeEscalation: false\n  - name: b\n    securityContext:\n      privileged: true\n  - name: c\n    securityContext:\n      allowPrivilegeEscalation: false\n"
    );
    // Windows pods cannot set the field.
    let windows = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  os:\n    name: windows\n  containers:\n  - name: a\n";
    assert!(run(k8s(windows), &Config::default(), "SS404").is_empty());
}

// ---- SS501 ----

#[test]
fn ss501_compose_literals_are_redacted_and_interpolated() {
    let text = "services:\n  db:\n    environment: {DB_PASSWORD: hunter2, OTHER: x}\n    build:\n      args: [\"NPM_TOKEN=abc123\"]\n  web:\n    environment:\n      - API_KEY=k3y\n      - my.secret=x\n";
    let findings = run(compose(text), &Config::default(), "SS501");
    assert_eq!(
        positions(compose(text), &Config::default(), "SS501"),
        [
            "3:19-3:39 Secret-like variable `DB_PASSWORD` is set to a literal value; inject it from a secret store at run time",
            "5:15-5:31 Secret-like variable `NPM_TOKEN` is set to a literal value; inject it from a secret store at run time",
            "8:9-8:20 Secret-like variable `API_KEY` is set to a literal value; inject it from a secret store at run time",
            "9:9-9:20 Secret-like variable `my.secret` is set to a literal value; inject it from a secret store at run time",
        ]
    );
    for finding in &findings {
        let secret = finding.redact.expect("redacted");
        let value = &text[secret.start..secret.end];
        assert!(
            ["hunter2", "abc123", "k3y", "x"].contains(&value),
            "{value}"
        );
        assert!(!finding.message.contains(value) || value == "x");
        assert_eq!(finding.severity, shipshape_core::Severity::Error);
    }
    // `my.secret` cannot be interpolated: no fix.
    assert!(findings[3].fixes.is_empty());
    let out = fixed(compose(text), &Config::default(), "SS501");
    assert_eq!(
        out,
        "services:\n  db:\n    environment: {DB_PASSWORD: \"${DB_PASSWORD}\", OTHER: x}\n    build:\n      args: [\"NPM_TOKEN=${NPM_TOKEN}\"]\n  web:\n    environment:\n      - API_KEY=${API_KEY}\n      - my.secret=x\n"
    );
    for secret in ["hunter2", "abc123", "k3y"] {
        assert!(!out.contains(secret));
    }
}

#[test]
fn ss501_kubernetes_literal_and_secret_key_ref() {
    let text = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n    name: api\nspec:\n    template:\n        spec:\n            containers:\n                - name: app\n                  env:\n                      - name: DB_PASSWORD\n                        value: 's3cr3t' # rotate\n                      - name: API_TOKEN\n                        valueFrom:\n                            secretKeyRef: {name: s, key: k}\n";
    // A `secretKeyRef` is reported only where the team mounts secrets as files only.
    assert_eq!(
        positions(k8s(text), &Config::default(), "SS501"),
        ["12:25-12:40 Secret-like variable `DB_PASSWORD` is set to a literal value; inject it from a secret store at run time"]
    );
    let files_only = config("[secrets]\nprefer-files = true\n");
    let findings = run(k8s(text), &files_only, "SS501");
    assert_eq!(
        positions(k8s(text), &files_only, "SS501"),
        [
            "12:25-12:40 Secret-like variable `DB_PASSWORD` is set to a literal value; inject it from a secret store at run time",
            "15:29-15:41 `API_TOKEN` exposes a Secret as an environment variable; prefer mounting the secret as a file",
        ]
    );
    assert_eq!(findings[0].severity, shipshape_core::Severity::Error);
    assert_eq!(findings[1].severity, shipshape_core::Severity::Info);
    let secret = findings[0].redact.expect("redacted");
    assert_eq!(&text[secret.start..secret.end], "s3cr3t");
    assert_eq!(
        findings[0].fixes[0].edits[0].new_text(),
        "valueFrom:\n                            secretKeyRef:\n                                name: api-secrets\n                                key: db_password"
    );
    let out = fixed(k8s(text), &Config::default(), "SS501");
    assert!(out.contains("                        valueFrom:\n                            secretKeyRef:\n                                name: api-secrets\n                                key: db_password # rotate\n"), "{out}");
    assert!(!out.contains("s3cr3t"));
    // The fix's own output is not reported again (issue 18: "never re-flag its own output").
    assert_eq!(
        positions(k8s(&out), &Config::default(), "SS501"),
        Vec::<String>::new()
    );
    // Without a workload name there is no Secret name to point at: no fix.
    let unnamed = "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    env:\n    - name: TOKEN\n      value: abc\n";
    let findings = run(k8s(unnamed), &Config::default(), "SS501");
    assert_eq!(findings.len(), 1);
    assert!(findings[0].fixes.is_empty());
}

// ---- SS601 ----

#[test]
fn ss601_compose_extends_null_and_configured_default() {
    let text = "services:\n  base:\n    pids_limit: 50\n  child:\n    extends: base\n  remote:\n    extends: {file: other.yaml, service: x}\n  empty:\n    pids_limit:\n";
    assert_eq!(
        positions(compose(text), &Config::default(), "SS601"),
        ["8:3-8:8 Service empty has no PID limit (`pids_limit` or `deploy.resources.limits.pids`)"]
    );
    assert_eq!(
        fixed(compose(text), &config("[pids]\ndefault-limit = 250\n"), "SS601"),
        "services:\n  base:\n    pids_limit: 50\n  child:\n    extends: base\n  remote:\n    extends: {file: other.yaml, service: x}\n  empty:\n    pids_limit: 250\n"
    );
}

#[test]
fn ss601_kubernetes_only_kubelet_configurations() {
    let text = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: a\n";
    assert_eq!(
        positions(k8s(text), &Config::default(), "SS601"),
        ["2:1-2:27 KubeletConfiguration does not set `podPidsLimit`, so pods on its nodes have no PID limit"]
    );
    assert!(fixed(k8s(text), &Config::default(), "SS601")
        .starts_with("apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\npodPidsLimit: 100\n---\n"));
}

// ---- SS602 ----

#[test]
fn ss602_unbounded_and_contradictory_limits() {
    let text = "services:\n  a:\n    pids_limit: \"-1\"\n  b:\n    pids_limit: 10\n    deploy: {resources: {limits: {pids: 20}}}\n  c:\n    pids_limit: 10\n    deploy: {resources: {limits: {pids: 10}}}\n";
    assert_eq!(
        positions(compose(text), &Config::default(), "SS602"),
        [
            "3:17-3:21 Service a sets `pids_limit: -1`, which means no PID limit",
            "6:41-6:43 Service b sets `pids_limit: 10` but `deploy.resources.limits.pids: 20`; the two must agree",
        ]
    );
    let text =
        "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\npodPidsLimit: 0\n";
    assert_eq!(
        positions(k8s(text), &Config::default(), "SS602"),
        ["3:15-3:16 KubeletConfiguration sets `podPidsLimit: 0`, which means no PID limit per pod"]
    );
}

#[test]
fn ss501_comments_after_quoted_values_are_kept() {
    let text =
        "services:\n  db:\n    environment:\n      DB_PASSWORD: 'hunter2' # rotate monthly\n";
    let findings = run(compose(text), &Config::default(), "SS501");
    assert_eq!(
        positions(compose(text), &Config::default(), "SS501"),
        ["4:7-4:28 Secret-like variable `DB_PASSWORD` is set to a literal value; inject it from a secret store at run time"]
    );
    let secret = findings[0].redact.expect("redacted");
    assert_eq!(&text[secret.start..secret.end], "hunter2");
    assert_eq!(
        fixed(compose(text), &Config::default(), "SS501"),
        "services:\n  db:\n    environment:\n      DB_PASSWORD: '${DB_PASSWORD}' # rotate monthly\n"
    );
}

// ---- SS403 with SS301 ----

/// SS301 (no `ALL` dropped) and SS403 (added without dropping `ALL`) offer the same edit at the
/// same place: fixing everything must leave exactly one drop list with `ALL`, and neither rule.
#[test]
fn ss403_and_ss301_fixes_do_not_duplicate_the_drop_list() {
    use shipshape_core::fix::fix_document;
    let cases = [
        (
            FileKind::Compose,
            "services:\n  web:\n    image: nginx\n    cap_add: [LEASE]\n  api:\n    cap_add: [LEASE]\n    cap_drop: [NET_RAW]\n",
            "cap_drop",
            2,
        ),
        (
            FileKind::Kubernetes,
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: a\n    securityContext:\n      capabilities:\n        add: [LEASE]\n  - name: b\n    securityContext:\n      capabilities: {add: [LEASE], drop: [NET_RAW]}\n",
            "drop:",
            2,
        ),
    ];
    for (kind, text, key, expected) in cases {
        let outcome = fix_document(
            &Document::new("test.yaml", text, kind),
            &Config::default(),
            Applicability::Unsafe,
        );
        let findings = check(
            &Document::new("test.yaml", &outcome.text, kind),
            &Config::default(),
        );
        let codes: Vec<&str> = findings.iter().map(|f| f.code.as_str()).collect();
        for code in ["SS000", "SS301", "SS403"] {
            assert!(!codes.contains(&code), "{code} left in:\n{}", outcome.text);
        }
        assert_eq!(
            outcome.text.matches(key).count(),
            expected,
            "one drop list per container:\n{}",
            outcome.text
        );
    }
}

#[test]
fn ranges_stop_before_comments_and_adding_all_is_left_to_ss402() {
    let text = "services:\n  web:\n    privileged: 'true' # needed?\n    cap_add:\n      - 'SYS_ADMIN' # mount\n  all:\n    cap_add: [ALL]\n";
    assert_eq!(
        positions(compose(text), &Config::default(), "SS401"),
        ["3:17-3:23 Service web runs privileged; grant only the single capability it needs instead"]
    );
    assert_eq!(
        positions(compose(text), &Config::default(), "SS402"),
        [
            "5:9-5:20 Service web adds the dangerous capability `SYS_ADMIN`; grant a narrower one if you can",
            "7:15-7:18 Service all adds the dangerous capability `ALL`; grant a narrower one if you can",
        ]
    );
    assert_eq!(
        positions(compose(text), &Config::default(), "SS403"),
        ["4:5-4:12 Service web adds `SYS_ADMIN` on top of the default capability set instead of after dropping `ALL`"]
    );
}

#[test]
fn ss404_keeps_the_comment_after_an_explicit_true() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: a\n    securityContext:\n      allowPrivilegeEscalation: \"true\" # legacy\n";
    assert_eq!(
        positions(k8s(text), &Config::default(), "SS404"),
        ["9:33-9:39 Pod/p container a sets `allowPrivilegeEscalation: true`"]
    );
    assert_eq!(
        fixed(k8s(text), &Config::default(), "SS404"),
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: a\n    securityContext:\n      allowPrivilegeEscalation: false # legacy\n"
    );
}

/// A long `extends` chain is followed through an index and at most 16 hops: no quadratic walk.
#[test]
fn long_extends_chains_stay_linear() {
    let mut text = String::from("services:\n  s0:\n    image: x\n");
    for i in 1..5000 {
        text.push_str(&format!(
            "  s{i}:\n    extends: s{}\n    cap_add: [LEASE]\n",
            i - 1
        ));
    }
    // Only this helper's rules (SS101/SS301/SS302 follow chains on their own).
    let only_ours = config("[rules]\nSS101 = \"off\"\nSS301 = \"off\"\nSS302 = \"off\"\n");
    let findings = check(
        &Document::new("compose.yaml", &text, FileKind::Compose),
        &only_ours,
    );
    // Linear time is measured in benchmarks; this checks the findings of the long chain.
    // s1..s16 reach s0 (no drop list, no PID limit, no security_opt) within 16 hops.
    let count = |code: &str| findings.iter().filter(|f| f.code == code).count();
    assert_eq!(count("SS403"), 15);
    assert_eq!(count("SS601"), 16);
}

// ---- SS503 reads data, not comments ----

#[test]
fn ss503_ignores_comments_and_finds_data() {
    let text = "services:\n  api:\n    image: example/api:2.3\n    # DATABASE_URL: postgres://app:example-pw@db/app\n    environment:\n      DATABASE_URL: postgres://app:real-pw-123@db/app # was postgres://app:old-pw-456@db/app\n      # GITHUB_TOKEN: ghp_0123456789abcdefghijABCDEFGHIJ012345\n";
    assert_eq!(
        positions(compose(text), &Config::default(), "SS503"),
        ["6:21-6:50 This looks like a URL with an inline password; revoke it and pass it through a secret store instead of the file"]
    );
    let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  # token: ghp_0123456789abcdefghijABCDEFGHIJ012345\nspec:\n  containers:\n    - name: app\n      image: nginx\n      env:\n        - name: GITHUB_TOKEN\n          value: ghp_0123456789abcdefghijABCDEFGHIJ012345\n";
    assert_eq!(
        positions(k8s(text), &Config::default(), "SS503"),
        ["12:18-12:58 This looks like a GitHub token; revoke it and pass it through a secret store instead of the file"]
    );
}

#[test]
fn ss503_in_a_dockerfile_ignores_comment_lines_even_inside_a_continuation() {
    let text = "FROM alpine:3.20\n# RUN wget --header \"PRIVATE-TOKEN: glpat-0123456789abcdefghij\" https://x\nRUN wget --header \"PRIVATE-TOKEN: glpat-abcdefghij0123456789\" https://x \\\n  # glpat-zzzzzzzzzzzzzzzzzzzz in a comment line of a continuation\n  && true\n";
    assert_eq!(
        positions(
            (FileKind::Dockerfile, text),
            &Config::default(),
            "SS503"
        ),
        ["3:35-3:61 This looks like a GitLab token; revoke it and pass it through a secret store instead of the file"]
    );
}

// ---- one behaviour on a file with a syntax error (SS000 docs) ----

#[test]
fn broken_yaml_reports_what_is_there_and_not_what_the_error_may_hide() {
    // `done` is read to its end; `cut` is cut short by the error on its last line.
    let text = "services:\n  done:\n    image: a\n    cap_add: [NET_ADMIN]\n  cut:\n    image: b\n    privileged: true\n    cap_add: [SYS_PTRACE]\n    environment:\n      DB_PASSWORD: hunter2\n    ports: [\"80:80\"\n";
    let findings = check(
        &Document::new("compose.yaml", text, FileKind::Compose),
        &Config::default(),
    );
    let lines = LineIndex::new(text);
    let summary: Vec<String> = findings
        .iter()
        .map(|finding| {
            let start = lines.line_column(text, finding.range.start);
            format!(
                "{}:{} {} {} fixes={}",
                start.line,
                start.column,
                finding.code,
                finding.object.as_deref().unwrap_or("-"),
                finding.fixes.len()
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            "2:3 SS101 service done fixes=0",
            "2:3 SS301 service done fixes=0",
            "2:3 SS404 service done fixes=0",
            "2:3 SS601 service done fixes=0",
            "4:15 SS402 service done fixes=0",
            "7:17 SS401 service cut fixes=0",
            "8:15 SS402 service cut fixes=0",
            "10:7 SS501 service cut fixes=0",
            "12:1 SS000 - fixes=0",
        ]
    );
}

#[test]
fn broken_kubernetes_yaml_judges_only_containers_read_to_their_end() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: done\n      image: a\n    - name: cut\n      image: b\n      securityContext:\n        capabilities:\n          add: [NET_ADMIN]\n      ports: [80\n";
    let findings = check(
        &Document::new("pod.yaml", text, FileKind::Kubernetes),
        &Config::default(),
    );
    let lines = LineIndex::new(text);
    let summary: Vec<String> = findings
        .iter()
        .map(|finding| {
            let start = lines.line_column(text, finding.range.start);
            format!(
                "{}:{} {} {}",
                start.line,
                start.column,
                finding.code,
                finding.object.as_deref().unwrap_or("-")
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            "7:7 SS101 Pod/p container done",
            "7:7 SS301 Pod/p container done",
            "7:7 SS404 Pod/p container done",
            "13:17 SS402 Pod/p container cut",
            "15:1 SS000 -",
        ]
    );
}
