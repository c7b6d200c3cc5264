//! `rapport badges keygen | issue | revoke | verify`: Open Badges 3.0 credentials
//! (docs/FORMATS.md § Open Badges). `issue.rs` issues; the rest is here.

mod issue;
mod keygen;

use std::io::Read as _;
use std::path::Path;

use super::{gradebook_of, id, text_option, valid_course};
use crate::badges::{self, verify};
use crate::cli::{BadgesCommand, Global};
use crate::error::{Error, Result};
use crate::store::{self, Store};
use crate::text::Lines;
use crate::{emit, status};

pub fn run(global: &Global, command: &BadgesCommand) -> Result<()> {
    match command {
        BadgesCommand::Keygen { force } => keygen::run(global, *force),
        BadgesCommand::Issue(args) => issue::run(global, args),
        BadgesCommand::Revoke {
            student,
            badge,
            reason,
        } => revoke(global, student, badge, reason),
        BadgesCommand::Verify { file, issuer_key } => {
            verify_file(global, file, issuer_key.as_deref())
        }
    }
}

/// `badges verify FILE`: valid (exit 0, what it is), or every reason it is not (exit 1).
/// `badges verify --json`: valid or not, what the credential says, and every reason.
#[derive(serde::Serialize)]
struct Verdict<'a> {
    file: String,
    valid: bool,
    #[serde(flatten)]
    credential: Option<&'a verify::Verified>,
    reasons: &'a [String],
}

/// The largest credential `verify` reads: an image of 1 MiB (the most a course file may be) is
/// about 1.8 MB once base64 twice, so 8 MiB leaves room.
const MAX_CREDENTIAL: u64 = 8 * 1024 * 1024;

fn verify_file(global: &Global, file: &Path, issuer_key: Option<&str>) -> Result<()> {
    let issuer_key = issuer_key.map(given_key).transpose()?;
    let mut text = String::new();
    let (opened, size) = crate::regular::open_sized(file).map_err(Error::io("read", file))?;
    // The size first (a cut character past the limit would read as "not UTF-8"), then what
    // was read (a file that grew meanwhile).
    if size <= MAX_CREDENTIAL {
        opened
            .take(MAX_CREDENTIAL + 1)
            .read_to_string(&mut text)
            .map_err(Error::io("read", file))?;
    }
    if size > MAX_CREDENTIAL || text.len() as u64 > MAX_CREDENTIAL {
        return Err(Error::refused_with(
            format!(
                "`{}` is too large for a credential (over 8 MiB); nothing was verified",
                file.display()
            ),
            "give the `.jwt` file `badges issue` wrote",
        ));
    }
    let shown = file.display();
    if text.trim_start().starts_with('{') {
        return Err(Error::refused_with(
            format!("`{shown}` is JSON, not a compact JWT; nothing to verify a signature on"),
            "verify the `.jwt` file beside it: the `.json` is the same credential, for reading",
        ));
    }
    let result = verify::verify(&text, badges::now(), issuer_key.as_ref());
    if global.json {
        let (credential, reasons) = match &result {
            Ok(valid) => (Some(valid), &[][..]),
            Err(problems) => (None, problems.as_slice()),
        };
        emit(&super::json(&Verdict {
            file: shown.to_string(),
            valid: result.is_ok(),
            credential,
            reasons,
        }))?;
        // Exit 1 with nothing more to say: the JSON holds the reasons.
        return match result {
            Ok(_) => Ok(()),
            Err(problems) => Err(Error::CheckFailed {
                errors: problems.len(),
            }),
        };
    }
    match result {
        Ok(valid) => {
            let issuer = valid.issuer_name.map_or_else(
                || valid.issuer.clone(),
                |n| format!("{n}, {}", valid.issuer),
            );
            let mut out = format!(
                "{shown}: valid\n  credential  {}\n  badge       {}\n  issuer      {issuer}\n  valid from  {}\n",
                valid.id, valid.achievement, valid.valid_from
            );
            if let Some(until) = valid.valid_until {
                out.push_str("  valid until ");
                out.push_str(&until);
                out.push('\n');
            }
            emit(&out)
        }
        Err(problems) => {
            let mut message = format!("`{shown}` is not a valid credential:");
            for problem in problems {
                message.push_str("\n  - ");
                message.push_str(&problem);
            }
            Err(Error::refused(message))
        }
    }
}

/// The key `--issuer-key` gives: a `did:key`, or 32 bytes in base64url.
fn given_key(text: &str) -> Result<ed25519_dalek::VerifyingKey> {
    use base64::Engine as _;
    let text = text.trim();
    let key = if text.starts_with("did:key:") {
        badges::keys::from_did_key(text).map_err(|why| format!("`{text}` {why}"))
    } else {
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(text.trim_end_matches('='))
            .ok()
            .and_then(|bytes| <[u8; 32]>::try_from(bytes).ok())
            .and_then(|bytes| ed25519_dalek::VerifyingKey::from_bytes(&bytes).ok())
            .ok_or_else(|| {
                format!("`{text}` is not a `did:key` or an Ed25519 public key in base64url")
            })
    };
    key.map_err(|why| {
        Error::refused_with(
            format!("`--issuer-key`: {why}; nothing was verified"),
            "give the issuer's `did:key` (`did:key:z6Mk…`) or its public key as 32 bytes in base64url (the `x` of the key in the academy's did.json)",
        )
    })
}

/// `badges revoke STUDENT BADGE --reason R`: the revocation recorded with who and why.
fn revoke(global: &Global, student: &str, badge: &str, reason: &str) -> Result<()> {
    let course = valid_course(global)?;
    let student = id("student", student)?;
    let badge = id("badge", badge)?;
    let reason = text_option("--reason", Some(reason), Lines::One)?.ok_or_else(|| {
        Error::refused_with(
            "`--reason` is empty",
            "say why the credential is revoked; the reason is kept in the gradebook",
        )
    })?;
    let by = crate::records::who();
    let at = badges::now().to_string();
    let mut db = Store::open(&gradebook_of(global, &course)?)?;
    let credential = db.write(|tx| {
        let student = crate::lookup::student(tx, &student)?;
        let Some(held) = store::badges::held(tx, &student.id, &badge)? else {
            if course.badges.iter().all(|b| b.id != badge) {
                return Err(Error::unknown(
                    "badge",
                    &badge,
                    course.badges.iter().map(|b| b.id.as_str()),
                    Some(
                        "the course's badges are listed under `badges:` in course.yaml".to_owned(),
                    ),
                ));
            }
            return Err(Error::refused(format!(
                "{} holds no credential for `{badge}` to revoke; nothing was changed",
                student.id
            )));
        };
        store::badges::revoke(tx, (&student.id, &badge), (&by, &at, &reason))?;
        Ok(held)
    })?;
    emit(&format!(
        "revoked `{badge}` of {student} ({})\n",
        credential.credential_id
    ))?;
    status(
        global,
        "the credential's files still verify (their signature is sound); tell whoever holds them that it is revoked",
    );
    Ok(())
}
