import type { Assessment, Pack, EvidenceRecord, MatangError } from "./matang.js";

/** Compiles the WASM module (once per page) and initialises the shared `matang.js` instance,
 * the one `import { Pack } from "./matang.js"` gives. The element does not use it. */
export function initMatang(): Promise<unknown>;
/** A fresh, independent instance of the binding, with its own WASM memory: a crash in it
 * (`isCrash`) cannot reach any other. Each element runs its pack in one of these. */
export function createMatangInstance(): Promise<typeof import("./matang.js")>;
/** True when an error thrown by a call into an instance means the instance died (a trap
 * such as `RuntimeError: unreachable`); it must not be called again. */
export function isCrash(error: unknown): boolean;
/** The files of a custom pack at `src`: a JSON bundle or list, or a pack.toml and the files it
 * references, each checked with `packFileUrl` before any is requested. */
export function fetchPackFiles(src: string, base?: string): Promise<Record<string, string>>;
/** The URL of a file a pack names, resolved against the pack's URL; throws a `pack`
 * MatangError unless it is a relative path that stays inside the pack's folder. */
export function packFileUrl(ref: string, packUrl: string | URL, where?: { file?: string; line?: number; column?: number }): URL;

/** The `error` event's detail when the pack crashed the widget's WebAssembly instance
 * (the widget then compiles the pack again in a fresh instance). */
export interface MatangCrash extends Error {
  name: "MatangCrash";
  /** What the instance threw, e.g. `RuntimeError: unreachable`. */
  cause: unknown;
}

/** `<matang-calculator pack="smart-city-quickwin" lang="id" src="...">` */
export class MatangCalculator extends HTMLElement {
  /** "id" (default) or "en"; reflects the `lang` attribute. */
  lang: string;
  /** The loaded pack, null while loading or restarting after a crash (a new Pack afterwards). */
  readonly pack: Pack | null;
  /** The last assessment, null while the evidence is incomplete. */
  readonly assessment: Assessment | null;
  /** The evidence as passed to `pack.assess`; setting it fills the form and recomputes. */
  record: EvidenceRecord;
  /** Resolves when the pack is loaded and the first result is shown. */
  readonly ready: Promise<void>;
  /** Milliseconds the last recomputation took (assess + render). */
  readonly lastComputeMs: number | undefined;
}

declare global {
  interface HTMLElementTagNameMap { "matang-calculator": MatangCalculator }
}
export interface MatangCalculatorEventMap {
  change: CustomEvent<Assessment>;
  /** The pack could not be loaded or failed on the current input (MatangError), or crashed (MatangCrash). */
  error: CustomEvent<MatangError | MatangCrash>;
}
