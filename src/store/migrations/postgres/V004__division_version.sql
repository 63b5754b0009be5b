-- A counter that moves with every change to the division tree (bumped by DivisionRepo::Upsert
-- in the same transaction), so servers can cache tree reads and serve ETags.
CREATE TABLE division_version (
  id    INTEGER PRIMARY KEY CHECK (id = 1),
  value BIGINT NOT NULL
);
INSERT INTO division_version(id, value) VALUES (1, 1);
