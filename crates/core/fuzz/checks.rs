// The invariants the fuzz targets check, shared with `tests/fuzz.rs` (which runs them over
// the corpus kept in `fuzz/corpus/` and the regressions in `fuzz/regressions/`, so every
// finding stays fixed under plain `cargo test`). Each function panics when an invariant
// breaks; a panic inside the library is a finding too.

use apigw_integration_core::{check, eval, hcl, json, model::Integration, reader, rules, share};

/// HCL text: parsing, checking and fixing never panic; whatever renders is exactly one
/// integration (and its import block) that parses back to a model rendering the same
/// text (a fixed point).
pub fn parse_check(data: &[u8]) {
    let Ok(src) = std::str::from_utf8(data) else { return };
    let file = hcl::parse(src);
    for p in &file.integrations {
        let _ = rules::validate(&p.model);
        if let Ok(r) = apigw_integration_core::render(&p.model) {
            fixed_point(&p.model, &r.resource);
        }
    }
    let _ = check::check_sources(&[src], None);
    let _ = check::fix_module(&[src], None, &[], &|_, _, _| true);
}

/// Pasted text (HCL, AWS CLI or CloudFormation JSON), read as the web build's reader
/// module reads it: never a panic, the JSON that crosses to the form reads back as exactly
/// what was taken, and every integration taken renders to a fixed point or says why not.
pub fn take_check(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for (api_id, protocol) in [("", ""), ("a1b2c3d4e5", "WEBSOCKET")] {
        let answer = reader::take_json(text, api_id, protocol);
        let taken = reader::taken_from_json(&answer).expect("the reader's answer reads back");
        assert_eq!(serde_json::to_string(&taken).expect("serializes"), answer, "nothing is lost crossing to the form");
        for m in &taken.added {
            let _ = rules::validate(m);
            if let Ok(r) = apigw_integration_core::render(m) {
                fixed_point(m, &r.resource);
            }
        }
    }
}

/// A JSON model (what the JS API and saved state carry): validation never panics and the
/// output, if any, is exactly this one integration, a fixed point.
pub fn model_check(data: &[u8]) {
    let Ok(m) = serde_json::from_slice::<Integration>(data) else { return };
    let diags = rules::validate(&m);
    let blockers = rules::blockers(&m);
    assert!(blockers.iter().all(|b| diags.contains(b)), "blockers are a subset of the diagnostics");
    match apigw_integration_core::render(&m) {
        Ok(r) => {
            assert!(blockers.is_empty(), "rendered despite blockers {blockers:?}");
            fixed_point(&m, &r.resource);
        }
        Err(why) => assert!(!why.is_empty(), "a withheld output says why"),
    }
    let (fixed, _) = apigw_integration_core::fix::fix_all(&m, rules::validate);
    let _ = apigw_integration_core::render(&fixed);
}

/// Share links and saved state: decoding never panics, and what decodes encodes and
/// decodes again to the same workspace.
pub fn share_check(data: &[u8]) {
    let Ok(s) = std::str::from_utf8(data) else { return };
    if let Ok(Some(ws)) = share::from_fragment(s) {
        let again = share::from_fragment(&share::to_fragment(&ws));
        assert_eq!(again.ok().flatten().as_ref(), Some(&ws), "a link round-trips");
    }
    if let Ok(saved) = share::from_json(s) {
        // What the readers (src/json.rs) take, the writers write back: a fixed point.
        let again = share::from_json(&share::to_json(&saved.workspace, saved.rev));
        assert_eq!(again.as_ref().ok(), Some(&saved), "saved state round-trips: {again:?}");
    }
}

/// JSON text: the web build's parser (`json::parse`) against serde_json's reader (into a
/// `serde_json::Value`): the same verdict and the same value; for an error, the same kind
/// (the text ended too early, or not) on the same line. A `Value` keeps one entry per key
/// (the last one written, where the first was), so the tree is compared after the same merge.
pub fn json_check(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // serde_json's `Value` reads an object with its private key for a number's digits as a
    // number (`arbitrary_precision`); to `parse` it is an object, and nothing here relies on it.
    if text.contains("$serde_json::private::Number") {
        return;
    }
    match (json::parse(text), serde_json::from_str::<serde_json::Value>(text)) {
        (Ok(ours), Ok(theirs)) => assert_eq!(as_value(&ours), theirs, "{text:?}"),
        (Err(json::Error::Syntax(ours)), Err(theirs)) => {
            assert_eq!(ours.eof, theirs.is_eof(), "{text:?}: {ours:?} vs {theirs}");
            assert_eq!(ours.line, theirs.line(), "{text:?}: {ours:?} vs {theirs}");
        }
        (ours, theirs) => panic!("{text:?}: parse says {ours:?}, serde_json {theirs:?}"),
    }
}

/// `parse`'s tree as serde_json's `Value` holds the same text (depth is bounded by `parse`).
fn as_value(j: &json::Json) -> serde_json::Value {
    use serde_json::Value;
    match j {
        json::Json::Null => Value::Null,
        json::Json::Bool(b) => Value::Bool(*b),
        json::Json::U64(n) => Value::from(*n),
        json::Json::I64(n) => Value::from(*n),
        json::Json::Num(digits) => match digits.parse::<serde_json::Number>() {
            Ok(n) => Value::Number(n),
            Err(e) => panic!("{digits:?} is not a number to serde_json: {e}"),
        },
        json::Json::Str(s) => Value::String(s.clone()),
        json::Json::Arr(items) => Value::Array(items.iter().map(as_value).collect()),
        json::Json::Obj(entries) => {
            let mut map = serde_json::Map::new();
            for (k, v) in entries {
                map.insert(k.clone(), as_value(v));
            }
            Value::Object(map)
        }
    }
}

/// Partial evaluation: bounded, never panics, and a template's literal parts are what
/// full evaluation gives when it has no holes.
pub fn eval_check(data: &[u8]) {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let locals = eval::ByName::new([("a".to_string(), s.to_string())]);
    let scope = eval::Scope { locals: &locals, ..eval::Scope::default() };
    let full = eval::eval(s, &scope);
    if let Some(parts) = eval::template(s, &scope)
        && let [eval::Part::Lit(l)] = parts.as_slice()
        && let Ok(eval::Known::Str(v)) = &full
    {
        assert_eq!(l, v, "a template without holes is its value");
    }
    if let Some(inst) = eval::instances(s, &scope) {
        for (k, v) in inst.iter().take(8) {
            let each = eval::Scope { each: Some((k, v)), ..scope };
            let _ = eval::eval("each.value", &each);
        }
    }
    let _ = eval::eval("local.a", &scope);
}

fn fixed_point(m: &Integration, text: &str) {
    let back = hcl::parse(text);
    assert_eq!(back.integrations.len(), 1, "exactly one integration in\n{text}");
    assert!(back.ignored.is_empty(), "nothing but the integration in\n{text}: {:?}", back.ignored);
    let model = &back.integrations[0].model;
    assert_eq!(model.name, m.name, "the same name");
    let mut again = model.clone();
    again.protocol = m.protocol;
    let twice = apigw_integration_core::render(&again).map(|r| r.resource);
    assert_eq!(twice.as_deref(), Ok(text), "render(parse(render(m))) is a fixed point");
}
