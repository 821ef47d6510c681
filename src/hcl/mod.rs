//! HCL in and out: our own escaper, an emitter that prints what `terraform fmt` prints,
//! and a parser (hcl-rs's `hcl::edit`, which keeps spans) into the model.

pub mod align;
pub mod emit;
pub mod escape;
pub mod parse;

pub use emit::{document, documents, import_block, import_command, resource};
pub use escape::quote;
pub use parse::{Parsed, ParsedFile, parse};
