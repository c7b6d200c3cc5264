//! The term: twelve weeks ending at (and including) today. Days are counted from its first day.

use jiff::civil::Date;

const TERM_DAYS: i32 = 84;
/// Today.
pub(super) const LAST_DAY: i32 = TERM_DAYS - 1;
/// "Stopped attending five weeks ago": further back than the course's 30 `recent_days`.
pub(super) const LAPSED_DAYS_AGO: [i32; 2] = [35, 42];

pub(super) struct Term {
    start: Date,
    pub(super) cohort: String,
}

impl Term {
    pub(super) fn new(today: Date) -> Term {
        let start = add_days(today, -(TERM_DAYS - 1));
        let season = match start.month() {
            3..=5 => "spring",
            6..=8 => "summer",
            9..=11 => "autumn",
            _ => "winter",
        };
        Term {
            start,
            cohort: format!("{}-{season}", start.year()),
        }
    }

    pub(super) fn date(&self, day: i32) -> Date {
        add_days(self.start, day)
    }

    /// How far into the term a day is, from 0 to 1.
    pub(super) fn progress(day: i32) -> f64 {
        f64::from(day) / f64::from(LAST_DAY)
    }

    /// RFC 3339 in UTC, to the second, as `store::now()` writes it: `day` of the term plus
    /// `seconds` after midnight (which may run into the following days).
    pub(super) fn timestamp(&self, day: i32, seconds: i64) -> String {
        let date = self.date(day);
        let midnight = date
            .to_zoned_datetime(jiff::tz::TimeZone::UTC)
            .expect("a term date is in range")
            .timestamp();
        jiff::Timestamp::from_second(midnight.as_second() + seconds)
            .expect("a term date is in range")
            .to_string()
    }
}

fn add_days(date: Date, days: i32) -> Date {
    date.checked_add(jiff::Span::new().days(days))
        .expect("dates are checked to be far from the ends of the calendar")
}
