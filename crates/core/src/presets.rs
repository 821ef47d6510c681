//! The four examples of the provider's documentation page, as one-click presets. Each is
//! the model the parser reads from the documentation's own text (so its layout, and so its
//! output, is the documentation's, byte for byte), kept as the JSON model beside that text
//! (`src/presets/*.json`): the form reads JSON anyway (saved state, share links),
//! while the HCL parser is loaded on demand in the browser ([`crate::reader`]). A test
//! checks each JSON file against the parser's reading of its `.tf` file.

use crate::model::{Integration, Protocol};

/// One preset.
#[derive(Clone, Copy, Debug)]
pub struct Preset {
    /// A stable id (`basic`, `lambda`, `sqs`, `private`).
    pub id: &'static str,
    /// The button label.
    pub label: &'static str,
    /// The protocol the example is for.
    pub protocol: Protocol,
    /// The model of the documentation's example, as JSON.
    json: &'static str,
}

/// The documentation's examples (the Lambda one also defines the function, which the
/// builder ignores).
pub static PRESETS: &[Preset] = &[
    Preset { id: "basic", label: "Basic (MOCK)", protocol: Protocol::WebSocket, json: include_str!("presets/basic.json") },
    Preset { id: "lambda", label: "Lambda", protocol: Protocol::WebSocket, json: include_str!("presets/lambda.json") },
    Preset { id: "sqs", label: "AWS service (SQS)", protocol: Protocol::Http, json: include_str!("presets/aws_service_sqs.json") },
    Preset { id: "private", label: "Private (VPC link)", protocol: Protocol::Http, json: include_str!("presets/private.json") },
];

impl Preset {
    /// The preset's model, with its protocol set.
    pub fn model(&self) -> Integration {
        let mut m: Integration = crate::json::from_str(self.json).unwrap_or_default();
        m.protocol = Some(self.protocol);
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The file name (without extension) of a preset's example, `.tf` and `.json`.
    fn file(p: &Preset) -> &'static str {
        if p.id == "sqs" { "aws_service_sqs" } else { p.id }
    }

    /// The documentation's text of each preset.
    fn doc(p: &Preset) -> String {
        let file = file(p);
        std::fs::read_to_string(format!("{}/tests/fixtures/docs/{file}.tf", env!("CARGO_MANIFEST_DIR"))).expect("the docs fixture")
    }

    /// The JSON files are what the parser reads from the documentation's text. With
    /// `UPDATE_PRESETS=1`, this test writes them instead.
    #[test]
    fn each_preset_is_the_parsers_reading_of_the_documentation() {
        for p in PRESETS {
            let parsed = crate::hcl::parse(&doc(p)).integrations.into_iter().next().map(|x| x.model).expect("one integration");
            let json = serde_json::to_string_pretty(&parsed).expect("serializes") + "\n";
            if std::env::var_os("UPDATE_PRESETS").is_some() {
                std::fs::write(format!("{}/src/presets/{}.json", env!("CARGO_MANIFEST_DIR"), file(p)), &json).expect("writes");
                continue;
            }
            assert_eq!(p.json, json, "{}: src/presets/{}.json is stale; run UPDATE_PRESETS=1 cargo test presets", p.id, p.id);
            let mut expected = parsed;
            expected.protocol = Some(p.protocol);
            assert_eq!(p.model(), expected, "{}", p.id);
        }
    }

    #[test]
    fn presets_render_as_documented_and_are_valid() {
        for p in PRESETS {
            let m = p.model();
            let text = doc(p);
            let expected = text.find("resource \"aws_apigatewayv2_integration\"").map_or(&text[..], |at| &text[at..]);
            assert_eq!(crate::render(&m).map(|r| r.resource).as_deref(), Ok(expected), "{}", p.id);
            let errors: Vec<_> = crate::rules::validate(&m).into_iter().filter(|d| d.is_error()).collect();
            assert!(errors.is_empty(), "{}: {errors:?}", p.id);
        }
    }
}
