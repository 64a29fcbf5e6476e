//! The official-index packs (`rules/smart-city-index`, `rules/spbe`) through the Rust API:
//! they load, pass their own vectors, and reproduce the published scores.

use matang::{Lang, Pack, Previous, ProgressStatus, Record};
use serde_json::json;

fn pack(folder: &str) -> Pack {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("rules")
        .join(folder);
    Pack::load(&dir).unwrap_or_else(|e| panic!("{folder} does not load: {e}"))
}

fn record(v: serde_json::Value) -> Record {
    Record::from_json(v).expect("a JSON object")
}

#[test]
fn both_packs_load_and_pass_their_vectors() {
    for (folder, id) in [("smart-city-index", "smart-city-index"), ("spbe", "spbe")] {
        let p = pack(folder);
        assert_eq!(p.id(), id, "pack id must equal its folder name");
        assert!(!p.sources().is_empty(), "{id} cites its sources");
        let report = p.check().expect("vectors parse");
        assert!(report.passed(), "{id}: {:#?}", report.failures);
        assert!(report.ran >= 20, "{id} ran only {} vectors", report.ran);
    }
}

#[test]
fn both_packs_are_built_in() {
    for id in ["smart-city-index", "spbe"] {
        let p = Pack::builtin(id).unwrap_or_else(|e| panic!("built-in {id}: {e}"));
        assert!(p.check().expect("vectors parse").passed());
    }
}

#[test]
fn kediri_2022_components_give_the_published_index() {
    // https://bangsaonline.com/berita/113379/hasil-evaluasi-smart-city-2022-kota-kediri-ke-4-tertinggi-se-jawa-timur
    let p = pack("smart-city-index");
    let kediri = record(json!({
        "id": "kota-kediri", "year": 2022,
        "baseline": 3.60, "output": 3.21, "outcome": 3.23, "impact": 3.07, "quick_win": 3.65
    }));
    let a = p.assess(&kediri, Lang::En).expect("assessable");
    assert!((a.total - 3.31).abs() <= 0.01, "total {}", a.total);
    assert!(
        (a.total - 3.315).abs() < 1e-9,
        "exact weighted mean, got {}",
        a.total
    );
    // Every component is still shown on its own.
    for (dim, want) in [
        ("B", 3.60),
        ("O", 3.21),
        ("OC", 3.23),
        ("I", 3.07),
        ("QW", 3.65),
    ] {
        let got = a
            .dimension(dim)
            .and_then(|d| d.score)
            .expect("component shown");
        assert!((got - want).abs() < 1e-9, "{dim}: {got}");
    }
    // Shown with the published precision (two decimals); the exact value stays in `total`.
    assert_eq!(p.scale().decimals, 2);
}

#[test]
fn kediri_pillars_give_the_published_impact() {
    let p = pack("smart-city-index");
    let kediri = record(json!({
        "id": "kota-kediri", "year": 2022,
        "baseline": 3.60, "output": 3.21, "outcome": 3.23, "quick_win": 3.65,
        "governance": 2.75, "branding": 2.75, "economy": 3.5, "society": 3.33, "living": 3.33, "environment": 2.75
    }));
    let a = p.assess(&kediri, Lang::En).expect("assessable");
    let impact = a
        .dimension("I")
        .and_then(|d| d.score)
        .expect("impact from pillars");
    assert!((impact - 3.07).abs() <= 0.005, "impact {impact}");
    assert!((a.total - 3.31).abs() <= 0.01, "total {}", a.total);
}

#[test]
fn kediri_2021_to_2022_is_plus() {
    let p = pack("smart-city-index");
    let now = p.assess(
        &record(json!({
            "id": "kota-kediri", "year": 2022,
            "baseline": 3.60, "output": 3.21, "outcome": 3.23, "impact": 3.07, "quick_win": 3.65
        })),
        Lang::En,
    );
    let previous = p.previous_totals(&[record(json!({"id": "kota-kediri", "total": 3.06}))]);
    let ranking = p.rank(&[now], None, Some(&previous), Lang::En);
    let progress = ranking.ranking[0]
        .progress
        .as_ref()
        .expect("compared with 2021");
    assert_eq!(progress.status, ProgressStatus::Plus);
    assert!((progress.delta.expect("delta") - 0.255).abs() < 1e-9);
    // A fall is minus.
    let worse = Previous {
        totals: [("kota-kediri".to_string(), 3.40)].into(),
        warnings: Vec::new(),
    };
    let now = p.assess(
        &record(json!({"id": "kota-kediri", "index": 3.31})),
        Lang::En,
    );
    let ranking = p.rank(&[now], None, Some(&worse), Lang::En);
    assert_eq!(
        ranking.ranking[0].progress.as_ref().map(|p| p.status),
        Some(ProgressStatus::Minus)
    );
}

#[test]
fn the_method_version_switches_the_weights() {
    let p = pack("smart-city-index");
    let components = json!({"baseline": 3.60, "output": 3.21, "outcome": 3.23, "impact": 3.07, "quick_win": 3.65});
    let with = |extra: serde_json::Value| {
        let mut v = components.clone();
        v.as_object_mut()
            .expect("object")
            .extend(extra.as_object().expect("object").clone());
        p.assess(&record(v), Lang::En).expect("assessable").total
    };
    assert!((with(json!({"method": "2018"})) - 3.257).abs() < 1e-9);
    assert!((with(json!({"year": 2020})) - 3.257).abs() < 1e-9);
    assert!((with(json!({"year": 2021})) - 3.315).abs() < 1e-9);
    assert!((with(json!({})) - 3.315).abs() < 1e-9);
}

#[test]
fn bengkulu_spbe_results_land_in_their_predicates() {
    // https://www.rmolbengkulu.id/naik-kelas-menpan-rb-nilai-spbe-pemkab-lebong-kategori-baik
    let p = pack("spbe");
    for (id, index, predicate) in [
        ("kab-rejang-lebong", 3.23, "baik"),
        ("kab-lebong", 2.93, "baik"),
        ("kab-lebong-2022", 1.55, "kurang"),
        ("kab-mukomuko", 2.07, "cukup"),
    ] {
        let a = p
            .assess(&record(json!({"id": id, "index": index})), Lang::Id)
            .expect("assessable");
        assert!((a.total - index).abs() < 1e-9, "{id}: total {}", a.total);
        assert_eq!(a.level.id, predicate, "{id}");
    }
}

#[test]
fn spbe_domain_weights_sum_to_the_index() {
    let p = pack("spbe");
    let weights: f64 = p.dimensions().iter().map(|d| d.weight).sum();
    assert!(
        (weights - 100.0).abs() < 1e-9,
        "domain weights sum to {weights}"
    );
    let a = p
        .assess(
            &record(json!({"d1": 1, "d2": 2, "d3": 3, "a7": 4, "a8": 5})),
            Lang::En,
        )
        .expect("assessable");
    assert!((a.total - 3.125).abs() < 1e-9, "total {}", a.total);
    let bad = p.assess(&record(json!({"d1_levels": "3 6"})), Lang::En);
    assert!(bad.is_err_and(|e| e.to_string().contains("outside 1 to 5")));
}
