//! The CLI's commands: `check`, `render`, `from-aws`, `rules` (their arguments come from
//! `args`, files from `files`, and everything printed goes through `output`).

use crate::args::{self, Cli, Command};
use crate::files;
use crate::gate;
use crate::output::{self, say};
use apigw_integration_core::check::{Finding, check_sources};
use apigw_integration_core::diag::Severity;
use apigw_integration_core::hcl;
use apigw_integration_core::model::{Integration, Protocol};
use apigw_integration_core::rules::{self, RULES};
use clap::{CommandFactory, FromArgMatches};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// A usage error found after clap's parse: the subcommand and what is wrong.
struct Usage(&'static str, String);

pub fn main() -> ExitCode {
    // Parsed through the matches, which also say in what order `--var` and `--var-file`
    // were given (Terraform applies them in that order).
    let parsed = Cli::command().try_get_matches().and_then(|m| Cli::from_arg_matches(&m).map(|cli| (cli, m)));
    let (cli, matches) = match parsed {
        Ok(parsed) => parsed,
        Err(e) => {
            let text = output::text(&e.render().to_string());
            // `--help`, `--version` and `help` are answers, not errors.
            if e.exit_code() == 0 {
                print!("{text}");
                let _ = std::io::stdout().flush();
                return ExitCode::SUCCESS;
            }
            eprint!("{text}");
            return ExitCode::from(2);
        }
    };
    let result = match cli.command {
        Command::Check(a) => opts_check(a, plan::var_sources(&matches)).and_then(check),
        Command::Render(a) => opts_render(a).and_then(render),
        Command::FromAws(a) => opts_from_aws(a).and_then(from_aws),
        Command::Rules(a) => print_rules(a),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(Usage(sub, msg)) => {
            eprint!("{}", output::text(&args::usage_error(sub, &msg)));
            ExitCode::from(2)
        }
    }
}

/// What a command was asked to do, its values checked.
#[derive(Default)]
struct Opts {
    protocol: Option<Protocol>,
    format: Option<String>,
    json: bool,
    api_id: Option<String>,
    api_json: Option<String>,
    lambda_permission: bool,
    route: bool,
    iam_role: bool,
    ignore: Vec<String>,
    /// Codes that no suppression comment silences (the configuration's forbid_suppressing).
    forbid: Vec<String>,
    /// The least severe finding that fails `check`.
    min_severity: Option<Severity>,
    /// The baseline file, and whether to write it instead of reading it.
    baseline: Option<PathBuf>,
    write_baseline: bool,
    /// The baseline read (`check` without --write-baseline).
    accepted: gate::Baseline,
    fix: bool,
    diff: bool,
    /// How many configurations `check` works on at once (default: the CPUs).
    jobs: Option<usize>,
    /// `check --plan`: the plan's JSON.
    plan: Option<String>,
    /// `check --var` and `--var-file`, in the order given.
    vars: Vec<plan::VarSource>,
    paths: Vec<String>,
}

fn protocol(sub: &'static str, v: Option<String>) -> Result<Option<Protocol>, Usage> {
    v.map(|v| Protocol::parse(&v).ok_or_else(|| Usage(sub, format!("--protocol must be http or websocket, not `{v}`")))).transpose()
}

fn opts_check(a: args::CheckArgs, ordered: Vec<plan::VarSource>) -> Result<Opts, Usage> {
    let vars = plan::in_order(ordered, &a.var, &a.var_file);
    if a.plan.is_some() && (a.fix || a.diff || !vars.is_empty()) {
        return Err(Usage(
            "check",
            "--plan checks the planned values: --fix, --diff, --var and --var-file work on .tf files, not with --plan".into(),
        ));
    }
    if !vars.is_empty() && (a.fix || a.diff) {
        return Err(Usage(
            "check",
            "--fix and --diff change the files whatever the variables hold: run them without --var and --var-file".into(),
        ));
    }
    let config = gate::read_config(a.config.as_deref()).map_err(|e| Usage("check", e))?.unwrap_or_default();
    let mut ignore = config.ignore.clone();
    for code in a.ignore.iter().flat_map(|v| v.split(',')).map(str::trim).filter(|c| !c.is_empty()) {
        if rules::rule(code).is_none() {
            return Err(Usage("check", format!("--ignore: `{code}` is not a rule code (see `apigw-integration rules`)")));
        }
        ignore.push(code.to_string());
    }
    if let Some(code) = ignore.iter().find(|c| config.forbid_suppressing.contains(c)) {
        return Err(Usage("check", format!("--ignore {code}: the configuration forbids suppressing {code} (forbid_suppressing)")));
    }
    let min_severity = match a.min_severity {
        Some(v) => {
            Some(gate::severity(&v).ok_or_else(|| Usage("check", format!("--min-severity must be error, warning or info, not `{v}`")))?)
        }
        None => config.min_severity,
    };
    let baseline = a.baseline.map(PathBuf::from).or(config.baseline);
    if a.write_baseline && baseline.is_none() {
        return Err(Usage(
            "check",
            "--write-baseline needs --baseline FILE (or `baseline` in the configuration): where to write it".into(),
        ));
    }
    if a.write_baseline && (a.fix || a.diff) {
        return Err(Usage("check", "--write-baseline records the findings as they are: run it without --fix and --diff".into()));
    }
    let jobs = a
        .jobs
        .map(|v| {
            v.parse::<usize>().ok().filter(|n| *n > 0).ok_or_else(|| Usage("check", format!("--jobs must be a positive number, not `{v}`")))
        })
        .transpose()?;
    Ok(Opts {
        protocol: protocol("check", a.protocol)?,
        format: a.format,
        ignore,
        forbid: config.forbid_suppressing,
        min_severity,
        baseline,
        write_baseline: a.write_baseline,
        fix: a.fix,
        diff: a.diff,
        jobs,
        plan: a.plan,
        vars,
        paths: a.paths,
        ..Opts::default()
    })
}

fn opts_render(a: args::RenderArgs) -> Result<Opts, Usage> {
    Ok(Opts { protocol: protocol("render", a.protocol)?, json: a.json, paths: a.paths, ..Opts::default() })
}

fn opts_from_aws(a: args::FromAwsArgs) -> Result<Opts, Usage> {
    Ok(Opts {
        protocol: protocol("from-aws", a.protocol)?,
        api_id: a.api_id,
        api_json: a.api_json,
        lambda_permission: a.lambda_permission,
        route: a.route,
        iam_role: a.iam_role,
        paths: a.paths,
        ..Opts::default()
    })
}

fn text_line(file: &str, f: &Finding) -> String {
    let d = &f.diagnostic;
    let pos = d.pos.unwrap_or(apigw_integration_core::Pos { line: 1, column: 1 });
    let place = match (f.resource.is_empty(), d.path.is_empty()) {
        (false, false) => format!(" {}.{}", f.resource, d.path),
        (false, true) => format!(" {}", f.resource),
        (true, false) => format!(" {}", d.path),
        (true, true) => String::new(),
    };
    output::line(&format!("{}:{}:{}: {}[{}]{place}: {}", matcher_safe(file), pos.line, pos.column, d.severity, d.code, d.message))
}

/// A file name as a text line starts with it: a `:` that would start a position of its own
/// (`:12:3: `) is written `\u{3a}`, so that the problem matcher
/// (schema/apigw-integration-problem-matcher.json) cannot end the file part inside the name
/// and read the rest of it as a finding. Only such a name changes.
fn matcher_safe(file: &str) -> String {
    let b = file.as_bytes();
    let digits = |from: usize| b.get(from..).map_or(0, |r| r.iter().take_while(|c| c.is_ascii_digit()).count());
    let mut out = String::with_capacity(file.len());
    for (i, c) in file.char_indices() {
        let starts_position = c == ':' && {
            let n = digits(i + 1);
            let m = if n > 0 && b.get(i + 1 + n) == Some(&b':') { digits(i + 2 + n) } else { 0 };
            m > 0 && b.get(i + 2 + n + m..i + 4 + n + m) == Some(b": ")
        };
        if starts_position {
            out.push_str("\\u{3a}");
        } else {
            out.push(c);
        }
    }
    out
}

fn json_value(file: &str, f: &Finding) -> serde_json::Value {
    let d = &f.diagnostic;
    let pos = d.pos.unwrap_or(apigw_integration_core::Pos { line: 1, column: 1 });
    serde_json::json!({
        "file": file,
        "line": pos.line,
        "column": pos.column,
        "resource": f.resource,
        "code": d.code,
        "severity": d.severity,
        "path": d.path,
        "message": d.message,
    })
}

#[derive(Clone, Copy)]
enum Format {
    Text,
    Json,
    Sarif,
    Github,
}

/// A file path as a SARIF `artifactLocation.uri`: a relative URI reference, forward
/// slashes, everything but unreserved characters percent-encoded.
fn sarif_uri(file: &str) -> String {
    let mut out = String::new();
    for b in file.replace('\\', "/").bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out.trim_start_matches("./").to_string()
}

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn sarif_result(file: &str, f: &Finding) -> serde_json::Value {
    let d = &f.diagnostic;
    let pos = d.pos.unwrap_or(apigw_integration_core::Pos { line: 1, column: 1 });
    let place = match (f.resource.is_empty(), d.path.is_empty()) {
        (false, false) => format!("{}.{}: ", f.resource, d.path),
        (false, true) => format!("{}: ", f.resource),
        _ => String::new(),
    };
    serde_json::json!({
        "ruleId": d.code,
        "ruleIndex": RULES.iter().position(|r| r.code == d.code),
        "level": sarif_level(d.severity),
        "message": { "text": format!("{place}{}", d.message) },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": { "uri": sarif_uri(file) },
                "region": { "startLine": pos.line.max(1), "startColumn": pos.column.max(1) }
            }
        }]
    })
}

/// A SARIF 2.1.0 log with the whole rule table as the driver's rules (metadata and help links).
fn sarif_log(results: Vec<serde_json::Value>) -> serde_json::Value {
    let rules: Vec<serde_json::Value> = RULES
        .iter()
        .map(|r| {
            serde_json::json!({
                "id": r.code,
                "shortDescription": { "text": r.check },
                "fullDescription": { "text": r.why },
                "helpUri": r.source,
                "help": { "text": format!("{} {} Source: {}", r.check, r.why, r.source) },
                "defaultConfiguration": { "level": sarif_level(r.severity) },
                "properties": { "field": r.field }
            })
        })
        .collect();
    serde_json::json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "apigw-integration",
                "informationUri": "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/apigatewayv2_integration",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules
            }},
            "results": results
        }]
    })
}

/// A GitHub Actions workflow annotation (`::error file=…,line=…,col=…,title=…::message`),
/// escaped by the workflow-command rules, and its parts by [`output::part`], so that no
/// input can start another command or end this one early.
fn github_line(file: &str, f: &Finding) -> String {
    let d = &f.diagnostic;
    let pos = d.pos.unwrap_or(apigw_integration_core::Pos { line: 1, column: 1 });
    let data = |s: &str| output::part(&s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A"));
    let prop = |s: &str| data(s).replace(':', "%3A").replace(',', "%2C");
    let kind = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let place = if f.resource.is_empty() {
        String::new()
    } else if d.path.is_empty() {
        format!("{}: ", f.resource)
    } else {
        format!("{}.{}: ", f.resource, d.path)
    };
    format!(
        "::{kind} file={},line={},col={},title={}::{}",
        prop(file),
        pos.line,
        pos.column,
        prop(&d.code),
        data(&format!("{place}{}", d.message))
    )
}

#[path = "plan.rs"]
mod plan;

/// A configuration to check: its directory, its files and their texts.
pub(crate) type Configuration = (PathBuf, Vec<PathBuf>, Vec<String>);

/// Follows `api_id` into local modules: for every configuration being checked, what its
/// `module` calls with a local `source` pass in (variables set to an API of known
/// protocol), by the module's directory. A variable set to different protocols by
/// different calls is left out.
fn module_inputs_by_dir(configurations: &[Configuration], jobs: usize) -> Vec<(PathBuf, Vec<(String, Protocol)>)> {
    let per_dir = parallel_map(configurations, jobs, |(dir, _, texts)| {
        // Only files that call a module can pass anything in.
        let parsed: Vec<_> = texts.iter().filter(|t| t.contains("module")).map(|t| hcl::parse(t)).collect();
        let mut found = Vec::new();
        for (source, var, p) in apigw_integration_core::check::module_inputs(&parsed) {
            if let Ok(target) = std::fs::canonicalize(dir.join(&source)) {
                found.push((target, var, p));
            }
        }
        found
    });
    let all: Vec<(PathBuf, String, Protocol)> = per_dir.into_iter().flatten().collect();
    let mut out: Vec<(PathBuf, Vec<(String, Protocol)>)> = Vec::new();
    for (dir, var, p) in apigw_integration_core::check::consistent(all) {
        match out.iter_mut().find(|(d, _)| *d == dir) {
            Some((_, vars)) => vars.push((var, p)),
            None => out.push((dir, vec![(var, p)])),
        }
    }
    out
}

/// The report of the JSON and SARIF formats, written once every finding is in (`results`:
/// the findings as `json_value` or `sarif_result` wrote them); text and GitHub lines were
/// written as they came.
fn write_report(out: &mut impl Write, format: Format, results: Vec<serde_json::Value>) {
    let text = match format {
        Format::Json => output::json(&serde_json::Value::Array(results)),
        Format::Sarif => output::json(&sarif_log(results)),
        Format::Text | Format::Github => return,
    };
    let _ = out.write_all(text.as_bytes());
}

fn check(o: Opts) -> Result<u8, Usage> {
    if o.paths.is_empty() && o.plan.is_none() {
        return Err(Usage("check", "check needs at least one PATH".into()));
    }
    let format = match o.format.as_deref() {
        None | Some("text") => Format::Text,
        Some("json") => Format::Json,
        Some("sarif") => Format::Sarif,
        Some("github") => Format::Github,
        Some(f) => return Err(Usage("check", format!("--format must be text, json, sarif or github, not `{f}`"))),
    };
    if o.fix && o.diff {
        return Err(Usage("check", "--fix and --diff: choose one (--diff shows what --fix would do)".into()));
    }
    let mut o = o;
    if let (Some(path), false) = (&o.baseline, o.write_baseline) {
        match gate::read_baseline(path) {
            Ok(b) => o.accepted = b,
            Err(e) => {
                say(&format!("apigw-integration: {e}"));
                return Ok(2);
            }
        }
    }
    let o = o;
    if let Some(file) = &o.plan {
        return plan::check_plan(&o, file, format);
    }
    let groups = match files::collect(&o.paths) {
        Ok(found) => found.groups,
        Err(e) => {
            say(&format!("apigw-integration: {e}"));
            return Ok(2);
        }
    };
    let jobs = o.jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from));
    // Every file is read before anything is checked, and every fix computed before
    // anything is written: a file that cannot be read stops the run with nothing changed.
    let read = parallel_map(&groups, jobs, |(_, paths)| {
        let mut texts = Vec::with_capacity(paths.len());
        let mut problems = Vec::new();
        for p in paths {
            match files::read_file(p) {
                Ok(t) => texts.push(t),
                Err(e) => problems.push(e),
            }
        }
        (texts, problems)
    });
    let mut configurations: Vec<Configuration> = Vec::with_capacity(groups.len());
    let mut problems = Vec::new();
    for ((dir, paths), (texts, unread)) in groups.into_iter().zip(read) {
        problems.extend(unread);
        configurations.push((dir, paths, texts));
    }
    if !problems.is_empty() {
        for p in &problems {
            say(&format!("apigw-integration: {p}"));
        }
        if o.fix {
            say("apigw-integration: no file was changed");
        }
        return Ok(2);
    }
    let inputs = module_inputs_by_dir(&configurations, jobs);
    let values = match plan::load_vars(&o.vars, &o.paths, &configurations) {
        Ok((v, notes)) => {
            for n in notes {
                say(&n);
            }
            v
        }
        Err(e) => {
            say(&format!("apigw-integration: {e}"));
            return Ok(2);
        }
    };
    // Each configuration is checked on its own (in parallel); the results are written in
    // the order of the configurations, so the output does not depend on `jobs`.
    let results =
        parallel_map(&configurations, jobs, |(dir, paths, texts)| check_configuration(&o, format, dir, paths, texts, &inputs, &values));
    let refused: Vec<&String> = results.iter().flat_map(|r| &r.refused).collect();
    if !refused.is_empty() {
        for why in refused {
            say(&format!("apigw-integration: {why}"));
        }
        say("apigw-integration: no file was changed");
        return Ok(2);
    }
    if o.fix {
        let mut changed: Vec<&Path> = Vec::new();
        for (path, old, text) in results.iter().flat_map(|r| &r.writes) {
            if let Err(e) = files::replace(path, old.as_bytes(), text.as_bytes()) {
                say(&format!("apigw-integration: {e}"));
                if changed.is_empty() {
                    say("apigw-integration: no file was changed");
                } else {
                    say(&format!("apigw-integration: this run had already fixed {} file(s), which keep their fixes:", changed.len()));
                    for f in changed {
                        say(&format!("  {}", f.display()));
                    }
                }
                return Ok(2);
            }
            changed.push(path);
        }
        // What a run killed before its rename left beside a file it was fixing.
        for (_, paths, _) in &configurations {
            for p in paths {
                files::remove_stale(p);
            }
        }
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut total = Checked::default();
    let mut results_prints = Vec::new();
    let mut out_json = Vec::new();
    let mut diff = String::new();
    for r in results {
        eprint!("{}", r.stderr);
        if o.diff {
            diff.push_str(&r.stdout);
        } else {
            let _ = out.write_all(r.stdout.as_bytes());
        }
        out_json.extend(r.json);
        total.errors += r.counts.errors;
        total.warnings += r.counts.warnings;
        total.infos += r.counts.infos;
        total.accepted += r.counts.accepted;
        results_prints.extend(r.prints);
        total.integrations += r.counts.integrations;
        total.files += r.counts.files;
        total.fixes += r.counts.fixes;
    }
    match format {
        // --write-baseline reports nothing: the findings go to the baseline file.
        _ if o.write_baseline => {}
        format => write_report(&mut out, format, out_json),
    }
    let _ = out.flush();
    drop(out);
    let Checked { errors, warnings, infos, integrations, files: nfiles, fixes: nfixes, accepted, .. } = total;
    if let (true, Some(path)) = (o.write_baseline, &o.baseline) {
        return Ok(write_baseline(path, results_prints));
    }
    if o.diff {
        output::data(&diff, "diff");
        say(&format!("{nfixes} fix(es) would be applied"));
        return Ok(u8::from(nfixes > 0));
    }
    if o.fix {
        say(&format!("applied {nfixes} fix(es)"));
    }
    let known = if o.baseline.is_some() { format!(" ({accepted} more in the baseline)") } else { String::new() };
    say(&format!("checked {nfiles} file(s), {integrations} integration(s): {errors} error(s), {warnings} warning(s){known}"));
    Ok(exit_status(&o, errors, warnings, infos))
}

/// Writes the baseline (`--write-baseline`) with these fingerprints; the exit status.
fn write_baseline(path: &Path, prints: Vec<gate::Fingerprint>) -> u8 {
    let n = prints.len();
    if let Err(e) = gate::write_baseline(path, prints) {
        say(&format!("apigw-integration: {e}"));
        return 2;
    }
    say(&format!("wrote {n} finding(s) to the baseline {}", path.display()));
    0
}

/// The exit status of `check` for the findings reported (those the baseline accepts are
/// not counted): 1 when one is at least as severe as `--min-severity` (default: error).
fn exit_status(o: &Opts, errors: usize, warnings: usize, infos: usize) -> u8 {
    let min = o.min_severity.unwrap_or(Severity::Error);
    let failing = [(Severity::Error, errors), (Severity::Warning, warnings), (Severity::Info, infos)]
        .into_iter()
        .filter(|(s, _)| gate::fails(*s, min))
        .map(|(_, n)| n)
        .sum::<usize>();
    u8::from(failing > 0)
}

/// Counts over checked configurations.
#[derive(Default)]
struct Checked {
    errors: usize,
    warnings: usize,
    infos: usize,
    /// Findings the baseline accepts (not reported).
    accepted: usize,
    integrations: usize,
    files: usize,
    fixes: usize,
}

/// What checking one configuration (one directory) produced, to be written in order.
#[derive(Default)]
struct ConfigurationResult {
    /// Findings in text or github form, or with --diff the diff.
    stdout: String,
    /// Escaped lines for stderr.
    stderr: String,
    json: Vec<serde_json::Value>,
    counts: Checked,
    /// With --fix: the files to replace and their new text.
    /// (file, the text its fixes were computed from, the fixed text).
    writes: Vec<(PathBuf, String, String)>,
    /// With --fix: why a file that has fixes cannot be written (the run then writes nothing).
    refused: Vec<String>,
    /// With --write-baseline: every finding's fingerprint.
    prints: Vec<gate::Fingerprint>,
}

/// Checks (and with --fix/--diff, fixes, without writing) the .tf files of one directory.
fn check_configuration(
    o: &Opts,
    format: Format,
    dir: &Path,
    paths: &[PathBuf],
    texts: &[String],
    inputs: &[(PathBuf, Vec<(String, Protocol)>)],
    values: &plan::Values,
) -> ConfigurationResult {
    use std::fmt::Write as _;
    let mut r = ConfigurationResult::default();
    let mut err = |line: String| {
        let _ = writeln!(r.stderr, "{}", output::line(&line));
    };
    use apigw_integration_core::check::{Source, check_configuration as check_files, fix_configuration};
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    // File names: Terraform reads `override.tf` and `*_override.tf` as override files.
    let names: Vec<String> = paths.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    fn named<'a>(names: &'a [String], texts: &[&'a str]) -> Vec<Source<'a>> {
        names.iter().zip(texts).map(|(name, text)| Source { name, text }).collect()
    }
    let here = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let passed_in = inputs.iter().find(|(d, _)| *d == here).map_or(&[][..], |(_, v)| v.as_slice());
    let mut checked = match values.get(&here) {
        Some(vars) => apigw_integration_core::check::check_configuration_with(&named(&names, &refs), o.protocol, passed_in, vars),
        None => check_files(&named(&names, &refs), o.protocol, passed_in),
    };
    let policy = apigw_integration_core::suppress::Policy { ignore: &o.ignore, forbidden: &o.forbid };
    let mut findings = apigw_integration_core::suppress::apply_policy(&refs, checked.findings.clone(), policy);
    let mut fixes = 0;
    let mut writes = Vec::new();
    let mut refused = Vec::new();
    let mut diff = String::new();
    // Terraform also reads `.tf.json` files, which this tool does not: say so, and leave
    // the directory's files unfixed when one of them is an override file (it may change
    // what a fix would remove).
    let json_files: Vec<String> = std::fs::read_dir(dir)
        .map(|l| l.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).filter(|n| n.ends_with(".tf.json")).collect())
        .unwrap_or_default();
    let json_override = json_files.iter().any(|n| n == "override.tf.json" || n.ends_with("_override.tf.json"));
    for name in &json_files {
        err(format!(
            "apigw-integration: {}: not read: this tool reads .tf files only, and Terraform merges this file into the configuration{}",
            dir.join(name).display(),
            if json_override && (o.fix || o.diff) { "; no file of this directory is fixed" } else { "" }
        ));
    }
    if (o.fix || o.diff) && !json_override {
        // The findings the suppressions leave, looked up per diagnostic (a scan of them all
        // per diagnostic was quadratic: 200,000 map entries never finished).
        let left: std::collections::HashSet<(usize, &str, &str, &str)> =
            findings.iter().map(|f| (f.source, f.resource.as_str(), f.diagnostic.code.as_str(), f.diagnostic.path.as_str())).collect();
        let reported = |source: usize, resource: &str, d: &apigw_integration_core::Diagnostic| {
            left.contains(&(source, resource, d.code.as_str(), d.path.as_str()))
        };
        let fixed = fix_configuration(&named(&names, &refs), o.protocol, passed_in, &reported);
        let mut changed: Vec<&str> = refs.clone();
        for fx in &fixed {
            let (Some(path), Some(old)) = (paths.get(fx.source), refs.get(fx.source)) else { continue };
            let file = path.to_string_lossy();
            for (resource, why) in &fx.withheld {
                err(format!("apigw-integration: {file}: {resource} not fixed: {why}"));
            }
            if fx.applied.is_empty() {
                continue;
            }
            match files::writable(path) {
                files::Writable::Skip(why) => {
                    let what = if o.fix { "not fixed" } else { "--fix would leave it as it is" };
                    err(format!("apigw-integration: {file}: {what}: {why}"));
                    continue;
                }
                files::Writable::No(why) if o.fix => {
                    refused.push(why);
                    continue;
                }
                _ => {}
            }
            for (resource, f) in &fx.applied {
                err(format!("{file}: {resource}: {}", f.title));
                fixes += 1;
            }
            if o.diff {
                diff.push_str(&unified_diff(&file, old, &fx.text));
            } else {
                writes.push((path.clone(), old.to_string(), fx.text.clone()));
            }
            if let Some(slot) = changed.get_mut(fx.source) {
                *slot = &fx.text;
            }
        }
        if !o.diff {
            checked = check_files(&named(&names, &changed), o.protocol, passed_in);
            findings = apigw_integration_core::suppress::apply_policy(&changed, checked.findings.clone(), policy);
        }
    }
    r.counts.fixes = fixes;
    r.writes = writes;
    r.refused = refused;
    r.counts.files = paths.len();
    if o.diff {
        r.stdout = diff;
        return r;
    }
    r.counts.integrations = checked.files.iter().map(|f| f.integrations.len()).sum::<usize>();
    let named: Vec<(String, Finding)> =
        findings.into_iter().map(|f| (paths.get(f.source).map(|p| p.to_string_lossy().into_owned()).unwrap_or_default(), f)).collect();
    if o.write_baseline {
        r.prints = named.iter().map(|(file, f)| gate::Fingerprint::of(file, f)).collect();
        return r;
    }
    let (new, accepted) = gate::split(&named, &o.accepted);
    r.counts.accepted = accepted;
    for (file, f) in new {
        match f.diagnostic.severity {
            Severity::Error => r.counts.errors += 1,
            Severity::Warning => r.counts.warnings += 1,
            Severity::Info => r.counts.infos += 1,
        }
        match format {
            Format::Json => r.json.push(json_value(file, f)),
            Format::Sarif => r.json.push(sarif_result(file, f)),
            Format::Github => {
                let _ = writeln!(r.stdout, "{}", github_line(file, f));
            }
            Format::Text => {
                let _ = writeln!(r.stdout, "{}", text_line(file, f));
            }
        }
    }
    r
}

/// `f` over `items` on `jobs` threads (each takes the next item until none is left); the
/// results come back in the order of `items`.
fn parallel_map<T: Sync, R: Send>(items: &[T], jobs: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let jobs = jobs.clamp(1, items.len().max(1));
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..jobs)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let n = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(item) = items.get(n) else { break };
                        mine.push((n, f(item)));
                    }
                    mine
                })
            })
            .collect();
        workers.into_iter().flat_map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    });
    done.sort_by_key(|(n, _)| *n);
    done.into_iter().map(|(_, r)| r).collect()
}

/// A unified diff (`diff -u` style, 3 lines of context) from `old` to `new` of one file.
/// Control and invisible characters in its lines are shown escaped, like every other
/// output, except what a patch must match to apply: the `\r` of a line that ends in
/// `\r\n` (a CRLF file's diff is a CRLF diff), tabs, and the byte-order mark that starts
/// the file. The file's name is shown as any name is ([`output::part`]): a patch's paths
/// are not the file's bytes anyway once a character of them is escaped.
fn unified_diff(file: &str, old: &str, new: &str) -> String {
    // Patience: the fixes change lines between unique ones (each resource's first line), so
    // it diffs in about linear time where Myers's O(ND) took minutes for thousands of fixes.
    let diff = similar::TextDiff::configure().algorithm(similar::Algorithm::Patience).diff_lines(old, new);
    let shown = output::part(file);
    let starts: Vec<&str> = [old, new].iter().filter_map(|t| t.split('\n').next()).map(|l| l.strip_suffix('\r').unwrap_or(l)).collect();
    let text = diff
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{}", shown.trim_start_matches('/')), &format!("b/{}", shown.trim_start_matches('/')))
        .to_string();
    text.split_inclusive('\n')
        .map(|l| {
            let (body, end) = match l.strip_suffix("\r\n") {
                Some(body) => (body, "\r\n"),
                None => l.strip_suffix('\n').map_or((l, ""), |body| (body, "\n")),
            };
            // After the line's one-character prefix (` `, `-`, `+`): the file's text.
            let keep_bom = body.get(1..).is_some_and(|rest| rest.starts_with('\u{feff}') && starts.contains(&rest));
            let shown = output::visible_keeping(body, |at, c| c == '\t' || (keep_bom && at == 1 && c == '\u{feff}'));
            format!("{shown}{end}")
        })
        .collect()
}

/// Reads the one input of `render` or `from-aws` (a file, or `-` for standard input);
/// `None` after saying why it could not be read.
fn read_input(path: &str) -> Option<String> {
    files::read(path).map_err(|e| say(&format!("apigw-integration: {e}"))).ok()
}

/// How diagnostics name an input.
fn input_label(path: &str) -> &str {
    if path == "-" { "<stdin>" } else { path }
}

/// Says that no HCL was printed and why; the exit status.
fn say_withheld() -> u8 {
    say(&format!("apigw-integration: no HCL printed: fix the errors that withhold the output ({}) first", rules::WITHHOLDING.join(", ")));
    1
}

fn render(o: Opts) -> Result<u8, Usage> {
    let [path] = o.paths.as_slice() else { return Err(Usage("render", "render takes exactly one FILE (or - for standard input)".into())) };
    let Some(text) = read_input(path) else { return Ok(2) };
    let label = input_label(path);
    if o.json {
        return render_json(&text, label, o.protocol);
    }
    let checked = check_sources(&[&text], o.protocol);
    let models: Vec<Integration> = checked.files.iter().flat_map(|f| &f.integrations).map(|p| p.model.clone()).collect();
    // Nothing is printed when any integration cannot be written safely (a withholding
    // error, including one the parser found): the errors below say why.
    let withheld = checked.findings.iter().any(|f| rules::withholds(&f.diagnostic.code));
    let rendered = if withheld { None } else { apigw_integration_core::render_all(&models).ok() };
    let mut errors = 0;
    for f in &checked.findings {
        errors += usize::from(f.diagnostic.is_error());
        say(&text_line(label, f));
    }
    match rendered {
        Some(text) => output::data(&text, "HCL"),
        None => {
            return Ok(say_withheld());
        }
    }
    Ok(u8::from(errors > 0))
}

fn render_json(text: &str, label: &str, protocol: Option<Protocol>) -> Result<u8, Usage> {
    use apigw_integration_core::json::{self, Json};
    // Numbers are read with their digits as written (`1.50` stays `1.50`).
    let value = match serde_json::from_str::<Json>(text) {
        Ok(v) => v,
        // A position of 0 is an error of the builder's own reading (deep nesting, half a
        // surrogate pair): its message says where, and why.
        Err(e) if e.line() == 0 => {
            say(&format!("apigw-integration: {label}: JSON the builder does not read: {e}"));
            return Ok(2);
        }
        Err(e) => {
            say(&format!("apigw-integration: {label}:{}:{}: not valid JSON: {e}", e.line(), e.column()));
            return Ok(2);
        }
    };
    let items = match value {
        Json::Arr(items) => items,
        one => vec![one],
    };
    let mut models = Vec::with_capacity(items.len());
    for (n, item) in items.iter().enumerate() {
        match json::read::<Integration>(item) {
            Ok(mut m) => {
                if protocol.is_some() {
                    m.protocol = protocol;
                }
                models.push(m);
            }
            Err(e) => {
                say(&format!("apigw-integration: {label}: configuration {n}: {e}"));
                return Ok(2);
            }
        }
    }
    let mut errors = 0;
    let mut diags: Vec<(usize, apigw_integration_core::Diagnostic)> =
        models.iter().enumerate().flat_map(|(n, m)| rules::validate(m).into_iter().map(move |d| (n, d))).collect();
    let rendered = apigw_integration_core::render_all(&models);
    if let Err(problems) = &rendered {
        // Only the self-check (R-EMIT-1) can add to what validate found.
        diags.extend(problems.iter().filter(|(_, d)| d.code == "R-EMIT-1").cloned());
    }
    for (n, d) in &diags {
        errors += usize::from(d.is_error());
        let resource = hcl::emit::address(&models[*n]);
        let place = if d.path.is_empty() { resource } else { format!("{resource}.{}", d.path) };
        say(&format!("{label}: {}[{}] {place}: {}", d.severity, d.code, d.message));
    }
    match rendered {
        Ok(text) => output::data(&text, "HCL"),
        Err(_) => {
            return Ok(say_withheld());
        }
    }
    Ok(u8::from(errors > 0))
}

fn from_aws(o: Opts) -> Result<u8, Usage> {
    use apigw_integration_core::aws::{ApiInfo, api_info};
    use apigw_integration_core::companions::Companions;
    use apigw_integration_core::workspace::Workspace;
    let [path] = o.paths.as_slice() else {
        return Err(Usage("from-aws", "from-aws takes exactly one FILE (or - for standard input)".into()));
    };
    let mut api = ApiInfo::default();
    if let Some(file) = &o.api_json {
        match files::read(file).and_then(|t| api_info(&t).map_err(|e| e.to_string())) {
            Ok(a) => api = a,
            Err(e) => {
                say(&format!("apigw-integration: {file}: {e}"));
                return Ok(2);
            }
        }
    }
    if let Some(id) = &o.api_id {
        api.api_id = Some(id.clone());
    }
    if o.protocol.is_some() {
        api.protocol = o.protocol;
    }
    let Some(text) = read_input(path) else { return Ok(2) };
    let label = input_label(path);
    let out = apigw_integration_core::aws::from_aws(&text, &api);
    let mut errors = 0;
    for d in &out.diagnostics {
        errors += usize::from(d.is_error());
        say(&format!("{label}: {}[{}]: {}", d.severity, d.code, d.message));
    }
    let ws = Workspace {
        items: out.integrations.iter().map(|c| c.model.clone()).collect(),
        selected: 0,
        companions: Companions { lambda_permission: o.lambda_permission, route: o.route, iam_role: o.iam_role },
    };
    let all = ws.diagnostics();
    for (c, diags) in out.integrations.iter().zip(&all) {
        let resource = hcl::emit::address(&c.model);
        for d in c.diagnostics.iter().chain(diags) {
            errors += usize::from(d.is_error());
            let place = if d.path.is_empty() { resource.clone() } else { format!("{resource}.{}", d.path) };
            say(&format!("{label}: {}: {}[{}] {place}: {}", c.source, d.severity, d.code, d.message));
        }
    }
    if ws.items.is_empty() {
        return Ok(1);
    }
    match ws.render() {
        Ok(text) => output::data(&text, "HCL"),
        Err(_) => {
            return Ok(say_withheld());
        }
    }
    say(&format!("apigw-integration: {label}: {} integration(s) from {}", ws.items.len(), out.kind));
    Ok(u8::from(errors > 0))
}

fn print_rules(a: args::RulesArgs) -> Result<u8, Usage> {
    match a.format.as_deref() {
        None | Some("text") => {
            for r in RULES {
                println!("{}", output::line(&format!("{:<10} {:<8} {}", r.code, r.severity, r.check)));
            }
        }
        Some("json") => {
            let rows: Vec<serde_json::Value> = RULES
                .iter()
                .map(|r| serde_json::json!({"code": r.code, "severity": r.severity, "field": r.field, "check": r.check, "why": r.why, "source": r.source}))
                .collect();
            print!("{}", output::json(&serde_json::Value::Array(rows)));
        }
        Some("markdown") => print!("{}", output::text(&rules::markdown_table())),
        Some(f) => return Err(Usage("rules", format!("--format must be text, json or markdown, not `{f}`"))),
    }
    Ok(0)
}
