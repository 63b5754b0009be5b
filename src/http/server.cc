#include "http/server.h"

#include <utility>  // Before Asio: Boost 1.74 with g++ 12 needs it.

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

#include <spdlog/spdlog.h>

#include "common/utf8.h"
#include "http/json_io.h"
#include "http/static_files.h"

namespace sixia::http {
namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

// Splits the target into path and query; kInvalidArgument on bad escapes or UTF-8.
Status ParseTarget(std::string_view target, Request& req) {
  const Status bad = InvalidArgument("malformed URL (escape or UTF-8)", "URL格式错误（转义或UTF-8编码）");
  const size_t q = target.find('?');
  if (!PercentDecode(target.substr(0, q), false, req.path) || !IsValidUtf8(req.path)) return bad;
  if (req.path.empty() || req.path[0] != '/') return bad;
  if (q == std::string_view::npos) return Status::Ok();
  std::string_view rest = target.substr(q + 1);
  while (!rest.empty()) {
    const size_t amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    const size_t eq = pair.find('=');
    std::string key, value;
    if (!PercentDecode(pair.substr(0, eq), true, key) ||
        !PercentDecode(eq == std::string_view::npos ? "" : pair.substr(eq + 1), true, value) ||
        !IsValidUtf8(key) || !IsValidUtf8(value))
      return bad;
    if (!key.empty()) req.query[key] = value;
    if (amp == std::string_view::npos) break;
    rest = rest.substr(amp + 1);
  }
  return Status::Ok();
}

class Server;

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Server& server);
  void Start();
  // Called on the session's strand: close now if idle, else after the response.
  void Shutdown();

 private:
  void Read();
  void WaitForNextRequest();
  void OnHeader(beast::error_code ec, size_t);
  void OnRead(beast::error_code ec, size_t);
  void Dispatch(Request req, bool keep_alive, unsigned version);
  void Write(Response resp, bool keep_alive, unsigned version);
  void OnWrite(bool keep_alive, beast::error_code ec, size_t);
  void WriteErrorAndClose(const Status& st);
  void Close();

  beast::tcp_stream stream_;
  net::steady_timer idle_timer_;  // Bounds the wait for the next request on keep-alive.
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::optional<bhttp::response<bhttp::string_body>> response_;
  Server& server_;
  bool busy_ = false;      // A request is with the workers or being written (strand-only).
  bool closing_ = false;   // Shutdown requested (strand-only).
  bool closed_ = false;    // Socket closed and unregistered (strand-only).
  bool head_ = false;      // The request being answered is a HEAD (strand-only).
};

class Server {
 public:
  Server(const app::HttpOptions& options, const Router& router, const StaticFiles& static_files)
      : options_(options), router_(router), static_files_(static_files), ioc_(options.io_threads),
        acceptor_(ioc_), workers_(options.worker_threads), signals_(ioc_, SIGTERM, SIGINT) {}

  Status Listen(std::string& bound) {
    const size_t colon = options_.listen.rfind(':');
    if (colon == std::string::npos)
      return InvalidArgument("listen address must be host:port", "监听地址格式应为 host:port", "listen");
    beast::error_code ec;
    const auto address = net::ip::make_address(options_.listen.substr(0, colon), ec);
    if (ec) return InvalidArgument("bad listen address", "监听地址无效", "listen");
    int port = 0;
    try {
      port = std::stoi(options_.listen.substr(colon + 1));
    } catch (...) {
      port = -1;
    }
    if (port < 0 || port > 65535) return InvalidArgument("bad listen port", "监听端口无效", "listen");
    tcp::endpoint ep(address, static_cast<unsigned short>(port));
    acceptor_.open(ep.protocol(), ec);
    if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(ep, ec);
    if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
    if (ec) {
      spdlog::error("listen on {}: {}", options_.listen, ec.message());
      return Unavailable("cannot listen on " + options_.listen + ": " + ec.message(),
                         "无法监听地址 " + options_.listen);
    }
    const auto local = acceptor_.local_endpoint();
    bound = local.address().to_string() + ":" + std::to_string(local.port());
    return Status::Ok();
  }

  void Run() {
    // Keeps the loop alive while handlers run on the workers (a session waiting for its
    // handler has no pending I/O); released once the last session is gone after a stop.
    work_.emplace(net::make_work_guard(ioc_));
    signals_.async_wait([this](beast::error_code, int sig) {
      spdlog::info("signal {}: stopping (finishing requests in flight)", sig);
      BeginShutdown();
    });
    Accept();
    std::vector<std::thread> threads;
    for (int i = 1; i < options_.io_threads; ++i) threads.emplace_back([this] { ioc_.run(); });
    ioc_.run();
    for (auto& t : threads) t.join();
    workers_.join();
    // An async handler's answer may still be on its way from the store (a write waiting for
    // its commit after the 30 s deadline): it holds its session, whose socket belongs to
    // ioc_, so the server must outlive it. The store answers every write, even on error.
    std::unique_lock lock(flight_mu_);
    if (!flight_cv_.wait_for(lock, std::chrono::seconds(60), [this] { return in_flight_ == 0; }))
      spdlog::error("{} responses still pending after the stop; exiting without them", in_flight_);
  }

  // Counts responses promised but not yet handed to their session (see Run).
  void Promised() {
    std::lock_guard lock(flight_mu_);
    ++in_flight_;
  }
  void Delivered() {
    std::lock_guard lock(flight_mu_);
    if (--in_flight_ == 0) flight_cv_.notify_all();
  }

  const app::HttpOptions& options() const { return options_; }
  const Router& router() const { return router_; }
  const StaticFiles& static_files() const { return static_files_; }
  net::thread_pool& workers() { return workers_; }

  void Register(const std::shared_ptr<Session>& s) {
    std::lock_guard lock(mu_);
    sessions_.insert(s);
  }
  void Unregister(const std::shared_ptr<Session>& s) {
    std::lock_guard lock(mu_);
    sessions_.erase(s);
    --connections_;
    if (stopping_ && sessions_.empty()) Release();
  }

  // Lets the loop end: drops the work guard and the shutdown deadline. Call under mu_.
  void Release() {
    work_.reset();
    net::post(ioc_, [this] { deadline_.cancel(); });
  }
  bool stopping() const { return stopping_.load(); }

 private:
  void Accept() {
    acceptor_.async_accept(net::make_strand(ioc_), [this](beast::error_code ec, tcp::socket socket) {
      if (ec) {
        if (!stopping_) {
          spdlog::warn("accept: {}", ec.message());
          Accept();
        }
        return;
      }
      if (connections_.load() >= options_.max_connections) {
        beast::error_code ignored;
        socket.close(ignored);
      } else {
        ++connections_;
        auto session = std::make_shared<Session>(std::move(socket), *this);
        Register(session);
        session->Start();
      }
      Accept();
    });
  }

  void BeginShutdown() {
    stopping_ = true;
    beast::error_code ec;
    acceptor_.close(ec);
    std::vector<std::shared_ptr<Session>> sessions;
    {
      std::lock_guard lock(mu_);
      sessions.assign(sessions_.begin(), sessions_.end());
    }
    for (auto& s : sessions) s->Shutdown();
    // A handler that never returns must not keep the process alive forever.
    deadline_.expires_after(std::chrono::seconds(30));
    deadline_.async_wait([this](beast::error_code ec) {
      if (ec) return;
      spdlog::warn("requests still in flight after 30 s; stopping anyway");
      ioc_.stop();
    });
    std::lock_guard lock(mu_);
    if (sessions_.empty()) Release();
  }

  const app::HttpOptions options_;
  const Router& router_;
  const StaticFiles& static_files_;
  net::io_context ioc_;
  tcp::acceptor acceptor_;
  net::thread_pool workers_;
  net::signal_set signals_;
  net::steady_timer deadline_{ioc_};
  std::optional<net::executor_work_guard<net::io_context::executor_type>> work_;  // Guarded by mu_.
  std::atomic<bool> stopping_{false};
  std::atomic<int> connections_{0};
  std::mutex mu_;
  std::set<std::shared_ptr<Session>> sessions_;  // Guarded by mu_.
  std::mutex flight_mu_;
  std::condition_variable flight_cv_;
  int in_flight_ = 0;  // Guarded by flight_mu_.
};

Session::Session(tcp::socket socket, Server& server)
    : stream_(std::move(socket)), idle_timer_(stream_.get_executor()), server_(server) {}

void Session::Start() {
  net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->Read(); });
}

void Session::Shutdown() {
  net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
    self->closing_ = true;
    if (!self->busy_) self->Close();
  });
}

void Session::Read() {
  if (closing_) return Close();
  head_ = false;
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(server_.options().header_limit));
  parser_->body_limit(server_.options().body_limit);
  stream_.expires_after(std::chrono::milliseconds(server_.options().read_timeout_ms));
  // The head first: the body limit depends on the route (attachment uploads are larger).
  bhttp::async_read_header(stream_, buffer_, *parser_,
                           beast::bind_front_handler(&Session::OnHeader, shared_from_this()));
}

void Session::OnHeader(beast::error_code ec, size_t bytes) {
  if (ec) return OnRead(ec, bytes);  // The same error handling as for a whole request.
  const auto& head = parser_->get();
  const auto target = head.target();
  const std::string_view path(target.data(), std::min(target.find('?'), target.size()));
  // Petition attachments and field issue photos.
  auto upload = [&path](std::string_view suffix) {
    return path.size() > suffix.size() && path.substr(path.size() - suffix.size()) == suffix;
  };
  if (head.method() == bhttp::verb::post && (upload("/attachments") || upload("/photos")))
    parser_->body_limit(server_.options().upload_limit);
  bhttp::async_read(stream_, buffer_, *parser_,
                    beast::bind_front_handler(&Session::OnRead, shared_from_this()));
}

void Session::OnRead(beast::error_code ec, size_t) {
  if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout ||
      ec == net::error::operation_aborted || ec == net::error::connection_reset || ec == net::error::eof)
    return Close();
  if (ec == bhttp::error::body_limit)
    return WriteErrorAndClose({ErrorCode::kPayloadTooLarge, "request body larger than the limit",
                               "请求体超过大小上限"});
  if (ec == bhttp::error::header_limit) {
    Response r = ErrorResponse(InvalidArgument("request header too large", "请求头过大"));
    r.status = 431;  // Request Header Fields Too Large.
    return Write(std::move(r), false, 11);
  }
  if (ec) return WriteErrorAndClose(InvalidArgument("malformed HTTP request", "HTTP请求格式错误"));

  auto& msg = parser_->get();
  Request req;
  req.method = std::string(msg.method_string());
  beast::error_code rec;
  const auto remote = stream_.socket().remote_endpoint(rec);
  req.remote = rec ? "unknown" : remote.address().to_string();
  const auto target = msg.target();
  Status st = ParseTarget(std::string_view(target.data(), target.size()), req);
  if (!st.ok()) return WriteErrorAndClose(st);
  for (const char* name : kForwardedHeaders) {
    auto it = msg.find(name);
    if (it != msg.end()) req.headers[name] = std::string(it->value());
  }
  if (auto it = msg.find(bhttp::field::accept_encoding); it != msg.end())  // For StaticFiles.
    req.headers["accept-encoding"] = std::string(it->value());
  head_ = msg.method() == bhttp::verb::head;
  req.body = std::move(msg.body());
  Dispatch(std::move(req), msg.keep_alive(), msg.version());
}

void Session::Dispatch(Request req, bool keep_alive, unsigned version) {
  busy_ = true;
  stream_.expires_never();
  // Static files and most routes run on the workers; a route that only computes and makes
  // calls that return promptly runs here, on this connection's strand (Router::RunOn).
  const bool is_static = server_.static_files().Handles(req);
  Router::Found found;
  if (!is_static) found = server_.router().Find(req);
  const bool here = !is_static && found.run_on() == RunOn::kIoThread;
  auto run = [self = shared_from_this(), req = std::move(req), found = std::move(found), is_static,
              keep_alive, version]() mutable {
    // Back to the session's strand, from the worker or from whichever thread completes an
    // async handler (a durable write), so no thread waits for a commit.
    // The router calls it exactly once.
    self->server_.Promised();
    Responder respond = [self, keep_alive, version](Response resp) {
      net::post(self->stream_.get_executor(), [self, resp = std::move(resp), keep_alive, version]() mutable {
        self->Write(std::move(resp), keep_alive, version);
      });
      self->server_.Delivered();
    };
    if (is_static) return respond(self->server_.static_files().Serve(req));
    self->server_.router().Run(req, std::move(found), std::move(respond));
  };
  if (here) return run();
  net::post(server_.workers(), std::move(run));
}

void Session::Write(Response resp, bool keep_alive, unsigned version) {
  busy_ = true;
  keep_alive = keep_alive && !closing_ && !server_.stopping();
  response_.emplace(static_cast<bhttp::status>(resp.status), version);
  response_->set(bhttp::field::server, "sixia");
  if (resp.status != 204 && resp.status != 304)
    response_->set(bhttp::field::content_type, resp.content_type);
  // Versioned reads (with an ETag) may be kept by the browser but must be revalidated;
  // everything else holds personal or changing data and is never stored.
  // A response that sets its own policy (the web app's files) keeps it.
  auto has = [&resp](std::string_view name) {
    return std::any_of(resp.headers.begin(), resp.headers.end(),
                       [name](const auto& h) { return h.first == name; });
  };
  if (!has("Cache-Control"))
    response_->set(bhttp::field::cache_control, has("ETag") ? "private, no-cache" : "no-store");
  response_->set("X-Content-Type-Options", "nosniff");
  for (auto& [k, v] : resp.headers) response_->insert(k, v);
  response_->body() = std::move(resp.body);
  response_->keep_alive(keep_alive);
  response_->prepare_payload();
  // HEAD: the length a GET would have had, and no content (RFC 9110 §9.3.2).
  if (head_) response_->body().clear();
  stream_.expires_after(std::chrono::milliseconds(server_.options().read_timeout_ms));
  bhttp::async_write(stream_, *response_,
                     beast::bind_front_handler(&Session::OnWrite, shared_from_this(), keep_alive));
}

void Session::OnWrite(bool keep_alive, beast::error_code ec, size_t) {
  busy_ = false;
  response_.reset();
  if (ec || !keep_alive) return Close();
  WaitForNextRequest();
}

// A kept-alive connection may stay silent for idle_timeout_ms; once bytes arrive, the whole
// request must follow within read_timeout_ms.
void Session::WaitForNextRequest() {
  if (closing_) return Close();
  if (buffer_.size() > 0) return Read();  // Pipelined request already buffered.
  stream_.expires_never();
  idle_timer_.expires_after(std::chrono::milliseconds(server_.options().idle_timeout_ms));
  idle_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
    if (!ec) self->Close();  // Idle too long; a cancelled timer means data arrived.
  });
  stream_.socket().async_wait(tcp::socket::wait_read,
                              [self = shared_from_this()](beast::error_code ec) {
                                self->idle_timer_.cancel();
                                if (ec || self->closed_) return self->Close();
                                self->Read();
                              });
}

void Session::WriteErrorAndClose(const Status& st) {
  Write(ErrorResponse(st), false, 11);
}

void Session::Close() {
  if (closed_) return;
  closed_ = true;
  idle_timer_.cancel();
  beast::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  stream_.socket().close(ec);
  server_.Unregister(shared_from_this());
}

}  // namespace

Status Serve(const app::HttpOptions& options, const Router& router,
             const std::function<void(const std::string&)>& on_listening) {
  const StaticFiles static_files(ResolveWebRoot(options.web_root), [&router] {
    std::vector<std::string> patterns;
    for (const auto& r : router.Routes()) patterns.push_back(r.pattern);
    return patterns;
  }());
  if (static_files.Built())
    spdlog::info("web interface: serving {}", static_files.root());
  else
    spdlog::info("web interface: no index.html in {} (run `make build`); / says so",
                 static_files.root());
  Server server(options, router, static_files);
  std::string bound;
  SIXIA_RETURN_IF_ERROR(server.Listen(bound));
  on_listening(bound);
  server.Run();
  return Status::Ok();
}

}  // namespace sixia::http
