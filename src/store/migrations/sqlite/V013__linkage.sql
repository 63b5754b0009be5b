-- Leaders linked to units and villages (挂钩联系) with their visits, and Party members
-- registered at their residential community (双报到) with their services (domain/linkage.h).
-- A member's name is personal data: stored sealed (field_crypto.h).
CREATE TABLE linkages (
  id             INTEGER PRIMARY KEY,
  county_code    TEXT NOT NULL,              -- distribution key
  leader_user_id INTEGER NOT NULL REFERENCES users(id),
  unit_id        INTEGER REFERENCES units(id),
  village_code   TEXT REFERENCES divisions(code),
  division_code  TEXT NOT NULL REFERENCES divisions(code),  -- the village, or the unit's division
  from_day       INTEGER NOT NULL,           -- start of the first day, China time (ms)
  to_day         INTEGER,                    -- start of the last day (counted); NULL: open
  notes          TEXT NOT NULL,
  created_by     INTEGER REFERENCES users(id),
  created_at     INTEGER NOT NULL,
  CHECK ((unit_id IS NULL) <> (village_code IS NULL)),
  CHECK (to_day IS NULL OR to_day >= from_day)
);
CREATE INDEX linkages_by_place ON linkages(division_code, from_day);
CREATE INDEX linkages_by_leader ON linkages(leader_user_id, id);
CREATE TABLE linkage_visits (
  id            INTEGER PRIMARY KEY,
  linkage_id    INTEGER NOT NULL REFERENCES linkages(id),
  visited_on    INTEGER NOT NULL,            -- start of the day, China time (ms)
  division_code TEXT NOT NULL REFERENCES divisions(code),
  notes         TEXT NOT NULL,
  results       TEXT NOT NULL,
  recorded_by   INTEGER REFERENCES users(id),
  recorded_at   INTEGER NOT NULL
);
CREATE INDEX linkage_visits_by_link ON linkage_visits(linkage_id, visited_on);
CREATE TABLE community_registrations (
  id                 INTEGER PRIMARY KEY,
  county_code        TEXT NOT NULL,          -- distribution key
  community_code     TEXT NOT NULL REFERENCES divisions(code),
  unit_id            INTEGER NOT NULL REFERENCES units(id),
  member_name_sealed TEXT NOT NULL,
  registered_on      INTEGER NOT NULL,       -- start of the day, China time (ms)
  created_by         INTEGER REFERENCES users(id),
  created_at         INTEGER NOT NULL
);
CREATE INDEX community_registrations_by_place ON community_registrations(community_code, id);
CREATE INDEX community_registrations_by_unit ON community_registrations(unit_id, id);
CREATE TABLE community_services (
  id              INTEGER PRIMARY KEY,
  registration_id INTEGER NOT NULL REFERENCES community_registrations(id),
  served_on       INTEGER NOT NULL,          -- start of the day, China time (ms)
  content         TEXT NOT NULL,
  minutes         INTEGER,                   -- time given; NULL when not recorded
  recorded_by     INTEGER REFERENCES users(id),
  recorded_at     INTEGER NOT NULL,
  CHECK (minutes IS NULL OR minutes >= 0)
);
CREATE INDEX community_services_by_registration ON community_services(registration_id, served_on);
