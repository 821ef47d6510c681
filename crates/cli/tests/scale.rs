//! Input size and shape never cost stack: long operator chains go through every flow
//! (parse, evaluate, validate, render, paste, the CLI) without a stack overflow, and
//! nesting beyond the parser's documented depth is refused with a message. The timings
//! of the same inputs are benchmarks (`benches/scale.rs`), not tests.
#![cfg(not(target_arch = "wasm32"))]

use apigw_integration_core::aws::ApiInfo;
use apigw_integration_core::eval::{self, Scope, Why};
use apigw_integration_core::hcl::{self, syntax};
use apigw_integration_core::model::{Integration, Protocol, Value};
use apigw_integration_core::{rules, workspace};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// `1 + 1 + … + 1` with `n` terms: valid HCL, and the shape that overflowed the stack.
fn chain(n: usize) -> String {
    vec!["1"; n].join(" + ")
}

/// A configuration holding the chain as an argument, through a local, and as a map value.
fn file(n: usize) -> String {
    let c = chain(n);
    format!(
        "locals {{\n  long = {c}\n}}\n\nresource \"aws_apigatewayv2_integration\" \"deep\" {{\n  api_id               = \"aabbccddee\"\n  integration_type     = \"HTTP_PROXY\"\n  integration_uri      = \"https://example.com\"\n  integration_method   = \"ANY\"\n  description          = local.long\n  timeout_milliseconds = {c}\n  request_parameters = {{\n    \"append:header.x\" = {c}\n  }}\n}}\n"
    )
}

const SIZES: [usize; 2] = [40_000, 100_000];

#[test]
fn a_long_chain_parses_as_one_flat_node() {
    for n in SIZES {
        let c = chain(n);
        let e = syntax::parse_expr(&c).expect("the chain parses");
        assert!(matches!(e.kind, syntax::ExprKind::Binary(_, ref rest) if rest.len() == n - 1));
        let body = syntax::parse_body(&file(n)).expect("the file parses");
        assert_eq!(body.items.len(), 2);
        // A copy and a comparison walk the tree too.
        assert_eq!(e.clone(), e);
    }
}

#[test]
fn a_long_chain_goes_through_the_file_parser_evaluation_and_the_rules() {
    for n in SIZES {
        let c = chain(n);
        let src = file(n);
        let parsed = hcl::parse(&src);
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        let [p] = parsed.integrations.as_slice() else { panic!("one integration") };
        assert_eq!(p.model.timeout_milliseconds, Some(Value::Expr(c.clone())));
        assert_eq!(parsed.locals, [("long".to_string(), c.clone())]);
        // Arithmetic is not evaluated: the value is unknown, never an error or a crash.
        let locals = eval::ByName::new(parsed.locals.clone());
        let scope = Scope { locals: &locals, ..Scope::default() };
        assert_eq!(eval::eval(&c, &scope), Err(Why::Unknown));
        assert_eq!(eval::eval("local.long", &scope), Err(Why::Unknown));
        let mut m = p.model.clone();
        m.protocol = Some(Protocol::Http);
        let diags = rules::validate_in(&m, &scope);
        assert!(!diags.iter().any(|d| d.is_error()), "a valid expression is no error: {diags:?}");
        // Messages quote at most an excerpt of it: no line as long as the file.
        assert!(diags.iter().all(|d| d.message.len() < 600), "{:?}", diags.iter().map(|d| d.message.len()).collect::<Vec<_>>());
        assert!(diags.iter().any(|d| d.code == "R-HCL-4" && d.message.contains(&format!("({} characters)", c.chars().count()))));
    }
}

#[test]
fn a_model_holding_a_long_chain_renders_and_reads_back() {
    for n in SIZES {
        let c = chain(n);
        // As a share link or the JS API would give it: a model, not a file.
        let mut m = Integration::named("deep");
        m.protocol = Some(Protocol::Http);
        m.api_id = Some(Value::str("aabbccddee"));
        m.integration_type = Some(Value::str("HTTP_PROXY"));
        m.integration_uri = Some(Value::str("https://example.com"));
        m.integration_method = Some(Value::str("ANY"));
        m.timeout_milliseconds = Some(Value::Expr(c.clone()));
        let diags = rules::validate(&m);
        assert!(!diags.iter().any(|d| d.is_error()), "{diags:?}");
        let out = apigw_integration_core::render(&m).expect("renders").resource;
        assert!(out.contains(&format!("timeout_milliseconds = {c}\n")), "printed as written");
        let back = hcl::parse(&out);
        assert_eq!(back.integrations.first().map(|p| p.model.timeout_milliseconds.clone()), Some(m.timeout_milliseconds.clone()));
    }
}

#[test]
fn a_paste_of_a_long_chain_is_taken() {
    for n in SIZES {
        let t = workspace::take(&file(n), &ApiInfo::default(), Some(Protocol::Http));
        assert_eq!(t.added.len(), 1, "{:?}", t.diagnostics);
        let ws = workspace::Workspace::of(t.added.into_iter().next().expect("one"));
        assert!(ws.render().is_ok());
    }
}

/// Nesting beyond the documented depth, in a file: a syntax error with its line, never a crash.
#[test]
fn nesting_too_deep_is_reported_where_it_is() {
    let deep =
        format!("resource \"aws_apigatewayv2_integration\" \"x\" {{\n  description = {}1{}\n}}\n", "(".repeat(5_000), ")".repeat(5_000));
    let parsed = hcl::parse(&deep);
    let d = parsed.diagnostics.first().expect("refused");
    assert!(d.message.contains("Nested more than 64 levels deep"), "{}", d.message);
    assert_eq!(d.pos.map(|p| p.line), Some(2));
}

fn cli() -> Command {
    Command::new(env!("CARGO_BIN_EXE_apigw-integration"))
}

fn dir(name: &str, text: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("mkdir");
    std::fs::write(d.join("main.tf"), text).expect("write");
    d
}

fn text(o: &[u8]) -> String {
    String::from_utf8_lossy(o).into_owned()
}

fn ran(o: &Output) -> String {
    format!("exit {:?}\nstdout: {:.300}\nstderr: {:.600}", o.status.code(), text(&o.stdout), text(&o.stderr))
}

/// The CLI (a debug build here: the deepest stack use) checks and renders the chains; it
/// aborted with a stack overflow (exit 134) before.
#[test]
fn the_cli_checks_and_renders_a_long_chain() {
    for n in SIZES {
        let d = dir(&format!("scale_chain_{n}"), &file(n));
        let o = cli().args(["check", "--protocol", "http"]).arg(&d).output().expect("run");
        assert_eq!(o.status.code(), Some(0), "{}", ran(&o));
        let o = cli().arg("render").arg(d.join("main.tf")).output().expect("run");
        assert_eq!(o.status.code(), Some(0), "{}", ran(&o));
        assert!(text(&o.stdout).contains(&format!("timeout_milliseconds = {}\n", chain(n))), "{}", ran(&o));
    }
    let too_deep = format!("locals {{\n  x = {}1{}\n}}\n", "[".repeat(100_000), "]".repeat(100_000));
    let d = dir("scale_too_deep", &too_deep);
    let o = cli().arg("check").arg(&d).output().expect("run");
    assert_eq!(o.status.code(), Some(1), "{}", ran(&o));
    assert!(text(&o.stdout).contains(":2:") && text(&o.stdout).contains("Nested more than 64 levels deep"), "{}", ran(&o));
}
