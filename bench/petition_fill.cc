// Fills a data folder with synthetic petitions quickly, for the petition benchmarks at
// scale (bench/petition_bench.cc; docs/PERFORMANCE.md, "Petitions at 1,000,000").
//
//   petition_fill --data DIR [--petitions 1000000] [--seed 2026] [--batch 2000] [--now-ms T]
//
// The folder needs the division tree (`sixia divisions import`); a category tree
// (`sixia categories import`) is used when loaded. `sixia demo --petitions N` replays each
// petition through the use cases with one durable transaction per action (about 280
// petitions/s here). This tool keeps what decides the stored data and drops only those
// round trips:
//   * every event of a petition passes domain::Apply in order, and the derived columns of
//     its row (state, handling units, owner, merged_into, event_count, next_due, counted facts) are those
//     of the fold and of the statutory clocks (domain::PetitionClocks, shipped time limits
//     and calendar), as PetitionService::Act computes them;
//   * personal data is sealed and blind-indexed under the folder's own field.key, so the
//     lookup of a person's petitions by ID number works as for registered petitions;
//   * rows go through the store interfaces (store::PetitionRepo), `--batch` petitions per
//     Write transaction, each transaction with one audit record ("bench.fill");
//   * duty clocks that ran out are recorded as PetitionService::Act and the overdue sweep
//     record them (petition_overdue).
// Petitions spread over the villages of the nine counties of 宁德市 by population (霞浦县
// about 15 %), over the two years before now, ids ascending with receipt time; a few per
// cent come from "frequent petitioners" (bench/synthetic_people.h) who come back with the
// same or a new matter (merged while the first is open, refused after 复核, a new round
// otherwise). Generation (crypto, events, clocks) runs on its own thread while the store
// writes the previous batch. Same seed and --now-ms: same data.
// Writes DIR/bench_petitions.json (counts, period, frequent petitioners per county) for
// the benchmarks.

#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "app/app.h"
#include "app/petition_codec.h"
#include "domain/calendar.h"
#include "domain/person.h"
#include "domain/petition_clocks.h"
#include "domain/petition_metrics.h"
#include "domain/petition_workflow.h"
#include "domain/time_limits.h"
#include "security/crypto.h"
#include "security/field_crypto.h"
#include "synthetic_people.h"

namespace sixia::bench {
namespace {

using domain::Action;
constexpr int64_t kHour = 3'600'000;
constexpr int64_t kDay = 24 * kHour;
constexpr char kCity[] = "350900000000";  // 宁德市

// Associated data of sealed columns: must match app/petition_service.cc.
constexpr char kAdName[] = "petitioner.name";
constexpr char kAdIdNumber[] = "petitioner.id_number";
constexpr char kAdPhone[] = "petitioner.phone";
constexpr char kAdAddress[] = "petitioner.address";

// Approximate resident population (10,000s, 2020 census) of the counties of 宁德市: the
// share of petitions each receives.
const std::map<std::string, int> kPopulation = {
    {"350902", 60}, {"350921", 47}, {"350922", 33}, {"350923", 15}, {"350924", 18},
    {"350925", 11}, {"350926", 9},  {"350981", 60}, {"350982", 58}};

// County departments every county gets (the demo creates some of them for 霞浦县).
constexpr const char* kDepartments[] = {"民政局",       "自然资源局",     "住房和城乡建设局",
                                        "农业农村局",   "人力资源和社会保障局", "医疗保障局",
                                        "教育局",       "生态环境局",     "交通运输局",
                                        "市场监督管理局", "公安局"};
enum Dept { kCivil, kResources, kHousing, kAgriculture, kLabour, kMedical, kEducation,
            kEcology, kTransport, kMarket, kPolice };

struct Topic {
  const char* title;
  const char* content;
  const char* requests;
  const char* leaf;  // Level-3 category name in bench/data/categories.tsv.
  Dept dept;
  domain::PetitionClass cls;
};
constexpr Topic kTopics[] = {
    {"低保申请长时间未答复", "本人家庭人均收入低于当地低保标准，三个月前向村委会递交低保申请材料，至今没有答复。",
     "请尽快审核低保申请并书面答复", "最低生活保障", kCivil, domain::PetitionClass::kGrievance},
    {"临时救助金未发放", "家中老人住院花费较大，已申请临时救助，审批通过后一直未发放。", "请核实并发放临时救助金",
     "临时救助", kCivil, domain::PetitionClass::kGrievance},
    {"高龄津贴停发", "父亲年满八十周岁，高龄津贴从今年起停发，村里说是系统原因。", "请恢复发放高龄津贴并补发",
     "高龄津贴", kCivil, domain::PetitionClass::kGrievance},
    {"残疾人两项补贴标准疑问", "对残疾人护理补贴的认定等级有异议，补贴金额比邻村同类人员少。",
     "请重新评定护理等级并说明依据", "两项补贴", kCivil, domain::PetitionClass::kGrievance},
    {"宅基地审批进度缓慢", "去年提交宅基地建房申请，材料齐全，至今未获审批。", "请说明审批进度并尽快办理",
     "宅基地审批", kResources, domain::PetitionClass::kGrievance},
    {"承包地被占用", "邻居在我家承包地上搭建养殖棚，多次协商无果。", "请依法制止占用并恢复原状", "承包地纠纷",
     kAgriculture, domain::PetitionClass::kGrievance},
    {"林地界址纠纷", "与相邻村民小组对一块山林的界址存在争议，影响林权证办理。", "请组织勘界并确权", "林地界址",
     kResources, domain::PetitionClass::kGrievance},
    {"征地补偿款分配", "村里征地补偿款的分配方案未经村民代表会议讨论，部分外嫁女未分到补偿款。",
     "请依法公开分配方案并纠正", "征地补偿", kResources, domain::PetitionClass::kGrievance},
    {"拖欠农民工工资", "在县城某工地务工八个月，包工头以工程款未结算为由拖欠工资两万余元。",
     "请督促用工单位支付拖欠工资", "拖欠工资", kLabour, domain::PetitionClass::kGrievance},
    {"养老保险缴费年限认定", "本人曾在乡镇企业工作十年，社保部门认定的缴费年限与实际不符。",
     "请核实并更正缴费年限", "养老保险", kLabour, domain::PetitionClass::kGrievance},
    {"医保报销比例疑问", "母亲在市医院住院治疗，医保报销比例明显低于政策规定。", "请核查报销结算并说明理由",
     "医保报销", kMedical, domain::PetitionClass::kGrievance},
    {"农村危房改造补助", "家中老房属于危房，已列入改造名单，补助资金迟迟未到位。", "请尽快拨付危房改造补助",
     "农村危房改造", kHousing, domain::PetitionClass::kGrievance},
    {"小区物业服务差", "小区物业长期不作为，电梯故障多次报修无人处理，业主意见很大。", "请督促物业整改或依法更换",
     "物业服务", kHousing, domain::PetitionClass::kGrievance},
    {"孩子就近入学问题", "户籍和住房均在本学区，孩子却被安排到较远的学校就读。", "请按就近入学政策重新安排",
     "义务教育入学", kEducation, domain::PetitionClass::kGrievance},
    {"养殖场污水直排", "村旁生猪养殖场污水未经处理直接排入溪流，气味难闻，影响饮水安全。",
     "请依法查处并责令整改", "养殖污染", kEcology, domain::PetitionClass::kGrievance},
    {"夜间施工噪声扰民", "附近工地长期夜间施工，噪声严重影响休息。", "请依法限制夜间施工", "施工噪声", kEcology,
     domain::PetitionClass::kGrievance},
    {"农村公路损坏未修", "通村公路多处塌陷，雨天无法通行，学生上学不便。", "请尽快安排维修", "农村公路",
     kTransport, domain::PetitionClass::kGrievance},
    {"海域养殖清退补偿", "在海湾从事渔排养殖多年，清退时补偿标准偏低。", "请按标准足额补偿", "海域养殖",
     kAgriculture, domain::PetitionClass::kGrievance},
    {"邻里宅基地纠纷", "邻居建房越界占用我家宅基地，村调解未果。", "请依法调处纠纷", "宅基地纠纷", kResources,
     domain::PetitionClass::kGrievance},
    {"建议增设城乡公交班次", "本村到县城每天只有两班公交，群众出行不便。", "建议增加公交班次", "城乡公交",
     kTransport, domain::PetitionClass::kSuggestion},
    {"建议完善村道路灯", "村主干道没有路灯，夜间出行存在安全隐患。", "建议安装路灯", "道路照明", kHousing,
     domain::PetitionClass::kSuggestion},
    {"反映村干部优亲厚友", "村干部在低保评定中优先照顾亲属，群众意见很大。", "请调查处理", "优亲厚友", kCivil,
     domain::PetitionClass::kAccusation},
    {"反映工作人员吃拿卡要", "办理建房手续时，经办人员暗示需要请客送礼。", "请调查处理", "吃拿卡要", kResources,
     domain::PetitionClass::kAccusation},
};
// More of what people write, appended to a topic's content (realistic length).
constexpr const char* kDetails[] = {
    "我们曾多次到村委会和镇政府反映，工作人员答复会研究处理，但一直没有下文。",
    "家里经济条件困难，老人常年患病，孩子还在读书，希望政府能够重视。",
    "相关材料已按要求提交，包括身份证明、户口簿复印件和村委会证明。",
    "周边群众对此也有意见，大家希望能够尽快得到公平合理的解决。",
    "此前曾拨打12345热线反映，回复称已转交相关部门，至今没有结果。",
    "希望有关部门能够实地调查，了解真实情况，依法依规作出处理。",
    "我们相信党和政府，恳请领导在百忙之中关注此事。",
    "如需补充材料，本人可以随时配合，联系电话见登记信息。",
    "去年也出现过类似情况，当时经协调后解决，今年又出现同样问题。",
    "该问题已经持续半年以上，对家庭生活造成了较大影响。",
};
constexpr const char* kSurnames[] = {"陈", "林", "黄", "郑", "刘", "吴", "王", "张", "李", "杨",
                                     "谢", "郭", "周", "叶", "蔡", "徐", "何", "苏", "许", "朱"};
constexpr const char* kGiven[] = {"秀英", "桂兰", "建国", "志强", "丽华", "文斌", "海燕", "国平",
                                  "美玲", "德明", "春花", "永福", "金水", "玉珍", "明辉", "少华"};

struct Village {
  std::string code;
  std::string address;  // 福建省宁德市霞浦县松城街道…
};

struct County {
  std::string code;  // 12 digits.
  std::string code6;
  std::string name;
  int weight = 1;
  std::vector<Village> villages;
  std::map<std::string, int64_t> township_gov;  // Township code → its government unit.
  int64_t gov = 0, bureau = 0;
  int64_t departments[std::size(kDepartments)] = {};
  int64_t officer = 0, leader = 0, handler = 0;  // Bench users (unit_handler at 民政局).
  int64_t frequent = 0;                          // Frequent petitioners.
  int64_t next_other = 0;                        // Counter of other people.
};

// One generated petition, ready for the store but for the ids the store assigns.
struct GenPetition {
  int64_t index = 0;
  std::string receipt_sequence;  // "receipt:<county6>:<year>"
  int year = 0;
  std::vector<store::PetitionerRow> people;
  store::PetitionRow row;
  std::vector<store::PetitionEventRow> events;  // petition_id set on insert.
  std::optional<int64_t> merge_into_index;      // Generator index of the petition merged into.
  domain::PetitionEvent merge_event;            // Re-encoded with the stored id.
  std::vector<store::OverdueRow> overdue;
};
using Batch = std::vector<GenPetition>;

// How a petition relates to its petitioner's last matter.
enum class Repeat {
  kNew,     // A new matter, or a new round after the last one closed.
  kMerge,   // The same matter while it is open: merged into it (并单).
  kRefuse,  // The same matter after 复核: not accepted again (Art. 36).
};

// What a frequent petitioner raised last: the matter a repeat refers to.
struct Matter {
  int64_t index = -1;  // Generator index of the head petition (never a merged one).
  std::string place, category;
  size_t topic = 0;
  int64_t ended_ms = INT64_MAX;  // Terminal state reached; INT64_MAX while open.
  bool final = false;            // Ended by 复核 (Art. 36).
};

class Generator {
 public:
  Generator(std::vector<County>& counties, std::vector<domain::Category> leaves,
            int64_t category_version, const security::FieldCipher& cipher, uint64_t seed,
            int64_t count, int64_t from_ms, int64_t now_ms)
      : counties_(counties), leaves_(std::move(leaves)), category_version_(category_version),
        cipher_(cipher), rng_(seed), count_(count), from_(from_ms), now_(now_ms),
        limits_(domain::DefaultTimeLimits()), calendar_(domain::DefaultChinaCalendar()) {
    int total = 0;
    for (const auto& c : counties_) total += c.weight;
    for (auto& c : counties_) {
      // A frequent petitioner comes back ~4 times: 2 % of the petitions, spread over them.
      c.frequent = std::max<int64_t>(20, count_ * c.weight / total / 50 / 4);
      for (int i = 0; i < c.weight; ++i) county_wheel_.push_back(&c - counties_.data());
    }
    for (const auto& leaf : leaves_) leaf_by_name_[leaf.name] = leaf.code;
  }

  // Petitions [first, first + n).
  Result<Batch> Make(int64_t first, int64_t n) {
    Batch batch;
    batch.reserve(n);
    for (int64_t i = first; i < first + n; ++i) {
      SIXIA_ASSIGN_OR_RETURN(auto p, One(i));
      batch.push_back(std::move(p));
    }
    return batch;
  }

 private:
  int64_t Uniform(int64_t lo, int64_t hi) { return std::uniform_int_distribution<int64_t>(lo, hi)(rng_); }
  double Unit() { return std::uniform_real_distribution<double>(0, 1)(rng_); }
  bool Chance(double p) { return Unit() < p; }
  template <typename T, size_t N>
  const T& Pick(const T (&items)[N]) { return items[Uniform(0, N - 1)]; }

  std::string LeafFor(const Topic& topic) {
    if (leaves_.empty()) return "";
    auto it = leaf_by_name_.find(topic.leaf);
    if (it != leaf_by_name_.end() && !Chance(0.1)) return it->second;
    return leaves_[Uniform(0, leaves_.size() - 1)].code;
  }

  store::PetitionerRow Seal(const std::string& name, const std::string& id_number,
                            const std::string& phone, const std::string& address,
                            const std::string& home, int64_t at_ms) {
    store::PetitionerRow row;
    row.county_code = domain::CountyOf(home, domain::DivisionLevel::kVillage);
    row.division_code = home;
    row.name_sealed = cipher_.Encrypt(name, kAdName);
    row.id_number_sealed = cipher_.Encrypt(id_number, kAdIdNumber);
    row.id_index = cipher_.BlindIndex("id_number", id_number);
    row.phone_sealed = cipher_.Encrypt(phone, kAdPhone);
    row.phone_index = cipher_.BlindIndex("phone", phone);
    row.address_sealed = cipher_.Encrypt(address, kAdAddress);
    row.created_at_ms = at_ms;
    return row;
  }

  std::string NameOf(uint64_t a, uint64_t b) {
    return std::string(kSurnames[a % std::size(kSurnames)]) + kGiven[b % std::size(kGiven)];
  }

  Result<GenPetition> One(int64_t index) {
    GenPetition g;
    g.index = index;
    // Receipt times: one per slot of the period, so ids ascend with time.
    const int64_t span = now_ - from_;
    const int64_t t = from_ + static_cast<int64_t>((index + Unit()) * (static_cast<double>(span) / count_));
    County& county = counties_[county_wheel_[Uniform(0, county_wheel_.size() - 1)]];
    size_t topic_index = Uniform(0, std::size(kTopics) - 1);
    // Accusations are rarer than their share of the topics (about 2.6 % of petitions).
    if (kTopics[topic_index].cls == domain::PetitionClass::kAccusation && !Chance(0.3)) {
      while (kTopics[topic_index].cls == domain::PetitionClass::kAccusation)
        topic_index = Uniform(0, std::size(kTopics) - 1);
    }
    const Topic* topic = &kTopics[topic_index];
    const size_t place_index = Uniform(0, county.villages.size() - 1);
    std::string place = county.villages[place_index].code;
    std::string category = LeafFor(*topic);
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
    const bool anonymous = topic->cls == domain::PetitionClass::kAccusation && Chance(0.4);

    // Who: a frequent petitioner (2 %) or a new person.
    Matter* matter = nullptr;
    Repeat repeat = Repeat::kNew;
    if (!anonymous) {
      std::string name, id_number, phone;
      size_t home = 0;  // Index of the village the person lives in.
      if (Chance(0.02)) {
        const int64_t k = Uniform(0, county.frequent - 1);
        matter = &matters_[{county.code6, k}];
        const uint64_t h = static_cast<uint64_t>(k) * 2654435761u;
        home = h % county.villages.size();
        name = NameOf(h >> 8, h >> 16);
        id_number = FrequentIdNumber(county.code6, k);
        phone = FrequentPhone(county.code6, k);
        if (matter->index >= 0 && Chance(0.5)) {
          // The same matter again.
          topic_index = matter->topic;
          topic = &kTopics[topic_index];
          place = matter->place;
          category = matter->category;
          if (matter->final && matter->ended_ms <= t)
            repeat = Repeat::kRefuse;
          else if (matter->ended_ms > t + kHour)
            repeat = Repeat::kMerge;
        } else if (matter->index >= 0 && category == matter->category && leaves_.size() > 1) {
          while (category == matter->category) category = leaves_[Uniform(0, leaves_.size() - 1)].code;
        }
      } else {
        home = Chance(0.8) ? place_index : Uniform(0, county.villages.size() - 1);
        const uint64_t surname = rng_();
        name = NameOf(surname, rng_());
        id_number = OtherIdNumber(county.code6, county.next_other++);
        static constexpr const char* kPrefixes[] = {"13", "17", "18"};
        phone = fmt::format("{}{:09d}", Pick(kPrefixes), Uniform(0, 999'999'999));
      }
      const Village& v = county.villages[home];
      g.people.push_back(Seal(name, domain::NormalizeIdNumber(id_number), domain::NormalizePhone(phone),
                              fmt::format("{}{}号", v.address, Uniform(1, 199)), v.code, t));
    }

    // The row, before the events decide its derived columns.
    store::PetitionRow& row = g.row;
    row.county_code = county.code;
    row.channel = domain::ChannelName(channel);
    row.petition_class = domain::PetitionClassName(topic->cls);
    row.title = topic->title;
    row.content = topic->content;
    for (int64_t d = Uniform(5, 13); d > 0; --d) row.content += Pick(kDetails);
    row.requests = topic->requests;
    if (!category.empty()) {
      row.category_version = category_version_;
      row.category_code = category;
    }
    row.division_code = place;
    row.anonymous = anonymous;
    row.group_size = Chance(0.05) ? static_cast<int>(Uniform(6, 30)) : 1;
    row.registered_by = county.officer;
    row.registering_unit = county.bureau;
    row.received_at_ms = t;
    row.query_code_hash = security::Sm3Hex(fmt::format("{:016x}", rng_()));
    const std::string township = place.substr(0, 9) + "000";
    if (topic->cls == domain::PetitionClass::kAccusation)
      row.parties.push_back({"accused", county.township_gov.at(township), std::nullopt, ""});
    g.year = domain::DateOfMs(t).year;
    g.receipt_sequence = fmt::format("receipt:{}:{}", county.code6, g.year);

    // Its life, event by event, through the workflow's own rules.
    domain::PetitionState state;
    std::vector<domain::PetitionEvent> events;
    bool stopped = false;
    Status failure;
    auto act = [&](Action type, int64_t at, int64_t actor, domain::PetitionEvent e = {}) {
      if (stopped || !failure.ok()) return;
      if (at > now_) {
        stopped = true;  // Not yet happened.
        return;
      }
      e.type = type;
      e.at_ms = at;
      e.actor_user_id = actor;
      failure = domain::Apply(state, e);
      if (failure.ok()) events.push_back(std::move(e));
    };
    domain::PetitionEvent reg;
    reg.channel = channel;
    reg.petition_class = topic->cls;
    act(Action::kRegister, t, county.officer, reg);
    Life(g, county, *topic, township, repeat, matter, t, act);
    SIXIA_RETURN_IF_ERROR(failure);

    if (matter && repeat != Repeat::kMerge) {
      matter->index = index;
      matter->place = place;
      matter->category = category;
      matter->topic = topic_index;
      matter->ended_ms = state.ended_at_ms.value_or(INT64_MAX);
      matter->final = state.state == domain::State::kFinal;
    }
    row.state = domain::StateName(state.state);
    row.lead_unit_id = state.lead_unit_id;
    row.assist_unit_ids = state.assisting_unit_ids;
    row.owning_leader_id = state.owning_leader_user_id;
    row.updated_at_ms = events.back().at_ms;
    row.event_count = state.event_count;
    domain::ClockSubject subject{topic->cls, channel, row.category_code, place, anonymous};
    SIXIA_ASSIGN_OR_RETURN(auto clocks,
                           domain::PetitionClocks(events, state, subject, limits_, calendar_, now_));
    row.next_due_ms = domain::NextDue(clocks);
    std::optional<domain::DivisionLevel> lead_level;  // Township governments or county departments.
    if (state.lead_unit_id) {
      lead_level = domain::DivisionLevel::kCounty;
      for (const auto& [code, unit] : county.township_gov)
        if (unit == *state.lead_unit_id) lead_level = domain::DivisionLevel::kTownship;
    }
    row.counted = domain::CountFacts(state, events, clocks, row.received_at_ms, lead_level);
    for (const auto& c : clocks)
      if (c.Overdue() && c.due_ms)
        g.overdue.push_back({0, domain::ClockKindName(c.kind), *c.due_ms, c.stopped_at_ms.value_or(now_)});
    for (size_t i = 0; i < events.size(); ++i) {
      const auto& e = events[i];
      if (e.type == Action::kMerge) g.merge_event = e;
      g.events.push_back({0, static_cast<int64_t>(i + 1), domain::ActionName(e.type), e.at_ms,
                          e.actor_user_id, e.type == Action::kMerge ? "" : app::EncodeEventPayload(e)});
    }
    return g;
  }

  template <typename Act>
  void Life(GenPetition& g, const County& county, const Topic& topic, const std::string& township,
            Repeat repeat, Matter* matter, int64_t t, Act& act) {
    const int64_t officer = county.officer, leader = county.leader, handler = county.handler;
    if (repeat == Repeat::kRefuse) {
      domain::PetitionEvent d;
      d.reason = "同一事项已复核终结，不再受理（第三十六条）";
      d.route = "原处理意见已终结";
      return act(Action::kDecline, t + kDay, officer, d);
    }
    if (repeat == Repeat::kMerge) {
      domain::PetitionEvent m;
      g.merge_into_index = matter->index;
      m.into_petition_id = matter->index + 1;  // Replaced by the stored id on insert.
      return act(Action::kMerge, t + kHour, officer, m);
    }
    if (Chance(0.03)) {
      domain::PetitionEvent d;
      d.reason = "该事项属于人民法院受理范围";
      d.route = "请依法向人民法院提起诉讼";
      d.legal_litigation = true;
      return act(Action::kDecline, t + Uniform(1, 5) * kDay, officer, d);
    }
    if (Chance(0.04)) {
      domain::PetitionEvent o;
      o.owning_leader_user_id = leader;
      act(Action::kSetOwningLeader, t + kHour, leader, o);
    }
    int64_t accepted = t + (Chance(0.04) ? Uniform(16, 25) : Uniform(0, 5)) * kDay + kHour;
    // Small matters go to the township (小事不出镇), the rest to the county department; an
    // accusation never goes to the unit it accuses. A few are transferred straight from
    // registration (转送) instead of accepted and assigned (交办).
    domain::PetitionEvent route;
    const bool to_township = topic.cls != domain::PetitionClass::kAccusation && Chance(0.4);
    route.lead_unit_id = to_township ? county.township_gov.at(township) : county.departments[topic.dept];
    if (Chance(0.1)) route.assisting_unit_ids = {county.departments[(topic.dept + 1) % std::size(kDepartments)]};
    route.deadline_note = "请于六十日内办结并书面答复";
    if (Chance(0.02)) {
      act(Action::kTransfer, accepted, officer, route);
    } else {
      act(Action::kAccept, accepted, officer);
      act(Action::kAssign, accepted + kHour, officer, route);
    }
    if (Chance(0.01)) {
      // The unit objects to the routing (Art. 23) and the dispatcher re-routes it.
      domain::PetitionEvent o;
      o.reason = "该事项不属于本单位职责范围";
      act(Action::kObject, accepted + kDay, handler, o);
      route.lead_unit_id = county.departments[(topic.dept + 2) % std::size(kDepartments)];
      route.assisting_unit_ids.clear();
      act(Action::kReassign, accepted + 2 * kDay, officer, route);
      accepted += 2 * kDay;
    }
    act(Action::kSign, accepted + Uniform(2, 30) * kHour, handler);
    int64_t decided = accepted + Uniform(7, 50) * kDay;
    if (Chance(0.05)) {
      domain::PetitionEvent e;
      e.days = static_cast<int>(Uniform(10, 30));
      e.reason = "需要补充调查取证";
      e.approver_user_id = leader;
      e.approver_is_agency_head = true;
      act(Action::kExtend, accepted + 40 * kDay, leader, e);
      decided = accepted + Uniform(55, 80) * kDay;
    } else if (Chance(0.05)) {
      decided = accepted + Uniform(62, 90) * kDay;
    }
    auto rate = [&](int64_t at, domain::Resolution r, domain::Satisfaction s) {
      domain::PetitionEvent e;
      e.resolution = r;
      e.satisfaction = s;
      act(Action::kRate, at, officer, e);
    };
    if (Chance(0.05)) {
      domain::PetitionEvent m;
      m.agreement = "经调解，双方自愿达成协议，相关问题于三十日内处理完毕。";
      m.settlement = Chance(0.3);
      act(Action::kRecordMediation, decided, handler, m);
      rate(decided + Uniform(3, 10) * kDay, domain::Resolution::kSolved, domain::Satisfaction::kSatisfied);
      return act(Action::kClose, decided + 20 * kDay, officer);
    }
    auto decide = [&](Action type, int64_t at, int64_t actor, domain::DecisionOutcome outcome) {
      domain::PetitionEvent e;
      e.request = topic.requests;
      e.facts = "经调查核实，信访人反映的情况基本属实。";
      e.reasons = "根据调查情况和有关政策规定，作出如下处理意见。";
      e.legal_basis = "《信访工作条例》第三十二条及相关政策规定";
      e.outcome = outcome;
      act(type, at, actor, e);
    };
    const auto outcome = Chance(0.6)   ? domain::DecisionOutcome::kSupport
                         : Chance(0.5) ? domain::DecisionOutcome::kExplain
                                       : domain::DecisionOutcome::kReject;
    decide(Action::kIssueDecision, decided, handler, outcome);
    act(Action::kDeliver, decided + Uniform(1, 3) * kDay, officer);
    const int64_t rated = decided + Uniform(5, 10) * kDay;
    const double r = Unit();
    const bool unhappy = r > 0.9;
    rate(rated,
         unhappy ? domain::Resolution::kUnsolved
         : r > 0.75 ? domain::Resolution::kPartlySolved
                    : domain::Resolution::kSolved,
         unhappy ? domain::Satisfaction::kUnsatisfied
         : r > 0.7 ? domain::Satisfaction::kBasicallySatisfied
                   : domain::Satisfaction::kSatisfied);
    if (!unhappy) return act(Action::kClose, decided + 35 * kDay, officer);
    if (Chance(0.5)) {
      // 复查, sometimes 复核 after it (then final: not accepted again, Art. 36).
      act(Action::kRequestReview, rated + kDay, officer);
      decide(Action::kIssueReview, rated + 20 * kDay, officer, domain::DecisionOutcome::kExplain);
      act(Action::kDeliver, rated + 22 * kDay, officer);
      if (Chance(0.3)) {
        act(Action::kRequestReReview, rated + 30 * kDay, officer);
        if (Chance(0.2)) {
          domain::PetitionEvent h;
          h.reason = "组织听证";
          act(Action::kPauseHearing, rated + 40 * kDay, officer, h);
          act(Action::kResumeHearing, rated + 50 * kDay, officer);
        }
        return decide(Action::kIssueReReview, rated + 60 * kDay, officer, domain::DecisionOutcome::kExplain);
      }
      return act(Action::kClose, rated + 55 * kDay, officer);
    }
    domain::PetitionEvent redo;
    redo.reason = "信访人不满意，重新办理";
    act(Action::kRedo, rated + kDay, officer, redo);
    decide(Action::kIssueDecision, rated + 20 * kDay, handler, domain::DecisionOutcome::kSupport);
    act(Action::kDeliver, rated + 22 * kDay, officer);
    rate(rated + 28 * kDay, domain::Resolution::kPartlySolved, domain::Satisfaction::kBasicallySatisfied);
    act(Action::kClose, rated + 35 * kDay, officer);
  }

  std::vector<County>& counties_;
  const std::vector<domain::Category> leaves_;
  const int64_t category_version_;
  const security::FieldCipher& cipher_;
  std::mt19937_64 rng_;
  const int64_t count_, from_, now_;
  const domain::TimeLimitTable limits_;
  const domain::HolidayCalendar calendar_;
  std::vector<size_t> county_wheel_;  // County indexes, repeated by weight.
  std::map<std::string, std::string> leaf_by_name_;
  std::map<std::pair<std::string, int64_t>, Matter> matters_;
};

// Inserts a batch in one write transaction; fills `ids` (generator index → petition id).
Status WriteBatch(app::App& app, Batch& batch, std::vector<int64_t>& ids, const app::Actor& actor) {
  return app.store().Write([&](store::Tx& tx) -> Status {
    auto& repo = tx.petitions();
    for (auto& g : batch) {
      g.row.petitioner_ids.clear();
      for (const auto& person : g.people) {
        SIXIA_ASSIGN_OR_RETURN(int64_t pid, repo.CreatePetitioner(person));
        g.row.petitioner_ids.push_back(pid);
      }
      SIXIA_ASSIGN_OR_RETURN(int64_t seq, repo.NextSequence(g.receipt_sequence));
      g.row.receipt_no = fmt::format("XF{}{}{:06d}", g.row.county_code.substr(0, 6), g.year, seq);
      if (g.merge_into_index) {
        g.row.merged_into = ids[*g.merge_into_index];
        g.merge_event.into_petition_id = g.row.merged_into;
      }
      SIXIA_ASSIGN_OR_RETURN(int64_t id, repo.CreatePetition(g.row));
      ids[g.index] = id;
      if (g.row.merged_into) SIXIA_RETURN_IF_ERROR(repo.AddMergedIn(*g.row.merged_into));
      for (auto& e : g.events) {
        e.petition_id = id;
        if (e.type == "merge") e.payload_json = app::EncodeEventPayload(g.merge_event);
        SIXIA_RETURN_IF_ERROR(repo.AppendEvent(e));
      }
      for (auto& o : g.overdue) {
        o.petition_id = id;
        SIXIA_RETURN_IF_ERROR(repo.RecordOverdue(o).status());
      }
    }
    nlohmann::json detail = {{"petitions", batch.size()},
                             {"first_id", ids[batch.front().index]},
                             {"last_id", ids[batch.back().index]}};
    return app.audit().Append(tx, actor, {"bench.fill", "", domain::AuditOutcome::kOk, detail.dump()});
  });
}

// The counties of 宁德市 with their villages, units and bench users (created when missing).
Result<std::vector<County>> PrepareCounties(app::App& app, const app::Actor& actor) {
  std::vector<County> counties;
  SIXIA_RETURN_IF_ERROR(app.store().Read([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(auto city, tx.divisions().Get(kCity));
    if (!city)
      return Unprocessable("宁德市 (350900) is not in the division tree: run `sixia divisions import` first",
                           "行政区划中没有宁德市，请先导入行政区划");
    SIXIA_ASSIGN_OR_RETURN(auto list, tx.divisions().Children(kCity));
    for (const auto& d : list) {
      County c;
      c.code = d.code;
      c.code6 = d.code.substr(0, 6);
      c.name = d.name;
      auto w = kPopulation.find(c.code6);
      c.weight = w == kPopulation.end() ? 10 : w->second;
      SIXIA_ASSIGN_OR_RETURN(auto townships, tx.divisions().Children(d.code));
      for (const auto& t : townships) {
        SIXIA_ASSIGN_OR_RETURN(auto villages, tx.divisions().Children(t.code));
        for (const auto& v : villages)
          c.villages.push_back({v.code, "福建省" + city->name + d.name + t.name + v.name});
      }
      if (!c.villages.empty()) counties.push_back(std::move(c));
    }
    return Status::Ok();
  }));
  if (counties.empty()) return Unprocessable("宁德市 has no villages", "宁德市没有村级区划");

  const security::Principal cli = app::DirectoryService::CliPrincipal();
  auto& dir = app.directory();
  for (auto& c : counties) {
    // Existing units of the county by (division, name): the demo's units are reused.
    std::map<std::pair<std::string, std::string>, int64_t> existing;
    std::vector<domain::Division> townships;
    SIXIA_RETURN_IF_ERROR(app.store().Read([&](store::Tx& tx) -> Status {
      int64_t after = 0;
      for (;;) {
        SIXIA_ASSIGN_OR_RETURN(auto units, tx.directory().ListUnits(
                                               {domain::SubtreeRange(c.code, domain::DivisionLevel::kCounty)},
                                               500, after));
        for (const auto& u : units) existing[{u.division_code, u.name}] = u.id;
        if (units.size() < 500) break;
        after = units.back().id;
      }
      SIXIA_ASSIGN_OR_RETURN(townships, tx.divisions().Children(c.code));
      return Status::Ok();
    }));
    auto unit = [&](const std::string& name, domain::UnitKind kind, const std::string& division,
                    std::optional<int64_t> parent) -> Result<int64_t> {
      auto it = existing.find({division, name});
      if (it != existing.end()) return it->second;
      SIXIA_ASSIGN_OR_RETURN(auto u, dir.CreateUnit(cli, actor, {name, kind, division, parent}));
      return u.id;
    };
    SIXIA_ASSIGN_OR_RETURN(c.gov, unit(c.name + "人民政府", domain::UnitKind::kGovernment, c.code, {}));
    SIXIA_ASSIGN_OR_RETURN(c.bureau, unit(c.name + "信访局", domain::UnitKind::kPetitionBureau, c.code, c.gov));
    for (size_t i = 0; i < std::size(kDepartments); ++i) {
      SIXIA_ASSIGN_OR_RETURN(c.departments[i],
                             unit(c.name + kDepartments[i], domain::UnitKind::kDepartment, c.code, c.gov));
    }
    for (const auto& t : townships) {
      const bool street = t.name.size() >= 6 && t.name.compare(t.name.size() - 6, 6, "街道") == 0;
      SIXIA_ASSIGN_OR_RETURN(c.township_gov[t.code],
                             unit(t.name + (street ? "办事处" : "人民政府"), domain::UnitKind::kGovernment,
                                  t.code, c.gov));
    }
    auto user = [&](const std::string& role, int64_t unit_id, const char* display) -> Result<int64_t> {
      const std::string username = fmt::format("bf{}_{}", c.code6, role);
      std::optional<int64_t> id;
      SIXIA_RETURN_IF_ERROR(app.store().Read([&](store::Tx& tx) -> Status {
        SIXIA_ASSIGN_OR_RETURN(auto creds, tx.directory().GetCredentials(username));
        if (creds) id = creds->user.id;
        return Status::Ok();
      }));
      if (id) return *id;
      app::UserInput in;
      in.username = username;
      in.display_name = display;
      in.unit_id = unit_id;
      in.password = "Fill#" + security::RandomToken(18);  // Never told to anyone.
      in.roles = {role == "officer" ? "petition_officer" : role == "leader" ? "leader" : "unit_handler"};
      SIXIA_ASSIGN_OR_RETURN(auto u, dir.CreateUser(cli, actor, in));
      return u.id;
    };
    SIXIA_ASSIGN_OR_RETURN(c.officer, user("officer", c.bureau, "黄信访"));
    SIXIA_ASSIGN_OR_RETURN(c.leader, user("leader", c.gov, "林县长"));
    SIXIA_ASSIGN_OR_RETURN(c.handler, user("handler", c.departments[kCivil], "杨经办"));
  }
  return counties;
}

int Run(const std::string& data, int64_t count, uint64_t seed, int batch_size, int64_t now_ms) {
  auto fail = [](const Status& st) {
    std::cerr << "petition_fill: " << st.ToString() << "\n";
    return 1;
  };
  auto options = app::LoadOptions(data);
  if (!options.ok()) return fail(options.status());
  auto opened = app::App::Open(*options);
  if (!opened.ok()) return fail(opened.status());
  app::App& app = **opened;
  const app::Actor actor{0, "cli:petition_fill", "cli"};
  const auto t0 = std::chrono::steady_clock::now();
  auto seconds = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  };

  auto counties = PrepareCounties(app, actor);
  if (!counties.ok()) return fail(counties.status());
  std::vector<domain::Category> leaves;
  int64_t version = 0;
  Status st = app.store().Read([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(auto v, tx.categories().LatestVersion());
    if (!v) return Status::Ok();
    version = *v;
    SIXIA_ASSIGN_OR_RETURN(auto all, tx.categories().List(*v));
    for (auto& c : all)
      if (c.level == domain::kCategoryLevels) leaves.push_back(std::move(c));
    return Status::Ok();
  });
  if (!st.ok()) return fail(st);
  // Field crypto under the folder's own key, exactly as App::Open loads it.
  auto key = security::LoadOrCreateKeyFile(app::DataFile(options->data_dir, "field.key"));
  if (!key.ok()) return fail(key.status());
  auto cipher = security::FieldCipher::Create(*key);
  if (!cipher.ok()) return fail(cipher.status());

  const int64_t from_ms = now_ms - 730 * kDay;
  Generator gen(*counties, leaves, version, *cipher, seed, count, from_ms, now_ms);
  std::cerr << fmt::format("petition_fill: {} counties of 宁德市, {} category leaves; generating {} petitions "
                           "received {} .. {} (prepared in {:.1f} s)\n",
                           counties->size(), leaves.size(), count,
                           domain::DateOfMs(from_ms).year, domain::DateOfMs(now_ms).year, seconds());

  // One thread generates, this one writes; at most two batches wait in between.
  std::mutex mu;
  std::condition_variable cv;
  std::deque<Batch> ready;
  bool done = false, abort = false;
  Status gen_status;
  std::thread producer([&] {
    for (int64_t first = 0; first < count; first += batch_size) {
      auto b = gen.Make(first, std::min<int64_t>(batch_size, count - first));
      std::unique_lock lock(mu);
      if (!b.ok()) {
        gen_status = b.status();
        break;
      }
      cv.wait(lock, [&] { return ready.size() < 2 || abort; });
      if (abort) break;
      ready.push_back(std::move(*b));
      cv.notify_all();
    }
    std::lock_guard lock(mu);
    done = true;
    cv.notify_all();
  });
  std::vector<int64_t> ids(count, 0);
  int64_t written = 0, events = 0, next_report = 100'000;
  Status write_status;
  for (;;) {
    Batch b;
    {
      std::unique_lock lock(mu);
      cv.wait(lock, [&] { return !ready.empty() || done; });
      if (ready.empty()) break;
      b = std::move(ready.front());
      ready.pop_front();
      cv.notify_all();
    }
    write_status = WriteBatch(app, b, ids, actor);
    if (!write_status.ok()) {
      std::lock_guard lock(mu);
      abort = true;
      cv.notify_all();
      break;
    }
    written += b.size();
    for (const auto& g : b) events += g.events.size();
    if (written >= next_report) {
      std::cerr << fmt::format("  {} petitions, {} events, {:.0f} s ({:.0f} petitions/s)\n", written, events,
                               seconds(), written / seconds());
      next_report += 100'000;
    }
  }
  producer.join();
  if (!gen_status.ok()) return fail(gen_status);
  if (!write_status.ok()) return fail(write_status);

  nlohmann::json manifest = {{"petitions", written}, {"events", events},   {"seed", seed},
                             {"now_ms", now_ms},     {"from_ms", from_ms}, {"category_version", version}};
  for (const auto& c : *counties) manifest["frequent_petitioners"][c.code6] = c.frequent;
  std::ofstream out(app::DataFile(options->data_dir, kManifestFile));
  out << manifest.dump(2) << "\n";
  if (!out) return fail(Unavailable("cannot write the manifest", "无法写入清单文件"));
  std::cout << fmt::format("petition_fill: {} petitions, {} events in {:.1f} s ({:.0f} petitions/s)\n", written,
                           events, seconds(), written / seconds());
  return 0;
}

}  // namespace
}  // namespace sixia::bench

int main(int argc, char** argv) {
  CLI::App cli{"Fills a sixia data folder with synthetic petitions for the benchmarks"};
  std::string data;
  int64_t count = 1'000'000;
  uint64_t seed = 2026;
  int batch = 2000;
  int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  cli.add_option("--data", data, "Data folder (sixia init + divisions import)")->required();
  cli.add_option("--petitions", count, "Petitions to add")->check(CLI::Range(int64_t{1}, int64_t{20'000'000}));
  cli.add_option("--seed", seed, "Random seed");
  cli.add_option("--batch", batch, "Petitions per write transaction")->check(CLI::Range(1, 100'000));
  cli.add_option("--now-ms", now_ms, "The moment the data ends (Unix ms; default now)");
  CLI11_PARSE(cli, argc, argv);
  return sixia::bench::Run(data, count, seed, batch, now_ms);
}
