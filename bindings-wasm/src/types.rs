//! TypeScript declarations for every value crossing the boundary. They mirror the serde
//! output of the core types field for field (the objects are produced by `JSON.parse`).

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** A text in Indonesian (`id`) and English (`en`). */
export interface Label { id: string; en: string }
/** Output language. */
export type Lang = "id" | "en";
export interface LangOptions { lang?: Lang }
export interface CheckOptions extends LangOptions {
  /** Refuse (throw) every column that is not a field, instead of ignoring it with a warning. */
  strict?: boolean;
}
export interface RadarOptions extends LangOptions {
  /** Last year's assessment of the same item, drawn dashed. */
  previous?: Assessment;
}
export interface RankOptions extends CheckOptions {
  /** How many to select; the pack's default when absent. */
  top?: number;
  /** Last year's records (or results with a numeric `total`), or an object of id to previous total. */
  previous?: EvidenceRecord[] | Record<string, number>;
}
/** One item to assess: evidence field id to value (`id` and `name` identify it). */
export type EvidenceRecord = { [field: string]: string | number | boolean | null | undefined };
export type FieldType = "number" | "integer" | "boolean" | "enum" | "date" | "text";
/** One evidence field of a pack (`pack.schema()`). */
export interface Field {
  id: string;
  type: FieldType;
  values?: string[];
  value_labels?: Label[];
  unit: Label | null;
  min: number | null;
  max: number | null;
  required: boolean;
  label: Label;
  help: Label | null;
  example: string | number | boolean | null;
}
export interface Dimension { id: string; weight: number; label: Label; description: Label | null; indicators: number[] }
export interface Indicator { id: string; dimension: number; weight: number; label: Label; reason: Label | null; monotone: string[] }
export interface Level {
  rank: number; id: string; min: number; label: Label;
  /** The pack's colour when it is a plain CSS colour (`#hex`, a name, `rgb()`/`hsl()` of numbers), else null. */
  color: string | null;
}
export interface Gate { id: string; level: number; label: Label }
export interface Scale { min: number; max: number; step: number; decimals: number }
export interface PackRef { id: string; version: string; fingerprint: string; matang: string }
export interface LevelRef { rank: number; id: string; label: string }
export interface DimensionScore {
  id: string; label: string; weight: number; score: number | null;
  coverage: number; present: number; count: number; insufficient: boolean;
}
export interface IndicatorScore { id: string; dimension: string; label: string; score: number | null; reason: string }
export interface GateResult { id: string; level: number; passed: boolean; label: string }
export interface Unmet { id: string; label: string }
export interface Improvement { indicator: string; label: string; dimension: string; from: number | null; to: number; total_after: number }
export interface PlanChange { field: string; label: string; from: unknown; to: unknown; text: string }
export interface Plan {
  level: LevelRef; changes: PlanChange[]; reached: boolean; complete: boolean; total_after: number;
  level_after: number; alternatives: PlanChange[]; blocked_by: string[]; evaluations: number; text: string;
}
export interface NextLevel { level: LevelRef; min: number; gap: number; gates: string[]; improvements: Improvement[]; summary: string[]; plan?: Plan }
/** The numbers of one item's assessment, without the explanation (`score`, `scoreMany`). */
export interface Score {
  id: string;
  total: number;
  score_100: number;
  level: number;
  score_level: number;
  dimensions: (number | null)[];
  eligible: boolean;
  progress_ratio: number | null;
}
/** The result of assessing one item (same fields as the Rust JSON output). */
export interface Assessment {
  id: string;
  name: string | null;
  total: number;
  score_100: number;
  level: LevelRef;
  score_level: number;
  dimensions: DimensionScore[];
  indicators: IndicatorScore[];
  gates: GateResult[];
  capped_by: string[];
  missing: string[];
  next_level: NextLevel | null;
  eligible: boolean;
  unmet: Unmet[];
  progress_ratio: number | null;
  evidence: { [field: string]: unknown };
  warnings?: string[];
  policy: string;
  lang: Lang;
  pack: PackRef;
}
export interface DimensionChange { id: string; label: string; before: number | null; after: number | null; delta: number }
export interface WhatIf {
  changes: { [field: string]: unknown };
  before: Assessment;
  after: Assessment;
  total_delta: number;
  level_delta: number;
  dimensions: DimensionChange[];
}
export type ProgressStatus = "plus" | "minus" | "flat" | "new";
export interface Progress { status: ProgressStatus; label: string; previous_total: number | null; delta: number | null; ratio: number | null }
export interface RankedItem {
  position: number; id: string; name: string | null; total: number | null; score_100: number | null;
  level: LevelRef | null; eligible: boolean; selected: boolean; reason: string | null;
  progress: Progress | null; error: string | null;
}
export interface Ranking {
  selected: string[];
  ranking: RankedItem[];
  top: number;
  eligible: number;
  progress_summary: { [status: string]: number };
  warnings?: string[];
  pack: PackRef;
}
export interface VectorResult { id: string; kind: "case" | "selection"; failures: string[] }
export interface CheckReport { pack: string; ran: number; failures: string[]; vectors: VectorResult[] }
export interface FieldProblem { field: string; message: string }
export type ErrorKind = "pack" | "evidence" | "rule" | "input" | "io" | "usage";
/** Every error thrown by the binding is an `Error` named `MatangError` with these properties. */
export interface MatangError extends Error {
  kind: ErrorKind;
  /** pack and rule errors: file in the pack, 1-based line and column (0 = unknown). */
  file?: string; line?: number; column?: number;
  /** evidence and rule errors: the record id (or `item N`). */
  record?: string;
  /** evidence errors: one problem per field. */
  problems?: FieldProblem[];
  /** input errors: the input name; io errors: the path. */
  source?: string; path?: string;
  /** The bare message without the location prefix. */
  detail?: string;
}
/** One item of `assessMany`. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: MatangError };
/** Options of `assessEntry`: the form's language (how numbers are written) and the record id. */
export interface EntryOptions extends LangOptions { id?: string }
/** A form's entries as read by `readEntry`: typed evidence, each value as the form shows it,
 * one message (in the form's language) per invalid entry, and the required fields still empty. */
export interface Entry {
  record: EvidenceRecord;
  texts: { [field: string]: string };
  problems: FieldProblem[];
  missing: string[];
}
/** A dimension that cannot be scored yet: how many more of its indicators need evidence,
 * and the empty fields that would give it. */
export interface NeededEvidence {
  dimension: string; label: string; present: number; count: number;
  indicators_needed: number; fields: string[];
}
/** `assessEntry`: the entry, its assessment (null while a required field is empty) and
 * the dimensions still lacking evidence. */
export interface EntryAssessment extends Entry {
  assessment: Assessment | null;
  needed: NeededEvidence[];
  /** The next-level plan's changes in evidence terms, when one reaches the next level. */
  plan?: PlanChange[];
}
"#;
