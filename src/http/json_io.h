#pragma once
// JSON at the edge: parsing request bodies with limits into typed fields, and writing
// responses, including the one error shape:
//   {"error":{"code":"invalid_argument","message":"…","message_zh":"…","field":"…"}}

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/status.h"
#include "http/types.h"

namespace sixia::http {

using nlohmann::json;

// HTTP status for an error code.
int HttpStatus(ErrorCode code);

Response ErrorResponse(const Status& status);
Response JsonResponse(int status, const json& body);

// Parses a JSON object body: 400 (invalid_argument) unless the Content-Type is
// application/json, and for bad JSON, bad UTF-8, duplicate keys, numbers out of range or
// nesting deeper than `max_depth`.
Result<json> ParseJsonObject(const Request& req, int max_depth);

// Reads the fields of one JSON object into typed values; every error names its field.
// Finish() rejects fields that were never asked for (unknown fields).
class FieldReader {
 public:
  explicit FieldReader(const json& object) : obj_(object) {}

  Status String(const char* name, std::string& out);                  // Required.
  Status OptString(const char* name, std::optional<std::string>& out);
  // As OptString, with null read as absent (a field that clears a value).
  Status OptStringOrNull(const char* name, std::optional<std::string>& out);
  Status Int(const char* name, int64_t& out);                         // Required.
  Status OptInt(const char* name, std::optional<int64_t>& out);
  // Absent → outer nullopt; null → inner nullopt.
  Status NullableInt(const char* name, std::optional<std::optional<int64_t>>& out);
  Status OptBool(const char* name, std::optional<bool>& out);
  // Any JSON number (integer or not); absent → nullopt.
  Status OptNumber(const char* name, std::optional<double>& out);
  Status StringArray(const char* name, std::vector<std::string>& out, bool required);
  Status IntArray(const char* name, std::vector<int64_t>& out);          // Optional, ≤ 100.
  // Optional array of at most `max` objects; each is then read with its own FieldReader.
  Status ObjectArray(const char* name, std::vector<const json*>& out, size_t max);
  // Optional object; absent or null → nullptr. Read it with its own FieldReader.
  Status OptObject(const char* name, const json*& out);
  Status Finish() const;

 private:
  const json* Find(const char* name);
  const json& obj_;
  std::set<std::string> asked_;
};

// Query parameter helpers (400 naming the parameter).
Result<int64_t> QueryInt(const Request& req, const char* name, int64_t fallback, int64_t min,
                         int64_t max);
// The parameter's text; "" when absent.
std::string QueryText(const Request& req, const char* name);
// A day "YYYY-MM-DD" (China time) as the Unix ms of its start.
Result<int64_t> ParseDay(const std::string& text, const char* name);
// ?from=YYYY-MM-DD&to=YYYY-MM-DD as [start of from, end of to): "to" is the last day counted.
Status ParsePeriod(const Request& req, int64_t& from_ms, int64_t& to_ms);
// An optional id as JSON: the number, or null.
json JsonOrNull(const std::optional<int64_t>& v);

}  // namespace sixia::http

namespace sixia::http {
// A positive integer id from a path segment; 400 naming `name` otherwise.
Result<int64_t> PathId(const std::string& text, const char* name);
}  // namespace sixia::http

namespace sixia::http {
// Percent-decodes `in` into `out`; `plus_space` turns '+' into ' ' (query strings). False on
// a malformed escape.
bool PercentDecode(std::string_view in, bool plus_space, std::string& out);
}  // namespace sixia::http
