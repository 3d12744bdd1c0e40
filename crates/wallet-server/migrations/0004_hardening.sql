-- Hardening: sign-ups pending verification kept apart from accounts, e-mailed codes bound to
-- what they prove, a general throttle, and the payee's notification written with its payment.

-- A sign-up waiting for its e-mailed code. Each attempt is its own row: a second sign-up for
-- the same address never changes another attempt's password, phone or name, and only the
-- attempt's own code makes it into an account.
CREATE TABLE pending_sign_ups (
    id              TEXT PRIMARY KEY,          -- SHA-256 of the attempt token the browser keeps
    email           TEXT NOT NULL,
    phone           TEXT NOT NULL,
    display_name    TEXT NOT NULL,
    lang            TEXT NOT NULL,
    password_hash   TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL
);
CREATE INDEX pending_sign_ups_by_email ON pending_sign_ups(email, created_at);

-- E-mailed 6-digit codes, bound to their subject: the address (password reset, unlock) or a
-- pending sign-up. Codes exist for addresses without an account too (never mailed), so the
-- answers about them are the same as for real accounts.
DROP TABLE email_codes;
CREATE TABLE one_time_codes (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    subject       TEXT NOT NULL,
    email         TEXT NOT NULL,               -- where it was (or would have been) mailed
    purpose       TEXT NOT NULL,
    code_hash     TEXT NOT NULL,
    expires_at    INTEGER NOT NULL,
    tries_left    INTEGER NOT NULL,
    used_at       INTEGER,
    created_at    INTEGER NOT NULL
);
CREATE INDEX one_time_codes_by_subject ON one_time_codes(subject, purpose);
CREATE INDEX one_time_codes_by_email ON one_time_codes(email, purpose, created_at);

-- Throttling by key ("recipient-lookup:<user>", ...): one row per counted request.
CREATE TABLE throttle_hits (
    key           TEXT NOT NULL,
    at            INTEGER NOT NULL
);
CREATE INDEX throttle_hits_by_key ON throttle_hits(key, at);

-- Unverified accounts from before pending sign-ups: their codes are gone with email_codes;
-- signing up again makes a pending attempt, and its verification replaces the old row.

-- Mails that carry a one-time code lose their text once the code has expired.
ALTER TABLE outbox ADD COLUMN code_expires_at INTEGER;

-- Payments confirmed with a 2FA code: the step-up threshold counts what was paid without one.
ALTER TABLE transfers ADD COLUMN second_factor INTEGER NOT NULL DEFAULT 0;
