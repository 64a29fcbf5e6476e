//! The plan of the column evaluator: every rule of a pack lowered to run over a chunk of
//! records at once, when all of them lower (else the batch path uses the row path).

use super::Scripts;
use super::fast::{ColumnProgram, Symbols, lower};
use super::sandbox::Script;
use crate::model::Model;

/// The pack's scripts lowered for the column evaluator (all of them, or the pack has none).
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    pub(crate) derived: Vec<ColumnProgram>,
    pub(crate) indicators: Vec<ColumnProgram>,
    pub(crate) gates: Vec<ColumnProgram>,
    pub(crate) ratio: Option<ColumnProgram>,
    pub(crate) requires: Vec<ColumnProgram>,
    pub(crate) locals: usize,
}

impl Plan {
    /// Lowers every script (enum values are interned already); `None` if one does not lower.
    pub(crate) fn build(model: &Model, scripts: &Scripts, symbols: &mut Symbols) -> Option<Plan> {
        let nf = model.fields.len();
        let mut one = |s: &Script| lower(s.fast.as_ref()?, nf, symbols);
        let mut all =
            |v: &[Script]| -> Option<Vec<ColumnProgram>> { v.iter().map(&mut one).collect() };
        let derived = all(&scripts.derived)?;
        let indicators = all(&scripts.indicators)?;
        let gates = all(&scripts.gates)?;
        let requires = all(&scripts.requires)?;
        let ratio = match &scripts.ratio {
            Some(s) => Some(all(std::slice::from_ref(s))?.remove(0)),
            None => None,
        };
        let locals = derived
            .iter()
            .chain(&indicators)
            .chain(&gates)
            .chain(&requires)
            .chain(&ratio)
            .map(|p| p.locals)
            .max()
            .unwrap_or(0);
        Some(Plan {
            derived,
            indicators,
            gates,
            ratio,
            requires,
            locals,
        })
    }
}
