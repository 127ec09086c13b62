// Bundles src/ and the wasm-bindgen package (target/dist/wasm, built by scripts/build.sh) into
// dist/: index.js (ESM, every dependency inside) and shipshape_wasm_bg.wasm.

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const here = path.dirname(fileURLToPath(import.meta.url));
const action = path.resolve(here, "..");
const root = path.resolve(action, "..");
const targetDir = process.env.CARGO_TARGET_DIR ? path.resolve(root, process.env.CARGO_TARGET_DIR) : path.join(root, "target");
const wasmPkg = process.env.SHIPSHAPE_WASM_PKG || path.join(targetDir, "dist", "wasm");
const dist = path.join(action, "dist");

for (const file of ["shipshape_wasm.js", "shipshape_wasm_bg.wasm"]) {
  if (!fs.existsSync(path.join(wasmPkg, file))) {
    console.error(`missing ${path.join(wasmPkg, file)}: run github-action/scripts/build.sh`);
    process.exit(2);
  }
}

fs.rmSync(dist, { recursive: true, force: true });
fs.mkdirSync(dist, { recursive: true });
await esbuild.build({
  entryPoints: [path.join(action, "src", "index.js")],
  outfile: path.join(dist, "index.js"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // The wasm package is loaded through a namespace, so that its location (CARGO_TARGET_DIR)
  // leaves no trace in the bundle and dist/ is the same from any build.
  plugins: [
    {
      name: "shipshape-wasm",
      setup(build) {
        build.onResolve({ filter: /^shipshape-wasm$/ }, () => ({ path: "shipshape_wasm.js", namespace: "shipshape-wasm" }));
        build.onLoad({ filter: /.*/, namespace: "shipshape-wasm" }, () => ({
          contents: fs.readFileSync(path.join(wasmPkg, "shipshape_wasm.js"), "utf8"),
          loader: "js",
        }));
      },
    },
  ],
  // CommonJS dependencies call require() for Node built-ins.
  banner: { js: 'import { createRequire as __shipshapeCreateRequire } from "node:module";\nconst require = __shipshapeCreateRequire(import.meta.url);' },
  legalComments: "eof",
  logLevel: "warning",
  // Reproducible output whatever the checkout's location.
  absWorkingDir: action,
  sourcemap: false,
});
fs.copyFileSync(path.join(wasmPkg, "shipshape_wasm_bg.wasm"), path.join(dist, "shipshape_wasm_bg.wasm"));
fs.writeFileSync(path.join(dist, "package.json"), '{\n  "type": "module"\n}\n');
console.log(`bundled ${path.relative(root, dist)}/`);
