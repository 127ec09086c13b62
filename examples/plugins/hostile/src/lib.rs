//! A guest that misbehaves, for the sandbox tests in `cli/tests/plugins.rs`. One build serves
//! every case: the test copies it under several names and each copy's `[plugin.<name>]` table
//! picks the misbehaviour with `mode`:
//!
//! - `loop`: never returns; `bomb`: allocates until memory runs out; `trap`: panics (a trap);
//! - `escape`: tries to read `/etc/passwd` and the `HOME` variable, and reports what it got;
//! - `bad-span`: returns a span past the end of the document; `error`: returns `Err`;
//! - `fix`: reports `HOST001` with a safe fix that adds a `# reviewed` first line, until it is there;
//! - anything else: reports one `HOST001` finding at the start of the file.

#[cfg(target_arch = "wasm32")]
mod component {
    wit_bindgen::generate!({
        world: "checker",
        path: "../../../wit/shipshape-plugin.wit",
    });

    use shipshape::plugin::types::{Applicability, Fix, Severity, Span, TextEdit};

    struct Hostile;

    fn finding(message: String, start: u32, end: u32) -> Finding {
        Finding {
            code: "HOST001".into(),
            name: "hostile".into(),
            severity: Severity::Warning,
            message,
            span: Span { start, end },
            object: None,
            fixes: Vec::new(),
        }
    }

    impl Guest for Hostile {
        fn rules() -> Vec<Rule> {
            vec![Rule {
                code: "HOST001".into(),
                name: "hostile".into(),
                summary: "A test rule".into(),
                default_severity: Severity::Warning,
                kinds: Vec::new(),
                docs_url: None,
            }]
        }

        fn check(doc: Document, config: String) -> Result<Vec<Finding>, String> {
            let config: serde_json::Value =
                serde_json::from_str(&config).map_err(|e| e.to_string())?;
            let mode = config["plugin"]["mode"].as_str().unwrap_or("").to_string();
            match mode.as_str() {
                "loop" => {
                    let mut n: u64 = 0;
                    loop {
                        n = std::hint::black_box(n.wrapping_add(1));
                    }
                }
                "bomb" => {
                    let mut hoard: Vec<Vec<u8>> = Vec::new();
                    loop {
                        hoard.push(vec![1u8; 16 * 1024 * 1024]);
                        std::hint::black_box(&hoard);
                    }
                }
                "trap" => panic!("hostile guest traps on purpose"),
                "escape" => {
                    let file = match std::fs::read_to_string("/etc/passwd") {
                        Ok(text) => format!("read /etc/passwd: {}", text.len()),
                        Err(error) => format!("file denied ({error})"),
                    };
                    let env = match std::env::var("HOME") {
                        Ok(home) => format!("HOME={home}"),
                        Err(_) => "env denied".to_string(),
                    };
                    let vars = std::env::vars().count();
                    Ok(vec![finding(
                        format!("{file}; {env}; {vars} variables"),
                        0,
                        0,
                    )])
                }
                "bad-span" => {
                    let len = doc.text.len() as u32;
                    Ok(vec![finding("past the end".into(), 0, len + 10)])
                }
                "error" => Err("hostile guest refuses".into()),
                "fix" if doc.text.starts_with("# reviewed\n") => Ok(Vec::new()),
                "fix" => {
                    let mut unreviewed = finding("the file is not marked as reviewed".into(), 0, 0);
                    unreviewed.fixes.push(Fix {
                        title: "Mark it as reviewed".into(),
                        applicability: Applicability::Safe,
                        edits: vec![TextEdit {
                            span: Span { start: 0, end: 0 },
                            new_text: "# reviewed\n".into(),
                        }],
                    });
                    Ok(vec![unreviewed])
                }
                _ => Ok(vec![finding(format!("checked {}", doc.path), 0, 0)]),
            }
        }
    }

    export!(Hostile);
}
