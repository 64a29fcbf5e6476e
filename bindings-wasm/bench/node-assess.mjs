// Times Pack.builtin and pack.assess in Node with the web build (run bindings-wasm/build.sh first):
//   node bindings-wasm/bench/node-assess.mjs
import { readFileSync } from "node:fs";
import { initSync, Pack } from "../www/pkg/matang.js";
initSync({ module: readFileSync(new URL("../www/pkg/matang_bg.wasm", import.meta.url)) });
const records = JSON.parse(readFileSync(new URL("../tests/data/records.json", import.meta.url), "utf8"));
let t = performance.now();
const pack = Pack.builtin("smart-city-quickwin");
console.log(`Pack.builtin (cold): ${(performance.now() - t).toFixed(1)} ms`);
const ts = [];
for (let i = 0; i < 200; i++) {
  t = performance.now();
  pack.assess({ ...records[0], active_users_month: 1000 + i }, { lang: "id" });
  ts.push(performance.now() - t);
}
ts.sort((a, b) => a - b);
console.log(`assess: median ${ts[100].toFixed(3)} ms, p95 ${ts[190].toFixed(3)} ms, first-call max ${ts[199].toFixed(1)} ms`);
