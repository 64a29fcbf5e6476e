//! Strategies shared by the property tests: evidence records for the built-in
//! `smart-city-quickwin` pack (valid and deliberately invalid) and small generated packs
//! (random scale, dimension weights, indicators, level thresholds, gates, missing-evidence
//! policy and selection) with records that fit them.
#![allow(dead_code, unreachable_pub)]

use matang::{Field, FieldKind, Pack, Record};
use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence};
use serde_json::{Map, Value as Json, json};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::OnceLock;

/// Cases per property when `PROPTEST_CASES` is not set: keeps the whole suite well under a
/// minute on two cores. CI or a long local run sets `PROPTEST_CASES=1000` (or more).
pub const DEFAULT_CASES: u32 = 48;

/// The proptest configuration of every property: the case count from the environment, and
/// failures persisted next to the test sources in `tests/proptest-regressions/` (committed).
pub fn config() -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(DEFAULT_CASES);
    Config {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::SourceParallel(
            "proptest-regressions",
        ))),
        ..Config::default()
    }
}

/// Tolerance for float comparisons of totals (the engine's own is 1e-9).
pub const TOL: f64 = 1e-9;

pub fn quickwin() -> &'static Pack {
    static P: OnceLock<Pack> = OnceLock::new();
    P.get_or_init(|| Pack::builtin("smart-city-quickwin").expect("built-in pack"))
}

// ------------------------------------------------------------------ values from a schema

const GROUPS: &[&str] = &["Diskominfo", "Dinkes", "Bappeda", "Disdukcapil"];

#[allow(clippy::cast_possible_truncation)]
fn int_bounds(f: &Field) -> (i64, i64) {
    (
        f.min.unwrap_or(0.0) as i64,
        f.max.unwrap_or(2_000_000.0) as i64,
    )
}

/// A valid raw value for a field: JSON-typed, or written as text as a CSV cell would be.
pub fn valid_value(f: &Field) -> BoxedStrategy<Json> {
    match f.kind {
        FieldKind::Number => {
            let lo = f.min.unwrap_or(0.0);
            let hi = f.max.unwrap_or(1_000_000.0);
            prop_oneof![
                3 => (lo..=hi).prop_map(|x| json!(x)),
                1 => Just(json!(lo)),
                1 => Just(json!(hi)),
                1 => (lo..=hi).prop_map(move |x| json!(((x * 10.0).round() / 10.0).clamp(lo, hi).to_string())),
            ]
            .boxed()
        }
        FieldKind::Integer => {
            let (lo, hi) = int_bounds(f);
            let small = hi.min(lo + 20);
            prop_oneof![
                3 => (lo..=small).prop_map(|x| json!(x)),
                2 => (lo..=hi).prop_map(|x| json!(x)),
                1 => (lo..=small).prop_map(|x| json!(x.to_string())),
            ]
            .boxed()
        }
        FieldKind::Boolean => prop_oneof![
            4 => any::<bool>().prop_map(|b| json!(b)),
            1 => prop::sample::select(vec![json!(0), json!(1), json!("ya"), json!("tidak")]),
        ]
        .boxed(),
        FieldKind::Enum => {
            let values = f.values.clone();
            (prop::sample::select(values), any::<bool>())
                .prop_map(|(v, upper)| json!(if upper { v.to_uppercase() } else { v }))
                .boxed()
        }
        FieldKind::Date => (2015i32..=2024, 1u32..=12, 1u32..=28)
            .prop_map(|(y, m, d)| json!(format!("{y:04}-{m:02}-{d:02}")))
            .boxed(),
        FieldKind::Text => prop::sample::select(GROUPS.to_vec())
            .prop_map(|s| json!(s))
            .boxed(),
    }
}

/// A value this field must refuse.
pub fn invalid_value(f: &Field) -> BoxedStrategy<Json> {
    let mut bad = vec![json!([1]), json!({"a": 1})];
    match f.kind {
        FieldKind::Number | FieldKind::Integer => {
            bad.extend([json!("abc"), json!(true), json!("NaN"), json!("1.2.3")]);
            if let Some(lo) = f.min {
                bad.push(json!(lo - 1.0));
            }
            if let Some(hi) = f.max {
                bad.push(json!(hi + 1.0));
            }
            if f.kind == FieldKind::Integer {
                let (lo, hi) = int_bounds(f);
                if hi > lo {
                    bad.push(json!(lo as f64 + 0.5));
                }
            }
        }
        FieldKind::Boolean => bad.extend([json!("maybe"), json!(7), json!(-1)]),
        FieldKind::Enum => bad.extend([json!("zzz-not-a-value"), json!(3), json!(false)]),
        FieldKind::Date => bad.extend([
            json!("2019-13-01"),
            json!("2019-02-30"),
            json!(20_190_101),
            json!("yesterday"),
        ]),
        FieldKind::Text => bad.extend([json!(true)]),
    }
    prop::sample::select(bad).boxed()
}

/// Evidence for every field of `pack` (required fields always, others three times in four).
pub fn evidence(pack: &Pack) -> impl Strategy<Value = Map<String, Json>> + use<> {
    let parts: Vec<BoxedStrategy<Option<(String, Json)>>> = pack
        .fields()
        .iter()
        .map(|f| {
            let id = f.id.clone();
            let v = valid_value(f).prop_map(move |v| (id.clone(), v));
            if f.required {
                v.prop_map(Some).boxed()
            } else {
                prop::option::weighted(0.75, v).boxed()
            }
        })
        .collect();
    parts.prop_map(|kv| kv.into_iter().flatten().collect())
}

pub fn with_id(mut fields: Map<String, Json>, n: usize) -> Record {
    fields.insert("id".into(), json!(format!("R-{n:03}")));
    Record::new(fields)
}

/// A batch of valid quickwin records with distinct ids.
pub fn qw_batch(max: usize) -> impl Strategy<Value = Vec<Record>> {
    prop::collection::vec(evidence(quickwin()), 0..max).prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(|(n, f)| with_id(f, n))
            .collect()
    })
}

/// One valid quickwin record.
pub fn qw_record() -> impl Strategy<Value = Record> {
    evidence(quickwin()).prop_map(|f| with_id(f, 0))
}

/// A quickwin record with exactly one bad field (a wrong value, or a required field left
/// out), and that field's id.
pub fn qw_invalid() -> impl Strategy<Value = (Record, String)> {
    let pack = quickwin();
    let n = pack.fields().len();
    (evidence(pack), 0..n, any::<bool>()).prop_flat_map(|(fields, i, drop_required)| {
        let f = &quickwin().fields()[i];
        let id = f.id.clone();
        if f.required && drop_required {
            let mut fields = fields;
            fields.remove(&id);
            Just((with_id(fields, 0), id)).boxed()
        } else {
            invalid_value(f)
                .prop_map(move |v| {
                    let mut fields = fields.clone();
                    fields.insert(id.clone(), v);
                    (with_id(fields, 0), id.clone())
                })
                .boxed()
        }
    })
}

/// (indicator index, field id) for every field an indicator of `pack` declares monotone.
pub fn monotone_pairs(pack: &Pack) -> Vec<(usize, String)> {
    pack.indicators()
        .iter()
        .enumerate()
        .flat_map(|(i, ind)| ind.monotone.iter().map(move |f| (i, f.clone())))
        .collect()
}

/// A record and a monotone field of it at two values `lo <= hi` (both valid).
pub fn qw_monotone() -> impl Strategy<Value = (Record, usize, String, Json, Json)> {
    let pairs = monotone_pairs(quickwin());
    (qw_record(), prop::sample::select(pairs)).prop_flat_map(|(r, (i, fid))| {
        let f = quickwin()
            .field(&fid)
            .expect("monotone field exists")
            .clone();
        let values: BoxedStrategy<(Json, Json)> = match f.kind {
            FieldKind::Integer => {
                let (lo, hi) = int_bounds(&f);
                let small = hi.min(lo + 40);
                prop_oneof![(lo..=small, lo..=small), (lo..=hi, lo..=hi)]
                    .prop_map(|(a, b)| (json!(a.min(b)), json!(a.max(b))))
                    .boxed()
            }
            // Monotone enums rise towards later values; booleans from false to true.
            FieldKind::Enum => {
                let values = f.values.clone();
                let n = values.len();
                (0..n, 0..n)
                    .prop_map(move |(a, b)| (json!(values[a.min(b)]), json!(values[a.max(b)])))
                    .boxed()
            }
            FieldKind::Boolean => Just((json!(false), json!(true))).boxed(),
            _ => {
                let lo = f.min.unwrap_or(0.0);
                let hi = f.max.unwrap_or(1e6);
                (lo..=hi, lo..=hi)
                    .prop_map(|(a, b)| (json!(a.min(b)), json!(a.max(b))))
                    .boxed()
            }
        };
        values.prop_map(move |(a, b)| (r.clone(), i, fid.clone(), a, b))
    })
}

// ------------------------------------------------------------------ generated packs

/// How an indicator turns its field `f<k>` into a score (both monotone, both map an
/// integral score `s` back to itself, so "raise the score to s" means "set the field to s").
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Rule {
    Identity,
    Floor,
}

#[derive(Debug, Clone)]
pub struct IndSpec {
    pub weight: f64,
    pub rule: Rule,
}

#[derive(Debug, Clone)]
pub struct DimSpec {
    pub weight: f64,
    pub indicators: Vec<IndSpec>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum GateKind {
    /// Boolean field `flag<j>` must be true (j is fixed when generated, so removing
    /// another gate does not rename it).
    Flag(usize),
    /// Field `f<k>` must be present and at least the threshold.
    Score(usize, f64),
}

#[derive(Debug, Clone)]
pub struct GateSpec {
    pub level: u32,
    pub kind: GateKind,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Policy {
    Exclude,
    Zero,
    MinCoverage(f64),
}

#[derive(Debug, Clone)]
pub struct SelSpec {
    pub top: usize,
    /// Order keys besides the final `id asc`: "total", "level" or a dimension index.
    pub order: Vec<(SortOn, bool)>,
    pub max_per_group: Option<usize>,
    pub require_level: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SortOn {
    Total,
    Level,
    Dim(usize),
}

/// A small pack, generated.
#[derive(Debug, Clone)]
pub struct Spec {
    pub min: f64,
    pub max: f64,
    pub dims: Vec<DimSpec>,
    /// Level minimums, lowest first (the first is the scale minimum).
    pub levels: Vec<f64>,
    pub gates: Vec<GateSpec>,
    pub policy: Policy,
    pub selection: SelSpec,
}

impl Spec {
    /// Indicators in pack order: (dimension index, spec).
    pub fn indicators(&self) -> Vec<(usize, &IndSpec)> {
        self.dims
            .iter()
            .enumerate()
            .flat_map(|(d, dim)| dim.indicators.iter().map(move |i| (d, i)))
            .collect()
    }

    /// The `flag<j>` fields the gates read.
    pub fn flags(&self) -> Vec<usize> {
        self.gates
            .iter()
            .filter_map(|g| match g.kind {
                GateKind::Flag(j) => Some(j),
                GateKind::Score(..) => None,
            })
            .collect()
    }

    pub fn toml(&self) -> String {
        let mut t = String::new();
        let policy = match self.policy {
            Policy::Exclude => "missing = \"exclude\"".to_string(),
            Policy::Zero => "missing = \"zero\"".to_string(),
            Policy::MinCoverage(c) => format!("missing = \"min_coverage\"\nmin_coverage = {c:?}"),
        };
        let (min, max) = (self.min, self.max);
        let _ = write!(
            t,
            "[pack]\nid = \"gen\"\nversion = \"0\"\nname = \"gen\"\n\
             scale = {{ min = {min:?}, max = {max:?}, step = 1, decimals = 2 }}\n\
             [aggregation]\n{policy}\n"
        );
        let inds = self.indicators();
        for k in 0..inds.len() {
            let _ = write!(
                t,
                "[[field]]\nid = \"f{k}\"\ntype = \"number\"\nmin = {min:?}\nmax = {max:?}\nlabel = \"f{k}\"\n"
            );
        }
        for j in self.flags() {
            let _ = write!(
                t,
                "[[field]]\nid = \"flag{j}\"\ntype = \"boolean\"\nlabel = \"flag{j}\"\n"
            );
        }
        t.push_str("[[field]]\nid = \"grp\"\ntype = \"text\"\nlabel = \"grp\"\n");
        for (d, dim) in self.dims.iter().enumerate() {
            let _ = write!(
                t,
                "[[dimension]]\nid = \"D{d}\"\nweight = {:?}\nlabel = \"D{d}\"\n",
                dim.weight
            );
        }
        for (k, (d, ind)) in inds.iter().enumerate() {
            let rule = match ind.rule {
                Rule::Identity => format!("f{k}"),
                Rule::Floor => format!("if f{k} == () {{ () }} else {{ floor(f{k}) }}"),
            };
            let _ = write!(
                t,
                "[[indicator]]\nid = \"i{k}\"\ndimension = \"D{d}\"\nweight = {:?}\nlabel = \"i{k}\"\n\
                 rule = '{rule}'\nmonotone = [\"f{k}\"]\n",
                ind.weight
            );
        }
        for (n, m) in self.levels.iter().enumerate() {
            let _ = write!(
                t,
                "[[level]]\nrank = {}\nid = \"l{}\"\nmin = {m:?}\nlabel = \"L{}\"\n",
                n + 1,
                n + 1,
                n + 1
            );
        }
        for (j, g) in self.gates.iter().enumerate() {
            let require = match g.kind {
                GateKind::Flag(f) => format!("flag{f} == true"),
                GateKind::Score(k, at) => format!("f{k} != () && f{k} >= {at:?}"),
            };
            let _ = write!(
                t,
                "[[gate]]\nid = \"g{j}\"\nlevel = {}\nrequire = '{require}'\nlabel = \"gate {j}\"\n",
                g.level
            );
        }
        let s = &self.selection;
        let order: Vec<String> = s
            .order
            .iter()
            .map(|(on, desc)| {
                let name = match on {
                    SortOn::Total => "total".to_string(),
                    SortOn::Level => "level".to_string(),
                    SortOn::Dim(d) => format!("D{d}"),
                };
                format!("\"{name} {}\"", if *desc { "desc" } else { "asc" })
            })
            .collect();
        let _ = write!(
            t,
            "[selection]\ntop = {}\norder = [{}]\ngroup = \"grp\"\n",
            s.top,
            order.join(", ")
        );
        if let Some(m) = s.max_per_group {
            let _ = writeln!(t, "max_per_group = {m}");
        }
        if let Some(l) = s.require_level {
            let _ = write!(
                t,
                "[[selection.require]]\nid = \"lvl\"\nwhen = \"level >= {l}\"\nlabel = \"level {l}\"\n"
            );
        }
        t
    }

    pub fn files(&self) -> BTreeMap<String, String> {
        BTreeMap::from([("pack.toml".to_string(), self.toml())])
    }

    pub fn pack(&self) -> Pack {
        Pack::from_files(self.files())
            .unwrap_or_else(|e| panic!("generated pack does not load: {e}\n{}", self.toml()))
    }

    /// The indicator score the pack's rule gives for a field value.
    pub fn rule_score(&self, k: usize, v: Option<f64>) -> Option<f64> {
        let (_, ind) = self.indicators()[k];
        v.map(|x| match ind.rule {
            Rule::Identity => x,
            Rule::Floor => x.floor(),
        })
    }
}

fn weight() -> impl Strategy<Value = f64> {
    prop::sample::select(vec![0.5, 1.0, 1.0, 2.0, 3.0, 10.0, 20.0, 0.25])
}

/// A generated pack.
pub fn spec() -> impl Strategy<Value = Spec> {
    let dims = prop::collection::vec(
        (
            prop_oneof![4 => weight(), 1 => Just(0.0)],
            prop::collection::vec(
                (
                    weight(),
                    prop_oneof![Just(Rule::Identity), Just(Rule::Floor)],
                )
                    .prop_map(|(weight, rule)| IndSpec { weight, rule }),
                1..4,
            ),
        )
            .prop_map(|(weight, indicators)| DimSpec { weight, indicators }),
        1..5,
    )
    .prop_map(|mut dims: Vec<DimSpec>| {
        if dims.iter().all(|d| d.weight == 0.0) {
            dims[0].weight = 1.0;
        }
        dims
    });
    let scale = (prop_oneof![Just(0.0), Just(1.0)], 1u32..=10);
    let policy = prop_oneof![
        Just(Policy::Exclude),
        Just(Policy::Zero),
        prop::sample::select(vec![0.25, 0.5, 0.6, 0.75, 1.0]).prop_map(Policy::MinCoverage),
    ];
    (dims, scale, policy, 1usize..=5, any::<u64>()).prop_flat_map(
        |(dims, (min, span), policy, nlevels, _)| {
            let max = min + f64::from(span);
            let n_ind: usize = dims.iter().map(|d| d.indicators.len()).sum();
            let ndims = dims.len();
            // Level thresholds: distinct points of a half-step grid above the minimum.
            let grid: Vec<f64> = (1..=span * 2).map(|h| min + f64::from(h) * 0.5).collect();
            let levels = prop::sample::subsequence(grid, 0..nlevels.min(span as usize * 2))
                .prop_map(move |mut mins| {
                    mins.insert(0, min);
                    mins
                });
            (Just(dims), Just((min, max)), Just(policy), levels).prop_flat_map(
                move |(dims, (min, max), policy, levels)| {
                    #[allow(clippy::cast_possible_truncation)]
                    let nl = levels.len() as u32;
                    let gates = if nl >= 2 {
                        prop::collection::vec(
                            (
                                2..=nl,
                                prop_oneof![
                                    Just(GateKind::Flag(0)),
                                    (0..n_ind, 0u32..=(max - min) as u32).prop_map(
                                        move |(k, at)| GateKind::Score(k, min + f64::from(at))
                                    ),
                                ],
                            )
                                .prop_map(|(level, kind)| GateSpec { level, kind }),
                            0..4,
                        )
                        .boxed()
                    } else {
                        Just(Vec::new()).boxed()
                    };
                    let order = prop::collection::vec(
                        (
                            prop_oneof![
                                Just(SortOn::Total),
                                Just(SortOn::Level),
                                (0..ndims).prop_map(SortOn::Dim)
                            ],
                            any::<bool>(),
                        ),
                        0..3,
                    );
                    let selection = (
                        0usize..6,
                        order,
                        prop::option::of(1usize..3),
                        prop::option::of(1..=nl),
                    )
                        .prop_map(
                            |(top, order, max_per_group, require_level)| SelSpec {
                                top,
                                order,
                                max_per_group,
                                require_level,
                            },
                        );
                    (gates, selection).prop_map(move |(mut gates, selection)| {
                        for (j, g) in gates.iter_mut().enumerate() {
                            if let GateKind::Flag(f) = &mut g.kind {
                                *f = j;
                            }
                        }
                        Spec {
                            min,
                            max,
                            dims: dims.clone(),
                            levels: levels.clone(),
                            gates,
                            policy,
                            selection,
                        }
                    })
                },
            )
        },
    )
}

/// Evidence of a generated pack: f<k> on a half-step grid (ties are common) or anywhere in
/// the scale, each present four times in five; flags and group mostly present.
pub fn spec_evidence(spec: &Spec) -> impl Strategy<Value = Map<String, Json>> + use<> {
    let (min, max) = (spec.min, spec.max);
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let halves = ((max - min) * 2.0) as u32;
    let value = prop_oneof![
        3 => (0..=halves).prop_map(move |h| min + f64::from(h) * 0.5),
        1 => min..=max,
    ];
    let n = spec.indicators().len();
    let scores = prop::collection::vec(prop::option::weighted(0.8, value), n);
    let flag_ids = spec.flags();
    let flags = prop::collection::vec(prop::option::weighted(0.85, any::<bool>()), flag_ids.len());
    let group = prop::option::weighted(0.9, prop::sample::select(vec!["a", "b", "c"]));
    (scores, flags, group).prop_map(move |(scores, flags, group)| {
        let mut m = Map::new();
        for (k, v) in scores.into_iter().enumerate() {
            if let Some(v) = v {
                m.insert(format!("f{k}"), json!(v));
            }
        }
        for (j, v) in flag_ids.iter().zip(flags) {
            if let Some(v) = v {
                m.insert(format!("flag{j}"), json!(v));
            }
        }
        if let Some(g) = group {
            m.insert("grp".into(), json!(g));
        }
        m
    })
}

/// A generated pack with a batch of its records (distinct ids).
pub fn spec_and_batch(max: usize) -> impl Strategy<Value = (Spec, Vec<Record>)> {
    spec().prop_flat_map(move |s| {
        let batch = prop::collection::vec(spec_evidence(&s), 1..max).prop_map(|v| {
            v.into_iter()
                .enumerate()
                .map(|(n, f)| with_id(f, n))
                .collect::<Vec<_>>()
        });
        (Just(s), batch)
    })
}

/// The value of field `f<k>` in a record.
pub fn field(r: &Record, name: &str) -> Option<f64> {
    r.fields.get(name).and_then(Json::as_f64)
}
