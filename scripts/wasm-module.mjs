// Reading a wasm module's sections, for the scripts that measure it (tests/e2e/wasm-where.mjs,
// tools/start-profile.mjs). Buffers in, views of them out (nothing is copied). Nothing here
// writes a module: the build changes modules through walrus (tools/split-wasm).

/** An unsigned LEB128 number at `at.i`, which it moves past it. */
export function readLeb(buf, at) {
  let value = 0, shift = 0, byte;
  do {
    byte = buf[at.i++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return value;
}

/** A length-prefixed UTF-8 name at `at.i`, which it moves past it. */
export function readStr(buf, at) {
  const n = readLeb(buf, at);
  const s = buf.subarray(at.i, at.i + n).toString('utf8');
  at.i += n;
  return s;
}

/** The module's sections in order, `{ id, body }`; `null` if `buf` is not a wasm module. */
export function sections(buf) {
  if (buf.length < 8 || buf.readUInt32LE(0) !== 0x6d736100) return null;
  const out = [];
  for (const at = { i: 8 }; at.i < buf.length;) {
    const id = buf[at.i++];
    const size = readLeb(buf, at);
    out.push({ id, body: buf.subarray(at.i, at.i + size) });
    at.i += size;
  }
  return out;
}

/** A custom section's name (the start of its body). */
export const customName = (body) => readStr(body, { i: 0 });

/** The entries of an import section's body: `{ module, name, kind, rest }`, where `rest` is
 * the entry's description (kind byte included), as it is in the module. */
export function parseImports(body) {
  const at = { i: 0 };
  const limits = () => { const flags = body[at.i++]; readLeb(body, at); if (flags & 1) readLeb(body, at); };
  const out = [];
  for (let n = readLeb(body, at); n > 0; n--) {
    const module = readStr(body, at);
    const name = readStr(body, at);
    const start = at.i;
    const kind = body[at.i++];
    if (kind === 0) readLeb(body, at);
    else if (kind === 1) { at.i++; limits(); }
    else if (kind === 2) limits();
    else if (kind === 3) at.i += 2;
    else if (kind === 4) { at.i++; readLeb(body, at); }
    else throw new Error(`an import of unknown kind ${kind}`);
    out.push({ module, name, kind, rest: body.subarray(start, at.i) });
  }
  return out;
}

/** The function bodies of a code section's body, in order (views of it). */
export function codeBodies(body) {
  const at = { i: 0 };
  const out = [];
  for (let n = readLeb(body, at); n > 0; n--) {
    const len = readLeb(body, at);
    out.push(body.subarray(at.i, at.i + len));
    at.i += len;
  }
  return out;
}
