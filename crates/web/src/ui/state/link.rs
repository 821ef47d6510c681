//! Share links in the browser: the page's link read once at the start (a `#w=` link
//! inflated by the browser before anything mounts), a link that arrives while the page
//! runs, and a workspace's link, compressed by the browser. The wasm carries neither
//! inflater nor compressor: the browser's `DecompressionStream` and `CompressionStream` do
//! it.

use super::{Ctx, store};
use apigw_integration_core::share;
use apigw_integration_core::workspace::Workspace;
use leptos::prelude::*;

/// A share link in the page's address, consumed: the link's state is loaded once, then
/// lives in storage like any other edit (a reload must not bring the link's snapshot back
/// over later changes). A compressed (`#w=`) link was inflated by [`prepare_link`].
pub(super) fn read_link() -> Result<Option<share::Saved>, share::LinkError> {
    let hash = window().location().hash().unwrap_or_default();
    let from_link = share::link_state(&hash, |packed| {
        PREPARED.with(|p| match &*p.borrow() {
            Some((bytes, inflated)) if bytes == packed => inflated.clone(),
            _ => Err(()),
        })
    });
    if !matches!(from_link, Ok(None)) {
        drop_fragment();
    }
    from_link
}

/// A share link that arrived while the page runs (its address's fragment changed): read
/// (a `#w=` link inflated by the browser first) and opened ([`store::open_link`]), or a
/// notice saying why not.
pub(super) async fn follow_link(ctx: Ctx) {
    let hash = window().location().hash().unwrap_or_default();
    let inflated = match share::deflated_bytes(&hash) {
        Ok(Some(packed)) => Some(inflate_raw(&packed).await.ok_or(())),
        _ => None,
    };
    let read = share::link_state(&hash, |_| inflated.unwrap_or(Err(())));
    if !ctx.alive() {
        return;
    }
    match read {
        Ok(None) => return,
        Ok(Some(link)) => {
            let notice = share::hidden_content("This link", &link.workspace);
            if !store::open_link(ctx, link) {
                // Not opened (what the tab shows could not be saved first): the link stays
                // in the address bar, so that it is not lost.
                return;
            }
            if notice.is_some() {
                ctx.notice.set(notice);
            }
        }
        Err(e) => ctx.notice.set(Some(format!("The shared link could not be opened: {e}."))),
    }
    drop_fragment();
}

/// Removes the `#…` fragment from the address bar without reloading.
fn drop_fragment() {
    let loc = window().location();
    let url = format!("{}{}", loc.pathname().unwrap_or_default(), loc.search().unwrap_or_default());
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// The page's `#w=` share link as [`prepare_link`] found it: its raw DEFLATE bytes, and what
/// the browser inflated them to (`Err` if they did not inflate within the limit).
type Prepared = (Vec<u8>, Result<Vec<u8>, ()>);

thread_local! {
    static PREPARED: std::cell::RefCell<Option<Prepared>> = const { std::cell::RefCell::new(None) };
}

/// Inflates the page's compressed share link (`#w=`), if its address has one, with the
/// browser's `DecompressionStream`, for [`read_link`]. The module awaits this once, when it
/// loads and before anything mounts, so that an instance that reads links starts from the
/// link's state at once (the browser's inflater is asynchronous; the wasm carries none, 4.7 KB
/// of brotli). Inflated text is capped at [`apigw_integration_core::MAX_INPUT`] bytes, as
/// [`share::from_fragment`]'s is. Where the browser has no `DecompressionStream`, the link
/// does not open, with that instance's notice saying so.
pub async fn prepare_link() {
    let hash = window().location().hash().unwrap_or_default();
    let Ok(Some(packed)) = share::deflated_bytes(&hash) else { return };
    let inflated = inflate_raw(&packed).await.ok_or(());
    PREPARED.with(|p| *p.borrow_mut() = Some((packed, inflated)));
}

/// `packed` inflated by the browser (raw DEFLATE), read chunk by chunk and given up past
/// [`apigw_integration_core::MAX_INPUT`] bytes; `None` if it does not inflate (or the browser cannot).
async fn inflate_raw(packed: &[u8]) -> Option<Vec<u8>> {
    use wasm_bindgen::JsCast;
    let stream = DecompressionStream::new("deflate-raw").ok()?;
    let blob = web_sys::Blob::new_with_u8_array_sequence(&js_sys::Array::of1(&js_sys::Uint8Array::from(packed))).ok()?;
    let inflated = blob.stream().pipe_through(&web_sys::ReadableWritablePair::new(&stream.readable(), &stream.writable()));
    let reader = web_sys::ReadableStreamDefaultReader::new(&inflated).ok()?;
    let mut bytes = Vec::new();
    loop {
        let chunk: web_sys::ReadableStreamReadResult = wasm_bindgen_futures::JsFuture::from(reader.read()).await.ok()?.unchecked_into();
        if chunk.get_done().unwrap_or(true) {
            return Some(bytes);
        }
        let value = js_sys::Uint8Array::new(&chunk.get_value());
        if bytes.len() + value.length() as usize > apigw_integration_core::MAX_INPUT {
            let _ = reader.cancel();
            return None;
        }
        bytes.extend(value.to_vec());
    }
}

/// The share link of a workspace: this page's address with the state in the fragment,
/// compressed by the browser (raw DEFLATE, which the browser inflates again:
/// [`prepare_link`]) so that the wasm carries no compressor (5.7 KB brotli); uncompressed (`#s=`, which every version
/// reads) in a browser without `CompressionStream("deflate-raw")`.
pub async fn share_link(ws: Workspace) -> String {
    let json = share::to_json(&ws, 0);
    let fragment = match deflate_raw(&json).await {
        Some(bytes) => share::deflated_fragment(&bytes),
        None => share::plain_fragment(&json),
    };
    let loc = window().location();
    format!("{}{}{}#{fragment}", loc.origin().unwrap_or_default(), loc.pathname().unwrap_or_default(), loc.search().unwrap_or_default())
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// The browser's `CompressionStream` (web-sys has it only behind its unstable-API cfg).
    type CompressionStream;
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<CompressionStream, wasm_bindgen::JsValue>;
    #[wasm_bindgen(method, getter)]
    fn readable(this: &CompressionStream) -> web_sys::ReadableStream;
    #[wasm_bindgen(method, getter)]
    fn writable(this: &CompressionStream) -> web_sys::WritableStream;
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// The browser's `DecompressionStream` (like `CompressionStream`, not in stable web-sys;
    /// one imported type for both, with `js_class` constructors, measured 0.3 KB larger).
    type DecompressionStream;
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<DecompressionStream, wasm_bindgen::JsValue>;
    #[wasm_bindgen(method, getter)]
    fn readable(this: &DecompressionStream) -> web_sys::ReadableStream;
    #[wasm_bindgen(method, getter)]
    fn writable(this: &DecompressionStream) -> web_sys::WritableStream;
}

/// `text` as UTF-8, compressed by the browser with raw DEFLATE; `None` where it cannot.
async fn deflate_raw(text: &str) -> Option<Vec<u8>> {
    let stream = CompressionStream::new("deflate-raw").ok()?;
    let blob = web_sys::Blob::new_with_str_sequence(&js_sys::Array::of1(&text.into())).ok()?;
    let compressed = blob.stream().pipe_through(&web_sys::ReadableWritablePair::new(&stream.readable(), &stream.writable()));
    let response = web_sys::Response::new_with_opt_readable_stream(Some(&compressed)).ok()?;
    let bytes = wasm_bindgen_futures::JsFuture::from(response.array_buffer().ok()?).await.ok()?;
    Some(js_sys::Uint8Array::new(&bytes).to_vec())
}
