//! The build survives a wasm-bindgen update (ARCHITECTURE.md, CONTRIBUTING.md): the
//! workspace's Cargo.lock is the one pin of its version. Trunk and scripts/setup read it
//! from there; a second pin (an exact requirement in a manifest, a `wasm_bindgen` version in
//! a Trunk.toml, the lockfile of another Trunk project that resolves it) would need its own change, or would
//! stop the build, when the lock moves.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every file of the repository named `name` (build output and installed packages aside).
fn files_named(name: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut dirs = vec![root()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("reads a folder").flatten() {
            let path = entry.path();
            let file = entry.file_name();
            if path.is_dir() {
                if !["target", "node_modules", "dist", ".git"].iter().any(|skip| file == *skip) {
                    dirs.push(path);
                }
            } else if file == name {
                out.push(path);
            }
        }
    }
    out
}

/// The second pins of wasm-bindgen in one file's text, as its lines (empty: none).
fn second_pins(file_name: &str, text: &str) -> Vec<String> {
    let lines = text.lines().map(str::trim).filter(|l| !l.starts_with('#'));
    match file_name {
        // `wasm-bindgen = "=0.2.x"` or `wasm-bindgen = { version = "=0.2.x", … }`.
        "Cargo.toml" => lines
            .filter(|l| l.starts_with("wasm-bindgen ") || l.starts_with("wasm-bindgen="))
            .filter(|l| l.contains("\"="))
            .map(String::from)
            .collect(),
        // Trunk's `[tools] wasm_bindgen = "0.2.x"`.
        "Trunk.toml" => lines.filter(|l| l.starts_with("wasm_bindgen")).map(String::from).collect(),
        // Another lockfile that resolves wasm-bindgen.
        "Cargo.lock" => lines.filter(|l| *l == "name = \"wasm-bindgen\"").map(String::from).collect(),
        _ => Vec::new(),
    }
}

#[test]
fn wasm_bindgen_is_pinned_once_by_the_workspace_lock() {
    let root_lock = root().join("Cargo.lock").canonicalize().expect("the workspace's Cargo.lock");
    assert!(!second_pins("Cargo.lock", &std::fs::read_to_string(&root_lock).expect("reads it")).is_empty(), "the lock resolves it");
    let mut found = Vec::new();
    for name in ["Cargo.toml", "Trunk.toml", "Cargo.lock"] {
        let files = files_named(name);
        assert!(!files.is_empty(), "no {name} found under {}", root().display());
        for path in files {
            if path.canonicalize().ok().as_ref() == Some(&root_lock) {
                continue;
            }
            // A lockfile pins the wasm-bindgen of a web build only beside a Trunk project
            // (crates/core/fuzz's, a native build, resolves it unused).
            if name == "Cargo.lock" && !path.with_file_name("Trunk.toml").exists() {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("reads a build file");
            found.extend(second_pins(name, &text).into_iter().map(|l| format!("{}: {l}", path.display())));
        }
    }
    assert!(found.is_empty(), "wasm-bindgen is pinned beside the workspace's Cargo.lock:\n{}", found.join("\n"));
}

#[test]
fn second_pins_are_seen() {
    assert_eq!(second_pins("Cargo.toml", "wasm-bindgen = \"=0.2.130\"\nwasm-bindgen-futures = \"=0.4\"\n").len(), 1);
    assert_eq!(second_pins("Cargo.toml", "wasm-bindgen = { version = \"=0.2.130\" }\n").len(), 1);
    assert!(second_pins("Cargo.toml", "wasm-bindgen = \"0.2\"\nwasm-bindgen.workspace = true\n").is_empty());
    assert_eq!(second_pins("Trunk.toml", "[tools]\nwasm_bindgen = \"0.2.130\"\n# wasm_bindgen = \"x\"\n").len(), 1);
    assert_eq!(second_pins("Cargo.lock", "[[package]]\nname = \"wasm-bindgen\"\n").len(), 1);
}
