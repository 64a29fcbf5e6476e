// The package's entry in Node (the `node` condition of package.json "exports"): reads the
// .wasm from the file system and initialises it synchronously, so `import { Pack } from
// "matang"` works with no init call. Calling the default export (init) afterwards is harmless.
import { readFileSync } from "node:fs";
import { initSync } from "./matang.js";

// The module with the TOML parser: in Node every pack loads, and size does not matter.
initSync({ module: readFileSync(new URL("./matang_toml_bg.wasm", import.meta.url)) });

export * from "./matang.js";
export { default } from "./matang.js";
