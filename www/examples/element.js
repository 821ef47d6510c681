// Listens to the element's change event (its detail: config, resource, importBlock,
// importCommand, diagnostics).
const el = document.getElementById('builder');
const out = document.getElementById('last-change');
el.addEventListener('change', (e) => {
  const errors = e.detail.diagnostics.filter((d) => d.severity === 'error').length;
  out.textContent = `${errors} error(s)\n${e.detail.resource ?? '(output withheld)'}`;
});
