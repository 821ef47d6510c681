// Finishes a wasm-bindgen module after Trunk's build: short names for its imports and
// internal exports, in the wasm and in its glue, so that neither file carries them twice;
// no custom sections; no glue for classes whose wasm side is gone.
//
//   node scripts/finish-wasm.mjs DIR NAME
//
// DIR/NAME_bg.wasm and DIR/NAME.js are rewritten in place.
//
// Names: wasm-bindgen names every import `__wbg_<method>_<16 hex digits>`
// (`__wbg_removeEventListener_cc543e35b1012a27`) under the module name `./NAME_bg.js`, and
// closures' entry points by their mangled Rust types (up to 300 characters each); the wasm
// and the glue each carry every name, and hex digits do not compress. Run on the glue as
// wasm-bindgen wrote it (before it is minified), where the exports are read as
// `wasm.<name>` and the imports are keys of one object. The public exports (what the
// glue's own `export function`s and classes call) keep their names, as does `memory`, which
// the embeddable module reads; every other export the glue reads is renamed, and an export
// it does not read keeps its name.
//
// Custom sections (`producers`, `target_features`, Leptos's `__wasm_split_unstable`) are for
// tools; no browser reads them, and wasm-opt has run (a `name` section, which only a build
// made for reading has, stays).
//
// Dead classes: index.html has wasm-opt remove the exports of wasm-streams' classes
// (`IntoUnderlyingSource` and its kin, which Leptos's server functions bring and this app
// never constructs), and with them the code behind them; the glue's class for a Rust type
// none of whose entry points is left in the wasm goes too, with its finalization registry.
//
// It refuses (exit 1, files untouched) when the glue does not look as expected: an import
// whose name is not a key of the glue's import object exactly once, a module name that is
// not the one expected, or a class it removes that the glue still names elsewhere.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { customName, leb, parseExports, parseImports, section, sections as readSections, str } from './wasm-module.mjs';

const [dir, name] = process.argv.slice(2);
if (!dir || !name) {
  console.error('usage: node scripts/finish-wasm.mjs DIR NAME');
  process.exit(64);
}
const wasmPath = join(dir, `${name}_bg.wasm`);
const jsPath = join(dir, `${name}.js`);
const wasm = readFileSync(wasmPath);
let js = readFileSync(jsPath, 'utf8');
const fail = (why) => {
  console.error(`finish-wasm: ${why}; ${wasmPath} and ${jsPath} are left as they are`);
  process.exit(1);
};

const sections = readSections(wasm) ?? fail('not a wasm module');

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const count = (re) => (js.match(re) || []).length;

// ---- the module's imports and exports ----
const exportsSection = sections.find((s) => s.id === 7);
const importsSection = sections.find((s) => s.id === 2);
const exports = exportsSection ? parseExports(exportsSection.body) : [];
let imports = [];
try {
  imports = importsSection ? parseImports(importsSection.body) : [];
} catch (e) {
  fail(e.message);
}

// ---- dead classes ----
const exported = new Set(exports.map((e) => e.name));
const deadClasses = [];
for (const m of js.matchAll(/^export class ([\w$]+) \{\n[\s\S]*?^\}\n/gm)) {
  const reads = [...m[0].matchAll(/(?<![\w$])wasm\.([\w$]+)/g)].map((r) => r[1]);
  if (reads.length && reads.every((r) => !exported.has(r))) deadClasses.push(m[1]);
}
for (const c of deadClasses) {
  js = js.replace(new RegExp(`^export class ${escape(c)} \\{\\n[\\s\\S]*?^\\}\\n`, 'm'), '');
  js = js.replace(new RegExp(`^if \\(Symbol\\.dispose\\) ${escape(c)}\\.prototype\\[Symbol\\.dispose\\] = ${escape(c)}\\.prototype\\.free;\\n`, 'm'), '');
  js = js.replace(new RegExp(`^const ${escape(c)}Finalization = [\\s\\S]*?\\);\\n`, 'm'), '');
  if (count(new RegExp(`(?<![\\w$])${escape(c)}`, 'g'))) fail(`the glue still names the class ${c}, whose wasm side is gone`);
}

// ---- the new names ----
// Short identifiers, never the name of an export (one that keeps its name).
let next = 0;
function fresh() {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  for (;;) {
    let n = next++, id = '';
    do { id = letters[n % 52] + id; n = Math.floor(n / 52) - 1; } while (n >= 0);
    if (!exported.has(id)) return id;
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
const out = [wasm.subarray(0, 8)];
for (const s of sections) {
  if (s.id === 2) {
    out.push(section(2, Buffer.concat([leb(imports.length), ...imports.map((i) => Buffer.concat([str('a'), str(i.short), i.rest]))])));
  } else if (s.id === 7) {
    out.push(section(7, Buffer.concat([leb(exports.length), ...exports.map((e) => Buffer.concat([str(e.short ?? e.name), e.rest]))])));
  } else if (s.id !== 0 || customName(s.body) === 'name') {
    out.push(section(s.id, s.body));
  }
  // Custom sections (`producers`, `target_features`, Leptos's `__wasm_split_unstable`) are
  // for tools; no browser reads them, and wasm-opt has run. A `name` section stays: only a
  // build made for reading (`scripts/size --where`) has one.
}
const bytes = Buffer.concat(out);
writeFileSync(wasmPath, bytes);
writeFileSync(jsPath, js);
console.log(`finish-wasm: ${name}: ${imports.length} imports and ${renamed.length} exports renamed, ${deadClasses.length} dead classes removed; wasm ${wasm.length} -> ${bytes.length} B, glue -> ${Buffer.byteLength(js)} B`);
