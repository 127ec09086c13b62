//! `cargo xtask bench-component`: the built-in checks as a WASI component
//! (`check --no-builtin --plugin shipshape.wasm`) against the native checks on the whole corpus,
//! both in one hyperfine run (and again on one thread), against issue 19's target: the component
//! at most 1.5x the native wall time.

use std::fmt::Write as _;
use std::path::Path;

use crate::peers::{format_seconds, hyperfine_run, which, Timing, Tool};

/// Issue 19's target: component wall time over native wall time.
const TARGET_RATIO: f64 = 1.5;

pub fn run(rest: &[String]) -> Result<(), String> {
    let runs = match rest {
        [] => "10".to_string(),
        [flag, count] if flag == "--runs" && count.parse::<u32>().is_ok() => count.clone(),
        other => {
            return Err(format!(
                "unknown arguments {other:?} (bench-component [--runs N])"
            ))
        }
    };
    let corpus = crate::corpus_dir();
    if !corpus.is_dir() {
        return Err(format!(
            "the corpus is missing at {} (set SHIPSHAPE_CORPUS)",
            corpus.display()
        ));
    }
    let hyperfine =
        which("hyperfine").ok_or("hyperfine is not installed (apt-get install hyperfine)")?;
    crate::plugins()?;
    crate::run(crate::cargo().args(["build", "--release", "--package", "shipshape"]))?;
    let shipshape = crate::target_dir().join("release").join("shipshape");
    let component = crate::root()
        .join("target")
        .join("dist")
        .join("shipshape.wasm");
    let work = crate::target_dir().join("bench-component");
    // A cache of its own, warm after hyperfine's warm-up run: the figure is the checks, not the
    // one-off compile.
    let cache = work.join("plugin-cache");
    std::fs::create_dir_all(&cache).map_err(|e| format!("{}: {e}", cache.display()))?;
    let check = format!(
        "{} check --format json --fail-on never --no-config",
        shipshape.display()
    );
    let tools = |prefix: &str, label: &str| {
        [
            Tool {
                name: format!("native{label}"),
                command: format!("{prefix}{check} ."),
            },
            Tool {
                name: format!("component{label}"),
                command: format!(
                    "{prefix}{check} --no-builtin --plugin {} .",
                    component.display()
                ),
            },
        ]
    };
    let mut all = Vec::new();
    all.extend(tools(
        &format!("env SHIPSHAPE_CACHE_DIR={} ", cache.display()),
        "",
    ));
    all.extend(tools(
        &format!(
            "env SHIPSHAPE_CACHE_DIR={} RAYON_NUM_THREADS=1 ",
            cache.display()
        ),
        ", 1 thread",
    ));
    let load_before = crate::peers::load_average();
    let csv = work.join("hyperfine.csv");
    let previous = std::env::current_dir().map_err(|e| e.to_string())?;
    std::env::set_current_dir(&corpus).map_err(|e| format!("{}: {e}", corpus.display()))?;
    let timings = hyperfine_run(
        &hyperfine,
        &all,
        &csv,
        &["-N", "--warmup", "1", "--runs", &runs],
        &[],
    );
    std::env::set_current_dir(previous).map_err(|e| e.to_string())?;
    let timings = timings?;
    println!(
        "{}",
        render(
            &timings,
            &corpus,
            &load_before,
            &crate::peers::load_average()
        )
    );
    Ok(())
}

/// The table: each pair's wall and CPU times and the component's ratios against the target.
fn render(timings: &[Timing], corpus: &Path, before: &str, after: &str) -> String {
    let mut out = format!(
        "`check --format json` on {} (native, then `--no-builtin --plugin shipshape.wasm`), one \
         hyperfine run; target: component at most {TARGET_RATIO}x native wall time\n\n\
         | run | wall time (mean ± σ) | user + system CPU | component / native |\n\
         |---|---:|---:|---:|\n",
        corpus.display()
    );
    for pair in timings.chunks(2) {
        let [native, component] = pair else {
            continue;
        };
        for timing in pair {
            let ratio = if std::ptr::eq(timing, component) {
                let wall = component.mean / native.mean;
                let cpu = (component.user + component.system) / (native.user + native.system);
                let mark = if wall <= TARGET_RATIO { "ok" } else { "over" };
                format!("**{wall:.2}x** wall ({mark}), {cpu:.2}x CPU")
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "| {} | {} | {:.0} ms | {ratio} |",
                timing.name,
                format_seconds(timing.mean, timing.stddev),
                (timing.user + timing.system) * 1e3,
            );
        }
    }
    let _ = write!(
        out,
        "\nload average (1, 5, 15 min): {before} before, {after} after"
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn timing(name: &str, mean: f64, cpu: f64) -> Timing {
        Timing {
            name: name.to_string(),
            mean,
            stddev: 0.01,
            median: mean,
            user: cpu,
            system: 0.0,
            min: mean,
            max: mean,
        }
    }

    #[test]
    fn ratios_are_marked_against_the_target() {
        let text = render(
            &[
                timing("native", 0.2, 0.3),
                timing("component", 0.28, 0.6),
                timing("native, 1 thread", 0.3, 0.3),
                timing("component, 1 thread", 0.6, 0.6),
            ],
            Path::new("corpus"),
            "1 1 1",
            "2 2 2",
        );
        assert!(
            text.contains(
                "| component | 280.0 ms ± 10.0 | 600 ms | **1.40x** wall (ok), 2.00x CPU |"
            ),
            "{text}"
        );
        assert!(text.contains("**2.00x** wall (over)"), "{text}");
        assert!(text.contains("1 1 1 before, 2 2 2 after"));
    }
}
