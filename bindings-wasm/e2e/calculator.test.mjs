// End-to-end test of <matang-calculator> in headless Chromium (Debian's /usr/bin/chromium,
// driven by playwright-core). Serves bindings-wasm/www on 127.0.0.1, with /pkg/ taken from the
// test package (`MATANG_WASM_FEATURES=test-trap build.sh www/pkg-test`, done by run-tests.sh:
// the same package plus the reserved crash-on-purpose packs of src/test_trap.rs).
//
//   node --test bindings-wasm/e2e/
//
// Env: CHROMIUM (default /usr/bin/chromium), MATANG_ARTIFACTS (default <repo>/artifacts),
// MATANG_PKG (default bindings-wasm/www/pkg-test).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFile, mkdir, writeFile, mkdtemp, rm } from "node:fs/promises";
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const wasmDir = path.resolve(here, "..");
const repo = path.resolve(wasmDir, "..");
const www = path.join(wasmDir, "www");
const pkg = path.resolve(process.env.MATANG_PKG ?? path.join(www, "pkg-test"));
const artifacts = process.env.MATANG_ARTIFACTS ?? path.join(repo, "artifacts");
const records = JSON.parse(await readFile(path.join(wasmDir, "tests/data/records.json"), "utf8"));
const RECORD = records[0]; // QW-SATRIO: every field filled

const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript",
  ".wasm": "application/wasm", ".json": "application/json", ".toml": "text/plain; charset=utf-8",
  ".rhai": "text/plain; charset=utf-8", ".ts": "text/plain", ".css": "text/css" };

/** Pages and packs made up by the tests, by path (served before the files on disk). */
const VIRTUAL = new Map();

/** A tiny static server: `/` is www/, `/pkg/` the package under test, `/rules/` the
 * repository's rules/ (for the `src` test), plus VIRTUAL. */
function serve() {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://x");
    let p = decodeURIComponent(url.pathname);
    if (VIRTUAL.has(p)) {
      res.writeHead(200, { "content-type": TYPES[path.extname(p)] ?? "text/plain", "cache-control": "no-store" });
      res.end(VIRTUAL.get(p));
      return;
    }
    let base = www;
    if (p.startsWith("/rules/")) base = repo;
    else if (p.startsWith("/pkg/")) { base = pkg; p = p.slice("/pkg".length); }
    if (p.endsWith("/")) p += "index.html";
    const file = path.resolve(base, "." + p);
    if (!file.startsWith(base)) { res.writeHead(403).end(); return; }
    try {
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream", "cache-control": "no-store" });
      res.end(body);
    } catch { res.writeHead(404).end("not found"); }
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** The native Rust result for a record, from the CLI (falls back to tests/data/expected.json). */
async function native(record, lang) {
  const dir = await mkdtemp(path.join(tmpdir(), "matang-e2e-"));
  const file = path.join(dir, "record.json");
  await writeFile(file, JSON.stringify([record]));
  const bin = path.join(repo, "target/debug/matang");
  const cmd = existsSync(bin) ? [bin, []] : ["cargo", ["run", "-q", "-p", "matang", "--features", "cli", "--bin", "matang", "--"]];
  const r = spawnSync(cmd[0], [...cmd[1], "assess", "--format", "json", "--lang", lang, file], { cwd: repo, encoding: "utf8", timeout: 900_000 });
  await rm(dir, { recursive: true, force: true });
  if (r.status === 0) {
    const a = JSON.parse(r.stdout)[0];
    return { source: "cli", total: a.total, level: a.level.id, label: a.level.label };
  }
  const e = JSON.parse(await readFile(path.join(wasmDir, "tests/data/expected.json"), "utf8"))[record.id];
  return { source: "expected.json", total: e.total, level: e.level, label: null };
}

let server, browser, base;
before(async () => {
  assert.ok(existsSync(path.join(pkg, "matang_bg.wasm")),
    `no ${pkg}: run bindings-wasm/run-tests.sh (MATANG_WASM_FEATURES=test-trap bindings-wasm/build.sh ${pkg})`);
  server = await serve();
  base = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  await mkdir(artifacts, { recursive: true });
});
after(async () => { await browser?.close(); server?.close(); });

async function openDemo(viewport = { width: 1280, height: 900 }) {
  const page = await browser.newPage({ viewport });
  const errors = [];
  page.on("pageerror", (e) => errors.push(e));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  await page.goto(`${base}/`);
  await page.waitForFunction(() => document.querySelector("matang-calculator")?.pack
    && document.querySelector("matang-calculator").shadowRoot.querySelector("[name=stage]"));
  return { page, errors };
}

async function fill(page, record, calc = page.locator("matang-calculator")) {
  const schema = await calc.evaluate((el) => el.pack.schema());
  for (const f of schema) {
    if (!(f.id in record)) continue;
    const input = calc.locator(`[name="${f.id}"]`);
    const v = record[f.id];
    if (f.type === "enum" || f.type === "boolean") await input.selectOption(String(v));
    else await input.fill(String(v));
  }
}

test("the demo page fills, scores like the Rust core, switches language and validates", async (t) => {
  const { page, errors } = await openDemo();
  const calc = page.locator("matang-calculator");

  // Every input is labelled and named after its evidence field.
  const a11y = await page.evaluate(() => {
    const root = document.querySelector("matang-calculator").shadowRoot;
    return [...root.querySelectorAll("input, select")].map((el) => ({
      name: el.name, labelled: !!root.querySelector(`label[for="${el.id}"]`) }));
  });
  const schemaIds = await page.evaluate(() => document.querySelector("matang-calculator").pack.schema().map((f) => f.id));
  assert.deepEqual(a11y.map((x) => x.name), schemaIds);
  assert.ok(a11y.every((x) => x.labelled), "every input has a <label for>");

  // Keyboard: Tab reaches the language switch and the inputs.
  await calc.locator("button[data-lang=en]").focus();
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.querySelector("matang-calculator").shadowRoot.activeElement.name), schemaIds[0]);

  await page.evaluate(() => {
    window.changes = [];
    document.querySelector("matang-calculator").addEventListener("change", (e) => window.changes.push(e.detail));
  });
  await fill(page, RECORD);

  const expected = await native(RECORD, "id");
  t.diagnostic(`expected result from ${expected.source}: total ${expected.total}, level ${expected.level}`);
  const total = Number(await calc.locator('[data-testid="total"]').getAttribute("data-value"));
  assert.ok(Math.abs(total - expected.total) < 1e-9, `total ${total} != ${expected.total}`);
  assert.equal(await calc.locator('[data-testid="total"]').textContent(),
    new Intl.NumberFormat("id-ID", { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(expected.total));
  const level = calc.locator('[data-testid="level"]');
  assert.equal(await level.getAttribute("data-level"), expected.level);
  if (expected.label) assert.equal((await level.textContent()).trim(), expected.label);
  const last = await page.evaluate(() => window.changes.at(-1));
  assert.ok(Math.abs(last.total - expected.total) < 1e-9, "change event carries the assessment");
  assert.equal(await calc.locator(".bars li").count(), 5);
  assert.equal(await calc.locator("svg.radar").count(), 1);
  assert.ok((await calc.locator('[data-testid="next-level"] li').count()) >= 1);

  // Switch to English: the input is kept, labels and the level label change.
  await calc.locator("button[data-lang=en]").click();
  assert.equal(await page.getAttribute("matang-calculator", "lang"), "en");
  assert.equal(await calc.locator('label[for="f-stage"]').textContent(), "Stagerequired");
  assert.equal(await calc.locator("[name=stage]").inputValue(), RECORD.stage);
  assert.equal(await calc.locator("[name=trained_staff]").inputValue(), String(RECORD.trained_staff));
  const en = await native(RECORD, "en");
  assert.equal(Number(await calc.locator('[data-testid="total"]').getAttribute("data-value")), total);
  if (en.label) assert.equal((await level.textContent()).trim(), en.label);

  await page.screenshot({ path: path.join(artifacts, "calculator.png"), fullPage: true });

  // A validation error while typing, next to the field, with the core's own message.
  await calc.locator("[name=trained_staff]").fill("-3");
  const err = calc.locator("#f-trained_staff-err");
  assert.match(await err.textContent(), /below the minimum 0/);
  assert.equal(await calc.locator("[name=trained_staff]").getAttribute("aria-invalid"), "true");
  assert.match(await calc.locator(".notice").textContent(), /left out of the score/);
  await page.screenshot({ path: path.join(artifacts, "calculator-error.png"), fullPage: false });
  await calc.locator("[name=trained_staff]").fill(String(RECORD.trained_staff));
  assert.equal(await err.textContent(), "");

  // A required field emptied: no score, a notice naming it.
  await calc.locator("[name=stage]").selectOption("");
  assert.equal(await calc.locator('[data-testid="total"]').getAttribute("data-value"), "");
  assert.match(await calc.locator(".notice").textContent(), /Stage/);
  assert.deepEqual(errors, []);
  await page.close();
});

test("timings: load to first score and re-assessment while typing", async (t) => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  // A record in the URL-less way: fill as soon as the element is defined, time to first score.
  await page.addInitScript((record) => {
    window.__record = record;
    customElements.whenDefined("matang-calculator").then(async () => {
      const el = document.querySelector("matang-calculator");
      el.addEventListener("change", () => { window.__firstScore ??= performance.now(); }, { once: true });
      await el.ready;
      el.record = record;
    });
  }, RECORD);
  await page.goto(`${base}/`);
  await page.waitForFunction(() => window.__firstScore !== undefined);
  const firstScore = await page.evaluate(() => window.__firstScore);
  const timings = await page.evaluate(async () => {
    const el = document.querySelector("matang-calculator");
    const input = el.shadowRoot.querySelector("[name=active_users_month]");
    const assess = [], full = [];
    for (let i = 0; i < 200; i++) {
      input.value = String(1000 + i * 7);
      const t0 = performance.now();
      input.dispatchEvent(new Event("input", { bubbles: true }));
      full.push(performance.now() - t0);
      const t1 = performance.now();
      el.pack.assess(el.record, { lang: "id" });
      assess.push(performance.now() - t1);
    }
    const med = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const p95 = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length * 0.95)];
    return { assess_median_ms: med(assess), input_to_render_median_ms: med(full), input_to_render_p95_ms: p95(full) };
  });
  const parts = await page.evaluate(async () => {
    const el = document.querySelector("matang-calculator");
    const bytes = await (await fetch("pkg/matang_bg.wasm")).arrayBuffer();
    let t = performance.now();
    await WebAssembly.compile(bytes);
    const wasm_compile_ms = performance.now() - t;
    t = performance.now();
    el.pack.constructor.builtin("smart-city-quickwin");
    const pack_compile_ms = performance.now() - t;
    const mark = (n) => performance.getEntriesByName(`matang:${n}`)[0]?.startTime;
    return { dom_content_loaded_ms: performance.getEntriesByType("navigation")[0].domContentLoadedEventEnd,
      element_start_ms: mark("load-start"), wasm_ready_ms: mark("wasm-ready"), pack_ready_ms: mark("pack-ready"),
      form_rendered_ms: mark("first-render"), warm_wasm_compile_ms: wasm_compile_ms, warm_pack_compile_ms: pack_compile_ms };
  });
  const wasm = await readFile(path.join(pkg, "matang_bg.wasm"));
  const { gzipSync } = await import("node:zlib");
  const result = { load_to_first_score_ms: firstScore, ...parts, ...timings,
    wasm_bytes: wasm.length, wasm_gzip_bytes: gzipSync(wasm, { level: 9 }).length };
  t.diagnostic(JSON.stringify(result));
  await writeFile(path.join(artifacts, "calculator-bench.json"), JSON.stringify(result, null, 2));
  assert.ok(timings.input_to_render_median_ms < 16, "a re-assessment fits in one frame");
  await page.close();
});

test("phone-sized screen and a custom pack loaded from src", async () => {
  const { page, errors } = await openDemo({ width: 360, height: 740 });
  await fill(page, records[1]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling at 360px (overflow ${overflow}px)`);
  await page.screenshot({ path: path.join(artifacts, "calculator-360.png"), fullPage: true });
  // While typing on a phone the score stays in sight in a sticky bar.
  await page.locator("matang-calculator").locator("[name=trained_staff]").scrollIntoViewIfNeeded();
  assert.ok(await page.locator("matang-calculator").locator(".mini").isVisible());
  await page.screenshot({ path: path.join(artifacts, "calculator-360-typing.png") });

  const fp = await page.evaluate(async () => {
    const el = document.createElement("matang-calculator");
    el.setAttribute("src", "/rules/smart-city-quickwin/pack.toml");
    el.setAttribute("lang", "en");
    document.body.append(el);
    await el.ready;
    return [el.pack.fingerprint, document.querySelector("matang-calculator").pack.fingerprint];
  });
  assert.equal(fp[0], fp[1], "the pack fetched from src is the built-in pack");
  const bad = await page.evaluate(async () => {
    const el = document.createElement("matang-calculator");
    el.setAttribute("src", "/rules/does-not-exist/pack.toml");
    document.body.append(el);
    await el.ready;
    return el.shadowRoot.querySelector("[role=alert]")?.textContent;
  });
  assert.match(bad, /404/);
  assert.deepEqual(errors.filter((e) => !String(e).includes("404")), []);
  await page.close();
});

/** A small pack: a required number `x` (the one indicator's score, 0 to 5), a boolean
 * `trap`, levels `low` (from 0, colour `lowColor`) and `high` (from 3, #123456), and the
 * indicator's rule in the file `ruleFile`. Ids `test-trap` / `test-trap-on-load` crash the
 * test package on purpose (src/test_trap.rs). */
function packToml({ id = "test", lowColor = "#2e7d32", ruleFile = "rules/x.rhai" } = {}) {
  return `[pack]
id = "${id}"
version = "1.0.0"
name = { id = "Paket uji ${id}", en = "Test pack ${id}" }

[[field]]
id = "x"
type = "number"
min = 0
max = 5
required = true
label = "x"

[[field]]
id = "trap"
type = "boolean"
label = "trap"

[[dimension]]
id = "D"
weight = 1
label = "D"

[[indicator]]
id = "i"
dimension = "D"
label = "i"
file = "${ruleFile}"

[[level]]
rank = 1
id = "low"
min = 0
label = "Low"
color = '${lowColor}'

[[level]]
rank = 2
id = "high"
min = 3
label = "High"
color = "#123456"
`;
}

/** Registers a pack folder at `dir` (pack.toml and its rule file) with the test server. */
function virtualPack(dir, options, rule = "if trap == true { x } else { x }") {
  VIRTUAL.set(`${dir}/pack.toml`, packToml(options));
  VIRTUAL.set(`${dir}/rules/x.rhai`, rule);
}

/** A blank page with the component and `body` (HTML), recording every request it makes. */
async function openPage(body) {
  const name = `/page-${VIRTUAL.size}.html`;
  VIRTUAL.set(name, `<!doctype html><meta charset="utf-8"><script type="module" src="/pkg/matang-calculator.js"></script>${body}`);
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  const requests = [];
  page.on("pageerror", (e) => errors.push(e));
  page.on("request", (r) => requests.push(r.url()));
  await page.goto(`${base}${name}`);
  await page.evaluate(() => customElements.whenDefined("matang-calculator"));
  return { page, errors, requests };
}

/** Waits until every listed widget has a pack or shows an alert. */
async function settled(page, selector = "matang-calculator") {
  await page.waitForFunction((sel) => [...document.querySelectorAll(sel)].every((el) =>
    (el.pack && el.shadowRoot.querySelector("[name]")) || el.shadowRoot.querySelector(".fatal[role=alert]")), selector);
}

const total = async (calc) => calc.locator('[data-testid="total"]').getAttribute("data-value");

test("a pack that crashes its WebAssembly instance leaves the other widgets working", async () => {
  virtualPack("/packs/trap", { id: "test-trap" });
  virtualPack("/packs/trap-on-load", { id: "test-trap-on-load" });
  const { page, errors, requests } = await openPage(`
    <matang-calculator id="hostile" src="/packs/trap/pack.toml" lang="en"></matang-calculator>
    <matang-calculator id="builtin" pack="smart-city-quickwin" lang="en"></matang-calculator>`);
  await settled(page);
  await page.evaluate(() => {
    window.events = [];
    for (const el of document.querySelectorAll("matang-calculator")) {
      el.addEventListener("error", (e) => window.events.push([el.id, e.detail.name, e.detail.message]));
    }
  });
  const hostile = page.locator("#hostile");
  const builtin = page.locator("#builtin");
  const expected = await native(RECORD, "en");

  // The hostile pack scores while it behaves...
  await hostile.locator("[name=x]").fill("4");
  await hostile.locator("[name=trap]").selectOption("false");
  assert.equal(await total(hostile), "4");
  // ...then crashes its instance: the widget says so and emits `error`.
  await hostile.locator("[name=trap]").selectOption("true");
  assert.match(await hostile.locator('[data-testid="failure"]').textContent(), /crashed the WebAssembly instance.*unreachable/);
  assert.equal(await total(hostile), "");
  assert.deepEqual((await page.evaluate(() => window.events)).map((e) => e.slice(0, 2)), [["hostile", "MatangCrash"]]);

  // The built-in widget next to it keeps scoring, through the form and through its pack.
  await fill(page, RECORD, builtin);
  assert.ok(Math.abs(Number(await total(builtin)) - expected.total) < 1e-9, "the neighbour still scores");
  assert.equal(await page.evaluate((r) => document.querySelector("#builtin").pack.assess(r).total, RECORD), Number(await total(builtin)));

  // A widget created afterwards works.
  const third = await page.evaluate(async (r) => {
    const el = document.createElement("matang-calculator");
    el.id = "third";
    el.setAttribute("lang", "en");
    document.body.append(el);
    await el.ready;
    el.record = r;
    return el.assessment.total;
  }, RECORD);
  assert.ok(Math.abs(third - expected.total) < 1e-9, "a third widget scores");

  // A widget moved in the page keeps its pack; one removed hands its instance to the next.
  const instances = () => requests.filter((u) => u.includes("/matang.js?instance=")).length;
  const created = instances();
  const fourth = await page.evaluate(async (r) => {
    document.body.prepend(document.querySelector("#builtin"));
    const removed = document.querySelector("#third");
    removed.remove();
    await new Promise((ok) => setTimeout(ok, 50));
    const el = document.createElement("matang-calculator");
    el.setAttribute("lang", "en");
    document.body.append(el);
    await el.ready;
    el.record = r;
    return [el.assessment.total, document.querySelector("#builtin").pack?.id, removed.pack];
  }, RECORD);
  assert.ok(Math.abs(fourth[0] - expected.total) < 1e-9, "a fourth widget scores");
  assert.deepEqual(fourth.slice(1), ["smart-city-quickwin", null]);
  assert.equal(instances(), created, "the fourth widget reused the removed one's instance");

  // The hostile widget itself got a fresh instance: later inputs score again.
  await page.evaluate(() => document.querySelector("#hostile").ready);
  await hostile.locator("[name=trap]").selectOption("false");
  assert.equal(await total(hostile), "4");
  assert.equal(await hostile.locator('[data-testid="failure"]').count(), 0);

  // A pack that crashes while it compiles is refused in its own widget only.
  const onLoad = await page.evaluate(async () => {
    const el = document.createElement("matang-calculator");
    el.setAttribute("src", "/packs/trap-on-load/pack.toml");
    el.setAttribute("lang", "en");
    document.body.append(el);
    await el.ready;
    return el.shadowRoot.querySelector(".fatal[role=alert]")?.textContent;
  });
  assert.match(onLoad, /cannot be loaded.*crashed the WebAssembly instance/);
  await builtin.locator("[name=trained_staff]").fill("0");
  assert.notEqual(await total(builtin), "", "the neighbour still scores after a crash on load");
  assert.deepEqual(errors, []);
  await page.close();
});

test("a rule error on the current input is shown next to the form, and the next input scores", async () => {
  virtualPack("/packs/rule-error", {}, "if x == 2 { x / 0 } else { x }");
  const { page, errors } = await openPage('<matang-calculator src="/packs/rule-error/pack.toml" lang="en"></matang-calculator>');
  await settled(page);
  await page.evaluate(() => {
    window.events = [];
    document.querySelector("matang-calculator").addEventListener("error", (e) => window.events.push(e.detail.kind));
  });
  const calc = page.locator("matang-calculator");
  await calc.locator("[name=x]").fill("2");
  assert.match(await calc.locator('[data-testid="failure"]').textContent(),
    /^The rule pack failed on this input \(rules\/x\.rhai:1:\d+\): .*zero/);
  assert.equal(await total(calc), "");
  assert.deepEqual(await page.evaluate(() => window.events), ["rule"]);
  await calc.locator("[name=x]").fill("4");
  assert.equal(await total(calc), "4");
  assert.equal(await calc.locator('[data-testid="failure"]').count(), 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test("a level colour that is not a CSS colour falls back to the default, injecting nothing", async () => {
  virtualPack("/packs/colour", { lowColor: "red;background:url(//evil.example/x.png)" });
  const { page, errors, requests } = await openPage('<matang-calculator src="/packs/colour/pack.toml" lang="en"></matang-calculator>');
  await settled(page);
  const calc = page.locator("matang-calculator");
  const badge = calc.locator('[data-testid="level"]');
  await calc.locator("[name=x]").fill("1");
  assert.equal(await badge.getAttribute("data-level"), "low");
  assert.equal(await badge.getAttribute("style"), "background:#5b6b7c");
  assert.equal(await badge.evaluate((el) => getComputedStyle(el).backgroundImage), "none");
  assert.equal(await calc.locator(".mini .badge").getAttribute("style"), "background:#5b6b7c");
  // A valid colour is used as given.
  await calc.locator("[name=x]").fill("4");
  assert.equal(await badge.evaluate((el) => getComputedStyle(el).backgroundColor), "rgb(18, 52, 86)");
  await page.waitForTimeout(100);
  assert.deepEqual(requests.filter((u) => u.includes("evil")), []);
  assert.deepEqual(errors, []);
  await page.close();
});

test("pack files are fetched only from the pack's own folder", async () => {
  virtualPack("/packs/other-host", { ruleFile: "https://other.example/x.rhai" });
  virtualPack("/packs/a/b/escape", { ruleFile: "../../secret.rhai" });
  VIRTUAL.set("/packs/secret.rhai", "5");
  VIRTUAL.set("/packs/a/list.json", JSON.stringify({ files: ["pack.toml", "../secret.rhai"] }));
  const { page, errors, requests } = await openPage(`
    <matang-calculator id="other" src="/packs/other-host/pack.toml"></matang-calculator>
    <matang-calculator id="escape" src="/packs/a/b/escape/pack.toml"></matang-calculator>
    <matang-calculator id="list" src="/packs/a/list.json"></matang-calculator>`);
  await settled(page);
  const alert = (id) => page.locator(`#${id}`).locator(".fatal[role=alert]").textContent();
  assert.match(await alert("other"), /\(pack\.toml:28:9\): file "https:\/\/other\.example\/x\.rhai" is refused: it is an absolute URL; a pack's files must be relative paths inside its folder http:\/\/127\.0\.0\.1:\d+\/packs\/other-host\//);
  assert.match(await alert("escape"), /\(pack\.toml:28:9\): file "\.\.\/\.\.\/secret\.rhai" is refused: it leaves the pack's folder/);
  assert.match(await alert("list"), /\(list\.json\): file "\.\.\/secret\.rhai" is refused: it leaves the pack's folder/);
  assert.deepEqual(requests.filter((u) => /other\.example|secret/.test(u)), [], "no request left for a refused file");
  // Requests for the refused packs stop at their pack.toml / list.
  assert.deepEqual(requests.filter((u) => u.includes("/packs/")).map((u) => new URL(u).pathname).sort(),
    ["/packs/a/b/escape/pack.toml", "/packs/a/list.json", "/packs/other-host/pack.toml"]);

  // The rule itself, reference by reference (`..` that stays inside the folder is fine).
  const verdicts = await page.evaluate(async () => {
    const { packFileUrl } = await import("/pkg/matang-calculator.js");
    const pack = new URL("/packs/p/pack.toml", location.href);
    const refs = ["x.rhai", "sub/x.rhai", "./sub/../x.rhai", "../x.rhai", "sub/../../x.rhai", "%2e%2e/x.rhai",
      ".%2E/x.rhai", "https://other.example/x.rhai", "//other.example/x.rhai", "/x.rhai", "javascript:alert(1)",
      "data:text/plain,5", "sub\\..\\..\\x.rhai", "x.rhai?a=1", "ht\ttps://other.example/x", "", 7];
    return Object.fromEntries(refs.map((r) => {
      try { return [String(r), packFileUrl(r, pack).pathname]; } catch (e) { return [String(r), e.kind]; }
    }));
  });
  assert.deepEqual(verdicts, {
    "x.rhai": "/packs/p/x.rhai", "sub/x.rhai": "/packs/p/sub/x.rhai", "./sub/../x.rhai": "/packs/p/x.rhai",
    "../x.rhai": "pack", "sub/../../x.rhai": "pack", "%2e%2e/x.rhai": "pack", ".%2E/x.rhai": "pack",
    "https://other.example/x.rhai": "pack", "//other.example/x.rhai": "pack", "/x.rhai": "pack",
    "javascript:alert(1)": "pack", "data:text/plain,5": "pack", "sub\\..\\..\\x.rhai": "pack", "x.rhai?a=1": "pack",
    "ht\ttps://other.example/x": "pack", "": "pack", 7: "pack",
  });
  assert.deepEqual(errors, []);
  await page.close();
});
