//! The values of the fast path's row evaluator: Rhai's values, as far as the subset uses
//! them, without the interpreter's dynamic typing.

use rhai::ImmutableString;
use std::sync::Arc;

/// A value of the subset.
#[derive(Debug, Clone)]
pub(crate) enum RowValue {
    Unit,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(ImmutableString),
    Map(Arc<[(ImmutableString, RowValue)]>),
    Array(Arc<[RowValue]>),
    /// A value outside the subset (computed by the interpreter): reading it in a fast
    /// script bails out to the interpreter.
    Dyn(Arc<rhai::Dynamic>),
}

impl RowValue {
    /// Same literal for `switch` (Rhai matches by type and value).
    pub(crate) fn same(&self, other: &RowValue) -> bool {
        match (self, other) {
            (RowValue::Int(a), RowValue::Int(b)) => a == b,
            (RowValue::Str(a), RowValue::Str(b)) => a == b,
            (RowValue::Bool(a), RowValue::Bool(b)) => a == b,
            (RowValue::Unit, RowValue::Unit) => true,
            _ => false,
        }
    }

    #[allow(clippy::cast_precision_loss)]
    pub(crate) fn number(&self) -> Option<f64> {
        match self {
            RowValue::Int(i) => Some(*i as f64),
            RowValue::Float(f) => Some(*f),
            _ => None,
        }
    }

    pub(crate) fn to_dynamic(&self) -> rhai::Dynamic {
        match self {
            RowValue::Unit => rhai::Dynamic::UNIT,
            RowValue::Bool(b) => (*b).into(),
            RowValue::Int(i) => (*i).into(),
            RowValue::Float(f) => (*f).into(),
            RowValue::Str(s) => s.clone().into(),
            RowValue::Map(m) => {
                let map: rhai::Map = m
                    .iter()
                    .map(|(k, v)| (k.as_str().into(), v.to_dynamic()))
                    .collect();
                map.into()
            }
            RowValue::Array(a) => a
                .iter()
                .map(RowValue::to_dynamic)
                .collect::<rhai::Array>()
                .into(),
            RowValue::Dyn(d) => (**d).clone(),
        }
    }

    /// The value of an interpreter result (anything outside the subset is kept as `Dyn`).
    pub(crate) fn from_dynamic(d: rhai::Dynamic) -> RowValue {
        if d.is_unit() {
            RowValue::Unit
        } else if let Ok(b) = d.as_bool() {
            RowValue::Bool(b)
        } else if let Ok(i) = d.as_int() {
            RowValue::Int(i)
        } else if let Ok(f) = d.as_float() {
            RowValue::Float(f)
        } else if d.is_string() {
            d.into_immutable_string()
                .map_or(RowValue::Unit, RowValue::Str)
        } else if d.is_map() {
            let map = d.cast::<rhai::Map>();
            RowValue::Map(
                map.into_iter()
                    .map(|(k, v)| (k.as_str().into(), RowValue::from_dynamic(v)))
                    .collect::<Vec<_>>()
                    .into(),
            )
        } else if d.is_array() {
            RowValue::Array(
                d.cast::<rhai::Array>()
                    .into_iter()
                    .map(RowValue::from_dynamic)
                    .collect::<Vec<_>>()
                    .into(),
            )
        } else {
            RowValue::Dyn(Arc::new(d))
        }
    }

    /// Rhai's name of the value's type, for error messages.
    pub(crate) fn type_name(&self) -> &str {
        match self {
            RowValue::Unit => "()",
            RowValue::Bool(_) => "bool",
            RowValue::Int(_) => "i64",
            RowValue::Float(_) => "f64",
            RowValue::Str(_) => "string",
            RowValue::Map(_) => "map",
            RowValue::Array(_) => "array",
            RowValue::Dyn(d) => d.type_name(),
        }
    }

    /// An entry of a map value.
    pub(crate) fn get(&self, key: &str) -> Option<&RowValue> {
        match self {
            RowValue::Map(m) => m.iter().find(|(k, _)| k.as_str() == key).map(|(_, v)| v),
            _ => None,
        }
    }
}
