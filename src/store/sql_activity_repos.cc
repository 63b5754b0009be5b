// Activity repositories shared by the SQLite and PostgreSQL stores (see activity_repo.h).
// Every query is a named constant; the PostgreSQL texts differ only by explicit parameter
// types where libpq cannot infer them.

#include <algorithm>
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
constexpr Query kOutreachInsert = SIXIA_INSERT_RETURNING_ID(
    "outreach.insert",
    "INSERT INTO outreach_events(county_code, division_code, form, topic, held_on, reached, "
    "reached_estimated, organiser_unit_id, organiser_user_id, notes, created_by, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)");
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
      return c_.InsertId(kOutreachInsert,
               {o.county_code, e.division_code, std::string(domain::OutreachFormName(e.form)), e.topic,
                e.held_on_ms, e.reached, int64_t{e.reached_estimated ? 1 : 0},
                OptInt(e.organiser_unit_id), OptInt(e.organiser_user_id), e.notes,
                OptInt(o.created_by), o.created_at_ms});
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
  "id, county_code, division_code, venue, held_on, joint, notes, created_by, created_at, kind"
constexpr Query kReceptionInsert = SIXIA_INSERT_RETURNING_ID(
    "reception.insert",
    "INSERT INTO reception_days(county_code, division_code, venue, held_on, joint, notes, "
    "created_by, created_at, kind) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)");
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
    "AND d.kind = 'reception' ORDER BY d.held_on, d.id",
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
          c_.InsertId(kReceptionInsert, {d.county_code, d.division_code, d.venue, d.held_on_ms,
                                    int64_t{d.joint ? 1 : 0}, d.notes, OptInt(d.created_by),
                                    d.created_at_ms, std::string(d.visit_down ? "visit_down" : "reception")});
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
    d.visit_down = r.Text(9) == "visit_down";
    return d;
  }
  ReceptionDayRow Complete(ReceptionDayRow d) {
    c_.Run(kReceptionLeaders, {d.id}, [&](const Row& r) { d.leader_user_ids.push_back(r.Int(0)); });
    c_.Run(kReceptionUnits, {d.id}, [&](const Row& r) { d.unit_ids.push_back(r.Int(0)); });
    return d;
  }
  Conn& c_;
};

// ---- Field sessions -------------------------------------------------------------------

#define SIXIA_SESSION_COLUMNS "id, county_code, division_code, venue, held_on, topic, created_by, created_at"
#define SIXIA_ISSUE_COLUMNS                                                                    \
  "id, session_id, content, raised_by_sealed, people, service_items, raised_at, end_state, "   \
  "ended_at, action, solved_by, evidence, unit_id, person_user_id, deadline_at, closed_at, "   \
  "petition_id, reason"
constexpr Query kSessionInsert = SIXIA_INSERT_RETURNING_ID(
    "field.session_insert",
    "INSERT INTO field_sessions(county_code, division_code, venue, held_on, topic, created_by, "
    "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)");
constexpr Query kSessionLeaderInsert{
    "field.leader_insert", "INSERT INTO field_session_leaders(session_id, user_id) VALUES ($1, $2)", nullptr};
constexpr Query kSessionUnitInsert{
    "field.unit_insert", "INSERT INTO field_session_units(session_id, unit_id) VALUES ($1, $2)", nullptr};
constexpr Query kSessionGet{
    "field.session_get", "SELECT " SIXIA_SESSION_COLUMNS " FROM field_sessions WHERE id = $1", nullptr};
constexpr Query kSessionLeaders{
    "field.leaders", "SELECT user_id FROM field_session_leaders WHERE session_id = $1 ORDER BY user_id", nullptr};
constexpr Query kSessionUnits{
    "field.units", "SELECT unit_id FROM field_session_units WHERE session_id = $1 ORDER BY unit_id", nullptr};
constexpr Query kSessionList{
    "field.session_list",
    "SELECT " SIXIA_SESSION_COLUMNS " FROM field_sessions WHERE division_code BETWEEN $1 AND $2 "
    "AND held_on >= $3 AND held_on < $4 AND id < $5 ORDER BY id DESC LIMIT $6",
    "SELECT " SIXIA_SESSION_COLUMNS " FROM field_sessions WHERE division_code BETWEEN $1::text AND "
    "$2::text AND held_on >= $3::bigint AND held_on < $4::bigint AND id < $5::bigint "
    "ORDER BY id DESC LIMIT $6::bigint"};
constexpr Query kIssueInsert = SIXIA_INSERT_RETURNING_ID(
    "field.issue_insert",
    "INSERT INTO field_issues(session_id, content, raised_by_sealed, people, service_items, "
    "raised_at, end_state, ended_at, action, solved_by, evidence, unit_id, person_user_id, "
    "deadline_at, closed_at, petition_id, reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
    "$10, $11, $12, $13, $14, $15, $16, $17)");
constexpr Query kIssueGet{
    "field.issue_get", "SELECT " SIXIA_ISSUE_COLUMNS " FROM field_issues WHERE id = $1", nullptr};
constexpr Query kIssuesOf{
    "field.issues_of", "SELECT " SIXIA_ISSUE_COLUMNS " FROM field_issues WHERE session_id = $1 ORDER BY id",
    nullptr};
constexpr Query kIssueUpdate{
    "field.issue_update",
    "UPDATE field_issues SET end_state = $2, ended_at = $3, action = $4, solved_by = $5, "
    "evidence = $6, unit_id = $7, person_user_id = $8, deadline_at = $9, closed_at = $10, "
    "petition_id = $11, reason = $12 WHERE id = $1 AND end_state = $13 AND "
    "(closed_at IS NULL) = ($14 = 0)",
    "UPDATE field_issues SET end_state = $2, ended_at = $3, action = $4, solved_by = $5, "
    "evidence = $6, unit_id = $7, person_user_id = $8, deadline_at = $9, closed_at = $10, "
    "petition_id = $11, reason = $12 WHERE id = $1 AND end_state = $13 AND "
    "(closed_at IS NULL) = ($14::bigint = 0)"};
constexpr Query kAssignmentsToReview{
    "field.assignments_to_review",
    "SELECT i.id, i.session_id, i.content, i.raised_by_sealed, i.people, i.service_items, i.raised_at, "
    "i.end_state, i.ended_at, i.action, i.solved_by, i.evidence, i.unit_id, i.person_user_id, i.deadline_at, "
    "i.closed_at, i.petition_id, i.reason FROM field_issues i JOIN field_sessions s ON s.id = i.session_id "
    "WHERE s.division_code BETWEEN $1 AND $2 AND i.end_state = 'assigned' AND i.closed_at IS NOT NULL "
    "AND (i.closed_at > i.deadline_at OR length(trim(i.evidence)) < $3) ORDER BY i.id LIMIT $4",
    "SELECT i.id, i.session_id, i.content, i.raised_by_sealed, i.people, i.service_items, i.raised_at, "
    "i.end_state, i.ended_at, i.action, i.solved_by, i.evidence, i.unit_id, i.person_user_id, i.deadline_at, "
    "i.closed_at, i.petition_id, i.reason FROM field_issues i JOIN field_sessions s ON s.id = i.session_id "
    "WHERE s.division_code BETWEEN $1::text AND $2::text AND i.end_state = 'assigned' AND i.closed_at IS NOT "
    "NULL AND (i.closed_at > i.deadline_at OR length(trim(i.evidence)) < $3::bigint) ORDER BY i.id LIMIT $4::bigint"};
#define SIXIA_PHOTO_COLUMNS "p.id, p.issue_id, p.content_hash, p.content_type, p.size, p.created_at, p.created_by"
constexpr Query kIssueLock{
    "field.issue_lock", "SELECT id FROM field_issues WHERE id = $1",
    "SELECT id FROM field_issues WHERE id = $1 FOR UPDATE"};
constexpr Query kPhotoCount{
    "field.photo_count", "SELECT count(*) FROM field_issue_photos WHERE issue_id = $1", nullptr};
constexpr Query kPhotoInsert = SIXIA_INSERT_RETURNING_ID(
    "field.photo_insert",
    "INSERT INTO field_issue_photos(issue_id, content_hash, content_type, size, created_at, created_by) "
    "VALUES ($1, $2, $3, $4, $5, $6)");
constexpr Query kPhotoDelete{
    "field.photo_delete", "DELETE FROM field_issue_photos WHERE id = $1 AND issue_id = $2", nullptr};
constexpr Query kPhotosOf{
    "field.photos_of",
    "SELECT " SIXIA_PHOTO_COLUMNS " FROM field_issue_photos p WHERE p.issue_id = $1 ORDER BY p.id", nullptr};
constexpr Query kPhotosOfSession{
    "field.photos_of_session",
    "SELECT " SIXIA_PHOTO_COLUMNS " FROM field_issue_photos p JOIN field_issues i ON i.id = p.issue_id "
    "WHERE i.session_id = $1 ORDER BY p.id",
    nullptr};
constexpr Query kServiceItems{"field.service_items", "SELECT code, name FROM service_items ORDER BY code",
                              nullptr};

std::string JoinCodes(const std::vector<std::string>& codes) {
  std::string out;
  for (const auto& c : codes) out += (out.empty() ? "" : " ") + c;
  return out;
}

std::vector<std::string> SplitCodes(const std::string& text) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < text.size()) {
    const size_t j = std::min(text.find(' ', i), text.size());
    if (j > i) out.push_back(text.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

FieldIssueRow ToIssue(const Row& r) {
  FieldIssueRow row;
  auto& i = row.issue;
  i.id = r.Int(0);
  i.session_id = r.Int(1);
  i.content = r.Text(2);
  row.raised_by_sealed = r.Text(3);
  i.people = static_cast<int>(r.Int(4));
  i.service_items = SplitCodes(r.Text(5));
  i.raised_at_ms = r.Int(6);
  i.end = domain::IssueEndFromName(r.Text(7)).value_or(domain::IssueEnd::kPending);
  i.ended_at_ms = r.Int(8);
  i.action = r.Text(9);
  i.solved_by = r.OptInt(10);
  i.evidence = r.Text(11);
  i.unit_id = r.OptInt(12);
  i.person_user_id = r.OptInt(13);
  i.deadline_ms = r.OptInt(14);
  i.closed_at_ms = r.OptInt(15);
  i.petition_id = r.OptInt(16);
  i.reason = r.Text(17);
  return row;
}

class SqlFieldSessionRepo final : public FieldSessionRepo {
 public:
  explicit SqlFieldSessionRepo(Conn& c) : c_(c) {}

  Result<int64_t> AddSession(const FieldSessionRow& s) override {
    return Guard("field.session_insert", [&]() -> Result<int64_t> {
      const int64_t id = c_.InsertId(kSessionInsert, {s.county_code, s.division_code, s.venue, s.held_on_ms,
                                                 s.topic, OptInt(s.created_by), s.created_at_ms});
      for (int64_t u : s.leader_user_ids) c_.Exec(kSessionLeaderInsert, {id, u});
      for (int64_t u : s.unit_ids) c_.Exec(kSessionUnitInsert, {id, u});
      return id;
    });
  }

  Result<std::optional<FieldSessionRow>> GetSession(int64_t id) override {
    return Guard("field.session_get", [&]() -> Result<std::optional<FieldSessionRow>> {
      auto row = c_.One(kSessionGet, {id});
      if (!row) return std::optional<FieldSessionRow>();
      return std::optional<FieldSessionRow>(Complete(ToSession(*row)));
    });
  }

  Result<std::vector<FieldSessionRow>> ListSessions(const domain::CodeRange& range, int64_t from_ms,
                                                    int64_t to_ms, int limit, int64_t before_id) override {
    return Guard("field.session_list", [&]() -> Result<std::vector<FieldSessionRow>> {
      std::vector<FieldSessionRow> out;
      c_.Run(kSessionList,
             {range.first, range.last, from_ms, to_ms,
              before_id > 0 ? before_id : std::numeric_limits<int64_t>::max(), int64_t{limit}},
             [&](const Row& r) { out.push_back(ToSession(r)); });
      for (auto& s : out) s = Complete(std::move(s));
      return out;
    });
  }

  Result<int64_t> AddIssue(const FieldIssueRow& row) override {
    return Guard("field.issue_insert", [&]() -> Result<int64_t> {
      const auto& i = row.issue;
      return c_.InsertId(kIssueInsert,
               {i.session_id, i.content, row.raised_by_sealed, int64_t{i.people}, JoinCodes(i.service_items),
                i.raised_at_ms, std::string(domain::IssueEndName(i.end)), i.ended_at_ms, i.action,
                OptInt(i.solved_by), i.evidence, OptInt(i.unit_id), OptInt(i.person_user_id),
                OptInt(i.deadline_ms), OptInt(i.closed_at_ms), OptInt(i.petition_id), i.reason});
    });
  }

  Result<std::optional<FieldIssueRow>> GetIssue(int64_t id) override {
    return Guard("field.issue_get", [&]() -> Result<std::optional<FieldIssueRow>> {
      auto row = c_.One(kIssueGet, {id});
      if (!row) return std::optional<FieldIssueRow>();
      return std::optional<FieldIssueRow>(ToIssue(*row));
    });
  }

  Result<std::vector<FieldIssueRow>> IssuesOf(int64_t session_id) override {
    return Guard("field.issues_of", [&]() -> Result<std::vector<FieldIssueRow>> {
      std::vector<FieldIssueRow> out;
      c_.Run(kIssuesOf, {session_id}, [&](const Row& r) { out.push_back(ToIssue(r)); });
      return out;
    });
  }

  Status UpdateIssue(const FieldIssueRow& row, domain::IssueEnd expected_end, bool was_closed) override {
    return Guard("field.issue_update", [&]() -> Status {
      const auto& i = row.issue;
      c_.Exec(kIssueUpdate, {i.id, std::string(domain::IssueEndName(i.end)), i.ended_at_ms, i.action,
                             OptInt(i.solved_by), i.evidence, OptInt(i.unit_id), OptInt(i.person_user_id),
                             OptInt(i.deadline_ms), OptInt(i.closed_at_ms), OptInt(i.petition_id), i.reason,
                             std::string(domain::IssueEndName(expected_end)), int64_t{was_closed ? 1 : 0}});
      if (c_.Changes() != 1)
        return Conflict("the issue was changed by someone else meanwhile; reload it",
                        "该问题已被他人同时处理，请刷新后重试");
      return Status::Ok();
    });
  }

  Result<std::vector<FieldIssueRow>> ClosedAssignmentsToReview(const domain::CodeRange& range, int max_chars,
                                                               int limit) override {
    return Guard("field.assignments_to_review", [&]() -> Result<std::vector<FieldIssueRow>> {
      std::vector<FieldIssueRow> out;
      c_.Run(kAssignmentsToReview, {range.first, range.last, int64_t{max_chars}, int64_t{limit}},
             [&](const Row& r) { out.push_back(ToIssue(r)); });
      return out;
    });
  }

  Result<std::optional<int64_t>> AddPhoto(const FieldIssuePhotoRow& p, int max_per_issue) override {
    return Guard("field.photo_insert", [&]() -> Result<std::optional<int64_t>> {
      // SQLite has one writer at a time; PostgreSQL locks the issue row until the commit.
      if (!c_.One(kIssueLock, {p.issue_id}))
        return Conflict("the issue does not exist", "该问题不存在");
      if (c_.One(kPhotoCount, {p.issue_id})->Int(0) >= max_per_issue) return std::optional<int64_t>();
      return std::optional<int64_t>(
          c_.InsertId(kPhotoInsert, {p.issue_id, p.content_hash, p.content_type, p.size, p.created_at_ms,
                                OptInt(p.created_by)}));
    });
  }

  Result<bool> RemovePhoto(int64_t issue_id, int64_t photo_id) override {
    return Guard("field.photo_delete", [&]() -> Result<bool> {
      c_.Exec(kPhotoDelete, {photo_id, issue_id});
      return c_.Changes() == 1;
    });
  }

  Result<std::vector<FieldIssuePhotoRow>> PhotosOf(int64_t issue_id) override {
    return Guard("field.photos_of", [&]() -> Result<std::vector<FieldIssuePhotoRow>> {
      std::vector<FieldIssuePhotoRow> out;
      c_.Run(kPhotosOf, {issue_id}, [&](const Row& r) { out.push_back(ToPhoto(r)); });
      return out;
    });
  }

  Result<std::vector<FieldIssuePhotoRow>> PhotosOfSession(int64_t session_id) override {
    return Guard("field.photos_of_session", [&]() -> Result<std::vector<FieldIssuePhotoRow>> {
      std::vector<FieldIssuePhotoRow> out;
      c_.Run(kPhotosOfSession, {session_id}, [&](const Row& r) { out.push_back(ToPhoto(r)); });
      return out;
    });
  }

  Result<std::vector<ServiceItem>> ServiceItems() override {
    return Guard("field.service_items", [&]() -> Result<std::vector<ServiceItem>> {
      std::vector<ServiceItem> out;
      c_.Run(kServiceItems, {}, [&](const Row& r) { out.push_back({r.Text(0), r.Text(1)}); });
      return out;
    });
  }

 private:
  static FieldSessionRow ToSession(const Row& r) {
    FieldSessionRow s;
    s.id = r.Int(0);
    s.county_code = r.Text(1);
    s.division_code = r.Text(2);
    s.venue = r.Text(3);
    s.held_on_ms = r.Int(4);
    s.topic = r.Text(5);
    s.created_by = r.OptInt(6);
    s.created_at_ms = r.Int(7);
    return s;
  }
  static FieldIssuePhotoRow ToPhoto(const Row& r) {
    return {r.Int(0), r.Int(1), r.Text(2), r.Text(3), r.Int(4), r.Int(5), r.OptInt(6)};
  }
  FieldSessionRow Complete(FieldSessionRow s) {
    c_.Run(kSessionLeaders, {s.id}, [&](const Row& r) { s.leader_user_ids.push_back(r.Int(0)); });
    c_.Run(kSessionUnits, {s.id}, [&](const Row& r) { s.unit_ids.push_back(r.Int(0)); });
    return s;
  }
  Conn& c_;
};

}  // namespace

std::unique_ptr<FieldSessionRepo> MakeSqlFieldSessionRepo(Conn& conn) {
  return std::make_unique<SqlFieldSessionRepo>(conn);
}

std::unique_ptr<ReceptionRepo> MakeSqlReceptionRepo(Conn& conn) {
  return std::make_unique<SqlReceptionRepo>(conn);
}

std::unique_ptr<OutreachRepo> MakeSqlOutreachRepo(Conn& conn) {
  return std::make_unique<SqlOutreachRepo>(conn);
}

}  // namespace sixia::store::detail
