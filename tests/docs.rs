//! The README's rules reference is the code's rule table (regenerate with ./scripts/gen-docs).
#![cfg(not(target_arch = "wasm32"))]

#[test]
fn readme_rules_table_matches_the_code() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README");
    let begin = readme.find("<!-- rules:begin -->\n").expect("rules:begin marker") + "<!-- rules:begin -->\n".len();
    let end = readme.find("<!-- rules:end -->").expect("rules:end marker");
    assert!(
        readme[begin..end] == apigw_integration_builder::rules::markdown_table(),
        "README.md's rules table is out of date: run ./scripts/gen-docs"
    );
}
