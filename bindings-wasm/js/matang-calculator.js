// <matang-calculator>: an embeddable maturity calculator built on the matang WASM binding.
//
//   <script type="module" src="pkg/matang-calculator.js"></script>
//   <matang-calculator pack="smart-city-quickwin" lang="id"></matang-calculator>
//
// Attributes: `pack` (built-in pack id, default smart-city-quickwin), `src` (URL of a custom
// pack, see README "Custom packs"), `lang` (id | en), `name` (form field name, default
// matang), `record-id`, `budget` (ms per assessment, default 2000), `load-budget` (ms to
// compile the pack, default 30000), `debounce` (ms, default 150), `theme` (light | dark).
// Events: `matang-change` (detail: the Assessment, or null when there is no result) and
// `matang-error` (detail: a MatangError, MatangCrash or MatangTimeout).
// No scoring logic lives here: every number and every message comes from the core, which
// runs in a Web Worker of this widget's own (matang-worker.js), so the page never blocks and
// a pack that crashes or runs too long only ever stops its own widget.

import { CalculatorEngine } from "./matang-engine.js";
import { createMatangInstance, initMatang, isCrash } from "./matang-instance.js";
import { calculatorSheet } from "./matang-calculator-style.js";
import { say } from "./matang-calculator-text.js";
import { esc, fieldHtml, fitRadar, located, messageHtml, paint, pick, resultsHtml, shellHtml } from "./matang-calculator-view.js";

// The custom-pack loader (matang-pack-files.js) is imported only when a widget has `src`.
export { createMatangInstance, initMatang, isCrash };

/** A widget whose pack crashed its instance this many times since it was loaded stops
 * restarting it (each restart compiles the pack again: a pack that always crashes would
 * otherwise keep a core busy forever). */
const MAX_RESTARTS = 8;
/** Quiet time before the live region announces the score. */
const ANNOUNCE_AFTER_MS = 1000;

const number = (el, name, fallback) => {
  const v = Number(el.getAttribute(name));
  return el.hasAttribute(name) && Number.isFinite(v) && v >= 0 ? v : fallback;
};

/** A promise with its resolve and reject, marked handled so that a page which never
 * awaits `ready` gets no "unhandled rejection" (one that awaits it still sees the error). */
function deferred() {
  let resolve, reject;
  const promise = new Promise((ok, fail) => { resolve = ok; reject = fail; });
  promise.catch(() => {});
  return { promise, resolve, reject, settled: false };
}

export class MatangCalculator extends HTMLElement {
  static observedAttributes = ["lang", "pack", "src"];
  static formAssociated = true;

  constructor() {
    super();
    this.attachShadow({ mode: "open" });
    this.shadowRoot.adoptedStyleSheets = [calculatorSheet()];
    this._internals = this.attachInternals?.() ?? null;
    this._values = {};      // field id -> what the input holds (text, or a value set by `record`)
    this._touched = new Set();
    this._info = null;      // the pack as the worker described it
    this._result = null;    // the last assessEntry result
    this._failure = null;   // the error for the current input
    this._emitted = undefined;
    this._engine = new CalculatorEngine();
    this._loadId = 0;
    this._restarts = 0;
    this._ready = deferred();
    this._running = null;   // the assessment in progress
    this._again = false;    // input arrived while it ran
    this._normalise = false; // write the core's texts back into the inputs after the next result
  }

  /** The current language: "id" or "en". */
  get lang() { return this.getAttribute("lang") === "en" ? "en" : "id"; }
  set lang(v) { this.setAttribute("lang", v === "en" ? "en" : "id"); }
  /** The loaded pack as plain data ({id, version, fingerprint, name, fields, levels, dimensions, scale}), null while loading. */
  get pack() { return this._info; }
  /** The last assessment (null while the evidence is incomplete, the pack failed, or loading). */
  get assessment() { return this._failure ? null : this._result?.assessment ?? null; }
  /** The evidence as typed evidence (what was assessed); fields in error are left out. */
  get record() { return { ...(this._result?.record ?? {}) }; }
  /** Fills the form from a record (numbers, booleans or text as the core reads them) and recomputes. */
  set record(r) {
    this._values = {};
    for (const [k, v] of Object.entries(r ?? {})) if (v !== null && v !== undefined) this._values[k] = v;
    this._touched = new Set(Object.keys(this._values));
    this._normalise = true;
    if (this._info) { this._renderForm(); this._schedule(0); }
  }
  /** Resolves when the pack is loaded and its first result is shown (again after a restart);
   * rejects with the error when the pack cannot be loaded. */
  get ready() { return this._ready.promise; }
  /** The form this element belongs to, like any form control's `form`. */
  get form() { return this._internals?.form ?? null; }
  get name() { return this.getAttribute("name") || "matang"; }
  get type() { return "matang-calculator"; }
  /** Milliseconds the last assessment took, from input to result shown. */
  get lastComputeMs() { return this._lastMs; }

  /** Assesses `record` with this widget's pack (in its worker), without touching the form. */
  async assess(record, lang = this.lang) {
    await this.ready;
    const r = await this._engine.assess(record, lang, record?.id ?? this._recordId(), this._budget());
    if (!r.assessment) throw Object.assign(new Error(`required, but missing: ${r.missing.join(", ")}`), { name: "MatangError", kind: "evidence" });
    return r.assessment;
  }

  connectedCallback() {
    // Values given before the element was defined are own properties: take them over.
    for (const prop of ["record", "lang"]) {
      if (Object.prototype.hasOwnProperty.call(this, prop)) {
        const v = this[prop];
        delete this[prop];
        this[prop] = v;
      }
    }
    if (!this._started) { this._started = true; this._load(); }
  }

  disconnectedCallback() {
    // Moved within the page when it is connected again before the next task.
    setTimeout(() => { if (!this.isConnected && this._started) this._release(); }, 0);
  }

  attributeChangedCallback(name, old, value) {
    if (!this._started || old === value) return;
    if (name === "lang") this._switchLang(old === "en" ? "en" : "id");
    else this._load();
  }

  formResetCallback() { this.record = {}; }
  formStateRestoreCallback(state) { try { this.record = JSON.parse(state); } catch { /* not ours */ } }
  formDisabledCallback(disabled) {
    this._disabled = disabled;
    this._applyDisabled();
  }
  _applyDisabled() {
    for (const el of this.shadowRoot.querySelectorAll("input, select, button[data-act]")) el.disabled = !!this._disabled;
  }

  _t(key, args) { return say(this.lang, key, args); }
  _budget() { return number(this, "budget", 2000); }
  _recordId() { return this.getAttribute("record-id") || "calculator"; }

  _load() {
    const id = ++this._loadId;
    if (this._ready.settled) this._ready = deferred();
    this._info = null;
    this._result = null;
    this._failure = null;
    this.shadowRoot.innerHTML = messageHtml("loading", this._t("loading"));
    (async () => {
      performance.mark("matang:load-start");
      const src = this.getAttribute("src");
      const source = src
        ? { files: await (await import("./matang-pack-files.js")).fetchPackFiles(src) }
        : { builtin: this.getAttribute("pack") || "smart-city-quickwin" };
      if (id !== this._loadId) return;
      this._source = source;
      // The first assessment comes with the pack: one round trip to the worker, not two.
      const lang = this.lang;
      const opened = await this._engine.open(source, number(this, "load-budget", 30000),
        { values: this._values, lang, recordId: this._recordId() });
      if (id !== this._loadId) return;
      performance.mark("matang:pack-ready");
      this._restarts = 0;
      this._info = opened.info;
      this._renderShell();
      this._renderForm();
      this._apply(opened.first, lang, performance.now());
      await this._running;
      performance.mark("matang:first-render");
      this._settle();
    })().catch((e) => { if (id === this._loadId) this._fatal(e); });
  }

  _settle(error) {
    const d = this._ready;
    if (d.settled) return;
    d.settled = true;
    if (error) d.reject(error); else d.resolve();
  }

  /** Shows `e` in place of the form, emits `matang-error` and rejects `ready`. */
  _fatal(e) {
    this._info = null;
    if (e.name === "MatangTimeout") e.message = this._t("loadTimeout", { ms: e.budgetMs });
    this.shadowRoot.innerHTML = messageHtml("fatal", `${this._t("packError")}${located(e)}`, "alert");
    this._setFormValue(null);
    this._emit(null, e);
    this._settle(e);
  }

  _release() {
    ++this._loadId;
    this._started = false;
    this._info = null;
    this._engine.release();
  }

  _renderShell() {
    const root = this.shadowRoot;
    root.innerHTML = shellHtml();
    root.querySelector(".langs").addEventListener("click", (e) => {
      const b = e.target.closest("button[data-lang]");
      if (b) this.lang = b.dataset.lang;
    });
    const entry = root.querySelector(".entry");
    entry.addEventListener("input", (e) => this._onInput(e));
    entry.addEventListener("change", (e) => this._onInput(e));
    root.querySelector("[data-act=reset]").addEventListener("click", () => { this.record = {}; });
    root.querySelector("[data-act=example]").addEventListener("click", () => {
      this.record = { ...this._values, ...this._info.examples[this.lang] };
    });
  }

  _renderForm() {
    const root = this.shadowRoot;
    if (!root.querySelector(".fields")) return;
    const lang = this.lang;
    root.querySelector("h2").textContent = pick(this._info.name, lang);
    root.querySelector(".desc").textContent = `${this._info.id} ${this._info.version}`;
    root.querySelector(".langs").setAttribute("aria-label", this._t("lang"));
    for (const b of root.querySelectorAll(".langs button")) b.setAttribute("aria-pressed", String(b.dataset.lang === lang));
    root.querySelector(".ev").textContent = this._t("evidence");
    root.querySelector("#res-title").textContent = this._t("results");
    root.querySelector("[data-act=reset]").textContent = this._t("reset");
    root.querySelector("[data-act=example]").textContent = this._t("example");
    const focused = root.activeElement?.name;
    const examples = this._info.examples[lang];
    root.querySelector(".fields").innerHTML = this._info.fields.map((f) => fieldHtml(f, lang, examples[f.id])).join("");
    // Looked up once: a pack may have thousands of fields, and a search per field is quadratic.
    this._inputs = new Map();
    this._errors = new Map();
    for (const box of root.querySelectorAll(".fields > .field")) {
      this._inputs.set(box.dataset.field, box.querySelector("[name]"));
      this._errors.set(box.dataset.field, box.querySelector(".err"));
    }
    for (const f of this._info.fields) this._show(f.id, this._values[f.id]);
    this._applyDisabled();
    if (focused) root.querySelector(`[name="${focused}"]`)?.focus();
  }

  /** Puts a value in its input (a select shows it only if it is one of its options). */
  _show(field, value) {
    const el = this._inputs?.get(field);
    if (!el) return;
    el.value = value === undefined || value === null ? "" : String(value);
    el.closest(".field").toggleAttribute("data-empty", el.value === "");
  }

  _onInput(e) {
    const name = e.target?.name;
    if (!name) return;
    // A select fires `input` then `change` with the same value: assess once.
    if (this._values[name] === e.target.value && this._touched.has(name)) return;
    this._values[name] = e.target.value;
    this._touched.add(name);
    e.target.closest(".field")?.toggleAttribute("data-empty", e.target.value === "");
    this._schedule(number(this, "debounce", 150));
  }

  /** Assesses after `delay` ms without input; results already shown are marked busy. */
  _schedule(delay) {
    clearTimeout(this._debounce);
    this.shadowRoot.querySelector(".results")?.setAttribute("aria-busy", "true");
    this._debounce = setTimeout(() => this._compute(), delay);
  }

  /** Converts the inputs to the new language's way of writing numbers, then reassesses. */
  async _switchLang(old) {
    if (!this._info) return;
    const id = this._loadId;
    try {
      const read = await this._engine.read(this._values, old, this._budget());
      if (id !== this._loadId) return;
      for (const [k, v] of Object.entries(read.record)) this._values[k] = v;
    } catch { /* the values stay as typed; the reassessment below reports them */ }
    this._normalise = true;
    this._renderForm();
    this._renderResults();
    await this._compute();
  }

  /** Assesses the current entries in the worker (one call at a time, the latest input last). */
  async _compute() {
    if (!this._info) return;
    if (this._running) { this._again = true; return this._running; }
    const t0 = performance.now();
    const id = this._loadId;
    const lang = this.lang;
    this._running = this._engine.assess(this._values, lang, this._recordId(), this._budget()).then(
      (result) => ({ result }), (error) => ({ error }));
    const outcome = await this._running;
    this._running = null;
    if (id !== this._loadId) return;
    if (this._again) { this._again = false; return this._compute(); }
    this._apply(outcome, lang, t0);
  }

  /** Shows the outcome of assessing the entries in `lang`: `{result}` or `{error}`. */
  _apply({ result, error }, lang, t0) {
    if (error) {
      // Its worker was ended under it (another call ran out of time, or the widget stopped).
      if (error.name === "MatangStopped") { this.shadowRoot.querySelector(".results")?.removeAttribute("aria-busy"); return; }
      this._failure = error;
      this._result = null;
      if (error.name === "MatangCrash" || error.name === "MatangTimeout") this._restart(error);
      error.text = error.name === "MatangTimeout" ? this._t("timeout", { ms: error.budgetMs })
        : `${this._t("failed")}${located(error)}`;
    } else {
      this._failure = null;
      this._result = result;
      if (lang !== this.lang) return this._compute();
      if (this._normalise) {
        this._normalise = false;
        for (const [k, text] of Object.entries(result.texts)) { this._values[k] = text; this._show(k, text); }
      }
    }
    this._lastMs = performance.now() - t0;
    this._renderResults();
    this._emit(this.assessment, this._failure);
  }

  /** The worker was ended (a crash, or past its budget): the pack is compiled again in a
   * fresh one; the inputs typed meanwhile are assessed when it is back. */
  _restart(error) {
    if (error.name === "MatangCrash") {
      if (++this._restarts > MAX_RESTARTS) {
        error.message = `${this._t("crashed")} (${error.cause?.message ?? error.message}); ${this._t("stopped", { n: this._restarts })}`;
        return;
      }
      error.message = `${this._t("crashed")} (${error.cause?.message ?? error.message}); ${this._t("restarted")}`;
    }
    const id = this._loadId;
    if (this._ready.settled) this._ready = deferred();
    this._engine.open(this._source, number(this, "load-budget", 30000)).then(() => {
      if (id === this._loadId) this._settle();
    }, (e) => { if (id === this._loadId) this._fatal(e); });
  }

  _fmt(x, decimals = this._info.scale.decimals) {
    return new Intl.NumberFormat(this.lang === "id" ? "id-ID" : "en-GB",
      { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(x);
  }

  _labelOf(field) {
    return pick(this._info.fields.find((f) => f.id === field)?.label, this.lang) || field;
  }

  _renderResults() {
    const root = this.shadowRoot;
    const box = root.querySelector(".results");
    if (!box) return;
    const result = this._failure ? null : this._result;
    const problems = new Map((result?.problems ?? []).map((p) => [p.field, p.message]));
    for (const f of this._info.fields) {
      const el = this._inputs.get(f.id);
      const msg = problems.get(f.id);
      const err = this._errors.get(f.id);
      if (err.textContent !== (msg ?? "")) err.textContent = msg ?? "";
      if (msg) el.setAttribute("aria-invalid", "true"); else if (el.hasAttribute("aria-invalid")) el.removeAttribute("aria-invalid");
    }
    const a = result?.assessment ?? null;
    // A score only when some dimension is scored on evidence: a total of 0 from no evidence is no judgement.
    const scored = !!a && (result.needed.length < a.dimensions.length);
    const view = { result, failure: this._failure, scored, levels: this._info.levels, scale: this._info.scale,
      fmt: (x, d) => this._fmt(x, d), labelOf: (f) => this._labelOf(f) };
    box.querySelector(".out").innerHTML = resultsHtml(view, this.lang);
    box.classList.toggle("stale", !a);
    box.removeAttribute("aria-busy");
    const level = a && this._info.levels.find((l) => l.rank === a.level.rank);
    root.querySelector(".mini").innerHTML = scored
      ? `<span>${esc(this._t("score"))}</span><strong>${this._fmt(a.score_100, 0)}</strong><span class="badge" data-color="${esc(level?.color ?? "")}">${esc(a.level.label)}</span>`
      : "";
    fitRadar(box, this.clientWidth > 0 && this.clientWidth < 560);
    paint(root);
    this._setFormValue(result, scored);
    this._announce(a && scored ? this._t("announce", { score: this._fmt(a.score_100, 0), level: a.level.label })
      : this._failure ? this._failure.text
        : a ? this._t("notYet") : `${this._t("announceNone")} ${this._t("fill")} ${(result?.missing ?? []).map((f) => this._labelOf(f)).join(", ")}`);
  }

  /** One polite announcement, after a pause in typing, only when it says something new. */
  _announce(text) {
    clearTimeout(this._announceTimer);
    this._announceTimer = setTimeout(() => {
      const region = this.shadowRoot.querySelector("[data-testid=announce]");
      if (region && region.textContent !== text) region.textContent = text;
    }, ANNOUNCE_AFTER_MS);
  }

  /** The value submitted with the host form: `<name>` the record as JSON, `<name>.score`,
   * `<name>.total` and `<name>.level` when there is a score. */
  _setFormValue(result, scored = false) {
    if (!this._internals) return;
    const a = result?.assessment;
    if (!result) { this._internals.setFormValue(null); }
    else {
      const data = new FormData();
      data.append(this.name, JSON.stringify(result.record));
      if (a && scored) {
        data.append(`${this.name}.score`, String(Math.round(a.score_100 * 100) / 100));
        data.append(`${this.name}.total`, String(a.total));
        data.append(`${this.name}.level`, a.level.id);
      }
      this._internals.setFormValue(data, JSON.stringify(this._values));
    }
    const first = this.shadowRoot.querySelector("[aria-invalid=true], [required]");
    if (this.hasAttribute("required") && !(a && scored)) {
      this._internals.setValidity({ valueMissing: true }, this._t("notYet"), first ?? undefined);
    } else this._internals.setValidity({});
  }

  /** `matang-change` with the assessment (null when there is none, once per change to
   * null) and, on a failure, `matang-error` with the error. */
  _emit(assessment, failure) {
    if (failure) this.dispatchEvent(new CustomEvent("matang-error", { detail: failure, bubbles: true, composed: true }));
    if (assessment === null && this._emitted === null) return;
    this._emitted = assessment;
    this.dispatchEvent(new CustomEvent("matang-change", { detail: assessment, bubbles: true, composed: true }));
  }
}

if (!customElements.get("matang-calculator")) customElements.define("matang-calculator", MatangCalculator);
