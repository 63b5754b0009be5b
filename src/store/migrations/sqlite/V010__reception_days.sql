-- Leaders' reception days (领导接访日) and the posts that decide their quotas (reception.h).
CREATE TABLE leader_posts (
  user_id     INTEGER PRIMARY KEY REFERENCES users(id),
  post        TEXT NOT NULL,              -- domain::LeaderPostName
  assigned_at INTEGER NOT NULL
);
CREATE TABLE reception_days (
  id            INTEGER PRIMARY KEY,
  county_code   TEXT NOT NULL,            -- distribution key
  division_code TEXT NOT NULL REFERENCES divisions(code),
  venue         TEXT NOT NULL,
  held_on       INTEGER NOT NULL,            -- start of the day, China time (ms)
  joint         INTEGER NOT NULL,         -- 1: 联合接访 with several departments
  notes         TEXT NOT NULL,
  created_by    INTEGER REFERENCES users(id),
  created_at    INTEGER NOT NULL
);
CREATE INDEX reception_days_by_place ON reception_days(division_code, held_on);
CREATE TABLE reception_day_leaders (
  reception_day_id INTEGER NOT NULL REFERENCES reception_days(id),
  user_id          INTEGER NOT NULL REFERENCES users(id),
  PRIMARY KEY (reception_day_id, user_id)
) WITHOUT ROWID;
CREATE INDEX reception_day_leaders_by_user ON reception_day_leaders(user_id, reception_day_id);
CREATE TABLE reception_day_units (
  reception_day_id INTEGER NOT NULL REFERENCES reception_days(id),
  unit_id          INTEGER NOT NULL REFERENCES units(id),
  PRIMARY KEY (reception_day_id, unit_id)
) WITHOUT ROWID;
-- A petition registered at a reception day links to it (channel reception_day).
ALTER TABLE petitions ADD COLUMN reception_day_id INTEGER REFERENCES reception_days(id);
CREATE INDEX petitions_by_reception_day ON petitions(reception_day_id) WHERE reception_day_id IS NOT NULL;
