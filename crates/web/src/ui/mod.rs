//! The web app: a thin Leptos face on the core. State is one `RwSignal<Integration>`;
//! everything shown is derived from it with memos (diagnostics, output). Effects only
//! touch the outside world: localStorage, the URL, the clipboard. Each instance renders
//! into its own root element (inside a shadow root) and looks up elements only there.

mod controls;
mod intent;
mod keep;
mod kit;
mod output;
mod panels;
mod state;
mod workspace;

use apigw_integration_core::diag::Severity;
use apigw_integration_core::embed::{Options, Panel};
use apigw_integration_core::form::{self, Kind};
use apigw_integration_core::model::{Integration, Protocol};
use kit::{click, maybe};
use leptos::prelude::*;
pub use state::{Ctx, prepare_link};

/// What an instance reports after every edit (the custom element's `change` event).
pub struct Change<'a> {
    /// The configuration, as the form holds it.
    pub config: &'a Integration,
    /// The output, `None` while it is withheld.
    pub rendered: Option<&'a apigw_integration_core::hcl::Rendered>,
    /// Every diagnostic.
    pub diagnostics: &'a [apigw_integration_core::diag::Diagnostic],
}

/// Called after every edit.
pub type OnChange = Box<dyn Fn(Change<'_>)>;

/// One builder: the form, the problems, the output and the rules reference, as the
/// options ask. Everything it shows is derived from one `Ctx`.
///
/// `root` is the element it renders into (DOM look-ups start there), `on_change` is called
/// after every edit, and `ctx_out` receives the instance's state, for the JS handle.
pub fn app(
    opts: Options,
    root: Option<web_sys::HtmlElement>,
    on_change: Option<OnChange>,
    ctx_out: Option<std::rc::Rc<std::cell::Cell<Option<Ctx>>>>,
) -> AnyView {
    let show = |p: Panel| opts.shows(p);
    let (form_on, output_on, problems_on, rules_on) = (show(Panel::Form), show(Panel::Output), show(Panel::Problems), show(Panel::Rules));
    let readonly = opts.readonly;
    let share_links = opts.share_links;
    let ctx = Ctx::new(opts, root);
    provide_context(ctx);
    if let Some(out) = ctx_out {
        out.set(Some(ctx));
    }
    state::persist(ctx);
    if let Some(cb) = on_change {
        // Effects run after the current task, so the first run may already see an edit
        // made right after mounting (`setConfig`): compare with where the instance started.
        let started = ctx.model.get_untracked();
        Effect::new(move |prev: Option<()>| {
            ctx.model.with(|config| {
                ctx.diags.with(|diagnostics| {
                    ctx.output.with(|o| {
                        if prev.is_some() || *config != started {
                            cb(Change { config, rendered: o.rendered.as_ref().filter(|_| !o.stale), diagnostics });
                        }
                    })
                })
            })
        });
    }
    if !readonly {
        undo_keys(ctx, share_links);
    }
    if share_links {
        // The standalone page: `#rule-CODE` in the address opens the rules reference.
        let handle = window_event_listener(leptos::ev::hashchange, move |_| open_rule_from_hash(ctx));
        on_cleanup(move || handle.remove());
        request_animation_frame(move || open_rule_from_hash(ctx));
    }
    let form = form_on.then(|| form_pane(ctx, readonly));
    let side = (output_on || problems_on || rules_on).then(|| {
        view! {
            <div class="side-pane">
                {problems_on.then(panels::diagnostic_summary)}
                {output_on.then(output::output_pane)}
                {rules_on.then(panels::rules_reference)}
            </div>
        }
        .into_any()
    });
    view! {
        {notice(ctx)}
        {keep::draft_banner()}
        {(!readonly).then(keep::kept_list)}
        {(form_on && !readonly).then(panels::preset_bar)}
        // Importing comes first: someone with Terraform or AWS JSON already starts there.
        {(form_on && !readonly).then(panels::paste_panel)}
        <div class="panes" class:single=!(form_on && (output_on || problems_on || rules_on))>
            {form}
            {side}
        </div>
        {(form_on && output_on && problems_on).then(|| intent::jump_bar(ctx))}
        <div class="foot">
            <p>
                "Runs entirely in your browser; nothing is sent anywhere. Terraform docs: "
                <a href=form::DOC_LINK target="_blank" rel="noopener noreferrer">"aws_apigatewayv2_integration"</a>
            </p>
        </div>
    }
    .into_any()
}

/// The form: the workspace list, the context, every argument by section, what is kept as
/// written, and the paste box.
fn form_pane(ctx: Ctx, readonly: bool) -> AnyView {
    let sections: Sections = [
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
    // Leaving a field marks it touched: its missing-argument errors show from then on.
    let touch: Box<dyn FnMut(leptos::ev::FocusEvent)> = Box::new(move |ev| {
        if let Some(path) = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .and_then(|el| el.get_attribute("data-path"))
        {
            ctx.touch(&path);
        }
    });
    // Both views draw their fields anew when shown: a field's memos live as long as it does.
    // The full view is drawn through a pointer wasm-opt cannot follow (it inlines a function
    // with one caller whatever its size, which put the whole view in the one function every
    // start runs): a first visit opens in the intent view, so the split leaves the full
    // view's code in the rest of the wasm, loaded once the form is drawn.
    let full = move || {
        let draw: fn(Sections) -> AnyView = std::hint::black_box(full_view);
        draw(sections)
    };
    let choice = intent::ViewChoice::new(ctx);
    let all = choice.all;
    let submit: Box<dyn FnMut(leptos::ev::SubmitEvent)> = Box::new(|ev| ev.prevent_default());
    view! {
        <form class="form-pane" on:submit=submit on:focusout=touch>
            <fieldset class="plain" disabled=readonly>
                <legend class="sr-only">{if readonly { "Integration arguments (read-only)" } else { "Integration arguments" }}</legend>
                {workspace::workspace_list()}
                {intent::view_switch(ctx, choice)}
                {kit::show(kit::derived(move || !all.get()), move || intent::intent_pane(ctx, choice))}
                {kit::show(all, full)}
                {panels::kept_panel()}
            </fieldset>
        </form>
    }
    .into_any()
}

/// The groups of arguments the full view shows, by title.
type Sections = [(&'static str, &'static [&'static str]); 4];

/// The full view ("All arguments"): the context and every argument, by group.
#[inline(never)]
fn full_view(sections: Sections) -> AnyView {
    let groups: Vec<AnyView> = sections
        .into_iter()
        .map(|(title, names)| {
            let fields: Vec<AnyView> = names.iter().map(|name| field_view(name)).collect();
            view! {
                <fieldset class="group">
                    <legend>{title}</legend>
                    {fields}
                </fieldset>
            }
            .into_any()
        })
        .collect();
    view! { {panels::context_panel(true)} {groups} }.into_any()
}

fn field_view(name: &'static str) -> AnyView {
    let Some(f) = form::field(name) else { return ().into_any() };
    field_of(f)
}

/// The control of an argument, with the help and example `f` gives (the intent view gives
/// its own, for the target).
pub(crate) fn field_of(f: &'static form::Field) -> AnyView {
    // The maps and blocks are drawn through pointers wasm-opt cannot follow (it inlines a
    // function with one caller, which put them in this one, which a first visit's start
    // runs for its text fields): the split then leaves their code in the rest.
    let cold = |draw: fn(&'static form::Field) -> AnyView| std::hint::black_box(draw)(f);
    match (f.kind, f.name) {
        (_, "integration_subtype") => view! { {controls::enum_field(f)} {controls::subtype_params()} }.into_any(),
        (Kind::Enum, _) => controls::enum_field(f),
        (Kind::Text | Kind::Number, _) => controls::text_field(f),
        (Kind::Map, _) => cold(controls::map_editor),
        (Kind::Block, "response_parameters") => cold(controls::response_blocks),
        (Kind::Block, _) => cold(controls::tls_block),
    }
}

/// Ctrl+Z (Cmd+Z) undoes, and Ctrl+Shift+Z or Ctrl+Y redoes, the actions that replace
/// content, when the key is pressed outside a text field (in one, the browser's own undo
/// edits its text): inside the instance, and, on the standalone page (`page`), anywhere
/// the page has no focused element. The browser's own undo is kept from running there: it
/// would put back text typed before the action into a field of the new content.
fn undo_keys(ctx: Ctx, page: bool) {
    let on_key = move |ev: &web_sys::Event| {
        let Some(ev) = wasm_bindgen::JsCast::dyn_ref::<web_sys::KeyboardEvent>(ev) else { return };
        if !(ev.ctrl_key() || ev.meta_key()) || ev.alt_key() {
            return;
        }
        let key = ev.key().to_ascii_lowercase();
        let redo = (key == "z" && ev.shift_key()) || (key == "y" && !ev.shift_key());
        if key != "z" && !redo {
            return;
        }
        // The element that has the focus, inside the shadow root if it is there.
        let target = ev.composed_path().get(0);
        let typing = wasm_bindgen::JsCast::dyn_ref::<web_sys::Element>(&target).is_some_and(|el| {
            let tag = el.tag_name().to_ascii_lowercase();
            let text_input = wasm_bindgen::JsCast::dyn_ref::<web_sys::HtmlInputElement>(el).is_some_and(|i| {
                !matches!(i.type_().as_str(), "checkbox" | "radio" | "button" | "submit" | "reset" | "file" | "color" | "range")
            });
            tag == "textarea" || text_input || el.has_attribute("contenteditable")
        });
        if typing {
            return;
        }
        ev.prevent_default();
        if redo { ctx.redo() } else { ctx.undo() }
    };
    let Some(root) = ctx.root() else { return };
    let mut listeners = vec![gloo::events::EventListener::new_with_options(
        &root,
        "keydown",
        gloo::events::EventListenerOptions::enable_prevent_default(),
        on_key,
    )];
    if page {
        listeners.push(gloo::events::EventListener::new_with_options(
            &document(),
            "keydown",
            gloo::events::EventListenerOptions::enable_prevent_default(),
            move |ev| {
                // Only where nothing else has the focus (the page's body); inside the
                // instance the listener above answers.
                let body = document().body().map(wasm_bindgen::JsValue::from);
                if ev.target().map(wasm_bindgen::JsValue::from) == body {
                    on_key(ev);
                }
            },
        ));
    }
    let _ = StoredValue::new_local(listeners);
}

/// A notice (restored-state problems, copy confirmations' failures) with a dismiss button.
fn notice(ctx: Ctx) -> AnyView {
    maybe(ctx.notice.into(), move |text| {
        view! {
            <div class="notice" role="alert">
                <span>{text}</span>
                <button type="button" class="link" on:click=click(move || ctx.notice.set(None))>"Dismiss"</button>
            </div>
        }
        .into_any()
    })
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

/// Opens the rules reference when the page's address points at a rule.
fn open_rule_from_hash(ctx: Ctx) {
    let hash = window().location().hash().unwrap_or_default();
    if let Some(code) = hash.strip_prefix("#rule-") {
        open_rule(ctx, code);
    }
}

/// Opens this instance's rules reference at a rule. Rule links call this instead of
/// following their `#rule-…` address, which would change the host page's URL.
pub(crate) fn open_rule(ctx: Ctx, code: &str) {
    let Some(root) = ctx.root() else { return };
    if let Ok(Some(details)) = root.query_selector("details.rules") {
        let _ = details.set_attribute("open", "");
    }
    // The code may come from the page's address: only a known one is focused (and makes
    // a selector).
    ctx.rule_focus.set_value(apigw_integration_core::rules::known_code(code));
    ctx.rule_query.set(String::new());
    panels::draw_rules(ctx);
}
