#include "app/options.h"

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

namespace sixia::app {
namespace {

using nlohmann::json;

// Copies known keys of `j` into `o`, rejecting unknown ones.
template <typename Setter>
Status Apply(const json& j, const std::string& section, const Setter& set) {
  if (!j.is_object())
    return InvalidArgument("config section " + section + " must be an object",
                           "配置项 " + section + " 应为对象", section);
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string key = section.empty() ? it.key() : section + "." + it.key();
    try {
      if (!set(it.key(), it.value()))
        return InvalidArgument("unknown config key " + key, "未知配置项 " + key, key);
    } catch (const json::exception&) {
      return InvalidArgument("config key " + key + " has the wrong type",
                             "配置项 " + key + " 类型错误", key);
    }
  }
  return Status::Ok();
}

}  // namespace

Result<Options> LoadOptions(const std::string& data_dir) {
  Options o;
  o.data_dir = data_dir;
  const auto path = std::filesystem::path(data_dir) / "config.json";
  if (!std::filesystem::exists(path)) return o;
  json j;
  try {
    std::ifstream in(path);
    j = json::parse(in);
  } catch (const json::exception&) {
    return InvalidArgument("config.json is not valid JSON", "config.json 不是有效的JSON");
  }
  Status st;
  try {
  st = Apply(j, "", [&](const std::string& k, const json& v) {
    if (k == "db_url") o.db_url = v.get<std::string>();
    else if (k == "http") {
      Status s = Apply(v, "http", [&](const std::string& h, const json& x) {
        if (h == "listen") o.http.listen = x.get<std::string>();
        else if (h == "io_threads") o.http.io_threads = x.get<int>();
        else if (h == "worker_threads") o.http.worker_threads = x.get<int>();
        else if (h == "body_limit") o.http.body_limit = x.get<size_t>();
        else if (h == "upload_limit") o.http.upload_limit = x.get<size_t>();
        else if (h == "read_timeout_ms") o.http.read_timeout_ms = x.get<int>();
        else if (h == "idle_timeout_ms") o.http.idle_timeout_ms = x.get<int>();
        else if (h == "max_connections") o.http.max_connections = x.get<int>();
        else if (h == "cookie_secure") o.http.cookie_secure = x.get<bool>();
        else if (h == "login_burst") o.http.login_burst = x.get<int>();
        else if (h == "login_per_minute") o.http.login_per_minute = x.get<int>();
        else if (h == "public_burst") o.http.public_burst = x.get<int>();
        else if (h == "public_per_minute") o.http.public_per_minute = x.get<int>();
        else if (h == "public_failure_burst") o.http.public_failure_burst = x.get<int>();
        else if (h == "public_failure_per_minute") o.http.public_failure_per_minute = x.get<int>();
        else if (h == "web_root") o.http.web_root = x.get<std::string>();
        else return false;
        return true;
      });
      if (!s.ok()) throw s;
    } else if (k == "sqlite") {
      Status s = Apply(v, "sqlite", [&](const std::string& h, const json& x) {
        if (h == "checkpoint_pages") o.sqlite.checkpoint_pages = x.get<int>();
        else if (h == "wal_restart_pages") o.sqlite.wal_restart_pages = x.get<int>();
        else return false;
        return true;
      });
      if (!s.ok()) throw s;
    } else if (k == "password_policy") {
      Status s = Apply(v, "password_policy", [&](const std::string& h, const json& x) {
        if (h == "min_length") o.password_policy.min_length = x.get<int>();
        else if (h == "min_classes") o.password_policy.min_classes = x.get<int>();
        else return false;
        return true;
      });
      if (!s.ok()) throw s;
    } else if (k == "lockout") {
      Status s = Apply(v, "lockout", [&](const std::string& h, const json& x) {
        if (h == "max_failures") o.lockout.max_failures = x.get<int>();
        else if (h == "window_minutes") o.lockout.window_ms = x.get<int64_t>() * 60'000;
        else if (h == "lock_minutes") o.lockout.lock_ms = x.get<int64_t>() * 60'000;
        else return false;
        return true;
      });
      if (!s.ok()) throw s;
    } else if (k == "session") {
      Status s = Apply(v, "session", [&](const std::string& h, const json& x) {
        if (h == "idle_minutes") o.session.idle_ms = x.get<int64_t>() * 60'000;
        else if (h == "absolute_hours") o.session.absolute_ms = x.get<int64_t>() * 3'600'000;
        else return false;
        return true;
      });
      if (!s.ok()) throw s;
    } else {
      return false;
    }
    return true;
  });
  } catch (const Status& nested) {  // A nested section's error, thrown out of its setter.
    return nested;
  }
  if (!st.ok()) return st;
  SIXIA_RETURN_IF_ERROR(ValidateOptions(o));
  return o;
}

Status ValidateOptions(const Options& o) {
  auto bad = [](const char* field) {
    return InvalidArgument(std::string("config value out of range: ") + field,
                           std::string("配置值超出范围：") + field, field);
  };
  if (o.http.io_threads < 1 || o.http.io_threads > 64) return bad("http.io_threads");
  if (o.http.worker_threads < 1 || o.http.worker_threads > 256) return bad("http.worker_threads");
  if (o.http.body_limit < 1024 || o.http.body_limit > (64u << 20)) return bad("http.body_limit");
  if (o.http.upload_limit < 1024 || o.http.upload_limit > (256u << 20)) return bad("http.upload_limit");
  if (o.http.read_timeout_ms < 100) return bad("http.read_timeout_ms");
  if (o.sqlite.checkpoint_pages < 64 || o.sqlite.checkpoint_pages > 65536)
    return bad("sqlite.checkpoint_pages");
  if (o.sqlite.wal_restart_pages < o.sqlite.checkpoint_pages ||
      o.sqlite.wal_restart_pages > 1 << 20)  // 4 GiB.
    return bad("sqlite.wal_restart_pages");
  if (o.http.public_burst < 1) return bad("http.public_burst");
  if (o.http.public_per_minute < 1) return bad("http.public_per_minute");
  if (o.http.public_failure_burst < 1) return bad("http.public_failure_burst");
  if (o.http.public_failure_per_minute < 1) return bad("http.public_failure_per_minute");
  if (o.password_policy.min_length < 8 || o.password_policy.min_length > 64)
    return bad("password_policy.min_length");
  if (o.password_policy.min_classes < 1 || o.password_policy.min_classes > 4)
    return bad("password_policy.min_classes");
  if (o.lockout.max_failures < 1) return bad("lockout.max_failures");
  if (o.session.idle_ms < 60'000) return bad("session.idle_minutes");
  if (o.session.absolute_ms < o.session.idle_ms) return bad("session.absolute_hours");
  return Status::Ok();
}

}  // namespace sixia::app
