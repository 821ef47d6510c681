//! What the mapping editors offer while someone types a key or a value: the grammars of
//! `rules/mapping.rs` (HTTP API request and response parameter mapping, WebSocket request
//! parameters) and a subtype's parameter names, as lists of completions.
//!
//! The lists are data for the reader module: the form's wasm keeps every string literal it
//! references in its first load, so it never references [`lists`] or the variable names
//! below; it knows only which list an editor uses ([`grammar`], [`Grammar::index`]) and
//! asks the reader module for the lists ([`crate::reader::completions_json`]) when a
//! mapping editor first gets the focus.

use crate::model::Protocol;
use crate::rules::SUBTYPES;

/// Which grammar a mapping editor's entries follow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Grammar {
    /// An HTTP API's `request_parameters` (no subtype).
    HttpRequest,
    /// An HTTP API's `response_parameters` mappings.
    HttpResponse,
    /// A WebSocket API's `request_parameters`.
    WebSocket,
    /// The `request_parameters` of an AWS service integration: the subtype's parameter
    /// names (its place in [`SUBTYPES`]).
    Subtype(usize),
}

impl Grammar {
    /// The grammar's place in [`lists`].
    pub fn index(self) -> usize {
        match self {
            Grammar::HttpRequest => 0,
            Grammar::HttpResponse => 1,
            Grammar::WebSocket => 2,
            Grammar::Subtype(n) => 3 + n,
        }
    }
}

/// The grammar of a mapping editor: `response` for a `response_parameters` block's
/// mappings, else `request_parameters`; `subtype` is the `integration_subtype` literal, if
/// any. `None` where it is not known (the protocol is unknown), so nothing is offered
/// rather than another protocol's grammar.
pub fn grammar(protocol: Option<Protocol>, response: bool, subtype: Option<&str>) -> Option<Grammar> {
    if response {
        // Response mappings exist only in HTTP APIs.
        return (protocol != Some(Protocol::WebSocket)).then_some(Grammar::HttpResponse);
    }
    if let Some(n) = subtype.and_then(|s| SUBTYPES.iter().position(|st| st.name == s)) {
        return Some(Grammar::Subtype(n));
    }
    match protocol? {
        Protocol::Http => Some(Grammar::HttpRequest),
        Protocol::WebSocket => Some(Grammar::WebSocket),
    }
}

/// HTTP API request parameter keys (the guide's "Parameter mapping keys"); `NAME` is typed
/// after the prefix.
const HTTP_REQUEST_KEYS: &[&str] = &[
    "append:header.",
    "overwrite:header.",
    "remove:header.",
    "append:querystring.",
    "overwrite:querystring.",
    "remove:querystring.",
    "overwrite:path",
];

/// HTTP API response parameter keys.
const HTTP_RESPONSE_KEYS: &[&str] = &["append:header.", "overwrite:header.", "remove:header.", "overwrite:statuscode"];

/// WebSocket API request parameter keys.
const WEBSOCKET_KEYS: &[&str] = &["integration.request.header.", "integration.request.querystring.", "integration.request.path."];

/// HTTP API request values other than `$context.` and `$stageVariables.`.
const HTTP_REQUEST_SOURCES: &[&str] =
    &["$request.header.", "$request.querystring.", "$request.body", "$request.body.", "$request.path", "$request.path."];

/// HTTP API response values other than `$context.` and `$stageVariables.`.
const HTTP_RESPONSE_SOURCES: &[&str] = &["$response.header.", "$response.body", "$response.body."];

/// The `$context.` variables of an HTTP API, as AWS lists them for access logs, the list
/// its parameter mapping guide points to for "Context variable: $context.variableName":
/// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-parameter-mapping.html
/// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging-variables.html
/// A name ending in `.` takes a property after it (a JWT claim, a Lambda authorizer's
/// context key).
const HTTP_CONTEXT: &[&str] = &[
    "accountId",
    "apiId",
    "authorizer.claims.",
    "authorizer.error",
    "authorizer.principalId",
    "authorizer.",
    "awsEndpointRequestId",
    "awsEndpointRequestId2",
    "customDomain.basePathMatched",
    "dataProcessed",
    "domainName",
    "domainPrefix",
    "error.message",
    "error.messageString",
    "error.responseType",
    "extendedRequestId",
    "httpMethod",
    "identity.accountId",
    "identity.caller",
    "identity.cognitoAuthenticationProvider",
    "identity.cognitoAuthenticationType",
    "identity.cognitoIdentityId",
    "identity.cognitoIdentityPoolId",
    "identity.principalOrgId",
    "identity.clientCert.clientCertPem",
    "identity.clientCert.subjectDN",
    "identity.clientCert.issuerDN",
    "identity.clientCert.serialNumber",
    "identity.clientCert.validity.notBefore",
    "identity.clientCert.validity.notAfter",
    "identity.sourceIp",
    "identity.user",
    "identity.userAgent",
    "identity.userArn",
    "integration.error",
    "integration.integrationStatus",
    "integration.latency",
    "integration.requestId",
    "integration.status",
    "integrationErrorMessage",
    "integrationLatency",
    "integrationStatus",
    "path",
    "protocol",
    "requestId",
    "requestTime",
    "requestTimeEpoch",
    "responseLatency",
    "responseLength",
    "routeKey",
    "stage",
    "status",
];

/// WebSocket request parameter values other than `context.` and `stageVariables.`.
const WEBSOCKET_SOURCES: &[&str] = &[
    "route.request.header.",
    "route.request.querystring.",
    "route.request.multivalueheader.",
    "route.request.multivaluequerystring.",
    "route.request.body.",
];

/// The context variables of a WebSocket API, as AWS lists them (written `context.NAME`,
/// without `$`, in a request parameter):
/// https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-mapping-template-reference.html
const WEBSOCKET_CONTEXT: &[&str] = &[
    "connectionId",
    "connectedAt",
    "domainName",
    "eventType",
    "messageId",
    "routeKey",
    "requestId",
    "extendedRequestId",
    "apiId",
    "authorizer.principalId",
    "authorizer.",
    "error.messageString",
    "error.validationErrorString",
    "identity.accountId",
    "identity.apiKey",
    "identity.apiKeyId",
    "identity.caller",
    "identity.cognitoAuthenticationProvider",
    "identity.sourceIp",
    "identity.user",
    "identity.userAgent",
    "identity.userArn",
    "requestTime",
    "requestTimeEpoch",
    "stage",
    "status",
];

/// The completions of one grammar: its keys and its values (written as the pair
/// `[keys, values]`, so that the form's wasm reading it holds no field names).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Completions {
    pub keys: Vec<String>,
    pub values: Vec<String>,
}

impl serde::Serialize for Completions {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (&self.keys, &self.values).serialize(s)
    }
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_string()).collect()
}

fn http_values(sources: &[&str]) -> Vec<String> {
    let mut v = strings(sources);
    v.extend(HTTP_CONTEXT.iter().map(|c| format!("$context.{c}")));
    v.push("$stageVariables.".into());
    v
}

/// The completions of every grammar, in the order of [`Grammar::index`].
pub fn lists() -> Vec<Completions> {
    let mut out = vec![
        Completions { keys: strings(HTTP_REQUEST_KEYS), values: http_values(HTTP_REQUEST_SOURCES) },
        Completions { keys: strings(HTTP_RESPONSE_KEYS), values: http_values(HTTP_RESPONSE_SOURCES) },
        Completions {
            keys: strings(WEBSOCKET_KEYS),
            values: {
                let mut v = strings(WEBSOCKET_SOURCES);
                v.extend(WEBSOCKET_CONTEXT.iter().map(|c| format!("context.{c}")));
                v.push("stageVariables.".into());
                v
            },
        },
    ];
    // A subtype's parameters take the same values as an HTTP API's request parameters.
    out.extend(SUBTYPES.iter().map(|st| Completions {
        keys: st.required.iter().chain(st.optional).map(|k| (*k).to_string()).collect(),
        values: http_values(HTTP_REQUEST_SOURCES),
    }));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Integration, Map, ResponseParameters, Value};

    /// Every grammar's list sits at its index.
    fn of(g: Grammar) -> Completions {
        lists().swap_remove(g.index())
    }

    #[test]
    fn the_grammar_follows_protocol_side_and_subtype() {
        let (http, ws) = (Some(Protocol::Http), Some(Protocol::WebSocket));
        assert_eq!(grammar(http, false, None), Some(Grammar::HttpRequest));
        assert_eq!(grammar(ws, false, None), Some(Grammar::WebSocket));
        assert_eq!(grammar(None, false, None), None, "unknown protocol: nothing offered");
        assert_eq!(grammar(http, true, None), Some(Grammar::HttpResponse));
        assert_eq!(grammar(None, true, None), Some(Grammar::HttpResponse), "only HTTP APIs have response mappings");
        assert_eq!(grammar(ws, true, None), None);
        assert_eq!(grammar(http, false, Some("SQS-SendMessage")), Some(Grammar::Subtype(1)));
        assert_eq!(grammar(http, false, Some("sqs-sendmessage")), Some(Grammar::HttpRequest), "not a subtype's exact name");
        assert_eq!(grammar(http, true, Some("SQS-SendMessage")), Some(Grammar::HttpResponse));
        let all = lists();
        assert_eq!(all.len(), 3 + SUBTYPES.len());
        for (n, st) in SUBTYPES.iter().enumerate() {
            let g = grammar(http, false, Some(st.name)).expect("a subtype");
            assert_eq!(g.index(), 3 + n);
            assert_eq!(all[g.index()].keys, st.required.iter().chain(st.optional).map(|k| k.to_string()).collect::<Vec<_>>());
        }
    }

    #[test]
    fn the_keys_are_each_grammars_own() {
        assert_eq!(
            of(Grammar::HttpRequest).keys,
            [
                "append:header.",
                "overwrite:header.",
                "remove:header.",
                "append:querystring.",
                "overwrite:querystring.",
                "remove:querystring.",
                "overwrite:path"
            ]
        );
        assert_eq!(of(Grammar::HttpResponse).keys, ["append:header.", "overwrite:header.", "remove:header.", "overwrite:statuscode"]);
        assert_eq!(
            of(Grammar::WebSocket).keys,
            ["integration.request.header.", "integration.request.querystring.", "integration.request.path."]
        );
        assert_eq!(of(Grammar::Subtype(1)).keys[..2], ["QueueUrl".to_string(), "MessageBody".to_string()]);
    }

    #[test]
    fn the_values_are_each_grammars_own() {
        let req = of(Grammar::HttpRequest).values;
        for v in ["$request.header.", "$request.querystring.", "$request.body", "$request.body.", "$request.path", "$request.path."] {
            assert!(req.contains(&v.to_string()), "{v}");
        }
        for v in ["$context.requestId", "$context.authorizer.claims.", "$context.identity.sourceIp", "$stageVariables."] {
            assert!(req.contains(&v.to_string()), "{v}");
        }
        assert!(!req.iter().any(|v| v.starts_with("$response.") || v.starts_with("route.")));
        let resp = of(Grammar::HttpResponse).values;
        assert!(resp.contains(&"$response.header.".to_string()) && resp.contains(&"$context.requestId".to_string()));
        assert!(!resp.iter().any(|v| v.starts_with("$request.")), "no request sources in a response mapping");
        let ws = of(Grammar::WebSocket).values;
        for v in ["route.request.header.", "route.request.body.", "context.connectionId", "context.routeKey", "stageVariables."] {
            assert!(ws.contains(&v.to_string()), "{v}");
        }
        assert!(!ws.iter().any(|v| v.starts_with('$')), "WebSocket sources have no $");
        assert_eq!(of(Grammar::Subtype(0)).values, req);
        for list in lists() {
            let mut seen = list.keys.clone();
            seen.sort();
            seen.dedup();
            assert_eq!(seen.len(), list.keys.len(), "no key offered twice");
            let mut seen = list.values.clone();
            seen.sort();
            seen.dedup();
            assert_eq!(seen.len(), list.values.len(), "no value offered twice");
        }
    }

    /// What the editors offer is what the rules accept: a completed key or value (a name
    /// typed after a prefix that ends in `.`) draws no mapping finding.
    #[test]
    fn every_completion_completed_is_accepted_by_the_rules() {
        let complete = |s: &str| if s.ends_with('.') { format!("{s}x") } else { s.to_string() };
        let mapping = |d: &crate::Diagnostic| d.code.starts_with("R-MAP") || d.code.starts_with("R-WSM") || d.code == "R-CTX-1";
        let check = |i: &Integration, what: &str| {
            let found: Vec<_> = crate::validate(i).into_iter().filter(mapping).collect();
            assert!(found.is_empty(), "{what}: {found:?}");
        };
        let base = |p: Protocol| Integration {
            protocol: Some(p),
            integration_type: Some(Value::Str(if p == Protocol::Http { "HTTP_PROXY" } else { "HTTP" }.into())),
            ..Integration::default()
        };
        let lists = lists();
        let req = &lists[Grammar::HttpRequest.index()];
        for k in &req.keys {
            for v in &req.values {
                let mut i = base(Protocol::Http);
                i.request_parameters = Some(Map(vec![(complete(k), Value::Str(complete(v)))]));
                check(&i, &format!("{k} = {v}"));
            }
        }
        let resp = &lists[Grammar::HttpResponse.index()];
        for k in &resp.keys {
            for v in &resp.values {
                let mut i = base(Protocol::Http);
                let value = if k == "overwrite:statuscode" { "404".to_string() } else { complete(v) };
                i.response_parameters = vec![ResponseParameters {
                    status_code: Some(Value::Num("500".into())),
                    mappings: Some(Map(vec![(complete(k), Value::Str(value))])),
                }];
                check(&i, &format!("{k} = {v}"));
            }
        }
        let ws = &lists[Grammar::WebSocket.index()];
        for k in &ws.keys {
            for v in &ws.values {
                let mut i = base(Protocol::WebSocket);
                i.request_parameters = Some(Map(vec![(complete(k), Value::Str(complete(v)))]));
                check(&i, &format!("{k} = {v}"));
            }
        }
    }
}
