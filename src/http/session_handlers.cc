// POST/DELETE /api/v1/session, GET /api/v1/me
#include "http/json_io.h"
#include "http/router.h"
#include "http/views.h"

namespace sixia::http {

void RegisterSessionRoutes(Router& router, app::App& app) {
  const bool secure = app.options().http.cookie_secure;
  const int64_t max_age_s = app.options().session.absolute_ms / 1000;

  router.Add("POST", "/api/v1/session", Access::kPublic, [&app, secure, max_age_s](Context& c) {
    auto body = ParseJsonObject(c.req, app.options().http.json_depth_limit);
    if (!body.ok()) return ErrorResponse(body.status());
    FieldReader f(*body);
    std::string username, password;
    for (Status st : {f.String("username", username), f.String("password", password), f.Finish()})
      if (!st.ok()) return ErrorResponse(st);
    auto result = app.auth().Login(username, password, c.req.remote);
    if (!result.ok()) return ErrorResponse(result.status());
    Response r = JsonResponse(201, {{"user", ToJson(result->principal)},
                                    {"csrf_token", result->csrf_token}});
    r.headers.emplace_back("Set-Cookie", std::string(kSessionCookie) + "=" + result->session_token +
                                             "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
                                             std::to_string(max_age_s) + (secure ? "; Secure" : ""));
    return r;
  });

  router.Add("DELETE", "/api/v1/session", Access::kAuthenticated, [&app, secure](Context& c) {
    if (c.principal.via_token)
      return ErrorResponse(InvalidArgument("bearer tokens are ended with `sixia token revoke`, not by logging out",
                                           "访问令牌请用 sixia token revoke 吊销，而不是注销会话"));
    auto it = c.req.headers.find("cookie");
    const std::string token = it == c.req.headers.end() ? "" : CookieValue(it->second, kSessionCookie);
    if (token.empty())
      return ErrorResponse(InvalidArgument("no session cookie to end (bearer tokens are revoked with `sixia token revoke`)",
                                           "没有可注销的会话（访问令牌请用 sixia token revoke 吊销）"));
    Status st = app.auth().Logout(c.principal, token, c.req.remote);
    if (!st.ok()) return ErrorResponse(st);
    Response r;
    r.status = 204;
    r.body.clear();
    r.headers.emplace_back("Set-Cookie", std::string(kSessionCookie) +
                                             "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0" +
                                             (secure ? "; Secure" : ""));
    return r;
  });

  router.Add("PUT", "/api/v1/me/password", Access::kAuthenticated, [&app](Context& c) {
    auto body = ParseJsonObject(c.req, app.options().http.json_depth_limit);
    if (!body.ok()) return ErrorResponse(body.status());
    FieldReader f(*body);
    std::string old_password, new_password;
    for (Status st : {f.String("old_password", old_password), f.String("new_password", new_password),
                      f.Finish()})
      if (!st.ok()) return ErrorResponse(st);
    Status st = app.auth().ChangeOwnPassword(c.principal, old_password, new_password, c.req.remote);
    if (!st.ok()) return ErrorResponse(st);
    return JsonResponse(200, {{"ok", true}, {"relogin", true}});
  });

  router.Add("GET", "/api/v1/me", Access::kAuthenticated,
             [](Context& c) { return JsonResponse(200, ToJson(c.principal)); });
}

}  // namespace sixia::http
