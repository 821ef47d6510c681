//! The workspace list: every integration with its address, type and problem counts;
//! select, add, duplicate, remove (with Undo) and reorder. Renaming is the form's
//! "Resource name" field. Each button's accessible name says which integration it acts on.

use super::state::Ctx;
use crate::diag::Severity;
use leptos::prelude::*;

/// One entry of the list, as shown.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Entry {
    n: usize,
    name: String,
    kind: String,
    errors: usize,
    warnings: usize,
    selected: bool,
    last: bool,
}

#[component]
pub fn WorkspaceList() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let entries = Memo::new(move |_| {
        ctx.all_diags.with(|all| {
            ctx.ws.with(|w| {
                w.items
                    .iter()
                    .enumerate()
                    .map(|(n, m)| {
                        let d = all.get(n).map(Vec::as_slice).unwrap_or(&[]);
                        let count = |s: Severity| d.iter().filter(|x| x.severity == s).count();
                        Entry {
                            n,
                            name: if m.name.is_empty() { "(no name)".into() } else { m.name.clone() },
                            kind: m.integration_type.as_ref().map_or("no type yet".to_string(), |v| v.text().to_string()),
                            errors: count(Severity::Error),
                            warnings: count(Severity::Warning),
                            selected: n == w.selected,
                            last: n + 1 == w.items.len(),
                        }
                    })
                    .collect::<Vec<_>>()
            })
        })
    });
    let count = Memo::new(move |_| ctx.ws.with(|w| w.items.len()));
    let add = move |_| {
        let name = ctx.ws.with_untracked(|w| w.free_name("example"));
        let mut m = crate::embed::blank();
        m.name = name;
        m.protocol = ctx.model.with_untracked(|cur| cur.protocol);
        ctx.add(vec![m]);
    };
    view! {
        <div class="group workspace" role="group" aria-labelledby="ws-title">
            <h2 id="ws-title">{move || format!("Workspace: {} integration{}", count.get(), if count.get() == 1 { "" } else { "s" })}</h2>
            <ol class="ws-list">
                <For each=move || entries.get() key=|e| e.clone() let:e>
                    {
                        let n = e.n;
                        let name = e.name.clone();
                        let last = e.last;
                        let counts = format!("{} error{}, {} warning{}", e.errors, if e.errors == 1 { "" } else { "s" }, e.warnings, if e.warnings == 1 { "" } else { "s" });
                        view! {
                            <li class:selected=e.selected class:has-errors={e.errors > 0} data-testid="ws-entry">
                                <button type="button" class="link ws-select" aria-current=if e.selected { Some("true") } else { None } on:click=move |_| ctx.select(n)>
                                    <span class="ws-address">{format!("aws_apigatewayv2_integration.{}", e.name)}</span>
                                    <span class="ws-meta">{format!("{} · {counts}", e.kind)}</span>
                                </button>
                                <span class="ws-actions">
                                    <button type="button" aria-label=format!("Move {name} up") disabled=n == 0 on:click=move |_| ctx.shift(n, -1)>"↑"</button>
                                    <button type="button" aria-label=format!("Move {name} down") disabled=last on:click=move |_| ctx.shift(n, 1)>"↓"</button>
                                    <button type="button" aria-label=format!("Duplicate {name}") on:click=move |_| ctx.duplicate(n)>"Duplicate"</button>
                                    <button type="button" aria-label=format!("Remove {name}") on:click=move |_| ctx.remove(n)>"Remove"</button>
                                </span>
                            </li>
                        }
                    }
                </For>
            </ol>
            <button type="button" class="add" on:click=add>"Add integration"</button>
            {move || ctx.removed.get().map(|(_, m)| view! {
                <p class="undo" role="status">
                    {format!("Removed aws_apigatewayv2_integration.{}. ", m.name)}
                    <button type="button" class="link" on:click=move |_| ctx.undo_remove()>"Undo"</button>
                </p>
            })}
        </div>
    }
}

/// When another tab saved this workspace: choose whose state to keep. Autosave waits.
#[component]
pub fn ConflictNotice() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    move || {
        ctx.conflict.get().then(|| {
            view! {
                <div class="notice" role="alert" data-testid="conflict">
                    <span>"Another tab changed this workspace since this tab saved it. Autosave is paused so neither is lost."</span>
                    <span>
                        <button type="button" class="primary" on:click=move |_| super::state::resolve_conflict(ctx, true)>"Load the other tab's"</button>
                        " "
                        <button type="button" on:click=move |_| super::state::resolve_conflict(ctx, false)>"Keep this tab's"</button>
                    </span>
                </div>
            }
        })
    }
}
