//! Portfolio operations: rank assessed items, pick the top N with a reason for every item
//! left out, and compare with a previous assessment (plus / minus / flat).

mod entry;
mod walk;
pub use entry::RankEntry;
pub use walk::RankWalk;

use crate::error::{Error, FieldProblem, Result};
use crate::label::{Lang, format_fixed, format_number};
use crate::model::PackRef;
use crate::model::aggregate::EPS;
use crate::model::level::LevelRef;
use crate::model::record::Record;
use crate::model::selection::{SortKey, SortSource};
use crate::pack::Pack;
use crate::parallel::Cancel;
use crate::results::assessment::{Assessment, Unmet};
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;
use std::cmp::Ordering;
use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};

/// Progress of one item against the previous assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProgressStatus {
    /// Improved beyond the tolerance (and the roadmap is on track, when known).
    Plus,
    /// Worse beyond the tolerance, or the roadmap is behind.
    Minus,
    /// Neither.
    Flat,
    /// No previous assessment.
    New,
}

/// An item's progress.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    /// Plus, minus, flat or new.
    pub status: ProgressStatus,
    /// The status in words.
    pub label: String,
    /// The previous total.
    pub previous_total: Option<f64>,
    /// Total minus previous total.
    pub delta: Option<f64>,
    /// Roadmap realisation ratio, when known.
    pub ratio: Option<f64>,
    /// Why the status is what it is, in words (e.g. "roadmap realised 60 % < 80 %").
    pub reason: String,
}

/// One row of a ranking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankedItem {
    /// 1-based position in the order (assessed items first).
    pub position: usize,
    /// Item id.
    pub id: String,
    /// Item name.
    pub name: Option<String>,
    /// Total, `None` if the item could not be assessed.
    pub total: Option<f64>,
    /// Total on 0 to 100.
    pub score_100: Option<f64>,
    /// Level reached.
    pub level: Option<LevelRef>,
    /// Meets the selection conditions.
    pub eligible: bool,
    /// Picked.
    pub selected: bool,
    /// Why it was not picked (in words), `None` when selected.
    pub reason: Option<String>,
    /// The gates that hold its level below what its score reaches (id and label).
    pub capped_by: Vec<Unmet>,
    /// Verified values that differ from the office's own, in words (e.g. "SDM terlatih: 6 →
    /// 1 (−5 orang)").
    #[serde(default)]
    pub verified: Vec<String>,
    /// Progress against the previous assessment.
    pub progress: Option<Progress>,
    /// The error, when the item could not be assessed.
    pub error: Option<String>,
}

/// A ranked portfolio with its selection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ranking {
    /// Ids of the selected items, best first.
    pub selected: Vec<String>,
    /// Every item, best first.
    pub ranking: Vec<RankedItem>,
    /// N.
    pub top: usize,
    /// How many items were eligible.
    pub eligible: usize,
    /// Counts of plus, minus, flat and new.
    pub progress_summary: BTreeMap<String, usize>,
    /// Notes (e.g. previous records that could not be read).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// The pack used.
    pub pack: PackRef,
}

/// Totals from a previous assessment, by item id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Previous {
    /// Previous total per id.
    pub totals: BTreeMap<String, f64>,
    /// Records that could not be used (not assessable, or an id given twice), in words.
    pub warnings: Vec<String>,
}

/// `results` with every record whose id an earlier record has replaced by the error
/// naming both.
fn mark_duplicates(
    records: &[Record],
    mut results: Vec<Result<Assessment>>,
) -> Vec<Result<Assessment>> {
    for (i, first) in earlier_same_id(records).into_iter().enumerate() {
        if let Some(f) = first {
            let places = both_places((&records[f], f), (&records[i], i));
            results[i] = Err(duplicate(&records[i].id(), records[i].describe(), places));
        }
    }
    results
}

fn cmp_json(a: &Json, b: &Json) -> Ordering {
    match (a, b) {
        (Json::Number(x), Json::Number(y)) => x
            .as_f64()
            .unwrap_or(0.0)
            .total_cmp(&y.as_f64().unwrap_or(0.0)),
        (Json::String(x), Json::String(y)) => x.cmp(y),
        (Json::Bool(x), Json::Bool(y)) => x.cmp(y),
        _ => Ordering::Equal,
    }
}

/// For each record, the index of the first earlier record with the same `id` (records
/// without an `id` field never repeat one).
fn earlier_same_id(records: &[Record]) -> Vec<Option<usize>> {
    let mut first: HashMap<String, usize> = HashMap::with_capacity(records.len());
    (0..records.len())
        .map(|i| {
            let r = &records[i];
            let has_id = match r.fields.get("id") {
                Some(Json::String(s)) => !s.trim().is_empty(),
                Some(Json::Number(_)) => true,
                _ => false,
            };
            if !has_id {
                return None;
            }
            match first.entry(r.id()) {
                Entry::Occupied(e) => Some(*e.get()),
                Entry::Vacant(e) => {
                    e.insert(i);
                    None
                }
            }
        })
        .collect()
}

/// Where two records are, shortly: `portfolio.csv line 5 and line 9`, `row 3 and row 7`,
/// or their 1-based positions when they do not say where they came from.
fn both_places(a: (&Record, usize), b: (&Record, usize)) -> String {
    match (&a.0.origin, &b.0.origin) {
        (Some(x), Some(y)) => match (x.rsplit_once(' '), y.rsplit_once(' ')) {
            (Some((px, _)), Some((py, ny))) if px == py => {
                let word = px.rsplit(' ').next().unwrap_or(px);
                format!("{x} and {word} {ny}")
            }
            _ => format!("{x} and {y}"),
        },
        _ => format!("records {} and {}", a.1 + 1, b.1 + 1),
    }
}

/// The error for a record whose id an earlier record already has.
fn duplicate(id: &str, record: String, places: String) -> Error {
    Error::Evidence {
        record,
        problems: vec![FieldProblem {
            field: "id".into(),
            message: format!("id '{id}' appears twice: {places}"),
        }],
    }
}

impl Pack {
    /// Assesses the records of a portfolio to rank: as [`Pack::assess_many`], but an id
    /// counts once. A record whose id an earlier record has is an evidence error naming
    /// both, e.g. `id 'QW-04' appears twice: portfolio.csv line 5 and line 9`; the first
    /// is assessed.
    ///
    /// ```
    /// use matang::{Lang, Pack, input};
    /// let pack = Pack::builtin("smart-city-quickwin")?;
    /// let csv = "id,assessed_on,stage\nQW-1,2019-10-01,live\nQW-1,2019-10-01,idea\n";
    /// let records = input::parse_bytes(csv.as_bytes(), "p.csv", None)?;
    /// let results = pack.assess_portfolio(&records, Lang::En);
    /// assert!(results[0].is_ok());
    /// let e = results[1].as_ref().unwrap_err().to_string();
    /// assert!(e.contains("id 'QW-1' appears twice: p.csv line 2 and line 3"), "{e}");
    /// # Ok::<(), matang::Error>(())
    /// ```
    #[must_use]
    pub fn assess_portfolio(&self, records: &[Record], lang: Lang) -> Vec<Result<Assessment>> {
        mark_duplicates(records, self.assess_many(records, lang))
    }

    /// [`Pack::assess_portfolio`] that stops between chunks once `cancel` is set, and then
    /// gives `None`.
    #[must_use]
    pub fn assess_portfolio_cancellable(
        &self,
        records: &[Record],
        lang: Lang,
        cancel: &Cancel,
    ) -> Option<Vec<Result<Assessment>>> {
        self.assess_many_cancellable(records, lang, cancel)
            .map(|results| mark_duplicates(records, results))
    }

    /// Previous totals from last year's records: a record with a numeric `total` (e.g. a
    /// results file) gives it directly, any other record is assessed with this pack.
    #[must_use]
    pub fn previous_totals(&self, records: &[Record]) -> Previous {
        self.previous_with(records, Lang::En, false, &Cancel::new())
            .0
    }

    /// [`Pack::previous_totals`] that stops between records once `cancel` is set, and
    /// then gives `None`.
    #[must_use]
    pub fn previous_totals_cancellable(
        &self,
        records: &[Record],
        cancel: &Cancel,
    ) -> Option<Previous> {
        let (prev, _, finished) = self.previous_with(records, Lang::En, false, cancel);
        finished.then_some(prev)
    }

    /// [`Pack::previous_totals_cancellable`] of the readable `records`; each unreadable one
    /// becomes a warning starting "previous ".
    #[must_use]
    pub fn previous_totals_readable(
        &self,
        records: Vec<Result<Record>>,
        cancel: &Cancel,
    ) -> Option<Previous> {
        let mut ok = Vec::new();
        let mut unread = Vec::new();
        for r in records {
            match r {
                Ok(rec) => ok.push(rec),
                Err(e) => unread.push(format!("previous {e}")),
            }
        }
        let mut prev = self.previous_totals_cancellable(&ok, cancel)?;
        prev.warnings.extend(unread);
        Some(prev)
    }

    /// [`Pack::previous_totals`] together with last year's assessments (every record whose
    /// evidence can be assessed), e.g. to draw last year's shapes; each record is assessed once.
    #[must_use]
    pub fn previous_assessments(
        &self,
        records: &[Record],
        lang: Lang,
    ) -> (Previous, Vec<Assessment>) {
        let (prev, assessed, _) = self.previous_with(records, lang, true, &Cancel::new());
        (prev, assessed)
    }

    /// Previous totals (and, with `keep`, assessments) of `records`; the last value says
    /// whether every record was read (`cancel` stops it between records).
    fn previous_with(
        &self,
        records: &[Record],
        lang: Lang,
        keep: bool,
        cancel: &Cancel,
    ) -> (Previous, Vec<Assessment>, bool) {
        let mut prev = Previous::default();
        let mut assessed = Vec::new();
        let earlier = earlier_same_id(records);
        for (i, r) in records.iter().enumerate() {
            if cancel.is_cancelled() {
                return (prev, assessed, false);
            }
            if let Some(f) = earlier[i] {
                let places = both_places((&records[f], f), (r, i));
                let e = duplicate(&r.id(), r.describe(), places);
                prev.warnings.push(format!("previous assessment: {e}"));
                continue;
            }
            let direct = match r.fields.get("total") {
                Some(Json::Number(n)) => n.as_f64(),
                Some(Json::String(s)) => crate::model::field::parse_number_text(s, r.numbers).ok(),
                _ => None,
            };
            let result = (keep || direct.is_none()).then(|| self.assess(r, lang));
            let total = match (direct, &result) {
                (Some(t), _) => Some(t),
                (None, Some(Ok(a))) => Some(a.total),
                (None, Some(Err(e))) => {
                    prev.warnings.push(format!("previous assessment: {e}"));
                    None
                }
                (None, None) => None,
            };
            if let Some(t) = total {
                prev.totals.insert(r.id(), t);
            }
            if keep && let Some(Ok(a)) = result {
                assessed.push(a);
            }
        }
        (prev, assessed, true)
    }

    fn sort_key_cmp(key: SortKey, a: &RankEntry, b: &RankEntry) -> Ordering {
        let ord = match key.source {
            SortSource::Total => a.total.total_cmp(&b.total),
            SortSource::Level => a.level.cmp(&b.level),
            SortSource::Id => a.id.cmp(&b.id),
            SortSource::Dimension(d) => {
                let (x, y) = (a.dimensions[d], b.dimensions[d]);
                return match (x, y) {
                    (Some(x), Some(y)) => directed(x.total_cmp(&y), key.descending),
                    (Some(_), None) => Ordering::Less,
                    (None, Some(_)) => Ordering::Greater,
                    (None, None) => Ordering::Equal,
                };
            }
            SortSource::Field(f) => {
                let (x, y) = (
                    a.field(f).unwrap_or(&Json::Null),
                    b.field(f).unwrap_or(&Json::Null),
                );
                return match (x.is_null(), y.is_null()) {
                    (false, false) => directed(cmp_json(x, y), key.descending),
                    (false, true) => Ordering::Less,
                    (true, false) => Ordering::Greater,
                    (true, true) => Ordering::Equal,
                };
            }
        };
        directed(ord, key.descending)
    }

    fn progress_of(
        &self,
        a: &RankEntry,
        previous: Option<&Previous>,
        lang: Lang,
    ) -> Option<Progress> {
        let previous = previous?;
        let p = &self.model().progress;
        let prev = previous.totals.get(&a.id).copied();
        let delta = prev.map(|t| a.total - t);
        let ratio = a.progress_ratio;
        let status = match delta {
            None => ProgressStatus::New,
            Some(d) if d < -p.tolerance - EPS || ratio.is_some_and(|r| r < p.minus_below_ratio) => {
                ProgressStatus::Minus
            }
            Some(d)
                if d > p.tolerance + EPS && ratio.is_none_or(|r| r + EPS >= p.plus_min_ratio) =>
            {
                ProgressStatus::Plus
            }
            Some(_) => ProgressStatus::Flat,
        };
        let key = match status {
            ProgressStatus::Plus => "progress_plus",
            ProgressStatus::Minus => "progress_minus",
            ProgressStatus::Flat => "progress_flat",
            ProgressStatus::New => "progress_new",
        };
        Some(Progress {
            status,
            label: self.messages().get(key, lang),
            previous_total: prev,
            delta,
            ratio,
            reason: self.progress_reason(status, delta, ratio, lang),
        })
    }

    /// What decided `status`: the roadmap ratio when it overruled or confirmed the change
    /// of the total, else the change against the tolerance.
    fn progress_reason(
        &self,
        status: ProgressStatus,
        delta: Option<f64>,
        ratio: Option<f64>,
        lang: Lang,
    ) -> String {
        let p = &self.model().progress;
        let m = self.messages();
        let Some(d) = delta else {
            return m.get("progress_no_previous", lang);
        };
        let pct = |x: f64| format_number(x * 100.0, 0, lang);
        let roadmap = |key: &str, min: f64, r: f64| {
            m.format(key, lang, &[("ratio", pct(r)), ("min", pct(min))])
        };
        let beyond = d.abs() > p.tolerance + EPS;
        match (status, ratio) {
            (ProgressStatus::Minus, Some(r)) if r < p.minus_below_ratio => {
                roadmap("progress_roadmap_low", p.minus_below_ratio, r)
            }
            (ProgressStatus::Flat, Some(r)) if beyond && d > 0.0 => {
                roadmap("progress_roadmap_low", p.plus_min_ratio, r)
            }
            (ProgressStatus::Plus, Some(r)) => roadmap("progress_roadmap_ok", p.plus_min_ratio, r),
            _ => m.format(
                if beyond {
                    "progress_change_out"
                } else {
                    "progress_change_in"
                },
                lang,
                &[("tolerance", format_number(p.tolerance, 6, lang))],
            ),
        }
    }

    /// Ranks assessed items and selects the top `top` (the pack's default when `None`).
    ///
    /// Items are ordered by the pack's keys; going down the order, an item is selected if
    /// it is eligible, fewer than `top` are selected, and its group is not full. Every
    /// item not selected gets the reason in words. An id is ranked once: a later result
    /// with an id already seen is listed as an error (assess with
    /// [`Pack::assess_portfolio`] for errors that name the records' lines).
    #[must_use]
    pub fn rank(
        &self,
        results: &[Result<Assessment>],
        top: Option<usize>,
        previous: Option<&Previous>,
        lang: Lang,
    ) -> Ranking {
        let entries: Vec<Result<RankEntry>> = (results.iter())
            .map(|r| r.as_ref().map(|a| self.rank_entry(a)).map_err(Clone::clone))
            .collect();
        self.rank_entries(&entries, top, previous, lang)
    }

    /// [`Pack::rank`] over what ranking reads of each item ([`Pack::rank_entry`]): the same
    /// ranking, from a few numbers and words per item instead of its whole explanation.
    #[must_use]
    pub fn rank_entries(
        &self,
        results: &[Result<RankEntry>],
        top: Option<usize>,
        previous: Option<&Previous>,
        lang: Lang,
    ) -> Ranking {
        // An id is ranked once: a later result with the same id is an error in its place.
        let mut first_at: HashMap<&str, usize> = HashMap::with_capacity(results.len());
        let mut ok: Vec<&RankEntry> = Vec::with_capacity(results.len());
        let mut failed: Vec<RankedItem> = Vec::new();
        for (i, r) in results.iter().enumerate() {
            match r {
                Ok(a) => match first_at.entry(a.id.as_str()) {
                    Entry::Vacant(e) => {
                        e.insert(i);
                        ok.push(a);
                    }
                    Entry::Occupied(e) => {
                        failed.push(self.repeated_item(&a.id, *e.get(), i, lang));
                    }
                },
                Err(e) => failed.push(self.failed_item(e, lang)),
            }
        }
        ok.sort_by(|a, b| self.rank_order(a, b));
        let mut walk = RankWalk::new(self, top, previous, lang);
        let mut ranking: Vec<RankedItem> = ok.iter().map(|a| walk.item(a)).collect();
        ranking.extend(failed.into_iter().map(|f| walk.failed(f)));
        walk.finish(ranking)
    }

    /// How ranking orders two items (the pack's `[selection]` keys); items it finds equal
    /// keep their input order in [`Pack::rank_entries`].
    #[must_use]
    pub fn rank_order(&self, a: &RankEntry, b: &RankEntry) -> Ordering {
        (self.selection().order.iter())
            .map(|&k| Self::sort_key_cmp(k, a, b))
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal)
    }

    /// The row of an item that could not be assessed (its position is set by
    /// [`RankWalk::failed`]).
    #[must_use]
    pub fn failed_item(&self, e: &Error, lang: Lang) -> RankedItem {
        let m = self.messages();
        RankedItem {
            position: 0,
            id: e.record_id().unwrap_or("?").to_string(),
            name: None,
            total: None,
            score_100: None,
            level: None,
            eligible: false,
            selected: false,
            reason: Some(m.format("not_assessed", lang, &[("error", e.detail())])),
            capped_by: Vec::new(),
            verified: Vec::new(),
            progress: None,
            error: Some(e.to_string()),
        }
    }

    /// The row of result `later` (0-based) whose id result `first` already has.
    #[must_use]
    pub fn repeated_item(&self, id: &str, first: usize, later: usize, lang: Lang) -> RankedItem {
        let places = format!("results {} and {}", first + 1, later + 1);
        self.failed_item(&duplicate(id, format!("'{id}'"), places), lang)
    }

    /// "Selected (4 of 10 eligible)" in `lang`: the heading above a ranking's selection.
    #[must_use]
    pub fn selection_heading(&self, ranking: &Ranking, lang: Lang) -> String {
        self.messages().format(
            "heading_selected",
            lang,
            &[
                ("n", ranking.selected.len().to_string()),
                ("eligible", ranking.eligible.to_string()),
            ],
        )
    }

    /// Formats a score on the pack's scale for people.
    #[must_use]
    pub fn format_score(&self, x: f64, lang: Lang) -> String {
        format_fixed(x, self.scale().decimals, lang)
    }
}

fn directed(o: Ordering, descending: bool) -> Ordering {
    if descending { o.reverse() } else { o }
}
