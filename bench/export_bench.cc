// Export of petitions to XLSX (app/petition_export.h) at scale, on a data folder filled by
// bench/petition_fill:
//   SIXIA_BENCH_DATA=/path/to/data ./sixia_export_bench
// Exports the newest 10,000 and 100,000 petitions of 宁德市 (all counties of the fill) as
// a city-wide reader would through GET /api/v1/petitions/export.xlsx, and reports the
// time, the rows and file size, and the peak resident memory of the process during the
// export: VmHWM of /proc/self/status, reset before each export by writing 5 to
// /proc/self/clear_refs (Linux ≥ 4.0; when that fails, the counters say so with
// hwm_reset=0 and peak_rss_mb is the peak since the start). Memory that stays flat from
// 10,000 to 100,000 rows, apart from the finished file held for the response, is the point.

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>

#include "app/app.h"
#include "app/petition_export.h"

namespace {

using namespace sixia;
constexpr char kCity[] = "350900000000";  // 宁德市

[[noreturn]] void Die(const std::string& what) {
  std::cerr << "export_bench: " << what << "\n";
  std::exit(2);
}

// A "VmXXX:  1234 kB" line of /proc/self/status, in MiB (0 when missing).
double StatusMiB(const std::string& key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(key + ":", 0) == 0)
      return std::strtod(line.c_str() + key.size() + 1, nullptr) / 1024.0;
  return 0;
}

// Resets VmHWM to the current RSS; false when the kernel refuses.
bool ResetPeak() {
  std::ofstream out("/proc/self/clear_refs");
  out << "5";
  out.flush();
  return static_cast<bool>(out);
}

struct Fixture {
  std::unique_ptr<app::App> app;
  security::Principal reader;
  std::string tmp_dir;
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
    fx->tmp_dir = app::DataFile(dir, "tmp");
    // A real user of the fill (霞浦县's petition officer) given petition.read over the whole
    // city, so that the 100,000 newest petitions of the fill are in scope.
    Status st = fx->app->store().Read([&](store::Tx& tx) -> Status {
      SIXIA_ASSIGN_OR_RETURN(auto creds, tx.directory().GetCredentials("bf350921_officer"));
      if (!creds) return NotFound("bf350921_officer is missing", "缺少用户");
      fx->reader.user_id = creds->user.id;
      fx->reader.username = creds->user.username;
      fx->reader.unit_id = creds->user.unit_id;
      return Status::Ok();
    });
    if (!st.ok()) Die(st.ToString());
    fx->reader.permissions = {security::Permission::kPetitionRead};
    fx->reader.scopes = {{kCity, domain::DivisionLevel::kCity}};
    return fx;
  }();
  return *f;
}

// GET /api/v1/petitions/export.xlsx without a filter, capped at state.range(0) rows.
void BM_PetitionExportXlsx(benchmark::State& state) {
  auto& f = F();
  const app::PetitionExporter exporter(f.app->petitions(), f.app->store(), f.app->audit(),
                                       f.tmp_dir, state.range(0));
  const app::Actor actor{f.reader.user_id, f.reader.username, "bench"};
  double seconds = 0, peak = 0, before = 0;
  int64_t rows = 0, bytes = 0;
  bool reset = true;
  for (auto _ : state) {
    before = StatusMiB("VmRSS");
    reset = ResetPeak() && reset;
    const auto t0 = std::chrono::steady_clock::now();
    auto x = exporter.Xlsx(f.reader, actor, {});
    seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    peak = StatusMiB("VmHWM");
    if (!x.ok()) return state.SkipWithError(x.status().ToString().c_str());
    rows = x->rows;
    bytes = static_cast<int64_t>(x->bytes.size());
  }
  state.counters["rows"] = static_cast<double>(rows);
  state.counters["file_mb"] = static_cast<double>(bytes) / (1 << 20);
  state.counters["seconds"] = seconds;
  state.counters["rows_per_s"] = seconds > 0 ? static_cast<double>(rows) / seconds : 0;
  state.counters["rss_before_mb"] = before;
  state.counters["peak_rss_mb"] = peak;
  state.counters["peak_growth_mb"] = peak - before;
  state.counters["hwm_reset"] = reset ? 1 : 0;
}
BENCHMARK(BM_PetitionExportXlsx)
    ->Arg(10'000)
    ->Arg(100'000)
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
