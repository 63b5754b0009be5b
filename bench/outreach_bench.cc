// Benchmarks of the activities at scale (issue 4: with 1,000,000 outreach events and 200,000
// ledger items stored, county and year outreach totals and coverage under 100 ms, a
// township's open-task list p95 under 50 ms):
//   SIXIA_BENCH_DATA=/path/to/data [SIXIA_BENCH_OUTREACH=1000000] [SIXIA_BENCH_LEDGER=200000]
//     ./sixia_outreach_bench   (one command line)
// The data folder needs the national division tree (sixia init + divisions import). On first
// use the benchmark tops the folder up to SIXIA_BENCH_OUTREACH synthetic events (seed 2026)
// over the villages of 宁德市's nine counties and the two years before now, through
// store::OutreachRepo in batches, so that a second run measures the same data. Ledger items
// (seed 2027) all lie in 霞浦县's villages — one county's lists, the deployment unit — as
// trees of problem → responsibility → tasks (→ outcome for a done task), about half of the
// tasks open and a fifth of the open ones overdue.
//
// Every report goes through app::OutreachService as GET /api/v1/metrics/outreach would, for a
// reader of 霞浦县 (activity.read, scope 霞浦县). Latencies per iteration as p50/p95/p99/max.

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <iostream>
#include <random>

#include "app/app.h"
#include "latencies.h"

namespace {

using namespace sixia;
constexpr int64_t kDay = 86'400'000;
constexpr char kCounty[] = "350921000000";    // 霞浦县
constexpr char kTownship[] = "350921101000";  // 松城街道
constexpr char kCity[] = "350900000000";      // 宁德市

[[noreturn]] void Die(const std::string& what) {
  std::cerr << "outreach_bench: " << what << "\n";
  std::exit(2);
}

struct Fixture {
  std::unique_ptr<app::App> app;
  security::Principal reader;
  int64_t now_ms = 0;
  int64_t events = 0;
  int64_t items = 0;
};

// Tops the store up to `target` ledger items in 霞浦县.
void FillLedger(app::App& app, int64_t target, int64_t now_ms) {
  int64_t have = 0;
  std::vector<domain::Division> villages;
  Status st = app.store().Read([&](store::Tx& tx) -> Status {
    store::FigureFilter all;
    all.range = domain::SubtreeRange(kCounty, domain::DivisionLevel::kCounty);
    all.from_ms = INT64_MIN / 2;
    all.to_ms = INT64_MAX / 2;
    SIXIA_ASSIGN_OR_RETURN(auto f, tx.research().CountFigures(all));
    // Responsibilities are not counted by the figures: one per problem here.
    have = 2 * f.problems + f.tasks + f.outcomes;
    SIXIA_ASSIGN_OR_RETURN(auto towns, tx.divisions().Children(kCounty));
    for (const auto& t : towns) {
      SIXIA_ASSIGN_OR_RETURN(auto vs, tx.divisions().Children(t.code));
      villages.insert(villages.end(), vs.begin(), vs.end());
    }
    return Status::Ok();
  });
  if (!st.ok()) Die(st.ToString());
  if (villages.empty()) Die("no villages under 霞浦县: import the division tree first");
  if (have >= target) return;
  std::cerr << "outreach_bench: adding " << target - have << " ledger items over " << villages.size()
            << " villages of 霞浦县\n";
  std::mt19937_64 rng(2027 + have);
  auto uniform = [&](int64_t lo, int64_t hi) { return std::uniform_int_distribution<int64_t>(lo, hi)(rng); };
  for (int64_t done = have; done < target;) {
    int64_t added = 0;
    st = app.store().Write([&](store::Tx& tx) -> Status {
      // The admin (user 1) stands for every responsible person; units are not needed.
      while (added < 20'000 && done + added < target) {
        const auto& v = villages[uniform(0, villages.size() - 1)];
        const int64_t created = now_ms - uniform(0, 364) * kDay;
        auto add = [&](domain::LedgerItem item) -> Result<int64_t> {
          store::LedgerRow row;
          item.division_code = v.code;
          row.item = std::move(item);
          row.county_code = kCounty;
          row.created_at_ms = row.updated_at_ms = created;
          ++added;
          return tx.research().AddItem(row);
        };
        domain::LedgerItem problem;
        problem.kind = domain::ItemKind::kProblem;
        problem.title = "村道破损影响出行";
        problem.source = domain::ItemSource::kResearch;
        SIXIA_ASSIGN_OR_RETURN(int64_t pid, add(problem));
        domain::LedgerItem resp;
        resp.kind = domain::ItemKind::kResponsibility;
        resp.parent_id = pid;
        resp.title = "乡镇负责";
        resp.person_user_id = 1;
        SIXIA_ASSIGN_OR_RETURN(int64_t rid, add(resp));
        for (int64_t t = uniform(1, 4); t > 0; --t) {
          domain::LedgerItem task;
          task.kind = domain::ItemKind::kTask;
          task.parent_id = rid;
          task.title = "修复村道";
          task.person_user_id = 1;
          task.task_kind = uniform(0, 3) == 0 ? domain::TaskKind::kInstitutional : domain::TaskKind::kFixNow;
          const bool open = uniform(0, 1) == 0;
          // Open tasks: a fifth overdue, the rest due within 90 days; done ones any time.
          task.deadline_ms = open ? (uniform(0, 4) == 0 ? now_ms - uniform(1, 60) * kDay : now_ms + uniform(1, 90) * kDay)
                                  : created + uniform(1, 90) * kDay;
          if (!open) {
            task.status = domain::ItemStatus::kDone;
            task.done_at_ms = created + kDay;
            task.evidence = "已完成，验收单见附件";
          }
          SIXIA_ASSIGN_OR_RETURN(int64_t tid, add(task));
          if (!open && uniform(0, 1) == 0) {
            domain::LedgerItem outcome;
            outcome.kind = domain::ItemKind::kOutcome;
            outcome.parent_id = tid;
            outcome.title = "群众出行便利";
            outcome.status = domain::ItemStatus::kDone;
            outcome.evidence = "回访满意";
            outcome.verified_by = 1;
            SIXIA_RETURN_IF_ERROR(add(outcome).status());
          }
        }
      }
      return Status::Ok();
    });
    if (!st.ok()) Die(st.ToString());
    done += added;
  }
}

// Tops the store up to `target` events.
void Fill(app::App& app, int64_t target, int64_t now_ms) {
  int64_t have = 0;
  std::vector<domain::Division> villages;
  Status st = app.store().Read([&](store::Tx& tx) -> Status {
    store::OutreachFilter all;
    all.range = domain::SubtreeRange(kCity, domain::DivisionLevel::kCity);
    all.to_ms = now_ms + kDay;
    SIXIA_ASSIGN_OR_RETURN(auto groups, tx.outreach().Totals(all));
    for (const auto& g : groups) have += g.events;
    SIXIA_ASSIGN_OR_RETURN(auto counties, tx.divisions().Children(kCity));
    for (const auto& c : counties) {
      SIXIA_ASSIGN_OR_RETURN(auto towns, tx.divisions().Children(c.code));
      for (const auto& t : towns) {
        SIXIA_ASSIGN_OR_RETURN(auto vs, tx.divisions().Children(t.code));
        villages.insert(villages.end(), vs.begin(), vs.end());
      }
    }
    return Status::Ok();
  });
  if (!st.ok()) Die(st.ToString());
  if (villages.empty()) Die("no villages under 宁德市: import the division tree first");
  if (have >= target) return;
  std::cerr << "outreach_bench: adding " << target - have << " events over " << villages.size()
            << " villages\n";
  static const char* kTopics[] = {"乡村振兴", "防汛防台", "医保政策", "低保政策", "移风易俗", "安全生产",
                                  "禁毒宣传", "反诈宣传", "垃圾分类", "秸秆禁烧", "农村养老保险", "党的二十大精神"};
  std::mt19937_64 rng(2026 + have);
  auto uniform = [&](int64_t lo, int64_t hi) { return std::uniform_int_distribution<int64_t>(lo, hi)(rng); };
  const int64_t today = domain::StartOfDayMs(domain::DateOfMs(now_ms));
  for (int64_t done = have; done < target;) {
    const int64_t batch = std::min<int64_t>(20'000, target - done);
    st = app.store().Write([&](store::Tx& tx) -> Status {
      for (int64_t i = 0; i < batch; ++i) {
        store::OutreachRow row;
        const auto& v = villages[uniform(0, villages.size() - 1)];
        row.county_code = v.code.substr(0, 6) + "000000";
        auto& e = row.event;
        e.division_code = v.code;
        e.form = static_cast<domain::OutreachForm>(uniform(0, 6));
        e.topic = kTopics[uniform(0, std::size(kTopics) - 1)];
        e.held_on_ms = today - uniform(0, 729) * kDay;
        e.reached_estimated = e.form == domain::OutreachForm::kLed ||
                              e.form == domain::OutreachForm::kLoudspeaker ||
                              e.form == domain::OutreachForm::kNewMedia;
        e.reached = e.reached_estimated ? uniform(100, 2000) : uniform(5, 120);
        row.created_at_ms = e.held_on_ms;
        SIXIA_RETURN_IF_ERROR(tx.outreach().Add(row).status());
      }
      return Status::Ok();
    });
    if (!st.ok()) Die(st.ToString());
    done += batch;
    if (done % 200'000 == 0) std::cerr << "  " << done << " events\n";
  }
}

Fixture& F() {
  static Fixture* f = [] {
    auto* fx = new Fixture;
    const char* dir = std::getenv("SIXIA_BENCH_DATA");
    if (!dir) Die("set SIXIA_BENCH_DATA to a data folder with the division tree");
    const char* n = std::getenv("SIXIA_BENCH_OUTREACH");
    const int64_t target = n ? std::atoll(n) : 1'000'000;
    auto options = app::LoadOptions(dir);
    if (!options.ok()) Die(options.status().ToString());
    auto a = app::App::Open(*options);
    if (!a.ok()) Die(a.status().ToString());
    fx->app = std::move(a).value();
    fx->now_ms = fx->app->clock().NowMs();
    Fill(*fx->app, target, fx->now_ms);
    fx->events = target;
    const char* l = std::getenv("SIXIA_BENCH_LEDGER");
    fx->items = l ? std::atoll(l) : 200'000;
    FillLedger(*fx->app, fx->items, fx->now_ms);
    fx->reader.user_id = 1;
    fx->reader.username = "bench_reader";
    fx->reader.permissions = {security::Permission::kActivityRead};
    fx->reader.scopes = {{kCounty, domain::DivisionLevel::kCounty}};
    return fx;
  }();
  return *f;
}

void RunReport(benchmark::State& state, const char* division) {
  auto& f = F();
  const int64_t to = domain::StartOfDayMs(domain::DateOfMs(f.now_ms)) + kDay;
  const int64_t from = to - 365 * kDay;
  bench::Latencies lat;
  int64_t events = 0, uncovered = 0, villages = 0;
  for (auto _ : state) {
    lat.Time([&] {
      auto r = f.app->outreach().Report(f.reader, division, from, to);
      if (!r.ok()) return state.SkipWithError(r.status().ToString().c_str());
      events = r->total.events;
      uncovered = static_cast<int64_t>(r->uncovered.size());
      villages = r->villages;
    });
  }
  lat.Report(state);
  state.counters["events"] = static_cast<double>(events);
  state.counters["villages"] = static_cast<double>(villages);
  state.counters["uncovered"] = static_cast<double>(uncovered);
}

// GET /api/v1/metrics/outreach?division=350921000000 for the last 365 days.
void BM_OutreachCountyYear(benchmark::State& state) { RunReport(state, kCounty); }
BENCHMARK(BM_OutreachCountyYear)->Iterations(20)->Unit(benchmark::kMillisecond);

// The same for one township (松城街道).
void BM_OutreachTownshipYear(benchmark::State& state) { RunReport(state, kTownship); }
BENCHMARK(BM_OutreachTownshipYear)->Iterations(50)->Unit(benchmark::kMillisecond);

// The first page of the county's lectures in the last 365 days (GET /api/v1/outreach-events).
void BM_OutreachListFirstPage(benchmark::State& state) {
  auto& f = F();
  app::OutreachQuery q;
  q.division_code = kCounty;
  q.to_ms = domain::StartOfDayMs(domain::DateOfMs(f.now_ms)) + kDay;
  q.from_ms = q.to_ms - 365 * kDay;
  q.form = "lecture";
  bench::Latencies lat;
  for (auto _ : state) {
    lat.Time([&] {
      auto rows = f.app->outreach().List(f.reader, q);
      if (!rows.ok()) state.SkipWithError(rows.status().ToString().c_str());
    });
  }
  lat.Report(state);
}
BENCHMARK(BM_OutreachListFirstPage)->Iterations(100)->Unit(benchmark::kMillisecond);

// A township's open-task list, first page by deadline (GET /api/v1/ledger/open-tasks?division=…).
void RunOpenTasks(benchmark::State& state, bool overdue) {
  auto& f = F();
  app::OpenTaskQuery q;
  q.division_code = kTownship;
  q.overdue_only = overdue;
  q.limit = 50;
  bench::Latencies lat;
  size_t rows = 0;
  for (auto _ : state) {
    lat.Time([&] {
      auto r = f.app->research().OpenTasks(f.reader, q);
      if (!r.ok()) return state.SkipWithError(r.status().ToString().c_str());
      rows = r->size();
    });
  }
  lat.Report(state);
  state.counters["rows"] = static_cast<double>(rows);
  state.counters["items"] = static_cast<double>(f.items);
}
void BM_LedgerTownshipOpenTasks(benchmark::State& state) { RunOpenTasks(state, false); }
BENCHMARK(BM_LedgerTownshipOpenTasks)->Iterations(200)->Unit(benchmark::kMillisecond);
void BM_LedgerTownshipOverdue(benchmark::State& state) { RunOpenTasks(state, true); }
BENCHMARK(BM_LedgerTownshipOverdue)->Iterations(200)->Unit(benchmark::kMillisecond);

// The county's ledger report (overdue tasks, problems without a responsible person).
void BM_LedgerCountyReport(benchmark::State& state) {
  auto& f = F();
  bench::Latencies lat;
  for (auto _ : state) {
    lat.Time([&] {
      auto r = f.app->research().Report(f.reader, kCounty);
      if (!r.ok()) state.SkipWithError(r.status().ToString().c_str());
    });
  }
  lat.Report(state);
}
BENCHMARK(BM_LedgerCountyReport)->Iterations(50)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
