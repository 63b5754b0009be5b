#include "app/petition_codec.h"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

namespace sixia::app {
namespace {

using nlohmann::json;
using domain::PetitionEvent;

template <typename Enum, typename NameFn>
void PutEnum(json& j, const char* key, const std::optional<Enum>& v, NameFn name) {
  if (v) j[key] = name(*v);
}
void PutId(json& j, const char* key, const std::optional<int64_t>& v) {
  if (v) j[key] = *v;
}
void PutText(json& j, const char* key, const std::string& v) {
  if (!v.empty()) j[key] = v;
}
void PutFlag(json& j, const char* key, bool v) {
  if (v) j[key] = true;
}

template <typename Enum, typename FromName>
void GetEnum(const json& j, const char* key, std::optional<Enum>& out, FromName from) {
  if (!j.contains(key)) return;
  out = from(j.at(key).get<std::string>());
  if (!out) throw std::runtime_error(std::string("bad value of ") + key);
}
void GetId(const json& j, const char* key, std::optional<int64_t>& out) {
  if (j.contains(key)) out = j.at(key).get<int64_t>();
}
void GetText(const json& j, const char* key, std::string& out) {
  if (j.contains(key)) out = j.at(key).get<std::string>();
}
void GetFlag(const json& j, const char* key, bool& out) {
  if (j.contains(key)) out = j.at(key).get<bool>();
}

}  // namespace

std::string EncodeEventPayload(const PetitionEvent& e) {
  json j = json::object();
  PutEnum(j, "channel", e.channel, domain::ChannelName);
  PutEnum(j, "petition_class", e.petition_class, domain::PetitionClassName);
  PutId(j, "lead_unit_id", e.lead_unit_id);
  if (!e.assisting_unit_ids.empty()) j["assisting_unit_ids"] = e.assisting_unit_ids;
  PutId(j, "owning_leader_user_id", e.owning_leader_user_id);
  PutText(j, "deadline_note", e.deadline_note);
  PutText(j, "reason", e.reason);
  PutText(j, "route", e.route);
  PutFlag(j, "legal_litigation", e.legal_litigation);
  if (e.days != 0) j["days"] = e.days;
  PutId(j, "approver_user_id", e.approver_user_id);
  PutFlag(j, "approver_is_agency_head", e.approver_is_agency_head);
  PutText(j, "request", e.request);
  PutText(j, "facts", e.facts);
  PutText(j, "reasons", e.reasons);
  PutText(j, "legal_basis", e.legal_basis);
  PutEnum(j, "outcome", e.outcome, domain::DecisionOutcomeName);
  PutText(j, "document_number", e.document_number);
  PutText(j, "agreement", e.agreement);
  PutFlag(j, "settlement", e.settlement);
  PutId(j, "delivered_at_ms", e.delivered_at_ms);
  PutEnum(j, "resolution", e.resolution, domain::ResolutionName);
  PutEnum(j, "satisfaction", e.satisfaction, domain::SatisfactionName);
  PutId(j, "into_petition_id", e.into_petition_id);
  return j.dump();
}

Result<PetitionEvent> DecodeEvent(const store::PetitionEventRow& row) {
  PetitionEvent e;
  const auto type = domain::ActionFromName(row.type);
  if (!type) {
    spdlog::error("petition {} event {}: unknown type {}", row.petition_id, row.seq, row.type);
    return Internal();
  }
  e.type = *type;
  e.at_ms = row.at_ms;
  e.actor_user_id = row.actor_id;
  try {
    const json j = json::parse(row.payload_json);
    GetEnum(j, "channel", e.channel, domain::ChannelFromName);
    GetEnum(j, "petition_class", e.petition_class, domain::PetitionClassFromName);
    GetId(j, "lead_unit_id", e.lead_unit_id);
    if (j.contains("assisting_unit_ids"))
      e.assisting_unit_ids = j.at("assisting_unit_ids").get<std::vector<int64_t>>();
    GetId(j, "owning_leader_user_id", e.owning_leader_user_id);
    GetText(j, "deadline_note", e.deadline_note);
    GetText(j, "reason", e.reason);
    GetText(j, "route", e.route);
    GetFlag(j, "legal_litigation", e.legal_litigation);
    if (j.contains("days")) e.days = j.at("days").get<int>();
    GetId(j, "approver_user_id", e.approver_user_id);
    GetFlag(j, "approver_is_agency_head", e.approver_is_agency_head);
    GetText(j, "request", e.request);
    GetText(j, "facts", e.facts);
    GetText(j, "reasons", e.reasons);
    GetText(j, "legal_basis", e.legal_basis);
    GetEnum(j, "outcome", e.outcome, domain::DecisionOutcomeFromName);
    GetText(j, "document_number", e.document_number);
    GetText(j, "agreement", e.agreement);
    GetFlag(j, "settlement", e.settlement);
    GetId(j, "delivered_at_ms", e.delivered_at_ms);
    GetEnum(j, "resolution", e.resolution, domain::ResolutionFromName);
    GetEnum(j, "satisfaction", e.satisfaction, domain::SatisfactionFromName);
    GetId(j, "into_petition_id", e.into_petition_id);
  } catch (const std::exception& ex) {
    spdlog::error("petition {} event {}: bad payload: {}", row.petition_id, row.seq, ex.what());
    return Internal();
  }
  return e;
}

}  // namespace sixia::app
