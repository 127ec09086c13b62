//! Panics, which is a trap in wasm.
shipshape_hostile_plugin::guest!(|doc| {
    panic!("hostile guest traps on purpose");
});
