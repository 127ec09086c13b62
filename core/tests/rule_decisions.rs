//! Decisions of the rules that no test pinned until the mutation run (`cargo xtask mutants`,
//! TESTING.md) changed them without a failure. Each test names the branch it pins and asserts
//! the findings of one code by line, column and message (or the exact fixed text), with a
//! neighbouring input that takes the other branch, so that it cannot pass by finding nothing.

use shipshape_core::fix::apply_fixes;
use shipshape_core::{
    check_unfolded, Applicability, Config, Document, FileKind, Finding, LineIndex,
};

fn findings(kind: FileKind, text: &str, code: &str) -> Vec<Finding> {
    // One rule's own findings, before folding (core/src/fold.rs).
    check_unfolded(&Document::new("test.yaml", text, kind), &Config::default())
        .into_iter()
        .filter(|finding| finding.code == code)
        .collect()
}

/// `line:col-line:col message` for each finding of `code`.
fn positions(kind: FileKind, text: &str, code: &str) -> Vec<String> {
    let lines = LineIndex::new(text);
    findings(kind, text, code)
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

/// The text after applying the unsafe fixes of `code` once.
fn fixed_once(kind: FileKind, text: &str, code: &str) -> String {
    apply_fixes(text, &findings(kind, text, code), Applicability::Unsafe).text
}

const POD_HEAD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: x\n";

// ---- SS301 capabilities-not-dropped ----

/// An interpolated `cap_drop` item is decided outside the file: an `info` hint at the item (a
/// literal list without `ALL` is a warning at the key).
#[test]
fn ss301_compose_interpolated_cap_drop_is_a_hint() {
    let interpolated = "services:\n  web:\n    image: x\n    cap_drop: [\"${CAP_DROP}\"]\n";
    assert_eq!(
        positions(FileKind::Compose, interpolated, "SS301"),
        ["4:16-4:29 Service `web` takes `cap_drop` from a variable, so whether it drops `ALL` capabilities is decided outside the file; make sure the value given is `ALL`"]
    );
    let literal = "services:\n  web:\n    image: x\n    cap_drop: [CHOWN]\n";
    assert_eq!(
        positions(FileKind::Compose, literal, "SS301"),
        ["4:5-4:13 Service `web` drops some capabilities but not `ALL` in `cap_drop`"]
    );
}

/// A list inherited through `extends` is not the service's own: the message says it keeps the
/// defaults, at the service's key, and the fix adds its own `cap_drop: [ALL]`.
#[test]
fn ss301_compose_list_from_extends_is_reported_as_missing_on_the_service() {
    let text =
        "services:\n  base:\n    image: x\n    cap_drop: [CHOWN]\n  web:\n    extends: base\n";
    assert_eq!(
        positions(FileKind::Compose, text, "SS301"),
        [
            "4:5-4:13 Service `base` drops some capabilities but not `ALL` in `cap_drop`",
            "5:3-5:6 Service `web` keeps the default capabilities: `cap_drop` does not drop `ALL`",
        ]
    );
}

/// A `cap_drop` that comes from a merge key has no key of the service's own: the finding is at
/// the service's name (an own `cap_drop` is reported at its key, as the test above shows).
#[test]
fn ss301_compose_merged_cap_drop_is_reported_at_the_service() {
    let text = "services:\n  web:\n    image: x\n    <<: {cap_drop: [CHOWN]}\n";
    assert_eq!(
        positions(FileKind::Compose, text, "SS301"),
        ["2:3-2:6 Service `web` keeps the default capabilities: `cap_drop` does not drop `ALL`"]
    );
}

/// An empty `cap_drop:` is not a list to append to: the fix sets it to a list holding `ALL`.
#[test]
fn ss301_compose_fix_sets_an_empty_cap_drop() {
    let text = "services:\n  web:\n    image: x\n    cap_drop:\n";
    assert_eq!(
        fixed_once(FileKind::Compose, text, "SS301"),
        "services:\n  web:\n    image: x\n    cap_drop:\n      - ALL\n"
    );
}

/// A `drop` list that comes from a merge key has no text of its own at the container: the
/// finding is at the container's name.
#[test]
fn ss301_kubernetes_merged_drop_is_reported_at_the_container() {
    let text = format!(
        "{POD_HEAD}    securityContext:\n      capabilities:\n        <<: {{drop: [CHOWN]}}\n"
    );
    assert_eq!(
        positions(FileKind::Kubernetes, &text, "SS301"),
        ["7:5-7:12 Container `c` of Pod/p drops some capabilities but not `ALL` in `capabilities.drop`"]
    );
    let own =
        format!("{POD_HEAD}    securityContext:\n      capabilities:\n        drop: [CHOWN]\n");
    assert_eq!(
        positions(FileKind::Kubernetes, &own, "SS301"),
        ["11:9-11:13 Container `c` of Pod/p drops some capabilities but not `ALL` in `capabilities.drop`"]
    );
}

/// An empty `drop:` is not a list to append to: the fix sets it to a list holding `ALL`.
#[test]
fn ss301_kubernetes_fix_sets_an_empty_drop() {
    let text = format!("{POD_HEAD}    securityContext:\n      capabilities:\n        drop:\n");
    assert_eq!(
        fixed_once(FileKind::Kubernetes, &text, "SS301"),
        format!(
            "{POD_HEAD}    securityContext:\n      capabilities:\n        drop:\n        - ALL\n"
        )
    );
}

// ---- SS101 read-only-root-filesystem ----

/// A service cut short by a syntax error may set `read_only` in the part not parsed: not
/// reported (the same service read to its end is).
#[test]
fn ss101_compose_service_cut_short_is_not_reported() {
    let cut = "services:\n  web:\n    image: x\n    ports: [80\n";
    assert_eq!(
        positions(FileKind::Compose, cut, "SS101"),
        Vec::<String>::new()
    );
    let whole = "services:\n  web:\n    image: x\n    ports: [80]\n";
    assert_eq!(
        positions(FileKind::Compose, whole, "SS101"),
        ["2:3-2:6 Service `web` does not set `read_only: true`, so its root filesystem is writable"]
    );
}

/// `read_only: false` inherited through `extends` is reported at the service's key, as a missing
/// setting (the base reports its own explicit `false`).
#[test]
fn ss101_compose_false_from_extends_is_reported_at_the_service() {
    let text =
        "services:\n  base:\n    image: x\n    read_only: false\n  web:\n    extends: base\n";
    assert_eq!(
        positions(FileKind::Compose, text, "SS101"),
        [
            "4:16-4:21 Service `base` does not set `read_only` to `true`, so its root filesystem is writable",
            "5:3-5:6 Service `web` does not set `read_only: true`, so its root filesystem is writable",
        ]
    );
}

// ---- SS501 secret-in-environment ----

/// In a flow list, `NAME=value` is a plain scalar that `{` and `}` would end: the fix quotes the
/// whole item; a quoted item keeps its own quotes and only the value changes.
#[test]
fn ss501_compose_fix_quotes_a_plain_item_of_a_flow_list() {
    let plain = "services:\n  db:\n    image: x\n    environment: [DB_PASSWORD=hunter2]\n";
    assert_eq!(
        fixed_once(FileKind::Compose, plain, "SS501"),
        "services:\n  db:\n    image: x\n    environment: [\"DB_PASSWORD=${DB_PASSWORD}\"]\n"
    );
    let single = "services:\n  db:\n    image: x\n    environment: ['DB_PASSWORD=hunter2']\n";
    assert_eq!(
        fixed_once(FileKind::Compose, single, "SS501"),
        "services:\n  db:\n    image: x\n    environment: ['DB_PASSWORD=${DB_PASSWORD}']\n"
    );
}

/// Compose interpolates `${NAME}` only for names that start with a letter or `_`: a name that
/// starts with a digit gets no fix, one that starts with `_` does.
#[test]
fn ss501_compose_fix_only_for_names_compose_can_interpolate() {
    let underscore =
        "services:\n  db:\n    image: x\n    environment:\n      _DB_PASSWORD: hunter2\n";
    assert_eq!(
        fixed_once(FileKind::Compose, underscore, "SS501"),
        "services:\n  db:\n    image: x\n    environment:\n      _DB_PASSWORD: ${_DB_PASSWORD}\n"
    );
    let digit = "services:\n  db:\n    image: x\n    environment:\n      9_DB_PASSWORD: hunter2\n";
    let found = findings(FileKind::Compose, digit, "SS501");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].fixes.is_empty(), "{:?}", found[0].fixes);
}

/// A `value` that comes from a merge key is reported at the value alone (its key is not the
/// item's own); an own `value:` is reported from the key to the value.
#[test]
fn ss501_kubernetes_merged_value_is_reported_at_the_value() {
    let merged =
        format!("{POD_HEAD}    env:\n    - name: DB_PASSWORD\n      <<: {{value: hunter2}}\n");
    assert_eq!(
        positions(FileKind::Kubernetes, &merged, "SS501"),
        ["11:19-11:26 Secret-like variable `DB_PASSWORD` is set to a literal value; inject it from a secret store at run time"]
    );
    let own = format!("{POD_HEAD}    env:\n    - name: DB_PASSWORD\n      value: hunter2\n");
    assert_eq!(
        positions(FileKind::Kubernetes, &own, "SS501"),
        ["11:7-11:21 Secret-like variable `DB_PASSWORD` is set to a literal value; inject it from a secret store at run time"]
    );
}

/// The `secretKeyRef` fix rewrites only text that is the item's own, on one line: a merged
/// `value`, an aliased value, a quoted value over two lines and a Pod whose name cannot name a
/// Secret get no fix; an own one-line value does.
#[test]
fn ss501_kubernetes_secret_key_ref_fix_only_for_own_text_and_valid_names() {
    let own = format!("{POD_HEAD}    env:\n    - name: DB_PASSWORD\n      value: hunter2\n");
    assert_eq!(
        fixed_once(FileKind::Kubernetes, &own, "SS501"),
        format!("{POD_HEAD}    env:\n    - name: DB_PASSWORD\n      valueFrom:\n        secretKeyRef:\n          name: p-secrets\n          key: db_password\n")
    );
    let merged =
        format!("{POD_HEAD}    env:\n    - name: DB_PASSWORD\n      <<: {{value: hunter2}}\n");
    let aliased = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n    tier: &pw hunter2\nspec:\n  containers:\n  - name: c\n    image: x\n    env:\n    - name: DB_PASSWORD\n      value: *pw\n";
    let badly_named = own.replace("name: p\n", "name: \"my app\"\n");
    let two_lines = own.replace("value: hunter2\n", "value: \"hunter2\n        again\"\n");
    for text in [
        merged.as_str(),
        aliased,
        badly_named.as_str(),
        two_lines.as_str(),
    ] {
        let found = findings(FileKind::Kubernetes, text, "SS501");
        assert_eq!(found.len(), 1, "{text}\n{found:?}");
        assert!(found[0].fixes.is_empty(), "{text}\n{:?}", found[0].fixes);
    }
}

// ---- SS201 single-stage-build ----

/// The scaffold copies a path it knows: none when the build output is the WORKDIR and that is
/// a variable or `/`; one for a plain WORKDIR.
#[test]
fn ss201_scaffold_only_for_a_known_output_path() {
    let stage = |workdir: &str| {
        format!("FROM golang:1.22\nWORKDIR {workdir}\nCOPY . .\nRUN go build ./...\n")
    };
    let fixes = |text: &str| {
        let found = findings(FileKind::Dockerfile, text, "SS201");
        assert_eq!(found.len(), 1, "{text}\n{found:?}");
        found[0].fixes.len()
    };
    assert_eq!(fixes(&stage("/src")), 1);
    assert_eq!(fixes(&stage("$APP_HOME")), 0);
    assert_eq!(fixes(&stage("/")), 0);
}

/// Go builds get a distroless runtime stage, which has no shell: no scaffold when a moved
/// command needs one (shell-form `CMD`/`ENTRYPOINT`, any `HEALTHCHECK` but `NONE`).
#[test]
fn ss201_no_distroless_scaffold_for_commands_that_need_a_shell() {
    let stage = |tail: &str| {
        format!("FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o server .\n{tail}\n")
    };
    let fixes = |text: &str| {
        let found = findings(FileKind::Dockerfile, text, "SS201");
        assert_eq!(found.len(), 1, "{text}\n{found:?}");
        found[0].fixes.len()
    };
    assert_eq!(fixes(&stage("CMD [\"/src/server\"]")), 1);
    assert_eq!(fixes(&stage("HEALTHCHECK NONE")), 1);
    assert_eq!(fixes(&stage("CMD /src/server")), 0);
    assert_eq!(fixes(&stage("ENTRYPOINT /src/server")), 0);
    assert_eq!(
        fixes(&stage("HEALTHCHECK CMD [\"/src/server\", \"-health\"]")),
        0
    );
}

/// A runtime instruction in the middle of the build (indented, too) is deleted with its whole
/// line, indentation included, and moved to the runtime stage.
#[test]
fn ss201_scaffold_moves_an_indented_instruction_from_the_middle() {
    let text =
        "FROM golang:1.22\nWORKDIR /src\n  EXPOSE 8080\nCOPY . .\nRUN go build -o server .\n";
    assert_eq!(
        fixed_once(FileKind::Dockerfile, text, "SS201"),
        "FROM golang:1.22 AS build\nENV CGO_ENABLED=0\nWORKDIR /src\nCOPY . .\nRUN go build -o server .\n\nFROM gcr.io/distroless/static-debian12\nWORKDIR /src\nCOPY --from=build /src/server /src/server\nEXPOSE 8080\n"
    );
}

/// The continuation check reads the last instruction's line: a line before it that ends in a
/// multi-byte character is no trouble.
#[test]
fn ss201_scaffold_after_a_line_ending_in_a_multibyte_character() {
    let text = "FROM golang:1.22\nWORKDIR /src\nLABEL description=café\nRUN go build -o server .\n";
    assert_eq!(
        fixed_once(FileKind::Dockerfile, text, "SS201"),
        "FROM golang:1.22 AS build\nENV CGO_ENABLED=0\nWORKDIR /src\nLABEL description=café\nRUN go build -o server .\n\nFROM gcr.io/distroless/static-debian12\nWORKDIR /src\nCOPY --from=build /src/server /src/server\n"
    );
}

/// In a CRLF file the moved instruction's line goes with both bytes of its line break.
#[test]
fn ss201_scaffold_deletes_a_crlf_line_whole() {
    let text = "FROM golang:1.22\r\nWORKDIR /src\r\nEXPOSE 8080\r\nCOPY . .\r\nRUN go build -o server .\r\n";
    let fixed = fixed_once(FileKind::Dockerfile, text, "SS201");
    assert!(
        fixed.starts_with(
            "FROM golang:1.22 AS build\r\nENV CGO_ENABLED=0\r\nWORKDIR /src\r\nCOPY . .\r\nRUN go build -o server .\n"
        ),
        "{fixed:?}"
    );
}

/// `WORKDIR .` stays where it is: the output path is `/src`, not `/src/.`.
#[test]
fn ss201_scaffold_resolves_a_dot_workdir() {
    let text = "FROM golang:1.22\nWORKDIR /src\nWORKDIR .\nRUN go build ./...\n";
    assert_eq!(
        fixed_once(FileKind::Dockerfile, text, "SS201"),
        "FROM golang:1.22 AS build\nENV CGO_ENABLED=0\nWORKDIR /src\nWORKDIR .\nRUN go build ./...\n\nFROM gcr.io/distroless/static-debian12\nWORKDIR /src\nCOPY --from=build /src /src\n"
    );
}

// ---- SS403 capability-added-without-drop ----

/// The message names at most five capabilities, then how many more: five are all shown.
#[test]
fn ss403_message_names_five_capabilities_then_counts_the_rest() {
    let five = "services:\n  web:\n    image: x\n    cap_add: [NET_ADMIN, SYS_TIME, SYS_NICE, IPC_LOCK, SYS_RESOURCE]\n";
    assert_eq!(
        positions(FileKind::Compose, five, "SS403"),
        ["4:5-4:12 Service web adds `NET_ADMIN`, `SYS_TIME`, `SYS_NICE`, `IPC_LOCK`, `SYS_RESOURCE` on top of the default capability set instead of after dropping `ALL`"]
    );
    let six = five.replace("SYS_RESOURCE]", "SYS_RESOURCE, LEASE]");
    assert_eq!(
        positions(FileKind::Compose, &six, "SS403"),
        ["4:5-4:12 Service web adds `NET_ADMIN`, `SYS_TIME`, `SYS_NICE`, `IPC_LOCK`, `SYS_RESOURCE`, 1 more on top of the default capability set instead of after dropping `ALL`"]
    );
}

/// A `cap_add` from a merge key has no key of the service's own: the finding is at the
/// service's name.
#[test]
fn ss403_merged_cap_add_is_reported_at_the_service() {
    let text = "services:\n  web:\n    image: x\n    <<: {cap_add: [NET_ADMIN]}\n";
    assert_eq!(
        positions(FileKind::Compose, text, "SS403"),
        ["2:3-2:6 Service web adds `NET_ADMIN` on top of the default capability set instead of after dropping `ALL`"]
    );
}

/// A merged `cap_drop` is not the service's own to append to: the fix adds the service's own
/// `cap_drop` holding `ALL`, which wins over the merged one.
#[test]
fn ss403_fix_overrides_a_merged_cap_drop_locally() {
    let text =
        "services:\n  web:\n    image: x\n    <<: {cap_drop: [CHOWN]}\n    cap_add: [NET_ADMIN]\n";
    assert_eq!(
        fixed_once(FileKind::Compose, text, "SS403"),
        "services:\n  web:\n    image: x\n    <<: {cap_drop: [CHOWN]}\n    cap_add: [NET_ADMIN]\n    cap_drop:\n      - ALL\n"
    );
}

/// An empty `drop:` is not a list to append to: the fix sets it to a list holding `ALL`.
#[test]
fn ss403_kubernetes_fix_sets_an_empty_drop() {
    let text = format!("{POD_HEAD}    securityContext:\n      capabilities:\n        add: [NET_ADMIN]\n        drop:\n");
    assert_eq!(
        fixed_once(FileKind::Kubernetes, &text, "SS403"),
        format!("{POD_HEAD}    securityContext:\n      capabilities:\n        add: [NET_ADMIN]\n        drop:\n        - ALL\n")
    );
}

// ---- SS407 confinement-disabled ----

/// The Compose fix deletes the opt-out's own line from a block list that keeps another entry:
/// not from a flow list, not the only entry, not an alias.
#[test]
fn ss407_compose_fix_only_deletes_an_own_line_of_a_longer_block_list() {
    let fixes = |text: &str| {
        let found = findings(FileKind::Compose, text, "SS407");
        assert_eq!(found.len(), 1, "{text}\n{found:?}");
        found[0].fixes.len()
    };
    let block = "services:\n  web:\n    image: x\n    security_opt:\n      - no-new-privileges:true\n      - seccomp:unconfined\n";
    assert_eq!(fixes(block), 1);
    assert_eq!(
        fixed_once(FileKind::Compose, block, "SS407"),
        "services:\n  web:\n    image: x\n    security_opt:\n      - no-new-privileges:true\n"
    );
    let flow = "services:\n  web:\n    image: x\n    security_opt: [\n      no-new-privileges:true,\n      seccomp:unconfined\n    ]\n";
    assert_eq!(fixes(flow), 0);
    let only = "services:\n  web:\n    image: x\n    security_opt:\n      - seccomp:unconfined\n";
    assert_eq!(fixes(only), 0);
    let aliased = "x-unconfined: &unconfined seccomp:unconfined\nservices:\n  web:\n    image: x\n    security_opt:\n      - no-new-privileges:true\n      - *unconfined\n";
    assert_eq!(fixes(aliased), 0);
}

/// An unconfined annotation belongs to the object, not to one container: one finding however
/// many containers the Pod has (one or two).
#[test]
fn ss407_kubernetes_annotation_is_reported_once_per_object() {
    let two = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    container.apparmor.security.beta.kubernetes.io/c: unconfined\nspec:\n  containers:\n  - name: c\n    image: x\n  - name: d\n    image: x\n";
    let one = two.replace("  - name: d\n    image: x\n", "");
    for text in [two, &one] {
        assert_eq!(
            positions(FileKind::Kubernetes, text, "SS407"),
            ["6:55-6:65 Pod/p turns off its confinement (`container.apparmor.security.beta.kubernetes.io/c: unconfined`); keep the runtime's default profile or write one that allows what is needed"],
            "{text}"
        );
    }
}

/// The Pod's own `securityContext` is reported once, not once per container (one or two).
#[test]
fn ss407_kubernetes_pod_security_context_is_reported_once() {
    let two = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  securityContext:\n    seccompProfile:\n      type: Unconfined\n  containers:\n  - name: c\n    image: x\n  - name: d\n    image: x\n";
    let one = two.replace("  - name: d\n    image: x\n", "");
    for text in [two, &one] {
        assert_eq!(
            positions(FileKind::Kubernetes, text, "SS407"),
            ["8:13-8:23 Pod/p turns off its confinement (`securityContext.seccompProfile.type: Unconfined`); keep the runtime's default profile or write one that allows what is needed"],
            "{text}"
        );
    }
}

// ---- SS302 net-raw-not-dropped ----

/// Only a drop list can keep `NET_RAW`: an empty `cap_drop:` is SS301's (it drops nothing),
/// a list without `NET_RAW` is SS302's.
#[test]
fn ss302_compose_only_a_list_keeps_net_raw() {
    let empty = "services:\n  web:\n    image: x\n    cap_drop:\n";
    assert_eq!(
        positions(FileKind::Compose, empty, "SS302"),
        Vec::<String>::new()
    );
    assert_eq!(findings(FileKind::Compose, empty, "SS301").len(), 1);
    let list = "services:\n  web:\n    image: x\n    cap_drop: [CHOWN]\n";
    assert_eq!(findings(FileKind::Compose, list, "SS302").len(), 1);
}

// ---- SS404 privilege-escalation-allowed ----

/// `no-new-privileges:1` turns it on and `:0` off, as `true` and `false` do: `:0` is reported at
/// the item that turns it off.
#[test]
fn ss404_compose_no_new_privileges_takes_1_and_0() {
    let on = "services:\n  web:\n    image: x\n    security_opt:\n      - no-new-privileges:1\n";
    assert_eq!(
        positions(FileKind::Compose, on, "SS404"),
        Vec::<String>::new()
    );
    let off = "services:\n  web:\n    image: x\n    security_opt:\n      - no-new-privileges:0\n";
    assert_eq!(
        positions(FileKind::Compose, off, "SS404"),
        ["5:9-5:28 Service web does not set `no-new-privileges:true` in `security_opt`, so its processes may gain privileges"]
    );
}

/// A `security_opt` from a merge key has no key of the service's own: the finding is at the
/// service's name.
#[test]
fn ss404_compose_merged_security_opt_is_reported_at_the_service() {
    let text = "services:\n  web:\n    image: x\n    <<: {security_opt: [label:disable]}\n";
    assert_eq!(
        positions(FileKind::Compose, text, "SS404"),
        ["2:3-2:6 Service web does not set `no-new-privileges:true` in `security_opt`, so its processes may gain privileges"]
    );
}

/// An empty `security_opt:` is not a list to append to: the fix sets it to a list.
#[test]
fn ss404_compose_fix_sets_an_empty_security_opt() {
    let text = "services:\n  web:\n    image: x\n    security_opt:\n";
    assert_eq!(
        fixed_once(FileKind::Compose, text, "SS404"),
        "services:\n  web:\n    image: x\n    security_opt:\n      - no-new-privileges:true\n"
    );
}

/// A `security_opt` that is a single string is not a list: no fix rewrites it.
#[test]
fn ss404_compose_no_fix_for_a_security_opt_that_is_not_a_list() {
    let text = "services:\n  web:\n    image: x\n    security_opt: label:disable\n";
    let found = findings(FileKind::Compose, text, "SS404");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].fixes.is_empty(), "{:?}", found[0].fixes);
}

/// An empty `allowPrivilegeEscalation:` is missing, not `true`: reported at the container.
#[test]
fn ss404_kubernetes_empty_allow_privilege_escalation_is_missing() {
    let text = format!("{POD_HEAD}    securityContext:\n      allowPrivilegeEscalation:\n");
    assert_eq!(
        positions(FileKind::Kubernetes, &text, "SS404"),
        ["7:5-7:12 Pod/p container c does not set `allowPrivilegeEscalation: false`, so its processes may gain privileges"]
    );
}

/// The fix replaces the text of the container's own `allowPrivilegeEscalation: true` (its
/// comment stays); a merged or aliased value is not rewritten where it is written (no fix
/// applies).
#[test]
fn ss404_kubernetes_fix_rewrites_only_an_own_value() {
    let own =
        format!("{POD_HEAD}    securityContext:\n      allowPrivilegeEscalation: true # for now\n");
    assert_eq!(
        fixed_once(FileKind::Kubernetes, &own, "SS404"),
        format!(
            "{POD_HEAD}    securityContext:\n      allowPrivilegeEscalation: false # for now\n"
        )
    );
    let merged =
        format!("{POD_HEAD}    securityContext:\n      <<: {{allowPrivilegeEscalation: true}}\n");
    assert_eq!(findings(FileKind::Kubernetes, &merged, "SS404").len(), 1);
    assert_eq!(fixed_once(FileKind::Kubernetes, &merged, "SS404"), merged);
    let aliased = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n    escalate: &yes true\nspec:\n  containers:\n  - name: c\n    image: x\n    securityContext:\n      allowPrivilegeEscalation: *yes\n";
    assert_eq!(findings(FileKind::Kubernetes, aliased, "SS404").len(), 1);
    assert_eq!(fixed_once(FileKind::Kubernetes, aliased, "SS404"), aliased);
}

// ---- SS406 runtime-socket-mounted ----

/// Mounting `/var/run` (the directory that holds the socket) says so in the message.
#[test]
fn ss406_message_names_the_run_directory() {
    let text = "services:\n  web:\n    image: x\n    volumes:\n      - /var/run:/var/run\n";
    assert_eq!(
        positions(FileKind::Compose, text, "SS406"),
        ["5:9-5:26 Service web mounts the host directory holding the container runtime's socket (`/var/run`): that is root on the host"]
    );
}

/// In the long volume syntax only a bind mount's `source` is a host path: a `type: volume`
/// whose source looks like the socket's path is a named volume, not reported.
#[test]
fn ss406_long_syntax_only_bind_mounts_are_host_paths() {
    let volume = "services:\n  web:\n    image: x\n    volumes:\n      - type: volume\n        source: /var/run/docker.sock\n        target: /sock\n";
    assert_eq!(
        positions(FileKind::Compose, volume, "SS406"),
        Vec::<String>::new()
    );
    let bind = volume.replace("type: volume", "type: bind");
    assert_eq!(
        positions(FileKind::Compose, &bind, "SS406"),
        ["6:17-6:37 Service web mounts the container runtime's socket (`/var/run/docker.sock`): that is root on the host"]
    );
}

// ---- SS203 copy-from-unknown-stage ----

/// The message of a `--from` that names no stage, with the stage it may be a typo of.
fn ss203_typo(value: &str, nearest: Option<&str>) -> String {
    let typo = nearest.map_or_else(
        || "a typo of a stage name".to_string(),
        |name| format!("a typo of stage `{name}`"),
    );
    format!("`COPY --from={value}` names no stage of this file: {typo}, an image pulled from Docker Hub untagged, or a named build context given outside the file")
}

/// A stage named `<anything>_<value>` is the stage a plain `--from=<value>` meant, as
/// `<anything>-<value>` and `<value>-<anything>` are.
#[test]
fn ss203_suggests_a_stage_with_the_name_after_an_underscore() {
    for stage in ["tools_set", "tools-set", "set-tools"] {
        let text = format!("FROM alpine AS {stage}\nFROM alpine\nCOPY --from=set /out /\n");
        assert_eq!(
            positions(FileKind::Dockerfile, &text, "SS203"),
            [format!("3:13-3:16 {}", ss203_typo("set", Some(stage)))],
            "{stage}"
        );
    }
}

/// A spelling counts as close when it is at most 2 edits away and fewer than half the longer
/// name's length plus one: `cd` is no typo of `ab` (2 edits of 2 letters), `ax` is.
#[test]
fn ss203_two_letter_names_need_a_closer_spelling() {
    let far = "FROM alpine AS ab\nFROM alpine\nCOPY --from=cd /out /\n";
    assert_eq!(
        positions(FileKind::Dockerfile, far, "SS203"),
        [format!("3:13-3:15 {}", ss203_typo("cd", None))]
    );
    let near = "FROM alpine AS ab\nFROM alpine\nCOPY --from=ax /out /\n";
    assert_eq!(
        positions(FileKind::Dockerfile, near, "SS203"),
        [format!("3:13-3:15 {}", ss203_typo("ax", Some("ab")))]
    );
}

/// Spellings are compared up to 64 bytes: a 64-byte typo of a 64-byte stage is named, a
/// 65-byte one is not (the distance of a longer name counts as far).
#[test]
fn ss203_typos_are_compared_up_to_64_bytes() {
    let stage = format!("{}ab", "x".repeat(62));
    let typo = format!("{}aa", "x".repeat(62));
    let text = format!("FROM alpine AS {stage}\nFROM alpine\nCOPY --from={typo} /out /\n");
    assert_eq!(
        positions(FileKind::Dockerfile, &text, "SS203"),
        [format!("3:13-3:77 {}", ss203_typo(&typo, Some(&stage)))]
    );
    let longer = format!("{stage}c");
    let text = format!("FROM alpine AS {stage}\nFROM alpine\nCOPY --from={longer} /out /\n");
    assert_eq!(
        positions(FileKind::Dockerfile, &text, "SS203"),
        [format!("3:13-3:78 {}", ss203_typo(&longer, None))]
    );
}

/// The edit distance counts a deleted or an inserted letter as one edit: `builds` is a typo of
/// `build` (one deletion), `builderxyz` (three deletions) and `bld` (four insertions) are no
/// typo of `builder`.
#[test]
fn ss203_a_deleted_or_inserted_letter_is_one_edit() {
    for (value, nearest) in [
        ("builds", Some("build")),
        ("builderxyz", None),
        ("bld", None),
    ] {
        let stage = nearest.unwrap_or("builder");
        let text = format!("FROM alpine AS {stage}\nFROM alpine\nCOPY --from={value} /out /\n");
        let end = 13 + value.len();
        assert_eq!(
            positions(FileKind::Dockerfile, &text, "SS203"),
            [format!("3:13-3:{end} {}", ss203_typo(value, nearest))],
            "{value}"
        );
    }
}

// ---- SS504 secret-in-manifest ----

/// A ConfigMap's `data` is plain text, not base64: a token that happens to decode to a number
/// is still reported (in a Secret's `data`, where it is base64, it is a setting).
#[test]
fn ss504_config_map_values_are_not_decoded() {
    let config_map =
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  API_TOKEN: MTIzNDU2Nzg=\n";
    assert_eq!(
        positions(FileKind::Kubernetes, config_map, "SS504"),
        ["6:3-6:26 ConfigMap/cfg holds the secret-like key `API_TOKEN` with a literal value; keep secrets out of ConfigMaps and out of the repository"]
    );
    let secret = config_map.replace("ConfigMap", "Secret");
    assert_eq!(
        positions(FileKind::Kubernetes, &secret, "SS504"),
        Vec::<String>::new()
    );
}

const SS504_SECRET: &str = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n";

fn ss504_commits(key: &str) -> String {
    format!("Secret/db commits the value of `{key}` in the file (base64 is not encryption); use a SealedSecret, an ExternalSecret or a secret created outside the repository")
}

/// In a Secret's `stringData`, a setting (`debug`, a number) under a credential key is not
/// reported, a longer literal is; a key that names no credential (`endpoint`) is not, and a
/// public key stays public even when its name says `token`.
#[test]
fn ss504_secret_string_data_settings_and_keys() {
    let text = format!("{SS504_SECRET}  token: \"12345\"\n  endpoint: https://api.example.com/v1\n  token.pub: ssh-ed25519-AAAAC3Nz\n  password: hunter2-longer\n");
    assert_eq!(
        positions(FileKind::Kubernetes, &text, "SS504"),
        [format!("9:3-9:27 {}", ss504_commits("password"))]
    );
}

/// A key that comes from a merge key is reported at its value (the key is written elsewhere).
#[test]
fn ss504_merged_key_is_reported_at_the_value() {
    let text = format!("{SS504_SECRET}  <<: {{password: hunter2-longer}}\n");
    assert_eq!(
        positions(FileKind::Kubernetes, &text, "SS504"),
        [format!("6:18-6:32 {}", ss504_commits("password"))]
    );
}
