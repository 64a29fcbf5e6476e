//! Fuzz target bodies. Each takes arbitrary bytes and must never panic, hang or overflow the
//! stack: every input ends in a value or an error. The same functions run under cargo-fuzz
//! (`fuzz/fuzz_targets/`) and under the stable mutation loop (`matang-fuzz`).

use matang::input::{Format, parse_bytes};
use matang::{Lang, Pack, Record, stream};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The targets by name, with their seed inputs and a dictionary of tokens for mutation.
pub struct Target {
    /// Name used by `scripts/fuzz.sh` and cargo-fuzz.
    pub name: &'static str,
    /// The body.
    pub run: fn(&[u8]),
    /// Valid inputs to start from.
    pub seeds: fn() -> Vec<Vec<u8>>,
    /// Tokens the mutator inserts.
    pub dictionary: &'static [&'static str],
}

/// Every fuzz target.
pub const TARGETS: &[Target] = &[
    Target {
        name: "pack_toml",
        run: pack_toml,
        seeds: pack_toml_seeds,
        dictionary: TOML_TOKENS,
    },
    Target {
        name: "pack_rhai",
        run: pack_rhai,
        seeds: pack_rhai_seeds,
        dictionary: RHAI_TOKENS,
    },
    Target {
        name: "records",
        run: records,
        seeds: records_seeds,
        dictionary: RECORD_TOKENS,
    },
];

fn quickwin() -> &'static Pack {
    static P: OnceLock<Pack> = OnceLock::new();
    P.get_or_init(|| Pack::builtin("smart-city-quickwin").expect("built-in pack"))
}

fn probe_records() -> Vec<Record> {
    [
        serde_json::json!({"id": "a", "x": 1, "y": 2.5, "g": "ok", "stage": "live", "assessed_on": "2019-10-01"}),
        serde_json::json!({"id": "b"}),
        serde_json::json!({"id": "c", "x": -1, "y": "abc", "flag": true}),
    ]
    .into_iter()
    .filter_map(|v| Record::from_json(v).ok())
    .collect()
}

/// Uses a loaded pack the way a caller would: assess, rank, explain the gap, run vectors.
fn exercise(pack: &Pack) {
    let mut records = probe_records();
    // A record with every field at its example value, when the schema has examples.
    let mut m = serde_json::Map::new();
    for f in pack.fields() {
        if let Some(v) = &f.example {
            m.insert(f.id.clone(), v.clone());
        }
    }
    records.push(Record::new(m));
    let results: Vec<_> = records.iter().map(|r| pack.assess(r, Lang::En)).collect();
    let ranking = pack.rank(&results, None, None, Lang::Id);
    assert_eq!(ranking.ranking.len(), records.len());
    for a in results.iter().flatten() {
        let s = pack.scale();
        assert!(a.total >= s.min - 1e-9 && a.total <= s.max + 1e-9);
        let _ = serde_json::to_string(a).expect("an assessment serialises");
    }
    let _ = pack.check();
}

/// Arbitrary `pack.toml` text, beside the quickwin pack's rule files (the loader, then the
/// engine on whatever loads).
pub fn pack_toml(data: &[u8]) {
    let text = String::from_utf8_lossy(data).into_owned();
    let mut files = quickwin().files().clone();
    files.insert("pack.toml".to_string(), text);
    if let Ok(pack) = Pack::from_files(files) {
        exercise(&pack);
    }
}

/// A valid pack whose indicator, derived value and gate come from arbitrary `.rhai` text.
const RHAI_HOST: &str = r#"
[pack]
id = "fuzz"
version = "0"
name = "fuzz"
[[field]]
id = "x"
type = "number"
label = "x"
[[field]]
id = "y"
type = "number"
label = "y"
[[field]]
id = "g"
type = "text"
label = "g"
[[dimension]]
id = "D"
weight = 1
label = "D"
[[indicator]]
id = "i"
dimension = "D"
label = "i"
file = "rules/i.rhai"
reason = "{x} and {pct:1}"
[[indicator]]
id = "j"
dimension = "D"
label = "j"
rule = "if x == () { () } else { clamp(x, 0.0, 5.0) }"
[[level]]
rank = 1
id = "l1"
min = 0
label = "L1"
[[level]]
rank = 2
id = "l2"
min = 2.5
label = "L2"
[[gate]]
id = "g2"
level = 2
require = 'g == "ok"'
label = "g ok"
"#;

/// Arbitrary Rhai text as an indicator's rule file.
pub fn pack_rhai(data: &[u8]) {
    let script = String::from_utf8_lossy(data).into_owned();
    let mut files = BTreeMap::new();
    files.insert("pack.toml".to_string(), RHAI_HOST.to_string());
    files.insert("rules/i.rhai".to_string(), script);
    if let Ok(pack) = Pack::from_files(files) {
        exercise(&pack);
    }
}

/// Arbitrary record bytes: the first byte picks the format (CSV, JSON, JSON Lines or
/// sniffed); the whole-file reader and the streaming reader must agree; whatever parses is
/// assessed with the quickwin pack.
pub fn records(data: &[u8]) {
    let (format, bytes) = match data.split_first() {
        Some((b, rest)) => (
            match b % 4 {
                0 => Some(Format::Csv),
                1 => Some(Format::Json),
                2 => Some(Format::JsonLines),
                _ => None,
            },
            rest,
        ),
        None => (None, data),
    };
    let whole = parse_bytes(bytes, "fuzz", format);
    let mut streamed = Vec::new();
    let s = stream::for_each_record(bytes, "fuzz", format, |r| {
        streamed.push(r);
        Ok(())
    });
    if let Ok(records) = &whole {
        if s.is_ok() {
            assert_eq!(records, &streamed, "stream and whole-file reader disagree");
        }
        let pack = quickwin();
        for r in records.iter().take(32) {
            if let Ok(a) = pack.assess(r, Lang::En) {
                assert!((0.0..=5.0).contains(&a.total));
            }
        }
        let _ = matang::input::unknown_columns(pack, records);
    }
}

fn pack_toml_seeds() -> Vec<Vec<u8>> {
    let mut seeds: Vec<Vec<u8>> = vec![
        RHAI_HOST
            .replace(
                "file = \"rules/i.rhai\"",
                "rule = \"if x == () { () } else { clamp(x, 0.0, 5.0) }\"",
            )
            .into_bytes(),
    ];
    for id in Pack::builtin_ids() {
        // The quickwin rule files sit beside it, so its own pack.toml loads unmutated.
        if let Some(t) = Pack::builtin(id)
            .ok()
            .and_then(|p| p.files().get("pack.toml").cloned())
        {
            seeds.push(t.into_bytes());
        }
    }
    seeds
}

fn pack_rhai_seeds() -> Vec<Vec<u8>> {
    let mut seeds: Vec<Vec<u8>> = [
        "x",
        "if x == () { () } else { clamp(x, 0.0, 5.0) }",
        "let pct = 100 * x / 5; #{ score: 1 + band(pct, [5, 20, 40, 70]), pct: pct }",
        "switch g { \"ok\" => 5, _ => () }",
        "fn f(n) { if n <= 0 { 0 } else { f(n - 1) } } f(3)",
        "let a = []; for i in 0..10 { a.push(i); } a.len() / 2",
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .collect();
    if let Ok(p) = Pack::builtin("smart-city-quickwin") {
        seeds.extend(
            p.files()
                .iter()
                .filter(|(k, _)| k.ends_with(".rhai"))
                .map(|(_, v)| v.clone().into_bytes()),
        );
    }
    seeds
}

fn records_seeds() -> Vec<Vec<u8>> {
    let mut seeds: Vec<Vec<u8>> = vec![
        b"\x00id,assessed_on,stage,trained_staff\nQW-1,2019-10-01,live,3\n".to_vec(),
        "\x00\u{feff}id;assessed_on;stage;uptime_pct\nQW-1;2019-10-01;live;99,5\n"
            .as_bytes()
            .to_vec(),
        b"\x01[{\"id\":\"a\",\"assessed_on\":\"2019-10-01\",\"stage\":\"pilot\"}]".to_vec(),
        b"\x02{\"id\":\"a\",\"assessed_on\":\"2019-10-01\",\"stage\":\"idea\"}\n{\"id\":\"b\"}\n"
            .to_vec(),
    ];
    for text in EXAMPLES {
        let mut s = vec![3u8];
        s.extend_from_slice(text.as_bytes());
        seeds.push(s);
    }
    seeds
}

const EXAMPLES: &[&str] = &[
    include_str!("../../rules/smart-city-quickwin/examples/portfolio.csv"),
    include_str!("../../rules/smart-city-quickwin/examples/portfolio-id.csv"),
];

const TOML_TOKENS: &[&str] = &[
    "[[field]]\n",
    "[[dimension]]\n",
    "[[indicator]]\n",
    "[[level]]\n",
    "[[gate]]\n",
    "[[derive]]\n",
    "[selection]\n",
    "[[selection.require]]\n",
    "[aggregation]\n",
    "[progress]\n",
    "[messages]\n",
    "id = \"x\"\n",
    "type = \"enum\"\n",
    "values = []\n",
    "weight = 0\n",
    "weight = -1\n",
    "weight = 1e308\n",
    "min = nan\n",
    "max = inf\n",
    "rank = 0\n",
    "level = 99\n",
    "missing = \"min_coverage\"\n",
    "min_coverage = 0\n",
    "scale = { min = 0, max = 0, step = 0 }\n",
    "rule = \"loop {}\"\n",
    "rule = '''\n",
    "'''\n",
    "file = \"../x.rhai\"\n",
    "monotone = [\"x\"]\n",
    "order = [\"total desc\", \"zz asc\"]\n",
    "max_per_group = 0\n",
    "weight = nan\n",
    "weight = 1e300\n",
    "weight = 999999\n",
    "min = -inf\n",
    "tolerance = nan\n",
    "plus_min_ratio = inf\n",
    "scale = { min = -1e300, max = 1e300, step = 1e-300 }\n",
    "values = [\"a\", \"a\", \"b\"]\n",
    "file = \"/etc/passwd\"\n",
    "file = \"pack.toml\"\n",
    "color = \"red;background:url(//x)\"\n",
    "rule = \"sleep(1e20)\"\n",
    "rule = \"div(-9223372036854775807 - 1, -1)\"\n",
    "top = 18446744073709551615\n",
    "label = { id = \"a\", en = \"b\" }\n",
    "reason = \"{x:99}\"\n",
    "\"",
    "{",
    "}",
    "=",
    "\n",
];

const RHAI_TOKENS: &[&str] = &[
    "x",
    "y",
    "g",
    "()",
    "#{ score: ",
    "}",
    "{",
    "(",
    ")",
    "[",
    "]",
    ";",
    "let a = ",
    "fn f(n) { ",
    "f(",
    "loop { ",
    "while true { ",
    "for i in 0..",
    "break",
    "return ",
    "if ",
    " else ",
    "switch ",
    "=>",
    "band(",
    "clamp(",
    "div(",
    "/ 0",
    "* 1e308",
    "9223372036854775807",
    "+ 1",
    "-",
    "\"",
    "'",
    "\\u{0}",
    ".len()",
    ".push(",
    "months_between(",
    "date(",
    "present(",
    "missing(",
    "eval(",
    "import ",
    "this",
    "fn ",
    "|x| ",
    "`",
    "//",
    "/*",
    "*/",
    "0.5",
    // Work multiplied through callbacks, and what the sandbox leaves out.
    ".map(|v| ",
    ".filter(|v| ",
    ".sort(|a, b| ",
    ".reduce(|s, v| s + v, 0)",
    ".all(|v| ",
    "Fn(\"f\")",
    ".call(",
    "[1, 2, 3]",
    "sleep(",
    "sleep(9223372036854775807)",
    "sleep(1e20)",
    "timestamp()",
    "exit(",
    "parse_json(",
    "print(",
    // Extreme integers.
    "(-9223372036854775807 - 1)",
    "-9223372036854775808",
    " % -1",
    " ** 63",
    ".abs()",
    "div(",
    "days_between(",
    "1e308",
];

const RECORD_TOKENS: &[&str] = &[
    ",",
    ";",
    "\t",
    "\"",
    "\n",
    "\r\n",
    "\u{feff}",
    "{",
    "}",
    "[",
    "]",
    ":",
    "null",
    "true",
    "1e999",
    "-0",
    "NaN",
    "1.234,5",
    "99,5",
    "2019-02-30",
    "2019-10-01",
    "id",
    "stage",
    "live",
    "assessed_on",
    "trained_staff",
    "uptime_pct",
    "\"id\":",
    "\\u0000",
    "\u{ffff}",
    "\x00",
    "=HYPERLINK(\"x\")",
    "+cmd",
    "@SUM(",
    "\u{1b}[31m",
    "\r",
    "QW-1",
    "-9223372036854775808",
    "1e308",
    "4.000",
    "31/12/2019",
];
