//! What makes `check` fail a CI run, as a team adopts it: the configuration file
//! (`.apigw-integration.json`, schema in `schema/apigw-integration.schema.json`), the
//! severity that fails the run (`--min-severity`), and the baseline of findings already
//! known (`--baseline`, `--write-baseline`), so that only new findings fail.

use apigw_integration_core::check::Finding;
use apigw_integration_core::diag::Severity;
use apigw_integration_core::rules;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The file `check` reads from the current directory when no `--config` is given.
pub const DEFAULT_CONFIG: &str = ".apigw-integration.json";

/// The keys the configuration file may hold (the JSON Schema lists the same: a test checks it).
pub const CONFIG_KEYS: &[&str] = &["$schema", "min_severity", "ignore", "forbid_suppressing", "baseline"];

/// The configuration file's settings.
#[derive(Debug, Default)]
pub struct Config {
    /// The severity that fails the run.
    pub min_severity: Option<Severity>,
    /// Codes silenced everywhere.
    pub ignore: Vec<String>,
    /// Codes no suppression comment may silence (nor `--ignore`).
    pub forbid_suppressing: Vec<String>,
    /// The baseline file, relative to the configuration file's directory.
    pub baseline: Option<PathBuf>,
}

/// `error`, `warning` or `info`.
pub fn severity(s: &str) -> Option<Severity> {
    Severity::ALL.into_iter().find(|v| v.as_str() == s)
}

/// Whether a finding of severity `s` fails a run whose threshold is `min`.
pub fn fails(s: Severity, min: Severity) -> bool {
    s <= min
}

/// Reads the configuration: `Ok(None)` when `path` is the default and there is no such
/// file; an error says what is wrong and where.
pub fn read_config(path: Option<&str>) -> Result<Option<Config>, String> {
    let (file, explicit) = match path {
        Some(p) => (PathBuf::from(p), true),
        None => (PathBuf::from(DEFAULT_CONFIG), false),
    };
    if !explicit && !file.exists() {
        return Ok(None);
    }
    let shown = file.display().to_string();
    let text = crate::files::read_file(&file)?;
    let v: serde_json::Value = serde_json::from_str(without_bom(&text))
        .map_err(|e| format!("{shown}: not valid JSON ({e}); see schema/apigw-integration.schema.json"))?;
    let Some(o) = v.as_object() else { return Err(format!("{shown}: the configuration is a JSON object of settings")) };
    let mut c = Config::default();
    for (key, value) in o {
        let codes = |what: &str| -> Result<Vec<String>, String> {
            let list = value.as_array().ok_or_else(|| format!("{shown}: `{key}` is a list of rule codes ({what})"))?;
            list.iter()
                .map(|c| match c.as_str() {
                    Some(code) if rules::rule(code).is_some() => Ok(code.to_string()),
                    _ => Err(format!("{shown}: `{key}`: {c} is not a rule code (see `apigw-integration rules`)")),
                })
                .collect()
        };
        match key.as_str() {
            "$schema" if value.is_string() => {}
            "$schema" => return Err(format!("{shown}: `$schema` is the schema's address or path (a string), not {value}")),
            "min_severity" => {
                c.min_severity = Some(
                    value
                        .as_str()
                        .and_then(severity)
                        .ok_or_else(|| format!("{shown}: `min_severity` is \"error\", \"warning\" or \"info\", not {value}"))?,
                );
            }
            "ignore" => c.ignore = codes("silenced everywhere")?,
            "forbid_suppressing" => c.forbid_suppressing = codes("that no suppression may silence")?,
            "baseline" => {
                let p =
                    value.as_str().filter(|s| !s.is_empty()).ok_or_else(|| format!("{shown}: `baseline` is the baseline file's path"))?;
                c.baseline = Some(file.parent().unwrap_or(Path::new("")).join(p));
            }
            other => {
                return Err(format!(
                    "{shown}: `{}` is not a setting; the settings are {}",
                    crate::output::part(other),
                    CONFIG_KEYS.iter().skip(1).map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
                ));
            }
        }
    }
    if let Some(code) = c.ignore.iter().find(|code| c.forbid_suppressing.contains(code)) {
        return Err(format!("{shown}: `ignore` names {code}, which `forbid_suppressing` says nothing may silence"));
    }
    Ok(Some(c))
}

/// What identifies a finding across edits that move lines: its file, resource address,
/// rule and field.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Fingerprint {
    pub file: String,
    pub resource: String,
    pub rule: String,
    pub field: String,
}

impl Fingerprint {
    /// The fingerprint of a finding in `file` (as the run names it: `./`, `\`, and the
    /// current directory before an absolute path do not make another file).
    pub fn of(file: &str, f: &Finding) -> Fingerprint {
        let relative = std::env::current_dir()
            .ok()
            .and_then(|cwd| Path::new(file).strip_prefix(cwd).ok().map(|p| p.to_string_lossy().into_owned()))
            .filter(|p| !p.is_empty());
        let file = relative.as_deref().unwrap_or(file).replace('\\', "/");
        Fingerprint {
            file: file.trim_start_matches("./").to_string(),
            resource: f.resource.clone(),
            rule: f.diagnostic.code.clone(),
            field: f.diagnostic.path.clone(),
        }
    }
}

/// How many findings of each fingerprint the baseline accepts.
pub type Baseline = BTreeMap<Fingerprint, usize>;

/// Reads a baseline file written by `--write-baseline`.
pub fn read_baseline(path: &Path) -> Result<Baseline, String> {
    let shown = path.display().to_string();
    let text = crate::files::read_file(path)?;
    let bad =
        |why: &str| format!("{shown}: {why}; write it again with `apigw-integration check --write-baseline --baseline {shown} PATH…`");
    let v: serde_json::Value = serde_json::from_str(without_bom(&text)).map_err(|e| bad(&format!("not valid JSON ({e})")))?;
    if v.get("version").and_then(serde_json::Value::as_u64) != Some(1) {
        return Err(bad("not a baseline of version 1"));
    }
    let list = v.get("findings").and_then(serde_json::Value::as_array).ok_or_else(|| bad("it has no `findings` list"))?;
    let mut out = Baseline::new();
    for (n, e) in list.iter().enumerate() {
        let field = |k: &str| e.get(k).and_then(serde_json::Value::as_str).map(str::to_string);
        match (field("file"), field("resource"), field("rule"), field("field")) {
            (Some(file), Some(resource), Some(rule), Some(field)) => {
                *out.entry(Fingerprint { file, resource, rule, field }).or_default() += 1;
            }
            _ => return Err(bad(&format!("findings[{n}] needs the strings `file`, `resource`, `rule` and `field`"))),
        }
    }
    Ok(out)
}

/// Writes a baseline file (`--write-baseline`), whole or not at all. A file already there
/// is replaced only when it is a baseline (or empty): `--baseline main.tf` or the
/// configuration's name given by mistake must not cost the file.
pub fn write_baseline(path: &Path, prints: Vec<Fingerprint>) -> Result<(), String> {
    let shown = path.display().to_string();
    if std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() > 0)
        && let Err(e) = read_baseline(path)
    {
        let why = e.split("; write it again").next().unwrap_or(&e).to_string();
        return Err(format!(
            "{why}: --write-baseline replaces only a baseline file (or an empty one); remove {shown}, or name another file"
        ));
    }
    crate::files::write_whole(path, baseline_text(prints).as_bytes())
}

/// A baseline file's text for these fingerprints (sorted, so that it diffs well).
pub fn baseline_text(mut prints: Vec<Fingerprint>) -> String {
    prints.sort();
    let findings: Vec<serde_json::Value> = prints
        .into_iter()
        .map(|p| serde_json::json!({ "file": p.file, "resource": p.resource, "rule": p.rule, "field": p.field }))
        .collect();
    let mut text = serde_json::to_string_pretty(&serde_json::json!({ "version": 1, "findings": findings })).unwrap_or_default();
    text.push('\n');
    text
}

/// Splits findings into the new ones and the number the baseline accepts: each
/// fingerprint accepts as many findings as the baseline lists of it (one more is new).
pub fn split<'a>(findings: &'a [(String, Finding)], baseline: &Baseline) -> (Vec<&'a (String, Finding)>, usize) {
    let mut seen: BTreeMap<Fingerprint, usize> = BTreeMap::new();
    let mut new = Vec::new();
    let mut known = 0;
    for item in findings {
        let print = Fingerprint::of(&item.0, &item.1);
        let allowed = baseline.get(&print).copied().unwrap_or(0);
        let n = seen.entry(print).or_default();
        *n += 1;
        if *n <= allowed {
            known += 1;
        } else {
            new.push(item);
        }
    }
    (new, known)
}

/// A JSON text without the byte-order mark some editors write first (RFC 8259 lets a
/// reader ignore it; serde_json does not).
fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}
