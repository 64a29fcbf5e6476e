//! Rhai, configured as a sandbox for user-written rules: only the functions rules need
//! (no clock, no `sleep`, no files, environment or randomness, no modules, no `eval`, no
//! printing), bounded operations (across callbacks, see `budget`), time per record, call
//! depth, expression depth and data sizes, checked arithmetic, strict variables (a
//! misspelled field is a load error). Errors are mapped back to the pack file position.

use crate::engine::budget::{STOP_OPERATIONS, STOP_TIME};
use crate::error::{Error, Location};
use crate::model::rule::{Origin, Rule};
use rhai::packages::{
    ArithmeticPackage, BasicArrayPackage, BasicFnPackage, BasicIteratorPackage, BasicMapPackage,
    BasicMathPackage, BasicStringPackage, BitFieldPackage, LogicPackage, MoreStringPackage,
    Package,
};
use rhai::{AST, Dynamic, Engine, EvalAltResult, OptimizationLevel, Position, Scope};
use std::time::Duration;

/// The sandbox limits every rule script runs under.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Rhai operations per script evaluation, counted across every callback and nested call
    /// (an endless loop, or a loop inside `map` inside a loop, stops here).
    pub max_operations: u64,
    /// Wall-clock time for all the scripts of one record (work that is cheap per operation
    /// but slow, such as comparing large arrays, stops here).
    pub max_duration: Duration,
    /// Nested function calls.
    pub max_call_levels: usize,
    /// Expression nesting depth (global, inside functions).
    pub max_expr_depth: (usize, usize),
    /// Characters in one string.
    pub max_string_size: usize,
    /// Items in one array.
    pub max_array_size: usize,
    /// Entries in one map.
    pub max_map_size: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_operations: 50_000,
            max_duration: Duration::from_millis(250),
            max_call_levels: 16,
            max_expr_depth: (48, 24),
            max_string_size: 4_096,
            max_array_size: 1_024,
            max_map_size: 256,
        }
    }
}

fn divide(a: i64, b: i64) -> Result<f64, Box<EvalAltResult>> {
    if b == 0 {
        return Err("division by zero".into());
    }
    #[allow(clippy::cast_precision_loss)]
    Ok(a as f64 / b as f64)
}

fn divide_f(a: f64, b: f64) -> Result<f64, Box<EvalAltResult>> {
    if b == 0.0 {
        return Err("division by zero".into());
    }
    Ok(a / b)
}

#[allow(clippy::cast_precision_loss)]
fn band(x: Dynamic, thresholds: rhai::Array) -> Result<i64, Box<EvalAltResult>> {
    let v = dyn_f64(&x).ok_or("band(x, thresholds): x must be a number")?;
    let mut n = 0;
    for t in &thresholds {
        let t = dyn_f64(t).ok_or("band(x, thresholds): thresholds must be numbers")?;
        if v >= t {
            n += 1;
        }
    }
    Ok(n)
}

#[allow(clippy::cast_precision_loss)]
pub(crate) fn dyn_f64(d: &Dynamic) -> Option<f64> {
    d.as_int()
        .map(|i| i as f64)
        .ok()
        .or_else(|| d.as_float().ok())
}

/// Builds the sandboxed engine shared by all scripts of one pack: Rhai's standard library
/// without its language-core package (`sleep`, `exit`, `parse_json`, metadata), time
/// package (`timestamp`) and blobs.
pub(crate) fn engine(limits: Limits) -> Engine {
    let mut e = Engine::new_raw();
    for package in [
        ArithmeticPackage::new().as_shared_module(),
        LogicPackage::new().as_shared_module(),
        BitFieldPackage::new().as_shared_module(),
        BasicStringPackage::new().as_shared_module(),
        MoreStringPackage::new().as_shared_module(),
        BasicIteratorPackage::new().as_shared_module(),
        BasicFnPackage::new().as_shared_module(),
        BasicMathPackage::new().as_shared_module(),
        BasicArrayPackage::new().as_shared_module(),
        BasicMapPackage::new().as_shared_module(),
    ] {
        e.register_global_module(package);
    }
    e.set_max_strings_interned(1024);
    e.set_strict_variables(true);
    e.set_optimization_level(OptimizationLevel::Full);
    // `/` divides exactly, as an analyst expects (7 / 2 = 3.5); `div` keeps whole-number division.
    e.set_fast_operators(false);
    e.register_fn("/", divide);
    e.register_fn("/", divide_f);
    e.register_fn("/", |a: i64, b: f64| divide_f(a as f64, b));
    e.register_fn("/", |a: f64, b: i64| divide_f(a, b as f64));
    e.register_fn("div", |a: i64, b: i64| -> Result<i64, Box<EvalAltResult>> {
        if b == 0 {
            Err("division by zero".into())
        } else {
            a.checked_div_euclid(b)
                .ok_or_else(|| "div: the result is too large".into())
        }
    });
    e.register_fn("band", band);
    e.register_fn("present", |d: Dynamic| !d.is_unit());
    e.register_fn("missing", |d: Dynamic| d.is_unit());
    e.register_fn(
        "months_between",
        |a: i64, b: i64| -> Result<i64, Box<EvalAltResult>> {
            // Far outside any calendar the date arithmetic would overflow.
            if a.abs() > 100_000_000 || b.abs() > 100_000_000 {
                return Err("months_between: not a date".into());
            }
            Ok(crate::date::months_between(a, b))
        },
    );
    e.register_fn(
        "days_between",
        |a: i64, b: i64| -> Result<i64, Box<EvalAltResult>> {
            b.checked_sub(a)
                .ok_or_else(|| "days_between: overflow".into())
        },
    );
    e.register_fn(
        "date",
        |y: i64, m: i64, d: i64| -> Result<i64, Box<EvalAltResult>> {
            let (Ok(m), Ok(d)) = (u32::try_from(m), u32::try_from(d)) else {
                return Err("date(y, m, d): month and day must be positive".into());
            };
            crate::date::parse(&format!("{y:04}-{m:02}-{d:02}")).map_err(Into::into)
        },
    );
    e.register_fn("clamp", |x: f64, lo: f64, hi: f64| x.max(lo).min(hi));
    e.register_fn("clamp", |x: i64, lo: i64, hi: i64| x.max(lo).min(hi));
    e.set_max_operations(limits.max_operations);
    e.set_max_call_levels(limits.max_call_levels);
    e.set_max_expr_depths(limits.max_expr_depth.0, limits.max_expr_depth.1);
    e.set_max_string_size(limits.max_string_size);
    e.set_max_array_size(limits.max_array_size);
    e.set_max_map_size(limits.max_map_size);
    e.set_max_functions(64);
    e.set_max_variables(256);
    e.disable_symbol("eval");
    e.on_print(|_| {});
    e.on_debug(|_, _, _| {});
    crate::engine::budget::install(&mut e);
    // Stands for a bug a hostile rule might find: the panic wall's own tests call it.
    #[cfg(test)]
    e.register_fn("test_panic", |x: i64| -> i64 {
        assert!(x <= 0, "test panic {x}");
        x
    });
    e
}

/// A rule compiled: Rhai's AST, the same rule for the fast path when it lies in the subset,
/// and the place it came from.
#[derive(Debug, Clone)]
pub(crate) struct Script {
    pub ast: AST,
    pub origin: Origin,
    pub fast: Option<crate::engine::fast::Program>,
}

/// Compiles `rule` with `names` defined as variables (so strict mode catches typos).
pub(crate) fn compile(
    engine: &Engine,
    rule: &Rule,
    names: &[String],
    what: &str,
) -> Result<Script, Error> {
    let mut scope = Scope::new();
    for n in names {
        // Pushed as plain variables, not constants: the optimizer must not fold them.
        scope.push_dynamic(n.as_str(), Dynamic::UNIT);
    }
    match engine.compile_with_scope(&scope, &rule.source) {
        Ok(ast) => {
            let fast = crate::engine::fast::compile(&ast, names);
            Ok(Script {
                ast,
                origin: rule.origin.clone(),
                fast,
            })
        }
        Err(e) => {
            let loc = locate(&rule.origin, e.position());
            let message = match e.err_type() {
                rhai::ParseErrorType::VariableUndefined(v) => {
                    format!("{what}: '{v}' is not an evidence field or derived value of this pack")
                }
                other => format!("{what}: {other}"),
            };
            Err(Error::Pack {
                location: loc,
                message,
            })
        }
    }
}

/// The place in the pack's files of a position inside the rule that starts at `origin`.
pub(crate) fn locate(origin: &Origin, pos: Position) -> Location {
    origin.locate(pos.line(), pos.position())
}

/// The failure itself, inside the calls it happened in (a callback's error arrives wrapped
/// once per call around it).
fn innermost(err: &EvalAltResult) -> &EvalAltResult {
    match err {
        EvalAltResult::ErrorInFunctionCall(_, _, inner, _) => innermost(inner),
        other => other,
    }
}

/// Turns a runtime failure into an error at the script's file position.
pub(crate) fn runtime_error(
    record: &str,
    script: &Script,
    what: &str,
    err: &EvalAltResult,
    limits: &Limits,
) -> Error {
    let root = innermost(err);
    let position = if root.position().is_none() {
        err.position()
    } else {
        root.position()
    };
    let location = locate(&script.origin, position);
    let too_many = || {
        format!(
            "{what}: stopped after too many operations ({}, the limit per rule; an endless loop?)",
            limits.max_operations
        )
    };
    let message = match root {
        EvalAltResult::ErrorTooManyOperations(_) => too_many(),
        EvalAltResult::ErrorTerminated(why, _) if why.to_string() == STOP_OPERATIONS => too_many(),
        EvalAltResult::ErrorTerminated(why, _) if why.to_string() == STOP_TIME => format!(
            "{what}: stopped after {} ms, the time limit per record",
            limits.max_duration.as_millis()
        ),
        EvalAltResult::ErrorStackOverflow(_) => {
            format!("{what}: calls nested too deeply (endless recursion?)")
        }
        EvalAltResult::ErrorDataTooLarge(kind, _) => {
            format!("{what}: {kind} exceeds the sandbox limit")
        }
        other => format!(
            "{what}: {}",
            other.to_string().split(" (line ").next().unwrap_or("")
        ),
    };
    Error::Rule {
        record: record.to_string(),
        location,
        message: crate::excerpt::message(message),
    }
}
