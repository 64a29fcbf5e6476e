// Smoke test of the installed npm package in plain Node (run from a project that has it
// installed): `import { Pack } from "matang"` with no init call, and every built-in pack
// assesses its first test vector.
import assert from "node:assert/strict";
import { Pack, version } from "matang";

const ids = Pack.builtinIds();
assert.ok(ids.length >= 3, `built-in packs: ${ids}`);
for (const id of ids) {
  const pack = Pack.builtin(id);
  const [first] = pack.vectorRecords();
  assert.ok(first, `${id} has no test vector`);
  const a = pack.assess(first.record, { lang: "en" });
  assert.equal(typeof a.total, "number", `${id}: ${JSON.stringify(a)}`);
  assert.equal(a.pack.fingerprint, pack.fingerprint);
  console.log(`${id} ${pack.fingerprint.slice(0, 12)} ${first.id}: ${a.total.toFixed(2)} ${a.level.label} (matang ${version()})`);
}
