//! The builder's context (name, protocol, import target), presets, paste box,
//! diagnostic summary and the rules reference.

use super::controls::{diag_key, diag_line, diags_at, diags_under, invalid, messages, summary_entry, uid};
use super::kit::{Row, aria, checked_input, click, derived, keyed, local, maybe, memo, project, row, show, text_input};
use super::state::{Ctx, RuleBook};
use apigw_integration_core::diag::{Diagnostic, Severity};
use apigw_integration_core::model::{ImportForm, ImportTarget, Protocol};
use apigw_integration_core::presets::PRESETS;
use leptos::prelude::*;

/// Resource name, API protocol (unless the intent view asks it: `protocol` false) and
/// import target.
pub fn context_panel(protocol_here: bool) -> AnyView {
    let ctx = expect_context::<Ctx>();
    let name_msg = uid("msg");
    let name_diags = diags_at(ctx, Signal::stored("name".to_string()));
    let import_msg = uid("msg");
    let import_diags = diags_under(ctx, "import");
    let import = ctx.fact(|w| w.current().import.clone());
    let name = ctx.fact(|w| w.current().name.clone());
    let has_import = derived(move || import.with(Option::is_some));
    let ids = {
        let import_msg = import_msg.clone();
        move || import_ids(ctx, import, &import_msg)
    };
    view! {
        <fieldset class="group context">
            <legend>"Builder context"</legend>
            <div class="field">
                <label class="arg" for="f-name">"Resource name"</label>
                <input
                    id="f-name"
                    type="text"
                    autocomplete="off"
                    spellcheck="false"
                    data-path="name"
                    aria-describedby=name_msg.clone()
                    aria-invalid=invalid(name_diags)
                    prop:value=name
                    on:input=text_input(move |v| ctx.model.update(|m| m.name = v))
                />
                <p class="help">"The resource's label: aws_apigatewayv2_integration." <em>"name"</em></p>
                {messages(name_msg, name_diags)}
            </div>
            {protocol_here.then(protocol_field)}
            <div class="field">
                <label class="check">
                    <input
                        type="checkbox"
                        prop:checked=has_import
                        on:change=checked_input(move |on| ctx.model.update(|m| m.import = on.then(ImportTarget::default)))
                    />
                    " Import an existing integration (import block)"
                </label>
                {show(has_import, ids)}
                {messages(import_msg, import_diags)}
            </div>
        </fieldset>
    }
    .into_any()
}

/// The API protocol: the question every other one depends on.
pub fn protocol_field() -> AnyView {
    let ctx = expect_context::<Ctx>();
    let proto_msg = uid("msg");
    let proto_diags = diags_at(ctx, Signal::stored("protocol".to_string()));
    let protocol = ctx.fact(|w| w.current().protocol);
    let radio = |value: Option<Protocol>, label: &'static str| {
        view! {
            <label class="seg">
                <input
                    type="radio"
                    name="protocol"
                    data-path=if value == Some(Protocol::Http) { Some("protocol") } else { None }
                    aria-describedby=proto_msg.clone()
                    prop:checked=derived(move || protocol.get() == value)
                    on:change=text_input(move |_| ctx.model.update(|m| m.protocol = value))
                />
                <span>{label}</span>
            </label>
        }
        .into_any()
    };
    let radios = [radio(Some(Protocol::Http), "HTTP"), radio(Some(Protocol::WebSocket), "WEBSOCKET"), radio(None, "unknown")];
    view! {
        <div class="field" role="radiogroup" aria-label="API protocol (protocol_type of the aws_apigatewayv2_api)">
            <span class="arg">"API protocol (protocol_type)"</span>
            <div class="segmented">{radios}</div>
            <p class="help">"Most rules differ between HTTP and WebSocket APIs; AWS checks them only at apply time."</p>
            {messages(proto_msg, proto_diags)}
        </div>
    }
    .into_any()
}

/// The import target's ids and the import block's form.
fn import_ids(ctx: Ctx, import: Signal<Option<ImportTarget>>, msg: &str) -> AnyView {
    let set_import = move |f: &dyn Fn(&mut ImportTarget)| {
        ctx.model.update(|m| {
            let mut t = m.import.clone().unwrap_or_default();
            f(&mut t);
            m.import = Some(t);
        })
    };
    let api_id = derived(move || import.with(|t| t.as_ref().map(|t| t.api_id.clone()).unwrap_or_default()));
    let integration_id = derived(move || import.with(|t| t.as_ref().map(|t| t.integration_id.clone()).unwrap_or_default()));
    let form = derived(move || if import.with(|t| t.as_ref().is_some_and(|t| t.form == ImportForm::Identity)) { "identity" } else { "id" });
    view! {
        <div class="import-ids">
            <label>
                <span>"API id (import.id)"</span>
                <input
                    type="text"
                    data-path="import.id"
                    placeholder="aabbccddee"
                    aria-describedby=msg.to_string()
                    prop:value=api_id
                    on:input=text_input(move |v| set_import(&|t| t.api_id = v.clone()))
                />
            </label>
            <label>
                <span>"Integration id (import.id)"</span>
                <input
                    type="text"
                    placeholder="1122334"
                    aria-describedby=msg.to_string()
                    prop:value=integration_id
                    on:input=text_input(move |v| set_import(&|t| t.integration_id = v.clone()))
                />
            </label>
            <label>
                <span>"import block form"</span>
                <select
                    prop:value=form
                    on:change=text_input(move |v| {
                        let identity = v == "identity";
                        set_import(&|t| t.form = if identity { ImportForm::Identity } else { ImportForm::Id })
                    })
                >
                    <option value="id">"id = \"API/INTEGRATION\" (Terraform ≥ 1.5)"</option>
                    <option value="identity">"identity = { … } (Terraform ≥ 1.12)"</option>
                </select>
            </label>
        </div>
    }
    .into_any()
}

/// Items kept as written (meta-arguments, blocks the form has no fields for) and comment
/// lines: shown in full, with their diagnostics and a Remove button, so the output never
/// holds anything the page does not show.
pub fn kept_panel() -> AnyView {
    let ctx = expect_context::<Ctx>();
    let items = ctx.fact(|w| {
        let m = w.current();
        let mut out: Vec<(String, String, Option<usize>)> = m
            .verbatim
            .iter()
            .enumerate()
            .map(|(n, v)| (apigw_integration_core::hcl::verbatim::path(n, v), v.text.clone(), Some(n)))
            .collect();
        out.extend(m.comments().into_iter().map(|(at, c)| (at, c.to_string(), None)));
        out
    });
    let rows = derived(move || {
        items.with(|items| {
            items
                .iter()
                .map(|(path, text, verbatim)| {
                    let (path, text, verbatim) = (path.clone(), text.clone(), *verbatim);
                    let which = verbatim.map_or(String::from("comment"), |n| n.to_string());
                    row(format!("{path}\u{0}{text}\u{0}{which}"), move || kept_item(ctx, path.clone(), text.clone(), verbatim))
                })
                .collect::<Vec<Row>>()
        })
    });
    let panel = move || {
        view! {
            <fieldset class="group kept" data-testid="kept">
                <legend>"Kept as written"</legend>
                <p class="help">"Arguments, blocks and comments the form has no fields for. They are printed exactly as shown here (re-formatted); remove anything you did not write."</p>
                {keyed(local(rows).into())}
            </fieldset>
        }
        .into_any()
    };
    show(derived(move || !items.with(Vec::is_empty)), panel)
}

fn kept_item(ctx: Ctx, path: String, text: String, verbatim: Option<usize>) -> AnyView {
    let msg = uid("msg");
    let diags = diags_at(ctx, Signal::stored(path.clone()));
    let place = path.clone();
    let label = format!("Removed the kept item {path}");
    let remove = click(move || {
        ctx.replace(&label, |w, _| {
            let m = w.current_mut();
            if let Some(n) = verbatim {
                m.remove_verbatim(n);
            } else {
                m.remove_comment(&place);
            }
        })
    });
    view! {
        <div class="kept-item">
            <pre tabindex="0" data-path=path.clone() aria-describedby=msg.clone() aria-label=format!("Kept as written: {path}")><code>{text}</code></pre>
            <button type="button" class="remove" aria-label=format!("Remove kept item {path}") on:click=remove>"Remove"</button>
            {messages(msg, diags)}
        </div>
    }
    .into_any()
}

/// One-click documented examples, Clear, and Undo and Redo for every action that replaces
/// content (examples, Clear, pastes, removals, fixes, another tab's changes, a link), with
/// what the last one did.
pub fn preset_bar() -> AnyView {
    let ctx = expect_context::<Ctx>();
    let buttons: Vec<AnyView> = PRESETS
        .iter()
        .map(|p| {
            let label = format!("Loaded the example “{}”", p.label);
            view! { <button type="button" class="preset" data-preset=p.id on:click=click(move || ctx.load(&label, p.model()))>{p.label}</button> }
                .into_any()
        })
        .collect();
    let status = uid("done");
    let undo_title = derived(move || ctx.undo_label.get().map_or_else(|| "Nothing to undo".to_string(), |l| format!("Undo: {l} (Ctrl+Z)")));
    let redo_title =
        derived(move || ctx.redo_label.get().map_or_else(|| "Nothing to redo".to_string(), |l| format!("Redo: {l} (Ctrl+Shift+Z)")));
    let no_undo = derived(move || ctx.undo_label.with(Option::is_none));
    let no_redo = derived(move || ctx.redo_label.with(Option::is_none));
    view! {
        <div class="presets" role="group" aria-label="Examples from the documentation, and undo">
            <span>"Examples:"</span>
            {buttons}
            <button type="button" class="preset" on:click=click(move || ctx.load("Cleared the form", apigw_integration_core::workspace::blank()))>"Clear"</button>
            <span class="history">
                <button type="button" class="preset" title=undo_title aria-keyshortcuts="Control+Z" aria-describedby=status.clone() disabled=no_undo on:click=click(move || ctx.undo())>"Undo"</button>
                <button type="button" class="preset" title=redo_title aria-keyshortcuts="Control+Shift+Z" disabled=no_redo on:click=click(move || ctx.redo())>"Redo"</button>
            </span>
            <p class="done" id=status role="status" data-testid="done">
                {maybe(ctx.done.into(), move |d| {
                    let hint = if ctx.undo_label.with_untracked(Option::is_some) && !d.starts_with("Undone") { " (Undo: Ctrl+Z)" } else { "" };
                    format!("{d}.{hint}").into_any()
                })}
            </p>
        </div>
    }
    .into_any()
}

/// Paste a whole file (HCL, or the JSON of `aws apigatewayv2 get-integrations` or a
/// CloudFormation template): every integration in it is added to the workspace, and the
/// panel says what it took and what it ignored.
pub fn paste_panel() -> AnyView {
    let ctx = expect_context::<Ctx>();
    // The box's text is read when the button is pressed, not mirrored into a signal on
    // every `input` event: typing, dictation and scripted input insert a multi-line text one
    // line at a time, an event each, and copying the whole box (and writing it back) per
    // event made a 400 KB insertion take a minute.
    let area = NodeRef::<leptos::html::Textarea>::new();
    let api_id = RwSignal::new(String::new());
    let msg = uid("msg");
    let api_value: Signal<String> = api_id.into();
    // Reading is asynchronous (the reader module loads on the first paste): the panel is
    // busy meanwhile, and counts the reads it finished (`data-reads`, which tests wait on).
    let busy = RwSignal::new(false);
    let reads = RwSignal::new(0u32);
    let load = click(move || {
        let input = area.get_untracked().map(|a| a.value()).unwrap_or_default();
        if input.len() > apigw_integration_core::MAX_INPUT {
            ctx.paste_summary.set(None);
            ctx.paste_diags.set(vec![Diagnostic::new(
                "R-HCL-5",
                "",
                format!("The pasted text is larger than {} MiB; paste one file at a time.", apigw_integration_core::MAX_INPUT >> 20),
            )]);
            reads.update(|n| *n += 1);
            return;
        }
        let id = api_id.get_untracked();
        let fallback = ctx.model.with_untracked(|cur| cur.protocol);
        ctx.paste_diags.set(Vec::new());
        ctx.paste_summary.set(Some("Reading…".into()));
        busy.set(true);
        leptos::task::spawn_local(async move {
            let read = crate::reader::read(&input, &id, fallback).await;
            if !ctx.alive() {
                return;
            }
            match read {
                Ok(taken) => {
                    // What is in the workspace already, identical, is not added again.
                    let (fresh, again) = ctx.with_ws_untracked(|w| apigw_integration_core::workspace::new_ones(&w.items, taken.added));
                    let mut summary = taken.summary;
                    match (again, fresh.len()) {
                        (0, _) => {}
                        (n, 0) => summary.push_str(&format!(
                            " Nothing new: {} already in the workspace, identical, so not added again.",
                            if n == 1 { "it is".to_string() } else { format!("all {n} are") }
                        )),
                        (n, _) => summary.push_str(&format!(
                            " {} already in the workspace, identical, so not added again.",
                            if n == 1 { "1 of them was".to_string() } else { format!("{n} of them were") }
                        )),
                    }
                    ctx.paste_summary.set(Some(summary));
                    ctx.paste_diags.set(taken.diagnostics);
                    let label = format!("Added {} from the paste", plural(fresh.len(), "integration"));
                    ctx.add(&label, fresh);
                }
                Err(e) => ctx.paste_summary.set(Some(format!("Nothing was added: {e}. Your text is still in the box; try again."))),
            }
            busy.try_set(false);
            reads.try_update(|n| *n += 1);
        });
    });
    // A file dropped on the box is read into it (the browser would open it instead), to be
    // added with the button like a paste: what is read is shown before anything is added.
    let allow_drop: Box<dyn FnMut(leptos::ev::DragEvent)> = Box::new(|ev| ev.prevent_default());
    let drop: Box<dyn FnMut(leptos::ev::DragEvent)> = Box::new(move |ev| {
        let get =
            |v: &wasm_bindgen::JsValue, key: &str| js_sys::Reflect::get(v, &key.into()).ok().filter(|x| !x.is_undefined() && !x.is_null());
        let file = get(&ev, "dataTransfer").and_then(|d| get(&d, "files")).and_then(|f| get(&f, "0"));
        let Some(file) = file else { return };
        ev.prevent_default();
        let read = get(&file, "text")
            .and_then(|f| wasm_bindgen::JsCast::dyn_into::<js_sys::Function>(f).ok())
            .and_then(|f| f.call0(&file).ok())
            .and_then(|p| wasm_bindgen::JsCast::dyn_into::<js_sys::Promise>(p).ok());
        let Some(read) = read else { return };
        leptos::task::spawn_local(async move {
            match wasm_bindgen_futures::JsFuture::from(read).await {
                Ok(t) => {
                    if let Some(a) = area.get_untracked() {
                        a.set_value(&t.as_string().unwrap_or_default());
                    }
                }
                Err(_) => {
                    ctx.paste_summary.try_set(Some("The dropped file could not be read; open it and paste its text instead.".into()));
                }
            }
        });
    });
    let busy_now: Signal<bool> = busy.into();
    let prefetch: Box<dyn FnMut(leptos::ev::FocusEvent)> = Box::new(|_| crate::reader::prefetch_reader());
    let (busy_attr, reads_attr) = (project(move || aria(busy.get())), project(move || reads.get().to_string()));
    view! {
        <fieldset class="group paste" aria-busy=busy_attr data-reads=reads_attr>
            <legend>"Import: paste HCL or AWS JSON"</legend>
            <label for="paste-hcl" class="help">"Paste or drop a .tf file, get-integrations JSON, a CloudFormation template or a saved plan: each integration in it is added to the workspace."</label>
            <textarea
                id="paste-hcl"
                rows="2"
                spellcheck="false"
                aria-describedby=msg.clone()
                node_ref=area
                on:focus=prefetch
                on:dragover=allow_drop
                on:drop=drop
            ></textarea>
            <label class="inline">
                <span>"API id, for AWS CLI JSON (api_id and the import blocks)"</span>
                <input type="text" autocomplete="off" spellcheck="false" placeholder="aabbccddee" prop:value=api_value on:input=text_input(move |v| api_id.set(v))/>
            </label>
            <button type="button" class="primary" disabled=busy_now on:click=load>"Add to the workspace"</button>
            <div id=msg aria-live="polite">
                {maybe(ctx.paste_summary.into(), |s| view! { <p class="help" data-testid="paste-summary">{s}</p> }.into_any())}
                {pasted_problems(ctx)}
            </div>
        </fieldset>
    }
    .into_any()
}

fn pasted_problems(ctx: Ctx) -> AnyView {
    let rows = derived(move || {
        ctx.paste_diags.with(|d| {
            d.iter()
                .map(|d| {
                    let d2 = d.clone();
                    row(diag_key(d), move || diag_line(d2.clone()))
                })
                .collect::<Vec<Row>>()
        })
    });
    view! { <ul class="msgs">{keyed(rows)}</ul> }.into_any()
}

/// Every diagnostic, most severe first; clicking one focuses its field. Missing
/// arguments of fields not touched yet are listed apart, as still to fill in, not as red
/// errors (they are counted all the same).
pub fn diagnostic_summary() -> AnyView {
    let ctx = expect_context::<Ctx>();
    // Grouped by severity, in order within each: three passes, not a sort (a stable sort of
    // diagnostics was 2.9 KB of wasm for a list of three keys).
    let sorted = memo(move || {
        ctx.field_diags
            .with(|all| Severity::ALL.into_iter().flat_map(|s| all.iter().filter(move |d| d.severity == s)).cloned().collect::<Vec<_>>())
    });
    let pending = memo(move || {
        ctx.field_diags.with(|shown| {
            ctx.diags.with(|all| {
                let mut paths: Vec<String> = Vec::new();
                for d in all.iter().filter(|d| !shown.contains(d)) {
                    if !paths.contains(&d.path) {
                        paths.push(d.path.clone());
                    }
                }
                paths
            })
        })
    });
    // What is listed is counted: a missing argument not touched yet is a to-do, not an error.
    let counts = derived(move || {
        let text = super::count_text(&ctx.field_diags.with(|d| d.iter().map(|x| x.severity).collect::<Vec<_>>()));
        match pending.with(Vec::len) {
            0 => text,
            n => format!("{text} · {n} to fill in"),
        }
    });
    let protocol = ctx.fact(|w| format!(" · {}", super::protocol_name(w.current().protocol)));
    let pending_rows = derived(move || {
        pending.with(|p| {
            p.iter()
                .map(|p| {
                    let p = p.clone();
                    row(p.clone(), move || {
                        let target = p.clone();
                        view! { <button type="button" class="link goto" on:click=click(move || super::state::focus_path(ctx, &target))>{p.clone()}</button> " " }.into_any()
                    })
                })
                .collect::<Vec<Row>>()
        })
    });
    let rows = derived(move || {
        sorted.with(|d| {
            d.iter()
                .map(|d| {
                    let d2 = d.clone();
                    row(format!("{}\u{0}{}\u{0}{}", d.code, d.path, d.message), move || summary_entry(d2.clone()))
                })
                .collect::<Vec<Row>>()
        })
    });
    let none_pending = derived(move || pending.with(Vec::is_empty));
    let none_shown = derived(move || sorted.with(Vec::is_empty));
    let ok_text = derived(move || if none_pending.get() { "No problems found." } else { "Nothing wrong in what you have filled in." });
    view! {
        <div class="summary" role="group" aria-labelledby="summary-title">
            <h2 id="summary-title">
                "Problems " <span class="counts" data-testid="counts">{counts}</span>
                <span class="proto">{protocol}</span>
            </h2>
            {show(derived(move || !none_pending.get()), move || view! {
                <p class="pending" data-testid="pending">"Still to fill in: " {keyed(local(pending_rows).into())}</p>
            }.into_any())}
            {show(none_shown, move || view! { <p class="ok">{local(ok_text)}</p> }.into_any())}
            {show(derived(move || !none_shown.get()), move || view! { <ul class="summary-list">{keyed(local(rows).into())}</ul> }.into_any())}
        </div>
    }
    .into_any()
}

/// How many arguments are still to fill in: the paths of the errors held back until their
/// field is touched ([`apigw_integration_core::form::awaits_input`]).
pub(crate) fn to_fill_count(ctx: Ctx) -> usize {
    ctx.field_diags.with(|shown| {
        ctx.diags.with(|all| {
            let mut paths: Vec<&str> = Vec::new();
            for d in all.iter().filter(|d| !shown.contains(d)) {
                if !paths.contains(&d.path.as_str()) {
                    paths.push(&d.path);
                }
            }
            paths.len()
        })
    })
}

/// The rules the builder enforces, generated from the core's rule table. The rows are
/// drawn when the reference is first opened (by its summary, or by a rule link through
/// [`super::open_rule`]), not on the first load, and their texts come from the reader
/// module then ([`draw_rules`]).
pub fn rules_reference() -> AnyView {
    let ctx = expect_context::<Ctx>();
    let row = |r: &crate::reader::RuleRow| {
        view! {
            <tr id=format!("rule-{}", r.code) data-rule=r.code tabindex="-1">
                <td><code>{r.code}</code></td>
                <td class=r.severity.as_str()>{r.severity.as_str()}</td>
                <td>
                    {r.check.clone()}
                    " "
                    <span class="why">{r.why.clone()}</span>
                    " "
                    <a href=r.source.clone() target="_blank" rel="noopener noreferrer">"Source"</a>
                </td>
            </tr>
        }
        .into_any()
    };
    let rows = move || {
        ctx.rule_book.with(|book| {
            let (role, text) = match book {
                RuleBook::Closed => return ().into_any(),
                RuleBook::Ready(rows) => {
                    let query = ctx.rule_query.get();
                    return rows.iter().filter(|r| rule_matches(r, &query)).map(row).collect::<Vec<AnyView>>().into_any();
                }
                RuleBook::Loading => ("status", "Loading the rules reference…".to_string()),
                RuleBook::Failed(why) => {
                    ("alert", format!("The rules reference could not be loaded: {why}. Close it and open it again to try again."))
                }
            };
            view! { <tr><td colspan="3" role=role>{text}</td></tr> }.into_any()
        })
    };
    // A click on the summary (Enter and Space on it are clicks too) opens the details.
    let draw = click(move || draw_rules(ctx));
    let busy = project(move || aria(ctx.rule_book.with(|b| *b == RuleBook::Loading)));
    view! {
        <details class="rules" id="rules">
            <summary on:click=draw>{format!("Rules reference ({} rules)", apigw_integration_core::rules::RULE_COUNT)}</summary>
            // Drawn once the rows are there, through a pointer: the reference is closed on a
            // first visit, so the search's code stays in the rest (see `ui::form_pane`).
            {move || ctx.rule_book.with(|b| matches!(b, RuleBook::Ready(_))).then(|| std::hint::black_box(rule_search as fn(Ctx) -> AnyView)(ctx))}
            <table aria-busy=busy>
                <thead>
                    <tr>
                        <th scope="col">"Code"</th>
                        <th scope="col">"Severity"</th>
                        <th scope="col">"What it checks, and why"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </details>
    }
    .into_any()
}

/// Whether a rule has every word of `query` (any ASCII case: Unicode's case tables would be
/// data of the first load) in its code, severity or texts.
fn rule_matches(r: &crate::reader::RuleRow, query: &str) -> bool {
    let hay = format!("{} {} {} {}", r.code, r.severity.as_str(), r.check, r.why).to_ascii_lowercase();
    query.to_ascii_lowercase().split_whitespace().all(|word| hay.contains(word))
}

/// The rules reference's search box, and how many rules it shows (said when it changes).
fn rule_search(ctx: Ctx) -> AnyView {
    let id = uid("rule-search");
    let shown = move || {
        ctx.rule_book.with(|b| match b {
            RuleBook::Ready(rows) => {
                let query = ctx.rule_query.get();
                let n = rows.iter().filter(|r| rule_matches(r, &query)).count();
                if query.trim().is_empty() { String::new() } else { format!("{n} of {} rules", rows.len()) }
            }
            _ => String::new(),
        })
    };
    let typed = text_input(move |v| ctx.rule_query.set(v));
    view! {
        <div class="rule-search">
            <label for=id.clone()>"Search the rules"</label>
            <input type="search" id=id prop:value=move || ctx.rule_query.get() on:input=typed placeholder="a code, an argument or a word" autocomplete="off"/>
            <span role="status">{shown}</span>
        </div>
    }
    .into_any()
}

/// Draws the rules reference's rows: asks the reader module for the rule table the first
/// time (and again after a failure), then focuses the rule a link asked for, if any.
pub(crate) fn draw_rules(ctx: Ctx) {
    let asked = ctx.rule_book.with_untracked(|b| matches!(b, RuleBook::Loading | RuleBook::Ready(_)));
    if asked {
        focus_rule(ctx);
        return;
    }
    ctx.rule_book.set(RuleBook::Loading);
    leptos::task::spawn_local(async move {
        let answer = crate::reader::rule_book().await;
        // The instance may be gone by now: then there is nothing to draw.
        if ctx
            .rule_book
            .try_set(match answer {
                Ok(rows) => RuleBook::Ready(std::sync::Arc::new(rows)),
                Err(why) => RuleBook::Failed(why),
            })
            .is_none()
        {
            focus_rule(ctx);
        }
    });
}

/// Focuses the rule a link asked for, once its row is drawn (by the next reactive tick,
/// before the next frame). The frame may come after the instance is gone: it reads the
/// root element, not the disposed state.
fn focus_rule(ctx: Ctx) {
    if !ctx.rule_book.with_untracked(|b| matches!(b, RuleBook::Ready(_))) {
        return;
    }
    let (Some(code), Some(root)) = (ctx.rule_focus.try_update_value(Option::take).flatten(), ctx.root()) else { return };
    let selector = format!("tr[data-rule=\"{code}\"]");
    request_animation_frame(move || {
        let row =
            root.query_selector(&selector).ok().flatten().and_then(|r| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(r).ok());
        if let Some(row) = row {
            row.scroll_into_view();
            let _ = row.focus();
        }
    });
}

/// "1 integration", "3 integrations".
fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}
