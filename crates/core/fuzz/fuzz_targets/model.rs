#![no_main]
//! Fuzz target: see `model_check` in `fuzz/checks.rs`.

include!("../checks.rs");

libfuzzer_sys::fuzz_target!(|data: &[u8]| model_check(data));
