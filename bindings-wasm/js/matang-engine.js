// The Web Worker behind one <matang-calculator> (see matang-worker.js): calls with a time
// budget, answers matched to calls, and the worker's end when its instance crashed or a
// call ran past its budget (terminating a worker is the only way to stop WebAssembly that
// is running, and it frees the instance's memory). Healthy workers of widgets removed from
// the page are kept for the next widget.

import { crashError, wasmModule } from "./matang-instance.js";

/** Workers with an initialised instance (`{worker, kind}`), given back by widgets that left
 * the page. */
const idleWorkers = [];

/** The WASM module a pack source needs: custom pack files need the TOML parser. */
const kindOf = (source) => (source.files ? "toml" : "builtin");

/** The error for a call stopped at its budget (`kind: "timeout"`). */
export function timeoutError(op, budgetMs) {
  const e = new Error(`${op === "open" ? "loading the pack" : "the assessment"} took longer than ${budgetMs} ms and was stopped`);
  Object.assign(e, { name: "MatangTimeout", kind: "timeout", budgetMs, op });
  return e;
}

function stopped() {
  const e = new Error("the calculator's worker was stopped");
  e.name = "MatangStopped";
  return e;
}

/** A MatangError rebuilt from the plain object the worker sent (cloning drops its fields). */
function rebuild(plain) {
  const e = new Error(plain.message);
  Object.assign(e, plain);
  return e;
}

export class CalculatorEngine {
  constructor() {
    this._worker = null;
    this._started = null; // promise: the worker is up and its instance initialised
    this._calls = new Map();
    this._seq = 0;
    this._opened = null; // promise: the pack is compiled in the worker
    this._kind = null; // the WASM module of the worker's instance (see kindOf)
  }

  /** Starts a worker with the `kind` module (or takes an idle one) unless one is running;
   * a running worker with the other module is ended first. */
  _start(kind) {
    if (this._started && this._kind === kind) return this._started;
    if (this._started) this.kill();
    this._kind = kind;
    const idle = idleWorkers.findIndex((w) => w.kind === kind);
    if (idle >= 0) {
      this._attach(idleWorkers.splice(idle, 1)[0].worker);
      this._started = Promise.resolve();
    } else {
      // Written out in the call so that bundlers (Vite, webpack) bundle the worker as well.
      this._attach(new Worker(new URL("./matang-worker.js", import.meta.url), { type: "module", name: "matang-calculator" }));
      this._started = wasmModule(kind).then((module) => this._call("init", { module }, 0));
    }
    const started = this._started;
    started.catch(() => { if (this._started === started) this.kill(); });
    return started;
  }

  _attach(worker) {
    this._worker = worker;
    worker.onmessage = ({ data }) => {
      const call = this._calls.get(data.id);
      if (!call) return;
      this._calls.delete(data.id);
      clearTimeout(call.timer);
      if (data.ok) call.resolve(data.result);
      else if (data.crash) {
        this.kill();
        call.reject(crashError(rebuild(data.error)));
      } else call.reject(rebuild(data.error));
    };
    worker.onerror = (event) => {
      event.preventDefault?.();
      const e = new Error(`the calculator's worker failed: ${event.message || "it could not be started"}`);
      e.name = "MatangCrash";
      this.kill(e);
    };
  }

  _call(op, message, budgetMs) {
    const worker = this._worker;
    if (!worker) return Promise.reject(stopped());
    return new Promise((resolve, reject) => {
      const id = ++this._seq;
      const call = { resolve, reject, timer: 0 };
      if (budgetMs > 0) {
        call.timer = setTimeout(() => {
          this._calls.delete(id);
          reject(timeoutError(op, budgetMs));
          if (this._worker === worker) this.kill();
        }, budgetMs);
      }
      this._calls.set(id, call);
      worker.postMessage({ ...message, id, op });
    });
  }

  /** Compiles the pack (`{builtin}` or `{files}`) in the worker: `{info}`, what the widget
   * shows of it, and with `first` (`{values, lang, recordId}`) `first: {result} | {error}`,
   * their assessment. */
  open(source, budgetMs, first = null) {
    this._opened = this._start(kindOf(source)).then(() => this._call("open", { ...source, first }, budgetMs)).then((opened) => {
      if (opened.first?.error) opened.first.error = rebuild(opened.first.error);
      return opened;
    });
    this._opened.catch(() => {});
    return this._opened;
  }

  /** `pack.assessEntry` plus the radar, in the worker (once the pack is open). */
  async assess(values, lang, recordId, budgetMs) {
    await this._opened;
    return this._call("assess", { values, lang, recordId }, budgetMs);
  }

  /** `pack.readEntry` in the worker (once the pack is open). */
  async read(values, lang, budgetMs) {
    await this._opened;
    return this._call("read", { values, lang }, budgetMs);
  }

  /** Ends the worker (calls in progress fail with `reason`); the next `open` starts another. */
  kill(reason = null) {
    const worker = this._worker;
    this._worker = null;
    this._started = null;
    this._opened = Promise.reject(reason ?? stopped());
    this._opened.catch(() => {});
    worker?.terminate();
    for (const call of this._calls.values()) {
      clearTimeout(call.timer);
      call.reject(reason ?? stopped());
    }
    this._calls.clear();
  }

  /** The widget left the page: an idle, healthy worker goes to the next widget. */
  release() {
    if (!this._worker) return;
    if (this._calls.size) { this.kill(); return; }
    const worker = this._worker;
    const started = this._started;
    const kind = this._kind;
    this._worker = null;
    this._started = null;
    started.then(() => { worker.onmessage = null; worker.onerror = null; idleWorkers.push({ worker, kind }); },
      () => worker.terminate());
  }
}
