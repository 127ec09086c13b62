// Builds the static site into target/dist/playground/ (or --out DIR): app.js and worker.js
// (esbuild, every dependency bundled), the wasm module from the wasm-bindgen package that
// github-action/scripts/build.sh leaves in $CARGO_TARGET_DIR/dist/wasm (override with
// SHIPSHAPE_WASM_PKG), index.html, style.css, and sw.js with the list of assets to cache.
//
//   node playground/build.mjs [--out DIR]

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const targetDir = process.env.CARGO_TARGET_DIR ? path.resolve(root, process.env.CARGO_TARGET_DIR) : path.join(root, 'target');
const wasmPkg = process.env.SHIPSHAPE_WASM_PKG || path.join(targetDir, 'dist', 'wasm');
const outFlag = process.argv.indexOf('--out');
const out = outFlag > 0 ? path.resolve(process.argv[outFlag + 1]) : path.join(root, 'target', 'dist', 'playground');

for (const file of ['shipshape_wasm.js', 'shipshape_wasm_bg.wasm']) {
  if (!fs.existsSync(path.join(wasmPkg, file))) {
    console.error(`missing ${path.join(wasmPkg, file)}: run github-action/scripts/build.sh wasm`);
    process.exit(2);
  }
}

// The examples: examples/examples.json lists them; each text is bundled as a string.
const examplesDir = path.join(here, 'examples');
const examples = JSON.parse(fs.readFileSync(path.join(examplesDir, 'examples.json'), 'utf8')).map((example) => ({
  ...example,
  text: fs.readFileSync(path.join(examplesDir, example.file), 'utf8'),
}));

const virtual = {
  name: 'playground-virtual',
  setup(build) {
    build.onResolve({ filter: /^virtual:examples$/ }, () => ({ path: 'examples', namespace: 'virtual' }));
    // The wasm package is loaded through a namespace so that its location leaves no trace.
    build.onResolve({ filter: /^shipshape-wasm$/ }, () => ({ path: 'shipshape_wasm.js', namespace: 'shipshape-wasm' }));
    build.onLoad({ filter: /.*/, namespace: 'virtual' }, () => ({
      contents: `export const examples = ${JSON.stringify(examples)};`,
      loader: 'js',
    }));
    build.onLoad({ filter: /.*/, namespace: 'shipshape-wasm' }, () => ({
      contents: fs.readFileSync(path.join(wasmPkg, 'shipshape_wasm.js'), 'utf8'),
      loader: 'js',
    }));
  },
};

fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });
await esbuild.build({
  entryPoints: { app: path.join(here, 'src', 'main.js'), worker: path.join(here, 'src', 'worker.js') },
  outdir: out,
  bundle: true,
  // docs.js (marked) becomes a chunk loaded when the rule docs are first opened.
  splitting: true,
  chunkNames: '[name]-[hash]',
  format: 'esm',
  platform: 'browser',
  target: ['chrome111', 'firefox113', 'safari16.4'],
  minify: true,
  legalComments: 'eof',
  plugins: [virtual],
  absWorkingDir: here,
  logLevel: 'warning',
});
await esbuild.build({
  entryPoints: [path.join(here, 'style.css')],
  outfile: path.join(out, 'style.css'),
  bundle: true,
  minify: true,
  logLevel: 'warning',
});
fs.copyFileSync(path.join(wasmPkg, 'shipshape_wasm_bg.wasm'), path.join(out, 'shipshape_wasm_bg.wasm'));
fs.copyFileSync(path.join(here, 'index.html'), path.join(out, 'index.html'));

// sw.js: every asset (and the directory URL itself), versioned by their content.
const assets = fs.readdirSync(out).sort();
const hash = crypto.createHash('sha256');
for (const asset of assets) hash.update(asset).update(fs.readFileSync(path.join(out, asset)));
const version = hash.digest('hex').slice(0, 16);
const sw = fs
  .readFileSync(path.join(here, 'sw.js'), 'utf8')
  .replace('__VERSION__', version)
  .replace('__ASSETS__', JSON.stringify(['./', ...assets.map((asset) => `./${asset}`)]));
fs.writeFileSync(path.join(out, 'sw.js'), sw);

let total = 0;
for (const asset of fs.readdirSync(out)) total += fs.statSync(path.join(out, asset)).size;
console.log(`built ${path.relative(process.cwd(), out) || out}/ (${fs.readdirSync(out).length} files, ${total} bytes, version ${version})`);
