//! Property tests: emit → parse → emit is a fixed point, and every string survives.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use apigw_integration_core::hcl::{self, parse};
use apigw_integration_core::model::{Integration, Value};
use common::*;
use proptest::option;
use proptest::prelude::*;

fn reparse(text: &str) -> Vec<Integration> {
    let file = parse(text);
    assert!(file.diagnostics.is_empty(), "parse diagnostics on emitted text:\n{text}\n{:?}", file.diagnostics);
    for p in &file.integrations {
        assert!(p.diagnostics.is_empty(), "diagnostics on emitted text:\n{text}\n{:?}", p.diagnostics);
    }
    file.integrations.into_iter().map(|p| p.model).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Emitting, parsing and emitting again gives the same text and the same model.
    #[test]
    fn emit_parse_emit_is_a_fixed_point(m in integration()) {
        let text = document_of(&m);
        let back = reparse(&text);
        prop_assert_eq!(back.len(), 1);
        prop_assert_eq!(comparable(&back[0]), comparable(&m));
        let again = document_of(&back[0]);
        prop_assert_eq!(again, text);
    }

    /// Any string survives as an argument value, a map key and a map value.
    #[test]
    fn any_string_survives(s in tricky_string(), key in tricky_string()) {
        let mut m = Integration::named("t");
        m.description = Some(Value::Str(s.clone()));
        m.request_parameters = Some([(key.clone(), Value::Str(s.clone()))].into_iter().collect());
        let back = reparse(&document_of(&m));
        prop_assert_eq!(&back[0].description, &Some(Value::Str(s.clone())));
        let rp = back[0].request_parameters.clone().unwrap_or_default();
        prop_assert_eq!(rp.get(&key), Some(&Value::Str(s)));
    }

    /// Arbitrary text never panics the parser or the checker.
    #[test]
    fn parsing_garbage_never_panics(src in "(resource|import|\"|\\{|\\}|=|\\$|%|\\[|\\]|#|\n| |[a-z_]{1,8}|aws_apigatewayv2_integration|<<EOT|\\\\)*") {
        let _ = apigw_integration_core::check::check_sources(&[&src], None);
    }

    /// Validation and emission never panic, whatever the model holds, and protocol
    /// does not change what is emitted.
    #[test]
    fn validate_and_emit_never_panic(m in wild_integration()) {
        let _ = apigw_integration_core::validate(&m);
        if let Ok(r) = apigw_integration_core::render(&m) {
            let _ = apigw_integration_core::check::check_sources(&[&r.document()], None);
        }
    }

    /// Editing a parsed configuration changes only the edited line.
    #[test]
    fn editing_one_value_changes_one_line(m in integration(), s in tricky_string()) {
        prop_assume!(m.description.is_some());
        let text = document_of(&m);
        let mut parsed = reparse(&text).remove(0);
        parsed.description = Some(Value::Str(s));
        let edited = document_of(&parsed);
        prop_assert_eq!(text.lines().count(), edited.lines().count());
        // Keys do not change, so neither does any chain's alignment: only the description
        // line may differ.
        for (a, b) in text.lines().zip(edited.lines()) {
            prop_assert!(a == b || (a.trim_start().starts_with("description ") && b.trim_start().starts_with("description ")), "{a:?} -> {b:?}");
        }
    }
}

// The share codec's hand-written base64url against the `base64` crate it replaced (in the
// wasm for size): the same text for any bytes, and the same verdict for any text.
proptest! {
    #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]

    #[test]
    fn base64_agrees_with_the_base64_crate(bytes in proptest::collection::vec(any::<u8>(), 0..64), text in "[A-Za-z0-9_+/=.-]{0,24}") {
        use apigw_integration_core::share::{base64url, from_base64url};
        use base64::Engine as _;
        let crate_engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        prop_assert_eq!(base64url(&bytes), crate_engine.encode(&bytes));
        prop_assert_eq!(from_base64url(&base64url(&bytes)), Ok(bytes));
        let standard: String = text.trim_end_matches('=').chars().map(|c| match c { '+' => '-', '/' => '_', c => c }).collect();
        let ours = from_base64url(&text);
        let theirs = crate_engine.decode(standard.as_bytes());
        prop_assert_eq!(ours.as_ref().ok(), theirs.as_ref().ok(), "{:?}: {:?} vs {:?}", text, ours, theirs);
    }
}

/// A heredoc with any indentation (`<<EOT` or `<<-EOT`), its body lines indented at random.
fn heredoc() -> impl Strategy<Value = String> {
    (any::<bool>(), proptest::collection::vec("[ ]{0,6}x[a-z\":, ]{0,8}", 0..4), "[ ]{0,6}").prop_map(|(flush, lines, close)| {
        let mut s = format!("<<{}EOT\n", if flush { "-" } else { "" });
        for l in lines {
            s.push_str(&l);
            s.push('\n');
        }
        s.push_str(&close);
        s.push_str("EOT");
        s
    })
}

/// Blank lines, a comment line or nothing, between two items of a body or a map.
fn between() -> impl Strategy<Value = String> {
    prop_oneof![3 => Just(String::new()), 2 => Just("\n".to_string()), 1 => Just("\n\n".to_string()), 1 => Just("# note\n".to_string())]
}

/// A map literal: keys quoted or bare, `=` or `:`, values literal or heredocs, with blank
/// lines and comments among the entries; or one written on one line.
fn map_literal() -> impl Strategy<Value = String> {
    let entry =
        (any::<bool>(), any::<bool>(), prop_oneof![2 => "[a-z$. ]{0,6}".prop_map(|v| format!("\"{v}\"")), 1 => heredoc()], between());
    let one_line = (proptest::collection::vec((any::<bool>(), "[a-z$. ]{0,6}"), 1..4), any::<bool>()).prop_map(|(entries, trailing)| {
        let inner: Vec<String> =
            entries.iter().enumerate().map(|(n, (colon, v))| format!("\"k{n}\" {} \"{v}\"", if *colon { ":" } else { "=" })).collect();
        format!("{{ {}{} }}", inner.join(", "), if trailing { "," } else { "" })
    });
    let multi_line = proptest::collection::vec(entry, 0..4).prop_map(|entries| {
        let mut s = "{\n".to_string();
        for (n, (bare, colon, value, gap)) in entries.into_iter().enumerate() {
            s.push_str(&gap);
            let key = if bare { format!("k{n}") } else { format!("\"k/{n}\"") };
            s.push_str(&format!("{key} {} {value}\n", if colon { ":" } else { "=" }));
        }
        s.push('}');
        s
    });
    prop_oneof![3 => multi_line, 1 => one_line]
}

/// A resource body as an author may write it, formatted as `terraform fmt` prints it.
fn fmt_clean_resource() -> impl Strategy<Value = String> {
    let scalars = proptest::collection::vec(
        (proptest::sample::select(&apigw_integration_core::model::SCALAR_ARGS[2..]), "[a-zA-Z0-9 ./:-]{0,10}", between()),
        0..4,
    );
    (
        between(),
        scalars,
        option::of((map_literal(), between())),
        option::of((map_literal(), between())),
        option::of((heredoc(), between())),
        option::of((any::<bool>(), between())),
        option::of(("\n{0,2}", between())),
        between(),
    )
        .prop_map(|(lead, scalars, parameters, templates, for_each, tls, lifecycle, tail)| {
            let mut body = lead;
            body.push_str("api_id = aws_apigatewayv2_api.a.id\nintegration_type = \"HTTP_PROXY\"\n");
            let mut seen = Vec::new();
            for (name, v, gap) in scalars {
                if !seen.contains(&name) {
                    seen.push(name);
                    body.push_str(&format!("{gap}{name} = \"{v}\"\n"));
                }
            }
            if let Some((m, gap)) = parameters {
                body.push_str(&format!("{gap}request_parameters = {m}\n"));
            }
            if let Some((m, gap)) = templates {
                body.push_str(&format!("{gap}request_templates = merge({m}, var.more)\n"));
            }
            if let Some((h, gap)) = for_each {
                body.push_str(&format!("{gap}for_each = {{\n  a = {h}\n}}\n"));
            }
            if let Some((one_line, gap)) = tls {
                let name = "server_name_to_verify = \"example.com\"";
                body.push_str(&if one_line {
                    format!("{gap}tls_config {{ {name} }}\n")
                } else {
                    format!("{gap}tls_config {{\n{name}\n}}\n")
                });
            }
            if let Some((blanks, gap)) = lifecycle {
                body.push_str(&format!("{gap}lifecycle {{\n{blanks}create_before_destroy = true\n{blanks}}}\n"));
            }
            body.push_str(&tail);
            let text = format!("resource \"aws_apigatewayv2_integration\" \"p\" {{\n{body}}}\n");
            hcl::format::format(&text).unwrap_or(text)
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Any fmt-clean resource (blank lines anywhere, `=` or `:`, heredocs in kept items and
    /// map values, comments) renders as written, in LF and in CRLF.
    #[test]
    fn a_fmt_clean_resource_renders_as_written(text in fmt_clean_resource(), crlf in any::<bool>()) {
        let text = if crlf { text.replace('\n', "\r\n") } else { text };
        let file = parse(&text);
        prop_assert!(file.diagnostics.is_empty(), "{:?}", file.diagnostics);
        prop_assert_eq!(file.integrations.len(), 1);
        let p = &file.integrations[0];
        prop_assert!(p.diagnostics.is_empty(), "{:?}\n{}", p.diagnostics, text);
        let out = apigw_integration_core::render(&p.model).map(|r| r.resource);
        prop_assert_eq!(out.as_deref(), Ok(text.as_str()));
    }
}
