//! `apigw-integration`: lint and render `aws_apigatewayv2_integration` resources.
//!
//! Exit codes: 0 no errors (warnings allowed; `--min-severity` moves the line), 1 at least
//! one error, 2 bad usage, an unreadable path or a file `--fix` could not write.

#[cfg(not(target_arch = "wasm32"))]
mod args;
#[cfg(not(target_arch = "wasm32"))]
mod cli;
#[cfg(not(target_arch = "wasm32"))]
mod files;
#[cfg(not(target_arch = "wasm32"))]
mod gate;
#[cfg(not(target_arch = "wasm32"))]
mod output;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

/// The CLI reads files and starts threads; a wasm32 build of the crate is the web app
/// (`apigw-integration-web`) and its reader module, which is where the core runs there.
#[cfg(target_arch = "wasm32")]
fn main() {
    eprintln!("apigw-integration is a native program; in a browser the core runs in the web app (see README).");
    std::process::exit(2);
}
