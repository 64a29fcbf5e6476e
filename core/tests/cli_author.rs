//! Commands for pack authors through the binary: `check --format json|junit`, `--coverage`.
#![cfg(feature = "cli")]
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod cli_support;
use cli_support::{ROOT, matang};
use std::path::PathBuf;

/// A copy of the spbe pack (no rule files) whose vectors are `edit`ed, in a folder of its own.
fn spbe_with(name: &str, edit: impl Fn(String) -> String) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("matang-author-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let src = PathBuf::from(ROOT).join("rules/spbe");
    std::fs::copy(src.join("pack.toml"), dir.join("pack.toml")).unwrap();
    let v = std::fs::read_to_string(src.join("vectors.toml")).unwrap();
    std::fs::write(dir.join("vectors.toml"), edit(v)).unwrap();
    dir
}

#[test]
fn check_json_lists_every_vector_with_its_failures() {
    let dir = spbe_with("json", |v| v.replacen("total = 3.23", "total = 3.9", 1));
    let (code, out, err) = matang(&["check", "--format", "json", dir.to_str().unwrap(), "spbe"]);
    assert_eq!(code, 1, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let (broken, fine) = (&v[0], &v[1]);
    assert_eq!(broken["ok"], false);
    assert_eq!(fine["ok"], true);
    assert_eq!(fine["spec"], "spbe");
    let vectors = broken["vectors"].as_array().unwrap();
    assert_eq!(vectors.len() as u64, broken["ran"].as_u64().unwrap());
    let failed: Vec<&serde_json::Value> = vectors
        .iter()
        .filter(|x| !x["failures"].as_array().unwrap().is_empty())
        .collect();
    assert_eq!(failed.len(), 1, "{out}");
    assert_eq!(failed[0]["id"], "rejang-lebong-2023");
    assert_eq!(failed[0]["kind"], "case");
    assert!(
        failed[0]["failures"][0]
            .as_str()
            .unwrap()
            .contains("expected: 3.9")
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn check_junit_has_a_testcase_per_vector_and_failures_with_expected_and_got() {
    let dir = spbe_with("junit", |v| v.replacen("total = 3.23", "total = 3.9", 1));
    let (code, out, err) = matang(&[
        "check",
        "--format",
        "junit",
        dir.to_str().unwrap(),
        "no-such-pack",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(
        out.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites"),
        "{out}"
    );
    let (_, spbe_out, _) = matang(&["check", "--format", "json", "spbe"]);
    let ran = serde_json::from_str::<serde_json::Value>(&spbe_out).unwrap()[0]["ran"]
        .as_u64()
        .unwrap() as usize;
    // Every vector of the pack, plus the pack that did not load.
    assert_eq!(out.matches("<testcase ").count(), ran + 1, "{out}");
    assert!(
        out.contains("<testcase classname=\"spbe.selection\""),
        "{out}"
    );
    assert_eq!(out.matches("<failure ").count(), 1, "{out}");
    assert!(
        out.contains("name=\"rejang-lebong-2023\">\n      <failure message=\"case &apos;rejang-lebong-2023&apos;: total\">")
            && out.contains("expected: 3.9")
            && out.contains("got:      3.2300"),
        "{out}"
    );
    assert!(
        out.contains("<error type=\"usage\" message=\"no built-in pack"),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "tests=\"{}\" failures=\"1\" errors=\"1\"",
            ran + 1
        )),
        "{out}"
    );
    assert_eq!(
        out.matches("<testsuite ").count(),
        out.matches("</testsuite>").count()
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn coverage_names_what_the_vectors_miss_and_the_threshold_sets_the_exit_code() {
    // Without its published level-5 cases, spbe's vectors never reach level 5.
    let dir = spbe_with("coverage", |v| {
        v.split("\n[[")
            .filter(|block| !block.contains("level = 5"))
            .collect::<Vec<_>>()
            .join("\n[[")
    });
    let d = dir.to_str().unwrap();
    let (code, out, err) = matang(&["check", "--coverage", d]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("not reached: level 5 reached"), "{out}");
    assert!(
        out.contains("indicator d1 ") && out.contains("seen: "),
        "{out}"
    );
    let (code, out, _) = matang(&["check", "--coverage", "--threshold", "100", d]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("FAIL: under the threshold of 100 %"), "{out}");
    let (_, json, _) = matang(&["check", "--format", "json", "--coverage", d]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let targets = v[0]["coverage"]["targets"].as_array().unwrap();
    let level5 = targets
        .iter()
        .find(|t| t["kind"] == "level" && t["id"] == "5")
        .unwrap();
    assert_eq!(level5["covered"], false);
    assert!(v[0]["coverage"]["percent"].as_f64().unwrap() < 100.0);
    // --threshold means nothing without --coverage.
    let (code, _, err) = matang(&["check", "--threshold", "90", d]);
    assert_eq!(code, 2, "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bundled_packs_vectors_reach_every_outcome() {
    let (code, out, err) = matang(&[
        "check",
        "--coverage",
        "--threshold",
        "100",
        "rules/smart-city-quickwin",
        "rules/smart-city-index",
        "rules/spbe",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(out.matches("coverage 100.0 %").count(), 3, "{out}");
    assert!(!out.contains("not reached"), "{out}");
}

/// Text as it appears in HTML.
fn html_text(s: &str) -> String {
    matang::svg::escape(s)
}

#[test]
fn doc_names_every_field_indicator_gate_and_level_in_both_languages() {
    for id in ["smart-city-quickwin", "smart-city-index", "spbe"] {
        let pack = matang::Pack::builtin(id).unwrap();
        for (lang, code) in [(matang::Lang::Id, "id"), (matang::Lang::En, "en")] {
            let out = cli_support::temp_file("author-doc", &format!("{id}-{code}.html"), b"");
            let (status, _, err) = matang(&["doc", id, "--lang", code, "-o", &out]);
            assert_eq!(status, 0, "{err}");
            let html = std::fs::read_to_string(&out).unwrap();
            assert!(
                html.contains(&format!("<html lang=\"{code}\">"))
                    && html.contains("@page { size: A4")
            );
            assert!(
                !html.contains("http://") || !html.contains("<script"),
                "self-contained"
            );
            assert!(
                html.contains(&html_text(pack.name().get(lang))),
                "{id} {code}: name"
            );
            let labels = pack
                .fields()
                .iter()
                .map(|f| &f.label)
                .chain(pack.indicators().iter().map(|i| &i.label))
                .chain(pack.gates().iter().map(|g| &g.label))
                .chain(pack.levels().iter().map(|l| &l.label))
                .chain(pack.dimensions().iter().map(|d| &d.label));
            for label in labels {
                assert!(
                    html.contains(&html_text(label.get(lang))),
                    "{id} {code}: {}",
                    label.get(lang)
                );
            }
            for f in pack.fields() {
                assert!(
                    html.contains(&format!("id=\"field-{}\"", f.id)),
                    "{id}: field {}",
                    f.id
                );
            }
            for g in pack.gates() {
                assert!(
                    html.contains(&format!("id=\"gate-{}\"", g.id)),
                    "{id}: gate {}",
                    g.id
                );
            }
            assert!(html.contains("<svg"), "weights chart");
        }
    }
}

#[test]
fn doc_bands_come_from_running_the_rules() {
    let (code, html, err) = matang(&["doc", "smart-city-quickwin", "--lang", "en"]);
    assert_eq!(code, 0, "{err}");
    // usage.rhai bands the share of target users at 5-20-40-70 %; with 10,000 target users
    // (the field's example) 20 % starts at 2,000 monthly users.
    assert!(
        html.contains("score 3.00</strong> when Monthly active users 2,000–3,999 people/month"),
        "{html}"
    );
    let (_, id_html, _) = matang(&["doc", "smart-city-quickwin"]);
    assert!(
        id_html
            .contains("skor 3,00</strong> bila Pengguna aktif per bulan 2.000–3.999 orang/bulan")
    );
    // Assumptions of the pack are marked.
    assert!(html.contains("<li class=\"assumption\">"));
}

/// One part of an xlsx file (a zip of XML parts).
fn xlsx_part(path: &str, part: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(part).unwrap(), &mut text).unwrap();
    text
}

#[test]
fn template_xlsx_has_notes_dropdowns_ranges_and_required_marks() {
    let pack = matang::Pack::builtin("smart-city-quickwin").unwrap();
    let out = cli_support::temp_file("author-template", "evidence.xlsx", b"");
    let (code, _, err) = matang(&["template", "smart-city-quickwin", "-o", &out]);
    assert_eq!(code, 0, "{err}");
    let sheet = xlsx_part(&out, "xl/worksheets/sheet1.xml");
    let notes = xlsx_part(&out, "xl/comments1.xml");
    for f in pack.fields() {
        // Both labels of every field in its header's note.
        for lang in [matang::Lang::Id, matang::Lang::En] {
            assert!(
                notes.contains(&html_text(f.label.get(lang))),
                "{}",
                f.label.get(lang)
            );
        }
        if f.kind == matang::FieldKind::Enum {
            let list = format!("<formula1>\"{}\"</formula1>", f.values.join(","));
            assert!(sheet.contains(&list), "dropdown of {}: {sheet}", f.id);
        }
    }
    let required = pack.fields().iter().filter(|f| f.required).count();
    assert_eq!(notes.matches("WAJIB DIISI").count(), required);
    // uptime_pct is a number from 0 to 100; trained_staff a whole number from 0 to 500.
    assert!(sheet.contains("type=\"decimal\""), "{sheet}");
    assert!(
        sheet.contains("<formula1>0</formula1><formula2>100</formula2>"),
        "{sheet}"
    );
    assert!(sheet.contains("type=\"whole\""), "{sheet}");
    assert!(
        sheet.contains("<formula1>0</formula1><formula2>500</formula2>"),
        "{sheet}"
    );
    let guide = xlsx_part(&out, "xl/workbook.xml");
    assert!(
        guide.contains("name=\"Data\"") && guide.contains("name=\"Petunjuk\""),
        "{guide}"
    );
}

#[test]
fn template_example_row_assesses_unchanged_from_xlsx_and_csv() {
    let pack = matang::Pack::builtin("smart-city-quickwin").unwrap();
    // The example row as a record: every field's example.
    let mut fields = serde_json::Map::new();
    fields.insert("id".into(), "EXAMPLE-1".into());
    for f in pack.fields() {
        if let Some(e) = &f.example {
            fields.insert(f.id.clone(), e.clone());
        }
    }
    let want = pack
        .assess(&matang::Record::new(fields), matang::Lang::En)
        .unwrap();
    for name in ["evidence.xlsx", "evidence.csv"] {
        let out = cli_support::temp_file("author-roundtrip", name, b"");
        let (code, _, err) = matang(&[
            "template",
            "smart-city-quickwin",
            "--lang",
            "en",
            "-o",
            &out,
        ]);
        assert_eq!(code, 0, "{err}");
        let (code, json, err) = matang(&["assess", "--format", "json", "--lang", "en", &out]);
        assert_eq!(code, 0, "{name}: {err}");
        assert!(err.is_empty(), "{name}: no warning about columns: {err}");
        let got: serde_json::Value = serde_json::from_str(&json).unwrap();
        let got = &got["results"];
        assert_eq!(got.as_array().unwrap().len(), 1, "{name}: one example row");
        let got = &got[0];
        assert_eq!(got["id"], "EXAMPLE-1");
        assert!(
            (got["total"].as_f64().unwrap() - want.total).abs() < 1e-9,
            "{name}: {got}"
        );
        for ind in &want.indicators {
            let g = got["indicators"]
                .as_array()
                .unwrap()
                .iter()
                .find(|i| i["id"] == ind.id.as_str())
                .unwrap();
            assert_eq!(g["score"].as_f64(), ind.score, "{name}: {}", ind.id);
        }
    }
}
