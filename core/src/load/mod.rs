//! Loading a pack: its files read safely (`folder`), `pack.toml` parsed (`manifest`) and
//! validated into a [`Model`] (`validate`), and the fingerprint that names the exact files.
//! The packs bundled into the library come from `builtin`.

pub(crate) mod builtin;
mod folder;
pub(crate) mod manifest;
mod validate;

use crate::error::{Error, Result};
use crate::model::{MANIFEST, Model};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;

/// The files of the pack folder `dir` (every file except `examples/` and hidden files).
///
/// # Errors
/// [`Error::Io`] if the folder cannot be read or has no `pack.toml`; [`Error::Pack`] for a
/// file it may not hold.
pub(crate) fn read_folder(dir: &Path) -> Result<BTreeMap<String, String>> {
    if !dir.join(MANIFEST).is_file() {
        return Err(Error::Io {
            path: dir.display().to_string(),
            message: format!("not a rule pack folder: it has no {MANIFEST}"),
        });
    }
    let mut files = BTreeMap::new();
    folder::read_dir(dir, dir, &mut files)?;
    Ok(files)
}

/// The model of a pack's files. A panic while validating (a bug that a hostile pack found)
/// is an error of this pack.
///
/// # Errors
/// [`Error::Pack`] with file, line and column for any mistake in the pack.
pub(crate) fn model(files: &BTreeMap<String, String>) -> Result<Model> {
    folder::check_sizes(files, MANIFEST)?;
    let text = files
        .get(MANIFEST)
        .ok_or_else(|| Error::pack(MANIFEST, 0, 0, "the pack has no pack.toml"))?;
    crate::contain::contain(|| validate::model(text, files))
        .unwrap_or_else(|panic| Err(internal(&panic)))
}

/// The error of a panic while loading a pack.
pub(crate) fn internal(panic: &str) -> Error {
    Error::pack(
        MANIFEST,
        0,
        0,
        format!("loading stopped with an internal error ({panic}); please report it (SECURITY.md)"),
    )
}

/// SHA-256 over every file's path and bytes, in path order.
pub(crate) fn fingerprint(files: &BTreeMap<String, String>) -> String {
    let mut h = Sha256::new();
    for (path, text) in files {
        // A checkout with CRLF line endings (Git for Windows) is the same pack.
        let text = text.replace("\r\n", "\n");
        h.update(path.as_bytes());
        h.update([0]);
        h.update((text.len() as u64).to_le_bytes());
        h.update(text.as_bytes());
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_depends_on_every_byte_and_path() {
        let mut a = BTreeMap::new();
        a.insert("pack.toml".to_string(), "x".to_string());
        let fa = fingerprint(&a);
        assert_eq!(fa.len(), 64);
        a.insert("b.rhai".to_string(), String::new());
        assert_ne!(fa, fingerprint(&a));
    }

    #[test]
    fn line_endings_do_not_change_the_fingerprint() {
        let lf = BTreeMap::from([("pack.toml".to_string(), "a = 1\nb = 2\n".to_string())]);
        let crlf = BTreeMap::from([("pack.toml".to_string(), "a = 1\r\nb = 2\r\n".to_string())]);
        assert_eq!(fingerprint(&lf), fingerprint(&crlf));
        let other = BTreeMap::from([("pack.toml".to_string(), "a = 1\nb = 3\n".to_string())]);
        assert_ne!(fingerprint(&lf), fingerprint(&other));
    }
}
