//! A 1,000,000-row portfolio streamed through `Pack::assess` in bounded memory.
//!
//! The CSV is generated on the fly (never held whole), read with `matang::stream`, and each
//! record is assessed and dropped; only per-level counts are kept. Prints the peak resident
//! memory (VmHWM from /proc/self/status) and fails if it exceeds the bound.
//!
//!     cargo run --release -p matang-tests --example million [ROWS] [MAX_PEAK_MIB]
#![allow(clippy::unwrap_used)]

use matang::{Lang, Pack, input::Format, stream};
use std::io::Read;
use std::time::Instant;

/// Rows of a quickwin portfolio, produced as they are read.
struct Portfolio {
    rows: usize,
    next: usize,
    buf: Vec<u8>,
    pos: usize,
}

const STAGES: [&str; 6] = [
    "idea",
    "design",
    "pilot",
    "live",
    "integrated",
    "replicated",
];
const LEGAL: [&str; 4] = ["none", "draft", "sk_opd", "perbup"];
const OPD: [&str; 5] = ["Diskominfo", "Dinkes", "Bappeda", "Disdukcapil", "Dishub"];

impl Portfolio {
    fn refill(&mut self) {
        use std::fmt::Write as _;
        self.buf.clear();
        self.pos = 0;
        let mut s = String::new();
        if self.next == 0 {
            s.push_str("id,opd,assessed_on,stage,go_live_date,legal_basis,sop_available,trained_staff,budget_idr,budget_next_year,uptime_pct,spbe_integration,target_users,active_users_month,ikm_score,replicated_units\n");
        }
        while self.next < self.rows && s.len() < 1 << 15 {
            let i = self.next;
            let _ = writeln!(
                s,
                "QW-{i:07},{},2019-10-01,{},2019-{:02}-01,{},{},{},{},{},{:.1},api,{},{},{:.2},{}",
                OPD[i % 5],
                STAGES[i % 6],
                1 + i % 9,
                LEGAL[(i / 6) % 4],
                if i.is_multiple_of(3) { "ya" } else { "tidak" },
                i % 9,
                (i % 7) * 50_000_000,
                i.is_multiple_of(2),
                90.0 + (i % 100) as f64 / 10.0,
                1000 + i % 5000,
                i % 4000,
                60.0 + (i % 40) as f64,
                i % 6,
            );
            self.next += 1;
        }
        self.buf.extend_from_slice(s.as_bytes());
    }
}

impl Read for Portfolio {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.pos == self.buf.len() {
            if self.next >= self.rows {
                return Ok(0);
            }
            self.refill();
        }
        let n = out.len().min(self.buf.len() - self.pos);
        out[..n].copy_from_slice(&self.buf[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn main() -> matang::Result<()> {
    let mut args = std::env::args().skip(1);
    let rows: usize = args.next().map_or(1_000_000, |a| a.parse().unwrap());
    let max_mib: u64 = args.next().map_or(256, |a| a.parse().unwrap());
    let pack = Pack::builtin("smart-city-quickwin")?;
    let before = peak_kib();
    let started = Instant::now();
    let mut levels = [0usize; 6];
    let (mut errors, mut total_sum) = (0usize, 0.0);
    let input = Portfolio {
        rows,
        next: 0,
        buf: Vec::new(),
        pos: 0,
    };
    let n = stream::for_each_record(input, "generated.csv", Some(Format::Csv), |r| {
        match pack.assess(&r, Lang::Id) {
            Ok(a) => {
                levels[a.level.rank as usize] += 1;
                total_sum += a.total;
            }
            Err(_) => errors += 1,
        }
        Ok(())
    })?;
    let secs = started.elapsed().as_secs_f64();
    let peak = peak_kib();
    println!("rows streamed: {n}");
    println!(
        "assessed: {} (errors {errors}), levels 1..5: {:?}",
        n - errors,
        &levels[1..]
    );
    #[allow(clippy::cast_precision_loss)]
    let mean = total_sum / (n - errors).max(1) as f64;
    println!("mean total: {mean:.4}");
    #[allow(clippy::cast_precision_loss)]
    let rate = n as f64 / secs;
    println!("time: {secs:.1} s ({rate:.0} rows/s, one thread)");
    println!(
        "peak RSS (VmHWM): {:.1} MiB (after loading the pack: {:.1} MiB)",
        peak as f64 / 1024.0,
        before as f64 / 1024.0
    );
    assert_eq!(n, rows, "every row streamed");
    assert!(
        peak / 1024 <= max_mib,
        "peak RSS {} MiB is over the bound {max_mib} MiB",
        peak / 1024
    );
    Ok(())
}
