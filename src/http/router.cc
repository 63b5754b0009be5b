#include "http/router.h"

#include <atomic>
#include <memory>

#include <spdlog/spdlog.h>

#include "http/json_io.h"

namespace sixia::http {
namespace {

std::vector<std::string> SplitPath(const std::string& path) {
  std::vector<std::string> out;
  size_t i = 1;
  while (i <= path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    out.push_back(path.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

bool IsUnsafe(const std::string& method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

}  // namespace

std::string CookieValue(const std::string& header, const std::string& name) {
  size_t pos = 0;
  while (pos < header.size()) {
    while (pos < header.size() && (header[pos] == ' ' || header[pos] == ';')) ++pos;
    size_t end = header.find(';', pos);
    if (end == std::string::npos) end = header.size();
    const std::string pair = header.substr(pos, end - pos);
    const size_t eq = pair.find('=');
    if (eq != std::string::npos && pair.compare(0, eq, name) == 0 && eq == name.size())
      return pair.substr(eq + 1);
    pos = end + 1;
  }
  return {};
}

void Router::Add(const std::string& method, const std::string& pattern, Access access,
                 Handler handler) {
  AddAsync(method, pattern, access,
           [handler = std::move(handler)](Context& c, Responder respond) { respond(handler(c)); });
}

void Router::AddAsync(const std::string& method, const std::string& pattern, Access access,
                      AsyncHandler handler, RunOn run_on) {
  routes_.push_back({method, pattern, SplitPath(pattern), access, std::move(handler), run_on});
}

bool Router::Match(const Route& r, const std::vector<std::string>& segments,
                   std::map<std::string, std::string>& params) {
  if (r.segments.size() != segments.size()) return false;
  params.clear();
  for (size_t i = 0; i < segments.size(); ++i) {
    const auto& want = r.segments[i];
    if (want.size() > 2 && want.front() == '{' && want.back() == '}') {
      if (segments[i].empty()) return false;
      params[want.substr(1, want.size() - 2)] = segments[i];
    } else if (want != segments[i]) {
      return false;
    }
  }
  return true;
}

std::vector<RouteInfo> Router::Routes() const {
  std::vector<RouteInfo> out;
  for (const auto& r : routes_) out.push_back({r.method, r.pattern});
  return out;
}

Router::Found Router::Find(const Request& req) const {
  Found out;
  const auto segments = SplitPath(req.path);
  for (const auto& r : routes_) {
    if (!Match(r, segments, out.params)) continue;
    if (r.method == req.method || (req.method == "HEAD" && r.method == "GET")) {
      out.route = &r;
      out.allowed.clear();
      return out;
    }
    out.allowed.push_back(r.method);
  }
  out.params.clear();
  return out;
}

void Router::Run(const Request& req, Found found, Responder respond) const {
  // Exactly one response: whatever comes first — the handler's (now or later) or the 500
  // for a handler that threw — is sent; a later one is dropped.
  auto answered = std::make_shared<std::atomic<bool>>(false);
  Responder answer = [answered, respond = std::move(respond)](Response r) {
    if (!answered->exchange(true)) respond(std::move(r));
  };
  try {
    if (!found.route) {
      if (found.allowed.empty())
        return answer(ErrorResponse(NotFound("no such resource", "请求的资源不存在")));
      std::string allow;
      for (const auto& m : found.allowed) allow += (allow.empty() ? "" : ", ") + m;
      Response r = ErrorResponse({ErrorCode::kMethodNotAllowed,
                                  "method " + req.method + " not allowed here",
                                  "不支持该请求方法：" + req.method});
      r.headers.emplace_back("Allow", allow);
      return answer(std::move(r));
    }
    const Route* route = found.route;
    Context ctx{req, std::move(found.params), {}, {0, "anonymous", req.remote}};
    if (route->access == Access::kAuthenticated) {
      app::Credentials creds;
      if (auto it = req.headers.find("authorization"); it != req.headers.end()) {
        static constexpr std::string_view kBearer = "Bearer ";
        if (it->second.compare(0, kBearer.size(), kBearer) != 0)
          return answer(ErrorResponse(Unauthenticated("Authorization must be \"Bearer <token>\"",
                                                      "Authorization 头应为 “Bearer <令牌>”")));
        creds.bearer_token = it->second.substr(kBearer.size());
      }
      if (auto it = req.headers.find("cookie"); it != req.headers.end())
        creds.session_token = CookieValue(it->second, kSessionCookie);
      if (auto it = req.headers.find("x-csrf-token"); it != req.headers.end())
        creds.csrf_token = it->second;
      creds.is_write = IsUnsafe(req.method);
      auto principal = app_.auth().Authenticate(creds);
      if (!principal.ok()) return answer(ErrorResponse(principal.status()));
      ctx.principal = std::move(principal).value();
      ctx.actor = {ctx.principal.user_id, ctx.principal.username, req.remote};
    }
    return route->handler(ctx, answer);
  } catch (const std::exception& e) {
    spdlog::error("handler {} {} threw: {}", req.method, req.path, e.what());
  } catch (...) {
    spdlog::error("handler {} {} threw a non-std exception", req.method, req.path);
  }
  answer(ErrorResponse(Internal()));
}

void RegisterAllRoutes(Router& router, app::App& app) {
  RegisterMetaRoutes(router, app);
  RegisterSessionRoutes(router, app);
  RegisterDivisionRoutes(router, app);
  RegisterDirectoryRoutes(router, app);
  RegisterAuditRoutes(router, app);
  RegisterExportRoutes(router, app);  // Before /api/v1/petitions/{id}, which would match.
  RegisterPetitionRoutes(router, app);
  RegisterOutreachRoutes(router, app);
  RegisterReceptionRoutes(router, app);
  RegisterFieldSessionRoutes(router, app);
  RegisterLinkageRoutes(router, app);
  RegisterResearchRoutes(router, app);
  RegisterSupervisionRoutes(router, app);
  RegisterPublicRoutes(router, app);
  RegisterConfigRoutes(router, app);
}

}  // namespace sixia::http
