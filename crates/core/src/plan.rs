//! Saved plans: the JSON of `terraform show -json plan.out` (Terraform's "JSON Output
//! Format", `format_version` 1.x), read into the model so that the rules judge the values
//! Terraform planned instead of the expressions that hide them.
//!
//! Every managed `aws_apigatewayv2_integration` instance of the plan (root and child
//! modules, `count` and `for_each` instances) becomes one [`Planned`]: its resource
//! address, and a model holding its planned values. A value the plan marks as known only
//! after apply (`after_unknown`) is an expression the rules cannot see through
//! ([`UNKNOWN_ROOT`]), so it stays silent, as an unknown value does in a configuration (an
//! attribute missing from the planned values is one: Terraform leaves those out); a value
//! the plan marks as sensitive is not judged either ([`SENSITIVE_ROOT`]), so no message
//! quotes it; a `null` value is absent. A value the configuration does not write is left out (a
//! provider default, or what AWS reported for an existing resource, is not the author's).
//! The API's protocol comes from the planned `aws_apigatewayv2_api` that `api_id`
//! references: by its planned `id` when both are known, else through the configuration's
//! references, followed through module calls when the API is passed in as a variable.
//!
//! Input is untrusted: a shape that is not the documented one is a [`PlanError`] naming the
//! JSON path; nesting is bounded by the JSON reader (127 levels) and by [`MAX_MODULE_DEPTH`].

use crate::diag::Diagnostic;
use crate::json::Json;
use crate::model::{Integration, MAP_ARGS, Map, Protocol, ResponseParameters, SCALAR_ARGS, TlsConfig, Value, Verbatim};

/// The root of the expression that stands for a value known only after apply:
/// `known_after_apply.integration_uri`. A reference to nothing the rules know, which may be
/// null or anything, so every rule that needs the value stays silent.
pub const UNKNOWN_ROOT: &str = "known_after_apply";

/// The root of the expression that stands for a value the plan marks as sensitive
/// (`after_sensitive`, `sensitive_values`): `sensitive_value.credentials_arn`. Not judged,
/// so that no finding prints it (a plan's JSON holds sensitive values in clear, and a
/// redacted plan holds something else in their place).
pub const SENSITIVE_ROOT: &str = "sensitive_value";

/// How many nested module calls are followed (a plan's JSON nests at most 127 levels, so
/// this bounds nothing a real plan has).
pub const MAX_MODULE_DEPTH: usize = 64;

const INTEGRATION: &str = "aws_apigatewayv2_integration";
const API: &str = "aws_apigatewayv2_api";

/// Arguments whose planned value may not be the author's when the configuration does not
/// write them: a provider default (`connection_type`, `payload_format_version`,
/// `passthrough_behavior`), a value the provider computes (`timeout_milliseconds`,
/// `region`), or what AWS reported for an existing resource where the provider ignores the
/// difference (`integration_method`, `passthrough_behavior`). With the configuration in the
/// plan, any argument it does not write is left out; without it, these are, unless they hold
/// something other than the default.
const DEFAULTED: &[(&str, Option<&str>)] = &[
    ("connection_type", Some("INTERNET")),
    ("payload_format_version", Some("1.0")),
    ("passthrough_behavior", Some("WHEN_NO_MATCH")),
    ("timeout_milliseconds", None),
    ("integration_method", None),
    ("region", None),
];

/// Why a plan could not be read: what is wrong, where (a JSON path), and what to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanError(pub String);

impl std::fmt::Display for PlanError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// One module call on the way from the root module to an instance: the call's name and
/// its instance key as written in the address (`["k"]`, `[0]`, or empty).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Step {
    pub name: String,
    pub key: String,
}

/// One planned integration instance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Planned {
    /// Its resource address: `module.a["k"].aws_apigatewayv2_integration.x[0]`.
    pub address: String,
    /// The module instance it is in (empty: the root module).
    pub module: Vec<Step>,
    /// Its instance key as the address writes it (`[0]`, `["k"]`, or empty).
    pub key: String,
    /// Its planned values (`name` is the resource name, `protocol` the API's when known).
    pub model: Integration,
    /// The diagnostic paths of the values known only after apply.
    pub unknown: Vec<String>,
    /// The diagnostic paths of the values the plan marks as sensitive (not judged).
    pub sensitive: Vec<String>,
    /// The `source` of each module call from the root down to its module, when the plan's
    /// configuration has them all (empty for the root module): where its block is written.
    pub sources: Option<Vec<String>>,
}

/// What a plan holds for the rules.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    /// The integration instances, in the plan's order.
    pub integrations: Vec<Planned>,
}

/// Whether a text looks like the JSON of a plan (`format_version` and `planned_values` or
/// `resource_changes`), before it is read.
pub fn looks_like_plan(text: &str) -> bool {
    let t = text.trim_start();
    t.starts_with('{') && t.contains("\"format_version\"") && (t.contains("\"planned_values\"") || t.contains("\"resource_changes\""))
}

/// The entries of an object.
fn entries(j: &Json) -> Option<&[(String, Json)]> {
    match j {
        Json::Obj(e) => Some(e),
        _ => None,
    }
}

/// An object's field (the last of a key written twice, as Terraform's reader takes it).
fn get<'a>(j: &'a Json, key: &str) -> Option<&'a Json> {
    entries(j)?.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v)
}

/// A field that must be a string when present.
fn string<'a>(j: &'a Json, key: &str, at: &str) -> Result<Option<&'a str>, PlanError> {
    match get(j, key) {
        None | Some(Json::Null) => Ok(None),
        Some(Json::Str(s)) => Ok(Some(s)),
        Some(other) => Err(shape(&format!("{at}.{key}"), "a string", other)),
    }
}

/// A field that must be an array when present.
fn array<'a>(j: &'a Json, key: &str, at: &str) -> Result<&'a [Json], PlanError> {
    match get(j, key) {
        None | Some(Json::Null) => Ok(&[]),
        Some(Json::Arr(a)) => Ok(a),
        Some(other) => Err(shape(&format!("{at}.{key}"), "an array", other)),
    }
}

fn kind(j: &Json) -> &'static str {
    match j {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::U64(_) | Json::I64(_) | Json::Num(_) => "a number",
        Json::Str(_) => "a string",
        Json::Arr(_) => "an array",
        Json::Obj(_) => "an object",
    }
}

fn shape(at: &str, expected: &str, found: &Json) -> PlanError {
    PlanError(format!(
        "`{at}` is {}, but Terraform's plan JSON has {expected} there: is this the output of `terraform show -json plan.out`?",
        kind(found)
    ))
}

/// A resource instance of the plan that matters here.
struct Instance<'a> {
    address: String,
    module: Vec<Step>,
    ty: &'a str,
    name: &'a str,
    /// The instance key as written in an address (`[0]`, `["k"]`, or empty).
    key: String,
    after: &'a Json,
    /// `after_unknown`, or `Json::Null` when nothing is unknown.
    unknown: &'a Json,
    /// `after_sensitive` (`sensitive_values`), or `Json::Null` when nothing is sensitive.
    sensitive: &'a Json,
    /// Where `after` is, for messages.
    at: String,
}

static NULL: Json = Json::Null;

/// Reads the JSON of a saved plan. `protocol`, when given, is every integration's protocol
/// (the CLI's `--protocol`); otherwise each one's comes from its API, when known.
pub fn read(text: &str, protocol: Option<Protocol>) -> Result<Plan, PlanError> {
    let root = crate::json::parse(text)
        .map_err(|e| PlanError(format!("The plan is not JSON: {e}. Give the output of `terraform show -json plan.out`.")))?;
    if entries(&root).is_none() {
        return Err(shape("(the document)", "an object", &root));
    }
    match get(&root, "format_version") {
        Some(Json::Str(v)) if v.split('.').next() == Some("1") => {}
        Some(Json::Str(v)) => {
            return Err(PlanError(format!(
                "`format_version` is `{}`; this tool reads Terraform's plan JSON format 1.x. Use a Terraform release that writes 1.x, or a newer version of this tool.",
                crate::diag::visible(&crate::diag::excerpt(v, 40))
            )));
        }
        Some(other) => return Err(shape("format_version", "a string", other)),
        None => {
            return Err(PlanError(
                "There is no `format_version`: this is not the output of `terraform show -json`. Save a plan (`terraform plan -out=plan.out`), then give `terraform show -json plan.out`.".into(),
            ));
        }
    }
    if get(&root, "planned_values").is_none() && get(&root, "resource_changes").is_none() {
        let what = if get(&root, "values").is_some() {
            "This is the JSON of a state, not of a plan"
        } else {
            "There is neither `planned_values` nor `resource_changes`"
        };
        return Err(PlanError(format!("{what}. Save a plan (`terraform plan -out=plan.out`), then give `terraform show -json plan.out`.")));
    }
    let mut instances: Vec<Instance> = Vec::new();
    for (n, rc) in array(&root, "resource_changes", "")?.iter().enumerate() {
        let at = format!("resource_changes[{n}]");
        if entries(rc).is_none() {
            return Err(shape(&at, "an object", rc));
        }
        if let Some(i) = change_instance(rc, &at)? {
            instances.push(i);
        }
    }
    if let Some(pv) = get(&root, "planned_values") {
        let root_module = get(pv, "root_module").unwrap_or(&NULL);
        let mut seen: std::collections::BTreeSet<String> = instances.iter().map(|i| i.address.clone()).collect();
        planned_instances(root_module, "planned_values.root_module", 0, &mut seen, &mut instances)?;
    }
    let config = get(&root, "configuration").and_then(|c| get(c, "root_module"));
    let apis = Apis::new(&instances);
    let mut plan = Plan::default();
    for inst in instances.iter().filter(|i| i.ty == INTEGRATION) {
        let module_config = config.and_then(|c| module_config(c, &inst.module));
        let resource_config = module_config.and_then(|m| resource_config(m, INTEGRATION, inst.name));
        let written = resource_config.and_then(|r| get(r, "expressions"));
        let (mut model, unknown, sensitive) = build(inst, written)?;
        model.protocol = protocol.or_else(|| api_protocol(inst, &model, &apis, config, written));
        let sources = config.and_then(|c| module_sources(c, &inst.module));
        plan.integrations.push(Planned {
            address: inst.address.clone(),
            module: inst.module.clone(),
            key: inst.key.clone(),
            model,
            unknown,
            sensitive,
            sources,
        });
    }
    Ok(plan)
}

/// A `resource_changes` entry, when it is a managed integration or API that exists after
/// the plan is applied.
fn change_instance<'a>(rc: &'a Json, at: &str) -> Result<Option<Instance<'a>>, PlanError> {
    let ty = string(rc, "type", at)?.unwrap_or("");
    if string(rc, "mode", at)? != Some("managed") || (ty != INTEGRATION && ty != API) {
        return Ok(None);
    }
    // A deposed object is the old one of a create-before-destroy replacement.
    if string(rc, "deposed", at)?.is_some() {
        return Ok(None);
    }
    let change = match get(rc, "change") {
        Some(c @ Json::Obj(_)) => c,
        Some(other) => return Err(shape(&format!("{at}.change"), "an object", other)),
        None => return Ok(None),
    };
    let after = match get(change, "after") {
        Some(a @ Json::Obj(_)) => a,
        // Deleted: nothing of it is left after apply.
        None | Some(Json::Null) => return Ok(None),
        Some(other) => return Err(shape(&format!("{at}.change.after"), "an object", other)),
    };
    let unknown = get(change, "after_unknown").unwrap_or(&NULL);
    let sensitive = get(change, "after_sensitive").unwrap_or(&NULL);
    let module_address = string(rc, "module_address", at)?.unwrap_or("");
    let module = steps(module_address).ok_or_else(|| bad_address(&format!("{at}.module_address"), module_address))?;
    let name = string(rc, "name", at)?.unwrap_or("");
    let key = index_key(get(rc, "index"), &format!("{at}.index"))?;
    let address = match string(rc, "address", at)? {
        Some(a) => a.to_string(),
        None => join_address(module_address, ty, name, &key),
    };
    Ok(Some(Instance { address, module, ty, name, key, after, unknown, sensitive, at: format!("{at}.change.after") }))
}

/// The integrations and APIs of `planned_values` that `resource_changes` did not list
/// (a plan lists every instance there; this reads a plan that left them out).
fn planned_instances<'a>(
    m: &'a Json,
    at: &str,
    depth: usize,
    seen: &mut std::collections::BTreeSet<String>,
    out: &mut Vec<Instance<'a>>,
) -> Result<(), PlanError> {
    if depth > MAX_MODULE_DEPTH {
        return Err(PlanError(format!("`{at}` nests modules more than {MAX_MODULE_DEPTH} deep; this tool reads no deeper.")));
    }
    let module_address = string(m, "address", at)?.unwrap_or("");
    let module = steps(module_address).ok_or_else(|| bad_address(&format!("{at}.address"), module_address))?;
    for (n, r) in array(m, "resources", at)?.iter().enumerate() {
        let rat = format!("{at}.resources[{n}]");
        let ty = string(r, "type", &rat)?.unwrap_or("");
        if string(r, "mode", &rat)? != Some("managed") || (ty != INTEGRATION && ty != API) {
            continue;
        }
        let name = string(r, "name", &rat)?.unwrap_or("");
        let key = index_key(get(r, "index"), &format!("{rat}.index"))?;
        let address = match string(r, "address", &rat)? {
            Some(a) => a.to_string(),
            None => join_address(module_address, ty, name, &key),
        };
        if !seen.insert(address.clone()) {
            continue;
        }
        let after = match get(r, "values") {
            Some(v @ Json::Obj(_)) => v,
            None | Some(Json::Null) => continue,
            Some(other) => return Err(shape(&format!("{rat}.values"), "an object", other)),
        };
        out.push(Instance {
            address,
            module: module.clone(),
            ty,
            name,
            key,
            after,
            unknown: &NULL,
            sensitive: get(r, "sensitive_values").unwrap_or(&NULL),
            at: format!("{rat}.values"),
        });
    }
    for (n, c) in array(m, "child_modules", at)?.iter().enumerate() {
        planned_instances(c, &format!("{at}.child_modules[{n}]"), depth + 1, seen, out)?;
    }
    Ok(())
}

fn bad_address(at: &str, text: &str) -> PlanError {
    PlanError(format!(
        "`{at}` is `{}`, which is not a module address (`module.NAME`, `module.NAME[0]`, `module.NAME[\"key\"]`, …).",
        crate::diag::visible(&crate::diag::excerpt(text, 80))
    ))
}

fn join_address(module: &str, ty: &str, name: &str, key: &str) -> String {
    if module.is_empty() { format!("{ty}.{name}{key}") } else { format!("{module}.{ty}.{name}{key}") }
}

/// An instance key as an address writes it: `[0]`, `["k"]`; empty for none.
fn index_key(j: Option<&Json>, at: &str) -> Result<String, PlanError> {
    match j {
        None | Some(Json::Null) => Ok(String::new()),
        Some(Json::U64(n)) => Ok(format!("[{n}]")),
        Some(Json::Str(s)) => Ok(format!("[{}]", go_quote(s))),
        Some(other) => Err(shape(at, "a number or a string", other)),
    }
}

/// A string quoted as Terraform writes an instance key in an address.
fn go_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The module calls of a module instance address (`module.a["k"].module.b`), or `None` if
/// it is not one. Iterative: a long address costs no depth.
pub fn steps(address: &str) -> Option<Vec<Step>> {
    let mut out = Vec::new();
    let mut rest = address;
    while !rest.is_empty() {
        rest = rest.strip_prefix("module.")?;
        let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-')).unwrap_or(rest.len());
        let name = rest.get(..end)?;
        if !crate::reference::is_identifier(name) {
            return None;
        }
        rest = rest.get(end..)?;
        let key_len = bracket_len(rest)?;
        let key = rest.get(..key_len)?;
        out.push(Step { name: name.to_string(), key: key.to_string() });
        rest = rest.get(key_len..)?;
        if !rest.is_empty() {
            rest = rest.strip_prefix('.')?;
            if rest.is_empty() {
                return None;
            }
        }
    }
    Some(out)
}

/// The length of an instance key at the start of `s` (`[0]`, `["a\"b"]`), 0 when there is
/// none, `None` when one starts but is not well formed.
fn bracket_len(s: &str) -> Option<usize> {
    let Some(inner) = s.strip_prefix('[') else { return Some(0) };
    if let Some(quoted) = inner.strip_prefix('"') {
        let mut escaped = false;
        for (n, c) in quoted.char_indices() {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => return quoted.get(n + 1..)?.starts_with(']').then_some(n + 4),
                _ => {}
            }
        }
        return None;
    }
    let end = inner.find(']')?;
    (end > 0 && inner.get(..end)?.bytes().all(|b| b.is_ascii_digit())).then_some(end + 2)
}

/// The configuration of the module a module instance is in (`module_calls.NAME.module`,
/// call by call; instance keys do not matter: every instance of a call has its module).
fn module_config<'a>(root: &'a Json, module: &[Step]) -> Option<&'a Json> {
    let mut m = root;
    for s in module.iter().take(MAX_MODULE_DEPTH) {
        m = get(get(get(m, "module_calls")?, &s.name)?, "module")?;
    }
    (module.len() <= MAX_MODULE_DEPTH).then_some(m)
}

/// The `source` of each module call down to a module instance.
fn module_sources(root: &Json, module: &[Step]) -> Option<Vec<String>> {
    let mut m = root;
    let mut out = Vec::new();
    for s in module.iter().take(MAX_MODULE_DEPTH) {
        let call = get(get(m, "module_calls")?, &s.name)?;
        match get(call, "source") {
            Some(Json::Str(src)) => out.push(src.clone()),
            _ => return None,
        }
        m = get(call, "module")?;
    }
    (module.len() <= MAX_MODULE_DEPTH).then_some(out)
}

/// A managed resource's configuration in a module's configuration.
fn resource_config<'a>(module: &'a Json, ty: &str, name: &str) -> Option<&'a Json> {
    let Some(Json::Arr(rs)) = get(module, "resources") else { return None };
    rs.iter().find(|r| {
        get(r, "mode") == Some(&Json::Str("managed".into()))
            && get(r, "type") == Some(&Json::Str(ty.into()))
            && get(r, "name") == Some(&Json::Str(name.into()))
    })
}

/// What the plan says of a value it does not give as it will be: known only after apply
/// (`after_unknown`), or sensitive (`after_sensitive`, `sensitive_values`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Hidden {
    Unknown,
    Sensitive,
}

/// The `after_unknown` and `after_sensitive` of one value: each `None` when it says
/// nothing of it, `true` when it marks the whole value (a mark on a value marks all of it).
#[derive(Clone, Copy)]
struct Marks<'a> {
    unknown: Option<&'a Json>,
    sensitive: Option<&'a Json>,
}

static TRUE: Json = Json::Bool(true);

impl<'a> Marks<'a> {
    fn down(j: Option<&'a Json>, f: impl FnOnce(&'a Json) -> Option<&'a Json>) -> Option<&'a Json> {
        match j {
            Some(Json::Bool(true)) => Some(&TRUE),
            Some(j) => f(j),
            None => None,
        }
    }

    /// The marks of an object's attribute.
    fn field(self, key: &str) -> Marks<'a> {
        Marks { unknown: Self::down(self.unknown, |j| get(j, key)), sensitive: Self::down(self.sensitive, |j| get(j, key)) }
    }

    /// The marks of a list's item.
    fn item(self, n: usize) -> Marks<'a> {
        let at = |j: &'a Json| match j {
            Json::Arr(a) => a.get(n),
            _ => None,
        };
        Marks { unknown: Self::down(self.unknown, at), sensitive: Self::down(self.sensitive, at) }
    }

    /// Whether the whole value is hidden (marked `true`); unknown before sensitive.
    fn whole(self) -> Option<Hidden> {
        if self.unknown == Some(&TRUE) {
            Some(Hidden::Unknown)
        } else if self.sensitive == Some(&TRUE) {
            Some(Hidden::Sensitive)
        } else {
            None
        }
    }

    /// Whether a scalar is hidden: its mark is a boolean, so any mark but `false` (another
    /// shape included) is not taken to say that it is known and shown.
    fn scalar(self) -> Option<Hidden> {
        let marked = |j: Option<&Json>| !matches!(j, None | Some(Json::Null | Json::Bool(false)));
        if marked(self.unknown) {
            Some(Hidden::Unknown)
        } else if marked(self.sensitive) {
            Some(Hidden::Sensitive)
        } else {
            None
        }
    }
}

/// The paths of the hidden values, by what hides them.
#[derive(Default)]
struct HiddenPaths {
    unknown: Vec<String>,
    sensitive: Vec<String>,
}

impl HiddenPaths {
    fn push(&mut self, h: Hidden, path: String) {
        match h {
            Hidden::Unknown => self.unknown.push(path),
            Hidden::Sensitive => self.sensitive.push(path),
        }
    }
}

fn placeholder(h: Hidden, arg: &str) -> String {
    match h {
        Hidden::Unknown => format!("{UNKNOWN_ROOT}.{arg}"),
        Hidden::Sensitive => format!("{SENSITIVE_ROOT}.{arg}"),
    }
}

/// A planned scalar as the model holds it (`None` for null).
/// `at` gives the value's JSON path, made only for a message (most values have none).
fn scalar(j: Option<&Json>, at: impl FnOnce() -> String) -> Result<Option<Value>, PlanError> {
    Ok(match j {
        None | Some(Json::Null) => None,
        Some(Json::Str(s)) => Some(Value::Str(s.clone())),
        Some(Json::U64(n)) => Some(Value::Num(n.to_string())),
        Some(Json::I64(n)) => Some(Value::Num(n.to_string())),
        Some(Json::Num(n)) => Some(Value::Num(n.clone())),
        Some(Json::Bool(b)) => Some(Value::Expr(b.to_string())),
        Some(other) => return Err(shape(&at(), "a string, a number or a boolean", other)),
    })
}

/// A planned map (`request_parameters`, `mappings`): entries known, known only after
/// apply, or sensitive. `None` for null.
fn map(j: Option<&Json>, marks: Marks, arg: &str, path: &str, at: &str, hidden: &mut HiddenPaths) -> Result<Option<Map>, PlanError> {
    let Some(j) = j.filter(|j| **j != Json::Null) else { return Ok(None) };
    let Some(es) = entries(j) else { return Err(shape(at, "an object", j)) };
    let mut out = Vec::new();
    for (k, v) in es {
        if let Some(h) = marks.field(k).scalar() {
            hidden.push(h, crate::diag::map_path(path, k));
            out.push((k.clone(), Value::Expr(placeholder(h, arg))));
        } else if let Some(v) = scalar(Some(v), || format!("{at}[{}]", go_quote(k)))? {
            out.push((k.clone(), v));
        }
    }
    Ok(Some(Map(out)))
}

/// Builds an integration's model from its planned values; `written` is its configuration's
/// `expressions`, when the plan has it. Returns the model and the paths of the values known
/// only after apply and of the sensitive ones. An attribute missing from the planned values
/// is known only after apply: Terraform leaves those out (a null one is written `null`).
fn build(inst: &Instance, written: Option<&Json>) -> Result<(Integration, Vec<String>, Vec<String>), PlanError> {
    let after = inst.after;
    let at = &inst.at;
    let mut m = Integration::named(inst.name);
    let mut hidden = HiddenPaths::default();
    let marks = Marks { unknown: Some(inst.unknown), sensitive: Some(inst.sensitive) };
    // A block whose mappings are hidden may hold any keys: its blocks are read as hidden
    // blocks, like a dynamic block's.
    let rp_marks = marks.field("response_parameters");
    let blocks = array(after, "response_parameters", at).unwrap_or(&[]);
    let mappings_hidden = blocks.iter().enumerate().find_map(|(n, rp)| {
        let missing = entries(rp).is_some() && get(rp, "mappings").is_none();
        rp_marks.item(n).field("mappings").whole().or(missing.then_some(Hidden::Unknown))
    });
    let hidden_at = |name: &str| {
        let field = marks.field(name);
        let whole = if SCALAR_ARGS.contains(&name) { field.scalar() } else { field.whole() };
        whole.or_else(|| get(after, name).is_none().then_some(Hidden::Unknown)).or(if name == "response_parameters" {
            mappings_hidden
        } else {
            None
        })
    };
    for name in SCALAR_ARGS {
        let default = DEFAULTED.iter().find(|(d, _)| d == name);
        let h = hidden_at(name);
        let value = match h {
            Some(h) => Some(Value::Expr(placeholder(h, name))),
            None => scalar(get(after, name), || format!("{at}.{name}"))?,
        };
        let keep = match (written, default) {
            (Some(w), _) => get(w, name).is_some(),
            (None, Some((_, Some(d)))) => value.as_ref().and_then(Value::literal) != Some(*d),
            (None, Some((_, None))) => false,
            (None, None) => true,
        };
        if !keep || value.is_none() {
            continue;
        }
        if let Some(h) = h {
            hidden.push(h, (*name).to_string());
        }
        if let Some(slot) = m.scalar_mut(name) {
            *slot = value;
        }
    }
    for name in MAP_ARGS {
        if let Some(h) = hidden_at(name) {
            hidden.push(h, (*name).to_string());
            m.verbatim.push(Verbatim { name: (*name).to_string(), text: format!("{name} = {}", placeholder(h, name)) });
            continue;
        }
        let value = map(get(after, name), marks.field(name), name, name, &format!("{at}.{name}"), &mut hidden)?;
        if let Some(slot) = m.map_mut(name) {
            *slot = value;
        }
    }
    // Blocks: what is hidden may be any number of blocks, as a dynamic block's are (the
    // rules read it as such).
    for block in ["response_parameters", "tls_config"] {
        if let Some(h) = hidden_at(block) {
            hidden.push(h, format!("dynamic.{block}"));
            m.verbatim.push(Verbatim {
                name: "dynamic".into(),
                text: format!("dynamic \"{block}\" {{\n  for_each = {}\n  content {{\n  }}\n}}", placeholder(h, block)),
            });
        }
    }
    if hidden_at("response_parameters").is_none() {
        for (n, rp) in array(after, "response_parameters", at)?.iter().enumerate() {
            let rat = format!("{at}.response_parameters[{n}]");
            if entries(rp).is_none() {
                return Err(shape(&rat, "an object", rp));
            }
            let u = rp_marks.item(n);
            let base = format!("response_parameters[{n}]");
            let missing = get(rp, "status_code").is_none().then_some(Hidden::Unknown);
            let status_code = match u.field("status_code").scalar().or(missing) {
                Some(h) => {
                    hidden.push(h, format!("{base}.status_code"));
                    Some(Value::Expr(placeholder(h, "status_code")))
                }
                None => scalar(get(rp, "status_code"), || format!("{rat}.status_code"))?,
            };
            let mappings = map(
                get(rp, "mappings"),
                u.field("mappings"),
                "mappings",
                &format!("{base}.mappings"),
                &format!("{rat}.mappings"),
                &mut hidden,
            )?;
            m.response_parameters.push(ResponseParameters { status_code, mappings });
        }
    }
    if hidden_at("tls_config").is_none()
        && let Some(t) = array(after, "tls_config", at)?.first()
    {
        let tat = format!("{at}.tls_config[0]");
        if entries(t).is_none() {
            return Err(shape(&tat, "an object", t));
        }
        let missing = get(t, "server_name_to_verify").is_none().then_some(Hidden::Unknown);
        let server_name_to_verify = match marks.field("tls_config").item(0).field("server_name_to_verify").scalar().or(missing) {
            Some(h) => {
                hidden.push(h, "tls_config.server_name_to_verify".into());
                Some(Value::Expr(placeholder(h, "server_name_to_verify")))
            }
            None => scalar(get(t, "server_name_to_verify"), || format!("{tat}.server_name_to_verify"))?,
        };
        m.tls_config = Some(TlsConfig { server_name_to_verify });
    }
    Ok((m, hidden.unknown, hidden.sensitive))
}

/// The protocol of the API an integration's `api_id` names: the planned API whose known
/// `id` is the planned `api_id`, else the API the configuration's references name.
fn api_protocol(inst: &Instance, m: &Integration, apis: &Apis, config: Option<&Json>, written: Option<&Json>) -> Option<Protocol> {
    if let Some(by_id) = m.api_id.as_ref().and_then(Value::literal).and_then(|id| apis.by_id.get(id))
        && let Some(p) = agreed(by_id)
    {
        return Some(p);
    }
    let refs = references(get(written?, "api_id")?)?;
    protocol_of(&refs, &inst.module, apis, config?, 0)
}

/// The planned APIs' protocols, by planned `id` and by (module instance, name), each
/// found without a search of them all (a plan may hold thousands of instances).
struct Apis<'a> {
    by_id: std::collections::BTreeMap<&'a str, Vec<Option<Protocol>>>,
    /// (module instance, name) → each instance's key and protocol.
    by_name: std::collections::BTreeMap<ApiName<'a>, Vec<(&'a str, Option<Protocol>)>>,
}

/// An API resource's module instance and name.
type ApiName<'a> = (&'a [Step], &'a str);

impl<'a> Apis<'a> {
    fn new(instances: &'a [Instance<'a>]) -> Apis<'a> {
        let mut apis = Apis { by_id: Default::default(), by_name: Default::default() };
        for a in instances.iter().filter(|i| i.ty == API) {
            let p = planned_protocol(a);
            if let Some(Json::Str(id)) = get(a.after, "id") {
                apis.by_id.entry(id.as_str()).or_default().push(p);
            }
            apis.by_name.entry((a.module.as_slice(), a.name)).or_default().push((a.key.as_str(), p));
        }
        apis
    }
}

/// The one protocol a non-empty list holds, if every entry is that one.
fn agreed(all: &[Option<Protocol>]) -> Option<Protocol> {
    let first = (*all.first()?)?;
    all.iter().all(|p| *p == Some(first)).then_some(first)
}

fn planned_protocol(api: &Instance) -> Option<Protocol> {
    match get(api.after, "protocol_type") {
        Some(Json::Str(s)) => Protocol::parse(s).filter(|p| p.as_str() == s),
        _ => None,
    }
}

/// An expression's `references`, when it has any.
fn references(expr: &Json) -> Option<Vec<&str>> {
    let Some(Json::Arr(refs)) = get(expr, "references") else { return None };
    let out: Vec<&str> = refs
        .iter()
        .filter_map(|r| match r {
            Json::Str(s) => Some(s.as_str()),
            _ => None,
        })
        .collect();
    (!out.is_empty()).then_some(out)
}

/// The protocol of the API that every reference of an expression leads to: an
/// `aws_apigatewayv2_api` of the same module instance, or a variable that the module call
/// sets to one; `count.index` and `each.key` select among those. Any other reference
/// (`var.flag ? …`, `local.api`, `module.m.id`, `each.value`) may change which API it is,
/// so the protocol is then unknown.
fn protocol_of(refs: &[&str], module: &[Step], apis: &Apis, config: &Json, depth: usize) -> Option<Protocol> {
    if depth > MAX_MODULE_DEPTH {
        return None;
    }
    let mut found: Vec<Option<Protocol>> = Vec::new();
    for r in refs {
        if let Some(rest) = r.strip_prefix("aws_apigatewayv2_api.") {
            let end = rest.find(['.', '[']).unwrap_or(rest.len());
            let name = rest.get(..end)?;
            let after_name = rest.get(end..)?;
            let key = after_name.get(..bracket_len(after_name)?)?;
            let candidates: Vec<Option<Protocol>> = apis
                .by_name
                .get(&(module, name))
                .into_iter()
                .flatten()
                .filter(|(k, _)| key.is_empty() || *k == key)
                .map(|(_, p)| *p)
                .collect();
            found.push(agreed(&candidates));
        } else if matches!(*r, "count.index" | "each.key") {
            // An instance key (`aws_apigatewayv2_api.x[count.index].id`): it selects one of
            // the instances the other references name, whose protocols must all agree.
            continue;
        } else if let Some(var) = r.strip_prefix("var.") {
            let (call, parent) = module.split_last()?;
            let var = var.split(['.', '[']).next()?;
            let parent_config = module_config(config, parent)?;
            let expr = get(get(get(get(parent_config, "module_calls")?, &call.name)?, "expressions")?, var)?;
            let inner = references(expr)?;
            found.push(protocol_of(&inner, parent, apis, config, depth + 1));
        } else {
            return None;
        }
    }
    agreed(&found)
}

/// A finding of a plan: the integration it concerns (an index into [`Plan::integrations`])
/// and the diagnostic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanFinding {
    pub integration: usize,
    pub diagnostic: Diagnostic,
}

/// Runs the rules on every planned integration. What the plan does not know, or marks as
/// sensitive, stays silent, including the notes that say a value cannot be checked (the
/// plan's unknowns are its own), and no message quotes a sensitive value. The rules that compare integrations by resource name are not run: the instances
/// of one `count`, `for_each` or module share a name. The unknown protocol is said once.
pub fn check(plan: &Plan) -> Vec<PlanFinding> {
    let mut out = Vec::new();
    let mut said = false;
    for (n, p) in plan.integrations.iter().enumerate() {
        for d in crate::rules::validate(&p.model) {
            let about_unknown =
                matches!(d.code.as_str(), "R-HCL-4" | "R-HCL-6") && (p.unknown.contains(&d.path) || p.sensitive.contains(&d.path));
            if about_unknown || d.code == "R-PROTO-1" && std::mem::replace(&mut said, true) {
                continue;
            }
            out.push(PlanFinding { integration: n, diagnostic: d });
        }
    }
    out
}

/// A resource name for a planned instance, for the builder's workspace (where names must
/// be unique): the module calls, the name and the key, joined by `_`
/// (`module.a["k"].…x[0]` is `a_k_x_0`).
pub fn workspace_name(p: &Planned) -> String {
    let mut parts: Vec<String> = Vec::new();
    for s in &p.module {
        parts.push(s.name.clone());
        parts.push(key_text(&s.key));
    }
    parts.push(p.model.name.clone());
    parts.push(key_text(&p.key));
    let joined: String = parts.iter().filter(|s| !s.is_empty()).cloned().collect::<Vec<_>>().join("_");
    let clean: String = joined.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' || c == '-' { c } else { '_' }).collect();
    if clean.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') { clean } else { format!("_{clean}") }
}

/// An instance key's text without brackets and quotes.
fn key_text(key: &str) -> String {
    key.trim_start_matches('[').trim_end_matches(']').trim_matches('"').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_addresses() {
        let s = |a: &str| steps(a).map(|v| v.into_iter().map(|s| format!("{}{}", s.name, s.key)).collect::<Vec<_>>());
        assert_eq!(s(""), Some(vec![]));
        assert_eq!(s("module.a"), Some(vec!["a".to_string()]));
        assert_eq!(s("module.a[\"k.]\\\"x\"].module.b[0]"), Some(vec!["a[\"k.]\\\"x\"]".to_string(), "b[0]".to_string()]));
        for bad in ["module.", "module.a.", "mod.a", "module.a[", "module.a[x]", "module.a[\"k]", "module.a[]", "module.1a", "module.a]"] {
            assert_eq!(s(bad), None, "{bad}");
        }
    }

    #[test]
    fn bad_input_is_a_message() {
        for (text, says) in [
            ("[]", "is an array"),
            ("{", "not JSON"),
            ("{\"format_version\": \"2.0\", \"planned_values\": {}}", "format 1.x"),
            ("{\"planned_values\": {}}", "no `format_version`"),
            ("{\"format_version\": \"1.2\", \"values\": {}}", "state"),
            ("{\"format_version\": \"1.2\", \"resource_changes\": {}}", "`.resource_changes` is an object"),
            (
                "{\"format_version\": \"1.2\", \"resource_changes\": [{\"mode\": \"managed\", \"type\": \"aws_apigatewayv2_integration\", \"name\": \"x\", \"change\": {\"after\": {\"integration_type\": [1]}}}]}",
                "`resource_changes[0].change.after.integration_type` is an array",
            ),
            (
                "{\"format_version\": \"1.2\", \"resource_changes\": [{\"mode\": \"managed\", \"type\": \"aws_apigatewayv2_integration\", \"module_address\": \"module.\", \"name\": \"x\", \"change\": {\"after\": {}}}]}",
                "not a module address",
            ),
        ] {
            let e = read(text, None).expect_err(text);
            assert!(e.0.contains(says), "{text}: {e}");
        }
    }

    #[test]
    fn deep_modules_are_bounded() {
        let mut pv = String::from("{\"resources\": []}");
        for _ in 0..40 {
            pv = format!("{{\"child_modules\": [{pv}]}}");
        }
        let text = format!("{{\"format_version\": \"1.2\", \"planned_values\": {{\"root_module\": {pv}}}}}");
        assert!(read(&text, None).is_ok_and(|p| p.integrations.is_empty()));
    }
}
