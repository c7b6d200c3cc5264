//! Markdown → HTML for course texts (`FORMATS.md` § Markdown): `CommonMark` with tables, footnotes,
//! strikethrough and task lists. Raw HTML is shown as text; images that would load a file or a
//! URL become links; links with a scheme other than http(s) or mailto lose their target;
//! headings are demoted below the page's own; footnote IDs carry a per-text prefix so several
//! texts can share a page.

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

/// Where a text is rendered.
#[derive(Debug, Clone, Copy)]
pub struct Placement<'a> {
    /// The highest heading level the text may use: `#` becomes this.
    pub top_heading: u8,
    /// Prefix for generated IDs, unique on the page (e.g. `lesson-2`).
    pub id_prefix: &'a str,
}

/// Renders `text` as HTML that is safe to embed in a page.
#[must_use]
pub fn render(text: &str, placement: Placement<'_>) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS;
    let events: Vec<Event<'_>> = Parser::new_ext(text, options).collect();
    // The text's own highest heading becomes `top_heading`; the rest keep their distance.
    let highest = events
        .iter()
        .filter_map(|e| match e {
            Event::Start(Tag::Heading { level, .. }) => Some(*level as u8),
            _ => None,
        })
        .min()
        .unwrap_or(1);
    let shift = |level: HeadingLevel| demote(level, highest, placement.top_heading);
    let mut image_depth = 0usize;
    let events = events.into_iter().map(|event| match event {
        Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
        Event::Start(Tag::Heading { level, id: _, classes, attrs }) => Event::Start(Tag::Heading {
            level: shift(level),
            id: None,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(level)) => {
            Event::End(TagEnd::Heading(shift(level)))
        }
        Event::Start(Tag::Image { dest_url, title, .. }) if !dest_url.starts_with("data:") => {
            image_depth += 1;
            Event::Start(Tag::Link {
                link_type: LinkType::Inline,
                dest_url: safe_url(dest_url),
                title,
                id: CowStr::Borrowed(""),
            })
        }
        Event::End(TagEnd::Image) if image_depth > 0 => {
            image_depth -= 1;
            Event::End(TagEnd::Link)
        }
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => Event::Start(Tag::Link {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        Event::FootnoteReference(label) => {
            Event::FootnoteReference(footnote_id(placement.id_prefix, &label).into())
        }
        Event::Start(Tag::FootnoteDefinition(label)) => Event::Start(Tag::FootnoteDefinition(
            footnote_id(placement.id_prefix, &label).into(),
        )),
        Event::TaskListMarker(done) => Event::InlineHtml(
            if done {
                r#"<span class="task done" aria-hidden="true">☑</span><span class="visually-hidden">Done: </span>"#
            } else {
                r#"<span class="task" aria-hidden="true">☐</span><span class="visually-hidden">To do: </span>"#
            }
            .into(),
        ),
        other => other,
    });
    // Wide tables scroll inside a focusable region on a phone instead of widening the page.
    let events = events.flat_map(|event| match event {
        Event::Start(Tag::Table(_)) => vec![
            Event::Html(
                r#"<div class="table-wrap" tabindex="0" role="region" aria-label="Table">"#.into(),
            ),
            event,
        ],
        Event::End(TagEnd::Table) => vec![event, Event::Html("</div>\n".into())],
        other => vec![other],
    });
    let mut html = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

/// Renders a short text that must stay inline (a table cell, a list item): one paragraph
/// unwrapped.
#[must_use]
pub fn render_inline(text: &str, id_prefix: &str) -> String {
    let html = render(
        text,
        Placement {
            top_heading: 6,
            id_prefix,
        },
    );
    let trimmed = html.trim_end();
    match trimmed
        .strip_prefix("<p>")
        .and_then(|t| t.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_owned(),
        _ => html,
    }
}

fn demote(level: HeadingLevel, highest: u8, top: u8) -> HeadingLevel {
    let shifted = (level as u8 - highest + top).min(6);
    HeadingLevel::try_from(usize::from(shifted)).unwrap_or(HeadingLevel::H6)
}

/// Keeps relative links, fragments, http(s) and mailto; anything else (`javascript:`, `file:`,
/// `data:`) becomes an inert `#`.
fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    let lower = url.trim().to_ascii_lowercase();
    let scheme = lower
        .split_once(':')
        .map(|(s, _)| s)
        .filter(|s| !s.contains('/') && !s.contains('?') && !s.contains('#'));
    match scheme {
        None | Some("http" | "https" | "mailto") => url,
        Some(_) => CowStr::Borrowed("#"),
    }
}

fn footnote_id(prefix: &str, label: &str) -> String {
    let slug: String = label
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("{prefix}-fn-{slug}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lesson(text: &str) -> String {
        render(
            text,
            Placement {
                top_heading: 3,
                id_prefix: "l1",
            },
        )
    }

    #[test]
    fn raw_html_is_text() {
        assert_eq!(
            lesson("Say <b>hi</b>\n\n<script>alert(1)</script>\n"),
            "<p>Say &lt;b&gt;hi&lt;/b&gt;</p>\n&lt;script&gt;alert(1)&lt;/script&gt;\n"
        );
    }

    #[test]
    fn headings_are_demoted() {
        assert_eq!(
            lesson("# Top\n#### Deep\n"),
            "<h3>Top</h3>\n<h6>Deep</h6>\n"
        );
        assert_eq!(
            lesson("### Scenario\n#### Detail\n"),
            "<h3>Scenario</h3>\n<h4>Detail</h4>\n"
        );
    }

    #[test]
    fn images_become_links_and_bad_schemes_are_dropped() {
        assert_eq!(
            lesson(
                "![mic](https://example.com/mic.png) [x](javascript:alert(1)) [y](../rubrics/a.html)"
            ),
            "<p><a href=\"https://example.com/mic.png\">mic</a> <a href=\"#\">x</a> <a href=\"../rubrics/a.html\">y</a></p>\n"
        );
    }

    #[test]
    fn footnotes_get_page_unique_ids() {
        let html = lesson("Talk less.[^a b]\n\n[^a b]: Really.\n");
        assert!(html.contains("href=\"#l1-fn-a-b\""), "{html}");
        assert!(html.contains("id=\"l1-fn-a-b\""), "{html}");
    }

    #[test]
    fn tables_strikethrough_and_tasks() {
        let html =
            lesson("| a | b |\n|---|---|\n| 1 | ~~2~~ |\n\n- [ ] mic check\n- [x] label takes\n");
        assert_eq!(
            html,
            "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Table\"><table><thead><tr><th>a</th><th>b</th></tr></thead><tbody>\n<tr><td>1</td><td><del>2</del></td></tr>\n</tbody></table>\n</div>\n<ul>\n<li><span class=\"task\" aria-hidden=\"true\">☐</span><span class=\"visually-hidden\">To do: </span>mic check</li>\n<li><span class=\"task done\" aria-hidden=\"true\">☑</span><span class=\"visually-hidden\">Done: </span>label takes</li>\n</ul>\n"
        );
    }

    #[test]
    fn inline_unwraps_one_paragraph() {
        assert_eq!(
            render_inline("Gives **one** note.", "d"),
            "Gives <strong>one</strong> note."
        );
    }
}
