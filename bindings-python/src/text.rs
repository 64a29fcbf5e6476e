//! Text columns for the core: distinct strings and a code per row, read from Arrow's
//! layout or from converted cells. No scoring logic.

use crate::columns::Role;
use matang::{Column, Texts};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use serde_json::Value as Json;

/// A string's look-up key: its first 8 bytes (zero past its end), its last 8 if it is longer
/// than 8 (else 0), and its length. Equal keys of strings up to 16 bytes mean equal strings,
/// so the short values table columns are mostly made of are compared without `memcmp`.
#[derive(Clone, Copy, Default)]
struct Key(u64, u64, usize);

/// All three words at once (no branch per word).
impl PartialEq for Key {
    #[inline(always)]
    fn eq(&self, other: &Key) -> bool {
        ((self.0 ^ other.0) | (self.1 ^ other.1) | (self.2 ^ other.2) as u64) == 0
    }
}

impl Key {
    /// Reads of fixed width only (overlapping ones below 8 bytes; the bytes they share
    /// are the same, so `|` keeps them), because a copy of a variable length is a call of
    /// `memcpy` per row.
    #[inline(always)]
    fn of(s: &[u8]) -> Key {
        let n = s.len();
        let u64_at = |i: usize| {
            let mut w = [0u8; 8];
            w.copy_from_slice(&s[i..i + 8]);
            u64::from_le_bytes(w)
        };
        let u32_at = |i: usize| {
            let mut w = [0u8; 4];
            w.copy_from_slice(&s[i..i + 4]);
            u64::from(u32::from_le_bytes(w))
        };
        let b = |i: usize| u64::from(s[i]);
        match n {
            9.. => Key(u64_at(0), u64_at(n - 8), n),
            8 => Key(u64_at(0), 0, n),
            4..8 => Key(u32_at(0) | u32_at(n - 4) << (8 * (n - 4)), 0, n),
            1..4 => Key(
                b(0) | b(n / 2) << (8 * (n / 2)) | b(n - 1) << (8 * (n - 1)),
                0,
                n,
            ),
            0 => Key(0, 0, 0),
        }
    }

    /// [`Key::of`] `text[start..end]`, without a branch on the length (table columns mix
    /// lengths in random order): at least 8 bytes of `text` must start at `start`.
    #[inline(always)]
    fn at(text: &[u8], start: usize, end: usize) -> Key {
        let n = end - start;
        let u64_at = |i: usize| {
            let mut w = [0u8; 8];
            w.copy_from_slice(&text[i..i + 8]);
            u64::from_le_bytes(w)
        };
        // The low 8n bits (all from n = 8): two shifts, as one of 64 would be out of range.
        let half = 4 * n.min(8);
        let first = u64_at(start) & !(u64::MAX << half << half);
        let long = n > 8;
        let last = u64_at(if long { end - 8 } else { start }) & 0u64.wrapping_sub(u64::from(long));
        Key(first, last, n)
    }

    /// Fibonacci hashing: the top bits of a product depend on every bit of the word.
    #[inline(always)]
    fn slot(self, shift: u32) -> usize {
        let word = (self.0 ^ self.2 as u64).wrapping_add(self.1.rotate_left(23));
        #[allow(clippy::cast_possible_truncation)]
        let slot = (word.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> shift) as usize;
        slot
    }
}

/// Distinct strings numbered in order of first appearance (open addressing, linear probing).
struct Dict<'a> {
    /// Key and code + 1 per slot (0 for an empty slot), together so that a look-up reads
    /// one place; the length is a power of two, `1 << (64 - shift)`.
    slots: Vec<(Key, u32)>,
    shift: u32,
    keys: Vec<Key>,
    strings: Vec<&'a [u8]>,
}

impl<'a> Dict<'a> {
    fn new() -> Dict<'a> {
        Dict {
            slots: vec![(Key::default(), 0); 64],
            shift: 64 - 6,
            keys: Vec::new(),
            strings: Vec::new(),
        }
    }

    /// The code of `s` (whose key is `key`), numbering it if it is new.
    #[inline(always)]
    fn code(&mut self, key: Key, s: &'a [u8]) -> u32 {
        let mask = self.slots.len() - 1;
        let mut i = key.slot(self.shift);
        loop {
            let (k, c) = self.slots[i];
            if c == 0 {
                break;
            }
            if k == key && (key.2 <= 16 || self.strings[(c - 1) as usize] == s) {
                return c - 1;
            }
            i = (i + 1) & mask;
        }
        let code = u32::try_from(self.strings.len()).unwrap_or(u32::MAX);
        self.slots[i] = (key, code + 1);
        self.keys.push(key);
        self.strings.push(s);
        if self.strings.len() * 2 > self.slots.len() {
            self.grow();
        }
        code
    }

    #[cold]
    fn grow(&mut self) {
        let mut slots = vec![(Key::default(), 0u32); self.slots.len() * 2];
        self.shift -= 1;
        let mask = slots.len() - 1;
        for (k, key) in self.keys.iter().enumerate() {
            let mut i = key.slot(self.shift);
            while slots[i].1 != 0 {
                i = (i + 1) & mask;
            }
            slots[i] = (*key, u32::try_from(k + 1).unwrap_or(u32::MAX));
        }
        self.slots = slots;
    }
}

/// Distinct strings and a code per row (`None` is missing, code -1).
pub(crate) fn dictionary<'a>(
    rows: impl Iterator<Item = Option<&'a [u8]>>,
    n: usize,
) -> Result<Column, std::str::Utf8Error> {
    coded(rows.map(|s| s.map(|s| (Key::of(s), s))), n)
}

/// [`dictionary`] of strings with their keys. Hashing pays only when values repeat: if
/// nearly every one of the first rows is distinct (free text, ids), the remaining rows get
/// a code each without a look-up. Text is checked to be UTF-8 once per distinct value.
fn coded<'a>(
    rows: impl Iterator<Item = Option<(Key, &'a [u8])>>,
    n: usize,
) -> Result<Column, std::str::Utf8Error> {
    const TRY: usize = 4096;
    let mut codes = Vec::with_capacity(n);
    let mut dict = Dict::new();
    let mut hashing = true;
    for (i, s) in rows.enumerate() {
        let Some((key, s)) = s else {
            codes.push(-1);
            continue;
        };
        if hashing {
            codes.push(i64::from(dict.code(key, s)));
            if i + 1 == TRY && dict.strings.len() * 10 > TRY * 9 {
                hashing = false;
            }
        } else {
            codes.push(i64::try_from(dict.strings.len()).unwrap_or(i64::MAX));
            dict.strings.push(s);
        }
    }
    let values = dict
        .strings
        .into_iter()
        .map(|s| std::str::from_utf8(s).map(|s| Json::String(s.to_string())))
        .collect::<Result<_, _>>()?;
    Ok(Column::Coded { codes, values })
}

/// Values converted one by one, held as compactly as they allow: all booleans (or
/// missing) as a boolean column, all text (or missing) as distinct strings and codes.
pub(crate) fn compact(values: Vec<Json>, role: Role) -> Column {
    let n = values.len();
    if role == Role::Identity {
        return Column::Json(values); // read once per row, never parsed
    }
    if values
        .iter()
        .all(|v| matches!(v, Json::Bool(_) | Json::Null))
    {
        let valid: Vec<bool> = values.iter().map(|v| !v.is_null()).collect();
        let flags = values.iter().map(|v| v.as_bool() == Some(true)).collect();
        return Column::Bool {
            values: flags,
            valid: if valid.iter().all(|&v| v) {
                None
            } else {
                Some(valid)
            },
        };
    }
    if values
        .iter()
        .all(|v| matches!(v, Json::String(_) | Json::Null))
    {
        let text = values.iter().map(|v| v.as_str().map(str::as_bytes));
        if let Ok(column) = dictionary(text, n) {
            return column; // always: the values were `str`
        }
    }
    Column::Json(values)
}

/// Text in Arrow's layout as a coded column: each distinct string once (for evidence), or
/// as one buffer (ids and names, which are never parsed, and dates, mostly distinct).
pub(crate) fn strings(
    text: Vec<u8>,
    offsets: &[i64],
    valid: Option<&[bool]>,
    name: &str,
    role: Role,
) -> PyResult<Column> {
    let bad = |why: &str| PyValueError::new_err(format!("column '{name}': {why}"));
    let utf8 = |e: std::str::Utf8Error| bad(&e.to_string());
    let rows = offsets.len().saturating_sub(1);
    // Offsets that start at 0 or later, never decrease and end inside the text put every
    // row inside the text: checked once here, not row by row.
    let ends = offsets.first().zip(offsets.last());
    let inside =
        ends.is_some_and(|(&a, &b)| a >= 0 && usize::try_from(b).is_ok_and(|b| b <= text.len()));
    if !inside || offsets.windows(2).any(|w| w[1] < w[0]) {
        return Err(bad("bad text offsets"));
    }
    let at = |o: i64| usize::try_from(o).unwrap_or(0);
    if role == Role::Field {
        let text = &text[..];
        let cells = offsets.windows(2).enumerate().map(|(i, w)| {
            let (start, end) = (at(w[0]), at(w[1]));
            let s = &text[start..end];
            let key = if start + 8 <= text.len() {
                Key::at(text, start, end)
            } else {
                Key::of(s) // the last few bytes
            };
            valid.is_none_or(|v| v[i]).then_some((key, s))
        });
        return coded(cells, rows).map_err(utf8);
    }
    // One buffer for all rows (dates are read from it by the core, most without a copy):
    // the text is checked as a whole, not row by row.
    let whole = String::from_utf8(text).map_err(|e| utf8(e.utf8_error()))?;
    let offsets = offsets.iter().map(|&o| at(o)).collect();
    Texts::from_parts(whole, offsets, valid.map(<[bool]>::to_vec))
        .map(Column::Text)
        .map_err(|e| bad(&e))
}
