//! The files the CLI reads and writes: which `.tf` files a path means, bounded reads of
//! regular files only, and `--fix`'s writes, each one whole or not at all.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// The most one input may hold (a file, or standard input): 16 MiB, far more than any
/// Terraform file, so that memory stays bounded whatever a path points to.
pub const MAX_INPUT: u64 = 16 << 20;

/// The most a saved plan's JSON may hold (`check --plan`): 128 MiB. A plan repeats every
/// resource several times (before, after, planned values, configuration), so a large
/// configuration's plan outgrows [`MAX_INPUT`]; read, it takes about ten times its size.
pub const MAX_PLAN: u64 = 128 << 20;

/// How a limit is said in messages.
fn mib(max: u64) -> String {
    format!("{} MiB", max >> 20)
}

/// What the paths given to `check` mean.
pub struct Found {
    /// The .tf files, grouped by directory (one configuration each), sorted.
    pub groups: Vec<(PathBuf, Vec<PathBuf>)>,
}

/// The .tf files under the given paths. A file given by name is always taken. A directory
/// is walked recursively (the `ignore` crate): hidden directories are skipped, and so are
/// links to directories (a link could make the walk endless) and the directories that
/// `.gitignore` (inside a git repository), `.git/info/exclude`, the global git excludes and
/// `.ignore` files exclude, as git would. In each directory walked, every `.tf` file is
/// taken, ignored or not: Terraform reads them all (GitHub's `.gitignore` template for
/// Terraform ignores `override.tf` and `*_override.tf`, which change what Terraform plans),
/// and a check must see the configuration Terraform sees. A `.tf` file that is a link is
/// listed (and read through).
pub fn collect(paths: &[String]) -> Result<Found, String> {
    let mut files = Vec::new();
    let mut walked_dirs = Vec::new();
    for p in paths {
        let path = Path::new(p);
        let meta = std::fs::metadata(path).map_err(|e| format!("cannot read {p}: {e}"))?;
        if meta.is_dir() {
            walk(path, &mut files, &mut walked_dirs).map_err(|e| format!("cannot read {p}: {e}"))?;
        } else {
            files.push(path.to_path_buf());
        }
    }
    walked_dirs.sort();
    walked_dirs.dedup();
    for dir in &walked_dirs {
        // A directory whose listing fails now was listed a moment ago: nothing to add.
        let Ok(listing) = std::fs::read_dir(dir) else { continue };
        for entry in listing.flatten() {
            let tf = entry.file_name().to_string_lossy().ends_with(".tf");
            if tf && !entry.file_type().is_ok_and(|t| t.is_dir()) {
                files.push(entry.path());
            }
        }
    }
    files.sort();
    files.dedup();
    let mut groups: std::collections::BTreeMap<PathBuf, Vec<PathBuf>> = std::collections::BTreeMap::new();
    for f in files {
        groups.entry(f.parent().map(Path::to_path_buf).unwrap_or_default()).or_default().push(f);
    }
    Ok(Found { groups: groups.into_iter().collect() })
}

/// Adds the .tf files under `root` to `out`, and the directories walked to `dirs` (the
/// walk is iterative: a deep tree cannot overflow the stack).
fn walk(root: &Path, out: &mut Vec<PathBuf>, dirs: &mut Vec<PathBuf>) -> Result<(), ignore::Error> {
    let hidden_dir = |e: &ignore::DirEntry| {
        e.depth() > 0 && e.file_type().is_some_and(|t| t.is_dir()) && e.file_name().to_string_lossy().starts_with('.')
    };
    let walker = ignore::WalkBuilder::new(root).hidden(false).filter_entry(move |e| !hidden_dir(e)).build();
    for entry in walker {
        let entry = entry?;
        if entry.file_type().is_some_and(|t| t.is_dir()) {
            dirs.push(entry.into_path());
        } else if entry.file_name().to_string_lossy().ends_with(".tf") {
            out.push(entry.into_path());
        }
    }
    Ok(())
}

/// What a file that is not regular is, for a message.
fn kind(meta: &std::fs::Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    "not a regular file"
}

/// Reads at most `max` bytes of UTF-8 text; `label` names the input in messages.
fn read_bounded(r: impl Read, label: &str, max: u64) -> Result<String, String> {
    let mut bytes = Vec::new();
    r.take(max + 1).read_to_end(&mut bytes).map_err(|e| format!("cannot read {label}: {e}"))?;
    if bytes.len() as u64 > max {
        return Err(format!("cannot read {label}: it holds more than {}, the most one input may have", mib(max)));
    }
    String::from_utf8(bytes).map_err(|_| format!("cannot read {label}: it is not UTF-8 text"))
}

/// Reads a regular file (through a link), refusing anything else: a FIFO would block, a
/// device such as `/dev/zero` would never end.
pub fn read_file(path: &Path) -> Result<String, String> {
    read_file_max(path, MAX_INPUT)
}

/// [`read_file`] with another bound.
fn read_file_max(path: &Path, max: u64) -> Result<String, String> {
    let label = path.display().to_string();
    let refuse = |meta: &std::fs::Metadata| format!("cannot read {label}: it is {}; only regular files are read", kind(meta));
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read {label}: {e}"))?;
    if !meta.is_file() {
        return Err(refuse(&meta));
    }
    if meta.len() > max {
        return Err(format!("cannot read {label}: it is {} bytes, more than the {} one input may have", meta.len(), mib(max)));
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    // Opened without blocking: were the file replaced by a FIFO since it was looked at,
    // opening it would otherwise wait for a writer forever.
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(|e| format!("cannot read {label}: {e}"))?;
    let meta = file.metadata().map_err(|e| format!("cannot read {label}: {e}"))?;
    if !meta.is_file() {
        return Err(refuse(&meta));
    }
    read_bounded(file, &label, max)
}

/// Reads a path given on the command line (`-` is standard input).
pub fn read(path: &str) -> Result<String, String> {
    read_max(path, MAX_INPUT)
}

/// [`read`] with another bound ([`MAX_PLAN`] for a plan).
pub fn read_max(path: &str, max: u64) -> Result<String, String> {
    if path == "-" { read_bounded(std::io::stdin().lock(), "standard input", max) } else { read_file_max(Path::new(path), max) }
}

/// Whether `--fix` may replace a file.
pub enum Writable {
    Yes,
    /// Left as it is, for the reason given (the run goes on).
    Skip(String),
    /// The run stops before writing anything, for the reason given.
    No(String),
}

/// Decides whether `--fix` may replace `path`. A link is never written through: its target
/// may lie outside the tree being fixed or be linked from other places, and replacing the
/// link with a file would cut it; the file it points to is fixed when it is checked itself.
/// A file with several hard links is left alone too (replacing it would leave the other
/// names with the old text), and a read-only file stops the run: it was made so on purpose.
pub fn writable(path: &Path) -> Writable {
    let label = path.display();
    match std::fs::symlink_metadata(path) {
        Err(e) => Writable::No(format!("cannot write {label}: {e}")),
        Ok(m) if m.file_type().is_symlink() => {
            Writable::Skip("it is a symbolic link, and --fix never writes through one (run it on the file the link points to)".into())
        }
        Ok(m) if !m.is_file() => Writable::No(format!("cannot write {label}: it is {}", kind(&m))),
        Ok(m) if m.permissions().readonly() => {
            Writable::No(format!("cannot fix {label}: it is read-only; make it writable, or leave it out, and run again"))
        }
        Ok(m) => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::MetadataExt;
                if m.nlink() > 1 {
                    return Writable::Skip(format!(
                        "it has {} hard links, and replacing it would leave the other names with the old text",
                        m.nlink()
                    ));
                }
            }
            let _ = m;
            Writable::Yes
        }
    }
}

/// Where the new text of `path` is written before it is renamed over it: beside it (a
/// rename within one directory is atomic), hidden, and not ending in `.tf`, so that no
/// walk reads it. A run killed between writing and renaming leaves it; the next `--fix`
/// over that file removes it.
pub fn temp_path(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    // A file name has at most 255 bytes; the temporary name adds 23.
    let mut end = name.len().min(200);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    path.with_file_name(format!(".{}.apigw-integration.tmp", &name[..end]))
}

/// Removes what a killed run left beside `path`, if anything.
pub fn remove_stale(path: &Path) {
    let tmp = temp_path(path);
    if std::fs::symlink_metadata(&tmp).is_ok_and(|m| !m.is_dir()) {
        let _ = std::fs::remove_file(&tmp);
    }
}

/// Replaces the contents of `path` with `bytes`, whole or not at all: written to a
/// temporary file in the same directory, flushed to disk, given the file's mode (and owner,
/// where the system allows), then renamed over it. On any error the temporary file is
/// removed and `path` is as it was.
pub fn replace(path: &Path, expected: &[u8], bytes: &[u8]) -> Result<(), String> {
    let label = path.display();
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot write {label}: {e}"))?;
    let tmp = temp_path(path);
    remove_stale(path);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let file = options.open(&tmp).map_err(|e| format!("cannot write {label}: cannot create its temporary file {}: {e}", tmp.display()))?;
    if let Err(e) = fill_and_rename(file, bytes, &meta, &tmp, path, expected) {
        let _ = std::fs::remove_file(&tmp);
        return Err(format!("cannot write {label}: {e}"));
    }
    // The rename is durable once the directory is flushed too (best effort: not every
    // system can open a directory for that).
    #[cfg(unix)]
    if let Some(dir) = path.parent().map(|d| if d.as_os_str().is_empty() { Path::new(".") } else { d })
        && let Ok(d) = std::fs::File::open(dir)
    {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Writes `bytes` to `path` whole or not at all (a file the CLI makes itself, such as a
/// baseline): written to a temporary file beside it, flushed, given the mode of the file it
/// replaces (if any), and renamed over it. A link is followed: the file it points to is
/// replaced and the link stays.
pub fn write_whole(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let label = path.display();
    let target = match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => std::fs::canonicalize(path).map_err(|e| format!("cannot write {label}: {e}"))?,
        _ => path.to_path_buf(),
    };
    let meta = std::fs::metadata(&target).ok();
    if let Some(m) = meta.as_ref().filter(|m| !m.is_file()) {
        return Err(format!("cannot write {label}: it is {}", kind(m)));
    }
    let tmp = temp_path(&target);
    remove_stale(&target);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    let mut file =
        options.open(&tmp).map_err(|e| format!("cannot write {label}: cannot create its temporary file {}: {e}", tmp.display()))?;
    let done = file
        .write_all(bytes)
        .and_then(|()| meta.map_or(Ok(()), |m| file.set_permissions(m.permissions())))
        .and_then(|()| file.sync_all())
        .and_then(|()| {
            drop(file);
            std::fs::rename(&tmp, &target)
        });
    if let Err(e) = done {
        let _ = std::fs::remove_file(&tmp);
        return Err(format!("cannot write {label}: {e}"));
    }
    Ok(())
}

/// Writes the temporary file (it is closed when this returns), gives it the original's
/// owner and mode, flushes it to disk and renames it over `path` — unless `path` no longer
/// holds `expected` (the text the fixes were computed from): someone saved it while the
/// run worked, and their edit must not be overwritten.
fn fill_and_rename(
    mut file: std::fs::File,
    bytes: &[u8],
    meta: &std::fs::Metadata,
    tmp: &Path,
    path: &Path,
    expected: &[u8],
) -> std::io::Result<()> {
    file.write_all(bytes)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // Keeping the owner needs the right to give files away (root, usually); without
        // it the new file is the writer's, as any editor's would be.
        let _ = std::os::unix::fs::fchown(&file, Some(meta.uid()), Some(meta.gid()));
    }
    // After the owner: changing it can clear the set-user-ID and set-group-ID bits.
    file.set_permissions(meta.permissions())?;
    file.sync_all()?;
    let now = read_file(path).map_err(std::io::Error::other)?;
    if now.as_bytes() != expected {
        return Err(std::io::Error::other("it changed while --fix ran (its fixes were computed from the text before): run --fix again"));
    }
    std::fs::rename(tmp, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file saved by someone else after the run read it is left as they saved it, and no
    /// temporary file is left beside it; an unchanged file is replaced.
    #[test]
    fn an_edit_made_while_fix_runs_is_not_overwritten() {
        let dir = std::env::temp_dir().join(format!("apigw-replace-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("mkdir");
        let path = dir.join("main.tf");
        std::fs::write(&path, "edited meanwhile\n").expect("write");
        let e = replace(&path, b"as read\n", b"fixed\n").expect_err("refused");
        assert!(e.contains("changed while --fix ran"), "{e}");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "edited meanwhile\n");
        assert!(!temp_path(&path).exists(), "no temporary file left");
        replace(&path, b"edited meanwhile\n", b"fixed\n").expect("replaced");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "fixed\n");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
