// scripts/finish-wasm.mjs on a small module and glue written here: what it renames, what it
// removes, and that it refuses a glue it does not recognise, leaving both files as they were.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const script = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'scripts', 'finish-wasm.mjs');

const leb = (n) => { const out = []; do { let b = n & 0x7f; n >>= 7; if (n) b |= 0x80; out.push(b); } while (n); return out; };
const str = (s) => { const b = [...Buffer.from(s)]; return [...leb(b.length), ...b]; };
const section = (id, body) => [id, ...leb(body.length), ...body];
const vec = (items) => [...leb(items.length), ...items.flat()];

const IMPORT = '__wbg_f_0123456789abcdef';
const INVOKE = 'wasm_bindgen_7fe8b24eb1857485___convert__closures_____invoke_______true_';

// One imported function, one defined function exported as `run`, as a closure's entry point,
// and as a dead class's `free`, a `producers` custom section and a `name` section.
function module() {
  return Buffer.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([[0x60, 0x00, 0x00]])),
    ...section(2, vec([[...str('./x_bg.js'), ...str(IMPORT), 0x00, 0x00]])),
    ...section(3, vec([[0x00]])),
    ...section(7, vec([[...str('run'), 0x00, 0x01], [...str(INVOKE), 0x00, 0x01]])),
    ...section(10, vec([[...leb(4), 0x00, 0x10, 0x00, 0x0b]])),
    ...section(0, [...str('producers'), 1, 2, 3]),
    ...section(0, [...str('name'), 0x00, 0x02, ...str('x')]),
  ]);
}

const glue = (importKeys = [IMPORT]) => `function __wbg_get_imports() {
    const import0 = {
        __proto__: null,
${importKeys.map((k) => `        ${k}: function() {\n            globalThis.finishWasmCalls += 1;\n        },\n`).join('')}    };
    return {
        __proto__: null,
        "./x_bg.js": import0,
    };
}
export function run() {
    wasm.run();
}
function ${INVOKE}() {
    wasm.${INVOKE}();
}
export class Dead {
    free() {
        wasm.__wbg_dead_free(0, 0);
    }
}
if (Symbol.dispose) Dead.prototype[Symbol.dispose] = Dead.prototype.free;
const DeadFinalization = (typeof FinalizationRegistry === 'undefined')
    ? { register: () => {}, unregister: () => {} }
    : new FinalizationRegistry(ptr => wasm.__wbg_dead_free(ptr, 1));
`;

function setUp(js) {
  const dir = mkdtempSync(join(tmpdir(), 'finish-wasm-'));
  writeFileSync(join(dir, 'x_bg.wasm'), module());
  writeFileSync(join(dir, 'x.js'), js);
  return dir;
}
const run = (dir) => spawnSync(process.execPath, [script, dir, 'x'], { encoding: 'utf8' });

test('renames imports and internal exports, drops custom sections and dead classes', async () => {
  const dir = setUp(glue());
  const r = run(dir);
  assert.equal(r.status, 0, r.stderr);
  const js = readFileSync(join(dir, 'x.js'), 'utf8');
  const bytes = readFileSync(join(dir, 'x_bg.wasm'));
  const m = await WebAssembly.compile(bytes);
  assert.deepEqual(WebAssembly.Module.imports(m), [{ module: 'a', name: 'a', kind: 'function' }]);
  const exports = WebAssembly.Module.exports(m).map((e) => e.name);
  assert.deepEqual(exports, ['run', 'b'], 'the public export keeps its name, the entry point is renamed');
  assert.deepEqual(WebAssembly.Module.customSections(m, 'producers'), []);
  assert.equal(WebAssembly.Module.customSections(m, 'name').length, 1, 'a name section stays');
  assert.ok(!js.includes(IMPORT) && !js.includes(`wasm.${INVOKE}`) && !js.includes('./x_bg.js'));
  assert.match(js, /^ {8}a: function\(\) \{$/m);
  assert.match(js, /"a": import0/);
  assert.match(js, /wasm\.run\(\);/);
  assert.match(js, /wasm\.b\(\);/);
  assert.ok(!/Dead/.test(js), 'the class whose wasm side is gone is removed with its registry');
  // The glue's import object, evaluated, fits the renamed wasm: a call reaches the import.
  const imports = new Function(`${js.replace(/^export /gm, '')}\nreturn __wbg_get_imports();`)();
  const { instance } = await WebAssembly.instantiate(bytes, imports);
  globalThis.finishWasmCalls = 0;
  instance.exports.run();
  instance.exports.b();
  assert.equal(globalThis.finishWasmCalls, 2);
});

test('refuses a glue it does not recognise and leaves both files as they were', () => {
  for (const js of [
    glue([IMPORT, IMPORT]), // an import that is a key twice
    glue([]), // an import that is no key
    glue().replace('"./x_bg.js"', '"./y_bg.js"'), // another module name
    glue() + 'Dead.name;\n', // a removed class named elsewhere
  ]) {
    const dir = setUp(js);
    const r = run(dir);
    assert.equal(r.status, 1, `refused:\n${js}`);
    assert.match(r.stderr, /^finish-wasm: .*left as they are/);
    assert.equal(readFileSync(join(dir, 'x.js'), 'utf8'), js);
    assert.deepEqual(readFileSync(join(dir, 'x_bg.wasm')), module());
  }
});
