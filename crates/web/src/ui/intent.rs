//! The intent view: what the route connects to first, then only the fields that target
//! needs (from [`apigw_integration_core::intent`]), and every other argument that holds a value. The switch
//! between it and the full view ("All arguments") is here too.

use super::controls::uid;
use super::kit::{Row, aria, click, derived, keyed, local, project, row, show, text_input};
use super::state::Ctx;
use apigw_integration_core::intent::{self, Fit, Target};
use apigw_integration_core::model::Protocol;
use leptos::prelude::*;

/// Which view the form shows: the reader's choice, for as long as the form shows the same
/// content ([`Ctx::fresh`]); otherwise the view the configuration fits
/// ([`intent::fits`]).
#[derive(Clone, Copy)]
pub struct ViewChoice {
    chosen: RwSignal<Option<(u32, bool)>>,
    /// Whether the full view is shown.
    pub all: Signal<bool>,
}

impl ViewChoice {
    /// The choice of this instance's form.
    pub fn new(ctx: Ctx) -> ViewChoice {
        let chosen = RwSignal::new(None::<(u32, bool)>);
        let fit = ctx.fact(|w| intent::fits(w.current()) == Fit::All);
        let all = derived(move || match chosen.get() {
            Some((n, all)) if n == ctx.fresh.get() => all,
            _ => fit.get(),
        });
        ViewChoice { chosen, all }
    }

    /// Shows the full view (`true`) or the intent view.
    pub fn set(&self, ctx: Ctx, all: bool) {
        self.chosen.set(Some((ctx.fresh.get_untracked(), all)));
    }
}

/// The two buttons that switch between the views.
pub fn view_switch(ctx: Ctx, choice: ViewChoice) -> AnyView {
    let button = move |all: bool, label: &'static str| {
        let pressed = project(move || aria(choice.all.get() == all));
        view! {
            <button type="button" class="view-tab" aria-pressed=pressed data-view=if all { "all" } else { "intent" } on:click=click(move || choice.set(ctx, all))>
                {label}
            </button>
        }
        .into_any()
    };
    view! {
        <div class="view-switch" role="group" aria-label="Form view">
            {button(false, "By target")}
            {button(true, "All arguments")}
        </div>
    }
    .into_any()
}

/// The intent view: the protocol and the target, what the target implies, `api_id`, the
/// target's fields, and every other argument that holds a value (with its reason where it
/// does not apply), then the name and the import target.
pub fn intent_pane(ctx: Ctx, choice: ViewChoice) -> AnyView {
    let current = ctx.fact(|w| {
        let m = w.current();
        (intent::target_of(m), m.protocol)
    });
    let offered = ctx.fact(|w| intent::targets(w.current().protocol).to_vec());
    let target_rows = derived(move || {
        let (now, protocol) = current.get();
        offered
            .get()
            .into_iter()
            .map(|t| row(format!("{}\u{0}{}", t.id(), protocol.map_or("", Protocol::as_str)), move || target_radio(ctx, choice, t, current)))
            .collect::<Vec<Row>>()
            .into_iter()
            .chain(now.filter(|t| !intent::targets(protocol).contains(t)).map(|t| {
                row(format!("off\u{0}{}", t.id()), move || {
                    view! {
                        <p class="reason" data-testid="target-off">
                            {format!(
                                "This configuration is a {} integration (integration_type {}), which {} does not take: choose one of the targets above.",
                                t.label(),
                                t.integration_type(),
                                super::protocol_name(protocol)
                            )}
                        </p>
                    }
                    .into_any()
                })
            }))
            .collect::<Vec<Row>>()
    });
    let implied = derived(move || {
        let (now, protocol) = current.get();
        now.map(|t| intent::implied(t, protocol).iter().map(|(n, v)| format!("{n} = \"{v}\"")).collect::<Vec<_>>().join(", "))
    });
    let meaning = derived(move || current.get().0.map(|t| t.meaning().to_string()));
    let extras = ctx.fact(|w| {
        let m = w.current();
        intent::target_of(m).map_or_else(|| intent::set_arguments(m), |t| intent::extras(m, t))
    });
    let field_rows = derived(move || {
        let (now, protocol) = current.get();
        let mut rows = Vec::new();
        let tag = format!("{}\u{0}{}", now.map_or("none", Target::id), protocol.map_or("", Protocol::as_str));
        if let Some(api) = apigw_integration_core::form::field("api_id") {
            rows.push(row("api_id".into(), move || super::field_of(api)));
        }
        match now {
            Some(t) => {
                for f in intent::fields(t, protocol) {
                    rows.push(row(format!("{tag}\u{0}{}", f.name), move || super::field_of(f)));
                }
            }
            // Before a target is chosen: what every target takes besides api_id, the note
            // for the next reader (a blank form keeps fitting this view once it is written).
            None => {
                if let Some(f) = apigw_integration_core::form::field("description") {
                    rows.push(row("description".into(), move || super::field_of(f)));
                }
            }
        }
        for name in extras.get() {
            if name == "api_id" || (now.is_none() && name == "description") {
                continue;
            }
            if let Some(f) = apigw_integration_core::form::field(name) {
                rows.push(row(format!("extra\u{0}{name}"), move || super::field_of(f)));
            }
        }
        rows
    });
    let question = uid("q");
    let extras_note = derived(move || current.get().0.is_some() && !extras.with(|e| e.iter().all(|n| *n == "api_id")));
    view! {
        <fieldset class="group intent" data-testid="intent">
            <legend id=question.clone()>"What does this route connect to?"</legend>
            {super::panels::protocol_field()}
            <div class="targets" role="radiogroup" aria-labelledby=question>
                {keyed(local(target_rows).into())}
            </div>
            // The chosen target's meaning, in view (each radio also has its own, for
            // assistive technology): one paragraph instead of seven keeps the question short.
            {super::kit::maybe(meaning, |text| view! { <p class="help target-meaning" aria-hidden="true">{text}</p> }.into_any())}
            {super::kit::maybe(implied, |text| view! { <p class="implies" data-testid="implies">"Sets " <code>{text}</code> "."</p> }.into_any())}
        </fieldset>
        <fieldset class="group">
            <legend>"What it needs"</legend>
            {keyed(local(field_rows).into())}
            {show(extras_note, || view! {
                <p class="help" data-testid="extras">"Also shown: arguments that hold a value and are not this target's own. All arguments shows every argument."</p>
            }.into_any())}
        </fieldset>
        {super::panels::context_panel(false)}
    }
    .into_any()
}

/// One target to choose, with what it means.
fn target_radio(
    ctx: Ctx,
    choice: ViewChoice,
    t: Target,
    current: Signal<(Option<Target>, Option<apigw_integration_core::model::Protocol>)>,
) -> AnyView {
    let meaning = uid("t");
    let checked = derived(move || current.get().0 == Some(t));
    let label = format!("Chose the target “{}”", t.label());
    let pick = text_input(move |_| {
        if current.get_untracked().0 != Some(t) {
            ctx.replace(&label, |w, _| intent::choose(w.current_mut(), t));
        }
        choice.set(ctx, false);
    });
    view! {
        <div class="target" data-target=t.id()>
            <label>
                <input type="radio" name="target" value=t.id() data-path="integration_type" aria-describedby=meaning.clone() prop:checked=checked on:change=pick/>
                " "
                <span class="target-label">{t.label()}</span>
            </label>
            <p class="sr-only" id=meaning>{t.meaning()}</p>
        </div>
    }
    .into_any()
}

/// On a narrow screen or in a narrow embed, where the form, Problems and the output are
/// stacked: a bar that stays at the bottom of the view and jumps between them (the CSS
/// shows it only there). It scrolls inside the instance and never changes the address.
pub fn jump_bar(ctx: Ctx) -> AnyView {
    let jump = move |selector: &'static str| {
        click(move || {
            let Some(root) = ctx.root() else { return };
            if let Ok(Some(el)) = root.query_selector(selector) {
                el.scroll_into_view();
            }
        })
    };
    view! {
        <nav class="jump" aria-label="Jump to">
            <button type="button" on:click=jump(".form-pane")>"Form"</button>
            <button type="button" on:click=jump(".summary")>"Problems"</button>
            <button type="button" on:click=jump(".output")>"Output"</button>
        </nav>
    }
    .into_any()
}
