//! A project's saving weighed against its cost over time: present value, net present value,
//! benefit-cost ratio and discounted payback, at a discount rate and over a number of years of
//! operation that the caller chooses (the crate assumes no rate of its own).
//!
//! # The convention
//! The cost is paid on the day looked at (year 0). The line saves nothing until it opens,
//! `delay` years later (0 when it is open or gives no opening date); it then saves the same
//! amount at the end of each of `years` years of operation. At rate `r`, one USD saved `t`
//! years from now is worth `(1 + r)^-t` today, so the savings are worth
//! `S · (1 + r)^-delay · a(r, years)`, where `a(r, n) = (1 − (1 + r)^-n) / r` (and `n` when
//! `r` is 0) is the annuity factor.

use serde::{Deserialize, Serialize};

use crate::error::QueryError;

/// The most years of operation a [`Discount`] may count.
pub const MAX_DISCOUNT_YEARS: u32 = 200;

/// The terms on which future savings are weighed against a cost paid now: a discount rate a
/// year and the years of operation counted. See [`ProjectsQuery::discount`].
///
/// [`ProjectsQuery::discount`]: crate::ProjectsQuery::discount
///
/// # Example
/// ```
/// let d = corridors::Discount::new(0.06, 30);
/// assert_eq!((d.rate, d.years), (0.06, 30));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Discount {
    /// The discount rate a year, as a fraction (0.06 for 6 %).
    pub rate: f64,
    /// Years of operation counted, from the project's opening.
    pub years: u32,
}

impl Discount {
    /// A rate a year (a fraction: 0.06 for 6 %) over `years` of operation. Checked when a
    /// query uses it: the rate must lie in [0, 1], the years in [1, 200].
    pub fn new(rate: f64, years: u32) -> Discount {
        Discount { rate, years }
    }

    /// The rate in [0, 1] and the years in [1, [`MAX_DISCOUNT_YEARS`]], or which is not.
    pub(crate) fn check(self) -> Result<Discount, QueryError> {
        if !(0.0..=1.0).contains(&self.rate) {
            return Err(QueryError::OutOfRange {
                option: "discount rate",
                range: "[0, 1]",
                value: self.rate,
            });
        }
        if !(1..=MAX_DISCOUNT_YEARS).contains(&self.years) {
            return Err(QueryError::OutOfRange {
                option: "years discounted",
                range: "[1, 200]",
                value: f64::from(self.years),
            });
        }
        Ok(self)
    }

    /// What one USD a year, saved from `delay` years from now for the years counted, is worth
    /// today.
    fn factor(self, delay: f64) -> f64 {
        let r = self.rate;
        let annuity = if r == 0.0 {
            f64::from(self.years)
        } else {
            (1.0 - (1.0 + r).powi(-(self.years as i32))) / r
        };
        annuity * (1.0 + r).powf(-delay)
    }

    /// A project's saving of `saving` USD a year and its cost, weighed on these terms, the
    /// line opening `delay` years from now (a negative delay, a line already open, counts
    /// as 0).
    pub(crate) fn weigh(self, saving: f64, cost: Option<f64>, delay: f64) -> Discounted {
        let delay = delay.max(0.0);
        let pv = saving * self.factor(delay);
        let r = self.rate;
        // Operating years t with a(r, t) = cost · (1 + r)^delay / saving, read on the
        // continuous curve a(r, t), and only within the years counted.
        let payback = cost.filter(|_| saving > 0.0).and_then(|c| {
            let k = c * (1.0 + r).powf(delay) / saving;
            let t = if r == 0.0 {
                k
            } else if r * k < 1.0 {
                -(1.0 - r * k).ln() / (1.0 + r).ln()
            } else {
                return None;
            };
            (t <= f64::from(self.years)).then_some(delay + t)
        });
        Discounted {
            delay_years: delay,
            savings_pv_usd: pv,
            npv_usd: cost.map(|c| pv - c),
            benefit_cost: cost.filter(|&c| c > 0.0).map(|c| pv / c),
            payback_years: payback,
        }
    }
}

/// A project's saving weighed against its cost on the terms of a [`Discount`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Discounted {
    /// Years from the day looked at until it opens: 0 when it is open by then or gives no
    /// opening date.
    pub delay_years: f64,
    /// Its saving over the years counted, worth today, USD.
    pub savings_pv_usd: f64,
    /// That less its cost, USD; `None` without a published cost.
    pub npv_usd: Option<f64>,
    /// That over its cost; `None` without a published cost.
    pub benefit_cost: Option<f64>,
    /// Years from the day looked at until its discounted savings repay its cost; `None`
    /// without a cost or a saving, or when the years counted do not repay it.
    pub payback_years: Option<f64>,
}

#[cfg(test)]
mod tests {
    use super::Discount;

    fn near(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * b.abs().max(1.0)
    }

    #[test]
    fn present_values_match_the_textbook_annuity() {
        // 100 a year for 10 years at 10 %: 614.4567 (a(0.1, 10) = 6.144567).
        let d = Discount::new(0.10, 10).weigh(100.0, Some(500.0), 0.0);
        assert!(near(d.savings_pv_usd, 614.456_710_570_468), "{d:?}");
        assert!(near(d.npv_usd.unwrap(), 114.456_710_570_468));
        assert!(near(d.benefit_cost.unwrap(), 1.228_913_421_140_936));
        // Repaid where a(0.1, t) = 5: t = −ln(0.5) / ln(1.1) = 7.2725 years.
        assert!(near(d.payback_years.unwrap(), 7.272_540_897_341_713));
        // Opening two years late divides the value by 1.1² and moves the payback.
        let late = Discount::new(0.10, 10).weigh(100.0, Some(500.0), 2.0);
        assert!(near(late.savings_pv_usd, 614.456_710_570_468 / 1.21));
        let t = -(1.0 - 0.1 * 500.0 * 1.21 / 100.0f64).ln() / 1.1f64.ln();
        assert!(near(late.payback_years.unwrap(), 2.0 + t));
    }

    #[test]
    fn at_no_discount_the_payback_is_the_plain_one_after_the_delay() {
        let d = Discount::new(0.0, 30).weigh(50.0, Some(400.0), 3.0);
        assert_eq!(d.savings_pv_usd, 1_500.0);
        assert_eq!(d.npv_usd, Some(1_100.0));
        assert_eq!(d.payback_years, Some(11.0));
        // A line that opened two years ago saves from now, as one opening today.
        let open = Discount::new(0.0, 30).weigh(50.0, Some(400.0), -2.0);
        assert_eq!((open.delay_years, open.payback_years), (0.0, Some(8.0)));
    }

    #[test]
    fn a_cost_the_years_counted_do_not_repay_has_no_payback() {
        // At 10 % no number of years repays 10 × the yearly saving ...
        let never = Discount::new(0.10, 200).weigh(100.0, Some(1_000.0), 0.0);
        assert_eq!(never.payback_years, None);
        assert!(never.npv_usd.unwrap() < 0.0);
        // ... and 5 years do not repay what 7.3 would.
        let short = Discount::new(0.10, 5).weigh(100.0, Some(500.0), 0.0);
        assert_eq!(short.payback_years, None);
        // No saving, no cost: nothing to repay, and no ratio.
        let none = Discount::new(0.06, 30).weigh(0.0, None, 0.0);
        assert_eq!(
            (none.npv_usd, none.benefit_cost, none.payback_years),
            (None, None, None)
        );
    }

    #[test]
    fn the_payback_is_where_the_net_present_value_turns_positive() {
        for (rate, years, saving, cost, delay) in [
            (0.06, 30, 120e6, 1.2e9, 2.5),
            (0.09, 40, 10e6, 60e6, 0.0),
            (0.03, 25, 7e6, 40e6, 6.0),
        ] {
            let at = Discount::new(rate, years).weigh(saving, Some(cost), delay);
            let t = at.payback_years.unwrap() - delay;
            // Counting whole years, the NPV is negative a year before and positive after.
            let npv = |n: u32| {
                Discount::new(rate, n)
                    .weigh(saving, Some(cost), delay)
                    .npv_usd
            };
            assert!(npv(t.floor() as u32).unwrap() <= 0.0);
            assert!(npv(t.ceil() as u32).unwrap() >= 0.0);
        }
    }

    #[test]
    fn rates_and_years_outside_their_ranges_are_refused() {
        let msg = |d: Discount| d.check().unwrap_err().to_string();
        assert_eq!(
            msg(Discount::new(-0.01, 30)),
            "discount rate must lie in [0, 1], found -0.01"
        );
        assert_eq!(
            msg(Discount::new(f64::NAN, 30)),
            "discount rate must lie in [0, 1], found NaN"
        );
        assert_eq!(
            msg(Discount::new(0.06, 0)),
            "years discounted must lie in [1, 200], found 0"
        );
        assert_eq!(
            msg(Discount::new(0.06, 201)),
            "years discounted must lie in [1, 200], found 201"
        );
        assert!(Discount::new(0.0, 1).check().is_ok());
    }
}
