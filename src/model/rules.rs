//! The rules a number in a network obeys, written once for the loader and for records and
//! queries built in code.

/// The largest size of any figure: no length, rate, time, fee or capacity comes near it, and
/// sums and products of figures this size stay finite on any network, so that no weight
/// overflows to infinity (and a linked pair is never reported "not connected" for it).
pub(crate) const MAX_FIGURE: f64 = 1e12;

/// The smallest positive figure: speeds and tonnes per unit are divided by, and a quotient by
/// anything smaller could overflow.
pub(crate) const MIN_POSITIVE: f64 = 1e-12;

/// What a number must satisfy, beyond being finite and at most [`MAX_FIGURE`] in size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Rule {
    /// Greater than zero.
    Positive,
    /// Zero or more.
    NonNegative,
    /// In `[0, 1]`.
    Fraction,
    /// One or more.
    AtLeastOne,
    /// In `[lo, hi]`.
    Range(f64, f64),
}

impl Rule {
    /// Why `x` breaks the rule (`"must be positive"`), or `Ok` when it keeps it. Every rule
    /// asks for a finite number first, and one no larger than [`MAX_FIGURE`]: a NaN, an
    /// infinity or a sum that overflows to one reaches no search.
    pub(crate) fn check(self, x: f64) -> Result<(), String> {
        if !x.is_finite() {
            return Err("must be a finite number".into());
        }
        match self {
            Rule::Positive if x <= 0.0 => Err("must be positive".into()),
            Rule::Positive if x < MIN_POSITIVE => Err("must be at least 1e-12".into()),
            Rule::NonNegative if x < 0.0 => Err("must not be negative".into()),
            Rule::Fraction if !(0.0..=1.0).contains(&x) => Err("must lie in [0, 1]".into()),
            Rule::AtLeastOne if x < 1.0 => Err("must be at least 1".into()),
            Rule::Range(lo, hi) if !(lo..=hi).contains(&x) => {
                Err(format!("must lie in [{lo}, {hi}]"))
            }
            _ if x.abs() > MAX_FIGURE => Err("must be at most 1e12".into()),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{MAX_FIGURE, Rule};

    #[test]
    fn every_rule_rejects_nan_and_infinity() {
        for rule in [
            Rule::Positive,
            Rule::NonNegative,
            Rule::Fraction,
            Rule::AtLeastOne,
            Rule::Range(-1.0, 1.0),
        ] {
            assert!(rule.check(f64::NAN).is_err());
            assert!(rule.check(f64::INFINITY).is_err());
            assert!(rule.check(f64::NEG_INFINITY).is_err());
        }
        assert!(Rule::NonNegative.check(0.0).is_ok());
        assert_eq!(
            Rule::NonNegative.check(-20.0).unwrap_err(),
            "must not be negative"
        );
        assert_eq!(Rule::Positive.check(0.0).unwrap_err(), "must be positive");
        assert_eq!(
            Rule::Positive.check(5e-324).unwrap_err(),
            "must be at least 1e-12"
        );
        assert_eq!(
            Rule::NonNegative.check(1e308).unwrap_err(),
            "must be at most 1e12"
        );
        assert_eq!(
            Rule::NonNegative.check(-1e308).unwrap_err(),
            "must not be negative"
        );
        assert!(Rule::NonNegative.check(MAX_FIGURE).is_ok());
    }
}
