-- Field office sessions (现场办公) and the issues raised at them (domain/field_session.h).
-- The person or group raising an issue is personal data: stored sealed (field_crypto.h).
CREATE TABLE field_sessions (
  id            INTEGER PRIMARY KEY,
  county_code   TEXT NOT NULL,            -- distribution key
  division_code TEXT NOT NULL REFERENCES divisions(code),
  venue         TEXT NOT NULL,
  held_on       INTEGER NOT NULL,            -- start of the day, China time (ms)
  topic         TEXT NOT NULL,
  created_by    INTEGER REFERENCES users(id),
  created_at    INTEGER NOT NULL
);
CREATE INDEX field_sessions_by_place ON field_sessions(division_code, held_on);
CREATE TABLE field_session_leaders (
  session_id INTEGER NOT NULL REFERENCES field_sessions(id),
  user_id    INTEGER NOT NULL REFERENCES users(id),
  PRIMARY KEY (session_id, user_id)
) WITHOUT ROWID;
CREATE TABLE field_session_units (
  session_id INTEGER NOT NULL REFERENCES field_sessions(id),
  unit_id    INTEGER NOT NULL REFERENCES units(id),
  PRIMARY KEY (session_id, unit_id)
) WITHOUT ROWID;
-- The one-stop service catalogue issues can be tagged with (configurable: rows, not code).
CREATE TABLE service_items (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO service_items(code, name) VALUES
  ('subsistence_allowance', '低保'), ('rural_pension', '农村养老保险'),
  ('medical_remote_claim', '医保异地报销'), ('straw_burning', '秸秆禁烧'),
  ('household_registration', '户籍办理'), ('land_contract', '土地承包'),
  ('housing_safety', '农房安全'), ('employment', '就业帮扶');
CREATE TABLE field_issues (
  id               INTEGER PRIMARY KEY,
  session_id       INTEGER NOT NULL REFERENCES field_sessions(id),
  content          TEXT NOT NULL,
  raised_by_sealed TEXT NOT NULL,         -- '' when not recorded
  people           INTEGER NOT NULL,
  service_items    TEXT NOT NULL,         -- space-separated codes
  raised_at        INTEGER NOT NULL,
  end_state        TEXT NOT NULL,         -- domain::IssueEndName
  ended_at         INTEGER NOT NULL,
  action           TEXT NOT NULL,
  solved_by        INTEGER REFERENCES users(id),
  evidence         TEXT NOT NULL,
  unit_id          INTEGER REFERENCES units(id),
  person_user_id   INTEGER REFERENCES users(id),
  deadline_at      INTEGER,
  closed_at        INTEGER,
  petition_id      INTEGER REFERENCES petitions(id),
  reason           TEXT NOT NULL
);
CREATE INDEX field_issues_by_session ON field_issues(session_id, id);
CREATE INDEX field_issues_open_assignments ON field_issues(unit_id, deadline_at)
  WHERE end_state = 'assigned' AND closed_at IS NULL;
