//! Typed views: the only context templates ever see, built by pure functions of the data.

pub mod catalog;
pub mod charts;
pub mod cohort;
pub mod report;
pub mod sheet;

use serde::Serialize;

/// What every page shows in its header and footer.
#[derive(Debug, Clone, Serialize)]
pub struct PageHead {
    /// The `<title>` and `<h1>` of the page.
    pub title: String,
    pub course: String,
    pub organization: Option<String>,
    /// The date of generation, `YYYY-MM-DD`.
    pub generated: String,
    /// The relative path from this page to the site's top folder (`""` or `"../"`).
    pub root: &'static str,
    /// Whether the header links to the site's index (a student's report stands alone).
    pub home: bool,
}

impl PageHead {
    /// The head of a page that stands alone (a report, an overview, the demo's landing page):
    /// its header names the course without linking anywhere.
    #[must_use]
    pub fn standalone(course: &crate::course::Course, title: String, generated: &str) -> Self {
        PageHead {
            title,
            course: course.name.clone(),
            organization: course.organization.clone(),
            generated: generated.to_owned(),
            root: "",
            home: false,
        }
    }
}

/// The first day of what counts as "recently" (course.yaml's `recent_days`) before `today`,
/// `YYYY-MM-DD`.
#[must_use]
pub fn recent_since(course: &crate::course::Course, today: &str) -> Option<String> {
    let today = today.parse::<jiff::civil::Date>().ok()?;
    // `Span::days` panics beyond its range; any `recent_days` that large means "ever".
    let span = jiff::Span::new().try_days(course.recent_days).ok()?;
    today.checked_sub(span).ok().map(|d| d.to_string())
}

/// A link to another page of the site, relative to the site's top folder.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub id: String,
    pub title: String,
    pub href: String,
}

/// What goes before each of `count` items listed in a sentence: nothing, then `, `, and
/// ` and ` before the last (`A, B and C`).
pub fn list_joints(count: usize) -> impl Iterator<Item = &'static str> {
    (0..count).map(move |i| match count - i {
        _ if i == 0 => "",
        1 => " and ",
        _ => ", ",
    })
}

/// `1 h 45 min`, `45 min`, `2 h`, with no-break spaces so a duration never wraps.
#[must_use]
pub fn duration(minutes: u64) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m}\u{a0}min"),
        (h, 0) => format!("{h}\u{a0}h"),
        (h, m) => format!("{h}\u{a0}h {m}\u{a0}min"),
    }
}

/// A stored UTC time shown in local time, to the minute.
#[must_use]
pub fn local_time(stored: &str) -> String {
    stored.parse::<jiff::Timestamp>().map_or_else(
        |_| stored.to_owned(),
        |t| {
            t.to_zoned_datetime(jiff::tz::TimeZone::system())
                .strftime("%Y-%m-%d %H:%M")
                .to_string()
        },
    )
}

/// A `YYYY-MM-DD` date as people read it: `2 Sep 2026` (`short`: `2 Sep`).
#[must_use]
pub fn human_date(date: &str, short: bool) -> String {
    // `%b` as jiff writes it; written directly, as `strftime` would (a report has thousands).
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    date.parse::<jiff::civil::Date>().map_or_else(
        |_| date.to_owned(),
        |d| {
            let month = usize::try_from(d.month() - 1).map_or("", |m| MONTHS[m]);
            match (short, d.year()) {
                (true, _) => format!("{}\u{a0}{month}", d.day()),
                (false, year @ 1000..=9999) => format!("{} {month} {year}", d.day()),
                (false, _) => d.strftime("%-d %b %Y").to_string(),
            }
        },
    )
}

/// How long before `today` a date was: `today`, `yesterday`, `12 days ago`.
#[must_use]
pub fn human_days(date: &str, today: &str) -> Option<String> {
    let date = date.parse::<jiff::civil::Date>().ok()?;
    let today = today.parse::<jiff::civil::Date>().ok()?;
    let days = (today - date).get_days();
    Some(match days {
        0 => "today".to_owned(),
        1 => "yesterday".to_owned(),
        d if d < 0 => format!("in {} days", -d),
        d => format!("{d} days ago"),
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn human_dates_are_written_as_strftime_writes_them() {
        let mut day = jiff::civil::date(1999, 12, 25);
        for _ in 0..800 {
            let text = day.to_string();
            assert_eq!(
                super::human_date(&text, false),
                day.strftime("%-d %b %Y").to_string()
            );
            assert_eq!(
                super::human_date(&text, true),
                day.strftime("%-d\u{a0}%b").to_string()
            );
            day = day.tomorrow().unwrap();
        }
        let early = jiff::civil::date(999, 1, 2);
        assert_eq!(
            super::human_date(&early.to_string(), false),
            early.strftime("%-d %b %Y").to_string()
        );
        assert_eq!(super::human_date("not a date", false), "not a date");
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(super::duration(45), "45\u{a0}min");
        assert_eq!(super::duration(120), "2\u{a0}h");
        assert_eq!(super::duration(165), "2\u{a0}h 45\u{a0}min");
    }
}
