//! Property tests: emit → parse → emit is a fixed point, and every string survives.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use apigw_integration_builder::hcl::{self, parse};
use apigw_integration_builder::model::{Integration, Value};
use common::*;
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
        let _ = apigw_integration_builder::check::check_sources(&[&src], None);
    }

    /// Validation and emission never panic, whatever the model holds, and protocol
    /// does not change what is emitted.
    #[test]
    fn validate_and_emit_never_panic(m in wild_integration()) {
        let _ = apigw_integration_builder::validate(&m);
        if let Ok(r) = hcl::render(&m) {
            let _ = apigw_integration_builder::check::check_sources(&[&r.document()], None);
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
