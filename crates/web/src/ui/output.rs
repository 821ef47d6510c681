//! The generated HCL, the import block and command, with Copy, Download and share link.

use super::kit::{checked_input, click, derived, keyed, local, maybe, memo, row, show};
use super::state::Ctx;
use apigw_integration_core::diag::Severity;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Copies text: the Clipboard API where available, else a selected textarea and
/// `execCommand("copy")`, else a notice telling the user to copy by hand.
fn copy(text: String, done: RwSignal<Option<&'static str>>, ctx: Ctx) {
    let clipboard = window().navigator().clipboard();
    let has_api = js_sys::Reflect::get(&window().navigator(), &"clipboard".into()).is_ok_and(|v| !v.is_undefined());
    if has_api {
        let promise = clipboard.write_text(&text);
        leptos::task::spawn_local(async move {
            match wasm_bindgen_futures::JsFuture::from(promise).await {
                Ok(_) => flash(done, "Copied"),
                Err(_) => fallback_copy(&text, done, ctx),
            }
        });
    } else {
        fallback_copy(&text, done, ctx);
    }
}

fn fallback_copy(text: &str, done: RwSignal<Option<&'static str>>, ctx: Ctx) {
    let copied = (|| {
        let doc = window().document()?;
        let ta: web_sys::HtmlTextAreaElement = doc.create_element("textarea").ok()?.dyn_into().ok()?;
        ta.set_value(text);
        ta.set_attribute("readonly", "").ok()?;
        ta.set_class_name("offscreen");
        doc.body()?.append_child(&ta).ok()?;
        ta.select();
        let ok = doc.dyn_ref::<web_sys::HtmlDocument>().and_then(|d| d.exec_command("copy").ok()).unwrap_or(false);
        ta.remove();
        Some(ok)
    })();
    if copied == Some(true) {
        flash(done, "Copied");
    } else {
        flash(done, "Select and copy");
        ctx.notice.set(Some(
            "The clipboard is not available here (it needs a secure context and permission). Select the text and copy it by hand.".into(),
        ));
    }
}

fn flash(done: RwSignal<Option<&'static str>>, text: &'static str) {
    done.set(Some(text));
    set_timeout(move || done.set(None), std::time::Duration::from_millis(2000));
}

/// Offers text as a file download.
pub(crate) fn download(name: &str, text: &str) {
    let parts = js_sys::Array::of1(&text.into());
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("text/plain");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    if let Some(a) =
        window().document().and_then(|d| d.create_element("a").ok()).and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

fn copy_button(what: &'static str, text: Signal<String>) -> AnyView {
    let ctx = expect_context::<Ctx>();
    let done = RwSignal::new(None::<&'static str>);
    let stale = derived(move || ctx.output.with(|o| o.stale || o.rendered.is_none()));
    let label = derived(move || done.get().unwrap_or("Copy"));
    let status = derived(move || done.get().map(|d| format!("{d}: {what}")));
    let on_copy = click(move || {
        ctx.reveal_all();
        copy(text.get_untracked(), done, ctx)
    });
    view! {
        <button type="button" class="copy" aria-label=format!("Copy {what}") disabled=stale on:click=on_copy>{label}</button>
        <span class="sr-only" role="status">{maybe(status, |s| s.into_any())}</span>
    }
    .into_any()
}

/// An output text, drawn a line at a time: each line is an element of its own, keyed by its
/// identity ([`apigw_integration_core::lines`]), so an edit rewrites the lines it changed and the browser
/// paints and rasterises those alone (a trace of 300 edits with 50 request_parameters:
/// raster 187-193 -> 33-43 ms against one text node; README, "Keystrokes"). Each line is an
/// inline-block as wide as the block (`.lines` in the CSS), so `textContent`, `innerText`,
/// a selection's copy and the size are those of one text node; block lines would double
/// every line break in `innerText`.
fn text_lines(text: Signal<String>) -> AnyView {
    // The lines drawn last, whose identities the next text's lines keep where they can, and
    // the first identity not given yet.
    let drawn = std::sync::Mutex::new((Vec::new(), 0));
    let rows = memo(move || {
        let mut drawn = drawn.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let (lines, next) = &mut *drawn;
        *lines = text.with(|t| apigw_integration_core::lines::relabel(lines, t, next));
        // Coloured by the project's lexer, so that a piece looks like what Terraform reads
        // it as. A line keeps its identity while its text and its colours stay the same.
        let painted = text.with(|t| {
            apigw_integration_core::hcl::paint::paint(t)
                .into_iter()
                .map(|l| l.into_iter().map(|(p, t)| (p.class(), t.to_string())).collect::<Vec<_>>())
                .collect::<Vec<_>>()
        });
        lines
            .iter()
            .zip(painted)
            .map(|(l, pieces)| {
                let key = apigw_integration_core::hcl::paint::line_key(l.id, &pieces);
                row(key, move || {
                    let pieces: Vec<AnyView> = pieces
                        .iter()
                        .map(|(class, text)| {
                            let text = text.clone();
                            if class.is_empty() { text.into_any() } else { view! { <span class=*class>{text}</span> }.into_any() }
                        })
                        .collect();
                    view! { <span>{pieces}</span> }.into_any()
                })
            })
            .collect()
    });
    view! { <code class="lines">{keyed(rows.into())}</code> }.into_any()
}

/// One copyable output block.
fn out_block(id: &'static str, title: &'static str, what: &'static str, text: Signal<String>) -> AnyView {
    let ctx = expect_context::<Ctx>();
    let stale = derived(move || ctx.output.with(|o| o.stale));
    view! {
        <div class="out-block">
            <div class="out-head">
                <h3>{title}</h3>
                {copy_button(what, text)}
            </div>
            <pre id=id tabindex="0" aria-label=what class:stale=stale>{text_lines(text)}</pre>
        </div>
    }
    .into_any()
}

/// The output pane.
pub fn output_pane() -> AnyView {
    let ctx = expect_context::<Ctx>();
    // The errors Problems lists; a missing argument of a field not touched yet is a to-do
    // there, and here (so the two always say the same).
    let errors = memo(move || ctx.field_diags.with(|d| d.iter().filter(|x| x.severity == Severity::Error).count()));
    let to_fill = memo(move || super::panels::to_fill_count(ctx));
    let stale = derived(move || ctx.output.with(|o| o.stale));
    let resource = derived(move || ctx.output.with(|o| o.rendered.as_ref().map(|r| r.resource.clone()).unwrap_or_default()));
    let import_block = memo(move || ctx.output.with(|o| o.rendered.as_ref().and_then(|r| r.import_block.clone())));
    let command = memo(move || ctx.output.with(|o| o.rendered.as_ref().and_then(|r| r.import_command.clone())));
    let import_text = derived(move || import_block.get().unwrap_or_default());
    let command_text = derived(move || command.get().unwrap_or_default());
    let companions_text = derived(move || ctx.output.with(|o| o.companions.clone().unwrap_or_default()));
    let has_companions = derived(move || ctx.output.with(|o| o.companions.is_some()));
    let many = ctx.fact(|w| w.items.len() > 1);
    let status = derived(move || match errors.get() {
        0 if to_fill.get() > 0 => {
            let n = to_fill.get();
            format!("To fill in: {n} required argument{} (see Problems), then it is ready to apply.", if n == 1 { "" } else { "s" })
        }
        0 => "Ready to apply: no errors.".to_string(),
        1 => "1 error: Terraform or AWS will reject this as it is.".to_string(),
        n => format!("{n} errors: Terraform or AWS will reject this as it is."),
    });
    let withheld = derived(move || {
        if resource.with(String::is_empty) {
            "Nothing can be copied yet."
        } else {
            "What you see below is the last good output, out of date; copy and download are off until the errors are fixed."
        }
    });
    let file_name = ctx.fact(|w| {
        let m = w.current();
        format!("{}.tf", if m.name.is_empty() { "integration" } else { &m.name })
    });
    let download_one = click(move || {
        ctx.reveal_all();
        let Some((r, companions)) =
            ctx.output.with_untracked(|o| o.rendered.clone().filter(|_| !o.stale).map(|r| (r, o.companions.clone())))
        else {
            return;
        };
        // The file holds what the output shows: the companions switched on come with it, in
        // the integration's line endings (as in the whole workspace's file).
        let mut docs = vec![r.document()];
        if let Some(c) = companions {
            docs.push(apigw_integration_core::hcl::emit::line_endings(&c, ctx.shown.with_untracked(|i| i.crlf)));
        }
        download(&file_name.get_untracked(), &apigw_integration_core::hcl::emit::join_documents(&docs))
    });
    let companion_switch = move |label: &'static str,
                                 get: fn(&apigw_integration_core::companions::Companions) -> bool,
                                 set: fn(&mut apigw_integration_core::companions::Companions, bool)| {
        view! {
            <label class="check">
                <input type="checkbox" prop:checked=ctx.fact(move |w| get(&w.companions)) on:change=checked_input(move |on| {
                    ctx.update_ws(|w| set(&mut w.companions, on));
                })/>
                " " {label}
            </label>
        }
        .into_any()
    };
    let import_blocks = move || {
        view! {
            {out_block("out-import", "Import block", "import block", local(import_text).into())}
            {show(derived(move || command.with(Option::is_some)), move || out_block("out-command", "terraform import", "terraform import command", local(command_text).into()))}
        }
        .into_any()
    };
    view! {
        <div class="output" role="group" aria-labelledby="output-title">
            <h2 id="output-title">"Terraform"</h2>
            <p class="status" class=("has-errors", derived(move || errors.get() > 0)) class=("to-fill", derived(move || errors.get() == 0 && to_fill.get() > 0)) data-testid="output-status" role="status">{status}</p>
            {show(stale, move || view! {
                <p class="withheld" role="alert" data-testid="output-withheld">
                    "Output withheld: the configuration cannot be written as exactly one resource (see the errors marked “withholds the output”). "
                    {local(withheld)}
                </p>
            }.into_any())}
            <div class="out-block">
                <div class="out-head">
                    <h3>"Resource"</h3>
                    {copy_button("resource", resource)}
                    <button type="button" class="copy" disabled=derived(move || stale.get() || resource.with(String::is_empty)) on:click=download_one>
                        "Download .tf"
                    </button>
                </div>
                <pre id="out-resource" class:stale=stale tabindex="0" aria-label="Generated resource HCL">{text_lines(resource)}</pre>
            </div>
            {show(derived(move || import_block.with(Option::is_some)), import_blocks)}
            <div class="companions" role="group" aria-label="Companion resources">
                {companion_switch("Add the aws_lambda_permission a Lambda target needs", |c| c.lambda_permission, |c, on| c.lambda_permission = on)}
                {companion_switch("Add an aws_apigatewayv2_route to this integration", |c| c.route, |c, on| c.route = on)}
            </div>
            {show(has_companions, move || out_block("out-companions", "Companion resources", "companion resources", local(companions_text).into()))}
            {show(many, move || whole_file(ctx))}
            {ctx.opts.with_value(|o| o.share_links).then(|| share_box(ctx))}
        </div>
    }
    .into_any()
}

/// The whole workspace as one file. Its text is drawn only while the reader has it open:
/// with 50 integrations it is about 13 KB, and drawing it again after every keystroke
/// (joined, handed to the page, laid out) took more than the edit itself. Copy and
/// Download join it when clicked, open or not.
fn whole_file(ctx: Ctx) -> AnyView {
    let file = ctx.file;
    let file_text = derived(move || file.get().unwrap_or_default());
    let title = ctx.fact(|w| format!("Whole workspace ({} integrations, one file)", w.items.len()));
    // Whether it is withheld, without joining the text.
    let missing = derived(move || ctx.items.with(|i| apigw_integration_core::workspace::withholds_file(&i.0)));
    let open = RwSignal::new(false);
    let download_all = click(move || {
        ctx.reveal_all();
        if let Some(text) = file.get_untracked() {
            download("integrations.tf", &text);
        }
    });
    let text = move || {
        view! { <pre id="out-file" tabindex="0" aria-label="The whole workspace as one .tf file">{text_lines(file_text)}</pre> }.into_any()
    };
    view! {
        <div class="out-block">
            <div class="out-head">
                <h3>{title}</h3>
                {copy_button("workspace", file_text)}
                <button type="button" class="copy" disabled=missing on:click=download_all>"Download all .tf"</button>
            </div>
            {show(missing, || view! { <p class="withheld" data-testid="file-withheld">"The whole file is withheld while an integration's output is (see the list's errors)."</p> }.into_any())}
            {show(derived(move || !missing.get()), move || {
                // The summary's click (Enter and Space on it are clicks too) toggles `open`,
                // which opens the details: one source of truth when they are drawn again.
                let shown: Signal<bool> = open.into();
                let toggle: Box<dyn FnMut(leptos::ev::MouseEvent)> = Box::new(move |ev| {
                    ev.prevent_default();
                    open.set(!open.get_untracked());
                });
                view! {
                    <details class="file" open=shown>
                        <summary on:click=toggle>"Show the whole file"</summary>
                        {show(shown, text)}
                    </details>
                }
                .into_any()
            })}
        </div>
    }
    .into_any()
}

/// The share link: copied, and shown to select by hand.
fn share_box(ctx: Ctx) -> AnyView {
    let share_done = RwSignal::new(None::<&'static str>);
    let share_url = RwSignal::new(None::<String>);
    let share_warning = RwSignal::new(None::<String>);
    let share = click(move || {
        let ws = ctx.with_ws_untracked(Clone::clone);
        // The old link goes at once; the new one comes when the browser has compressed it.
        share_url.set(None);
        leptos::task::spawn_local(async move {
            let url = super::state::share_link(ws).await;
            // The instance may have been unmounted meanwhile: then there is nothing to show.
            if share_url.try_set(Some(url.clone())).is_none() {
                share_warning.set(apigw_integration_core::share::link_warning(url.len()));
                copy(url, share_done, ctx);
            }
        });
    });
    let label = derived(move || share_done.get().map_or("Copy share link", |_| "Link copied"));
    view! {
        <div class="share">
            <button type="button" class="primary" on:click=share>{label}</button>
            <span class="help">"The link carries the whole workspace, compressed, in its #fragment; nothing is sent to a server."</span>
            {maybe(share_warning.into(), |w| view! { <p class="reason" role="status">{w}</p> }.into_any())}
            {maybe(share_url.into(), |url| view! { <input class="share-link" type="text" readonly aria-label="Share link" prop:value=url on:focus=select_all()/> }.into_any())}
        </div>
    }
    .into_any()
}

/// Selects an input's text when it gets focus.
fn select_all() -> Box<dyn FnMut(leptos::ev::FocusEvent)> {
    Box::new(|ev| {
        if let Some(el) = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(t).ok()) {
            el.select();
        }
    })
}
