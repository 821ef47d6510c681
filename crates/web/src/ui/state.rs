//! The app's state and its derived values, and the effects that save it.

use apigw_integration_core::diag::Diagnostic;
use apigw_integration_core::embed::{self, Options};
use apigw_integration_core::form;
use apigw_integration_core::model::{Integration, Map, Value};
use apigw_integration_core::share::Extra;
use apigw_integration_core::workspace::{Derived, Workspace};
use apigw_integration_core::{hcl, share};
use leptos::prelude::*;
use std::sync::Arc;

mod link;
mod persist;
pub mod store;

pub use link::{prepare_link, share_link};
pub use persist::persist;
pub use store::{Conflict, KeptEntry, Slot};

/// Every item of the workspace, derived ([`apigw_integration_core::workspace::derive`]); equal when every
/// item is the same derivation (a pointer comparison), so an edit that changes nothing
/// downstream stops here.
#[derive(Clone, Debug, Default)]
pub struct Items(pub Vec<Arc<Derived>>);

impl PartialEq for Items {
    fn eq(&self, other: &Items) -> bool {
        self.0.len() == other.0.len() && self.0.iter().zip(&other.0).all(|(a, b)| Arc::ptr_eq(a, b))
    }
}

/// The selected integration of the workspace, read and written like a signal: the form's
/// controls edit it in place, and the workspace stays the one source of truth.
#[derive(Clone, Copy)]
pub struct Model {
    ws: RwSignal<Workspace>,
    fan: StoredValue<Fanout>,
    /// What an edit needs to be a step of the undo history ([`Model::note_edit`]).
    persist: StoredValue<Persist>,
    items: Memo<Items>,
    undo_label: RwSignal<Option<String>>,
}

impl Model {
    /// Reads the selected integration (tracked).
    pub fn with<R>(&self, f: impl FnOnce(&Integration) -> R) -> R {
        self.ws.with(|w| f(w.current()))
    }

    /// Reads the selected integration without tracking.
    pub fn with_untracked<R>(&self, f: impl FnOnce(&Integration) -> R) -> R {
        self.ws.with_untracked(|w| f(w.current()))
    }

    /// A copy of the selected integration, untracked.
    pub fn get_untracked(&self) -> Integration {
        self.with_untracked(Clone::clone)
    }

    /// A copy, untracked, or `None` once the instance is gone.
    pub fn try_get_untracked(&self) -> Option<Integration> {
        self.ws.try_with_untracked(|w| w.current().clone())
    }

    /// Edits the selected integration.
    pub fn update(&self, f: impl FnOnce(&mut Integration)) {
        self.note_edit();
        self.write(|w| f(w.current_mut()));
    }

    /// Edits made after an action that replaced content are a step of their own in the
    /// undo history ("Edited aws_apigatewayv2_integration.NAME", one per integration edited
    /// in a row): else Undo of that action put back the workspace from before it and took
    /// every edit made since with it, in other integrations too, saying only that it undid
    /// the action. Edits before any such action have no step (there is nothing to undo
    /// over them). A keystroke pays one look at the history's last step.
    fn note_edit(&self) {
        let Some(n) = self.ws.try_with_untracked(|w| w.selected) else { return };
        let needed = self.persist.try_with_value(|p| p.history.undo.last().is_some_and(|s| s.edit != Some(n))).unwrap_or(false);
        if !needed {
            return;
        }
        let label = self.ws.with_untracked(|w| format!("Edited aws_apigatewayv2_integration.{}", w.current().name));
        let items = self.items.with_untracked(|i| i.0.clone());
        let companions = self.ws.with_untracked(|w| w.companions);
        self.persist.update_value(|p| {
            let extra = p.extra.clone();
            p.history.undo.push(Snapshot { label: label.clone(), items, selected: n, companions, extra, edit: Some(n) });
            if p.history.undo.len() > HISTORY {
                p.history.undo.remove(0);
            }
        });
        self.undo_label.set(Some(label));
    }

    /// Every write of the workspace: the edit, then the fan-out.
    fn write(&self, f: impl FnOnce(&mut Workspace)) {
        self.ws.update(f);
        // A no-op once the instance is gone (a late callback must not panic).
        self.fan.try_with_value(|fan| fan.refresh(self.ws));
    }
}

/// The values that many controls read (each argument's value, the diagnostics shown at
/// fields), as signals written only when they change.
///
/// Why not memos: Leptos marks every node below a changed signal before any memo can say
/// "unchanged", so with memos one keystroke in `description` walked every map row's
/// nodes (measured: 50 `request_parameters` rows made a keystroke 2x slower than one row).
/// A signal set only on change ends the walk where nothing changed. They are refreshed by
/// [`Model::write`] and [`Ctx`]'s writers, the only code that writes the workspace,
/// `touched` and `reveal` (their fields are private to this module), and are never
/// written anywhere else.
pub struct Fanout {
    scalars: Vec<(&'static str, RwSignal<Option<Value>>)>,
    maps: Vec<(&'static str, RwSignal<Option<Map>>)>,
    field_diags: RwSignal<Vec<Diagnostic>>,
    /// Where `field_diags` comes from; read untracked, so it has no subscribers to walk.
    fields: Memo<Vec<Diagnostic>>,
    /// Why each argument does not apply now, if it does not ([`form::inapplicable`]); one
    /// signal per field of [`form::FIELDS`]. (As one memo of the workspace, every
    /// keystroke marked each field's reader and its effects: a third of a keystroke's
    /// time went to Leptos's bookkeeping.)
    inapplicable: Vec<(&'static str, RwSignal<Option<&'static str>>)>,
    /// What views read of the workspace ([`Ctx::fact`]): each recomputes its value and sets
    /// its signal when the value changed, and says `false` once its signal is gone.
    facts: std::sync::Mutex<Vec<Fact>>,
}

/// One of [`Fanout`]'s facts: refreshes its signal; `false` once the signal is gone.
type Fact = Box<dyn Fn(&Workspace) -> bool + Send + Sync>;

impl Fanout {
    fn new(ws: RwSignal<Workspace>, fields: Memo<Vec<Diagnostic>>) -> Fanout {
        let (scalars, maps, inapplicable) = ws.with_untracked(|w| {
            let m = w.current();
            (
                apigw_integration_core::model::SCALAR_ARGS.iter().map(|&n| (n, RwSignal::new(m.scalar(n).cloned()))).collect(),
                apigw_integration_core::model::MAP_ARGS.iter().map(|&n| (n, RwSignal::new(m.map(n).cloned()))).collect(),
                form::FIELDS.iter().map(|f| (f.name, RwSignal::new(form::inapplicable(m, f.name)))).collect(),
            )
        });
        Fanout { scalars, maps, field_diags: RwSignal::new(fields.get_untracked()), fields, inapplicable, facts: Default::default() }
    }

    /// Sets each signal whose value changed.
    fn refresh(&self, ws: RwSignal<Workspace>) {
        ws.with_untracked(|w| {
            let m = w.current();
            for (n, s) in &self.scalars {
                if s.with_untracked(|old| old.as_ref() != m.scalar(n)) {
                    s.set(m.scalar(n).cloned());
                }
            }
            for (n, s) in &self.maps {
                if s.with_untracked(|old| old.as_ref() != m.map(n)) {
                    s.set(m.map(n).cloned());
                }
            }
            for (n, s) in &self.inapplicable {
                let now = form::inapplicable(m, n);
                if s.get_untracked() != now {
                    s.set(now);
                }
            }
            // Never contended (one thread, and setting a signal runs no view code before
            // this returns); `try_lock` so that even a mistake there cannot panic.
            if let Ok(mut facts) = self.facts.try_lock() {
                facts.retain(|fact| fact(w));
            }
        });
        // Compared in place; copied only when they changed (most keystrokes change none).
        if self.fields.with_untracked(|now| self.field_diags.with_untracked(|old| old != now)) {
            self.field_diags.set(self.fields.get_untracked());
        }
    }
}

/// Shared state, passed by context. `Copy`: every field is an arena handle.
#[derive(Clone, Copy)]
pub struct Ctx {
    /// The single source of truth: every integration the user entered (including
    /// arguments that do not apply right now, so switching back restores them).
    ws: RwSignal<Workspace>,
    /// The selected integration, which the form edits.
    pub model: Model,
    /// Fields whose literal/reference mode the user chose by hand: (path, is_reference).
    pub pins: RwSignal<Vec<(String, bool)>>,
    /// A message for the user (restore problems, clipboard fallbacks).
    pub notice: RwSignal<Option<String>>,
    /// Diagnostics of the last paste, and its account of what it took and ignored.
    pub paste_diags: RwSignal<Vec<Diagnostic>>,
    /// What the last paste took and ignored.
    pub paste_summary: RwSignal<Option<String>>,
    /// What the last action that replaced content did ("Cleared the form"), shown with
    /// Undo; `None` once there is nothing to say.
    pub done: RwSignal<Option<String>>,
    /// What Undo and Redo would undo and redo now (`None`: nothing), for their buttons.
    pub undo_label: RwSignal<Option<String>>,
    pub redo_label: RwSignal<Option<String>>,
    /// Counts the changes of [`Persist::keep`], for the views that show it ([`Ctx::keep`]):
    /// a counter is a signal type the bundle has anyway; a signal of `Keep` was 2 KB of code
    /// of its own in the first load.
    keep_rev: RwSignal<u32>,
    /// What the tab keeps beside the workspace and does not show ([`Persist`]).
    persist: StoredValue<Persist>,
    /// The rules reference's rows: none until it is first opened (about 900 elements, and
    /// texts the form's wasm does not carry: they come from the reader module).
    pub rule_book: RwSignal<RuleBook>,
    /// The help book ([`crate::reader::help_book`]): 0 until a field without help of its own
    /// is drawn, then 1 while the reader module loads, 2 when the help is read, 3 when it
    /// could not be (the fields then show their links only). A counter: a signal type the
    /// bundle has anyway.
    pub help: RwSignal<u32>,
    /// What the rules reference is searched for (its rows show only the rules that have
    /// every word of it); a followed rule link clears it.
    pub rule_query: RwSignal<String>,
    /// The rule to focus once the reference's rows are drawn (a rule link was followed).
    pub rule_focus: StoredValue<Option<&'static str>>,
    /// Counts the times the form showed new content (a load, a paste, Undo, another
    /// selection): the intent view opens anew in the view that fits it then.
    pub fresh: RwSignal<u32>,
    /// Diagnostic paths of the fields the reader has left (focus moved out of them).
    touched: RwSignal<Vec<String>>,
    /// Set once the output was copied or downloaded: from then on every error shows at
    /// its field, touched or not.
    reveal: RwSignal<bool>,
    /// Every item, derived once per version of it (rules, output).
    pub items: Memo<Items>,
    /// What the output shows: the selected integration without the arguments that do not apply.
    pub shown: Memo<Integration>,
    /// Every integration's diagnostics, the workspace-wide rules included.
    pub all_diags: Memo<Vec<Vec<Diagnostic>>>,
    /// All diagnostics of the selected integration (the summary counts all of them).
    pub diags: Memo<Vec<Diagnostic>>,
    /// The diagnostics shown at their fields: all but the missing-argument errors of
    /// fields not touched yet ([`form::awaits_input`]).
    pub field_diags: Signal<Vec<Diagnostic>>,
    /// What the output pane shows: the current output, or, while it is withheld, the
    /// last good one marked as out of date.
    pub output: Memo<Output>,
    /// The whole workspace as one file, or `None` while any integration's output is withheld.
    pub file: Memo<Option<String>>,
    /// The instance's options.
    pub opts: StoredValue<Options>,
    /// The instance's root element (inside its shadow root): DOM look-ups start here,
    /// never at the document, so instances never reach into each other or the host page.
    pub root: StoredValue<Option<web_sys::HtmlElement>, LocalStorage>,
}

/// Everything derived from the workspace in one step.
#[derive(Clone, Debug, Default, PartialEq)]
struct WsView {
    items: Items,
    all_diags: Vec<Vec<Diagnostic>>,
    selected: usize,
}

/// What the form shows of the selected integration.
#[derive(Clone, Debug, Default)]
struct Selected {
    current: Option<Arc<Derived>>,
    diags: Vec<Diagnostic>,
    fields: Vec<Diagnostic>,
}

impl PartialEq for Selected {
    fn eq(&self, o: &Selected) -> bool {
        let same = match (&self.current, &o.current) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        };
        same && self.diags == o.diags && self.fields == o.fields
    }
}

/// The rules reference's rows ([`crate::reader::rule_book`]).
#[derive(Clone, Debug, PartialEq)]
pub enum RuleBook {
    /// Not opened yet.
    Closed,
    /// Asked for: the reader module is loading.
    Loading,
    Ready(Arc<Vec<crate::reader::RuleRow>>),
    /// Why there are none (opening the reference again tries again).
    Failed(String),
}

/// How many actions Undo can take back.
const HISTORY: usize = 50;

/// The workspace as it was before an action that replaced content.
#[derive(Clone)]
struct Snapshot {
    /// What the action did ("Cleared the form").
    label: String,
    items: Vec<Arc<Derived>>,
    selected: usize,
    companions: apigw_integration_core::companions::Companions,
    extra: Extra,
    /// For a step of edits ([`Model::note_edit`]): the integration they edit.
    edit: Option<usize>,
}

/// The undo and redo histories: snapshots taken before each action that replaced content
/// (and, for redo, before each undo).
#[derive(Default)]
struct History {
    undo: Vec<Snapshot>,
    redo: Vec<Snapshot>,
}

/// Where the tab keeps its workspace, and what the page says about it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Keep {
    /// The saved workspace, or a draft beside it.
    pub slot: Slot,
    /// Another tab saved over this tab's unsaved edits: this tab's version is a draft until
    /// the reader chooses ([`store::take_theirs`], [`store::keep_mine`]).
    pub conflict: Option<Conflict>,
    /// Drafts and backups kept beside the saved state ("Kept in this browser").
    pub kept: Vec<KeptEntry>,
    /// How many integrations the saved workspace holds (said while a draft is shown).
    pub saved_items: usize,
}

/// What the tab keeps beside the workspace, untracked (one stored value, for the same
/// reason).
struct Persist {
    /// What this tab knows of its saved state (`None`: the instance has no storage key).
    store: Option<store::Store>,
    /// The fields of the saved state this version does not know, kept to be written back
    /// ([`share::Extra`]); items' fields move with their items.
    extra: Extra,
    /// The undo and redo histories of actions that replace content.
    history: History,
    /// Where the tab keeps its workspace, as the page says it.
    keep: Keep,
}

/// The output pane's content.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Output {
    /// The newest output that could be rendered (`None` before the first).
    pub rendered: Option<hcl::Rendered>,
    /// The companion snippets asked for, for the selected integration.
    pub companions: Option<String>,
    /// Whether the output is withheld now: `rendered` is out of date and offered for
    /// reading only, not for copying or downloading.
    pub stale: bool,
}

/// The integrations a template brought and what to say ([`embed::from_template`]), or why
/// it could not be read.
fn template_start(answer: Result<apigw_integration_core::workspace::Taken, String>) -> (Vec<Integration>, Option<String>) {
    match answer {
        Ok(taken) => embed::from_template(taken),
        Err(e) => (Vec::new(), Some(format!("The starting HCL could not be read: {e}. Starting from the page's other settings."))),
    }
}

/// Two notices as one.
fn join_notices(a: Option<String>, b: Option<String>) -> Option<String> {
    match (a, b) {
        (Some(a), Some(b)) => Some(format!("{a} {b}")),
        (a, b) => a.or(b),
    }
}

impl Ctx {
    /// The starting workspace comes from [`embed::initial`]: a share link (if the
    /// instance reads links), the state saved under its storage key, its template, its
    /// preset, or a blank form.
    pub fn new(opts: Options, root: Option<web_sys::HtmlElement>) -> Ctx {
        let key = opts.storage_key.as_deref().map(|base| share::storage_key(base, share::VERSION));
        // What is saved: read, and an unreadable state copied aside before anything is saved.
        let mut found = key.as_deref().map(store::open);
        let link = if opts.share_links { link::read_link() } else { Ok(None) };
        // A tab reloaded while it showed a draft comes back to it (unless a link is opened).
        let reopened = if matches!(link, Ok(None)) { found.as_mut().and_then(|f| f.draft.take()) } else { None };
        let (mut start, slot, save_now) = match reopened {
            Some(draft) => store::draft_start(draft),
            None => {
                // An unreadable saved state has its own notice (where its copy is).
                let saved = found.as_ref().and_then(|f| f.saved.clone()).filter(Result::is_ok);
                let start = embed::initial(&opts, link, saved);
                match start.link {
                    None => (start, Slot::Saved, false),
                    Some(how) => store::link_start(start, how, key.as_deref()),
                }
            }
        };
        let (found_notice, found_store) = found.map_or((None, None), |f| (f.notice, Some(f.store)));
        start.notice = join_notices(found_notice, start.notice.take());
        // A template is read by the reader module: at once if it is loaded (the module
        // loads it first on a page whose elements have templates), else when it is.
        let pending = match start.template.take() {
            None => None,
            Some(text) => match crate::reader::begin_read(&text, "", opts.protocol) {
                crate::reader::Reading::Done(answer) => {
                    let (items, notice) = template_start(answer);
                    if !items.is_empty() {
                        start.workspace.items = items;
                    }
                    start.notice = join_notices(start.notice, notice);
                    None
                }
                crate::reader::Reading::Pending(promise) => Some(promise),
            },
        };
        let first = start.workspace.clone();
        let ws = RwSignal::new(start.workspace);
        // The reactive graph is kept a tree where it fans out: each step below reads one
        // source, so an edit marks every node once (a diamond would walk its subtree twice).
        // Each item is derived once per version of it: an edit re-checks and re-renders the
        // integration it changed, not the workspace.
        let view = Memo::new(move |prev: Option<&WsView>| {
            ws.with(|w| {
                let items = Items(apigw_integration_core::workspace::derive(&w.items, prev.map_or(&[][..], |p| &p.items.0[..])));
                let all_diags = apigw_integration_core::workspace::diagnostics_of(&items.0);
                WsView { items, all_diags, selected: w.selected }
            })
        });
        let touched = RwSignal::new(Vec::<String>::new());
        let reveal = RwSignal::new(false);
        let sel = Memo::new(move |_| {
            let (current, diags) =
                view.with(|v| (v.items.0.get(v.selected).cloned(), v.all_diags.get(v.selected).cloned().unwrap_or_default()));
            let fields = if reveal.get() {
                diags.clone()
            } else {
                let blank = Integration::default();
                let shown = current.as_ref().map_or(&blank, |d| &d.shown);
                touched.with(|t| diags.iter().filter(|d| !form::awaits_input(d, shown) || t.contains(&d.path)).cloned().collect())
            };
            Selected { current, diags, fields }
        });
        let items = Memo::new(move |_| view.with(|v| v.items.clone()));
        let all_diags = Memo::new(move |_| view.with(|v| v.all_diags.clone()));
        let shown = Memo::new(move |_| sel.with(|s| s.current.as_ref().map(|d| d.shown.clone()).unwrap_or_default()));
        let diags = Memo::new(move |_| sel.with(|s| s.diags.clone()));
        let fields = Memo::new(move |_| sel.with(|s| s.fields.clone()));
        let fan = StoredValue::new(Fanout::new(ws, fields));
        let persist =
            StoredValue::new(Persist { store: found_store, extra: start.extra, history: History::default(), keep: Keep::default() });
        let undo_label = RwSignal::new(None);
        let model = Model { ws, fan, persist, items, undo_label };
        let field_diags = fan.with_value(|f| f.field_diags.into());
        let companions = Memo::new(move |_| ws.with(|w| w.companions));
        let current = move || sel.with(|s| s.current.clone());
        let ctx = Ctx {
            ws,
            model,
            pins: RwSignal::new(Vec::new()),
            notice: RwSignal::new(start.notice),
            paste_diags: RwSignal::new(Vec::new()),
            paste_summary: RwSignal::new(None),
            done: RwSignal::new(None),
            undo_label,
            redo_label: RwSignal::new(None),
            keep_rev: RwSignal::new(0),
            persist,
            rule_book: RwSignal::new(RuleBook::Closed),
            rule_query: RwSignal::new(String::new()),
            help: RwSignal::new(0),
            rule_focus: StoredValue::new(None),
            fresh: RwSignal::new(0),
            touched,
            reveal,
            items,
            shown,
            all_diags,
            diags,
            field_diags,
            output: Memo::new(move |prev: Option<&Output>| match current() {
                Some(d) if d.rendered.is_ok() => Output {
                    rendered: d.rendered.clone().ok(),
                    companions: apigw_integration_core::companions::render(&d.shown, companions.get()),
                    stale: false,
                },
                _ => Output {
                    rendered: prev.and_then(|p| p.rendered.clone()),
                    companions: prev.and_then(|p| p.companions.clone()),
                    stale: true,
                },
            }),
            file: Memo::new(move |_| items.with(|i| apigw_integration_core::workspace::render_of(&i.0, companions.get()).ok())),
            opts: StoredValue::new(opts),
            root: StoredValue::new_local(root),
        };
        if let Some(promise) = pending {
            ctx.read_template(promise, first);
        }
        store::begin(ctx, slot, save_now);
        ctx
    }

    /// Whether the instance is still mounted (work that finishes later checks first).
    pub fn alive(&self) -> bool {
        !self.ws.is_disposed()
    }

    /// Starts from the template's integrations once the reader module has read them
    /// ([`template_start`]): they replace the starting form if it is still as it started,
    /// and are added after the others if someone was quicker.
    fn read_template(&self, promise: js_sys::Promise, first: Workspace) {
        let ctx = *self;
        leptos::task::spawn_local(async move {
            let answer = crate::reader::finish_read(promise).await;
            if !ctx.alive() {
                return;
            }
            let (items, notice) = template_start(answer);
            if !items.is_empty() {
                if ctx.ws.with_untracked(|w| *w == first) {
                    ctx.model.write(|w| *w = Workspace { items, selected: 0, companions: w.companions });
                } else {
                    ctx.add("Added the integrations of the starting HCL", items);
                }
            }
            if notice.is_some() {
                ctx.notice.update(|cur| *cur = join_notices(cur.take(), notice));
            }
        });
    }

    /// The value of a scalar argument of the selected integration ([`Fanout`]; a signal of
    /// `None` for a name that is not one).
    pub fn scalar(&self, name: &str) -> Signal<Option<Value>> {
        self.model
            .fan
            .with_value(|a| a.scalars.iter().find(|(n, _)| *n == name).map(|(_, s)| (*s).into()))
            .unwrap_or_else(|| Signal::stored(None))
    }

    /// The value of a map argument of the selected integration ([`Fanout`]).
    pub fn map(&self, name: &str) -> Signal<Option<Map>> {
        self.model
            .fan
            .with_value(|a| a.maps.iter().find(|(n, _)| *n == name).map(|(_, s)| (*s).into()))
            .unwrap_or_else(|| Signal::stored(None))
    }

    /// Why an argument does not apply now (`None` if it does), tracked.
    pub fn inapplicable(&self, name: &str) -> Option<&'static str> {
        self.model.fan.with_value(|a| a.inapplicable.iter().find(|(n, _)| *n == name).and_then(|(_, s)| s.get()))
    }

    /// What a view reads of the workspace, as a signal that changes only when the value
    /// does ([`Fanout`]): a memo of the workspace would be marked and re-checked, with
    /// everything below it, on every keystroke.
    pub fn fact<T: PartialEq + Send + Sync + 'static>(&self, f: impl Fn(&Workspace) -> T + Send + Sync + 'static) -> Signal<T> {
        let signal = RwSignal::new(self.ws.with_untracked(&f));
        self.model.fan.try_with_value(|fan| {
            if let Ok(mut facts) = fan.facts.try_lock() {
                facts.push(Box::new(move |w| {
                    let now = f(w);
                    match signal.try_with_untracked(|old| *old != now) {
                        Some(true) => signal.set(now),
                        Some(false) => {}
                        None => return false,
                    }
                    true
                }));
            }
        });
        signal.into()
    }

    /// Reads the workspace (tracked).
    pub fn with_ws<R>(&self, f: impl FnOnce(&Workspace) -> R) -> R {
        self.ws.with(f)
    }

    /// Reads the workspace without tracking.
    pub fn with_ws_untracked<R>(&self, f: impl FnOnce(&Workspace) -> R) -> R {
        self.ws.with_untracked(f)
    }

    /// Edits the workspace (every write goes through [`Model::write`]).
    pub fn update_ws(&self, f: impl FnOnce(&mut Workspace)) {
        self.model.write(f);
    }

    /// From now on every error shows at its field, touched or not (after a copy or download).
    pub fn reveal_all(&self) {
        self.reveal.set(true);
        self.refresh();
    }

    fn refresh(&self) {
        self.model.fan.try_with_value(|f| f.refresh(self.ws));
    }

    /// Whether the field at `path` is pinned to reference (`Some(true)`) or literal mode.
    pub fn pinned(&self, path: &str) -> Option<bool> {
        self.pins.with(|p| p.iter().find(|(k, _)| k == path).map(|(_, r)| *r))
    }

    /// Pins a field's mode.
    pub fn pin(&self, path: &str, reference: bool) {
        self.pins.update(|p| {
            p.retain(|(k, _)| k != path);
            p.push((path.to_string(), reference));
        });
    }

    /// Forgets what belongs to the form's current integration (pins, touched fields).
    fn fresh_form(&self) {
        self.fresh.update(|n| *n = n.wrapping_add(1));
        self.pins.set(Vec::new());
        self.touched.set(Vec::new());
        self.reveal.set(false);
        self.refresh();
    }

    /// The key of the saved state (`None`: the instance has no storage key).
    pub fn key(&self) -> Option<Arc<str>> {
        self.persist.try_with_value(|p| p.store.as_ref().map(|s| s.key.clone())).flatten()
    }

    /// What the tab knows of its saved state, now.
    fn store_now(&self) -> Option<store::Store> {
        self.persist.try_with_value(|p| p.store.clone()).flatten()
    }

    /// Changes what the tab knows of its saved state.
    fn with_store(&self, f: impl FnOnce(&mut store::Store)) {
        self.persist.try_update_value(|p| p.store.as_mut().map(f));
    }

    /// The unknown fields of the item at `n` ([`share::Extra`]).
    fn extra_item(&self, n: usize) -> Vec<(String, apigw_integration_core::json::Json)> {
        self.persist.with_value(|p| p.extra.item(n).to_vec())
    }

    /// Reads where the tab keeps its workspace (tracked).
    pub fn keep<R>(&self, f: impl FnOnce(&Keep) -> R) -> R {
        self.keep_rev.track();
        self.persist.with_value(|p| f(&p.keep))
    }

    /// Reads where the tab keeps its workspace, untracked (`None` once the instance is gone).
    pub fn keep_untracked<R>(&self, f: impl FnOnce(&Keep) -> R) -> Option<R> {
        self.persist.try_with_value(|p| f(&p.keep))
    }

    /// Changes where the tab keeps its workspace, if `f` changes it (then the views follow).
    fn update_keep(&self, f: impl FnOnce(&mut Keep)) {
        let changed = self.persist.try_update_value(|p| {
            let before = p.keep.clone();
            f(&mut p.keep);
            p.keep != before
        });
        if changed == Some(true) {
            self.keep_rev.update(|n| *n = n.wrapping_add(1));
        }
    }

    /// Where the tab keeps its workspace now (`None` once the instance is gone).
    pub fn slot_now(&self) -> Option<Slot> {
        self.keep_untracked(|k| k.slot.clone())
    }

    fn set_slot(&self, slot: Slot) {
        self.update_keep(|k| k.slot = slot);
    }

    fn set_conflict(&self, conflict: Option<Conflict>) {
        self.update_keep(|k| k.conflict = conflict);
    }

    /// The workspace as saved-state JSON at revision `rev`, with the unknown fields it was
    /// read with; `None` once the instance is gone.
    pub fn state_json(&self, rev: u64) -> Option<String> {
        let extra = self.persist.try_with_value(|p| p.extra.clone())?;
        self.ws.try_with_untracked(|w| share::to_json_with(w, rev, &extra))
    }

    /// The workspace as it is now, for the undo history: each item's derivation (shared
    /// with the form's, so a snapshot of a large workspace costs a pointer per item).
    fn snapshot(&self, label: &str) -> Snapshot {
        let items = self.items.with_untracked(|i| i.0.clone());
        let (selected, companions) = self.ws.with_untracked(|w| (w.selected, w.companions));
        Snapshot { label: label.to_string(), items, selected, companions, extra: self.persist.with_value(|p| p.extra.clone()), edit: None }
    }

    /// Does `f`, an action that replaces or removes content, so that Undo can take it back
    /// (`label` says what it did: "Cleared the form"). Redo's history is forgotten.
    pub fn replace(&self, label: &str, f: impl FnOnce(&mut Workspace, &mut Extra)) {
        let before = self.snapshot(label);
        self.persist.update_value(|p| {
            p.history.undo.push(before);
            if p.history.undo.len() > HISTORY {
                p.history.undo.remove(0);
            }
            p.history.redo.clear();
        });
        self.fresh_form();
        let mut extra = self.persist.with_value(|p| p.extra.clone());
        self.model.write(|w| {
            f(w, &mut extra);
            if w.items.is_empty() {
                w.items.push(apigw_integration_core::workspace::blank());
            }
            w.selected = w.selected.min(w.items.len() - 1);
        });
        self.persist.update_value(|p| p.extra = extra);
        self.done.set(Some(label.to_string()));
        self.history_changed();
    }

    /// Takes back the last action that replaced content; what it undid can be redone.
    pub fn undo(&self) {
        self.step(true);
    }

    /// Does again what Undo took back.
    pub fn redo(&self) {
        self.step(false);
    }

    fn step(&self, back: bool) {
        let Some(to) = self.persist.try_update_value(|p| if back { p.history.undo.pop() } else { p.history.redo.pop() }).flatten() else {
            return;
        };
        let now = self.snapshot(&to.label);
        self.persist.update_value(|p| if back { p.history.redo.push(now) } else { p.history.undo.push(now) });
        self.fresh_form();
        self.model.write(|w| {
            w.items = to.items.iter().map(|d| d.source.clone()).collect();
            w.selected = to.selected.min(w.items.len().saturating_sub(1));
            w.companions = to.companions;
            if w.items.is_empty() {
                w.items.push(apigw_integration_core::workspace::blank());
            }
        });
        self.persist.update_value(|p| p.extra = to.extra);
        self.done.set(Some(format!("{}: {}", if back { "Undone" } else { "Redone" }, to.label)));
        self.history_changed();
    }

    /// Forgets the undo and redo histories (the tab shows another workspace now).
    pub fn forget_history(&self) {
        self.persist.update_value(|p| {
            p.history.undo.clear();
            p.history.redo.clear();
        });
        self.done.set(None);
        self.history_changed();
    }

    fn history_changed(&self) {
        let (undo, redo) =
            self.persist.with_value(|p| (p.history.undo.last().map(|s| s.label.clone()), p.history.redo.last().map(|s| s.label.clone())));
        if self.undo_label.get_untracked() != undo {
            self.undo_label.set(undo);
        }
        if self.redo_label.get_untracked() != redo {
            self.redo_label.set(redo);
        }
    }

    /// Replaces the selected integration (examples, Clear, the JS API's `setConfig`).
    pub fn load(&self, label: &str, m: Integration) {
        self.replace(label, |w, extra| {
            let n = w.selected;
            if let Some(slot) = w.items.get_mut(n) {
                *slot = m;
                if n < extra.items.len() {
                    extra.items[n] = Vec::new();
                }
            }
        });
    }

    /// Replaces the whole workspace (another tab's state, a link), so that Undo can take
    /// it back.
    pub fn replace_all(&self, label: &str, ws: Workspace, with: Extra) {
        self.replace(label, move |w, extra| {
            *w = ws;
            *extra = with;
        });
    }

    /// Shows another workspace (a draft, the saved one): not an edit, so not in the
    /// history (which [`store`] forgets when the tab changes what it shows).
    pub fn load_workspace(&self, ws: Workspace, extra: Extra) {
        self.fresh_form();
        self.persist.update_value(|p| p.extra = extra);
        self.model.write(|w| *w = ws.normalized());
    }

    /// Selects the integration at `n` for the form.
    pub fn select(&self, n: usize) {
        if self.ws.with_untracked(|w| w.selected != n && n < w.items.len()) {
            self.fresh_form();
            self.model.write(|w| w.selected = n);
        }
    }

    /// Adds integrations after the others and selects the first of them. A workspace that
    /// holds only the untouched blank form is replaced instead.
    pub fn add(&self, label: &str, items: Vec<Integration>) {
        if items.is_empty() {
            return;
        }
        self.replace(label, |w, extra| {
            if w.items.len() == 1 && w.items[0] == apigw_integration_core::workspace::blank() {
                w.items.clear();
                extra.items.clear();
            }
            w.selected = w.items.len();
            w.items.extend(items);
        });
    }

    /// Removes the integration at `n` (Undo puts it back); the last one is replaced by a
    /// blank form.
    pub fn remove(&self, n: usize) {
        let Some(name) = self.ws.with_untracked(|w| w.items.get(n).map(|m| m.name.clone())) else { return };
        self.replace(&format!("Removed aws_apigatewayv2_integration.{name}"), |w, extra| {
            w.items.remove(n);
            extra.remove_item(n);
            w.selected = w.selected.min(w.items.len().saturating_sub(1));
        });
    }

    /// Moves the integration at `n` one place up (`-1`) or down (`1`).
    pub fn shift(&self, n: usize, by: isize) {
        let mut extra = self.persist.with_value(|p| p.extra.clone());
        self.model.write(|w| {
            let Some(to) = n.checked_add_signed(by).filter(|t| *t < w.items.len()) else { return };
            w.items.swap(n, to);
            extra.swap_items(n, to);
            if w.selected == n {
                w.selected = to;
            } else if w.selected == to {
                w.selected = n;
            }
        });
        self.persist.update_value(|p| p.extra = extra);
    }

    /// Adds a copy of the integration at `n` right after it, with a free name.
    pub fn duplicate(&self, n: usize) {
        let Some(name) = self.ws.with_untracked(|w| w.items.get(n).map(|m| m.name.clone())) else { return };
        self.replace(&format!("Duplicated aws_apigatewayv2_integration.{name}"), |w, extra| {
            let Some(mut copy) = w.items.get(n).cloned() else { return };
            copy.name = w.free_name(&format!("{}_copy", copy.name));
            copy.import = None;
            w.items.insert(n + 1, copy);
            let fields = extra.item(n).to_vec();
            extra.insert_item(n + 1, fields);
            w.selected = n + 1;
        });
    }

    /// Marks a field as touched, so its missing-argument errors show.
    pub fn touch(&self, path: &str) {
        if !self.touched.with_untracked(|t| t.iter().any(|p| p == path)) {
            self.touched.update(|t| t.push(path.to_string()));
            self.refresh();
        }
    }

    /// The instance's root element.
    pub fn root(&self) -> Option<web_sys::HtmlElement> {
        self.root.with_value(Clone::clone)
    }
}

/// The elements under the instance's root that match a CSS selector.
pub fn query_all(ctx: Ctx, selector: &str) -> Vec<web_sys::HtmlElement> {
    let Some(root) = ctx.root() else { return Vec::new() };
    let Ok(nodes) = root.query_selector_all(selector) else { return Vec::new() };
    (0..nodes.length()).filter_map(|k| nodes.item(k).and_then(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(n).ok())).collect()
}

/// Moves keyboard focus to the control of a diagnostic path (or its nearest parent).
pub fn focus_path(ctx: Ctx, path: &str) {
    let controls = query_all(ctx, "[data-path]");
    let mut p = path.to_string();
    loop {
        if let Some(el) = controls.iter().find(|el| el.get_attribute("data-path").as_deref() == Some(p.as_str())) {
            let _ = el.focus();
            return;
        }
        match p.rfind(['[', '.']) {
            Some(cut) if cut > 0 => p.truncate(cut),
            _ if p != "name" => p = "name".into(),
            _ => return,
        }
    }
}
