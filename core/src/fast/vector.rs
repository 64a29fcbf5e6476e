//! The column evaluator: runs a lowered program over a chunk of records at once. Each node
//! is evaluated for the rows that reach it (a selection of row numbers), so `if`, `&&` and
//! `switch` evaluate a branch only for the rows that take it, and a row that meets `return`
//! takes no further part, exactly as row by row. A row whose evaluation meets anything the
//! subset leaves to the interpreter is marked and handed back, so that the caller
//! evaluates it with the row path.

use super::lower::{CNode, CStmt, Cv, Operand, Prog, SwitchNode, Symbols, Test};
use super::parse::BinOp;
use super::scalar::{self, N, S};
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

pub(crate) const MISSING_I64: i64 = i64::MIN;
pub(crate) const MISSING_SYM: u32 = u32::MAX;

/// The strings behind symbols: the pack's, then the batch's own (free text).
#[derive(Clone, Copy)]
pub(crate) struct Strs<'a> {
    pub(crate) pack: &'a Symbols,
    pub(crate) batch: &'a Symbols,
}

impl<'a> Strs<'a> {
    fn get(self, i: u32) -> &'a str {
        let n = u32::try_from(self.pack.len()).unwrap_or(u32::MAX);
        let s = if i < n {
            self.pack.get(i)
        } else {
            self.batch.get(i - n)
        };
        s.map_or("", ImmutableString::as_str)
    }
}

/// Working memory for one chunk of rows.
pub(crate) struct Machine<'a> {
    ev: &'a [Store],
    start: usize,
    strs: Strs<'a>,
    /// Derived values, then selection variables, for the chunk's rows.
    pub(crate) comp: Vec<Vec<Cv>>,
    locals: Vec<Vec<Cv>>,
    /// Rows handed back to the row path.
    pub(crate) bails: Bails,
    returned: Vec<bool>,
    /// Rows that met `return` in the current program.
    rets: Vec<u32>,
    /// Scratch list of rows whose condition failed.
    failed: Vec<u32>,
    /// Rows that have met `return` so far: when it changes, selections are filtered.
    nret: usize,
    ret: Vec<Cv>,
    bufs: Vec<Vec<Cv>>,
    sels: Vec<Vec<u32>>,
    n: usize,
}

fn scalar(v: Cv, strs: Strs<'_>) -> S<'_> {
    match v {
        Cv::Unit => S::Unit,
        Cv::Bool(b) => S::Bool(b),
        Cv::Int(i) => S::Int(i),
        Cv::Float(f) => S::Float(f),
        Cv::Sym(i) => S::Str(strs.get(i)),
        Cv::MapNone | Cv::MapUnit | Cv::MapInt(_) | Cv::MapFloat(_) | Cv::Bail => S::Other,
    }
}

fn done(n: Option<N>) -> Cv {
    match n {
        Some(N::Bool(b)) => Cv::Bool(b),
        Some(N::Int(i)) => Cv::Int(i),
        Some(N::Float(f)) => Cv::Float(f),
        None => Cv::Bail,
    }
}

/// `switch` matches by type and value; symbols are equal exactly when their strings are.
fn same(lit: Cv, v: Cv) -> bool {
    match (lit, v) {
        (Cv::Int(a), Cv::Int(b)) => a == b,
        (Cv::Sym(a), Cv::Sym(b)) => a == b,
        (Cv::Bool(a), Cv::Bool(b)) => a == b,
        (Cv::Unit, Cv::Unit) => true,
        _ => false,
    }
}

impl<'a> Machine<'a> {
    /// A machine for rows `start..start + n` of `ev`; `computed` slots and `locals` columns.
    pub(crate) fn new(
        ev: &'a [Store],
        strs: Strs<'a>,
        start: usize,
        n: usize,
        computed: usize,
        locals: usize,
    ) -> Machine<'a> {
        Machine {
            ev,
            start,
            strs,
            comp: vec![vec![Cv::Unit; n]; computed],
            locals: vec![vec![Cv::Unit; n]; locals],
            bails: Bails {
                flags: vec![false; n],
                count: 0,
            },
            returned: vec![false; n],
            rets: Vec::new(),
            failed: Vec::new(),
            nret: 0,
            ret: vec![Cv::Unit; n],
            bufs: Vec::new(),
            sels: Vec::new(),
            n,
        }
    }

    fn buf(&mut self) -> Vec<Cv> {
        self.bufs.pop().unwrap_or_else(|| vec![Cv::Unit; self.n])
    }

    fn sel(&mut self) -> Vec<u32> {
        let mut s = self.sels.pop().unwrap_or_default();
        s.clear();
        s
    }

    /// Runs `prog` for the rows in `sel`, leaving each row's value in `out`; rows the
    /// interpreter must evaluate are in `bails` instead.
    pub(crate) fn run(&mut self, prog: &Prog, sel: &[u32], out: &mut [Cv]) {
        self.rets.clear();
        self.eval(&prog.body, sel, out);
        for &r in &self.rets {
            out[r as usize] = self.ret[r as usize];
            self.returned[r as usize] = false;
        }
    }

    /// The rows of `sel` where `cond` is true and where it is false; rows where it is not a
    /// boolean are handed back, rows that `return` inside it are in neither.
    fn cond_split(&mut self, cond: &CNode, sel: &[u32]) -> (Vec<u32>, Vec<u32>) {
        let (mut yes, mut no) = (self.sel(), self.sel());
        // A comparison of a field with a constant splits straight from the evidence.
        if let CNode::BinC(op, e, k) = cond
            && let CNode::Ev(i) = **e
            && self.ev_cmp(i, *op, *k, sel, |r, b| {
                if b {
                    yes.push(r);
                } else {
                    no.push(r);
                }
            })
        {
            return (yes, no);
        }
        let mut c = self.buf();
        self.then(cond, sel, &mut c, |m, sel, c| {
            for &r in sel {
                match c[r as usize] {
                    Cv::Bool(true) => yes.push(r),
                    Cv::Bool(false) => no.push(r),
                    _ => m.bails.set(r),
                }
            }
        });
        self.bufs.push(c);
        (yes, no)
    }

    /// Evaluates `e` for `sel`, then `rest` for the rows still going (all of `sel` unless
    /// some met `return` inside `e`).
    fn then(
        &mut self,
        e: &CNode,
        sel: &[u32],
        out: &mut [Cv],
        rest: impl FnOnce(&mut Self, &[u32], &mut [Cv]),
    ) {
        let before = self.nret;
        self.eval(e, sel, out);
        if self.nret == before {
            rest(self, sel, out);
        } else {
            let mut live = self.sel();
            live.extend(sel.iter().copied().filter(|&r| !self.returned[r as usize]));
            rest(self, &live, out);
            self.sels.push(live);
        }
    }

    /// Evaluates `e`, then replaces each live row's value by `f` of it.
    fn map(&mut self, e: &CNode, sel: &[u32], out: &mut [Cv], f: impl Fn(Cv, Strs<'_>) -> Cv) {
        self.then(e, sel, out, |m, sel, out| {
            let strs = m.strs;
            for &r in sel {
                put(&mut m.bails, out, r, f(out[r as usize], strs));
            }
        });
    }

    /// `e op c` (or `c op e` with `left`), the operator chosen once per column.
    fn map_const(&mut self, e: &CNode, sel: &[u32], out: &mut [Cv], op: BinOp, c: Cv, left: bool) {
        macro_rules! with {
            ($op:expr) => {
                if left {
                    self.map(e, sel, out, |v, strs| bin($op, c, v, strs))
                } else {
                    self.map(e, sel, out, |v, strs| bin($op, v, c, strs))
                }
            };
        }
        match op {
            BinOp::Add => with!(BinOp::Add),
            BinOp::Sub => with!(BinOp::Sub),
            BinOp::Mul => with!(BinOp::Mul),
            BinOp::Div => with!(BinOp::Div),
            BinOp::Eq => with!(BinOp::Eq),
            BinOp::Ne => with!(BinOp::Ne),
            BinOp::Lt => with!(BinOp::Lt),
            BinOp::Le => with!(BinOp::Le),
            BinOp::Gt => with!(BinOp::Gt),
            BinOp::Ge => with!(BinOp::Ge),
            op => with!(op),
        }
    }

    fn assign(&mut self, slot: usize, e: &CNode, sel: &[u32]) {
        let mut col = std::mem::take(&mut self.locals[slot]);
        self.eval(e, sel, &mut col);
        self.locals[slot] = col;
    }

    /// The rows of each `switch` case (the default last); rows that cannot match bail.
    fn buckets(&mut self, b: &SwitchNode, sel: &[u32]) -> Vec<Vec<u32>> {
        let mut k = self.buf();
        let mut buckets: Vec<Vec<u32>> = (0..=b.1.len()).map(|_| self.sel()).collect();
        self.then(&b.0, sel, &mut k, |m, sel, k| {
            for &r in sel {
                let v = k[r as usize];
                if matches!(v, Cv::Unit | Cv::Bool(_) | Cv::Int(_) | Cv::Sym(_)) {
                    let i = b.1.iter().position(|(lit, _)| same(*lit, v));
                    buckets[i.unwrap_or(b.1.len())].push(r);
                } else {
                    m.bails.set(r);
                }
            }
        });
        self.bufs.push(k);
        buckets
    }

    fn read_ev(&self, field: usize, sel: &[u32], out: &mut [Cv]) {
        let s = self.start;
        match &self.ev[field] {
            Store::F64(v) => {
                for &r in sel {
                    out[r as usize] = f64_cell(v[s + r as usize]);
                }
            }
            Store::I64(v) => {
                for &r in sel {
                    out[r as usize] = i64_cell(v[s + r as usize]);
                }
            }
            Store::Flag(v) => {
                for &r in sel {
                    out[r as usize] = flag_cell(v[s + r as usize]);
                }
            }
            Store::Sym(v) => {
                for &r in sel {
                    out[r as usize] = sym_cell(v[s + r as usize]);
                }
            }
        }
    }

    /// `field op c` straight from the typed evidence (the commonest condition in rules),
    /// with the operator chosen once per column rather than once per row.
    fn ev_const(&mut self, field: usize, op: BinOp, c: Cv, sel: &[u32], out: &mut [Cv]) {
        if self.ev_cmp(field, op, c, sel, |r, b| out[r as usize] = Cv::Bool(b)) {
            return;
        }
        let strs = self.strs;
        match op {
            BinOp::Eq => self.ev_map(field, sel, out, |v| bin(BinOp::Eq, v, c, strs)),
            BinOp::Ne => self.ev_map(field, sel, out, |v| bin(BinOp::Ne, v, c, strs)),
            BinOp::Lt => self.ev_map(field, sel, out, |v| bin(BinOp::Lt, v, c, strs)),
            BinOp::Le => self.ev_map(field, sel, out, |v| bin(BinOp::Le, v, c, strs)),
            BinOp::Gt => self.ev_map(field, sel, out, |v| bin(BinOp::Gt, v, c, strs)),
            BinOp::Ge => self.ev_map(field, sel, out, |v| bin(BinOp::Ge, v, c, strs)),
            op => self.ev_map(field, sel, out, |v| bin(op, v, c, strs)),
        }
    }

    /// A comparison of a typed field with a constant, decided without building values,
    /// for the type pairs whose result is always a boolean; `false` if not such a pair.
    /// (A missing value is `()`: equal only to `()`, and never less or greater than anything.)
    #[inline(always)]
    #[allow(clippy::cast_precision_loss, clippy::float_cmp, unused_variables)]
    fn ev_cmp(
        &self,
        field: usize,
        op: BinOp,
        c: Cv,
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
                    Eq => sel.iter().for_each(|&r| {
                        let $x = v[s + r as usize];
                        f(r, $eq)
                    }),
                    Ne => sel.iter().for_each(|&r| {
                        let $x = v[s + r as usize];
                        f(r, !$eq)
                    }),
                    Lt => sel.iter().for_each(|&r| {
                        let $x = v[s + r as usize];
                        f(r, $lt)
                    }),
                    Le => sel.iter().for_each(|&r| {
                        let $x = v[s + r as usize];
                        f(r, $le)
                    }),
                    Gt => sel.iter().for_each(|&r| {
                        let $x = v[s + r as usize];
                        f(r, $gt)
                    }),
                    Ge => sel.iter().for_each(|&r| {
                        let $x = v[s + r as usize];
                        f(r, $ge)
                    }),
                    _ => return false,
                }
                true
            }};
        }
        match (&self.ev[field], c) {
            // NaN (missing) compares false, and unequal, exactly like `()` against a number.
            (Store::F64(v), Cv::Float(_) | Cv::Int(_)) => {
                let k = match c {
                    Cv::Int(i) => i as f64,
                    Cv::Float(k) => k,
                    _ => return false,
                };
                each!(v, |x| x == k, x < k, x <= k, x > k, x >= k)
            }
            (Store::I64(v), Cv::Int(k)) => {
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
            (Store::I64(v), Cv::Float(k)) => {
                let m = MISSING_I64;
                each!(
                    v,
                    |x| x != m && x as f64 == k,
                    x != m && (x as f64) < k,
                    x != m && x as f64 <= k,
                    x != m && x as f64 > k,
                    x != m && x as f64 >= k
                )
            }
            (Store::F64(v), Cv::Unit) => each!(v, |x| x.is_nan(), false, false, false, false),
            (Store::I64(v), Cv::Unit) => {
                each!(v, |x| x == MISSING_I64, false, false, false, false)
            }
            (Store::Sym(v), Cv::Unit) => {
                each!(v, |x| x == MISSING_SYM, false, false, false, false)
            }
            (Store::Flag(v), Cv::Unit) => each!(v, |x| x == 2, false, false, false, false),
            (Store::Sym(v), Cv::Sym(k)) if matches!(op, Eq | Ne) => {
                each!(v, |x| x == k, false, false, false, false)
            }
            (Store::Flag(v), Cv::Bool(k)) if matches!(op, Eq | Ne) => {
                each!(v, |x| x == u8::from(k), false, false, false, false)
            }
            _ => false,
        }
    }

    #[inline(always)]
    fn ev_map(&mut self, field: usize, sel: &[u32], out: &mut [Cv], f: impl Fn(Cv) -> Cv) {
        let s = self.start;
        let bails = &mut self.bails;
        match &self.ev[field] {
            Store::F64(v) => {
                for &r in sel {
                    put(bails, out, r, f(f64_cell(v[s + r as usize])));
                }
            }
            Store::I64(v) => {
                for &r in sel {
                    put(bails, out, r, f(i64_cell(v[s + r as usize])));
                }
            }
            Store::Flag(v) => {
                for &r in sel {
                    put(bails, out, r, f(flag_cell(v[s + r as usize])));
                }
            }
            Store::Sym(v) => {
                for &r in sel {
                    put(bails, out, r, f(sym_cell(v[s + r as usize])));
                }
            }
        }
    }

    /// Calls `f(row, value)` for each row of `sel` with the variable's value.
    #[inline(always)]
    fn each(&self, opd: Operand, sel: &[u32], mut f: impl FnMut(u32, Cv)) {
        let s = self.start;
        let stored = |v: Cv| match v {
            Cv::MapNone | Cv::MapUnit | Cv::MapInt(_) | Cv::MapFloat(_) => Cv::Bail,
            v => v,
        };
        match opd {
            Operand::Ev(i) => match &self.ev[i] {
                Store::F64(v) => sel.iter().for_each(|&r| f(r, f64_cell(v[s + r as usize]))),
                Store::I64(v) => sel.iter().for_each(|&r| f(r, i64_cell(v[s + r as usize]))),
                Store::Flag(v) => sel.iter().for_each(|&r| f(r, flag_cell(v[s + r as usize]))),
                Store::Sym(v) => sel.iter().for_each(|&r| f(r, sym_cell(v[s + r as usize]))),
            },
            Operand::Comp(i) => {
                let col = &self.comp[i];
                sel.iter().for_each(|&r| f(r, stored(col[r as usize])));
            }
            Operand::Local(i) => {
                let col = &self.locals[i];
                sel.iter().for_each(|&r| f(r, col[r as usize]));
            }
        }
    }

    /// The value of a variable for one row.
    #[inline(always)]
    fn read(&self, opd: Operand, r: u32) -> Cv {
        let r = r as usize;
        match opd {
            Operand::Ev(i) => match &self.ev[i] {
                Store::F64(v) => f64_cell(v[self.start + r]),
                Store::I64(v) => i64_cell(v[self.start + r]),
                Store::Flag(v) => flag_cell(v[self.start + r]),
                Store::Sym(v) => sym_cell(v[self.start + r]),
            },
            Operand::Comp(i) => match self.comp[i][r] {
                Cv::MapNone | Cv::MapUnit | Cv::MapInt(_) | Cv::MapFloat(_) => Cv::Bail,
                v => v,
            },
            Operand::Local(i) => self.locals[i][r],
        }
    }

    /// A chain arm: rows whose test holds get `value`, the others go on to `next`.
    fn arm(
        &mut self,
        opd: Operand,
        test: Test,
        value: Cv,
        cur: &[u32],
        next: &mut Vec<u32>,
        out: &mut [Cv],
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
                Cv::Bool(true) => out[r as usize] = value,
                Cv::Bool(false) => next.push(r),
                _ => failed.push(r),
            }
        });
        for &r in &failed {
            self.bails.set(r);
        }
        self.failed = failed;
    }

    /// Evaluates `node` for each row of `sel` into `out`. Rows may leave by `return` (their
    /// value is then in `ret`), and a row meeting a `Bail` is marked at once.
    #[allow(clippy::too_many_lines)]
    fn eval(&mut self, node: &CNode, sel: &[u32], out: &mut [Cv]) {
        match node {
            CNode::Const(c) => {
                for &r in sel {
                    out[r as usize] = *c;
                }
            }
            CNode::Ev(i) => self.read_ev(*i, sel, out),
            CNode::Comp(i) => {
                let col = &self.comp[*i];
                for &r in sel {
                    // A map stored as a value is not modelled here.
                    let v = match col[r as usize] {
                        Cv::MapNone | Cv::MapUnit | Cv::MapInt(_) | Cv::MapFloat(_) => Cv::Bail,
                        v => v,
                    };
                    put(&mut self.bails, out, r, v);
                }
            }
            CNode::Local(i) => {
                let col = &self.locals[*i];
                for &r in sel {
                    out[r as usize] = col[r as usize];
                }
            }
            CNode::Neg(e) => self.map(e, sel, out, |v, strs| {
                if v == Cv::Bail {
                    v
                } else {
                    done(scalar::neg(scalar(v, strs)))
                }
            }),
            CNode::Not(e) => self.map(e, sel, out, |v, _| match v {
                Cv::Bool(b) => Cv::Bool(!b),
                _ => Cv::Bail,
            }),
            CNode::Present(e, present) => self.map(e, sel, out, |v, _| {
                if v == Cv::Bail {
                    v
                } else {
                    Cv::Bool((v == Cv::Unit) != *present)
                }
            }),
            CNode::Call(f, a, None) => self.map(a, sel, out, |v, strs| {
                if v == Cv::Bail {
                    v
                } else {
                    done(scalar::call(*f, scalar(v, strs), None))
                }
            }),
            CNode::Band(x, ts) => self.map(x, sel, out, |v, strs| match v {
                Cv::Float(f) if !f.is_nan() => Cv::Int(band(f, ts)),
                #[allow(clippy::cast_precision_loss)]
                Cv::Int(i) => Cv::Int(band(i as f64, ts)),
                Cv::Bail => Cv::Bail,
                other => done(scalar::band(
                    scalar(other, strs),
                    ts.iter().copied().map(Some),
                )),
            }),
            CNode::BinC(op, e, c) => match **e {
                CNode::Ev(i) => self.ev_const(i, *op, *c, sel, out),
                _ => self.map_const(e, sel, out, *op, *c, false),
            },
            CNode::CBin(op, c, e) => self.map_const(e, sel, out, *op, *c, true),
            CNode::BinV(op, e, opd) => self.then(e, sel, out, |m, sel, out| {
                let strs = m.strs;
                for &r in sel {
                    let v = bin(*op, out[r as usize], m.read(*opd, r), strs);
                    put(&mut m.bails, out, r, v);
                }
            }),
            CNode::Bin(op, b) => {
                let mut t = self.buf();
                self.then(&b.0, sel, out, |m, sel, out| {
                    m.then(&b.1, sel, &mut t, |m, sel, t| {
                        let strs = m.strs;
                        for &r in sel {
                            let v = bin(*op, out[r as usize], t[r as usize], strs);
                            put(&mut m.bails, out, r, v);
                        }
                    });
                });
                self.bufs.push(t);
            }
            CNode::Call(f, a, Some(b)) => {
                let mut t = self.buf();
                self.then(a, sel, out, |m, sel, out| {
                    m.then(b, sel, &mut t, |m, sel, t| {
                        let strs = m.strs;
                        for &r in sel {
                            let (x, y) = (out[r as usize], t[r as usize]);
                            let v = if x == Cv::Bail || y == Cv::Bail {
                                Cv::Bail
                            } else {
                                done(scalar::call(*f, scalar(x, strs), Some(scalar(y, strs))))
                            };
                            put(&mut m.bails, out, r, v);
                        }
                    });
                });
                self.bufs.push(t);
            }
            CNode::And(b) | CNode::Or(b) => {
                // `a && b`: false where `a` is false, else `b` (which must be a boolean).
                let and = matches!(node, CNode::And(_));
                let (yes, no) = self.cond_split(&b.0, sel);
                let (decided, rest) = if and { (&no, &yes) } else { (&yes, &no) };
                for &r in decided {
                    out[r as usize] = Cv::Bool(!and);
                }
                let (t, f) = self.cond_split(&b.1, rest);
                for &r in &t {
                    out[r as usize] = Cv::Bool(true);
                }
                for &r in &f {
                    out[r as usize] = Cv::Bool(false);
                }
                self.sels.extend([yes, no, t, f]);
            }
            CNode::If(b) => {
                let (yes, no) = self.cond_split(&b.0, sel);
                self.eval(&b.1, &yes, out);
                self.eval(&b.2, &no, out);
                self.sels.extend([yes, no]);
            }
            CNode::Switch(b) => {
                let buckets = self.buckets(b, sel);
                for (i, rows) in buckets.iter().enumerate() {
                    self.eval(b.1.get(i).map_or(&b.2, |c| &c.1), rows, out);
                }
                self.sels.extend(buckets);
            }
            CNode::Chain(arms, default) => {
                let mut cur = self.sel();
                cur.extend_from_slice(sel);
                let mut next = self.sel();
                for &(opd, test, value) in arms {
                    next.clear();
                    self.arm(opd, test, value, &cur, &mut next, out);
                    std::mem::swap(&mut cur, &mut next);
                    if cur.is_empty() {
                        break;
                    }
                }
                for &r in &cur {
                    out[r as usize] = *default;
                }
                self.sels.extend([cur, next]);
            }
            CNode::Table(opd, cases, default) => {
                let mut failed = std::mem::take(&mut self.failed);
                failed.clear();
                self.each(*opd, sel, |r, x| {
                    if matches!(x, Cv::Unit | Cv::Bool(_) | Cv::Int(_) | Cv::Sym(_)) {
                        out[r as usize] = cases
                            .iter()
                            .find(|(lit, _)| same(*lit, x))
                            .map_or(*default, |c| c.1);
                    } else {
                        failed.push(r);
                    }
                });
                for &r in &failed {
                    self.bails.set(r);
                }
                self.failed = failed;
            }
            CNode::Map(entries, score) => {
                for &r in sel {
                    out[r as usize] = Cv::MapNone;
                }
                let mut cur = self.sel();
                cur.extend_from_slice(sel);
                let mut t = self.buf();
                for (i, e) in entries.iter().enumerate() {
                    let before = self.nret;
                    self.eval(e, &cur, &mut t);
                    if self.nret != before {
                        let returned = &self.returned;
                        cur.retain(|&r| !returned[r as usize]);
                    }
                    if *score == Some(i) {
                        for &r in &cur {
                            let v = match t[r as usize] {
                                Cv::Unit => Cv::MapUnit,
                                Cv::Int(x) => Cv::MapInt(x),
                                Cv::Float(x) => Cv::MapFloat(x),
                                _ => Cv::Bail,
                            };
                            put(&mut self.bails, out, r, v);
                        }
                    }
                }
                self.bufs.push(t);
                self.sels.push(cur);
            }
            CNode::Block(stmts) => {
                let mut cur = self.sel();
                cur.extend_from_slice(sel);
                for &r in sel {
                    out[r as usize] = Cv::Unit;
                }
                for (i, s) in stmts.iter().enumerate() {
                    let before = self.nret;
                    match s {
                        CStmt::Let(slot, e) => self.assign(*slot, e, &cur),
                        CStmt::Expr(e) if i + 1 == stmts.len() => self.eval(e, &cur, out),
                        CStmt::Expr(e) => {
                            let mut t = self.buf();
                            self.eval(e, &cur, &mut t);
                            self.bufs.push(t);
                        }
                        CStmt::Return(e) => {
                            let mut t = self.buf();
                            self.then(e, &cur, &mut t, |m, rows, t| {
                                for &r in rows {
                                    m.returned[r as usize] = true;
                                    m.ret[r as usize] = t[r as usize];
                                }
                                m.rets.extend_from_slice(rows);
                                m.nret += rows.len();
                            });
                            self.bufs.push(t);
                            cur.clear();
                        }
                    }
                    if self.nret != before {
                        let returned = &self.returned;
                        cur.retain(|&r| !returned[r as usize]);
                    }
                    if cur.is_empty() {
                        break;
                    }
                }
                self.sels.push(cur);
            }
        }
    }
}

/// Rows handed back to the row path, and how many.
pub(crate) struct Bails {
    flags: Vec<bool>,
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
fn put(bails: &mut Bails, out: &mut [Cv], r: u32, v: Cv) {
    if matches!(v, Cv::Bail) {
        bails.set(r);
    }
    out[r as usize] = v;
}

#[inline(always)]
fn f64_cell(x: f64) -> Cv {
    if x.is_nan() { Cv::Unit } else { Cv::Float(x) }
}

#[inline(always)]
fn i64_cell(x: i64) -> Cv {
    if x == MISSING_I64 {
        Cv::Unit
    } else {
        Cv::Int(x)
    }
}

#[inline(always)]
fn flag_cell(x: u8) -> Cv {
    match x {
        0 => Cv::Bool(false),
        1 => Cv::Bool(true),
        _ => Cv::Unit,
    }
}

#[inline(always)]
fn sym_cell(x: u32) -> Cv {
    if x == MISSING_SYM {
        Cv::Unit
    } else {
        Cv::Sym(x)
    }
}

/// `band` over numbers (NaN is left to the shared implementation by the caller).
fn band(v: f64, ts: &[f64]) -> i64 {
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
fn bin(op: BinOp, l: Cv, r: Cv, strs: Strs<'_>) -> Cv {
    use Cv::{Bool, Float, Int};
    let real = |a: f64, b: f64| match op {
        BinOp::Add => Float(a + b),
        BinOp::Sub => Float(a - b),
        BinOp::Mul => Float(a * b),
        BinOp::Div if b == 0.0 => Cv::Bail,
        BinOp::Div => Float(a / b),
        BinOp::Rem => Float(a % b),
        BinOp::Eq => Bool(a == b),
        // NaN is neither equal nor unequal to anything (Rhai's `partial_cmp`).
        BinOp::Ne => Bool(!a.is_nan() && !b.is_nan() && a != b),
        BinOp::Lt => Bool(a < b),
        BinOp::Le => Bool(a <= b),
        BinOp::Gt => Bool(a > b),
        BinOp::Ge => Bool(a >= b),
    };
    let eq = matches!(op, BinOp::Eq | BinOp::Ne);
    match (l, r) {
        (Int(a), Int(b)) => match op {
            BinOp::Add => a.checked_add(b).map_or(Cv::Bail, Int),
            BinOp::Sub => a.checked_sub(b).map_or(Cv::Bail, Int),
            BinOp::Mul => a.checked_mul(b).map_or(Cv::Bail, Int),
            BinOp::Rem => a.checked_rem(b).map_or(Cv::Bail, Int),
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
        (Cv::Bail, _) | (_, Cv::Bail) => Cv::Bail,
        // Interned: equal strings have equal numbers.
        (Cv::Sym(a), Cv::Sym(b)) if eq => Bool((a == b) == (op == BinOp::Eq)),
        (Cv::Unit, Cv::Unit) if eq => Bool(op == BinOp::Eq),
        // Values of different types are unequal.
        (Cv::Unit, Int(_) | Float(_) | Cv::Sym(_) | Bool(_))
        | (Int(_) | Float(_) | Cv::Sym(_) | Bool(_), Cv::Unit)
            if eq =>
        {
            Bool(op == BinOp::Ne)
        }
        _ => rare(op, l, r, strs),
    }
}

#[cold]
#[inline(never)]
fn rare(op: BinOp, l: Cv, r: Cv, strs: Strs<'_>) -> Cv {
    done(scalar::binary(op, scalar(l, strs), scalar(r, strs)))
}
