//! Form controls. Each control's accessible name contains the Terraform argument name,
//! carries `data-path` (the diagnostic path it answers to), and shows its diagnostics
//! next to it with `aria-invalid` and `aria-describedby`.

use super::state::{Ctx, focus_path};
use crate::diag::{Diagnostic, Severity, map_path};
use crate::form::{self, Field, Kind, inapplicable, options};
use crate::model::{Map, ResponseParameters, TlsConfig, Value};
use crate::rules::subtype;
use leptos::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The entries of a map, as edited in place.
type Entries = Vec<(String, Value)>;

static NEXT_ID: AtomicUsize = AtomicUsize::new(0);

/// A unique element id.
pub fn uid(prefix: &str) -> String {
    format!("{prefix}-{}", NEXT_ID.fetch_add(1, Ordering::Relaxed))
}

/// The diagnostics whose path is exactly `path`.
fn diags_at(ctx: Ctx, path: impl Fn() -> String + Send + Sync + 'static) -> Memo<Vec<Diagnostic>> {
    Memo::new(move |_| {
        let p = path();
        ctx.field_diags.with(|all| all.iter().filter(|d| d.path == p).cloned().collect())
    })
}

/// The list of a control's diagnostics (its id is the control's `aria-describedby`).
#[component]
pub fn Messages(id: String, diags: Memo<Vec<Diagnostic>>) -> impl IntoView {
    view! {
        <ul class="msgs" id=id aria-live="polite">
            <For each=move || diags.get() key=|d| (d.code.clone(), d.message.clone()) let:d>
                <DiagLine d/>
            </For>
        </ul>
    }
}

/// One diagnostic: severity, position (when it came from pasted text), code (linking to
/// the rules reference), message, and a Fix button when it has a safe fix
/// ([`crate::fix`], the same fixes as `check --fix`).
#[component]
pub fn DiagLine(d: Diagnostic) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let code = d.code.clone();
    let fix = ctx.model.with_untracked(|m| crate::fix::for_diagnostic(m, &d));
    let button = fix.map(|f| {
        let label = format!("Fix {}: {}", d.code, f.title);
        let title = f.title.clone();
        let d = d.clone();
        view! {
            " "
            <button type="button" class="fix" aria-label=label on:click=move |_| {
                // The fix is derived again from the model as it is now.
                ctx.model.update(|m| {
                    if let Some(f) = crate::fix::for_diagnostic(m, &d) {
                        crate::fix::apply(m, &f);
                    }
                })
            }>{format!("Fix: {title}")}</button>
        }
    });
    view! {
        <li class=format!("msg {}", d.severity.as_str())>
            <span class="sev">{d.severity.as_str()}</span>
            " "
            {d.pos.map(|p| format!("line {}, column {}: ", p.line, p.column))}
            <RuleLink code/>
            " "
            {d.message.clone()}
            {button}
        </li>
    }
}

/// A diagnostic's code, linking to its entry in this instance's rules reference.
#[component]
pub fn RuleLink(code: String) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let href = format!("#rule-{code}");
    let text = code.clone();
    view! {
        <a class="code" href=href on:click=move |ev| {
            ev.prevent_default();
            super::open_rule(ctx, &code)
        }>{text}</a>
    }
}

fn has_error(diags: Memo<Vec<Diagnostic>>) -> impl Fn() -> &'static str + Copy {
    move || if diags.with(|d| d.iter().any(|x| x.severity == Severity::Error)) { "true" } else { "false" }
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
#[component]
fn RefToggle(label: String, is_ref: Signal<bool>, on_toggle: Callback<()>, #[prop(into)] disabled: Signal<bool>) -> impl IntoView {
    view! {
        <button
            type="button"
            class="ref-toggle"
            aria-pressed=move || if is_ref.get() { "true" } else { "false" }
            aria-label=format!("ref: {label} is a Terraform reference")
            title="Literal text, or a Terraform reference such as aws_lambda_function.example.invoke_arn"
            disabled=move || disabled.get()
            on:click=move |_| on_toggle.run(())
        >
            "ref"
        </button>
    }
}

/// A text input bound to a value, with the reference toggle and diagnostics.
#[component]
pub fn ValueInput(
    /// The accessible label (contains the argument name).
    label: String,
    /// The diagnostic path.
    #[prop(into)]
    path: Signal<String>,
    get: Signal<Option<Value>>,
    set: Callback<Option<Value>>,
    #[prop(default = Kind::Text)] kind: Kind,
    #[prop(optional, into)] placeholder: String,
    #[prop(optional, into)] disabled: Signal<bool>,
    #[prop(optional)] describedby: Option<String>,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let id = uid("in");
    let msg_id = uid("msg");
    let diags = diags_at(ctx, move || path.get());
    let is_ref = Signal::derive(move || matches!(get.get(), Some(Value::Expr(_))));
    let toggle = Callback::new(move |_| {
        let (v, reference) = flipped(get.get_untracked(), kind);
        ctx.pin(&path.get_untracked(), reference);
        set.run(v);
    });
    let described = match describedby {
        Some(h) => format!("{msg_id} {h}"),
        None => msg_id.clone(),
    };
    view! {
        <div class="control" class:ref=move || is_ref.get()>
            <input
                id=id.clone()
                type="text"
                autocomplete="off"
                spellcheck="false"
                aria-label=label.clone()
                data-path=move || path.get()
                placeholder=placeholder
                inputmode=if kind == Kind::Number { "numeric" } else { "text" }
                aria-invalid=has_error(diags)
                aria-describedby=described
                disabled=move || disabled.get()
                prop:value=move || get.get().map(|v| v.text().to_string()).unwrap_or_default()
                on:input=move |ev| set.run(typed_value(ctx, &path.get_untracked(), kind, event_target_value(&ev)))
            />
            <RefToggle label=label is_ref on_toggle=toggle disabled=disabled/>
        </div>
        <Messages id=msg_id diags/>
    }
}

/// The label, help and "not applicable" line of an argument.
#[component]
fn FieldFrame(field: &'static Field, help_id: String, children: Children) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let reason = Memo::new(move |_| ctx.model.with(|m| inapplicable(m, field.name)));
    let has_value = Memo::new(move |_| {
        ctx.model.with(|m| {
            m.scalar(field.name).is_some()
                || m.map(field.name).is_some()
                || (field.name == "response_parameters" && !m.response_parameters.is_empty())
                || (field.name == "tls_config" && m.tls_config.is_some())
        })
    });
    view! {
        <div class="field" class:inapplicable=move || reason.get().is_some() data-field=field.name>
            <div class="field-head">
                <span class="arg">{field.name}</span>
                {field.required.then(|| view! { <span class="req">"required"</span> })}
            </div>
            {children()}
            <p class="help" id=help_id>
                {field.help}
                " "
                <a href=form::DOC_LINK target="_blank" rel="noopener noreferrer">"Docs"</a>
            </p>
            {move || {
                reason.get().map(|r| {
                    let kept = if has_value.get() { " Its value is kept, and left out of the output." } else { "" };
                    view! { <p class="reason">{r} {kept}</p> }
                })
            }}
        </div>
    }
}

/// The value of a scalar argument and its setter.
fn scalar_binding(ctx: Ctx, name: &'static str) -> (Signal<Option<Value>>, Callback<Option<Value>>) {
    let get = Signal::derive(move || ctx.model.with(|m| m.scalar(name).cloned()));
    let set = Callback::new(move |v| {
        ctx.model.update(|m| {
            if let Some(slot) = m.scalar_mut(name) {
                *slot = v;
            }
        })
    });
    (get, set)
}

/// Whether an argument's controls are disabled (it does not apply right now).
fn disabled_for(ctx: Ctx, name: &'static str) -> Signal<bool> {
    Signal::derive(move || ctx.model.with(|m| inapplicable(m, name).is_some()))
}

/// A string or number argument.
#[component]
pub fn TextField(field: &'static Field) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let name = field.name;
    let help_id = uid("help");
    let (get, set) = scalar_binding(ctx, name);
    let disabled = disabled_for(ctx, name);
    view! {
        <FieldFrame field help_id=help_id.clone()>
            <ValueInput
                label=name.to_string()
                path=name.to_string()
                get
                set
                kind=field.kind
                placeholder=field.example
                disabled
                describedby=help_id
            />
        </FieldFrame>
    }
}

/// An enumerated argument: a select of the values valid here, or a reference.
#[component]
pub fn EnumField(field: &'static Field) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let name = field.name;
    let help_id = uid("help");
    let msg_id = uid("msg");
    let (get, set) = scalar_binding(ctx, name);
    let disabled = disabled_for(ctx, name);
    let is_ref = Signal::derive(move || matches!(get.get(), Some(Value::Expr(_))) || ctx.pinned(name) == Some(true));
    let diags = diags_at(ctx, move || name.to_string());
    let choices = Memo::new(move |_| {
        let mut opts: Vec<(String, String)> =
            ctx.model.with(|m| options(m, name)).into_iter().map(|o| (o.to_string(), o.to_string())).collect();
        if let Some(Value::Str(cur) | Value::Num(cur)) = get.get()
            && !opts.iter().any(|(v, _)| *v == cur)
        {
            opts.push((cur.clone(), format!("{cur} (not valid here)")));
        }
        opts
    });
    let toggle = Callback::new(move |_| {
        let reference = !is_ref.get_untracked();
        ctx.pin(name, reference);
        let (v, _) = flipped(get.get_untracked(), Kind::Enum);
        if reference != matches!(get.get_untracked(), Some(Value::Expr(_))) {
            set.run(v);
        }
    });
    let described = format!("{msg_id} {help_id}");
    view! {
        <FieldFrame field help_id=help_id.clone()>
            <div class="control">
                {move || {
                    if is_ref.get() {
                        view! {
                            <input
                                type="text"
                                autocomplete="off"
                                spellcheck="false"
                                aria-label=name
                                data-path=name
                                placeholder="var.example"
                                aria-invalid=has_error(diags)
                                aria-describedby=described.clone()
                                disabled=move || disabled.get()
                                prop:value=move || get.get().map(|v| v.text().to_string()).unwrap_or_default()
                                on:input=move |ev| {
                                    let t = event_target_value(&ev);
                                    set.run((!t.is_empty()).then_some(Value::Expr(t)))
                                }
                            />
                        }
                            .into_any()
                    } else {
                        view! {
                            <select
                                aria-label=name
                                data-path=name
                                aria-invalid=has_error(diags)
                                aria-describedby=described.clone()
                                disabled=move || disabled.get()
                                prop:value=move || get.get().map(|v| v.text().to_string()).unwrap_or_default()
                                on:change=move |ev| {
                                    let t = event_target_value(&ev);
                                    set.run((!t.is_empty()).then_some(Value::Str(t)))
                                }
                            >
                                <option value="">"(not set)"</option>
                                <For each=move || choices.get() key=|c| c.0.clone() let:c>
                                    <option value=c.0.clone() selected=move || get.get().is_some_and(|v| v.text() == c.0)>{c.1}</option>
                                </For>
                            </select>
                        }
                            .into_any()
                    }
                }}
                <RefToggle label=name.to_string() is_ref on_toggle=toggle disabled=disabled/>
            </div>
            <Messages id=msg_id diags/>
        </FieldFrame>
    }
}

/// Key/value rows of a map; `get`/`set` address the map, `exclude` hides keys that
/// another control edits (a subtype's named parameters).
#[component]
pub fn MapRows(
    /// The map's name in labels (`request_parameters`, `mappings`).
    label: String,
    /// The diagnostic path of the map.
    base: Signal<String>,
    get: Signal<Option<Map>>,
    set: Callback<Option<Map>>,
    #[prop(optional, into)] exclude: Signal<Vec<&'static str>>,
    #[prop(optional, into)] disabled: Signal<bool>,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let rows = Memo::new(move |_| {
        let ex = exclude.get();
        get.get()
            .map(|m| m.0.iter().enumerate().filter(|(_, (k, _))| !ex.contains(&k.as_str())).map(|(n, _)| n).collect::<Vec<usize>>())
            .unwrap_or_default()
    });
    let map_diags = diags_at(ctx, move || base.get());
    let map_msg = uid("msg");
    let update = move |f: &dyn Fn(&mut Entries)| {
        let mut m = get.get_untracked().unwrap_or_default();
        f(&mut m.0);
        set.run(Some(m));
    };
    let label_add = label.clone();
    view! {
        <div class="map">
            <For each=move || rows.get() key=|n| *n let:n>
                {
                    let label = label.clone();
                    let key = Signal::derive(move || get.with(|m| m.as_ref().and_then(|m| m.0.get(n)).map(|(k, _)| k.clone()).unwrap_or_default()));
                    let value = Signal::derive(move || get.with(|m| m.as_ref().and_then(|m| m.0.get(n)).map(|(_, v)| v.clone())));
                    let path = Signal::derive(move || map_path(&base.get(), &key.get()));
                    let set_value = Callback::new(move |v: Option<Value>| {
                        update(&|entries| {
                            if let Some(e) = entries.get_mut(n) {
                                e.1 = v.clone().unwrap_or(Value::Str(String::new()));
                            }
                        })
                    });
                    view! {
                        <div class="row">
                            <input
                                type="text"
                                class="key"
                                autocomplete="off"
                                spellcheck="false"
                                aria-label=format!("{label} key {}", n + 1)
                                data-path=move || path.get()
                                disabled=move || disabled.get()
                                prop:value=move || key.get()
                                on:input=move |ev| {
                                    let k = event_target_value(&ev);
                                    update(&|entries| {
                                        if let Some(e) = entries.get_mut(n) {
                                            e.0 = k.clone();
                                        }
                                    })
                                }
                            />
                            <span class="eq">"="</span>
                            <div class="value">
                                <ValueInput label=format!("{label} value {}", n + 1) path get=value set=set_value disabled/>
                            </div>
                            <button
                                type="button"
                                class="remove"
                                aria-label=format!("Remove {label} entry {}", n + 1)
                                disabled=move || disabled.get()
                                on:click=move |_| {
                                    let mut m = get.get_untracked().unwrap_or_default();
                                    if n < m.0.len() {
                                        m.0.remove(n);
                                    }
                                    set.run((!m.0.is_empty()).then_some(m));
                                }
                            >
                                "×"
                            </button>
                        </div>
                    }
                }
            </For>
            <button
                type="button"
                class="add"
                data-path=move || base.get()
                aria-describedby=map_msg.clone()
                disabled=move || disabled.get()
                on:click=move |_| {
                    update(&|entries| entries.push((String::new(), Value::Str(String::new()))));
                    let label = label_add.clone();
                    request_animation_frame(move || focus_last_key(ctx, &label));
                }
            >
                {format!("Add {label_add} entry")}
            </button>
            <Messages id=map_msg diags=map_diags/>
        </div>
    }
}

fn focus_last_key(ctx: Ctx, label: &str) {
    let prefix = format!("{label} key");
    let keys = super::state::query_all(ctx, "input.key");
    if let Some(el) = keys.iter().rev().find(|el| el.get_attribute("aria-label").is_some_and(|l| l.starts_with(&prefix))) {
        let _ = el.focus();
    }
}

/// A map argument.
#[component]
pub fn MapEditor(field: &'static Field) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let name = field.name;
    let help_id = uid("help");
    let get = Signal::derive(move || ctx.model.with(|m| m.map(name).cloned()));
    let set = Callback::new(move |v| {
        ctx.model.update(|m| {
            if let Some(slot) = m.map_mut(name) {
                *slot = v;
            }
        })
    });
    let disabled = disabled_for(ctx, name);
    let exclude = Signal::derive(move || {
        if name != "request_parameters" {
            return Vec::new();
        }
        ctx.model.with(|m| {
            m.integration_subtype
                .as_ref()
                .and_then(Value::literal)
                .and_then(subtype)
                .map(|s| s.required.iter().chain(s.optional).copied().collect())
                .unwrap_or_default()
        })
    });
    view! {
        <FieldFrame field help_id>
            <MapRows label=name.to_string() base=Signal::derive(move || name.to_string()) get set exclude disabled/>
        </FieldFrame>
    }
}

/// Named fields for the chosen subtype's parameters (they edit `request_parameters`).
#[component]
pub fn SubtypeParams() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let chosen = Memo::new(move |_| ctx.model.with(|m| m.integration_subtype.as_ref().and_then(Value::literal).and_then(subtype)));
    move || {
        chosen.get().map(|st| {
            let param = move |key: &'static str, required: bool| {
                let hint = st.hints.iter().find(|(k, _)| *k == key).map(|(_, h)| *h).unwrap_or("");
                let get = Signal::derive(move || ctx.model.with(|m| m.request_parameters.as_ref().and_then(|p| p.get(key)).cloned()));
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
                view! {
                    <div class="param">
                        <span class="param-name">{key} {required.then(|| view! { <span class="req">"required"</span> })}</span>
                        <ValueInput label=format!("request_parameters {key}") path=map_path("request_parameters", key) get set placeholder=hint/>
                    </div>
                }
            };
            view! {
                <div class="subtype-params" role="group" aria-label=format!("{} parameters (request_parameters)", st.name)>
                    <p class="help">{format!("{} parameters, mapped in request_parameters. Values: static text, $request.header.x, $request.querystring.x, $request.path.x, $request.body, $request.body.x, $context.x, $stageVariables.x.", st.name)}</p>
                    {st.required.iter().map(|k| param(k, true)).collect_view()}
                    <details class="optional-params">
                        <summary>{format!("Optional parameters ({})", st.optional.len())}</summary>
                        {st.optional.iter().map(|k| param(k, false)).collect_view()}
                    </details>
                </div>
            }
        })
    }
}

/// The `response_parameters` blocks.
#[component]
pub fn ResponseBlocks(field: &'static Field) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let help_id = uid("help");
    let disabled = disabled_for(ctx, "response_parameters");
    let count = Memo::new(move |_| ctx.model.with(|m| m.response_parameters.len()));
    view! {
        <FieldFrame field help_id>
            <For each=move || 0..count.get() key=|n| *n let:n>
                {
                    let status = Signal::derive(move || ctx.model.with(|m| m.response_parameters.get(n).and_then(|r| r.status_code.clone())));
                    let set_status = Callback::new(move |v| ctx.model.update(|m| if let Some(r) = m.response_parameters.get_mut(n) { r.status_code = v }));
                    let mappings = Signal::derive(move || ctx.model.with(|m| m.response_parameters.get(n).and_then(|r| r.mappings.clone())));
                    let set_mappings = Callback::new(move |v| ctx.model.update(|m| if let Some(r) = m.response_parameters.get_mut(n) { r.mappings = v }));
                    let base = format!("response_parameters[{n}]");
                    view! {
                        <div class="block" role="group" aria-label=format!("response_parameters block {}", n + 1)>
                            <div class="block-head">
                                <span class="arg">{format!("response_parameters {{ }} #{}", n + 1)}</span>
                                <button
                                    type="button"
                                    class="remove"
                                    aria-label=format!("Remove response_parameters block {}", n + 1)
                                    disabled=move || disabled.get()
                                    on:click=move |_| ctx.model.update(|m| if n < m.response_parameters.len() { m.response_parameters.remove(n); })
                                >
                                    "×"
                                </button>
                            </div>
                            <div class="param">
                                <span class="param-name">"status_code"</span>
                                <ValueInput label=format!("response_parameters {} status_code", n + 1) path=format!("{base}.status_code") get=status set=set_status kind=Kind::Number placeholder="200" disabled/>
                            </div>
                            <div class="param">
                                <span class="param-name">"mappings"</span>
                                <MapRows label=format!("response_parameters {} mappings", n + 1) base=Signal::derive(move || format!("response_parameters[{n}].mappings")) get=mappings set=set_mappings disabled/>
                            </div>
                        </div>
                    }
                }
            </For>
            <button
                type="button"
                class="add"
                data-path="response_parameters"
                disabled=move || disabled.get()
                on:click=move |_| ctx.model.update(|m| m.response_parameters.push(ResponseParameters { status_code: None, mappings: Some(Map::default()) }))
            >
                "Add response_parameters block"
            </button>
        </FieldFrame>
    }
}

/// The `tls_config` block.
#[component]
pub fn TlsBlock(field: &'static Field) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let help_id = uid("help");
    let disabled = disabled_for(ctx, "tls_config");
    let present = Memo::new(move |_| ctx.model.with(|m| m.tls_config.is_some()));
    let get = Signal::derive(move || ctx.model.with(|m| m.tls_config.as_ref().and_then(|t| t.server_name_to_verify.clone())));
    let set = Callback::new(move |v| ctx.model.update(|m| m.tls_config.get_or_insert_with(TlsConfig::default).server_name_to_verify = v));
    view! {
        <FieldFrame field help_id>
            <label class="check">
                <input
                    type="checkbox"
                    data-path="tls_config"
                    disabled=move || disabled.get()
                    prop:checked=move || present.get()
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        ctx.model.update(|m| m.tls_config = on.then(TlsConfig::default));
                    }
                />
                " tls_config block"
            </label>
            <Show when=move || present.get()>
                <div class="param">
                    <span class="param-name">"server_name_to_verify"</span>
                    <ValueInput label="tls_config server_name_to_verify".to_string() path="tls_config.server_name_to_verify".to_string() get set placeholder="example.com" disabled/>
                </div>
            </Show>
        </FieldFrame>
    }
}

/// A clickable diagnostic for the summary list.
#[component]
pub fn SummaryEntry(d: Diagnostic) -> impl IntoView {
    let path = d.path.clone();
    let code = d.code.clone();
    let ctx = expect_context::<Ctx>();
    let place = if d.path.is_empty() { "resource".to_string() } else { d.path.clone() };
    view! {
        <li class=format!("msg {}", d.severity.as_str())>
            <button type="button" class="link goto" on:click=move |_| focus_path(ctx, &path)>
                <span class="sev">{d.severity.as_str()}</span>
                " "
                <span class="path">{place}</span>
            </button>
            " "
            <RuleLink code/>
            " "
            <span class="text">{d.message.clone()}</span>
        </li>
    }
}
