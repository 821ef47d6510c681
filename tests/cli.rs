//! The `apigw-integration` command line: formats, exit codes, protocol inference.
#![cfg(not(target_arch = "wasm32"))]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_apigw-integration"))
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("run CLI")
}

fn run_stdin(args: &[&str], input: &str) -> Output {
    let mut child = bin().args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("spawn");
    child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("write");
    child.wait_with_output().expect("wait")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A fresh directory under target/ with the given files.
fn dir(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&d);
    for (path, text) in files {
        let p = d.join(path);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }
    d
}

const WS_API: &str = "resource \"aws_apigatewayv2_api\" \"ws\" {\n  name                       = \"ws\"\n  protocol_type              = \"WEBSOCKET\"\n  route_selection_expression = \"$request.body.action\"\n}\n";
const INTEGRATION: &str = "resource \"aws_apigatewayv2_integration\" \"i\" {\n  api_id               = aws_apigatewayv2_api.ws.id\n  integration_type     = \"MOCK\"\n  timeout_milliseconds = 30000\n}\n";

#[test]
fn check_text_format_and_protocol_inference() {
    let d = dir("cli_text", &[("api.tf", WS_API), ("integration.tf", INTEGRATION)]);
    let o = run(&["check", d.to_str().expect("utf8")]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let file = d.join("integration.tf");
    let want = format!(
        "{}:4:3: error[R-TMO-1] aws_apigatewayv2_integration.i.timeout_milliseconds: timeout_milliseconds 30000 is out of range: WebSocket APIs allow 50 to 29000 ms. Use a value such as 29000; AWS rejects this only at apply time.\n",
        file.display()
    );
    assert_eq!(stdout(&o), want);
    assert!(stderr(&o).contains("checked 2 file(s), 1 integration(s): 1 error(s), 0 warning(s)"), "{}", stderr(&o));
}

#[test]
fn check_without_the_api_skips_protocol_rules() {
    let d = dir("cli_noapi", &[("integration.tf", INTEGRATION)]);
    let o = run(&["check", d.join("integration.tf").to_str().expect("utf8")]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("info[R-PROTO-1]"));
    let o = run(&["check", "--protocol", "http", d.to_str().expect("utf8")]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("error[R-TYPE-1]"), "{}", stdout(&o));
    let o = run(&["check", "--protocol=websocket", d.to_str().expect("utf8")]);
    assert!(stdout(&o).contains("error[R-TMO-1]"), "{}", stdout(&o));
}

#[test]
fn check_json_format() {
    let d = dir("cli_json", &[("nested/deeper/main.tf", &format!("{WS_API}{INTEGRATION}")), ("ignored.txt", "not terraform")]);
    let o = run(&["check", "--format", "json", d.to_str().expect("utf8")]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let arr = v.as_array().expect("array");
    assert_eq!(arr.len(), 1);
    let f = &arr[0];
    assert_eq!(f["file"], d.join("nested/deeper/main.tf").display().to_string());
    assert_eq!((f["line"].as_u64(), f["column"].as_u64()), (Some(9), Some(3)));
    assert_eq!(f["resource"], "aws_apigatewayv2_integration.i");
    assert_eq!(f["code"], "R-TMO-1");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["path"], "timeout_milliseconds");
    assert!(f["message"].as_str().expect("message").contains("29000"));
}

#[test]
fn syntax_errors_are_errors() {
    let d = dir("cli_syntax", &[("bad.tf", "resource \"aws_apigatewayv2_integration\" \"x\" {\n  api_id = \n}\n")]);
    let o = run(&["check", d.to_str().expect("utf8")]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("bad.tf:2:12: error[R-HCL-5]"), "{}", stdout(&o));
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &[][..],
        &["check"],
        &["check", "/nonexistent/path"],
        &["check", "--format", "xml", "."],
        &["frobnicate"],
        &["check", "--protocol", "rest", "."],
        &["render"],
        &["render", "a", "b"],
    ] {
        let o = run(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(!stderr(&o).is_empty());
    }
    assert_eq!(run(&["--help"]).status.code(), Some(0));
}

#[test]
fn render_reprints_the_documented_examples() {
    let doc = std::fs::read_to_string(format!("{}/tests/fixtures/docs/private.tf", env!("CARGO_MANIFEST_DIR"))).expect("fixture");
    let o = run_stdin(&["render", "--protocol", "http", "-"], &doc);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), doc);
    let basic = std::fs::read_to_string(format!("{}/tests/fixtures/docs/basic.tf", env!("CARGO_MANIFEST_DIR"))).expect("fixture");
    let import = std::fs::read_to_string(format!("{}/tests/fixtures/docs/import.tf", env!("CARGO_MANIFEST_DIR"))).expect("fixture");
    let both = format!("{basic}\n{import}");
    let o = run_stdin(&["render", "-"], &both);
    assert_eq!(stdout(&o), both);
    assert!(stderr(&o).contains("info[R-PROTO-1]"));
}

#[test]
fn render_json_model() {
    let json = r#"[{"name": "orders", "protocol": "HTTP", "api_id": {"expr": "aws_apigatewayv2_api.main.id"}, "integration_type": "HTTP_PROXY",
        "integration_method": "ANY", "integration_uri": "https://example.com/{proxy}", "timeout_milliseconds": 40000,
        "import": {"api_id": "aabbccddee", "integration_id": "1122334"}}]"#;
    let o = run_stdin(&["render", "--json", "-"], json);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stdout(&o),
        "resource \"aws_apigatewayv2_integration\" \"orders\" {\n  api_id           = aws_apigatewayv2_api.main.id\n  integration_type = \"HTTP_PROXY\"\n\n  integration_method   = \"ANY\"\n  integration_uri      = \"https://example.com/{proxy}\"\n  timeout_milliseconds = 40000\n}\n\nimport {\n  to = aws_apigatewayv2_integration.orders\n  id = \"aabbccddee/1122334\"\n}\n"
    );
    assert!(stderr(&o).contains("error[R-TMO-1] aws_apigatewayv2_integration.orders.timeout_milliseconds"), "{}", stderr(&o));
    let o = run_stdin(&["render", "--json", "-"], "{\"name\": 5}");
    assert_eq!(o.status.code(), Some(2));
    // A number with a fraction keeps its digits (no float in between; JSON's reader writes the
    // exponent's mark as `e+`) and the rules judge it: 1.50E3 is the whole number 1500.
    let o = run_stdin(&["render", "--json", "-"], r#"{"name": "x", "integration_type": "MOCK", "timeout_milliseconds": 1.50E3}"#);
    assert!(stdout(&o).contains("timeout_milliseconds = 1.50e+3\n"), "{}", stdout(&o));
    assert!(!stderr(&o).contains("timeout_milliseconds"), "{}", stderr(&o));
    let o = run_stdin(&["render", "--json", "-"], r#"{"name": "x", "integration_type": "MOCK", "timeout_milliseconds": 1.5055E3}"#);
    assert!(stderr(&o).contains("error[R-SCH-18] aws_apigatewayv2_integration.x.timeout_milliseconds"), "{}", stderr(&o));
}

#[test]
fn rules_table() {
    let o = run(&["rules", "--format", "markdown"]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    for r in apigw_integration_builder::rules::RULES {
        assert!(text.contains(&format!("`{}`", r.code)), "{}", r.code);
    }
}

const SUPPRESSED: &str = r#"resource "aws_apigatewayv2_api" "http" {
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_integration" "legacy" {
  api_id           = aws_apigatewayv2_api.http.id
  integration_type = "HTTP_PROXY"
  integration_uri  = "https://example.com"

  integration_method = "ANY"
  # apigw-integration:ignore R-WSO-2 kept on purpose for the migration
  passthrough_behavior = "NEVER"
  # apigw-integration:ignore R-TMO-1 nothing wrong here any more
  timeout_milliseconds = 29000
}
"#;

#[test]
fn suppressions_silence_the_line_below_and_report_when_they_silence_nothing() {
    let d = dir("suppress", &[("main.tf", SUPPRESSED)]);
    let path = d.to_string_lossy().to_string();
    let o = run(&["check", &path]);
    let text = stdout(&o);
    assert!(!text.contains("R-WSO-2"), "silenced: {text}");
    assert!(text.contains("main.tf:13:1: warning[R-SUP-1]") && text.contains("R-TMO-1 not reported here"), "{text}");
    // Without the comment the finding is back; --ignore silences a code everywhere.
    let bare = SUPPRESSED.replace("  # apigw-integration:ignore R-WSO-2 kept on purpose for the migration\n", "");
    let d2 = dir("suppress-bare", &[("main.tf", &bare)]);
    let p2 = d2.to_string_lossy().to_string();
    assert!(stdout(&run(&["check", &p2])).contains("R-WSO-2"));
    assert!(!stdout(&run(&["check", "--ignore", "R-WSO-2,R-SUP-1", &p2])).contains("R-WSO-2"));
    let bad = run(&["check", "--ignore", "R-NOPE-1", &p2]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("not a rule code"));
}

#[test]
fn sarif_and_github_formats_for_ci() {
    let bare = SUPPRESSED
        .replace("  # apigw-integration:ignore R-WSO-2 kept on purpose for the migration\n", "")
        .replace("  # apigw-integration:ignore R-TMO-1 nothing wrong here any more\n", "");
    let d = dir("ci formats", &[("main.tf", &bare)]);
    let path = d.to_string_lossy().to_string();
    let o = run(&["check", "--format", "sarif", &path]);
    let log: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("SARIF is JSON");
    assert_eq!(log["version"], "2.1.0");
    let run0 = &log["runs"][0];
    assert_eq!(run0["tool"]["driver"]["name"], "apigw-integration");
    let rules = run0["tool"]["driver"]["rules"].as_array().expect("rules");
    let results = run0["results"].as_array().expect("results");
    let wso = results.iter().find(|r| r["ruleId"] == "R-WSO-2").expect("R-WSO-2 reported");
    assert_eq!(wso["level"], "warning");
    let index = wso["ruleIndex"].as_u64().expect("index") as usize;
    assert_eq!(rules[index]["id"], "R-WSO-2");
    assert!(rules[index]["helpUri"].as_str().is_some_and(|u| u.starts_with("https://")));
    let uri = wso["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().expect("uri");
    assert!(uri.ends_with("ci%20formats/main.tf"), "{uri}");
    assert_eq!(wso["locations"][0]["physicalLocation"]["region"]["startLine"], 11);

    let o = run(&["check", "--format", "github", &path]);
    let line = stdout(&o).lines().find(|l| l.contains("R-WSO-2")).expect("annotation").to_string();
    assert!(
        line.starts_with("::warning file=")
            && line.contains(",line=11,col=3,title=R-WSO-2::aws_apigatewayv2_integration.legacy.passthrough_behavior: "),
        "{line}"
    );
    // Input cannot start another workflow command: a value with a newline and `::` stays
    // inside its own annotation.
    let hostile = bare.replace("integration_method = \"ANY\"", "integration_method = \"X\\n::error::pwned %\"");
    let d = dir("ci hostile", &[("main.tf", &hostile)]);
    let out = stdout(&run(&["check", "--format", "github", &d.to_string_lossy()]));
    assert!(out.contains("R-SCH-7"), "{out}");
    assert!(out.lines().all(|l| l.starts_with("::error ") || l.starts_with("::warning ") || l.starts_with("::notice ")), "{out}");
    assert!(!out.lines().any(|l| l.starts_with("::error::pwned")), "{out}");
}

#[test]
fn check_follows_api_id_into_local_modules() {
    let root = r#"resource "aws_apigatewayv2_api" "ws" {
  name          = "chat"
  protocol_type = "WEBSOCKET"
}

module "routes" {
  source = "./modules/routes"
  api_id = aws_apigatewayv2_api.ws.id
}
"#;
    let module = r#"variable "api_id" {
  type = string
}

resource "aws_apigatewayv2_integration" "backend" {
  api_id                 = var.api_id
  integration_type       = "HTTP_PROXY"
  integration_method     = "ANY"
  integration_uri        = "https://example.com"
  timeout_milliseconds   = 29500
}
"#;
    let d = dir("modules", &[("main.tf", root), ("modules/routes/main.tf", module)]);
    let o = run(&["check", &d.to_string_lossy()]);
    let text = stdout(&o);
    assert!(text.contains("error[R-TMO-1]") && text.contains("WebSocket"), "the module's protocol came from the call: {text}");
    assert_eq!(o.status.code(), Some(1));
    // The module on its own: its protocol is unknown, said once as a note.
    let o = run(&["check", &d.join("modules/routes").to_string_lossy()]);
    let text = stdout(&o);
    assert!(!text.contains("R-TMO-1") && text.matches("info[R-PROTO-1]").count() == 1, "{text}");
    assert_eq!(o.status.code(), Some(0));
}

const FIXABLE: &str = r#"# Orders API.
resource "aws_apigatewayv2_api" "http" {
  name          = "orders"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_integration" "lambda" {
  api_id                 = aws_apigatewayv2_api.http.id
  integration_type       = "AWS_PROXY"
  integration_uri        = aws_lambda_function.f.invoke_arn
  integration_method     = "GET" # wrong
  passthrough_behavior   = "NEVER"
  payload_format_version = "2.0"

  request_parameters = {
    "append:header.x-id" = "${request.header.id}"
  }
}

locals {
  untouched   =    "spacing kept"
}

resource "aws_apigatewayv2_integration" "sqs" {
  api_id              = aws_apigatewayv2_api.http.id
  credentials_arn     = aws_iam_role.r.arn
  integration_type    = "AWS_PROXY"
  integration_subtype = "SQS-SendMessage"
  # apigw-integration:ignore R-SUB-0 the URI documents the queue
  integration_uri     = aws_sqs_queue.q.arn

  request_parameters = {
    QueueUrl    = aws_sqs_queue.q.id
    MessageBody = "$request.body"
  }
}
"#;

/// `--diff` shows the safe fixes and changes nothing; `--fix` applies them, rewriting only
/// the integration blocks it changes, leaves suppressed findings alone, and reports what
/// is left; a second run has nothing to do.
#[test]
fn fix_and_diff() {
    let d = dir("fix", &[("main.tf", FIXABLE)]);
    let path = d.to_string_lossy().to_string();
    let file = d.join("main.tf");
    let o = run(&["check", "--diff", &path]);
    assert_eq!(o.status.code(), Some(1), "--diff exits 1 when it would change something");
    let diff = stdout(&o);
    for line in [
        "-  integration_method     = \"GET\" # wrong\n",
        "-  passthrough_behavior   = \"NEVER\"\n",
        "+  integration_method     = \"POST\" # wrong\n",
        "+    \"append:header.x-id\" = \"$${request.header.id}\"\n",
    ] {
        assert!(diff.contains(line), "{line:?} in\n{diff}");
    }
    assert!(!diff.contains("integration_uri     = aws_sqs_queue"), "a suppressed finding is not fixed:\n{diff}");
    assert_eq!(std::fs::read_to_string(&file).expect("read"), FIXABLE, "--diff changes nothing");
    let o = run(&["check", "--fix", &path]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("applied 3 fix(es)"), "{}", stderr(&o));
    let fixed = std::fs::read_to_string(&file).expect("read");
    let want = FIXABLE
        .replace(
            "  integration_method     = \"GET\" # wrong\n  passthrough_behavior   = \"NEVER\"\n",
            "  integration_method     = \"POST\" # wrong\n",
        )
        .replace("\"${request.header.id}\"", "\"$${request.header.id}\"");
    assert_eq!(fixed, want, "only the fixed lines change; every other byte stays");
    assert!(!stdout(&o).contains("R-METH-2") && !stdout(&o).contains("R-HCL-1"), "{}", stdout(&o));
    let again = run(&["check", "--diff", &path]);
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(stdout(&again), "");
    assert_eq!(run(&["check", "--fix", "--diff", &path]).status.code(), Some(2));
}

/// Configurations are checked in parallel; the output is the same, in the same order,
/// whatever the number of jobs, for every format.
#[test]
fn parallel_checking_prints_what_one_job_prints() {
    let mut files: Vec<(String, String)> = Vec::new();
    for n in 0..24 {
        files.push((format!("c{n:02}/api.tf"), WS_API.to_string()));
        let timeout = if n % 3 == 0 { 30000 } else { 29000 };
        files.push((
            format!("c{n:02}/integration.tf"),
            INTEGRATION.replace("30000", &timeout.to_string()).replace("\"i\"", &format!("\"i{n}\"")),
        ));
    }
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let d = dir("cli_parallel", &refs);
    let path = d.to_str().expect("utf8");
    for format in ["text", "json", "sarif", "github"] {
        let one = run(&["check", "--format", format, "--jobs", "1", path]);
        let many = run(&["check", "--format", format, "--jobs", "5", path]);
        assert_eq!(stdout(&one), stdout(&many), "{format}");
        assert_eq!(stderr(&one), stderr(&many), "{format}");
        assert_eq!(one.status.code(), Some(1));
    }
    let text = stdout(&run(&["check", "--jobs", "3", path]));
    assert_eq!(text.lines().count(), 8, "{text}");
    assert!(text.lines().next().is_some_and(|l| l.contains("c00")) && text.lines().last().is_some_and(|l| l.contains("c21")), "{text}");
    let bad = run(&["check", "--jobs", "0", path]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("--jobs must be a positive number"), "{}", stderr(&bad));
}
