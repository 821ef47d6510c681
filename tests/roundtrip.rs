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

// The share codec's hand-written base64url against the `base64` crate it replaced (in the
// wasm for size): the same text for any bytes, and the same verdict for any text.
proptest! {
    #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]

    #[test]
    fn base64_agrees_with_the_base64_crate(bytes in proptest::collection::vec(any::<u8>(), 0..64), text in "[A-Za-z0-9_+/=.-]{0,24}") {
        use apigw_integration_builder::share::{base64url, from_base64url};
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
