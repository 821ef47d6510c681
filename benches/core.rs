//! Prints how long the core takes on a 1 MB configuration with 1,000 integrations:
//! parse, validate, emit, and the whole `check` pipeline. Writes the corpus to
//! target/bench/corpus_1mb.tf for scripts/bench (which times the release CLI on it).
//!
//!     cargo bench --bench core

use apigw_integration_builder::check::check_sources;
use apigw_integration_builder::hcl;
use std::time::{Duration, Instant};

/// One integration of about 1 KB; every fourth has problems, so diagnostics are produced.
fn integration(k: usize) -> String {
    let timeout = if k.is_multiple_of(4) { 45_000 } else { 29_000 };
    let pad = "x".repeat(20);
    format!(
        r#"resource "aws_apigatewayv2_integration" "i{k}" {{
  api_id           = aws_apigatewayv2_api.a{api}.id
  credentials_arn  = aws_iam_role.example.arn
  description      = "Integration {k} {pad}"
  integration_type = "HTTP_PROXY"
  integration_uri  = aws_lb_listener.example.arn

  integration_method   = "ANY"
  connection_type      = "VPC_LINK"
  connection_id        = aws_apigatewayv2_vpc_link.example.id
  timeout_milliseconds = {timeout}

  tls_config {{
    server_name_to_verify = "example.com"
  }}

  request_parameters = {{
    "append:header.authforintegration" = "$context.authorizer.authorizerResponse"
    "overwrite:path"                   = "$request.path"
    "append:querystring.k{k}"          = "$request.header.x-k{k}"
  }}

  response_parameters {{
    status_code = 403
    mappings = {{
      "append:header.auth" = "$context.authorizer.authorizerResponse"
    }}
  }}

  response_parameters {{
    status_code = 200
    mappings = {{
      "overwrite:statuscode" = "204"
    }}
  }}
}}

"#,
        api = k % 4
    )
}

fn corpus() -> String {
    let mut s = String::new();
    for a in 0..4 {
        s.push_str(&format!(
            "resource \"aws_apigatewayv2_api\" \"a{a}\" {{\n  name          = \"a{a}\"\n  protocol_type = \"HTTP\"\n}}\n\n"
        ));
    }
    for k in 0..1000 {
        s.push_str(&integration(k));
    }
    s
}

fn time<T>(label: &str, runs: u32, mut f: impl FnMut() -> T) {
    let _ = f();
    let mut all: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(f());
            t.elapsed()
        })
        .collect();
    all.sort();
    let median = all[all.len() / 2];
    println!("{label:<50} median {:>9.3} ms  (min {:.3}, max {:.3}, {runs} runs)", ms(median), ms(all[0]), ms(all[all.len() - 1]));
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let src = corpus();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench");
    let _ = std::fs::create_dir_all(&dir);
    let _ = std::fs::write(dir.join("corpus_1mb.tf"), &src);
    let checked = check_sources(&[&src], None);
    let models: Vec<_> = checked.files[0].integrations.iter().map(|p| p.model.clone()).collect();
    println!("corpus: {} bytes, {} integrations, {} findings", src.len(), models.len(), checked.findings.len());
    time("parse (1 MB, 1000 integrations)", 20, || hcl::parse(&src));
    time("validate (1000 integrations)", 20, || models.iter().map(apigw_integration_builder::validate).count());
    time("emit (1000 integrations)", 20, || hcl::render_all(&models));
    time("check_sources (parse + infer + validate + place)", 20, || check_sources(&[&src], None));
    let one = &models[1];
    time("one keystroke: validate + emit one integration", 2000, || (apigw_integration_builder::validate(one), hcl::render(one)));
}
