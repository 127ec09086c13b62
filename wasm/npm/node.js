// The package's Node entry (the `node` condition of `exports`): the wasm-bindgen glue, already
// initialised with the `.wasm` beside this file, so that `import { check } from "shipshape-wasm"`
// is all a Node program needs. The default export is the glue's `init`, which returns at once
// here: code written for browsers (`await init()`) runs unchanged.
import { readFileSync } from "node:fs";
import { initSync } from "./shipshape_wasm.js";

initSync({ module: readFileSync(new URL("./shipshape_wasm_bg.wasm", import.meta.url)) });

export * from "./shipshape_wasm.js";
export { default } from "./shipshape_wasm.js";
