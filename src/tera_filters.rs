//! The Tera engine every template is checked and rendered with: Tera's own filters and
//! rapport's. Tera checks each filter a template names when the template is added, so
//! `course::validate` (a course's own templates) and `render.rs` (every page) both start here.

use tera::{Kwargs, State, Tera, TeraResult};

/// An empty Tera that knows rapport's filters.
#[must_use]
pub fn engine() -> Tera {
    let mut tera = Tera::new();
    tera.register_filter("counted", counted);
    tera
}

/// `{{ n | counted(one="lesson", many="lessons") }}`: "1 lesson", "3 lessons". The one place a
/// page chooses between a word's singular and its plural.
#[allow(clippy::needless_pass_by_value)] // the signature Tera's `Filter` takes
fn counted(n: i64, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    let word = kwargs.must_get::<&str>(if n == 1 { "one" } else { "many" })?;
    Ok(format!("{n} {word}"))
}

#[cfg(test)]
mod tests {
    use tera::Context;

    #[test]
    fn counted_chooses_the_singular_for_one_only() {
        let page = super::engine()
            .render_str(
                r#"{% for n in [0, 1, 2] %}{{ n | counted(one="lesson", many="lessons") }};{% endfor %}"#,
                &Context::new(),
                true,
            )
            .unwrap();
        assert_eq!(page, "0 lessons;1 lesson;2 lessons;");
    }

    #[test]
    fn counted_without_its_word_is_a_template_error() {
        let error = super::engine()
            .render_str(r#"{{ 2 | counted(one="lesson") }}"#, &Context::new(), true)
            .unwrap_err();
        assert!(format!("{error:?}").contains("many"), "{error:?}");
    }
}
