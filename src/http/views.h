#pragma once
// JSON views of domain values (what clients see). Never include secrets or hashes.
#include <nlohmann/json.hpp>

#include "domain/audit.h"
#include "domain/directory.h"
#include "domain/division.h"
#include "app/petition_service.h"
#include "security/policy.h"

namespace sixia::http {

nlohmann::json ToJson(const domain::Division& d);
nlohmann::json ToJson(const domain::Unit& u);
nlohmann::json ToJson(const domain::User& u, int64_t now_ms);
nlohmann::json ToJson(const domain::Role& r);
nlohmann::json ToJson(const domain::AuditRecord& a);
nlohmann::json ToJson(const security::Principal& p);

// Petitions: a list row (no content, no people), the full masked view, a person.
nlohmann::json PetitionSummaryJson(const store::PetitionRow& row);
nlohmann::json ToJson(const app::PetitionView& v);
nlohmann::json ToJson(const app::PersonView& v);
nlohmann::json ToJson(const app::RepeatCandidate& r);
nlohmann::json ToJson(const domain::PetitionEvent& e, int64_t seq);
nlohmann::json ToJson(const domain::PetitionMetrics& m);
nlohmann::json ToJson(const store::AttachmentRow& a);
nlohmann::json ToJson(const store::DocumentRow& d);  // Without the body.

template <typename T>
nlohmann::json ListJson(const std::vector<T>& items) {
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& i : items) arr.push_back(ToJson(i));
  return arr;
}

}  // namespace sixia::http
