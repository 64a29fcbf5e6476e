//! The next-level plan: the fewest evidence changes, found by re-running the rules, that
//! reach the next level; only upwards on monotone fields, within the schema, bounded.
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod common;
use common::{files, record};
use matang::{Lang, Pack, Plan, Record};
use serde_json::json;

const PACK: &str = r#"
[pack]
id = "plan-test"
version = "0"
name = "plan test"
scale = { min = 0, max = 5, step = 1, decimals = 2 }
[[field]]
id = "staff"
type = "integer"
min = 0
max = 20
unit = { id = "orang", en = "people" }
label = { id = "SDM terlatih", en = "Trained staff" }
[[field]]
id = "users"
type = "integer"
min = 0
label = { id = "Pengguna", en = "Users" }
[[field]]
id = "legal"
type = "enum"
values = ["none", "draft", "perbup"]
value_labels.none = { id = "Tidak ada", en = "None" }
value_labels.draft = { id = "Rancangan", en = "Draft" }
value_labels.perbup = { id = "Perbup", en = "Perbup" }
label = { id = "Dasar hukum", en = "Legal basis" }
[[field]]
id = "sop"
type = "boolean"
label = { id = "SOP tersedia", en = "SOP available" }
[[field]]
id = "cost"
type = "integer"
min = 0
max = 10
label = { id = "Biaya", en = "Cost" }
[[field]]
id = "since"
type = "date"
label = { id = "Sejak", en = "Since" }
[[dimension]]
id = "D"
weight = 1
label = "D"
[[indicator]]
id = "staff"
dimension = "D"
label = "staff"
rule = "if staff == () { () } else if staff >= 10 { 5 } else if staff >= 6 { 4 } else if staff >= 4 { 3 } else if staff >= 2 { 2 } else { 1 }"
monotone = ["staff"]
[[indicator]]
id = "users"
dimension = "D"
label = "users"
rule = "if users == () { () } else if users >= 800 { 5 } else if users >= 400 { 4 } else if users >= 100 { 3 } else { 1 }"
monotone = ["users"]
[[indicator]]
id = "legal"
dimension = "D"
label = "legal"
rule = 'switch legal { "none" => 0, "draft" => 2, "perbup" => 5, _ => () }'
monotone = ["legal"]
[[indicator]]
id = "sop"
dimension = "D"
label = "sop"
rule = "if sop == () { () } else if sop { 5 } else { 0 }"
monotone = ["sop"]
[[indicator]]
id = "cost"
dimension = "D"
label = "cost"
rule = "if cost == () { () } else { 5 - cost / 2 }"
[[level]]
rank = 1
id = "l1"
min = 0
label = "L1"
[[level]]
rank = 2
id = "l2"
min = 2
label = "L2"
[[level]]
rank = 3
id = "l3"
min = 3.2
label = "L3"
[[level]]
rank = 4
id = "l4"
min = 4.5
label = "L4"
[[gate]]
id = "legal"
level = 4
require = 'legal == "perbup"'
label = { id = "Ada Perbup", en = "Has a Perbup" }
[[gate]]
id = "since"
level = 4
require = "since != ()"
label = { id = "Tanggal mulai diketahui", en = "Start date known" }
"#;

fn pack() -> Pack {
    files(&[("pack.toml", PACK)]).unwrap()
}

fn plan(pack: &Pack, r: &Record, lang: Lang) -> Plan {
    pack.next_level_plan(r, lang).unwrap().unwrap()
}

/// Applying the plan and re-assessing reaches the plan's level.
fn reaches(pack: &Pack, r: &Record, p: &Plan) -> bool {
    pack.assess(&p.apply(r), Lang::En).unwrap().level.rank >= p.level.rank
}

#[test]
fn a_single_change_is_found_and_is_the_smallest() {
    let pack = pack();
    // Sum 7 of 25: level 1; level 2 needs a sum of 10.
    let r = record(
        json!({"id": "a", "staff": 2, "users": 100, "legal": "draft", "sop": false, "cost": 10}),
    );
    let p = plan(&pack, &r, Lang::En);
    assert!(p.reached && p.complete, "{p:?}");
    assert_eq!(p.level.rank, 2);
    assert_eq!(p.changes.len(), 1, "{p:?}");
    assert!(reaches(&pack, &r, &p));
    // Staff alone also works, from exactly 10 (9 scores 4 and falls short).
    let staff = p.alternatives.iter().find(|c| c.field == "staff").unwrap();
    assert_eq!(staff.to, json!(10), "{p:?}");
    // Users alone never reaches (800 and more scores 5: a sum of 9).
    assert!(p.alternatives.iter().all(|c| c.field != "users"), "{p:?}");
}

#[test]
fn a_combination_is_found_when_no_single_change_suffices() {
    let pack = pack();
    // Sum 10: level 2; level 3 needs 16, and no field alone adds 6.
    let r = record(
        json!({"id": "b", "staff": 2, "users": 100, "legal": "none", "sop": true, "cost": 10}),
    );
    let p = plan(&pack, &r, Lang::Id);
    assert!(p.reached, "{p:?}");
    assert!(p.alternatives.is_empty());
    let fields: Vec<&str> = p.changes.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(fields, ["staff", "legal"], "{p:?}");
    assert_eq!(
        p.changes[0].to,
        json!(4),
        "the smallest staff that is enough: {p:?}"
    );
    assert_eq!(p.changes[1].to, json!("perbup"));
    assert_eq!(
        p.text,
        "naikkan SDM terlatih dari 2 menjadi 4 orang; tetapkan dasar hukum Perbup"
    );
    assert!(reaches(&pack, &r, &p));
    let en = plan(&pack, &r, Lang::En);
    assert_eq!(
        en.text,
        "raise trained staff from 2 to 4 people; set legal basis to Perbup"
    );
}

#[test]
fn only_monotone_fields_change_and_only_upwards_within_the_schema() {
    let pack = pack();
    for staff in [0, 3, 19] {
        for legal in ["none", "draft"] {
            let r = record(
                json!({"id": "c", "staff": staff, "users": 5, "legal": legal, "sop": false, "cost": 10}),
            );
            let p = plan(&pack, &r, Lang::En);
            for c in p.changes.iter().chain(&p.alternatives) {
                // Lowering the cost would help, but it is not declared monotone.
                assert!(c.field != "cost" && c.field != "since", "{p:?}");
                if let (Some(from), Some(to)) = (c.from.as_f64(), c.to.as_f64()) {
                    assert!(to > from, "{c:?}");
                }
                if c.field == "staff" {
                    assert!(c.to.as_i64().unwrap() <= 20, "{c:?}");
                }
                if c.field == "legal" {
                    assert!(c.from != json!("draft") || c.to == json!("perbup"), "{c:?}");
                }
                if c.field == "sop" {
                    assert_eq!(c.to, json!(true));
                }
            }
            if p.reached {
                assert!(reaches(&pack, &r, &p), "{p:?}");
            }
        }
    }
}

#[test]
fn a_gate_no_evidence_change_can_meet_is_named() {
    let pack = pack();
    // Level 3; level 4 needs a start date, which a plan never invents.
    let r = record(
        json!({"id": "d", "staff": 10, "users": 800, "legal": "perbup", "sop": true, "cost": 8}),
    );
    assert_eq!(pack.assess(&r, Lang::En).unwrap().level.rank, 3);
    let p = plan(&pack, &r, Lang::En);
    assert!(!p.reached && p.changes.is_empty(), "{p:?}");
    assert_eq!(p.blocked_by, ["Start date known"]);
    assert!(
        p.text.contains("still not met: Start date known"),
        "{}",
        p.text
    );
}

#[test]
fn the_search_is_bounded_and_says_so() {
    let pack = pack();
    let r = record(
        json!({"id": "b", "staff": 2, "users": 100, "legal": "none", "sop": true, "cost": 10}),
    );
    let p = pack
        .next_level_plan_within(&r, Lang::En, 3)
        .unwrap()
        .unwrap();
    assert!(!p.complete && p.evaluations <= 3, "{p:?}");
    assert!(p.text.contains("evaluation limit"), "{}", p.text);
}

#[test]
fn numbers_and_units_are_written_the_way_each_language_writes_them() {
    let toml = r#"
[pack]
id = "u"
version = "0"
name = "u"
scale = { min = 0, max = 5, step = 1, decimals = 2 }
[[field]]
id = "uptime"
type = "number"
min = 0
max = 100
unit = { id = "%", en = "%" }
label = { id = "Ketersediaan layanan", en = "Uptime" }
[[field]]
id = "users"
type = "integer"
min = 0
unit = { id = "orang", en = "people" }
missing = "unmet"
label = { id = "Pengguna", en = "Users" }
[[dimension]]
id = "D"
weight = 1
label = "D"
[[indicator]]
id = "u"
dimension = "D"
label = "u"
rule = "if uptime == () { () } else if uptime >= 99.5 { 5 } else { 1 }"
monotone = ["uptime"]
[[indicator]]
id = "n"
dimension = "D"
label = "n"
rule = "if users == () { () } else if users >= 1200 { 5 } else { 1 }"
monotone = ["users"]
[[level]]
rank = 1
id = "l1"
min = 0
label = "L1"
[[level]]
rank = 2
id = "l2"
min = 5
label = "L2"
"#;
    let pack = files(&[("pack.toml", toml)]).unwrap();
    let r = record(json!({"id": "e", "uptime": 96, "users": 0}));
    let id = plan(&pack, &r, Lang::Id);
    assert_eq!(
        id.text,
        "naikkan ketersediaan layanan dari 96 menjadi 99,5%; naikkan pengguna dari 0 menjadi 1.200 orang"
    );
    let en = plan(&pack, &r, Lang::En);
    assert_eq!(
        en.text,
        "raise uptime from 96 to 99.5%; raise users from 0 to 1,200 people"
    );
    assert!(reaches(&pack, &r, &en));
    // A blank field is filled in, from its minimum up.
    let blank = record(json!({"id": "e", "uptime": 99.5}));
    let fill = plan(&pack, &blank, Lang::Id);
    assert_eq!(fill.text, "isi pengguna: 1.200 orang");
    assert!(reaches(&pack, &blank, &fill));
}

#[test]
fn at_the_top_level_there_is_no_plan() {
    let pack = pack();
    let r = record(
        json!({"id": "f", "staff": 10, "users": 800, "legal": "perbup", "sop": true, "cost": 0, "since": "2020-01-01"}),
    );
    assert_eq!(pack.assess(&r, Lang::En).unwrap().level.rank, 4);
    assert!(pack.next_level_plan(&r, Lang::En).unwrap().is_none());
}

#[cfg(feature = "cli")]
#[test]
fn explain_gives_the_plan_in_evidence_terms() {
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_matang"))
            .args(args)
            .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let portfolio = "rules/smart-city-quickwin/examples/portfolio.csv";
    let text = run(&["explain", "--id", "QW-01", portfolio]);
    assert!(
        text.contains("rencana bukti: naikkan SDM terlatih dari 0 menjadi 1 orang"),
        "{text}"
    );
    let json = run(&["explain", "--id", "QW-01", "--format", "json", portfolio]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        v["next_level"]["plan"]["changes"][0]["field"],
        "trained_staff"
    );
    assert_eq!(v["next_level"]["plan"]["changes"][0]["to"], 1);
}

#[cfg(feature = "cli")]
#[test]
fn the_html_report_gives_each_item_its_plan() {
    let dir = std::env::temp_dir().join(format!("matang-plan-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let html = dir.join("report.html");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_matang"))
        .args(["report", "--lang", "en", "--output"])
        .arg(&html)
        .arg("rules/smart-city-quickwin/examples/portfolio.csv")
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&html).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(
        text.contains("evidence plan: raise trained staff from 0 to 1 people"),
        "no plan in the report"
    );
}

#[test]
fn the_official_index_packs_plan_in_their_own_components() {
    let spbe = Pack::builtin("spbe").unwrap();
    let r = record(
        json!({"id": "x", "year": 2023, "d1": 2.0, "d2": 2.5, "d3": 2.2, "a7": 2.4, "a8": 2.1}),
    );
    let p = plan(&spbe, &r, Lang::En);
    assert!(p.reached, "{}", p.text);
    assert!(reaches(&spbe, &r, &p));
    assert!(p.text.contains("aspect 7 index"), "{}", p.text);
    let index = Pack::builtin("smart-city-index").unwrap();
    let r = record(
        json!({"id": "x", "year": 2022, "baseline": 3.0, "output": 3.1,
                          "outcome": 3.2, "impact": 3.0, "quick_win": 3.3}),
    );
    let p = plan(&index, &r, Lang::Id);
    assert!(p.reached && reaches(&index, &r, &p), "{}", p.text);
    assert!(p.text.contains("naikkan outcome dari 3,2"), "{}", p.text);
}
