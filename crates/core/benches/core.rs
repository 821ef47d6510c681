//! Criterion benchmarks of the core: parse (the syntax tree, and the whole file into
//! models), validate, render and the whole `check` pipeline, on a generated 1 MB file of
//! integrations of every common shape (about 2,100); and one keystroke of the web form (validate
//! and render one integration). Writes the corpus to target/bench/corpus_1mb.tf for
//! scripts/bench, which times the release CLI on it.
//!
//!     cargo bench --bench core

// Criterion is a native dev-dependency: on wasm32 (which clippy checks) this is empty.
#[cfg(not(target_arch = "wasm32"))]
#[path = "common/corpus.rs"]
mod corpus;

#[cfg(not(target_arch = "wasm32"))]
mod bench {
    use super::corpus;
    use apigw_integration_core::check::check_sources;
    use apigw_integration_core::hcl;
    use criterion::{Criterion, Throughput, criterion_group};
    use std::hint::black_box;

    fn benches(c: &mut Criterion) {
        let src = corpus::one_megabyte();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/bench");
        let _ = std::fs::create_dir_all(&dir);
        let _ = std::fs::write(dir.join("corpus_1mb.tf"), &src);
        let checked = check_sources(&[&src], None);
        let models: Vec<_> = checked.files.iter().flat_map(|f| &f.integrations).map(|p| p.model.clone()).collect();
        eprintln!("corpus: {} bytes, {} integrations, {} findings", src.len(), models.len(), checked.findings.len());

        let mut g = c.benchmark_group("1 MB file");
        g.throughput(Throughput::Bytes(src.len() as u64));
        g.bench_function("parse: syntax tree", |b| b.iter(|| hcl::syntax::parse_body(black_box(&src))));
        g.bench_function("parse: models", |b| b.iter(|| hcl::parse(black_box(&src))));
        g.bench_function("check (parse, infer protocol, validate, place)", |b| b.iter(|| check_sources(&[black_box(&src)], None)));
        g.finish();

        let mut g = c.benchmark_group(format!("{} integrations", models.len()));
        g.throughput(Throughput::Elements(models.len() as u64));
        g.bench_function("validate", |b| b.iter(|| black_box(&models).iter().map(apigw_integration_core::validate).count()));
        g.bench_function("render", |b| b.iter(|| apigw_integration_core::render_all(black_box(&models))));
        g.finish();

        let one = &models[1];
        c.bench_function("one keystroke: validate + render one integration", |b| {
            b.iter(|| (apigw_integration_core::validate(black_box(one)), apigw_integration_core::render(black_box(one))))
        });
        // The keystroke benchmark's large case (tests/e2e/keystroke-bench.mjs): a Lambda
        // integration with 50 request_parameters.
        let rows: String = (0..50).map(|k| format!("    \"append:header.h{k}\" = \"$request.header.h{k}\"\n")).collect();
        let params = format!(
            "resource \"aws_apigatewayv2_integration\" \"params\" {{\n  api_id = aws_apigatewayv2_api.a.id\n  integration_type = \"AWS_PROXY\"\n  integration_uri = aws_lambda_function.f.invoke_arn\n  payload_format_version = \"2.0\"\n  description = \"x\"\n  request_parameters = {{\n{rows}  }}\n}}\n"
        );
        let big = hcl::parse(&params).integrations.into_iter().next().map(|p| p.model).unwrap_or_default();
        assert_eq!(big.request_parameters.as_ref().map_or(0, |m| m.iter().count()), 50, "the 50-parameter case parses");
        c.bench_function("one keystroke: validate + render, 50 request_parameters", |b| {
            b.iter(|| (apigw_integration_core::validate(black_box(&big)), apigw_integration_core::render(black_box(&big))))
        });
    }

    criterion_group!(core, benches);
}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(bench::core);

#[cfg(target_arch = "wasm32")]
fn main() {}
