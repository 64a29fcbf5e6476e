// Opens a built one-page app (packaging/app, built by a bundler from the npm package) in
// headless Chromium and checks that the calculator shows the score the main thread computed.
//   node bindings-wasm/packaging/browser-check.mjs DIST_DIR NAME
import assert from "node:assert/strict";
import path from "node:path";
import { chromium } from "playwright-core";
import { createStaticServer } from "../serve.mjs";

const [dist, name = "app"] = process.argv.slice(2);
const server = createStaticServer({ root: path.resolve(dist) });
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
try {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => { if (m.type() === "error" && !/status of 404/.test(m.text())) errors.push(m.text()); });
  // The browser asks for /favicon.ico by itself; any other missing file is an error.
  page.on("response", (r) => { if (r.status() >= 400 && !r.url().endsWith("/favicon.ico")) errors.push(`${r.status()} ${r.url()}`); });
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  const shown = await page.waitForFunction(() => {
    const main = document.querySelector("#main-total")?.value;
    const total = document.querySelector("matang-calculator")?.shadowRoot
      ?.querySelector('[data-testid="total"]')?.getAttribute("data-value");
    return main && total && Number(total) === Number(main) ? { main, total } : false;
  }, null, { timeout: 60_000 }).then((h) => h.jsonValue()).catch(async (e) => {
    throw new Error(`${name}: no matching score on the page (${errors.join("; ") || e.message})`);
  });
  assert.deepEqual(errors, [], `${name}: errors on the page`);
  if (process.env.MATANG_ARTIFACTS) await page.screenshot({ path: path.join(process.env.MATANG_ARTIFACTS, `npm-${name}.png`), fullPage: true });
  console.log(`${name}: the calculator shows ${shown.total} (main thread ${shown.main})`);
} finally {
  await browser.close();
  server.close();
}
