//! Rules about an integration and the resources beside it in the same configuration: the
//! routes that target it, the Lambda permissions for the function it invokes, and the
//! Step Functions state machine it starts. Each rule follows references written in the
//! files (`aws_apigatewayv2_integration.NAME.id`, `aws_lambda_function.NAME.arn`, …) and
//! stays silent when a link of its chain is not written there or not a literal.

use crate::diag::{Diagnostic, Pos};
use crate::eval::{Part, Scope, template};
use crate::hcl::syntax::{self, ExprKind};
use crate::model::{Integration, Protocol, Value};
use crate::reference;

/// The resource types these rules read (a file that names none of them is not parsed again).
const TYPES: &[&str] = &["aws_apigatewayv2_route", "aws_lambda_permission", "aws_sfn_state_machine"];

/// One resource block of those types: its type, name, where it is, and its top-level
/// arguments as written.
struct Other {
    source: usize,
    ty: String,
    name: String,
    pos: Pos,
    attrs: Vec<(String, String, Pos)>,
}

impl Other {
    fn attr(&self, name: &str) -> Option<&(String, String, Pos)> {
        self.attrs.iter().find(|(n, _, _)| n == name)
    }

    /// The argument's text.
    fn text(&self, name: &str) -> Option<&str> {
        self.attr(name).map(|(_, t, _)| t.as_str())
    }

    /// The argument's value when it is a string literal.
    fn literal(&self, name: &str) -> Option<String> {
        let e = syntax::parse_expr(self.text(name)?).ok()?;
        match e.kind {
            ExprKind::Str(s) => Some(s),
            _ => None,
        }
    }

    /// Whether the resource is known to have an instance: no `count` or `for_each`, a
    /// literal `count` of at least 1, or a `for_each` over a literal non-empty map. Else
    /// (`count = var.enabled ? 1 : 0`, `for_each = var.routes`) it may not exist.
    fn exists(&self) -> bool {
        let parsed = |name: &str| self.text(name).map(|t| syntax::parse_expr(t).map(|e| e.kind));
        let count_ok = match parsed("count") {
            None => true,
            Some(Ok(ExprKind::Number(n))) => n.parse::<u64>().is_ok_and(|n| n >= 1),
            Some(_) => false,
        };
        let for_each_ok = match parsed("for_each") {
            None => true,
            Some(Ok(ExprKind::Object(items))) => !items.is_empty(),
            Some(_) => false,
        };
        count_ok && for_each_ok
    }

    /// Where the argument is written, else the block.
    fn pos_of(&self, name: &str) -> Pos {
        self.attr(name).map_or(self.pos, |(_, _, p)| *p)
    }

    fn address(&self) -> String {
        format!("{}.{}", self.ty, self.name)
    }
}

/// Every resource of [`TYPES`] in the sources, except those an override file also declares
/// (`overrides`: the override files' texts): Terraform merges the override's arguments into
/// the block, so what the block says of itself is not known from its own file.
fn others(sources: &[&str], overrides: &[&str]) -> Vec<Other> {
    let mut overridden: std::collections::BTreeSet<(String, String)> = std::collections::BTreeSet::new();
    for src in overrides.iter().filter(|s| TYPES.iter().any(|t| s.contains(t))) {
        let Ok(body) = syntax::parse_body(src) else { continue };
        for b in body.blocks() {
            if let (true, Some(ty), Some(name)) = (b.kind == "resource", b.labels.first(), b.labels.get(1)) {
                overridden.insert((ty.0.clone(), name.0.clone()));
            }
        }
    }
    let mut out = Vec::new();
    for (source, src) in sources.iter().enumerate() {
        if !TYPES.iter().any(|t| src.contains(t)) {
            continue;
        }
        let Ok(body) = syntax::parse_body(src) else { continue };
        let starts: Vec<usize> = std::iter::once(0).chain(src.match_indices('\n').map(|(i, _)| i + 1)).collect();
        let pos = |offset: usize| {
            let line = starts.partition_point(|s| *s <= offset).max(1);
            let start = starts.get(line - 1).copied().unwrap_or(0);
            let column = src.get(start..offset).map_or(1, |s| s.chars().count() + 1);
            Pos { line: line as u32, column: column as u32 }
        };
        for b in body.blocks() {
            let (Some(ty), Some(name)) = (b.labels.first(), b.labels.get(1)) else { continue };
            if b.kind != "resource" || !TYPES.contains(&ty.0.as_str()) || overridden.contains(&(ty.0.clone(), name.0.clone())) {
                continue;
            }
            let attrs = b
                .body
                .attributes()
                .map(|a| (a.name.clone(), src.get(a.value.span.clone()).unwrap_or("").to_string(), pos(a.span.start)))
                .collect();
            out.push(Other { source, ty: ty.0.clone(), name: name.0.clone(), pos: pos(b.span.start), attrs });
        }
    }
    out
}

/// The references an expression holds: itself, or the holes of its template.
fn references(text: &str) -> Vec<String> {
    match template(text, &Scope::default()) {
        Some(parts) => parts
            .into_iter()
            .filter_map(|p| match p {
                Part::Hole(h) => Some(h),
                Part::Lit(_) => None,
            })
            .collect(),
        None => vec![text.trim().to_string()],
    }
}

/// The name of the resource of type `ty` that an expression references (`ty.NAME.…`).
fn names(text: &str, ty: &str) -> Option<String> {
    references(text).iter().find_map(|h| {
        let r = reference::parse(h)?;
        (r.root == ty).then(|| r.attrs.first().map(|s| s.to_string())).flatten()
    })
}

/// The function a permission's `function_name` names unqualified: `(false, NAME)` for
/// `aws_lambda_function.NAME.function_name`, `.arn` or `.id`, `(true, NAME)` for the function
/// of `aws_lambda_alias.NAME.function_name`; `None` for anything else, such as a qualified ARN
/// or `"${…}:live"`, which names a version or alias itself.
fn unqualified_function(text: &str) -> Option<(bool, String)> {
    let parts = template(text, &Scope::default());
    let whole = match parts.as_deref() {
        None => text.trim().to_string(),
        Some([Part::Hole(h)]) => h.clone(),
        Some(_) => return None,
    };
    let r = reference::parse(&whole)?;
    let name = r.attrs.first()?.to_string();
    match (r.root, r.last_attr()?) {
        ("aws_lambda_function", "function_name" | "arn" | "id") => Some((false, name)),
        ("aws_lambda_alias", "function_name") => Some((true, name)),
        _ => None,
    }
}

/// What a Lambda integration invokes, from its `integration_uri`: the function's resource
/// name, and the alias's or `None` for the function itself, or `Some("")` for its
/// published version (`qualified_*`).
fn lambda_target(i: &Integration) -> Option<(Option<String>, Option<String>)> {
    let Some(Value::Expr(e)) = &i.integration_uri else { return None };
    let r = reference::parse(e)?;
    let name = r.attrs.first()?.to_string();
    match (r.root, r.last_attr()?) {
        ("aws_lambda_function", "invoke_arn" | "arn") => Some((Some(name), None)),
        ("aws_lambda_function", "qualified_invoke_arn" | "qualified_arn") => Some((Some(name), Some(String::new()))),
        ("aws_lambda_alias", "invoke_arn" | "arn") => Some((None, Some(name))),
        _ => None,
    }
}

/// Whether the integration has `lifecycle { create_before_destroy = true }` (read by the
/// parser: a commented-out line says nothing; a lifecycle block that does not parse counts
/// as setting it, so that nothing is said).
fn creates_before_destroying(i: &Integration) -> bool {
    i.verbatim.iter().filter(|v| v.name == "lifecycle").any(|v| {
        let Ok(body) = syntax::parse_body(&v.text) else { return true };
        body.blocks()
            .any(|b| b.body.attributes().any(|a| a.name == "create_before_destroy" && !matches!(a.value.kind, ExprKind::Bool(false))))
    })
}

/// One finding about the configuration: the source and resource address it is placed at.
pub struct Placed {
    pub source: usize,
    pub resource: String,
    /// The integration it is about (an index into the members), to be placed at its path;
    /// `None` when it is placed at another resource.
    pub member: Option<usize>,
    pub diagnostic: Diagnostic,
}

/// One integration of the configuration: where it is, its model, and where it starts.
pub struct Member<'a> {
    pub source: usize,
    pub model: &'a Integration,
    pub pos: Pos,
}

/// The rules that need the resources beside the integrations: `sources` are the
/// configuration's files that are not override files, `overrides` the override files.
pub fn check(sources: &[&str], overrides: &[&str], integrations: &[Member]) -> Vec<Placed> {
    let others = others(sources, overrides);
    if others.is_empty() {
        return Vec::new();
    }
    // The integrations by name (the first of a name), and the ones already said: maps, so
    // that a configuration of thousands of routes is n log n, not a search per route.
    let mut index: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for (k, m) in integrations.iter().enumerate() {
        index.entry(m.model.name.as_str()).or_insert(k);
    }
    let find = |n: &str| index.get(n).and_then(|&k| integrations.get(k).map(|m| (k, m)));
    let by_name = |n: &str| find(n).map(|(_, m)| m);
    let mut out = Vec::new();
    // Routes that may not exist (a `count` or `for_each` not known to make one) target nothing
    // that is known.
    let routes: Vec<&Other> = others.iter().filter(|o| o.ty == "aws_apigatewayv2_route" && o.exists()).collect();
    let permissions: Vec<&Other> = others
        .iter()
        .filter(|o| o.ty == "aws_lambda_permission" && o.literal("principal").as_deref() == Some("apigateway.amazonaws.com"))
        .collect();
    // Routes that target an integration that would be destroyed before its replacement.
    let mut said: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
    for r in &routes {
        let Some(target) = r.text("target").and_then(|t| names(t, "aws_apigatewayv2_integration")) else { continue };
        let Some((k, m)) = find(&target) else { continue };
        if creates_before_destroying(m.model) || !said.insert(m.model.name.as_str()) {
            continue;
        }
        out.push(Placed {
            source: m.source,
            resource: format!("aws_apigatewayv2_integration.{}", m.model.name),
            member: Some(k),
            diagnostic: Diagnostic::new(
                "R-RTE-1",
                "",
                format!("{} targets this integration: a change to api_id, integration_type or integration_subtype replaces it, and Terraform destroys it first, which AWS refuses while the route points at it (ConflictException: Cannot delete Integration because it is referenced by the following Routes). Add `lifecycle {{ create_before_destroy = true }}` to the integration.", super::quote(&r.address())),
            )
            .at(Some(m.pos)),
        });
    }
    // The `$default` routes, read once (there are few: one per API).
    let default_routes: Vec<&&Other> = routes.iter().filter(|r| r.literal("route_key").as_deref() == Some("$default")).collect();
    // Each permission's function (`aws_lambda_function.NAME…`) and alias (`aws_lambda_alias.NAME.function_name`), read once,
    // by name, so that each Lambda integration finds its permissions without a search of them all.
    let mut by_function: std::collections::BTreeMap<String, Vec<usize>> = std::collections::BTreeMap::new();
    let mut by_alias: std::collections::BTreeMap<String, Vec<usize>> = std::collections::BTreeMap::new();
    // The permissions whose function_name may itself be qualified (`…qualified_arn`,
    // `aws_lambda_alias.NAME.arn`, `"${…}:live"`, a variable): the functions and aliases they
    // name, and whether one names none known.
    let mut qualified_functions: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    let mut qualified_aliases: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    let mut qualified_unknown = false;
    for (n, p) in permissions.iter().enumerate() {
        let Some(f) = p.text("function_name") else { continue };
        match unqualified_function(f) {
            Some((false, name)) => by_function.entry(name).or_default().push(n),
            Some((true, name)) => by_alias.entry(name).or_default().push(n),
            None => match (names(f, "aws_lambda_function"), names(f, "aws_lambda_alias")) {
                (None, None) => qualified_unknown = true,
                (function, alias) => {
                    qualified_functions.extend(function);
                    qualified_aliases.extend(alias);
                }
            },
        }
    }
    let machines: std::collections::BTreeMap<&str, &Other> =
        others.iter().filter(|o| o.ty == "aws_sfn_state_machine").map(|o| (o.name.as_str(), o)).rev().collect();
    // The permissions that may allow a `$default` route (R-PERM-2 is silent beside one), by
    // the function and API they name (`None`: not known), read once: not one for another
    // principal, or whose source_arn is known to miss it (`…/*/*/*`, `…/`).
    let mut may_allow_default: std::collections::BTreeSet<(Option<String>, Option<String>)> = Default::default();
    for q in others.iter().filter(|q| q.ty == "aws_lambda_permission") {
        let other_principal = q.literal("principal").is_some_and(|pr| pr != "apigateway.amazonaws.com");
        let misses = q
            .text("source_arn")
            .and_then(|t| template(t, &Scope::default()))
            .is_some_and(|parts| matches!(parts.last(), Some(Part::Lit(l)) if l.ends_with("/*/*/*") || l.ends_with('/')));
        if other_principal || misses {
            continue;
        }
        let function = q.text("function_name").and_then(|f| names(f, "aws_lambda_function").or_else(|| names(f, "aws_lambda_alias")));
        let api = q.text("source_arn").and_then(|t| names(t, "aws_apigatewayv2_api"));
        may_allow_default.insert((function, api));
    }
    // Permissions: their source_arn, and the qualifier a Lambda alias or version needs.
    for p in &permissions {
        let Some(text) = p.text("source_arn") else { continue };
        let Some(parts) = template(text, &Scope::default()) else { continue };
        let Some(Part::Lit(tail)) = parts.last() else { continue };
        // `…/GET/` names the route `GET /` itself (its ARN ends in `/GET/`): a permission
        // scoped to the root route on purpose. A wildcard method (`…/*/*/`) or none is the trap.
        let root_route = tail
            .strip_suffix('/')
            .and_then(|t| t.rsplit_once('/'))
            .is_some_and(|(_, m)| matches!(m, "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD" | "OPTIONS" | "ANY"));
        if tail.ends_with('/') && !root_route {
            out.push(Placed {
                source: p.source,
                resource: p.address(),
                member: None,
                diagnostic: Diagnostic::new("R-PERM-1", "source_arn", "source_arn ends in `/`: it matches only requests to the path `/`, so API Gateway is refused for every other route and clients get 500s. End it in `/*/*` (any stage, any route): `\"${aws_apigatewayv2_api.NAME.execution_arn}/*/*\"`.").at(Some(p.pos_of("source_arn"))),
            });
        } else if tail.ends_with("/*/*/*") {
            // The `$default` route's ARN is `API/STAGE/$default`: three `/*` need one more segment.
            let api = names(text, "aws_apigatewayv2_api");
            let function = p.text("function_name").and_then(|f| names(f, "aws_lambda_function").or_else(|| names(f, "aws_lambda_alias")));
            let default_route = default_routes.iter().find(|r| {
                api.is_some()
                    && r.text("api_id").and_then(|a| names(a, "aws_apigatewayv2_api")) == api
                    && r.text("target")
                        .and_then(|t| names(t, "aws_apigatewayv2_integration"))
                        .and_then(|n| by_name(&n))
                        .filter(|m| m.model.protocol == Some(Protocol::Http))
                        .and_then(|m| {
                            m.model
                                .integration_uri
                                .as_ref()
                                .and_then(Value::expression)
                                .and_then(|e| names(e, "aws_lambda_function").or_else(|| names(e, "aws_lambda_alias")))
                        })
                        .is_some_and(|f| function.as_deref() == Some(f.as_str()))
            });
            // Another permission for the function may allow the `$default` route (one for
            // `…/$default`, one without source_arn, one whose function or API is not known).
            let covered = [(None, None), (function.clone(), None), (None, api.clone()), (function.clone(), api.clone())]
                .iter()
                .any(|k| may_allow_default.contains(k));
            if let Some(r) = default_route.filter(|_| !covered) {
                out.push(Placed {
                    source: p.source,
                    resource: p.address(),
                    member: None,
                    diagnostic: Diagnostic::new("R-PERM-2", "source_arn", format!("source_arn ends in `/*/*/*`, which does not match {}'s `$default` route (its ARN is `…/STAGE/$default`): API Gateway is refused and clients get 500s. End it in `/*/*`.", super::quote(&r.address()))).at(Some(p.pos_of("source_arn"))),
                });
            }
        }
    }
    for m in integrations {
        let Some((function, qualified)) = lambda_target(m.model) else { continue };
        let Some(qualifier) = qualified else { continue };
        // The permissions for this function (by the function, or by the alias's function_name).
        let mut ids: Vec<usize> = function.as_deref().and_then(|f| by_function.get(f)).cloned().unwrap_or_default();
        if !qualifier.is_empty() {
            ids.extend(by_alias.get(&qualifier).map_or(&[][..], Vec::as_slice));
        }
        ids.sort_unstable();
        ids.dedup();
        let mine: Vec<&&Other> = ids.iter().filter_map(|&n| permissions.get(n)).collect();
        // Another permission may name the version or alias in its function_name.
        let covered = qualified_unknown
            || (!qualifier.is_empty() && qualified_aliases.contains(&qualifier))
            || match function.as_deref() {
                Some(f) => qualified_functions.contains(f),
                // An alias's function is not read here: any function may be its.
                None => !qualified_functions.is_empty(),
            };
        if covered || mine.is_empty() || mine.iter().any(|p| p.attr("qualifier").is_some()) {
            continue;
        }
        let what = if qualifier.is_empty() { "a published version".to_string() } else { format!("the alias aws_lambda_alias.{qualifier}") };
        let want =
            if qualifier.is_empty() { "the function's `version`".to_string() } else { format!("`aws_lambda_alias.{qualifier}.name`") };
        for p in mine {
            out.push(Placed {
                source: p.source,
                resource: p.address(),
                member: None,
                diagnostic: Diagnostic::new("R-PERM-3", "qualifier", format!("aws_apigatewayv2_integration.{} invokes {what}, but this permission has no qualifier: a permission on the function does not cover its aliases and versions, so API Gateway is refused and clients get 500s. Set `qualifier` to {want}.", super::quote(&m.model.name))).at(Some(p.pos)),
            });
        }
    }
    // Step Functions: the machine's type, when the machine is in the files.
    for (k, m) in integrations.iter().enumerate() {
        // On a WebSocket API the subtype itself is refused (R-TYPE-4): no call runs.
        if m.model.protocol == Some(Protocol::WebSocket) {
            continue;
        }
        let sub = m.model.integration_subtype.as_ref().and_then(Value::literal);
        let (key, wants_express) = match sub {
            Some("StepFunctions-StartSyncExecution") => ("StateMachineArn", true),
            Some("StepFunctions-StopExecution") => ("ExecutionArn", false),
            _ => continue,
        };
        let Some(Value::Expr(e)) = m.model.request_parameters.as_ref().and_then(|p| p.get(key)) else { continue };
        let Some(machine) = names(e, "aws_sfn_state_machine") else { continue };
        let Some(sm) = machines.get(machine.as_str()) else { continue };
        // The provider's default type is STANDARD; a computed type is not known here.
        let ty = match sm.text("type") {
            None => "STANDARD".to_string(),
            Some(_) => match sm.literal("type") {
                Some(t) => t,
                None => continue,
            },
        };
        let path = crate::diag::map_path("request_parameters", key);
        if wants_express && ty == "STANDARD" {
            out.push(Placed {
                source: m.source,
                resource: format!("aws_apigatewayv2_integration.{}", m.model.name),
                member: Some(k),
                diagnostic: Diagnostic::new("R-SUBV-12", path, format!("StartSyncExecution runs only EXPRESS state machines, and {} is STANDARD: every call fails at runtime. Set `type = \"EXPRESS\"` on it, or use StepFunctions-StartExecution.", super::quote(&sm.address()))).at(Some(m.pos)),
            });
        } else if !wants_express && ty == "EXPRESS" {
            out.push(Placed {
                source: m.source,
                resource: format!("aws_apigatewayv2_integration.{}", m.model.name),
                member: Some(k),
                diagnostic: Diagnostic::new(
                    "R-SUBV-13",
                    path,
                    format!(
                        "StopExecution does not stop executions of EXPRESS state machines, and {} is EXPRESS: every call fails at runtime.",
                        super::quote(&sm.address())
                    ),
                )
                .at(Some(m.pos)),
            });
        }
    }
    out
}
