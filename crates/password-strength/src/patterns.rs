//! How a guesser reads a password: case folded, leetspeak undone, and the runs of repeated,
//! sequential and personal text in it. Positions are character indices.

/// A chunk `start..start + period` repeated up to `end` (at least twice, 3+ characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Repeat {
    pub start: usize,
    pub end: usize,
    pub period: usize,
}

/// `start..end` goes up or down the alphabet (or code points) or along a keyboard row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Sequence {
    pub start: usize,
    pub end: usize,
    pub descending: bool,
}

/// Shifted digits share a row with the digits on most keyboards, but typed shifted they are
/// their own row.
const KEYBOARD_ROWS: [&str; 5] = ["1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", "!@#$%^&*()"];

/// Lower-cases character by character, so the result lines up with the typed characters (a
/// character whose lower case is several characters, like 'İ', is kept as typed).
pub(crate) fn fold(typed: &[char]) -> Vec<char> {
    typed.iter().map(|&c| fold_char(c)).collect()
}

fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(single), None) => single,
        _ => c,
    }
}

/// The folded password as read three ways: as typed, and with leetspeak undone reading 1 as i
/// or as l. Each is as long as the password.
pub(crate) fn readings(folded: &[char]) -> [Vec<char>; 3] {
    [folded.to_vec(), unleet(folded, 'i'), unleet(folded, 'l')]
}

pub(crate) fn unleet(folded: &[char], one_as: char) -> Vec<char> {
    folded
        .iter()
        .map(|&c| match c {
            '0' => 'o',
            '1' => one_as,
            '3' => 'e',
            '4' | '@' => 'a',
            '5' | '$' => 's',
            '7' => 't',
            other => other,
        })
        .collect()
}

/// The `Repetitive` rule: repeated chunks cover at least half of the password.
pub(crate) fn is_repetitive(folded: &[char]) -> bool {
    mostly(repeats(folded).iter().map(|r| r.end - r.start), folded.len())
}

/// The `Sequence` rule: sequences cover at least half of the password.
pub(crate) fn is_sequential(folded: &[char]) -> bool {
    mostly(sequences(folded).iter().map(|s| s.end - s.start), folded.len())
}

fn mostly(run_lengths: impl Iterator<Item = usize>, total: usize) -> bool {
    total > 0 && run_lengths.sum::<usize>() * 2 >= total
}

/// Repeated chunks, found left to right; at each place the longest repetition wins, and the
/// shortest chunk among equally long ones.
pub(crate) fn repeats(folded: &[char]) -> Vec<Repeat> {
    let mut found = Vec::new();
    let mut start = 0;
    while start < folded.len() {
        match longest_repeat_at(folded, start) {
            Some(repeat) => {
                start = repeat.end;
                found.push(repeat);
            }
            None => start += 1,
        }
    }
    found
}

fn longest_repeat_at(folded: &[char], start: usize) -> Option<Repeat> {
    let rest = &folded[start..];
    let mut best: Option<Repeat> = None;
    for period in 1..=rest.len() / 2 {
        let chunk = &rest[..period];
        let copies = rest.chunks_exact(period).take_while(|next| *next == chunk).count();
        let length = copies * period;
        if copies >= 2 && length >= 3 && best.is_none_or(|b| length > b.end - b.start) {
            best = Some(Repeat { start, end: start + length, period });
        }
    }
    best
}

#[derive(Clone, Copy)]
enum Step {
    CodePoint(i8),
    Keyboard(&'static str, i8),
}

impl Step {
    fn all() -> impl Iterator<Item = Step> {
        let code_points = [Step::CodePoint(1), Step::CodePoint(-1)];
        let keyboard = KEYBOARD_ROWS.iter().flat_map(|row| [Step::Keyboard(row, 1), Step::Keyboard(row, -1)]);
        code_points.into_iter().chain(keyboard)
    }

    fn follows(self, from: char, to: char) -> bool {
        match self {
            Step::CodePoint(delta) => to as i64 - from as i64 == delta as i64,
            Step::Keyboard(row, delta) => match (row.find(from), row.find(to)) {
                // Every key of a row is one byte, so byte positions are key positions.
                (Some(a), Some(b)) => b as i64 - a as i64 == delta as i64,
                _ => false,
            },
        }
    }

    fn descending(self) -> bool {
        matches!(self, Step::CodePoint(-1) | Step::Keyboard(_, -1))
    }
}

/// Runs of 3+ characters that each follow the one before by the same step, found left to right.
pub(crate) fn sequences(folded: &[char]) -> Vec<Sequence> {
    let mut found = Vec::new();
    let mut start = 0;
    while start < folded.len() {
        let longest = Step::all()
            .map(|step| {
                let steps = folded[start..].windows(2).take_while(|pair| step.follows(pair[0], pair[1])).count();
                (steps + 1, step)
            })
            .max_by_key(|(length, _)| *length);
        match longest {
            Some((length, step)) if length >= 3 => {
                found.push(Sequence { start, end: start + length, descending: step.descending() });
                start += length;
            }
            _ => start += 1,
        }
    }
    found
}

/// Four-digit years from 1900 to 2039, by start position.
pub(crate) fn years(folded: &[char]) -> Vec<usize> {
    folded
        .windows(4)
        .enumerate()
        .filter(|(_, window)| {
            let text: String = window.iter().collect();
            window.iter().all(char::is_ascii_digit) && text.parse::<u16>().is_ok_and(|year| (1900..=2039).contains(&year))
        })
        .map(|(start, _)| start)
        .collect()
}

/// What the password must not contain, folded: the e-mail's local part and its words, the
/// name's words, and every 4 consecutive digits of a phone number.
pub(crate) fn personal_tokens(personal: &[&str]) -> Vec<Vec<char>> {
    let mut tokens = Vec::new();
    for item in personal.iter().map(|item| item.trim()) {
        if let Some((local, _domain)) = item.rsplit_once('@') {
            let whole = fold(&local.chars().collect::<Vec<_>>());
            if whole.len() >= 3 {
                tokens.push(whole);
            }
            tokens.extend(name_words(local));
        } else if looks_like_phone(item) {
            let digits: Vec<char> = item.chars().filter(char::is_ascii_digit).collect();
            tokens.extend(digits.windows(4).map(<[char]>::to_vec));
        } else {
            tokens.extend(name_words(item));
        }
    }
    tokens.sort();
    tokens.dedup();
    tokens
}

fn looks_like_phone(item: &str) -> bool {
    item.chars().filter(char::is_ascii_digit).count() >= 4
        && item.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c))
}

/// Words of 3+ characters, or of 2+ in a script without capitals like Chinese, where two
/// characters already make a whole given name.
fn name_words(text: &str) -> Vec<Vec<char>> {
    text.split(|c: char| !c.is_alphanumeric())
        .map(|word| fold(&word.chars().collect::<Vec<_>>()))
        .filter(|word| word.len() >= 3 || (word.len() >= 2 && word.iter().all(|c| !c.is_ascii())))
        .collect()
}

/// Where personal tokens appear in any reading of the password, as `start..end` pairs.
pub(crate) fn personal_matches(folded: &[char], tokens: &[Vec<char>]) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    for reading in readings(folded) {
        for token in tokens {
            for (start, window) in reading.windows(token.len()).enumerate() {
                if window == token.as_slice() {
                    found.push((start, start + token.len()));
                }
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

pub(crate) fn contains_personal(folded: &[char], tokens: &[Vec<char>]) -> bool {
    !personal_matches(folded, tokens).is_empty()
}
