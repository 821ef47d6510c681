//! A workspace: the integrations of one API (or several), edited together. Pasting a whole
//! file (HCL, AWS CLI JSON or a CloudFormation template) adds every integration in it and
//! says what it took and what it ignored; the rules that need several integrations run
//! across the workspace; the output is one file. Pure, so it is tested natively.

use crate::aws::{self, ApiInfo};
use crate::diag::Diagnostic;
use crate::hcl::companions::{self, Companions};
use crate::json::{FromJson, Json, Object, ShapeError};
use crate::model::{Integration, Protocol};
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

impl Workspace {
    /// A workspace of one integration.
    pub fn of(m: Integration) -> Workspace {
        Workspace { items: vec![m], selected: 0, companions: Companions::default() }
    }

    /// Keeps the invariants after input from outside: at least one item, a valid selection.
    pub fn normalized(mut self) -> Workspace {
        if self.items.is_empty() {
            self.items.push(crate::embed::blank());
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
            self.items.push(crate::embed::blank());
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
    /// [`crate::form::effective`]: without the arguments that do not apply.
    pub shown: Integration,
    /// The item's own rules (the workspace-wide ones are added by [`diagnostics_of`]).
    pub diagnostics: Vec<Diagnostic>,
    /// [`crate::hcl::render`] of `shown`.
    pub rendered: Result<crate::hcl::Rendered, Vec<Diagnostic>>,
}

impl Derived {
    /// Derives one item.
    pub fn of(source: &Integration) -> Derived {
        let shown = crate::form::effective(source);
        Derived { diagnostics: crate::rules::validate(&shown), rendered: crate::hcl::render(&shown), source: source.clone(), shown }
    }
}

/// Derives every item, reusing what `prev` derived for the items that did not change (at
/// the same place, or moved): an edit of one integration costs that integration's rules and
/// output, not the workspace's.
pub fn derive(items: &[Integration], prev: &[std::sync::Arc<Derived>]) -> Vec<std::sync::Arc<Derived>> {
    items
        .iter()
        .enumerate()
        .map(|(n, item)| {
            let same = |d: &&std::sync::Arc<Derived>| d.source == *item;
            prev.get(n).filter(same).or_else(|| prev.iter().find(same)).cloned().unwrap_or_else(|| std::sync::Arc::new(Derived::of(item)))
        })
        .collect()
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

/// Reads pasted text: HCL (every `aws_apigatewayv2_integration`, its `import` block matched
/// by `to`, each protocol inferred from the `aws_apigatewayv2_api` blocks in the paste, else
/// `fallback`), or AWS CLI / CloudFormation JSON (with `api`).
pub fn take(text: &str, api: &ApiInfo, fallback: Option<Protocol>) -> Taken {
    if aws::looks_like_aws_json(text) {
        let api = ApiInfo { protocol: api.protocol.or(fallback), ..api.clone() };
        let out = aws::from_aws(text, &api);
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
        let summary = format!("From {}: took {} and {}.", out.kind, plural(n, "integration"), plural(imports, "import block"));
        return Taken { added: out.integrations.into_iter().map(|c| c.model).collect(), summary, diagnostics };
    }
    let file = crate::hcl::parse(text);
    let apis = crate::check::api_index(&file.apis);
    let mut diagnostics = file.diagnostics.clone();
    let mut added = Vec::new();
    for p in &file.integrations {
        diagnostics.extend(p.diagnostics.iter().cloned());
        let mut m = p.model.clone();
        m.protocol = crate::check::infer_protocol(&m, &apis).or(fallback);
        added.push(m);
    }
    let imports = added.iter().filter(|m| m.import.is_some()).count();
    let mut summary = format!("Took {} and {}", plural(added.len(), "integration"), plural(imports, "import block"));
    if !file.apis.is_empty() {
        summary.push_str(&format!(" (protocol from {})", plural(file.apis.len(), "aws_apigatewayv2_api block")));
    }
    if file.ignored.is_empty() {
        summary.push('.');
    } else {
        summary.push_str(&format!("; ignored: {}.", file.ignored.join(", ")));
    }
    if added.is_empty() && diagnostics.is_empty() {
        diagnostics.push(Diagnostic::new(
            "R-HCL-3",
            "",
            "No resource \"aws_apigatewayv2_integration\" block was found in the pasted text (nor AWS CLI or CloudFormation JSON).",
        ));
    }
    Taken { added, summary, diagnostics }
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
            "Took 3 integrations and 1 import block (protocol from 1 aws_apigatewayv2_api block); ignored: variable \"region\", resource \"aws_lambda_function\" \"f\"."
        );
        let none = take("locals {}\n", &ApiInfo::default(), None);
        assert!(none.added.is_empty() && none.diagnostics[0].code == "R-HCL-3");
        let aws = take(
            r#"{"Items": [{"IntegrationId": "abc1234", "IntegrationType": "MOCK"}]}"#,
            &ApiInfo { api_id: Some("aabbccddee".into()), protocol: None },
            Some(Protocol::WebSocket),
        );
        assert_eq!(aws.summary, "From aws apigatewayv2 get-integrations: took 1 integration and 1 import block.");
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
        ws.companions = Companions { lambda_permission: true, route: true };
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
        let mut ws = Workspace { items: taken.added, selected: 0, companions: Companions { lambda_permission: false, route: true } };
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
}
