//! Time-based one-time passwords, RFC 6238: HMAC-SHA-1, 6 digits, 30-second steps, and one
//! step of clock drift either way.


pub const STEP_SECS: i64 = 30;
const DIGITS: u32 = 6;
/// Steps accepted either side of now (clock drift between phone and server).
const DRIFT: i64 = 1;

/// A new 160-bit secret, base32 as authenticator apps expect.
pub fn new_secret() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 20];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    data_encoding::BASE32_NOPAD.encode(&bytes)
}

pub fn step_at(unix_secs: i64) -> i64 {
    unix_secs.div_euclid(STEP_SECS)
}

/// The code for one time step, by `totp-rs` (RFC 6238: HOTP over the step counter).
pub fn code_for_step(secret: &[u8], step: i64) -> String {
    // `new_unchecked`: the secret's length is ours to choose (160 bits); the checked
    // constructor would also refuse the RFC's own test secret's encoding rules.
    let totp = totp_rs::TOTP::new_unchecked(totp_rs::Algorithm::SHA1, DIGITS as usize, 0, STEP_SECS as u64, secret.to_vec());
    totp.generate(u64::try_from(step).unwrap_or(0) * STEP_SECS as u64)
}

pub fn decode_secret(base32: &str) -> Option<Vec<u8>> {
    data_encoding::BASE32_NOPAD.decode(base32.trim_end_matches('=').as_bytes()).ok()
}

#[derive(Debug, PartialEq, Eq)]
pub enum TotpCheck {
    /// Accepted; remember the step so the same code is never accepted again.
    Accepted { step: i64 },
    /// A right code that was already used (at or before the last accepted step).
    Replayed,
    Wrong,
}

/// Checks `typed` at `now`, given the last step accepted for this secret.
pub fn check(secret_base32: &str, typed: &str, now: i64, last_step: Option<i64>) -> TotpCheck {
    let typed: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    let Some(secret) = decode_secret(secret_base32) else { return TotpCheck::Wrong };
    if typed.len() != DIGITS as usize || !typed.chars().all(|c| c.is_ascii_digit()) {
        return TotpCheck::Wrong;
    }
    let current = step_at(now);
    for step in (current - DRIFT)..=(current + DRIFT) {
        if super::secrets::constant_time_eq(&code_for_step(&secret, step), &typed) {
            return match last_step {
                Some(last) if step <= last => TotpCheck::Replayed,
                _ => TotpCheck::Accepted { step },
            };
        }
    }
    TotpCheck::Wrong
}

/// The `otpauth://` URI an authenticator app reads from the QR code.
pub fn otpauth_uri(issuer: &str, account: &str, secret: &str) -> String {
    let label = format!("{}:{}", encode(issuer), encode(account));
    format!(
        "otpauth://totp/{label}?secret={secret}&issuer={}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECS}",
        encode(issuer)
    )
}

fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'@' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1, secret "12345678901234567890": the 8-digit values' last
    /// six digits are the 6-digit codes.
    #[test]
    fn the_rfc_6238_test_vectors_give_their_codes() {
        let secret = b"12345678901234567890";
        let vectors = [
            (59, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
            (20_000_000_000, "65353130"),
        ];
        for (time, eight_digits) in vectors {
            assert_eq!(code_for_step(secret, step_at(time)), eight_digits[2..], "T = {time}");
        }
    }

    fn base32(secret: &[u8]) -> String {
        data_encoding::BASE32_NOPAD.encode(secret)
    }

    #[test]
    fn a_code_one_step_early_or_late_is_accepted_and_two_steps_is_not() {
        let secret = base32(b"12345678901234567890");
        let now = 1_234_567_890;
        let raw = b"12345678901234567890";
        for drift in [-1, 0, 1] {
            let code = code_for_step(raw, step_at(now) + drift);
            assert_eq!(check(&secret, &code, now, None), TotpCheck::Accepted { step: step_at(now) + drift });
        }
        let too_old = code_for_step(raw, step_at(now) - 2);
        assert_eq!(check(&secret, &too_old, now, None), TotpCheck::Wrong);
    }

    #[test]
    fn a_code_is_accepted_once() {
        let secret = base32(b"12345678901234567890");
        let now = 1_234_567_890;
        let code = code_for_step(b"12345678901234567890", step_at(now));
        let TotpCheck::Accepted { step } = check(&secret, &code, now, None) else { panic!("refused") };
        assert_eq!(check(&secret, &code, now + 5, Some(step)), TotpCheck::Replayed);
    }

    #[test]
    fn letters_and_wrong_lengths_are_wrong_codes() {
        let secret = new_secret();
        for typed in ["", "12345", "1234567", "abcdef"] {
            assert_eq!(check(&secret, typed, 0, None), TotpCheck::Wrong);
        }
    }

    #[test]
    fn the_uri_names_the_issuer_and_the_account() {
        let uri = otpauth_uri("Wallet Web", "ann@example.com", "ABC");
        assert_eq!(
            uri,
            "otpauth://totp/Wallet%20Web:ann@example.com?secret=ABC&issuer=Wallet%20Web&algorithm=SHA1&digits=6&period=30"
        );
    }
}
