//! The web app's entry point (built by Trunk). The CLI is `src/bin/apigw-integration.rs`.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(apigw_integration_builder::ui::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The web app runs in a browser: build it with `trunk build --release` (see README). The CLI is `apigw-integration`.");
    std::process::exit(2);
}
