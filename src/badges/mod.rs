//! Skills as credentials: Open Badges 3.0 (docs/FORMATS.md § Open Badges). The issuer's key
//! (`keys.rs`), the compact JWS (`jws.rs`), badge images (`image.rs`), the credential as
//! issued (`credential.rs`) and what `badges verify` checks (`verify.rs`). No database, no
//! terminal: the commands in `commands/badges/` put these together.

pub mod credential;
pub mod image;
pub mod jws;
pub mod keys;
pub mod verify;

/// The JSON-LD contexts of an `OpenBadgeCredential`: VC 2.0, then Open Badges 3.0 (the
/// current version of its context file).
pub const CONTEXT: [&str; 2] = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
];

/// The rubrics of `badge` not mastered in `view` (a rubric the view lacks is not mastered), in
/// the badge's order: none means the badge is earned. The one rule `badges issue` and the
/// report both apply.
#[must_use]
pub fn not_mastered<'b>(
    badge: &'b crate::course::model::Badge,
    view: &crate::progress::Progress,
) -> Vec<&'b str> {
    badge
        .rubrics
        .iter()
        .filter(|r| !view.rubrics.iter().any(|p| &p.id == *r && p.mastered))
        .map(String::as_str)
        .collect()
}

/// Now, for credentials: `RAPPORT_NOW` (an RFC 3339 instant; a hidden hook that fixes time in
/// tests) or the clock, to the second.
#[must_use]
pub fn now() -> jiff::Timestamp {
    if let Some(fixed) = std::env::var("RAPPORT_NOW")
        .ok()
        .and_then(|v| v.parse::<jiff::Timestamp>().ok())
    {
        return fixed;
    }
    let now = jiff::Timestamp::now();
    jiff::Timestamp::from_second(now.as_second()).unwrap_or(now)
}

/// A fresh `urn:uuid:` (version 4, random).
pub fn uuid_urn() -> std::io::Result<String> {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b).map_err(|e| std::io::Error::other(e.to_string()))?;
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex = hex(&b);
    Ok(format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    ))
}

/// Bytes as lower-case hex digits.
#[must_use]
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::new(), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    })
}
