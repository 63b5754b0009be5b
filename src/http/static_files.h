#pragma once
// The built web app (web/dist, written by Vite) served by `sixia serve`: files under one
// root folder, the single-page-app fallback to index.html, cache headers, precompressed
// siblings (X.br, X.gz written by the web build; nothing is compressed at run time) and
// ETags. Plain Request/Response values only: no Beast here (server.cc is the Beast unit).

#include <string>
#include <string_view>
#include <vector>

#include "http/types.h"

namespace sixia::http {

// The web root to use: `configured` (config.json http.web_root) when not empty, else the
// environment variable SIXIA_WEB_ROOT when set, else <folder of the running executable>/
// ../web/dist. Returned absolute and lexically normal; the folder need not exist.
std::string ResolveWebRoot(const std::string& configured);

// Answers GET and HEAD for every path that belongs to the web app rather than the router.
// Files are read on each request (on the worker threads, never on the I/O threads): the
// build is a few MB that the OS page cache keeps anyway, and a rebuild under a running
// server is picked up at once with no stale copy and no memory bound to tune.
// Thread-safe: constant after construction.
class StaticFiles {
 public:
  // `root`: the web root (see ResolveWebRoot). `router_patterns`: the router's path patterns
  // ("/healthz", "/api/v1/units/{id}"); paths matching one are left to the router.
  StaticFiles(std::string root, const std::vector<std::string>& router_patterns);

  const std::string& root() const { return root_; }

  // True when root/index.html exists (checked now: a build made while serving counts).
  bool Built() const;

  // True when `req` is for the web app: GET or HEAD, path not "/api" nor under "/api/",
  // and not matching a router pattern. Everything else goes to the router unchanged.
  bool Handles(const Request& req) const;

  // Answers a request for which Handles() is true. `req.path` is already percent-decoded
  // (once). Reads headers "if-none-match" and "accept-encoding". Never throws:
  //   existing file under the root          → 200 with its type, ETag and cache policy;
  //   path without a file extension          → index.html (no-cache), the SPA's own routes;
  //   path with an extension and no file     → 404 (JSON error, as the API);
  //   "..", ".", NUL, backslash, dot-files   → 400 / 404, never a file outside the root;
  //   no index.html in the root              → "/" is a small "web interface not built"
  //                                            page, other paths as above.
  Response Serve(const Request& req) const;

 private:
  const std::string root_;
  std::vector<std::vector<std::string>> router_paths_;  // Segments of non-API patterns.
};

namespace static_files_internal {
// The pure decisions of StaticFiles, exposed for unit tests.

// Content-Type for a file name by its extension; "application/octet-stream" when unknown.
std::string_view ContentTypeFor(std::string_view file_name);

// True for Vite/Rollup output names "<name>-<hash>.<ext…>" whose 8-character hash
// ([A-Za-z0-9_-]) is not plain lower-case letters (so "app-sidebars.js" is not taken
// for hashed). Only such files may be cached for a year.
bool IsHashedName(std::string_view file_name);

// The "Cache-Control" value for a served file at URL path segments `segments`.
std::string_view CacheControlFor(const std::vector<std::string>& segments);

enum class PathVerdict {
  kOk,         // `segments` holds the path's non-empty segments.
  kMalformed,  // "..", ".", NUL or backslash: 400.
  kHidden,     // A segment starts with '.': 404 (dot-files are never served).
};
// Splits a decoded URL path into segments, rejecting anything that could leave the root.
PathVerdict SplitSafePath(std::string_view path, std::vector<std::string>& segments);

// True when the last segment has a file extension ("app.js"; not "12", not ".env").
bool HasExtension(const std::vector<std::string>& segments);

enum class Encoding { kIdentity, kBrotli, kGzip };
// The coding to send given the request's Accept-Encoding and which siblings exist:
// the acceptable one with the higher q-value, brotli on a tie; q=0 refuses a coding.
Encoding ChooseEncoding(std::string_view accept_encoding, bool have_br, bool have_gzip);

// True when an If-None-Match header value matches `etag` (weak comparison, "*", lists).
bool ETagMatches(std::string_view if_none_match, std::string_view etag);

}  // namespace static_files_internal
}  // namespace sixia::http
