//! Embeds every pack under `rules/` (without `examples/`) so `Pack::builtin` needs no files.
//!
//! `core/rules` is a link to the workspace's `rules/`, so the packaged crate carries the
//! packs; where links are not checked out (Windows without symlinks) `../rules` is read.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

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
