// End-to-end: <matang-calculator> as people meet it: accessibility (axe-core audit,
// keyboard only, names, one live region, contrast, a 360 px phone), a strict CSP, a page
// with hostile global CSS, theming, dark mode and print. Set-up in helpers.mjs.
import { test } from "node:test";
import {
  assert, RECORD, records, openDemo, openPage, settled, fill, total, type, screenshot, VIRTUAL,
} from "./helpers.mjs";

/** axe-core's WCAG 2.x A/AA rules over the page (shadow roots included). */
async function audit(page) {
  await page.addScriptTag({ url: "/axe/axe.min.js" });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 3) }));
  });
}

test("axe-core finds no serious violation, names read as words, one polite live region", async (t) => {
  const { page, errors } = await openDemo();
  const calc = page.locator("matang-calculator");
  await fill(page, RECORD);
  await type(page, calc, "trained_staff", "-3"); // a field in error, too
  for (const scheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme: scheme });
    const violations = await audit(page);
    t.diagnostic(`${scheme}: ${JSON.stringify(violations)}`);
    assert.deepEqual(violations.filter((v) => v.impact === "serious" || v.impact === "critical"), [], scheme);
  }
  await page.emulateMedia({ colorScheme: "light" });
  // Accessible names keep their words apart.
  assert.equal(await calc.locator('label[for="f-stage"]').textContent(), "Tahap (wajib)");
  assert.match(await calc.locator(".score").textContent(), /^\d+ dari 100$/);
  assert.match(await calc.locator('label[for="f-trained_staff"]').textContent(), /^SDM terlatih \(orang\)$/);
  // One live region, polite, that speaks only after a pause and only the score and level.
  const regions = await page.evaluate(() => [...document.querySelector("matang-calculator").shadowRoot
    .querySelectorAll("[aria-live], [role=alert], [role=status]")].map((el) => el.getAttribute("aria-live")));
  assert.deepEqual(regions, ["polite"]);
  await type(page, calc, "trained_staff", "6");
  const announce = calc.locator('[data-testid="announce"]');
  await page.waitForTimeout(1200);
  const said = await announce.textContent();
  assert.match(said, /^Skor \d+ dari 100, level .+\.$/);
  assert.ok(said.length < 60, "a short announcement");
  assert.deepEqual(errors, []);
  await page.close();
});

test("keyboard only: every control is reached with Tab and works", async () => {
  const { page, errors } = await openDemo();
  const calc = page.locator("matang-calculator");
  const active = () => page.evaluate(() => {
    const el = document.querySelector("matang-calculator").shadowRoot.activeElement;
    return el ? el.name || el.dataset.lang || el.dataset.act : null;
  });
  // Tab walks the language switch, every field in schema order, then the two buttons.
  const fields = await page.evaluate(() => document.querySelector("matang-calculator").pack.fields.map((f) => f.id));
  const stops = [];
  await page.locator("h1").click();
  // (A date input has one stop per part: day, month, year.)
  while (stops.at(-1) !== "reset" && stops.length < 200) {
    await page.keyboard.press("Tab");
    const now = await active();
    if (now !== stops.at(-1)) stops.push(now);
  }
  assert.deepEqual(stops, ["id", "en", ...fields, "example", "reset"]);
  // "Fill example" with Enter, then change a number and an option with the keyboard.
  const back = async (to) => {
    for (let i = 0; i < 100 && (await active()) !== to; i++) await page.keyboard.press("Shift+Tab");
    assert.equal(await active(), to);
  };
  await back("example");
  await page.keyboard.press("Enter");
  await settled(page);
  assert.notEqual(await total(calc), "");
  await back("trained_staff");
  await page.keyboard.press("Control+A");
  await page.keyboard.type("12");
  await page.keyboard.press("Shift+Tab"); // sop_available
  await page.keyboard.press("ArrowDown"); // Ya -> Tidak
  await settled(page);
  const evidence = await page.evaluate(() => document.querySelector("matang-calculator").assessment.evidence);
  assert.deepEqual([evidence.trained_staff, evidence.sop_available], [12, false]);
  // The language switch with Space.
  await back("en");
  await page.keyboard.press("Space");
  await settled(page);
  assert.equal(await page.getAttribute("matang-calculator", "lang"), "en");
  assert.deepEqual(errors, []);
  await page.close();
});

test("badge text contrasts at least 4.5:1 with every built-in level colour", async () => {
  const { page, errors } = await openDemo();
  const ratios = await page.evaluate(async () => {
    const { createMatangInstance } = await import("/pkg/matang-instance.js");
    const { paint } = await import("/pkg/matang-calculator-view.js");
    const glue = await createMatangInstance();
    const colours = glue.Pack.builtinIds().flatMap((id) => glue.Pack.builtin(id).levels().map((l) => l.color))
      .concat(["#ffff00", "#777777", "rgba(0, 0, 0, 0.3)", "hsl(200 60% 50%)"]);
    const root = document.querySelector("matang-calculator").shadowRoot;
    const host = document.createElement("div");
    host.className = "card";
    host.innerHTML = colours.map((c) => `<span class="badge" data-color="${c}">x</span>`).join("");
    root.append(host);
    paint(host);
    const lum = (rgb) => {
      const [r, g, b] = rgb.match(/[\d.]+/g).map(Number).map((c) => c / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const out = [...host.children].map((b) => {
      const s = getComputedStyle(b);
      const [l1, l2] = [lum(s.color), Number(b.dataset.contrast) ? lum(s.backgroundColor) : 0];
      return [b.dataset.color, s.backgroundColor, s.color, Number(b.dataset.contrast), (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05)];
    });
    host.remove();
    return out;
  });
  for (const [colour, , , claimed, opaque] of ratios) {
    assert.ok(claimed >= 4.5, `${colour}: ${claimed}`);
    if (!colour.startsWith("rgba")) assert.ok(opaque >= 4.5, `${colour}: ${opaque}`);
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test("phone-sized screen: no horizontal scrolling, a legible radar, the score in sight", async () => {
  const { page, errors } = await openDemo({ width: 360, height: 740 });
  await fill(page, records[1]);
  const calc = page.locator("matang-calculator");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling at 360px (overflow ${overflow}px)`);
  const radar = await page.evaluate(() => {
    const svg = document.querySelector("matang-calculator").shadowRoot.querySelector("svg.radar");
    const scale = svg.getScreenCTM().a;
    const box = svg.getBoundingClientRect();
    const texts = [...svg.querySelectorAll("text.axis-label, g.values text")];
    return { smallest: Math.min(...texts.map((t) => Number(t.getAttribute("font-size") ?? 12) * scale)),
      inside: texts.every((t) => { const r = t.getBoundingClientRect(); return r.left >= box.left - 1 && r.right <= box.right + 1; }) };
  });
  assert.ok(radar.smallest >= 11, `radar text ${radar.smallest.toFixed(1)} px at 360 px`);
  assert.ok(radar.inside, "every radar label inside the chart");
  await screenshot(page, "calculator-360.png", { fullPage: true });
  await calc.locator("[name=trained_staff]").scrollIntoViewIfNeeded();
  assert.ok(await calc.locator(".mini").isVisible(), "the sticky score bar while typing");
  await screenshot(page, "calculator-360-typing.png");
  assert.deepEqual(errors, []);
  await page.close();
});

test("a strict CSP page: styled through adopted stylesheets, no violation", async () => {
  VIRTUAL.set("/csp-watch.js", `window.violations = [];
    document.addEventListener("securitypolicyviolation", (e) => window.violations.push(e.violatedDirective + " " + e.blockedURI));`);
  const csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; worker-src 'self'; img-src 'self' data:";
  const { page, errors } = await openPage('<main><matang-calculator lang="en"></matang-calculator></main>', {
    headers: { "content-security-policy": csp },
    head: '<script src="/csp-watch.js"></script>',
  });
  await settled(page);
  const calc = page.locator("matang-calculator");
  await fill(page, RECORD, calc, "en");
  assert.notEqual(await total(calc), "");
  const style = await calc.locator(".card").evaluate((el) => [getComputedStyle(el).borderRadius, getComputedStyle(el).fontSize]);
  assert.deepEqual(style, ["12px", "15px"]);
  assert.notEqual(await calc.locator('[data-testid="level"]').evaluate((el) => getComputedStyle(el).backgroundColor), "rgba(0, 0, 0, 0)");
  const width = await calc.locator(".fill").first().evaluate((el) => el.getBoundingClientRect().width);
  assert.ok(width > 0, "bar widths set through the CSSOM");
  assert.deepEqual(await page.evaluate(() => window.violations), []);
  assert.deepEqual(errors, []);
  await page.close();
});

test("hostile global CSS, theming through parts and custom properties, dark mode, print", async () => {
  const hostile = `<style>
    * { font-size: 40px !important; color: red !important; letter-spacing: 4px !important; text-transform: uppercase !important;
        line-height: 5 !important; box-sizing: content-box !important; font-family: serif !important; }
    div, p, span, section, header { padding: 30px !important; margin: 20px !important; }
    input, select, button { display: none !important; } form { padding: 40px !important; }
    matang-calculator { --matang-accent: rgb(200, 0, 0); --matang-radius: 3px; }
    matang-calculator::part(badge) { outline: 3px solid rgb(0, 128, 0); }
  </style>`;
  const { page, errors } = await openPage(`<div class="cms"><form action="/cms"><div class="content">
      <matang-calculator lang="en"></matang-calculator></div></form></div>`, { head: hostile });
  await settled(page);
  const calc = page.locator("matang-calculator");
  await fill(page, RECORD, calc, "en");
  assert.notEqual(await total(calc), "");
  const inside = await calc.locator(".card").evaluate((el) => {
    const s = getComputedStyle(el);
    return [s.fontSize, s.letterSpacing, s.textTransform, s.color === "rgb(255, 0, 0)", s.borderRadius];
  });
  assert.deepEqual(inside, ["15px", "normal", "none", false, "3px"]);
  assert.ok(await calc.locator("[name=stage]").isVisible());
  assert.equal(await calc.locator(".fill").first().evaluate((el) => getComputedStyle(el).backgroundColor), "rgb(200, 0, 0)");
  assert.equal(await calc.locator('[data-testid="level"]').evaluate((el) => getComputedStyle(el).outlineColor), "rgb(0, 128, 0)");
  const parts = await page.evaluate(() => [...new Set([...document.querySelector("matang-calculator").shadowRoot
    .querySelectorAll("[part]")].flatMap((el) => el.getAttribute("part").split(" ")))].sort());
  for (const p of ["card", "header", "title", "subtitle", "lang-switch", "lang-button", "form", "fields", "field", "label",
    "input", "help", "field-error", "actions", "button", "results", "score", "badge", "total", "dimensions", "bar", "radar", "next-level", "mini"]) {
    assert.ok(parts.includes(p), `part ${p}`);
  }
  // Dark mode follows the system unless theme="light".
  await page.emulateMedia({ colorScheme: "dark" });
  assert.equal(await calc.locator(".card").evaluate((el) => getComputedStyle(el).backgroundColor), "rgb(20, 27, 34)");
  await page.evaluate(() => document.querySelector("matang-calculator").setAttribute("theme", "light"));
  assert.equal(await calc.locator(".card").evaluate((el) => getComputedStyle(el).backgroundColor), "rgb(255, 255, 255)");
  await page.close();

  // Print: results first, no buttons or switches, empty fields left out.
  const demo = await openDemo();
  await fill(demo.page, records[1]);
  await demo.page.emulateMedia({ media: "print" });
  const c2 = demo.page.locator("matang-calculator");
  const printed = await c2.evaluate((el) => {
    const root = el.shadowRoot;
    const shown = (sel) => getComputedStyle(root.querySelector(sel)).display !== "none";
    return { actions: shown(".actions"), langs: shown(".langs"), mini: shown(".mini"),
      resultsFirst: root.querySelector(".results").getBoundingClientRect().top < root.querySelector(".entry").getBoundingClientRect().top,
      emptyShown: [...root.querySelectorAll(".field[data-empty]")].some((f) => getComputedStyle(f).display !== "none") };
  });
  assert.deepEqual(printed, { actions: false, langs: false, mini: false, resultsFirst: true, emptyShown: false });
  await screenshot(demo.page, "calculator-print.png", { fullPage: true });
  const pdf = await demo.page.pdf({ format: "A4", printBackground: true });
  const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  assert.ok(pages <= 2, `${pages} A4 pages`);
  assert.deepEqual([...errors, ...demo.errors], []);
  await demo.page.close();
});

