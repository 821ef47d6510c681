//! The typed model of one `aws_apigatewayv2_integration` resource, plus the builder's
//! own context (the parent API's protocol, the resource name and the import target).
//!
//! The model holds what the user wrote, not what is valid: an enum argument is kept
//! as the text the user typed, so that an invalid value is reported by the rules and
//! never lost. Every argument is optional here; "required" is a rule, not a type.

use crate::json::{FromJson, Json, Object, ShapeError, field, invalid_type, variant};
use serde::{Serialize, Serializer};

/// The value of a string, number or map-value argument.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// A quoted string literal. Holds the decoded text (what Terraform sees).
    Str(String),
    /// A number literal, exactly as written (`403`, `29000`).
    Num(String),
    /// A Terraform expression, emitted verbatim: usually a reference such as
    /// `aws_lambda_function.example.invoke_arn`.
    Expr(String),
}

impl Value {
    /// A string literal.
    pub fn str(s: impl Into<String>) -> Value {
        Value::Str(s.into())
    }

    /// An expression (reference).
    pub fn expr(s: impl Into<String>) -> Value {
        Value::Expr(s.into())
    }

    /// Interprets text typed into a form field: a Terraform reference such as
    /// `var.x` or `aws_lambda_function.f.invoke_arn` becomes an expression, anything else
    /// a string literal. This is the auto-detection the form uses.
    pub fn from_input(text: &str) -> Value {
        if crate::reference::looks_like_reference(text) { Value::Expr(text.trim().to_string()) } else { Value::Str(text.to_string()) }
    }

    /// The literal text (for `Str` and `Num`), or `None` for an expression.
    pub fn literal(&self) -> Option<&str> {
        match self {
            Value::Str(s) | Value::Num(s) => Some(s),
            Value::Expr(_) => None,
        }
    }

    /// The expression text, if this is an expression.
    pub fn expression(&self) -> Option<&str> {
        match self {
            Value::Expr(e) => Some(e),
            _ => None,
        }
    }

    /// The raw text of the value, whatever its kind.
    pub fn text(&self) -> &str {
        match self {
            Value::Str(s) | Value::Num(s) | Value::Expr(s) => s,
        }
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        match self {
            Value::Str(v) => s.serialize_str(v),
            Value::Num(n) => {
                // Whole numbers are JSON numbers; any other is `{"number": "1.5"}`, its
                // digits exactly as written (no float rounding, and no float code in the wasm).
                // Only an integer's own form (not `007`, `+5` or `-0`) reads back the same.
                if let Some(i) = n.parse::<i64>().ok().filter(|i| i.to_string() == *n) {
                    s.serialize_i64(i)
                } else {
                    let mut m = s.serialize_map(Some(1))?;
                    m.serialize_entry("number", n)?;
                    m.end()
                }
            }
            Value::Expr(e) => {
                let mut m = s.serialize_map(Some(1))?;
                m.serialize_entry("expr", e)?;
                m.end()
            }
        }
    }
}

impl FromJson for Value {
    fn from_json(j: &Json) -> Result<Value, ShapeError> {
        const EXPECTED: &str = r#"a string, a number, or {"expr": "<terraform expression>"}"#;
        match j {
            Json::Str(s) => Ok(Value::Str(s.clone())),
            Json::U64(n) => Ok(Value::Num(n.to_string())),
            Json::I64(n) => Ok(Value::Num(n.to_string())),
            // Its digits as written (`1.50`, `2e3`): the same as `{"number": "1.50"}`.
            Json::Num(digits) => Ok(Value::Num(digits.clone())),
            Json::Bool(b) => Ok(Value::Expr(b.to_string())),
            Json::Obj(entries) => {
                // The last of `expr`, `number` and `str` wins, as the entries are read in order.
                let mut out = None;
                for (key, text) in entries {
                    let text = String::from_json(text).map_err(|e| e.under(key))?;
                    out = Some(match key.as_str() {
                        "expr" => Value::Expr(text),
                        "number" => Value::Num(text),
                        "str" => Value::Str(text),
                        other => return Err(ShapeError::new(format!("unknown field `{other}`, expected one of `expr`, `number`, `str`"))),
                    });
                }
                out.ok_or_else(|| ShapeError::new(r#"expected {"expr": "..."}"#))
            }
            other => Err(invalid_type(other, EXPECTED)),
        }
    }
}

/// An ordered string-keyed map (`request_parameters`, `request_templates`, `mappings`).
/// Order is the user's; a key written twice is kept, and printed, twice: the output holds what
/// the form shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Map(pub Vec<(String, Value)>);

impl Map {
    /// Looks up a key (the first one, if duplicated).
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Iterates over the entries in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// Whether the map has no entries.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<K: Into<String>, V: Into<Value>> FromIterator<(K, V)> for Map {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Map {
        Map(iter.into_iter().map(|(k, v)| (k.into(), v.into())).collect())
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::Str(s.to_string())
    }
}

impl Serialize for Map {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

impl FromJson for Map {
    fn from_json(j: &Json) -> Result<Map, ShapeError> {
        let Json::Obj(entries) = j else { return Err(invalid_type(j, "an object of string keys")) };
        let value = |(k, v): &(String, Json)| Value::from_json(v).map(|v| (k.clone(), v)).map_err(|e| e.under(k));
        entries.iter().map(value).collect::<Result<_, _>>().map(Map)
    }
}

/// The protocol of the parent `aws_apigatewayv2_api` (`protocol_type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Protocol {
    /// An HTTP API.
    #[serde(rename = "HTTP")]
    Http,
    /// A WebSocket API.
    #[serde(rename = "WEBSOCKET")]
    WebSocket,
}

impl Protocol {
    /// The `protocol_type` spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Protocol::Http => "HTTP",
            Protocol::WebSocket => "WEBSOCKET",
        }
    }

    /// Parses `HTTP`/`WEBSOCKET` (case-insensitive, as the CLI flag allows).
    pub fn parse(s: &str) -> Option<Protocol> {
        match s.to_ascii_uppercase().as_str() {
            "HTTP" => Some(Protocol::Http),
            "WEBSOCKET" => Some(Protocol::WebSocket),
            _ => None,
        }
    }
}

/// One `response_parameters` block.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ResponseParameters {
    /// `status_code`: an HTTP status code, 200–599.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_code: Option<Value>,
    /// `mappings`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mappings: Option<Map>,
}

/// The `tls_config` block.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct TlsConfig {
    /// `server_name_to_verify`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server_name_to_verify: Option<Value>,
}

/// Which form of `import` block to emit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportForm {
    /// `id = "API/INTEGRATION"` (Terraform >= 1.5).
    #[default]
    Id,
    /// `identity = { api_id = …, id = … }` (Terraform >= 1.12).
    Identity,
}

/// What to import: an existing integration, by its API id and integration id.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ImportTarget {
    /// The API identifier (`aabbccddee`).
    pub api_id: String,
    /// The integration identifier (`1122334`).
    pub integration_id: String,
    /// The form of the `import` block.
    pub form: ImportForm,
    /// The block's `provider` argument, a provider reference (`aws.west`), if it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// The layout of the block this came from, when the HCL wrote its arguments in another
    /// order than `to`, `id` (or `identity`), `provider`, or with comments or blank lines
    /// among them. `Attr` names an argument (`id` stands for `identity` too).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub layout: Option<Vec<LayoutItem>>,
}

/// An argument or block the builder keeps but does not model: meta-arguments
/// (`depends_on`, `provider`, `lifecycle`, `count`, `for_each`), `dynamic` blocks and
/// arguments whose value is not a plain literal map. Re-emitted verbatim.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Verbatim {
    /// The argument name or block type (`depends_on`, `lifecycle`, `dynamic`).
    pub name: String,
    /// The full source text, from the name to the end of the value or block, with the
    /// indentation of its first line removed from the lines that start between tokens
    /// (heredoc bodies and `/* */` comments are the author's text, kept as written).
    pub text: String,
}

/// The position of an item in a body that came from HCL: the order of attributes,
/// blocks, blank lines and comment lines, so that re-emitting keeps the author's layout.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LayoutItem {
    /// An empty line.
    Blank,
    /// A full-line comment, as written (`# …`, `// …`).
    Comment(String),
    /// A comment at the end of the previous item's last line (`api_id = x # why`).
    Trailing(String),
    /// A modelled argument, by name.
    Attr(String),
    /// The next modelled block of this type (`tls_config`, `response_parameters`).
    Block(String),
    /// The next `Verbatim` item with this name.
    Verbatim(String),
}

/// The whole builder state for one integration.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Integration {
    /// The resource name (second label): a Terraform identifier.
    pub name: String,
    /// The parent API's protocol; `None` when unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub protocol: Option<Protocol>,

    /// `api_id` (required).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_id: Option<Value>,
    /// `integration_type` (required).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub integration_type: Option<Value>,
    /// `connection_id`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connection_id: Option<Value>,
    /// `connection_type`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connection_type: Option<Value>,
    /// `content_handling_strategy`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_handling_strategy: Option<Value>,
    /// `credentials_arn`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credentials_arn: Option<Value>,
    /// `description`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Value>,
    /// `integration_method`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub integration_method: Option<Value>,
    /// `integration_subtype`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub integration_subtype: Option<Value>,
    /// `integration_uri`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub integration_uri: Option<Value>,
    /// `passthrough_behavior`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub passthrough_behavior: Option<Value>,
    /// `payload_format_version`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payload_format_version: Option<Value>,
    /// `region` (provider v6 per-resource region).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<Value>,
    /// `request_parameters`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_parameters: Option<Map>,
    /// `request_templates`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_templates: Option<Map>,
    /// `response_parameters` blocks.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub response_parameters: Vec<ResponseParameters>,
    /// `template_selection_expression`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub template_selection_expression: Option<Value>,
    /// `timeout_milliseconds`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout_milliseconds: Option<Value>,
    /// The `tls_config` block.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tls_config: Option<TlsConfig>,

    /// The import target, if an `import` block is wanted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub import: Option<ImportTarget>,
    /// Items kept verbatim (meta-arguments and constructs the builder does not model).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub verbatim: Vec<Verbatim>,
    /// The layout of the body this came from, if it came from HCL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub layout: Option<Vec<LayoutItem>>,
    /// The maps (`request_parameters`, `response_parameters[0].mappings`) whose keys the
    /// HCL this came from wrote bare (`QueueUrl = …`): the emitter keeps identifier keys
    /// bare there, as `terraform fmt` leaves them. In a map that mixes bare and quoted keys,
    /// the entries written bare (`request_parameters["QueueUrl"]`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub bare_keys: Vec<String>,
    /// Arguments inside nested blocks (`response_parameters[0].mappings`) that the HCL this
    /// came from preceded by a blank line, which the emitter keeps.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub blank_before: Vec<String>,
    /// The maps whose entries the HCL this came from ended with commas (`"k" = "v",`),
    /// which `terraform fmt` leaves and the emitter keeps. In a map where only some entries
    /// have one, those entries (`request_parameters["QueueUrl"]`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub commas: Vec<String>,
    /// The maps whose entries the HCL this came from wrote `"k": "v"` (a colon instead of
    /// `=`), which `terraform fmt` leaves and the emitter keeps. In a map where only some
    /// entries are written so, those entries (`request_parameters["QueueUrl"]`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub colons: Vec<String>,
    /// The maps the HCL this came from wrote on one line (`{ "k" = "v", "l" = "w" }`), which
    /// `terraform fmt` leaves and the emitter keeps (while every value fits on one line).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub one_line: Vec<String>,
    /// Whether the HCL this came from ended its lines with CRLF: the output does too. The
    /// line breaks inside heredocs and `/* */` comments are printed as written either way.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub crlf: bool,
    /// The layout of the maps and nested blocks (`tls_config`, `response_parameters[0]`)
    /// the HCL this came from wrote with comments or blank lines among their entries;
    /// `Attr` names an entry by its key, or a block's argument by its name.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub map_layouts: Vec<MapLayout>,
}

/// The comments and blank lines among a map's entries or a nested block's arguments (see
/// [`Integration::map_layouts`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct MapLayout {
    /// The map's path: `request_parameters`, `response_parameters[0].mappings`.
    pub path: String,
    /// Its items in order: entries (`Attr(key)`), blank lines, comment lines, trailing comments.
    pub items: Vec<LayoutItem>,
}

impl Integration {
    /// Every comment the model holds (body lines, trailing, inside maps, in the import
    /// block), as written, with its place: `layout[N]`, `map_layouts[J].items[K]` or
    /// `import.layout[N]` (see [`Integration::remove_comment`]).
    pub fn comments(&self) -> Vec<(String, &str)> {
        // Loops rather than a chain of iterator adapters: less code in the form's wasm, which
        // runs this on every check.
        fn push<'a>(out: &mut Vec<(String, &'a str)>, items: &'a [LayoutItem], at: &dyn Fn(usize) -> String) {
            for (n, l) in items.iter().enumerate() {
                if let LayoutItem::Comment(c) | LayoutItem::Trailing(c) = l {
                    out.push((at(n), c.as_str()));
                }
            }
        }
        let mut out = Vec::new();
        push(&mut out, self.layout.as_deref().unwrap_or_default(), &|n| format!("layout[{n}]"));
        for (j, m) in self.map_layouts.iter().enumerate() {
            push(&mut out, &m.items, &|k| format!("map_layouts[{j}].items[{k}]"));
        }
        if let Some(t) = &self.import {
            push(&mut out, t.layout.as_deref().unwrap_or_default(), &|n| format!("import.layout[{n}]"));
        }
        out
    }

    /// Removes the comment at a place [`Integration::comments`] gave; `false` if there is none.
    pub fn remove_comment(&mut self, at: &str) -> bool {
        let index = |s: &str| s.strip_suffix(']').and_then(|s| s.parse::<usize>().ok());
        let items = if let Some(n) = at.strip_prefix("layout[").and_then(index) {
            self.layout.as_mut().map(|l| (l, n))
        } else if let Some(n) = at.strip_prefix("import.layout[").and_then(index) {
            self.import.as_mut().and_then(|t| t.layout.as_mut()).map(|l| (l, n))
        } else if let Some((j, k)) = at.strip_prefix("map_layouts[").and_then(|r| r.split_once("].items[")) {
            match (j.parse::<usize>().ok(), index(k)) {
                (Some(j), Some(k)) => self.map_layouts.get_mut(j).map(|m| (&mut m.items, k)),
                _ => None,
            }
        } else {
            None
        };
        match items {
            Some((items, n)) if matches!(items.get(n), Some(LayoutItem::Comment(_) | LayoutItem::Trailing(_))) => {
                items.remove(n);
                true
            }
            _ => false,
        }
    }
}

/// The scalar (single-value) arguments, in the order of the documentation.
pub const SCALAR_ARGS: &[&str] = &[
    "api_id",
    "integration_type",
    "connection_id",
    "connection_type",
    "content_handling_strategy",
    "credentials_arn",
    "description",
    "integration_method",
    "integration_subtype",
    "integration_uri",
    "passthrough_behavior",
    "payload_format_version",
    "region",
    "template_selection_expression",
    "timeout_milliseconds",
];

/// The map arguments.
pub const MAP_ARGS: &[&str] = &["request_parameters", "request_templates"];

impl Integration {
    /// A new, empty integration with a name.
    pub fn named(name: impl Into<String>) -> Integration {
        Integration { name: name.into(), ..Integration::default() }
    }

    /// A scalar argument by name.
    pub fn scalar(&self, name: &str) -> Option<&Value> {
        self.scalar_slot(name).and_then(|v| v.as_ref())
    }

    /// The slot of a scalar argument by name, for reading.
    fn scalar_slot(&self, name: &str) -> Option<&Option<Value>> {
        Some(match name {
            "api_id" => &self.api_id,
            "integration_type" => &self.integration_type,
            "connection_id" => &self.connection_id,
            "connection_type" => &self.connection_type,
            "content_handling_strategy" => &self.content_handling_strategy,
            "credentials_arn" => &self.credentials_arn,
            "description" => &self.description,
            "integration_method" => &self.integration_method,
            "integration_subtype" => &self.integration_subtype,
            "integration_uri" => &self.integration_uri,
            "passthrough_behavior" => &self.passthrough_behavior,
            "payload_format_version" => &self.payload_format_version,
            "region" => &self.region,
            "template_selection_expression" => &self.template_selection_expression,
            "timeout_milliseconds" => &self.timeout_milliseconds,
            _ => return None,
        })
    }

    /// The slot of a scalar argument by name, for writing. `None` if `name` is not a
    /// scalar argument.
    pub fn scalar_mut(&mut self, name: &str) -> Option<&mut Option<Value>> {
        Some(match name {
            "api_id" => &mut self.api_id,
            "integration_type" => &mut self.integration_type,
            "connection_id" => &mut self.connection_id,
            "connection_type" => &mut self.connection_type,
            "content_handling_strategy" => &mut self.content_handling_strategy,
            "credentials_arn" => &mut self.credentials_arn,
            "description" => &mut self.description,
            "integration_method" => &mut self.integration_method,
            "integration_subtype" => &mut self.integration_subtype,
            "integration_uri" => &mut self.integration_uri,
            "passthrough_behavior" => &mut self.passthrough_behavior,
            "payload_format_version" => &mut self.payload_format_version,
            "region" => &mut self.region,
            "template_selection_expression" => &mut self.template_selection_expression,
            "timeout_milliseconds" => &mut self.timeout_milliseconds,
            _ => return None,
        })
    }

    /// A map argument by name.
    pub fn map(&self, name: &str) -> Option<&Map> {
        match name {
            "request_parameters" => self.request_parameters.as_ref(),
            "request_templates" => self.request_templates.as_ref(),
            _ => None,
        }
    }

    /// The slot of a map argument by name, for writing.
    pub fn map_mut(&mut self, name: &str) -> Option<&mut Option<Map>> {
        match name {
            "request_parameters" => Some(&mut self.request_parameters),
            "request_templates" => Some(&mut self.request_templates),
            _ => None,
        }
    }

    /// Removes the kept item at `n`, and its place in the layout.
    pub fn remove_verbatim(&mut self, n: usize) {
        let Some(v) = self.verbatim.get(n) else { return };
        let name = v.name.clone();
        // The layout refers to the k-th kept item of a name.
        let k = self.verbatim[..n].iter().filter(|o| o.name == name).count();
        if let Some(layout) = &mut self.layout
            && let Some(at) =
                layout.iter().enumerate().filter(|(_, l)| matches!(l, LayoutItem::Verbatim(x) if *x == name)).nth(k).map(|(i, _)| i)
        {
            layout.remove(at);
        }
        self.verbatim.remove(n);
    }

    /// The import id, `API/INTEGRATION`, if an import target is set.
    pub fn import_id(&self) -> Option<String> {
        self.import.as_ref().map(|t| format!("{}/{}", t.api_id, t.integration_id))
    }
}

// Reading JSON (`crate::json`: hand-written for size). Each struct takes the fields its
// `Serialize` writes; a struct with a default takes any of them as optional, and every
// struct refuses a field it does not have.

crate::deserialize_via_json!(
    Value,
    Map,
    Protocol,
    ResponseParameters,
    TlsConfig,
    ImportForm,
    ImportTarget,
    Verbatim,
    LayoutItem,
    Integration,
    MapLayout
);

impl FromJson for Protocol {
    fn from_json(j: &Json) -> Result<Protocol, ShapeError> {
        variant(j, "`HTTP` or `WEBSOCKET`", &[("HTTP", Protocol::Http), ("WEBSOCKET", Protocol::WebSocket)])
    }
}

impl FromJson for ResponseParameters {
    fn from_json(j: &Json) -> Result<ResponseParameters, ShapeError> {
        let o = Object::new(j, "a response_parameters block", &["status_code", "mappings"], true)?;
        Ok(ResponseParameters { status_code: o.opt("status_code")?, mappings: o.opt("mappings")? })
    }
}

impl FromJson for TlsConfig {
    fn from_json(j: &Json) -> Result<TlsConfig, ShapeError> {
        let o = Object::new(j, "a tls_config block", &["server_name_to_verify"], true)?;
        Ok(TlsConfig { server_name_to_verify: o.opt("server_name_to_verify")? })
    }
}

impl FromJson for ImportForm {
    fn from_json(j: &Json) -> Result<ImportForm, ShapeError> {
        variant(j, "`id` or `identity`", &[("id", ImportForm::Id), ("identity", ImportForm::Identity)])
    }
}

impl FromJson for ImportTarget {
    fn from_json(j: &Json) -> Result<ImportTarget, ShapeError> {
        let o = Object::new(j, "an import target", &["api_id", "integration_id", "form", "provider", "layout"], true)?;
        Ok(ImportTarget {
            api_id: o.or_default("api_id")?,
            integration_id: o.or_default("integration_id")?,
            form: o.or_default("form")?,
            provider: o.opt("provider")?,
            layout: o.opt("layout")?,
        })
    }
}

impl FromJson for Verbatim {
    fn from_json(j: &Json) -> Result<Verbatim, ShapeError> {
        let o = Object::new(j, "an item kept as written", &["name", "text"], true)?;
        Ok(Verbatim { name: o.req("name")?, text: o.req("text")? })
    }
}

impl FromJson for LayoutItem {
    fn from_json(j: &Json) -> Result<LayoutItem, ShapeError> {
        const EXPECTED: &str = r##""blank" or an object of one entry ({"comment": "# …"})"##;
        match j {
            Json::Str(s) if s == "blank" => Ok(LayoutItem::Blank),
            Json::Obj(entries) if entries.len() == 1 => {
                let (key, text) = &entries[0];
                let make = match key.as_str() {
                    "comment" => LayoutItem::Comment,
                    "trailing" => LayoutItem::Trailing,
                    "attr" => LayoutItem::Attr,
                    "block" => LayoutItem::Block,
                    "verbatim" => LayoutItem::Verbatim,
                    other => {
                        return Err(ShapeError::new(format!(
                            "unknown variant `{other}`, expected one of `blank`, `comment`, `trailing`, `attr`, `block`, `verbatim`"
                        )));
                    }
                };
                String::from_json(text).map(make).map_err(|e| e.under(key))
            }
            Json::Str(other) => Err(ShapeError::new(format!("unknown variant `{other}`, expected `blank` (the others have content)"))),
            other => Err(invalid_type(other, EXPECTED)),
        }
    }
}

impl FromJson for MapLayout {
    fn from_json(j: &Json) -> Result<MapLayout, ShapeError> {
        let o = Object::new(j, "a map layout", &["path", "items"], true)?;
        Ok(MapLayout { path: o.req("path")?, items: o.req("items")? })
    }
}

/// The fields of [`Integration`] that are not arguments, as JSON names them.
pub const CONTEXT_FIELDS: &[&str] = &[
    "name",
    "protocol",
    "response_parameters",
    "tls_config",
    "import",
    "verbatim",
    "layout",
    "bare_keys",
    "blank_before",
    "commas",
    "colons",
    "one_line",
    "crlf",
    "map_layouts",
];

impl FromJson for Integration {
    fn from_json(j: &Json) -> Result<Integration, ShapeError> {
        let Json::Obj(entries) = j else { return Err(invalid_type(j, "a configuration (an object)")) };
        let known = [SCALAR_ARGS, MAP_ARGS, CONTEXT_FIELDS].concat();
        // Keys checked first (unknown, twice); then filled in place, one field per entry: a
        // reader that builds the struct at the end drops every field read so far at each
        // early return (9 KB more wasm, measured).
        Object::new(j, "a configuration (an object)", &known, true)?;
        let mut m = Integration::default();
        for (key, v) in entries {
            if let Some(slot) = m.scalar_mut(key) {
                *slot = field(v, key)?;
            } else if let Some(slot) = m.map_mut(key) {
                *slot = field(v, key)?;
            } else {
                match key.as_str() {
                    "name" => m.name = field(v, key)?,
                    "protocol" => m.protocol = field(v, key)?,
                    "response_parameters" => m.response_parameters = field(v, key)?,
                    "tls_config" => m.tls_config = field(v, key)?,
                    "import" => m.import = field(v, key)?,
                    "verbatim" => m.verbatim = field(v, key)?,
                    "layout" => m.layout = field(v, key)?,
                    "bare_keys" => m.bare_keys = field(v, key)?,
                    "blank_before" => m.blank_before = field(v, key)?,
                    "commas" => m.commas = field(v, key)?,
                    "colons" => m.colons = field(v, key)?,
                    "one_line" => m.one_line = field(v, key)?,
                    "crlf" => m.crlf = field(v, key)?,
                    "map_layouts" => m.map_layouts = field(v, key)?,
                    // The keys were checked against CONTEXT_FIELDS and the arguments above.
                    _ => {}
                }
            }
        }
        Ok(m)
    }
}
