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
    // The usual shape, `DDDD-DD-DD` in ASCII digits, is read without splitting.
    let b = text.as_bytes();
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        let digit = |i: usize| (b[i] as char).to_digit(10);
        let num = |r: std::ops::Range<usize>| r.map(digit).try_fold(0u32, |n, d| Some(n * 10 + d?));
        if let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10))
            && (1..=12).contains(&m)
            && d != 0
            && d <= days_in_month(i64::from(y), m)
        {
            return Ok(days_from_civil(i64::from(y), m, d));
        }
    }
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
}
