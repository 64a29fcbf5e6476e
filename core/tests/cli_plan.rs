//! `matang plan`: each item's next-level plan as a checklist, grouped by office, in
//! Markdown or CSV; the CSV's changes, applied, reach the level they aim at.
#![cfg(feature = "cli")]
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod cli_support;
use cli_support::{PORTFOLIO, ROOT, matang};
use matang::{Lang, Pack, Record, input};
use serde_json::Value as Json;

#[test]
fn markdown_groups_items_by_office_with_a_checkbox_per_change() {
    let (code, out, err) = matang(&["plan", "--by", "opd", PORTFOLIO]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("# Rencana aksi menuju level berikutnya"),
        "{out}"
    );
    let perikanan = out.find("## Dinas Perikanan").unwrap();
    let sipipa = out
        .find("### QW-02 Sipipa: level 3 Terdefinisi → 4 Terpadu & Terukur")
        .unwrap();
    assert!(perikanan < sipipa, "{out}");
    assert!(
        out.contains("- [ ] naikkan transaksi per bulan dari 650 menjadi 1.000 transaksi/bulan"),
        "{out}"
    );
    // At the top level there is nothing to do, and no checkbox.
    assert!(
        out.contains("### QW-04 Pregnancy Tools: level 5 Optimum\n\n- sudah di level tertinggi"),
        "{out}"
    );
}

#[test]
fn csv_changes_applied_reach_the_target_level() {
    let (code, out, err) = matang(&["plan", "--format", "csv", "--lang", "en", PORTFOLIO]);
    assert_eq!(code, 0, "{err}");
    let mut lines = out.lines();
    assert_eq!(
        lines.next().unwrap(),
        "group,id,name,level,target_level,field,from,to,step"
    );
    let pack = Pack::builtin("smart-city-quickwin").unwrap();
    let records = input::read_path(&format!("{ROOT}/{PORTFOLIO}")).unwrap();
    let mut rows = csv::Reader::from_reader(out.as_bytes());
    let mut changed: std::collections::BTreeMap<String, (u32, Record)> = Default::default();
    for row in rows.records() {
        let row = row.unwrap();
        let (id, target, field, to) = (&row[1], &row[4], &row[5], &row[7]);
        if field.is_empty() {
            continue;
        }
        let entry = changed.entry(id.to_string()).or_insert_with(|| {
            let r = records.iter().find(|r| r.id() == id).unwrap().clone();
            (target.parse().unwrap(), r)
        });
        let value = serde_json::from_str::<Json>(to).unwrap_or_else(|_| Json::String(to.into()));
        entry.1.fields.insert(field.to_string(), value);
        // The assessor's value replaces the office's own: the plan changes what is scored.
        entry
            .1
            .fields
            .remove(&format!("{}{field}", matang::VERIFIED_PREFIX));
    }
    assert!(changed.len() >= 5, "{out}");
    for (id, (target, record)) in changed {
        let level = pack.assess(&record, Lang::En).unwrap().level.rank;
        assert!(
            level >= target,
            "{id}: level {level} after the plan, aims at {target}"
        );
    }
}

#[test]
fn an_unknown_grouping_field_is_refused_with_the_fields() {
    let (code, out, err) = matang(&["plan", "--by", "office", PORTFOLIO]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(
        err.contains("--by office: not a field of pack 'smart-city-quickwin'")
            && err.contains("opd"),
        "{err}"
    );
}
