//! Rust side of the benchmark (run by `bench/run.py`, which reads the JSON it prints).
//!
//!     matang-bench <portfolio.csv> [--repeat 5] [--rules rules/smart-city-quickwin] [--dump results.csv] [--skip-assess]
//!
//! `--skip-assess` leaves out the `assess_many` timings (for profiling `score_many`, e.g.
//! under `perf record`); the check still assesses every record once.
//!
//! Times, each as the median of `--repeat` runs over every row of the CSV:
//! - pack load and compile (`Pack::builtin`, `Pack::from_files` on the pack's files, `Pack::load`);
//! - `matang::input::read_path` (CSV to records) on its own;
//! - the pack hand-written in plain Rust over a typed struct (the practical limit; one thread);
//! - `Pack::score_many` and `Pack::assess_many`, on one rayon thread and on all threads;
//! - `Pack::score` and `Pack::assess` (in each language) called once per record on one thread,
//!   and the explained batch (`assess_batch`) over the numbers-only one (`score_batch`), both
//!   from the same `Batch`.
//!
//! `--dump` writes one line per record (id, hand-written total / level / eligible, matang's)
//! so the caller can check every record. VmHWM (peak resident memory) is read from
//! /proc/self/status at the end.

use matang::{Lang, Pack, Record};
use std::collections::BTreeMap;
use std::io::Write;
use std::time::Instant;

// ------------------------------------------------------------------ hand-written pack

/// One quickwin's evidence, typed. Enums are indices into the pack's value lists.
#[derive(Debug, Clone, Default)]
struct Qw {
    assessed_on: (i32, i32, i32),
    stage_rank: u8,
    go_live_date: Option<(i32, i32, i32)>,
    legal_basis: Option<u8>,
    sop_available: Option<bool>,
    trained_staff: Option<i64>,
    dedicated_admin: Option<bool>,
    budget_idr: Option<i64>,
    budget_next_year: Option<bool>,
    milestones_due: Option<i64>,
    milestones_on_time: Option<i64>,
    uptime_pct: Option<f64>,
    spbe_integration: Option<u8>,
    target_users: Option<i64>,
    active_users_month: Option<i64>,
    transactions_month: Option<i64>,
    ikm_score: Option<f64>,
    beneficiary_interviews: Option<i64>,
    novelty: Option<u8>,
    private_substitute: Option<u8>,
    replicated_units: Option<i64>,
    roadmap_planned: Option<i64>,
    roadmap_realised: Option<i64>,
    followups_total: Option<i64>,
    followups_done: Option<i64>,
}

const STAGES: [&str; 6] = ["idea", "design", "pilot", "live", "integrated", "replicated"];
const LEGAL: [&str; 4] = ["none", "draft", "sk_opd", "perbup"];
const SPBE: [&str; 4] = ["standalone", "sso", "satu_data", "api"];
const NOVELTY: [&str; 4] = ["copied", "adapted", "new_regional", "new_national"];
const SUBST: [&str; 3] = ["none", "exists_differentiated", "exists_not_differentiated"];
const EPS: f64 = 1e-9;

#[inline]
fn band(x: f64, t: &[f64]) -> u8 {
    t.iter().filter(|&&t| x >= t).count() as u8
}

fn months_between(a: (i32, i32, i32), b: (i32, i32, i32)) -> i64 {
    let mut m = i64::from((b.0 - a.0) * 12 + b.1 - a.1);
    if m > 0 && b.2 < a.2 {
        m -= 1;
    } else if m < 0 && b.2 > a.2 {
        m += 1;
    }
    m
}

#[inline]
fn ratio(num: Option<i64>, den: Option<i64>) -> Option<(i64, i64, f64)> {
    match (num, den) {
        (Some(n), Some(d)) if d != 0 => Some((n, d, (100 * n) as f64 / d as f64)),
        _ => None,
    }
}

/// Mean of the present scores, or 0 and "insufficient" below 50% coverage.
#[inline]
fn dim(scores: &[Option<u8>]) -> (f64, bool) {
    let (mut s, mut n) = (0.0, 0usize);
    for x in scores.iter().flatten() {
        s += f64::from(*x);
        n += 1;
    }
    if n as f64 / scores.len() as f64 + EPS < 0.5 {
        (0.0, true)
    } else {
        (s / n as f64, false)
    }
}

/// (total, level, eligible), as the pack defines them.
fn score(q: &Qw) -> (f64, u32, bool) {
    let sr = q.stage_rank;
    let months_live = match q.go_live_date {
        Some(g) if sr >= 3 => Some(months_between(g, q.assessed_on).max(0)),
        _ => None,
    };
    let roadmap = ratio(q.roadmap_realised, q.roadmap_planned)
        .map(|(_, _, p)| 1 + band(p, &[50.0, 70.0, 80.0, 95.0]));
    let followups = ratio(q.followups_done, q.followups_total)
        .map(|(n, d, p)| if n >= d { 5 } else { 1 + band(p, &[25.0, 50.0, 75.0]) });
    let legal = q.legal_basis.map(|i| [0, 2, 3, 5][i as usize]);
    let sop = q.sop_available.map(|b| if b { 4 } else { 1 });
    let staff = q.trained_staff.map(|n| match n {
        0 => 0,
        1 => 2,
        2..=3 => 3,
        4..=6 => 4,
        _ => 5,
    });
    let admin = q.dedicated_admin.map(|b| if b { 5 } else { 1 });
    let budget = if q.budget_idr.is_none() && q.budget_next_year.is_none() {
        None
    } else if !q.budget_idr.is_some_and(|b| b > 0) {
        Some(1)
    } else if q.budget_next_year == Some(true) {
        Some(5)
    } else {
        Some(3)
    };
    let stage = Some(sr);
    let live = if sr < 3 {
        Some(0)
    } else {
        months_live.map(|m| 1 + band(m as f64, &[1.0, 3.0, 6.0, 12.0]))
    };
    let milestones = match (q.milestones_on_time, q.milestones_due) {
        (Some(n), Some(d)) if d != 0 => Some(if n >= d {
            5
        } else {
            1 + band((100 * n.min(d)) as f64 / d as f64, &[33.0, 66.0, 95.0])
        }),
        _ => None,
    };
    let uptime = q.uptime_pct.map(|u| 1 + band(u, &[90.0, 95.0, 98.0, 99.5]));
    let integration = q.spbe_integration.map(|i| [1, 2, 4, 5][i as usize]);
    let usage = ratio(q.active_users_month, q.target_users)
        .map(|(_, _, p)| 1 + band(p, &[5.0, 20.0, 40.0, 70.0]));
    let transactions = q
        .transactions_month
        .map(|t| 1 + band(t as f64, &[10.0, 100.0, 1000.0, 10001.0]));
    let satisfaction = q.ikm_score.map(|s| {
        if s < 65.0 {
            1
        } else if s < 76.61 {
            2
        } else if s < 88.31 {
            3
        } else if s <= 94.0 {
            4
        } else {
            5
        }
    });
    let interviews = q.beneficiary_interviews.map(|n| match n {
        0 => 0,
        1..=2 => 2,
        3..=4 => 3,
        _ => 5,
    });
    let novelty = q.novelty.map(|i| [1, 2, 4, 5][i as usize]);
    let competition = q.private_substitute.map(|i| [5, 3, 1][i as usize]);
    let replication = q.replicated_units.map(|n| match n {
        0 => 1,
        1 => 3,
        2..=4 => 4,
        _ => 5,
    });
    let dims = [
        (10.0, dim(&[roadmap, followups])),
        (20.0, dim(&[legal, sop, staff, admin, budget])),
        (30.0, dim(&[stage, live, milestones, uptime, integration])),
        (20.0, dim(&[usage, transactions, satisfaction, interviews])),
        (20.0, dim(&[novelty, competition, replication])),
    ];
    let (mut sum, mut wsum) = (0.0, 0.0);
    for (w, (s, _)) in &dims {
        sum += w * s;
        wsum += w;
    }
    let total = (sum / wsum).clamp(0.0, 5.0);
    let mut level = [(5, 4.2), (4, 3.5), (3, 2.6), (2, 1.8)]
        .iter()
        .find(|(_, lo)| total + EPS >= *lo)
        .map_or(1, |(r, _)| *r);
    if sr < 3 {
        level = level.min(2);
    }
    let gate4 = q.legal_basis.is_some_and(|l| l != 0)
        && q.trained_staff.is_some_and(|n| n > 0)
        && (q.active_users_month.is_some() || q.transactions_month.is_some());
    if !gate4 {
        level = level.min(3);
    }
    let gate5 = months_live.is_some_and(|m| m >= 3)
        && (q.ikm_score.is_some() || q.beneficiary_interviews.is_some_and(|n| n > 0))
        && q.budget_next_year == Some(true)
        && (q.replicated_units.is_some_and(|n| n >= 1) || q.spbe_integration == Some(3));
    if !gate5 {
        level = level.min(4);
    }
    let eligible = sr >= 3
        && months_live.is_some_and(|m| m >= 1)
        && level >= 3
        && !dims.iter().any(|(_, (_, ins))| *ins);
    (total, level, eligible)
}

// ------------------------------------------------------------------ typed CSV reading

fn date(s: &str) -> (i32, i32, i32) {
    let p = |r: std::ops::Range<usize>| s[r].parse::<i32>().expect("date");
    (p(0..4), p(5..7), p(8..10))
}

fn read_typed(path: &str) -> (Vec<String>, Vec<Qw>) {
    let mut rdr = csv::Reader::from_path(path).expect("open csv");
    let headers = rdr.headers().expect("header").clone();
    let col = |name: &str| headers.iter().position(|h| h == name).expect(name);
    let c: BTreeMap<&str, usize> = [
        "id", "assessed_on", "stage", "go_live_date", "legal_basis", "sop_available",
        "trained_staff", "dedicated_admin", "budget_idr", "budget_next_year", "milestones_due",
        "milestones_on_time", "uptime_pct", "spbe_integration", "target_users",
        "active_users_month", "transactions_month", "ikm_score", "beneficiary_interviews",
        "novelty", "private_substitute", "replicated_units", "roadmap_planned",
        "roadmap_realised", "followups_total", "followups_done",
    ]
    .into_iter()
    .map(|n| (n, col(n)))
    .collect();
    let (mut ids, mut out) = (Vec::new(), Vec::new());
    for rec in rdr.records() {
        let rec = rec.expect("csv row");
        let get = |n: &str| Some(rec.get(c[n])?).filter(|s| !s.is_empty());
        let int = |n: &str| get(n).map(|s| s.parse::<i64>().expect(n));
        let float = |n: &str| get(n).map(|s| s.parse::<f64>().expect(n));
        let boolean = |n: &str| get(n).map(|s| s == "true");
        let en = |n: &str, vals: &[&str]| {
            get(n).map(|s| vals.iter().position(|v| *v == s).expect(n) as u8)
        };
        ids.push(get("id").unwrap_or("").to_string());
        out.push(Qw {
            assessed_on: date(get("assessed_on").expect("assessed_on")),
            stage_rank: en("stage", &STAGES).expect("stage"),
            go_live_date: get("go_live_date").map(date),
            legal_basis: en("legal_basis", &LEGAL),
            sop_available: boolean("sop_available"),
            trained_staff: int("trained_staff"),
            dedicated_admin: boolean("dedicated_admin"),
            budget_idr: int("budget_idr"),
            budget_next_year: boolean("budget_next_year"),
            milestones_due: int("milestones_due"),
            milestones_on_time: int("milestones_on_time"),
            uptime_pct: float("uptime_pct"),
            spbe_integration: en("spbe_integration", &SPBE),
            target_users: int("target_users"),
            active_users_month: int("active_users_month"),
            transactions_month: int("transactions_month"),
            ikm_score: float("ikm_score"),
            beneficiary_interviews: int("beneficiary_interviews"),
            novelty: en("novelty", &NOVELTY),
            private_substitute: en("private_substitute", &SUBST),
            replicated_units: int("replicated_units"),
            roadmap_planned: int("roadmap_planned"),
            roadmap_realised: int("roadmap_realised"),
            followups_total: int("followups_total"),
            followups_done: int("followups_done"),
        });
    }
    (ids, out)
}

// ------------------------------------------------------------------ timing

fn median_secs<T>(repeat: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut times = Vec::with_capacity(repeat);
    let mut last: Option<T> = None;
    for _ in 0..repeat.max(1) {
        // Drop the previous run's output first: one result set alive at a time.
        drop(last.take());
        let t = Instant::now();
        let out = f();
        times.push(t.elapsed().as_secs_f64());
        last = Some(std::hint::black_box(out));
    }
    times.sort_by(f64::total_cmp);
    (times[times.len() / 2], last.expect("ran once"))
}

fn status_kib(key: &str) -> Option<u64> {
    std::fs::read_to_string("/proc/self/status")
        .ok()?
        .lines()
        .find(|l| l.starts_with(key))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn read_pack_files(dir: &std::path::Path, root: &std::path::Path, out: &mut BTreeMap<String, String>) {
    for e in std::fs::read_dir(dir).expect("rules dir") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            read_pack_files(&p, root, out);
        } else {
            let rel = p.strip_prefix(root).expect("prefix").to_string_lossy().replace('\\', "/");
            out.insert(rel, std::fs::read_to_string(&p).expect("read"));
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mut path = None;
    let mut repeat = 5usize;
    let mut dump = None;
    let mut rules = String::from("rules/smart-city-quickwin");
    let mut skip_assess = false;
    let mut i = 1;
    while i < args.len() {
        match args[i].as_str() {
            "--repeat" => {
                repeat = args[i + 1].parse().expect("--repeat N");
                i += 1;
            }
            "--dump" => {
                dump = Some(args[i + 1].clone());
                i += 1;
            }
            "--skip-assess" => skip_assess = true,
            "--rules" => {
                rules = args[i + 1].clone();
                i += 1;
            }
            p => path = Some(p.to_string()),
        }
        i += 1;
    }
    let path = path.expect("usage: matang-bench <portfolio.csv> [--repeat N] [--dump out.csv] [--rules dir]");
    let threads = rayon::current_num_threads();
    let one = rayon::ThreadPoolBuilder::new().num_threads(1).build().expect("pool");

    // Pack load and compile. The first call is cold (allocator, lazy statics).
    let t = Instant::now();
    Pack::builtin("smart-city-quickwin").expect("builtin pack");
    let builtin_cold = t.elapsed().as_secs_f64();
    let (builtin, _) = median_secs(repeat.max(11), || Pack::builtin("smart-city-quickwin").expect("pack"));
    let mut files = BTreeMap::new();
    let root = std::path::Path::new(&rules);
    read_pack_files(root, root, &mut files);
    let (from_files, _) = median_secs(repeat.max(11), || Pack::from_files(files.clone()).expect("pack"));
    let (load_dir, _) = median_secs(repeat.max(11), || Pack::load(root).expect("pack"));
    // Scored with the pack of `--rules`: the one the hand-written version implements.
    let pack = Pack::load(root).expect("pack");

    // Parsing, on its own.
    let (parse, records): (f64, Vec<Record>) =
        median_secs(repeat, || matang::input::read_path(&path).expect("read csv"));
    let n = records.len();
    let hwm_parsed = status_kib("VmHWM:");
    let (parse_typed, (ids, typed)) = median_secs(repeat, || read_typed(&path));
    assert_eq!(typed.len(), n, "typed reader and matang disagree on the row count");

    // Hand-written Rust, one thread.
    let (hand, hand_out) = median_secs(repeat, || typed.iter().map(score).collect::<Vec<_>>());

    // matang.
    let (score_1, scores) = median_secs(repeat, || one.install(|| pack.score_many(&records)));
    let (score_all, _) = median_secs(repeat, || pack.score_many(&records));
    // The same, split: records to a typed batch (evidence validated once), then scoring it.
    let (batch_1, batch) = median_secs(repeat, || one.install(|| matang::Batch::from_records(&pack, &records)));
    let (batch_all, _) = median_secs(repeat, || matang::Batch::from_records(&pack, &records));
    let (score_batch_1, batch_scores) = median_secs(repeat, || one.install(|| pack.score_batch(&batch).expect("score_batch")));
    let (score_batch_all, _) = median_secs(repeat, || pack.score_batch(&batch).expect("score_batch"));
    let row_path = batch_scores.row_path;
    for (k, s) in scores.iter().enumerate() {
        if let Ok(s) = s {
            assert!(
                (s.total - batch_scores.total[k]).abs() <= 1e-12 && s.level == batch_scores.level[k],
                "score_batch and score_many disagree on {}",
                ids[k]
            );
        }
    }
    let hwm_scored = status_kib("VmHWM:");
    // All threads first, so that only one set of explained assessments is alive at a time.
    let reps = if skip_assess { 0 } else { repeat };
    let (assess_all, _) = median_secs(reps, || pack.assess_many(if skip_assess { &[] } else { &records }, Lang::En));
    let assess_all = if skip_assess { f64::NAN } else { assess_all };
    let (assess_1, assessed) = if skip_assess {
        (f64::NAN, records.iter().map(|r| pack.assess(r, Lang::En)).collect::<Vec<_>>())
    } else {
        median_secs(repeat, || one.install(|| pack.assess_many(&records, Lang::En)))
    };

    // The explained batch from the same typed batch as score_batch.
    let (assess_batch_1, _) = median_secs(reps, || one.install(|| pack.assess_batch(&batch, Lang::En).expect("assess_batch")));
    let (assess_batch_all, _) = median_secs(reps, || pack.assess_batch(&batch, Lang::En).expect("assess_batch"));

    // One record at a time on this thread: the numbers alone, then explained in each language.
    let (score_each, _) = median_secs(repeat, || records.iter().map(|r| pack.score(r)).collect::<Vec<_>>());
    let (assess_each_en, _) = median_secs(repeat, || records.iter().map(|r| pack.assess(r, Lang::En)).collect::<Vec<_>>());
    let (assess_each_id, _) = median_secs(repeat, || records.iter().map(|r| pack.assess(r, Lang::Id)).collect::<Vec<_>>());

    // Agreement (hand-written vs matang's score and full assessment) on every record.
    let mut mismatches = 0usize;
    let mut errors = 0usize;
    let mut first = Vec::new();
    for k in 0..n {
        let (ht, hl, he) = hand_out[k];
        match (&scores[k], &assessed[k]) {
            (Ok(s), Ok(a)) => {
                let same = (s.total - ht).abs() <= 1e-9
                    && s.level == hl
                    && s.eligible == he
                    && (a.total - s.total).abs() <= 1e-9
                    && a.level.rank == s.level
                    && a.eligible == s.eligible;
                if !same {
                    mismatches += 1;
                    if first.len() < 5 {
                        first.push(format!(
                            "{}: hand-written ({ht}, {hl}, {he}) score ({}, {}, {}) assess ({}, {}, {})",
                            ids[k], s.total, s.level, s.eligible, a.total, a.level.rank, a.eligible
                        ));
                    }
                }
            }
            (s, a) => {
                errors += 1;
                if first.len() < 5 {
                    first.push(format!("{}: score {:?} / assess {:?}", ids[k], s.as_ref().err(), a.as_ref().err()));
                }
            }
        }
    }
    if let Some(d) = dump {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&d).expect("dump file"));
        writeln!(f, "id,hand_total,hand_level,hand_eligible,matang_total,matang_level,matang_eligible").expect("write");
        for k in 0..n {
            let (ht, hl, he) = hand_out[k];
            let (mt, ml, me) = match &scores[k] {
                Ok(s) => (format!("{:?}", s.total), s.level.to_string(), s.eligible.to_string()),
                Err(_) => (String::new(), String::new(), String::new()),
            };
            writeln!(f, "{},{ht:?},{hl},{he},{mt},{ml},{me}", ids[k]).expect("write");
        }
    }
    let per = |secs: f64| serde_json::json!({"seconds": secs, "us_per_record": secs / n as f64 * 1e6, "records_per_s": n as f64 / secs});
    let out = serde_json::json!({
        "rows": n,
        "repeat": repeat,
        "threads_all": threads,
        "pack_load": {
            "builtin_cold_ms": builtin_cold * 1e3,
            "builtin_ms": builtin * 1e3,
            "from_files_ms": from_files * 1e3,
            "load_dir_ms": load_dir * 1e3,
        },
        "parse_read_path": per(parse),
        "parse_typed_csv": per(parse_typed),
        "handwritten_rust": per(hand),
        "score_many_1": per(score_1),
        "score_many_all": per(score_all),
        "batch_from_records_1": per(batch_1),
        "batch_from_records_all": per(batch_all),
        "score_batch_1": per(score_batch_1),
        "score_batch_all": per(score_batch_all),
        "score_batch_row_path": row_path,
        "assess_many_1": per(assess_1),
        "assess_many_all": per(assess_all),
        "score_each": per(score_each),
        "assess_each_en": per(assess_each_en),
        "assess_each_id": per(assess_each_id),
        "assess_batch_1": per(assess_batch_1),
        "assess_batch_all": per(assess_batch_all),
        "explained_over_numbers_batch_1": assess_batch_1 / score_batch_1,
        "explained_over_numbers_batch_all": assess_batch_all / score_batch_all,
        "check": {"mismatches": mismatches, "errors": errors, "examples": first},
        "vm_hwm_kib": status_kib("VmHWM:"),
        "vm_hwm_kib_phases": {
            "1 after read_path (records in memory)": hwm_parsed,
            "2 after typed parse, hand-written and score_many (one score set kept)": hwm_scored,
            "3 after assess_many (one set of explained assessments kept)": status_kib("VmHWM:"),
        },
    });
    println!("{}", serde_json::to_string_pretty(&out).expect("json"));
}
