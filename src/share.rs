//! The builder's saved state, for localStorage and for share links (in the URL fragment,
//! so nothing leaves the browser). Versioned: format 2 holds a whole workspace; format 1
//! (one integration, the builder's first format) still opens, migrated. A corrupt or
//! outdated state is an error with a clear message, never a panic.
//!
//! Links: `#w=` + base64url(raw DEFLATE(JSON)) (miniz_oxide, our base64url; in the web app the
//! browser compresses and inflates: [`from_fragment_with`]), or `#s=` + base64url(JSON),
//! which is also what a browser that cannot compress writes. Inflating is capped at
//! [`MAX_INPUT`] bytes.

use crate::embed::MAX_INPUT;
use crate::json::{Json, Object};
use crate::model::Integration;
use crate::workspace::Workspace;
use serde::Serialize;

/// The current state format version.
pub const VERSION: u32 = 2;

/// A share link longer than this many characters may be cut by chat tools, mail clients
/// and servers (8 KB is a common limit); the page says so and offers the download instead.
pub const LONG_LINK: usize = 8_000;

/// What is saved: the workspace, and a revision that grows with every save, so that a tab
/// can tell that another tab has saved since (see [`Saved::rev`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Saved {
    /// The workspace.
    pub workspace: Workspace,
    /// The revision (0 for a state saved before revisions).
    pub rev: u64,
}

#[derive(Serialize)]
struct V2 {
    v: u32,
    rev: u64,
    workspace: Workspace,
}

/// Serialises a workspace as saved-state JSON.
pub fn to_json(ws: &Workspace, rev: u64) -> String {
    serde_json::to_string(&V2 { v: VERSION, rev, workspace: ws.clone() }).unwrap_or_default()
}

/// Reads saved-state JSON of format 2, or of format 1 (migrated to a workspace of one).
pub fn from_json(text: &str) -> Result<Saved, String> {
    // Numbers with a fraction (states saved before the model wrote them as `{"number": …}`)
    // are read with their digits as written, like any number that is not a whole `i64`.
    let json: Json = crate::json::parse(text).map_err(|e| format!("it is not valid JSON ({e})"))?;
    let shape = |e: crate::json::ShapeError| format!("it does not describe a configuration ({e})");
    // The format version first (any other field is read by the format's own reader).
    let probe = Object::new(&json, "an object", &["v"], false).and_then(|o| o.opt::<u32>("v")).map_err(shape)?;
    match probe {
        Some(1) => {
            let o = Object::new(&json, "an object", &["v", "model"], true).map_err(shape)?;
            o.req::<Integration>("model").map(|m| Saved { workspace: Workspace::of(m), rev: 0 }).map_err(shape)
        }
        Some(VERSION) => {
            let o = Object::new(&json, "an object", &["v", "rev", "workspace"], true).map_err(shape)?;
            let (rev, workspace) = (o.or_default::<u64>("rev").map_err(shape)?, o.req::<Workspace>("workspace").map_err(shape)?);
            Ok(Saved { workspace: workspace.normalized(), rev })
        }
        Some(v) => Err(format!("it was saved by another version of the builder (format {v}, this one reads 1 and {VERSION})")),
        None => Err("it has no format version".into()),
    }
}

/// Base64url without padding. Hand-written rather than the `base64` crate: its general
/// engine was 2 KB of brotli'd wasm for these two loops (measured); the crate checks these
/// two functions byte for byte in the tests (`base64_agrees_with_the_base64_crate`).
pub fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let group = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[(group >> (18 - 6 * i) & 63) as usize]));
        }
    }
    out
}

/// Decodes base64url, with or without padding; standard `+/` are accepted too. Like the
/// `base64` crate, it refuses a stray character, a length that no bytes encode to, and
/// bits left over at the end (so each byte string has one encoding).
pub fn from_base64url(text: &str) -> Result<Vec<u8>, String> {
    let t = text.trim_end_matches('=');
    if t.len() % 4 == 1 {
        return Err("Invalid input length.".into());
    }
    let mut out = Vec::with_capacity(t.len() / 4 * 3 + 2);
    let (mut acc, mut bits) = (0u32, 0u32);
    for (offset, c) in t.bytes().enumerate() {
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            _ => return Err(format!("Invalid symbol {c}, offset {offset}.")),
        };
        acc = acc << 6 | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    if acc != 0 {
        return Err("Invalid last symbol: it has bits left over.".into());
    }
    Ok(out)
}

/// The URL fragment (without `#`) that carries a workspace, compressed here. (The web app
/// has the browser compress [`to_json`]`(ws, 0)` and calls [`deflated_fragment`], so its
/// wasm carries only the inflater.)
pub fn to_fragment(ws: &Workspace) -> String {
    deflated_fragment(&miniz_oxide::deflate::compress_to_vec(to_json(ws, 0).as_bytes(), 9))
}

/// The fragment of state JSON already compressed with raw DEFLATE: `w=…`.
pub fn deflated_fragment(deflated: &[u8]) -> String {
    format!("w={}", base64url(deflated))
}

/// The fragment of state JSON uncompressed: `s=…` (every version reads it; the web app
/// writes it where the browser cannot compress).
pub fn plain_fragment(json: &str) -> String {
    format!("s={}", base64url(json.as_bytes()))
}

/// Reads a URL fragment (with or without `#`); `Ok(None)` if it carries no state.
pub fn from_fragment(fragment: &str) -> Result<Option<Workspace>, String> {
    from_fragment_with(fragment, |packed| miniz_oxide::inflate::decompress_to_vec_with_limit(packed, MAX_INPUT).map_err(|_| ()))
}

/// [`from_fragment`] with the inflater of `#w=` links given: `inflate` gets the link's
/// raw DEFLATE bytes and returns them inflated, or `Err` when they do not inflate to at
/// most [`MAX_INPUT`] bytes. (The web app has the browser inflate them, before it mounts:
/// `ui::state::prepare_link`; so its wasm carries no inflater, 4.7 KB of brotli.)
pub fn from_fragment_with(fragment: &str, inflate: impl FnOnce(&[u8]) -> Result<Vec<u8>, ()>) -> Result<Option<Workspace>, String> {
    let f = fragment.trim_start_matches('#');
    let damaged = |e: String| format!("the link is damaged: {e}");
    let text = if let Some(packed) = deflated_bytes(f)? {
        let bytes =
            inflate(&packed).map_err(|()| damaged(format!("it does not decompress (or holds more than {} MiB)", MAX_INPUT >> 20)))?;
        String::from_utf8(bytes).map_err(|_| damaged("it does not decode to text".into()))?
    } else if let Some(data) = f.split('&').find_map(|p| p.strip_prefix("s=")) {
        let bytes = from_base64url(data).map_err(damaged)?;
        String::from_utf8(bytes).map_err(|_| damaged("it does not decode to text".into()))?
    } else {
        return Ok(None);
    };
    from_json(&text).map(|s| Some(s.workspace)).map_err(|e| format!("the link cannot be opened: {e}"))
}

/// The raw DEFLATE bytes of a `#w=` link (with or without `#`); `Ok(None)` for any other
/// fragment.
pub fn deflated_bytes(fragment: &str) -> Result<Option<Vec<u8>>, String> {
    let f = fragment.trim_start_matches('#');
    match f.split('&').find_map(|p| p.strip_prefix("w=")) {
        Some(data) => from_base64url(data).map(Some).map_err(|e| format!("the link is damaged: {e}")),
        None => Ok(None),
    }
}

/// What to tell the reader about a share link of this length, if anything.
pub fn link_warning(len: usize) -> Option<String> {
    (len > LONG_LINK).then(|| {
        format!(
            "This link is {len} characters long: some browsers, chat tools and servers cut links over {LONG_LINK} characters. Download the .tf file to share this workspace safely."
        )
    })
}

/// What a link or saved state brings that the form's fields do not show (items kept as
/// written, comment lines), as a notice to read before copying anything; `None` if nothing.
pub fn hidden_content(source: &str, ws: &Workspace) -> Option<String> {
    let mut names: Vec<String> = Vec::new();
    let mut comments = 0;
    for m in &ws.items {
        comments += m.comments().len();
        for v in &m.verbatim {
            let name = format!("`{}`", crate::diag::visible(&v.name));
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    if names.is_empty() && comments == 0 {
        return None;
    }
    if comments > 0 {
        names.push(format!("{comments} comment line{}", if comments == 1 { "" } else { "s" }));
    }
    let runs = ws.items.iter().flat_map(|m| &m.verbatim).any(|v| matches!(v.name.as_str(), "provisioner" | "connection"));
    let danger =
        if runs { " It includes a provisioner or connection, which runs a command or opens a connection when you apply." } else { "" };
    Some(format!(
        "{source} adds content the form does not show: {}. Review it under “Kept as written” before you copy anything.{danger}",
        names.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trip() {
        for s in ["", "f", "fo", "foo", "foob", "fooba", "foobar", "🚀 $${x}"] {
            assert_eq!(from_base64url(&base64url(s.as_bytes())).as_deref(), Ok(s.as_bytes()));
        }
        assert_eq!(base64url(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64url(&[0xfb, 0xff]), "-_8");
        assert_eq!(from_base64url("+/8=").as_deref(), Ok(&[0xfb, 0xff][..]));
        // No bytes encode to 1 or 5 characters, even when the bits are all zero; a stray
        // character or bits left over are refused too.
        for bad in ["A", "AAAAA", "AB", "Zm9vYmFy.", "Zm=9"] {
            assert!(from_base64url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn fragments_round_trip_and_fail_clearly() {
        let ws =
            Workspace { items: crate::presets::PRESETS.iter().map(|p| p.model()).collect(), selected: 2, companions: Default::default() };
        assert_eq!(from_fragment(&format!("#{}", to_fragment(&ws))), Ok(Some(ws.clone())));
        assert_eq!(from_fragment("#other=1"), Ok(None));
        assert!(from_fragment("#w=!!!").unwrap_err().contains("damaged"));
        assert!(from_fragment("#w=AAAA").unwrap_err().contains("decompress"));
        // The web app's path: the inflater is given, and gets exactly the link's bytes.
        let packed = miniz_oxide::deflate::compress_to_vec(to_json(&ws, 0).as_bytes(), 6);
        let link = format!("#{}", deflated_fragment(&packed));
        assert_eq!(deflated_bytes(&link), Ok(Some(packed.clone())));
        assert_eq!(deflated_bytes("#s=e30"), Ok(None));
        assert!(deflated_bytes("#w=!!!").unwrap_err().contains("damaged"));
        let inflate = |p: &[u8]| miniz_oxide::inflate::decompress_to_vec(p).map_err(|_| ());
        assert_eq!(from_fragment_with(&link, |p| if p == packed { inflate(p) } else { Err(()) }), Ok(Some(ws.clone())));
        assert!(from_fragment_with(&link, |_| Err(())).unwrap_err().contains("does not decompress (or holds more than 4 MiB)"));
        assert!(from_fragment_with(&link, |_| Ok(vec![0xff])).unwrap_err().contains("does not decode to text"));
        assert!(from_fragment_with("#s=e30&x", |_| panic!("not a deflated link")).unwrap_err().contains("cannot be opened"));
        assert!(from_fragment(&format!("s={}", base64url(br#"{"v":0,"model":{}}"#))).unwrap_err().contains("another version"));
        assert!(from_json("{").unwrap_err().contains("not valid JSON"));
        assert!(from_json(r#"{"v":2,"workspace":{"items":[],"nope":1}}"#).unwrap_err().contains("does not describe"));
    }

    #[test]
    fn the_first_format_opens_migrated() {
        let m = crate::presets::PRESETS[3].model();
        let v1 = serde_json::json!({"v": 1, "model": m}).to_string();
        assert_eq!(from_json(&v1), Ok(Saved { workspace: Workspace::of(m.clone()), rev: 0 }));
        let link = format!("#s={}", base64url(v1.as_bytes()));
        assert_eq!(from_fragment(&link), Ok(Some(Workspace::of(m))));
        assert!(from_json(r#"{"v":1,"model":{"nope":1}}"#).unwrap_err().contains("does not describe"));
    }

    #[test]
    fn every_fragment_form_opens_the_same_workspace() {
        let ws = Workspace::of(crate::presets::PRESETS[1].model());
        let json = to_json(&ws, 0);
        // What a browser's CompressionStream("deflate-raw") writes is raw DEFLATE, as here.
        let deflated = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 6);
        for fragment in [to_fragment(&ws), deflated_fragment(&deflated), plain_fragment(&json)] {
            assert_eq!(from_fragment(&fragment), Ok(Some(ws.clone())), "{fragment}");
        }
        assert!(plain_fragment(&json).starts_with("s=") && deflated_fragment(&deflated).starts_with("w="));
    }

    #[test]
    fn states_saved_with_float_numbers_still_open_with_their_digits() {
        // Before numbers were kept as text, a non-whole number was saved as a JSON number.
        let old = r#"{"v":1,"model":{"name":"x","integration_type":"MOCK","timeout_milliseconds":1.50}}"#;
        let saved = from_json(old).expect("opens");
        let m = &saved.workspace.items[0];
        assert_eq!(m.scalar("timeout_milliseconds"), Some(&crate::model::Value::Num("1.50".into())));
        // Saved again, it is in the exact form, and opens the same.
        let again = to_json(&saved.workspace, 1);
        assert!(again.contains(r#"{"number":"1.50"}"#), "{again}");
        assert_eq!(from_json(&again).map(|s| s.workspace), Ok(saved.workspace));
    }

    #[test]
    fn a_large_workspace_link_is_compressed_and_a_bomb_is_refused() {
        let ws = Workspace {
            items: (0..50)
                .map(|n| {
                    let mut m = crate::presets::PRESETS[3].model();
                    m.name = format!("i{n}");
                    m
                })
                .collect(),
            selected: 0,
            companions: Default::default(),
        };
        let json = to_json(&ws, 0).len();
        let link = to_fragment(&ws).len();
        assert!(link * 8 < json, "50 similar integrations compress well: {link} of {json}");
        assert_eq!(link_warning(100), None);
        assert!(link_warning(LONG_LINK + 1).is_some_and(|w| w.contains("Download")));
        let bomb = format!("w={}", base64url(&miniz_oxide::deflate::compress_to_vec(&vec![b' '; MAX_INPUT + 10], 9)));
        assert!(from_fragment(&bomb).unwrap_err().contains("MiB"));
    }
}
