// The standalone page: one more consumer of the embeddable module. It mounts one
// builder that autosaves under the page's own key and reads and offers share links.
// (A static file, so the page runs under a strict CSP with no inline script.)
// Until it starts, the page says it is loading (index.html), and if it cannot start, says
// why instead.
let builder;
try {
  builder = await import('./apigw-integration-builder.js');
  builder.mount(document.getElementById('app'), { storageKey: 'apigw-integration-builder/state', shareLinks: true });
  document.getElementById('loading')?.remove();
} catch (e) {
  const status = document.getElementById('loading') ?? document.getElementById('app').appendChild(document.createElement('p'));
  status.className = 'loading';
  status.textContent = `The builder could not start (${e?.message ?? e}). Check your connection and reload the page.`;
  status.setAttribute('role', 'alert');
  throw e;
}
// For scripts on this page and the end-to-end tests: the same API the module exports.
window.wasmBindings = builder;
document.documentElement.dataset.ready = 'true';
dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { bindings: builder } }));
