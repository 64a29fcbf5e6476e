//! Tokenizer and parser for the fast-path subset of Rhai. Anything else returns `None`.

use super::Program;
use super::eval::Fv;
use super::tree::{BinOp, Builtin, Node, Stmt};

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Int(i64),
    Float(f64),
    Str(String),
    Ident(String),
    Punct(&'static str),
}

const PUNCTS: &[&str] = &[
    "#{", "==", "!=", "<=", ">=", "&&", "||", "=>", "::", "..", "(", ")", "{", "}", "[", "]", ",",
    ";", ":", ".", "+", "-", "*", "/", "%", "<", ">", "!", "=", "|", "_",
];

fn lex(src: &str) -> Option<Vec<Tok>> {
    let b = src.as_bytes();
    let mut i = 0;
    let mut out = Vec::new();
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
        } else if src[i..].starts_with("//") {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if src[i..].starts_with("/*") {
            let end = src[i + 2..].find("*/")?;
            i += end + 4;
        } else if c.is_ascii_digit() {
            let start = i;
            while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
                i += 1;
            }
            let is_float = i + 1 < b.len() && b[i] == b'.' && b[i + 1].is_ascii_digit();
            if is_float {
                i += 1;
                while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
                    i += 1;
                }
                if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
                    return None;
                }
                out.push(Tok::Float(src[start..i].replace('_', "").parse().ok()?));
            } else {
                if i < b.len() && (b[i].is_ascii_alphabetic() || b[i] == b'.') {
                    // hex, exponents, `1.` and ranges are left to the interpreter
                    return None;
                }
                out.push(Tok::Int(src[start..i].replace('_', "").parse().ok()?));
            }
        } else if c == b'"' {
            let start = i + 1;
            i += 1;
            while i < b.len() && b[i] != b'"' {
                if b[i] == b'\\' {
                    return None;
                }
                i += 1;
            }
            if i >= b.len() {
                return None;
            }
            out.push(Tok::Str(src[start..i].to_string()));
            i += 1;
        } else if c.is_ascii_alphabetic()
            || (c == b'_'
                && i + 1 < b.len()
                && (b[i + 1].is_ascii_alphanumeric() || b[i + 1] == b'_'))
        {
            let start = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
            out.push(Tok::Ident(src[start..i].to_string()));
        } else {
            let p = PUNCTS.iter().find(|p| src[i..].starts_with(**p))?;
            // `..`, `::` and a lone `=` in expressions are outside the subset.
            if matches!(*p, ".." | "::") {
                return None;
            }
            out.push(Tok::Punct(p));
            i += p.len();
        }
    }
    Some(out)
}

const KEYWORDS: &[&str] = &[
    "let",
    "const",
    "if",
    "else",
    "switch",
    "return",
    "true",
    "false",
    "fn",
    "loop",
    "while",
    "for",
    "do",
    "until",
    "in",
    "break",
    "continue",
    "throw",
    "try",
    "catch",
    "import",
    "export",
    "as",
    "private",
    "this",
    "global",
    "eval",
    "print",
    "debug",
    "type_of",
    "Fn",
    "call",
    "curry",
    "is_def_var",
    "is_def_fn",
    "is_shared",
    "var",
    "static",
    "spawn",
    "thread",
    "go",
    "sync",
    "async",
    "await",
    "yield",
    "shared",
    "with",
    "module",
    "package",
    "super",
    "new",
    "use",
    "public",
    "protected",
    "default",
    "void",
    "null",
    "nil",
    "match",
    "case",
];

struct Parser<'a> {
    toks: Vec<Tok>,
    pos: usize,
    names: &'a [String],
    /// Visible `let` variables, innermost last: (name, local slot).
    scopes: Vec<(String, usize)>,
    locals: usize,
}

pub(crate) fn parse(src: &str, names: &[String]) -> Option<Program> {
    let toks = lex(src)?;
    let mut p = Parser {
        toks,
        pos: 0,
        names,
        scopes: Vec::new(),
        locals: 0,
    };
    let stmts = p.stmts(None)?;
    if p.pos != p.toks.len() {
        return None;
    }
    Some(Program {
        body: Node::Block(stmts),
        locals: p.locals,
    })
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }
    fn is(&self, p: &str) -> bool {
        matches!(self.peek(), Some(Tok::Punct(q)) if *q == p)
    }
    fn is_ident(&self, word: &str) -> bool {
        matches!(self.peek(), Some(Tok::Ident(w)) if w == word)
    }
    fn eat(&mut self, p: &str) -> bool {
        if self.is(p) {
            self.pos += 1;
            true
        } else {
            false
        }
    }
    fn expect(&mut self, p: &str) -> Option<()> {
        self.eat(p).then_some(())
    }

    /// Statements until `end` (a closing brace) or the end of input.
    fn stmts(&mut self, end: Option<&str>) -> Option<Vec<Stmt>> {
        let mark = self.scopes.len();
        let mut out = Vec::new();
        loop {
            while self.eat(";") {}
            match (end, self.peek()) {
                (None, None) => break,
                (Some(e), Some(Tok::Punct(p))) if *p == e => break,
                (Some(_), None) => return None,
                _ => {}
            }
            if self.is_ident("let") {
                self.pos += 1;
                let Some(Tok::Ident(name)) = self.peek().cloned() else {
                    return None;
                };
                if KEYWORDS.contains(&name.as_str()) {
                    return None;
                }
                self.pos += 1;
                self.expect("=")?;
                let value = self.expr()?;
                self.expect(";")?;
                let slot = self.locals;
                self.locals += 1;
                self.scopes.push((name, slot));
                out.push(Stmt::Let(slot, value));
            } else if self.is_ident("return") {
                self.pos += 1;
                let value =
                    if self.is(";") || end.is_some_and(|e| self.is(e)) || self.peek().is_none() {
                        Node::Const(Fv::Unit)
                    } else {
                        self.expr()?
                    };
                out.push(Stmt::Return(value));
                if !(self.eat(";") || end.is_some_and(|e| self.is(e)) || self.peek().is_none()) {
                    return None;
                }
            } else {
                let block_like = self.is_ident("if") || self.is_ident("switch") || self.is("{");
                let e = self.expr()?;
                // A statement ends with `;`, at the end of its block, or (`if c { .. }`) by its braces.
                if !(self.eat(";")
                    || end.is_some_and(|x| self.is(x))
                    || self.peek().is_none()
                    || block_like)
                {
                    return None;
                }
                out.push(Stmt::Expr(e));
            }
        }
        self.scopes.truncate(mark);
        Some(out)
    }

    fn block(&mut self) -> Option<Node> {
        self.expect("{")?;
        let stmts = self.stmts(Some("}"))?;
        self.expect("}")?;
        Some(Node::Block(stmts))
    }

    fn expr(&mut self) -> Option<Node> {
        self.binary(0)
    }

    fn binary(&mut self, min_prec: u8) -> Option<Node> {
        let mut lhs = self.unary()?;
        while let Some(Tok::Punct(p)) = self.peek() {
            let (prec, op) = match *p {
                "||" => (30, None),
                "&&" => (60, None),
                "==" => (90, Some(BinOp::Eq)),
                "!=" => (90, Some(BinOp::Ne)),
                "<" => (130, Some(BinOp::Lt)),
                "<=" => (130, Some(BinOp::Le)),
                ">" => (130, Some(BinOp::Gt)),
                ">=" => (130, Some(BinOp::Ge)),
                "+" => (150, Some(BinOp::Add)),
                "-" => (150, Some(BinOp::Sub)),
                "*" => (180, Some(BinOp::Mul)),
                "/" => (180, Some(BinOp::Div)),
                "%" => (180, Some(BinOp::Rem)),
                "|" | "=" => return None,
                _ => break,
            };
            if prec < min_prec {
                break;
            }
            let p = *p;
            self.pos += 1;
            let rhs = self.binary(prec + 1)?;
            lhs = match (p, op) {
                ("||", _) => Node::Or(Box::new((lhs, rhs))),
                ("&&", _) => Node::And(Box::new((lhs, rhs))),
                (_, Some(op)) => Node::Bin(op, Box::new((lhs, rhs))),
                _ => return None,
            };
        }
        Some(lhs)
    }

    fn unary(&mut self) -> Option<Node> {
        if self.eat("-") {
            return Some(match self.unary()? {
                Node::Const(Fv::Int(i)) => Node::Const(Fv::Int(i.checked_neg()?)),
                Node::Const(Fv::Float(f)) => Node::Const(Fv::Float(-f)),
                other => Node::Neg(Box::new(other)),
            });
        }
        if self.eat("+") {
            return self.unary();
        }
        if self.eat("!") {
            return Some(Node::Not(Box::new(self.unary()?)));
        }
        self.postfix()
    }

    fn postfix(&mut self) -> Option<Node> {
        let mut node = self.primary()?;
        while self.eat(".") {
            let Some(Tok::Ident(m)) = self.peek().cloned() else {
                return None;
            };
            self.pos += 1;
            self.expect("(")?;
            let mut args = vec![node];
            args.extend(self.args(")")?);
            node = Self::call(&m, args)?;
        }
        Some(node)
    }

    fn args(&mut self, close: &str) -> Option<Vec<Node>> {
        let mut args = Vec::new();
        if self.eat(close) {
            return Some(args);
        }
        loop {
            args.push(self.expr()?);
            if self.eat(close) {
                return Some(args);
            }
            self.expect(",")?;
            if self.eat(close) {
                return Some(args);
            }
        }
    }

    fn call(name: &str, args: Vec<Node>) -> Option<Node> {
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

    fn literal(&mut self) -> Option<Fv> {
        let neg = self.eat("-");
        let v = match self.peek()?.clone() {
            Tok::Int(i) => Fv::Int(if neg { i.checked_neg()? } else { i }),
            Tok::Float(f) => Fv::Float(if neg { -f } else { f }),
            Tok::Str(s) if !neg => Fv::Str(s.into()),
            Tok::Ident(w) if !neg && w == "true" => Fv::Bool(true),
            Tok::Ident(w) if !neg && w == "false" => Fv::Bool(false),
            _ => return None,
        };
        self.pos += 1;
        Some(v)
    }

    fn primary(&mut self) -> Option<Node> {
        match self.peek()?.clone() {
            Tok::Int(i) => {
                self.pos += 1;
                Some(Node::Const(Fv::Int(i)))
            }
            Tok::Float(f) => {
                self.pos += 1;
                Some(Node::Const(Fv::Float(f)))
            }
            Tok::Str(s) => {
                self.pos += 1;
                Some(Node::Const(Fv::Str(s.into())))
            }
            Tok::Punct("(") => {
                self.pos += 1;
                if self.eat(")") {
                    return Some(Node::Const(Fv::Unit));
                }
                let e = self.expr()?;
                self.expect(")")?;
                Some(e)
            }
            Tok::Punct("{") => self.block(),
            Tok::Punct("[") => {
                self.pos += 1;
                let items = self.args("]")?;
                // A literal array (e.g. band thresholds) is built once, not on every record.
                if items.iter().all(|n| matches!(n, Node::Const(_))) {
                    let values: Vec<Fv> = items
                        .into_iter()
                        .map(|n| if let Node::Const(v) = n { v } else { Fv::Unit })
                        .collect();
                    return Some(Node::Const(Fv::Array(values.into())));
                }
                Some(Node::Array(items))
            }
            Tok::Punct("#{") => {
                self.pos += 1;
                let mut entries: Vec<(rhai::ImmutableString, Node)> = Vec::new();
                if !self.eat("}") {
                    loop {
                        let key = match self.peek()?.clone() {
                            Tok::Ident(k) => k,
                            Tok::Str(k) => k,
                            _ => return None,
                        };
                        self.pos += 1;
                        self.expect(":")?;
                        let v = self.expr()?;
                        if entries.iter().any(|(k, _)| k.as_str() == key) {
                            return None;
                        }
                        entries.push((key.into(), v));
                        if self.eat("}") {
                            break;
                        }
                        self.expect(",")?;
                        if self.eat("}") {
                            break;
                        }
                    }
                }
                Some(Node::Map(entries))
            }
            Tok::Ident(w) => match w.as_str() {
                "true" => {
                    self.pos += 1;
                    Some(Node::Const(Fv::Bool(true)))
                }
                "false" => {
                    self.pos += 1;
                    Some(Node::Const(Fv::Bool(false)))
                }
                "if" => {
                    self.pos += 1;
                    let cond = self.expr()?;
                    let then = self.block()?;
                    let other = if self.is_ident("else") {
                        self.pos += 1;
                        if self.is_ident("if") {
                            self.primary()?
                        } else {
                            self.block()?
                        }
                    } else {
                        Node::Const(Fv::Unit)
                    };
                    Some(Node::If(Box::new((cond, then, other))))
                }
                "switch" => {
                    self.pos += 1;
                    let scrutinee = self.expr()?;
                    self.expect("{")?;
                    let mut cases: Vec<(Fv, Node)> = Vec::new();
                    let mut default = None;
                    while !self.eat("}") {
                        if default.is_some() {
                            return None;
                        }
                        let mut pats = Vec::new();
                        let mut wildcard = false;
                        loop {
                            if self.eat("_") {
                                wildcard = true;
                            } else {
                                let lit = self.literal()?;
                                if matches!(lit, Fv::Float(_)) {
                                    return None;
                                }
                                pats.push(lit);
                            }
                            if !self.eat("|") {
                                break;
                            }
                        }
                        if wildcard && !pats.is_empty() {
                            return None;
                        }
                        self.expect("=>")?;
                        let body = if self.is("{") {
                            self.block()?
                        } else {
                            self.expr()?
                        };
                        if wildcard {
                            default = Some(body);
                        } else {
                            for p in pats {
                                // Rhai keeps the first of duplicated cases; so do we.
                                if !cases.iter().any(|(q, _)| q.same(&p)) {
                                    cases.push((p, body.clone()));
                                }
                            }
                        }
                        if !self.eat(",") {
                            self.expect("}")?;
                            break;
                        }
                    }
                    Some(Node::Switch(Box::new((
                        scrutinee,
                        cases,
                        default.unwrap_or(Node::Const(Fv::Unit)),
                    ))))
                }
                _ if KEYWORDS.contains(&w.as_str()) => None,
                _ => {
                    self.pos += 1;
                    if self.eat("(") {
                        let args = self.args(")")?;
                        return Self::call(&w, args);
                    }
                    if let Some((_, slot)) = self.scopes.iter().rev().find(|(n, _)| *n == w) {
                        return Some(Node::Local(*slot));
                    }
                    self.names.iter().position(|n| *n == w).map(Node::Slot)
                }
            },
            Tok::Punct(_) => None,
        }
    }
}
