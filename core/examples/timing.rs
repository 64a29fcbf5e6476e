//! Quick per-record timing of the built-in quickwin pack on the example portfolio:
//! `cargo run --release -p matang --example timing [assess|score|batch] [N] [TIMES]`
//! (`batch`: `Batch::from_records`, then `Pack::score_batch` [TIMES] times, default 10).
//! `MATANG_TIMING_CSV=path` times another portfolio instead of the pack's example.
use matang::{Lang, Pack, input};
use std::time::Instant;

fn main() -> matang::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let what = args.get(1).map_or("both", String::as_str);
    let n: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(20_000);
    let pack = Pack::builtin("smart-city-quickwin")?;
    // MATANG_TIMING_CSV: another portfolio (e.g. bench/out/portfolio-20000-2019.csv).
    let base = match std::env::var("MATANG_TIMING_CSV") {
        Ok(path) => input::read_path(&path)?,
        Err(_) => input::read_path(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../rules/smart-city-quickwin/examples/portfolio.csv"
        ))?,
    };
    let records: Vec<_> = base.iter().cycle().take(n).cloned().collect();
    if what == "batch" {
        let batch = matang::Batch::from_records(&pack, &records);
        let t = Instant::now();
        let mut rows = 0;
        let times: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(10);
        for _ in 0..times {
            rows += pack.score_batch(&batch)?.len();
        }
        println!(
            "score_batch: {:.3} µs per record ({rows} rows)",
            t.elapsed().as_secs_f64() / rows.max(1) as f64 * 1e6
        );
        return Ok(());
    }
    if what != "score" {
        let t = Instant::now();
        let ok = records
            .iter()
            .filter(|r| pack.assess(r, Lang::En).is_ok())
            .count();
        println!(
            "assess: {:.2} µs per record ({ok} ok)",
            t.elapsed().as_secs_f64() / n as f64 * 1e6
        );
    }
    if what != "assess" {
        let t = Instant::now();
        let ok = records.iter().filter(|r| pack.score(r).is_ok()).count();
        println!(
            "score: {:.2} µs per record ({ok} ok)",
            t.elapsed().as_secs_f64() / n as f64 * 1e6
        );
    }
    Ok(())
}
