//! Inter-rater reliability: the statistics behind `rapport agreement` (docs/FORMATS.md §
//! `rapport agreement --json`), how far instructors who scored the same thing agree. Pure
//! numbers: no database, no I/O. `calibration.rs` picks the units; this computes on them.
//!
//! A *unit* is one thing several raters scored (one session, student, rubric and criterion);
//! its values are the level scores the different raters gave it, one value per rater. Units
//! with two or more values are *pairable*; the others say nothing about agreement and are
//! left out of everything here.
//!
//! The API:
//! - [`Coincidences`] — Krippendorff's coincidence matrix of the pairable units, built once:
//!   [`Coincidences::alpha`] under a [`Metric`], [`Coincidences::percent_agreement`] and the
//!   counts `units` and `pairable_values`. [`alpha`] and [`percent_agreement`] are one-call
//!   shorthands.
//! - [`Unit`] — a unit's values with the raters who gave them; [`raters`] counts the raters of
//!   the pairable units and [`rater_pairs`] lists, per pair of raters, the values both gave on
//!   their shared units.
//! - [`pair`] — two raters' figures (percent agreement, Cohen's kappa, linear and quadratic
//!   weighted kappa) from their levels as positions 0..k on a scale of k levels; built on
//!   [`weighted_kappa`] and [`cohen_kappa`], which take any k × k table and disagreement
//!   weights.
//!
//! Every figure is `Option<f64>`: `None` where it is undefined (no pairable units; expected
//! disagreement zero, as when every value is the same), else rounded with [`round6`] like every
//! other figure of the crate. Perfect agreement among at least two different values gives
//! exactly 1: the observed disagreement is then exactly zero, not merely small.

use std::collections::{BTreeMap, BTreeSet};

use crate::figure::round6;

/// Krippendorff's difference functions δ², by the level of measurement the values are read at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Metric {
    /// Any two different values differ by 1: levels as mere categories.
    Nominal,
    /// Values differ by how many values lie between them, counted by how often they occur
    /// (ranks from the marginal frequencies), not by their numeric distance.
    Ordinal,
    /// Values differ by their squared numeric difference.
    Interval,
}

impl Metric {
    /// The metrics in the order docs/FORMATS.md lists them.
    pub const ALL: [Metric; 3] = [Metric::Nominal, Metric::Ordinal, Metric::Interval];
}

/// The coincidence matrix of Krippendorff (2011, "Computing Krippendorff's Alpha-Reliability"):
/// for each pairable unit u with `m_u` values, every ordered pair of its values (c, k), taken
/// from two different raters, adds `1/(m_u − 1)` to `o_ck`. Each value then counts once in its
/// row, so `n_c` (the row sums) is how many pairable values are c, and the matrix total n is
/// the number of pairable values.
#[derive(Clone, Debug, PartialEq)]
pub struct Coincidences {
    /// The distinct values of the pairable units, ascending: the rows and columns of `matrix`.
    scale: Vec<f64>,
    /// `o_ck`.
    matrix: Vec<Vec<f64>>,
    /// `n_c`, kept as exact counts rather than summed from fractions.
    counts: Vec<usize>,
    /// How many units were pairable.
    units: usize,
}

impl Coincidences {
    /// The coincidences of `units`, each the values that different raters gave one unit (in
    /// any order). Units with fewer than two values are ignored. Values are finite level
    /// scores; equal values are the same value.
    #[must_use]
    pub fn new<U: AsRef<[f64]>>(units: &[U]) -> Self {
        // `+ 0.0` turns −0 into 0, so a value has one spelling for sorting and lookup.
        let pairable: Vec<Vec<f64>> = units
            .iter()
            .map(AsRef::as_ref)
            .filter(|u| u.len() >= 2)
            .map(|u| u.iter().map(|&v| v + 0.0).collect())
            .collect();
        let mut scale: Vec<f64> = pairable.iter().flatten().copied().collect();
        scale.sort_by(f64::total_cmp);
        scale.dedup();
        let mut matrix = vec![vec![0.0; scale.len()]; scale.len()];
        let mut counts = vec![0; scale.len()];
        for unit in &pairable {
            // How many of this unit's values are each value of the scale (sparse: few values).
            let mut here: BTreeMap<usize, usize> = BTreeMap::new();
            for &v in unit {
                let c = scale
                    .binary_search_by(|s| s.total_cmp(&v))
                    .expect("every value is on the scale");
                *here.entry(c).or_default() += 1;
            }
            let others = (unit.len() - 1) as f64;
            for (&c, &n_c) in &here {
                counts[c] += n_c;
                for (&k, &n_k) in &here {
                    // Ordered pairs of values from different raters: a value never pairs
                    // with itself, so a value c meets the other n_c − 1 values c.
                    let pairs = if c == k { n_c * (n_c - 1) } else { n_c * n_k };
                    matrix[c][k] += pairs as f64 / others;
                }
            }
        }
        Self {
            scale,
            matrix,
            counts,
            units: pairable.len(),
        }
    }

    /// The coincidences of units given with their raters (see [`Coincidences::new`]).
    #[must_use]
    pub fn of_units(units: &[Unit<'_>]) -> Self {
        let values: Vec<Vec<f64>> = units.iter().map(Unit::scores).collect();
        Self::new(&values)
    }

    /// How many units are pairable (have two or more values): docs/FORMATS.md's `units`.
    #[must_use]
    pub fn units(&self) -> usize {
        self.units
    }

    /// How many values the pairable units hold: the matrix total n, docs/FORMATS.md's
    /// `pairable_values`.
    #[must_use]
    pub fn pairable_values(&self) -> usize {
        self.counts.iter().sum()
    }

    /// Krippendorff's alpha, `α = 1 − D_o/D_e = 1 − (n − 1) · Σ o_ck δ²_ck / Σ n_c n_k δ²_ck`;
    /// `None` when there is no pairable unit or the pairable values are all the same (the
    /// expected disagreement `D_e` is then zero, and alpha 0/0).
    #[must_use]
    pub fn alpha(&self, metric: Metric) -> Option<f64> {
        if self.scale.len() < 2 {
            return None;
        }
        let delta = self.differences(metric);
        let mut observed = 0.0;
        let mut expected = 0.0;
        for (c, row) in self.matrix.iter().enumerate() {
            for (k, &o) in row.iter().enumerate() {
                observed += o * delta[c][k];
                expected += (self.counts[c] * self.counts[k]) as f64 * delta[c][k];
            }
        }
        if expected == 0.0 {
            return None;
        }
        let n = self.pairable_values() as f64;
        Some(round6(1.0 - (n - 1.0) * observed / expected))
    }

    /// The share of the pairable value pairs within units that agree: the matrix's diagonal
    /// over its total. `None` when there is no pairable unit.
    #[must_use]
    pub fn percent_agreement(&self) -> Option<f64> {
        let n = self.pairable_values();
        if n == 0 {
            return None;
        }
        let diagonal: f64 = (0..self.scale.len()).map(|c| self.matrix[c][c]).sum();
        Some(round6(diagonal / n as f64))
    }

    /// `δ²_ck` for every pair of values of the scale.
    fn differences(&self, metric: Metric) -> Vec<Vec<f64>> {
        // below[i] = n_0 + … + n_(i−1): the pairable values ranked below the i-th value.
        let below: Vec<usize> = std::iter::once(0)
            .chain(self.counts.iter().scan(0, |sum, &n| {
                *sum += n;
                Some(*sum)
            }))
            .collect();
        let size = self.scale.len();
        let mut delta = vec![vec![0.0; size]; size];
        for (c, row) in delta.iter_mut().enumerate() {
            for (k, cell) in row.iter_mut().enumerate() {
                *cell = match metric {
                    Metric::Nominal => f64::from(u8::from(c != k)),
                    // (Σ_{g=c..k} n_g − (n_c + n_k)/2)², the sum over the values from c to k in
                    // rank order, both included.
                    Metric::Ordinal => {
                        let (low, high) = (c.min(k), c.max(k));
                        let between = (below[high + 1] - below[low]) as f64;
                        let ends = (self.counts[c] + self.counts[k]) as f64 / 2.0;
                        (between - ends).powi(2)
                    }
                    Metric::Interval => (self.scale[c] - self.scale[k]).powi(2),
                };
            }
        }
        delta
    }
}

/// Krippendorff's alpha of `units` (each the values different raters gave one unit); see
/// [`Coincidences::alpha`].
#[must_use]
pub fn alpha<U: AsRef<[f64]>>(units: &[U], metric: Metric) -> Option<f64> {
    Coincidences::new(units).alpha(metric)
}

/// The percent agreement of `units`; see [`Coincidences::percent_agreement`].
#[must_use]
pub fn percent_agreement<U: AsRef<[f64]>>(units: &[U]) -> Option<f64> {
    Coincidences::new(units).percent_agreement()
}

/// One unit: the values different raters gave it, each beside its rater's ID. A rater gives a
/// unit at most one value (its latest revision), so no ID appears twice.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Unit<'a> {
    pub values: Vec<(&'a str, f64)>,
}

impl Unit<'_> {
    /// The values without their raters.
    #[must_use]
    pub fn scores(&self) -> Vec<f64> {
        self.values.iter().map(|&(_, v)| v).collect()
    }
}

/// How many raters gave at least one value to a pairable unit: docs/FORMATS.md's `raters`.
#[must_use]
pub fn raters(units: &[Unit<'_>]) -> usize {
    units
        .iter()
        .filter(|u| u.values.len() >= 2)
        .flat_map(|u| u.values.iter().map(|&(rater, _)| rater))
        .collect::<BTreeSet<_>>()
        .len()
}

/// Two raters and the values both gave to the units they share, `a`'s value first.
#[derive(Clone, Debug, PartialEq)]
pub struct RaterPair<'a> {
    pub a: &'a str,
    pub b: &'a str,
    pub values: Vec<(f64, f64)>,
}

/// Every pair of raters who share at least one unit, with `a` < `b` by ID, sorted by
/// (`a`, `b`); their values in the order of `units`.
#[must_use]
pub fn rater_pairs<'a>(units: &[Unit<'a>]) -> Vec<RaterPair<'a>> {
    let mut pairs: BTreeMap<(&'a str, &'a str), Vec<(f64, f64)>> = BTreeMap::new();
    for unit in units {
        for (i, &(r, x)) in unit.values.iter().enumerate() {
            for &(s, y) in &unit.values[i + 1..] {
                if r < s {
                    pairs.entry((r, s)).or_default().push((x, y));
                } else if s < r {
                    pairs.entry((s, r)).or_default().push((y, x));
                }
            }
        }
    }
    pairs
        .into_iter()
        .map(|((a, b), values)| RaterPair { a, b, values })
        .collect()
}

/// Two raters' agreement on the units they share (docs/FORMATS.md's `pairs` entries, without the
/// IDs).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PairFigures {
    /// How many units both raters scored.
    pub units: usize,
    /// The share of those units on which both gave the same level.
    pub percent_agreement: Option<f64>,
    pub cohen_kappa: Option<f64>,
    pub weighted_kappa_linear: Option<f64>,
    pub weighted_kappa_quadratic: Option<f64>,
}

/// Two raters' figures from their levels on their shared units, `(a's, b's)` per unit, as
/// positions 0..k on a scale of `k` levels: all levels of the rubric, used or not, because
/// the chance agreement and the weights depend on the whole scale.
///
/// Cohen's kappa is `κ = (p_o − p_e)/(1 − p_e)`, with `p_o` the share of agreeing units and
/// `p_e = Σ_i p_a(i) p_b(i)` from the two raters' marginals. Weighted kappa (Cohen 1968) is
/// `κ_w = 1 − Σ w_ij p_o(ij) / Σ w_ij p_e(ij)`, with disagreement weights |i − j|/(k − 1)
/// (linear) and ((i − j)/(k − 1))² (quadratic). A common factor of all weights cancels, so
/// the integer distances |i − j| and (i − j)² are used instead: with counts in the table
/// every sum is then an exact integer and only the last division rounds. The kappas are
/// `None` when the chance term is zero (both raters used one and the same level), and with
/// fewer than two levels.
///
/// # Panics
/// When a position is not below `k`.
#[must_use]
pub fn pair(ratings: &[(usize, usize)], k: usize) -> PairFigures {
    assert!(
        ratings.iter().all(|&(a, b)| a < k && b < k),
        "level positions must be below the number of levels, {k}"
    );
    let mut table = vec![vec![0.0; k]; k];
    for &(a, b) in ratings {
        table[a][b] += 1.0;
    }
    let agreeing = ratings.iter().filter(|(a, b)| a == b).count();
    let percent_agreement =
        (!ratings.is_empty()).then(|| round6(agreeing as f64 / ratings.len() as f64));
    let kappa = |power: i32| {
        if k < 2 {
            return None;
        }
        weighted_kappa(&table, &distance_weights(k, power))
    };
    PairFigures {
        units: ratings.len(),
        percent_agreement,
        cohen_kappa: kappa(0),
        weighted_kappa_linear: kappa(1),
        weighted_kappa_quadratic: kappa(2),
    }
}

/// Disagreement weights |i − j|^power on a scale of `k` levels; power 0 gives Cohen's
/// unweighted kappa (every disagreement weighs 1, agreement 0).
fn distance_weights(k: usize, power: i32) -> Vec<Vec<f64>> {
    (0..k)
        .map(|i| {
            (0..k)
                .map(|j| {
                    if i == j {
                        0.0
                    } else {
                        (i.abs_diff(j) as f64).powi(power)
                    }
                })
                .collect()
        })
        .collect()
}

/// Weighted kappa (Cohen 1968) of a k × k table of joint counts or proportions (rows: rater
/// a's categories, columns: rater b's) under disagreement weights `weights[i][j]` (0 for full
/// agreement, larger for graver disagreement; they need not be symmetric):
/// `κ_w = 1 − Σ w_ij p_o(ij) / Σ w_ij p_e(ij)`, where `p_e(ij)` is the product of the row and
/// column marginals. The table need not be normalised: with N its total,
/// `κ_w = 1 − N · Σ w_ij x_ij / Σ w_ij r_i c_j`. `None` for an empty table or a zero
/// denominator (no chance of any weighted disagreement).
///
/// # Panics
/// When the table or the weights are not both k × k.
#[must_use]
pub fn weighted_kappa(table: &[Vec<f64>], weights: &[Vec<f64>]) -> Option<f64> {
    let k = table.len();
    assert!(
        weights.len() == k && table.iter().chain(weights).all(|row| row.len() == k),
        "the table and the weights must both be {k} × {k}"
    );
    let rows: Vec<f64> = table.iter().map(|row| row.iter().sum()).collect();
    let columns: Vec<f64> = (0..k)
        .map(|j| table.iter().map(|row| row[j]).sum())
        .collect();
    let total: f64 = rows.iter().sum();
    if total == 0.0 {
        return None;
    }
    let mut observed = 0.0;
    let mut expected = 0.0;
    for i in 0..k {
        for j in 0..k {
            observed += weights[i][j] * table[i][j];
            expected += weights[i][j] * rows[i] * columns[j];
        }
    }
    if expected == 0.0 {
        return None;
    }
    Some(round6(1.0 - total * observed / expected))
}

/// Cohen's (1960) kappa of a k × k table of joint counts or proportions: weighted kappa with
/// every disagreement weighing 1, which is `(p_o − p_e)/(1 − p_e)`. `None` for an empty table
/// or `p_e = 1`.
#[must_use]
pub fn cohen_kappa(table: &[Vec<f64>]) -> Option<f64> {
    weighted_kappa(table, &distance_weights(table.len(), 0))
}

#[cfg(test)]
#[allow(clippy::unreadable_literal)] // decimals are written as in the sources they come from
#[allow(clippy::cast_possible_truncation)] // the test generator's small numbers
mod tests {
    use super::*;

    /// A published figure's precision: `x` rounded to `places` decimals.
    fn to(places: i32, x: Option<f64>) -> Option<f64> {
        let scale = 10f64.powi(places);
        x.map(|x| (x * scale).round() / scale)
    }

    /// Krippendorff, K. (2011). "Computing Krippendorff's Alpha-Reliability". Annenberg School
    /// for Communication, University of Pennsylvania, Departmental Papers (ASC) 43
    /// (<https://repository.upenn.edu/asc_papers/43>), the worked example for any number of
    /// observers with missing data (p. 8 of the postprint, as the `krippendorff` package cites
    /// it), carried on through the ordinal, interval and ratio metrics: the reliability data
    /// matrix of observers A–D over 12 units (0 here marks a missing value, the paper's ".").
    /// The paper's results: alpha nominal .743, ordinal .815, interval .849 (and ratio .797, a
    /// metric rapport does not offer). The same matrix and results appear in R
    /// `irr::kripp.alpha`'s example ("the 'C' data from Krippendorff")
    /// and in the tests of the Python `krippendorff` package (doctest of `alpha`, citing the
    /// paper's p. 8) and `pyirr` (`test_kripp_alpha`: 0.743, 0.815, 0.849, 0.797).
    const KRIPPENDORFF_2011: [(&str, [u8; 12]); 4] = [
        ("A", [1, 2, 3, 3, 2, 1, 4, 1, 2, 0, 0, 0]),
        ("B", [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, 0, 3]),
        ("C", [0, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, 0]),
        ("D", [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, 0]),
    ];

    fn krippendorff_units() -> Vec<Unit<'static>> {
        (0..12)
            .map(|u| Unit {
                values: KRIPPENDORFF_2011
                    .iter()
                    .filter(|(_, row)| row[u] != 0)
                    .map(|&(rater, row)| (rater, f64::from(row[u])))
                    .collect(),
            })
            .collect()
    }

    #[test]
    fn krippendorff_2011_worked_example() {
        let units = krippendorff_units();
        let coincidences = Coincidences::of_units(&units);
        // Unit 12 has B's value only, so it is not pairable: 11 units, 40 values (the
        // paper's n..), from all 4 observers.
        assert_eq!(coincidences.units(), 11);
        assert_eq!(coincidences.pairable_values(), 40);
        assert_eq!(raters(&units), 4);
        assert_eq!(to(3, coincidences.alpha(Metric::Nominal)), Some(0.743));
        assert_eq!(to(3, coincidences.alpha(Metric::Ordinal)), Some(0.815));
        assert_eq!(to(3, coincidences.alpha(Metric::Interval)), Some(0.849));
        // By hand, nominal: n_1..n_5 = 9, 13, 10, 5, 3 and the diagonal sums to 32 (below), so
        // α = 1 − (n − 1)(n − Σ o_cc)/(n² − Σ n_c²) = 1 − 39 · 8/(1600 − 384) = 904/1216
        // = 0.74342105…, which the `krippendorff` package's tests also give (0.743421052631579).
        assert_eq!(coincidences.alpha(Metric::Nominal), Some(0.743421));
    }

    /// Percent agreement of the same matrix, by hand: each pairable unit u adds (the ordered
    /// pairs of equal values) / (`m_u` − 1) to the diagonal. Units 1–11: 1,1,1 → 6/2 = 3;
    /// 2,2,3,2 → 6/3 = 2; 3,3,3,3 → 12/3 = 4; 3,3,3,3 → 4; 2,2,2,2 → 4; 1,2,3,4 → 0;
    /// 4,4,4,4 → 4; 1,1,2,1 → 6/3 = 2; 2,2,2,2 → 4; 5,5,5 → 6/2 = 3; 1,1 → 2/1 = 2. The
    /// diagonal is 32 of n = 40 pairable values: 0.8.
    #[test]
    fn krippendorff_2011_percent_agreement() {
        let units = krippendorff_units();
        assert_eq!(
            Coincidences::of_units(&units).percent_agreement(),
            Some(0.8)
        );
    }

    /// The computational example of Wikipedia's "Krippendorff's alpha" article (3 coders,
    /// 15 units, values 1–4), whose nominal alpha the article gives as 0.691; the Python
    /// `krippendorff` package's doctest gives 0.691358 (nominal) and 0.810845 (interval). By
    /// hand, nominal: n = 26, `n_1..n_4` = 7, 4, 10, 5, diagonal 20, so α = 1 − 25 · 6/(676 −
    /// 190) = 336/486 = 0.6913580….
    #[test]
    fn wikipedia_computational_example() {
        let m = f64::NAN; // missing
        let coders = [
            [m, m, m, m, m, 3., 4., 1., 2., 1., 1., 3., 3., m, 3.],
            [1., m, 2., 1., 3., 3., 4., 3., m, m, m, m, m, m, m],
            [m, m, 2., 1., 3., 4., 4., m, 2., 1., 1., 3., 3., m, 4.],
        ];
        let units: Vec<Vec<f64>> = (0..15)
            .map(|u| {
                coders
                    .iter()
                    .map(|c| c[u])
                    .filter(|v| !v.is_nan())
                    .collect()
            })
            .collect();
        assert_eq!(alpha(&units, Metric::Nominal), Some(0.691358));
        assert_eq!(alpha(&units, Metric::Interval), Some(0.810845));
        assert_eq!(Coincidences::new(&units).pairable_values(), 26);
        assert_eq!(percent_agreement(&units), Some(round6(20.0 / 26.0)));
    }

    /// Cohen, J. (1968). "Weighted kappa: Nominal scale agreement with provision for scaled
    /// disagreement or partial credit". Psychological Bulletin 70(4), 213–220, Table 1: two
    /// judges' diagnoses of 200 patients (personality disorder, neurosis, psychosis) as
    /// proportions, with ratio-scaled disagreement weights 1 (personality disorder–neurosis),
    /// 3 (personality disorder–psychosis) and 6 (neurosis–psychosis). Cohen reports κ = .492
    /// and `κ_w` = .348; the table, weights and both figures are reproduced in the examples
    /// of R `psych::cohen.kappa` ("#cohen reports .492 and .348"). By hand: `p_o` = .70,
    /// marginals .60/.30/.10 and .50/.30/.20, `p_e` = .41, κ = .29/.59 = .4915;
    /// `Σ w p_o` = .90, `Σ w p_e` = 1.38, `κ_w` = 1 − .90/1.38 = .3478.
    #[test]
    fn cohen_1968_weighted_kappa_example() {
        let table = vec![
            vec![0.44, 0.07, 0.09],
            vec![0.05, 0.20, 0.05],
            vec![0.01, 0.03, 0.06],
        ];
        let weights = vec![
            vec![0.0, 1.0, 3.0],
            vec![1.0, 0.0, 6.0],
            vec![3.0, 6.0, 0.0],
        ];
        assert_eq!(to(3, cohen_kappa(&table)), Some(0.492));
        assert_eq!(to(3, weighted_kappa(&table, &weights)), Some(0.348));
        // The paper's second set of weights, not symmetric (for validity, where the two
        // "judges" are a diagnosis and a criterion), as `psych::cohen.kappa`'s examples give
        // them, in the table's orientation: "Cohen reports kw = .353". By hand: Σ w p_o = .86,
        // Σ w p_e = 1.33, κ_w = 1 − .86/1.33 = .3534. (Transposed weights would give .421.)
        let validity = vec![
            vec![0.0, 1.0, 4.0],
            vec![1.0, 0.0, 6.0],
            vec![2.0, 2.0, 0.0],
        ];
        assert_eq!(to(3, weighted_kappa(&table, &validity)), Some(0.353));
        // The same table as the 200 patients' counts through `pair`'s exact path: κ =
        // (200 · 140 − 16400)/(200² − 16400) = 11600/23600 = 0.4915254….
        let counts = [[88, 14, 18], [10, 40, 10], [2, 6, 12]];
        let ratings: Vec<(usize, usize)> = (0..3)
            .flat_map(|i| (0..3).flat_map(move |j| std::iter::repeat_n((i, j), counts[i][j])))
            .collect();
        let figures = pair(&ratings, 3);
        assert_eq!(figures.units, 200);
        assert_eq!(figures.percent_agreement, Some(0.7));
        assert_eq!(figures.cohen_kappa, Some(0.491525));
    }

    /// Linear and quadratic weighted kappa: scikit-learn's `test_cohen_kappa`
    /// (`sklearn/metrics/tests/test_classification.py`), "Weighting example: none, linear,
    /// quadratic", built on the multiclass example of Artstein, R. & Poesio, M. (2008),
    /// "Inter-Coder Agreement for Computational Linguistics", Computational Linguistics 34(4):
    /// 46 units (0, 0), 4 (1, 0), 40 (1, 1), 10 (2, 2), expected κ = 0.9315, linear 0.9412,
    /// quadratic 0.9541 (4 decimals; scikit-learn's unnormalised weights |i − j| and (i − j)²
    /// give the same kappas). By hand: marginals .46/.44/.10 and .50/.40/.10, `p_o` = .96,
    /// `p_e` = .416, κ = .544/.584 = 0.9315068; `Σ w p_e` = .488 + 2 · .096 = .68 (linear)
    /// and .488 + 4 · .096 = .872 (quadratic) against `Σ w p_o` = .04: 1 − .04/.68 = 0.9411765 and
    /// 1 − .04/.872 = 0.9541284.
    #[test]
    fn linear_and_quadratic_weighted_kappa() {
        let ratings = repeat(&[((0, 0), 46), ((1, 0), 4), ((1, 1), 40), ((2, 2), 10)]);
        let figures = pair(&ratings, 3);
        assert_eq!(to(4, figures.cohen_kappa), Some(0.9315));
        assert_eq!(to(4, figures.weighted_kappa_linear), Some(0.9412));
        assert_eq!(to(4, figures.weighted_kappa_quadratic), Some(0.9541));
        assert_eq!(figures.cohen_kappa, Some(0.931507));
        assert_eq!(figures.weighted_kappa_linear, Some(0.941176));
        assert_eq!(figures.weighted_kappa_quadratic, Some(0.954128));
        assert_eq!(figures.percent_agreement, Some(0.96));
    }

    /// Cohen's kappa: Artstein & Poesio (2008), Table 1 (a 2 × 2 table 20, 20 / 10, 50;
    /// κ = 0.348 to 3 decimals in scikit-learn's `test_cohen_kappa`, which reproduces it:
    /// `p_o` = .7, `p_e` = .4 · .3 + .6 · .7 = .54, κ = .16/.46 = 0.3478) and Table 4 (three
    /// categories: 46 (0, 0), 6 (1, 0), 32 (1, 1), 6 (1, 2), 10 (2, 2); κ = 0.8013 to 4
    /// decimals there).
    #[test]
    fn artstein_poesio_kappa() {
        let table_1 = repeat(&[((0, 0), 20), ((0, 1), 20), ((1, 0), 10), ((1, 1), 50)]);
        assert_eq!(to(3, pair(&table_1, 2).cohen_kappa), Some(0.348));
        let table_4 = repeat(&[
            ((0, 0), 46),
            ((1, 0), 6),
            ((1, 1), 32),
            ((1, 2), 6),
            ((2, 2), 10),
        ]);
        assert_eq!(to(4, pair(&table_4, 3).cohen_kappa), Some(0.8013));
    }

    fn repeat(cells: &[((usize, usize), usize)]) -> Vec<(usize, usize)> {
        cells
            .iter()
            .flat_map(|&(cell, n)| std::iter::repeat_n(cell, n))
            .collect()
    }

    #[test]
    fn rater_pairs_of_the_krippendorff_matrix() {
        let units = krippendorff_units();
        let pairs = rater_pairs(&units);
        let names: Vec<(&str, &str)> = pairs.iter().map(|p| (p.a, p.b)).collect();
        assert_eq!(
            names,
            [
                ("A", "B"),
                ("A", "C"),
                ("A", "D"),
                ("B", "C"),
                ("B", "D"),
                ("C", "D")
            ]
        );
        // A and B share units 1–9 (B alone scored 12; A did not score 10).
        assert_eq!(
            pairs[0].values,
            [1, 2, 3, 3, 2, 1, 4, 1, 2]
                .iter()
                .zip([1, 2, 3, 3, 2, 2, 4, 1, 2])
                .map(|(&a, b)| (f64::from(a), f64::from(b)))
                .collect::<Vec<_>>()
        );
        // C and D share units 2–11.
        assert_eq!(pairs[5].values.len(), 10);
        // The order of a unit's values does not decide which rater comes first.
        let reversed: Vec<Unit> = units
            .iter()
            .map(|u| Unit {
                values: u.values.iter().rev().copied().collect(),
            })
            .collect();
        assert_eq!(rater_pairs(&reversed), pairs);
    }

    /// A small deterministic generator (Knuth's MMIX linear congruential constants), so the
    /// property tests need no dependency and always see the same data.
    struct Lcg(u64);

    impl Lcg {
        fn below(&mut self, n: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((self.0 >> 33) % n as u64) as usize
        }

        /// Fewer than `most` units of 0–5 values each, from a scale of `levels` half-point
        /// scores.
        fn units(&mut self, most: usize, levels: usize) -> Vec<Vec<f64>> {
            (0..self.below(most))
                .map(|_| {
                    (0..self.below(6))
                        .map(|_| self.below(levels) as f64 * 0.5)
                        .collect()
                })
                .collect()
        }

        /// Fewer than `most` pairs of positions below `k`.
        fn ratings(&mut self, most: usize, k: usize) -> Vec<(usize, usize)> {
            (0..self.below(most))
                .map(|_| (self.below(k), self.below(k)))
                .collect()
        }
    }

    fn alphas<U: AsRef<[f64]>>(units: &[U]) -> [Option<f64>; 3] {
        Metric::ALL.map(|metric| alpha(units, metric))
    }

    #[test]
    fn perfect_agreement_among_different_values_is_exactly_one() {
        let mut lcg = Lcg(1);
        for round in 0..200 {
            let levels = 2 + round % 5;
            let mut units: Vec<Vec<f64>> = (0..=lcg.below(12))
                .map(|_| vec![lcg.below(levels) as f64; 2 + lcg.below(4)])
                .collect();
            units.push(vec![0.0; 2]);
            units.push(vec![(levels - 1) as f64; 3]);
            assert_eq!(alphas(&units), [Some(1.0); 3], "{units:?}");
            assert_eq!(percent_agreement(&units), Some(1.0));

            let mut ratings: Vec<(usize, usize)> = (0..lcg.below(20))
                .map(|_| lcg.below(levels))
                .map(|p| (p, p))
                .collect();
            ratings.extend([(0, 0), (levels - 1, levels - 1)]);
            let figures = pair(&ratings, levels + lcg.below(3));
            assert_eq!(figures.percent_agreement, Some(1.0));
            assert_eq!(figures.cohen_kappa, Some(1.0));
            assert_eq!(figures.weighted_kappa_linear, Some(1.0));
            assert_eq!(figures.weighted_kappa_quadratic, Some(1.0));
        }
    }

    #[test]
    fn swapping_the_raters_keeps_the_kappas() {
        let mut lcg = Lcg(2);
        for round in 0..300 {
            let k = 1 + round % 6;
            let ratings = lcg.ratings(30, k);
            let swapped: Vec<(usize, usize)> = ratings.iter().map(|&(a, b)| (b, a)).collect();
            assert_eq!(pair(&ratings, k), pair(&swapped, k), "{ratings:?}");
        }
    }

    #[test]
    fn unit_and_value_order_do_not_matter() {
        let mut lcg = Lcg(3);
        for round in 0..300 {
            let units = lcg.units(25, 2 + round % 6);
            let mut shuffled = units.clone();
            // Fisher–Yates over the units, then over each unit's values.
            for i in (1..shuffled.len()).rev() {
                let j = lcg.below(i + 1);
                shuffled.swap(i, j);
            }
            for unit in &mut shuffled {
                for i in (1..unit.len()).rev() {
                    let j = lcg.below(i + 1);
                    unit.swap(i, j);
                }
            }
            assert_eq!(alphas(&units), alphas(&shuffled), "{units:?}");
            assert_eq!(percent_agreement(&units), percent_agreement(&shuffled));
        }
    }

    #[test]
    fn units_with_one_value_change_nothing() {
        let mut lcg = Lcg(4);
        for round in 0..300 {
            let units = lcg.units(25, 2 + round % 6);
            let mut more = units.clone();
            for _ in 0..=lcg.below(5) {
                // Values from a wider scale too, so a lone value could shift the ordinal ranks
                // if it were counted.
                let at = lcg.below(more.len() + 1);
                more.insert(at, vec![lcg.below(12) as f64 * 0.5]);
                more.push(Vec::new());
            }
            assert_eq!(Coincidences::new(&units), Coincidences::new(&more));
            assert_eq!(alphas(&units), alphas(&more), "{units:?}");
            assert_eq!(percent_agreement(&units), percent_agreement(&more));
        }
    }

    #[test]
    fn figures_stay_at_or_below_one() {
        let mut lcg = Lcg(5);
        for round in 0..300 {
            let units = lcg.units(25, 2 + round % 6);
            for figure in alphas(&units).into_iter().flatten() {
                assert!(figure <= 1.0, "{units:?}");
            }
            let k = 2 + round % 5;
            let figures = pair(&lcg.ratings(30, k), k);
            for figure in [
                figures.cohen_kappa,
                figures.weighted_kappa_linear,
                figures.weighted_kappa_quadratic,
            ]
            .into_iter()
            .flatten()
            {
                assert!((-1.0..=1.0).contains(&figure), "{figures:?}");
            }
        }
    }

    #[test]
    fn identical_values_are_undefined_but_agree() {
        for value in [0.0, 2.5, 4.0] {
            let units = vec![vec![value; 3], vec![value; 2], vec![value]];
            assert_eq!(alphas(&units), [None; 3]);
            assert_eq!(percent_agreement(&units), Some(1.0));
        }
        // Both raters always gave one and the same level: p_e = 1, so no kappa.
        let figures = pair(&[(2, 2), (2, 2), (2, 2)], 4);
        assert_eq!(figures.units, 3);
        assert_eq!(figures.percent_agreement, Some(1.0));
        assert_eq!(figures.cohen_kappa, None);
        assert_eq!(figures.weighted_kappa_linear, None);
        assert_eq!(figures.weighted_kappa_quadratic, None);
        // Each always gave one level, but different ones: no agreement beyond chance.
        let figures = pair(&[(0, 1), (0, 1)], 3);
        assert_eq!(figures.percent_agreement, Some(0.0));
        assert_eq!(figures.cohen_kappa, Some(0.0));
        assert_eq!(figures.weighted_kappa_quadratic, Some(0.0));
    }

    #[test]
    fn nothing_pairable_is_undefined() {
        let none: [Vec<f64>; 0] = [];
        assert_eq!(alphas(&none), [None; 3]);
        assert_eq!(percent_agreement(&none), None);
        let lone = vec![vec![1.0], vec![], vec![3.0]];
        assert_eq!(alphas(&lone), [None; 3]);
        assert_eq!(percent_agreement(&lone), None);
        let coincidences = Coincidences::new(&lone);
        assert_eq!(
            (coincidences.units(), coincidences.pairable_values()),
            (0, 0)
        );
        let lone_units = [Unit {
            values: vec![("jo", 2.0)],
        }];
        assert_eq!(raters(&lone_units), 0);
        assert_eq!(rater_pairs(&lone_units), []);

        let empty = pair(&[], 4);
        assert_eq!(
            empty,
            PairFigures {
                units: 0,
                percent_agreement: None,
                cohen_kappa: None,
                weighted_kappa_linear: None,
                weighted_kappa_quadratic: None,
            }
        );
        assert_eq!(weighted_kappa(&[], &[]), None);
    }

    #[test]
    fn a_scale_of_one_level_has_no_kappa() {
        let figures = pair(&[(0, 0), (0, 0)], 1);
        assert_eq!(figures.percent_agreement, Some(1.0));
        assert_eq!(
            (
                figures.cohen_kappa,
                figures.weighted_kappa_linear,
                figures.weighted_kappa_quadratic
            ),
            (None, None, None)
        );
    }

    #[test]
    fn negative_zero_is_zero() {
        let units = vec![vec![0.0, -0.0], vec![1.0, 1.0]];
        assert_eq!(alphas(&units), [Some(1.0); 3]);
    }

    #[test]
    #[should_panic(expected = "below the number of levels")]
    fn positions_beyond_the_scale_are_a_bug() {
        let _ = pair(&[(0, 3)], 3);
    }
}
