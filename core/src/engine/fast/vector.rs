//! The column evaluator: runs a lowered program over a chunk of records at once. Each node
//! is evaluated for the rows that reach it (a selection of row numbers), so `if`, `&&` and
//! `switch` evaluate a branch only for the rows that take it, and a row that meets `return`
//! takes no further part, exactly as row by row. A row whose evaluation meets anything the
//! subset leaves to the interpreter is marked and handed back, so that the caller
//! evaluates it with the row path.

use super::cells::{Bails, Store, Strs, band, bin, call2, done, per_op, put, same, scalar};
use super::lower::side;
use super::lower::{
    ColumnNode, ColumnProgram, ColumnStmt, ColumnValue, Operand, SwitchNode, operand,
};
use super::scalar as shared;
use super::tree::BinOp;

/// Working memory for one chunk of rows.
pub(crate) struct Machine<'a> {
    pub(super) ev: &'a [Store],
    pub(super) start: usize,
    pub(super) strs: Strs<'a>,
    /// Derived values, then selection variables, for the chunk's rows.
    pub(crate) comp: Vec<Vec<ColumnValue>>,
    pub(super) locals: Vec<Vec<ColumnValue>>,
    /// Rows handed back to the row path.
    pub(crate) bails: Bails,
    pub(super) returned: Vec<bool>,
    /// Rows that met `return` in the current program.
    pub(super) rets: Vec<u32>,
    /// Scratch list of rows whose condition failed.
    pub(super) failed: Vec<u32>,
    /// Rows that have met `return` so far: when it changes, selections are filtered.
    pub(super) nret: usize,
    pub(super) ret: Vec<ColumnValue>,
    pub(super) bufs: Vec<Vec<ColumnValue>>,
    pub(super) sels: Vec<Vec<u32>>,
    pub(super) n: usize,
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
            comp: (0..computed).map(|_| vec![ColumnValue::Unit; n]).collect(),
            locals: (0..locals).map(|_| vec![ColumnValue::Unit; n]).collect(),
            bails: Bails {
                flags: vec![false; n],
                count: 0,
            },
            returned: vec![false; n],
            rets: Vec::new(),
            failed: Vec::new(),
            nret: 0,
            ret: vec![ColumnValue::Unit; n],
            bufs: Vec::new(),
            sels: Vec::new(),
            n,
        }
    }

    pub(super) fn buf(&mut self) -> Vec<ColumnValue> {
        self.bufs
            .pop()
            .unwrap_or_else(|| vec![ColumnValue::Unit; self.n])
    }

    pub(super) fn sel(&mut self) -> Vec<u32> {
        let mut s = self.sels.pop().unwrap_or_default();
        s.clear();
        s
    }

    /// Runs `prog` for the rows in `sel`, leaving each row's value in `out`; rows the
    /// interpreter must evaluate are in `bails` instead.
    pub(crate) fn run(&mut self, prog: &ColumnProgram, sel: &[u32], out: &mut [ColumnValue]) {
        self.rets.clear();
        self.eval(&prog.body, sel, out);
        for &r in &self.rets {
            out[r as usize] = self.ret[r as usize];
            self.returned[r as usize] = false;
        }
    }

    /// Runs the condition `prog` (a gate or a selection condition) for the rows in `sel`
    /// and calls `fail` with each row where it is false or `()`; rows where it is anything
    /// else are handed back. A program whose value is always a boolean (`&&`, `||`, `!`,
    /// a comparison) splits the rows directly, without a column of booleans; any other
    /// goes through `col`.
    pub(crate) fn for_failing(
        &mut self,
        prog: &ColumnProgram,
        sel: &[u32],
        col: &mut [ColumnValue],
        mut fail: impl FnMut(usize),
    ) {
        use BinOp::{Eq, Ge, Gt, Le, Lt, Ne};
        let boolean = match &prog.body {
            ColumnNode::And(_)
            | ColumnNode::Or(_)
            | ColumnNode::Not(_)
            | ColumnNode::Present(..) => true,
            ColumnNode::BinC(op, ..) => matches!(op, Eq | Ne | Lt | Le | Gt | Ge),
            _ => false,
        };
        if !boolean {
            self.run(prog, sel, col);
            for &r in sel {
                match col[r as usize] {
                    ColumnValue::Bool(true) => {}
                    ColumnValue::Unit | ColumnValue::Bool(false) => fail(r as usize),
                    _ => self.bails.set(r),
                }
            }
            return;
        }
        self.rets.clear();
        let (yes, no) = self.cond_split(&prog.body, sel);
        for &r in &no {
            fail(r as usize);
        }
        // Rows that met `return` inside the condition: their returned value decides.
        for &r in &self.rets {
            self.returned[r as usize] = false;
            match self.ret[r as usize] {
                ColumnValue::Bool(true) => {}
                ColumnValue::Bool(false) | ColumnValue::Unit => fail(r as usize),
                _ => self.bails.set(r),
            }
        }
        self.sels.extend([yes, no]);
    }

    /// The rows of `sel` where `cond` is true and where it is false; rows where it is not a
    /// boolean are handed back, rows that `return` inside it are in neither.
    fn cond_split(&mut self, cond: &ColumnNode, sel: &[u32]) -> (Vec<u32>, Vec<u32>) {
        match cond {
            // `a || b` is true where `a` is, `a && b` false where `a` is; `b` decides the
            // other rows. No boolean column is built.
            ColumnNode::Or(b) | ColumnNode::And(b) => {
                let or = matches!(cond, ColumnNode::Or(_));
                let (y1, n1) = self.cond_split(&b.0, sel);
                let (decided, rest) = if or { (y1, n1) } else { (n1, y1) };
                let (y2, n2) = self.cond_split(&b.1, &rest);
                let (like_a, other) = if or { (y2, n2) } else { (n2, y2) };
                // Rows are indexes, never searched: their order does not matter, so the
                // rows `b` decides like `a` go after `a`'s rather than merged in order.
                let mut decided = decided;
                decided.extend_from_slice(&like_a);
                self.sels.extend([rest, like_a]);
                return if or {
                    (decided, other)
                } else {
                    (other, decided)
                };
            }
            ColumnNode::Not(e) => {
                let (y, n) = self.cond_split(e, sel);
                return (n, y);
            }
            _ => {}
        }
        let (mut yes, mut no) = (self.sel(), self.sel());
        // A comparison of a field with a constant splits straight from the evidence.
        if let ColumnNode::BinC(op, e, k) = cond
            && let ColumnNode::Ev(i) = **e
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
        // A comparison of two variables (one maybe with a constant operation): one pass.
        if let ColumnNode::BinV(op, e, y) = cond
            && let Some(x) = side(e)
            && self.var_op(*op, x, *y, sel, |r, v| match v {
                ColumnValue::Bool(true) => {
                    yes.push(r);
                    true
                }
                ColumnValue::Bool(false) => {
                    no.push(r);
                    true
                }
                _ => false,
            })
        {
            return (yes, no);
        }
        // Any other variable compared with a constant: straight from the variable.
        if let ColumnNode::BinC(op, e, k) = cond
            && let Some(opd) = operand(e)
        {
            let (strs, k) = (self.strs, *k);
            let mut failed = std::mem::take(&mut self.failed);
            failed.clear();
            let mut split = |r, v| match v {
                ColumnValue::Bool(true) => yes.push(r),
                ColumnValue::Bool(false) => no.push(r),
                _ => failed.push(r),
            };
            // A computed whole number against a whole number or `()` (`stage_rank >= 3`,
            // `months_live != ()`): with both types known in the row loop, compared inline.
            macro_rules! inline {
                ($k:expr) => {
                    per_op!(*op, |O| self.each(opd, sel, |r, x| match x {
                        ColumnValue::Int(a) => split(r, bin(O, ColumnValue::Int(a), $k, strs)),
                        x => split(r, bin(O, x, $k, strs)),
                    }))
                };
            }
            match (opd, k) {
                (Operand::Ev(_), k) => {
                    per_op!(*op, |O| self
                        .each(opd, sel, |r, x| split(r, bin(O, x, k, strs))));
                }
                (_, ColumnValue::Int(i)) => inline!(ColumnValue::Int(i)),
                (_, ColumnValue::Unit) => inline!(ColumnValue::Unit),
                (_, k) => inline!(k),
            }
            for &r in &failed {
                self.bails.set(r);
            }
            self.failed = failed;
            return (yes, no);
        }
        // A variable alone (`!insufficient`): straight from the variable.
        if let Some(opd) = operand(cond) {
            let mut failed = std::mem::take(&mut self.failed);
            failed.clear();
            self.each(opd, sel, |r, x| match x {
                ColumnValue::Bool(true) => yes.push(r),
                ColumnValue::Bool(false) => no.push(r),
                _ => failed.push(r),
            });
            for &r in &failed {
                self.bails.set(r);
            }
            self.failed = failed;
            return (yes, no);
        }
        let mut c = self.buf();
        self.then(cond, sel, &mut c, |m, sel, c| {
            for &r in sel {
                match c[r as usize] {
                    ColumnValue::Bool(true) => yes.push(r),
                    ColumnValue::Bool(false) => no.push(r),
                    _ => m.bails.set(r),
                }
            }
        });
        self.bufs.push(c);
        (yes, no)
    }

    /// Evaluates `e` for `sel`, then `rest` for the rows still going (all of `sel` unless
    /// some met `return` inside `e`).
    pub(super) fn then(
        &mut self,
        e: &ColumnNode,
        sel: &[u32],
        out: &mut [ColumnValue],
        rest: impl FnOnce(&mut Self, &[u32], &mut [ColumnValue]),
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
    pub(super) fn map(
        &mut self,
        e: &ColumnNode,
        sel: &[u32],
        out: &mut [ColumnValue],
        f: impl Fn(ColumnValue, Strs<'_>) -> ColumnValue,
    ) {
        // A variable is read and mapped in one pass (`f` of a `Bail` is a `Bail`).
        if let Some(opd) = operand(e) {
            let strs = self.strs;
            self.each_put(opd, sel, out, |v| f(v, strs));
            return;
        }
        self.then(e, sel, out, |m, sel, out| {
            let strs = m.strs;
            for &r in sel {
                put(&mut m.bails, out, r, f(out[r as usize], strs));
            }
        });
    }

    fn assign(&mut self, slot: usize, e: &ColumnNode, sel: &[u32]) {
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
                if matches!(
                    v,
                    ColumnValue::Unit
                        | ColumnValue::Bool(_)
                        | ColumnValue::Int(_)
                        | ColumnValue::Sym(_)
                ) {
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

    /// Evaluates `node` for each row of `sel` into `out`. Rows may leave by `return` (their
    /// value is then in `ret`), and a row meeting a `Bail` is marked at once.
    #[allow(clippy::too_many_lines)]
    fn eval(&mut self, node: &ColumnNode, sel: &[u32], out: &mut [ColumnValue]) {
        // `x op y` of two fields in one pass, where the fields allow it.
        if let ColumnNode::BinV(op, e, y) = node
            && let Some(x) = side(e)
            && self.var_op(*op, x, *y, sel, |r, v| {
                out[r as usize] = v;
                v != ColumnValue::Bail
            })
        {
            return;
        }
        // A built-in of two fields (`months_between(d, e)`), likewise.
        let strs = self.strs;
        if let ColumnNode::Call(f, a, Some(b)) = node
            && let (Some(x), Some(y)) = (operand(a), operand(b))
            && self.fields2(x, y, sel, |r, x, y| {
                let v = call2(*f, x, y, strs);
                out[r as usize] = v;
                v != ColumnValue::Bail
            })
        {
            return;
        }
        match node {
            ColumnNode::Const(c) => {
                for &r in sel {
                    out[r as usize] = *c;
                }
            }
            ColumnNode::Ev(i) => self.read_ev(*i, sel, out),
            ColumnNode::Comp(i) => {
                let col = &self.comp[*i];
                for &r in sel {
                    put(&mut self.bails, out, r, col[r as usize].stored());
                }
            }
            ColumnNode::Local(i) => {
                let col = &self.locals[*i];
                for &r in sel {
                    out[r as usize] = col[r as usize];
                }
            }
            ColumnNode::Neg(e) => self.map(e, sel, out, |v, strs| {
                if v == ColumnValue::Bail {
                    v
                } else {
                    done(shared::neg(scalar(v, strs)))
                }
            }),
            ColumnNode::Not(e) => self.map(e, sel, out, |v, _| match v {
                ColumnValue::Bool(b) => ColumnValue::Bool(!b),
                _ => ColumnValue::Bail,
            }),
            ColumnNode::Present(e, present) => self.map(e, sel, out, |v, _| {
                if v == ColumnValue::Bail {
                    v
                } else {
                    ColumnValue::Bool((v == ColumnValue::Unit) != *present)
                }
            }),
            ColumnNode::Call(f, a, None) => self.map(a, sel, out, |v, strs| {
                if v == ColumnValue::Bail {
                    v
                } else {
                    done(shared::call(*f, scalar(v, strs), None))
                }
            }),
            ColumnNode::Band(x, ts) => self.map(x, sel, out, |v, strs| band_cv(v, ts, strs)),
            ColumnNode::BinC(op, e, c) => match **e {
                ColumnNode::Ev(i) => self.ev_const(i, *op, *c, sel, out),
                _ => self.map_const(e, sel, out, *op, *c, false),
            },
            // `1 + band(x, [...])`, the usual way to score by bands: one pass.
            ColumnNode::CBin(op, c, e) if matches!(**e, ColumnNode::Band(..)) => {
                let ColumnNode::Band(x, ts) = &**e else {
                    return;
                };
                let c = *c;
                per_op!(*op, |O| self.map(x, sel, out, |v, strs| {
                    match band_cv(v, ts, strs) {
                        ColumnValue::Bail => ColumnValue::Bail,
                        b => bin(O, c, b, strs),
                    }
                }));
            }
            ColumnNode::CBin(op, c, e) => self.map_const(e, sel, out, *op, *c, true),
            ColumnNode::BinV(op, e, opd) => self.then(e, sel, out, |m, sel, out| {
                let strs = m.strs;
                for &r in sel {
                    let v = bin(*op, out[r as usize], m.read(*opd, r), strs);
                    put(&mut m.bails, out, r, v);
                }
            }),
            ColumnNode::Bin(op, b) => {
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
            // A constant and anything: one pass after the other argument.
            ColumnNode::Call(f, a, Some(b)) if let ColumnNode::Const(c) = **a => {
                self.map(b, sel, out, |v, strs| call2(*f, c, v, strs));
            }
            ColumnNode::Call(f, a, Some(b)) if let ColumnNode::Const(c) = **b => {
                self.map(a, sel, out, |v, strs| call2(*f, v, c, strs));
            }
            ColumnNode::Call(f, a, Some(b)) => {
                let mut t = self.buf();
                self.then(a, sel, out, |m, sel, out| {
                    m.then(b, sel, &mut t, |m, sel, t| {
                        let strs = m.strs;
                        for &r in sel {
                            let v = call2(*f, out[r as usize], t[r as usize], strs);
                            put(&mut m.bails, out, r, v);
                        }
                    });
                });
                self.bufs.push(t);
            }
            ColumnNode::And(_) | ColumnNode::Or(_) => {
                let (yes, no) = self.cond_split(node, sel);
                for &r in &yes {
                    out[r as usize] = ColumnValue::Bool(true);
                }
                for &r in &no {
                    out[r as usize] = ColumnValue::Bool(false);
                }
                self.sels.extend([yes, no]);
            }
            ColumnNode::If(b) => {
                let (yes, no) = self.cond_split(&b.0, sel);
                self.eval(&b.1, &yes, out);
                self.eval(&b.2, &no, out);
                self.sels.extend([yes, no]);
            }
            ColumnNode::Switch(b) => {
                let buckets = self.buckets(b, sel);
                for (i, rows) in buckets.iter().enumerate() {
                    self.eval(b.1.get(i).map_or(&b.2, |c| &c.1), rows, out);
                }
                self.sels.extend(buckets);
            }
            ColumnNode::Chain(arms, default) => {
                // The first arm reads `sel` itself; each arm leaves the rows it does not
                // decide to the next.
                let (mut cur, mut next) = (self.sel(), self.sel());
                for (k, &(opd, test, value)) in arms.iter().enumerate() {
                    next.clear();
                    let rows = if k == 0 { sel } else { &cur };
                    self.arm(opd, test, value, rows, &mut next, out);
                    std::mem::swap(&mut cur, &mut next);
                    if cur.is_empty() {
                        break;
                    }
                }
                for &r in if arms.is_empty() { sel } else { &cur } {
                    out[r as usize] = *default;
                }
                self.sels.extend([cur, next]);
            }
            ColumnNode::Table(opd, cases, default) => {
                if let Operand::Ev(i) = *opd
                    && self.sym_table(i, cases, *default, sel, out)
                {
                    return;
                }
                let mut failed = std::mem::take(&mut self.failed);
                failed.clear();
                self.each(*opd, sel, |r, x| {
                    if matches!(
                        x,
                        ColumnValue::Unit
                            | ColumnValue::Bool(_)
                            | ColumnValue::Int(_)
                            | ColumnValue::Sym(_)
                    ) {
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
            ColumnNode::Map(entries, score) => {
                // With a `score` entry every row gets its value there, or leaves by
                // `return` (its value is then the returned one) or is handed back.
                if score.is_none() {
                    for &r in sel {
                        out[r as usize] = ColumnValue::MapNone;
                    }
                }
                let mut cur: Option<Vec<u32>> = None;
                let mut t = self.buf();
                for (i, e) in entries.iter().enumerate() {
                    // Only `score` is kept; other entries that cannot fail or `return`
                    // (constants, evidence, local variables) need no evaluation.
                    if *score != Some(i)
                        && matches!(
                            e,
                            ColumnNode::Const(_) | ColumnNode::Ev(_) | ColumnNode::Local(_)
                        )
                    {
                        continue;
                    }
                    let before = self.nret;
                    self.eval(e, cur.as_deref().unwrap_or(sel), &mut t);
                    if self.nret != before {
                        self.keep_going(&mut cur, sel);
                    }
                    if *score == Some(i) {
                        for &r in cur.as_deref().unwrap_or(sel) {
                            let v = match t[r as usize] {
                                ColumnValue::Unit => ColumnValue::MapUnit,
                                ColumnValue::Int(x) => ColumnValue::MapInt(x),
                                ColumnValue::Float(x) => ColumnValue::MapFloat(x),
                                _ => ColumnValue::Bail,
                            };
                            put(&mut self.bails, out, r, v);
                        }
                    }
                }
                self.bufs.push(t);
                self.sels.extend(cur);
            }
            ColumnNode::Block(stmts) => {
                // A block ending in an expression gives every row that gets to the end
                // its value there (the others return or are handed back).
                if !matches!(stmts.last(), Some(ColumnStmt::Expr(_))) {
                    for &r in sel {
                        out[r as usize] = ColumnValue::Unit;
                    }
                }
                // The rows still going, once some have met `return` (`sel` until then).
                let mut cur: Option<Vec<u32>> = None;
                for (i, s) in stmts.iter().enumerate() {
                    let before = self.nret;
                    let rows = cur.as_deref().unwrap_or(sel);
                    match s {
                        // `if c { return x; }` before the end: the rows where `c` is false
                        // go on, with no value for the `if` and no search for the rows
                        // that returned.
                        ColumnStmt::Expr(ColumnNode::If(b)) if i + 1 < stmts.len() && guard(b) => {
                            let (yes, no) = self.cond_split(&b.0, rows);
                            let mut t = self.buf();
                            self.eval(&b.1, &yes, &mut t);
                            self.bufs.push(t);
                            self.sels.push(yes);
                            self.sels.extend(cur.replace(no));
                            if cur.as_deref().is_some_and(<[u32]>::is_empty) {
                                break;
                            }
                            continue;
                        }
                        ColumnStmt::Let(slot, e) => self.assign(*slot, e, rows),
                        ColumnStmt::Expr(e) if i + 1 == stmts.len() => self.eval(e, rows, out),
                        ColumnStmt::Expr(e) => {
                            let mut t = self.buf();
                            self.eval(e, rows, &mut t);
                            self.bufs.push(t);
                        }
                        ColumnStmt::Return(e) => {
                            let mut t = self.buf();
                            self.then(e, rows, &mut t, |m, rows, t| {
                                for &r in rows {
                                    m.returned[r as usize] = true;
                                    m.ret[r as usize] = t[r as usize];
                                }
                                m.rets.extend_from_slice(rows);
                                m.nret += rows.len();
                            });
                            self.bufs.push(t);
                            // Every row still going has left.
                            break;
                        }
                    }
                    if self.nret != before {
                        self.keep_going(&mut cur, sel);
                    }
                    if cur.as_deref().unwrap_or(sel).is_empty() {
                        break;
                    }
                }
                self.sels.extend(cur);
            }
        }
    }

    /// Leaves out of `cur` (`sel` when `None`) the rows that have met `return`.
    fn keep_going(&mut self, cur: &mut Option<Vec<u32>>, sel: &[u32]) {
        let mut next = self.sel();
        let returned = &self.returned;
        let rows = cur.as_deref().unwrap_or(sel);
        next.extend(rows.iter().copied().filter(|&r| !returned[r as usize]));
        self.sels.extend(cur.replace(next));
    }
}

/// `if c { return x; }` (an `else` of a constant, whose value is not used, may follow):
/// every row where `c` holds leaves, the others go on.
fn guard(b: &(ColumnNode, ColumnNode, ColumnNode)) -> bool {
    matches!(&b.1, ColumnNode::Block(s) if matches!(s.as_slice(), [ColumnStmt::Return(_)]))
        && matches!(b.2, ColumnNode::Const(_))
}

/// `band(v, ts)` for one value.
#[inline(always)]
fn band_cv(v: ColumnValue, ts: &[f64], strs: Strs<'_>) -> ColumnValue {
    match v {
        ColumnValue::Float(f) if !f.is_nan() => ColumnValue::Int(band(f, ts)),
        #[allow(clippy::cast_precision_loss)]
        ColumnValue::Int(i) => ColumnValue::Int(band(i as f64, ts)),
        ColumnValue::Bail => ColumnValue::Bail,
        other => done(shared::band(
            scalar(other, strs),
            ts.iter().copied().map(Some),
        )),
    }
}
