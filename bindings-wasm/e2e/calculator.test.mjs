// End-to-end test of <matang-calculator> in headless Chromium (Debian's /usr/bin/chromium,
// driven by playwright-core): scoring like the Rust core, language, Indonesian numbers,
// events, lifecycle, the host form, partial entry. Set-up in helpers.mjs.
//
//   node --test bindings-wasm/e2e/
//
// Env: CHROMIUM (default /usr/bin/chromium), MATANG_ARTIFACTS (default <repo>/artifacts),
// MATANG_PKG (default bindings-wasm/www/pkg-test).
import { test } from "node:test";
import {
  assert, RECORD, records, native, openDemo, openPage, settled, fill, total, type, screenshot, virtualPack,
} from "./helpers.mjs";

test("the demo page fills, scores like the Rust core, switches language and validates", async (t) => {
  const { page, errors } = await openDemo();
  const calc = page.locator("matang-calculator");

  // Every input is labelled and named after its evidence field.
  const a11y = await page.evaluate(() => {
    const root = document.querySelector("matang-calculator").shadowRoot;
    return [...root.querySelectorAll("input, select")].map((el) => ({
      name: el.name, labelled: !!root.querySelector(`label[for="${el.id}"]`) }));
  });
  const schemaIds = await page.evaluate(() => document.querySelector("matang-calculator").pack.fields.map((f) => f.id));
  assert.deepEqual(a11y.map((x) => x.name), schemaIds);
  assert.ok(a11y.every((x) => x.labelled), "every input has a <label for>");

  await page.evaluate(() => {
    window.changes = [];
    document.querySelector("matang-calculator").addEventListener("matang-change", (e) => window.changes.push(e.detail));
  });
  await fill(page, RECORD);

  const expected = await native(RECORD, "id");
  t.diagnostic(`expected result from ${expected.source}: total ${expected.total}, level ${expected.level}`);
  const got = Number(await total(calc));
  assert.ok(Math.abs(got - expected.total) < 1e-9, `total ${got} != ${expected.total}`);
  assert.equal(await calc.locator('[data-testid="total"]').textContent(),
    new Intl.NumberFormat("id-ID", { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(expected.total));
  const level = calc.locator('[data-testid="level"]');
  assert.equal(await level.getAttribute("data-level"), expected.level);
  if (expected.label) assert.match(await level.textContent(), new RegExp(`${expected.label}$`));
  const last = await page.evaluate(() => window.changes.at(-1));
  assert.ok(Math.abs(last.total - expected.total) < 1e-9, "matang-change carries the assessment");
  assert.equal(await calc.locator(".bars li").count(), 5);
  assert.equal(await calc.locator("svg.radar").count(), 1);
  assert.ok((await calc.locator('[data-testid="next-level"] li').count()) >= 1);
  // 97.5 was typed "97,5" in the Indonesian form.
  assert.equal(await calc.locator("[name=uptime_pct]").inputValue(), "97,5");

  // Switch to English: the input is kept and rewritten the English way; labels change.
  await calc.locator("button[data-lang=en]").click();
  await settled(page);
  assert.equal(await page.getAttribute("matang-calculator", "lang"), "en");
  assert.equal(await calc.locator('label[for="f-stage"]').textContent(), "Stage (required)");
  assert.equal(await calc.locator("[name=stage]").inputValue(), RECORD.stage);
  assert.equal(await calc.locator("[name=uptime_pct]").inputValue(), "97.5");
  assert.equal(await calc.locator("[name=trained_staff]").inputValue(), String(RECORD.trained_staff));
  const en = await native(RECORD, "en");
  assert.equal(Number(await total(calc)), got);
  if (en.label) assert.match(await level.textContent(), new RegExp(`${en.label}$`));
  await screenshot(page, "calculator.png", { fullPage: true });

  // A validation error while typing, next to the field, in the form's language.
  await type(page, calc, "trained_staff", "-3");
  const err = calc.locator("#f-trained_staff-err");
  assert.equal(await err.textContent(), "'-3' is below the minimum 0");
  assert.equal(await calc.locator("[name=trained_staff]").getAttribute("aria-invalid"), "true");
  assert.match(await calc.locator(".notice").textContent(), /left out of the score/);
  await screenshot(page, "calculator-error.png");
  await type(page, calc, "trained_staff", String(RECORD.trained_staff));
  assert.equal(await err.textContent(), "");

  // A required field emptied: no score, a notice naming it, and matang-change with null.
  await calc.locator("[name=stage]").selectOption("");
  await settled(page);
  assert.equal(await total(calc), "");
  assert.match(await calc.locator('[data-testid="missing"]').textContent(), /Stage/);
  assert.equal(await page.evaluate(() => window.changes.at(-1)), null);
  assert.deepEqual(errors, []);
  await page.close();
});

test("numbers are typed the way the form's language writes them and read by the core", async () => {
  const { page, errors } = await openDemo();
  const calc = page.locator("matang-calculator");
  await fill(page, { assessed_on: "2019-10-01", stage: "live" });
  // Indonesian: decimal comma and thousands points, as in an Indonesian CSV file.
  await type(page, calc, "uptime_pct", "99,5");
  await type(page, calc, "budget_idr", "150.000.000");
  let evidence = await page.evaluate(() => document.querySelector("matang-calculator").assessment.evidence);
  assert.equal(evidence.uptime_pct, 99.5);
  assert.equal(evidence.budget_idr, 150000000);
  // A point that could be a decimal point is refused, with a message in Indonesian.
  await type(page, calc, "uptime_pct", "99.5");
  assert.match(await calc.locator("#f-uptime_pct-err").textContent(), /^'99\.5' tidak jelas: .*koma untuk desimal/);
  evidence = await page.evaluate(() => document.querySelector("matang-calculator").assessment.evidence);
  assert.equal(evidence.uptime_pct, null, "the refused entry is left out, never misread");
  await type(page, calc, "trained_staff", "dua");
  assert.equal(await calc.locator("#f-trained_staff-err").textContent(), "'dua' bukan angka");
  // English: the Indonesian forms are refused in turn.
  await calc.locator("button[data-lang=en]").click();
  await settled(page);
  await type(page, calc, "budget_idr", "150.000.000");
  // The re-rendered form validates again after the switch: wait for the message, then read it.
  await calc.locator("#f-budget_idr-err").filter({ hasText: /\S/ }).waitFor({ timeout: 10_000 });
  assert.match(await calc.locator("#f-budget_idr-err").textContent(), /^'150\.000\.000' is ambiguous/);
  await type(page, calc, "uptime_pct", "99.5");
  evidence = await page.evaluate(() => document.querySelector("matang-calculator").assessment.evidence);
  assert.equal(evidence.uptime_pct, 99.5);

  // Booleans set by a program are read like the core reads them.
  await page.evaluate(() => {
    document.querySelector("matang-calculator").record = { assessed_on: "2019-10-01", stage: "live",
      sop_available: "ya", dedicated_admin: 0, budget_next_year: "tidak", uptime_pct: 98.5 };
  });
  await settled(page);
  evidence = await page.evaluate(() => document.querySelector("matang-calculator").assessment.evidence);
  assert.deepEqual([evidence.sop_available, evidence.dedicated_admin, evidence.budget_next_year], [true, false, false]);
  assert.equal(await calc.locator("[name=sop_available]").inputValue(), "true");
  assert.equal(await calc.locator("[name=uptime_pct]").inputValue(), "98.5");
  assert.deepEqual(errors, []);
  await page.close();
});

test("Fill example gives a score; a partial entry says which evidence is still needed", async () => {
  const { page, errors } = await openDemo();
  const calc = page.locator("matang-calculator");
  await fill(page, { assessed_on: "2019-10-01", stage: "live" });
  // The quickwin pack scores blank evidence as not shown: a low score at once, nothing waits.
  const needed = calc.locator('[data-testid="needed"] li');
  assert.notEqual(await calc.locator('[data-testid="score"]').textContent(), "–");
  assert.equal(await needed.count(), 0);
  const partial = Number(await total(calc));
  await calc.locator("[data-act=example]").click();
  await settled(page);
  assert.ok(Number(await total(calc)) > partial);
  assert.equal(await calc.locator("[name=stage]").inputValue(), "live");
  assert.equal(await calc.locator("[name=ikm_score]").inputValue(), "78,5");
  assert.deepEqual(errors, []);
  await page.close();
  // A pack that leaves blank evidence out (SPBE) names what each dimension still waits for.
  const spbe = await openPage('<matang-calculator pack="spbe" lang="en"></matang-calculator>');
  const widget = spbe.page.locator("matang-calculator");
  await settled(spbe.page);
  await fill(spbe.page, { year: 2023, d1: 2.5 }, widget, "en");
  const waiting = widget.locator('[data-testid="needed"] li');
  assert.equal(await waiting.count(), 3);
  assert.match(await widget.locator('[data-testid="needed"] li[data-dimension="D2"]').textContent(),
    /^Domain 2 SPBE governance: give evidence for 1 more indicator\(s\), e\.g\. /);
  assert.deepEqual(spbe.errors, []);
  await spbe.page.close();
});

test("inside a host form, among several widgets: no inner form, the value submits with the host form", async () => {
  virtualPack("/packs/form-broken", {}, "x +");
  const { page, errors } = await openPage(`
    <form id="host" action="/submitted" method="post"><input name="office" value="Diskominfo">
      <matang-calculator id="one" name="quickwin" lang="en" required></matang-calculator>
      <matang-calculator id="two" lang="id"></matang-calculator>
      <matang-calculator id="broken" src="/packs/form-broken/pack.toml" lang="en"></matang-calculator>
      <button id="send">Send</button></form>`);
  await settled(page);
  const one = page.locator("#one");
  assert.equal(await page.evaluate(() => document.querySelector("#one").shadowRoot.querySelector("form")), null);
  assert.equal(await page.evaluate(() => document.querySelector("#one").form?.id), "host");
  assert.match(await page.locator("#broken").locator(".fatal").textContent(), /\(rules\/x\.rhai:1:\d+\)/);
  // Required and without a score, the widget makes the host form invalid.
  assert.equal(await page.evaluate(() => document.querySelector("#host").checkValidity()), false);
  await fill(page, RECORD, one, "en");
  await fill(page, records[1], page.locator("#two"), "id");
  const data = await page.evaluate(() => Object.fromEntries(new FormData(document.querySelector("#host"))));
  assert.equal(data.office, "Diskominfo");
  assert.equal(JSON.parse(data.quickwin).stage, RECORD.stage);
  assert.equal(Number(data["quickwin.total"]), Number(await total(one)));
  assert.equal(data["quickwin.level"], await one.locator('[data-testid="level"]').getAttribute("data-level"));
  assert.equal(JSON.parse(data.matang).stage, records[1].stage);
  assert.equal(await page.evaluate(() => document.querySelector("#host").checkValidity()), true);
  // Enter in a widget's input does not submit the host form; the host's own button does.
  await one.locator("[name=trained_staff]").press("Enter");
  await page.waitForTimeout(200);
  assert.equal(new URL(page.url()).pathname.startsWith("/page-"), true);
  // Reset clears the widget like any form control.
  await page.evaluate(() => document.querySelector("#host").reset());
  await settled(page);
  assert.equal(await one.locator("[name=stage]").inputValue(), "");
  // Disabled like any control, also after the form is rebuilt in another language.
  await page.evaluate(() => document.querySelector("#one").setAttribute("disabled", ""));
  await page.evaluate(() => { document.querySelector("#one").lang = "id"; });
  await settled(page);
  assert.equal(await one.locator("[name=stage]").isDisabled(), true);
  assert.deepEqual(errors.filter((e) => !String(e).includes("x.rhai")), []);
  await page.close();
});

test("lifecycle: properties set before upgrade are kept, ready rejects on failure, reloads are safe", async () => {
  const { page, errors } = await openPage(`<script>
    // Before the element is defined (the module script runs later).
    const el = document.createElement("matang-calculator");
    el.record = { assessed_on: "2019-10-01", stage: "integrated", sop_available: "ya" };
    el.lang = "en";
    document.body.append(el);
    window.events = [];
    el.addEventListener("matang-change", (e) => window.events.push(e.detail ? e.detail.total : null));
    el.addEventListener("matang-error", (e) => window.events.push(e.detail.kind));
  </script>`);
  await settled(page);
  const calc = page.locator("matang-calculator");
  assert.equal(await calc.locator("[name=stage]").inputValue(), "integrated");
  assert.equal(await page.getAttribute("matang-calculator", "lang"), "en");
  assert.equal(await calc.locator("[name=sop_available]").inputValue(), "true");
  assert.notEqual(await total(calc), "");

  // record and lang set while the pack reloads: no throw, and the last values win.
  const during = await page.evaluate(async () => {
    const el = document.querySelector("matang-calculator");
    el.setAttribute("pack", "smart-city-quickwin");
    el.setAttribute("pack", "smart-city-index");
    el.record = { year: 2022, index: 3.31 };
    el.lang = "id";
    await el.ready;
    return [el.pack.id, el.assessment?.total, el.lang];
  });
  assert.deepEqual(during, ["smart-city-index", 3.31, "id"]);

  // A pack that cannot be loaded: ready rejects with the error, matang-error fires.
  const rejected = await page.evaluate(async () => {
    const el = document.querySelector("matang-calculator");
    el.setAttribute("pack", "no-such-pack");
    try { await el.ready; return "resolved"; } catch (e) { return `${e.kind}: ${e.message}`; }
  });
  assert.match(rejected, /^usage: .*no-such-pack/);
  assert.deepEqual(await page.evaluate(() => window.events.slice(-2)), ["usage", null], "matang-error, then the result cleared");
  assert.deepEqual(errors, []);
  await page.close();
});

test("a rule error on the current input is shown in place, with events, and the stale score is cleared", async () => {
  virtualPack("/packs/rule-error", {}, "if x == 2 { x / 0 } else { x }");
  const { page, errors } = await openPage('<matang-calculator src="/packs/rule-error/pack.toml" lang="en"></matang-calculator>');
  await settled(page);
  await page.evaluate(() => {
    window.events = [];
    const el = document.querySelector("matang-calculator");
    el.addEventListener("matang-error", (e) => window.events.push(["error", e.detail.kind, e.detail.file, e.detail.line]));
    el.addEventListener("matang-change", (e) => window.events.push(["change", e.detail?.total ?? null]));
    // Native listeners are not triggered by the widget's events.
    el.addEventListener("change", () => window.events.push(["native change"]));
    window.onerror = () => window.events.push(["window.onerror"]);
  });
  const calc = page.locator("matang-calculator");
  await type(page, calc, "x", "4");
  assert.equal(await total(calc), "4");
  await type(page, calc, "x", "2");
  assert.match(await calc.locator('[data-testid="failure"]').textContent(),
    /^The rule pack failed on this input \(rules\/x\.rhai:1:\d+\): .*zero/);
  assert.equal(await total(calc), "", "the old score is cleared");
  await type(page, calc, "x", "4");
  assert.equal(await total(calc), "4");
  assert.equal(await calc.locator('[data-testid="failure"]').count(), 0);
  assert.deepEqual(await page.evaluate(() => window.events),
    [["change", 4], ["error", "rule", "rules/x.rhai", 1], ["change", null], ["change", 4]]);
  assert.deepEqual(errors, []);
  await page.close();
});

