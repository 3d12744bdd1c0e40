//! The at-rest key's file, for a server started without `--secrets-key`: made once, beside the
//! database (a copy of the database alone then holds no usable TOTP secret), readable by the
//! server's user only.

use anyhow::Context;
use std::path::{Path, PathBuf};

use crate::SecretKey;

fn key_file(database: &Path) -> PathBuf {
    let mut name = database.file_name().map(|n| n.to_os_string()).unwrap_or_else(|| "wallet.db".into());
    name.push(".key");
    database.with_file_name(name)
}

pub fn load_or_create(database: &Path) -> anyhow::Result<SecretKey> {
    let path = key_file(database);
    if let Ok(text) = std::fs::read_to_string(&path) {
        return text.parse().map_err(|e: String| anyhow::anyhow!("{}: {e}", path.display()));
    }
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder).with_context(|| format!("creating {}", folder.display()))?;
    }
    let key = SecretKey::random();
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&path).with_context(|| format!("creating the key file {}", path.display()))?;
    std::io::Write::write_all(&mut file, key.to_hex().as_bytes())?;
    tracing::warn!(file = %path.display(), "no --secrets-key: made a key file beside the database; back it up with it");
    Ok(key)
}
