#pragma once
// Routes requests to handlers by method and path pattern ("/api/v1/units/{id}").
// Authentication happens here, once, for routes that need it; handlers receive the
// resolved Principal and the Actor for audit records. Unknown path → 404, known path
// with another method → 405. Handlers' exceptions become 500 (logged, not shown).
// Thread-safe after all routes are added.

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "app/app.h"
#include "http/types.h"

namespace sixia::http {

struct Context {
  const Request& req;
  std::map<std::string, std::string> params;  // From {name} segments.
  security::Principal principal;              // Empty for public routes.
  app::Actor actor;
};

using Handler = std::function<Response(Context&)>;
// Receives the response of a request, exactly once, on any thread.
using Responder = std::function<void(Response)>;
// A handler that may answer after it returns (a write waiting for its commit): it must
// copy from the Context whatever it still needs then, and call `respond` exactly once.
using AsyncHandler = std::function<void(Context&, Responder respond)>;

enum class Access { kPublic, kAuthenticated };

// Where the server runs a route's handler. Handlers run on the worker pool unless they
// only compute and make calls that return promptly (no network round trip, no waiting for
// a commit): those may run on the connection's I/O thread, sparing two thread hand-offs
// per request. Routes ask for kIoThread only when app.store() says so (SQLite).
enum class RunOn { kWorker, kIoThread };

struct RouteInfo {
  std::string method;
  std::string pattern;
};

class Router {
 public:
  explicit Router(app::App& app) : app_(app) {}

  void Add(const std::string& method, const std::string& pattern, Access access, Handler handler);
  void AddAsync(const std::string& method, const std::string& pattern, Access access,
                AsyncHandler handler, RunOn run_on = RunOn::kWorker);

  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    Access access;
    AsyncHandler handler;
    RunOn run_on;
  };
  // A request's route, looked up once (by the server, to choose the thread, then by Run).
  struct Found {
    const Route* route = nullptr;                // nullptr: 404, or 405 when `allowed` is not empty.
    std::map<std::string, std::string> params;   // From {name} segments.
    std::vector<std::string> allowed;            // The path's methods, for a 405.
    RunOn run_on() const { return route ? route->run_on : RunOn::kWorker; }
  };
  Found Find(const Request& req) const;

  // Authenticates and runs the found route's handler (or answers 404/405); `respond` gets
  // the response, possibly later and on another thread (an async handler's).
  void Run(const Request& req, Found found, Responder respond) const;
  // Find, then Run.
  void Handle(const Request& req, Responder respond) const { Run(req, Find(req), std::move(respond)); }

  std::vector<RouteInfo> Routes() const;

 private:
  static bool Match(const Route& r, const std::vector<std::string>& segments,
                    std::map<std::string, std::string>& params);

  app::App& app_;
  std::vector<Route> routes_;
};

// Registers every route group of sixia (one file per group).
void RegisterMetaRoutes(Router& router, app::App& app);
void RegisterSessionRoutes(Router& router, app::App& app);
void RegisterDivisionRoutes(Router& router, app::App& app);
void RegisterDirectoryRoutes(Router& router, app::App& app);
void RegisterAuditRoutes(Router& router, app::App& app);
void RegisterPetitionRoutes(Router& router, app::App& app);
void RegisterOutreachRoutes(Router& router, app::App& app);
void RegisterReceptionRoutes(Router& router, app::App& app);
void RegisterFieldSessionRoutes(Router& router, app::App& app);
void RegisterLinkageRoutes(Router& router, app::App& app);
void RegisterResearchRoutes(Router& router, app::App& app);
void RegisterSupervisionRoutes(Router& router, app::App& app);
void RegisterExportRoutes(Router& router, app::App& app);
void RegisterPublicRoutes(Router& router, app::App& app);  // Citizens, no login.
void RegisterConfigRoutes(Router& router, app::App& app);  // /api/v1/config/* (系统管理).
void RegisterAllRoutes(Router& router, app::App& app);

// The session cookie's name.
inline constexpr char kSessionCookie[] = "sixia_session";

// Value of cookie `name` in a Cookie header, or "".
std::string CookieValue(const std::string& header, const std::string& name);

}  // namespace sixia::http
