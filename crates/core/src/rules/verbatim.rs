//! Items kept as written (meta-arguments and constructs the model does not hold): each
//! must be exactly one argument or block of a name this resource allows (R-HCL-10,
//! R-HCL-3, R-SCH-8), and what it does that the builder cannot check is said: it runs a
//! command or opens a connection on apply (R-HCL-9, R-HCL-9b), or it generates
//! configuration the builder cannot see (R-HCL-6).

use super::Sink;
use crate::hcl::verbatim::{check, comment_problem, path};
use crate::model::{Integration, MAP_ARGS, SCALAR_ARGS};

/// Meta-arguments Terraform accepts in any resource.
pub const META_ATTRS: &[&str] = &["depends_on", "provider", "count", "for_each"];
/// Meta-argument blocks Terraform accepts in any resource.
pub const META_BLOCKS: &[&str] = &["lifecycle", "provisioner", "connection", "dynamic"];
/// Attributes the provider computes: setting one is an error.
pub const COMPUTED: &[&str] = &["id", "integration_response_selection_expression", "arn", "tags_all"];

/// The structural checks whose failure withholds the output (R-HCL-10, R-HCL-3, R-SCH-8).
pub(super) fn structure(i: &Integration, sink: &mut Sink) {
    let mut attrs_seen: Vec<&str> = Vec::new();
    for (n, v) in i.verbatim.iter().enumerate() {
        let at = path(n, v);
        let checked = match check(v) {
            Ok(c) => c,
            Err(why) => {
                sink.push("R-HCL-10", at, format!("An item kept as written is withheld from the output: {why}. Each kept item must be exactly one argument or block; remove it, or paste the resource again."));
                continue;
            }
        };
        let name = v.name.as_str();
        if checked.block {
            if name == "tls_config" && i.tls_config.is_some() {
                sink.push("R-SCH-19", at, "Only one tls_config block is allowed; merge them (this one is kept as written).");
            } else if !META_BLOCKS.contains(&name) && name != "tls_config" && name != "response_parameters" {
                let hint = super::did_you_mean(name, &["tls_config", "response_parameters", "lifecycle"])
                    .map_or(String::new(), |k| format!(" Did you mean `{k}`?"));
                sink.push(
                    "R-HCL-3",
                    at,
                    format!("aws_apigatewayv2_integration has no `{name}` block; Terraform will reject it.{hint} Remove it."),
                );
            }
            continue;
        }
        if attrs_seen.contains(&name) || SCALAR_ARGS.contains(&name) || i.map(name).is_some() {
            sink.push(
                "R-HCL-10",
                at,
                format!("`{name}` is set twice (once as written here); Terraform rejects a redefined argument. Remove one of them."),
            );
        } else if COMPUTED.contains(&name) {
            sink.push("R-SCH-8", at, format!("`{name}` is computed by the provider and cannot be set; remove it."));
        } else if name == "tls_config" || name == "response_parameters" {
            sink.push(
                "R-HCL-3",
                at,
                format!(
                    "`{name}` is a block, not an argument; Terraform rejects `{name} = …`. Write it as a block (`{name} {{ … }}`), or, for a computed value, as `dynamic \"{name}\" {{ for_each = … content {{ … }} }}`."
                ),
            );
        } else if !META_ATTRS.contains(&name) && !MAP_ARGS.contains(&name) {
            let all: Vec<&str> = SCALAR_ARGS.iter().chain(MAP_ARGS).chain(META_ATTRS).copied().collect();
            let hint = super::did_you_mean(name, &all).map_or(String::new(), |k| format!(" Did you mean `{k}`?"));
            sink.push(
                "R-HCL-3",
                at,
                format!("aws_apigatewayv2_integration has no argument `{name}`; Terraform will reject it.{hint} Remove it."),
            );
        }
        attrs_seen.push(name);
    }
    for (at, c) in i.comments() {
        if let Some(why) = comment_problem(c) {
            sink.push("R-HCL-10", at, format!("A comment is withheld from the output: {why}."));
        }
    }
}

/// What kept items do that the builder cannot check (warnings and notes).
pub(super) fn effects(i: &Integration, sink: &mut Sink) {
    for (n, v) in i.verbatim.iter().enumerate() {
        let Ok(checked) = check(v) else { continue };
        let at = path(n, v);
        match (v.name.as_str(), checked.block) {
            ("provisioner", true) => sink.push("R-HCL-9", at, "A provisioner block runs a command (on this machine or a remote one) when Terraform applies or destroys this resource. Read it before you apply, and keep it only if you wrote it."),
            ("connection", true) => sink.push("R-HCL-9b", at, "A connection block makes Terraform open an SSH or WinRM connection to a host on apply, for provisioners. Read it before you apply, and keep it only if you wrote it."),
            ("count" | "for_each", false) => sink.push("R-HCL-6", at, format!("`{}` is kept as written; the builder checks the configuration as one instance.", v.name)),
            ("dynamic", true) => sink.push("R-HCL-6", at, "A dynamic block is kept as written; the builder cannot check the blocks it generates."),
            (name, false) if MAP_ARGS.contains(&name) => sink.push("R-HCL-6", at, format!("`{name}` is not an object literal with literal keys, so the builder keeps it as written and cannot check its entries.")),
            _ => {}
        }
    }
}
