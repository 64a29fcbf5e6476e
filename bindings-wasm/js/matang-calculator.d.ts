import type { Assessment, EvidenceRecord, Field, Dimension, Label, Level, MatangError, Scale } from "./matang.js";

/** Which WASM module: the default has the built-in packs only (no TOML parser); `toml: true`
 * the larger one that also reads custom packs (`Pack.fromFiles`). */
export interface ModuleOptions { toml?: boolean }
/** Compiles the WASM module (once per page) and initialises the shared `matang.js` instance,
 * the one `import { Pack } from "./matang.js"` gives (the first call decides the module).
 * The element does not use it. */
export function initMatang(options?: ModuleOptions): Promise<unknown>;
/** A fresh, independent instance of the binding, with its own WASM memory: a crash in it
 * (`isCrash`) cannot reach any other. */
export function createMatangInstance(options?: ModuleOptions): Promise<typeof import("./matang.js")>;
/** True when an error thrown by a call into an instance means the instance died (a trap
 * such as `RuntimeError: unreachable`); it must not be called again. */
export function isCrash(error: unknown): boolean;

/** `matang-error`'s detail when the pack crashed the widget's WebAssembly instance (the
 * widget then compiles the pack again in a fresh worker). */
export interface MatangCrash extends Error {
  name: "MatangCrash";
  /** What the instance threw, e.g. `RuntimeError: unreachable`. */
  cause: unknown;
}
/** `matang-error`'s detail when an assessment (or loading the pack) ran past its budget:
 * the widget stopped its worker and starts a fresh one. */
export interface MatangTimeout extends Error {
  name: "MatangTimeout";
  kind: "timeout";
  /** The budget, in milliseconds (`budget` or `load-budget` attribute). */
  budgetMs: number;
  op: "open" | "assess" | "read";
}

/** The pack as the widget holds it (plain data; the pack itself lives in the widget's worker). */
export interface CalculatorPack {
  id: string; version: string; fingerprint: string; name: Label; description: Label;
  fields: Field[]; levels: Level[]; dimensions: Dimension[]; scale: Scale;
  /** Every field's example as the form writes it, per language (what "Fill example" enters). */
  examples: { id: Record<string, string>; en: Record<string, string> };
}

/** `<matang-calculator pack="smart-city-quickwin" lang="id" src="..." name="matang">`:
 * a form-associated element; its value (`<name>` = the record as JSON, `<name>.score`,
 * `<name>.total`, `<name>.level`) is submitted with the host form. */
export class MatangCalculator extends HTMLElement {
  static readonly formAssociated: true;
  /** "id" (default) or "en"; reflects the `lang` attribute. */
  lang: string;
  /** The loaded pack, null while loading or after a load failure. */
  readonly pack: CalculatorPack | null;
  /** The last assessment, null while the evidence is incomplete or the pack failed. */
  readonly assessment: Assessment | null;
  /** The typed evidence last assessed; setting it fills the form (numbers, booleans or text as the core reads them: `"ya"`, `1`, `"99,5"` in Indonesian) and recomputes. */
  record: EvidenceRecord;
  /** Resolves when the pack is loaded and the first result is shown; rejects with the error when it cannot be loaded. */
  readonly ready: Promise<void>;
  /** The host form, if any. */
  readonly form: HTMLFormElement | null;
  /** The `name` attribute, default "matang". */
  readonly name: string;
  /** Milliseconds from the last recomputation's start to its result shown. */
  readonly lastComputeMs: number | undefined;
  /** Assesses a record with this widget's pack, in its worker, without changing the form. */
  assess(record: EvidenceRecord, lang?: "id" | "en"): Promise<Assessment>;
  addEventListener<K extends keyof MatangCalculatorEventMap>(type: K, listener: (this: MatangCalculator, ev: MatangCalculatorEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
}

export interface MatangCalculatorEventMap extends HTMLElementEventMap {
  /** After every recomputation: the assessment, or null when there is no result (incomplete evidence, an error, a reload). */
  "matang-change": CustomEvent<Assessment | null>;
  /** The pack could not be loaded or failed on the current input (MatangError), crashed (MatangCrash) or ran past its budget (MatangTimeout). */
  "matang-error": CustomEvent<MatangError | MatangCrash | MatangTimeout>;
}

declare global {
  interface HTMLElementTagNameMap { "matang-calculator": MatangCalculator }
  interface HTMLElementEventMap {
    "matang-change": CustomEvent<Assessment | null>;
    "matang-error": CustomEvent<MatangError | MatangCrash | MatangTimeout>;
  }
}
