// docs/openapi.yaml against the router: every registered route is described, and every
// described operation is a real route, so the served description cannot drift from the code.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/app.h"
#include "app/testing/app_test_base.h"
#include "http/router.h"

namespace sixia::http {

// Generated at build time from docs/openapi.yaml by src/tools/yaml2json.cc.
extern const char kOpenApiJson[];

namespace {

using nlohmann::json;

// The lower-case operation keys an OpenAPI path item may hold.
const std::set<std::string>& OperationKeys() {
  static const std::set<std::string> kKeys = {"get",     "put",  "post",  "delete",
                                              "options", "head", "patch", "trace"};
  return kKeys;
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// An App on a fresh data folder (app::testing::AppTestBase) with every route of the server
// registered.
class OpenApi : public app::testing::AppTestBase {
 protected:
  void SetUp() override {
    OpenApp(1'700'000'000'000);
    if (HasFatalFailure()) return;
    router_ = std::make_unique<Router>(*app_);
    RegisterAllRoutes(*router_, *app_);
    doc_ = json::parse(kOpenApiJson);
  }

  void TearDown() override {
    router_.reset();
    AppTestBase::TearDown();
  }

  // (lower-case method, pattern) of every registered route.
  std::set<std::pair<std::string, std::string>> RouteKeys() const {
    std::set<std::pair<std::string, std::string>> out;
    for (const auto& r : router_->Routes()) out.insert({Lower(r.method), r.pattern});
    return out;
  }

  std::unique_ptr<Router> router_;
  json doc_;
};

TEST_F(OpenApi, ServedDocumentIsOpenApi3WithAVersion) {
  ASSERT_TRUE(doc_.is_object());
  ASSERT_TRUE(doc_.contains("openapi"));
  ASSERT_TRUE(doc_["openapi"].is_string());
  EXPECT_EQ(doc_["openapi"].get<std::string>().rfind("3.", 0), 0u) << doc_["openapi"];
  ASSERT_TRUE(doc_.contains("info"));
  ASSERT_TRUE(doc_["info"].contains("version"));
  ASSERT_TRUE(doc_["info"]["version"].is_string());
  EXPECT_FALSE(doc_["info"]["version"].get<std::string>().empty());
  ASSERT_TRUE(doc_.contains("paths"));
  EXPECT_TRUE(doc_["paths"].is_object());
}

TEST_F(OpenApi, EveryRouteIsDescribed) {
  // Given every route the server registers
  const auto routes = router_->Routes();
  ASSERT_FALSE(routes.empty());
  const json& paths = doc_["paths"];
  // Then each has an operation under its exact pattern and lower-case method
  for (const auto& r : routes) {
    const std::string method = Lower(r.method);
    EXPECT_TRUE(paths.contains(r.pattern) && paths[r.pattern].contains(method))
        << "docs/openapi.yaml lacks " << r.method << " " << r.pattern;
  }
}

TEST_F(OpenApi, EveryDescribedOperationIsARoute) {
  // Given the routes the server registers
  const auto routes = RouteKeys();
  // Then every operation in the description names one of them
  for (const auto& [path, item] : doc_["paths"].items()) {
    ASSERT_TRUE(item.is_object()) << path;
    for (const auto& [key, op] : item.items()) {
      if (!OperationKeys().count(key)) continue;  // "parameters", "summary", …
      EXPECT_TRUE(routes.count({key, path}))
          << "docs/openapi.yaml describes " << key << " " << path << ", which is no route";
    }
  }
}

TEST_F(OpenApi, EveryOperationDocumentsAResponseAndItsPathParameters) {
  const json& params = doc_["components"]["parameters"];
  for (const auto& [path, item] : doc_["paths"].items()) {
    for (const auto& [key, op] : item.items()) {
      if (!OperationKeys().count(key)) continue;
      // Given an operation
      ASSERT_TRUE(op.contains("responses")) << key << " " << path;
      EXPECT_FALSE(op["responses"].empty()) << key << " " << path;
      // Then each {name} of its path is declared as a path parameter (inline or $ref)
      std::set<std::string> declared;
      for (const auto& p : op.value("parameters", json::array())) {
        const json* def = &p;
        if (p.contains("$ref")) {
          const std::string ref = p["$ref"];
          const std::string prefix = "#/components/parameters/";
          ASSERT_EQ(ref.rfind(prefix, 0), 0u) << ref;
          ASSERT_TRUE(params.contains(ref.substr(prefix.size()))) << "dangling " << ref;
          def = &params[ref.substr(prefix.size())];
        }
        if (def->value("in", "") == "path") declared.insert(def->value("name", ""));
      }
      for (size_t open = path.find('{'); open != std::string::npos;
           open = path.find('{', open + 1)) {
        const std::string name = path.substr(open + 1, path.find('}', open) - open - 1);
        EXPECT_TRUE(declared.count(name))
            << key << " " << path << " does not declare {" << name << "}";
      }
    }
  }
}

TEST_F(OpenApi, EveryReferenceResolves) {
  // Given every "$ref" anywhere in the document
  std::vector<std::string> refs;
  std::function<void(const json&)> walk = [&](const json& j) {
    if (j.is_object()) {
      for (const auto& [k, v] : j.items()) {
        if (k == "$ref" && v.is_string()) refs.push_back(v);
        walk(v);
      }
    } else if (j.is_array()) {
      for (const auto& v : j) walk(v);
    }
  };
  walk(doc_);
  ASSERT_FALSE(refs.empty());
  // Then each points at something in this document
  for (const auto& ref : refs) {
    ASSERT_EQ(ref.rfind("#/", 0), 0u) << "only local references are used: " << ref;
    EXPECT_TRUE(doc_.contains(json::json_pointer(ref.substr(1)))) << "dangling " << ref;
  }
}

}  // namespace
}  // namespace sixia::http
