#include "http/json_io.h"

#include "domain/calendar.h"

#include <cctype>
#include <charconv>

#include "common/utf8.h"

namespace sixia::http {

int HttpStatus(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk: return 200;
    case ErrorCode::kInvalidArgument: return 400;
    case ErrorCode::kUnauthenticated: return 401;
    case ErrorCode::kPermissionDenied: return 403;
    case ErrorCode::kNotFound: return 404;
    case ErrorCode::kMethodNotAllowed: return 405;
    case ErrorCode::kConflict: return 409;
    case ErrorCode::kPayloadTooLarge: return 413;
    case ErrorCode::kUnprocessable: return 422;
    case ErrorCode::kTooManyRequests: return 429;
    case ErrorCode::kInternal: return 500;
    case ErrorCode::kUnavailable: return 503;
  }
  return 500;
}

Response ErrorResponse(const Status& status) {
  json err = {{"code", ErrorCodeName(status.code())},
              {"message", status.message()},
              {"message_zh", status.message_zh()}};
  if (!status.field().empty()) err["field"] = status.field();
  return JsonResponse(HttpStatus(status.code()), json{{"error", err}});
}

Response JsonResponse(int status, const json& body) {
  Response r;
  r.status = status;
  r.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  return r;
}

namespace {
struct TooDeep {};
struct DuplicateKey {
  std::string key;
};

// True for "application/json" with optional parameters ("; charset=utf-8"), any case.
bool IsJsonMediaType(std::string_view v) {
  v = v.substr(0, v.find(';'));
  while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
  while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
  static constexpr std::string_view kJson = "application/json";
  if (v.size() != kJson.size()) return false;
  for (size_t i = 0; i < v.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(v[i])) != kJson[i]) return false;
  return true;
}
}  // namespace

Result<json> ParseJsonObject(const Request& req, int max_depth) {
  auto ct = req.headers.find("content-type");
  if (ct == req.headers.end() || !IsJsonMediaType(ct->second))
    return InvalidArgument("Content-Type must be application/json",
                           "Content-Type 必须为 application/json", "Content-Type");
  if (!IsValidUtf8(req.body))
    return InvalidArgument("request body is not valid UTF-8", "请求体不是有效的UTF-8文本");
  json j;
  std::vector<std::set<std::string>> keys;  // Keys seen in each open object.
  try {
    j = json::parse(req.body, [max_depth, &keys](int depth, json::parse_event_t event, json& value) {
      if (depth > max_depth) throw TooDeep{};
      switch (event) {
        case json::parse_event_t::object_start: keys.emplace_back(); break;
        case json::parse_event_t::object_end: if (!keys.empty()) keys.pop_back(); break;
        case json::parse_event_t::key:
          if (!keys.empty() && !keys.back().insert(value.get<std::string>()).second)
            throw DuplicateKey{value.get<std::string>()};
          break;
        case json::parse_event_t::array_start:
        case json::parse_event_t::array_end:
        case json::parse_event_t::value:
          break;
      }
      return true;
    });
  } catch (const DuplicateKey& d) {
    return InvalidArgument("field " + d.key + " appears twice", "字段重复：" + d.key, d.key);
  } catch (const TooDeep&) {
    return InvalidArgument("JSON nesting is too deep (limit " + std::to_string(max_depth) + ")",
                           "JSON 嵌套层数过深（上限" + std::to_string(max_depth) + "）");
  } catch (const json::parse_error& e) {
    return InvalidArgument("malformed JSON at byte " + std::to_string(e.byte),
                           "JSON 格式错误，位置：第" + std::to_string(e.byte) + "字节");
  } catch (const json::exception&) {  // E.g. a number too large for any type (1e400).
    return InvalidArgument("malformed JSON (number out of range)", "JSON 格式错误（数值超出范围）");
  }
  if (!j.is_object())
    return InvalidArgument("the body must be a JSON object", "请求体必须是JSON对象");
  return j;
}

const json* FieldReader::Find(const char* name) {
  asked_.insert(name);
  auto it = obj_.find(name);
  return it == obj_.end() ? nullptr : &*it;
}

namespace {
Status Missing(const char* name) {
  return InvalidArgument(std::string(name) + " is required", std::string("缺少字段：") + name, name);
}
Status WrongType(const char* name, const char* type, const char* type_zh) {
  return InvalidArgument(std::string(name) + " must be " + type,
                         std::string("字段 ") + name + " 应为" + type_zh, name);
}
}  // namespace

Status FieldReader::String(const char* name, std::string& out) {
  const json* v = Find(name);
  if (!v || v->is_null()) return Missing(name);
  if (!v->is_string()) return WrongType(name, "a string", "字符串");
  out = v->get<std::string>();
  return Status::Ok();
}

Status FieldReader::OptString(const char* name, std::optional<std::string>& out) {
  const json* v = Find(name);
  if (!v) return Status::Ok();
  if (!v->is_string()) return WrongType(name, "a string", "字符串");
  out = v->get<std::string>();
  return Status::Ok();
}

Status FieldReader::OptStringOrNull(const char* name, std::optional<std::string>& out) {
  const json* v = Find(name);
  if (v && v->is_null()) return Status::Ok();
  return OptString(name, out);
}

Status FieldReader::Int(const char* name, int64_t& out) {
  const json* v = Find(name);
  if (!v || v->is_null()) return Missing(name);
  if (!v->is_number_integer()) return WrongType(name, "an integer", "整数");
  out = v->get<int64_t>();
  return Status::Ok();
}

Status FieldReader::OptInt(const char* name, std::optional<int64_t>& out) {
  const json* v = Find(name);
  if (!v) return Status::Ok();
  if (!v->is_number_integer()) return WrongType(name, "an integer", "整数");
  out = v->get<int64_t>();
  return Status::Ok();
}

Status FieldReader::NullableInt(const char* name, std::optional<std::optional<int64_t>>& out) {
  const json* v = Find(name);
  if (!v) return Status::Ok();
  if (v->is_null()) {
    out = std::optional<int64_t>{};
    return Status::Ok();
  }
  if (!v->is_number_integer()) return WrongType(name, "an integer or null", "整数或null");
  out = std::optional<int64_t>{v->get<int64_t>()};
  return Status::Ok();
}

Status FieldReader::OptBool(const char* name, std::optional<bool>& out) {
  const json* v = Find(name);
  if (!v) return Status::Ok();
  if (!v->is_boolean()) return WrongType(name, "true or false", "布尔值");
  out = v->get<bool>();
  return Status::Ok();
}

Status FieldReader::OptNumber(const char* name, std::optional<double>& out) {
  const json* v = Find(name);
  if (!v) return Status::Ok();
  if (!v->is_number()) return WrongType(name, "a number", "数字");
  out = v->get<double>();
  return Status::Ok();
}

Status FieldReader::StringArray(const char* name, std::vector<std::string>& out, bool required) {
  const json* v = Find(name);
  if (!v) return required ? Missing(name) : Status::Ok();
  if (!v->is_array() || v->size() > 100) return WrongType(name, "an array of strings (at most 100)", "字符串数组（至多100项）");
  out.clear();
  for (const auto& e : *v) {
    if (!e.is_string()) return WrongType(name, "an array of strings", "字符串数组");
    out.push_back(e.get<std::string>());
  }
  return Status::Ok();
}

Status FieldReader::IntArray(const char* name, std::vector<int64_t>& out) {
  const json* v = Find(name);
  if (!v) return Status::Ok();
  if (!v->is_array() || v->size() > 100) return WrongType(name, "an array of integers (at most 100)", "整数数组（至多100项）");
  out.clear();
  for (const auto& e : *v) {
    if (!e.is_number_integer()) return WrongType(name, "an array of integers", "整数数组");
    out.push_back(e.get<int64_t>());
  }
  return Status::Ok();
}

Status FieldReader::ObjectArray(const char* name, std::vector<const json*>& out, size_t max) {
  const json* v = Find(name);
  if (!v) return Status::Ok();
  if (!v->is_array() || v->size() > max)
    return InvalidArgument(std::string(name) + " must be an array of at most " + std::to_string(max) + " objects",
                           std::string(name) + " 应为对象数组（至多" + std::to_string(max) + "项）", name);
  out.clear();
  for (const auto& e : *v) {
    if (!e.is_object()) return WrongType(name, "an array of objects", "对象数组");
    out.push_back(&e);
  }
  return Status::Ok();
}

Status FieldReader::OptObject(const char* name, const json*& out) {
  out = nullptr;
  const json* v = Find(name);
  if (!v || v->is_null()) return Status::Ok();
  if (!v->is_object()) return WrongType(name, "an object", "对象");
  out = v;
  return Status::Ok();
}

Status FieldReader::Finish() const {
  for (auto it = obj_.begin(); it != obj_.end(); ++it)
    if (!asked_.count(it.key()))
      return InvalidArgument("unknown field " + it.key(), "未知字段：" + it.key(), it.key());
  return Status::Ok();
}

Result<int64_t> QueryInt(const Request& req, const char* name, int64_t fallback, int64_t min,
                         int64_t max) {
  auto it = req.query.find(name);
  if (it == req.query.end()) return fallback;
  int64_t v = 0;
  const auto& s = it->second;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v < min || v > max)
    return InvalidArgument(std::string(name) + " must be an integer from " + std::to_string(min) +
                               " to " + std::to_string(max),
                           std::string("参数 ") + name + " 应为" + std::to_string(min) + "至" +
                               std::to_string(max) + "的整数",
                           name);
  return v;
}

}  // namespace sixia::http

namespace sixia::http {
Result<int64_t> PathId(const std::string& text, const char* name) {
  int64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || v <= 0)
    return InvalidArgument(std::string(name) + " must be a positive integer",
                           std::string(name) + " 应为正整数", name);
  return v;
}
}  // namespace sixia::http

namespace sixia::http {
namespace {
int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

bool PercentDecode(std::string_view in, bool plus_space, std::string& out) {
  out.clear();
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '%') {
      if (i + 2 >= in.size()) return false;
      const int hi = HexValue(in[i + 1]), lo = HexValue(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (plus_space && in[i] == '+') {
      out += ' ';
    } else {
      out += in[i];
    }
  }
  return true;
}

std::string QueryText(const Request& req, const char* name) {
  auto it = req.query.find(name);
  return it == req.query.end() ? std::string() : it->second;
}

Result<int64_t> ParseDay(const std::string& text, const char* name) {
  const auto d = domain::Date::Parse(text);
  if (!d)
    return InvalidArgument(std::string(name) + " must be a date YYYY-MM-DD",
                           std::string(name) + " 应为日期 YYYY-MM-DD", name);
  return domain::StartOfDayMs(*d);
}

Status ParsePeriod(const Request& req, int64_t& from_ms, int64_t& to_ms) {
  SIXIA_ASSIGN_OR_RETURN(from_ms, ParseDay(QueryText(req, "from"), "from"));
  SIXIA_ASSIGN_OR_RETURN(int64_t to, ParseDay(QueryText(req, "to"), "to"));
  to_ms = to + 86'400'000;
  return Status::Ok();
}

json JsonOrNull(const std::optional<int64_t>& v) { return v ? json(*v) : json(nullptr); }

}  // namespace sixia::http
