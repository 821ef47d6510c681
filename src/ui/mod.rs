//! The web app: a thin Leptos face on the core. State is one `RwSignal<Integration>`;
//! everything shown is derived from it with memos (diagnostics, output). Effects only
//! touch the outside world: localStorage, the URL, the clipboard.

mod controls;
mod output;
mod panels;
mod state;

use crate::diag::Severity;
use crate::form::{self, Kind};
use crate::model::Protocol;
use controls::{EnumField, MapEditor, ResponseBlocks, SubtypeParams, TextField, TlsBlock};
use leptos::prelude::*;
use output::OutputPane;
use panels::{ContextPanel, DiagnosticSummary, KeptPanel, PastePanel, PresetBar, RulesReference};
pub use state::Ctx;

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let ctx = Ctx::new();
    provide_context(ctx);
    state::persist(ctx);
    // A diagnostic's code links to `#rule-CODE`: open the rules reference there.
    let _ = window_event_listener(leptos::ev::hashchange, |_| open_rule_from_hash());

    let sections: [(&str, &[&str]); 4] = [
        ("Target", &["api_id", "integration_type", "integration_subtype", "integration_method", "integration_uri"]),
        ("Network and credentials", &["connection_type", "connection_id", "credentials_arn", "region"]),
        (
            "Behaviour",
            &[
                "description",
                "payload_format_version",
                "timeout_milliseconds",
                "content_handling_strategy",
                "passthrough_behavior",
                "template_selection_expression",
            ],
        ),
        ("Mappings and blocks", &["request_parameters", "request_templates", "response_parameters", "tls_config"]),
    ];

    view! {
        <header class="top">
            <h1>"aws_apigatewayv2_integration builder"</h1>
            <p class="tagline">"Every documented rule, checked as you type. Output is exactly what " <code>"terraform fmt"</code> " prints."</p>
        </header>
        <Notice/>
        <PresetBar/>
        <main class="panes">
            <form class="form-pane" aria-label="Integration arguments" on:submit=|ev| ev.prevent_default()>
                <ContextPanel/>
                {sections
                    .into_iter()
                    .map(|(title, names)| {
                        view! {
                            <fieldset class="group">
                                <legend>{title}</legend>
                                {names.iter().map(|name| field_view(name)).collect_view()}
                            </fieldset>
                        }
                    })
                    .collect_view()}
                <KeptPanel/>
                <PastePanel/>
            </form>
            <div class="side-pane">
                <DiagnosticSummary/>
                <OutputPane/>
                <RulesReference/>
            </div>
        </main>
        <footer class="foot">
            <p>
                "Runs entirely in your browser; nothing is sent anywhere. Rules: "
                <a href="#rules">"reference"</a>
                " · Terraform docs: "
                <a href=form::DOC_LINK target="_blank" rel="noopener noreferrer">"aws_apigatewayv2_integration"</a>
            </p>
        </footer>
    }
}

fn field_view(name: &'static str) -> AnyView {
    let Some(f) = form::field(name) else { return ().into_any() };
    match (f.kind, name) {
        (_, "integration_subtype") => view! { <EnumField field=f/> <SubtypeParams/> }.into_any(),
        (Kind::Enum, _) => view! { <EnumField field=f/> }.into_any(),
        (Kind::Text | Kind::Number, _) => view! { <TextField field=f/> }.into_any(),
        (Kind::Map, _) => view! { <MapEditor field=f/> }.into_any(),
        (Kind::Block, "response_parameters") => view! { <ResponseBlocks field=f/> }.into_any(),
        (Kind::Block, _) => view! { <TlsBlock field=f/> }.into_any(),
    }
}

/// A notice (restored-state problems, copy confirmations' failures) with a dismiss button.
#[component]
fn Notice() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    move || {
        ctx.notice.get().map(|text| {
            view! {
                <div class="notice" role="alert">
                    <span>{text}</span>
                    <button type="button" class="link" on:click=move |_| ctx.notice.set(None)>"Dismiss"</button>
                </div>
            }
        })
    }
}

/// "2 errors, 1 warning" for a list of severities.
pub(crate) fn count_text(sev: &[Severity]) -> String {
    let n = |s: Severity| sev.iter().filter(|x| **x == s).count();
    let plural = |k: usize, word: &str| format!("{k} {word}{}", if k == 1 { "" } else { "s" });
    format!("{}, {}", plural(n(Severity::Error), "error"), plural(n(Severity::Warning), "warning"))
}

/// The protocol's display name.
pub(crate) fn protocol_name(p: Option<Protocol>) -> &'static str {
    match p {
        Some(Protocol::Http) => "HTTP API",
        Some(Protocol::WebSocket) => "WebSocket API",
        None => "unknown protocol",
    }
}

/// Opens the rules reference when the URL points at a rule.
fn open_rule_from_hash() {
    let hash = window().location().hash().unwrap_or_default();
    if let Some(code) = hash.strip_prefix("#rule-") {
        open_rule(code);
    }
}

/// Opens the rules reference at a rule (also when the URL already points there, which
/// fires no `hashchange`).
pub(crate) fn open_rule(code: &str) {
    let Some(doc) = window().document() else { return };
    if let Some(details) = doc.get_element_by_id("rules") {
        let _ = details.set_attribute("open", "");
    }
    if let Some(row) = doc.get_element_by_id(&format!("rule-{code}")) {
        row.scroll_into_view();
    }
}
