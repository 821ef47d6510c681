// Gives a wasm-bindgen module's imports and internal exports short names, in the wasm
// and in its glue, so that neither file carries them twice.
//
//   node scripts/short-names.mjs DIR NAME
//
// DIR/NAME_bg.wasm and DIR/NAME.js are rewritten in place: wasm-bindgen names every import
// `__wbg_<method>_<16 hex digits>` (`__wbg_removeEventListener_cc543e35b1012a27`) under the
// module name `./NAME_bg.js`, and closures' entry points by their mangled Rust types (up to
// 300 characters each); the wasm and the glue each carry every name, and hex digits do not
// compress. Run on the glue as wasm-bindgen wrote it (before it is minified), where the
// exports are read as `wasm.<name>` and the imports are keys of one object. The public
// exports (what the glue's own `export function`s and classes call) keep their names, as
// does `memory`, which the embeddable module reads; every other export the glue reads is
// renamed, and an export it does not read keeps its name.
//
// It refuses (exit 1, files untouched) when the glue does not look as expected: an import
// whose name is not a key of the glue's import object exactly once, or a module name that
// is not the one expected.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, name] = process.argv.slice(2);
if (!dir || !name) {
  console.error('usage: node scripts/short-names.mjs DIR NAME');
  process.exit(64);
}
const wasmPath = join(dir, `${name}_bg.wasm`);
const jsPath = join(dir, `${name}.js`);
const wasm = readFileSync(wasmPath);
let js = readFileSync(jsPath, 'utf8');
const fail = (why) => {
  console.error(`short-names: ${why}; ${wasmPath} and ${jsPath} are left as they are`);
  process.exit(1);
};

// ---- reading and writing the module's sections ----
function readLeb(buf, at) {
  let value = 0, shift = 0, byte;
  do {
    byte = buf[at.i++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return value;
}
function leb(n) {
  const out = [];
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return Buffer.from(out);
}
const str = (s) => { const b = Buffer.from(s, 'utf8'); return Buffer.concat([leb(b.length), b]); };
const readStr = (buf, at) => { const n = readLeb(buf, at); const s = buf.subarray(at.i, at.i + n).toString('utf8'); at.i += n; return s; };

if (wasm.readUInt32LE(0) !== 0x6d736100) fail('not a wasm module');
const sections = []; // {id, body}
for (const at = { i: 8 }; at.i < wasm.length;) {
  const id = wasm[at.i++];
  const size = readLeb(wasm, at);
  sections.push({ id, body: wasm.subarray(at.i, at.i + size) });
  at.i += size;
}

// Imports: [{module, name, rest}] where rest is the import's description, copied as it is.
function parseImports(body) {
  const at = { i: 0 };
  const out = [];
  for (let n = readLeb(body, at); n > 0; n--) {
    const module = readStr(body, at);
    const field = readStr(body, at);
    const start = at.i;
    const kind = body[at.i++];
    if (kind === 0) readLeb(body, at);
    else if (kind === 1) { at.i++; const f = body[at.i++]; readLeb(body, at); if (f & 1) readLeb(body, at); }
    else if (kind === 2) { const f = body[at.i++]; readLeb(body, at); if (f & 1) readLeb(body, at); }
    else if (kind === 3) at.i += 2;
    else if (kind === 4) { at.i++; readLeb(body, at); }
    else fail(`an import of unknown kind ${kind}`);
    out.push({ module, name: field, rest: body.subarray(start, at.i) });
  }
  return out;
}
function parseExports(body) {
  const at = { i: 0 };
  const out = [];
  for (let n = readLeb(body, at); n > 0; n--) {
    const field = readStr(body, at);
    const start = at.i;
    at.i++;
    readLeb(body, at);
    out.push({ name: field, rest: body.subarray(start, at.i) });
  }
  return out;
}

// ---- the new names ----
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const count = (re) => (js.match(re) || []).length;
const exportsSection = sections.find((s) => s.id === 7);
const importsSection = sections.find((s) => s.id === 2);
const exports = exportsSection ? parseExports(exportsSection.body) : [];
const imports = importsSection ? parseImports(importsSection.body) : [];

// Short identifiers, never one a kept export or the glue already uses as a property.
const taken = new Set(exports.map((e) => e.name));
let next = 0;
function fresh() {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  for (;;) {
    let n = next++, id = '';
    do { id = letters[n % 52] + id; n = Math.floor(n / 52) - 1; } while (n >= 0);
    if (!taken.has(id)) return id;
  }
}

const module = `./${name}_bg.js`;
const moduleKey = new RegExp(`(["'])${escape(module)}\\1`, 'g');
if (imports.some((i) => i.module !== module)) fail(`an import from a module other than ${module}`);
if (count(moduleKey) !== 1) fail(`the glue names the module ${module} ${count(moduleKey)} times, not once`);
const renamed = [];
for (const imp of imports) {
  const key = new RegExp(`(?<![\\w$])${escape(imp.name)}(?=\\s*:)`, 'g');
  if (count(key) !== 1) fail(`the import ${imp.name} is a key of the glue ${count(key)} times, not once`);
  if (count(new RegExp(`(?<![\\w$])${escape(imp.name)}(?![\\w$])`, 'g')) !== 1) fail(`the glue names the import ${imp.name} elsewhere too`);
  imp.short = fresh();
  js = js.replace(key, imp.short);
}
js = js.replace(moduleKey, '"a"');
// The glue's `export function`s and classes are the public names; those exports keep theirs.
const kept = new Set(['memory']);
for (const m of js.matchAll(/export\s+(?:async\s+)?function\s+([\w$]+)/g)) kept.add(m[1]);
for (const exp of exports) {
  const uses = new RegExp(`(?<![\\w$])wasm\\.${escape(exp.name)}(?![\\w$])`, 'g');
  if (kept.has(exp.name) || count(uses) === 0) continue;
  // Only its reads change: the glue also names its own wrapper of a closure's entry point
  // after the export, a local function the minifier renames anyway.
  exp.short = fresh();
  js = js.replace(uses, `wasm.${exp.short}`);
  renamed.push(exp);
}

// ---- writing ----
const section = (id, body) => Buffer.concat([Buffer.from([id]), leb(body.length), body]);
const out = [wasm.subarray(0, 8)];
for (const s of sections) {
  if (s.id === 2) {
    out.push(section(2, Buffer.concat([leb(imports.length), ...imports.map((i) => Buffer.concat([str('a'), str(i.short), i.rest]))])));
  } else if (s.id === 7) {
    out.push(section(7, Buffer.concat([leb(exports.length), ...exports.map((e) => Buffer.concat([str(e.short ?? e.name), e.rest]))])));
  } else {
    out.push(section(s.id, s.body));
  }
}
const bytes = Buffer.concat(out);
writeFileSync(wasmPath, bytes);
writeFileSync(jsPath, js);
console.log(`short-names: ${name}: ${imports.length} imports and ${renamed.length} exports renamed; wasm ${wasm.length} -> ${bytes.length} B, glue -> ${Buffer.byteLength(js)} B`);
