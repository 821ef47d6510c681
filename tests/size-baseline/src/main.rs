//! An empty Leptos CSR page: one paragraph, mounted to the body (wasm32 only; natively, the
//! workspace's `cargo test` and `cargo clippy` see an empty program).

#[cfg(target_arch = "wasm32")]
fn main() {
    use leptos::prelude::*;
    leptos::mount::mount_to_body(|| view! { <p>"empty"</p> });
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}
