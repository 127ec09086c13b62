//! `wasm/src/types.d.ts`: the TypeScript declarations of the wasm module's values, generated
//! from the Rust types that serde (de)serialises (ts-rs, behind the `ts` features of
//! shipshape-core and shipshape-wasm). `--check` fails when the committed file is stale.
//!
//! The declarations come from the `ts-types` example of shipshape-wasm, built for the host with
//! the dev profile: only core, the workspace layer and the wasm crate's pure half, never the
//! plugin host.

use std::path::Path;
use std::process::{Command, Stdio};

/// The generated file, relative to the workspace root.
pub const FILE: &str = "wasm/src/types.d.ts";

pub fn run(cargo: Command, root: &Path, check: bool) -> Result<(), String> {
    let generated = generate(cargo)?;
    let path = root.join(FILE);
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed == generated {
        eprintln!("{FILE} is up to date");
        return Ok(());
    }
    if check {
        return Err(format!(
            "{FILE} is stale: the Rust types now give other TypeScript declarations \
             (run `cargo xtask ts-types` and commit it)\n{}",
            first_difference(&committed, &generated)
        ));
    }
    std::fs::write(&path, generated).map_err(|error| format!("{}: {error}", path.display()))?;
    eprintln!("wrote {FILE}");
    Ok(())
}

fn generate(mut cargo: Command) -> Result<String, String> {
    cargo
        .args([
            "run",
            "--quiet",
            "--package",
            "shipshape-wasm",
            "--features",
            "ts",
            "--example",
            "ts-types",
        ])
        .stderr(Stdio::inherit());
    let description = format!("{cargo:?}");
    eprintln!("$ {description}");
    let output = cargo
        .output()
        .map_err(|error| format!("could not start {description}: {error}"))?;
    if !output.status.success() {
        return Err(format!("{description} failed with {}", output.status));
    }
    String::from_utf8(output.stdout).map_err(|error| format!("{description}: {error}"))
}

/// The first line that differs, as `-committed` / `+generated`.
fn first_difference(committed: &str, generated: &str) -> String {
    let mut old = committed.lines();
    let mut new = generated.lines();
    for number in 1.. {
        match (old.next(), new.next()) {
            (None, None) => break,
            (a, b) if a == b => continue,
            (a, b) => {
                return format!(
                    "first difference at line {number}:\n-{}\n+{}",
                    a.unwrap_or("(end of file)"),
                    b.unwrap_or("(end of file)")
                )
            }
        }
    }
    "the files differ only in their final line break".to_string()
}

#[cfg(test)]
mod tests {
    use super::first_difference;

    #[test]
    fn names_the_first_differing_line() {
        assert_eq!(
            first_difference("a\nb\nc\n", "a\nB\nc\n"),
            "first difference at line 2:\n-b\n+B"
        );
        assert_eq!(
            first_difference("a\n", "a\nb\n"),
            "first difference at line 2:\n-(end of file)\n+b"
        );
    }
}
