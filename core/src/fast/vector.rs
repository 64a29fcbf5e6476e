//! The column evaluator: runs a lowered program over a chunk of records at once. Each node
//! is evaluated for the rows that reach it (a selection of row numbers), so `if`, `&&` and
//! `switch` evaluate a branch only for the rows that take it, and a row that meets `return`
//! takes no further part, exactly as row by row. A row whose evaluation meets anything the
//! subset leaves to the interpreter is marked and handed back, so that the caller
//! evaluates it with the row path.

use super::lower::{CNode, CStmt, Cv, Prog, SwitchNode, Symbols};
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
    pub(crate) bailed: Vec<bool>,
    returned: Vec<bool>,
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
            bailed: vec![false; n],
            returned: vec![false; n],
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

    /// Runs `prog` for the rows in `sel`, leaving each row's value in `out` (`Bail` for rows
    /// the interpreter must evaluate).
    pub(crate) fn run(&mut self, prog: &Prog, sel: &[u32], out: &mut [Cv]) {
        for &r in sel {
            self.returned[r as usize] = false;
        }
        self.eval(&prog.body, sel, out);
        for &r in sel {
            let r = r as usize;
            if self.returned[r] {
                out[r] = self.ret[r];
            }
            if self.bailed[r] {
                out[r] = Cv::Bail;
            }
        }
    }

    /// A `Bail` is the point where the interpreter would raise an error (or do what this
    /// evaluator does not model): the row is handed back at once, so that nothing it does
    /// afterwards (a `return` in a later operand, say) can hide it.
    fn mark(&mut self, sel: &[u32], values: &[Cv]) {
        for &r in sel {
            if values[r as usize] == Cv::Bail && !self.returned[r as usize] {
                self.bailed[r as usize] = true;
            }
        }
    }

    /// Splits `sel` by the boolean condition in `c`; rows with any other value bail.
    fn split(&mut self, sel: &[u32], c: &[Cv], out: &mut [Cv]) -> (Vec<u32>, Vec<u32>) {
        let (mut yes, mut no) = (self.sel(), self.sel());
        for &r in sel {
            match c[r as usize] {
                Cv::Bool(true) => yes.push(r),
                Cv::Bool(false) => no.push(r),
                _ => out[r as usize] = Cv::Bail,
            }
        }
        (yes, no)
    }

    /// The rows of `sel` that have not met `return`.
    fn live(&mut self, sel: &[u32]) -> Vec<u32> {
        let mut v = self.sel();
        v.extend(sel.iter().copied().filter(|&r| !self.returned[r as usize]));
        v
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
            let live = self.live(sel);
            rest(self, &live, out);
            self.sels.push(live);
        }
    }

    fn assign(&mut self, slot: usize, e: &CNode, sel: &[u32]) {
        let mut col = std::mem::take(&mut self.locals[slot]);
        self.eval(e, sel, &mut col);
        self.locals[slot] = col;
    }

    /// The rows of each `switch` case (the default last); rows that cannot match bail.
    fn buckets(&mut self, b: &SwitchNode, sel: &[u32], out: &mut [Cv]) -> Vec<Vec<u32>> {
        let mut k = self.buf();
        self.eval(&b.0, sel, &mut k);
        let mut buckets: Vec<Vec<u32>> = (0..=b.1.len()).map(|_| self.sel()).collect();
        for &r in sel {
            if self.returned[r as usize] {
                continue;
            }
            let v = k[r as usize];
            if matches!(
                v,
                Cv::Float(_)
                    | Cv::MapNone
                    | Cv::MapUnit
                    | Cv::MapInt(_)
                    | Cv::MapFloat(_)
                    | Cv::Bail
            ) {
                out[r as usize] = Cv::Bail;
                continue;
            }
            let i = b.1.iter().position(|(lit, _)| same(*lit, v));
            buckets[i.unwrap_or(b.1.len())].push(r);
        }
        self.bufs.push(k);
        buckets
    }

    fn read_ev(&self, field: usize, sel: &[u32], out: &mut [Cv]) {
        let s = self.start;
        match &self.ev[field] {
            Store::F64(v) => {
                for &r in sel {
                    let x = v[s + r as usize];
                    out[r as usize] = if x.is_nan() { Cv::Unit } else { Cv::Float(x) };
                }
            }
            Store::I64(v) => {
                for &r in sel {
                    let x = v[s + r as usize];
                    out[r as usize] = if x == MISSING_I64 {
                        Cv::Unit
                    } else {
                        Cv::Int(x)
                    };
                }
            }
            Store::Flag(v) => {
                for &r in sel {
                    out[r as usize] = match v[s + r as usize] {
                        0 => Cv::Bool(false),
                        1 => Cv::Bool(true),
                        _ => Cv::Unit,
                    };
                }
            }
            Store::Sym(v) => {
                for &r in sel {
                    let x = v[s + r as usize];
                    out[r as usize] = if x == MISSING_SYM {
                        Cv::Unit
                    } else {
                        Cv::Sym(x)
                    };
                }
            }
        }
    }

    /// Evaluates `node` for each row of `sel`, into `out`.
    fn eval(&mut self, node: &CNode, sel: &[u32], out: &mut [Cv]) {
        self.eval_node(node, sel, out);
        if !matches!(
            node,
            CNode::Const(_) | CNode::Ev(_) | CNode::Local(_) | CNode::Present(..) | CNode::Block(_)
        ) {
            self.mark(sel, out);
        }
    }

    #[allow(clippy::too_many_lines)]
    fn eval_node(&mut self, node: &CNode, sel: &[u32], out: &mut [Cv]) {
        let strs = self.strs;
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
                    out[r as usize] = match col[r as usize] {
                        Cv::MapNone | Cv::MapUnit | Cv::MapInt(_) | Cv::MapFloat(_) => Cv::Bail,
                        v => v,
                    };
                }
            }
            CNode::Local(i) => {
                let col = &self.locals[*i];
                for &r in sel {
                    out[r as usize] = col[r as usize];
                }
            }
            CNode::Neg(e) => {
                self.eval(e, sel, out);
                for &r in sel {
                    let v = &mut out[r as usize];
                    if *v != Cv::Bail {
                        *v = done(scalar::neg(scalar(*v, strs)));
                    }
                }
            }
            CNode::Not(e) => {
                self.eval(e, sel, out);
                for &r in sel {
                    let v = &mut out[r as usize];
                    *v = match *v {
                        Cv::Bool(b) => Cv::Bool(!b),
                        _ => Cv::Bail,
                    };
                }
            }
            CNode::Bin(op, b) => {
                let mut t = self.buf();
                self.then(&b.0, sel, out, |m, sel, out| {
                    m.eval(&b.1, sel, &mut t);
                    binary(*op, sel, out, &t, strs);
                });
                self.bufs.push(t);
            }
            CNode::And(b) | CNode::Or(b) => {
                let and = matches!(node, CNode::And(_));
                self.then(&b.0, sel, out, |m, sel, out| {
                    let mut next = m.sel();
                    for &r in sel {
                        match out[r as usize] {
                            Cv::Bool(x) if x == and => next.push(r),
                            Cv::Bool(_) => {}
                            _ => out[r as usize] = Cv::Bail,
                        }
                    }
                    let mut t = m.buf();
                    m.then(&b.1, &next, &mut t, |_, next, t| {
                        for &r in next {
                            out[r as usize] = match t[r as usize] {
                                Cv::Bool(x) => Cv::Bool(x),
                                _ => Cv::Bail,
                            };
                        }
                    });
                    m.bufs.push(t);
                    m.sels.push(next);
                });
            }
            CNode::If(b) => {
                let mut c = self.buf();
                self.then(&b.0, sel, &mut c, |m, sel, c| {
                    let (yes, no) = m.split(sel, c, out);
                    m.eval(&b.1, &yes, out);
                    m.eval(&b.2, &no, out);
                    m.sels.extend([yes, no]);
                });
                self.bufs.push(c);
            }
            CNode::Switch(b) => {
                let buckets = self.buckets(b, sel, out);
                for (i, rows) in buckets.iter().enumerate() {
                    self.eval(b.1.get(i).map_or(&b.2, |c| &c.1), rows, out);
                }
                self.sels.extend(buckets);
            }
            CNode::Present(e, present) => {
                self.eval(e, sel, out);
                for &r in sel {
                    let v = &mut out[r as usize];
                    if *v != Cv::Bail {
                        *v = Cv::Bool((*v == Cv::Unit) != *present);
                    }
                }
            }
            CNode::Call(f, a, None) => {
                self.eval(a, sel, out);
                for &r in sel {
                    let v = &mut out[r as usize];
                    if *v != Cv::Bail {
                        *v = done(scalar::call(*f, scalar(*v, strs), None));
                    }
                }
            }
            CNode::Call(f, a, Some(b)) => {
                let mut t = self.buf();
                self.then(a, sel, out, |m, sel, out| {
                    m.eval(b, sel, &mut t);
                    for &r in sel {
                        let (x, y) = (out[r as usize], t[r as usize]);
                        out[r as usize] = if x == Cv::Bail || y == Cv::Bail {
                            Cv::Bail
                        } else {
                            done(scalar::call(*f, scalar(x, strs), Some(scalar(y, strs))))
                        };
                    }
                });
                self.bufs.push(t);
            }
            CNode::Band(x, ts) => {
                self.eval(x, sel, out);
                for &r in sel {
                    let v = &mut out[r as usize];
                    *v = match *v {
                        Cv::Float(f) if !f.is_nan() => Cv::Int(band(f, ts)),
                        #[allow(clippy::cast_precision_loss)]
                        Cv::Int(i) => Cv::Int(band(i as f64, ts)),
                        Cv::Bail => Cv::Bail,
                        other => done(scalar::band(
                            scalar(other, strs),
                            ts.iter().copied().map(Some),
                        )),
                    };
                }
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
                    for &r in &cur {
                        let (o, v) = (&mut out[r as usize], t[r as usize]);
                        if v == Cv::Bail {
                            *o = Cv::Bail;
                        } else if *score == Some(i) && *o != Cv::Bail {
                            *o = match v {
                                Cv::Unit => Cv::MapUnit,
                                Cv::Int(x) => Cv::MapInt(x),
                                Cv::Float(x) => Cv::MapFloat(x),
                                _ => Cv::Bail,
                            };
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

fn binary(op: BinOp, sel: &[u32], out: &mut [Cv], right: &[Cv], strs: Strs<'_>) {
    for &r in sel {
        let (l, rv) = (out[r as usize], right[r as usize]);
        out[r as usize] = match (l, rv) {
            (Cv::Bail, _) | (_, Cv::Bail) => Cv::Bail,
            // The common cases inline; everything else through the shared semantics.
            (Cv::Float(a), Cv::Float(b)) if !matches!(op, BinOp::Div) => match op {
                BinOp::Add => Cv::Float(a + b),
                BinOp::Sub => Cv::Float(a - b),
                BinOp::Mul => Cv::Float(a * b),
                BinOp::Lt => Cv::Bool(a < b),
                BinOp::Le => Cv::Bool(a <= b),
                BinOp::Gt => Cv::Bool(a > b),
                BinOp::Ge => Cv::Bool(a >= b),
                _ => done(scalar::binary(op, S::Float(a), S::Float(b))),
            },
            (Cv::Unit, Cv::Unit) if matches!(op, BinOp::Eq | BinOp::Ne) => {
                Cv::Bool(op == BinOp::Eq)
            }
            _ => done(scalar::binary(op, scalar(l, strs), scalar(rv, strs))),
        };
    }
}
