//! A figure (docs/FORMATS.md § Mastery): a value computed exactly from the decimal numbers of the
//! course and the gradebook, rounded once, half up (ties away from zero), to 6 decimal places.
//! It is held exactly, as a whole number of millionths, so that comparing and printing it (JSON,
//! two decimals for text) never pass through binary floating point.

use std::fmt;

use num_bigint::BigInt;
use num_integer::Integer as _;
use num_rational::BigRational;
use num_traits::{Signed, ToPrimitive, Zero};
use serde::{Serialize, Serializer};

/// Decimal places a figure keeps.
const PLACES: u32 = 6;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Figure {
    millionths: BigInt,
}

fn ten_to(power: u32) -> BigInt {
    BigInt::from(10u8).pow(power)
}

/// The exact decimal value of a number read from a course file or the gradebook: the shortest
/// decimal that reads back as the same `f64`, which is the number as written for up to 15
/// significant digits (scores and weights have at most 10). Never the double's binary value:
/// `0.65` is 65/100, not 0.65000000000000002220….
///
/// # Panics
/// On NaN or infinity, which no validated course holds and which no caller passes (recorded
/// levels are checked against the rubric's scale first).
#[must_use]
pub fn exact(x: f64) -> BigRational {
    assert!(x.is_finite(), "a course or gradebook number is finite");
    // The common case, without text.
    if let Some(millionths) = whole_millionths(x) {
        return of_millionths(millionths);
    }
    // `Display` for f64 is the shortest round-trip decimal and never uses an exponent.
    let text = x.to_string();
    let (negative, text) = text
        .strip_prefix('-')
        .map_or((false, text.as_str()), |t| (true, t));
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits: BigInt = format!("{whole}{fraction}")
        .parse()
        .expect("a float's decimal digits");
    let places = u32::try_from(fraction.len()).expect("a float has at most 1,100 decimals");
    let value = BigRational::new(digits, ten_to(places));
    if negative { -value } else { value }
}

/// `numer / denom` (`denom` positive) as a reduced fraction, reduced in machine integers: the
/// same value and representation as `BigRational::new`.
pub(crate) fn fraction(numer: i128, denom: i128) -> BigRational {
    let common = numer.gcd(&denom);
    BigRational::new_raw(BigInt::from(numer / common), BigInt::from(denom / common))
}

/// `millionths` / 10^6 as a reduced fraction, without big-integer division.
fn of_millionths(millionths: i64) -> BigRational {
    fraction(i128::from(millionths), 1_000_000)
}

/// `x` as a whole number of millionths, when it has at most 6 decimals and is below 10^9.
/// There doubles lie less than half a millionth apart, so the one whole number of millionths
/// whose double is `x` is the shortest decimal that reads back as `x`.
pub(crate) fn whole_millionths(x: f64) -> Option<i64> {
    let millionths = (x * 1e6).round();
    #[allow(clippy::cast_possible_truncation)] // whole and below 10^15, checked
    (millionths.abs() < 1e15 && millionths / 1e6 == x).then_some(millionths as i64)
}

impl Figure {
    /// `x` rounded half up (ties away from zero) to 6 decimal places.
    #[must_use]
    pub fn round(x: &BigRational) -> Figure {
        if let Some(figure) = x
            .numer()
            .to_i128()
            .zip(x.denom().to_i128())
            .and_then(|(numer, denom)| Figure::round_ratio(numer, denom))
        {
            return figure;
        }
        // The quotient and remainder of numerator × 10^6 by the denominator (positive in a
        // reduced fraction), without reducing a new fraction: `(x * 10^6).round()`, half away
        // from zero, for less work.
        let (quotient, remainder) = (x.numer() * ten_to(PLACES)).div_rem(x.denom());
        let millionths = if remainder.magnitude() * 2u8 < *x.denom().magnitude() {
            quotient
        } else if remainder.is_negative() {
            quotient - 1u8
        } else {
            quotient + 1u8
        };
        Figure { millionths }
    }

    /// `numer / denom` rounded as [`Figure::round`] does, in machine integers; `None` when
    /// `numer × 10^6` does not fit or `denom` is zero.
    #[must_use]
    pub fn round_ratio(numer: i128, denom: i128) -> Option<Figure> {
        // The rule below reads a positive denominator.
        let (numer, denom) = if denom < 0 {
            (numer.checked_neg()?, denom.checked_neg()?)
        } else {
            (numer, denom)
        };
        let scaled = numer.checked_mul(1_000_000)?;
        let (quotient, remainder) = (scaled.checked_div(denom)?, scaled.checked_rem(denom)?);
        // Truncated division, as `div_rem` of big integers: half away from zero from here.
        let millionths = if remainder.unsigned_abs() * 2 < denom.unsigned_abs() {
            quotient
        } else if remainder < 0 {
            quotient - 1
        } else {
            quotient + 1
        };
        Some(Figure {
            millionths: BigInt::from(millionths),
        })
    }

    /// A number of the course or the gradebook (a level score, a weight) as a figure.
    #[must_use]
    pub fn of(x: f64) -> Figure {
        whole_millionths(x).map_or_else(|| Figure::round(&exact(x)), Figure::from_millionths)
    }

    #[must_use]
    pub fn from_millionths(millionths: i64) -> Figure {
        Figure {
            millionths: BigInt::from(millionths),
        }
    }

    /// The whole number of millionths, when it fits an `i64`.
    pub(crate) fn millionths(&self) -> Option<i64> {
        self.millionths.to_i64()
    }

    /// The figure's exact value.
    #[must_use]
    pub fn exact(&self) -> BigRational {
        match self.millionths.to_i64() {
            Some(millionths) => of_millionths(millionths),
            None => BigRational::new(self.millionths.clone(), ten_to(PLACES)),
        }
    }

    /// The nearest `f64`, for drawing charts and for JSON: it prints back as the same decimal
    /// (a decimal of at most 15 significant digits survives the round trip).
    #[must_use]
    pub fn to_f64(&self) -> f64 {
        const EXACT: u64 = 1 << 53;
        match self.millionths.to_i64() {
            // Both are exact doubles, and IEEE division rounds correctly: the nearest double.
            #[allow(clippy::cast_precision_loss)] // below 2^53, checked
            Some(m) if m.unsigned_abs() < EXACT => m as f64 / 1e6,
            _ => self
                .to_string()
                .parse()
                .expect("a figure's text is a decimal number"),
        }
    }

    /// `places` decimals (at most 6), rounded half up from the 6-decimal value: `3.00`, `2.65`.
    #[must_use]
    pub fn decimals(&self, places: u32) -> String {
        let places = places.min(PLACES);
        match self.millionths.to_i64() {
            Some(millionths) => millionths_text(millionths, places as usize),
            None => big_decimals(&self.millionths, places),
        }
    }
    /// Two decimals, as text shows a figure.
    #[must_use]
    pub fn two_decimals(&self) -> String {
        self.decimals(2)
    }
}

/// The shortest text of the 6-decimal value: `3`, `2.9775`, `2.999801`.
impl fmt::Display for Figure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = self.decimals(PLACES);
        f.write_str(text.trim_end_matches('0').trim_end_matches('.'))
    }
}

/// JSON numbers are doubles; a 6-decimal figure survives the trip (`3.0`, `2.999801`).
impl Serialize for Figure {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_f64(self.to_f64())
    }
}

/// An exact share (0–1) as a percentage, its figure as [`Figure`] prints it: `65%`, `12.5%`.
#[must_use]
pub fn exact_percent(share: BigRational) -> String {
    format!(
        "{}%",
        Figure::round(&(share * BigRational::from_integer(100.into())))
    )
}

/// A score as people write it: whole numbers without a decimal point (`3`, `3.5`).
#[must_use]
pub fn format_score(score: f64) -> String {
    if score.fract() == 0.0 && score.abs() < 1e15 {
        // `{:.0}` without the float formatting machinery (it keeps the sign of −0).
        #[allow(clippy::cast_possible_truncation)] // whole and below 10^15, checked
        let whole = score as i64;
        return if whole == 0 && score.is_sign_negative() {
            "-0".to_owned()
        } else {
            whole.to_string()
        };
    }
    // At most 6 decimals and below 10^9: the double lies within half a millionth of its
    // millionths, so `{:.6}` writes them and they read back as the same double.
    if let Some(millionths) = whole_millionths(score) {
        let text = millionths_text(millionths, 6);
        return text.trim_end_matches('0').trim_end_matches('.').to_owned();
    }
    let text = format!("{score:.6}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    // A level written by another tool (1e308, 1e-9) is shown as it is, not as 309 digits or 0.
    if text.len() > 22 || text.parse::<f64>().ok() != Some(score) {
        format!("{score:e}")
    } else {
        text.to_owned()
    }
}

/// A score as JSON: whole numbers without a decimal point.
#[must_use]
pub fn json_number(value: f64) -> serde_json::Value {
    if value.fract() == 0.0 && value.abs() < 9e15 {
        #[allow(clippy::cast_possible_truncation)] // whole and in range, checked above
        serde_json::Value::from(value as i64)
    } else {
        serde_json::Value::from(value)
    }
}

/// A score of a rubric's scale (a level, a mastery level) as written: JSON `3` or `3.5`
/// ([`json_number`]), text `3` or `3.5` ([`format_score`]).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Points(pub f64);

impl Points {
    #[must_use]
    pub fn to_f64(self) -> f64 {
        self.0
    }
}

impl fmt::Display for Points {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_score(self.0))
    }
}

impl Serialize for Points {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        json_number(self.0).serialize(serializer)
    }
}

// Statistics computed in floating point (agreement, calibration) are rounded and printed here,
// beside the figures of mastery.

/// `1234567` as `1,234,567`.
#[must_use]
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// A share (0–1) as a percentage with one decimal: `72.2%`.
#[must_use]
pub fn percent(share: f64) -> String {
    format!("{}%", decimals(share * 100.0, 1))
}

/// `x` rounded half up (away from zero) to 6 decimal places, judged on its exact decimal value
/// (for statistics computed in floating point, such as agreement; mastery figures are
/// [`Figure`]s, exact from the start):
/// the 7th decimal of the exact expansion decides, so `2.6549995` and `2.6550005` round apart
/// however they were computed.
#[must_use]
pub fn round6(x: f64) -> f64 {
    if !x.is_finite() {
        return x;
    }
    match rounded_millionths(x) {
        // Both are exact doubles, and IEEE division rounds correctly: the nearest double to the
        // 6-decimal value, as parsing its text gives.
        #[allow(clippy::cast_precision_loss)] // below 10^15, checked
        Some(m) if m != 0 => m as f64 / 1e6,
        Some(_) => 0.0,
        None => exact_round6(x),
    }
}

/// `round6` through the exact decimal expansion: for numbers too large for the fast path.
fn exact_round6(x: f64) -> f64 {
    round_text(&expansion(x), 6).parse().unwrap_or(x)
}

/// Two decimals for text, rounded half up from the 6-decimal value (as decimals, not again
/// from a binary fraction).
#[must_use]
pub fn two_decimals(x: f64) -> String {
    decimals(x, 2)
}

/// `places` decimals (at most 6) for text, rounded half up from the 6-decimal value.
#[must_use]
pub fn decimals(x: f64, places: usize) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    match rounded_millionths(x) {
        Some(m) => millionths_text(m, places.min(6)),
        None => exact_decimals(x, places),
    }
}

/// `decimals` through the exact decimal expansion: for numbers too large for the fast path.
fn exact_decimals(x: f64, places: usize) -> String {
    let text = round_text(&round_text(&expansion(x), 6), places);
    // `round_text` trims a bare trailing point; whole numbers still show their decimals.
    match (text.split_once('.'), places) {
        (_, 0) | (Some(_), _) => text,
        (None, _) => format!("{text}.{}", "0".repeat(places)),
    }
}

/// [`Figure::decimals`] of any number of millionths, through big integers.
fn big_decimals(millionths: &BigInt, places: u32) -> String {
    let unit = ten_to(PLACES - places);
    let half = &unit / 2u8;
    let magnitude = millionths.abs();
    let rounded = if places == PLACES {
        magnitude
    } else {
        (magnitude + half) / &unit
    };
    let sign = if millionths.is_negative() && !rounded.is_zero() {
        "-"
    } else {
        ""
    };
    if places == 0 {
        return format!("{sign}{rounded}");
    }
    let scale = ten_to(places);
    format!(
        "{sign}{}.{:0>width$}",
        &rounded / &scale,
        (&rounded % &scale).to_string(),
        width = places as usize
    )
}

/// A whole number of millionths with `places` decimals (at most 6), rounded half up; no sign
/// on a value that rounds to zero.
fn millionths_text(millionths: i64, places: usize) -> String {
    const UNITS: [u64; 7] = [1_000_000, 100_000, 10_000, 1_000, 100, 10, 1];
    let unit = UNITS[places];
    let rounded = (millionths.unsigned_abs() + unit / 2) / unit;
    let sign = if millionths < 0 && rounded != 0 {
        "-"
    } else {
        ""
    };
    if places == 0 {
        return format!("{sign}{rounded}");
    }
    let scale = UNITS[6 - places];
    format!("{sign}{}.{:0>places$}", rounded / scale, rounded % scale)
}

/// [`round6`] as a whole number of millionths, or `None` when `x` is not finite or is 10^9 or
/// more in size.
#[must_use]
pub fn round6_millionths(x: f64) -> Option<i64> {
    rounded_millionths(x)
}

/// `x` rounded half up (away from zero) to a whole number of millionths, judged on its exact
/// binary value, or `None` when `x` is too large for the fast path (10^9 or more).
///
/// `x * 1e6` in floating point is within half an ulp of the exact product, so it rounds the
/// same way as the exact value unless it lies within an ulp or two of a tie (`….5`): only then
/// is the exact decimal expansion read. Every number a report shows takes the fast path.
fn rounded_millionths(x: f64) -> Option<i64> {
    let scaled = x * 1e6;
    // NaN and infinity fail the test too.
    if !scaled.is_finite() || scaled.abs() >= 1e15 {
        return None;
    }
    let fraction = (scaled - scaled.trunc()).abs();
    // Four ulps of `scaled` at least: the product's error is half of one.
    let margin = scaled.abs() * (4.0 * f64::EPSILON) + f64::MIN_POSITIVE;
    let rounded = if (fraction - 0.5).abs() > margin {
        scaled.round()
    } else {
        return Some(exact_millionths(x));
    };
    #[allow(clippy::cast_possible_truncation)] // whole and below 10^15, checked
    Some(rounded as i64)
}

/// `x` rounded half up to a whole number of millionths on its exact decimal expansion.
fn exact_millionths(x: f64) -> i64 {
    // `round_text` writes exactly 6 decimals: without the point, the text is the millionths.
    round_text(&expansion(x), 6)
        .replace('.', "")
        .parse()
        .expect("a value below 10^9 has a 6-decimal text that fits in i64")
}

/// The exact decimal expansion of `x`. Every f64 of a size that can matter here has one well
/// within 80 places; smaller ones round to zero either way.
fn expansion(x: f64) -> String {
    format!("{x:.80}")
}

/// A decimal text (`-2.654999…`) rounded half up to `places` decimals.
fn round_text(text: &str, places: usize) -> String {
    let (negative, text) = text.strip_prefix('-').map_or((false, text), |t| (true, t));
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let fraction: String = fraction
        .chars()
        .chain(std::iter::repeat('0'))
        .take(places + 1)
        .collect();
    let round_up = fraction.as_bytes()[places] >= b'5';
    let mut digits: Vec<u8> = format!("{whole}{}", &fraction[..places]).into_bytes();
    if round_up {
        let mut i = digits.len();
        loop {
            if i == 0 {
                digits.insert(0, b'1');
                break;
            }
            i -= 1;
            if digits[i] == b'9' {
                digits[i] = b'0';
            } else {
                digits[i] += 1;
                break;
            }
        }
    }
    let split = digits.len() - places;
    let digits = String::from_utf8(digits).expect("ASCII digits");
    let zero = digits.bytes().all(|d| d == b'0');
    format!(
        "{}{}.{}",
        if negative && !zero { "-" } else { "" },
        &digits[..split],
        &digits[split..]
    )
    .trim_end_matches('.')
    .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_written_with_thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(999_900), "999,900");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn exact_reads_the_number_as_written() {
        assert_eq!(exact(0.65), BigRational::new(65.into(), 100.into()));
        assert_eq!(exact(-2.5), BigRational::new((-5).into(), 2.into()));
        assert_eq!(exact(1000.0), BigRational::from_integer(1000.into()));
        assert_eq!(
            exact(0.000_001),
            BigRational::new(1.into(), 1_000_000.into())
        );
        assert_eq!(exact(1e300), BigRational::from_integer(ten_to(300)));
        // Past 6 decimals and past 10^9, the shortest decimal as text.
        assert_eq!(
            exact(0.123_456_5),
            BigRational::new(1_234_565.into(), 10_000_000.into())
        );
        assert_eq!(
            exact(123_456_789.123_456),
            BigRational::new(123_456_789_123_456_i64.into(), 1_000_000.into())
        );
        assert_eq!(
            exact(9_876_543_210.5),
            BigRational::new(19_753_086_421_i64.into(), 2.into())
        );
        assert_eq!(exact(1e-7), BigRational::new(1.into(), 10_000_000.into()));
    }

    #[test]
    fn rounding_is_half_away_from_zero_on_the_exact_value() {
        let r = |n: i64, d: i64| Figure::round(&BigRational::new(n.into(), d.into()));
        assert_eq!(
            r(29_999_995, 10_000_000),
            Figure::from_millionths(3_000_000)
        );
        assert_eq!(
            r(29_999_994, 10_000_000),
            Figure::from_millionths(2_999_999)
        );
        assert_eq!(
            r(-29_999_995, 10_000_000),
            Figure::from_millionths(-3_000_000)
        );
        assert_eq!(r(2, 3), Figure::from_millionths(666_667));
        assert_eq!(r(1, 3), Figure::from_millionths(333_333));
    }

    #[test]
    fn text_comes_from_the_exact_millionths() {
        let f = Figure::from_millionths;
        assert_eq!(f(3_000_000).to_string(), "3");
        assert_eq!(f(2_977_500).to_string(), "2.9775");
        assert_eq!(f(2_999_801).to_string(), "2.999801");
        assert_eq!(f(0).to_string(), "0");
        assert_eq!(f(2_655_000).two_decimals(), "2.66");
        assert_eq!(f(2_644_999).two_decimals(), "2.64");
        assert_eq!(f(2_999_995).two_decimals(), "3.00");
        assert_eq!(f(999_995_000).two_decimals(), "1000.00");
        assert_eq!(f(-1_005_000).two_decimals(), "-1.01");
        assert_eq!(f(-4_000).two_decimals(), "0.00");
        assert_eq!(f(72_250_000).decimals(1), "72.3");
        assert_eq!(f(72_450_000).decimals(0), "72");
        assert_eq!(f(1_234_567).decimals(6), "1.234567");
    }

    #[test]
    fn doubles_print_back_as_the_figure() {
        for m in [
            0,
            1,
            3_000_000,
            2_999_801,
            2_977_500,
            999_999_999,
            1_000_000_000,
        ] {
            let figure = Figure::from_millionths(m);
            assert_eq!(figure.to_f64().to_string(), figure.to_string());
            assert_eq!(Figure::of(figure.to_f64()), figure);
        }
        assert_eq!(serde_json::to_string(&Figure::of(3.0)).unwrap(), "3.0");
        let huge = Figure::of(1e300);
        assert_eq!(huge.to_f64(), 1e300);
    }

    #[test]
    #[allow(clippy::unreadable_literal)] // decimals as in the sources they come from
    fn f64_statistics_round_half_up_on_the_exact_value() {
        assert_eq!(round6(2.6549995), 2.655); // the exact binary value is just above …9995
        assert_eq!(round6(0.1234565), 0.123456); // exactly 0.12345649999…: below the half
        assert_eq!(round6(1.0000004999), 1.0);
        assert_eq!(round6(9.9999995), 9.999999); // exactly 9.99999949999…
        assert_eq!(round6(9.9999996), 10.0); // the carry runs through every digit
        assert_eq!(two_decimals(2.655), "2.66");
        assert_eq!(two_decimals(4.125), "4.13");
        assert_eq!(percent(0.7225), "72.3%");
    }

    #[test]
    fn scores_are_written_as_six_decimals_trimmed() {
        // The text `format_score` wrote before its whole-millionths path.
        let slow = |score: f64| {
            if score.fract() == 0.0 && score.abs() < 1e15 {
                return format!("{score:.0}");
            }
            let text = format!("{score:.6}");
            let text = text.trim_end_matches('0').trim_end_matches('.');
            if text.len() > 22 || text.parse::<f64>().ok() != Some(score) {
                format!("{score:e}")
            } else {
                text.to_owned()
            }
        };
        for x in [
            0.0,
            -0.0,
            3.0,
            -7.0,
            0.5,
            -0.5,
            2.25,
            0.1,
            1e-6,
            -1e-6,
            1e-7,
            123_456.789_012,
            999_999_999.5,
            3.000_001,
            1e20,
            1e300,
            0.123_456_7,
            -2.675,
        ] {
            assert_eq!(format_score(x), slow(x), "{x}");
        }
        for m in (-3_000_000_i64..3_000_000).step_by(997) {
            let x = m as f64 / 1e6;
            assert_eq!(format_score(x), slow(x), "{x}");
        }
    }

    #[test]
    fn points_are_written_as_people_write_scores() {
        let json = |x: f64| serde_json::to_string(&Points(x)).unwrap();
        assert_eq!(json(3.0), "3");
        assert_eq!(json(3.5), "3.5");
        assert_eq!(json(-1.0), "-1");
        assert_eq!(Points(3.0).to_string(), "3");
        assert_eq!(Points(2.25).to_string(), "2.25");
        for x in [0.0, 3.0, 3.5, 1e20, 0.1] {
            assert_eq!(json(x), serde_json::to_string(&json_number(x)).unwrap());
        }
    }

    use proptest::prelude::*;

    /// `x` moved by `ulps` representable doubles (either way).
    fn nudged(x: f64, ulps: i64) -> f64 {
        let bits = x.to_bits().cast_signed() + if x < 0.0 { -ulps } else { ulps };
        f64::from_bits(bits.cast_unsigned())
    }

    /// Ties at 6 and at fewer decimals, and the doubles a few ulps either side of them.
    fn near_tie() -> impl Strategy<Value = f64> {
        (
            -2_000_000_000_000_i64..2_000_000_000_000,
            prop::sample::select(vec![1_i64, 10, 100, 1_000, 10_000, 100_000, 1_000_000]),
            -8_i64..=8,
        )
            .prop_map(|(m, unit, ulps)| {
                let tie = ((m / unit) as f64 + 0.5) * unit as f64 / 1e6;
                nudged(tie, ulps)
            })
    }

    fn any_size() -> impl Strategy<Value = f64> {
        prop_oneof![
            -1e3..1e3_f64,
            -2e9..2e9_f64,
            -1e-5..1e-5_f64,
            any::<f64>(),
            near_tie(),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]

        /// The fast path rounds as the exact decimal expansion does, ties included.
        #[test]
        fn fast_rounding_equals_the_exact_expansion(x in any_size()) {
            prop_assert_eq!(round6(x).to_bits(), exact_round6(x).to_bits(), "{:e}", x);
            for places in 0..=6 {
                prop_assert_eq!(decimals(x, places), exact_decimals(x, places), "{:e}", x);
            }
        }

        /// A rational figure rounds as `(x * 10^6).round()` does.
        #[test]
        fn figures_round_as_the_rational_does(
            n in -10_000_000_000_000_i64..10_000_000_000_000,
            d in prop::sample::select(vec![1_i64, 2, 3, 7, 8, 20, 400, 3_000_000, 2_000_000, 999_999_937]),
        ) {
            let x = BigRational::new(n.into(), d.into());
            let scaled = &x * BigRational::from_integer(ten_to(PLACES));
            prop_assert_eq!(Figure::round(&x).millionths, scaled.round().to_integer());
        }

        /// Figures print the same through `i64` as through big integers.
        #[test]
        fn figure_text_is_the_same_small_or_big(m in any::<i64>(), places in 0_u32..=6) {
            let figure = Figure::from_millionths(m);
            prop_assert_eq!(figure.decimals(places), big_decimals(&figure.millionths, places));
        }
    }
}
