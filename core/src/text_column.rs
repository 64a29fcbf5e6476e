//! Many short strings end to end in one buffer: the ids and names of a batch's records.
//! A table of 100,000 records would otherwise allocate, copy and free 200,000 strings.

/// Strings end to end in one buffer (Arrow's string layout), each present or missing.
/// String `i` is `text[offsets[i]..offsets[i + 1]]`.
///
/// ```
/// use matang::Texts;
/// let t: Texts = [Some("QW-1"), None, Some("QW-3")].into_iter().collect();
/// assert_eq!((t.len(), t.get(0), t.get(1)), (3, Some("QW-1"), None));
/// assert_eq!(t.iter().flatten().collect::<Vec<_>>(), ["QW-1", "QW-3"]);
///
/// // Arrow's buffers are checked, not trusted:
/// let t = Texts::from_parts("QW-1QW-2".into(), vec![0, 4, 8], None)?;
/// assert_eq!(t.get(1), Some("QW-2"));
/// assert!(Texts::from_parts("QW-1".into(), vec![0, 9], None).is_err());
/// # Ok::<(), String>(())
/// ```
#[derive(Debug, Clone)]
pub struct Texts {
    text: String,
    offsets: Vec<usize>,
    /// Which strings are present (all when `None`).
    valid: Option<Vec<bool>>,
}

impl Default for Texts {
    fn default() -> Texts {
        Texts::new()
    }
}

impl Texts {
    /// No strings.
    #[must_use]
    pub fn new() -> Texts {
        Texts {
            text: String::new(),
            offsets: vec![0],
            valid: None,
        }
    }

    /// Strings from Arrow's buffers: `offsets` has one entry more than there are strings,
    /// and `valid` (when given) one entry per string, `false` for missing.
    ///
    /// # Errors
    /// Why the parts do not make strings: offsets that are empty, decrease, pass the end
    /// of `text` or cut a character, or a validity of another length.
    pub fn from_parts(
        text: String,
        offsets: Vec<usize>,
        valid: Option<Vec<bool>>,
    ) -> Result<Texts, String> {
        let Some(&last) = offsets.last() else {
            return Err("no offsets (a column of n strings has n + 1)".to_string());
        };
        if last > text.len() {
            return Err(format!(
                "offset {last} is past the end of the text ({} bytes)",
                text.len()
            ));
        }
        if let Some(w) = offsets.windows(2).find(|w| w[1] < w[0]) {
            return Err(format!("offsets decrease ({} then {})", w[0], w[1]));
        }
        // Every offset into ASCII text is a character boundary (checking the text is cheaper
        // than checking each offset).
        if !text.is_ascii()
            && let Some(o) = offsets.iter().find(|&&o| !text.is_char_boundary(o))
        {
            return Err(format!("offset {o} is inside a UTF-8 character"));
        }
        let n = offsets.len() - 1;
        if let Some(v) = &valid
            && v.len() != n
        {
            return Err(format!("{} validity flags for {n} strings", v.len()));
        }
        Ok(Texts {
            text,
            offsets,
            valid,
        })
    }

    /// Number of strings (present or missing).
    #[must_use]
    pub fn len(&self) -> usize {
        self.offsets.len() - 1
    }

    /// Whether there are no strings.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// String `i`; `None` when it is missing or there is no string `i`.
    #[must_use]
    pub fn get(&self, i: usize) -> Option<&str> {
        if i >= self.len() || self.valid.as_ref().is_some_and(|v| !v[i]) {
            return None;
        }
        self.text
            .get(*self.offsets.get(i)?..*self.offsets.get(i + 1)?)
    }

    /// Every string in order, `None` for missing ones.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Option<&str>> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    /// Appends a string (or a missing one).
    pub fn push(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.text.push_str(s),
            None => {
                let n = self.len();
                self.valid.get_or_insert_with(|| vec![true; n]);
            }
        }
        if let Some(v) = &mut self.valid {
            v.push(s.is_some());
        }
        self.offsets.push(self.text.len());
    }

    /// Whether any string is missing.
    #[must_use]
    pub fn has_missing(&self) -> bool {
        self.valid.as_ref().is_some_and(|v| v.contains(&false))
    }

    /// The buffers, as [`Texts::from_parts`] takes them (for bindings that hand them on).
    #[must_use]
    pub fn parts(&self) -> (&str, &[usize], Option<&[bool]>) {
        (&self.text, &self.offsets, self.valid.as_deref())
    }
}

/// Equal when they hold the same strings in the same order, however the buffers are laid out.
impl PartialEq for Texts {
    fn eq(&self, other: &Texts) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl<'a> FromIterator<Option<&'a str>> for Texts {
    fn from_iter<I: IntoIterator<Item = Option<&'a str>>>(iter: I) -> Texts {
        let mut t = Texts::new();
        for s in iter {
            t.push(s);
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::Texts;

    #[test]
    fn bad_parts_are_named() {
        let e = |t: &str, o: Vec<usize>, v: Option<Vec<bool>>| {
            Texts::from_parts(t.to_string(), o, v).unwrap_err()
        };
        assert!(e("ab", vec![], None).contains("no offsets"));
        assert!(e("ab", vec![0, 3], None).contains("past the end"));
        assert!(e("ab", vec![0, 2, 1], None).contains("decrease"));
        assert!(e("é", vec![0, 1, 2], None).contains("inside a UTF-8 character"));
        assert!(e("ab", vec![0, 1, 2], Some(vec![true])).contains("1 validity flags for 2"));
    }

    #[test]
    fn missing_strings_keep_their_place() {
        let mut t = Texts::new();
        t.push(Some("a"));
        t.push(None);
        t.push(Some("bc"));
        assert_eq!(t.iter().collect::<Vec<_>>(), [Some("a"), None, Some("bc")]);
        assert!(t.has_missing());
        assert_eq!(t.get(3), None);
        let (text, offsets, valid) = t.parts();
        assert_eq!(
            (text, offsets, valid),
            ("abc", &[0, 1, 1, 3][..], Some(&[true, false, true][..]))
        );
    }
}
