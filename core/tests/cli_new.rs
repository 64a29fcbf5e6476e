//! `matang new`: a pack to start from that loads, passes its vectors at full coverage and
//! documents itself; an existing folder is never overwritten.
#![cfg(feature = "cli")]
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod cli_support;
use cli_support::matang;

#[test]
fn a_new_pack_passes_its_vectors_at_full_coverage() {
    let root = std::env::temp_dir().join(format!("matang-new-{}", std::process::id()));
    let dir = root.join("air-bersih");
    let d = dir.to_str().unwrap();
    let (code, out, err) = matang(&["new", d]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("wrote pack 'air-bersih'"), "{out}");
    let (code, out, err) = matang(&["check", "--coverage", "--threshold", "100", d]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("(air-bersih): 3 vectors passed") && out.contains("coverage 100.0 %"),
        "{out}"
    );
    let (code, html, _) = matang(&["doc", "--lang", "en", d]);
    assert_eq!(code, 0);
    assert!(html.contains("Trained staff") && html.contains("Has trained staff"));
    // Never over an existing folder.
    let (code, out, err) = matang(&["new", d]);
    let _ = std::fs::remove_dir_all(&root);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(err.contains("exists already"), "{err}");
}
