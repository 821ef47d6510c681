#![no_main]
//! Fuzz target: see `take_check` in `fuzz/checks.rs`.

include!("../checks.rs");

libfuzzer_sys::fuzz_target!(|data: &[u8]| take_check(data));
