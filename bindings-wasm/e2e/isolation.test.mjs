// End-to-end: what a hostile or broken pack can do to a page with <matang-calculator>:
// crash its WebAssembly instance, run too long, name files elsewhere, give a colour that is
// not one. Each widget runs its pack in a Web Worker of its own. Set-up in helpers.mjs.
import { test } from "node:test";
import {
  assert, RECORD, native, openPage, settled, fill, total, type, virtualPack, VIRTUAL, packToml,
} from "./helpers.mjs";

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
      el.addEventListener("matang-error", (e) => window.events.push([el.id, e.detail.name, e.detail.message]));
    }
  });
  const hostile = page.locator("#hostile");
  const builtin = page.locator("#builtin");
  const expected = await native(RECORD, "en");

  // The hostile pack scores while it behaves...
  await type(page, hostile, "x", "4");
  await hostile.locator("[name=trap]").selectOption("false");
  await settled(page);
  assert.equal(await total(hostile), "4");
  // ...then crashes its instance: the widget says so and emits `matang-error`.
  await hostile.locator("[name=trap]").selectOption("true");
  await settled(page);
  assert.match(await hostile.locator('[data-testid="failure"]').textContent(), /crashed its WebAssembly instance.*unreachable/);
  assert.equal(await total(hostile), "");
  assert.deepEqual((await page.evaluate(() => window.events)).map((e) => e.slice(0, 2)), [["hostile", "MatangCrash"]]);

  // The built-in widget next to it keeps scoring, through the form and through its worker.
  await fill(page, RECORD, builtin, "en");
  assert.ok(Math.abs(Number(await total(builtin)) - expected.total) < 1e-9, "the neighbour still scores");
  assert.equal(await page.evaluate((r) => document.querySelector("#builtin").assess(r).then((a) => a.total), RECORD),
    Number(await total(builtin)));

  // A widget created afterwards works.
  const third = await page.evaluate(async (r) => {
    const el = document.createElement("matang-calculator");
    el.id = "third";
    el.setAttribute("lang", "en");
    document.body.append(el);
    await el.ready;
    return (await el.assess(r)).total;
  }, RECORD);
  assert.ok(Math.abs(third - expected.total) < 1e-9, "a third widget scores");

  // A widget moved in the page keeps its pack; one removed hands its worker to the next.
  const workers = () => requests.filter((u) => u.includes("/matang-worker.js")).length;
  const created = workers();
  const fourth = await page.evaluate(async (r) => {
    document.body.prepend(document.querySelector("#builtin"));
    const removed = document.querySelector("#third");
    removed.remove();
    await new Promise((ok) => setTimeout(ok, 50));
    const el = document.createElement("matang-calculator");
    el.setAttribute("lang", "en");
    document.body.append(el);
    await el.ready;
    return [(await el.assess(r)).total, document.querySelector("#builtin").pack?.id, removed.pack];
  }, RECORD);
  assert.ok(Math.abs(fourth[0] - expected.total) < 1e-9, "a fourth widget scores");
  assert.deepEqual(fourth.slice(1), ["smart-city-quickwin", null]);
  assert.equal(workers(), created, "the fourth widget reused the removed one's worker");

  // The hostile widget itself got a fresh worker: later inputs score again.
  await page.evaluate(() => document.querySelector("#hostile").ready);
  await hostile.locator("[name=trap]").selectOption("false");
  await settled(page);
  assert.equal(await total(hostile), "4");
  assert.equal(await hostile.locator('[data-testid="failure"]').count(), 0);

  // A pack that crashes while it compiles is refused in its own widget only.
  const onLoad = await page.evaluate(async () => {
    const el = document.createElement("matang-calculator");
    el.setAttribute("src", "/packs/trap-on-load/pack.toml");
    el.setAttribute("lang", "en");
    document.body.append(el);
    try { await el.ready; } catch { /* shown in place */ }
    return el.shadowRoot.querySelector(".fatal[role=alert]")?.textContent;
  });
  assert.match(onLoad, /cannot be loaded.*crashed the WebAssembly instance/);
  await type(page, builtin, "trained_staff", "0");
  assert.notEqual(await total(builtin), "", "the neighbour still scores after a crash on load");
  assert.deepEqual(errors, []);
  await page.close();
});

test("a slow pack runs in a worker under a time budget: the page never blocks", async () => {
  // 60 indicators each looping up to ~25,000 operations when x >= 3: well inside the core's
  // limits per rule, but far past a 40 ms budget for the whole assessment.
  VIRTUAL.set("/packs/slow/pack.toml", packToml({ id: "slow", indicators: 60 }));
  VIRTUAL.set("/packs/slow/rules/x.rhai", "let n = if x >= 3 { 8000 } else { 0 }; let s = 0; for i in 0..n { s += 1; } x");
  const { page, errors } = await openPage(`
    <matang-calculator id="slow" src="/packs/slow/pack.toml" lang="en" budget="40"></matang-calculator>
    <matang-calculator id="other" lang="en"></matang-calculator>`);
  await settled(page);
  const slow = page.locator("#slow");
  await type(page, slow, "x", "1");
  assert.equal(await total(slow), "1");
  // The main thread keeps running while the worker works: measure its longest stall.
  await page.evaluate(() => {
    window.events = [];
    document.querySelector("#slow").addEventListener("matang-error", (e) => window.events.push([e.detail.name, e.detail.budgetMs]));
    window.stall = 0;
    let last = performance.now();
    window.ticker = setInterval(() => { const now = performance.now(); window.stall = Math.max(window.stall, now - last); last = now; }, 5);
  });
  await type(page, slow, "x", "4");
  assert.match(await slow.locator('[data-testid="failure"]').textContent(),
    /^The calculation was stopped: it took longer than the 40 ms limit; the page stays usable/);
  assert.equal(await total(slow), "");
  assert.deepEqual(await page.evaluate(() => window.events), [["MatangTimeout", 40]]);
  // The neighbour is unaffected, and the slow widget scores again on a cheap input (fresh worker).
  await type(page, page.locator("#other"), "trained_staff", "3");
  await type(page, slow, "x", "2");
  assert.equal(await total(slow), "2");
  const stall = await page.evaluate(() => { clearInterval(window.ticker); return window.stall; });
  assert.ok(stall < 150, `the page's main thread stalled ${stall.toFixed(0)} ms`);
  assert.deepEqual(errors, []);
  await page.close();
});

test("a pack of 3,000 fields loads and renders without blocking the page", async () => {
  let toml = `[pack]\nid = "wide"\nversion = "1"\nname = "wide"\n`;
  for (let f = 0; f < 3000; f++) toml += `[[field]]\nid = "f${f}"\ntype = "number"\nlabel = "f${f}"\n`;
  toml += `[[dimension]]\nid = "D"\nweight = 1\nlabel = "D"\n[[indicator]]\nid = "i"\ndimension = "D"\nlabel = "i"\nrule = "f0"\n`
    + `[[level]]\nrank = 1\nid = "a"\nmin = 0\nlabel = "A"\n`;
  VIRTUAL.set("/packs/wide/pack.toml", toml);
  // The longest gap of a MessageChannel chain, which ticks whenever the main thread is free.
  const { page, errors } = await openPage(`<script>
    window.stall = 0; let last = performance.now();
    const ch = new MessageChannel();
    ch.port1.onmessage = () => { const n = performance.now(); window.stall = Math.max(window.stall, n - last); last = n; ch.port2.postMessage(0); };
    ch.port2.postMessage(0);
  </script><matang-calculator src="/packs/wide/pack.toml" lang="en"></matang-calculator>`);
  const loading = await page.evaluate(async () => { await document.querySelector("matang-calculator").ready; return window.stall; });
  assert.ok(loading < 150, `the page's main thread stalled ${loading.toFixed(0)} ms while the pack loaded`);
  // Typing, without the test driver's own work on the page in the measurement.
  const typing = await page.evaluate(async () => {
    const el = document.querySelector("matang-calculator");
    window.stall = 0;
    for (const [name, value] of [["f2999", "7"], ["f0", "3"]]) {
      const input = el.shadowRoot.querySelector(`[name=${name}]`);
      input.value = value;
      input.dispatchEvent(new Event("input", { bubbles: true }));
      await new Promise((ok) => el.addEventListener("matang-change", ok, { once: true }));
    }
    return window.stall;
  });
  assert.ok(typing < 120, `the page's main thread stalled ${typing.toFixed(0)} ms while typing`);
  const calc = page.locator("matang-calculator");
  assert.equal(await calc.locator("[name]").count(), 3000);
  assert.equal(await total(calc), "3");
  assert.deepEqual(errors, []);
  await page.close();
});

test("a level colour that is not a CSS colour falls back to the default, injecting nothing", async () => {
  virtualPack("/packs/colour", { lowColor: "red;background:url(//evil.example/x.png)" });
  const { page, errors, requests } = await openPage('<matang-calculator src="/packs/colour/pack.toml" lang="en"></matang-calculator>');
  await settled(page);
  const calc = page.locator("matang-calculator");
  const badge = calc.locator('[data-testid="level"]');
  await type(page, calc, "x", "1");
  assert.equal(await badge.getAttribute("data-level"), "low");
  assert.equal(await badge.evaluate((el) => getComputedStyle(el).backgroundColor), "rgb(79, 93, 107)");
  assert.equal(await badge.evaluate((el) => getComputedStyle(el).backgroundImage), "none");
  assert.equal(await calc.locator(".mini .badge").evaluate((el) => getComputedStyle(el).backgroundColor), "rgb(79, 93, 107)");
  // A valid colour is used as given, with the text colour that contrasts most.
  await type(page, calc, "x", "4");
  assert.equal(await badge.evaluate((el) => getComputedStyle(el).backgroundColor), "rgb(18, 52, 86)");
  assert.equal(await badge.evaluate((el) => getComputedStyle(el).color), "rgb(255, 255, 255)");
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
  assert.match(await alert("other"), /\(pack\.toml:\d+:9\): file "https:\/\/other\.example\/x\.rhai" is refused: it is an absolute URL; a pack's files must be relative paths inside its folder http:\/\/127\.0\.0\.1:\d+\/packs\/other-host\//);
  assert.match(await alert("escape"), /\(pack\.toml:\d+:9\): file "\.\.\/\.\.\/secret\.rhai" is refused: it leaves the pack's folder/);
  assert.match(await alert("list"), /\(list\.json\): file "\.\.\/secret\.rhai" is refused: it leaves the pack's folder/);
  assert.deepEqual(requests.filter((u) => /other\.example|secret/.test(u)), [], "no request left for a refused file");
  // Requests for the refused packs stop at their pack.toml / list.
  assert.deepEqual(requests.filter((u) => u.includes("/packs/")).map((u) => new URL(u).pathname).sort(),
    ["/packs/a/b/escape/pack.toml", "/packs/a/list.json", "/packs/other-host/pack.toml"]);

  // The rule itself, reference by reference (`..` that stays inside the folder is fine).
  const verdicts = await page.evaluate(async () => {
    const { packFileUrl } = await import("/pkg/matang-pack-files.js");
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

test("a widget with a built-in pack never loads the custom-pack module", async () => {
  const { page, requests } = await openPage('<matang-calculator lang="en"></matang-calculator>');
  await settled(page);
  assert.deepEqual(requests.filter((u) => u.includes("matang-pack-files.js")), []);
  await page.close();
});
