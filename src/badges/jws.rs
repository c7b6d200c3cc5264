//! A compact JWS (RFC 7515) signed with Ed25519 (`alg: EdDSA`, RFC 8037): three base64url
//! parts without padding, the signature over `HEADER.PAYLOAD` as ASCII.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use serde_json::Value;

/// `header` and `payload` as a compact JWS signed by `key`.
#[must_use]
pub fn sign(header: &Value, payload: &Value, key: &SigningKey) -> String {
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(payload.to_string())
    );
    let signature = key.sign(input.as_bytes());
    format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature.to_bytes()))
}

/// A compact JWS taken apart (not yet verified).
#[derive(Debug)]
pub struct Decoded {
    pub header: Value,
    pub payload: Value,
    signing_input: String,
    signature: Vec<u8>,
}

/// Takes a compact JWS apart, or says why it is not one.
pub fn decode(token: &str) -> Result<Decoded, String> {
    let token = token.trim();
    let parts: Vec<&str> = token.split('.').collect();
    if parts.len() != 3 {
        return Err(format!(
            "it is not a compact JWT: it has {} part{} separated by dots, not 3",
            parts.len(),
            if parts.len() == 1 { "" } else { "s" }
        ));
    }
    let part = |index: usize, what: &str| -> Result<Vec<u8>, String> {
        URL_SAFE_NO_PAD
            .decode(parts[index])
            .map_err(|_| format!("its {what} is not base64url"))
    };
    let json = |bytes: Vec<u8>, what: &str| -> Result<Value, String> {
        serde_json::from_slice::<Value>(&bytes)
            .ok()
            .filter(Value::is_object)
            .ok_or_else(|| format!("its {what} is not a JSON object"))
    };
    Ok(Decoded {
        header: json(part(0, "header")?, "header")?,
        payload: json(part(1, "payload")?, "payload")?,
        signing_input: format!("{}.{}", parts[0], parts[1]),
        signature: part(2, "signature")?,
    })
}

impl Decoded {
    /// Whether the signature is `key`'s over the header and payload (strict Ed25519
    /// verification: no small-order keys, canonical signatures).
    #[must_use]
    pub fn signed_by(&self, key: &VerifyingKey) -> bool {
        Signature::from_slice(&self.signature)
            .is_ok_and(|s| key.verify_strict(self.signing_input.as_bytes(), &s).is_ok())
    }
}
