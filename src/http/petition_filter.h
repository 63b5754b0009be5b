#pragma once
// The filters of the petition list (GET /api/v1/petitions), shared by the list and its XLSX
// export: state, petition_class, channel, category, division, unit, from, to, band — checked the
// same way for both (400 naming the parameter). Defined in petition_handlers.cc.
#include "app/petition_service.h"
#include "http/types.h"

namespace sixia::http {

// Every field of PetitionQuery except `limit` and `before_id`.
Result<app::PetitionQuery> ReadPetitionFilter(const Request& req);

}  // namespace sixia::http
