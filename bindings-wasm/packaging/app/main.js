// A one-page app as a user of the npm package writes it: the calculator web component, and
// the binding on the main thread. It fills the calculator with the pack's first test vector.
import "matang/calculator";
import init, { Pack } from "matang";

await init();
const pack = Pack.builtin("smart-city-quickwin");
const [{ record }] = pack.vectorRecords();
document.querySelector("#main-total").value = String(pack.assess(record, { lang: "en" }).total);

const calc = document.querySelector("matang-calculator");
await calc.ready;
const fields = new Set(pack.schema().map((f) => f.id));
calc.record = Object.fromEntries(Object.entries(record).filter(([k]) => fields.has(k)));
