//! Prints the TypeScript declarations of the wasm module's types (`wasm/src/types.d.ts`).
//! Run through `cargo xtask ts-types [--check]`, which writes or compares the file.

fn main() {
    print!("{}", shipshape_wasm::typescript_declarations());
}
