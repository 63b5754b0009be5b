// Activity repositories shared by the SQLite and PostgreSQL stores (see activity_repo.h).
// Every query is a named constant; the PostgreSQL texts differ only by explicit parameter
// types where libpq cannot infer them.

#include <limits>

#include "domain/petition_metrics.h"
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

// ---- Reception days -------------------------------------------------------------------

#define SIXIA_RECEPTION_COLUMNS \
  "id, county_code, division_code, venue, held_on, joint, notes, created_by, created_at"
constexpr Query kReceptionInsert{
    "reception.insert",
    "INSERT INTO reception_days(county_code, division_code, venue, held_on, joint, notes, "
    "created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    nullptr};
constexpr Query kReceptionLeaderInsert{
    "reception.leader_insert",
    "INSERT INTO reception_day_leaders(reception_day_id, user_id) VALUES ($1, $2)", nullptr};
constexpr Query kReceptionUnitInsert{
    "reception.unit_insert", "INSERT INTO reception_day_units(reception_day_id, unit_id) VALUES ($1, $2)",
    nullptr};
constexpr Query kReceptionGet{
    "reception.get", "SELECT " SIXIA_RECEPTION_COLUMNS " FROM reception_days WHERE id = $1", nullptr};
constexpr Query kReceptionLeaders{
    "reception.leaders",
    "SELECT user_id FROM reception_day_leaders WHERE reception_day_id = $1 ORDER BY user_id", nullptr};
constexpr Query kReceptionUnits{
    "reception.units",
    "SELECT unit_id FROM reception_day_units WHERE reception_day_id = $1 ORDER BY unit_id", nullptr};
constexpr Query kReceptionList{
    "reception.list",
    "SELECT " SIXIA_RECEPTION_COLUMNS " FROM reception_days d WHERE division_code BETWEEN $1 AND $2 "
    "AND held_on >= $3 AND held_on < $4 AND id < $5 AND ($6 = 0 OR EXISTS (SELECT 1 FROM "
    "reception_day_leaders l WHERE l.reception_day_id = d.id AND l.user_id = $6)) "
    "ORDER BY id DESC LIMIT $7",
    "SELECT " SIXIA_RECEPTION_COLUMNS " FROM reception_days d WHERE division_code BETWEEN $1::text "
    "AND $2::text AND held_on >= $3::bigint AND held_on < $4::bigint AND id < $5::bigint AND "
    "($6::bigint = 0 OR EXISTS (SELECT 1 FROM reception_day_leaders l WHERE l.reception_day_id = "
    "d.id AND l.user_id = $6::bigint)) ORDER BY id DESC LIMIT $7::bigint"};
constexpr Query kReceptionDaysOfLeader{
    "reception.days_of_leader",
    "SELECT d.id, d.held_on FROM reception_day_leaders l JOIN reception_days d ON "
    "d.id = l.reception_day_id WHERE l.user_id = $1 AND d.held_on >= $2 AND d.held_on < $3 "
    "ORDER BY d.held_on, d.id",
    nullptr};
constexpr Query kLeaderPostUpsert{
    "reception.post_upsert",
    "INSERT INTO leader_posts(user_id, post, assigned_at) VALUES ($1, $2, $3) "
    "ON CONFLICT (user_id) DO UPDATE SET post = excluded.post, assigned_at = excluded.assigned_at",
    nullptr};
constexpr Query kLeaderPostDelete{"reception.post_delete",
                                  "DELETE FROM leader_posts WHERE user_id = $1", nullptr};
constexpr Query kLeaderPosts{"reception.posts",
                             "SELECT user_id, post FROM leader_posts ORDER BY user_id", nullptr};
constexpr Query kReceptionPetitions{
    "reception.petitions",
    "SELECT count(*), coalesce(sum(group_size), 0), "
    "coalesce(sum(CASE WHEN (coalesce(counted_flags, 0) & $2) <> 0 THEN 1 ELSE 0 END), 0) "
    "FROM petitions WHERE reception_day_id = $1",
    "SELECT count(*), coalesce(sum(group_size), 0), "
    "coalesce(sum(CASE WHEN (coalesce(counted_flags, 0) & $2::integer) <> 0 THEN 1 ELSE 0 END), 0) "
    "FROM petitions WHERE reception_day_id = $1::bigint"};

class SqlReceptionRepo final : public ReceptionRepo {
 public:
  explicit SqlReceptionRepo(Conn& c) : c_(c) {}

  Result<int64_t> AddDay(const ReceptionDayRow& d) override {
    return Guard("reception.insert", [&]() -> Result<int64_t> {
      const int64_t id =
          c_.One(kReceptionInsert, {d.county_code, d.division_code, d.venue, d.held_on_ms,
                                    int64_t{d.joint ? 1 : 0}, d.notes, OptInt(d.created_by),
                                    d.created_at_ms})
              ->Int(0);
      for (int64_t u : d.leader_user_ids) c_.Exec(kReceptionLeaderInsert, {id, u});
      for (int64_t u : d.unit_ids) c_.Exec(kReceptionUnitInsert, {id, u});
      return id;
    });
  }

  Result<std::optional<ReceptionDayRow>> GetDay(int64_t id) override {
    return Guard("reception.get", [&]() -> Result<std::optional<ReceptionDayRow>> {
      auto row = c_.One(kReceptionGet, {id});
      if (!row) return std::optional<ReceptionDayRow>();
      return std::optional<ReceptionDayRow>(Complete(ToDay(*row)));
    });
  }

  Result<std::vector<ReceptionDayRow>> ListDays(const ReceptionFilter& f) override {
    return Guard("reception.list", [&]() -> Result<std::vector<ReceptionDayRow>> {
      std::vector<ReceptionDayRow> out;
      c_.Run(kReceptionList,
             {f.range.first, f.range.last, f.from_ms, f.to_ms,
              f.before_id > 0 ? f.before_id : std::numeric_limits<int64_t>::max(),
              f.leader_user_id.value_or(0), int64_t{f.limit}},
             [&](const Row& r) { out.push_back(ToDay(r)); });
      for (auto& d : out) d = Complete(std::move(d));
      return out;
    });
  }

  Result<std::vector<std::pair<int64_t, int64_t>>> DaysOfLeader(int64_t user_id, int64_t from_ms,
                                                                int64_t to_ms) override {
    return Guard("reception.days_of_leader", [&]() -> Result<std::vector<std::pair<int64_t, int64_t>>> {
      std::vector<std::pair<int64_t, int64_t>> out;
      c_.Run(kReceptionDaysOfLeader, {user_id, from_ms, to_ms},
             [&](const Row& r) { out.emplace_back(r.Int(0), r.Int(1)); });
      return out;
    });
  }

  Status SetLeaderPost(int64_t user_id, std::optional<domain::LeaderPost> post, int64_t now_ms) override {
    return Guard("reception.post", [&]() -> Status {
      if (post)
        c_.Exec(kLeaderPostUpsert, {user_id, std::string(domain::LeaderPostName(*post)), now_ms});
      else
        c_.Exec(kLeaderPostDelete, {user_id});
      return Status::Ok();
    });
  }

  Result<std::vector<std::pair<int64_t, domain::LeaderPost>>> LeaderPosts() override {
    return Guard("reception.posts", [&]() -> Result<std::vector<std::pair<int64_t, domain::LeaderPost>>> {
      std::vector<std::pair<int64_t, domain::LeaderPost>> out;
      c_.Run(kLeaderPosts, {}, [&](const Row& r) {
        if (auto post = domain::LeaderPostFromName(r.Text(1))) out.emplace_back(r.Int(0), *post);
      });
      return out;
    });
  }

  Result<ReceptionDayCounts> CountPetitions(const std::vector<int64_t>& day_ids) override {
    return Guard("reception.petitions", [&]() -> Result<ReceptionDayCounts> {
      ReceptionDayCounts c;
      for (int64_t id : day_ids) {
        auto r = c_.One(kReceptionPetitions, {id, int64_t{domain::kCountedSolvedSameDay}});
        c.petitions += r->Int(0);
        c.people += r->Int(1);
        c.solved_on_spot += r->Int(2);
      }
      return c;
    });
  }

 private:
  static ReceptionDayRow ToDay(const Row& r) {
    ReceptionDayRow d;
    d.id = r.Int(0);
    d.county_code = r.Text(1);
    d.division_code = r.Text(2);
    d.venue = r.Text(3);
    d.held_on_ms = r.Int(4);
    d.joint = r.Int(5) != 0;
    d.notes = r.Text(6);
    d.created_by = r.OptInt(7);
    d.created_at_ms = r.Int(8);
    return d;
  }
  ReceptionDayRow Complete(ReceptionDayRow d) {
    c_.Run(kReceptionLeaders, {d.id}, [&](const Row& r) { d.leader_user_ids.push_back(r.Int(0)); });
    c_.Run(kReceptionUnits, {d.id}, [&](const Row& r) { d.unit_ids.push_back(r.Int(0)); });
    return d;
  }
  Conn& c_;
};

}  // namespace

std::unique_ptr<ReceptionRepo> MakeSqlReceptionRepo(Conn& conn) {
  return std::make_unique<SqlReceptionRepo>(conn);
}

std::unique_ptr<OutreachRepo> MakeSqlOutreachRepo(Conn& conn) {
  return std::make_unique<SqlOutreachRepo>(conn);
}

}  // namespace sixia::store::detail
