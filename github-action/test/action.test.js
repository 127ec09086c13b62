// dist/index.js run as the runner runs it, on fixture workspaces. The Action is an adapter over
// the workspace layer, so its annotations, SARIF file and job summary must be the CLI's
// `--format github`, `--format sarif` and `--format summary` byte for byte: each test compares
// whole documents with the CLI run on the same tree with the same options, and pins a few exact
// lines so that both cannot drift together unnoticed.

import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { workspace, runAction, runCli, annotationLines, CLI } from "./helpers.js";

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
  "::warning file=.devcontainer/Dockerfile,line=1,col=6,endLine=1,endColumn=13,title=SS201 single-stage-build::" +
  "The only stage 0 uses the SDK image `node:22`, so the image ships its build tooling; build in a separate stage and copy only the output into a runtime image (stage 0)";
const SS501 =
  "::error file=compose.yaml,line=6,col=7,endLine=6,endColumn=48,title=SS501 secret-in-environment::" +
  "Secret-like variable `DB_PASSWORD` is set to a literal value; inject it from a secret store at run time (service web)";

if (!fs.existsSync(CLI)) {
  test("the CLI to compare with", () => assert.fail(`${CLI} is missing: cargo build -p shipshape (or set SHIPSHAPE_CLI)`));
}

/** Lines of a report, for failure messages that show where two documents part. */
function assertSameText(actual, expected, what) {
  if (actual === expected) return;
  assert.deepEqual(actual.split("\n"), expected.split("\n"), what);
}

test("the whole workspace by default: the CLI's annotations, SARIF and summary, byte for byte", () => {
  const dir = workspace(BASIC);
  const result = runAction(dir, { "sarif-file": "out/shipshape.sarif" });
  assert.equal(result.status, 1, result.stdout + result.stderr);
  const github = runCli(dir, ["check", "--format", "github"]);
  assert.equal(github.status, 1, github.stderr);
  assert.deepEqual(annotationLines(result), github.stdout.trimEnd().split("\n"));
  // web is privileged: its four missing settings are folded into SS401 (docs/rules.md).
  assert.equal(annotationLines(result).length, 4);
  assert.equal(annotationLines(result)[0], DEVCONTAINER_SS201);
  assert.equal(annotationLines(result)[3], SS501);
  assert.equal(result.commands.at(-1), "::error::shipshape: 4 findings in 4 files; 4 at or above the fail-on severity");
  assert.deepEqual(result.outputs, {
    findings: "4",
    errors: "2",
    "sarif-file": path.join(dir, "out", "shipshape.sarif"),
  });

  const sarifText = fs.readFileSync(path.join(dir, "out", "shipshape.sarif"), "utf8");
  assertSameText(sarifText, runCli(dir, ["check", "--format", "sarif"]).stdout, "SARIF");
  const sarif = JSON.parse(sarifText);
  const [run] = sarif.runs;
  assert.deepEqual(
    run.results[2].relatedLocations.map((r) => r.message.text.split(":")[0]),
    ["SS101 (read-only-root-filesystem)", "SS301 (capabilities-not-dropped)", "SS404 (privilege-escalation-allowed)", "SS601 (pids-limit-missing)"],
  );
  assert.deepEqual(
    run.results.map((r) => [r.ruleId, r.locations[0].physicalLocation.artifactLocation.uri, r.locations[0].physicalLocation.region.startLine]),
    [
      ["SS201", ".devcontainer/Dockerfile", 1],
      ["SS201", "Dockerfile", 1],
      ["SS401", "compose.yaml", 4],
      ["SS501", "compose.yaml", 6],
    ],
  );
  const ss501 = run.tool.driver.rules.find((rule) => rule.id === "SS501");
  assert.equal(ss501.properties["security-severity"], "8.0");

  assertSameText(result.summary, runCli(dir, ["check", "--format", "summary"]).stdout, "job summary");
  assert.match(result.summary, /^## shipshape\n\n4 findings \(2 errors, 2 warnings\) in 3 files of 4 files checked\. Failing:/);

  // The secret's value is nowhere: not in the log, annotations, summary, outputs or SARIF.
  for (const text of [result.stdout, result.stderr, result.summary, JSON.stringify(result.outputs), sarifText]) {
    assert.ok(!text.includes(SECRET));
    assert.ok(!text.includes("Zq8vK"));
  }
});

test("language zh-CN: a Chinese log, annotations, job summary and SARIF texts; the same alerts and outcome", () => {
  const dir = workspace(BASIC);
  const english = runAction(dir, { "sarif-file": "en.sarif" });
  const result = runAction(dir, { "sarif-file": "zh.sarif", language: "zh-CN" });
  assert.equal(result.status, english.status, result.stdout + result.stderr);
  assert.deepEqual(result.outputs.findings, english.outputs.findings);
  // The job summary is the CLI's `--lang zh-CN --format summary`, byte for byte, and Chinese.
  assertSameText(result.summary, runCli(dir, ["check", "--lang", "zh-CN", "--format", "summary"]).stdout, "job summary");
  assert.match(
    result.summary,
    /^## shipshape\n\n检查了 4 个文件，其中 3 个文件中发现 4 个问题（2 个错误、2 个警告）。未通过：fail-on 取各文件配置的 `fail-on`（默认为 `warning`）。\n/,
  );
  assert.match(result.summary, /\n\| 位置 \| 严重级别 \| 规则 \| 对象 \| 说明 \|\n/);
  assert.match(result.summary, /\| 服务 web \| 疑似机密的变量 `DB_PASSWORD` 被设为字面值；请在运行时从机密存储中注入 \|/);
  // Annotations: the same places and titles, messages in Chinese.
  const where = (line) => line.split("::").slice(0, 2).join("::");
  assert.deepEqual(annotationLines(result).map(where), annotationLines(english).map(where));
  assert.deepEqual(annotationLines(result), runCli(dir, ["check", "--lang", "zh-CN", "--format", "github"]).stdout.trimEnd().split("\n"));
  assert.match(annotationLines(result)[3], /::疑似机密的变量 `DB_PASSWORD` 被设为字面值；请在运行时从机密存储中注入 \(服务 web\)$/);
  // SARIF: the same results and fingerprints.
  const sarif = (name) => JSON.parse(fs.readFileSync(path.join(dir, name), "utf8")).runs[0];
  const prints = (run) => run.results.map((r) => [r.ruleId, r.partialFingerprints.primaryLocationLineHash]);
  assert.deepEqual(prints(sarif("zh.sarif")), prints(sarif("en.sarif")));
  assert.match(sarif("zh.sarif").results[3].message.text, /^疑似机密的变量/);
  for (const text of [result.stdout, result.summary]) assert.ok(!text.includes("Zq8vK"));

  const wrong = runAction(dir, { language: "fr" });
  assert.equal(wrong.status, 1);
  assert.match(wrong.stdout + wrong.stderr, /input language: unknown language `fr` \(expected `en` or `zh-CN`\)/);
});

test("fingerprints do not change when lines move", () => {
  const dir = workspace(BASIC);
  const before = JSON.parse(fs.readFileSync(runAction(dir, { "sarif-file": "a.sarif", "fail-on": "never" }).outputs["sarif-file"], "utf8"));
  fs.writeFileSync(path.join(dir, "compose.yaml"), "# moved down\n\n" + BASIC["compose.yaml"]);
  const after = JSON.parse(fs.readFileSync(runAction(dir, { "sarif-file": "a.sarif", "fail-on": "never" }).outputs["sarif-file"], "utf8"));
  const prints = (sarif) => sarif.runs[0].results.map((r) => [r.ruleId, r.partialFingerprints.primaryLocationLineHash]);
  assert.deepEqual(prints(after), prints(before));
  assert.equal(after.runs[0].results.at(-1).locations[0].physicalLocation.region.startLine, 8);
});

test("fail-on never and annotate false: exit 0, no annotations, outputs still set", () => {
  const dir = workspace(BASIC);
  const result = runAction(dir, { "fail-on": "never", annotate: "false" });
  assert.equal(result.status, 0, result.stdout);
  assert.deepEqual(result.commands, []);
  // web is privileged: its four missing settings are folded into SS401 (docs/rules.md).
  assert.deepEqual(result.outputs, { findings: "4", errors: "2", "sarif-file": "" });
  assert.equal(result.log.at(-1), "shipshape: 4 findings in 4 files");
  assertSameText(result.summary, runCli(dir, ["check", "--format", "summary", "--fail-on", "never"]).stdout, "job summary");
  assert.match(result.summary, /^## shipshape\n\n4 findings \(2 errors, 2 warnings\) in 3 files of 4 files checked\. Passing: fail-on is `never`\.\n/);
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

test("paths: globs, a directory, and a file of no kind named explicitly, as the CLI takes them", () => {
  const dir = workspace(BASIC);
  const globbed = runAction(dir, { paths: "**/Dockerfile\n!.devcontainer/**", "fail-on": "never" });
  assert.equal(globbed.outputs.findings, "1");
  const cliGlobbed = runCli(dir, ["check", "--format", "github", "**/Dockerfile", "!.devcontainer/**"]);
  assert.deepEqual(annotationLines(globbed), cliGlobbed.stdout.trimEnd().split("\n"));
  assert.match(annotationLines(globbed)[0], /^::warning file=Dockerfile,line=1,col=6,/);
  const explicit = runAction(dir, { paths: "notes/values.yaml, k8s", "fail-on": "never" });
  assert.deepEqual(explicit.commands, [
    "::notice file=notes/values.yaml,line=1,col=1,endLine=1,endColumn=1,title=SS000 parse-error::" +
      "not a kind of file shipshape checks (a Dockerfile, Compose file, Kubernetes manifest, dev container, Quadlet unit, or a script, Makefile or CI file that runs a container); name the kind with --kind to check it anyway",
  ]);
  assert.equal(explicit.log.at(-1), "shipshape: 1 finding in 2 files");
  const missing = runAction(dir, { paths: "nope/compose.yaml" });
  assert.equal(missing.status, 1);
  assert.deepEqual(missing.commands, ["::error::nope/compose.yaml: No such file or directory"]);
  const cliMissing = runCli(dir, ["check", "nope/compose.yaml"]);
  assert.equal(cliMissing.status, 2);
  assert.equal(cliMissing.stderr, "error: nope/compose.yaml: No such file or directory\n");
});

test("the config input is used for every file; its errors are the CLI's", () => {
  const dir = workspace({ ...BASIC, "ci/shipshape.toml": '[rules]\nSS201 = "off"\nsecret-in-environment = "warning"\n' });
  const result = runAction(dir, { config: "ci/shipshape.toml", "fail-on": "error", "sarif-file": "x.sarif" });
  assert.equal(result.status, 1);
  const cli = runCli(dir, ["check", "--config", "ci/shipshape.toml", "--format", "github"]);
  assert.deepEqual(annotationLines(result), cli.stdout.trimEnd().split("\n"));
  assert.deepEqual(
    annotationLines(result).map((line) => line.split("::")[1].replace(/ file=.*title=/, " ")),
    [
      "error SS401 privileged-container",
      "warning SS501 secret-in-environment",
      "error SS401 privileged-container",
    ],
  );
  // vendor/ is walked now: the fixed config has no exclude.
  assert.equal(result.outputs.findings, "3");
  assertSameText(
    fs.readFileSync(path.join(dir, "x.sarif"), "utf8"),
    runCli(dir, ["check", "--config", "ci/shipshape.toml", "--format", "sarif"]).stdout,
    "SARIF",
  );
  fs.writeFileSync(path.join(dir, "ci/shipshape.toml"), 'fail-on = "error"\n[rules]\nSS999 = "off"\n');
  const broken = runAction(dir, { config: "ci/shipshape.toml" });
  assert.equal(broken.status, 1);
  const cliBroken = runCli(dir, ["check", "--config", "ci/shipshape.toml"]);
  assert.equal(cliBroken.status, 2);
  assert.deepEqual(broken.commands, [`::error::${cliBroken.stderr.replace(/^error: /, "").trimEnd()}`]);
  assert.match(broken.commands[0], /^::error::invalid configuration ci\/shipshape\.toml:3:1: `\[rules\] SS999`: no such rule/);
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
    "::error file=Dockerfile,line=2,col=10,endLine=2,endColumn=10,title=SS000 parse-error::file is not valid UTF-8 (byte 21)",
  ]);
  assert.deepEqual(annotationLines(result), runCli(dir, ["check", "--format", "github"]).stdout.trimEnd().split("\n"));
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
    "::warning file=Dockerfile,line=1,col=6,endLine=1,endColumn=17,title=SS201 single-stage-build::" +
      "The only stage 0 uses the SDK image `golang:1.23`, so the image ships its build tooling; build in a separate stage and copy only the output into a runtime image (stage 0)",
    "::error::shipshape: 1 finding in 1 file; 1 at or above the fail-on severity",
  ]);
  assert.ok(result.log.includes("only-changed: 1 file changed, 1 checked"), result.log.join("\n"));
  // Not a pull request: everything.
  assert.equal(runAction(dir, { "only-changed": "true" }).outputs.findings, "4");
  // A base commit that is not there (shallow checkout): a warning, then everything.
  const shallow = { pull_request: { base: { sha: "0".repeat(40) }, head: { sha: head } } };
  const fallback = runAction(dir, { "only-changed": "true" }, { event: shallow, eventName: "pull_request" });
  assert.match(fallback.commands[0], /^::warning::only-changed: `git diff 0{40}\.\.\.[0-9a-f]{40}` failed \(.*\); checking every file\. Check out with `fetch-depth: 0`/);
  assert.equal(fallback.outputs.findings, "4");
});
