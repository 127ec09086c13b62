// Type-checks a package's src/*.js against the wasm module's TypeScript declarations (tsc
// --noEmit with allowJs and checkJs, the package's tsconfig.json): shipshape_wasm.d.ts from the
// wasm-bindgen package that scripts/build.sh writes to $CARGO_TARGET_DIR/dist/wasm, whose types
// are generated from the Rust types (wasm/src/types.d.ts, `cargo xtask ts-types`).
//
// Usage: node scripts/typecheck.mjs [PACKAGE_DIR]   (default: the Action; the playground passes
// its own folder). The package needs `typescript` and `@types/node` in its node_modules.

import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..", "..");
const pkg = path.resolve(process.argv[2] ?? path.join(here, ".."));
const name = path.relative(root, pkg) || ".";
const targetDir = process.env.CARGO_TARGET_DIR ? path.resolve(root, process.env.CARGO_TARGET_DIR) : path.join(root, "target");
const wasmPkg = process.env.SHIPSHAPE_WASM_PKG || path.join(targetDir, "dist", "wasm");
const declarations = path.join(wasmPkg, "shipshape_wasm.d.ts");
if (!fs.existsSync(declarations)) {
  console.error(`missing ${declarations}: run github-action/scripts/build.sh`);
  process.exit(2);
}

// tsconfig.json, with `shipshape-wasm` resolved to this build's declarations. It lives under
// node_modules/ so that tsc finds @types/node from it as from tsconfig.json.
const dir = path.join(pkg, "node_modules", ".cache", "shipshape-typecheck");
fs.mkdirSync(dir, { recursive: true });
const config = path.join(dir, "tsconfig.json");
fs.writeFileSync(
  config,
  JSON.stringify({
    extends: path.join(pkg, "tsconfig.json"),
    compilerOptions: { paths: { "shipshape-wasm": [declarations] } },
  }),
);
const tsc = path.join(pkg, "node_modules", "typescript", "bin", "tsc");
try {
  execFileSync(process.execPath, [tsc, "--project", config, "--pretty", "false"], { cwd: pkg, stdio: "inherit" });
} catch {
  console.error(`tsc found type errors in ${name}/src against ${declarations}`);
  process.exit(1);
}
console.log(`${name}/src type-checks against ${declarations}`);
