// WebAssembly instances of the matang binding for <matang-calculator>.
//
// Each widget runs its pack in an instance of its own, so a pack that crashes its instance
// (a trap: with panic = "abort" any panic is one, and the instance is unusable afterwards)
// cannot reach the other widgets. wasm-bindgen's glue holds one instance per module, so each
// instance is a copy of matang.js imported under its own URL; the compiled module is shared.

import init from "./matang.js";

// Two modules behind the same glue: without the TOML parser (the built-in packs, precompiled)
// and with it (custom packs, `Pack.fromFiles`), fetched only when a custom pack is used.
// Each URL is written out so that bundlers (Vite) ship both files.
const WASM_URLS = {
  builtin: new URL("./matang_bg.wasm", import.meta.url),
  toml: new URL("./matang_toml_bg.wasm", import.meta.url),
};
const compiled = {};
/** The WASM module (`"builtin"`, or `"toml"` with the TOML parser), fetched and compiled once
 * per page; each instance (and each calculator's worker, which receives it by postMessage)
 * instantiates it. */
export function wasmModule(kind = "builtin") {
  const url = WASM_URLS[kind];
  if (!url) return Promise.reject(new TypeError(`no WASM module '${kind}' (builtin or toml)`));
  compiled[kind] ??= (async () => {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    // compileStreaming needs the application/wasm type; some static servers send another.
    if (response.headers.get("content-type")?.startsWith("application/wasm")) {
      return WebAssembly.compileStreaming(response);
    }
    return WebAssembly.compile(await response.arrayBuffer());
  })().catch((e) => { compiled[kind] = null; throw e; });
  return compiled[kind];
}

const kindOf = (options) => (options?.toml ? "toml" : "builtin");

let shared = null;
/** Initialises the page's shared `matang.js` instance, the one `import { Pack } from
 * "./matang.js"` gives, with the built-in packs only, or with `{ toml: true }` the module
 * that also reads custom packs (the first call decides). The widgets do not use it: each
 * one creates its own instance. */
export function initMatang(options = {}) {
  shared ??= wasmModule(kindOf(options)).then((module) => init({ module_or_path: module }));
  return shared;
}

let instances = 0;
/** A fresh, independent instance of the binding (`{ Pack, version, ... }`): a copy of
 * matang.js under its own module URL, with its own WASM memory; `{ toml: true }` for the
 * module that also reads custom packs (`Pack.fromFiles`). */
export async function createMatangInstance(options = {}) {
  const module = await wasmModule(kindOf(options));
  const glue = await import(new URL(`./matang.js?instance=${++instances}`, import.meta.url).href);
  await glue.default({ module_or_path: module });
  return glue;
}

/** True when `e`, thrown by a call into an instance, means the instance died (a trap such
 * as `unreachable`, a stack overflow) rather than an ordinary pack, rule or input error. */
export const isCrash = (e) => !(e instanceof Error && e.name === "MatangError");

export function crashError(cause) {
  const e = new Error(`the rule pack crashed the WebAssembly instance (${cause?.message ?? cause})`, { cause });
  e.name = "MatangCrash";
  return e;
}
