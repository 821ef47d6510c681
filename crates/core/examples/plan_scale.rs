//! Prints how long reading and checking a saved plan's JSON takes as it grows: a plan of
//! N integrations (for_each instances of one resource in each of N/100 module instances,
//! each module with its own API passed in as a variable), read by `plan::read` and checked
//! by `plan::check`, beside the JSON parse alone (`json::parse`, most of the read). Median
//! of 5 runs each.
//!
//!     cargo run --release --example plan_scale

use apigw_integration_core::plan;
use std::time::Instant;

/// A plan of `modules` module instances of 100 integrations each.
fn generated(modules: usize) -> String {
    let mut changes = Vec::new();
    let mut calls = Vec::new();
    for m in 0..modules {
        let module = format!("module.svc[\\\"m{m}\\\"]");
        changes.push(format!(
            r#"{{"address": "{module}.aws_apigatewayv2_api.api", "module_address": "{module}", "mode": "managed", "type": "aws_apigatewayv2_api", "name": "api",
  "change": {{"actions": ["create"], "before": null, "after": {{"protocol_type": "HTTP", "name": "m{m}"}}, "after_unknown": {{"id": true}}}}}}"#
        ));
        for k in 0..100 {
            changes.push(format!(
                r#"{{"address": "{module}.module.routes.aws_apigatewayv2_integration.this[\"r{k}\"]", "module_address": "{module}.module.routes", "mode": "managed", "type": "aws_apigatewayv2_integration", "name": "this", "index": "r{k}",
  "change": {{"actions": ["create"], "before": null, "after": {{"integration_type": "HTTP_PROXY", "integration_uri": "https://r{k}.example.com/{{proxy}}", "integration_method": "ANY", "timeout_milliseconds": {},
  "request_parameters": {{"overwrite:header.x-route": "r{k}", "append:header.x-trace": "$context.requestId"}}, "connection_type": "INTERNET", "payload_format_version": "1.0", "response_parameters": [], "tls_config": []}},
  "after_unknown": {{"api_id": true, "id": true, "request_parameters": {{}}, "response_parameters": [], "tls_config": []}}}}}}"#,
                if k == 0 { 40000 } else { 29000 }
            ));
        }
    }
    calls.push(
        r#""svc": {"source": "./modules/svc", "module": {
  "resources": [{"mode": "managed", "type": "aws_apigatewayv2_api", "name": "api", "expressions": {"protocol_type": {"constant_value": "HTTP"}}}],
  "module_calls": {"routes": {"source": "../routes", "expressions": {"api_id": {"references": ["aws_apigatewayv2_api.api.id", "aws_apigatewayv2_api.api"]}}, "module": {
    "resources": [{"mode": "managed", "type": "aws_apigatewayv2_integration", "name": "this", "expressions": {
      "api_id": {"references": ["var.api_id"]}, "integration_type": {"constant_value": "HTTP_PROXY"}, "integration_uri": {"references": ["each.value"]},
      "integration_method": {"constant_value": "ANY"}, "timeout_milliseconds": {"references": ["each.value"]}, "request_parameters": {"references": ["each.key"]}}}]}}}}}"#
            .to_string(),
    );
    format!(
        r#"{{"format_version": "1.2", "resource_changes": [{}], "configuration": {{"root_module": {{"module_calls": {{{}}}}}}}}}"#,
        changes.join(",\n"),
        calls.join(",")
    )
}

fn median_ms(mut f: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..5)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[2]
}

fn main() {
    for modules in [10, 100] {
        let text = generated(modules);
        let n = modules * 100;
        let read = median_ms(|| {
            std::hint::black_box(plan::read(&text, None).expect("reads"));
        });
        let parse = median_ms(|| {
            std::hint::black_box(apigw_integration_core::json::parse(&text).expect("JSON"));
        });
        let planned = plan::read(&text, None).expect("reads");
        let mut found = 0;
        let check = median_ms(|| found = plan::check(&planned).len());
        assert!(planned.integrations.iter().all(|p| p.model.protocol.is_some()));
        println!(
            "{n} integrations in {modules} module instances ({:.1} MB): JSON parse alone {parse:.1} ms, plan::read {read:.1} ms (parse included), plan::check {check:.1} ms ({found} findings)",
            text.len() as f64 / 1e6
        );
    }
}
