// WebAssembly instances of the matang binding for <matang-calculator>.
//
// Each widget runs its pack in an instance of its own, so a pack that crashes its instance
// (a trap: with panic = "abort" any panic is one, and the instance is unusable afterwards)
// cannot reach the other widgets. wasm-bindgen's glue holds one instance per module, so each
// instance is a copy of matang.js imported under its own URL; the compiled module is shared.

import init from "./matang.js";

const WASM_URL = new URL("./matang_bg.wasm", import.meta.url);
let compiled = null;
/** The WASM module, fetched and compiled once per page; each instance (and each calculator's
 * worker, which receives it by postMessage) instantiates it. */
export function wasmModule() {
  compiled ??= (async () => {
    const response = await fetch(WASM_URL);
    if (!response.ok) throw new Error(`${WASM_URL}: HTTP ${response.status}`);
    // compileStreaming needs the application/wasm type; some static servers send another.
    if (response.headers.get("content-type")?.startsWith("application/wasm")) {
      return WebAssembly.compileStreaming(response);
    }
    return WebAssembly.compile(await response.arrayBuffer());
  })().catch((e) => { compiled = null; throw e; });
  return compiled;
}

let shared = null;
/** Initialises the page's shared `matang.js` instance, the one `import { Pack } from
 * "./matang.js"` gives. The widgets do not use it: each one creates its own instance. */
export function initMatang() {
  shared ??= wasmModule().then((module) => init({ module_or_path: module }));
  return shared;
}

let instances = 0;
/** A fresh, independent instance of the binding (`{ Pack, version, ... }`): a copy of
 * matang.js under its own module URL, with its own WASM memory. */
export async function createMatangInstance() {
  const module = await wasmModule();
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

/** Healthy instances of widgets removed from the page, reused before creating new ones
 * (an instance's memory is never returned to the page, so instances are recycled). */
const idleInstances = [];

/** An instance for a widget: an idle one, else a new one. */
export const takeInstance = () => (idleInstances.length ? Promise.resolve(idleInstances.pop()) : createMatangInstance());

/** Gives back a healthy instance (never one that crashed) for the next widget. */
export function releaseInstance(glue) { idleInstances.push(glue); }
