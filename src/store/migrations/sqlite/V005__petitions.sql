-- Petitions (信访事项) under 《信访工作条例》. The current state of a petition is derived from
-- its events (petition_events) and stored beside them in the same transaction. Personal
-- data of petitioners is sealed (SM4 + HMAC-SM3, src/security/field_crypto.h) and found
-- through keyed blind indexes; nothing here holds it in clear.

-- Versioned category trees (一级/二级/三级). A petition records the version it was
-- classified under; loading a new tree never re-labels old petitions.
CREATE TABLE category_versions (
  version   INTEGER PRIMARY KEY,
  label     TEXT NOT NULL,
  loaded_at INTEGER NOT NULL,
  leaves    INTEGER NOT NULL
);
CREATE TABLE categories (
  version     INTEGER NOT NULL REFERENCES category_versions(version),
  code        TEXT NOT NULL,              -- "01", "01.02", "01.02.03"
  name        TEXT NOT NULL,
  level       INTEGER NOT NULL,           -- 1..3
  parent_code TEXT,
  PRIMARY KEY (version, code)
) WITHOUT ROWID;

-- Named counters: receipt numbers per county and year, document numbers (文号) per unit,
-- kind and year. Incremented inside the writing transaction, so numbers never repeat.
CREATE TABLE sequences (
  name  TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE petitioners (
  id               INTEGER PRIMARY KEY,
  county_code      TEXT NOT NULL,
  division_code    TEXT REFERENCES divisions(code),  -- where the person lives
  name_sealed      TEXT NOT NULL,
  id_number_sealed TEXT,
  phone_sealed     TEXT,
  address_sealed   TEXT,
  id_index         TEXT,                  -- blind index of the normalised ID number
  phone_index      TEXT,                  -- blind index of the normalised phone
  created_at       INTEGER NOT NULL
);
CREATE INDEX petitioners_by_id_index ON petitioners(id_index) WHERE id_index IS NOT NULL;
CREATE INDEX petitioners_by_phone_index ON petitioners(phone_index) WHERE phone_index IS NOT NULL;

CREATE TABLE petitions (
  id               INTEGER PRIMARY KEY,
  county_code      TEXT NOT NULL,         -- distribution key (docs/architecture.md)
  receipt_no       TEXT NOT NULL UNIQUE,
  channel          TEXT NOT NULL,
  class            TEXT NOT NULL,
  title            TEXT NOT NULL,
  content          TEXT NOT NULL,
  requests         TEXT NOT NULL,
  category_version INTEGER,
  category_code    TEXT,
  division_code    TEXT NOT NULL REFERENCES divisions(code),  -- the place it concerns
  anonymous        INTEGER NOT NULL,
  group_size       INTEGER NOT NULL,      -- people who came (group visits); 1 otherwise
  registered_by    INTEGER REFERENCES users(id),
  registering_unit INTEGER REFERENCES units(id),
  state            TEXT NOT NULL,
  lead_unit_id     INTEGER REFERENCES units(id),
  owning_leader_id INTEGER REFERENCES users(id),
  merged_into      INTEGER REFERENCES petitions(id),
  received_at      INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  event_count      INTEGER NOT NULL,      -- events so far; guards concurrent transitions
  next_due_at      INTEGER,               -- earliest open statutory clock (filters, sorting)
  query_code_hash  TEXT                   -- SM3 of the citizen's query code
);
CREATE INDEX petitions_by_division ON petitions(division_code, received_at);
CREATE INDEX petitions_by_county ON petitions(county_code, received_at);
CREATE INDEX petitions_by_state ON petitions(state, received_at);
CREATE INDEX petitions_by_lead_unit ON petitions(lead_unit_id, received_at);
CREATE INDEX petitions_by_due ON petitions(next_due_at) WHERE next_due_at IS NOT NULL;

CREATE TABLE petition_people (
  petition_id   INTEGER NOT NULL REFERENCES petitions(id),
  petitioner_id INTEGER NOT NULL REFERENCES petitioners(id),
  ord           INTEGER NOT NULL,
  PRIMARY KEY (petition_id, petitioner_id)
) WITHOUT ROWID;
CREATE INDEX petition_people_by_petitioner ON petition_people(petitioner_id, petition_id);

-- Units currently handling a petition (one lead, any assisting).
CREATE TABLE petition_units (
  petition_id INTEGER NOT NULL REFERENCES petitions(id),
  unit_id     INTEGER NOT NULL REFERENCES units(id),
  role        TEXT NOT NULL,              -- 'lead' | 'assist'
  PRIMARY KEY (petition_id, unit_id)
) WITHOUT ROWID;
CREATE INDEX petition_units_by_unit ON petition_units(unit_id, petition_id);

-- Relation facts the access policy consults: units and staff accused (检举控告; they
-- never see the petition, Art. 30/46) and staff recused for an interest (Art. 28).
CREATE TABLE petition_parties (
  petition_id INTEGER NOT NULL REFERENCES petitions(id),
  relation    TEXT NOT NULL,              -- 'accused' | 'recused'
  unit_id     INTEGER REFERENCES units(id),
  user_id     INTEGER REFERENCES users(id),
  name_sealed TEXT,                       -- an accused person outside the system
  CHECK (unit_id IS NOT NULL OR user_id IS NOT NULL OR name_sealed IS NOT NULL)
);
CREATE INDEX petition_parties_by_petition ON petition_parties(petition_id);
CREATE INDEX petition_parties_by_unit ON petition_parties(unit_id) WHERE unit_id IS NOT NULL;
CREATE INDEX petition_parties_by_user ON petition_parties(user_id) WHERE user_id IS NOT NULL;

CREATE TABLE petition_events (
  petition_id INTEGER NOT NULL REFERENCES petitions(id),
  seq         INTEGER NOT NULL,           -- 1, 2, … per petition
  type        TEXT NOT NULL,
  at          INTEGER NOT NULL,
  actor_id    INTEGER REFERENCES users(id),  -- NULL: a citizen or the CLI
  payload     TEXT NOT NULL,              -- JSON, without personal data in clear
  PRIMARY KEY (petition_id, seq)
) WITHOUT ROWID;
CREATE TRIGGER petition_events_no_update BEFORE UPDATE ON petition_events
BEGIN SELECT RAISE(ABORT, 'petition_events is append-only'); END;
CREATE TRIGGER petition_events_no_delete BEFORE DELETE ON petition_events
BEGIN SELECT RAISE(ABORT, 'petition_events is append-only'); END;

-- Compliance events: a statutory clock that ran out, recorded once per clock and due date.
CREATE TABLE petition_overdue (
  petition_id INTEGER NOT NULL REFERENCES petitions(id),
  clock       TEXT NOT NULL,
  due_at      INTEGER NOT NULL,
  recorded_at INTEGER NOT NULL,
  PRIMARY KEY (petition_id, clock, due_at)
) WITHOUT ROWID;

-- Attachments are files in the data folder named by their SM3 hash; rows link them.
CREATE TABLE petition_attachments (
  id           INTEGER PRIMARY KEY,
  petition_id  INTEGER NOT NULL REFERENCES petitions(id),
  content_hash TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size         INTEGER NOT NULL,
  file_name    TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  created_by   INTEGER REFERENCES users(id)
);
CREATE INDEX petition_attachments_by_petition ON petition_attachments(petition_id);

-- Issued documents (告知书, 处理意见书 …) with their number (文号) and rendered text.
CREATE TABLE petition_documents (
  id          INTEGER PRIMARY KEY,
  petition_id INTEGER NOT NULL REFERENCES petitions(id),
  kind        TEXT NOT NULL,
  number      TEXT NOT NULL UNIQUE,
  unit_id     INTEGER REFERENCES units(id),
  issued_at   INTEGER NOT NULL,
  issued_by   INTEGER REFERENCES users(id),
  body        TEXT NOT NULL
);
CREATE INDEX petition_documents_by_petition ON petition_documents(petition_id);
