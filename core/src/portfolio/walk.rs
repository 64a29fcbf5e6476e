//! Selection going down a ranking's order one item at a time, so a ranking can be written
//! as its items come out of a sort (even one merged from files) without holding them.

use super::{Previous, RankEntry, RankedItem, Ranking};
use crate::label::Lang;
use crate::pack::Pack;
use serde_json::Value as Json;
use std::collections::BTreeMap;

/// The selection state of a ranking being written: give it the items in the order of
/// [`Pack::rank_order`] ([`RankWalk::item`]), then the ones that could not be assessed
/// ([`RankWalk::failed`]); each comes back as its row.
///
/// ```
/// use matang::{Lang, Pack, RankWalk, input};
/// let pack = Pack::builtin("smart-city-quickwin")?;
/// let csv = "id,assessed_on,stage\nQW-1,2019-10-01,live\nQW-2,2019-10-01,idea\n";
/// let records = input::parse_bytes(csv.as_bytes(), "p.csv", None)?;
/// let mut entries: Vec<_> = pack.assess_many(&records, Lang::En).iter()
///     .map(|r| pack.rank_entry(r.as_ref().unwrap())).collect();
/// entries.sort_by(|a, b| pack.rank_order(a, b));
/// let mut walk = RankWalk::new(&pack, Some(1), None, Lang::En);
/// let rows: Vec<_> = entries.iter().map(|e| walk.item(e)).collect();
/// assert_eq!(rows[0].position, 1);
/// assert_eq!(walk.finish(rows), pack.rank(&pack.assess_many(&records, Lang::En), Some(1), None, Lang::En));
/// # Ok::<(), matang::Error>(())
/// ```
pub struct RankWalk<'a> {
    pack: &'a Pack,
    previous: Option<&'a Previous>,
    lang: Lang,
    top: usize,
    selected: Vec<String>,
    groups: BTreeMap<String, usize>,
    position: usize,
    eligible: usize,
    progress_summary: BTreeMap<String, usize>,
}

impl<'a> RankWalk<'a> {
    /// A walk selecting `top` items (the pack's default when `None`).
    #[must_use]
    pub fn new(
        pack: &'a Pack,
        top: Option<usize>,
        previous: Option<&'a Previous>,
        lang: Lang,
    ) -> Self {
        RankWalk {
            pack,
            previous,
            lang,
            top: top.unwrap_or(pack.selection().top),
            selected: Vec::new(),
            groups: BTreeMap::new(),
            position: 0,
            eligible: 0,
            progress_summary: BTreeMap::new(),
        }
    }

    /// The row of `a`, the next item in the ranking's order: selected if it is eligible,
    /// fewer than `top` are selected and its group is not full, else with the reason.
    pub fn item(&mut self, a: &RankEntry) -> RankedItem {
        let (pack, lang) = (self.pack, self.lang);
        let sel = pack.selection();
        let m = pack.messages();
        let group_value = (sel.group)
            .and_then(|g| a.field(g))
            .filter(|v| !v.is_null())
            .map(|v| match v {
                Json::String(s) => s.clone(),
                other => other.to_string(),
            });
        let group_field = sel.group.map(|g| &pack.model().fields[g]);
        let reason = if !a.eligible {
            Some(m.format("not_eligible", lang, &[("reason", a.unmet.clone())]))
        } else if self.selected.len() >= self.top {
            Some(m.format("below_top", lang, &[("top", self.top.to_string())]))
        } else if let (Some(max), Some(g), Some(f)) = (sel.max_per_group, &group_value, group_field)
            && self.groups.get(g).copied().unwrap_or(0) >= max
        {
            Some(m.format(
                "group_limit",
                lang,
                &[
                    ("max", max.to_string()),
                    ("group", f.label.get(lang).to_string()),
                    ("value", g.clone()),
                ],
            ))
        } else {
            None
        };
        if reason.is_none() {
            self.selected.push(a.id.clone());
            if let Some(g) = group_value {
                *self.groups.entry(g).or_default() += 1;
            }
        }
        self.eligible += usize::from(a.eligible);
        self.position += 1;
        let progress = pack.progress_of(a, self.previous, lang);
        if let Some(p) = &progress {
            let status = serde_json::to_value(p.status)
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_default();
            *self.progress_summary.entry(status).or_insert(0) += 1;
        }
        RankedItem {
            position: self.position,
            id: a.id.clone(),
            name: a.name.clone(),
            total: Some(a.total),
            score_100: Some(a.score_100),
            level: Some(pack.model().level_ref(a.level, lang)),
            eligible: a.eligible,
            selected: reason.is_none(),
            reason,
            capped_by: a.capped_by.clone(),
            verified: a.verified.clone(),
            progress,
            error: None,
        }
    }

    /// `item` ([`Pack::failed_item`]) placed next: after every assessed item.
    pub fn failed(&mut self, mut item: RankedItem) -> RankedItem {
        self.position += 1;
        item.position = self.position;
        item
    }

    /// How many rows this walk has given.
    #[must_use]
    pub fn position(&self) -> usize {
        self.position
    }

    /// The ids selected so far, best first.
    #[must_use]
    pub fn selected(&self) -> &[String] {
        &self.selected
    }

    /// The ranking of `ranking`, the rows this walk gave in order.
    #[must_use]
    pub fn finish(self, ranking: Vec<RankedItem>) -> Ranking {
        Ranking {
            selected: self.selected,
            eligible: self.eligible,
            ranking,
            top: self.top,
            progress_summary: self.progress_summary,
            warnings: self
                .previous
                .map(|p| p.warnings.clone())
                .unwrap_or_default(),
            pack: self.pack.reference().clone(),
        }
    }
}
