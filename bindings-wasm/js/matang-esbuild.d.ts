import type { Plugin } from "esbuild";

/** The package's files that bundled code loads at run time, written beside the bundle. */
export declare const RUNTIME_FILES: readonly string[];

/** An esbuild plugin: writes the package's `.wasm`, `matang.js` and `matang-worker.js` into
 * the build's outdir when a build ends (needs `format: "esm"`, and `outdir` or `outfile`). */
export default function matang(): Plugin;
