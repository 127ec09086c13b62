// dist/index.js run as the runner runs it, on fixture workspaces.

import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { workspace, runAction } from "./helpers.js";

const SECRET = "Zq8vK-not-a-real-secret-7731";

const BASIC = {
  "Dockerfile": 'FROM golang:1.22\nRUN go build -o /app .\nCMD ["/app"]\n',
  "compose.yaml": `services:\n  web:\n    image: nginx:1.27\n    privileged: true\n    environment:\n      DB_PASSWORD: ${SECRET}\n`,
  "k8s/pod.yaml":
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: api\nspec:\n  containers:\n    - name: app\n      image: registry.example/app:1.0\n' +
    '      securityContext:\n        allowPrivilegeEscalation: false\n        readOnlyRootFilesystem: true\n        capabilities:\n          drop: ["ALL"]\n',
  "notes/values.yaml": "replicas: 3\n",
  ".gitignore": "ignored/\n",
  "ignored/Dockerfile": "FROM scratch\nRUN --security=insecure true\n",
  "vendor/Dockerfile": "FROM scratch\nRUN --security=insecure true\n",
  ".shipshape.toml": 'exclude = ["vendor"]\n',
  ".devcontainer/Dockerfile": "FROM node:22\nRUN npm run build\n",
  "README.md": "FROM scratch\n",
};

const DEVCONTAINER_SS201 =
  "::warning title=SS201 single-stage-build,file=.devcontainer/Dockerfile,line=1,endLine=1,col=6,endColumn=13::" +
  "The only stage 0 uses the SDK image `node:22`, so the image ships its build tooling; build in a separate stage and copy only the output into a runtime image";
const BASIC_ANNOTATIONS = [
  DEVCONTAINER_SS201,
  "::warning title=SS201 single-stage-build,file=Dockerfile,line=1,endLine=1,col=6,endColumn=17::" +
    "The only stage 0 uses the SDK image `golang:1.22`, so the image ships its build tooling; build in a separate stage and copy only the output into a runtime image",
  "::warning title=SS101 read-only-root-filesystem,file=compose.yaml,line=2,endLine=2,col=3,endColumn=6::" +
    "Service `web` does not set `read_only: true`, so its root filesystem is writable",
  "::warning title=SS301 capabilities-not-dropped,file=compose.yaml,line=2,endLine=2,col=3,endColumn=6::" +
    "Service `web` keeps the default capabilities: `cap_drop` does not drop `ALL`",
  "::warning title=SS404 privilege-escalation-allowed,file=compose.yaml,line=2,endLine=2,col=3,endColumn=6::" +
    "Service web does not set `no-new-privileges:true` in `security_opt`, so its processes may gain privileges",
  "::warning title=SS601 pids-limit-missing,file=compose.yaml,line=2,endLine=2,col=3,endColumn=6::" +
    "Service web has no PID limit (`pids_limit` or `deploy.resources.limits.pids`)",
  "::error title=SS401 privileged-container,file=compose.yaml,line=4,endLine=4,col=17,endColumn=21::" +
    "Service web runs privileged; grant only the single capability it needs instead",
  "::error title=SS501 secret-in-environment,file=compose.yaml,line=6,endLine=6,col=7,endColumn=48::" +
    "Secret-like variable `DB_PASSWORD` is set to a literal value; inject it from a secret store at run time",
];

function row(line, severity, code, name, object, message) {
  return (
    `<tr><td>${line}</td><td>${severity}</td><td><a href="https://github.com/shipshape-dev/shipshape/blob/main/docs/rules/${code}.md">${code}</a> ${name}</td>` +
    `<td>${object}</td><td>${message}</td></tr>`
  );
}
const HEADER = "<tr><th>Line</th><th>Severity</th><th>Rule</th><th>Object</th><th>Message</th></tr>";

test("the whole workspace by default: annotations, outputs, summary, SARIF, exit 1", () => {
  const dir = workspace(BASIC);
  const result = runAction(dir, { "sarif-file": "out/shipshape.sarif" });
  assert.equal(result.status, 1, result.stdout + result.stderr);
  assert.deepEqual(result.commands, [
    ...BASIC_ANNOTATIONS,
    "::error::shipshape: 8 findings in 4 files; 8 at or above the fail-on severity",
  ]);
  assert.deepEqual(result.outputs, {
    findings: "8",
    errors: "2",
    "sarif-file": path.join(dir, "out", "shipshape.sarif"),
  });
  assert.equal(
    result.summary,
    "<h2>shipshape</h2>\n" +
      "<p>8 findings (2 errors, 6 warnings) in 3 files of 4 files checked.</p>\n" +
      "<h3><code>.devcontainer/Dockerfile</code></h3>\n" +
      "<table>" + HEADER +
      row("1:6", "warning", "SS201", "single-stage-build", "stage 0",
        "The only stage 0 uses the SDK image `node:22`, so the image ships its build tooling; build in a separate stage and copy only the output into a runtime image") +
      "</table>\n" +
      "<h3><code>Dockerfile</code></h3>\n" +
      "<table>" + HEADER +
      row("1:6", "warning", "SS201", "single-stage-build", "stage 0",
        "The only stage 0 uses the SDK image `golang:1.22`, so the image ships its build tooling; build in a separate stage and copy only the output into a runtime image") +
      "</table>\n" +
      "<h3><code>compose.yaml</code></h3>\n" +
      "<table>" + HEADER +
      row("2:3", "warning", "SS101", "read-only-root-filesystem", "service web", "Service `web` does not set `read_only: true`, so its root filesystem is writable") +
      row("2:3", "warning", "SS301", "capabilities-not-dropped", "service web", "Service `web` keeps the default capabilities: `cap_drop` does not drop `ALL`") +
      row("2:3", "warning", "SS404", "privilege-escalation-allowed", "service web", "Service web does not set `no-new-privileges:true` in `security_opt`, so its processes may gain privileges") +
      row("2:3", "warning", "SS601", "pids-limit-missing", "service web", "Service web has no PID limit (`pids_limit` or `deploy.resources.limits.pids`)") +
      row("4:17", "error", "SS401", "privileged-container", "service web", "Service web runs privileged; grant only the single capability it needs instead") +
      row("6:7", "error", "SS501", "secret-in-environment", "service web", "Secret-like variable `DB_PASSWORD` is set to a literal value; inject it from a secret store at run time") +
      "</table>\n",
  );

  const sarifText = fs.readFileSync(path.join(dir, "out", "shipshape.sarif"), "utf8");
  const sarif = JSON.parse(sarifText);
  assert.equal(sarif.version, "2.1.0");
  assert.equal(sarif.$schema, "https://json.schemastore.org/sarif-2.1.0.json");
  const [run] = sarif.runs;
  assert.equal(run.tool.driver.name, "shipshape");
  assert.equal(run.columnKind, "unicodeCodePoints");
  const ids = run.tool.driver.rules.map((rule) => rule.id);
  assert.deepEqual(ids, ["SS000", "SS001", "SS002", "SS101", "SS201", "SS202", "SS203", "SS301", "SS302", "SS401", "SS402", "SS403", "SS404", "SS501", "SS502", "SS503", "SS601", "SS602"]);
  const ss501 = run.tool.driver.rules[ids.indexOf("SS501")];
  assert.equal(ss501.helpUri, "https://github.com/shipshape-dev/shipshape/blob/main/docs/rules/SS501.md");
  assert.match(ss501.help.markdown, /## What it does/);
  assert.deepEqual(ss501.defaultConfiguration, { level: "error" });
  assert.deepEqual(
    run.results.map((r) => [r.ruleId, r.level, r.locations[0].physicalLocation.artifactLocation.uri, r.locations[0].physicalLocation.region]),
    [
      ["SS201", "warning", ".devcontainer/Dockerfile", { startLine: 1, startColumn: 6, endLine: 1, endColumn: 13 }],
      ["SS201", "warning", "Dockerfile", { startLine: 1, startColumn: 6, endLine: 1, endColumn: 17 }],
      ["SS101", "warning", "compose.yaml", { startLine: 2, startColumn: 3, endLine: 2, endColumn: 6 }],
      ["SS301", "warning", "compose.yaml", { startLine: 2, startColumn: 3, endLine: 2, endColumn: 6 }],
      ["SS404", "warning", "compose.yaml", { startLine: 2, startColumn: 3, endLine: 2, endColumn: 6 }],
      ["SS601", "warning", "compose.yaml", { startLine: 2, startColumn: 3, endLine: 2, endColumn: 6 }],
      ["SS401", "error", "compose.yaml", { startLine: 4, startColumn: 17, endLine: 4, endColumn: 21 }],
      ["SS501", "error", "compose.yaml", { startLine: 6, startColumn: 7, endLine: 6, endColumn: 48 }],
    ],
  );
  for (const result of run.results) {
    assert.equal(run.tool.driver.rules[result.ruleIndex].id, result.ruleId);
    assert.match(result.partialFingerprints["shipshape/v1"], /^[0-9a-f]{32}:0$/);
  }
  const secretResult = run.results.at(-1);
  assert.deepEqual(secretResult.fixes, [
    {
      description: { text: "Take the value of `DB_PASSWORD` out of the file (unsafe fix)" },
      artifactChanges: [
        {
          artifactLocation: { uri: "compose.yaml", uriBaseId: "%SRCROOT%" },
          replacements: [
            {
              deletedRegion: { startLine: 6, startColumn: 20, endLine: 6, endColumn: 48 },
              insertedContent: { text: "${DB_PASSWORD}" },
            },
          ],
        },
      ],
    },
  ]);
  // The secret's value is nowhere: not in the log, annotations, summary, outputs or SARIF.
  for (const text of [result.stdout, result.stderr, result.summary, JSON.stringify(result.outputs), sarifText]) {
    assert.ok(!text.includes(SECRET));
    assert.ok(!text.includes("Zq8vK"));
  }
});

test("fingerprints do not change when lines move", () => {
  const dir = workspace(BASIC);
  const before = JSON.parse(fs.readFileSync(runAction(dir, { "sarif-file": "a.sarif", "fail-on": "never" }).outputs["sarif-file"], "utf8"));
  fs.writeFileSync(path.join(dir, "compose.yaml"), "# moved down\n\n" + BASIC["compose.yaml"]);
  const after = JSON.parse(fs.readFileSync(runAction(dir, { "sarif-file": "a.sarif", "fail-on": "never" }).outputs["sarif-file"], "utf8"));
  const prints = (sarif) => sarif.runs[0].results.map((r) => [r.ruleId, r.partialFingerprints["shipshape/v1"]]);
  assert.deepEqual(prints(after), prints(before));
  assert.equal(after.runs[0].results.at(-1).locations[0].physicalLocation.region.startLine, 8);
});

test("fail-on never and annotate false: exit 0, no annotations, outputs still set", () => {
  const dir = workspace(BASIC);
  const result = runAction(dir, { "fail-on": "never", annotate: "false" });
  assert.equal(result.status, 0, result.stdout);
  assert.deepEqual(result.commands, []);
  assert.deepEqual(result.outputs, { findings: "8", errors: "2", "sarif-file": "" });
  assert.equal(result.log.at(-1), "shipshape: 8 findings in 4 files");
  assert.match(result.summary, /^<h2>shipshape<\/h2>\n<p>8 findings \(2 errors, 6 warnings\) in 3 files of 4 files checked\. Passing: fail-on is <code>never<\/code>\.<\/p>\n/);
});

test("fail-on error passes on warnings only; the config's fail-on applies without the input", () => {
  const dir = workspace({ ".devcontainer/Dockerfile": BASIC[".devcontainer/Dockerfile"] });
  const result = runAction(dir, { "fail-on": "error" });
  assert.equal(result.status, 0);
  assert.deepEqual(result.commands, [DEVCONTAINER_SS201]);
  assert.deepEqual(result.outputs, { findings: "1", errors: "0", "sarif-file": "" });
  const failing = runAction(dir, {});
  assert.equal(failing.status, 1);
  assert.equal(failing.commands.at(-1), "::error::shipshape: 1 finding in 1 file; 1 at or above the fail-on severity");
  fs.writeFileSync(path.join(dir, ".shipshape.toml"), 'fail-on = "error"\n');
  assert.equal(runAction(dir, {}).status, 0);
});

test("paths: globs, a directory, and a file of no kind named explicitly", () => {
  const dir = workspace(BASIC);
  const globbed = runAction(dir, { paths: "**/Dockerfile\n!.devcontainer/**", "fail-on": "never", annotate: "false" });
  assert.deepEqual(globbed.outputs.findings, "1");
  assert.equal(globbed.log[0].startsWith("Dockerfile:1:6: warning SS201 "), true, globbed.log.join("\n"));
  const explicit = runAction(dir, { paths: "notes/values.yaml, k8s", "fail-on": "never" });
  assert.deepEqual(explicit.commands, [
    "::notice title=SS000 parse-error,file=notes/values.yaml,line=1,endLine=1,col=1,endColumn=1::" +
      "not a Dockerfile, Compose file or Kubernetes manifest; name the kind with --kind to check it anyway",
  ]);
  assert.equal(explicit.log.at(-1), "shipshape: 1 finding in 2 files");
  const missing = runAction(dir, { paths: "nope/compose.yaml" });
  assert.equal(missing.status, 1);
  assert.deepEqual(missing.commands, ["::error::nope/compose.yaml: no such file or directory"]);
});

test("the config input is used for every file; its errors name the line and column", () => {
  const dir = workspace({ ...BASIC, "ci/shipshape.toml": '[rules]\nSS201 = "off"\nsecret-in-environment = "warning"\n' });
  const result = runAction(dir, { config: "ci/shipshape.toml", "fail-on": "error" });
  assert.equal(result.status, 1);
  assert.deepEqual(
    result.commands.map((line) => line.split("::")[1]),
    [
      "warning title=SS101 read-only-root-filesystem,file=compose.yaml,line=2,endLine=2,col=3,endColumn=6",
      "warning title=SS301 capabilities-not-dropped,file=compose.yaml,line=2,endLine=2,col=3,endColumn=6",
      "warning title=SS404 privilege-escalation-allowed,file=compose.yaml,line=2,endLine=2,col=3,endColumn=6",
      "warning title=SS601 pids-limit-missing,file=compose.yaml,line=2,endLine=2,col=3,endColumn=6",
      "error title=SS401 privileged-container,file=compose.yaml,line=4,endLine=4,col=17,endColumn=21",
      "warning title=SS501 secret-in-environment,file=compose.yaml,line=6,endLine=6,col=7,endColumn=48",
      "error title=SS401 privileged-container,file=vendor/Dockerfile,line=2,endLine=2,col=5,endColumn=24",
      "error",
    ],
  );
  // vendor/ is walked now: the fixed config has no exclude.
  assert.equal(result.outputs.findings, "7");
  fs.writeFileSync(path.join(dir, "ci/shipshape.toml"), 'fail-on = "error"\n[rules]\nSS999 = "off"\n');
  const broken = runAction(dir, { config: "ci/shipshape.toml" });
  assert.equal(broken.status, 1);
  assert.deepEqual(broken.commands, [
    "::error::invalid configuration ci/shipshape.toml:3:1: `[rules] SS999`: no such rule (see `shipshape rules`)",
  ]);
  fs.writeFileSync(path.join(dir, "ci/shipshape.toml"), 'fail-on = "error"\nbogus = 1\n');
  const unknown = runAction(dir, { config: "ci/shipshape.toml" });
  assert.match(unknown.commands[0], /^::error::invalid configuration ci\/shipshape\.toml:2:1: unknown key `bogus`/);
});

test("bad inputs fail with a message", () => {
  const dir = workspace(BASIC);
  assert.deepEqual(runAction(dir, { "fail-on": "fatal" }).commands, [
    "::error::input fail-on: expected one of error, warning, info, hint, never, got `fatal`",
  ]);
  assert.deepEqual(runAction(dir, { annotate: "maybe" }).commands, [
    "::error::input annotate: expected true or false, got `maybe`",
  ]);
});

test("invalid UTF-8 gets SS000 at the first bad byte, as in the CLI", () => {
  const dir = workspace({ Dockerfile: Buffer.from([...Buffer.from("FROM alpine\nRUN echo "), 0xff, 0x0a]) });
  const result = runAction(dir, { "fail-on": "never" });
  assert.deepEqual(result.commands, [
    "::error title=SS000 parse-error,file=Dockerfile,line=2,endLine=2,col=10,endColumn=10::file is not valid UTF-8 (byte 21)",
  ]);
});

function git(dir, ...args) {
  return execFileSync("git", args, {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com" },
  }).trim();
}

test("only-changed on a pull request checks only the files it changes", () => {
  const dir = workspace(BASIC);
  git(dir, "init", "-q", "-b", "main");
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "base");
  const base = git(dir, "rev-parse", "HEAD");
  fs.writeFileSync(path.join(dir, "Dockerfile"), 'FROM golang:1.23\nRUN go build -o /app .\nCMD ["/app"]\n');
  git(dir, "commit", "-q", "-am", "bump go");
  const head = git(dir, "rev-parse", "HEAD");
  const event = { pull_request: { number: 1, base: { sha: base }, head: { sha: head } } };
  const result = runAction(dir, { "only-changed": "true" }, { event, eventName: "pull_request" });
  assert.deepEqual(result.commands, [
    "::warning title=SS201 single-stage-build,file=Dockerfile,line=1,endLine=1,col=6,endColumn=17::" +
      "The only stage 0 uses the SDK image `golang:1.23`, so the image ships its build tooling; build in a separate stage and copy only the output into a runtime image",
    "::error::shipshape: 1 finding in 1 file; 1 at or above the fail-on severity",
  ]);
  assert.ok(result.log.includes("only-changed: 1 file changed, 1 to check"));
  // Not a pull request: everything.
  assert.equal(runAction(dir, { "only-changed": "true" }).outputs.findings, "8");
  // A base commit that is not there (shallow checkout): a warning, then everything.
  const shallow = { pull_request: { base: { sha: "0".repeat(40) }, head: { sha: head } } };
  const fallback = runAction(dir, { "only-changed": "true" }, { event: shallow, eventName: "pull_request" });
  assert.match(fallback.commands[0], /^::warning::only-changed: `git diff 0{40}\.\.\.[0-9a-f]{40}` failed \(.*\); checking every file\. Check out with `fetch-depth: 0`/);
  assert.equal(fallback.outputs.findings, "8");
});
