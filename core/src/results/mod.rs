//! Results: what one item's assessment says (`assessment`), how an evaluation is put into
//! words (`explain`), the gap to the next level (`next_level`), the evidence changes that
//! reach it (`plan`) and the evidence still needed (`evidence_needed`); and the `Pack`
//! methods that produce them.

pub(crate) mod assessment;
pub mod evidence_needed;
pub(crate) mod explain;
pub(crate) mod next_level;
pub(crate) mod plan;
pub(crate) mod verified;

use crate::engine::row::with_state;
use crate::error::Result;
use crate::label::Lang;
use crate::model::record::Record;
use crate::pack::Pack;
use crate::parallel::{self, Cancel, map_until};
use assessment::{Assessment, DimensionChange, Score, WhatIf};
use serde_json::Map;

impl Pack {
    /// Assesses one record.
    ///
    /// ```
    /// use matang::{Lang, Pack, Record};
    /// let pack = Pack::builtin("smart-city-quickwin").unwrap();
    /// let record = Record::from_json(serde_json::json!({
    ///     "id": "QW-01", "name": "Satrio Pasar", "assessed_on": "2019-10-01",
    ///     "stage": "live", "go_live_date": "2019-01-15", "legal_basis": "perbup",
    ///     "trained_staff": 4, "target_users": 5000, "active_users_month": 1200
    /// })).unwrap();
    /// let a = pack.assess(&record, Lang::En).unwrap();
    /// assert!(a.total >= 0.0 && a.total <= 5.0);
    /// // Too little evidence on most dimensions: the gap says what to do next.
    /// assert!(a.next_level.is_some());
    /// assert_eq!(a.pack.id, "smart-city-quickwin");
    /// ```
    ///
    /// A key that is not a field is ignored and named in the assessment's `warnings`,
    /// unless it looks like a field (see [`crate::input::columns::ColumnCheck`]): then it is a problem.
    ///
    /// # Errors
    /// [`Error::Evidence`](crate::error::Error::Evidence) naming the record and every bad field (and every key that looks
    /// like a field, with the field it looks like); [`Error::Rule`](crate::error::Error::Rule) when a rule fails on
    /// this record (with the script's file and position).
    pub fn assess(&self, record: &Record, lang: Lang) -> Result<Assessment> {
        let ev = with_state(|st| self.compiled().evaluate(record, st))?;
        Ok(self.model().explain(ev, lang))
    }

    /// [`Pack::assess`] with the next-level plan in evidence terms
    /// ([`Pack::next_level_plan`]) in `next_level.plan` and its sentence in the summary.
    /// Slower than `assess` (the plan re-evaluates the record many times): for one item
    /// explained, not for large tables.
    ///
    /// # Errors
    /// As [`Pack::assess`].
    pub fn assess_with_plan(&self, record: &Record, lang: Lang) -> Result<Assessment> {
        let mut a = self.assess(record, lang)?;
        self.attach_plan(record, &mut a, lang)?;
        Ok(a)
    }

    /// Adds the next-level plan to each assessment of `results` (those of `records`, in
    /// order, as [`Pack::assess_portfolio`] gives them), as [`Pack::assess_with_plan`] does.
    /// An item whose plan cannot be found keeps its assessment without one.
    pub fn attach_plans(&self, records: &[Record], results: &mut [Result<Assessment>], lang: Lang) {
        let plans = parallel::map(records, |r| self.next_level_plan(r, lang));
        for (result, plan) in results.iter_mut().zip(plans) {
            if let (Ok(a), Ok(Some(plan))) = (result, plan) {
                self.put_plan(a, plan, lang);
            }
        }
    }

    fn attach_plan(&self, record: &Record, a: &mut Assessment, lang: Lang) -> Result<()> {
        if a.next_level.is_some()
            && let Some(plan) = self.next_level_plan(record, lang)?
        {
            self.put_plan(a, plan, lang);
        }
        Ok(())
    }

    /// Puts `plan` in `a.next_level` and its sentence in the summary, in place of the
    /// single-indicator lines (scores, not evidence) after the gap.
    fn put_plan(&self, a: &mut Assessment, plan: plan::Plan, lang: Lang) {
        let Some(next) = a.next_level.as_mut() else {
            return;
        };
        let line = self
            .messages()
            .format("plan_heading", lang, &[("plan", plan.text.clone())]);
        let (at, score_lines) = if next.gap > crate::model::aggregate::EPS {
            (2, next.improvements.len().clamp(1, 3))
        } else {
            (1, 0)
        };
        let at = at.min(next.summary.len());
        let end = (at + score_lines).min(next.summary.len());
        next.summary.splice(at..end, [line]);
        next.plan = Some(plan);
    }

    /// Scores one record without the explanation (reasons, gates in words, next-level gap):
    /// the same numbers as [`Pack::assess`], much faster, for large tables.
    ///
    /// ```
    /// use matang::{Lang, Pack};
    /// let pack = Pack::builtin("smart-city-quickwin").unwrap();
    /// for (_, record) in pack.vector_records().unwrap().iter().take(5) {
    ///     if let Ok(full) = pack.assess(record, Lang::En) {
    ///         let quick = pack.score(record).unwrap();
    ///         assert_eq!((quick.total, quick.level), (full.total, full.level.rank));
    ///     }
    /// }
    /// ```
    ///
    /// # Errors
    /// As [`Pack::assess`].
    pub fn score(&self, record: &Record) -> Result<Score> {
        let ev = with_state(|st| self.compiled().evaluate(record, st))?;
        Ok(self.model().score_of(ev))
    }

    /// Assesses a JSON object (as bindings receive it).
    ///
    /// # Errors
    /// As [`Pack::assess`], and [`Error::Usage`](crate::error::Error::Usage) if `value` is not an object.
    pub fn assess_json(&self, value: serde_json::Value, lang: Lang) -> Result<Assessment> {
        self.assess(&Record::from_json(value)?, lang)
    }

    /// Assesses many records, on all cores with the `parallel` feature. One result per
    /// record, in order: a bad record gives an error in its place and never stops the batch.
    #[must_use]
    pub fn assess_many(&self, records: &[Record], lang: Lang) -> Vec<Result<Assessment>> {
        parallel::map(records, |r| self.assess(r, lang))
    }

    /// Re-assesses `record` with some evidence changed (`null` removes a value) and reports
    /// the difference per dimension and level.
    ///
    /// # Errors
    /// As [`Pack::assess`], for the record before or after the change.
    pub fn what_if(
        &self,
        record: &Record,
        changes: &Map<String, serde_json::Value>,
        lang: Lang,
    ) -> Result<WhatIf> {
        let before = self.assess(record, lang)?;
        let after = self.assess(&record.with_changes(changes), lang)?;
        let dimensions = before
            .dimensions
            .iter()
            .zip(&after.dimensions)
            .map(|(b, a)| DimensionChange {
                id: b.id.clone(),
                label: b.label.clone(),
                before: b.score,
                after: a.score,
                delta: match (b.score, a.score) {
                    (Some(x), Some(y)) => y - x,
                    _ => 0.0,
                },
            })
            .collect();
        Ok(WhatIf {
            changes: changes.clone(),
            total_delta: after.total - before.total,
            level_delta: i64::from(after.level.rank) - i64::from(before.level.rank),
            dimensions,
            before,
            after,
        })
    }

    /// [`Pack::assess_many`] that skips the records not yet started once `cancel` is set,
    /// and then gives `None`.
    #[must_use]
    pub fn assess_many_cancellable(
        &self,
        records: &[Record],
        lang: Lang,
        cancel: &Cancel,
    ) -> Option<Vec<Result<Assessment>>> {
        map_until(records, cancel, |r| self.assess(r, lang))
    }
}
