//! The password rules, shared by the app (in the browser, as wasm) and the server, so that the
//! same password is accepted or refused identically on both sides.
//!
//! [`assess`] reports every problem that applies, and a score from 0 (guessed at once) to 4:
//!
//! - **Length**: fewer than [`MIN_LENGTH`] characters is `TooShort`, more than [`MAX_LENGTH`]
//!   `TooLong`. Characters are counted, not bytes, so 12 Chinese characters or emojis are 12.
//! - **Common**: the password, lower-cased, with the digits and symbols at its ends stripped and
//!   leetspeak undone (0→o 1→i/l 3→e 4→a 5→s 7→t @→a $→s), is in `data/common.txt`: the top
//!   passwords and English words of zxcvbn's lists, plus pinyin and digit favourites of Chinese
//!   users (woaini, 5201314). A common password repeated (monkeymonkey) counts too, and
//!   stripping the ends covers one with a year appended (sunshine2024). Digits are stripped
//!   only around an entry with a letter, so a long number is not common for containing 1234.
//! - **ContainsPersonalInfo**: the password contains, ignoring case, the local part of the
//!   user's e-mail or one of its words, a word of their name (3+ characters, or 2+ for a name in
//!   Chinese characters), or 4 consecutive digits of their phone number.
//! - **Repetitive**: at least half of it is a character or chunk repeated (aaaa, abcabc).
//! - **Sequence**: at least half of it is runs of 3+ characters going up or down (abcd, 9876)
//!   or along a keyboard row (qwerty, asdfgh).
//! - **TooPredictable**: none of the above, but the score is below 3.
//!
//! The score estimates, like zxcvbn, how many bits of guessing the password is worth: the
//! cheapest way to spell it out of brute-forced characters (log2 of the size of the character
//! classes it uses) and the patterns above, each costing only the bits needed to pick it (a
//! common word about 11, a sequence a few). Under 28 bits scores 0, under 36 1, under 60 2,
//! under 80 3, else 4. A password with any problem scores at most 2, so a strength meter never praises a
//! password that will be refused. [`Assessment::acceptable`] means no problem and a score of 3+.
//!
//! Only the first [`MAX_LENGTH`] characters are analysed beyond counting, so a huge input sent
//! to the server costs no more than the longest allowed password (about a millisecond).

use wallet_api::PasswordProblem;

mod common;
mod patterns;
mod score;

/// The fewest characters (chars, not bytes) a password may have.
pub const MIN_LENGTH: usize = 12;
/// The most characters (chars, not bytes) a password may have.
pub const MAX_LENGTH: usize = 128;

/// What [`assess`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    /// 0 (guessed at once) to 4 (very hard to guess).
    pub score: u8,
    /// Every problem that applies, in the order of [`PasswordProblem`]'s variants.
    pub problems: Vec<PasswordProblem>,
}

impl Assessment {
    /// True when the password may be used: no problem and a score of at least 3.
    pub fn acceptable(&self) -> bool {
        self.problems.is_empty() && self.score >= 3
    }
}

/// Checks a password against the rules of the crate documentation.
///
/// `personal`: the user's e-mail, display name, phone (anything the password must not contain or
/// be built from). Empty entries are ignored.
pub fn assess(password: &str, personal: &[&str]) -> Assessment {
    let length = password.chars().count();
    let typed: Vec<char> = password.chars().take(MAX_LENGTH).collect();
    let folded = patterns::fold(&typed);
    let personal = patterns::personal_tokens(personal);

    let mut problems = Vec::new();
    if length < MIN_LENGTH {
        problems.push(PasswordProblem::TooShort);
    }
    if length > MAX_LENGTH {
        problems.push(PasswordProblem::TooLong);
    }
    if common::is_common(&folded) {
        problems.push(PasswordProblem::Common);
    }
    if patterns::contains_personal(&folded, &personal) {
        problems.push(PasswordProblem::ContainsPersonalInfo);
    }
    if patterns::is_repetitive(&folded) {
        problems.push(PasswordProblem::Repetitive);
    }
    if patterns::is_sequential(&folded) {
        problems.push(PasswordProblem::Sequence);
    }

    let mut score = score::score_of(score::estimate_bits(&typed, &folded, &personal));
    if !problems.is_empty() {
        score = score.min(2);
    } else if score < 3 {
        problems.push(PasswordProblem::TooPredictable);
    }
    Assessment { score, problems }
}

#[cfg(test)]
mod tests;
