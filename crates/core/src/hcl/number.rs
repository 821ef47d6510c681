//! HCL number literals as text: their syntax, and the decimal text Terraform prints for
//! them. There is no floating point here on purpose. Terraform's numbers (cty) are
//! 512-bit big floats parsed from the literal's digits, so what `jsonencode` and string
//! templates print is the literal's own digits, normalized; an `f64` would round them
//! after 17 digits. And without float parsing and printing the web bundle is 20 KB
//! (brotli) smaller: that code and its tables were the largest single item left in it.

/// Longest text [`canonical`] returns: `1e400` is 401 digits, `1e999999` would be a
/// megabyte.
const MAX_TEXT: usize = 4096;

/// The parts of a literal: integer digits, fraction digits, exponent text (sign
/// included, may be empty).
fn parts(n: &str) -> Option<(&str, &str, &str)> {
    fn digits(s: &str) -> Option<(&str, &str)> {
        let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        (end > 0).then(|| s.split_at(end))
    }
    let (int, mut rest) = digits(n)?;
    let mut frac = "";
    if let Some(after) = rest.strip_prefix('.') {
        (frac, rest) = digits(after)?;
    }
    let mut exp = "";
    if let Some(after) = rest.strip_prefix(['e', 'E']) {
        let unsigned = after.strip_prefix(['+', '-']).unwrap_or(after);
        let (_, r) = digits(unsigned)?;
        exp = after;
        rest = r;
    }
    rest.is_empty().then_some((int, frac, exp))
}

/// `[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?`: what HCL reads as a number literal.
pub fn is_literal(n: &str) -> bool {
    parts(n).is_some()
}

/// The number as Terraform prints it in `jsonencode` and in string templates (cty's
/// `Text('f', -1)`): plain decimal notation without an exponent, without leading zeros
/// and without trailing zeros after the point (`1.50e2` → `150`, `0012` → `12`, `1e-3` →
/// `0.001`, `0.0` → `0`). `None` when `n` is not a literal, or when the text would be
/// longer than 4 KiB (an exponent in the thousands).
pub fn canonical(n: &str) -> Option<String> {
    let (int, frac, exp) = parts(n)?;
    let digits: Vec<u8> = int.bytes().chain(frac.bytes()).collect();
    let Some(first) = digits.iter().position(|d| *d != b'0') else { return Some("0".into()) };
    let last = digits.iter().rposition(|d| *d != b'0').unwrap_or(first);
    let significant = &digits[first..=last];
    // The exponent, bounded: beyond ±MAX_TEXT the text is too long either way (a
    // nonzero number with such an exponent has at least that many digits).
    let (negative, magnitude) = match exp.as_bytes().first() {
        Some(b'-') => (true, &exp[1..]),
        Some(b'+') => (false, &exp[1..]),
        _ => (false, exp),
    };
    let magnitude = magnitude.trim_start_matches('0');
    if magnitude.len() > 6 {
        return None;
    }
    let e: i64 = magnitude.parse().unwrap_or(0);
    let e = if negative { -e } else { e };
    // The value is 0.SIGNIFICANT × 10^point.
    let point = int.len() as i64 - first as i64 + e;
    let len = significant.len() as i64;
    let text_len = if point <= 0 { 2 - point + len } else { point.max(len) + 1 };
    if text_len > MAX_TEXT as i64 {
        return None;
    }
    let sig = std::str::from_utf8(significant).unwrap_or("0");
    Some(if point <= 0 {
        format!("0.{}{sig}", "0".repeat((-point) as usize))
    } else if point >= len {
        format!("{sig}{}", "0".repeat((point - len) as usize))
    } else {
        let (whole, fraction) = sig.split_at(point as usize);
        format!("{whole}.{fraction}")
    })
}

/// The whole number a literal stands for, in any form Terraform reads as one: `29000`,
/// `29000.0`, `2.9e4`, `0029000`; a string converted to a number may also carry a sign
/// (`"-5"`). `None` when it is not a literal, has a fraction (`2.5`), or does not fit in
/// 64 bits (see [`is_whole`]).
pub fn whole(n: &str) -> Option<i64> {
    let (negative, digits) = match n.as_bytes().first() {
        Some(b'-') => (true, &n[1..]),
        Some(b'+') => (false, &n[1..]),
        _ => (false, n),
    };
    let text = canonical(digits)?;
    if text.contains('.') {
        return None;
    }
    let v: i64 = text.parse().ok()?;
    Some(if negative { -v } else { v })
}

/// Whether a literal (with an optional sign) is a whole number, however large.
pub fn is_whole(n: &str) -> bool {
    let digits = n.strip_prefix(['-', '+']).unwrap_or(n);
    // A nonzero whole number in the thousands of digits has no shorter text: whole.
    is_literal(digits) && canonical(digits).is_none_or(|t| !t.contains('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_follow_hcl_grammar() {
        for ok in ["0", "007", "1.5", "1e3", "1E+3", "2.50e-07", "1e400"] {
            assert!(is_literal(ok), "{ok}");
        }
        for bad in ["", ".5", "5.", "-1", "+1", "1e", "1e+", "1.e3", "inf", "NaN", "0x10", "1_000", "1 ", "١"] {
            assert!(!is_literal(bad), "{bad}");
        }
    }

    #[test]
    fn whole_numbers_in_every_form() {
        for (n, want) in
            [("29000", 29000), ("29000.0", 29000), ("2.9e4", 29000), ("2.90E+4", 29000), ("0029000", 29000), ("-50", -50), ("+7", 7)]
        {
            assert_eq!(whole(n), Some(want), "{n}");
        }
        for n in ["2.5", "1e-3", "29000.5", "", "abc", "1e400", "--5", "- 5"] {
            assert_eq!(whole(n), None, "{n}");
        }
        assert!(is_whole("1e400") && is_whole("29000.00") && !is_whole("2.5") && !is_whole("x"));
    }

    #[test]
    fn canonical_text_is_what_terraform_prints() {
        for (n, want) in [
            ("0", "0"),
            ("000", "0"),
            ("0.000", "0"),
            ("0e5", "0"),
            ("12", "12"),
            ("0012", "12"),
            ("1.50", "1.5"),
            ("1.0", "1"),
            ("1e3", "1000"),
            ("1.50e2", "150"),
            ("1.25e1", "12.5"),
            ("1e-3", "0.001"),
            ("123.456e-5", "0.00123456"),
            ("0.1", "0.1"),
            ("12345678901234567890.123456789", "12345678901234567890.123456789"),
            ("1E+2", "100"),
            ("5e-0", "5"),
            ("1e0000002", "100"),
        ] {
            assert_eq!(canonical(n).as_deref(), Some(want), "{n}");
        }
        assert_eq!(canonical("1e400").map(|t| t.len()), Some(401));
        assert_eq!(canonical("1e5000"), None);
        assert_eq!(canonical("1e-5000"), None);
        assert_eq!(canonical("1e99999999999999999999"), None);
        assert_eq!(canonical("0e99999999999999999999"), Some("0".into()));
        assert_eq!(canonical("1.5x"), None);
    }
}
