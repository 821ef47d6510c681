#![no_main]
//! Fuzz target: see `share_check` in `fuzz/checks.rs`.

include!("../checks.rs");

libfuzzer_sys::fuzz_target!(|data: &[u8]| share_check(data));
