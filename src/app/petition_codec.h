#pragma once
// Petition events as stored JSON (petition_events.payload) and back. The JSON holds only
// the fields an event sets, named as the members of domain::PetitionEvent; the type, time
// and actor live in their own columns. No personal data is ever put in an event.

#include <string>

#include "common/status.h"
#include "domain/petition_workflow.h"
#include "store/petition_repo.h"

namespace sixia::app {

// The payload JSON of `event` (without type, at_ms and actor).
std::string EncodeEventPayload(const domain::PetitionEvent& event);

// The event stored in `row`. kInternal when the row is not a valid event (a corrupt store).
Result<domain::PetitionEvent> DecodeEvent(const store::PetitionEventRow& row);

}  // namespace sixia::app
