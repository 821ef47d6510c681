//! apigw-integration-core: write `aws_apigatewayv2_integration` right the first time.
//!
//! The core is pure: [`model`] (what the user wrote), [`rules`] (every documented rule,
//! as data-returning checks), [`hcl`] (emit exactly what `terraform fmt` prints, and
//! parse HCL back with positions) and [`check`] (lint whole configurations). It never
//! touches a browser or a file system; the CLI (`crates/cli`), the web app
//! (`crates/web`) and its reader module (`crates/reader`) are thin layers on top.

/// The largest HCL text, JSON configuration or option string the builder takes in one
/// call (4 MiB). Larger input is refused with a message instead of freezing the page.
/// (A limit on every face's input, so it lives at the crate's root, beside no module.)
pub const MAX_INPUT: usize = 4 << 20;

pub mod aws;
pub mod check;
pub mod companions;
pub mod completion;
pub mod diag;
pub mod embed;
pub mod eval;
pub mod fix;
pub mod form;
pub mod hcl;
pub mod intent;
pub mod json;
pub mod lines;
pub mod model;
pub mod output;
pub mod plan;
pub mod presets;
pub mod reader;
pub mod reference;
pub mod rules;
pub mod share;
pub mod suppress;
pub mod vars;
pub mod workspace;

pub use diag::{Diagnostic, Pos, Severity};
pub use model::{Integration, Protocol, Value};
pub use output::{render, render_all};
pub use rules::validate;
