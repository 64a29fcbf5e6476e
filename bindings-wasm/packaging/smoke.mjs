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
// Node loads the module with the TOML parser (matang_toml_bg.wasm): a custom pack loads too.
const custom = Pack.fromFiles({
  "pack.toml": '[pack]\nid = "c"\nversion = "0"\nname = "c"\n'
    + '[[field]]\nid = "x"\ntype = "number"\nlabel = "x"\n'
    + '[[dimension]]\nid = "D"\nweight = 1\nlabel = "D"\n'
    + '[[indicator]]\nid = "i"\ndimension = "D"\nlabel = "i"\nrule = "x"\n'
    + '[[level]]\nrank = 1\nid = "l1"\nmin = 0\nlabel = "L1"\n',
});
assert.equal(custom.assess({ id: "c-1", x: 3 }, { lang: "en" }).total, 3);
console.log("a custom pack loads in Node (the module with the TOML parser)");
