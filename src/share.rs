//! The builder's saved state, for localStorage and for share links (`#s=…` in the URL
//! fragment, so nothing leaves the browser). Versioned; a corrupt or outdated state is
//! an error with a clear message, never a panic.

use crate::model::Integration;
use serde::{Deserialize, Serialize};

/// The current state format version.
pub const VERSION: u32 = 1;

/// What is saved.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct State {
    /// The format version.
    pub v: u32,
    /// The configuration.
    pub model: Integration,
}

/// Serialises a model as saved-state JSON.
pub fn to_json(model: &Integration) -> String {
    serde_json::to_string(&State { v: VERSION, model: model.clone() }).unwrap_or_default()
}

/// Reads saved-state JSON.
pub fn from_json(text: &str) -> Result<Integration, String> {
    #[derive(Deserialize)]
    struct Probe {
        v: Option<u32>,
    }
    let probe: Probe = serde_json::from_str(text).map_err(|e| format!("it is not valid JSON ({e})"))?;
    match probe.v {
        Some(VERSION) => {}
        Some(v) => return Err(format!("it was saved by another version of the builder (format {v}, this one reads {VERSION})")),
        None => return Err("it has no format version".into()),
    }
    serde_json::from_str::<State>(text).map(|s| s.model).map_err(|e| format!("it does not describe a configuration ({e})"))
}

/// What a link or saved state brings that the form's fields do not show (items kept as
/// written, comment lines), as a notice to read before copying anything; `None` if nothing.
pub fn hidden_content(source: &str, m: &Integration) -> Option<String> {
    let comments = m.layout.iter().flatten().filter(|l| matches!(l, crate::model::LayoutItem::Comment(_))).count();
    if m.verbatim.is_empty() && comments == 0 {
        return None;
    }
    let mut names: Vec<String> = m.verbatim.iter().map(|v| format!("`{}`", v.name.escape_debug())).collect();
    if comments > 0 {
        names.push(format!("{comments} comment line{}", if comments == 1 { "" } else { "s" }));
    }
    let runs = m.verbatim.iter().any(|v| matches!(v.name.as_str(), "provisioner" | "connection"));
    let danger =
        if runs { " It includes a provisioner or connection, which runs a command or opens a connection when you apply." } else { "" };
    Some(format!(
        "{source} adds content the form does not show: {}. Review it under “Kept as written” before you copy anything.{danger}",
        names.join(", ")
    ))
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Base64url without padding.
pub fn base64url(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |acc, (k, b)| acc | (u32::from(*b) << (16 - 8 * k)));
        for k in 0..=chunk.len() {
            out.push(ALPHABET[((n >> (18 - 6 * k)) & 63) as usize] as char);
        }
    }
    out
}

/// Decodes base64url (padding and standard `+/` accepted).
pub fn from_base64url(text: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0;
    for c in text.trim_end_matches('=').bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            _ => return Err(format!("`{}` is not a base64 character", c as char)),
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Ok(out)
}

/// The URL fragment (without `#`) that carries a model.
pub fn to_fragment(model: &Integration) -> String {
    format!("s={}", base64url(to_json(model).as_bytes()))
}

/// Reads a URL fragment (with or without `#`); `Ok(None)` if it carries no state.
pub fn from_fragment(fragment: &str) -> Result<Option<Integration>, String> {
    let f = fragment.trim_start_matches('#');
    let Some(data) = f.split('&').find_map(|p| p.strip_prefix("s=")) else { return Ok(None) };
    let bytes = from_base64url(data).map_err(|e| format!("the link is damaged: {e}"))?;
    let text = String::from_utf8(bytes).map_err(|_| "the link is damaged: it does not decode to text".to_string())?;
    from_json(&text).map(Some).map_err(|e| format!("the link cannot be opened: {e}"))
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
    }

    #[test]
    fn fragments_round_trip_and_fail_clearly() {
        let m = crate::presets::PRESETS[3].model();
        assert_eq!(from_fragment(&format!("#{}", to_fragment(&m))), Ok(Some(m)));
        assert_eq!(from_fragment("#other=1"), Ok(None));
        assert!(from_fragment("#s=!!!").unwrap_err().contains("damaged"));
        assert!(from_fragment(&format!("s={}", base64url(br#"{"v":0,"model":{}}"#))).unwrap_err().contains("another version"));
        assert!(from_json("{").unwrap_err().contains("not valid JSON"));
        assert!(from_json(r#"{"v":1,"model":{"nope":1}}"#).unwrap_err().contains("does not describe"));
    }
}
