//! What a pack author probably did not mean, though the pack loads and passes its vectors:
//! evidence no rule reads, indicators that never reach the ends of the scale, levels no
//! item can reach, gates that read nothing, labels written in one language only, numbers
//! no source accounts for, and bands out of order.

use crate::check::numbers;
use crate::label::Label;
use crate::pack::Pack;
use serde::Serialize;

/// One finding of [`Pack::lint`].
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LintFinding {
    /// What kind of finding (`unused-field`, `indicator-range`, `unreachable-level`,
    /// `constant-gate`, `one-language`, `unsourced-number`, `band-order`).
    pub code: &'static str,
    /// The finding in words, naming the part of the pack.
    pub message: String,
}

/// A phrase (three words or more) written the same in both languages: a name such as
/// "Baseline" or "Quick Win" is often the Indonesian term too, a phrase hardly ever.
fn one_language(label: &Label) -> bool {
    label.id == label.en && label.id.split_whitespace().count() >= 3
}

impl Pack {
    /// Findings of the lint, in the order of the pack's parts (empty: nothing found).
    #[must_use]
    pub fn lint(&self) -> Vec<LintFinding> {
        let m = self.model();
        let mut out = Vec::new();
        let mut say = |code, message: String| out.push(LintFinding { code, message });
        // Evidence no rule reads, directly or through a derived value, and nothing sorts by.
        let fields = m.fields.len();
        let mut read = vec![false; m.names.len()];
        let rules = (m.indicators.iter().map(|i| &i.rule))
            .chain(m.derived.iter().map(|d| &d.rule))
            .chain(m.gates.iter().map(|g| &g.rule))
            .chain(m.selection.requires.iter().map(|c| &c.rule))
            .chain(m.progress.ratio.iter());
        for rule in rules {
            // Selection conditions also read `level`, `total`...: names past the fields'.
            for &n in &rule.reads {
                if let Some(r) = read.get_mut(n) {
                    *r = true;
                }
            }
        }
        for f in self.ranking_fields() {
            if let Some(r) = read.get_mut(f) {
                *r = true;
            }
        }
        for (f, field) in m.fields.iter().enumerate().take(fields) {
            if !read.get(f).copied().unwrap_or(true) {
                say(
                    "unused-field",
                    format!(
                        "field '{}' is read by no rule, sort key or group (recorded only?)",
                        field.id
                    ),
                );
            }
        }
        // Indicators that never reach the scale's ends, as the probe finds them.
        let (lo, hi) = (m.scale.min, m.scale.max);
        let probes = self.probe();
        for p in &probes {
            if let Some(h) = p.highest
                && h < hi - 1e-9
            {
                say(
                    "indicator-range",
                    format!(
                        "indicator '{}' never scores above {h} (scale maximum {hi})",
                        p.indicator
                    ),
                );
            }
            if let Some(l) = p.lowest
                && l > lo + 1e-9
            {
                say(
                    "indicator-range",
                    format!(
                        "indicator '{}' never scores below {l} (scale minimum {lo})",
                        p.indicator
                    ),
                );
            }
        }
        // Levels above the best total the indicators can reach together.
        let best = |d: usize| {
            let (mut sum, mut weight) = (0.0, 0.0);
            for (i, ind) in m
                .indicators
                .iter()
                .enumerate()
                .filter(|(_, i)| i.dimension == d)
            {
                if let Some(h) = probes.get(i).and_then(|p| p.highest) {
                    sum += h * ind.weight;
                    weight += ind.weight;
                }
            }
            (weight > 0.0).then(|| sum / weight)
        };
        let (mut sum, mut weight) = (0.0, 0.0);
        for (d, dim) in m.dimensions.iter().enumerate() {
            if let Some(b) = best(d) {
                sum += b * dim.weight;
                weight += dim.weight;
            }
        }
        if weight > 0.0 {
            let top = sum / weight;
            for level in m.levels.iter().filter(|l| l.min > top + 1e-9) {
                say(
                    "unreachable-level",
                    format!(
                        "level {} '{}' needs {} but the best total the indicators reach is {top:.2}",
                        level.rank, level.id, level.min
                    ),
                );
            }
        }
        for gate in m.gates.iter().filter(|g| g.rule.reads.is_empty()) {
            say(
                "constant-gate",
                format!(
                    "gate '{}' reads no field: it always passes or always fails",
                    gate.id
                ),
            );
        }
        // Numbers without a source: an indicator's thresholds need a source entry naming it
        // (id or label) or a provenance mark ([A], [S], [I]) in its rule's comments; a level's
        // lower bound needs a source entry that gives the number or names the level.
        let sources = self.sources();
        let cited =
            |terms: &[&str]| (sources.iter()).any(|s| terms.iter().any(|t| numbers::names(s, t)));
        for ind in &m.indicators {
            let found = numbers::thresholds(&ind.rule.source);
            let spaced = ind.id.replace('_', " ");
            let terms = [ind.id.as_str(), &spaced, &ind.label.id, &ind.label.en];
            if found.is_empty() || numbers::marked(&ind.rule.source) || cited(&terms) {
                continue;
            }
            say(
                "unsourced-number",
                format!(
                    "indicator '{}' compares evidence with {}, but no source names it and its rule has no [A] mark",
                    ind.id,
                    found.join(", ")
                ),
            );
        }
        for level in m.levels.iter().skip(1) {
            let given = sources.iter().any(|s| numbers::has_number(s, level.min));
            if !given && !cited(&[level.id.as_str(), &level.label.id, &level.label.en]) {
                say(
                    "unsourced-number",
                    format!(
                        "level {} '{}' starts at {}, but no source gives that number or names the level",
                        level.rank, level.id, level.min
                    ),
                );
            }
        }
        // Bands out of order: an empty or unordered band list, a branch an earlier one takes.
        let rules = (m.indicators.iter().map(|i| ("indicator", &i.id, &i.rule)))
            .chain(m.derived.iter().map(|d| ("derived value", &d.id, &d.rule)))
            .chain(m.gates.iter().map(|g| ("gate", &g.id, &g.rule)));
        for (part, id, rule) in rules {
            for finding in numbers::band_disorder(&rule.source) {
                say("band-order", format!("{part} '{id}': {finding}"));
            }
        }
        // Labels given once for both languages.
        let labelled = (m.fields.iter().map(|f| ("field", &f.id, &f.label)))
            .chain(m.dimensions.iter().map(|d| ("dimension", &d.id, &d.label)))
            .chain(m.indicators.iter().map(|i| ("indicator", &i.id, &i.label)))
            .chain(m.levels.iter().map(|l| ("level", &l.id, &l.label)))
            .chain(m.gates.iter().map(|g| ("gate", &g.id, &g.label)));
        for (part, id, label) in labelled {
            if one_language(label) {
                say(
                    "one-language",
                    format!(
                        "{part} '{id}': label '{}' is the same in Indonesian and English",
                        label.id
                    ),
                );
            }
        }
        out
    }
}
