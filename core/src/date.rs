//! Calendar dates as day numbers (days since 1970-01-01), which is how rule scripts see
//! them: plain integers that compare and subtract without a date library.

/// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
#[must_use]
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (i64::from(m) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The (year, month, day) of a day number.
#[must_use]
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = u32::try_from(doy - (153 * mp + 2) / 5 + 1).unwrap_or(1);
    let m = u32::try_from(if mp < 10 { mp + 3 } else { mp - 9 }).unwrap_or(1);
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

/// Parses an ISO date `YYYY-MM-DD` (the only accepted form: `03/04/2024` is ambiguous
/// between Indonesian and US order, so it is refused rather than guessed).
///
/// # Errors
/// A message saying what is wrong with the text.
pub fn parse(text: &str) -> Result<i64, String> {
    iso_day(text.as_bytes()).map_or_else(|| parse_any(text), Ok)
}

/// [`parse`], and also `dd/mm/yyyy` (day first, as a spreadsheet in Indonesian locale
/// writes dates) when the input is known to be Indonesian: a `;`-separated file.
///
/// ```
/// use matang::date::{days_from_civil, parse_day_first};
/// assert_eq!(parse_day_first("03/04/2024"), Ok(days_from_civil(2024, 4, 3)));
/// assert_eq!(parse_day_first("2024-04-03"), Ok(days_from_civil(2024, 4, 3)));
/// assert!(parse_day_first("31/02/2024").is_err());
/// ```
///
/// # Errors
/// A message saying what is wrong with the text.
pub fn parse_day_first(text: &str) -> Result<i64, String> {
    let t = text.trim();
    let parts: Vec<&str> = t.split('/').collect();
    if parts.len() != 3 {
        return parse(text);
    }
    let bad = || format!("'{t}' is not a date: write it as DD/MM/YYYY or YYYY-MM-DD");
    let short = |p: &str| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
    if !short(parts[0]) || !short(parts[1]) || parts[2].len() != 4 {
        return Err(bad());
    }
    let d: u32 = parts[0].parse().map_err(|_| bad())?;
    let m: u32 = parts[1].parse().map_err(|_| bad())?;
    let y: i64 = parts[2].parse().map_err(|_| bad())?;
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return Err(format!(
            "'{t}' is not a real calendar date (day/month/year)"
        ));
    }
    Ok(days_from_civil(y, m, d))
}

/// [`parse`] of any text: trimmed, split at the dashes, each part read as a number.
fn parse_any(text: &str) -> Result<i64, String> {
    let t = text.trim();
    let parts: Vec<&str> = t.split('-').collect();
    let bad = || format!("'{t}' is not a date: write it as YYYY-MM-DD, e.g. 2024-03-01");
    if parts.len() != 3 || parts[0].len() != 4 || parts[1].len() != 2 || parts[2].len() != 2 {
        return Err(bad());
    }
    let y: i64 = parts[0].parse().map_err(|_| bad())?;
    let m: u32 = parts[1].parse().map_err(|_| bad())?;
    let d: u32 = parts[2].parse().map_err(|_| bad())?;
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return Err(format!("'{t}' is not a real calendar date"));
    }
    Ok(days_from_civil(y, m, d))
}

/// The day number of `YYYY-MM-DD` in ASCII digits, without a branch per character: the
/// usual shape, read by [`parse`] (and by batches, per row) before anything else; `None`
/// for any other text and for dates no calendar has, which [`parse_any`] then reads.
#[inline(always)]
pub(crate) fn iso_day(b: &[u8]) -> Option<i64> {
    const DAYS: [u8; 13] = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let b: &[u8; 10] = b.try_into().ok()?;
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[..8]);
    // Digits become 0 to 9 and dashes 0; every byte is checked against its bound at once
    // (no carry crosses bytes while each is below 0x80, and one that is not fails).
    let x = u64::from_le_bytes(w) ^ u64::from_le_bytes(*b"0000-00-");
    let over = u64::from_le_bytes([0x76, 0x76, 0x76, 0x76, 0x7f, 0x76, 0x76, 0x7f]);
    let (d0, d1) = (u64::from(b[8] ^ b'0'), u64::from(b[9] ^ b'0'));
    if (x | x.wrapping_add(over)) & 0x8080_8080_8080_8080 != 0 || d0 > 9 || d1 > 9 {
        return None;
    }
    let digit = |k: u32| (x >> (8 * k)) & 0xff;
    let y = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3);
    let (m, d) = (digit(5) * 10 + digit(6), d0 * 10 + d1);
    // Of years divisible by 4, those divisible by 100 are those divisible by 25, and of
    // these, those divisible by 400 are those divisible by 16.
    let leap = (y % 4 == 0) & ((y % 25 != 0) | (y % 16 == 0));
    let month = usize::try_from(m).ok()?;
    let last = u64::from(*DAYS.get(month)?) + u64::from(leap & (m == 2));
    if d == 0 || d > last {
        return None;
    }
    // `date::days_from_civil` in years that start in March, 400 years (146,097 days) on
    // so that no year is negative: unsigned division by constants only.
    const START: [u64; 13] = [0, 306, 337, 0, 31, 61, 92, 122, 153, 184, 214, 245, 275];
    let year = y + 400 - u64::from(m <= 2);
    let days = 365 * year + year / 4 - year / 100 + year / 400 + START[month] + d - 1;
    #[allow(clippy::cast_possible_wrap)]
    Some(days as i64 - 146_097 - 719_468)
}

/// Formats a day number as `YYYY-MM-DD`.
#[must_use]
pub fn format(days: i64) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Whole months from `from` to `to` (negative when `to` is earlier).
#[must_use]
pub fn months_between(from: i64, to: i64) -> i64 {
    let (y1, m1, d1) = civil_from_days(from);
    let (y2, m2, d2) = civil_from_days(to);
    let mut months = (y2 - y1) * 12 + i64::from(m2) - i64::from(m1);
    if months > 0 && d2 < d1 {
        months -= 1;
    } else if months < 0 && d2 > d1 {
        months += 1;
    }
    months
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_months() {
        let d = parse("2024-02-29").unwrap();
        assert_eq!(format(d), "2024-02-29");
        assert_eq!(parse("1970-01-01").unwrap(), 0);
        assert!(parse("2023-02-29").is_err());
        assert!(parse("01/02/2024").is_err());
        let a = parse("2024-01-31").unwrap();
        assert_eq!(months_between(a, parse("2024-02-29").unwrap()), 0);
        assert_eq!(months_between(a, parse("2024-03-31").unwrap()), 2);
        assert_eq!(months_between(parse("2024-03-31").unwrap(), a), -2);
    }

    #[test]
    fn iso_days_are_what_the_general_reader_reads() {
        let mut texts: Vec<String> = Vec::new();
        for y in (0..=2100).chain((2101..=9999).step_by(7)) {
            for m in 0..=13 {
                for d in [0, 1, 9, 10, 19, 27, 28, 29, 30, 31, 32] {
                    texts.push(format!("{y:04}-{m:02}-{d:02}"));
                }
            }
        }
        for t in [
            "2019-0a-01",
            "2019/01/01",
            "2019-01-1 ",
            " 2019-01-1",
            "2019-01-01 ",
            "2019-01-0:",
            "2019-01-0/",
            "201\u{e9}-01-1",
            "2019_01-01",
            "2019-01_01",
            "+019-01-01",
            "99-01-01",
            "9999-99-99",
            "2019-1-011",
            "20190-1-01",
            "2019-01-01\0",
        ] {
            texts.push(t.to_string());
        }
        // Text of the usual shape is read exactly as the general reader reads it; any
        // other text is left to it.
        let usual = |t: &str| {
            let b = t.as_bytes();
            b.len() == 10
                && b.iter().enumerate().all(|(i, c)| match i {
                    4 | 7 => *c == b'-',
                    _ => c.is_ascii_digit(),
                })
        };
        let mut read = 0;
        for t in &texts {
            match iso_day(t.as_bytes()) {
                Some(d) => assert_eq!(parse_any(t), Ok(d), "{t}"),
                None => assert!(!usual(t) || parse_any(t).is_err(), "{t}"),
            }
            read += usize::from(iso_day(t.as_bytes()).is_some());
        }
        assert!(read > 20_000, "{read}");
    }
}
