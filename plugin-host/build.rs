//! Empty: it lets `[build-dependencies]` align the features of wasmtime's build-time dependencies
//! (see `hashbrown-features` in the workspace `Cargo.toml`).
fn main() {}
