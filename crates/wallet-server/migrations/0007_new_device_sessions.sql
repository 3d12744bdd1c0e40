-- A session started from a browser and address the account had not signed in from before
-- (the same rule as the "new sign-in" message). The check-up asks the user to look at these
-- sessions, not at every second session of their own.
ALTER TABLE sessions ADD COLUMN new_device INTEGER NOT NULL DEFAULT 0;
