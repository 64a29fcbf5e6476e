// The HTML of <matang-calculator>, built from what the core returns. No style="" attribute
// is ever written (a strict CSP refuses them): colours and widths are put in data-
// attributes and applied through the CSSOM by `paint`, which a CSP does not restrict.

import { UI, say } from "./matang-calculator-text.js";

export const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A label (`{id, en}`) in `lang`. */
export const pick = (label, lang) => (label ? (label[lang] || label.id || label.en) : "");

/** ` (file:line:column): message` for an error that has a location, else `: message`. */
export function located(e) {
  if (!e.file) return `: ${e.message}`;
  return ` (${e.file}${e.line ? `:${e.line}:${e.column}` : ""}): ${e.detail ?? e.message}`;
}

/** The level badge's colour when the pack gives none (or one that is not a plain colour). */
export const DEFAULT_COLOR = "#4f5d6b";

export function shellHtml() {
  return `<div class="card" part="card">
  <header part="header"><div><h2 part="title"></h2><p class="desc" part="subtitle"></p></div>
    <div class="langs" role="group" part="lang-switch"><button type="button" data-lang="id" lang="id" part="lang-button">ID</button><button type="button" data-lang="en" lang="en" part="lang-button">EN</button></div>
  </header>
  <div class="body" part="body">
    <div class="entry" role="group" aria-labelledby="ev-title" part="form"><h3 id="ev-title" class="ev"></h3><div class="fields" part="fields"></div>
      <div class="actions" part="actions"><button type="button" data-act="example" part="button example-button"></button><button type="button" data-act="reset" part="button reset-button"></button></div></div>
    <section class="results" aria-labelledby="res-title" part="results"><h3 id="res-title" class="sr"></h3><div class="out"></div></section>
  </div>
  <div class="mini" aria-hidden="true" part="mini"></div>
  <div class="sr" role="status" aria-live="polite" aria-atomic="true" data-testid="announce"></div>
</div>`;
}

export function messageHtml(cls, text, role = "") {
  return `<div class="card" part="card"><p class="${cls}" part="${cls}"${role ? ` role="${role}"` : ""}>${esc(text)}</p></div>`;
}

export function fieldHtml(f, lang, example) {
  const t = UI[lang];
  const id = `f-${f.id}`;
  // Spaces inside the label keep the accessible name's words apart ("Tahap (wajib)").
  const unit = f.unit ? ` <span class="unit">(${esc(pick(f.unit, lang))})</span>` : "";
  const req = f.required ? ` <span class="req">(${esc(t.required)})</span>` : "";
  const help = f.help ? `<span class="help" id="${id}-help" part="help">${esc(pick(f.help, lang))}</span>` : "";
  const described = `${f.help ? `${id}-help ` : ""}${id}-err`;
  const common = `id="${id}" name="${esc(f.id)}" aria-describedby="${described}"${f.required ? " required" : ""}`;
  const placeholder = example !== undefined ? ` placeholder="${esc(example)}"` : "";
  let input;
  switch (f.type) {
    case "number":
    case "integer":
      // A text input: type=number would drop "99,5" and turn "1.200" into 1.2 before the core sees it.
      input = `<input type="text" inputmode="${f.type === "integer" ? "numeric" : "decimal"}" autocomplete="off" spellcheck="false"${placeholder} ${common} part="input">`;
      break;
    case "boolean":
      input = `<select ${common} part="input"><option value="">${esc(t.none)}</option><option value="true">${esc(t.yes)}</option><option value="false">${esc(t.no)}</option></select>`;
      break;
    case "enum":
      input = `<select ${common} part="input"><option value="">${esc(t.none)}</option>${(f.values ?? [])
        .map((v, i) => `<option value="${esc(v)}">${esc(pick(f.value_labels?.[i], lang) || v)}</option>`).join("")}</select>`;
      break;
    case "date":
      input = `<input type="date" ${common} part="input">`;
      break;
    default:
      input = `<input type="text"${placeholder} ${common} part="input">`;
  }
  return `<div class="field" part="field" data-field="${esc(f.id)}"><label for="${id}" part="label">${esc(pick(f.label, lang))}${unit}${req}</label>${input}${help}<span class="err" id="${id}-err" part="field-error"></span></div>`;
}

/** The notice above the results: the failure, the missing required fields, or what the
 * score still lacks. */
function noticeHtml(view, lang) {
  const { result, failure, labelOf } = view;
  if (failure) return `<p class="notice" part="notice error" data-testid="failure">${esc(failure.text)}</p>`;
  if (!result) return "";
  if (!result.assessment) {
    const names = result.missing.map(labelOf);
    return names.length ? `<p class="notice" part="notice" data-testid="missing">${esc(UI[lang].fill)} ${esc(names.join(", "))}</p>` : "";
  }
  const lines = [];
  if (result.problems.length) lines.push(`<p>${esc(UI[lang].invalid)}</p>`);
  if (result.needed.length) {
    lines.push(`<p>${esc(view.scored ? UI[lang].provisional : UI[lang].notYet)}</p><ul data-testid="needed">${result.needed.map((n) => {
      const fields = n.fields.slice(0, 4).map(labelOf).join(", ");
      return `<li data-dimension="${esc(n.dimension)}">${esc(say(lang, fields ? "needFor" : "needForNoField",
        { dimension: n.label, n: n.indicators_needed, fields }))}</li>`;
    }).join("")}</ul>`);
  }
  return lines.length ? `<div class="notice" part="notice">${lines.join("")}</div>` : "";
}

/** Steps towards the next level. Today the core's `next_level.summary`; when the core's
 * next-level plan (evidence to add, field by field) exists, the worker adds it to the
 * result as `plan` and its steps are shown here instead. */
function adviceItems(result) {
  if (Array.isArray(result.plan)) return result.plan.map((step) => step.text ?? String(step));
  return result.assessment.next_level?.summary ?? [];
}

export function scoreHtml(a, lang, fmt, max, levelColor, scored) {
  const t = UI[lang];
  const shown = a && scored;
  return `<div class="summary">
      <div class="score" part="score"><span data-testid="score">${shown ? fmt(a.score_100, 0) : "–"}</span> <small>${esc(t.outOf)}</small></div>
      <span class="badge" part="badge" data-testid="level" data-level="${esc(shown ? a.level.id : "")}" data-rank="${shown ? a.level.rank : ""}" data-color="${esc(shown ? levelColor : DEFAULT_COLOR)}"><span class="sr">${esc(t.level)}: </span>${shown ? esc(a.level.label) : "–"}</span>
    </div>
    <div class="meta" part="total">${esc(t.total)}: <strong data-testid="total" data-value="${a ? a.total : ""}">${a ? fmt(a.total) : "–"}</strong> / ${fmt(max)}</div>`;
}

/** The results region for `view`: {result, failure, scored, levels, scale, fmt, labelOf}. */
export function resultsHtml(view, lang) {
  const t = UI[lang];
  const { result, failure, scale, fmt } = view;
  const a = failure ? null : result?.assessment ?? null;
  const level = a && view.levels.find((l) => l.rank === a.level.rank);
  const head = noticeHtml(view, lang) + `<div class="live">${scoreHtml(a, lang, fmt, scale.max, level?.color || DEFAULT_COLOR, view.scored)}`;
  if (!a) return `${head}</div>`;
  const needed = new Set(result.needed.map((n) => n.dimension));
  const failing = a.gates.filter((g) => !g.passed && (a.capped_by.includes(g.id) || g.level <= a.score_level));
  const advice = adviceItems(result);
  const levelLabel = (rank) => pick(view.levels.find((l) => l.rank === rank)?.label, lang);
  return `${head}
    <h3>${esc(t.dimensions)}</h3>
    <ul class="bars" part="dimensions">${a.dimensions.map((d) => {
      const w = d.score === null ? 0 : (100 * (d.score - scale.min)) / (scale.max - scale.min);
      const value = d.score === null || needed.has(d.id) ? "–" : fmt(d.score);
      return `<li part="dimension" data-dimension="${esc(d.id)}"><span>${esc(d.label)}${d.insufficient ? ` <span class="insuff">(${esc(t.insufficient)})</span>` : ""}</span>
        <span class="track" aria-hidden="true" part="bar"><span class="fill" data-width="${needed.has(d.id) ? 0 : w.toFixed(1)}"></span></span>
        <span class="num">${value}</span></li>`;
    }).join("")}</ul>
    <h3>${esc(t.radar)}</h3><div class="radar-box" part="radar">${result.radar}</div>
    ${failing.length ? `<h3>${esc(t.gates)}</h3><ul class="plain" part="gates" data-testid="gates">${failing
      .map((g) => `<li class="gate">${esc(g.label)} <small>(→ ${esc(levelLabel(g.level))})</small></li>`).join("")}</ul>` : ""}
    <h3>${esc(a.next_level ? t.next : t.top)}</h3>
    ${advice.length ? `<ul class="plain" part="next-level" data-testid="next-level">${advice.map((s) => `<li>${esc(s)}</li>`).join("")}</ul>` : ""}
  </div>`;
}

/** WCAG relative luminance of an `rgb()`/`rgba()` computed colour over `backdrop` (0..1). */
function luminance(rgb, backdrop = [255, 255, 255]) {
  const m = rgb.match(/[\d.]+/g)?.map(Number) ?? [0, 0, 0];
  const alpha = m.length > 3 ? m[3] : 1;
  const channel = (i) => {
    const c = (alpha * m[i] + (1 - alpha) * backdrop[i]) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}

/** Contrast ratio of two luminances. */
export const contrast = (a, b) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);

/** Applies the data- colours and widths through the CSSOM; badge text is black or white,
 * whichever contrasts more with the pack's colour (at least 4.58:1 for any colour). */
export function paint(root) {
  for (const fill of root.querySelectorAll(".fill[data-width]")) fill.style.width = `${fill.dataset.width}%`;
  for (const badge of root.querySelectorAll(".badge[data-color]")) {
    badge.style.backgroundColor = DEFAULT_COLOR;
    badge.style.backgroundColor = badge.dataset.color; // an invalid colour is ignored by the CSSOM
    const backdrop = getComputedStyle(badge.closest(".card") ?? badge).backgroundColor;
    const bgRgb = getComputedStyle(badge).backgroundColor;
    const l = luminance(bgRgb, (backdrop.match(/[\d.]+/g) ?? ["255", "255", "255"]).slice(0, 3).map(Number));
    const black = contrast(l, 0);
    const white = contrast(l, 1);
    badge.style.color = black >= white ? "#000" : "#fff";
    badge.dataset.contrast = Math.max(black, white).toFixed(2);
  }
}

/** Makes the core's radar legible on a narrow screen: larger text, labels wrapped shorter,
 * and the viewBox fitted to what is drawn (so nothing is cut and nothing is tiny). */
export function fitRadar(box, narrow) {
  const svg = box.querySelector("svg");
  if (!svg) return;
  svg.classList.add("radar");
  svg.removeAttribute("width");
  svg.removeAttribute("height");
  if (!narrow) return;
  const cy = Number(svg.querySelector("g.axes line")?.getAttribute("y1") ?? 0);
  for (const text of svg.querySelectorAll("text.axis-label")) {
    const old = [...text.querySelectorAll("tspan")];
    const words = old.map((s) => s.textContent).join(" ").split(/\s+/);
    const x = text.getAttribute("x");
    const lines = [];
    for (const w of words) {
      if (lines.length && (lines.at(-1) + " " + w).length <= 10) lines[lines.length - 1] += " " + w;
      else lines.push(w);
    }
    // Labels above the centre grow upwards, those beside it both ways (as the core lays them).
    const y = Number(text.getAttribute("y"));
    const grown = (lines.length - 1) * 24 - (old.length - 1) * 14;
    if (y < cy - 60) text.setAttribute("y", String(y - grown));
    else if (y < cy + 60) text.setAttribute("y", String(y - grown / 2));
    text.setAttribute("font-size", "23");
    text.replaceChildren(...lines.map((line, i) => {
      const span = document.createElementNS("http://www.w3.org/2000/svg", "tspan");
      span.setAttribute("x", x);
      span.setAttribute("dy", i === 0 ? "0" : "24");
      span.textContent = line;
      return span;
    }));
  }
  for (const text of svg.querySelectorAll("g.values text, text.threshold")) text.setAttribute("font-size", "22");
  const box2 = svg.getBBox();
  const pad = 4;
  svg.setAttribute("viewBox", `${box2.x - pad} ${box2.y - pad} ${box2.width + 2 * pad} ${box2.height + 2 * pad}`);
}
