// The `suggestions` input against a local server that plays GitHub's REST API and validates
// every request against GitHub's OpenAPI description (test/github-server.js): the exact review
// for a pull request touching a compose file, a Dockerfile and a manifest; applying every
// suggestion gives `shipshape fix` restricted to the pull request's hunks; a re-run updates
// instead of duplicating; secondary rate limits are retried a bounded number of times; a fork's
// pull request falls back to annotations.

import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { workspace, runActionAsync, runCli, annotationLines, CLI } from "./helpers.js";
import { startGitHub } from "./github-server.js";
import { MAX_REVIEW_COMMENTS } from "../src/suggestions.js";

const SECRET = "Zq8vK-not-a-real-secret-7731";

const BASE = {
  "compose.yaml":
    "services:\n  worker:\n    image: registry.example/worker:2.0\n" +
    "  web:\n    image: nginx:1.27\n    ports:\n      - \"8080:80\"\n    cap_drop:\n      - ALL\n    security_opt:\n      - no-new-privileges:true\n    read_only: true\n",
  "k8s/deploy.yaml":
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  annotations:\n    shipshape.dev/ignore: SS503\n" +
    "spec:\n  selector:\n    matchLabels:\n      app: api\n  template:\n    metadata:\n      labels:\n        app: api\n    spec:\n      containers:\n" +
    "        - name: app\n          image: registry.example/api:1.0\n          securityContext:\n            runAsNonRoot: true\n",
};
const HEAD = {
  "compose.yaml":
    "services:\n  worker: # shipshape ignore=SS503\n    image: registry.example/worker:2.1\n    read_only: true\n" +
    "  web:\n    image: nginx:1.27\n    ports:\n      - \"8080:80\"\n    cap_drop:\n      - ALL\n    security_opt:\n      - no-new-privileges:true\n    read_only: true\n",
  "Dockerfile":
    `FROM golang:1.22\nWORKDIR /src\nCOPY . .\n# shipshape ignore=SS503\nRUN go build -o /app .\nENV API_TOKEN=${SECRET}\nCMD ["/app"]\n`,
  "k8s/deploy.yaml":
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  annotations:\n    shipshape.dev/ignore: SS503\n" +
    "spec:\n  selector:\n    matchLabels:\n      app: api\n  template:\n    metadata:\n      labels:\n        app: api\n    spec:\n      containers:\n" +
    "        - name: app\n          image: registry.example/api:1.1\n          securityContext:\n            allowPrivilegeEscalation: true\n",
};

/** GitHub's `patch` for a file: git's unified diff without its file headers. */
function patchOf(name, base, head, context = 3) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shipshape-patch-"));
  fs.writeFileSync(path.join(dir, "a"), base ?? "");
  fs.writeFileSync(path.join(dir, "b"), head);
  const result = spawnSync("git", ["diff", "--no-index", `-U${context}`, base === undefined ? "/dev/null" : "a", "b"], { cwd: dir, encoding: "utf8" });
  return result.stdout.slice(result.stdout.indexOf("@@"));
}

function pullRequestFiles() {
  return Object.keys(HEAD)
    .sort()
    .map((name) => ({ filename: name, status: name in BASE ? "modified" : "added", patch: patchOf(name, BASE[name], HEAD[name]) }));
}

const EVENT = {
  pull_request: {
    number: 7,
    head: { sha: "0123456789abcdef0123456789abcdef01234567", repo: { full_name: "acme/app" } },
    base: { sha: "fedcba9876543210fedcba9876543210fedcba98", repo: { full_name: "acme/app", name: "app", owner: { login: "acme" } } },
  },
};

/** Runs the Action on HEAD's files as `pull_request` with `suggestions: mode` against `github`. */
function runOn(github, mode, event = EVENT) {
  const dir = workspace(HEAD);
  return runActionAsync(dir, { suggestions: mode, token: "test-token", "fail-on": "never" }, { event, eventName: "pull_request", env: { GITHUB_API_URL: github.url } });
}

/** The head side's line ranges of a patch's hunks. */
function hunkRanges(patch) {
  return [...patch.matchAll(/^@@ -\S+ \+(\d+)(?:,(\d+))? @@/gm)]
    .map((m) => [Number(m[1]), Number(m[1]) + Number(m[2] ?? 1) - 1])
    .filter(([first, last]) => last >= first);
}

/** `text` with each comment's suggestion applied (lines start_line..line replaced). */
function applySuggestions(text, comments) {
  const lines = text.split("\n");
  // Bottom up, so that line numbers stay valid.
  for (const c of [...comments].sort((a, b) => b.line - a.line)) {
    const m = /\n(`{3,})suggestion\n([\s\S]*?)^\1$/m.exec(c.body);
    assert.ok(m, `a suggestion block in ${c.body}`);
    const content = m[2] === "" ? [] : m[2].replace(/\n$/, "").split("\n");
    const first = c.start_line ?? c.line;
    lines.splice(first - 1, c.line - first + 1, ...content);
  }
  return lines.join("\n");
}

/**
 * `shipshape fix` (or `--unsafe-fixes`) restricted to the hunks: git's zero-context diff of the
 * head against the fixed text, keeping the changes whose lines (for an insertion, the line after
 * it, or before it at the end) lie inside one hunk, applied with `git apply`.
 */
function fixWithinHunks(name, unsafe, ranges) {
  const dir = workspace({ [name]: HEAD[name] });
  const fixed = runCli(dir, ["fix", "--no-config", ...(unsafe ? ["--unsafe-fixes"] : []), name]);
  assert.ok([0, 1].includes(fixed.status), fixed.stderr);
  const fixedText = fs.readFileSync(path.join(dir, name), "utf8");
  const zero = patchOf(name, HEAD[name], fixedText, 0);
  const total = HEAD[name].split("\n").length - 1;
  const kept = zero.split(/^(?=@@)/m).filter((hunk) => {
    const m = /^@@ -(\d+)(?:,(\d+))? /.exec(hunk);
    if (!m) return false;
    const start = Number(m[1]);
    const count = Number(m[2] ?? 1);
    const [first, last] = count === 0 ? (start + 1 <= total ? [start + 1, start + 1] : [start, start]) : [start, start + count - 1];
    return ranges.some(([a, b]) => a <= first && last <= b);
  });
  const target = workspace({ b: HEAD[name] });
  if (kept.length > 0) {
    const patch = `--- a/b\n+++ b/b\n${kept.join("")}`;
    fs.writeFileSync(path.join(target, "fix.patch"), patch);
    const applied = spawnSync("git", ["apply", "--unidiff-zero", "fix.patch"], { cwd: target, encoding: "utf8" });
    assert.equal(applied.status, 0, applied.stderr + patch);
  }
  return fs.readFileSync(path.join(target, "b"), "utf8");
}

if (!fs.existsSync(CLI)) {
  test("the CLI to compare with", () => assert.fail(`${CLI} is missing: cargo build -p shipshape (or set SHIPSHAPE_CLI)`));
}

for (const mode of ["safe", "all"]) {
  test(`suggestions: ${mode}: applying every suggestion gives \`shipshape fix\` restricted to the hunks`, async () => {
    const github = await startGitHub({ files: pullRequestFiles() });
    try {
      const result = await runOn(github, mode);
      assert.equal(result.status, 0, result.stdout + result.stderr);
      assert.deepEqual(github.state.invalid, []);
      assert.equal(github.state.reviews.length, 1);
      for (const file of pullRequestFiles()) {
        const comments = github.state.comments.filter((c) => c.path === file.filename);
        const applied = applySuggestions(HEAD[file.filename], comments);
        assert.equal(applied, fixWithinHunks(file.filename, mode === "all", hunkRanges(file.patch)), file.filename);
      }
      assert.ok(!JSON.stringify(github.state.requests).includes(SECRET), "no request holds the secret");
      if (mode === "all") {
        assert.deepEqual(
          github.state.comments.map((c) => [c.path, c.start_line, c.line, c.side]),
          [
            ["Dockerfile", null, 1, "RIGHT"],
            ["Dockerfile", null, 4, "RIGHT"],
            ["Dockerfile", null, 7, "RIGHT"],
            ["compose.yaml", null, 2, "RIGHT"],
            ["compose.yaml", null, 5, "RIGHT"],
            ["k8s/deploy.yaml", null, 20, "RIGHT"],
          ],
        );
        const k8s = github.state.comments.at(-1).body;
        assert.ok(k8s.includes("```suggestion\n            allowPrivilegeEscalation: false\n            readOnlyRootFilesystem: true\n"), k8s);
        assert.ok(k8s.includes("**Unsafe fix**: Set `allowPrivilegeEscalation: false`."), k8s);
        assert.ok(k8s.includes("(https://github.com/shipshape-dev/shipshape/blob/main/docs/rules/SS404.md)"), k8s);
        // The manifest's unused suppression (line 6) is outside the diff: left to its annotation.
        assert.ok(result.log.includes("suggestions: 6 posted, 0 updated, 0 unchanged, 0 deleted; left to the annotations: 1 outside the diff, 0 holding a secret, 0 too large"), result.stdout);
      }
    } finally {
      await github.close();
    }
  });
}

const SS002 = "**[SS002 unused-suppression](https://github.com/shipshape-dev/shipshape/blob/main/docs/rules/SS002.md)** (info): Unused suppression: nothing here is reported as SS503\n";

test("suggestions: safe: the exact review, on the head commit", async () => {
  const github = await startGitHub({ files: pullRequestFiles() });
  try {
    const result = await runOn(github, "safe");
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.deepEqual(github.state.invalid, []);
    const posts = github.state.requests.filter((r) => r.method === "POST");
    assert.equal(posts.length, 1);
    assert.equal(posts[0].path, "/repos/acme/app/pulls/7/reviews");
    assert.deepEqual(posts[0].body, {
      commit_id: EVENT.pull_request.head.sha,
      event: "COMMENT",
      body: "shipshape: 2 suggested fixes (`suggestions: safe`).",
      comments: [
        {
          path: "Dockerfile",
          line: 4,
          side: "RIGHT",
          body:
            "<!-- shipshape-suggestion fingerprint=29bfb022aec7473c7a71edb8e43db61f -->\n" + SS002 +
            "\n```suggestion\n```\n\nSafe fix: Remove the unused suppression of SS503 (`shipshape fix`).\n",
        },
        {
          path: "compose.yaml",
          line: 2,
          side: "RIGHT",
          body:
            "<!-- shipshape-suggestion fingerprint=e760d73b6ae94813b4eb36b45b47e654 -->\n" + SS002 +
            "\n```suggestion\n  worker:\n```\n\nSafe fix: Remove the unused suppression of SS503 (`shipshape fix`).\n",
        },
      ],
    });
    // The annotations are still there, as with suggestions off.
    assert.ok(annotationLines(result).some((line) => line.startsWith("::notice file=Dockerfile,line=4,")), result.stdout);
  } finally {
    await github.close();
  }
});

test("a re-run updates its comments instead of duplicating them, and deletes those whose finding is gone", async () => {
  const github = await startGitHub({ files: pullRequestFiles() });
  try {
    const first = await runOn(github, "all");
    assert.equal(first.status, 0, first.stdout + first.stderr);
    const afterFirst = structuredClone(github.state.comments);
    assert.equal(afterFirst.length, 6);
    // A reviewer's own comment, an edited shipshape comment and a stale one from an old head.
    github.state.comments.push({ id: 1, path: "compose.yaml", line: 3, start_line: null, body: "Why 2.1?" });
    const edited = github.state.comments.find((c) => c.path === "compose.yaml" && c.line === 5);
    edited.body = edited.body.replace("**Unsafe fix**", "**Old text**");
    github.state.comments.push({ id: 2, path: "Dockerfile", line: 2, start_line: null, body: "<!-- shipshape-suggestion fingerprint=0123456789abcdef0123456789abcdef -->\nold" });
    github.state.requests.length = 0;

    const second = await runOn(github, "all");
    assert.equal(second.status, 0, second.stdout + second.stderr);
    assert.deepEqual(github.state.invalid, []);
    assert.deepEqual(
      github.state.requests.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`),
      [`PATCH /repos/acme/app/pulls/comments/${edited.id}`, "DELETE /repos/acme/app/pulls/comments/2"],
    );
    assert.equal(github.state.reviews.length, 1, "no second review");
    assert.deepEqual(github.state.comments.filter((c) => c.id !== 1), afterFirst);
    assert.ok(second.log.includes("suggestions: 0 posted, 1 updated, 5 unchanged, 1 deleted; left to the annotations: 1 outside the diff, 0 holding a secret, 0 too large"), second.stdout);
  } finally {
    await github.close();
  }
});

test("secondary rate limits are retried after retry-after, a bounded number of times", async () => {
  const limited = { method: "POST", route: "/repos/{owner}/{repo}/pulls/{pull_number}/reviews", status: 403, headers: { "retry-after": "0" }, message: "You have exceeded a secondary rate limit.", times: 2 };
  const github = await startGitHub({ files: pullRequestFiles(), failures: [limited] });
  try {
    const result = await runOn(github, "safe");
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.equal(github.state.requests.filter((r) => r.method === "POST").length, 3);
    assert.equal(github.state.reviews.length, 1);
  } finally {
    await github.close();
  }
  const always = { ...limited, times: 100 };
  const refusing = await startGitHub({ files: pullRequestFiles(), failures: [always] });
  try {
    const result = await runOn(refusing, "safe");
    assert.equal(result.status, 0, result.stdout + result.stderr);
    // The first try and 3 retries, then a warning and the annotations.
    assert.equal(refusing.state.requests.filter((r) => r.method === "POST").length, 4);
    assert.equal(result.commands.filter((line) => line.startsWith("::warning::suggestions: GitHub answered 403")).length, 1, result.stdout);
    assert.ok(annotationLines(result).length > 0);
  } finally {
    await refusing.close();
  }
});

test(`one run posts at most ${MAX_REVIEW_COMMENTS} suggestions; the rest stay annotations and are counted`, async () => {
  // 55 services, each with its own NET_RAW safe fix, separated by unchanged lines: 55 suggestions.
  const services = Array.from({ length: 55 }, (_, i) => `  s${i}:\n    image: nginx:1.27\n    cap_drop: [CHOWN]\n    read_only: true\n`);
  const text = `services:\n${services.join("")}`;
  const files = [{ filename: "compose.yaml", status: "added", patch: patchOf("compose.yaml", undefined, text) }];
  const github = await startGitHub({ files });
  try {
    const dir = workspace({ "compose.yaml": text });
    const result = await runActionAsync(dir, { suggestions: "safe", token: "test-token", "fail-on": "never" }, { event: EVENT, eventName: "pull_request", env: { GITHUB_API_URL: github.url } });
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.deepEqual(github.state.invalid, []);
    assert.equal(github.state.reviews.length, 1);
    assert.equal(github.state.comments.length, MAX_REVIEW_COMMENTS);
    // The first 50 in file order: services s0..s49, each on its own `cap_drop` line.
    assert.deepEqual(
      github.state.comments.map((c) => c.line),
      Array.from({ length: MAX_REVIEW_COMMENTS }, (_, i) => 4 + 4 * i),
    );
    assert.ok(result.log.includes(`suggestions: ${MAX_REVIEW_COMMENTS} posted, 0 updated, 0 unchanged, 0 deleted; left to the annotations: 0 outside the diff, 0 holding a secret, 0 too large, 5 over the limit of ${MAX_REVIEW_COMMENTS} per run`), result.stdout);
    // Every finding is still an annotation, posted or not.
    assert.equal(annotationLines(result).filter((line) => line.includes("SS302")).length, 55);
  } finally {
    await github.close();
  }
});

test("a fork's pull request: one warning, no request to GitHub, the annotations", async () => {
  const github = await startGitHub({ files: pullRequestFiles() });
  try {
    const fork = structuredClone(EVENT);
    fork.pull_request.head.repo.full_name = "someone/app";
    const result = await runOn(github, "safe", fork);
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.deepEqual(github.state.requests, []);
    const warnings = result.commands.filter((line) => line.startsWith("::warning::suggestions"));
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /^::warning::suggestions: pull request from the fork someone\/app: the token cannot write to this pull request/);
    assert.ok(annotationLines(result).some((line) => line.startsWith("::notice file=compose.yaml,line=2,")), result.stdout);
  } finally {
    await github.close();
  }
});

test("a token without write permission: one warning and the annotations", async () => {
  const denied = { method: "POST", route: "/repos/{owner}/{repo}/pulls/{pull_number}/reviews", status: 403, message: "Resource not accessible by integration", times: 100 };
  const github = await startGitHub({ files: pullRequestFiles(), failures: [denied] });
  try {
    const result = await runOn(github, "safe");
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.equal(github.state.requests.filter((r) => r.method === "POST").length, 1, "no retry");
    assert.equal(result.commands.filter((line) => line.startsWith("::warning::suggestions: the token cannot write")).length, 1, result.stdout);
  } finally {
    await github.close();
  }
});

test("suggestions off (the default) and a bad value", async () => {
  const github = await startGitHub({ files: pullRequestFiles() });
  try {
    const off = await runOn(github, "");
    assert.equal(off.status, 0);
    assert.deepEqual(github.state.requests, []);
    const bad = await runOn(github, "sometimes");
    assert.equal(bad.status, 1);
    assert.ok(bad.commands.includes("::error::input suggestions: expected one of off, safe, all, got `sometimes`"), bad.stdout);
  } finally {
    await github.close();
  }
});
