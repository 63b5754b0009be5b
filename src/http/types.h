#pragma once
// Plain request/response values exchanged between the Beast server (server.cc, the only
// file that sees Beast) and the router and handlers.

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace sixia::http {

struct Request {
  std::string method;                          // "GET", "POST", …
  std::string path;                            // Percent-decoded, without the query.
  std::map<std::string, std::string> query;    // Percent-decoded query parameters.
  std::map<std::string, std::string> headers;  // Lower-case names; only those we read.
  std::string body;
  std::string remote;                          // Client IP address.
};

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // Extra headers (Set-Cookie…).
};

// Header names the server copies into Request::headers.
inline const char* const kForwardedHeaders[] = {"cookie", "authorization", "x-csrf-token",
                                                "content-type", "if-none-match", "x-file-name"};

}  // namespace sixia::http
