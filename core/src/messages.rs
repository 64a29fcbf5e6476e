//! The built-in catalogue of generic phrases (exclusion reasons, progress words, table
//! headers) in both languages. A pack may override any entry in its `[messages]` table,
//! so no phrase is fixed to one language in code.

use crate::label::Label;
use std::collections::BTreeMap;

/// Default phrases: (key, Indonesian, English). Placeholders in braces are filled in by the caller.
const DEFAULTS: &[(&str, &str, &str)] = &[
    (
        "no_evidence",
        "tidak ada bukti ({fields})",
        "no evidence ({fields})",
    ),
    (
        "note_verified",
        "diverifikasi: {changes}",
        "verified: {changes}",
    ),
    (
        "heading_verified",
        "Nilai terverifikasi yang berbeda dari isian OPD",
        "Verified values that differ from the office's own",
    ),
    (
        "not_shown",
        "belum ditunjukkan: {fields} (dinilai terendah)",
        "not shown: {fields} (scored the minimum)",
    ),
    (
        "not_applicable",
        "tidak berlaku: {reasons}",
        "not applicable: {reasons}",
    ),
    (
        "insufficient",
        "bukti tidak cukup: {present} dari {count} indikator",
        "insufficient evidence: {present} of {count} indicators",
    ),
    (
        "not_eligible",
        "tidak memenuhi syarat: {reason}",
        "not eligible: {reason}",
    ),
    (
        "below_top",
        "di luar {top} teratas",
        "outside the top {top}",
    ),
    (
        "group_limit",
        "sudah ada {max} terpilih dengan {group} = {value}",
        "already {max} selected with {group} = {value}",
    ),
    (
        "not_assessed",
        "tidak dapat dinilai: {error}",
        "could not be assessed: {error}",
    ),
    ("selected", "terpilih", "selected"),
    ("progress_plus", "plus", "plus"),
    ("progress_minus", "minus", "minus"),
    ("progress_flat", "tetap", "flat"),
    ("progress_new", "baru", "new"),
    (
        "progress_roadmap_low",
        "realisasi roadmap {ratio} % < {min} %",
        "roadmap realised {ratio} % < {min} %",
    ),
    (
        "progress_roadmap_ok",
        "realisasi roadmap {ratio} % >= {min} %",
        "roadmap realised {ratio} % >= {min} %",
    ),
    (
        "progress_change_out",
        "perubahan skor di luar toleransi {tolerance}",
        "score change beyond the tolerance of {tolerance}",
    ),
    (
        "progress_change_in",
        "perubahan skor dalam toleransi {tolerance}",
        "score change within the tolerance of {tolerance}",
    ),
    (
        "progress_no_previous",
        "tidak ada penilaian sebelumnya",
        "no previous assessment",
    ),
    ("heading_notes", "Keterangan", "Notes"),
    (
        "note_capped",
        "level dibatasi oleh: {gates}",
        "level capped by: {gates}",
    ),
    (
        "gate_caps",
        "{gate}: belum terpenuhi, level maksimum {cap}",
        "{gate}: not met, level at most {cap}",
    ),
    (
        "next_level",
        "Menuju level {rank} {level}",
        "Towards level {rank} {level}",
    ),
    (
        "next_gap",
        "skor perlu naik {gap} menjadi {min}",
        "the score must rise by {gap} to {min}",
    ),
    (
        "next_gate",
        "penuhi syarat: {gate}",
        "meet the requirement: {gate}",
    ),
    (
        "next_improve",
        "naikkan {indicator} dari {from} ke {to} (total menjadi {total})",
        "raise {indicator} from {from} to {to} (total becomes {total})",
    ),
    (
        "next_none",
        "tidak ada satu indikator pun yang cukup sendirian",
        "no single indicator is enough on its own",
    ),
    (
        "plan_heading",
        "rencana bukti: {plan}",
        "evidence plan: {plan}",
    ),
    (
        "plan_raise",
        "naikkan {field} dari {from} menjadi {to}",
        "raise {field} from {from} to {to}",
    ),
    ("plan_fill", "isi {field}: {to}", "provide {field}: {to}"),
    ("plan_set", "tetapkan {field} {to}", "set {field} to {to}"),
    ("plan_ensure", "pastikan {field}", "ensure {field}"),
    (
        "plan_none",
        "tidak ada perubahan bukti dalam batas skema yang mencapai level {rank} {level}",
        "no change of evidence within the schema reaches level {rank} {level}",
    ),
    (
        "plan_blocked",
        "tetap belum terpenuhi: {gates}",
        "still not met: {gates}",
    ),
    (
        "plan_partial",
        " (pencarian dihentikan di batas evaluasi; mungkin ada rencana lebih kecil)",
        " (search stopped at its evaluation limit; a smaller plan may exist)",
    ),
    (
        "top_level",
        "sudah di level tertinggi",
        "already at the highest level",
    ),
    ("missing_value", "kosong", "missing"),
    ("col_position", "#", "#"),
    ("col_id", "ID", "ID"),
    ("col_name", "Nama", "Name"),
    ("col_total", "Skor", "Score"),
    ("col_level", "Level", "Level"),
    ("col_progress", "+/-", "+/-"),
    ("col_selected", "Pilih", "Pick"),
    ("col_dimension", "Dimensi", "Dimension"),
    ("col_indicator", "Indikator", "Indicator"),
    ("col_reason", "Alasan", "Reason"),
    ("col_weight", "Bobot", "Weight"),
    ("col_coverage", "Cakupan", "Coverage"),
    (
        "heading_selected",
        "Terpilih ({n} dari {eligible} yang memenuhi syarat)",
        "Selected ({n} of {eligible} eligible)",
    ),
    ("heading_excluded", "Tidak terpilih", "Not selected"),
    ("heading_gates", "Syarat level", "Level requirements"),
    ("heading_next", "Langkah berikutnya", "Next step"),
    ("passed", "terpenuhi", "met"),
    ("yes", "ya", "yes"),
    ("no", "tidak", "no"),
    ("failed", "belum", "not met"),
    ("chart_previous", "sebelumnya", "previous"),
    ("chart_not_assessed", "tidak dapat dinilai", "not assessed"),
    (
        "chart_radar_title",
        "{name}: skor per dimensi",
        "{name}: score per dimension",
    ),
    (
        "chart_portfolio_title",
        "Skor total per inisiatif",
        "Total score per item",
    ),
    (
        "report_title",
        "Laporan tingkat kematangan",
        "Maturity report",
    ),
    ("report_pack", "Paket aturan", "Rule pack"),
    ("report_ranking", "Peringkat", "Ranking"),
    ("report_items", "Rincian per inisiatif", "Item by item"),
    (
        "report_not_assessed",
        "Tidak dapat dinilai",
        "Could not be assessed",
    ),
    ("report_previous_total", "Skor sebelumnya", "Previous score"),
    (
        "report_scale",
        "skala {min} sampai {max}",
        "scale {min} to {max}",
    ),
    ("report_warnings", "Catatan", "Notes"),
    (
        "report_method_annex",
        "Lampiran: metodologi penilaian",
        "Annex: assessment methodology",
    ),
    ("report_levels", "Level", "Levels"),
];

/// Each key of [`DEFAULTS`] to its place: a phrase is looked up for every reason and summary line.
static INDEX: std::sync::LazyLock<std::collections::HashMap<&str, usize>> =
    std::sync::LazyLock::new(|| {
        let mut index = std::collections::HashMap::with_capacity(DEFAULTS.len());
        for (n, (k, _, _)) in DEFAULTS.iter().enumerate() {
            index.entry(*k).or_insert(n);
        }
        index
    });

/// Looks phrases up, pack overrides first.
#[derive(Debug, Clone, Default)]
pub struct Messages {
    overrides: BTreeMap<String, Label>,
}

impl Messages {
    pub(crate) fn new(overrides: BTreeMap<String, Label>) -> Self {
        Messages { overrides }
    }

    /// Whether `key` is a phrase the catalogue knows.
    #[must_use]
    pub fn is_known(key: &str) -> bool {
        INDEX.contains_key(key)
    }

    /// The phrase for `key` in `lang`; the key itself when unknown (never panics).
    #[must_use]
    pub fn get(&self, key: &str, lang: crate::label::Lang) -> String {
        self.text(key, lang).to_string()
    }

    /// [`Self::get`], borrowed.
    pub(crate) fn text<'a>(&'a self, key: &'a str, lang: crate::label::Lang) -> &'a str {
        if let Some(l) = self.overrides.get(key) {
            return l.get(lang);
        }
        INDEX.get(key).map_or(key, |&n| match (DEFAULTS[n], lang) {
            ((_, id, _), crate::label::Lang::Id) => id,
            ((_, _, en), crate::label::Lang::En) => en,
        })
    }

    /// The phrase with `{name}` placeholders filled from `args`.
    #[must_use]
    pub fn format(&self, key: &str, lang: crate::label::Lang, args: &[(&str, String)]) -> String {
        let mut out = String::new();
        self.format_into(&mut out, key, lang, args);
        out
    }

    /// [`Self::format`] appended to `out`.
    pub(crate) fn format_into(
        &self,
        out: &mut String,
        key: &str,
        lang: crate::label::Lang,
        args: &[(&str, String)],
    ) {
        crate::label::fill_into(self.text(key, lang), out, &mut |k, out| {
            args.iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| out.push_str(v))
                .is_some()
        });
    }
}
