// The static file server of the build tools (tools/serve.mjs), which the end-to-end tests
// share: one server, so the tests serve dist/ as the build's profile does.
export * from '../../tools/serve.mjs';
