//! Cases found by attacking issue 25's changes (known-only premises, safe fixes, inert
//! output, bounded work): each one failed before its fix.
#![cfg(not(target_arch = "wasm32"))]

use apigw_integration_core::Severity;
use apigw_integration_core::check::check_sources;
use apigw_integration_core::model::Protocol;

const H: Option<Protocol> = Some(Protocol::Http);
const W: Option<Protocol> = Some(Protocol::WebSocket);
const U: Option<Protocol> = None;

/// An integration with this body.
fn resource(body: &str) -> String {
    format!("resource \"aws_apigatewayv2_integration\" \"x\" {{\n  api_id = var.api_id\n{body}\n}}\n")
}

/// The findings above `info`, as `CODE path: message`.
fn loud(src: &str, protocol: Option<Protocol>) -> Vec<String> {
    check_sources(&[src], protocol)
        .findings
        .into_iter()
        .filter(|f| f.diagnostic.severity != Severity::Info)
        .map(|f| format!("{} {}: {}", f.diagnostic.code, f.diagnostic.path, f.diagnostic.message))
        .collect()
}

/// Every code reported, infos included.
fn codes(src: &str, protocol: Option<Protocol>) -> Vec<String> {
    check_sources(&[src], protocol).findings.into_iter().map(|f| f.diagnostic.code).collect()
}

/// `qualified_invoke_arn` is the invocation URI of a published version: what both
/// protocols take (the provider documents it for API Gateway's `uri`).
#[test]
fn a_qualified_invoke_arn_is_an_invocation_uri() {
    for uri in
        ["aws_lambda_function.f.qualified_invoke_arn", "aws_lambda_function.f[0].qualified_invoke_arn", "aws_lambda_alias.live.invoke_arn"]
    {
        let proxy = resource(&format!("  integration_type = \"AWS_PROXY\"\n  integration_uri = {uri}\n  payload_format_version = \"1.0\""));
        for p in [U, H, W] {
            assert_eq!(loud(&proxy, p), Vec::<String>::new(), "{uri} under {p:?}");
        }
        let aws = resource(&format!("  integration_type = \"AWS\"\n  integration_uri = {uri}\n  integration_method = \"POST\""));
        for p in [U, W] {
            assert_eq!(loud(&aws, p), Vec::<String>::new(), "AWS {uri} under {p:?}");
        }
    }
    // What is not an invocation URI is still said.
    let arn =
        resource("  integration_type = \"AWS\"\n  integration_uri = aws_lambda_function.f.qualified_arn\n  integration_method = \"POST\"");
    assert!(codes(&arn, W).contains(&"R-URI-2".to_string()));
}

/// A value read from a parameter, an export or another resource's attribute may hold a
/// Lambda ARN: its resource type says nothing about what it points at. Only a resource's
/// own `arn` or `id` is known not to be a Lambda function.
#[test]
fn a_value_read_from_a_parameter_may_be_a_lambda_arn() {
    for uri in [
        "data.aws_ssm_parameter.fn.value",
        "data.aws_ssm_parameter.fn.insecure_value",
        "data.aws_cloudformation_export.fn.value",
        "aws_lambda_function_url.u.function_arn",
        "data.aws_arn.fn.arn",
        "aws_lambda_alias.live.function_name",
        "aws_lambda_alias.live.id",
    ] {
        let proxy = resource(&format!("  integration_type = \"AWS_PROXY\"\n  integration_uri = {uri}\n  payload_format_version = \"1.0\""));
        for p in [U, H] {
            assert_eq!(loud(&proxy, p), Vec::<String>::new(), "{uri} under {p:?}");
        }
    }
    for uri in ["data.aws_ssm_parameter.fn.value", "data.aws_cloudformation_export.fn.value", "aws_lambda_function_url.u.function_arn"] {
        // Under WebSocket the value may be a Lambda invocation URI: no method or role to demand.
        let aws = resource(&format!("  integration_type = \"AWS\"\n  integration_uri = {uri}"));
        let found = loud(&aws, W);
        assert!(
            !found.iter().any(|f| f.starts_with("R-METH-1") || f.starts_with("R-CRED-2b") || f.starts_with("R-URI")),
            "{uri}: {found:?}"
        );
        let proxy = resource(&format!("  integration_type = \"AWS_PROXY\"\n  integration_uri = {uri}"));
        assert_eq!(loud(&proxy, W), Vec::<String>::new(), "{uri} under WebSocket");
    }
    // A resource's own ARN or id is what it is, and a function's name is no ARN.
    for uri in ["aws_sqs_queue.q.arn", "aws_sfn_state_machine.s.id", "aws_lambda_function.f.function_name"] {
        let proxy = resource(&format!("  integration_type = \"AWS_PROXY\"\n  integration_uri = {uri}\n  payload_format_version = \"1.0\""));
        assert!(codes(&proxy, H).contains(&"R-URI-1".to_string()), "{uri}");
        assert!(codes(&proxy, W).contains(&"R-URI-2".to_string()), "{uri}");
    }
    let service = resource("  integration_type = \"AWS\"\n  integration_uri = aws_sqs_queue.q.arn");
    assert!(codes(&service, W).contains(&"R-METH-1".to_string()));
}

/// `passthrough_behavior` has a consequence on an HTTP API only when its value is not the
/// provider's default: a computed value may well be `WHEN_NO_MATCH` (a module's
/// `coalesce(var.passthrough_behavior, "WHEN_NO_MATCH")`), so it is silent; and the
/// default itself is no sign of a WebSocket API (the provider sends it for every API).
#[test]
fn a_computed_passthrough_behavior_is_not_judged_on_an_http_api() {
    let http = "  integration_type = \"HTTP_PROXY\"\n  integration_uri = \"https://example.com\"\n  integration_method = \"ANY\"";
    for pb in ["coalesce(var.passthrough_behavior, \"WHEN_NO_MATCH\")", "upper(var.passthrough_behavior)", "\"WHEN_NO_MATCH\""] {
        let src = resource(&format!("{http}\n  passthrough_behavior = {pb}"));
        assert_eq!(loud(&src, H), Vec::<String>::new(), "{pb}");
    }
    let never = resource(&format!("{http}\n  passthrough_behavior = \"NEVER\""));
    assert!(codes(&never, H).contains(&"R-WSO-2".to_string()));
    // The protocol hint: the default says nothing about the protocol.
    let lambda = resource(
        "  integration_type = \"AWS_PROXY\"\n  integration_uri = aws_lambda_function.f.invoke_arn\n  passthrough_behavior = \"WHEN_NO_MATCH\"",
    );
    let notes: Vec<String> = check_sources(&[&lambda], U)
        .findings
        .into_iter()
        .filter(|f| f.diagnostic.code == "R-PROTO-1")
        .map(|f| f.diagnostic.message)
        .collect();
    assert_eq!(notes.len(), 1);
    assert!(!notes[0].contains("looks like"), "{}", notes[0]);
    let ws = resource(
        "  integration_type = \"AWS_PROXY\"\n  integration_uri = aws_lambda_function.f.invoke_arn\n  passthrough_behavior = \"NEVER\"",
    );
    let notes: Vec<String> =
        check_sources(&[&ws], U).findings.into_iter().filter(|f| f.diagnostic.code == "R-PROTO-1").map(|f| f.diagnostic.message).collect();
    assert!(notes[0].contains("looks like a WEBSOCKET API"), "{}", notes[0]);
}

/// The provider sends an argument only when it is not its type's zero value (`d.GetOk`):
/// an empty `request_templates` map or an empty `template_selection_expression` never
/// reaches an HTTP API, and an empty `integration_uri` never reaches AWS, so there is
/// nothing to reject and no drift.
#[test]
fn what_the_provider_never_sends_is_not_judged() {
    let http = "  integration_type = \"HTTP_PROXY\"\n  integration_uri = \"https://example.com\"\n  integration_method = \"ANY\"";
    for extra in ["request_templates = {}", "template_selection_expression = \"\"", "request_templates = { for k, v in {} : k => v }"] {
        let src = resource(&format!("{http}\n  {extra}"));
        assert_eq!(loud(&src, H), Vec::<String>::new(), "{extra}");
    }
    let mock = resource("  integration_type = \"MOCK\"\n  integration_uri = \"\"");
    assert_eq!(loud(&mock, W), Vec::<String>::new());
    let sqs = resource(
        "  integration_type = \"AWS_PROXY\"\n  integration_subtype = \"SQS-SendMessage\"\n  credentials_arn = aws_iam_role.r.arn\n  integration_uri = \"\"\n  request_parameters = {\n    QueueUrl = var.q\n    MessageBody = \"$request.body\"\n  }",
    );
    assert_eq!(loud(&sqs, H), Vec::<String>::new());
    // The provider's ARN check passes `""`, and sends no role: the role is missing.
    let no_role = sqs.replace("credentials_arn = aws_iam_role.r.arn", "credentials_arn = \"\"");
    assert_eq!(
        codes(&no_role, H).iter().filter(|c| c.starts_with("R-SCH-5") || c.starts_with("R-CRED-2")).collect::<Vec<_>>(),
        ["R-CRED-2"]
    );
    // An HTTP integration with an empty URI has none: said once, by the rule that needs it.
    let empty = resource(&http.replace("\"https://example.com\"", "\"\""));
    assert_eq!(codes(&empty, H).iter().filter(|c| c.starts_with("R-URI") || c.starts_with("R-LEN")).collect::<Vec<_>>(), ["R-URI-4"]);
    // What is sent is still judged.
    let src =
        resource(&format!("{http}\n  request_templates = {{ \"application/json\" = \"\" }}\n  template_selection_expression = \"x\""));
    let found = codes(&src, H);
    assert!(found.contains(&"R-WSO-3".to_string()) && found.contains(&"R-WSO-4".to_string()), "{found:?}");
}

/// A `for` expression or a template's `for` directive names its own variables, and
/// `route`, `request` or `method` are natural names for them: `${route.path}` there is
/// Terraform's interpolation of the loop's variable, not an unescaped API Gateway
/// variable. It is not reported, and --fix does not rewrite the expression.
#[test]
fn a_for_variable_named_like_an_api_gateway_variable_is_terraform_s() {
    let http = "  integration_type = \"HTTP_PROXY\"\n  integration_method = \"ANY\"";
    for uri in [
        "join(\"\", [for route in var.routes : \"${route.url}\"])",
        "\"%{for request in var.requests}${request.url}%{endfor}\"",
        "one([for k, method in var.m : \"https://${method.host}\" if k == \"a\"])",
    ] {
        let src = resource(&format!("{http}\n  integration_uri = {uri}"));
        for p in [U, H, W] {
            assert!(!codes(&src, p).contains(&"R-HCL-1".to_string()), "{uri} under {p:?}");
        }
        let fixed = apigw_integration_core::check::fix_module(&[&src], H, &[], &|_, _, _| true);
        assert!(fixed.iter().all(|f| f.applied.is_empty()), "{uri}: {fixed:?}");
    }
    // A live API Gateway variable beside a loop that binds another name is still one.
    let src = resource(&format!("{http}\n  integration_uri = {}", r#""https://x/${request.path}/${join("", [for r in var.x : r])}""#));
    assert!(codes(&src, H).contains(&"R-HCL-1".to_string()), "{src}");
}

mod cli {
    use std::path::{Path, PathBuf};
    use std::process::{Command, Output};

    fn run(args: &[&str]) -> Output {
        // Outside GitHub Actions: what a runner reads when the variable is not passed on.
        Command::new(env!("CARGO_BIN_EXE_apigw-integration")).args(args).env_remove("GITHUB_ACTIONS").output().expect("run CLI")
    }

    /// A fresh directory under target/ with the given files (names and contents as bytes).
    fn dir(name: &str, files: &[(&str, &[u8])]) -> PathBuf {
        let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).expect("mkdir");
        for (path, bytes) in files {
            std::fs::write(d.join(path), bytes).expect("write");
        }
        d
    }

    const FIXABLE: &str = "resource \"aws_apigatewayv2_integration\" \"x\" {\n\tapi_id = var.api_id\n\tintegration_type = \"HTTP_PROXY\"\n\tintegration_uri = \"https://example.com\"\n\tintegration_method = \"ANY\"\n\tpassthrough_behavior = \"NEVER\"\n\tdescription = \"a\tb\"\n}\n";

    /// `--diff` prints what `--fix` writes, as a patch that applies: a tab is a tab (it
    /// was `\u{9}`, and no file indented with tabs could be patched), and so is the
    /// byte-order mark a file starts with.
    #[test]
    fn the_diff_of_a_file_with_tabs_or_a_bom_is_a_patch() {
        let bom = "\u{feff}resource \"aws_apigatewayv2_integration\" \"y\" {\n  passthrough_behavior = \"NEVER\"\n  api_id = var.api_id\n  integration_type = \"HTTP_PROXY\"\n  integration_uri = \"https://example.com\"\n  integration_method = \"ANY\"\n}\n";
        let d = dir("review_diff_tabs", &[("tabs.tf", FIXABLE.as_bytes()), ("bom.tf", bom.as_bytes())]);
        let o = run(&["check", "--protocol", "http", "--diff", d.to_str().expect("utf8")]);
        let diff = String::from_utf8(o.stdout).expect("utf8");
        assert!(!diff.contains("\\u{"), "{diff}");
        assert!(diff.contains("\n-\tpassthrough_behavior = \"NEVER\"\n"), "{diff}");
        assert!(diff.contains("\n \tdescription = \"a\tb\"\n"), "{diff}");
        assert!(diff.contains("\n \u{feff}resource"), "{diff}");
        // Applied to the files, the patch gives what --fix writes.
        let copy = dir("review_diff_tabs_fixed", &[("tabs.tf", FIXABLE.as_bytes()), ("bom.tf", bom.as_bytes())]);
        let o = run(&["check", "--protocol", "http", "--fix", copy.to_str().expect("utf8")]);
        assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
        for name in ["tabs.tf", "bom.tf"] {
            let old = std::fs::read_to_string(d.join(name)).expect("read");
            let fixed = std::fs::read_to_string(copy.join(name)).expect("read");
            assert_eq!(patched(&old, &diff, name), fixed, "{name}");
        }
    }

    /// The file `name`'s hunks of a unified diff applied to `old` (the hunks are in order and
    /// their context is checked).
    fn patched(old: &str, diff: &str, name: &str) -> String {
        let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
        let mut out = String::new();
        let mut at = 0;
        let mut lines =
            diff.split_inclusive('\n').skip_while(|l| !l.starts_with("--- ") || !l.trim_end().ends_with(name)).skip(2).peekable();
        while let Some(l) = lines.next() {
            if l.starts_with("--- ") {
                break;
            }
            let Some(head) = l.strip_prefix("@@ -") else { continue };
            // `@@ -START,OLD +START,NEW @@`: the hunk holds OLD lines of the old file and NEW of the new.
            let numbers: Vec<usize> = head.split([',', ' ', '+']).filter_map(|n| n.parse().ok()).collect();
            let (start, mut old_left, mut new_left) = (numbers[0], numbers[1], numbers[3]);
            while at + 1 < start {
                out.push_str(old_lines[at]);
                at += 1;
            }
            while old_left + new_left > 0 || lines.peek().is_some_and(|l| l.starts_with('\\')) {
                let l = lines.next().expect("hunk line");
                let (op, text) = l.split_at(1);
                match op {
                    " " => (old_left, new_left) = (old_left - 1, new_left - 1),
                    "-" => old_left -= 1,
                    "+" => new_left -= 1,
                    _ => {}
                }
                match op {
                    " " | "-" => {
                        assert_eq!(old_lines[at].trim_end_matches('\n'), text.trim_end_matches('\n'), "context of {name}");
                        if op == " " {
                            out.push_str(old_lines[at]);
                        }
                        at += 1;
                    }
                    "+" => out.push_str(text),
                    _ => {}
                }
            }
        }
        for l in &old_lines[at..] {
            out.push_str(l);
        }
        out
    }

    /// A file name in a `--diff` header is shown like any other name: no `##[` of it reaches
    /// the output, with or without GITHUB_ACTIONS.
    #[test]
    fn a_file_name_in_a_diff_header_is_escaped() {
        let d = dir("review_diff_name", &[("b##[error]forged.tf", FIXABLE.as_bytes())]);
        for actions in [false, true] {
            let mut c = Command::new(env!("CARGO_BIN_EXE_apigw-integration"));
            c.args(["check", "--protocol", "http", "--diff", d.to_str().expect("utf8")]);
            if actions {
                c.env("GITHUB_ACTIONS", "true");
            } else {
                c.env_remove("GITHUB_ACTIONS");
            }
            let o = c.output().expect("run CLI");
            let all = format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
            assert!(!all.contains("##["), "{all}");
            assert!(all.contains("--- a/"), "{all}");
        }
    }
}

/// `--fix` over many blocks of one file: each edited block is put back at its place and
/// everything between them stays (the file is put together once: it was copied whole per
/// block, quadratic in the file; `cargo bench --bench scale -- fix`).
#[test]
fn many_fixed_blocks_of_one_file_keep_everything_between_them() {
    let block = |k: usize, body: &str| format!("resource \"aws_apigatewayv2_integration\" \"r{k}\" {{\n{body}}}\n");
    let fixable = "  api_id               = var.api_id\n  integration_type     = \"HTTP_PROXY\"\n  integration_uri      = \"https://example.com\"\n  integration_method   = \"ANY\"\n  passthrough_behavior = \"NEVER\"\n";
    let fixed = "  api_id             = var.api_id\n  integration_type   = \"HTTP_PROXY\"\n  integration_uri    = \"https://example.com\"\n  integration_method = \"ANY\"\n";
    let one_line = "resource \"aws_apigatewayv2_integration\" \"one\" { passthrough_behavior = \"NEVER\" }\n";
    let mut src = String::from("# head\n");
    let mut want = src.clone();
    for k in 0..300 {
        let between = format!("\n# between {k}\nlocals {{\n  l{k} = {k}\n}}\n\n");
        src.push_str(&block(k, fixable));
        want.push_str(&block(k, fixed));
        if k == 150 {
            src.push_str(one_line);
            want.push_str(one_line);
        }
        src.push_str(&between);
        want.push_str(&between);
    }
    let out = apigw_integration_core::check::fix_module(&[&src], H, &[], &|_, _, _| true);
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].text, want);
    assert_eq!(out[0].applied.len(), 300);
    assert_eq!(out[0].applied[0].0, "aws_apigatewayv2_integration.r0");
    assert_eq!(out[0].withheld.len(), 1, "{:?}", out[0].withheld);
    assert_eq!(out[0].withheld[0].0, "aws_apigatewayv2_integration.one");
}

/// A `response_parameters` block whose `mappings` is computed (`var.mappings`, `merge(…)`, a
/// `for`, a key with an interpolation) has its mappings: no "mappings is required" error,
/// and `render` keeps the block as written instead of printing it without them.
#[test]
fn computed_response_mappings_are_kept_not_dropped() {
    for mappings in [
        "var.mappings",
        "merge(var.m, { \"overwrite:statuscode\" = \"204\" })",
        "{ for k, v in var.m : k => v }",
        "{ \"append:header.x-${var.h}\" = \"x\" }",
    ] {
        let src = resource(&format!(
            "  integration_type = \"HTTP_PROXY\"\n  integration_uri = \"https://example.com\"\n  integration_method = \"ANY\"\n\n  response_parameters {{\n    status_code = 500\n    mappings    = {mappings}\n  }}"
        ));
        for p in [U, H] {
            assert_eq!(loud(&src, p), Vec::<String>::new(), "{mappings} under {p:?}");
        }
        // The block is there: on a WebSocket API that is still an error.
        assert!(codes(&src, W).contains(&"R-HTO-1".to_string()), "{mappings}");
        let checked = check_sources(&[&src], H);
        let models: Vec<_> = checked.files.iter().flat_map(|f| &f.integrations).map(|p| p.model.clone()).collect();
        let out = apigw_integration_core::render_all(&models).expect("rendered");
        assert!(
            out.contains(&format!("mappings    = {mappings}")) || out.contains(&format!("mappings = {mappings}")),
            "{mappings}:\n{out}"
        );
    }
}
