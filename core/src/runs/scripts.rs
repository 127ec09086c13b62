//! Container commands in shell scripts and Makefile recipes.

use super::RunsFile;
use crate::shell;
use crate::text::TextRange;

/// Every container command of a shell script.
pub fn parse_shell(text: &str) -> RunsFile {
    let mut file = RunsFile::default();
    read_commands(text, 0, shell::Options::default(), &mut file);
    file
}

/// Read `text` (at `base`) as shell and add its container commands and comments to `file`.
pub(crate) fn read_commands(text: &str, base: usize, options: shell::Options, file: &mut RunsFile) {
    let scanned = shell::scan(text, base, options);
    file.comments.extend(scanned.comments);
    file.errors.extend(scanned.errors);
    for command in &scanned.commands {
        if let Some(run) = super::flags::command_run(command) {
            file.runs.push(run);
        }
    }
}

/// Every container command of a Makefile's recipes (lines starting with a tab, with their `\`
/// continuations); `#` comment lines anywhere count for suppressions.
pub fn parse_makefile(text: &str) -> RunsFile {
    let mut file = RunsFile::default();
    let mut offset = 0;
    let mut lines = text.split_inclusive('\n');
    while let Some(line) = lines.next() {
        let start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        if content.starts_with('\t') {
            // A recipe line and its continuations: one shell command line.
            let mut end = offset;
            let mut last = content;
            while last.ends_with('\\') {
                let Some(next) = lines.next() else {
                    break;
                };
                offset += next.len();
                end = offset;
                last = next.trim_end_matches(['\n', '\r']);
            }
            read_commands(
                &text[start..end],
                start,
                shell::Options::default(),
                &mut file,
            );
            continue;
        }
        let trimmed = content.trim_start();
        if trimmed.starts_with('#') {
            let at = start + content.len() - trimmed.len();
            file.comments
                .push(TextRange::new(at, start + content.trim_end().len()));
        } else if let Some(at) = content.find(" #") {
            // A comment after a make line (`IMAGE := x # pinned`).
            file.comments.push(TextRange::new(
                start + at + 1,
                start + content.trim_end().len(),
            ));
        }
    }
    file
}

/// Whether a script (or recipe) runs a container: how a script is told from another.
pub fn has_container_command(file: &RunsFile) -> bool {
    !file.runs.is_empty()
}
