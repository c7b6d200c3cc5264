//! The `OpenBadgeCredential` rapport issues (Open Badges 3.0 data model) and its VC-JWT
//! form (OB 3.0 §8.2: the credential is the JWT payload beside `iss`, `jti`, `sub`, `nbf`; the
//! JOSE header names `alg: EdDSA`, `typ: JWT`, the `kid` and the public key as `jwk`).

use ed25519_dalek::SigningKey;
use serde_json::{Map, Value, json};
use sha2::{Digest as _, Sha256};

use super::{CONTEXT, jws, keys};
use crate::course::model::{Badge, Issuer};

/// What earned a badge: one mastered rubric, as the student's progress shows it.
#[derive(Debug, Clone)]
pub struct Evidence {
    pub rubric: String,
    pub title: String,
    /// The rubric's mastery value as printed (a `Figure`).
    pub value: String,
    /// The level at or below the value, and the mastery level, as labels.
    pub level: String,
    pub mastery_level: String,
    /// The mastery method's name.
    pub method: &'static str,
}

/// Everything one credential is made of.
pub struct Draft<'a> {
    pub issuer: &'a Issuer,
    /// The issuer's identifier: course.yaml's `issuer.id`, else the key's `did:key`.
    pub issuer_id: &'a str,
    pub badge: &'a Badge,
    /// The achievement's image as a `data:` URI.
    pub image: Option<String>,
    pub credential_id: &'a str,
    /// The subject's `id` (and the JWT's `sub`): a fresh `urn:uuid:`, tied to nothing else.
    pub subject_id: &'a str,
    pub valid_from: jiff::Timestamp,
    pub email: &'a str,
    pub salt: &'a str,
    pub evidence: &'a [Evidence],
}

/// `sha256$` and the hex SHA-256 of the email (trimmed, lower case) followed by the salt, as
/// Open Badges hashes an `IdentityObject`.
#[must_use]
pub fn identity_hash(email: &str, salt: &str) -> String {
    let digest = Sha256::digest(format!("{}{salt}", email.trim().to_lowercase()));
    format!("sha256${}", super::hex(&digest))
}

/// A random salt: 16 bytes as hex.
pub fn salt() -> std::io::Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok(super::hex(&bytes))
}

/// The achievement's `id`: the issuer's web address with `/badges/ID` when it has one, else
/// the issuer's DID with that path.
#[must_use]
pub fn achievement_id(issuer: &Issuer, issuer_id: &str, badge: &str) -> String {
    match &issuer.url {
        Some(url) => format!("{}/badges/{badge}", url.trim_end_matches('/')),
        None => format!("{issuer_id}/badges/{badge}"),
    }
}

/// The credential as JSON.
#[must_use]
pub fn credential(draft: &Draft<'_>) -> Value {
    let mut issuer = Map::new();
    issuer.insert("id".into(), json!(draft.issuer_id));
    issuer.insert("type".into(), json!(["Profile"]));
    issuer.insert("name".into(), json!(draft.issuer.name));
    if let Some(url) = &draft.issuer.url {
        issuer.insert("url".into(), json!(url));
    }
    let badge = draft.badge;
    let mut achievement = Map::new();
    achievement.insert(
        "id".into(),
        json!(achievement_id(draft.issuer, draft.issuer_id, &badge.id)),
    );
    achievement.insert("type".into(), json!(["Achievement"]));
    achievement.insert("name".into(), json!(badge.name));
    achievement.insert("description".into(), json!(badge.description));
    achievement.insert("criteria".into(), json!({"narrative": badge.criteria}));
    if let Some(image) = &draft.image {
        achievement.insert(
            "image".into(),
            json!({"id": image, "type": "Image", "caption": badge.name}),
        );
    }
    let evidence: Vec<Value> = draft
        .evidence
        .iter()
        .map(|e| {
            json!({
                "type": ["Evidence"],
                "name": e.title,
                "narrative": format!(
                    "Mastered: {} ({}) by {}, at or above the mastery level {}.",
                    e.value, e.level, e.method.replace('_', " "), e.mastery_level
                ),
            })
        })
        .collect();
    json!({
        "@context": CONTEXT,
        "id": draft.credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": issuer,
        "validFrom": draft.valid_from.to_string(),
        "name": badge.name,
        "credentialSubject": {
            "id": draft.subject_id,
            "type": ["AchievementSubject"],
            "identifier": [{
                "type": "IdentityObject",
                "identityHash": identity_hash(draft.email, draft.salt),
                "identityType": "emailAddress",
                "hashed": true,
                "salt": draft.salt,
            }],
            "achievement": achievement,
        },
        "evidence": evidence,
    })
}

/// The JOSE header: `EdDSA`, the key's ID (the issuer's DID and the key's multibase as the
/// fragment) and the public key itself.
#[must_use]
pub fn header(issuer_id: &str, key: &SigningKey) -> Value {
    let public = key.verifying_key();
    json!({
        "alg": "EdDSA",
        "typ": "JWT",
        "kid": format!("{issuer_id}#{}", keys::multibase(&public)),
        "jwk": keys::jwk(&public),
    })
}

/// The JWT payload: the credential with `iss`, `jti`, `sub` (the `credentialSubject.id`) and
/// `nbf` beside it.
#[must_use]
pub fn payload(credential: &Value, issuer_id: &str, valid_from: jiff::Timestamp) -> Value {
    let mut payload = credential.clone();
    if let Value::Object(map) = &mut payload {
        map.insert("iss".into(), json!(issuer_id));
        map.insert("jti".into(), credential["id"].clone());
        map.insert("sub".into(), credential["credentialSubject"]["id"].clone());
        map.insert("nbf".into(), json!(valid_from.as_second()));
    }
    payload
}

/// The credential signed as a compact VC-JWT.
#[must_use]
pub fn sign(credential: &Value, draft: &Draft<'_>, key: &SigningKey) -> String {
    jws::sign(
        &header(draft.issuer_id, key),
        &payload(credential, draft.issuer_id, draft.valid_from),
        key,
    )
}
