//! `check --plan` (the integrations of a saved plan's JSON, placed by resource address and,
//! where the configuration's files hold the block, by file and line) and `check --var` /
//! `--var-file` (values for the variables of the configurations named on the command line).

use super::{Format, Opts, Usage, github_line, json_value, sarif_result, text_line};
use crate::files;
use crate::gate;
use crate::output::say;
use apigw_integration_core::Pos;
use apigw_integration_core::check::Finding;
use apigw_integration_core::diag::Severity;
use apigw_integration_core::eval::{ByName, Known};
use apigw_integration_core::hcl::parse::ParsedFile;
use apigw_integration_core::plan::{self, Planned};
use apigw_integration_core::vars;
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// One `--var` or `--var-file`, in the order given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VarSource {
    /// `--var NAME=VALUE`.
    Var(String),
    /// `--var-file FILE`.
    File(String),
}

/// The `--var` and `--var-file` of `check`, in the order the command line gave them.
pub fn var_sources(m: &clap::ArgMatches) -> Vec<VarSource> {
    let Some(("check", sub)) = m.subcommand() else { return Vec::new() };
    let mut all: Vec<(usize, VarSource)> = Vec::new();
    for (id, file) in [("var", false), ("var_file", true)] {
        let Ok(Some(values)) = sub.try_get_many::<String>(id) else { continue };
        let Some(at) = sub.indices_of(id) else { continue };
        for (v, n) in values.zip(at) {
            all.push((n, if file { VarSource::File(v.clone()) } else { VarSource::Var(v.clone()) }));
        }
    }
    all.sort_by_key(|(n, _)| *n);
    all.into_iter().map(|(_, s)| s).collect()
}

/// The sources in command-line order, when `ordered` holds them all; otherwise (the parse
/// did not say where each was) the files, then the `--var`s, as Terraform reads files
/// before the command line's own values when it cannot tell.
pub fn in_order(ordered: Vec<VarSource>, var: &[String], var_file: &[String]) -> Vec<VarSource> {
    if ordered.len() == var.len() + var_file.len() {
        return ordered;
    }
    var_file.iter().cloned().map(VarSource::File).chain(var.iter().cloned().map(VarSource::Var)).collect()
}

/// The variables' values for each configuration named on the command line, by its
/// directory (canonical).
pub type Values = HashMap<PathBuf, ByName<Known>>;

/// Reads the `--var` and `--var-file` values for the configurations named as PATH (a
/// directory, or the directory of a file given by name): each `--var` is read with the
/// type its configuration declares. A configuration found by walking into a named directory
/// is a module of its own, whose variables its callers set, and gets none of them. As
/// Terraform does, a `--var` that no named configuration declares is an error (a misspelt
/// name would otherwise check nothing it seems to), and a variables file's value for one is
/// noted (returned with the values, to be said on stderr).
pub fn load_vars(
    sources: &[VarSource],
    paths: &[String],
    configurations: &[super::Configuration],
) -> Result<(Values, Vec<String>), String> {
    let mut out = Values::new();
    if sources.is_empty() {
        return Ok((out, Vec::new()));
    }
    let named: Vec<PathBuf> = paths
        .iter()
        .filter_map(|p| {
            let path = Path::new(p);
            let dir = if path.is_dir() { path.to_path_buf() } else { path.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf) };
            std::fs::canonicalize(if dir.as_os_str().is_empty() { Path::new(".") } else { &dir }).ok()
        })
        .collect();
    // Each file is read once, whatever the number of configurations.
    let mut texts: HashMap<&str, String> = HashMap::new();
    for s in sources {
        if let VarSource::File(f) = s
            && !texts.contains_key(f.as_str())
        {
            texts.insert(f, files::read_file(Path::new(f))?);
        }
    }
    // Every --var and every file is read once before any configuration, so that what is
    // wrong with them is said even when no configuration named as PATH gets them: each name
    // given, and the file it came from.
    let mut given_names: Vec<(String, Option<&str>)> = Vec::new();
    let mut seen: std::collections::HashSet<(String, Option<&str>)> = std::collections::HashSet::new();
    let untyped = apigw_integration_core::eval::ByName::new(Vec::new());
    for s in sources {
        let (from, names): (Option<&str>, Vec<String>) = match s {
            VarSource::Var(text) => (None, vec![vars::assignment(text, &untyped)?.0]),
            VarSource::File(f) => {
                (Some(f.as_str()), vars::file(f, texts.get(f.as_str()).map_or("", String::as_str))?.into_iter().map(|(n, _)| n).collect())
            }
        };
        for n in names {
            if seen.insert((n.clone(), from)) {
                given_names.push((n, from));
            }
        }
    }
    let mut declared_anywhere: std::collections::HashSet<String> = std::collections::HashSet::new();
    for (dir, _, sources_text) in configurations {
        let Ok(here) = std::fs::canonicalize(dir) else { continue };
        if !named.contains(&here) || out.contains_key(&here) {
            continue;
        }
        let refs: Vec<&str> = sources_text.iter().map(String::as_str).collect();
        let types = vars::declared_types(&refs);
        let declared = vars::declarations(&refs);
        declared_anywhere.extend(given_names.iter().filter(|(n, _)| declared.contains(n)).map(|(n, _)| n.clone()));
        let mut given = Vec::new();
        for s in sources {
            match s {
                VarSource::Var(text) => given.push(vars::assignment(text, &types)?),
                VarSource::File(f) => given.extend(vars::file(f, texts.get(f.as_str()).map_or("", String::as_str))?),
            }
        }
        out.insert(here, vars::values_declared(given, &declared));
    }
    let mut notes = Vec::new();
    let mut unused = 0usize;
    for (name, from) in given_names {
        if declared_anywhere.contains(&name) {
            continue;
        }
        // A file of many values for other configurations is said in a few lines.
        if from.is_some() {
            unused += 1;
            if unused > MAX_NOTES {
                continue;
            }
        }
        match from {
            None => {
                return Err(format!(
                    "--var {}: no configuration named as PATH declares a variable of that name (a `variable \"{}\"` block)",
                    crate::output::part(&name),
                    crate::output::part(&name)
                ));
            }
            Some(f) => notes.push(format!(
                "apigw-integration: {f}: a value for `{}`, which no configuration named as PATH declares, is not used",
                apigw_integration_core::diag::visible(&name)
            )),
        }
    }
    if unused > MAX_NOTES {
        notes.push(format!("apigw-integration: and {} more value(s) that no configuration named as PATH declares", unused - MAX_NOTES));
    }
    Ok((out, notes))
}

/// How many unused values of variables files are named one by one.
const MAX_NOTES: usize = 10;

/// The .tf files of one directory, parsed (override files are left out: a block placed in
/// one is also in the file it overrides).
type DirFiles = Vec<(PathBuf, String, ParsedFile)>;

fn dir_files(dir: &Path) -> DirFiles {
    let Ok(list) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut paths: Vec<PathBuf> = list
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "tf") && !apigw_integration_core::check::is_override(&p.to_string_lossy()))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .filter_map(|p| {
            let text = files::read_file(&p).ok()?;
            let parsed = apigw_integration_core::hcl::parse(&text);
            Some((p, text, parsed))
        })
        .collect()
}

/// The directory of the module an integration is in, when every module call down to it
/// has a local source (`./…`, `../…`).
fn module_dir(root: &Path, p: &Planned) -> Option<PathBuf> {
    let mut dir = root.to_path_buf();
    for s in p.sources.as_ref()? {
        if !(s.starts_with("./") || s.starts_with("../")) {
            return None;
        }
        dir.push(s);
    }
    Some(dir.components().collect())
}

/// `check --plan FILE [DIR]` (FILE `-`: standard input; DIR by default the plan's
/// directory, or the current one for standard input). What gates a CI run works as for
/// `.tf` files: the suppression comments of the files that hold a finding's block (with the
/// configuration's policy), `--ignore`, the baseline, `--write-baseline` and
/// `--min-severity`.
pub fn check_plan(o: &Opts, file: &str, format: Format) -> Result<u8, Usage> {
    if o.paths.len() > 1 {
        return Err(Usage("check", "--plan takes at most one PATH: the directory of the configuration the plan was made from".into()));
    }
    // `-`: standard input (`terraform show -json plan.out | apigw-integration check --plan -`).
    let text = match files::read_max(file, files::MAX_PLAN) {
        Ok(t) => t,
        Err(e) => {
            say(&format!("apigw-integration: {e}"));
            return Ok(2);
        }
    };
    let shown_plan = if file == "-" { "<stdin>" } else { file };
    let planned = match plan::read(&text, o.protocol) {
        Ok(p) => p,
        Err(e) => {
            say(&format!("apigw-integration: {shown_plan}: {e}"));
            return Ok(2);
        }
    };
    let root = match o.paths.first() {
        Some(p) if !Path::new(p).is_dir() => {
            say(&format!("apigw-integration: {p}: with --plan, PATH is the directory of the configuration the plan was made from"));
            return Ok(2);
        }
        Some(p) => PathBuf::from(p),
        // `plan.json`'s parent is the empty path, which names no directory to read.
        None if file == "-" => PathBuf::from("."),
        None => Path::new(file).parent().filter(|d| !d.as_os_str().is_empty()).map_or_else(|| PathBuf::from("."), Path::to_path_buf),
    };
    let mut dirs: HashMap<PathBuf, DirFiles> = HashMap::new();
    // The .tf files that hold a finding's block, by path: their index in `sources`.
    let mut sources: Vec<(String, String)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut placed: Vec<Finding> = Vec::new();
    for f in plan::check(&planned) {
        let Some(p) = planned.integrations.get(f.integration) else { continue };
        let d = f.diagnostic;
        let block = module_dir(&root, p).and_then(|dir| {
            let files = dirs.entry(dir.clone()).or_insert_with(|| dir_files(&dir));
            files.iter().find_map(|(path, text, parsed)| {
                let at = parsed.integrations.iter().find(|q| q.model.name == p.model.name)?;
                let path = path.to_string_lossy().into_owned();
                // The file's text is copied once, for its suppression comments.
                let n = *index.entry(path.clone()).or_insert_with(|| {
                    sources.push((path, text.clone()));
                    sources.len() - 1
                });
                Some((n, at.locate(&d.path)))
            })
        });
        let (source, pos) = match block {
            Some(found) => found,
            // Not in a file: no comment can silence it (only --ignore).
            None => (usize::MAX, Pos { line: 1, column: 1 }),
        };
        placed.push(Finding { source, resource: p.address.clone(), diagnostic: d.at(Some(pos)) });
    }
    let texts: Vec<&str> = sources.iter().map(|(_, t)| t.as_str()).collect();
    let policy = apigw_integration_core::suppress::Policy { ignore: &o.ignore, forbidden: &o.forbid };
    let left = apigw_integration_core::suppress::apply_policy_placed(&texts, placed, policy);
    // Fingerprinted by the file that holds the block, and by the address alone when no file
    // does (whatever the plan's file is called, standard input included).
    let named: Vec<(String, Finding)> =
        left.into_iter().map(|f| (sources.get(f.source).map(|(p, _)| p.clone()).unwrap_or_default(), f)).collect();
    if let (true, Some(path)) = (o.write_baseline, &o.baseline) {
        return Ok(super::write_baseline(path, named.iter().map(|(file, f)| gate::Fingerprint::of(file, f)).collect()));
    }
    let (new, accepted) = gate::split(&named, &o.accepted);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let (mut errors, mut warnings, mut infos) = (0, 0, 0);
    let mut json = Vec::new();
    for (file, f) in new {
        let file = if file.is_empty() { shown_plan } else { file.as_str() };
        match f.diagnostic.severity {
            Severity::Error => errors += 1,
            Severity::Warning => warnings += 1,
            Severity::Info => infos += 1,
        }
        match format {
            Format::Text => {
                let _ = writeln!(out, "{}", text_line(file, f));
            }
            Format::Github => {
                let _ = writeln!(out, "{}", github_line(file, f));
            }
            Format::Json => json.push(json_value(file, f)),
            Format::Sarif => json.push(sarif_result(file, f)),
        }
    }
    super::write_report(&mut out, format, json);
    let _ = out.flush();
    drop(out);
    let known = if o.baseline.is_some() { format!(" ({accepted} more in the baseline)") } else { String::new() };
    say(&format!(
        "checked plan {shown_plan}: {} integration(s): {errors} error(s), {warnings} warning(s){known}",
        planned.integrations.len()
    ));
    Ok(super::exit_status(o, errors, warnings, infos))
}
