// The shipshape GitHub Action: an adapter over shipshape's workspace layer (Rust, built to wasm).
// It reads the inputs, hands the workspace Node's file system, and writes what the workspace
// rendered: the annotations (`--format github`), the log (`--format text`), the job summary
// (`--format summary`) and the SARIF file (`--format sarif`), byte for byte what the CLI prints.
// Discovery, configuration lookup, globs and every report format live in Rust, once.

import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import * as core from "@actions/core";
import { initSync, checkWorkspace } from "shipshape-wasm";
import { postSuggestions } from "./suggestions.js";

const FAIL_ON = ["error", "warning", "info", "hint", "never"];
/** @type {readonly ["off", "safe", "all"]} */
const SUGGESTIONS = ["off", "safe", "all"];

class UsageError extends Error {}

function loadWasm() {
  const bytes = fs.readFileSync(new URL("./shipshape_wasm_bg.wasm", import.meta.url));
  initSync({ module: bytes });
}

/**
 * @param {string} name
 * @param {boolean} fallback
 * @returns {boolean}
 */
function booleanInput(name, fallback) {
  const value = core.getInput(name).trim().toLowerCase();
  if (value === "") return fallback;
  if (["true", "yes", "1", "on"].includes(value)) return true;
  if (["false", "no", "0", "off"].includes(value)) return false;
  throw new UsageError(`input ${name}: expected true or false, got \`${value}\``);
}

/**
 * @param {string} name
 * @returns {string[]}
 */
function listInput(name) {
  return core
    .getInput(name)
    .split(/[\n,]/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "" && !entry.startsWith("#"));
}

/**
 * @param {fs.Dirent} entry
 * @returns {"file" | "dir" | "symlink" | "other"}
 */
function entryKind(entry) {
  if (entry.isSymbolicLink()) return "symlink";
  if (entry.isDirectory()) return "dir";
  if (entry.isFile()) return "file";
  return "other";
}

/**
 * Node's file system as the workspace reads it.
 * @type {import("shipshape-wasm").WorkspaceFs}
 */
const nodeFs = {
  read(file, limit) {
    const fd = fs.openSync(file, "r");
    try {
      const buffer = Buffer.alloc(Math.min(fs.fstatSync(fd).size + 1, limit));
      let total = 0;
      while (total < buffer.length) {
        const read = fs.readSync(fd, buffer, total, buffer.length - total, null);
        if (read === 0) break;
        total += read;
      }
      return buffer.subarray(0, total);
    } finally {
      fs.closeSync(fd);
    }
  },
  readDir(dir) {
    return fs.readdirSync(dir, { withFileTypes: true }).map((entry) => ({ name: entry.name, kind: entryKind(entry) }));
  },
  kind(file) {
    try {
      const stat = fs.statSync(file);
      return stat.isDirectory() ? "dir" : stat.isFile() ? "file" : "other";
    } catch (error) {
      if (error.code === "ENOENT" || error.code === "ENOTDIR") return null;
      throw error;
    }
  },
};

/**
 * Files a pull request changes, relative to the workspace; `null` when not a pull request.
 * @param {string} root
 * @returns {string[] | null}
 */
function changedFiles(root) {
  const eventPath = process.env.GITHUB_EVENT_PATH;
  let payload = null;
  try {
    payload = eventPath ? JSON.parse(fs.readFileSync(eventPath, "utf8")) : null;
  } catch (error) {
    core.warning(`only-changed: cannot read the event payload (${error.message}); checking every file`);
    return null;
  }
  const pr = payload?.pull_request;
  if (!pr?.base?.sha || !pr?.head?.sha) {
    core.info("only-changed: not a pull request event; checking every file");
    return null;
  }
  try {
    const out = execFileSync(
      "git",
      ["diff", "--name-only", "-z", "--no-renames", "--diff-filter=d", `${pr.base.sha}...${pr.head.sha}`],
      { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 },
    );
    // git prints paths relative to the repository's top level; reports show them relative to
    // the workspace.
    const top = execFileSync("git", ["rev-parse", "--show-toplevel"], { cwd: root, encoding: "utf8" }).trim();
    return out
      .split("\0")
      .filter((name) => name !== "")
      .map((name) => path.relative(root, path.join(top, name)).split(path.sep).join("/"));
  } catch (error) {
    const detail = (error.stderr || error.message || "").toString().trim().split("\n")[0];
    core.warning(
      `only-changed: \`git diff ${pr.base.sha}...${pr.head.sha}\` failed (${detail}); checking every file. ` +
        "Check out with `fetch-depth: 0` so that both commits are present.",
    );
    return null;
  }
}

/**
 * @param {number} count
 * @param {string} word
 */
function plural(count, word) {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

export async function run() {
  try {
    const root = path.resolve(process.env.GITHUB_WORKSPACE || process.cwd());
    const paths = listInput("paths");
    const config = core.getInput("config").trim();
    const failOn = core.getInput("fail-on").trim().toLowerCase();
    if (failOn !== "" && !FAIL_ON.includes(failOn)) {
      throw new UsageError(`input fail-on: expected one of ${FAIL_ON.join(", ")}, got \`${failOn}\``);
    }
    const annotations = booleanInput("annotate", true);
    const onlyChanged = booleanInput("only-changed", false);
    const sarifInput = core.getInput("sarif-file").trim();
    const suggestions = /** @type {"off" | "safe" | "all"} */ (core.getInput("suggestions").trim().toLowerCase() || "off");
    if (!SUGGESTIONS.includes(suggestions)) {
      throw new UsageError(`input suggestions: expected one of ${SUGGESTIONS.join(", ")}, got \`${suggestions}\``);
    }

    // Passed through as written: the wasm module knows the languages (and rejects others).
    const language = core.getInput("language").trim() || undefined;

    loadWasm();
    const only = onlyChanged ? changedFiles(root) : null;
    let report;
    try {
      report = checkWorkspace({ cwd: root, paths, config: config || null, only }, nodeFs);
    } catch (error) {
      throw new UsageError(error.message);
    }
    for (const error of report.readErrors()) core.warning(`cannot read ${error}`);
    const counts = report.counts();
    if (only) core.info(`only-changed: ${plural(only.length, "file")} changed, ${counts.files} checked`);

    // The log: the CLI's text report (snippets with secrets redacted, colour for the log viewer).
    let text;
    try {
      text = report.render("text", failOn || undefined, language);
    } catch (error) {
      throw new UsageError(`input language: ${error.message}`);
    }
    process.stdout.write(text);
    // The annotations: the CLI's `--format github` lines, which the runner turns into annotations.
    if (annotations) process.stdout.write(report.render("github", undefined, language));

    core.setOutput("findings", counts.findings);
    core.setOutput("errors", counts.errors);

    let sarifPath = "";
    if (sarifInput) {
      sarifPath = path.resolve(root, sarifInput);
      fs.mkdirSync(path.dirname(sarifPath), { recursive: true });
      fs.writeFileSync(sarifPath, report.render("sarif", undefined, language));
    }
    core.setOutput("sarif-file", sarifPath);

    if (suggestions !== "off") await postSuggestions(report, suggestions, core.getInput("token").trim());

    if (process.env.GITHUB_STEP_SUMMARY) {
      await core.summary.addRaw(report.render("summary", failOn || undefined, language)).write();
    }

    const failing = report.failingCount(failOn || undefined);
    const summaryLine = `shipshape: ${plural(counts.findings, "finding")} in ${plural(counts.files, "file")}`;
    if (failing > 0) {
      core.setFailed(`${summaryLine}; ${failing} at or above the fail-on severity`);
    } else {
      core.info(summaryLine);
    }
  } catch (error) {
    core.setFailed(error instanceof UsageError ? error.message : `shipshape: ${error?.stack || error}`);
  }
}
