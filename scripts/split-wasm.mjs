// Splits the form's wasm in two after Trunk's build: the functions the page's start runs
// (the first load) and the rest (loaded in the background once the form is drawn, or at
// once when something needs it earlier: www/apigw-integration-builder.js).
//
//   node scripts/split-wasm.mjs DIR NAME
//
// DIR/NAME_bg.wasm becomes the first piece and DIR/NAME_rest.wasm the rest. The glue
// (DIR/NAME.js) is wasm-bindgen's, untouched: the page loads the rest itself and hands the
// core its synchronous loader (setRestLoader, crates/web/src/js.rs).
//
// Which functions: those the standalone page's start ran in headless Chromium
// (tools/start-profile.mjs, on this very build), so the split is made for this build and
// never goes stale. The splitter is tools/split-wasm (walrus; how the pieces meet is said
// there), built by scripts/build, whose binary SPLIT_WASM names. It refuses (exit 1, files
// untouched) a module it cannot split, and checks both pieces before they replace the
// input.
import { writeFileSync, mkdtempSync, rmSync, copyFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { startProfile } from '../tools/start-profile.mjs';

const [dir, name] = process.argv.slice(2);
if (!dir || !name) {
  console.error('usage: node scripts/split-wasm.mjs DIR NAME');
  process.exit(64);
}
const wasmPath = join(dir, `${name}_bg.wasm`);
const restPath = join(dir, `${name}_rest.wasm`);
const splitter = process.env.SPLIT_WASM;
if (!splitter) {
  console.error('split-wasm: SPLIT_WASM is not set (scripts/build builds tools/split-wasm and sets it)');
  process.exit(1);
}
const tmp = mkdtempSync(join(tmpdir(), 'split-wasm-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

const ran = await startProfile(dir);
writeFileSync(join(tmp, 'keep.txt'), `${[...ran].join('\n')}\n`);
// Also kept, whether the start ran them or not: wasm-bindgen's runtime exports (its
// reserved prefixes), which the glue calls while it answers an import, the rest's loader
// included: a load that fails goes through them (`__wbindgen_exn_store`,
// `__externref_table_alloc`), and a stub there would load again, and again.
const runtime = ['__wbindgen_', '__externref_'];
try {
  const said = execFileSync(splitter, ['split', wasmPath, join(tmp, 'keep.txt'), join(tmp, 'first.wasm'), join(tmp, 'rest.wasm'), ...runtime], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  process.stdout.write(said);
} catch (e) {
  console.error(`${e.stderr || e.message}`.trim());
  console.error(`split-wasm: ${wasmPath} is left as it is`);
  process.exit(1);
}
copyFileSync(join(tmp, 'rest.wasm'), restPath);
copyFileSync(join(tmp, 'first.wasm'), wasmPath);
