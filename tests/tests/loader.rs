//! The pack loader against a hostile pack folder: only regular files inside the folder,
//! bounded sizes, finite numbers everywhere, and errors that quote no more than one token.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use matang::{Error, Lang, Pack, Record};
use serde_json::json;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

const PACK: &str = "[pack]\nid = \"t\"\nversion = \"0\"\nname = \"t\"\n\
    [[field]]\nid = \"x\"\ntype = \"number\"\nlabel = \"x\"\n\
    [[dimension]]\nid = \"D\"\nweight = 1\nlabel = \"D\"\n\
    [[indicator]]\nid = \"i\"\ndimension = \"D\"\nlabel = \"i\"\nfile = \"i.rhai\"\n\
    [[level]]\nrank = 1\nid = \"l1\"\nmin = 0\nlabel = \"L1\"\n\
    [[level]]\nrank = 2\nid = \"l2\"\nmin = 3\nlabel = \"L2\"\n";

/// A fresh pack folder with a valid `pack.toml` and `i.rhai`.
fn folder(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("matang-loader-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("pack.toml"), PACK).unwrap();
    std::fs::write(dir.join("i.rhai"), "x").unwrap();
    dir
}

/// Loads `dir` on another thread, failing the test if it does not answer within 10 s.
fn load_within(dir: &Path) -> matang::Result<Pack> {
    let (tx, rx) = mpsc::channel();
    let d = dir.to_path_buf();
    std::thread::spawn(move || tx.send(Pack::load(d)));
    rx.recv_timeout(Duration::from_secs(10))
        .unwrap_or_else(|_| panic!("loading {} did not finish", dir.display()))
}

#[test]
fn the_folder_itself_loads() {
    assert!(Pack::load(folder("plain")).is_ok());
}

#[cfg(unix)]
#[test]
fn symbolic_links_are_refused_and_never_read() {
    let dir = folder("symlink");
    std::os::unix::fs::symlink("/etc/passwd", dir.join("leak.rhai")).unwrap();
    let e = load_within(&dir).unwrap_err().to_string();
    assert!(
        e.contains("leak.rhai") && e.contains("symbolic link"),
        "{e}"
    );
    assert!(!e.contains("root"), "the error shows the linked file: {e}");

    // A link to a folder outside, and a link standing in for pack.toml itself.
    let dir = folder("symlink-dir");
    std::os::unix::fs::symlink("/etc", dir.join("more")).unwrap();
    let e = load_within(&dir).unwrap_err().to_string();
    assert!(e.contains("more") && e.contains("symbolic link"), "{e}");
    let dir = folder("symlink-manifest");
    std::fs::remove_file(dir.join("pack.toml")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", dir.join("pack.toml")).unwrap();
    let e = load_within(&dir).unwrap_err().to_string();
    assert!(e.contains("symbolic link") && !e.contains("root"), "{e}");
}

#[cfg(unix)]
#[test]
fn fifos_and_devices_are_refused_without_blocking() {
    let dir = folder("fifo");
    let ok = std::process::Command::new("mkfifo")
        .arg(dir.join("pipe.rhai"))
        .status()
        .unwrap();
    assert!(ok.success());
    let e = load_within(&dir).unwrap_err().to_string();
    assert!(
        e.contains("pipe.rhai") && e.contains("not a regular file"),
        "{e}"
    );
    // /dev/zero reached through a link: refused as a link, before anything is read.
    let dir = folder("zero");
    std::os::unix::fs::symlink("/dev/zero", dir.join("zero.rhai")).unwrap();
    assert!(load_within(&dir).is_err());
}

#[test]
fn files_and_packs_over_the_size_caps_are_refused() {
    let dir = folder("big");
    std::fs::write(dir.join("big.rhai"), "1".repeat(2 << 20)).unwrap();
    let e = load_within(&dir).unwrap_err().to_string();
    assert!(e.contains("big.rhai") && e.contains("larger than"), "{e}");
    // The same caps hold for a pack handed over in memory (bindings, the widget).
    let mut files = BTreeMap::from([
        ("pack.toml".to_string(), PACK.to_string()),
        ("i.rhai".to_string(), "x".to_string()),
    ]);
    for n in 0..9 {
        files.insert(format!("f{n}.txt"), "a".repeat(1 << 20));
    }
    let e = Pack::from_files(files).unwrap_err().to_string();
    assert!(e.contains("more than"), "{e}");
}

fn load_err(toml: &str) -> String {
    let files = BTreeMap::from([
        ("pack.toml".to_string(), toml.to_string()),
        ("i.rhai".to_string(), "x".to_string()),
    ]);
    match Pack::from_files(files) {
        Err(e @ Error::Pack { .. }) => e.to_string(),
        other => panic!("expected a pack error, got {other:?}"),
    }
}

/// Every number of a pack is finite and small enough that no sum of scores overflows:
/// before, weights whose sum overflowed gave a NaN total shown as level 1.
#[test]
fn numbers_that_are_not_finite_or_overflow_are_load_errors() {
    let cases = [
        (
            "weight = 1\nlabel = \"D\"",
            "weight = nan\nlabel = \"D\"",
            "weight",
        ),
        (
            "weight = 1\nlabel = \"D\"",
            "weight = inf\nlabel = \"D\"",
            "weight",
        ),
        (
            "weight = 1\nlabel = \"D\"",
            "weight = 1e308\nlabel = \"D\"",
            "weight",
        ),
        ("min = 3\n", "min = nan\n", "finite min"),
        (
            "type = \"number\"\n",
            "type = \"number\"\nmin = nan\n",
            "finite",
        ),
        (
            "name = \"t\"\n",
            "name = \"t\"\nscale = { min = 0, max = 1e300 }\n",
            "scale",
        ),
        (
            "name = \"t\"\n",
            "name = \"t\"\n[progress]\ntolerance = nan\n",
            "finite",
        ),
    ];
    for (from, to, want) in cases {
        let toml = PACK.replacen(from, to, 1);
        assert_ne!(toml, PACK, "{to}");
        let e = load_err(&toml);
        assert!(e.contains(want), "{to}: {e}");
    }
    // Two dimensions each under the cap still give a finite total.
    let toml = PACK.replace("weight = 1\n", "weight = 1e6\n")
        + "[[dimension]]\nid = \"E\"\nweight = 1e6\nlabel = \"E\"\n\
           [[indicator]]\nid = \"j\"\ndimension = \"E\"\nweight = 1e6\nlabel = \"j\"\nrule = \"5\"\n";
    let p = Pack::from_files(BTreeMap::from([
        ("pack.toml".to_string(), toml),
        ("i.rhai".to_string(), "x".to_string()),
    ]))
    .unwrap();
    let r = Record::from_json(json!({"id": "r", "x": 4})).unwrap();
    let a = p.assess(&r, Lang::En).unwrap();
    assert!(
        a.total.is_finite() && (a.total - 4.5).abs() < 1e-9,
        "{}",
        a.total
    );
}

/// A huge enum and huge tokens make short messages: 200 bad rows against a
/// 1,000,000-value enum gave 1.78 GB of error output before (such a pack is now over the
/// size cap; the largest enum that fits shows the same).
#[test]
fn messages_stay_short_whatever_the_pack_or_data() {
    let values: Vec<String> = (0..90_000).map(|i| format!("\"v{i}\"")).collect();
    let toml = PACK.replacen(
        "type = \"number\"\nlabel = \"x\"\n",
        &format!(
            "type = \"number\"\nlabel = \"x\"\n[[field]]\nid = \"e\"\ntype = \"enum\"\nlabel = \"e\"\nvalues = [{}]\n",
            values.join(",")
        ),
        1,
    );
    let files = BTreeMap::from([
        ("pack.toml".to_string(), toml),
        ("i.rhai".to_string(), "x".to_string()),
    ]);
    let p = Pack::from_files(files).unwrap();
    let records: Vec<Record> = (0..200)
        .map(|i| {
            Record::from_json(json!({"id": format!("r{i}"), "x": 1, "e": "nope".repeat(1000)}))
                .unwrap()
        })
        .collect();
    let total: usize = p
        .assess_many(&records, Lang::En)
        .iter()
        .map(|r| r.as_ref().unwrap_err().to_string().len())
        .sum();
    assert!(total < 200 * 400, "{total} bytes of errors");

    let long_id = "a".repeat(100_000);
    let e = load_err(&PACK.replacen("id = \"D\"", &format!("id = \"{long_id}-\""), 1));
    assert!(e.len() < 400, "{} bytes: {}", e.len(), &e[..200]);
}
