//! A pack's fingerprint names its rules, not the bytes a checkout happened to write: the
//! same pack checked out with CRLF line endings (Git for Windows) has the same fingerprint.
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

use matang::Pack;
use std::path::Path;

fn copy_with_crlf(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_with_crlf(&e.path(), &target);
        } else {
            let text = std::fs::read_to_string(e.path()).unwrap();
            std::fs::write(target, text.replace("\r\n", "\n").replace('\n', "\r\n")).unwrap();
        }
    }
}

#[test]
fn a_crlf_checkout_has_the_fingerprint_of_the_lf_one() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules/smart-city-quickwin");
    let dir = std::env::temp_dir().join(format!("matang-crlf-{}", std::process::id()));
    copy_with_crlf(&src, &dir);
    let crlf = Pack::load(&dir);
    let pack_toml = std::fs::read_to_string(dir.join("pack.toml")).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(pack_toml.contains("\r\n"), "the copy has CRLF line endings");
    let crlf = crlf.unwrap();
    let lf = Pack::load(&src).unwrap();
    assert_eq!(crlf.fingerprint(), lf.fingerprint());
    assert_eq!(
        lf.fingerprint(),
        Pack::builtin("smart-city-quickwin").unwrap().fingerprint()
    );
}
