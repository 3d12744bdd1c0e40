use clap::Parser;
use std::net::SocketAddr;
use std::path::PathBuf;

/// Server configuration, from flags or the environment (`WALLET_*`).
#[derive(Debug, Clone, Parser)]
#[command(name = "wallet-server", version, about = "The wallet REST API and web app server")]
pub struct Config {
    /// Address to listen on; port 0 picks a free port (tests do this).
    #[arg(long, env = "WALLET_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,

    /// SQLite database file; created, with its folder, when missing.
    #[arg(long, env = "WALLET_DATABASE", default_value = "data/wallet.db", global = true)]
    pub database: PathBuf,

    /// Folder of the built app (Trunk's `dist/`).
    #[arg(long, env = "WALLET_DIST", default_value = "dist")]
    pub dist: PathBuf,

    /// The brand file served as `/brand.json`; by default the one in `dist/`. Operators point
    /// this at their own file to rebrand without rebuilding the app.
    #[arg(long, env = "WALLET_BRAND")]
    pub brand: Option<PathBuf>,

    /// Demo mode: seeds demo users and exposes the e-mail outbox at `/api/v1/demo/outbox`.
    /// Never in production: it refuses to start on a non-loopback address or with SMTP
    /// configured, unless `--demo-public` says so on purpose.
    #[arg(long, env = "WALLET_DEMO")]
    pub demo: bool,

    /// Allow demo mode on a public address or with SMTP (its accounts and passwords are
    /// published in the README: anyone can sign in to them).
    #[arg(long, env = "WALLET_DEMO_PUBLIC")]
    pub demo_public: bool,

    #[command(flatten)]
    pub security: SecurityConfig,

    #[command(flatten)]
    pub mail: MailConfig,

    #[command(flatten)]
    pub wallet: WalletConfig,

    #[command(flatten)]
    pub withdrawals: WithdrawalConfig,

    /// Run an operator command instead of serving.
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, clap::Subcommand)]
pub enum Command {
    /// Operator commands on the database.
    #[command(subcommand)]
    Admin(AdminCommand),
}

#[derive(Debug, Clone, clap::Subcommand)]
pub enum AdminCommand {
    /// Checks that every transfer's entries sum to zero and every stored balance equals its
    /// entries; exits non-zero when not.
    CheckLedger,
    /// Restricts an account (payments, withdrawals or all).
    Restrict {
        #[arg(long)]
        email: String,
        #[arg(long, value_parser = ["payments", "withdrawals", "all"])]
        scope: String,
        /// A stable code the app explains, e.g. `unusual_activity`.
        #[arg(long, default_value = "unusual_activity")]
        reason_code: String,
        #[arg(long)]
        reason: String,
    },
    /// Lifts every restriction of an account.
    Lift {
        #[arg(long)]
        email: String,
    },
    /// Marks a merchant's payment interface up or down.
    MerchantStatus {
        #[arg(long)]
        id: String,
        #[arg(long, value_parser = ["available", "unavailable"])]
        status: String,
    },
    /// The withdrawal review queue.
    #[command(subcommand)]
    Withdrawals(WithdrawalsCommand),
}

#[derive(Debug, Clone, clap::Subcommand)]
pub enum WithdrawalsCommand {
    /// Withdrawals waiting for an operator (with `--all`, every one on its way).
    List {
        #[arg(long)]
        all: bool,
    },
    /// Approves a withdrawal before processing: it goes to the bank now.
    Approve { id: String },
    /// Rejects a withdrawal before processing: its funds go back to the user's balance.
    Reject {
        id: String,
        /// The reason code the user is shown.
        #[arg(long, value_parser = ["ACCOUNT_DETAILS_INVALID", "COMPLIANCE_REVIEW", "SUSPICIOUS_ACTIVITY", "OTHER"])]
        reason: String,
    },
}

/// Money rules. Amounts are minor units (cents, fen) and apply to each currency alike.
#[derive(Debug, Clone, clap::Args)]
pub struct WalletConfig {
    /// The payer's fee in basis points of the amount (10 = 0.1 %), rounded up to a minor unit.
    #[arg(long, env = "WALLET_FEE_BPS", default_value_t = 10)]
    pub fee_bps: i64,
    #[arg(long, env = "WALLET_PER_PAYMENT_LIMIT_MINOR", default_value_t = 5_000_000)]
    pub per_payment_limit_minor: i64,
    /// The most one user may pay per currency in any 24 hours.
    #[arg(long, env = "WALLET_DAILY_LIMIT_MINOR", default_value_t = 20_000_000)]
    pub daily_limit_minor: i64,
    /// Payments above this need a 2FA code when 2FA is on.
    #[arg(long, env = "WALLET_SECOND_FACTOR_ABOVE_MINOR", default_value_t = 100_000)]
    pub second_factor_above_minor: i64,
    #[arg(long, env = "WALLET_TOP_UP_LIMIT_MINOR", default_value_t = 5_000_000)]
    pub top_up_limit_minor: i64,
    /// No amount above this is ever accepted (minor units), whatever the limits: sums of
    /// amounts then stay far from overflowing.
    #[arg(long, env = "WALLET_MAX_AMOUNT_MINOR", default_value_t = 1_000_000_000_000)]
    pub max_amount_minor: i64,
    /// How long the test card provider takes to answer a top-up that timed out.
    #[arg(long, env = "WALLET_TOP_UP_PENDING_SECS", default_value_t = 20)]
    pub top_up_pending_secs: i64,
    /// The bearer token support staff use to check call verification codes; without it the
    /// check endpoint does not exist (demo mode uses `demo-support-token`).
    #[arg(long, env = "WALLET_SUPPORT_TOKEN")]
    pub support_token: Option<String>,
}

impl Default for WalletConfig {
    fn default() -> WalletConfig {
        WalletConfig {
            fee_bps: 10,
            per_payment_limit_minor: 5_000_000,
            daily_limit_minor: 20_000_000,
            second_factor_above_minor: 100_000,
            top_up_limit_minor: 5_000_000,
            max_amount_minor: 1_000_000_000_000,
            top_up_pending_secs: 20,
            support_token: None,
        }
    }
}

/// Withdrawal rules and the payout processor's delays. Amounts are minor units and apply to
/// each currency alike; delays are seconds.
#[derive(Debug, Clone, clap::Args)]
pub struct WithdrawalConfig {
    #[arg(long, env = "WALLET_WITHDRAWAL_MINIMUM_MINOR", default_value_t = 1_000)]
    pub withdrawal_minimum_minor: i64,
    /// The fixed part of the withdrawal fee.
    #[arg(long, env = "WALLET_WITHDRAWAL_FEE_FIXED_MINOR", default_value_t = 200)]
    pub withdrawal_fee_fixed_minor: i64,
    /// The share of the amount added to the fee, in basis points (10 = 0.1 %), rounded up.
    #[arg(long, env = "WALLET_WITHDRAWAL_FEE_BPS", default_value_t = 10)]
    pub withdrawal_fee_bps: i64,
    /// Withdrawn (not rejected or cancelled) in the last 24 hours.
    #[arg(long, env = "WALLET_WITHDRAWAL_DAILY_LIMIT_MINOR", default_value_t = 5_000_000)]
    pub withdrawal_daily_limit_minor: i64,
    /// Withdrawn in the last 30 days.
    #[arg(long, env = "WALLET_WITHDRAWAL_MONTHLY_LIMIT_MINOR", default_value_t = 20_000_000)]
    pub withdrawal_monthly_limit_minor: i64,
    /// Amounts above this wait for an operator (`wallet-server admin withdrawals approve`).
    #[arg(long, env = "WALLET_WITHDRAWAL_REVIEW_ABOVE_MINOR", default_value_t = 500_000)]
    pub withdrawal_review_above_minor: i64,
    /// How long a new bank account waits before it can receive a withdrawal.
    #[arg(long, env = "WALLET_BANK_ACCOUNT_COOLING_OFF_SECS", default_value_t = 24 * 60 * 60)]
    pub bank_account_cooling_off_secs: i64,
    /// Submitted until under review.
    #[arg(long, env = "WALLET_WITHDRAWAL_SUBMITTED_SECS", default_value_t = 60)]
    pub withdrawal_submitted_secs: i64,
    /// The automatic review (amounts at or below the threshold).
    #[arg(long, env = "WALLET_WITHDRAWAL_REVIEW_SECS", default_value_t = 10 * 60)]
    pub withdrawal_review_secs: i64,
    /// What an operator's review is expected to take (shown on the timeline).
    #[arg(long, env = "WALLET_WITHDRAWAL_OPERATOR_REVIEW_SECS", default_value_t = 4 * 60 * 60)]
    pub withdrawal_operator_review_secs: i64,
    /// The bank's processing.
    #[arg(long, env = "WALLET_WITHDRAWAL_PROCESSING_SECS", default_value_t = 2 * 60 * 60)]
    pub withdrawal_processing_secs: i64,
    /// The review desk's hours, Monday to Friday, in its time zone: an operator's review is
    /// expected within its open time (opens = closes: around the clock).
    #[arg(long, env = "WALLET_WITHDRAWAL_REVIEW_OPENS_HOUR", default_value_t = 9)]
    pub withdrawal_review_opens_hour: i64,
    #[arg(long, env = "WALLET_WITHDRAWAL_REVIEW_CLOSES_HOUR", default_value_t = 18)]
    pub withdrawal_review_closes_hour: i64,
    /// The review desk's time zone, in minutes east of UTC (480: China Standard Time).
    #[arg(long, env = "WALLET_WITHDRAWAL_REVIEW_UTC_OFFSET_MINS", default_value_t = 480, allow_hyphen_values = true)]
    pub withdrawal_review_utc_offset_mins: i64,
}

impl Default for WithdrawalConfig {
    fn default() -> WithdrawalConfig {
        WithdrawalConfig {
            withdrawal_minimum_minor: 1_000,
            withdrawal_fee_fixed_minor: 200,
            withdrawal_fee_bps: 10,
            withdrawal_daily_limit_minor: 5_000_000,
            withdrawal_monthly_limit_minor: 20_000_000,
            withdrawal_review_above_minor: 500_000,
            bank_account_cooling_off_secs: 24 * 60 * 60,
            withdrawal_submitted_secs: 60,
            withdrawal_review_secs: 10 * 60,
            withdrawal_operator_review_secs: 4 * 60 * 60,
            withdrawal_processing_secs: 2 * 60 * 60,
            withdrawal_review_opens_hour: 9,
            withdrawal_review_closes_hour: 18,
            withdrawal_review_utc_offset_mins: 480,
        }
    }
}

/// The account-security rules. Every number is configuration; the defaults are the product's.
#[derive(Debug, Clone, clap::Args)]
pub struct SecurityConfig {
    /// A session ends after this many seconds without a request.
    #[arg(long, env = "WALLET_IDLE_TIMEOUT_SECS", default_value_t = 15 * 60)]
    pub idle_timeout_secs: i64,
    /// A session ends this many seconds after sign-in, whatever happens.
    #[arg(long, env = "WALLET_ABSOLUTE_TIMEOUT_SECS", default_value_t = 12 * 60 * 60)]
    pub absolute_timeout_secs: i64,
    /// Consecutive failed passwords or 2FA codes that lock an account.
    #[arg(long, env = "WALLET_LOCK_AFTER_FAILURES", default_value_t = 5)]
    pub lock_after_failures: i64,
    /// How long a lock lasts, in seconds.
    #[arg(long, env = "WALLET_LOCK_SECS", default_value_t = 30 * 60)]
    pub lock_secs: i64,
    /// Failed attempts one client address may make in `ip_window_secs` before it is slowed down.
    #[arg(long, env = "WALLET_IP_FAILURE_LIMIT", default_value_t = 50)]
    pub ip_failure_limit: i64,
    #[arg(long, env = "WALLET_IP_WINDOW_SECS", default_value_t = 15 * 60)]
    pub ip_window_secs: i64,
    /// Failed attempts one account may see in an hour (on top of the lock).
    #[arg(long, env = "WALLET_ACCOUNT_HOURLY_FAILURE_LIMIT", default_value_t = 100)]
    pub account_hourly_failure_limit: i64,
    /// Lifetime of e-mailed codes, in seconds, and how many wrong tries spend one.
    #[arg(long, env = "WALLET_EMAIL_CODE_SECS", default_value_t = 10 * 60)]
    pub email_code_secs: i64,
    #[arg(long, env = "WALLET_EMAIL_CODE_TRIES", default_value_t = 5)]
    pub email_code_tries: i64,
    /// How long a re-authentication allows sensitive changes, in seconds.
    #[arg(long, env = "WALLET_REAUTH_SECS", default_value_t = 5 * 60)]
    pub reauth_secs: i64,
    /// Seconds between the password and the 2FA code before sign-in starts over.
    #[arg(long, env = "WALLET_SECOND_FACTOR_SECS", default_value_t = 5 * 60)]
    pub second_factor_secs: i64,
    /// Mark the session cookie `Secure` and name it `__Host-wallet_session`. Browsers accept
    /// secure cookies from http://127.0.0.1 and http://localhost, so development and tests
    /// keep this on; turn it off only to reach a development server by another plain-http
    /// address.
    #[arg(long, env = "WALLET_SECURE_COOKIES", default_value_t = true, action = clap::ArgAction::Set)]
    pub secure_cookies: bool,
    /// The name authenticator apps show next to the code.
    #[arg(long, env = "WALLET_TOTP_ISSUER", default_value = "Wallet")]
    pub totp_issuer: String,
    /// Requests per minute one client address may make to the endpoints that check a
    /// password or code or send one (sign-in, sign-up, resets, unlock), before any is checked.
    #[arg(long, env = "WALLET_AUTH_REQUESTS_PER_MINUTE", default_value_t = 30)]
    pub auth_requests_per_minute: u32,
    /// The reverse proxy whose `X-Forwarded-For` is believed (its last address is the
    /// client). From anyone else the header is ignored: it would let a client pick the address
    /// it is throttled by.
    #[arg(long, env = "WALLET_TRUSTED_PROXY")]
    pub trusted_proxy: Vec<std::net::IpAddr>,
    /// The key (64 hex digits) that encrypts TOTP secrets and keys recovery-code hashes at
    /// rest. Without it, one is made on first start and kept in `<database>.key` beside the
    /// database (back both up; losing the key turns every account's 2FA off in effect).
    #[arg(long, env = "WALLET_SECRETS_KEY", hide_env_values = true)]
    pub secrets_key: Option<crate::accounts::secrets::SecretKey>,
    /// Seconds a request may take before it is answered `SERVICE_BUSY`.
    #[arg(long, env = "WALLET_REQUEST_TIMEOUT_SECS", default_value_t = 30)]
    pub request_timeout_secs: u64,
}

/// Where e-mail goes. Without an SMTP URL, mail stays in the outbox (readable in demo mode).
#[derive(Debug, Clone, clap::Args)]
pub struct MailConfig {
    /// e.g. `smtps://user:password@smtp.example.com` or `smtp://localhost:2525`.
    #[arg(long, env = "WALLET_SMTP_URL")]
    pub smtp_url: Option<String>,
    #[arg(long, env = "WALLET_MAIL_FROM", default_value = "Wallet <no-reply@wallet.example>")]
    pub mail_from: String,
}

impl Default for SecurityConfig {
    fn default() -> SecurityConfig {
        SecurityConfig {
            idle_timeout_secs: 15 * 60,
            absolute_timeout_secs: 12 * 60 * 60,
            lock_after_failures: 5,
            lock_secs: 30 * 60,
            ip_failure_limit: 50,
            ip_window_secs: 15 * 60,
            account_hourly_failure_limit: 100,
            email_code_secs: 10 * 60,
            email_code_tries: 5,
            reauth_secs: 5 * 60,
            second_factor_secs: 5 * 60,
            secure_cookies: true,
            totp_issuer: "Wallet".to_string(),
            auth_requests_per_minute: 30,
            trusted_proxy: Vec::new(),
            secrets_key: None,
            request_timeout_secs: 30,
        }
    }
}

impl Config {
    /// A configuration for tests: port 0 on loopback, the given database and dist folder.
    pub fn for_tests(database: PathBuf, dist: PathBuf) -> Config {
        Config {
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            database,
            dist,
            brand: None,
            demo: false,
            demo_public: false,
            // Tests sign in far more often than a person would; the rate has its own test.
            security: SecurityConfig { auth_requests_per_minute: 100_000, ..SecurityConfig::default() },
            mail: MailConfig { smtp_url: None, mail_from: "Wallet <no-reply@wallet.example>".into() },
            wallet: WalletConfig::default(),
            withdrawals: WithdrawalConfig::default(),
            command: None,
        }
    }
}

impl SecurityConfig {
    /// The at-rest key; `Application::build` always sets one.
    pub fn key(&self) -> &crate::accounts::secrets::SecretKey {
        self.secrets_key.as_ref().expect("the secrets key is set at start-up")
    }
}
