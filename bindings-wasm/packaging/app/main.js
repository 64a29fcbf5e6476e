// A one-page app as a user of the npm package writes it: the calculator web component, and
// the binding on the main thread and in an instance of its own. It fills the calculator with
// the pack's first test vector.
import { createMatangInstance } from "matang/calculator";
import init, { Pack } from "matang";

await init();
const pack = Pack.builtin("smart-city-quickwin");
const [{ record }] = pack.vectorRecords();
const mainTotal = pack.assess(record, { lang: "en" }).total;
// An independent instance (its own copy of matang.js): the bundler must ship that file.
const own = await createMatangInstance();
const ownTotal = own.Pack.builtin("smart-city-quickwin").assess(record, { lang: "en" }).total;
if (ownTotal !== mainTotal) throw new Error(`instance total ${ownTotal}, main thread ${mainTotal}`);
document.querySelector("#main-total").value = String(mainTotal);

const calc = document.querySelector("matang-calculator");
await calc.ready;
const fields = new Set(pack.schema().map((f) => f.id));
calc.record = Object.fromEntries(Object.entries(record).filter(([k]) => fields.has(k)));
