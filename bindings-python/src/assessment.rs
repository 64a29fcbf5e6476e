//! The `Assessment` class: a read-only view of one core assessment.

use crate::convert::ser_to_py;
use crate::errors::guard;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyTuple;

/// The assessment of one item: total, level, per-dimension and per-indicator scores,
/// gates, missing evidence and the gap to the next level.
///
/// Attributes return fresh Python objects (dicts and lists) on every access; use
/// `to_dict()` for the whole assessment at once.
#[pyclass(frozen, module = "matang._matang")]
pub struct Assessment {
    pub(crate) inner: matang::Assessment,
    /// The pack that produced it, to draw its chart (`None` once rebuilt from JSON).
    pack: Option<matang::Pack>,
}

impl Assessment {
    pub(crate) fn new(inner: matang::Assessment, pack: &matang::Pack) -> Self {
        let pack = Some(pack.clone());
        Assessment { inner, pack }
    }

    /// The pack that produced this assessment: its own, or a built-in one with its
    /// fingerprint.
    fn source_pack(&self) -> Option<matang::Pack> {
        self.pack.clone().or_else(|| self.inner.builtin_pack())
    }
}

#[pymethods]
impl Assessment {
    /// The item's id.
    #[getter]
    fn id(&self) -> &str {
        &self.inner.id
    }

    /// The item's name, or None.
    #[getter]
    fn name(&self) -> Option<&str> {
        self.inner.name.as_deref()
    }

    /// Weighted total on the pack's scale.
    #[getter]
    fn total(&self) -> f64 {
        self.inner.total
    }

    /// The total on a 0 to 100 scale.
    #[getter]
    fn score_100(&self) -> f64 {
        self.inner.score_100
    }

    /// The level reached: `{"rank": int, "id": str, "label": str}`.
    #[getter]
    fn level<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        ser_to_py(py, &self.inner.level)
    }

    /// The level the score alone would give (before gates).
    #[getter]
    fn score_level(&self) -> u32 {
        self.inner.score_level
    }

    /// One dict per dimension: id, label, weight, score (None without evidence), coverage,
    /// present, count, insufficient.
    #[getter]
    fn dimensions<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        ser_to_py(py, &self.inner.dimensions)
    }

    /// One dict per indicator: id, dimension, label, score (None without evidence), reason.
    #[getter]
    fn indicators<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        ser_to_py(py, &self.inner.indicators)
    }

    /// One dict per gate: id, level, passed, label.
    #[getter]
    fn gates<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        ser_to_py(py, &self.inner.gates)
    }

    /// Verified values that replaced the office's own (field, label, own, verified,
    /// difference, text), from `verified.<field>` columns.
    #[getter]
    fn verified<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        ser_to_py(py, &self.inner.verified)
    }

    /// Ids of the gates that lowered the level.
    #[getter]
    fn capped_by(&self) -> Vec<String> {
        self.inner.capped_by.clone()
    }

    /// Evidence fields the rules use but the record lacks.
    #[getter]
    fn missing(&self) -> Vec<String> {
        self.inner.missing.clone()
    }

    /// The gap to the next level (level, min, gap, gates, improvements, summary, and from
    /// `Pack.assess` the `plan`: the fewest evidence changes that reach it), or None at the
    /// top level.
    #[getter]
    fn next_level<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        ser_to_py(py, &self.inner.next_level)
    }

    /// Whether the item meets every selection condition.
    #[getter]
    fn eligible(&self) -> bool {
        self.inner.eligible
    }

    /// The selection conditions it does not meet: dicts with id and label.
    #[getter]
    fn unmet<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        ser_to_py(py, &self.inner.unmet)
    }

    /// Notes about the input, e.g. ignored unknown fields.
    #[getter]
    fn warnings(&self) -> Vec<String> {
        self.inner.warnings.clone()
    }

    /// Language code of labels and reasons: "id" or "en".
    #[getter]
    fn lang(&self) -> &'static str {
        self.inner.lang.code()
    }

    /// The pack that produced it: `{"id", "version", "fingerprint", "matang"}`.
    #[getter]
    fn pack<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        ser_to_py(py, &self.inner.pack)
    }

    /// The whole assessment as plain Python data (the same shape as the CLI's JSON).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        ser_to_py(py, &self.inner)
    }

    /// The whole assessment as a JSON string.
    fn to_json(&self) -> PyResult<String> {
        serde_json::to_string(&self.inner).map_err(|e| PyValueError::new_err(e.to_string()))
    }

    /// Rebuilds an assessment from `to_json()` output.
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<Self> {
        serde_json::from_str(text)
            .map(|inner| Assessment { inner, pack: None })
            .map_err(|e| PyValueError::new_err(e.to_string()))
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let ctor = py.get_type::<Assessment>().getattr("from_json")?;
        let args = PyTuple::new(py, [slf.get().to_json()?])?;
        PyTuple::new(py, [ctor, args.into_any()])
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        (other.cast::<Assessment>()).is_ok_and(|o| o.get().inner == self.inner)
    }

    fn __repr__(&self) -> String {
        let a = &self.inner;
        // The pack's decimals when it is loaded (a display; the value itself stays exact).
        let decimals = self.source_pack().map_or(3, |p| p.scale().decimals);
        format!(
            "<Assessment id={:?} total={:.*} level={} {:?}>",
            a.id, decimals, a.total, a.level.rank, a.level.label
        )
    }

    /// The assessment's radar chart as SVG: the same renderer as the CLI report and the web
    /// widget, so the pictures are identical everywhere.
    ///
    /// Args:
    ///     previous: last year's `Assessment` of the same item, drawn dashed (optional).
    ///
    /// Returns:
    ///     The SVG document as a string.
    ///
    /// Raises:
    ///     UsageError: the pack that produced the assessment is not loaded in this process.
    #[pyo3(signature = (previous=None))]
    fn to_svg(&self, py: Python<'_>, previous: Option<PyRef<'_, Assessment>>) -> PyResult<String> {
        guard(py, || {
            let pack = self.pack_or_error(py)?;
            Ok(matang::svg::radar_svg(
                &pack,
                &self.inner,
                previous.as_ref().map(|p| &p.inner),
                self.inner.lang,
            ))
        })
    }

    /// A compact view for notebooks: the radar (sized to its column), the level, the
    /// dimension table and the next step.
    fn _repr_html_(&self, py: Python<'_>) -> PyResult<String> {
        guard(py, || {
            Ok(match self.source_pack() {
                Some(pack) => {
                    matang::report::assessment_html(&pack, &self.inner, None, self.inner.lang)
                }
                None => format!("<pre>{}</pre>", matang::svg::escape(&self.__repr__())),
            })
        })
    }
}

impl Assessment {
    fn pack_or_error(&self, py: Python<'_>) -> PyResult<matang::Pack> {
        (self.source_pack()).ok_or_else(|| crate::errors::to_py(py, &self.inner.pack_not_loaded()))
    }
}
