// The words of <matang-calculator> itself, in Indonesian and English. Everything about the
// evidence (labels, units, help, validation messages, reasons, levels) comes from the pack
// and the core in the same language.

export const UI = {
  id: {
    score: "Skor", outOf: "dari 100", total: "Nilai total", level: "Level kematangan",
    dimensions: "Dimensi", radar: "Radar dimensi", gates: "Syarat yang menahan level",
    next: "Menuju level berikutnya", top: "Level tertinggi tercapai", required: "wajib",
    fill: "Lengkapi kolom wajib untuk melihat skor:", yes: "Ya", no: "Tidak", none: "— pilih —",
    insufficient: "bukti kurang", loading: "Memuat kalkulator…", reset: "Kosongkan",
    example: "Isi contoh", lang: "Bahasa", invalid: "Kolom dengan kesalahan diabaikan dalam skor.",
    packError: "Paket aturan tidak dapat dimuat", evidence: "Bukti", results: "Hasil",
    failed: "Paket aturan gagal menghitung isian ini",
    timeout: "Penghitungan dihentikan karena melebihi batas waktu {ms} ms; halaman tetap dapat dipakai. Ubah isian untuk mencoba lagi.",
    loadTimeout: "memuat paket melebihi batas waktu {ms} ms",
    crashed: "paket aturan merusak instans WebAssembly-nya",
    restarted: "kalkulator memulainya ulang", stopped: "paket rusak {n} kali, kalkulator berhenti",
    notYet: "Belum cukup bukti untuk skor.", provisional: "Skor sementara: sebagian dimensi belum cukup bukti.",
    needFor: "{dimension}: isi bukti untuk {n} indikator lagi, misalnya {fields}",
    needForNoField: "{dimension}: perlu bukti untuk {n} indikator lagi",
    announce: "Skor {score} dari 100, level {level}.", announceNone: "Belum ada skor.",
    computing: "Menghitung…", unit: "satuan",
  },
  en: {
    score: "Score", outOf: "out of 100", total: "Total", level: "Maturity level",
    dimensions: "Dimensions", radar: "Dimension radar", gates: "Conditions holding the level back",
    next: "Towards the next level", top: "Highest level reached", required: "required",
    fill: "Fill in the required fields to see the score:", yes: "Yes", no: "No", none: "— choose —",
    insufficient: "not enough evidence", loading: "Loading calculator…", reset: "Clear",
    example: "Fill example", lang: "Language", invalid: "Fields with errors are left out of the score.",
    packError: "The rule pack cannot be loaded", evidence: "Evidence", results: "Results",
    failed: "The rule pack failed on this input",
    timeout: "The calculation was stopped: it took longer than the {ms} ms limit; the page stays usable. Change an entry to try again.",
    loadTimeout: "loading the pack took longer than the {ms} ms limit",
    crashed: "the rule pack crashed its WebAssembly instance",
    restarted: "the calculator restarted it", stopped: "it crashed {n} times, so the calculator stopped",
    notYet: "Not enough evidence yet for a score.", provisional: "Provisional score: some dimensions do not have enough evidence yet.",
    needFor: "{dimension}: give evidence for {n} more indicator(s), e.g. {fields}",
    needForNoField: "{dimension}: needs evidence for {n} more indicator(s)",
    announce: "Score {score} out of 100, level {level}.", announceNone: "No score yet.",
    computing: "Calculating…", unit: "unit",
  },
};

/** `UI[lang][key]` with `{name}` placeholders filled from `args`. */
export function say(lang, key, args = {}) {
  return UI[lang][key].replace(/\{(\w+)\}/g, (m, k) => (k in args ? String(args[k]) : m));
}
