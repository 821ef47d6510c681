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

/// `render(config)` → `{ok, resource, importBlock, importCommand, diagnostics}`. When the
/// configuration cannot be written as exactly one resource and its import block, `ok` is
/// false, the texts are null and `diagnostics` says why (at their fields).
#[wasm_bindgen]
pub fn render(config: JsValue) -> Result<JsValue, JsError> {
    let m = model(config)?;
    #[derive(serde::Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Out {
        ok: bool,
        resource: Option<String>,
        import_block: Option<String>,
        import_command: Option<String>,
        diagnostics: Vec<crate::diag::Diagnostic>,
    }
    to_js(&match crate::hcl::render(&m) {
        Ok(r) => Out {
            ok: true,
            resource: Some(r.resource),
            import_block: r.import_block,
            import_command: r.import_command,
            diagnostics: Vec::new(),
        },
        Err(d) => Out { ok: false, resource: None, import_block: None, import_command: None, diagnostics: d },
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
