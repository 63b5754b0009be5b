-- The auth epoch: a counter that moves whenever something a resolved caller depends on
-- changes (a session or token ends, a user or role changes, a grant changes). Servers
-- cache resolved callers per epoch (src/app/principal_cache.h); the triggers make the
-- counter impossible to forget, also for writes made by the CLI in another process.
CREATE TABLE auth_epoch (
  id    INTEGER PRIMARY KEY CHECK (id = 1),
  value INTEGER NOT NULL
);
INSERT INTO auth_epoch(id, value) VALUES (1, 1);

CREATE TRIGGER auth_epoch_users AFTER UPDATE OF username, display_name, unit_id, disabled, password_hash ON users
BEGIN UPDATE auth_epoch SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER auth_epoch_user_roles_ins AFTER INSERT ON user_roles
BEGIN UPDATE auth_epoch SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER auth_epoch_user_roles_del AFTER DELETE ON user_roles
BEGIN UPDATE auth_epoch SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER auth_epoch_user_scopes_ins AFTER INSERT ON user_scopes
BEGIN UPDATE auth_epoch SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER auth_epoch_user_scopes_del AFTER DELETE ON user_scopes
BEGIN UPDATE auth_epoch SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER auth_epoch_roles_upd AFTER UPDATE ON roles
BEGIN UPDATE auth_epoch SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER auth_epoch_roles_del AFTER DELETE ON roles
BEGIN UPDATE auth_epoch SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER auth_epoch_sessions_del AFTER DELETE ON sessions
BEGIN UPDATE auth_epoch SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER auth_epoch_tokens_upd AFTER UPDATE ON api_tokens
BEGIN UPDATE auth_epoch SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER auth_epoch_tokens_del AFTER DELETE ON api_tokens
BEGIN UPDATE auth_epoch SET value = value + 1 WHERE id = 1; END;
