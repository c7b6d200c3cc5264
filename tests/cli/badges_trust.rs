//! `badges verify` trusts a key only when it is the issuer's (a `did:key` issuer names it,
//! any other is given with `--issuer-key`), reads the JWT's dates as `NumericDate`s (RFC 7519
//! §2: a fraction allowed), the header as OB 3.0 §8.2.3 allows it, credentials up to 8 MiB;
//! and the issuer's key is never kept in (or signed with from) the course folder.

use std::fs;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::SigningKey;
use serde_json::{Value, json};

use crate::badges::{
    NOW, course, decode, did_key, expect, issued, key_of, keyed, rejected, run, sign,
};

/// The issued credential of amara for `artist-communicator`: header and payload.
fn amara(test: &crate::support::Test) -> (Value, Value) {
    decode(&fs::read_to_string(test.path("out/amara/artist-communicator.jwt")).unwrap())
}

/// `payload` with `issuer.id` and `iss` set to `issuer`.
fn issued_by(mut payload: Value, issuer: &str) -> Value {
    payload["issuer"]["id"] = json!(issuer);
    payload["iss"] = json!(issuer);
    payload
}

/// `header` naming `key` as the `jwk` (and the `kid` as `ISSUER#` its multibase).
fn keyed_header(mut header: Value, issuer: &str, key: &SigningKey) -> Value {
    let multibase = did_key(key).strip_prefix("did:key:").unwrap().to_owned();
    header["jwk"]["x"] = json!(URL_SAFE_NO_PAD.encode(key.verifying_key().as_bytes()));
    header["kid"] = json!(format!("{issuer}#{multibase}"));
    header
}

#[test]
fn verify_refuses_a_non_did_key_issuer_without_its_key() {
    let (test, _keys) = issued();
    let (header, payload) = amara(&test);
    let forger = SigningKey::from_bytes(&[9; 32]);
    // Anyone may sign in the name of a did:web, an https issuer, or a `DID:KEY:` in capitals
    // (not a did:key: DID method names are lower case): none is valid without the key.
    let capitals = did_key(&forger).replace("did:key:", "DID:KEY:");
    for issuer in [
        "did:web:grayspark.example",
        "https://grayspark.example",
        capitals.as_str(),
    ] {
        let token = sign(
            &keyed_header(header.clone(), issuer, &forger),
            &issued_by(payload.clone(), issuer),
            &forger,
        );
        rejected(
            &test,
            &token,
            &[&format!(
                "the issuer `{issuer}` is not a did:key, so rapport cannot tell its key offline: give the key with `--issuer-key`"
            )],
        );
    }
}

#[test]
fn verify_checks_a_did_web_credential_against_the_key_given() {
    let (test, keys) = issued();
    let key = key_of(&keys);
    let (header, payload) = amara(&test);
    let issuer = "did:web:grayspark.example";
    let payload = issued_by(payload, issuer);
    fs::write(
        test.path("web.jwt"),
        sign(&keyed_header(header.clone(), issuer, &key), &payload, &key),
    )
    .unwrap();
    let id = payload["id"].as_str().unwrap();
    let valid = format!(
        "web.jwt: valid\n  credential  {id}\n  badge       Artist Communicator\n  issuer      Gray Spark Audio Academy, {issuer}\n  valid from  {NOW}\n"
    );
    // The key as the did.json's base64url `x`, or as a did:key.
    let x = URL_SAFE_NO_PAD.encode(key.verifying_key().as_bytes());
    expect(
        &test,
        &["badges", "verify", "web.jwt", "--issuer-key", &x],
        0,
        &valid,
        "",
    );
    expect(
        &test,
        &[
            "badges",
            "verify",
            "web.jwt",
            "--issuer-key",
            &did_key(&key),
        ],
        0,
        &valid,
        "",
    );
    // Signed by another key: the `jwk` is not the one given.
    let forger = SigningKey::from_bytes(&[9; 32]);
    fs::write(
        test.path("forged.jwt"),
        sign(&keyed_header(header, issuer, &forger), &payload, &forger),
    )
    .unwrap();
    expect(
        &test,
        &["badges", "verify", "forged.jwt", "--issuer-key", &x],
        1,
        "",
        "error: `forged.jwt` is not a valid credential:\n  - the header's `jwk` is not the key given with `--issuer-key`: someone else signed it\n",
    );
    // A key that is none.
    expect(
        &test,
        &["badges", "verify", "web.jwt", "--issuer-key", "did:web:x"],
        1,
        "",
        "error: `--issuer-key`: `did:web:x` is not a `did:key` or an Ed25519 public key in base64url; nothing was verified\n  hint: give the issuer's `did:key` (`did:key:z6Mk…`) or its public key as 32 bytes in base64url (the `x` of the key in the academy's did.json)\n",
    );
}

#[test]
fn verify_reads_fractional_and_checks_numeric_dates() {
    let (test, keys) = issued();
    let key = key_of(&keys);
    let (header, payload) = amara(&test);
    let signed = |change: &dyn Fn(&mut Value)| {
        let mut payload = payload.clone();
        change(&mut payload);
        sign(&header, &payload, &key)
    };
    // A fractional `exp` (2026-11-30T00:00:00.25Z) expires it, and must agree with a
    // `validUntil`.
    rejected(
        &test,
        &signed(&|p| p["exp"] = json!(1_795_996_800.25)),
        &[
            "the JWT has an `exp` but the credential no `validUntil`: they must agree",
            "it has expired: valid until 2026-11-30T00:00:00.25Z",
        ],
    );
    rejected(
        &test,
        &signed(&|p| {
            p["validUntil"] = json!("2027-01-01T00:00:00Z");
            p["exp"] = json!(1_795_996_800.25);
        }),
        &[
            "the JWT's `exp` is not the credential's `validUntil`",
            "it has expired: valid until 2026-11-30T00:00:00.25Z",
        ],
    );
    rejected(
        &test,
        &signed(&|p| p["validUntil"] = json!("2027-01-01T00:00:00Z")),
        &["the JWT has no `exp` (it must be `validUntil`)"],
    );
    // Not numbers.
    rejected(
        &test,
        &signed(&|p| {
            p["nbf"] = json!("1796115600");
            p["exp"] = json!("soon");
        }),
        &[
            "the JWT's `nbf` is not a number of seconds",
            "the JWT's `exp` is not a number of seconds",
        ],
    );
    // Half a second after `validFrom`'s second: the same second, but not valid yet.
    rejected(
        &test,
        &signed(&|p| p["nbf"] = json!(1_796_115_600.5)),
        &["it is not valid yet: valid from 2026-12-01T09:00:00.5Z"],
    );
}

#[test]
fn verify_requires_sub_and_the_header_ob_allows() {
    let (test, keys) = issued();
    let key = key_of(&keys);
    let (header, payload) = amara(&test);
    let mut no_sub = payload.clone();
    no_sub.as_object_mut().unwrap().remove("sub");
    rejected(
        &test,
        &sign(&header, &no_sub, &key),
        &["the JWT has no `sub` (it must be `credentialSubject.id`)"],
    );
    // A subject identified by `identifier` alone has no `id`, and then no `sub`…
    let mut anonymous = no_sub;
    anonymous["credentialSubject"]
        .as_object_mut()
        .unwrap()
        .remove("id");
    fs::write(test.path("anonymous.jwt"), sign(&header, &anonymous, &key)).unwrap();
    let (code, stdout, stderr) = run(&test, &["badges", "verify", "anonymous.jwt"]);
    assert_eq!((code, stderr.as_str()), (0, ""), "{stdout}");
    assert!(stdout.starts_with("anonymous.jwt: valid\n"), "{stdout}");
    // …and a `sub` it cannot be.
    let mut stray = anonymous;
    stray["sub"] = json!("urn:uuid:00000000-0000-4000-8000-000000000000");
    rejected(
        &test,
        &sign(&header, &stray, &key),
        &["the JWT's `sub` is not the `credentialSubject.id`"],
    );
    let mut odd = header.clone();
    odd["typ"] = json!("vc+jwt");
    odd["crit"] = json!(["x5u"]);
    odd["x5u"] = json!("https://attacker.example/cert");
    rejected(
        &test,
        &sign(&odd, &payload, &key),
        &[
            "the header's `typ` is \"vc+jwt\"; OB 3.0 allows only `JWT`",
            "the header has `crit`, `x5u`, which OB 3.0 does not allow (its JOSE header holds only `alg`, `typ`, `kid` and `jwk`)",
        ],
    );
    // A `kid` naming another key than the did:key issuer's.
    let issuer = did_key(&key);
    let mut other = header.clone();
    other["kid"] = json!(format!("{issuer}#z6MkOther"));
    let multibase = issuer.strip_prefix("did:key:").unwrap();
    rejected(
        &test,
        &sign(&other, &payload, &key),
        &[&format!(
            "the header's `kid` does not name the issuer's key: it must be `{issuer}#{multibase}`"
        )],
    );
    // A `jwk` with its private part.
    let mut private = header;
    private["jwk"]["d"] = json!(URL_SAFE_NO_PAD.encode(key.to_bytes()));
    rejected(
        &test,
        &sign(&private, &payload, &key),
        &["the header's `jwk` holds a private key (`d`)"],
    );
}

#[test]
fn verify_reads_a_credential_with_a_large_image_and_refuses_a_huge_file() {
    let (test, keys) = issued();
    let key = key_of(&keys);
    let (header, mut payload) = amara(&test);
    // A 1 MiB image (the most a course file may be): about 1.9 MB once in the JWT.
    let image = base64::engine::general_purpose::STANDARD.encode(vec![7u8; 1024 * 1024]);
    payload["credentialSubject"]["achievement"]["image"]["id"] =
        json!(format!("data:image/png;base64,{image}"));
    let jwt = sign(&header, &payload, &key);
    assert!(jwt.len() > 1_800_000, "{}", jwt.len());
    fs::write(test.path("large.jwt"), &jwt).unwrap();
    let (code, stdout, stderr) = run(&test, &["badges", "verify", "large.jwt"]);
    assert_eq!((code, stderr.as_str()), (0, ""), "{stdout}");
    assert!(stdout.starts_with("large.jwt: valid\n"), "{stdout}");
    fs::write(test.path("huge.jwt"), "a".repeat(8 * 1024 * 1024 + 1)).unwrap();
    expect(
        &test,
        &["badges", "verify", "huge.jwt"],
        1,
        "",
        "error: `huge.jwt` is too large for a credential (over 8 MiB); nothing was verified\n  hint: give the `.jwt` file `badges issue` wrote\n",
    );
    // Two-byte characters across the limit: still too large, not "not UTF-8".
    fs::write(test.path("wide.jwt"), "é".repeat(4 * 1024 * 1024 + 1)).unwrap();
    expect(
        &test,
        &["badges", "verify", "wide.jwt"],
        1,
        "",
        "error: `wide.jwt` is too large for a credential (over 8 MiB); nothing was verified\n  hint: give the `.jwt` file `badges issue` wrote\n",
    );
}

#[test]
fn keygen_refuses_a_key_path_with_dotdot() {
    let (test, _keys) = course();
    let course = fs::canonicalize(test.path("")).unwrap();
    let parent = course.parent().unwrap();
    // Through a folder that does not exist, back into the course: refused before anything is
    // made.
    let sneaky = format!(
        "{}/nothere/../{}/issuer.pem",
        parent.display(),
        course.file_name().unwrap().to_str().unwrap()
    );
    let test = test.env("RAPPORT_ISSUER_KEY", &sneaky);
    let before = test.snapshot();
    expect(
        &test,
        &["badges", "keygen"],
        1,
        "",
        &format!(
            "error: `{sneaky}` has a `..` in it, so rapport cannot tell it is outside the course folder; nothing was written\n  hint: give `RAPPORT_ISSUER_KEY` a path without `..` (an absolute path outside the course, e.g. ~/.config/rapport/issuer.pem)\n"
        ),
    );
    assert_eq!(test.snapshot(), before);
    assert!(!parent.join("nothere").exists());
}

#[test]
fn issue_refuses_to_sign_with_a_key_inside_the_course() {
    let (test, keys) = keyed();
    fs::create_dir(test.path("keys")).unwrap();
    fs::copy(keys.path().join("issuer.pem"), test.path("keys/issuer.pem")).unwrap();
    let test = test.env("RAPPORT_ISSUER_KEY", "keys/issuer.pem");
    let before = test.snapshot();
    let course = fs::canonicalize(test.path("")).unwrap();
    expect(
        &test,
        &["badges", "issue", "--all", "-o", "out"],
        1,
        "",
        &format!(
            "error: the issuer key `keys/issuer.pem` is inside the course folder `{}`, which is shared through git; nothing was written\n  hint: move the key outside the course and set `RAPPORT_ISSUER_KEY` to its new place (if the folder was ever pushed, make a new key with `rapport badges keygen --force`)\n",
            course.display()
        ),
    );
    assert_eq!(test.snapshot(), before);
}

#[test]
fn issue_removes_the_files_it_moved_when_the_commit_fails() {
    let (test, _keys) = keyed();
    // Another tool's constraint, checked only at the commit: the files are in place by then.
    if crate::support::postgres().is_some() {
        test.sql(
            "CREATE FUNCTION refuse_badges() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RAISE EXCEPTION ''no badges today''; END'",
            &[],
        );
        test.sql(
            "CREATE CONSTRAINT TRIGGER refuse_badges AFTER INSERT ON badge_credential DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse_badges()",
            &[],
        );
    } else {
        test.sql(
            "CREATE TABLE trap (id INTEGER REFERENCES badge_credential (id) DEFERRABLE INITIALLY DEFERRED)",
            &[],
        );
        test.sql(
            "CREATE TRIGGER refuse_badges AFTER INSERT ON badge_credential BEGIN INSERT INTO trap VALUES (-1); END",
            &[],
        );
    }
    // Into a folder that was there (it stays, empty), into one whose student's folder was
    // there (both stay), and into one that was not, nor its parents (all go): neither the files
    // nor the folders this run made remain, and nothing else is removed.
    fs::create_dir(test.path("out")).unwrap();
    fs::create_dir_all(test.path("kept/amara")).unwrap();
    for (output, left) in [
        ("out", vec!["out/"]),
        ("kept", vec!["kept/", "kept/amara/"]),
        ("new/deep/er", vec![]),
    ] {
        let (code, stdout, stderr) = run(&test, &["badges", "issue", "--all", "-o", output]);
        assert_eq!((code, stdout.as_str()), (3, ""), "{stderr}");
        assert!(stderr.starts_with("error: "), "{stderr}");
        assert_eq!(test.sql_value("SELECT count(*) FROM badge_credential"), "0");
        let after: Vec<String> = test
            .snapshot()
            .into_keys()
            .filter(|f| f.starts_with(output.split('/').next().unwrap()))
            .collect();
        assert_eq!(after, left);
    }
}

#[test]
fn the_report_links_no_damaged_credential() {
    let (test, _keys) = issued();
    test.sql(
        "UPDATE badge_credential SET jwt = 'not.a token' WHERE badge_id = 'communication'",
        &[],
    );
    test.ok(&["report", "amara", "-o", "amara.html"]);
    let html = fs::read_to_string(test.path("amara.html")).unwrap();
    let start = html
        .find("<ul class=\"badges\">")
        .expect("a list of badges");
    let end = start + html[start..].find("</ul>").unwrap();
    let items: Vec<&str> = html[start..end].lines().skip(1).collect();
    assert_eq!(items.len(), 2, "{items:?}");
    assert!(
        items[0].contains("download=\"artist-communicator.jwt\""),
        "{}",
        items[0]
    );
    assert_eq!(
        items[1],
        "<li><strong>Communication</strong> <span class=\"meta\">issued 1 Dec 2026</span> <span class=\"meta\">the stored credential is damaged: ask your instructor to revoke it and issue it again</span></li>"
    );
}

#[test]
fn verify_follows_ob_3_0_3_on_name_identity_hash_and_context() {
    let (test, keys) = issued();
    let key = key_of(&keys);
    let (header, mut payload) = amara(&test);
    // `name` is 0..1, `md5$` is an `IdentityHash`, any `context-3.x.y.json` is OB's.
    payload.as_object_mut().unwrap().remove("name");
    payload["credentialSubject"]["identifier"][0]["identityHash"] =
        json!(format!("md5${}", "0a".repeat(16)));
    payload["@context"][1] = json!("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json");
    fs::write(test.path("lenient.jwt"), sign(&header, &payload, &key)).unwrap();
    let (code, stdout, stderr) = run(&test, &["badges", "verify", "lenient.jwt"]);
    assert_eq!((code, stderr.as_str()), (0, ""), "{stdout}");
    // A context that only starts like OB's is not it.
    payload["@context"][1] =
        json!("https://purl.imsglobal.org/spec/ob/v3p0/context-evil.example/x.json");
    rejected(
        &test,
        &sign(&header, &payload, &key),
        &["`@context` must list the VC 2.0 context, then the Open Badges 3.0 context"],
    );
}
