//! The fuzz targets' invariants (`fuzz/checks.rs`), run over the corpus kept in
//! `fuzz/corpus/TARGET/` and every past finding in `fuzz/regressions/TARGET/`, so the
//! fuzzers' work is checked by plain `cargo test`.
#![cfg(not(target_arch = "wasm32"))]

include!("../fuzz/checks.rs");

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut out = Vec::new();
    for dir in ["corpus", "regressions"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir).join(target)) else { continue };
        for e in entries.flatten() {
            out.push((e.path().display().to_string(), std::fs::read(e.path()).expect("read input")));
        }
    }
    out.sort();
    out
}

fn run(target: &str, check: fn(&[u8])) {
    let all = inputs(target);
    assert!(all.len() >= 5, "the {target} corpus is kept in the repo ({} inputs)", all.len());
    for (name, data) in all {
        if std::panic::catch_unwind(|| check(&data)).is_err() {
            panic!("{target}: {name} breaks an invariant");
        }
    }
}

#[test]
fn parse_corpus() {
    run("parse", parse_check);
}

#[test]
fn model_corpus() {
    run("model", model_check);
}

#[test]
fn share_corpus() {
    run("share", share_check);
}

#[test]
fn eval_corpus() {
    run("eval", eval_check);
}

#[test]
fn take_corpus() {
    run("take", take_check);
}
