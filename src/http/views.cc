#include "http/views.h"

#include "http/json_io.h"

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

namespace sixia::http {
namespace {

json ActionJson(domain::Action a) {
  return {{"action", domain::ActionName(a)}, {"label", domain::ActionLabel(a)}};
}

}  // namespace

json PetitionSummaryJson(const store::PetitionRow& r) {
  const auto state = domain::StateFromName(r.state);
  const auto channel = domain::ChannelFromName(r.channel);
  const auto cls = domain::PetitionClassFromName(r.petition_class);
  return {{"id", r.id},
          {"receipt_no", r.receipt_no},
          {"channel", r.channel},
          {"channel_label", channel ? domain::ChannelLabel(*channel) : ""},
          {"petition_class", r.petition_class},
          {"petition_class_label", cls ? domain::PetitionClassLabel(*cls) : ""},
          {"title", r.title},
          {"state", r.state},
          {"state_label", state ? domain::StateLabel(*state) : ""},
          {"division_code", r.division_code},
          {"county_code", r.county_code},
          {"category_code", r.category_code},
          {"anonymous", r.anonymous},
          {"group_size", r.group_size},
          {"lead_unit_id", JsonOrNull(r.lead_unit_id)},
          {"assisting_unit_ids", r.assist_unit_ids},
          {"owning_leader_id", JsonOrNull(r.owning_leader_id)},
          {"merged_into", JsonOrNull(r.merged_into)},
          {"reception_day_id", JsonOrNull(r.reception_day_id)},
          {"received_at", r.received_at_ms},
          {"updated_at", r.updated_at_ms},
          {"next_due_at", JsonOrNull(r.next_due_ms)}};
}

json ToJson(const store::AttachmentRow& a) {
  return {{"id", a.id},
          {"petition_id", a.petition_id},
          {"name", a.file_name},
          {"content_type", a.content_type},
          {"size", a.size},
          {"sm3", a.content_hash},
          {"created_at", a.created_at_ms},
          {"created_by", JsonOrNull(a.created_by)}};
}

json ToJson(const store::DocumentRow& d) {
  const auto kind = domain::DocumentKindFromName(d.kind);
  return {{"id", d.id},
          {"petition_id", d.petition_id},
          {"kind", d.kind},
          {"title", kind ? domain::DocumentTitle(*kind) : ""},
          {"number", d.number},
          {"unit_id", JsonOrNull(d.unit_id)},
          {"issued_at", d.issued_at_ms},
          {"issued_by", JsonOrNull(d.issued_by)}};
}

json ToJson(const app::PersonView& v) {
  return {{"id", v.id},           {"name", v.name},       {"id_number", v.id_number},
          {"phone", v.phone},     {"address", v.address}, {"division_code", v.division_code},
          {"revealed", v.revealed}};
}

json ToJson(const app::RepeatCandidate& r) {
  return {{"id", r.id},
          {"receipt_no", r.receipt_no},
          {"state", r.state},
          {"division_code", r.division_code},
          {"category_code", r.category_code},
          {"received_at", r.received_at_ms},
          {"same_matter", r.same_matter},
          {"final", r.final},
          {"in_handling", r.in_handling}};
}

json ToJson(const domain::PetitionEvent& e, int64_t seq) {
  json j = {{"seq", seq},
            {"type", domain::ActionName(e.type)},
            {"label", domain::ActionLabel(e.type)},
            {"at", e.at_ms},
            {"actor_user_id", JsonOrNull(e.actor_user_id)}};
  auto text = [&](const char* k, const std::string& v) {
    if (!v.empty()) j[k] = v;
  };
  if (e.lead_unit_id) j["lead_unit_id"] = *e.lead_unit_id;
  if (!e.assisting_unit_ids.empty()) j["assisting_unit_ids"] = e.assisting_unit_ids;
  if (e.owning_leader_user_id) j["owning_leader_user_id"] = *e.owning_leader_user_id;
  text("deadline_note", e.deadline_note);
  text("reason", e.reason);
  text("route", e.route);
  if (e.legal_litigation) j["legal_litigation"] = true;
  if (e.days) j["days"] = e.days;
  if (e.approver_user_id) j["approver_user_id"] = *e.approver_user_id;
  text("request", e.request);
  text("facts", e.facts);
  text("reasons", e.reasons);
  text("legal_basis", e.legal_basis);
  if (e.outcome) j["outcome"] = domain::DecisionOutcomeName(*e.outcome);
  text("document_number", e.document_number);
  text("agreement", e.agreement);
  if (e.settlement) j["settlement"] = true;
  if (e.delivered_at_ms) j["delivered_at"] = *e.delivered_at_ms;
  if (e.resolution) j["resolution"] = domain::ResolutionName(*e.resolution);
  if (e.satisfaction) j["satisfaction"] = domain::SatisfactionName(*e.satisfaction);
  if (e.into_petition_id) j["into_petition_id"] = *e.into_petition_id;
  return j;
}

json ToJson(const app::PetitionView& v) {
  json j = PetitionSummaryJson(v.row);
  j["content"] = v.row.content;
  j["requests"] = v.row.requests;
  j["category_path"] = v.category_path;
  json people = json::array();
  for (const auto& p : v.petitioners) people.push_back(ToJson(p));
  j["petitioners"] = people;
  json parties = json::array();
  for (const auto& p : v.parties)
    parties.push_back({{"relation", p.relation},
                       {"unit_id", JsonOrNull(p.unit_id)},
                       {"user_id", JsonOrNull(p.user_id)},
                       {"name", p.name}});
  j["parties"] = parties;
  json clocks = json::array();
  for (const auto& c : v.clocks)
    clocks.push_back({{"clock", domain::ClockKindName(c.kind)},
                      {"duty", c.duty},
                      {"limit", domain::FormatTimeLimit(c.limit)},
                      {"note", c.note},
                      {"start_at", c.start_ms},
                      {"due_at", JsonOrNull(c.due_ms)},
                      {"stopped_at", JsonOrNull(c.stopped_at_ms)},
                      {"running", c.running()},
                      {"band", domain::BandName(c.band)}});
  j["clocks"] = clocks;
  json events = json::array();
  for (size_t i = 0; i < v.events.size(); ++i) events.push_back(ToJson(v.events[i], i + 1));
  j["events"] = events;
  json allowed = json::array();
  for (auto a : v.allowed_actions) allowed.push_back(ActionJson(a));
  j["allowed_actions"] = allowed;
  json overdue = json::array();
  for (const auto& o : v.overdue)
    overdue.push_back({{"clock", o.clock}, {"due_at", o.due_at_ms}, {"recorded_at", o.recorded_at_ms}});
  j["overdue"] = overdue;
  json files = json::array();
  for (const auto& a : v.attachments) files.push_back(ToJson(a));
  j["attachments"] = files;
  json docs = json::array();
  for (const auto& d : v.documents) docs.push_back(ToJson(d));
  j["documents"] = docs;
  j["extension_days"] = v.state.extension_days;
  j["redo_count"] = v.state.redo_count;
  if (v.state.latest_rating)
    j["latest_rating"] = {{"resolution", domain::ResolutionName(v.state.latest_rating->resolution)},
                          {"satisfaction",
                           domain::SatisfactionName(v.state.latest_rating->satisfaction)}};
  else
    j["latest_rating"] = nullptr;
  return j;
}

}  // namespace sixia::http

namespace sixia::http {
namespace {

json CountsJson(const domain::Counts& c) {
  using domain::Rate;
  const int64_t distinct = c.received - c.merged;
  return {{"received", c.received},
          {"people", c.people},
          {"merged", c.merged},
          {"accepted", c.accepted},
          {"disposed_on_time", c.disposed_on_time},
          {"decided", c.decided},
          {"decided_on_time", c.decided_on_time},
          {"handle_due", c.handle_due},
          {"replied", c.replied},
          {"delivered", c.delivered},
          {"rated", c.rated},
          {"satisfied", c.satisfied},
          {"solved", c.solved},
          {"redone", c.redone},
          {"closed", c.closed},
          {"overdue_now", c.overdue_now},
          {"backlog", c.backlog},
          {"solved_same_day", c.solved_same_day},
          {"closed_within_30d", c.closed_within_30d},
          {"tier", {{"village", c.tier_village}, {"township", c.tier_township}, {"county", c.tier_county}}},
          {"rates",
           {{"timely_acceptance", Rate(c.disposed_on_time, distinct)},
            {"on_time_closure", Rate(c.decided_on_time, c.handle_due)},
            {"reply", Rate(c.replied, distinct)},
            {"participation", Rate(c.rated, c.delivered)},
            {"satisfaction", Rate(c.satisfied, c.rated)},
            {"solved", Rate(c.solved, c.rated)},
            {"redo", Rate(c.redone, c.rated)}}}};
}

}  // namespace

json ToJson(const domain::PetitionMetrics& m) {
  json j = {{"total", CountsJson(m.total)}};
  json cats = json::array();
  for (const auto& [code, c] : m.by_category) {
    json row = CountsJson(c);
    row["category_code"] = code;
    cats.push_back(std::move(row));
  }
  json units = json::array();
  for (const auto& [unit, c] : m.by_unit) {
    json row = CountsJson(c);
    row["unit_id"] = unit == 0 ? json(nullptr) : json(unit);
    units.push_back(std::move(row));
  }
  json months = json::array();
  for (const auto& [month, c] : m.by_month) {
    json row = CountsJson(c);
    row["month"] = month;
    months.push_back(std::move(row));
  }
  j["by_category"] = cats;
  j["by_unit"] = units;
  j["by_month"] = months;
  return j;
}

}  // namespace sixia::http
