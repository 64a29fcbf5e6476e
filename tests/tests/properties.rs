//! Property-based tests of the scoring engine: bounds, determinism, weights, monotonicity,
//! gating, missing-evidence policies, selection, the next-level gap and round trips, on the
//! built-in `smart-city-quickwin` pack and on small generated packs.
//!
//! `PROPTEST_CASES=1000 cargo test -p matang-tests --test properties` runs more cases;
//! failures are kept in `tests/proptest-regressions/properties.txt` and replayed first.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod support;

use matang::{Assessment, Error, Lang, Pack, Record};
use proptest::prelude::*;
use serde_json::{Map, Value as Json, json};
use std::collections::BTreeMap;
use support::*;

fn assess(p: &Pack, r: &Record) -> Assessment {
    p.assess(r, Lang::En)
        .unwrap_or_else(|e| panic!("valid record refused: {e}\n{r:?}"))
}

fn lang() -> impl Strategy<Value = Lang> {
    prop_oneof![Just(Lang::Id), Just(Lang::En)]
}

/// Every score on the scale, `score_100` from the total, the level from the thresholds.
fn check_bounds(p: &Pack, a: &Assessment) -> Result<(), TestCaseError> {
    let s = p.scale();
    let on = |x: f64| x.is_finite() && x >= s.min - TOL && x <= s.max + TOL;
    for i in &a.indicators {
        if let Some(x) = i.score {
            prop_assert!(on(x), "indicator {} = {x} off the scale", i.id);
        }
    }
    for d in &a.dimensions {
        if let Some(x) = d.score {
            prop_assert!(on(x), "dimension {} = {x} off the scale", d.id);
        }
        prop_assert!((0.0..=1.0).contains(&d.coverage));
    }
    prop_assert!(on(a.total), "total {} off the scale", a.total);
    let expect_100 = (a.total - s.min) / (s.max - s.min) * 100.0;
    prop_assert!((a.score_100 - expect_100).abs() < 1e-7);
    prop_assert!((-1e-7..=100.0 + 1e-7).contains(&a.score_100));
    let score_level = p
        .levels()
        .iter()
        .rev()
        .find(|l| a.total + 1e-9 >= l.min)
        .map_or(1, |l| l.rank);
    prop_assert_eq!(a.score_level, score_level);
    prop_assert!(a.level.rank >= 1 && a.level.rank <= a.score_level);
    Ok(())
}

/// Gates: the level is the score level capped by every failing gate, and `capped_by` names
/// exactly the failing gates at or below the score level.
fn check_gates(a: &Assessment) -> Result<(), TestCaseError> {
    let mut expect = a.score_level;
    for g in a.gates.iter().filter(|g| !g.passed) {
        prop_assert!(
            a.level.rank < g.level,
            "level {} but gate {} (level {}) fails",
            a.level.rank,
            g.id,
            g.level
        );
        expect = expect.min(g.level - 1);
    }
    prop_assert_eq!(a.level.rank, expect);
    let capped: Vec<&str> = a
        .gates
        .iter()
        .filter(|g| !g.passed && g.level <= a.score_level)
        .map(|g| g.id.as_str())
        .collect();
    prop_assert_eq!(
        a.capped_by.iter().map(String::as_str).collect::<Vec<_>>(),
        capped
    );
    Ok(())
}

/// Equal as numbers, allowing float rounding in sums of different weights.
fn close(x: f64, y: f64) -> bool {
    (x - y).abs() <= 1e-9 * (1.0 + x.abs().max(y.abs()))
}

fn close_opt(x: Option<f64>, y: Option<f64>) -> bool {
    match (x, y) {
        (Some(x), Some(y)) => close(x, y),
        (None, None) => true,
        _ => false,
    }
}

proptest! {
    #![proptest_config(config())]

    // ------------------------------------------------------------------ bounds

    #[test]
    fn quickwin_scores_stay_on_the_scale(r in qw_record(), lang in lang()) {
        let p = quickwin();
        let a = p.assess(&r, lang).unwrap();
        check_bounds(p, &a)?;
        check_gates(&a)?;
    }

    #[test]
    fn generated_pack_scores_stay_on_the_scale((spec, batch) in spec_and_batch(12)) {
        let p = spec.pack();
        for r in &batch {
            let a = assess(&p, r);
            check_bounds(&p, &a)?;
            check_gates(&a)?;
        }
    }

    // ------------------------------------------------------------------ invalid evidence

    #[test]
    fn invalid_evidence_is_refused_naming_the_field((r, field) in qw_invalid()) {
        match quickwin().assess(&r, Lang::En) {
            Err(Error::Evidence { record, problems }) => {
                prop_assert!(record.contains("R-000"), "{record}");
                prop_assert!(problems.iter().any(|p| p.field == field), "{field} not in {problems:?}");
            }
            other => prop_assert!(false, "{field}: expected an evidence error, got {other:?}"),
        }
    }

    #[test]
    fn a_batch_reports_exactly_its_bad_records(
        batch in qw_batch(12),
        bad in prop::collection::vec((qw_invalid(), any::<prop::sample::Index>()), 0..4),
    ) {
        let mut records = batch;
        let mut bad_ids = Vec::new();
        for (n, ((mut r, _), at)) in bad.into_iter().enumerate() {
            r.fields.insert("id".into(), json!(format!("BAD-{n}")));
            bad_ids.push(format!("BAD-{n}"));
            let at = at.index(records.len() + 1);
            records.insert(at, r);
        }
        let out = quickwin().assess_many(&records, Lang::En);
        prop_assert_eq!(out.len(), records.len());
        for (r, o) in records.iter().zip(&out) {
            prop_assert_eq!(o.is_err(), bad_ids.contains(&r.id()), "{}", r.id());
        }
    }

    // ------------------------------------------------------------------ determinism

    #[test]
    fn assessments_are_deterministic_in_any_order_batch_and_thread_count(
        batch in qw_batch(24),
        lang in lang(),
        seed in any::<u64>(),
    ) {
        let p = quickwin();
        let one: Vec<_> = batch.iter().map(|r| p.assess(r, lang)).collect();
        let single = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
        let multi = rayon::ThreadPoolBuilder::new().num_threads(4).build().unwrap();
        prop_assert_eq!(&single.install(|| p.assess_many(&batch, lang)), &one);
        prop_assert_eq!(&multi.install(|| p.assess_many(&batch, lang)), &one);
        prop_assert_eq!(&p.assess_many(&batch, lang), &one);
        // Any order: a permutation of the input permutes the output the same way.
        let mut order: Vec<usize> = (0..batch.len()).collect();
        let mut s = seed;
        for i in (1..order.len()).rev() {
            s = s.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            #[allow(clippy::cast_possible_truncation)]
            order.swap(i, (s >> 33) as usize % (i + 1));
        }
        let shuffled: Vec<Record> = order.iter().map(|&i| batch[i].clone()).collect();
        let out = multi.install(|| p.assess_many(&shuffled, lang));
        for (k, &i) in order.iter().enumerate() {
            prop_assert_eq!(&out[k], &one[i]);
        }
        // And so is the ranking built from them, whatever the input order.
        let sorted = |v: &[matang::Result<Assessment>]| p.rank(v, None, None, lang);
        prop_assert_eq!(sorted(&out).ranking, sorted(&one).ranking);
    }

    // ------------------------------------------------------------------ weights

    #[test]
    fn scaling_every_dimension_weight_changes_nothing(
        (spec, batch) in spec_and_batch(10),
        k in prop::sample::select(vec![0.5, 2.0, 3.0, 7.5, 100.0]),
    ) {
        let p = spec.pack();
        let mut scaled = spec.clone();
        for d in &mut scaled.dims {
            d.weight *= k;
        }
        let q = scaled.pack();
        for r in &batch {
            let (a, b) = (assess(&p, r), assess(&q, r));
            prop_assert!(close(a.total, b.total), "{} vs {}", a.total, b.total);
            prop_assert_eq!(a.level.rank, b.level.rank);
            prop_assert_eq!(a.score_level, b.score_level);
            for (x, y) in a.dimensions.iter().zip(&b.dimensions) {
                prop_assert!(close_opt(x.score, y.score));
            }
            let gap = |a: &Assessment| a.next_level.as_ref().map(|n| n.gap);
            prop_assert!(close_opt(gap(&a), gap(&b)));
        }
    }

    #[test]
    fn a_dimension_of_weight_zero_has_no_influence(
        (spec, batch) in spec_and_batch(8),
        which in any::<prop::sample::Index>(),
        other in prop::collection::vec(prop::option::of(0.0f64..=1.0), 12),
    ) {
        let mut spec = spec;
        if spec.dims.len() < 2 {
            return Ok(());
        }
        let d = which.index(spec.dims.len());
        spec.dims[d].weight = 0.0;
        if spec.dims.iter().all(|x| x.weight == 0.0) {
            let e = (d + 1) % spec.dims.len();
            spec.dims[e].weight = 1.0;
        }
        let p = spec.pack();
        let inds = spec.indicators();
        for r in &batch {
            // The same record with every indicator of dimension d changed (or removed).
            let mut changed = r.clone();
            for (k, (dim, _)) in inds.iter().enumerate() {
                if *dim == d {
                    let key = format!("f{k}");
                    match other[k % other.len()] {
                        Some(u) => changed.fields.insert(key, json!(spec.min + u * (spec.max - spec.min))),
                        None => changed.fields.remove(&key),
                    };
                }
            }
            let (a, b) = (assess(&p, r), assess(&p, &changed));
            prop_assert!(close(a.total, b.total), "{} vs {}", a.total, b.total);
            prop_assert_eq!(a.score_level, b.score_level);
            if a.gates == b.gates {
                prop_assert_eq!(a.level.rank, b.level.rank);
            }
            for n in [&a, &b] {
                if let Some(next) = &n.next_level {
                    let dim = format!("D{d}");
                    prop_assert!(next.improvements.iter().all(|i| i.dimension != dim));
                }
            }
        }
    }

    // ------------------------------------------------------------------ monotonicity

    #[test]
    fn quickwin_monotone_evidence_never_lowers_a_score((r, i, field, lo, hi) in qw_monotone()) {
        let p = quickwin();
        let a = assess(p, &r.with_changes(&Map::from_iter([(field.clone(), lo)])));
        let b = assess(p, &r.with_changes(&Map::from_iter([(field.clone(), hi)])));
        check_monotone(p, &a, &b, i, &field)?;
    }

    #[test]
    fn blanking_any_optional_quickwin_field_never_raises_total_or_level(
        r in qw_record(),
        pick in any::<prop::sample::Index>(),
    ) {
        let p = quickwin();
        let optional: Vec<&str> = p.fields().iter().filter(|f| !f.required).map(|f| f.id.as_str()).collect();
        let field = optional[pick.index(optional.len())];
        let full = assess(p, &r);
        let blank = assess(p, &r.with_changes(&Map::from_iter([(field.to_string(), Json::Null)])));
        prop_assert!(blank.total <= full.total + 1e-9, "blank {field} raised {} to {}", full.total, blank.total);
        prop_assert!(blank.level.rank <= full.level.rank, "blank {field} raised the level");
    }

    #[test]
    fn generated_monotone_evidence_never_lowers_a_score(
        (spec, batch) in spec_and_batch(6),
        k in any::<prop::sample::Index>(),
        u in (0.0f64..=1.0, 0.0f64..=1.0),
    ) {
        let p = spec.pack();
        let k = k.index(spec.indicators().len());
        let field = format!("f{k}");
        let span = spec.max - spec.min;
        let (lo, hi) = (spec.min + u.0.min(u.1) * span, spec.min + u.0.max(u.1) * span);
        for r in &batch {
            let a = assess(&p, &r.with_changes(&Map::from_iter([(field.clone(), json!(lo))])));
            let b = assess(&p, &r.with_changes(&Map::from_iter([(field.clone(), json!(hi))])));
            check_monotone(&p, &a, &b, k, &field)?;
        }
    }

    // ------------------------------------------------------------------ gating

    #[test]
    fn removing_a_gate_never_lowers_the_level(
        (spec, batch) in spec_and_batch(10),
        which in any::<prop::sample::Index>(),
    ) {
        if spec.gates.is_empty() {
            return Ok(());
        }
        let p = spec.pack();
        let mut fewer = spec.clone();
        fewer.gates.remove(which.index(spec.gates.len()));
        let q = fewer.pack();
        for r in &batch {
            let (a, b) = (assess(&p, r), assess(&q, r));
            prop_assert!(b.level.rank >= a.level.rank, "{} -> {}", a.level.rank, b.level.rank);
            prop_assert_eq!(a.score_level, b.score_level);
            prop_assert!(close(a.total, b.total));
        }
    }

    #[test]
    fn removing_a_quickwin_gate_never_lowers_the_level(
        r in qw_record(),
        which in any::<prop::sample::Index>(),
    ) {
        let variants = quickwin_without_each_gate();
        let (gate, q) = &variants[which.index(variants.len())];
        let (a, b) = (assess(quickwin(), &r), assess(q, &r));
        prop_assert!(b.level.rank >= a.level.rank, "without {gate}: {} -> {}", a.level.rank, b.level.rank);
        prop_assert!(close(a.total, b.total));
    }

    // ------------------------------------------------------------------ missing evidence

    #[test]
    fn missing_evidence_policies_behave_as_documented((spec, batch) in spec_and_batch(10)) {
        let p = spec.pack();
        prop_assert_eq!(p.missing_policy().name(), match spec.policy {
            Policy::Exclude => "exclude",
            Policy::Zero => "zero",
            Policy::MinCoverage(_) => "min_coverage",
        });
        for r in &batch {
            let a = assess(&p, r);
            let (dims, total) = reference_scores(&spec, r);
            for (got, want) in a.dimensions.iter().zip(&dims) {
                prop_assert!(close_opt(got.score, want.score), "{}: {:?} vs {:?}", got.id, got.score, want.score);
                prop_assert_eq!(got.present, want.present);
                prop_assert_eq!(got.count, want.count);
                #[allow(clippy::cast_precision_loss)]
                let coverage = want.present as f64 / want.count as f64;
                prop_assert!((got.coverage - coverage).abs() < 1e-12);
                prop_assert_eq!(got.insufficient, want.insufficient);
            }
            prop_assert!(close(a.total, total), "total {} vs {}", a.total, total);
            prop_assert_eq!(a.insufficient(), dims.iter().any(|d| d.insufficient));
            // `missing` names exactly the indicator fields with no value.
            let missing: Vec<String> = (0..spec.indicators().len())
                .map(|k| format!("f{k}"))
                .filter(|f| field(r, f).is_none())
                .collect();
            let mut got = a.missing.clone();
            got.sort();
            let mut want = missing;
            want.sort();
            prop_assert_eq!(got, want);
        }
    }

    // ------------------------------------------------------------------ selection

    #[test]
    fn selection_picks_the_best_eligible_items_within_the_limits(
        (spec, batch) in spec_and_batch(16),
        top in prop::option::of(0usize..8),
        lang in lang(),
    ) {
        let p = spec.pack();
        let results = p.assess_many(&batch, lang);
        let by_id: BTreeMap<String, Assessment> = results
            .iter()
            .map(|r| { let a = r.as_ref().unwrap().clone(); (a.id.clone(), a) })
            .collect();
        let ranking = p.rank(&results, top, None, lang);
        let n = top.unwrap_or(spec.selection.top);
        prop_assert_eq!(ranking.top, n);
        prop_assert!(ranking.selected.len() <= n);
        let group = |a: &Assessment| a.evidence.get("grp").and_then(Json::as_str).map(String::from);
        // Eligibility is the selection condition, and every selected item is eligible.
        for a in by_id.values() {
            let want = spec.selection.require_level.is_none_or(|l| a.level.rank >= l);
            prop_assert_eq!(a.eligible, want);
        }
        for id in &ranking.selected {
            prop_assert!(by_id[id].eligible);
        }
        prop_assert_eq!(ranking.eligible, by_id.values().filter(|a| a.eligible).count());
        // The diversity limit.
        if let Some(max) = spec.selection.max_per_group {
            let mut per: BTreeMap<String, usize> = BTreeMap::new();
            for id in &ranking.selected {
                if let Some(g) = group(&by_id[id]) {
                    *per.entry(g).or_default() += 1;
                }
            }
            prop_assert!(per.values().all(|&c| c <= max), "{per:?} over {max}");
        }
        // The ranking follows the declared order.
        let items: Vec<&Assessment> = ranking.ranking.iter().map(|i| &by_id[&i.id]).collect();
        for w in items.windows(2) {
            prop_assert!(declared_order(&spec, w[0], w[1]).is_le(), "{} before {}", w[0].id, w[1].id);
        }
        // Selected flags agree with the list, best first.
        let flagged: Vec<&str> = ranking.ranking.iter().filter(|i| i.selected).map(|i| i.id.as_str()).collect();
        prop_assert_eq!(flagged, ranking.selected.iter().map(String::as_str).collect::<Vec<_>>());
        // No unselected eligible item outranks a selected one, unless its group was full.
        let mut per: BTreeMap<String, usize> = BTreeMap::new();
        let mut taken = 0;
        for item in &ranking.ranking {
            let a = &by_id[&item.id];
            let g = group(a);
            let full = match (spec.selection.max_per_group, &g) {
                (Some(max), Some(g)) => per.get(g).copied().unwrap_or(0) >= max,
                _ => false,
            };
            let should = a.eligible && taken < n && !full;
            prop_assert_eq!(item.selected, should, "{}", item.id);
            prop_assert_eq!(item.reason.is_none(), item.selected);
            if item.selected {
                taken += 1;
                if let Some(g) = g {
                    *per.entry(g).or_default() += 1;
                }
            }
        }
    }

    // ------------------------------------------------------------------ next-level gap

    #[test]
    fn the_smallest_proposed_improvement_reaches_the_next_level((spec, batch) in spec_and_batch(8)) {
        let p = spec.pack();
        let s = p.scale();
        for r in &batch {
            let a = assess(&p, r);
            let Some(next) = &a.next_level else {
                prop_assert_eq!(a.level.rank as usize, spec.levels.len());
                continue;
            };
            prop_assert_eq!(next.level.rank, a.level.rank + 1);
            prop_assert!((next.gap - (next.min - a.total).max(0.0)).abs() < 1e-12);
            // The gates named are exactly the failing gates up to the next level.
            let blocking: Vec<&str> = a.gates.iter()
                .filter(|g| !g.passed && g.level <= next.level.rank)
                .map(|g| g.id.as_str())
                .collect();
            prop_assert_eq!(next.gates.iter().map(String::as_str).collect::<Vec<_>>(), blocking);
            if next.gap <= 1e-9 {
                prop_assert!(next.improvements.is_empty());
                continue;
            }
            let raise = |ind: &str, to: f64| {
                let k: usize = ind.trim_start_matches('i').parse().unwrap();
                assess(&p, &r.with_changes(&Map::from_iter([(format!("f{k}"), json!(to))])))
            };
            for w in next.improvements.windows(2) {
                let d = |i: &matang::Improvement| i.to - i.from.unwrap_or(s.min);
                prop_assert!(d(&w[0]) <= d(&w[1]) + 1e-12, "improvements not smallest first");
            }
            for (n, imp) in next.improvements.iter().enumerate() {
                let after = raise(&imp.indicator, imp.to);
                prop_assert!(after.total + 1e-9 >= next.min, "{} to {} gives {} < {}", imp.indicator, imp.to, after.total, next.min);
                prop_assert!(close(after.total, imp.total_after));
                // The smallest: one step less would not be enough.
                let less = imp.to - s.step;
                if less >= s.min - 1e-9 && imp.from.is_none_or(|f| less > f + 1e-9) {
                    prop_assert!(raise(&imp.indicator, less).total + 1e-9 < next.min, "{} to {less} is already enough", imp.indicator);
                }
                if n == 0 && after.level.rank < next.level.rank {
                    // Only a gate may stop it, and the gap must have named it.
                    let failing: Vec<&str> = after.gates.iter()
                        .filter(|g| !g.passed && g.level <= next.level.rank)
                        .map(|g| g.id.as_str())
                        .collect();
                    prop_assert!(!failing.is_empty(), "no gate, yet level {} < {}", after.level.rank, next.level.rank);
                    prop_assert!(failing.iter().all(|g| next.gates.iter().any(|x| x == g)), "{failing:?} not in {:?}", next.gates);
                }
                if n == 0 && next.gates.is_empty() {
                    prop_assert!(after.level.rank >= next.level.rank);
                }
            }
            if next.improvements.is_empty() {
                // None proposed: no single indicator (of a weighted dimension) at the maximum is enough.
                for (k, (d, _)) in spec.indicators().iter().enumerate() {
                    if spec.dims[*d].weight > 0.0 {
                        let ind = format!("i{k}");
                        prop_assert!(raise(&ind, s.max).total + 1e-9 < next.min);
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ round trips

    #[test]
    fn assessments_survive_json_and_what_if_without_change_is_the_original(
        r in qw_record(),
        lang in lang(),
    ) {
        let p = quickwin();
        let a = p.assess(&r, lang).unwrap();
        let back: Assessment = serde_json::from_str(&serde_json::to_string(&a).unwrap()).unwrap();
        prop_assert_eq!(&back, &a);
        let w = p.what_if(&r, &Map::new(), lang).unwrap();
        prop_assert_eq!(&w.before, &a);
        prop_assert_eq!(&w.after, &a);
        prop_assert_eq!(w.total_delta, 0.0);
        prop_assert_eq!(w.level_delta, 0);
        prop_assert!(w.dimensions.iter().all(|d| d.delta == 0.0 && d.before == d.after));
        // Setting every field to the value it already has is no change either.
        let same: Map<String, Json> = r.fields.clone();
        prop_assert_eq!(&p.what_if(&r, &same, lang).unwrap().after, &a);
        let wj: matang::WhatIf = serde_json::from_str(&serde_json::to_string(&w).unwrap()).unwrap();
        prop_assert_eq!(wj, w);
    }

    #[test]
    fn packs_survive_their_files_with_the_same_fingerprint_and_results(
        (spec, batch) in spec_and_batch(6),
    ) {
        let p = spec.pack();
        let q = Pack::from_files(p.files().clone()).unwrap();
        prop_assert_eq!(q.fingerprint(), p.fingerprint());
        prop_assert_eq!(q.reference(), p.reference());
        for r in &batch {
            let a = assess(&p, r);
            prop_assert_eq!(&assess(&q, r), &a);
            let back: Assessment = serde_json::from_str(&serde_json::to_string(&a).unwrap()).unwrap();
            prop_assert_eq!(back, a);
        }
    }
}

/// Increasing a monotone field never lowers its indicator, that indicator's dimension, the
/// total or the level (`a` is the lower value, `b` the higher).
fn check_monotone(
    p: &Pack,
    a: &Assessment,
    b: &Assessment,
    i: usize,
    field: &str,
) -> Result<(), TestCaseError> {
    let (x, y) = (a.indicators[i].score, b.indicators[i].score);
    if let Some(x) = x {
        let y = y.unwrap_or(f64::NEG_INFINITY);
        prop_assert!(
            y + TOL >= x,
            "{field} up: indicator {} {x} -> {y}",
            a.indicators[i].id
        );
    }
    let d = p.indicators()[i].dimension;
    if let (Some(x), Some(y)) = (a.dimensions[d].score, b.dimensions[d].score) {
        prop_assert!(
            y + TOL >= x,
            "{field} up: dimension {} {x} -> {y}",
            a.dimensions[d].id
        );
    }
    prop_assert!(
        b.total + TOL >= a.total,
        "{field} up: total {} -> {}",
        a.total,
        b.total
    );
    prop_assert!(
        b.level.rank >= a.level.rank,
        "{field} up: level {} -> {}",
        a.level.rank,
        b.level.rank
    );
    Ok(())
}

/// The quickwin pack once without each of its gates.
fn quickwin_without_each_gate() -> &'static [(String, Pack)] {
    static V: std::sync::OnceLock<Vec<(String, Pack)>> = std::sync::OnceLock::new();
    V.get_or_init(|| {
        let files = quickwin().files();
        let toml = &files["pack.toml"];
        quickwin()
            .gates()
            .iter()
            .map(|g| {
                let head = format!("[[gate]]\nid = \"{}\"\n", g.id);
                let start = toml.find(&head).expect("gate block in pack.toml");
                let end = toml[start + 1..]
                    .find("\n[")
                    .map_or(toml.len(), |e| start + 1 + e + 1);
                let mut edited = toml.clone();
                edited.replace_range(start..end, "");
                let mut f = files.clone();
                f.insert("pack.toml".into(), edited);
                let q = Pack::from_files(f).expect("quickwin without a gate loads");
                assert_eq!(q.gates().len(), quickwin().gates().len() - 1);
                (g.id.clone(), q)
            })
            .collect()
    })
}

struct RefDim {
    score: Option<f64>,
    present: usize,
    count: usize,
    insufficient: bool,
}

/// Dimension scores and total as README.md "Scoring" documents them, computed here
/// independently of the engine.
fn reference_scores(spec: &Spec, r: &Record) -> (Vec<RefDim>, f64) {
    let inds = spec.indicators();
    let mut dims = Vec::new();
    for (d, dim) in spec.dims.iter().enumerate() {
        let (mut sum, mut wsum, mut wall, mut present, mut count) = (0.0, 0.0, 0.0, 0, 0);
        for (k, (dk, ind)) in inds.iter().enumerate() {
            if *dk != d {
                continue;
            }
            count += 1;
            wall += ind.weight;
            if let Some(s) = spec.rule_score(k, field(r, &format!("f{k}"))) {
                sum += ind.weight * s;
                wsum += ind.weight;
                present += 1;
            }
        }
        let mean = (present > 0).then(|| sum / wsum);
        #[allow(clippy::cast_precision_loss)]
        let coverage = present as f64 / count as f64;
        let (score, insufficient) = match spec.policy {
            Policy::Exclude => (mean, false),
            Policy::Zero => (Some((sum + (wall - wsum) * spec.min) / wall), false),
            Policy::MinCoverage(c) if coverage < c - 1e-12 => (Some(spec.min), true),
            Policy::MinCoverage(_) => (mean, false),
        };
        dims.push(RefDim {
            score,
            present,
            count,
            insufficient,
        });
        let _ = dim;
    }
    let (mut sum, mut wsum) = (0.0, 0.0);
    for (dim, r) in spec.dims.iter().zip(&dims) {
        if let Some(s) = r.score {
            sum += dim.weight * s;
            wsum += dim.weight;
        }
    }
    let total = if wsum > 0.0 { sum / wsum } else { spec.min };
    (dims, total)
}

/// The pack's declared order between two assessments (ties broken by id).
fn declared_order(spec: &Spec, a: &Assessment, b: &Assessment) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    for (on, desc) in &spec.selection.order {
        let o = match on {
            SortOn::Total => a.total.total_cmp(&b.total),
            SortOn::Level => a.level.rank.cmp(&b.level.rank),
            SortOn::Dim(d) => match (a.dimensions[*d].score, b.dimensions[*d].score) {
                (Some(x), Some(y)) => x.total_cmp(&y),
                // No score sorts last in either direction.
                (Some(_), None) => return Ordering::Less,
                (None, Some(_)) => return Ordering::Greater,
                (None, None) => Ordering::Equal,
            },
        };
        let o = if *desc { o.reverse() } else { o };
        if o.is_ne() {
            return o;
        }
    }
    if spec.selection.order.is_empty() {
        let o = b.total.total_cmp(&a.total);
        if o.is_ne() {
            return o;
        }
    }
    a.id.cmp(&b.id)
}
