// Code size per crate from the name section of the un-stripped rustc output:
//   CARGO_PROFILE_WASM_RELEASE_STRIP=false cargo build -p matang-wasm --target wasm32-unknown-unknown --profile wasm-release
//   node bindings-wasm/bench/wasm-sizes.mjs target/wasm32-unknown-unknown/wasm-release/matang_wasm.wasm
import fs from "node:fs";
const b = fs.readFileSync(process.argv[2]);
let p = 8;
const u = () => { let r = 0, s = 0, x; do { x = b[p++]; r |= (x & 0x7f) << s; s += 7; } while (x & 0x80); return r >>> 0; };
let nImports = 0, bodies = [], names = new Map(), sections = {};
while (p < b.length) {
  const id = b[p++]; const size = u(); const end = p + size;
  if (id === 2) { const n = u(); for (let i = 0; i < n; i++) { let l = u(); p += l; l = u(); p += l; const k = b[p++]; if (k === 0) { u(); nImports++; } else if (k === 1) { p++; const f = b[p++]; u(); if (f & 1) u(); } else if (k === 2) { const f = b[p++]; u(); if (f & 1) u(); } else if (k === 3) { p += 2; } } }
  else if (id === 10) { const n = u(); for (let i = 0; i < n; i++) { const s = u(); bodies.push(s); p += s; } }
  else if (id === 0) { const l = u(); const nm = b.slice(p, p + l).toString(); p += l; sections[nm] = size;
    if (nm === "name") { while (p < end) { const sid = b[p++]; const ss = u(); const se = p + ss; if (sid === 1) { const n = u(); for (let i = 0; i < n; i++) { const idx = u(); const l2 = u(); names.set(idx, b.slice(p, p + l2).toString()); p += l2; } } p = se; } } }
  else sections[id] = size;
  p = end;
}
const by = new Map();
bodies.forEach((s, i) => { const n = names.get(i + nImports) || "?"; let m = n.match(/(?:_ZN|^)\d*([a-z_][a-z0-9_]*)/i); let k = n.includes("rhai") ? "rhai" : n.includes("toml") ? "toml" : n.includes("serde_json") ? "serde_json" : n.includes("matang") ? "matang" : n.includes("csv") ? "csv" : n.includes("sha2") ? "sha2" : n.includes("serde") ? "serde(other)" : n.includes("wasm_bindgen") || n.includes("js_sys") ? "wasm-bindgen" : n.includes("core") || n.includes("alloc") || n.includes("std") ? "core/alloc/std" : "other"; by.set(k, (by.get(k) || 0) + s); });
const tot = bodies.reduce((a, c) => a + c, 0);
console.log("code bytes", tot, "sections", sections);
[...by].sort((a, c) => c[1] - a[1]).forEach(([k, v]) => console.log(k.padEnd(16), v, (100 * v / tot).toFixed(1) + "%"));
