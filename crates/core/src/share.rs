//! The builder's saved state, for localStorage and for share links (in the URL fragment,
//! so nothing leaves the browser). Versioned: format 2 holds a whole workspace; format 1
//! (one integration, the builder's first format) still opens, migrated. A corrupt or
//! outdated state is an error with a clear message, never a panic.
//!
//! Links: `#w=` + base64url(raw DEFLATE(JSON)) (miniz_oxide, our base64url; in the web app the
//! browser compresses and inflates: [`from_fragment_with`]), or `#s=` + base64url(JSON),
//! which is also what a browser that cannot compress writes. Inflating is capped at
//! [`MAX_INPUT`] bytes.

use crate::MAX_INPUT;
use crate::json::{Json, Object};
use crate::model::Integration;
use crate::workspace::Workspace;
use serde::Serialize;

/// The current state format version.
pub const VERSION: u32 = 2;

/// A share link longer than this many characters may be cut by chat tools, mail clients
/// and servers (8 KB is a common limit); the page says so and offers the download instead.
pub const LONG_LINK: usize = 8_000;

/// What is saved: the workspace, a revision that grows with every save, and the fields a
/// newer builder wrote that this one does not know (kept, and written back).
#[derive(Clone, Debug, PartialEq)]
pub struct Saved {
    /// The workspace.
    pub workspace: Workspace,
    /// The revision (0 for a state saved before revisions).
    pub rev: u64,
    /// Fields this version does not know.
    pub extra: Extra,
}

impl Saved {
    /// A workspace at revision 0, with no unknown fields.
    pub fn of(workspace: Workspace) -> Saved {
        Saved { workspace, rev: 0, extra: Extra::default() }
    }
}

/// The fields of a saved state (format 2) that this version of the builder does not know:
/// a newer builder may add some, and they must survive a round trip through an older one
/// that shares the storage key. Kept as read and written back where they were: beside
/// `v`, beside `items` in the workspace, and in each item (by its position; the form keeps
/// them with their item when it moves: [`Extra::insert_item`] and the others).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Extra {
    /// Beside `v`, `rev` and `workspace`.
    pub top: Vec<(String, Json)>,
    /// Beside `items`, `selected` and `companions`.
    pub workspace: Vec<(String, Json)>,
    /// In each item, by position (shorter than the items when the last ones have none).
    pub items: Vec<Vec<(String, Json)>>,
}

impl Extra {
    /// Whether there is nothing to keep.
    pub fn is_empty(&self) -> bool {
        self.top.is_empty() && self.workspace.is_empty() && self.items.iter().all(Vec::is_empty)
    }

    /// Where the unknown fields are, as paths (`theme`, `workspace.view`, `items[2].note`).
    pub fn paths(&self) -> Vec<String> {
        let mut out: Vec<String> = self.top.iter().map(|(k, _)| k.clone()).collect();
        out.extend(self.workspace.iter().map(|(k, _)| format!("workspace.{k}")));
        for (n, fields) in self.items.iter().enumerate() {
            out.extend(fields.iter().map(|(k, _)| format!("workspace.items[{n}].{k}")));
        }
        out
    }

    /// An item was inserted at `at` (it has no unknown fields, or `fields`).
    pub fn insert_item(&mut self, at: usize, fields: Vec<(String, Json)>) {
        if fields.is_empty() && at >= self.items.len() {
            return;
        }
        if self.items.len() < at {
            self.items.resize(at, Vec::new());
        }
        self.items.insert(at, fields);
    }

    /// The item at `at` was removed: its unknown fields, if any.
    pub fn remove_item(&mut self, at: usize) -> Vec<(String, Json)> {
        if at < self.items.len() { self.items.remove(at) } else { Vec::new() }
    }

    /// The unknown fields of the item at `at`.
    pub fn item(&self, at: usize) -> &[(String, Json)] {
        self.items.get(at).map_or(&[][..], Vec::as_slice)
    }

    /// The items at `a` and `b` changed places.
    pub fn swap_items(&mut self, a: usize, b: usize) {
        let len = a.max(b) + 1;
        if self.items.len() < len {
            if self.items.iter().all(Vec::is_empty) {
                return;
            }
            self.items.resize(len, Vec::new());
        }
        self.items.swap(a, b);
    }
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

/// Serialises a workspace as saved-state JSON with the unknown fields it was read with
/// ([`Extra`]) back in their places.
pub fn to_json_with(ws: &Workspace, rev: u64, extra: &Extra) -> String {
    if extra.is_empty() {
        return to_json(ws, rev);
    }
    // The shell without items: `{"v":2,"rev":R,"workspace":{"items":[],"selected":S…}}`
    // (no user text in it); the items go between the brackets, each with its own unknown
    // fields before its closing brace, and the others before the closing braces.
    let shell = Workspace { items: Vec::new(), selected: ws.selected, companions: ws.companions };
    let shell = serde_json::to_string(&V2 { v: VERSION, rev, workspace: shell }).unwrap_or_default();
    let (Some(head), Some(tail)) = (shell.find("\"items\":[]").map(|at| at + 9), shell.strip_suffix("}}")) else {
        return to_json(ws, rev);
    };
    let mut out = String::with_capacity(shell.len() + ws.items.len() * 256);
    out.push_str(&shell[..head]);
    for (n, item) in ws.items.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        let text = serde_json::to_string(item).unwrap_or_default();
        push_object_with(&mut out, &text, extra.item(n));
    }
    out.push_str(&tail[head..]);
    push_fields(&mut out, &extra.workspace);
    out.push('}');
    push_fields(&mut out, &extra.top);
    out.push('}');
    out
}

/// `object` (JSON text of an object) with `fields` added before its closing brace.
fn push_object_with(out: &mut String, object: &str, fields: &[(String, Json)]) {
    match object.strip_suffix('}') {
        Some(open) if !fields.is_empty() => {
            out.push_str(open);
            if open.len() > 1 {
                out.push(',');
            }
            for (n, (k, v)) in fields.iter().enumerate() {
                if n > 0 {
                    out.push(',');
                }
                write_string(out, k);
                out.push(':');
                write_json(out, v);
            }
            out.push('}');
        }
        _ => out.push_str(object),
    }
}

/// `,"key":value` for each field.
fn push_fields(out: &mut String, fields: &[(String, Json)]) {
    for (k, v) in fields {
        out.push(',');
        write_string(out, k);
        out.push(':');
        write_json(out, v);
    }
}

fn write_string(out: &mut String, s: &str) {
    out.push_str(&serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into()));
}

/// Writes a parsed JSON value back as text (its numbers as their digits). The depth is
/// [`crate::json::parse`]'s (127 levels at most), so the recursion is bounded.
fn write_json(out: &mut String, j: &Json) {
    match j {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::U64(n) => out.push_str(&n.to_string()),
        Json::I64(n) => out.push_str(&n.to_string()),
        Json::Num(digits) => out.push_str(digits),
        Json::Str(s) => write_string(out, s),
        Json::Arr(items) => {
            out.push('[');
            for (n, item) in items.iter().enumerate() {
                if n > 0 {
                    out.push(',');
                }
                write_json(out, item);
            }
            out.push(']');
        }
        Json::Obj(entries) => {
            out.push('{');
            for (n, (k, v)) in entries.iter().enumerate() {
                if n > 0 {
                    out.push(',');
                }
                write_string(out, k);
                out.push(':');
                write_json(out, v);
            }
            out.push('}');
        }
    }
}

/// The entries of an object that are not `known`, and the object without them.
fn split_unknown(j: &Json, known: &[&str]) -> (Json, Vec<(String, Json)>) {
    match j {
        Json::Obj(entries) => {
            let (keep, extra): (Vec<_>, Vec<_>) = entries.iter().cloned().partition(|(k, _)| known.contains(&k.as_str()));
            (Json::Obj(keep), extra)
        }
        other => (other.clone(), Vec::new()),
    }
}

/// Why a saved state cannot be read ([`from_json`]): the form keeps such a state aside and
/// says why, and a caller can tell a newer builder's state from a damaged one. Its message
/// completes "… could not be read: …".
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SavedError {
    /// The text is not JSON.
    NotJson(crate::json::Error),
    /// JSON, but not a saved state (what is wrong and where, when the reader says).
    NotAConfiguration(Option<crate::json::ShapeError>),
    /// A state of format 2 without its workspace.
    NoWorkspace,
    /// Saved by a newer builder, in this format.
    Newer(u32),
    /// A format this builder never wrote.
    UnknownVersion(u32),
    /// No format version at all.
    NoVersion,
}

impl std::fmt::Display for SavedError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            SavedError::NotJson(e) => write!(f, "{e}"),
            SavedError::NotAConfiguration(Some(e)) => write!(f, "it does not describe a configuration ({e})"),
            SavedError::NotAConfiguration(None) => f.write_str("it does not describe a configuration"),
            SavedError::NoWorkspace => f.write_str("it has no workspace"),
            SavedError::Newer(v) => {
                write!(f, "it was saved by a newer version of the builder (format {v}; this one reads formats 1 and {VERSION})")
            }
            SavedError::UnknownVersion(v) => {
                write!(f, "it has an unknown format version ({v}; this builder reads formats 1 and {VERSION})")
            }
            SavedError::NoVersion => f.write_str("it has no format version"),
        }
    }
}

/// Why a share link cannot be opened ([`link_state`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkError {
    /// Its data is not base64url (the decoder's reason).
    NotBase64(String),
    /// Its `#w=` data does not inflate to at most [`MAX_INPUT`] bytes.
    NotInflated,
    /// Its data does not decode to UTF-8 text.
    NotText,
    /// It decodes, but its state cannot be read.
    Unreadable(SavedError),
}

impl std::fmt::Display for LinkError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            LinkError::NotBase64(e) => write!(f, "the link is damaged: {e}"),
            LinkError::NotInflated => {
                write!(f, "the link is damaged: it does not decompress (or holds more than {} MiB)", MAX_INPUT >> 20)
            }
            LinkError::NotText => f.write_str("the link is damaged: it does not decode to text"),
            LinkError::Unreadable(e) => write!(f, "the link cannot be opened: {e}"),
        }
    }
}

/// Reads saved-state JSON of format 2, or of format 1 (migrated to a workspace of one).
/// Fields of format 2 that this version does not know (a newer builder's) are kept in
/// [`Saved::extra`]; anything else that is not the format is an error that says why.
pub fn from_json(text: &str) -> Result<Saved, SavedError> {
    // Numbers with a fraction (states saved before the model wrote them as `{"number": …}`)
    // are read with their digits as written, like any number that is not a whole `i64`.
    // The parser's message says what is wrong and where ("not valid JSON (line 1, column
    // 4)", "the JSON ends too early (…)"): said once.
    let json: Json = crate::json::parse(text).map_err(SavedError::NotJson)?;
    let shape = |e: crate::json::ShapeError| SavedError::NotAConfiguration(Some(e));
    // The format version first (any other field is read by the format's own reader).
    let probe = Object::new(&json, "an object", &["v"], false).and_then(|o| o.opt::<u32>("v")).map_err(shape)?;
    match probe {
        Some(1) => {
            let o = Object::new(&json, "an object", &["v", "model"], true).map_err(shape)?;
            o.req::<Integration>("model").map(|m| Saved::of(Workspace::of(m))).map_err(shape)
        }
        Some(VERSION) => {
            const TOP: &[&str] = &["v", "rev", "workspace"];
            let (known, top) = split_unknown(&json, TOP);
            let o = Object::new(&known, "an object", TOP, true).map_err(shape)?;
            let rev = o.or_default::<u64>("rev").map_err(shape)?;
            let Json::Obj(entries) = &known else { return Err(SavedError::NotAConfiguration(None)) };
            let ws = entries.iter().find(|(k, _)| k == "workspace").map(|(_, v)| v).ok_or(SavedError::NoWorkspace)?;
            let (mut ws, workspace) = split_unknown(ws, &["items", "selected", "companions"]);
            let mut items_extra = Vec::new();
            if let Json::Obj(entries) = &mut ws
                && let Some((_, Json::Arr(items))) = entries.iter_mut().find(|(k, _)| k == "items")
            {
                let known = [crate::model::SCALAR_ARGS, crate::model::MAP_ARGS, crate::model::CONTEXT_FIELDS].concat();
                for item in items.iter_mut() {
                    let (kept, fields) = split_unknown(item, &known);
                    *item = kept;
                    items_extra.push(fields);
                }
                while items_extra.last().is_some_and(Vec::is_empty) {
                    items_extra.pop();
                }
            }
            let workspace_read = <Workspace as crate::json::FromJson>::from_json(&ws).map_err(|e| shape(e.under("workspace")))?;
            Ok(Saved { workspace: workspace_read.normalized(), rev, extra: Extra { top, workspace, items: items_extra } })
        }
        Some(v) if v > VERSION => Err(SavedError::Newer(v)),
        Some(v) => Err(SavedError::UnknownVersion(v)),
        None => Err(SavedError::NoVersion),
    }
}

/// The localStorage key of a saved state of this format, for the key an instance was
/// given (`storageKey`, or the standalone page's own). Format 2 (and 1 before it) is
/// saved under the key itself; a builder that writes another format saves it under
/// `KEY/vN`, so that versions of the builder side by side on one origin (versioned
/// folders) never overwrite each other's work: each reads and writes its own format's
/// key (README, "Saved state").
pub fn storage_key(base: &str, format: u32) -> String {
    if format <= VERSION { base.to_string() } else { format!("{base}/v{format}") }
}

/// What else the builder keeps in localStorage beside a saved state: under `KEY/backup/MS`
/// a state it could not read, kept as it was before anything was saved over it, and under
/// `KEY/draft/KIND-MS` a draft (a link opened beside saved work, or a tab's version in a
/// conflict), MS being the time it was made (milliseconds since 1970).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kept {
    /// A saved state that could not be read.
    Backup,
    /// A link's workspace, opened beside saved work.
    LinkDraft,
    /// One tab's version of a workspace that another tab saved meanwhile.
    ConflictDraft,
}

impl Kept {
    fn tag(self) -> &'static str {
        match self {
            Kept::Backup => "backup/",
            Kept::LinkDraft => "draft/link-",
            Kept::ConflictDraft => "draft/conflict-",
        }
    }

    /// The key of one such entry, made at `ms`.
    pub fn key(self, base: &str, ms: u64) -> String {
        format!("{base}/{}{ms}", self.tag())
    }

    /// The key of one such entry, made at `ms` by a writer that drew `n`: two tabs that
    /// hear the same save of a third each keep a draft in the same millisecond, and a key
    /// of the time alone would be one key for both, the second draft written over the
    /// first (each tab sees the key free before either writes).
    pub fn key_drawn(self, base: &str, ms: u64, n: u64) -> String {
        format!("{}-{n}", self.key(base, ms))
    }

    /// What `key` holds, if it is one of the entries kept beside `base`, and when it was
    /// made (its key is [`Kept::key`]'s or [`Kept::key_drawn`]'s).
    pub fn of(base: &str, key: &str) -> Option<(Kept, u64)> {
        let rest = key.strip_prefix(base)?.strip_prefix('/')?;
        let number = |digits: &str| digits.parse::<u64>().ok().filter(|n| n.to_string() == digits);
        [Kept::Backup, Kept::LinkDraft, Kept::ConflictDraft].into_iter().find_map(|k| {
            let stamp = rest.strip_prefix(k.tag())?;
            let ms = match stamp.split_once('-') {
                Some((ms, n)) => number(n).and(number(ms))?,
                None => number(stamp)?,
            };
            Some((k, ms))
        })
    }
}

/// A 64-bit FNV-1a hash of a saved state's text: what a tab remembers of the state it last
/// read or wrote, to tell whether another tab wrote since (the text changes with every
/// save: its revision does).
pub fn fingerprint(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
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
pub fn from_fragment(fragment: &str) -> Result<Option<Workspace>, LinkError> {
    from_fragment_with(fragment, |packed| miniz_oxide::inflate::decompress_to_vec_with_limit(packed, MAX_INPUT).map_err(|_| ()))
}

/// [`from_fragment`] with the inflater of `#w=` links given: `inflate` gets the link's
/// raw DEFLATE bytes and returns them inflated, or `Err` when they do not inflate to at
/// most [`MAX_INPUT`] bytes. (The web app has the browser inflate them, before it mounts:
/// `ui::state::prepare_link`; so its wasm carries no inflater, 4.7 KB of brotli.)
pub fn from_fragment_with(fragment: &str, inflate: impl FnOnce(&[u8]) -> Result<Vec<u8>, ()>) -> Result<Option<Workspace>, LinkError> {
    link_state(fragment, inflate).map(|s| s.map(|s| s.workspace))
}

/// [`from_fragment_with`], with the whole state the link carries (its unknown fields too).
pub fn link_state(fragment: &str, inflate: impl FnOnce(&[u8]) -> Result<Vec<u8>, ()>) -> Result<Option<Saved>, LinkError> {
    let f = fragment.trim_start_matches('#');
    let text = if let Some(packed) = deflated_bytes(f)? {
        let bytes = inflate(&packed).map_err(|()| LinkError::NotInflated)?;
        String::from_utf8(bytes).map_err(|_| LinkError::NotText)?
    } else if let Some(data) = f.split('&').find_map(|p| p.strip_prefix("s=")) {
        let bytes = from_base64url(data).map_err(LinkError::NotBase64)?;
        String::from_utf8(bytes).map_err(|_| LinkError::NotText)?
    } else {
        return Ok(None);
    };
    from_json(&text).map(Some).map_err(LinkError::Unreadable)
}

/// The raw DEFLATE bytes of a `#w=` link (with or without `#`); `Ok(None)` for any other
/// fragment.
pub fn deflated_bytes(fragment: &str) -> Result<Option<Vec<u8>>, LinkError> {
    let f = fragment.trim_start_matches('#');
    match f.split('&').find_map(|p| p.strip_prefix("w=")) {
        Some(data) => from_base64url(data).map(Some).map_err(LinkError::NotBase64),
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
        assert!(from_fragment("#w=!!!").unwrap_err().to_string().contains("damaged"));
        assert!(from_fragment("#w=AAAA").unwrap_err().to_string().contains("decompress"));
        // The web app's path: the inflater is given, and gets exactly the link's bytes.
        let packed = miniz_oxide::deflate::compress_to_vec(to_json(&ws, 0).as_bytes(), 6);
        let link = format!("#{}", deflated_fragment(&packed));
        assert_eq!(deflated_bytes(&link), Ok(Some(packed.clone())));
        assert_eq!(deflated_bytes("#s=e30"), Ok(None));
        assert!(deflated_bytes("#w=!!!").unwrap_err().to_string().contains("damaged"));
        let inflate = |p: &[u8]| miniz_oxide::inflate::decompress_to_vec(p).map_err(|_| ());
        assert_eq!(from_fragment_with(&link, |p| if p == packed { inflate(p) } else { Err(()) }), Ok(Some(ws.clone())));
        assert!(from_fragment_with(&link, |_| Err(())).unwrap_err().to_string().contains("does not decompress (or holds more than 4 MiB)"));
        assert!(from_fragment_with(&link, |_| Ok(vec![0xff])).unwrap_err().to_string().contains("does not decode to text"));
        assert!(from_fragment_with("#s=e30&x", |_| panic!("not a deflated link")).unwrap_err().to_string().contains("cannot be opened"));
        assert!(
            from_fragment(&format!("s={}", base64url(br#"{"v":0,"model":{}}"#)))
                .unwrap_err()
                .to_string()
                .contains("unknown format version (0")
        );
        assert!(
            from_fragment(&format!("s={}", base64url(br#"{"v":3,"model":{}}"#)))
                .unwrap_err()
                .to_string()
                .contains("newer version of the builder (format 3")
        );
        assert!(from_json("{").unwrap_err().to_string().contains("ends too early"));
        // Said once: the reason reads "…could not be read: not valid JSON (line 1, column 2)."
        assert_eq!(from_json("{x").unwrap_err().to_string(), "not valid JSON (line 1, column 2)");
        let wrong = from_json(r#"{"v":2,"workspace":{"items":[{"name":7}]}}"#).unwrap_err().to_string();
        assert!(wrong.contains("does not describe") && wrong.contains("workspace.items[0].name"), "{wrong}");
    }

    /// A caller can tell why a state or a link does not open (a newer builder's state is not a
    /// damaged one), and each error says what it said when it was a string.
    #[test]
    fn errors_are_typed_and_say_what_they_said() {
        assert_eq!(from_json(r#"{"v":3}"#), Err(SavedError::Newer(3)));
        assert_eq!(from_json(r#"{"v":0}"#), Err(SavedError::UnknownVersion(0)));
        assert_eq!(from_json("{}"), Err(SavedError::NoVersion));
        assert_eq!(from_json(r#"{"v":2}"#), Err(SavedError::NoWorkspace));
        assert!(matches!(from_json("{"), Err(SavedError::NotJson(_))));
        assert!(matches!(from_json(r#"{"v":2,"workspace":{"items":[{"name":7}]}}"#), Err(SavedError::NotAConfiguration(Some(_)))));
        let said = |e: SavedError| e.to_string();
        assert_eq!(said(SavedError::Newer(3)), "it was saved by a newer version of the builder (format 3; this one reads formats 1 and 2)");
        assert_eq!(said(SavedError::UnknownVersion(0)), "it has an unknown format version (0; this builder reads formats 1 and 2)");
        assert_eq!(said(SavedError::NoVersion), "it has no format version");
        assert_eq!(said(SavedError::NoWorkspace), "it has no workspace");
        assert_eq!(said(SavedError::NotAConfiguration(None)), "it does not describe a configuration");
        assert_eq!(said(from_json("{").unwrap_err()), "the JSON ends too early (line 1, column 1)");

        assert_eq!(from_fragment("#w=AAAA"), Err(LinkError::NotInflated));
        assert!(matches!(from_fragment("#w=!!!"), Err(LinkError::NotBase64(_))));
        assert!(matches!(deflated_bytes("#w=!!!"), Err(LinkError::NotBase64(_))));
        assert_eq!(from_fragment_with("#s=e30", |_| Err(())), Err(LinkError::Unreadable(SavedError::NoVersion)));
        assert_eq!(from_fragment(&format!("#s={}", base64url(&[0xff]))), Err(LinkError::NotText));
        assert_eq!(LinkError::NotInflated.to_string(), "the link is damaged: it does not decompress (or holds more than 4 MiB)");
        assert_eq!(LinkError::NotText.to_string(), "the link is damaged: it does not decode to text");
        assert_eq!(LinkError::NotBase64("Invalid input length.".into()).to_string(), "the link is damaged: Invalid input length.");
        assert_eq!(LinkError::Unreadable(SavedError::NoVersion).to_string(), "the link cannot be opened: it has no format version");
    }

    #[test]
    fn the_first_format_opens_migrated() {
        let m = crate::presets::PRESETS[3].model();
        let v1 = serde_json::json!({"v": 1, "model": m}).to_string();
        assert_eq!(from_json(&v1), Ok(Saved::of(Workspace::of(m.clone()))));
        let link = format!("#s={}", base64url(v1.as_bytes()));
        assert_eq!(from_fragment(&link), Ok(Some(Workspace::of(m))));
        assert!(from_json(r#"{"v":1,"model":{"nope":1}}"#).unwrap_err().to_string().contains("does not describe"));
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
        assert!(from_fragment(&bomb).unwrap_err().to_string().contains("MiB"));
    }

    /// A newer builder's fields survive a round trip: read, kept where they were, written
    /// back; the state reads the same again.
    #[test]
    fn unknown_fields_of_a_newer_builder_survive_a_round_trip() {
        let text = r#"{"v":2,"rev":4,"theme":{"dark":true,"n":1.50},"workspace":{"items":[{"name":"a","note":"x"},{"name":"b"},{"name":"c","tags":["t",null,-3]}],"selected":1,"view":"list"}}"#;
        let saved = from_json(text).expect("reads");
        assert_eq!(saved.rev, 4);
        assert_eq!(saved.workspace.items.len(), 3);
        assert_eq!(
            saved.extra.paths(),
            ["theme", "workspace.view", "workspace.items[0].note", "workspace.items[2].tags"].map(String::from)
        );
        let again = to_json_with(&saved.workspace, 5, &saved.extra);
        assert!(again.starts_with(r#"{"v":2,"rev":5,"workspace":{"items":[{"name":"a","#), "{again}");
        assert!(again.contains(r#""note":"x"}"#) && again.contains(r#","view":"list"}"#), "{again}");
        assert!(again.ends_with(r#","theme":{"dark":true,"n":1.50}}"#), "{again}");
        let read = from_json(&again).expect("reads again");
        assert_eq!((read.workspace, read.extra), (saved.workspace.clone(), saved.extra.clone()));
        // With none, the text is what it always was.
        assert_eq!(to_json_with(&saved.workspace, 5, &Extra::default()), to_json(&saved.workspace, 5));
        // They move with their item.
        let mut extra = saved.extra.clone();
        extra.swap_items(0, 2);
        assert_eq!(extra.item(0)[0].0, "tags");
        assert_eq!(extra.remove_item(2)[0].0, "note");
        extra.insert_item(0, Vec::new());
        assert_eq!((extra.item(0).len(), extra.item(1)[0].0.as_str()), (0, "tags"));
        let mut none = Extra::default();
        none.insert_item(3, Vec::new());
        none.swap_items(0, 5);
        assert!(none.items.is_empty());
    }

    #[test]
    fn the_key_carries_the_format_and_kept_entries_are_named_by_kind_and_time() {
        assert_eq!(storage_key("apigw-integration-builder/state", VERSION), "apigw-integration-builder/state");
        assert_eq!(storage_key("k", 1), "k");
        assert_eq!(storage_key("k", 3), "k/v3");
        for kind in [Kept::Backup, Kept::LinkDraft, Kept::ConflictDraft] {
            let key = kind.key("docs/x", 1_733_600_000_123);
            assert_eq!(Kept::of("docs/x", &key), Some((kind, 1_733_600_000_123)), "{key}");
            assert_eq!(Kept::of("docs/y", &key), None);
        }
        let drawn = Kept::LinkDraft.key_drawn("k", 1_733_600_000_123, 42);
        assert_eq!(drawn, "k/draft/link-1733600000123-42");
        assert_eq!(Kept::of("k", &drawn), Some((Kept::LinkDraft, 1_733_600_000_123)));
        for bad in ["k/draft/link-1-", "k/draft/link--1", "k/draft/link-1-01", "k/draft/link-1-2-3", "k/backup/1-x"] {
            assert_eq!(Kept::of("k", bad), None, "{bad}");
        }
        assert_eq!(Kept::of("k", "k/backup/01"), None);
        assert_eq!(Kept::of("k", "k/draft/other-1"), None);
        assert_eq!(Kept::of("k", "k"), None);
        assert_ne!(fingerprint(r#"{"v":2,"rev":1}"#), fingerprint(r#"{"v":2,"rev":2}"#));
        assert_eq!(fingerprint(""), 0xcbf2_9ce4_8422_2325);
    }
}
