//! Packs compiled into the library from the repository's `rules/` folder (see `build.rs`).

use std::collections::BTreeMap;

include!(concat!(env!("OUT_DIR"), "/builtin_packs.rs"));

/// The built-in pack ids.
pub(crate) fn ids() -> Vec<&'static str> {
    PACKS.iter().map(|(id, _)| *id).collect()
}

/// The files of a built-in pack.
pub(crate) fn files(id: &str) -> Option<BTreeMap<String, String>> {
    PACKS.iter().find(|(p, _)| *p == id).map(|(_, files)| {
        files
            .iter()
            .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
            .collect()
    })
}
