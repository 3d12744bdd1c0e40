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

/// Each day's closing balance: today's balance minus everything that moved after that day.
async fn series(conn: &mut Conn, user_id: &str, currency: Currency, days: &[i64], now_balance: i64) -> Result<BalanceSeries, AppError> {
    let mut points = Vec::with_capacity(days.len());
    for &end in days {
        let later: i64 = sqlx::query_scalar(
            "SELECT COALESCE(SUM(e.amount), 0) FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id
             WHERE a.owner_kind = 'user' AND a.owner_id = ? AND a.currency = ? AND e.created_at >= ?",
        )
        .bind(user_id)
        .bind(currency.code())
        .bind(end)
        .fetch_one(&mut *conn)
        .await
        .map_err(db_error)?;
        points.push(now_balance - later);
    }
    Ok(BalanceSeries { currency, points })
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
