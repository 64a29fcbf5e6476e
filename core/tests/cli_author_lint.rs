//! `matang lint`: numbers no source accounts for, and bands out of order, each found in a
//! small pack spoiled for it; the bundled packs' findings are what they are, not these.
#![cfg(feature = "cli")]
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod cli_support;
use cli_support::matang;
use std::path::{Path, PathBuf};

/// A pack from `matang new` in a folder of its own, its sources and rule replaced.
fn pack(name: &str, sources: &str, rule: &str) -> PathBuf {
    let root = std::env::temp_dir().join(format!("matang-lint2-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let dir = root.join(name);
    assert_eq!(matang(&["new", dir.to_str().unwrap()]).0, 0);
    let toml = std::fs::read_to_string(dir.join("pack.toml")).unwrap();
    let start = toml.find("sources = [").unwrap();
    let end = start + toml[start..].find("]\n").unwrap() + 2;
    let toml = format!("{}sources = [{sources}]\n{}", &toml[..start], &toml[end..]);
    std::fs::write(dir.join("pack.toml"), toml).unwrap();
    if !rule.is_empty() {
        std::fs::write(dir.join("indicators/trained_staff.rhai"), rule).unwrap();
    }
    dir
}

fn lint(dir: &Path) -> (i32, String) {
    let (code, out, err) = matang(&["lint", dir.to_str().unwrap()]);
    let _ = std::fs::remove_dir_all(dir.parent().unwrap());
    (code, format!("{out}{err}"))
}

#[test]
fn the_new_pack_cites_its_numbers() {
    let dir = pack(
        "cited",
        "\"[A] SDM terlatih / trained staff 1-5-10-20\", \"[A] level bands: Siap from 3\"",
        "",
    );
    let (code, out) = lint(&dir);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn thresholds_and_level_bands_without_a_source_are_found() {
    let dir = pack("unsourced", "\"Weights: a national letter\"", "");
    let (code, out) = lint(&dir);
    assert_eq!(code, 1, "{out}");
    for expected in [
        "unsourced-number   indicator 'trained_staff' compares evidence with 1, 5, 10, 20, but no source names it",
        "unsourced-number   level 2 'ready' starts at 3, but no source gives that number or names the level",
    ] {
        assert!(out.contains(expected), "missing {expected:?}:\n{out}");
    }
}

#[test]
fn an_assumption_mark_in_the_rule_accounts_for_its_numbers() {
    let rule = "// [A] thresholds 1-5-10-20: a first guess\n\
                if trained_staff == () { () } else { band(trained_staff, [1, 5, 10, 20]) + if trained_staff >= 20 { 1 } else { 0 } }\n";
    let dir = pack("marked", "\"[A] level bands: 3\"", rule);
    let (code, out) = lint(&dir);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn unordered_band_lists_and_overlapping_branches_are_found() {
    let sources = "\"[A] trained staff 1-5-10; level bands 3\"";
    let rule = "if trained_staff == () { () } else { band(trained_staff, [1, 10, 5, 20]) }\n";
    let (code, out) = lint(&pack("unordered", sources, rule));
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("band-order         indicator 'trained_staff': band thresholds [1, 10, 5, 20] do not increase"),
        "{out}"
    );
    let rule = "if trained_staff == () { () }\n\
                else if trained_staff < 10 { 1 }\n\
                else if trained_staff < 5 { 3 }\n\
                else { 5 }\n";
    let (code, out) = lint(&pack("overlap", sources, rule));
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("band-order         indicator 'trained_staff': branch `trained_staff < 5` comes after `trained_staff < 10`"),
        "{out}"
    );
}
