#pragma once
// Use cases of authentication: login with lockout, logout, resolving a session cookie or
// a bearer token into a Principal, and API tokens. Thread-safe; call from worker threads
// (password hashing and database reads block).

#include <optional>
#include <string>

#include "app/audit_log.h"
#include "app/options.h"
#include "app/principal_cache.h"
#include "common/clock.h"
#include "security/password_hasher.h"
#include "security/policy.h"
#include "security/rate_limiter.h"
#include "store/store.h"

namespace sixia::app {

struct LoginResult {
  std::string session_token;  // Cookie value; only its SM3 hash is stored.
  std::string csrf_token;     // Must accompany cookie-authenticated writes.
  security::Principal principal;
};

// What a request presents.
struct Credentials {
  std::string session_token;  // From the cookie; empty when none.
  std::string bearer_token;   // From "Authorization: Bearer"; empty when none.
  std::string csrf_token;     // From the X-CSRF-Token header.
  bool is_write = false;      // Unsafe method (POST/PUT/PATCH/DELETE).
};

struct CreatedToken {
  int64_t id = 0;
  std::string token;  // Shown once; only its hash is stored.
  int64_t expires_at_ms = 0;
};

class AuthService {
 public:
  AuthService(store::Store& store, const Clock& clock, const security::PasswordHasher& hasher,
              const AuditLog& audit, const Options& options);

  // kUnauthenticated for a wrong name or password (one message for both);
  // kTooManyRequests while locked or when the source exceeds the login rate.
  Result<LoginResult> Login(const std::string& username, const std::string& password,
                            const std::string& source);

  // Ends the session behind `session_token` (no-op when unknown).
  Status Logout(const security::Principal& who, const std::string& session_token,
                const std::string& source);

  // kUnauthenticated when missing, expired, revoked or unknown; kPermissionDenied when a
  // cookie-authenticated write lacks a matching CSRF token. Costs one read of the auth
  // epoch when the caller was resolved before under the same epoch.
  Result<security::Principal> Authenticate(const Credentials& creds);

  // Loads a user's principal (roles → permissions, scopes). kNotFound if absent/disabled.
  Result<security::Principal> LoadPrincipal(store::Tx& tx, int64_t user_id);

  // A user changes their own password: the old one must match; the new one must meet the
  // policy. Ends every session of the user, this one included (bearer tokens stay).
  // kUnprocessable (field old_password) for a wrong old password, which also counts
  // towards the login lockout; kTooManyRequests while locked.
  Status ChangeOwnPassword(const security::Principal& who, const std::string& old_password,
                           const std::string& new_password, const std::string& source);

  // Issues a bearer token for `username` valid for `ttl_ms`.
  Result<CreatedToken> CreateToken(const Actor& actor, const std::string& username,
                                   const std::string& name, int64_t ttl_ms);
  Status RevokeToken(const Actor& actor, int64_t token_id);

 private:
  store::Store& store_;
  const Clock& clock_;
  const security::PasswordHasher& hasher_;
  const AuditLog& audit_;
  const Options& options_;
  security::RateLimiter login_limiter_;
  PrincipalCache cache_;  // Resolved callers per auth epoch.
};

}  // namespace sixia::app
