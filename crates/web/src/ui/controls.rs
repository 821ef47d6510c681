//! Form controls. Each control's accessible name contains the Terraform argument name,
//! carries `data-path` (the diagnostic path it answers to), and shows its diagnostics
//! next to it with `aria-invalid` and `aria-describedby`. Each reads memos of its own
//! value and diagnostics, so an edit elsewhere does not touch its DOM (see [`super::kit`]).

use super::kit::{Row, aria, checked_input, click, derived, keyed, local, maybe, memo, project, row, show, text_input};
use super::state::{Ctx, focus_path};
use apigw_integration_core::completion;
use apigw_integration_core::diag::{Diagnostic, Severity, map_path};
use apigw_integration_core::form::{self, Field, Kind, options};
use apigw_integration_core::model::{Map, ResponseParameters, TlsConfig, Value};
use apigw_integration_core::rules::{about_key, subtype};
use leptos::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};

static NEXT_ID: AtomicUsize = AtomicUsize::new(0);

/// A unique element id.
pub fn uid(prefix: &str) -> String {
    format!("{prefix}-{}", NEXT_ID.fetch_add(1, Ordering::Relaxed))
}

/// The diagnostics shown at `path` (exactly).
pub fn diags_at(ctx: Ctx, path: Signal<String>) -> Memo<Vec<Diagnostic>> {
    memo(move || path.with(|p| ctx.field_diags.with(|all| all.iter().filter(|d| d.path == *p).cloned().collect())))
}

/// The diagnostics shown at a fixed path, or under it (`import` takes `import.id` too).
pub fn diags_under(ctx: Ctx, prefix: &'static str) -> Memo<Vec<Diagnostic>> {
    memo(move || ctx.field_diags.with(|all| all.iter().filter(|d| d.path.starts_with(prefix)).cloned().collect()))
}

/// Whether any of `diags` is an error, for `aria-invalid`.
pub fn invalid(diags: Memo<Vec<Diagnostic>>) -> Signal<&'static str> {
    project(move || aria(diags.with(|d| d.iter().any(|x| x.severity == Severity::Error))))
}

/// The list of a control's diagnostics (its id is the control's `aria-describedby`).
pub fn messages(id: String, diags: Memo<Vec<Diagnostic>>) -> AnyView {
    messages_of(id, diags.into())
}

/// [`messages`] of any list of diagnostics.
pub fn messages_of(id: String, diags: Signal<Vec<Diagnostic>>) -> AnyView {
    let rows = project(move || {
        diags.with(|d| {
            d.iter()
                .map(|d| {
                    let d2 = d.clone();
                    row(diag_key(d), move || diag_line(d2.clone()))
                })
                .collect::<Vec<Row>>()
        })
    });
    view! { <ul class="msgs" id=id aria-live="polite">{keyed(rows)}</ul> }.into_any()
}

/// One diagnostic: severity, position (when it came from pasted text), code (linking to
/// the rules reference), message, and a Fix button when it has a safe fix
/// ([`apigw_integration_core::fix`], the same fixes as `check --fix`).
/// A diagnostic's row key: its code, message and place. (Written out rather than through
/// `Debug`, which would keep `Debug` code in the wasm for nothing but keys.)
pub fn diag_key(d: &Diagnostic) -> String {
    let at = d.pos.map_or(String::new(), |p| format!("{}:{}", p.line, p.column));
    format!("{}\u{0}{}\u{0}{at}", d.code, d.message)
}

pub fn diag_line(d: Diagnostic) -> AnyView {
    let ctx = expect_context::<Ctx>();
    let fix = ctx.model.with_untracked(|m| apigw_integration_core::fix::for_diagnostic(m, &d));
    let button = fix.map(|f| {
        // The visible text first, as the accessible name begins (WCAG 2.5.3), then the rule.
        let label = format!("Fix: {} ({})", f.title, d.code);
        let text = format!("Fix: {}", f.title);
        let d = d.clone();
        let done = format!("Fixed {}: {}", d.code, f.title);
        // The fix is derived again from the model as it is now; Undo takes it back.
        let apply = click(move || {
            ctx.replace(&done, |w, _| {
                let m = w.current_mut();
                if let Some(f) = apigw_integration_core::fix::for_diagnostic(m, &d) {
                    apigw_integration_core::fix::apply(m, &f);
                }
            })
        });
        view! { " " <button type="button" class="fix" aria-label=label on:click=apply>{text}</button> }.into_any()
    });
    let pos = d.pos.map(|p| format!("line {}, column {}: ", p.line, p.column)).unwrap_or_default();
    view! {
        <li class=format!("msg {}", d.severity.as_str())>
            <span class="sev">{d.severity.as_str()}</span>
            " "
            {pos}
            {rule_link(d.code.clone())}
            " "
            {super::kit::rich(&d.message)}
            {button}
        </li>
    }
    .into_any()
}

/// A diagnostic's code, linking to its entry in this instance's rules reference.
pub fn rule_link(code: String) -> AnyView {
    let ctx = expect_context::<Ctx>();
    let href = format!("#rule-{code}");
    let text = code.clone();
    let open: Box<dyn FnMut(leptos::ev::MouseEvent)> = Box::new(move |ev| {
        ev.prevent_default();
        super::open_rule(ctx, &code)
    });
    view! { <a class="code" href=href on:click=open>{text}</a> }.into_any()
}

/// How typed text becomes a value: by the pinned mode, else auto-detected.
fn typed_value(ctx: Ctx, path: &str, kind: Kind, text: String) -> Option<Value> {
    if text.is_empty() {
        return None;
    }
    let literal = |t: String| {
        if kind == Kind::Number && t.trim().parse::<i64>().is_ok() { Value::Num(t.trim().to_string()) } else { Value::Str(t) }
    };
    Some(match ctx.pinned(path) {
        Some(true) => Value::Expr(text),
        Some(false) => literal(text),
        None => match Value::from_input(&text) {
            Value::Str(t) => literal(t),
            reference => reference,
        },
    })
}

/// Flips a value between literal and reference, keeping its text.
fn flipped(v: Option<Value>, kind: Kind) -> (Option<Value>, bool) {
    match v {
        Some(Value::Expr(e)) => {
            let lit = if kind == Kind::Number && e.parse::<i64>().is_ok() { Value::Num(e) } else { Value::Str(e) };
            (Some(lit), false)
        }
        Some(other) => (Some(Value::Expr(other.text().to_string())), true),
        None => (None, true),
    }
}

/// The literal/reference toggle.
fn ref_toggle(label: &str, is_ref: Signal<bool>, on_toggle: impl Fn() + 'static) -> AnyView {
    view! {
        <button
            type="button"
            class="ref-toggle"
            aria-pressed=project(move || aria(is_ref.get()))
            aria-label=format!("ref: {label} is a Terraform reference")
            title="Literal text, or a Terraform reference such as aws_lambda_function.example.invoke_arn"
            on:click=click(on_toggle)
        >
            "ref"
        </button>
    }
    .into_any()
}

/// What a [`value_input`] edits.
pub struct Binding {
    /// The value (a memo, so that other edits do not reach this control).
    pub get: Signal<Option<Value>>,
    /// Sets it.
    pub set: Callback<Option<Value>>,
}

/// A text input bound to a value, with the reference toggle and diagnostics.
pub fn value_input(label: String, path: Signal<String>, b: Binding, kind: Kind, placeholder: &str, describedby: Option<String>) -> AnyView {
    let diags = diags_at(expect_context::<Ctx>(), path);
    value_input_with(label, path, b, kind, placeholder, describedby, diags)
}

/// [`value_input`] showing `diags` (a map row's: those about its value). Inlined, so that
/// `value_input`, which a blank form's start runs, stays one function as it was.
#[inline(always)]
fn value_input_with(
    label: String,
    path: Signal<String>,
    b: Binding,
    kind: Kind,
    placeholder: &str,
    describedby: Option<String>,
    diags: Memo<Vec<Diagnostic>>,
) -> AnyView {
    let ctx = expect_context::<Ctx>();
    let Binding { get, set } = b;
    let msg_id = uid("msg");
    let is_ref = project(move || get.with(|v| matches!(v, Some(Value::Expr(_)))));
    let text = project(move || get.with(|v| v.as_ref().map(|v| v.text().to_string()).unwrap_or_default()));
    let toggle = move || {
        let (v, reference) = flipped(get.get_untracked(), kind);
        ctx.pin(&path.get_untracked(), reference);
        set.run(v);
    };
    let described = match describedby {
        Some(h) => format!("{msg_id} {h}"),
        None => msg_id.clone(),
    };
    let input = text_input(move |t| set.run(typed_value(ctx, &path.get_untracked(), kind, t)));
    view! {
        <div class="control" class:ref=is_ref>
            <input
                id=uid("in")
                type="text"
                autocomplete="off"
                spellcheck="false"
                aria-label=label.clone()
                data-path=path
                placeholder=placeholder.to_string()
                inputmode=if kind == Kind::Number { "numeric" } else { "text" }
                aria-invalid=invalid(diags)
                aria-describedby=described
                prop:value=text
                on:input=input
            />
            {ref_toggle(&label, is_ref, toggle)}
        </div>
        {messages(msg_id, diags)}
    }
    .into_any()
}

/// The label, help and "not applicable" line of an argument. Its controls are in a
/// fieldset that is disabled while the argument does not apply (one reactive attribute for
/// all of them, however many map rows there are).
fn field_frame(field: &'static Field, help_id: String, children: AnyView) -> AnyView {
    let ctx = expect_context::<Ctx>();
    let reason = memo(move || ctx.inapplicable(field.name));
    // Read only while the argument does not apply (and so only then tracked).
    let has_value = move || match field.name {
        "response_parameters" => ctx.model.with(|m| !m.response_parameters.is_empty()),
        "tls_config" => ctx.model.with(|m| m.tls_config.is_some()),
        name => ctx.scalar(name).with(Option::is_some) || ctx.map(name).with(Option::is_some),
    };
    // Kept: what does not apply but was written stays in the output, flagged by its rule,
    // editable and removable; an empty one is disabled.
    let kept = derived(move || reason.with(Option::is_some) && has_value());
    let disabled = project(move || reason.with(Option::is_some) && !kept.get());
    let why = derived(move || {
        reason.get().map(|r| {
            format!(
                "{r}{}",
                if kept.get() { " It stays in the output as written (see the problems for what AWS does with it)." } else { "" }
            )
        })
    });
    let help = help_text(ctx, field);
    let aws_doc = form::aws_doc(field.name);
    let remove_label = format!("Removed {}", field.name);
    let remove = move || {
        let label = remove_label.clone();
        view! {
            <button type="button" class="remove" on:click=click(move || {
                ctx.replace(&label, |w, _| {
                    let m = w.current_mut();
                    if let Some(slot) = m.scalar_mut(field.name) {
                        *slot = None;
                    } else if let Some(slot) = m.map_mut(field.name) {
                        *slot = None;
                    } else if field.name == "response_parameters" {
                        m.response_parameters.clear();
                    } else if field.name == "tls_config" {
                        m.tls_config = None;
                    }
                })
            })>{format!("Remove {}", field.name)}</button>
        }
        .into_any()
    };
    view! {
        <div class="field" class:inapplicable=disabled data-field=field.name>
            <div class="field-head">
                <span class="arg">{field.name}</span>
                {field.required.then(|| view! { <span class="req">"required"</span> })}
            </div>
            <fieldset class="plain" disabled=disabled>{children}</fieldset>
            <p class="help" id=help_id>
                {help}
                " "
                <a href=form::provider_doc(field.name) target="_blank" rel="noopener noreferrer">"Terraform docs"</a>
                // `region` is Terraform's own and `api_id` the address's: no entry, no link.
                " "
                <a class="aws-doc" hidden=aws_doc.is_none() href=aws_doc.unwrap_or_default() target="_blank" rel="noopener noreferrer">"AWS API reference"</a>
            </p>
            {super::kit::maybe(why, |r| view! { <p class="reason">{r}</p> }.into_any())}
            {show(kept, remove)}
        </div>
    }
    .into_any()
}

/// The help of an argument: for a field of the intent view, what it means for its target
/// ([`apigw_integration_core::intent::help_key_of`]), else the provider documentation's
/// line. Both come from the reader module's help book, which the first field drawn without
/// help of its own asks for; until it is read, only the arguments of a blank form have
/// help ([`form::start_help`]).
fn help_text(ctx: Ctx, field: &'static Field) -> Signal<String> {
    let name = field.name;
    if form::start_help(name).is_none() && matches!(ctx.help.get_untracked(), 0 | 3) {
        ctx.help.set(1);
        wasm_bindgen_futures::spawn_local(async move {
            let read = crate::reader::help_book().await;
            ctx.help.try_set(if read.is_ok() { 2 } else { 3 });
        });
    }
    let key = apigw_integration_core::intent::help_key_of(field);
    derived(move || {
        let from_book = (ctx.help.get() == 2).then(|| key.as_deref().and_then(crate::reader::help).or_else(|| crate::reader::help(name)));
        from_book.flatten().or_else(|| form::start_help(name).map(String::from)).unwrap_or_default()
    })
}

/// The value of a scalar argument and its setter.
fn scalar_binding(ctx: Ctx, name: &'static str) -> Binding {
    let set = Callback::new(move |v| {
        ctx.model.update(|m| {
            if let Some(slot) = m.scalar_mut(name) {
                *slot = v;
            }
        })
    });
    Binding { get: ctx.scalar(name), set }
}

/// A string or number argument.
pub fn text_field(field: &'static Field) -> AnyView {
    let ctx = expect_context::<Ctx>();
    let name = field.name;
    let help_id = uid("help");
    let input = value_input(
        name.to_string(),
        Signal::stored(name.to_string()),
        scalar_binding(ctx, name),
        field.kind,
        field.example,
        Some(help_id.clone()),
    );
    field_frame(field, help_id, input)
}

/// An enumerated argument: a select of the values valid here, or a reference.
pub fn enum_field(field: &'static Field) -> AnyView {
    let ctx = expect_context::<Ctx>();
    let name = field.name;
    let help_id = uid("help");
    let msg_id = uid("msg");
    let Binding { get, set } = scalar_binding(ctx, name);
    let is_ref = derived(move || matches!(get.get(), Some(Value::Expr(_))) || ctx.pinned(name) == Some(true));
    let diags = diags_at(ctx, Signal::stored(name.to_string()));
    let text = derived(move || get.with(|v| v.as_ref().map(|v| v.text().to_string()).unwrap_or_default()));
    let allowed = ctx.fact(move |w| options(w.current(), name));
    let choices = derived(move || {
        let mut opts: Vec<(String, String)> = allowed.get().into_iter().map(|o| (o.to_string(), o.to_string())).collect();
        if let Some(Value::Str(cur) | Value::Num(cur)) = get.get()
            && !opts.iter().any(|(v, _)| *v == cur)
        {
            opts.push((cur.clone(), format!("{cur} (not valid here)")));
        }
        opts.into_iter()
            .map(|(value, label)| {
                let selected = derived({
                    let value = value.clone();
                    move || text.with(|t| *t == value)
                });
                row(format!("{value}\u{0}{label}"), move || {
                    view! { <option value=value.clone() selected=selected>{label.clone()}</option> }.into_any()
                })
            })
            .collect::<Vec<Row>>()
    });
    let toggle = move || {
        let reference = !is_ref.get_untracked();
        ctx.pin(name, reference);
        let (v, _) = flipped(get.get_untracked(), Kind::Enum);
        if reference != matches!(get.get_untracked(), Some(Value::Expr(_))) {
            set.run(v);
        }
    };
    let described = format!("{msg_id} {help_id}");
    let input = {
        let described = described.clone();
        move || {
            let (text, diags) = (local(text), local(diags.into()));
            view! {
                <input
                    type="text"
                    autocomplete="off"
                    spellcheck="false"
                    aria-label=name
                    data-path=name
                    placeholder="var.example"
                    aria-invalid=invalid(diags)
                    aria-describedby=described.clone()
                    prop:value=text
                    on:input=text_input(move |t| set.run((!t.is_empty()).then_some(Value::Expr(t))))
                />
            }
            .into_any()
        }
    };
    let select = move || {
        let (text, diags, choices) = (local(text), local(diags.into()), local(choices));
        view! {
            <select
                aria-label=name
                data-path=name
                aria-invalid=invalid(diags)
                aria-describedby=described.clone()
                prop:value=text
                on:change=text_input(move |t| set.run((!t.is_empty()).then_some(Value::Str(t))))
            >
                <option value="">"(not set)"</option>
                {keyed(choices.into())}
            </select>
        }
        .into_any()
    };
    let control = view! {
        <div class="control">
            {show(is_ref, input)}
            {show(derived(move || !is_ref.get()), select)}
            {ref_toggle(name, is_ref, toggle)}
        </div>
        {messages(msg_id, diags)}
    }
    .into_any();
    field_frame(field, help_id, control)
}

/// Key/value rows of a map; `get`/`set` address the map, `exclude` hides keys that
/// another control edits (a subtype's named parameters).
/// How many entries of a map are drawn at first, and how many more each "Show more" adds:
/// each row is a key, a value, its reference toggle and a remove button (about 2.7 ms to
/// draw, measured), so a map of thousands of entries (a hostile link's: AWS takes a few
/// dozen) froze the page while it drew them all, and then re-checked every row's memo on
/// each edit. The output and the rules see every entry all the same.
const MAP_PAGE: usize = 200;

/// `response` says which grammar the entries follow, for the completions: `Some(false)` a
/// request's (`request_parameters`), `Some(true)` a response's, `None` none (templates).
pub fn map_rows(
    label: String,
    base: Signal<String>,
    get: Signal<Option<Map>>,
    set: Callback<Option<Map>>,
    exclude: Signal<Vec<&'static str>>,
    response: Option<bool>,
) -> AnyView {
    let ctx = expect_context::<Ctx>();
    let map_diags = diags_at(ctx, base);
    let map_msg = uid("msg");
    // The `<datalist>`s of the completions of keys and values (filled by [`fill_lists`]);
    // drawn in every map editor (a template editor's stay empty), as plain elements: each
    // kind of view a form draws adds to its first load (see `fill_lists`).
    let (keys_list, values_list) = (uid("in"), uid("in"));
    let update = move |f: &dyn Fn(&mut Map)| {
        let mut m = get.get_untracked().unwrap_or_default();
        f(&mut m);
        set.run(Some(m));
    };
    let row_label = label.clone();
    // One row per shown entry, keyed by its place: typing in a row keeps its DOM (and focus).
    let indexes = memo(move || {
        let ex = exclude.get();
        get.with(|m| {
            m.as_ref()
                .map(|m| m.0.iter().enumerate().filter(|(_, (k, _))| !ex.contains(&k.as_str())).map(|(n, _)| n).collect::<Vec<usize>>())
                .unwrap_or_default()
        })
    });
    let limit = RwSignal::new(MAP_PAGE);
    // Entries added here past the drawn ones are drawn too (from the first of them on), so
    // that the new row can take the focus.
    let added_from = RwSignal::new(usize::MAX);
    let rows = derived(move || {
        let (limit, from) = (limit.get(), added_from.get());
        indexes
            .get()
            .into_iter()
            .enumerate()
            .filter(|(at, _)| *at < limit || *at >= from)
            .map(|(_, n)| {
                let label = row_label.clone();
                row(n.to_string(), move || map_row(&label, n, base, get, set, exclude))
            })
            .collect::<Vec<Row>>()
    });
    let more = derived(move || {
        let (total, limit, from) = (indexes.with(Vec::len), limit.get(), added_from.get());
        let shown = limit.min(total) + total.saturating_sub(from.max(limit));
        (total > shown).then(|| format!("Showing {shown} of {total} entries."))
    });
    let add_text = format!("Add {label} entry");
    let add = click(move || {
        // The new entry is drawn, to take the focus, however many there are.
        let total = indexes.with_untracked(Vec::len);
        if total >= limit.get_untracked() && added_from.get_untracked() > total {
            added_from.set(total);
        }
        update(&|m| m.0.push((String::new(), Value::Str(String::new()))));
        let label = label.clone();
        request_animation_frame(move || focus_last_key(ctx, &label));
    });
    // The completions come with the reader module, which starts loading when the editor
    // first gets the focus (the lists are filled when it answers). A value's input is every
    // field's (`value_input`, which a blank form's start draws): it is linked to its list
    // here, when it gets the focus, so that the start's code stays as it was.
    let lists = (keys_list.clone(), values_list.clone());
    let focus: Box<dyn FnMut(leptos::ev::FocusEvent)> = Box::new(move |ev| {
        let Some(response) = response else { return };
        let (keys, values) = &lists;
        fill_lists(ctx, response, keys.clone(), values.clone());
        let input = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(t).ok());
        if let Some(input) = input.filter(|i| !i.has_attribute("list")) {
            let key = input.get_attribute("class").as_deref() == Some("key");
            let _ = input.set_attribute("list", if key { keys } else { values });
        }
    });
    view! {
        <div class="map" on:focusin=focus>
            <datalist id=keys_list></datalist>
            <datalist id=values_list></datalist>
            {keyed(rows)}
            {maybe(more, move |text| view! {
                <p class="map-more" role="status">
                    {text}
                    " "
                    <button type="button" class="link" on:click=click(move || limit.update(|l| *l = l.saturating_add(MAP_PAGE)))>{format!("Show {MAP_PAGE} more")}</button>
                </p>
            }.into_any())}
            <button type="button" class="add" data-path=base aria-describedby=map_msg.clone() on:click=add>
                {add_text}
            </button>
            {messages(map_msg, map_diags)}
        </div>
    }
    .into_any()
}

/// One entry of a map: key, value (with its reference toggle and diagnostics), remove.
/// A finding about the key ([`about_key`]) is shown under the key, every other one under
/// the value. Its inputs are linked to their completions by [`map_rows`].
fn map_row(
    label: &str,
    n: usize,
    base: Signal<String>,
    get: Signal<Option<Map>>,
    set: Callback<Option<Map>>,
    exclude: Signal<Vec<&'static str>>,
) -> AnyView {
    let ctx = expect_context::<Ctx>();
    let edit = move |f: &dyn Fn(&mut (String, Value))| {
        let mut m = get.get_untracked().unwrap_or_default();
        if let Some(e) = m.0.get_mut(n) {
            f(e);
        }
        set.run(Some(m));
    };
    // One memo per row (the rest are projections of it): an edit elsewhere in the map
    // leaves this row's DOM alone.
    let entry = memo(move || get.with(|m| m.as_ref().and_then(|m| m.0.get(n)).cloned()));
    let key = project(move || entry.with(|e| e.as_ref().map(|(k, _)| k.clone()).unwrap_or_default()));
    let value = project(move || entry.with(|e| e.as_ref().map(|(_, v)| v.clone())));
    let path = project(move || base.with(|b| entry.with(|e| map_path(b, e.as_ref().map_or("", |(k, _)| k)))));
    let diags = diags_at(ctx, path);
    let (key_diags, value_diags) = (about(diags, true), about(diags, false));
    let key_msg = uid("msg");
    // A key longer than a narrow screen's key input shows whole under it (the input keeps
    // the text; this copy is for the eye, so screen readers skip it).
    // How long the key is, for the stylesheet: over LONG_KEY (`m`) or WIDE_KEY (`l`)
    // characters, it is also shown whole under its input (in narrow editors, or in all).
    let longer = |than: usize| project(move || key.with(|k| k.chars().count() > than));
    let (long, wide) = (longer(LONG_KEY), longer(WIDE_KEY));
    let set_value = Callback::new(move |v: Option<Value>| edit(&|e| e.1 = v.clone().unwrap_or(Value::Str(String::new()))));
    let remove = click(move || {
        let mut m = get.get_untracked().unwrap_or_default();
        if n < m.0.len() {
            m.0.remove(n);
        }
        set.run((!m.0.is_empty()).then_some(m));
    });
    let value = value_input_with(
        format!("{label} value {}", n + 1),
        path,
        Binding { get: value, set: set_value },
        Kind::Text,
        "",
        None,
        value_diags,
    );
    view! {
        <div class="row">
            <div class="key-cell">
                <input
                    type="text"
                    class="key"
                    autocomplete="off"
                    spellcheck="false"
                    aria-label=format!("{label} key {}", n + 1)
                    data-path=path
                    title=key
                    aria-invalid=invalid(key_diags)
                    aria-describedby=key_msg.clone()
                    prop:value=key
                    on:input=text_input(move |k| {
                        // A key another control edits (a subtype's parameter, picked from
                        // the completions) leaves these rows for its named field: the focus
                        // follows it there.
                        let moved = exclude.with_untracked(|ex| ex.contains(&k.as_str()));
                        edit(&|e| e.0 = k.clone());
                        if moved {
                            // (Its field is there already; this row goes after this event.)
                            if let Some(Ok(Some(details))) = ctx.root().map(|r| r.query_selector("details.optional-params")) {
                                let _ = details.set_attribute("open", "");
                            }
                            focus_path(ctx, &map_path(&base.get_untracked(), &k));
                        }
                    })
                />
                <span class="param-name" class:m=long class:l=wide aria-hidden="true">{key}</span>
                {messages(key_msg, key_diags)}
            </div>
            <span class="eq">"="</span>
            <div class="value">{value}</div>
            <button type="button" class="remove" aria-label=format!("Remove {label} entry {}", n + 1) on:click=remove>
                "×"
            </button>
        </div>
    }
    .into_any()
}

/// Keys longer than this many characters are also shown whole under their input in a
/// narrow editor (under 40em: a 390 px screen's shows about 38), and longer than
/// [`WIDE_KEY`] in any: what a key input shows at most, at the stylesheet's widths (the
/// copy is always there, hidden by the stylesheet unless the key is that long).
const LONG_KEY: usize = 38;
const WIDE_KEY: usize = 64;

/// Fills a mapping editor's `<datalist>`s (`keys`, `values`: their ids) with the
/// completions of the grammar the protocol and the subtype say ([`completion::grammar`];
/// none for an unknown protocol), once the reader module has given them
/// ([`crate::reader::completions`], loaded here the first time). Called when the editor
/// gets the focus, which is when its lists are used: so the lists follow the protocol and
/// the subtype without a reactive node per editor, and a form that never focuses one never
/// loads them. Drawn with DOM calls the form already makes, not views: what a view adds to
/// the form's wasm is partly data (its closures' tables), which the first load carries.
fn fill_lists(ctx: Ctx, response: bool, keys: String, values: String) {
    leptos::task::spawn_local(async move {
        // None: the reader module did not load; the next focus asks again, and the editor
        // works without completions meanwhile.
        let Some(book) = crate::reader::completions().await else { return };
        // The instance may be gone by now.
        if !ctx.alive() {
            return;
        }
        let Some(root) = ctx.root() else { return };
        let g = ctx
            .model
            .with_untracked(|m| completion::grammar(m.protocol, response, m.integration_subtype.as_ref().and_then(Value::literal)));
        let lists = g.and_then(|g| book.get(g.index()));
        let document = document();
        for (id, list) in [(keys, lists.map(|c| &c.keys)), (values, lists.map(|c| &c.values))] {
            let Ok(Some(datalist)) = root.query_selector(&format!("#{id}")) else { continue };
            // Filled anew each time (a hundred options at most): the grammar may have changed.
            datalist.set_inner_html("");
            for value in list.into_iter().flatten() {
                if let Ok(option) = document.create_element("option") {
                    let _ = option.set_attribute("value", value);
                    let _ = datalist.append_child(&option);
                }
            }
        }
    });
}

/// The diagnostics of `diags` about a map entry's key ([`about_key`]), or the others.
fn about(diags: Memo<Vec<Diagnostic>>, key: bool) -> Memo<Vec<Diagnostic>> {
    memo(move || diags.with(|d| d.iter().filter(|d| about_key(&d.code) == key).cloned().collect()))
}

fn focus_last_key(ctx: Ctx, label: &str) {
    let prefix = format!("{label} key");
    let keys = super::state::query_all(ctx, "input.key");
    if let Some(el) = keys.iter().rev().find(|el| el.get_attribute("aria-label").is_some_and(|l| l.starts_with(&prefix))) {
        let _ = el.focus();
    }
}

/// A map argument.
pub fn map_editor(field: &'static Field) -> AnyView {
    let ctx = expect_context::<Ctx>();
    let name = field.name;
    let help_id = uid("help");
    let get = ctx.map(name);
    let set = Callback::new(move |v| {
        ctx.model.update(|m| {
            if let Some(slot) = m.map_mut(name) {
                *slot = v;
            }
        })
    });
    let exclude = derived(move || {
        if name != "request_parameters" {
            return Vec::new();
        }
        ctx.scalar("integration_subtype").with(|st| {
            st.as_ref()
                .and_then(Value::literal)
                .and_then(subtype)
                .map(|s| s.required.iter().chain(s.optional).copied().collect())
                .unwrap_or_default()
        })
    });
    let grammar = (name == "request_parameters").then_some(false);
    let rows = map_rows(name.to_string(), Signal::stored(name.to_string()), get, set, exclude, grammar);
    field_frame(field, help_id, rows)
}

/// Named fields for the chosen subtype's parameters (they edit `request_parameters`).
pub fn subtype_params() -> AnyView {
    let ctx = expect_context::<Ctx>();
    let chosen =
        memo(move || ctx.scalar("integration_subtype").with(|st| st.as_ref().and_then(Value::literal).and_then(subtype).map(|s| s.name)));
    let rows = derived(move || {
        chosen.get().and_then(subtype).map(|st| row(st.name.to_string(), move || subtype_fields(ctx, st))).into_iter().collect::<Vec<Row>>()
    });
    keyed(rows)
}

fn subtype_fields(ctx: Ctx, st: &'static apigw_integration_core::rules::Subtype) -> AnyView {
    let param = move |key: &'static str, required: bool| {
        let hint = st.hints.iter().find(|(k, _)| *k == key).map(|(_, h)| *h).unwrap_or("");
        let get = derived(move || ctx.map("request_parameters").with(|p| p.as_ref().and_then(|p| p.get(key)).cloned()));
        let set = Callback::new(move |v: Option<Value>| {
            ctx.model.update(|m| {
                let map = m.request_parameters.get_or_insert_with(Map::default);
                match v {
                    Some(v) => match map.0.iter_mut().find(|(k, _)| k == key) {
                        Some(e) => e.1 = v,
                        None => map.0.push((key.to_string(), v)),
                    },
                    None => map.0.retain(|(k, _)| k != key),
                }
                if map.is_empty() {
                    m.request_parameters = None;
                }
            })
        });
        let input = value_input(
            format!("request_parameters {key}"),
            Signal::stored(map_path("request_parameters", key)),
            Binding { get, set },
            Kind::Text,
            hint,
            None,
        );
        view! {
            <div class="param">
                <span class="param-name">{key} {required.then(|| view! { <span class="req">"required"</span> })}</span>
                {input}
            </div>
        }
        .into_any()
    };
    view! {
        <div class="subtype-params" role="group" aria-label=format!("{} parameters (request_parameters)", st.name)>
            <p class="help">{format!("{} parameters, mapped in request_parameters. Values: static text, $request.header.x, $request.querystring.x, $request.path.x, $request.body, $request.body.x, $context.x, $stageVariables.x.", st.name)}</p>
            {st.required.iter().map(|k| param(k, true)).collect::<Vec<AnyView>>()}
            <details class="optional-params">
                <summary>{format!("Optional parameters ({})", st.optional.len())}</summary>
                {st.optional.iter().map(|k| param(k, false)).collect::<Vec<AnyView>>()}
            </details>
        </div>
    }
    .into_any()
}

/// The `response_parameters` blocks.
pub fn response_blocks(field: &'static Field) -> AnyView {
    let ctx = expect_context::<Ctx>();
    let help_id = uid("help");
    let count = ctx.fact(|w| w.current().response_parameters.len());
    let rows = derived(move || (0..count.get()).map(|n| row(n.to_string(), move || response_block(ctx, n))).collect::<Vec<Row>>());
    let add = click(move || {
        ctx.model.update(|m| m.response_parameters.push(ResponseParameters { status_code: None, mappings: Some(Map::default()) }))
    });
    let body = view! {
        {keyed(rows)}
        <button type="button" class="add" data-path="response_parameters" on:click=add>
            "Add response_parameters block"
        </button>
    }
    .into_any();
    field_frame(field, help_id, body)
}

fn response_block(ctx: Ctx, n: usize) -> AnyView {
    let status = ctx.fact(move |w| w.current().response_parameters.get(n).and_then(|r| r.status_code.clone()));
    let set_status = Callback::new(move |v| {
        ctx.model.update(|m| {
            if let Some(r) = m.response_parameters.get_mut(n) {
                r.status_code = v
            }
        })
    });
    let mappings = ctx.fact(move |w| w.current().response_parameters.get(n).and_then(|r| r.mappings.clone()));
    let set_mappings = Callback::new(move |v| {
        ctx.model.update(|m| {
            if let Some(r) = m.response_parameters.get_mut(n) {
                r.mappings = v
            }
        })
    });
    let remove = click(move || {
        ctx.model.update(|m| {
            if n < m.response_parameters.len() {
                m.response_parameters.remove(n);
            }
        })
    });
    let status_input = value_input(
        format!("response_parameters {} status_code", n + 1),
        Signal::stored(format!("response_parameters[{n}].status_code")),
        Binding { get: status, set: set_status },
        Kind::Number,
        "200",
        None,
    );
    let rows = map_rows(
        format!("response_parameters {} mappings", n + 1),
        Signal::stored(format!("response_parameters[{n}].mappings")),
        mappings,
        set_mappings,
        Signal::stored(Vec::new()),
        Some(true),
    );
    view! {
        <div class="block" role="group" aria-label=format!("response_parameters block {}", n + 1)>
            <div class="block-head">
                <span class="arg">{format!("response_parameters {{ }} #{}", n + 1)}</span>
                <button type="button" class="remove" aria-label=format!("Remove response_parameters block {}", n + 1) on:click=remove>
                    "×"
                </button>
            </div>
            <div class="param">
                <span class="param-name">"status_code"</span>
                {status_input}
            </div>
            <div class="param">
                <span class="param-name">"mappings"</span>
                {rows}
            </div>
        </div>
    }
    .into_any()
}

/// The `tls_config` block.
pub fn tls_block(field: &'static Field) -> AnyView {
    let ctx = expect_context::<Ctx>();
    let help_id = uid("help");
    let present = ctx.fact(|w| w.current().tls_config.is_some());
    let get = ctx.fact(|w| w.current().tls_config.as_ref().and_then(|t| t.server_name_to_verify.clone()));
    let set = Callback::new(move |v| ctx.model.update(|m| m.tls_config.get_or_insert_with(TlsConfig::default).server_name_to_verify = v));
    let toggle = checked_input(move |on| ctx.model.update(|m| m.tls_config = on.then(TlsConfig::default)));
    let server = move || {
        let input = value_input(
            "tls_config server_name_to_verify".to_string(),
            Signal::stored("tls_config.server_name_to_verify".to_string()),
            Binding { get: local(get).into(), set },
            Kind::Text,
            "example.com",
            None,
        );
        view! {
            <div class="param">
                <span class="param-name">"server_name_to_verify"</span>
                {input}
            </div>
        }
        .into_any()
    };
    let body = view! {
        <label class="check">
            <input type="checkbox" data-path="tls_config" prop:checked=present on:change=toggle/>
            " tls_config block"
        </label>
        {show(present, server)}
    }
    .into_any();
    field_frame(field, help_id, body)
}

/// A clickable diagnostic for the summary list.
pub fn summary_entry(d: Diagnostic) -> AnyView {
    let ctx = expect_context::<Ctx>();
    let path = d.path.clone();
    let place = if d.path.is_empty() { "resource".to_string() } else { d.path.clone() };
    view! {
        <li class=format!("msg {}", d.severity.as_str())>
            <button type="button" class="link goto" on:click=click(move || focus_path(ctx, &path))>
                <span class="sev">{d.severity.as_str()}</span>
                " "
                <span class="path">{place}</span>
            </button>
            " "
            {rule_link(d.code.clone())}
            " "
            <span class="text">{super::kit::rich(&d.message)}</span>
        </li>
    }
    .into_any()
}
