//! Markdown → HTML for course texts (`docs/FORMATS.md` § Markdown): `CommonMark` with tables,
//! footnotes, strikethrough and task lists. Raw HTML is shown as text; images that would load a
//! file or a URL become links; links with a scheme other than http(s) or mailto lose their
//! target; headings are demoted below the page's own; footnote IDs carry a per-text prefix so
//! several texts can share a page.

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

/// Where a text is rendered.
#[derive(Debug, Clone, Copy)]
pub struct Placement<'a> {
    /// The highest heading level the text may use: `#` becomes this.
    pub top_heading: u8,
    /// Prefix for generated IDs, unique on the page (e.g. `lesson-2`).
    pub id_prefix: &'a str,
    /// What a reader calls the text, unique on the page (e.g. `Lesson 2`): its tables are
    /// named after it ("Lesson 2, table 1") so a screen reader can tell them apart.
    pub name: &'a str,
}

/// Renders `text` as HTML that is safe to embed in a page.
#[must_use]
pub fn render(text: &str, placement: Placement<'_>) -> String {
    html(transformed(text, placement), text.len())
}

/// Renders `text` in two parts: its first block (a paragraph, a list, a heading…) and the rest
/// (empty when there is no more). References and footnotes resolve across both parts, as in
/// [`render`].
#[must_use]
pub fn render_lead(text: &str, placement: Placement<'_>) -> (String, String) {
    let mut events = transformed(text, placement);
    let mut depth = 0usize;
    let mut split = events.len();
    for (i, event) in events.iter().enumerate() {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        // A top-level `Html` (the wrapper of a table) opens or closes a block of its own.
        if depth == 0 && !matches!(event, Event::Html(_)) {
            split = i + 1;
            break;
        }
    }
    // A table's wrapper closes right after it.
    if matches!(events.get(split), Some(Event::Html(h)) if h.starts_with("</div>")) {
        split += 1;
    }
    let rest = events.split_off(split);
    (html(events, text.len()), html(rest, text.len()))
}

fn html<'a>(events: impl IntoIterator<Item = Event<'a>>, len: usize) -> String {
    let mut html = String::with_capacity(len * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    html
}

/// The text's events, made safe and placed (see the module's documentation).
fn transformed<'a>(text: &'a str, placement: Placement<'_>) -> Vec<Event<'a>> {
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
    let mut out: Vec<Event<'_>> = Vec::with_capacity(events.len() + 8);
    // Open links, and what each open image became: a link, plain text (inside a link, where a
    // second link would nest), or an image kept (a `data:` URL, which loads nothing).
    let mut links = 0usize;
    let mut images: Vec<Image> = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    let mut tables = 0usize;
    let mut note_id = |label: &str| {
        let number = notes.iter().position(|l| l == label).unwrap_or_else(|| {
            notes.push(label.to_owned());
            notes.len() - 1
        });
        CowStr::from(format!("{}-fn-{}", placement.id_prefix, number + 1))
    };
    for event in events {
        match event {
            Event::Html(html) | Event::InlineHtml(html) => out.push(Event::Text(html)),
            Event::Start(Tag::Heading { level, id: _, classes, attrs }) => {
                out.push(Event::Start(Tag::Heading { level: shift(level), id: None, classes, attrs }));
            }
            Event::End(TagEnd::Heading(level)) => out.push(Event::End(TagEnd::Heading(shift(level)))),
            Event::Start(Tag::Image { dest_url, title, link_type, id }) => {
                if dest_url.trim().to_ascii_lowercase().starts_with("data:") {
                    images.push(Image::Kept);
                    out.push(Event::Start(Tag::Image { dest_url, title, link_type, id }));
                } else if links > 0 {
                    images.push(Image::Text);
                } else {
                    images.push(Image::Link);
                    links += 1;
                    out.push(Event::Start(Tag::Link {
                        link_type: LinkType::Inline,
                        dest_url: safe_url(dest_url),
                        title,
                        id: CowStr::Borrowed(""),
                    }));
                }
            }
            Event::End(TagEnd::Image) => match images.pop() {
                Some(Image::Link) => {
                    links -= 1;
                    out.push(Event::End(TagEnd::Link));
                }
                Some(Image::Kept) => out.push(Event::End(TagEnd::Image)),
                Some(Image::Text) | None => {}
            },
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                links += 1;
                out.push(Event::Start(Tag::Link { link_type, dest_url: safe_url(dest_url), title, id }));
            }
            Event::End(TagEnd::Link) => {
                links = links.saturating_sub(1);
                out.push(Event::End(TagEnd::Link));
            }
            Event::FootnoteReference(label) => out.push(Event::FootnoteReference(note_id(&label))),
            Event::Start(Tag::FootnoteDefinition(label)) => {
                out.push(Event::Start(Tag::FootnoteDefinition(note_id(&label))));
            }
            Event::TaskListMarker(done) => out.push(Event::InlineHtml(
                if done {
                    r#"<span class="task done" aria-hidden="true">☑</span><span class="visually-hidden">Done: </span>"#
                } else {
                    r#"<span class="task" aria-hidden="true">☐</span><span class="visually-hidden">To do: </span>"#
                }
                .into(),
            )),
            // Wide tables scroll inside a focusable region on a phone instead of widening the page.
            Event::Start(Tag::Table(alignments)) => {
                tables += 1;
                out.push(Event::Html(
                    format!(
                        r#"<div class="table-wrap" tabindex="0" role="region" aria-label="{}, table {tables}">"#,
                        attribute(placement.name)
                    )
                    .into(),
                ));
                out.push(Event::Start(Tag::Table(alignments)));
            }
            Event::End(TagEnd::Table) => {
                out.push(Event::End(TagEnd::Table));
                out.push(Event::Html("</div>\n".into()));
            }
            other => out.push(other),
        }
    }
    out
}

/// `text` escaped for a double-quoted HTML attribute.
fn attribute(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// What an image in the text became.
enum Image {
    Link,
    Text,
    Kept,
}

/// Renders a short text that must stay inline (a table cell, a list item): one paragraph
/// unwrapped.
#[must_use]
pub fn render_inline(text: &str, id_prefix: &str) -> String {
    let html = render(
        text,
        Placement {
            top_heading: 3,
            id_prefix,
            name: id_prefix,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn lesson(text: &str) -> String {
        render(
            text,
            Placement {
                top_heading: 3,
                id_prefix: "l1",
                name: "Lesson 1",
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
    fn a_linked_image_becomes_its_text_inside_the_link() {
        assert_eq!(
            lesson(
                "[![badge](https://img.example/b.svg)](https://example.com) ![x](data:image/png;base64,AA)"
            ),
            "<p><a href=\"https://example.com\">badge</a> <img src=\"data:image/png;base64,AA\" alt=\"x\" /></p>\n"
        );
    }

    #[test]
    fn footnotes_get_page_unique_ids() {
        let html = lesson("Talk less.[^a b]\n\n[^a b]: Really.\n");
        assert!(html.contains("href=\"#l1-fn-1\""), "{html}");
        assert!(html.contains("id=\"l1-fn-1\""), "{html}");
        let two = lesson("One[^a b] two[^a-b].\n\n[^a b]: first\n\n[^a-b]: second\n");
        assert!(
            two.contains("id=\"l1-fn-1\"") && two.contains("id=\"l1-fn-2\""),
            "{two}"
        );
    }

    #[test]
    fn tables_strikethrough_and_tasks() {
        let html =
            lesson("| a | b |\n|---|---|\n| 1 | ~~2~~ |\n\n- [ ] mic check\n- [x] label takes\n");
        assert_eq!(
            html,
            "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Lesson 1, table 1\"><table><thead><tr><th>a</th><th>b</th></tr></thead><tbody>\n<tr><td>1</td><td><del>2</del></td></tr>\n</tbody></table>\n</div>\n<ul>\n<li><span class=\"task\" aria-hidden=\"true\">☐</span><span class=\"visually-hidden\">To do: </span>mic check</li>\n<li><span class=\"task done\" aria-hidden=\"true\">☑</span><span class=\"visually-hidden\">Done: </span>label takes</li>\n</ul>\n"
        );
    }

    #[test]
    fn each_table_has_a_name_of_its_own() {
        let html = lesson("| a |\n| - |\n| 1 |\n\nthen\n\n| b |\n| - |\n| 2 |\n");
        let labels: Vec<&str> = html
            .match_indices("aria-label=\"")
            .map(|(i, m)| {
                let rest = &html[i + m.len()..];
                &rest[..rest.find('"').unwrap_or(0)]
            })
            .collect();
        assert_eq!(labels, ["Lesson 1, table 1", "Lesson 1, table 2"]);
    }

    #[test]
    fn the_lead_is_the_first_block_and_references_resolve_in_both_parts() {
        let placement = Placement {
            top_heading: 5,
            id_prefix: "m",
            name: "Mixing <basics>",
        };
        let (lead, rest) = render_lead(
            "First [one][a].\n\n- two [b][a]\n- three\n\n[a]: https://x.org\n",
            placement,
        );
        assert_eq!(lead, "<p>First <a href=\"https://x.org\">one</a>.</p>\n");
        assert_eq!(
            rest,
            "<ul>\n<li>two <a href=\"https://x.org\">b</a></li>\n<li>three</li>\n</ul>\n"
        );
        assert_eq!(
            render_lead("Only one.", placement),
            ("<p>Only one.</p>\n".to_owned(), String::new())
        );
        let (lead, rest) = render_lead("| a |\n| - |\n| b |\n\nAfter.", placement);
        assert!(
            lead.starts_with(
                "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Mixing &lt;basics&gt;, table 1\"><table>"
            ) && lead.ends_with("</div>\n"),
            "{lead}"
        );
        assert_eq!(rest, "<p>After.</p>\n");
    }

    #[test]
    fn inline_unwraps_one_paragraph() {
        assert_eq!(
            render_inline("Gives **one** note.", "d"),
            "Gives <strong>one</strong> note."
        );
    }
}
