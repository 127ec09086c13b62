// The Node entry's types: those of the wasm-bindgen glue it re-exports (already initialised).
export * from "./shipshape_wasm.js";
export { default } from "./shipshape_wasm.js";
