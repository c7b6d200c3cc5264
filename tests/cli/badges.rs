//! Skills as credentials: `badges keygen`, `issue`, `revoke`, `verify`, and course.yaml's
//! `issuer:`/`badges:` (docs/FORMATS.md § Open Badges). The credential's structure is checked
//! property by property against what the Open Badges 3.0 data model requires
//! (<https://www.imsglobal.org/spec/ob/v3p0/>, § B.1, written from the specification: every
//! `[1]` property of `AchievementCredential`, `Profile`, `AchievementSubject`, `Achievement`,
//! `Criteria`, `IdentityObject`, `Image` and `Evidence`), and its VC-JWT form against §8.2.
//! The independent verifier (openbadgeslib) runs in tests/badges/check.

use std::fs;
use std::os::unix::fs::PermissionsExt as _;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::pkcs8::DecodePrivateKey as _;
use ed25519_dalek::{Signer as _, SigningKey};
use serde_json::{Value, json};
use sha2::{Digest as _, Sha256};
use tempfile::TempDir;

use crate::support::Test;

/// Runs `rapport ARGS` in the test's folder with its environment: exit code, stdout, stderr.
pub(crate) fn run(test: &Test, args: &[&str]) -> (i32, String, String) {
    let out = test
        .command(args)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Runs `rapport ARGS` and asserts the whole outputs.
pub(crate) fn expect(test: &Test, args: &[&str], code: i32, stdout: &str, stderr: &str) {
    let (got, out, err) = run(test, args);
    assert_eq!(
        (got, out.as_str(), err.as_str()),
        (code, stdout, stderr),
        "\n--- stdout ---\n{out}\n--- stderr ---\n{err}"
    );
}

/// The moment every credential in these tests is issued at.
pub(crate) const NOW: &str = "2026-12-01T09:00:00Z";

/// The badges fixture with a key outside it: amara (email, mastered 3 and 4), bob (email,
/// 2 and 2: not mastered), cara (no email, mastered).
pub(crate) fn course() -> (Test, TempDir) {
    let keys = tempfile::tempdir().unwrap();
    let test = Test::with_fixture("badges")
        .env(
            "RAPPORT_ISSUER_KEY",
            keys.path().join("issuer.pem").to_str().unwrap(),
        )
        .env("RAPPORT_NOW", NOW)
        .env("RAPPORT_USER", "ines")
        .given(&[
            "student",
            "add",
            "amara",
            "--name",
            "Amara",
            "--email",
            "Amara@Example.org",
        ])
        .given(&[
            "student",
            "add",
            "bob",
            "--name",
            "Bob",
            "--email",
            "bob@example.org",
        ])
        .given(&["student", "add", "cara", "--name", "Cara"])
        .given(&["instructor", "add", "jo", "--name", "Jo"])
        .given(&[
            "session",
            "add",
            "s1",
            "--date",
            "2026-09-02",
            "--kind",
            "live",
            "--title",
            "T",
        ]);
    let test = ["amara:3:4", "bob:2:2", "cara:4:4"]
        .iter()
        .fold(test, |test, spec| {
            let parts: Vec<&str> = spec.split(':').collect();
            test.given(&[
                "score",
                parts[0],
                "--rubric",
                "oral-communication",
                "--session",
                "s1",
                "--by",
                "jo",
                &format!("direction={}", parts[1]),
                &format!("listening={}", parts[2]),
            ])
        });
    (test, keys)
}

/// `course()` with a key made.
pub(crate) fn keyed() -> (Test, TempDir) {
    let (test, keys) = course();
    (test.given(&["badges", "keygen"]), keys)
}

/// `keyed()` with amara's credentials issued into `out/`.
pub(crate) fn issued() -> (Test, TempDir) {
    let (test, keys) = keyed();
    (test.given(&["badges", "issue", "--all", "-o", "out"]), keys)
}

pub(crate) fn key_of(keys: &TempDir) -> SigningKey {
    SigningKey::from_pkcs8_pem(&fs::read_to_string(keys.path().join("issuer.pem")).unwrap())
        .unwrap()
}

pub(crate) fn did_key(key: &SigningKey) -> String {
    let mut bytes = vec![0xed, 0x01];
    bytes.extend_from_slice(key.verifying_key().as_bytes());
    format!("did:key:z{}", bs58::encode(bytes).into_string())
}

/// A compact JWT's header and payload.
pub(crate) fn decode(jwt: &str) -> (Value, Value) {
    let parts: Vec<&str> = jwt.trim().split('.').collect();
    assert_eq!(parts.len(), 3, "{jwt}");
    let part =
        |i: usize| serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[i]).unwrap()).unwrap();
    (part(0), part(1))
}

/// `header` and `payload` signed by `key`, as a compact JWS.
pub(crate) fn sign(header: &Value, payload: &Value, key: &SigningKey) -> String {
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(payload.to_string())
    );
    let signature = key.sign(input.as_bytes());
    format!("{input}.{}\n", URL_SAFE_NO_PAD.encode(signature.to_bytes()))
}

#[test]
fn keygen_writes_a_private_key_only_its_owner_may_read_and_prints_its_did_key() {
    let (test, keys) = course();
    let out = run(&test, &["badges", "keygen"]);
    let path = keys.path().join("issuer.pem");
    let key = key_of(&keys);
    assert_eq!(
        out,
        (
            0,
            format!(
                "key         {}\npublic key  {} (Ed25519, base64url)\ndid:key     {}\n",
                path.display(),
                URL_SAFE_NO_PAD.encode(key.verifying_key().as_bytes()),
                did_key(&key)
            ),
            "keep this file secret and backed up: it signs every credential; without `issuer.id` in course.yaml, the `did:key` above is the issuer\n"
                .to_owned()
        )
    );
    assert!(did_key(&key).starts_with("did:key:z6Mk"));
    let pem = fs::read_to_string(&path).unwrap();
    assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----\n"), "{pem}");
    assert_eq!(
        fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o600
    );
}

#[test]
fn keygen_never_replaces_a_key_without_force() {
    let (test, keys) = keyed();
    let path = keys.path().join("issuer.pem");
    let before = fs::read(&path).unwrap();
    expect(
        &test,
        &["badges", "keygen"],
        1,
        "",
        &format!(
            "error: `{}` already holds an issuer key; nothing was written\n  hint: `--force` replaces it; credentials signed with the old key then no longer match the issuer's `did:key`\n",
            path.display()
        ),
    );
    assert_eq!(fs::read(&path).unwrap(), before);
    let (test, keys) = keyed();
    let path = keys.path().join("issuer.pem");
    let before = fs::read(&path).unwrap();
    assert_eq!(run(&test, &["badges", "keygen", "--force"]).0, 0);
    assert_ne!(fs::read(&path).unwrap(), before);
    assert_eq!(
        fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o600
    );
}

#[test]
fn keygen_refuses_a_place_inside_the_course_folder() {
    let (test, _keys) = course();
    let test = test.env("RAPPORT_ISSUER_KEY", "keys/issuer.pem");
    let before = test.snapshot();
    let course = fs::canonicalize(test.path("")).unwrap();
    expect(
        &test,
        &["badges", "keygen"],
        1,
        "",
        &format!(
            "error: `keys/issuer.pem` is inside the course folder `{}`, which is shared through git; nothing was written\n  hint: keep the key outside the course: unset `RAPPORT_ISSUER_KEY` to use ~/.config/rapport/issuer.pem, or point it elsewhere\n",
            course.display()
        ),
    );
    assert_eq!(test.snapshot(), before);
}

#[test]
fn keygen_defaults_to_the_users_config_folder() {
    let (test, _keys) = course();
    let home = tempfile::tempdir().unwrap();
    let test = test
        .env("RAPPORT_ISSUER_KEY", "")
        .env("HOME", home.path().to_str().unwrap());
    assert_eq!(run(&test, &["badges", "keygen"]).0, 0);
    let path = home.path().join(".config/rapport/issuer.pem");
    assert_eq!(
        fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let folder = home.path().join(".config/rapport");
    assert_eq!(
        fs::metadata(folder).unwrap().permissions().mode() & 0o777,
        0o700
    );
}

#[test]
fn issue_refuses_a_missing_key_and_one_others_may_read() {
    let (test, keys) = course();
    let before = test.snapshot();
    let path = keys.path().join("issuer.pem");
    expect(
        &test,
        &["badges", "issue", "--all", "-o", "out"],
        1,
        "",
        &format!(
            "error: there is no issuer key at `{}`\n  hint: create one with `rapport badges keygen` (or set `RAPPORT_ISSUER_KEY` to the key's path)\n",
            path.display()
        ),
    );
    let (test, keys) = keyed();
    let path = keys.path().join("issuer.pem");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
    let before_keyed = test.snapshot();
    expect(
        &test,
        &["badges", "issue", "--all", "-o", "out"],
        1,
        "",
        &format!(
            "error: the issuer key `{0}` may be read by others (mode 644); a private key must be yours alone\n  hint: run `chmod 600 {0}`\n",
            path.display()
        ),
    );
    assert_eq!(test.snapshot(), before_keyed);
    drop(before);
}

#[test]
fn issue_counts_the_credentials_and_the_students_who_got_them() {
    // With an email, cara gets hers too; a second run has nothing newly earned.
    let (test, _keys) = keyed();
    let test = test.given(&["student", "edit", "cara", "--email", "cara@example.org"]);
    let (code, stdout, stderr) = run(&test, &["badges", "issue", "--all", "-o", "out"]);
    assert_eq!(
        (code, stderr.as_str()),
        (0, "issued 4 credentials to 2 students in `out`\n"),
        "{stdout}"
    );
    let (code, _, stderr) = run(&test, &["badges", "issue", "--all", "-o", "out"]);
    assert_eq!(
        (code, stderr.as_str()),
        (0, "no credential issued: nothing newly earned\n")
    );
}

#[test]
fn issue_writes_the_newly_earned_credentials_and_says_who_has_not_earned_them() {
    let (test, _keys) = keyed();
    let test = test.args(&["badges", "issue", "--all", "-o", "out"]);
    test.expect(
        0,
        "amara  artist-communicator  issued amara/artist-communicator.jwt
amara  communication        issued amara/communication.jwt
bob    artist-communicator  not earned yet: `oral-communication` not mastered
bob    communication        not earned yet: `oral-communication` not mastered
cara   artist-communicator  earned, not issued: no email address to identify them by; add one with `rapport student edit cara --email …`
cara   communication        earned, not issued: no email address to identify them by; add one with `rapport student edit cara --email …`
",
        "issued 2 credentials to 1 student in `out`\n",
    );
    let files: Vec<String> = test
        .files()
        .into_iter()
        .filter(|f| f.starts_with("out/"))
        .collect();
    assert_eq!(
        files,
        [
            "out/amara/artist-communicator.json",
            "out/amara/artist-communicator.jwt",
            "out/amara/communication.json",
            "out/amara/communication.jwt",
        ]
    );
    assert_eq!(
        test.sql_value(
            "SELECT count(*) || ' ' || min(student_id) || ' ' || min(issued_at) || ' ' || min(issued_by) FROM badge_credential"
        ),
        "2 amara 2026-12-01T09:00:00Z ines"
    );
}

/// Every property the OB 3.0 data model marks required, and those the contract adds (the
/// issuer's name and URL, the achievement's image, the evidence), one by one.
#[test]
fn the_credential_has_every_property_open_badges_requires() {
    let (test, keys) = issued();
    let vc: Value = serde_json::from_str(
        &fs::read_to_string(test.path("out/amara/artist-communicator.json")).unwrap(),
    )
    .unwrap();
    let issuer = did_key(&key_of(&keys));
    // AchievementCredential
    assert_eq!(
        vc["@context"],
        json!([
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
        ])
    );
    let id = vc["id"].as_str().unwrap();
    assert!(id.starts_with("urn:uuid:") && id.len() == 45, "{id}");
    assert_eq!(
        vc["type"],
        json!(["VerifiableCredential", "OpenBadgeCredential"])
    );
    assert_eq!(vc["validFrom"], NOW);
    assert_eq!(vc["name"], "Artist Communicator");
    assert!(vc.get("validUntil").is_none());
    // Profile
    assert_eq!(
        vc["issuer"],
        json!({"id": issuer, "type": ["Profile"], "name": "Gray Spark Audio Academy", "url": "https://grayspark.example"})
    );
    // AchievementSubject: a private `id` (a fresh `urn:uuid:`, the JWT's `sub`), no plain
    // email; an IdentityObject with the salted hash.
    let subject = &vc["credentialSubject"];
    assert_eq!(subject["type"], json!(["AchievementSubject"]));
    let subject_id = subject["id"].as_str().unwrap();
    assert!(
        subject_id.starts_with("urn:uuid:") && subject_id.len() == 45 && subject_id != id,
        "{subject_id}"
    );
    assert!(!vc.to_string().to_lowercase().contains("amara@example.org"));
    let identity = &subject["identifier"][0];
    assert_eq!(subject["identifier"].as_array().unwrap().len(), 1);
    assert_eq!(identity["type"], "IdentityObject");
    assert_eq!(identity["identityType"], "emailAddress");
    assert_eq!(identity["hashed"], true);
    let salt = identity["salt"].as_str().unwrap();
    assert_eq!(salt.len(), 32);
    let digest = Sha256::digest(format!("amara@example.org{salt}"));
    let hex: String = digest.iter().fold(String::new(), |mut out, b| {
        use std::fmt::Write as _;
        let _ = write!(out, "{b:02x}");
        out
    });
    assert_eq!(identity["identityHash"], format!("sha256${hex}"));
    // Achievement, Criteria, Image
    let achievement = &subject["achievement"];
    assert_eq!(
        achievement["id"],
        "https://grayspark.example/badges/artist-communicator"
    );
    assert_eq!(achievement["type"], json!(["Achievement"]));
    assert_eq!(achievement["name"], "Artist Communicator");
    assert_eq!(
        achievement["description"],
        "Directs performers clearly and kindly."
    );
    assert_eq!(
        achievement["criteria"],
        json!({"narrative": "Mastery of every criterion of the oral communication rubric."})
    );
    let svg = fs::read(test.path("badges/artist-communicator.svg")).unwrap();
    assert_eq!(
        achievement["image"],
        json!({
            "id": format!("data:image/svg+xml;base64,{}", base64::engine::general_purpose::STANDARD.encode(svg)),
            "type": "Image",
            "caption": "Artist Communicator",
        })
    );
    // Evidence: the rubric levels that earned it, as `progress` shows them.
    assert_eq!(
        vc["evidence"],
        json!([{
            "type": ["Evidence"],
            "name": "Oral communication",
            "narrative": "Mastered: 3.333333 (Proficient) by decaying average, at or above the mastery level 3 (Proficient).",
        }])
    );
    // Each credential has its own ID and salt.
    let other: Value = serde_json::from_str(
        &fs::read_to_string(test.path("out/amara/communication.json")).unwrap(),
    )
    .unwrap();
    assert_ne!(other["id"], vc["id"]);
    assert_ne!(
        other["credentialSubject"]["id"],
        vc["credentialSubject"]["id"]
    );
    assert_ne!(other["credentialSubject"]["identifier"][0]["salt"], salt);
}

/// OB 3.0 §8.2: the JWT payload is the credential with `iss`, `jti`, `sub` and `nbf`; the header
/// names `EdDSA`, the key's ID and the public key as a JWK; the signature is the key's.
#[test]
fn the_jwt_is_the_credential_signed_by_the_issuer_key() {
    let (test, keys) = issued();
    let key = key_of(&keys);
    let jwt = fs::read_to_string(test.path("out/amara/artist-communicator.jwt")).unwrap();
    assert!(jwt.ends_with('\n') && jwt.trim().split('.').count() == 3);
    let (header, payload) = decode(&jwt);
    let issuer = did_key(&key);
    let multibase = issuer.strip_prefix("did:key:").unwrap();
    assert_eq!(
        header,
        json!({
            "alg": "EdDSA",
            "typ": "JWT",
            "kid": format!("{issuer}#{multibase}"),
            "jwk": {"kty": "OKP", "crv": "Ed25519", "x": URL_SAFE_NO_PAD.encode(key.verifying_key().as_bytes())},
        })
    );
    let mut vc: Value = serde_json::from_str(
        &fs::read_to_string(test.path("out/amara/artist-communicator.json")).unwrap(),
    )
    .unwrap();
    let map = vc.as_object_mut().unwrap();
    map.insert("iss".into(), json!(issuer));
    map.insert("jti".into(), map["id"].clone());
    map.insert("sub".into(), map["credentialSubject"]["id"].clone());
    map.insert("nbf".into(), json!(1_796_115_600)); // 2026-12-01T09:00:00Z
    assert_eq!(payload, vc);
    // The signature verifies with the issuer's key.
    let parts: Vec<&str> = jwt.trim().rsplitn(2, '.').collect();
    let signature =
        ed25519_dalek::Signature::from_slice(&URL_SAFE_NO_PAD.decode(parts[0]).unwrap()).unwrap();
    key.verifying_key()
        .verify_strict(parts[1].as_bytes(), &signature)
        .unwrap();
    // The gradebook keeps the same token.
    assert_eq!(
        test.sql_value("SELECT jwt FROM badge_credential WHERE badge_id = 'artist-communicator'"),
        jwt.trim()
    );
}

#[test]
fn a_badge_is_never_issued_twice() {
    let (test, _keys) = issued();
    let before = test.snapshot();
    expect(
        &test,
        &["badges", "issue", "--student", "amara", "-o", "out"],
        0,
        "amara  artist-communicator  already issued on 2026-12-01
amara  communication        already issued on 2026-12-01
",
        "no credential issued: nothing newly earned\n",
    );
    assert_eq!(test.snapshot(), before);
}

#[test]
fn issue_for_an_unknown_student_says_who_is_there() {
    let (test, _keys) = keyed();
    let before = test.snapshot();
    expect(
        &test,
        &["badges", "issue", "--student", "amra", "-o", "out"],
        1,
        "",
        "error: unknown student `amra`, did you mean `amara`?\n  hint: add them with `rapport student add amra --name \"…\"`\n",
    );
    assert_eq!(test.snapshot(), before);
}

#[test]
fn issue_never_writes_over_a_file_it_did_not_write() {
    let (test, _keys) = keyed();
    let test = test.write("out/amara/communication.jwt", "mine\n");
    let before = test.snapshot();
    expect(
        &test,
        &["badges", "issue", "--all", "-o", "out"],
        1,
        "",
        "error: `out/amara/communication.jwt` already exists; nothing was written\n  hint: choose another name, or pass `--force` to replace it\n",
    );
    assert_eq!(test.snapshot(), before);
}

#[test]
fn issue_refuses_a_did_key_issuer_that_is_not_the_signing_key() {
    let (test, keys) = keyed();
    let own = did_key(&key_of(&keys));
    let other = did_key(&SigningKey::from_bytes(&[9; 32]));
    let test = test.edit(
        "course.yaml",
        "  url: https://grayspark.example\n",
        &format!("  url: https://grayspark.example\n  id: {other}\n"),
    );
    let before = test.snapshot();
    expect(
        &test,
        &["badges", "issue", "--all", "-o", "out"],
        1,
        "",
        &format!(
            "error: course.yaml's issuer `id` is `{other}`, but the issuer key is `{own}`; nothing was written\n  hint: use the key that `id` names, or remove `id` to use this key's `did:key`\n"
        ),
    );
    assert_eq!(test.snapshot(), before);
}

#[test]
fn revoke_records_who_and_why_and_the_badge_may_be_issued_again() {
    let (test, _keys) = issued();
    let id = test
        .sql_value("SELECT credential_id FROM badge_credential WHERE badge_id = 'communication'");
    expect(
        &test,
        &[
            "badges",
            "revoke",
            "amara",
            "communication",
            "--reason",
            "Issued by mistake",
        ],
        0,
        &format!("revoked `communication` of amara ({id})\n"),
        "the credential's files still verify (their signature is sound); tell whoever holds them that it is revoked\n",
    );
    assert_eq!(
        test.sql_value(
            "SELECT revoked_by || ' / ' || revoke_reason FROM badge_credential WHERE badge_id = 'communication'"
        ),
        "ines / Issued by mistake"
    );
    let test = test.args(&[
        "badges",
        "revoke",
        "amara",
        "communication",
        "--reason",
        "Again",
    ]);
    let before = test.snapshot();
    test.expect(
        1,
        "",
        "error: amara holds no credential for `communication` to revoke; nothing was changed\n",
    );
    assert_eq!(test.snapshot(), before);
    // Issued again, into another folder (the revoked one's files are still in `out`).
    expect(
        &test,
        &["badges", "issue", "--student", "amara", "-o", "again"],
        0,
        "amara  artist-communicator  already issued on 2026-12-01
amara  communication        issued amara/communication.jwt
",
        "issued 1 credential to 1 student in `again`\n",
    );
    assert_eq!(
        test.sql_value("SELECT count(*) FROM badge_credential WHERE badge_id = 'communication'"),
        "2"
    );
}

#[test]
fn revoke_refuses_an_unknown_badge_and_an_empty_reason() {
    let (test, _keys) = issued();
    let before = test.snapshot();
    expect(
        &test,
        &["badges", "revoke", "amara", "comunication", "--reason", "R"],
        1,
        "",
        "error: unknown badge `comunication`, did you mean `communication`?\n  hint: the course's badges are listed under `badges:` in course.yaml\n",
    );
    expect(
        &test,
        &[
            "badges",
            "revoke",
            "amara",
            "communication",
            "--reason",
            " ",
        ],
        1,
        "",
        "error: `--reason` is empty\n  hint: say why the credential is revoked; the reason is kept in the gradebook\n",
    );
    assert_eq!(test.snapshot(), before);
}

#[test]
fn verify_accepts_an_issued_credential() {
    let (test, keys) = issued();
    let id = test.sql_value(
        "SELECT credential_id FROM badge_credential WHERE badge_id = 'artist-communicator'",
    );
    expect(
        &test,
        &["badges", "verify", "out/amara/artist-communicator.jwt"],
        0,
        &format!(
            "out/amara/artist-communicator.jwt: valid
  credential  {id}
  badge       Artist Communicator
  issuer      Gray Spark Audio Academy, {}
  valid from  {NOW}
",
            did_key(&key_of(&keys))
        ),
        "",
    );
}

/// Runs `badges verify` on `jwt` (written to `forged.jwt`) and expects it invalid with `reasons`.
pub(crate) fn rejected(test: &Test, jwt: &str, reasons: &[&str]) {
    fs::write(test.path("forged.jwt"), jwt).unwrap();
    let mut message = "error: `forged.jwt` is not a valid credential:".to_owned();
    for reason in reasons {
        message.push_str("\n  - ");
        message.push_str(reason);
    }
    message.push('\n');
    let (code, stdout, stderr) = run(test, &["badges", "verify", "forged.jwt"]);
    assert_eq!(
        (code, stdout.as_str(), stderr.as_str()),
        (1, "", message.as_str())
    );
}

/// Why a credential changed after signing is invalid.
const CHANGED: &str = "the signature does not match: the credential was changed after it was signed, or signed with another key";

#[test]
fn verify_rejects_a_changed_signature_or_payload() {
    let (test, _keys) = issued();
    let jwt = fs::read_to_string(test.path("out/amara/artist-communicator.jwt")).unwrap();
    let jwt = jwt.trim();
    // One character of the signature changed.
    let last = jwt.chars().nth_back(1).unwrap();
    let swapped = if last == 'A' { 'B' } else { 'A' };
    let forged = format!(
        "{}{swapped}{}",
        &jwt[..jwt.len() - 2],
        &jwt[jwt.len() - 1..]
    );
    rejected(&test, &forged, &[CHANGED]);
    // The payload changed, header and signature kept.
    let (_, mut payload) = decode(jwt);
    payload["name"] = json!("Master of Everything");
    let parts: Vec<&str> = jwt.split('.').collect();
    let forged = format!(
        "{}.{}.{}",
        parts[0],
        URL_SAFE_NO_PAD.encode(payload.to_string()),
        parts[2]
    );
    rejected(&test, &forged, &[CHANGED]);
    rejected(
        &test,
        "not a token",
        &["it is not a compact JWT: it has 1 part separated by dots, not 3"],
    );
}

#[test]
fn verify_rejects_a_key_that_is_not_the_issuers() {
    let (test, _keys) = issued();
    let jwt = fs::read_to_string(test.path("out/amara/artist-communicator.jwt")).unwrap();
    let (mut header, payload) = decode(&jwt);
    let other = SigningKey::from_bytes(&[9; 32]);
    header["jwk"]["x"] = json!(URL_SAFE_NO_PAD.encode(other.verifying_key().as_bytes()));
    let issuer = payload["iss"].as_str().unwrap().to_owned();
    rejected(
        &test,
        &sign(&header, &payload, &other),
        &[&format!(
            "the header's `jwk` is not the key of the issuer `{issuer}`: someone else signed it"
        )],
    );
}

#[test]
fn verify_checks_the_dates() {
    let (test, keys) = issued();
    let key = key_of(&keys);
    let jwt = fs::read_to_string(test.path("out/amara/artist-communicator.jwt")).unwrap();
    // Before it is valid.
    let early = test.env("RAPPORT_NOW", "2026-11-30T09:00:00Z");
    fs::write(early.path("early.jwt"), &jwt).unwrap();
    expect(
        &early,
        &["badges", "verify", "early.jwt"],
        1,
        "",
        "error: `early.jwt` is not a valid credential:\n  - it is not valid yet: valid from 2026-12-01T09:00:00Z\n",
    );
    let test = early.env("RAPPORT_NOW", NOW);
    // Expired: `validUntil` and `exp` in the past, signed by the issuer.
    let (header, mut payload) = decode(&jwt);
    payload["validUntil"] = json!("2026-11-30T00:00:00Z");
    payload["exp"] = json!(1_795_996_800);
    rejected(
        &test,
        &sign(&header, &payload, &key),
        &["it has expired: valid until 2026-11-30T00:00:00Z"],
    );
}

#[test]
fn verify_names_every_missing_required_property() {
    let (test, keys) = issued();
    let key = key_of(&keys);
    let jwt = fs::read_to_string(test.path("out/amara/artist-communicator.jwt")).unwrap();
    let (header, mut payload) = decode(&jwt);
    payload["type"] = json!(["VerifiableCredential"]);
    payload["@context"] = json!(["https://www.w3.org/ns/credentials/v2"]);
    payload["name"] = json!(" ");
    let achievement = payload["credentialSubject"]["achievement"]
        .as_object_mut()
        .unwrap();
    achievement.remove("criteria");
    achievement.remove("description");
    payload["credentialSubject"]["identifier"][0]["identityHash"] = json!("md5$abc");
    payload["sub"] = json!("urn:uuid:someone-else");
    payload["nbf"] = json!(1);
    payload["jti"] = json!("urn:uuid:other");
    rejected(
        &test,
        &sign(&header, &payload, &key),
        &[
            "`@context` must list the VC 2.0 context, then the Open Badges 3.0 context",
            "`type` must include `VerifiableCredential` and `OpenBadgeCredential`",
            "`name` must be a text",
            "a hashed `identityHash` must be `sha256$` and 64 hex digits, or `md5$` and 32",
            "`achievement.description` must be a text",
            "`achievement.criteria` must have an `id` or a `narrative`",
            "the JWT's `jti` is not the credential's `id`",
            "the JWT's `sub` is not the `credentialSubject.id`",
            "the JWT's `nbf` is not the credential's `validFrom`",
        ],
    );
}

#[test]
fn verify_points_from_the_json_to_the_jwt() {
    let (test, _keys) = issued();
    expect(
        &test,
        &["badges", "verify", "out/amara/artist-communicator.json"],
        1,
        "",
        "error: `out/amara/artist-communicator.json` is JSON, not a compact JWT; nothing to verify a signature on\n  hint: verify the `.jwt` file beside it: the `.json` is the same credential, for reading\n",
    );
}

/// course.yaml with `issuer:`/`badges:` replaced by `text`.
fn with_badges(badges: &str) -> Test {
    let test = Test::with_fixture("badges");
    let course = fs::read_to_string(test.path("course.yaml")).unwrap();
    let head = course.split("issuer:").next().unwrap().to_owned();
    test.write("course.yaml", &format!("{head}{badges}"))
}

#[test]
fn check_reports_every_badge_problem_where_it_is() {
    let test = with_badges(
        "issuer:
  name: Academy
  url: grayspark.example
  id: https://grayspark.example
badges:
  - id: listener
    name: Listener
    description: Listens.
    criteria: Mastery.
    image: badges/listener.gif
    earned_by: { rubrics: [oral-comunication] }
  - id: Listener
    name: Again
    description: Again.
    criteria: Again.
    image: badges/missing.svg
    earned_by: { skill: comunication }
  - id: both
    name: Both
    description: Both.
    criteria: Both.
    image: course.yaml.png
    earned_by: { rubrics: [oral-communication], skill: communication }
",
    )
    .write("course.yaml.png", "not a png")
    .args(&["check"]);
    let before = test.snapshot();
    test.expect(
        1,
        "course.yaml:6:8: error: issuer `url` `grayspark.example` is not a web address; write it as `https://…`
   6 |   url: grayspark.example
     |        ^^^^^^^^^^^^^^^^^
course.yaml:7:7: error: issuer `id` `https://grayspark.example` is not a `did:web` or `did:key` identifier; write `did:web:` and the academy's domain, or remove `id` to use the signing key's `did:key`
   7 |   id: https://grayspark.example
     |       ^^^^^^^^^^^^^^^^^^^^^^^^^
course.yaml:13:12: error: badge image `badges/listener.gif` must be a PNG or SVG file (`.png` or `.svg`)
   13 |     image: badges/listener.gif
      |            ^^^^^^^^^^^^^^^^^^^
course.yaml:14:28: error: unknown rubric `oral-comunication` in badge `listener`, did you mean `oral-communication`?
   14 |     earned_by: { rubrics: [oral-comunication] }
      |                            ^^^^^^^^^^^^^^^^^
course.yaml:15:9: error: badge `listener` is listed twice (first on line 9); give each badge its own ID
   15 |   - id: Listener
      |         ^^^^^^^^
course.yaml:19:12: error: badge image `badges/missing.svg` does not exist; add the image to the course folder or fix the path
   19 |     image: badges/missing.svg
      |            ^^^^^^^^^^^^^^^^^^
course.yaml:20:25: error: unknown skill `comunication` in badge `listener`, did you mean `communication`?
   20 |     earned_by: { skill: comunication }
      |                         ^^^^^^^^^^^^
course.yaml:25:12: error: badge image `course.yaml.png` is not a PNG image (it lacks PNG's signature); export it as PNG again
   25 |     image: course.yaml.png
      |            ^^^^^^^^^^^^^^^
course.yaml:26:56: error: `earned_by` names both `rubrics` and `skill`; keep one of them
   26 |     earned_by: { rubrics: [oral-communication], skill: communication }
      |                                                        ^^^^^^^^^^^^^
9 errors, 0 warnings in 4 files
",
        "",
    );
    assert_eq!(test.snapshot(), before);
}

#[test]
fn badges_need_an_issuer_and_something_that_earns_them() {
    let test = with_badges(
        "badges:
  - id: listener
    name: Listener
    description: Listens.
    criteria: Mastery.
    earned_by: {}
",
    )
    .args(&["check"]);
    test.expect(
        1,
        "course.yaml:5:3: error: badges need an issuer; add `issuer:` with the academy's `name` to course.yaml
   5 |   - id: listener
     |   ^
course.yaml:9:16: error: `earned_by` names nothing; write `{ rubrics: [ID, …] }` or `{ skill: ID }`
   9 |     earned_by: {}
     |                ^
2 errors, 0 warnings in 4 files
",
        "",
    );
}

#[test]
fn the_report_lists_the_badges_held_with_their_credentials_to_download() {
    let (test, _keys) = issued();
    let test = test.given(&[
        "badges",
        "revoke",
        "amara",
        "communication",
        "--reason",
        "Mistake",
    ]);
    let jwt = fs::read_to_string(test.path("out/amara/artist-communicator.jwt")).unwrap();
    test.ok(&["report", "amara", "-o", "amara.html"]);
    let html = fs::read_to_string(test.path("amara.html")).unwrap();
    assert_eq!(
        badges_section(&html),
        format!(
            "<section class=\"badges\" aria-labelledby=\"badges\">
<h2 id=\"badges\">Badges</h2>
<p>Gray Spark Audio Academy awards badges as Open Badges 3.0 credentials it signs: yours to keep in a digital wallet or a badge backpack, and to show anyone, who can check that they are genuine.</p>
<p>Yours:</p>
<ul class=\"badges\">
<li><strong>Artist Communicator</strong> <span class=\"meta\">issued 1 Dec 2026</span> <a href=\"data:application/jwt,{}\" download=\"artist-communicator.jwt\" class=\"screen-only\">Download the credential<span class=\"visually-hidden\"> for Artist Communicator</span> (artist-communicator.jwt)</a></li>
</ul>
<p>Earned, not issued yet (your instructor issues the credential):</p>
<ul class=\"badges\">
<li><strong>Communication</strong></li>
</ul>
</section>",
            jwt.trim()
        )
    );
    assert!(html.contains("<li><a href=\"#badges\">Badges</a></li>\n"));
    // Bob holds none: the course's badges, with what is left to master for each.
    test.ok(&["report", "bob", "-o", "bob.html"]);
    assert_eq!(
        badges_section(&fs::read_to_string(test.path("bob.html")).unwrap()),
        "<section class=\"badges\" aria-labelledby=\"badges\">
<h2 id=\"badges\">Badges</h2>
<p>Gray Spark Audio Academy awards badges as Open Badges 3.0 credentials it signs: yours to keep in a digital wallet or a badge backpack, and to show anyone, who can check that they are genuine.</p>
<p>Still to earn:</p>
<ul class=\"badges\">
<li><strong>Artist Communicator</strong>: master <a href=\"#rubric-oral-communication\">Oral communication</a></li>
<li><strong>Communication</strong>: master <a href=\"#rubric-oral-communication\">Oral communication</a></li>
</ul>
</section>"
    );
}

#[test]
fn the_report_names_the_skill_areas_left_for_each_badge() {
    // The skill area's badge needs three rubrics (in its modules' order): amara has mastered
    // one, bob none. Titles and names are escaped.
    let rubric = |title: &str| {
        fs::read_to_string(crate::support::fixture(
            "badges/rubrics/oral-communication.yaml",
        ))
        .unwrap()
        .replace("title: Oral communication", &format!("title: {title}"))
    };
    let (test, _keys) = keyed();
    let test = test
        .write("rubrics/mic-craft.yaml", &rubric("Mic craft"))
        .write("rubrics/feedback.yaml", &rubric("Feedback & <notes>"))
        .edit(
            "course.yaml",
            "    name: Communication\n",
            "    name: \"Communication <b>&</b>\"\n",
        )
        .edit(
            "curriculum/talkback.yaml",
            "assessed_by: [oral-communication]",
            "assessed_by: [oral-communication, mic-craft, feedback]",
        );
    let items = |student: &str| {
        test.ok(&["report", student, "-o", &format!("{student}.html")]);
        let html = fs::read_to_string(test.path(&format!("{student}.html"))).unwrap();
        badges_section(&html)
            .lines()
            .filter(|l| l.starts_with("<li>"))
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        items("amara"),
        [
            "<li><strong>Artist Communicator</strong></li>",
            "<li><strong>Communication &lt;b&gt;&amp;&lt;/b&gt;</strong>: master <a href=\"#rubric-mic-craft\">Mic craft</a> and <a href=\"#rubric-feedback\">Feedback &amp; &lt;notes&gt;</a> <span class=\"meta\">(1 of 3 mastered)</span></li>",
        ]
    );
    assert_eq!(
        items("bob"),
        [
            "<li><strong>Artist Communicator</strong>: master <a href=\"#rubric-oral-communication\">Oral communication</a></li>",
            "<li><strong>Communication &lt;b&gt;&amp;&lt;/b&gt;</strong>: master <a href=\"#rubric-oral-communication\">Oral communication</a>, <a href=\"#rubric-mic-craft\">Mic craft</a> and <a href=\"#rubric-feedback\">Feedback &amp; &lt;notes&gt;</a> <span class=\"meta\">(0 of 3 mastered)</span></li>",
        ]
    );
}

/// The report's badges section, whole.
fn badges_section(html: &str) -> &str {
    let start = html
        .find("<section class=\"badges\"")
        .expect("a badges section");
    &html[start..start + html[start..].find("</section>").unwrap() + "</section>".len()]
}

#[test]
fn history_shows_a_badge_issued_and_revoked() {
    let (test, _keys) = issued();
    let test = test
        .env("RAPPORT_NOW", "2026-12-02T09:00:00Z")
        .env("RAPPORT_USER", "mo")
        .given(&[
            "badges",
            "revoke",
            "amara",
            "communication",
            "--reason",
            "Issued by mistake",
        ]);
    let credential = |badge: &str| {
        test.sql_value(&format!(
            "SELECT credential_id FROM badge_credential WHERE badge_id = '{badge}'"
        ))
    };
    let out = test.ok(&["history", "amara", "--json"]);
    let entries: Vec<Value> = serde_json::from_str(&out).unwrap();
    let badges: Vec<&Value> = entries
        .iter()
        .filter(|e| e.get("badge").is_some())
        .collect();
    let revoked_at =
        test.sql_value("SELECT revoked_at FROM badge_credential WHERE badge_id = 'communication'");
    assert_eq!(
        badges,
        [
            &json!({"badge": "communication", "credential": credential("communication"), "event": "revoked", "at": revoked_at, "by": "mo", "reason": "Issued by mistake"}),
            &json!({"badge": "artist-communicator", "credential": credential("artist-communicator"), "event": "issued", "at": NOW, "by": "ines", "reason": null}),
            &json!({"badge": "communication", "credential": credential("communication"), "event": "issued", "at": NOW, "by": "ines", "reason": null}),
        ]
    );
    let shown = test.ok(&["history", "amara"]);
    assert!(
        shown.contains(&format!(
            "  issued badge `artist-communicator` by `ines` ({})\n",
            credential("artist-communicator")
        )),
        "{shown}"
    );
    assert!(
        shown.contains(&format!(
            "  revoked badge `communication` by `mo` ({})\n  reason: Issued by mistake\n",
            credential("communication")
        )),
        "{shown}"
    );
}

#[test]
fn issue_refuses_a_student_id_that_cannot_be_a_folder_name() {
    let (test, _keys) = keyed();
    test.sql(
        "INSERT INTO student (id, name, created_at) VALUES ('../up', 'Up', '2026-09-01T00:00:00Z')",
        &[],
    );
    let before = test.snapshot();
    expect(
        &test,
        &["badges", "issue", "--all", "-o", "out"],
        1,
        "",
        "error: the roster holds the student ID `../up`, which cannot become a folder name; nothing was written\n  hint: IDs are ASCII letters, digits, `-`, `_` and `.`; the database was changed by another tool: fix the ID there\n",
    );
    assert_eq!(test.snapshot(), before);
}

/// Every key of a JSON value, at any depth.
fn keys(value: &Value, found: &mut std::collections::BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                found.insert(key.clone());
                keys(inner, found);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| keys(v, found)),
        _ => {}
    }
}

#[test]
fn issue_and_verify_print_json_with_every_key_in_the_format_reference() {
    let (test, _keys) = keyed();
    let out = test.ok(&["badges", "issue", "--all", "-o", "out", "--json"]);
    let credential = |badge: &str| {
        test.sql_value(&format!(
            "SELECT credential_id FROM badge_credential WHERE badge_id = '{badge}'"
        ))
    };
    let issued: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        issued,
        json!([
            {"student": "amara", "badge": "artist-communicator", "outcome": "issued", "file": "amara/artist-communicator.jwt", "credential": credential("artist-communicator")},
            {"student": "amara", "badge": "communication", "outcome": "issued", "file": "amara/communication.jwt", "credential": credential("communication")},
            {"student": "bob", "badge": "artist-communicator", "outcome": "not_earned", "missing": ["oral-communication"]},
            {"student": "bob", "badge": "communication", "outcome": "not_earned", "missing": ["oral-communication"]},
            {"student": "cara", "badge": "artist-communicator", "outcome": "no_email"},
            {"student": "cara", "badge": "communication", "outcome": "no_email"},
        ])
    );
    let again: Value = serde_json::from_str(&test.ok(&[
        "badges",
        "issue",
        "--student",
        "amara",
        "-o",
        "out",
        "--json",
    ]))
    .unwrap();
    assert_eq!(
        again[0],
        json!({"student": "amara", "badge": "artist-communicator", "outcome": "already_issued", "credential": credential("artist-communicator"), "issued_at": NOW})
    );
    let valid: Value = serde_json::from_str(&test.ok(&[
        "badges",
        "verify",
        "out/amara/communication.jwt",
        "--json",
    ]))
    .unwrap();
    let did = valid["issuer"].as_str().unwrap().to_owned();
    assert_eq!(
        valid,
        json!({"file": "out/amara/communication.jwt", "valid": true, "credential": credential("communication"), "issuer": did, "issuer_name": "Gray Spark Audio Academy", "badge": "Communication", "valid_from": NOW, "valid_until": null, "reasons": []})
    );
    fs::write(test.path("bad.jwt"), "a.b").unwrap();
    expect(
        &test,
        &["badges", "verify", "bad.jwt", "--json"],
        1,
        "{\n  \"file\": \"bad.jwt\",\n  \"valid\": false,\n  \"reasons\": [\n    \"it is not a compact JWT: it has 2 parts separated by dots, not 3\"\n  ]\n}\n",
        "",
    );
    // Every key of these outputs, and of the credential itself, is named in docs/FORMATS.md.
    let test = test.given(&[
        "badges",
        "revoke",
        "amara",
        "communication",
        "--reason",
        "R",
    ]);
    let mut found = std::collections::BTreeSet::new();
    for value in [
        issued,
        again,
        valid,
        serde_json::from_str(&test.ok(&["history", "amara", "--json"])).unwrap(),
        serde_json::from_str(
            &fs::read_to_string(test.path("out/amara/artist-communicator.json")).unwrap(),
        )
        .unwrap(),
        decode(&fs::read_to_string(test.path("out/amara/artist-communicator.jwt")).unwrap()).0,
        decode(&fs::read_to_string(test.path("out/amara/artist-communicator.jwt")).unwrap()).1,
    ] {
        keys(&value, &mut found);
    }
    let reference = fs::read_to_string(crate::support::repo().join("docs/FORMATS.md")).unwrap();
    let missing: Vec<&String> = found
        .iter()
        .filter(|k| {
            !reference.contains(&format!("`{k}`")) && !reference.contains(&format!("\"{k}\""))
        })
        .collect();
    assert_eq!(
        missing,
        Vec::<&String>::new(),
        "keys docs/FORMATS.md does not name"
    );
}

#[test]
fn a_skill_no_module_builds_and_an_absolute_image_are_refused() {
    let test = with_badges(
        "issuer:
  name: Academy
badges:
  - id: mixer
    name: Mixer
    description: Mixes.
    criteria: Mastery.
    image: /etc/passwd.png
    earned_by: { skill: mixing }
",
    )
    .edit(
        "course.yaml",
        "  - { id: communication, title: Communication }\n",
        "  - { id: communication, title: Communication }\n  - { id: mixing, title: Mixing }\n",
    );
    let before = test.snapshot();
    expect(
        &test,
        &["check"],
        1,
        "course.yaml:12:12: error: badge image `/etc/passwd.png` must be a path relative to the course folder
   12 |     image: /etc/passwd.png
      |            ^^^^^^^^^^^^^^^
course.yaml:13:25: error: no module builds skill `mixing`, so badge `mixer` could never be earned; name its rubrics instead
   13 |     earned_by: { skill: mixing }
      |                         ^^^^^^
2 errors, 0 warnings in 4 files
",
        "",
    );
    assert_eq!(test.snapshot(), before);
}
