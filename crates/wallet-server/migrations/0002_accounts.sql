-- Accounts, sessions, two-factor authentication, locks, messages and the e-mail outbox.
-- Times are Unix seconds. Secrets (session tokens, codes, recovery codes) are stored hashed.

CREATE TABLE users (
    id                  TEXT PRIMARY KEY,
    email               TEXT NOT NULL UNIQUE,  -- normalised: trimmed, lower case
    phone               TEXT NOT NULL,         -- digits only, with a leading + kept
    display_name        TEXT NOT NULL,
    lang                TEXT NOT NULL,
    password_hash       TEXT NOT NULL,         -- argon2id PHC string
    password_changed_at INTEGER NOT NULL,
    email_verified_at   INTEGER,
    totp_secret         TEXT,                  -- base32; 2FA is on when set
    totp_pending_secret TEXT,                  -- enrolment not yet confirmed
    totp_last_step      INTEGER,               -- replay protection: last accepted time step
    anti_phishing_phrase TEXT,
    suggest_two_factor  INTEGER NOT NULL DEFAULT 0,
    created_at          INTEGER NOT NULL
);

-- Failed sign-ins are counted per e-mail address, whether or not an account has it, so
-- the answers never tell a stranger which addresses have accounts.
CREATE TABLE sign_in_guards (
    email         TEXT PRIMARY KEY,
    failures      INTEGER NOT NULL DEFAULT 0,
    locked_until  INTEGER,
    lock_reason   TEXT
);

CREATE TABLE sessions (
    id            TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash    TEXT NOT NULL UNIQUE,
    csrf_token    TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    last_used_at  INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL,            -- the absolute limit
    reauth_until  INTEGER,
    ip            TEXT NOT NULL,
    user_agent    TEXT NOT NULL,
    ended_at      INTEGER
);
CREATE INDEX sessions_by_user ON sessions(user_id, ended_at);

CREATE TABLE second_factor_challenges (
    token_hash    TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    expires_at    INTEGER NOT NULL
);

CREATE TABLE recovery_codes (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id       TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    code_hash     TEXT NOT NULL,
    used_at       INTEGER
);
CREATE INDEX recovery_codes_by_user ON recovery_codes(user_id);

-- E-mailed 6-digit codes: e-mail verification, password reset, self-service unlock.
CREATE TABLE email_codes (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id       TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    purpose       TEXT NOT NULL,
    code_hash     TEXT NOT NULL,
    expires_at    INTEGER NOT NULL,
    tries_left    INTEGER NOT NULL,
    used_at       INTEGER,
    created_at    INTEGER NOT NULL
);
CREATE INDEX email_codes_by_user ON email_codes(user_id, purpose);

CREATE TABLE unlock_tickets (
    token_hash    TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    expires_at    INTEGER NOT NULL,
    used_at       INTEGER
);

CREATE TABLE sign_in_events (
    id            TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    at            INTEGER NOT NULL,
    result        TEXT NOT NULL,
    ip            TEXT NOT NULL,
    user_agent    TEXT NOT NULL,
    reported      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sign_in_events_by_user ON sign_in_events(user_id, at);

-- Throttling: failed attempts per client address.
CREATE TABLE ip_failures (
    ip            TEXT NOT NULL,
    at            INTEGER NOT NULL
);
CREATE INDEX ip_failures_by_ip ON ip_failures(ip, at);

CREATE TABLE messages (
    id            TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind          TEXT NOT NULL,
    at            INTEGER NOT NULL,
    read_at       INTEGER,
    facts         TEXT NOT NULL                -- JSON
);
CREATE INDEX messages_by_user ON messages(user_id, at);

-- Every e-mail the platform sends; a sender delivers them by SMTP when one is configured.
CREATE TABLE outbox (
    id            TEXT PRIMARY KEY,
    to_addr       TEXT NOT NULL,
    subject       TEXT NOT NULL,
    body          TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    sent_at       INTEGER,
    attempts      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX outbox_by_recipient ON outbox(to_addr, created_at);
