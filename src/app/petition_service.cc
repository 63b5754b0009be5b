#include "app/petition_service.h"
#include "app/checks.h"

#include <algorithm>
#include <cctype>
#include <limits>
#include <map>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "app/directory_service.h"
#include "app/petition_codec.h"
#include "common/utf8.h"
#include "domain/attachment.h"
#include "domain/person.h"
#include "domain/petition_citizen.h"
#include "security/crypto.h"
#include "security/query_code.h"

namespace sixia::app {
namespace {

using domain::Action;
using security::Permission;
using security::Principal;

// Associated data binding each sealed value to its column (field_crypto.h).
constexpr char kAdName[] = "petitioner.name";
constexpr char kAdIdNumber[] = "petitioner.id_number";
constexpr char kAdPhone[] = "petitioner.phone";
constexpr char kAdAddress[] = "petitioner.address";
constexpr char kAdAccusedName[] = "party.name";
constexpr char kAdDocument[] = "document.body";
constexpr int kMaxRepresentatives = 5;  // Art. 20.

// `value` without leading and trailing white space (ASCII and the full-width U+3000).
std::string Trimmed(const std::string& value) { return std::string(TrimBlank(value)); }

// Length limits count the text without surrounding white space: "   " is no reason.
Status CheckText(const std::string& value, const char* field, size_t min_chars, size_t max_chars,
                 const char* label_zh) {
  if (!IsValidUtf8(value))
    return InvalidArgument(std::string(field) + " is not valid UTF-8", std::string(label_zh) + "不是有效的UTF-8文本", field);
  const size_t n = Utf8Length(Trimmed(value));
  if (n < min_chars && min_chars <= 1)
    return InvalidArgument(std::string(field) + " is required", std::string(label_zh) + "不能为空", field);
  if (n < min_chars)
    return InvalidArgument(fmt::format("{} must have at least {} characters", field, min_chars),
                           fmt::format("{}至少需要{}个字", label_zh, min_chars), field);
  if (n > max_chars)
    return InvalidArgument(fmt::format("{} is longer than {} characters", field, max_chars),
                           fmt::format("{}不能超过{}个字", label_zh, max_chars), field);
  return Status::Ok();
}

// Prefixes the field of an error about one element of a list: "petitioners[1].id_number".
Status InElement(Status st, const char* list, size_t index) {
  if (st.ok()) return st;
  return Status(st.code(), st.message(), st.message_zh(),
                fmt::format("{}[{}]{}{}", list, index, st.field().empty() ? "" : ".", st.field()));
}

int TodayYmd(int64_t now_ms) {
  const domain::Date d = domain::DateOfMs(now_ms);
  return d.year * 10000 + d.month * 100 + d.day;
}

bool InHandling(const std::string& state_name) {
  const auto s = domain::StateFromName(state_name);
  return s && *s != domain::State::kRegistered && domain::IsOpen(*s);
}

std::string AuditDetail(const nlohmann::json& j) { return j.dump(); }

// The one answer for an unknown receipt number and a wrong query code: no field, so that
// nobody can tell which of the two was wrong.
Status WrongReceiptOrCode() {
  return NotFound("no petition with this receipt number and query code",
                  "登记编号或查询码不正确，请核对后重试");
}

// The receipt number as stored (trimmed, upper case), after checking that both are given.
Result<std::string> CitizenReceipt(const std::string& receipt_no, const std::string& query_code) {
  std::string receipt = Trimmed(receipt_no);
  if (receipt.empty())
    return InvalidArgument("receipt_no is required", "请填写登记编号", "receipt_no");
  if (receipt.size() > 64 || !IsValidUtf8(receipt))
    return InvalidArgument("receipt_no is not a receipt number", "登记编号格式不正确", "receipt_no");
  if (Trimmed(query_code).empty())
    return InvalidArgument("query_code is required", "请填写查询码", "query_code");
  if (query_code.size() > 64 || !IsValidUtf8(query_code))
    return InvalidArgument("query_code is not a query code", "查询码格式不正确", "query_code");
  for (char& c : receipt)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return receipt;
}

// The row of `rows` (a petition's attachments, documents …) whose id is `id`, or `missing`.
template <typename RowT>
Result<RowT> OneOf(std::vector<RowT> rows, int64_t id, Status missing) {
  for (auto& r : rows)
    if (r.id == id) return std::move(r);
  return missing;
}

// Reads every petition nation-wide: for rules that must see what the caller cannot
// (repeat checks at acceptance) and for the overdue sweep. Never handed to a caller.
Principal SystemReader() {
  Principal p;
  p.user_id = -1;
  p.username = "system";
  p.permissions = {Permission::kPetitionRead};
  p.scopes = {{domain::kNationCode, domain::DivisionLevel::kNation}};
  return p;
}

}  // namespace

security::PetitionFacts FactsOf(const store::PetitionRow& row) {
  security::PetitionFacts f;
  f.id = row.id;
  f.division_code = row.division_code;
  if (row.lead_unit_id) f.handling_unit_ids.push_back(*row.lead_unit_id);
  for (int64_t u : row.assist_unit_ids) f.handling_unit_ids.push_back(u);
  f.owner_user_id = row.owning_leader_id;
  for (const auto& party : row.parties) {
    if (party.relation == "accused") {
      if (party.unit_id) f.accused_unit_ids.push_back(*party.unit_id);
      if (party.user_id) f.accused_user_ids.push_back(*party.user_id);
    } else if (party.relation == "recused" && party.user_id) {
      f.recused_user_ids.push_back(*party.user_id);
    }
  }
  return f;
}

PetitionService::PetitionService(store::Store& store, const Clock& clock,
                                 const security::AccessPolicy& policy, const AuditLog& audit,
                                 const security::FieldCipher& cipher, const RulesInForce& rules,
                                 const store::BlobStore& blobs, size_t max_attachment_bytes)
    : store_(store), clock_(clock), policy_(policy), audit_(audit), cipher_(cipher),
      rules_(rules), blobs_(blobs),
      max_attachment_bytes_(max_attachment_bytes) {}

// ---- Registration ---------------------------------------------------------------------

struct PetitionService::Registration {
  bool online = false;
  Actor actor;
  std::vector<store::PetitionerRow> people;
  store::PetitionRow row;
  domain::PetitionEvent event;  // 登记.
  std::string payload;          // The event's, encoded.
  std::string county6;          // The receipt number's county part, and its year.
  int year = 0;
  RegisterResult result;
};

Result<RegisterResult> PetitionService::Register(const Principal& p, const Actor& a,
                                                 const PetitionInput& in) {
  SIXIA_RETURN_IF_ERROR(security::AccessPolicy::Require(p, Permission::kPetitionRegister));
  SIXIA_ASSIGN_OR_RETURN(auto r, PrepareRegistration(&p, a, in));
  SIXIA_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) { return Insert(tx, *r); }));
  return std::move(r->result);
}

void PetitionService::RegisterAsync(const Principal& p, const Actor& a, const PetitionInput& in,
                                    std::function<void(Result<RegisterResult>)> done) {
  Status allowed = security::AccessPolicy::Require(p, Permission::kPetitionRegister);
  if (!allowed.ok()) return done(std::move(allowed));
  auto prepared = PrepareRegistration(&p, a, in);
  if (!prepared.ok()) return done(prepared.status());
  std::shared_ptr<Registration> r = std::move(*prepared);
  store_.WriteAsync([this, r](store::Tx& tx) { return Insert(tx, *r); },
                    [r, done = std::move(done)](Status st) {
                      if (st.ok()) done(std::move(r->result));
                      else done(std::move(st));
                    });
}

Result<RegisterResult> PetitionService::SubmitOnline(const Actor& a, PetitionInput in) {
  // What a citizen can say online; the rest is the registrar's (channel, reception days,
  // parties, group visits, letters received earlier).
  if (in.petitioners.size() > 1)
    return InvalidArgument("an online petition names one petitioner", "网上信访只登记一名信访人",
                           "petitioners");
  in.channel = domain::Channel::kOnline;
  in.group_size = 1;
  in.accused.clear();
  in.recused_user_ids.clear();
  in.received_at_ms.reset();
  in.reception_day_id.reset();
  SIXIA_ASSIGN_OR_RETURN(auto r, PrepareRegistration(nullptr, a, in));
  SIXIA_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) { return Insert(tx, *r); }));
  return std::move(r->result);
}

Result<std::shared_ptr<PetitionService::Registration>> PetitionService::PrepareRegistration(
    const Principal* registrar, const Actor& a, const PetitionInput& in) {
  const bool online = registrar == nullptr;
  const Principal nobody;
  const Principal& p = online ? nobody : *registrar;
  const int64_t now = clock_.NowMs();
  // Pure validation first: nothing is read or written for bad input.
  SIXIA_RETURN_IF_ERROR(CheckText(in.title, "title", 1, 100, "标题"));
  SIXIA_RETURN_IF_ERROR(CheckText(in.content, "content", 1, 20000, "内容"));
  SIXIA_RETURN_IF_ERROR(CheckText(in.requests, "requests", 1, 5000, "诉求"));
  SIXIA_RETURN_IF_ERROR(domain::ValidateDivisionCode(in.division_code, "division_code"));
  if (!online && !security::AccessPolicy::InScope(p, in.division_code))
    return Unprocessable("the place is outside your jurisdiction", "事项发生地不在您的管辖范围内",
                         "division_code");
  if (in.anonymous && !in.petitioners.empty())
    return InvalidArgument("an anonymous petition names no petitioners", "匿名信访不登记信访人",
                           "petitioners");
  if (!in.anonymous && in.petitioners.empty())
    return InvalidArgument("at least one petitioner is required (or mark it anonymous)",
                           "请至少登记一名信访人（或标记为匿名）", "petitioners");
  if (in.petitioners.size() > kMaxRepresentatives)
    return Unprocessable("a group sends at most 5 representatives (Art. 20); count the others in group_size",
                         "多人信访应推选不超过5名代表（第二十条），其余人数计入 group_size", "petitioners");
  if (in.group_size < std::max<int>(1, in.petitioners.size()) || in.group_size > 100000)
    return InvalidArgument("group_size must be at least the number of petitioners",
                           "来访人数不能少于登记的信访人数", "group_size");
  if (!in.accused.empty() && in.petition_class != domain::PetitionClass::kAccusation)
    return InvalidArgument("accused persons or units belong to an accusation (检举控告)",
                           "只有检举控告类事项可以登记被反映人或单位", "accused");
  const int64_t received = in.received_at_ms.value_or(now);
  if (received > now || received < now - 366LL * 86'400'000)
    return InvalidArgument("received_at must be within the past year and not in the future",
                           "收件时间须在过去一年内且不能晚于现在", "received_at");
  if (in.reception_day_id && in.channel != domain::Channel::kReceptionDay &&
      in.channel != domain::Channel::kOutreachVisit)
    return InvalidArgument("a petition of a reception day has channel reception_day (outreach_visit for a visit down)",
                           "接访日登记的信访事项，渠道应为“接待日”（下访为“下访”）", "channel");
  for (size_t i = 0; i < in.petitioners.size(); ++i) {
    const PersonInput& person = in.petitioners[i];
    auto check = [&]() -> Status {
      SIXIA_RETURN_IF_ERROR(CheckText(person.name, "name", 1, 50, "信访人姓名"));
      if (!person.id_number.empty())
        SIXIA_RETURN_IF_ERROR(domain::ValidateIdNumber(person.id_number, TodayYmd(now)));
      if (!person.phone.empty()) SIXIA_RETURN_IF_ERROR(domain::ValidatePhone(person.phone));
      SIXIA_RETURN_IF_ERROR(CheckText(person.address, "address", 0, 200, "住址"));
      if (!person.division_code.empty())
        SIXIA_RETURN_IF_ERROR(domain::ValidateDivisionCode(person.division_code, "division_code"));
      return Status::Ok();
    };
    SIXIA_RETURN_IF_ERROR(InElement(check(), "petitioners", i));
  }
  for (size_t i = 0; i < in.accused.size(); ++i) {
    const AccusedInput& acc = in.accused[i];
    const int given = (acc.unit_id ? 1 : 0) + (acc.user_id ? 1 : 0) + (acc.name.empty() ? 0 : 1);
    if (given != 1)
      return InElement(InvalidArgument("each accused entry names exactly one unit_id, user_id or name",
                                       "每个被反映对象只能填写单位、用户或姓名之一"),
                       "accused", i);
    SIXIA_RETURN_IF_ERROR(InElement(CheckText(acc.name, "name", 0, 50, "被反映人姓名"), "accused", i));
  }

  auto r = std::make_shared<Registration>();
  r->online = online;
  r->actor = a;
  // Sealed values and blind indexes (outside the transaction: crypto is CPU work).
  std::vector<store::PetitionerRow>& people = r->people;
  std::vector<std::string> id_indexes, phone_indexes;
  for (const auto& person : in.petitioners) {
    store::PetitionerRow row;
    row.division_code = person.division_code;
    row.name_sealed = cipher_.Encrypt(person.name, kAdName);
    if (!person.id_number.empty()) {
      const std::string id = domain::NormalizeIdNumber(person.id_number);
      row.id_number_sealed = cipher_.Encrypt(id, kAdIdNumber);
      row.id_index = cipher_.BlindIndex("id_number", id);
      id_indexes.push_back(row.id_index);
    }
    if (!person.phone.empty()) {
      const std::string phone = domain::NormalizePhone(person.phone);
      row.phone_sealed = cipher_.Encrypt(phone, kAdPhone);
      row.phone_index = cipher_.BlindIndex("phone", phone);
      phone_indexes.push_back(row.phone_index);
    }
    if (!person.address.empty()) row.address_sealed = cipher_.Encrypt(person.address, kAdAddress);
    row.created_at_ms = now;
    people.push_back(std::move(row));
  }
  const std::string query_code = security::NewQueryCode();

  RegisterResult& result = r->result;
  result.query_code = query_code;
  store::PetitionRow& row = r->row;
  // Lookups in a read snapshot, so the single writer (SQLite group commit) only inserts.
  // What they check (divisions, category versions, units, users) is never deleted.
  SIXIA_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(auto place, tx.divisions().Get(in.division_code));
    if (!place)
      return Unprocessable("the place (division_code) does not exist", "事项发生地行政区划不存在",
                           "division_code");
    row.county_code = domain::CountyOf(place->code, place->level);
    if (online) {
      // A citizen names the village or community (社区) where the matter arose; the county
      // petition bureau there, if the directory has one, is the registering unit.
      if (place->level != domain::DivisionLevel::kVillage)
        return Unprocessable("choose the village or community (村/社区) where the matter arose",
                             "请选择到村（社区）一级", "division_code");
      SIXIA_ASSIGN_OR_RETURN(auto units, tx.directory().ListUnits(
                                             {{row.county_code, row.county_code}}, 500, 0));
      for (const auto& u : units)
        if (u.kind == domain::UnitKind::kPetitionBureau && !u.disabled &&
            u.division_code == row.county_code) {
          row.registering_unit = u.id;
          break;
        }
    }
    if (!in.category_code.empty()) {
      SIXIA_ASSIGN_OR_RETURN(auto version, tx.categories().LatestVersion());
      std::optional<domain::Category> cat;
      if (version) {
        SIXIA_ASSIGN_OR_RETURN(cat, tx.categories().Get(*version, in.category_code));
      }
      if (!cat)
        return Unprocessable("unknown category_code", "问题分类不存在", "category_code");
      row.category_version = version;
      row.category_code = in.category_code;
    }
    for (size_t i = 0; i < people.size(); ++i) {
      auto& person = people[i];
      if (!person.division_code.empty()) {
        SIXIA_ASSIGN_OR_RETURN(auto home, tx.divisions().Get(person.division_code));
        if (!home)
          return InElement(Unprocessable("the petitioner's division_code does not exist",
                                         "信访人住址行政区划不存在", "division_code"),
                           "petitioners", i);
        person.county_code = domain::CountyOf(home->code, home->level);
      } else {
        person.county_code = row.county_code;
      }
    }
    for (const auto& acc : in.accused) {
      if (acc.unit_id) {
        SIXIA_ASSIGN_OR_RETURN(auto unit, tx.directory().GetUnit(*acc.unit_id));
        if (!unit) return Unprocessable("accused unit not found", "被反映单位不存在", "accused");
      }
      if (acc.user_id) {
        SIXIA_ASSIGN_OR_RETURN(auto user, tx.directory().GetUser(*acc.user_id));
        if (!user) return Unprocessable("accused user not found", "被反映人员不存在", "accused");
      }
    }
    for (int64_t uid : in.recused_user_ids) {
      SIXIA_ASSIGN_OR_RETURN(auto user, tx.directory().GetUser(uid));
      if (!user) return Unprocessable("recused user not found", "回避人员不存在", "recused_user_ids");
    }
    if (in.reception_day_id) {
      // The day must be one the caller may see, and the petition received on it.
      SIXIA_ASSIGN_OR_RETURN(auto day, tx.reception().GetDay(*in.reception_day_id));
      if (!day || !security::AccessPolicy::InScope(p, day->division_code))
        return Unprocessable("reception day not found", "接访日不存在", "reception_day_id");
      if (day->visit_down != (in.channel == domain::Channel::kOutreachVisit))
        return InvalidArgument("the channel is reception_day for a reception day and outreach_visit for a visit down",
                               "接访日登记渠道为“接待日”，下访登记渠道为“下访”", "channel");
      if (domain::DateOfMs(received) != domain::DateOfMs(day->held_on_ms))
        return Unprocessable("a petition of a reception day is received on that day",
                             "接访日登记的信访事项，收件日期应为接访当天", "received_at");
      row.reception_day_id = day->id;
    }
    // A citizen is told nothing about other petitions.
    if (!online) {
      SIXIA_ASSIGN_OR_RETURN(result.repeats, Repeats(tx, p, id_indexes, phone_indexes,
                                                     in.division_code, in.category_code, 0));
    }
    return Status::Ok();
  }));

  // Everything that does not need the store is prepared here, outside the single writer:
  // only the inserts, the receipt number's sequence and the audit record run inside it.
  row.channel = domain::ChannelName(in.channel);
  row.petition_class = domain::PetitionClassName(in.petition_class);
  row.title = in.title;
  row.content = in.content;
  row.requests = in.requests;
  row.division_code = in.division_code;
  row.anonymous = in.anonymous;
  row.group_size = in.group_size;
  if (p.user_id) row.registered_by = p.user_id;
  if (p.unit_id) row.registering_unit = p.unit_id;
  for (const auto& acc : in.accused)
    row.parties.push_back({"accused", acc.unit_id, acc.user_id,
                           acc.name.empty() ? "" : cipher_.Encrypt(acc.name, kAdAccusedName)});
  for (int64_t uid : in.recused_user_ids) row.parties.push_back({"recused", std::nullopt, uid, ""});
  row.query_code_hash = security::QueryCodeHash(query_code);
  domain::PetitionEvent& reg = r->event;
  reg.type = Action::kRegister;
  reg.at_ms = received;
  if (p.user_id) reg.actor_user_id = p.user_id;
  reg.channel = in.channel;
  reg.petition_class = in.petition_class;
  PetitionView v;
  SIXIA_RETURN_IF_ERROR(domain::Apply(v.state, reg));
  v.events = {reg};
  row.state = domain::StateName(v.state.state);
  row.received_at_ms = received;
  row.updated_at_ms = now;
  row.event_count = 1;
  v.row = row;
  SIXIA_ASSIGN_OR_RETURN(v.clocks, Clocks(v, now));
  row.next_due_ms = domain::NextDue(v.clocks);
  // No lead unit yet, so no tier: CountedFactsOf would read nothing.
  row.counted = domain::CountFacts(v.state, v.events, v.clocks, received, std::nullopt);
  r->payload = EncodeEventPayload(reg);
  r->year = domain::DateOfMs(received).year;
  r->county6 = row.county_code.empty() ? "000000" : row.county_code.substr(0, 6);
  return r;
}

// The writer's part; may run again for the same registration only after a failed attempt.
Status PetitionService::Insert(store::Tx& tx, Registration& r) const {
  store::PetitionRow& row = r.row;
  row.petitioner_ids.clear();
  for (const auto& person : r.people) {
    SIXIA_ASSIGN_OR_RETURN(int64_t pid, tx.petitions().CreatePetitioner(person));
    row.petitioner_ids.push_back(pid);
  }
  SIXIA_ASSIGN_OR_RETURN(int64_t seq, tx.petitions().NextSequence(
                                          fmt::format("receipt:{}:{}", r.county6, r.year)));
  row.receipt_no = fmt::format("XF{}{}{:06d}", r.county6, r.year, seq);
  SIXIA_ASSIGN_OR_RETURN(r.result.id, tx.petitions().CreatePetition(row));
  r.result.receipt_no = row.receipt_no;
  SIXIA_RETURN_IF_ERROR(tx.petitions().AppendEvent({r.result.id, 1, domain::ActionName(Action::kRegister),
                                                    row.received_at_ms, r.event.actor_user_id,
                                                    r.payload}));
  return audit_.Append(tx, r.actor,
                       {"petition.register", fmt::format("petition:{}", r.result.id),
                        domain::AuditOutcome::kOk,
                        AuditDetail({{"receipt_no", row.receipt_no},
                                     {"channel", row.channel},
                                     {"repeats", r.result.repeats.size()},
                                     {"source", r.online ? "citizen" : "staff"}})});
}

Result<std::vector<RepeatCandidate>> PetitionService::Repeats(
    store::Tx& tx, const Principal& p, const std::vector<std::string>& id_indexes,
    const std::vector<std::string>& phone_indexes, const std::string& division_code,
    const std::string& category_code, int64_t exclude_id) const {
  std::set<int64_t> person_ids;
  for (const auto& idx : id_indexes) {
    SIXIA_ASSIGN_OR_RETURN(auto ids, tx.petitions().FindPetitioners(store::PersonIndex::kIdNumber, idx));
    person_ids.insert(ids.begin(), ids.end());
  }
  for (const auto& idx : phone_indexes) {
    SIXIA_ASSIGN_OR_RETURN(auto ids, tx.petitions().FindPetitioners(store::PersonIndex::kPhone, idx));
    person_ids.insert(ids.begin(), ids.end());
  }
  std::vector<RepeatCandidate> out;
  if (person_ids.empty()) return out;
  SIXIA_ASSIGN_OR_RETURN(auto petition_ids,
                         tx.petitions().PetitionsOf({person_ids.begin(), person_ids.end()}, 50));
  for (int64_t pid : petition_ids) {
    if (pid == exclude_id) continue;
    SIXIA_ASSIGN_OR_RETURN(auto row, tx.petitions().GetPetition(pid, false));
    if (!row) continue;
    // Repeats the caller may not see stay invisible (and still count at acceptance).
    if (!policy_.CanSeePetition(p, FactsOf(*row)).ok()) continue;
    RepeatCandidate c;
    c.id = row->id;
    c.receipt_no = row->receipt_no;
    c.state = row->state;
    c.division_code = row->division_code;
    c.category_code = row->category_code;
    c.received_at_ms = row->received_at_ms;
    c.same_matter = row->division_code == division_code && row->category_code == category_code;
    c.final = row->state == domain::StateName(domain::State::kFinal);
    c.in_handling = InHandling(row->state);
    out.push_back(std::move(c));
  }
  return out;
}

Result<std::vector<RepeatCandidate>> PetitionService::FindRepeats(const Principal& p,
                                                                  const RepeatQuery& q) {
  SIXIA_RETURN_IF_ERROR(security::AccessPolicy::Require(p, Permission::kPetitionRegister));
  std::vector<std::string> ids, phones;
  const int64_t now = clock_.NowMs();
  for (const auto& id : q.id_numbers) {
    SIXIA_RETURN_IF_ERROR(domain::ValidateIdNumber(id, TodayYmd(now)));
    ids.push_back(cipher_.BlindIndex("id_number", domain::NormalizeIdNumber(id)));
  }
  for (const auto& phone : q.phones) {
    SIXIA_RETURN_IF_ERROR(domain::ValidatePhone(phone));
    phones.push_back(cipher_.BlindIndex("phone", domain::NormalizePhone(phone)));
  }
  std::vector<RepeatCandidate> out;
  SIXIA_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(out, Repeats(tx, p, ids, phones, q.division_code, q.category_code, 0));
    return Status::Ok();
  }));
  return out;
}

// ---- Reading --------------------------------------------------------------------------

Result<std::vector<domain::ClockView>> PetitionService::Clocks(const PetitionView& v,
                                                               int64_t now_ms) const {
  domain::ClockSubject subject;
  subject.petition_class =
      domain::PetitionClassFromName(v.row.petition_class).value_or(domain::PetitionClass::kGrievance);
  subject.channel = domain::ChannelFromName(v.row.channel).value_or(domain::Channel::kVisit);
  subject.category_code = v.row.category_code;
  subject.division_code = v.row.division_code;
  subject.anonymous = v.row.anonymous;
  const auto rules = rules_.Current();
  return domain::PetitionClocks(v.events, v.state, subject, *rules.limits, *rules.calendar, now_ms);
}

Result<PersonView> PetitionService::ToPersonView(const store::PetitionerRow& row, bool reveal) const {
  PersonView v;
  v.id = row.id;
  v.division_code = row.division_code;
  v.revealed = reveal;
  auto open = [&](const std::string& sealed, const char* ad) -> Result<std::string> {
    if (sealed.empty()) return std::string();
    return cipher_.Decrypt(sealed, ad);
  };
  SIXIA_ASSIGN_OR_RETURN(std::string name, open(row.name_sealed, kAdName));
  SIXIA_ASSIGN_OR_RETURN(std::string id_number, open(row.id_number_sealed, kAdIdNumber));
  SIXIA_ASSIGN_OR_RETURN(std::string phone, open(row.phone_sealed, kAdPhone));
  SIXIA_ASSIGN_OR_RETURN(std::string address, open(row.address_sealed, kAdAddress));
  if (reveal) {
    v.name = name;
    v.id_number = id_number;
    v.phone = phone;
    v.address = address;
  } else {
    v.name = domain::MaskName(name);
    v.id_number = id_number.empty() ? "" : domain::MaskIdNumber(id_number);
    v.phone = phone.empty() ? "" : domain::MaskPhone(phone);
    v.address = address.empty() ? "" : domain::MaskAddress(address);
  }
  return v;
}

Result<PetitionView> PetitionService::Load(store::Tx& tx, const Principal& p, int64_t id,
                                           bool for_update) const {
  SIXIA_ASSIGN_OR_RETURN(auto row, LoadRow(tx, p, id, for_update));
  PetitionView v;
  v.row = std::move(row);
  SIXIA_RETURN_IF_ERROR(LoadEvents(tx, v));
  SIXIA_ASSIGN_OR_RETURN(auto people, tx.petitions().GetPetitioners(v.row.petitioner_ids));
  for (const auto& person : people) {
    SIXIA_ASSIGN_OR_RETURN(auto pv, ToPersonView(person, false));
    v.petitioners.push_back(std::move(pv));
  }
  for (const auto& party : v.row.parties) {
    PartyView pv{party.relation, party.unit_id, party.user_id, ""};
    if (!party.name_sealed.empty()) {
      SIXIA_ASSIGN_OR_RETURN(auto name, cipher_.Decrypt(party.name_sealed, kAdAccusedName));
      pv.name = domain::MaskName(name);
    }
    v.parties.push_back(std::move(pv));
  }
  if (v.row.category_version && !v.row.category_code.empty()) {
    SIXIA_ASSIGN_OR_RETURN(auto tree, tx.categories().List(*v.row.category_version));
    v.category_path = domain::CategoryPath(tree, v.row.category_code);
  }
  SIXIA_ASSIGN_OR_RETURN(v.overdue, tx.petitions().OverdueOf(id));
  SIXIA_ASSIGN_OR_RETURN(v.attachments, tx.petitions().Attachments(id));
  SIXIA_ASSIGN_OR_RETURN(v.documents, tx.petitions().Documents(id));
  for (auto& d : v.documents) d.body_sealed.clear();
  v.allowed_actions = domain::AllowedActions(v.state);
  return v;
}

Status PetitionService::LoadEvents(store::Tx& tx, PetitionView& v) const {
  SIXIA_ASSIGN_OR_RETURN(auto event_rows, tx.petitions().Events(v.row.id));
  v.events.clear();
  for (const auto& er : event_rows) {
    SIXIA_ASSIGN_OR_RETURN(auto e, DecodeEvent(er));
    v.events.push_back(std::move(e));
  }
  SIXIA_ASSIGN_OR_RETURN(v.state, domain::Fold(v.events));
  return Status::Ok();
}

Result<domain::CountedFacts> PetitionService::CountedFactsOf(store::Tx& tx,
                                                             const PetitionView& v) const {
  std::optional<domain::DivisionLevel> level;
  if (v.state.lead_unit_id) {
    SIXIA_ASSIGN_OR_RETURN(auto unit, tx.directory().GetUnit(*v.state.lead_unit_id));
    if (unit) level = domain::LevelOfCode(unit->division_code);
  }
  return domain::CountFacts(v.state, v.events, v.clocks, v.row.received_at_ms, level);
}

Result<store::PetitionRow> PetitionService::LoadRow(store::Tx& tx, const Principal& p, int64_t id,
                                                    bool for_update) const {
  SIXIA_ASSIGN_OR_RETURN(auto row, tx.petitions().GetPetition(id, for_update));
  if (!row) {
    // The same answer as for a hidden petition, after the same permission check: without
    // any petition permission a missing id must not look different from an existing one.
    if (!security::AccessPolicy::Has(p, Permission::kPetitionRead) &&
        !security::AccessPolicy::Has(p, Permission::kPetitionHandle))
      return PermissionDenied("missing permission petition.read", "缺少权限：petition.read");
    return NotFound("petition not found", "信访事项不存在或不在您的管辖范围内");
  }
  SIXIA_RETURN_IF_ERROR(policy_.CanSeePetition(p, FactsOf(*row)));
  return std::move(*row);
}

Result<PetitionView> PetitionService::Get(const Principal& p, int64_t id) {
  PetitionView v;
  SIXIA_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(v, Load(tx, p, id, false));
    return Status::Ok();
  }));
  SIXIA_ASSIGN_OR_RETURN(v.clocks, Clocks(v, clock_.NowMs()));
  return v;
}

Result<std::vector<store::PetitionRow>> PetitionService::List(const Principal& p,
                                                              const PetitionQuery& q) {
  const bool reader = security::AccessPolicy::Has(p, Permission::kPetitionRead);
  const bool handler = security::AccessPolicy::Has(p, Permission::kPetitionHandle);
  if (!reader && !handler && !security::AccessPolicy::Has(p, Permission::kPetitionApprove))
    return PermissionDenied("missing permission petition.read", "缺少权限：petition.read");
  if (q.limit < 1 || q.limit > 200)
    return InvalidArgument("limit must be 1..200", "limit 取值范围为1到200", "limit");
  store::PetitionFilter f;
  if (reader) {
    if (q.division_code.empty()) {
      f.ranges = ScopeRanges(p);
    } else {
      SIXIA_RETURN_IF_ERROR(domain::ValidateDivisionCode(q.division_code, "division"));
      if (!security::AccessPolicy::InScope(p, q.division_code))
        return NotFound("division outside your jurisdiction", "该区划不在您的管辖范围内", "division");
      std::optional<domain::Division> d;
      SIXIA_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
        SIXIA_ASSIGN_OR_RETURN(d, tx.divisions().Get(q.division_code));
        return Status::Ok();
      }));
      if (!d) return NotFound("division not found", "行政区划不存在", "division");
      f.ranges = {domain::SubtreeRange(d->code, d->level)};
    }
  }
  if (handler && p.unit_id && q.division_code.empty()) f.handling_unit_id = p.unit_id;
  if (q.division_code.empty()) f.owner_user_id = p.user_id;
  f.viewer_user_id = p.user_id;
  f.viewer_unit_id = p.unit_id;
  f.state = q.state;
  f.petition_class = q.petition_class;
  f.channel = q.channel;
  f.category_prefix = q.category_prefix;
  f.received_from_ms = q.received_from_ms;
  f.received_to_ms = q.received_to_ms;
  f.limit = q.limit;
  f.before_id = q.before_id;
  if (q.unit_id < 0) return InvalidArgument("unit must be a unit id", "unit 应为单位编号", "unit");
  f.unit_id = q.unit_id;
  const int64_t now = clock_.NowMs();
  if (q.band == "overdue") {
    f.due_before_ms = now;
  } else if (q.band == "warning") {
    // Due within the next quarter of the longest common limit (15 days): a cheap, indexed
    // approximation; exact bands are on each petition.
    f.due_before_ms = now + 4LL * 86'400'000;
  } else if (!q.band.empty()) {
    return InvalidArgument("band must be overdue or warning", "band 只能是 overdue 或 warning", "band");
  }
  std::vector<store::PetitionRow> out;
  SIXIA_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(out, tx.petitions().List(f));
    return Status::Ok();
  }));
  return out;
}

// ---- Workflow -------------------------------------------------------------------------

Status PetitionService::CheckAcceptable(store::Tx& tx, const Principal& p,
                                        const PetitionView& v) const {
  std::vector<std::string> ids, phones;
  SIXIA_ASSIGN_OR_RETURN(auto people, tx.petitions().GetPetitioners(v.row.petitioner_ids));
  for (const auto& person : people) {
    if (!person.id_index.empty()) ids.push_back(person.id_index);
    if (!person.phone_index.empty()) phones.push_back(person.phone_index);
  }
  // Checked against every earlier petition, also those the caller cannot see.
  SIXIA_ASSIGN_OR_RETURN(auto repeats,
                         Repeats(tx, SystemReader(), ids, phones, v.row.division_code,
                                 v.row.category_code, v.row.id));
  for (const auto& r : repeats) {
    if (!r.same_matter || (!r.final && !r.in_handling)) continue;
    // Name the earlier petition only to a caller who may see it (it may be an accusation
    // hidden from them): its existence must not leak through this refusal.
    std::string named;
    SIXIA_ASSIGN_OR_RETURN(auto other, tx.petitions().GetPetition(r.id, false));
    if (other && policy_.CanSeePetition(p, FactsOf(*other)).ok()) named = r.receipt_no;
    const std::string en_ref = named.empty() ? "" : " (" + named + ")";
    const std::string zh_ref = named.empty() ? "" : "（" + named + "）";
    if (r.final)
      return Unprocessable(
          "the same matter was concluded after re-review" + en_ref +
              "; it is not accepted again (Art. 36)",
          "同一事项已经复核终结" + zh_ref + "，不再受理（第三十六条）", "petition");
    return Unprocessable("the same matter is being handled" + en_ref +
                             "; merge this petition into it instead (Art. 19)",
                         "同一事项正在办理中" + zh_ref + "，不再重复受理，请并单（第十九条）",
                         "petition");
  }
  return Status::Ok();
}

Result<PetitionView> PetitionService::Act(const Principal& p, const Actor& a, int64_t id,
                                          Action action, ActionInput input) {
  if (action == Action::kRegister)
    return InvalidArgument("register is done by POST /api/v1/petitions", "登记请使用登记接口", "action");
  const int64_t now = clock_.NowMs();
  domain::PetitionEvent event = std::move(input);
  event.type = action;
  event.at_ms = now;
  event.actor_user_id = p.user_id ? std::optional<int64_t>(p.user_id) : std::nullopt;
  event.approver_user_id.reset();
  event.approver_is_agency_head = false;
  // Every text within limits; blank is empty, so the workflow's "required" rules never
  // accept "   " (Art. 32).
  const std::pair<const char*, std::string*> texts[] = {
      {"reason", &event.reason},           {"route", &event.route},
      {"request", &event.request},         {"facts", &event.facts},
      {"reasons", &event.reasons},         {"legal_basis", &event.legal_basis},
      {"agreement", &event.agreement},     {"deadline_note", &event.deadline_note},
      {"document_number", &event.document_number}};
  for (const auto& [field, text] : texts) {
    SIXIA_RETURN_IF_ERROR(CheckText(*text, field, 0, 10000, field));
    *text = Trimmed(*text);
  }

  PetitionView v;
  SIXIA_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(v, Load(tx, p, id, true));
    SIXIA_RETURN_IF_ERROR(policy_.CanActOnPetition(p, FactsOf(v.row), security::PermissionForAction(action)));
    // Units and people named by the event must exist.
    std::vector<int64_t> units;
    if (event.lead_unit_id) units.push_back(*event.lead_unit_id);
    units.insert(units.end(), event.assisting_unit_ids.begin(), event.assisting_unit_ids.end());
    for (int64_t u : units) {
      SIXIA_ASSIGN_OR_RETURN(auto unit, tx.directory().GetUnit(u));
      if (!unit || unit->disabled)
        return Unprocessable(fmt::format("unit {} not found", u), fmt::format("单位 {} 不存在", u),
                             "lead_unit_id");
    }
    // Nothing from an accusation may reach the accused (Art. 30 ¶3, Art. 46).
    const auto facts = FactsOf(v.row);
    for (int64_t u : units)
      if (std::find(facts.accused_unit_ids.begin(), facts.accused_unit_ids.end(), u) !=
          facts.accused_unit_ids.end())
        return Unprocessable("an accusation is never sent to the unit it accuses (Art. 30)",
                             "检举控告事项不得转送、交办给被检举控告的单位（第三十条）",
                             "lead_unit_id");
    if (event.owning_leader_user_id) {
      if (std::find(facts.accused_user_ids.begin(), facts.accused_user_ids.end(),
                    *event.owning_leader_user_id) != facts.accused_user_ids.end() ||
          std::find(facts.recused_user_ids.begin(), facts.recused_user_ids.end(),
                    *event.owning_leader_user_id) != facts.recused_user_ids.end())
        return Unprocessable("an accused or recused person cannot own the case (Arts. 28, 30)",
                             "被检举控告人或应回避人员不得包案（第二十八条、第三十条）",
                             "owning_leader_user_id");
      SIXIA_ASSIGN_OR_RETURN(auto leader, tx.directory().GetUser(*event.owning_leader_user_id));
      if (!leader || leader->disabled)
        return Unprocessable("owning leader not found", "包案领导不存在", "owning_leader_user_id");
    }
    if (action == Action::kExtend) {
      // The approver is the caller, who must head the handling agency: a leader of the lead
      // unit or of the unit above it (Art. 34).
      event.approver_user_id = p.user_id;
      bool head = false;
      if (v.row.lead_unit_id && p.unit_id) {
        SIXIA_ASSIGN_OR_RETURN(auto lead, tx.directory().GetUnit(*v.row.lead_unit_id));
        head = p.unit_id == *v.row.lead_unit_id || (lead && lead->parent_id == p.unit_id);
      }
      event.approver_is_agency_head = head;
    }
    if (action == Action::kMerge) {
      if (!event.into_petition_id || *event.into_petition_id == id)
        return Unprocessable("merge needs another petition (into_petition_id)",
                             "并单需要指定另一件信访事项", "into_petition_id");
      SIXIA_ASSIGN_OR_RETURN(auto target, Load(tx, p, *event.into_petition_id, false));
      if (!domain::IsOpen(target.state.state))
        return Unprocessable("the target petition is no longer open", "目标信访事项已办结",
                             "into_petition_id");
    }
    // Taking a matter up (accepting it, or routing it straight from registration) is
    // refused for a final matter (Art. 36) or one already in handling (Art. 19).
    const bool takes_up = action == Action::kAccept ||
                          ((action == Action::kAssign || action == Action::kTransfer) &&
                           v.state.state == domain::State::kRegistered);
    if (takes_up) SIXIA_RETURN_IF_ERROR(CheckAcceptable(tx, p, v));
    return Record(tx, a, v, event, now, nullptr);
  }));
  return v;
}

Status PetitionService::Record(store::Tx& tx, const Actor& a, PetitionView& v,
                               const domain::PetitionEvent& event, int64_t now,
                               const char* source) const {
  SIXIA_ASSIGN_OR_RETURN(auto clocks_before, Clocks(v, now));
  SIXIA_RETURN_IF_ERROR(domain::Apply(v.state, event, domain::WindowsOf(clocks_before)));
  v.events.push_back(event);
  const int64_t expected = v.row.event_count;
  v.row.event_count = v.state.event_count;
  v.row.state = domain::StateName(v.state.state);
  v.row.lead_unit_id = v.state.lead_unit_id;
  v.row.assist_unit_ids = v.state.assisting_unit_ids;
  v.row.owning_leader_id = v.state.owning_leader_user_id;
  v.row.merged_into = v.state.merged_into_petition_id;
  v.row.updated_at_ms = now;
  SIXIA_ASSIGN_OR_RETURN(v.clocks, Clocks(v, now));
  v.row.next_due_ms = domain::NextDue(v.clocks);
  SIXIA_ASSIGN_OR_RETURN(v.row.counted, CountedFactsOf(tx, v));
  SIXIA_RETURN_IF_ERROR(tx.petitions().UpdatePetition(v.row, expected));
  if (event.type == Action::kMerge)
    SIXIA_RETURN_IF_ERROR(tx.petitions().AddMergedIn(*v.state.merged_into_petition_id));
  SIXIA_RETURN_IF_ERROR(tx.petitions().AppendEvent(
      {v.row.id, v.row.event_count, domain::ActionName(event.type), now, event.actor_user_id,
       EncodeEventPayload(event)}));
  for (const auto& c : v.clocks) {
    if (!c.Overdue() || !c.due_ms) continue;
    SIXIA_ASSIGN_OR_RETURN(bool added, tx.petitions().RecordOverdue(
                                           {v.row.id, domain::ClockKindName(c.kind), *c.due_ms, now}));
    (void)added;
  }
  SIXIA_ASSIGN_OR_RETURN(v.overdue, tx.petitions().OverdueOf(v.row.id));
  v.allowed_actions = domain::AllowedActions(v.state);
  nlohmann::json detail = {{"state", v.row.state}, {"seq", v.row.event_count}};
  if (source) detail["source"] = source;
  return audit_.Append(tx, a,
                       {fmt::format("petition.{}", domain::ActionName(event.type)),
                        fmt::format("petition:{}", v.row.id), domain::AuditOutcome::kOk,
                        AuditDetail(detail)});
}

// ---- Citizens: their own petition by receipt number and query code --------------------

Result<store::PetitionRow> PetitionService::RowForCitizen(store::Tx& tx,
                                                          const std::string& receipt_no,
                                                          const std::string& query_code,
                                                          bool for_update) const {
  SIXIA_ASSIGN_OR_RETURN(auto found, tx.petitions().GetByReceipt(receipt_no));
  // The code is checked also when the number is unknown (against a dummy hash): an unknown
  // number and a wrong code take the same work and get the same answer.
  const bool match = security::QueryCodeMatches(query_code, found ? found->query_code_hash : "");
  if (!found || !match) return WrongReceiptOrCode();
  if (!for_update) return std::move(*found);
  SIXIA_ASSIGN_OR_RETURN(auto locked, tx.petitions().GetPetition(found->id, true));
  if (!locked) return WrongReceiptOrCode();
  return std::move(*locked);
}

Result<CitizenView> PetitionService::CitizenViewOf(store::Tx& tx, const PetitionView& v,
                                                   int64_t now) const {
  CitizenView out;
  out.receipt_no = v.row.receipt_no;
  out.title = v.row.title;
  out.petition_class =
      domain::PetitionClassFromName(v.row.petition_class).value_or(domain::PetitionClass::kGrievance);
  out.state = v.state.state;
  out.received_at_ms = v.row.received_at_ms;
  out.anonymous = v.row.anonymous;
  if (v.state.lead_unit_id) {
    SIXIA_ASSIGN_OR_RETURN(auto unit, tx.directory().GetUnit(*v.state.lead_unit_id));
    if (unit) out.handling_unit = unit->name;
  }
  out.timeline = domain::CitizenTimeline(v.events);
  out.opinions = domain::CitizenOpinions(v.events);
  out.latest_rating = v.state.latest_rating;
  out.choices = domain::ChoicesOf(v.state, v.events, domain::WindowsOf(v.clocks), now);
  return out;
}

Result<CitizenView> PetitionService::CitizenLookup(const std::string& receipt_no,
                                                   const std::string& query_code) {
  SIXIA_ASSIGN_OR_RETURN(const std::string receipt, CitizenReceipt(receipt_no, query_code));
  const int64_t now = clock_.NowMs();
  CitizenView out;
  SIXIA_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(auto row, RowForCitizen(tx, receipt, query_code, false));
    PetitionView v;
    v.row = std::move(row);
    SIXIA_RETURN_IF_ERROR(LoadEvents(tx, v));
    SIXIA_ASSIGN_OR_RETURN(v.clocks, Clocks(v, now));
    SIXIA_ASSIGN_OR_RETURN(out, CitizenViewOf(tx, v, now));
    return Status::Ok();
  }));
  return out;
}

Result<CitizenView> PetitionService::CitizenAct(const Actor& a, const std::string& receipt_no,
                                                const std::string& query_code, Action action,
                                                const ActionInput& input) {
  SIXIA_ASSIGN_OR_RETURN(const std::string receipt, CitizenReceipt(receipt_no, query_code));
  const int64_t now = clock_.NowMs();
  // Only what the petitioner says: the rating, or the reason of a 复查/复核 request.
  domain::PetitionEvent event;
  event.type = action;
  event.at_ms = now;
  if (action == Action::kRate) {
    event.resolution = input.resolution;
    event.satisfaction = input.satisfaction;
  } else if (action == Action::kRequestReview || action == Action::kRequestReReview) {
    SIXIA_RETURN_IF_ERROR(CheckText(input.reason, "reason", 0, 2000, "理由"));
    event.reason = Trimmed(input.reason);
  } else {
    return domain::CheckCitizenAction({}, {}, action);  // kInvalidArgument: not theirs.
  }
  CitizenView out;
  SIXIA_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(auto row, RowForCitizen(tx, receipt, query_code, true));
    PetitionView v;
    v.row = std::move(row);
    SIXIA_RETURN_IF_ERROR(LoadEvents(tx, v));
    SIXIA_RETURN_IF_ERROR(domain::CheckCitizenAction(v.state, v.events, action));
    SIXIA_RETURN_IF_ERROR(Record(tx, a, v, event, now, "citizen"));
    SIXIA_ASSIGN_OR_RETURN(out, CitizenViewOf(tx, v, now));
    return Status::Ok();
  }));
  return out;
}

Result<PersonView> PetitionService::Reveal(const Principal& p, const Actor& a, int64_t id,
                                           int64_t petitioner_id, const std::string& reason) {
  SIXIA_RETURN_IF_ERROR(CheckText(reason, "reason", 4, 200, "查看理由"));
  const std::string stated = Trimmed(reason);
  PersonView out;
  SIXIA_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(auto row, LoadRow(tx, p, id, false));
    SIXIA_RETURN_IF_ERROR(security::AccessPolicy::Require(p, Permission::kPersonalDataReveal));
    if (std::find(row.petitioner_ids.begin(), row.petitioner_ids.end(), petitioner_id) ==
        row.petitioner_ids.end())
      return NotFound("petitioner not found in this petition", "该信访事项中没有此信访人",
                      "petitioner_id");
    SIXIA_ASSIGN_OR_RETURN(auto people, tx.petitions().GetPetitioners({petitioner_id}));
    if (people.empty()) return NotFound("petitioner not found", "信访人不存在", "petitioner_id");
    SIXIA_ASSIGN_OR_RETURN(out, ToPersonView(people.front(), true));
    return audit_.Append(tx, a,
                         {"petition.reveal", fmt::format("petition:{}", id),
                          domain::AuditOutcome::kOk,
                          AuditDetail({{"petitioner_id", petitioner_id}, {"reason", stated}})});
  }));
  return out;
}

// ---- Attachments --------------------------------------------------------------------

Result<store::AttachmentRow> PetitionService::AddAttachment(const Principal& p, const Actor& a,
                                                            int64_t id, const std::string& name,
                                                            const std::string& content_type,
                                                            const std::string& bytes) {
  SIXIA_RETURN_IF_ERROR(domain::ValidateAttachmentName(name));
  SIXIA_ASSIGN_OR_RETURN(auto type, domain::CheckAttachment(content_type, bytes, max_attachment_bytes_));
  // Visible and workable for the caller, checked before anything is stored.
  SIXIA_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    SIXIA_RETURN_IF_ERROR(LoadRow(tx, p, id, false).status());  // Visible to the caller.
    if (!security::AccessPolicy::Has(p, Permission::kPetitionRegister) &&
        !security::AccessPolicy::Has(p, Permission::kPetitionDispose) &&
        !security::AccessPolicy::Has(p, Permission::kPetitionHandle))
      return PermissionDenied("missing permission petition.register", "缺少权限：petition.register");
    return Status::Ok();
  }));
  // The file first: a row never names bytes that are not on disk. An orphaned file (the
  // row's transaction failed) is harmless and is reused by the same content later.
  SIXIA_ASSIGN_OR_RETURN(std::string hash, blobs_.Put(bytes));
  store::AttachmentRow row;
  row.petition_id = id;
  row.content_hash = hash;
  row.content_type = domain::AttachmentMimeType(type);
  row.size = static_cast<int64_t>(bytes.size());
  row.file_name = name;
  row.created_at_ms = clock_.NowMs();
  if (p.user_id > 0) row.created_by = p.user_id;
  SIXIA_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(row.id, tx.petitions().AddAttachment(row));
    return audit_.Append(tx, a,
                         {"petition.attach", fmt::format("petition:{}", id), domain::AuditOutcome::kOk,
                          AuditDetail({{"attachment_id", row.id},
                                       {"content_type", row.content_type},
                                       {"size", row.size},
                                       {"sm3", hash}})});
  }));
  return row;
}

Result<AttachmentFile> PetitionService::GetAttachment(const Principal& p, int64_t id,
                                                      int64_t attachment_id) {
  AttachmentFile out;
  SIXIA_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    SIXIA_RETURN_IF_ERROR(LoadRow(tx, p, id, false).status());  // Visible to the caller.
    SIXIA_ASSIGN_OR_RETURN(auto files, tx.petitions().Attachments(id));
    SIXIA_ASSIGN_OR_RETURN(out.row, OneOf(std::move(files), attachment_id,
                                          NotFound("attachment not found", "附件不存在", "attachment_id")));
    return Status::Ok();
  }));
  SIXIA_ASSIGN_OR_RETURN(out.bytes, blobs_.Get(out.row.content_hash));
  return out;
}

// ---- Documents ----------------------------------------------------------------------

Result<DocumentView> PetitionService::IssueDocument(const Principal& p, const Actor& a, int64_t id,
                                                    domain::DocumentKind kind) {
  const bool opinion = kind == domain::DocumentKind::kDecisionNotice ||
                       kind == domain::DocumentKind::kReviewDecision ||
                       kind == domain::DocumentKind::kReReviewDecision;
  DocumentView out;
  const int64_t now = clock_.NowMs();
  SIXIA_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(auto v, Load(tx, p, id, true));
    const auto facts = FactsOf(v.row);
    if (opinion && security::AccessPolicy::Has(p, Permission::kPetitionHandle) &&
        std::find(facts.handling_unit_ids.begin(), facts.handling_unit_ids.end(), p.unit_id) !=
            facts.handling_unit_ids.end()) {
      SIXIA_RETURN_IF_ERROR(policy_.CanActOnPetition(p, facts, Permission::kPetitionHandle));
    } else {
      SIXIA_RETURN_IF_ERROR(policy_.CanActOnPetition(p, facts, Permission::kPetitionDispose));
    }
    SIXIA_ASSIGN_OR_RETURN(auto source, domain::DocumentSource(kind, v.events, v.row.anonymous));
    if (p.unit_id <= 0)
      return Unprocessable("documents are issued by a unit; your account has none",
                           "文书须以单位名义出具，您的账号不属于任何单位", "unit");
    SIXIA_ASSIGN_OR_RETURN(auto unit, tx.directory().GetUnit(p.unit_id));
    if (!unit) return Unprocessable("your unit no longer exists", "您所在的单位不存在", "unit");
    const int year = domain::DateOfMs(now).year;
    SIXIA_ASSIGN_OR_RETURN(int64_t seq, tx.petitions().NextSequence(fmt::format(
                                            "doc:{}:{}:{}", unit->id, domain::DocumentKindName(kind), year)));
    domain::DocumentFacts f;
    f.kind = kind;
    f.number = domain::DocumentNumber(unit->name, kind, year, seq);
    f.issuer = unit->name;
    f.receipt_no = v.row.receipt_no;
    f.title = v.row.title;
    f.received_at_ms = v.row.received_at_ms;
    f.issued_at_ms = now;
    if (!v.row.petitioner_ids.empty()) {
      SIXIA_ASSIGN_OR_RETURN(auto people, tx.petitions().GetPetitioners({v.row.petitioner_ids.front()}));
      if (!people.empty()) {
        SIXIA_ASSIGN_OR_RETURN(f.addressee, cipher_.Decrypt(people.front().name_sealed, kAdName));
      }
    }
    if (kind == domain::DocumentKind::kRoutingNotice && source.lead_unit_id) {
      SIXIA_ASSIGN_OR_RETURN(auto lead, tx.directory().GetUnit(*source.lead_unit_id));
      f.routed_to = lead ? lead->name : "";
    }
    out.html = domain::RenderDocumentHtml(f, source);
    out.row.petition_id = id;
    out.row.kind = domain::DocumentKindName(kind);
    out.row.number = f.number;
    out.row.unit_id = unit->id;
    out.row.issued_at_ms = now;
    if (p.user_id > 0) out.row.issued_by = p.user_id;
    out.row.body_sealed = cipher_.Encrypt(out.html, kAdDocument);
    SIXIA_ASSIGN_OR_RETURN(out.row.id, tx.petitions().AddDocument(out.row));
    return audit_.Append(tx, a,
                         {"petition.document", fmt::format("petition:{}", id), domain::AuditOutcome::kOk,
                          AuditDetail({{"document_id", out.row.id},
                                       {"kind", out.row.kind},
                                       {"number", out.row.number}})});
  }));
  out.row.body_sealed.clear();
  return out;
}

Result<DocumentView> PetitionService::GetDocument(const Principal& p, int64_t id,
                                                  int64_t document_id) {
  DocumentView out;
  SIXIA_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    SIXIA_RETURN_IF_ERROR(LoadRow(tx, p, id, false).status());  // Visible to the caller.
    SIXIA_ASSIGN_OR_RETURN(auto docs, tx.petitions().Documents(id));
    SIXIA_ASSIGN_OR_RETURN(out.row, OneOf(std::move(docs), document_id,
                                          NotFound("document not found", "文书不存在", "document_id")));
    return Status::Ok();
  }));
  SIXIA_ASSIGN_OR_RETURN(out.html, cipher_.Decrypt(out.row.body_sealed, kAdDocument));
  out.row.body_sealed.clear();
  return out;
}

Result<SweepReport> PetitionService::SweepOverdue(const Actor& a, int64_t since_ms) {
  const int64_t now = clock_.NowMs();
  const Principal all = SystemReader();
  SweepReport report;
  int64_t after_id = 0;
  for (;;) {
    std::vector<int64_t> ids;
    SIXIA_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
      const int64_t from = since_ms > 0 ? since_ms : std::numeric_limits<int64_t>::min();
      SIXIA_ASSIGN_OR_RETURN(ids, tx.petitions().DueBetween(from, now, after_id, 200));
      return Status::Ok();
    }));
    if (ids.empty()) break;
    after_id = ids.back();
    SIXIA_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
      for (int64_t id : ids) {
        SIXIA_ASSIGN_OR_RETURN(auto v, Load(tx, all, id, false));
        if (!domain::IsOpen(v.state.state)) continue;
        SIXIA_ASSIGN_OR_RETURN(auto clocks, Clocks(v, now));
        ++report.petitions;
        for (const auto& c : clocks) {
          if (!c.Overdue() || !c.due_ms) continue;
          SIXIA_ASSIGN_OR_RETURN(bool added,
                                 tx.petitions().RecordOverdue(
                                     {id, domain::ClockKindName(c.kind), *c.due_ms, now}));
          report.recorded += added ? 1 : 0;
        }
      }
      return Status::Ok();
    }));
  }
  if (report.recorded > 0)
    SIXIA_RETURN_IF_ERROR(audit_.AppendAlone(
        store_, a,
        {"petition.overdue_sweep", "", domain::AuditOutcome::kOk,
         AuditDetail({{"petitions", report.petitions}, {"recorded", report.recorded}})}));
  return report;
}

Result<int64_t> PetitionService::Recount(const Actor& a, bool all) {
  const int64_t now = clock_.NowMs();
  int64_t after_id = 0, derived = 0;
  for (;;) {
    std::vector<int64_t> ids;
    SIXIA_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
      SIXIA_ASSIGN_OR_RETURN(ids, all ? tx.petitions().Ids(after_id, 500)
                                      : tx.petitions().Uncounted(after_id, 500));
      return Status::Ok();
    }));
    if (ids.empty()) break;
    after_id = ids.back();
    SIXIA_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
      for (int64_t id : ids) {
        SIXIA_ASSIGN_OR_RETURN(auto row, tx.petitions().GetPetition(id, true));
        if (!row) continue;
        PetitionView v;
        v.row = std::move(*row);
        SIXIA_RETURN_IF_ERROR(LoadEvents(tx, v));
        SIXIA_ASSIGN_OR_RETURN(v.clocks, Clocks(v, now));
        v.row.next_due_ms = domain::NextDue(v.clocks);
        SIXIA_ASSIGN_OR_RETURN(v.row.counted, CountedFactsOf(tx, v));
        SIXIA_RETURN_IF_ERROR(tx.petitions().UpdatePetition(v.row, v.row.event_count));
        ++derived;
      }
      return Status::Ok();
    }));
  }
  if (derived > 0)
    SIXIA_RETURN_IF_ERROR(audit_.AppendAlone(
        store_, a,
        {"petition.recount", "", domain::AuditOutcome::kOk,
         AuditDetail({{"petitions", derived}, {"all", all}})}));
  return derived;
}

// ---- Counted results ------------------------------------------------------------------

Result<domain::PetitionMetrics> PetitionService::Metrics(const Principal& p, const MetricsQuery& q) {
  SIXIA_RETURN_IF_ERROR(security::AccessPolicy::Require(p, Permission::kStatisticsRead));
  SIXIA_RETURN_IF_ERROR(domain::ValidateDivisionCode(q.division_code, "division"));
  SIXIA_RETURN_IF_ERROR(CheckPeriod(q.from_ms, q.to_ms));
  if (q.backlog_days < 1 || q.backlog_days > 3650)
    return InvalidArgument("backlog_days must be 1..3650", "积案天数应为1至3650", "backlog_days");
  if (!security::AccessPolicy::InScope(p, q.division_code))
    return NotFound("division outside your jurisdiction", "该区划不在您的管辖范围内", "division");
  const int64_t now = clock_.NowMs();
  std::vector<domain::CountedPetition> petitions;
  SIXIA_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(auto division, tx.divisions().Get(q.division_code));
    if (!division) return NotFound("division not found", "行政区划不存在", "division");
    store::PetitionScan scan{domain::SubtreeRange(division->code, division->level), q.from_ms, q.to_ms};
    return tx.petitions().ScanCounted(
        scan, [&](const domain::CountedPetition& c) { petitions.push_back(c); });
  }));
  return domain::ComputeMetrics(petitions, now, q.backlog_days);
}

// ---- Categories -----------------------------------------------------------------------

Result<CategoryTreeView> PetitionService::ImportCategories(const Principal& p, const Actor& a,
                                                           const std::string& label,
                                                           const std::string& tsv) {
  SIXIA_RETURN_IF_ERROR(security::AccessPolicy::Require(p, Permission::kConfigManage));
  SIXIA_RETURN_IF_ERROR(CheckText(label, "label", 1, 100, "版本说明"));
  SIXIA_ASSIGN_OR_RETURN(auto categories, domain::ParseCategoryTsv(tsv));
  CategoryTreeView out;
  out.categories = std::move(categories);
  const int64_t now = clock_.NowMs();
  SIXIA_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(out.version, tx.categories().AddVersion(label, now, out.categories));
    return audit_.Append(tx, a,
                         {"category.import", fmt::format("categories:{}", out.version),
                          domain::AuditOutcome::kOk,
                          AuditDetail({{"label", label}, {"categories", out.categories.size()}})});
  }));
  return out;
}

Result<CategoryTreeView> PetitionService::Categories(const Principal& p) {
  if (!security::AccessPolicy::Has(p, Permission::kPetitionRegister) &&
      !security::AccessPolicy::Has(p, Permission::kPetitionRead) &&
      !security::AccessPolicy::Has(p, Permission::kPetitionHandle) &&
      !security::AccessPolicy::Has(p, Permission::kConfigManage))
    return PermissionDenied("missing permission petition.read", "缺少权限：petition.read");
  CategoryTreeView out;
  SIXIA_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(auto version, tx.categories().LatestVersion());
    if (!version) return Status::Ok();
    out.version = *version;
    SIXIA_ASSIGN_OR_RETURN(out.categories, tx.categories().List(*version));
    return Status::Ok();
  }));
  return out;
}

}  // namespace sixia::app
