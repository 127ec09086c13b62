// The npm package as another JavaScript tool gets it: the tarball `cargo xtask dist` packs
// (target/dist/shipshape-wasm-<version>.tgz, or $SHIPSHAPE_NPM_TARBALL) is installed into a
// scratch project outside the repository, and Node programs there import `shipshape-wasm` by
// name. A missing tarball fails every test: `cargo xtask test` packs it first.
//
//   node --test tests/npm/package.test.mjs
//
// The type checks run the GitHub Action's tsc (github-action/node_modules: its `npm ci`).

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..", "..");
const version = /^version = "(.*)"/m.exec(fs.readFileSync(path.join(root, "Cargo.toml"), "utf8"))[1];
const tarball = process.env.SHIPSHAPE_NPM_TARBALL
  ? path.resolve(process.env.SHIPSHAPE_NPM_TARBALL)
  : path.join(root, "target", "dist", `shipshape-wasm-${version}.tgz`);
const tsc = path.join(root, "github-action", "node_modules", "typescript", "bin", "tsc");

// What `shipshape check --format json examples/bad/<file>` reports: "line code", in report order.
const EXPECTED = {
  "compose.yaml": [
    "2 SS101",
    "2 SS301",
    "2 SS404",
    "2 SS601",
    "6 SS501",
    "9 SS501",
    "16 SS401",
    "18 SS402",
    "19 SS402",
    "21 SS101",
    "21 SS404",
    "23 SS301",
    "23 SS302",
    "29 SS602",
  ],
  Dockerfile: ["2 SS201", "3 SS501", "4 SS501", "10 SS502"],
};

/** @type {string} */
let scratch;
/** @type {string} */
let installed;

function sh(command, args, options = {}) {
  return execFileSync(command, args, { cwd: scratch, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 << 20, ...options });
}

/** Run a Node ESM program written into the scratch project; its stdout parsed as JSON. */
function node(name, source, { nodeArgs = [], args = [] } = {}) {
  fs.writeFileSync(path.join(scratch, name), source);
  return JSON.parse(sh(process.execPath, [...nodeArgs, name, ...args]));
}

before(() => {
  assert.ok(
    fs.existsSync(tarball),
    `missing ${tarball}: build it with \`cargo xtask dist\` (or github-action/scripts/build.sh wasm, then npm pack in $CARGO_TARGET_DIR/dist/wasm)`,
  );
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "shipshape-npm-"));
  sh("npm", ["init", "-y"]);
  sh("npm", ["install", "--offline", "--no-audit", "--no-fund", tarball]);
  installed = path.join(scratch, "node_modules", "shipshape-wasm");
});

after(() => {
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

test("the tarball holds the package and nothing else", () => {
  const files = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" }).trim().split("\n").sort();
  assert.deepEqual(
    files,
    [
      "LICENSE",
      "README.md",
      "node.d.ts",
      "node.js",
      "package.json",
      "shipshape_wasm.d.ts",
      "shipshape_wasm.js",
      "shipshape_wasm_bg.wasm",
      "shipshape_wasm_bg.wasm.d.ts",
    ].map((file) => `package/${file}`),
  );
  assert.equal(path.basename(tarball), `shipshape-wasm-${version}.tgz`);
});

test("package.json: name, version, licence, engines, exports", () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8"));
  assert.equal(pkg.name, "shipshape-wasm");
  assert.equal(pkg.version, version, "the workspace version (Cargo.toml)");
  assert.equal(pkg.license, "Apache-2.0");
  assert.equal(pkg.type, "module");
  assert.equal(pkg.engines.node, ">=20");
  assert.equal(pkg.repository.url, "git+https://github.com/shipshape-dev/shipshape.git");
  assert.ok(pkg.keywords.includes("dockerfile") && pkg.keywords.includes("kubernetes"));
  assert.deepEqual(pkg.dependencies ?? {}, {}, "the package has no dependencies");
  assert.deepEqual(pkg.exports["."], {
    browser: { types: "./shipshape_wasm.d.ts", default: "./shipshape_wasm.js" },
    node: { types: "./node.d.ts", default: "./node.js" },
    types: "./shipshape_wasm.d.ts",
    default: "./shipshape_wasm.js",
  });
  // Every file package.json names is in the package.
  for (const file of [pkg.main, pkg.module, pkg.types, ...Object.values(pkg.exports).flatMap(targets)]) {
    assert.ok(fs.existsSync(path.join(installed, file)), `${file} is missing from the package`);
  }
  const licence = fs.readFileSync(path.join(installed, "LICENSE"), "utf8");
  assert.match(licence, /Apache License\s+Version 2\.0/);
  const readme = fs.readFileSync(path.join(installed, "README.md"), "utf8");
  assert.match(readme, /import \{ check \} from "shipshape-wasm"/);
});

/** The file paths of an `exports` entry, through nested conditions. */
function targets(entry) {
  return typeof entry === "string" ? [entry] : Object.values(entry).flatMap(targets);
}

test("Node imports shipshape-wasm by name and checks examples/bad with no init", () => {
  const bad = path.join(root, "examples", "bad");
  const result = node(
    "check.mjs",
    `import { readFileSync } from "node:fs";
import { check, version, rules } from "shipshape-wasm";
const [dir] = process.argv.slice(2);
const findings = {};
for (const name of ["compose.yaml", "Dockerfile"]) {
  const report = check(readFileSync(dir + "/" + name, "utf8"), "examples/bad/" + name);
  findings[name] = report.findings.map((f) => f.start.line + " " + f.code);
}
console.log(JSON.stringify({ version: version(), rules: rules().rules.length, findings, resolved: import.meta.resolve("shipshape-wasm") }));
`,
    { args: [bad] },
  );
  assert.deepEqual(result.findings, EXPECTED);
  assert.equal(result.version, version);
  assert.ok(result.rules > 20, `rules() lists ${result.rules} rules`);
  assert.equal(result.resolved, pathToFileURL(path.join(fs.realpathSync(installed), "node.js")).href);
});

test("the browser condition resolves to the web glue, whose init() takes the bytes", () => {
  const result = node(
    "browser.mjs",
    `import { readFileSync } from "node:fs";
import init, { check } from "shipshape-wasm";
const resolved = import.meta.resolve("shipshape-wasm");
const wasm = import.meta.resolve("shipshape-wasm/shipshape_wasm_bg.wasm");
let before = null;
try { check("FROM golang:1.23\\n", "Dockerfile"); } catch (error) { before = String(error); }
await init({ module_or_path: readFileSync(new URL(wasm)) });
const report = check(readFileSync(process.argv[2], "utf8"), "examples/bad/Dockerfile");
console.log(JSON.stringify({ resolved, wasm, before, findings: report.findings.map((f) => f.start.line + " " + f.code) }));
`,
    { nodeArgs: ["--conditions=browser"], args: [path.join(root, "examples", "bad", "Dockerfile")] },
  );
  const base = pathToFileURL(fs.realpathSync(installed)).href;
  assert.equal(result.resolved, `${base}/shipshape_wasm.js`);
  assert.equal(result.wasm, `${base}/shipshape_wasm_bg.wasm`);
  assert.notEqual(result.before, null, "the web glue is not initialised before init()");
  assert.deepEqual(result.findings, EXPECTED.Dockerfile);
});

test("the types resolve: node.d.ts under Node's resolution, the glue's for bundlers", () => {
  assert.ok(fs.existsSync(tsc), `missing ${tsc}: run \`npm ci\` in github-action/ (its typescript checks these types)`);
  const program = `import init, { check, initSync, type Report, type Finding } from "shipshape-wasm";
const report: Report = check("FROM golang:1.23\\n", "Dockerfile", { locale: "en" });
const codes: string[] = report.findings.map((finding: Finding) => finding.code);
const line: number = report.findings[0].start.line;
// @ts-expect-error: the text is a string
check(42, "Dockerfile");
// @ts-expect-error: no such option
check("", "Dockerfile", { nonsense: true });
export const ready: Promise<unknown> = init();
export { codes, initSync, line };
`;
  fs.writeFileSync(path.join(scratch, "typed.mts"), program);
  for (const [resolution, module, declarations] of [
    ["nodenext", "nodenext", "node.d.ts"],
    ["bundler", "esnext", "shipshape_wasm.d.ts"],
  ]) {
    const config = `tsconfig.${resolution}.json`;
    fs.writeFileSync(
      path.join(scratch, config),
      JSON.stringify({
        // The declarations are checked too (skipLibCheck off). wasm-bindgen's classes are
        // disposable (`Symbol.dispose`): esnext.disposable, or @types/node, declares it.
        compilerOptions: {
          target: "es2022",
          lib: ["es2022", "dom", "esnext.disposable"],
          module,
          moduleResolution: resolution,
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          types: [],
        },
        files: ["typed.mts"],
      }),
    );
    let out;
    try {
      out = sh(process.execPath, [tsc, "--project", config, "--pretty", "false", "--traceResolution"]);
    } catch (error) {
      assert.fail(`tsc (${resolution}) failed:\n${error.stdout}${error.stderr}`);
    }
    const resolved = /^======== Module name 'shipshape-wasm' was successfully resolved to '([^']+)'/m.exec(out);
    assert.ok(resolved, `tsc (${resolution}) did not resolve shipshape-wasm:\n${out.slice(-4000)}`);
    assert.ok(
      resolved[1].endsWith(`/node_modules/shipshape-wasm/${declarations}`),
      `tsc (${resolution}) resolved shipshape-wasm to ${resolved[1]}, not ${declarations}`,
    );
  }
});
