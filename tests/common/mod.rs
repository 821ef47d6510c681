//! Shared test helpers: proptest strategies for models, and the HCL oracle.
#![allow(dead_code)]

use apigw_integration_builder::model::{ImportForm, ImportTarget, Integration, Map, Protocol, ResponseParameters, TlsConfig, Value};
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
            for (slot, v) in apigw_integration_builder::model::SCALAR_ARGS.iter().zip(scalars) {
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
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
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
