//! Random secrets and how they are stored: only a SHA-256 of each token or code is kept, so a
//! copy of the database does not let anyone sign in.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::{Rng, RngCore};
use sha2::{Digest, Sha256};

/// 128 random bits, URL-safe: session tokens, challenges, tickets, CSRF tokens.
pub fn new_token() -> String {
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A random identifier for rows the API names (sessions, messages, events).
pub fn new_id() -> String {
    let mut bytes = [0u8; 12];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    data_encoding::HEXLOWER.encode(&bytes)
}

pub fn hash(secret: &str) -> String {
    data_encoding::HEXLOWER.encode(&Sha256::digest(secret.as_bytes()))
}

/// A 6-digit code for e-mail (leading zeros kept).
pub fn new_email_code() -> String {
    format!("{:06}", rand::rngs::OsRng.gen_range(0..1_000_000))
}

/// A recovery code: 10 characters from an alphabet without look-alikes (~50 bits), shown
/// as `xxxxx-xxxxx`.
pub fn new_recovery_code() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut rng = rand::rngs::OsRng;
    let chars: String = (0..10).map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char).collect();
    format!("{}-{}", &chars[..5], &chars[5..])
}

/// A recovery code as typed: case, spaces and the dash do not matter.
pub fn normalise_recovery_code(typed: &str) -> String {
    let plain: String =
        typed.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_lowercase()).collect();
    if plain.len() == 10 { format!("{}-{}", &plain[..5], &plain[5..]) } else { plain }
}

/// Compares without stopping at the first difference (`subtle`), so timing does not reveal
/// a prefix.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_carries_128_random_bits() {
        let token = new_token();
        assert_eq!(URL_SAFE_NO_PAD.decode(&token).unwrap().len(), 16);
        assert_ne!(token, new_token());
    }

    #[test]
    fn an_email_code_is_six_digits() {
        for _ in 0..100 {
            let code = new_email_code();
            assert_eq!(code.len(), 6);
            assert!(code.chars().all(|c| c.is_ascii_digit()));
        }
    }

    #[test]
    fn a_recovery_code_reads_the_same_however_it_is_typed() {
        let code = new_recovery_code();
        assert_eq!(normalise_recovery_code(&code.to_uppercase().replace('-', " ")), code);
    }

    #[test]
    fn the_stored_hash_is_not_the_secret() {
        let token = new_token();
        assert_ne!(hash(&token), token);
        assert_eq!(hash(&token), hash(&token));
    }
}

/// The key that protects secrets at rest: TOTP secrets are encrypted with it
/// (ChaCha20-Poly1305) and recovery codes hashed with it (HMAC-SHA-256), so a copy of the
/// database alone does not yield either. Kept out of the database (configuration, or a key
/// file beside it made on first start); never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretKey([u8; 32]);

impl SecretKey {
    pub fn random() -> SecretKey {
        let mut key = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut key);
        SecretKey(key)
    }

    pub fn to_hex(&self) -> String {
        data_encoding::HEXLOWER.encode(&self.0)
    }

    fn derived(&self, purpose: &str) -> [u8; 32] {
        use hmac::{Hmac, Mac};
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("any key length");
        mac.update(purpose.as_bytes());
        mac.finalize().into_bytes().into()
    }

    /// Encrypts a secret for storage: `v1:` and base64 of nonce and ciphertext.
    pub fn seal(&self, plain: &str) -> String {
        use chacha20poly1305::aead::{Aead, AeadCore, KeyInit};
        let cipher = chacha20poly1305::ChaCha20Poly1305::new(&self.derived("totp-secret").into());
        let nonce = chacha20poly1305::ChaCha20Poly1305::generate_nonce(&mut rand::rngs::OsRng);
        let sealed = cipher.encrypt(&nonce, plain.as_bytes()).expect("encrypting a short secret");
        format!("v1:{}", URL_SAFE_NO_PAD.encode([nonce.as_slice(), &sealed].concat()))
    }

    /// The stored secret in the clear; `None` when it was sealed with another key or altered.
    /// A value without the `v1:` mark was stored before encryption and is read as it is.
    pub fn open(&self, stored: &str) -> Option<String> {
        use chacha20poly1305::aead::{Aead, KeyInit};
        let Some(sealed) = stored.strip_prefix("v1:") else { return Some(stored.to_string()) };
        let bytes = URL_SAFE_NO_PAD.decode(sealed).ok()?;
        if bytes.len() < 12 {
            return None;
        }
        let (nonce, ciphertext) = bytes.split_at(12);
        let cipher = chacha20poly1305::ChaCha20Poly1305::new(&self.derived("totp-secret").into());
        let plain = cipher.decrypt(nonce.into(), ciphertext).ok()?;
        String::from_utf8(plain).ok()
    }

    /// A keyed hash for recovery codes: without the key, the stored hashes cannot be tested
    /// against guesses.
    pub fn keyed_hash(&self, secret: &str) -> String {
        use hmac::{Hmac, Mac};
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.derived("recovery-code")).expect("any key length");
        mac.update(secret.as_bytes());
        data_encoding::HEXLOWER.encode(&mac.finalize().into_bytes())
    }
}

impl std::str::FromStr for SecretKey {
    type Err = String;

    fn from_str(text: &str) -> Result<SecretKey, String> {
        let bytes = data_encoding::HEXLOWER_PERMISSIVE.decode(text.trim().as_bytes()).map_err(|e| format!("not hex: {e}"))?;
        let key: [u8; 32] = bytes.try_into().map_err(|_| "the key must be 32 bytes (64 hex digits)".to_string())?;
        Ok(SecretKey(key))
    }
}

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(..)")
    }
}

#[cfg(test)]
mod key_tests {
    use super::*;

    #[test]
    fn a_sealed_secret_opens_with_its_key_only_and_never_shows_in_the_clear() {
        let key = SecretKey::random();
        let sealed = key.seal("JBSWY3DPEHPK3PXP");
        assert!(!sealed.contains("JBSWY3DPEHPK3PXP"));
        assert_eq!(key.open(&sealed).as_deref(), Some("JBSWY3DPEHPK3PXP"));
        assert_eq!(SecretKey::random().open(&sealed), None);
        assert_ne!(key.seal("JBSWY3DPEHPK3PXP"), sealed, "a fresh nonce each time");
    }

    #[test]
    fn a_recovery_code_hash_depends_on_the_key() {
        let key = SecretKey::random();
        assert_eq!(key.keyed_hash("abcde-fghjk"), key.keyed_hash("abcde-fghjk"));
        assert_ne!(key.keyed_hash("abcde-fghjk"), SecretKey::random().keyed_hash("abcde-fghjk"));
        assert_ne!(key.keyed_hash("abcde-fghjk"), hash("abcde-fghjk"));
    }
}
