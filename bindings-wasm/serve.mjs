#!/usr/bin/env node
// A small static server for the calculator that compresses: brotli or gzip, whichever the
// browser accepts (`Content-Encoding`, `Vary: Accept-Encoding`), `.wasm` as
// `application/wasm`, and `Cache-Control` that lets browsers keep the package. The e2e
// tests and the benchmark use it too, so what is measured is what the README advises.
//
//   node bindings-wasm/serve.mjs [folder, default bindings-wasm/www] [--port 8000] [--host 127.0.0.1]
//
// Any server does the same with its own settings (nginx `gzip_types application/wasm`,
// `brotli_static`; Apache `mod_deflate`/`mod_brotli`): see bindings-wasm/README.md.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";
import { fileURLToPath } from "node:url";

export const TYPES = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm", ".json": "application/json", ".toml": "text/plain; charset=utf-8",
  ".rhai": "text/plain; charset=utf-8", ".ts": "text/plain; charset=utf-8", ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml", ".png": "image/png", ".csv": "text/csv; charset=utf-8",
};
const COMPRESSIBLE = new Set([".html", ".js", ".mjs", ".wasm", ".json", ".toml", ".rhai", ".ts", ".css", ".svg", ".csv"]);

/** The encoding to send for an `Accept-Encoding` header: "br", "gzip" or null. */
export function pickEncoding(accept = "") {
  const offered = new Map(String(accept).split(",").map((part) => {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    return [name, q ? Number(q.slice(2)) : 1];
  }));
  for (const name of ["br", "gzip"]) if ((offered.get(name) ?? offered.get("*") ?? 0) > 0) return name;
  return null;
}

/** Compressed bodies by file, encoding and modification time (compressed once each). */
const cache = new Map();
function compress(key, body, encoding) {
  const hit = cache.get(`${encoding}:${key}`);
  if (hit) return hit;
  const out = encoding === "br"
    ? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } })
    : gzipSync(body, { level: 9 });
  cache.set(`${encoding}:${key}`, out);
  return out;
}

/**
 * Sends `body` (of a file named `name`) compressed when the request accepts it.
 * `headers` are added (e.g. a CSP); `cacheControl` defaults to revalidating every time.
 */
export function send(req, res, name, body, { status = 200, headers = {}, cacheControl = "no-cache", key = null } = {}) {
  const ext = path.extname(name);
  const out = { "content-type": TYPES[ext] ?? "application/octet-stream", "cache-control": cacheControl,
    "x-content-type-options": "nosniff", ...headers };
  let data = body;
  const encoding = COMPRESSIBLE.has(ext) && body.length > 512 ? pickEncoding(req.headers["accept-encoding"]) : null;
  if (COMPRESSIBLE.has(ext)) out.vary = "Accept-Encoding";
  if (encoding) {
    data = key ? compress(key, body, encoding) : encoding === "br" ? brotliCompressSync(body) : gzipSync(body);
    out["content-encoding"] = encoding;
  }
  out["content-length"] = String(data.length);
  res.writeHead(status, out);
  res.end(req.method === "HEAD" ? undefined : data);
}

/**
 * A server for `root`, with `mounts` (URL prefix to folder, e.g. {"/pkg/": ".../pkg-test"})
 * and `route(req, res, pathname)`, tried first, that may answer a request itself and
 * return true. Files are looked up only inside their folder.
 */
export function createStaticServer({ root, mounts = {}, route = null, headers = () => ({}) }) {
  return createServer(async (req, res) => {
    const url = new URL(req.url, "http://x");
    let pathname;
    try { pathname = decodeURIComponent(url.pathname); } catch { res.writeHead(400).end(); return; }
    if (route && (await route(req, res, pathname))) return;
    let base = path.resolve(root);
    let rel = pathname;
    for (const [prefix, dir] of Object.entries(mounts)) {
      if (pathname.startsWith(prefix)) { base = path.resolve(dir); rel = pathname.slice(prefix.length - 1); break; }
    }
    if (rel.endsWith("/")) rel += "index.html";
    const file = path.resolve(base, `.${rel}`);
    if (file !== base && !file.startsWith(base + path.sep)) { res.writeHead(403).end(); return; }
    try {
      const info = await stat(file);
      if (!info.isFile()) throw new Error("not a file");
      const body = await readFile(file);
      send(req, res, file, body, { key: `${file}:${info.mtimeMs}`, headers: headers(pathname) });
    } catch {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    }
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const option = (name, fallback) => { const i = args.indexOf(name); return i >= 0 ? args.splice(i, 2)[1] : fallback; };
  const port = Number(option("--port", "8000"));
  const host = option("--host", "127.0.0.1");
  const root = args[0] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), "www");
  createStaticServer({ root }).listen(port, host, () => {
    console.log(`serving ${path.resolve(root)} at http://${host}:${port}/ (brotli/gzip)`);
  });
}
