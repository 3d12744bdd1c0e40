//! Password hashing: argon2id with m = 19 MiB, t = 2, p = 1 (OWASP's recommendation).

use argon2::password_hash::{PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::OnceLock;
use wallet_api::{ErrorCode, ErrorDetail};

use crate::AppError;

/// The same strength rules as the app's meter (one shared crate): a password the browser
/// refuses, the server refuses too, with the same reasons.
pub fn check_strength(password: &str, personal: &[&str]) -> Result<(), AppError> {
    let assessment = password_strength::assess(password, personal);
    if assessment.acceptable() {
        return Ok(());
    }
    Err(AppError::field(ErrorCode::PasswordTooWeak, "password", "the password is too easy to guess")
        .with_detail(ErrorDetail::WeakPassword { problems: assessment.problems }))
}

fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Password hashing runs on a few threads of its own, one per core: at most that many hashes
/// at a time (each holds 19 MiB), always on the same threads (so the allocator keeps one
/// arena each, not one per borrowed blocking thread), a bounded queue in front, and beyond
/// that the request is turned away with `SERVICE_BUSY`. Unbounded, a burst of sign-ins takes
/// memory without limit.
type Job = Box<dyn FnOnce() + Send>;

struct HashPool {
    queue: std::sync::mpsc::SyncSender<Job>,
}

/// How long a client turned away by a full queue should wait.
const BUSY_RETRY_SECS: i64 = 2;

fn pool() -> &'static HashPool {
    static POOL: OnceLock<HashPool> = OnceLock::new();
    POOL.get_or_init(|| {
        let workers = std::thread::available_parallelism().map_or(2, usize::from);
        let (queue, jobs) = std::sync::mpsc::sync_channel::<Job>(workers * 16);
        let jobs = std::sync::Arc::new(std::sync::Mutex::new(jobs));
        for n in 0..workers {
            let jobs = jobs.clone();
            std::thread::Builder::new()
                .name(format!("password-hash-{n}"))
                .spawn(move || loop {
                    let job = match jobs.lock() {
                        Ok(jobs) => jobs.recv(),
                        Err(_) => return,
                    };
                    match job {
                        Ok(job) => job(),
                        Err(_) => return,
                    }
                })
                .expect("starting a password hashing thread");
        }
        HashPool { queue }
    })
}

fn busy() -> AppError {
    AppError::client(ErrorCode::ServiceBusy, "the server is busy checking passwords: try again in a moment")
        .with_detail(ErrorDetail::RetryAfter { seconds: BUSY_RETRY_SECS })
}

/// Runs one hashing job on the pool, or refuses at once when its queue is full.
async fn on_pool<T: Send + 'static>(job: impl FnOnce() -> anyhow::Result<T> + Send + 'static) -> Result<T, AppError> {
    let (answer, answered) = tokio::sync::oneshot::channel();
    let job: Job = Box::new(move || {
        let _ = answer.send(job());
    });
    pool().queue.try_send(job).map_err(|_| busy())?;
    Ok(answered.await.map_err(|_| anyhow::anyhow!("a password hashing thread stopped"))??)
}

thread_local! {
    /// Each hashing thread's argon2 memory, made once and reused: a fresh 19 MiB for every
    /// hash leaves the allocator holding ever more of it under a burst.
    static BLOCKS: std::cell::RefCell<Vec<argon2::Block>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Argon2 of `password` with `salt` into `out`, on this thread's reused memory.
fn argon2_into(hasher: &Argon2<'_>, params: &Params, password: &[u8], salt: &[u8], out: &mut [u8]) -> anyhow::Result<()> {
    BLOCKS.with(|blocks| {
        let mut blocks = blocks.borrow_mut();
        if blocks.len() != params.block_count() {
            *blocks = vec![argon2::Block::default(); params.block_count()];
        }
        hasher.hash_password_into_with_memory(password, salt, out, &mut blocks[..]).map_err(|e| anyhow::anyhow!("argon2: {e}"))
    })
}

pub async fn hash(password: String) -> Result<String, AppError> {
    on_pool(move || {
        let salt = SaltString::generate(&mut rand::rngs::OsRng);
        let mut salt_bytes = [0u8; 64];
        let raw_salt = salt.decode_b64(&mut salt_bytes).map_err(|e| anyhow::anyhow!("salt: {e}"))?;
        let hasher = argon2();
        let params = hasher.params().clone();
        let mut out = [0u8; 32];
        argon2_into(&hasher, &params, password.as_bytes(), raw_salt, &mut out)?;
        let phc = PasswordHash {
            algorithm: Algorithm::Argon2id.ident(),
            version: Some(Version::V0x13.into()),
            params: argon2::password_hash::ParamsString::try_from(&params).map_err(|e| anyhow::anyhow!("{e}"))?,
            salt: Some(salt.as_salt()),
            hash: Some(argon2::password_hash::Output::new(&out).map_err(|e| anyhow::anyhow!("{e}"))?),
        };
        Ok(phc.to_string())
    })
    .await
}

/// Checks a password against a stored hash. With no hash (no such account) it checks against
/// a dummy one, so the answer takes as long either way.
pub async fn verify(password: String, stored: Option<String>) -> Result<bool, AppError> {
    let exists = stored.is_some();
    let stored = match stored {
        Some(stored) => stored,
        None => dummy_hash().await?,
    };
    let matches = on_pool(move || {
        let parsed = PasswordHash::new(&stored).map_err(|e| anyhow::anyhow!("a stored hash: {e}"))?;
        let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else { anyhow::bail!("a stored hash without salt or hash") };
        let params = Params::try_from(&parsed).map_err(|e| anyhow::anyhow!("a stored hash's parameters: {e}"))?;
        let algorithm = Algorithm::try_from(parsed.algorithm).map_err(|e| anyhow::anyhow!("{e}"))?;
        let version = parsed.version.map(Version::try_from).transpose().map_err(|e| anyhow::anyhow!("{e}"))?.unwrap_or_default();
        let hasher = Argon2::new(algorithm, version, params.clone());
        let mut salt_bytes = [0u8; 64];
        let raw_salt = salt.decode_b64(&mut salt_bytes).map_err(|e| anyhow::anyhow!("salt: {e}"))?;
        let mut out = vec![0u8; expected.len()];
        argon2_into(&hasher, &params, password.as_bytes(), raw_salt, &mut out)?;
        // `Output`'s equality is constant-time.
        Ok(argon2::password_hash::Output::new(&out).map_err(|e| anyhow::anyhow!("{e}"))? == expected)
    })
    .await?;
    Ok(exists && matches)
}

async fn dummy_hash() -> Result<String, AppError> {
    static DUMMY: OnceLock<String> = OnceLock::new();
    if let Some(hash) = DUMMY.get() {
        return Ok(hash.clone());
    }
    let hash = hash("not a real password".to_string()).await?;
    Ok(DUMMY.get_or_init(|| hash).clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_is_argon2id_with_the_chosen_cost() {
        let stored = hash("a long enough password".into()).await.unwrap();
        assert!(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{stored}");
        assert!(verify("a long enough password".into(), Some(stored.clone())).await.unwrap());
        assert!(!verify("another password".into(), Some(stored)).await.unwrap());
    }

    #[tokio::test]
    async fn no_account_never_verifies() {
        assert!(!verify("not a real password".into(), None).await.unwrap());
    }
}
