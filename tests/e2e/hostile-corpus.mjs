// Hostile strings for the end-to-end tests (tests/e2e/hostile.test.mjs): what breaks
// escaping, HCL, the DOM, storage and string conversion between JS and wasm. Deterministic.

const templates = [
  '${', '%{', '$${', '%%{', '${x}', '%{if true}a%{endif}', '$${x}', '%%{x}', '$$', '%%', '$', '%', 'a${', 'x$', '${"}',
  '$${${x}}', '%{ for x in y }${x}%{ endfor }', '${~x~}', '$${~', '~}', '}', '{', '$${request.body}', '${request.body}',
  '%{else}', '%{endif}', '${aws_lambda_function.f.arn}', '$${}${}', '${${${', '%%%{',
];
const quotes = [
  '"', '\\', '\\"', '"\\"', '\\n', '\\u0041', '\\U0001F600', "'", '""', '\\\\', 'a"b', '"${x}"', '\\${x}', '\\$${x}', '`',
  '"""', '\\q', 'C:\\path\\to', '"; rm -rf /', "' OR 1=1 --",
];
const hcl = [
  '}\nresource "aws_iam_user_policy" "pwn" {', '"\n}\n', 'EOT\n', '<<EOT', '<<-EOT\nx\nEOT', '# not a comment', '// nor this', '/* nor */',
  'a = 1', 'resource "x" "y" {}', '\n\n\n', 'import {\n  to = x\n}', ' = ', '[', ']', '(', ')', ',', 'null', 'true',
];
const html = [
  '<script>window.__pwned=1</script>', '<img src=x onerror="window.__pwned=2">', '"><svg onload="window.__pwned=3">',
  '</pre><script>window.__pwned=4</script>', 'javascript:window.__pwned=5', '<iframe srcdoc="<script>parent.__pwned=6</script>">',
  '&lt;b&gt;', '&amp;', '<!--', ']]>', '<style>*{display:none}</style>', '<a href="javascript:alert(1)">x</a>',
  '{{constructor.constructor(\'window.__pwned=7\')()}}', '<textarea>', '</textarea><script>window.__pwned=8</script>',
];
const invisible = [
  '\u200b', '\u200c', '\u200d', '\u200e', '\u200f', '\u2028', '\u2029', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e',
  '\u2060', '\u2061', '\u2062', '\u2063', '\u2064', '\u2066', '\u2067', '\u2068', '\u2069', '\ufeff', '\ufe0f', '\u00a0',
  '\u3000', 'a\u202eb\u202cc', '\u200bx\u200b',
];
const controls = [];
for (let c = 0; c < 0x20; c++) controls.push(`a${String.fromCharCode(c)}b`);
controls.push('\u007f', '\u0085', '\u009b', '\u0080', '\u009f');
const unicode = [
  'é', 'e\u0301', 'ü', '日本語', '🚀', '👩‍💻', '🇩🇪', '𝕏', '\u{10ffff}', 'Ω≈ç√', 'ｆｕｌｌ', 'ǅ', '\u0301',
];
const surrogates = ['\ud800', '\udfff', 'a\ud800b', '\udc00\ud800', '\ud83d', 'x\ude00'];
const keys = ['a=b', 'a\nb', ' = ', '"="', '${x}=', 'k\u0000', 'application/json', 'a b', '', '$${k}'];

/** Every hostile string, each once (the long ones last). */
export function hostileStrings() {
  const base = [...templates, ...quotes, ...hcl, ...html, ...invisible, ...controls, ...unicode, ...surrogates];
  // Mixtures, so that sequences meet quotes, controls and invisible characters.
  const mixed = [];
  for (let i = 0; i < 40; i++) {
    const a = base[(i * 7) % base.length];
    const b = base[(i * 13 + 5) % base.length];
    mixed.push(`${a}${b}`, `x ${b} ${a} y`);
  }
  let seed = 12345;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const printable = Array.from({ length: 100 * 1024 }, () => String.fromCharCode(32 + Math.floor(rand() * 95))).join('');
  const long = ['A'.repeat(100 * 1024), '${'.repeat(50 * 1024), printable];
  return [...new Set([...base, ...mixed, ...long])].filter((s) => s !== '');
}

/** Map keys with `=`, newlines and sequences (the form's key fields and the JS API). */
export function hostileKeys() {
  return keys.filter((k) => k !== '');
}
