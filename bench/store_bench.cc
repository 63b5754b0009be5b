// Micro-benchmarks of the storage paths behind the hot HTTP routes, on a data folder
// that holds the national division tree (bench/run.sh prepares it).
//   SIXIA_BENCH_DATA=/path/to/data ./sixia_bench
#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "app/app.h"
#include "security/field_crypto.h"

namespace {

using namespace sixia;

app::App* BenchApp() {
  static std::unique_ptr<app::App> app = [] {
    const char* dir = std::getenv("SIXIA_BENCH_DATA");
    if (!dir) {
      std::cerr << "set SIXIA_BENCH_DATA to a data folder with the national tree imported\n";
      std::exit(2);
    }
    app::Options o;
    o.data_dir = dir;
    auto a = app::App::Open(o);
    if (!a.ok()) {
      std::cerr << a.status().ToString() << "\n";
      std::exit(2);
    }
    return std::move(a).value();
  }();
  return app.get();
}

security::Principal Reader() {
  security::Principal p;
  p.permissions = {security::Permission::kDivisionRead};
  return p;
}

// The fixed cost of one read transaction (auth epoch only: what a cached caller costs).
void BM_ReadAuthEpoch(benchmark::State& state) {
  auto* app = BenchApp();
  for (auto _ : state) {
    Status st = app->store().Read([](store::Tx& tx) { return tx.auth().Epoch().status(); });
    if (!st.ok()) state.SkipWithError("epoch");
  }
}
BENCHMARK(BM_ReadAuthEpoch);

// A township's children: the query behind GET /divisions/{township}/children.
void BM_DivisionChildrenOfTownship(benchmark::State& state) {
  auto* app = BenchApp();
  const auto p = Reader();
  for (auto _ : state) {
    auto r = app->divisions().Children(p, "350921101000");
    if (!r.ok() || r->empty()) state.SkipWithError("no children");
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_DivisionChildrenOfTownship)->ThreadRange(1, 2)->UseRealTime();

// A county's 15 townships.
void BM_DivisionChildrenOfCounty(benchmark::State& state) {
  auto* app = BenchApp();
  const auto p = Reader();
  for (auto _ : state) benchmark::DoNotOptimize(app->divisions().Children(p, "350921000000"));
}
BENCHMARK(BM_DivisionChildrenOfCounty);

void BM_DivisionPathToRoot(benchmark::State& state) {
  auto* app = BenchApp();
  const auto p = Reader();
  for (auto _ : state) benchmark::DoNotOptimize(app->divisions().Path(p, "350921101201"));
}
BENCHMARK(BM_DivisionPathToRoot);

// Name search within a county subtree (range scan of ~350 rows).
void BM_DivisionSearchInCounty(benchmark::State& state) {
  auto* app = BenchApp();
  const auto p = Reader();
  for (auto _ : state) benchmark::DoNotOptimize(app->divisions().Search(p, "350921000000", "村", 20));
}
BENCHMARK(BM_DivisionSearchInCounty);

// A whole county's subtree (all ~350 divisions) in one range read.
void BM_SubtreeOfCounty(benchmark::State& state) {
  auto* app = BenchApp();
  const auto range = domain::SubtreeRange("350921000000", domain::DivisionLevel::kCounty);
  for (auto _ : state) {
    std::vector<domain::Division> out;
    (void)app->store().Read([&](store::Tx& tx) -> Status {
      SIXIA_ASSIGN_OR_RETURN(out, tx.divisions().Search(range, "", 1000));
      return Status::Ok();
    });
    state.counters["rows"] = static_cast<double>(out.size());
  }
}
BENCHMARK(BM_SubtreeOfCounty);

// Durable writes through the group-commit writer: each iteration is one acknowledged
// transaction (an audit record); with more threads, commits are shared.
void BM_DurableAuditAppend(benchmark::State& state) {
  auto* app = BenchApp();
  const app::Actor actor{0, "bench", "bench"};
  for (auto _ : state) {
    Status st = app->audit().AppendAlone(app->store(), actor, {"bench.append", "", domain::AuditOutcome::kOk, "{}"});
    if (!st.ok()) state.SkipWithError("append failed");
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DurableAuditAppend)->Threads(1)->Threads(8)->Threads(32)->UseRealTime();

}  // namespace

// Sealing one short personal field (SM4-CBC + HMAC-SM3), as registration does four times per
// petitioner, and one keyed blind index (HMAC-SM3), as it does for ID number and phone.
security::FieldCipher& BenchCipher() {
  static security::FieldCipher* cipher = [] {
    auto c = security::FieldCipher::Create(std::string(security::kFieldKeyBytes, 'k'));
    if (!c.ok()) std::abort();
    return new security::FieldCipher(std::move(c).value());
  }();
  return *cipher;
}

void BM_FieldSeal(benchmark::State& state) {
  auto& cipher = BenchCipher();
  for (auto _ : state) benchmark::DoNotOptimize(cipher.Encrypt("张三丰", "petitioner.name"));
}
BENCHMARK(BM_FieldSeal);

void BM_BlindIndex(benchmark::State& state) {
  auto& cipher = BenchCipher();
  for (auto _ : state) benchmark::DoNotOptimize(cipher.BlindIndex("id_number", "350921198001011236"));
}
BENCHMARK(BM_BlindIndex);

BENCHMARK_MAIN();
