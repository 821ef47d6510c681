// apigw-integration-builder: the one stable module. A page loads it with
//   <script type="module" src="/any/base/path/apigw-integration-builder.js"></script>
// and gets the <apigw-integration-builder> custom element, mount(), and the JS API
// (validate, render, parse, rules, presets). The wasm and the CSS are found relative to
// this file's own URL, the wasm is loaded once per page however many instances there
// are, and nothing here needs 'unsafe-inline' or 'unsafe-eval' (only 'wasm-unsafe-eval').
//
// This file is deliberately thin: options are checked, state is kept and everything is
// rendered by the Rust core (src/js.rs, src/ui/); it only maps DOM conventions onto it.
const here = import.meta.url;
const cssUrl = new URL('./apigw-integration-builder.css', here).href;
const wasmUrl = new URL('./apigw-integration-web_bg.wasm', here);
// The wasm is fetched and compiled while it downloads and while the glue module loads:
// a static import of the glue would run this module only once the glue had loaded, and
// the glue would only then ask for the wasm. Where streaming compilation is refused (a
// server that does not send application/wasm), the glue's own loader takes the URL and
// falls back to compiling the bytes.
const compiling = WebAssembly.compileStreaming(fetch(wasmUrl)).catch(() => null);
// The reader module (the HCL file parser, the AWS import, the rule table's texts and the
// mapping editors' completions: src/reader.rs) is not part of the first load: it is
// imported the first time something is read (a paste, a starting template, parse()), a
// rule text is shown (the rules reference, rules()) or a mapping editor gets the focus,
// once per page. A failed load is forgotten, so the next
// read tries again.
// Its wasm is fetched and compiled while its glue loads, as the form's is above. A page
// whose elements start from a template needs it at once: then it loads beside the form's.
let reader = null;
let readerModule = null;
function loadReader() {
  reader ??= (async () => {
    const url = new URL('./apigw-integration-reader_bg.wasm', here);
    const compiling = WebAssembly.compileStreaming(fetch(url)).catch(() => null);
    const m = await import('./apigw-integration-reader.js');
    await m.default({ module_or_path: (await compiling) ?? url });
    readerModule = m;
    return m;
  })().catch((e) => {
    reader = null;
    throw e;
  });
  return reader;
}
const templates = document.querySelector('apigw-integration-builder > template') !== null;
if (templates) loadReader().catch(() => {});
// The form's wasm comes in two (tools/split-wasm, run by scripts/build): what a first visit's
// start runs, and the rest, which loads in the background once the form is drawn. A start that reads a
// configuration runs some of the rest (the expression parser, the JSON readers, the views
// of filled fields): a share link in the address, a saved state (this origin's storage is
// not empty), a template or a preset on an element. Then the rest is fetched and compiled
// while the first piece is instantiated, once the compiled first piece says the build is split
// (it exports the table the rest fills, `%rest`; `trunk serve`'s build and SPLIT=0's have
// none, and nothing is fetched). (A start that needs it unforeseen, such as mount() with a
// preset, loads it at once, synchronously: slower, never wrong.)
const storageUsed = () => {
  try {
    return localStorage.length > 0;
  } catch {
    return false;
  }
};
const readsConfiguration = /^#[sw]=/.test(location.hash) || templates || document.querySelector('apigw-integration-builder[preset]') !== null || storageUsed();

const core = await import('./apigw-integration-web.js');
const REST_TABLE = '%rest';
const restUrl = new URL('./apigw-integration-web_rest.wasm', here);
const first = await compiling;
const restEarly = readsConfiguration && first && WebAssembly.Module.exports(first).some((e) => e.name === REST_TABLE)
  ? compileRest().catch(() => null)
  : null;
const wasm = await core.default({ module_or_path: first ?? wasmUrl });
const split = REST_TABLE in wasm;

// ---- The rest of the form's code ----
// Instantiating it with the first piece's exports is loading it: it takes the memory, the
// tables and the functions it calls from them, and fills the first piece's `%rest` table,
// where the stubs of its functions look. A stub that finds its slot empty asks the core to
// load it now (setRestLoader below): synchronously, since the function it stands for must
// answer at once.
let restLoaded = false;
let restLoading;
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
  const failed = (why) => new Error(`the builder could not load the rest of its code, ${restUrl} (${why}): serve it beside apigw-integration-web_bg.wasm, allow sync-xhr, and reload the page`);
  try {
    request.send();
  } catch (e) {
    throw failed(e.message);
  }
  if (request.status !== 200) throw failed(`HTTP ${request.status}`);
  const text = request.responseText;
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  restInstance(new WebAssembly.Module(bytes));
}
async function compileRest() {
  const response = await fetch(restUrl);
  if (!response.ok) throw new Error(`failed to load ${restUrl}: ${response.status}`);
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
// Given in every build, split or not: the split keeps in the first piece what the start runs,
// measured on the build before it is split, so this call must run there too.
core.setRestLoader(loadRestNow);
// The rest, when the start needs it; else it loads once the form is drawn (at the end of
// this file).
if (restEarly) await loadRest((await restEarly) ?? undefined).catch(() => {});
// A compressed share link in the page's address is inflated by the browser, which is
// asynchronous: once, here, so that an instance reading links starts from it at once.
await core.prepare();

// The core's door to it: the answer at once when the module is loaded (so an instance
// starts from its template without drawing twice), else a promise of it.
core.setReader((text, apiId, protocol) => (readerModule ? readerModule.take(text, apiId, protocol) : loadReader().then((m) => m.take(text, apiId, protocol))));
// The texts and tables the reader module carries and the form's wasm does not: `rules` (the
// rules reference's rows), `help` (the help book), `completions` (the mapping editors'),
// or a promise of it.
const books = { rules: (m) => m.rules(), help: (m) => m.help(), completions: (m) => m.completions() };
const book = (m, name) => JSON.parse(books[name](m));
core.setBooks((name) => (readerModule ? book(readerModule, name) : loadReader().then((m) => book(m, name))));
// Elements on this page start from templates: let the reader finish loading (it has been
// loading beside the form's wasm) before they start.
if (templates) await loadReader().catch(() => {});

// A failure inside the wasm (a trap, or a stack overflow the engine reports as a
// RangeError) cuts a call short and can leave the module's state half-updated. The core
// bounds every pass over its input, so this is a last line of defence: the module stops
// saving (core.halt) so that no broken state reaches storage, and every instance says so
// where it is drawn. Failures are caught where the page calls in (the API below) and where
// the browser does (event handlers, timers: the window's error events).
let failure = null;
// An exception caught at the very bottom of the stack, where not even a look at it could be
// called: looked at when the core next asks whether it may save (healthy), or at the next call.
let suspect = null;
let told = false;
const shadows = new Set();
// (No regular expression: compiling one needs stack, which a failure may not have left.)
const failedWasm = (e) => e instanceof WebAssembly.RuntimeError || (e instanceof RangeError && String(e.message).includes('call stack'));
function sayFailed(shadow) {
  if (!failure || shadow.querySelector('p.failed[role="alert"]')) return;
  const p = document.createElement('p');
  p.setAttribute('role', 'alert');
  p.className = 'failed';
  p.textContent = `The builder stopped after an internal error (${failure.message}). To keep your saved work safe it saves nothing more: the state saved before the error is kept, and a reload goes back to it. Copy out anything you typed since that you need, then reload the page.`;
  (shadow.querySelector(':scope > .apigw-root') ?? shadow).prepend(p);
}
function tell() {
  if (told || !failure) return;
  told = true;
  for (const shadow of shadows) sayFailed(shadow);
}
function failed(e) {
  if (failure || !failedWasm(e)) return;
  failure = e;
  try { core.halt(); } catch { /* the module is gone: nothing saves either way */ }
  setTimeout(tell, 0);
}
/** Whether the core may go on saving: false once a failure was noted (and then said). */
function healthy() {
  if (suspect) {
    failed(suspect);
    suspect = null;
  }
  if (failure) tell();
  return failure === null;
}
addEventListener('error', (ev) => failed(ev.error));
addEventListener('unhandledrejection', (ev) => failed(ev.reason));
/** Calls into the wasm, noting a failure there ([failed]) before it is thrown on. */
function guard(call) {
  try {
    healthy();
    return call();
  } catch (e) {
    try {
      failed(e);
    } catch {
      suspect = e;
    }
    throw e;
  }
}
core.setHealth(healthy);

/** Checks a configuration: every diagnostic, `[{code, severity, path, message}]`. */
export const validate = (config) => guard(() => core.validate(config));
/** Renders a configuration: `{ok, resource, importBlock, importCommand, diagnostics}`. */
export const render = (config) => guard(() => core.render(config));
/** Parses HCL text: a promise of `{integrations: [config], diagnostics}` (the parser loads on first use). */
export const parse = async (hclText) => JSON.parse((await loadReader()).parse(hclText));
/** A promise of the rule table (its texts load with the parser, on first use). */
export const rules = async () => JSON.parse((await loadReader()).rules());
/** The documented examples: `[{id, label, protocol, config}]`. */
export const presets = () => core.presets();
/** The bytes of WebAssembly memory the builder holds now (for monitoring; it never shrinks). */
export const memoryBytes = () => wasm.memory.buffer.byteLength;

const OPTION_KEYS = ['protocol', 'preset', 'storageKey', 'readonly', 'panels', 'theme', 'template', 'shareLinks', 'onChange'];

/** Splits `mount()`'s options into what the core checks and the change callback. */
function splitOptions(options) {
  if (options === undefined || options === null) return [{}, null];
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`mount(element, options): options must be an object, got ${Array.isArray(options) ? 'an array' : typeof options}`);
  }
  const unknown = Object.keys(options).filter((k) => !OPTION_KEYS.includes(k));
  if (unknown.length) throw new TypeError(`mount(element, options): unknown option ${unknown.map((k) => `\`${k}\``).join(', ')}; the options are ${OPTION_KEYS.join(', ')}`);
  const { onChange, ...rest } = options;
  if (onChange !== undefined && onChange !== null && typeof onChange !== 'function') {
    throw new TypeError('mount(element, options): onChange must be a function');
  }
  // The core reads plain JSON-like values; `storageKey: null` means no autosave.
  if (rest.storageKey === null) delete rest.storageKey;
  return [rest, onChange ?? null];
}

/** A handle on a mounted instance. */
function handle(instance, shadow, removeHost) {
  return {
    getConfig: () => guard(() => instance.getConfig()),
    setConfig: (config) => guard(() => instance.setConfig(config)),
    get resource() { return guard(() => instance.output().resource); },
    get importBlock() { return guard(() => instance.output().importBlock); },
    get diagnostics() { return guard(() => instance.diagnostics()); },
    unmount() {
      shadows.delete(shadow);
      instance.unmount();
      removeHost();
    },
  };
}

/** Mounts into a shadow root, noted for the failure notice ([failed]). */
function mountIn(shadow, opts, onChange) {
  const instance = guard(() => core.mountInShadow(shadow, cssUrl, opts, onChange));
  shadows.add(shadow);
  sayFailed(shadow);
  return instance;
}

/**
 * Renders a builder into `element` (in a shadow root of its own, so neither side's CSS
 * reaches the other) and returns `{getConfig, setConfig, resource, importBlock,
 * diagnostics, unmount}`. `unmount()` removes every node and listener it added.
 */
export function mount(element, options) {
  if (!(element instanceof Element)) throw new TypeError('mount(element, options): element must be a DOM element');
  const [opts, onChange] = splitOptions(options);
  const host = element.ownerDocument.createElement('div');
  host.className = 'apigw-integration-builder';
  element.append(host);
  const shadow = host.attachShadow({ mode: 'open' });
  let instance;
  try {
    instance = mountIn(shadow, opts, onChange);
  } catch (e) {
    host.remove();
    throw e;
  }
  return handle(instance, shadow, () => host.remove());
}

/** Attribute → option. */
function optionsOf(el) {
  const opts = {};
  for (const [attr, key] of [['protocol', 'protocol'], ['preset', 'preset'], ['storage-key', 'storageKey'], ['panels', 'panels'], ['theme', 'theme']]) {
    const v = el.getAttribute(attr);
    if (v !== null && v !== '') opts[key] = v;
  }
  if (el.hasAttribute('readonly')) opts.readonly = true;
  const template = el.querySelector(':scope > template');
  if (template) opts.template = template.content.textContent;
  return opts;
}

/**
 * `<apigw-integration-builder protocol preset storage-key readonly panels theme>`, with
 * optional starting HCL in a child `<template>`. Properties: `config` (get/set),
 * `resource`, `importBlock`, `diagnostics`. Fires `change` (bubbles, composed) after
 * every edit with `detail: {config, resource, importBlock, importCommand, diagnostics}`.
 */
export class ApigwIntegrationBuilder extends HTMLElement {
  static observedAttributes = ['protocol', 'preset', 'storage-key', 'readonly', 'panels', 'theme'];
  #instance = null;
  #error = null;

  connectedCallback() {
    if (!this.#instance) this.#start();
  }

  disconnectedCallback() {
    if (this.shadowRoot) shadows.delete(this.shadowRoot);
    this.#instance?.unmount();
    this.#instance = null;
  }

  attributeChangedCallback(name, before, after) {
    if (!this.#instance || before === after) return;
    // A new preset or protocol starts a new configuration; other attributes keep it.
    const keep = name === 'preset' || name === 'protocol' ? null : guard(() => this.#instance.getConfig());
    this.#instance.unmount();
    this.#start();
    if (keep && !this.hasAttribute('storage-key')) guard(() => this.#instance?.setConfig(keep));
  }

  #start() {
    const shadow = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    shadow.replaceChildren();
    try {
      this.#instance = mountIn(shadow, optionsOf(this), (detail) => {
        this.dispatchEvent(new CustomEvent('change', { detail, bubbles: true, composed: true }));
      });
      this.#error = null;
    } catch (e) {
      // Bad attributes: say so where the widget would be, and in the console.
      this.#instance = null;
      this.#error = e;
      const p = document.createElement('p');
      p.setAttribute('role', 'alert');
      p.textContent = `apigw-integration-builder: ${e.message}`;
      shadow.append(p);
      console.error(e);
    }
  }

  #live() {
    if (!this.#instance) throw this.#error ?? new Error('apigw-integration-builder is not connected to a document');
    return this.#instance;
  }

  get config() { return guard(() => this.#live().getConfig()); }
  set config(value) { guard(() => this.#live().setConfig(value)); }
  get resource() { return guard(() => this.#live().output().resource); }
  get importBlock() { return guard(() => this.#live().output().importBlock); }
  get diagnostics() { return guard(() => this.#live().diagnostics()); }
}

if (!customElements.get('apigw-integration-builder')) {
  customElements.define('apigw-integration-builder', ApigwIntegrationBuilder);
}

// The rest of the form's code, unless the start has loaded it (loadRest is then done at
// once; a start whose load failed tries again here): in the next task, after the elements
// above (and a page script's mount(), which runs right after this module) have mounted. Its
// download and compilation are off the main thread; only its instantiation is on it.
// (Waiting for an idle moment, requestIdleCallback, had it arrive 90 ms after the form was
// usable on loopback, 170 ms at 40 ms latency: a window for a first keystroke to load it
// synchronously.)
if (split) setTimeout(() => loadRest().catch(() => {}), 0);
