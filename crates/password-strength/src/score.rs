//! The strength estimate: the fewest bits of guessing needed to spell the password out of
//! brute-forced characters and the patterns a guesser tries first.

use crate::common::{is_listed, list_len, longest_entry};
use crate::patterns::{personal_matches, readings, repeats, sequences, years};

/// Dictionary words shorter than this are cheaper to brute-force than to look up.
const SHORTEST_WORD: usize = 4;
/// A four-digit year from 1900 to 2039.
const YEAR_BITS: f64 = 7.13;

pub(crate) fn score_of(bits: f64) -> u8 {
    match bits {
        b if b < 28.0 => 0,
        b if b < 36.0 => 1,
        b if b < 60.0 => 2,
        b if b < 80.0 => 3,
        _ => 4,
    }
}

pub(crate) fn estimate_bits(typed: &[char], folded: &[char], personal: &[Vec<char>]) -> f64 {
    cheapest(typed, folded, personal, brute_force_bits(typed), true)
}

/// Bits per character of a brute-force guess: log2 of the size of the character classes used.
fn brute_force_bits(typed: &[char]) -> f64 {
    let mut sizes_used = [0u32; 5];
    for &c in typed {
        let (class, size) = class_of(c);
        sizes_used[class] = size;
    }
    let pool: u32 = sizes_used.iter().sum();
    if pool == 0 { 0.0 } else { f64::from(pool).log2() }
}

/// A character's class and the number of characters in it.
fn class_of(c: char) -> (usize, u32) {
    match c {
        'a'..='z' => (0, 26),
        'A'..='Z' => (1, 26),
        '0'..='9' => (2, 10),
        _ if c.is_ascii() => (3, 33),
        // Chinese characters, emojis, accented letters: far more than any ASCII class.
        _ => (4, 128),
    }
}

/// The cheapest way to spell the password, left to right: each character costs `per_char`
/// unless a pattern covering it ends cheaper.
fn cheapest(typed: &[char], folded: &[char], personal: &[Vec<char>], per_char: f64, with_repeats: bool) -> f64 {
    let mut ending_at: Vec<Vec<(usize, f64)>> = vec![Vec::new(); folded.len() + 1];
    for (start, end, bits) in pattern_matches(typed, folded, personal, per_char, with_repeats) {
        ending_at[end].push((start, bits));
    }
    let mut best = vec![0.0; folded.len() + 1];
    for end in 1..=folded.len() {
        best[end] = ending_at[end].iter().fold(best[end - 1] + per_char, |cost, &(start, bits)| cost.min(best[start] + bits));
    }
    best[folded.len()]
}

/// Every pattern found, as (start, end, bits to guess it).
fn pattern_matches(
    typed: &[char],
    folded: &[char],
    personal: &[Vec<char>],
    per_char: f64,
    with_repeats: bool,
) -> Vec<(usize, usize, f64)> {
    let mut found = Vec::new();
    let word_bits = (list_len() as f64).log2();
    for (index, reading) in readings(folded).iter().enumerate() {
        for start in 0..reading.len() {
            for end in start + SHORTEST_WORD..=reading.len().min(start + longest_entry()) {
                if is_listed(&reading[start..end].iter().collect::<String>()) {
                    let leet = index > 0 && reading[start..end] != folded[start..end];
                    let bits = word_bits + capitals_bits(&typed[start..end]) + if leet { 1.0 } else { 0.0 };
                    found.push((start, end, bits));
                }
            }
        }
    }
    let personal_bits = ((personal.len() + 1) as f64).log2();
    for (start, end) in personal_matches(folded, personal) {
        found.push((start, end, personal_bits + capitals_bits(&typed[start..end])));
    }
    if with_repeats {
        for repeat in repeats(folded) {
            let chunk = repeat.start..repeat.start + repeat.period;
            let chunk_bits = cheapest(&typed[chunk.clone()], &folded[chunk], personal, per_char, false);
            let copies = (repeat.end - repeat.start) / repeat.period;
            found.push((repeat.start, repeat.end, chunk_bits + (copies as f64).log2()));
        }
    }
    for sequence in sequences(folded) {
        let first_bits = if "az019q".contains(folded[sequence.start]) { 2.0 } else { per_char };
        let length_bits = ((sequence.end - sequence.start) as f64).log2();
        let direction_bits = if sequence.descending { 1.0 } else { 0.0 };
        found.push((sequence.start, sequence.end, first_bits + length_bits + direction_bits));
    }
    found.extend(years(folded).into_iter().map(|start| (start, start + 4, YEAR_BITS)));
    found
}

/// Lower case is free; one capital at the start or all capitals cost a bit; otherwise a bit
/// per capital.
fn capitals_bits(typed: &[char]) -> f64 {
    let capitals = typed.iter().filter(|c| c.is_uppercase()).count();
    let first_only = capitals == 1 && typed.first().is_some_and(|c| c.is_uppercase());
    match capitals {
        0 => 0.0,
        _ if first_only || capitals == typed.len() => 1.0,
        _ => capitals as f64,
    }
}
