//! Linting whole configurations: parse, infer each integration's protocol from the
//! `aws_apigatewayv2_api` its `api_id` references, validate, and place every
//! diagnostic at a line and column.

use crate::diag::{Diagnostic, Pos};
use crate::hcl::parse::{Api, ParsedFile, parse};
use crate::model::{Integration, Protocol};

/// One diagnostic of a checked file, placed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// Index of the source in the list given to [`check_sources`].
    pub source: usize,
    /// `aws_apigatewayv2_integration.NAME`, or empty for file-level findings.
    pub resource: String,
    /// The diagnostic, with its position set.
    pub diagnostic: Diagnostic,
}

/// The result of checking a set of sources together.
#[derive(Clone, Debug, Default)]
pub struct Checked {
    /// Each source's parse, in order (models carry the protocol that was used).
    pub files: Vec<ParsedFile>,
    /// All findings, by source, then position.
    pub findings: Vec<Finding>,
}

/// The protocol of the API an `api_id` references, if it is among `apis`.
pub fn infer_protocol(i: &Integration, apis: &[&Api]) -> Option<Protocol> {
    let e = i.api_id.as_ref()?.expression()?;
    let r = crate::reference::parse(e)?;
    if r.root != "aws_apigatewayv2_api" {
        return None;
    }
    let name = r.attrs.first()?;
    apis.iter().find(|a| a.name == *name).and_then(|a| a.protocol)
}

/// Checks sources as one configuration (like the .tf files of one module): APIs in
/// any of them are visible to integrations in all of them. `protocol` overrides inference.
pub fn check_sources(sources: &[&str], protocol: Option<Protocol>) -> Checked {
    let mut files: Vec<ParsedFile> = sources.iter().map(|s| parse(s)).collect();
    let apis: Vec<Api> = files.iter().flat_map(|f| f.apis.iter().cloned()).collect();
    let api_refs: Vec<&Api> = apis.iter().collect();
    for f in &mut files {
        for p in &mut f.integrations {
            p.model.protocol = protocol.or_else(|| infer_protocol(&p.model, &api_refs));
        }
    }
    let mut findings = Vec::new();
    for (n, f) in files.iter().enumerate() {
        for d in &f.diagnostics {
            findings.push(Finding { source: n, resource: String::new(), diagnostic: d.clone() });
        }
        for p in &f.integrations {
            let resource = crate::hcl::emit::address(&p.model);
            for d in p.diagnostics.iter().cloned().chain(crate::rules::validate(&p.model)) {
                let pos = d.pos.unwrap_or_else(|| p.locate(&d.path));
                findings.push(Finding { source: n, resource: resource.clone(), diagnostic: d.at(Some(pos)) });
            }
        }
    }
    let all: Vec<(usize, usize)> = files.iter().enumerate().flat_map(|(n, f)| (0..f.integrations.len()).map(move |k| (n, k))).collect();
    let models: Vec<&Integration> = all.iter().map(|&(n, k)| &files[n].integrations[k].model).collect();
    for (idx, d) in crate::rules::validate_set(&models) {
        let (n, k) = all[idx];
        let p = &files[n].integrations[k];
        let pos = p.locate(&d.path);
        findings.push(Finding { source: n, resource: crate::hcl::emit::address(&p.model), diagnostic: d.at(Some(pos)) });
    }
    findings.sort_by_key(|f| (f.source, f.diagnostic.pos.unwrap_or(Pos { line: 0, column: 0 })));
    // An unknown protocol is a property of the configuration (a module checked on its own):
    // said once, at the first integration it concerns, not once per integration.
    let mut said = false;
    findings.retain(|f| f.diagnostic.code != "R-PROTO-1" || !std::mem::replace(&mut said, true));
    Checked { files, findings }
}
