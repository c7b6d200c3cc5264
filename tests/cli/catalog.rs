//! `rapport catalog`: the handbook's pages, pinned as snapshots, escaped, overridable.

use std::collections::HashSet;
use std::fs;

use crate::support::{Test, repo};

fn read(test: &Test, path: &str) -> String {
    fs::read_to_string(test.path(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A page without its inline style sheet, which is the same on every page.
fn without_css(html: &str) -> String {
    let start = html.find("<style>").expect("inline CSS") + "<style>".len();
    let end = html.find("</style>").expect("inline CSS");
    format!("{}/* style.css */{}", &html[..start], &html[end..])
}

#[test]
fn minimal_handbook_pages() {
    let test = Test::with_fixture("minimal").args(&["catalog", "-o", "site"]);
    test.expect(
        0,
        "",
        "wrote the handbook of 2 modules and 1 rubric: open site/index.html\n",
    );
    let site: Vec<String> = test
        .files()
        .into_iter()
        .filter(|f| f.starts_with("site/"))
        .collect();
    assert_eq!(
        site,
        [
            "site/index.html",
            "site/modules/direction.html",
            "site/modules/talkback.html",
            "site/rubrics/oral-communication.html"
        ]
    );
    insta::assert_snapshot!("index", without_css(&read(&test, "site/index.html")));
    insta::assert_snapshot!(
        "module",
        without_css(&read(&test, "site/modules/direction.html"))
    );
    insta::assert_snapshot!(
        "rubric",
        without_css(&read(&test, "site/rubrics/oral-communication.html"))
    );
}

#[test]
fn shipped_handbook_has_every_page_with_unique_ids() {
    let test = Test::new().args(&[
        "--course",
        repo().to_str().unwrap(),
        "catalog",
        "-o",
        "site",
    ]);
    test.expect(
        0,
        "",
        "wrote the handbook of 7 modules and 7 rubrics: open site/index.html\n",
    );
    assert_eq!(test.files().len(), 15);
    for file in test.files() {
        let html = read(&test, &file);
        assert!(
            html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"),
            "{file}"
        );
        assert!(
            !html.contains("http://") && !html.contains("https://"),
            "{file} refers to the network"
        );
        let mut seen = HashSet::new();
        for id in html
            .split(" id=\"")
            .skip(1)
            .map(|rest| &rest[..rest.find('"').unwrap()])
        {
            assert!(
                seen.insert(id.to_owned()),
                "{file}: id `{id}` is not unique"
            );
        }
        assert_eq!(html.matches("<h1>").count(), 1, "{file} has one h1");
    }
    let module = read(&test, "site/modules/problem-solving.html");
    assert!(module.contains("<table>"), "lesson tables are rendered");
    assert!(
        module.contains("class=\"footnote-definition\""),
        "footnotes are rendered"
    );
}

#[test]
fn text_from_yaml_is_escaped_and_raw_html_in_markdown_is_shown_as_text() {
    let test = Test::with_fixture("minimal")
        .edit(
            "course.yaml",
            "name: Test Course",
            "name: \"<script>alert('x')</script> & Co\"",
        )
        .edit(
            "curriculum/talkback.yaml",
            "  - Give one clear note between takes",
            "  - \"Say \\\"<b>stop</b>\\\" \\\" onmouseover=\\\"x\"",
        )
        .edit(
            "curriculum/talkback.yaml",
            "body: Press it, speak, let go.",
            "body: \"Press <img src=x onerror=alert(1)> it [go](javascript:alert(1))\"",
        )
        .args(&["catalog", "-o", "site"]);
    assert_eq!(test.run().code, 0);
    let index = read(&test, "site/index.html");
    assert!(
        index.contains("<title>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co</title>"),
        "{index}"
    );
    assert!(
        index.contains(
            "<li>Say &quot;&lt;b&gt;stop&lt;/b&gt;&quot; &quot; onmouseover=&quot;x</li>"
        ),
        "{index}"
    );
    let module = read(&test, "site/modules/talkback.html");
    assert!(
        module.contains("<p>Press &lt;img src=x onerror=alert(1)&gt; it <a href=\"#\">go</a></p>"),
        "{module}"
    );
    for page in test.files().into_iter().filter(|f| f.starts_with("site/")) {
        let html = read(&test, &page);
        assert!(!html.contains("<script"), "{page} holds a script tag");
        assert!(!html.contains("<img"), "{page} holds an image");
    }
}

#[test]
fn an_invalid_course_renders_nothing() {
    let test = Test::with_fixture("minimal")
        .edit(
            "curriculum/talkback.yaml",
            "assessed_by: [oral-communication]",
            "assessed_by: [oral-comms]",
        )
        .args(&["catalog", "-o", "site"]);
    let before = test.files();
    test.expect(
        1,
        "",
        "curriculum/talkback.yaml:10:15: error: unknown rubric `oral-comms`, did you mean `oral-communication`?
   10 | assessed_by: [oral-comms]
      |               ^^^^^^^^^^
error: the course has 1 error; nothing was written
  hint: run `rapport check` to see every problem with its place
",
    );
    assert_eq!(test.files(), before);
}

#[test]
fn a_course_template_overrides_the_built_in_one() {
    let test = Test::with_fixture("minimal")
        .write("templates/catalog/rubric.html", "{% extends \"base.html\" %}{% block content %}<h1>Ours: {{ page.title }}</h1>{% endblock content %}")
        .args(&["catalog", "-o", "site"]);
    assert_eq!(test.run().code, 0);
    let rubric = read(&test, "site/rubrics/oral-communication.html");
    assert!(
        rubric.contains("<main id=\"content\">\n<h1>Ours: Oral communication</h1>\n</main>"),
        "{rubric}"
    );
    assert!(
        read(&test, "site/index.html").contains("Suggested order"),
        "other templates stay built in"
    );
}

#[test]
fn a_course_template_may_use_rapports_own_filters() {
    let test = Test::with_fixture("minimal")
        .write(
            "templates/catalog/rubric.html",
            "{% extends \"base.html\" %}{% block content %}<p>{{ levels | length | counted(one=\"level\", many=\"levels\") }}, \
             {{ 1 | counted(one=\"rubric\", many=\"rubrics\") }}</p>{% endblock content %}",
        )
        .args(&["catalog", "-o", "site"]);
    assert_eq!(test.run().code, 0);
    let rubric = read(&test, "site/rubrics/oral-communication.html");
    assert!(
        rubric.contains("<main id=\"content\">\n<p>4 levels, 1 rubric</p>\n</main>"),
        "{rubric}"
    );
}

#[test]
fn a_broken_template_override_is_reported_at_its_file_and_nothing_is_written() {
    let test = Test::with_fixture("minimal")
        .write("templates/catalog/index.html", "{% for x in %}")
        .args(&["catalog", "-o", "site"]);
    let before = test.snapshot();
    test.expect(
        1,
        "",
        "templates/catalog/index.html:1:13: error: this template is not valid: found `%}` but expected one of: integer, float, string, bool, ident, `-`, `not`, `<`, `{`, `[` or `(`; fix it, or remove the file to use the built-in template
   1 | {% for x in %}
     |             ^^
error: the course has 1 error; nothing was written
  hint: run `rapport check` to see every problem with its place
",
    );
    assert_eq!(test.snapshot(), before);
}

#[test]
fn a_template_linked_out_of_the_course_is_never_published() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.html");
    fs::write(&secret, "TOP SECRET").unwrap();
    let test = Test::with_fixture("minimal").args(&["catalog", "-o", "site"]);
    fs::create_dir_all(test.path("templates/catalog")).unwrap();
    std::os::unix::fs::symlink(&secret, test.path("templates/catalog/index.html")).unwrap();
    let before = test.snapshot();
    test.expect(
        1,
        "",
        &format!(
            "templates/catalog/index.html:1:1: error: this link points outside the course (to `{}`); rapport reads only files inside the course folder: copy it into the course instead
error: the course has 1 error; nothing was written
  hint: run `rapport check` to see every problem with its place
",
            secret.display()
        ),
    );
    assert_eq!(test.snapshot(), before);
}

#[test]
fn a_template_error_while_rendering_names_its_file_line_and_column() {
    let test = Test::with_fixture("minimal")
        .write(
            "templates/catalog/rubric.html",
            "{% extends \"base.html\" %}{% block content %}\n<p>{{ nothing.here }}</p>{% endblock content %}",
        )
        .args(&["catalog", "-o", "site"]);
    let before = test.snapshot();
    test.expect(
        1,
        "",
        "error: templates/catalog/rubric.html:2:7: variable `nothing` is not defined. Available variables: criteria, description_html, id, levels, mastery_label, mastery_score, page, used_by; fix the template, or remove it to use the built-in one
",
    );
    assert_eq!(test.snapshot(), before);
}

#[test]
fn a_page_past_50_mib_stops_the_run_with_nothing_written() {
    // 1,000 × 100 × 1,000 bytes: 100 MB if nothing stopped it.
    let test = Test::with_fixture("minimal")
        .write(
            "templates/catalog/rubric.html",
            &format!(
                "{{% for a in range(end=1000) %}}{{% for b in range(end=100) %}}{}{{% endfor %}}{{% endfor %}}",
                "x".repeat(1000)
            ),
        )
        .args(&["catalog", "-o", "site"]);
    let before = test.snapshot();
    test.expect(
        1,
        "",
        "error: templates/catalog/rubric.html:1:1: the page `catalog/rubric.html` would be larger than 50 MiB, the most rapport writes for one page; a loop in the template runs far too long
",
    );
    assert_eq!(test.snapshot(), before);
}

#[test]
fn module_times_add_up_in_whole_hours() {
    let test = Test::with_fixture("minimal")
        .edit("curriculum/talkback.yaml", "minutes: 30", "minutes: 1440")
        .edit(
            "curriculum/talkback.yaml",
            "    body: Press it, speak, let go.\n",
            "    body: Press it, speak, let go.\n  - { title: Two, minutes: 1440, body: B. }\n  - { title: Three, minutes: 1440, body: C. }\n",
        )
        .args(&["catalog", "-o", "site"]);
    assert_eq!(test.run().code, 0);
    let module = read(&test, "site/modules/talkback.html");
    assert!(module.contains("72\u{a0}h"), "{module}");
    let index = read(&test, "site/index.html");
    assert!(index.contains("72\u{a0}h 45\u{a0}min"), "{index}");
}

#[test]
fn headings_footnotes_and_linked_images_make_valid_html() {
    let test = Test::with_fixture("minimal")
        .edit(
            "curriculum/talkback.yaml",
            "summary: Speaking to a performer through the talkback.",
            "summary: |\n  ## Why this matters\n  Talk.",
        )
        .edit(
            "curriculum/talkback.yaml",
            "    body: Press it, speak, let go.",
            "    body: |\n      Text[^a b] and[^a-b] [![badge](https://img.example/b.svg)](https://example.com).\n\n      [^a b]: one\n\n      [^a-b]: two\n  - title: Second\n    body: |\n      Again[^a b].\n\n      [^a b]: three",
        )
        .args(&["catalog", "-o", "site"]);
    assert_eq!(test.run().code, 0);
    let module = read(&test, "site/modules/talkback.html");
    assert!(
        module.contains("<h2>Why this matters</h2>"),
        "the summary sits under the h1: {module}"
    );
    for id in ["lesson-1-fn-1", "lesson-1-fn-2", "lesson-2-fn-1"] {
        assert_eq!(
            module.matches(&format!("id=\"{id}\"")).count(),
            1,
            "{id}: {module}"
        );
    }
    assert!(
        module.contains("<a href=\"https://example.com\">badge</a>"),
        "{module}"
    );
    assert!(
        !module.contains("img.example"),
        "the image inside a link became its text"
    );
}

#[test]
fn only_template_files_in_the_course_templates_folder_are_read() {
    let test = Test::with_fixture("minimal")
        .write("templates/.DS_Store", "\u{0}\u{1}binary")
        .write("templates/README.md", "Our overrides: {% nothing %}")
        .args(&["catalog", "-o", "site"]);
    test.expect(
        0,
        "",
        "wrote the handbook of 2 modules and 1 rubric: open site/index.html\n",
    );
}

#[test]
fn the_rubric_page_prints_on_landscape_paper_and_the_index_folds_all_but_the_first_paragraph() {
    let test = Test::with_fixture("minimal")
        .edit(
            "curriculum/direction.yaml",
            "summary: Directing a performance.",
            "summary: |\n  First paragraph, *shown*.\n\n  Second paragraph, folded.",
        )
        .args(&["catalog", "-o", "site"]);
    test.expect(
        0,
        "",
        "wrote the handbook of 2 modules and 1 rubric: open site/index.html\n",
    );
    // The grid fits one landscape page (tests/browser/check counts the pages of each rubric).
    let rubric = read(&test, "site/rubrics/oral-communication.html");
    assert!(rubric.contains("@media print {\n  @page { size: landscape; margin: 8mm; }"));
    let index = read(&test, "site/index.html");
    assert!(
        index.contains(
            "<p>First paragraph, <em>shown</em>.</p>
<details>
<summary>Read more and see the 1 objective</summary>
<p>Second paragraph, folded.</p>
<p><strong>You will be able to:</strong></p>"
        ),
        "{index}"
    );
    // The rubrics come before the suggested order and the modules.
    assert!(index.find("id=\"rubrics\"") < index.find("id=\"order\""));
}

#[test]
fn the_index_shows_each_badge_with_its_image_and_the_rubrics_that_earn_it() {
    use base64::Engine as _;
    let test = Test::with_fixture("badges")
        .edit(
            "course.yaml",
            "    name: Artist Communicator",
            "    name: \"Artist <b>Communicator</b> & Co\"",
        )
        .args(&["catalog", "-o", "site"]);
    assert_eq!(test.run().code, 0);
    let index = read(&test, "site/index.html");
    let start = index.find("<h2 id=\"badges\">").expect("a badges section");
    let end = index
        .find("<h2 id=\"order\">")
        .expect("the suggested order");
    let image = base64::engine::general_purpose::STANDARD
        .encode(fs::read(test.path("badges/artist-communicator.svg")).unwrap());
    assert_eq!(
        &index[start..end],
        format!(
            "<h2 id=\"badges\">Badges</h2>
<p>Gray Spark Audio Academy awards each badge, an Open Badges 3.0 credential it signs, to the students who master the rubrics listed under it: they keep it in a digital wallet, and anyone they show it to can check that it is genuine.</p>
<div class=\"cards\">
<article class=\"card badge-card\" aria-labelledby=\"badge-artist-communicator\">
<img src=\"data:image/svg+xml;base64,{image}\" alt=\"\">
<div>
<h3 id=\"badge-artist-communicator\">Artist &lt;b&gt;Communicator&lt;/b&gt; &amp; Co</h3>
<p>Directs performers clearly and kindly.</p>

<p><strong>Earned by</strong> mastering <a href=\"rubrics/oral-communication.html\">Oral communication</a>.</p>
<h4>Criteria</h4>
<p>Mastery of every criterion of the oral communication rubric.</p>

</div>
</article>
<article class=\"card badge-card\" aria-labelledby=\"badge-communication\">
<div>
<h3 id=\"badge-communication\">Communication</h3>
<p>Masters the <strong>communication</strong> skill area.</p>

<p><strong>Earned by</strong> mastering every rubric of the Communication skill area: <a href=\"rubrics/oral-communication.html\">Oral communication</a>.</p>
<h4>Criteria</h4>
<p>Mastery of every rubric that assesses a communication module.</p>

</div>
</article>
</div>

"
        )
    );
    // A course without badges has no such section.
    let plain = Test::with_fixture("minimal").args(&["catalog", "-o", "site"]);
    assert_eq!(plain.run().code, 0);
    assert!(!read(&plain, "site/index.html").contains("id=\"badges\""));
}

#[test]
fn check_renders_a_template_override_with_the_badges_images_as_catalog_does() {
    // An override that reads the image of the badge that has one: `check` gives it the image
    // as `catalog` does, so neither reports a problem.
    let test = Test::with_fixture("badges").write(
        "templates/catalog/index.html",
        "{% extends \"base.html\" %}{% block content %}{% for b in badges %}\
         {% if b.id == \"artist-communicator\" %}<p>{{ b.image | length }}</p>{% endif %}\
         {% endfor %}{% endblock content %}\n",
    );
    assert_eq!(
        test.ok(&["check"]),
        "0 errors, 0 warnings in 5 files\n",
        "check reports the override that catalog renders"
    );
    test.ok(&["catalog", "-o", "site"]);
    let image = fs::read(test.path("badges/artist-communicator.svg")).unwrap();
    let uri = "data:image/svg+xml;base64,".len() + image.len().div_ceil(3) * 4;
    assert!(
        read(&test, "site/index.html").contains(&format!("<p>{uri}</p>")),
        "the override sees the image"
    );
}
