-- No query reads these since the list and the metrics found indexes of their own
-- (petitions_list, petition_units_by_unit, petitions_by_owner, petitions_counted); each
-- still cost a B-tree insert and, per group commit, a page written to the log.
DROP INDEX petitions_by_county;
DROP INDEX petitions_by_state;
DROP INDEX petitions_by_lead_unit;
