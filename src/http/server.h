#pragma once
// The HTTP/1.1 server (Boost.Beast + Asio). The only translation unit that includes
// Beast. I/O threads only read, parse and write; every request is handed to a worker
// pool where the router and handlers run (database calls, password hashing), so a slow
// handler never stalls the network. Limits: header size, body size, read timeout,
// connection count.

#include <functional>
#include <string>

#include "app/options.h"
#include "common/status.h"
#include "http/router.h"

namespace sixia::http {

// Binds, serves until SIGTERM/SIGINT, then stops accepting, finishes in-flight requests
// and returns OK. `on_listening` is called with the bound address once ready.
Status Serve(const app::HttpOptions& options, const Router& router,
             const std::function<void(const std::string&)>& on_listening);

}  // namespace sixia::http
