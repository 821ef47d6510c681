#![no_main]
//! Fuzz target: see `parse_check` in `fuzz/checks.rs`.

include!("../checks.rs");

libfuzzer_sys::fuzz_target!(|data: &[u8]| parse_check(data));
