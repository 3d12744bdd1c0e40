//! RFC 6238 codes (HMAC-SHA-1, 6 digits, 30-second steps), as an authenticator app makes them,
//! for the tests that sign in or withdraw as the demo account with 2FA. The server accepts each
//! step's code once and one step of drift, so the authenticator hands out every step at most once.

use hmac::{Hmac, Mac};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const STEP_SECS: u64 = 30;

pub struct Authenticator {
    secret: Vec<u8>,
    last_step: Option<u64>,
}

impl Authenticator {
    /// From the base32 secret an authenticator app is given (`JBSW…`).
    pub fn new(secret_base32: &str) -> Authenticator {
        Authenticator { secret: base32_decode(secret_base32), last_step: None }
    }

    /// A code of a step not given out before, without waiting: the current step's, else the
    /// next one's (the server accepts one step ahead); `None` when both were given out.
    pub fn fresh_code(&mut self) -> Option<String> {
        let step = fresh_step(self.last_step, current_step())?;
        self.last_step = Some(step);
        Some(code_at(&self.secret, step))
    }

    /// A fresh code, waiting for the next step when this one's codes were given out.
    pub fn next_code(&mut self) -> String {
        loop {
            if let Some(code) = self.fresh_code() {
                return code;
            }
            std::thread::sleep(Duration::from_millis(500));
        }
    }
}

/// The step to give out at step `now` after `last`: `now`, or the one after it; none beyond.
fn fresh_step(last: Option<u64>, now: u64) -> Option<u64> {
    let step = last.map_or(now, |last| (last + 1).max(now));
    (step <= now + 1).then_some(step)
}

fn current_step() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs() / STEP_SECS).unwrap_or_default()
}

fn code_at(secret: &[u8], step: u64) -> String {
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(secret).expect("HMAC takes a key of any length");
    mac.update(&step.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest[digest.len() - 1] & 0x0f);
    let number = u32::from_be_bytes([digest[offset] & 0x7f, digest[offset + 1], digest[offset + 2], digest[offset + 3]]);
    format!("{:06}", number % 1_000_000)
}

/// RFC 4648 base32 (upper case, no padding needed).
fn base32_decode(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let (mut bytes, mut buffer, mut bits) = (Vec::new(), 0u32, 0);
    for value in text.bytes().filter_map(|c| ALPHABET.iter().position(|a| *a == c.to_ascii_uppercase())) {
        buffer = (buffer << 5) | value as u32;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            bytes.push((buffer >> bits) as u8);
        }
    }
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_6238_sha1_test_vectors() {
        // RFC 6238, appendix B: the secret "12345678901234567890", 8 digits there; the last 6 here.
        let secret = b"12345678901234567890";
        assert_eq!(code_at(secret, 59 / 30), "287082");
        assert_eq!(code_at(secret, 1_111_111_109 / 30), "081804");
        assert_eq!(code_at(secret, 1_234_567_890 / 30), "005924");
    }

    #[test]
    fn base32_of_the_demo_secret() {
        assert_eq!(base32_decode("JBSWY3DPEHPK3PXP"), b"Hello!\xde\xad\xbe\xef");
    }

    #[test]
    fn a_step_is_given_out_once_and_at_most_one_step_ahead() {
        assert_eq!(fresh_step(None, 100), Some(100));
        assert_eq!(fresh_step(Some(100), 100), Some(101));
        assert_eq!(fresh_step(Some(101), 100), None);
        assert_eq!(fresh_step(Some(101), 101), Some(102));
        // An old step is never given out again: the current one is.
        assert_eq!(fresh_step(Some(90), 100), Some(100));
    }
}
