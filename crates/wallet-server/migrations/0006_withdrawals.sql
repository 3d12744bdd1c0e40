-- Withdrawals: bank accounts, withdrawals with their stages, and the ledger accounts that
-- hold a withdrawal's funds and receive its payout.
--
-- Two tables gain values their CHECK constraints refused (a transfer of kind 'withdrawal';
-- ledger accounts of kind 'held' and 'payouts'), which SQLite can only do by building the
-- table again. sqlx runs a migration inside a transaction, where foreign keys cannot be
-- turned off, so they are deferred to the commit instead: dropping the old table leaves the
-- ledger entries pointing at nothing for a moment, and copying the rows into the new table
-- of the same name points them at it again before the commit checks.
PRAGMA defer_foreign_keys = ON;

CREATE TABLE transfers_copy AS SELECT * FROM transfers;
DROP TABLE transfers;
CREATE TABLE transfers (
    seq               INTEGER PRIMARY KEY AUTOINCREMENT,
    id                TEXT NOT NULL UNIQUE,
    kind              TEXT NOT NULL CHECK (kind IN ('top_up', 'payment', 'withdrawal')),
    status            TEXT NOT NULL CHECK (status IN ('pending', 'completed', 'failed')),
    payer_user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
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
    settles_at        INTEGER,
    second_factor     INTEGER NOT NULL DEFAULT 0
);
INSERT INTO transfers (seq, id, kind, status, payer_user_id, payee_user_id, payee_merchant_id, card_last4,
        currency, amount, fee, note, failure, created_at, updated_at, settles_at, second_factor)
    SELECT seq, id, kind, status, payer_user_id, payee_user_id, payee_merchant_id, card_last4,
        currency, amount, fee, note, failure, created_at, updated_at, settles_at, second_factor
    FROM transfers_copy;
DROP TABLE transfers_copy;
CREATE INDEX transfers_by_payer ON transfers(payer_user_id, seq);
CREATE INDEX transfers_by_payee ON transfers(payee_user_id, seq);
CREATE INDEX transfers_pending ON transfers(status, settles_at);

-- 'held': a user's funds set aside for their withdrawals on their way (one per user and
-- currency); 'payouts': the outside world of banks, where completed withdrawals go.
CREATE TABLE ledger_accounts_copy AS SELECT * FROM ledger_accounts;
DROP TABLE ledger_accounts;
CREATE TABLE ledger_accounts (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_kind      TEXT NOT NULL CHECK (owner_kind IN ('user', 'merchant', 'fees', 'provider', 'held', 'payouts')),
    owner_id        TEXT NOT NULL,
    currency        TEXT NOT NULL,
    balance         INTEGER NOT NULL DEFAULT 0,
    may_go_negative INTEGER NOT NULL DEFAULT 0,
    UNIQUE (owner_kind, owner_id, currency),
    CHECK (may_go_negative = 1 OR balance >= 0)
);
INSERT INTO ledger_accounts (id, owner_kind, owner_id, currency, balance, may_go_negative)
    SELECT id, owner_kind, owner_id, currency, balance, may_go_negative FROM ledger_accounts_copy;
DROP TABLE ledger_accounts_copy;

-- A bank account a user withdraws to. Removed accounts are kept (marked) for the
-- withdrawals that went to them.
CREATE TABLE bank_accounts (
    id             TEXT PRIMARY KEY,
    user_id        TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    currency       TEXT NOT NULL,
    holder_name    TEXT NOT NULL,
    account_number TEXT NOT NULL,
    routing_number TEXT,
    is_default     INTEGER NOT NULL DEFAULT 0,
    created_at     INTEGER NOT NULL,
    usable_from    INTEGER NOT NULL,
    removed_at     INTEGER
);
CREATE INDEX bank_accounts_by_user ON bank_accounts(user_id, removed_at);

-- A withdrawal's stages. Its money is its transfer's (same ID): the hold, then the payout or
-- the return, all entries of that one transfer. `due_at` is when the payout processor moves
-- it on (NULL: final, or waiting for an operator), so the processor resumes after a restart.
CREATE TABLE withdrawals (
    id              TEXT PRIMARY KEY REFERENCES transfers(id),
    user_id         TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    bank_account_id TEXT NOT NULL REFERENCES bank_accounts(id),
    state           TEXT NOT NULL CHECK (state IN ('submitted', 'under_review', 'processing', 'completed', 'rejected', 'cancelled')),
    reason          TEXT,
    needs_review    INTEGER NOT NULL DEFAULT 0,
    due_at          INTEGER,
    -- the stage's expected length when it began (the late demo account takes longer)
    stage_secs      INTEGER NOT NULL DEFAULT 0,
    submitted_at    INTEGER NOT NULL,
    under_review_at INTEGER,
    processing_at   INTEGER,
    completed_at    INTEGER,
    rejected_at     INTEGER,
    cancelled_at    INTEGER,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX withdrawals_by_user ON withdrawals(user_id, submitted_at);
CREATE INDEX withdrawals_due ON withdrawals(due_at) WHERE due_at IS NOT NULL;
