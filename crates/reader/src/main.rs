//! The reader module of the web build (`apigw-integration-reader.js` and its wasm): the
//! HCL file parser and the AWS CLI / CloudFormation import, which only pasting, a starting
//! template and the JS API's `parse()` need, and the rule table's and the arguments' texts and
//! the mapping editors' completions, which only the rules reference, the JS API's `rules()`,
//! the form's help and its mapping editors show. `apigw-integration-builder.js` imports it on
//! first use, so the first load of the form carries none of it. A thin wasm-bindgen layer
//! over [`apigw_integration_core::reader`]; built by `scripts/build-reader` (a Trunk
//! post-build hook) with the same toolchain and profile as the form.

#[cfg(target_arch = "wasm32")]
mod web {
    use apigw_integration_core::reader;
    use wasm_bindgen::prelude::*;

    /// `take(text, apiId, protocol)` → the JSON of what the text brings (`Taken`): pasted
    /// HCL or AWS JSON, `apiId` for AWS CLI JSON (empty: none), `protocol` (`HTTP`,
    /// `WEBSOCKET` or empty) for integrations whose API the text does not show.
    #[wasm_bindgen]
    pub fn take(text: &str, api_id: &str, protocol: &str) -> String {
        reader::take_json(text, api_id, protocol)
    }

    /// `parse(hcl)` → the JSON of `{integrations: [config], diagnostics: [{…, pos}]}`.
    #[wasm_bindgen]
    pub fn parse(hcl: JsValue) -> Result<String, JsError> {
        let Some(text) = hcl.as_string() else {
            let got = if hcl.is_null() {
                "null".to_string()
            } else if js_sys::Array::is_array(&hcl) {
                "an array".to_string()
            } else {
                hcl.js_typeof().as_string().unwrap_or_else(|| "a value".into())
            };
            return Err(JsError::new(&format!("parse(hclText) takes a string of HCL, got {got}")));
        };
        reader::parse_json(&text).map_err(|e| JsError::new(&e.to_string()))
    }

    /// `rules()` → the JSON of the rule table: `[{code, severity, field, check, why, source}]`.
    #[wasm_bindgen]
    pub fn rules() -> String {
        reader::rules_json()
    }

    /// `completions()` → the JSON of the mapping editors' completions: `[[keys, values]]`,
    /// one per grammar (`apigw_integration_core::completion`).
    #[wasm_bindgen]
    pub fn completions() -> String {
        reader::completions_json()
    }

    /// `help()` → the JSON of the help book, `{key: help}`: each argument's help under its
    /// name, and each target's fields' help under `target:http|ws:argument`.
    #[wasm_bindgen]
    pub fn help() -> String {
        reader::help_json()
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {
    // The exports live in `web`; a binary keeps what it references.
    std::hint::black_box((
        web::take as fn(&str, &str, &str) -> String,
        web::parse as fn(_) -> _,
        web::rules as fn() -> String,
        web::completions as fn() -> String,
        web::help as fn() -> String,
    ));
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The reader module runs in a browser beside the web app (scripts/build builds both). The CLI is `apigw-integration`.");
    std::process::exit(2);
}
