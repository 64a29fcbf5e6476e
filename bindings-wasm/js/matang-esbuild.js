// The esbuild plugin of the npm package (`import matang from "matang/esbuild"`). esbuild does
// not follow `new URL("./file", import.meta.url)`, so the files the package finds that way
// (the two .wasm modules, the glue each calculator instance imports, the calculator's worker) are
// written beside the bundle when a build ends, the place where the bundled code looks.
import { copyFile, mkdir } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The package's files that bundled code loads at run time, next to its bundle. */
export const RUNTIME_FILES = ["matang_bg.wasm", "matang_toml_bg.wasm", "matang.js", "matang-worker.js"];

const here = dirname(fileURLToPath(import.meta.url));

/** The plugin: `esbuild.build({ ..., format: "esm", outdir: "dist", plugins: [matang()] })`. */
export default function matang() {
  return {
    name: "matang",
    setup(build) {
      const options = build.initialOptions;
      if (options.format && options.format !== "esm") {
        // With iife or cjs esbuild empties import.meta, and the package cannot find its files.
        throw new Error(`matang/esbuild: the package needs format "esm" (this build has "${options.format}")`);
      }
      const outdir = options.outdir ?? (options.outfile ? dirname(options.outfile) : null);
      if (!outdir) throw new Error("matang/esbuild: set outdir or outfile, where the package's .wasm and worker go");
      const target = resolve(options.absWorkingDir ?? process.cwd(), outdir);
      build.onEnd(async (result) => {
        if (result.errors.length > 0 || options.write === false) return;
        await mkdir(target, { recursive: true });
        await Promise.all(RUNTIME_FILES.map((f) => copyFile(resolve(here, f), resolve(target, f))));
      });
    },
  };
}
