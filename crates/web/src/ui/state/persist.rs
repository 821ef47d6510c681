//! The effects that keep the workspace: autosave shortly after the edits stop and at once
//! when the page is left or hidden, other tabs' saves heard through the `storage` event, a
//! share link opened while the page runs, and the warning before a tab in a conflict closes.

use super::link::follow_link;
use super::{Ctx, store};
use leptos::prelude::*;

/// How long autosave waits after an edit (a burst of typing is saved once, and a
/// keystroke never pays for serialising the workspace). Leaving the page, hiding it or
/// unmounting the instance saves at once.
const SAVE_DELAY_MS: u32 = 300;

/// Autosaves every change where the tab keeps its workspace ([`store::save`]: the saved
/// workspace, or a draft), shortly after the edits stop; hears other tabs' saves (the
/// `storage` event: [`store::on_foreign_write`]), and, on a page that reads share links, a
/// link opened while it runs; warns before the page closes while a conflict is open.
pub fn persist(ctx: Ctx) {
    let Some(key) = ctx.key() else { return };
    // The save waiting for its delay; replacing or dropping it cancels it.
    let pending = StoredValue::new_local(None::<gloo::timers::callback::Timeout>);
    let flush = move || {
        if pending.try_update_value(|p| p.take().is_some()).unwrap_or(false) {
            store::save(ctx, false);
        }
    };
    Effect::new(move |prev: Option<()>| {
        ctx.ws.track();
        if prev.is_none() {
            return;
        }
        store::edited(ctx);
        let timer = gloo::timers::callback::Timeout::new(SAVE_DELAY_MS, move || {
            if pending.try_update_value(|p| p.take().is_some()).unwrap_or(false) {
                store::save(ctx, false);
            }
        });
        pending.set_value(Some(timer));
    });
    let prefix = format!("{key}/");
    let mut listeners = vec![
        gloo::events::EventListener::new(&window(), "storage", move |ev| {
            let Some(ev) = wasm_bindgen::JsCast::dyn_ref::<web_sys::StorageEvent>(ev) else { return };
            match ev.key() {
                Some(k) if *k == *key => store::on_foreign_write(ctx, ev.new_value()),
                Some(k) if k.starts_with(&prefix) => store::on_foreign_draft_write(ctx, &k),
                Some(_) => {}
                // The storage was cleared.
                None => store::on_foreign_write(ctx, store::get(&key)),
            }
        }),
        gloo::events::EventListener::new(&window(), "pagehide", move |_| flush()),
        gloo::events::EventListener::new(&document(), "visibilitychange", move |_| {
            if document().visibility_state() == web_sys::VisibilityState::Hidden {
                flush()
            }
        }),
        // A tab in a conflict keeps its version in a draft; it still asks before it closes,
        // as does a tab whose last save the browser refused (its work is stored nowhere).
        gloo::events::EventListener::new_with_options(
            &window(),
            "beforeunload",
            gloo::events::EventListenerOptions::enable_prevent_default(),
            move |ev| {
                flush();
                let refused = ctx.store_now().is_some_and(|s| s.refused);
                if refused || ctx.keep_untracked(|k| k.conflict.is_some()).unwrap_or(false) {
                    ev.prevent_default();
                    let _ = js_sys::Reflect::set(ev, &"returnValue".into(), &"".into());
                }
            },
        ),
    ];
    if ctx.opts.with_value(|o| o.share_links) {
        listeners.push(gloo::events::EventListener::new(&window(), "hashchange", move |_| {
            leptos::task::spawn_local(follow_link(ctx));
        }));
    }
    // Owned by the instance: disposing it (unmount) drops the listeners, which removes them,
    // after saving what is still waiting.
    let _ = StoredValue::new_local(listeners);
    on_cleanup(flush);
}
