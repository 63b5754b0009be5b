#include "app/auth_service.h"

#include <nlohmann/json.hpp>

#include "domain/password_policy.h"
#include "security/crypto.h"

namespace sixia::app {
namespace {

using domain::AuditOutcome;

Status BadCredentials() {
  return Unauthenticated("wrong user name or password", "用户名或密码错误");
}

Status NotLoggedIn() {
  return Unauthenticated("not logged in or the session has expired", "未登录或会话已过期");
}

}  // namespace

AuthService::AuthService(store::Store& store, const Clock& clock,
                         const security::PasswordHasher& hasher, const AuditLog& audit,
                         const Options& options)
    : store_(store),
      clock_(clock),
      hasher_(hasher),
      audit_(audit),
      options_(options),
      login_limiter_(options.http.login_burst, options.http.login_per_minute) {}

Result<LoginResult> AuthService::Login(const std::string& username, const std::string& password,
                                       const std::string& source) {
  const int64_t now = clock_.NowMs();
  const Actor anonymous{0, username.size() <= 64 ? username : username.substr(0, 64), source};
  if (!login_limiter_.Allow(source, now)) {
    (void)audit_.AppendAlone(store_, anonymous,
                             {"session.login", "", AuditOutcome::kDenied, R"({"reason":"rate"})"});
    return Status(ErrorCode::kTooManyRequests, "too many login attempts, try again later",
                  "登录尝试过于频繁，请稍后再试");
  }
  std::optional<store::UserCredentials> creds;
  SIXIA_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(creds, tx.directory().GetCredentials(username));
    return Status::Ok();
  }));
  auto fail = [&](const char* reason) -> Status {
    (void)audit_.AppendAlone(
        store_, anonymous,
        {"session.login", creds ? "user:" + std::to_string(creds->user.id) : "",
         AuditOutcome::kFailed, nlohmann::json{{"reason", reason}}.dump()});
    return BadCredentials();
  };
  if (password.size() > 1024) return fail("password_too_long");  // Never hash megabytes.
  if (!creds) {
    hasher_.VerifyDummy(password);
    return fail("unknown_user");
  }
  const security::FailureState state{creds->user.failed_logins,
                                     creds->user.failure_window_start_ms,
                                     creds->user.locked_until_ms};
  if (security::IsLocked(state, now)) {
    (void)audit_.AppendAlone(store_, anonymous,
                             {"session.login", "user:" + std::to_string(creds->user.id),
                              AuditOutcome::kDenied, R"({"reason":"locked"})"});
    const int64_t minutes = (state.locked_until_ms - now + 59'999) / 60'000;
    return Status(ErrorCode::kTooManyRequests,
                  "account locked after repeated failures; try again in " +
                      std::to_string(minutes) + " minutes",
                  "账号因多次登录失败已被锁定，请" + std::to_string(minutes) + "分钟后再试");
  }
  const bool password_ok = hasher_.Verify(creds->password_hash, password);
  if (!password_ok || creds->user.disabled) {
    const int64_t user_id = creds->user.id;
    const char* reason = creds->user.disabled ? "disabled" : "wrong_password";
    SIXIA_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
      if (password_ok) return Status::Ok();  // Disabled: do not count towards lockout.
      // Re-read inside the write so concurrent failures all count.
      SIXIA_ASSIGN_OR_RETURN(auto fresh, tx.directory().GetCredentials(username));
      if (!fresh) return Status::Ok();
      const auto next = security::AfterFailure(
          options_.lockout,
          {fresh->user.failed_logins, fresh->user.failure_window_start_ms,
           fresh->user.locked_until_ms},
          now);
      return tx.directory().SetLoginFailures(user_id, next.failures, next.window_start_ms,
                                             next.locked_until_ms);
    }));
    return fail(reason);
  }

  LoginResult result;
  result.session_token = security::RandomToken(32);
  result.csrf_token = security::RandomToken(24);
  const Actor actor{creds->user.id, creds->user.username, source};
  SIXIA_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    SIXIA_RETURN_IF_ERROR(tx.directory().SetLoginFailures(creds->user.id, 0, 0, 0));
    SIXIA_RETURN_IF_ERROR(tx.auth().CreateSession({security::Sm3Hex(result.session_token),
                                                   creds->user.id,
                                                   security::Sm3Hex(result.csrf_token), now, now}));
    SIXIA_ASSIGN_OR_RETURN(result.principal, LoadPrincipal(tx, creds->user.id));
    return audit_.Append(tx, actor,
                         {"session.login", "user:" + std::to_string(creds->user.id),
                          AuditOutcome::kOk, "{}"});
  }));
  return result;
}

Status AuthService::Logout(const security::Principal& who, const std::string& session_token,
                           const std::string& source) {
  return store_.Write([&](store::Tx& tx) -> Status {
    SIXIA_RETURN_IF_ERROR(tx.auth().DeleteSession(security::Sm3Hex(session_token)));
    return audit_.Append(tx, {who.user_id, who.username, source},
                         {"session.logout", "user:" + std::to_string(who.user_id),
                          AuditOutcome::kOk, "{}"});
  });
}

Result<security::Principal> AuthService::LoadPrincipal(store::Tx& tx, int64_t user_id) {
  SIXIA_ASSIGN_OR_RETURN(auto user, tx.directory().GetUser(user_id));
  if (!user || user->disabled) return NotLoggedIn();
  SIXIA_ASSIGN_OR_RETURN(store::UserGrants grants, tx.directory().GetGrants(user_id));
  security::Principal p;
  p.user_id = user->id;
  p.username = user->username;
  p.display_name = user->display_name;
  p.unit_id = user->unit_id;
  for (const auto& role : grants.roles) {
    p.roles.push_back(role.name);
    for (const auto& name : role.permissions)
      if (auto perm = security::PermissionFromName(name)) p.permissions.insert(*perm);
  }
  for (const auto& d : grants.scopes) p.scopes.push_back({d.code, d.level});
  return p;
}

Result<security::Principal> AuthService::Authenticate(const Credentials& creds) {
  const int64_t now = clock_.NowMs();
  const bool bearer = !creds.bearer_token.empty();
  if (!bearer && creds.session_token.empty()) return NotLoggedIn();
  const std::string hash = security::Sm3Hex(bearer ? creds.bearer_token : creds.session_token);
  const std::string key = (bearer ? "t:" : "s:") + hash;

  // One cheap read (the auth epoch) when the caller is cached; the full lookup otherwise.
  std::optional<CachedCaller> caller;
  bool fresh = false;
  SIXIA_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(const int64_t epoch, tx.auth().Epoch());
    caller = cache_.Get(key, epoch, now);
    if (caller) return Status::Ok();
    CachedCaller c;
    c.epoch = epoch;
    if (bearer) {
      SIXIA_ASSIGN_OR_RETURN(auto token, tx.auth().GetTokenByHash(hash));
      if (!token) return Unauthenticated("unknown bearer token", "无效的访问令牌");
      if (token->revoked_at_ms)
        return Unauthenticated("the bearer token was revoked", "访问令牌已被吊销");
      c.expires_at_ms = token->expires_at_ms;
      SIXIA_ASSIGN_OR_RETURN(c.principal, LoadPrincipal(tx, token->user_id));
      c.principal.via_token = true;
    } else {
      SIXIA_ASSIGN_OR_RETURN(auto session, tx.auth().GetSession(hash));
      if (!session) return NotLoggedIn();
      c.is_session = true;
      c.csrf_hash = session->csrf_hash;
      c.created_at_ms = session->created_at_ms;
      c.last_seen_ms = c.persisted_seen_ms = session->last_seen_ms;
      SIXIA_ASSIGN_OR_RETURN(c.principal, LoadPrincipal(tx, session->user_id));
    }
    cache_.Put(key, c);
    caller = std::move(c);
    fresh = true;
    return Status::Ok();
  }));

  if (!caller->is_session) {
    if (caller->expires_at_ms <= now)
      return Unauthenticated("the bearer token has expired", "访问令牌已过期");
    return caller->principal;
  }
  if (security::SessionExpired(options_.session, caller->created_at_ms, caller->last_seen_ms, now)) {
    cache_.Erase(key);
    // Not waited for: Authenticate may run on an I/O thread (http::RunOn), and an expired
    // session is refused whether or not its row is gone yet.
    store_.WriteAsync([hash](store::Tx& tx) { return tx.auth().DeleteSession(hash); },
                      [](Status) {});
    return NotLoggedIn();
  }
  if (creds.is_write &&
      !security::ConstantTimeEquals(security::Sm3Hex(creds.csrf_token), caller->csrf_hash))
    return PermissionDenied("missing or wrong CSRF token (X-CSRF-Token header)",
                            "缺少或错误的CSRF令牌（X-CSRF-Token 请求头）");
  if (fresh) (void)cache_.Get(key, caller->epoch, now);  // Record this request's activity.
  if (now - caller->persisted_seen_ms > options_.session.touch_interval_ms) {
    // At most once a minute per session; the cache holds the exact time meanwhile. Not
    // waited for (see above) and marked before it lands: a lost touch only leaves the stored
    // time a minute older, which matters after a restart alone.
    cache_.MarkPersisted(key, now);
    store_.WriteAsync([hash, now](store::Tx& tx) { return tx.auth().TouchSession(hash, now); },
                      [](Status) {});
  }
  return caller->principal;
}

Status AuthService::ChangeOwnPassword(const security::Principal& who,
                                      const std::string& old_password,
                                      const std::string& new_password, const std::string& source) {
  SIXIA_RETURN_IF_ERROR(domain::CheckPassword(options_.password_policy, new_password));
  std::optional<store::UserCredentials> creds;
  SIXIA_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(creds, tx.directory().GetCredentials(who.username));
    return Status::Ok();
  }));
  const Actor actor{who.user_id, who.username, source};
  if (!creds) return NotLoggedIn();
  const int64_t now = clock_.NowMs();
  if (security::IsLocked({creds->user.failed_logins, creds->user.failure_window_start_ms,
                          creds->user.locked_until_ms},
                         now))
    return Status(ErrorCode::kTooManyRequests, "account locked after repeated failures",
                  "账号因多次验证失败已被锁定");
  if (old_password.size() > 1024 || !hasher_.Verify(creds->password_hash, old_password)) {
    (void)store_.Write([&](store::Tx& tx) -> Status {
      const auto next = security::AfterFailure(
          options_.lockout,
          {creds->user.failed_logins, creds->user.failure_window_start_ms,
           creds->user.locked_until_ms},
          now);
      SIXIA_RETURN_IF_ERROR(tx.directory().SetLoginFailures(who.user_id, next.failures,
                                                            next.window_start_ms,
                                                            next.locked_until_ms));
      return audit_.Append(tx, actor,
                           {"user.change_password", "user:" + std::to_string(who.user_id),
                            AuditOutcome::kFailed, R"({"reason":"wrong_old_password"})"});
    });
    return Unprocessable("the current password is wrong", "当前密码错误", "old_password");
  }
  if (old_password == new_password)
    return Unprocessable("the new password must differ from the current one", "新密码不能与当前密码相同",
                         "new_password");
  SIXIA_ASSIGN_OR_RETURN(std::string hash, hasher_.Hash(new_password));
  return store_.Write([&](store::Tx& tx) -> Status {
    SIXIA_RETURN_IF_ERROR(tx.directory().SetPassword(who.user_id, hash, clock_.NowMs()));
    SIXIA_RETURN_IF_ERROR(tx.auth().DeleteUserSessions(who.user_id));
    return audit_.Append(tx, actor, {"user.change_password", "user:" + std::to_string(who.user_id),
                                     AuditOutcome::kOk, "{}"});
  });
}

Result<CreatedToken> AuthService::CreateToken(const Actor& actor, const std::string& username,
                                              const std::string& name, int64_t ttl_ms) {
  if (ttl_ms <= 0 || ttl_ms > options_.max_token_ttl_ms)
    return InvalidArgument("token lifetime must be between 1 second and 366 days",
                           "令牌有效期应在1秒至366天之间", "ttl");
  CreatedToken out;
  out.token = security::RandomToken(32);
  out.expires_at_ms = clock_.NowMs() + ttl_ms;
  SIXIA_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(auto creds, tx.directory().GetCredentials(username));
    if (!creds) return NotFound("user not found", "用户不存在", "user");
    if (creds->user.disabled)
      return Unprocessable("the user is disabled", "该用户已停用", "user");
    store::ApiToken t;
    t.user_id = creds->user.id;
    t.name = name;
    t.token_hash = security::Sm3Hex(out.token);
    t.created_at_ms = clock_.NowMs();
    t.expires_at_ms = out.expires_at_ms;
    SIXIA_ASSIGN_OR_RETURN(out.id, tx.auth().CreateToken(t));
    return audit_.Append(tx, actor,
                         {"token.create", "token:" + std::to_string(out.id), AuditOutcome::kOk,
                          nlohmann::json{{"user_id", creds->user.id}}.dump()});
  }));
  return out;
}

Status AuthService::RevokeToken(const Actor& actor, int64_t token_id) {
  return store_.Write([&](store::Tx& tx) -> Status {
    SIXIA_RETURN_IF_ERROR(tx.auth().RevokeToken(token_id, clock_.NowMs()));
    return audit_.Append(tx, actor,
                         {"token.revoke", "token:" + std::to_string(token_id), AuditOutcome::kOk,
                          "{}"});
  });
}

}  // namespace sixia::app
