//! Badge images: a PNG or SVG file from the course folder, embedded in the credential's
//! achievement as a `data:` URI (a credential stays whole without a web server).

use base64::Engine as _;

use crate::course::files::CourseDir;
use crate::course::model::Course;
use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Png,
    Svg,
}

impl Kind {
    #[must_use]
    pub fn media_type(self) -> &'static str {
        match self {
            Kind::Png => "image/png",
            Kind::Svg => "image/svg+xml",
        }
    }
}

/// The kind an image's name promises (`.png`, `.svg`, any case).
#[must_use]
pub fn kind_by_name(path: &str) -> Option<Kind> {
    let extension = std::path::Path::new(path).extension()?;
    if extension.eq_ignore_ascii_case("png") {
        Some(Kind::Png)
    } else if extension.eq_ignore_ascii_case("svg") {
        Some(Kind::Svg)
    } else {
        None
    }
}

/// Whether the bytes are what the name promises: PNG's signature, or UTF-8 text holding an
/// `<svg` element.
pub fn check(kind: Kind, bytes: &[u8]) -> Result<(), String> {
    match kind {
        Kind::Png if bytes.starts_with(b"\x89PNG\r\n\x1a\n") => Ok(()),
        Kind::Png => {
            Err("is not a PNG image (it lacks PNG's signature); export it as PNG again".to_owned())
        }
        Kind::Svg if std::str::from_utf8(bytes).is_ok_and(|t| t.contains("<svg")) => Ok(()),
        Kind::Svg => Err(
            "is not an SVG image (no `<svg` element in UTF-8 text); export it as SVG again"
                .to_owned(),
        ),
    }
}

/// The image as a `data:` URI.
#[must_use]
pub fn data_uri(kind: Kind, bytes: &[u8]) -> String {
    format!(
        "data:{};base64,{}",
        kind.media_type(),
        base64::engine::general_purpose::STANDARD.encode(bytes)
    )
}

/// Every badge's image as a `data:` URI, in course.yaml's order (checked when the course
/// loaded; read again here).
pub fn data_uris(course: &Course) -> Result<Vec<Option<String>>> {
    let dir = CourseDir::new(&course.root);
    course
        .badges
        .iter()
        .map(|badge| {
            let Some(path) = &badge.image else {
                return Ok(None);
            };
            let kind = kind_by_name(path).expect("checked when the course loaded");
            let bytes = dir.read_bytes(path).map_err(|why| {
                Error::refused(format!("badge image `{path}` {why}; nothing was written"))
            })?;
            Ok(Some(data_uri(kind, &bytes)))
        })
        .collect()
}
