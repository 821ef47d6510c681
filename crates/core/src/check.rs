//! Linting whole configurations: parse, infer each integration's protocol from the
//! `aws_apigatewayv2_api` its `api_id` references, validate, and place every
//! diagnostic at a line and column.

use crate::diag::{Diagnostic, Pos};
use crate::fix::Fix;
use crate::hcl::parse::{Api, Parsed, ParsedFile, parse};
use crate::model::{Integration, Protocol};

/// A configuration's `locals`, by name.
type Locals = crate::eval::ByName<String>;

/// One diagnostic of a checked file, placed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// Index of the source in the list given to [`check_sources`].
    pub source: usize,
    /// `aws_apigatewayv2_integration.NAME`, or empty for file-level findings.
    pub resource: String,
    /// The diagnostic, with its position set.
    pub diagnostic: Diagnostic,
}

/// The result of checking a set of sources together.
#[derive(Clone, Debug, Default)]
pub struct Checked {
    /// Each source's parse, in order (models carry the protocol that was used).
    pub files: Vec<ParsedFile>,
    /// All findings, by source, then position.
    pub findings: Vec<Finding>,
}

/// The protocols of a configuration's `aws_apigatewayv2_api`s, by resource name.
pub type Apis = crate::eval::ByName<Option<Protocol>>;

/// The index of `apis` by name (of two with one name, the first), made once for all the
/// integrations that look an API up (a search of them all per integration was quadratic).
pub fn api_index<'a>(apis: impl IntoIterator<Item = &'a Api>) -> Apis {
    Apis::new(apis.into_iter().map(|a| (a.name.clone(), a.protocol)))
}

/// The protocol of the API an `api_id` references, if it is among `apis` ([`api_index`]).
pub fn infer_protocol(i: &Integration, apis: &Apis) -> Option<Protocol> {
    infer_protocol_with(i, apis, &[], &crate::eval::ByName::default())
}

/// Like [`infer_protocol`], and `var.NAME` is resolved through `inputs` (the protocols a
/// calling configuration passes into this module's variables, [`module_inputs`]) and
/// `local.NAME` through the configuration's `locals`.
pub fn infer_protocol_with(i: &Integration, apis: &Apis, inputs: &[(String, Protocol)], locals: &Locals) -> Option<Protocol> {
    let e = i.api_id.as_ref()?.expression()?;
    protocol_of(e, apis, inputs, locals, 0)
}

/// How many `local.NAME` steps [`protocol_of`] follows (locals may refer to each other,
/// and a cycle must not loop).
const LOCAL_DEPTH: usize = 8;

/// The protocol of the API an expression names: `aws_apigatewayv2_api.NAME.id` (indexes
/// included), `one(aws_apigatewayv2_api.NAME[*].id)` (the idiom for a `count`ed API),
/// `var.NAME` set by a calling module, or a `local.NAME` that is one of these.
fn protocol_of(e: &str, apis: &Apis, inputs: &[(String, Protocol)], locals: &Locals, depth: usize) -> Option<Protocol> {
    let e = e.trim();
    if let Some(inner) = e.strip_prefix("one(").and_then(|r| r.strip_suffix(')')) {
        return protocol_of(inner, apis, inputs, locals, depth);
    }
    let r = crate::reference::parse(e)?;
    let first = r.attrs.first()?;
    match r.root {
        "aws_apigatewayv2_api" => apis.get(first).copied().flatten(),
        "var" => inputs.iter().find(|(n, _)| n == first).map(|(_, p)| *p),
        "local" if depth < LOCAL_DEPTH && r.attrs.len() == 1 => {
            let text = locals.get(first)?;
            protocol_of(text, apis, inputs, locals, depth + 1)
        }
        _ => None,
    }
}

/// The protocol of the `aws_apigatewayv2_api` an expression references (`.id`, `[0].id`,
/// `one(…[*].id)`), for what module calls pass in.
fn api_protocol(e: &str, apis: &Apis) -> Option<Protocol> {
    protocol_of(e, apis, &[], &Locals::default(), LOCAL_DEPTH)
}

/// What the module calls of a configuration pass into local modules: for each call whose
/// `source` is a local path (`./…`, `../…`), the inputs that reference an API of known
/// protocol, as (source, variable, protocol). A variable that two calls of one source set
/// to different protocols is left out: its protocol is not one thing.
pub fn module_inputs(files: &[ParsedFile]) -> Vec<(String, String, Protocol)> {
    let apis = api_index(files.iter().flat_map(|f| &f.apis));
    let mut all = Vec::new();
    for call in files.iter().flat_map(|f| &f.modules) {
        let Some(source) = call.source.as_deref().filter(|s| s.starts_with("./") || s.starts_with("../")) else { continue };
        for (var, expr) in &call.inputs {
            if let Some(p) = api_protocol(expr, &apis) {
                all.push((source.to_string(), var.clone(), p));
            }
        }
    }
    consistent(all)
}

/// One (place, variable, protocol) per place and variable, in first-seen order; a
/// variable that entries set to different protocols is dropped (its protocol is not one thing).
pub fn consistent<K: Ord + Clone>(all: Vec<(K, String, Protocol)>) -> Vec<(K, String, Protocol)> {
    // Each (place, variable): its first protocol, and whether another was seen.
    let mut seen: std::collections::BTreeMap<(K, String), (Protocol, bool)> = std::collections::BTreeMap::new();
    let mut order = Vec::new();
    for (k, var, p) in all {
        match seen.get_mut(&(k.clone(), var.clone())) {
            Some((q, conflict)) => *conflict |= *q != p,
            None => {
                seen.insert((k.clone(), var.clone()), (p, false));
                order.push((k, var));
            }
        }
    }
    order
        .into_iter()
        .filter_map(|key| match seen.get(&key) {
            Some(&(p, false)) => Some((key.0, key.1, p)),
            _ => None,
        })
        .collect()
}

/// One source of a configuration: its file name and its text. Terraform reads a file named
/// `override.tf` or `*_override.tf` as an override file ([`is_override`]).
#[derive(Clone, Copy, Debug)]
pub struct Source<'a> {
    /// The file's name (a path; only its last component counts).
    pub name: &'a str,
    /// The text.
    pub text: &'a str,
}

/// The last component of a path.
fn base_name(name: &str) -> &str {
    name.rsplit(['/', '\\']).next().unwrap_or(name)
}

/// Whether Terraform reads a file as an override file: `override.tf`, `*_override.tf`.
pub fn is_override(name: &str) -> bool {
    let base = base_name(name);
    base == "override.tf" || base.ends_with("_override.tf")
}

/// Checks sources as one configuration (like the .tf files of one module): APIs in
/// any of them are visible to integrations in all of them. `protocol` overrides inference.
pub fn check_sources(sources: &[&str], protocol: Option<Protocol>) -> Checked {
    check_module(sources, protocol, &[])
}

/// [`check_sources`] for a module whose variables a calling configuration sets:
/// `inputs` are the protocols of the APIs passed in ([`module_inputs`]).
pub fn check_module(sources: &[&str], protocol: Option<Protocol>, inputs: &[(String, Protocol)]) -> Checked {
    let named: Vec<Source> = sources.iter().map(|text| Source { name: "", text }).collect();
    check_configuration(&named, protocol, inputs)
}

/// Checks the files of one configuration as Terraform reads them: the blocks of override
/// files (`override.tf`, `*_override.tf`) are merged into the blocks they override, as
/// Terraform merges them ([`overlay`]), and each finding is placed in the file that wrote
/// what it is about.
pub fn check_configuration(sources: &[Source], protocol: Option<Protocol>, inputs: &[(String, Protocol)]) -> Checked {
    check_configuration_with(sources, protocol, inputs, &crate::eval::ByName::new([]))
}

/// [`check_configuration`] with values for some of the configuration's variables (the
/// CLI's `--var` and `--var-file`, read by [`crate::vars`]): `var.NAME` is known to be that
/// value, as Terraform would evaluate it with those inputs. A variable given no value stays
/// unknown.
pub fn check_configuration_with(
    sources: &[Source],
    protocol: Option<Protocol>,
    inputs: &[(String, Protocol)],
    vars: &crate::eval::ByName<crate::eval::Known>,
) -> Checked {
    let Prepared { files, locals, not_null, overlays } = prepare(sources, protocol, inputs);
    let scope = crate::eval::Scope { each: None, locals: &locals, not_null: &not_null, vars };
    // Where each integration's paths were written, and each override file's, by path: a
    // finding is placed by a few look-ups (a search of every path per finding was quadratic:
    // 50,000 findings in one map took 5.6 s).
    let written: Vec<Vec<Places>> = files.iter().map(|f| f.integrations.iter().map(|p| Places::new(&p.spans)).collect()).collect();
    let mut overrides: std::collections::BTreeMap<(usize, usize), Vec<(usize, Places)>> = Default::default();
    for o in &overlays {
        overrides.entry(o.base).or_default().push((o.source, Places::new(&o.spans)));
    }
    // Where a path of integration (n, k) was written: the last override file that wrote it.
    let place = |n: usize, k: usize, p: &Parsed, path: &str| -> (usize, Pos) {
        for (source, places) in overrides.get(&(n, k)).map_or(&[][..], Vec::as_slice).iter().rev() {
            if let Some(pos) = places.first_of_lineage(path) {
                return (*source, pos);
            }
        }
        let nearest = written.get(n).and_then(|f| f.get(k)).and_then(|places| places.nearest(path));
        (n, nearest.unwrap_or(p.pos))
    };
    let mut findings = Vec::new();
    for (n, f) in files.iter().enumerate() {
        for d in &f.diagnostics {
            findings.push(Finding { source: n, resource: String::new(), diagnostic: d.clone() });
        }
        for (k, p) in f.integrations.iter().enumerate() {
            let resource = crate::hcl::emit::address(&p.model);
            for d in p.diagnostics.iter().cloned() {
                findings.push(Finding { source: n, resource: resource.clone(), diagnostic: d });
            }
            for d in crate::rules::validate_in(&p.model, &scope) {
                let (source, pos) = match d.pos {
                    Some(pos) => (n, pos),
                    None => place(n, k, p, &d.path),
                };
                findings.push(Finding { source, resource: resource.clone(), diagnostic: d.at(Some(pos)) });
            }
        }
    }
    let all: Vec<(usize, usize)> = files.iter().enumerate().flat_map(|(n, f)| (0..f.integrations.len()).map(move |k| (n, k))).collect();
    let models: Vec<&Integration> = all.iter().map(|&(n, k)| &files[n].integrations[k].model).collect();
    for (idx, d) in crate::rules::validate_set(&models) {
        let (n, k) = all[idx];
        let p = &files[n].integrations[k];
        let (source, pos) = place(n, k, p, &d.path);
        findings.push(Finding { source, resource: crate::hcl::emit::address(&p.model), diagnostic: d.at(Some(pos)) });
    }
    // The rules that read the resources beside the integrations (routes, permissions,
    // state machines), in the files that are not override files (a resource an override file
    // also declares is not judged).
    let texts: Vec<&str> = sources.iter().map(|s| if is_override(s.name) { "" } else { s.text }).collect();
    let override_texts: Vec<&str> = sources.iter().filter(|s| is_override(s.name)).map(|s| s.text).collect();
    let members: Vec<crate::rules::neighbours::Member> = all
        .iter()
        .map(|&(n, k)| crate::rules::neighbours::Member {
            source: n,
            model: &files[n].integrations[k].model,
            pos: files[n].integrations[k].pos,
        })
        .collect();
    for f in crate::rules::neighbours::check(&texts, &override_texts, &members) {
        let (source, d) = match f.member.and_then(|m| all.get(m)) {
            Some(&(n, k)) => {
                let p = &files[n].integrations[k];
                let (source, pos) = if f.diagnostic.path.is_empty() { (n, p.pos) } else { place(n, k, p, &f.diagnostic.path) };
                (source, f.diagnostic.at(Some(pos)))
            }
            None => (f.source, f.diagnostic),
        };
        findings.push(Finding { source, resource: f.resource, diagnostic: d });
    }
    findings.sort_by_key(|f| (f.source, f.diagnostic.pos.unwrap_or(Pos { line: 0, column: 0 })));
    // An unknown protocol is a property of the configuration (a module checked on its own):
    // said once, at the first integration it concerns, not once per integration.
    let mut said = false;
    findings.retain(|f| f.diagnostic.code != "R-PROTO-1" || !std::mem::replace(&mut said, true));
    Checked { files, findings }
}

/// Where the paths of one block were written, by path: the first place of a path written
/// twice, with its rank in the order they were written. (A `BTreeMap`: the core uses no
/// hash map, whose code the web bundle would carry.)
struct Places<'a>(std::collections::BTreeMap<&'a str, (usize, Pos)>);

impl<'a> Places<'a> {
    fn new(spans: &'a [(String, Pos)]) -> Places<'a> {
        let mut by_path = std::collections::BTreeMap::new();
        for (n, (path, pos)) in spans.iter().enumerate() {
            by_path.entry(path.as_str()).or_insert((n, *pos));
        }
        Places(by_path)
    }

    /// A path and the paths it is part of (`a["k"].b`, `a["k"]`, `a`): the path cut before
    /// each `[` or `.` it holds, from the last.
    fn lineage(path: &str) -> impl Iterator<Item = &str> {
        std::iter::once(path)
            .chain(path.char_indices().rev().filter(|&(at, c)| at > 0 && (c == '[' || c == '.')).map(|(at, _)| &path[..at]))
    }

    /// Where the path, else the nearest path it is part of, was written ([`Parsed::locate`]).
    fn nearest(&self, path: &str) -> Option<Pos> {
        Self::lineage(path).find_map(|p| self.0.get(p)).map(|&(_, pos)| pos)
    }

    /// Of the path and the paths it is part of, where the one written first was written.
    fn first_of_lineage(&self, path: &str) -> Option<Pos> {
        Self::lineage(path).filter_map(|p| self.0.get(p)).min_by_key(|&&(n, _)| n).map(|&(_, pos)| pos)
    }
}

/// An override file's block merged into an integration.
struct Overlay {
    /// The integration it changes: (file, index).
    base: (usize, usize),
    /// The override file.
    source: usize,
    /// Where the override file wrote each of its paths.
    spans: Vec<(String, Pos)>,
}

/// A configuration read as Terraform reads it.
struct Prepared {
    /// Each source's parse; an override file's integrations are merged into the ones they
    /// override (and not checked on their own).
    files: Vec<ParsedFile>,
    /// The `locals` (an override file's replace the ones they name).
    locals: Locals,
    /// The variables declared `nullable = false`.
    not_null: crate::eval::ByName<()>,
    overlays: Vec<Overlay>,
}

/// Parses the sources, merges override files into the blocks they override, sets each
/// integration's protocol, and gathers the configuration's `locals` and the variables it
/// declares `nullable = false`.
fn prepare(sources: &[Source], protocol: Option<Protocol>, inputs: &[(String, Protocol)]) -> Prepared {
    let mut files: Vec<ParsedFile> = sources.iter().map(|s| parse(s.text)).collect();
    let mut overlays = Vec::new();
    // Terraform merges override files after the others, in the order of their names.
    let mut order: Vec<usize> = (0..sources.len()).filter(|&o| is_override(sources[o].name)).collect();
    order.sort_by_key(|&o| base_name(sources[o].name));
    let primary: Vec<usize> = (0..sources.len()).filter(|&n| !is_override(sources[n].name)).collect();
    // The integrations and APIs of the files that are not override files, by name (the
    // first of a name), found by each override block without a search of them all.
    let integrations = crate::eval::ByName::new(
        primary.iter().flat_map(|&n| files[n].integrations.iter().enumerate().map(move |(k, p)| (p.model.name.clone(), (n, k)))),
    );
    let mut apis_named: std::collections::BTreeMap<String, Vec<(usize, usize)>> = std::collections::BTreeMap::new();
    for &n in &primary {
        for (k, a) in files[n].apis.iter().enumerate() {
            apis_named.entry(a.name.clone()).or_default().push((n, k));
        }
    }
    for &o in &order {
        for q in std::mem::take(&mut files[o].integrations) {
            let base = integrations.get(&q.model.name).copied();
            match base {
                Some((n, k)) => {
                    if let Some(p) = files.get_mut(n).and_then(|f| f.integrations.get_mut(k)) {
                        overlay(&mut p.model, &q.model);
                        overlays.push(Overlay { base: (n, k), source: o, spans: q.spans });
                    }
                }
                None => files[o].diagnostics.push(
                    Diagnostic::new(
                        "R-OVR-1",
                        "",
                        format!("This override file has a block for {} but no other file of the configuration declares it; Terraform fails with \"Missing resource to override\". Declare the resource in a file that is not an override file, or remove this block.", crate::hcl::emit::address(&q.model)),
                    )
                    .at(Some(q.pos)),
                ),
            }
        }
        for api in std::mem::take(&mut files[o].apis).into_iter().filter(|a| a.sets_protocol) {
            for &(n, k) in apis_named.get(&api.name).map_or(&[][..], Vec::as_slice) {
                if let Some(b) = files.get_mut(n).and_then(|f| f.apis.get_mut(k)) {
                    b.protocol = api.protocol;
                }
            }
        }
    }
    let api_refs = api_index(files.iter().flat_map(|f| &f.apis));
    // Locals are looked up first match first: an override file's replace the others.
    let locals = Locals::new(order.iter().chain(&primary).flat_map(|&n| files[n].locals.iter().cloned()));
    for f in &mut files {
        for p in &mut f.integrations {
            p.model.protocol = protocol.or_else(|| infer_protocol_with(&p.model, &api_refs, inputs, &locals));
        }
    }
    let not_null = crate::eval::ByName::names(files.iter().flat_map(|f| f.not_null.iter().cloned()));
    Prepared { files, locals, not_null, overlays }
}

/// Merges an override file's block into the block it overrides, as Terraform does: each
/// argument it writes replaces the original's; nested blocks it writes (`tls_config`,
/// `response_parameters`, or `dynamic` blocks making them) replace all the original's
/// blocks of that type; meta-arguments (`for_each`, `count`, `provider`, `depends_on`)
/// replace the original's. (Terraform merges `lifecycle` argument by argument; here it is
/// replaced whole: no rule reads it.)
pub fn overlay(base: &mut Integration, over: &Integration) {
    // The name a kept item writes: a `dynamic` block's is the block type it makes.
    let kept = |v: &crate::model::Verbatim| -> String {
        match v.text.strip_prefix("dynamic").and_then(|r| r.trim_start().strip_prefix('"')).and_then(|r| r.split('"').next()) {
            Some(label) if v.name == "dynamic" => label.to_string(),
            _ => v.name.clone(),
        }
    };
    let written: Vec<String> = over.verbatim.iter().map(kept).collect();
    for name in crate::model::SCALAR_ARGS {
        if let Some(v) = over.scalar(name) {
            if let Some(slot) = base.scalar_mut(name) {
                *slot = Some(v.clone());
            }
            base.verbatim.retain(|b| b.name != *name);
        }
    }
    for name in crate::model::MAP_ARGS {
        if over.map(name).is_some() || written.iter().any(|w| w == name) {
            if let Some(slot) = base.map_mut(name) {
                *slot = over.map(name).cloned();
            }
            base.verbatim.retain(|b| b.name != *name);
        }
    }
    if !over.response_parameters.is_empty() || written.iter().any(|w| w == "response_parameters") {
        base.response_parameters = over.response_parameters.clone();
        base.verbatim.retain(|b| kept(b) != "response_parameters");
    }
    if over.tls_config.is_some() || written.iter().any(|w| w == "tls_config") {
        base.tls_config = over.tls_config.clone();
        base.verbatim.retain(|b| kept(b) != "tls_config");
    }
    base.verbatim.retain(|b| !written.contains(&kept(b)));
    base.verbatim.extend(over.verbatim.iter().cloned());
}

/// What `check --fix` does to one source.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Fixed {
    /// Index of the source.
    pub source: usize,
    /// The new text: the source with the fixes' edits, nothing else changed.
    pub text: String,
    /// The fixes applied, with the resource address they concern.
    pub applied: Vec<(String, Fix)>,
    /// Integrations whose fixed form could not be written (the output is withheld), and why.
    pub withheld: Vec<(String, String)>,
}

/// Applies every safe fix ([`crate::fix`]) to the sources checked as one configuration:
/// one [`Fixed`] per source that has anything to fix. Each fix is the smallest edit of the
/// source text ([`crate::fix::text::apply`]): every byte outside the arguments it removes
/// and the values it changes stays as it was (alignment aside, in a block that was
/// formatted). Each edited block is parsed again and must hold exactly the model its fixes
/// meant to make; if not, that integration is left as it was and listed in `withheld`.
/// `allowed(source, resource, diagnostic)` says which findings may be fixed (the CLI passes
/// those its suppressions leave).
pub fn fix_module(
    sources: &[&str],
    protocol: Option<Protocol>,
    inputs: &[(String, Protocol)],
    allowed: &dyn Fn(usize, &str, &Diagnostic) -> bool,
) -> Vec<Fixed> {
    let named: Vec<Source> = sources.iter().map(|text| Source { name: "", text }).collect();
    fix_configuration(&named, protocol, inputs, allowed)
}

/// [`fix_module`] on the named files of a configuration, read as [`check_configuration`]
/// reads them. An integration that an override file changes is not fixed (its arguments
/// are in two files; it is listed in `withheld`, and its findings stay reported).
pub fn fix_configuration(
    sources: &[Source],
    protocol: Option<Protocol>,
    inputs: &[(String, Protocol)],
    allowed: &dyn Fn(usize, &str, &Diagnostic) -> bool,
) -> Vec<Fixed> {
    let Prepared { files, locals, not_null, overlays } = prepare(sources, protocol, inputs);
    let scope = crate::eval::Scope { each: None, locals: &locals, not_null: &not_null, ..crate::eval::Scope::default() };
    let mut out = Vec::new();
    for (n, f) in files.iter().enumerate() {
        let src = sources[n].text;
        let mut fixed = Fixed { source: n, ..Fixed::default() };
        // Each edited block's new text, by its span (blocks come in file order, apart).
        let mut blocks: Vec<(std::ops::Range<usize>, String)> = Vec::new();
        for (k, p) in f.integrations.iter().enumerate() {
            let address = crate::hcl::emit::address(&p.model);
            let (model, applied) = crate::fix::fix_all(&p.model, |m| {
                crate::rules::validate_in(m, &scope).into_iter().filter(|d| allowed(n, &address, d)).collect()
            });
            if applied.is_empty() {
                continue;
            }
            if let Some(o) = overlays.iter().find(|o| o.base == (n, k)) {
                let file = base_name(sources[o.source].name);
                fixed.withheld.push((address, format!("the override file {file} changes it: fix it by hand")));
                continue;
            }
            let after_last = blocks.last().is_none_or(|(r, _)| r.end <= p.span.start);
            let edited = src
                .get(p.span.clone())
                .filter(|_| after_last)
                .ok_or_else(|| "its place in the file is unknown".to_string())
                .and_then(|text| crate::fix::text::apply_block(text, &applied))
                .and_then(|text| match parse(&text).integrations.as_slice() {
                    [q] if crate::fix::text::same_model(&q.model, &model) => Ok(text),
                    _ => Err("the edited block does not read back as the fixed configuration".to_string()),
                });
            match edited {
                Ok(text) => {
                    blocks.push((p.span.clone(), text));
                    fixed.applied.extend(applied.into_iter().map(|f| (address.clone(), f)));
                }
                Err(why) => fixed.withheld.push((address, why)),
            }
        }
        if fixed.applied.is_empty() && fixed.withheld.is_empty() {
            continue;
        }
        // The file put together once: what lies between the edited blocks, and their new text.
        let mut text = String::with_capacity(src.len());
        let mut at = 0;
        for (span, block) in &blocks {
            text.push_str(src.get(at..span.start).unwrap_or(""));
            text.push_str(block);
            at = span.end;
        }
        text.push_str(src.get(at..).unwrap_or(""));
        fixed.text = text;
        out.push(fixed);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Places by index give what the searches they replaced gave: `Parsed::locate` (the
    /// path, else its nearest written parent) and, for an override file, the first written
    /// of the path and its parents.
    #[test]
    fn places_equal_the_searches_they_replaced() {
        let names = ["a", "a[\"k\"]", "a[\"k.x\"]", "a[\"k\"].b", "r[0]", "r[0].m", "r[0].m[\"h\"]", "r[1]", "t.s", "t"];
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..2_000 {
            let spans: Vec<(String, Pos)> = (0..next() % 8)
                .map(|n| (names[(next() % names.len() as u64) as usize].to_string(), Pos { line: n as u32 + 1, column: 1 }))
                .collect();
            let parsed = Parsed {
                model: Integration::named("x"),
                pos: Pos { line: 99, column: 9 },
                spans: spans.clone(),
                diagnostics: Vec::new(),
                span: 0..0,
            };
            let places = Places::new(&spans);
            for path in names.iter().chain(&["a[\"k\"].b.c", "zz", "r[0].m[\"h\"].q"]) {
                assert_eq!(places.nearest(path).unwrap_or(parsed.pos), parsed.locate(path), "{path} in {spans:?}");
                let written = |s: &String| s == path || path.strip_prefix(s.as_str()).is_some_and(|r| r.starts_with(['[', '.']));
                assert_eq!(places.first_of_lineage(path), spans.iter().find(|(s, _)| written(s)).map(|(_, p)| *p), "{path} in {spans:?}");
            }
        }
    }

    #[test]
    fn module_inputs_follow_local_calls_and_drop_conflicts() {
        let root = parse(
            "resource \"aws_apigatewayv2_api\" \"ws\" {\n  protocol_type = \"WEBSOCKET\"\n}\nresource \"aws_apigatewayv2_api\" \"http\" {\n  protocol_type = \"HTTP\"\n}\n\
             module \"a\" {\n  source = \"./m\"\n  api_id = aws_apigatewayv2_api.ws.id\n  other = aws_apigatewayv2_api.http[0].id\n}\n\
             module \"b\" {\n  source = \"./m\"\n  other = aws_apigatewayv2_api.ws.id\n}\n\
             module \"remote\" {\n  source = \"terraform-aws-modules/apigateway-v2/aws\"\n  api_id = aws_apigatewayv2_api.ws.id\n}\n",
        );
        assert_eq!(module_inputs(&[root]), vec![("./m".to_string(), "api_id".to_string(), Protocol::WebSocket)]);
        let m = parse("resource \"aws_apigatewayv2_integration\" \"x\" {\n  api_id = var.api_id\n  integration_type = \"MOCK\"\n}\n");
        let i = &m.integrations[0].model;
        assert_eq!(
            infer_protocol_with(i, &Apis::default(), &[("api_id".into(), Protocol::WebSocket)], &Locals::default()),
            Some(Protocol::WebSocket)
        );
        assert_eq!(infer_protocol(i, &Apis::default()), None);
    }
}
