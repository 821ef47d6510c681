//! `check` as a team adopts it in CI, through the command line: the severity that fails
//! the run, the baseline, suppressions that need a reason (and the file-level form), the
//! configuration file and its JSON Schema, and the GitHub problem matcher for the text
//! output.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn run_in(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_apigw-integration")).current_dir(cwd).args(args).output().expect("run CLI")
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A fresh directory under target/ with the given files.
fn dir(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join("gate").join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("mkdir");
    for (path, text) in files {
        std::fs::write(d.join(path), text).expect("write");
    }
    d
}

const API: &str = "resource \"aws_apigatewayv2_api\" \"a\" {\n  protocol_type = \"HTTP\"\n}\n\n";

/// An HTTP_PROXY integration with these extra lines.
fn proxy(name: &str, extra: &str) -> String {
    format!(
        "resource \"aws_apigatewayv2_integration\" \"{name}\" {{\n  api_id             = aws_apigatewayv2_api.a.id\n  integration_type   = \"HTTP_PROXY\"\n  integration_method = \"ANY\"\n  integration_uri    = \"https://example.com\"\n{extra}}}\n"
    )
}

/// Only a warning (R-WSO-2), and only an info (R-CRED-3).
fn warning_only() -> String {
    format!("{API}{}", proxy("w", "  passthrough_behavior = \"NEVER\"\n"))
}
const INFO_ONLY: &str = "resource \"aws_apigatewayv2_api\" \"a\" {\n  protocol_type = \"HTTP\"\n}\n\nresource \"aws_apigatewayv2_integration\" \"l\" {\n  api_id                 = aws_apigatewayv2_api.a.id\n  integration_type       = \"AWS_PROXY\"\n  integration_uri        = aws_lambda_function.f.invoke_arn\n  payload_format_version = \"2.0\"\n}\n";

#[test]
fn min_severity_sets_what_fails_the_run() {
    let d = dir("min", &[("w.tf", &warning_only())]);
    let i = dir("min-info", &[("i.tf", INFO_ONLY)]);
    let code = |d: &Path, args: &[&str]| run_in(d, &[&["check"][..], args, &["."]].concat()).status.code();
    assert_eq!(code(&d, &[]), Some(0), "warnings pass by default");
    assert_eq!(code(&d, &["--min-severity", "error"]), Some(0));
    assert_eq!(code(&d, &["--min-severity", "warning"]), Some(1));
    assert_eq!(code(&i, &["--min-severity", "warning"]), Some(0), "{}", out(&run_in(&i, &["check", "."])));
    assert_eq!(code(&i, &["--min-severity", "info"]), Some(1));
    let bad = run_in(&d, &["check", "--min-severity", "notice", "."]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(err(&bad).contains("--min-severity must be error, warning or info, not `notice`"), "{}", err(&bad));
}

#[test]
fn a_baseline_accepts_known_findings_and_fails_on_new_ones() {
    let two = format!("{}{}", warning_only(), proxy("t", "  timeout_milliseconds = 40000\n"));
    let d = dir("baseline", &[("main.tf", &two)]);
    let wrote = run_in(&d, &["check", "--baseline", "known.json", "--write-baseline", "."]);
    assert_eq!(wrote.status.code(), Some(0), "{}", err(&wrote));
    assert!(err(&wrote).contains("wrote 2 finding(s) to the baseline known.json"), "{}", err(&wrote));
    assert_eq!(out(&wrote), "", "the findings go to the file");
    let json = run_in(&d, &["check", "--format", "json", "--baseline", "known.json", "--write-baseline", "."]);
    assert_eq!((json.status.code(), out(&json)), (Some(0), String::new()), "{}", err(&json));
    let text = std::fs::read_to_string(d.join("known.json")).expect("baseline");
    assert!(
        text.contains("\"rule\": \"R-TMO-1\"") && text.contains("\"field\": \"timeout_milliseconds\"") && !text.contains("line"),
        "{text}"
    );
    let o = run_in(&d, &["check", "--baseline", "known.json", "--min-severity", "warning", "."]);
    assert_eq!((o.status.code(), out(&o)), (Some(0), String::new()), "{}", err(&o));
    assert!(err(&o).contains("0 error(s), 0 warning(s) (2 more in the baseline)"), "{}", err(&o));
    // Lines move: still the same findings.
    std::fs::write(d.join("main.tf"), format!("# moved down\n\n\n{two}")).expect("write");
    let o = run_in(&d, &["check", "--baseline", "known.json", "--min-severity", "warning", "."]);
    assert_eq!((o.status.code(), out(&o)), (Some(0), String::new()), "{}", err(&o));
    // A new finding fails, and only it is reported; a second finding with a known
    // fingerprint is new too (the baseline counts them).
    let more = format!("{two}{}", proxy("n", "  timeout_milliseconds = 40000\n"));
    std::fs::write(d.join("main.tf"), &more).expect("write");
    let o = run_in(&d, &["check", "--baseline", "known.json", "."]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(out(&o).lines().count(), 1, "{}", out(&o));
    assert!(out(&o).contains("aws_apigatewayv2_integration.n.timeout_milliseconds"), "{}", out(&o));
    // Without the baseline everything is reported.
    assert_eq!(out(&run_in(&d, &["check", "."])).lines().count(), 3);
    // A damaged baseline, or --write-baseline without a file, is bad usage.
    std::fs::write(d.join("bad.json"), "{\"version\": 1}").expect("write");
    let o = run_in(&d, &["check", "--baseline", "bad.json", "."]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("bad.json: it has no `findings` list"), "{}", err(&o));
    assert_eq!(run_in(&d, &["check", "--write-baseline", "."]).status.code(), Some(2));
    assert_eq!(run_in(&d, &["check", "--baseline", "x.json", "--write-baseline", "--fix", "."]).status.code(), Some(2));
}

#[test]
fn suppressions_need_a_reason_and_cover_a_file_with_ignore_file() {
    let warn = |comment: &str| format!("{API}{}", proxy("w", &format!("  {comment}\n  passthrough_behavior = \"NEVER\"\n")));
    // No reason: reported, and the finding stays.
    let d = dir("reasonless", &[("main.tf", &warn("# apigw-integration:ignore R-WSO-2"))]);
    let text = out(&run_in(&d, &["check", "."]));
    assert!(text.contains("warning[R-WSO-2]") && text.contains("main.tf:10:1: warning[R-SUP-2]"), "{text}");
    assert!(!text.contains("R-SUP-1"), "said once: {text}");
    // With a reason: silenced.
    // --ignore silences the note too, as any code.
    let text = out(&run_in(&d, &["check", "--ignore", "R-SUP-2", "."]));
    assert!(text.contains("warning[R-WSO-2]") && !text.contains("R-SUP-2"), "{text}");
    let d = dir("reasoned", &[("main.tf", &warn("# apigw-integration:ignore R-WSO-2 the old reader needs it"))]);
    assert_eq!(out(&run_in(&d, &["check", "."])), "");
    // The file-level form covers every block of its file, wherever it stands.
    let file = format!(
        "# apigw-integration:ignore-file R-WSO-2 every integration here feeds the old reader\n{API}{}{}",
        proxy("a", "  passthrough_behavior = \"NEVER\"\n"),
        proxy("b", "  passthrough_behavior = \"NEVER\"\n")
    );
    let d = dir("file-level", &[("main.tf", &file)]);
    assert_eq!(out(&run_in(&d, &["check", "--min-severity", "warning", "."])), "");
    // Only in its own file.
    let d = dir("file-level-two", &[("a.tf", &file), ("b.tf", &proxy("c", "  passthrough_behavior = \"NEVER\"\n"))]);
    let text = out(&run_in(&d, &["check", "."]));
    assert_eq!(text.matches("R-WSO-2").count(), 1, "{text}");
    assert!(text.contains("aws_apigatewayv2_integration.c.passthrough_behavior"), "{text}");
    let d = dir("file-level-reasonless", &[("main.tf", &file.replace(" every integration here feeds the old reader", ""))]);
    let text = out(&run_in(&d, &["check", "."]));
    assert_eq!(text.matches("warning[R-WSO-2]").count(), 2, "{text}");
    assert!(text.contains("main.tf:1:1: warning[R-SUP-2]"), "{text}");
    // Codes listed with a space after the comma are all named; the reason starts after them.
    for list in ["R-WSO-2, R-TMO-1", "R-WSO-2,R-TMO-1"] {
        let whole = format!(
            "{API}# apigw-integration:ignore {list} both reviewed\n{}",
            proxy("w", "  passthrough_behavior = \"NEVER\"\n  timeout_milliseconds = 40000\n")
        );
        let d = dir("comma-space", &[("main.tf", &whole)]);
        let text = out(&run_in(&d, &["check", "."]));
        assert!(!text.contains("R-WSO-2") && !text.contains("R-TMO-1") && !text.contains("R-SUP"), "{list}: {text}");
    }
    // The comment is read, not its line: a string before it that spells a file-level
    // suppression neither silences the file nor changes what the comment says.
    let behind = |comment: &str| {
        format!(
            "{API}{}",
            proxy(
                "w",
                &format!(
                    "  description = \"apigw-integration:ignore-file R-TMO-1 x\" {comment}\n  passthrough_behavior = \"NEVER\"\n  timeout_milliseconds = 40000\n"
                )
            )
        )
    };
    let d = dir("behind-a-string", &[("main.tf", &behind("# apigw-integration:ignore R-WSO-2 the old reader needs it"))]);
    let text = out(&run_in(&d, &["check", "."]));
    assert!(!text.contains("R-WSO-2") && text.contains("error[R-TMO-1]") && !text.contains("R-SUP"), "{text}");
    let d = dir("behind-a-string-reasonless", &[("main.tf", &behind("# apigw-integration:ignore R-WSO-2"))]);
    let text = out(&run_in(&d, &["check", "."]));
    assert!(text.contains("warning[R-WSO-2]") && text.contains("no reason after R-WSO-2"), "{text}");
}

#[test]
fn the_configuration_forbids_suppressing_and_sets_the_defaults() {
    let src = format!(
        "{API}{}",
        proxy(
            "w",
            "  # apigw-integration:ignore R-WSO-2,R-TMO-1 reviewed\n  passthrough_behavior = \"NEVER\"\n  timeout_milliseconds = 40000\n"
        )
    );
    let config = r#"{"$schema": "schema/apigw-integration.schema.json", "forbid_suppressing": ["R-TMO-1"], "min_severity": "warning"}"#;
    let d = dir("config", &[("main.tf", &src), (".apigw-integration.json", config)]);
    // Read from the current directory.
    let o = run_in(&d, &["check", "main.tf"]);
    let text = out(&o);
    assert!(text.contains("error[R-TMO-1]") && text.contains("warning[R-SUP-3]") && !text.contains("R-WSO-2"), "{text}");
    assert_eq!(o.status.code(), Some(1));
    // --ignore may not name a forbidden code.
    let o = run_in(&d, &["check", "--ignore", "R-TMO-1", "main.tf"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("forbids suppressing R-TMO-1"), "{}", err(&o));
    // min_severity from the file, the flag wins.
    let w = dir("config-min", &[("w.tf", &warning_only()), (".apigw-integration.json", r#"{"min_severity": "warning"}"#)]);
    assert_eq!(run_in(&w, &["check", "."]).status.code(), Some(1));
    assert_eq!(run_in(&w, &["check", "--min-severity", "error", "."]).status.code(), Some(0));
    // --config names another file; `ignore` and `baseline` are read too.
    let elsewhere = dir("config-elsewhere", &[("c.json", r#"{"ignore": ["R-WSO-2"]}"#)]);
    let c = elsewhere.join("c.json");
    let o = run_in(&w, &["check", "--config", c.to_str().expect("utf8"), "--min-severity", "warning", "."]);
    assert_eq!((o.status.code(), out(&o)), (Some(0), String::new()), "{}", err(&o));
    // What is wrong with a configuration is said, with exit 2.
    for (bad, says) in [
        (r#"{"bogus": 1}"#, "`bogus` is not a setting"),
        (r#"{"ignore": ["R-NOPE-1"]}"#, "is not a rule code"),
        (r#"{"min_severity": "fatal"}"#, "`min_severity` is \"error\", \"warning\" or \"info\""),
        ("[1]", "a JSON object of settings"),
        ("{", "not valid JSON"),
        (r#"{"$schema": 5}"#, "`$schema` is the schema's address or path (a string), not 5"),
        (r#"{"ignore": "R-TMO-1"}"#, "`ignore` is a list of rule codes"),
        (r#"{"baseline": 5}"#, "`baseline` is the baseline file's path"),
        (r#"{"min_severity": null}"#, "not null"),
        (
            r#"{"ignore": ["R-TMO-1"], "forbid_suppressing": ["R-TMO-1"]}"#,
            ".apigw-integration.json: `ignore` names R-TMO-1, which `forbid_suppressing` says nothing may silence",
        ),
    ] {
        let b = dir("config-bad", &[("w.tf", &warning_only()), (".apigw-integration.json", bad)]);
        let o = run_in(&b, &["check", "."]);
        assert_eq!(o.status.code(), Some(2), "{bad}");
        assert!(err(&o).contains(says), "{bad}: {}", err(&o));
    }
    let missing = run_in(&w, &["check", "--config", "nowhere.json", "."]);
    assert_eq!(missing.status.code(), Some(2));
}

/// The JSON Schema in the repository describes exactly what the CLI reads: each property
/// it lists is accepted with a value the schema allows, each `min_severity` value too, and
/// a key it does not list is refused (as `additionalProperties: false` says).
#[test]
fn the_json_schema_is_what_the_cli_reads() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(format!("{}/../../schema/apigw-integration.schema.json", env!("CARGO_MANIFEST_DIR"))).expect("schema"),
    )
    .expect("schema JSON");
    assert_eq!(schema["additionalProperties"], serde_json::json!(false));
    let props = schema["properties"].as_object().expect("properties");
    let mut keys: Vec<&str> = props.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["$schema", "baseline", "forbid_suppressing", "ignore", "min_severity"]);
    let examples = [
        ("$schema", serde_json::json!("schema/apigw-integration.schema.json")),
        ("baseline", serde_json::json!("known.json")),
        ("forbid_suppressing", serde_json::json!(["R-CRED-1"])),
        ("ignore", serde_json::json!(["R-PFV-2"])),
    ];
    let pattern = schema["$defs"]["code"]["pattern"].as_str().expect("code pattern");
    assert_eq!(pattern, "^R-[A-Z]+-[0-9]+[a-z]?$");
    let w = warning_only();
    for (key, value) in examples {
        let config = serde_json::json!({ key: value }).to_string();
        let d = dir("schema", &[("w.tf", &w), (".apigw-integration.json", &config), ("known.json", "{\"version\": 1, \"findings\": []}")]);
        let o = run_in(&d, &["check", "."]);
        assert_eq!(o.status.code(), Some(0), "{config}: {}", err(&o));
    }
    for level in schema["properties"]["min_severity"]["enum"].as_array().expect("enum") {
        let config = serde_json::json!({ "min_severity": level }).to_string();
        let d = dir("schema", &[("w.tf", &w), (".apigw-integration.json", &config)]);
        assert_ne!(run_in(&d, &["check", "."]).status.code(), Some(2), "{config}");
    }
    let d = dir("schema", &[("w.tf", &w), (".apigw-integration.json", r#"{"minSeverity": "warning"}"#)]);
    assert_eq!(run_in(&d, &["check", "."]).status.code(), Some(2));
    // Every rule code matches the schema's pattern for codes.
    let rules = run_in(Path::new(env!("CARGO_MANIFEST_DIR")), &["rules", "--format", "json"]);
    let table: serde_json::Value = serde_json::from_slice(&rules.stdout).expect("rules JSON");
    for r in table.as_array().expect("rules") {
        let code = r["code"].as_str().expect("code");
        let (head, tail) = code.strip_prefix("R-").and_then(|c| c.split_once('-')).expect("R-GROUP-N");
        let digits = tail.trim_end_matches(|c: char| c.is_ascii_lowercase());
        assert!(
            !head.is_empty()
                && head.bytes().all(|b| b.is_ascii_uppercase())
                && !digits.is_empty()
                && digits.bytes().all(|b| b.is_ascii_digit())
                && tail.len() - digits.len() <= 1,
            "{code} does not match {pattern}"
        );
    }
}

/// The problem matcher reads the text output's lines as GitHub's runner would (its
/// patterns are ECMAScript-compatible; node applies them): an error and a warning line each
/// give their file, line, column, code and message, even with `:` in a map key; info lines
/// match neither (the runner's matchers take only `error` and `warning` as a severity).
#[test]
fn the_problem_matcher_reads_the_text_output() {
    let src = format!(
        "{API}{}{INFO_ONLY}",
        proxy("w", "  passthrough_behavior = \"NEVER\"\n  timeout_milliseconds = 40000\n  request_parameters = {\n    \"append:body.x\" = \"$context.requestId\"\n  }\n")
    )
    .replacen(API, "", 1)
        // An info line whose message quotes what spells another line's start: the matchers
        // must not read an error (or a warning) in it.
        + "resource \"aws_apigatewayv2_integration\" \"f\" {\n  api_id             = aws_apigatewayv2_api.a.id\n  integration_type   = \"HTTP_PROXY\"\n  integration_method = \"ANY\"\n  integration_uri    = \"https://${var.host}:1:1: error[R-FAKE-1] forged :2:2: warning[R-FAKE-2] x\"\n}\n";
    let d = dir("matcher", &[("main.tf", &src)]);
    let o = run_in(&d, &["check", "main.tf"]);
    let text = out(&o);
    let matched = matcher_hits(&text);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(matched.as_array().map(Vec::len), Some(lines.len()));
    let mut seen = (0, 0, 0);
    for (line, m) in lines.iter().zip(matched.as_array().expect("list")) {
        let hits = m.as_array().expect("hits");
        if line.contains(": info[") {
            assert!(hits.is_empty(), "{line}: {m}");
            seen.2 += 1;
            continue;
        }
        assert_eq!(hits.len(), 1, "{line}: {m}");
        let h = &hits[0];
        let (pos, rest) = line.split_once(": ").expect("file:line:col: ");
        let severity = rest.split('[').next().expect("severity");
        let code = rest.split('[').nth(1).and_then(|r| r.split(']').next()).expect("code");
        assert_eq!(h["severity"], serde_json::json!(severity), "{line}");
        assert_eq!(
            format!("{}:{}:{}", h["file"].as_str().unwrap_or(""), h["line"].as_str().unwrap_or(""), h["column"].as_str().unwrap_or("")),
            pos
        );
        assert_eq!(h["code"], serde_json::json!(code));
        assert!(rest.ends_with(h["message"].as_str().expect("message")), "{line}: {m}");
        if severity == "error" {
            seen.0 += 1;
        } else {
            seen.1 += 1;
        }
    }
    assert!(seen.0 >= 2 && seen.1 >= 1 && seen.2 >= 2, "{seen:?}\n{text}");
    assert!(text.contains(": info[R-HCL-4] aws_apigatewayv2_integration.f.integration_uri: ") && text.contains("R-FAKE-1"), "{text}");
    assert!(text.contains("request_parameters[\"append:body.x\"]: "), "a path with `:` is in the test: {text}");
}

/// A copy of the hand-written plan of crates/core/tests/fixtures/plans/app and its
/// configuration (a root module and a local module), with `edits` (file, text, new text)
/// made to its files.
fn app_copy(name: &str, edits: &[(&str, &str, &str)]) -> PathBuf {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).expect("mkdir");
        for e in std::fs::read_dir(from).expect("read_dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                copy(&p, &to.join(e.file_name()));
            } else {
                std::fs::copy(&p, to.join(e.file_name())).expect("copy");
            }
        }
    }
    let d = dir(name, &[]);
    copy(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/tests/fixtures/plans/app"), &d);
    for (file, from, to) in edits {
        let text = std::fs::read_to_string(d.join(file)).expect("read");
        assert!(text.contains(from), "{file}: {from}");
        std::fs::write(d.join(file), text.replacen(from, to, 1)).expect("write");
    }
    d
}

/// `check` with standard input.
fn run_piped(cwd: &Path, args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_apigw-integration"))
        .current_dir(cwd)
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    std::io::Write::write_all(&mut child.stdin.take().expect("stdin"), stdin).expect("write");
    child.wait_with_output().expect("wait")
}

/// The plan's findings: R-CRED-3 (info), R-CRED-2b (warning), and these errors.
const PLAN_ERRORS: &str = "R-TMO-1,R-TYPE-1,R-URI-3";

#[test]
fn min_severity_and_the_configuration_gate_a_plan_too() {
    let d = app_copy("plan-min", &[]);
    let code = |args: &[&str]| run_in(&d, &[&["check", "--plan", "plan.json"][..], args].concat()).status.code();
    assert_eq!(code(&[]), Some(1));
    assert_eq!(code(&["--ignore", PLAN_ERRORS]), Some(0), "a warning passes by default");
    assert_eq!(code(&["--ignore", PLAN_ERRORS, "--min-severity", "warning"]), Some(1));
    let errors_and_warning = format!("{PLAN_ERRORS},R-CRED-2b");
    assert_eq!(code(&["--ignore", &errors_and_warning, "--min-severity", "warning"]), Some(0));
    assert_eq!(code(&["--ignore", &errors_and_warning, "--min-severity", "info"]), Some(1), "an info fails at info");
    // The configuration file's min_severity and ignore.
    let config = format!(
        r#"{{"min_severity": "warning", "ignore": [{}]}}"#,
        PLAN_ERRORS.split(',').map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(", ")
    );
    std::fs::write(d.join(".apigw-integration.json"), config).expect("write");
    let o = run_in(&d, &["check", "--plan", "plan.json"]);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    assert!(out(&o).contains("warning[R-CRED-2b]") && !out(&o).contains("error["), "{}", out(&o));
    assert_eq!(code(&["--min-severity", "error"]), Some(0), "the flag wins over the file");
}

#[test]
fn a_baseline_accepts_a_plans_known_findings() {
    let d = app_copy("plan-baseline", &[]);
    let wrote = run_in(&d, &["check", "--plan", "plan.json", "--baseline", "known.json", "--write-baseline", "--format", "json"]);
    assert_eq!((wrote.status.code(), out(&wrote)), (Some(0), String::new()), "{}", err(&wrote));
    assert!(err(&wrote).contains("wrote 7 finding(s) to the baseline known.json"), "{}", err(&wrote));
    let text = std::fs::read_to_string(d.join("known.json")).expect("baseline");
    let v: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let list = v["findings"].as_array().expect("findings");
    assert!(
        list.iter().any(|f| f["file"] == "modules/svc/main.tf"
            && f["resource"] == "module.orders.aws_apigatewayv2_integration.this[\"list\"]"
            && f["rule"] == "R-TMO-1"
            && f["field"] == "timeout_milliseconds"),
        "{text}"
    );
    // Read back: everything accepted, from the file or from standard input, the plan named
    // by an absolute path too (its files are then named so).
    let o = run_in(&d, &["check", "--plan", "plan.json", "--baseline", "known.json", "--min-severity", "info"]);
    assert_eq!((o.status.code(), out(&o)), (Some(0), String::new()), "{}", err(&o));
    let absolute = d.join("plan.json");
    let o = run_in(&d, &["check", "--plan", absolute.to_str().expect("utf8"), "--baseline", "known.json", "--min-severity", "info"]);
    assert_eq!((o.status.code(), out(&o)), (Some(0), String::new()), "{}", err(&o));
    assert!(err(&o).contains("0 error(s), 0 warning(s) (7 more in the baseline)"), "{}", err(&o));
    let plan = std::fs::read(d.join("plan.json")).expect("read");
    let o = run_piped(&d, &["check", "--plan", "-", "--baseline", "known.json", "."], &plan);
    assert_eq!((o.status.code(), out(&o)), (Some(0), String::new()), "{}", err(&o));
    // A finding the baseline does not list is new: reported alone, and it fails.
    let fewer: Vec<serde_json::Value> = list.iter().filter(|f| f["resource"] != "aws_apigatewayv2_integration.mock[1]").cloned().collect();
    std::fs::write(d.join("fewer.json"), serde_json::json!({"version": 1, "findings": fewer}).to_string()).expect("write");
    let o = run_in(&d, &["check", "--plan", "plan.json", "--baseline", "fewer.json"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(out(&o).lines().count(), 1, "{}", out(&o));
    assert!(out(&o).contains("aws_apigatewayv2_integration.mock[1].timeout_milliseconds"), "{}", out(&o));
    // A plan read where no .tf file holds its blocks: fingerprinted by address, so the
    // plan's file name (or standard input) does not matter.
    let alone = dir("plan-baseline-alone", &[]);
    std::fs::write(alone.join("p.json"), &plan).expect("write");
    let wrote = run_in(&alone, &["check", "--plan", "p.json", "--baseline", "b.json", "--write-baseline"]);
    assert_eq!(wrote.status.code(), Some(0), "{}", err(&wrote));
    assert!(std::fs::read_to_string(alone.join("b.json")).expect("read").contains("\"file\": \"\""));
    let o = run_piped(&alone, &["check", "--plan", "-", "--baseline", "b.json", "--min-severity", "info"], &plan);
    assert_eq!((o.status.code(), out(&o)), (Some(0), String::new()), "{}", err(&o));
    let o = run_piped(&alone, &["check", "--plan", "-"], &plan);
    assert!(out(&o).lines().all(|l| l.starts_with("<stdin>:1:1: ")), "{}", out(&o));
    let o = run_piped(&alone, &["check", "--plan", "-"], b"{");
    assert!(err(&o).starts_with("apigw-integration: <stdin>: The plan is not JSON"), "{}", err(&o));
    // A damaged baseline stops the run, as without --plan.
    std::fs::write(d.join("bad.json"), "[").expect("write");
    let o = run_in(&d, &["check", "--plan", "plan.json", "--baseline", "bad.json"]);
    assert_eq!((o.status.code(), out(&o)), (Some(2), String::new()));
    assert!(err(&o).contains("bad.json: not valid JSON"), "{}", err(&o));
    assert_eq!(run_in(&d, &["check", "--plan", "plan.json", "--write-baseline"]).status.code(), Some(2));
}

#[test]
fn suppression_comments_and_their_policy_apply_to_a_plans_findings() {
    let svc = "modules/svc/main.tf";
    let timeout = "  timeout_milliseconds = each.value.timeout\n";
    let commented = |comment: &str| format!("  {comment}\n{timeout}");
    // With a reason: silenced, for every instance of the block.
    let d = app_copy("plan-sup", &[(svc, timeout, &commented("# apigw-integration:ignore R-TMO-1 list is raised in AWS by ticket 42"))]);
    let o = run_in(&d, &["check", "--plan", "plan.json"]);
    assert!(!out(&o).contains("this[\"list\"].timeout_milliseconds"), "{}", out(&o));
    assert!(out(&o).contains("aws_apigatewayv2_integration.mock[0].timeout_milliseconds"), "only there: {}", out(&o));
    assert!(!out(&o).contains("R-SUP"), "{}", out(&o));
    // Without a reason: the finding stays, and the comment is reported.
    let d = app_copy("plan-sup-reasonless", &[(svc, timeout, &commented("# apigw-integration:ignore R-TMO-1"))]);
    let o = run_in(&d, &["check", "--plan", "plan.json"]);
    assert!(out(&o).contains("this[\"list\"].timeout_milliseconds"), "{}", out(&o));
    assert!(out(&o).contains("modules/svc/main.tf:20:1: warning[R-SUP-2]"), "{}", out(&o));
    // A code the configuration forbids to suppress: the same, with R-SUP-3.
    let d = app_copy("plan-sup-forbidden", &[(svc, timeout, &commented("# apigw-integration:ignore R-TMO-1 reviewed"))]);
    std::fs::write(d.join(".apigw-integration.json"), r#"{"forbid_suppressing": ["R-TMO-1"]}"#).expect("write");
    let o = run_in(&d, &["check", "--plan", "plan.json"]);
    assert!(out(&o).contains("this[\"list\"].timeout_milliseconds"), "{}", out(&o));
    assert!(out(&o).contains("modules/svc/main.tf:20:1: warning[R-SUP-3]"), "{}", out(&o));
    let o = run_in(&d, &["check", "--plan", "plan.json", "--ignore", "R-TMO-1"]);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    // The file-level form; and a suppression for something the plan does not show is not
    // reported as silencing nothing (it may be there for another plan or the files alone).
    let d = app_copy(
        "plan-sup-file",
        &[
            (
                "main.tf",
                "resource \"aws_apigatewayv2_integration\" \"mock\" {",
                "# apigw-integration:ignore-file R-TMO-1 the mocks are test fixtures\n\nresource \"aws_apigatewayv2_integration\" \"mock\" {",
            ),
            (
                svc,
                "  integration_method   = \"ANY\"\n",
                "  # apigw-integration:ignore R-METH-2 not for this plan\n  integration_method   = \"ANY\"\n",
            ),
        ],
    );
    let o = run_in(&d, &["check", "--plan", "plan.json"]);
    assert!(!out(&o).contains("mock[0]") && !out(&o).contains("mock[1]"), "{}", out(&o));
    assert!(out(&o).contains("this[\"list\"].timeout_milliseconds") && !out(&o).contains("R-SUP"), "{}", out(&o));
}

/// `--write-baseline` replaces a baseline whole, and nothing else: a `.tf` file or the
/// configuration named by mistake is left as it is; a link keeps pointing at the baseline.
/// Baselines that are not baselines are refused with a message, never a panic.
#[test]
fn write_baseline_replaces_only_a_baseline() {
    let src = warning_only();
    let d = dir("write-guard", &[("w.tf", &src), (".apigw-integration.json", r#"{"min_severity": "warning"}"#), ("empty.json", "")]);
    for victim in ["w.tf", ".apigw-integration.json"] {
        let before = std::fs::read(d.join(victim)).expect("read");
        let o = run_in(&d, &["check", "--baseline", victim, "--write-baseline", "."]);
        assert_eq!(o.status.code(), Some(2), "{victim}");
        assert!(err(&o).contains("--write-baseline replaces only a baseline file"), "{}", err(&o));
        assert_eq!(std::fs::read(d.join(victim)).expect("read"), before, "{victim}");
    }
    let o = run_in(&d, &["check", "--baseline", "empty.json", "--write-baseline", "."]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    std::fs::create_dir_all(d.join("a-dir")).expect("mkdir");
    let o = run_in(&d, &["check", "--baseline", "a-dir", "--write-baseline", "."]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("a-dir: it is a directory"), "{}", err(&o));
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("empty.json", d.join("link.json")).expect("symlink");
        let o = run_in(&d, &["check", "--baseline", "link.json", "--write-baseline", "."]);
        assert_eq!(o.status.code(), Some(0), "{}", err(&o));
        assert!(std::fs::symlink_metadata(d.join("link.json")).expect("link").file_type().is_symlink());
        assert!(std::fs::read_to_string(d.join("empty.json")).expect("read").contains("R-WSO-2"));
    }
    let left: Vec<String> = std::fs::read_dir(&d)
        .expect("dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    // Read: what is not a baseline says so (exit 2).
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let many = format!(
        "{{\"version\": 1, \"findings\": [{}]}}",
        vec![r#"{"file": "w.tf", "resource": "r", "rule": "R-WSO-2", "field": "f"}"#; 100_000].join(",")
    );
    for (text, says) in [
        (deep.as_str(), "not valid JSON"),
        ("{\"version\": \"1\", \"findings\": []}", "not a baseline of version 1"),
        ("{\"version\": 1, \"findings\": [{\"file\": 1}]}", "findings[0] needs the strings"),
        ("{\"version\": 1, \"findings\": [null]}", "findings[0] needs the strings"),
    ] {
        std::fs::write(d.join("b.json"), text).expect("write");
        let o = run_in(&d, &["check", "--baseline", "b.json", "."]);
        assert_eq!((o.status.code(), out(&o)), (Some(2), String::new()), "{says}");
        assert!(err(&o).contains(says), "{says}: {}", err(&o));
    }
    // A byte-order mark (some editors write one) is read past, in a baseline and in the
    // configuration.
    std::fs::write(d.join("bom.json"), "\u{feff}{\"version\": 1, \"findings\": []}").expect("write");
    std::fs::write(d.join("bom-config.json"), "\u{feff}{\"min_severity\": \"error\"}").expect("write");
    let o = run_in(&d, &["check", "--config", "bom-config.json", "--baseline", "bom.json", "."]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    // A large baseline is read (it accepts what it lists).
    std::fs::write(d.join("many.json"), many).expect("write");
    let o = run_in(&d, &["check", "--baseline", "many.json", "."]);
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    let huge = d.join("huge.json");
    let f = std::fs::File::create(&huge).expect("create");
    f.set_len(17 << 20).expect("grow");
    let o = run_in(&d, &["check", "--baseline", "huge.json", "."]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("more than the 16 MiB"), "{}", err(&o));
}

/// A suppression over a value that differs from run to run (a reference: what `--var` or a
/// plan gives) silences nothing in a run without those values, and is used in one with
/// them: it is not reported as silencing nothing (R-SUP-1), which would tell a team to
/// remove what its plan run needs. Over a literal it is reported, as before.
#[test]
fn a_suppression_over_a_reference_is_not_said_to_silence_nothing() {
    let svc = "modules/svc/main.tf";
    let timeout = "  timeout_milliseconds = each.value.timeout\n";
    let d = app_copy(
        "sup-reference",
        &[(
            svc,
            timeout,
            "  # apigw-integration:ignore R-TMO-1 raised in AWS by ticket 42\n  timeout_milliseconds = each.value.timeout\n  # apigw-integration:ignore R-WSO-2 nothing to silence\n  description = \"literal\"\n",
        )],
    );
    // The files alone: the value is unknown, the first comment is not reported; the second
    // covers a literal and is.
    let o = run_in(&d, &["check", "--protocol", "http", "modules/svc"]);
    let text = out(&o);
    assert!(!text.contains("main.tf:20:1: warning[R-SUP-1]"), "{text}");
    assert!(text.contains("main.tf:22:1: warning[R-SUP-1]"), "{text}");
    // With values, and in the plan, the first one silences the finding.
    let tfvars = d.join("orders.tfvars");
    let o = run_in(&d, &["check", "--protocol", "http", "--var-file", tfvars.to_str().expect("utf8"), "modules/svc"]);
    assert!(!out(&o).contains("R-TMO-1"), "{}", out(&o));
    let o = run_in(&d, &["check", "--plan", "plan.json"]);
    assert!(!out(&o).contains("this[\"list\"].timeout_milliseconds"), "{}", out(&o));
    // The file-level form, in a file that holds references: the same.
    let d = app_copy(
        "sup-reference-file",
        &[(svc, "variable \"api_id\" {", "# apigw-integration:ignore-file R-TMO-1 raised in AWS by ticket 42\n\nvariable \"api_id\" {")],
    );
    let o = run_in(&d, &["check", "--protocol", "http", "modules/svc"]);
    assert!(!out(&o).contains("R-SUP-1"), "{}", out(&o));
    let o = run_in(&d, &["check", "--plan", "plan.json"]);
    assert!(!out(&o).contains("this[\"list\"].timeout_milliseconds"), "{}", out(&o));
    // In a file of literals only, a stale one is reported.
    let literal = "# apigw-integration:ignore-file R-TMO-1 stale\nresource \"aws_apigatewayv2_integration\" \"m\" {\n  api_id           = \"abc123\"\n  integration_type = \"MOCK\"\n}\n";
    let d = dir("sup-literal-file", &[("main.tf", literal)]);
    let o = run_in(&d, &["check", "--protocol", "websocket", "."]);
    assert!(out(&o).contains("main.tf:1:1: warning[R-SUP-1]"), "{}", out(&o));
}

/// What the problem matcher's patterns read in each line of `text`, as the runner would
/// (its patterns are ECMAScript-compatible; node applies them): per line, the hits.
fn matcher_hits(text: &str) -> serde_json::Value {
    let matcher = format!("{}/../../schema/apigw-integration-problem-matcher.json", env!("CARGO_MANIFEST_DIR"));
    let script = r#"
const fs = require('fs');
const m = JSON.parse(fs.readFileSync(process.argv[1], 'utf8')).problemMatcher;
const lines = fs.readFileSync(0, 'utf8').split('\n').filter(l => l);
console.log(JSON.stringify(lines.map(l => m.flatMap(x => {
  const p = x.pattern[0]; const g = new RegExp(p.regexp).exec(l);
  return g ? [{owner: x.owner, severity: x.severity, file: g[p.file], line: g[p.line], column: g[p.column], code: g[p.code], message: g[p.message]}] : [];
}))));
"#;
    let mut child = Command::new("node")
        .args(["-e", script, &matcher])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("node");
    use std::io::Write;
    child.stdin.take().expect("stdin").write_all(text.as_bytes()).expect("write");
    let done = child.wait_with_output().expect("node");
    serde_json::from_slice(&done.stdout).expect("node JSON")
}

/// A file whose name spells a position and a finding: the matcher reads the line's own
/// finding, never one made of the name.
#[test]
fn the_problem_matcher_reads_no_finding_in_a_file_name() {
    let name = "x:1:1: error[R-FAKE-1] y.tf";
    let d = dir("matcher-name", &[(name, &warning_only())]);
    let text = out(&run_in(&d, &["check", name]));
    let hits = matcher_hits(&text);
    let all: Vec<&serde_json::Value> = hits.as_array().expect("lines").iter().flat_map(|h| h.as_array().expect("hits")).collect();
    assert_eq!(all.len(), 1, "{text}: {hits}");
    assert_eq!((all[0]["severity"].as_str(), all[0]["code"].as_str()), (Some("warning"), Some("R-WSO-2")), "{text}");
}
