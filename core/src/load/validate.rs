//! Validating `pack.toml`: every id, weight, level, gate, field and rule of the raw
//! manifest checked, with the file position of the first mistake, into a [`Model`].

mod field;

use super::manifest::{self, Manifest, Spanned};
use crate::error::{Error, Result};
use crate::label::{Label, Lang};
use crate::messages::Messages;
use crate::model::dimension::{Derived, Dimension, Indicator};
use crate::model::field::Field;
use crate::model::field_names::FieldNames;
use crate::model::level::{Gate, Level};
use crate::model::progress::ProgressRules;
use crate::model::rule::{Origin, Rule, line_col};
use crate::model::scale::{MissingPolicy, Scale};
use crate::model::selection::{Condition, Selection, SortKey, SortSource};
use crate::model::{MANIFEST, Model, PackRef, SELECTION_VARS};
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// Names a field may not take: the items' identity and the selection conditions' variables.
const RESERVED: &[&str] = &[
    "id",
    "name",
    "level",
    "total",
    "score_100",
    "insufficient",
    "score",
];

/// Largest weight of a dimension or indicator: weights are relative, and this keeps every
/// weighted sum of scores finite.
const MAX_WEIGHT: f64 = 1e6;
/// Largest magnitude of the scale's ends, for the same reason.
const MAX_SCALE: f64 = 1e9;

/// The model of `text`, the pack's `pack.toml`, beside the pack's other `files`.
///
/// # Errors
/// [`Error::Pack`] with file, line and column for the first mistake.
#[cfg(feature = "toml")]
pub(crate) fn model(text: &str, files: &BTreeMap<String, String>) -> Result<Model> {
    let manifest: Manifest = toml::from_str(text).map_err(|e| {
        let (line, column) = e.span().map_or((0, 0), |s| line_col(text, s.start));
        Error::pack(MANIFEST, line, column, e.message().trim().to_string())
    })?;
    model_of(manifest, text, files)
}

/// Without the TOML parser only the built-in packs load, from the manifest `build.rs`
/// parsed (the files must be a built-in pack's, byte for byte up to line endings).
#[cfg(not(feature = "toml"))]
pub(crate) fn model(text: &str, files: &BTreeMap<String, String>) -> Result<Model> {
    let Some(pack) = super::builtin::precompiled(files) else {
        return Err(Error::pack(
            MANIFEST,
            0,
            0,
            "this build of matang has no TOML parser (the `toml` feature is off): it loads only \
             its built-in packs; load other packs with a build that has it (in the browser: \
             the package's matang_toml_bg.wasm)",
        ));
    };
    model_of(pack.manifest()?, text, files)
}

/// The model of a parsed `manifest`, whose spans point into `text`.
pub(crate) fn model_of(
    manifest: Manifest,
    text: &str,
    files: &BTreeMap<String, String>,
) -> Result<Model> {
    Builder { text, files }.build(manifest, files)
}

struct Builder<'a> {
    text: &'a str,
    files: &'a BTreeMap<String, String>,
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

impl Builder<'_> {
    fn err<T>(&self, span: std::ops::Range<usize>, message: impl Into<String>) -> Result<T> {
        let (line, column) = line_col(self.text, span.start);
        Err(Error::pack(MANIFEST, line, column, message))
    }

    fn inline(&self, s: &Spanned<String>, names: &[String]) -> Rule {
        Rule::new(
            s.get_ref(),
            Origin::inline(MANIFEST, self.text, s.span()),
            names,
        )
    }

    fn unique(&self, seen: &mut HashSet<String>, id: &Spanned<String>, what: &str) -> Result<()> {
        if !is_identifier(id.get_ref()) {
            return self.err(
                id.span(),
                format!(
                    "{what} id '{}' must be a name of letters, digits and '_' (not starting with a digit)",
                    crate::excerpt::token(id.get_ref())
                ),
            );
        }
        if !seen.insert(id.get_ref().clone()) {
            return self.err(
                id.span(),
                format!("{what} id '{}' is used twice", id.get_ref()),
            );
        }
        Ok(())
    }

    #[allow(clippy::too_many_lines)]
    fn build(self, m: Manifest, files: &BTreeMap<String, String>) -> Result<Model> {
        let pack_id = m.pack.id.get_ref().clone();
        if pack_id.is_empty()
            || !pack_id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        {
            return self.err(
                m.pack.id.span(),
                "pack id must be lowercase letters, digits, '-' or '_'",
            );
        }
        let s = m.pack.scale;
        let in_range = |x: f64| x.is_finite() && x.abs() <= MAX_SCALE;
        if !(in_range(s.min) && in_range(s.max) && s.min < s.max && s.step > 0.0) {
            return Err(Error::pack(
                MANIFEST,
                0,
                0,
                format!(
                    "[pack.scale] needs min < max, both from -{MAX_SCALE} to {MAX_SCALE}, and step > 0"
                ),
            ));
        }
        if (s.max - s.min) / s.step > 1_000_000.0 {
            return Err(Error::pack(
                MANIFEST,
                0,
                0,
                "[pack.scale] has more than 1,000,000 steps from min to max: use a larger step",
            ));
        }
        let scale = Scale {
            min: s.min,
            max: s.max,
            step: s.step,
            decimals: s.decimals.min(6),
            round_before_level: s.round_before_level.map(|d| d.min(6)),
        };
        let policy = self.policy(&m.aggregation)?;

        let mut seen = HashSet::new();
        let mut fields = Vec::new();
        for f in &m.fields {
            self.unique(&mut seen, &f.id, "field")?;
            if RESERVED.contains(&f.id.get_ref().as_str()) {
                return self.err(
                    f.id.span(),
                    format!("'{}' is reserved; choose another field id", f.id.get_ref()),
                );
            }
            fields.push(self.field(f)?);
        }
        let mut names: Vec<String> = fields.iter().map(|f| f.id.clone()).collect();
        let mut derived = Vec::new();
        for d in &m.derived {
            self.unique(&mut seen, &d.id, "derived value")?;
            let script = self.inline(&d.rule, &names);
            derived.push(Derived {
                id: d.id.get_ref().clone(),
                label: d.label.clone(),
                rule: script,
            });
            names.push(d.id.get_ref().clone());
        }

        let mut dim_ids = HashSet::new();
        let mut dimensions: Vec<Dimension> = Vec::new();
        for d in &m.dimensions {
            self.unique(&mut dim_ids, &d.id, "dimension")?;
            if !(d.weight.is_finite() && (0.0..=MAX_WEIGHT).contains(&d.weight)) {
                return self.err(
                    d.id.span(),
                    format!(
                        "dimension '{}' needs a weight from 0 to {MAX_WEIGHT}",
                        d.id.get_ref()
                    ),
                );
            }
            dimensions.push(Dimension {
                id: d.id.get_ref().clone(),
                weight: d.weight,
                label: d.label.clone(),
                description: d.description.clone(),
                indicators: Vec::new(),
            });
        }
        if dimensions.is_empty() || dimensions.iter().map(|d| d.weight).sum::<f64>() <= 0.0 {
            return Err(Error::pack(
                MANIFEST,
                0,
                0,
                "the pack needs at least one [[dimension]] with a positive weight",
            ));
        }

        let mut ind_ids = HashSet::new();
        let mut indicators = Vec::new();
        for i in &m.indicators {
            indicators.push(self.indicator(i, &mut ind_ids, &mut dimensions, &names, &fields)?);
        }
        let nf = fields.len();
        let mut derived_evidence: Vec<BTreeSet<usize>> = Vec::new();
        for d in &derived {
            let set = evidence_of(&d.rule.reads, nf, &derived_evidence);
            derived_evidence.push(set);
        }
        for i in &mut indicators {
            i.evidence = evidence_of(&i.rule.reads, nf, &derived_evidence)
                .into_iter()
                .collect();
        }
        if let Some(d) = dimensions.iter().find(|d| d.indicators.is_empty()) {
            let span = m
                .dimensions
                .iter()
                .find(|x| x.id.get_ref() == &d.id)
                .map_or(0..0, |x| x.id.span());
            return self.err(span, format!("dimension '{}' has no indicators", d.id));
        }

        let levels = self.levels(&m.levels, scale)?;
        let mut gate_ids = HashSet::new();
        let mut gates = Vec::new();
        for g in &m.gates {
            self.unique(&mut gate_ids, &g.id, "gate")?;
            let level = *g.level.get_ref();
            if level < 2 || level as usize > levels.len() {
                return self.err(
                    g.level.span(),
                    format!(
                        "gate '{}' guards level {level}, but gates guard levels 2 to {}",
                        g.id.get_ref(),
                        levels.len()
                    ),
                );
            }
            let script = self.inline(&g.require, &names);
            gates.push(Gate {
                id: g.id.get_ref().clone(),
                level,
                label: g.label.clone(),
                rule: script,
            });
        }

        let selection = self.selection(
            m.selection.as_ref(),
            &names,
            &fields,
            &dimensions,
            &gates,
            levels.len(),
        )?;
        if let Some(p) = &m.progress
            && ![p.tolerance, p.plus_min_ratio, p.minus_below_ratio]
                .iter()
                .all(|x| x.is_finite())
        {
            return Err(Error::pack(
                MANIFEST,
                0,
                0,
                "[progress] tolerance, plus_min_ratio and minus_below_ratio must be finite numbers",
            ));
        }
        let progress = match &m.progress {
            Some(p) => ProgressRules {
                tolerance: p.tolerance.abs(),
                plus_min_ratio: p.plus_min_ratio,
                minus_below_ratio: p.minus_below_ratio,
                ratio: p.ratio.as_ref().map(|r| self.inline(r, &names)),
            },
            None => ProgressRules {
                tolerance: 0.005,
                plus_min_ratio: 0.8,
                minus_below_ratio: 0.5,
                ratio: None,
            },
        };
        for key in m.messages.keys() {
            if !Messages::is_known(key) {
                return Err(Error::pack(
                    MANIFEST,
                    0,
                    0,
                    format!("[messages] has an unknown key '{key}'"),
                ));
            }
        }
        if let Some(v) = &m.pack.vectors
            && !files.contains_key(v)
        {
            return Err(Error::pack(
                MANIFEST,
                0,
                0,
                format!("[pack] vectors = '{v}', but the pack has no such file"),
            ));
        }
        let vectors_file = m.pack.vectors.clone().or_else(|| {
            files
                .contains_key("vectors.toml")
                .then(|| "vectors.toml".to_string())
        });
        Ok(Model {
            reference: PackRef {
                id: pack_id,
                version: m.pack.version.clone(),
                fingerprint: super::fingerprint(files),
                matang: env!("CARGO_PKG_VERSION").to_string(),
            },
            name: m.pack.name,
            description: m.pack.description,
            sources: m.pack.sources,
            scale,
            policy,
            field_names: FieldNames::new(&fields),
            fields,
            derived,
            names,
            dimensions,
            indicators,
            levels,
            gates,
            selection,
            progress,
            messages: Messages::new(m.messages),
            files: files.clone(),
            vectors_file,
        })
    }

    fn policy(&self, a: &manifest::Aggregation) -> Result<MissingPolicy> {
        let Some(name) = &a.missing else {
            return Ok(MissingPolicy::Exclude);
        };
        match name.get_ref().as_str() {
            "exclude" => Ok(MissingPolicy::Exclude),
            "zero" => Ok(MissingPolicy::Zero),
            "min_coverage" => match a.min_coverage {
                Some(c) if c > 0.0 && c <= 1.0 => {
                    Ok(MissingPolicy::MinCoverage { min_coverage: c })
                }
                _ => self.err(
                    name.span(),
                    "missing = \"min_coverage\" needs min_coverage between 0 (exclusive) and 1",
                ),
            },
            other => self.err(
                name.span(),
                format!(
                    "unknown missing-evidence policy '{other}': use exclude, zero or min_coverage"
                ),
            ),
        }
    }

    fn indicator(
        &self,
        i: &manifest::IndicatorDef,
        ids: &mut HashSet<String>,
        dimensions: &mut [Dimension],
        names: &[String],
        fields: &[Field],
    ) -> Result<Indicator> {
        self.unique(ids, &i.id, "indicator")?;
        let Some(dim) = dimensions
            .iter()
            .position(|d| d.id == *i.dimension.get_ref())
        else {
            return self.err(
                i.dimension.span(),
                format!(
                    "indicator '{}' names an unknown dimension '{}'",
                    i.id.get_ref(),
                    i.dimension.get_ref()
                ),
            );
        };
        if !(i.weight.is_finite() && i.weight > 0.0 && i.weight <= MAX_WEIGHT) {
            return self.err(
                i.id.span(),
                format!(
                    "indicator '{}' needs a positive weight of at most {MAX_WEIGHT}",
                    i.id.get_ref()
                ),
            );
        }
        let what = format!("indicator '{}'", i.id.get_ref());
        let script = match (&i.rule, &i.file) {
            (Some(r), None) => self.inline(r, names),
            (None, Some(f)) => {
                let Some(src) = self.files.get(f.get_ref()) else {
                    return self.err(
                        f.span(),
                        format!("{what}: file '{}' is not in the pack", f.get_ref()),
                    );
                };
                Rule::new(src, Origin::whole_file(f.get_ref()), names)
            }
            _ => {
                return self.err(
                    i.id.span(),
                    format!("{what} needs exactly one of rule = \"...\" or file = \"....rhai\""),
                );
            }
        };
        if let Some(m) = i
            .monotone
            .iter()
            .find(|m| !fields.iter().any(|f| &f.id == *m))
        {
            return self.err(
                i.id.span(),
                format!("{what}: monotone names '{m}', which is not an evidence field"),
            );
        }
        let index = dimensions.iter().map(|d| d.indicators.len()).sum();
        dimensions[dim].indicators.push(index);
        Ok(Indicator {
            id: i.id.get_ref().clone(),
            dimension: dim,
            weight: i.weight,
            label: i.label.clone(),
            reason: i.reason.clone(),
            monotone: i.monotone.clone(),
            evidence: Vec::new(),
            rule: script,
        })
    }

    fn levels(&self, defs: &[manifest::LevelDef], scale: Scale) -> Result<Vec<Level>> {
        if defs.is_empty() {
            return Err(Error::pack(
                MANIFEST,
                0,
                0,
                "the pack needs [[level]] entries",
            ));
        }
        let mut levels: Vec<Level> = Vec::new();
        for (n, l) in defs.iter().enumerate() {
            let expected = u32::try_from(n + 1).unwrap_or(u32::MAX);
            if l.rank != expected {
                return self.err(l.id.span(), format!("level '{}' has rank {}, expected {expected} (levels are listed lowest first)", l.id.get_ref(), l.rank));
            }
            if !l.min.is_finite() {
                return self.err(
                    l.id.span(),
                    format!("level '{}' needs a finite min", l.id.get_ref()),
                );
            }
            if let Some(prev) = levels.last()
                && l.min <= prev.min
            {
                return self.err(
                    l.id.span(),
                    format!(
                        "level '{}' must start above level '{}' ({} <= {})",
                        l.id.get_ref(),
                        prev.id,
                        l.min,
                        prev.min
                    ),
                );
            }
            if n == 0 && l.min > scale.min {
                return self.err(
                    l.id.span(),
                    format!(
                        "the lowest level must start at the scale minimum {}",
                        scale.min
                    ),
                );
            }
            levels.push(Level {
                rank: l.rank,
                id: l.id.get_ref().clone(),
                min: l.min,
                label: l.label.clone(),
                color: l.color.clone(),
            });
        }
        Ok(levels)
    }

    fn selection(
        &self,
        def: Option<&manifest::SelectionDef>,
        names: &[String],
        fields: &[Field],
        dimensions: &[Dimension],
        gates: &[Gate],
        levels: usize,
    ) -> Result<Selection> {
        let id_key = SortKey {
            source: SortSource::Id,
            descending: false,
        };
        let Some(def) = def else {
            return Ok(Selection {
                top: 4,
                order: vec![
                    SortKey {
                        source: SortSource::Total,
                        descending: true,
                    },
                    id_key,
                ],
                group: None,
                max_per_group: None,
                gates_up_to: None,
                requires: Vec::new(),
            });
        };
        let mut order = Vec::new();
        for o in &def.order {
            let text = o.get_ref().trim();
            let (name, dir) = text
                .split_once(char::is_whitespace)
                .map_or((text, "desc"), |(n, d)| (n, d.trim()));
            let descending = match dir {
                "desc" => true,
                "asc" => false,
                _ => {
                    return self.err(
                        o.span(),
                        format!("order '{text}': direction must be asc or desc"),
                    );
                }
            };
            let source = match name {
                "total" => SortSource::Total,
                "level" => SortSource::Level,
                "id" => SortSource::Id,
                n => {
                    if let Some(d) = dimensions.iter().position(|d| d.id == n) {
                        SortSource::Dimension(d)
                    } else if let Some(f) = fields.iter().position(|f| f.id == n) {
                        SortSource::Field(f)
                    } else {
                        return self.err(o.span(), format!("order '{text}': '{n}' is not total, level, id, a dimension or a field"));
                    }
                }
            };
            order.push(SortKey { source, descending });
        }
        if order.is_empty() {
            order.push(SortKey {
                source: SortSource::Total,
                descending: true,
            });
        }
        if !order.iter().any(|k| k.source == SortSource::Id) {
            order.push(id_key);
        }
        let group = match &def.group {
            Some(g) => match fields.iter().position(|f| f.id == *g.get_ref()) {
                Some(i) => Some(i),
                None => {
                    return self.err(
                        g.span(),
                        format!("selection group '{}' is not an evidence field", g.get_ref()),
                    );
                }
            },
            None => None,
        };
        if def.max_per_group == Some(0) {
            return Err(Error::pack(
                MANIFEST,
                0,
                0,
                "[selection] max_per_group must be at least 1",
            ));
        }
        let mut scope_names = names.to_vec();
        scope_names.extend(SELECTION_VARS.iter().map(ToString::to_string));
        let mut ids = HashSet::new();
        let mut requires = Vec::new();
        for c in &def.requires {
            self.unique(&mut ids, &c.id, "selection condition")?;
            let script = self.inline(&c.when, &scope_names);
            requires.push(Condition {
                id: c.id.get_ref().clone(),
                label: c.label.clone(),
                rule: script,
            });
        }
        let gates_up_to = def.gates_up_to.as_ref().map(|n| (n.span(), *n.get_ref()));
        if let Some((span, n)) = gates_up_to.clone() {
            if n < 2 || n as usize > levels {
                return self.err(
                    span,
                    format!("gates_up_to = {n}, but gates guard levels 2 to {levels}"),
                );
            }
            // Each gate up to that level is an eligibility condition, with the gate's rule.
            for g in gates.iter().filter(|g| g.level <= n) {
                let id = format!("gate_{}", g.id);
                if !ids.insert(id.clone()) {
                    return self.err(
                        span,
                        format!("gates_up_to makes a condition '{id}', but one has that id"),
                    );
                }
                let label = Label::new(
                    &format!("syarat level {}: {}", g.level, g.label.get(Lang::Id)),
                    &format!("level {} requirement: {}", g.level, g.label.get(Lang::En)),
                );
                requires.push(Condition {
                    id,
                    label,
                    rule: g.rule.clone(),
                });
            }
        }
        Ok(Selection {
            top: def.top,
            order,
            group,
            max_per_group: def.max_per_group,
            gates_up_to: gates_up_to.map(|(_, n)| n),
            requires,
        })
    }
}

/// The evidence fields a rule reads directly or through the derived values before it.
fn evidence_of(reads: &[usize], fields: usize, derived: &[BTreeSet<usize>]) -> BTreeSet<usize> {
    let mut out = BTreeSet::new();
    for &r in reads {
        if r < fields {
            out.insert(r);
        } else if let Some(d) = derived.get(r - fields) {
            out.extend(d);
        }
    }
    out
}
