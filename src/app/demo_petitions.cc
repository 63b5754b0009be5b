#include "app/demo_petitions.h"

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "app/app.h"
#include "app/demo_data.h"
#include "domain/person.h"

namespace sixia::app {
namespace {

using domain::Action;
constexpr int64_t kHour = 3'600'000;
constexpr int64_t kDay = 24 * kHour;

struct Person {
  PersonInput input;
  std::string place;  // Village the person lives in.
};

// One matter people raise, with a realistic request.
struct Topic {
  const char* title;
  const char* content;
  const char* requests;
  const char* unit;  // Demo unit key of the handling unit ("civil", "resources").
};
constexpr Topic kTopics[] = {
    {"低保申请长时间未答复", "本人家庭人均收入低于当地低保标准，三个月前向村委会递交低保申请材料，至今没有答复。",
     "请尽快审核低保申请并书面答复", "civil"},
    {"临时救助金未发放", "家中老人住院花费较大，已申请临时救助，审批通过后一直未发放。", "请核实并发放临时救助金",
     "civil"},
    {"高龄津贴停发", "父亲年满八十周岁，高龄津贴从今年起停发，村里说是系统原因。", "请恢复发放高龄津贴并补发", "civil"},
    {"残疾人两项补贴标准疑问", "对残疾人护理补贴的认定等级有异议，补贴金额比邻村同类人员少。",
     "请重新评定护理等级并说明依据", "civil"},
    {"宅基地审批进度缓慢", "去年提交宅基地建房申请，材料齐全，至今未获审批。", "请说明审批进度并尽快办理",
     "resources"},
    {"承包地被占用", "邻居在我家承包地上搭建养殖棚，多次协商无果。", "请依法制止占用并恢复原状", "resources"},
    {"林地界址纠纷", "与相邻村民小组对一块山林的界址存在争议，影响林权证办理。", "请组织勘界并确权",
     "resources"},
    {"征地补偿款分配", "村里征地补偿款的分配方案未经村民代表会议讨论，部分外嫁女未分到补偿款。",
     "请依法公开分配方案并纠正", "resources"},
};
constexpr const char* kSurnames[] = {"陈", "林", "黄", "郑", "刘", "吴", "王", "张", "李", "杨",
                                     "谢", "郭", "周", "叶", "蔡", "徐", "何", "苏", "许", "朱"};
constexpr const char* kGiven[] = {"秀英", "桂兰", "建国", "志强", "丽华", "文斌", "海燕", "国平",
                                  "美玲", "德明", "春花", "永福", "金水", "玉珍", "明辉", "少华"};

class Generator {
 public:
  Generator(App& app, ManualClock& clock, uint64_t seed, int64_t now_ms)
      : app_(app), clock_(clock), rng_(seed), now_(now_ms) {}

  Status Init() {
    auto& auth = app_.auth();
    const std::map<std::string, security::Principal*> wanted = {
        {"xp_officer", &officer_}, {"xp_leader", &leader_},   {"xp_secretary", &secretary_},
        {"xp_civil", &civil_},     {"xp_resources", &resources_}, {"t0_civil", &t0_civil_},
        {"t0_leader", &t0_leader_}};
    SIXIA_RETURN_IF_ERROR(app_.store().Read([&](store::Tx& tx) -> Status {
      for (const auto& [name, out] : wanted) {
        SIXIA_ASSIGN_OR_RETURN(auto creds, tx.directory().GetCredentials(name));
        if (!creds)
          return Unprocessable("demo users are missing: run `sixia demo` without --petitions first",
                               "缺少演示用户：请先运行 sixia demo");
        SIXIA_ASSIGN_OR_RETURN(*out, auth.LoadPrincipal(tx, creds->user.id));
      }
      SIXIA_ASSIGN_OR_RETURN(auto townships, tx.divisions().Children(kDemoCounty));
      for (const auto& t : townships) {
        SIXIA_ASSIGN_OR_RETURN(auto vs, tx.divisions().Children(t.code));
        for (const auto& v : vs) villages_.push_back(v.code);
      }
      SIXIA_ASSIGN_OR_RETURN(auto version, tx.categories().LatestVersion());
      if (version) {
        SIXIA_ASSIGN_OR_RETURN(auto cats, tx.categories().List(*version));
        for (const auto& c : cats)
          if (c.level == 3) leaves_.push_back(c.code);
      }
      return Status::Ok();
    }));
    if (villages_.empty()) return Unprocessable("霞浦县 has no villages", "霞浦县没有村级区划");
    t0_code_ = villages_.front().substr(0, 9);
    return Status::Ok();
  }

  // The same 1988 day as a field session: 86 issues raised by 102 people, 12 solved on the
  // spot, 74 assigned with a month's deadline and all closed within it.
  Status Session1988() {
    const int64_t day = kReceptionDay1988Ms;
    clock_.Set(day);
    FieldSessionInput in;
    in.division_code = t0_code_ + "000";
    in.venue = "霞浦县城关（首个群众接待日）";
    in.held_on_ms = day;
    in.topic = "地县领导接待群众来访，现场研究解决问题";
    in.leader_user_ids = {leader_.user_id, secretary_.user_id};
    in.unit_ids = {civil_.unit_id, resources_.unit_id};
    SIXIA_ASSIGN_OR_RETURN(auto session, app_.field_sessions().Create(officer_, actor_, in));
    int people_left = 102 - 86;
    for (int i = 0; i < 86; ++i) {
      const int extra = std::min(people_left, i % 5 == 0 ? 2 : 0);
      people_left -= extra;
      const int64_t t = day + i * 4 * 60'000;
      clock_.Set(t);
      const Topic& topic = kTopics[i % std::size(kTopics)];
      FieldIssueInput issue;
      issue.content = topic.content;
      issue.people = 1 + extra;
      SIXIA_ASSIGN_OR_RETURN(auto added, app_.field_sessions().AddIssue(officer_, actor_, session.id, issue));
      domain::IssueResolution r;
      if (i < 12) {
        r.end = domain::IssueEnd::kSolvedOnSpot;
        r.action = "地县领导当场研究，答复并落实";
        r.evidence = "现场办公记录";
      } else {
        const security::Principal& handler = std::string(topic.unit) == "civil" ? civil_ : resources_;
        r.end = domain::IssueEnd::kAssigned;
        r.unit_id = handler.unit_id;
        r.person_user_id = handler.user_id;
        r.deadline_ms = domain::StartOfDayMs(domain::DateOfMs(day).AddDays(31));  // End of the 30th day.
      }
      clock_.Set(t + 60'000);
      SIXIA_RETURN_IF_ERROR(app_.field_sessions().Resolve(officer_, actor_, session.id, added.issue.id, r).status());
      if (i >= 12) {
        clock_.Set(day + Uniform(5, 27) * kDay);
        SIXIA_RETURN_IF_ERROR(app_.field_sessions()
                                  .CloseAssignment(officer_, actor_, session.id, added.issue.id, "已办结并书面答复群众")
                                  .status());
      }
    }
    report_.field_session_id = session.id;
    clock_.Set(now_);
    return Status::Ok();
  }

  // The other "下基层" work of the past year: the county head and the party secretary hold
  // their monthly reception days (the secretary misses two months, so compliance shows it),
  // each with a few petitions registered there; and outreach events in the villages.
  Status Activities(int outreach_events) {
    const security::Principal admin = DirectoryService::CliPrincipal();
    auto& reception = app_.reception();
    SIXIA_RETURN_IF_ERROR(reception.SetLeaderPost(admin, actor_, leader_.user_id, domain::LeaderPost::kCountyHead));
    SIXIA_RETURN_IF_ERROR(reception.SetLeaderPost(admin, actor_, secretary_.user_id, domain::LeaderPost::kCountySecretary));
    SIXIA_RETURN_IF_ERROR(reception.SetLeaderPost(admin, actor_, t0_leader_.user_id, domain::LeaderPost::kTownshipLeader));
    const domain::Date today = domain::DateOfMs(now_);
    for (int back = 12; back >= 1; --back) {
      const int index = today.year * 12 + (today.month - 1) - back;
      const domain::Date day{index / 12, index % 12 + 1, 15};
      const int64_t day_ms = domain::StartOfDayMs(day);
      for (const security::Principal* leader : {&leader_, &secretary_}) {
        if (leader == &secretary_ && (back == 3 || back == 8)) continue;  // Missed months.
        clock_.Set(day_ms + 8 * kHour);
        ReceptionDayInput in;
        in.division_code = t0_code_ + "000";
        in.venue = "县信访局群众来访接待大厅";
        in.held_on_ms = day_ms;
        in.leader_user_ids = {leader->user_id};
        in.unit_ids = {civil_.unit_id, resources_.unit_id};
        in.joint = true;
        SIXIA_ASSIGN_OR_RETURN(auto row, reception.Schedule(officer_, actor_, in));
        ++report_.reception_days;
        for (int i = 0; i < 3; ++i) {
          const int64_t t = day_ms + 9 * kHour + i * 20 * 60'000;
          const Topic& topic = kTopics[Uniform(0, std::size(kTopics) - 1)];
          PetitionInput pin = Input(topic, t, domain::Channel::kReceptionDay);
          pin.reception_day_id = row.id;
          SIXIA_ASSIGN_OR_RETURN(int64_t id, Register(pin, t));
          ++report_.reception_day_petitions;
          ActionInput accept;
          accept.lead_unit_id = officer_.unit_id;
          SIXIA_RETURN_IF_ERROR(Do(officer_, id, Action::kAccept, t + 60'000, std::move(accept)));
          if (i == 0) {  // One a day solved on the spot.
            SIXIA_RETURN_IF_ERROR(Do(officer_, id, Action::kSign, t + 2 * 60'000, {}));
            SIXIA_RETURN_IF_ERROR(Decide(officer_, id, topic, t + 30 * 60'000, domain::DecisionOutcome::kSupport));
            SIXIA_RETURN_IF_ERROR(Deliver(id, t + 40 * 60'000));
            SIXIA_RETURN_IF_ERROR(Rate(id, t + 50 * 60'000, domain::Resolution::kSolved, domain::Satisfaction::kSatisfied));
          } else {
            SIXIA_RETURN_IF_ERROR(Assign(id, topic.unit, t + 2 * 60'000));
          }
        }
      }
    }
    static const char* kOutreachTopics[] = {"乡村振兴", "防汛防台", "医保政策", "低保政策", "移风易俗",
                                            "反诈宣传", "秸秆禁烧", "农村养老保险"};
    for (int i = 0; i < outreach_events; ++i) {
      domain::OutreachEvent e;
      e.form = static_cast<domain::OutreachForm>(Uniform(0, 6));
      e.topic = kOutreachTopics[Uniform(0, std::size(kOutreachTopics) - 1)];
      // Most villages see outreach; a few at the end of the list are left out (coverage).
      e.division_code = villages_[Uniform(0, std::max<int64_t>(0, villages_.size() * 9 / 10 - 1))];
      e.held_on_ms = domain::StartOfDayMs(domain::DateOfMs(now_ - Uniform(1, 364) * kDay));
      e.reached_estimated = e.form == domain::OutreachForm::kLed ||
                            e.form == domain::OutreachForm::kLoudspeaker ||
                            e.form == domain::OutreachForm::kNewMedia;
      e.reached = e.reached_estimated ? Uniform(200, 1500) : Uniform(8, 90);
      e.organiser_unit_id = leader_.unit_id;
      clock_.Set(e.held_on_ms + 18 * kHour);
      SIXIA_RETURN_IF_ERROR(app_.outreach().Record(leader_, actor_, std::move(e)).status());
      ++report_.outreach_events;
    }
    SIXIA_RETURN_IF_ERROR(Linkages());
    SIXIA_RETURN_IF_ERROR(CommunityRegistrations());
    clock_.Set(now_);
    return Status::Ok();
  }

  // Leaders' links of the past year (挂钩联系): the party secretary with a village, visited
  // monthly; the county head with township 0's government, visited every other month, and
  // with a village of another township, visited only in the first months (so the coverage
  // report lists it as unvisited); the township head with two villages of the township since
  // half a year; and an earlier link of the secretary that ended two months ago.
  Status Linkages() {
    const int64_t today = domain::StartOfDayMs(domain::DateOfMs(now_));
    const int64_t year_ago = today - 364 * kDay;
    const size_t n = villages_.size();
    auto link = [&](const security::Principal& leader, std::optional<int64_t> unit, const std::string& village,
                    int64_t from_ms, std::optional<int64_t> to_ms, const char* notes) -> Result<int64_t> {
      LinkageInput in;
      in.leader_user_id = leader.user_id;
      in.unit_id = unit;
      in.village_code = unit ? std::string() : village;
      in.from_ms = from_ms;
      in.to_ms = to_ms;
      in.notes = notes;
      clock_.Set(from_ms + 9 * kHour);
      SIXIA_ASSIGN_OR_RETURN(auto row, app_.linkage().Create(officer_, actor_, std::move(in)));
      ++report_.linkages;
      return row.link.id;
    };
    static const char* kWhat[] = {"走访困难群众，了解低保、医保政策落实情况", "召开村（社区）两委座谈会，研究乡村振兴项目",
                                  "实地查看村道硬化和饮水工程进度", "接待群众来访，现场协调邻里纠纷",
                                  "督导防汛防台准备工作", "调研村集体经济发展情况"};
    static const char* kResults[] = {"协调解决村道硬化资金缺口", "落实两户困难群众临时救助", "推动饮水工程按期完工",
                                     "化解一起宅基地纠纷", "", "明确村集体经济发展项目两个"};
    auto visit = [&](int64_t link_id, int64_t day_ms, const std::string& place) -> Status {
      if (day_ms > today) return Status::Ok();
      LinkageVisitInput in;
      in.visited_on_ms = day_ms;
      in.division_code = place;
      in.notes = kWhat[Uniform(0, std::size(kWhat) - 1)];
      in.results = kResults[Uniform(0, std::size(kResults) - 1)];
      clock_.Set(day_ms + 17 * kHour);
      SIXIA_RETURN_IF_ERROR(app_.linkage().AddVisit(officer_, actor_, link_id, std::move(in)).status());
      ++report_.linkage_visits;
      return Status::Ok();
    };
    const std::string& v_first = villages_.front();
    const std::string& v_other = villages_[n / 2];
    const std::string& v_last = villages_[n - 1];
    const std::string t0_place = t0_code_ + "000";
    // Party secretary ↔ the first village: every month.
    SIXIA_ASSIGN_OR_RETURN(int64_t a, link(secretary_, std::nullopt, v_first, year_ago, std::nullopt,
                                           "联系乡村振兴和信访稳定工作"));
    for (int m = 0; m < 12; ++m) SIXIA_RETURN_IF_ERROR(visit(a, year_ago + (m * 30 + Uniform(3, 20)) * kDay, ""));
    // County head ↔ township 0's government: every other month.
    SIXIA_ASSIGN_OR_RETURN(int64_t b, link(leader_, t0_leader_.unit_id, "", year_ago, std::nullopt,
                                           "联系乡镇重点项目和营商环境"));
    for (int m = 0; m < 12; m += 2) SIXIA_RETURN_IF_ERROR(visit(b, year_ago + (m * 30 + Uniform(5, 25)) * kDay, t0_place));
    // County head ↔ a village of another township: visited in the first four months only.
    if (v_other != v_first) {
      SIXIA_ASSIGN_OR_RETURN(int64_t c, link(leader_, std::nullopt, v_other, year_ago, std::nullopt,
                                             "联系村集体经济发展"));
      for (int m = 0; m < 4; ++m) SIXIA_RETURN_IF_ERROR(visit(c, year_ago + (m * 30 + Uniform(2, 25)) * kDay, ""));
    }
    // Township head ↔ the township's first two villages, since half a year.
    const int64_t half_year_ago = today - 182 * kDay;
    for (size_t i = 0; i < n && i < 2; ++i) {
      if (villages_[i].rfind(t0_code_, 0) != 0) break;
      SIXIA_ASSIGN_OR_RETURN(int64_t d, link(t0_leader_, std::nullopt, villages_[i], half_year_ago, std::nullopt,
                                             "包村联系，做好矛盾纠纷排查化解"));
      for (int m = 0; m < 6; ++m)
        SIXIA_RETURN_IF_ERROR(visit(d, half_year_ago + (m * 30 + Uniform(1, 28)) * kDay, ""));
    }
    // An earlier link of the secretary, ended two months ago.
    if (v_last != v_first && v_last != v_other) {
      const int64_t ended = today - 61 * kDay;
      SIXIA_ASSIGN_OR_RETURN(int64_t e, link(secretary_, std::nullopt, v_last, year_ago, ended, "联系脱贫户帮扶（已调整）"));
      for (int m = 0; m < 9; m += 3) SIXIA_RETURN_IF_ERROR(visit(e, year_ago + (m * 30 + Uniform(1, 20)) * kDay, ""));
    }
    return Status::Ok();
  }

  // 30 Party members (synthetic names) of county and township units registered at
  // communities (双报到) over the past year or more, each with 0–4 services since: most meet
  // the yearly rule, a few have none yet.
  Status CommunityRegistrations() {
    const int64_t today = domain::StartOfDayMs(domain::DateOfMs(now_));
    const int64_t units[] = {civil_.unit_id, resources_.unit_id, leader_.unit_id, secretary_.unit_id,
                             t0_civil_.unit_id, officer_.unit_id};
    static const char* kServices[] = {"参加社区环境卫生整治", "为辖区老人义务理发、测血压", "参与社区疫情防控值守",
                                      "开展反诈宣传入户", "辅导留守儿童课业", "参加文明交通劝导",
                                      "协助社区网格走访排查", "参加垃圾分类宣传"};
    const size_t communities = std::min<size_t>(villages_.size(), 6);
    for (int i = 0; i < 30; ++i) {
      RegistrationInput in;
      in.member_name = std::string(Pick(kSurnames)) + Pick(kGiven);
      in.unit_id = units[i % std::size(units)];
      in.community_code = villages_[i % communities];
      in.registered_on_ms = today - Uniform(30, 500) * kDay;
      clock_.Set(in.registered_on_ms + 10 * kHour);
      SIXIA_ASSIGN_OR_RETURN(auto reg, app_.linkage().Register(officer_, actor_, std::move(in)));
      ++report_.community_registrations;
      const int64_t registered = reg.row.registration.registered_on_ms;
      const int services = i % 7 == 3 ? 0 : static_cast<int>(Uniform(1, 4));
      std::vector<int64_t> days;
      for (int k = 0; k < services; ++k) days.push_back(registered + Uniform(0, (today - registered) / kDay) * kDay);
      std::sort(days.begin(), days.end());
      for (int64_t day : days) {
        CommunityServiceInput s;
        s.served_on_ms = day;
        s.content = kServices[Uniform(0, std::size(kServices) - 1)];
        if (Chance(0.8)) s.hours = static_cast<double>(Uniform(2, 8)) / 2.0;
        clock_.Set(day + 16 * kHour);
        SIXIA_RETURN_IF_ERROR(app_.linkage().AddService(officer_, actor_, reg.row.registration.id, std::move(s)).status());
        ++report_.community_services;
      }
    }
    return Status::Ok();
  }

  // A year of petitions before now.
  Status Year(int count) {
    std::vector<int64_t> times;
    for (int i = 0; i < count; ++i) times.push_back(now_ - 365 * kDay + Uniform(0, 365 * kDay - kHour));
    std::sort(times.begin(), times.end());
    for (int64_t t : times) SIXIA_RETURN_IF_ERROR(OnePetition(t));
    return Status::Ok();
  }

  // 1988-12-20: 102 people, 86 problems accepted, 12 solved on the spot, the rest within a month.
  Status ReceptionDay1988() {
    const int64_t day = kReceptionDay1988Ms;
    int people_left = 102 - 86;  // Extra people beyond one per problem, in groups.
    for (int i = 0; i < 86; ++i) {
      const int extra = std::min(people_left, i % 5 == 0 ? 2 : 0);
      people_left -= extra;
      const int64_t t = day + i * 4 * 60'000;  // Received through the day.
      const Topic& topic = kTopics[i % std::size(kTopics)];
      PetitionInput in = Input(topic, t, domain::Channel::kReceptionDay);
      in.group_size = 1 + extra;
      SIXIA_ASSIGN_OR_RETURN(int64_t id, Register(in, t));
      ++report_.reception_day_petitions;
      ActionInput accept;
      if (i < 12) accept.lead_unit_id = officer_.unit_id;  // The leaders' office handles it there.
      SIXIA_RETURN_IF_ERROR(Do(officer_, id, Action::kAccept, t + 60'000, std::move(accept)));
      if (i < 12) {
        // Solved on the spot: the leaders decided there and the petitioner was satisfied.
        SIXIA_RETURN_IF_ERROR(Do(officer_, id, Action::kSign, t + 2 * 60'000, {}));
        SIXIA_RETURN_IF_ERROR(Decide(officer_, id, topic, t + 30 * 60'000, domain::DecisionOutcome::kSupport));
        SIXIA_RETURN_IF_ERROR(Deliver(id, t + 40 * 60'000));
        SIXIA_RETURN_IF_ERROR(Rate(id, t + 50 * 60'000, domain::Resolution::kSolved,
                                   domain::Satisfaction::kSatisfied));
      } else {
        const std::string unit = topic.unit;
        SIXIA_RETURN_IF_ERROR(Assign(id, unit, t + 2 * 60'000));
        const security::Principal& handler = unit == "civil" ? civil_ : resources_;
        const int64_t signed_at = day + kDay;
        SIXIA_RETURN_IF_ERROR(Do(handler, id, Action::kSign, signed_at, {}));
        const int64_t decided = day + Uniform(5, 27) * kDay;
        SIXIA_RETURN_IF_ERROR(Decide(handler, id, topic, decided, domain::DecisionOutcome::kSupport));
        SIXIA_RETURN_IF_ERROR(Deliver(id, decided + kDay));
        SIXIA_RETURN_IF_ERROR(Rate(id, decided + 2 * kDay, domain::Resolution::kSolved,
                                   domain::Satisfaction::kSatisfied));
      }
      SIXIA_RETURN_IF_ERROR(Do(officer_, id, Action::kClose, day + 29 * kDay, {}));
    }
    return Status::Ok();
  }

  const DemoPetitionReport& report() const { return report_; }

 private:
  int64_t Uniform(int64_t lo, int64_t hi) { return std::uniform_int_distribution<int64_t>(lo, hi)(rng_); }
  bool Chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }
  template <typename T, size_t N>
  const T& Pick(const T (&items)[N]) { return items[Uniform(0, N - 1)]; }

  Person NewPerson(int64_t at_ms) {
    Person p;
    p.place = villages_[Uniform(0, villages_.size() - 1)];
    p.input.name = std::string(Pick(kSurnames)) + Pick(kGiven);
    const domain::Date today = domain::DateOfMs(at_ms);
    const int year = today.year - static_cast<int>(Uniform(25, 80));
    const std::string first17 = fmt::format("350921{:04d}{:02d}{:02d}{:03d}", year, Uniform(1, 12),
                                            Uniform(1, 28), Uniform(100, 999));
    p.input.id_number = first17 + domain::IdNumberCheckChar(first17);
    p.input.phone = fmt::format("1{}{:09d}", Uniform(3, 9), Uniform(0, 999'999'999));
    p.input.address = "福建省宁德市霞浦县" + std::to_string(Uniform(1, 99)) + "号";
    p.input.division_code = p.place;
    return p;
  }

  PetitionInput Input(const Topic& topic, int64_t at_ms, domain::Channel channel) {
    PetitionInput in;
    in.channel = channel;
    in.petition_class = domain::PetitionClass::kGrievance;
    in.title = topic.title;
    in.content = topic.content;
    in.requests = topic.requests;
    const Person person = NewPerson(at_ms);
    in.division_code = person.place;
    in.petitioners = {person.input};
    in.received_at_ms = at_ms;
    return in;
  }

  Result<int64_t> Register(const PetitionInput& in, int64_t at_ms) {
    clock_.Set(at_ms);
    SIXIA_ASSIGN_OR_RETURN(auto r, app_.petitions().Register(officer_, actor_, in));
    ++report_.petitions;
    ++report_.events;
    return r.id;
  }

  // Runs one action at `at_ms`; returns false (OK) when that moment is still in the future.
  Status Do(const security::Principal& who, int64_t id, Action action, int64_t at_ms,
            ActionInput input) {
    if (at_ms > now_) return Status::Ok();
    clock_.Set(at_ms);
    SIXIA_RETURN_IF_ERROR(app_.petitions().Act(who, actor_, id, action, std::move(input)).status());
    ++report_.events;
    return Status::Ok();
  }

  Status Assign(int64_t id, const std::string& unit, int64_t at_ms) {
    ActionInput in;
    const security::Principal& handler = unit == "civil" ? civil_ : unit == "t0" ? t0_civil_ : resources_;
    in.lead_unit_id = handler.unit_id;
    in.deadline_note = "请于六十日内办结并书面答复";
    return Do(officer_, id, Action::kAssign, at_ms, std::move(in));
  }

  Status Decide(const security::Principal& who, int64_t id, const Topic& topic, int64_t at_ms,
                domain::DecisionOutcome outcome) {
    ActionInput in;
    in.request = topic.requests;
    in.facts = "经调查核实，信访人反映的情况基本属实。";
    in.reasons = "根据调查情况和有关政策规定，作出如下处理意见。";
    in.legal_basis = "《信访工作条例》第三十二条及相关政策规定";
    in.outcome = outcome;
    return Do(who, id, Action::kIssueDecision, at_ms, std::move(in));
  }

  Status Deliver(int64_t id, int64_t at_ms) { return Do(officer_, id, Action::kDeliver, at_ms, {}); }

  Status Rate(int64_t id, int64_t at_ms, domain::Resolution r, domain::Satisfaction s) {
    ActionInput in;
    in.resolution = r;
    in.satisfaction = s;
    return Do(officer_, id, Action::kRate, at_ms, std::move(in));
  }

  Status OnePetition(int64_t t) {
    const Topic& topic = Pick(kTopics);
    static constexpr std::pair<domain::Channel, int> kChannels[] = {
        {domain::Channel::kVisit, 35},        {domain::Channel::kLetter, 10},
        {domain::Channel::kPhone, 10},        {domain::Channel::kOnline, 25},
        {domain::Channel::kHotline12345, 10}, {domain::Channel::kReceptionDay, 5},
        {domain::Channel::kFieldSession, 3},  {domain::Channel::kOutreachVisit, 2}};
    int roll = static_cast<int>(Uniform(0, 99));
    domain::Channel channel = domain::Channel::kVisit;
    for (const auto& [c, weight] : kChannels) {
      if (roll < weight) {
        channel = c;
        break;
      }
      roll -= weight;
    }
    PetitionInput in = Input(topic, t, channel);
    if (!leaves_.empty()) in.category_code = leaves_[Uniform(0, std::min<int64_t>(leaves_.size(), 60) - 1)];
    // Some people come back with the same matter (repeats), some petitions come from groups.
    const bool repeat = !earlier_.empty() && Chance(0.08);
    int64_t earlier_id = 0;
    size_t earlier_index = 0;
    if (repeat) {
      earlier_index = Uniform(0, earlier_.size() - 1);
      const auto& [person, place, category, first_id] = earlier_[earlier_index];
      in.petitioners = {person};
      in.division_code = place;
      in.category_code = category;
      earlier_id = first_id;
    }
    if (Chance(0.05)) in.group_size = static_cast<int>(Uniform(6, 30));
    if (Chance(0.08)) in.petition_class = domain::PetitionClass::kSuggestion;
    SIXIA_ASSIGN_OR_RETURN(int64_t id, Register(in, t));
    if (!repeat) earlier_.emplace_back(in.petitioners.front(), in.division_code, in.category_code, id);
    if (repeat) {
      // The same person on the same matter: merged while the first is open (并单), refused
      // when it is final (Art. 36), otherwise a new round.
      SIXIA_ASSIGN_OR_RETURN(auto first, app_.petitions().Get(officer_, earlier_id));
      if (first.state.state == domain::State::kFinal) {
        ActionInput d;
        d.reason = "同一事项已复核终结，不再受理（第三十六条）";
        d.route = "原处理意见已终结";
        return Do(officer_, id, Action::kDecline, t + kDay, std::move(d));
      }
      if (domain::IsOpen(first.state.state)) {
        ActionInput m;
        m.into_petition_id = earlier_id;
        return Do(officer_, id, Action::kMerge, t + kHour, std::move(m));
      }
      std::get<3>(earlier_[earlier_index]) = id;  // A new round: later repeats meet this one.
    }

    if (Chance(0.03)) {
      ActionInput d;
      d.reason = "该事项属于人民法院受理范围";
      d.route = "请依法向霞浦县人民法院提起诉讼";
      d.legal_litigation = true;
      return Do(officer_, id, Action::kDecline, t + Uniform(1, 5) * kDay, std::move(d));
    }
    if (Chance(0.04)) {
      ActionInput o;
      o.owning_leader_user_id = Chance(0.5) ? leader_.user_id : secretary_.user_id;
      SIXIA_RETURN_IF_ERROR(Do(leader_, id, Action::kSetOwningLeader, t + kHour, std::move(o)));
    }
    // Disposal: usually within days; a few late (the dispose clock runs out).
    const int64_t accepted = t + (Chance(0.04) ? Uniform(16, 25) : Uniform(0, 5)) * kDay + kHour;
    SIXIA_RETURN_IF_ERROR(Do(officer_, id, Action::kAccept, accepted, {}));
    const std::string unit = in.division_code.rfind(t0_code_, 0) == 0 && std::string(topic.unit) == "civil"
                                 ? "t0"
                                 : topic.unit;
    SIXIA_RETURN_IF_ERROR(Assign(id, unit, accepted + kHour));
    const security::Principal& handler = unit == "civil" ? civil_ : unit == "t0" ? t0_civil_ : resources_;
    SIXIA_RETURN_IF_ERROR(Do(handler, id, Action::kSign, accepted + Uniform(2, 30) * kHour, {}));
    // Handling: mostly within the 60 days; some extended, some simply late.
    int64_t decided = accepted + Uniform(7, 50) * kDay;
    if (Chance(0.05)) {
      ActionInput e;
      e.days = static_cast<int>(Uniform(10, 30));
      e.reason = "需要补充调查取证";
      const security::Principal& head = unit == "t0" ? t0_leader_ : leader_;
      SIXIA_RETURN_IF_ERROR(Do(head, id, Action::kExtend, accepted + 40 * kDay, std::move(e)));
      decided = accepted + Uniform(55, 80) * kDay;
    } else if (Chance(0.05)) {
      decided = accepted + Uniform(62, 90) * kDay;
    }
    const auto outcome = Chance(0.6)   ? domain::DecisionOutcome::kSupport
                         : Chance(0.5) ? domain::DecisionOutcome::kExplain
                                       : domain::DecisionOutcome::kReject;
    SIXIA_RETURN_IF_ERROR(Decide(handler, id, topic, decided, outcome));
    SIXIA_RETURN_IF_ERROR(Deliver(id, decided + Uniform(1, 3) * kDay));
    const int64_t rated = decided + Uniform(5, 10) * kDay;
    const double r = std::uniform_real_distribution<double>(0, 1)(rng_);
    const bool unhappy = r > 0.9;
    SIXIA_RETURN_IF_ERROR(
        Rate(id, rated,
             unhappy ? domain::Resolution::kUnsolved
             : r > 0.75 ? domain::Resolution::kPartlySolved
                        : domain::Resolution::kSolved,
             unhappy ? domain::Satisfaction::kUnsatisfied
             : r > 0.7 ? domain::Satisfaction::kBasicallySatisfied
                       : domain::Satisfaction::kSatisfied));
    if (unhappy && Chance(0.5)) {
      // The petitioner asks for a 复查 within the 30 days.
      SIXIA_RETURN_IF_ERROR(Do(officer_, id, Action::kRequestReview, rated + kDay, {}));
      ActionInput review;
      review.request = topic.requests;
      review.facts = "复查认定的事实与原处理意见一致。";
      review.reasons = "原处理意见认定事实清楚，适用依据正确。";
      review.legal_basis = "《信访工作条例》第三十五条";
      review.outcome = domain::DecisionOutcome::kExplain;
      SIXIA_RETURN_IF_ERROR(Do(officer_, id, Action::kIssueReview, rated + 20 * kDay, std::move(review)));
      SIXIA_RETURN_IF_ERROR(Do(officer_, id, Action::kDeliver, rated + 22 * kDay, {}));
      return Do(officer_, id, Action::kClose, rated + 55 * kDay, {});
    }
    if (unhappy) {
      ActionInput redo;
      redo.reason = "信访人不满意，重新办理";
      return Do(officer_, id, Action::kRedo, rated + kDay, std::move(redo));
    }
    return Do(officer_, id, Action::kClose, decided + 35 * kDay, {});
  }

  App& app_;
  ManualClock& clock_;
  std::mt19937_64 rng_;
  const int64_t now_;
  const Actor actor_{0, "cli:demo", "cli"};
  security::Principal officer_, leader_, secretary_, civil_, resources_, t0_civil_, t0_leader_;
  std::vector<std::string> villages_;
  std::vector<std::string> leaves_;
  std::string t0_code_;
  std::vector<std::tuple<PersonInput, std::string, std::string, int64_t>> earlier_;
  DemoPetitionReport report_;
};

}  // namespace

Result<DemoPetitionReport> AddDemoPetitions(const Options& options, int count, uint64_t seed,
                                            int64_t now_ms) {
  if (count < 0 || count > 2'000'000)
    return InvalidArgument("--petitions must be 0..2000000", "--petitions 取值为0到2000000", "petitions");
  auto clock = std::make_unique<ManualClock>(now_ms);
  ManualClock* manual = clock.get();
  SIXIA_ASSIGN_OR_RETURN(auto app, App::Open(options, std::move(clock)));
  Generator gen(*app, *manual, seed, now_ms);
  SIXIA_RETURN_IF_ERROR(gen.Init());
  SIXIA_RETURN_IF_ERROR(gen.ReceptionDay1988());
  SIXIA_RETURN_IF_ERROR(gen.Session1988());
  SIXIA_RETURN_IF_ERROR(gen.Year(count));
  if (count > 0) SIXIA_RETURN_IF_ERROR(gen.Activities(std::clamp(count / 10, 20, 400)));
  return gen.report();
}

}  // namespace sixia::app
