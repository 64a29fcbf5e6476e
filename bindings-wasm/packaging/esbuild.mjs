// The esbuild build of packaging/app/ as a user of the npm package writes it: the package's
// plugin writes the .wasm, matang.js and the calculator's worker beside the bundle.
import { build } from "esbuild";
import { copyFile } from "node:fs/promises";
import matang from "matang/esbuild";

await build({
  entryPoints: ["app/main.js"],
  bundle: true,
  format: "esm",
  outdir: "dist-esbuild",
  logLevel: "warning",
  plugins: [matang()],
});
// The page itself is the app's own file (esbuild bundles scripts, not HTML).
await copyFile("app/index.html", "dist-esbuild/index.html");
