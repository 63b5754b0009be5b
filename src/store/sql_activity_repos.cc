// Activity repositories shared by the SQLite and PostgreSQL stores (see activity_repo.h).
// Every query is a named constant; the PostgreSQL texts differ only by explicit parameter
// types where libpq cannot infer them.

#include <limits>

#include "store/sql_internal.h"

namespace sixia::store::detail {
namespace {

SqlValue OptInt(const std::optional<int64_t>& v) { return v ? SqlValue{*v} : SqlValue{nullptr}; }

// ---- Outreach -------------------------------------------------------------------------

#define SIXIA_OUTREACH_COLUMNS                                                             \
  "id, county_code, division_code, form, topic, held_on, reached, reached_estimated, "     \
  "organiser_unit_id, organiser_user_id, notes, created_by, created_at"
constexpr Query kOutreachInsert{
    "outreach.insert",
    "INSERT INTO outreach_events(county_code, division_code, form, topic, held_on, reached, "
    "reached_estimated, organiser_unit_id, organiser_user_id, notes, created_by, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
    nullptr};
constexpr Query kOutreachGet{
    "outreach.get", "SELECT " SIXIA_OUTREACH_COLUMNS " FROM outreach_events WHERE id = $1", nullptr};
constexpr Query kOutreachList{
    "outreach.list",
    "SELECT " SIXIA_OUTREACH_COLUMNS " FROM outreach_events WHERE division_code BETWEEN $1 AND $2 "
    "AND held_on >= $3 AND held_on < $4 AND ($5 = '' OR form = $5) AND ($6 = '' OR topic = $6) "
    "AND id < $7 ORDER BY id DESC LIMIT $8",
    "SELECT " SIXIA_OUTREACH_COLUMNS " FROM outreach_events WHERE division_code BETWEEN $1::text "
    "AND $2::text AND held_on >= $3::bigint AND held_on < $4::bigint AND ($5::text = '' OR "
    "form = $5::text) AND ($6::text = '' OR topic = $6::text) AND id < $7::bigint "
    "ORDER BY id DESC LIMIT $8::bigint"};
constexpr Query kOutreachTotals{
    "outreach.totals",
    "SELECT form, topic, reached_estimated, count(*), sum(reached) FROM outreach_events "
    "WHERE division_code BETWEEN $1 AND $2 AND held_on >= $3 AND held_on < $4 "
    "GROUP BY form, topic, reached_estimated",
    nullptr};
constexpr Query kOutreachCovered{
    "outreach.covered",
    "SELECT DISTINCT division_code FROM outreach_events WHERE division_code BETWEEN $1 AND $2 "
    "AND held_on >= $3 AND held_on < $4",
    nullptr};

OutreachRow ToOutreach(const Row& r) {
  OutreachRow o;
  auto& e = o.event;
  e.id = r.Int(0);
  o.county_code = r.Text(1);
  e.division_code = r.Text(2);
  e.form = domain::OutreachFormFromName(r.Text(3)).value_or(domain::OutreachForm::kOther);
  e.topic = r.Text(4);
  e.held_on_ms = r.Int(5);
  e.reached = r.Int(6);
  e.reached_estimated = r.Int(7) != 0;
  e.organiser_unit_id = r.OptInt(8);
  e.organiser_user_id = r.OptInt(9);
  e.notes = r.Text(10);
  o.created_by = r.OptInt(11);
  o.created_at_ms = r.Int(12);
  return o;
}

class SqlOutreachRepo final : public OutreachRepo {
 public:
  explicit SqlOutreachRepo(Conn& c) : c_(c) {}

  Result<int64_t> Add(const OutreachRow& o) override {
    return Guard("outreach.insert", [&]() -> Result<int64_t> {
      const auto& e = o.event;
      return c_
          .One(kOutreachInsert,
               {o.county_code, e.division_code, std::string(domain::OutreachFormName(e.form)), e.topic,
                e.held_on_ms, e.reached, int64_t{e.reached_estimated ? 1 : 0},
                OptInt(e.organiser_unit_id), OptInt(e.organiser_user_id), e.notes,
                OptInt(o.created_by), o.created_at_ms})
          ->Int(0);
    });
  }

  Result<std::optional<OutreachRow>> Get(int64_t id) override {
    return Guard("outreach.get", [&]() -> Result<std::optional<OutreachRow>> {
      auto row = c_.One(kOutreachGet, {id});
      if (!row) return std::optional<OutreachRow>();
      return std::optional<OutreachRow>(ToOutreach(*row));
    });
  }

  Result<std::vector<OutreachRow>> List(const OutreachFilter& f) override {
    return Guard("outreach.list", [&]() -> Result<std::vector<OutreachRow>> {
      std::vector<OutreachRow> out;
      c_.Run(kOutreachList,
             {f.range.first, f.range.last, f.from_ms, f.to_ms, f.form, f.topic,
              f.before_id > 0 ? f.before_id : std::numeric_limits<int64_t>::max(), int64_t{f.limit}},
             [&](const Row& r) { out.push_back(ToOutreach(r)); });
      return out;
    });
  }

  Result<std::vector<OutreachGroup>> Totals(const OutreachFilter& f) override {
    return Guard("outreach.totals", [&]() -> Result<std::vector<OutreachGroup>> {
      std::vector<OutreachGroup> out;
      c_.Run(kOutreachTotals, {f.range.first, f.range.last, f.from_ms, f.to_ms}, [&](const Row& r) {
        out.push_back({domain::OutreachFormFromName(r.Text(0)).value_or(domain::OutreachForm::kOther),
                       r.Text(1), r.Int(2) != 0, r.Int(3), r.Int(4)});
      });
      return out;
    });
  }

  Result<std::vector<std::string>> CoveredPlaces(const OutreachFilter& f) override {
    return Guard("outreach.covered", [&]() -> Result<std::vector<std::string>> {
      std::vector<std::string> out;
      c_.Run(kOutreachCovered, {f.range.first, f.range.last, f.from_ms, f.to_ms},
             [&](const Row& r) { out.push_back(r.Text(0)); });
      return out;
    });
  }

 private:
  Conn& c_;
};

}  // namespace

std::unique_ptr<OutreachRepo> MakeSqlOutreachRepo(Conn& conn) {
  return std::make_unique<SqlOutreachRepo>(conn);
}

}  // namespace sixia::store::detail
