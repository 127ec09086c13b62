//! Check, then fix, on text whose kind is detected from its content (or chosen by its length). See `common::check_then_fix` for what must hold.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Some((kind, text)) = common::text_and_kind(data) {
        common::check_then_fix(kind, text);
    }
});
