-- Money: a double-entry ledger, the transfers it records, merchants, idempotency keys,
-- restrictions and call verification codes. Amounts are integer minor units.

ALTER TABLE users ADD COLUMN wallet_id TEXT;
UPDATE users SET wallet_id = 'W' || substr('0000000' || (10000000 + abs(random()) % 90000000), -8)
    WHERE wallet_id IS NULL;
CREATE UNIQUE INDEX users_by_wallet_id ON users(wallet_id);

CREATE TABLE merchants (
    id            TEXT PRIMARY KEY,              -- M + 5 digits
    name          TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('available', 'unavailable')),
    contact_phone TEXT NOT NULL,
    contact_email TEXT NOT NULL
);

-- One account per owner and currency. Users, merchants and the platform's fees may never go
-- below zero (the CHECK is the last line; the ledger's conditional update comes first); the
-- external card provider's account mirrors money that came in from outside and goes negative.
CREATE TABLE ledger_accounts (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_kind      TEXT NOT NULL CHECK (owner_kind IN ('user', 'merchant', 'fees', 'provider')),
    owner_id        TEXT NOT NULL,
    currency        TEXT NOT NULL,
    balance         INTEGER NOT NULL DEFAULT 0,
    may_go_negative INTEGER NOT NULL DEFAULT 0,
    UNIQUE (owner_kind, owner_id, currency),
    CHECK (may_go_negative = 1 OR balance >= 0)
);

-- A money movement as people see it: a top-up or a payment, with its state. Only completed
-- transfers have ledger entries.
CREATE TABLE transfers (
    seq               INTEGER PRIMARY KEY AUTOINCREMENT,  -- order and pagination cursor
    id                TEXT NOT NULL UNIQUE,               -- T + 12 characters
    kind              TEXT NOT NULL CHECK (kind IN ('top_up', 'payment')),
    status            TEXT NOT NULL CHECK (status IN ('pending', 'completed', 'failed')),
    payer_user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,  -- the topping-up user for top-ups
    payee_user_id     TEXT REFERENCES users(id) ON DELETE SET NULL,
    payee_merchant_id TEXT REFERENCES merchants(id),
    card_last4        TEXT,
    currency          TEXT NOT NULL,
    amount            INTEGER NOT NULL CHECK (amount > 0),
    fee               INTEGER NOT NULL DEFAULT 0 CHECK (fee >= 0),
    note              TEXT,
    failure           TEXT,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    settles_at        INTEGER                              -- pending top-ups: when the provider answers
);
CREATE INDEX transfers_by_payer ON transfers(payer_user_id, seq);
CREATE INDEX transfers_by_payee ON transfers(payee_user_id, seq);
CREATE INDEX transfers_pending ON transfers(status, settles_at);

-- Each completed transfer's entries sum to zero; an account's balance is the sum of its entries.
CREATE TABLE ledger_entries (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    transfer_id TEXT NOT NULL REFERENCES transfers(id),
    account_id  INTEGER NOT NULL REFERENCES ledger_accounts(id),
    amount      INTEGER NOT NULL CHECK (amount <> 0),    -- positive: into the account
    created_at  INTEGER NOT NULL
);
CREATE INDEX entries_by_account ON ledger_entries(account_id, created_at);
CREATE INDEX entries_by_transfer ON ledger_entries(transfer_id);

-- The first answer to each Idempotency-Key, replayed for a retry with the same request.
CREATE TABLE idempotency_keys (
    user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    key          TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status       INTEGER NOT NULL,
    body         TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (user_id, key)
);

CREATE TABLE restrictions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    scope       TEXT NOT NULL CHECK (scope IN ('payments', 'withdrawals', 'all')),
    reason_code TEXT NOT NULL,
    reason      TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    lifted_at   INTEGER
);
CREATE INDEX restrictions_by_user ON restrictions(user_id, lifted_at);

-- One-time codes a caller reads to a hotline agent (stored hashed).
CREATE TABLE call_codes (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    code_hash  TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    checked_at INTEGER
);
CREATE INDEX call_codes_by_hash ON call_codes(code_hash);
