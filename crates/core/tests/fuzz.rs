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

#[test]
fn json_corpus() {
    run("json", json_check);
}

#[test]
fn json_parses_edge_cases_as_serde_json_does() {
    let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
    let deep_obj = |n: usize| format!("{}1{}", r#"{"a":"#.repeat(n), "}".repeat(n));
    let mut cases: Vec<String> = [
        "",
        " ",
        "null",
        " true ",
        "false",
        "nul",
        "nulll",
        "tru",
        "fals",
        "n",
        "True",
        "0",
        "-0",
        "00",
        "-",
        "-a",
        "01",
        "1.",
        "1.e3",
        ".5",
        "1e",
        "1e+",
        "1E-7",
        "1.5E+10",
        "+1",
        "0x1",
        "1 2",
        "18446744073709551615",
        "18446744073709551616",
        "-9223372036854775808",
        "-9223372036854775809",
        "123456789012345678901234567890",
        "-1.0",
        "2e0",
        "1e0000",
        r#""""#,
        r#"""#,
        r#""abc"#,
        r#""a\"b""#,
        r#""\/\b\f\n\r\t\\""#,
        r#""\x""#,
        r#""\u00e9""#,
        r#""\u00E9\u0000""#,
        r#""\ud83d\ude00""#,
        r#""\uD83D\uDE00""#,
        r#""\ud83d""#,
        r#""\ud83d\n""#,
        r#""\ud83d\u0041""#,
        r#""\ude00""#,
        r#""\ud83d\ud83d""#,
        r#""\u12""#,
        r#""\u12g4""#,
        r#""\ud83d\u""#,
        "\"a\u{1}b\"",
        "\"tab\there\"",
        "\"é€😀\"",
        "\"\u{7f}\u{80}\"",
        "\"\\",
        "\"\\u",
        "[]",
        "[ ]",
        "[1,]",
        "[,1]",
        "[1 2]",
        "[1,,2]",
        "[",
        "]",
        "[1",
        "[1,",
        "[[]]",
        "[\"a\",{\"b\":[null]}]",
        "{}",
        "{ }",
        r#"{"a":1}"#,
        r#"{"a" : 1 , "b":[2]}"#,
        r#"{"a":1,}"#,
        r#"{"a"}"#,
        r#"{"a":}"#,
        r#"{a:1}"#,
        r#"{"a":1 "b":2}"#,
        r#"{"a":1,"a":2}"#,
        "{",
        r#"{"a""#,
        r#"{"a":"#,
        "{\n  x}",
        r#"{"name": "#,
        "{1:2}",
        "\u{feff}1",
        "1\u{0}",
        "[1]x",
        "\t\n\r 1 \t\n\r",
        "\u{a0}1",
        "[\"\u{2028}\"]",
        "[1,\n2,\n\"\u{1}\"]",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for n in [1, 2, 126, 127, 128, 129, 1000] {
        cases.push(deep(n));
        cases.push(deep_obj(n));
    }
    for text in &cases {
        json_check(text.as_bytes());
    }
}
