// Compile-only check of the published TypeScript types (`npx tsc -p tsconfig.json`).
import init, { Pack } from "../www/pkg/matang.js";
import type { Assessment, Envelope, Field, MatangError, Ranking, WhatIf, CheckReport, EntryAssessment, Entry } from "../www/pkg/matang.js";
import type { MatangCalculator, MatangCrash, MatangTimeout, CalculatorPack } from "../www/pkg/matang-calculator.js";
import { createMatangInstance, isCrash } from "../www/pkg/matang-calculator.js";
import { packFileUrl } from "../www/pkg/matang-pack-files.js";

export async function demo(): Promise<number> {
  await init();
  const pack: Pack = Pack.builtin("smart-city-quickwin");
  const fields: Field[] = pack.schema();
  const a: Assessment = pack.assess({ id: "QW-1", assessed_on: "2019-10-01", stage: "live" });
  const b: Assessment = pack.assess({ id: "QW-1" }, { lang: "en" });
  const many: Envelope<Assessment>[] = pack.assessMany([{ id: "a" }]);
  for (const e of many) {
    if (e.ok) console.log(e.value.total);
    else console.log(e.error.kind, e.error.problems?.map((p) => p.field));
  }
  const r: Ranking = pack.rank([{ id: "a" }], { top: 4, previous: { a: 1.5 } });
  const w: WhatIf = pack.whatIf({ id: "a" }, { stage: "live" }, { lang: "id" });
  const c: CheckReport = pack.check();
  try { Pack.fromFiles({ "pack.toml": "" }); } catch (e) { const m = e as MatangError; console.log(m.file, m.line, m.column); }
  const entry: Entry = pack.readEntry({ uptime_pct: "99,5" }, { lang: "id" });
  const scored: EntryAssessment = pack.assessEntry({ stage: "live" }, { lang: "en", id: "QW-1" });
  console.log(entry.texts["uptime_pct"], scored.needed.map((n) => n.fields), scored.assessment?.total);
  const calc = document.querySelector("matang-calculator") as MatangCalculator;
  await calc.ready;
  const level: string | undefined = calc.assessment?.level.label;
  const info: CalculatorPack | null = calc.pack;
  calc.addEventListener("matang-change", (e) => {
    const a: Assessment | null = e.detail;
    console.log(a?.total ?? "no result", info?.fields.length);
  });
  calc.addEventListener("matang-error", (e) => {
    const d: MatangError | MatangCrash | MatangTimeout = e.detail;
    if (d.name === "MatangTimeout") console.log((d as MatangTimeout).budgetMs);
    console.log("kind" in d ? d.kind : d.cause);
  });
  const assessed: Assessment = await calc.assess({ assessed_on: "2024-05-01", stage: "live" });
  console.log(assessed.total, calc.form?.id);
  const own = await createMatangInstance();
  try { own.Pack.builtin("smart-city-quickwin"); } catch (e) { if (isCrash(e)) console.log("instance lost"); }
  const url: URL = packFileUrl("indicators/x.rhai", "https://example.org/pack/pack.toml");
  return fields.length + a.total + b.score_100 + r.top + w.total_delta + c.ran + (level ? 1 : 0) + url.pathname.length;
}
