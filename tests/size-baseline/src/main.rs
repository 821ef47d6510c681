//! An empty Leptos CSR page: one paragraph, mounted to the body.
use leptos::prelude::*;

fn main() {
    leptos::mount::mount_to_body(|| view! { <p>"empty"</p> });
}
