// Type-checked (tsc --noEmit) inside a project that installed the npm package: the `types`
// conditions of "exports" resolve for "matang", "matang/calculator" and "matang/esbuild".
import init, { Pack, version, type Assessment } from "matang";
import { MatangCalculator, isCrash } from "matang/calculator";
import matangEsbuild, { RUNTIME_FILES } from "matang/esbuild";
import type { Plugin } from "esbuild";

await init();
const pack: Pack = Pack.builtin("smart-city-quickwin");
const a: Assessment = pack.assess({ id: "QW-1", assessed_on: "2019-10-01", stage: "live" }, { lang: "en" });
const total: number = a.total;
const engine: string = version();
const calc = document.querySelector("matang-calculator") as MatangCalculator | null;
const crashed: boolean = isCrash(new Error("x"));
const plugin: Plugin = matangEsbuild();
console.log(total, engine, calc?.assessment?.total, crashed, plugin.name, RUNTIME_FILES.length);
