//! Embeds every pack under `rules/` (without `examples/`) so `Pack::builtin` needs no files,
//! with its `pack.toml` and vectors parsed here into JSON, so that builds without the `toml`
//! feature (the browser's small `.wasm`) load them without a TOML parser.
//!
//! `core/rules` is a link to the workspace's `rules/`, so the packaged crate carries the
//! packs; where links are not checked out (Windows without symlinks) `../rules` is read.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// `manifest.rs`'s labels are passed through as they are written.
#[allow(dead_code, unreachable_pub)]
mod label {
    pub(crate) type Label = serde_json::Value;
}

#[allow(dead_code, unreachable_pub)]
#[path = "src/load/manifest.rs"]
mod manifest;

/// A built-in pack's `pack.toml` and vectors file as JSON (the vectors as `toml` data).
fn precompile(pack: &Path) -> (String, String) {
    let read = |name: &str| {
        let path = pack.join(name);
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    };
    let m: manifest::Manifest = toml::from_str(&read("pack.toml"))
        .unwrap_or_else(|e| panic!("{}: {e}", pack.join("pack.toml").display()));
    let manifest = serde_json::to_string(&m).unwrap_or_else(|e| panic!("{e}"));
    let vectors = (m.pack.vectors.clone())
        .or_else(|| {
            pack.join("vectors.toml")
                .is_file()
                .then(|| "vectors.toml".into())
        })
        .map(|name| {
            let v: toml::Table = toml::from_str(&read(&name))
                .unwrap_or_else(|e| panic!("{}: {e}", pack.join(&name).display()));
            serde_json::to_string(&v).unwrap_or_else(|e| panic!("{e}"))
        })
        .unwrap_or_default();
    (manifest, vectors)
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = rd.filter_map(Result::ok).collect();
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for e in entries {
        let p = e.path();
        let name = e.file_name().to_string_lossy().to_string();
        if name.starts_with('.') || (dir == root && name == "examples") {
            continue;
        }
        if p.is_dir() {
            collect(root, &p, out);
        } else if let Ok(rel) = p.strip_prefix(root) {
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().to_string())
                .collect::<Vec<_>>()
                .join("/");
            out.push((rel, p.clone()));
        }
    }
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let rules = [manifest.join("rules"), manifest.join("..").join("rules")]
        .into_iter()
        .find(|d| d.is_dir())
        .unwrap_or_else(|| fail(&manifest));
    println!("cargo:rerun-if-changed={}", rules.display());
    let mut code = String::from("pub(crate) static PACKS: &[(&str, &[(&str, &str)])] = &[\n");
    let mut precompiled = String::from("static PRECOMPILED: &[(&str, &str)] = &[\n");
    if let Ok(rd) = std::fs::read_dir(&rules) {
        let mut packs: Vec<_> = rd
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.join("pack.toml").is_file())
            .collect();
        packs.sort();
        for p in packs {
            let id = p
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            let (manifest, vectors) = precompile(&p);
            let _ = writeln!(precompiled, "    ({manifest:?}, {vectors:?}),");
            let mut files = Vec::new();
            collect(&p, &p, &mut files);
            let _ = writeln!(code, "    ({id:?}, &[");
            for (rel, path) in files {
                println!("cargo:rerun-if-changed={}", path.display());
                let abs = path.canonicalize().unwrap_or(path);
                let _ = writeln!(
                    code,
                    "        ({rel:?}, include_str!({:?})),",
                    abs.display().to_string()
                );
            }
            code.push_str("    ]),\n");
        }
    }
    if !code.contains("include_str!") {
        fail(&manifest);
    }
    code.push_str("];\n");
    code.push_str(&precompiled);
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("builtin_packs.rs");
    std::fs::write(out, code).unwrap_or_else(|e| panic!("cannot write builtin_packs.rs: {e}"));
}

/// A crate without its packs would build and then fail at run time for every user.
fn fail(manifest: &Path) -> ! {
    eprintln!(
        "matang build: no rule pack found in {}/rules or {}/../rules; the built-in packs \
         must travel with the crate (core/rules links to the workspace's rules/)",
        manifest.display(),
        manifest.display()
    );
    std::process::exit(1);
}
