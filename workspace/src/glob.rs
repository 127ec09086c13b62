//! Glob sets and ignore files. Natively these are globset's and the ignore crate's. The wasm
//! module (wasm32-unknown-unknown) runs the very same globs, parsed and translated to regexes by
//! globset, on regex-lite instead: globset's regex engine is over 200 KB of the gzipped module
//! (BENCHMARKS.md, "Wasm module"). The tests below hold the two to the same answers.

#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
pub use globset::{GlobSet, GlobSetBuilder};
#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
pub use ignore::gitignore::{Gitignore, GitignoreBuilder};

#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
pub use lite::{Gitignore, GitignoreBuilder, GlobSet, GlobSetBuilder};

#[cfg(any(test, all(target_arch = "wasm32", target_os = "unknown")))]
mod lite {
    use std::fmt;
    use std::path::{Path, PathBuf};

    use globset::{Glob, GlobBuilder};
    use regex_lite::Regex;

    /// A glob or an ignore file that regex-lite could not compile.
    #[derive(Debug, Clone)]
    pub struct Error(String);

    impl fmt::Display for Error {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(&self.0)
        }
    }

    /// A glob's regex as globset compiles it: over bytes (`(?-u)`, `\xNN` escapes for the bytes
    /// of non-ASCII characters) with `.` matching `\n`. regex-lite matches characters, so the
    /// path's bytes are handed to it as the characters of the same numbers ([`byte_chars`]).
    fn compile(glob: &Glob) -> Result<Regex, Error> {
        Regex::new(&format!("(?s){}", glob.regex()))
            .map_err(|error| Error(format!("{}: {error}", glob.glob())))
    }

    /// Each byte of the path (as globset reads it) as the character U+00XX.
    fn byte_chars(path: &Path) -> String {
        path.to_string_lossy().bytes().map(char::from).collect()
    }

    #[derive(Debug, Clone, Default)]
    pub struct GlobSet {
        regexes: Vec<Regex>,
    }

    impl GlobSet {
        pub fn empty() -> Self {
            Self::default()
        }

        pub fn is_empty(&self) -> bool {
            self.regexes.is_empty()
        }

        pub fn is_match<P: AsRef<Path>>(&self, path: P) -> bool {
            if self.is_empty() {
                return false;
            }
            let text = byte_chars(path.as_ref());
            self.regexes.iter().any(|regex| regex.is_match(&text))
        }
    }

    #[derive(Debug, Default)]
    pub struct GlobSetBuilder {
        globs: Vec<Glob>,
    }

    impl GlobSetBuilder {
        pub fn new() -> Self {
            Self::default()
        }

        pub fn add(&mut self, glob: Glob) -> &mut Self {
            self.globs.push(glob);
            self
        }

        pub fn build(&self) -> Result<GlobSet, Error> {
            let regexes = self.globs.iter().map(compile).collect::<Result<_, _>>()?;
            Ok(GlobSet { regexes })
        }
    }

    #[derive(Debug, Clone)]
    struct IgnoreGlob {
        regex: Regex,
        is_whitelist: bool,
        is_only_dir: bool,
    }

    /// The lines of the ignore files of one directory: ignore's `Gitignore` as the module used it
    /// (its non-Unix path handling: `Path::strip_prefix`).
    #[derive(Debug, Clone)]
    pub struct Gitignore {
        root: PathBuf,
        globs: Vec<IgnoreGlob>,
    }

    impl Gitignore {
        pub fn path(&self) -> &Path {
            &self.root
        }

        /// The last line that matches `path` decides (a directory-only line only for
        /// directories).
        pub fn matched<P: AsRef<Path>>(&self, path: P, is_dir: bool) -> ignore::Match<()> {
            if self.globs.is_empty() {
                return ignore::Match::None;
            }
            let path = path.as_ref();
            let stripped = self.strip(path);
            // Keep the directory name when stripping would consume the entire path: otherwise
            // an unanchored glob cannot match the root itself.
            let candidate = if stripped.as_os_str().is_empty() {
                path
            } else {
                stripped
            };
            let text = byte_chars(candidate);
            for glob in self.globs.iter().rev() {
                if (!glob.is_only_dir || is_dir) && glob.regex.is_match(&text) {
                    return if glob.is_whitelist {
                        ignore::Match::Whitelist(())
                    } else {
                        ignore::Match::Ignore(())
                    };
                }
            }
            ignore::Match::None
        }

        fn strip<'a>(&self, mut path: &'a Path) -> &'a Path {
            if let Ok(rest) = path.strip_prefix("./") {
                path = rest;
            }
            let is_file_name = path
                .parent()
                .is_some_and(|parent| parent.as_os_str().is_empty());
            if self.root != Path::new(".") && !is_file_name {
                if let Ok(rest) = path.strip_prefix(&self.root) {
                    path = rest;
                    if let Ok(rest) = path.strip_prefix("/") {
                        path = rest;
                    }
                }
            }
            path
        }
    }

    pub struct GitignoreBuilder {
        root: PathBuf,
        globs: Vec<IgnoreGlob>,
    }

    impl GitignoreBuilder {
        pub fn new<P: AsRef<Path>>(root: P) -> Self {
            let root = root.as_ref();
            Self {
                root: root.strip_prefix("./").unwrap_or(root).to_path_buf(),
                globs: Vec::new(),
            }
        }

        /// One line of an ignore file, read as ignore's `GitignoreBuilder::add_line` reads it.
        pub fn add_line(&mut self, _from: Option<PathBuf>, line: &str) -> Result<&mut Self, Error> {
            if line.starts_with('#') {
                return Ok(self);
            }
            let mut line = trim_trailing_unescaped_spaces(line);
            if line.is_empty() {
                return Ok(self);
            }
            let mut is_whitelist = false;
            let mut is_absolute = false;
            if line.starts_with("\\!") || line.starts_with("\\#") {
                line = &line[1..];
                is_absolute = line.starts_with('/');
            } else {
                if let Some(rest) = line.strip_prefix('!') {
                    is_whitelist = true;
                    line = rest;
                }
                if let Some(rest) = line.strip_prefix('/') {
                    line = rest;
                    is_absolute = true;
                }
            }
            // A negation marker or slash with nothing after it: git ignores the line.
            if line.is_empty() {
                return Ok(self);
            }
            let mut is_only_dir = false;
            if let Some(rest) = line.strip_suffix('/') {
                is_only_dir = true;
                line = rest.strip_suffix('\\').unwrap_or(rest);
            }
            // A line without a slash matches at any depth (`**/` in front, unless there).
            let anchored = is_absolute || line.contains('/');
            let mut actual = if anchored || line.starts_with("**/") || line == "**" {
                line.to_string()
            } else {
                format!("**/{line}")
            };
            if actual.ends_with("/**") {
                actual.push_str("/*");
            }
            let glob = GlobBuilder::new(&actual)
                .literal_separator(true)
                .case_insensitive(false)
                .backslash_escape(true)
                .allow_unclosed_class(true)
                .build()
                .map_err(|error| Error(format!("{line}: {}", error.kind())))?;
            self.globs.push(IgnoreGlob {
                regex: compile(&glob)?,
                is_whitelist,
                is_only_dir,
            });
            Ok(self)
        }

        pub fn build(&self) -> Result<Gitignore, Error> {
            Ok(Gitignore {
                root: self.root.clone(),
                globs: self.globs.clone(),
            })
        }
    }

    /// A line without its trailing spaces, unless they are escaped with `\`.
    fn trim_trailing_unescaped_spaces(line: &str) -> &str {
        let bytes = line.as_bytes();
        let mut last_space = None;
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\\' => {
                    if i + 1 >= bytes.len() {
                        return line;
                    }
                    i += 2;
                    last_space = None;
                }
                b' ' => {
                    last_space.get_or_insert(i);
                    i += 1;
                }
                _ => {
                    last_space = None;
                    i += 1;
                }
            }
        }
        &line[..last_space.unwrap_or(line.len())]
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::lite;

    const GLOBS: &[&str] = &[
        "*.yaml",
        "**/*.yml",
        "vendor",
        "vendor/**",
        "deploy/*/compose.yaml",
        "a?c",
        "[a-c]*",
        "[!a-c]*",
        "[^x]",
        "{compose,docker-compose}.{yaml,yml}",
        "**",
        "**/charts/**/templates/*",
        "é*",
        "?.txt",
        "[é]x",
        "[a-é]",
        "dir/",
        "\\*literal",
        "x{,y}",
        "[/]",
        "a/**/b",
        "*~",
        "#hash",
        "-dash-",
        "a&b",
    ];

    const PATHS: &[&str] = &[
        "compose.yaml",
        "docker-compose.yml",
        "deploy/prod/compose.yaml",
        "deploy/prod/x/compose.yaml",
        "vendor",
        "vendor/x/y.yaml",
        "abc",
        "a/c",
        "b",
        "x",
        "d",
        "charts/app/templates/deploy.yaml",
        "charts/app/sub/templates/x",
        "été.yaml",
        "é.txt",
        "a.txt",
        "éx",
        "\u{a9}",
        "dir",
        "*literal",
        "x",
        "xy",
        "/",
        "a/b",
        "a/x/y/b",
        "file~",
        "#hash",
        "-dash-",
        "a&b",
        "line\nbreak.yaml",
        "",
    ];

    #[test]
    fn glob_sets_match_as_globsets() {
        for glob in GLOBS {
            let parsed = globset::Glob::new(glob).expect("valid glob");
            let native = globset::GlobSetBuilder::new()
                .add(parsed.clone())
                .build()
                .expect("globset compiles");
            let lite = lite::GlobSetBuilder::new()
                .add(parsed)
                .build()
                .expect("regex-lite compiles");
            for path in PATHS {
                assert_eq!(
                    lite.is_match(Path::new(path)),
                    native.is_match(Path::new(path)),
                    "glob {glob:?} on {path:?}"
                );
            }
        }
        assert!(!lite::GlobSet::empty().is_match("x"));
        assert!(lite::GlobSet::empty().is_empty());
    }

    const IGNORE_FILES: &[&str] = &[
        "*.yaml\n!keep.yaml\n",
        "build/\n/top.yml\n# comment\n\n",
        "vendor/**\n!vendor/keep/\n",
        "a/**/b\n\\!bang\n\\#hash\ntrailing\\ \nspaces   \n",
        "!\n/\n**\n",
        "[a-c]?\ndir\\/\n*.[yY]*ml\n",
        "charts/*/templates\n**/secret*\n",
    ];

    const IGNORE_PATHS: &[(&str, bool)] = &[
        ("/repo/compose.yaml", false),
        ("/repo/keep.yaml", false),
        ("/repo/sub/keep.yaml", false),
        ("/repo/build", true),
        ("/repo/build", false),
        ("/repo/x/build", true),
        ("/repo/top.yml", false),
        ("/repo/sub/top.yml", false),
        ("/repo/vendor", true),
        ("/repo/vendor/x.yaml", false),
        ("/repo/vendor/keep", true),
        ("/repo/a/b", false),
        ("/repo/a/x/y/b", true),
        ("/repo/!bang", false),
        ("/repo/#hash", false),
        ("/repo/trailing ", false),
        ("/repo/spaces", false),
        ("/repo/ab", false),
        ("/repo/dir", true),
        ("/repo/x.YmL", false),
        ("/repo/charts/app/templates", true),
        ("/repo/deep/secret.env", false),
        ("/repo", true),
        ("/other/compose.yaml", false),
    ];

    #[test]
    fn ignore_files_match_as_the_ignore_crate() {
        for text in IGNORE_FILES {
            let mut native = ignore::gitignore::GitignoreBuilder::new("/repo");
            let mut lite = lite::GitignoreBuilder::new("/repo");
            for line in text.lines() {
                assert_eq!(
                    lite.add_line(None, line).is_ok(),
                    native.add_line(None, line).is_ok(),
                    "line {line:?}"
                );
            }
            let native = native.build().expect("ignore compiles");
            let lite = lite.build().expect("regex-lite compiles");
            assert_eq!(lite.path(), native.path());
            for &(path, is_dir) in IGNORE_PATHS {
                let (want, got) = (native.matched(path, is_dir), lite.matched(path, is_dir));
                assert_eq!(
                    (got.is_ignore(), got.is_whitelist()),
                    (want.is_ignore(), want.is_whitelist()),
                    "{text:?} on {path:?} (dir: {is_dir})"
                );
            }
        }
    }
}
