//! A tree of 10,000 .tf files (1,000 configurations of 10 files, about 10 MB): writes it to
//! target/bench/tree (once; scripts/bench times the release CLI on it), then parses every
//! file with this project's parser and with HashiCorp's (`hclsyntax.ParseConfig`, in the
//! oracle, tests/oracle) in the same run, and prints both and their ratio.
//!
//!     cargo bench --bench tree

#[path = "common/corpus.rs"]
mod corpus;

use apigw_integration_core::hcl;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

const CONFIGURATIONS: usize = 1_000;
const FILES_PER_CONFIGURATION: usize = 10;

/// Writes the tree (if it is not there yet) and returns its files.
fn tree(root: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for c in 0..CONFIGURATIONS {
        let dir = root.join(format!("c{c:04}"));
        let websocket = c % 5 == 0;
        let api = format!("api{c}");
        let mut texts = vec![("api.tf".to_string(), corpus::api(&api, websocket))];
        for f in 1..FILES_PER_CONFIGURATION {
            let mut text = String::new();
            for n in 0..(1 + (c + f) % 2) {
                text.push_str(&corpus::integration(c * 20 + f * 2 + n, &api, websocket));
                text.push('\n');
            }
            texts.push((format!("i{f}.tf"), text));
        }
        for (name, text) in texts {
            let path = dir.join(name);
            if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
                std::fs::create_dir_all(&dir).expect("create the tree");
                std::fs::write(&path, text).expect("write the tree");
            }
            files.push(path);
        }
    }
    files
}

/// The median of 7 runs of `f`, in seconds.
fn median(mut f: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..7)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64()
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/bench/tree");
    let files = tree(&root);
    let texts: Vec<String> = files.iter().map(|f| std::fs::read_to_string(f).expect("read")).collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let mb = bytes as f64 / 1e6;
    println!("tree: {} files, {} configurations, {bytes} bytes, in {}", files.len(), CONFIGURATIONS, root.display());

    let mut errors = 0;
    let ours = median(|| errors = texts.iter().filter(|t| hcl::syntax::parse_body(t).is_err()).count());
    assert_eq!(errors, 0, "every generated file parses");
    let models = median(|| {
        std::hint::black_box(texts.iter().map(|t| hcl::parse(t).integrations.len()).sum::<usize>());
    });
    println!("{:<58} {:>8.1} ms  {:>6.1} MB/s", "this project: syntax tree of every file (one thread)", ours * 1e3, mb / ours);
    println!("{:<58} {:>8.1} ms  {:>6.1} MB/s", "this project: models of every file (one thread)", models * 1e3, mb / models);

    let oracle = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/hcloracle");
    let built = Command::new("bash")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/oracle/build.sh"))
        .arg(&oracle)
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !built {
        println!("HashiCorp's parser: the oracle could not be built (tests/oracle/build.sh), no comparison");
        return;
    }
    let list: String = files.iter().map(|f| format!("{}\n", f.display())).collect();
    let mut child = Command::new(&oracle).arg("parsebench").stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().expect("oracle");
    std::io::Write::write_all(&mut child.stdin.take().expect("stdin"), list.as_bytes()).expect("write");
    let out = child.wait_with_output().expect("oracle output");
    let report = String::from_utf8_lossy(&out.stdout);
    let number = |key: &str| -> f64 {
        report
            .split(&format!("\"{key}\": "))
            .nth(1)
            .and_then(|r| r.split([',', '}']).next())
            .and_then(|n| n.trim().parse::<f64>().ok())
            .unwrap_or(f64::NAN)
    };
    let go = number("median_ns") / 1e9;
    assert_eq!(number("errors"), 0.0, "HashiCorp's parser reads every file: {report}");
    println!("{:<58} {:>8.1} ms  {:>6.1} MB/s", "HashiCorp hclsyntax.ParseConfig (Go 1.19, one thread)", go * 1e3, mb / go);
    println!("ratio (HashiCorp's time / ours, syntax tree): {:.2}", go / ours);
}
