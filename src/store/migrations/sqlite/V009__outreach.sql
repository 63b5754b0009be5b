-- Policy outreach events (宣传活动). Totals and village coverage for a place and period read
-- only the covering index outreach_by_place.
CREATE TABLE outreach_events (
  id                INTEGER PRIMARY KEY,
  county_code       TEXT NOT NULL,          -- distribution key
  division_code     TEXT NOT NULL REFERENCES divisions(code),
  form              TEXT NOT NULL,          -- domain::OutreachFormName
  topic             TEXT NOT NULL,
  held_on           INTEGER NOT NULL,       -- start of the day, China time (ms)
  reached           INTEGER NOT NULL,       -- people reached
  reached_estimated INTEGER NOT NULL,       -- 1: estimated, 0: counted
  organiser_unit_id INTEGER REFERENCES units(id),
  organiser_user_id INTEGER REFERENCES users(id),
  notes             TEXT NOT NULL,
  created_by        INTEGER REFERENCES users(id),
  created_at        INTEGER NOT NULL
);
CREATE INDEX outreach_by_place ON outreach_events(division_code, held_on, form, topic,
                                                  reached_estimated, reached);
