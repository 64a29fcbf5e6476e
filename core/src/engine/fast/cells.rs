//! Values and operations of the column evaluator: typed evidence storage, the strings
//! behind symbols, the binary operators with their common cases inline (following the
//! shared semantics in `scalar` exactly), and the set of rows handed back.

use super::lower::{ColumnValue, Symbols};
use super::scalar::{self, ScalarArg, ScalarResult};
use super::tree::{BinOp, Builtin};
use rhai::ImmutableString;

/// Typed evidence of one field for a whole batch, with a sentinel for missing values.
#[derive(Debug, Clone)]
pub(crate) enum Store {
    /// Numbers; NaN is missing (valid evidence is always finite).
    F64(Vec<f64>),
    /// Whole numbers and dates (day numbers); `i64::MIN` is missing.
    I64(Vec<i64>),
    /// Booleans: 0, 1, or 2 for missing.
    Flag(Vec<u8>),
    /// Enum values and text as symbols; `u32::MAX` is missing.
    Sym(Vec<u32>),
}

impl Store {
    /// The value of row `i`.
    #[inline(always)]
    pub(super) fn cell(&self, i: usize) -> ColumnValue {
        match self {
            Store::F64(v) => f64_cell(v[i]),
            Store::I64(v) => i64_cell(v[i]),
            Store::Flag(v) => flag_cell(v[i]),
            Store::Sym(v) => sym_cell(v[i]),
        }
    }

    /// Fills the rows that hold no evidence with `other`'s (a store of the same field).
    pub(crate) fn fill_missing_from(&mut self, other: &Store) {
        fn fill<T: Copy>(a: &mut [T], b: &[T], missing: impl Fn(T) -> bool) {
            for (x, &y) in a.iter_mut().zip(b) {
                if missing(*x) {
                    *x = y;
                }
            }
        }
        match (self, other) {
            (Store::F64(a), Store::F64(b)) => fill(a, b, f64::is_nan),
            (Store::I64(a), Store::I64(b)) => fill(a, b, |x| x == MISSING_I64),
            (Store::Flag(a), Store::Flag(b)) => fill(a, b, |x| x > 1),
            (Store::Sym(a), Store::Sym(b)) => fill(a, b, |x| x == MISSING_SYM),
            _ => {}
        }
    }

    /// Whether row `i` holds no evidence.
    pub(crate) fn is_missing(&self, i: usize) -> bool {
        match self {
            Store::F64(v) => v[i].is_nan(),
            Store::I64(v) => v[i] == MISSING_I64,
            Store::Flag(v) => v[i] > 1,
            Store::Sym(v) => v[i] == MISSING_SYM,
        }
    }

    /// Calls `f(row, value)` for each row of `sel` (rows counted from `start`), with the
    /// storage type matched once per column rather than once per row.
    #[inline(always)]
    pub(super) fn for_each(&self, start: usize, sel: &[u32], mut f: impl FnMut(u32, ColumnValue)) {
        match self {
            Store::F64(v) => sel
                .iter()
                .for_each(|&r| f(r, f64_cell(v[start + r as usize]))),
            Store::I64(v) => sel
                .iter()
                .for_each(|&r| f(r, i64_cell(v[start + r as usize]))),
            Store::Flag(v) => sel
                .iter()
                .for_each(|&r| f(r, flag_cell(v[start + r as usize]))),
            Store::Sym(v) => sel
                .iter()
                .for_each(|&r| f(r, sym_cell(v[start + r as usize]))),
        }
    }
}

/// Runs `$body` with `$o` bound to `$op` as a constant, so that the compiler generates a
/// row loop per operator instead of dispatching on the operator for every row.
macro_rules! per_op {
    ($op:expr, |$o:ident| $body:expr) => {{
        use $crate::engine::fast::tree::BinOp as B;
        match $op {
            B::Add => {
                const $o: B = B::Add;
                $body
            }
            B::Sub => {
                const $o: B = B::Sub;
                $body
            }
            B::Mul => {
                const $o: B = B::Mul;
                $body
            }
            B::Div => {
                const $o: B = B::Div;
                $body
            }
            B::Rem => {
                const $o: B = B::Rem;
                $body
            }
            B::Eq => {
                const $o: B = B::Eq;
                $body
            }
            B::Ne => {
                const $o: B = B::Ne;
                $body
            }
            B::Lt => {
                const $o: B = B::Lt;
                $body
            }
            B::Le => {
                const $o: B = B::Le;
                $body
            }
            B::Gt => {
                const $o: B = B::Gt;
                $body
            }
            B::Ge => {
                const $o: B = B::Ge;
                $body
            }
        }
    }};
}
pub(super) use per_op;

pub(crate) const MISSING_I64: i64 = i64::MIN;
pub(crate) const MISSING_SYM: u32 = u32::MAX;

/// The strings behind symbols: the pack's, then the batch's own (free text).
#[derive(Clone, Copy)]
pub(crate) struct Strs<'a> {
    pub(crate) pack: &'a Symbols,
    pub(crate) batch: &'a Symbols,
}

impl<'a> Strs<'a> {
    pub(super) fn get(self, i: u32) -> &'a str {
        let n = u32::try_from(self.pack.len()).unwrap_or(u32::MAX);
        let s = if i < n {
            self.pack.get(i)
        } else {
            self.batch.get(i - n)
        };
        s.map_or("", ImmutableString::as_str)
    }
}

pub(super) fn scalar(v: ColumnValue, strs: Strs<'_>) -> ScalarArg<'_> {
    match v {
        ColumnValue::Unit => ScalarArg::Unit,
        ColumnValue::Bool(b) => ScalarArg::Bool(b),
        ColumnValue::Int(i) => ScalarArg::Int(i),
        ColumnValue::Float(f) => ScalarArg::Float(f),
        ColumnValue::Sym(i) => ScalarArg::Str(strs.get(i)),
        ColumnValue::MapNone
        | ColumnValue::MapUnit
        | ColumnValue::MapInt(_)
        | ColumnValue::MapFloat(_)
        | ColumnValue::Bail => ScalarArg::Other,
    }
}

pub(super) fn done(n: Option<ScalarResult>) -> ColumnValue {
    match n {
        Some(ScalarResult::Bool(b)) => ColumnValue::Bool(b),
        Some(ScalarResult::Int(i)) => ColumnValue::Int(i),
        Some(ScalarResult::Float(f)) => ColumnValue::Float(f),
        None => ColumnValue::Bail,
    }
}

/// `switch` matches by type and value; symbols are equal exactly when their strings are.
pub(super) fn same(lit: ColumnValue, v: ColumnValue) -> bool {
    match (lit, v) {
        (ColumnValue::Int(a), ColumnValue::Int(b)) => a == b,
        (ColumnValue::Sym(a), ColumnValue::Sym(b)) => a == b,
        (ColumnValue::Bool(a), ColumnValue::Bool(b)) => a == b,
        (ColumnValue::Unit, ColumnValue::Unit) => true,
        _ => false,
    }
}

/// Rows handed back to the row path, and how many.
#[derive(Default)]
pub(crate) struct Bails {
    pub(super) flags: Vec<bool>,
    pub(crate) count: usize,
}

impl Bails {
    #[inline(always)]
    pub(crate) fn set(&mut self, r: u32) {
        let f = &mut self.flags[r as usize];
        if !*f {
            *f = true;
            self.count += 1;
        }
    }

    #[inline(always)]
    pub(crate) fn get(&self, r: u32) -> bool {
        self.flags[r as usize]
    }
}

/// Stores a row's value; a `Bail` hands the row back at once (where the interpreter would
/// stop with an error), so nothing it does afterwards, a `return` say, can hide it.
#[inline(always)]
pub(super) fn put(bails: &mut Bails, out: &mut [ColumnValue], r: u32, v: ColumnValue) {
    if matches!(v, ColumnValue::Bail) {
        bails.set(r);
    }
    out[r as usize] = v;
}

#[inline(always)]
pub(super) fn f64_cell(x: f64) -> ColumnValue {
    if x.is_nan() {
        ColumnValue::Unit
    } else {
        ColumnValue::Float(x)
    }
}

#[inline(always)]
pub(super) fn i64_cell(x: i64) -> ColumnValue {
    if x == MISSING_I64 {
        ColumnValue::Unit
    } else {
        ColumnValue::Int(x)
    }
}

#[inline(always)]
pub(super) fn flag_cell(x: u8) -> ColumnValue {
    match x {
        0 => ColumnValue::Bool(false),
        1 => ColumnValue::Bool(true),
        _ => ColumnValue::Unit,
    }
}

#[inline(always)]
pub(super) fn sym_cell(x: u32) -> ColumnValue {
    if x == MISSING_SYM {
        ColumnValue::Unit
    } else {
        ColumnValue::Sym(x)
    }
}

/// `band` over numbers (NaN is left to the shared implementation by the caller).
pub(super) fn band(v: f64, ts: &[f64]) -> i64 {
    let mut n = 0;
    for &t in ts {
        if v >= t {
            n += 1;
        }
    }
    n
}

/// One binary operation: the common cases inline, anything else through the shared
/// semantics in `scalar` (which these cases follow exactly).
#[inline(always)]
#[allow(clippy::cast_precision_loss)]
pub(super) fn bin(op: BinOp, l: ColumnValue, r: ColumnValue, strs: Strs<'_>) -> ColumnValue {
    use ColumnValue::{Bool, Float, Int};
    let real = |a: f64, b: f64| match op {
        BinOp::Add => Float(a + b),
        BinOp::Sub => Float(a - b),
        BinOp::Mul => Float(a * b),
        BinOp::Div if b == 0.0 => ColumnValue::Bail,
        BinOp::Div => Float(a / b),
        BinOp::Rem => Float(a % b),
        BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
            Bool(scalar::float_cmp(op, a, b))
        }
    };
    let eq = matches!(op, BinOp::Eq | BinOp::Ne);
    match (l, r) {
        (Int(a), Int(b)) => match op {
            BinOp::Add => a.checked_add(b).map_or(ColumnValue::Bail, Int),
            BinOp::Sub => a.checked_sub(b).map_or(ColumnValue::Bail, Int),
            BinOp::Mul => a.checked_mul(b).map_or(ColumnValue::Bail, Int),
            BinOp::Rem => a.checked_rem(b).map_or(ColumnValue::Bail, Int),
            BinOp::Div => real(a as f64, b as f64),
            BinOp::Eq => Bool(a == b),
            BinOp::Ne => Bool(a != b),
            BinOp::Lt => Bool(a < b),
            BinOp::Le => Bool(a <= b),
            BinOp::Gt => Bool(a > b),
            BinOp::Ge => Bool(a >= b),
        },
        (Int(a), Float(b)) => real(a as f64, b),
        (Float(a), Int(b)) => real(a, b as f64),
        (Float(a), Float(b)) => real(a, b),
        (ColumnValue::Bail, _) | (_, ColumnValue::Bail) => ColumnValue::Bail,
        // Interned: equal strings have equal numbers.
        (ColumnValue::Sym(a), ColumnValue::Sym(b)) if eq => Bool((a == b) == (op == BinOp::Eq)),
        (ColumnValue::Unit, ColumnValue::Unit) if eq => Bool(op == BinOp::Eq),
        // Values of different types are unequal.
        (ColumnValue::Unit, Int(_) | Float(_) | ColumnValue::Sym(_) | Bool(_))
        | (Int(_) | Float(_) | ColumnValue::Sym(_) | Bool(_), ColumnValue::Unit)
            if eq =>
        {
            Bool(op == BinOp::Ne)
        }
        _ => rare(op, l, r, strs),
    }
}

/// A built-in of two arguments: `min`, `max` and `months_between` of whole numbers inline,
/// anything else through the shared semantics in `scalar`.
#[inline(always)]
pub(super) fn call2(f: Builtin, x: ColumnValue, y: ColumnValue, strs: Strs<'_>) -> ColumnValue {
    match (f, x, y) {
        (Builtin::Min, ColumnValue::Int(a), ColumnValue::Int(b)) => ColumnValue::Int(a.min(b)),
        (Builtin::Max, ColumnValue::Int(a), ColumnValue::Int(b)) => ColumnValue::Int(a.max(b)),
        (Builtin::MonthsBetween, ColumnValue::Int(a), ColumnValue::Int(b)) => {
            scalar::months_between(a, b).map_or(ColumnValue::Bail, ColumnValue::Int)
        }
        (_, ColumnValue::Bail, _) | (_, _, ColumnValue::Bail) => ColumnValue::Bail,
        _ => done(scalar::call(f, scalar(x, strs), Some(scalar(y, strs)))),
    }
}

#[cold]
#[inline(never)]
fn rare(op: BinOp, l: ColumnValue, r: ColumnValue, strs: Strs<'_>) -> ColumnValue {
    done(scalar::binary(op, scalar(l, strs), scalar(r, strs)))
}
