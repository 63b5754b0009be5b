-- Children of a division are read on nearly every screen: let the index cover the
-- columns returned, so the lookup never visits the main table.
DROP INDEX divisions_by_parent;
CREATE INDEX divisions_by_parent ON divisions(parent_code, code, name, level);
