//! Packs compiled into the library from the repository's `rules/` folder (see `build.rs`),
//! each with its `pack.toml` and test vectors already parsed, as JSON, for builds without
//! the TOML parser.

use super::manifest::Manifest;
use crate::error::{Error, Result};
use crate::model::MANIFEST;
use std::collections::BTreeMap;
use std::sync::OnceLock;

include!(concat!(env!("OUT_DIR"), "/builtin_packs.rs"));

/// The built-in pack ids.
pub(crate) fn ids() -> Vec<&'static str> {
    PACKS.iter().map(|(id, _)| *id).collect()
}

/// The files of a built-in pack.
pub(crate) fn files(id: &str) -> Option<BTreeMap<String, String>> {
    PACKS
        .iter()
        .find(|(p, _)| *p == id)
        .map(|(_, files)| owned(files))
}

fn owned(files: &[(&str, &str)]) -> BTreeMap<String, String> {
    files
        .iter()
        .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
        .collect()
}

/// A built-in pack's `pack.toml` and vectors file as `build.rs` parsed them.
#[cfg_attr(feature = "toml", allow(dead_code))]
#[derive(Debug, Clone, Copy)]
pub(crate) struct Precompiled {
    manifest: &'static str,
    vectors: &'static str,
}

#[cfg_attr(feature = "toml", allow(dead_code))]
impl Precompiled {
    /// The parsed `pack.toml`, spans included.
    pub(crate) fn manifest(self) -> Result<Manifest> {
        serde_json::from_str(self.manifest).map_err(|e| {
            Error::pack(
                MANIFEST,
                0,
                0,
                format!("the precompiled manifest does not read: {e}"),
            )
        })
    }

    /// The vectors file as JSON (the `toml` crate's data model), empty when there is none.
    pub(crate) fn vectors(self) -> &'static str {
        self.vectors
    }
}

/// The built-in pack whose files have `fingerprint`.
#[cfg_attr(feature = "toml", allow(dead_code))]
pub(crate) fn precompiled_by_fingerprint(fingerprint: &str) -> Option<Precompiled> {
    static FINGERPRINTS: OnceLock<Vec<String>> = OnceLock::new();
    let all = FINGERPRINTS.get_or_init(|| {
        PACKS
            .iter()
            .map(|(_, files)| super::fingerprint(&owned(files)))
            .collect()
    });
    let i = all.iter().position(|f| f == fingerprint)?;
    let (manifest, vectors) = PRECOMPILED[i];
    Some(Precompiled { manifest, vectors })
}

/// The built-in pack these are the files of (up to line endings).
#[cfg_attr(feature = "toml", allow(dead_code))]
pub(crate) fn precompiled(files: &BTreeMap<String, String>) -> Option<Precompiled> {
    precompiled_by_fingerprint(&super::fingerprint(files))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The JSON path gives the model the TOML path gives, spans (and so every file
    /// position in an error) included.
    #[cfg(feature = "toml")]
    #[test]
    fn every_builtin_pack_reads_the_same_from_its_precompiled_json() {
        for id in ids() {
            let files = files(id).unwrap();
            let pre = precompiled(&files).unwrap();
            let from_toml = super::super::model(&files).unwrap();
            let from_json =
                super::super::validate::model_of(pre.manifest().unwrap(), &files[MANIFEST], &files)
                    .unwrap();
            let (a, b) = (format!("{from_toml:?}"), format!("{from_json:?}"));
            assert_eq!(without_hash_sets(&a), without_hash_sets(&b), "{id}");
            let (name, text) = from_toml.vectors().unwrap();
            let vectors: toml::Table = toml::from_str(text).unwrap();
            let json: serde_json::Value = serde_json::from_str(pre.vectors()).unwrap();
            assert_eq!(serde_json::to_value(vectors).unwrap(), json, "{id} {name}");
        }
    }

    /// `text` without the `FieldNames { .. }` parts (hash sets: their order varies).
    #[cfg(feature = "toml")]
    fn without_hash_sets(text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(i) = rest.find("FieldNames {") {
            out.push_str(&rest[..i]);
            let mut depth = 0;
            let end = rest[i..]
                .char_indices()
                .find(|&(_, c)| {
                    depth += i32::from(c == '{') - i32::from(c == '}');
                    c == '}' && depth == 0
                })
                .map_or(rest.len(), |(j, _)| i + j + 1);
            rest = &rest[end..];
        }
        out + rest
    }

    #[test]
    fn builtin_packs_load_and_pass_their_vectors_with_or_without_toml() {
        for id in ids() {
            let pack = crate::Pack::builtin(id).unwrap();
            let report = pack.check().unwrap();
            assert!(
                report.ran > 0 && report.passed(),
                "{id}: {:?}",
                report.failures
            );
            assert!(!pack.vector_records().unwrap().is_empty());
            // CRLF files are the same pack, so they load without the TOML parser too.
            let crlf = files(id)
                .unwrap()
                .into_iter()
                .map(|(k, v)| (k, v.replace('\n', "\r\n")))
                .collect();
            assert_eq!(
                crate::Pack::from_files(crlf).unwrap().fingerprint(),
                pack.fingerprint()
            );
        }
    }

    #[cfg(not(feature = "toml"))]
    #[test]
    fn without_toml_another_pack_is_refused_with_a_clear_error() {
        let mut files = files(ids()[0]).unwrap();
        files.insert(
            "pack.toml".into(),
            files["pack.toml"].replace("version", "version  "),
        );
        let e = crate::Pack::from_files(files).unwrap_err().to_string();
        assert!(e.contains("no TOML parser"), "{e}");
    }
}
