//! A [`Pack`]: a rule pack loaded, validated and compiled, ready to assess. Immutable, cheap
//! to clone and `Send + Sync`. Its methods stand in the layer of what they do: assessing
//! in `results`, batches in `batch`, ranking in `portfolio`, test vectors in `check`.

use crate::engine::Compiled;
use crate::engine::sandbox::Limits;
use crate::error::{Error, Result};
use crate::label::Label;
use crate::load;
use crate::messages::Messages;
use crate::model::dimension::{Derived, Dimension, Indicator};
use crate::model::field::Field;
use crate::model::level::{Gate, Level};
use crate::model::progress::ProgressRules;
use crate::model::scale::{MissingPolicy, Scale};
use crate::model::selection::Selection;
use crate::model::{Model, PackRef};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// A compiled rule pack. Clone it freely: clones share the compiled scripts.
///
/// ```
/// let pack = matang::Pack::builtin("smart-city-quickwin").unwrap();
/// assert_eq!(pack.id(), "smart-city-quickwin");
/// assert_eq!(pack.dimensions().len(), 5);
/// ```
#[derive(Debug, Clone)]
pub struct Pack {
    inner: Arc<Compiled>,
}

impl Pack {
    /// Loads a pack from a folder (every file except `examples/` and hidden files).
    ///
    /// # Errors
    /// [`Error::Io`] if the folder cannot be read, [`Error::Pack`] with file, line and
    /// column for any mistake in the pack.
    pub fn load(dir: impl AsRef<Path>) -> Result<Pack> {
        Pack::from_files(load::read_folder(dir.as_ref())?)
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
        Pack::compile(load::model(&files)?, limits, true)
    }

    /// Compiles `model`; a panic while compiling (a bug that a hostile pack found) is an
    /// error of this pack.
    fn compile(model: Model, limits: Limits, fast_path: bool) -> Result<Pack> {
        let compiled = crate::contain::contain(|| Compiled::new(model, limits, fast_path))
            .unwrap_or_else(|panic| Err(load::internal(&panic)))?;
        Ok(Pack {
            inner: Arc::new(compiled),
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
        Pack::compile(load::model(self.files())?, self.inner.limits, false)
    }

    /// A pack bundled into the library from the repository's `rules/` folder.
    ///
    /// # Errors
    /// [`Error::Usage`] naming the known packs when `id` is not one of them.
    pub fn builtin(id: &str) -> Result<Pack> {
        let files = load::builtin::files(id).ok_or_else(|| {
            Error::Usage(format!(
                "no built-in pack '{id}'; built-in packs: {}",
                load::builtin::ids().join(", ")
            ))
        })?;
        Pack::from_files(files)
    }

    /// Ids of the packs bundled into the library.
    #[must_use]
    pub fn builtin_ids() -> Vec<&'static str> {
        load::builtin::ids()
    }

    /// The pack as data.
    pub(crate) fn model(&self) -> &Model {
        &self.inner.model
    }

    /// Whether `other` is this very pack (a clone of it), not only one with the same files.
    pub(crate) fn same_as(&self, other: &Pack) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }

    /// The pack's rules compiled.
    pub(crate) fn compiled(&self) -> &Compiled {
        &self.inner
    }

    /// The pack id.
    #[must_use]
    pub fn id(&self) -> &str {
        &self.model().reference.id
    }
    /// The pack version.
    #[must_use]
    pub fn version(&self) -> &str {
        &self.model().reference.version
    }
    /// SHA-256 (hex) over the pack's files, so every result names the exact rules.
    #[must_use]
    pub fn fingerprint(&self) -> &str {
        &self.model().reference.fingerprint
    }
    /// Id, version and fingerprint together.
    #[must_use]
    pub fn reference(&self) -> &PackRef {
        &self.model().reference
    }
    /// The pack's name.
    #[must_use]
    pub fn name(&self) -> &Label {
        &self.model().name
    }
    /// The pack's description.
    #[must_use]
    pub fn description(&self) -> &Label {
        &self.model().description
    }
    /// Citations for the method.
    #[must_use]
    pub fn sources(&self) -> &[String] {
        &self.model().sources
    }
    /// The score scale.
    #[must_use]
    pub fn scale(&self) -> Scale {
        self.model().scale
    }
    /// The missing-evidence policy.
    #[must_use]
    pub fn missing_policy(&self) -> MissingPolicy {
        self.model().policy
    }
    /// The evidence schema.
    #[must_use]
    pub fn fields(&self) -> &[Field] {
        &self.model().fields
    }
    /// Values derived from the evidence before scoring.
    #[must_use]
    pub fn derived(&self) -> &[Derived] {
        &self.model().derived
    }
    /// The dimensions.
    #[must_use]
    pub fn dimensions(&self) -> &[Dimension] {
        &self.model().dimensions
    }
    /// The indicators.
    #[must_use]
    pub fn indicators(&self) -> &[Indicator] {
        &self.model().indicators
    }
    /// The levels, lowest first.
    #[must_use]
    pub fn levels(&self) -> &[Level] {
        &self.model().levels
    }
    /// The gates.
    #[must_use]
    pub fn gates(&self) -> &[Gate] {
        &self.model().gates
    }
    /// The selection rules.
    #[must_use]
    pub fn selection(&self) -> &Selection {
        &self.model().selection
    }
    /// The progress rules.
    #[must_use]
    pub fn progress(&self) -> &ProgressRules {
        &self.model().progress
    }
    /// The phrase catalogue with this pack's overrides.
    #[must_use]
    pub fn messages(&self) -> &Messages {
        &self.model().messages
    }
    /// The pack's source files (relative path to text); `Pack::from_files` on them gives
    /// the same pack with the same fingerprint. Bindings pickle packs this way.
    #[must_use]
    pub fn files(&self) -> &BTreeMap<String, String> {
        &self.model().files
    }
    /// The field with this id.
    #[must_use]
    pub fn field(&self, id: &str) -> Option<&Field> {
        self.model().fields.iter().find(|f| f.id == id)
    }
    /// The level with this rank.
    #[must_use]
    pub fn level(&self, rank: u32) -> Option<&Level> {
        self.model().levels.iter().find(|l| l.rank == rank)
    }
}

impl Indicator {
    /// Names of the evidence fields and derived values the rule reads.
    #[must_use]
    pub fn reads<'p>(&self, pack: &'p Pack) -> Vec<&'p str> {
        (self.rule.reads.iter())
            .map(|&i| pack.model().names[i].as_str())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::error::Error;
    use crate::label::Lang;
    use crate::model::record::Record;
    use crate::pack::Pack;
    use std::collections::BTreeMap;

    /// A pack whose indicator calls the test-only `test_panic`, which panics for x > 0.
    fn pack(rule: &str) -> crate::error::Result<Pack> {
        let toml = "[pack]\nid = \"t\"\nversion = \"0\"\nname = \"t\"\n\
             [[field]]\nid = \"x\"\ntype = \"integer\"\nlabel = \"x\"\n\
             [[dimension]]\nid = \"D\"\nweight = 1\nlabel = \"D\"\n\
             [[indicator]]\nid = \"i\"\ndimension = \"D\"\nlabel = \"i\"\nfile = \"i.rhai\"\n\
             [[level]]\nrank = 1\nid = \"l1\"\nmin = 0\nlabel = \"L1\"\n";
        Pack::from_files(BTreeMap::from([
            ("pack.toml".to_string(), toml.to_string()),
            ("i.rhai".to_string(), rule.to_string()),
        ]))
    }

    fn record(id: &str, x: i64) -> Record {
        Record::from_json(serde_json::json!({"id": id, "x": x})).unwrap()
    }

    #[test]
    fn a_panic_in_a_rule_is_an_error_of_that_record_only() {
        let p = pack("test_panic(x); 1").unwrap();
        let records = [record("a", 0), record("b", 5), record("c", -1)];
        let out = p.assess_many(&records, Lang::En);
        assert!(out[0].is_ok() && out[2].is_ok());
        let e = out[1].as_ref().unwrap_err();
        assert!(
            matches!(e, Error::Rule { record, .. } if record == "b")
                && e.to_string().contains("internal error (test panic 5)"),
            "{e}"
        );
        let scores = p.score_many(&records);
        assert!(scores[0].is_ok() && scores[2].is_ok() && scores[1].is_err());
        // The thread that caught the panic goes on scoring.
        assert!(p.assess(&record("d", 0), Lang::En).is_ok());
    }

    #[test]
    fn a_panic_while_loading_is_an_error_of_that_pack() {
        // The optimiser calls functions with constant arguments while compiling.
        let e = pack("test_panic(3)").unwrap_err();
        assert!(
            matches!(e, Error::Pack { .. })
                && e.to_string().contains("internal error (test panic 3)"),
            "{e}"
        );
    }
}
