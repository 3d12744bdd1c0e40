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
