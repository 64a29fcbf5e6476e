// Shared set-up of the end-to-end tests: the compressing server (serve.mjs) over
// bindings-wasm/www with /pkg/ taken from the package under test, pages and packs made up
// by the tests, headless Chromium, and helpers to fill and wait for a calculator.
import { before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile, mkdir, writeFile, mkdtemp, rm } from "node:fs/promises";
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { createStaticServer, send } from "../serve.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
export const wasmDir = path.resolve(here, "..");
export const repo = path.resolve(wasmDir, "..");
const www = path.join(wasmDir, "www");
export const pkg = path.resolve(process.env.MATANG_PKG ?? path.join(www, "pkg-test"));
export const artifacts = process.env.MATANG_ARTIFACTS ?? path.join(repo, "artifacts");
export const records = JSON.parse(await readFile(path.join(wasmDir, "tests/data/records.json"), "utf8"));
export const RECORD = records[0]; // QW-SATRIO: every field filled

/** Pages and packs made up by the tests, by path: body, or {body, headers}. */
export const VIRTUAL = new Map();

export const state = { server: null, browser: null, base: "" };

before(async () => {
  assert.ok(existsSync(path.join(pkg, "matang_bg.wasm")),
    `no ${pkg}: run bindings-wasm/run-tests.sh (MATANG_WASM_FEATURES=test-trap bindings-wasm/build.sh ${pkg})`);
  state.server = createStaticServer({
    root: www,
    mounts: { "/pkg/": pkg, "/rules/": path.join(repo, "rules"), "/axe/": path.join(wasmDir, "node_modules/axe-core") },
    route: (req, res, p) => {
      if (!VIRTUAL.has(p)) return false;
      const v = VIRTUAL.get(p);
      const body = typeof v === "string" ? v : v.body;
      send(req, res, p, Buffer.from(body), { headers: v.headers ?? {}, cacheControl: "no-store" });
      return true;
    },
  });
  await new Promise((ok) => state.server.listen(0, "127.0.0.1", ok));
  state.base = `http://127.0.0.1:${state.server.address().port}`;
  state.browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  await mkdir(artifacts, { recursive: true });
});
after(async () => { await state.browser?.close(); state.server?.close(); });

/** The native Rust result for a record, from the CLI (falls back to tests/data/expected.json). */
export async function native(record, lang) {
  const dir = await mkdtemp(path.join(tmpdir(), "matang-e2e-"));
  const file = path.join(dir, "record.json");
  await writeFile(file, JSON.stringify([record]));
  const bin = path.join(repo, "target/debug/matang");
  const cmd = existsSync(bin) ? [bin, []] : ["cargo", ["run", "-q", "-p", "matang", "--features", "cli", "--bin", "matang", "--"]];
  const r = spawnSync(cmd[0], [...cmd[1], "assess", "--format", "json", "--lang", lang, file], { cwd: repo, encoding: "utf8", timeout: 900_000 });
  await rm(dir, { recursive: true, force: true });
  if (r.status === 0) {
    const a = JSON.parse(r.stdout).results[0];
    return { source: "cli", total: a.total, level: a.level.id, label: a.level.label };
  }
  const e = JSON.parse(await readFile(path.join(wasmDir, "tests/data/expected.json"), "utf8"))[record.id];
  return { source: "expected.json", total: e.total, level: e.level, label: null };
}

/** A page that records its errors and requests. */
export async function newPage(options = {}) {
  const page = await state.browser.newPage({ viewport: { width: 1280, height: 900 }, ...options });
  const errors = [];
  const requests = [];
  page.on("pageerror", (e) => errors.push(e));
  // A missing optional file (a pack's vectors.toml) is a 404 the browser logs; not an error here.
  page.on("console", (m) => { if (m.type() === "error" && !/status of 404/.test(m.text())) errors.push(m.text()); });
  page.on("request", (r) => requests.push(r.url()));
  return { page, errors, requests };
}

/** The demo page, with its calculator loaded. */
export async function openDemo(viewport = { width: 1280, height: 900 }) {
  const { page, errors, requests } = await newPage({ viewport });
  await page.goto(`${state.base}/`);
  await settled(page);
  return { page, errors, requests };
}

/** A page with the component and `body` (HTML); `head` goes before the script, `headers` on the response. */
export async function openPage(body, { head = "", headers = {}, viewport } = {}) {
  const name = `/page-${VIRTUAL.size}.html`;
  VIRTUAL.set(name, { body: `<!doctype html><html lang="en"><meta charset="utf-8"><title>matang test page</title>${head}<script type="module" src="/pkg/matang-calculator.js"></script><body>${body}</body></html>`, headers });
  const opened = await newPage(viewport ? { viewport } : {});
  await opened.page.goto(`${state.base}${name}`);
  await opened.page.evaluate(() => customElements.whenDefined("matang-calculator"));
  return opened;
}

/** Waits until every listed widget shows its form or an alert, and has no assessment pending. */
export async function settled(page, selector = "matang-calculator") {
  await page.waitForFunction((sel) => [...document.querySelectorAll(sel)].every((el) => {
    const root = el.shadowRoot;
    if (root.querySelector(".fatal[role=alert]")) return true;
    const results = root.querySelector(".results");
    return el.pack && root.querySelector("[name]") && results && results.getAttribute("aria-busy") !== "true";
  }), selector);
}

/** How the form in `lang` writes a value of the record. */
export const written = (v, lang) => (typeof v === "number" && lang === "id" ? String(v).replace(".", ",") : String(v));

/** Types a record into a calculator field by field, as a person would. */
export async function fill(page, record, calc = page.locator("matang-calculator"), lang = "id") {
  const fields = await calc.evaluate((el) => el.pack.fields);
  for (const f of fields) {
    if (!(f.id in record)) continue;
    const input = calc.locator(`[name="${f.id}"]`);
    const v = record[f.id];
    if (f.type === "enum" || f.type === "boolean") await input.selectOption(String(v));
    else await input.fill(written(v, lang));
  }
  await settled(page);
}

export const total = async (calc) => calc.locator('[data-testid="total"]').getAttribute("data-value");

/** Fills one input and waits for its result. */
export async function type(page, calc, name, value) {
  await calc.locator(`[name="${name}"]`).fill(value);
  await settled(page);
}

/** A small pack: a required number `x` (the one indicator's score, 0 to 5), a boolean
 * `trap`, levels `low` (from 0, colour `lowColor`) and `high` (from 3, #123456), and the
 * indicator's rule in the file `ruleFile` (`indicators` copies of it). Ids `test-trap` /
 * `test-trap-on-load` crash the test package on purpose (src/test_trap.rs). */
export function packToml({ id = "test", lowColor = "#2e7d32", ruleFile = "rules/x.rhai", indicators = 1 } = {}) {
  const inds = Array.from({ length: indicators }, (_, i) => `
[[indicator]]
id = "i${i}"
dimension = "D"
label = "i${i}"
file = "${ruleFile}"
`).join("");
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
example = 4

[[field]]
id = "trap"
type = "boolean"
label = "trap"

[[dimension]]
id = "D"
weight = 1
label = "D"
${inds}
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
export function virtualPack(dir, options, rule = "if trap == true { x } else { x }") {
  VIRTUAL.set(`${dir}/pack.toml`, packToml(options));
  VIRTUAL.set(`${dir}/rules/x.rhai`, rule);
}

export async function screenshot(page, name, options = {}) {
  await page.screenshot({ path: path.join(artifacts, name), ...options });
}

export { assert, path, readFile, writeFile };
