//! The form's door to the reader module (`apigw-integration-reader.js`: the HCL file parser,
//! the AWS import and the rule table's texts, which the form's wasm does not carry). The JS
//! layer passes in how to reach it ([`set_reader`], [`set_books`]); the form's paste box,
//! template start, rules reference, help and mapping editors' completions read through it. It lives apart from the JS API
//! (`js.rs`), which mounts the form, so that the form does not import the API that mounts it.

use std::cell::RefCell;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

thread_local! {
    /// The JS layer's door to the reader module: `(text, apiId, protocol) => Promise<JSON>`.
    static READER: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
    /// Its door to the books: `(name) => book`, or a promise of it while it loads.
    static BOOKS: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
    /// The help book, once read ([`help_book`]): `{key: help}`.
    static HELP: RefCell<Option<JsValue>> = const { RefCell::new(None) };
    /// The mapping editors' completions, once read ([`completions`]).
    static COMPLETIONS: RefCell<Option<Completions>> = const { RefCell::new(None) };
}

/// `setReader(read)`: how the form reads text into integrations (pasted HCL or AWS JSON,
/// a starting template). `read(text, apiId, protocol)` returns the JSON of
/// [`apigw_integration_core::workspace::Taken`] when the reader module (`apigw-integration-reader.js`,
/// [`apigw_integration_core::reader`]) is loaded, and a promise of it while it loads; the module passes
/// one that loads it on first use.
#[wasm_bindgen(js_name = setReader)]
pub fn set_reader(read: js_sys::Function) {
    READER.with(|r| *r.borrow_mut() = Some(read));
}

/// Starts loading the reader module, if it has not been: the paste box calls this when it
/// gets focus, so that the module is there by the time the user clicks (a failure is
/// forgotten: the click tries again and says what went wrong).
pub fn prefetch_reader() {
    wasm_bindgen_futures::spawn_local(async {
        let _ = read("", "", None).await;
    });
}

/// A read begun with [`begin_read`]: answered at once (the reader module was loaded), or
/// a promise of the answer (it is loading).
pub enum Reading {
    /// The answer.
    Done(Result<apigw_integration_core::workspace::Taken, String>),
    /// The answer to come ([`finish_read`]).
    Pending(js_sys::Promise),
}

/// Asks the reader module ([`set_reader`]) to read `text`: `protocol` is the fallback for
/// integrations whose API the text does not show. The module's function answers at once
/// when the reader is loaded, so a caller can start from the answer without a second render.
pub fn begin_read(text: &str, api_id: &str, protocol: Option<apigw_integration_core::model::Protocol>) -> Reading {
    let protocol = match protocol {
        Some(apigw_integration_core::model::Protocol::Http) => "HTTP",
        Some(apigw_integration_core::model::Protocol::WebSocket) => "WEBSOCKET",
        None => "",
    };
    let Some(read) = READER.with(|r| r.borrow().clone()) else {
        return Reading::Done(Err("the reader is not set up (the page did not load apigw-integration-builder.js)".into()));
    };
    match read.call3(&JsValue::NULL, &text.into(), &api_id.into(), &protocol.into()) {
        Ok(answer) => match answer.dyn_into::<js_sys::Promise>() {
            Ok(promise) => Reading::Pending(promise),
            Err(answer) => Reading::Done(
                apigw_integration_core::reader::taken_from_json(&answer.as_string().unwrap_or_default()).map_err(|e| e.to_string()),
            ),
        },
        Err(_) => Reading::Done(Err("the reader could not be called".into())),
    }
}

/// The answer of a pending read. `Err` says why there is none (the module did not load,
/// or answered nonsense).
pub async fn finish_read(promise: js_sys::Promise) -> Result<apigw_integration_core::workspace::Taken, String> {
    let json = wasm_bindgen_futures::JsFuture::from(promise).await.map_err(not_loaded)?;
    apigw_integration_core::reader::taken_from_json(&json.as_string().unwrap_or_default()).map_err(|e| e.to_string())
}

/// Why a promise of the reader module was rejected, said to the user.
fn not_loaded(e: JsValue) -> String {
    let why = e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).or_else(|| e.as_string()).unwrap_or_default();
    format!("the reader module did not load ({why})")
}

/// Reads text with the reader module, loading it if need be ([`begin_read`]).
pub async fn read(
    text: &str,
    api_id: &str,
    protocol: Option<apigw_integration_core::model::Protocol>,
) -> Result<apigw_integration_core::workspace::Taken, String> {
    match begin_read(text, api_id, protocol) {
        Reading::Done(answer) => answer,
        Reading::Pending(promise) => finish_read(promise).await,
    }
}

/// `setBooks(get)`: where the form gets the texts the reader module carries and its wasm
/// does not. `get(name)` returns the book, parsed (`rules`: the reader module's `rules()`,
/// `[{code, severity, field, check, why, source}]`; `help`: its `help()`, `{key: help}`),
/// when the reader module is loaded, and a promise of it while it loads.
#[wasm_bindgen(js_name = setBooks)]
pub fn set_books(get: js_sys::Function) {
    BOOKS.with(|r| *r.borrow_mut() = Some(get));
}

/// The book `name` ([`set_books`]), loading the reader module if need be.
async fn book(name: &str) -> Result<JsValue, String> {
    let get = BOOKS.with(|r| r.borrow().clone()).ok_or("the books are not set up (the page did not load apigw-integration-builder.js)")?;
    let answer = get.call1(&JsValue::NULL, &name.into()).map_err(|_| "the reader module could not be asked".to_string())?;
    match answer.dyn_into::<js_sys::Promise>() {
        Ok(promise) => wasm_bindgen_futures::JsFuture::from(promise).await.map_err(not_loaded),
        Err(book) => Ok(book),
    }
}

/// Reads the help book ([`help`] then answers from it). `Err` says why there is none.
pub async fn help_book() -> Result<(), String> {
    let book = book("help").await?;
    if !book.is_object() {
        return Err("the help book is not a map".into());
    }
    HELP.with(|h| *h.borrow_mut() = Some(book));
    Ok(())
}

/// The help under `key` in the help book, once it is read ([`help_book`]). The book is
/// data from another module: only a string is taken, and it is shown as text.
pub fn help(key: &str) -> Option<String> {
    HELP.with(|h| h.borrow().as_ref().and_then(|book| js_sys::Reflect::get(book, &key.into()).ok()).and_then(|v| v.as_string()))
}

/// One row of the rules reference, read from the reader module's table ([`rule_rows`]).
#[derive(Clone, Debug, PartialEq)]
pub struct RuleRow {
    /// A known rule code ([`apigw_integration_core::rules::known_code`]).
    pub code: &'static str,
    pub severity: apigw_integration_core::diag::Severity,
    pub check: String,
    pub why: String,
    /// The argument (or `name`, `protocol`…) the rule is about, for the search; empty when
    /// the table does not say.
    pub field: String,
    /// Where the rule comes from: an `https://` address.
    pub source: String,
}

/// The rule table, from the reader module ([`set_books`]), loading it if need be.
/// `Err` says why there is none.
pub async fn rule_book() -> Result<Vec<RuleRow>, String> {
    rule_rows(&book("rules").await?)
}

/// Reads the rule table's rows as `rules()` gives them. Rows are data from another module,
/// so each is checked: a known code, a severity, texts, and a source that is an `https://`
/// address (it becomes a link); anything else is an `Err` naming the row.
pub fn rule_rows(rows: &JsValue) -> Result<Vec<RuleRow>, String> {
    let rows = rows.dyn_ref::<js_sys::Array>().ok_or("the rule table is not a list")?;
    rows.iter()
        .enumerate()
        .map(|(n, row)| {
            let text = |key: &str| js_sys::Reflect::get(&row, &key.into()).ok().and_then(|v| v.as_string());
            let bad = || format!("row {n} of the rule table is not a rule");
            let code = text("code").as_deref().and_then(apigw_integration_core::rules::known_code).ok_or_else(bad)?;
            let severity = match text("severity").as_deref() {
                Some("error") => apigw_integration_core::diag::Severity::Error,
                Some("warning") => apigw_integration_core::diag::Severity::Warning,
                Some("info") => apigw_integration_core::diag::Severity::Info,
                _ => return Err(bad()),
            };
            let source = text("source").filter(|s| s.starts_with("https://")).ok_or_else(bad)?;
            Ok(RuleRow {
                code,
                severity,
                check: text("check").ok_or_else(bad)?,
                why: text("why").ok_or_else(bad)?,
                field: text("field").unwrap_or_default(),
                source,
            })
        })
        .collect()
}

/// The completions of every grammar, in the order of
/// [`apigw_integration_core::completion::Grammar::index`].
pub type Completions = std::sync::Arc<Vec<apigw_integration_core::completion::Completions>>;

/// The mapping editors' completions, from the reader module ([`set_books`]), loading
/// it if need be; read once per page. `None` when there are none (the module did not load,
/// or answered something else): the editors work without them and say nothing (the lists
/// are help, not content), and the next focus asks again.
pub async fn completions() -> Option<Completions> {
    if let Some(lists) = COMPLETIONS.with(|c| c.borrow().clone()) {
        return Some(lists);
    }
    let lists = std::sync::Arc::new(completion_rows(&book("completions").await.ok()?)?);
    COMPLETIONS.with(|c| *c.borrow_mut() = Some(lists.clone()));
    Some(lists)
}

/// Reads the completions as `completions()` gives them: a list of `[keys, values]`, each a
/// list of strings (data from another module, so checked: anything else is `None`).
pub fn completion_rows(rows: &JsValue) -> Option<Vec<apigw_integration_core::completion::Completions>> {
    let list = |v: JsValue| -> Option<Vec<String>> { v.dyn_into::<js_sys::Array>().ok()?.iter().map(|v| v.as_string()).collect() };
    rows.dyn_ref::<js_sys::Array>()?
        .iter()
        .map(|row| {
            let row = row.dyn_into::<js_sys::Array>().ok()?;
            Some(apigw_integration_core::completion::Completions { keys: list(row.get(0))?, values: list(row.get(1))? })
        })
        .collect()
}
