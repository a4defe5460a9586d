//! Calendar dates as the file writes them.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

/// A calendar date as written in the file (`2025-10-12`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    /// The year, e.g. 2025.
    pub year: u16,
    /// The month, 1 to 12.
    pub month: u8,
    /// The day of the month, 1 to 31.
    pub day: u8,
}

impl fmt::Display for Date {
    /// `2025-10-12`, padded to the width asked like a string (`{:<12}`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&format!(
            "{:04}-{:02}-{:02}",
            self.year, self.month, self.day
        ))
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    /// From the text it serialises to (`"2025-10-12"`), checked as [`str::parse`] checks it.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let text = std::borrow::Cow::<str>::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// The number of days in a month of a year (Gregorian calendar).
pub(crate) fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        _ => 31,
    }
}

impl Date {
    /// The date, if it exists on the calendar.
    ///
    /// # Example
    /// ```
    /// use corridors::Date;
    /// assert!(Date::new(2025, 10, 12).is_some());
    /// assert!(Date::new(2025, 2, 29).is_none());
    /// ```
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month))
            .then_some(Date { year, month, day })
    }

    /// Days since 1970-01-01 (negative before it), on the proleptic Gregorian calendar.
    pub(crate) fn day_number(self) -> i64 {
        let (m, d) = (i64::from(self.month), i64::from(self.day));
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// Years from this date to `later` (negative when `later` is earlier), in mean Gregorian
    /// years of 365.2425 days.
    pub(crate) fn years_to(self, later: Date) -> f64 {
        (later.day_number() - self.day_number()) as f64 / 365.2425
    }

    /// The same day of the month `years` years later (earlier when negative); 29 February
    /// becomes 28 February in a common year. `None` when the year falls outside 0–65535.
    pub(crate) fn plus_years(self, years: i32) -> Option<Date> {
        let year = u16::try_from(i32::from(self.year) + years).ok()?;
        Some(Date {
            year,
            month: self.month,
            day: self.day.min(days_in_month(year, self.month)),
        })
    }

    /// 1 January of a year: the date a figure given only as a year is taken to mean.
    pub fn first_of(year: u16) -> Date {
        Date {
            year,
            month: 1,
            day: 1,
        }
    }
}

/// Why a text is not a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError(pub String);

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{}\" is not a date such as 2025-10-12", self.0)
    }
}

impl std::error::Error for DateError {}

impl std::str::FromStr for Date {
    type Err = DateError;

    /// Reads `YYYY-MM-DD`.
    ///
    /// # Example
    /// ```
    /// use corridors::Date;
    /// let d: Date = "2025-10-12".parse().unwrap();
    /// assert_eq!(d.to_string(), "2025-10-12");
    /// assert!("2025-13-01".parse::<Date>().is_err());
    /// ```
    fn from_str(s: &str) -> Result<Date, DateError> {
        let bad = || DateError(s.to_string());
        let mut parts = s.split('-');
        let (Some(y), Some(m), Some(d), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(bad());
        };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(bad());
        }
        let num = |t: &str| {
            t.parse::<u16>()
                .ok()
                .filter(|_| t.bytes().all(|b| b.is_ascii_digit()))
        };
        match (num(y), num(m), num(d)) {
            (Some(y), Some(m), Some(d)) => Date::new(y, m as u8, d as u8).ok_or_else(bad),
            _ => Err(bad()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Date;

    #[test]
    fn day_numbers_count_days_across_months_leap_years_and_centuries() {
        let d = |y, m, day| Date::new(y, m, day).unwrap().day_number();
        assert_eq!(d(1970, 1, 1), 0);
        assert_eq!(d(2000, 3, 1) - d(2000, 2, 28), 2); // 2000 is a leap year
        assert_eq!(d(1900, 3, 1) - d(1900, 2, 28), 1); // 1900 is not
        assert_eq!(d(2026, 11, 23), 20_780); // as Python's datetime counts
        // Every day of 1600 to 2400 follows the one before by one.
        let mut last = d(1600, 1, 1) - 1;
        for y in 1600..=2400 {
            for m in 1..=12 {
                for day in 1..=super::days_in_month(y, m) {
                    assert_eq!(d(y, m, day), last + 1, "{y}-{m}-{day}");
                    last += 1;
                }
            }
        }
        let shifted = |y, m, day, k| Date::new(y, m, day).unwrap().plus_years(k).unwrap();
        assert_eq!(shifted(2024, 2, 29, 1), Date::new(2025, 2, 28).unwrap());
        assert_eq!(shifted(2024, 2, 29, 4), Date::new(2028, 2, 29).unwrap());
        assert_eq!(shifted(2024, 12, 1, -1), Date::new(2023, 12, 1).unwrap());
        assert!(Date::new(2024, 1, 1).unwrap().plus_years(-3000).is_none());
        let a = Date::new(2026, 1, 1).unwrap();
        assert!((a.years_to(Date::new(2036, 1, 1).unwrap()) - 10.0).abs() < 0.01);
    }
}
