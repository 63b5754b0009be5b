-- Research (调查研究) projects, their visits, the ledger (清单: problem → responsibility →
-- task → outcome, one item table with parent links) and research reports (domain/research.h,
-- domain/ledger.h).
CREATE TABLE research_projects (
  id            INTEGER PRIMARY KEY,
  county_code   TEXT NOT NULL,            -- distribution key
  division_code TEXT NOT NULL REFERENCES divisions(code),
  topic         TEXT NOT NULL,
  lead_user_id  INTEGER NOT NULL REFERENCES users(id),
  method        TEXT NOT NULL,            -- domain::ResearchMethodName
  starts_on     INTEGER NOT NULL,         -- start of the first day, China time (ms)
  ends_on       INTEGER NOT NULL,         -- start of the last day
  summary       TEXT NOT NULL,
  created_by    INTEGER REFERENCES users(id),
  created_at    INTEGER NOT NULL
);
CREATE INDEX research_projects_by_place ON research_projects(division_code, ends_on);
CREATE TABLE research_places (
  project_id    INTEGER NOT NULL REFERENCES research_projects(id),
  division_code TEXT NOT NULL REFERENCES divisions(code),
  PRIMARY KEY (project_id, division_code)
) WITHOUT ROWID;
CREATE TABLE research_visits (
  id            INTEGER PRIMARY KEY,
  project_id    INTEGER NOT NULL REFERENCES research_projects(id),
  visited_on    INTEGER NOT NULL,
  division_code TEXT NOT NULL REFERENCES divisions(code),
  people_met    INTEGER NOT NULL,
  met_whom      TEXT NOT NULL,
  findings      TEXT NOT NULL,
  created_by    INTEGER REFERENCES users(id),
  created_at    INTEGER NOT NULL
);
CREATE INDEX research_visits_by_project ON research_visits(project_id, visited_on);
CREATE INDEX research_visits_by_place ON research_visits(division_code, visited_on);
CREATE TABLE ledger_items (
  id             INTEGER PRIMARY KEY,
  county_code    TEXT NOT NULL,
  division_code  TEXT NOT NULL REFERENCES divisions(code),
  kind           TEXT NOT NULL,           -- problem / responsibility / task / outcome
  parent_id      INTEGER REFERENCES ledger_items(id),
  project_id     INTEGER REFERENCES research_projects(id),
  title          TEXT NOT NULL,
  detail         TEXT NOT NULL,
  source         TEXT,                    -- problems: domain::ItemSourceName
  source_ids     TEXT NOT NULL,           -- space-separated record ids ('' for none)
  unit_id        INTEGER REFERENCES units(id),
  person_user_id INTEGER REFERENCES users(id),
  deadline_at    INTEGER,                 -- tasks: end of the last day (ms, exclusive)
  task_kind      TEXT,                    -- tasks: fix_now / institutional
  status         TEXT NOT NULL,           -- open / done
  done_at        INTEGER,
  evidence       TEXT NOT NULL,
  verified_by    INTEGER REFERENCES users(id),
  created_by     INTEGER REFERENCES users(id),
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL
);
CREATE INDEX ledger_children ON ledger_items(parent_id, id);
CREATE INDEX ledger_by_project ON ledger_items(project_id, id);
CREATE INDEX ledger_by_place ON ledger_items(division_code, created_at);
-- A township's open-task list (by deadline), also "overdue" (deadline before now).
CREATE INDEX ledger_open_tasks ON ledger_items(division_code, deadline_at, id)
  WHERE kind = 'task' AND status = 'open';
-- Problems nobody answers for yet (the ledger report): open, without a person of their own.
CREATE INDEX ledger_open_problems ON ledger_items(division_code, id)
  WHERE kind = 'problem' AND status = 'open' AND person_user_id IS NULL;
CREATE TABLE research_reports (
  id             INTEGER PRIMARY KEY,
  county_code    TEXT NOT NULL,
  division_code  TEXT NOT NULL REFERENCES divisions(code),
  project_id     INTEGER REFERENCES research_projects(id),
  author_user_id INTEGER NOT NULL REFERENCES users(id),
  title          TEXT NOT NULL,
  body           TEXT NOT NULL,
  from_at        INTEGER NOT NULL,
  to_at          INTEGER NOT NULL,
  consolidated   INTEGER NOT NULL,
  figures        TEXT NOT NULL,           -- the counted figures when written, "k=v k=v …"
  created_at     INTEGER NOT NULL
);
CREATE INDEX research_reports_by_place ON research_reports(division_code, to_at);
CREATE TABLE research_report_members (
  report_id        INTEGER NOT NULL REFERENCES research_reports(id),
  member_report_id INTEGER NOT NULL REFERENCES research_reports(id),
  PRIMARY KEY (report_id, member_report_id)
) WITHOUT ROWID;
