//! Canvas LMS outcomes (docs/FORMATS.md § Canvas Outcomes CSV): the calculation methods under
//! Canvas's stored names and their `calculation_int` ranges, the `vendor_guid`s rapport gives
//! its groups and outcomes, and the rows of an outcomes CSV once read (`csvio/outcomes.rs`
//! reads them, `import.rs` maps them to rubrics, `yaml.rs` writes those, `html.rs` turns
//! Canvas's HTML descriptions back into Markdown).

pub mod html;
pub mod import;
pub mod yaml;

use crate::course::model::Mastery;
use crate::figure;

/// The prefix of every `vendor_guid` rapport writes.
pub const GUID_PREFIX: &str = "rapport";

/// A mastery method as Canvas stores it: `calculation_method` and `calculation_int`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calculation {
    pub method: &'static str,
    pub int: Option<u32>,
}

/// The course's mastery method in Canvas's stored names: our `decaying_average` is Canvas's
/// `standard_decaying_average` (weight 50–99 %), our `weighted_average` Canvas's legacy
/// `decaying_average` (1–99 %). `Err` says why it cannot be written (a weight that is not a
/// whole percent).
pub fn calculation(mastery: &Mastery) -> Result<Calculation, String> {
    let percent = |weight: f64| -> Result<u32, String> {
        let scaled = figure::exact(weight) * num_rational::BigRational::from_integer(100.into());
        scaled
            .is_integer()
            .then(|| u32::try_from(scaled.to_integer()).ok())
            .flatten()
            .ok_or_else(|| {
                format!(
                    "course.yaml's `mastery.recent_weight` {} is not a whole percent, and \
                     Canvas's `calculation_int` is a whole number; round it to two decimals \
                     (such as 0.65)",
                    figure::format_score(weight)
                )
            })
    };
    Ok(match *mastery {
        Mastery::DecayingAverage { recent_weight } => Calculation {
            method: "standard_decaying_average",
            int: Some(percent(recent_weight)?),
        },
        Mastery::WeightedAverage { recent_weight } => Calculation {
            method: "decaying_average",
            int: Some(percent(recent_weight)?),
        },
        Mastery::NMastery { n } => Calculation {
            method: "n_mastery",
            int: Some(n),
        },
        Mastery::Latest => Calculation {
            method: "latest",
            int: None,
        },
        Mastery::Highest => Calculation {
            method: "highest",
            int: None,
        },
        Mastery::Average => Calculation {
            method: "average",
            int: None,
        },
    })
}

/// Canvas's stored method names, as its importer accepts them.
pub const METHODS: [&str; 7] = [
    "decaying_average",
    "weighted_average",
    "standard_decaying_average",
    "n_mastery",
    "highest",
    "latest",
    "average",
];

/// A Canvas `calculation_method` and its `calculation_int` (blank: Canvas's default, 65 for the
/// averages and 5 for `n_mastery`) as rapport's method, or what is wrong, in rapport's words.
/// The ranges are Canvas's own (`OutcomeCalculationMethod::VALID_CALCULATION_INTS`).
pub fn mastery_of(method: &str, int: &str) -> Result<Mastery, String> {
    let range = match method {
        "decaying_average" | "weighted_average" => Some((1, 99, 65)),
        "standard_decaying_average" => Some((50, 99, 65)),
        "n_mastery" => Some((1, 10, 5)),
        "highest" | "latest" | "average" => None,
        _ => {
            return Err(
                match crate::suggest::did_you_mean(method, METHODS.iter().copied()) {
                    Some(near) => {
                        format!("unknown `calculation_method` `{method}`, did you mean `{near}`?")
                    }
                    None => format!(
                        "unknown `calculation_method` `{method}`; Canvas's are {}",
                        METHODS.map(|m| format!("`{m}`")).join(", ")
                    ),
                },
            );
        }
    };
    let value = match (range, int) {
        (None, "") => 0,
        (None, _) => {
            return Err(format!(
                "`calculation_int` {int} is not used by `{method}`; leave it blank"
            ));
        }
        (Some((_, _, default)), "") => default,
        (Some((low, high, _)), _) => match int.parse::<u32>() {
            Ok(value) if (low..=high).contains(&value) => value,
            _ => {
                return Err(format!(
                    "`calculation_int` `{int}` is out of range for `{method}`: a whole number \
                     from {low} to {high}"
                ));
            }
        },
    };
    let weight = f64::from(value) / 100.0;
    Ok(match method {
        "decaying_average" | "weighted_average" => Mastery::WeightedAverage {
            recent_weight: weight,
        },
        "standard_decaying_average" => Mastery::DecayingAverage {
            recent_weight: weight,
        },
        "n_mastery" => Mastery::NMastery { n: value },
        "highest" => Mastery::Highest,
        "latest" => Mastery::Latest,
        _ => Mastery::Average,
    })
}

/// How a mastery method is written in course.yaml: `method: decaying_average, recent_weight:
/// 0.65`.
#[must_use]
pub fn course_yaml(mastery: &Mastery) -> String {
    match *mastery {
        Mastery::DecayingAverage { recent_weight } | Mastery::WeightedAverage { recent_weight } => {
            format!(
                "method: {}, recent_weight: {}",
                mastery.name(),
                figure::format_score(recent_weight)
            )
        }
        Mastery::NMastery { n } => format!("method: n_mastery, n: {n}"),
        _ => format!("method: {}", mastery.name()),
    }
}

/// The course's part of every `vendor_guid`: `rapport/` and course.yaml's `name` as an
/// identifier (`rapport/studio-culture-and-soft-skills`). Parts are joined by `/`, which no
/// identifier holds: Canvas refuses a colon in a new outcome's `vendor_guid`.
#[must_use]
pub fn course_guid(course_name: &str) -> String {
    let slug = slug(course_name);
    if slug.is_empty() {
        format!("{GUID_PREFIX}/course")
    } else {
        format!("{GUID_PREFIX}/{slug}")
    }
}

/// Text as an identifier (docs/FORMATS.md § Identifiers): ASCII letters and digits lower-cased,
/// every other run of characters one `-`, at most 64 characters; empty when nothing is left.
#[must_use]
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if matches!(c, '.' | '_') && !out.is_empty() && !out.ends_with('-') {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let mut out: String = out.chars().take(crate::ids::MAX_LEN).collect();
    while out.ends_with(['-', '.', '_']) {
        out.pop();
    }
    out
}

/// What a `vendor_guid` rapport wrote names: a rubric, or a rubric's criterion.
#[derive(Debug, PartialEq, Eq)]
pub enum Ours {
    Rubric(String),
    Criterion(String, String),
}

/// The rubric or criterion a `vendor_guid` of rapport's names (`rapport/COURSE/rubric/R`,
/// `rapport/COURSE/rubric/R/criterion/C`), when it is one and its IDs are valid.
#[must_use]
pub fn ours(guid: &str) -> Option<Ours> {
    let parts: Vec<&str> = guid.split('/').collect();
    let id = |text: &str| crate::ids::normalize(text).ok();
    match parts[..] {
        [GUID_PREFIX, _, "rubric", rubric] => Some(Ours::Rubric(id(rubric)?)),
        [GUID_PREFIX, _, "rubric", rubric, "criterion", criterion] => {
            Some(Ours::Criterion(id(rubric)?, id(criterion)?))
        }
        _ => None,
    }
}

/// One row of a Canvas outcomes CSV, its cells checked (`csvio::read_outcomes`).
#[derive(Debug, Clone)]
pub struct Row {
    pub line: u64,
    pub group: bool,
    pub guid: String,
    pub title: String,
    /// HTML, as Canvas stores it (blank when none).
    pub description: String,
    pub parents: Vec<String>,
    pub deleted: bool,
    /// `None` when `calculation_method` is blank.
    pub mastery: Option<Mastery>,
    pub mastery_points: Option<f64>,
    /// As written in the file, highest points first.
    pub ratings: Vec<Rating>,
}

/// One rating tier of an outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct Rating {
    pub points: f64,
    pub description: String,
}

/// The scale Canvas gives an outcome imported without ratings (`LearningOutcome.
/// default_rubric_criterion`): 5 Exceeds, 3 Meets, 0 Does Not Meet Expectations; mastery at 3.
#[must_use]
pub fn default_ratings() -> (Vec<Rating>, f64) {
    let rating = |points: f64, description: &str| Rating {
        points,
        description: description.to_owned(),
    };
    (
        vec![
            rating(5.0, "Exceeds Expectations"),
            rating(3.0, "Meets Expectations"),
            rating(0.0, "Does Not Meet Expectations"),
        ],
        3.0,
    )
}

/// What joins a level's label and its descriptor in a rating's description
/// (`Proficient — Gives one actionable note per take.`).
pub const LABEL_SEPARATOR: &str = " — ";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods_go_to_canvas_and_back() {
        let cases = [
            (
                Mastery::DecayingAverage {
                    recent_weight: 0.65,
                },
                "standard_decaying_average",
                Some(65),
            ),
            (
                Mastery::WeightedAverage { recent_weight: 0.4 },
                "decaying_average",
                Some(40),
            ),
            (Mastery::NMastery { n: 10 }, "n_mastery", Some(10)),
            (Mastery::Latest, "latest", None),
            (Mastery::Highest, "highest", None),
            (Mastery::Average, "average", None),
        ];
        for (mastery, method, int) in cases {
            let written = calculation(&mastery).unwrap();
            assert_eq!((written.method, written.int), (method, int));
            let int = int.map(|i| i.to_string()).unwrap_or_default();
            assert_eq!(mastery_of(method, &int).unwrap(), mastery);
        }
        assert!(
            calculation(&Mastery::DecayingAverage {
                recent_weight: 0.655
            })
            .is_err()
        );
        assert_eq!(
            mastery_of("weighted_average", "").unwrap(),
            Mastery::WeightedAverage {
                recent_weight: 0.65
            }
        );
        assert!(mastery_of("standard_decaying_average", "49").is_err());
        assert!(mastery_of("n_mastery", "11").is_err());
        assert!(mastery_of("highest", "3").is_err());
        assert!(mastery_of("goofy", "").is_err());
    }

    #[test]
    fn guids_and_slugs() {
        assert_eq!(
            course_guid("Studio Culture and Soft Skills"),
            "rapport/studio-culture-and-soft-skills"
        );
        assert_eq!(slug("  Søren's group!! "), "s-ren-s-group");
        assert_eq!(slug("作戰"), "");
        assert_eq!(
            ours("rapport/x/rubric/Oral/criterion/direction"),
            Some(Ours::Criterion("oral".into(), "direction".into()))
        );
        assert_eq!(
            ours("rapport/x/rubric/oral"),
            Some(Ours::Rubric("oral".into()))
        );
        assert_eq!(ours("canvas_outcome:12"), None);
        assert_eq!(ours("rapport/x/rubric/bad id"), None);
    }
}
