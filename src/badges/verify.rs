//! What `badges verify` checks in a compact VC-JWT: the signature against the header's `jwk`
//! (and that key against the issuer's `did:key`), the structure (the properties the Open
//! Badges 3.0 data model requires, written from the specification), the JWT's registered
//! claims against the credential, and the dates.

use serde_json::Value;

use super::{jws, keys};

/// A credential that verified (`badges verify --json` prints these fields).
#[derive(Debug, serde::Serialize)]
pub struct Verified {
    #[serde(rename = "credential")]
    pub id: String,
    pub issuer: String,
    pub issuer_name: Option<String>,
    #[serde(rename = "badge")]
    pub achievement: String,
    pub valid_from: String,
    pub valid_until: Option<String>,
}

/// Verifies a compact VC-JWT at `now`: the credential, or every reason it is invalid.
pub fn verify(token: &str, now: jiff::Timestamp) -> Result<Verified, Vec<String>> {
    let decoded = jws::decode(token).map_err(|e| vec![e])?;
    let header = &decoded.header;
    let alg = header.get("alg").and_then(Value::as_str).unwrap_or("");
    if alg != "EdDSA" {
        return Err(vec![format!(
            "the header's `alg` is `{alg}`; rapport verifies `EdDSA` (Ed25519) credentials"
        )]);
    }
    let jwk = header.get("jwk").ok_or_else(|| {
        vec!["the header has no `jwk`: the issuer's public key is not in the credential".to_owned()]
    })?;
    let key = keys::from_jwk(jwk).map_err(|e| vec![e])?;
    if !decoded.signed_by(&key) {
        return Err(vec![
            "the signature does not match: the credential was changed after it was signed, or signed with another key"
                .to_owned(),
        ]);
    }
    let payload = &decoded.payload;
    let mut problems = structure(payload);
    let issuer = issuer_id(payload).unwrap_or_default();
    if let Some(did) = issuer.strip_prefix("did:key:").map(|_| issuer.as_str()) {
        match keys::from_did_key(did) {
            Ok(named) if named == key => {}
            Ok(_) => problems.push(format!(
                "the header's `jwk` is not the key of the issuer `{did}`: someone else signed it"
            )),
            Err(why) => problems.push(format!("the issuer's `did:key` {why}")),
        }
    }
    claims(payload, &issuer, &mut problems);
    dates(payload, now, &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    let text = |v: &Value| v.as_str().map(str::to_owned);
    Ok(Verified {
        id: text(&payload["id"]).unwrap_or_default(),
        issuer,
        issuer_name: text(&payload["issuer"]["name"]),
        achievement: text(&payload["credentialSubject"]["achievement"]["name"]).unwrap_or_default(),
        valid_from: text(&payload["validFrom"]).unwrap_or_default(),
        valid_until: text(&payload["validUntil"]),
    })
}

fn issuer_id(payload: &Value) -> Option<String> {
    match &payload["issuer"] {
        Value::String(id) => Some(id.clone()),
        other => other.get("id").and_then(Value::as_str).map(str::to_owned),
    }
}

/// Whether `value["type"]` (a string or an array of strings) includes `wanted`.
fn has_type(value: &Value, wanted: &str) -> bool {
    match value.get("type") {
        Some(Value::String(t)) => t == wanted,
        Some(Value::Array(types)) => types.iter().any(|t| t.as_str() == Some(wanted)),
        _ => false,
    }
}

fn is_uri(value: &Value) -> bool {
    value.as_str().is_some_and(|s| {
        s.split_once(':').is_some_and(|(scheme, rest)| {
            !scheme.is_empty() && !rest.is_empty() && !s.contains(char::is_whitespace)
        })
    })
}

fn is_text(value: &Value) -> bool {
    value.as_str().is_some_and(|s| !s.trim().is_empty())
}

fn is_date(value: &Value) -> bool {
    value
        .as_str()
        .is_some_and(|s| s.parse::<jiff::Timestamp>().is_ok())
}

/// The properties the OB 3.0 data model requires (§ B.1: `AchievementCredential`, `Profile`,
/// `AchievementSubject`, `Achievement`, `Criteria`, `IdentityObject`, `Image`, `Evidence`).
/// Each problem names the property by its path.
#[must_use]
pub fn structure(vc: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let mut need = |ok: bool, what: &str| {
        if !ok {
            problems.push(what.to_owned());
        }
    };
    let context = vc["@context"].as_array();
    need(
        context.is_some_and(|c| {
            c.len() >= 2
                && c[0] == super::CONTEXT[0]
                && c[1].as_str().is_some_and(|s| {
                    s.starts_with("https://purl.imsglobal.org/spec/ob/v3p0/context")
                })
        }),
        "`@context` must list the VC 2.0 context, then the Open Badges 3.0 context",
    );
    need(is_uri(&vc["id"]), "`id` must be a URI");
    need(
        has_type(vc, "VerifiableCredential")
            && (has_type(vc, "OpenBadgeCredential") || has_type(vc, "AchievementCredential")),
        "`type` must include `VerifiableCredential` and `OpenBadgeCredential`",
    );
    match &vc["issuer"] {
        Value::String(_) => need(
            is_uri(&vc["issuer"]),
            "`issuer` must be a URI or a `Profile`",
        ),
        issuer @ Value::Object(_) => {
            need(is_uri(&issuer["id"]), "`issuer.id` must be a URI");
            need(
                has_type(issuer, "Profile"),
                "`issuer.type` must include `Profile`",
            );
        }
        _ => need(false, "`issuer` is missing"),
    }
    need(
        is_date(&vc["validFrom"]),
        "`validFrom` must be a date and time (RFC 3339)",
    );
    if vc.get("validUntil").is_some() {
        need(
            is_date(&vc["validUntil"]),
            "`validUntil` must be a date and time (RFC 3339)",
        );
    }
    need(is_text(&vc["name"]), "`name` must be a text");
    let subject = &vc["credentialSubject"];
    if subject.is_object() {
        subject_structure(subject, &mut need);
    } else {
        need(false, "`credentialSubject` is missing");
    }
    if let Some(evidence) = vc.get("evidence") {
        let list = evidence
            .as_array()
            .cloned()
            .unwrap_or_else(|| vec![evidence.clone()]);
        need(
            list.iter().all(|e| has_type(e, "Evidence")),
            "every `evidence` must have `type` `Evidence`",
        );
    }
    problems
}

fn subject_structure(subject: &Value, need: &mut impl FnMut(bool, &str)) {
    need(
        has_type(subject, "AchievementSubject"),
        "`credentialSubject.type` must include `AchievementSubject`",
    );
    let identifiers = subject["identifier"].as_array();
    need(
        subject.get("id").is_some() || identifiers.is_some_and(|i| !i.is_empty()),
        "`credentialSubject` must have an `id` or an `identifier`",
    );
    for identity in identifiers.into_iter().flatten() {
        need(
            has_type(identity, "IdentityObject")
                && identity["hashed"].is_boolean()
                && is_text(&identity["identityHash"])
                && is_text(&identity["identityType"]),
            "each `credentialSubject.identifier` must be an `IdentityObject` with `hashed`, `identityHash` and `identityType`",
        );
        if identity["hashed"] == Value::Bool(true) {
            need(
                identity["identityHash"].as_str().is_some_and(|h| {
                    h.strip_prefix("sha256$").is_some_and(|hex| {
                        hex.len() == 64 && hex.chars().all(|c| c.is_ascii_hexdigit())
                    })
                }),
                "a hashed `identityHash` must be `sha256$` and 64 hex digits",
            );
        }
    }
    let achievement = &subject["achievement"];
    if !achievement.is_object() {
        need(false, "`credentialSubject.achievement` is missing");
        return;
    }
    need(is_uri(&achievement["id"]), "`achievement.id` must be a URI");
    need(
        has_type(achievement, "Achievement"),
        "`achievement.type` must include `Achievement`",
    );
    need(
        is_text(&achievement["name"]),
        "`achievement.name` must be a text",
    );
    need(
        is_text(&achievement["description"]),
        "`achievement.description` must be a text",
    );
    let criteria = &achievement["criteria"];
    need(
        criteria.is_object() && (is_uri(&criteria["id"]) || is_text(&criteria["narrative"])),
        "`achievement.criteria` must have an `id` or a `narrative`",
    );
    if let Some(image) = achievement.get("image") {
        need(
            is_uri(&image["id"]) && image["type"] == "Image",
            "`achievement.image` must have an `id` (a URI) and `type` `Image`",
        );
    }
}

/// The JWT's registered claims against the credential (OB 3.0 §8.2.4.1).
fn claims(payload: &Value, issuer: &str, problems: &mut Vec<String>) {
    if payload["iss"].as_str() != Some(issuer) {
        problems.push("the JWT's `iss` is not the credential's `issuer.id`".to_owned());
    }
    if payload["jti"] != payload["id"] {
        problems.push("the JWT's `jti` is not the credential's `id`".to_owned());
    }
    let valid_from = payload["validFrom"]
        .as_str()
        .and_then(|s| s.parse::<jiff::Timestamp>().ok());
    match (payload["nbf"].as_i64(), valid_from) {
        (None, _) => problems.push("the JWT has no `nbf` (it must be `validFrom`)".to_owned()),
        (Some(nbf), Some(from)) if nbf != from.as_second() => {
            problems.push("the JWT's `nbf` is not the credential's `validFrom`".to_owned());
        }
        _ => {}
    }
    if let Some(sub) = payload.get("sub")
        && sub != &payload["credentialSubject"]["id"]
    {
        problems.push("the JWT's `sub` is not the `credentialSubject.id`".to_owned());
    }
}

/// `validFrom`/`nbf` not after now, `validUntil`/`exp` not before.
fn dates(payload: &Value, now: jiff::Timestamp, problems: &mut Vec<String>) {
    let at = |v: &Value| v.as_str().and_then(|s| s.parse::<jiff::Timestamp>().ok());
    let second = |v: &Value| {
        v.as_i64()
            .and_then(|s| jiff::Timestamp::from_second(s).ok())
    };
    let starts = [at(&payload["validFrom"]), second(&payload["nbf"])]
        .into_iter()
        .flatten()
        .max();
    if let Some(start) = starts.filter(|s| *s > now) {
        problems.push(format!("it is not valid yet: valid from {start}"));
    }
    let ends = [at(&payload["validUntil"]), second(&payload["exp"])]
        .into_iter()
        .flatten()
        .min();
    if let Some(end) = ends.filter(|e| *e <= now) {
        problems.push(format!("it has expired: valid until {end}"));
    }
}
