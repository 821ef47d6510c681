// Records every change event per element, for the end-to-end test.
window.changes = { one: [], two: [], three: [] };
for (const id of Object.keys(window.changes)) {
  document.getElementById(id).addEventListener('change', (e) => window.changes[id].push(e.detail));
}
