#![no_main]
//! Fuzz target: see `eval_check` in `fuzz/checks.rs`.

include!("../checks.rs");

libfuzzer_sys::fuzz_target!(|data: &[u8]| eval_check(data));
