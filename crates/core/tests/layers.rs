//! The workspace's layers hold (ARCHITECTURE.md, "Code map"): the core crate depends on
//! nothing of a browser, and no crate's modules import each other in a circle.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The workspace's root (this crate is `crates/core`).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The core's dependency tree, on every target, holds no browser binding: the core is
/// pure, and the faces (`crates/web`, `crates/reader`) bring the browser in.
#[test]
fn the_core_depends_on_nothing_of_a_browser() {
    let out = Command::new(env!("CARGO"))
        .current_dir(root())
        .args(["tree", "--offline", "--locked", "-p", "apigw-integration-core", "-e", "normal", "--target", "all", "--prefix", "none"])
        .output()
        .expect("runs cargo tree");
    let tree = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "cargo tree failed: {}", String::from_utf8_lossy(&out.stderr));
    assert!(tree.starts_with("apigw-integration-core v"), "{tree}");
    let browser = ["leptos", "web-sys", "wasm-bindgen", "js-sys", "gloo", "wasm-bindgen-futures", "console_error_panic_hook"];
    let found: BTreeSet<&str> = tree.lines().filter_map(|l| l.split(' ').next()).filter(|name| browser.contains(name)).collect();
    assert!(found.is_empty(), "the core crate depends on {found:?}:\n{tree}");
}

/// `text` without its `#[cfg(test)] mod … { … }` blocks (tests may use any module) and
/// without line comments (doc links name modules without importing them).
fn code_of(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        let Some(open) = after.find('{') else { break };
        if !after[..open].contains("mod ") {
            // A test-only item that is not a module: skip the attribute only.
            out.push_str("#[cfg(test)]");
            rest = &after["#[cfg(test)]".len()..];
            continue;
        }
        let mut depth = 0usize;
        let mut end = after.len();
        for (n, c) in after.char_indices().skip_while(|&(n, _)| n < open) {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = n + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out.lines().map(|l| l.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n")
}

/// The modules a piece of code names through `crate::` (`crate::hcl::…`, `use crate::{a, b::c}`).
fn named_modules(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let ident = |s: &str| s.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect::<String>();
    for (n, _) in code.match_indices("crate::") {
        let after = &code[n + "crate::".len()..];
        if let Some(group) = after.strip_prefix('{') {
            // The group's items at its own level: `{a::{b, c}, d}` names `a` and `d`.
            let mut depth = 0usize;
            let mut item_start = 0;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        out.insert(ident(group[item_start..i].trim()));
                        break;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        out.insert(ident(group[item_start..i].trim()));
                        item_start = i + 1;
                    }
                    _ => {}
                }
            }
        } else {
            out.insert(ident(after));
        }
    }
    out.remove("");
    out
}

/// How deep the module of a file under `src/` is: 1 for `a.rs` and `a/mod.rs`, 2 for `a/b.rs`.
fn module_depth(rel: &Path) -> usize {
    let components = rel.components().count();
    if rel.file_name().is_some_and(|f| f == "mod.rs") { components - 1 } else { components }
}

/// Each top-level module of a crate's `src/` (a file, or a folder with its files) and the
/// other top-level modules its code names.
fn module_graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    let mut dirs = vec![src.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("reads src").flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    let module_of = |path: &Path| {
        let rel = path.strip_prefix(src).expect("under src");
        let first = rel.components().next().expect("a file").as_os_str().to_string_lossy().into_owned();
        first.strip_suffix(".rs").unwrap_or(&first).to_string()
    };
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for path in &files {
        let module = module_of(path);
        if module == "lib" || module == "main" || module == "bin" {
            continue;
        }
        graph.entry(module.clone()).or_default();
        let mut code = code_of(&std::fs::read_to_string(path).expect("reads a source file"));
        // `super::` as many times as the file's module is deep is the crate's root: once in
        // `a.rs` or `a/mod.rs`, twice in `a/b.rs`, three times in `a/b/c.rs`. (Fewer stay
        // within the top-level module.)
        code = code.replace(&"super::".repeat(module_depth(path.strip_prefix(src).expect("under src"))), "crate::");
        graph.entry(module.clone()).or_default().extend(named_modules(&code).into_iter().filter(|m| *m != module));
    }
    // Only modules are nodes: `crate::MAX_INPUT`, a macro or a re-export at the root is not.
    let modules: BTreeSet<String> = graph.keys().cloned().collect();
    for targets in graph.values_mut() {
        targets.retain(|t| modules.contains(t));
    }
    graph
}

/// A circle in the graph, as the modules along it, if there is one.
fn circle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    // Depth-first search with the path kept; the graphs are small (tens of modules).
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|p| p == node) {
            let mut found = path[at..].to_vec();
            found.push(node.to_string());
            return Some(found);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(found) = visit(next, graph, path, done) {
                return Some(found);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph.keys().find_map(|node| visit(node, graph, &mut Vec::new(), &mut done))
}

/// No crate's top-level modules import each other in a circle (test modules aside): each
/// crate is layers, so a module can be read, tested and moved with what it stands on.
#[test]
fn no_module_imports_another_in_a_circle() {
    let crates = root().join("crates");
    let mut checked = 0;
    for entry in std::fs::read_dir(&crates).expect("reads crates/").flatten() {
        let src = entry.path().join("src");
        if !src.is_dir() {
            continue;
        }
        let graph = module_graph(&src);
        checked += graph.len();
        if let Some(found) = circle(&graph) {
            panic!("modules of {} import each other in a circle: {}", src.display(), found.join(" -> "));
        }
    }
    assert!(checked > 20, "the module graphs were read ({checked} modules)");
}

#[test]
fn the_circle_finder_finds_circles() {
    let graph = |edges: &[(&str, &str)]| {
        let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (a, b) in edges {
            g.entry(a.to_string()).or_default().insert(b.to_string());
            g.entry(b.to_string()).or_default();
        }
        g
    };
    assert_eq!(circle(&graph(&[("a", "b"), ("b", "c"), ("a", "c")])), None);
    assert_eq!(circle(&graph(&[("a", "b"), ("b", "c"), ("c", "a")])), Some(vec!["a".into(), "b".into(), "c".into(), "a".into()]));
    let code =
        code_of("use crate::{hcl, rules::x};\n// crate::ui\nfn f() { crate::eval::y() }\n#[cfg(test)]\nmod tests { use crate::js; }\n");
    assert_eq!(named_modules(&code), ["eval", "hcl", "rules"].into_iter().map(String::from).collect());
    assert_eq!((module_depth(Path::new("a.rs")), module_depth(Path::new("a/mod.rs"))), (1, 1));
    assert_eq!((module_depth(Path::new("a/b.rs")), module_depth(Path::new("a/b/c.rs"))), (2, 3));
    // A nested group hides none of the items after it.
    assert_eq!(named_modules("use crate::{hcl::{a, b}, rules};"), ["hcl", "rules"].into_iter().map(String::from).collect());
    assert_eq!(
        named_modules("use crate::{\n    eval,\n    hcl::{x, y::{z}},\n    js::w,\n};"),
        ["eval", "hcl", "js"].into_iter().map(String::from).collect()
    );
}

/// A circle closed through `super::` is found: from `b/mod.rs` (`super::` is the root) and
/// from `b/c.rs` (`super::super::`).
#[test]
fn a_circle_through_super_is_found() {
    let src = std::env::temp_dir().join(format!("layers-super-{}", std::process::id()));
    let write = |rel: &str, text: &str| {
        let path = src.join(rel);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("makes the folder");
        std::fs::write(path, text).expect("writes the file");
    };
    write("lib.rs", "mod a;\nmod b;\n");
    write("a.rs", "use crate::b::x;\n");
    write("b/mod.rs", "mod c;\n");
    write("b/c.rs", "use super::super::a::y;\nuse super::d;\n");
    let from_c = circle(&module_graph(&src));
    write("b/c.rs", "use super::d;\n");
    write("b/mod.rs", "mod c;\nuse super::a::y;\n");
    let from_mod = circle(&module_graph(&src));
    write("b/mod.rs", "mod c;\n");
    let none = circle(&module_graph(&src));
    std::fs::remove_dir_all(&src).expect("removes the folder");
    let a_b_a = Some(vec!["a".to_string(), "b".into(), "a".into()]);
    assert_eq!((from_c, from_mod, none), (a_b_a.clone(), a_b_a, None));
}
