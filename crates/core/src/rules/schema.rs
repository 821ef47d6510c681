//! What the provider's schema checks at plan time (R-SCH), plus the AWS length limits
//! (R-LEN-1) and the response_parameters block shape (R-SCH-16, R-MAP-5, R-PRV-5).

use super::premise::{Arg, MapArg};
use super::{
    CONNECTION_TYPES, CONTENT_HANDLING, Facts, IntegrationType, METHODS, PASSTHROUGH, PAYLOAD_VERSIONS, Premises, Sink, did_you_mean,
    one_of,
};

pub(super) fn check(i: &Premises, f: &Facts, sink: &mut Sink) {
    required(i, f, sink);
    enums(i, sink);
    lengths(i, sink);
    if i.credentials_arn.literal().is_some_and(|a| !a.is_empty()) {
        // Apart, and called through a pointer, as `protocol::uri`: a blank form has no ARN.
        let cold: fn(&Premises, &mut Sink) = std::hint::black_box(credentials);
        cold(i, sink);
    }
    timeout(i, sink);
    response_blocks(i, sink);
}

fn required(i: &Premises, f: &Facts, sink: &mut Sink) {
    match i.api_id {
        Arg::Absent => {
            sink.push("R-SCH-1", "api_id", "api_id is required. Reference the parent API, e.g. `aws_apigatewayv2_api.example.id`.")
        }
        Arg::Known(v) if v.text().trim().is_empty() => sink.push(
            "R-SCH-1",
            "api_id",
            "api_id is empty. Reference the parent API, e.g. `aws_apigatewayv2_api.example.id`, or type its id.",
        ),
        _ => {}
    }
    let allowed: Vec<&str> = IntegrationType::allowed(f.protocol).iter().map(|t| t.as_str()).collect();
    match i.integration_type {
        Arg::Absent => sink.push("R-SCH-10", "integration_type", format!("integration_type is required: one of {}.", one_of(&allowed))),
        Arg::Known(v) if IntegrationType::parse(v.text()).is_none() => {
            let all: Vec<&str> = IntegrationType::ALL.iter().map(|t| t.as_str()).collect();
            let hint = did_you_mean(v.text(), &all).map_or(String::new(), |s| format!(" Did you mean `{s}`? Values are case-sensitive."));
            sink.push(
                "R-SCH-10",
                "integration_type",
                format!("`{}` is not an integration type; use {}.{hint}", v.text(), one_of(&allowed)),
            );
        }
        _ => {}
    }
}

fn enums(i: &Premises, sink: &mut Sink) {
    let checks: [(&str, &str, &[&str]); 5] = [
        ("R-SCH-3", "connection_type", CONNECTION_TYPES),
        ("R-SCH-4", "content_handling_strategy", CONTENT_HANDLING),
        ("R-SCH-7", "integration_method", METHODS),
        ("R-SCH-12", "passthrough_behavior", PASSTHROUGH),
        ("R-SCH-13", "payload_format_version", PAYLOAD_VERSIONS),
    ];
    for (code, name, allowed) in checks {
        let Some(text) = i.arg(name).literal() else { continue };
        if allowed.contains(&text) {
            continue;
        }
        let hint = if name == "payload_format_version" && matches!(text, "1" | "2") {
            format!(" Write `\"{text}.0\"`: the value is a string.")
        } else {
            did_you_mean(text, allowed).map_or(String::new(), |s| format!(" Did you mean `{s}`? Values are case-sensitive."))
        };
        sink.push(code, name, format!("`{text}` is not a valid {name}; use {}.{hint}", one_of(allowed)));
    }
}

fn lengths(i: &Premises, sink: &mut Sink) {
    let len = |v: Arg| v.literal().map(|s| s.chars().count());
    if let Some(n) = len(i.connection_id)
        && !(1..=1024).contains(&n)
    {
        sink.push(
            "R-SCH-2",
            "connection_id",
            format!(
                "connection_id is {n} characters long; it must be 1 to 1024 (the VPC link id, e.g. `aws_apigatewayv2_vpc_link.example.id`)."
            ),
        );
    }
    if let Some(n) = len(i.integration_subtype)
        && !(1..=128).contains(&n)
    {
        sink.push(
            "R-SCH-9",
            "integration_subtype",
            format!(
                "integration_subtype is {n} characters long; it must be 1 to 128. Leave it out unless this is an AWS service integration."
            ),
        );
    }
    if let Some(n) = len(i.description)
        && n > 1024
    {
        sink.push(
            "R-LEN-1",
            "description",
            format!("description is {n} characters long; AWS allows at most 1024. Shorten it by {}.", n - 1024),
        );
    }
    // An empty integration_uri is never sent (the provider sends no empty string): the
    // rules of the integration type say whether one is needed.
    if let Some(n) = len(i.integration_uri)
        && n > 2048
    {
        sink.push("R-LEN-1", "integration_uri", format!("integration_uri is {n} characters long; AWS allows at most 2048."));
    }
}

/// The `verify.ValidARN` check of the provider, with the caller-credentials wildcard
/// and non-role principals called out.
#[inline(never)]
fn credentials(i: &Premises, sink: &mut Sink) {
    // The provider's check passes an empty string, which it then does not send.
    let Some(arn) = i.credentials_arn.literal().filter(|a| !a.is_empty()) else { return };
    if arn.starts_with("arn:") && arn.contains(":iam::*:user/") {
        sink.push("R-CRED-1", "credentials_arn", format!("`{arn}` (call with the caller's credentials) is rejected by the provider's ARN check (invalid account `*`). Use an IAM role that trusts apigateway.amazonaws.com, e.g. `aws_iam_role.example.arn`, or leave credentials_arn out."));
        return;
    }
    if let Err(why) = valid_arn(arn) {
        sink.push(
            "R-SCH-5",
            "credentials_arn",
            format!("`{arn}` is not a valid ARN: {why}. A role ARN looks like `arn:aws:iam::123456789012:role/apigw-invoke`."),
        );
        return;
    }
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    if parts[2] != "iam" || !parts[5].starts_with("role/") {
        sink.push("R-CRED-1b", "credentials_arn", format!("`{arn}` is not an IAM role ARN; API Gateway assumes a role (`arn:aws:iam::ACCOUNT:role/NAME`) that trusts apigateway.amazonaws.com."));
    }
}

/// The provider's `verify.ValidARN`: `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`.
pub(crate) fn valid_arn(arn: &str) -> Result<(), String> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    if parts.len() != 6 || parts[0] != "arn" {
        return Err("it must have the form arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE".into());
    }
    let partition = parts[1];
    let ok_partition = partition.strip_prefix("aws").is_some_and(|rest| {
        rest.is_empty()
            || rest.split('-').skip(1).all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase())) && rest.starts_with('-')
    });
    if !ok_partition {
        return Err(format!("invalid partition `{partition}` (expected aws, aws-cn, aws-us-gov, …)"));
    }
    let region = parts[3];
    if !region.is_empty() && !is_region(region) {
        return Err(format!("invalid region `{region}`"));
    }
    let account = parts[4];
    let ok_account = account.is_empty()
        || matches!(account, "aws" | "aws-managed" | "third-party" | "aws-marketplace")
        || (account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()))
        || (account.starts_with("cw") && account.chars().count() == 12);
    if !ok_account {
        return Err(format!("invalid account id `{account}` (12 digits)"));
    }
    if parts[5].is_empty() {
        return Err("the resource part is empty".into());
    }
    Ok(())
}

/// `^[a-z]{2}(-[a-z]+)+-\d{1,2}$`
pub(crate) fn is_region(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() >= 3
        && parts[0].len() == 2
        && parts[0].bytes().all(|b| b.is_ascii_lowercase())
        && parts[1..parts.len() - 1].iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
        && (1..=2).contains(&parts[parts.len() - 1].len())
        && parts[parts.len() - 1].bytes().all(|b| b.is_ascii_digit())
}

/// The timeout as an integer, if it is a known whole number in any form Terraform reads
/// as one (`29000`, `29000.0`, `2.9e4`; the string `"29000"` converts too).
pub(crate) fn timeout_value(i: &Premises) -> Option<i64> {
    i.timeout_milliseconds.literal().and_then(|t| crate::hcl::number::whole(t.trim()))
}

fn timeout(i: &Premises, sink: &mut Sink) {
    let Some(text) = i.timeout_milliseconds.literal() else { return };
    if !crate::hcl::number::is_whole(text.trim()) {
        sink.push("R-SCH-18", "timeout_milliseconds", format!("`{text}` is not a whole number of milliseconds; use e.g. `29000`."));
    }
}

fn response_blocks(i: &Premises, sink: &mut Sink) {
    let mut seen: Vec<(i64, usize)> = Vec::new();
    for (n, rp) in i.response_parameters.iter().enumerate() {
        let base = format!("response_parameters[{n}]");
        match rp.status_code {
            Arg::Absent => sink.push(
                "R-SCH-16",
                format!("{base}.status_code"),
                "status_code is required in a response_parameters block: the HTTP status code (200–599) whose response is mapped.",
            ),
            Arg::Set(_) | Arg::Unknown(_) => {}
            Arg::Known(v) => match crate::hcl::number::whole(v.text().trim()).ok_or(()) {
                Ok(code) if (200..=599).contains(&code) => {
                    if let Some((_, first)) = seen.iter().find(|(c, _)| *c == code) {
                        sink.push("R-PRV-5", format!("{base}.status_code"), format!("status_code {code} is already mapped by response_parameters[{first}]; two blocks for one code collide and one is lost. Merge their mappings into one block."));
                    } else {
                        seen.push((code, n));
                    }
                }
                Ok(code) => sink.push(
                    "R-MAP-5",
                    format!("{base}.status_code"),
                    format!("status_code {code} is out of range; use an HTTP status code from 200 to 599."),
                ),
                Err(_) => sink.push(
                    "R-MAP-5",
                    format!("{base}.status_code"),
                    format!("status_code `{}` is not a number; use an HTTP status code from 200 to 599.", v.text()),
                ),
            },
        }
        match &rp.mappings {
            MapArg::Absent => sink.push(
                "R-SCH-16",
                format!("{base}.mappings"),
                "mappings is required in a response_parameters block, e.g. `\"overwrite:statuscode\" = \"204\"`.",
            ),
            MapArg::Known(m) if m.is_empty() => sink.push(
                "R-PRV-5b",
                format!("{base}.mappings"),
                "mappings is empty; the provider skips the block, which gives a perpetual diff. Add a mapping or remove the block.",
            ),
            _ => {}
        }
    }
}
