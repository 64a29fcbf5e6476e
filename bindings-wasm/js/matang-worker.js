// The Web Worker of one <matang-calculator>: its own WebAssembly instance of the binding,
// holding the widget's pack, so assessing never blocks the page and a pack that crashes
// its instance (a trap) or runs too long (the widget then terminates this worker) can
// only ever reach this one widget. No logic here: every call goes to the core.
//
// Messages in: {id, op: "init", module} | {id, op: "open", builtin | files, first?}
//              | {id, op: "assess", values, lang, recordId} | {id, op: "read", values, lang}
// Messages out: {id, ok: true, result} | {id, ok: false, error, crash}

import init, { Pack } from "./matang.js";

let pack = null;

/** The fields of a MatangError (lost by structured cloning), or a crash's message. */
function plainError(e) {
  const out = { name: e?.name ?? "Error", message: String(e?.message ?? e) };
  for (const k of ["kind", "file", "line", "column", "record", "problems", "detail", "source", "path"]) {
    if (e?.[k] !== undefined) out[k] = e[k];
  }
  return out;
}

/** What the widget shows of a pack, as plain data (examples written in both languages). */
function describe(p) {
  const schema = p.schema();
  const examples = {};
  for (const f of schema) if (f.example !== null && f.example !== undefined) examples[f.id] = f.example;
  return {
    id: p.id, version: p.version, fingerprint: p.fingerprint, name: p.name, description: p.description,
    fields: schema, levels: p.levels(), dimensions: p.dimensions(), scale: p.scale(),
    examples: { id: p.readEntry(examples, { lang: "id" }).texts, en: p.readEntry(examples, { lang: "en" }).texts },
  };
}

const ops = {
  async init({ module }) { await init({ module_or_path: module }); return true; },
  open(msg) {
    pack?.free();
    pack = null;
    const p = msg.files ? Pack.fromFiles(msg.files) : Pack.builtin(msg.builtin);
    const info = describe(p);
    pack = p;
    if (!msg.first) return { info };
    // A rule error on the entries is an answer about them, not a failure to load.
    try { return { info, first: { result: ops.assess(msg.first) } }; } catch (e) {
      if (!(e instanceof Error && e.name === "MatangError")) throw e;
      return { info, first: { error: plainError(e) } };
    }
  },
  assess({ values, lang, recordId }) {
    const r = pack.assessEntry(values, { lang, id: recordId });
    // The core's radar chart (the same picture as `matang report` and Python's to_svg()).
    r.radar = r.assessment ? pack.radarSvg(r.assessment, { lang }) : "";
    return r;
  },
  read({ values, lang }) { return pack.readEntry(values, { lang }); },
};

self.onmessage = async ({ data }) => {
  try {
    const result = await ops[data.op](data);
    self.postMessage({ id: data.id, ok: true, result });
  } catch (e) {
    // A MatangError is an answer about this input; anything else means the instance died.
    const crash = !(e instanceof Error && e.name === "MatangError");
    self.postMessage({ id: data.id, ok: false, error: plainError(e), crash });
  }
};
