//! apigw-integration-builder: write `aws_apigatewayv2_integration` right the first time.
//!
//! The core is pure: [`model`] (what the user wrote), [`rules`] (every documented rule,
//! as data-returning checks), [`hcl`] (emit exactly what `terraform fmt` prints, and
//! parse HCL back with positions) and [`check`] (lint whole configurations). It never
//! touches a browser or a file system; the CLI and the web app are thin layers on top.

pub mod aws;
pub mod check;
pub mod diag;
pub mod embed;
pub mod eval;
pub mod fix;
pub mod form;
pub mod hcl;
pub mod json;
pub mod lines;
pub mod model;
pub mod plan;
pub mod presets;
pub mod reader;
pub mod reference;
pub mod rules;
pub mod share;
pub mod suppress;
pub mod vars;
pub mod workspace;

/// The web app (browser only; the `ui` feature).
#[cfg(all(target_arch = "wasm32", feature = "ui"))]
pub mod ui;

/// The JavaScript API for embedding (browser only; the `ui` feature).
#[cfg(all(target_arch = "wasm32", feature = "ui"))]
pub mod js;

pub use diag::{Diagnostic, Pos, Severity};
pub use model::{Integration, Protocol, Value};
pub use rules::validate;
