//! apigw-integration-core: write `aws_apigatewayv2_integration` right the first time.
//!
//! The core is pure: [`model`] (what the user wrote), [`rules`] (every documented rule,
//! as data-returning checks), [`hcl`] (emit exactly what `terraform fmt` prints, and
//! parse HCL back with positions) and [`check`] (lint whole configurations). It never
//! touches a browser or a file system; the CLI (`crates/cli`), the web app
//! (`crates/web`) and its reader module (`crates/reader`) are thin layers on top.

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
pub mod presets;
pub mod reader;
pub mod reference;
pub mod rules;
pub mod share;
pub mod suppress;
pub mod workspace;

pub use diag::{Diagnostic, Pos, Severity};
pub use model::{Integration, Protocol, Value};
pub use rules::validate;
