//! What the dashboard shows: balances, the last transactions, a 30-day balance chart and the
//! account's state.

use wallet_api as json;
use wallet_api::{Balance, BalanceSeries, Currency, Money, TransactionQuery, WALLET_CURRENCIES};

use super::ledger::{self, Owner};
use super::{db_error, restrictions, transfers, Conn};
use crate::AppError;

const DAY_SECS: i64 = 24 * 60 * 60;
const CHART_DAYS: i64 = 30;

/// Balances in the wallet's currencies and any other the user holds or is receiving.
pub async fn balances(conn: &mut Conn, user_id: &str) -> Result<Vec<Balance>, AppError> {
    let mut balances = Vec::new();
    for currency in Currency::ALL {
        let available = ledger::balance(conn, &Owner::User(user_id.to_string()), currency).await?;
        let pending: i64 = sqlx::query_scalar(
            "SELECT COALESCE(SUM(amount), 0) FROM transfers
             WHERE payer_user_id = ? AND kind = 'top_up' AND status = 'pending' AND currency = ?",
        )
        .bind(user_id)
        .bind(currency.code())
        .fetch_one(&mut *conn)
        .await
        .map_err(db_error)?;
        if WALLET_CURRENCIES.contains(&currency) || available.minor != 0 || pending != 0 {
            balances.push(Balance { available, pending: Money::new(pending, currency) });
        }
    }
    Ok(balances)
}

/// The ends of the last 30 UTC days, oldest first; the last is the coming midnight.
pub fn chart_days(now: i64) -> Vec<i64> {
    let next_midnight = (now.div_euclid(DAY_SECS) + 1) * DAY_SECS;
    (0..CHART_DAYS).rev().map(|back| next_midnight - back * DAY_SECS).collect()
}

/// Each day's closing balance: today's balance minus everything that moved after that day,
/// from one pass over the month's entries grouped by day.
async fn series(conn: &mut Conn, user_id: &str, currency: Currency, days: &[i64], now_balance: i64) -> Result<BalanceSeries, AppError> {
    let first = days.first().copied().unwrap_or_default();
    let per_day: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT (e.created_at - ?1) / 86400 AS day, SUM(e.amount) FROM ledger_entries e
         JOIN ledger_accounts a ON a.id = e.account_id
         WHERE a.owner_kind = 'user' AND a.owner_id = ?2 AND a.currency = ?3 AND e.created_at >= ?1
         GROUP BY day",
    )
    .bind(first)
    .bind(user_id)
    .bind(currency.code())
    .fetch_all(&mut *conn)
    .await
    .map_err(db_error)?;
    // Day `d` holds the entries of [days[d], days[d + 1]); a closing balance at days[i]
    // excludes the entries of days i and later.
    let mut moved_from = vec![0i64; days.len() + 1];
    for (day, sum) in per_day {
        let day = usize::try_from(day).unwrap_or(0).min(days.len());
        moved_from[day] += sum;
    }
    for i in (0..days.len()).rev() {
        moved_from[i] += moved_from[i + 1];
    }
    Ok(BalanceSeries { currency, points: (0..days.len()).map(|i| now_balance - moved_from[i]).collect() })
}

pub async fn overview(conn: &mut Conn, user_id: &str, wallet_id: String, locked_until: Option<i64>, now: i64) -> Result<json::Overview, AppError> {
    let balances = balances(conn, user_id).await?;
    let days = chart_days(now);
    let mut chart = Vec::new();
    for balance in &balances {
        chart.push(series(conn, user_id, balance.available.currency, &days, balance.available.minor).await?);
    }
    let recent = transfers::filtered(conn, user_id, &TransactionQuery::default(), None, 10).await?;
    Ok(json::Overview {
        wallet_id,
        balances,
        recent: recent.iter().map(|row| row.view_for(user_id)).collect(),
        days,
        chart,
        restrictions: restrictions::active(conn, user_id).await?,
        locked_until,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chart_ends_at_the_coming_midnight_and_spans_thirty_days() {
        let now = 1_780_000_123;
        let days = chart_days(now);
        assert_eq!(days.len(), 30);
        assert!(days[29] > now && days[29] - now <= DAY_SECS);
        assert_eq!(days[29] % DAY_SECS, 0);
        assert_eq!(days[29] - days[0], 29 * DAY_SECS);
    }
}
