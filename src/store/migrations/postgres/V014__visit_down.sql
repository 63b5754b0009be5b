-- A leader's visit down (下访) is recorded like a reception day, with its leaders, place and
-- the petitions registered there (channel outreach_visit); only reception days count for
-- the quotas.
ALTER TABLE reception_days ADD COLUMN kind TEXT NOT NULL DEFAULT 'reception';
