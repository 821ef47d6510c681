//! HashiCorp's own formatter as the oracle: everything the builder emits must be a
//! `terraform fmt` fixed point, and every value must decode to exactly what the model holds.
//! The oracle (tests/oracle/main.go) is built from Debian packages by tests/oracle/build.sh.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use apigw_integration_core::hcl;
use apigw_integration_core::model::{ImportForm, Integration, Value};
use common::*;
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;
use serde_json::{Value as Json, json};

fn docs() -> Vec<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/docs");
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .map(|p| (p.display().to_string(), std::fs::read_to_string(&p).expect("read fixture")))
        .collect();
    out.sort();
    out
}

#[track_caller]
fn assert_fmt_clean(bin: &std::path::PathBuf, what: &str, text: &str) {
    let (code, _, err) = run_oracle(bin, "check", text);
    assert_eq!(code, 0, "{what} is not what `terraform fmt` prints:\n{err}\n--- text ---\n{text}");
}

#[test]
fn documented_examples_and_their_re_emission_are_fmt_fixed_points() {
    let bin = oracle();
    for (path, text) in docs() {
        assert_fmt_clean(&bin, &path, &text);
        let models: Vec<Integration> = hcl::parse(&text).integrations.into_iter().map(|p| p.model).collect();
        assert_fmt_clean(&bin, &format!("{path} re-emitted"), &documents_of(&models));
    }
}

fn expected(v: &Value) -> Option<Json> {
    match v {
        Value::Str(s) => Some(json!(s)),
        Value::Num(n) => n.parse::<i64>().ok().map(|n| json!(n)),
        Value::Expr(_) => None,
    }
}

fn entry<'a>(values: &'a [Json], path: &str) -> &'a Json {
    values.iter().find(|e| e["path"] == path).unwrap_or_else(|| panic!("oracle has no value for {path}"))
}

/// Checks every attribute of model `m` (named uniquely) against the oracle's decoding.
fn check_values(values: &[Json], m: &Integration, import_index: Option<usize>) {
    let base = format!("resource.aws_apigatewayv2_integration.{}[0].", m.name);
    let check = |path: String, v: &Value| {
        let e = entry(values, &path);
        match (v, expected(v)) {
            (Value::Expr(r), _) => assert_eq!(e["traversal"], json!(r), "{path}"),
            (_, Some(want)) => assert_eq!(e["value"], want, "{path}: {e}"),
            (_, None) => {}
        }
    };
    for name in apigw_integration_core::model::SCALAR_ARGS {
        if let Some(v) = m.scalar(name) {
            check(format!("{base}{name}"), v);
        }
    }
    let map_json = |map: &apigw_integration_core::model::Map| -> Option<Json> {
        let mut obj = serde_json::Map::new();
        for (k, v) in map.iter() {
            obj.insert(k.to_string(), expected(v)?);
        }
        Some(Json::Object(obj))
    };
    for name in apigw_integration_core::model::MAP_ARGS {
        if let Some(map) = m.map(name)
            && let Some(want) = map_json(map)
        {
            assert_eq!(entry(values, &format!("{base}{name}"))["value"], want, "{base}{name}");
        }
    }
    for (j, rp) in m.response_parameters.iter().enumerate() {
        if let Some(v) = &rp.status_code {
            check(format!("{base}response_parameters[{j}].status_code"), v);
        }
        if let Some(want) = rp.mappings.as_ref().and_then(map_json) {
            assert_eq!(entry(values, &format!("{base}response_parameters[{j}].mappings"))["value"], want);
        }
    }
    if let (Some(t), Some(n)) = (&m.import, import_index) {
        let path = format!("import[{n}].");
        match t.form {
            ImportForm::Id => assert_eq!(entry(values, &format!("{path}id"))["value"], json!(format!("{}/{}", t.api_id, t.integration_id))),
            ImportForm::Identity => {
                assert_eq!(entry(values, &format!("{path}identity"))["value"], json!({"api_id": t.api_id, "id": t.integration_id}))
            }
        }
    }
}

/// 400 generated configurations full of `$ % { } " \` and control characters: each
/// output is fmt-clean and decodes (with HashiCorp's parser) to exactly the model.
#[test]
fn generated_outputs_are_fmt_clean_and_decode_exactly() {
    let bin = oracle();
    let mut runner = TestRunner::deterministic();
    let strategy = integration();
    for chunk in 0..8 {
        let mut models = Vec::new();
        for k in 0..50 {
            let mut m = strategy.new_tree(&mut runner).expect("generate").current();
            m.name = format!("m{chunk}_{k}");
            if m.region.as_ref().is_some_and(|r| r.literal().is_some()) {
                // A literal region adds an @region suffix to the import id.
                m.region = None;
            }
            models.push(m);
        }
        let text = documents_of(&models);
        assert_fmt_clean(&bin, &format!("chunk {chunk}"), &text);
        let (code, out, err) = run_oracle(&bin, "values", &text);
        assert_eq!(code, 0, "{err}");
        let values: Vec<Json> = serde_json::from_str(&out).expect("oracle JSON");
        let mut imports = 0;
        for m in &models {
            let idx = m.import.as_ref().map(|_| {
                imports += 1;
                imports - 1
            });
            check_values(&values, m, idx);
        }
    }
}

/// The escaping bugs the oracle report found in hcl-rs do not exist here.
#[test]
fn hostile_strings_decode_exactly() {
    let bin = oracle();
    let hostile = [
        "${x} %${local.secret}",
        "${x} $%{if true}A$%{endif}",
        "%{ x } $${y}",
        "${a} $${b}",
        "%{a} %%{b}",
        "He said \"hi\" \\ C:\\tmp\nnext line ${file(\"x\")} %{ if true }yes%{ endif }\ttab 🚀 é",
        "$$$${x}",
        "\\${file(\"x\")}",
        "nul\u{0}byte bel\u{7} esc\u{1b} del\u{7f}",
        "zwsp\u{200b} bom\u{feff} ls\u{2028} private\u{e000} max\u{10ffff}",
    ];
    let mut models = Vec::new();
    for (k, s) in hostile.iter().enumerate() {
        let mut m = Integration::named(format!("h{k}"));
        m.description = Some(Value::Str(s.to_string()));
        m.request_parameters = Some([(s.to_string(), Value::Str(s.to_string()))].into_iter().collect());
        models.push(m);
    }
    let text = documents_of(&models);
    assert_fmt_clean(&bin, "hostile strings", &text);
    let (code, out, err) = run_oracle(&bin, "values", &text);
    assert_eq!(code, 0, "{err}");
    let values: Vec<Json> = serde_json::from_str(&out).expect("oracle JSON");
    for m in &models {
        check_values(&values, m, None);
    }
}

/// Our `terraform fmt` (src/hcl/format.rs) prints exactly what HashiCorp's hclwrite
/// prints, on the documented examples and on 600 generated messy bodies.
#[test]
fn formatter_matches_hclwrite() {
    let bin = oracle();
    let mut inputs: Vec<String> = docs().into_iter().map(|(_, t)| t).collect();
    // The layout corpus re-indented (heredoc bodies too, which fmt must then leave as they
    // are), in both line endings.
    for (_, text) in layout_corpus() {
        inputs.push(text.lines().map(|l| format!("{}\n", l.trim_start())).collect());
        inputs.push(text.lines().map(|l| format!("   {l}\n")).collect());
        inputs.push(text);
    }
    let mut runner = TestRunner::deterministic();
    let strategy = messy_body();
    for _ in 0..600 {
        inputs.push(strategy.new_tree(&mut runner).expect("generate").current());
    }
    let mut checked = 0;
    for input in inputs {
        let (code, want, err) = run_oracle(&bin, "fmt", &input);
        if code == 2 {
            // Not valid HCL (a generated corner case): hclwrite would not be run on it.
            continue;
        }
        assert_eq!(code, 0, "{err}");
        let got = hcl::format::format(&input).unwrap_or_else(|e| panic!("our formatter refused {e:?}:\n{input}"));
        if got != want {
            let line = got.lines().zip(want.lines()).position(|(a, b)| a != b).unwrap_or(0);
            panic!(
                "formatter differs from hclwrite at line {}:\n  ours {:?}\n  fmt  {:?}\n--- input ---\n{input}",
                line + 1,
                got.lines().nth(line),
                want.lines().nth(line)
            );
        }
        checked += 1;
    }
    assert!(checked > 500, "only {checked} generated inputs were valid HCL");
}

/// The layout corpus (`tests/fixtures/layout`), as written and in CRLF: what tests/golden.rs
/// asserts comes back byte for byte.
fn layout_corpus() -> Vec<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/layout");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("corpus") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("read corpus file");
        out.push((format!("{} (CRLF)", path.display()), text.replace('\n', "\r\n")));
        out.push((path.display().to_string(), text));
    }
    out.sort();
    out
}

/// Each corpus file is what `terraform fmt` prints (so reproducing it is what fmt would
/// leave), our formatter agrees with hclwrite on it, and what `render` prints of it is
/// fmt-clean too, in both line endings.
#[test]
fn layout_corpus_and_its_rendering_are_fmt_clean() {
    let bin = oracle();
    for (path, text) in layout_corpus() {
        assert_fmt_clean(&bin, &path, &text);
        assert_eq!(hcl::format::format(&text).as_deref(), Ok(text.as_str()), "{path}: our formatter changes it");
        let models: Vec<Integration> = hcl::parse(&text).integrations.into_iter().map(|p| p.model).collect();
        let out = documents_of(&models);
        assert_eq!(out.contains("\r\n"), path.ends_with("(CRLF)"), "{path}");
        assert_fmt_clean(&bin, &format!("{path} rendered"), &out);
    }
}
