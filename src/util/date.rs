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
