// StaticFiles: path safety, SPA fallback, cache policy, precompressed siblings and ETags,
// on a throw-away web root.
#include "http/static_files.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace sixia::http {
namespace {

namespace fs = std::filesystem;
using namespace static_files_internal;

std::string HeaderOf(const Response& r, const std::string& name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return {};
}

void WriteFile(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

Request Get(std::string path, std::string accept_encoding = {}) {
  Request req;
  req.method = "GET";
  req.path = std::move(path);
  if (!accept_encoding.empty()) req.headers["accept-encoding"] = std::move(accept_encoding);
  return req;
}

// A web root like web/dist: index.html, a hashed chunk with .br/.gz siblings, a favicon;
// beside it a secret that must never be served.
class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::path(::testing::TempDir()) / "sixia-static-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    base_ = tmpl;
    root_ = base_ / "dist";
    WriteFile(root_ / "index.html", "<!doctype html><div id=app></div>");
    WriteFile(root_ / "assets" / "index-BXk3a9f2.js", "console.log('app')");
    WriteFile(root_ / "assets" / "index-BXk3a9f2.js.br", "BR");
    WriteFile(root_ / "assets" / "index-BXk3a9f2.js.gz", "GZ");
    WriteFile(root_ / "favicon.ico", "ICO");
    WriteFile(root_ / ".env", "SECRET=1");
    WriteFile(base_ / "secret.txt", "top secret");
  }
  void TearDown() override { fs::remove_all(base_); }

  StaticFiles Files() const {
    return StaticFiles(root_.string(), {"/healthz", "/api/v1/units/{id}"});
  }

  fs::path base_;
  fs::path root_;
};

TEST(StaticFilesPath, SplitsIntoNonEmptySegments) {
  std::vector<std::string> seg;
  EXPECT_EQ(SplitSafePath("/assets//app.js", seg), PathVerdict::kOk);
  EXPECT_EQ(seg, (std::vector<std::string>{"assets", "app.js"}));
  EXPECT_EQ(SplitSafePath("/", seg), PathVerdict::kOk);
  EXPECT_TRUE(seg.empty());
}

TEST(StaticFilesPath, DotSegmentsNulAndBackslashAreMalformed) {
  std::vector<std::string> seg;
  for (const std::string& p :
       std::vector<std::string>{"/../../etc/passwd", "/assets/../../config.json", "/a/./b", "/a/..",
                                "/a\\..\\b", std::string("/a\0b", 4)}) {
    SCOPED_TRACE(p);
    EXPECT_EQ(SplitSafePath(p, seg), PathVerdict::kMalformed);
  }
}

TEST(StaticFilesPath, DotFilesAreHidden) {
  std::vector<std::string> seg;
  EXPECT_EQ(SplitSafePath("/.env", seg), PathVerdict::kHidden);
  EXPECT_EQ(SplitSafePath("/.git/config", seg), PathVerdict::kHidden);
  EXPECT_EQ(SplitSafePath("/.git/../x", seg), PathVerdict::kMalformed);
}

TEST(StaticFilesPath, ExtensionOnlyOnTheLastSegment) {
  EXPECT_TRUE(HasExtension({"assets", "app.js"}));
  EXPECT_FALSE(HasExtension({"petitions", "12"}));
  EXPECT_FALSE(HasExtension({"v1.2", "login"}));
  EXPECT_FALSE(HasExtension({"trailing."}));
  EXPECT_FALSE(HasExtension({}));
}

TEST(StaticFilesContentType, KnownExtensions) {
  EXPECT_EQ(ContentTypeFor("index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("a-1.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("a.mjs"), "text/javascript; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("a.css"), "text/css; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("a.svg"), "image/svg+xml");
  EXPECT_EQ(ContentTypeFor("a.PNG"), "image/png");
  EXPECT_EQ(ContentTypeFor("a.jpg"), "image/jpeg");
  EXPECT_EQ(ContentTypeFor("a.webp"), "image/webp");
  EXPECT_EQ(ContentTypeFor("favicon.ico"), "image/x-icon");
  EXPECT_EQ(ContentTypeFor("a.woff2"), "font/woff2");
  EXPECT_EQ(ContentTypeFor("a.json"), "application/json; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("a.js.map"), "application/json; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("robots.txt"), "text/plain; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("a.wasm"), "application/wasm");
  EXPECT_EQ(ContentTypeFor("a.exe"), "application/octet-stream");
  EXPECT_EQ(ContentTypeFor("noext"), "application/octet-stream");
}

TEST(StaticFilesCache, ViteHashedNamesAreRecognised) {
  EXPECT_TRUE(IsHashedName("index-BXk3a9f2.js"));
  EXPECT_TRUE(IsHashedName("index-D-q4v_Xx.css"));
  EXPECT_TRUE(IsHashedName("PetitionList-0a1b2c3d.js.map"));
  EXPECT_TRUE(IsHashedName("KaTeX_Main-Regular-Dx4q2Ba4.woff2"));
  EXPECT_FALSE(IsHashedName("app.js"));
  EXPECT_FALSE(IsHashedName("app-sidebars.js"));  // Eight lower-case letters: a word.
  EXPECT_FALSE(IsHashedName("index-BXk3a9.js"));  // Too short.
  EXPECT_FALSE(IsHashedName("index-BXk3a9f2"));   // No extension.
}

TEST(StaticFilesCache, OnlyHashedAssetsAreImmutable) {
  EXPECT_EQ(CacheControlFor({"assets", "index-BXk3a9f2.js"}),
            "public, max-age=31536000, immutable");
  EXPECT_EQ(CacheControlFor({"assets", "logo.svg"}), "no-cache");
  EXPECT_EQ(CacheControlFor({"index-BXk3a9f2.js"}), "no-cache");  // Outside /assets/.
  EXPECT_EQ(CacheControlFor({"index.html"}), "no-cache");
}

TEST(StaticFilesEncoding, PrefersBrotliThenGzipWhenAccepted) {
  EXPECT_EQ(ChooseEncoding("gzip, deflate, br", true, true), Encoding::kBrotli);
  EXPECT_EQ(ChooseEncoding("gzip, deflate, br", false, true), Encoding::kGzip);
  EXPECT_EQ(ChooseEncoding("gzip", true, true), Encoding::kGzip);
  EXPECT_EQ(ChooseEncoding("br;q=0.5, gzip;q=0.8", true, true), Encoding::kGzip);
  EXPECT_EQ(ChooseEncoding("BR", true, false), Encoding::kBrotli);
  EXPECT_EQ(ChooseEncoding("*", true, true), Encoding::kBrotli);
  EXPECT_EQ(ChooseEncoding("*;q=0.5, br;q=0", true, true), Encoding::kGzip);
}

TEST(StaticFilesEncoding, IdentityWhenRefusedAbsentOrMissing) {
  EXPECT_EQ(ChooseEncoding("", true, true), Encoding::kIdentity);
  EXPECT_EQ(ChooseEncoding("identity", true, true), Encoding::kIdentity);
  EXPECT_EQ(ChooseEncoding("br;q=0, gzip;q=0.000", true, true), Encoding::kIdentity);
  EXPECT_EQ(ChooseEncoding("br, gzip", false, false), Encoding::kIdentity);
  EXPECT_EQ(ChooseEncoding("deflate", true, true), Encoding::kIdentity);
}

TEST(StaticFilesETag, WeakComparisonListsAndStar) {
  EXPECT_TRUE(ETagMatches("W/\"1-2\"", "W/\"1-2\""));
  EXPECT_TRUE(ETagMatches("\"1-2\"", "W/\"1-2\""));
  EXPECT_TRUE(ETagMatches("\"x\", W/\"1-2\"", "W/\"1-2\""));
  EXPECT_TRUE(ETagMatches("*", "W/\"1-2\""));
  EXPECT_FALSE(ETagMatches("W/\"1-3\"", "W/\"1-2\""));
  EXPECT_FALSE(ETagMatches("", "W/\"1-2\""));
}

TEST_F(StaticFilesTest, HandlesOnlyGetAndHeadOutsideTheApiAndRouterPaths) {
  const StaticFiles files = Files();
  EXPECT_TRUE(files.Handles(Get("/")));
  EXPECT_TRUE(files.Handles(Get("/petitions/12")));
  Request head = Get("/assets/index-BXk3a9f2.js");
  head.method = "HEAD";
  EXPECT_TRUE(files.Handles(head));
  EXPECT_FALSE(files.Handles(Get("/api")));
  EXPECT_FALSE(files.Handles(Get("/api/v1/nope")));
  EXPECT_FALSE(files.Handles(Get("/healthz")));
  Request post = Get("/login");
  post.method = "POST";
  EXPECT_FALSE(files.Handles(post));
  EXPECT_TRUE(files.Handles(Get("/apiary")));  // Only the /api/ folder is reserved.
}

TEST_F(StaticFilesTest, ServesAFileWithTypeETagAndImmutableCache) {
  const Response r = Files().Serve(Get("/assets/index-BXk3a9f2.js"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "console.log('app')");
  EXPECT_EQ(r.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(HeaderOf(r, "Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(HeaderOf(r, "Vary"), "Accept-Encoding");
  EXPECT_EQ(HeaderOf(r, "Content-Encoding"), "");
  EXPECT_EQ(HeaderOf(r, "ETag").rfind("W/\"", 0), 0u);
  EXPECT_NE(HeaderOf(r, "Content-Security-Policy").find("default-src 'self'"), std::string::npos);
}

TEST_F(StaticFilesTest, SendsThePrecompressedSiblingTheClientAccepts) {
  const StaticFiles files = Files();
  const Response br = files.Serve(Get("/assets/index-BXk3a9f2.js", "gzip, deflate, br"));
  EXPECT_EQ(br.body, "BR");
  EXPECT_EQ(HeaderOf(br, "Content-Encoding"), "br");
  EXPECT_EQ(br.content_type, "text/javascript; charset=utf-8");
  const Response gz = files.Serve(Get("/assets/index-BXk3a9f2.js", "gzip"));
  EXPECT_EQ(gz.body, "GZ");
  EXPECT_EQ(HeaderOf(gz, "Content-Encoding"), "gzip");
  EXPECT_NE(HeaderOf(br, "ETag"), HeaderOf(gz, "ETag"));
}

TEST_F(StaticFilesTest, IgnoresASiblingOlderThanItsFile) {
  const auto js = root_ / "assets" / "index-BXk3a9f2.js";
  fs::last_write_time(root_ / "assets" / "index-BXk3a9f2.js.br",
                      fs::last_write_time(js) - std::chrono::hours(1));
  const Response r = Files().Serve(Get("/assets/index-BXk3a9f2.js", "br"));
  EXPECT_EQ(r.body, "console.log('app')");
  EXPECT_EQ(HeaderOf(r, "Content-Encoding"), "");
}

TEST_F(StaticFilesTest, AnswersNotModifiedForAMatchingETag) {
  const StaticFiles files = Files();
  const Response first = files.Serve(Get("/favicon.ico"));
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(first.content_type, "image/x-icon");
  EXPECT_EQ(HeaderOf(first, "Cache-Control"), "no-cache");
  Request again = Get("/favicon.ico");
  again.headers["if-none-match"] = HeaderOf(first, "ETag");
  const Response second = files.Serve(again);
  EXPECT_EQ(second.status, 304);
  EXPECT_TRUE(second.body.empty());
  EXPECT_EQ(HeaderOf(second, "ETag"), HeaderOf(first, "ETag"));
}

TEST_F(StaticFilesTest, SpaRoutesGetIndexHtmlUncached) {
  const StaticFiles files = Files();
  for (const char* path : {"/", "/petitions/12", "/login", "/assets", "/index.html"}) {
    SCOPED_TRACE(path);
    const Response r = files.Serve(Get(path));
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, "<!doctype html><div id=app></div>");
    EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
    EXPECT_EQ(HeaderOf(r, "Cache-Control"), "no-cache");
  }
}

TEST_F(StaticFilesTest, MissingFileWithAnExtensionIs404NotIndexHtml) {
  const Response r = Files().Serve(Get("/assets/nope.js"));
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.content_type, "application/json; charset=utf-8");
}

TEST_F(StaticFilesTest, TraversalAndDotFilesNeverLeaveTheRoot) {
  const StaticFiles files = Files();
  EXPECT_EQ(files.Serve(Get("/../secret.txt")).status, 400);
  EXPECT_EQ(files.Serve(Get("/assets/../../secret.txt")).status, 400);
  EXPECT_EQ(files.Serve(Get("/.env")).status, 404);
  EXPECT_EQ(files.Serve(Get("/a\\..\\secret.txt")).status, 400);
}

TEST_F(StaticFilesTest, SymlinkOutOfTheRootIsNotFollowed) {
  fs::create_symlink(base_ / "secret.txt", root_ / "leak.txt");
  fs::create_directory_symlink(base_, root_ / "up");
  fs::create_symlink(root_ / "favicon.ico", root_ / "inside.ico");
  const StaticFiles files = Files();
  EXPECT_EQ(files.Serve(Get("/leak.txt")).status, 404);
  EXPECT_EQ(files.Serve(Get("/up/secret.txt")).status, 404);
  EXPECT_EQ(files.Serve(Get("/inside.ico")).body, "ICO");  // Symlinks inside the root are fine.
}

TEST_F(StaticFilesTest, WithoutIndexHtmlTheRootShowsTheNotBuiltPage) {
  fs::remove(root_ / "index.html");
  const StaticFiles files = Files();
  EXPECT_FALSE(files.Built());
  const Response r = files.Serve(Get("/"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
  EXPECT_NE(r.body.find("make build"), std::string::npos);
  EXPECT_NE(r.body.find("尚未构建"), std::string::npos);
  EXPECT_EQ(r.body.find(root_.string()), std::string::npos);  // No server paths to clients.
  EXPECT_EQ(files.Serve(Get("/petitions/12")).status, 404);
  EXPECT_EQ(files.Serve(Get("/favicon.ico")).status, 200);
}

TEST_F(StaticFilesTest, MissingRootShowsTheNotBuiltPage) {
  const StaticFiles files((base_ / "nowhere").string(), {});
  EXPECT_EQ(files.Serve(Get("/")).status, 200);
  EXPECT_EQ(files.Serve(Get("/login")).status, 404);
}

TEST(StaticFilesRoot, ConfiguredWinsThenEnvironmentThenBesideTheBinary) {
  EXPECT_EQ(ResolveWebRoot("/srv/sixia/web/"), "/srv/sixia/web");
  const char* old = std::getenv("SIXIA_WEB_ROOT");
  const std::string saved = old ? old : "";
  ::setenv("SIXIA_WEB_ROOT", "/opt/web/dist", 1);
  EXPECT_EQ(ResolveWebRoot(""), "/opt/web/dist");
  EXPECT_EQ(ResolveWebRoot("/srv/x"), "/srv/x");
  ::unsetenv("SIXIA_WEB_ROOT");
  const fs::path exe = fs::read_symlink("/proc/self/exe");
  EXPECT_EQ(ResolveWebRoot(""), (exe.parent_path().parent_path() / "web" / "dist").string());
  if (old) ::setenv("SIXIA_WEB_ROOT", saved.c_str(), 1);
}

}  // namespace
}  // namespace sixia::http
