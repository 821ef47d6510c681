//! Component tests in headless Chromium (wasm-bindgen-test): the app mounted into the
//! test page, driven through its DOM like a user would.
//!
//!     CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
//!       cargo test --target wasm32-unknown-unknown --test web
#![cfg(target_arch = "wasm32")]

use apigw_integration_builder::presets::PRESETS;
use apigw_integration_builder::ui::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Event, EventInit, HtmlButtonElement, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().and_then(|w| w.document()).expect("document")
}

/// Mounts a fresh app (no saved state) into its own container.
async fn mount() -> HtmlElement {
    let window = web_sys::window().expect("window");
    window.local_storage().ok().flatten().expect("storage").clear().expect("clear");
    let _ = window.history().expect("history").replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("#"));
    let container: HtmlElement = document().create_element("div").expect("div").dyn_into().expect("element");
    document().body().expect("body").append_child(&container).expect("append");
    leptos::mount::mount_to(container.clone(), App).forget();
    leptos::task::tick().await;
    container
}

fn query<T: JsCast>(root: &HtmlElement, selector: &str) -> T {
    root.query_selector(selector)
        .expect("selector")
        .unwrap_or_else(|| panic!("no element for {selector}"))
        .dyn_into::<T>()
        .expect("element type")
}

async fn type_into(root: &HtmlElement, label: &str, text: &str) {
    let input: HtmlInputElement = query(root, &format!("input[aria-label='{label}']"));
    input.set_value(text);
    let init = EventInit::new();
    init.set_bubbles(true);
    input.dispatch_event(&Event::new_with_event_init_dict("input", &init).expect("event")).expect("dispatch");
    leptos::task::tick().await;
}

async fn click(root: &HtmlElement, selector: &str) {
    query::<HtmlButtonElement>(root, selector).click();
    leptos::task::tick().await;
}

fn text(root: &HtmlElement, selector: &str) -> String {
    query::<HtmlElement>(root, selector).inner_text()
}

#[wasm_bindgen_test]
async fn typing_updates_the_output_and_the_diagnostics() {
    let app = mount().await;
    type_into(&app, "timeout_milliseconds", "45000").await;
    assert!(text(&app, "#out-resource").contains("timeout_milliseconds = 45000"), "{}", text(&app, "#out-resource"));
    let input: HtmlInputElement = query(&app, "input[aria-label='timeout_milliseconds']");
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert!(text(&app, ".summary-list").contains("R-TMO-1"));
    type_into(&app, "timeout_milliseconds", "29000").await;
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("false"));
    assert!(!text(&app, ".side-pane").contains("R-TMO-1"));
    app.remove();
}

#[wasm_bindgen_test]
async fn references_are_detected_and_emitted_bare() {
    let app = mount().await;
    type_into(&app, "api_id", "aws_apigatewayv2_api.main.id").await;
    assert!(text(&app, "#out-resource").contains("api_id = aws_apigatewayv2_api.main.id\n"), "{}", text(&app, "#out-resource"));
    type_into(&app, "description", "literal ${x}").await;
    assert!(text(&app, "#out-resource").contains("description = \"literal $${x}\""), "{}", text(&app, "#out-resource"));
    app.remove();
}

#[wasm_bindgen_test]
async fn presets_render_as_documented() {
    let app = mount().await;
    for p in PRESETS {
        click(&app, &format!("button[data-preset='{}']", p.id)).await;
        assert_eq!(text(&app, "#out-resource"), p.expected_resource(), "{}", p.id);
    }
    app.remove();
}

#[wasm_bindgen_test]
fn the_js_api_validates() {
    let value = serde_json::json!({"name": "x", "protocol": "WEBSOCKET", "integration_type": "MOCK"});
    let config = serde::Serialize::serialize(&value, &serde_wasm_bindgen::Serializer::json_compatible()).expect("config");
    let diags: Vec<apigw_integration_builder::Diagnostic> =
        serde_wasm_bindgen::from_value(apigw_integration_builder::js::validate(config).expect("validate")).expect("diagnostics");
    assert!(diags.iter().any(|d| d.code == "R-SCH-1"));
}

/// The core itself, compiled to wasm32: hostile strings survive emit → parse, and the
/// documented examples come back byte for byte.
#[wasm_bindgen_test]
fn the_core_round_trips_in_wasm() {
    use apigw_integration_builder::hcl;
    use apigw_integration_builder::model::{Integration, Value};
    for s in ["${x} %${local.secret}", "%{a} %%{b}", "quote \" back \\ nl \n tab \t", "🚀 \u{200b} \u{0}"] {
        let mut m = Integration::named("t");
        m.description = Some(Value::str(s));
        let back = hcl::parse(&hcl::render(&m).expect("renders").document()).integrations.remove(0).model;
        assert_eq!(back.description, Some(Value::str(s)));
    }
    for p in PRESETS {
        assert_eq!(hcl::render(&p.model()).map(|r| r.resource).as_deref(), Ok(p.expected_resource()), "{}", p.id);
        assert!(apigw_integration_builder::validate(&p.model()).iter().all(|d| !d.is_error()), "{}", p.id);
    }
}
