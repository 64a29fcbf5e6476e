//! Small packs built in code, so each test shows exactly the rule it checks.
#![allow(dead_code, unreachable_pub)]

use matang::{Lang, Pack, Record};
use std::collections::BTreeMap;

/// A two-dimension pack: A (weight `wa`) with indicators a1, a2 = fields x1, x2, and B
/// (weight `wb`) with b1 = field y; `extra` is appended to pack.toml.
pub fn pack(policy: &str, wa: f64, wb: f64, extra: &str) -> Pack {
    let toml = pack_toml(policy, wa, wb, extra);
    files(&[("pack.toml", &toml)]).unwrap_or_else(|e| panic!("{e}"))
}

/// The manifest of [`pack`].
pub fn pack_toml(policy: &str, wa: f64, wb: f64, extra: &str) -> String {
    format!(
        r#"
[pack]
id = "t"
version = "0"
name = "t"
[aggregation]
{policy}
[[field]]
id = "x1"
type = "number"
label = "x1"
[[field]]
id = "x2"
type = "number"
label = "x2"
[[field]]
id = "y"
type = "number"
label = "y"
[[field]]
id = "g"
type = "text"
label = {{ id = "kelompok", en = "group" }}
[[dimension]]
id = "A"
weight = {wa}
label = "A"
[[dimension]]
id = "B"
weight = {wb}
label = "B"
[[indicator]]
id = "a1"
dimension = "A"
label = "a1"
rule = "x1"
[[indicator]]
id = "a2"
dimension = "A"
label = "a2"
rule = "x2"
[[indicator]]
id = "b1"
dimension = "B"
label = "b1"
rule = "y"
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
min = 4
label = "L3"
{extra}
"#
    )
}

pub fn files(list: &[(&str, &str)]) -> matang::Result<Pack> {
    let map: BTreeMap<String, String> = list
        .iter()
        .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
        .collect();
    Pack::from_files(map)
}

pub fn record(json: serde_json::Value) -> Record {
    Record::from_json(json).expect("a JSON object")
}

pub fn total(pack: &Pack, json: serde_json::Value) -> f64 {
    pack.assess(&record(json), Lang::En)
        .unwrap_or_else(|e| panic!("{e}"))
        .total
}
