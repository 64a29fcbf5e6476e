//! What each indicator's rule does, found by running it: every evidence field it reads is
//! varied over its range, the others held at their example values, and the points where the
//! score changes are located by bisection. The methodology document and coverage use it.

use crate::label::Lang;
use crate::model::field::{Field, FieldKind};
use crate::model::record::Record;
use crate::pack::Pack;
use serde::Serialize;
use serde_json::{Map, Value as Json};

/// A set of values of one field that give one score.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Span {
    /// These enum or yes/no values.
    Values {
        /// The values.
        values: Vec<Json>,
    },
    /// Numbers or dates from `from` (inclusive) to below `below` (`None`: no upper end).
    Range {
        /// Lowest value of the run.
        from: Json,
        /// First value past the run.
        below: Option<Json>,
    },
    /// The field left blank.
    Blank,
}

/// One run of the score as a field changes.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Step {
    /// The values.
    pub span: Span,
    /// The indicator's score for them (`None`: no score).
    pub score: Option<f64>,
}

/// How one field moves an indicator's score.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FieldEffect {
    /// The field's id.
    pub field: String,
    /// The runs, in the field's order.
    pub steps: Vec<Step>,
    /// The score follows the value (more changes than bands): `steps` are samples, each
    /// a `Range` without an upper end.
    pub continuous: bool,
}

/// What probing one indicator found.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct IndicatorProbe {
    /// The indicator's id.
    pub indicator: String,
    /// Per evidence field it reads.
    pub effects: Vec<FieldEffect>,
    /// The values the fields it reads are held at while one of them varies.
    pub held: Map<String, Json>,
    /// Lowest score found (the fields also varied together, coarsely).
    pub lowest: Option<f64>,
    /// Highest score found.
    pub highest: Option<f64>,
}

/// Joint probing stops at this many combinations of the fields' values.
const JOINT_LIMIT: usize = 512;
/// More changes than this over a field's grid make it a continuous rule, not bands.
const MAX_STEPS: usize = 12;
/// Grid points across a numeric field's range before bisection.
const GRID: u32 = 32;

/// The value a probe holds a field at while others vary.
fn base_value(f: &Field) -> Json {
    if let Some(e) = &f.example {
        return e.clone();
    }
    match f.kind {
        FieldKind::Enum => f
            .values
            .last()
            .map_or(Json::Null, |v| Json::String(v.clone())),
        FieldKind::Boolean => Json::Bool(true),
        FieldKind::Integer => Json::from(clamp_int(f, 10)),
        FieldKind::Number => {
            let (lo, hi) = (f.min.unwrap_or(0.0), f.max.unwrap_or(10.0));
            serde_json::Number::from_f64(f64::midpoint(lo, hi)).map_or(Json::Null, Json::Number)
        }
        FieldKind::Date | FieldKind::Text => Json::Null,
    }
}

#[allow(clippy::cast_possible_truncation)] // field bounds are whole numbers for integers
fn clamp_int(f: &Field, v: i64) -> i64 {
    let lo = f.min.map_or(i64::MIN, |m| m.ceil() as i64);
    let hi = f.max.map_or(i64::MAX, |m| m.floor() as i64);
    v.clamp(lo, hi.max(lo))
}

/// A numeric field's probing range.
fn range(f: &Field, base: &Json) -> (f64, f64) {
    let lo = f.min.unwrap_or(0.0);
    let ex = base.as_f64().unwrap_or(lo).abs();
    let hi = f.max.unwrap_or_else(|| (ex * 100.0).max(lo + 1000.0));
    (lo, hi.max(lo))
}

struct Prober<'p> {
    pack: &'p Pack,
    base: Map<String, Json>,
    indicator: &'p str,
}

impl Prober<'_> {
    /// The indicator's score with `changes`; `None` when the record is refused.
    fn score(&self, changes: &[(&str, Json)]) -> Option<Option<f64>> {
        let mut fields = self.base.clone();
        for (k, v) in changes {
            fields.insert((*k).to_string(), v.clone());
        }
        let a = self.pack.assess(&Record::new(fields), Lang::En).ok()?;
        Some(a.indicator(self.indicator).and_then(|s| s.score))
    }

    fn effect(&self, f: &Field) -> FieldEffect {
        let mut steps = Vec::new();
        let mut continuous = false;
        match f.kind {
            FieldKind::Enum | FieldKind::Boolean => {
                let values: Vec<Json> = if f.kind == FieldKind::Enum {
                    f.values.iter().map(|v| Json::String(v.clone())).collect()
                } else {
                    vec![Json::Bool(false), Json::Bool(true)]
                };
                for v in values {
                    let Some(score) = self.score(&[(&f.id, v.clone())]) else {
                        continue;
                    };
                    match steps.iter_mut().find(|s: &&mut Step| s.score == score) {
                        Some(Step {
                            span: Span::Values { values },
                            ..
                        }) => values.push(v),
                        _ => steps.push(Step {
                            span: Span::Values { values: vec![v] },
                            score,
                        }),
                    }
                }
            }
            FieldKind::Integer | FieldKind::Number | FieldKind::Date => {
                (steps, continuous) = self.runs(f);
            }
            FieldKind::Text => {}
        }
        if !f.required
            && let Some(score) = self.score(&[(&f.id, Json::Null)])
        {
            steps.push(Step {
                span: Span::Blank,
                score,
            });
        }
        FieldEffect {
            field: f.id.clone(),
            steps,
            continuous,
        }
    }

    /// Runs of equal score over a numeric or date field, edges found by bisection.
    fn runs(&self, f: &Field) -> (Vec<Step>, bool) {
        let base = self.base.get(&f.id).cloned().unwrap_or(Json::Null);
        let (lo, hi, whole) = if f.kind == FieldKind::Date {
            let Some(day) = base.as_str().and_then(|s| crate::date::parse(s).ok()) else {
                return (Vec::new(), false);
            };
            #[allow(clippy::cast_precision_loss)] // day numbers are far below 2^52
            let d = day as f64;
            (d - 1096.0, d + 366.0, true)
        } else {
            let (lo, hi) = range(f, &base);
            (lo, hi, f.kind == FieldKind::Integer)
        };
        let json = |x: f64| -> Json {
            #[allow(clippy::cast_possible_truncation)] // whole numbers within the field's range
            let n = x.round() as i64;
            match f.kind {
                FieldKind::Date => Json::String(crate::date::format(n)),
                FieldKind::Integer => Json::from(n),
                _ => serde_json::Number::from_f64((x * 1e4).round() / 1e4)
                    .map_or(Json::Null, Json::Number),
            }
        };
        let mut grid: Vec<f64> = (0..=GRID)
            .map(|k| lo + (hi - lo) * f64::from(k) / f64::from(GRID))
            .collect();
        // Counts and amounts spread over orders of magnitude: 1, 2, 5, 10, 20, ...
        let mut p = 1.0;
        while p < hi && f.kind != FieldKind::Date {
            grid.extend(
                [p, 2.0 * p, 5.0 * p]
                    .into_iter()
                    .filter(|x| *x > lo && *x < hi),
            );
            p *= 10.0;
        }
        if whole {
            grid.iter_mut().for_each(|x| *x = x.round());
        }
        grid.sort_by(f64::total_cmp);
        grid.dedup();
        let eps = if whole {
            1.0
        } else {
            ((hi - lo) * 1e-7).max(1e-9)
        };
        let at = |x: f64| self.score(&[(&f.id, json(x))]);
        let points: Vec<(f64, Option<f64>)> =
            grid.iter().filter_map(|&x| at(x).map(|s| (x, s))).collect();
        let mut edges: Vec<(f64, Option<f64>)> = Vec::new();
        if let Some(first) = points.first() {
            edges.push(*first);
        }
        let changes = points.windows(2).filter(|w| w[0].1 != w[1].1).count();
        if changes > MAX_STEPS {
            // A score that follows the value (a continuous rule): the grid shows its shape.
            let samples = points
                .iter()
                .map(|&(x, score)| Step {
                    span: Span::Range {
                        from: json(x),
                        below: None,
                    },
                    score,
                })
                .collect();
            return (samples, true);
        }
        for w in points.windows(2) {
            let ((mut a, mut sa), (b, sb)) = (w[0], w[1]);
            // Every change inside (a, b]: bisect to the first, then go on from it.
            while sa != sb {
                let (mut l, mut r) = (a, b);
                while r - l > eps {
                    let m = if whole {
                        ((l + r) / 2.0).floor()
                    } else {
                        f64::midpoint(l, r)
                    };
                    if m <= l {
                        break;
                    }
                    if at(m) == Some(sa) {
                        l = m;
                    } else {
                        r = m;
                    }
                }
                let sr = if r >= b { sb } else { at(r).flatten() };
                edges.push((r, sr));
                if r >= b || edges.len() > 4 * MAX_STEPS {
                    break;
                }
                (a, sa) = (r, sr);
            }
        }
        let steps = edges
            .iter()
            .enumerate()
            .map(|(i, &(from, score))| Step {
                span: Span::Range {
                    from: json(from),
                    below: edges.get(i + 1).map(|e| json(e.0)),
                },
                score,
            })
            .collect();
        (steps, false)
    }
}

impl Pack {
    /// Probes every indicator's rule (see [`IndicatorProbe`]).
    #[must_use]
    pub fn probe(&self) -> Vec<IndicatorProbe> {
        let mut base = Map::new();
        base.insert("id".into(), Json::String("probe".into()));
        for f in self.fields() {
            base.insert(f.id.clone(), base_value(f));
        }
        self.indicators()
            .iter()
            .map(|ind| {
                let prober = Prober {
                    pack: self,
                    base: base.clone(),
                    indicator: &ind.id,
                };
                let fields: Vec<&Field> = ind
                    .evidence
                    .iter()
                    .map(|&i| &self.model().fields[i])
                    .collect();
                let effects: Vec<FieldEffect> = fields.iter().map(|f| prober.effect(f)).collect();
                let mut scores: Vec<f64> = effects
                    .iter()
                    .flat_map(|e| e.steps.iter().filter_map(|s| s.score))
                    .collect();
                scores.extend(prober.joint(&fields, &effects));
                let held = fields
                    .iter()
                    .map(|f| (f.id.clone(), base.get(&f.id).cloned().unwrap_or(Json::Null)))
                    .collect();
                IndicatorProbe {
                    indicator: ind.id.clone(),
                    effects,
                    held,
                    lowest: scores.iter().copied().reduce(f64::min),
                    highest: scores.iter().copied().reduce(f64::max),
                }
            })
            .collect()
    }
}

impl Prober<'_> {
    /// Scores of the fields varied together: one value per score of each field, every
    /// combination when they are few; always each field at its lowest and at its highest.
    fn joint(&self, fields: &[&Field], effects: &[FieldEffect]) -> Vec<f64> {
        let value = |s: &Step| match &s.span {
            Span::Values { values } => values[0].clone(),
            Span::Range { from, .. } => from.clone(),
            Span::Blank => Json::Null,
        };
        let options: Vec<Vec<Json>> = effects
            .iter()
            .map(|e| {
                let mut o: Vec<(Option<f64>, Json)> = Vec::new();
                for st in &e.steps {
                    if !o.iter().any(|(sc, _)| *sc == st.score) {
                        o.push((st.score, value(st)));
                    }
                }
                o.into_iter().map(|(_, v)| v).collect()
            })
            .collect();
        let mut out = Vec::new();
        for highest in [false, true] {
            let changes: Vec<(&str, Json)> = (fields.iter().zip(effects))
                .filter_map(|(f, e)| {
                    let pick = e
                        .steps
                        .iter()
                        .filter(|s| s.score.is_some())
                        .min_by(|a, b| {
                            let o = a.score.unwrap_or(0.0).total_cmp(&b.score.unwrap_or(0.0));
                            if highest { o.reverse() } else { o }
                        })?;
                    Some((f.id.as_str(), value(pick)))
                })
                .collect();
            if let Some(Some(s)) = self.score(&changes) {
                out.push(s);
            }
        }
        let total = options
            .iter()
            .try_fold(1usize, |n, o| n.checked_mul(o.len().max(1)));
        if options.len() < 2 || total.is_none_or(|t| t > JOINT_LIMIT) {
            return out;
        }
        let mut pick = vec![0usize; options.len()];
        loop {
            let changes: Vec<(&str, Json)> = (fields.iter().zip(&options).zip(&pick))
                .filter(|((_, o), _)| !o.is_empty())
                .map(|((f, o), &k)| (f.id.as_str(), o[k].clone()))
                .collect();
            if let Some(Some(s)) = self.score(&changes) {
                out.push(s);
            }
            // Next combination, like an odometer.
            let mut i = 0;
            loop {
                if i == pick.len() {
                    return out;
                }
                pick[i] += 1;
                if pick[i] < options[i].len() {
                    break;
                }
                pick[i] = 0;
                i += 1;
            }
        }
    }
}
