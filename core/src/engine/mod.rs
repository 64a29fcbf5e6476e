//! The engine: a pack's rules compiled and run, one record at a time (`row`) or a chunk of
//! records at once (the column evaluator of the fast path, through `plan`).
//!
//! | concept | file | what it is |
//! |---|---|---|
//! | sandbox | `sandbox.rs` | Rhai configured for untrusted rules: functions, limits, errors at file positions |
//! | budget | `budget.rs` | one operation count and one deadline per evaluation; the wall around panics |
//! | row evaluation | `row.rs` | a record's rules in order: derived values, indicators, gates, conditions |
//! | fast path | `fast/` | the subset of Rhai most rules use, evaluated without the interpreter (a row or a column at a time) |
//! | plan | `plan.rs` | every rule lowered for the column evaluator |
//! | rerun | `rerun.rs` | which slots each rule reads; a changed record re-run only where a change reaches |
//!
//! Results are identical whichever evaluator runs a rule: the fast path gives a record
//! back to the interpreter for anything it does not model.

pub(crate) mod budget;
pub(crate) mod fast;
pub(crate) mod plan;
pub(crate) mod rerun;
pub(crate) mod row;
pub(crate) mod sandbox;

use crate::error::Result;
use crate::model::rule::{Origin, Rule};
use crate::model::{Model, SELECTION_VARS};
use fast::{Locals, RowValue};
use plan::Plan;
use sandbox::{Limits, Script, compile};

/// Every rule of a pack compiled, in the model's order.
#[derive(Debug)]
pub(crate) struct Scripts {
    pub derived: Vec<Script>,
    pub indicators: Vec<Script>,
    pub gates: Vec<Script>,
    pub requires: Vec<Script>,
    pub ratio: Option<Script>,
}

/// A pack ready to evaluate: its model, and its rules compiled for the interpreter and,
/// where they allow it, for the fast path.
#[derive(Debug)]
pub(crate) struct Compiled {
    pub model: Model,
    pub engine: rhai::Engine,
    pub scripts: Scripts,
    pub limits: Limits,
    /// Use the fast path where a rule allows it (off only to compare with the interpreter).
    pub fast_path: bool,
    /// Enum values and rule strings, numbered for the column evaluator.
    pub symbols: fast::Symbols,
    /// The rules lowered for the column evaluator, when every one of them lowers.
    pub plan: Option<Plan>,
    /// The symbol of each enum value, per field (in the order of `Field::values`).
    pub enum_syms: Vec<Vec<u32>>,
    /// The slots each rule reads, when every rule that scores is on the fast path.
    pub reads: Option<rerun::Reads>,
}

impl Compiled {
    /// Compiles every rule of `model` under `limits`; `fast_path` false runs every rule by
    /// the interpreter (to compare the two).
    ///
    /// # Errors
    /// [`crate::error::Error::Pack`] at the file position of a rule that does not compile.
    pub(crate) fn new(model: Model, limits: Limits, fast_path: bool) -> Result<Compiled> {
        let engine = sandbox::engine(limits);
        let names = &model.names;
        let nf = model.fields.len();
        // A derived value sees the fields and the derived values before it.
        let derived = (model.derived.iter().enumerate())
            .map(|(n, d)| {
                let what = format!("derived value '{}'", d.id);
                compile(&engine, &d.rule, &names[..nf + n], &what)
            })
            .collect::<Result<_>>()?;
        let indicators = (model.indicators.iter())
            .map(|i| compile(&engine, &i.rule, names, &format!("indicator '{}'", i.id)))
            .collect::<Result<_>>()?;
        let gates = (model.gates.iter())
            .map(|g| compile(&engine, &g.rule, names, &format!("gate '{}'", g.id)))
            .collect::<Result<_>>()?;
        let mut condition_names = names.clone();
        condition_names.extend(SELECTION_VARS.iter().map(ToString::to_string));
        let requires = (model.selection.requires.iter())
            .map(|c| {
                let what = format!("selection condition '{}'", c.id);
                compile(&engine, &c.rule, &condition_names, &what)
            })
            .collect::<Result<_>>()?;
        let ratio = (model.progress.ratio.as_ref())
            .map(|r| compile(&engine, r, names, "progress ratio"))
            .transpose()?;
        let scripts = Scripts {
            derived,
            indicators,
            gates,
            requires,
            ratio,
        };
        let mut symbols = fast::Symbols::default();
        // Built either way: building it numbers the enum values that batches store.
        let plan = Plan::build(&model, &scripts, &mut symbols).filter(|_| fast_path);
        let enum_syms = (model.fields.iter())
            .map(|f| {
                (f.interned.iter())
                    .map(|v| symbols.find(v).unwrap_or(fast::MISSING_SYM))
                    .collect()
            })
            .collect();
        let mut compiled = Compiled {
            model,
            engine,
            scripts,
            limits,
            fast_path,
            symbols,
            plan,
            enum_syms,
            reads: None,
        };
        compiled.reads = rerun::Reads::of(&compiled).filter(|_| fast_path);
        Ok(compiled)
    }
}

/// Microbenchmark hook (examples only): evaluates `source` `n` times with `slots`.
#[doc(hidden)]
pub fn bench_eval(
    source: &str,
    names: &[String],
    slots: &[rhai::Dynamic],
    n: usize,
) -> Option<rhai::Dynamic> {
    let engine = sandbox::engine(Limits::default());
    let rule = Rule::new(source, Origin::whole_file("bench"), names);
    let p = sandbox::compile(&engine, &rule, names, "bench")
        .ok()?
        .fast?;
    let slots: Vec<RowValue> = slots.iter().cloned().map(RowValue::from_dynamic).collect();
    let mut locals = Locals::default();
    let mut out = None;
    for _ in 0..n {
        out = p.run(&slots, &mut locals);
    }
    out.map(|v| v.to_dynamic())
}

#[cfg(test)]
mod tests {
    use super::{Compiled, sandbox::Limits};

    /// Every script of a compiled pack with whether it is on the fast path, named `kind:id`.
    fn scripts(c: &Compiled) -> Vec<(String, bool)> {
        let (m, s) = (&c.model, &c.scripts);
        let named = |kind: &str, ids: Vec<&String>, scripts: &[super::Script]| {
            let pairs = ids.into_iter().zip(scripts);
            pairs
                .map(|(id, x)| (format!("{kind}:{id}"), x.fast.is_some()))
                .collect::<Vec<_>>()
        };
        let mut out = named(
            "derive",
            m.derived.iter().map(|x| &x.id).collect(),
            &s.derived,
        );
        out.extend(named(
            "indicator",
            m.indicators.iter().map(|x| &x.id).collect(),
            &s.indicators,
        ));
        out.extend(named(
            "gate",
            m.gates.iter().map(|x| &x.id).collect(),
            &s.gates,
        ));
        let requires = m.selection.requires.iter().map(|x| &x.id).collect();
        out.extend(named("selection", requires, &s.requires));
        out.extend(
            s.ratio
                .iter()
                .map(|x| ("progress:ratio".to_string(), x.fast.is_some())),
        );
        out
    }

    /// The scripts of a built-in pack the interpreter runs (and how many scripts it has).
    fn off_the_fast_path(id: &str) -> (Vec<String>, usize) {
        let files = crate::load::builtin::files(id).unwrap();
        let model = crate::load::model(&files).unwrap();
        let c = Compiled::new(model, Limits::default(), true).unwrap();
        let all = scripts(&c);
        let off = all
            .iter()
            .filter(|(_, fast)| !fast)
            .map(|(name, _)| name.clone())
            .collect();
        (off, all.len())
    }

    #[test]
    fn every_script_of_the_quickwin_pack_takes_the_fast_path() {
        assert_eq!(off_the_fast_path("smart-city-quickwin"), (vec![], 41));
    }

    /// Recorded from the text parser the fast path had before it was lowered from Rhai's
    /// AST: these scripts use loops, closures or indexing, which are left to the interpreter.
    #[test]
    fn the_builtin_packs_keep_their_scripts_on_the_fast_path() {
        let expected: [(&str, &[&str], usize); 3] = [
            (
                "smart-city-index",
                &[
                    "derive:impact_pillars",
                    "derive:outcome_programmes",
                    "derive:outcome_value",
                    "derive:index_computed",
                    "indicator:outcome",
                    "indicator:index",
                ],
                14,
            ),
            ("smart-city-quickwin", &[], 41),
            (
                "spbe",
                &[
                    "derive:direct",
                    "derive:parts",
                    "indicator:d1",
                    "indicator:d2",
                    "indicator:d3",
                    "indicator:a7",
                    "indicator:a8",
                    "indicator:d4",
                ],
                8,
            ),
        ];
        assert_eq!(crate::load::builtin::ids().len(), expected.len());
        for (id, off, total) in expected {
            let want: Vec<String> = off.iter().map(|s| s.to_string()).collect();
            assert_eq!(off_the_fast_path(id), (want, total), "{id}");
        }
    }
}
