//! Terraform references (`aws_lambda_function.example.invoke_arn`, `var.x`,
//! `aws_sqs_queue.q[0].url`): recognising them in typed text and reading what they
//! point at, so that rules can judge a reference by the resource type it names.

/// A parsed reference: the root name and the attribute/index steps after it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference<'a> {
    /// The first name: `var`, `local`, `data`, `module`, or a resource type.
    pub root: &'a str,
    /// The attribute names after the root, in order (index steps are skipped).
    pub attrs: Vec<&'a str>,
}

impl Reference<'_> {
    /// The resource type this reference points into (`aws_lambda_function`), for
    /// managed resources and data sources; `None` for `var`, `local`, `module` and the like.
    pub fn resource_type(&self) -> Option<&str> {
        match self.root {
            "data" => self.attrs.first().copied(),
            "var" | "local" | "module" | "each" | "count" | "path" | "terraform" | "self" => None,
            other => Some(other),
        }
    }

    /// The last attribute name (`invoke_arn`, `id`).
    pub fn last_attr(&self) -> Option<&str> {
        self.attrs.last().copied()
    }
}

/// Whether `c` may start an HCL identifier.
fn ident_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

/// Whether `c` may continue an HCL identifier.
fn ident_continue(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-'
}

/// Whether `s` is a valid HCL identifier (and so a valid Terraform resource name,
/// except that Terraform further requires an ASCII letter or underscore first).
pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if ident_start(c)) && chars.all(ident_continue)
}

/// Whether `s` is a valid Terraform resource name: ASCII letter or underscore first,
/// then ASCII letters, digits, underscores and dashes.
pub fn is_resource_name(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty() && (b[0].is_ascii_alphabetic() || b[0] == b'_') && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'_' || *c == b'-')
}

/// Parses a plain traversal: `root(.name | [number] | ["string"] | [*] | .*)+`.
/// Returns `None` for anything else (a literal, a function call, a template).
pub fn parse(text: &str) -> Option<Reference<'_>> {
    let s = text.trim();
    let end = s.find(|c: char| !ident_continue(c)).unwrap_or(s.len());
    let root = &s[..end];
    if !is_identifier(root) {
        return None;
    }
    let mut attrs = Vec::new();
    let mut rest = &s[end..];
    if rest.is_empty() {
        return None;
    }
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('.') {
            if let Some(r2) = r.strip_prefix('*') {
                rest = r2;
                continue;
            }
            let end = r.find(|c: char| !ident_continue(c)).unwrap_or(r.len());
            let name = &r[..end];
            if !is_identifier(name) {
                return None;
            }
            attrs.push(name);
            rest = &r[end..];
        } else if let Some(r) = rest.strip_prefix('[') {
            let close = index_end(r)?;
            rest = &r[close + 1..];
        } else {
            return None;
        }
    }
    Some(Reference { root, attrs })
}

/// The byte offset of the `]` closing an index step whose text starts at `r`.
fn index_end(r: &str) -> Option<usize> {
    if let Some(body) = r.strip_prefix('"') {
        let mut escaped = false;
        for (i, c) in body.char_indices() {
            match c {
                '\\' if !escaped => escaped = true,
                '"' if !escaped => {
                    return body[i + 1..].starts_with(']').then_some(i + 2);
                }
                _ => escaped = false,
            }
        }
        return None;
    }
    let close = r.find(']')?;
    let inner = &r[..close];
    (inner == "*" || (!inner.is_empty() && inner.bytes().all(|b| b.is_ascii_digit()))).then_some(close)
}

/// Whether typed text looks like a Terraform reference rather than a literal: a plain
/// traversal whose root is `var`, `local`, `data`, `module`, `each`, `count`, `path`,
/// `terraform` or a resource type (a name with a provider prefix, such as `aws_…`).
/// `example.com` and `$request.body.x` are literals.
pub fn looks_like_reference(text: &str) -> bool {
    let Some(r) = parse(text) else { return false };
    let root_ok = matches!(r.root, "var" | "local" | "data" | "module" | "each" | "count" | "path" | "terraform")
        || (r.root.contains('_') && r.root.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'));
    root_ok && !r.attrs.is_empty() && (r.root != "data" || r.attrs.len() >= 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_references() {
        for s in [
            "aws_lambda_function.example.invoke_arn",
            "var.x",
            "local.x",
            "data.aws_iam_role.r.arn",
            "module.m.out",
            "aws_sqs_queue.q[0].url",
            "aws_sqs_queue.q[\"a\"].url",
            "aws_sqs_queue.q[*].url",
            "each.value",
        ] {
            assert!(looks_like_reference(s), "{s}");
        }
        for s in [
            "example.com",
            "$request.body.x",
            "arn:aws:iam::123456789012:role/x",
            "https://example.com",
            "MOCK",
            "var",
            "data.x",
            "1.0",
            "foo(bar)",
            "aws_x.y[",
            "",
        ] {
            assert!(!looks_like_reference(s), "{s}");
        }
    }

    #[test]
    fn reads_resource_types() {
        let r = parse("data.aws_iam_role.r.arn").unwrap();
        assert_eq!(r.resource_type(), Some("aws_iam_role"));
        let r = parse("aws_lb_listener.l.arn").unwrap();
        assert_eq!((r.resource_type(), r.last_attr()), (Some("aws_lb_listener"), Some("arn")));
        assert_eq!(parse("var.x").unwrap().resource_type(), None);
    }

    #[test]
    fn resource_names() {
        assert!(is_resource_name("example"));
        assert!(is_resource_name("_a-b_1"));
        assert!(!is_resource_name("1abc"));
        assert!(!is_resource_name("a.b"));
        assert!(!is_resource_name(""));
        assert!(!is_resource_name("é"));
    }
}
