//! Search for the help centre, small enough to run in the browser.
//!
//! Chinese is written without spaces, so CJK text is indexed as overlapping character pairs
//! (bigrams: 账户被锁定 -> 账户 户被 被锁 锁定); other text as lower-cased words, matched
//! exactly, by prefix while typing, by a light English stem (withdrawals -> withdrawal) and
//! with one typo (withdrawl -> withdrawal). The build step tokenises every article once
//! (`IndexedDoc::new`); the app tokenises only the query.

use serde::{Deserialize, Serialize};

mod text;

pub use text::{highlight, stem, tokens, Token};

/// One article as the index holds it: what is shown in a result, and its tokens per field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexedDoc {
    pub slug: String,
    pub category: String,
    pub title: String,
    pub summary: String,
    /// Distinct tokens of each field, weighted by `FIELD_WEIGHTS` in that order.
    pub fields: [Vec<String>; 4],
}

/// Title, keywords, summary, body.
const FIELD_WEIGHTS: [u32; 4] = [8, 6, 3, 1];

impl IndexedDoc {
    pub fn new(slug: &str, category: &str, title: &str, summary: &str, keywords: &[String], body: &str) -> IndexedDoc {
        let distinct = |text: &str| {
            let mut found: Vec<String> = tokens(text).into_iter().map(|t| t.text).collect();
            found.sort();
            found.dedup();
            found
        };
        IndexedDoc {
            slug: slug.to_string(),
            category: category.to_string(),
            title: title.to_string(),
            summary: summary.to_string(),
            fields: [distinct(title), distinct(&keywords.join(" ")), distinct(summary), distinct(body)],
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Hit<'a> {
    pub doc: &'a IndexedDoc,
    pub score: u32,
}

/// How well a document's token answers a query token, out of 10.
fn match_quality(query: &Token, candidate: &str) -> u32 {
    if candidate == query.text {
        return 10;
    }
    if !query.is_word() {
        // A lone Chinese character (typed so far) meets the pairs that contain it.
        let lone = query.text.chars().count() == 1;
        return if lone && candidate.contains(query.text.as_str()) { 6 } else { 0 };
    }
    if query.text.chars().count() >= 2 && candidate.starts_with(&query.text) {
        return 7;
    }
    if stem(candidate) == stem(&query.text) {
        return 8;
    }
    if query.text.chars().count() >= 4 && within_one_edit(&query.text, candidate) {
        return 5;
    }
    0
}

/// Articles that answer `query`, best first. A document must match at least half of the
/// query's tokens (all of them for one or two), so that one common bigram does not drag in
/// every article.
pub fn search<'a>(docs: &'a [IndexedDoc], query: &str) -> Vec<Hit<'a>> {
    let query_tokens = tokens(query);
    if query_tokens.is_empty() {
        return Vec::new();
    }
    let needed = if query_tokens.len() <= 2 { query_tokens.len() } else { query_tokens.len().div_ceil(2) };
    let mut hits: Vec<Hit> = docs
        .iter()
        .filter_map(|doc| {
            let mut matched = 0;
            let mut score = 0;
            for token in &query_tokens {
                let best = doc
                    .fields
                    .iter()
                    .zip(FIELD_WEIGHTS)
                    .map(|(field, weight)| {
                        field.iter().map(|c| match_quality(token, c)).max().unwrap_or(0) * weight
                    })
                    .max()
                    .unwrap_or(0);
                if best > 0 {
                    matched += 1;
                    score += best;
                }
            }
            (matched >= needed).then_some(Hit { doc, score: score * 10 + matched as u32 })
        })
        .collect();
    hits.sort_by(|a, b| b.score.cmp(&a.score).then_with(|| a.doc.slug.cmp(&b.doc.slug)));
    hits
}

/// Levenshtein distance of at most one (one insertion, deletion or substitution).
fn within_one_edit(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let (short, long) = if a.len() <= b.len() { (&a, &b) } else { (&b, &a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let prefix = short.iter().zip(long.iter()).take_while(|(x, y)| x == y).count();
    if short.len() == long.len() {
        prefix == short.len() || short[prefix + 1..] == long[prefix + 1..]
    } else {
        short[prefix..] == long[prefix + 1..]
    }
}

#[cfg(test)]
mod tests;
