#![no_main]
//! Fuzz target: see `json_check` in `fuzz/checks.rs`.

include!("../checks.rs");

libfuzzer_sys::fuzz_target!(|data: &[u8]| json_check(data));
