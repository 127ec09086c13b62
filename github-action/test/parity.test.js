// Parity: on every file of the shared corpus judged on its own, the wasm module's one-document
// `checkBytes` gives exactly the findings of `shipshape check --format json` (and skips exactly
// the files the CLI's walk skips; a file the CLI judged with others gets a subset); and on the corpus, the examples and the test fixtures, the bundled Action's SARIF
// file, annotations and job summary are the CLI's documents byte for byte.
//
// Needs the corpus (SHIPSHAPE_CORPUS, default ../shared/corpus), the CLI (SHIPSHAPE_CLI, default
// target/release/shipshape) and the wasm package (target/dist/wasm, from scripts/build.sh). Without
// one of them (or a kind folder of the corpus) the test is skipped with a note, or fails when
// SHIPSHAPE_REQUIRE_CORPUS is set (test/corpus.js, the Rust tests' rule).

import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { REPO_ROOT, runAction } from "./helpers.js";
import { CORPUS, CORPUS_REQUIRED, KIND_FOLDERS, assertFilesRead, corpusMissing } from "./corpus.js";

const targetDir = process.env.CARGO_TARGET_DIR ? path.resolve(REPO_ROOT, process.env.CARGO_TARGET_DIR) : path.join(REPO_ROOT, "target");
const corpus = CORPUS;
const cli_ = process.env.SHIPSHAPE_CLI ? path.resolve(process.env.SHIPSHAPE_CLI) : path.join(targetDir, "release", "shipshape");
const wasmPkg = path.join(targetDir, "dist", "wasm");

function missing() {
  const corpusWhy = corpusMissing(KIND_FOLDERS);
  if (corpusWhy) return corpusWhy;
  if (!fs.existsSync(cli_)) return `CLI ${cli_} not found (cargo build -p shipshape, or set SHIPSHAPE_CLI)`;
  if (!fs.existsSync(path.join(wasmPkg, "shipshape_wasm.js"))) return `wasm package ${wasmPkg} not found (github-action/scripts/build.sh)`;
  return null;
}

const why = missing();
if (why && CORPUS_REQUIRED) {
  test("parity prerequisites", () => assert.fail(`SHIPSHAPE_REQUIRE_CORPUS is set but ${why}`));
} else if (why) {
  console.log(`# parity tests skipped: ${why}`);
  test("wasm/CLI parity on the corpus", { skip: why }, () => {});
} else {
  const cliReport = (() => {
    const result = spawnSync(cli_, ["check", "--format", "json", "--fail-on", "never", "--no-config", "."], {
      cwd: corpus,
      encoding: "utf8",
      maxBuffer: 512 * 1024 * 1024,
    });
    assert.equal(result.status, 0, result.stderr);
    return JSON.parse(result.stdout);
  })();

  function listFiles(dir, rel = "") {
    const out = [];
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) out.push(...listFiles(dir, child));
      else if (entry.isFile()) out.push(child);
    }
    return out;
  }

  test("wasm/CLI parity on every corpus file", async () => {
    const wasm = await import(path.join(wasmPkg, "shipshape_wasm.js"));
    wasm.initSync({ module: fs.readFileSync(path.join(wasmPkg, "shipshape_wasm_bg.wasm")) });
    const cliFiles = new Map(cliReport.files.map((file) => [file.path, file.kind]));
    const readWith = new Set(cliReport.files.filter((file) => file.read_with).map((file) => file.path));
    let alongside = 0;
    const cliFindings = new Map();
    for (const finding of cliReport.findings) {
      if (!cliFindings.has(finding.path)) cliFindings.set(finding.path, []);
      cliFindings.get(finding.path).push(finding);
    }
    const files = listFiles(corpus);
    let checked = 0;
    let findings = 0;
    const readPerFolder = new Map();
    for (const rel of files) {
      const folder = rel.split("/")[0];
      readPerFolder.set(folder, (readPerFolder.get(folder) ?? 0) + 1);
      const report = wasm.checkBytes(fs.readFileSync(path.join(corpus, rel)), rel, { walked: true });
      assert.equal(report.version, cliReport.version);
      if (!cliFiles.has(rel)) {
        assert.deepEqual(report.files, [], `${rel}: the CLI skipped it, the wasm module did not`);
        continue;
      }
      checked++;
      assert.deepEqual(report.files, [{ path: rel, kind: cliFiles.get(rel) }], rel);
      const expected = cliFindings.get(rel) ?? [];
      if (readWith.has(rel)) {
        // Judged by the CLI with other files (`files[].read_with`: its project, the files it
        // extends); one document alone knows less, and reports less, never more.
        assert.ok(report.findings.length < expected.length, rel);
        for (const finding of report.findings) assert.ok(expected.some((cli) => JSON.stringify(cli) === JSON.stringify(finding)), `${rel}: ${JSON.stringify(finding)}`);
        alongside += expected.length;
        continue;
      }
      assert.deepEqual(report.findings, expected, rel);
      findings += report.findings.length;
    }
    assert.equal(checked, cliReport.files.length, "every file the CLI checked was checked");
    assertFilesRead("wasm/CLI parity", readPerFolder);
    // Two compose files of the corpus extend a service of another file.
    assert.deepEqual([...readWith].sort(), ["compose/docker__compose/pkg/compose/testdata/publish/compose.yaml", "compose/docker__compose/pkg/e2e/fixtures/publish/oci/compose.yaml"]);
    assert.equal(findings + alongside, cliReport.findings.length);
    console.log(`# parity: ${files.length} corpus files, ${checked} checked, ${findings} findings identical`);
  });

  // The Action and the CLI are one workspace layer: on each tree, the SARIF file the Action
  // writes, its annotations and its job summary are the CLI's documents, byte for byte.
  const trees = [
    ["the shared corpus", corpus],
    ["examples/", path.join(REPO_ROOT, "examples")],
    ["core/tests/fixtures/", path.join(REPO_ROOT, "core", "tests", "fixtures")],
    // The kinds of SPEC 2b: dev containers, Quadlet units, shell scripts, Makefiles, GitHub
    // Actions workflows and GitLab CI files gathered from public repositories.
    ["tests/realworld/", path.join(REPO_ROOT, "tests", "realworld")],
  ];
  for (const [name, tree] of trees) {
    test(`the Action's SARIF, annotations and summary are the CLI's on ${name}`, () => {
      const out = fs.mkdtempSync(path.join(process.env.TMPDIR || "/tmp", "shipshape-parity-"));
      const sarifFile = path.join(out, "action.sarif");
      const result = runAction(tree, { "fail-on": "never", "sarif-file": sarifFile });
      assert.equal(result.status, 0, result.stdout + result.stderr);
      const cli = (format) => {
        const run = spawnSync(cli_, ["check", "--format", format, "--fail-on", "never"], {
          cwd: tree,
          encoding: "utf8",
          maxBuffer: 512 * 1024 * 1024,
          env: { PATH: process.env.PATH, NO_COLOR: "1" },
        });
        assert.equal(run.status, 0, run.stderr);
        return run.stdout;
      };
      const sarif = fs.readFileSync(sarifFile, "utf8");
      const expected = cli("sarif");
      assert.ok(sarif === expected, `${name}: the Action's SARIF differs from the CLI's`);
      const annotations = result.commands.filter((line) => /^::(error|warning|notice) file=/.test(line));
      assert.deepEqual(annotations, cli("github").split("\n").filter((line) => line !== ""));
      assert.ok(result.summary === cli("summary"), `${name}: the job summary differs from the CLI's`);
      const results = JSON.parse(sarif).runs[0].results.length;
      assert.ok(results > 0, `${name}: no finding at all`);
      console.log(`# parity on ${name}: SARIF (${sarif.length} bytes, ${results} results), ${annotations.length} annotations and the summary identical`);
    });
  }
}
