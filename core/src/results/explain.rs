//! An evaluation put into words: the assessment of one item with its reasons, gates,
//! missing evidence and next level, in the language asked for; or only its numbers.

use crate::engine::fast::RowValue;
use crate::engine::row::Evaluation;
use crate::label::{Lang, fill_into, format_into};
use crate::model::Model;
use crate::model::field::{FieldKind, Value, WhenBlank};
use crate::results::assessment::{
    Assessment, DimensionScore, GateResult, IndicatorScore, Score, Unmet,
};
use rhai::Dynamic;

impl Model {
    fn put_dynamic(&self, out: &mut String, d: &Dynamic, decimals: Option<usize>, lang: Lang) {
        if d.is_unit() {
            out.push_str(self.messages.text("missing_value", lang));
        } else if let Ok(i) = d.as_int() {
            #[allow(clippy::cast_precision_loss)]
            format_into(out, i as f64, decimals.unwrap_or(0), lang, false);
        } else if let Ok(f) = d.as_float() {
            format_into(out, f, decimals.unwrap_or(1), lang, false);
        } else if let Ok(b) = d.as_bool() {
            out.push_str(self.messages.text(if b { "yes" } else { "no" }, lang));
        } else {
            out.push_str(&d.to_string());
        }
    }

    /// A rule's value in words, as [`Self::put_dynamic`] words it, without converting it.
    fn put_row(&self, out: &mut String, v: &RowValue, decimals: Option<usize>, lang: Lang) {
        match v {
            RowValue::Unit => out.push_str(self.messages.text("missing_value", lang)),
            #[allow(clippy::cast_precision_loss)]
            RowValue::Int(i) => format_into(out, *i as f64, decimals.unwrap_or(0), lang, false),
            RowValue::Float(f) => format_into(out, *f, decimals.unwrap_or(1), lang, false),
            RowValue::Bool(b) => {
                out.push_str(self.messages.text(if *b { "yes" } else { "no" }, lang))
            }
            RowValue::Str(s) => out.push_str(s),
            other => self.put_dynamic(out, &other.to_dynamic(), decimals, lang),
        }
    }

    pub(crate) fn format_value(
        &self,
        field: usize,
        v: &Value,
        decimals: Option<usize>,
        lang: Lang,
    ) -> String {
        let mut out = String::new();
        self.put_value(&mut out, field, v, decimals, lang);
        out
    }

    fn put_value(
        &self,
        out: &mut String,
        field: usize,
        v: &Value,
        decimals: Option<usize>,
        lang: Lang,
    ) {
        let f = &self.fields[field];
        match v {
            Value::Text(s) if f.kind == FieldKind::Enum && !f.value_labels.is_empty() => {
                match f.values.iter().position(|x| x.as_str() == s.as_str()) {
                    Some(i) => out.push_str(f.value_labels[i].get(lang)),
                    None => out.push_str(s),
                }
            }
            Value::Date(d) => out.push_str(&crate::date::format(*d)),
            Value::Bool(b) => out.push_str(self.messages.text(if *b { "yes" } else { "no" }, lang)),
            Value::Missing => out.push_str(self.messages.text("missing_value", lang)),
            #[allow(clippy::cast_precision_loss)]
            Value::Int(i) => format_into(out, *i as f64, decimals.unwrap_or(0), lang, false),
            Value::Float(x) => format_into(out, *x, decimals.unwrap_or(1), lang, false),
            Value::Text(s) => out.push_str(s),
        }
    }

    /// Appends the value of reason placeholder `key` (`name` or `name:decimals`) for
    /// indicator `i`: a value its rule returned, else a field or derived value; `false`
    /// for an unknown name.
    fn put_named(
        &self,
        out: &mut String,
        ev: &Evaluation,
        i: usize,
        key: &str,
        lang: Lang,
    ) -> bool {
        let (name, decimals) = match key.bytes().position(|c| c == b':') {
            Some(c) => (&key[..c], key[c + 1..].parse::<usize>().ok()),
            None => (key, None),
        };
        if let Some(v) = ev.vars[i].as_ref().and_then(|m| m.get(name)) {
            self.put_row(out, v, decimals, lang);
            return true;
        }
        let Some(pos) = self.names.iter().position(|n| n == name) else {
            return false;
        };
        let nf = self.fields.len();
        if pos < nf {
            self.put_value(out, pos, &ev.values[pos], decimals, lang);
        } else {
            self.put_row(out, &ev.derived[pos - nf], decimals, lang);
        }
        true
    }

    fn reason(&self, ev: &Evaluation, i: usize, lang: Lang) -> String {
        let ind = &self.indicators[i];
        let nf = self.fields.len();
        let reads_label = |only_missing: bool| -> String {
            let mut out = String::new();
            let reads = ind
                .rule
                .reads
                .iter()
                .filter(|&&p| p < nf && (!only_missing || ev.values[p] == Value::Missing));
            for (k, &p) in reads.enumerate() {
                if k > 0 {
                    out.push_str("; ");
                }
                out.push_str(self.fields[p].label.get(lang));
                if !only_missing {
                    out.push_str(" = ");
                    self.put_named(&mut out, ev, i, &self.names[p], lang);
                }
            }
            out
        };
        let blank = |policy: fn(&WhenBlank) -> bool| {
            ind.evidence
                .iter()
                .filter(move |&&f| {
                    ev.values[f] == Value::Missing && policy(&self.fields[f].when_blank)
                })
                .map(|&f| &self.fields[f])
        };
        if ev.not_shown.contains(&i) {
            let fields = blank(|w| *w == WhenBlank::Unmet)
                .map(|f| f.label.get(lang))
                .collect::<Vec<_>>()
                .join("; ");
            return self
                .messages
                .format("not_shown", lang, &[("fields", fields)]);
        }
        if ev.scores[i].is_none() {
            let reasons = blank(|w| matches!(w, WhenBlank::NotApplicable(_)))
                .filter_map(|f| match &f.when_blank {
                    WhenBlank::NotApplicable(r) => {
                        Some(format!("{} ({})", f.label.get(lang), r.get(lang)))
                    }
                    _ => None,
                })
                .collect::<Vec<_>>();
            if !reasons.is_empty() {
                return self.messages.format(
                    "not_applicable",
                    lang,
                    &[("reasons", reasons.join("; "))],
                );
            }
            return self
                .messages
                .format("no_evidence", lang, &[("fields", reads_label(true))]);
        }
        match &ind.reason {
            Some(t) => {
                let t = t.get(lang);
                let mut out = String::with_capacity(t.len() + 16);
                fill_into(t, &mut out, &mut |key, out| {
                    self.put_named(out, ev, i, key, lang)
                });
                out
            }
            None => reads_label(false),
        }
    }

    pub(crate) fn score_of(&self, ev: Evaluation) -> Score {
        let agg = self.aggregate(&ev.scores);
        let score_level = self.score_rank(agg.total);
        Score {
            level: self.capped_rank(score_level, &ev.gates),
            score_level,
            total: agg.total,
            score_100: self.score_100(agg.total),
            dimensions: agg.dims.iter().map(|d| d.score).collect(),
            eligible: ev.unmet.is_empty(),
            progress_ratio: ev.ratio,
            id: ev.id,
        }
    }

    pub(crate) fn explain(&self, ev: Evaluation, lang: Lang) -> Assessment {
        let agg = self.aggregate(&ev.scores);
        let score_rank = self.score_rank(agg.total);
        let rank = self.capped_rank(score_rank, &ev.gates);
        let dimensions = self
            .dimensions
            .iter()
            .zip(&agg.dims)
            .map(|(d, a)| DimensionScore {
                id: d.id.clone(),
                label: d.label.get(lang).to_string(),
                weight: d.weight,
                score: a.score,
                #[allow(clippy::cast_precision_loss)]
                coverage: a.present as f64 / a.count as f64,
                present: a.present,
                count: a.count,
                insufficient: a.insufficient,
            })
            .collect();
        let indicators = self
            .indicators
            .iter()
            .enumerate()
            .map(|(i, ind)| IndicatorScore {
                id: ind.id.clone(),
                dimension: self.dimensions[ind.dimension].id.clone(),
                label: ind.label.get(lang).to_string(),
                score: ev.scores[i],
                reason: self.reason(&ev, i, lang),
            })
            .collect();
        let gates = self
            .gates
            .iter()
            .zip(&ev.gates)
            .map(|(g, &passed)| GateResult {
                id: g.id.clone(),
                level: g.level,
                passed,
                label: g.label.get(lang).to_string(),
            })
            .collect();
        let capped_by = self
            .gates
            .iter()
            .zip(&ev.gates)
            .filter(|(g, p)| !**p && g.level <= score_rank)
            .map(|(g, _)| g.id.clone())
            .collect();
        let nf = self.fields.len();
        // Fields read by a rule and missing, in schema order.
        let mut blank = vec![false; nf];
        let reads = self.indicators.iter().map(|i| &i.rule.reads);
        for &p in reads
            .chain(self.derived.iter().map(|d| &d.rule.reads))
            .flatten()
        {
            if p < nf && ev.values[p] == Value::Missing {
                blank[p] = true;
            }
        }
        let missing = (0..nf)
            .filter(|&p| blank[p])
            .map(|p| self.fields[p].id.clone())
            .collect();
        let unmet = ev
            .unmet
            .iter()
            .map(|&n| {
                let c = &self.selection.requires[n];
                Unmet {
                    id: c.id.clone(),
                    label: c.label.get(lang).to_string(),
                }
            })
            .collect();
        let verified = self.verified_values(&ev, lang);
        let evidence = self
            .fields
            .iter()
            .zip(&ev.values)
            .map(|(f, v)| (f.id.clone(), v.to_json()))
            .collect();
        let next_level = self.next_level(&ev.scores, &agg.dims, &ev.gates, agg.total, rank, lang);
        Assessment {
            id: ev.id,
            name: ev.name,
            total: agg.total,
            score_100: self.score_100(agg.total),
            level: self.level_ref(rank, lang),
            score_level: score_rank,
            dimensions,
            indicators,
            gates,
            capped_by,
            missing,
            next_level,
            eligible: ev.unmet.is_empty(),
            unmet,
            progress_ratio: ev.ratio,
            verified,
            evidence,
            warnings: ev.warnings,
            policy: self.policy.name().to_string(),
            lang,
            pack: self.reference.clone(),
        }
    }
}
