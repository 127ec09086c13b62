// The wasm module's JS API (target/dist/wasm, from scripts/build.sh), loaded in Node the way the
// Action and any Node user load it: `initSync` with the .wasm bytes. Skipped with a note when the
// package is not built, unless SHIPSHAPE_REQUIRE_CORPUS is set (CI builds it first).

import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "./helpers.js";

const targetDir = process.env.CARGO_TARGET_DIR ? path.resolve(REPO_ROOT, process.env.CARGO_TARGET_DIR) : path.join(REPO_ROOT, "target");
const pkg = path.join(targetDir, "dist", "wasm");
const built = fs.existsSync(path.join(pkg, "shipshape_wasm.js"));

const COMPOSE = "services:\n  web:\n    image: nginx\n    cap_drop: [CHOWN]\n";

if (!built && process.env.SHIPSHAPE_REQUIRE_CORPUS) {
  test("wasm package built", () => assert.fail(`${pkg} is missing: run github-action/scripts/build.sh`));
} else if (!built) {
  console.log(`# wasm API tests skipped: ${pkg} is missing (github-action/scripts/build.sh)`);
  test("wasm API", { skip: "package not built" }, () => {});
} else {
  const wasm = await import(path.join(pkg, "shipshape_wasm.js"));
  wasm.initSync({ module: fs.readFileSync(path.join(pkg, "shipshape_wasm_bg.wasm")) });

  test("check returns plain objects in the CLI's JSON shape", () => {
    const report = wasm.check(COMPOSE, "compose.yaml");
    assert.equal(Object.getPrototypeOf(report), Object.prototype);
    assert.deepEqual(report.files, [{ path: "compose.yaml", kind: "compose" }]);
    assert.deepEqual(
      report.findings.map((f) => [f.code, f.start.line, f.start.column, f.end.line, f.end.column]),
      [["SS101", 2, 3, 2, 6], ["SS404", 2, 3, 2, 6], ["SS601", 2, 3, 2, 6], ["SS301", 4, 5, 4, 13], ["SS302", 4, 5, 4, 13]],
    );
    const ss302 = report.findings[4];
    assert.deepEqual(Object.keys(ss302), ["code", "name", "severity", "message", "path", "start", "end", "object", "docs", "fixes"]);
    assert.equal(ss302.object, "service web");
    assert.deepEqual(ss302.fixes, [
      { title: "Add `NET_RAW` to `cap_drop`", applicability: "safe", edits: [{ start: { line: 4, column: 21 }, end: { line: 4, column: 21 }, new_text: ", NET_RAW" }] },
    ]);
  });

  test("applyFixes and fix", () => {
    const { findings } = wasm.check(COMPOSE, "compose.yaml");
    assert.deepEqual(wasm.applyFixes(COMPOSE, findings), {
      text: "services:\n  web:\n    image: nginx\n    cap_drop: [CHOWN, NET_RAW]\n",
      applied: 1,
    });
    const all = wasm.applyFixes(COMPOSE, findings, { unsafe: true });
    assert.ok(all.applied > 1);
    const fixed = wasm.fix(COMPOSE, "compose.yaml", { unsafe: true });
    assert.deepEqual(wasm.check(fixed.text, "compose.yaml").findings.flatMap((f) => f.fixes), []);
  });

  test("options, kinds, config and errors", () => {
    assert.deepEqual(wasm.check("a: 1\n", "values.yaml", { walked: true }), { version: 1, files: [], findings: [] });
    assert.equal(wasm.check("FROM alpine\n", "x.txt", { kind: "dockerfile" }).files[0].kind, "dockerfile");
    const off = wasm.check(COMPOSE, "compose.yaml", { config: '[rules]\nSS601 = "off"\n' });
    assert.ok(!off.findings.some((f) => f.code === "SS601"));
    assert.throws(() => wasm.check(COMPOSE, "compose.yaml", { config: "fail-on = 3\n", configPath: "ci/.shipshape.toml" }), (error) => {
      assert.ok(error instanceof Error);
      assert.match(error.message, /^invalid configuration ci\/\.shipshape\.toml:1:11: /);
      return true;
    });
    assert.throws(() => wasm.check("", "x", { kind: "helm" }), /unknown kind `helm`/);
    // serde-wasm-bindgen reads only the fields it knows: unknown options are ignored.
    assert.equal(wasm.check("FROM alpine\n", "Dockerfile", { bogus: true }).files[0].kind, "dockerfile");
    assert.throws(() => wasm.check("", "x", { walked: "yes" }), /^Error: invalid options: /);
    const bytes = new Uint8Array([...new TextEncoder().encode("FROM alpine\n"), 0xc3]);
    assert.equal(wasm.checkBytes(bytes, "Dockerfile").findings[0].message, "file is not valid UTF-8 (byte 12)");
  });

  test("rules, explain, version", () => {
    const { version, rules } = wasm.rules();
    assert.equal(version, 1);
    assert.deepEqual(rules[0], {
      code: "SS000", name: "parse-error", summary: rules[0].summary, severity: "error",
      kinds: ["dockerfile", "compose", "kubernetes", "devcontainer", "quadlet", "shell",
        "makefile", "github-actions", "gitlab-ci", "other"], fix: "none", since: rules[0].since,
      docs: "https://github.com/shipshape-dev/shipshape/blob/main/docs/rules/SS000.md",
    });
    assert.match(wasm.explain("SS101"), /^## What it does\n/);
    assert.throws(() => wasm.explain("SS999"), /no such rule: SS999/);
    assert.equal(wasm.version(), JSON.parse(fs.readFileSync(path.join(pkg, "package.json"), "utf8")).version);
  });
}
