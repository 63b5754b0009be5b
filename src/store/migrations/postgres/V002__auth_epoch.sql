-- The auth epoch: see the SQLite migration of the same number.
CREATE TABLE auth_epoch (
  id    INTEGER PRIMARY KEY CHECK (id = 1),
  value BIGINT NOT NULL
);
INSERT INTO auth_epoch(id, value) VALUES (1, 1);

CREATE FUNCTION bump_auth_epoch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN UPDATE auth_epoch SET value = value + 1 WHERE id = 1; RETURN NULL; END $$;

CREATE TRIGGER auth_epoch_users AFTER UPDATE OF username, display_name, unit_id, disabled, password_hash ON users
  FOR EACH STATEMENT EXECUTE FUNCTION bump_auth_epoch();
CREATE TRIGGER auth_epoch_user_roles AFTER INSERT OR DELETE ON user_roles
  FOR EACH STATEMENT EXECUTE FUNCTION bump_auth_epoch();
CREATE TRIGGER auth_epoch_user_scopes AFTER INSERT OR DELETE ON user_scopes
  FOR EACH STATEMENT EXECUTE FUNCTION bump_auth_epoch();
CREATE TRIGGER auth_epoch_roles AFTER UPDATE OR DELETE ON roles
  FOR EACH STATEMENT EXECUTE FUNCTION bump_auth_epoch();
CREATE TRIGGER auth_epoch_sessions AFTER DELETE ON sessions
  FOR EACH STATEMENT EXECUTE FUNCTION bump_auth_epoch();
CREATE TRIGGER auth_epoch_tokens AFTER UPDATE OR DELETE ON api_tokens
  FOR EACH STATEMENT EXECUTE FUNCTION bump_auth_epoch();
