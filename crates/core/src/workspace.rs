//! A workspace: the integrations of one API (or several), edited together. Pasting a whole
//! file (HCL, AWS CLI JSON or a CloudFormation template) adds every integration in it and
//! says what it took and what it ignored; the rules that need several integrations run
//! across the workspace; the output is one file. Pure, so it is tested natively.

use crate::aws::{self, ApiInfo};
use crate::companions::{self, Companions};
use crate::diag::Diagnostic;
use crate::json::{FromJson, Json, Object, ShapeError};
use crate::model::{Integration, Protocol, Value};
use serde::Serialize;

/// The integrations being edited, the one selected, and the companion snippets wanted.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Workspace {
    /// The integrations, in output order. Never empty.
    pub items: Vec<Integration>,
    /// The index of the integration the form edits.
    pub selected: usize,
    /// Which companion snippets to add to the output.
    #[serde(skip_serializing_if = "is_default")]
    pub companions: Companions,
}

fn is_default(c: &Companions) -> bool {
    *c == Companions::default()
}

/// A new, empty configuration: named `example`, HTTP unless told otherwise.
pub fn blank() -> Integration {
    let mut m = Integration::named("example");
    m.protocol = Some(Protocol::Http);
    m
}

impl Workspace {
    /// A workspace of one integration.
    pub fn of(m: Integration) -> Workspace {
        Workspace { items: vec![m], selected: 0, companions: Companions::default() }
    }

    /// Keeps the invariants after input from outside: at least one item, a valid selection.
    pub fn normalized(mut self) -> Workspace {
        if self.items.is_empty() {
            self.items.push(blank());
        }
        self.selected = self.selected.min(self.items.len() - 1);
        self
    }

    /// The selected integration.
    pub fn current(&self) -> &Integration {
        // `normalized` keeps `selected` in range; fall back to the first item anyway.
        self.items.get(self.selected).or_else(|| self.items.first()).unwrap_or_else(|| &*EMPTY)
    }

    /// The selected integration, mutably.
    pub fn current_mut(&mut self) -> &mut Integration {
        if self.items.is_empty() {
            self.items.push(blank());
        }
        let n = self.selected.min(self.items.len() - 1);
        self.selected = n;
        &mut self.items[n]
    }

    /// A name not used by any item: `base`, else the first of `base_2`, `base_3`, … that
    /// is free. In one pass over the items: n items take at most n of the suffixes
    /// 2..=n+1, so one of those is free. (Trying each suffix against every item was
    /// quadratic: 26 ms for a copy in a workspace of 4,000.)
    pub fn free_name(&self, base: &str) -> String {
        let mut base_taken = false;
        let mut suffix_taken = vec![false; self.items.len() + 2];
        for i in &self.items {
            if i.name == base {
                base_taken = true;
            } else if let Some(digits) = i.name.strip_prefix(base).and_then(|rest| rest.strip_prefix('_'))
                && let Ok(k) = digits.parse::<usize>()
                // Only the name `format!("{base}_{k}")` writes (`x_02` and `x_+2` are not `x_2`).
                && k.to_string() == digits
                && let Some(slot) = suffix_taken.get_mut(k)
            {
                *slot = true;
            }
        }
        if !base_taken {
            return base.to_string();
        }
        let k = (2..suffix_taken.len()).find(|&k| suffix_taken.get(k) == Some(&false)).unwrap_or(suffix_taken.len());
        format!("{base}_{k}")
    }

    /// Every item's diagnostics: its own rules plus the workspace-wide ones (unique names,
    /// the per-API quota), by index.
    pub fn diagnostics(&self) -> Vec<Vec<Diagnostic>> {
        diagnostics_of(&derive(&self.items, &[]))
    }

    /// The whole output as one file: each resource followed by its import block, then the
    /// companion snippets asked for; or, when any item's output is withheld, why, by index.
    pub fn render(&self) -> Result<String, Vec<(usize, Diagnostic)>> {
        render_of(&derive(&self.items, &[]), self.companions)
    }
}

/// What one item yields: the model as the output shows it, its own rules' diagnostics and
/// its output. Derived once per version of the item ([`derive()`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Derived {
    /// The item as the user entered it (what this was derived from).
    pub source: Integration,
    /// What the output shows: the item as entered, every argument included (one that
    /// does not apply is flagged by the rules, and the form offers to remove it).
    pub shown: Integration,
    /// The item's own rules (the workspace-wide ones are added by [`diagnostics_of`]).
    pub diagnostics: Vec<Diagnostic>,
    /// [`crate::render`] of `shown`.
    pub rendered: Result<crate::hcl::Rendered, Vec<Diagnostic>>,
}

impl Derived {
    /// Derives one item.
    pub fn of(source: &Integration) -> Derived {
        let shown = source.clone();
        Derived { diagnostics: crate::rules::validate(&shown), rendered: crate::render(&shown), source: source.clone(), shown }
    }
}

/// Derives every item, reusing what `prev` derived for the items that did not change (at
/// the same place, or moved): an edit of one integration costs that integration's rules and
/// output, not the workspace's. Each item is looked for where it was, then where the item
/// before it was found plus one (a removal or an insertion shifts the rest by one), then by
/// its name: linear in the items (a removal in a workspace of 8,000 searched every earlier
/// item for each later one: 0.5 s).
pub fn derive(items: &[Integration], prev: &[std::sync::Arc<Derived>]) -> Vec<std::sync::Arc<Derived>> {
    let mut shift: isize = 0;
    let mut by_name: Option<std::collections::BTreeMap<&str, Vec<usize>>> = None;
    items
        .iter()
        .enumerate()
        .map(|(n, item)| {
            let same = |k: usize| prev.get(k).filter(|d| d.source == *item);
            let shifted = n.checked_add_signed(shift);
            if let Some(d) = same(n).or_else(|| shifted.and_then(same)) {
                return d.clone();
            }
            match by_name_of(&mut by_name, prev, item).and_then(|k| Some((k, prev.get(k)?))) {
                Some((k, d)) => {
                    shift = k as isize - n as isize;
                    d.clone()
                }
                None => std::sync::Arc::new(Derived::of(item)),
            }
        })
        .collect()
}

/// Where `prev` holds `item`, found by its name (the map of names made on first use). Apart,
/// and not inlined: a form's start derives every item without it.
#[inline(never)]
fn by_name_of<'a>(
    names: &mut Option<std::collections::BTreeMap<&'a str, Vec<usize>>>,
    prev: &'a [std::sync::Arc<Derived>],
    item: &Integration,
) -> Option<usize> {
    let names = names.get_or_insert_with(|| {
        let mut map: std::collections::BTreeMap<&str, Vec<usize>> = std::collections::BTreeMap::new();
        for (k, d) in prev.iter().enumerate() {
            map.entry(d.source.name.as_str()).or_default().push(k);
        }
        map
    });
    names.get(item.name.as_str())?.iter().copied().find(|&k| prev.get(k).is_some_and(|d| d.source == *item))
}

/// Every item's diagnostics, by index: its own ([`Derived::diagnostics`]) plus the
/// workspace-wide rules (unique names, the per-API quota).
pub fn diagnostics_of(derived: &[std::sync::Arc<Derived>]) -> Vec<Vec<Diagnostic>> {
    let mut out: Vec<Vec<Diagnostic>> = derived.iter().map(|d| d.diagnostics.clone()).collect();
    let refs: Vec<&Integration> = derived.iter().map(|d| &d.shown).collect();
    for (n, d) in crate::rules::validate_set(&refs) {
        if let Some(slot) = out.get_mut(n) {
            slot.push(d);
        }
    }
    out
}

/// Whether [`render_of`] withholds the whole file: exactly when an item's output is
/// withheld. It joins no text (the form asks this on every keystroke).
pub fn withholds_file(derived: &[std::sync::Arc<Derived>]) -> bool {
    derived.iter().any(|d| d.rendered.as_ref().is_err_and(|why| !why.is_empty()))
}

/// The whole output as one file, from derived items: each resource followed by its import
/// block, then the companion snippets asked for; or, when any item's output is withheld,
/// why, by index.
pub fn render_of(derived: &[std::sync::Arc<Derived>], wanted: Companions) -> Result<String, Vec<(usize, Diagnostic)>> {
    let mut docs = Vec::with_capacity(derived.len());
    let mut problems = Vec::new();
    for (n, d) in derived.iter().enumerate() {
        match &d.rendered {
            Ok(r) => {
                docs.push(r.document());
                if let Some(c) = companions::render(&d.shown, wanted) {
                    // In the line ending of the integration they come with (a pasted CRLF file's).
                    docs.push(crate::hcl::emit::line_endings(&c, d.shown.crlf));
                }
            }
            Err(e) => problems.extend(e.iter().cloned().map(|e| (n, e))),
        }
    }
    if problems.is_empty() { Ok(crate::hcl::emit::join_documents(&docs)) } else { Err(problems) }
}

/// What [`Workspace::current`] falls back to if the invariant (never empty) was broken.
static EMPTY: std::sync::LazyLock<Integration> = std::sync::LazyLock::new(Integration::default);

/// What a paste brought: the integrations to add, a one-line account of what was taken
/// and what was ignored, and the problems found in the input. In the browser it crosses
/// from the on-demand reader module ([`crate::reader`]) to the form as JSON.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Taken {
    /// The integrations, in input order.
    pub added: Vec<Integration>,
    /// "Took 3 integrations and 2 import blocks; ignored: …".
    pub summary: String,
    /// Problems of the input (with positions for HCL).
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads a pasted plan for the builder's workspace: every planned integration, named
/// uniquely ([`crate::plan::workspace_name`]), with its API's protocol (else `fallback`), and an account
/// of the values known only after apply and of the sensitive ones (neither is checked).
fn take_plan(text: &str, fallback: Option<Protocol>) -> Taken {
    let plan = match crate::plan::read(text, None) {
        Ok(p) => p,
        Err(e) => {
            return Taken {
                added: Vec::new(),
                summary: format!("Nothing was added from the Terraform plan: {e}"),
                diagnostics: Vec::new(),
            };
        }
    };
    let mut added = Vec::new();
    let mut unknown = Vec::new();
    let mut sensitive = Vec::new();
    let mut guessed = 0;
    for p in &plan.integrations {
        let mut m = p.model.clone();
        m.name = crate::plan::workspace_name(p);
        if m.protocol.is_none() {
            m.protocol = fallback;
            guessed += 1;
        }
        for path in &p.unknown {
            unknown.push(format!("{}.{path}", p.address));
        }
        for path in &p.sensitive {
            sensitive.push(format!("{}.{path}", p.address));
        }
        added.push(m);
    }
    let n = added.len();
    let mut summary = format!("From a Terraform plan: took {n} integration{}", if n == 1 { "" } else { "s" });
    if n == 0 {
        summary.push_str(" (the plan has no aws_apigatewayv2_integration)");
    }
    summary.push('.');
    for (list, what, root) in
        [(&unknown, "known only after apply", crate::plan::UNKNOWN_ROOT), (&sensitive, "sensitive", crate::plan::SENSITIVE_ROOT)]
    {
        if list.is_empty() {
            continue;
        }
        let shown: Vec<&str> = list.iter().take(5).map(String::as_str).collect();
        summary.push_str(&format!(
            " {} value{} {what}, shown as `{root}.…` and not checked: {}{}.",
            list.len(),
            if list.len() == 1 { " is" } else { "s are" },
            shown.join(", "),
            if list.len() > shown.len() { ", …" } else { "" }
        ));
    }
    if guessed > 0 {
        summary.push_str(&match fallback {
            Some(p) => format!(" The protocol of {guessed} is not known from the plan; {} was used.", p.as_str()),
            None => format!(" The protocol of {guessed} is not known from the plan: choose it."),
        });
    }
    Taken { added, summary, diagnostics: Vec::new() }
}

/// Reads pasted text: HCL (every `aws_apigatewayv2_integration`, its `import` block matched
/// by `to`), AWS CLI / CloudFormation JSON (with `api`), or a saved plan's JSON
/// ([`take_plan`]). Each integration's protocol is
/// the pasted `aws_apigatewayv2_api` block's (or `api`'s), else what its content holds
/// that only one protocol accepts, else what the other integrations of its API hold, else
/// `fallback`; content that points to both protocols leaves it unknown for the reader to
/// choose. The summary says what was taken, then each protocol that was not read from an
/// API and why, in that order.
pub fn take(text: &str, api: &ApiInfo, fallback: Option<Protocol>) -> Taken {
    // A saved plan's JSON (`terraform show -json`): its planned integrations, each with the
    // protocol of the API it references there.
    if crate::plan::looks_like_plan(text) {
        return take_plan(text, api.protocol.or(fallback));
    }
    if aws::looks_like_aws_json(text) {
        let mut out = aws::from_aws(text, api);
        let mut models: Vec<Integration> = out.integrations.iter().map(|c| c.model.clone()).collect();
        let from_api = vec![api.protocol; models.len()];
        let whys = choose_protocols(&mut models, &from_api, fallback);
        // The import leaves out AWS's default timeout when it knows the protocol (it is no
        // diff): told the protocol found, when it is one for all of them.
        let first = models.first().and_then(|m| m.protocol);
        if api.protocol.is_none() && first.is_some() && models.iter().all(|m| m.protocol == first) {
            out = aws::from_aws(text, &ApiInfo { protocol: first, ..api.clone() });
        }
        let n = out.integrations.len();
        let imports = out.integrations.iter().filter(|c| c.model.import.is_some()).count();
        let mut diagnostics = out.diagnostics;
        for c in &out.integrations {
            diagnostics.extend(c.diagnostics.iter().map(|d| {
                let mut d = d.clone();
                d.message = format!("{} ({}): {}", c.model.name, c.source, d.message);
                d
            }));
        }
        let mut added: Vec<Integration> = out.integrations.into_iter().map(|c| c.model).collect();
        for (m, chosen) in added.iter_mut().zip(&models) {
            m.protocol = chosen.protocol;
        }
        let mut summary = if n == 0 && !diagnostics.is_empty() {
            format!("Nothing was added from {}: {} (below).", out.kind, problems(&diagnostics))
        } else {
            format!("From {}: took {} and {}.", out.kind, plural(n, "integration"), plural(imports, "import block"))
        };
        summary.push_str(&protocol_account(&added, &whys, fallback, "no API protocol was given"));
        return Taken { added, summary, diagnostics };
    }
    let file = crate::hcl::parse(text);
    let apis = crate::check::api_index(&file.apis);
    let mut diagnostics = file.diagnostics.clone();
    let mut added = Vec::new();
    let mut from_api = Vec::new();
    for p in &file.integrations {
        diagnostics.extend(p.diagnostics.iter().cloned());
        from_api.push(crate::check::infer_protocol(&p.model, &apis));
        added.push(p.model.clone());
    }
    let whys = choose_protocols(&mut added, &from_api, fallback);
    let imports = added.iter().filter(|m| m.import.is_some()).count();
    if added.is_empty() && diagnostics.is_empty() {
        diagnostics.push(Diagnostic::new(
            "R-HCL-3",
            "",
            "No resource \"aws_apigatewayv2_integration\" block was found in the pasted text (nor AWS CLI or CloudFormation JSON).",
        ));
    }
    let mut summary = if added.is_empty() {
        format!("Nothing was added: the text has {} (below)", problems(&diagnostics))
    } else {
        let mut s = format!("Took {} and {}", plural(added.len(), "integration"), plural(imports, "import block"));
        // Said only when one did give a protocol: a block whose protocol_type is not a
        // literal, or that no integration references, gives none.
        if !file.apis.is_empty() && whys.contains(&Why::Api) {
            s.push_str(&format!(" (protocol from {})", plural(file.apis.len(), "aws_apigatewayv2_api block")));
        }
        s
    };
    if file.ignored.is_empty() {
        summary.push('.');
    } else {
        summary.push_str(&format!("; ignored: {}.", file.ignored.join(", ")));
    }
    let none = if file.apis.is_empty() {
        "there is no aws_apigatewayv2_api block in the paste"
    } else {
        "no aws_apigatewayv2_api block in the paste says theirs"
    };
    summary.push_str(&protocol_account(&added, &whys, fallback, none));
    Taken { added, summary, diagnostics }
}

/// "1 problem", "2 errors and 1 warning": what the diagnostics hold.
fn problems(d: &[Diagnostic]) -> String {
    let errors = d.iter().filter(|d| d.is_error()).count();
    match (errors, d.len() - errors) {
        (0, n) => plural(n, "problem"),
        (e, 0) => plural(e, "problem"),
        (e, n) => format!("{} and {}", plural(e, "error"), plural(n, "other problem")),
    }
}

/// Up to three names, then how many more: "a, b, c and 4 more".
fn names(items: &[&Integration]) -> String {
    let shown: Vec<&str> = items.iter().take(3).map(|m| m.name.as_str()).collect();
    match items.len().saturating_sub(3) {
        0 => shown.join(", "),
        more => format!("{} and {more} more", shown.join(", ")),
    }
}

/// The distinct entries of `reasons`, in order, at most five.
fn distinct(reasons: impl Iterator<Item = String>) -> String {
    let mut out: Vec<String> = Vec::new();
    for r in reasons {
        if out.len() == 5 {
            out.push("…".into());
            break;
        }
        if !out.contains(&r) {
            out.push(r);
        }
    }
    out.join(", ")
}

/// What [`choose_protocols`] did, in sentences, for the summary: nothing when every
/// protocol came from an API.
fn protocol_account(items: &[Integration], whys: &[Why], fallback: Option<Protocol>, no_api: &str) -> String {
    let mut out = String::new();
    let group = |p: Protocol| -> (Vec<&Integration>, String) {
        let members: Vec<(&Integration, &Why)> =
            items.iter().zip(whys).filter(|(m, w)| matches!(w, Why::Own(_) | Why::Siblings(_)) && m.protocol == Some(p)).collect();
        let reasons = distinct(members.iter().flat_map(|(_, w)| match w {
            Why::Own(r) | Why::Siblings(r) => r.clone(),
            _ => Vec::new(),
        }));
        (members.into_iter().map(|(m, _)| m).collect(), reasons)
    };
    for (p, name) in [(Protocol::WebSocket, "WebSocket"), (Protocol::Http, "HTTP")] {
        let (members, reasons) = group(p);
        if !members.is_empty() {
            out.push_str(&format!(
                " Protocol {name} for {}, from what the text holds: {reasons} (only {name} APIs take {}); {no_api}.",
                names(&members),
                if members.len() == 1 && !reasons.contains(',') { "it" } else { "these" }
            ));
        }
    }
    for (m, w) in items.iter().zip(whys) {
        if let Why::Both(ws, http) = w {
            out.push_str(&format!(
                " Protocol unknown for {}: it holds what only WebSocket APIs take ({}) and what only HTTP APIs take ({}); choose its API protocol in the form.",
                m.name,
                distinct(ws.iter().cloned()),
                distinct(http.iter().cloned())
            ));
        }
    }
    let rest: Vec<&Integration> = items.iter().zip(whys).filter(|(_, w)| **w == Why::Fallback).map(|(m, _)| m).collect();
    if !rest.is_empty() {
        out.push_str(&match fallback {
            Some(p) => format!(
                " Protocol {} for {}: nothing in the text says which, so the form's current protocol (choose another in the form if it is wrong).",
                if p == Protocol::WebSocket { "WebSocket" } else { "HTTP" },
                names(&rest)
            ),
            None => format!(" Protocol unknown for {}: nothing in the text says which; choose it in the form.", names(&rest)),
        });
    }
    out
}

/// What an integration's own content says of its API's protocol: the literal values and
/// the arguments that only one protocol accepts (`integration_type = "AWS"`,
/// `request_templates`: WebSocket; `integration_subtype`, `response_parameters`: HTTP).
/// Only what is known counts (a literal, a map or block written out), never an expression
/// that may be null. Each entry says what was seen.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Evidence {
    /// What only WebSocket APIs accept.
    pub websocket: Vec<String>,
    /// What only HTTP APIs accept.
    pub http: Vec<String>,
}

impl Evidence {
    /// What `m` itself holds.
    pub fn of(m: &Integration) -> Evidence {
        let mut e = Evidence::default();
        let literal = |name: &str| m.scalar(name).and_then(Value::literal);
        if let Some(t @ ("AWS" | "HTTP" | "MOCK")) = literal("integration_type") {
            e.websocket.push(format!("integration_type = \"{t}\""));
        }
        for name in ["passthrough_behavior", "template_selection_expression", "content_handling_strategy"] {
            if literal(name).is_some() {
                e.websocket.push(name.to_string());
            }
        }
        if m.request_templates.as_ref().is_some_and(|t| !t.is_empty()) {
            e.websocket.push("request_templates".into());
        }
        if let Some(params) = &m.request_parameters {
            if params.iter().any(|(k, _)| k.starts_with("integration.request.")) {
                e.websocket.push("request_parameters keys integration.request.*".into());
            }
            if params.iter().any(|(k, _)| ["append:", "overwrite:", "remove:"].iter().any(|p| k.starts_with(p))) {
                e.http.push("request_parameters keys append:/overwrite:/remove:".into());
            }
        }
        if literal("integration_subtype").is_some() {
            e.http.push("integration_subtype".into());
        }
        if literal("payload_format_version") == Some("2.0") {
            e.http.push("payload_format_version = \"2.0\"".into());
        }
        if !m.response_parameters.is_empty() {
            e.http.push("response_parameters".into());
        }
        if m.tls_config.is_some() {
            e.http.push("tls_config".into());
        }
        e
    }

    /// The protocol it points to, if it points to one (`Err`: to both).
    fn protocol(&self) -> Result<Option<Protocol>, ()> {
        match (self.websocket.is_empty(), self.http.is_empty()) {
            (true, true) => Ok(None),
            (false, true) => Ok(Some(Protocol::WebSocket)),
            (true, false) => Ok(Some(Protocol::Http)),
            (false, false) => Err(()),
        }
    }
}

/// How an integration's protocol was chosen by [`take`].
#[derive(Clone, Debug, PartialEq, Eq)]
enum Why {
    /// The `aws_apigatewayv2_api` block its `api_id` references (or the API id given).
    Api,
    /// Its own content ([`Evidence`]).
    Own(Vec<String>),
    /// The content of the other integrations of the same API (same `api_id`).
    Siblings(Vec<String>),
    /// Its content points to both: the reader chooses.
    Both(Vec<String>, Vec<String>),
    /// Nothing says: the form's current protocol.
    Fallback,
}

/// Chooses each integration's protocol: the pasted `aws_apigatewayv2_api` block's (`api`),
/// else what its own content holds that only one protocol accepts, else what the other
/// integrations of the same API hold, else `fallback`; content that points to both leaves
/// it unknown, for the reader to choose. Returns why, for each.
fn choose_protocols(items: &mut [Integration], api: &[Option<Protocol>], fallback: Option<Protocol>) -> Vec<Why> {
    let evidence: Vec<Evidence> = items.iter().map(Evidence::of).collect();
    // Each API's evidence (by its api_id text), from every integration that names it.
    let mut by_api: Vec<(String, Evidence)> = Vec::new();
    for (m, e) in items.iter().zip(&evidence) {
        let Some(id) = m.api_id.as_ref().map(|v| v.text().to_string()).filter(|t| !t.is_empty()) else { continue };
        match by_api.iter_mut().find(|(k, _)| *k == id) {
            Some((_, all)) => {
                all.websocket.extend(e.websocket.iter().cloned());
                all.http.extend(e.http.iter().cloned());
            }
            None => by_api.push((id, e.clone())),
        }
    }
    items
        .iter_mut()
        .zip(evidence)
        .enumerate()
        .map(|(n, (m, own))| {
            if let Some(p) = api.get(n).copied().flatten() {
                m.protocol = Some(p);
                return Why::Api;
            }
            let (p, why) = match own.protocol() {
                Err(()) => (None, Why::Both(own.websocket, own.http)),
                Ok(Some(p)) => (Some(p), Why::Own(if p == Protocol::WebSocket { own.websocket } else { own.http })),
                Ok(None) => {
                    let id = m.api_id.as_ref().map(|v| v.text().to_string());
                    let siblings = by_api.iter().find(|(k, _)| Some(k) == id.as_ref()).map(|(_, e)| e);
                    match siblings.map(Evidence::protocol) {
                        Some(Ok(Some(p))) => {
                            let e = siblings.map(|e| if p == Protocol::WebSocket { e.websocket.clone() } else { e.http.clone() });
                            (Some(p), Why::Siblings(e.unwrap_or_default()))
                        }
                        Some(Err(())) => {
                            let e = siblings.cloned().unwrap_or_default();
                            (None, Why::Both(e.websocket, e.http))
                        }
                        _ => (fallback, Why::Fallback),
                    }
                }
            };
            m.protocol = p;
            why
        })
        .collect()
}

/// The pasted integrations that are not in the workspace already, identical (the protocol
/// aside: the same text pasted again is the same integration, whatever protocol the form
/// gave it since), and how many were. Compared by name first, so a paste into a large
/// workspace costs a map, not every pair.
pub fn new_ones(items: &[Integration], pasted: Vec<Integration>) -> (Vec<Integration>, usize) {
    let mut by_name: std::collections::BTreeMap<&str, Vec<&Integration>> = std::collections::BTreeMap::new();
    for m in items {
        by_name.entry(m.name.as_str()).or_default().push(m);
    }
    let same = |a: &Integration, b: &Integration| {
        let mut b = b.clone();
        b.protocol = a.protocol;
        *a == b
    };
    let before = pasted.len();
    let fresh: Vec<Integration> =
        pasted.into_iter().filter(|p| !by_name.get(p.name.as_str()).is_some_and(|known| known.iter().any(|k| same(k, p)))).collect();
    let again = before - fresh.len();
    (fresh, again)
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

// Reading JSON (`crate::json`).
crate::deserialize_via_json!(Workspace, Taken);

impl FromJson for Workspace {
    fn from_json(j: &Json) -> Result<Workspace, ShapeError> {
        let o = Object::new(j, "a workspace", &["items", "selected", "companions"], true)?;
        Ok(Workspace { items: o.req("items")?, selected: o.or_default("selected")?, companions: o.or_default("companions")? })
    }
}

impl FromJson for Taken {
    fn from_json(j: &Json) -> Result<Taken, ShapeError> {
        let o = Object::new(j, "what a paste took", &["added", "summary", "diagnostics"], true)?;
        Ok(Taken { added: o.req("added")?, summary: o.req("summary")?, diagnostics: o.req("diagnostics")? })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Value;

    const THREE: &str = r#"resource "aws_apigatewayv2_api" "ws" {
  protocol_type = "WEBSOCKET"
}

variable "region" {}

resource "aws_apigatewayv2_integration" "one" {
  api_id           = aws_apigatewayv2_api.ws.id
  integration_type = "MOCK"
}

resource "aws_apigatewayv2_integration" "two" {
  api_id           = aws_apigatewayv2_api.ws.id
  integration_type = "MOCK"
}

resource "aws_lambda_function" "f" {}

resource "aws_apigatewayv2_integration" "three" {
  api_id           = aws_apigatewayv2_api.http.id
  integration_type = "HTTP_PROXY"
}

import {
  to = aws_apigatewayv2_integration.two
  id = "aabbccddee/1122334"
}
"#;

    /// `withholds_file` says what `render_of` does, without joining the text.
    #[test]
    fn withholds_file_agrees_with_render_of() {
        let ok = Integration { api_id: Some(Value::Expr("aws_apigatewayv2_api.a.id".into())), ..Integration::named("ok") };
        let mut bad = Integration::named("bad");
        bad.api_id = Some(Value::Expr("aws_apigatewayv2_api.a.id )".into()));
        let bad_copy = bad.clone();
        for items in [vec![ok.clone()], vec![ok.clone(), bad.clone()], vec![bad], vec![]] {
            let d = derive(&items, &[]);
            assert_eq!(withholds_file(&d), render_of(&d, Companions::default()).is_err(), "{items:?}");
        }
        assert!(withholds_file(&derive(&[ok.clone(), bad_copy], &[])));
        assert!(!withholds_file(&derive(&[ok.clone(), ok], &[])));
    }

    #[test]
    fn a_paste_takes_every_integration_and_says_what_it_ignored() {
        let t = take(THREE, &ApiInfo::default(), Some(Protocol::Http));
        let names: Vec<&str> = t.added.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["one", "two", "three"]);
        assert_eq!(t.added[0].protocol, Some(Protocol::WebSocket));
        assert_eq!(t.added[2].protocol, Some(Protocol::Http), "not in the paste: the fallback");
        assert!(t.added[1].import.is_some() && t.added[0].import.is_none());
        assert_eq!(
            t.summary,
            "Took 3 integrations and 1 import block (protocol from 1 aws_apigatewayv2_api block); ignored: variable \"region\", resource \"aws_lambda_function\" \"f\". Protocol HTTP for three: nothing in the text says which, so the form's current protocol (choose another in the form if it is wrong)."
        );
        let none = take("locals {}\n", &ApiInfo::default(), None);
        assert!(none.added.is_empty() && none.diagnostics[0].code == "R-HCL-3");
        // An API block that gives no protocol (protocol_type is not a literal) is not said
        // to have given one, and the account says why the content decided.
        let unsaid = take(
            "resource \"aws_apigatewayv2_api\" \"a\" {\n  protocol_type = var.proto\n}\nresource \"aws_apigatewayv2_integration\" \"i\" {\n  api_id               = aws_apigatewayv2_api.a.id\n  integration_type     = \"AWS\"\n  passthrough_behavior = \"NEVER\"\n}\n",
            &ApiInfo::default(),
            Some(Protocol::Http),
        );
        assert_eq!(
            unsaid.summary,
            "Took 1 integration and 0 import blocks. Protocol WebSocket for i, from what the text holds: integration_type = \"AWS\", passthrough_behavior (only WebSocket APIs take these); no aws_apigatewayv2_api block in the paste says theirs."
        );
        let aws = take(
            r#"{"Items": [{"IntegrationId": "abc1234", "IntegrationType": "MOCK"}]}"#,
            &ApiInfo { api_id: Some("aabbccddee".into()), protocol: None },
            Some(Protocol::WebSocket),
        );
        assert_eq!(
            aws.summary,
            "From aws apigatewayv2 get-integrations: took 1 integration and 1 import block. Protocol WebSocket for mock, from what the text holds: integration_type = \"MOCK\" (only WebSocket APIs take it); no API protocol was given."
        );
        assert_eq!(aws.added[0].protocol, Some(Protocol::WebSocket));
    }

    #[test]
    fn rules_across_the_workspace_and_one_file_out() {
        let t = take(THREE, &ApiInfo::default(), Some(Protocol::Http));
        let mut ws = Workspace { items: t.added, selected: 0, companions: Companions::default() };
        ws.items[1].name = "one".into();
        let d = ws.diagnostics();
        assert!(d[1].iter().any(|d| d.code == "R-NAME-2"), "{:?}", d[1]);
        assert!(!d[0].iter().any(|d| d.code == "R-NAME-2"));
        ws.items[1].name = ws.free_name("one");
        assert_eq!(ws.items[1].name, "one_2");
        let file = ws.render().expect("renders");
        assert_eq!(crate::hcl::parse(&file).integrations.len(), 3);
        assert!(file.contains("import {\n  to = aws_apigatewayv2_integration.one_2\n"), "{file}");
        ws.items[2].name = "bad name".into();
        assert!(ws.render().is_err_and(|p| p.iter().all(|(n, _)| *n == 2)));
    }

    #[test]
    fn companions_join_the_file() {
        let mut m = Integration::named("orders");
        m.protocol = Some(Protocol::Http);
        m.api_id = Some(Value::expr("aws_apigatewayv2_api.shop.id"));
        m.integration_type = Some(Value::str("AWS_PROXY"));
        m.integration_uri = Some(Value::expr("aws_lambda_function.orders.invoke_arn"));
        let mut ws = Workspace::of(m);
        assert!(!ws.render().expect("renders").contains("aws_lambda_permission"));
        ws.companions = Companions { lambda_permission: true, route: true, iam_role: false };
        let file = ws.render().expect("renders");
        assert!(
            file.contains("resource \"aws_lambda_permission\" \"orders\"")
                && file.contains("resource \"aws_apigatewayv2_route\" \"orders\"")
        );
    }

    /// A pasted CRLF file comes out in CRLF, its companions and the blank lines between
    /// the blocks included (they were LF, so the file mixed both).
    #[test]
    fn a_crlf_paste_renders_one_crlf_file() {
        let text = THREE.replace('\n', "\r\n");
        let taken = take(&text, &ApiInfo::default(), None);
        let mut ws = Workspace {
            items: taken.added,
            selected: 0,
            companions: Companions { lambda_permission: false, route: true, iam_role: false },
        };
        assert!(ws.items.iter().all(|m| m.crlf));
        let file = ws.render().expect("renders");
        assert!(file.contains("resource \"aws_apigatewayv2_route\""), "{file}");
        assert_eq!(file.matches('\n').count(), file.matches("\r\n").count(), "{file:?}");
        // A model from JSON without `crlf` is LF throughout.
        for m in &mut ws.items {
            m.crlf = false;
        }
        assert!(!ws.render().expect("renders").contains('\r'));
    }

    /// An edit re-derives only the item it changed; the results equal a full derivation.
    #[test]
    fn derive_reuses_unchanged_items() {
        let t = take(THREE, &ApiInfo::default(), Some(Protocol::Http));
        let mut ws = Workspace { items: t.added, selected: 0, companions: Companions::default() };
        let first = derive(&ws.items, &[]);
        ws.items[1].description = Some(Value::str("edited"));
        let second = derive(&ws.items, &first);
        assert!(std::sync::Arc::ptr_eq(&first[0], &second[0]) && std::sync::Arc::ptr_eq(&first[2], &second[2]));
        assert!(!std::sync::Arc::ptr_eq(&first[1], &second[1]));
        assert_eq!(second, derive(&ws.items, &[]));
        // Moved items are found where they went.
        ws.items.swap(0, 2);
        let third = derive(&ws.items, &second);
        assert!(std::sync::Arc::ptr_eq(&third[0], &second[2]) && std::sync::Arc::ptr_eq(&third[2], &second[0]));
        assert_eq!(diagnostics_of(&third), ws.diagnostics());
        // A removal and an insertion shift the rest: every one is found again.
        let many: Vec<Integration> = (0..50).map(|k| Integration::named(format!("i{k}"))).collect();
        let before = derive(&many, &[]);
        let mut fewer = many.clone();
        fewer.remove(7);
        let after = derive(&fewer, &before);
        assert!(after.iter().zip(before.iter().take(7).chain(before.iter().skip(8))).all(|(a, b)| std::sync::Arc::ptr_eq(a, b)));
        let mut more = many.clone();
        more.insert(3, Integration::named("new"));
        let after = derive(&more, &before);
        assert_eq!(after.iter().filter(|d| before.iter().any(|b| std::sync::Arc::ptr_eq(b, d))).count(), 50);
        assert_eq!(after[3].source.name, "new");
    }

    /// A free name is the first of `base`, `base_2`, `base_3`, … no item has, as trying
    /// each in turn gives it (the first implementation, the reference here).
    #[test]
    fn free_names_are_the_first_untaken_suffix() {
        let reference = |ws: &Workspace, base: &str| {
            let taken = |n: &str| ws.items.iter().any(|i| i.name == n);
            if !taken(base) {
                return base.to_string();
            }
            (2..).map(|k| format!("{base}_{k}")).find(|n| !taken(n)).unwrap_or_default()
        };
        let names = ["x", "x_2", "x_3", "x_02", "x_+4", "x_4x", "xx_4", "x_2_2", "y", "x_5", "x_1", "x_0", "x_", "_2"];
        let mut seed = 0x1234_5678_u64;
        for round in 0..400 {
            let mut items = Vec::new();
            for _ in 0..(round % 12) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                items.push(Integration::named(names[(seed % names.len() as u64) as usize]));
            }
            let ws = Workspace { items, selected: 0, companions: Companions::default() };
            for base in ["x", "x_2", "y", "", "z"] {
                assert_eq!(
                    ws.free_name(base),
                    reference(&ws, base),
                    "{base:?} in {:?}",
                    ws.items.iter().map(|i| &i.name).collect::<Vec<_>>()
                );
            }
        }
        let ws = Workspace { items: ["x", "x_2", "x_3"].map(Integration::named).to_vec(), selected: 0, companions: Companions::default() };
        assert_eq!(ws.free_name("x"), "x_4");
        assert_eq!(ws.free_name("x_2"), "x_2_2");
    }

    #[test]
    fn outside_input_is_normalized() {
        let ws = Workspace { items: Vec::new(), selected: 9, companions: Companions::default() }.normalized();
        assert_eq!((ws.items.len(), ws.selected), (1, 0));
        let ws =
            Workspace { items: vec![Integration::named("a"), Integration::named("b")], selected: 9, companions: Companions::default() }
                .normalized();
        assert_eq!(ws.current().name, "b");
    }

    const WS_WITHOUT_API: &str = r#"resource "aws_apigatewayv2_integration" "sqs" {
  api_id                        = aws_apigatewayv2_api.chat.id
  integration_type              = "AWS"
  passthrough_behavior          = "NEVER"
  template_selection_expression = "$request.body.action"
  request_templates = {
    "application/json" = "Action=SendMessage"
  }
}

resource "aws_apigatewayv2_integration" "proxy" {
  api_id           = aws_apigatewayv2_api.chat.id
  integration_type = "HTTP_PROXY"
}

resource "aws_apigatewayv2_integration" "other" {
  api_id           = aws_apigatewayv2_api.other.id
  integration_type = "HTTP_PROXY"
}
"#;

    /// Without an API block, what an integration holds that only one protocol takes says
    /// its protocol; the others of its API follow it; nothing said: the fallback; both: unknown.
    #[test]
    fn a_paste_without_its_api_takes_the_protocol_from_what_it_holds() {
        let t = take(WS_WITHOUT_API, &ApiInfo::default(), Some(Protocol::Http));
        let protocols: Vec<_> = t.added.iter().map(|m| m.protocol).collect();
        assert_eq!(protocols, [Some(Protocol::WebSocket), Some(Protocol::WebSocket), Some(Protocol::Http)]);
        assert!(t.added[0].passthrough_behavior.is_some() && t.added[0].request_templates.is_some(), "nothing is dropped");
        assert_eq!(
            t.summary,
            "Took 3 integrations and 0 import blocks. Protocol WebSocket for sqs, proxy, from what the text holds: integration_type = \"AWS\", passthrough_behavior, template_selection_expression, request_templates (only WebSocket APIs take these); there is no aws_apigatewayv2_api block in the paste. Protocol HTTP for other: nothing in the text says which, so the form's current protocol (choose another in the form if it is wrong)."
        );
        let both = take(
            "resource \"aws_apigatewayv2_integration\" \"b\" {\n  integration_type = \"MOCK\"\n  integration_subtype = \"SQS-SendMessage\"\n}\n",
            &ApiInfo::default(),
            Some(Protocol::Http),
        );
        assert_eq!(both.added[0].protocol, None);
        assert!(both.summary.contains("Protocol unknown for b: it holds what only WebSocket APIs take (integration_type = \"MOCK\") and what only HTTP APIs take (integration_subtype); choose"), "{}", both.summary);
        // An expression that may be null says nothing.
        let var = take("resource \"aws_apigatewayv2_integration\" \"v\" {\n  passthrough_behavior = var.p\n}\n", &ApiInfo::default(), None);
        assert_eq!(var.added[0].protocol, None);
        assert!(var.summary.ends_with("Protocol unknown for v: nothing in the text says which; choose it in the form."), "{}", var.summary);
    }

    #[test]
    fn a_paste_says_what_happened_in_order() {
        let t = take("resource \"aws_apigatewayv2_integration\" \"x\" {\n  api_id = \n}\n", &ApiInfo::default(), None);
        assert!(t.added.is_empty());
        assert_eq!(t.summary, "Nothing was added: the text has 1 problem (below).");
        let none = take("locals {}\n", &ApiInfo::default(), None);
        assert_eq!(none.summary, "Nothing was added: the text has 1 problem (below); ignored: locals.");
    }

    #[test]
    fn a_second_identical_paste_is_recognised() {
        let first = take(WS_WITHOUT_API, &ApiInfo::default(), Some(Protocol::Http)).added;
        let mut ws = first.clone();
        ws[1].protocol = Some(Protocol::Http);
        ws[2].description = Some(Value::str("edited since"));
        let (fresh, again) = new_ones(&ws, first);
        assert_eq!(again, 2, "the protocol aside, the first two are there");
        assert_eq!(fresh.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(), ["other"]);
    }
}
