//! The docs that are generated or promised by the code: the rules reference is the code's
//! rule table (regenerate with ./scripts/gen-docs), the TypeScript definitions describe the
//! JSON model, and every relative link of the Markdown documents leads somewhere.
#![cfg(not(target_arch = "wasm32"))]

#[test]
fn rules_reference_matches_the_code() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/rules.md")).expect("docs/rules.md");
    let begin = doc.find("<!-- rules:begin -->\n").expect("rules:begin marker") + "<!-- rules:begin -->\n".len();
    let end = doc.find("<!-- rules:end -->").expect("rules:end marker");
    assert!(
        doc[begin..end] == apigw_integration_core::rules::markdown_table(),
        "docs/rules.md's rules table is out of date: run ./scripts/gen-docs"
    );
}

/// The keys the TypeScript definitions declare for an interface of `www/apigw-integration-builder.d.ts`.
fn ts_keys(interface: &str) -> Vec<String> {
    let dts = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../www/apigw-integration-builder.d.ts")).expect("d.ts");
    let head = format!("export interface {interface} {{\n");
    let start = dts.find(&head).unwrap_or_else(|| panic!("no `{head}` in the definitions")) + head.len();
    let body = &dts[start..start + dts[start..].find("\n}").expect("end of interface")];
    let mut keys: Vec<String> = body
        .lines()
        .map(str::trim)
        .filter(|l| !l.starts_with("//") && !l.starts_with("/*") && !l.starts_with('*'))
        .filter_map(|l| l.split_once(['?', ':']).map(|(k, _)| k.trim().to_string()))
        .filter(|k| !k.is_empty())
        .collect();
    keys.sort();
    keys
}

fn json_keys(v: &serde_json::Value) -> Vec<String> {
    let mut keys: Vec<String> = v.as_object().expect("an object").keys().cloned().collect();
    keys.sort();
    keys
}

/// The TypeScript definitions shipped in dist/ describe exactly the JSON model: a field
/// added to the model (or dropped from it) without the definitions fails here.
#[test]
fn typescript_definitions_match_the_json_model() {
    use apigw_integration_core::model::*;
    let v = || Some(Value::str("x"));
    let map = || Some(Map::from_iter([("k", "v")]));
    let full = Integration {
        name: "n".into(),
        protocol: Some(Protocol::Http),
        api_id: v(),
        integration_type: v(),
        connection_id: v(),
        connection_type: v(),
        content_handling_strategy: v(),
        credentials_arn: v(),
        description: v(),
        integration_method: v(),
        integration_subtype: v(),
        integration_uri: v(),
        passthrough_behavior: v(),
        payload_format_version: v(),
        region: v(),
        request_parameters: map(),
        request_templates: map(),
        response_parameters: vec![ResponseParameters { status_code: v(), mappings: map() }],
        template_selection_expression: v(),
        timeout_milliseconds: v(),
        tls_config: Some(TlsConfig { server_name_to_verify: v() }),
        import: Some(ImportTarget {
            api_id: "a".into(),
            integration_id: "b".into(),
            form: ImportForm::Identity,
            provider: Some("aws.west".into()),
            layout: Some(vec![LayoutItem::Attr("to".into())]),
        }),
        verbatim: vec![Verbatim { name: "depends_on".into(), text: "depends_on = []".into() }],
        layout: Some(vec![LayoutItem::Blank]),
        bare_keys: vec!["request_parameters".into()],
        blank_before: vec!["response_parameters[0].mappings".into()],
        commas: vec!["request_templates".into()],
        colons: vec!["request_parameters".into()],
        one_line: vec!["request_templates".into()],
        crlf: true,
        map_layouts: vec![apigw_integration_core::model::MapLayout {
            path: "request_parameters".into(),
            items: vec![LayoutItem::Trailing("# x".into())],
        }],
    };
    let json = serde_json::to_value(&full).expect("json");
    assert_eq!(json_keys(&json), ts_keys("Config"), "Config in www/apigw-integration-builder.d.ts");
    assert_eq!(json_keys(&json["response_parameters"][0]), ts_keys("ResponseParameters"));
    assert_eq!(json_keys(&json["tls_config"]), ts_keys("TlsConfig"));
    assert_eq!(json_keys(&json["import"]), ts_keys("ImportTarget"));
    assert_eq!(json_keys(&json["verbatim"][0]), ts_keys("Verbatim"));
    assert_eq!(json_keys(&json["map_layouts"][0]), ts_keys("MapLayout"));
    let d = serde_json::to_value(
        apigw_integration_core::Diagnostic::new("R-SCH-1", "api_id", "m").at(Some(apigw_integration_core::Pos { line: 1, column: 1 })),
    )
    .expect("json");
    assert_eq!(json_keys(&d), ts_keys("Diagnostic"));
}

/// Architecture (ARCHITECTURE.md): diagnostics are plain data; `src/diag.rs` imports
/// nothing of the crate, so no module circle goes through it.
#[test]
fn diagnostics_are_plain_data() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src/diag.rs")).expect("diag.rs");
    let uses: Vec<&str> = text.lines().filter(|l| l.contains("crate::") || l.contains("super::")).collect();
    assert!(uses.is_empty(), "src/diag.rs refers to the crate: {uses:?}");
}

/// The Markdown documents a reader follows links through: the root's and docs/'s.
fn markdown_documents() -> Vec<std::path::PathBuf> {
    let root = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."));
    let mut docs = Vec::new();
    for dir in [root.to_path_buf(), root.join("docs")] {
        for entry in std::fs::read_dir(&dir).expect("a directory") {
            let path = entry.expect("an entry").path();
            if path.extension().is_some_and(|e| e == "md") {
                docs.push(path);
            }
        }
    }
    docs.sort();
    docs
}

/// A document's lines outside fenced code blocks, with inline code spans blanked, so that
/// links and headings are read as a Markdown renderer reads them.
fn prose_lines(text: &str) -> Vec<String> {
    let mut fenced = false;
    let mut out = Vec::new();
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        let mut kept = String::new();
        let mut in_code = false;
        for c in line.chars() {
            if c == '`' {
                in_code = !in_code;
            }
            kept.push(if in_code { ' ' } else { c });
        }
        out.push(kept);
    }
    out
}

/// GitHub's anchor for a heading: lower case, letters, digits, `-` and `_` kept, spaces as
/// `-`, everything else dropped; a repeated heading gets `-1`, `-2`, ….
fn anchors(text: &str) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    let mut fenced = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        let Some(title) = line.strip_prefix('#').filter(|_| !fenced).map(|t| t.trim_start_matches('#')) else { continue };
        if !title.starts_with(' ') {
            continue;
        }
        let slug: String = title
            .trim()
            .to_lowercase()
            .chars()
            .filter_map(|c| match c {
                ' ' => Some('-'),
                c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
                _ => None,
            })
            .collect();
        let n = seen.iter().filter(|s| **s == slug || s.starts_with(&format!("{slug}-"))).count();
        seen.push(if n == 0 { slug.clone() } else { format!("{slug}-{n}") });
    }
    seen
}

/// Every relative link of the Markdown documents (README.md, ARCHITECTURE.md, docs/, …)
/// names a file that exists, and a `#fragment` names one of its headings: the docs moved
/// between files, and a link left behind fails here.
#[test]
fn every_relative_link_in_the_docs_leads_somewhere() {
    let mut broken = Vec::new();
    for doc in markdown_documents() {
        let text = std::fs::read_to_string(&doc).expect("a document");
        let dir = doc.parent().expect("a folder");
        for line in prose_lines(&text) {
            let mut rest = line.as_str();
            while let Some(at) = rest.find("](") {
                rest = &rest[at + 2..];
                let Some(end) = rest.find(')') else { break };
                let target = &rest[..end];
                rest = &rest[end..];
                if target.contains("://") || target.starts_with("mailto:") {
                    continue;
                }
                let (file, fragment) = target.split_once('#').unwrap_or((target, ""));
                let path = if file.is_empty() { doc.clone() } else { dir.join(file) };
                let name = format!("{}: ({target})", doc.file_name().and_then(|n| n.to_str()).unwrap_or("?"));
                if !path.exists() {
                    broken.push(format!("{name}: no such file"));
                } else if !fragment.is_empty() {
                    let target_text = std::fs::read_to_string(&path).unwrap_or_default();
                    if !anchors(&target_text).iter().any(|a| a == fragment) {
                        broken.push(format!("{name}: no heading with that anchor"));
                    }
                }
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

/// Every repository path the docs name in code (`scripts/size`, `tests/e2e/split.test.mjs`,
/// `src/hcl/escape.rs`, …) exists: a command in the docs that names a moved or removed
/// file fails here. Patterns (`*`) and placeholders (`NAME`) are not paths.
#[test]
fn every_repository_path_the_docs_name_exists() {
    let root = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."));
    let tops = ["scripts/", "tests/", "crates/", "tools/", "www/", "examples/", "docs/", ".ci/"];
    let mut missing = Vec::new();
    for doc in markdown_documents() {
        let text = std::fs::read_to_string(&doc).expect("a document");
        for word in text.split(|c: char| c.is_whitespace() || "`()[]<>\"',;:|=".contains(c)) {
            let word = word.split('#').next().unwrap_or_default().trim_start_matches("./").trim_end_matches(['.', '…']);
            if !tops.iter().any(|t| word.starts_with(t)) || word.contains(['*', '{', '$', '…']) || word.chars().any(|c| c.is_ascii_uppercase())
                // A storage key such as `docs/lambda` is not a path; a page of docs/ has an extension.
                || (word.starts_with("docs/") && !word.contains('.'))
            {
                continue;
            }
            if !root.join(word).exists() {
                missing.push(format!("{}: {word}", doc.file_name().and_then(|n| n.to_str()).unwrap_or("?")));
            }
        }
    }
    missing.sort();
    missing.dedup();
    assert!(missing.is_empty(), "paths named in the docs that do not exist:\n{}", missing.join("\n"));
}
