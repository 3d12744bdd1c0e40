//! Turning text into search tokens, and finding where a query occurs in a text.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub text: String,
    kind: Kind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Lower-cased letters and digits (English, numbers, "2fa").
    Word,
    /// Two neighbouring CJK characters, or a lone one.
    Cjk,
}

impl Token {
    pub fn is_word(&self) -> bool {
        self.kind == Kind::Word
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2A6DF)
}

/// Words and CJK bigrams of `text`, in order.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut found = Vec::new();
    let mut word = String::new();
    let mut run: Vec<char> = Vec::new();
    let flush_word = |word: &mut String, found: &mut Vec<Token>| {
        if !word.is_empty() {
            found.push(Token { text: std::mem::take(word), kind: Kind::Word });
        }
    };
    let flush_run = |run: &mut Vec<char>, found: &mut Vec<Token>| {
        match run.len() {
            0 => {}
            1 => found.push(Token { text: run[0].to_string(), kind: Kind::Cjk }),
            _ => found.extend(run.windows(2).map(|pair| Token { text: pair.iter().collect(), kind: Kind::Cjk })),
        }
        run.clear();
    };
    for c in text.chars() {
        if is_cjk(c) {
            flush_word(&mut word, &mut found);
            run.push(c);
        } else if c.is_alphanumeric() {
            flush_run(&mut run, &mut found);
            word.extend(c.to_lowercase());
        } else {
            flush_word(&mut word, &mut found);
            flush_run(&mut run, &mut found);
        }
    }
    flush_word(&mut word, &mut found);
    flush_run(&mut run, &mut found);
    found
}

/// A light English stem: enough that plural, past and -ing forms meet.
pub fn stem(word: &str) -> &str {
    for suffix in ["ings", "ing", "ied", "ies", "ed", "es", "s"] {
        if let Some(stem) = word.strip_suffix(suffix) {
            if stem.chars().count() >= 3 && !word.ends_with("ss") {
                return stem;
            }
        }
    }
    word
}

/// `text` cut into pieces, each marked whether it matches the query (a query word as the
/// start of a text word, or a query bigram inside CJK text), for showing with `<mark>`.
pub fn highlight(text: &str, query: &str) -> Vec<(String, bool)> {
    let query_tokens = tokens(query);
    let chars: Vec<char> = text.chars().collect();
    let lower: Vec<char> = chars.iter().map(|c| c.to_lowercase().next().unwrap_or(*c)).collect();
    let mut marked = vec![false; chars.len()];
    for token in &query_tokens {
        let needle: Vec<char> = token.text.chars().collect();
        if needle.is_empty() || needle.len() > lower.len() {
            continue;
        }
        for start in 0..=lower.len() - needle.len() {
            let at_word_start = !token.is_word() || start == 0 || !lower[start - 1].is_alphanumeric();
            if at_word_start && lower[start..start + needle.len()] == needle[..] {
                marked[start..start + needle.len()].iter_mut().for_each(|m| *m = true);
            }
        }
    }
    let mut pieces: Vec<(String, bool)> = Vec::new();
    for (c, m) in chars.into_iter().zip(marked) {
        match pieces.last_mut() {
            Some((piece, flag)) if *flag == m => piece.push(c),
            _ => pieces.push((c.to_string(), m)),
        }
    }
    pieces
}
