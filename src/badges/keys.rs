//! The issuer's Ed25519 key: where it lives (`$RAPPORT_ISSUER_KEY`, else
//! `~/.config/rapport/issuer.pem`; never in the course folder), its PKCS#8 PEM file (mode 600;
//! refused when others may read it, as ssh does), and how its public half is named: a
//! `did:key` (multicodec `0xed01`, base58btc, `z6Mk…`) and a JWK (`kty: OKP`, `crv: Ed25519`).

use std::io::Read as _;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::pkcs8::{DecodePrivateKey as _, EncodePrivateKey as _};
use ed25519_dalek::{SigningKey, VerifyingKey};
use serde_json::{Value, json};

use crate::error::{Error, Result};

/// The multicodec prefix of an Ed25519 public key (`ed25519-pub`, 0xed as an unsigned varint).
const ED25519_PUB: [u8; 2] = [0xed, 0x01];

/// Where the issuer's private key is: `$RAPPORT_ISSUER_KEY`, else
/// `~/.config/rapport/issuer.pem`.
pub fn key_path() -> Result<PathBuf> {
    if let Some(path) = std::env::var_os("RAPPORT_ISSUER_KEY").filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(path));
    }
    let home = std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .ok_or_else(|| Error::Refused {
            message: "neither `RAPPORT_ISSUER_KEY` nor `HOME` is set, so there is no place for the issuer's key".to_owned(),
            hint: Some("set `RAPPORT_ISSUER_KEY` to the key file's path (outside the course folder)".to_owned()),
        })?;
    Ok(Path::new(&home).join(".config/rapport/issuer.pem"))
}

/// A new key from the operating system's random source.
pub fn generate() -> Result<SigningKey> {
    let mut secret = [0u8; 32];
    getrandom::fill(&mut secret).map_err(|e| Error::Refused {
        message: format!("the operating system gave no random bytes for a key: {e}"),
        hint: None,
    })?;
    Ok(SigningKey::from_bytes(&secret))
}

/// The key as a PKCS#8 PEM file's text: version 1 (RFC 5208, the private key alone), which
/// OpenSSL 3 and Python's cryptography read; `load` reads version 2 (RFC 5958, the public key
/// beside it) too, as rapport wrote it before.
#[must_use]
pub fn to_pem(key: &SigningKey) -> String {
    ed25519_dalek::pkcs8::KeypairBytes {
        secret_key: key.to_bytes(),
        public_key: None,
    }
    .to_pkcs8_pem(ed25519_dalek::pkcs8::spki::der::pem::LineEnding::LF)
    .expect("an Ed25519 key always encodes")
    .to_string()
}

/// Reads the issuer's key at `path`: refused when missing (with how to make one), when others
/// may read or write it, or when it is not an Ed25519 PKCS#8 PEM key.
pub fn load(path: &Path) -> Result<SigningKey> {
    let shown = path.display();
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::Refused {
                message: format!("there is no issuer key at `{shown}`"),
                hint: Some("create one with `rapport badges keygen` (or set `RAPPORT_ISSUER_KEY` to the key's path)".to_owned()),
            });
        }
        Err(source) => {
            return Err(Error::Io {
                action: "read",
                path: path.to_owned(),
                source,
            });
        }
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return Err(Error::Refused {
                message: format!(
                    "the issuer key `{shown}` may be read by others (mode {mode:03o}); a private key must be yours alone"
                ),
                hint: Some(format!("run `chmod 600 {shown}`")),
            });
        }
    }
    if !meta.is_file() || meta.len() > 64 * 1024 {
        return Err(Error::Refused {
            message: format!("`{shown}` is not an issuer key file"),
            hint: Some("create one with `rapport badges keygen`".to_owned()),
        });
    }
    let mut text = String::new();
    crate::regular::open_sized(path)
        .and_then(|(file, _)| file.take(64 * 1024).read_to_string(&mut text))
        .map_err(|source| Error::Io {
            action: "read",
            path: path.to_owned(),
            source,
        })?;
    SigningKey::from_pkcs8_pem(&text).map_err(|_| Error::Refused {
        message: format!("`{shown}` is not an Ed25519 private key in PKCS#8 PEM"),
        hint: Some("create one with `rapport badges keygen --force` (credentials signed with the old key then no longer match the issuer's new `did:key`)".to_owned()),
    })
}

/// The `did:key` of a public key.
#[must_use]
pub fn did_key(key: &VerifyingKey) -> String {
    format!("did:key:{}", multibase(key))
}

/// The public key as a multibase (base58btc, `z…`) multicodec value: the `did:key`'s
/// identifier and the fragment of its verification method.
#[must_use]
pub fn multibase(key: &VerifyingKey) -> String {
    let mut bytes = ED25519_PUB.to_vec();
    bytes.extend_from_slice(key.as_bytes());
    format!("z{}", bs58::encode(bytes).into_string())
}

/// The Ed25519 public key a `did:key` names (a fragment, if any, ignored), or why it names none.
pub fn from_did_key(did: &str) -> std::result::Result<VerifyingKey, String> {
    let ident = did.strip_prefix("did:key:").ok_or("is not a `did:key`")?;
    let ident = ident.split('#').next().unwrap_or(ident);
    let encoded = ident
        .strip_prefix('z')
        .ok_or("is not a base58btc `did:key` (it must start `did:key:z`)")?;
    let bytes = bs58::decode(encoded)
        .into_vec()
        .map_err(|_| "is not valid base58btc")?;
    let key: [u8; 32] = bytes
        .strip_prefix(&ED25519_PUB[..])
        .and_then(|k| k.try_into().ok())
        .ok_or("is not an Ed25519 `did:key` (`did:key:z6Mk…`)")?;
    VerifyingKey::from_bytes(&key)
        .map_err(|_| "does not hold a valid Ed25519 public key".to_owned())
}

/// Whether an issuer `id` from course.yaml is a `did:web` or an Ed25519 `did:key`.
pub fn check_issuer_id(id: &str) -> std::result::Result<(), String> {
    if let Some(rest) = id.strip_prefix("did:web:") {
        let host = rest.split(':').next().unwrap_or("");
        let fine = !host.is_empty()
            && rest
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ':' | '%'));
        return if fine {
            Ok(())
        } else {
            Err("is not a valid `did:web` (write `did:web:` and the academy's domain, e.g. `did:web:academy.example`)".to_owned())
        };
    }
    if id.starts_with("did:key:") {
        return from_did_key(id).map(|_| ());
    }
    Err("is not a `did:web` or `did:key` identifier; write `did:web:` and the academy's domain, or remove `id` to use the signing key's `did:key`".to_owned())
}

/// The public key as a JWK (RFC 8037).
#[must_use]
pub fn jwk(key: &VerifyingKey) -> Value {
    json!({"kty": "OKP", "crv": "Ed25519", "x": URL_SAFE_NO_PAD.encode(key.as_bytes())})
}

/// The public key a JWK holds, or why it holds none.
pub fn from_jwk(jwk: &Value) -> std::result::Result<VerifyingKey, String> {
    if jwk.get("kty").and_then(Value::as_str) != Some("OKP")
        || jwk.get("crv").and_then(Value::as_str) != Some("Ed25519")
    {
        return Err(
            "the header's `jwk` is not an Ed25519 key (`kty: OKP`, `crv: Ed25519`)".to_owned(),
        );
    }
    if jwk.get("d").is_some() {
        return Err("the header's `jwk` holds a private key (`d`)".to_owned());
    }
    let x = jwk
        .get("x")
        .and_then(Value::as_str)
        .and_then(|x| URL_SAFE_NO_PAD.decode(x).ok())
        .and_then(|x| <[u8; 32]>::try_from(x).ok())
        .ok_or("the header's `jwk` has no 32-byte `x`")?;
    VerifyingKey::from_bytes(&x)
        .map_err(|_| "the header's `jwk` is not a valid Ed25519 public key".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn did_key_round_trips_and_starts_z6mk() {
        let key = SigningKey::from_bytes(&[7; 32]).verifying_key();
        let did = did_key(&key);
        assert!(did.starts_with("did:key:z6Mk"), "{did}");
        assert_eq!(from_did_key(&did).unwrap(), key);
        assert_eq!(from_jwk(&jwk(&key)).unwrap(), key);
    }

    /// The did:key method's Ed25519 test vector (w3c-ccg did-method-key, `ed25519-x25519.json`):
    /// this identifier holds the key whose base58btc bytes follow the multicodec prefix.
    #[test]
    fn the_did_key_spec_vector_decodes() {
        let did = "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp";
        let key = from_did_key(did).unwrap();
        assert_eq!(did_key(&key), did);
    }

    /// Written as PKCS#8 v1 (no public key: the `PrivateKeyInfo` is 48 bytes, RFC 8410 § 7's
    /// example), read back as v1 and as v2 (with the public key, as ed25519-dalek writes it).
    #[test]
    fn the_key_is_written_as_pkcs8_v1_and_both_versions_load() {
        use base64::engine::general_purpose::STANDARD;
        let key = SigningKey::from_bytes(&[7; 32]);
        let pem = to_pem(&key);
        let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
        assert_eq!(STANDARD.decode(body).unwrap().len(), 48, "{pem}");
        assert_eq!(SigningKey::from_pkcs8_pem(&pem).unwrap(), key);
        let v2 = key
            .to_pkcs8_pem(ed25519_dalek::pkcs8::spki::der::pem::LineEnding::LF)
            .unwrap();
        assert_ne!(v2.as_str(), pem);
        assert_eq!(SigningKey::from_pkcs8_pem(&v2).unwrap(), key);
    }

    #[test]
    fn issuer_ids_are_did_web_or_ed25519_did_key() {
        assert!(check_issuer_id("did:web:grayspark.example").is_ok());
        assert!(check_issuer_id("did:web:").is_err());
        assert!(check_issuer_id("https://grayspark.example").is_err());
        assert!(
            check_issuer_id("did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme").is_err()
        );
    }
}
