//! What a form needs to know about each argument: its kind, the values it offers, help
//! text from the documentation, and whether it applies to the current protocol and type.
//! Pure data and functions, so the web form's behaviour is tested with `cargo test`.

use crate::model::{Integration, Protocol, Value};
use crate::rules::{CONNECTION_TYPES, CONTENT_HANDLING, IntegrationType, METHODS, PASSTHROUGH, PAYLOAD_VERSIONS};

/// The kind of control an argument gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Free text (literal or reference).
    Text,
    /// A whole number (literal or reference).
    Number,
    /// One of fixed values (or a reference).
    Enum,
    /// A key/value map.
    Map,
    /// A nested block.
    Block,
}

/// One argument of the form. Its help text is apart ([`Documented`], [`help`]): the web
/// form's wasm does not carry it, and gets it from the reader module's help book.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    /// The Terraform argument name.
    pub name: &'static str,
    /// The control kind.
    pub kind: Kind,
    /// Whether Terraform requires it.
    pub required: bool,
    /// A placeholder example.
    pub example: &'static str,
}

/// An argument with its one line of help, from the provider documentation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Documented {
    pub field: Field,
    pub help: &'static str,
}

pub(crate) const fn f(name: &'static str, kind: Kind, required: bool, help: &'static str, example: &'static str) -> Documented {
    Documented { field: Field { name, kind, required, example }, help }
}

/// The fields of a table of documented arguments, without their help: evaluated when the
/// crate is compiled, so a program that reads only the fields links none of the help
/// texts (the web form's first load; `scripts/size` measures it).
pub(crate) const fn fields_of<const N: usize>(table: &[Documented]) -> [Field; N] {
    let mut out = [Field { name: "", kind: Kind::Text, required: false, example: "" }; N];
    let mut n = 0;
    while n < N {
        out[n] = table[n].field;
        n += 1;
    }
    out
}

const API_ID_HELP: &str = "API identifier.";
const DESCRIPTION_HELP: &str = "Description of the integration.";

/// Every argument with its help, in the form's order.
const DOCUMENTED: &[Documented] = &[
    f("api_id", Kind::Text, true, API_ID_HELP, "aws_apigatewayv2_api.example.id"),
    f(
        "integration_type",
        Kind::Enum,
        true,
        "Integration type. AWS, HTTP and MOCK are supported only for WebSocket APIs; an HTTP API private integration uses HTTP_PROXY.",
        "",
    ),
    f(
        "integration_subtype",
        Kind::Enum,
        false,
        "AWS service action to invoke. Supported only for HTTP APIs when integration_type is AWS_PROXY.",
        "",
    ),
    f(
        "integration_method",
        Kind::Enum,
        false,
        "The integration's HTTP method. Must be specified if integration_type is not MOCK (Lambda: POST).",
        "",
    ),
    f(
        "integration_uri",
        Kind::Text,
        false,
        "Lambda: the function's invoke ARN. HTTP: a fully-qualified URL. HTTP API private integration: an ALB/NLB listener or Cloud Map service ARN.",
        "aws_lambda_function.example.invoke_arn",
    ),
    f("connection_type", Kind::Enum, false, "Type of the network connection to the integration endpoint. Default is INTERNET.", ""),
    f(
        "connection_id",
        Kind::Text,
        false,
        "ID of the VPC link for a private integration. 1 to 1024 characters.",
        "aws_apigatewayv2_vpc_link.example.id",
    ),
    f(
        "credentials_arn",
        Kind::Text,
        false,
        "Credentials required for the integration, if any: an IAM role that API Gateway assumes.",
        "aws_iam_role.example.arn",
    ),
    f("description", Kind::Text, false, DESCRIPTION_HELP, "Lambda example"),
    f(
        "payload_format_version",
        Kind::Enum,
        false,
        "The format of the payload sent to an integration. Default is 1.0; 2.0 only for HTTP API Lambda proxy integrations.",
        "",
    ),
    f(
        "timeout_milliseconds",
        Kind::Number,
        false,
        "Custom timeout: 50 to 29,000 ms for WebSocket APIs and 50 to 30,000 ms for HTTP APIs. Removing it does not reset it.",
        "29000",
    ),
    f(
        "content_handling_strategy",
        Kind::Enum,
        false,
        "How to handle response payload content type conversions. Supported only for WebSocket APIs.",
        "",
    ),
    f(
        "passthrough_behavior",
        Kind::Enum,
        false,
        "Pass-through behavior for requests whose Content-Type has no mapping template. Supported only for WebSocket APIs.",
        "",
    ),
    f(
        "template_selection_expression",
        Kind::Text,
        false,
        "The template selection expression for the integration (WebSocket, non-proxy).",
        "$request.body.action",
    ),
    f("region", Kind::Text, false, "Region where this resource is managed. Defaults to the provider's region.", "us-east-1"),
    f(
        "request_parameters",
        Kind::Map,
        false,
        "WebSocket: request parameters passed to the backend. HTTP API: how to transform requests (append/overwrite/remove), or the service parameters of a subtype.",
        "",
    ),
    f(
        "request_templates",
        Kind::Map,
        false,
        "Velocity templates applied to the request payload, by Content-Type. Supported only for WebSocket APIs.",
        "",
    ),
    f(
        "response_parameters",
        Kind::Block,
        false,
        "Mappings that transform the backend's HTTP response, per status code. Supported only for HTTP APIs.",
        "",
    ),
    f("tls_config", Kind::Block, false, "TLS configuration for a private integration. Supported only for HTTP APIs.", ""),
];

/// Every argument, in the form's order.
pub static FIELDS: [Field; DOCUMENTED.len()] = fields_of(DOCUMENTED);

/// Every argument with its help (what [`help`] reads).
pub static HELP: &[Documented] = DOCUMENTED;

/// The help of an argument, from the provider documentation.
pub fn help(name: &str) -> Option<&'static str> {
    HELP.iter().find(|d| d.field.name == name).map(|d| d.help)
}

/// The help of the arguments a blank form shows (`api_id` and `description`), which the
/// web form carries itself so that a first visit reads them before the help book loads.
pub fn start_help(name: &str) -> Option<&'static str> {
    match name {
        "api_id" => Some(API_ID_HELP),
        "description" => Some(DESCRIPTION_HELP),
        _ => None,
    }
}

/// The argument's own entry in the provider's documentation.
pub fn provider_doc(name: &str) -> String {
    format!("{DOC_PAGE}#{name}")
}

/// The argument's entry in the AWS API reference (`CreateIntegration`'s input), where it
/// has one: `api_id` is the address's, and `region` is Terraform's own.
pub fn aws_doc(name: &str) -> Option<String> {
    if matches!(name, "api_id" | "region") {
        return None;
    }
    let mut href = format!("{AWS_PAGE}#apis-apiid-integrations-prop-createintegrationinput-");
    // The API's property is the argument's name without its underscores, except one.
    href.extend(if name == "timeout_milliseconds" { "timeoutinmillis" } else { name }.chars().filter(|c| *c != '_'));
    Some(href)
}

const DOC_PAGE: &str = "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/apigatewayv2_integration";
const AWS_PAGE: &str = "https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-integrations.html";

/// The documentation section that describes the arguments.
pub const DOC_LINK: &str =
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/apigatewayv2_integration#argument-reference";

/// Looks up a field.
pub fn field(name: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|f| f.name == name)
}

/// The values an enum argument offers for this configuration (only the valid ones).
pub fn options(i: &Integration, name: &str) -> Vec<&'static str> {
    match name {
        "integration_type" => IntegrationType::allowed(i.protocol).iter().map(|t| t.as_str()).collect(),
        "integration_subtype" => crate::rules::SUBTYPES.iter().map(|s| s.name).collect(),
        "integration_method" => {
            if lambda_target(i) {
                vec!["POST"]
            } else {
                METHODS.to_vec()
            }
        }
        "connection_type" => CONNECTION_TYPES.to_vec(),
        "payload_format_version" => {
            if i.protocol.is_none() || (i.protocol == Some(Protocol::Http) && lambda_target(i)) {
                PAYLOAD_VERSIONS.to_vec()
            } else {
                vec!["1.0"]
            }
        }
        "content_handling_strategy" => CONTENT_HANDLING.to_vec(),
        "passthrough_behavior" => PASSTHROUGH.to_vec(),
        _ => Vec::new(),
    }
}

fn literal<'a>(i: &'a Integration, name: &str) -> Option<&'a str> {
    i.scalar(name).and_then(Value::literal)
}

fn lambda_target(i: &Integration) -> bool {
    literal(i, "integration_type") == Some("AWS_PROXY") && i.integration_subtype.is_none()
}

/// Why an argument does not apply to this configuration, or `None` if it does. The form
/// disables such a field while it is empty; one that holds a value stays in the output as
/// written (the rules say what AWS does with it) with this reason and a button to remove it.
pub fn inapplicable(i: &Integration, name: &str) -> Option<&'static str> {
    let ty = literal(i, "integration_type");
    let subtype = i.integration_subtype.is_some();
    let vpc = literal(i, "connection_type") == Some("VPC_LINK");
    match (i.protocol, name) {
        (
            Some(Protocol::Http),
            "content_handling_strategy" | "passthrough_behavior" | "request_templates" | "template_selection_expression",
        ) => Some("Supported only for WebSocket APIs."),
        (Some(Protocol::WebSocket), "response_parameters" | "tls_config") => Some("Supported only for HTTP APIs."),
        (Some(Protocol::WebSocket), "integration_subtype") => Some("Supported only for HTTP APIs."),
        (_, "integration_subtype") if ty.is_some_and(|t| t != "AWS_PROXY") => {
            Some("Only for integration_type AWS_PROXY (AWS service integrations).")
        }
        (_, "integration_uri" | "integration_method") if subtype => {
            Some("AWS service integrations take their target from request_parameters.")
        }
        (_, "integration_uri") if ty == Some("MOCK") => Some("MOCK integrations call no backend."),
        (_, "connection_id") if !vpc => Some("Only for private integrations (connection_type = VPC_LINK)."),
        (_, "tls_config") if !vpc => Some("Only for private integrations (connection_type = VPC_LINK)."),
        _ => None,
    }
}

/// Whether a diagnostic is only about an argument the reader has not filled in yet: an
/// error at an unset scalar argument, an empty resource name, or a map entry that is not
/// there. The form shows such an error at its field once the field was touched or the
/// output was copied or downloaded, so a blank form does not greet a reader in red; the
/// summary counts it all along.
pub fn awaits_input(d: &crate::diag::Diagnostic, i: &Integration) -> bool {
    if !d.is_error() {
        return false;
    }
    let path = d.path.as_str();
    if path == "name" {
        return i.name.is_empty();
    }
    if crate::model::SCALAR_ARGS.contains(&path) {
        return i.scalar(path).is_none();
    }
    crate::model::MAP_ARGS.iter().any(|m| {
        path.strip_prefix(m)
            .and_then(|rest| rest.strip_prefix("[\""))
            .and_then(|rest| rest.strip_suffix("\"]"))
            .is_some_and(|key| !key.contains('\\') && i.map(m).is_none_or(|map| map.get(key).is_none()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_argument_links_to_its_own_entries() {
        assert_eq!(
            provider_doc("integration_uri"),
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/apigatewayv2_integration#integration_uri"
        );
        assert_eq!(
            aws_doc("timeout_milliseconds").as_deref(),
            Some(
                "https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-integrations.html#apis-apiid-integrations-prop-createintegrationinput-timeoutinmillis"
            )
        );
        assert!(aws_doc("payload_format_version").is_some_and(|h| h.ends_with("-createintegrationinput-payloadformatversion")));
        assert_eq!(aws_doc("api_id"), None);
        assert_eq!(aws_doc("region"), None);
        // Every other argument has a property of CreateIntegration's input: the name
        // without underscores is one of them.
        let properties = "connectionid connectiontype contenthandlingstrategy credentialsarn description integrationmethod integrationsubtype integrationtype integrationuri passthroughbehavior payloadformatversion requestparameters requesttemplates responseparameters templateselectionexpression timeoutinmillis tlsconfig";
        for f in FIELDS.iter().filter(|f| !matches!(f.name, "api_id" | "region")) {
            let href = aws_doc(f.name).expect("an entry");
            let property = href.rsplit('-').next().unwrap_or_default();
            assert!(properties.split(' ').any(|p| p == property), "{}: {property}", f.name);
        }
        // Help: every argument has some, and a blank form's arguments carry theirs.
        for f in FIELDS.iter() {
            assert!(help(f.name).is_some_and(|h| h.len() > 10), "{}", f.name);
        }
        assert_eq!(start_help("api_id"), help("api_id"));
        assert_eq!(start_help("description"), help("description"));
        assert_eq!(start_help("integration_uri"), None);
    }

    fn with(protocol: Option<Protocol>, ty: &str) -> Integration {
        let mut i = Integration::named("t");
        i.protocol = protocol;
        i.integration_type = Some(Value::str(ty));
        i
    }

    #[test]
    fn type_options_follow_the_protocol() {
        assert_eq!(options(&with(Some(Protocol::Http), "AWS_PROXY"), "integration_type"), ["AWS_PROXY", "HTTP_PROXY"]);
        assert_eq!(options(&with(Some(Protocol::WebSocket), "MOCK"), "integration_type").len(), 5);
        assert_eq!(options(&with(Some(Protocol::WebSocket), "AWS_PROXY"), "payload_format_version"), ["1.0"]);
        assert_eq!(options(&with(Some(Protocol::Http), "AWS_PROXY"), "payload_format_version"), ["1.0", "2.0"]);
        assert_eq!(options(&with(Some(Protocol::Http), "AWS_PROXY"), "integration_method"), ["POST"]);
    }

    /// What does not apply is said, and kept: the output is everything written, and the
    /// rules flag what AWS does not take (the CLI reports the same file alike).
    #[test]
    fn inapplicable_fields_are_said_kept_and_flagged() {
        let mut i = with(Some(Protocol::WebSocket), "MOCK");
        i.api_id = Some(Value::expr("aws_apigatewayv2_api.a.id"));
        i.passthrough_behavior = Some(Value::str("NEVER"));
        assert_eq!(inapplicable(&i, "passthrough_behavior"), None);
        assert!(inapplicable(&i, "integration_uri").is_some());
        i.protocol = Some(Protocol::Http);
        assert!(inapplicable(&i, "passthrough_behavior").is_some());
        let out = crate::render(&i).map(|r| r.resource).unwrap_or_default();
        assert!(out.contains("passthrough_behavior = \"NEVER\""), "{out}");
        assert!(crate::rules::validate(&i).iter().any(|d| d.code == "R-WSO-2"));
    }

    #[test]
    fn every_argument_has_a_field() {
        for name in crate::model::SCALAR_ARGS.iter().chain(crate::model::MAP_ARGS) {
            assert!(field(name).is_some(), "{name}");
        }
    }

    #[test]
    fn missing_arguments_await_input_and_wrong_ones_do_not() {
        let blank = Integration::named("t");
        let diags = crate::rules::validate(&blank);
        let missing: Vec<&str> = diags.iter().filter(|d| awaits_input(d, &blank)).map(|d| d.path.as_str()).collect();
        assert!(missing.contains(&"api_id") && missing.contains(&"integration_type"), "{missing:?}");
        let mut wrong = with(Some(Protocol::Http), "NOPE");
        wrong.api_id = Some(Value::str(""));
        let diags = crate::rules::validate(&wrong);
        assert!(diags.iter().any(|d| d.path == "integration_type" && d.is_error()));
        assert!(!diags.iter().any(|d| d.path == "integration_type" && awaits_input(d, &wrong)), "a wrong value is shown at once");
        let mut sqs = with(Some(Protocol::Http), "AWS_PROXY");
        sqs.integration_subtype = Some(Value::str("SQS-SendMessage"));
        let diags = crate::rules::validate(&sqs);
        let queue = diags.iter().find(|d| d.path == "request_parameters[\"QueueUrl\"]").expect("QueueUrl is required");
        assert!(awaits_input(queue, &sqs));
        let mut unnamed = blank.clone();
        unnamed.name.clear();
        assert!(crate::rules::validate(&unnamed).iter().any(|d| d.path == "name" && awaits_input(d, &unnamed)));
    }
}
