// The standalone page: one more consumer of the embeddable module. It mounts one
// builder that autosaves under the page's own key and reads and offers share links.
// (A static file, so the page runs under a strict CSP with no inline script.)
import * as builder from './apigw-integration-builder.js';

builder.mount(document.getElementById('app'), { storageKey: 'apigw-integration-builder/state', shareLinks: true });
// For scripts on this page and the end-to-end tests: the same API the module exports.
window.wasmBindings = builder;
document.documentElement.dataset.ready = 'true';
dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { bindings: builder } }));
