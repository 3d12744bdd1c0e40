-- The account's time zone (IANA name, from the browser): mails give times in it.
ALTER TABLE users ADD COLUMN time_zone TEXT;
