//! Misbehaving guests for the sandbox tests in `cli/tests/plugins.rs`. Each is one example in
//! `examples/`, built as its own component (`cargo build --release --target wasm32-wasip2
//! --examples -p shipshape-hostile-plugin`):
//!
//! - `loop` never returns; `bomb` allocates until memory runs out; `trap` panics (a trap);
//! - `escape` tries to read `/etc/passwd` and the `HOME` variable, and reports what it got;
//! - `bad_span` returns a span past the end of the document; `error` returns `Err`;
//! - `reviewer` is well behaved: `HOST001` with a safe fix that adds a `# reviewed` first line.
//! - `kinds` and `kinds_0_1` report the file kind the host sent (`HOST001` at 0..0); `kinds_0_1`
//!   is built against the frozen `wit/0.1.0/shipshape-plugin.wit`, as a plugin written before
//!   0.2.0 was, so the tests see that an older plugin still runs and what it is sent.
//!
//! [`guest!`] holds what they share: the bindings, one rule (`HOST001`) and the export; each
//! example gives only the body of `check`.

/// Define a guest whose `check(doc, config)` runs `$body`, with `finding(message, start, end)`
/// in scope to build `HOST001` findings. `guest!(wit = "...", |doc| ...)` builds it against
/// another WIT file (an older interface version).
#[macro_export]
macro_rules! guest {
    (|$doc:ident| $body:block) => {
        $crate::guest!(wit = "../../../wit/shipshape-plugin.wit", |$doc| $body);
    };
    (wit = $wit:literal, |$doc:ident| $body:block) => {
        #[cfg(target_arch = "wasm32")]
        mod component {
            wit_bindgen::generate!({
                world: "checker",
                path: $wit,
            });

            #[allow(unused_imports)]
            use shipshape::plugin::types::{Applicability, Fix, Severity, Span, TextEdit};

            #[allow(dead_code)]
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

            struct Hostile;

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

                #[allow(unused_variables, unreachable_code)]
                fn check($doc: Document, _config: String) -> Result<Vec<Finding>, String> {
                    $body
                }
            }

            export!(Hostile);
        }
    };
}
