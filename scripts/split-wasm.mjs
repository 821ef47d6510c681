// Splits the form's wasm in two after Trunk's build: the functions the page's start runs
// (the first load) and the rest (loaded in the background once the form is drawn, or at once when something
// needs it earlier).
//
//   node scripts/split-wasm.mjs DIR NAME
//
// DIR/NAME_bg.wasm becomes the first module and DIR/NAME_rest.wasm the rest; DIR/NAME.js,
// the glue, learns to load it. Run after scripts/finish-wasm.mjs, on a DIR that serves the
// whole page (the profile below loads it).
//
// Which functions: those the standalone page's start ran in headless Chromium
// (tests/e2e/start-profile.mjs, on this very build), so the split is made for this build
// and never goes stale. The splitter is binaryen's `wasm-split` (WASM_SPLIT, which
// scripts/setup provides: npm's binaryen has none), told to keep those functions. Every
// other function moves to the rest; the first module keeps a table slot for each one that
// it calls or stores in its table, filled at first by a placeholder, an import the glue
// answers: it loads the rest synchronously, if it has not loaded yet, and calls the
// function the rest put in that slot. Loading the rest fills every such slot, so once it
// has loaded no placeholder runs again: the first module calls the rest's functions
// through its table, as it calls closures.
//
// Binaryen 108's reader predates `table.fill`; wasm-bindgen emits one, clearing a single
// slot (`table.fill $t (i) (ref.null) (i32.const 1)`), which is `table.set $t (i)
// (ref.null)`: it is rewritten so, in place (same length, three `nop`s), after checking
// that every `table.fill` of the module is of that form. And 108 writes the first module's
// export of the externref table with the funcref table's index: the exports of tables get
// the indices they had back (the tables keep their order; checked). Both modules are then
// validated by wasm-opt (npm's binaryen, the one that optimized them).
//
// It refuses (exit 1, files untouched) when a step's check fails.
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { customName, leb, parseExports, parseImports, readLeb, section, sections as readSections, str } from './wasm-module.mjs';
import { startProfile } from '../tests/e2e/start-profile.mjs';

const [dir, name] = process.argv.slice(2);
if (!dir || !name) {
  console.error('usage: node scripts/split-wasm.mjs DIR NAME');
  process.exit(64);
}
const wasmPath = join(dir, `${name}_bg.wasm`);
const restName = `${name}_rest.wasm`;
const jsPath = join(dir, `${name}.js`);
const fail = (why) => {
  console.error(`split-wasm: ${why}; ${wasmPath} and ${jsPath} are left as they are`);
  process.exit(1);
};
const wasm = readFileSync(wasmPath);
let js = readFileSync(jsPath, 'utf8');
// The glue as wasm-bindgen wrote it (and finish-wasm renamed): a glue already split, or
// written differently by another wasm-bindgen, is refused before anything runs.
const getImports = 'const imports = __wbg_get_imports();';
const exportLine = 'export { initSync, __wbg_init as default };';
if (js.split(getImports).length !== 3) fail(`the glue does not ask for its imports twice as \`${getImports}\` (split already, or another wasm-bindgen?)`);
if (js.split(exportLine).length !== 2) fail(`the glue does not end with \`${exportLine}\``);
const splitter = process.env.WASM_SPLIT || fail('WASM_SPLIT is not set (scripts/setup sets it)');
const tmp = mkdtempSync(join(tmpdir(), 'split-wasm-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

// ---- the profile: what the start runs ----
const ran = await startProfile(dir);

// ---- the module as binaryen 108 reads it, with a name per function ----
const sections = readSections(wasm) ?? fail('not a wasm module');
const byId = (id) => sections.filter((s) => s.id === id);
const imported = parseImports(byId(2)[0]?.body ?? Buffer.alloc(1)).filter((i) => i.kind === 0).length;
const defined = readLeb(byId(3)[0]?.body ?? Buffer.alloc(1), { i: 0 });
const code = byId(10)[0] ?? fail('no code section');

const fills = (execFileSync('wasm-dis', [wasmPath], { encoding: 'utf8', maxBuffer: 1 << 30 }).match(/\btable\.fill\b/g) ?? []).length;
const fillOne = Buffer.from([0x41, 0x01, 0xfc, 0x11]); // i32.const 1; table.fill
const setOne = (table) => Buffer.from([0x26, table, 0x01, 0x01, 0x01]); // table.set; nop nop nop
let patched = 0;
const body = Buffer.from(code.body);
for (let at = body.indexOf(fillOne); at >= 0; at = body.indexOf(fillOne, at + 1)) {
  const table = body[at + 4];
  if (table > 0x7f) fail('a table.fill of a table past index 127');
  setOne(table).copy(body, at);
  patched++;
}
if (patched !== fills) fail(`the module has ${fills} table.fill, of which ${patched} clear one slot`);

const names = Buffer.concat(Array.from({ length: imported + defined }, (_, i) => Buffer.concat([leb(i), str(`f${i}`)])));
const nameSub = Buffer.concat([leb(imported + defined), names]);
const named = Buffer.concat([
  wasm.subarray(0, 8),
  ...sections.filter((s) => s.id !== 0).map((s) => section(s.id, s === code ? body : s.body)),
  section(0, Buffer.concat([str('name'), Buffer.from([1]), leb(nameSub.length), nameSub])),
]);
writeFileSync(join(tmp, 'in.wasm'), named);
const keep = [...ran].filter((i) => i >= imported).map((i) => `f${i}`);
writeFileSync(join(tmp, 'keep.txt'), `${keep.join('\n')}\n`);

// ---- the split ----
const features = ['reference-types', 'bulk-memory', 'sign-ext', 'mutable-globals', 'nontrapping-float-to-int', 'multivalue'];
execFileSync(splitter, [
  join(tmp, 'in.wasm'), '--keep-funcs', `@${join(tmp, 'keep.txt')}`,
  '-o1', join(tmp, 'first.wasm'), '-o2', join(tmp, 'rest.wasm'),
  '--placeholder-namespace', 'b', '--import-namespace', 'a', '--export-prefix', '%',
  ...features.map((f) => `--enable-${f}`),
], { stdio: ['ignore', 'ignore', 'inherit'] });

// ---- the modules as shipped: no names; the first module's tables exported as they were ----
const tableTypes = (secs) => {
  const s = secs.find((x) => x.id === 4);
  if (!s) return [];
  const at = { i: 0 };
  const out = [];
  for (let n = readLeb(s.body, at); n > 0; n--) {
    out.push(s.body[at.i++]);
    const flags = s.body[at.i++];
    readLeb(s.body, at);
    if (flags & 1) readLeb(s.body, at);
  }
  return out;
};
const originalExports = parseExports(byId(7)[0]?.body ?? Buffer.alloc(1));
function finish(path, fixTables) {
  const secs = readSections(readFileSync(path)) ?? fail(`${path} is not a wasm module`);
  if (fixTables && tableTypes(secs).join() !== tableTypes(sections).join()) fail('the first module\'s tables are not the original ones');
  const out = [wasm.subarray(0, 8)];
  for (const s of secs) {
    if (s.id === 0) continue;
    if (s.id === 7 && fixTables) {
      const entries = parseExports(s.body).map((e) => {
        const was = originalExports.find((o) => o.name === e.name);
        return e.kind === 1 && was?.kind === 1 ? { ...e, rest: Buffer.concat([Buffer.from([1]), leb(was.index)]) } : e;
      });
      out.push(section(7, Buffer.concat([leb(entries.length), ...entries.map((e) => Buffer.concat([str(e.name), e.rest]))])));
    } else {
      out.push(section(s.id, s.body));
    }
  }
  const bytes = Buffer.concat(out);
  writeFileSync(path, bytes);
  try {
    execFileSync('wasm-opt', ['--all-features', path, '-o', join(tmp, 'check.wasm')], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (e) {
    fail(`${path} does not validate: ${e.stderr}`);
  }
  return bytes;
}
const first = finish(join(tmp, 'first.wasm'), true);
const rest = finish(join(tmp, 'rest.wasm'), false);
const placeholders = parseImports((readSections(first).find((s) => s.id === 2) ?? fail('no imports')).body).filter((i) => i.module === 'b').length;

// ---- the glue: placeholders answered, the rest loaded ----
js = js.replaceAll(getImports, 'const imports = __wbg_split(__wbg_get_imports());');
js = js.replace(exportLine, `// ---- The rest of the module (scripts/split-wasm.mjs) ----
// The first module imports a placeholder for each slot of its table that a function of the
// rest fills (namespace "b", named by the slot). A placeholder that runs loads the rest at
// once, synchronously, if it has not loaded yet, then calls what is in its slot now.
// loadRest() loads it in the background: the module calls it once the form is drawn, or at
// once when the start will need it (www/apigw-integration-builder.js).
const restUrl = new URL('${restName}', import.meta.url);
let restLoaded = false;
let restLoading;
function __wbg_split(imports) {
    imports.b = new Proxy({}, { get: (_, slot) => (...args) => {
        loadRestNow();
        return wasm['%table'].get(Number(slot))(...args);
    } });
    return imports;
}
function restInstance(module) {
    if (!restLoaded) {
        new WebAssembly.Instance(module, { a: wasm });
        restLoaded = true;
    }
}
function loadRestNow() {
    if (restLoaded) return;
    const request = new XMLHttpRequest();
    request.open('GET', restUrl, false);
    request.overrideMimeType('text/plain; charset=x-user-defined');
    const failed = (why) => new Error(\`the builder could not load the rest of its code, \${restUrl} (\${why}): serve it beside ${name}_bg.wasm, allow sync-xhr, and reload the page\`);
    try {
        request.send();
    } catch (e) {
        throw failed(e.message);
    }
    if (request.status !== 200) throw failed(\`HTTP \${request.status}\`);
    const text = request.responseText;
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    restInstance(new WebAssembly.Module(bytes));
}
async function compileRest() {
    const response = await fetch(restUrl);
    if (!response.ok) throw new Error(\`failed to load \${restUrl}: \${response.status}\`);
    return WebAssembly.compileStreaming(response).catch(async () => WebAssembly.compile(await (await fetch(restUrl)).arrayBuffer()));
}
// Loads the rest (its compiled module, if the caller has it, else from its URL); a failed
// load is forgotten, so the next call tries again.
function loadRest(module) {
    restLoading ??= (async () => restInstance(await (module ?? compileRest())))().catch((e) => {
        restLoading = undefined;
        throw e;
    });
    return restLoading;
}

export { initSync, __wbg_init as default, loadRest };`);

writeFileSync(wasmPath, first);
writeFileSync(join(dir, restName), rest);
writeFileSync(jsPath, js);
console.log(`split-wasm: ${keep.length} of ${defined} functions kept in ${name}_bg.wasm (${first.length} B), the rest in ${restName} (${rest.length} B); ${placeholders} placeholders`);
