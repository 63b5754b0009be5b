// The router's answer contract: every request gets exactly one response, whether its
// handler answers at once, later from another thread (an async handler waiting for a
// durable write), or throws.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "app/app.h"
#include "app/testing/app_test_base.h"
#include "http/router.h"

namespace sixia::http {
namespace {

// An App on a fresh data folder (app::testing::AppTestBase) and an empty router.
class RouterAnswers : public app::testing::AppTestBase {
 protected:
  void SetUp() override {
    OpenApp(1'700'000'000'000);
    if (HasFatalFailure()) return;
    router_ = std::make_unique<Router>(*app_);
  }

  void TearDown() override {
    for (auto& t : threads_) t.join();
    router_.reset();
    AppTestBase::TearDown();
  }

  // Every response `path` gets within a grace period, in order.
  std::vector<Response> Responses(const std::string& path) {
    Request req;
    req.method = "GET";
    req.path = path;
    auto got = std::make_shared<std::vector<Response>>();
    auto mu = std::make_shared<std::mutex>();
    router_->Handle(req, [got, mu](Response r) {
      std::lock_guard lock(*mu);
      got->push_back(std::move(r));
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(100));  // Room for a late second one.
    for (auto& t : threads_) t.join();
    threads_.clear();
    std::lock_guard lock(*mu);
    return *got;
  }

  std::unique_ptr<Router> router_;
  std::vector<std::thread> threads_;
};

TEST_F(RouterAnswers, AsyncHandlerAnswersLaterFromAnotherThread) {
  // Given a handler that copies what it needs and answers from another thread after returning
  router_->AddAsync("GET", "/later/{n}", Access::kPublic, [this](Context& c, Responder respond) {
    threads_.emplace_back([n = c.params.at("n"), respond = std::move(respond)] {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      Response r;
      r.status = 201;
      r.body = n;
      respond(std::move(r));
    });
  });
  // When it is asked
  const auto got = Responses("/later/7");
  // Then its one answer arrives, with what it copied
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].status, 201);
  EXPECT_EQ(got[0].body, "7");
}

TEST_F(RouterAnswers, ThrowingHandlerGetsOne500) {
  router_->AddAsync("GET", "/throws", Access::kPublic,
                    [](Context&, Responder) { throw std::runtime_error("boom"); });
  const auto got = Responses("/throws");
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].status, 500);
  EXPECT_EQ(got[0].body.find("boom"), std::string::npos);  // Logged, never shown.
}

TEST_F(RouterAnswers, AnswerThenThrowKeepsTheAnswer) {
  router_->AddAsync("GET", "/answers-then-throws", Access::kPublic, [](Context&, Responder respond) {
    Response r;
    r.status = 200;
    respond(std::move(r));
    throw std::runtime_error("after answering");
  });
  const auto got = Responses("/answers-then-throws");
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].status, 200);
}

TEST_F(RouterAnswers, SecondAnswerIsDropped) {
  router_->AddAsync("GET", "/twice", Access::kPublic, [](Context&, Responder respond) {
    Response a;
    a.status = 200;
    respond(a);
    Response b;
    b.status = 409;
    respond(b);
  });
  const auto got = Responses("/twice");
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].status, 200);
}

TEST_F(RouterAnswers, SyncHandlersAndUnknownPathsAnswerOnce) {
  router_->Add("GET", "/now", Access::kPublic, [](Context&) {
    Response r;
    r.status = 204;
    return r;
  });
  auto now = Responses("/now");
  ASSERT_EQ(now.size(), 1u);
  EXPECT_EQ(now[0].status, 204);
  auto missing = Responses("/nowhere");
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(missing[0].status, 404);
  // An authenticated route without credentials: 401 before any handler runs.
  bool ran = false;
  router_->Add("GET", "/private", Access::kAuthenticated, [&ran](Context&) {
    ran = true;
    return Response{};
  });
  auto denied = Responses("/private");
  ASSERT_EQ(denied.size(), 1u);
  EXPECT_EQ(denied[0].status, 401);
  EXPECT_FALSE(ran);
}

TEST_F(RouterAnswers, FindNamesTheRouteAndWhereItRuns) {
  auto answer = [](Context& c, Responder respond) {
    Response r;
    r.status = 200;
    r.body = c.params.count("id") ? c.params.at("id") : "";
    respond(std::move(r));
  };
  router_->AddAsync("POST", "/things", Access::kPublic, answer, RunOn::kIoThread);
  router_->AddAsync("GET", "/things/{id}", Access::kPublic, answer);
  auto find = [this](const char* method, const char* path) {
    Request req;
    req.method = method;
    req.path = path;
    return router_->Find(req);
  };
  // A route asking for the I/O thread, and one left on the workers (the default)
  EXPECT_EQ(find("POST", "/things").run_on(), RunOn::kIoThread);
  const auto get = find("GET", "/things/42");
  ASSERT_NE(get.route, nullptr);
  EXPECT_EQ(get.run_on(), RunOn::kWorker);
  EXPECT_EQ(get.params.at("id"), "42");
  // HEAD finds the GET route; unknown paths and other methods find none (on the workers)
  EXPECT_EQ(find("HEAD", "/things/42").route, get.route);
  const auto missing = find("GET", "/nowhere");
  EXPECT_EQ(missing.route, nullptr);
  EXPECT_TRUE(missing.allowed.empty());
  const auto other = find("DELETE", "/things");
  EXPECT_EQ(other.route, nullptr);
  EXPECT_EQ(other.allowed, std::vector<std::string>{"POST"});
  EXPECT_EQ(other.run_on(), RunOn::kWorker);
  // Run answers what Find found: the handler with its params, or the 405 with Allow
  Request del;
  del.method = "DELETE";
  del.path = "/things";
  std::vector<Response> got;
  router_->Run(del, other, [&got](Response r) { got.push_back(std::move(r)); });
  Request req;
  req.method = "GET";
  req.path = "/things/42";
  router_->Run(req, get, [&got](Response r) { got.push_back(std::move(r)); });
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].status, 405);
  ASSERT_EQ(got[0].headers.size(), 1u);
  EXPECT_EQ(got[0].headers[0].second, "POST");
  EXPECT_EQ(got[1].status, 200);
  EXPECT_EQ(got[1].body, "42");
}

}  // namespace
}  // namespace sixia::http
