//! Typed views: the only context templates ever see, built by pure functions of the data.

pub mod catalog;

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
}

/// A link to another page of the site, relative to the site's top folder.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub id: String,
    pub title: String,
    pub href: String,
}

/// `1 h 45 min`, `45 min`, `2 h`, with no-break spaces so a duration never wraps.
#[must_use]
pub fn duration(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m}\u{a0}min"),
        (h, 0) => format!("{h}\u{a0}h"),
        (h, m) => format!("{h}\u{a0}h {m}\u{a0}min"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn durations_read_naturally() {
        assert_eq!(super::duration(45), "45\u{a0}min");
        assert_eq!(super::duration(120), "2\u{a0}h");
        assert_eq!(super::duration(165), "2\u{a0}h 45\u{a0}min");
    }
}
