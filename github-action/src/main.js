// The shipshape GitHub Action: checks the workspace with the wasm build of shipshape's core and
// reports through annotations, a job summary, a SARIF file and step outputs.

import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import * as core from "@actions/core";
import {
  initSync,
  checkBytes,
  configInfo,
  explain,
  kindFromName,
  rules as wasmRules,
  version as wasmVersion,
} from "shipshape-wasm";

import { collect, relativeTo } from "./walk.js";
import { compileGlobs, matchesPath } from "./globs.js";
import { toSarif } from "./sarif.js";
import { buildSummary, plural } from "./summary.js";

const CONFIG_FILE_NAME = ".shipshape.toml";
const MAX_FILE_SIZE = 10 * 1024 * 1024;
const SEVERITY_RANK = { hint: 0, info: 1, warning: 2, error: 3 };
const FAIL_ON = ["error", "warning", "info", "hint", "never"];

class UsageError extends Error {}

function loadWasm() {
  const bytes = fs.readFileSync(new URL("./shipshape_wasm_bg.wasm", import.meta.url));
  initSync({ module: bytes });
}

function booleanInput(name, fallback) {
  const value = core.getInput(name).trim().toLowerCase();
  if (value === "") return fallback;
  if (["true", "yes", "1", "on"].includes(value)) return true;
  if (["false", "no", "0", "off"].includes(value)) return false;
  throw new UsageError(`input ${name}: expected true or false, got \`${value}\``);
}

function listInput(name) {
  return core
    .getInput(name)
    .split(/[\n,]/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "" && !entry.startsWith("#"));
}

/** Reads at most MAX_FILE_SIZE + 1 bytes: enough to know a file is too large. */
function readLimited(file) {
  const fd = fs.openSync(file, "r");
  try {
    const buffer = Buffer.alloc(Math.min(fs.fstatSync(fd).size, MAX_FILE_SIZE) + 1);
    let total = 0;
    for (;;) {
      const read = fs.readSync(fd, buffer, total, buffer.length - total, null);
      if (read === 0) break;
      total += read;
      if (total === buffer.length) break;
    }
    return buffer.subarray(0, total);
  } finally {
    fs.closeSync(fd);
  }
}

/** Configurations: the `config` input for every file, or the nearest `.shipshape.toml` above each. */
class Configs {
  constructor(root, fixed) {
    this.root = root;
    this.byDir = new Map();
    this.fixed = fixed ? this.load(path.resolve(root, fixed)) : null;
  }

  load(file) {
    let text;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch (error) {
      throw new UsageError(`cannot read configuration ${this.display(file)}: ${error.message}`);
    }
    const display = this.display(file);
    let info;
    try {
      info = configInfo(text, display);
    } catch (error) {
      throw new UsageError(error.message);
    }
    return {
      text,
      display,
      dir: path.dirname(file),
      failOn: info.failOn,
      include: info.include.length ? compileGlobs(info.include) : null,
      exclude: compileGlobs(info.exclude),
    };
  }

  display(file) {
    const rel = relativeTo(this.root, file);
    return rel.startsWith("..") ? file : rel;
  }

  forDir(dir) {
    if (this.fixed) return this.fixed;
    const visited = [];
    let found = null;
    for (let current = dir; ; current = path.dirname(current)) {
      if (this.byDir.has(current)) {
        found = this.byDir.get(current);
        break;
      }
      visited.push(current);
      const candidate = path.join(current, CONFIG_FILE_NAME);
      if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) {
        found = this.load(candidate);
        break;
      }
      if (path.dirname(current) === current) break;
    }
    for (const dir of visited) this.byDir.set(dir, found);
    return found;
  }

  /** Whether a walked file is left out by the configuration's `include`/`exclude`. */
  static skips(config, abs) {
    if (!config) return false;
    const rel = relativeTo(config.dir, abs);
    if (rel.startsWith("..")) return false;
    if (matchesPath(config.exclude, rel)) return true;
    return config.include ? !matchesPath(config.include, rel) : false;
  }
}

/** Files a pull request changes, relative to the workspace; `null` when not a pull request. */
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
    // git prints paths relative to the repository's top level.
    const top = execFileSync("git", ["rev-parse", "--show-toplevel"], { cwd: root, encoding: "utf8" }).trim();
    return new Set(
      out
        .split("\0")
        .filter((name) => name !== "")
        .map((name) => relativeTo(root, path.join(top, name))),
    );
  } catch (error) {
    const detail = (error.stderr || error.message || "").toString().trim().split("\n")[0];
    core.warning(
      `only-changed: \`git diff ${pr.base.sha}...${pr.head.sha}\` failed (${detail}); checking every file. ` +
        "Check out with `fetch-depth: 0` so that both commits are present.",
    );
    return null;
  }
}

function annotate(finding) {
  const properties = {
    title: `${finding.code} ${finding.name}`,
    file: finding.path,
    startLine: finding.start.line,
    endLine: finding.end.line,
    startColumn: finding.start.column,
    endColumn: finding.end.column,
  };
  if (finding.severity === "error") core.error(finding.message, properties);
  else if (finding.severity === "warning") core.warning(finding.message, properties);
  else core.notice(finding.message, properties);
}

export async function run() {
  try {
    const root = path.resolve(process.env.GITHUB_WORKSPACE || process.cwd());
    const paths = listInput("paths");
    const configInput = core.getInput("config").trim();
    const failOnInput = core.getInput("fail-on").trim().toLowerCase();
    if (failOnInput !== "" && !FAIL_ON.includes(failOnInput)) {
      throw new UsageError(`input fail-on: expected one of ${FAIL_ON.join(", ")}, got \`${failOnInput}\``);
    }
    const annotations = booleanInput("annotate", true);
    const onlyChanged = booleanInput("only-changed", false);
    const sarifInput = core.getInput("sarif-file").trim();

    loadWasm();
    const configs = new Configs(root, configInput || null);
    const found = collect(root, paths.length ? paths : ["."], kindFromName);
    if (found.missing.length) throw new UsageError(found.missing.join("\n"));
    for (const error of found.errors) core.warning(`cannot read ${error}`);

    let inputs = found.inputs;
    if (onlyChanged) {
      const changed = changedFiles(root);
      if (changed) {
        inputs = inputs.filter((input) => changed.has(input.rel));
        core.info(`only-changed: ${plural(changed.size, "file")} changed, ${inputs.length} to check`);
      }
    }

    const files = [];
    const findings = [];
    let failing = 0;
    for (const input of inputs) {
      const config = configs.forDir(path.dirname(input.abs));
      if (input.walked && Configs.skips(config, input.abs)) continue;
      let bytes;
      try {
        bytes = readLimited(input.abs);
      } catch (error) {
        core.warning(`${input.rel}: ${error.message}`);
        continue;
      }
      const options = { walked: input.walked };
      if (config) {
        options.config = config.text;
        options.configPath = config.display;
      }
      const report = checkBytes(bytes, input.rel, options);
      if (report.files.length === 0) continue;
      files.push(...report.files);
      findings.push(...report.findings);
      const threshold = failOnInput || config?.failOn || "warning";
      if (threshold !== "never") {
        failing += report.findings.filter((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[threshold]).length;
      }
    }

    for (const finding of findings) {
      core.info(
        `${finding.path}:${finding.start.line}:${finding.start.column}: ${finding.severity} ${finding.code} ${finding.message}`,
      );
    }
    if (annotations) findings.forEach(annotate);

    const errors = findings.filter((finding) => finding.severity === "error").length;
    core.setOutput("findings", findings.length);
    core.setOutput("errors", errors);

    let sarifPath = "";
    if (sarifInput) {
      sarifPath = path.resolve(root, sarifInput);
      const { rules } = wasmRules();
      const sarif = toSarif({ version: wasmVersion(), rules, explain, findings });
      fs.mkdirSync(path.dirname(sarifPath), { recursive: true });
      fs.writeFileSync(sarifPath, JSON.stringify(sarif, null, 2) + "\n");
    }
    core.setOutput("sarif-file", sarifPath);

    if (process.env.GITHUB_STEP_SUMMARY) {
      await buildSummary(core.summary, {
        files,
        findings,
        failed: failing > 0,
        threshold: failOnInput || null,
      }).write();
    }

    const summaryLine = `shipshape: ${plural(findings.length, "finding")} in ${plural(files.length, "file")}`;
    if (failing > 0) {
      core.setFailed(`${summaryLine}; ${failing} at or above the fail-on severity`);
    } else {
      core.info(summaryLine);
    }
  } catch (error) {
    core.setFailed(error instanceof UsageError ? error.message : `shipshape: ${error?.stack || error}`);
  }
}
