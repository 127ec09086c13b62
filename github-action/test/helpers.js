// Runs dist/index.js exactly as the Actions runner does: `node dist/index.js` with the inputs in
// `INPUT_<NAME>` variables (upper case, dashes kept), GITHUB_WORKSPACE, GITHUB_STEP_SUMMARY,
// GITHUB_OUTPUT and GITHUB_EVENT_PATH, in a clean environment.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export const ACTION_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const REPO_ROOT = path.resolve(ACTION_DIR, "..");
export const DIST = path.join(ACTION_DIR, "dist", "index.js");

/** Writes `{ "a/b.txt": "text" | Buffer }` under a new temporary directory. */
export function workspace(files) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shipshape-action-"));
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return dir;
}

/** Parses a GITHUB_OUTPUT file (`name<<delimiter` blocks, as @actions/core writes them). */
export function parseOutputs(text) {
  const outputs = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[i]);
    if (match) {
      const value = [];
      for (i++; i < lines.length && lines[i] !== match[2]; i++) value.push(lines[i]);
      outputs[match[1]] = value.join("\n");
    } else if (lines[i].includes("=")) {
      const at = lines[i].indexOf("=");
      outputs[lines[i].slice(0, at)] = lines[i].slice(at + 1);
    }
  }
  return outputs;
}

function prepare(dir, inputs, { event = null, eventName = "push", env = {} }) {
  const runnerTemp = fs.mkdtempSync(path.join(os.tmpdir(), "shipshape-runner-"));
  const summary = path.join(runnerTemp, "step_summary");
  const output = path.join(runnerTemp, "output");
  const eventPath = path.join(runnerTemp, "event.json");
  fs.writeFileSync(summary, "");
  fs.writeFileSync(output, "");
  fs.writeFileSync(eventPath, JSON.stringify(event ?? {}));
  const childEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME ?? os.tmpdir(),
    GITHUB_ACTIONS: "true",
    GITHUB_WORKSPACE: dir,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_OUTPUT: output,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_EVENT_NAME: eventName,
    RUNNER_TEMP: runnerTemp,
    ...env,
  };
  for (const [name, value] of Object.entries(inputs)) {
    childEnv[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] = value;
  }
  return { childEnv, summary, output };
}

function collect(status, stdout, stderr, summary, output) {
  return {
    status,
    stdout,
    stderr,
    commands: stdout.split("\n").filter((line) => line.startsWith("::")),
    log: stdout.split("\n").filter((line) => line !== "" && !line.startsWith("::")),
    summary: fs.readFileSync(summary, "utf8"),
    outputs: parseOutputs(fs.readFileSync(output, "utf8")),
  };
}

export function runAction(dir, inputs = {}, options = {}) {
  const { childEnv, summary, output } = prepare(dir, inputs, options);
  const result = spawnSync(process.execPath, [DIST], {
    cwd: dir,
    env: childEnv,
    encoding: "utf8",
    timeout: 120_000,
    maxBuffer: 512 * 1024 * 1024,
  });
  return collect(result.status, result.stdout, result.stderr, summary, output);
}

/** `runAction` without blocking the event loop (for a server in the test's own process). */
export function runActionAsync(dir, inputs = {}, options = {}) {
  const { childEnv, summary, output } = prepare(dir, inputs, options);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DIST], { cwd: dir, env: childEnv });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill(), 120_000);
    child.on("error", reject);
    child.on("close", (status) => {
      clearTimeout(timer);
      resolve(collect(status, stdout, stderr, summary, output));
    });
  });
}

const TARGET_DIR = process.env.CARGO_TARGET_DIR
  ? path.resolve(REPO_ROOT, process.env.CARGO_TARGET_DIR)
  : path.join(REPO_ROOT, "target");
/** The CLI the Action's reports are compared with (the test build's binary). */
export const CLI = process.env.SHIPSHAPE_CLI
  ? path.resolve(process.env.SHIPSHAPE_CLI)
  : path.join(TARGET_DIR, "release", "shipshape");

/** `shipshape ARGS` in `dir`: `{ status, stdout, stderr }`. */
export function runCli(dir, args) {
  const result = spawnSync(CLI, args, {
    cwd: dir,
    encoding: "utf8",
    maxBuffer: 512 * 1024 * 1024,
    env: { PATH: process.env.PATH, HOME: process.env.HOME ?? os.tmpdir(), NO_COLOR: "1" },
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The Action's workflow-command lines that are annotations (not its own `::error::` verdict). */
export function annotationLines(result) {
  return result.commands.filter((line) => /^::(error|warning|notice) file=/.test(line));
}
