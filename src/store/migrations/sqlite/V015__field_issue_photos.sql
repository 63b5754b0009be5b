-- Photos of field issues (现场照片): files in the data folder named by their SM3 hash, as
-- petition attachments are; rows link them. At most domain::kMaxIssuePhotos per issue,
-- counted by the store with the issue row locked.
CREATE TABLE field_issue_photos (
  id           INTEGER PRIMARY KEY,
  issue_id     INTEGER NOT NULL REFERENCES field_issues(id),
  content_hash TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size         INTEGER NOT NULL,
  created_at   INTEGER NOT NULL,
  created_by   INTEGER REFERENCES users(id)
);
CREATE INDEX field_issue_photos_by_issue ON field_issue_photos(issue_id, id);
