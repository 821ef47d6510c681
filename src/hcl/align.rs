//! `terraform fmt`'s alignment of `=` (hclwrite's `format.go` rule, re-implemented):
//! a line is an *assign line* when its first `=` that is not the line's first token is
//! followed, up to the end of the line, by a net-zero count of brackets (`{ [ ( ${ %{`
//! open, `} ] )` close). A maximal run of assign lines is a chain; in a chain every `=`
//! sits one column after the widest lead (indent + key), widths in grapheme clusters.
//! A heredoc belongs to the line that opens it.

use unicode_segmentation::UnicodeSegmentation;

/// What the scanner found on one physical line.
struct Scan {
    /// Byte offset of the assignment `=`, if this is an assign line.
    eq: Option<usize>,
    /// The marker of a heredoc opened on this line (`EOT`), if any.
    heredoc: Option<String>,
}

fn scan(line: &str) -> Scan {
    let b = line.as_bytes();
    let mut i = 0;
    // Skip indentation; the first token cannot be the assignment.
    while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
        i += 1;
    }
    let first_token = i;
    let mut eq = None;
    let mut depth: i32 = 0;
    let mut heredoc = None;
    // A stack of string states: true = inside a quoted string, false = inside `${`/`%{`.
    let mut in_string = false;
    let mut template_depth: Vec<i32> = Vec::new();
    while i < b.len() {
        let c = b[i];
        if in_string {
            match c {
                b'\\' => i += 1,
                b'"' => in_string = false,
                b'$' | b'%' if b.get(i + 1) == Some(&c) && b.get(i + 2) == Some(&b'{') => i += 2,
                b'$' | b'%' if b.get(i + 1) == Some(&b'{') => {
                    depth += 1;
                    template_depth.push(depth);
                    in_string = false;
                    i += 1;
                }
                _ => {}
            }
            i += 1;
            continue;
        }
        match c {
            b'"' => in_string = true,
            b'#' => break,
            b'/' if b.get(i + 1) == Some(&b'/') => break,
            b'/' if b.get(i + 1) == Some(&b'*') => {
                match line[i + 2..].find("*/") {
                    Some(end) => i += end + 3,
                    None => break,
                }
                continue;
            }
            b'<' if b.get(i + 1) == Some(&b'<') => {
                let rest = line[i + 2..].trim_start_matches('-');
                let marker: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                if !marker.is_empty() {
                    heredoc = Some(marker);
                    break;
                }
            }
            b'{' | b'[' | b'(' => depth += 1,
            b'}' => {
                if template_depth.last() == Some(&depth) {
                    template_depth.pop();
                    in_string = true;
                }
                depth -= 1;
            }
            b']' | b')' => depth -= 1,
            b'=' if eq.is_none() && i != first_token => {
                let next = b.get(i + 1).copied();
                let prev = if i > 0 { b[i - 1] } else { b' ' };
                if next != Some(b'=') && next != Some(b'>') && !matches!(prev, b'=' | b'!' | b'<' | b'>') {
                    eq = Some(i);
                    depth = 0;
                }
            }
            _ => {}
        }
        i += 1;
    }
    Scan { eq: eq.filter(|_| depth == 0), heredoc }
}

/// Aligns every chain of assign lines in `text` the way `terraform fmt` does.
/// Lines that are not assign lines are left exactly as they are.
pub fn align(text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    // Logical lines: (first physical line, one past the last, eq offset).
    let mut logical: Vec<(usize, usize, Option<usize>)> = Vec::with_capacity(lines.len());
    let mut n = 0;
    while n < lines.len() {
        let s = scan(lines[n]);
        let mut end = n + 1;
        if let Some(marker) = s.heredoc {
            while end < lines.len() && lines[end].trim() != marker {
                end += 1;
            }
            end = (end + 1).min(lines.len());
        }
        logical.push((n, end, s.eq));
        n = end;
    }
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    let mut k = 0;
    while k < logical.len() {
        if logical[k].2.is_none() {
            k += 1;
            continue;
        }
        let start = k;
        while k < logical.len() && logical[k].2.is_some() {
            k += 1;
        }
        let chain = &logical[start..k];
        let lead = |&(line, _, eq): &(usize, usize, Option<usize>)| lines[line][..eq.unwrap_or(0)].trim_end();
        let width = chain.iter().map(|l| lead(l).graphemes(true).count()).max().unwrap_or(0);
        for l in chain {
            let key = lead(l);
            let eq = l.2.unwrap_or(0);
            let value = lines[l.0][eq + 1..].trim_start();
            let pad = width - key.graphemes(true).count();
            let mut s = String::with_capacity(width + value.len() + 3);
            s.push_str(key);
            s.extend(std::iter::repeat_n(' ', pad + 1));
            s.push('=');
            if !value.is_empty() {
                s.push(' ');
                s.push_str(value);
            }
            out[l.0] = s;
        }
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::align;

    #[track_caller]
    fn check(input: &str, want: &str) {
        assert_eq!(align(input), want);
    }

    #[test]
    fn aligns_chains() {
        check("a = 1\nbbb = 2\n", "a   = 1\nbbb = 2\n");
        check("a = 1\n\nbbb = 2\n", "a = 1\n\nbbb = 2\n");
        check("  m = {\n    \"k\" = 1\n    \"kkk\" = 2\n  }\n", "  m = {\n    \"k\"   = 1\n    \"kkk\" = 2\n  }\n");
        check("x = { a = 1 }\nyy = 2\n", "x  = { a = 1 }\nyy = 2\n");
        check("s = \"${x}\"\nlong = \"a=b\"\n", "s    = \"${x}\"\nlong = \"a=b\"\n");
        check("\"ü\" = 1\nab = 2\n", "\"ü\" = 1\nab  = 2\n");
        check("a = 1 == 2\nbb = 3\n", "a  = 1 == 2\nbb = 3\n");
        check("h = <<EOT\nx = 1\nEOT\nlonger = 2\n", "h      = <<EOT\nx = 1\nEOT\nlonger = 2\n");
    }
}
