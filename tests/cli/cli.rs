//! The command line itself: help, usage errors, completions, man page, finding the course.

use crate::support::Test;

#[test]
fn no_course_found_says_how_to_make_one() {
    let test = Test::new().args(&["check"]);
    let out = test.run();
    assert_eq!(out.code, 1);
    assert_eq!(out.stdout, "");
    assert_eq!(
        out.stderr,
        format!(
            "error: no `course.yaml` found in `{}` or any folder above it\n  hint: run `rapport init` to create a course here, or pass `--course DIR`\n",
            test.path("").display().to_string().trim_end_matches('/')
        )
    );
}
