//! The run's language (issue #14): `--lang`, SHIPSHAPE_LANG, LC_ALL, LC_MESSAGES, LANG. Only
//! message and fix texts change with it: codes, positions, order, fixes' edits, exit codes and
//! SARIF fingerprints stay the same.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn examples() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples"))
}

/// `shipshape` in `examples/` with no language variable but those given.
fn shipshape(env: &[(&str, &str)], args: &[&str]) -> (i32, String, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_shipshape"));
    command.current_dir(examples()).env("NO_COLOR", "1");
    for name in ["SHIPSHAPE_LANG", "LC_ALL", "LC_MESSAGES", "LANG"] {
        command.env_remove(name);
    }
    for (name, value) in env {
        command.env(name, value);
    }
    let output = command.args(args).output().expect("run shipshape");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn has_chinese(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// Whether `text`, without its `code spans`, still has three English words in a row: an
/// untranslated sentence or fragment.
fn has_english_prose(text: &str) -> bool {
    let prose: String = text.split('`').step_by(2).collect::<Vec<_>>().join(" ");
    let words: Vec<&str> = prose
        .split(|c: char| !c.is_ascii_alphabetic() && c != ' ')
        .collect();
    words.iter().any(|run| {
        run.split(' ').collect::<Vec<_>>().windows(3).any(|w| {
            w.iter()
                .all(|word| !word.is_empty() && word.bytes().all(|b| b.is_ascii_lowercase()))
        })
    })
}

fn json(env: &[(&str, &str)], args: &[&str]) -> Value {
    let (code, stdout, stderr) = shipshape(env, args);
    assert_eq!(code, 1, "{stderr}");
    serde_json::from_str(&stdout).expect("JSON report")
}

#[test]
fn lang_zh_cn_puts_every_message_and_fix_title_in_chinese() {
    let (code, stdout, _) = shipshape(&[("LANG", "zh_CN.UTF-8")], &["check", "bad"]);
    assert_eq!(code, 1);
    let finding_lines: Vec<&str> = stdout.lines().filter(|l| l.starts_with("bad/")).collect();
    assert!(finding_lines.len() >= 10, "{stdout}");
    for line in &finding_lines {
        let message = line.split_once("]").map(|(_, rest)| rest).unwrap_or(line);
        assert!(has_chinese(message), "not in Chinese: {line}");
    }
    let fix_lines: Vec<&str> = stdout.lines().filter(|l| l.contains("= 修复")).collect();
    assert!(!fix_lines.is_empty(), "{stdout}");
    assert!(!stdout.contains("= fix"), "an English fix label: {stdout}");
    let summary = stdout.lines().last().unwrap_or("");
    assert!(
        summary.starts_with("在 ") && summary.contains("个文件中发现"),
        "{summary}"
    );

    let report = json(
        &[("LANG", "zh_CN.UTF-8")],
        &["check", "bad", "--format", "json"],
    );
    let findings = report["findings"].as_array().expect("findings");
    for finding in findings {
        let message = finding["message"].as_str().unwrap_or("");
        assert!(
            has_chinese(message) && !has_english_prose(message),
            "not in Chinese: {message}"
        );
        for fix in finding["fixes"].as_array().into_iter().flatten() {
            let title = fix["title"].as_str().unwrap_or("");
            assert!(
                has_chinese(title) && !has_english_prose(title),
                "fix title: {title}"
            );
        }
        for related in finding["related"].as_array().into_iter().flatten() {
            let message = related["message"].as_str().unwrap_or("");
            assert!(!has_english_prose(message), "related: {message}");
        }
    }
}

#[test]
fn english_prose_is_detected() {
    assert!(has_english_prose(
        "服务 db sets `x: 1`, which means no PID limit"
    ));
    assert!(!has_english_prose(
        "服务 `db` 未设置 `read_only: true`，其根文件系统可写"
    ));
    assert!(!has_english_prose("这看起来是 npm 访问令牌；请吊销它"));
}

#[test]
fn the_flag_wins_then_shipshape_lang_then_lc_all_lc_messages_lang() {
    let first_message = |env: &[(&str, &str)], args: &[&str]| -> String {
        let mut all = vec!["check", "bad", "--format", "json"];
        all.extend_from_slice(args);
        json(env, &all)["findings"][0]["message"]
            .as_str()
            .unwrap_or("")
            .to_string()
    };
    let english = first_message(&[], &[]);
    assert!(!has_chinese(&english), "{english}");
    let chinese = first_message(&[], &["--lang", "zh-CN"]);
    assert!(has_chinese(&chinese), "{chinese}");
    assert_eq!(
        first_message(&[("LANG", "zh_CN.UTF-8")], &["--lang", "en"]),
        english
    );
    assert_eq!(
        first_message(&[("SHIPSHAPE_LANG", "zh-CN"), ("LANG", "en_US.UTF-8")], &[]),
        chinese
    );
    assert_eq!(
        first_message(&[("LC_ALL", "en_US.UTF-8"), ("LANG", "zh_CN.UTF-8")], &[]),
        english
    );
    assert_eq!(
        first_message(
            &[("LC_MESSAGES", "zh_CN.UTF-8"), ("LANG", "en_US.UTF-8")],
            &[]
        ),
        chinese
    );
    assert_eq!(first_message(&[("LANG", "de_DE.UTF-8")], &[]), english);

    let (code, _, stderr) = shipshape(&[], &["--lang", "fr", "check", "bad"]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "error: unknown language `fr` (expected `en` or `zh-CN`)\n"
    );
}

/// Replace every `"text": "…"` and `"markdown": "…"` value (messages, fix descriptions, rule
/// descriptions and help) with a mask.
fn mask_texts(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map.iter_mut() {
                if (key == "text" || key == "markdown") && inner.is_string() {
                    *inner = Value::String("<text>".into());
                } else {
                    mask_texts(inner);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(mask_texts),
        _ => {}
    }
}

#[test]
fn sarif_differs_between_languages_only_in_texts() {
    let sarif = |lang: &str| {
        let (code, stdout, stderr) =
            shipshape(&[], &["--lang", lang, "check", "bad", "--format", "sarif"]);
        assert_eq!(code, 1, "{stderr}");
        serde_json::from_str::<Value>(&stdout).expect("SARIF")
    };
    let (mut english, mut chinese) = (sarif("en"), sarif("zh-CN"));
    assert_ne!(english, chinese);
    let message = &chinese["runs"][0]["results"][0]["message"]["text"];
    assert!(has_chinese(message.as_str().unwrap_or("")), "{message}");
    // The rules' descriptions and help are the Chinese pages' (the first section as one
    // paragraph, with no spaces where a Chinese line was wrapped).
    let rules = chinese["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    let ss101 = rules
        .iter()
        .find(|rule| rule["id"] == "SS101")
        .expect("SS101");
    assert_eq!(ss101["shortDescription"]["text"], "容器的根文件系统可写");
    assert!(ss101["fullDescription"]["text"]
        .as_str()
        .unwrap_or("")
        .starts_with("报告根文件系统可写的容器：没有设置 `read_only: true` 的 Compose 服务，或没有设置 `securityContext.readOnlyRootFilesystem: true` 的 Kubernetes 容器（位于 `containers`、`initContainers` 或"), "{}", ss101["fullDescription"]);
    assert!(ss101["help"]["markdown"]
        .as_str()
        .unwrap_or("")
        .contains("## 为什么有问题？"));
    assert_eq!(
        ss101["helpUri"],
        english["runs"][0]["tool"]["driver"]["rules"][3]["helpUri"]
    );
    mask_texts(&mut english);
    mask_texts(&mut chinese);
    assert_eq!(english, chinese);
}

#[test]
fn explain_prints_the_rule_page_in_the_chosen_language() {
    let (code, chinese, stderr) = shipshape(&[], &["explain", "SS101", "--lang", "zh-CN"]);
    assert_eq!(code, 0, "{stderr}");
    let data = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../core/locales/zh-CN/rules/SS101.md"
    ))
    .expect("the Chinese docs of SS101");
    assert!(
        chinese.starts_with(
            "# read-only-root-filesystem (SS101)\n\n严重级别：warning。适用于：compose, kubernetes,"
        ),
        "{chinese}"
    );
    assert!(chinese.contains(&data), "{chinese}");
    assert!(chinese.ends_with(
        "\n文档：https://github.com/shipshape-dev/shipshape/blob/main/docs/rules/zh-CN/SS101.md\n"
    ));
    // LANG chooses it too; `--lang en` wins over it and prints the doc comment.
    let (_, from_lang, _) = shipshape(&[("LANG", "zh_CN.UTF-8")], &["explain", "SS101"]);
    assert_eq!(from_lang, chinese);
    let (code, english, _) = shipshape(
        &[("LANG", "zh_CN.UTF-8")],
        &["explain", "SS101", "--lang", "en"],
    );
    assert_eq!(code, 0);
    assert!(english.contains("\n## What it does\nReports containers whose root filesystem"));
    assert!(!has_chinese(&english), "{english}");
    let (code, _, stderr) = shipshape(&[("LANG", "zh_CN.UTF-8")], &["explain", "SS999"]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "错误：没有规则 `SS999`；`shipshape rules` 会列出全部规则\n"
    );
}

#[test]
fn parser_details_fix_summaries_and_errors_are_in_chinese() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("Dockerfile"), "FROM alpine:3.20\nFOO bar\n").expect("write");
    std::fs::write(
        dir.path().join("compose.yaml"),
        "services:\n  web:\n    ports: [8080:80\n",
    )
    .expect("write");
    let run = |args: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_shipshape"))
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .env_remove("SHIPSHAPE_LANG")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", "zh_CN.UTF-8")
            .args(args)
            .output()
            .expect("run shipshape");
        (
            output.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let (code, stdout, _) = run(&["check", "Dockerfile", "compose.yaml"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.contains("Dockerfile:2:1: SS000 [parse-error] error: 解析失败：未知的指令 `FOO`\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("compose.yaml:4:1: SS000 [parse-error] error: 解析失败：YAML 无效：解析流式序列时，应为 ',' 或 ']'\n"),
        "{stdout}"
    );
    let (code, _, stderr) = run(&["check", "missing.yaml"]);
    assert_eq!(code, 2);
    assert_eq!(stderr, "错误：missing.yaml：没有这个文件或目录\n");
    let (code, _, stderr) = run(&["check", "--format", "json", "--statistics", "."]);
    assert_eq!(code, 2);
    assert_eq!(stderr, "错误：--statistics 只能与 --format text 一起使用\n");

    std::fs::write(dir.path().join("Dockerfile"), "FROM alpine:3.20\n").expect("write");
    std::fs::write(
        dir.path().join("compose.yaml"),
        "services:\n  web:\n    image: nginx:1.27\n    cap_drop: [NET_ADMIN]\n",
    )
    .expect("write");
    let (_, stdout, stderr) = run(&["fix", "--diff", "compose.yaml"]);
    assert!(
        stdout.contains("+    cap_drop: [NET_ADMIN, NET_RAW]"),
        "{stdout}"
    );
    assert_eq!(
        stderr,
        "将在 1 个文件中修复 1 个问题；另有 4 个可加 `--unsafe-fixes` 修复\n"
    );
    let (_, stdout, _) = run(&["fix", "compose.yaml"]);
    assert!(
        stdout.ends_with(
            "已在 1 个文件中修复 1 个问题（还剩 4 个）；另有 4 个可加 `--unsafe-fixes` 修复\n"
        ),
        "{stdout}"
    );
    let (_, stdout, _) = run(&["check", "--statistics", "compose.yaml"]);
    assert!(
        stdout.contains("SS301  capabilities-not-dropped      1 个可加 `--unsafe-fixes` 修复\n"),
        "{stdout}"
    );
    let (_, stdout, _) = run(&["rules"]);
    assert!(stdout.starts_with("代码   名称 "), "{stdout}");
    assert!(stdout.contains("  容器以特权模式运行\n"), "{stdout}");
}
