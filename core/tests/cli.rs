//! The `matang` binary end to end: the README's main job, each command, and exit codes.
#![cfg(feature = "cli")]
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod cli_support;
use cli_support::{PORTFOLIO, PREVIOUS, matang};

#[test]
fn main_job_ranks_selects_four_with_labels_progress_and_reasons() {
    let (code, out, err) = matang(&["rank", "--top", "4", "--previous", PREVIOUS, PORTFOLIO]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Terpilih (4 dari 8 yang memenuhi syarat): QW-04, QW-06, QW-14, QW-09"),
        "{out}"
    );
    assert!(out.contains("5 Optimum") && out.contains("plus +1,11") && out.contains("baru"));
    // The assessor found no trained staff: capped at level 3, ranked below every level 4,
    // and left out with the gate named.
    assert!(
        out.contains("QW-01 Satrio Pasar: tidak memenuhi syarat: syarat level 4: Ada SDM terlatih"),
        "{out}"
    );
    assert!(out.contains("level dibatasi oleh"), "{out}");
    assert!(
        out.contains("diverifikasi: Ketersediaan layanan: 99,2 → 97 (−2,2 %)"),
        "{out}"
    );
    assert!(
        out.contains("QW-11 Pati Santun: sudah ada 2 terpilih dengan OPD pengampu = Diskominfo")
    );
    // Self-assessed evidence only: left out of the expo, whatever its score.
    assert!(out.contains("QW-07 e-Retribusi: tidak memenuhi syarat: bukti sudah diverifikasi"));
    assert!(
        out.lines().all(|l| l.chars().count() <= 80),
        "table wider than 80 columns:\n{out}"
    );
}

#[test]
fn rank_json_has_selected_and_ranking() {
    let (code, out, _) = matang(&["rank", "--format", "json", "--lang", "en", PORTFOLIO]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["selected"].as_array().unwrap().len(), 4);
    assert_eq!(v["ranking"].as_array().unwrap().len(), 14);
    assert_eq!(v["pack"]["id"], "smart-city-quickwin");
}

#[test]
fn assess_json_has_the_documented_names() {
    let (code, out, _) = matang(&["assess", "--format", "json", PORTFOLIO]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    // The envelope names the engine and the pack once, then one result per item.
    assert_eq!(v["matang"], env!("CARGO_PKG_VERSION"));
    assert_eq!(v["pack"]["id"], "smart-city-quickwin");
    assert_eq!(v["results"].as_array().unwrap().len(), 14);
    let a = &v["results"][0];
    for key in [
        "id",
        "name",
        "total",
        "score_100",
        "level",
        "dimensions",
        "indicators",
        "gates",
        "missing",
        "next_level",
        "pack",
    ] {
        assert!(a.get(key).is_some(), "missing {key}");
    }
    for key in ["rank", "id", "label"] {
        assert!(a["level"].get(key).is_some());
    }
    assert_eq!(a["pack"]["fingerprint"].as_str().unwrap().len(), 64);
    // The engine version beside the fingerprint: what reproducing the result needs.
    assert_eq!(a["pack"]["matang"], env!("CARGO_PKG_VERSION"));
}

#[test]
fn assess_reads_stdin_and_csv_output_is_flat() {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_matang"))
        .args(["assess", "--format", "csv", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"{\"id\":\"a\",\"assessed_on\":\"2019-10-01\",\"stage\":\"live\"}\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("id,name,total,score_100,level_rank,level_id,level_label,dim_PRG"),
        "{text}"
    );
    assert!(text.lines().nth(1).unwrap().starts_with("a,,"));
}

#[test]
fn explain_shows_reasons_gates_and_next_level() {
    let (code, out, _) = matang(&["explain", "--lang", "en", "--id", "QW-02", PORTFOLIO]);
    assert_eq!(code, 0);
    assert!(out.contains("900 of 4,000 target users (22.5%)"), "{out}");
    assert!(out.contains("Sustained: next year's budget, and replicated or an open API: not met"));
    assert!(
        out.contains("Towards level 4")
            && out.contains(
                "evidence plan: raise transactions per month from 650 to 1,000 transactions/month"
            ),
        "{out}"
    );
    let (code, _, err) = matang(&["explain", "--id", "NOPE", PORTFOLIO]);
    assert_eq!(code, 2);
    assert!(err.contains("no item with id 'NOPE'") && err.contains("QW-01"));
}

#[test]
fn check_passes_on_every_bundled_pack_and_fails_with_a_diff() {
    let (code, out, _) = matang(&[
        "check",
        "rules/smart-city-quickwin",
        "rules/smart-city-index",
        "rules/spbe",
    ]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(out.matches("ok ").count(), 3);
    let dir = std::env::temp_dir().join(format!("matang-check-{}", std::process::id()));
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules/smart-city-quickwin");
    copy_dir(&src, &dir);
    let v = std::fs::read_to_string(dir.join("vectors.toml"))
        .unwrap()
        .replacen("total = 3.48", "total = 3.9", 1);
    std::fs::write(dir.join("vectors.toml"), v).unwrap();
    let (code, out, _) = matang(&["check", dir.to_str().unwrap()]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(code, 1);
    assert!(
        out.contains("case 'level3-sipipa': total")
            && out.contains("expected: 3.9")
            && out.contains("3.48"),
        "{out}"
    );
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.path().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

#[test]
fn bad_records_are_reported_and_the_rest_still_printed() {
    let dir = std::env::temp_dir();
    let path = dir.join(format!("matang-bad-{}.csv", std::process::id()));
    std::fs::write(&path, "id,assessed_on,stage,trained_staff,colour\nok,2019-10-01,live,3,red\nbad,2019-10-01,launched,x,blue\n").unwrap();
    let (code, out, err) = matang(&["assess", path.to_str().unwrap()]);
    let _ = std::fs::remove_file(&path);
    assert_eq!(code, 1);
    assert!(out.contains("ok "), "{out}");
    assert!(
        out.contains("'bad'")
            && out.contains("line 3")
            && out.contains("field 'stage'")
            && out.contains("field 'trained_staff'"),
        "{out}"
    );
    assert!(err.contains("column 'colour' is not a field"), "{err}");
}

#[test]
fn unusable_inputs_exit_2_with_a_message() {
    for (args, want) in [
        (vec!["assess", "does-not-exist.csv"], "does-not-exist.csv"),
        (
            vec!["assess", "--pack", "no-such-pack", PORTFOLIO],
            "no built-in pack 'no-such-pack'",
        ),
        (
            vec!["assess", "--lang", "fr", PORTFOLIO],
            "invalid value 'fr' for '--lang <LANG>'",
        ),
        (vec!["assess", "Cargo.toml"], "Cargo.toml"),
    ] {
        let (code, _, err) = matang(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(want), "{args:?}: {err}");
    }
}
