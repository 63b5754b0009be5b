#include "common/status.h"

namespace sixia {

const char* ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk: return "ok";
    case ErrorCode::kInvalidArgument: return "invalid_argument";
    case ErrorCode::kUnauthenticated: return "unauthenticated";
    case ErrorCode::kPermissionDenied: return "permission_denied";
    case ErrorCode::kNotFound: return "not_found";
    case ErrorCode::kMethodNotAllowed: return "method_not_allowed";
    case ErrorCode::kConflict: return "conflict";
    case ErrorCode::kPayloadTooLarge: return "payload_too_large";
    case ErrorCode::kUnprocessable: return "unprocessable";
    case ErrorCode::kTooManyRequests: return "too_many_requests";
    case ErrorCode::kInternal: return "internal";
    case ErrorCode::kUnavailable: return "unavailable";
  }
  return "internal";
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  std::string s = ErrorCodeName(code_);
  s += ": ";
  s += message_;
  if (!message_zh_.empty()) s += " / " + message_zh_;
  if (!field_.empty()) s += " [field: " + field_ + "]";
  return s;
}

}  // namespace sixia
