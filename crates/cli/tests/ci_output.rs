//! Nothing the CLI prints can run a GitHub Actions workflow command: a replay of the
//! runner's parsing over every line of every output of every command, on hostile inputs
//! (file names, comments, map keys, values, resource labels, diff context, heredoc lines).
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// A replay of how actions/runner reads a step's output: `ProcessInvoker.StartReadStream`
/// (lines from `StreamReader.ReadLine`), `OutputManager.OnDataReceived`,
/// `ActionCommandManager.TryProcessCommand` (the `stop-commands` state) and
/// `ActionCommand.TryParseV2` / `TryParse`, transcribed with ordinal string comparisons.
mod runner {
    /// The commands the runner registers (`ActionCommandManager.Initialize`: its command
    /// extensions and `stop-commands`).
    const REGISTERED: &[&str] = &[
        "stop-commands",
        "set-env",
        "set-output",
        "save-state",
        "add-mask",
        "add-path",
        "add-matcher",
        "remove-matcher",
        "debug",
        "warning",
        "error",
        "notice",
        "group",
        "endgroup",
        "echo",
    ];

    #[derive(Debug, Clone, PartialEq)]
    pub struct Cmd {
        pub name: String,
        pub props: Vec<(String, String)>,
        pub data: String,
    }

    #[derive(Debug, Clone, PartialEq)]
    pub enum Event {
        /// A command the runner would carry out (not `stop-commands`).
        Ran(Cmd),
        /// `::stop-commands::TOKEN`.
        Stopped(String),
        /// The line that ended a `stop-commands`.
        Resumed(String),
    }

    /// The lines of a stream as `StreamReader.ReadLine` gives them: a line ends at `\n`, at
    /// `\r` or at `\r\n`; a last line without an end counts.
    pub fn lines(s: &str) -> Vec<&str> {
        let b = s.as_bytes();
        let mut out = Vec::new();
        let (mut start, mut i) = (0, 0);
        while i < b.len() {
            match b[i] {
                b'\n' => {
                    out.push(&s[start..i]);
                    i += 1;
                    start = i;
                }
                b'\r' => {
                    out.push(&s[start..i]);
                    i += 1;
                    if b.get(i) == Some(&b'\n') {
                        i += 1;
                    }
                    start = i;
                }
                _ => i += 1,
            }
        }
        if start < b.len() {
            out.push(&s[start..]);
        }
        out
    }

    fn unescape(s: &str, map: &[(&str, &str)]) -> String {
        map.iter().fold(s.to_string(), |acc, (from, to)| acc.replace(from, to))
    }

    fn data_v2(s: &str) -> String {
        unescape(s, &[("%0D", "\r"), ("%0A", "\n"), ("%25", "%")])
    }

    fn prop_v2(s: &str) -> String {
        unescape(s, &[("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")])
    }

    fn legacy(s: &str) -> String {
        unescape(s, &[("%3B", ";"), ("%0D", "\r"), ("%0A", "\n"), ("%5D", "]"), ("%25", "%")])
    }

    fn pairs(props: &str, sep: char, value: fn(&str) -> String) -> Vec<(String, String)> {
        props
            .split(sep)
            .filter(|p| !p.is_empty())
            .filter_map(|p| p.split_once('=').filter(|(k, v)| !k.is_empty() && !v.is_empty()).map(|(k, v)| (k.to_string(), value(v))))
            .collect()
    }

    /// `TryParseV2`: after `TrimStart()`, `::NAME[ PROPS]::DATA`.
    fn parse_v2(line: &str, registered: &dyn Fn(&str) -> bool) -> Option<Cmd> {
        let rest = line.trim_start().strip_prefix("::")?;
        let end = rest.find("::")?;
        let info = &rest[..end];
        let (name, props) = match info.find(' ') {
            Some(at) => (&info[..at], Some(&info[at + 1..])),
            None => (info, None),
        };
        if !registered(name) {
            return None;
        }
        let props = props.map_or_else(Vec::new, |p| pairs(p.trim(), ',', prop_v2));
        Some(Cmd { name: name.to_string(), props, data: data_v2(&rest[end + 2..]) })
    }

    /// `TryParse`: `##[NAME[ PROPS]]DATA` anywhere in the line.
    fn parse_legacy(line: &str, registered: &dyn Fn(&str) -> bool) -> Option<Cmd> {
        let prefix = line.find("##[")?;
        let rb = prefix + line[prefix..].find(']')?;
        // `Substring` with a negative length throws, and the parse fails.
        let info = line.get(prefix + 3..rb)?;
        let (name, props) = match info.find(' ') {
            Some(at) => (&info[..at], Some(&info[at + 1..])),
            None => (info, None),
        };
        if !registered(name) {
            return None;
        }
        let props = props.map_or_else(Vec::new, |p| pairs(p, ';', legacy));
        Some(Cmd { name: name.to_string(), props, data: legacy(&line[rb + 1..]) })
    }

    /// One stream's command processing.
    pub struct Runner {
        /// Take any name as registered (commands the runner may register some day).
        pub any_name: bool,
        stop_token: Option<String>,
    }

    impl Runner {
        pub fn new(any_name: bool) -> Self {
            Runner { any_name, stop_token: None }
        }

        pub fn feed(&mut self, line: &str) -> Option<Event> {
            if !(line.contains("##[") || line.contains("::")) {
                return None;
            }
            let token = self.stop_token.clone();
            let any = self.any_name;
            let registered = move |name: &str| {
                (any && !name.is_empty())
                    || REGISTERED.iter().any(|r| r.eq_ignore_ascii_case(name))
                    || token.as_deref().is_some_and(|t| !t.is_empty() && t.eq_ignore_ascii_case(name))
            };
            let cmd = parse_v2(line, &registered).or_else(|| parse_legacy(line, &registered))?;
            if let Some(token) = &self.stop_token {
                if !token.is_empty() && cmd.name.eq_ignore_ascii_case(token) {
                    let t = token.clone();
                    self.stop_token = None;
                    return Some(Event::Resumed(t));
                }
                return None;
            }
            if cmd.name.eq_ignore_ascii_case("stop-commands") {
                self.stop_token = Some(cmd.data.clone());
                return Some(Event::Stopped(cmd.data));
            }
            Some(Event::Ran(cmd))
        }
    }

    /// Every event of a stream, with the line number it came from, under each reading the
    /// runner could have: the names it registers or any name, and every character outside
    /// ASCII and every control character either seen or skipped (what ICU's culture-aware
    /// `StartsWith` and `IndexOf` may ignore, taken at its widest).
    pub fn replay(stream: &str) -> Vec<Vec<(usize, Event)>> {
        let mut all = Vec::new();
        for any_name in [false, true] {
            for fold in [false, true] {
                let mut r = Runner::new(any_name);
                let mut events = Vec::new();
                for (n, line) in lines(stream).into_iter().enumerate() {
                    let seen: String =
                        if fold { line.chars().filter(|c| c.is_ascii() && !c.is_ascii_control()).collect() } else { line.to_string() };
                    if let Some(e) = r.feed(&seen) {
                        events.push((n, e));
                    }
                }
                all.push(events);
            }
        }
        all
    }
}

use runner::Event;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_apigw-integration"))
}

/// Runs the CLI in `dir`, as the runner would (`GITHUB_ACTIONS=true`, pipes) or not.
fn run_in(dir: &Path, args: &[&str], stdin: Option<&str>, actions: bool) -> Output {
    let mut c = bin();
    c.current_dir(dir).args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    if actions {
        c.env("GITHUB_ACTIONS", "true");
    } else {
        c.env_remove("GITHUB_ACTIONS");
    }
    let mut child = c.spawn().expect("spawn");
    {
        use std::io::Write;
        let mut pipe = child.stdin.take().expect("stdin");
        let _ = pipe.write_all(stdin.unwrap_or("").as_bytes());
    }
    child.wait_with_output().expect("wait")
}

/// Asserts that a stream runs no command at all.
fn no_commands(what: &str, stream: &str) {
    for events in runner::replay(stream) {
        assert!(events.is_empty(), "{what}: the runner would run {events:?} from\n{stream}");
    }
}

/// Asserts that stdout runs nothing but, when it holds lines a runner could run, one
/// `stop-commands` around all of it with a token of the CLI's; returns what is between.
fn wrapped_or_inert(what: &str, stream: &str) -> String {
    let lines = runner::lines(stream);
    for events in runner::replay(stream) {
        match events.as_slice() {
            [] => {}
            [(0, Event::Stopped(token)), (last, Event::Resumed(end))] => {
                assert_eq!(token, end, "{what}");
                assert!(
                    token.len() == 50
                        && token.starts_with("apigw-integration-")
                        && token[18..].bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()),
                    "{what}: {token}"
                );
                assert_eq!(*last, lines.len() - 1, "{what}: the wrapping ends at the last line\n{stream}");
            }
            other => panic!("{what}: the runner would run {other:?} from\n{stream}"),
        }
    }
    match stream.strip_prefix("::stop-commands::") {
        Some(rest) => {
            let (token, inner) = rest.split_once('\n').expect("a token line");
            inner.strip_suffix(&format!("::{token}::\n")).expect("the closing line").to_string()
        }
        None => stream.to_string(),
    }
}

/// A rule code (`R-TMO-1`, `R-WSO-4b`): what an annotation's title may be. (Not looked up
/// in the rule table: a code such as `R-NAME-2` is made outside it.)
fn is_code(s: &str) -> bool {
    s.strip_prefix("R-").is_some_and(|rest| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
}

/// Asserts that every line of `--format github` output is one annotation, and that nothing
/// else runs; returns the annotations.
fn annotations(what: &str, stream: &str) -> Vec<runner::Cmd> {
    let lines = runner::lines(stream);
    let mut first = None;
    for events in runner::replay(stream) {
        assert_eq!(events.len(), lines.len(), "{what}: one annotation per line\n{stream}");
        let cmds: Vec<runner::Cmd> = events
            .into_iter()
            .map(|(_, e)| match e {
                Event::Ran(c) if ["error", "warning", "notice"].contains(&c.name.as_str()) => c,
                other => panic!("{what}: the runner would run {other:?} from\n{stream}"),
            })
            .collect();
        for c in &cmds {
            let title = c.props.iter().find(|(k, _)| k == "title").map(|(_, v)| v.as_str()).unwrap_or_default();
            assert!(is_code(title), "{what}: title {title:?} in {c:?}");
        }
        first.get_or_insert(cmds);
    }
    first.unwrap_or_default()
}

/// A fresh directory under target/ with the given files.
fn dir(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("mkdir");
    for (path, text) in files {
        std::fs::write(d.join(path), text).expect("write");
    }
    d
}

const API: &str = "resource \"aws_apigatewayv2_api\" \"http\" {\n  protocol_type = \"HTTP\"\n}\n";

/// Comments, map keys, values, heredoc lines and a resource label that spell workflow
/// commands, around a fixable finding (so that they are diff context too).
const HOSTILE: &str = r####"# apigw-integration:ignore ##[error]Forged,::error::Forged nothing
resource "aws_apigatewayv2_integration" "lambda" {
  api_id             = aws_apigatewayv2_api.http.id
  integration_type   = "AWS_PROXY"
  integration_uri    = aws_lambda_function.f.invoke_arn
  integration_method = "GET"
  description        = <<-EOT
::error file=main.tf,line=1::Approved
::add-mask::error
##[error]Forged
  ::stop-commands::x
EOT
  request_parameters = {
    "::error::key"  = "##[error]v"
    "##[warning]k2" = "::error::v2"
    "#é#[error]k3"  = "é::error::v3"
  }
}

resource "aws_apigatewayv2_integration" "##[error]label" {
  api_id               = aws_apigatewayv2_api.http.id
  integration_type     = "HTTP_PROXY"
  integration_uri      = "https://example.com/##[error]x"
  integration_method   = "##[error]m"
  passthrough_behavior = "NEVER"
}
"####;

/// Renders (no withholding error), with heredoc lines and strings that spell commands.
const RENDERABLE: &str = r####"resource "aws_apigatewayv2_integration" "r" {
  api_id             = aws_apigatewayv2_api.http.id
  integration_type   = "HTTP_PROXY"
  integration_method = "GET"
  integration_uri    = "https://example.com/##[error]x"
  description        = <<-EOT
  ::error file=r.tf,line=1::Approved
  ::add-mask::error
  EOT
  passthrough_behavior = "WHEN_NO_MATCH"
}
"####;

/// File names that spell commands (at the start of a line, inside one, across a line
/// break, behind a character the runner's culture-aware search may skip).
const NAMES: &[&str] =
    &["::warning title=Forged::x.tf", "##[error title=Forged]y.tf", "#\u{e9}#[error]z.tf", "n\n::error::newline.tf", "c\r::error::cr.tf"];

fn hostile_tree(name: &str) -> PathBuf {
    let mut files = vec![("api.tf", API), ("main.tf", HOSTILE), ("r.tf", RENDERABLE)];
    for n in NAMES {
        files.push((n, RENDERABLE));
    }
    dir(name, &files)
}

/// Every command on every hostile input, with and without `GITHUB_ACTIONS=true`.
#[test]
fn no_output_runs_a_workflow_command() {
    let d = hostile_tree("ci_hostile");
    let from_aws = r###"{"Items": [{"IntegrationId": "ab##[error]1", "IntegrationType": "HTTP_PROXY", "IntegrationMethod": "ANY",
        "IntegrationUri": "https://example.com/##[error]x", "PayloadFormatVersion": "1.0", "TimeoutInMillis": 30000,
        "Description": "::error::d\n::add-mask::z\n##[error]Forged",
        "RequestParameters": {"::error::k": "##[warning]v", "append:header.x": "::error::v"}}]}"###;
    let model = r###"[{"name": "##[error]n", "integration_type": "MOCK", "description": "::error::x\n##[error]y"},
        {"name": "ok", "integration_type": "HTTP_PROXY", "integration_uri": "https://e.com/##[error]", "description": "::add-mask::x\n::error::y"}]"###;
    let model_ok = r###"{"name": "ok", "protocol": "HTTP", "integration_type": "HTTP_PROXY", "integration_method": "ANY",
        "integration_uri": "https://e.com/##[error]", "description": "a\n::error::y",
        "request_parameters": {"append:header.x": "::error::v"}}"###;
    std::fs::write(d.join("aws.json"), from_aws).expect("write");
    std::fs::write(d.join("model.json"), model_ok).expect("write");
    let mut runs: Vec<(Vec<&str>, Option<&str>)> = vec![
        (vec!["check", "."], None),
        (vec!["check", "--format", "json", "."], None),
        (vec!["check", "--format", "sarif", "."], None),
        (vec!["check", "--format", "github", "."], None),
        (vec!["check", "--diff", "."], None),
        (vec!["check", "--protocol", "websocket", "--diff", "."], None),
        (vec!["render", "r.tf"], None),
        (vec!["render", "main.tf"], None),
        (vec!["render", "-"], Some(RENDERABLE)),
        (vec!["render", "--json", "-"], Some(model)),
        (vec!["render", "--json", "model.json"], None),
        (vec!["from-aws", "--api-id", "aabbcc##[error]", "--protocol", "http", "-"], Some(from_aws)),
        (vec!["from-aws", "--api-json", "::error::missing.json", "aws.json"], None),
        (vec!["from-aws", "--lambda-permission", "--route", "aws.json"], None),
        (vec!["rules"], None),
        (vec!["rules", "--format", "json"], None),
        (vec!["rules", "--format", "markdown"], None),
        (vec!["--help"], None),
        (vec!["check", "--format", "##[error]x", "."], None),
        (vec!["::error::cmd"], None),
        (vec!["check", "--ignore", "##[error]X", "."], None),
        (vec!["check", "--jobs", "::error::x", "."], None),
        (vec!["check", "--##[error]opt", "."], None),
        (vec!["render", "::error::a", "##[error]b"], None),
        (vec!["check", "::error::no such file.tf"], None),
        (vec!["render", "##[error]no such file.tf"], None),
    ];
    // Every hostile file name given on the command line (so that a line starts with it),
    // in every form of output.
    for n in NAMES {
        runs.push((vec!["check", n], None));
        runs.push((vec!["check", "--format", "github", n], None));
        runs.push((vec!["check", "--format", "json", n], None));
        runs.push((vec!["check", "--diff", n], None));
        runs.push((vec!["render", n], None));
    }
    for (args, stdin) in &runs {
        let what = format!("{args:?}");
        let bare = run_in(&d, args, *stdin, false);
        let ci = run_in(&d, args, *stdin, true);
        let (out, err) = (String::from_utf8_lossy(&ci.stdout).into_owned(), String::from_utf8_lossy(&ci.stderr).into_owned());
        let (bare_out, bare_err) = (String::from_utf8_lossy(&bare.stdout).into_owned(), String::from_utf8_lossy(&bare.stderr).into_owned());
        assert_eq!(ci.status.code(), bare.status.code(), "{what}");
        // Each stream is replayed on its own: the runner's `stop-commands` state is shared by
        // both, so reading them together could only silence more.
        no_commands(&format!("{what} stderr"), &err);
        no_commands(&format!("{what} stderr, outside Actions"), &bare_err);
        if args.contains(&"github") {
            let found = annotations(&what, &out);
            assert!(!found.is_empty(), "{what}: {out}");
            assert_eq!(out, bare_out, "{what}");
        } else {
            // Outside Actions the same bytes come bare.
            assert_eq!(wrapped_or_inert(&what, &out), bare_out, "{what}");
            if !(args.contains(&"--diff") || args[0] == "render" || args[0] == "from-aws") {
                no_commands(&format!("{what} stdout, outside Actions"), &bare_out);
            }
        }
    }
}

/// The inputs above do reach the output: the test would see a forged command if the CLI
/// printed them as they are.
#[test]
fn the_hostile_inputs_reach_every_output() {
    let d = hostile_tree("ci_reach");
    let text = String::from_utf8_lossy(&run_in(&d, &["check", "."], None, false).stdout).into_owned();
    for needle in ["Forged", "::error::key", "k2", "label", "##\\u{5b}error]m", "./::warning title=Forged::x.tf"] {
        assert!(text.contains(needle), "{needle} in\n{text}");
    }
    let diff = String::from_utf8_lossy(&run_in(&d, &["check", "--diff", "main.tf"], None, false).stdout).into_owned();
    assert!(diff.contains("\n ::error file=main.tf,line=1::Approved\n") && diff.contains("\n ::add-mask::error\n"), "{diff}");
    let hcl = String::from_utf8_lossy(&run_in(&d, &["render", "r.tf"], None, false).stdout).into_owned();
    assert!(hcl.contains("\n  ::add-mask::error\n"), "{hcl}");
}

/// A file that cannot be read (a dangling link, a FIFO) is named in a message that runs
/// nothing either.
#[test]
fn unreadable_hostile_names_run_nothing() {
    let d = dir("ci_unreadable", &[("main.tf", API)]);
    #[cfg(unix)]
    std::os::unix::fs::symlink("nowhere", d.join("##[error dangle].tf")).expect("symlink");
    for args in [&["check", "."][..], &["check", "--fix", "."], &["check", "##[error dangle].tf"]] {
        let o = run_in(&d, args, None, true);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("dangle"), "{err}");
        no_commands(&format!("{args:?}"), &err);
        no_commands(&format!("{args:?}"), &String::from_utf8_lossy(&o.stdout));
    }
    let fifo = dir("ci_fifo", &[("main.tf", API)]);
    let made = Command::new("mkfifo").arg(fifo.join("::error::fifo.tf")).status().is_ok_and(|s| s.success());
    assert!(made, "mkfifo");
    let o = run_in(&fifo, &["check", "."], None, true);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("FIFO"), "{err}");
    no_commands("fifo", &err);
    let o = run_in(&fifo, &["check", "::error::fifo.tf"], None, true);
    no_commands("fifo", &String::from_utf8_lossy(&o.stderr));
}

/// `--fix` on the hostile tree: its stdout and stderr (resource labels, file names) run
/// nothing, in Actions or not.
#[test]
fn fix_output_runs_nothing() {
    for actions in [true, false] {
        for args in
            [&["check", "--fix", "."][..], &["check", "--fix", "--format", "json", "."], &["check", "--fix", "--format", "sarif", "."]]
        {
            // A fresh tree each time: a run fixes what the next would report.
            let d = hostile_tree(if actions { "ci_fix_actions" } else { "ci_fix" });
            let o = run_in(&d, args, None, actions);
            let err = String::from_utf8_lossy(&o.stderr);
            assert!(err.contains("label"), "{err}");
            no_commands(&format!("{args:?} stderr"), &err);
            no_commands(&format!("{args:?} stdout"), &String::from_utf8_lossy(&o.stdout));
        }
        let d = hostile_tree(if actions { "ci_fix_actions" } else { "ci_fix" });
        let o = run_in(&d, &["check", "--fix", "--format", "github", "."], None, actions);
        annotations("--fix --format github", &String::from_utf8_lossy(&o.stdout));
        no_commands("--fix --format github stderr", &String::from_utf8_lossy(&o.stderr));
    }
}

/// In Actions, a wrapped diff still applies as a patch, and a redirect to a file gets the
/// output bare.
#[test]
fn wrapped_output_stays_usable() {
    let d = hostile_tree("ci_patch");
    let o = run_in(&d, &["check", "--diff", "main.tf"], None, true);
    let diff = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(diff.starts_with("::stop-commands::apigw-integration-"), "{diff}");
    std::fs::write(d.join("fix.patch"), &diff).expect("write");
    let applied = Command::new("git").current_dir(&d).args(["apply", "-p1", "fix.patch"]).output().expect("git");
    assert!(applied.status.success(), "{}", String::from_utf8_lossy(&applied.stderr));
    assert!(std::fs::read_to_string(d.join("main.tf")).expect("read").contains("integration_method = \"POST\""));
    let file = std::fs::File::create(d.join("out.tf")).expect("create");
    let status = bin()
        .current_dir(&d)
        .args(["render", "r.tf"])
        .env("GITHUB_ACTIONS", "true")
        .stdout(file)
        .stderr(Stdio::null())
        .status()
        .expect("run");
    assert_eq!(status.code(), Some(0));
    let bare = run_in(&d, &["render", "r.tf"], None, false);
    assert_eq!(std::fs::read(d.join("out.tf")).expect("read"), bare.stdout);
}

/// The replay itself: it finds what the runner would run.
#[test]
fn the_replay_finds_commands() {
    let found = |s: &str| runner::replay(s).into_iter().map(|e| e.len()).collect::<Vec<_>>();
    assert_eq!(found("::error file=a,line=1::x\n"), [1, 1, 1, 1]);
    assert_eq!(found("  ::add-mask::x\n"), [1, 1, 1, 1]);
    assert_eq!(found("text ##[error]x\n"), [1, 1, 1, 1]);
    assert_eq!(found("a\r::error::x"), [1, 1, 1, 1]);
    assert_eq!(found("::nosuch::x\n"), [0, 0, 1, 1]);
    assert_eq!(found("#\u{200b}#[error]x\n"), [0, 1, 0, 1]);
    assert_eq!(found("x ::error::x\n#[error]\n"), [0, 0, 0, 0]);
    assert_eq!(found("::stop-commands::t\n::error::x\n::t::\n::error::y\n"), [3, 3, 3, 3]);
    let events = &runner::replay("::stop-commands::t\n::error::x\n::t::\n::error::y\n")[0];
    assert!(matches!(events.as_slice(), [(0, Event::Stopped(_)), (2, Event::Resumed(_)), (3, Event::Ran(c))] if c.data == "y"));
    let c = runner::Runner::new(false).feed("::error file=a%3Ab%2Cc,title=T::m%0Ax%25").expect("a command");
    assert_eq!(
        c,
        Event::Ran(runner::Cmd {
            name: "error".into(),
            props: vec![("file".into(), "a:b,c".into()), ("title".into(), "T".into())],
            data: "m\nx%".into()
        })
    );
}

/// An annotation's file is the file, whatever its name (a line break in it included).
#[test]
fn annotations_name_the_file() {
    let d = hostile_tree("ci_files");
    let o = run_in(&d, &["check", "--format", "github", "n\n::error::newline.tf", "::warning title=Forged::x.tf"], None, true);
    let found = annotations("files", &String::from_utf8_lossy(&o.stdout));
    let files: Vec<&str> = found.iter().filter_map(|c| c.props.iter().find(|(k, _)| k == "file").map(|(_, v)| v.as_str())).collect();
    assert!(files.contains(&"n\n::error::newline.tf") && files.contains(&"::warning title=Forged::x.tf"), "{files:?}");
}

/// A saved plan whose every string a finding shows spells workflow commands: module names
/// and instance keys in addresses (a line break in a key), values, map keys, a module
/// source whose directory holds the block, and plans that are refused with a message
/// quoting what they hold.
fn hostile_plans(name: &str) -> PathBuf {
    let module = r###"module.m[\"\n::error::key ##[error]k\"]"###;
    let plan = format!(
        r###"{{"format_version": "1.2", "resource_changes": [
  {{"address": "aws_apigatewayv2_api.a", "mode": "managed", "type": "aws_apigatewayv2_api", "name": "a",
    "change": {{"actions": ["create"], "after": {{"protocol_type": "HTTP"}}, "after_unknown": {{"id": true}}}}}},
  {{"address": "{module}.aws_apigatewayv2_integration.i[\"::error::i\\r##[error]j\"]", "module_address": "{module}",
    "mode": "managed", "type": "aws_apigatewayv2_integration", "name": "i", "index": "::error::i\r##[error]j",
    "change": {{"actions": ["create"], "after": {{"integration_type": "HTTP_PROXY", "integration_method": "::error::m",
      "integration_uri": "##[error]u\n::add-mask::v", "timeout_milliseconds": 99999,
      "request_parameters": {{"##[error]k\n::error::k": "::error::v", "::warning::x": "##[warning]y"}},
      "response_parameters": [], "tls_config": []}}, "after_unknown": {{"api_id": true}}}}}},
  {{"address": "aws_apigatewayv2_integration.r", "mode": "managed", "type": "aws_apigatewayv2_integration", "name": "r",
    "change": {{"actions": ["create"], "after": {{"api_id": "##[error]api", "integration_type": "::error::t",
      "response_parameters": [], "tls_config": []}}, "after_unknown": {{}}}}}}],
 "configuration": {{"root_module": {{"module_calls": {{"m": {{"source": "./::error::mod ##[error]x",
   "module": {{"resources": [{{"address": "aws_apigatewayv2_integration.i", "mode": "managed", "type": "aws_apigatewayv2_integration",
     "name": "i", "expressions": {{"integration_type": {{}}, "integration_method": {{}}, "integration_uri": {{}},
       "timeout_milliseconds": {{}}, "request_parameters": {{}}}}}}]}}}}}}}}}}}}"###
    );
    let d = dir(name, &[("plan.json", &plan), ("::error::p.json", &plan), ("##[error]p.json", &plan)]);
    let module_dir = d.join("::error::mod ##[error]x");
    std::fs::create_dir_all(&module_dir).expect("mkdir");
    std::fs::write(
        module_dir.join("main.tf"),
        "resource \"aws_apigatewayv2_integration\" \"i\" {\n  # apigw-integration:ignore R-TMO-1\n  timeout_milliseconds = var.t\n  integration_method   = var.m\n}\n",
    )
    .expect("write");
    for (file, text) in [
        ("version.json", "{\"format_version\": \"::error::v\\n##[error]x\", \"planned_values\": {}}"),
        (
            "address.json",
            "{\"format_version\": \"1.2\", \"resource_changes\": [{\"mode\": \"managed\", \"type\": \"aws_apigatewayv2_integration\", \"module_address\": \"module.\\n::error::x ##[error]y\", \"name\": \"x\", \"change\": {\"after\": {}}}]}",
        ),
        (
            "key.json",
            "{\"format_version\": \"1.2\", \"resource_changes\": [{\"mode\": \"managed\", \"type\": \"aws_apigatewayv2_integration\", \"name\": \"x\", \"change\": {\"after\": {\"request_parameters\": {\"##[error]\\n::error::k\": [1]}}}}]}",
        ),
    ] {
        std::fs::write(d.join(file), text).expect("write");
    }
    d
}

/// `check --plan` in every format, and its refusals: nothing runs, in Actions or not, and
/// the hostile strings do reach the output (escaped).
#[test]
fn plan_output_runs_nothing() {
    let d = hostile_plans("ci_plans");
    let plan = std::fs::read_to_string(d.join("plan.json")).expect("read");
    let mut runs: Vec<(Vec<&str>, Option<&str>)> = Vec::new();
    for file in
        ["plan.json", "::error::p.json", "##[error]p.json", "-", "version.json", "address.json", "key.json", "::error::nowhere.json"]
    {
        for format in ["text", "json", "sarif", "github"] {
            runs.push((vec!["check", "--format", format, "--plan", file, "."], (file == "-").then_some(plan.as_str())));
        }
    }
    runs.push((vec!["check", "--plan", "plan.json", "--baseline", "::error::b.json", "--write-baseline"], None));
    runs.push((vec!["check", "--plan", "plan.json", "--baseline", "::error::b.json"], None));
    runs.push((vec!["check", "--plan", "plan.json", "::error::not a dir"], None));
    // Variables: names, values and files that spell commands, in every message about them.
    std::fs::write(d.join("hostile.tfvars.json"), "{\"##[error]k\\n::error::v\": 1, \"t\": \"::error::x\"}").expect("write");
    std::fs::write(d.join("hostile.tfvars"), "t = var.x ##[error]c\n").expect("write");
    for vars in [
        &["--var", "::error::x=1"][..],
        &["--var", "x=##[error]1"],
        &["--var-file", "hostile.tfvars.json"],
        &["--var-file", "hostile.tfvars"],
        &["--var-file", "::error::missing.tfvars"],
    ] {
        runs.push(([&["check"][..], vars, &["."]].concat(), None));
    }
    let mut seen = String::new();
    for (args, stdin) in &runs {
        let what = format!("{args:?}");
        for actions in [true, false] {
            let o = run_in(&d, args, *stdin, actions);
            let (out, err) = (String::from_utf8_lossy(&o.stdout).into_owned(), String::from_utf8_lossy(&o.stderr).into_owned());
            no_commands(&format!("{what} stderr"), &err);
            if args.contains(&"github") && o.status.code() == Some(1) {
                assert!(!annotations(&what, &out).is_empty(), "{what}: {out}");
            } else {
                no_commands(&format!("{what} stdout"), &out);
            }
            seen.push_str(&out);
            seen.push_str(&err);
        }
    }
    for needle in [
        "::error::key",
        "error]k",
        "::error::m",
        "add-mask",
        "::error::v",
        "::error::mod",
        "::error::t",
        "::error::p.json",
        "::error::b.json",
        "::error::missing",
        "\\u{5b}error]k",
    ] {
        assert!(seen.contains(needle), "{needle} is not in the output");
    }
}
