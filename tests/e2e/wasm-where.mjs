// Where the form's wasm bytes go: its code by module (this crate's modules, other crates
// by name), each group's size raw and brotli'd alone, the largest functions, and the data.
// With START=1 it also loads the standalone page in headless Chromium with a trace and
// splits each group into the code the start ran (V8 compiles a wasm function lazily, on
// its first call: `wasm.CompileLazy`) and the code it did not run: what a code splitter
// could take at most.
//
// It reads a wasm with a name section that is otherwise the shipped one: `scripts/size
// --where` builds it (wasm-bindgen and wasm-opt with `-g` over the same release build) and
// runs this script.
//
//   [START=1] [TOP=30] node tests/e2e/wasm-where.mjs NAMED.wasm [DIST]
import { readFileSync, mkdtempSync, cpSync, copyFileSync, rmSync, existsSync } from 'node:fs';
import { brotliCompressSync, constants } from 'node:zlib';
import { join, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { codeBodies, customName, parseImports, readLeb, readStr, sections } from '../../scripts/wasm-module.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const [wasmPath, distArg] = process.argv.slice(2);
if (!wasmPath) {
  console.error('usage: [START=1] [TOP=30] node tests/e2e/wasm-where.mjs NAMED.wasm [DIST]');
  process.exit(64);
}
const TOP = Number(process.env.TOP ?? 30);
const bytes = readFileSync(wasmPath);

// ---- the module's sections: imported functions, function bodies, names, data ----
let importedFunctions = 0;
const bodies = []; // each defined function's body
const names = new Map();
const data = []; // data segments
for (const { id, body } of sections(bytes) ?? []) {
  if (id === 2) {
    importedFunctions = parseImports(body).filter((i) => i.kind === 0).length;
  } else if (id === 10) {
    bodies.push(...codeBodies(body));
  } else if (id === 11) {
    const at = { i: 0 };
    for (let n = readLeb(body, at); n > 0; n--) {
      const flags = readLeb(body, at);
      if (flags === 2) readLeb(body, at);
      if (flags !== 1) { at.i++; readLeb(body, at); at.i++; } // the offset: i32.const N (or global.get N), end
      const len = readLeb(body, at);
      data.push(body.subarray(at.i, at.i + len));
      at.i += len;
    }
  } else if (id === 0 && customName(body) === 'name') {
    const at = { i: 0 };
    readStr(body, at);
    while (at.i < body.length) {
      const sub = body[at.i++];
      const subEnd = readLeb(body, at) + at.i;
      if (sub === 1) for (let n = readLeb(body, at); n > 0; n--) { const index = readLeb(body, at); names.set(index, readStr(body, at)); }
      at.i = subEnd;
    }
  }
}
if (names.size === 0) {
  console.error(`${wasmPath} has no function names: build it with scripts/size --where`);
  process.exit(1);
}

// ---- groups: by the path a function's name starts with (a generic function instantiated
// for this crate's types counts for the crate that defines the function): this crate by
// module (two levels under ui/, rules/ and hcl/), other crates by name ----
const clean = (name) => name.replace(/\[[0-9a-f]{16}\]/g, '');
function group(name) {
  const n = clean(name);
  if (/^function \d+$/.test(n)) return '[no name]';
  if (/ shim$/.test(n)) return '[wasm-bindgen shims]';
  // `<_ as tachys::…>`, `<&mut serde_json::…>`, `<char>::…`: the path the name starts with.
  const path = n.replace(/^(?:<|&|mut |dyn |impl |_ as |\(\) as )+/, '');
  const ours = /^apigw_integration_builder::([a-z_0-9]+)(?:::([a-z_0-9]+))?/.exec(path);
  if (ours) return ['ui', 'rules', 'hcl'].includes(ours[1]) && ours[2] ? `${ours[1]}::${ours[2]}` : ours[1];
  if (/^(?:char|str|u8|u16|u32|u64|usize|i32|i64|bool|\[)/.test(path)) return '[core]';
  const crate = /^([a-z_0-9]+)::/.exec(path);
  return crate ? `[${crate[1]}]` : '[other]';
}
const brotli = (chunks) => brotliCompressSync(Buffer.concat(chunks), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

// ---- which functions the start ran (START=1) ----
let ran = null;
if (process.env.START) ran = await startFunctions();

const groups = new Map();
const functions = [];
bodies.forEach((body, k) => {
  const index = k + importedFunctions;
  const name = names.get(index) ?? `function ${index}`;
  const g = group(name);
  const entry = groups.get(g) ?? { raw: 0, chunks: [], ran: 0 };
  entry.raw += body.length;
  entry.chunks.push(body);
  if (ran?.has(index)) entry.ran += body.length;
  groups.set(g, entry);
  functions.push({ size: body.length, name: clean(name), ran: ran?.has(index) });
});
const codeRaw = bodies.reduce((s, b) => s + b.length, 0);
const dataRaw = data.reduce((s, d) => s + d.length, 0);
console.log(`${wasmPath}: ${bodies.length} functions (${importedFunctions} imported), code ${codeRaw} B raw, ${brotli(bodies)} B brotli alone; data ${dataRaw} B raw, ${brotli(data)} B brotli alone`);
if (ran) {
  const ranBytes = functions.filter((f) => f.ran).reduce((s, f) => s + f.size, 0);
  console.log(`the start ran ${functions.filter((f) => f.ran).length} of ${functions.length} functions, ${ranBytes} of ${codeRaw} B of code`);
}
console.log(`\ncode by module (B)${ran ? '                       raw   brotli   ran at start   not run' : '                       raw   brotli'}`);
for (const [name, g] of [...groups].sort((a, b) => b[1].raw - a[1].raw).slice(0, TOP)) {
  const cols = `${String(g.raw).padStart(9)} ${String(brotli(g.chunks)).padStart(8)}`;
  console.log(`  ${name.padEnd(38)}${cols}${ran ? `${String(g.ran).padStart(15)}${String(g.raw - g.ran).padStart(10)}` : ''}`);
}
console.log(`\nlargest functions (B raw)${ran ? ', * = not run at start' : ''}`);
for (const f of functions.sort((a, b) => b.size - a.size).slice(0, TOP)) {
  console.log(`  ${String(f.size).padStart(7)} ${ran && !f.ran ? '*' : ' '} ${f.name.slice(0, 150)}`);
}
console.log('\nlargest data segments (B raw, of which printable text)');
for (const d of [...data].sort((a, b) => b.length - a.length).slice(0, 5)) {
  const printable = d.toString('latin1').match(/[\x20-\x7e\n]{6,}/g)?.join('').length ?? 0;
  console.log(`  ${String(d.length).padStart(7)}   ${printable}`);
}

// Serves a copy of DIST with this wasm in place of the shipped one, loads the standalone
// page with a trace, and returns the indices of the functions V8 compiled.
async function startFunctions() {
  const { startProfile } = await import('../../tools/start-profile.mjs');
  const dist = distArg ?? join(here, '..', '..', 'dist');
  const dir = mkdtempSync(join(tmpdir(), 'wasm-where-'));
  cpSync(dist, dir, { recursive: true });
  copyFileSync(wasmPath, join(dir, 'apigw-integration-web_bg.wasm'));
  // Its glue, if it is beside it (`scripts/size --where` puts it there): wasm-bindgen's glue
  // of this very wasm.
  const glue = join(dirname(wasmPath), 'apigw-integration-web.js');
  if (existsSync(glue)) copyFileSync(glue, join(dir, 'apigw-integration-web.js'));
  try {
    return await startProfile(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
