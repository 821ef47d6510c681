// mount(element, options) renders the builder into any element and returns a handle.
import { mount, validate } from '../apigw-integration-builder.js';

const here = document.getElementById('here');
const out = document.getElementById('resource');
const toggle = document.getElementById('toggle');
const options = { preset: 'sqs', panels: ['form', 'output'], storageKey: null, onChange: (d) => { out.textContent = d.resource ?? '(output withheld)'; } };
let handle = mount(here, options);
window.exampleHandle = handle;
toggle.addEventListener('click', () => {
  if (handle) {
    handle.unmount();
    handle = null;
    toggle.textContent = 'Mount';
  } else {
    handle = mount(here, options);
    toggle.textContent = 'Unmount';
  }
  window.exampleHandle = handle;
});
// The API works without any UI too.
console.info('validate({}) finds', validate({}).length, 'problems');
