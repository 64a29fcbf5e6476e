//! Fused nodes of the column evaluator: reading variables straight from typed evidence,
//! comparisons of a field with a constant decided per column, chain arms, and operators
//! with a constant operand chosen once per column rather than once per row.

use super::cells::{Store, Strs, bin, i64_cell, per_op, put, same};
use super::lower::{ColumnNode, ColumnValue, Operand, Side, Test};
use super::scalar::float_cmp;
use super::tree::BinOp;
use super::vector::Machine;
use super::{MISSING_I64, MISSING_SYM};

impl Machine<'_> {
    /// `e op c` (or `c op e` with `left`), the operator chosen once per column.
    pub(super) fn map_const(
        &mut self,
        e: &ColumnNode,
        sel: &[u32],
        out: &mut [ColumnValue],
        op: BinOp,
        c: ColumnValue,
        left: bool,
    ) {
        per_op!(op, |O| if left {
            self.map(e, sel, out, |v, strs| bin(O, c, v, strs));
        } else {
            self.map(e, sel, out, |v, strs| bin(O, v, c, strs));
        });
    }

    pub(super) fn read_ev(&self, field: usize, sel: &[u32], out: &mut [ColumnValue]) {
        self.ev[field].for_each(self.start, sel, |r, x| out[r as usize] = x);
    }

    /// `field op c` straight from the typed evidence (the commonest condition in rules),
    /// with the operator chosen once per column rather than once per row.
    pub(super) fn ev_const(
        &mut self,
        field: usize,
        op: BinOp,
        c: ColumnValue,
        sel: &[u32],
        out: &mut [ColumnValue],
    ) {
        if self.ev_cmp(field, op, c, sel, |r, b| {
            out[r as usize] = ColumnValue::Bool(b)
        }) {
            return;
        }
        let strs = self.strs;
        per_op!(op, |O| self.each_put(Operand::Ev(field), sel, out, |v| {
            bin(O, v, c, strs)
        }));
    }

    /// A comparison of a typed field with a constant, decided without building values,
    /// for the type pairs whose result is always a boolean; `false` if not such a pair.
    /// (A missing value is `()`: equal only to `()`, and never less or greater than anything.)
    #[inline(always)]
    #[allow(clippy::cast_precision_loss, clippy::float_cmp, unused_variables)]
    pub(super) fn ev_cmp(
        &self,
        field: usize,
        op: BinOp,
        c: ColumnValue,
        sel: &[u32],
        mut f: impl FnMut(u32, bool),
    ) -> bool {
        use BinOp::{Eq, Ge, Gt, Le, Lt, Ne};
        let s = self.start;
        // The loop is generated once per operator so that the row loop has no dispatch.
        macro_rules! each {
            ($v:expr, |$x:ident| $eq:expr, $lt:expr, $le:expr, $gt:expr, $ge:expr) => {{
                let v = $v;
                match op {
                    Eq => each_cell(v, s, sel, &mut f, |$x| $eq),
                    Ne => each_cell(v, s, sel, &mut f, |$x| !$eq),
                    Lt => each_cell(v, s, sel, &mut f, |$x| $lt),
                    Le => each_cell(v, s, sel, &mut f, |$x| $le),
                    Gt => each_cell(v, s, sel, &mut f, |$x| $gt),
                    Ge => each_cell(v, s, sel, &mut f, |$x| $ge),
                    _ => return false,
                }
                true
            }};
            // Every operator through one comparison function `$cmp(op, x)`.
            ($v:expr, by $cmp:ident) => {
                each!(
                    $v,
                    |x| $cmp(Eq, x),
                    $cmp(Lt, x),
                    $cmp(Le, x),
                    $cmp(Gt, x),
                    $cmp(Ge, x)
                )
            };
        }
        match (&self.ev[field], c) {
            // NaN (missing) is `()`: unequal to a number, and never less or greater. Present
            // values are finite, so `!=` is the negation of Rhai's float `==`.
            (Store::F64(v), ColumnValue::Float(_) | ColumnValue::Int(_)) => {
                let k = match c {
                    ColumnValue::Int(i) => i as f64,
                    ColumnValue::Float(k) => k,
                    _ => return false,
                };
                let cmp = |op, x: f64| !x.is_nan() && float_cmp(op, x, k);
                each!(v, by cmp)
            }
            (Store::I64(v), ColumnValue::Int(k)) => {
                let m = MISSING_I64;
                each!(
                    v,
                    |x| x != m && x == k,
                    x != m && x < k,
                    x != m && x <= k,
                    x != m && x > k,
                    x != m && x >= k
                )
            }
            (Store::I64(v), ColumnValue::Float(k)) => {
                let cmp = |op, x: i64| x != MISSING_I64 && float_cmp(op, x as f64, k);
                each!(v, by cmp)
            }
            (Store::F64(v), ColumnValue::Unit) => {
                each!(v, |x| x.is_nan(), false, false, false, false)
            }
            (Store::I64(v), ColumnValue::Unit) => {
                each!(v, |x| x == MISSING_I64, false, false, false, false)
            }
            (Store::Sym(v), ColumnValue::Unit) => {
                each!(v, |x| x == MISSING_SYM, false, false, false, false)
            }
            (Store::Flag(v), ColumnValue::Unit) => each!(v, |x| x == 2, false, false, false, false),
            (Store::Sym(v), ColumnValue::Sym(k)) if matches!(op, Eq | Ne) => {
                each!(v, |x| x == k, false, false, false, false)
            }
            (Store::Flag(v), ColumnValue::Bool(k)) if matches!(op, Eq | Ne) => {
                each!(v, |x| x == u8::from(k), false, false, false, false)
            }
            _ => false,
        }
    }

    /// Puts `f` of the variable's value for each row of `sel` into `out`, in one pass.
    #[inline(always)]
    pub(super) fn each_put(
        &mut self,
        opd: Operand,
        sel: &[u32],
        out: &mut [ColumnValue],
        f: impl Fn(ColumnValue) -> ColumnValue,
    ) {
        // Taken out for the loop (a move, no copy): `each` borrows the machine whole.
        let mut bails = std::mem::take(&mut self.bails);
        self.each(opd, sel, |r, v| put(&mut bails, out, r, f(v)));
        self.bails = bails;
    }

    /// Calls `f(row, value)` for each row of `sel` with the variable's value.
    #[inline(always)]
    pub(super) fn each(&self, opd: Operand, sel: &[u32], mut f: impl FnMut(u32, ColumnValue)) {
        match opd {
            Operand::Ev(i) => self.ev[i].for_each(self.start, sel, f),
            Operand::Comp(i) => {
                let col = &self.comp[i];
                sel.iter().for_each(|&r| f(r, col[r as usize].stored()));
            }
            Operand::Local(i) => {
                let col = &self.locals[i];
                sel.iter().for_each(|&r| f(r, col[r as usize]));
            }
        }
    }

    /// The value of a variable for one row.
    #[inline(always)]
    pub(super) fn read(&self, opd: Operand, r: u32) -> ColumnValue {
        let r = r as usize;
        match opd {
            Operand::Ev(i) => self.ev[i].cell(self.start + r),
            Operand::Comp(i) => self.comp[i][r].stored(),
            Operand::Local(i) => self.locals[i][r],
        }
    }

    /// `switch` on an enum or text field: one lookup by symbol number per row rather than a
    /// search of the cases (`switch` matches a symbol only with the same symbol, and the
    /// first matching case wins); `false` if the field holds something else.
    pub(super) fn sym_table(
        &self,
        field: usize,
        cases: &[(ColumnValue, ColumnValue)],
        default: ColumnValue,
        sel: &[u32],
        out: &mut [ColumnValue],
    ) -> bool {
        let Store::Sym(v) = &self.ev[field] else {
            return false;
        };
        let find = |x: ColumnValue| {
            cases
                .iter()
                .find(|(lit, _)| same(*lit, x))
                .map_or(default, |c| c.1)
        };
        let syms = cases.iter().filter_map(|(lit, _)| match lit {
            ColumnValue::Sym(k) => Some(*k as usize + 1),
            _ => None,
        });
        let mut table = vec![default; syms.max().unwrap_or(0)];
        for (k, t) in table.iter_mut().enumerate() {
            *t = find(ColumnValue::Sym(u32::try_from(k).unwrap_or(u32::MAX)));
        }
        let missing = find(ColumnValue::Unit);
        for &r in sel {
            let x = v[self.start + r as usize];
            out[r as usize] = if x == MISSING_SYM {
                missing
            } else {
                table.get(x as usize).copied().unwrap_or(default)
            };
        }
        true
    }

    /// A chain arm: rows whose test holds get `value`, the others go on to `next`.
    pub(super) fn arm(
        &mut self,
        opd: Operand,
        test: Test,
        value: ColumnValue,
        cur: &[u32],
        next: &mut Vec<u32>,
        out: &mut [ColumnValue],
    ) {
        if let (Operand::Ev(i), Test::Cmp(op, c)) = (opd, test)
            && self.ev_cmp(i, op, c, cur, |r, b| {
                if b {
                    out[r as usize] = value;
                } else {
                    next.push(r);
                }
            })
        {
            return;
        }
        let strs = self.strs;
        let mut failed = std::mem::take(&mut self.failed);
        failed.clear();
        self.each(opd, cur, |r, x| {
            let t = match test {
                Test::Cmp(op, c) => bin(op, x, c, strs),
                Test::Truth => x,
            };
            match t {
                ColumnValue::Bool(true) => out[r as usize] = value,
                ColumnValue::Bool(false) => next.push(r),
                _ => failed.push(r),
            }
        });
        for &r in &failed {
            self.bails.set(r);
        }
        self.failed = failed;
    }
}

/// `f(row, t(cell))` for each row of `sel` (rows counted from `start`).
#[inline(always)]
fn each_cell<T: Copy>(
    v: &[T],
    start: usize,
    sel: &[u32],
    f: &mut impl FnMut(u32, bool),
    t: impl Fn(T) -> bool,
) {
    sel.iter().for_each(|&r| f(r, t(v[start + r as usize])));
}

/// The constant operation of a [`Side`] on its variable's value `a`.
#[inline(always)]
fn first(pre: Option<(BinOp, ColumnValue, bool)>, a: ColumnValue, strs: Strs<'_>) -> ColumnValue {
    match pre {
        None => a,
        Some((p, c, true)) => bin(p, c, a, strs),
        Some((p, c, false)) => bin(p, a, c, strs),
    }
}

impl Machine<'_> {
    /// `g(row, x, y)` for each row of `sel` in one pass, when `x` and `y` are whole-number
    /// fields (the usual case: no column for either side, no dispatch on the storage per
    /// row); `false` otherwise. `g` is false where the row must be handed back.
    #[inline(always)]
    pub(super) fn fields2(
        &mut self,
        x: Operand,
        y: Operand,
        sel: &[u32],
        mut g: impl FnMut(u32, ColumnValue, ColumnValue) -> bool,
    ) -> bool {
        let (Operand::Ev(i), Operand::Ev(j)) = (x, y) else {
            return false;
        };
        let (Store::I64(xs), Store::I64(ys)) = (&self.ev[i], &self.ev[j]) else {
            return false;
        };
        let (xs, ys) = (&xs[self.start..], &ys[self.start..]);
        for &r in sel {
            let (a, b) = (xs[r as usize], ys[r as usize]);
            if !g(r, i64_cell(a), i64_cell(b)) {
                self.bails.set(r);
            }
        }
        true
    }

    /// `x op y` for each row of `sel` in one pass where [`Self::fields2`] applies.
    /// `f(row, value)` is false where the row must be handed back.
    #[inline(always)]
    pub(super) fn var_op(
        &mut self,
        op: BinOp,
        (x, pre): Side,
        y: Operand,
        sel: &[u32],
        mut f: impl FnMut(u32, ColumnValue) -> bool,
    ) -> bool {
        let strs = self.strs;
        // The operator is matched per row: a loop per operator would leave `f` out of line.
        self.fields2(x, y, sel, |r, a, b| {
            f(r, bin(op, first(pre, a, strs), b, strs))
        })
    }
}
