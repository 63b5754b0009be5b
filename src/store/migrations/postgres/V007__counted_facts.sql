-- Counted facts (domain/petition_metrics.h CountedFacts), written with every event, so that a
-- report reads one narrow index entry per petition instead of replaying its events.
-- counted_flags NULL: not derived yet (rows older than this migration); the application derives
-- them when it opens the store (PetitionService::Recount).
ALTER TABLE petitions ADD COLUMN counted_flags INTEGER;
ALTER TABLE petitions ADD COLUMN handle_due_at BIGINT;
ALTER TABLE petitions ADD COLUMN merged_in INTEGER NOT NULL DEFAULT 0;  -- repeats merged into it
UPDATE petitions SET merged_in = m.n
  FROM (SELECT merged_into, count(*) AS n FROM petitions WHERE merged_into IS NOT NULL
         GROUP BY merged_into) m
 WHERE petitions.id = m.merged_into;
-- Covers petition.scan_counted (index-only scan); its key replaces petitions_by_division.
DROP INDEX petitions_by_division;
CREATE INDEX petitions_counted ON petitions(division_code, received_at)
  INCLUDE (category_code, lead_unit_id, group_size, merged_in, counted_flags, handle_due_at,
           next_due_at);
CREATE INDEX petitions_uncounted ON petitions(id) WHERE counted_flags IS NULL;
