//! What an embedded builder is asked to be: the options of `mount()` and of the custom
//! element's attributes, read from untrusted input into types, and the choice of the
//! configuration an instance starts with. Pure, so it is tested natively; the browser
//! side (`ui`, `js`) only passes values in.

use crate::json::{FromJson, Json, Object, ShapeError, invalid_type, variant};
use crate::model::{Integration, Protocol};
use crate::presets::PRESETS;
use crate::share::{LinkError, Saved, SavedError};
use crate::workspace::{Taken, Workspace, blank};

/// JSON text with every lone surrogate escape (`\ud800` not followed by a low surrogate,
/// or a lone `\udc00`) replaced by `\ufffd`. JavaScript strings may hold lone surrogates,
/// which `JSON.stringify` writes as such escapes and no UTF-8 text can hold; the builder
/// reads them as U+FFFD, as the browser does when the same string is typed into the form.
/// Everything else is left as it is (a malformed escape is the JSON parser's to report).
pub fn well_formed_json(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("\\u") {
        return std::borrow::Cow::Borrowed(text);
    }
    let hex4 = |s: &str| s.get(..4).filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit())).and_then(|h| u16::from_str_radix(h, 16).ok());
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut in_string = false;
    while let Some(c) = rest.chars().next() {
        if !in_string {
            in_string = c == '"';
            out.push(c);
            rest = &rest[c.len_utf8()..];
            continue;
        }
        match c {
            '"' => {
                in_string = false;
                out.push(c);
                rest = &rest[1..];
            }
            '\\' => {
                let esc = &rest[1..];
                let unit = esc.strip_prefix('u').and_then(hex4);
                let low = esc.get(5..).and_then(|r| r.strip_prefix("\\u")).and_then(hex4);
                match unit {
                    // A high surrogate with its low one: a character, kept as written.
                    Some(0xD800..=0xDBFF) if low.is_some_and(|l| (0xDC00..=0xDFFF).contains(&l)) => {
                        out.push_str(&rest[..12]);
                        rest = &rest[12..];
                    }
                    Some(0xD800..=0xDFFF) => {
                        out.push_str("\\ufffd");
                        rest = &rest[6..];
                    }
                    _ => {
                        // Any other escape: the backslash and the character after it.
                        let next = esc.chars().next().map_or(0, char::len_utf8);
                        out.push_str(&rest[..1 + next]);
                        rest = &rest[1 + next..];
                    }
                }
            }
            _ => {
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The panels an instance shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    /// The form (context, arguments, kept items, paste box).
    Form,
    /// The generated HCL, import block and command.
    Output,
    /// The diagnostics summary.
    Problems,
    /// The rules reference.
    Rules,
}

impl Panel {
    /// Every panel, in page order.
    pub const ALL: [Panel; 4] = [Panel::Form, Panel::Problems, Panel::Output, Panel::Rules];

    /// The name used in attributes and options.
    pub fn as_str(self) -> &'static str {
        match self {
            Panel::Form => "form",
            Panel::Output => "output",
            Panel::Problems => "problems",
            Panel::Rules => "rules",
        }
    }
}

/// The colour scheme.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    /// Follows the reader's system setting.
    #[default]
    Auto,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

impl Theme {
    /// The name used in attributes and options.
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

/// The protocol option (`http` or `websocket`, lower case as in attributes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProtocolOption {
    /// An HTTP API.
    Http,
    /// A WebSocket API.
    Websocket,
}

impl From<ProtocolOption> for Protocol {
    fn from(p: ProtocolOption) -> Protocol {
        match p {
            ProtocolOption::Http => Protocol::Http,
            ProtocolOption::Websocket => Protocol::WebSocket,
        }
    }
}

/// The panels option: a list (`["form", "output"]`) or, as in the attribute, one string
/// of names separated by spaces or commas (`"form output"`).
#[derive(Clone, Debug, PartialEq, Eq)]
enum PanelsInput {
    List(Vec<String>),
    Text(String),
}

/// The options of `mount(element, options)`; the custom element maps its attributes to
/// the same names (`storage-key` → `storageKey`). Unknown keys are refused.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RawOptions {
    protocol: Option<ProtocolOption>,
    preset: Option<String>,
    storage_key: Option<String>,
    readonly: bool,
    panels: Option<PanelsInput>,
    theme: Option<Theme>,
    template: Option<String>,
    share_links: bool,
}

// Reading the options (`crate::json`): the JS API passes them as JSON, camelCase.

impl FromJson for ProtocolOption {
    fn from_json(j: &Json) -> Result<ProtocolOption, ShapeError> {
        variant(j, "`http` or `websocket`", &[("http", ProtocolOption::Http), ("websocket", ProtocolOption::Websocket)])
    }
}

impl FromJson for Theme {
    fn from_json(j: &Json) -> Result<Theme, ShapeError> {
        variant(j, "`auto`, `light` or `dark`", &[("auto", Theme::Auto), ("light", Theme::Light), ("dark", Theme::Dark)])
    }
}

/// A list of panel names, or one string of them.
impl FromJson for PanelsInput {
    fn from_json(j: &Json) -> Result<PanelsInput, ShapeError> {
        match j {
            Json::Str(s) => Ok(PanelsInput::Text(s.clone())),
            Json::Arr(_) => Vec::<String>::from_json(j).map(PanelsInput::List),
            other => Err(invalid_type(other, "a list of panel names, or a string of them")),
        }
    }
}

impl FromJson for RawOptions {
    fn from_json(j: &Json) -> Result<RawOptions, ShapeError> {
        const FIELDS: &[&str] = &["protocol", "preset", "storageKey", "readonly", "panels", "theme", "template", "shareLinks"];
        let o = Object::new(j, "an object of options", FIELDS, true)?;
        Ok(RawOptions {
            protocol: o.opt("protocol")?,
            preset: o.opt("preset")?,
            storage_key: o.opt("storageKey")?,
            readonly: o.or_default("readonly")?,
            panels: o.opt("panels")?,
            theme: o.opt("theme")?,
            template: o.opt("template")?,
            share_links: o.or_default("shareLinks")?,
        })
    }
}

/// The options, checked.
#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    /// The protocol a new configuration starts with.
    pub protocol: Option<Protocol>,
    /// The documented example a new configuration starts from (an id of [`PRESETS`]).
    pub preset: Option<&'static str>,
    /// The localStorage key to autosave under; `None`: no autosave.
    pub storage_key: Option<String>,
    /// Show the configuration without letting the reader change it.
    pub readonly: bool,
    /// The panels to show, in page order.
    pub panels: Vec<Panel>,
    /// The colour scheme.
    pub theme: Theme,
    /// HCL to start from (the custom element's child `<template>`), layout kept.
    pub template: Option<String>,
    /// Read a `#s=` share link from the page's address on start, and offer "Copy share
    /// link" (for a page that is the builder, such as the standalone page).
    pub share_links: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            protocol: None,
            preset: None,
            storage_key: None,
            readonly: false,
            panels: Panel::ALL.to_vec(),
            theme: Theme::Auto,
            template: None,
            share_links: false,
        }
    }
}

impl Options {
    /// Checks raw options: every problem is reported, in one message per problem.
    pub fn from_raw(raw: RawOptions) -> Result<Options, BadOptions> {
        let mut problems = Vec::new();
        let preset = match raw.preset.as_deref() {
            None | Some("") => None,
            Some(id) => match PRESETS.iter().find(|p| p.id == id) {
                Some(p) => Some(p.id),
                None => {
                    let ids: Vec<&str> = PRESETS.iter().map(|p| p.id).collect();
                    problems.push(format!("`preset` is `{}`, which is not one of {}", crate::diag::visible(id), ids.join(", ")));
                    None
                }
            },
        };
        let panels = match raw.panels {
            None => Panel::ALL.to_vec(),
            Some(input) => {
                let names: Vec<String> = match input {
                    PanelsInput::List(l) => l,
                    PanelsInput::Text(t) => t.split([' ', ',', '\t', '\n']).filter(|s| !s.is_empty()).map(str::to_string).collect(),
                };
                let mut chosen = Vec::new();
                for n in &names {
                    match Panel::ALL.iter().find(|p| p.as_str() == n.trim()) {
                        Some(p) => chosen.push(*p),
                        None => problems.push(format!(
                            "`panels` names `{}`, which is not one of form, output, problems, rules",
                            crate::diag::visible(n)
                        )),
                    }
                }
                if names.is_empty() {
                    problems.push("`panels` is empty; name at least one of form, output, problems, rules".into());
                }
                Panel::ALL.into_iter().filter(|p| chosen.contains(p)).collect()
            }
        };
        let storage_key = raw.storage_key.filter(|k| !k.is_empty());
        if storage_key.as_ref().is_some_and(|k| k.len() > 256) {
            problems.push("`storageKey` is longer than 256 characters".into());
        }
        if raw.template.as_ref().is_some_and(|t| t.len() > crate::MAX_INPUT) {
            problems.push(format!("`template` is larger than {} MiB", crate::MAX_INPUT >> 20));
        }
        if !problems.is_empty() {
            return Err(BadOptions(problems));
        }
        Ok(Options {
            protocol: raw.protocol.map(Protocol::from),
            preset,
            storage_key,
            readonly: raw.readonly,
            panels,
            theme: raw.theme.unwrap_or_default(),
            template: raw.template.filter(|t| !t.trim().is_empty()),
            share_links: raw.share_links,
        })
    }

    /// Whether a panel is shown.
    pub fn shows(&self, p: Panel) -> bool {
        self.panels.contains(&p)
    }
}

/// Why options were refused ([`Options::from_raw`]): every problem found, each saying what
/// is wrong; the message lists them, `; ` between.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadOptions(pub Vec<String>);

impl std::fmt::Display for BadOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(&self.0.join("; "))
    }
}

/// Where an instance starts.
#[derive(Clone, Debug, PartialEq)]
pub struct Start {
    /// The workspace.
    pub workspace: Workspace,
    /// A notice for the reader, if there is something to say.
    pub notice: Option<String>,
    /// The revision of the saved state it came from (0 otherwise).
    pub rev: u64,
    /// The unknown fields of the state it came from, to write back ([`crate::share::Extra`]).
    pub extra: crate::share::Extra,
    /// The template's HCL, when the instance starts from it: the browser reads it with the
    /// on-demand reader module ([`crate::reader`]) and then replaces `workspace` (the
    /// preset or a blank form meanwhile) with [`from_template`].
    pub template: Option<String>,
    /// Whether it starts from a share link, and where that link's workspace is kept.
    pub link: Option<LinkStart>,
}

/// Where a share link's workspace goes when an instance starts from it. Opening a link
/// never writes over saved work.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkStart {
    /// There is no saved work (nothing saved, a blank form, or the link's own workspace):
    /// the link's workspace becomes the saved one, saved at once.
    Saved,
    /// The saved workspace (of this many integrations) is kept as it is: the link's
    /// workspace opens beside it, as a draft of its own.
    Beside { saved_items: usize },
}

/// Whether a saved workspace holds work: anything but the blank form.
pub fn holds_work(ws: &Workspace) -> bool {
    let blank = blank();
    ws.items.iter().any(|m| *m != blank)
}

/// Where an instance's first workspace comes from, most specific first: a share link the
/// page was opened with (`Err`: it could not be read; beside the saved workspace when there
/// is one: [`LinkStart`]), then the state saved under the instance's storage key, then the
/// template's HCL (every integration in it, read later: see [`Start::template`]), then the
/// preset, then a blank form. `protocol` sets the protocol of a configuration that starts
/// new (template, preset, blank), not of one the reader saved.
pub fn initial(opts: &Options, link: Result<Option<Saved>, LinkError>, saved: Option<Result<Saved, SavedError>>) -> Start {
    let mut notices = Vec::new();
    match link {
        Ok(Some(l)) => return from_link(l, saved.as_ref()),
        Ok(None) => {}
        Err(e) => notices.push(format!("The shared link could not be opened: {e}.")),
    }
    match saved {
        Some(Ok(s)) => {
            notices.extend(crate::share::hidden_content("The saved configuration", &s.workspace));
            return Start {
                workspace: s.workspace.normalized(),
                notice: join(notices),
                rev: s.rev,
                extra: s.extra,
                template: None,
                link: None,
            };
        }
        Some(Err(e)) => notices.push(format!("Your saved workspace could not be read: {e}.")),
        None => {}
    }
    if !notices.is_empty() {
        let from_page = opts.template.is_some() || opts.preset.is_some();
        notices.push(if from_page { "Starting from the page's configuration." } else { "Starting with a clean form." }.into());
    }
    // A preset or a blank form (until the template, if any, is read).
    let mut m = opts.preset.and_then(|id| PRESETS.iter().find(|p| p.id == id)).map_or_else(blank, |p| p.model());
    if let Some(p) = opts.protocol {
        m.protocol = Some(p);
    }
    Start {
        workspace: Workspace::of(m),
        notice: join(notices),
        rev: 0,
        extra: Default::default(),
        template: opts.template.clone(),
        link: None,
    }
}

/// [`initial`] from a share link: where it goes beside what is saved. Apart, and not
/// inlined: most starts have no link.
#[inline(never)]
fn from_link(l: Saved, saved: Option<&Result<Saved, SavedError>>) -> Start {
    let notice = crate::share::hidden_content("This link", &l.workspace);
    let workspace = l.workspace.normalized();
    let (start, rev) = match saved {
        Some(Ok(s)) if holds_work(&s.workspace) && s.workspace.items != workspace.items => {
            (LinkStart::Beside { saved_items: s.workspace.items.len() }, 0)
        }
        Some(Ok(s)) => (LinkStart::Saved, s.rev),
        _ => (LinkStart::Saved, 0),
    };
    Start { workspace, notice, rev, extra: l.extra, template: None, link: Some(start) }
}

/// The integrations a template brought (`taken`: the reader's answer for
/// [`Start::template`], read with `opts.protocol` as the fallback protocol) and what to
/// say about them. No integrations: the instance keeps the workspace it started with.
pub fn from_template(taken: Taken) -> (Vec<Integration>, Option<String>) {
    let errors = taken.diagnostics.iter().filter(|d| d.is_error()).count();
    let notice = if taken.added.is_empty() {
        Some("The starting HCL holds no resource \"aws_apigatewayv2_integration\" block.".to_string())
    } else if errors > 0 {
        Some(format!("The starting HCL has {errors} problem{} (see the form).", if errors == 1 { "" } else { "s" }))
    } else {
        None
    };
    (taken.added, notice)
}

fn join(notices: Vec<String>) -> Option<String> {
    (!notices.is_empty()).then(|| notices.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lone_surrogate_escapes_become_replacement_characters() {
        let fixed = |s: &str| well_formed_json(s).into_owned();
        assert_eq!(fixed(r#"{"a":"x\ud800y"}"#), r#"{"a":"x\ufffdy"}"#);
        assert_eq!(fixed(r#"["\udc00", "\ud83d\ude00", "\ud83d"]"#), r#"["\ufffd", "\ud83d\ude00", "\ufffd"]"#);
        assert_eq!(fixed(r#"["\\ud800", "\"\ud800"]"#), r#"["\\ud800", "\"\ufffd"]"#);
        assert_eq!(fixed(r#"{"\ud800": 1}"#), r#"{"\ufffd": 1}"#);
        assert!(matches!(well_formed_json(r#"{"a": "plain é"}"#), std::borrow::Cow::Borrowed(_)));
        let v: serde_json::Value = serde_json::from_str(&fixed(r#"["\ud800x"]"#)).expect("valid JSON");
        assert_eq!(v[0], "\u{fffd}x");
        // Truncated and malformed escapes are left for the parser to refuse.
        assert_eq!(fixed(r#"["\ud8"]"#), r#"["\ud8"]"#);
        assert_eq!(fixed("[\"\\"), "[\"\\");
    }

    fn opts(json: &str) -> Result<Options, String> {
        let raw: RawOptions = crate::json::from_str(json).map_err(|e| e.to_string())?;
        Options::from_raw(raw).map_err(|e| e.to_string())
    }

    #[test]
    fn options_are_read_and_checked() {
        let o = opts(
            r#"{"protocol":"websocket","preset":"lambda","storageKey":"k","readonly":true,"panels":"output, problems","theme":"dark"}"#,
        )
        .expect("valid");
        assert_eq!(o.protocol, Some(Protocol::WebSocket));
        assert_eq!(o.preset, Some("lambda"));
        assert_eq!(o.storage_key.as_deref(), Some("k"));
        assert!(o.readonly);
        assert_eq!(o.panels, vec![Panel::Problems, Panel::Output]);
        assert_eq!(o.theme, Theme::Dark);
        assert_eq!(opts("{}").expect("empty"), Options::default());
        assert_eq!(opts(r#"{"storageKey":null,"panels":["rules","form"]}"#).expect("list").panels, vec![Panel::Form, Panel::Rules]);
    }

    /// Every problem is kept apart (a caller can list them); the message joins them as before.
    #[test]
    fn bad_options_are_every_problem_found() {
        let raw: RawOptions = crate::json::from_str(r#"{"preset":"nope","panels":[]}"#).expect("the shape is right");
        let BadOptions(problems) = Options::from_raw(raw).expect_err("refused");
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].starts_with("`preset` is `nope`") && problems[1].starts_with("`panels` is empty"), "{problems:?}");
        assert_eq!(BadOptions(problems.clone()).to_string(), problems.join("; "));
    }

    #[test]
    fn bad_options_say_what_is_wrong() {
        assert!(opts(r#"{"protocol":"grpc"}"#).unwrap_err().contains("grpc"));
        assert!(opts(r#"{"colour":"red"}"#).unwrap_err().contains("unknown field `colour`"));
        let both = opts(r#"{"preset":"nope","panels":"form sidebar"}"#).unwrap_err();
        assert!(both.contains("`preset` is `nope`") && both.contains("`sidebar`"), "{both}");
        assert!(opts(r#"{"panels":""}"#).unwrap_err().contains("empty"));
        assert!(opts(r#"{"theme":"sepia"}"#).is_err());
        assert!(opts(r#"{"readonly":"yes"}"#).is_err());
        assert!(opts("42").is_err());
    }

    fn saved(m: Integration) -> Option<Result<Saved, SavedError>> {
        Some(Ok(Saved { rev: 3, ..Saved::of(Workspace::of(m)) }))
    }

    #[test]
    fn a_saved_state_wins_over_the_preset_and_the_preset_over_blank() {
        let o = Options { preset: Some("sqs"), ..Options::default() };
        let mut mine = blank();
        mine.name = "mine".into();
        let start = initial(&o, Ok(None), saved(mine.clone()));
        assert_eq!((start.workspace.current(), start.rev), (&mine, 3));
        let start = initial(&o, Ok(None), None);
        assert_eq!(
            start.workspace.current().integration_subtype.as_ref().map(|v| v.text().to_string()).as_deref(),
            Some("SQS-SendMessage")
        );
        assert_eq!(start.notice, None);
        assert_eq!(initial(&Options::default(), Ok(None), None).workspace, Workspace::of(blank()));
    }

    #[test]
    fn a_link_wins_over_everything_and_bad_sources_give_one_notice() {
        let mut linked = blank();
        linked.name = "linked".into();
        let link = || Ok(Some(crate::share::Saved::of(Workspace::of(linked.clone()))));
        // Over a blank form, or nothing saved: the link's workspace becomes the saved one.
        let start = initial(&Options::default(), link(), saved(blank()));
        assert_eq!((start.workspace.current(), start.link, start.rev), (&linked, Some(LinkStart::Saved), 3));
        assert_eq!(initial(&Options::default(), link(), None).link, Some(LinkStart::Saved));
        assert_eq!(initial(&Options::default(), link(), Some(Err(SavedError::NoVersion))).link, Some(LinkStart::Saved));
        // Over saved work: beside it, the saved workspace kept.
        let mut mine = blank();
        mine.name = "mine".into();
        let start = initial(&Options::default(), link(), saved(mine));
        assert_eq!((start.workspace.current(), start.link, start.rev), (&linked, Some(LinkStart::Beside { saved_items: 1 }), 0));
        // The same workspace as saved: nothing to keep apart.
        assert_eq!(initial(&Options::default(), link(), saved(linked.clone())).link, Some(LinkStart::Saved));
        let start = initial(&Options::default(), Err(LinkError::NotText), Some(Err(SavedError::Newer(3))));
        assert_eq!((start.workspace, start.link), (Workspace::of(blank()), None));
        let notice = start.notice.expect("a notice");
        assert!(
            notice.contains("link could not be opened: the link is damaged: it does not decode to text")
                && notice.contains("could not be read: it was saved by a newer version of the builder (format 3;"),
            "{notice}"
        );
    }

    #[test]
    fn a_template_starts_the_form_with_its_layout_and_protocol() {
        let hcl = "resource \"aws_apigatewayv2_api\" \"ws\" {\n  protocol_type = \"WEBSOCKET\"\n}\n\n# The mock.\nresource \"aws_apigatewayv2_integration\" \"t\" {\n  api_id = aws_apigatewayv2_api.ws.id\n\n  integration_type = \"MOCK\"\n}\n\nresource \"aws_apigatewayv2_integration\" \"u\" {\n  api_id = aws_apigatewayv2_api.ws.id\n  integration_type = \"MOCK\"\n}\n";
        let o = Options { template: Some(hcl.into()), preset: Some("sqs"), ..Options::default() };
        let start = initial(&o, Ok(None), None);
        assert_eq!(start.template.as_deref(), Some(hcl), "the template is what the instance reads next");
        assert_eq!(start.workspace.current().name, "example", "the preset meanwhile");
        let read = |t: &str, p: Option<Protocol>| crate::workspace::take(t, &crate::aws::ApiInfo::default(), p);
        let (items, notice) = from_template(read(hcl, None));
        let m = &items[0];
        assert_eq!((m.name.as_str(), m.protocol, notice), ("t", Some(Protocol::WebSocket), None));
        assert_eq!(items.len(), 2, "every integration of the template");
        let out = crate::render(m).expect("renders").resource;
        assert!(out.contains("aws_apigatewayv2_api.ws.id\n\n  integration_type"), "{out}");
        let (items, notice) = from_template(read("locals {}", None));
        assert!(items.is_empty());
        assert!(notice.is_some_and(|n| n.contains("no resource")));
        let (_, notice) =
            from_template(read("resource \"aws_apigatewayv2_integration\" \"x\" {\n  tls_config {\n    nope = 2\n  }\n}\n", None));
        assert!(notice.is_some_and(|n| n.contains("problem")));
        let o = Options { protocol: Some(Protocol::WebSocket), ..Options::default() };
        assert_eq!(initial(&o, Ok(None), None).workspace.current().protocol, Some(Protocol::WebSocket));
        assert_eq!(initial(&o, Ok(None), None).template, None);
        // A saved state wins over the template: nothing to read.
        let o = Options { template: Some(hcl.into()), ..Options::default() };
        assert_eq!(initial(&o, Ok(None), saved(blank())).template, None);
    }
}
