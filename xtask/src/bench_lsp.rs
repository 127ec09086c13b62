//! `cargo xtask bench-lsp`: the language server's latency from a one-character `didChange` on a
//! 2,000-line file to the `publishDiagnostics` for it, and the server's CPU time per edit, from
//! `tests/lsp/bench.mjs` (a real LSP client driving the release binary over stdio), against the
//! targets of issue 19: a median of at most 2 ms, wall and CPU.

use std::path::Path;
use std::process::Command;

use crate::peers::load_average;

/// Issue 19's target for the median latency and for the server CPU per edit, in ms.
const TARGET_MS: f64 = 2.0;

pub fn run(rest: &[String]) -> Result<(), String> {
    let edits = match rest {
        [] => "500".to_string(),
        [flag, count] if flag == "--edits" && count.parse::<u32>().is_ok() => count.clone(),
        other => {
            return Err(format!(
                "unknown arguments {other:?} (bench-lsp [--edits N])"
            ))
        }
    };
    let root = crate::root();
    crate::run(crate::cargo().args(["build", "--release", "--package", "shipshape-lsp"]))?;
    let tests = root.join("tests").join("lsp");
    crate::npm_ci(&tests)?;
    let server = crate::target_dir().join("release").join("shipshape-lsp");
    let load_before = load_average();
    let output = Command::new("node")
        .args(["bench.mjs", "--edits", &edits, "--json"])
        .env("SHIPSHAPE_LSP", &server)
        .current_dir(&tests)
        .output()
        .map_err(|error| format!("could not start node: {error}"))?;
    if !output.status.success() {
        return Err(format!(
            "tests/lsp/bench.mjs failed with {}:\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let report: serde_json::Value = serde_json::from_slice(&output.stdout)
        .map_err(|error| format!("tests/lsp/bench.mjs printed no JSON report: {error}"))?;
    println!(
        "{}",
        render(&report, &server, &load_before, &load_average())
    );
    Ok(())
}

/// The report as a Markdown table, each figure marked against the target.
fn render(report: &serde_json::Value, server: &Path, before: &str, after: &str) -> String {
    let mark = |ms: f64| if ms <= TARGET_MS { "ok" } else { "over" };
    let mut out = format!(
        "shipshape-lsp ({}), {} edits per file, each sent once the previous edit's diagnostics \
         arrived; target: median wall and server CPU per edit at most {TARGET_MS} ms\n\n\
         | file | lines | diagnostics | median (wall) | p99 | server CPU per edit |\n\
         |---|---:|---:|---:|---:|---:|\n",
        server.display(),
        report["edits_per_file"],
    );
    for result in report["results"].as_array().into_iter().flatten() {
        let median = result["median_ms"].as_f64().unwrap_or(f64::NAN);
        let cpu = result["server_cpu_ms_per_edit"]
            .as_f64()
            .unwrap_or(f64::NAN);
        out.push_str(&format!(
            "| {} | {} | {} | {median:.2} ms ({}) | {:.2} ms | {cpu:.2} ms ({}) |\n",
            result["file"].as_str().unwrap_or("?"),
            result["lines"],
            result["diagnostics"],
            mark(median),
            result["p99_ms"].as_f64().unwrap_or(f64::NAN),
            mark(cpu),
        ));
    }
    let memory = &report["memory_kib"];
    out.push_str(&format!(
        "\nload average (1, 5, 15 min): {before} before, {after} after; resident memory {} KiB \
         idle, {} KiB with both files open",
        memory["idle_rss"], memory["rss_with_both_open"]
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_figures_against_the_target() {
        let report = serde_json::json!({
            "edits_per_file": 10,
            "results": [
                {"file": "compose.yaml", "lines": 2000, "diagnostics": 85, "median_ms": 1.5,
                 "p99_ms": 4.0, "server_cpu_ms_per_edit": 2.5},
            ],
            "memory_kib": {"idle_rss": 7000, "rss_with_both_open": 12000},
        });
        let text = render(&report, Path::new("lsp"), "1.0 1.0 1.0", "2.0 1.0 1.0");
        assert!(
            text.contains("| compose.yaml | 2000 | 85 | 1.50 ms (ok) | 4.00 ms | 2.50 ms (over) |"),
            "{text}"
        );
        assert!(text.contains("1.0 1.0 1.0 before, 2.0 1.0 1.0 after"));
    }
}
