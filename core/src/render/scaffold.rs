//! A new pack to start from (`matang new`): one field, one dimension, one indicator, two
//! levels, one gate and test vectors that cover it all, with bilingual labels and the
//! `[A]` convention for assumptions, so `matang check --coverage` passes from the start.

/// The files of a new pack with id `id`: (path inside the folder, text).
#[must_use]
pub fn new_pack_files(id: &str) -> Vec<(&'static str, String)> {
    let manifest = format!(
        r##"# {id}: a new rule pack. Format reference: matang's README, "Rule pack format".
# [A] marks an assumption of this pack (not from a cited source), with its reason.

[pack]
id = "{id}"
version = "0.1.0"
name = {{ id = "Paket baru", en = "New pack" }}
description = {{ id = "Apa yang dinilai paket ini", en = "What this pack assesses" }}
sources = [
  "[A] SDM terlatih / trained staff thresholds 1-5-10-20: a first guess; replace with a cited source",
  "[A] Batas level / level bands: Siap / Ready from 3; a first guess; replace with a cited source",
]
scale = {{ min = 0, max = 5, step = 1, decimals = 2 }}

[[field]]
id = "trained_staff"
type = "integer"
min = 0
max = 500
missing = "unmet"
unit = {{ id = "orang", en = "people" }}
label = {{ id = "SDM terlatih", en = "Trained staff" }}
help = {{ id = "Jumlah pegawai yang sudah dilatih", en = "Staff trained to run the service" }}
example = 3

[[dimension]]
id = "KSP"
weight = 1
label = {{ id = "Kesiapan", en = "Readiness" }}

[[indicator]]
id = "trained_staff"
dimension = "KSP"
label = {{ id = "SDM terlatih", en = "Trained staff" }}
file = "indicators/trained_staff.rhai"
reason = {{ id = "{{trained_staff}} orang terlatih", en = "{{trained_staff}} trained staff" }}
monotone = ["trained_staff"]

[[level]]
rank = 1
id = "initial"
min = 0
label = {{ id = "Rintisan", en = "Initial" }}
color = "#c0392b"

[[level]]
rank = 2
id = "ready"
min = 3
label = {{ id = "Siap", en = "Ready" }}
color = "#27ae60"

[[gate]]
id = "has_staff"
level = 2
require = "trained_staff != () && trained_staff > 0"
label = {{ id = "Ada SDM terlatih", en = "Has trained staff" }}
"##
    );
    let rule = "// Score 0 to 5 from the number of trained staff.\n\
                if trained_staff == () { () } else { band(trained_staff, [1, 5, 10, 20]) + \
                if trained_staff >= 20 { 1 } else { 0 } }\n"
        .to_string();
    let vectors =
        r#"# Test vectors: run by `matang check` (add `--coverage --threshold 100` in CI).

[[case]]
id = "none"
record = { trained_staff = 0 }
total = 0.0
level = 1
gates_failed = ["has_staff"]

[[case]]
id = "ready"
record = { trained_staff = 10 }
total = 3.0
level = 2
gates_failed = []

[[case]]
id = "full"
record = { trained_staff = 25 }
total = 5.0
level = 2
gates_failed = []
"#
        .to_string();
    let readme = format!(
        "# {id}\n\nA matang rule pack. Check it with `matang check --coverage {id}/`; write its \
         methodology document with `matang doc {id}/ -o method.html`.\n"
    );
    vec![
        ("pack.toml", manifest),
        ("indicators/trained_staff.rhai", rule),
        ("vectors.toml", vectors),
        ("README.md", readme),
    ]
}
