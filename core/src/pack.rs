//! Loading a rule pack: read its files, validate the manifest, compile every script once.
//! A [`Pack`] is immutable afterwards, cheap to clone and `Send + Sync`.

use crate::error::{Error, Result};
use crate::label::Label;
use crate::manifest::{self, Manifest};
use crate::messages::Messages;
use crate::schema::{Field, FieldKind};
use crate::script::{self, Limits, Origin, Script};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::sync::Arc;
use toml::Spanned;

/// Names a rule may read besides evidence fields, in selection conditions only.
pub(crate) const SELECTION_VARS: &[&str] = &["level", "total", "score_100", "insufficient"];
const RESERVED: &[&str] = &[
    "id",
    "name",
    "level",
    "total",
    "score_100",
    "insufficient",
    "score",
];

/// The pack's scale: every indicator, dimension and total lies in `[min, max]`.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct Scale {
    /// Lowest score.
    pub min: f64,
    /// Highest score.
    pub max: f64,
    /// Step used when proposing improvements (1 for a 0 to 5 integer scale).
    pub step: f64,
    /// Decimals shown to people.
    pub decimals: usize,
}

/// What to do with an indicator that has no evidence.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "policy", rename_all = "snake_case")]
pub enum MissingPolicy {
    /// Leave it out of its dimension's mean (a dimension with no evidence at all is left out of the total).
    Exclude,
    /// Count it as the scale's minimum.
    Zero,
    /// Leave it out, but a dimension whose share of indicators with evidence is below
    /// `min_coverage` is "insufficient evidence" and scores the scale's minimum.
    MinCoverage {
        /// Share of indicators (0 to 1) that must have evidence.
        min_coverage: f64,
    },
}

impl MissingPolicy {
    /// The policy's name as written in `pack.toml`.
    #[must_use]
    pub fn name(&self) -> &'static str {
        match self {
            MissingPolicy::Exclude => "exclude",
            MissingPolicy::Zero => "zero",
            MissingPolicy::MinCoverage { .. } => "min_coverage",
        }
    }
}

/// A weighted dimension of maturity, scored as the weighted mean of its indicators.
#[derive(Debug, Clone, Serialize)]
pub struct Dimension {
    /// Short code, e.g. `KSP`.
    pub id: String,
    /// Relative weight in the total.
    pub weight: f64,
    /// Name shown to people.
    pub label: Label,
    /// Longer explanation.
    pub description: Option<Label>,
    /// Indexes of its indicators in [`Pack::indicators`].
    pub indicators: Vec<usize>,
}

/// One scored indicator: a Rhai rule over the evidence.
#[derive(Debug, Clone, Serialize)]
pub struct Indicator {
    /// Identifier.
    pub id: String,
    /// Index of its dimension in [`Pack::dimensions`].
    pub dimension: usize,
    /// Weight inside its dimension.
    pub weight: f64,
    /// Name shown to people.
    pub label: Label,
    /// Template of the reason shown with the score.
    pub reason: Option<Label>,
    /// Evidence fields whose increase never lowers this indicator.
    pub monotone: Vec<String>,
    #[serde(skip)]
    pub(crate) script: Script,
}

impl Indicator {
    /// Names of the evidence fields and derived values the rule reads.
    #[must_use]
    pub fn reads<'p>(&self, pack: &'p Pack) -> Vec<&'p str> {
        self.script
            .reads
            .iter()
            .map(|&i| pack.inner.names[i].as_str())
            .collect()
    }
}

/// A step of the level scale.
#[derive(Debug, Clone, Serialize)]
pub struct Level {
    /// 1 for the lowest level.
    pub rank: u32,
    /// Identifier, e.g. `rintisan`.
    pub id: String,
    /// Lowest total that reaches it.
    pub min: f64,
    /// Name shown to people.
    pub label: Label,
    /// Colour for charts and badges (CSS colour).
    pub color: Option<String>,
}

/// A condition an item must meet to reach `level` (and every level above it).
#[derive(Debug, Clone, Serialize)]
pub struct Gate {
    /// Identifier.
    pub id: String,
    /// The level this gate guards: failing it caps the item at `level - 1`.
    pub level: u32,
    /// The requirement in words.
    pub label: Label,
    #[serde(skip)]
    pub(crate) script: Script,
}

/// A value computed from the evidence before the indicators run (e.g. months live).
#[derive(Debug, Clone, Serialize)]
pub struct Derived {
    /// Name the rules use.
    pub id: String,
    /// Name shown to people.
    pub label: Option<Label>,
    #[serde(skip)]
    pub(crate) script: Script,
}

/// A labelled eligibility condition of the selection.
#[derive(Debug, Clone, Serialize)]
pub struct Condition {
    /// Identifier.
    pub id: String,
    /// The condition in words.
    pub label: Label,
    #[serde(skip)]
    pub(crate) script: Script,
}

/// What a ranking is ordered by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SortSource {
    /// The total score.
    Total,
    /// The level rank.
    Level,
    /// A dimension's score (index into the dimensions).
    Dimension(usize),
    /// An evidence field (index into the fields).
    Field(usize),
    /// The record id.
    Id,
}

/// One ordering key with its direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SortKey {
    /// What to compare.
    pub source: SortSource,
    /// Largest first.
    pub descending: bool,
}

/// How the top N are picked.
#[derive(Debug, Clone, Serialize)]
pub struct Selection {
    /// Default N.
    pub top: usize,
    /// Ordering, tie-breaks in turn (always ending with the id, for a stable order).
    pub order: Vec<SortKey>,
    /// Field whose value forms groups for the diversity limit.
    pub group: Option<usize>,
    /// At most this many selected per group.
    pub max_per_group: Option<usize>,
    /// Conditions every selected item meets.
    pub requires: Vec<Condition>,
}

/// Plus / minus / flat rules against a previous assessment.
#[derive(Debug, Clone, Serialize)]
pub struct Progress {
    /// Changes of the total within this tolerance are "flat".
    pub tolerance: f64,
    /// A roadmap ratio at or above this is needed for "plus".
    pub plus_min_ratio: f64,
    /// A roadmap ratio below this means "minus".
    pub minus_below_ratio: f64,
    #[serde(skip)]
    pub(crate) ratio: Option<Script>,
}

/// Identity of a pack: what every result carries so it can be traced to its rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct PackRef {
    /// The pack id.
    pub id: String,
    /// The pack version.
    pub version: String,
    /// SHA-256 of the pack's files (hex).
    pub fingerprint: String,
}

#[derive(Debug)]
pub(crate) struct PackInner {
    pub reference: PackRef,
    pub name: Label,
    pub description: Label,
    pub sources: Vec<String>,
    pub scale: Scale,
    pub policy: MissingPolicy,
    pub fields: Vec<Field>,
    /// The field names as input columns are compared with them.
    pub field_names: crate::columns::FieldNames,
    pub derived: Vec<Derived>,
    /// Fields then derived values: the variables every script sees, in this order.
    pub names: Vec<String>,
    pub dimensions: Vec<Dimension>,
    pub indicators: Vec<Indicator>,
    pub levels: Vec<Level>,
    pub gates: Vec<Gate>,
    pub selection: Selection,
    pub progress: Progress,
    pub messages: Messages,
    pub engine: rhai::Engine,
    /// Use the fast path where a script allows it (off only to compare with the interpreter).
    pub fast_path: bool,
    /// Enum values and script strings, numbered for the column evaluator.
    pub symbols: crate::fast::Symbols,
    /// The scripts lowered for the column evaluator, when every one of them lowers.
    pub plan: Option<crate::scores::Plan>,
    /// The symbol of each enum value, per field (in the order of `Field::values`).
    pub enum_syms: Vec<Vec<u32>>,
    pub limits: Limits,
    pub files: BTreeMap<String, String>,
    pub vectors_file: Option<String>,
}

/// A compiled rule pack. Clone it freely: clones share the compiled scripts.
///
/// ```
/// let pack = matang::Pack::builtin("smart-city-quickwin").unwrap();
/// assert_eq!(pack.id(), "smart-city-quickwin");
/// assert_eq!(pack.dimensions().len(), 5);
/// ```
#[derive(Debug, Clone)]
pub struct Pack {
    pub(crate) inner: Arc<PackInner>,
}

/// The file every pack folder must have.
pub const MANIFEST: &str = "pack.toml";

/// Largest weight of a dimension or indicator: weights are relative, and this keeps every
/// weighted sum of scores finite.
const MAX_WEIGHT: f64 = 1e6;
/// Largest magnitude of the scale's ends, for the same reason.
const MAX_SCALE: f64 = 1e9;

impl Pack {
    /// Loads a pack from a folder (every file except `examples/` and hidden files).
    ///
    /// # Errors
    /// [`Error::Io`] if the folder cannot be read, [`Error::Pack`] with file, line and
    /// column for any mistake in the pack.
    pub fn load(dir: impl AsRef<Path>) -> Result<Pack> {
        let dir = dir.as_ref();
        if !dir.join(MANIFEST).is_file() {
            return Err(Error::Io {
                path: dir.display().to_string(),
                message: format!("not a rule pack folder: it has no {MANIFEST}"),
            });
        }
        let mut files = BTreeMap::new();
        read_dir(dir, dir, &mut files)?;
        Pack::from_files(files)
    }

    /// Compiles a pack from its files in memory (relative path, e.g. `pack.toml`, to text).
    ///
    /// # Errors
    /// [`Error::Pack`] with file, line and column for any mistake in the pack.
    pub fn from_files(files: BTreeMap<String, String>) -> Result<Pack> {
        Pack::from_files_with_limits(files, Limits::default())
    }

    /// Like [`Pack::from_files`], with custom sandbox limits.
    ///
    /// # Errors
    /// As [`Pack::from_files`].
    pub fn from_files_with_limits(files: BTreeMap<String, String>, limits: Limits) -> Result<Pack> {
        check_sizes(&files, MANIFEST)?;
        let text = files
            .get(MANIFEST)
            .ok_or_else(|| Error::pack(MANIFEST, 0, 0, "the pack has no pack.toml"))?;
        let manifest: Manifest = toml::from_str(text).map_err(|e| {
            let (line, column) = e.span().map_or((0, 0), |s| script::line_col(text, s.start));
            Error::pack(MANIFEST, line, column, e.message().trim().to_string())
        })?;
        // A panic while compiling (a bug that a hostile pack found) is an error of this pack.
        let inner = crate::budget::contain(|| {
            Builder {
                text,
                files: &files,
                engine: script::engine(limits),
            }
            .build(manifest, &files)
        })
        .unwrap_or_else(|panic| {
            Err(Error::pack(
                MANIFEST,
                0,
                0,
                format!("loading stopped with an internal error ({panic}); please report it (SECURITY.md)"),
            ))
        })?;
        let inner = PackInner { limits, ..inner };
        Ok(Pack {
            inner: Arc::new(inner),
        })
    }

    /// The same pack with every script run by the Rhai interpreter, never the fast path.
    ///
    /// Results are identical either way; this exists to prove it (the differential tests)
    /// and to measure the fast path against the interpreter.
    ///
    /// # Errors
    /// None in practice: the pack compiled before.
    pub fn interpreted(&self) -> Result<Pack> {
        let mut inner = Builder {
            text: self.inner.files.get(MANIFEST).map_or("", String::as_str),
            files: &self.inner.files,
            engine: script::engine(self.inner.limits),
        }
        .build(
            toml::from_str(self.inner.files.get(MANIFEST).map_or("", String::as_str))
                .map_err(|e| Error::pack(MANIFEST, 0, 0, e.message().to_string()))?,
            &self.inner.files,
        )?;
        inner.fast_path = false;
        inner.plan = None;
        inner.limits = self.inner.limits;
        Ok(Pack {
            inner: Arc::new(inner),
        })
    }

    /// A pack bundled into the library from the repository's `rules/` folder.
    ///
    /// # Errors
    /// [`Error::Usage`] naming the known packs when `id` is not one of them.
    pub fn builtin(id: &str) -> Result<Pack> {
        let files = crate::builtin::files(id).ok_or_else(|| {
            Error::Usage(format!(
                "no built-in pack '{id}'; built-in packs: {}",
                crate::builtin::ids().join(", ")
            ))
        })?;
        Pack::from_files(files)
    }

    /// Ids of the packs bundled into the library.
    #[must_use]
    pub fn builtin_ids() -> Vec<&'static str> {
        crate::builtin::ids()
    }

    /// The pack id.
    #[must_use]
    pub fn id(&self) -> &str {
        &self.inner.reference.id
    }
    /// The pack version.
    #[must_use]
    pub fn version(&self) -> &str {
        &self.inner.reference.version
    }
    /// SHA-256 (hex) over the pack's files, so every result names the exact rules.
    #[must_use]
    pub fn fingerprint(&self) -> &str {
        &self.inner.reference.fingerprint
    }
    /// Id, version and fingerprint together.
    #[must_use]
    pub fn reference(&self) -> &PackRef {
        &self.inner.reference
    }
    /// The pack's name.
    #[must_use]
    pub fn name(&self) -> &Label {
        &self.inner.name
    }
    /// The pack's description.
    #[must_use]
    pub fn description(&self) -> &Label {
        &self.inner.description
    }
    /// Citations for the method.
    #[must_use]
    pub fn sources(&self) -> &[String] {
        &self.inner.sources
    }
    /// The score scale.
    #[must_use]
    pub fn scale(&self) -> Scale {
        self.inner.scale
    }
    /// The missing-evidence policy.
    #[must_use]
    pub fn missing_policy(&self) -> MissingPolicy {
        self.inner.policy
    }
    /// The evidence schema.
    #[must_use]
    pub fn fields(&self) -> &[Field] {
        &self.inner.fields
    }
    /// Values derived from the evidence before scoring.
    #[must_use]
    pub fn derived(&self) -> &[Derived] {
        &self.inner.derived
    }
    /// The dimensions.
    #[must_use]
    pub fn dimensions(&self) -> &[Dimension] {
        &self.inner.dimensions
    }
    /// The indicators.
    #[must_use]
    pub fn indicators(&self) -> &[Indicator] {
        &self.inner.indicators
    }
    /// The levels, lowest first.
    #[must_use]
    pub fn levels(&self) -> &[Level] {
        &self.inner.levels
    }
    /// The gates.
    #[must_use]
    pub fn gates(&self) -> &[Gate] {
        &self.inner.gates
    }
    /// The selection rules.
    #[must_use]
    pub fn selection(&self) -> &Selection {
        &self.inner.selection
    }
    /// The progress rules.
    #[must_use]
    pub fn progress(&self) -> &Progress {
        &self.inner.progress
    }
    /// The phrase catalogue with this pack's overrides.
    #[must_use]
    pub fn messages(&self) -> &Messages {
        &self.inner.messages
    }
    /// The pack's source files (relative path to text); `Pack::from_files` on them gives
    /// the same pack with the same fingerprint. Bindings pickle packs this way.
    #[must_use]
    pub fn files(&self) -> &BTreeMap<String, String> {
        &self.inner.files
    }
    /// The field with this id.
    #[must_use]
    pub fn field(&self, id: &str) -> Option<&Field> {
        self.inner.fields.iter().find(|f| f.id == id)
    }
    /// The level with this rank.
    #[must_use]
    pub fn level(&self, rank: u32) -> Option<&Level> {
        self.inner.levels.iter().find(|l| l.rank == rank)
    }
}

/// Largest file a pack may hold, and largest pack, in bytes (the bundled packs hold under
/// 20 KB per file and 60 KB in all).
const MAX_FILE_BYTES: u64 = 1 << 20;
const MAX_PACK_BYTES: u64 = 8 << 20;
/// Most files a pack may hold.
const MAX_FILES: usize = 1_000;

/// Reads a pack folder: regular files and folders only (a symbolic link, device or FIFO is
/// refused before it is opened, so nothing outside the folder is read and nothing blocks),
/// each file and the whole pack within a size cap.
fn read_dir(root: &Path, dir: &Path, files: &mut BTreeMap<String, String>) -> Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, &e))?
        .filter_map(std::result::Result::ok)
        .collect();
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().to_string();
        if name.starts_with('.') || (dir == root && name == "examples") {
            continue;
        }
        let rel = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .components()
            .map(|c| c.as_os_str().to_string_lossy().to_string())
            .collect::<Vec<_>>()
            .join("/");
        // The entry's own type: a symbolic link is not followed.
        let kind = entry.file_type().map_err(|e| Error::io(&path, &e))?;
        if kind.is_dir() {
            read_dir(root, &path, files)?;
            continue;
        }
        if !kind.is_file() {
            let what = if kind.is_symlink() {
                "a symbolic link"
            } else {
                "not a regular file (a device, FIFO or socket)"
            };
            return Err(Error::pack(
                &rel,
                0,
                0,
                format!("{what}: a pack folder may hold only regular files and folders"),
            ));
        }
        let bytes = read_capped(&path, &rel)?;
        let text = String::from_utf8(bytes)
            .map_err(|_| Error::pack(&rel, 0, 0, "the file is not UTF-8 text"))?;
        files.insert(rel.clone(), text);
        check_sizes(files, &rel)?;
    }
    Ok(())
}

/// A pack within the caps on its number of files and their total size (for packs read from
/// a folder, checked as each file arrives; for packs handed over in memory, once).
fn check_sizes(files: &BTreeMap<String, String>, file: &str) -> Result<()> {
    let total: u64 = files.values().map(|t| t.len() as u64).sum();
    if files.len() > MAX_FILES {
        return Err(Error::pack(
            file,
            0,
            0,
            format!("the pack has more than {MAX_FILES} files"),
        ));
    }
    if total > MAX_PACK_BYTES {
        return Err(Error::pack(
            file,
            0,
            0,
            format!("the pack's files add up to more than {MAX_PACK_BYTES} bytes"),
        ));
    }
    if let Some((path, _)) = files.iter().find(|(_, t)| t.len() as u64 > MAX_FILE_BYTES) {
        return Err(Error::pack(
            path,
            0,
            0,
            format!("the file is larger than {MAX_FILE_BYTES} bytes"),
        ));
    }
    Ok(())
}

/// The bytes of a regular file, refused past [`MAX_FILE_BYTES`] without reading further.
fn read_capped(path: &Path, rel: &str) -> Result<Vec<u8>> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, &e))?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, &e))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Error::pack(
            rel,
            0,
            0,
            format!("the file is larger than {MAX_FILE_BYTES} bytes"),
        ));
    }
    Ok(bytes)
}

/// SHA-256 over every file's path and bytes, in path order.
pub(crate) fn fingerprint(files: &BTreeMap<String, String>) -> String {
    let mut h = Sha256::new();
    for (path, text) in files {
        h.update(path.as_bytes());
        h.update([0]);
        h.update((text.len() as u64).to_le_bytes());
        h.update(text.as_bytes());
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

struct Builder<'a> {
    text: &'a str,
    files: &'a BTreeMap<String, String>,
    engine: rhai::Engine,
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

impl Builder<'_> {
    fn err<T>(&self, span: std::ops::Range<usize>, message: impl Into<String>) -> Result<T> {
        let (line, column) = script::line_col(self.text, span.start);
        Err(Error::pack(MANIFEST, line, column, message))
    }

    fn inline(&self, s: &Spanned<String>, names: &[String], what: &str) -> Result<Script> {
        let origin = Origin::inline(MANIFEST, self.text, s.span());
        script::compile(&self.engine, s.get_ref(), origin, names, what)
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
    fn build(self, m: Manifest, files: &BTreeMap<String, String>) -> Result<PackInner> {
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
            let script = self.inline(
                &d.rule,
                &names,
                &format!("derived value '{}'", d.id.get_ref()),
            )?;
            derived.push(Derived {
                id: d.id.get_ref().clone(),
                label: d.label.clone(),
                script,
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
            let script = self.inline(&g.require, &names, &format!("gate '{}'", g.id.get_ref()))?;
            gates.push(Gate {
                id: g.id.get_ref().clone(),
                level,
                label: g.label.clone(),
                script,
            });
        }

        let selection = self.selection(m.selection.as_ref(), &names, &fields, &dimensions)?;
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
            Some(p) => Progress {
                tolerance: p.tolerance.abs(),
                plus_min_ratio: p.plus_min_ratio,
                minus_below_ratio: p.minus_below_ratio,
                ratio: p
                    .ratio
                    .as_ref()
                    .map(|r| self.inline(r, &names, "progress ratio"))
                    .transpose()?,
            },
            None => Progress {
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
        let mut inner = PackInner {
            reference: PackRef {
                id: pack_id,
                version: m.pack.version.clone(),
                fingerprint: fingerprint(files),
            },
            name: m.pack.name,
            description: m.pack.description,
            sources: m.pack.sources,
            scale,
            policy,
            field_names: crate::columns::FieldNames::new(&fields),
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
            engine: self.engine,
            fast_path: true,
            symbols: crate::fast::Symbols::default(),
            plan: None,
            enum_syms: Vec::new(),
            limits: Limits::default(),
            files: files.clone(),
            vectors_file,
        };
        let mut symbols = crate::fast::Symbols::default();
        inner.plan = crate::scores::Plan::build(&inner, &mut symbols);
        inner.enum_syms = inner
            .fields
            .iter()
            .map(|f| {
                f.interned
                    .iter()
                    .map(|v| symbols.find(v).unwrap_or(crate::fast::MISSING_SYM))
                    .collect()
            })
            .collect();
        inner.symbols = symbols;
        Ok(inner)
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

    fn field(&self, f: &manifest::FieldDef) -> Result<Field> {
        let Some(kind) = FieldKind::parse(f.kind.get_ref()) else {
            return self.err(
                f.kind.span(),
                format!(
                    "unknown field type '{}': use number, integer, boolean, enum, date or text",
                    f.kind.get_ref()
                ),
            );
        };
        if kind == FieldKind::Enum && f.values.is_empty() {
            return self.err(
                f.id.span(),
                format!("enum field '{}' needs values = [...]", f.id.get_ref()),
            );
        }
        if f.min.into_iter().chain(f.max).any(|x| !x.is_finite()) {
            return self.err(
                f.id.span(),
                format!(
                    "field '{}': min and max must be finite numbers",
                    f.id.get_ref()
                ),
            );
        }
        if let (Some(lo), Some(hi)) = (f.min, f.max)
            && lo > hi
        {
            return self.err(
                f.id.span(),
                format!("field '{}' has min above max", f.id.get_ref()),
            );
        }
        if let Some(k) = f.value_labels.keys().find(|k| !f.values.contains(k)) {
            return self.err(
                f.id.span(),
                format!(
                    "field '{}': value_labels names '{k}', which is not in values",
                    f.id.get_ref()
                ),
            );
        }
        let value_labels = if f.value_labels.is_empty() {
            Vec::new()
        } else {
            f.values
                .iter()
                .map(|v| {
                    f.value_labels
                        .get(v)
                        .cloned()
                        .unwrap_or_else(|| Label::new(v, v))
                })
                .collect()
        };
        Ok(Field {
            id: f.id.get_ref().clone(),
            kind,
            values: f.values.clone(),
            value_labels,
            unit: f.unit.clone(),
            min: f.min,
            max: f.max,
            required: f.required,
            label: f.label.clone(),
            help: f.help.clone(),
            example: f
                .example
                .as_ref()
                .and_then(|v| serde_json::to_value(v).ok()),
            interned: f.values.iter().map(|v| v.as_str().into()).collect(),
        })
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
            (Some(r), None) => self.inline(r, names, &what)?,
            (None, Some(f)) => {
                let Some(src) = self.files.get(f.get_ref()) else {
                    return self.err(
                        f.span(),
                        format!("{what}: file '{}' is not in the pack", f.get_ref()),
                    );
                };
                script::compile(
                    &self.engine,
                    src,
                    Origin::whole_file(f.get_ref()),
                    names,
                    &what,
                )?
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
            script,
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
            let script = self.inline(
                &c.when,
                &scope_names,
                &format!("selection condition '{}'", c.id.get_ref()),
            )?;
            requires.push(Condition {
                id: c.id.get_ref().clone(),
                label: c.label.clone(),
                script,
            });
        }
        Ok(Selection {
            top: def.top,
            order,
            group,
            max_per_group: def.max_per_group,
            requires,
        })
    }
}

impl PackInner {
    pub(crate) fn vectors(&self) -> Option<(&str, &str)> {
        let f = self.vectors_file.as_deref()?;
        Some((f, self.files.get(f)?.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_depends_on_every_byte_and_path() {
        let mut a = BTreeMap::new();
        a.insert("pack.toml".to_string(), "x".to_string());
        let fa = fingerprint(&a);
        assert_eq!(fa.len(), 64);
        a.insert("b.rhai".to_string(), String::new());
        assert_ne!(fa, fingerprint(&a));
    }
}
