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

/// Compares without stopping at the first difference, so timing does not reveal a prefix.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
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
