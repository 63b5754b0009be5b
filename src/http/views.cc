#include "http/views.h"

namespace sixia::http {

using nlohmann::json;

json ToJson(const domain::Division& d) {
  json j = {{"code", d.code}, {"name", d.name}, {"level", domain::DivisionLevelName(d.level)}};
  j["parent_code"] = d.parent_code.empty() ? json(nullptr) : json(d.parent_code);
  return j;
}

json ToJson(const domain::Unit& u) {
  return {{"id", u.id},
          {"name", u.name},
          {"kind", domain::UnitKindName(u.kind)},
          {"division_code", u.division_code},
          {"county_code", u.county_code},
          {"parent_id", u.parent_id ? json(*u.parent_id) : json(nullptr)},
          {"disabled", u.disabled},
          {"created_at", u.created_at_ms}};
}

json ToJson(const domain::User& u, int64_t now_ms) {
  return {{"id", u.id},
          {"username", u.username},
          {"display_name", u.display_name},
          {"unit_id", u.unit_id ? json(u.unit_id) : json(nullptr)},
          {"disabled", u.disabled},
          {"locked", u.locked_until_ms > now_ms},
          {"roles", u.roles},
          {"scopes", u.scope_codes},
          {"created_at", u.created_at_ms}};
}

json ToJson(const domain::Role& r) {
  return {{"name", r.name},
          {"title_zh", r.title_zh},
          {"permissions", r.permissions},
          {"builtin", r.builtin}};
}

json ToJson(const domain::AuditRecord& a) {
  return {{"seq", a.seq},       {"at", a.at_ms},         {"actor_id", a.actor_id},
          {"actor", a.actor},   {"action", a.action},    {"object", a.object},
          {"outcome", domain::AuditOutcomeName(a.outcome)},
          {"source", a.source}, {"detail", json::parse(a.detail, nullptr, false)},
          {"hash", a.hash}};
}

json ToJson(const security::Principal& p) {
  json perms = json::array();
  for (auto perm : p.permissions) perms.push_back(security::PermissionName(perm));
  json scopes = json::array();
  for (const auto& s : p.scopes) scopes.push_back(s.code);
  return {{"id", p.user_id},
          {"username", p.username},
          {"display_name", p.display_name},
          {"unit_id", p.unit_id ? json(p.unit_id) : json(nullptr)},
          {"roles", p.roles},
          {"permissions", perms},
          {"scopes", scopes}};
}

}  // namespace sixia::http
