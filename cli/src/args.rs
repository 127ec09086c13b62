//! Command-line arguments (clap derive).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use shipshape_core::{FileKind, Severity};

#[derive(Debug, Parser)]
#[command(
    name = "shipshape",
    version = shipshape_workspace::version(),
    about = "Finds and fixes container-hardening mistakes in Dockerfiles, Compose files and Kubernetes manifests."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// When to colour the output (`auto` honours NO_COLOR and colours only on a terminal).
    #[arg(long, value_enum, default_value_t = ColorArg::Auto, global = true)]
    pub color: ColorArg,

    /// Language of messages, fix titles, summaries and rule pages: `en` or `zh-CN`. Without it:
    /// SHIPSHAPE_LANG, then LC_ALL, LC_MESSAGES, LANG (`zh_*` selects `zh-CN`), else English.
    /// Codes, fixes, exit codes, order and fingerprints are the same in every language.
    #[arg(long, value_name = "LANG", global = true)]
    pub lang: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check files and directories (default: the current directory).
    ///
    /// The text report groups findings by file and object (service, container, stage), each block
    /// headed by how many findings it has and how many fixes apply; machine formats keep one
    /// result per finding.
    #[command(after_help = "Examples:
  shipshape check --statistics .                              # findings per rule code
  shipshape check --write-baseline .shipshape-baseline.json   # accept today's findings
  shipshape check --baseline .shipshape-baseline.json         # report only new ones")]
    Check(CheckArgs),
    /// Apply fixes (safe ones; unsafe ones too with --unsafe-fixes).
    Fix(FixArgs),
    /// Print a rule's documentation.
    Explain(ExplainArgs),
    /// List every rule.
    Rules(RulesArgs),
    /// Print a shell completion script to standard output.
    #[command(after_help = "Examples:
  shipshape completions bash > ~/.local/share/bash-completion/completions/shipshape
  shipshape completions zsh > ~/.zfunc/_shipshape        # with fpath+=~/.zfunc in .zshrc
  shipshape completions fish > ~/.config/fish/completions/shipshape.fish")]
    Completions(CompletionsArgs),
    /// Write the man pages (shipshape.1 and one page per subcommand) into a directory.
    #[command(after_help = "Example:
  shipshape man ~/.local/share/man/man1 && man shipshape-check")]
    Man(ManArgs),
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// The directory to write the pages into (created if missing).
    pub directory: PathBuf,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or directories to check; `-` reads standard input.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,

    /// Report only findings not in this baseline (written by --write-baseline); the exit code
    /// counts only those. Default: the config's `baseline`, if any.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["write_baseline", "no_baseline"])]
    pub baseline: Option<PathBuf>,

    /// Write every current finding to FILE as the baseline (JSON, sorted; fingerprints, never
    /// source text), then report as with --baseline FILE (nothing left: exit 0).
    #[arg(long, value_name = "FILE", conflicts_with = "no_baseline")]
    pub write_baseline: Option<PathBuf>,

    /// Ignore the config's `baseline`: report every finding.
    #[arg(long)]
    pub no_baseline: bool,

    /// Print one line per rule code instead of each finding: count, code, name and how many
    /// are fixable (text format only).
    #[arg(long)]
    pub statistics: bool,

    #[command(flatten)]
    pub common: CommonArgs,
}

#[derive(Debug, Args)]
pub struct FixArgs {
    /// Files or directories to fix; `-` reads standard input and writes the fixed text to stdout.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,

    /// Also apply unsafe fixes (they may change behaviour).
    #[arg(long)]
    pub unsafe_fixes: bool,

    /// Print a unified diff of the changes instead of writing them; exit 1 if there are any.
    /// Secrets are masked, so the diff is for review, not for `git apply` (see --patch).
    #[arg(long)]
    pub diff: bool,

    /// Write the exact patch (secrets included, `git apply`-able, paths relative to --root) to
    /// FILE, created with mode 0600, instead of changing files; exit 1 if there are changes.
    #[arg(long, value_name = "FILE")]
    pub patch: Option<PathBuf>,

    #[command(flatten)]
    pub common: CommonArgs,
}

/// Options shared by `check` and `fix`.
#[derive(Debug, Args)]
pub struct CommonArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,

    /// Exit 1 when a finding is at or above this severity (default: the config's `fail-on`, else
    /// `warning`).
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,

    /// Exit 0 whatever the findings (an alias of `--fail-on never`).
    #[arg(long, conflicts_with = "fail_on")]
    pub exit_zero: bool,

    /// Run only these rules: codes or names, comma-separated, repeatable (SS000 runs unless
    /// ignored). Overrides the config's `[rules]`.
    #[arg(long, value_name = "RULES")]
    pub select: Vec<String>,

    /// Turn these rules off: codes or names, comma-separated, repeatable. Wins over --select.
    #[arg(long, value_name = "RULES")]
    pub ignore: Vec<String>,

    /// Set a rule's severity, `CODE=LEVEL` (error, warning, info, hint); comma-separated,
    /// repeatable. Overrides the config's `[rules]`.
    #[arg(long, value_name = "CODE=LEVEL")]
    pub severity: Vec<String>,

    /// Treat every input as this kind of file (mainly for stdin).
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,

    /// Use this configuration file instead of looking for `.shipshape.toml` near each file.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,

    /// Ignore every `.shipshape.toml`; use the defaults.
    #[arg(long)]
    pub no_config: bool,

    /// Show paths relative to this directory (default: the working directory).
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,

    /// Print findings only, no summary.
    #[arg(long, short)]
    pub quiet: bool,

    /// Skip files matching this glob when walking directories (repeatable; added to the config's
    /// `exclude`).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,

    /// File name used for kind detection and in output when reading standard input (`-`).
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,

    /// Load a rule plugin (a WASI component implementing shipshape:plugin; repeatable; added to
    /// the config's `plugins`).
    #[arg(long = "plugin", value_name = "FILE.wasm")]
    pub plugins: Vec<PathBuf>,

    /// Turn the built-in checks off (only plugins report).
    #[arg(long)]
    pub no_builtin: bool,

    /// Compile plugins in memory and write nothing to the plugin cache (also:
    /// `plugin-cache = false` in `.shipshape.toml`, `SHIPSHAPE_NO_PLUGIN_CACHE=1`).
    #[arg(long)]
    pub no_plugin_cache: bool,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A rule code (`SS101`) or name (`read-only-root-filesystem`).
    pub rule: String,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
    pub format: RulesFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

/// Output formats for findings. Each one is a file in `output/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Text,
    Json,
    /// SARIF 2.1.0 (GitHub code scanning and other SARIF viewers).
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// GitLab code quality report (JSON).
    Gitlab,
    /// JUnit XML (one test suite per file, one failing test case per finding).
    Junit,
    /// Checkstyle XML.
    Checkstyle,
    /// Markdown job summary (the GitHub Action's `GITHUB_STEP_SUMMARY`).
    Summary,
}

impl From<OutputFormat> for shipshape_workspace::Format {
    fn from(format: OutputFormat) -> Self {
        use shipshape_workspace::Format;
        match format {
            OutputFormat::Text => Format::Text,
            OutputFormat::Json => Format::Json,
            OutputFormat::Sarif => Format::Sarif,
            OutputFormat::Github => Format::Github,
            OutputFormat::Gitlab => Format::Gitlab,
            OutputFormat::Junit => Format::Junit,
            OutputFormat::Checkstyle => Format::Checkstyle,
            OutputFormat::Summary => Format::Summary,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Hint,
    Never,
}

impl FailOn {
    /// The lowest severity that fails the run (`None`: nothing does).
    pub fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Hint => Some(Severity::Hint),
            FailOn::Never => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    Dockerfile,
    Compose,
    #[value(alias = "k8s")]
    Kubernetes,
    Devcontainer,
    Quadlet,
    #[value(alias = "sh")]
    Shell,
    Makefile,
    #[value(alias = "github")]
    GithubActions,
    #[value(alias = "gitlab")]
    GitlabCi,
}

impl From<KindArg> for FileKind {
    fn from(kind: KindArg) -> Self {
        match kind {
            KindArg::Dockerfile => FileKind::Dockerfile,
            KindArg::Compose => FileKind::Compose,
            KindArg::Kubernetes => FileKind::Kubernetes,
            KindArg::Devcontainer => FileKind::Devcontainer,
            KindArg::Quadlet => FileKind::Quadlet,
            KindArg::Shell => FileKind::Shell,
            KindArg::Makefile => FileKind::Makefile,
            KindArg::GithubActions => FileKind::GithubActions,
            KindArg::GitlabCi => FileKind::GitlabCi,
        }
    }
}
