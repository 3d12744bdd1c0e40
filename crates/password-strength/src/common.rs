//! The list of common passwords and words, and the `Common` rule.

use std::sync::OnceLock;

use crate::patterns::readings;

/// One entry a line, lower case, sorted by bytes and unique (a test checks); lines starting with
/// '#' are comments.
pub(crate) const COMMON_TXT: &str = include_str!("../data/common.txt");

pub(crate) fn entries() -> impl Iterator<Item = &'static str> {
    COMMON_TXT.lines().filter(|line| !line.is_empty() && !line.starts_with('#'))
}

struct List {
    sorted: Vec<&'static str>,
    /// In characters: the list is ASCII.
    longest: usize,
}

fn list() -> &'static List {
    static LIST: OnceLock<List> = OnceLock::new();
    LIST.get_or_init(|| {
        let sorted: Vec<&str> = entries().collect();
        let longest = sorted.iter().map(|entry| entry.len()).max().unwrap_or(0);
        List { sorted, longest }
    })
}

pub(crate) fn is_listed(word: &str) -> bool {
    list().sorted.binary_search(&word).is_ok()
}

pub(crate) fn list_len() -> usize {
    list().sorted.len()
}

pub(crate) fn longest_entry() -> usize {
    list().longest
}

/// The `Common` rule: the password is a listed entry give or take digits and symbols at its
/// ends, or is such a password repeated.
pub(crate) fn is_common(folded: &[char]) -> bool {
    let cores = [folded, trim_ends(folded, char::is_alphanumeric), trim_ends(folded, char::is_alphabetic)];
    is_listed_between_ends(folded) || cores.iter().any(|core| repeated_unit(core).is_some_and(is_listed_between_ends))
}

/// Some reading of the password (leetspeak undone or not) has a listed entry with no letter
/// before or after it: "Password1234", "!!@dm1n2024", "5201314!!". Digits count as ends only
/// around an entry with a letter, so a long number is not common merely for containing 1234.
fn is_listed_between_ends(folded: &[char]) -> bool {
    let length = folded.len();
    let letters = (folded.iter().position(|c| c.is_alphabetic()), folded.iter().rposition(|c| c.is_alphabetic()));
    let (latest_start, earliest_end) = match letters {
        (Some(first), Some(last)) => (first, last + 1),
        _ => (length, 0),
    };
    let symbols_only = |ends: &[char]| !ends.iter().any(|c| c.is_alphanumeric());
    readings(folded).iter().any(|reading| {
        (0..=latest_start.min(length)).any(|start| {
            let ends = earliest_end.max(start + 1)..=length.min(start + longest_entry());
            ends.into_iter().any(|end| {
                let has_letter = folded[start..end].iter().any(|c| c.is_alphabetic());
                (has_letter || (symbols_only(&folded[..start]) && symbols_only(&folded[end..])))
                    && is_listed(&reading[start..end].iter().collect::<String>())
            })
        })
    })
}

fn trim_ends(chars: &[char], keep: fn(char) -> bool) -> &[char] {
    match (chars.iter().position(|&c| keep(c)), chars.iter().rposition(|&c| keep(c))) {
        (Some(first), Some(last)) => &chars[first..=last],
        _ => &[],
    }
}

/// The shortest chunk that, repeated twice or more, makes up exactly `chars`.
fn repeated_unit(chars: &[char]) -> Option<&[char]> {
    (1..=chars.len() / 2)
        .filter(|&period| chars.len().is_multiple_of(period))
        .map(|period| &chars[..period])
        .find(|unit| chars.chunks_exact(unit.len()).all(|chunk| chunk == *unit))
}
