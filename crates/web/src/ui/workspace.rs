//! The workspace list: every integration with its address, type and problem counts;
//! select, add, duplicate, remove (with Undo) and reorder. Renaming is the form's
//! "Resource name" field. Each button's accessible name says which integration it acts on.

use super::kit::{Row, click, derived, keyed, maybe, memo, row, show, text_input};
use super::state::Ctx;
use apigw_integration_core::diag::Severity;
use leptos::prelude::*;

/// One entry of the list, as shown.
#[derive(Clone, PartialEq, Eq, Hash)]
struct Entry {
    n: usize,
    name: String,
    kind: String,
    errors: usize,
    warnings: usize,
    selected: bool,
    last: bool,
}

impl Entry {
    /// Its row key: every field, so that a change of any redraws the row.
    fn key(&self) -> String {
        let Entry { n, name, kind, errors, warnings, selected, last } = self;
        format!("{n}\u{0}{name}\u{0}{kind}\u{0}{errors}\u{0}{warnings}\u{0}{selected}\u{0}{last}")
    }
}

/// How many entries the list draws at first, and how many more each "Show more" adds: a
/// workspace of thousands draws a page of them (and the selected one), not thousands of
/// rows of buttons (8,000 rows took 4 s to draw again after a removal).
const PAGE: usize = 100;

/// Entries the list shows: the first `limit` whose name holds `needle` (ASCII letters in any
/// case: a resource name is an identifier), and the selected one wherever it is; and how
/// many match.
fn visible(
    w: &apigw_integration_core::workspace::Workspace,
    all: &[Vec<apigw_integration_core::diag::Diagnostic>],
    needle: &str,
    limit: usize,
) -> (Vec<Entry>, usize) {
    let mut shown = Vec::new();
    let mut matched = 0;
    for (n, m) in w.items.iter().enumerate() {
        if !needle.is_empty() && !m.name.to_ascii_lowercase().contains(needle) {
            continue;
        }
        matched += 1;
        if shown.len() >= limit && n != w.selected {
            continue;
        }
        let d = all.get(n).map(Vec::as_slice).unwrap_or(&[]);
        let count = |s: Severity| d.iter().filter(|x| x.severity == s).count();
        shown.push(Entry {
            n,
            name: if m.name.is_empty() { "(no name)".into() } else { m.name.clone() },
            kind: m.integration_type.as_ref().map_or("no type yet".to_string(), |v| v.text().to_string()),
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            selected: n == w.selected,
            last: n + 1 == w.items.len(),
        });
    }
    (shown, matched)
}

pub fn workspace_list() -> AnyView {
    let ctx = expect_context::<Ctx>();
    let limit = RwSignal::new(PAGE);
    let filter = RwSignal::new(String::new());
    let entries = memo(move || {
        let needle = filter.with(|f| f.trim_ascii().to_ascii_lowercase());
        let limit = limit.get();
        ctx.all_diags.with(|all| ctx.with_ws(|w| visible(w, all, &needle, limit)))
    });
    let rows = derived(move || {
        entries.with(|(e, _)| {
            e.iter()
                .map(|e| {
                    let e2 = e.clone();
                    row(e.key(), move || entry(ctx, &e2))
                })
                .collect::<Vec<Row>>()
        })
    });
    let count = ctx.fact(|w| w.items.len());
    let title = derived(move || format!("Workspace: {} integration{}", count.get(), if count.get() == 1 { "" } else { "s" }));
    let add = click(move || {
        let name = ctx.with_ws_untracked(|w| w.free_name("example"));
        let mut m = apigw_integration_core::workspace::blank();
        m.name = name;
        m.protocol = ctx.model.with_untracked(|cur| cur.protocol);
        ctx.add("Added an integration", vec![m]);
    });
    let more = derived(move || {
        entries.with(|(shown, matched)| {
            let listed = shown.len().min(limit.get());
            (*matched > listed).then(|| format!("Showing {listed} of {matched}."))
        })
    });
    let find = move || {
        view! {
            <label class="inline ws-find">
                <span>"Find an integration by name"</span>
                <input type="search" autocomplete="off" spellcheck="false" prop:value=filter on:input=text_input(move |v| {
                    filter.set(v);
                    limit.set(PAGE);
                })/>
            </label>
        }
        .into_any()
    };
    view! {
        <div class="group workspace" role="group" aria-labelledby="ws-title">
            <h2 id="ws-title">{title}</h2>
            {show(derived(move || count.get() > PAGE), find)}
            <ol class="ws-list">{keyed(rows)}</ol>
            {maybe(more, move |text| view! {
                <p class="ws-more" role="status">
                    {text}
                    " "
                    <button type="button" class="link" on:click=click(move || limit.update(|l| *l += PAGE))>{format!("Show {PAGE} more")}</button>
                </p>
            }.into_any())}
            <button type="button" class="add" on:click=add>"Add integration"</button>
        </div>
    }
    .into_any()
}

fn entry(ctx: Ctx, e: &Entry) -> AnyView {
    let n = e.n;
    let name = e.name.clone();
    let counts = format!(
        "{} error{}, {} warning{}",
        e.errors,
        if e.errors == 1 { "" } else { "s" },
        e.warnings,
        if e.warnings == 1 { "" } else { "s" }
    );
    view! {
        <li value=n + 1 class:selected=e.selected class:has-errors={e.errors > 0} data-testid="ws-entry">
            <button type="button" class="link ws-select" aria-current=if e.selected { Some("true") } else { None } on:click=click(move || ctx.select(n))>
                <span class="ws-address">{format!("aws_apigatewayv2_integration.{}", e.name)}</span>
                <span class="ws-meta">{format!("{} · {counts}", e.kind)}</span>
            </button>
            <span class="ws-actions">
                <button type="button" aria-label=format!("Move {name} up") disabled=n == 0 on:click=click(move || ctx.shift(n, -1))>"↑"</button>
                <button type="button" aria-label=format!("Move {name} down") disabled=e.last on:click=click(move || ctx.shift(n, 1))>"↓"</button>
                <button type="button" aria-label=format!("Duplicate {name}") on:click=click(move || ctx.duplicate(n))>"Duplicate"</button>
                <button type="button" aria-label=format!("Remove {name}") on:click=click(move || ctx.remove(n))>"Remove"</button>
            </span>
        </li>
    }
    .into_any()
}
