// <matang-calculator>: an embeddable maturity calculator built on the matang WASM binding.
//
//   <script type="module" src="pkg/matang-calculator.js"></script>
//   <matang-calculator pack="smart-city-quickwin" lang="id"></matang-calculator>
//
// Attributes: `pack` (built-in pack id, default smart-city-quickwin), `src` (URL of a custom
// pack, see README "Custom packs"), `lang` (id | en). Emits `change` (detail: the assessment)
// after every recomputation, and `error` (detail: the error) when the pack cannot be loaded,
// fails on the current input, or crashes.
// No scoring logic lives here: every number and every message comes from the pack via WASM.
//
// Isolation: each widget runs its pack in a WebAssembly instance of its own, so a pack that
// crashes its instance (a trap: with panic = "abort" any panic is one, and the instance is
// unusable afterwards) cannot reach the other widgets; the widget then drops that instance
// and reloads its pack in a fresh one.

import { createMatangInstance, crashError, initMatang, isCrash, releaseInstance, takeInstance } from "./matang-instance.js";
import { fetchPackFiles, packFileUrl } from "./matang-pack-files.js";

export { createMatangInstance, fetchPackFiles, initMatang, isCrash, packFileUrl };

/** A widget whose pack crashed this many times stops restarting it: every dead instance's
 * memory stays allocated until the page is closed (ES modules cannot be unloaded). */
const MAX_RESTARTS = 8;

const UI = {
  id: {
    score: "Skor", outOf: "dari 100", total: "Nilai total", level: "Level kematangan",
    dimensions: "Dimensi", radar: "Radar dimensi", gates: "Syarat yang menahan level",
    next: "Menuju level berikutnya", top: "Level tertinggi tercapai", required: "wajib",
    fill: "Lengkapi kolom wajib untuk melihat skor:", yes: "Ya", no: "Tidak", none: "— pilih —",
    insufficient: "bukti kurang", loading: "Memuat kalkulator…", reset: "Kosongkan",
    example: "Isi contoh", lang: "Bahasa", invalid: "Kolom dengan kesalahan diabaikan dalam skor.",
    packError: "Paket aturan tidak dapat dimuat", evidence: "Bukti",
    failed: "Paket aturan gagal menghitung isian ini",
  },
  en: {
    score: "Score", outOf: "out of 100", total: "Total", level: "Maturity level",
    dimensions: "Dimensions", radar: "Dimension radar", gates: "Conditions holding the level back",
    next: "Towards the next level", top: "Highest level reached", required: "required",
    fill: "Fill in the required fields to see the score:", yes: "Yes", no: "No", none: "— choose —",
    insufficient: "not enough evidence", loading: "Loading calculator…", reset: "Clear",
    example: "Fill example", lang: "Language", invalid: "Fields with errors are left out of the score.",
    packError: "The rule pack cannot be loaded", evidence: "Evidence",
    failed: "The rule pack failed on this input",
  },
};

/** The level badge's colour when the pack gives none (or an invalid one). */
const DEFAULT_COLOR = "#5b6b7c";

/** ` (file:line:column): message` for an error that has a location, else `: message`. */
function located(e) {
  if (!e.file) return `: ${e.message}`;
  return ` (${e.file}${e.line ? `:${e.line}:${e.column}` : ""}): ${e.detail ?? e.message}`;
}

const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STYLE = `
:host { display: block; container-type: inline-size; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: #1d2733; --accent: #0b5cad; --line: #d5dde6; --soft: #f3f6f9; --bad: #b42318; }
* { box-sizing: border-box; }
.card { border: 1px solid var(--line); border-radius: 12px; background: #fff; overflow: clip; }
.mini { position: sticky; bottom: 0; display: flex; align-items: center; gap: 10px; padding: 8px 16px; background: #0b3d6e; color: #fff; font-size: .9rem; box-shadow: 0 -2px 8px rgba(0,0,0,.15); }
.mini strong { font-size: 1.3rem; }
.mini .badge { font-size: .8rem; padding: 3px 10px; }
.mini:empty { display: none; }
header { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; justify-content: space-between;
  padding: 14px 18px; background: linear-gradient(90deg, #0b3d6e, #0b5cad); color: #fff; }
header h2 { margin: 0; font-size: 1.1rem; font-weight: 650; }
header p { margin: 2px 0 0; font-size: .82rem; opacity: .85; }
.langs { display: flex; border: 1px solid rgba(255,255,255,.6); border-radius: 999px; overflow: hidden; }
.langs button { background: transparent; color: #fff; border: 0; padding: 5px 12px; font: inherit; font-size: .85rem; cursor: pointer; }
.langs button[aria-pressed="true"] { background: #fff; color: #0b3d6e; font-weight: 650; }
.body { display: grid; grid-template-columns: 1fr; }
form { padding: 16px 18px; }
.fields { display: grid; gap: 12px 16px; grid-template-columns: 1fr; }
.field { display: flex; flex-direction: column; gap: 3px; min-width: 0; }
.field label { font-weight: 600; font-size: .88rem; }
.field .req { color: var(--bad); font-weight: 400; font-size: .78rem; margin-left: 4px; }
.field .unit { color: #5b6b7c; font-weight: 400; }
.field input, .field select { font: inherit; padding: 7px 9px; border: 1px solid #b8c4d0; border-radius: 7px; background: #fff; min-height: 38px; width: 100%; }
.field input:focus-visible, .field select:focus-visible, button:focus-visible { outline: 3px solid #7fb3f0; outline-offset: 1px; }
.field [aria-invalid="true"] { border-color: var(--bad); background: #fff6f5; }
.help { color: #5b6b7c; font-size: .78rem; }
.err { color: var(--bad); font-size: .8rem; font-weight: 600; }
.err:empty { display: none; }
.actions { display: flex; gap: 8px; margin-top: 14px; }
.actions button { font: inherit; font-size: .85rem; padding: 6px 12px; border-radius: 7px; border: 1px solid #b8c4d0; background: var(--soft); cursor: pointer; }
.results { padding: 16px 18px; background: #fbfcfd; }
.results.stale .live { opacity: .35; }
.summary { display: flex; align-items: center; gap: 14px; flex-wrap: wrap; }
.score { font-size: 2.6rem; font-weight: 750; line-height: 1; color: #0b3d6e; }
.score small { font-size: .8rem; font-weight: 500; color: #5b6b7c; margin-left: 4px; }
.badge { display: inline-block; padding: 5px 12px; border-radius: 999px; color: #fff; font-weight: 700; font-size: .9rem; }
.meta { color: #5b6b7c; font-size: .85rem; margin-top: 6px; }
h3 { font-size: .8rem; text-transform: uppercase; letter-spacing: .05em; color: #5b6b7c; margin: 18px 0 8px; }
.bars { list-style: none; margin: 0; padding: 0; display: grid; gap: 7px; }
.bars li { display: grid; grid-template-columns: minmax(90px, 40%) 1fr 3.2em; gap: 8px; align-items: center; font-size: .85rem; }
.track { height: 10px; background: #e4eaf0; border-radius: 5px; overflow: hidden; }
.track, .fill { display: block; }
.fill { height: 100%; background: var(--accent); border-radius: 5px; transition: width .2s; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.insuff { color: var(--bad); font-size: .75rem; }
svg.radar { width: 100%; max-width: 420px; height: auto; display: block; margin: 0 auto; }
ul.plain { margin: 0; padding-left: 18px; font-size: .88rem; }
ul.plain li { margin: 3px 0; }
.gate { color: var(--bad); }
.notice { background: #fff6e5; border: 1px solid #f0c36d; border-radius: 8px; padding: 8px 10px; font-size: .85rem; margin-bottom: 10px; }
.notice:empty { display: none; }
.fatal { padding: 18px; color: var(--bad); }
@container (min-width: 820px) { .body { grid-template-columns: minmax(0, 1.35fr) minmax(330px, 1fr); }
  .results { border-left: 1px solid var(--line); }
  .results .live { position: sticky; top: 12px; } .mini { display: none; } .fields { grid-template-columns: 1fr 1fr; } }
@container (min-width: 560px) and (max-width: 819px) { .fields { grid-template-columns: 1fr 1fr; } }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;

export class MatangCalculator extends HTMLElement {
  static observedAttributes = ["lang", "pack", "src"];

  constructor() {
    super();
    this.attachShadow({ mode: "open" });
    this._values = {};      // field id -> raw input value (kept across language switches)
    this._touched = new Set();
    this._pack = null;
    this._assessment = null;
    this._loadId = 0;
    this._wasm = null;      // promise of this widget's own binding instance
    this._source = null;    // what the pack was compiled from, to compile it again after a crash
    this._restarts = 0;
    this._pending = new Set(); // "form" / "compute" asked for while the pack was (re)loading
  }

  /** The current language: "id" or "en". */
  get lang() { return this.getAttribute("lang") === "en" ? "en" : "id"; }
  set lang(v) { this.setAttribute("lang", v); }
  /** The loaded `Pack` (null while loading, or while restarting after a crash). */
  get pack() { return this._pack; }
  /** The last assessment (null when the evidence is incomplete or the pack failed). */
  get assessment() { return this._assessment; }
  /** The evidence as a record (what is passed to `pack.assess`). */
  get record() { return this._record(); }
  /** Sets the inputs from a record and recomputes. */
  set record(r) {
    this._values = {};
    for (const [k, v] of Object.entries(r ?? {})) if (v !== null && v !== undefined) this._values[k] = String(v);
    this._touched = new Set(Object.keys(this._values));
    this._refresh("form", "compute");
  }
  /** Resolves when the pack is loaded and the first result is shown, or, after a crash,
   * when the pack is loaded again in a fresh instance. */
  get ready() { return this._ready ?? Promise.resolve(); }

  connectedCallback() { if (!this._started) { this._started = true; this._load(); } }

  disconnectedCallback() {
    // Moved within the page when it is connected again before the next task.
    setTimeout(() => { if (!this.isConnected) this._release(); }, 0);
  }

  attributeChangedCallback(name, old, value) {
    if (!this._started || old === value) return;
    if (name === "lang") this._refresh("form", "compute");
    else this._load();
  }

  _t(key) { return UI[this.lang][key]; }
  _l(label) { return label ? (label[this.lang] || label.id || label.en) : ""; }

  /** Runs the steps asked for (and any left pending) once the pack is live. */
  _refresh(...steps) {
    for (const step of steps) this._pending.add(step);
    if (!this._pack || !this._schema) return;
    const pending = this._pending;
    this._pending = new Set();
    if (pending.has("form")) this._renderForm();
    if (pending.has("compute")) this._compute();
  }

  _load() {
    const id = ++this._loadId;
    this.shadowRoot.innerHTML = `<style>${STYLE}</style><div class="card"><p class="fatal" style="color:#5b6b7c">${esc(this._t("loading"))}</p></div>`;
    this._ready = (async () => {
      performance.mark("matang:load-start");
      const src = this.getAttribute("src");
      const source = src
        ? { files: await fetchPackFiles(src) }
        : { builtin: this.getAttribute("pack") || "smart-city-quickwin" };
      if (id !== this._loadId) return;
      const opened = await this._open(source);
      if (id !== this._loadId) return;
      performance.mark("matang:pack-ready");
      this._source = source;
      this._restarts = 0;
      this._use(opened);
      this._pending.clear();
      this._renderShell();
      this._renderForm();
      this._compute();
      performance.mark("matang:first-render");
    })().catch((e) => { if (id === this._loadId) this._fatal(e); });
    return this._ready;
  }

  /** Shows `e` in place of the form and emits `error`. */
  _fatal(e) {
    this.shadowRoot.innerHTML = `<style>${STYLE}</style><div class="card"><p class="fatal" role="alert">${esc(this._t("packError"))}${esc(located(e))}</p></div>`;
    this.dispatchEvent(new CustomEvent("error", { detail: e, bubbles: true, composed: true }));
  }

  /** Compiles `source` in this widget's instance (taken on first use) and reads what the
   * form needs. A crash drops the instance, so the next attempt gets a fresh one. */
  async _open(source) {
    this._wasm ??= takeInstance();
    const wasm = this._wasm;
    const drop = () => { if (this._wasm === wasm) this._wasm = null; };
    let glue;
    try { glue = await wasm; } catch (e) { drop(); throw e; }
    performance.mark("matang:wasm-ready");
    try {
      const pack = source.files ? glue.Pack.fromFiles(source.files) : glue.Pack.builtin(source.builtin);
      return { pack, info: { name: pack.name, id: pack.id, version: pack.version },
        schema: pack.schema(), levels: pack.levels(), dims: pack.dimensions(), scale: pack.scale() };
    } catch (e) {
      if (!isCrash(e)) throw e;
      drop();
      throw crashError(e);
    }
  }

  /** Makes an opened pack the live one (its data are plain objects, kept across restarts). */
  _use(opened) {
    this._pack = opened.pack;
    this._info = opened.info;
    this._schema = opened.schema;
    this._levels = opened.levels;
    this._dims = opened.dims;
    this._scale = opened.scale;
  }

  /** The instance died under this widget's pack: never call it again; compile the pack in a
   * fresh instance (up to MAX_RESTARTS times). Returns the error to show. */
  _crashed(cause) {
    const crash = crashError(cause);
    this._pack = null;
    this._wasm = null;
    if (++this._restarts > MAX_RESTARTS) {
      crash.message += `; it crashed ${MAX_RESTARTS + 1} times, so the calculator stopped`;
      return crash;
    }
    crash.message += "; the calculator restarted it";
    const id = this._loadId;
    this._ready = this._open(this._source).then((opened) => {
      if (id !== this._loadId) return;
      this._use(opened);
      this._refresh();
    }, (e) => { if (id === this._loadId) this._fatal(e); });
    return crash;
  }

  /** Removed from the page: its instance, if healthy, goes back to the pool for the next
   * widget; connected again, the widget loads its pack anew. */
  _release() {
    const wasm = this._wasm;
    ++this._loadId;
    this._started = false;
    this._pack = null;
    this._wasm = null;
    wasm?.then(releaseInstance, () => {});
  }

  _renderShell() {
    const root = this.shadowRoot;
    root.innerHTML = `<style>${STYLE}</style>
      <div class="card">
        <header><div><h2 part="title"></h2><p class="desc"></p></div>
          <div class="langs" role="group"><button type="button" data-lang="id" lang="id">ID</button><button type="button" data-lang="en" lang="en">EN</button></div>
        </header>
        <div class="body">
          <form novalidate><h3 class="ev"></h3><div class="fields"></div>
            <div class="actions"><button type="button" data-act="example"></button><button type="button" data-act="reset"></button></div></form>
          <section class="results" aria-live="polite"></section>
        </div>
        <div class="mini" aria-hidden="true"></div>
      </div>`;
    root.querySelector(".langs").addEventListener("click", (e) => {
      const b = e.target.closest("button[data-lang]");
      if (b) this.lang = b.dataset.lang;
    });
    const form = root.querySelector("form");
    form.addEventListener("input", (e) => this._onInput(e));
    form.addEventListener("change", (e) => this._onInput(e));
    form.addEventListener("submit", (e) => e.preventDefault());
    form.querySelector("[data-act=reset]").addEventListener("click", () => { this.record = {}; });
    form.querySelector("[data-act=example]").addEventListener("click", () => {
      const r = {};
      for (const f of this._schema) if (f.example !== null && f.example !== undefined) r[f.id] = f.example;
      this.record = { ...this._values, ...r };
    });
  }

  _renderForm() {
    const root = this.shadowRoot;
    const t = (k) => this._t(k);
    root.querySelector("h2").textContent = this._l(this._info.name);
    root.querySelector(".desc").textContent = `${this._info.id} ${this._info.version}`;
    root.querySelector(".langs").setAttribute("aria-label", t("lang"));
    for (const b of root.querySelectorAll(".langs button")) b.setAttribute("aria-pressed", String(b.dataset.lang === this.lang));
    root.querySelector(".ev").textContent = t("evidence");
    root.querySelector("[data-act=reset]").textContent = t("reset");
    root.querySelector("[data-act=example]").textContent = t("example");
    const focused = root.activeElement?.name;
    root.querySelector(".fields").innerHTML = this._schema.map((f) => this._fieldHtml(f)).join("");
    for (const f of this._schema) {
      const el = root.querySelector(`[name="${f.id}"]`);
      const v = this._values[f.id];
      if (v !== undefined) el.value = v;
    }
    if (focused) root.querySelector(`[name="${focused}"]`)?.focus();
  }

  _fieldHtml(f) {
    const id = `f-${f.id}`;
    const unit = f.unit ? ` <span class="unit">(${esc(this._l(f.unit))})</span>` : "";
    const req = f.required ? `<span class="req">${esc(this._t("required"))}</span>` : "";
    const help = f.help ? `<span class="help" id="${id}-help">${esc(this._l(f.help))}</span>` : "";
    const described = `${f.help ? `${id}-help ` : ""}${id}-err`;
    const common = `id="${id}" name="${esc(f.id)}" aria-describedby="${described}"${f.required ? ' aria-required="true"' : ""}`;
    let input;
    switch (f.type) {
      case "number":
      case "integer": {
        const attrs = [f.min !== null ? `min="${f.min}"` : "", f.max !== null ? `max="${f.max}"` : "",
          `step="${f.type === "integer" ? 1 : "any"}"`, f.example !== null ? `placeholder="${esc(f.example)}"` : ""];
        input = `<input type="number" inputmode="${f.type === "integer" ? "numeric" : "decimal"}" ${attrs.join(" ")} ${common}>`;
        break;
      }
      case "boolean":
        input = `<select ${common}><option value="">${esc(this._t("none"))}</option><option value="true">${esc(this._t("yes"))}</option><option value="false">${esc(this._t("no"))}</option></select>`;
        break;
      case "enum":
        input = `<select ${common}><option value="">${esc(this._t("none"))}</option>${(f.values ?? [])
          .map((v, i) => `<option value="${esc(v)}">${esc(this._l(f.value_labels?.[i]) || v)}</option>`).join("")}</select>`;
        break;
      case "date":
        input = `<input type="date" ${common}>`;
        break;
      default:
        input = `<input type="text" ${f.example !== null ? `placeholder="${esc(f.example)}"` : ""} ${common}>`;
    }
    return `<div class="field"><label for="${id}">${esc(this._l(f.label))}${unit}${req}</label>${input}${help}<span class="err" id="${id}-err"></span></div>`;
  }

  _onInput(e) {
    const name = e.target?.name;
    if (!name) return;
    // A select fires `input` then `change` with the same value: score (or crash) once.
    const unchanged = this._values[name] === e.target.value && this._touched.has(name);
    this._values[name] = e.target.value;
    this._touched.add(name);
    if (!unchanged) this._refresh("compute");
  }

  _record(skip = new Set()) {
    const r = { id: this.getAttribute("record-id") || "calculator" };
    for (const f of this._schema ?? []) {
      const v = this._values[f.id];
      if (v === undefined || v === "" || skip.has(f.id)) continue;
      if (f.type === "boolean") r[f.id] = v === "true";
      else r[f.id] = v; // numbers go as text so the core parses and validates them
    }
    return r;
  }

  _compute() {
    const pack = this._pack;
    if (!pack) { this._pending.add("compute"); return; }
    const t0 = performance.now();
    const opts = { lang: this.lang };
    let problems = [];
    let a = null;
    let radar = "";
    let failure = null;
    try {
      try {
        a = pack.assess(this._record(), opts);
      } catch (e) {
        if (e.kind !== "evidence") throw e;
        problems = e.problems;
        // Score what is valid: leave out the fields in error and try again.
        const bad = new Set(problems.filter((p) => this._values[p.field]).map((p) => p.field));
        try { a = pack.assess(this._record(bad), opts); } catch (e2) { if (e2.kind !== "evidence") throw e2; }
      }
      // The core's radar chart (the same picture as `matang report` and Python's to_svg()).
      if (a) radar = pack.radarSvg(a, opts).replace('class="matang-radar"', 'class="matang-radar radar"');
    } catch (e) {
      // A rule error for this input, or the instance crashed: shown, never thrown.
      failure = isCrash(e) ? this._crashed(e) : e;
      a = null;
    }
    this._showProblems(problems);
    this._assessment = a;
    this._renderResults(a, problems, radar, failure);
    this.lastComputeMs = performance.now() - t0;
    if (failure) this.dispatchEvent(new CustomEvent("error", { detail: failure, bubbles: true, composed: true }));
    else if (a) this.dispatchEvent(new CustomEvent("change", { detail: a, bubbles: true, composed: true }));
  }

  _showProblems(problems) {
    const root = this.shadowRoot;
    const byField = new Map(problems.map((p) => [p.field, p.message]));
    for (const f of this._schema) {
      const el = root.querySelector(`[name="${f.id}"]`);
      const err = root.getElementById(`f-${f.id}-err`);
      const msg = byField.get(f.id);
      const show = msg && (this._touched.has(f.id) || this._values[f.id]);
      err.textContent = show ? msg : "";
      if (show) el.setAttribute("aria-invalid", "true"); else el.removeAttribute("aria-invalid");
    }
  }

  _fmt(x, decimals = this._scale.decimals) {
    return new Intl.NumberFormat(this.lang === "id" ? "id-ID" : "en-GB",
      { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(x);
  }

  _renderResults(a, problems, radar, failure) {
    const box = this.shadowRoot.querySelector(".results");
    const t = (k) => esc(this._t(k));
    const missing = problems.filter((p) => !this._values[p.field]);
    const invalid = problems.filter((p) => this._values[p.field]);
    let notice = "";
    if (failure) {
      notice = `${t("failed")}${esc(located(failure))}`;
    } else if (!a) {
      const names = missing.map((p) => this._l(this._schema.find((f) => f.id === p.field)?.label) || p.field);
      notice = `${t("fill")} ${esc(names.join(", "))}`;
    } else if (invalid.length) notice = t("invalid");
    box.classList.toggle("stale", !a);
    const lv = a && this._levels.find((l) => l.rank === a.level.rank);
    this.shadowRoot.querySelector(".mini").innerHTML = a
      ? `<span>${t("score")}</span><strong>${this._fmt(a.score_100, 0)}</strong><span class="badge" style="background:${esc(lv?.color || DEFAULT_COLOR)}">${esc(a.level.label)}</span>`
      : "";
    if (!a) {
      const role = failure ? 'role="alert" data-testid="failure"' : 'role="status"';
      box.innerHTML = `<p class="notice" ${role}>${notice}</p><div class="live">${this._scoreHtml(null)}</div>`;
      return;
    }
    const level = this._levels.find((l) => l.rank === a.level.rank);
    const failing = a.gates.filter((g) => !g.passed && (a.capped_by.includes(g.id) || g.level <= a.score_level));
    const next = a.next_level;
    box.innerHTML = `<p class="notice" role="status">${notice}</p><div class="live">
      ${this._scoreHtml(a, level)}
      <h3>${t("dimensions")}</h3>
      <ul class="bars">${a.dimensions.map((d) => {
        const w = d.score === null ? 0 : (100 * (d.score - this._scale.min)) / (this._scale.max - this._scale.min);
        return `<li><span>${esc(d.label)}${d.insufficient ? ` <span class="insuff">(${t("insufficient")})</span>` : ""}</span>
          <span class="track" role="img" aria-label="${esc(d.label)}: ${d.score === null ? "–" : this._fmt(d.score)}"><span class="fill" style="width:${w.toFixed(1)}%"></span></span>
          <span class="num">${d.score === null ? "–" : this._fmt(d.score)}</span></li>`;
      }).join("")}</ul>
      <h3>${t("radar")}</h3>${radar}
      ${failing.length ? `<h3>${t("gates")}</h3><ul class="plain" data-testid="gates">${failing
        .map((g) => `<li class="gate">${esc(g.label)} <small>(→ ${esc(this._l(this._levels.find((l) => l.rank === g.level)?.label))})</small></li>`).join("")}</ul>` : ""}
      <h3>${next ? t("next") : t("top")}</h3>
      ${next ? `<ul class="plain" data-testid="next-level">${next.summary.map((s) => `<li>${esc(s)}</li>`).join("")}</ul>` : ""}
    </div>`;
  }

  _scoreHtml(a, level) {
    const t = (k) => esc(this._t(k));
    // Pack colours arrive checked by the core (`levels()` gives null for anything but a colour).
    const color = level?.color || DEFAULT_COLOR;
    return `<div class="summary">
        <div class="score" aria-label="${t("score")}"><span data-testid="score">${a ? this._fmt(a.score_100, 0) : "–"}</span><small>${t("outOf")}</small></div>
        <span class="badge" data-testid="level" data-level="${esc(a?.level.id ?? "")}" data-rank="${a?.level.rank ?? ""}" style="background:${esc(color)}" title="${t("level")}">${a ? esc(a.level.label) : "–"}</span>
      </div>
      <div class="meta">${t("total")}: <strong data-testid="total" data-value="${a ? a.total : ""}">${a ? this._fmt(a.total) : "–"}</strong> / ${this._fmt(this._scale.max)}</div>`;
  }
}

if (!customElements.get("matang-calculator")) customElements.define("matang-calculator", MatangCalculator);
