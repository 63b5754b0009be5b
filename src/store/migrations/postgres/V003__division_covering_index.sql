-- Children of a division are read on nearly every screen: an index-only scan.
DROP INDEX divisions_by_parent;
CREATE INDEX divisions_by_parent ON divisions(parent_code, code) INCLUDE (name, level);
