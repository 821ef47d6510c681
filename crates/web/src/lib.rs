//! The web face of the builder: the Leptos form ([`ui`]) and the JavaScript API for
//! embedding ([`js`]), over the pure core (`apigw_integration_core`). Browser only: a native
//! build of this crate is empty, so the workspace's native `cargo test` and clippy pass over
//! it; Trunk builds the binary (`src/main.rs`) for wasm32.

/// The web app.
#[cfg(target_arch = "wasm32")]
pub mod ui;

/// The JavaScript API for embedding.
#[cfg(target_arch = "wasm32")]
pub mod js;

/// The door to the reader module, which the form reads pasted text and the rule table through.
#[cfg(target_arch = "wasm32")]
pub mod reader;

/// Whether the builder stopped after a failure in the wasm (nothing more is saved).
#[cfg(target_arch = "wasm32")]
pub mod health;
