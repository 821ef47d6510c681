// A static file server for dist/ that sends the app's Content-Security-Policy, used by
// the end-to-end tests and by `./scripts/run`.
//
//   node tools/serve.mjs [DIR] [PORT]           (default: dist 8080, on 127.0.0.1)
import { createServer } from 'node:http';
import { brotliCompressSync, constants } from 'node:zlib';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'none'";
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.ts': 'text/plain; charset=utf-8', '.wasm': 'application/wasm', '.css': 'text/css', '.png': 'image/png', '.svg': 'image/svg+xml' };

/**
 * Serves `dir` on 127.0.0.1:`port` (0 = any free port); resolves to the server. `dir` may
 * also be an object of URL prefixes to folders (`{ '/tools/apigw/': 'dist', '/docs/':
 * 'host' }`), as a portal serves the build under a path of its own. With `brotli`, text
 * and wasm go out brotli-compressed (quality 11, as `scripts/size` counts them) to
 * clients that accept it, as a production server sends them; `types` overrides the
 * Content-Type of an extension (`{ '.wasm': 'application/octet-stream' }`, as a
 * misconfigured server sends it). With `isolated`, pages are cross-origin isolated
 * (COOP `same-origin`, COEP `require-corp`; everything here is same-origin), which gives
 * `performance.now()` 5 µs resolution in Chromium instead of 100 µs (the benchmarks).
 */
export function serve(dir, port = 0, { brotli = false, types = {}, isolated = false } = {}) {
  const compressed = new Map();
  const mounts = typeof dir === 'string' ? { '/': dir } : dir;
  const server = createServer(async (req, res) => {
    let path;
    try {
      path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    } catch {
      res.writeHead(400, { 'Content-Type': 'text/plain' }).end('bad request');
      return;
    }
    const prefix = Object.keys(mounts).sort((a, b) => b.length - a.length).find((p) => path.startsWith(p));
    if (!prefix) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    const rest = path.slice(prefix.length);
    const file = join(mounts[prefix], rest === '' || rest.endsWith('/') ? join(rest, 'index.html') : rest);
    try {
      let body = await readFile(file);
      const headers = { 'Content-Type': types[extname(file)] ?? TYPES[extname(file)] ?? 'application/octet-stream', 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff' };
      if (isolated) Object.assign(headers, { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' });
      if (brotli && TYPES[extname(file)] && /\bbr\b/.test(req.headers['accept-encoding'] ?? '')) {
        if (!compressed.has(file)) compressed.set(file, brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
        body = compressed.get(file);
        Object.assign(headers, { 'Content-Encoding': 'br', Vary: 'Accept-Encoding' });
      }
      res.writeHead(200, headers);
      res.end(body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  return new Promise((ok, fail) => {
    server.on('error', fail);
    server.listen(port, '127.0.0.1', () => ok(server));
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = resolve(process.argv[2] ?? 'dist');
  const server = await serve(dir, Number(process.argv[3] ?? 8080));
  console.log(`Serving ${dir} on http://127.0.0.1:${server.address().port}/ (Ctrl-C to stop)`);
}
