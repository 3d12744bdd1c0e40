use anyhow::Context;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;
use std::path::Path;
use std::time::Duration;

/// Opens (creating when missing) the database in WAL mode with foreign keys on, and brings its
/// schema up to date. Several server processes may share the file.
pub async fn connect(path: &Path) -> anyhow::Result<SqlitePool> {
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder)
            .with_context(|| format!("creating the database folder {}", folder.display()))?;
    }
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        // FULL, not NORMAL: in WAL mode NORMAL skips the fsync at each commit, so a commit that
        // was answered (a payment acknowledged with 201) can be lost to a power cut or an OS
        // crash. FULL syncs the WAL before the commit returns.
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5));
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await
        .with_context(|| format!("opening the database {}", path.display()))?;
    sqlx::migrate!("./migrations")
        .run(&pool)
        .await
        .context("running database migrations")?;
    sqlx::query("INSERT OR IGNORE INTO meta (key, value) VALUES ('created_at', strftime('%s', 'now'))")
        .execute(&pool)
        .await
        .context("recording the database's creation time")?;
    Ok(pool)
}

#[cfg(test)]
mod tests {
    use sqlx::sqlite::SqliteConnectOptions;

    /// Migration 0006 builds `transfers` and `ledger_accounts` again: a database with money in
    /// it before keeps every row, every entry's link, and its balances.
    #[tokio::test]
    async fn the_withdrawals_migration_keeps_a_databases_money_and_links() {
        let dir = tempfile::tempdir().unwrap();
        let options = SqliteConnectOptions::new().filename(dir.path().join("old.db")).create_if_missing(true).foreign_keys(true);
        let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
        let mut before = sqlx::migrate!("./migrations");
        before.migrations = before.migrations.iter().filter(|m| m.version <= 5).cloned().collect::<Vec<_>>().into();
        before.run(&pool).await.unwrap();
        sqlx::query(
            "INSERT INTO users (id, email, phone, display_name, lang, password_hash, password_changed_at, created_at)
                VALUES ('u', 'u@example.com', '+8613800000000', 'U', 'en', 'x', 0, 0);
             INSERT INTO transfers (id, kind, status, payer_user_id, currency, amount, created_at, updated_at)
                VALUES ('T1', 'top_up', 'completed', 'u', 'CNY', 100, 0, 0);
             INSERT INTO ledger_accounts (owner_kind, owner_id, currency, balance, may_go_negative)
                VALUES ('user', 'u', 'CNY', 100, 0), ('provider', 'test-cards', 'CNY', -100, 1);
             INSERT INTO ledger_entries (transfer_id, account_id, amount, created_at) VALUES ('T1', 1, 100, 0), ('T1', 2, -100, 0);",
        )
        .execute(&pool)
        .await
        .unwrap();

        sqlx::migrate!("./migrations").run(&pool).await.unwrap();

        let broken: Vec<(String, i64, String, i64)> = sqlx::query_as("PRAGMA foreign_key_check").fetch_all(&pool).await.unwrap();
        assert!(broken.is_empty(), "{broken:?}");
        assert!(crate::wallet::ledger::check(&pool).await.unwrap().is_empty());
        let (transfers, balance): (i64, i64) =
            sqlx::query_as("SELECT (SELECT COUNT(*) FROM transfers), (SELECT balance FROM ledger_accounts WHERE owner_kind = 'user')")
                .fetch_one(&pool)
                .await
                .unwrap();
        assert_eq!((transfers, balance), (1, 100));
        // The links still hold: an entry for a transfer that does not exist is refused.
        let orphan = sqlx::query("INSERT INTO ledger_entries (transfer_id, account_id, amount, created_at) VALUES ('T9', 1, 1, 0)")
            .execute(&pool)
            .await;
        assert!(orphan.is_err());
        sqlx::query("INSERT INTO transfers (id, kind, status, payer_user_id, currency, amount, created_at, updated_at)
                VALUES ('T2', 'withdrawal', 'pending', 'u', 'CNY', 50, 1, 1)")
            .execute(&pool)
            .await
            .expect("a withdrawal transfer is accepted now");
    }
}
