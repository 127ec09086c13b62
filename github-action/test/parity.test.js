// Parity: on every file of the shared corpus, the wasm module gives exactly the findings of
// `shipshape check --format json` (and skips exactly the files the CLI's walk skips), and the
// bundled Action reports exactly those findings in its SARIF file.
//
// Needs the corpus (SHIPSHAPE_CORPUS, default ../shared/corpus), the CLI (SHIPSHAPE_CLI, default
// target/debug/shipshape) and the wasm package (target/dist/wasm, from scripts/build.sh). Without
// one of them the test is skipped with a note, or fails when SHIPSHAPE_REQUIRE_CORPUS is set.

import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { REPO_ROOT, runAction } from "./helpers.js";

const targetDir = process.env.CARGO_TARGET_DIR ? path.resolve(REPO_ROOT, process.env.CARGO_TARGET_DIR) : path.join(REPO_ROOT, "target");
const corpus = path.resolve(REPO_ROOT, process.env.SHIPSHAPE_CORPUS || "../shared/corpus");
const cli = process.env.SHIPSHAPE_CLI ? path.resolve(process.env.SHIPSHAPE_CLI) : path.join(targetDir, "debug", "shipshape");
const wasmPkg = path.join(targetDir, "dist", "wasm");

function missing() {
  if (!fs.existsSync(corpus)) return `corpus ${corpus} not found (set SHIPSHAPE_CORPUS)`;
  if (!fs.existsSync(cli)) return `CLI ${cli} not found (cargo build -p shipshape, or set SHIPSHAPE_CLI)`;
  if (!fs.existsSync(path.join(wasmPkg, "shipshape_wasm.js"))) return `wasm package ${wasmPkg} not found (github-action/scripts/build.sh)`;
  return null;
}

const why = missing();
if (why && process.env.SHIPSHAPE_REQUIRE_CORPUS) {
  test("parity prerequisites", () => assert.fail(`SHIPSHAPE_REQUIRE_CORPUS is set but ${why}`));
} else if (why) {
  console.log(`# parity tests skipped: ${why}`);
  test("wasm/CLI parity on the corpus", { skip: why }, () => {});
} else {
  const cliReport = (() => {
    const result = spawnSync(cli, ["check", "--format", "json", "--fail-on", "never", "--no-config", "."], {
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
    const cliFindings = new Map();
    for (const finding of cliReport.findings) {
      if (!cliFindings.has(finding.path)) cliFindings.set(finding.path, []);
      cliFindings.get(finding.path).push(finding);
    }
    const files = listFiles(corpus);
    let checked = 0;
    let findings = 0;
    for (const rel of files) {
      const report = wasm.checkBytes(fs.readFileSync(path.join(corpus, rel)), rel, { walked: true });
      assert.equal(report.version, cliReport.version);
      if (!cliFiles.has(rel)) {
        assert.deepEqual(report.files, [], `${rel}: the CLI skipped it, the wasm module did not`);
        continue;
      }
      checked++;
      assert.deepEqual(report.files, [{ path: rel, kind: cliFiles.get(rel) }], rel);
      assert.deepEqual(report.findings, cliFindings.get(rel) ?? [], rel);
      findings += report.findings.length;
    }
    assert.equal(checked, cliReport.files.length, "every file the CLI checked was checked");
    assert.equal(findings, cliReport.findings.length);
    console.log(`# parity: ${files.length} corpus files, ${checked} checked, ${findings} findings identical`);
  });

  test("the bundled Action reports the CLI's findings on the corpus (SARIF)", () => {
    const result = runAction(corpus, { "fail-on": "never", annotate: "false", "sarif-file": path.join(fs.mkdtempSync(path.join(process.env.TMPDIR || "/tmp", "shipshape-parity-")), "corpus.sarif") });
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.equal(result.log.at(-1), `shipshape: ${cliReport.findings.length} findings in ${cliReport.files.length} files`);
    const sarif = JSON.parse(fs.readFileSync(result.outputs["sarif-file"], "utf8"));
    const fromSarif = sarif.runs[0].results.map((r) => {
      const { region, artifactLocation } = r.locations[0].physicalLocation;
      return [r.ruleId, decodeURIComponent(artifactLocation.uri), region.startLine, region.startColumn, region.endLine, region.endColumn, r.message.text];
    });
    const fromCli = cliReport.findings.map((f) => [f.code, f.path, f.start.line, f.start.column, f.end.line, f.end.column, f.message]);
    assert.deepEqual(fromSarif, fromCli);
  });
}
