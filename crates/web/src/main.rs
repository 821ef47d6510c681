//! The web app's entry point (built by Trunk). The CLI is `crates/cli`.

#[cfg(target_arch = "wasm32")]
fn main() {
    use apigw_integration_web::{health, js, reader};
    // Nothing is mounted until someone asks: the module `apigw-integration-builder.js`
    // defines the custom element and `mount()`, and the standalone page calls `mount()`.
    // Panic messages in the console, where a panic has one: not in the shipped build, whose
    // panics are traps (`-Cpanic=immediate-abort`, scripts/build), where the hook would only
    // be dead weight (218 B of brotli).
    #[cfg(not(panic = "immediate-abort"))]
    console_error_panic_hook::set_once();
    js::install();
    // The JS API (and the JS layer's doors: the reader module's, the failure flag's) lives
    // in the library; a binary links only what it references, so name it here to keep
    // every export (and `Instance`'s methods, in the same object) in.
    std::hint::black_box((
        js::validate as fn(_) -> _,
        js::render as fn(_) -> _,
        reader::set_reader as fn(_),
        reader::set_books as fn(_),
        health::halt as fn(),
        health::set_health as fn(_),
        js::set_rest_loader as fn(_),
        js::apigw_load_rest as extern "C" fn(),
        js::presets as fn() -> _,
        js::mount_in_shadow as fn(_, _, _, _) -> _,
        js::prepare as fn() -> _,
    ));
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The web app runs in a browser: build it with `trunk build --release` (see README). The CLI is `apigw-integration`.");
    std::process::exit(2);
}
