#pragma once
// Expected failures are values: every fallible call returns Status or Result<T>.
// The error code is stable and shown to clients; messages are safe for clients in
// English and Chinese. Internals (SQL, paths) never go into a Status: log them instead.

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace sixia {

enum class ErrorCode {
  kOk,
  kInvalidArgument,     // 400: malformed or out-of-range input.
  kUnauthenticated,     // 401: no or bad credentials.
  kPermissionDenied,    // 403: authenticated but not allowed.
  kNotFound,            // 404: absent, or outside the caller's scope.
  kMethodNotAllowed,    // 405
  kConflict,            // 409: state forbids it, or a unique key exists.
  kPayloadTooLarge,     // 413
  kUnprocessable,       // 422: well-formed but violates a rule (e.g. password policy).
  kTooManyRequests,     // 429: rate limit or lockout.
  kInternal,            // 500: a bug or an unexpected library failure.
  kUnavailable,         // 503: storage unreachable, shutting down.
};

// Stable snake_case name used on the wire ("invalid_argument").
const char* ErrorCodeName(ErrorCode code);

class Status {
 public:
  Status() = default;  // OK.
  Status(ErrorCode code, std::string message_en, std::string message_zh,
         std::string field = {})
      : code_(code),
        message_(std::move(message_en)),
        message_zh_(std::move(message_zh)),
        field_(std::move(field)) {}

  static Status Ok() { return {}; }

  bool ok() const { return code_ == ErrorCode::kOk; }
  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::string& message_zh() const { return message_zh_; }
  // Name of the offending input field, empty when not about one field.
  const std::string& field() const { return field_; }

  // "invalid_argument: message / 中文" for CLI output and logs.
  std::string ToString() const;

 private:
  ErrorCode code_ = ErrorCode::kOk;
  std::string message_;
  std::string message_zh_;
  std::string field_;
};

// Convenience constructors: en message first, zh second.
inline Status InvalidArgument(std::string en, std::string zh, std::string field = {}) {
  return {ErrorCode::kInvalidArgument, std::move(en), std::move(zh), std::move(field)};
}
inline Status NotFound(std::string en, std::string zh, std::string field = {}) {
  return {ErrorCode::kNotFound, std::move(en), std::move(zh), std::move(field)};
}
inline Status Conflict(std::string en, std::string zh, std::string field = {}) {
  return {ErrorCode::kConflict, std::move(en), std::move(zh), std::move(field)};
}
inline Status PermissionDenied(std::string en, std::string zh) {
  return {ErrorCode::kPermissionDenied, std::move(en), std::move(zh)};
}
inline Status Unauthenticated(std::string en, std::string zh) {
  return {ErrorCode::kUnauthenticated, std::move(en), std::move(zh)};
}
inline Status Unprocessable(std::string en, std::string zh, std::string field = {}) {
  return {ErrorCode::kUnprocessable, std::move(en), std::move(zh), std::move(field)};
}
inline Status Internal(std::string en = "internal error", std::string zh = "服务器内部错误") {
  return {ErrorCode::kInternal, std::move(en), std::move(zh)};
}
inline Status Unavailable(std::string en, std::string zh) {
  return {ErrorCode::kUnavailable, std::move(en), std::move(zh)};
}

// A value or a non-OK Status. Accessing value() of an error is a bug (asserts).
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}            // NOLINT: implicit by design.
  Result(Status status) : v_(std::move(status)) {}     // NOLINT: must not be OK.

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOkStatus;
    return ok() ? kOkStatus : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace sixia

// Propagate a non-OK Status from an expression yielding Status.
#define SIXIA_RETURN_IF_ERROR(expr)            \
  do {                                         \
    ::sixia::Status sixia_status_ = (expr);    \
    if (!sixia_status_.ok()) return sixia_status_; \
  } while (0)

#define SIXIA_CONCAT_INNER(a, b) a##b
#define SIXIA_CONCAT(a, b) SIXIA_CONCAT_INNER(a, b)
// `SIXIA_ASSIGN_OR_RETURN(auto x, MakeX());` — declares x or returns the error.
#define SIXIA_ASSIGN_OR_RETURN(decl, expr)                               \
  auto SIXIA_CONCAT(sixia_result_, __LINE__) = (expr);                   \
  if (!SIXIA_CONCAT(sixia_result_, __LINE__).ok())                       \
    return SIXIA_CONCAT(sixia_result_, __LINE__).status();               \
  decl = std::move(SIXIA_CONCAT(sixia_result_, __LINE__)).value()
