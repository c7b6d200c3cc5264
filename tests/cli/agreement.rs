//! `rapport agreement`: inter-rater agreement through the whole pipeline (roster, instructors,
//! scores CSV import, the command), against docs/FORMATS.md § "`rapport agreement --json`".
//!
//! Every expected figure comes from a published source or from an independent computation in
//! exact fractions (Python's `fractions.Fraction`), written for these tests from the formulas,
//! not from rapport's code, and cross-checked against the Python packages `krippendorff` 0.9.0
//! (`alpha(reliability_data, level_of_measurement)`) and scikit-learn 1.9.1
//! (`cohen_kappa_score(x, y, labels=<all levels>, weights=None|"linear"|"quadratic")`),
//! which agree with it to the last printed digit. The script's formulas:
//!
//! - Krippendorff (2011): a unit with m ≥ 2 values adds 1/(m − 1) to `o[c][k]` for every
//!   ordered pair of its values (c, k) from two different raters; `n_c = Σ_k o[c][k]`,
//!   n = `Σ_c n_c`; α = 1 − (n − 1) · `Σ o[c][k] δ²(c, k)` / `Σ n_c n_k δ²(c, k)`, with
//!   δ² = [c ≠ k] (nominal), (c − k)² (interval) and (`Σ_{g from c to k} n_g` − (`n_c` +
//!   `n_k`)/2)² (ordinal, g over the values that occur). `percent_agreement` = `Σ_c o[c][c]` / n.
//! - Per pair of raters, on the units both scored, the k × k table x of their level positions
//!   over the rubric's whole scale (k levels, used or not), N units, marginals r and c:
//!   `κ_w` = 1 − `Σ w[i][j] x[i][j]/N` / `Σ w[i][j] r[i] c[j]/N²` with disagreement weights
//!   w = [i ≠ j] (Cohen's kappa), |i − j|/(k − 1) (linear), ((i − j)/(k − 1))² (quadratic);
//!   null when the denominator is 0. `percent_agreement` = (units with i = j)/N.
//! - Every figure rounded half up (away from zero) to 6 decimals from the exact fraction
//!   (docs/FORMATS.md § Mastery); none of the fractions below lies near a rounding tie.

// Figures are written as the JSON prints them and the sources give them.
#![allow(clippy::unreadable_literal)]

use serde_json::{Value, json};

use crate::support::{Test, expect_snapshot};

// ---------------------------------------------------------------------------------------------
// The course

/// Five levels, for Krippendorff's data (values 1–5).
const CALIBRATION: &str = "title: Calibration
levels:
  - { score: 1, label: Poor }
  - { score: 2, label: Fair }
  - { score: 3, label: Good }
  - { score: 4, label: Strong }
  - { score: 5, label: Excellent }
mastery_level: 3
criteria:
  - id: judgement
    title: Judgement
    descriptors:
      1: Misses the problem.
      2: Hears the problem, not its cause.
      3: Names the cause.
      4: Names the cause and a fix.
      5: Names the fix that matters most.
";

/// Three levels, for the published kappa tables.
const ETIQUETTE: &str = "title: Etiquette
levels:
  - { score: 1, label: Below }
  - { score: 2, label: Meets }
  - { score: 3, label: Exceeds }
mastery_level: 2
criteria:
  - id: punctuality
    title: Punctuality
    descriptors:
      1: Late.
      2: On time.
      3: Early and set up.
";

/// Four levels scored 1–4 like the fixture's `oral-communication`, with other labels: one
/// scale shared by two rubrics.
const FEEDBACK: &str = "title: Feedback
levels:
  - { score: 1, label: Absent }
  - { score: 2, label: Vague }
  - { score: 3, label: Clear }
  - { score: 4, label: Actionable }
mastery_level: 3
criteria:
  - id: clarity
    title: Clarity
    descriptors:
      1: Says nothing.
      2: Says it was fine.
      3: Says what to change.
      4: Says what to change and how.
";

const TALKBACK: &str = "curriculum/talkback.yaml";

/// The minimal course (rubric `oral-communication`: levels 1–4, criteria `direction` then
/// `listening`) with `rubrics` added and used by the talkback module, so that `check` stays
/// clean; `students` on the roster (ID and name alike) and `instructors` registered.
fn course(rubrics: &[(&str, &str)], students: &[String], instructors: &[&str]) -> Test {
    let mut test = Test::with_fixture("minimal");
    let mut used = vec!["oral-communication"];
    for &(id, yaml) in rubrics {
        test = test.write(&format!("rubrics/{id}.yaml"), yaml);
        used.push(id);
    }
    let test = test.edit(
        TALKBACK,
        "assessed_by: [oral-communication]",
        &format!("assessed_by: [{}]", used.join(", ")),
    );
    let roster: String = students
        .iter()
        .flat_map(|s| [s.as_str(), ",", s.as_str(), "\n"])
        .collect();
    let mut test = test
        .write("roster.csv", &format!("id,name\n{roster}"))
        .given(&["student", "import", "roster.csv"]);
    for rater in instructors {
        test = test.given(&["instructor", "add", rater, "--name", &rater.to_uppercase()]);
    }
    test
}

/// `count` student IDs: `prefix01`, `prefix02`, … (as wide as `count` needs).
fn students(prefix: &str, count: usize) -> Vec<String> {
    let width = count.to_string().len().max(2);
    (1..=count)
        .map(|i| format!("{prefix}{i:0width$}"))
        .collect()
}

const HEADER: &str = "session,date,student,rater,role,rubric,criterion,level\n";

/// Imports `rows` (scores CSV rows without the header) as FILE; the import must succeed.
fn import(test: Test, file: &str, rows: &[String], amend: bool) -> Test {
    let test = test.write(file, &format!("{HEADER}{}", rows.concat()));
    if amend {
        test.given(&["import", file, "--amend"])
    } else {
        test.given(&["import", file])
    }
}

/// One instructor's score as a CSV row.
fn row(
    session: &str,
    student: &str,
    rater: &str,
    rubric: &str,
    criterion: &str,
    level: u32,
) -> String {
    let date = match session {
        "s1" => "2026-09-02",
        "s2" => "2026-09-16",
        other => panic!("no date for session {other}"),
    };
    format!("{session},{date},{student},{rater},,{rubric},{criterion},{level}\n")
}

/// `rapport --json agreement ARGS`: exit 0, nothing on standard error, the parsed JSON.
fn agreement_json(test: &Test, args: &[&str]) -> Value {
    let out = in_course(test, &[&["--json", "agreement"], args].concat());
    assert_eq!(
        (out.code, out.stderr.as_str()),
        (0, ""),
        "agreement {args:?}:\n{}",
        out.stdout
    );
    serde_json::from_str(&out.stdout).expect("agreement --json prints JSON")
}

/// `rapport ARGS` in the course, whatever its outcome (`Test::run` would need the `Test` by
/// value).
fn in_course(test: &Test, args: &[&str]) -> crate::support::Output {
    let out = test
        .in_dir(env!("CARGO_BIN_EXE_rapport"))
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run rapport");
    crate::support::Output {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).expect("utf-8 stdout"),
        stderr: String::from_utf8(out.stderr).expect("utf-8 stderr"),
    }
}

/// Runs `rapport ARGS`, asserts the whole outcome and that nothing was written.
fn refused(test: Test, args: &[&str], stderr: &str) -> Test {
    let before = test.snapshot();
    let test = test.args(args);
    test.expect(1, "", stderr);
    assert_eq!(test.snapshot(), before, "{args:?} wrote something");
    test
}

// ---------------------------------------------------------------------------------------------
// Krippendorff (2011)

/// Krippendorff, K. (2011). "Computing Krippendorff's Alpha-Reliability", the worked example
/// for any number of observers with missing values: observers A–D (here instructors a–d), units
/// 1–12 (here students u01–u12 on the one criterion of `calibration`, in one session); 0 marks
/// the paper's "." (missing).
const KRIPPENDORFF_2011: [(&str, [u32; 12]); 4] = [
    ("a", [1, 2, 3, 3, 2, 1, 4, 1, 2, 0, 0, 0]),
    ("b", [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, 0, 3]),
    ("c", [0, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, 0]),
    ("d", [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, 0]),
];

/// The paper's 41 values as CSV rows, rater by rater.
fn krippendorff_rows() -> Vec<String> {
    let units = students("u", 12);
    KRIPPENDORFF_2011
        .iter()
        .flat_map(|(rater, values)| {
            values
                .iter()
                .zip(&units)
                .filter(|&(&v, _)| v != 0)
                .map(|(&v, student)| row("s1", student, rater, "calibration", "judgement", v))
        })
        .collect()
}

/// Instructors a–d and students u01–u12, nothing scored yet.
fn krippendorff_course() -> Test {
    course(
        &[("calibration", CALIBRATION)],
        &students("u", 12),
        &["a", "b", "c", "d"],
    )
}

/// The whole JSON of the worked example.
///
/// Published: alpha nominal .743, ordinal .815, interval .849 (the paper; also R
/// `irr::kripp.alpha`'s example and the Python `krippendorff` package's tests). Exact, by the
/// script: 113/152 = 0.7434210…, 108577/133160 = 0.8153875…, 951/1120 = 0.8491071….
/// By hand: unit 12 holds b's value only and is not pairable, so 11 units and the paper's
/// n = 40 values from 4 instructors. The diagonal of the coincidence matrix, unit by unit
/// ((ordered pairs of equal values)/(m − 1)): 1,1,1 → 6/2 = 3; 2,3,2,2 → 6/3 = 2; 3,3,3,3 → 4;
/// 3,3,3,3 → 4; 2,2,2,2 → 4; 1,2,3,4 → 0; 4,4,4,4 → 4; 1,1,2,1 → 2; 2,2,2,2 → 4; 5,5,5 → 3;
/// 1,1 → 2: 32 of 40, so `percent_agreement` 0.8. Nominal: `n_1..n_5` = 9, 13, 10, 5, 3,
/// α = 1 − 39 · (40 − 32)/(40² − 384) = 904/1216 = 113/152.
///
/// Pairs (script, exact; each pair's units are the students both scored):
/// a–b: 9 units (1–9), 8 equal; κ = 49/58 (by hand: `p_o` = 72/81, marginals a 3,3,2,1 and
/// b 2,4,2,1 on levels 1–4, `p_e` = (6 + 12 + 4 + 1)/81 = 23/81, κ = (72 − 23)/(81 − 23)),
/// linear 76/85, quadratic 140/149.
/// a–c: 8 units (2–9), 5 equal (0.625); κ 11/23, linear 1/2, quadratic 7/13.
/// a–d: 9 units (1–9), 8 equal; κ 17/20, linear 68/95, quadratic 100/181.
/// b–c: 9 units (2–10), 6 equal; κ 32/59, linear 68/95, quadratic 6/7.
/// b–d: 10 units (1–10), 9 equal; κ 67/77, linear 59/69, quadratic 27/31.
/// c–d: 10 units (2–11), 7 equal; κ 8/13, linear 17/22, quadratic 124/139.
fn krippendorff_json() -> Value {
    json!({
        "units": 11,
        "raters": 4,
        "pairable_values": 40,
        "percent_agreement": 0.8,
        "krippendorff_alpha": {"nominal": 0.743421, "ordinal": 0.815388, "interval": 0.849107},
        "pairs": [
            {"a": "a", "b": "b", "units": 9, "percent_agreement": 0.888889,
             "cohen_kappa": 0.844828, "weighted_kappa_linear": 0.894118,
             "weighted_kappa_quadratic": 0.939597},
            {"a": "a", "b": "c", "units": 8, "percent_agreement": 0.625,
             "cohen_kappa": 0.478261, "weighted_kappa_linear": 0.5,
             "weighted_kappa_quadratic": 0.538462},
            {"a": "a", "b": "d", "units": 9, "percent_agreement": 0.888889,
             "cohen_kappa": 0.85, "weighted_kappa_linear": 0.715789,
             "weighted_kappa_quadratic": 0.552486},
            {"a": "b", "b": "c", "units": 9, "percent_agreement": 0.666667,
             "cohen_kappa": 0.542373, "weighted_kappa_linear": 0.715789,
             "weighted_kappa_quadratic": 0.857143},
            {"a": "b", "b": "d", "units": 10, "percent_agreement": 0.9,
             "cohen_kappa": 0.87013, "weighted_kappa_linear": 0.855072,
             "weighted_kappa_quadratic": 0.870968},
            {"a": "c", "b": "d", "units": 10, "percent_agreement": 0.7,
             "cohen_kappa": 0.615385, "weighted_kappa_linear": 0.772727,
             "weighted_kappa_quadratic": 0.892086}
        ],
        "by_rubric": []
    })
}

/// The whole text of the worked example. Besides the figures above (to 3 decimals, 1 for
/// percentages): the verdicts from Krippendorff's thresholds (0.815 and 0.849 ≥ 0.800
/// reliable, 0.743 ≥ 0.667 tentative), and the disagreement line, by hand over the 55
/// unordered pairs of values within the 11 units (3 in each 3-value unit, 6 in each 4-value
/// unit, 1 in unit 11): the distances sum to 3 (unit 2) + 10 (unit 6: 1,2,3,4) + 3 (unit 8) =
/// 16, 16/55 = 0.29 levels; 43 of the 55 pairs are equal, 78.2%.
const KRIPPENDORFF_TEXT: &str = "\
Agreement among instructors: 11 units scored by two or more instructors (4 instructors, 40 values)
A unit is one student on one criterion in one session.

Krippendorff's alpha (1: perfect agreement; 0: no better than chance)
  ordinal    0.815  reliable   levels in order: the figure that fits rubric levels
  interval   0.849             levels as numbers: larger gaps weigh more
  nominal    0.743             levels as labels: any difference counts the same
Exact agreement: 80.0% (on average, the share of the other instructors' levels on a unit that match an instructor's own).

Pairs of instructors (kappa: agreement beyond chance on the units both scored; weighted kappa
counts near misses as partly agreeing, linearly or quadratically)
  INSTRUCTORS  UNITS  EXACT  KAPPA  LINEAR  QUADRATIC
  a and b      9      88.9%  0.845  0.894   0.940
  a and c      8      62.5%  0.478  0.500   0.538
  a and d      9      88.9%  0.850  0.716   0.552
  b and c      9      66.7%  0.542  0.716   0.857
  b and d      10     90.0%  0.870  0.855   0.871
  c and d      10     70.0%  0.615  0.773   0.892

Where instructors disagree most (talk these through with examples before the next session)
  Judgement (Calibration): 0.29 levels apart on average, 78.2% of pairs the same, 11 units
";

#[test]
fn krippendorff_2011_worked_example_through_the_pipeline() {
    let test = krippendorff_course();
    // The course is clean: the added rubric is used by a module.
    let test = test.args(&["check"]);
    test.expect(0, "0 errors, 0 warnings in 5 files\n", "");
    let test = import(test, "scores.csv", &krippendorff_rows(), false);
    assert_eq!(agreement_json(&test, &[]), krippendorff_json());
    let test = test.args(&["agreement"]);
    test.expect(0, KRIPPENDORFF_TEXT, "");
}

/// Self and peer ratings are not instructors' values. On every unit, the student rates
/// themself 5, and students `a` and `d` (IDs that are also instructors' IDs, so a rater merged
/// by ID alone would show too) rate them 1 and 4 as peers. Counted as raters of their own, they
/// would change every top-level figure (script: 12 units, 18 raters, 77 values, percent
/// 213/770 = 0.276623, alphas 0.096243, −0.006998, −0.00087) and add 74 pairs.
#[test]
fn self_and_peer_ratings_never_count() {
    let mut roster = students("u", 12);
    roster.extend(["a".to_owned(), "d".to_owned()]);
    let test = course(
        &[("calibration", CALIBRATION)],
        &roster,
        &["a", "b", "c", "d"],
    );
    let mut rows = krippendorff_rows();
    for student in students("u", 12) {
        rows.push(format!(
            "s1,2026-09-02,{student},{student},self,calibration,judgement,5\n"
        ));
        rows.push(format!(
            "s1,2026-09-02,{student},a,peer,calibration,judgement,1\n"
        ));
        rows.push(format!(
            "s1,2026-09-02,{student},d,peer,calibration,judgement,4\n"
        ));
    }
    // All recorded: 41 instructor assessments, 12 self and 24 peer.
    let test = test
        .write("scores.csv", &format!("{HEADER}{}", rows.concat()))
        .args(&["import", "scores.csv"]);
    test.expect(
        0,
        "",
        "scores.csv: recorded 77 assessments, amended 0, unchanged 0 (77 scores written); new sessions: s1\n",
    );
    assert_eq!(agreement_json(&test, &[]), krippendorff_json());
    let test = test.args(&["agreement"]);
    test.expect(0, KRIPPENDORFF_TEXT, "");
}

#[test]
fn the_order_of_the_rows_changes_nothing() {
    let rows = krippendorff_rows();
    assert_eq!(rows.len(), 41);
    // A fixed shuffle: row i goes to position 17 · i mod 41 (41 is prime, so a permutation).
    let mut shuffled = vec![String::new(); rows.len()];
    for (i, row) in rows.into_iter().enumerate() {
        shuffled[17 * i % 41] = row;
    }
    let test = import(krippendorff_course(), "scores.csv", &shuffled, false);
    assert_eq!(agreement_json(&test, &[]), krippendorff_json());
    let test = test.args(&["agreement"]);
    test.expect(0, KRIPPENDORFF_TEXT, "");
}

// ---------------------------------------------------------------------------------------------
// Cohen's kappa on published tables

/// Two instructors, `jo` (rows) and `sam` (columns), on `count` students of the 3-level
/// `etiquette` rubric in one session: `table[i][j]` students got level i + 1 from jo and j + 1
/// from sam.
fn two_instructors(table: [[u32; 3]; 3]) -> Test {
    let count: u32 = table.iter().flatten().sum();
    let roster = students("p", count as usize);
    let test = course(&[("etiquette", ETIQUETTE)], &roster, &["jo", "sam"]);
    let mut levels = Vec::new();
    for (i, cells) in (1..).zip(table) {
        for (j, n) in (1..).zip(cells) {
            levels.extend(std::iter::repeat_n((i, j), n as usize));
        }
    }
    let rows: Vec<String> = roster
        .iter()
        .zip(levels)
        .flat_map(|(student, (x, y))| {
            [
                row("s1", student, "jo", "etiquette", "punctuality", x),
                row("s1", student, "sam", "etiquette", "punctuality", y),
            ]
        })
        .collect();
    import(test, "scores.csv", &rows, false)
}

/// Artstein, R. & Poesio, M. (2008), "Inter-Coder Agreement for Computational Linguistics",
/// Computational Linguistics 34(4), the multiclass example as scikit-learn's `test_cohen_kappa`
/// weights it: 46 (1, 1), 4 (2, 1), 40 (2, 2), 10 (3, 3); published κ 0.9315, linear 0.9412,
/// quadratic 0.9541. By hand: marginals .46/.44/.10 (jo) and .50/.40/.10 (sam), `p_o` = .96,
/// `p_e` = .230 + .176 + .010 = .416, κ = .544/.584 = 68/73 = 0.9315068; weighted, with the
/// weights' common factors 1/2 and 1/4 left out (they cancel): `Σ w p_o` = .04 (the four
/// (2, 1) units, one level apart) and `Σ w p_e` = .488 + 2 · .096 = .68 (linear), .488 + 4 ·
/// .096 = .872 (quadratic), where .488 sums the products of the marginals one level apart and
/// .096 those two levels apart: 1 − .04/.68 = 16/17 = 0.9411765, 1 − .04/.872 = 104/109 =
/// 0.9541284.
/// Alphas (script): n = 200, `n_1..n_3` = 96, 84, 20, the 4 disagreements (2, 1) give 8
/// off-diagonal coincidences: nominal 1 − 199 · 8/(200² − 16672) = 2717/2916 = 0.9317558,
/// ordinal 28369/30160 = 0.9406167, interval 4157/4356 = 0.9543159. In the text, the 4
/// disagreements are one level apart: 4/100 = 0.04 levels on average.
#[test]
fn artstein_poesio_weighted_kappa_through_the_pipeline() {
    let test = two_instructors([[46, 0, 0], [4, 40, 0], [0, 0, 10]]);
    assert_eq!(
        agreement_json(&test, &[]),
        json!({
            "units": 100,
            "raters": 2,
            "pairable_values": 200,
            "percent_agreement": 0.96,
            "krippendorff_alpha": {"nominal": 0.931756, "ordinal": 0.940617, "interval": 0.954316},
            "pairs": [
                {"a": "jo", "b": "sam", "units": 100, "percent_agreement": 0.96,
                 "cohen_kappa": 0.931507, "weighted_kappa_linear": 0.941176,
                 "weighted_kappa_quadratic": 0.954128}
            ],
            "by_rubric": []
        })
    );
    let test = test.args(&["agreement"]);
    test.expect(
        0,
        "\
Agreement among instructors: 100 units scored by two or more instructors (2 instructors, 200 values)
A unit is one student on one criterion in one session.

Krippendorff's alpha (1: perfect agreement; 0: no better than chance)
  ordinal    0.941  reliable   levels in order: the figure that fits rubric levels
  interval   0.954             levels as numbers: larger gaps weigh more
  nominal    0.932             levels as labels: any difference counts the same
Exact agreement: 96.0% (on average, the share of the other instructors' levels on a unit that match an instructor's own).

Pairs of instructors (kappa: agreement beyond chance on the units both scored; weighted kappa
counts near misses as partly agreeing, linearly or quadratically)
  INSTRUCTORS  UNITS  EXACT  KAPPA  LINEAR  QUADRATIC
  jo and sam   100    96.0%  0.932  0.941   0.954

Where instructors disagree most (talk these through with examples before the next session)
  Punctuality (Etiquette): 0.04 levels apart on average, 96.0% of pairs the same, 100 units
",
        "",
    );
}

/// Cohen, J. (1968), "Weighted kappa", Psychological Bulletin 70(4), Table 1 as the 200
/// patients' counts (proportions .44 .07 .09 / .05 .20 .05 / .01 .03 .06): published κ = .492.
/// By hand: `p_o` = .70, marginals .60/.30/.10 (jo) and .50/.30/.20 (sam), `p_e` = .30 + .09 +
/// .02 = .41, κ = .29/.59 = 29/59 = 0.4915254. Weighted with this rubric's distances (not the
/// paper's ratio weights 1, 3, 6), by the script: linear 9/19 = 0.4736842 (by hand: `Σ w p_o`
/// = (.07 + .05 + .05 + .03)/2 + (.09 + .01) = .20, `Σ w p_e` = .42/2 + .17 = .38 from the
/// marginals' products one level apart (.42) and two apart (.17), 1 − .20/.38), quadratic
/// 5/11 = 0.4545455 (`Σ w p_o` = .20/4 + .10 = .15, `Σ w p_e` = .42/4 + .17 = .275).
/// Alphas (script): `n_1..n_3` = 220, 120, 60, 120 off-diagonal coincidences: nominal
/// 1 − 399 · 120/(400² − 66400) = 127/260 = 0.4884615, ordinal 50339/102000 = 0.4935196,
/// interval 107/240 = 0.4458333. In the text, 40 units are one level apart and 20 two levels
/// (18 + 2): 80/200 = 0.40 levels on average; every alpha below 0.667 is weak, and the ordinal
/// alpha's verdict brings the warning.
#[test]
fn cohen_1968_table_through_the_pipeline() {
    let test = two_instructors([[88, 14, 18], [10, 40, 10], [2, 6, 12]]);
    assert_eq!(
        agreement_json(&test, &[]),
        json!({
            "units": 200,
            "raters": 2,
            "pairable_values": 400,
            "percent_agreement": 0.7,
            "krippendorff_alpha": {"nominal": 0.488462, "ordinal": 0.49352, "interval": 0.445833},
            "pairs": [
                {"a": "jo", "b": "sam", "units": 200, "percent_agreement": 0.7,
                 "cohen_kappa": 0.491525, "weighted_kappa_linear": 0.473684,
                 "weighted_kappa_quadratic": 0.454545}
            ],
            "by_rubric": []
        })
    );
    let test = test.args(&["agreement"]);
    test.expect(
        0,
        "\
Agreement among instructors: 200 units scored by two or more instructors (2 instructors, 400 values)
A unit is one student on one criterion in one session.

Krippendorff's alpha (1: perfect agreement; 0: no better than chance)
  ordinal    0.494  weak       levels in order: the figure that fits rubric levels
  interval   0.446             levels as numbers: larger gaps weigh more
  nominal    0.488             levels as labels: any difference counts the same
Exact agreement: 70.0% (on average, the share of the other instructors' levels on a unit that match an instructor's own).

Pairs of instructors (kappa: agreement beyond chance on the units both scored; weighted kappa
counts near misses as partly agreeing, linearly or quadratically)
  INSTRUCTORS  UNITS  EXACT  KAPPA  LINEAR  QUADRATIC
  jo and sam   200    70.0%  0.492  0.474   0.455

Where instructors disagree most (talk these through with examples before the next session)
  Punctuality (Etiquette): 0.40 levels apart on average, 70.0% of pairs the same, 200 units

Weak agreement: the ordinal alpha 0.494 is below 0.667, Krippendorff's threshold for even tentative
conclusions. Scores from these instructors are not yet interchangeable: calibrate on the criteria above.
",
        "",
    );
}

// ---------------------------------------------------------------------------------------------
// Edge cases

/// docs/FORMATS.md: no pairable unit, every figure null.
fn nothing_json() -> Value {
    json!({
        "units": 0,
        "raters": 0,
        "pairable_values": 0,
        "percent_agreement": null,
        "krippendorff_alpha": {"nominal": null, "ordinal": null, "interval": null},
        "pairs": [],
        "by_rubric": []
    })
}

const NOTHING_TEXT: &str = "\
No unit was scored by two or more instructors, so there is no agreement to measure.
A unit is one student on one criterion in one session: have two instructors score the same
students in a session (or import both score sheets) to calibrate.
";

const PEOPLE: [&str; 4] = ["amara", "ben", "carla", "dan"];

/// The fixture's course with students amara, ben, carla, dan and instructors jo, lee, sam.
fn people() -> Test {
    let roster: Vec<String> = PEOPLE.iter().map(|&s| s.to_owned()).collect();
    course(&[], &roster, &["jo", "lee", "sam"])
}

/// (session, student, criterion, [(rater, level)]).
type Scores<'a> = (&'a str, &'a str, &'a str, &'a [(&'a str, u32)]);

/// Levels on `oral-communication` as CSV rows: (session, student, criterion, [(rater, level)]).
fn oral(scores: &[Scores<'_>]) -> Vec<String> {
    scores
        .iter()
        .flat_map(|&(session, student, criterion, levels)| {
            levels.iter().map(move |&(rater, level)| {
                row(
                    session,
                    student,
                    rater,
                    "oral-communication",
                    criterion,
                    level,
                )
            })
        })
        .collect()
}

/// Three instructors on three students' two criteria in `session`: six units.
fn small_rows(session: &str) -> Vec<String> {
    oral(&[
        (
            session,
            "amara",
            "direction",
            &[("jo", 3), ("lee", 3), ("sam", 4)],
        ),
        (
            session,
            "amara",
            "listening",
            &[("jo", 2), ("lee", 2), ("sam", 2)],
        ),
        (
            session,
            "ben",
            "direction",
            &[("jo", 1), ("lee", 2), ("sam", 1)],
        ),
        (
            session,
            "ben",
            "listening",
            &[("jo", 3), ("lee", 4), ("sam", 3)],
        ),
        (
            session,
            "carla",
            "direction",
            &[("jo", 3), ("lee", 3), ("sam", 3)],
        ),
        (
            session,
            "carla",
            "listening",
            &[("jo", 2), ("lee", 1), ("sam", 1)],
        ),
    ])
}

/// The figures of `small_rows`. By hand: n = 18 values, `n_1..n_4` = 4, 5, 7, 2; each unit
/// x, x, y adds 2 · 1/2 = 1 to the diagonal and each x, x, x adds 3: 10/18 = 5/9 agree.
/// Nominal 1 − 17 · 8/(18² − 94) = 47/115 = 0.4086957. Interval: the four units x, x, y are
/// one level apart, 2 coincidences each, so `Σ o δ²` = 8; `Σ n_c n_k δ²` over the ordered
/// pairs of levels (1, 2), (1, 3), (1, 4), (2, 3), (2, 4), (3, 4) and back is 2 · (20 · 1 +
/// 28 · 4 + 8 · 9 + 35 · 1 + 10 · 4 + 14 · 1) = 586; 1 − 17 · 8/586 = 225/293 = 0.7679181.
/// Ordinal (script): 81/98 = 0.8265306. Pairs (script): jo–lee 6 units, 3 equal, κ 0.28,
/// linear 0.470588, quadratic 0.666667; jo–sam 4 equal, κ 0.538462, 0.684211, 0.8125; lee–sam
/// 3 equal, κ 0.333333, 0.571429, 0.769231.
fn small_json() -> Value {
    json!({
        "units": 6,
        "raters": 3,
        "pairable_values": 18,
        "percent_agreement": 0.555556,
        "krippendorff_alpha": {"nominal": 0.408696, "ordinal": 0.826531, "interval": 0.767918},
        "pairs": [
            {"a": "jo", "b": "lee", "units": 6, "percent_agreement": 0.5,
             "cohen_kappa": 0.28, "weighted_kappa_linear": 0.470588,
             "weighted_kappa_quadratic": 0.666667},
            {"a": "jo", "b": "sam", "units": 6, "percent_agreement": 0.666667,
             "cohen_kappa": 0.538462, "weighted_kappa_linear": 0.684211,
             "weighted_kappa_quadratic": 0.8125},
            {"a": "lee", "b": "sam", "units": 6, "percent_agreement": 0.5,
             "cohen_kappa": 0.333333, "weighted_kappa_linear": 0.571429,
             "weighted_kappa_quadratic": 0.769231}
        ],
        "by_rubric": []
    })
}

/// The text of `small_rows`: the figures of `small_json` (0.8125 shows as 0.813, half up), the
/// verdicts (ordinal 0.827 reliable, interval 0.768 tentative, nominal 0.409 weak), and per
/// criterion, by hand over the 9 pairs of values in its 3 units: direction 3,3,4 / 1,2,1 /
/// 3,3,3 are 2 + 2 + 0 = 4 levels apart in all, 4/9 = 0.44, with 1 + 1 + 3 = 5 of 9 pairs
/// equal (55.6%); listening 2,2,2 / 3,4,3 / 2,1,1 the same, so the tie goes by title.
const SMALL_TEXT: &str = "\
Agreement among instructors: 6 units scored by two or more instructors (3 instructors, 18 values)
A unit is one student on one criterion in one session.

Krippendorff's alpha (1: perfect agreement; 0: no better than chance)
  ordinal    0.827  reliable   levels in order: the figure that fits rubric levels
  interval   0.768             levels as numbers: larger gaps weigh more
  nominal    0.409             levels as labels: any difference counts the same
Exact agreement: 55.6% (on average, the share of the other instructors' levels on a unit that match an instructor's own).

Pairs of instructors (kappa: agreement beyond chance on the units both scored; weighted kappa
counts near misses as partly agreeing, linearly or quadratically)
  INSTRUCTORS  UNITS  EXACT  KAPPA  LINEAR  QUADRATIC
  jo and lee   6      50.0%  0.280  0.471   0.667
  jo and sam   6      66.7%  0.538  0.684   0.813
  lee and sam  6      50.0%  0.333  0.571   0.769

Where instructors disagree most (talk these through with examples before the next session)
  Giving direction (Oral communication): 0.44 levels apart on average, 55.6% of pairs the same, 3 units
  Listening (Oral communication): 0.44 levels apart on average, 55.6% of pairs the same, 3 units
";

#[test]
fn without_a_gradebook_every_figure_is_null_and_nothing_is_created() {
    let test = Test::with_fixture("minimal");
    let before = test.snapshot();
    assert_eq!(agreement_json(&test, &[]), nothing_json());
    let test = test.args(&["agreement"]);
    test.expect(0, NOTHING_TEXT, "");
    assert_eq!(test.snapshot(), before);
    assert!(!test.path("rapport.db").exists());
}

#[test]
fn one_instructor_alone_has_no_one_to_agree_with() {
    let test = import(
        people(),
        "scores.csv",
        &oral(&[
            ("s1", "amara", "direction", &[("jo", 3)]),
            ("s1", "amara", "listening", &[("jo", 2)]),
            ("s1", "ben", "direction", &[("jo", 1)]),
            ("s2", "amara", "direction", &[("jo", 4)]),
        ]),
        false,
    );
    let before = test.snapshot();
    assert_eq!(agreement_json(&test, &[]), nothing_json());
    let test = test.args(&["agreement"]);
    test.expect(0, NOTHING_TEXT, "");
    assert_eq!(test.snapshot(), before);
}

/// Jo and Sam always give Proficient: no variation, so no alpha and no kappa (expected
/// disagreement and 1 − `p_e` are 0), but they agree on every unit.
#[test]
fn identical_values_agree_but_alpha_and_kappa_are_undefined() {
    let both = &[("jo", 3), ("sam", 3)][..];
    let test = import(
        people(),
        "scores.csv",
        &oral(&[
            ("s1", "amara", "direction", both),
            ("s1", "amara", "listening", both),
            ("s1", "ben", "direction", both),
            ("s1", "ben", "listening", both),
        ]),
        false,
    );
    assert_eq!(
        agreement_json(&test, &[]),
        json!({
            "units": 4,
            "raters": 2,
            "pairable_values": 8,
            "percent_agreement": 1.0,
            "krippendorff_alpha": {"nominal": null, "ordinal": null, "interval": null},
            "pairs": [
                {"a": "jo", "b": "sam", "units": 4, "percent_agreement": 1.0,
                 "cohen_kappa": null, "weighted_kappa_linear": null,
                 "weighted_kappa_quadratic": null}
            ],
            "by_rubric": []
        })
    );
    let test = test.args(&["agreement"]);
    test.expect(
        0,
        "\
Agreement among instructors: 4 units scored by two or more instructors (2 instructors, 8 values)
A unit is one student on one criterion in one session.

Krippendorff's alpha (1: perfect agreement; 0: no better than chance)
  not defined: every level given is the same, so there is no variation to measure agreement against
Exact agreement: 100.0% (on average, the share of the other instructors' levels on a unit that match an instructor's own).

Pairs of instructors (kappa: agreement beyond chance on the units both scored; weighted kappa
counts near misses as partly agreeing, linearly or quadratically)
  INSTRUCTORS  UNITS  EXACT   KAPPA  LINEAR  QUADRATIC
  jo and sam   4      100.0%  –      –       –
  –: not defined, both gave one and the same level throughout
",
        "",
    );
}

/// Perfect agreement among different levels: every alpha and kappa is exactly 1.
#[test]
fn perfect_agreement_among_different_levels_is_one() {
    let test = import(
        people(),
        "scores.csv",
        &oral(&[
            ("s1", "amara", "direction", &[("jo", 2), ("sam", 2)]),
            ("s1", "amara", "listening", &[("jo", 4), ("sam", 4)]),
            ("s1", "ben", "direction", &[("jo", 2), ("sam", 2)]),
            ("s1", "ben", "listening", &[("jo", 1), ("sam", 1)]),
        ]),
        false,
    );
    assert_eq!(
        agreement_json(&test, &[]),
        json!({
            "units": 4,
            "raters": 2,
            "pairable_values": 8,
            "percent_agreement": 1.0,
            "krippendorff_alpha": {"nominal": 1.0, "ordinal": 1.0, "interval": 1.0},
            "pairs": [
                {"a": "jo", "b": "sam", "units": 4, "percent_agreement": 1.0,
                 "cohen_kappa": 1.0, "weighted_kappa_linear": 1.0,
                 "weighted_kappa_quadratic": 1.0}
            ],
            "by_rubric": []
        })
    );
    let test = test.args(&["agreement"]);
    test.expect(
        0,
        "\
Agreement among instructors: 4 units scored by two or more instructors (2 instructors, 8 values)
A unit is one student on one criterion in one session.

Krippendorff's alpha (1: perfect agreement; 0: no better than chance)
  ordinal    1.000  reliable   levels in order: the figure that fits rubric levels
  interval   1.000             levels as numbers: larger gaps weigh more
  nominal    1.000             levels as labels: any difference counts the same
Exact agreement: 100.0% (on average, the share of the other instructors' levels on a unit that match an instructor's own).

Pairs of instructors (kappa: agreement beyond chance on the units both scored; weighted kappa
counts near misses as partly agreeing, linearly or quadratically)
  INSTRUCTORS  UNITS  EXACT   KAPPA  LINEAR  QUADRATIC
  jo and sam   4      100.0%  1.000  1.000   1.000
",
        "",
    );
}

#[test]
fn the_small_set() {
    let test = import(people(), "scores.csv", &small_rows("s1"), false);
    assert_eq!(agreement_json(&test, &[]), small_json());
    let test = test.args(&["agreement"]);
    test.expect(0, SMALL_TEXT, "");
}

/// Values alone on their unit say nothing about agreement: Dan's two criteria each scored by
/// one instructor, and Lee alone in s2 (with a level that, counted, would shift the ordinal
/// ranks and every alpha). Figures and text are those of the six units alone.
#[test]
fn a_unit_with_a_single_value_is_ignored() {
    let mut rows = small_rows("s1");
    rows.extend(oral(&[
        ("s1", "dan", "direction", &[("jo", 4)]),
        ("s1", "dan", "listening", &[("sam", 1)]),
        ("s2", "amara", "direction", &[("lee", 4)]),
    ]));
    let test = import(people(), "scores.csv", &rows, false);
    assert_eq!(agreement_json(&test, &[]), small_json());
    let test = test.args(&["agreement"]);
    test.expect(0, SMALL_TEXT, "");
}

/// Lee leaves `listening` out of Ben's assessment: that unit keeps Jo's and Sam's 3 and 3.
/// By hand: 17 values, the unit adds 2/1 = 2 to the diagonal instead of 1: 11/17 =
/// 0.6470588; `n_1..n_4` = 4, 5, 7, 1, nominal 1 − 16 · 6/(17² − 91) = 17/33 = 0.5151515.
/// In the text, listening's 7 pairs (3 + 1 + 3) are 0 + 0 + 2 levels apart, 2/7 = 0.29, and
/// 3 + 1 + 1 of them equal, 71.4%.
/// Script: ordinal 5301/6205 = 0.8543111, interval 91/115 = 0.7913043; jo–lee and lee–sam share 5
/// units (3 equal), jo–lee κ 0.375, linear 0.5, quadratic 0.642857; lee–sam κ 0.473684,
/// 0.642857, 0.791667; jo–sam unchanged.
#[test]
fn a_criterion_left_out_leaves_its_unit_one_value_fewer() {
    let rows: Vec<String> = small_rows("s1")
        .into_iter()
        .filter(|r| r != "s1,2026-09-02,ben,lee,,oral-communication,listening,4\n")
        .collect();
    assert_eq!(rows.len(), 17);
    let test = import(people(), "scores.csv", &rows, false);
    assert_eq!(
        agreement_json(&test, &[]),
        json!({
            "units": 6,
            "raters": 3,
            "pairable_values": 17,
            "percent_agreement": 0.647059,
            "krippendorff_alpha": {"nominal": 0.515152, "ordinal": 0.854311, "interval": 0.791304},
            "pairs": [
                {"a": "jo", "b": "lee", "units": 5, "percent_agreement": 0.6,
                 "cohen_kappa": 0.375, "weighted_kappa_linear": 0.5,
                 "weighted_kappa_quadratic": 0.642857},
                {"a": "jo", "b": "sam", "units": 6, "percent_agreement": 0.666667,
                 "cohen_kappa": 0.538462, "weighted_kappa_linear": 0.684211,
                 "weighted_kappa_quadratic": 0.8125},
                {"a": "lee", "b": "sam", "units": 5, "percent_agreement": 0.6,
                 "cohen_kappa": 0.473684, "weighted_kappa_linear": 0.642857,
                 "weighted_kappa_quadratic": 0.791667}
            ],
            "by_rubric": []
        })
    );
    let test = test.args(&["agreement"]);
    test.expect(
        0,
        "\
Agreement among instructors: 6 units scored by two or more instructors (3 instructors, 17 values)
A unit is one student on one criterion in one session.

Krippendorff's alpha (1: perfect agreement; 0: no better than chance)
  ordinal    0.854  reliable   levels in order: the figure that fits rubric levels
  interval   0.791             levels as numbers: larger gaps weigh more
  nominal    0.515             levels as labels: any difference counts the same
Exact agreement: 64.7% (on average, the share of the other instructors' levels on a unit that match an instructor's own).

Pairs of instructors (kappa: agreement beyond chance on the units both scored; weighted kappa
counts near misses as partly agreeing, linearly or quadratically)
  INSTRUCTORS  UNITS  EXACT  KAPPA  LINEAR  QUADRATIC
  jo and lee   5      60.0%  0.375  0.500   0.643
  jo and sam   6      66.7%  0.538  0.684   0.813
  lee and sam  5      60.0%  0.474  0.643   0.792

Where instructors disagree most (talk these through with examples before the next session)
  Giving direction (Oral communication): 0.44 levels apart on average, 55.6% of pairs the same, 3 units
  Listening (Oral communication): 0.29 levels apart on average, 71.4% of pairs the same, 3 units
",
        "",
    );
}

// ---------------------------------------------------------------------------------------------
// Several rubrics, filters

/// Krippendorff's data on `calibration` (5 levels) in s1 on 2026-09-02, and the six units of
/// `small_rows` on `oral-communication` (4 levels) in s2 on 2026-09-16.
fn two_sessions() -> Test {
    let mut roster = students("u", 12);
    roster.extend(PEOPLE.iter().map(|&s| s.to_owned()));
    let test = course(
        &[("calibration", CALIBRATION)],
        &roster,
        &["a", "b", "c", "d", "jo", "lee", "sam"],
    );
    let mut rows = krippendorff_rows();
    rows.extend(small_rows("s2"));
    import(test, "scores.csv", &rows, false)
}

/// `figures` with `"id": id`.
fn with_id(mut figures: Value, id: &str) -> Value {
    figures["id"] = json!(id);
    figures
}

/// Both rubrics pooled: 17 units, 58 values from 7 instructors, the diagonal 32 + 10 = 42 of
/// 58 = 21/29 = 0.7241379. The alphas pool the level scores of both rubrics as numbers; by
/// hand, nominal: `n_1..n_5` = 9 + 4, 13 + 5, 10 + 7, 5 + 2, 3 = 13, 18, 17, 7, 3, `Σ n_c²` =
/// 840, α = 1 − 57 · 16/(58² − 840) = 403/631 = 0.6386688; script: ordinal 953233/1171600 =
/// 0.8136164, interval 3479/4201 = 0.8281362. The scales differ (5 levels, 4 levels), so the
/// pairs keep their counts and exact agreement and have no kappa; `by_rubric` holds each
/// rubric's own figures (those of the two sets alone), ordered by ID. The text lists the
/// criteria by mean distance: 0.44, 0.44 (tie: by title), then 0.29.
#[test]
fn rubrics_on_different_scales_have_no_pooled_kappa() {
    let test = two_sessions();
    let pair = |a: &str, b: &str, units: u32, percent: f64| {
        json!({"a": a, "b": b, "units": units, "percent_agreement": percent,
               "cohen_kappa": null, "weighted_kappa_linear": null,
               "weighted_kappa_quadratic": null})
    };
    assert_eq!(
        agreement_json(&test, &[]),
        json!({
            "units": 17,
            "raters": 7,
            "pairable_values": 58,
            "percent_agreement": 0.724138,
            "krippendorff_alpha": {"nominal": 0.638669, "ordinal": 0.813616, "interval": 0.828136},
            "pairs": [
                pair("a", "b", 9, 0.888889),
                pair("a", "c", 8, 0.625),
                pair("a", "d", 9, 0.888889),
                pair("b", "c", 9, 0.666667),
                pair("b", "d", 10, 0.9),
                pair("c", "d", 10, 0.7),
                pair("jo", "lee", 6, 0.5),
                pair("jo", "sam", 6, 0.666667),
                pair("lee", "sam", 6, 0.5)
            ],
            "by_rubric": [
                with_id(krippendorff_json(), "calibration"),
                with_id(small_json(), "oral-communication")
            ]
        })
    );
    let test = test.args(&["agreement"]);
    expect_snapshot!(test, 0, "two_sessions_text", "");
}

/// `feedback` shares `oral-communication`'s scale (scores 1–4; the labels differ), so the
/// top-level kappas pool the units of both rubrics on that scale. `small_rows` plus four
/// feedback units: Amara jo 1 / sam 2, Ben 4 / 4, Carla 2 / 2, Dan jo 3 / lee 1.
///
/// Pooled, by hand: jo–lee share 7 units (the six and Dan's), 3 equal (0.428571); marginals
/// on levels 1–4 jo 1, 2, 4, 0 and lee 2, 2, 2, 1: `p_e` = (2 + 4 + 8)/49 = 2/7, κ = (3/7 −
/// 2/7)/(1 − 2/7) = 0.2. Script: jo–lee linear 2/7 = 0.285714, quadratic 0.379747; jo–sam 9
/// units, 6 equal, κ 0.55, 0.703297, 0.836364; lee–sam as in `small_json`. Alphas: 26 values,
/// diagonal 14 (10 + 2 + 2), 7/13; nominal 49/124 = 0.3951613, ordinal 2013/2938 = 0.6851600,
/// interval 91/136 = 0.6691176.
///
/// Feedback alone, by hand: 8 values, `n_1..n_4` = 2, 3, 1, 2, diagonal 4: nominal 1 − 7 ·
/// 4/(64 − 18) = 9/23 = 0.3913043; script: ordinal 253/624 = 0.4054487, interval 44/79 =
/// 0.5569620. jo–lee: one unit (3, 1), `p_o` = `p_e` = 0, every kappa 0; jo–sam: 3 units, 2
/// equal, κ 0.5, linear 8/11 = 0.727273, quadratic 20/23 = 0.869565. In the text, clarity's 4
/// pairs are 1 + 0 + 0 + 2 levels apart (0.75), 2 of 4 equal (50.0%): it comes first.
#[test]
fn rubrics_on_one_scale_pool_their_kappas() {
    let roster: Vec<String> = PEOPLE.iter().map(|&s| s.to_owned()).collect();
    let test = course(&[("feedback", FEEDBACK)], &roster, &["jo", "lee", "sam"]);
    let mut rows = small_rows("s1");
    for (student, levels) in [
        ("amara", [("jo", 1), ("sam", 2)]),
        ("ben", [("jo", 4), ("sam", 4)]),
        ("carla", [("jo", 2), ("sam", 2)]),
        ("dan", [("jo", 3), ("lee", 1)]),
    ] {
        for (rater, level) in levels {
            rows.push(row("s1", student, rater, "feedback", "clarity", level));
        }
    }
    let test = import(test, "scores.csv", &rows, false);
    assert_eq!(
        agreement_json(&test, &[]),
        json!({
            "units": 10,
            "raters": 3,
            "pairable_values": 26,
            "percent_agreement": 0.538462,
            "krippendorff_alpha": {"nominal": 0.395161, "ordinal": 0.68516, "interval": 0.669118},
            "pairs": [
                {"a": "jo", "b": "lee", "units": 7, "percent_agreement": 0.428571,
                 "cohen_kappa": 0.2, "weighted_kappa_linear": 0.285714,
                 "weighted_kappa_quadratic": 0.379747},
                {"a": "jo", "b": "sam", "units": 9, "percent_agreement": 0.666667,
                 "cohen_kappa": 0.55, "weighted_kappa_linear": 0.703297,
                 "weighted_kappa_quadratic": 0.836364},
                {"a": "lee", "b": "sam", "units": 6, "percent_agreement": 0.5,
                 "cohen_kappa": 0.333333, "weighted_kappa_linear": 0.571429,
                 "weighted_kappa_quadratic": 0.769231}
            ],
            "by_rubric": [
                {"id": "feedback", "units": 4, "raters": 3, "pairable_values": 8,
                 "percent_agreement": 0.5,
                 "krippendorff_alpha": {"nominal": 0.391304, "ordinal": 0.405449,
                                        "interval": 0.556962},
                 "pairs": [
                     {"a": "jo", "b": "lee", "units": 1, "percent_agreement": 0.0,
                      "cohen_kappa": 0.0, "weighted_kappa_linear": 0.0,
                      "weighted_kappa_quadratic": 0.0},
                     {"a": "jo", "b": "sam", "units": 3, "percent_agreement": 0.666667,
                      "cohen_kappa": 0.5, "weighted_kappa_linear": 0.727273,
                      "weighted_kappa_quadratic": 0.869565}
                 ],
                 "by_rubric": []},
                with_id(small_json(), "oral-communication")
            ]
        })
    );
    let test = test.args(&["agreement"]);
    expect_snapshot!(test, 0, "pooled_kappas_text", "");
}

#[test]
fn session_rubric_and_since_narrow_the_units() {
    let test = two_sessions();
    let all = agreement_json(&test, &[]);
    assert_eq!(all["units"], 17);
    for (args, expected) in [
        (&["--session", "s1"][..], krippendorff_json()),
        (&["--session", "S2"], small_json()),
        (&["--rubric", "calibration"], krippendorff_json()),
        (&["--rubric", "Oral-Communication"], small_json()),
        // On or after: s2 is on 2026-09-16, s1 on 2026-09-02.
        (&["--since", "2026-09-16"], small_json()),
        (&["--since", "2026-09-03"], small_json()),
        (&["--since", "2026-09-02"], all.clone()),
        (&["--since", "2026-09-17"], nothing_json()),
        (
            &["--session", "s1", "--rubric", "oral-communication"],
            nothing_json(),
        ),
        (
            &[
                "--session",
                "s2",
                "--rubric",
                "oral-communication",
                "--since",
                "2026-09-16",
            ],
            small_json(),
        ),
    ] {
        assert_eq!(agreement_json(&test, args), expected, "{args:?}");
    }
    let test = test.args(&["agreement", "--session", "s2", "--since", "2026-09-16"]);
    test.expect(
        0,
        &SMALL_TEXT.replacen(
            "Agreement among instructors:",
            "Agreement among instructors in session s2 since 2026-09-16:",
            1,
        ),
        "",
    );
    let test = test.args(&[
        "agreement",
        "--session",
        "s1",
        "--rubric",
        "oral-communication",
    ]);
    test.expect(
        0,
        &NOTHING_TEXT.replacen(
            "No unit was",
            "No unit in session s1 on Oral communication was",
            1,
        ),
        "",
    );
}

#[test]
fn bad_filters_are_refused_and_write_nothing() {
    let test = two_sessions();
    let test = refused(
        test,
        &["agreement", "--session", "s22"],
        "error: unknown session `s22`, did you mean `s2`?\n  hint: `rapport session list` shows the sessions\n",
    );
    let test = refused(
        test,
        &["--json", "agreement", "--session", "s11"],
        "error: unknown session `s11`, did you mean `s1`?\n  hint: `rapport session list` shows the sessions\n",
    );
    let test = refused(
        test,
        &["agreement", "--session", "mix-review"],
        "error: unknown session `mix-review`\n  hint: `rapport session list` shows the sessions\n",
    );
    let test = refused(
        test,
        &["agreement", "--rubric", "oral-comunication"],
        "error: unknown rubric `oral-comunication`, did you mean `oral-communication`?\n  hint: the course's rubrics are `calibration`, `oral-communication`\n",
    );
    let test = refused(
        test,
        &["agreement", "--rubric", "etiquette"],
        "error: unknown rubric `etiquette`\n  hint: the course's rubrics are `calibration`, `oral-communication`\n",
    );
    let test = refused(
        test,
        &["agreement", "--since", "2026-13-01"],
        "error: --since: `2026-13-01` is not a date; write it as YYYY-MM-DD (e.g. 2026-09-14), `today` or `yesterday`\n",
    );
    let test = refused(
        test,
        &["agreement", "--session", "../x"],
        "error: session ID `../x` starts with `.`; an ID starts with an ASCII letter or digit\n",
    );
    let test = refused(
        test,
        &["agreement", "--rubric", "../x"],
        "error: rubric ID `../x` starts with `.`; an ID starts with an ASCII letter or digit\n",
    );
    let test = refused(
        test,
        &["agreement", "--session", ""],
        "error: session ID `` is empty\n",
    );
    // Usage errors are clap's, exit 2.
    let before = test.snapshot();
    let test = test.args(&["agreement", "--since"]);
    test.expect(
        2,
        "",
        "error: a value is required for '--since <DATE>' but none was supplied\n\nFor more information, try '--help'.\n",
    );
    assert_eq!(test.snapshot(), before);
}

/// Without a gradebook no session is known; asking for one creates nothing.
#[test]
fn an_unknown_session_without_a_gradebook_creates_nothing() {
    let test = Test::with_fixture("minimal");
    let test = refused(
        test,
        &["agreement", "--session", "s1"],
        "error: unknown session `s1`\n  hint: `rapport session list` shows the sessions\n",
    );
    assert!(!test.path("rapport.db").exists());
}

// ---------------------------------------------------------------------------------------------
// Revisions and the course's changes

/// Jo's first levels for Amara (direction 1, listening 4) are amended twice: to 4 and 1 by an
/// amending import, then to 3 and 2 with `score --amend`. Only the latest revision counts: the
/// figures end as those of `small_json`.
///
/// First revision (script): diagonal 7/18 = 0.388889; nominal 3/14 = 0.214286 (by hand:
/// `n_1..n_4` = 5, 6, 5, 2, `Σ n_c²` = 90, 11 equal-value coincidences of 18, 1 − 17 · 11/(324
/// − 90) = 3/14), ordinal 11711/32400 = 0.361451, interval 127/365 = 0.347945; jo–lee 1 equal
/// of 6, κ −1/9 = −0.111111, linear exactly 0, quadratic 2/13 = 0.153846; jo–sam 3 equal,
/// κ 4/13 = 0.307692, linear 2/11 = 0.181818, quadratic 1/22 = 0.045455.
///
/// Second (script): diagonal 8/18 = 0.444444, nominal 2/7 = 0.285714, ordinal 63/80 = 0.7875,
/// interval 56/73 = 0.767123; jo–lee κ −1/9, linear 2/7 = 0.285714, quadratic 8/13 = 0.615385;
/// jo–sam 4 equal, κ 7/13 = 0.538462, linear 8/11 = 0.727273, quadratic 19/22 = 0.863636.
#[test]
fn the_latest_revision_counts() {
    let first: Vec<String> = small_rows("s1")
        .into_iter()
        .map(|r| {
            r.replace(
                ",amara,jo,,oral-communication,direction,3",
                ",amara,jo,,oral-communication,direction,1",
            )
            .replace(
                ",amara,jo,,oral-communication,listening,2",
                ",amara,jo,,oral-communication,listening,4",
            )
        })
        .collect();
    let test = import(people(), "scores.csv", &first, false);
    let lee_sam = json!({"a": "lee", "b": "sam", "units": 6, "percent_agreement": 0.5,
                         "cohen_kappa": 0.333333, "weighted_kappa_linear": 0.571429,
                         "weighted_kappa_quadratic": 0.769231});
    assert_eq!(
        agreement_json(&test, &[]),
        json!({
            "units": 6,
            "raters": 3,
            "pairable_values": 18,
            "percent_agreement": 0.388889,
            "krippendorff_alpha": {"nominal": 0.214286, "ordinal": 0.361451, "interval": 0.347945},
            "pairs": [
                {"a": "jo", "b": "lee", "units": 6, "percent_agreement": 0.166667,
                 "cohen_kappa": -0.111111, "weighted_kappa_linear": 0.0,
                 "weighted_kappa_quadratic": 0.153846},
                {"a": "jo", "b": "sam", "units": 6, "percent_agreement": 0.5,
                 "cohen_kappa": 0.307692, "weighted_kappa_linear": 0.181818,
                 "weighted_kappa_quadratic": 0.045455},
                lee_sam.clone()
            ],
            "by_rubric": []
        })
    );
    let test = import(
        test,
        "amend.csv",
        &oral(&[
            ("s1", "amara", "direction", &[("jo", 4)]),
            ("s1", "amara", "listening", &[("jo", 1)]),
        ]),
        true,
    );
    assert_eq!(
        agreement_json(&test, &[]),
        json!({
            "units": 6,
            "raters": 3,
            "pairable_values": 18,
            "percent_agreement": 0.444444,
            "krippendorff_alpha": {"nominal": 0.285714, "ordinal": 0.7875, "interval": 0.767123},
            "pairs": [
                {"a": "jo", "b": "lee", "units": 6, "percent_agreement": 0.166667,
                 "cohen_kappa": -0.111111, "weighted_kappa_linear": 0.285714,
                 "weighted_kappa_quadratic": 0.615385},
                {"a": "jo", "b": "sam", "units": 6, "percent_agreement": 0.666667,
                 "cohen_kappa": 0.538462, "weighted_kappa_linear": 0.727273,
                 "weighted_kappa_quadratic": 0.863636},
                lee_sam
            ],
            "by_rubric": []
        })
    );
    let test = test.given(&[
        "score",
        "amara",
        "--rubric",
        "oral-communication",
        "--session",
        "s1",
        "--by",
        "jo",
        "direction=3",
        "listening=2",
        "--amend",
        "--reason",
        "misread the sheet",
    ]);
    assert_eq!(agreement_json(&test, &[]), small_json());
    let test = test.args(&["agreement"]);
    test.expect(0, SMALL_TEXT, "");
}

/// Level 5 of `calibration` renumbered 6 after scoring: the three 5s of unit 10 are no level of
/// the course any more, so they are left out (and said so), and unit 10 with them. The scale
/// keeps 5 levels (1, 2, 3, 4, 6), so the kappas' k stays 5.
///
/// Script, Krippendorff's data without unit 10: 10 units, 37 values, diagonal 29/37 =
/// 0.783784 (by hand: 32 − 3); nominal 353/497 = 0.710262 (by hand: `n_1..n_4` = 9, 13, 10, 5,
/// `Σ n_c²` = 375, 1 − 36 · 8/(37² − 375) = 353/497), ordinal 24367/31931 = 0.763114, interval
/// 505/661 = 0.763994. Pairs with unit 10 lose it: b–c 8 units, 5 equal, κ 19/43 = 0.44186,
/// linear 4/7 = 0.571429, quadratic 5/7 = 0.714286; b–d 9 units, 8 equal, κ 50/59 = 0.847458,
/// linear 4/5, quadratic 32/41 = 0.780488; c–d 9 units, 6 equal, κ 11/20 = 0.55, linear 20/29 =
/// 0.689655, quadratic 122/149 = 0.818792; a–b, a–c, a–d unchanged. In the text, 52 pairs of
/// values (55 less unit 10's 3 equal ones), 16 levels apart in all (0.31), 40 equal (76.9%).
#[test]
fn scores_at_a_level_no_longer_in_the_course_are_left_out() {
    let test = import(
        krippendorff_course(),
        "scores.csv",
        &krippendorff_rows(),
        false,
    )
    .edit(
        "rubrics/calibration.yaml",
        "{ score: 5, label: Excellent }",
        "{ score: 6, label: Excellent }",
    );
    let test = test.edit(
        "rubrics/calibration.yaml",
        "5: Names the fix that matters most.",
        "6: Names the fix that matters most.",
    );
    let mut expected = krippendorff_json();
    expected["units"] = json!(10);
    expected["pairable_values"] = json!(37);
    expected["percent_agreement"] = json!(0.783784);
    expected["krippendorff_alpha"] =
        json!({"nominal": 0.710262, "ordinal": 0.763114, "interval": 0.763994});
    expected["pairs"][3] = json!({"a": "b", "b": "c", "units": 8, "percent_agreement": 0.625,
        "cohen_kappa": 0.44186, "weighted_kappa_linear": 0.571429,
        "weighted_kappa_quadratic": 0.714286});
    expected["pairs"][4] = json!({"a": "b", "b": "d", "units": 9, "percent_agreement": 0.888889,
        "cohen_kappa": 0.847458, "weighted_kappa_linear": 0.8,
        "weighted_kappa_quadratic": 0.780488});
    expected["pairs"][5] = json!({"a": "c", "b": "d", "units": 9, "percent_agreement": 0.666667,
        "cohen_kappa": 0.55, "weighted_kappa_linear": 0.689655,
        "weighted_kappa_quadratic": 0.818792});
    assert_eq!(agreement_json(&test, &[]), expected);
    let test = test.args(&["agreement"]);
    expect_snapshot!(test, 0, "left_out_scores_text", "");
    // As the text says, `check` lists them.
    let test = test.args(&["check"]);
    test.expect(
        0,
        "\
rubrics/calibration.yaml:2:1: warning: level 5 is no longer a level of rubric `calibration` (removed or renumbered): criterion `judgement` has 3 recorded scores at that level
   2 | levels:
     | ^^^^^^
0 errors, 1 warning in 5 files
",
        "",
    );
}
