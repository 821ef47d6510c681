//! The JavaScript API, for docs portals that embed the builder or call it directly.
//! Exposed by `www/loader.js` as `window.wasmBindings`. Every function takes and returns
//! plain JS objects in the README's JSON model shape; none throws on bad input except
//! for a value that is not a configuration at all.

use crate::model::Integration;
use wasm_bindgen::prelude::*;

fn to_js<T: serde::Serialize>(v: &T) -> Result<JsValue, JsError> {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(|e| JsError::new(&e.to_string()))
}

fn model(config: JsValue) -> Result<Integration, JsError> {
    serde_wasm_bindgen::from_value(config).map_err(|e| JsError::new(&format!("not a configuration: {e}")))
}

/// `validate(config)` → `[{code, severity, path, message}]`.
#[wasm_bindgen]
pub fn validate(config: JsValue) -> Result<JsValue, JsError> {
    to_js(&crate::rules::validate(&model(config)?))
}

/// `render(config)` → `{resource, importBlock, importCommand}` (the last two may be null).
#[wasm_bindgen]
pub fn render(config: JsValue) -> Result<JsValue, JsError> {
    let m = model(config)?;
    #[derive(serde::Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Out {
        resource: String,
        import_block: Option<String>,
        import_command: Option<String>,
    }
    to_js(&Out {
        resource: crate::hcl::resource(&m),
        import_block: crate::hcl::import_block(&m),
        import_command: crate::hcl::import_command(&m),
    })
}

/// `parse(hcl)` → `{integrations: [config], diagnostics: [{…, pos: {line, column}}]}`.
#[wasm_bindgen]
pub fn parse(hcl: &str) -> Result<JsValue, JsError> {
    let file = crate::hcl::parse(hcl);
    #[derive(serde::Serialize)]
    struct Out {
        integrations: Vec<Integration>,
        diagnostics: Vec<crate::diag::Diagnostic>,
    }
    let mut diagnostics = file.diagnostics.clone();
    diagnostics.extend(file.integrations.iter().flat_map(|p| p.diagnostics.iter().cloned()));
    to_js(&Out { integrations: file.integrations.into_iter().map(|p| p.model).collect(), diagnostics })
}

/// `rules()` → the rule table: `[{code, severity, field, check, why, source}]`.
#[wasm_bindgen]
pub fn rules() -> Result<JsValue, JsError> {
    #[derive(serde::Serialize)]
    struct Row {
        code: &'static str,
        severity: crate::diag::Severity,
        field: &'static str,
        check: &'static str,
        why: &'static str,
        source: &'static str,
    }
    let rows: Vec<Row> = crate::rules::RULES
        .iter()
        .map(|r| Row { code: r.code, severity: r.severity, field: r.field, check: r.check, why: r.why, source: r.source })
        .collect();
    to_js(&rows)
}
