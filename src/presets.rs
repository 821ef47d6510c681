//! The four examples of the provider's documentation page, as one-click presets. They
//! are parsed from the documentation's own text, so their layout (and so their output)
//! is the documentation's, byte for byte.

use crate::hcl::parse;
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
    /// The documentation's HCL text.
    pub hcl: &'static str,
}

/// The documentation's examples (the Lambda one also defines the function, which the
/// builder ignores).
pub static PRESETS: &[Preset] = &[
    Preset { id: "basic", label: "Basic (MOCK)", protocol: Protocol::WebSocket, hcl: include_str!("../tests/fixtures/docs/basic.tf") },
    Preset { id: "lambda", label: "Lambda", protocol: Protocol::WebSocket, hcl: include_str!("../tests/fixtures/docs/lambda.tf") },
    Preset {
        id: "sqs",
        label: "AWS service (SQS)",
        protocol: Protocol::Http,
        hcl: include_str!("../tests/fixtures/docs/aws_service_sqs.tf"),
    },
    Preset { id: "private", label: "Private (VPC link)", protocol: Protocol::Http, hcl: include_str!("../tests/fixtures/docs/private.tf") },
];

impl Preset {
    /// The preset's model, with its protocol set.
    pub fn model(&self) -> Integration {
        let mut m = parse(self.hcl).integrations.into_iter().next().map(|p| p.model).unwrap_or_default();
        m.protocol = Some(self.protocol);
        m
    }

    /// The integration block as the documentation prints it.
    pub fn expected_resource(&self) -> &'static str {
        self.hcl.find("resource \"aws_apigatewayv2_integration\"").map_or(self.hcl, |at| &self.hcl[at..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_render_as_documented_and_are_valid() {
        for p in PRESETS {
            let m = p.model();
            assert_eq!(
                crate::hcl::render(&crate::form::effective(&m)).map(|r| r.resource).as_deref(),
                Ok(p.expected_resource()),
                "{}",
                p.id
            );
            let errors: Vec<_> = crate::rules::validate(&m).into_iter().filter(|d| d.is_error()).collect();
            assert!(errors.is_empty(), "{}: {errors:?}", p.id);
        }
    }
}
