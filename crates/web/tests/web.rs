//! Component tests in headless Chromium (wasm-bindgen-test): the app mounted into the
//! test page, driven through its DOM like a user would.
//!
//!     CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
//!       cargo test --target wasm32-unknown-unknown --test web
#![cfg(target_arch = "wasm32")]

use apigw_integration_core::presets::PRESETS;
use apigw_integration_web::js;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Event, EventInit, HtmlButtonElement, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().and_then(|w| w.document()).expect("document")
}

/// The integration block of a preset as the documentation prints it.
fn expected_resource(id: &str) -> &'static str {
    let doc = match id {
        "basic" => include_str!("../../core/tests/fixtures/docs/basic.tf"),
        "lambda" => include_str!("../../core/tests/fixtures/docs/lambda.tf"),
        "sqs" => include_str!("../../core/tests/fixtures/docs/aws_service_sqs.tf"),
        _ => include_str!("../../core/tests/fixtures/docs/private.tf"),
    };
    doc.find("resource \"aws_apigatewayv2_integration\"").map_or(doc, |at| &doc[at..])
}

/// A fresh builder (no saved state) mounted the way the module mounts one: into a shadow
/// root of its own container, through the exported `mountInShadow`. Returns the
/// instance's root element (inside the shadow root) and the instance.
async fn mount_with(options: serde_json::Value) -> (HtmlElement, js::Instance, HtmlElement) {
    let window = web_sys::window().expect("window");
    window.local_storage().ok().flatten().expect("storage").clear().expect("clear");
    let _ = window.history().expect("history").replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("#"));
    let container: HtmlElement = document().create_element("div").expect("div").dyn_into().expect("element");
    document().body().expect("body").append_child(&container).expect("append");
    let shadow = container.attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open)).expect("shadow");
    let instance = js::mount_in_shadow(shadow.clone(), "style.css".into(), js_value(&options), None).expect("mounts");
    leptos::task::tick().await;
    let root: HtmlElement = shadow.query_selector(".apigw-root").expect("selector").expect("root").dyn_into().expect("element");
    (root, instance, container)
}

async fn mount() -> HtmlElement {
    let (root, instance, _) = mount_with(serde_json::json!({})).await;
    std::mem::forget(instance);
    root
}

fn js_value(v: &serde_json::Value) -> wasm_bindgen::JsValue {
    serde::Serialize::serialize(v, &serde_wasm_bindgen::Serializer::json_compatible()).expect("to JS")
}

fn error_text(e: wasm_bindgen::JsValue) -> String {
    e.dyn_into::<js_sys::Error>().map(|e| String::from(e.message())).unwrap_or_else(|_| "not an Error".into())
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
    // timeout_milliseconds is in the full view (a blank form opens in the intent view).
    click(&app, "button[data-view='all']").await;
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
        assert_eq!(text(&app, "#out-resource"), expected_resource(p.id), "{}", p.id);
    }
    app.remove();
}

#[wasm_bindgen_test]
fn the_rules_reference_reads_the_reader_modules_table_and_refuses_anything_else() {
    use apigw_integration_core::rules::RULES;
    let table = js_sys::JSON::parse(&apigw_integration_core::reader::rules_json()).expect("JSON");
    let rows = apigw_integration_web::reader::rule_rows(&table).expect("rows");
    assert_eq!(rows.len(), RULES.len());
    for (row, rule) in rows.iter().zip(RULES) {
        assert_eq!(
            (row.code, row.severity, row.check.as_str(), row.why.as_str(), row.field.as_str(), row.source.as_str()),
            (rule.code, rule.severity, rule.check, rule.why, rule.field, rule.source)
        );
    }
    // Not a list, an unknown code, a severity that is none, a missing text, a source that is
    // not an https:// address (it becomes a link): refused, naming the row.
    let read = |json: &str| apigw_integration_web::reader::rule_rows(&js_sys::JSON::parse(json).expect("JSON"));
    assert_eq!(read("42"), Err("the rule table is not a list".into()));
    assert_eq!(
        read(r#"[{"code":"R-NOPE-1","severity":"error","check":"c","why":"w"}]"#),
        Err("row 0 of the rule table is not a rule".into())
    );
    assert!(read(r#"[{"code":"R-TMO-1","severity":"fatal","check":"c","why":"w"}]"#).is_err());
    assert!(read(r#"[{"code":"R-TMO-1","severity":"error","why":"w"}]"#).is_err());
    assert!(read(r#"[{"code":"R-TMO-1","severity":"error","check":"c","why":"w","source":"javascript:alert(1)"}]"#).is_err());
    let fine = read(r#"[{"code":"R-TMO-1","severity":"info","check":"c","why":"w","source":"https://example.com/"}]"#).expect("a row");
    assert_eq!(
        (fine[0].code, fine[0].severity, fine[0].source.as_str()),
        ("R-TMO-1", apigw_integration_core::diag::Severity::Info, "https://example.com/")
    );
}

#[wasm_bindgen_test]
fn the_mapping_editors_read_the_reader_modules_completions_and_refuse_anything_else() {
    let table = js_sys::JSON::parse(&apigw_integration_core::reader::completions_json()).expect("JSON");
    let lists = apigw_integration_web::reader::completion_rows(&table).expect("lists");
    assert_eq!(lists, apigw_integration_core::completion::lists());
    let read = |json: &str| apigw_integration_web::reader::completion_rows(&js_sys::JSON::parse(json).expect("JSON"));
    assert_eq!(read("42"), None);
    assert_eq!(read(r#"[{"keys":["a"],"values":["b"]}]"#), None, "pairs, not objects");
    assert_eq!(read(r#"[[["a"],["b", 3]]]"#), None, "text only");
    assert_eq!(read(r#"[[["a"]]]"#), None);
    let fine = read(r#"[[["append:header."],["$request.body"]]]"#).expect("a list");
    assert_eq!(
        (fine[0].keys.as_slice(), fine[0].values.as_slice()),
        (&["append:header.".to_string()][..], &["$request.body".to_string()][..])
    );
}

/// Calls an exported function the way JS does: a thrown `JsError` becomes a JS `Error`.
fn call(f: impl FnOnce() -> Result<wasm_bindgen::JsValue, wasm_bindgen::JsError>) -> Result<serde_json::Value, String> {
    f().map(|v| serde_wasm_bindgen::from_value(v).expect("JSON-like result")).map_err(|e| error_text(e.into()))
}

#[wasm_bindgen_test]
fn every_exported_function_works_and_refuses_bad_input_with_a_message() {
    let config = js_value(&serde_json::json!({"name": "x", "protocol": "WEBSOCKET", "integration_type": "MOCK"}));
    let diags = call(|| js::validate(config.clone())).expect("validate");
    assert!(diags.as_array().expect("array").iter().any(|d| d["code"] == "R-SCH-1"));
    let out = call(|| js::render(config.clone())).expect("render");
    assert_eq!(out["ok"], true);
    assert!(out["resource"].as_str().expect("text").starts_with("resource \"aws_apigatewayv2_integration\" \"x\""));
    let presets = call(js::presets).expect("presets");
    assert_eq!(
        presets.as_array().expect("rows").iter().map(|p| p["id"].as_str().unwrap_or("")).collect::<Vec<_>>(),
        ["basic", "lambda", "sqs", "private"]
    );

    for (bad, says) in [
        (wasm_bindgen::JsValue::from(42), "got number"),
        (wasm_bindgen::JsValue::NULL, "got null"),
        (js_value(&serde_json::json!([1])), "got an array"),
        (js_value(&serde_json::json!({"name": "x", "colour": "red"})), "unknown field `colour`"),
        (js_value(&serde_json::json!({"name": 7})), "invalid type"),
        (js_value(&serde_json::json!({"description": "x".repeat(5 << 20)})), "too large"),
    ] {
        let v = call(|| js::validate(bad.clone())).expect_err("validate refuses");
        assert!(v.contains(says), "{v}");
        let r = call(|| js::render(bad.clone())).expect_err("render refuses");
        assert!(r.contains(says), "{r}");
    }
    // parse() is the reader module's (src/reader.rs, tests/e2e/embed.test.mjs).
}

#[wasm_bindgen_test]
async fn mount_options_are_checked_and_an_instance_can_be_driven_and_removed() {
    let shadow_host: HtmlElement = document().create_element("div").expect("div").dyn_into().expect("element");
    let shadow = shadow_host.attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open)).expect("shadow");
    for (bad, says) in [(serde_json::json!({"preset": "nope"}), "`preset` is `nope`"), (serde_json::json!({"colour": 1}), "unknown field")]
    {
        let e = js::mount_in_shadow(shadow.clone(), "x.css".into(), js_value(&bad), None).err().expect("refused");
        assert!(error_text(e.into()).contains(says));
    }
    assert_eq!(shadow.child_element_count(), 0, "nothing is left behind by refused options");

    let (root, instance, container) = mount_with(serde_json::json!({"preset": "sqs", "panels": "output problems", "theme": "dark"})).await;
    assert_eq!(root.get_attribute("data-theme").as_deref(), Some("dark"));
    assert!(root.query_selector("form").expect("selector").is_none(), "the form panel is hidden");
    assert!(text(&root, "#out-resource").contains("SQS-SendMessage"));
    let config: serde_json::Value = serde_wasm_bindgen::from_value(instance.get_config().expect("config")).expect("json");
    assert_eq!(config["integration_subtype"], "SQS-SendMessage");
    instance.set_config(js_value(&serde_json::json!({"name": "set", "protocol": "HTTP", "api_id": {"expr": "a.b"}, "integration_type": "HTTP_PROXY", "integration_uri": "https://example.com", "integration_method": "ANY"}))).expect("set");
    leptos::task::tick().await;
    assert!(text(&root, "#out-resource").starts_with("resource \"aws_apigatewayv2_integration\" \"set\""));
    assert!(instance.set_config(42.into()).is_err());
    let out: serde_json::Value = serde_wasm_bindgen::from_value(instance.output().expect("output")).expect("json");
    assert_eq!((out["ok"].as_bool(), out["importBlock"].is_null()), (Some(true), true));
    assert!(out["resource"].as_str().is_some_and(|r| r.contains("\"set\"")));
    let diags: serde_json::Value = serde_wasm_bindgen::from_value(instance.diagnostics().expect("diagnostics")).expect("json");
    assert!(diags.as_array().is_some_and(|d| d.iter().all(|d| d["severity"] != "error")), "{diags}");
    let shadow = container.shadow_root().expect("shadow");
    assert_eq!(shadow.child_element_count(), 2, "a stylesheet link and the root");
    instance.unmount();
    assert_eq!(shadow.child_element_count(), 0, "unmount removes every node it added");
    assert!(instance.get_config().is_err(), "an unmounted instance says so");
    assert!(
        instance.output().is_err() && instance.diagnostics().is_err() && instance.set_config(js_value(&serde_json::json!({}))).is_err()
    );
    instance.unmount();
    container.remove();
}

#[wasm_bindgen_test]
async fn a_blank_form_is_not_red_until_a_field_is_touched_or_the_output_copied() {
    let app = mount().await;
    let api_id: HtmlInputElement = query(&app, "input[aria-label='api_id']");
    assert_eq!(api_id.get_attribute("aria-invalid").as_deref(), Some("false"));
    assert!(
        text(&app, "[data-testid='counts']").starts_with("0 errors, 0 warnings · 2 to fill in"),
        "{}",
        text(&app, "[data-testid='counts']")
    );
    assert!(text(&app, "[data-testid='pending']").contains("api_id"));
    let init = EventInit::new();
    init.set_bubbles(true);
    api_id.dispatch_event(&Event::new_with_event_init_dict("focusout", &init).expect("event")).expect("dispatch");
    leptos::task::tick().await;
    assert_eq!(api_id.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert!(text(&app, ".summary-list").contains("R-SCH-1"));
    app.remove();
}

/// The core itself, compiled to wasm32: hostile strings survive emit → parse, and the
/// documented examples come back byte for byte.
#[wasm_bindgen_test]
fn the_core_round_trips_in_wasm() {
    use apigw_integration_core::hcl;
    use apigw_integration_core::model::{Integration, Value};
    for s in ["${x} %${local.secret}", "%{a} %%{b}", "quote \" back \\ nl \n tab \t", "🚀 \u{200b} \u{0}"] {
        let mut m = Integration::named("t");
        m.description = Some(Value::str(s));
        let back = hcl::parse(&apigw_integration_core::render(&m).expect("renders").document()).integrations.remove(0).model;
        assert_eq!(back.description, Some(Value::str(s)));
    }
    for p in PRESETS {
        assert_eq!(apigw_integration_core::render(&p.model()).map(|r| r.resource).as_deref(), Ok(expected_resource(p.id)), "{}", p.id);
        assert!(apigw_integration_core::validate(&p.model()).iter().all(|d| !d.is_error()), "{}", p.id);
    }
}

/// The web build counts grapheme clusters with the browser's `Intl.Segmenter` instead of
/// the `unicode-segmentation` crate (6.3 KB of tables): both must agree, or the output's
/// alignment would differ from `terraform fmt`'s for non-ASCII keys.
#[wasm_bindgen_test]
fn the_browser_counts_grapheme_clusters_as_the_native_build_does() {
    use unicode_segmentation::UnicodeSegmentation;
    // Combining marks, CR LF, emoji sequences, flags, Hangul, Indic conjuncts, Thai, bidi
    // and zero-width characters (the same samples as the native test of the formatter).
    let samples: Vec<String> = serde_json::from_str(include_str!("../../core/tests/fixtures/graphemes.json")).expect("a JSON list");
    assert!(samples.len() > 20);
    for text in &samples {
        assert_eq!(js::graphemes(text), text.graphemes(true).count(), "{text:?}");
    }
}

/// Once installed (as the module's start does), the formatter aligns non-ASCII keys by
/// grapheme clusters, as HashiCorp's hclwrite does (its output, from tests/oracle).
#[wasm_bindgen_test]
fn non_ascii_keys_align_as_terraform_fmt_does() {
    js::install();
    let input = "x = {\n  \"e\u{301}\" = 1\n  \"ab\" = 2\n  \"🇩🇪\" = 3\n}\n";
    let want = "x = {\n  \"e\u{301}\"  = 1\n  \"ab\" = 2\n  \"🇩🇪\"  = 3\n}\n";
    assert_eq!(apigw_integration_core::hcl::format::format(input).as_deref(), Ok(want));
}
