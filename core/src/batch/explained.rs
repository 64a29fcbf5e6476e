//! The explained batch: every row of a [`Batch`] assessed as [`Pack::assess`] assesses its
//! record (reasons, gates, missing evidence, next level), from the batch's typed columns,
//! so no record is parsed again.

use super::Batch;
use crate::engine::row::with_state;
use crate::error::{Error, Result};
use crate::label::Lang;
use crate::pack::Pack;
use crate::parallel;
use crate::results::assessment::Assessment;

impl Pack {
    /// Assesses every row of `batch` (on all cores with the `parallel` feature), in order: a
    /// row that cannot be assessed gives its error in its place and never stops the batch.
    /// Each row's assessment is what [`Pack::assess`] gives for its record, except that a
    /// batch keeps only the evidence: no `warnings` about unknown keys and no `verified`
    /// differences (the score uses the verified values all the same).
    ///
    /// ```
    /// use matang::{Batch, Lang, Pack};
    /// let pack = Pack::builtin("smart-city-quickwin").unwrap();
    /// let records: Vec<_> = pack.vector_records().unwrap().into_iter().map(|(_, r)| r).collect();
    /// let batch = Batch::from_records(&pack, &records);
    /// let explained = pack.assess_batch(&batch, Lang::Id).unwrap();
    /// let first = pack.assess(&records[0], Lang::Id).unwrap();
    /// assert_eq!(explained[0].as_ref().unwrap().indicators, first.indicators);
    /// ```
    ///
    /// # Errors
    /// [`Error::Usage`] if `batch` was built for another pack (one with other files).
    pub fn assess_batch(&self, batch: &Batch, lang: Lang) -> Result<Vec<Result<Assessment>>> {
        // Packs compiled from the same files number their symbols the same way.
        if !self.same_as(&batch.pack) && self.fingerprint() != batch.pack.fingerprint() {
            return Err(Error::Usage(
                "this batch was built for another pack (build it with this pack)".to_string(),
            ));
        }
        let rows: Vec<usize> = (0..batch.len()).collect();
        Ok(parallel::map(&rows, |&i| self.assess_row(batch, i, lang)))
    }

    /// Row `i` of `batch`, assessed.
    fn assess_row(&self, batch: &Batch, i: usize, lang: Lang) -> Result<Assessment> {
        if let Some(e) = &batch.invalid[i] {
            return Err((**e).clone());
        }
        let values = batch.values(i);
        let id = batch.id(i).to_string();
        let name = batch.names.get(i).map(str::to_string);
        let ev = with_state(|st| {
            self.compiled()
                .evaluate_values(values, id, name, Vec::new(), st)
        })?;
        Ok(self.model().explain(ev, lang))
    }
}
