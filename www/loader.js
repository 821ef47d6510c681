// Loads the app under a strict CSP (no inline script): Trunk's pattern_script points
// here with the hashed file names in data attributes. The wasm-bindgen exports are the
// JS API (validate, render, parse, rules), published as window.wasmBindings.
const el = document.querySelector('script[data-js][data-wasm]');
const bindings = await import(el.dataset.js);
await bindings.default({ module_or_path: el.dataset.wasm });
window.wasmBindings = bindings;
document.documentElement.dataset.ready = 'true';
dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { bindings } }));
