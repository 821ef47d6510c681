//! Reading JSON into the model: [`parse`] reads the text into a [`Json`] tree, and each
//! type reads itself from the tree ([`FromJson`]), with the rules serde's derive would
//! apply (`deny_unknown_fields`, defaults, `null` for an absent option).
//!
//! Hand-written instead of `#[derive(Deserialize)]`: the derived visitors (one per struct,
//! each with a path for objects and one for arrays, field identifiers read as strings,
//! bytes or indices, and drop code for every early return) were the largest part of the web
//! bundle's JSON reading; and these readers say where an error is (`items[0].api_id`) and
//! let a saved state keep the fields a newer builder wrote. Where their code lands in the
//! split bundle today: docs/performance.md, "JSON and the HCL parser in the bundle". These
//! readers are the only ones: the types' `serde::Deserialize` impls
//! ([`deserialize_via_json!`](crate::deserialize_via_json)) go through them too, so native
//! code, the reader module and the web bundle read JSON alike.
//!
//! The text is parsed by [`parse`], a small recursive-descent parser of our own that
//! accepts exactly what serde_json accepts (a differential fuzz target,
//! `fuzz/fuzz_targets/json.rs`, holds it to that against `serde_json::Value`): each number as
//! a `u64`, an `i64` or its digits, object entries in document order, a key written twice
//! kept twice. Not serde_json's reader, for size. Native code
//! reading JSON through serde (`serde_json::from_str` into a model type) has serde_json check
//! the text and then reads it with [`parse`] too, so every path gives the same tree.

use serde::de::{self, Deserializer};
use std::fmt;

/// A parsed JSON document, as serde_json's reader saw it.
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    /// A non-negative integer that fits `u64`.
    U64(u64),
    /// A negative integer that fits `i64`.
    I64(i64),
    /// Any other number (a fraction, an exponent, or too large for 64 bits), its digits as
    /// written (an exponent's mark as `e+` or `e-`): serde_json reads numbers with
    /// `arbitrary_precision`, never through a float.
    Num(String),
    Str(String),
    Arr(Vec<Json>),
    /// Entries in document order; a key written twice is here twice.
    Obj(Vec<(String, Json)>),
}

/// JSON that is not the shape of the type read: what is wrong, and where (`items[0].name`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShapeError {
    pub message: String,
    /// The path from the document's root, empty at the root.
    pub path: String,
}

impl ShapeError {
    pub fn new(message: impl Into<String>) -> ShapeError {
        ShapeError { message: message.into(), path: String::new() }
    }

    /// The same error, one level further from the root: `step` is a field name or `[i]`.
    pub fn under(mut self, step: &str) -> ShapeError {
        self.path = match (self.path.is_empty(), self.path.starts_with('[')) {
            (true, _) => step.to_string(),
            (false, true) => format!("{step}{}", self.path),
            (false, false) => format!("{step}.{}", self.path),
        };
        self
    }
}

impl fmt::Display for ShapeError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.message)?;
        if !self.path.is_empty() {
            write!(f, " (at `{}`)", self.path)?;
        }
        Ok(())
    }
}

/// Text that is not JSON: where, as serde_json says it (line from 1; column: the bytes
/// before the end of the text when it ends too early, else the offending byte's, from 1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// The text ended where a value, a string or a bracket was still expected.
    pub eof: bool,
    pub line: usize,
    pub column: usize,
}

/// Why a text could not be read as a `T`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    /// Not JSON at all (said with its line and column, see [`Error`]'s `Display`).
    Syntax(SyntaxError),
    /// JSON, but not the shape of a `T`.
    Shape(ShapeError),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            // The text read here is the builder's own JSON (saved state, links, the reader
            // module's answers, `JSON.stringify` of what the JS API is given), so a syntax
            // error means a damaged copy, and where it is tells enough.
            Error::Syntax(e) => {
                let what = if e.eof { "the JSON ends too early" } else { "not valid JSON" };
                write!(f, "{what} (line {}, column {})", e.line, e.column)
            }
            Error::Shape(e) => e.fmt(f),
        }
    }
}

/// A type read from a JSON tree.
pub trait FromJson: Sized {
    fn from_json(j: &Json) -> Result<Self, ShapeError>;
}

/// Parses `text` as JSON (a syntax error is [`Error::Syntax`]). What serde_json accepts,
/// with its limit of 127 nested arrays and objects; a string's lone surrogate escape is
/// refused (see [`crate::embed::well_formed_json`] for text that may have one).
pub fn parse(text: &str) -> Result<Json, Error> {
    let mut p = Parser { text, at: 0, depth: 0 };
    let value = p.value()?;
    p.space();
    if p.at < text.len() {
        return Err(p.fail());
    }
    Ok(value)
}

/// Nested arrays and objects beyond this many are refused, as serde_json refuses them.
const MAX_DEPTH: u8 = 127;

struct Parser<'a> {
    text: &'a str,
    /// A byte offset, always at a character boundary.
    at: usize,
    depth: u8,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    /// The byte at the cursor, consumed; the text's end is a syntax error.
    fn next(&mut self) -> Result<u8, Error> {
        let b = self.peek().ok_or_else(|| self.fail())?;
        self.at += 1;
        Ok(b)
    }

    /// A syntax error at the cursor (the text's end, if it is there).
    #[inline(never)]
    fn fail(&self) -> Error {
        let eof = self.at >= self.text.len();
        // serde_json's position: the end, or just after the offending byte.
        let at = if eof { self.text.len() } else { self.at + 1 };
        let before = self.text.as_bytes().get(..at).unwrap_or_default();
        let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |n| n + 1);
        let line = 1 + before.iter().take(line_start).filter(|&&b| b == b'\n').count();
        Error::Syntax(SyntaxError { eof, line, column: at - line_start })
    }

    /// Fails at the byte just read.
    fn fail_back(&mut self) -> Error {
        self.at -= 1;
        self.fail()
    }

    fn space(&mut self) {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.peek() {
            self.at += 1;
        }
    }

    fn value(&mut self) -> Result<Json, Error> {
        self.space();
        match self.peek() {
            Some(b'n') => self.word("null", Json::Null),
            Some(b't') => self.word("true", Json::Bool(true)),
            Some(b'f') => self.word("false", Json::Bool(false)),
            Some(b'"') => self.string().map(Json::Str),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(open @ (b'[' | b'{')) => {
                if self.depth >= MAX_DEPTH {
                    return Err(self.fail());
                }
                self.depth += 1;
                self.at += 1;
                let value = if open == b'[' { self.array() } else { self.object() };
                self.depth -= 1;
                value
            }
            _ => Err(self.fail()),
        }
    }

    fn word(&mut self, word: &str, value: Json) -> Result<Json, Error> {
        for &want in word.as_bytes() {
            if self.next()? != want {
                return Err(self.fail_back());
            }
        }
        Ok(value)
    }

    /// After `[`. (Arrays and objects share this loop's shape; one helper for both measured
    /// +278 B of the web bundle, so each has its own.)
    fn array(&mut self) -> Result<Json, Error> {
        let mut items = Vec::new();
        self.space();
        if self.peek() == Some(b']') {
            self.at += 1;
            return Ok(Json::Arr(items));
        }
        loop {
            items.push(self.value()?);
            self.space();
            match self.next()? {
                b',' => {}
                b']' => return Ok(Json::Arr(items)),
                _ => return Err(self.fail_back()),
            }
        }
    }

    /// After `{`.
    fn object(&mut self) -> Result<Json, Error> {
        let mut entries = Vec::new();
        self.space();
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Ok(Json::Obj(entries));
        }
        loop {
            self.space();
            if self.peek() != Some(b'"') {
                return Err(self.fail());
            }
            let key = self.string()?;
            self.space();
            if self.next()? != b':' {
                return Err(self.fail_back());
            }
            entries.push((key, self.value()?));
            self.space();
            match self.next()? {
                b',' => {}
                b'}' => return Ok(Json::Obj(entries)),
                _ => return Err(self.fail_back()),
            }
        }
    }

    /// At `"`.
    fn string(&mut self) -> Result<String, Error> {
        self.at += 1;
        let mut out = String::new();
        loop {
            // A run of plain text: it ends at an ASCII byte or the text's end, so both ends
            // are character boundaries.
            let start = self.at;
            while let Some(b) = self.peek()
                && b != b'"'
                && b != b'\\'
                && b >= 0x20
            {
                self.at += 1;
            }
            out.push_str(self.text.get(start..self.at).ok_or_else(|| self.fail())?);
            match self.next()? {
                b'"' => return Ok(out),
                b'\\' => out.push(self.escape()?),
                // A control character, which JSON writes escaped.
                _ => return Err(self.fail_back()),
            }
        }
    }

    /// After `\\`.
    fn escape(&mut self) -> Result<char, Error> {
        Ok(match self.next()? {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let unit = self.hex4()?;
                let code = match unit {
                    0xD800..=0xDBFF => {
                        // A high surrogate: its low one must follow, as `\uDC00`-`\uDFFF`.
                        if self.next()? != b'\\' || self.next()? != b'u' {
                            return Err(self.fail_back());
                        }
                        let low = self.hex4()?;
                        if !(0xDC00..=0xDFFF).contains(&low) {
                            return Err(self.fail_back());
                        }
                        0x10000 + ((u32::from(unit) - 0xD800) << 10) + (u32::from(low) - 0xDC00)
                    }
                    0xDC00..=0xDFFF => return Err(self.fail_back()),
                    unit => u32::from(unit),
                };
                char::from_u32(code).ok_or_else(|| self.fail())?
            }
            _ => return Err(self.fail_back()),
        })
    }

    /// Four hex digits, after `\\u`.
    fn hex4(&mut self) -> Result<u16, Error> {
        // Fewer than four bytes left is the text ending too early, as serde_json says.
        if self.text.len() - self.at < 4 {
            self.at = self.text.len();
            return Err(self.fail());
        }
        let mut n = 0u16;
        let start = self.at;
        for _ in 0..4 {
            let Some(digit) = (self.next()? as char).to_digit(16) else {
                // Said after the four bytes, where serde_json says it.
                self.at = start + 3;
                return Err(self.fail());
            };
            n = (n << 4) | digit as u16;
        }
        Ok(n)
    }

    /// A number, as serde_json's `arbitrary_precision` reads it: a whole number that fits
    /// a `u64` (or, negative, an `i64`) is one; any other keeps its digits, its exponent's
    /// mark written `e+` or `e-`.
    fn number(&mut self) -> Result<Json, Error> {
        let start = self.at;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.at += 1;
        }
        match self.next()? {
            b'0' if matches!(self.peek(), Some(b'0'..=b'9')) => return Err(self.fail()),
            b'0' => {}
            b'1'..=b'9' => self.digits(),
            _ => return Err(self.fail_back()),
        }
        let mut fraction = false;
        if self.peek() == Some(b'.') {
            self.at += 1;
            fraction = true;
            self.some_digits()?;
        }
        let mantissa = self.text.get(start..self.at).unwrap_or_default();
        if let Some(b'e' | b'E') = self.peek() {
            self.at += 1;
            let sign = match self.peek() {
                Some(b'-') => "-",
                Some(b'+') => "+",
                _ => "",
            };
            self.at += sign.len();
            let from = self.at;
            self.some_digits()?;
            let exponent = self.text.get(from..self.at).unwrap_or_default();
            return Ok(Json::Num(format!("{mantissa}e{}{exponent}", if sign.is_empty() { "+" } else { sign })));
        }
        if !fraction {
            if !negative && let Ok(n) = mantissa.parse() {
                return Ok(Json::U64(n));
            }
            if negative
                && mantissa != "-0"
                && let Ok(n) = mantissa.parse()
            {
                return Ok(Json::I64(n));
            }
        }
        Ok(Json::Num(mantissa.to_string()))
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.at += 1;
        }
    }

    /// At least one digit.
    fn some_digits(&mut self) -> Result<(), Error> {
        if !self.next()?.is_ascii_digit() {
            return Err(self.fail_back());
        }
        self.digits();
        Ok(())
    }
}

/// Reads a parsed document as a `T` (a shape error is [`Error::Shape`]).
pub fn read<T: FromJson>(json: &Json) -> Result<T, Error> {
    T::from_json(json).map_err(Error::Shape)
}

/// Parses `text` and reads it as a `T`: what `serde_json::from_str` does.
pub fn from_str<T: FromJson>(text: &str) -> Result<T, Error> {
    read(&parse(text)?)
}

/// "invalid type: integer `7`, expected a string", as serde words it.
pub fn invalid_type(found: &Json, expected: &str) -> ShapeError {
    let found = match found {
        Json::Null => "null".to_string(),
        Json::Bool(b) => format!("boolean `{b}`"),
        Json::U64(n) => format!("integer `{n}`"),
        Json::I64(n) => format!("integer `{n}`"),
        Json::Num(digits) => format!("number `{digits}`"),
        // Quoted as JSON, by the serializer the bundle has anyway (`{:?}` would bring Rust's
        // escaping and Unicode's printable tables).
        Json::Str(s) => format!("string {}", serde_json::to_string(s).unwrap_or_default()),
        Json::Arr(_) => "sequence".to_string(),
        Json::Obj(_) => "map".to_string(),
    };
    ShapeError::new(format!("invalid type: {found}, expected {expected}"))
}

impl FromJson for String {
    fn from_json(j: &Json) -> Result<String, ShapeError> {
        match j {
            Json::Str(s) => Ok(s.clone()),
            other => Err(invalid_type(other, "a string")),
        }
    }
}

impl FromJson for bool {
    fn from_json(j: &Json) -> Result<bool, ShapeError> {
        match j {
            Json::Bool(b) => Ok(*b),
            other => Err(invalid_type(other, "a boolean")),
        }
    }
}

/// A non-negative integer of at most `max`.
fn unsigned(j: &Json, max: u64) -> Result<u64, ShapeError> {
    match j {
        Json::U64(n) if *n <= max => Ok(*n),
        Json::U64(n) => Err(ShapeError::new(format!("invalid value: integer `{n}`, expected at most {max}"))),
        other => Err(invalid_type(other, "a non-negative integer")),
    }
}

impl FromJson for u32 {
    fn from_json(j: &Json) -> Result<u32, ShapeError> {
        unsigned(j, u32::MAX.into()).map(|n| n as u32)
    }
}

impl FromJson for u64 {
    fn from_json(j: &Json) -> Result<u64, ShapeError> {
        unsigned(j, u64::MAX)
    }
}

impl FromJson for usize {
    fn from_json(j: &Json) -> Result<usize, ShapeError> {
        unsigned(j, usize::MAX as u64).map(|n| n as usize)
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(j: &Json) -> Result<Vec<T>, ShapeError> {
        let Json::Arr(items) = j else { return Err(invalid_type(j, "a sequence")) };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            out.push(T::from_json(item).map_err(|e| at_index(e, i))?);
        }
        Ok(out)
    }
}

#[inline(never)]
fn at_index(e: ShapeError, i: usize) -> ShapeError {
    e.under(&format!("[{i}]"))
}

/// Reads a field's value as a `T`; an error says which field. Not inlined: a struct's
/// reader calls it once per field (an optional field reads an `Option`: `null` is `None`).
#[inline(never)]
pub fn field<T: FromJson>(value: &Json, name: &str) -> Result<T, ShapeError> {
    T::from_json(value).map_err(|e| e.under(name))
}

/// `null` is `None`, as serde reads an `Option`.
impl<T: FromJson> FromJson for Option<T> {
    fn from_json(j: &Json) -> Result<Option<T>, ShapeError> {
        match j {
            Json::Null => Ok(None),
            other => T::from_json(other).map(Some),
        }
    }
}

/// A unit-variant enum: one of `names` (a string), mapped to its value.
pub fn variant<T: Copy>(j: &Json, what: &str, variants: &[(&str, T)]) -> Result<T, ShapeError> {
    let Json::Str(s) = j else { return Err(invalid_type(j, what)) };
    variants.iter().find(|(name, _)| name == s).map(|(_, v)| *v).ok_or_else(|| {
        let names: Vec<&str> = variants.iter().map(|(n, _)| *n).collect();
        ShapeError::new(format!("unknown variant `{s}`, expected {}", one_of(&names)))
    })
}

/// "`a`, `b` or `c`"-style lists, as serde writes them: "one of `a`, `b`, `c`".
fn one_of(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    format!("one of {}", quoted.join(", "))
}

/// A JSON object read as a struct: each key must be one of `fields` (when `deny_unknown`),
/// at most once.
pub struct Object<'a> {
    entries: &'a [(String, Json)],
}

impl<'a> Object<'a> {
    /// Checks the keys. `what` names the struct's shape for a non-object ("a configuration").
    pub fn new(j: &'a Json, what: &str, fields: &[&str], deny_unknown: bool) -> Result<Object<'a>, ShapeError> {
        let Json::Obj(entries) = j else { return Err(invalid_type(j, what)) };
        for (i, (key, _)) in entries.iter().enumerate() {
            let known = fields.contains(&key.as_str());
            if !known && deny_unknown {
                return Err(ShapeError::new(format!("unknown field `{key}`, expected {}", one_of(fields))));
            }
            if known && entries[..i].iter().any(|(k, _)| k == key) {
                return Err(ShapeError::new(format!("duplicate field `{key}`")));
            }
        }
        Ok(Object { entries })
    }

    /// The field's value, if present.
    fn value(&self, name: &str) -> Option<&'a Json> {
        self.entries.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    /// An optional field: absent or `null` is `None`.
    pub fn opt<T: FromJson>(&self, name: &str) -> Result<Option<T>, ShapeError> {
        match self.value(name) {
            None => Ok(None),
            Some(v) => field(v, name),
        }
    }

    /// A field with a default (`#[serde(default)]`): absent is the default, `null` is not.
    pub fn or_default<T: FromJson + Default>(&self, name: &str) -> Result<T, ShapeError> {
        match self.value(name) {
            None => Ok(T::default()),
            Some(v) => field(v, name),
        }
    }

    /// A required field.
    pub fn req<T: FromJson>(&self, name: &str) -> Result<T, ShapeError> {
        match self.value(name) {
            None => Err(ShapeError::new(format!("missing field `{name}`"))),
            Some(v) => field(v, name),
        }
    }
}

/// Implements `serde::Deserialize` through [`FromJson`], so that every reader of these
/// types (serde_json in native code and tests included) reads them the same way.
#[macro_export]
macro_rules! deserialize_via_json {
    ($($t:ty),* $(,)?) => {$(
        impl<'de> ::serde::Deserialize<'de> for $t {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let json = <$crate::json::Json as ::serde::Deserialize>::deserialize(d)?;
                <$t as $crate::json::FromJson>::from_json(&json).map_err(<D::Error as ::serde::de::Error>::custom)
            }
        }
    )*};
}

/// serde's way in, for native code that reads JSON through serde_json (`serde_json::from_str`
/// into a model type, or into `Json`): serde_json checks the text and hands over the value's
/// exact text (a [`RawValue`](serde_json::value::RawValue), its public API for that), and
/// [`parse`] reads it, so this path gives the very tree the web bundle's path gives: numbers
/// as their digits, a key written twice kept twice. (Reading through a visitor would need
/// serde_json's private key for a number's digits, which any release may change.) Only
/// serde_json's deserializers can give a raw value; another deserializer is refused.
impl<'de> de::Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Json, D::Error> {
        let raw = <Box<serde_json::value::RawValue> as de::Deserialize>::deserialize(d)?;
        let text = raw.get();
        parse(text).map_err(|e| match e {
            // serde_json has checked the syntax, so `parse` refuses only what it reads no
            // further than the web bundle does: deep nesting, or half a surrogate pair.
            Error::Syntax(s) => {
                let offset = text.split_inclusive('\n').take(s.line.saturating_sub(1)).map(str::len).sum::<usize>() + s.column;
                let why = match text.as_bytes().get(offset.saturating_sub(1)) {
                    Some(b'[' | b'{') => "arrays and objects are nested more than 127 levels deep",
                    _ => "a \\u escape is half of a surrogate pair, which no text can hold",
                };
                de::Error::custom(format_args!("{why} (line {}, column {} of the value)", s.line, s.column))
            }
            Error::Shape(s) => de::Error::custom(s),
        })
    }
}

// Diagnostics (`crate::diag`, which stays free of the rest of the crate) cross from the
// reader module as JSON; fields they do not have are ignored there (a newer reader may say more).
crate::deserialize_via_json!(Severity, Pos, Diagnostic);
use crate::diag::{Diagnostic, Pos, Severity};

impl FromJson for Severity {
    fn from_json(j: &Json) -> Result<Severity, ShapeError> {
        variant(j, "a severity", &[("error", Severity::Error), ("warning", Severity::Warning), ("info", Severity::Info)])
    }
}

impl FromJson for Pos {
    fn from_json(j: &Json) -> Result<Pos, ShapeError> {
        let o = Object::new(j, "a position", &["line", "column"], false)?;
        Ok(Pos { line: o.req("line")?, column: o.req("column")? })
    }
}

impl FromJson for Diagnostic {
    fn from_json(j: &Json) -> Result<Diagnostic, ShapeError> {
        let o = Object::new(j, "a diagnostic", &["code", "severity", "path", "message", "pos"], false)?;
        Ok(Diagnostic {
            code: o.req("code")?,
            severity: o.req("severity")?,
            path: o.req("path")?,
            message: o.req("message")?,
            pos: o.opt("pos")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_their_digits() {
        // Digits as written; serde_json writes the exponent's mark as `e+` or `e-`.
        let num = |t: &str| Json::Num(t.into());
        assert_eq!(parse("[12, -3, 1.50, -2e3, 1E+2, 0.0, -0, 18446744073709551616]").expect("parses"), {
            Json::Arr(vec![
                Json::U64(12),
                Json::I64(-3),
                num("1.50"),
                num("-2e+3"),
                num("1e+2"),
                num("0.0"),
                num("-0"),
                num("18446744073709551616"),
            ])
        });
        // Through serde_json (native code reading a model type) the text is read by `parse`
        // too: an object is an object whatever its keys (serde_json's own reading turns one
        // key of its own into a number), and a key written twice is kept twice.
        for text in [r#"{"$serde_json::private::Number": "2.5"}"#, r#"{"a": 1.50, "a": 2}"#, "[1e5, -0, 18446744073709551616]"] {
            assert_eq!(serde_json::from_str::<Json>(text).expect("parses"), parse(text).expect("parses"), "{text}");
        }
        assert!(matches!(parse(r#"{"$serde_json::private::Number": "2.5"}"#), Ok(Json::Obj(_))));
        // Read through the model: the digits as written, in both directions.
        let m: crate::model::Integration =
            from_str(r#"{"name": "x", "timeout_milliseconds": 1.50, "request_parameters": {"a": 2.0e1, "b": 30000.0}}"#).expect("a model");
        assert_eq!(m.scalar("timeout_milliseconds"), Some(&crate::model::Value::Num("1.50".into())));
        let json = serde_json::to_string(&m).expect("writes");
        assert!(json.contains(r#""timeout_milliseconds":{"number":"1.50"}"#), "{json}");
        assert!(json.contains(r#""a":{"number":"2.0e+1"},"b":{"number":"30000.0"}"#), "{json}");
        // Every number's text reads back as written, a whole one in its own form too.
        for text in ["007", "+5", "-0", "-12", "30000", "1.50", "9223372036854775808"] {
            let v = crate::model::Value::Num(text.into());
            let back: crate::model::Value = from_str(&serde_json::to_string(&v).expect("writes")).expect("reads");
            assert_eq!(back, v, "{text}");
        }
        let v: crate::model::Value = serde_json::from_str("1.5").expect("serde reads through the same reader");
        assert_eq!(v, crate::model::Value::Num("1.5".into()));
        // A `serde_json::Value` is read as its text: a float as the shortest digits that are it.
        let float: crate::model::Value = serde_json::from_value(serde_json::json!(1.5)).expect("a number");
        assert_eq!(float, crate::model::Value::Num("1.5".into()));
    }

    #[test]
    fn nests_as_deep_as_serde_json_and_no_deeper() {
        // The same text against serde_json's reader: tests/fuzz.rs (json_check) and the
        // fuzz target `json`.
        let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        assert!(parse(&deep(127)).is_ok());
        let Err(Error::Syntax(e)) = parse(&deep(128)) else { panic!("too deep") };
        assert_eq!((e.eof, e.line, e.column), (false, 1, 128));
        assert!(parse(&format!("{}1{}", r#"{"a":"#.repeat(100_000), "}".repeat(100_000))).is_err(), "no stack overflow");
    }

    #[test]
    fn serde_reads_say_why_the_builder_refuses_what_serde_json_accepts() {
        // serde_json checks the syntax; `parse` then refuses only deep nesting and half a
        // surrogate pair, and the message says which (the CLI's `render --json` prints it).
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        let e = serde_json::from_str::<Json>(&deep).expect_err("too deep").to_string();
        assert!(e.starts_with("arrays and objects are nested more than 127 levels deep (line 1, column 128"), "{e}");
        let e = serde_json::from_str::<Json>(r#"["\ud800"]"#).expect_err("a lone surrogate").to_string();
        assert!(e.starts_with(r"a \u escape is half of a surrogate pair"), "{e}");
    }

    #[test]
    fn syntax_errors_say_where() {
        let err = |t: &str| from_str::<crate::model::Integration>(t).expect_err("not JSON").to_string();
        assert_eq!(err(r#"{"name": "#), "the JSON ends too early (line 1, column 9)");
        assert_eq!(err("{\n  x}"), "not valid JSON (line 2, column 3)");
        assert_eq!(err(r#"{"name": "a" "b"}"#), "not valid JSON (line 1, column 14)");
        // A string in a shape error is quoted as JSON.
        let shape = from_str::<u64>(r#""a\u0001\"é""#).expect_err("not a number").to_string();
        assert_eq!(shape, r#"invalid type: string "a\u0001\"é", expected a non-negative integer"#);
    }

    #[test]
    fn keeps_numbers_order_and_duplicate_keys() {
        let j = parse(r#"{"b": 1, "a": -2, "b": 1.5, "n": null, "t": [true, "x"]}"#).expect("parses");
        let Json::Obj(entries) = j else { panic!("an object") };
        let keys: Vec<&str> = entries.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["b", "a", "b", "n", "t"]);
        assert_eq!(entries[0].1, Json::U64(1));
        assert_eq!(entries[1].1, Json::I64(-2));
        assert_eq!(entries[2].1, Json::Num("1.5".into()));
        assert_eq!(entries[3].1, Json::Null);
        assert_eq!(entries[4].1, Json::Arr(vec![Json::Bool(true), Json::Str("x".into())]));
    }

    #[test]
    fn objects_refuse_unknown_and_duplicate_fields_and_say_where() {
        let j = parse(r#"{"a": 1, "b": 2}"#).expect("parses");
        let e = Object::new(&j, "a thing", &["a"], true).err().expect("unknown");
        assert_eq!(e.to_string(), "unknown field `b`, expected one of `a`");
        assert!(Object::new(&j, "a thing", &["a"], false).is_ok(), "unknown fields allowed");
        let dup = parse(r#"{"a": 1, "a": 2}"#).expect("parses");
        assert_eq!(Object::new(&dup, "a thing", &["a"], true).err().expect("dup").to_string(), "duplicate field `a`");
        let o = Object::new(&j, "a thing", &["a", "b", "c"], true).expect("an object");
        assert_eq!(o.req::<u32>("a"), Ok(1));
        assert_eq!(o.opt::<u32>("c"), Ok(None));
        assert_eq!(o.or_default::<u32>("c"), Ok(0));
        assert_eq!(o.req::<u32>("c").unwrap_err().to_string(), "missing field `c`");
        assert_eq!(o.req::<String>("b").unwrap_err().to_string(), "invalid type: integer `2`, expected a string (at `b`)");
        let nested = parse(r#"[[1], [2, "x"]]"#).expect("parses");
        assert_eq!(
            read::<Vec<Vec<u32>>>(&nested).unwrap_err().to_string(),
            "invalid type: string \"x\", expected a non-negative integer (at `[1][1]`)"
        );
        assert_eq!(
            read::<u32>(&parse("4294967296").expect("parses")).unwrap_err().to_string(),
            "invalid value: integer `4294967296`, expected at most 4294967295"
        );
        assert_eq!(
            read::<u32>(&parse("1.5").expect("parses")).unwrap_err().to_string(),
            "invalid type: number `1.5`, expected a non-negative integer"
        );
        assert!(read::<Option<u32>>(&Json::Null).is_ok_and(|v| v.is_none()));
        assert!(Object::new(&Json::Null, "a thing", &[], true).is_err());
    }

    #[test]
    fn says_which_step_failed() {
        assert!(matches!(from_str::<u32>("{"), Err(Error::Syntax(_))));
        assert!(matches!(from_str::<u32>("\"x\""), Err(Error::Shape(_))));
        assert_eq!(variant(&Json::Str("b".into()), "a letter", &[("a", 1), ("b", 2)]), Ok(2));
        assert_eq!(
            variant(&Json::Str("c".into()), "a letter", &[("a", 1), ("b", 2)]).unwrap_err().to_string(),
            "unknown variant `c`, expected one of `a`, `b`"
        );
        assert_eq!(
            variant(&Json::U64(1), "a letter", &[("a", 1)]).unwrap_err().to_string(),
            "invalid type: integer `1`, expected a letter"
        );
    }

    /// Every field the model's `Serialize` writes, its reader takes back.
    #[test]
    fn a_model_reads_back_everything_it_writes() {
        use crate::model::*;
        let mut m = Integration::named("every_field");
        m.protocol = Some(Protocol::WebSocket);
        for (n, name) in SCALAR_ARGS.iter().enumerate() {
            *m.scalar_mut(name).expect("a scalar") =
                Some([Value::str("s"), Value::Num("1.50".into()), Value::expr("var.x")][n % 3].clone());
        }
        for name in MAP_ARGS {
            *m.map_mut(name).expect("a map") = Some(Map(vec![("k".into(), Value::str("a")), ("k".into(), Value::Num("-3".into()))]));
        }
        m.response_parameters = vec![ResponseParameters { status_code: Some(Value::Num("403".into())), mappings: Some(Map::default()) }];
        m.tls_config = Some(TlsConfig { server_name_to_verify: Some(Value::str("example.com")) });
        m.import = Some(ImportTarget {
            api_id: "a".into(),
            integration_id: "b".into(),
            form: ImportForm::Identity,
            provider: Some("aws.west".into()),
            layout: Some(vec![LayoutItem::Attr("to".into()), LayoutItem::Comment("# c".into())]),
        });
        m.verbatim = vec![Verbatim { name: "lifecycle".into(), text: "lifecycle {}".into() }];
        let items = vec![
            LayoutItem::Blank,
            LayoutItem::Comment("# c".into()),
            LayoutItem::Trailing("# t".into()),
            LayoutItem::Attr("api_id".into()),
            LayoutItem::Block("tls_config".into()),
            LayoutItem::Verbatim("lifecycle".into()),
        ];
        m.layout = Some(items.clone());
        m.bare_keys = vec!["request_parameters".into()];
        m.blank_before = vec!["mappings".into()];
        m.commas = vec!["request_templates".into()];
        m.colons = vec!["request_parameters[\"k\"]".into()];
        m.one_line = vec!["request_templates".into()];
        m.crlf = true;
        m.map_layouts = vec![MapLayout { path: "request_parameters".into(), items }];
        // Every field by name, no `..`: a new field does not compile until it is set above
        // (and its reader written).
        #[rustfmt::skip]
        let Integration {
            name: _, protocol: _, api_id: _, integration_type: _, connection_id: _, connection_type: _,
            content_handling_strategy: _, credentials_arn: _, description: _, integration_method: _,
            integration_subtype: _, integration_uri: _, passthrough_behavior: _, payload_format_version: _,
            region: _, request_parameters: _, request_templates: _, response_parameters: _,
            template_selection_expression: _, timeout_milliseconds: _, tls_config: _, import: _, verbatim: _,
            layout: _, bare_keys: _, blank_before: _, commas: _, colons: _, one_line: _, crlf: _, map_layouts: _,
        } = &m;
        let json = serde_json::to_string(&m).expect("writes");
        assert_eq!(from_str::<Integration>(&json).expect("reads"), m, "{json}");
        let diags = vec![crate::diag::Diagnostic::new("R-SCH-1", "api_id", "m").at(Some(crate::diag::Pos { line: 2, column: 3 }))];
        let text = serde_json::to_string(&diags).expect("writes");
        assert_eq!(from_str::<Vec<crate::diag::Diagnostic>>(&text).expect("reads"), diags);
    }

    /// A shape error says what is wrong and where, from the document's root.
    #[test]
    fn a_shape_error_names_its_path() {
        let bad = r#"{"v": 2, "workspace": {"items": [{"name": "a"}, {"response_parameters": [{"status_code": 403, "x": 1}]}]}}"#;
        let e = crate::share::from_json(bad).unwrap_err().to_string();
        assert!(
            e.contains("unknown field `x`, expected one of `status_code`, `mappings` (at `workspace.items[1].response_parameters[0]`)"),
            "{e}"
        );
        let e = from_str::<crate::model::Integration>(r#"{"layout": ["blank", {"comment": 7}]}"#).unwrap_err().to_string();
        assert_eq!(e, "invalid type: integer `7`, expected a string (at `layout[1].comment`)");
        let e = from_str::<crate::model::Integration>(r#"{"api_id": "a", "api_id": "b"}"#).unwrap_err().to_string();
        assert_eq!(e, "duplicate field `api_id`");
        let e = from_str::<crate::model::Integration>(r#"{"protocol": "GRPC"}"#).unwrap_err().to_string();
        assert_eq!(e, "unknown variant `GRPC`, expected one of `HTTP`, `WEBSOCKET` (at `protocol`)");
    }
}
