// Fetching a custom pack's files for <matang-calculator src="...">. The files a pack names
// are untrusted: they may come only from the pack's own folder (see packFileUrl).

/** An error in a pack's file references, shaped like the binding's pack errors. */
function packError(message, file, line = 0, column = 0) {
  const e = new Error(line ? `${file}:${line}:${column}: ${message}` : `${file}: ${message}`);
  Object.assign(e, { name: "MatangError", kind: "pack", file, line, column, detail: message });
  return e;
}

/**
 * The URL of `ref`, a file named inside a pack (`file = "..."`, or a JSON bundle's list),
 * resolved against `packUrl`, the URL of the pack.toml or bundle. Pack files come only from
 * the pack's own folder: a relative path that stays, once normalised, under the folder of
 * `packUrl` on the same origin. Absolute URLs, other schemes, `/...`, `\`, `?`, `#`,
 * control characters and `..` that leaves the folder are refused with an Error saying so.
 */
export function packFileUrl(ref, packUrl, where = {}) {
  const folder = new URL(".", packUrl);
  const shown = JSON.stringify(typeof ref === "string" && ref.length > 200 ? `${ref.slice(0, 200)}…` : ref);
  const refuse = (why) => packError(`file ${shown} is refused: ${why}; `
    + `a pack's files must be relative paths inside its folder ${folder.href}`,
  where.file ?? new URL(packUrl).pathname.split("/").pop(), where.line, where.column);
  if (typeof ref !== "string" || ref.trim() === "") throw refuse("not a file path");
  // Checked before parsing: URL parsers drop tabs and newlines and read a backslash as "/".
  if (/[\u0000-\u001f\u007f\\]/.test(ref)) throw refuse("it contains a control character or a backslash");
  if (/^[a-z][a-z0-9+.-]*:/i.test(ref)) throw refuse("it is an absolute URL");
  if (ref.startsWith("/")) throw refuse("it is an absolute path");
  if (/[?#]/.test(ref)) throw refuse("it has a query or fragment");
  const url = new URL(ref, folder);
  if (url.origin !== folder.origin || !url.pathname.startsWith(folder.pathname)) {
    throw refuse("it leaves the pack's folder");
  }
  return url;
}

/** 1-based line and column of `index` in `text`. */
function lineColumn(text, index) {
  const before = text.slice(0, index).split("\n");
  return { line: before.length, column: before.at(-1).length + 1 };
}

/**
 * Fetches a custom pack's files: a JSON bundle/list, or a pack.toml and the files it names.
 * Every file reference is checked with `packFileUrl` before any of them is requested, so a
 * refused reference makes no request at all.
 */
export async function fetchPackFiles(src, base = document.baseURI) {
  const url = new URL(src, base);
  const name = url.pathname.split("/").pop() || url.href;
  const get = async (u) => {
    const r = await fetch(u);
    if (!r.ok) throw new Error(`${u}: HTTP ${r.status}`);
    return r.text();
  };
  const fetchAll = async (refs) => {
    const out = {};
    await Promise.all(refs.map(async ([ref, fileUrl]) => { out[ref] = await get(fileUrl); }));
    return out;
  };
  const text = await get(url);
  if (url.pathname.endsWith(".json")) {
    let json;
    try { json = JSON.parse(text); } catch (e) { throw packError(`not JSON: ${e.message}`, name); }
    const files = json?.files ?? json;
    if (Array.isArray(files)) {
      return fetchAll(files.map((ref) => [ref, packFileUrl(ref, url, { file: name })]));
    }
    return files;
  }
  // A pack.toml: fetch every `file = "..."` and `vectors = "..."` it references.
  const refs = new Map();
  for (const m of text.matchAll(/^\s*(?:file|vectors)\s*=\s*["']([^"']+)["']/gm)) {
    const ref = m[1];
    const at = lineColumn(text, m.index + m[0].length - ref.length - 1);
    if (!refs.has(ref)) refs.set(ref, packFileUrl(ref, url, { file: "pack.toml", ...at }));
  }
  const out = { "pack.toml": text, ...(await fetchAll([...refs])) };
  // The default vectors file is optional and not named in pack.toml.
  if (!out["vectors.toml"]) {
    const r = await fetch(new URL("vectors.toml", url)).catch(() => null);
    if (r?.ok) out["vectors.toml"] = await r.text();
  }
  return out;
}
