// Measures <matang-calculator> the same way for any build of the package, so a change can
// be compared before and after (BENCHMARKS.md, "Calculator"):
//
//   node bindings-wasm/bench/calculator-bench.mjs [pkg folder, default bindings-wasm/www/pkg] [runs, default 5]
//
// * sizes of matang_bg.wasm: raw, gzip -9, brotli -q 11, and of the JS the page loads;
// * load to first score: a fresh browser context opens the demo page served by serve.mjs
//   (brotli), sets a full record once `ready` resolves, and times the first result event;
// * per keystroke, 100 times, on the quickwin pack and on a made-up pack of 200
//   indicators: input to result shown (the widget's debounce set to 0), and the longest
//   the page's main thread was blocked from the input until the frame showing the result
//   was drawn (the largest gap of a MessageChannel chain that ticks whenever it is free).
// The widget before the Web Worker change emitted `change`, after it `matang-change`: both
// are listened to.
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";
import { chromium } from "playwright-core";
import { createStaticServer, send } from "../serve.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const wasmDir = path.resolve(here, "..");
const pkg = path.resolve(process.argv[2] ?? path.join(wasmDir, "www/pkg"));
const runs = Number(process.argv[3] ?? 5);
const record = JSON.parse(await readFile(path.join(wasmDir, "tests/data/records.json"), "utf8"))[0];

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];
const round = (x) => Math.round(x * 10) / 10;

/** A valid pack of `n` indicators over 20 number fields, each rule a loop of 400 steps
 * (about 1,600 operations, far inside the sandbox's 50,000): a heavy but legitimate pack. */
function bigPack(n) {
  let toml = `[pack]\nid = "big"\nversion = "1"\nname = "big"\n`;
  for (let f = 0; f < 20; f++) toml += `[[field]]\nid = "f${f}"\ntype = "number"\nmin = 0\nmax = 100\nlabel = "f${f}"\n${f === 0 ? "required = true\n" : ""}`;
  for (let d = 0; d < 5; d++) toml += `[[dimension]]\nid = "D${d}"\nweight = 1\nlabel = "D${d}"\n`;
  for (let i = 0; i < n; i++) {
    toml += `[[indicator]]\nid = "i${i}"\ndimension = "D${i % 5}"\nlabel = "i${i}"\nrule = "if f${i % 20} == () { () } else { let s = 0; for k in 0..400 { s += k % 7; } clamp(f${i % 20} / 20.0 + s % 3, 0.0, 5.0) }"\n`;
  }
  toml += `[[level]]\nrank = 1\nid = "a"\nmin = 0\nlabel = "A"\n[[level]]\nrank = 2\nid = "b"\nmin = 2.5\nlabel = "B"\n`;
  return toml;
}
const virtual = new Map([
  ["/bench-big/pack.toml", bigPack(200)],
  ["/bench-big.html", `<!doctype html><meta charset="utf-8"><script type="module" src="/pkg/matang-calculator.js"></script>
    <body><matang-calculator src="/bench-big/pack.toml" lang="en" debounce="0"></matang-calculator></body>`],
  ["/bench-quickwin.html", `<!doctype html><meta charset="utf-8"><script type="module" src="/pkg/matang-calculator.js"></script>
    <body><matang-calculator lang="en" debounce="0"></matang-calculator></body>`],
]);

const server = createStaticServer({
  root: path.join(wasmDir, "www"), mounts: { "/pkg/": pkg },
  route: (req, res, p) => {
    if (!virtual.has(p)) return false;
    send(req, res, p, Buffer.from(virtual.get(p)));
    return true;
  },
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"] });

/** Listens for the first result of either event name, from the start of the page. */
const WATCH = () => {
  window.__results = [];
  // A result, or an error shown in its place (a busy machine can push a record past the
  // sandbox's time limit): either way the widget has answered the keystroke.
  for (const name of ["change", "matang-change", "error", "matang-error"]) {
    document.addEventListener(name, (e) => {
      if (e.target?.tagName !== "MATANG-CALCULATOR" || (name.endsWith("change") && !e.detail)) return;
      window.__results.push(performance.now());
      if (name.endsWith("error")) window.__errors = (window.__errors ?? 0) + 1;
    }, true);
  }
};

async function firstScore() {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(WATCH);
  await page.addInitScript((r) => {
    customElements.whenDefined("matang-calculator").then(async () => {
      const el = document.querySelector("matang-calculator");
      await el.ready;
      window.__set = performance.now();
      el.record = r;
    });
  }, record);
  await page.goto(`${base}/`);
  await page.waitForFunction(() => window.__set !== undefined && window.__results.some((t) => t >= window.__set), null, { timeout: 60_000 });
  const t = await page.evaluate(() => window.__results.find((x) => x >= window.__set));
  await context.close();
  return t;
}

async function keystrokes(url, fieldName, fill, start, mod) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(WATCH);
  await page.goto(`${base}${url}`);
  await page.waitForFunction(() => document.querySelector("matang-calculator")?.shadowRoot.querySelector("[name]"), null, { timeout: 120_000 });
  const out = await page.evaluate(async ([fieldName, fill, start, mod]) => {
    const el = document.querySelector("matang-calculator");
    await el.ready;
    const root = el.shadowRoot;
    for (const [k, v] of Object.entries(fill)) {
      const input = root.querySelector(`[name="${k}"]`);
      if (!input) continue;
      input.value = String(v);
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }
    await new Promise((ok) => setTimeout(ok, 500));
    const input = root.querySelector(`[name="${fieldName}"]`);
    const latency = [], blocked = [];
    for (let i = 0; i < 100; i++) {
      const before = window.__results.length;
      // A MessageChannel chain: ticks as often as the thread is free (timers clamp to 4 ms).
      let stall = 0;
      let last = performance.now();
      let ticking = true;
      const channel = new MessageChannel();
      channel.port1.onmessage = () => { const now = performance.now(); stall = Math.max(stall, now - last); last = now; if (ticking) channel.port2.postMessage(0); };
      channel.port2.postMessage(0);
      const t0 = performance.now();
      input.value = String(start + ((i * 7) % mod));
      input.dispatchEvent(new Event("input", { bubbles: true }));
      while (window.__results.length === before) {
        if (performance.now() - t0 > 10_000) throw new Error(`no result for ${input.value}: ${root.querySelector(".notice")?.textContent}`);
        await new Promise((ok) => setTimeout(ok, 0));
      }
      latency.push(window.__results[before] - t0);
      // Until the frame that shows the result is drawn: style, layout and paint count too.
      await new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 0)));
      ticking = false;
      stall = Math.max(stall, performance.now() - last);
      channel.port1.close();
      blocked.push(stall);
      await new Promise((ok) => setTimeout(ok, 20));
    }
    return { latency, blocked, errors: window.__errors ?? 0 };
  }, [fieldName, fill, start, mod]);
  await context.close();
  return out;
}

const wasm = await readFile(path.join(pkg, "matang_bg.wasm"));
let js = 0;
for (const f of await readdir(pkg)) if (f.endsWith(".js")) js += (await readFile(path.join(pkg, f))).length;
const sizes = {
  wasm_raw: wasm.length, wasm_gzip9: gzipSync(wasm, { level: 9 }).length,
  wasm_brotli11: brotliCompressSync(wasm, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length, js_raw: js,
};
const first = [];
for (let i = 0; i < runs; i++) first.push(await firstScore());
const result = { pkg, sizes, first_score_ms: { median: round(median(first)), p95: round(p95(first)), runs: first.map(round) } };
for (const [name, url, field, fill, start, mod] of [
  ["quickwin", "/bench-quickwin.html", "active_users_month", record, 1000, 5000],
  ["200 indicators", "/bench-big.html", "f0", { f1: 10, f2: 20, f3: 30 }, 1, 99],
]) {
  const k = await keystrokes(url, field, fill, start, mod);
  result[name] = {
    input_to_result_ms: { median: round(median(k.latency)), p95: round(p95(k.latency)) },
    main_thread_blocked_ms: { median: round(median(k.blocked)), p95: round(p95(k.blocked)) },
    errors_shown: k.errors,
  };
}
console.log(JSON.stringify(result, null, 2));
await browser.close();
server.close();
