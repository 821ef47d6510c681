//! What the services behind the subtypes check only when a request runs (R-SUBV): API
//! Gateway stores any value, and each call then fails (or, for EventBridge, answers 200
//! with a failed entry). Only static values are judged: a value with a `$` source in it is
//! filled in per request, and one that may be null or anything is not known here.

use super::premise::{Arg, MapArg};
use super::{Premises, Sink, Subtype};
use crate::diag::map_path;

/// The text of a parameter AWS sends as written: a known literal with no `$` source. Not an
/// empty one: AWS refuses it when the integration is created (R-LEN-1), so no call runs.
fn static_text(v: Arg<'_>) -> Option<&str> {
    v.literal().filter(|s| !s.is_empty() && !s.contains('$'))
}

/// The static value of a subtype parameter, if the map holds it as one.
fn param<'a>(params: &MapArg<'a>, key: &str) -> Option<&'a str> {
    params.entries().find(|(k, _)| *k == key).and_then(|(_, v)| static_text(v))
}

/// Whether `text` is surely not JSON of the shape asked for (`object`: an object; else any
/// value). Fewer than 127 opening brackets means the reader's depth limit cannot be what
/// refuses it, so a refusal is a syntax error.
fn not_json(text: &str, object: bool) -> bool {
    if object && !text.trim_start().starts_with('{') {
        return true;
    }
    let brackets = text.bytes().filter(|b| matches!(b, b'{' | b'[')).count();
    brackets < 127 && crate::json::parse(text).is_err()
}

/// Characters a Step Functions execution name must not contain (StartExecution's `name`).
fn bad_execution_name_char(c: char) -> bool {
    c.is_whitespace() || c.is_control() || ('\u{7f}'..='\u{9f}').contains(&c) || "<>{}[]?*\"#%\\^|~`$&,;:/".contains(c)
}

/// An EventBridge bus name (`[/.\-_A-Za-z0-9]+`) or a bus ARN.
fn valid_bus(s: &str) -> bool {
    let name_ok = |n: &str| !n.is_empty() && n.bytes().all(|b| b.is_ascii_alphanumeric() || b"/._-".contains(&b));
    if let Some(rest) = s.strip_prefix("arn:") {
        let parts: Vec<&str> = rest.splitn(5, ':').collect();
        return matches!(parts.as_slice(), [partition, "events", _, _, res] if partition.starts_with("aws") && res.strip_prefix("event-bus/").is_some_and(name_ok));
    }
    name_ok(s)
}

pub(super) fn check(i: &Premises, st: &Subtype, sink: &mut Sink) {
    let params = &i.request_parameters;
    let at = |k: &str| map_path("request_parameters", k);
    // Without a known map, R-SUB-n says what is missing; nothing here adds to it.
    let known = params.is_set();
    match st.name {
        "EventBridge-PutEvents" => {
            if let Some(d) = param(params, "Detail")
                && not_json(d, true)
            {
                sink.push("R-SUBV-1", at("Detail"), format!("`{}` is not a JSON object: EventBridge fails the entry (the call answers 200 with FailedEntryCount 1, and no event is sent). Use a JSON object such as `{{\"id\":\"1\"}}`, or map it from the request (`$request.body.detail`).", super::quote(d)));
            }
            if let Some(n) = param(params, "DetailType").map(|s| s.chars().count())
                && n > 128
            {
                sink.push(
                    "R-SUBV-2",
                    at("DetailType"),
                    format!("DetailType is {n} characters long; EventBridge allows at most 128 and fails the entry at runtime."),
                );
            }
            if let Some(b) = param(params, "EventBusName") {
                let n = b.chars().count();
                if n > 1600 || !valid_bus(b) {
                    sink.push("R-SUBV-3", at("EventBusName"), format!("`{}` is not an event bus name or ARN (1 to 1600 characters: a name of letters, digits, `.`, `-`, `_`, `/`, or `arn:aws:events:REGION:ACCOUNT:event-bus/NAME`); every call fails at runtime.", super::quote(b)));
                }
            }
            if known && params.has("EventBusName") == Some(false) {
                sink.push("R-SUBV-4", "request_parameters", "No EventBusName: events go to the account's default event bus, and a rule on a custom bus never sees them (the call still answers 200). Set `EventBusName` to the bus (e.g. `aws_cloudwatch_event_bus.NAME.name`), or to `default` if that is the bus you mean.");
            }
        }
        "StepFunctions-StartExecution" | "StepFunctions-StartSyncExecution" => {
            if let Some(name) = param(params, "Name") {
                let n = name.chars().count();
                if !(1..=80).contains(&n) || name.chars().any(bad_execution_name_char) {
                    sink.push("R-SUBV-5", at("Name"), format!("`{}` is not a valid execution name: 1 to 80 characters, without spaces, brackets, `?*\"#%\\^|~`$&,;:/` or control characters; every call fails at runtime. Usually the name is left out, or mapped from the request (`$context.requestId`).", super::quote(name)));
                }
            }
            if let Some(input) = param(params, "Input") {
                let bytes = input.len();
                if bytes > 262_144 {
                    sink.push(
                        "R-SUBV-6",
                        at("Input"),
                        format!("Input is {bytes} bytes; Step Functions accepts at most 262,144 bytes and fails every call at runtime."),
                    );
                } else if not_json(input, false) {
                    sink.push("R-SUBV-6", at("Input"), format!("`{}` is not JSON: Step Functions fails every call at runtime (InvalidExecutionInput). Write JSON such as `{{}}`, or map the body (`$request.body`).", super::quote(input)));
                }
            }
        }
        "SQS-SendMessage" => {
            let delay = param(params, "DelaySeconds");
            if let Some(d) = delay
                && d.trim().parse::<u32>().map_or(true, |n| n > 900)
            {
                sink.push(
                    "R-SUBV-7",
                    at("DelaySeconds"),
                    format!(
                        "DelaySeconds `{}` is not a whole number of seconds from 0 to 900; SQS fails every call at runtime.",
                        super::quote(d)
                    ),
                );
            }
            // A FIFO queue's URL ends in `.fifo`: a literal URL says so, or a template whose
            // text after its last hole does (`"https://sqs.${var.region}.amazonaws.com/${var.account}/orders.fifo"`).
            let fifo = params.entries().find(|(k, _)| *k == "QueueUrl").is_some_and(|(_, v)| {
                let end = match v {
                    Arg::Set(e) => match crate::eval::template(e, &crate::eval::Scope::default()).as_deref() {
                        Some([.., crate::eval::Part::Hole(_), crate::eval::Part::Lit(end)]) => Some(end.clone()),
                        _ => None,
                    },
                    v => static_text(v).map(str::to_string),
                };
                end.is_some_and(|u| !u.contains('$') && u.trim_end_matches('/').ends_with(".fifo"))
            });
            if fifo {
                if params.entries().any(|(k, v)| k == "DelaySeconds" && v.is_sent()) {
                    sink.push("R-SUBV-8", at("DelaySeconds"), "A FIFO queue takes no per-message DelaySeconds (only a delay set on the queue); SQS fails every call at runtime. Remove it and set `delay_seconds` on the aws_sqs_queue.");
                }
                if known && params.has("MessageGroupId") == Some(false) {
                    sink.push("R-SUBV-9", "request_parameters", "A FIFO queue (`.fifo`) needs MessageGroupId; without it SQS fails every call at runtime. Map one, e.g. `\"MessageGroupId\" = \"$request.header.group\"` or a static group.");
                }
            }
        }
        "Kinesis-PutRecord" => {
            if let Some(n) = param(params, "PartitionKey").map(|s| s.chars().count())
                && n > 256
            {
                sink.push(
                    "R-SUBV-10",
                    at("PartitionKey"),
                    format!("PartitionKey is {n} characters long; Kinesis allows at most 256 and fails every call at runtime."),
                );
            }
        }
        "AppConfig-GetConfiguration" => {
            let version = match params.has("ClientConfigurationVersion") {
                Some(false) if known => {
                    " Without `ClientConfigurationVersion` every call is charged as a new configuration received: map it from the client (e.g. `$request.querystring.version`)."
                }
                _ => "",
            };
            sink.push("R-SUBV-11", "integration_subtype", format!("AppConfig-GetConfiguration calls AppConfig's GetConfiguration, which AWS has deprecated (use StartConfigurationSession and GetLatestConfiguration, e.g. from a Lambda function) and which is priced per call.{version}"));
        }
        _ => {}
    }
}
