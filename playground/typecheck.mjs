// Type-checks src/*.js against the wasm module's TypeScript declarations (tsc --noEmit with
// allowJs and checkJs, tsconfig.json): shipshape_wasm.d.ts from the wasm-bindgen package that
// github-action/scripts/build.sh writes to $CARGO_TARGET_DIR/dist/wasm, whose types are
// generated from the Rust types (wasm/src/types.d.ts, `cargo xtask ts-types`). The same as
// github-action/scripts/typecheck.mjs, for the playground's tsconfig.json.

import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");
const targetDir = process.env.CARGO_TARGET_DIR ? path.resolve(root, process.env.CARGO_TARGET_DIR) : path.join(root, "target");
const wasmPkg = process.env.SHIPSHAPE_WASM_PKG || path.join(targetDir, "dist", "wasm");
const declarations = path.join(wasmPkg, "shipshape_wasm.d.ts");
if (!fs.existsSync(declarations)) {
  console.error(`missing ${declarations}: run github-action/scripts/build.sh wasm`);
  process.exit(2);
}

// tsconfig.json, with `shipshape-wasm` resolved to this build's declarations. It lives under
// node_modules/ so that tsc finds @types/node from it as from tsconfig.json.
const dir = path.join(here, "node_modules", ".cache", "shipshape-typecheck");
fs.mkdirSync(dir, { recursive: true });
const config = path.join(dir, "tsconfig.json");
fs.writeFileSync(
  config,
  JSON.stringify({
    extends: path.join(here, "tsconfig.json"),
    compilerOptions: { paths: { "shipshape-wasm": [declarations] } },
  }),
);
const tsc = path.join(here, "node_modules", "typescript", "bin", "tsc");
try {
  execFileSync(process.execPath, [tsc, "--project", config, "--pretty", "false"], { cwd: here, stdio: "inherit" });
} catch {
  console.error(`tsc found type errors in playground/src against ${declarations}`);
  process.exit(1);
}
console.log(`playground/src type-checks against ${declarations}`);
