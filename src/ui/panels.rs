//! The builder's context (name, protocol, import target), presets, paste box,
//! diagnostic summary and the rules reference.

use super::controls::{DiagLine, Messages, SummaryEntry, uid};
use super::state::Ctx;
use crate::diag::Diagnostic;
use crate::model::{ImportForm, ImportTarget, Protocol};
use crate::presets::PRESETS;
use crate::rules::RULES;
use leptos::prelude::*;

/// Resource name, API protocol and import target.
#[component]
pub fn ContextPanel() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let name_msg = uid("msg");
    let name_diags =
        Memo::new(move |_| ctx.field_diags.with(|d| d.iter().filter(|x| x.path == "name").cloned().collect::<Vec<Diagnostic>>()));
    let proto_msg = uid("msg");
    let proto_diags =
        Memo::new(move |_| ctx.field_diags.with(|d| d.iter().filter(|x| x.path == "protocol").cloned().collect::<Vec<Diagnostic>>()));
    let import_msg = uid("msg");
    let import_diags = Memo::new(move |_| {
        ctx.field_diags.with(|d| d.iter().filter(|x| x.path.starts_with("import")).cloned().collect::<Vec<Diagnostic>>())
    });
    let import_msg_inner = import_msg.clone();
    let protocol = Memo::new(move |_| ctx.model.with(|m| m.protocol));
    let import = Memo::new(move |_| ctx.model.with(|m| m.import.clone()));
    let proto_msg_radio = proto_msg.clone();
    let radio = move |value: Option<Protocol>, label: &'static str| {
        view! {
            <label class="seg">
                <input
                    type="radio"
                    name="protocol"
                    data-path=if value == Some(Protocol::Http) { Some("protocol") } else { None }
                    aria-describedby=proto_msg_radio.clone()
                    prop:checked=move || protocol.get() == value
                    on:change=move |_| ctx.model.update(|m| m.protocol = value)
                />
                <span>{label}</span>
            </label>
        }
    };
    let set_import = move |f: &dyn Fn(&mut ImportTarget)| {
        ctx.model.update(|m| {
            let mut t = m.import.clone().unwrap_or_default();
            f(&mut t);
            m.import = Some(t);
        })
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
                    aria-invalid=move || if name_diags.with(|d| d.iter().any(Diagnostic::is_error)) { "true" } else { "false" }
                    prop:value=move || ctx.model.with(|m| m.name.clone())
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        ctx.model.update(|m| m.name = v)
                    }
                />
                <p class="help">"The resource's label: aws_apigatewayv2_integration." <em>"name"</em></p>
                <Messages id=name_msg diags=name_diags/>
            </div>
            <div class="field" role="radiogroup" aria-label="API protocol (protocol_type of the aws_apigatewayv2_api)">
                <span class="arg">"API protocol (protocol_type)"</span>
                <div class="segmented">
                    {radio(Some(Protocol::Http), "HTTP")}
                    {radio(Some(Protocol::WebSocket), "WEBSOCKET")}
                    {radio(None, "unknown")}
                </div>
                <p class="help">"Most rules differ between HTTP and WebSocket APIs; AWS checks them only at apply time."</p>
                <Messages id=proto_msg diags=proto_diags/>
            </div>
            <div class="field">
                <label class="check">
                    <input
                        type="checkbox"
                        prop:checked=move || import.get().is_some()
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            ctx.model.update(|m| m.import = on.then(ImportTarget::default));
                        }
                    />
                    " Import an existing integration (import block)"
                </label>
                <Show when=move || import.get().is_some()>
                    {
                        let import_msg = import_msg_inner.clone();
                        view! {
                    <div class="import-ids">
                        <label>
                            <span>"API id (import.id)"</span>
                            <input
                                type="text"
                                data-path="import.id"
                                placeholder="aabbccddee"
                                aria-describedby=import_msg.clone()
                                prop:value=move || import.get().map(|t| t.api_id).unwrap_or_default()
                                on:input=move |ev| {
                                    let v = event_target_value(&ev);
                                    set_import(&|t| t.api_id = v.clone())
                                }
                            />
                        </label>
                        <label>
                            <span>"Integration id (import.id)"</span>
                            <input
                                type="text"
                                placeholder="1122334"
                                aria-describedby=import_msg.clone()
                                prop:value=move || import.get().map(|t| t.integration_id).unwrap_or_default()
                                on:input=move |ev| {
                                    let v = event_target_value(&ev);
                                    set_import(&|t| t.integration_id = v.clone())
                                }
                            />
                        </label>
                        <label>
                            <span>"import block form"</span>
                            <select
                                prop:value=move || if import.get().is_some_and(|t| t.form == ImportForm::Identity) { "identity" } else { "id" }
                                on:change=move |ev| {
                                    let identity = event_target_value(&ev) == "identity";
                                    set_import(&|t| t.form = if identity { ImportForm::Identity } else { ImportForm::Id })
                                }
                            >
                                <option value="id">"id = \"API/INTEGRATION\" (Terraform ≥ 1.5)"</option>
                                <option value="identity">"identity = { … } (Terraform ≥ 1.12)"</option>
                            </select>
                        </label>
                    </div>
                        }
                    }
                </Show>
                <Messages id=import_msg diags=import_diags/>
            </div>
        </fieldset>
    }
}

/// Items kept as written (meta-arguments, blocks the form has no fields for) and comment
/// lines: shown in full, with their diagnostics and a Remove button, so the output never
/// holds anything the page does not show.
#[component]
pub fn KeptPanel() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let items = Memo::new(move |_| {
        ctx.model.with(|m| {
            let mut out: Vec<(String, String, Option<usize>)> =
                m.verbatim.iter().enumerate().map(|(n, v)| (crate::rules::verbatim::path(n, v), v.text.clone(), Some(n))).collect();
            out.extend(m.comments().into_iter().map(|(at, c)| (at, c.to_string(), None)));
            out
        })
    });
    move || {
        (!items.with(Vec::is_empty)).then(|| {
            view! {
                <fieldset class="group kept" data-testid="kept">
                    <legend>"Kept as written"</legend>
                    <p class="help">"Arguments, blocks and comments the form has no fields for. They are printed exactly as shown here (re-formatted); remove anything you did not write."</p>
                    <For each=move || items.get() key=|i| i.clone() let:item>
                        {
                            let (path, text, verbatim) = item;
                            let place = path.clone();
                            let msg = uid("msg");
                            let diag_path = path.clone();
                            let diags = Memo::new(move |_| ctx.field_diags.with(|d| d.iter().filter(|x| x.path == diag_path).cloned().collect::<Vec<Diagnostic>>()));
                            let label = format!("Remove kept item {path}");
                            view! {
                                <div class="kept-item">
                                    <pre tabindex="0" data-path=path.clone() aria-describedby=msg.clone() aria-label=format!("Kept as written: {path}")><code>{text}</code></pre>
                                    <button type="button" class="remove" aria-label=label on:click=move |_| ctx.model.update(|m| {
                                        if let Some(n) = verbatim {
                                            m.remove_verbatim(n);
                                        } else {
                                            m.remove_comment(&place);
                                        }
                                    })>"Remove"</button>
                                    <Messages id=msg diags/>
                                </div>
                            }
                        }
                    </For>
                </fieldset>
            }
        })
    }
}

/// One-click documented examples.
#[component]
pub fn PresetBar() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    view! {
        <div class="presets" role="group" aria-label="Examples from the documentation">
            <span>"Examples:"</span>
            {PRESETS
                .iter()
                .map(|p| {
                    view! {
                        <button type="button" class="preset" data-preset=p.id on:click=move |_| ctx.load(p.model())>
                            {p.label}
                        </button>
                    }
                })
                .collect_view()}
            <button type="button" class="preset" on:click=move |_| ctx.load(crate::embed::blank())>
                "Clear"
            </button>
        </div>
    }
}

/// Paste a whole file (HCL, or the JSON of `aws apigatewayv2 get-integrations` or a
/// CloudFormation template): every integration in it is added to the workspace, and the
/// panel says what it took and what it ignored.
#[component]
pub fn PastePanel() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let text = RwSignal::new(String::new());
    let api_id = RwSignal::new(String::new());
    let msg = uid("msg");
    let load = move |_| {
        let input = text.get_untracked();
        if input.len() > crate::embed::MAX_INPUT {
            ctx.paste_summary.set(None);
            ctx.paste_diags.set(vec![Diagnostic::new(
                "R-HCL-5",
                "",
                format!("The pasted text is larger than {} MiB; paste one file at a time.", crate::embed::MAX_INPUT >> 20),
            )]);
            return;
        }
        let id = api_id.get_untracked().trim().to_string();
        let api = crate::aws::ApiInfo { api_id: (!id.is_empty()).then_some(id), protocol: None };
        let fallback = ctx.model.with_untracked(|cur| cur.protocol);
        let taken = crate::workspace::take(&input, &api, fallback);
        ctx.paste_summary.set(Some(taken.summary));
        ctx.paste_diags.set(taken.diagnostics);
        ctx.add(taken.added);
    };
    view! {
        <fieldset class="group paste">
            <legend>"Paste HCL or AWS JSON"</legend>
            <label for="paste-hcl" class="help">"Paste a .tf file (every aws_apigatewayv2_integration in it, with its import block), the JSON of aws apigatewayv2 get-integrations or get-integration, or a CloudFormation template (JSON). Each integration is added to the workspace with its layout."</label>
            <textarea
                id="paste-hcl"
                rows="8"
                spellcheck="false"
                aria-describedby=msg.clone()
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))
            ></textarea>
            <label class="inline">
                <span>"API id, for AWS CLI JSON (api_id and the import blocks)"</span>
                <input type="text" autocomplete="off" spellcheck="false" placeholder="aabbccddee" prop:value=move || api_id.get() on:input=move |ev| api_id.set(event_target_value(&ev))/>
            </label>
            <button type="button" class="primary" on:click=load>"Add to the workspace"</button>
            <div id=msg aria-live="polite">
                {move || ctx.paste_summary.get().map(|s| view! { <p class="help" data-testid="paste-summary">{s}</p> })}
                <ul class="msgs">
                    <For each=move || ctx.paste_diags.get() key=|d| (d.code.clone(), d.message.clone(), d.pos) let:d>
                        <DiagLine d/>
                    </For>
                </ul>
            </div>
        </fieldset>
    }
}

/// Every diagnostic, most severe first; clicking one focuses its field. Missing
/// arguments of fields not touched yet are listed apart, as still to fill in, not as red
/// errors (they are counted all the same).
#[component]
pub fn DiagnosticSummary() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let sorted = Memo::new(move |_| {
        let mut d = ctx.field_diags.get();
        d.sort_by_key(|x| x.severity);
        d
    });
    let pending = Memo::new(move |_| {
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
    let counts = Memo::new(move |_| super::count_text(&ctx.diags.with(|d| d.iter().map(|x| x.severity).collect::<Vec<_>>())));
    view! {
        <div class="summary" role="group" aria-labelledby="summary-title">
            <h2 id="summary-title">
                "Problems " <span class="counts" data-testid="counts">{counts}</span>
                <span class="proto">{move || format!(" · {}", super::protocol_name(ctx.model.with(|m| m.protocol)))}</span>
            </h2>
            <Show when=move || !pending.with(Vec::is_empty)>
                <p class="pending" data-testid="pending">
                    "Still to fill in: "
                    <For each=move || pending.get() key=|p| p.clone() let:p>
                        {
                            let target = p.clone();
                            view! { <button type="button" class="link goto" on:click=move |_| super::state::focus_path(ctx, &target)>{p}</button> " " }
                        }
                    </For>
                </p>
            </Show>
            <Show when=move || !sorted.with(Vec::is_empty) fallback=move || view! {
                <p class="ok">{move || if pending.with(Vec::is_empty) { "No problems found." } else { "Nothing wrong in what you have filled in." }}</p>
            }>
                <ul class="summary-list">
                    <For each=move || sorted.get() key=|d| (d.code.clone(), d.path.clone(), d.message.clone()) let:d>
                        <SummaryEntry d/>
                    </For>
                </ul>
            </Show>
        </div>
    }
}

/// The rules the builder enforces, generated from the core's rule table.
#[component]
pub fn RulesReference() -> impl IntoView {
    view! {
        <details class="rules" id="rules">
            <summary>{format!("Rules reference ({} rules)", RULES.len())}</summary>
            <table>
                <thead>
                    <tr>
                        <th scope="col">"Code"</th>
                        <th scope="col">"Severity"</th>
                        <th scope="col">"What it checks, and why"</th>
                    </tr>
                </thead>
                <tbody>
                    {RULES
                        .iter()
                        .map(|r| {
                            view! {
                                <tr id=format!("rule-{}", r.code) data-rule=r.code tabindex="-1">
                                    <td><code>{r.code}</code></td>
                                    <td class=r.severity.as_str()>{r.severity.as_str()}</td>
                                    <td>
                                        {r.check}
                                        " "
                                        <span class="why">{r.why}</span>
                                        " "
                                        <a href=r.source target="_blank" rel="noopener noreferrer">"Source"</a>
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </details>
    }
}
