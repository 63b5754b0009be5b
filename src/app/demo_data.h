#pragma once
// Demo units, users and roles for 霞浦县 (Xiapu county, 350921), so that every feature has
// a realistic place to live. All people are synthetic. Needs the division tree imported.

#include <string>
#include <vector>

#include "app/directory_service.h"

namespace sixia::app {

struct DemoReport {
  int units = 0;
  int users = 0;
  std::vector<std::pair<std::string, std::string>> logins;  // user name, role description
};

inline constexpr char kDemoCounty[] = "350921000000";

// Creates the demo units and users (all with `password`). kConflict when already present;
// kUnprocessable when the division tree lacks 霞浦县.
Result<DemoReport> AddDemoData(store::Store& store, DirectoryService& directory,
                               const Actor& actor, const std::string& password);

}  // namespace sixia::app
