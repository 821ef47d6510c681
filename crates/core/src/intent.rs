//! The intent-first view of the form: the reader says what the route connects to (a
//! Lambda function, a URL, a private load balancer, an AWS service, a mock), and the
//! choice sets the arguments it implies and names the few the target needs, each with its
//! meaning and an example for that target. Pure data and functions, as [`crate::form`]:
//! the web form only draws what this module says, and `cargo test` checks it.
//!
//! Nothing here hides what a configuration holds: the form shows every argument that holds
//! a value, and [`fits`] opens a configuration in the full view when the intent view would
//! not show all of it as the target's own fields.

use crate::form::{Documented, Field, Kind, fields_of};
use crate::model::{Integration, LayoutItem, Protocol, SCALAR_ARGS, Value};

/// What a route's integration connects to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// A Lambda function, as a proxy (`AWS_PROXY`, no subtype).
    Lambda,
    /// A public HTTP endpoint, as a proxy (`HTTP_PROXY` over the internet).
    Url,
    /// An ALB or NLB listener or a Cloud Map service through a VPC link (`HTTP_PROXY`,
    /// `VPC_LINK`). HTTP APIs only.
    Private,
    /// An AWS service action: SQS, EventBridge, Step Functions, Kinesis, AppConfig
    /// (`AWS_PROXY` with `integration_subtype`). HTTP APIs only.
    Service,
    /// A WebSocket API's non-proxy AWS integration (`AWS`): a Lambda function or an AWS
    /// service action with mapping templates.
    Aws,
    /// A WebSocket API's non-proxy HTTP integration (`HTTP`), with mapping templates.
    Http,
    /// A response from API Gateway itself (`MOCK`). WebSocket APIs only.
    Mock,
}

/// Every target, in the order the form offers them.
pub const TARGETS: &[Target] = &[Target::Lambda, Target::Url, Target::Private, Target::Service, Target::Aws, Target::Http, Target::Mock];

impl Target {
    /// A stable id (for the form's controls and tests).
    pub fn id(self) -> &'static str {
        match self {
            Target::Lambda => "lambda",
            Target::Url => "url",
            Target::Private => "private",
            Target::Service => "service",
            Target::Aws => "aws",
            Target::Http => "http",
            Target::Mock => "mock",
        }
    }

    /// The target by its id.
    pub fn from_id(id: &str) -> Option<Target> {
        TARGETS.iter().copied().find(|t| t.id() == id)
    }

    /// What the choice is called.
    pub fn label(self) -> &'static str {
        match self {
            Target::Lambda => "Lambda function",
            Target::Url => "HTTP URL",
            Target::Private => "Private resource (ALB, NLB, Cloud Map) via a VPC link",
            Target::Service => "AWS service action (SQS, EventBridge, Step Functions, Kinesis, AppConfig)",
            Target::Aws => "AWS integration with mapping templates (Lambda or a service action)",
            Target::Http => "HTTP integration with mapping templates",
            Target::Mock => "Mock (API Gateway answers)",
        }
    }

    /// One sentence on what it does.
    pub fn meaning(self) -> &'static str {
        match self {
            Target::Lambda => "API Gateway invokes the function with the whole request and returns what it returns (Lambda proxy).",
            Target::Url => "API Gateway forwards the request to a public URL and returns its response (HTTP proxy).",
            Target::Private => "API Gateway reaches a load balancer listener or a Cloud Map service inside your VPC through a VPC link.",
            Target::Service => "API Gateway calls one AWS API action directly, with parameters mapped from the request; no code to write.",
            Target::Aws => "API Gateway calls Lambda or an AWS service action with a request shaped by Velocity templates (not a proxy).",
            Target::Http => "API Gateway calls a URL with a request shaped by Velocity templates (not a proxy).",
            Target::Mock => "API Gateway answers the route itself, without calling any backend.",
        }
    }

    /// The integration type it means.
    pub fn integration_type(self) -> &'static str {
        match self {
            Target::Lambda | Target::Service => "AWS_PROXY",
            Target::Url | Target::Private => "HTTP_PROXY",
            Target::Aws => "AWS",
            Target::Http => "HTTP",
            Target::Mock => "MOCK",
        }
    }
}

/// The targets an API of this protocol can use (an unknown protocol: all of them).
pub fn targets(protocol: Option<Protocol>) -> &'static [Target] {
    match protocol {
        Some(Protocol::Http) => &[Target::Lambda, Target::Url, Target::Private, Target::Service],
        Some(Protocol::WebSocket) => &[Target::Lambda, Target::Url, Target::Aws, Target::Http, Target::Mock],
        None => TARGETS,
    }
}

/// The arguments a target sets by itself, with their values: the integration type, and
/// the connection type, method and payload format the target takes. The form writes them
/// when the target is chosen and lists them as "implied"; the reader does not fill them in.
pub fn implied(t: Target, protocol: Option<Protocol>) -> Vec<(&'static str, &'static str)> {
    let mut out = vec![("integration_type", t.integration_type())];
    match t {
        Target::Lambda => {
            out.push(("connection_type", "INTERNET"));
            out.push(("integration_method", "POST"));
            // HTTP APIs: the console's default, the one with the simpler event; Terraform's
            // own default is 1.0, so it is written.
            if protocol == Some(Protocol::Http) {
                out.push(("payload_format_version", "2.0"));
            }
        }
        Target::Url | Target::Http => out.push(("connection_type", "INTERNET")),
        Target::Private => out.push(("connection_type", "VPC_LINK")),
        Target::Aws => out.push(("integration_method", "POST")),
        Target::Service | Target::Mock => {}
    }
    out
}

/// The value an argument starts with, where the target needs one and lets the reader
/// change it: the HTTP method of a URL or a private resource (`ANY` forwards every method),
/// and the action of an AWS service integration (without one, `AWS_PROXY` is a Lambda
/// integration; SQS-SendMessage is the documentation's example).
fn starting(t: Target) -> &'static [(&'static str, &'static str)] {
    match t {
        Target::Url | Target::Private | Target::Http => &[("integration_method", "ANY")],
        Target::Service => &[("integration_subtype", "SQS-SendMessage")],
        _ => &[],
    }
}

const fn field(name: &'static str, kind: Kind, required: bool, help: &'static str, example: &'static str) -> Documented {
    crate::form::f(name, kind, required, help, example)
}

const DESCRIPTION: Documented =
    field("description", Kind::Text, false, "A note for whoever reads the configuration next.", "Orders API: create order");
const TIMEOUT_HTTP: Documented = field(
    "timeout_milliseconds",
    Kind::Number,
    false,
    "How long API Gateway waits for the backend: 50 to 30,000 ms (default 30,000). Removing it later does not reset it.",
    "10000",
);
const TIMEOUT_WS: Documented = field(
    "timeout_milliseconds",
    Kind::Number,
    false,
    "How long API Gateway waits for the backend: 50 to 29,000 ms (default 29,000). Removing it later does not reset it.",
    "10000",
);
const REQUEST_MAPPING: Documented = field(
    "request_parameters",
    Kind::Map,
    false,
    "Change the request before it reaches the backend: keys like append:header.x, overwrite:querystring.id, remove:header.x or overwrite:path; values like $request.header.x, $context.requestId or a static text.",
    "",
);
const RESPONSE_MAPPING: Documented = field(
    "response_parameters",
    Kind::Block,
    false,
    "Change the backend's response per status code: overwrite:statuscode, append:header.x, remove:header.x.",
    "",
);
const CREDENTIALS_OPTIONAL: Documented = field(
    "credentials_arn",
    Kind::Text,
    false,
    "An IAM role API Gateway assumes to call the target. Usually left empty: a resource policy (aws_lambda_permission) lets API Gateway in instead.",
    "aws_iam_role.example.arn",
);
const CREDENTIALS_SERVICE: Documented = field(
    "credentials_arn",
    Kind::Text,
    true,
    "The IAM role API Gateway assumes to call the service; it needs permission for this action (sqs:SendMessage, events:PutEvents…).",
    "aws_iam_role.example.arn",
);
const WS_REQUEST_PARAMETERS: Documented = field(
    "request_parameters",
    Kind::Map,
    false,
    "Request parameters passed to the backend: keys like integration.request.header.x, values like route.request.header.x or 'static'.",
    "",
);
const TEMPLATES: Documented = field(
    "request_templates",
    Kind::Map,
    false,
    "Velocity templates that shape the request, one per key the template selection expression gives (often \\$default).",
    "",
);
const TEMPLATE_SELECTION: Documented = field(
    "template_selection_expression",
    Kind::Text,
    false,
    "Which template to use, from the request: for example \\$request.body.action.",
    "$request.body.action",
);
const PASSTHROUGH: Documented = field(
    "passthrough_behavior",
    Kind::Enum,
    false,
    "What to do with a request no template matches: WHEN_NO_MATCH passes it through (the default), NEVER rejects it.",
    "",
);
const CONTENT_HANDLING: Documented = field(
    "content_handling_strategy",
    Kind::Enum,
    false,
    "Convert the response payload: CONVERT_TO_TEXT (base64-encodes binary) or CONVERT_TO_BINARY. Empty passes it as it is.",
    "",
);
const METHOD: Documented = field(
    "integration_method",
    Kind::Enum,
    true,
    "The HTTP method API Gateway uses towards the backend. ANY forwards the client's own method.",
    "",
);

const LAMBDA_HTTP_DOC: &[Documented] = &[
    field(
        "integration_uri",
        Kind::Text,
        true,
        "The function to invoke: its invoke_arn, or its ARN (an alias or version ARN invokes that alias or version).",
        "aws_lambda_function.example.invoke_arn",
    ),
    field(
        "payload_format_version",
        Kind::Enum,
        false,
        "The event the function receives: 2.0 (simpler, the console's default) or 1.0 (REST API style).",
        "",
    ),
    DESCRIPTION,
    TIMEOUT_HTTP,
    CREDENTIALS_OPTIONAL,
    REQUEST_MAPPING,
    RESPONSE_MAPPING,
];

const LAMBDA_WS_DOC: &[Documented] = &[
    field(
        "integration_uri",
        Kind::Text,
        true,
        "The function to invoke: its invoke_arn, or its ARN (an alias or version ARN invokes that alias or version).",
        "aws_lambda_function.example.invoke_arn",
    ),
    DESCRIPTION,
    CONTENT_HANDLING,
    PASSTHROUGH,
    TIMEOUT_WS,
    CREDENTIALS_OPTIONAL,
];

const URL_HTTP_DOC: &[Documented] = &[
    field(
        "integration_uri",
        Kind::Text,
        true,
        "The fully-qualified URL to call; a path variable can be used: {proxy}.",
        "https://api.example.com/{proxy}",
    ),
    METHOD,
    DESCRIPTION,
    TIMEOUT_HTTP,
    REQUEST_MAPPING,
    RESPONSE_MAPPING,
];

const URL_WS_DOC: &[Documented] = &[
    field("integration_uri", Kind::Text, true, "The fully-qualified URL to call.", "https://api.example.com/messages"),
    METHOD,
    DESCRIPTION,
    TIMEOUT_WS,
    WS_REQUEST_PARAMETERS,
];

const PRIVATE_DOC: &[Documented] = &[
    field(
        "integration_uri",
        Kind::Text,
        true,
        "What to reach inside the VPC: the ARN of an ALB or NLB listener, or of a Cloud Map service.",
        "aws_lb_listener.example.arn",
    ),
    field(
        "connection_id",
        Kind::Text,
        true,
        "The VPC link to go through (aws_apigatewayv2_vpc_link).",
        "aws_apigatewayv2_vpc_link.example.id",
    ),
    METHOD,
    field(
        "tls_config",
        Kind::Block,
        false,
        "For an HTTPS listener: the server name API Gateway verifies on the certificate (and sends for SNI).",
        "",
    ),
    DESCRIPTION,
    CREDENTIALS_OPTIONAL,
    TIMEOUT_HTTP,
    REQUEST_MAPPING,
    RESPONSE_MAPPING,
];

const SERVICE_DOC: &[Documented] = &[
    field(
        "integration_subtype",
        Kind::Enum,
        true,
        "The AWS API action to call. Its parameters appear below; map each from the request ($request.body.x, $request.header.x) or write a value.",
        "",
    ),
    CREDENTIALS_SERVICE,
    DESCRIPTION,
    TIMEOUT_HTTP,
    field(
        "request_parameters",
        Kind::Map,
        false,
        "Other parameters of the action (Region, or optional ones the fields above do not list).",
        "",
    ),
];

const AWS_DOC: &[Documented] = &[
    field(
        "integration_uri",
        Kind::Text,
        true,
        "Lambda: arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/FUNCTION_ARN/invocations (a function's invoke_arn). A service: arn:aws:apigateway:REGION:SERVICE:action/ACTION.",
        "aws_lambda_function.example.invoke_arn",
    ),
    field(
        "credentials_arn",
        Kind::Text,
        false,
        "An IAM role API Gateway assumes to call the service or function.",
        "aws_iam_role.example.arn",
    ),
    TEMPLATES,
    TEMPLATE_SELECTION,
    PASSTHROUGH,
    CONTENT_HANDLING,
    WS_REQUEST_PARAMETERS,
    DESCRIPTION,
    TIMEOUT_WS,
];

const HTTP_WS_DOC: &[Documented] = &[
    field("integration_uri", Kind::Text, true, "The fully-qualified URL to call.", "https://api.example.com/messages"),
    METHOD,
    TEMPLATES,
    TEMPLATE_SELECTION,
    PASSTHROUGH,
    CONTENT_HANDLING,
    WS_REQUEST_PARAMETERS,
    DESCRIPTION,
    TIMEOUT_WS,
];

const MOCK_DOC: &[Documented] = &[DESCRIPTION, TEMPLATES, TEMPLATE_SELECTION, PASSTHROUGH];

// What the form draws: the tables without their help, evaluated when the crate is
// compiled ([`fields_of`]); the help is read apart ([`help`]).
static LAMBDA_HTTP: [Field; LAMBDA_HTTP_DOC.len()] = fields_of(LAMBDA_HTTP_DOC);
static LAMBDA_WS: [Field; LAMBDA_WS_DOC.len()] = fields_of(LAMBDA_WS_DOC);
static URL_HTTP: [Field; URL_HTTP_DOC.len()] = fields_of(URL_HTTP_DOC);
static URL_WS: [Field; URL_WS_DOC.len()] = fields_of(URL_WS_DOC);
static PRIVATE: [Field; PRIVATE_DOC.len()] = fields_of(PRIVATE_DOC);
static SERVICE: [Field; SERVICE_DOC.len()] = fields_of(SERVICE_DOC);
static AWS: [Field; AWS_DOC.len()] = fields_of(AWS_DOC);
static HTTP_WS: [Field; HTTP_WS_DOC.len()] = fields_of(HTTP_WS_DOC);
static MOCK: [Field; MOCK_DOC.len()] = fields_of(MOCK_DOC);
static LAMBDA_HTTP_HELP: &[Documented] = LAMBDA_HTTP_DOC;
static LAMBDA_WS_HELP: &[Documented] = LAMBDA_WS_DOC;
static URL_HTTP_HELP: &[Documented] = URL_HTTP_DOC;
static URL_WS_HELP: &[Documented] = URL_WS_DOC;
static PRIVATE_HELP: &[Documented] = PRIVATE_DOC;
static SERVICE_HELP: &[Documented] = SERVICE_DOC;
static AWS_HELP: &[Documented] = AWS_DOC;
static HTTP_WS_HELP: &[Documented] = HTTP_WS_DOC;
static MOCK_HELP: &[Documented] = MOCK_DOC;

/// The arguments the target needs or commonly takes, in the order the form shows them,
/// each with its meaning and an example for this target. `api_id` is asked of every
/// target (the form shows it above these).
pub fn fields(t: Target, protocol: Option<Protocol>) -> &'static [Field] {
    let ws = protocol == Some(Protocol::WebSocket);
    match t {
        Target::Lambda if ws => &LAMBDA_WS,
        Target::Lambda => &LAMBDA_HTTP,
        Target::Url if ws => &URL_WS,
        Target::Url => &URL_HTTP,
        Target::Private => &PRIVATE,
        Target::Service => &SERVICE,
        Target::Aws => &AWS,
        Target::Http => &HTTP_WS,
        Target::Mock => &MOCK,
    }
}

fn documented(t: Target, protocol: Option<Protocol>) -> &'static [Documented] {
    let ws = protocol == Some(Protocol::WebSocket);
    match t {
        Target::Lambda if ws => LAMBDA_WS_HELP,
        Target::Lambda => LAMBDA_HTTP_HELP,
        Target::Url if ws => URL_WS_HELP,
        Target::Url => URL_HTTP_HELP,
        Target::Private => PRIVATE_HELP,
        Target::Service => SERVICE_HELP,
        Target::Aws => AWS_HELP,
        Target::Http => HTTP_WS_HELP,
        Target::Mock => MOCK_HELP,
    }
}

/// The help of the target's field `name`, for this target (the web form reads it from the
/// reader module's help book, under [`help_key`]).
pub fn help(t: Target, protocol: Option<Protocol>, name: &str) -> Option<&'static str> {
    documented(t, protocol).iter().find(|d| d.field.name == name).map(|d| d.help)
}

/// Where the help book keeps the help of a target's field: the target, the protocol's
/// tables (`ws`, or `http` for an HTTP API and an unknown protocol), the argument.
pub fn help_key(t: Target, protocol: Option<Protocol>, name: &str) -> String {
    format!("{}:{}:{name}", t.id(), if protocol == Some(Protocol::WebSocket) { "ws" } else { "http" })
}

/// The help book's key of a field of this module's tables ([`fields`]), which the field's
/// place says: each table is a target's for a protocol. `None` for any other field (the
/// full view's, [`crate::form::FIELDS`]), whose help is under its name.
pub fn help_key_of(field: &Field) -> Option<String> {
    let at: *const Field = field;
    TARGETS.iter().find_map(|&t| {
        [Some(Protocol::Http), Some(Protocol::WebSocket)]
            .into_iter()
            .find(|&p| fields(t, p).as_ptr_range().contains(&at))
            .map(|p| help_key(t, p, field.name))
    })
}

/// Every entry of the help book: the arguments' help ([`crate::form::help`]) under their
/// names, and each target's fields' help under [`help_key`].
pub fn help_book() -> Vec<(String, &'static str)> {
    let mut book: Vec<(String, &'static str)> = crate::form::HELP.iter().map(|d| (d.field.name.to_string(), d.help)).collect();
    for &t in TARGETS {
        for protocol in [Some(Protocol::Http), Some(Protocol::WebSocket)] {
            for d in documented(t, protocol) {
                book.push((help_key(t, protocol, d.field.name), d.help));
            }
        }
    }
    book
}

fn literal<'a>(i: &'a Integration, name: &str) -> Option<&'a str> {
    i.scalar(name).and_then(Value::literal)
}

/// The target a configuration's literal values denote, if they denote one: its
/// integration type, and for `AWS_PROXY` its subtype, for `HTTP_PROXY` its connection type.
/// A reference in one of those says nothing, so no target.
pub fn target_of(i: &Integration) -> Option<Target> {
    match literal(i, "integration_type")? {
        "AWS_PROXY" if i.integration_subtype.is_some() => Some(Target::Service),
        "AWS_PROXY" => Some(Target::Lambda),
        "HTTP_PROXY" => match i.connection_type.as_ref() {
            None => Some(Target::Url),
            Some(v) => match v.literal()? {
                "VPC_LINK" => Some(Target::Private),
                _ => Some(Target::Url),
            },
        },
        "AWS" => Some(Target::Aws),
        "HTTP" => Some(Target::Http),
        "MOCK" => Some(Target::Mock),
        _ => None,
    }
}

/// Which view a configuration opens in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fit {
    /// The intent view, with no target chosen yet (a blank form).
    Pick,
    /// The intent view of this target: every argument set is one it shows.
    Target(Target),
    /// The full view: the configuration holds something the intent view would show only
    /// as an extra (or its target is not known).
    All,
}

/// The arguments (scalars, maps and blocks) that hold a value.
pub fn set_arguments(i: &Integration) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = SCALAR_ARGS.iter().copied().filter(|n| i.scalar(n).is_some()).collect();
    out.extend(crate::model::MAP_ARGS.iter().copied().filter(|n| i.map(n).is_some()));
    if !i.response_parameters.is_empty() {
        out.push("response_parameters");
    }
    if i.tls_config.is_some() {
        out.push("tls_config");
    }
    out
}

/// Whether an argument is one of the target's own: asked by [`fields`], or implied and
/// holding the implied value (or the value the target starts with).
fn belongs(i: &Integration, t: Target, name: &str) -> bool {
    if name == "api_id" || fields(t, i.protocol).iter().any(|f| f.name == name) {
        return true;
    }
    let value = literal(i, name);
    implied(t, i.protocol).iter().chain(starting(t)).any(|(n, v)| *n == name && value == Some(*v))
}

/// The arguments holding a value that the target's intent view would not show as its own
/// fields: the form shows them there too, under the target's fields, so nothing is hidden.
pub fn extras(i: &Integration, t: Target) -> Vec<&'static str> {
    set_arguments(i).into_iter().filter(|n| !belongs(i, t, n)).collect()
}

/// The view a configuration opens in (a paste, a link, a saved state, an example): the
/// intent view when it is blank or everything in it is its target's own, the full view
/// otherwise.
pub fn fits(i: &Integration) -> Fit {
    let set = set_arguments(i);
    if i.integration_type.is_none() {
        return if set.iter().all(|n| matches!(*n, "api_id" | "description")) { Fit::Pick } else { Fit::All };
    }
    match target_of(i) {
        Some(t) if targets(i.protocol).contains(&t) && extras(i, t).is_empty() => Fit::Target(t),
        _ => Fit::All,
    }
}

/// The layout the provider documentation's example of the target is written in, which a
/// configuration made in the intent view takes (so that it reads like the documentation's
/// own example); `None`: the canonical order already is the documentation's.
fn template(t: Target) -> Option<Vec<LayoutItem>> {
    let attr = |n: &str| LayoutItem::Attr(n.to_string());
    let block = |n: &str| LayoutItem::Block(n.to_string());
    match t {
        Target::Service => Some(vec![
            attr("api_id"),
            attr("credentials_arn"),
            attr("description"),
            attr("integration_type"),
            attr("integration_subtype"),
            LayoutItem::Blank,
            attr("request_parameters"),
        ]),
        Target::Private => Some(vec![
            attr("api_id"),
            attr("credentials_arn"),
            attr("description"),
            attr("integration_type"),
            attr("integration_uri"),
            LayoutItem::Blank,
            attr("integration_method"),
            attr("connection_type"),
            attr("connection_id"),
            LayoutItem::Blank,
            block("tls_config"),
            LayoutItem::Blank,
            attr("request_parameters"),
            LayoutItem::Blank,
            block("response_parameters"),
            LayoutItem::Blank,
            block("response_parameters"),
        ]),
        _ => None,
    }
}

/// Chooses a target: writes the arguments it implies, removes the values the previous
/// target implied that this one does not (they were the form's, not the reader's), and
/// removes `integration_subtype` when the target is not an AWS service action (it would
/// make the configuration one). Everything else the reader wrote stays, shown with the
/// reason where it does not apply. A configuration without an author's layout (or with
/// another target's documentation layout) takes the target's documentation layout.
pub fn choose(i: &mut Integration, t: Target) {
    let protocol = i.protocol;
    if let Some(old) = target_of(i) {
        let new = implied(t, protocol);
        for (name, value) in implied(old, protocol).into_iter().chain(starting(old).iter().copied()) {
            if new.iter().any(|(n, _)| *n == name) || literal(i, name) != Some(value) {
                continue;
            }
            if let Some(slot) = i.scalar_mut(name) {
                *slot = None;
            }
        }
    }
    if t != Target::Service {
        i.integration_subtype = None;
    }
    for (name, value) in implied(t, protocol).into_iter().chain(starting(t).iter().copied()) {
        if let Some(slot) = i.scalar_mut(name)
            && (slot.is_none() || implied(t, protocol).iter().any(|(n, _)| *n == name))
        {
            *slot = Some(Value::str(value));
        }
    }
    let templated = match &i.layout {
        None => true,
        Some(l) => TARGETS.iter().any(|t| template(*t).as_ref() == Some(l)),
    };
    if templated {
        i.layout = template(t);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::render;

    fn blank(protocol: Protocol) -> Integration {
        let mut i = Integration::named("example");
        i.protocol = Some(protocol);
        i.api_id = Some(Value::expr("aws_apigatewayv2_api.example.id"));
        i
    }

    fn doc(file: &str) -> String {
        let text =
            std::fs::read_to_string(format!("{}/tests/fixtures/docs/{file}.tf", env!("CARGO_MANIFEST_DIR"))).expect("the docs fixture");
        let at = text.find("resource \"aws_apigatewayv2_integration\"").expect("the integration");
        text[at..].to_string()
    }

    fn out(i: &Integration) -> String {
        render(i).map(|r| r.resource).unwrap_or_default()
    }

    fn set(i: &mut Integration, name: &str, v: Value) {
        if let Some(slot) = i.scalar_mut(name) {
            *slot = Some(v);
        }
    }

    fn map(pairs: &[(&str, &str)]) -> crate::model::Map {
        crate::model::Map(pairs.iter().map(|(k, v)| ((*k).to_string(), Value::str(*v))).collect())
    }

    /// Choosing a target gives a configuration of that target, under every protocol that
    /// offers it, from a blank form and from every other target.
    #[test]
    fn a_chosen_target_is_the_target_the_configuration_denotes() {
        for p in [Protocol::Http, Protocol::WebSocket] {
            for &from in targets(Some(p)) {
                for &to in targets(Some(p)) {
                    let mut i = blank(p);
                    choose(&mut i, from);
                    if from == Target::Service {
                        set(&mut i, "integration_subtype", Value::str("SQS-SendMessage"));
                    }
                    assert_eq!(target_of(&i), Some(from));
                    choose(&mut i, to);
                    if to == Target::Service {
                        set(&mut i, "integration_subtype", Value::str("SQS-SendMessage"));
                    }
                    assert_eq!(target_of(&i), Some(to), "{p:?} {from:?} -> {to:?}");
                    assert_eq!(fits(&i), Fit::Target(to), "{p:?} {from:?} -> {to:?}: {:?}", extras(&i, to));
                }
            }
        }
    }

    /// What a target implies is valid for it: a configuration made of the implied values
    /// and the required fields has no error the target's fields would not name.
    #[test]
    fn implied_values_raise_no_error_of_their_own() {
        for p in [Protocol::Http, Protocol::WebSocket] {
            for &t in targets(Some(p)) {
                let mut i = blank(p);
                choose(&mut i, t);
                if t == Target::Service {
                    set(&mut i, "integration_subtype", Value::str("SQS-SendMessage"));
                }
                for name in ["integration_type", "connection_type", "integration_method", "payload_format_version"] {
                    let bad: Vec<_> = crate::rules::validate(&i).into_iter().filter(|d| d.path == name).collect();
                    assert!(bad.is_empty(), "{p:?} {t:?}: {bad:?}");
                }
                for f in fields(t, Some(p)) {
                    assert_eq!(crate::form::inapplicable(&i, f.name), None, "{p:?} {t:?} {}", f.name);
                    assert_eq!(crate::form::field(f.name).map(|g| g.kind), Some(f.kind), "{}", f.name);
                }
            }
        }
    }

    /// The values the reader wrote stay when the target changes; only what the previous
    /// target implied goes.
    #[test]
    fn changing_the_target_keeps_what_the_reader_wrote() {
        let mut i = blank(Protocol::Http);
        choose(&mut i, Target::Url);
        set(&mut i, "integration_uri", Value::str("https://example.com"));
        set(&mut i, "integration_method", Value::str("GET"));
        set(&mut i, "description", Value::str("mine"));
        choose(&mut i, Target::Private);
        assert_eq!(literal(&i, "integration_method"), Some("GET"), "the reader's method stays");
        assert_eq!(literal(&i, "connection_type"), Some("VPC_LINK"));
        choose(&mut i, Target::Service);
        assert_eq!(literal(&i, "integration_uri"), Some("https://example.com"));
        assert_eq!(literal(&i, "description"), Some("mine"));
        assert_eq!(literal(&i, "connection_type"), None, "implied by the previous target only");
        assert_eq!(extras(&i, Target::Service), ["integration_method", "integration_uri"], "shown, with their reasons");
        assert_eq!(fits(&i), Fit::All);
    }

    /// An author's layout is never replaced; a template is, by the next target's.
    #[test]
    fn an_authors_layout_stays() {
        let mut i = blank(Protocol::Http);
        i.layout = Some(vec![LayoutItem::Attr("integration_type".into()), LayoutItem::Attr("api_id".into())]);
        let before = i.layout.clone();
        choose(&mut i, Target::Private);
        assert_eq!(i.layout, before);
        let mut j = blank(Protocol::Http);
        choose(&mut j, Target::Private);
        assert!(j.layout.is_some());
        choose(&mut j, Target::Lambda);
        assert_eq!(j.layout, None);
    }

    #[test]
    fn a_blank_form_opens_on_the_question_and_an_unusual_one_in_full() {
        assert_eq!(fits(&blank(Protocol::Http)), Fit::Pick);
        let mut i = blank(Protocol::Http);
        set(&mut i, "region", Value::str("eu-west-1"));
        assert_eq!(fits(&i), Fit::All);
        let mut i = blank(Protocol::Http);
        set(&mut i, "integration_type", Value::expr("var.type"));
        assert_eq!((target_of(&i), fits(&i)), (None, Fit::All));
        let mut i = blank(Protocol::Http);
        choose(&mut i, Target::Lambda);
        set(&mut i, "connection_type", Value::str("VPC_LINK"));
        assert_eq!(fits(&i), Fit::All, "an implied argument with another value");
        let mut i = blank(Protocol::Http);
        set(&mut i, "integration_type", Value::str("MOCK"));
        assert_eq!(fits(&i), Fit::All, "MOCK is not a target of HTTP APIs");
    }

    /// The documentation's four examples open in the intent view of their target.
    #[test]
    fn the_documented_examples_fit_their_targets() {
        let want = [("basic", Target::Mock), ("lambda", Target::Lambda), ("sqs", Target::Service), ("private", Target::Private)];
        for (id, t) in want {
            let p = crate::presets::PRESETS.iter().find(|p| p.id == id).expect("preset");
            assert_eq!(fits(&p.model()), Fit::Target(t), "{id}");
        }
    }

    /// The documentation's four examples, built as the intent view builds them (choose
    /// the target, fill its fields), print as the documentation prints them.
    #[test]
    fn the_documented_examples_are_built_from_their_targets() {
        let api = || blank(Protocol::WebSocket);
        let mut basic = api();
        choose(&mut basic, Target::Mock);
        assert_eq!(out(&basic), doc("basic"));

        let mut lambda = api();
        choose(&mut lambda, Target::Lambda);
        set(&mut lambda, "integration_uri", Value::expr("aws_lambda_function.example.invoke_arn"));
        set(&mut lambda, "description", Value::str("Lambda example"));
        set(&mut lambda, "content_handling_strategy", Value::str("CONVERT_TO_TEXT"));
        set(&mut lambda, "passthrough_behavior", Value::str("WHEN_NO_MATCH"));
        assert_eq!(out(&lambda), doc("lambda"));

        let mut sqs = blank(Protocol::Http);
        choose(&mut sqs, Target::Service);
        set(&mut sqs, "integration_subtype", Value::str("SQS-SendMessage"));
        set(&mut sqs, "credentials_arn", Value::expr("aws_iam_role.example.arn"));
        set(&mut sqs, "description", Value::str("SQS example"));
        sqs.request_parameters = Some(map(&[("QueueUrl", "$request.header.queueUrl"), ("MessageBody", "$request.body.message")]));
        assert_eq!(out(&sqs), doc("aws_service_sqs"));

        let mut private = blank(Protocol::Http);
        choose(&mut private, Target::Private);
        set(&mut private, "credentials_arn", Value::expr("aws_iam_role.example.arn"));
        set(&mut private, "description", Value::str("Example with a load balancer"));
        set(&mut private, "integration_uri", Value::expr("aws_lb_listener.example.arn"));
        set(&mut private, "connection_id", Value::expr("aws_apigatewayv2_vpc_link.example.id"));
        private.tls_config = Some(crate::model::TlsConfig { server_name_to_verify: Some(Value::str("example.com")) });
        private.request_parameters = Some(map(&[
            ("append:header.authforintegration", "$context.authorizer.authorizerResponse"),
            ("overwrite:path", "staticValueForIntegration"),
        ]));
        private.response_parameters = vec![
            crate::model::ResponseParameters {
                status_code: Some(Value::Num("403".into())),
                mappings: Some(map(&[("append:header.auth", "$context.authorizer.authorizerResponse")])),
            },
            crate::model::ResponseParameters {
                status_code: Some(Value::Num("200".into())),
                mappings: Some(map(&[("overwrite:statuscode", "204")])),
            },
        ];
        assert_eq!(out(&private), doc("private"));
    }

    /// Choosing an AWS service action gives one at once (SQS-SendMessage, which the reader
    /// changes), so the configuration is not taken for a Lambda integration.
    #[test]
    fn an_aws_service_target_starts_with_an_action() {
        let mut i = blank(Protocol::Http);
        choose(&mut i, Target::Service);
        assert_eq!(literal(&i, "integration_subtype"), Some("SQS-SendMessage"));
        assert_eq!(target_of(&i), Some(Target::Service));
        set(&mut i, "integration_subtype", Value::str("EventBridge-PutEvents"));
        choose(&mut i, Target::Service);
        assert_eq!(literal(&i, "integration_subtype"), Some("EventBridge-PutEvents"), "the reader's choice stays");
        choose(&mut i, Target::Lambda);
        assert_eq!((target_of(&i), literal(&i, "integration_subtype")), (Some(Target::Lambda), None));
    }

    /// A Lambda proxy integration of an HTTP API needs only the function once the target
    /// is chosen: no error is left.
    #[test]
    fn a_field_says_whose_help_it_has() {
        for &t in TARGETS {
            for p in [Some(Protocol::Http), Some(Protocol::WebSocket), None] {
                for f in fields(t, p) {
                    let key = help_key_of(f).expect("a target's field");
                    // Tables shared by both protocols (a private integration's) answer the first.
                    assert!(key == help_key(t, p, f.name) || key == help_key(t, Some(Protocol::Http), f.name), "{key}");
                    assert!(help_book().iter().any(|(k, h)| *k == key && h.len() > 10), "{key}");
                }
            }
        }
        for f in crate::form::FIELDS.iter() {
            assert_eq!(help_key_of(f), None, "{}", f.name);
            assert!(crate::form::help(f.name).is_some_and(|h| !h.is_empty()));
        }
        // A copy of a target's field is not in its table.
        let copy = fields(Target::Lambda, Some(Protocol::Http))[0];
        assert_eq!(help_key_of(&copy), None);
    }

    #[test]
    fn a_lambda_proxy_needs_only_the_function() {
        let mut i = blank(Protocol::Http);
        choose(&mut i, Target::Lambda);
        set(&mut i, "integration_uri", Value::expr("aws_lambda_function.example.invoke_arn"));
        let errors: Vec<_> = crate::rules::validate(&i).into_iter().filter(|d| d.is_error()).collect();
        assert!(errors.is_empty(), "{errors:?}");
    }
}
