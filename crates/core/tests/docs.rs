//! The README's rules reference is the code's rule table (regenerate with ./scripts/gen-docs).
#![cfg(not(target_arch = "wasm32"))]

#[test]
fn readme_rules_table_matches_the_code() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md")).expect("README");
    let begin = readme.find("<!-- rules:begin -->\n").expect("rules:begin marker") + "<!-- rules:begin -->\n".len();
    let end = readme.find("<!-- rules:end -->").expect("rules:end marker");
    assert!(
        readme[begin..end] == apigw_integration_core::rules::markdown_table(),
        "README.md's rules table is out of date: run ./scripts/gen-docs"
    );
}

/// The keys the TypeScript definitions declare for an interface of `www/apigw-integration-builder.d.ts`.
fn ts_keys(interface: &str) -> Vec<String> {
    let dts = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../www/apigw-integration-builder.d.ts")).expect("d.ts");
    let head = format!("export interface {interface} {{\n");
    let start = dts.find(&head).unwrap_or_else(|| panic!("no `{head}` in the definitions")) + head.len();
    let body = &dts[start..start + dts[start..].find("\n}").expect("end of interface")];
    let mut keys: Vec<String> = body
        .lines()
        .map(str::trim)
        .filter(|l| !l.starts_with("//") && !l.starts_with("/*") && !l.starts_with('*'))
        .filter_map(|l| l.split_once(['?', ':']).map(|(k, _)| k.trim().to_string()))
        .filter(|k| !k.is_empty())
        .collect();
    keys.sort();
    keys
}

fn json_keys(v: &serde_json::Value) -> Vec<String> {
    let mut keys: Vec<String> = v.as_object().expect("an object").keys().cloned().collect();
    keys.sort();
    keys
}

/// The TypeScript definitions shipped in dist/ describe exactly the JSON model: a field
/// added to the model (or dropped from it) without the definitions fails here.
#[test]
fn typescript_definitions_match_the_json_model() {
    use apigw_integration_core::model::*;
    let v = || Some(Value::str("x"));
    let map = || Some(Map::from_iter([("k", "v")]));
    let full = Integration {
        name: "n".into(),
        protocol: Some(Protocol::Http),
        api_id: v(),
        integration_type: v(),
        connection_id: v(),
        connection_type: v(),
        content_handling_strategy: v(),
        credentials_arn: v(),
        description: v(),
        integration_method: v(),
        integration_subtype: v(),
        integration_uri: v(),
        passthrough_behavior: v(),
        payload_format_version: v(),
        region: v(),
        request_parameters: map(),
        request_templates: map(),
        response_parameters: vec![ResponseParameters { status_code: v(), mappings: map() }],
        template_selection_expression: v(),
        timeout_milliseconds: v(),
        tls_config: Some(TlsConfig { server_name_to_verify: v() }),
        import: Some(ImportTarget {
            api_id: "a".into(),
            integration_id: "b".into(),
            form: ImportForm::Identity,
            provider: Some("aws.west".into()),
            layout: Some(vec![LayoutItem::Attr("to".into())]),
        }),
        verbatim: vec![Verbatim { name: "depends_on".into(), text: "depends_on = []".into() }],
        layout: Some(vec![LayoutItem::Blank]),
        bare_keys: vec!["request_parameters".into()],
        blank_before: vec!["response_parameters[0].mappings".into()],
        commas: vec!["request_templates".into()],
        colons: vec!["request_parameters".into()],
        one_line: vec!["request_templates".into()],
        crlf: true,
        map_layouts: vec![apigw_integration_core::model::MapLayout {
            path: "request_parameters".into(),
            items: vec![LayoutItem::Trailing("# x".into())],
        }],
    };
    let json = serde_json::to_value(&full).expect("json");
    assert_eq!(json_keys(&json), ts_keys("Config"), "Config in www/apigw-integration-builder.d.ts");
    assert_eq!(json_keys(&json["response_parameters"][0]), ts_keys("ResponseParameters"));
    assert_eq!(json_keys(&json["tls_config"]), ts_keys("TlsConfig"));
    assert_eq!(json_keys(&json["import"]), ts_keys("ImportTarget"));
    assert_eq!(json_keys(&json["verbatim"][0]), ts_keys("Verbatim"));
    assert_eq!(json_keys(&json["map_layouts"][0]), ts_keys("MapLayout"));
    let d = serde_json::to_value(
        apigw_integration_core::Diagnostic::new("R-SCH-1", "api_id", "m").at(Some(apigw_integration_core::Pos { line: 1, column: 1 })),
    )
    .expect("json");
    assert_eq!(json_keys(&d), ts_keys("Diagnostic"));
}

/// Architecture (ARCHITECTURE.md): diagnostics are plain data; `src/diag.rs` imports
/// nothing of the crate, so no module circle goes through it.
#[test]
fn diagnostics_are_plain_data() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src/diag.rs")).expect("diag.rs");
    let uses: Vec<&str> = text.lines().filter(|l| l.contains("crate::") || l.contains("super::")).collect();
    assert!(uses.is_empty(), "src/diag.rs refers to the crate: {uses:?}");
}
