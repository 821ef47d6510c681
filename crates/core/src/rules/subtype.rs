//! HTTP API AWS service integrations (`AWS_PROXY` + `integration_subtype`): the ten
//! subtypes with their required and optional parameters (R-SUB-0 … R-SUB-10).

use super::premise::Arg;
use super::{Facts, Premises, Sink, did_you_mean, one_of};
use crate::diag::map_path;
use crate::model::Value;

/// One AWS service integration subtype.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Subtype {
    /// The subtype name (`SQS-SendMessage`).
    pub name: &'static str,
    /// The rule code that covers its parameters.
    pub code: &'static str,
    /// Required request parameters.
    pub required: &'static [&'static str],
    /// Optional request parameters (`Region` is optional everywhere).
    pub optional: &'static [&'static str],
    /// A hint for each parameter: where its value usually comes from.
    pub hints: &'static [(&'static str, &'static str)],
}

/// The ten subtypes of the AWS service integration reference.
pub static SUBTYPES: &[Subtype] = &[
    Subtype {
        name: "EventBridge-PutEvents",
        code: "R-SUB-1",
        required: &["Detail", "DetailType", "Source"],
        optional: &["Time", "EventBusName", "Resources", "Region", "TraceHeader"],
        hints: &[
            ("Detail", "$request.body.Detail"),
            ("DetailType", "static text, e.g. MyDetailType"),
            ("Source", "static text, e.g. com.example.app"),
        ],
    },
    Subtype {
        name: "SQS-SendMessage",
        code: "R-SUB-2",
        required: &["QueueUrl", "MessageBody"],
        optional: &["DelaySeconds", "MessageAttributes", "MessageDeduplicationId", "MessageGroupId", "MessageSystemAttributes", "Region"],
        hints: &[
            ("QueueUrl", "aws_sqs_queue.q.url, or $request.header.queueUrl"),
            ("MessageBody", "$request.body.message, or $request.body"),
        ],
    },
    Subtype {
        name: "SQS-ReceiveMessage",
        code: "R-SUB-3",
        required: &["QueueUrl"],
        optional: &[
            "AttributeNames",
            "MaxNumberOfMessages",
            "MessageAttributeNames",
            "ReceiveRequestAttemptId",
            "VisibilityTimeout",
            "WaitTimeSeconds",
            "Region",
        ],
        hints: &[("QueueUrl", "aws_sqs_queue.q.url")],
    },
    Subtype {
        name: "SQS-DeleteMessage",
        code: "R-SUB-4",
        required: &["ReceiptHandle", "QueueUrl"],
        optional: &["Region"],
        hints: &[("ReceiptHandle", "$request.body.ReceiptHandle"), ("QueueUrl", "aws_sqs_queue.q.url")],
    },
    Subtype {
        name: "SQS-PurgeQueue",
        code: "R-SUB-5",
        required: &["QueueUrl"],
        optional: &["Region"],
        hints: &[("QueueUrl", "aws_sqs_queue.q.url")],
    },
    Subtype {
        name: "AppConfig-GetConfiguration",
        code: "R-SUB-6",
        required: &["Application", "Environment", "Configuration", "ClientId"],
        optional: &["ClientConfigurationVersion", "Region"],
        hints: &[("ClientId", "$context.requestId, or a static client id")],
    },
    Subtype {
        name: "Kinesis-PutRecord",
        code: "R-SUB-7",
        required: &["StreamName", "Data", "PartitionKey"],
        optional: &["SequenceNumberForOrdering", "ExplicitHashKey", "Region"],
        hints: &[
            ("StreamName", "aws_kinesis_stream.s.name"),
            ("Data", "$request.body.data"),
            ("PartitionKey", "$request.body.key, or $context.requestId"),
        ],
    },
    Subtype {
        name: "StepFunctions-StartExecution",
        code: "R-SUB-8",
        required: &["StateMachineArn"],
        optional: &["Name", "Input", "Region"],
        hints: &[("StateMachineArn", "aws_sfn_state_machine.m.arn"), ("Input", "$request.body")],
    },
    Subtype {
        name: "StepFunctions-StartSyncExecution",
        code: "R-SUB-9",
        required: &["StateMachineArn"],
        optional: &["Name", "Input", "Region", "TraceHeader"],
        hints: &[("StateMachineArn", "aws_sfn_state_machine.m.arn (an EXPRESS state machine)"), ("Input", "$request.body")],
    },
    Subtype {
        name: "StepFunctions-StopExecution",
        code: "R-SUB-10",
        required: &["ExecutionArn"],
        optional: &["Cause", "Error", "Region"],
        hints: &[("ExecutionArn", "$request.body.executionArn")],
    },
];

/// Looks up a subtype by its exact name.
pub fn subtype(name: &str) -> Option<&'static Subtype> {
    SUBTYPES.iter().find(|s| s.name == name)
}

pub(super) fn check(i: &Premises, f: &Facts, sink: &mut Sink) {
    if f.has_subtype == Some(true) {
        // Called through a pointer the optimisers cannot follow: wasm-opt inlines a function
        // with one caller whatever its size, which put this one inside `judge`, which every
        // start runs; apart, a form without a subtype (the blank one a first visit starts
        // with) never calls it, so the web build's split leaves it out of the first load
        // (measured: `START=1 ./scripts/size --where`). A call costs an indirect call.
        let cold: fn(&Premises, &Facts, &mut Sink) = std::hint::black_box(check_subtype);
        cold(i, f, sink);
    }
}

/// The rules of a subtype integration (see [`check`] for why it is apart).
#[inline(never)]
fn check_subtype(i: &Premises, f: &Facts, sink: &mut Sink) {
    if i.integration_uri.is_sent() || i.integration_method.is_sent() {
        let which: Vec<&str> = [("integration_uri", i.integration_uri.is_sent()), ("integration_method", i.integration_method.is_sent())]
            .into_iter()
            .filter_map(|(n, set)| set.then_some(n))
            .collect();
        let path = which[0];
        sink.push("R-SUB-0", path, format!("AWS service (subtype) integrations take their target from request_parameters; remove {} (AWS reads it back empty, so it only causes drift).", which.join(" and ")));
    }
    let Some(st) = f.subtype.and_then(subtype) else { return };
    let params = &i.request_parameters;
    for req in st.required {
        if params.has(req) == Some(false) {
            let hint = st.hints.iter().find(|(k, _)| k == req).map_or(String::new(), |(_, h)| format!(" (e.g. {h})"));
            sink.push(st.code, map_path("request_parameters", req), format!("{} requires the request parameter `{req}`{hint}.", st.name));
        }
    }
    let known: Vec<&str> = st.required.iter().chain(st.optional).copied().collect();
    // On a WebSocket API the subtype itself is refused (R-TYPE-4): no call runs, so what
    // AWS or the service would do with a value (R-PIT-7, R-SUBV) is not said.
    let websocket = f.protocol == Some(crate::model::Protocol::WebSocket);
    for (key, value) in params.entries() {
        // An entry whose value may be null may not be sent at all.
        if !value.is_set() {
            continue;
        }
        if !known.contains(&key) {
            let how = if key.contains(':') {
                " AWS service integrations map service parameters by name, not with append:/overwrite:/remove: keys.".to_string()
            } else {
                did_you_mean(key, &known).map_or(String::new(), |k| format!(" Did you mean `{k}`? Names are case-sensitive."))
            };
            sink.push(
                st.code,
                map_path("request_parameters", key),
                format!("`{key}` is not a parameter of {}; it takes {}.{how}", st.name, one_of(&known)),
            );
        }
        if st.name == "SQS-SendMessage"
            && !websocket
            && key == "MessageAttributes"
            && let Arg::Known(Value::Str(s)) = value
            && s.trim_start().starts_with('{')
            // Static: no `$request…`/`${context…}` source inside (#17348's value was literal only).
            && !s.contains('$')
        {
            sink.push("R-PIT-7", map_path("request_parameters", key), "A static JSON MessageAttributes value is rejected by AWS (Invalid source … specified for destination: MessageAttributes). Map it from the request, e.g. `$request.body.attributes`.");
        }
    }
    if !websocket {
        super::values::check(i, st, sink);
    }
    if !params.is_set() {
        return;
    }
    sink.push("R-PIT-5", "request_parameters", "Known provider issues for AWS service integrations: an apply that changes only description, timeout_milliseconds or credentials_arn may drop request_parameters (#22647), and removing a parameter key fails in place (#50061). Change request_parameters in the same apply, or replace the integration.");
}
