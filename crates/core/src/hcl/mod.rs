//! HCL in and out: our own escaper, a lexer and formatter that print what `terraform fmt`
//! prints, an emitter that prints nothing but one integration and its import block, and
//! a parser of HCL's native syntax (`syntax`, hclsyntax's grammar, with spans) and its
//! reading into the model (`parse`).

pub mod emit;
pub mod escape;
pub mod format;
pub mod lex;
pub mod number;
pub mod paint;
pub mod parse;
pub mod syntax;
pub mod verbatim;

pub use emit::Rendered;
pub use escape::quote;
pub use parse::{Parsed, ParsedFile, parse};
