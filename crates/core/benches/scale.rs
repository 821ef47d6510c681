//! Inputs whose size or shape once cost super-linear time or unbounded stack, timed:
//! a 40,000-term `1 + 1 + …` chain (parsed, and checked as a whole configuration),
//! suppression comments (2,000 of them, one above each value of a `locals` block; one
//! above the last resource of a 248 KB file), AWS JSON whose items share
//! one target and so one resource name (8,000 through `from-aws`'s conversion, 4,000
//! through the web page's paste), a free name in a workspace of 4,000 items, `--fix`'s
//! edits of 5,000 blocks of one file, 50,000 findings placed in one map, 20,000 findings
//! of each of two `for_each` instances, 30,000 integrations finding their 30,000 APIs, and
//! 32,000 integrations reading 32,000 locals.
//!
//! Each case runs until it has taken a second (at least once, at most 15 times) and prints
//! its median. The chain runs on a thread with a 2 MiB stack, as the CLI's workers do.
//!
//!     cargo bench --bench scale              # every case
//!     cargo bench --bench scale -- suppress  # the cases whose name contains `suppress`

#[cfg(not(target_arch = "wasm32"))]
#[path = "common/corpus.rs"]
mod corpus;

#[cfg(not(target_arch = "wasm32"))]
mod bench {
    use super::corpus;
    use apigw_integration_core::aws::{self, ApiInfo};
    use apigw_integration_core::check::{self, check_sources};
    use apigw_integration_core::hcl::syntax;
    use apigw_integration_core::model::{Integration, Protocol};
    use apigw_integration_core::suppress;
    use apigw_integration_core::workspace::{self, Workspace};
    use std::hint::black_box;
    use std::time::{Duration, Instant};

    /// Runs `f` until a second has passed (1 to 15 runs) and prints the median.
    fn time(name: &str, f: &mut dyn FnMut()) {
        let mut runs: Vec<Duration> = Vec::new();
        let start = Instant::now();
        while runs.is_empty() || (runs.len() < 15 && start.elapsed() < Duration::from_secs(1)) {
            let t = Instant::now();
            f();
            runs.push(t.elapsed());
        }
        runs.sort();
        let median = runs[runs.len() / 2];
        let shown = if median >= Duration::from_secs(1) {
            format!("{:.1} s", median.as_secs_f64())
        } else {
            format!("{:.2} ms", median.as_secs_f64() * 1e3)
        };
        println!("{name:<68} {shown:>10}  (median of {})", runs.len());
    }

    /// A configuration with a chain of `n` terms as an integration's argument.
    fn chain_file(n: usize) -> String {
        format!(
            "resource \"aws_apigatewayv2_integration\" \"deep\" {{\n  api_id               = \"aabbccddee\"\n  integration_type     = \"MOCK\"\n  timeout_milliseconds = {}\n}}\n",
            vec!["1"; n].join(" + ")
        )
    }

    /// An integration, then a `locals` block of `count` values, each with a suppression
    /// comment above it (one argument a line: the shape of a generated file).
    fn commented_locals(count: usize) -> String {
        let mut src = corpus::api("api", false);
        src.push('\n');
        src.push_str(&corpus::integration(1, "api", false));
        src.push_str("\nlocals {\n");
        for k in 0..count {
            src.push_str(&format!("  # apigw-integration:ignore R-TMO-1 generated\n  value_{k} = {k}\n"));
        }
        src.push_str("}\n");
        src
    }

    /// `count` integrations of the corpus's shapes, each with a suppression comment above
    /// its `resource` line when `suppressed(k)`.
    fn suppressed_file(count: usize, suppressed: impl Fn(usize) -> bool) -> String {
        let mut src = corpus::api("api", false);
        for k in 0..count {
            src.push('\n');
            if suppressed(k) {
                src.push_str("# apigw-integration:ignore R-TMO-1,R-MAP-1 kept on purpose\n");
            }
            src.push_str(&corpus::integration(k, "api", false));
        }
        src
    }

    /// `get-integrations` JSON with `n` items that all target one URL (one base name).
    fn same_target_items(n: usize) -> String {
        let item = |k: usize| {
            format!(
                "{{\"IntegrationId\": \"i{k:06}\", \"IntegrationType\": \"HTTP_PROXY\", \"IntegrationMethod\": \"ANY\", \"IntegrationUri\": \"https://backend.example.com/orders\", \"PayloadFormatVersion\": \"1.0\"}}"
            )
        };
        format!("{{\"Items\": [{}]}}", (0..n).map(item).collect::<Vec<_>>().join(",\n"))
    }

    /// `n` integrations, each with an argument `--fix` removes (an HTTP API's
    /// passthrough_behavior).
    fn fixable_file(n: usize) -> String {
        (0..n)
            .map(|k| {
                format!(
                    "resource \"aws_apigatewayv2_integration\" \"r{k}\" {{\n  api_id               = var.api_id\n  integration_type     = \"HTTP_PROXY\"\n  integration_uri      = \"https://example.com\"\n  integration_method   = \"ANY\"\n  passthrough_behavior = \"NEVER\"\n}}\n"
                )
            })
            .collect()
    }

    /// A `locals` block of `n` values and `n` integrations whose arguments read locals (a
    /// generated configuration's shape).
    fn locals_file(n: usize) -> String {
        let mut src = String::from("locals {\n");
        for k in 0..n {
            src.push_str(&format!("  uri_{k} = \"https://example.com/{k}\"\n"));
        }
        src.push_str("}\n");
        for k in 0..n {
            src.push_str(&format!(
                "\nresource \"aws_apigatewayv2_integration\" \"r{k}\" {{\n  api_id             = var.api_id\n  integration_type   = \"HTTP_PROXY\"\n  integration_uri    = local.uri_{k}\n  integration_method = local.method\n  description        = local.description\n}}\n"
            ));
        }
        src
    }

    pub fn main() {
        let filter: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
        let wanted = |name: &str| filter.is_empty() || filter.iter().any(|f| name.contains(f.as_str()));

        if wanted("chain") {
            let src = chain_file(40_000);
            let worker = std::thread::Builder::new().stack_size(2 << 20).spawn(move || {
                time(&format!("chain: parse 40,000 terms ({} KB)", src.len() / 1000), &mut || {
                    black_box(syntax::parse_body(black_box(&src)).is_ok());
                });
                time("chain: check 40,000 terms (parse, validate, place)", &mut || {
                    black_box(check_sources(&[black_box(&src)], Some(Protocol::Http)).findings.len());
                });
            });
            if worker.and_then(|w| w.join().map_err(|_| std::io::Error::other("the worker panicked"))).is_err() {
                println!("chain: the worker thread failed");
            }
        }

        for (name, src) in [
            ("suppress: 2,000 comments", commented_locals(2_000)),
            ("suppress: 1 comment above the last resource", suppressed_file(520, |k| k == 517)),
        ] {
            if !wanted(name) {
                continue;
            }
            let findings = check_sources(&[&src], Some(Protocol::Http)).findings;
            let label = format!("{name} ({} KB, {} findings)", src.len() / 1000, findings.len());
            time(&label, &mut || {
                black_box(suppress::apply(&[black_box(&src)], findings.clone(), &[]).len());
            });
        }

        if wanted("from-aws") {
            let json = same_target_items(8_000);
            let api = ApiInfo { api_id: Some("aabbccddee".into()), protocol: Some(Protocol::Http) };
            time("from-aws: 8,000 items, one target (one base name)", &mut || {
                black_box(aws::from_aws(black_box(&json), &api).integrations.len());
            });
        }

        if wanted("paste") {
            let json = same_target_items(4_000);
            time("paste: 4,000 AWS items, one target (workspace::take)", &mut || {
                black_box(workspace::take(black_box(&json), &ApiInfo::default(), Some(Protocol::Http)).added.len());
            });
        }

        if wanted("free-name") {
            let items: Vec<Integration> =
                (0..4_000).map(|k| Integration::named(if k == 0 { "x".to_string() } else { format!("x_{}", k + 1) })).collect();
            let ws = Workspace { items, selected: 0, companions: Default::default() };
            time("free-name: a copy's name in a workspace of 4,000", &mut || {
                black_box(ws.free_name(black_box("x")));
            });
        }

        if wanted("fix") {
            let src = fixable_file(5_000);
            time(&format!("fix: 5,000 integrations with a fix each in one file ({} KB)", src.len() / 1000), &mut || {
                black_box(check::fix_module(&[black_box(&src)], Some(Protocol::Http), &[], &|_, _, _| true).len());
            });
        }

        if wanted("place") {
            let mut src = String::from("resource \"aws_apigatewayv2_integration\" \"x\" {\n  request_parameters = {\n");
            for k in 0..50_000 {
                src.push_str(&format!("    \"k{k}\" = \"v\"\n"));
            }
            src.push_str("  }\n}\n");
            time(&format!("place: 50,000 findings, one per entry of one map ({} KB)", src.len() / 1000), &mut || {
                black_box(check_sources(&[black_box(&src)], Some(Protocol::Http)).findings.len());
            });
        }

        if wanted("instances") {
            let mut src = String::from(
                "resource \"aws_apigatewayv2_integration\" \"x\" {\n  for_each = { a = 1, b = 2 }\n\n  request_parameters = {\n",
            );
            for k in 0..20_000 {
                src.push_str(&format!("    \"k{k}\" = \"v\"\n"));
            }
            src.push_str("  }\n}\n");
            time(&format!("instances: 2 for_each instances with 20,000 findings each ({} KB)", src.len() / 1000), &mut || {
                black_box(check_sources(&[black_box(&src)], Some(Protocol::Http)).findings.len());
            });
        }

        if wanted("apis") {
            let mut src = String::new();
            for k in 0..30_000 {
                src.push_str(&format!("resource \"aws_apigatewayv2_api\" \"a{k}\" {{\n  name          = \"a{k}\"\n  protocol_type = \"HTTP\"\n}}\n\nresource \"aws_apigatewayv2_integration\" \"i{k}\" {{\n  api_id             = aws_apigatewayv2_api.a{k}.id\n  integration_type   = \"HTTP_PROXY\"\n  integration_uri    = \"https://example.com\"\n  integration_method = \"ANY\"\n}}\n\n"));
            }
            time(&format!("apis: 30,000 APIs, each with its integration ({} KB)", src.len() / 1000), &mut || {
                black_box(check_sources(&[black_box(&src)], None).findings.len());
            });
        }

        if wanted("locals") {
            let src = locals_file(32_000);
            time(&format!("locals: 32,000 locals and 32,000 integrations that read them ({} KB)", src.len() / 1000), &mut || {
                black_box(check_sources(&[black_box(&src)], Some(Protocol::Http)).findings.len());
            });
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    bench::main();
}

#[cfg(target_arch = "wasm32")]
fn main() {}
