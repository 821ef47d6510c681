//! Companion snippets users forget: the `aws_lambda_permission` a Lambda integration needs
//! (without it API Gateway gets AccessDenied and clients get the classic 500), and an
//! `aws_apigatewayv2_route` that targets the integration (with a route key of its own). Off by default, one switch each;
//! built from the model's parsed values only (an integration whose output is withheld has
//! no companions) and formatted by the same `terraform fmt` pass as everything else.

use crate::hcl::emit::value;
use crate::hcl::escape::quote;
use crate::model::{Integration, Protocol, Value};
use crate::reference;

/// Which snippets to add.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Companions {
    /// `aws_lambda_permission` for a Lambda target.
    pub lambda_permission: bool,
    /// `aws_apigatewayv2_route` with `target = "integrations/${…id}"`.
    pub route: bool,
    /// For an AWS service (subtype) integration, the IAM role API Gateway assumes, allowed
    /// the one action of its subtype on its one resource.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub iam_role: bool,
}

/// The action each subtype calls, as aws-cdk's HTTP API service integrations grant it.
const ACTIONS: &[(&str, &str)] = &[
    ("SQS-SendMessage", "sqs:SendMessage"),
    ("SQS-ReceiveMessage", "sqs:ReceiveMessage"),
    ("SQS-DeleteMessage", "sqs:DeleteMessage"),
    ("SQS-PurgeQueue", "sqs:PurgeQueue"),
    ("EventBridge-PutEvents", "events:PutEvents"),
    ("StepFunctions-StartExecution", "states:StartExecution"),
    ("StepFunctions-StartSyncExecution", "states:StartSyncExecution"),
    ("StepFunctions-StopExecution", "states:StopExecution"),
    ("Kinesis-PutRecord", "kinesis:PutRecord"),
];

/// How a literal parameter value becomes the resource's ARN (`None`: it cannot).
type ArnOf = fn(&str) -> Option<String>;

/// The resource a subtype's action is allowed on, as an HCL expression, from the request
/// parameter that names it: a reference to the resource (its ARN attribute), or an ARN
/// built from a literal. `None` when the parameter does not say which resource (a value
/// from the request, a variable): no role is better than one allowed on everything.
fn resource(subtype: &str, params: &crate::model::Map) -> Option<String> {
    let (key, ty, arn_of_literal): (&str, &str, ArnOf) = match subtype {
        s if s.starts_with("SQS-") => ("QueueUrl", "aws_sqs_queue", |url| {
            // https://sqs.REGION.amazonaws.com/ACCOUNT/NAME
            let rest = url.strip_prefix("https://sqs.")?;
            let (region, path) = rest.split_once(".amazonaws.com/")?;
            let (account, name) = path.trim_end_matches('/').split_once('/')?;
            let ok = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.');
            (ok(region) && account.bytes().all(|b| b.is_ascii_digit()) && ok(name))
                .then(|| format!("arn:aws:sqs:{region}:{account}:{name}"))
        }),
        "EventBridge-PutEvents" => ("EventBusName", "aws_cloudwatch_event_bus", |v| v.starts_with("arn:").then(|| v.to_string())),
        "StepFunctions-StartExecution" | "StepFunctions-StartSyncExecution" => {
            ("StateMachineArn", "aws_sfn_state_machine", |v| v.starts_with("arn:").then(|| v.to_string()))
        }
        "Kinesis-PutRecord" => ("StreamName", "aws_kinesis_stream", |_| None),
        "StepFunctions-StopExecution" => {
            // `…:execution:MACHINE:*`, from the machine the execution ARN's template names.
            let Some(Value::Expr(e)) = params.get("ExecutionArn") else { return None };
            let parts = crate::eval::template(e, &crate::eval::Scope::default())?;
            let machine = parts.iter().find_map(|p| match p {
                crate::eval::Part::Hole(h) => {
                    reference::parse(h).filter(|r| r.root == "aws_sfn_state_machine").and_then(|r| r.attrs.first().map(|n| n.to_string()))
                }
                crate::eval::Part::Lit(_) => None,
            })?;
            return Some(format!("\"${{replace(aws_sfn_state_machine.{machine}.arn, \":stateMachine:\", \":execution:\")}}:*\""));
        }
        _ => return None,
    };
    match params.get(key)? {
        Value::Expr(e) => {
            let r = reference::parse(e)?;
            let name = r.attrs.first()?;
            (r.root == ty && r.attrs.len() == 2).then(|| format!("{ty}.{name}.arn"))
        }
        Value::Str(s) if !s.contains('$') => arn_of_literal(s).map(|a| quote(&a)),
        _ => None,
    }
}

/// The role (and its policy) for an AWS service integration: named after the role its
/// `credentials_arn` references, or after the integration when it has none yet.
fn iam_role(i: &Integration) -> Option<String> {
    let subtype = i.integration_subtype.as_ref().and_then(Value::literal)?;
    let action = ACTIONS.iter().find(|(s, _)| *s == subtype)?.1;
    let resource = resource(subtype, i.request_parameters.as_ref()?)?;
    let (role, note) = match &i.credentials_arn {
        None => {
            (i.name.clone(), format!("# Set credentials_arn = aws_iam_role.{}.arn on aws_apigatewayv2_integration.{}.\n", i.name, i.name))
        }
        Some(Value::Expr(e)) => {
            let r = reference::parse(e).filter(|r| r.root == "aws_iam_role" && r.attrs.len() == 2 && r.last_attr() == Some("arn"))?;
            (r.attrs.first()?.to_string(), String::new())
        }
        Some(_) => return None,
    };
    Some(format!(
        "{note}resource \"aws_iam_role\" \"{role}\" {{\nassume_role_policy = jsonencode({{\nVersion = \"2012-10-17\"\nStatement = [{{\nEffect = \"Allow\"\nPrincipal = {{ Service = \"apigateway.amazonaws.com\" }}\nAction = \"sts:AssumeRole\"\n}}]\n}})\n}}\n\nresource \"aws_iam_role_policy\" \"{role}\" {{\nrole = aws_iam_role.{role}.id\npolicy = jsonencode({{\nVersion = \"2012-10-17\"\nStatement = [{{\nEffect = \"Allow\"\nAction = \"{action}\"\nResource = {resource}\n}}]\n}})\n}}\n"
    ))
}

/// The Lambda function an integration invokes, as `function_name` (and `qualifier`).
fn lambda_function(i: &Integration) -> Option<(String, Option<String>)> {
    match i.integration_uri.as_ref()? {
        Value::Expr(e) => {
            let r = reference::parse(e)?;
            match (r.resource_type()?, r.last_attr()?) {
                ("aws_lambda_function", "invoke_arn" | "arn") => {
                    Some((e.rsplit_once('.').map(|(base, _)| format!("{base}.function_name"))?, None))
                }
                // A published version: the permission must name the same qualifier, or API
                // Gateway is refused and clients get 500s (a permission on the function
                // does not cover its versions).
                ("aws_lambda_function", "qualified_arn" | "qualified_invoke_arn") => {
                    let base = e.rsplit_once('.')?.0;
                    Some((format!("{base}.function_name"), Some(format!("{base}.version"))))
                }
                ("aws_lambda_alias", "invoke_arn" | "arn") => {
                    let base = e.rsplit_once('.')?.0;
                    Some((format!("{base}.function_name"), Some(format!("{base}.name"))))
                }
                _ => None,
            }
        }
        Value::Str(uri) => {
            // `arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]`, alone or inside an
            // API Gateway invoke URI (`…/functions/ARN/invocations`).
            let parts: Vec<&str> = uri.match_indices("arn:").find_map(|(start, _)| {
                let arn = uri.get(start..)?.split("/invocations").next()?;
                let parts: Vec<&str> = arn.split(':').collect();
                (parts.len() >= 7 && parts.get(2) == Some(&"lambda") && parts.get(5) == Some(&"function")).then_some(parts)
            })?;
            let function = parts.get(..7)?.join(":");
            let qualifier = parts.get(7).map(|q| quote(q));
            Some((quote(&function), qualifier))
        }
        Value::Num(_) => None,
    }
}

/// The API's `execution_arn`-based source ARN for the permission.
fn source_arn(i: &Integration) -> Option<String> {
    match i.api_id.as_ref()? {
        Value::Expr(e) => {
            let r = reference::parse(e)?;
            if r.resource_type()? == "aws_apigatewayv2_api" && r.last_attr()? == "id" {
                let base = e.rsplit_once('.')?.0;
                return Some(format!("\"${{{base}.execution_arn}}/*/*\""));
            }
            None
        }
        // ArnLike matches wildcards: any partition, region and account, this API.
        Value::Str(id) if !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric()) => {
            Some(quote(&format!("arn:*:execute-api:*:*:{id}/*/*")))
        }
        _ => None,
    }
}

/// Whether the integration has `lifecycle { create_before_destroy = true }` (kept as written).
fn creates_before_destroying(i: &Integration) -> bool {
    i.verbatim.iter().filter(|v| v.name == "lifecycle").any(|v| {
        let flat: String = v.text.chars().filter(|c| !c.is_whitespace()).collect();
        flat.contains("create_before_destroy=true")
    })
}

/// The snippets asked for that apply to this integration, as one text (each block after a
/// blank line), or `None` if none applies. Call only for a model whose output renders.
pub fn render(i: &Integration, want: Companions) -> Option<String> {
    if !(want.lambda_permission || want.route || want.iam_role) {
        return None;
    }
    // Called through a pointer the optimisers cannot follow (wasm-opt inlines a function with
    // one caller whatever its size): the form renders with every companion off until the
    // user switches one on, so the web build's split leaves this code out of the first load.
    let cold: fn(&Integration, Companions) -> Option<String> = std::hint::black_box(render_wanted);
    cold(i, want)
}

/// [`render`] when a companion is switched on.
#[inline(never)]
fn render_wanted(i: &Integration, want: Companions) -> Option<String> {
    let mut blocks = Vec::new();
    let name = &i.name;
    if want.lambda_permission
        && let Some((function, qualifier)) = lambda_function(i)
        && let Some(source) = source_arn(i)
    {
        let mut b = format!(
            "resource \"aws_lambda_permission\" \"{name}\" {{\nstatement_id = \"AllowExecutionFromAPIGateway\"\naction = \"lambda:InvokeFunction\"\nfunction_name = {function}\n"
        );
        if let Some(q) = qualifier {
            b.push_str(&format!("qualifier = {q}\n"));
        }
        b.push_str(&format!("principal = \"apigateway.amazonaws.com\"\nsource_arn = {source}\n}}\n"));
        blocks.push(b);
    }
    if want.iam_role
        && let Some(role) = iam_role(i)
    {
        blocks.push(role);
    }
    if want.route
        && let Some(api) = i.api_id.as_ref()
    {
        // A route key of its own per integration (two routes with one key conflict):
        // `ANY /NAME` on an HTTP API, the action `NAME` on a WebSocket API. Edit it to taste.
        let key = match i.protocol {
            Some(Protocol::WebSocket) => name.clone(),
            _ => format!("ANY /{name}"),
        };
        // Replacing an integration that a route targets fails unless the new one is made
        // first (R-RTE-1): the route says so when the integration does not.
        let offer = if creates_before_destroying(i) {
            String::new()
        } else {
            format!(
                "# A change to api_id, integration_type or integration_subtype replaces the integration, and\n# AWS refuses to delete it while this route targets it: give aws_apigatewayv2_integration.{name}\n# `lifecycle {{ create_before_destroy = true }}`.\n"
            )
        };
        blocks.push(format!(
            "{offer}resource \"aws_apigatewayv2_route\" \"{name}\" {{\napi_id = {}\nroute_key = {}\ntarget = \"integrations/${{aws_apigatewayv2_integration.{name}.id}}\"\n}}\n",
            value(api),
            quote(&key)
        ));
    }
    if blocks.is_empty() {
        return None;
    }
    crate::hcl::format::format(&blocks.join("\n")).ok()
}

// Reading JSON (`crate::json`).
crate::deserialize_via_json!(Companions);

impl crate::json::FromJson for Companions {
    fn from_json(j: &crate::json::Json) -> Result<Companions, crate::json::ShapeError> {
        let o = crate::json::Object::new(j, "the companions wanted", &["lambda_permission", "route", "iam_role"], true)?;
        Ok(Companions {
            lambda_permission: o.or_default("lambda_permission")?,
            route: o.or_default("route")?,
            iam_role: o.or_default("iam_role")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lambda(uri: Value, api: Value) -> Integration {
        let mut i = Integration::named("orders");
        i.protocol = Some(Protocol::Http);
        i.api_id = Some(api);
        i.integration_type = Some(Value::str("AWS_PROXY"));
        i.integration_uri = Some(uri);
        i
    }

    const BOTH: Companions = Companions { lambda_permission: true, route: true, iam_role: false };

    #[test]
    fn a_lambda_reference_gets_its_permission_and_a_route() {
        let i = lambda(Value::expr("aws_lambda_function.orders.invoke_arn"), Value::expr("aws_apigatewayv2_api.shop.id"));
        assert_eq!(
            render(&i, BOTH).as_deref(),
            Some(
                r#"resource "aws_lambda_permission" "orders" {
  statement_id  = "AllowExecutionFromAPIGateway"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.orders.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.shop.execution_arn}/*/*"
}

# A change to api_id, integration_type or integration_subtype replaces the integration, and
# AWS refuses to delete it while this route targets it: give aws_apigatewayv2_integration.orders
# `lifecycle { create_before_destroy = true }`.
resource "aws_apigatewayv2_route" "orders" {
  api_id    = aws_apigatewayv2_api.shop.id
  route_key = "ANY /orders"
  target    = "integrations/${aws_apigatewayv2_integration.orders.id}"
}
"#
            )
        );
        assert_eq!(render(&i, Companions::default()), None, "off by default");
        // An integration made before it is destroyed needs no word about it.
        let mut kept = i.clone();
        kept.verbatim
            .push(crate::model::Verbatim { name: "lifecycle".into(), text: "lifecycle {\n  create_before_destroy = true\n}".into() });
        let route = render(&kept, Companions { lambda_permission: false, route: true, iam_role: false }).expect("route");
        assert!(route.starts_with("resource \"aws_apigatewayv2_route\""), "{route}");
    }

    #[test]
    fn literal_arns_aliases_and_websocket_routes() {
        let i = lambda(
            Value::str(
                "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:chat:live/invocations",
            ),
            Value::str("aabbccddee"),
        );
        let out = render(&i, Companions { lambda_permission: true, route: false, iam_role: false }).expect("permission");
        assert!(out.contains("function_name = \"arn:aws:lambda:us-east-1:123456789012:function:chat\"\n"), "{out}");
        assert!(out.contains("qualifier     = \"live\"\n") && out.contains("\"arn:*:execute-api:*:*:aabbccddee/*/*\""), "{out}");
        let alias = lambda(Value::expr("aws_lambda_alias.live.invoke_arn"), Value::expr("aws_apigatewayv2_api.ws.id"));
        let out = render(&alias, BOTH).expect("alias");
        assert!(out.contains("qualifier     = aws_lambda_alias.live.name"), "{out}");
        let version = lambda(Value::expr("aws_lambda_function.f.qualified_invoke_arn"), Value::expr("aws_apigatewayv2_api.ws.id"));
        let out = render(&version, BOTH).expect("version");
        assert!(out.contains("qualifier     = aws_lambda_function.f.version\n"), "{out}");
        let mut ws = alias.clone();
        ws.protocol = Some(Protocol::WebSocket);
        assert!(render(&ws, BOTH).expect("ws").contains("route_key = \"orders\""));
        // Not a Lambda target: no permission, only the route.
        let http = lambda(Value::str("https://example.com"), Value::expr("aws_apigatewayv2_api.shop.id"));
        let out = render(&http, BOTH).expect("route");
        assert!(!out.contains("aws_lambda_permission") && out.contains("aws_apigatewayv2_route"), "{out}");
    }
}
