//! `rapport rubric list|show`: a course's rubrics in the terminal. They read the course only:
//! no gradebook is opened or created.

use crate::support::{Test, expect_snapshot, repo};

const LIST: &str = "\
ID                  TITLE               CRITERIA  LEVELS   MASTERY       MODULES
oral-communication  Oral communication  2         4 (1–4)  3 Proficient  direction, talkback
";

const SHOW: &str = "\
Oral communication (oral-communication)
levels: 1 Emerging, 2 Developing, 3 Proficient, 4 Exemplary
mastery level: 3 Proficient (a criterion is mastered at or above it)
used by: direction, talkback

direction: Giving direction (weight 2)
  1 Emerging    Gives vague notes.
  2 Developing  Gives specific notes, too many at once.
* 3 Proficient  Gives one actionable note per take.
  4 Exemplary   Picks the one note that matters most.

listening: Listening
  1 Emerging    Interrupts.
  2 Developing  Listens, does not summarise.
* 3 Proficient  Summarises back.
  4 Exemplary   Draws out what was unsaid.

* the mastery level
";

#[test]
fn list_and_show_need_no_gradebook_and_create_none() {
    // Wrapped at 80 columns where standard output is not a terminal, unless `COLUMNS` says.
    let test = Test::with_fixture("minimal").env("COLUMNS", "");
    let before = test.snapshot();
    let test = test.args(&["rubric", "list"]);
    test.expect(0, LIST, "");
    let test = test.args(&["rubric", "show", "Oral-Communication"]);
    test.expect(0, SHOW, "");
    // A gradebook named but missing is not created either.
    let test = test.args(&["rubric", "show", "oral-communication", "--db", "grades.db"]);
    test.expect(0, SHOW, "");
    assert_eq!(test.snapshot(), before);
}

#[test]
fn list_as_json() {
    let test = Test::with_fixture("minimal").args(&["rubric", "list", "--json"]);
    test.expect(
        0,
        r#"[
  {
    "id": "oral-communication",
    "title": "Oral communication",
    "criterion_count": 2,
    "levels": [
      {
        "score": 1,
        "label": "Emerging"
      },
      {
        "score": 2,
        "label": "Developing"
      },
      {
        "score": 3,
        "label": "Proficient"
      },
      {
        "score": 4,
        "label": "Exemplary"
      }
    ],
    "mastery_level": 3,
    "modules": [
      "direction",
      "talkback"
    ]
  }
]
"#,
        "",
    );
}

#[test]
fn show_as_json() {
    let test =
        Test::with_fixture("minimal").args(&["rubric", "show", "oral-communication", "--json"]);
    expect_snapshot!(test, 0, "show_json", "");
}

/// A rubric with decimal levels, a description, a criterion description and no module using it.
const SCALE: &str = "\
title: Tempo sense
description: |
  How steady a student keeps time
  when nobody counts in.
levels:
  - { score: 0, label: Absent }
  - { score: 2.5, label: Emerging }
  - { score: 5, label: Steady }
mastery_level: 2.5
criteria:
  - id: pulse
    title: Keeping the pulse
    description: Without a click.
    weight: 1.5
    descriptors:
      0: Drifts.
      2.5: Holds it for a verse.
      5: Holds it through the take, and brings others back to it.
";

#[test]
fn decimal_levels_descriptions_and_an_unused_rubric() {
    let test = Test::with_fixture("minimal")
        .env("COLUMNS", "80")
        .write("rubrics/tempo.yaml", SCALE);
    let test = test.args(&["rubric", "list"]);
    test.expect(
        0,
        "\
ID                  TITLE               CRITERIA  LEVELS   MASTERY       MODULES
oral-communication  Oral communication  2         4 (1–4)  3 Proficient  direction, talkback
tempo               Tempo sense         1         3 (0–5)  2.5 Emerging  (none)
",
        "",
    );
    let test = test.args(&["rubric", "show", "tempo"]).env("COLUMNS", "50");
    test.expect(
        0,
        "\
Tempo sense (tempo)
How steady a student keeps time when nobody counts
in.

levels: 0 Absent, 2.5 Emerging, 5 Steady
mastery level: 2.5 Emerging (a criterion is
  mastered at or above it)
used by: no module

pulse: Keeping the pulse (weight 1.5)
  Without a click.
  0 Absent      Drifts.
* 2.5 Emerging  Holds it for a verse.
  5 Steady      Holds it through the take, and
                brings others back to it.

* the mastery level
",
        "",
    );
}

#[test]
fn descriptors_wrap_to_the_width() {
    for width in ["60", "100"] {
        let test = Test::new().cwd("elsewhere").env("COLUMNS", width).args(&[
            "--course",
            repo().to_str().unwrap(),
            "rubric",
            "show",
            "artist-communication",
        ]);
        let out = test.run();
        assert_eq!((out.code, out.stderr.as_str()), (0, ""));
        let widest = out.stdout.lines().map(|l| l.chars().count()).max().unwrap();
        let limit: usize = width.parse().unwrap();
        assert!(
            widest <= limit && widest > limit - 10,
            "{width}: widest line {widest}\n{}",
            out.stdout
        );
        assert!(
            out.stdout.contains("\nwritten-follow-up: "),
            "{}",
            out.stdout
        );
    }
    let test = Test::new().env("COLUMNS", "60").args(&[
        "--course",
        repo().to_str().unwrap(),
        "rubric",
        "show",
        "artist-communication",
    ]);
    expect_snapshot!(test, 0, "show_wrapped_at_60", "");
}

#[test]
fn an_unknown_rubric_gets_did_you_mean() {
    let test = Test::with_fixture("minimal");
    let before = test.snapshot();
    let test = test.args(&["rubric", "show", "oral_comm"]);
    test.expect(
        1,
        "",
        "error: unknown rubric `oral_comm`, did you mean `oral-communication`?\n  hint: the course's rubrics are `oral-communication`\n",
    );
    let test = test.args(&["rubric", "show", "oral comm"]);
    test.expect(
        1,
        "",
        "error: rubric ID `oral comm` contains a space at position 5; use only ASCII letters, digits, `-`, `_` and `.`\n",
    );
    assert_eq!(test.snapshot(), before);
}

#[test]
fn an_invalid_course_shows_its_errors_first() {
    let test = Test::with_fixture("minimal")
        .edit(
            "rubrics/oral-communication.yaml",
            "mastery_level: 3",
            "mastery_level: 7",
        )
        .args(&["rubric", "list"]);
    test.expect(
        1,
        "",
        "rubrics/oral-communication.yaml:7:16: error: `mastery_level` is 7, which is not a level score; use one of 1, 2, 3, 4
   7 | mastery_level: 7
     |                ^
error: the course has 1 error; nothing was written
  hint: run `rapport check` to see every problem with its place
",
    );
}

#[test]
fn paragraphs_start_new_lines() {
    let scale = SCALE.replace(
        "    description: Without a click.",
        "    description: |\n      Without a click.\n\n      With the band.",
    );
    let test = Test::with_fixture("minimal")
        .env("COLUMNS", "80")
        .write("rubrics/tempo.yaml", &scale)
        .args(&["rubric", "show", "tempo"]);
    let out = test.run();
    assert_eq!((out.code, out.stderr.as_str()), (0, ""));
    assert!(
        out.stdout
            .contains("\npulse: Keeping the pulse (weight 1.5)\n  Without a click.\n  With the band.\n  0 Absent "),
        "{}",
        out.stdout
    );
}
