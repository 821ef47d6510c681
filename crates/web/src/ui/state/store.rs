//! Where an instance keeps its workspace: the state saved under its storage key, drafts
//! beside it, and backups of states it could not read. Nothing here writes over work the
//! page did not read: a saved state that does not read is copied aside first, a link opens
//! beside saved work instead of over it, and a tab that finds another tab's save over its
//! own unsaved edits keeps its version as a draft.
//!
//! The layout in localStorage, for a key `KEY` (`share::storage_key`, which carries the
//! format): `KEY` the saved workspace; `KEY/draft/link-MS-N` a link's workspace opened
//! beside it; `KEY/draft/conflict-MS-N` one tab's version when another tab saved meanwhile
//! (or wrote the draft it showed); `KEY/backup/MS-N` a state that could not be read, as it
//! was (`share::Kept`; N a number the tab drew, so that two tabs never make one key). In
//! sessionStorage, `KEY/tab` names the draft this tab shows, so that a reload of the tab
//! comes back to it.

use super::Ctx;
use apigw_integration_core::share::{self, Kept, Saved, SavedError};
use leptos::prelude::*;
use std::sync::Arc;

/// Where this tab's workspace is saved.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Slot {
    /// Under the storage key: the saved workspace.
    #[default]
    Saved,
    /// Under a draft's key ([`Kept::LinkDraft`] or [`Kept::ConflictDraft`]).
    Draft(String, Kept),
}

/// What this tab knows of the saved state.
#[derive(Clone, Debug)]
pub struct Store {
    /// The saved state's key.
    pub key: Arc<str>,
    /// The fingerprint of the saved state's text as this tab last read or wrote it (`None`:
    /// there was none). A different text under the key means another tab (or another
    /// instance, or another version of the builder) wrote it since: this is the tab's
    /// identity as a writer, exact where a revision number is not (two tabs can write the
    /// same revision).
    seen: Option<u64>,
    /// The fingerprint of the saved workspace's content (without its revision) as this tab
    /// last read or wrote it: a save of the same content is skipped (so a tab that loads
    /// another tab's save does not write it back).
    content: Option<u64>,
    /// The same for the draft this tab shows, if any.
    draft_content: Option<u64>,
    /// Set while nothing is saved and the tab has not been edited: what it shows (a
    /// preset, a blank form) is not an edit, so another tab's first save is followed.
    pristine: bool,
    /// The saved state's revision as this tab last read or wrote it.
    rev: u64,
    /// Set when the saved state could not be read and could not be copied aside either:
    /// then nothing is written under the key.
    blocked: bool,
    /// Set when the browser refused the last write of the workspace the tab shows (storage
    /// full or disabled): what it shows is not stored, so the tab warns before it closes.
    pub refused: bool,
}

/// A conflict: another tab saved the workspace while this tab had unsaved edits (or saved
/// a state this version cannot read). This tab's version is kept as a draft meanwhile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    /// Whether the other tab's state can be read here (a newer builder's may not).
    pub readable: bool,
}

/// One entry kept beside the saved state, for the "Kept in this browser" list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeptEntry {
    pub key: String,
    pub kind: Kept,
    /// When it was made (milliseconds since 1970).
    pub ms: u64,
    /// Its size in bytes (UTF-16 code units, as storage counts them).
    pub size: usize,
}

fn local() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

fn session() -> Option<web_sys::Storage> {
    window().session_storage().ok().flatten()
}

/// The text under `key` in localStorage (`None` if none, or storage is off).
pub fn get(key: &str) -> Option<String> {
    local()?.get_item(key).ok().flatten()
}

/// Writes `text` under `key`; `false` if the browser refused (full, or storage is off).
fn set(key: &str, text: &str) -> bool {
    local().is_some_and(|s| s.set_item(key, text).is_ok())
}

fn remove(key: &str) {
    if let Some(s) = local() {
        let _ = s.remove_item(key);
    }
}

/// The milliseconds since 1970, for the names of drafts and backups.
fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// A start from the draft a tab showed before a reload. Apart, and not inlined, as the
/// others that most starts do not run.
#[inline(never)]
pub fn draft_start((dkey, kind, d): (String, Kept, Saved)) -> (apigw_integration_core::embed::Start, Slot, bool) {
    let start = apigw_integration_core::embed::Start {
        workspace: d.workspace.normalized(),
        notice: None,
        rev: 0,
        extra: d.extra,
        template: None,
        link: None,
    };
    (start, Slot::Draft(dkey, kind), false)
}

/// A start from a share link: saved at once, where [`apigw_integration_core::embed::initial`] said (beside
/// saved work: a new draft under `key`).
#[inline(never)]
pub fn link_start(
    start: apigw_integration_core::embed::Start,
    how: apigw_integration_core::embed::LinkStart,
    key: Option<&str>,
) -> (apigw_integration_core::embed::Start, Slot, bool) {
    let slot = match (how, key) {
        (apigw_integration_core::embed::LinkStart::Beside { .. }, Some(key)) => {
            Slot::Draft(fresh_key(Kept::LinkDraft, key), Kept::LinkDraft)
        }
        _ => Slot::Saved,
    };
    (start, slot, true)
}

/// A new key for a kept entry of `kind` beside `key`, named by the time now, and not the
/// key of any entry already there: two tabs that each keep a draft in the same
/// millisecond (both hear the same save of another tab) would otherwise write one key, and
/// the second would replace the first.
fn fresh_key(kind: Kept, key: &str) -> String {
    let ms = now_ms();
    // A number drawn at random makes the key this tab's alone ([`Kept::key_drawn`]); one
    // that is taken all the same is passed over (each step passes one entry that is
    // there, so this ends).
    let mut n = (js_sys::Math::random() * 1e9) as u64;
    loop {
        let k = kind.key_drawn(key, ms, n);
        if get(&k).is_none() {
            return k;
        }
        n = n.wrapping_add(1);
    }
}

/// The session key that names the draft a tab shows.
fn tab_key(key: &str) -> String {
    format!("{key}/tab")
}

/// The fingerprint of a state's content: its text from `"workspace"` on (the revision
/// before it changes with every save), or all of it.
fn content_of(text: &str) -> u64 {
    share::fingerprint(text.find(",\"workspace\":").and_then(|at| text.get(at..)).unwrap_or(text))
}

/// What the start found under the instance's storage key, and what it did about it.
pub struct Found {
    /// The saved state, read (`None`: nothing there).
    pub saved: Option<Result<Saved, SavedError>>,
    /// The draft this tab showed before a reload, read.
    pub draft: Option<(String, Kept, Saved)>,
    /// What to tell the reader (a backup made, or not possible).
    pub notice: Option<String>,
    /// The knowledge to keep.
    pub store: Store,
}

/// Reads what is saved under `key` at the start. A state that does not read is copied
/// aside, as it is, before anything can be saved over it (an identical copy made before
/// is reused); if that copy fails, nothing will be written under the key.
pub fn open(key: &str) -> Found {
    let text = get(key);
    let mut store = Store {
        key: key.into(),
        seen: None,
        content: None,
        draft_content: None,
        pristine: text.is_none(),
        rev: 0,
        blocked: false,
        refused: false,
    };
    let (saved, notice) = match text {
        Some(text) => {
            let (saved, notice) = read_saved(key, &text, &mut store);
            (Some(saved), notice)
        }
        None => (None, None),
    };
    let draft = reopen_draft(key, &mut store);
    Found { saved, draft, notice, store }
}

/// [`open`] where something is saved: read, or copied aside if it does not read.
#[inline(never)]
fn read_saved(key: &str, text: &str, store: &mut Store) -> (Result<Saved, SavedError>, Option<String>) {
    store.seen = Some(share::fingerprint(text));
    store.content = Some(content_of(text));
    let saved = share::from_json(text);
    let notice = match &saved {
        Ok(s) => {
            store.rev = s.rev;
            None
        }
        Err(why) => match back_up(key, text) {
            Some(backup) => Some(format!(
                "Your saved workspace could not be read: {why}. It is kept as it was, under “{backup}” in this browser (see “Kept in this browser”, where you can download it); nothing was written over it."
            )),
            None => {
                store.blocked = true;
                Some(format!(
                    "Your saved workspace could not be read: {why}. The browser's storage did not take a copy of it, so autosave is off and it stays as it is; use Download or the share link to keep this session's work."
                ))
            }
        },
    };
    (saved, notice)
}

/// The draft this tab showed before a reload, if sessionStorage names one that is there.
fn reopen_draft(key: &str, store: &mut Store) -> Option<(String, Kept, Saved)> {
    let dkey = session()?.get_item(&tab_key(key)).ok().flatten()?;
    read_draft(key, dkey, store)
}

#[inline(never)]
fn read_draft(key: &str, dkey: String, store: &mut Store) -> Option<(String, Kept, Saved)> {
    let (kind, _) = Kept::of(key, &dkey).filter(|(k, _)| *k != Kept::Backup)?;
    let text = get(&dkey)?;
    let read = share::from_json(&text).ok()?;
    store.draft_content = Some(content_of(&text));
    Some((dkey, kind, read))
}

/// Copies an unreadable state aside under a backup key (or finds an identical copy made
/// before); the key, or `None` if the browser refused.
#[inline(never)]
fn back_up(key: &str, text: &str) -> Option<String> {
    if let Some(same) = kept(key).into_iter().find(|e| e.kind == Kept::Backup && get(&e.key).as_deref() == Some(text)) {
        return Some(same.key);
    }
    let backup = fresh_key(Kept::Backup, key);
    set(&backup, text).then_some(backup)
}

/// Every entry kept beside the saved state under `key`, oldest first.
pub fn kept(key: &str) -> Vec<KeptEntry> {
    let Some(s) = local() else { return Vec::new() };
    let mut out: Vec<KeptEntry> = (0..s.length().unwrap_or(0))
        .filter_map(|n| s.key(n).ok().flatten())
        .filter_map(|k| {
            let (kind, ms) = Kept::of(key, &k)?;
            let size = s.get_item(&k).ok().flatten().map_or(0, |t| t.encode_utf16().count());
            Some(KeptEntry { key: k, kind, ms, size })
        })
        .collect();
    // (Only when there is something to order: a first visit's start runs none of it.)
    if out.len() > 1 {
        out.sort_by_key(|e| e.ms);
    }
    out
}

/// Refreshes the "Kept in this browser" list (the draft this tab shows is not in it).
pub fn refresh_kept(ctx: Ctx) {
    let Some(key) = ctx.key() else { return };
    let showing = match ctx.slot_now() {
        Some(Slot::Draft(k, _)) => Some(k),
        _ => None,
    };
    let list: Vec<KeptEntry> = kept(&key).into_iter().filter(|e| Some(&e.key) != showing.as_ref()).collect();
    // Said only while a draft is shown (reading a large state is not free).
    let items =
        if showing.is_some() { get(&key).and_then(|t| share::from_json(&t).ok()).map_or(0, |s| s.workspace.items.len()) } else { 0 };
    ctx.update_keep(|k| {
        k.kept = list;
        k.saved_items = items;
    });
}

/// Remembers which draft this tab shows (or none), for a reload.
fn remember_slot(key: &str, slot: &Slot) {
    let Some(s) = session() else { return };
    let _ = match slot {
        Slot::Draft(dkey, _) => s.set_item(&tab_key(key), dkey),
        Slot::Saved => s.remove_item(&tab_key(key)),
    };
}

/// The workspace changed (an edit, or anything else): the tab is no longer as it started.
pub fn edited(ctx: Ctx) {
    ctx.with_store(|s| s.pristine = false);
}

/// Switches the tab to another slot: remembered for a reload, the kept list refreshed, and
/// the undo history cleared (it undid edits of the workspace the tab showed).
fn switch(ctx: Ctx, slot: Slot) {
    if let Some(key) = ctx.key() {
        remember_slot(&key, &slot);
    }
    // The tab no longer shows its version of a conflict (that version is kept as a draft),
    // so there is nothing left to choose: the banner must not offer to save what the tab
    // shows now as "this tab's version".
    ctx.set_conflict(None);
    ctx.set_slot(slot);
    ctx.forget_history();
    refresh_kept(ctx);
}

/// Starts the tab in `slot`: a link's workspace is saved at once (where it goes: the saved
/// workspace, or a new draft beside it), so that a reload shows it.
pub fn begin(ctx: Ctx, slot: Slot, save_now: bool) {
    if let Some(key) = ctx.key() {
        remember_slot(&key, &slot);
    }
    // (A first visit's start, with nothing in storage, runs none of what follows.)
    if slot != Slot::Saved {
        ctx.set_slot(slot);
    }
    if save_now {
        save(ctx, true);
    }
    if local().and_then(|s| s.length().ok()).unwrap_or(0) > 0 {
        refresh_kept(ctx);
    }
}

/// A stopped instance (a failure in the wasm: [`crate::health::halt`]) writes nothing more.
fn halted() -> bool {
    crate::health::halted()
}

/// Saves the workspace where this tab keeps it. Under the storage key, only if no other
/// tab wrote there since this one last read or wrote it: if one did, and this tab has
/// unsaved edits, it is a conflict (this tab's version goes to a draft); a save that
/// changes nothing writes nothing. A draft is kept the same way: if another tab wrote it
/// since (both show it), this tab follows it when it has nothing unsaved, and otherwise
/// keeps its version as a draft of its own. `force`: write even unchanged content (a
/// link's workspace, saved at once).
///
/// Returns whether what the tab shows is now stored where the tab keeps it (written, or
/// unchanged since it was): an action that is about to show something else asks first,
/// and does nothing if it is not, since what the tab shows would then be lost.
#[inline(never)]
pub fn save(ctx: Ctx, force: bool) -> bool {
    if halted() {
        return false;
    }
    let Some(store) = ctx.store_now() else { return false };
    let Some(slot) = ctx.slot_now() else { return false };
    match slot {
        Slot::Draft(dkey, _) => {
            let Some(json) = ctx.state_json(0) else { return false };
            let content = content_of(&json);
            if let Some(now) = get(&dkey)
                && Some(content_of(&now)) != store.draft_content
            {
                return if store.draft_content == Some(content) { follow_draft(ctx, &now) } else { fork_draft(ctx, &store.key) };
            }
            if !force && store.draft_content == Some(content) {
                return true;
            }
            if set(&dkey, &json) {
                ctx.with_store(|s| {
                    s.draft_content = Some(content);
                    s.refused = false;
                });
                true
            } else {
                storage_failed(ctx);
                false
            }
        }
        Slot::Saved => {
            let now = get(&store.key);
            let now_seen = now.as_deref().map(share::fingerprint);
            if now.is_some() && now_seen != store.seen {
                // Another writer since this tab last read or wrote: this tab's edits go to
                // a draft, and the reader chooses.
                return enter_conflict(ctx, now.as_deref());
            }
            if store.blocked {
                ctx.with_store(|s| s.refused = true);
                return false;
            }
            let rev = store.rev.saturating_add(1);
            let Some(json) = ctx.state_json(rev) else { return false };
            let content = content_of(&json);
            if !force && now.is_some() && store.content == Some(content) {
                return true;
            }
            if set(&store.key, &json) {
                ctx.with_store(|s| {
                    s.seen = Some(share::fingerprint(&json));
                    s.content = Some(content);
                    s.rev = rev;
                    s.refused = false;
                });
                true
            } else {
                storage_failed(ctx);
                false
            }
        }
    }
}

/// Another tab wrote the draft this tab shows, and this tab has nothing unsaved in it: it
/// shows the other tab's version (the change can be undone). `now` is the draft's text.
fn follow_draft(ctx: Ctx, now: &str) -> bool {
    let Some(key) = ctx.key() else { return false };
    match share::from_json(now) {
        Ok(d) => {
            ctx.with_store(|s| s.draft_content = Some(content_of(now)));
            ctx.replace_all("Loaded the changes another tab saved to this draft", d.workspace, d.extra);
            true
        }
        Err(_) => fork_draft(ctx, &key),
    }
}

/// Another tab wrote the draft this tab shows while this tab had unsaved edits in it:
/// this tab's version is saved as a draft of its own, and the reader is told where.
fn fork_draft(ctx: Ctx, key: &str) -> bool {
    let dkey = fresh_key(Kept::ConflictDraft, key);
    ctx.with_store(|s| s.draft_content = None);
    remember_slot(key, &Slot::Draft(dkey.clone(), Kept::ConflictDraft));
    ctx.set_slot(Slot::Draft(dkey, Kept::ConflictDraft));
    ctx.notice.set(Some(
        "Another tab changed the draft this tab showed while this tab had unsaved edits: this tab's version is now kept as a draft of its own, so neither is lost (both are under “Kept in this browser”)."
            .into(),
    ));
    let saved = save(ctx, true);
    refresh_kept(ctx);
    saved
}

/// What an action that would show another workspace says when the one shown now could
/// not be stored first: it did nothing.
fn not_switched(ctx: Ctx) {
    if halted() {
        return;
    }
    ctx.notice.set(Some(
        "Nothing was changed: this tab's workspace could not be saved first (the browser's storage is full or disabled), and going on would lose it. Use Download or the share link to keep it, or free some storage (“Kept in this browser” lists what the builder keeps), then try again."
            .into(),
    ));
}

/// A save the browser refused. Said once until a save succeeds again: a later autosave that
/// fails the same way must not replace what the page said meanwhile (an action that did
/// nothing because of it, and says why).
fn storage_failed(ctx: Ctx) {
    let already = ctx.store_now().is_some_and(|s| s.refused);
    ctx.with_store(|s| s.refused = true);
    if !already {
        ctx.notice.set(Some(
            "Autosave failed: the browser's storage is full or disabled. Use the share link or Download to keep your work.".into(),
        ));
    }
}

/// Another tab saved over this tab's unsaved edits (or saved what this version cannot
/// read): this tab's version is saved as a draft at once, autosave goes on there, and the
/// reader chooses which version to keep as the saved workspace ([`take_theirs`],
/// [`keep_mine`]); until then the tab warns before it closes.
#[inline(never)]
fn enter_conflict(ctx: Ctx, theirs: Option<&str>) -> bool {
    let Some(key) = ctx.key() else { return false };
    if ctx.slot_now() != Some(Slot::Saved) {
        return false;
    }
    let readable = theirs.is_some_and(|t| share::from_json(t).is_ok());
    let draft = fresh_key(Kept::ConflictDraft, &key);
    ctx.with_store(|s| s.draft_content = None);
    remember_slot(&key, &Slot::Draft(draft.clone(), Kept::ConflictDraft));
    ctx.set_slot(Slot::Draft(draft, Kept::ConflictDraft));
    ctx.set_conflict(Some(Conflict { readable }));
    let saved = save(ctx, true);
    refresh_kept(ctx);
    saved
}

/// Another tab wrote the saved state (a `storage` event): a tab with nothing unsaved
/// follows it (the change can be undone); one with unsaved edits is in conflict; a tab
/// showing a draft only updates what it says about the saved workspace.
#[inline(never)]
pub fn on_foreign_write(ctx: Ctx, text: Option<String>) {
    let Some(store) = ctx.store_now() else { return };
    if ctx.slot_now().unwrap_or_default() != Slot::Saved || halted() {
        refresh_kept(ctx);
        return;
    }
    let fp = text.as_deref().map(share::fingerprint);
    if fp == store.seen {
        return;
    }
    let Some(text) = text else {
        // The saved state was removed: there is nothing to protect; this tab's next save
        // writes its workspace there again.
        ctx.with_store(|s| {
            s.seen = None;
            s.content = None;
        });
        return;
    };
    // Unsaved edits: what the tab shows is not what it last read or wrote (with nothing
    // saved yet, whether it was edited at all).
    let unsaved = !store.pristine && ctx.state_json(store.rev).map(|j| content_of(&j)) != store.content;
    match share::from_json(&text) {
        Ok(saved) if !unsaved => {
            ctx.with_store(|s| {
                s.seen = fp;
                s.content = Some(content_of(&text));
                s.rev = saved.rev;
            });
            ctx.replace_all("Loaded the changes another tab saved", saved.workspace, saved.extra);
        }
        _ => {
            enter_conflict(ctx, Some(&text));
        }
    }
    refresh_kept(ctx);
}

/// Another tab wrote an entry kept beside the saved state (a `storage` event for `dkey`): if
/// it is the draft this tab shows, this tab follows it or keeps its own version apart
/// ([`save`] does either); the kept list is refreshed in any case.
pub fn on_foreign_draft_write(ctx: Ctx, dkey: &str) {
    if matches!(ctx.slot_now(), Some(Slot::Draft(shown, _)) if shown == dkey) && get(dkey).is_some() {
        save(ctx, false);
    }
    refresh_kept(ctx);
}

/// Ends a conflict with the other tab's version as this tab's workspace; this tab's
/// version stays a draft ("Kept in this browser").
#[inline(never)]
pub fn take_theirs(ctx: Ctx) {
    let Some(key) = ctx.key() else { return };
    if !save(ctx, false) {
        return not_switched(ctx);
    }
    let text = get(&key);
    // What is saved now may not be what the conflict found (another write since): then
    // nothing changes, and the page says why instead of doing nothing.
    let saved = match text.as_deref().map(share::from_json) {
        Some(Ok(saved)) => saved,
        Some(Err(why)) => {
            ctx.set_conflict(Some(Conflict { readable: false }));
            ctx.notice.set(Some(format!(
                "The saved workspace cannot be read here ({why}): nothing was changed, and this tab's version stays a draft. “Save this tab's version as the workspace” keeps both (the other is copied aside first)."
            )));
            return;
        }
        None => {
            ctx.notice.set(Some(
                "The saved workspace was removed meanwhile: nothing was changed, and this tab's version stays a draft. “Save this tab's version as the workspace” saves it there."
                    .into(),
            ));
            return;
        }
    };
    load_saved(ctx, text.as_deref().unwrap_or_default(), saved);
    ctx.set_conflict(None);
    ctx.done.set(Some("Opened the saved workspace; this tab's version is kept as a draft (Kept in this browser)".into()));
}

/// Ends a conflict with this tab's version as the saved workspace; the other tab's version
/// is kept as a draft first (if it cannot be, nothing is written and the conflict stays).
#[inline(never)]
pub fn keep_mine(ctx: Ctx) {
    let Some(key) = ctx.key() else { return };
    // This tab's version, as it is now, in its draft first: if the rest fails, it is there.
    if !save(ctx, false) {
        return not_switched(ctx);
    }
    let theirs = get(&key);
    let mut aside = None;
    if let Some(text) = &theirs {
        let kind = if share::from_json(text).is_ok() { Kept::ConflictDraft } else { Kept::Backup };
        let k = fresh_key(kind, &key);
        if !set(&k, text) {
            storage_failed(ctx);
            return;
        }
        aside = Some(k);
    }
    let mine = ctx.slot_now().unwrap_or_default();
    let rev = theirs.as_deref().and_then(|t| share::from_json(t).ok()).map_or(0, |s| s.rev);
    let before = ctx.store_now();
    let conflict = ctx.keep_untracked(|k| k.conflict.clone()).flatten();
    ctx.with_store(|s| {
        s.seen = theirs.as_deref().map(share::fingerprint);
        s.rev = rev;
        s.blocked = false;
    });
    switch(ctx, Slot::Saved);
    if !save(ctx, true) {
        // Nothing changed then: the other tab's version is still the saved one (its copy
        // goes), and this tab's stays in its draft, in conflict.
        if let Some(k) = aside {
            remove(&k);
        }
        ctx.with_store(|s| {
            if let Some(b) = before {
                *s = b;
            }
        });
        switch(ctx, mine);
        ctx.set_conflict(conflict);
        return not_switched(ctx);
    }
    if let Slot::Draft(dkey, _) = mine {
        remove(&dkey);
    }
    ctx.set_conflict(None);
    refresh_kept(ctx);
    ctx.done
        .set(Some("Saved this tab's version as the workspace; the other tab's version is kept as a draft (Kept in this browser)".into()));
}

/// Shows the saved workspace again, from a draft (which stays kept).
#[inline(never)]
pub fn back_to_saved(ctx: Ctx) {
    let Some(key) = ctx.key() else { return };
    if !save(ctx, false) {
        return not_switched(ctx);
    }
    let text = get(&key);
    match text.as_deref().map(share::from_json) {
        Some(Ok(saved)) => load_saved(ctx, text.as_deref().unwrap_or_default(), saved),
        // Nothing saved, or a state that cannot be read (written by another version of the
        // builder since this tab started, perhaps): a clean form, and that state copied
        // aside before anything can be saved over it (if it cannot be, nothing will be).
        _ => {
            let mut read = Store {
                key: key.clone(),
                seen: None,
                content: None,
                draft_content: None,
                pristine: false,
                rev: 0,
                blocked: false,
                refused: false,
            };
            let notice = text.as_deref().and_then(|t| read_saved(&key, t, &mut read).1);
            ctx.with_store(|s| {
                s.seen = read.seen;
                s.content = None;
                s.rev = 0;
                s.blocked = read.blocked;
            });
            if notice.is_some() {
                ctx.notice.set(notice);
            }
            switch(ctx, Slot::Saved);
            ctx.load_workspace(
                apigw_integration_core::workspace::Workspace::of(apigw_integration_core::workspace::blank()),
                Default::default(),
            );
        }
    }
    ctx.set_conflict(None);
    ctx.done.set(Some("Back to your saved workspace; the draft is kept (Kept in this browser)".into()));
}

/// Adds the draft's integrations (those not already there, identical) to the saved
/// workspace and shows it; the draft, now in it, is removed.
#[inline(never)]
pub fn add_to_saved(ctx: Ctx) {
    let Some(key) = ctx.key() else { return };
    let Slot::Draft(dkey, _) = ctx.slot_now().unwrap_or_default() else { return };
    if !save(ctx, false) {
        return not_switched(ctx);
    }
    let text = get(&key);
    let mut saved = match text.as_deref().map(share::from_json) {
        Some(Ok(saved)) => saved,
        None => Saved::of(apigw_integration_core::workspace::Workspace::of(apigw_integration_core::workspace::blank())),
        Some(Err(why)) => {
            ctx.notice
                .set(Some(format!("The saved workspace cannot be read here ({why}), so nothing was added to it; this draft is kept.")));
            return;
        }
    };
    let draft: Vec<_> = ctx.with_ws_untracked(|w| w.items.clone());
    // A saved workspace that is only the untouched blank form is replaced, as a paste
    // replaces it (its unknown fields, if any, go with it).
    if saved.workspace.items.len() == 1 && !apigw_integration_core::embed::holds_work(&saved.workspace) {
        saved.workspace.items.clear();
        saved.extra.items.clear();
    }
    let before = saved.workspace.items.len();
    let mut added = 0;
    for (n, m) in draft.into_iter().enumerate() {
        if !saved.workspace.items.contains(&m) {
            let fields = ctx.extra_item(n);
            let at = saved.workspace.items.len();
            saved.extra.insert_item(at, fields);
            saved.workspace.items.push(m);
            added += 1;
        }
    }
    saved.workspace.selected = before.min(saved.workspace.items.len().saturating_sub(1));
    // Written before anything else changes: if the browser refuses, the saved workspace and
    // the draft stay as they were, and so does the tab.
    let ws = saved.workspace.normalized();
    let rev = saved.rev.saturating_add(1);
    let json = share::to_json_with(&ws, rev, &saved.extra);
    if !set(&key, &json) {
        return not_switched(ctx);
    }
    ctx.with_store(|s| {
        s.seen = Some(share::fingerprint(&json));
        s.content = Some(content_of(&json));
        s.rev = rev;
    });
    switch(ctx, Slot::Saved);
    ctx.load_workspace(ws, saved.extra);
    remove(&dkey);
    ctx.set_conflict(None);
    refresh_kept(ctx);
    ctx.done.set(Some(match added {
        0 => "Every integration of the draft was already in your saved workspace; the draft is removed".to_string(),
        1 => "Added 1 integration to your saved workspace; the draft is removed".to_string(),
        n => format!("Added {n} integrations to your saved workspace; the draft is removed"),
    }));
}

/// Shows a kept draft (the workspace shown now is saved first).
#[inline(never)]
pub fn open_draft(ctx: Ctx, dkey: &str) {
    let Some(key) = ctx.key() else { return };
    let Some((kind, _)) = Kept::of(&key, dkey).filter(|(k, _)| *k != Kept::Backup) else { return };
    if !save(ctx, false) {
        return not_switched(ctx);
    }
    let Some(text) = get(dkey) else { return };
    match share::from_json(&text) {
        Ok(d) => {
            ctx.with_store(|s| s.draft_content = Some(content_of(&text)));
            switch(ctx, Slot::Draft(dkey.to_string(), kind));
            ctx.load_workspace(d.workspace, d.extra);
        }
        Err(why) => ctx.notice.set(Some(format!("This draft cannot be opened: {why}. Download it to keep it."))),
    }
}

/// Removes a kept entry (the list says that this cannot be undone).
#[inline(never)]
pub fn delete_kept(ctx: Ctx, dkey: &str) {
    remove(dkey);
    refresh_kept(ctx);
}

/// Loads the saved state as this tab's workspace (leaving the draft it showed).
#[inline(never)]
fn load_saved(ctx: Ctx, text: &str, saved: Saved) {
    ctx.with_store(|s| {
        s.seen = Some(share::fingerprint(text));
        s.content = Some(content_of(text));
        s.rev = saved.rev;
    });
    switch(ctx, Slot::Saved);
    ctx.load_workspace(saved.workspace, saved.extra);
}

/// Opens a share link in a tab that is running (the address's fragment changed): over
/// saved work it opens beside it, as a draft; over nothing, it becomes the saved
/// workspace (and the change can be undone). `false` if it did not open: the workspace
/// shown could not be saved first (then the link stays in the address, to open later).
#[inline(never)]
pub fn open_link(ctx: Ctx, link: Saved) -> bool {
    let holds_work = ctx.with_ws_untracked(apigw_integration_core::embed::holds_work);
    let same = ctx.with_ws_untracked(|w| w.items == link.workspace.items);
    if same {
        return true;
    }
    let has_store = ctx.key().is_some();
    if holds_work && has_store {
        if !save(ctx, false) {
            not_switched(ctx);
            return false;
        }
        let Some(key) = ctx.key() else { return false };
        let dkey = fresh_key(Kept::LinkDraft, &key);
        switch(ctx, Slot::Draft(dkey, Kept::LinkDraft));
        ctx.load_workspace(link.workspace, link.extra);
        save(ctx, true);
    } else {
        ctx.replace_all("Opened a link", link.workspace, link.extra);
    }
    true
}
