//! The rule table: every code the builder can report, with its severity, what it
//! checks, why, and the source. The rules reference (README, web app) is generated from
//! this table, so documentation and code cannot drift apart.

use crate::diag::Diagnostic;
use crate::diag::Severity::{self, Error, Info, Warning};

impl Diagnostic {
    /// A diagnostic for a rule code; the severity comes from the rule table, so a code
    /// always has the same severity (an unknown code is an error).
    pub fn new(code: &str, path: impl Into<String>, message: impl Into<String>) -> Diagnostic {
        let severity = SEVERITIES.iter().find(|(c, _)| *c == code).map_or(Severity::Error, |(_, s)| *s);
        Diagnostic { code: code.to_string(), severity, path: path.into(), message: message.into(), pos: None }
    }
}

/// One rule of the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    /// The stable code; the part before any letter suffix is the ID in the rule book.
    pub code: &'static str,
    /// The severity every diagnostic of this code carries.
    pub severity: Severity,
    /// The field(s) the rule is about.
    pub field: &'static str,
    /// What the rule checks.
    pub check: &'static str,
    /// Why it matters.
    pub why: &'static str,
    /// Where the rule comes from.
    pub source: &'static str,
}

const P: &str = "https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service/apigatewayv2/integration.go";
const D: &str = "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/apigatewayv2_integration";
const API: &str = "https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-integrations.html";
const DG_MAP: &str = "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-parameter-mapping.html";
const DG_SUB: &str =
    "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-aws-services-reference.html";
const DG_PRIV: &str = "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-private.html";
const CDK_CTX: &str = "https://github.com/aws/aws-cdk/issues/22010";
const DG_WSM: &str = "https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-data-mapping.html";
const DG_LAMBDA: &str = "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html";
const DG_LIMITS: &str = "https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html";
const TF_STR: &str = "https://developer.hashicorp.com/terraform/language/expressions/strings";
const TF_SYNTAX: &str = "https://developer.hashicorp.com/terraform/language/syntax/configuration";
const TF_IMPORT: &str = "https://developer.hashicorp.com/terraform/language/import";
const CLI_INT: &str = "https://docs.aws.amazon.com/cli/latest/reference/apigatewayv2/get-integrations.html";
const EB_ENTRY: &str = "https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEventsRequestEntry.html";
const SFN_START: &str = "https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html";
const SQS_SEND: &str = "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html";
const CFN_INT: &str = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigatewayv2-integration.html";

macro_rules! rule {
    ($code:literal, $sev:ident, $field:literal, $check:literal, $why:literal, $source:expr) => {
        Rule { code: $code, severity: $sev, field: $field, check: $check, why: $why, source: $source }
    };
}

/// Every rule, grouped as in the rule book.
pub static RULES: &[Rule] = TABLE;

/// How many rules there are.
pub const RULE_COUNT: usize = TABLE.len();

/// The rule code `code` names, if it names one (only codes: no rule texts are linked in).
pub fn known_code(code: &str) -> Option<&'static str> {
    SEVERITIES.iter().find(|(c, _)| *c == code).map(|(c, _)| *c)
}

/// Each code's severity, computed from [`TABLE`] when compiling: [`Diagnostic::new`] reads
/// this, so a build that makes diagnostics but shows no rule texts (the web form, whose
/// rules reference comes from the reader module) carries the codes and not the texts.
static SEVERITIES: [(&str, Severity); TABLE.len()] = {
    let mut out = [("", Severity::Error); TABLE.len()];
    let mut i = 0;
    while i < TABLE.len() {
        out[i] = (TABLE[i].code, TABLE[i].severity);
        i += 1;
    }
    out
};

const TABLE: &[Rule] = &[
    // Builder context and HCL.
    rule!(
        "R-NAME-1",
        Error,
        "name",
        "The resource name is a valid Terraform identifier: a letter or underscore, then letters, digits, underscores or dashes.",
        "Terraform rejects any other resource name.",
        TF_SYNTAX
    ),
    rule!(
        "R-NAME-2",
        Error,
        "name",
        "Each aws_apigatewayv2_integration of a configuration has its own name.",
        "Terraform rejects a second resource block with the same type and name (\"Duplicate resource configuration\").",
        "https://developer.hashicorp.com/terraform/language/resources/syntax"
    ),
    rule!(
        "R-PROTO-1",
        Info,
        "protocol",
        "The parent API's protocol (HTTP or WEBSOCKET) is known.",
        "Most rules depend on it; without it they are skipped. Choose the protocol or reference an aws_apigatewayv2_api whose protocol_type is visible.",
        API
    ),
    rule!(
        "R-EXPR-1",
        Error,
        "*",
        "An expression (reference) value is a valid Terraform expression.",
        "Terraform cannot parse it.",
        TF_SYNTAX
    ),
    rule!(
        "R-HCL-1",
        Error,
        "*",
        "A literal `${…}` of an API Gateway variable (request, context, stageVariables, …) is escaped as `$${…}`.",
        "In HCL `${` starts an interpolation: Terraform would try to evaluate the API Gateway variable and fail.",
        TF_STR
    ),
    rule!(
        "R-HCL-3",
        Error,
        "*",
        "Only arguments and blocks of aws_apigatewayv2_integration (and meta-arguments) are present.",
        "Terraform rejects unsupported arguments and blocks.",
        D
    ),
    rule!(
        "R-HCL-4",
        Info,
        "*",
        "A value the builder cannot judge (a function call, template, conditional, or a reference where a literal is checked).",
        "The rules that need its value are skipped; check it yourself.",
        D
    ),
    rule!("R-HCL-5", Error, "", "The file is valid HCL syntax.", "Terraform cannot read it.", TF_SYNTAX),
    rule!(
        "R-HCL-6",
        Info,
        "*",
        "Constructs kept verbatim and not checked: count, for_each, dynamic blocks, non-literal maps.",
        "The builder re-emits them unchanged but cannot validate what they produce.",
        TF_SYNTAX
    ),
    rule!(
        "R-HCL-9",
        Warning,
        "provisioner",
        "A provisioner block is present.",
        "It runs a command on this machine or a remote one when Terraform applies or destroys the resource: read it before you apply.",
        "https://developer.hashicorp.com/terraform/language/resources/provisioners/syntax"
    ),
    rule!(
        "R-HCL-9b",
        Warning,
        "connection",
        "A connection block is present.",
        "Terraform opens an SSH or WinRM connection to a host on apply: read it before you apply.",
        "https://developer.hashicorp.com/terraform/language/resources/provisioners/connection"
    ),
    rule!(
        "R-HCL-10",
        Error,
        "*",
        "Every item kept as written is exactly one argument or block (set once), and every kept comment line is exactly one comment.",
        "Anything else could add text the form does not show, such as another resource; the output is withheld until it is fixed.",
        TF_SYNTAX
    ),
    rule!(
        "R-EMIT-1",
        Error,
        "",
        "The output parses back as exactly one aws_apigatewayv2_integration with this name and at most one import block targeting it.",
        "The builder's own self-check; if it ever fails, the output is withheld instead of printed.",
        TF_SYNTAX
    ),
    rule!(
        "R-HCL-8",
        Info,
        "*",
        "A /* */ comment followed by more on its line (inside a one-line map) moves to a line of its own.",
        "Comment lines, comments at the end of a line and comments inside maps and nested blocks are kept where they were; only this one has no place of its own.",
        TF_SYNTAX
    ),
    // Provider schema (R-SCH).
    rule!("R-SCH-1", Error, "api_id", "api_id is set and not empty.", "Required by the provider.", P),
    rule!(
        "R-SCH-2",
        Error,
        "connection_id",
        "connection_id is 1 to 1024 characters long.",
        "The provider validates StringLenBetween(1, 1024).",
        P
    ),
    rule!(
        "R-SCH-3",
        Error,
        "connection_type",
        "connection_type is INTERNET or VPC_LINK (case-sensitive).",
        "The provider validates the enum.",
        P
    ),
    rule!(
        "R-SCH-4",
        Error,
        "content_handling_strategy",
        "content_handling_strategy is CONVERT_TO_BINARY or CONVERT_TO_TEXT.",
        "The provider validates the enum.",
        P
    ),
    rule!(
        "R-SCH-5",
        Error,
        "credentials_arn",
        "credentials_arn is a valid ARN: partition aws(-…), a region and account of the right shape, a resource.",
        "The provider validates it with verify.ValidARN.",
        P
    ),
    rule!(
        "R-SCH-7",
        Error,
        "integration_method",
        "integration_method is one of ANY, DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT.",
        "The provider validates the list, case-sensitively.",
        P
    ),
    rule!(
        "R-SCH-8",
        Error,
        "*",
        "Computed attributes (id, integration_response_selection_expression) are not set.",
        "They are read-only: Terraform rejects them in configuration.",
        P
    ),
    rule!(
        "R-SCH-9",
        Error,
        "integration_subtype",
        "integration_subtype is 1 to 128 characters long.",
        "The provider validates StringLenBetween(1, 128).",
        P
    ),
    rule!(
        "R-SCH-10",
        Error,
        "integration_type",
        "integration_type is set and is AWS, AWS_PROXY, HTTP, HTTP_PROXY or MOCK.",
        "Required; the provider validates the enum.",
        P
    ),
    rule!(
        "R-SCH-12",
        Error,
        "passthrough_behavior",
        "passthrough_behavior is WHEN_NO_MATCH, WHEN_NO_TEMPLATES or NEVER.",
        "The provider validates the enum.",
        P
    ),
    rule!(
        "R-SCH-13",
        Error,
        "payload_format_version",
        "payload_format_version is \"1.0\" or \"2.0\".",
        "The provider validates the two values.",
        P
    ),
    rule!(
        "R-SCH-16",
        Error,
        "response_parameters",
        "Each response_parameters block has status_code and mappings.",
        "Both are required in the block.",
        P
    ),
    rule!("R-SCH-18", Error, "timeout_milliseconds", "timeout_milliseconds is a whole number.", "The argument is an integer.", P),
    rule!("R-SCH-19", Error, "tls_config", "There is at most one tls_config block.", "The block has MaxItems 1.", P),
    rule!("R-SCH-20", Error, "region", "region looks like an AWS region (us-east-1).", "The provider rejects an unknown region.", D),
    rule!(
        "R-LEN-1",
        Error,
        "*",
        "AWS length limits: description up to 1024, integration_uri 1 to 2048, request_parameters values 1 to 512, request_templates values up to 32768 characters.",
        "AWS rejects longer values at apply time; the provider does not check them.",
        API
    ),
    rule!(
        "R-PRV-5",
        Error,
        "response_parameters",
        "Each status_code appears in one response_parameters block only.",
        "Two blocks with the same code collide in one API map key: one is silently lost.",
        P
    ),
    rule!(
        "R-PRV-5b",
        Warning,
        "response_parameters",
        "A response_parameters block has at least one mapping.",
        "The provider skips empty mappings, which gives a perpetual diff.",
        P
    ),
    rule!(
        "R-IMP-1",
        Error,
        "import",
        "The import id is API_ID/INTEGRATION_ID: two non-empty parts without another slash.",
        "The provider rejects any other import id.",
        P
    ),
    rule!(
        "R-IMP-1c",
        Error,
        "import",
        "An import block for aws_apigatewayv2_integration targets a resource in the configuration.",
        "Terraform: configuration for import target does not exist.",
        TF_IMPORT
    ),
    rule!(
        "R-IMP-1b",
        Warning,
        "import",
        "The import ids look like API Gateway ids (10 and 7 lowercase letters or digits).",
        "A typo gives a not-found error at import time.",
        TF_IMPORT
    ),
    rule!(
        "R-IMP-1d",
        Error,
        "import",
        "At most one import block targets each resource address.",
        "Terraform rejects a second import into the same address (hashicorp/terraform#33190).",
        "https://github.com/hashicorp/terraform/pull/33190"
    ),
    rule!(
        "R-IMP-4b",
        Info,
        "import",
        "An import block the builder cannot model (for_each, an instance address, an id that is not a literal, identity attributes beyond api_id and id) is reported, not read.",
        "The builder models one import block per resource, of the id or identity form; render and the web form leave the others out of their output.",
        "https://developer.hashicorp.com/terraform/language/block/import"
    ),
    // Bringing existing integrations in (src/aws.rs): conversion notes.
    rule!(
        "R-AWS-1",
        Error,
        "",
        "The input is AWS CLI JSON (get-integrations, get-integration) or a CloudFormation template with AWS::ApiGatewayV2::Integration resources.",
        "Nothing can be converted from anything else.",
        CLI_INT
    ),
    rule!(
        "R-AWS-2",
        Warning,
        "",
        "The integration is not managed by API Gateway (ApiGatewayManaged, made by quick create).",
        "Updating or deleting a managed integration directly fails, so a Terraform apply that changes it fails; manage the API's target instead.",
        API
    ),
    rule!(
        "R-AWS-3",
        Warning,
        "*",
        "Every value of the input was translated (CloudFormation Ref, Fn::GetAtt and Fn::Sub become references); anything else is left out and said.",
        "An argument left out is missing from the plan until written by hand (a literal guessed in its place would be silently wrong).",
        CFN_INT
    ),
    rule!(
        "R-AWS-4",
        Info,
        "",
        "Every field of the input is an argument of the resource (read-only fields such as IntegrationId are used or skipped silently).",
        "An unknown field is ignored; check that nothing you need was in it.",
        API
    ),
    rule!(
        "R-AWS-5",
        Warning,
        "api_id",
        "The API's id is known when converting AWS CLI output (--api-id, get-api JSON, or typed in).",
        "Without it api_id and the import block are left out, so the plan fails until they are written.",
        TF_IMPORT
    ),
    // Suppressions (src/suppress.rs).
    rule!(
        "R-SUP-1",
        Warning,
        "",
        "Every `# apigw-integration:ignore CODE reason` comment silences a finding on the argument or block below it (one over a reference or a function call is not judged: another run, with --var or a plan, may need it).",
        "A suppression that silences nothing has no effect and hides the next real finding of that code there: remove it.",
        TF_SYNTAX
    ),
    rule!(
        "R-SUP-2",
        Warning,
        "",
        "Every suppression comment gives a reason after its codes (`# apigw-integration:ignore CODE why`, or `ignore-file` for the whole file).",
        "A suppression without a reason has no effect: the finding stays reported until someone says why it is fine.",
        TF_SYNTAX
    ),
    rule!(
        "R-SUP-3",
        Warning,
        "",
        "No suppression comment names a code the configuration's forbid_suppressing lists.",
        "The suppression has no effect for those codes: the platform team that owns the configuration wants them fixed, not silenced.",
        TF_SYNTAX
    ),
    // AWS rules per protocol and type.
    rule!(
        "R-TYPE-1",
        Error,
        "integration_type",
        "An HTTP API uses only AWS_PROXY or HTTP_PROXY.",
        "AWS: an API with a protocol type of HTTP may only be associated with proxy integrations.",
        API
    ),
    rule!(
        "R-TYPE-3",
        Error,
        "integration_type",
        "An HTTP API private integration (VPC_LINK) uses HTTP_PROXY.",
        "AWS rejects other types over a VPC link on HTTP APIs.",
        DG_PRIV
    ),
    rule!(
        "R-TYPE-4",
        Error,
        "integration_subtype",
        "integration_subtype is set only on an HTTP API AWS_PROXY integration, and is one of the ten documented subtypes.",
        "AWS supports subtypes only there, and only those names.",
        DG_SUB
    ),
    rule!(
        "R-METH-1",
        Error,
        "integration_method",
        "integration_method is set for HTTP, HTTP_PROXY and AWS service (non-Lambda) integrations.",
        "AWS needs the method to call the backend.",
        D
    ),
    rule!(
        "R-METH-2",
        Error,
        "integration_method",
        "A Lambda integration uses POST (or leaves the method out).",
        "AWS: HttpMethod must be POST for AWS_PROXY IntegrationType (provider issue #42391).",
        "https://github.com/hashicorp/terraform-provider-aws/issues/42391"
    ),
    rule!(
        "R-CONN-1",
        Error,
        "connection_id",
        "connection_type = VPC_LINK has a connection_id.",
        "A private integration needs the VPC link id.",
        DG_PRIV
    ),
    rule!(
        "R-CONN-1b",
        Warning,
        "connection_id",
        "connection_id is set only with connection_type = VPC_LINK.",
        "With INTERNET the VPC link id has no effect.",
        DG_PRIV
    ),
    rule!(
        "R-CONN-2",
        Error,
        "connection_id",
        "HTTP APIs use an aws_apigatewayv2_vpc_link; WebSocket APIs an aws_api_gateway_vpc_link.",
        "VPC link v2 is not supported for WebSocket APIs and v1 links not for HTTP APIs.",
        DG_PRIV
    ),
    rule!(
        "R-URI-1",
        Error,
        "integration_uri",
        "An HTTP API Lambda proxy integration has a Lambda function ARN or invoke ARN.",
        "AWS needs the function to invoke.",
        API
    ),
    rule!(
        "R-URI-2",
        Error,
        "integration_uri",
        "A WebSocket Lambda integration uses the invocation URI (invoke_arn), not the function ARN.",
        "WebSocket APIs need arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/ARN/invocations.",
        "https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-integration-requests.html"
    ),
    rule!(
        "R-URI-3",
        Error,
        "integration_uri",
        "A WebSocket AWS service integration URI is arn:aws:apigateway:REGION:SERVICE:action/… or :path/….",
        "AWS rejects other URIs for the AWS type.",
        API
    ),
    rule!(
        "R-URI-4",
        Error,
        "integration_uri",
        "HTTP and HTTP_PROXY integrations over the internet have a fully-qualified http(s):// URL.",
        "AWS needs a URL to call.",
        "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-http.html"
    ),
    rule!(
        "R-URI-5",
        Error,
        "integration_uri",
        "An HTTP API private integration URI is an ALB/NLB listener ARN or a Cloud Map service ARN.",
        "AWS accepts nothing else over a VPC link v2.",
        DG_PRIV
    ),
    rule!(
        "R-URI-6",
        Error,
        "integration_uri",
        "A WebSocket private integration URI is an http(s):// URL.",
        "The VPC link v1 forwards to the NLB; the URI is the URL to call.",
        API
    ),
    rule!(
        "R-URI-7",
        Warning,
        "integration_uri",
        "MOCK and subtype integrations leave integration_uri out.",
        "AWS ignores it (it reads back empty), so it only causes drift.",
        API
    ),
    rule!(
        "R-URI-8",
        Error,
        "integration_uri",
        "A Lambda integration_uri does not append a qualifier to an invoke ARN (`\"${aws_lambda_function.f.invoke_arn}:live\"`).",
        "The invoke ARN ends in /invocations, so the result names no function and AWS rejects it: use the alias's invoke_arn or the function's qualified_invoke_arn.",
        "https://github.com/hashicorp/terraform-provider-aws/issues/37083"
    ),
    rule!(
        "R-PFV-1",
        Error,
        "payload_format_version",
        "payload_format_version 2.0 is only for HTTP API Lambda proxy integrations.",
        "AWS: for all other integrations 1.0 is the only supported value (WebSocket: provider issue #25280).",
        DG_LAMBDA
    ),
    rule!(
        "R-PFV-2",
        Warning,
        "payload_format_version",
        "An HTTP API Lambda proxy integration states its payload_format_version.",
        "Terraform's default 1.0 differs from the console's 2.0; the Lambda event shape differs.",
        DG_LAMBDA
    ),
    rule!(
        "R-TMO-1",
        Error,
        "timeout_milliseconds",
        "timeout_milliseconds is 50–29000 for WebSocket APIs and 50–30000 for HTTP APIs.",
        "AWS rejects other values at apply time; the provider does not check.",
        DG_LIMITS
    ),
    rule!(
        "R-WSO-1",
        Error,
        "content_handling_strategy",
        "content_handling_strategy is only for WebSocket APIs.",
        "AWS supports it only for WebSocket APIs.",
        API
    ),
    rule!(
        "R-WSO-2",
        Warning,
        "passthrough_behavior",
        "passthrough_behavior (`NEVER`, `WHEN_NO_TEMPLATES`) is only for WebSocket APIs.",
        "HTTP APIs do not store it: a perpetual diff (provider issue #13893).",
        "https://github.com/hashicorp/terraform-provider-aws/issues/13893"
    ),
    rule!(
        "R-OVR-1",
        Error,
        "resource",
        "An override file (`override.tf`, `*_override.tf`) overrides an integration that no other file of the configuration declares.",
        "Terraform merges an override block into the block it overrides and fails when there is none (\"Missing resource to override\").",
        "https://developer.hashicorp.com/terraform/language/files/override"
    ),
    rule!(
        "R-WSO-2b",
        Info,
        "passthrough_behavior",
        "passthrough_behavior = `WHEN_NO_MATCH` on an HTTP API.",
        "It is the provider's default, and its schema suppresses the diff an HTTP API would show (it stores nothing): no consequence, it can be left out.",
        P
    ),
    rule!(
        "R-WSO-3",
        Error,
        "request_templates",
        "request_templates is only for WebSocket APIs.",
        "AWS supports templates only for WebSocket APIs.",
        API
    ),
    rule!(
        "R-WSO-4",
        Error,
        "template_selection_expression",
        "template_selection_expression is only for WebSocket APIs.",
        "AWS supports it only for WebSocket APIs.",
        API
    ),
    rule!(
        "R-WSO-4b",
        Warning,
        "template_selection_expression",
        "template_selection_expression is for non-proxy WebSocket integrations.",
        "Proxy integrations do not apply templates: they have no effect.",
        "https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-selection-expressions.html"
    ),
    rule!(
        "R-HTO-1",
        Error,
        "response_parameters",
        "response_parameters is only for HTTP APIs.",
        "AWS supports response mapping only for HTTP APIs.",
        API
    ),
    rule!("R-HTO-2", Error, "tls_config", "tls_config is only for HTTP APIs.", "AWS supports it only for HTTP APIs.", API),
    rule!(
        "R-HTO-2b",
        Warning,
        "tls_config",
        "tls_config is used with connection_type = VPC_LINK.",
        "On an INTERNET integration it is not stored (provider issue #41326): a perpetual diff.",
        "https://github.com/hashicorp/terraform-provider-aws/issues/41326"
    ),
    rule!(
        "R-CRED-1",
        Error,
        "credentials_arn",
        "credentials_arn is not the caller-credentials wildcard arn:aws:iam::*:user/*.",
        "The provider's ARN check rejects the * account.",
        P
    ),
    rule!(
        "R-CRED-1b",
        Warning,
        "credentials_arn",
        "credentials_arn is an IAM role ARN.",
        "API Gateway assumes a role; other principals do not work at runtime.",
        API
    ),
    rule!(
        "R-CRED-2",
        Error,
        "credentials_arn",
        "An AWS service (subtype) integration has a credentials_arn role.",
        "API Gateway needs a role allowed to call the service.",
        "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-aws-services.html"
    ),
    rule!(
        "R-CRED-2b",
        Warning,
        "credentials_arn",
        "A WebSocket AWS service (non-Lambda) integration has a credentials_arn role.",
        "Without a role API Gateway cannot call the service: every call fails at runtime.",
        API
    ),
    rule!(
        "R-CRED-3",
        Info,
        "credentials_arn",
        "A Lambda integration without credentials needs an aws_lambda_permission for apigateway.amazonaws.com.",
        "Without it, calls fail with 500 (provider issue #13625).",
        "https://github.com/hashicorp/terraform-provider-aws/issues/13625"
    ),
    rule!("R-QTA-1", Error, "api_id", "At most 300 integrations per HTTP API.", "The HTTP API quota cannot be increased.", DG_LIMITS),
    rule!(
        "R-QTA-1b",
        Warning,
        "api_id",
        "At most 300 integrations per WebSocket API (or unknown protocol) unless the quota was raised.",
        "The default quota is 300: creating the 301st integration fails at apply time.",
        DG_LIMITS
    ),
    // Subtypes.
    rule!(
        "R-SUB-0",
        Warning,
        "integration_subtype",
        "Subtype integrations leave integration_uri and integration_method out.",
        "AWS ignores them (they read back empty), which only causes drift.",
        DG_SUB
    ),
    rule!(
        "R-SUB-1",
        Error,
        "request_parameters",
        "EventBridge-PutEvents: Detail, DetailType, Source required; Time, EventBusName, Resources, Region, TraceHeader optional.",
        "AWS rejects missing or unknown parameters.",
        DG_SUB
    ),
    rule!(
        "R-SUB-2",
        Error,
        "request_parameters",
        "SQS-SendMessage: QueueUrl, MessageBody required; DelaySeconds, MessageAttributes, MessageDeduplicationId, MessageGroupId, MessageSystemAttributes, Region optional.",
        "AWS rejects missing or unknown parameters.",
        DG_SUB
    ),
    rule!(
        "R-SUB-3",
        Error,
        "request_parameters",
        "SQS-ReceiveMessage: QueueUrl required; AttributeNames, MaxNumberOfMessages, MessageAttributeNames, ReceiveRequestAttemptId, VisibilityTimeout, WaitTimeSeconds, Region optional.",
        "AWS rejects missing or unknown parameters.",
        DG_SUB
    ),
    rule!(
        "R-SUB-4",
        Error,
        "request_parameters",
        "SQS-DeleteMessage: ReceiptHandle, QueueUrl required; Region optional.",
        "AWS rejects missing or unknown parameters.",
        DG_SUB
    ),
    rule!(
        "R-SUB-5",
        Error,
        "request_parameters",
        "SQS-PurgeQueue: QueueUrl required; Region optional.",
        "AWS rejects missing or unknown parameters.",
        DG_SUB
    ),
    rule!(
        "R-SUB-6",
        Error,
        "request_parameters",
        "AppConfig-GetConfiguration: Application, Environment, Configuration, ClientId required; ClientConfigurationVersion, Region optional.",
        "AWS rejects missing or unknown parameters.",
        DG_SUB
    ),
    rule!(
        "R-SUB-7",
        Error,
        "request_parameters",
        "Kinesis-PutRecord: StreamName, Data, PartitionKey required; SequenceNumberForOrdering, ExplicitHashKey, Region optional.",
        "AWS rejects missing or unknown parameters.",
        DG_SUB
    ),
    rule!(
        "R-SUB-8",
        Error,
        "request_parameters",
        "StepFunctions-StartExecution: StateMachineArn required; Name, Input, Region optional.",
        "AWS rejects missing or unknown parameters.",
        DG_SUB
    ),
    rule!(
        "R-SUB-9",
        Error,
        "request_parameters",
        "StepFunctions-StartSyncExecution: StateMachineArn required; Name, Input, Region, TraceHeader optional (the state machine must be EXPRESS).",
        "AWS rejects missing or unknown parameters.",
        DG_SUB
    ),
    rule!(
        "R-SUB-10",
        Error,
        "request_parameters",
        "StepFunctions-StopExecution: ExecutionArn required; Cause, Error, Region optional.",
        "AWS rejects missing or unknown parameters.",
        DG_SUB
    ),
    rule!(
        "R-PIT-5",
        Info,
        "request_parameters",
        "Subtype integrations: an update that changes only other arguments may drop request_parameters (#22647); removing a key needs a replacement (#50061).",
        "Known open provider issues; plan a two-step apply or a replacement.",
        "https://github.com/hashicorp/terraform-provider-aws/issues/22647"
    ),
    rule!(
        "R-PIT-7",
        Warning,
        "request_parameters",
        "SQS MessageAttributes is not a static JSON literal.",
        "AWS rejects it: Invalid source … specified for destination: MessageAttributes (#17348).",
        "https://github.com/hashicorp/terraform-provider-aws/issues/17348"
    ),
    // What the services behind the subtypes check only when a request runs (static values).
    rule!(
        "R-SUBV-1",
        Warning,
        "request_parameters",
        "EventBridge-PutEvents: a static Detail is a JSON object.",
        "EventBridge fails the entry at runtime (the call answers 200 with FailedEntryCount 1): no event is sent.",
        EB_ENTRY
    ),
    rule!(
        "R-SUBV-2",
        Warning,
        "request_parameters",
        "EventBridge-PutEvents: a static DetailType is at most 128 characters.",
        "EventBridge fails the entry at runtime.",
        EB_ENTRY
    ),
    rule!(
        "R-SUBV-3",
        Warning,
        "request_parameters",
        "EventBridge-PutEvents: a static EventBusName is a bus name or bus ARN of 1 to 1600 characters.",
        "EventBridge fails every call at runtime.",
        EB_ENTRY
    ),
    rule!(
        "R-SUBV-4",
        Warning,
        "request_parameters",
        "EventBridge-PutEvents names its EventBusName.",
        "Without it events go to the default bus and rules on a custom bus never see them: a silent failure at runtime, with HTTP 200.",
        EB_ENTRY
    ),
    rule!(
        "R-SUBV-5",
        Warning,
        "request_parameters",
        "Step Functions: a static execution Name is 1 to 80 characters, without spaces, brackets, wildcards, the special characters \"#%\\^|~`$&,;:/ or control characters.",
        "Step Functions fails every call at runtime.",
        SFN_START
    ),
    rule!(
        "R-SUBV-6",
        Warning,
        "request_parameters",
        "Step Functions: a static Input is JSON of at most 262,144 bytes.",
        "Step Functions fails every call at runtime (InvalidExecutionInput).",
        SFN_START
    ),
    rule!(
        "R-SUBV-7",
        Warning,
        "request_parameters",
        "SQS-SendMessage: a static DelaySeconds is a whole number from 0 to 900.",
        "SQS fails every call at runtime.",
        SQS_SEND
    ),
    rule!(
        "R-SUBV-8",
        Warning,
        "request_parameters",
        "SQS-SendMessage to a FIFO queue (a QueueUrl written to end in .fifo) sets no per-message DelaySeconds.",
        "FIFO queues take a delay only on the queue: SQS fails every call at runtime.",
        SQS_SEND
    ),
    rule!(
        "R-SUBV-9",
        Warning,
        "request_parameters",
        "SQS-SendMessage to a FIFO queue (a QueueUrl written to end in .fifo) maps MessageGroupId.",
        "SQS fails every call without it at runtime (on a standard queue it is optional).",
        SQS_SEND
    ),
    rule!(
        "R-SUBV-10",
        Warning,
        "request_parameters",
        "Kinesis-PutRecord: a static PartitionKey is at most 256 characters.",
        "Kinesis fails every call at runtime.",
        "https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecord.html"
    ),
    rule!(
        "R-SUBV-11",
        Info,
        "integration_subtype",
        "AppConfig-GetConfiguration calls AppConfig's deprecated, per-call-priced GetConfiguration API.",
        "Without ClientConfigurationVersion every call is charged; AWS recommends StartConfigurationSession and GetLatestConfiguration.",
        "https://docs.aws.amazon.com/appconfig/2019-10-09/APIReference/API_GetConfiguration.html"
    ),
    rule!(
        "R-SUBV-12",
        Warning,
        "request_parameters",
        "StepFunctions-StartSyncExecution starts an EXPRESS state machine (judged when its aws_sfn_state_machine is in the files).",
        "StartSyncExecution is not available for STANDARD workflows (the provider's default type): every call fails at runtime.",
        "https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartSyncExecution.html"
    ),
    rule!(
        "R-SUBV-13",
        Warning,
        "request_parameters",
        "StepFunctions-StopExecution does not target an EXPRESS state machine (judged when its aws_sfn_state_machine is in the files).",
        "StopExecution is not supported for EXPRESS state machines: every call fails at runtime.",
        "https://docs.aws.amazon.com/step-functions/latest/apireference/API_StopExecution.html"
    ),
    // Beside the integration: routes and Lambda permissions in the same configuration.
    rule!(
        "R-RTE-1",
        Info,
        "lifecycle",
        "An integration that an aws_apigatewayv2_route in the files targets (one known to exist: no count or for_each that may make none) has lifecycle { create_before_destroy = true }.",
        "Changing api_id, integration_type or integration_subtype replaces it, destroying first, and AWS refuses to delete an integration a route references (ConflictException): the apply stops halfway.",
        "https://github.com/milliHQ/terraform-aws-next-js/issues/247"
    ),
    rule!(
        "R-PERM-1",
        Warning,
        "source_arn",
        "An aws_lambda_permission for apigateway.amazonaws.com has a source_arn that does not end in `/` (unless in `/GET/` or another method: the route `GET /` itself).",
        "A trailing / matches only the path /: every other route fails with 500 at runtime (terraform-aws-modules/terraform-aws-lambda#97).",
        "https://github.com/terraform-aws-modules/terraform-aws-lambda/issues/97"
    ),
    rule!(
        "R-PERM-2",
        Warning,
        "source_arn",
        "The permission for the function behind an HTTP API's $default route (in the files) has a source_arn ending in /*/*, not /*/*/* (unless another permission for it may allow that route).",
        "The $default route's ARN is API/STAGE/$default, which /*/*/* does not match: its calls fail with 500 at runtime.",
        "https://github.com/aws/serverless-application-model/issues/1860"
    ),
    rule!(
        "R-PERM-3",
        Warning,
        "qualifier",
        "When an integration invokes a Lambda alias or published version, the aws_lambda_permission for that function in the files (function_name: the function unqualified) has the same qualifier.",
        "A permission on the function does not cover its aliases and versions: calls fail with 500 at runtime (serverless-plugin-canary-deployments#92).",
        "https://github.com/davidgf/serverless-plugin-canary-deployments/issues/92"
    ),
    // Parameter mapping.
    rule!(
        "R-MAP-1",
        Error,
        "request_parameters",
        "HTTP API request parameter keys are append|overwrite|remove:header.NAME, append|overwrite|remove:querystring.NAME or overwrite:path.",
        "AWS rejects other keys: Invalid mapping expression specified.",
        DG_MAP
    ),
    rule!(
        "R-MAP-2",
        Error,
        "request_parameters",
        "HTTP API request values are $request.header.N, $request.querystring.N, $request.body[.JSONPath], $request.path[.N], $context.V, $stageVariables.V or static text; several variables need the ${…} form.",
        "AWS rejects unknown sources.",
        DG_MAP
    ),
    rule!(
        "R-MAP-3",
        Error,
        "*",
        "JSONPath in mappings uses neither recursive descent (..) nor filters (?(…)).",
        "AWS does not support them.",
        DG_MAP
    ),
    rule!(
        "R-MAP-4",
        Error,
        "response_parameters",
        "HTTP API response mapping keys are append|overwrite|remove:header.NAME or overwrite:statuscode.",
        "AWS rejects other keys: Invalid mapping expression specified (PR #17997).",
        DG_MAP
    ),
    rule!(
        "R-MAP-5",
        Error,
        "response_parameters",
        "status_code is a whole number from 200 to 599.",
        "AWS: must be a valid HTTP status code within the range of 200-599.",
        API
    ),
    rule!(
        "R-MAP-6",
        Error,
        "response_parameters",
        "HTTP API response values are $response.header.N, $response.body[.JSONPath], $context.V, $stageVariables.V or static text.",
        "AWS rejects unknown sources.",
        DG_MAP
    ),
    rule!(
        "R-MAP-7",
        Error,
        "*",
        "Reserved headers (access-control-*, apigw-*, Authorization, Connection, Content-Length, Host-like hop headers, x-amz-*, …) are not mapped.",
        "AWS refuses to map reserved headers.",
        DG_MAP
    ),
    rule!(
        "R-MAP-8",
        Warning,
        "*",
        "The same header is not mapped twice with different letter case.",
        "Header names are case-insensitive: the two keys address one header, so one of them has no effect.",
        DG_MAP
    ),
    rule!(
        "R-MAP-9",
        Error,
        "*",
        "remove: mappings have a non-empty value (use \"''\").",
        "AWS requires a 1–512 character value and the provider uses \"\" as its delete marker.",
        DG_MAP
    ),
    rule!(
        "R-MAP-10",
        Info,
        "request_parameters",
        "HTTP API private integrations forward the stage name in the path unless overwrite:path is mapped.",
        "Map \"overwrite:path\" = \"$request.path\" to strip the stage.",
        DG_PRIV
    ),
    rule!(
        "R-CTX-1",
        Error,
        "*",
        "A $context. variable in an HTTP API mapping is named with letters, digits, . and _ only (a JWT claim such as custom:tenant cannot be mapped).",
        "AWS rejects the integration: Invalid mapping expression specified (aws-cdk#22010; the guide: the only special character supported in an authorizer property is _).",
        CDK_CTX
    ),
    rule!(
        "R-WSM-1",
        Error,
        "request_parameters",
        "WebSocket request parameter keys are integration.request.header|querystring|path.NAME.",
        "AWS rejects other keys.",
        DG_WSM
    ),
    rule!(
        "R-WSM-2",
        Error,
        "request_parameters",
        "WebSocket request values are route.request.header|querystring|multivalueheader|multivaluequerystring.P, route.request.body.JSONPath, stageVariables.V, context.V or 'static' in single quotes.",
        "AWS rejects other sources; static values need single quotes.",
        DG_WSM
    ),
];

/// Looks up a rule by code.
pub fn rule(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.code == code)
}

/// The codes whose diagnostics withhold the output: the configuration cannot be written
/// as exactly one resource and its import block until they are fixed.
pub const WITHHOLDING: &[&str] = &["R-NAME-1", "R-EXPR-1", "R-HCL-3", "R-SCH-8", "R-HCL-10", "R-EMIT-1"];

/// Whether diagnostics of this code withhold the output.
pub fn withholds(code: &str) -> bool {
    WITHHOLDING.contains(&code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diagnostic_takes_its_rules_severity_and_an_unknown_code_is_an_error() {
        assert_eq!(SEVERITIES.len(), RULES.len());
        for r in RULES {
            assert_eq!(Diagnostic::new(r.code, "", "").severity, r.severity, "{}", r.code);
        }
        assert_eq!(Diagnostic::new("R-NOPE-1", "", "").severity, Severity::Error);
        assert!(RULES.iter().any(|r| r.severity != Severity::Error), "the table has other severities, so the test can fail");
    }
}
