//! The fuzz targets on stable Rust: a seeded mutation loop (random byte edits, dictionary
//! tokens, splices of seed inputs) that runs each target for a bounded time. Without
//! coverage instrumentation it keeps an input in its pool when it gives an outcome (result
//! kind and message start) not seen before, a cheap stand-in for coverage feedback.
//!
//!     cargo run --release -p matang-tests --bin matang-fuzz -- TARGET SECONDS [SEED]
//!
//! A panic saves the input to `fuzz/artifacts/TARGET/crash-*` and exits 1; an input that
//! runs over 10 s is saved as `timeout-*` and exits 1 too. A stack overflow
//! or abort kills the process: the input being run is always in
//! `fuzz/artifacts/TARGET/current`, so it is not lost.
#![allow(clippy::unwrap_used)]

use matang_tests::fuzz::{TARGETS, Target};
use std::collections::HashSet;
use std::io::Write as _;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    #[allow(clippy::cast_possible_truncation)]
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

fn mutate(rng: &mut Rng, input: &[u8], pool: &[Vec<u8>], target: &Target) -> Vec<u8> {
    let mut v = input.to_vec();
    for _ in 0..=rng.below(4) {
        let at = rng.below(v.len() + 1);
        match rng.below(8) {
            0 if !v.is_empty() => {
                let i = rng.below(v.len());
                v[i] ^= 1 << rng.below(8);
            }
            1 => v.insert(at, rng.next().to_le_bytes()[0]),
            2 if !v.is_empty() => {
                let len = rng.below(16.min(v.len() - at.min(v.len())) + 1);
                let at = at.min(v.len());
                v.drain(at..(at + len).min(v.len()));
            }
            3 | 4 => {
                let t = target.dictionary[rng.below(target.dictionary.len())];
                v.splice(at..at, t.bytes());
            }
            5 if !v.is_empty() => {
                // Duplicate a chunk (grows nesting and sizes).
                let from = rng.below(v.len());
                let len = rng.below(64.min(v.len() - from)) + 1;
                let chunk = v[from..from + len].to_vec();
                v.splice(at..at, chunk);
            }
            6 if !pool.is_empty() => {
                let other = &pool[rng.below(pool.len())];
                let from = rng.below(other.len() + 1);
                let at = at.min(v.len());
                v.truncate(at);
                v.extend_from_slice(&other[from..]);
            }
            _ => {
                let at = at.min(v.len());
                let b = [b'0', b'9', b'-', b'.', b'e', b'\n', b' ', 0xff][rng.below(8)];
                v.insert(at, b);
            }
        }
    }
    v.truncate(64 * 1024);
    v
}

fn outcome(r: &std::thread::Result<()>) -> bool {
    r.is_ok()
}

fn main() {
    let mut args = std::env::args().skip(1);
    let name = args.next().unwrap_or_else(|| {
        eprintln!(
            "usage: matang-fuzz TARGET SECONDS [SEED]; targets: {}",
            TARGETS
                .iter()
                .map(|t| t.name)
                .collect::<Vec<_>>()
                .join(", ")
        );
        std::process::exit(2);
    });
    let secs: u64 = args.next().map_or(30, |s| s.parse().unwrap());
    let seed: u64 = args
        .next()
        .map_or(0x9E37_79B9_7F4A_7C15, |s| s.parse().unwrap());
    let Some(target) = TARGETS.iter().find(|t| t.name == name) else {
        eprintln!("no target '{name}'");
        std::process::exit(2);
    };
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../fuzz/artifacts")
        .join(target.name);
    std::fs::create_dir_all(&dir).unwrap();
    let current = dir.join("current");
    std::panic::set_hook(Box::new(|_| {}));
    let running = watchdog(target.name, current.clone(), dir.clone());
    let mut rng = Rng(seed | 1);
    let mut pool = (target.seeds)();
    // Run the seeds themselves first.
    let mut seen: HashSet<String> = HashSet::new();
    let started = Instant::now();
    let deadline = Duration::from_secs(secs);
    let (mut runs, mut crashes) = (0u64, 0u64);
    let mut i = 0usize;
    while started.elapsed() < deadline {
        let input = if i < pool.len() {
            pool[i].clone()
        } else {
            let base = pool[rng.below(pool.len())].clone();
            mutate(&mut rng, &base, &pool, target)
        };
        i += 1;
        {
            let mut f = std::fs::File::create(&current).unwrap();
            f.write_all(&input).unwrap();
        }
        let run = target.run;
        let data = input.clone();
        running.store(millis_now(), Ordering::SeqCst);
        let r = std::panic::catch_unwind(move || run(&data));
        running.store(0, Ordering::SeqCst);
        runs += 1;
        if !outcome(&r) {
            crashes += 1;
            let msg = r
                .err()
                .and_then(|e| {
                    e.downcast_ref::<String>()
                        .cloned()
                        .or_else(|| e.downcast_ref::<&str>().map(ToString::to_string))
                })
                .unwrap_or_default();
            let path = dir.join(format!("crash-{:016x}", hash(&input)));
            std::fs::write(&path, &input).unwrap();
            eprintln!(
                "CRASH in {}: {msg}\n  input saved to {}",
                target.name,
                path.display()
            );
            break;
        }
        // Keep inputs that led somewhere new (by a coarse signature of what the target did).
        let sig = signature(target, &input);
        if seen.insert(sig) && pool.len() < 4096 {
            pool.push(input);
        }
    }
    let _ = std::fs::remove_file(&current);
    println!(
        "{}: {runs} runs in {:.0} s, pool {}, {crashes} crashes",
        target.name,
        started.elapsed().as_secs_f64(),
        pool.len()
    );
    if crashes > 0 {
        std::process::exit(1);
    }
}

/// An input that runs longer than this is a hang (as libFuzzer's `-timeout=10`).
const TIMEOUT: Duration = Duration::from_secs(10);

fn millis_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

/// Watches the run in progress (its start in milliseconds, 0 between runs): one that
/// passes [`TIMEOUT`] is saved as `timeout-*` and ends the fuzzer with exit code 1.
fn watchdog(name: &'static str, current: PathBuf, dir: PathBuf) -> Arc<AtomicU64> {
    let running = Arc::new(AtomicU64::new(0));
    let watched = Arc::clone(&running);
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(Duration::from_millis(200));
            let started = watched.load(Ordering::SeqCst);
            if started != 0 && millis_now().saturating_sub(started) > TIMEOUT.as_millis() as u64 {
                let input = std::fs::read(&current).unwrap_or_default();
                let path = dir.join(format!("timeout-{:016x}", hash(&input)));
                std::fs::write(&path, &input).unwrap();
                eprintln!(
                    "TIMEOUT in {name}: one input ran over {} s\n  input saved to {}",
                    TIMEOUT.as_secs(),
                    path.display()
                );
                std::process::exit(1);
            }
        }
    });
    running
}

fn hash(input: &[u8]) -> u64 {
    input.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3)
    })
}

/// What an input did, coarsely: the error's first words, or "ok" with the shape of the result.
fn signature(target: &Target, input: &[u8]) -> String {
    use matang::{Pack, input::parse_bytes};
    let text = String::from_utf8_lossy(input).into_owned();
    let short = |e: &matang::Error| {
        let s = e.to_string();
        // Drop positions and quoted names so that only the kind of error counts.
        let s: String = s
            .split_whitespace()
            .filter(|w| {
                !w.contains(':') && !w.contains('\'') && !w.chars().any(|c| c.is_ascii_digit())
            })
            .take(6)
            .collect::<Vec<_>>()
            .join(" ");
        s
    };
    match target.name {
        "pack_toml" => {
            let mut files = std::collections::BTreeMap::new();
            files.insert("pack.toml".to_string(), text);
            match Pack::from_files(files) {
                Ok(p) => format!(
                    "ok {} {} {}",
                    p.fields().len(),
                    p.indicators().len(),
                    p.gates().len()
                ),
                Err(e) => short(&e),
            }
        }
        "records" => match parse_bytes(input.get(1..).unwrap_or_default(), "f", None) {
            Ok(r) => format!("ok {}", r.len().min(8)),
            Err(e) => short(&e),
        },
        _ => format!("{}", text.len() / 64),
    }
}
