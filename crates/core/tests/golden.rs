//! Golden outputs: the documentation's examples come back byte for byte, the canonical
//! order, import blocks and commands, layout preservation and the JSON shape.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use apigw_integration_core::hcl::parse;
use apigw_integration_core::model::{ImportForm, ImportTarget, Integration, LayoutItem, Value};
use common::*;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/fixtures/docs/{name}.tf", env!("CARGO_MANIFEST_DIR"))).expect("fixture")
}

/// The integration block of a documentation example (the Lambda one also defines a function).
fn integration_text(doc: &str) -> &str {
    &doc[doc.find("resource \"aws_apigatewayv2_integration\"").expect("integration block")..]
}

fn model(text: &str) -> Integration {
    let mut file = parse(text);
    assert!(file.diagnostics.is_empty(), "{:?}", file.diagnostics);
    file.integrations.remove(0).model
}

#[test]
fn documented_examples_round_trip_byte_for_byte() {
    for name in ["basic", "lambda", "aws_service_sqs", "private"] {
        let doc = fixture(name);
        let m = model(&doc);
        assert_eq!(resource_of(&m), integration_text(&doc), "{name}");
    }
}

#[test]
fn documented_import_block_and_command() {
    let text = format!("{}\n{}", fixture("basic"), fixture("import"));
    let m = model(&text);
    assert_eq!(document_of(&m), text);
    assert_eq!(rendered(&m).import_command.as_deref(), Some("terraform import aws_apigatewayv2_integration.example aabbccddee/1122334"));
}

#[test]
fn identity_import_block() {
    let mut m = model(&fixture("basic"));
    m.import = Some(ImportTarget {
        api_id: "aabbccddee".into(),
        integration_id: "1122334".into(),
        form: ImportForm::Identity,
        ..ImportTarget::default()
    });
    assert_eq!(
        rendered(&m).import_block.as_deref(),
        Some(
            "import {\n  to = aws_apigatewayv2_integration.example\n  identity = {\n    api_id = \"aabbccddee\"\n    id     = \"1122334\"\n  }\n}\n"
        )
    );
    m.region = Some(Value::str("eu-west-1"));
    m.import.as_mut().expect("import").form = ImportForm::Id;
    assert_eq!(
        rendered(&m).import_command.as_deref(),
        Some("terraform import aws_apigatewayv2_integration.example aabbccddee/1122334@eu-west-1")
    );
    // An id that would need quoting gives no command (quoting differs between shells);
    // the import block is still printed.
    m.import.as_mut().expect("import").integration_id = "it's".into();
    assert_eq!(rendered(&m).import_command, None);
    assert!(rendered(&m).import_block.is_some());
}

/// A new configuration gets the canonical order, which is the documentation's for the
/// basic and Lambda examples.
#[test]
fn canonical_order_of_new_configurations() {
    for name in ["basic", "lambda"] {
        let doc = fixture(name);
        let mut m = model(&doc);
        m.layout = None;
        assert_eq!(resource_of(&m), integration_text(&doc), "{name}");
    }
    let mut m = model(&fixture("private"));
    m.layout = None;
    assert_eq!(
        resource_of(&m),
        r#"resource "aws_apigatewayv2_integration" "example" {
  api_id           = aws_apigatewayv2_api.example.id
  integration_type = "HTTP_PROXY"

  connection_id      = aws_apigatewayv2_vpc_link.example.id
  connection_type    = "VPC_LINK"
  credentials_arn    = aws_iam_role.example.arn
  description        = "Example with a load balancer"
  integration_method = "ANY"
  integration_uri    = aws_lb_listener.example.arn

  request_parameters = {
    "append:header.authforintegration" = "$context.authorizer.authorizerResponse"
    "overwrite:path"                   = "staticValueForIntegration"
  }

  tls_config {
    server_name_to_verify = "example.com"
  }

  response_parameters {
    status_code = 403
    mappings = {
      "append:header.auth" = "$context.authorizer.authorizerResponse"
    }
  }

  response_parameters {
    status_code = 200
    mappings = {
      "overwrite:statuscode" = "204"
    }
  }
}
"#
    );
}

/// Editing a parsed configuration changes only that line; a new argument joins the last
/// group of plain arguments, and removing one leaves no stray blank lines.
#[test]
fn parsed_layout_is_kept() {
    let doc = fixture("private");
    let mut m = model(&doc);
    m.description = Some(Value::str("Edited"));
    let edited = resource_of(&m);
    let diff: Vec<(&str, &str)> = doc.lines().zip(edited.lines()).filter(|(a, b)| a != b).collect();
    assert_eq!(diff, vec![("  description      = \"Example with a load balancer\"", "  description      = \"Edited\"")]);

    m.timeout_milliseconds = Some(Value::Num("29000".into()));
    let added = resource_of(&m);
    assert!(
        added.contains("  connection_id        = aws_apigatewayv2_vpc_link.example.id\n  timeout_milliseconds = 29000\n\n  tls_config {"),
        "{added}"
    );

    let mut m = model(&doc);
    m.tls_config = None;
    m.integration_method = None;
    m.connection_type = None;
    m.connection_id = None;
    let removed = resource_of(&m);
    assert!(removed.contains("  integration_uri  = aws_lb_listener.example.arn\n\n  request_parameters = {"), "{removed}");
    assert!(!removed.contains("\n\n\n"));
}

#[test]
fn meta_arguments_and_comments_are_kept() {
    let src = r#"resource "aws_apigatewayv2_integration" "example" {
  provider = aws.west
  # The API.
  api_id           = aws_apigatewayv2_api.example.id
  integration_type = "MOCK"

  lifecycle {
    create_before_destroy = true
    ignore_changes        = [description]
  }

  depends_on = [
    aws_apigatewayv2_api.example,
  ]
}
"#;
    let file = parse(src);
    let p = &file.integrations[0];
    assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    assert_eq!(resource_of(&p.model), src);
    let names: Vec<&str> = p.model.verbatim.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["provider", "lifecycle", "depends_on"]);
}

/// The findings of `codes` that `check` places in an HTTP API file, as `CODE path:line`.
fn placed(src: &str, codes: &[&str]) -> Vec<String> {
    let checked = apigw_integration_core::check::check_sources(&[src], Some(apigw_integration_core::Protocol::Http));
    checked
        .findings
        .iter()
        .map(|f| &f.diagnostic)
        .filter(|d| codes.contains(&d.code.as_str()))
        .map(|d| format!("{} {}:{}", d.code, d.path, d.pos.map_or(0, |p| p.line)))
        .collect()
}

#[test]
fn two_blocks_of_one_type_are_told_apart_and_placed_at_their_own_lines() {
    // The shape of terraform-aws-modules/apigateway-v2: a dynamic tls_config and a dynamic
    // response_parameters in one integration. Each note names its block and its line.
    let src = r#"resource "aws_apigatewayv2_integration" "this" {
  api_id           = aws_apigatewayv2_api.this.id
  integration_type = "HTTP_PROXY"

  dynamic "tls_config" {
    for_each = var.tls
    content {
      server_name_to_verify = tls_config.value
    }
  }

  dynamic "response_parameters" {
    for_each = var.responses
    content {
      status_code = response_parameters.value.status_code
      mappings    = response_parameters.value.mappings
    }
  }

  provisioner "local-exec" {
    command = "true"
  }
}
"#;
    assert_eq!(
        placed(src, &["R-HCL-6", "R-HCL-9"]),
        ["R-HCL-6 dynamic.tls_config:5", "R-HCL-6 dynamic.response_parameters:12", "R-HCL-9 provisioner.local-exec:20"]
    );
    assert_eq!(resource_of(&parse(src).integrations[0].model), src, "nothing is lost");
}

#[test]
fn unsupported_constructs_are_reported_and_kept() {
    let src = r#"resource "aws_apigatewayv2_integration" "x" {
  for_each           = toset(var.names)
  api_id             = aws_apigatewayv2_api.example.id
  integration_type   = "HTTP_PROXY"
  bogus              = 1
  request_parameters = merge(local.a, local.b)

  dynamic "response_parameters" {
    for_each = local.codes
    content {
      status_code = response_parameters.value
      mappings    = {}
    }
  }
}
"#;
    assert_eq!(
        placed(src, &["R-HCL-3", "R-HCL-6"]),
        ["R-HCL-6 for_each:2", "R-HCL-3 bogus:5", "R-HCL-6 request_parameters:6", "R-HCL-6 dynamic.response_parameters:8"]
    );
    // An unknown argument withholds the output (Terraform rejects it; nothing unknown is
    // printed); without it, everything else comes back as written.
    let p = &parse(src).integrations[0];
    assert!(apigw_integration_core::render(&p.model).is_err());
    let without = src.replace("  bogus              = 1\n", "");
    let p = &parse(&without).integrations[0];
    assert_eq!(resource_of(&p.model), without, "nothing is lost");
}

#[test]
fn syntax_errors_have_a_position() {
    let file = parse("resource \"aws_apigatewayv2_integration\" \"x\" {\n  api_id = \n}\n");
    assert!(file.integrations.is_empty());
    let d = &file.diagnostics[0];
    assert_eq!((d.code.as_str(), d.pos.map(|p| (p.line, p.column))), ("R-HCL-5", Some((2, 12))));
}

#[test]
fn positions_point_at_the_field() {
    let src = fixture("private");
    let checked = apigw_integration_core::check::check_sources(&[&src], Some(apigw_integration_core::Protocol::WebSocket));
    let at =
        |code: &str| checked.findings.iter().find(|f| f.diagnostic.code == code).and_then(|f| f.diagnostic.pos).map(|p| (p.line, p.column));
    assert_eq!(at("R-HTO-2"), Some((12, 3)));
    assert_eq!(at("R-HTO-1"), Some((21, 3)));
    assert_eq!(at("R-CONN-2"), Some((10, 3)));
}

/// The JSON form of the model, as the CLI's `render --json` and the JS API take it.
#[test]
fn json_shape() {
    let m = model(&fixture("aws_service_sqs"));
    let mut plain = m.clone();
    plain.layout = None;
    let json = serde_json::to_string_pretty(&plain).expect("serialise");
    assert_eq!(
        json,
        r#"{
  "name": "example",
  "api_id": {
    "expr": "aws_apigatewayv2_api.example.id"
  },
  "integration_type": "AWS_PROXY",
  "credentials_arn": {
    "expr": "aws_iam_role.example.arn"
  },
  "description": "SQS example",
  "integration_subtype": "SQS-SendMessage",
  "request_parameters": {
    "QueueUrl": "$request.header.queueUrl",
    "MessageBody": "$request.body.message"
  }
}"#
    );
    let back: Integration = serde_json::from_str(&json).expect("deserialise");
    assert_eq!(back, plain);
    let with_layout: Integration = serde_json::from_str(&serde_json::to_string(&m).expect("serialise")).expect("deserialise");
    assert_eq!(resource_of(&with_layout), fixture("aws_service_sqs"));
    let err = serde_json::from_str::<Integration>(r#"{"name": "x", "timeout": 5}"#).expect_err("unknown field");
    assert!(err.to_string().contains("unknown field `timeout`"), "{err}");
    let num: Integration = serde_json::from_str(
        r#"{"name": "x", "timeout_milliseconds": 29000, "response_parameters": [{"status_code": 403, "mappings": {"a": "b"}}]}"#,
    )
    .expect("numbers");
    assert_eq!(num.timeout_milliseconds, Some(Value::Num("29000".into())));
}

/// Bare map keys (`QueueUrl = …`), as the provider's own acceptance tests write them, and a
/// blank line between `status_code` and `mappings` come back, byte for byte; a key that
/// is not an identifier is quoted even there.
#[test]
fn bare_map_keys_are_kept() {
    let src = r#"resource "aws_apigatewayv2_integration" "test" {
  api_id              = aws_apigatewayv2_api.test.id
  credentials_arn     = aws_iam_role.test.arn
  integration_type    = "AWS_PROXY"
  integration_subtype = "SQS-SendMessage"

  request_parameters = {
    QueueUrl    = aws_sqs_queue.test[0].id
    MessageBody = "$request.body.message"
  }

  response_parameters {
    status_code = 200
    mappings = {
      "overwrite:statuscode" = "204"
    }
  }

  response_parameters {
    status_code = 403

    mappings = {
      "append:header.auth" = "$context.authorizer.authorizerResponse"
    }
  }
}
"#;
    let parsed = apigw_integration_core::hcl::parse(src);
    let m = &parsed.integrations[0].model;
    assert_eq!(m.bare_keys, vec!["request_parameters".to_string()]);
    assert_eq!(m.blank_before, vec!["response_parameters[1].mappings".to_string()], "the blank line is kept");
    assert_eq!(apigw_integration_core::render(m).expect("renders").resource, src);
    let mut edited = m.clone();
    if let Some(p) = edited.request_parameters.as_mut() {
        p.0.push(("Not an identifier!".into(), apigw_integration_core::model::Value::str("x")));
    }
    let out = apigw_integration_core::render(&edited).expect("renders").resource;
    assert!(
        out.contains("    QueueUrl             = aws_sqs_queue.test[0].id\n") && out.contains("    \"Not an identifier!\" = \"x\"\n"),
        "{out}"
    );
}

/// Entries ended with commas (`"k" = "v",`), which `terraform fmt` leaves, come back so.
#[test]
fn map_entries_with_commas_are_kept() {
    let src = r#"resource "aws_apigatewayv2_integration" "ws" {
  api_id           = aws_apigatewayv2_api.ws.id
  integration_type = "MOCK"

  request_templates = {
    "application/json" = "{\"statusCode\": 200}",
    "text/plain"       = "ok",
  }
}
"#;
    let m = apigw_integration_core::hcl::parse(src).integrations.remove(0).model;
    assert_eq!(m.commas, vec!["request_templates".to_string()]);
    let out = apigw_integration_core::render(&m).expect("renders").resource;
    assert_eq!(out, src);
    let bin = common::oracle();
    let (code, _, why) = common::run_oracle(&bin, "check", &out);
    assert_eq!(code, 0, "terraform fmt would change it: {why}");

    // Only some entries with a comma (seen in a public module): each keeps its own.
    let mixed = src.replace("\"ok\",", "\"ok\"");
    let m = apigw_integration_core::hcl::parse(&mixed).integrations.remove(0).model;
    assert_eq!(m.commas, vec!["request_templates[\"application/json\"]".to_string()]);
    let out = apigw_integration_core::render(&m).expect("renders").resource;
    assert_eq!(out, mixed);
    let (code, _, why) = common::run_oracle(&bin, "check", &out);
    assert_eq!(code, 0, "terraform fmt would change it: {why}");
}

/// A kept item written with unusual indentation comes out as `terraform fmt` prints it.
#[test]
fn kept_items_come_out_fmt_clean_whatever_their_indentation() {
    let src = "resource \"aws_apigatewayv2_integration\" \"x\" {\n  api_id           = aws_apigatewayv2_api.a.id\n  integration_type = \"MOCK\"\n\n  depends_on = [aws_iam_role.a,\n        aws_iam_role.b]\n}\n";
    let m = apigw_integration_core::hcl::parse(src).integrations.remove(0).model;
    let out = apigw_integration_core::render(&m).expect("renders").resource;
    let (code, _, why) = common::run_oracle(&common::oracle(), "check", &out);
    assert_eq!(code, 0, "terraform fmt would change it: {why}\n{out}");
    assert!(out.contains("  depends_on = [aws_iam_role.a,\n  aws_iam_role.b]\n"), "{out}");
}

/// Comments at the end of argument lines and comments and blank lines inside maps come
/// back where they were, byte for byte and `terraform fmt`-clean; an edit moves nothing
/// else, and a comment whose argument is removed stays, on a line of its own.
#[test]
fn trailing_comments_and_comments_inside_maps_are_kept() {
    let src = r#"resource "aws_apigatewayv2_integration" "sqs" {      # the queue
  api_id              = aws_apigatewayv2_api.http.id # the HTTP API
  credentials_arn     = aws_iam_role.apigw.arn
  integration_type    = "AWS_PROXY" // AWS service
  integration_subtype = "SQS-SendMessage"

  request_parameters = {
    # Where the message goes.
    QueueUrl = aws_sqs_queue.orders.id # FIFO

    MessageBody    = "$request.body" /* raw */
    MessageGroupId = "orders"
  } # end of parameters

  response_parameters {
    status_code = 403
    mappings = {
      // Rejected requests say why.
      "append:header.reason" = "$context.authorizer.reason"
    }
  }
}
"#;
    let m = apigw_integration_core::hcl::parse(src).integrations.remove(0);
    assert!(!m.diagnostics.iter().any(|d| d.code == "R-HCL-8"), "{:?}", m.diagnostics);
    let m = m.model;
    let out = apigw_integration_core::render(&m).expect("renders").resource;
    assert_eq!(out, src);
    let (code, _, why) = common::run_oracle(&common::oracle(), "check", &out);
    assert_eq!(code, 0, "terraform fmt would change it: {why}");
    // One edit changes one line.
    let mut edited = m.clone();
    edited.integration_subtype = Some(apigw_integration_core::model::Value::str("SQS-SendMessage"));
    edited.credentials_arn = Some(apigw_integration_core::model::Value::expr("aws_iam_role.other.arn"));
    let out = apigw_integration_core::render(&edited).expect("renders").resource;
    let changed: Vec<(&str, &str)> = src.lines().zip(out.lines()).filter(|(a, b)| a != b).collect();
    assert_eq!(changed, [("  credentials_arn     = aws_iam_role.apigw.arn", "  credentials_arn     = aws_iam_role.other.arn")]);
    // Removing a commented entry or argument keeps its comment, on its own line.
    let mut removed = m.clone();
    removed.api_id = None;
    if let Some(p) = removed.request_parameters.as_mut() {
        p.0.retain(|(k, _)| k != "QueueUrl");
    }
    let out = apigw_integration_core::render(&removed).expect("renders").resource;
    assert!(out.contains("\n  # the HTTP API\n") && out.contains("\n    # FIFO\n"), "{out}");
    let (code, _, why) = common::run_oracle(&common::oracle(), "check", &out);
    assert_eq!(code, 0, "terraform fmt would change it: {why}\n{out}");
}

/// A map that mixes bare and quoted keys comes back as written (found by the `model`
/// fuzz target: quoting only the keys that need it must also survive a re-parse).
#[test]
fn mixed_bare_and_quoted_keys_are_kept() {
    let src = "resource \"aws_apigatewayv2_integration\" \"sqs\" {\n  api_id              = aws_apigatewayv2_api.http.id\n  credentials_arn     = aws_iam_role.r.arn\n  integration_type    = \"AWS_PROXY\"\n  integration_subtype = \"SQS-SendMessage\"\n\n  request_parameters = {\n    QueueUrl      = aws_sqs_queue.q.id\n    \"MessageBody\" = \"$request.body\"\n  }\n}\n";
    let m = apigw_integration_core::hcl::parse(src).integrations.remove(0).model;
    let out = apigw_integration_core::render(&m).expect("renders").resource;
    assert_eq!(out, src);
}

/// Comments and blank lines inside tls_config and response_parameters come back where
/// they were, fmt-clean.
#[test]
fn comments_inside_nested_blocks_are_kept() {
    let src = r#"resource "aws_apigatewayv2_integration" "private" {
  api_id             = aws_apigatewayv2_api.http.id
  connection_id      = aws_apigatewayv2_vpc_link.l.id
  connection_type    = "VPC_LINK"
  integration_method = "ANY"
  integration_type   = "HTTP_PROXY"
  integration_uri    = aws_lb_listener.l.arn

  tls_config {
    # The certificate's name.
    server_name_to_verify = "api.internal.example.com" # not the LB's
  }

  response_parameters {
    status_code = 403 // denied

    # Say why.
    mappings = {
      "append:header.reason" = "$context.authorizer.reason"
    }
  } # end
}
"#;
    let p = apigw_integration_core::hcl::parse(src).integrations.remove(0);
    assert!(!p.diagnostics.iter().any(|d| d.code == "R-HCL-8"), "{:?}", p.diagnostics);
    let out = apigw_integration_core::render(&p.model).expect("renders").resource;
    assert_eq!(out, src);
    let (code, _, why) = common::run_oracle(&common::oracle(), "check", &out);
    assert_eq!(code, 0, "terraform fmt would change it: {why}");
    let mut edited = p.model.clone();
    edited.response_parameters[0].status_code = Some(apigw_integration_core::model::Value::Num("500".into()));
    let out = apigw_integration_core::render(&edited).expect("renders").resource;
    assert_eq!(out, src.replace("status_code = 403 // denied", "status_code = 500 // denied"));
}

/// The layout corpus (`tests/fixtures/layout/*.tf`, each fmt-clean by HashiCorp's formatter:
/// tests/oracle.rs), as written and with every line break CRLF.
fn layout_corpus() -> Vec<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/layout");
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(&dir).expect("corpus").map(|e| e.expect("entry").path()).collect();
    files.sort();
    let mut out = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).expect("read corpus file");
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        out.push((format!("{name} (CRLF)"), text.replace('\n', "\r\n")));
        out.push((name, text));
    }
    out
}

/// Every integration of the corpus, and its import block, renders byte for byte as written:
/// heredoc bodies in kept items, blank lines wherever `terraform fmt` keeps them, `"key": v`,
/// import blocks with `provider`, comments and their own argument order, CRLF in and out.
#[test]
fn layout_corpus_comes_back_byte_for_byte() {
    let mut checked = 0;
    for (name, text) in layout_corpus() {
        let file = parse(&text);
        assert!(file.diagnostics.is_empty(), "{name}: {:?}", file.diagnostics);
        assert!(!file.integrations.is_empty(), "{name}");
        // Every import block is printed or reported, and only instances.tf has any the
        // model cannot hold.
        let imports = text.lines().filter(|l| *l == "import {").count();
        let held = file.integrations.iter().filter(|p| p.model.import.is_some()).count();
        let reported = file.integrations.iter().flat_map(|p| &p.diagnostics).filter(|d| d.code == "R-IMP-4b").count();
        assert_eq!(imports, held + reported, "{name}");
        assert_eq!(reported > 0, name.starts_with("instances"), "{name}");
        for p in &file.integrations {
            assert!(p.diagnostics.iter().all(|d| d.code == "R-IMP-4b"), "{name}: {:?}", p.diagnostics);
            let doc = document_of(&p.model);
            let written = &text[p.span.start..];
            if !written.starts_with(&doc) {
                let line = doc.lines().zip(written.lines()).position(|(a, b)| a != b).unwrap_or(0);
                panic!(
                    "{name}: {} differs at its line {}:\n  printed {:?}\n  written {:?}\n--- printed ---\n{doc}",
                    p.model.name,
                    line + 1,
                    doc.lines().nth(line),
                    written.lines().nth(line)
                );
            }
            checked += 1;
        }
    }
    assert!(checked >= 16, "{checked}");
}

/// A heredoc's body in a kept item is its value: `"    indented\n      more\n"` stays so (it
/// became `"  indented\n    more\n"`, which changes a request template or a `for_each` key).
#[test]
fn heredoc_bodies_in_kept_items_are_not_reindented() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/layout/heredocs.tf")).expect("corpus");
    let m = model(&text);
    let kept = |name: &str| m.verbatim.iter().find(|v| v.name == name).map(|v| v.text.as_str()).unwrap_or_default();
    assert!(kept("for_each").contains("<<-EOT\n    indented\n      more\n    EOT\n"), "{}", kept("for_each"));
    assert!(kept("request_templates").contains("<<EOT\n    {\n      \"action\": \"${each.key}\"\n    }\nEOT\n"));
    assert!(kept("lifecycle").contains("      The integration needs\n          var.enabled.\n"));
    // A `/* */` comment's lines are the author's too.
    assert!(kept("lifecycle").contains("/* a comment\n         that spans\n       lines */"), "{}", kept("lifecycle"));
    // The lines between tokens lose the item's indentation, as before.
    assert!(kept("lifecycle").starts_with("lifecycle {\n  precondition {\n    condition"), "{}", kept("lifecycle"));
}

/// A CRLF file comes back in CRLF; a file that mixes endings gets the more common one for
/// the lines the builder writes, and a heredoc's own line breaks stay as written.
#[test]
fn line_endings_follow_the_file_and_heredocs_keep_theirs() {
    let lf = "resource \"aws_apigatewayv2_integration\" \"x\" {\n  api_id           = aws_apigatewayv2_api.a.id\n  integration_type = \"MOCK\"\n  description      = <<EOT\n    a\nEOT\n}\n";
    let crlf = lf.replace('\n', "\r\n");
    let m = model(&crlf);
    assert!(m.crlf);
    assert_eq!(resource_of(&m), crlf);
    // A heredoc written with CRLF in an LF file: its body keeps the CR (its value), the
    // lines around it are LF.
    let mixed = lf.replace("    a\n", "    a\r\n");
    let m = model(&mixed);
    assert!(!m.crlf);
    assert_eq!(resource_of(&m), mixed);
    // Mostly CRLF, one LF line (an edit made on another system): all CRLF outside the heredoc.
    let mostly = crlf.replacen("\"MOCK\"\r\n", "\"MOCK\"\n", 1).replace("    a\r\n", "    a\n");
    let m = model(&mostly);
    assert!(m.crlf);
    assert_eq!(resource_of(&m), crlf.replace("    a\r\n", "    a\n"));
    // An import block and several integrations: one file in that ending.
    let two = format!("{crlf}\r\nimport {{\r\n  to = aws_apigatewayv2_integration.x\r\n  id = \"aabbccddee/1122334\"\r\n}}\r\n");
    let models: Vec<Integration> = parse(&two).integrations.into_iter().map(|p| p.model).collect();
    assert_eq!(document_of(&models[0]), two);
    let both = documents_of(&[models[0].clone(), models[0].clone()]);
    assert_eq!(both, format!("{two}\r\n{two}"));
}

/// The builder's own lines collapse around an item that is gone, whatever blank lines the
/// author wrote; those of the items left stay.
#[test]
fn blank_lines_collapse_only_around_what_is_gone() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/layout/blanks.tf")).expect("corpus");
    let m = parse(&text).integrations.remove(0).model;
    let mut gone = m.clone();
    gone.tls_config = None;
    let out = resource_of(&gone);
    assert!(out.contains("    \"append:header.b\" = \"y\" # why\n\n  }\n\n  response_parameters {\n\n    status_code = 500"), "{out}");
    // The first item gone: the blank line after it separated nothing.
    let mut first = m.clone();
    first.api_id = None;
    first.integration_type = None;
    let out = resource_of(&first);
    assert!(out.starts_with("resource \"aws_apigatewayv2_integration\" \"blanks\" {\n\n  integration_method = \"ANY\""), "{out}");
    // The last item gone: the blank lines before it end nothing.
    let mut last = m.clone();
    last.verbatim.clear();
    let out = resource_of(&last);
    assert!(out.ends_with("      \"append:header.b\" = \"y\"\n    }\n  }\n}\n"), "{out}");
    // A block added to a parsed body gets one blank line before it, not two.
    let mut added = m;
    added.request_templates = Some([("application/json", "{}")].into_iter().collect());
    let out = resource_of(&added);
    assert!(out.contains("\n  }\n\n  request_templates = {\n"), "{out}");
    assert!(!out.contains("}\n\n\n  request_templates"), "{out}");
}

/// What an import block the model cannot hold does: it is reported, never dropped silently.
#[test]
fn import_blocks_the_model_cannot_hold_are_reported() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/layout/instances.tf")).expect("corpus");
    let file = parse(&text);
    // Imports into instances name the resource: no false "not in this configuration".
    assert!(file.diagnostics.is_empty(), "{:?}", file.diagnostics);
    let p = &file.integrations[0];
    let lines: Vec<(String, u32)> = p.diagnostics.iter().map(|d| (d.code.clone(), d.pos.map_or(0, |p| p.line))).collect();
    assert_eq!(lines, [("R-IMP-4b".to_string(), 11), ("R-IMP-4b".to_string(), 16)]);
    assert!(p.diagnostics[0].message.contains("an instance of the resource"), "{}", p.diagnostics[0].message);
    assert!(p.model.import.is_none());

    let base = "resource \"aws_apigatewayv2_integration\" \"x\" {\n  api_id           = aws_apigatewayv2_api.a.id\n  integration_type = \"MOCK\"\n  region           = \"eu-west-1\"\n}\n";
    let imp = |body: &str| format!("{base}\nimport {{\n  to = aws_apigatewayv2_integration.x\n{body}}}\n");
    for (body, why) in [
        ("  id = \"${var.api}/${var.integration}\"\n", "not a string literal"),
        ("  id = \"aabbccddee/1122334\"\n", "`@region`"),
        (
            "  identity = {\n    api_id     = \"aabbccddee\"\n    id         = \"1122334\"\n    account_id = \"123456789012\"\n    region     = \"eu-west-1\"\n  }\n",
            "says more",
        ),
        ("  id       = \"aabbccddee/1122334@eu-west-1\"\n  provider = aws.west[0]\n", "provider reference"),
    ] {
        let file = parse(&imp(body));
        let p = &file.integrations[0];
        assert!(p.model.import.is_none(), "{body}");
        assert!(p.diagnostics.iter().any(|d| d.code == "R-IMP-4b" && d.message.contains(why)), "{body}: {:?}", p.diagnostics);
    }
    // A second block for the same address: Terraform rejects it, and the first one is read.
    let twice = format!(
        "{}\nimport {{\n  to = aws_apigatewayv2_integration.x\n  id = \"aabbccddee/7654321@eu-west-1\"\n}}\n",
        imp("  id = \"aabbccddee/1122334@eu-west-1\"\n")
    );
    let p = parse(&twice).integrations.remove(0);
    assert_eq!(p.model.import.as_ref().map(|t| t.integration_id.as_str()), Some("1122334"));
    assert_eq!(p.diagnostics.iter().map(|d| d.code.as_str()).collect::<Vec<_>>(), ["R-IMP-1d"]);
    // An id the provider rejects is still read (R-IMP-1 says what is wrong with it).
    let bad = parse(&imp("  id = \"aabbccddee\"\n")).integrations.remove(0);
    assert_eq!(bad.model.import.as_ref().map(|t| t.api_id.as_str()), Some("aabbccddee"));
    assert!(bad.diagnostics.is_empty(), "{:?}", bad.diagnostics);
}

/// An import block's provider and comments come from the JSON model too, checked: a provider
/// that is not a reference withholds the output; a comment that is not one is reported.
#[test]
fn import_provider_and_comments_from_json_are_checked() {
    let mut m = model(&fixture("basic"));
    m.import = Some(ImportTarget {
        api_id: "aabbccddee".into(),
        integration_id: "1122334".into(),
        provider: Some("aws.west".into()),
        ..ImportTarget::default()
    });
    assert_eq!(
        rendered(&m).import_block.as_deref(),
        Some(
            "import {\n  to       = aws_apigatewayv2_integration.example\n  id       = \"aabbccddee/1122334\"\n  provider = aws.west\n}\n"
        )
    );
    m.import.as_mut().expect("import").provider = Some("aws.west\n}\nresource \"aws_iam_user\" \"x\" {".into());
    let withheld = apigw_integration_core::render(&m).expect_err("withheld");
    assert!(withheld.iter().any(|d| d.code == "R-EMIT-1" && d.message.contains("provider reference")), "{withheld:?}");
    let t = m.import.as_mut().expect("import");
    t.provider = None;
    t.layout = Some(vec![LayoutItem::Comment("# x\n}\nresource \"aws_iam_user\" \"x\" {".into()), LayoutItem::Attr("to".into())]);
    let codes: Vec<String> = apigw_integration_core::validate(&m).into_iter().map(|d| d.code).collect();
    assert!(codes.contains(&"R-HCL-10".to_string()), "{codes:?}");
    assert!(apigw_integration_core::render(&m).is_err());
}
