// Benchmarks of the petition use cases at scale, on a data folder filled by
// bench/petition_fill (bench/run.sh prepares one with 1,000,000 petitions):
//   SIXIA_BENCH_DATA=/path/to/data ./sixia_petition_bench
// Works on SQLite and, when the folder's config.json names a db_url, PostgreSQL.
//
// Every call goes through app::PetitionService with the principal of a county petition
// officer of 霞浦县 (petition.read, statistics.read, petition.register; scope 霞浦县), as
// GET /api/v1/petitions, GET /api/v1/metrics/petitions and the repeat check at
// registration would. Each benchmark records the latency of every iteration and reports
// p50/p95/p99/max (ms) as counters beside Google Benchmark's mean.

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <random>

#include <nlohmann/json.hpp>

#include "app/app.h"
#include "latencies.h"
#include "synthetic_people.h"

namespace {

using namespace sixia;
constexpr int64_t kDay = 86'400'000;
constexpr char kCounty[] = "350921000000";  // 霞浦县

[[noreturn]] void Die(const std::string& what) {
  std::cerr << "petition_bench: " << what << "\n";
  std::exit(2);
}

// The data folder, its manifest, the officer and the ID numbers, built once (the list
// queries on first use, BuildLists).
struct Fixture {
  std::unique_ptr<app::App> app;
  security::Principal officer;
  nlohmann::json manifest;
  std::vector<app::PetitionQuery> lists;        // Mixed filters, first page.
  std::vector<app::PetitionQuery> deep_lists;   // Page 11 (before_id) of those with > 500 rows.
  std::vector<std::string> id_numbers;          // Frequent petitioners of 霞浦县.
  std::vector<domain::Category> categories;     // Of the newest tree.
};

Fixture& F() {
  static Fixture* f = [] {
    auto* fx = new Fixture;
    const char* dir = std::getenv("SIXIA_BENCH_DATA");
    if (!dir) Die("set SIXIA_BENCH_DATA to a data folder filled by petition_fill");
    auto options = app::LoadOptions(dir);
    if (!options.ok()) Die(options.status().ToString());
    auto a = app::App::Open(*options);
    if (!a.ok()) Die(a.status().ToString());
    fx->app = std::move(a).value();
    std::ifstream in(app::DataFile(dir, bench::kManifestFile));
    if (!in) Die("no bench_petitions.json in the data folder: run petition_fill first");
    fx->manifest = nlohmann::json::parse(in);

    // The officer: a real user of 霞浦县's petition bureau, with the permissions asked for.
    auto& categories = fx->categories;
    Status st = fx->app->store().Read([&](store::Tx& tx) -> Status {
      SIXIA_ASSIGN_OR_RETURN(auto creds, tx.directory().GetCredentials("bf350921_officer"));
      if (!creds) return NotFound("bf350921_officer is missing", "缺少用户");
      fx->officer.user_id = creds->user.id;
      fx->officer.username = creds->user.username;
      fx->officer.unit_id = creds->user.unit_id;
      SIXIA_ASSIGN_OR_RETURN(auto version, tx.categories().LatestVersion());
      if (version) {
        SIXIA_ASSIGN_OR_RETURN(categories, tx.categories().List(*version));
      }
      return Status::Ok();
    });
    if (!st.ok()) Die(st.ToString());
    fx->officer.permissions = {security::Permission::kPetitionRead, security::Permission::kStatisticsRead,
                               security::Permission::kPetitionRegister};
    fx->officer.scopes = {{kCounty, domain::DivisionLevel::kCounty}};

    const int64_t frequent = fx->manifest.at("frequent_petitioners").value("350921", int64_t{0});
    for (int64_t k = 0; k < std::min<int64_t>(frequent, 200); ++k)
      fx->id_numbers.push_back(bench::FrequentIdNumber("350921", k));
    return fx;
  }();
  return *f;
}

// The list queries, built on first use: 100 filters of a state (every other one open),
// a level-1 or level-2 category and 1–12 whole months received within the two years of
// data; and for those with more than 500 rows, the keyset (before_id) of page 11, found by
// paging down untimed (which also runs every first page once before timing).
void BuildLists() {
  auto& f = F();
  if (!f.lists.empty()) return;
  const int64_t now = f.manifest.at("now_ms"), from = f.manifest.at("from_ms");
  std::vector<std::string> prefixes;
  for (const auto& c : f.categories)
    if (c.level <= 2) prefixes.push_back(c.code);
  std::mt19937_64 rng(42);
  auto uniform = [&](int64_t lo, int64_t hi) { return std::uniform_int_distribution<int64_t>(lo, hi)(rng); };
  const domain::Date first = domain::DateOfMs(from);
  for (int i = 0; i < 100; ++i) {
    app::PetitionQuery q;
    domain::State state;
    do {
      state = domain::kAllStates[uniform(0, domain::kAllStates.size() - 1)];
    } while (domain::IsOpen(state) != (i % 2 == 0));
    q.state = domain::StateName(state);
    if (!prefixes.empty()) q.category_prefix = prefixes[uniform(0, prefixes.size() - 1)];
    int month = first.year * 12 + first.month - 1 + static_cast<int>(uniform(0, 23));
    q.received_from_ms = domain::StartOfDayMs({month / 12, month % 12 + 1, 1});
    month += static_cast<int>(uniform(1, 12));
    q.received_to_ms = std::min(now, domain::StartOfDayMs({month / 12, month % 12 + 1, 1}));
    q.limit = 50;
    f.lists.push_back(q);
  }
  for (const auto& q : f.lists) {
    app::PetitionQuery page = q;
    for (int n = 0; n < 10 && page.before_id >= 0; ++n) {
      auto rows = f.app->petitions().List(f.officer, page);
      if (!rows.ok()) Die(rows.status().ToString());
      page.before_id = rows->size() < static_cast<size_t>(page.limit) ? -1 : rows->back().id;
    }
    if (page.before_id > 0) f.deep_lists.push_back(page);
  }
}

void RunLists(benchmark::State& state, const std::vector<app::PetitionQuery>& queries) {
  auto& f = F();
  if (queries.empty()) return state.SkipWithError("no queries");
  bench::Latencies lat;
  size_t i = 0, rows = 0, empty = 0;
  for (auto _ : state) {
    const auto& q = queries[i++ % queries.size()];
    lat.Time([&] {
      auto r = f.app->petitions().List(f.officer, q);
      if (!r.ok()) return state.SkipWithError(r.status().ToString().c_str());
      rows += r->size();
      empty += r->empty() ? 1 : 0;
    });
  }
  lat.Report(state);
  state.counters["queries"] = static_cast<double>(queries.size());
  state.counters["rows"] = static_cast<double>(rows) / std::max<size_t>(i, 1);
  state.counters["empty"] = static_cast<double>(empty) / std::max<size_t>(i, 1);
}

// GET /api/v1/petitions?state=…&category=…&from=…&to=… : first page (50) of the 100 mixed
// filters, each twice.
void BM_PetitionListFirstPage(benchmark::State& state) {
  BuildLists();
  RunLists(state, F().lists);
}
BENCHMARK(BM_PetitionListFirstPage)->Iterations(200)->Unit(benchmark::kMillisecond);

// The same lists ten pages down (before_id), for the filters with more than 500 rows.
void BM_PetitionListDeepPage(benchmark::State& state) {
  BuildLists();
  RunLists(state, F().deep_lists);
}
BENCHMARK(BM_PetitionListDeepPage)->Iterations(200)->Unit(benchmark::kMillisecond);

// GET /api/v1/metrics/petitions?division=350921000000 for the last 365 days.
void BM_PetitionMetricsCountyYear(benchmark::State& state) {
  auto& f = F();
  app::MetricsQuery q;
  q.division_code = kCounty;
  q.to_ms = f.manifest.at("now_ms");
  q.from_ms = q.to_ms - 365 * kDay;
  bench::Latencies lat;
  int64_t received = 0;
  for (auto _ : state) {
    lat.Time([&] {
      auto m = f.app->petitions().Metrics(f.officer, q);
      if (!m.ok()) return state.SkipWithError(m.status().ToString().c_str());
      received = m->total.received;
    });
  }
  lat.Report(state);
  state.counters["petitions"] = static_cast<double>(received);
}
BENCHMARK(BM_PetitionMetricsCountyYear)->Iterations(20)->Unit(benchmark::kMillisecond);

// What the metrics above cost in the store alone: reading the same petitions' counted facts
// (store::PetitionRepo::ScanCounted, one covering index entry each) without counting them.
void BM_PetitionScanCountyYear(benchmark::State& state) {
  auto& f = F();
  store::PetitionScan scan{domain::SubtreeRange(kCounty, domain::DivisionLevel::kCounty), 0,
                           f.manifest.at("now_ms")};
  scan.from_ms = scan.to_ms - 365 * kDay;
  bench::Latencies lat;
  int64_t petitions = 0;
  for (auto _ : state) {
    petitions = 0;
    lat.Time([&] {
      Status st = f.app->store().Read([&](store::Tx& tx) {
        return tx.petitions().ScanCounted(scan, [&](const domain::CountedPetition&) { ++petitions; });
      });
      if (!st.ok()) state.SkipWithError(st.ToString().c_str());
    });
  }
  lat.Report(state);
  state.counters["petitions"] = static_cast<double>(petitions);
}
BENCHMARK(BM_PetitionScanCountyYear)->Iterations(20)->Unit(benchmark::kMillisecond);

// Every petition of one person, by ID number (the repeat check of registration).
void BM_PetitionsOfIdNumber(benchmark::State& state) {
  auto& f = F();
  if (f.id_numbers.empty()) return state.SkipWithError("no frequent petitioners in the manifest");
  bench::Latencies lat;
  size_t i = 0, found = 0;
  for (auto _ : state) {
    app::RepeatQuery q;
    q.id_numbers = {f.id_numbers[i++ % f.id_numbers.size()]};
    lat.Time([&] {
      auto r = f.app->petitions().FindRepeats(f.officer, q);
      if (!r.ok()) return state.SkipWithError(r.status().ToString().c_str());
      found += r->size();
    });
  }
  lat.Report(state);
  state.counters["people"] = static_cast<double>(f.id_numbers.size());
  state.counters["petitions"] = static_cast<double>(found) / std::max<size_t>(i, 1);
}
BENCHMARK(BM_PetitionsOfIdNumber)->Iterations(2000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
