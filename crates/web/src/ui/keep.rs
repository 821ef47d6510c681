//! What the page says about where the workspace is kept: a draft shown beside the saved
//! workspace (a link, or this tab's version in a conflict), a conflict between tabs, and
//! the drafts and backups kept in this browser. Every button says what happens to which
//! version; none discards work without saying so.

use super::kit::{Row, click, derived, keyed, local, row, show};
use super::state::{Ctx, KeptEntry, Slot, store};
use apigw_integration_core::share::Kept;
use leptos::prelude::*;

/// "3 integrations".
fn integrations(n: usize) -> String {
    format!("{n} integration{}", if n == 1 { "" } else { "s" })
}

/// While the tab shows a draft: whose work this is, that the saved workspace is kept, and
/// the ways back.
pub fn draft_banner() -> AnyView {
    let ctx = expect_context::<Ctx>();
    let shows_draft = derived(move || ctx.keep(|k| k.slot != Slot::Saved));
    let count = ctx.fact(|w| w.items.len());
    let banner = move || {
        let text = derived(move || {
            let (slot, conflict, saved) = ctx.keep(|k| (k.slot.clone(), k.conflict.clone(), k.saved_items));
            let saved = match saved {
                0 => "your saved workspace".to_string(),
                n => format!("your saved workspace ({})", integrations(n)),
            };
            match (slot, conflict) {
                (Slot::Draft(_, Kept::LinkDraft), _) => format!(
                    "Opened from a link — {saved} is kept as it was. This tab shows the link's workspace; your edits to it are saved as a draft of their own."
                ),
                (_, Some(c)) => {
                    let theirs = if c.readable {
                        "Another tab saved the workspace while this tab had unsaved edits."
                    } else {
                        "Another version of the builder saved the workspace in a form this version cannot read."
                    };
                    format!(
                        "{theirs} This tab's version is kept as a draft (autosaved), so neither is lost; the saved workspace is the other tab's."
                    )
                }
                _ => format!("This tab shows a draft kept in this browser; {saved} is kept as it was."),
            }
        });
        let add_label = derived(move || format!("Add this draft's {} to my saved workspace", integrations(count.get())));
        let theirs_readable = derived(move || ctx.keep(|k| k.conflict.as_ref().is_none_or(|c| c.readable)));
        let in_conflict = derived(move || ctx.keep(|k| k.conflict.is_some()));
        let conflict_buttons = move || {
            view! {
                <button type="button" class="primary" on:click=click(move || store::keep_mine(ctx))>"Save this tab's version as the workspace (the other tab's is kept as a draft)"</button>
                {show(theirs_readable, move || view! {
                    " "
                    <button type="button" on:click=click(move || store::take_theirs(ctx))>"Open the other tab's version (this tab's is kept as a draft)"</button>
                }.into_any())}
            }
            .into_any()
        };
        let draft_buttons = move || {
            view! {
                <button type="button" class="primary" on:click=click(move || store::add_to_saved(ctx))>{local(add_label)}</button>
                " "
                <button type="button" on:click=click(move || store::back_to_saved(ctx))>"Back to my saved workspace (this draft is kept)"</button>
            }
            .into_any()
        };
        view! {
            <div class="notice draft" role="status" data-testid=move || if in_conflict.get() { "conflict" } else { "draft" }>
                <span>{local(text)}</span>
                <span class="actions">
                    {show(in_conflict, conflict_buttons)}
                    {show(derived(move || !in_conflict.get()), draft_buttons)}
                </span>
            </div>
        }
        .into_any()
    };
    show(shows_draft, banner)
}

/// The drafts and backups kept beside the saved workspace, each with what can be done with
/// it: open (a draft), download, delete (said to be final).
pub fn kept_list() -> AnyView {
    let ctx = expect_context::<Ctx>();
    let rows = derived(move || {
        ctx.keep(|k| {
            let list = &k.kept;
            list.iter()
                .map(|e| {
                    let e2 = e.clone();
                    row(format!("{}\u{0}{}", e.key, e.size), move || entry(ctx, &e2))
                })
                .collect::<Vec<Row>>()
        })
    });
    let count = derived(move || format!("Kept in this browser ({})", ctx.keep(|k| k.kept.len())));
    let list = move || {
        view! {
            <details class="group kept-store" data-testid="kept-store">
                <summary>{local(count)}</summary>
                <p class="help">"Drafts and copies of saved states the builder kept instead of writing over them. Deleting one cannot be undone; download it first to keep a copy."</p>
                <ul class="kept-list">{keyed(rows)}</ul>
            </details>
        }
        .into_any()
    };
    show(derived(move || ctx.keep(|k| !k.kept.is_empty())), list)
}

/// When a kept entry was made, in the reader's time zone.
fn when(ms: u64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    String::from(date.to_locale_string("default", &wasm_bindgen::JsValue::UNDEFINED))
}

fn entry(ctx: Ctx, e: &KeptEntry) -> AnyView {
    let what = match e.kind {
        Kept::Backup => "A saved state this version could not read, as it was",
        Kept::LinkDraft => "A link's workspace, opened beside your saved one",
        Kept::ConflictDraft => "One tab's version, kept when another tab saved meanwhile",
    };
    // Storage counts UTF-16 code units: two bytes each.
    let size = format!("{} KB", (e.size * 2).div_ceil(1024));
    let label = format!("{what} ({}, {size})", when(e.ms));
    let key = e.key.clone();
    let file = format!("{}.json", e.key.replace(['/', '\\', ':'], "-"));
    let (open_key, download_key, delete_key) = (key.clone(), key.clone(), key);
    let is_draft = e.kind != Kept::Backup;
    view! {
        <li>
            <span>{label.clone()}</span>
            <span class="actions">
                {is_draft.then(|| view! {
                    <button type="button" aria-label=format!("Open: {label}") on:click=click(move || store::open_draft(ctx, &open_key))>"Open"</button>
                })}
                <button type="button" aria-label=format!("Download: {label}") on:click=click(move || {
                    if let Some(text) = store::get(&download_key) {
                        super::output::download(&file, &text);
                    }
                })>"Download"</button>
                <button type="button" aria-label=format!("Delete for good: {label}") on:click=click(move || store::delete_kept(ctx, &delete_key))>"Delete"</button>
            </span>
        </li>
    }
    .into_any()
}
