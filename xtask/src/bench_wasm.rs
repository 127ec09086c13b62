//! `cargo xtask bench-wasm`: the wasm module's size against issue 19's target (300 KB gzipped)
//! and the Action's cold start on 100 corpus files (`github-action/scripts/bench.sh`, hyperfine)
//! against its target (0.5 s of wall time), once as the machine is and once with one busy loop
//! per core beside it, each with the load average. BENCHMARKS.md, "Wasm module and GitHub
//! Action", records the figures.

use std::path::Path;
use std::process::{Child, Command, Stdio};

use crate::dist::read;
use crate::peers::load_average;
use crate::{root, run, target_dir};

const GZIP_TARGET: u64 = 300_000;
const COLD_START_TARGET: f64 = 0.5;

pub fn run_bench() -> Result<(), String> {
    let root = root();
    // The module into $CARGO_TARGET_DIR/dist/wasm (sizes in wasm-size.json) and the bundled
    // Action into github-action/dist/ (unchanged when the committed one is up to date).
    run(Command::new("bash")
        .arg(root.join("github-action/scripts/build.sh"))
        .current_dir(&root))?;
    let sizes_path = target_dir().join("dist").join("wasm-size.json");
    let sizes: serde_json::Value = serde_json::from_slice(&read(&sizes_path)?)
        .map_err(|error| format!("{}: {error}", sizes_path.display()))?;
    let size = |key: &str| sizes.get(key).and_then(serde_json::Value::as_u64);

    let runs = std::env::var("BENCH_RUNS").unwrap_or_else(|_| "10".to_string());
    let quiet = cold_start(&root, &runs, false)?;
    let loaded = cold_start(&root, &runs, true)?;

    println!("\n| wasm module stage | bytes |\n|---|---:|");
    for (label, key) in [
        ("cargo `wasm-release`", "cargo"),
        ("after wasm-bindgen", "wasm_bindgen"),
        ("after `wasm-opt -Oz`", "wasm_opt"),
        ("gzip -9", "wasm_opt_gzip9"),
    ] {
        let bytes =
            size(key).ok_or_else(|| format!("{key} missing in {}", sizes_path.display()))?;
        println!("| {label} | {} |", thousands(bytes));
    }
    let gzip = size("wasm_opt_gzip9").unwrap_or(u64::MAX);
    println!(
        "\ngzip -9: {} B against the target of {} B: {}",
        thousands(gzip),
        thousands(GZIP_TARGET),
        verdict(gzip <= GZIP_TARGET)
    );
    println!("\n| Action cold start, 100 corpus files ({runs} runs) | mean | ± σ | min | max | user CPU | system CPU | load average (1 min) before, after |");
    println!("|---|---:|---:|---:|---:|---:|---:|---|");
    for (label, timing) in [
        ("as the machine is", &quiet),
        ("one busy loop per core beside it", &loaded),
    ] {
        println!(
            "| {label} | {:.3} s | {:.3} s | {:.3} s | {:.3} s | {:.3} s | {:.3} s | {}, {} |",
            timing.mean,
            timing.stddev,
            timing.min,
            timing.max,
            timing.user,
            timing.system,
            timing.load_before,
            timing.load_after
        );
    }
    println!(
        "\ncold start: {:.3} s (loaded: {:.3} s) against the target of {COLD_START_TARGET} s: {}",
        quiet.mean,
        loaded.mean,
        verdict(quiet.mean < COLD_START_TARGET)
    );
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    if quiet
        .load_before
        .parse::<f64>()
        .is_ok_and(|load| load > cores as f64)
    {
        println!(
            "(the load average was above the {cores} cores: other work shared them and the wall times are inflated; \
             the CPU times are the steadier figure)"
        );
    }
    Ok(())
}

struct Timing {
    mean: f64,
    stddev: f64,
    min: f64,
    max: f64,
    /// CPU seconds per run, in the process and in the kernel.
    user: f64,
    system: f64,
    load_before: String,
    load_after: String,
}

/// One hyperfine run of bench.sh; with `busy`, one endless shell loop per core runs meanwhile.
fn cold_start(root: &Path, runs: &str, busy: bool) -> Result<Timing, String> {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let mut burners: Vec<Child> = Vec::new();
    if busy {
        for _ in 0..cores {
            let child = Command::new("sh")
                .args(["-c", "while :; do :; done"])
                .stdout(Stdio::null())
                .spawn()
                .map_err(|error| format!("could not start a busy loop: {error}"))?;
            burners.push(child);
        }
    }
    let json = target_dir().join("dist").join("action-cold-start.json");
    let load_before = load_average();
    let result = run(Command::new("bash")
        .arg(root.join("github-action/scripts/bench.sh"))
        .env("BENCH_RUNS", runs)
        .env("BENCH_EXPORT", &json)
        .current_dir(root));
    let load_after = load_average();
    for mut child in burners {
        let _ = child.kill();
        let _ = child.wait();
    }
    result?;
    let value: serde_json::Value = serde_json::from_slice(&read(&json)?)
        .map_err(|error| format!("{}: {error}", json.display()))?;
    let result = value
        .pointer("/results/0")
        .ok_or_else(|| format!("no result in {}", json.display()))?;
    let field = |name: &str| {
        result
            .get(name)
            .and_then(serde_json::Value::as_f64)
            .ok_or_else(|| format!("no {name} in {}", json.display()))
    };
    Ok(Timing {
        mean: field("mean")?,
        stddev: field("stddev")?,
        min: field("min")?,
        max: field("max")?,
        user: field("user")?,
        system: field("system")?,
        load_before,
        load_after,
    })
}

fn verdict(met: bool) -> &'static str {
    if met {
        "met"
    } else {
        "NOT met"
    }
}

fn thousands(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}
