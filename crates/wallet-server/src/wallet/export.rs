//! The CSV export: a user's transactions in a date range, streamed a page at a time so a long
//! history never sits in memory.

use axum::body::{Body, Bytes};
use futures::stream::{self, Stream, StreamExt};
use sqlx::SqlitePool;
use wallet_api::{Transaction, TransactionQuery};

use super::{db_error, transfers};
use crate::AppError;

const PAGE: i64 = 200;
pub const HEADER: &str = "id,created_at,type,status,amount,fee,currency,counterparty,counterparty_name,failure,note\n";

pub fn body(db: SqlitePool, user_id: String, query: TransactionQuery) -> Body {
    // Fused: the compression layer may poll once more after the end, which `unfold` forbids.
    Body::from_stream(rows(db, user_id, query).fuse())
}

struct Cursor {
    db: SqlitePool,
    user_id: String,
    query: TransactionQuery,
    before: Option<i64>,
    started: bool,
    done: bool,
}

fn rows(db: SqlitePool, user_id: String, query: TransactionQuery) -> impl Stream<Item = Result<Bytes, AppError>> {
    let start = Cursor { db, user_id, query, before: None, started: false, done: false };
    stream::unfold(start, |mut cursor| async move {
        if cursor.done {
            return None;
        }
        if !cursor.started {
            cursor.started = true;
            return Some((Ok(Bytes::from_static(HEADER.as_bytes())), cursor));
        }
        let page = match cursor.db.acquire().await.map_err(db_error) {
            Ok(mut conn) => transfers::filtered(&mut conn, &cursor.user_id, &cursor.query, cursor.before, PAGE).await,
            Err(error) => Err(error),
        };
        match page {
            Ok(page) => {
                cursor.done = (page.len() as i64) < PAGE;
                cursor.before = page.last().map(|row| row.seq);
                let text: String = page.iter().map(|row| line(&row.view_for(&cursor.user_id))).collect();
                Some((Ok(Bytes::from(text)), cursor))
            }
            Err(error) => {
                cursor.done = true;
                Some((Err(error), cursor))
            }
        }
    })
}

fn line(t: &Transaction) -> String {
    let cells = [
        t.id.clone(),
        utc_iso(t.created_at),
        t.kind.as_str().to_string(),
        t.status.as_str().to_string(),
        t.amount.to_input_string(),
        t.fee.to_input_string(),
        t.amount.currency.code().to_string(),
        t.counterparty.id.clone(),
        t.counterparty.masked_name.clone(),
        t.failure.map(|code| code.as_str().to_string()).unwrap_or_default(),
        t.note.clone().unwrap_or_default(),
    ];
    record(cells.iter().map(|cell| defused(cell)))
}

/// One CSV record by the `csv` crate (quoting as RFC 4180 needs), ending in a line break.
fn record(cells: impl IntoIterator<Item = String>) -> String {
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    writer.write_record(cells).expect("writing to memory");
    String::from_utf8(writer.into_inner().expect("writing to memory")).expect("the cells are UTF-8")
}

/// A leading `= + - @` (or tab, carriage return) is defused so a spreadsheet never runs a
/// note as a formula.
fn defused(value: &str) -> String {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{value}") } else { value.to_string() }
}

/// `2026-11-26T07:03:32Z`
pub fn utc_iso(secs: i64) -> String {
    let t = crate::clock::UtcTime::at(secs);
    format!("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", t.year, t.month, t.day, t.hour, t.minute, t.second)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_timestamp_is_written_as_utc_iso_8601() {
        assert_eq!(utc_iso(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc_iso(1_795_676_612), "2026-11-26T07:03:32Z");
        assert_eq!(utc_iso(951_782_400), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn a_cell_with_a_comma_or_quote_is_quoted_and_a_formula_is_defused() {
        let cell = |value: &str| record([defused(value)]).trim_end_matches('\n').to_string();
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("=1+1"), "'=1+1");
        assert_eq!(record(["a".to_string(), "b".to_string()]), "a,b\n");
    }
}
