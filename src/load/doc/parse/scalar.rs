//! The scalars: strings with their escapes, numbers, dates and times, each checked as it is
//! read.

use std::borrow::Cow;

use super::{Parser, R, is_control};
use crate::load::doc::Tag;
use crate::util::date::{Date, days_in_month};

impl Parser<'_> {
    /// A string opened by `quote` at the cursor: `"` for a basic one, which may hold
    /// escapes, or `'` for a literal one; three quotes open a multi-line string.
    pub(super) fn string(&mut self, quote: u8) -> R<Tag> {
        let basic = quote == b'"';
        if self.rest().starts_with(&[quote; 3]) {
            self.i += 3;
            self.multi_line(quote)?;
            return Ok(if basic {
                Tag::MultiBasic
            } else {
                Tag::MultiLiteral
            });
        }
        self.i += 1;
        loop {
            match self.peek() {
                None | Some(b'\n') => {
                    let msg = format!("the string has no closing `{}` on its line", quote as char);
                    return Err((self.i, msg));
                }
                Some(c) if c == quote => {
                    self.i += 1;
                    return Ok(if basic { Tag::Basic } else { Tag::Literal });
                }
                Some(b'\\') if basic => self.escape(false)?,
                Some(c) if is_control(c) => return Err(self.control(c, "a string")),
                Some(_) => self.i += 1,
            }
        }
    }

    /// The rest of a multi-line string opened by three `quote`s, up to and past its close.
    /// Up to two quotes may end the text right before the closing three.
    fn multi_line(&mut self, quote: u8) -> R<()> {
        let open = self.i - 3;
        loop {
            match self.peek() {
                None => {
                    let q = quote as char;
                    let msg =
                        format!("a multi-line string opened here is never closed with {q}{q}{q}");
                    return Err((open, msg));
                }
                Some(c) if c == quote => {
                    let run = self.rest().iter().take_while(|&&b| b == quote).count();
                    if run >= 3 {
                        if run > 5 {
                            let msg = "more than five quotes in a row end a multi-line string"
                                .to_string();
                            return Err((self.i, msg));
                        }
                        self.i += run;
                        return Ok(());
                    }
                    self.i += run;
                }
                Some(b'\\') if quote == b'"' => self.escape(true)?,
                Some(b'\n') => self.i += 1,
                Some(b'\r') if self.at(1) == Some(b'\n') => self.i += 2,
                Some(c) if is_control(c) => return Err(self.control(c, "a string")),
                Some(_) => self.i += 1,
            }
        }
    }

    /// A backslash escape in a basic string; `multi` allows a backslash ending the line.
    fn escape(&mut self, multi: bool) -> R<()> {
        let at = self.i;
        self.i += 1;
        let digits = match self.peek() {
            Some(b'b' | b't' | b'n' | b'f' | b'r' | b'e' | b'"' | b'\\') => {
                self.i += 1;
                return Ok(());
            }
            Some(b'x') => 2,
            Some(b'u') => 4,
            Some(b'U') => 8,
            Some(b' ' | b'\t' | b'\n' | b'\r') if multi => {
                self.ws();
                let ends = match self.peek() {
                    Some(b'\n') => true,
                    Some(b'\r') => self.at(1) == Some(b'\n'),
                    _ => false,
                };
                if !ends {
                    let msg = "a backslash in a multi-line string must end its line: only blanks may follow it";
                    return Err((at, msg.to_string()));
                }
                while let Some(c) = self.peek() {
                    match c {
                        b' ' | b'\t' | b'\n' => self.i += 1,
                        b'\r' if self.at(1) == Some(b'\n') => self.i += 2,
                        _ => break,
                    }
                }
                return Ok(());
            }
            _ => {
                let what = match self.text.get(self.i..).and_then(|t| t.chars().next()) {
                    Some(c) if !c.is_control() => format!("\\{c}"),
                    _ => "\\".to_string(),
                };
                let msg = format!(
                    "invalid escape `{what}`; a string may use \\b \\t \\n \\f \\r \\e \\\" \\\\ \\xHH \\uHHHH and \\UHHHHHHHH"
                );
                return Err((at, msg));
            }
        };
        self.i += 1;
        let hex = self
            .s
            .get(self.i..self.i + digits)
            .filter(|d| d.iter().all(u8::is_ascii_hexdigit))
            .and_then(|d| u32::from_str_radix(std::str::from_utf8(d).ok()?, 16).ok())
            .and_then(char::from_u32);
        if hex.is_none() {
            let msg = format!(
                "the escape at this point needs {digits} hex digits naming a Unicode character"
            );
            return Err((at, msg));
        }
        self.i += digits;
        Ok(())
    }

    pub(super) fn number_or_date(&mut self) -> R<Tag> {
        let start = self.i;
        let s = self.rest();
        let lead = |n: usize| s.len() > n && s[..n].iter().all(u8::is_ascii_digit);
        if lead(4) && s[4] == b'-' {
            return self.datetime();
        }
        if lead(2) && s[2] == b':' {
            self.time()?;
            return Ok(Tag::Time);
        }
        let len = s
            .iter()
            .take_while(|&&b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'+' | b'-' | b'.'))
            .count();
        let token = &self.text[start..start + len];
        self.i += len;
        number(token, false).map(Num::tag).map_err(|why| {
            let msg = match why {
                NotANumber::Invalid => format!("invalid number `{token}`"),
                NotANumber::TooLarge => format!("the number `{token}` is too large for a float"),
            };
            (start, msg)
        })
    }

    /// `n` digits as a number.
    fn digits(&mut self, n: usize) -> Option<u32> {
        let d = self.s.get(self.i..self.i + n)?;
        if !d.iter().all(u8::is_ascii_digit) {
            return None;
        }
        self.i += n;
        Some(d.iter().fold(0, |x, &b| x * 10 + u32::from(b - b'0')))
    }

    fn expect(&mut self, c: u8) -> Option<()> {
        (self.peek() == Some(c)).then(|| self.i += 1)
    }

    fn datetime(&mut self) -> R<Tag> {
        let start = self.i;
        let bad = |p: &Self| {
            let end = p
                .rest()
                .iter()
                .take_while(|b| !b.is_ascii_whitespace() && !b",]}#".contains(b))
                .count();
            let text = &p.text[start..(p.i + end).max(start)];
            (
                start,
                format!("invalid date `{text}`: write a date as 2025-10-12"),
            )
        };
        let ymd = (|| {
            let y = self.digits(4)?;
            self.expect(b'-')?;
            let m = self.digits(2)?;
            self.expect(b'-')?;
            let d = self.digits(2)?;
            Some((y, m, d))
        })();
        let Some((year, month, day)) = ymd else {
            return Err(bad(self));
        };
        let (year, month, day) = (year as u16, month as u8, day as u8);
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            let text = &self.text[start..self.i];
            return Err((
                start,
                format!("invalid date `{text}`: there is no such day"),
            ));
        }
        let time = match self.peek() {
            Some(b'T' | b't') => true,
            Some(b' ') => {
                let s = self.rest();
                s.len() > 3 && s[1].is_ascii_digit() && s[2].is_ascii_digit() && s[3] == b':'
            }
            _ => false,
        };
        if !time {
            return Ok(Tag::Date);
        }
        self.i += 1;
        self.time()?;
        match self.peek() {
            Some(b'Z' | b'z') => self.i += 1,
            Some(b'+' | b'-') => {
                let at = self.i;
                self.i += 1;
                let offset = (|| {
                    let h = self.digits(2)?;
                    self.expect(b':')?;
                    let m = self.digits(2)?;
                    (h < 24 && m < 60).then_some(())
                })();
                if offset.is_none() {
                    return Err((
                        at,
                        "invalid time offset: write it as +04:30 or Z".to_string(),
                    ));
                }
            }
            _ => {}
        }
        Ok(Tag::DateTime)
    }

    /// `07:32`, `07:32:00` or `07:32:00.999`.
    fn time(&mut self) -> R<()> {
        let start = self.i;
        let hm = (|| {
            let h = self.digits(2)?;
            self.expect(b':')?;
            let m = self.digits(2)?;
            let mut s = 0;
            if self.peek() == Some(b':') {
                self.i += 1;
                s = self.digits(2)?;
                if self.peek() == Some(b'.') {
                    self.i += 1;
                    let n = self
                        .rest()
                        .iter()
                        .take_while(|b| b.is_ascii_digit())
                        .count();
                    if n == 0 {
                        return None;
                    }
                    self.i += n;
                }
            }
            (h < 24 && m < 60 && s <= 60).then_some(())
        })();
        match hm {
            Some(()) => Ok(()),
            None => Err((
                start,
                "invalid time: write it as 07:32 or 07:32:00".to_string(),
            )),
        }
    }
}

/// Whether `s` is digits (by `digit`) with single underscores only between them.
fn digits_ok(s: &str, digit: impl Fn(char) -> bool) -> bool {
    !s.is_empty()
        && !s.starts_with('_')
        && !s.ends_with('_')
        && !s.as_bytes().windows(2).any(|w| w == b"__")
        && s.chars().all(|c| c == '_' || digit(c))
}

/// The digits of a number without their underscores: most numbers have none and are read
/// as written.
fn no_underscores(s: &str) -> Cow<'_, str> {
    if s.contains('_') {
        Cow::Owned(s.replace('_', ""))
    } else {
        Cow::Borrowed(s)
    }
}

/// Why a token is not a number.
enum NotANumber {
    Invalid,
    /// Written as a float, but beyond the largest one.
    TooLarge,
}

/// A number as read.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Num {
    Int(i64),
    /// An integer beyond `i64`: its value as a float when written in decimal.
    BigInt(Option<f64>),
    Float(f64),
}

impl Num {
    fn tag(self) -> Tag {
        match self {
            Num::Int(_) | Num::BigInt(_) => Tag::Integer,
            Num::Float(_) => Tag::Float,
        }
    }
}

/// The value of a number the parser has checked.
pub(in crate::load::doc) fn checked_number(token: &str) -> Num {
    number(token, true).unwrap_or(Num::Float(f64::NAN))
}

/// The date a date or a date and time starts with, as the parser has checked it.
pub(in crate::load::doc) fn checked_date(raw: &str) -> Date {
    let n = |r: std::ops::Range<usize>| {
        raw.as_bytes()[r]
            .iter()
            .fold(0u16, |x, &b| x * 10 + u16::from(b - b'0'))
    };
    Date {
        year: n(0..4),
        month: n(5..7) as u8,
        day: n(8..10) as u8,
    }
}

/// A TOML integer or float, or why `token` is neither. With `value` false only the kind is
/// needed (the parser's check; records read the value later): a value no check needs is
/// not computed, and comes back as zero.
fn number(token: &str, value: bool) -> Result<Num, NotANumber> {
    let (signed, body) = match token.as_bytes().first() {
        Some(b'+' | b'-') => (true, &token[1..]),
        _ => (false, token),
    };
    let negative = token.starts_with('-');
    match body {
        "inf" => {
            return Ok(Num::Float(if negative {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            }));
        }
        "nan" => return Ok(Num::Float(if negative { -f64::NAN } else { f64::NAN })),
        _ => {}
    }
    if let (false, Some(rest)) = (signed, body.strip_prefix('0')) {
        let radix = match rest.as_bytes().first() {
            Some(b'x') => 16,
            Some(b'o') => 8,
            Some(b'b') => 2,
            _ => 0,
        };
        if radix != 0 {
            let digits = &rest[1..];
            if !digits_ok(digits, |c| c.is_digit(radix)) {
                return Err(NotANumber::Invalid);
            }
            if !value {
                return Ok(Num::Int(0));
            }
            return Ok(match u64::from_str_radix(&no_underscores(digits), radix) {
                Ok(x) => i64::try_from(x).map_or(Num::BigInt(None), Num::Int),
                Err(_) => Num::BigInt(None),
            });
        }
    }
    let int_end = body.find(['.', 'e', 'E']).unwrap_or(body.len());
    let (int, tail) = body.split_at(int_end);
    if !digits_ok(int, |c| c.is_ascii_digit()) || (int.len() > 1 && int.starts_with('0')) {
        return Err(NotANumber::Invalid);
    }
    if tail.is_empty() {
        if !value {
            return Ok(Num::Int(0));
        }
        let text = no_underscores(token);
        return Ok(match text.parse::<i64>() {
            Ok(i) => Num::Int(i),
            Err(_) => Num::BigInt(text.parse().ok()),
        });
    }
    let (frac, exp) = match tail.strip_prefix('.') {
        Some(t) => {
            let e = t.find(['e', 'E']).unwrap_or(t.len());
            (Some(&t[..e]), &t[e..])
        }
        None => (None, tail),
    };
    if frac.is_some_and(|f| !digits_ok(f, |c| c.is_ascii_digit())) {
        return Err(NotANumber::Invalid);
    }
    if !exp.is_empty() {
        let e = &exp[1..];
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        if !digits_ok(e, |c| c.is_ascii_digit()) {
            return Err(NotANumber::Invalid);
        }
    }
    // Without an exponent, a float of up to 300 digits before its point is well inside the
    // largest float, so only its value would need reading.
    if !value && exp.is_empty() && int.len() <= 300 {
        return Ok(Num::Float(0.0));
    }
    // A finite literal too large for a float is refused, not read as infinity.
    match no_underscores(token).parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(Num::Float(x)),
        Ok(_) => Err(NotANumber::TooLarge),
        Err(_) => Err(NotANumber::Invalid),
    }
}
