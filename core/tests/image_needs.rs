//! Issue 18, "fixes that deploy": hardening an official image (core/src/images.rs) gives it what
//! its entrypoint needs: a `tmpfs` on the paths it writes and `cap_add` of the capabilities it
//! uses after `cap_drop: [ALL]`, so that the hardened service still starts.

use shipshape_core::fix::fix_document;
use shipshape_core::{check, Applicability, Config, Document, FileKind};

fn fixed(text: &str) -> String {
    let document = Document::new("compose.yaml", text, FileKind::Compose);
    fix_document(&document, &Config::default(), Applicability::Unsafe).text
}

fn fix_titles(text: &str, code: &str) -> Vec<String> {
    check(
        &Document::new("compose.yaml", text, FileKind::Compose),
        &Config::default(),
    )
    .into_iter()
    .filter(|finding| finding.code == code)
    .flat_map(|finding| finding.fixes.into_iter().map(|fix| fix.title))
    .collect()
}

#[test]
fn postgres_gets_its_run_directory_and_its_entrypoint_capabilities() {
    let text = "services:\n  db:\n    image: postgres:16-alpine\n    volumes:\n      - pgdata:/var/lib/postgresql/data\n";
    assert_eq!(
        fix_titles(text, "SS101"),
        ["Set `read_only: true`, with a `tmpfs` on /var/run/postgresql, /tmp for `postgres`"]
    );
    assert_eq!(
        fix_titles(text, "SS301"),
        ["Add `cap_drop: [ALL]`, and `cap_add` CHOWN, DAC_OVERRIDE, FOWNER, SETGID, SETUID for `postgres`"]
    );
    assert_eq!(
        fixed(text),
        "services:\n  db:\n    image: postgres:16-alpine\n    volumes:\n      - pgdata:/var/lib/postgresql/data\n    read_only: true\n    tmpfs:\n      - /var/run/postgresql\n      - /tmp\n    cap_drop:\n      - ALL\n    cap_add:\n      - CHOWN\n      - DAC_OVERRIDE\n      - FOWNER\n      - SETGID\n      - SETUID\n    security_opt:\n      - no-new-privileges:true\n    pids_limit: 100\n"
    );
}

#[test]
fn what_the_service_already_mounts_or_adds_is_not_added_again() {
    let text = "services:\n  web:\n    image: docker.io/library/nginx:1.27\n    tmpfs: [/tmp]\n    volumes:\n      - type: tmpfs\n        target: /var/cache/nginx\n    cap_add: [NET_BIND_SERVICE]\n";
    let out = fixed(text);
    assert_eq!(
        out,
        "services:\n  web:\n    image: docker.io/library/nginx:1.27\n    tmpfs: [/tmp, /var/run]\n    volumes:\n      - type: tmpfs\n        target: /var/cache/nginx\n    cap_add: [NET_BIND_SERVICE, CHOWN, SETGID, SETUID]\n    read_only: true\n    cap_drop:\n      - ALL\n    security_opt:\n      - no-new-privileges:true\n    pids_limit: 100\n"
    );
}

#[test]
fn redis_needs_no_tmpfs_and_other_images_get_the_plain_fix() {
    let redis = "services:\n  cache:\n    image: redis:7\n";
    assert_eq!(fix_titles(redis, "SS101"), ["Set `read_only: true`"]);
    assert_eq!(
        fix_titles(redis, "SS301"),
        ["Add `cap_drop: [ALL]`, and `cap_add` CHOWN, SETGID, SETUID for `redis`"]
    );
    // Another registry's or namespace's image is another image.
    for image in ["bitnami/postgresql:16", "ghcr.io/acme/postgres:16"] {
        let text = format!("services:\n  db:\n    image: {image}\n");
        assert_eq!(fix_titles(&text, "SS101"), ["Set `read_only: true`"]);
        assert_eq!(fix_titles(&text, "SS301"), ["Add `cap_drop: [ALL]`"]);
    }
}

#[test]
fn the_hardened_file_is_clean_and_fixing_again_changes_nothing() {
    let text = "services:\n  db:\n    image: mysql:8.4\n  mq:\n    image: mongo\n";
    let once = fixed(text);
    assert_eq!(fixed(&once), once);
    let left: Vec<String> = check(
        &Document::new("compose.yaml", &once, FileKind::Compose),
        &Config::default(),
    )
    .into_iter()
    .map(|finding| finding.code)
    .collect();
    assert_eq!(left, Vec::<String>::new(), "{once}");
}
