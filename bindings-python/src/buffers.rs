//! Column data read through Python's buffer protocol (numpy arrays, Arrow buffers,
//! `bytes`), copied once into memory this module owns; result columns written as bytes
//! (numbers, and text in Arrow's layout) for `matang/_frames.py`. No scoring logic.
//! Arrays are read in place, not through `bytes` copies; the buffer protocol entered the
//! stable ABI in Python 3.11, hence the package's floor.

use matang::Texts;
use pyo3::buffer::{Element, PyBuffer};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyList, PyString, PyTuple};

/// The element type a column form expects, named in errors as numpy names it.
pub(crate) trait Named: Element {
    const NAME: &'static str;
}

impl Named for f64 {
    const NAME: &'static str = "float64";
}

impl Named for i64 {
    const NAME: &'static str = "int64";
}

impl Named for u8 {
    const NAME: &'static str = "uint8";
}

fn buffer<T: Named>(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<PyBuffer<T>> {
    let wrong = || {
        PyValueError::new_err(format!(
            "column '{name}': expected a one-dimensional buffer of {}",
            T::NAME
        ))
    };
    let buf = PyBuffer::<T>::get(obj).map_err(|_| wrong())?;
    if buf.dimensions() != 1 {
        return Err(wrong());
    }
    Ok(buf)
}

/// How many values `obj` holds, without reading them.
pub(crate) fn count<T: Named>(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<usize> {
    Ok(buffer::<T>(obj, name)?.item_count())
}

/// The values of `obj` (any stride), checking there are `rows` of them when `rows` is
/// given.
pub(crate) fn values<T: Named>(
    obj: &Bound<'_, PyAny>,
    rows: Option<usize>,
    name: &str,
) -> PyResult<Vec<T>> {
    let buf = buffer::<T>(obj, name)?;
    if let Some(n) = rows
        && buf.item_count() != n
    {
        return Err(PyValueError::new_err(format!(
            "column '{name}': {} values for {n} rows",
            buf.item_count()
        )));
    }
    buf.to_vec(obj.py())
}

/// Flags given one byte each (numpy booleans viewed as `uint8`): nonzero is true.
pub(crate) fn flags(
    obj: &Bound<'_, PyAny>,
    rows: Option<usize>,
    name: &str,
) -> PyResult<Vec<bool>> {
    Ok(values::<u8>(obj, rows, name)?
        .into_iter()
        .map(|b| b != 0)
        .collect())
}

/// float64 values, written straight into the bytearray (no buffer of our own to copy).
pub(crate) fn f64_bytes<'py>(
    py: Python<'py>,
    values: impl ExactSizeIterator<Item = f64>,
) -> PyResult<Bound<'py, PyByteArray>> {
    PyByteArray::new_with(py, values.len() * 8, |out| {
        for (o, v) in out.chunks_exact_mut(8).zip(values) {
            o.copy_from_slice(&v.to_ne_bytes());
        }
        Ok(())
    })
}

/// A text column of few distinct strings: row `i` holds `texts[keys[i]]`. A list shares one
/// `str` per string. In Arrow's layout ([`arrow_text`]) each row's bytes are one copy of
/// a fixed width (up to 64 bytes; no `memcpy` call per row), which the next row overwrites
/// past the string's end.
pub(crate) fn keyed_text<'py>(
    py: Python<'py>,
    texts: &[Option<&str>],
    keys: &[usize],
    arrow: bool,
) -> PyResult<Bound<'py, PyAny>> {
    if !arrow {
        let strs: Vec<Option<Bound<'py, PyString>>> = texts
            .iter()
            .map(|t| t.map(|s| PyString::new(py, s)))
            .collect();
        return Ok(PyList::new(py, keys.iter().map(|&k| &strs[k]))?.into_any());
    }
    let width = texts.iter().flatten().map(|s| s.len()).max().unwrap_or(0);
    let text = match width {
        0..=16 => keyed_arrow::<16>(py, texts, keys),
        17..=32 => keyed_arrow::<32>(py, texts, keys),
        33..=64 => keyed_arrow::<64>(py, texts, keys),
        _ => arrow_text(py, keys.iter().map(|&k| texts[k])),
    };
    Ok(text?.into_any())
}

fn keyed_arrow<'py, const W: usize>(
    py: Python<'py>,
    texts: &[Option<&str>],
    keys: &[usize],
) -> PyResult<Bound<'py, PyTuple>> {
    let mut padded = vec![[0u8; W]; texts.len()];
    for (p, t) in padded.iter_mut().zip(texts) {
        let b = t.unwrap_or_default().as_bytes();
        p[..b.len()].copy_from_slice(b);
    }
    let len: Vec<usize> = texts.iter().map(|t| t.map_or(0, str::len)).collect();
    let total: usize = keys.iter().map(|&k| len[k]).sum();
    let mut ends = Vec::with_capacity(keys.len() + 1);
    let data = PyBytes::new_with(py, total, |data| {
        let mut at = 0;
        ends.push(0);
        for &k in keys {
            match data.get_mut(at..at + W) {
                Some(d) => d.copy_from_slice(&padded[k]),
                None => data[at..at + len[k]].copy_from_slice(&padded[k][..len[k]]),
            }
            at += len[k];
            ends.push(i64::try_from(at).unwrap_or(i64::MAX));
        }
        Ok(())
    })?;
    let offsets = PyBytes::new_with(py, ends.len() * 8, |out| {
        for (o, e) in out.chunks_exact_mut(8).zip(&ends) {
            o.copy_from_slice(&e.to_ne_bytes());
        }
        Ok(())
    })?;
    let missing: Vec<bool> = texts.iter().map(Option::is_none).collect();
    let nulls = keys.iter().filter(|&&k| missing[k]).count();
    let validity = if nulls == 0 {
        py.None().into_bound(py)
    } else {
        let mut bitmap = vec![0u8; keys.len().div_ceil(8)];
        for (i, _) in keys.iter().enumerate().filter(|(_, k)| !missing[**k]) {
            bitmap[i / 8] |= 1 << (i % 8);
        }
        PyBytes::new(py, &bitmap).into_any()
    };
    let nulls = nulls.into_pyobject(py)?.into_any();
    PyTuple::new(py, [validity, offsets.into_any(), data.into_any(), nulls])
}

/// Text in Arrow's `large_string` layout: `(validity, offsets, data, null_count)` with the
/// validity a bitmap (least significant bit first; None when nothing is missing) and
/// rows + 1 int64 offsets into the UTF-8 data.
fn arrow_text<'a, 'py>(
    py: Python<'py>,
    values: impl ExactSizeIterator<Item = Option<&'a str>>,
) -> PyResult<Bound<'py, PyTuple>> {
    let n = values.len();
    let mut bitmap = vec![0u8; n.div_ceil(8)];
    let mut offsets = Vec::with_capacity((n + 1) * 8);
    let mut data = Vec::new();
    let mut nulls = 0usize;
    offsets.extend_from_slice(&0i64.to_ne_bytes());
    for (i, v) in values.enumerate() {
        match v {
            Some(s) => {
                data.extend_from_slice(s.as_bytes());
                bitmap[i / 8] |= 1 << (i % 8);
            }
            None => nulls += 1,
        }
        let end = i64::try_from(data.len()).unwrap_or(i64::MAX);
        offsets.extend_from_slice(&end.to_ne_bytes());
    }
    arrow_parts(py, (nulls > 0).then_some(&bitmap), nulls, &offsets, &data)
}

/// The `(validity, offsets, data, null_count)` tuple of [`arrow_text`] from its buffers
/// (`validity` is `None` when no value is missing).
fn arrow_parts<'py>(
    py: Python<'py>,
    validity: Option<&[u8]>,
    nulls: usize,
    offsets: &[u8],
    data: &[u8],
) -> PyResult<Bound<'py, PyTuple>> {
    let validity = match validity {
        Some(bitmap) => PyBytes::new(py, bitmap).into_any(),
        None => py.None().into_bound(py),
    };
    PyTuple::new(
        py,
        [
            validity,
            PyBytes::new(py, offsets).into_any(),
            PyBytes::new(py, data).into_any(),
            nulls.into_pyobject(py)?.into_any(),
        ],
    )
}

/// [`text_column`] of strings already in Arrow's layout: the buffers are copied whole.
pub(crate) fn texts_column<'py>(
    py: Python<'py>,
    t: &Texts,
    arrow: bool,
) -> PyResult<Bound<'py, PyAny>> {
    if !arrow {
        return Ok(PyList::new(py, t.iter())?.into_any());
    }
    let (text, offsets, valid) = t.parts();
    let first = offsets.first().copied().unwrap_or(0);
    let mut ends = Vec::with_capacity(offsets.len() * 8);
    for &o in offsets {
        ends.extend_from_slice(&i64::try_from(o - first).unwrap_or(i64::MAX).to_ne_bytes());
    }
    let data = &text.as_bytes()[first..offsets.last().copied().unwrap_or(first)];
    let (bitmap, nulls) = match valid {
        Some(v) if v.contains(&false) => {
            let mut bitmap = vec![0u8; v.len().div_ceil(8)];
            for (i, _) in v.iter().enumerate().filter(|(_, ok)| **ok) {
                bitmap[i / 8] |= 1 << (i % 8);
            }
            (Some(bitmap), v.iter().filter(|ok| !**ok).count())
        }
        _ => (None, 0),
    };
    Ok(arrow_parts(py, bitmap.as_deref(), nulls, &ends, data)?.into_any())
}

/// Text per row: in Arrow's layout ([`arrow_text`]) or as a list of str and None.
pub(crate) fn text_column<'a, 'py>(
    py: Python<'py>,
    values: impl ExactSizeIterator<Item = Option<&'a str>>,
    arrow: bool,
) -> PyResult<Bound<'py, PyAny>> {
    if arrow {
        return Ok(arrow_text(py, values)?.into_any());
    }
    Ok(PyList::new(py, values)?.into_any())
}
