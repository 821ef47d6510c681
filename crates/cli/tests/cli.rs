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
    let doc = std::fs::read_to_string(format!("{}/../core/tests/fixtures/docs/private.tf", env!("CARGO_MANIFEST_DIR"))).expect("fixture");
    let o = run_stdin(&["render", "--protocol", "http", "-"], &doc);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), doc);
    let basic = std::fs::read_to_string(format!("{}/../core/tests/fixtures/docs/basic.tf", env!("CARGO_MANIFEST_DIR"))).expect("fixture");
    let import = std::fs::read_to_string(format!("{}/../core/tests/fixtures/docs/import.tf", env!("CARGO_MANIFEST_DIR"))).expect("fixture");
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
    // JSON that serde_json reads and the builder does not (nested too deep) says why, with no
    // position of 0:0.
    let o = run_stdin(&["render", "--json", "-"], &format!("{}{}", "[".repeat(200), "]".repeat(200)));
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("<stdin>: JSON the builder does not read: arrays and objects are nested more than 127 levels deep"),
        "{}",
        stderr(&o)
    );
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
    for r in apigw_integration_core::rules::RULES {
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

/// A Lambda integration with a fixable finding (`integration_method = "GET"`, R-METH-2).
fn fixable(name: &str) -> String {
    format!(
        "resource \"aws_apigatewayv2_integration\" \"{name}\" {{\n  api_id                 = aws_apigatewayv2_api.http.id\n  integration_type       = \"AWS_PROXY\"\n  integration_uri        = aws_lambda_function.f.invoke_arn\n  integration_method     = \"GET\"\n  payload_format_version = \"2.0\"\n}}\n"
    )
}

const HTTP_API: &str = "resource \"aws_apigatewayv2_api\" \"http\" {\n  protocol_type = \"HTTP\"\n}\n\n";

/// The entries of a directory, sorted.
fn entries(d: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(d).expect("read_dir").map(|e| e.expect("entry").file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

/// `--fix` replaces a file through a temporary file renamed over it: the mode (and, for
/// root, the owner) is kept, nothing is left beside it.
#[cfg(unix)]
#[test]
fn fix_keeps_mode_and_owner_and_leaves_nothing_behind() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let d = dir("fix_mode", &[("main.tf", &format!("{HTTP_API}{}", fixable("a")))]);
    let file = d.join("main.tf");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    let root = std::fs::metadata(&file).expect("stat").uid() == 0;
    if root {
        std::os::unix::fs::chown(&file, Some(1234), Some(2345)).expect("chown");
    }
    let before = std::fs::metadata(&file).expect("stat");
    let o = run(&["check", "--fix", &d.to_string_lossy()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let after = std::fs::metadata(&file).expect("stat");
    assert!(std::fs::read_to_string(&file).expect("read").contains("\"POST\""));
    assert_ne!(before.ino(), after.ino(), "a new file was renamed over the old one");
    assert_eq!(after.permissions().mode() & 0o7777, 0o640);
    if root {
        assert_eq!((after.uid(), after.gid()), (1234, 2345));
    }
    assert_eq!(entries(&d), ["main.tf"]);
}

/// A `.tf` link is checked (read through) but never written through, by --fix or in what
/// --diff shows; nor is a file with several hard links.
#[cfg(unix)]
#[test]
fn fix_never_writes_through_links() {
    let d = dir("fix_links", &[("shared/x.tf", &fixable("shared")), ("root/api.tf", HTTP_API), ("root/own.tf", &fixable("own"))]);
    std::os::unix::fs::symlink("../shared/x.tf", d.join("root/link.tf")).expect("symlink");
    std::fs::hard_link(d.join("root/own.tf"), d.join("shared/own-copy.txt")).expect("hard link");
    std::fs::write(d.join("root/third.tf"), fixable("third")).expect("write");
    let root = d.join("root");
    let o = run(&["check", "--diff", &root.to_string_lossy()]);
    let (out, err) = (stdout(&o), stderr(&o));
    assert!(err.contains("link.tf: --fix would leave it as it is: it is a symbolic link"), "{err}");
    assert!(err.contains("own.tf: --fix would leave it as it is: it has 2 hard links"), "{err}");
    assert!(out.contains("third.tf") && !out.contains("link.tf") && !out.contains("own.tf"), "{out}");
    let o = run(&["check", "--fix", &root.to_string_lossy()]);
    let err = stderr(&o);
    assert!(err.contains("link.tf: not fixed: it is a symbolic link, and --fix never writes through one"), "{err}");
    assert!(err.contains("applied 1 fix(es)"), "{err}");
    assert_eq!(std::fs::read_to_string(d.join("shared/x.tf")).expect("read"), fixable("shared"), "the link's target is unchanged");
    assert!(std::fs::symlink_metadata(d.join("root/link.tf")).expect("lstat").file_type().is_symlink(), "the link is still a link");
    assert_eq!(std::fs::read_to_string(d.join("shared/own-copy.txt")).expect("read"), fixable("own"));
    assert!(std::fs::read_to_string(d.join("root/third.tf")).expect("read").contains("\"POST\""));
    // What --fix left is still reported.
    assert!(stdout(&o).contains("link.tf:5:3: error[R-METH-2]"), "{}", stdout(&o));
}

/// Runs the CLI with a deadline (a read that blocks must not hang the test suite).
fn run_within(args: &[&str], stdin: Option<Vec<u8>>, secs: u64) -> Output {
    let mut child = bin().args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("spawn");
    let mut pipe = child.stdin.take().expect("stdin");
    let feeder = std::thread::spawn(move || {
        if let Some(bytes) = stdin {
            let _ = pipe.write_all(&bytes);
        }
    });
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    while child.try_wait().expect("wait").is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("{args:?} did not finish within {secs} s");
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let _ = feeder.join();
    child.wait_with_output().expect("wait")
}

/// Only regular files are read, 16 MiB at most (standard input too): a FIFO, a device, a
/// link to /dev/zero are refused with a message instead of blocking or filling memory.
#[cfg(unix)]
#[test]
fn reads_are_bounded_and_of_regular_files_only() {
    let d = dir("bounded", &[("main.tf", HTTP_API)]);
    assert!(Command::new("mkfifo").arg(d.join("pipe.tf")).status().is_ok_and(|s| s.success()), "mkfifo");
    std::os::unix::fs::symlink("/dev/zero", d.join("zero.tf")).expect("symlink");
    let o = run_within(&["check", &d.to_string_lossy()], None, 20);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("pipe.tf: it is a FIFO (named pipe); only regular files are read"), "{err}");
    assert!(err.contains("zero.tf: it is a character device; only regular files are read"), "{err}");
    let o = run_within(&["render", "/dev/zero"], None, 20);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("character device"), "{}", stderr(&o));
    let big = d.join("big.tf");
    std::fs::write(&big, vec![b'#'; (16 << 20) + 1]).expect("write");
    let o = run_within(&["render", &big.to_string_lossy()], None, 20);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("more than the 16 MiB one input may have"), "{}", stderr(&o));
    let o = run_within(&["render", "-"], Some(vec![b'#'; (16 << 20) + 1]), 20);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("standard input: it holds more than 16 MiB"), "{}", stderr(&o));
    let o = run_within(&["render", "-"], Some(vec![b'#'; 16 << 20]), 60);
    assert_ne!(o.status.code(), Some(2), "16 MiB exactly is read: {}", stderr(&o));
}

/// Every file is read and every fix computed before anything is written: a file that
/// cannot be read, or a read-only file with fixes, stops the run with nothing changed.
#[cfg(unix)]
#[test]
fn nothing_is_written_when_the_run_cannot_finish() {
    use std::os::unix::fs::PermissionsExt;
    let a = format!("{HTTP_API}{}", fixable("a"));
    let d = dir("fix_all_or_nothing", &[("a/main.tf", &a), ("b/main.tf", &a)]);
    std::os::unix::fs::symlink("nowhere", d.join("b/dangling.tf")).expect("symlink");
    let o = run(&["check", "--fix", &d.to_string_lossy()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("dangling.tf") && err.contains("no file was changed"), "{err}");
    assert_eq!(std::fs::read_to_string(d.join("a/main.tf")).expect("read"), a, "a/ was not fixed");
    std::fs::remove_file(d.join("b/dangling.tf")).expect("rm");
    std::fs::set_permissions(d.join("b/main.tf"), std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let o = run(&["check", "--fix", &d.to_string_lossy()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("b/main.tf: it is read-only") && err.contains("no file was changed"), "{err}");
    assert_eq!(std::fs::read_to_string(d.join("a/main.tf")).expect("read"), a, "a/ was not fixed");
    assert_eq!(std::fs::read_to_string(d.join("b/main.tf")).expect("read"), a);
}

/// When a write fails, the run names every file it already changed and the one that
/// failed, and exits 2; the failed file is whole and no temporary file is left.
#[cfg(unix)]
#[test]
fn a_failed_write_names_what_was_already_changed() {
    let a = format!("{HTTP_API}{}", fixable("a"));
    let d = dir("fix_fails", &[("a/main.tf", &a), ("b/main.tf", &a), ("c/main.tf", &a)]);
    // A directory where b/main.tf's temporary file would go: its creation fails.
    std::fs::create_dir_all(d.join("b/.main.tf.apigw-integration.tmp/in-the-way")).expect("mkdir");
    let o = run(&["check", "--fix", "--jobs", "2", &d.to_string_lossy()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    let failed = format!("cannot write {}: cannot create its temporary file", d.join("b/main.tf").display());
    let changed = format!("this run had already fixed 1 file(s), which keep their fixes:\n  {}\n", d.join("a/main.tf").display());
    assert!(err.contains(&failed) && err.contains(&changed), "{err}");
    assert!(std::fs::read_to_string(d.join("a/main.tf")).expect("read").contains("\"POST\""));
    assert_eq!(std::fs::read_to_string(d.join("b/main.tf")).expect("read"), a);
    assert_eq!(std::fs::read_to_string(d.join("c/main.tf")).expect("read"), a, "nothing after the failure is written");
    assert_eq!(entries(&d.join("c")), ["main.tf"]);
}

/// `--fix` writes the core's text byte for byte (a CRLF file's `\r\n` included), and a
/// CRLF file's `--diff` is a CRLF diff, other control characters still escaped.
#[test]
fn fix_writes_the_core_text_and_diff_keeps_crlf() {
    let crlf = format!("{HTTP_API}{}", fixable("a")).replace('\n', "\r\n");
    let d = dir("fix_crlf", &[("main.tf", &crlf)]);
    let o = run(&["check", "--diff", &d.to_string_lossy()]);
    let diff = stdout(&o);
    assert!(diff.contains("\n-  integration_method     = \"GET\"\r\n"), "{diff:?}");
    assert!(!diff.contains("\\u{d}"), "{diff:?}");
    let fixed = apigw_integration_core::check::fix_module(&[&crlf], None, &[], &|_, _, _| true);
    let want = fixed.first().map(|f| f.text.clone()).expect("a fix");
    let o = run(&["check", "--fix", &d.to_string_lossy()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(std::fs::read(d.join("main.tf")).expect("read"), want.as_bytes());
    // A control character that is not part of a line end is still shown escaped.
    let d = dir("diff_controls", &[("main.tf", &format!("{HTTP_API}{}# bell \u{7}\n", fixable("a")))]);
    let diff = stdout(&run(&["check", "--diff", &d.to_string_lossy()]));
    assert!(diff.contains("# bell \\u{7}\n"), "{diff:?}");
}

/// Killing `--fix` at any moment leaves the file whole: its old bytes or its new bytes,
/// and at most the temporary file beside it, which the next run removes.
#[cfg(unix)]
#[test]
fn killing_fix_leaves_every_file_whole() {
    use std::os::unix::fs::MetadataExt;
    let mut old = String::from(HTTP_API);
    for n in 0..200 {
        old.push_str(&fixable(&format!("i{n}")));
    }
    // Bulk that makes the write take a while (6 MB).
    for n in 0..60_000 {
        old.push_str(&format!("# filler {n} {}\n", "x".repeat(80)));
    }
    let d = dir("fix_kill", &[("main.tf", &old)]);
    let file = d.join("main.tf");
    let path = d.to_string_lossy().to_string();
    let start = std::time::Instant::now();
    let o = run(&["check", "--fix", &path]);
    let full = start.elapsed();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let new = std::fs::read(&file).expect("read");
    assert_ne!(new, old.as_bytes());
    let temp = ".main.tf.apigw-integration.tmp";
    let rounds = 24u32;
    for round in 0..rounds {
        std::fs::write(&file, &old).expect("restore");
        let before = std::fs::metadata(&file).expect("stat");
        let mut child = bin().args(["check", "--fix", &path]).stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("spawn");
        if round % 2 == 0 {
            // At evenly spread moments of a whole run.
            std::thread::sleep(full * round / rounds);
        } else {
            // At the moment the file system shows the write begin, then a little later
            // each round: the window the old in-place write lost the file in.
            let deadline = std::time::Instant::now() + full * 4;
            loop {
                let m = std::fs::metadata(&file).ok();
                let moved = m.is_none_or(|m| m.ino() != before.ino() || m.len() != before.len() || m.mtime_nsec() != before.mtime_nsec());
                if moved || d.join(temp).exists() || std::time::Instant::now() > deadline || child.try_wait().ok().flatten().is_some() {
                    break;
                }
            }
            std::thread::sleep(std::time::Duration::from_micros(u64::from(round) * 150));
        }
        let _ = child.kill();
        let _ = child.wait();
        let now = std::fs::read(&file).expect("the file is there");
        assert!(now == old.as_bytes() || now == new, "round {round}: the file is neither the old nor the new text ({} bytes)", now.len());
        let left: Vec<String> = entries(&d).into_iter().filter(|n| n != "main.tf").collect();
        assert!(left.is_empty() || left == [temp], "round {round}: {left:?}");
    }
    std::fs::write(&file, &old).expect("restore");
    let o = run(&["check", "--fix", &path]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(std::fs::read(&file).expect("read"), new);
    assert_eq!(entries(&d), ["main.tf"], "the next run removed what a killed one left");
}

/// After `--` every argument is a path (the pre-commit hook's entry ends with it), even
/// one that starts with `-`.
#[test]
fn double_dash_ends_the_options() {
    let d = dir("dashes", &[("-x.tf", INTEGRATION)]);
    let o = bin().current_dir(&d).args(["check", "--protocol", "websocket", "--", "-x.tf"]).output().expect("run");
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("-x.tf:4:3: error[R-TMO-1]"), "{}", stdout(&o));
    assert_eq!(bin().current_dir(&d).args(["check", "-x.tf"]).output().expect("run").status.code(), Some(2));
    let hook = std::fs::read_to_string(format!("{}/../../.pre-commit-hooks.yaml", env!("CARGO_MANIFEST_DIR"))).expect("hook");
    assert!(hook.contains("entry: apigw-integration check --\n"), "{hook}");
}

/// Each subcommand has its own `--help` (exit 0, on stdout), and `help` and `--version`
/// answer too; usage errors still exit 2, with the CLI's own words where it checks values.
#[test]
fn help_per_subcommand_and_usage_errors() {
    for (sub, flags) in [
        ("check", &["--protocol", "--format", "--ignore", "--fix", "--diff", "--jobs"][..]),
        ("render", &["--protocol", "--json"]),
        ("from-aws", &["--api-id", "--api-json", "--protocol", "--lambda-permission", "--route"]),
        ("rules", &["--format"]),
    ] {
        let o = run(&[sub, "--help"]);
        assert_eq!(o.status.code(), Some(0), "{sub}");
        let help = stdout(&o);
        assert!(help.contains(&format!("Usage: apigw-integration {sub}")), "{help}");
        for flag in flags {
            assert!(help.contains(flag), "{sub} --help names {flag}:\n{help}");
        }
        assert_eq!(stdout(&run(&["help", sub])), help);
    }
    let top = run(&["--help"]);
    assert_eq!(top.status.code(), Some(0));
    assert!(["check", "render", "from-aws", "rules", "EXIT STATUS"].iter().all(|w| stdout(&top).contains(w)), "{}", stdout(&top));
    assert_eq!(stdout(&run(&["--version"])), format!("apigw-integration {}\n", env!("CARGO_PKG_VERSION")));
    for (args, says) in [
        (&["check", "--protocol", "rest", "."][..], "--protocol must be http or websocket, not `rest`"),
        (&["check", "--format", "xml", "."], "--format must be text, json, sarif or github, not `xml`"),
        (&["check", "--fix", "--diff", "."], "--fix and --diff: choose one"),
        (&["check"], "check needs at least one PATH"),
        (&["render", "a", "b"], "render takes exactly one FILE"),
        (&["rules", "--format", "yaml"], "--format must be text, json or markdown, not `yaml`"),
        (&["render", "--format", "json", "-"], "unexpected argument '--format'"),
        (&["check", "--nope", "."], "unexpected argument '--nope'"),
        (&["frobnicate"], "unrecognized subcommand 'frobnicate'"),
    ] {
        let o = run(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains(says) && stderr(&o).contains("Usage: apigw-integration"), "{args:?}: {}", stderr(&o));
    }
    // An option given twice keeps the last value, as before.
    let d = dir("twice", &[("integration.tf", INTEGRATION)]);
    let o = run(&["check", "--format", "json", "--format", "text", "--protocol", "http", "--protocol", "websocket", &d.to_string_lossy()]);
    assert!(stdout(&o).contains("error[R-TMO-1]"), "{}", stdout(&o));
}

/// A directory walk skips hidden directories and the directories `.ignore` files exclude
/// (and `.gitignore` files inside a git repository), reads every `.tf` file of each
/// directory it checks, ignored or not (Terraform reads them: an ignored override file
/// changes the configuration), and takes a file named on the command line whatever the
/// rules say.
#[test]
fn the_walk_honours_ignore_files() {
    let bad = INTEGRATION.replace("\"i\"", "\"bad\"");
    let d = dir(
        "walk_ignore",
        &[
            (".ignore", "generated/\nlocal_override.tf\n"),
            ("api.tf", WS_API),
            ("main.tf", &INTEGRATION.replace("30000", "29000")),
            ("local_override.tf", "resource \"aws_apigatewayv2_integration\" \"i\" {\n  timeout_milliseconds = 30000\n}\n"),
            (".hidden.tf", &INTEGRATION.replace("30000", "29000").replace("\"i\"", "\"h\"")),
            ("generated/x.tf", &bad),
            (".terraform/modules/m/main.tf", &bad),
        ],
    );
    let path = d.to_string_lossy().to_string();
    let o = run(&["check", "--protocol", "websocket", &path]);
    assert_eq!(o.status.code(), Some(1), "the ignored override is read and merged: {}\n{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("local_override.tf:2:3: error[R-TMO-1] aws_apigatewayv2_integration.i.timeout_milliseconds"), "{out}");
    let err = stderr(&o);
    assert!(!out.contains("generated") && err.contains("checked 4 file(s)"), "{err}");
    let named = d.join("generated/x.tf").to_string_lossy().to_string();
    assert_eq!(run(&["check", "--protocol", "websocket", &named]).status.code(), Some(1), "a named file is checked");
    // .gitignore counts inside a git repository.
    let g = dir("walk_gitignore", &[(".gitignore", "skipped/\n"), ("api.tf", WS_API), ("skipped/x.tf", &bad)]);
    let init = Command::new("git").args(["init", "-q"]).current_dir(&g).status().expect("git");
    assert!(init.success());
    let o = run(&["check", "--protocol", "websocket", &g.to_string_lossy()]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stderr(&o).contains("checked 1 file(s)"), "{}", stderr(&o));
}

/// A directory with a JSON override file (which Terraform merges, and this tool does not
/// read) says so, and `--fix` leaves its files as they are: the override may change what
/// a fix would remove.
#[test]
fn a_json_override_file_is_named_and_stops_fixes_there() {
    let d = dir("json_override", &[("main.tf", FIXABLE), ("ws_override.tf.json", "{}")]);
    let path = d.to_string_lossy().to_string();
    let o = run(&["check", "--fix", &path]);
    let err = stderr(&o);
    assert!(err.contains("ws_override.tf.json: not read") && err.contains("no file of this directory is fixed"), "{err}");
    assert_eq!(std::fs::read_to_string(d.join("main.tf")).expect("read"), FIXABLE, "nothing fixed");
    // A plain JSON file is named too, and fixes go on.
    let d = dir("json_plain", &[("main.tf", FIXABLE), ("extra.tf.json", "{}")]);
    let o = run(&["check", "--fix", &d.to_string_lossy()]);
    assert!(stderr(&o).contains("extra.tf.json: not read"), "{}", stderr(&o));
    assert_ne!(std::fs::read_to_string(d.join("main.tf")).expect("read"), FIXABLE, "fixed");
}
