//! Lowering Rhai's parsed and optimised script (its `AST`, read through Rhai's `internals`
//! feature) to the fast-path tree. Anything outside the subset gives `None`, and the
//! interpreter runs the script.

use super::Program;
use super::row_value::RowValue;
use super::tree::{BinOp, Builtin, Node, Stmt};
use rhai::{AST, ASTFlags, Dynamic, Expr, FlowControl, FnCallExpr, ImmutableString};
use rhai::{Stmt as AstStmt, SwitchCasesCollection};

/// Lowers `ast` if it lies in the subset; `names` are the slot names in order.
pub(crate) fn lower_ast(ast: &AST, names: &[String]) -> Option<Program> {
    // A script function could shadow a built-in the tree calls by name.
    if ast.has_functions() {
        return None;
    }
    let mut l = Lowering {
        names,
        scopes: Vec::new(),
        locals: 0,
    };
    let body = Node::Block(l.block(ast.statements())?);
    Some(Program {
        body,
        locals: l.locals,
    })
}

struct Lowering<'a> {
    names: &'a [String],
    /// Visible `let` variables, innermost last: (name, local slot).
    scopes: Vec<(ImmutableString, usize)>,
    locals: usize,
}

impl Lowering<'_> {
    /// The statements of one block, whose `let` variables end with it.
    fn block(&mut self, stmts: &[AstStmt]) -> Option<Vec<Stmt>> {
        let mark = self.scopes.len();
        let mut out = Vec::with_capacity(stmts.len());
        for (i, s) in stmts.iter().enumerate() {
            match s {
                // The interpreter gives a no-op the value `()`, which only matters at the end.
                AstStmt::Noop(_) if i + 1 < stmts.len() => {}
                AstStmt::Noop(_) => out.push(Stmt::Expr(Node::Const(RowValue::Unit))),
                AstStmt::Var(x, flags, _) => {
                    if !flags.is_empty() {
                        return None; // `const` and `export`
                    }
                    let value = self.expr(&x.1)?;
                    let slot = self.locals;
                    self.locals += 1;
                    self.scopes.push((x.0.name.clone(), slot));
                    out.push(Stmt::Let(slot, value));
                }
                AstStmt::Return(value, flags, _) => {
                    if flags.contains(ASTFlags::BREAK) {
                        return None; // `throw`
                    }
                    let value = match value {
                        Some(e) => self.expr(e)?,
                        None => Node::Const(RowValue::Unit),
                    };
                    out.push(Stmt::Return(value));
                }
                AstStmt::Expr(e) => out.push(Stmt::Expr(self.expr(e)?)),
                AstStmt::FnCall(f, _) => out.push(Stmt::Expr(self.call(f)?)),
                AstStmt::Block(b) => out.push(Stmt::Expr(Node::Block(self.block(b.statements())?))),
                AstStmt::If(x, _) => out.push(Stmt::Expr(self.if_else(x)?)),
                AstStmt::Switch(x, _) => out.push(Stmt::Expr(self.switch(&x.0, &x.1)?)),
                _ => return None,
            }
        }
        self.scopes.truncate(mark);
        Some(out)
    }

    fn if_else(&mut self, x: &FlowControl) -> Option<Node> {
        let cond = self.expr(&x.expr)?;
        let then = Node::Block(self.block(x.body.statements())?);
        let other = match x.branch.statements() {
            [] => Node::Const(RowValue::Unit),
            // `else if`: the inner `if` declares nothing, so it needs no block of its own.
            [AstStmt::If(inner, _)] => self.if_else(inner)?,
            stmts => Node::Block(self.block(stmts)?),
        };
        Some(Node::If(Box::new((cond, then, other))))
    }

    /// A `switch` on literals without guards or ranges (Rhai keeps each case's value only
    /// with its `grain` feature: without it, cases are hashes).
    fn switch(&mut self, scrutinee: &Expr, x: &SwitchCasesCollection) -> Option<Node> {
        if !x.ranges.is_empty() {
            return None;
        }
        let scrutinee = self.expr(scrutinee)?;
        let unguarded = |i: usize| match x.expressions.get(i) {
            Some(case) if matches!(case.lhs, Expr::BoolConstant(true, _)) => Some(&case.rhs),
            _ => None,
        };
        // Rhai takes the first of duplicated cases, so each value has one body: its first block.
        let mut cases: Vec<(usize, RowValue)> = Vec::with_capacity(x.cases.len());
        for case in x.cases.values() {
            let first = *case.blocks.first()?;
            let value = match RowValue::from_dynamic(case.value.clone()) {
                v @ (RowValue::Int(_) | RowValue::Str(_) | RowValue::Bool(_)) => v,
                _ => return None,
            };
            cases.push((first, value));
        }
        // Source order of the bodies (the table is a hash map), then a fixed order within one.
        cases.sort_by(|(a, u), (b, v)| a.cmp(b).then_with(|| literal_order(u, v)));
        let mut out: Vec<(RowValue, Node)> = Vec::with_capacity(cases.len());
        let mut lowered: Option<(usize, Node)> = None;
        for (index, value) in cases {
            let body = match &lowered {
                Some((i, body)) if *i == index => body.clone(),
                _ => {
                    let body = self.expr(unguarded(index)?)?;
                    lowered = Some((index, body.clone()));
                    body
                }
            };
            out.push((value, body));
        }
        let default = match x.def_case {
            Some(i) => self.expr(unguarded(i)?)?,
            None => Node::Const(RowValue::Unit),
        };
        Some(Node::Switch(Box::new((scrutinee, out, default))))
    }

    fn expr(&mut self, e: &Expr) -> Option<Node> {
        Some(match e {
            Expr::DynamicConstant(d, _) => constant(d)?,
            Expr::BoolConstant(b, _) => Node::Const(RowValue::Bool(*b)),
            Expr::IntegerConstant(i, _) => Node::Const(RowValue::Int(*i)),
            Expr::FloatConstant(f, _) => Node::Const(RowValue::Float(**f)),
            Expr::StringConstant(s, _) => Node::Const(RowValue::Str(s.clone())),
            Expr::Unit(_) => Node::Const(RowValue::Unit),
            Expr::Array(items, _) => {
                let items = items
                    .iter()
                    .map(|e| self.expr(e))
                    .collect::<Option<Vec<_>>>()?;
                // A literal array (e.g. band thresholds) is built once, not on every record.
                if items.iter().all(|n| matches!(n, Node::Const(_))) {
                    let values: Vec<RowValue> = items
                        .into_iter()
                        .map(|n| {
                            if let Node::Const(v) = n {
                                v
                            } else {
                                RowValue::Unit
                            }
                        })
                        .collect();
                    Node::Const(RowValue::Array(values.into()))
                } else {
                    Node::Array(items)
                }
            }
            Expr::Map(m, _) => {
                let mut entries = Vec::with_capacity(m.0.len());
                for (key, value) in &m.0 {
                    entries.push((key.name.clone(), self.expr(value)?));
                }
                Node::Map(entries)
            }
            Expr::Variable(v, _, _) => self.variable(&v.1)?,
            Expr::Stmt(block) => match block.statements() {
                // `if`, `switch` and a case's body come wrapped in a block of their own; a
                // block of one expression declares nothing and has its value.
                [AstStmt::If(x, _)] => self.if_else(x)?,
                [AstStmt::Switch(x, _)] => self.switch(&x.0, &x.1)?,
                [AstStmt::Expr(e)] => self.expr(e)?,
                [AstStmt::FnCall(f, _)] => self.call(f)?,
                stmts => Node::Block(self.block(stmts)?),
            },
            Expr::FnCall(f, _) => self.call(f)?,
            Expr::Dot(x, flags, _) if !flags.contains(ASTFlags::NEGATED) => {
                let base = self.expr(&x.lhs)?;
                self.method_chain(base, &x.rhs)?
            }
            Expr::And(list, _) => self.fold(list, |p| Node::And(Box::new(p)))?,
            Expr::Or(list, _) => self.fold(list, |p| Node::Or(Box::new(p)))?,
            _ => return None,
        })
    }

    fn variable(&self, name: &str) -> Option<Node> {
        if let Some((_, slot)) = self.scopes.iter().rev().find(|(n, _)| n.as_str() == name) {
            return Some(Node::Local(*slot));
        }
        self.names.iter().position(|n| n == name).map(Node::Slot)
    }

    /// `a && b && c` (one list in Rhai's tree) as `(a && b) && c`.
    fn fold(&mut self, list: &[Expr], pair: fn((Node, Node)) -> Node) -> Option<Node> {
        let (first, rest) = list.split_first()?;
        let mut acc = self.expr(first)?;
        for e in rest {
            acc = pair((acc, self.expr(e)?));
        }
        Some(acc)
    }

    /// `x.f(y).g()` is `g(f(x, y))`.
    fn method_chain(&mut self, base: Node, rhs: &Expr) -> Option<Node> {
        match rhs {
            Expr::MethodCall(f, _) if !f.is_operator_call() && !f.capture_parent_scope => {
                let mut args = vec![base];
                for a in &f.args {
                    args.push(self.expr(a)?);
                }
                builtin(&f.name, args)
            }
            Expr::Dot(x, flags, _) if !flags.contains(ASTFlags::NEGATED) => {
                let base = self.method_chain(base, &x.lhs)?;
                self.method_chain(base, &x.rhs)
            }
            _ => None,
        }
    }

    fn call(&mut self, f: &FnCallExpr) -> Option<Node> {
        if f.capture_parent_scope {
            return None;
        }
        let mut args = f
            .args
            .iter()
            .map(|a| self.expr(a))
            .collect::<Option<Vec<_>>>()?;
        if !f.is_operator_call() {
            return builtin(&f.name, args);
        }
        Some(match (f.name.as_str(), args.len()) {
            ("-", 1) => match args.pop()? {
                Node::Const(RowValue::Int(i)) => Node::Const(RowValue::Int(i.checked_neg()?)),
                Node::Const(RowValue::Float(x)) => Node::Const(RowValue::Float(-x)),
                other => Node::Neg(Box::new(other)),
            },
            ("!", 1) => Node::Not(Box::new(args.pop()?)),
            (op, 2) => {
                let op = binary_op(op)?;
                let r = args.pop()?;
                let l = args.pop()?;
                Node::Bin(op, Box::new((l, r)))
            }
            _ => return None,
        })
    }
}

fn binary_op(op: &str) -> Option<BinOp> {
    Some(match op {
        "+" => BinOp::Add,
        "-" => BinOp::Sub,
        "*" => BinOp::Mul,
        "/" => BinOp::Div,
        "%" => BinOp::Rem,
        "==" => BinOp::Eq,
        "!=" => BinOp::Ne,
        "<" => BinOp::Lt,
        "<=" => BinOp::Le,
        ">" => BinOp::Gt,
        ">=" => BinOp::Ge,
        _ => return None,
    })
}

fn builtin(name: &str, args: Vec<Node>) -> Option<Node> {
    let (b, arity) = match name {
        "band" => (Builtin::Band, 2),
        "min" => (Builtin::Min, 2),
        "max" => (Builtin::Max, 2),
        "present" => (Builtin::Present, 1),
        "missing" => (Builtin::Missing, 1),
        "months_between" => (Builtin::MonthsBetween, 2),
        "days_between" => (Builtin::DaysBetween, 2),
        "to_float" => (Builtin::ToFloat, 1),
        "abs" => (Builtin::Abs, 1),
        _ => return None,
    };
    (args.len() == arity).then_some(Node::Call(b, args))
}

/// A constant the optimiser folded. A map stays a map node (of constants), as written, so
/// that the column evaluator can read its `score`.
fn constant(d: &Dynamic) -> Option<Node> {
    if d.is_map() {
        let map = d.clone().cast::<rhai::Map>();
        let mut entries = Vec::with_capacity(map.len());
        for (k, v) in &map {
            entries.push((ImmutableString::from(k.as_str()), constant(v)?));
        }
        return Some(Node::Map(entries));
    }
    let v = RowValue::from_dynamic(d.clone());
    in_subset(&v).then_some(Node::Const(v))
}

fn in_subset(v: &RowValue) -> bool {
    match v {
        RowValue::Dyn(_) => false,
        RowValue::Array(items) => items.iter().all(in_subset),
        RowValue::Map(entries) => entries.iter().all(|(_, v)| in_subset(v)),
        _ => true,
    }
}

/// A fixed order among the literals of one case (`"y" | "z" => ..`): their symbols are
/// numbered in this order.
fn literal_order(a: &RowValue, b: &RowValue) -> std::cmp::Ordering {
    let rank = |v: &RowValue| match v {
        RowValue::Bool(_) => 0,
        RowValue::Int(_) => 1,
        _ => 2,
    };
    rank(a).cmp(&rank(b)).then_with(|| match (a, b) {
        (RowValue::Bool(x), RowValue::Bool(y)) => x.cmp(y),
        (RowValue::Int(x), RowValue::Int(y)) => x.cmp(y),
        (RowValue::Str(x), RowValue::Str(y)) => x.as_str().cmp(y.as_str()),
        _ => std::cmp::Ordering::Equal,
    })
}

#[cfg(test)]
mod tests {
    use super::super::eval::Locals;
    use super::super::row_value::RowValue;
    use crate::engine::sandbox::{self, Limits};
    use crate::model::rule::{Origin, Rule};

    /// The script compiled as a pack compiles it, over fields `a`, `b`, `s`.
    fn fast(source: &str) -> Option<super::Program> {
        let engine = sandbox::engine(Limits::default());
        let names: Vec<String> = ["a", "b", "s"].map(String::from).to_vec();
        let rule = Rule::new(source, Origin::whole_file("t"), &names);
        sandbox::compile(&engine, &rule, &names, "t").unwrap().fast
    }

    fn run(source: &str, a: RowValue) -> Option<RowValue> {
        let p = fast(source).unwrap_or_else(|| panic!("not on the fast path: {source}"));
        let slots = [a, RowValue::Float(2.5), RowValue::Str("y".into())];
        p.run(&slots, &mut Locals::default())
    }

    #[test]
    fn what_lies_outside_the_subset_is_left_to_the_interpreter() {
        for source in [
            "fn f(x) { x } f(a)",
            "fn min(x, y) { x } min(a, 1)",
            "const c = 3; a + c",
            "if a == 1 { throw \"no\" } 1",
            "let n = 0; for i in 0..a { n += i } n",
            "let n = 0; while n < a { n += 1 } n",
            "switch a { 1 if b > 0 => 1, _ => 2 }",
            "switch a { 1..3 => 1, _ => 2 }",
            "switch s { () => 1, _ => 2 }",
            "switch s { 'y' => 1, _ => 2 }",
            "switch a { 1.5 => 1, _ => 2 }",
            "+a",
            "a ?? 1",
            "a?.abs()",
            "[a][0]",
            "#{ x: a }.x",
            "`${a}`",
            "type_of(a)",
            "band(a)",
        ] {
            assert!(fast(source).is_none(), "{source}");
        }
    }

    #[test]
    fn a_switch_keeps_its_case_values() {
        let table = "switch s { \"x\" => 1, \"y\" | \"z\" => 2, _ => 3 }";
        assert!(matches!(run(table, RowValue::Unit), Some(RowValue::Int(2))));
        // Rhai takes the first of duplicated cases.
        let dup = "switch a { 1 => 10, 2 | 1 => 20, true => 30 }";
        assert!(matches!(
            run(dup, RowValue::Int(1)),
            Some(RowValue::Int(10))
        ));
        assert!(matches!(
            run(dup, RowValue::Int(2)),
            Some(RowValue::Int(20))
        ));
        assert!(matches!(
            run(dup, RowValue::Bool(true)),
            Some(RowValue::Int(30))
        ));
        assert!(matches!(run(dup, RowValue::Int(3)), Some(RowValue::Unit)));
    }

    /// Rhai has already read the literal, so its spelling does not matter.
    #[test]
    fn literals_in_any_spelling_take_the_fast_path() {
        assert!(matches!(
            run("0x10 + a", RowValue::Int(1)),
            Some(RowValue::Int(17))
        ));
        assert!(matches!(run("1e1 + b", RowValue::Unit), Some(RowValue::Float(f)) if f == 12.5));
        assert!(matches!(
            run("s == \"\\x79\"", RowValue::Unit),
            Some(RowValue::Bool(true))
        ));
    }

    #[test]
    fn let_scopes_and_method_calls_lower_as_written() {
        let shadow = "let x = a; let y = { let a = 10; x + a }; y + a";
        assert!(matches!(
            run(shadow, RowValue::Int(1)),
            Some(RowValue::Int(12))
        ));
        assert!(matches!(
            run("a.max(4).min(6)", RowValue::Int(9)),
            Some(RowValue::Int(6))
        ));
        let early = "if a == () { return; } let p = a * 2; #{ score: p }";
        assert!(matches!(run(early, RowValue::Unit), Some(RowValue::Unit)));
        assert!(matches!(
            run(early, RowValue::Int(2)),
            Some(RowValue::Map(_))
        ));
    }
}
