//! `matang lint`: what a pack loads and passes with but probably does not mean.
#![cfg(feature = "cli")]
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod cli_support;
use cli_support::matang;

#[test]
fn lint_names_each_kind_of_finding_and_passes_a_clean_pack() {
    let root = std::env::temp_dir().join(format!("matang-lint-{}", std::process::id()));
    let dir = root.join("lint-me");
    let d = dir.to_str().unwrap();
    assert_eq!(matang(&["new", d]).0, 0);
    let (code, out, err) = matang(&["lint", d]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("nothing found"), "{out}");
    // Now spoil it: an unused field, a rule capped below the scale, a level it cannot
    // reach, a gate that reads nothing, a phrase in one language only.
    let toml = std::fs::read_to_string(dir.join("pack.toml")).unwrap();
    let toml = toml
        .replace(
            "[[dimension]]",
            "[[field]]\nid = \"notes\"\ntype = \"text\"\nlabel = \"Catatan tambahan penilai lapangan\"\n\n[[dimension]]",
        )
        .replace("require = \"trained_staff != () && trained_staff > 0\"", "require = \"true\"")
        .replace("min = 3\n", "min = 4.5\n");
    std::fs::write(dir.join("pack.toml"), toml).unwrap();
    std::fs::write(
        dir.join("indicators/trained_staff.rhai"),
        "if trained_staff == () { () } else { min(band(trained_staff, [1, 5, 10]), 3) }\n",
    )
    .unwrap();
    let (code, out, err) = matang(&["lint", d]);
    let _ = std::fs::remove_dir_all(&root);
    assert_eq!(code, 1, "{out}{err}");
    for expected in [
        "unused-field       field 'notes' is read by no rule",
        "indicator-range    indicator 'trained_staff' never scores above 3 (scale maximum 5)",
        "unreachable-level  level 2 'ready' needs 4.5 but the best total the indicators reach is 3.00",
        "constant-gate      gate 'has_staff' reads no field",
        "one-language       field 'notes': label 'Catatan tambahan penilai lapangan'",
    ] {
        assert!(out.contains(expected), "missing {expected:?}:\n{out}");
    }
}
