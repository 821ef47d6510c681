//! The reader: everything that turns text into integrations (the HCL parser's file level,
//! the AWS CLI and CloudFormation import) behind two functions that take text and return
//! JSON, the rule table's texts ([`rules_json`]) and the mapping editors' completions
//! ([`completions_json`]). The web build ships it as a second
//! wasm module, `apigw-integration-reader`, that the page loads the first time someone
//! pastes, passes a starting template, opens the rules reference, focuses a mapping editor
//! or calls `parse()` or `rules()`: the form never parses a file and shows no rule text until asked, so the first
//! load carries none of it (`src/bin/apigw-integration-reader.rs` is the module's thin
//! wasm-bindgen layer).

use crate::MAX_INPUT;
use crate::aws::ApiInfo;
use crate::diag::Diagnostic;
use crate::model::{Integration, Protocol};
use crate::workspace::{Taken, take};

/// Reads pasted text ([`take`]) and answers with the JSON of [`Taken`]. `api_id` (empty:
/// none) is the API id for AWS CLI JSON; `protocol` (`HTTP`, `WEBSOCKET`, else none) is
/// the protocol of integrations whose API the text does not show ([`Protocol::parse`]). Text over
/// [`MAX_INPUT`] is refused with a diagnostic, not read.
pub fn take_json(text: &str, api_id: &str, protocol: &str) -> String {
    let taken = if text.len() > MAX_INPUT {
        Taken {
            diagnostics: vec![Diagnostic::new(
                "R-HCL-5",
                "",
                format!("The text is larger than {} MiB; paste one file at a time.", MAX_INPUT >> 20),
            )],
            ..Taken::default()
        }
    } else {
        let api_id = api_id.trim();
        let api = ApiInfo { api_id: (!api_id.is_empty()).then(|| api_id.to_string()), protocol: None };
        take(text, &api, Protocol::parse(protocol))
    };
    serde_json::to_string(&taken).unwrap_or_default()
}

/// What [`parse_json`] answers: every integration of a file and every diagnostic.
#[derive(serde::Serialize)]
struct Parsed {
    integrations: Vec<Integration>,
    diagnostics: Vec<Diagnostic>,
}

/// Why [`parse_json`] has no answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseError {
    /// The text is over [`MAX_INPUT`] (its length in bytes): refused, not read.
    TooLarge(usize),
    /// The answer could not be written as JSON (serde_json's reason).
    NotWritten(String),
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            ParseError::TooLarge(n) => {
                write!(f, "the HCL text is too large: {n} bytes, the builder takes at most {} MiB", MAX_INPUT >> 20)
            }
            ParseError::NotWritten(e) => f.write_str(e),
        }
    }
}

/// The JS API's `parse(hcl)`: `{integrations: [config], diagnostics: [{…, pos}]}` as
/// JSON, or why the text is refused (over [`MAX_INPUT`]).
pub fn parse_json(text: &str) -> Result<String, ParseError> {
    if text.len() > MAX_INPUT {
        return Err(ParseError::TooLarge(text.len()));
    }
    let file = crate::hcl::parse(text);
    let mut diagnostics = file.diagnostics;
    diagnostics.extend(file.integrations.iter().flat_map(|p| p.diagnostics.iter().cloned()));
    let out = Parsed { integrations: file.integrations.into_iter().map(|p| p.model).collect(), diagnostics };
    serde_json::to_string(&out).map_err(|e| ParseError::NotWritten(e.to_string()))
}

/// Why the reader module's answer could not be read ([`taken_from_json`]): it is not the
/// JSON of a [`Taken`] (a module of another version, or a damaged answer).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadAnswer(pub crate::json::Error);

impl std::fmt::Display for BadAnswer {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "the reader's answer could not be read ({})", self.0)
    }
}

/// Reads what [`take_json`] answered (the form's side of the module boundary).
pub fn taken_from_json(json: &str) -> Result<Taken, BadAnswer> {
    crate::json::from_str(json).map_err(BadAnswer)
}

/// The rule table as JSON, `[{code, severity, field, check, why, source}]`: the JS API's
/// `rules()` and the form's rules reference, which reads it with `js::rule_rows`.
pub fn rules_json() -> String {
    #[derive(serde::Serialize)]
    struct Row {
        code: &'static str,
        severity: crate::diag::Severity,
        field: &'static str,
        check: &'static str,
        why: &'static str,
        source: &'static str,
    }
    let rows: Vec<Row> = crate::rules::RULES
        .iter()
        .map(|r| Row { code: r.code, severity: r.severity, field: r.field, check: r.check, why: r.why, source: r.source })
        .collect();
    serde_json::to_string(&rows).unwrap_or_default()
}

/// The mapping editors' completions as JSON, `[[keys, values]]` in the order of
/// [`crate::completion::Grammar::index`]: the form's editors fill their `<datalist>`s
/// from it (through `setBooks` and `reader::completions` in `crates/web`), so that the
/// form's wasm carries none of the names.
pub fn completions_json() -> String {
    serde_json::to_string(&crate::completion::lists()).unwrap_or_default()
}

/// The help book as JSON, `{key: help}`: each argument's help under its name, and each
/// target's fields' help under [`crate::intent::help_key`]. The form's wasm carries none of
/// it (only the help a blank form shows, [`crate::form::start_help`]) and asks for it when
/// it first draws another field.
pub fn help_json() -> String {
    let book: serde_json::Map<String, serde_json::Value> =
        crate::intent::help_book().into_iter().map(|(k, v)| (k, serde_json::Value::from(v))).collect();
    serde_json::to_string(&book).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TF: &str = "resource \"aws_apigatewayv2_api\" \"ws\" {\n  protocol_type = \"WEBSOCKET\"\n}\n\nresource \"aws_apigatewayv2_integration\" \"a\" {\n  api_id           = aws_apigatewayv2_api.ws.id\n  integration_type = \"MOCK\"\n\n  # kept\n  description = \"x\"\n}\n";

    #[test]
    fn the_help_book_crosses_whole() {
        let book: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&help_json()).expect("JSON");
        for f in crate::form::FIELDS.iter() {
            assert_eq!(book[f.name].as_str(), crate::form::help(f.name), "{}", f.name);
            assert!(!book[f.name].as_str().unwrap_or_default().is_empty(), "{}", f.name);
        }
        for &t in crate::intent::TARGETS {
            for p in [Some(crate::model::Protocol::Http), Some(crate::model::Protocol::WebSocket), None] {
                for f in crate::intent::fields(t, p) {
                    let text = book[&crate::intent::help_key(t, p, f.name)].as_str();
                    assert_eq!(text, crate::intent::help(t, p, f.name), "{t:?} {p:?} {}", f.name);
                    assert!(text.is_some_and(|h| h.len() > 10), "{t:?} {p:?} {}", f.name);
                }
            }
        }
    }

    #[test]
    fn the_rule_table_crosses_whole() {
        let rows: Vec<serde_json::Value> = serde_json::from_str(&rules_json()).expect("JSON");
        assert_eq!(rows.len(), crate::rules::RULES.len());
        assert_eq!(rows.len(), crate::rules::RULE_COUNT);
        for (row, rule) in rows.iter().zip(crate::rules::RULES) {
            let text = |k: &str| row[k].as_str().unwrap_or_default().to_string();
            assert_eq!(
                [text("code"), text("severity"), text("field"), text("check"), text("why"), text("source")],
                [rule.code, rule.severity.as_str(), rule.field, rule.check, rule.why, rule.source].map(String::from)
            );
            assert_eq!(crate::rules::known_code(rule.code), Some(rule.code));
        }
        assert_eq!(crate::rules::known_code("R-NOPE-1"), None);
        assert_eq!(crate::rules::known_code("\"]"), None);
    }

    #[test]
    fn the_completions_cross_whole() {
        let rows: Vec<serde_json::Value> = serde_json::from_str(&completions_json()).expect("JSON");
        let lists = crate::completion::lists();
        assert_eq!(rows.len(), lists.len());
        for (row, list) in rows.iter().zip(&lists) {
            let strings = |k: usize| -> Vec<String> {
                row[k].as_array().expect("a list").iter().map(|v| v.as_str().expect("a string").to_string()).collect()
            };
            assert_eq!(row.as_array().map(Vec::len), Some(2), "[keys, values]");
            assert_eq!(strings(0), list.keys);
            assert_eq!(strings(1), list.values);
        }
    }

    #[test]
    fn what_crosses_the_boundary_is_what_take_returns() {
        let direct = take(TF, &ApiInfo::default(), Some(Protocol::Http));
        let crossed = taken_from_json(&take_json(TF, "", "HTTP")).expect("reads back");
        assert_eq!(crossed, direct);
        assert_eq!(crossed.added[0].protocol, Some(Protocol::WebSocket), "from the API block, not the fallback");
        assert!(crossed.added[0].layout.as_ref().is_some_and(|l| !l.is_empty()), "the layout crosses too");
    }

    #[test]
    fn the_api_id_and_the_fallback_protocol_are_passed_on() {
        let aws = r#"{"Items": [{"IntegrationId": "abc123", "IntegrationType": "MOCK"}]}"#;
        let t = taken_from_json(&take_json(aws, " a1b2c3 ", "WEBSOCKET")).expect("reads back");
        assert_eq!(t, take(aws, &ApiInfo { api_id: Some("a1b2c3".into()), protocol: None }, Some(Protocol::WebSocket)));
        assert_eq!(t.added.len(), 1);
        // An API of no known protocol, and nothing in the integration that says which (a
        // MOCK would: only WebSocket APIs take it).
        let none = taken_from_json(&take_json(TF.replace("WEBSOCKET", "X").replace("MOCK", "HTTP_PROXY").as_str(), "", "neither"))
            .expect("reads back");
        assert_eq!(none.added[0].protocol, None);
    }

    #[test]
    fn oversized_text_is_refused_with_a_diagnostic() {
        let t = taken_from_json(&take_json(&"#".repeat(MAX_INPUT + 1), "", "")).expect("reads back");
        assert!(t.added.is_empty());
        assert_eq!(t.diagnostics[0].code, "R-HCL-5");
        assert!(parse_json(&"#".repeat(MAX_INPUT + 1)).expect_err("refused").to_string().contains("too large"));
        assert_eq!(parse_json(&"#".repeat(MAX_INPUT + 1)), Err(ParseError::TooLarge(MAX_INPUT + 1)));
        assert_eq!(
            ParseError::TooLarge(5_000_000).to_string(),
            "the HCL text is too large: 5000000 bytes, the builder takes at most 4 MiB"
        );
        let bad = taken_from_json("{\"added\": 3}").expect_err("not a Taken");
        assert!(matches!(bad, BadAnswer(crate::json::Error::Shape(_))), "{bad:?}");
        assert!(bad.to_string().starts_with("the reader's answer could not be read ("), "{bad}");
    }

    #[test]
    fn parse_json_lists_integrations_and_every_diagnostic() {
        let read = |t: &str| -> serde_json::Value { serde_json::from_str(&parse_json(t).expect("parses")).expect("JSON") };
        let v = read("resource \"aws_apigatewayv2_integration\" \"p\" {\n  api_id = a.b\n}\n");
        assert_eq!(v["integrations"][0]["name"], "p");
        assert_eq!(v["diagnostics"], serde_json::json!([]));
        let v = read("resource \"aws_apigatewayv2_integration\" \"p\" {\n  api_id = \n}\n");
        assert!(!v["diagnostics"].as_array().expect("a list").is_empty(), "the missing value is reported");
    }

    #[test]
    fn a_garbled_answer_is_an_error_not_a_panic() {
        assert!(taken_from_json("{\"added\": 3}").is_err());
        assert!(taken_from_json("{\"added\": [], \"summary\": \"\", \"diagnostics\": [], \"extra\": 1}").is_err());
    }
}
