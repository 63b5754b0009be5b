-- sixia schema v1 (SQLite). Times are Unix milliseconds (UTC). Flags are 0/1.

CREATE TABLE divisions (
  code        TEXT PRIMARY KEY,           -- 12-digit 统计用区划代码
  name        TEXT NOT NULL,
  level       INTEGER NOT NULL,           -- 0 nation, 1 province … 5 village
  parent_code TEXT
) WITHOUT ROWID;
CREATE INDEX divisions_by_parent ON divisions(parent_code, code);
INSERT INTO divisions(code, name, level, parent_code) VALUES ('000000000000', '中华人民共和国', 0, NULL);

CREATE TABLE units (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL,
  kind          TEXT NOT NULL,
  division_code TEXT NOT NULL REFERENCES divisions(code),
  county_code   TEXT NOT NULL,            -- distribution key; '' above county level
  parent_id     INTEGER REFERENCES units(id),
  disabled      INTEGER NOT NULL DEFAULT 0,
  created_at    INTEGER NOT NULL,
  UNIQUE (division_code, name)
);
CREATE INDEX units_by_division ON units(division_code, id);

CREATE TABLE users (
  id                   INTEGER PRIMARY KEY,
  username             TEXT NOT NULL UNIQUE,
  display_name         TEXT NOT NULL,
  unit_id              INTEGER REFERENCES units(id),
  password_hash        TEXT NOT NULL,
  disabled             INTEGER NOT NULL DEFAULT 0,
  failed_logins        INTEGER NOT NULL DEFAULT 0,
  failure_window_start INTEGER NOT NULL DEFAULT 0,
  locked_until         INTEGER NOT NULL DEFAULT 0,
  created_at           INTEGER NOT NULL,
  password_changed_at  INTEGER NOT NULL
);
CREATE INDEX users_by_unit ON users(unit_id, id);

CREATE TABLE roles (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  title_zh    TEXT NOT NULL,
  permissions TEXT NOT NULL,              -- space-separated permission names
  builtin     INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE user_roles (
  user_id INTEGER NOT NULL REFERENCES users(id),
  role_id INTEGER NOT NULL REFERENCES roles(id),
  PRIMARY KEY (user_id, role_id)
) WITHOUT ROWID;
CREATE INDEX user_roles_by_role ON user_roles(role_id);

CREATE TABLE user_scopes (
  user_id       INTEGER NOT NULL REFERENCES users(id),
  division_code TEXT NOT NULL REFERENCES divisions(code),
  PRIMARY KEY (user_id, division_code)
) WITHOUT ROWID;

CREATE TABLE sessions (
  token_hash   TEXT PRIMARY KEY,          -- SM3 of the cookie value; the value is never stored
  user_id      INTEGER NOT NULL REFERENCES users(id),
  csrf_hash    TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_by_user ON sessions(user_id);

CREATE TABLE api_tokens (
  id         INTEGER PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users(id),
  name       TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,        -- SM3 of the bearer token
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked_at INTEGER
);
CREATE INDEX api_tokens_by_user ON api_tokens(user_id);

CREATE TABLE audit_log (
  seq       INTEGER PRIMARY KEY,
  at        INTEGER NOT NULL,
  actor_id  INTEGER NOT NULL,
  actor     TEXT NOT NULL,
  action    TEXT NOT NULL,
  object    TEXT NOT NULL,
  outcome   TEXT NOT NULL,
  source    TEXT NOT NULL,
  detail    TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
);
CREATE INDEX audit_log_by_action ON audit_log(action, seq);

CREATE TABLE audit_head (
  id   INTEGER PRIMARY KEY CHECK (id = 1),
  seq  INTEGER NOT NULL,
  hash TEXT NOT NULL
);
INSERT INTO audit_head(id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- Append-only: the application never updates or deletes audit records. These triggers
-- stop accidents; deliberate tampering is caught by `sixia audit verify`.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
