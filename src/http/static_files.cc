#include "http/static_files.h"

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <system_error>

#include <spdlog/spdlog.h>

#include "http/json_io.h"

namespace sixia::http {

namespace fs = std::filesystem;
using static_files_internal::CacheControlFor;
using static_files_internal::ChooseEncoding;
using static_files_internal::ContentTypeFor;
using static_files_internal::Encoding;
using static_files_internal::ETagMatches;
using static_files_internal::HasExtension;
using static_files_internal::PathVerdict;
using static_files_internal::SplitSafePath;

namespace static_files_internal {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

bool IsHashChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

// An RFC 9110 qvalue ("0", "0.5", "1.000"); malformed values count as 1 (lenient, as browsers).
double ParseQ(std::string_view v) {
  v = Trim(v);
  if (v.empty() || (v[0] != '0' && v[0] != '1')) return 1.0;
  double q = v[0] - '0';
  if (v.size() > 1 && v[1] == '.') {
    double scale = 0.1;
    for (size_t i = 2; i < v.size() && i < 5 && v[i] >= '0' && v[i] <= '9'; ++i, scale /= 10)
      q += (v[i] - '0') * scale;
  }
  return std::min(q, 1.0);
}

}  // namespace

std::string_view ContentTypeFor(std::string_view file_name) {
  struct Entry {
    std::string_view ext;
    std::string_view type;
  };
  static constexpr Entry kTypes[] = {
      {"html", "text/html; charset=utf-8"},
      {"js", "text/javascript; charset=utf-8"},
      {"mjs", "text/javascript; charset=utf-8"},
      {"css", "text/css; charset=utf-8"},
      {"svg", "image/svg+xml"},
      {"png", "image/png"},
      {"jpg", "image/jpeg"},
      {"jpeg", "image/jpeg"},
      {"gif", "image/gif"},
      {"webp", "image/webp"},
      {"avif", "image/avif"},
      {"ico", "image/x-icon"},
      {"woff2", "font/woff2"},
      {"woff", "font/woff"},
      {"ttf", "font/ttf"},
      {"json", "application/json; charset=utf-8"},
      {"map", "application/json; charset=utf-8"},
      {"webmanifest", "application/manifest+json"},
      {"txt", "text/plain; charset=utf-8"},
      {"wasm", "application/wasm"},
  };
  const size_t dot = file_name.rfind('.');
  if (dot != std::string_view::npos) {
    const std::string_view ext = file_name.substr(dot + 1);
    for (const auto& e : kTypes)
      if (IEquals(e.ext, ext)) return e.type;
  }
  return "application/octet-stream";
}

bool IsHashedName(std::string_view name) {
  static constexpr size_t kHash = 8;  // Rollup's and Vite's default [hash] length.
  for (size_t dot = name.find('.'); dot != std::string_view::npos; dot = name.find('.', dot + 1)) {
    if (dot < kHash + 2 || name[dot - kHash - 1] != '-') continue;
    const std::string_view hash = name.substr(dot - kHash, kHash);
    if (!std::all_of(hash.begin(), hash.end(), IsHashChar)) continue;
    if (std::all_of(hash.begin(), hash.end(), [](char c) { return c >= 'a' && c <= 'z'; }))
      continue;
    return true;
  }
  return false;
}

std::string_view CacheControlFor(const std::vector<std::string>& segments) {
  if (segments.size() >= 2 && segments.front() == "assets" && IsHashedName(segments.back()))
    return "public, max-age=31536000, immutable";
  return "no-cache";
}

PathVerdict SplitSafePath(std::string_view path, std::vector<std::string>& segments) {
  segments.clear();
  if (path.find('\0') != std::string_view::npos || path.find('\\') != std::string_view::npos)
    return PathVerdict::kMalformed;
  bool hidden = false;
  size_t i = 0;
  while (i < path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    const std::string_view seg = path.substr(i, j - i);
    i = j + 1;
    if (seg.empty()) continue;
    if (seg == "." || seg == "..") return PathVerdict::kMalformed;
    if (seg.front() == '.') hidden = true;  // Keep scanning: a later ".." is still malformed.
    segments.emplace_back(seg);
  }
  if (hidden) {
    segments.clear();
    return PathVerdict::kHidden;
  }
  return PathVerdict::kOk;
}

bool HasExtension(const std::vector<std::string>& segments) {
  if (segments.empty()) return false;
  const std::string& last = segments.back();
  const size_t dot = last.rfind('.');
  return dot != std::string::npos && dot > 0 && dot + 1 < last.size();
}

Encoding ChooseEncoding(std::string_view accept_encoding, bool have_br, bool have_gzip) {
  struct Quality {
    bool listed = false;
    double q = 0;
  };
  Quality br, gzip, any;
  std::string_view rest = accept_encoding;
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    std::string_view item = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    const size_t semi = item.find(';');
    const std::string_view name = Trim(item.substr(0, semi));
    double q = 1.0;
    if (semi != std::string_view::npos) {
      std::string_view params = item.substr(semi + 1);
      while (!params.empty()) {
        const size_t next = params.find(';');
        const std::string_view p = Trim(params.substr(0, next));
        if (p.size() >= 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') q = ParseQ(p.substr(2));
        params = next == std::string_view::npos ? std::string_view() : params.substr(next + 1);
      }
    }
    if (IEquals(name, "br"))
      br = {true, q};
    else if (IEquals(name, "gzip") || IEquals(name, "x-gzip"))
      gzip = {true, q};
    else if (name == "*")
      any = {true, q};
  }
  auto quality = [&any](const Quality& x) { return x.listed ? x.q : (any.listed ? any.q : 0.0); };
  const double qb = have_br ? quality(br) : 0.0;
  const double qg = have_gzip ? quality(gzip) : 0.0;
  if (qb <= 0 && qg <= 0) return Encoding::kIdentity;
  return qb >= qg ? Encoding::kBrotli : Encoding::kGzip;
}

bool ETagMatches(std::string_view if_none_match, std::string_view etag) {
  auto opaque = [](std::string_view t) {
    t = Trim(t);
    if (t.size() >= 2 && t[0] == 'W' && t[1] == '/') t.remove_prefix(2);
    return t;
  };
  const std::string_view want = opaque(etag);
  std::string_view rest = if_none_match;
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    const std::string_view item = Trim(rest.substr(0, comma));
    if (item == "*") return true;
    if (!item.empty() && opaque(item) == want) return true;
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
  }
  return false;
}

}  // namespace static_files_internal

namespace {

// A Vite/Vue SPA with no CDN. Element Plus sets inline styles, Vite may inline small images
// and fonts as data: URLs, ECharts exports charts as data:/blob: images.
constexpr char kContentSecurityPolicy[] =
    "default-src 'self'; img-src 'self' data: blob:; font-src 'self' data:; "
    "style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; object-src 'none'; "
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

constexpr char kNotBuiltPage[] = R"(<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>四下基层工作平台</title>
<style>
body{font-family:system-ui,sans-serif;max-width:40em;margin:4em auto;padding:0 1em;line-height:1.6}
</style>
</head>
<body>
<h1>网页界面尚未构建</h1>
<p>服务已启动，接口（/api/v1/…）照常工作。
请在源码目录运行 <code>make build</code> 构建网页界面，然后刷新本页。</p>
<h2 lang="en">The web interface is not built</h2>
<p lang="en">The server is running and the API (/api/v1/…) works.
Run <code>make build</code> in the source folder to build the web interface, then reload this page.</p>
</body>
</html>
)";

// Splits like the router does (empty segments kept), for matching its patterns.
std::vector<std::string> RouterSegments(std::string_view path) {
  std::vector<std::string> out;
  size_t i = 1;
  while (i <= path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    out.emplace_back(path.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

bool MatchesPattern(const std::vector<std::string>& pattern, const std::vector<std::string>& path) {
  if (pattern.size() != path.size()) return false;
  for (size_t i = 0; i < path.size(); ++i) {
    const auto& want = pattern[i];
    const bool param = want.size() > 2 && want.front() == '{' && want.back() == '}';
    if (param ? path[i].empty() : want != path[i]) return false;
  }
  return true;
}

bool IsApiPath(std::string_view path) { return path == "/api" || path.rfind("/api/", 0) == 0; }

std::string Header(const Request& req, const char* name) {
  auto it = req.headers.find(name);
  return it == req.headers.end() ? std::string() : it->second;
}

void AddSecurityHeaders(Response& r) {
  r.headers.emplace_back("Content-Security-Policy", kContentSecurityPolicy);
  r.headers.emplace_back("X-Frame-Options", "DENY");
  r.headers.emplace_back("Referrer-Policy", "same-origin");
}

Response NotFoundResponse() {
  return ErrorResponse(NotFound("no such resource", "请求的资源不存在"));
}

// True when canonical `path` is `root` or inside it (component-wise, so /web/dist2 is not
// inside /web/dist).
bool Within(const fs::path& root, const fs::path& path) {
  auto r = root.begin(), p = path.begin();
  for (; r != root.end(); ++r, ++p)
    if (p == path.end() || *p != *r) return false;
  return true;
}

struct FileInfo {
  fs::path path;  // Canonical.
  uint64_t size = 0;
  int64_t mtime_ns = 0;
};

// A regular file whose canonical path stays under `root` (symlinks resolved), or nullopt.
std::optional<FileInfo> FindFile(const fs::path& root, const fs::path& candidate) {
  std::error_code ec;
  fs::path real = fs::canonical(candidate, ec);
  if (ec || !Within(root, real)) return std::nullopt;
  struct stat st {};
  if (::stat(real.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  return FileInfo{std::move(real), static_cast<uint64_t>(st.st_size),
                  static_cast<int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec};
}

bool ReadWhole(const fs::path& path, uint64_t size, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out.resize(size);
  in.read(out.data(), static_cast<std::streamsize>(size));
  if (static_cast<uint64_t>(in.gcount()) != size) return false;
  return in.peek() == std::ifstream::traits_type::eof();  // Not grown since stat.
}

// Weak: the same bytes may come from another build with another mtime, and we do not hash.
std::string MakeETag(const FileInfo& f, std::string_view suffix) {
  char buf[80];
  std::snprintf(buf, sizeof buf, "W/\"%llx-%llx%.*s\"", static_cast<unsigned long long>(f.size),
                static_cast<unsigned long long>(f.mtime_ns), static_cast<int>(suffix.size()),
                suffix.data());
  return buf;
}

// Answers with `file`, named `name` for its type, or a precompressed sibling of it.
Response SendFile(const fs::path& root, const FileInfo& file, std::string_view name,
                  std::string_view cache_control, const Request& req) {
  // A sibling older than the file is left over from an earlier build: never send it.
  auto sibling = [&](const char* ext) -> std::optional<FileInfo> {
    auto f = FindFile(root, fs::path(file.path.string() + ext));
    if (!f || f->mtime_ns < file.mtime_ns) return std::nullopt;
    return f;
  };
  const auto br = sibling(".br");
  const auto gz = sibling(".gz");
  const Encoding enc =
      ChooseEncoding(Header(req, "accept-encoding"), br.has_value(), gz.has_value());
  const FileInfo* chosen = &file;
  const char* coding = nullptr;
  switch (enc) {
    case Encoding::kIdentity:
      break;
    case Encoding::kBrotli:
      chosen = &*br;
      coding = "br";
      break;
    case Encoding::kGzip:
      chosen = &*gz;
      coding = "gzip";
      break;
  }
  Response r;
  const std::string etag = MakeETag(*chosen, coding ? std::string("-") + coding : std::string());
  r.headers.emplace_back("ETag", etag);
  r.headers.emplace_back("Cache-Control", std::string(cache_control));
  r.headers.emplace_back("Vary", "Accept-Encoding");
  AddSecurityHeaders(r);
  r.content_type = std::string(ContentTypeFor(name));
  if (ETagMatches(Header(req, "if-none-match"), etag)) {
    r.status = 304;
    return r;
  }
  if (!ReadWhole(chosen->path, chosen->size, r.body)) {
    spdlog::warn("web root: cannot read {} (changed while reading?)", chosen->path.string());
    return ErrorResponse(
        Unavailable("file changed while being read; retry", "文件正在更新，请重试"));
  }
  if (coding) r.headers.emplace_back("Content-Encoding", coding);
  return r;
}

Response NotBuilt() {
  Response r;
  r.content_type = "text/html; charset=utf-8";
  r.body = kNotBuiltPage;
  r.headers.emplace_back("Cache-Control", "no-cache");
  AddSecurityHeaders(r);
  return r;
}

Response ServeUnchecked(const std::string& root_text, const Request& req) {
  std::vector<std::string> segments;
  switch (SplitSafePath(req.path, segments)) {
    case PathVerdict::kOk:
      break;
    case PathVerdict::kMalformed:
      return ErrorResponse(InvalidArgument("path not allowed", "路径不允许"));
    case PathVerdict::kHidden:
      return NotFoundResponse();
  }
  std::error_code ec;
  const fs::path root = fs::canonical(root_text, ec);
  const std::optional<FileInfo> index = ec ? std::nullopt : FindFile(root, root / "index.html");
  const bool is_index = segments.empty() || (segments.size() == 1 && segments[0] == "index.html");
  if (!index && is_index) return NotBuilt();
  if (ec) return NotFoundResponse();
  if (!segments.empty()) {
    fs::path candidate = root;
    for (const auto& s : segments) candidate /= s;
    if (auto file = FindFile(root, candidate))
      return SendFile(root, *file, segments.back(), CacheControlFor(segments), req);
  }
  // Not a file: the SPA's own routes ("/petitions/12") get index.html; a missing file
  // ("/assets/old-1a2B3c4D.js") stays 404 so a stale chunk never receives HTML.
  if (!index || HasExtension(segments)) return NotFoundResponse();
  return SendFile(root, *index, "index.html", "no-cache", req);
}

}  // namespace

std::string ResolveWebRoot(const std::string& configured) {
  fs::path p;
  if (!configured.empty()) {
    p = configured;
  } else if (const char* env = std::getenv("SIXIA_WEB_ROOT"); env != nullptr && *env != '\0') {
    p = env;
  } else {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    p = ec ? fs::path("web/dist") : exe.parent_path() / ".." / "web" / "dist";
  }
  std::error_code ec;
  if (fs::path abs = fs::absolute(p, ec); !ec) p = std::move(abs);
  p = p.lexically_normal();
  if (!p.has_filename() && p.has_parent_path() && p != p.root_path()) p = p.parent_path();
  return p.string();
}

StaticFiles::StaticFiles(std::string root, const std::vector<std::string>& router_patterns)
    : root_(std::move(root)) {
  for (const auto& pattern : router_patterns)
    if (!IsApiPath(pattern)) router_paths_.push_back(RouterSegments(pattern));
}

bool StaticFiles::Built() const {
  std::error_code ec;
  return fs::is_regular_file(fs::path(root_) / "index.html", ec);
}

bool StaticFiles::Handles(const Request& req) const {
  if (req.method != "GET" && req.method != "HEAD") return false;
  if (req.path.empty() || req.path[0] != '/' || IsApiPath(req.path)) return false;
  const auto segments = RouterSegments(req.path);
  return std::none_of(router_paths_.begin(), router_paths_.end(),
                      [&](const auto& p) { return MatchesPattern(p, segments); });
}

Response StaticFiles::Serve(const Request& req) const {
  try {
    return ServeUnchecked(root_, req);
  } catch (const std::exception& e) {
    spdlog::error("static {} {} threw: {}", req.method, req.path, e.what());
  } catch (...) {
    spdlog::error("static {} {} threw a non-std exception", req.method, req.path);
  }
  return ErrorResponse(Internal());
}

}  // namespace sixia::http
