//! Saved plans (`check --plan`, the paste) and variable values (`check --var`,
//! `--var-file`), through the command line, on the hand-written plans of
//! crates/core/tests/fixtures/plans (Terraform's JSON output format, format_version 1.2).
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_apigw-integration")).args(args).output().expect("run CLI")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/tests/fixtures/plans")
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf8")
}

/// A plan file under target/ with the given text.
fn plan_file(name: &str, text: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join("plans");
    std::fs::create_dir_all(&d).expect("mkdir");
    let p = d.join(name);
    std::fs::write(&p, text).expect("write");
    p
}

/// The findings of `check --format json`, as (resource, code, path).
fn findings(o: &Output) -> Vec<(String, String, String)> {
    let v: serde_json::Value = serde_json::from_str(&stdout(o)).expect("JSON findings");
    v.as_array()
        .expect("an array")
        .iter()
        .map(|f| {
            (f["resource"].as_str().unwrap().to_string(), f["code"].as_str().unwrap().to_string(), f["path"].as_str().unwrap().to_string())
        })
        .collect()
}

#[test]
fn the_plan_finds_what_the_configuration_hides_behind_variables() {
    let app = fixtures().join("app");
    // The configuration alone: every value the rules need is a variable or each.value.
    let o = run(&["check", s(&app)]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(!stdout(&o).contains("error["), "{}", stdout(&o));
    // Its plan: the planned values, placed by address and in the module's file.
    let plan = app.join("plan.json");
    let o = run(&["check", "--plan", s(&plan), s(&app)]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    let main = app.join("main.tf");
    let svc = app.join("modules/svc/main.tf");
    for want in [
        format!(
            "{}:49:3: error[R-TMO-1] aws_apigatewayv2_integration.mock[0].timeout_milliseconds: timeout_milliseconds 30000 is out of range: WebSocket APIs",
            main.display()
        ),
        format!("{}:49:3: error[R-TMO-1] aws_apigatewayv2_integration.mock[1].timeout_milliseconds: ", main.display()),
        format!(
            "{}:17:3: error[R-TYPE-1] module.orders.aws_apigatewayv2_integration.this[\"create\"].integration_type: `AWS` is supported only for WebSocket APIs",
            svc.display()
        ),
        format!(
            "{}:20:3: error[R-TMO-1] module.orders.aws_apigatewayv2_integration.this[\"list\"].timeout_milliseconds: timeout_milliseconds 40000 is out of range: HTTP APIs",
            svc.display()
        ),
    ] {
        assert!(out.lines().any(|l| l.starts_with(&want)), "no line starting {want:?} in\n{out}");
    }
    // Unknown values (api_id, the Lambda's invoke ARN) are silent; the protocol is known for all.
    assert!(!out.contains("aws_apigatewayv2_integration.fn.integration_uri") && !out.contains("api_id:"), "{out}");
    assert!(!out.contains("R-PROTO-1"), "{out}");
    assert!(stderr(&o).contains("5 integration(s): 5 error(s), 1 warning(s)"), "{}", stderr(&o));
    // Without PATH, the configuration is looked for beside the plan: the same places.
    let beside = run(&["check", "--plan", s(&plan)]);
    assert_eq!(stdout(&beside), out);
    // From standard input, with the directory given.
    let mut child = Command::new(env!("CARGO_BIN_EXE_apigw-integration"))
        .args(["check", "--plan", "-", s(&app)])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    std::io::Write::write_all(&mut child.stdin.take().expect("stdin"), &std::fs::read(&plan).expect("read")).expect("write");
    let piped = child.wait_with_output().expect("wait");
    assert_eq!(stdout(&piped), out);
}

#[test]
fn a_valid_plan_finds_nothing() {
    // Modules two deep (the API passed down as a variable), count and for_each instances,
    // values known only after apply, provider defaults the configuration does not write.
    let o = run(&["check", "--format", "json", "--plan", s(&fixtures().join("valid.json"))]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(findings(&o), vec![]);
    assert!(stderr(&o).contains("checked plan") && stderr(&o).contains("3 integration(s): 0 error(s), 0 warning(s)"), "{}", stderr(&o));
    // Existing resources (no-op): the API found by its planned id; a deleted integration
    // is not checked; a plan without planned_values is read from resource_changes.
    let o = run(&["check", "--format", "json", "--plan", s(&fixtures().join("existing.json"))]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(findings(&o).iter().filter(|f| f.1 != "R-CRED-3").count(), 0, "{}", stdout(&o));
    assert!(stderr(&o).contains("1 integration(s)"), "{}", stderr(&o));
}

/// A plan of one integration of an HTTP API, with `after` and `after_unknown` as given, and
/// the configuration writing `written`.
fn one_integration(after: &str, unknown: &str, written: &[&str]) -> String {
    let expressions: Vec<String> = written.iter().map(|w| format!("\"{w}\": {{\"references\": [\"var.x\"]}}")).collect();
    format!(
        r#"{{"format_version": "1.2", "resource_changes": [
  {{"address": "aws_apigatewayv2_api.a", "mode": "managed", "type": "aws_apigatewayv2_api", "name": "a",
    "change": {{"actions": ["create"], "before": null, "after": {{"protocol_type": "HTTP", "name": "a"}}, "after_unknown": {{"id": true}}}}}},
  {{"address": "aws_apigatewayv2_integration.i", "mode": "managed", "type": "aws_apigatewayv2_integration", "name": "i",
    "change": {{"actions": ["create"], "before": null, "after": {after}, "after_unknown": {unknown}}}}}],
 "configuration": {{"root_module": {{"resources": [
  {{"address": "aws_apigatewayv2_integration.i", "mode": "managed", "type": "aws_apigatewayv2_integration", "name": "i",
    "expressions": {{"api_id": {{"references": ["aws_apigatewayv2_api.a.id", "aws_apigatewayv2_api.a"]}}, {}}}}}]}}}}}}"#,
        expressions.join(", ")
    )
}

#[test]
fn values_known_only_after_apply_stay_silent() {
    let written = ["integration_type", "integration_uri", "integration_method", "timeout_milliseconds", "request_parameters"];
    let after = r#"{"integration_type": "HTTP_PROXY", "integration_method": "GET", "connection_type": "INTERNET", "payload_format_version": "1.0", "passthrough_behavior": "WHEN_NO_MATCH", "request_parameters": {"overwrite:header.x-a": "static"}, "response_parameters": [], "tls_config": []}"#;
    let unknown = r#"{"api_id": true, "id": true, "integration_uri": true, "timeout_milliseconds": true, "request_parameters": {"append:header.x-b": true}}"#;
    let plan = plan_file("unknowns.json", &one_integration(after, unknown, &written));
    let o = run(&["check", "--format", "json", "--plan", s(&plan)]);
    assert_eq!(findings(&o), vec![], "{}", stderr(&o));
    assert_eq!(o.status.code(), Some(0));
    // A whole map and whole blocks known only after apply: no note that they cannot be
    // checked (the plan says so itself), and no rule reads them.
    let whole = r#"{"api_id": true, "id": true, "integration_uri": true, "request_parameters": true, "response_parameters": true, "tls_config": true}"#;
    let plan = plan_file("whole.json", &one_integration(after, whole, &written));
    let o = run(&["check", "--format", "json", "--plan", s(&plan)]);
    assert_eq!(findings(&o), vec![], "{}", stderr(&o));
    // The same integration with integration_uri known to be null is an error (the
    // neighbour that shows the unknown one was not read as absent).
    let after_null = after.replace("\"integration_method\"", "\"integration_uri\": null, \"integration_method\"");
    let plan = plan_file("null-uri.json", &one_integration(&after_null, r#"{"api_id": true}"#, &written));
    let o = run(&["check", "--format", "json", "--plan", s(&plan)]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(findings(&o).iter().any(|f| f.2 == "integration_uri"), "{}", stdout(&o));
}

/// Values the plan hides are not judged: an `after_unknown` of `true` (the whole object),
/// an attribute Terraform left out of `after` (it leaves out the unknown ones), whatever
/// shape marks a scalar, and sensitive values (`after_sensitive`), which no message may
/// quote (a plan's JSON holds them in clear; a redacted one holds something else).
#[test]
fn hidden_and_sensitive_values_are_not_judged() {
    let written = ["integration_type", "integration_uri", "integration_method", "credentials_arn"];
    let after = r#"{"integration_type": "HTTP_PROXY", "integration_method": "ANY"}"#;
    for (name, unknown) in [
        ("whole.json", "true"),
        ("left-out.json", r#"{"api_id": true}"#),
        ("odd-mark.json", r#"{"api_id": true, "integration_uri": [true]}"#),
    ] {
        let o = run(&["check", "--format", "json", "--plan", s(&plan_file(name, &one_integration(after, unknown, &written)))]);
        assert_eq!(findings(&o), vec![], "{name}: {}", stderr(&o));
        assert_eq!(o.status.code(), Some(0), "{name}");
    }
    let secret = r#"{"integration_type": "HTTP_PROXY", "integration_method": "ANY", "integration_uri": "ftp://hunter2.internal", "credentials_arn": "hunter2"}"#;
    // Not marked: judged, and quoted (the neighbour that shows the marks are what silence it).
    let o = run(&["check", "--plan", s(&plan_file("clear.json", &one_integration(secret, r#"{"api_id": true}"#, &written)))]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stdout(&o).contains("hunter2"), "{}", stdout(&o));
    let marked = r#"{"api_id": true}, "after_sensitive": {"integration_uri": true, "credentials_arn": true}"#;
    let plan = plan_file("sensitive.json", &one_integration(secret, marked, &written));
    for format in ["text", "json", "sarif", "github"] {
        let o = run(&["check", "--format", format, "--plan", s(&plan)]);
        assert_eq!(o.status.code(), Some(0), "{format}: {}", stdout(&o));
        assert!(!stdout(&o).contains("hunter2") && !stderr(&o).contains("hunter2"), "{format}: {}{}", stdout(&o), stderr(&o));
    }
    // A sensitive null (a redacted plan may write one) is not "missing" either.
    let null_uri = r#"{"integration_type": "HTTP_PROXY", "integration_method": "ANY", "integration_uri": null}"#;
    let o = run(&[
        "check",
        "--plan",
        s(&plan_file(
            "sensitive-null.json",
            &one_integration(null_uri, r#"{"api_id": true}, "after_sensitive": {"integration_uri": true}"#, &written),
        )),
    ]);
    assert_eq!((o.status.code(), stdout(&o)), (Some(0), String::new()), "{}", stderr(&o));
    // The paste says which values were sensitive, and shows none of them.
    let taken = apigw_integration_core::workspace::take(&std::fs::read_to_string(&plan).expect("read"), &Default::default(), None);
    assert!(taken.summary.contains("2 values are sensitive, shown as `sensitive_value.…` and not checked"), "{}", taken.summary);
    let ws = apigw_integration_core::workspace::Workspace { items: taken.added, selected: 0, companions: Default::default() };
    let hcl = ws.render().expect("renders");
    assert!(!hcl.contains("hunter2") && hcl.contains("sensitive_value.credentials_arn"), "{hcl}");
}

#[test]
fn the_protocol_follows_the_references_it_can() {
    // Two instances of a counted WebSocket API, selected by count.index: both WEBSOCKET.
    let after = r#"{"integration_type": "MOCK", "timeout_milliseconds": 30000, "response_parameters": [], "tls_config": []}"#;
    let text = one_integration(after, r#"{"api_id": true}"#, &["integration_type", "timeout_milliseconds"])
        .replace(
            r#""name": "a",
    "change": {"actions": ["create"], "before": null, "after": {"protocol_type": "HTTP", "name": "a"}"#,
            r#""name": "a", "index": 0,
    "change": {"actions": ["create"], "before": null, "after": {"protocol_type": "WEBSOCKET", "name": "a"}"#,
        )
        .replace(
            r#""address": "aws_apigatewayv2_api.a", "mode""#,
            r#""address": "aws_apigatewayv2_api.a[1]", "mode": "managed", "type": "aws_apigatewayv2_api", "name": "a", "index": 1,
    "change": {"actions": ["create"], "before": null, "after": {"protocol_type": "WEBSOCKET"}, "after_unknown": {"id": true}}},
  {"address": "aws_apigatewayv2_api.a[0]", "mode""#,
        );
    let counted =
        text.replace(r#"["aws_apigatewayv2_api.a.id", "aws_apigatewayv2_api.a"]"#, r#"["aws_apigatewayv2_api.a", "count.index"]"#);
    let o = run(&["check", "--format", "json", "--plan", s(&plan_file("counted.json", &counted))]);
    assert_eq!(findings(&o).into_iter().map(|f| f.1).collect::<Vec<_>>(), vec!["R-TMO-1".to_string()], "{}", stderr(&o));
    // A reference that may pick another value (each.value) leaves the protocol unknown.
    let other = text.replace(
        r#"["aws_apigatewayv2_api.a.id", "aws_apigatewayv2_api.a"]"#,
        r#"["aws_apigatewayv2_api.a.id", "aws_apigatewayv2_api.a", "each.value"]"#,
    );
    let o = run(&["check", "--format", "json", "--plan", s(&plan_file("other.json", &other))]);
    assert_eq!(findings(&o).into_iter().map(|f| f.1).collect::<Vec<_>>(), vec!["R-PROTO-1".to_string()], "{}", stderr(&o));
}

#[test]
fn defaults_the_configuration_does_not_write_are_not_the_authors() {
    // passthrough_behavior is WHEN_NO_MATCH by the provider's default: on an HTTP API, the
    // rule about it (R-WSO-2b) is for an author who wrote it, and is silent here.
    let after = r#"{"integration_type": "HTTP_PROXY", "integration_uri": "https://example.com", "integration_method": "ANY", "passthrough_behavior": "WHEN_NO_MATCH", "timeout_milliseconds": 30000, "response_parameters": [], "tls_config": []}"#;
    let unwritten = plan_file(
        "default.json",
        &one_integration(after, r#"{"api_id": true}"#, &["integration_type", "integration_uri", "integration_method"]),
    );
    let o = run(&["check", "--format", "json", "--plan", s(&unwritten)]);
    assert_eq!(findings(&o), vec![], "{}", stderr(&o));
    let written = plan_file(
        "written.json",
        &one_integration(
            after,
            r#"{"api_id": true}"#,
            &["integration_type", "integration_uri", "integration_method", "passthrough_behavior"],
        ),
    );
    let o = run(&["check", "--format", "json", "--plan", s(&written)]);
    assert_eq!(findings(&o).into_iter().map(|f| f.1).collect::<Vec<_>>(), vec!["R-WSO-2b".to_string()]);
}

#[test]
fn every_format_carries_the_address() {
    let plan = fixtures().join("app/plan.json");
    let address = "module.orders.aws_apigatewayv2_integration.this[\"list\"]";
    let o = run(&["check", "--format", "json", "--plan", s(&plan)]);
    assert!(findings(&o).iter().any(|f| f.0 == address && f.1 == "R-TMO-1"), "{}", stdout(&o));
    let o = run(&["check", "--format", "sarif", "--plan", s(&plan)]);
    let sarif: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("SARIF");
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    let r = results
        .iter()
        .find(|r| r["message"]["text"].as_str().unwrap().starts_with(&format!("{address}.timeout_milliseconds: ")))
        .expect("the address in a SARIF message");
    assert_eq!(r["locations"][0]["physicalLocation"]["region"]["startLine"], 20);
    assert!(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap().ends_with("app/modules/svc/main.tf"));
    let o = run(&["check", "--format", "github", "--plan", s(&plan)]);
    assert!(
        stdout(&o).lines().any(|l| l.starts_with("::error file=")
            && l.contains(",line=20,")
            && l.contains(&format!("::{address}.timeout_milliseconds: "))),
        "{}",
        stdout(&o)
    );
}

#[test]
fn plan_output_stays_inert() {
    // A hostile address (a newline and a workflow command) is printed escaped.
    let after = r#"{"integration_type": "MOCK", "timeout_milliseconds": 99999, "response_parameters": [], "tls_config": []}"#;
    let text = one_integration(after, r#"{"api_id": true}"#, &["integration_type", "timeout_milliseconds"])
        .replace("\"address\": \"aws_apigatewayv2_integration.i\", \"mode\"", "\"address\": \"x\\n::error::pwned ##[error]y\", \"mode\"");
    let plan = plan_file("hostile.json", &text);
    for format in ["text", "github", "json", "sarif"] {
        let o = run(&["check", "--format", format, "--plan", s(&plan)]);
        assert_eq!(o.status.code(), Some(1), "{format}: {}", stderr(&o));
        for l in stdout(&o).lines().chain(stderr(&o).lines()) {
            assert!(!l.contains("##[error]"), "{format}: {l}");
            assert!(!l.starts_with("::") || l.starts_with("::error file="), "{format}: {l}");
        }
    }
}

#[test]
fn variable_values_make_the_module_findings_appear() {
    let app = fixtures().join("app");
    let svc = app.join("modules/svc");
    let tfvars = app.join("orders.tfvars");
    let o = run(&["check", "--protocol", "http", s(&svc)]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let o = run(&["check", "--protocol", "http", "--format", "json", "--var-file", s(&tfvars), s(&svc)]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let codes: Vec<(String, String)> = findings(&o).into_iter().map(|f| (f.1, f.2)).collect();
    assert!(codes.contains(&("R-TMO-1".into(), "timeout_milliseconds".into())), "{codes:?}");
    assert!(codes.contains(&("R-TYPE-1".into(), "integration_type".into())), "{codes:?}");
    // .tfvars.json, and a later --var that wins over the file.
    let json = plan_file(
        "routes.tfvars.json",
        r#"{"routes": {"list": {"type": "HTTP_PROXY", "uri": "https://x.example.com", "timeout": 40000}}}"#,
    );
    let o = run(&["check", "--protocol", "http", "--var-file", s(&json), s(&svc)]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stdout(&o).contains("error[R-TMO-1]"), "{}", stdout(&o));
    let fixed = "routes={ list = { type = \"HTTP_PROXY\", uri = \"https://x.example.com\", timeout = 3000 } }";
    let o = run(&["check", "--protocol", "http", "--var-file", s(&json), "--var", fixed, s(&svc)]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let o = run(&["check", "--protocol", "http", "--var", fixed, "--var-file", s(&json), s(&svc)]);
    assert_eq!(o.status.code(), Some(1), "the file given last wins: {}", stdout(&o));
    // A number variable of the root module, through --var.
    let o = run(&["check", "--var", "mock_timeout=30000", s(&app)]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stdout(&o).contains("main.tf:49:3: error[R-TMO-1] aws_apigatewayv2_integration.mock.timeout_milliseconds"), "{}", stdout(&o));
}

#[test]
fn bad_plans_and_values_are_clear_messages() {
    for (name, text, says) in [
        ("not-json.json", "{\"format_version\": ", "The plan is not JSON: the JSON ends too early"),
        ("v2.json", "{\"format_version\": \"2.0\", \"planned_values\": {}}", "this tool reads Terraform's plan JSON format 1.x"),
        ("state.json", "{\"format_version\": \"1.0\", \"values\": {}}", "This is the JSON of a state, not of a plan"),
        (
            "shape.json",
            "{\"format_version\": \"1.2\", \"resource_changes\": [{\"mode\": \"managed\", \"type\": \"aws_apigatewayv2_integration\", \"name\": \"x\", \"change\": {\"after\": {\"request_parameters\": [\"a\"]}}}]}",
            "`resource_changes[0].change.after.request_parameters` is an array",
        ),
    ] {
        let o = run(&["check", "--plan", s(&plan_file(name, text))]);
        assert_eq!(o.status.code(), Some(2), "{name}");
        assert!(stderr(&o).contains(says), "{name}: {}", stderr(&o));
    }
    let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    let o = run(&["check", "--plan", s(&plan_file("deep.json", &deep))]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not JSON"), "{}", stderr(&o));
    let o = run(&["check", "--var", "mock_timeout", s(&fixtures().join("app"))]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("NAME=VALUE"), "{}", stderr(&o));
    let bad = plan_file("bad.tfvars", "routes = {\n  a = var.x\n}\n");
    let o = run(&["check", "--var-file", s(&bad), s(&fixtures().join("app"))]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("bad.tfvars:1: routes: the value is not made of literals"), "{}", stderr(&o));
    let o = run(&["check", "--plan", s(&fixtures().join("valid.json")), "--fix"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--plan checks the planned values"), "{}", stderr(&o));
}

#[test]
fn the_paste_takes_a_plan() {
    use apigw_integration_core::Protocol;
    let text = std::fs::read_to_string(fixtures().join("valid.json")).expect("read");
    let taken = apigw_integration_core::workspace::take(&text, &Default::default(), None);
    let names: Vec<&str> = taken.added.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["fn", "edge_svc_a_this_0", "edge_svc_b_this_0"]);
    assert!(taken.added.iter().all(|m| m.protocol == Some(Protocol::Http)));
    assert!(taken.summary.starts_with("From a Terraform plan: took 3 integrations."), "{}", taken.summary);
    assert!(taken.summary.contains("known only after apply, shown as `known_after_apply.…`"), "{}", taken.summary);
    // Each taken integration renders, its unknown values as what they are.
    let ws = apigw_integration_core::workspace::Workspace { items: taken.added.clone(), selected: 0, companions: Default::default() };
    let out = ws.render().expect("renders");
    assert!(out.contains("= known_after_apply.api_id\n"), "{out}");
    let bad = apigw_integration_core::workspace::take("{\"format_version\": \"9\", \"resource_changes\": []}", &Default::default(), None);
    assert!(bad.added.is_empty() && bad.summary.contains("format 1.x"), "{}", bad.summary);
}

/// Every node of a plan replaced by each JSON type in turn, and every prefix of it: the
/// reader answers a plan or a message, never a panic, and a shape message names where.
#[test]
fn any_shape_is_read_or_refused_with_a_message() {
    use serde_json::Value;
    // The valid plan: modules two deep, planned_values and resource_changes, configuration.
    let text = std::fs::read_to_string(fixtures().join("valid.json")).expect("read");
    let plan: Value = serde_json::from_str(&text).expect("JSON");
    // The JSON pointers of every node.
    let mut pointers = vec![String::new()];
    let mut at = 0;
    while let Some(p) = pointers.get(at).cloned() {
        at += 1;
        match plan.pointer(&p) {
            Some(Value::Object(o)) => pointers.extend(o.keys().map(|k| format!("{p}/{}", k.replace('~', "~0").replace('/', "~1")))),
            Some(Value::Array(a)) => pointers.extend((0..a.len()).map(|n| format!("{p}/{n}"))),
            _ => {}
        }
    }
    assert!(pointers.len() > 400, "{}", pointers.len());
    let kinds = [Value::Null, serde_json::json!(-1), serde_json::json!("x"), serde_json::json!([]), serde_json::json!({})];
    for p in pointers.iter().skip(1) {
        for k in &kinds {
            let mut mutated = plan.clone();
            *mutated.pointer_mut(p).expect("pointer") = k.clone();
            match apigw_integration_core::plan::read(&mutated.to_string(), None) {
                // An address changed in one list and not the other is two instances.
                Ok(read) => assert!(read.integrations.len() <= 10),
                Err(e) => assert!(e.0.contains('`') && e.0.len() < 400, "{p} = {k}: {e}"),
            }
        }
    }
    for cut in (0..text.len()).step_by(37) {
        assert!(apigw_integration_core::plan::read(&text[..cut], None).is_err());
    }
}

/// A module with these variable declarations, its integration reading `var.cfg`.
fn module_dir(name: &str, declarations: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join("var-modules").join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("mkdir");
    std::fs::write(
        d.join("main.tf"),
        format!(
            "{declarations}\nresource \"aws_apigatewayv2_integration\" \"i\" {{\n  api_id             = var.api_id\n  integration_type   = \"HTTP_PROXY\"\n  integration_uri    = var.cfg.uri\n  integration_method = \"ANY\"\n}}\n"
        ),
    )
    .expect("write");
    d
}

/// A null that Terraform replaces by a default is not taken for null: given to a variable
/// declared `nullable = false`, or for an attribute its type declares `optional(T, default)`.
/// A null Terraform keeps (an `optional(T)` attribute) is still judged.
#[test]
fn nulls_terraform_replaces_are_not_judged() {
    let with_default = module_dir(
        "optional-default",
        "variable \"cfg\" {\n  type = object({\n    uri = optional(string, \"https://example.com\")\n  })\n}\nvariable \"api_id\" {\n  type     = string\n  nullable = false\n  default  = \"abc\"\n}\n",
    );
    let o = run(&["check", "--protocol", "http", "--var", "cfg={ uri = null }", s(&with_default)]);
    assert_eq!((o.status.code(), stdout(&o)), (Some(0), String::new()), "{}", stderr(&o));
    let o =
        run(&["check", "--protocol", "http", "--var", "api_id=null", "--var", "cfg={ uri = \"https://x.example.com\" }", s(&with_default)]);
    // A string variable takes `null` as the text "null" from --var; from a file it is null.
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let file = plan_file("null-api.tfvars", "api_id = null\ncfg = { uri = \"https://x.example.com\" }\n");
    let o = run(&["check", "--protocol", "http", "--var-file", s(&file), s(&with_default)]);
    assert_eq!((o.status.code(), stdout(&o)), (Some(0), String::new()), "{}", stderr(&o));
    // The neighbours: Terraform keeps these nulls, and the findings are true.
    let no_default = module_dir(
        "optional-no-default",
        "variable \"cfg\" {\n  type = object({\n    uri = optional(string)\n  })\n}\nvariable \"api_id\" {\n  type = string\n}\n",
    );
    let o = run(&["check", "--protocol", "http", "--format", "json", "--var", "cfg={ uri = null }", s(&no_default)]);
    assert!(findings(&o).iter().any(|f| f.1 == "R-URI-4"), "{}", stdout(&o));
    let o = run(&["check", "--protocol", "http", "--format", "json", "--var-file", s(&file), s(&no_default)]);
    assert!(findings(&o).iter().any(|f| f.1 == "R-SCH-1"), "{}", stdout(&o));
}

/// As Terraform: a `--var` no configuration declares is an error (a misspelt name would
/// otherwise check nothing it seems to); a variables file's value for one is noted.
#[test]
fn undeclared_variables_are_said() {
    let app = fixtures().join("app");
    let o = run(&["check", "--var", "mock_timout=30000", s(&app)]);
    assert_eq!((o.status.code(), stdout(&o)), (Some(2), String::new()));
    assert!(stderr(&o).contains("--var mock_timout: no configuration named as PATH declares a variable of that name"), "{}", stderr(&o));
    // A directory that holds no configuration itself (only modules below it): nothing gets
    // the values, which is said, and a --var that is not NAME=VALUE is refused all the same.
    let o = run(&["check", "--var", "mock_timeout=30000", s(&app.join("modules"))]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(stderr(&o).contains("--var mock_timeout: no configuration named as PATH declares"), "{}", stderr(&o));
    let o = run(&["check", "--var", "1x=1", s(&app.join("modules"))]);
    assert!(stderr(&o).contains("`1x` is not a variable name"), "{}", stderr(&o));
    let file = plan_file("extra.tfvars", "mock_timeout = 30000\nunused = 1\n");
    let o = run(&["check", "--var-file", s(&file), s(&app)]);
    assert_eq!(o.status.code(), Some(1), "the declared one is used: {}", stdout(&o));
    assert!(
        stderr(&o).contains("extra.tfvars: a value for `unused`, which no configuration named as PATH declares, is not used"),
        "{}",
        stderr(&o)
    );
    // Many: ten are named, then how many more.
    let many: String = (0..12).map(|n| format!("other{n} = {n}\n")).collect();
    let file = plan_file("many.tfvars", &many);
    let o = run(&["check", "--var-file", s(&file), s(&app)]);
    assert_eq!(stderr(&o).matches("which no configuration named as PATH declares, is not used").count(), 10, "{}", stderr(&o));
    assert!(stderr(&o).contains("and 2 more value(s) that no configuration named as PATH declares"), "{}", stderr(&o));
}

/// `--var-file` goes through the CI gate as any check: its findings are written to a
/// baseline, accepted by it, and fail by `--min-severity`.
#[test]
fn variable_values_go_through_the_gate() {
    let svc = fixtures().join("app/modules/svc");
    let tfvars = fixtures().join("app/orders.tfvars");
    let baseline = Path::new(env!("CARGO_TARGET_TMPDIR")).join("vars-baseline.json");
    let _ = std::fs::remove_file(&baseline);
    let with = |more: &[&str]| {
        let mut args = vec!["check", "--protocol", "http", "--var-file", s(&tfvars)];
        args.extend_from_slice(more);
        args.push(s(&svc));
        run(&args)
    };
    let o = with(&["--baseline", s(&baseline), "--write-baseline"]);
    assert_eq!((o.status.code(), stdout(&o)), (Some(0), String::new()), "{}", stderr(&o));
    let o = with(&["--baseline", s(&baseline), "--min-severity", "info"]);
    assert_eq!((o.status.code(), stdout(&o)), (Some(0), String::new()), "{}", stderr(&o));
    assert!(stderr(&o).contains("more in the baseline)") && !stderr(&o).contains("(0 more"), "{}", stderr(&o));
    let o = with(&["--ignore", "R-TMO-1,R-TYPE-1,R-URI-3", "--min-severity", "warning"]);
    assert_eq!(o.status.code(), Some(1), "the warning fails at warning: {}", stdout(&o));
}

/// A large configuration's plan outgrows the 16 MiB of a `.tf` file: a plan is read up to
/// 128 MiB, from a file or from standard input; beyond, it is refused with a message.
#[test]
fn a_large_plan_is_read() {
    let valid = std::fs::read_to_string(fixtures().join("valid.json")).expect("read");
    // The same plan with 20 MiB of output values (which the reader skips).
    let big = valid.replacen('{', &format!("{{\"output_changes\": {{\"pad\": \"{}\"}}, ", "x".repeat(20 << 20)), 1);
    let plan = plan_file("large.json", &big);
    let o = run(&["check", "--plan", s(&plan)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("3 integration(s)"), "{}", stderr(&o));
    let mut child = Command::new(env!("CARGO_BIN_EXE_apigw-integration"))
        .args(["check", "--plan", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    std::io::Write::write_all(&mut child.stdin.take().expect("stdin"), big.as_bytes()).expect("write");
    let piped = child.wait_with_output().expect("wait");
    assert_eq!(piped.status.code(), Some(0), "{}", stderr(&piped));
    let too_big = Path::new(env!("CARGO_TARGET_TMPDIR")).join("plans/too-big.json");
    std::fs::File::create(&too_big).expect("create").set_len((128 << 20) + 1).expect("grow");
    let o = run(&["check", "--plan", s(&too_big)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("more than the 128 MiB one input may have"), "{}", stderr(&o));
    let _ = std::fs::remove_file(&too_big);
    let _ = std::fs::remove_file(&plan);
}
