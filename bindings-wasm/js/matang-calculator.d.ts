import type { Assessment, Pack, EvidenceRecord, MatangError } from "./matang.js";

/** Loads the WASM module once per page (called by the element itself). */
export function initMatang(): Promise<unknown>;
/** The files of a custom pack at `src`: a JSON bundle or list, or a pack.toml and the files it references. */
export function fetchPackFiles(src: string, base?: string): Promise<Record<string, string>>;

/** `<matang-calculator pack="smart-city-quickwin" lang="id" src="...">` */
export class MatangCalculator extends HTMLElement {
  /** "id" (default) or "en"; reflects the `lang` attribute. */
  lang: string;
  /** The loaded pack, null while loading. */
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
  error: CustomEvent<MatangError>;
}
