// Which files to check: the CLI's discovery rules (cli/src/walk.rs). Directories are walked
// honouring `.gitignore` and `.ignore` files (and `.git/info/exclude`); dot-directories are
// entered, `.git/` never; symbolic links are not followed. Files found by walking are picked by
// name (Dockerfiles, compose names) or, for other YAML, by content (decided by the wasm module
// when the file is read). Files named explicitly are always checked.

import fs from "node:fs";
import path from "node:path";
import ignore from "ignore";
import picomatch from "picomatch";

const IGNORE_FILES = [".gitignore", ".ignore"];

function readIgnore(dir, names) {
  const lines = [];
  for (const name of names) {
    try {
      lines.push(fs.readFileSync(path.join(dir, name), "utf8"));
    } catch {
      // absent or unreadable: nothing to add
    }
  }
  return lines.length === 0 ? null : ignore({ allowRelativePaths: true }).add(lines.join("\n"));
}

/** `abs` relative to `root`, with `/` separators ("" for the root itself). */
export function relativeTo(root, abs) {
  return path.relative(root, abs).split(path.sep).join("/");
}

/**
 * Walks `root` (the workspace). `kindFromName(name)` says whether a file name is worth reading.
 * Returns `{ files: [{ abs, rel }], errors: [message] }`, sorted by `rel`.
 */
export function walk(root, start, kindFromName) {
  const files = [];
  const errors = [];
  // Ignore rules of the directories above `start`, from the workspace root down.
  const chain = [];
  const exclude = readIgnore(path.join(root, ".git", "info"), ["exclude"]);
  if (exclude) chain.push({ base: root, rules: exclude });
  const startRel = relativeTo(root, start);
  if (startRel !== "" && !startRel.startsWith("..")) {
    let dir = root;
    for (const part of ["", ...startRel.split("/").slice(0, -1)]) {
      dir = path.join(dir, part);
      const rules = readIgnore(dir, IGNORE_FILES);
      if (rules) chain.push({ base: dir, rules });
    }
  }
  const ignored = (abs, isDir, rules) => {
    // The deepest file that says something decides, as in git.
    for (let i = rules.length - 1; i >= 0; i--) {
      const { base, rules: ig } = rules[i];
      const rel = relativeTo(base, abs);
      if (rel === "" || rel.startsWith("..")) continue;
      const result = ig.test(isDir ? rel + "/" : rel);
      if (result.ignored) return true;
      if (result.unignored) return false;
    }
    return false;
  };
  const visit = (dir, rules) => {
    const local = readIgnore(dir, IGNORE_FILES);
    const here = local ? [...rules, { base: dir, rules: local }] : rules;
    let entries;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      errors.push(`${relativeTo(root, dir) || "."}: ${error.message}`);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const abs = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name === ".git" || ignored(abs, true, here)) continue;
        visit(abs, here);
      } else if (entry.isFile()) {
        if (kindFromName(entry.name) === "unknown" || ignored(abs, false, here)) continue;
        files.push({ abs, rel: relativeTo(root, abs) });
      }
    }
  };
  visit(start, chain);
  files.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  return { files, errors };
}

const GLOB_CHARS = /[*?[\]{}!]/;

/**
 * The `paths` input: each entry is a file (always checked), a directory (walked) or a glob
 * relative to the workspace (`!` excludes); globs pick among the files a walk of the workspace
 * finds, so they follow the same discovery rules. Returns `{ inputs: [{abs, rel, walked}],
 * errors, missing }`.
 */
export function collect(root, entries, kindFromName) {
  const inputs = [];
  const errors = [];
  const missing = [];
  const seen = new Set();
  const add = (abs, rel, walked) => {
    if (seen.has(abs)) return;
    seen.add(abs);
    inputs.push({ abs, rel, walked });
  };
  const globs = entries.filter((entry) => GLOB_CHARS.test(entry));
  const positive = globs.filter((glob) => !glob.startsWith("!"));
  const negative = globs.filter((glob) => glob.startsWith("!")).map((glob) => glob.slice(1));
  const excluded = negative.length
    ? picomatch(negative.map(cleanGlob), { dot: true })
    : () => false;
  for (const entry of entries) {
    if (GLOB_CHARS.test(entry)) continue;
    const abs = path.resolve(root, entry);
    let stat;
    try {
      stat = fs.statSync(abs);
    } catch (error) {
      missing.push(`${entry}: ${error.code === "ENOENT" ? "no such file or directory" : error.message}`);
      continue;
    }
    if (stat.isDirectory()) {
      const found = walk(root, abs, kindFromName);
      errors.push(...found.errors);
      for (const file of found.files) {
        if (!excluded(file.rel)) add(file.abs, file.rel, true);
      }
    } else {
      const rel = relativeTo(root, abs);
      add(abs, rel.startsWith("..") ? abs : rel, false);
    }
  }
  if (positive.length > 0) {
    const matcher = picomatch(positive.map(cleanGlob), { dot: true });
    const found = walk(root, root, kindFromName);
    errors.push(...found.errors);
    for (const file of found.files) {
      if (matcher(file.rel) && !excluded(file.rel)) add(file.abs, file.rel, true);
    }
  }
  inputs.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  return { inputs, errors, missing };
}

function cleanGlob(glob) {
  return glob.trim().replace(/^(\.\/)+/, "");
}
