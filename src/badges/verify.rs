//! What `badges verify` checks in a compact VC-JWT: the signature against the header's `jwk`
//! (and that key against the issuer's: the one its `did:key` names, or the one given with
//! `--issuer-key` for any other issuer), the header OB 3.0 allows, the structure (the
//! properties the Open Badges 3.0 data model requires, written from the specification), the
//! JWT's registered claims against the credential, and the dates.

use serde_json::Value;

use ed25519_dalek::VerifyingKey;

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
/// `issuer_key` is the issuer's public key when the caller knows it (`--issuer-key`): needed
/// for an issuer that is not a `did:key`, whose key rapport cannot tell offline.
pub fn verify(
    token: &str,
    now: jiff::Timestamp,
    issuer_key: Option<&VerifyingKey>,
) -> Result<Verified, Vec<String>> {
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
    let mut problems = header_problems(header);
    problems.extend(structure(payload));
    let issuer = issuer_id(payload).unwrap_or_default();
    signer(header, &issuer, &key, issuer_key, &mut problems);
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

/// The JOSE header's parameters besides `alg` and `jwk` (OB 3.0 §8.2.3: `typ`, if present,
/// is `JWT`; "Additional JOSE Headers are NOT allowed", so neither `crit` nor any other).
fn header_problems(header: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    if let Some(typ) = header.get("typ")
        && typ.as_str() != Some("JWT")
    {
        problems.push(format!(
            "the header's `typ` is {typ}; OB 3.0 allows only `JWT`"
        ));
    }
    let others: Vec<String> = header
        .as_object()
        .into_iter()
        .flat_map(|map| map.keys())
        .filter(|name| !matches!(name.as_str(), "alg" | "typ" | "kid" | "jwk"))
        .map(|name| format!("`{name}`"))
        .collect();
    if !others.is_empty() {
        problems.push(format!(
            "the header has {}, which OB 3.0 does not allow (its JOSE header holds only `alg`, `typ`, `kid` and `jwk`)",
            others.join(", ")
        ));
    }
    problems
}

/// Whether the key that signed (the header's `jwk`) is the issuer's: a `did:key` issuer names
/// its key (and the `kid` must be that DID and the key's multibase); any other issuer's key
/// must be given (`issuer_key`), as its DID document is not fetched.
fn signer(
    header: &Value,
    issuer: &str,
    key: &VerifyingKey,
    issuer_key: Option<&VerifyingKey>,
    problems: &mut Vec<String>,
) {
    if issuer.starts_with("did:key:") {
        match keys::from_did_key(issuer) {
            Ok(named) if named == *key => {
                let kid = format!(
                    "{}#{}",
                    issuer.split('#').next().unwrap_or(issuer),
                    keys::multibase(key)
                );
                if header.get("kid").is_some_and(|k| k.as_str() != Some(&kid)) {
                    problems.push(format!(
                        "the header's `kid` does not name the issuer's key: it must be `{kid}`"
                    ));
                }
            }
            Ok(_) => problems.push(format!(
                "the header's `jwk` is not the key of the issuer `{issuer}`: someone else signed it"
            )),
            Err(why) => problems.push(format!("the issuer's `did:key` {why}")),
        }
        if issuer_key.is_some_and(|given| given != key) {
            problems.push(
                "the header's `jwk` is not the key given with `--issuer-key`: someone else signed it"
                    .to_owned(),
            );
        }
        return;
    }
    match issuer_key {
        None => problems.push(format!(
            "the issuer `{issuer}` is not a did:key, so rapport cannot tell its key offline: give the key with `--issuer-key`"
        )),
        Some(given) if given != key => problems.push(
            "the header's `jwk` is not the key given with `--issuer-key`: someone else signed it"
                .to_owned(),
        ),
        Some(_) => {}
    }
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

/// The Open Badges context, as OB 3.0 names it: the pattern
/// `https://purl.imsglobal.org/spec/ob/v3p0/context(-3\.\d\.\d)*\.json`.
fn is_ob_context(url: &str) -> bool {
    let Some(mut rest) = url
        .strip_prefix("https://purl.imsglobal.org/spec/ob/v3p0/context")
        .and_then(|r| r.strip_suffix(".json"))
    else {
        return false;
    };
    while !rest.is_empty() {
        let b = rest.as_bytes();
        let version = b.len() >= 6
            && b.starts_with(b"-3.")
            && b[3].is_ascii_digit()
            && b[4] == b'.'
            && b[5].is_ascii_digit();
        if !version {
            return false;
        }
        rest = &rest[6..];
    }
    true
}

/// A hashed `identityHash`: `sha256$` and 64 hex digits, or `md5$` and 32 (OB 3.0
/// `IdentityHash`).
fn is_identity_hash(hash: &str) -> bool {
    let hex = |digits: &str, len: usize| {
        digits.len() == len && digits.chars().all(|c| c.is_ascii_hexdigit())
    };
    hash.strip_prefix("sha256$").is_some_and(|d| hex(d, 64))
        || hash.strip_prefix("md5$").is_some_and(|d| hex(d, 32))
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
            c.len() >= 2 && c[0] == super::CONTEXT[0] && c[1].as_str().is_some_and(is_ob_context)
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
    if vc.get("name").is_some() {
        need(is_text(&vc["name"]), "`name` must be a text");
    }
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
                identity["identityHash"]
                    .as_str()
                    .is_some_and(is_identity_hash),
                "a hashed `identityHash` must be `sha256$` and 64 hex digits, or `md5$` and 32",
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

/// A JWT `NumericDate` claim (RFC 7519 §2: seconds since the epoch, a fraction allowed).
enum NumericDate {
    Absent,
    /// Not a number, or out of range.
    Wrong,
    At(jiff::Timestamp),
}

impl NumericDate {
    fn of(payload: &Value, claim: &str) -> NumericDate {
        let Some(value) = payload.get(claim) else {
            return NumericDate::Absent;
        };
        value
            .as_f64()
            .filter(|s| s.is_finite())
            .and_then(|seconds| {
                // Whole seconds below 2^53 and nanoseconds below 10^9: `new` checks the range.
                #[allow(clippy::cast_possible_truncation)]
                let (whole, nanos) = (
                    seconds.floor() as i64,
                    ((seconds - seconds.floor()) * 1e9) as i32,
                );
                jiff::Timestamp::new(whole, nanos).ok()
            })
            .map_or(NumericDate::Wrong, NumericDate::At)
    }

    fn at(&self) -> Option<jiff::Timestamp> {
        match self {
            NumericDate::At(at) => Some(*at),
            _ => None,
        }
    }
}

/// An RFC 3339 date property of the credential, when it is one.
fn instant(payload: &Value, property: &str) -> Option<jiff::Timestamp> {
    payload[property]
        .as_str()
        .and_then(|s| s.parse::<jiff::Timestamp>().ok())
}

/// The JWT's registered claims against the credential (OB 3.0 §8.2.4.1): `iss` the issuer's
/// ID, `jti` the credential's `id`, `sub` its `credentialSubject.id`, `nbf` its `validFrom`
/// and `exp` its `validUntil` (as `NumericDate`s, to the second).
fn claims(payload: &Value, issuer: &str, problems: &mut Vec<String>) {
    if payload["iss"].as_str() != Some(issuer) {
        problems.push("the JWT's `iss` is not the credential's `issuer.id`".to_owned());
    }
    if payload["jti"] != payload["id"] {
        problems.push("the JWT's `jti` is not the credential's `id`".to_owned());
    }
    // A subject identified by `identifier` only has no `id`, and then no `sub`.
    match (payload.get("sub"), payload["credentialSubject"].get("id")) {
        (None, Some(_)) => {
            problems.push("the JWT has no `sub` (it must be `credentialSubject.id`)".to_owned());
        }
        (Some(sub), id) if Some(sub) != id || !sub.is_string() => {
            problems.push("the JWT's `sub` is not the `credentialSubject.id`".to_owned());
        }
        _ => {}
    }
    let second = |t: jiff::Timestamp| t.as_second();
    match (
        NumericDate::of(payload, "nbf"),
        instant(payload, "validFrom"),
    ) {
        (NumericDate::Absent, _) => {
            problems.push("the JWT has no `nbf` (it must be `validFrom`)".to_owned());
        }
        (NumericDate::Wrong, _) => {
            problems.push("the JWT's `nbf` is not a number of seconds".to_owned());
        }
        (NumericDate::At(nbf), Some(from)) if second(nbf) != second(from) => {
            problems.push("the JWT's `nbf` is not the credential's `validFrom`".to_owned());
        }
        _ => {}
    }
    match (NumericDate::of(payload, "exp"), payload.get("validUntil")) {
        (NumericDate::Absent, None) => {}
        (NumericDate::Absent, Some(_)) => {
            problems.push("the JWT has no `exp` (it must be `validUntil`)".to_owned());
        }
        (NumericDate::Wrong, _) => {
            problems.push("the JWT's `exp` is not a number of seconds".to_owned());
        }
        (NumericDate::At(_), None) => problems.push(
            "the JWT has an `exp` but the credential no `validUntil`: they must agree".to_owned(),
        ),
        (NumericDate::At(exp), Some(_)) => {
            if instant(payload, "validUntil").is_some_and(|until| second(until) != second(exp)) {
                problems.push("the JWT's `exp` is not the credential's `validUntil`".to_owned());
            }
        }
    }
}

/// `validFrom`/`nbf` not after now, `validUntil`/`exp` not before.
fn dates(payload: &Value, now: jiff::Timestamp, problems: &mut Vec<String>) {
    let claim = |name: &str| NumericDate::of(payload, name).at();
    let starts = [instant(payload, "validFrom"), claim("nbf")]
        .into_iter()
        .flatten()
        .max();
    if let Some(start) = starts.filter(|s| *s > now) {
        problems.push(format!("it is not valid yet: valid from {start}"));
    }
    let ends = [instant(payload, "validUntil"), claim("exp")]
        .into_iter()
        .flatten()
        .min();
    if let Some(end) = ends.filter(|e| *e <= now) {
        problems.push(format!("it has expired: valid until {end}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ob_context_is_the_specs_pattern() {
        let base = "https://purl.imsglobal.org/spec/ob/v3p0/context";
        for good in [".json", "-3.0.3.json", "-3.0.3-3.1.0.json"] {
            assert!(is_ob_context(&format!("{base}{good}")), "{good}");
        }
        for bad in [
            "",
            "-3.0.json",
            "-3.0.3",
            ".jsonx",
            "-4.0.0.json",
            "-3.0.3.json/x",
            "s.json",
        ] {
            assert!(!is_ob_context(&format!("{base}{bad}")), "{bad}");
        }
    }

    #[test]
    fn identity_hashes_are_sha256_or_md5() {
        assert!(is_identity_hash(&format!("sha256${}", "a".repeat(64))));
        assert!(is_identity_hash(&format!("md5${}", "0".repeat(32))));
        assert!(!is_identity_hash(&format!("md5${}", "0".repeat(64))));
        assert!(!is_identity_hash("sha1$abc"));
    }
}
