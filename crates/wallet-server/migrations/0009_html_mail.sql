-- Every mail has an HTML part beside its plain text (the same words, anti-phishing phrase
-- included); cleared with the text when a code in it expires.
ALTER TABLE outbox ADD COLUMN body_html TEXT;
