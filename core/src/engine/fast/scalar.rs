//! Rhai's semantics for the scalar operations of the subset, shared by the row evaluator
//! (`eval`) and the column evaluator (`vector`) so that the two cannot drift apart. `None`
//! means "not modelled here, or an error in Rhai": the caller gives the record to the
//! interpreter.

use super::tree::{BinOp, Builtin};
use std::cmp::Ordering;

/// A scalar operand as the operations see it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum ScalarArg<'a> {
    Unit,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(&'a str),
    /// A map or array: every operation here leaves it to the interpreter.
    Other,
}

/// The result of an operation (never a string, map or unit).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum ScalarResult {
    Bool(bool),
    Int(i64),
    Float(f64),
}

impl ScalarArg<'_> {
    #[allow(clippy::cast_precision_loss)]
    fn number(self) -> Option<f64> {
        match self {
            ScalarArg::Int(i) => Some(i as f64),
            ScalarArg::Float(f) => Some(f),
            _ => None,
        }
    }
}

/// The condition of `if`, `&&`, `||` and `!`: only a boolean will do.
pub(crate) fn truth(v: ScalarArg<'_>) -> Option<bool> {
    match v {
        ScalarArg::Bool(b) => Some(b),
        _ => None,
    }
}

/// Unary minus.
pub(crate) fn neg(v: ScalarArg<'_>) -> Option<ScalarResult> {
    match v {
        ScalarArg::Int(i) => i.checked_neg().map(ScalarResult::Int),
        ScalarArg::Float(f) => Some(ScalarResult::Float(-f)),
        _ => None,
    }
}

fn compare(l: ScalarArg<'_>, r: ScalarArg<'_>) -> Option<Ordering> {
    match (l, r) {
        (ScalarArg::Int(a), ScalarArg::Int(b)) => Some(a.cmp(&b)),
        (ScalarArg::Str(a), ScalarArg::Str(b)) => Some(a.cmp(b)),
        _ => None,
    }
}

/// A comparison where either side is a float, exactly as Rhai (built with its checks)
/// makes it: relative to the larger magnitude, differences within `f64::EPSILON` are
/// equal, so `0.1 + 0.2 == 0.3` and `94.99999999999999 >= 95` hold. Its NaN cases follow
/// from the same formula (`NaN == 0` holds, `NaN == NaN` does not).
#[inline(always)]
#[allow(clippy::float_cmp)]
pub(crate) fn float_cmp(op: BinOp, x: f64, y: f64) -> bool {
    let max = if x * y == 0.0 {
        1.0
    } else {
        x.abs().max(y.abs())
    };
    let zero = max == 0.0;
    match op {
        BinOp::Eq => zero || (x - y).abs() / max <= f64::EPSILON,
        BinOp::Ne => !zero && (x - y).abs() / max > f64::EPSILON,
        BinOp::Gt => !zero && (x - y) / max > f64::EPSILON,
        BinOp::Ge => zero || (x - y) / max > -f64::EPSILON,
        BinOp::Lt => !zero && (y - x) / max > f64::EPSILON,
        BinOp::Le => zero || (y - x) / max > -f64::EPSILON,
        _ => false,
    }
}

/// A binary operator.
#[allow(clippy::cast_precision_loss)]
pub(crate) fn binary(op: BinOp, l: ScalarArg<'_>, r: ScalarArg<'_>) -> Option<ScalarResult> {
    use ScalarArg::{Float, Int};
    Some(match op {
        BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Rem => match (l, r) {
            (Int(a), Int(b)) => ScalarResult::Int(match op {
                BinOp::Add => a.checked_add(b),
                BinOp::Sub => a.checked_sub(b),
                BinOp::Mul => a.checked_mul(b),
                _ => a.checked_rem(b),
            }?),
            (Int(_) | Float(_), Int(_) | Float(_)) => {
                let (a, b) = (l.number()?, r.number()?);
                ScalarResult::Float(match op {
                    BinOp::Add => a + b,
                    BinOp::Sub => a - b,
                    BinOp::Mul => a * b,
                    _ => a % b,
                })
            }
            _ => return None,
        },
        BinOp::Div => {
            // matang's `/`: exact division, and dividing by zero is an error (the interpreter's).
            let (a, b) = (l.number()?, r.number()?);
            if b == 0.0 {
                return None;
            }
            ScalarResult::Float(a / b)
        }
        BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge
            if matches!((l, r), (Float(_), Int(_) | Float(_)) | (Int(_), Float(_))) =>
        {
            ScalarResult::Bool(float_cmp(op, l.number()?, r.number()?))
        }
        BinOp::Eq | BinOp::Ne => {
            let eq = match (l, r) {
                (ScalarArg::Unit, ScalarArg::Unit) => true,
                (ScalarArg::Bool(a), ScalarArg::Bool(b)) => a == b,
                (ScalarArg::Other, _) | (_, ScalarArg::Other) => return None,
                _ => match compare(l, r) {
                    Some(o) => o == Ordering::Equal,
                    // Values of different types are unequal.
                    None => false,
                },
            };
            ScalarResult::Bool(if op == BinOp::Eq { eq } else { !eq })
        }
        BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
            if matches!(
                (l, r),
                (ScalarArg::Bool(_), ScalarArg::Bool(_))
                    | (ScalarArg::Other, _)
                    | (_, ScalarArg::Other)
            ) {
                return None;
            }
            ScalarResult::Bool(match compare(l, r) {
                Some(o) => match op {
                    BinOp::Lt => o == Ordering::Less,
                    BinOp::Le => o != Ordering::Greater,
                    BinOp::Gt => o == Ordering::Greater,
                    _ => o != Ordering::Less,
                },
                None => false,
            })
        }
    })
}

/// `band(x, thresholds)`: how many thresholds `x` reaches.
pub(crate) fn band(
    x: ScalarArg<'_>,
    thresholds: impl IntoIterator<Item = Option<f64>>,
) -> Option<ScalarResult> {
    let v = x.number()?;
    let mut n = 0;
    for t in thresholds {
        if v >= t? {
            n += 1;
        }
    }
    Some(ScalarResult::Int(n))
}

/// `months_between` of two day numbers; those far outside any calendar are left to the
/// interpreter.
#[inline(always)]
pub(crate) fn months_between(x: i64, y: i64) -> Option<i64> {
    (x.abs() <= 100_000_000 && y.abs() <= 100_000_000).then(|| crate::date::months_between(x, y))
}

/// The pure built-ins other than `band`, `present` and `missing`.
#[allow(clippy::cast_precision_loss)]
pub(crate) fn call(f: Builtin, a: ScalarArg<'_>, b: Option<ScalarArg<'_>>) -> Option<ScalarResult> {
    use ScalarArg::{Float, Int};
    Some(match (f, a, b) {
        (Builtin::Min | Builtin::Max, Int(x), Some(Int(y))) => {
            ScalarResult::Int(if f == Builtin::Min {
                x.min(y)
            } else {
                x.max(y)
            })
        }
        (Builtin::Min | Builtin::Max, x @ (Int(_) | Float(_)), Some(y @ (Int(_) | Float(_)))) => {
            let (x, y) = (x.number()?, y.number()?);
            if x.is_nan() || y.is_nan() {
                return None;
            }
            ScalarResult::Float(if f == Builtin::Min {
                x.min(y)
            } else {
                x.max(y)
            })
        }
        (Builtin::MonthsBetween, Int(x), Some(Int(y))) => ScalarResult::Int(months_between(x, y)?),
        (Builtin::DaysBetween, Int(x), Some(Int(y))) => ScalarResult::Int(y.checked_sub(x)?),
        (Builtin::ToFloat, Int(x), None) => ScalarResult::Float(x as f64),
        (Builtin::ToFloat, Float(x), None) => ScalarResult::Float(x),
        (Builtin::Abs, Int(x), None) => ScalarResult::Int(x.checked_abs()?),
        (Builtin::Abs, Float(x), None) => ScalarResult::Float(x.abs()),
        _ => return None,
    })
}
