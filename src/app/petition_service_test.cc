// Use-case tests of app::PetitionService on a real App: SQLite in a temporary data folder,
// a manual clock, users with the built-in roles. Every person here is synthetic; ID numbers
// get their check character from domain::IdNumberCheckChar.
#include "app/petition_service.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <iterator>
#include <latch>
#include <optional>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "app/app.h"
#include "app/division_import.h"
#include "app/testing/app_test_base.h"
#include "domain/calendar.h"
#include "domain/person.h"

namespace sixia::app {
namespace {

namespace fs = std::filesystem;
using domain::Action;
using domain::State;

using testing::kCounty;
using testing::kPassword;
using testing::kTown1;
using testing::kTown2;
using testing::kVillage;
constexpr int64_t kHour = domain::kMsPerHour;
constexpr int64_t kDay = domain::kMsPerDay;

// Codes of the category tree loaded by the fixture (numbered in order of appearance).
constexpr char kLandCompensation[] = "01.01.01";
constexpr char kPublicHousing[] = "01.02.01";
constexpr char kWorkStyle[] = "02.01.01";
constexpr char kCategoryTsv[] =
    "level1\tlevel2\tlevel3\n"
    "城乡建设\t土地征收\t补偿安置\n"
    "城乡建设\t住房保障\t公租房分配\n"
    "纪检监察\t违纪违法\t工作作风\n";

// A valid 居民身份证号: the 17 digits plus their check character.
std::string IdNumber(std::string_view first17) {
  return std::string(first17) + domain::IdNumberCheckChar(first17);
}

// 09:00 China time, Monday 2024-03-04: inside the shipped holiday calendar.
int64_t StartMs() { return domain::StartOfDayMs({2024, 3, 4}) + 9 * kHour; }

PersonInput Person(std::string name, std::string id_number, std::string phone) {
  PersonInput p;
  p.name = std::move(name);
  p.id_number = std::move(id_number);
  p.phone = std::move(phone);
  return p;
}

const std::string kZhangId = IdNumber("35092119810808123");  // …1234
constexpr char kZhangPhone[] = "13812345678";

// A 申诉求决 about land compensation in 洪江村, brought by 张伟.
PetitionInput Grievance() {
  PetitionInput in;
  in.channel = domain::Channel::kVisit;
  in.petition_class = domain::PetitionClass::kGrievance;
  in.title = "征地补偿款未足额发放";
  in.content = "本村二〇二二年征地，补偿款至今仅发放一半。";
  in.requests = "要求补发剩余征地补偿款";
  in.category_code = kLandCompensation;
  in.division_code = kVillage;
  in.petitioners = {Person("张伟", kZhangId, kZhangPhone)};
  return in;
}

// A written opinion with every part Art. 32 asks for.
ActionInput Opinion() {
  ActionInput in;
  in.request = "要求补发剩余征地补偿款";
  in.facts = "经核查，剩余补偿款已列入本年度预算";
  in.reasons = "补偿标准符合县政府公布的方案";
  in.outcome = domain::DecisionOutcome::kSupport;
  in.legal_basis = "《中华人民共和国土地管理法》第四十八条";
  return in;
}

ActionInput Rating(domain::Resolution resolution, domain::Satisfaction satisfaction) {
  ActionInput in;
  in.resolution = resolution;
  in.satisfaction = satisfaction;
  return in;
}

ActionInput LeadUnit(int64_t unit_id) {
  ActionInput in;
  in.lead_unit_id = unit_id;
  return in;
}

ActionInput Extension(int days) {
  ActionInput in;
  in.days = days;
  in.reason = "需委托第三方评估";
  return in;
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// A tiny file that passes as PNG by its content: the PNG signature and `tag`, which makes
// each file distinct (files are stored by content hash, so equal bytes share one file).
std::string Png(const std::string& tag) {
  return std::string("\x89PNG\r\n\x1A\n") + "IHDR" + tag;
}

// The statuses a caller who may not see a petition gets: compared with those for a
// petition that does not exist, so that nobody learns a hidden petition exists.
::testing::AssertionResult SameAsMissing(const Status& hidden, const Status& missing) {
  if (hidden.code() != ErrorCode::kNotFound)
    return ::testing::AssertionFailure() << "not 404: " << hidden.ToString();
  if (hidden.code() != missing.code() || hidden.message() != missing.message() ||
      hidden.message_zh() != missing.message_zh() || hidden.field() != missing.field())
    return ::testing::AssertionFailure()
           << "hidden: " << hidden.ToString() << " | missing: " << missing.ToString();
  return ::testing::AssertionSuccess();
}

class PetitionServiceTest : public testing::AppTestBase {
 protected:
  void SetUp() override {
    OpenApp(StartMs());
    if (HasFatalFailure()) return;
    auto tree = app_->petitions().ImportCategories(DirectoryService::CliPrincipal(), cli_,
                                                   "test-tree", kCategoryTsv);
    ASSERT_TRUE(tree.ok()) << tree.status().ToString();

    county_unit_ = MakeUnit("霞浦县人民政府", kCounty);
    t1_unit_ = MakeUnit("长春镇人民政府", kTown1);
    t2_unit_ = MakeUnit("牙城镇人民政府", kTown2);
    // The handling unit sits under the township government: its leaders head the agency.
    handling_unit_ = MakeUnit("长春镇自然资源所", kTown1, t1_unit_);
    accused_unit_ = MakeUnit("长春镇城建办", kTown1, t1_unit_);

    officer_ = MakeUser("officer", t1_unit_, "petition_officer");
    leader_ = MakeUser("leader", t1_unit_, "leader");
    handler_ = MakeUser("handler", handling_unit_, "unit_handler");
    auditor_ = MakeUser("auditor", county_unit_, "audit_admin");
  }

  PetitionService& petitions() { return app_->petitions(); }

  Result<RegisterResult> Register(const PetitionInput& in) {
    return petitions().Register(officer_, As(officer_), in);
  }

  // Registers `in` and returns the new id (0 on failure, which is reported).
  int64_t RegisterOk(const PetitionInput& in) {
    auto r = Register(in);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->id : 0;
  }

  Result<PetitionView> Act(const security::Principal& p, int64_t id, Action action,
                           ActionInput in = {}) {
    return petitions().Act(p, As(p), id, action, std::move(in));
  }

  // Records `action`; a failure describes who tried what and why it was refused.
  ::testing::AssertionResult ActOk(const security::Principal& p, int64_t id, Action action,
                                   ActionInput in = {}) {
    auto r = Act(p, id, action, std::move(in));
    if (!r.ok())
      return ::testing::AssertionFailure()
             << p.username << " " << domain::ActionName(action) << ": " << r.status().ToString();
    return ::testing::AssertionSuccess();
  }

  PetitionView View(int64_t id) {
    auto v = petitions().Get(officer_, id);
    EXPECT_TRUE(v.ok()) << v.status().ToString();
    return v.ok() ? *v : PetitionView{};
  }

  State StateOf(int64_t id) { return View(id).state.state; }
  size_t EventCount(int64_t id) { return View(id).events.size(); }

  int64_t AuditCount() {
    auto r = AuditLog::Verify(app_->store());
    EXPECT_TRUE(r.ok());
    EXPECT_FALSE(r->broken.has_value());
    return r->records;
  }

  std::vector<domain::AuditRecord> AuditRecords(const std::string& action) {
    store::AuditFilter f;
    f.action = action;
    f.limit = 1000;
    auto r = AuditLog::List(app_->store(), auditor_, f);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : std::vector<domain::AuditRecord>{};
  }

  std::vector<int64_t> ListedIds(const security::Principal& p) {
    auto rows = petitions().List(p, {});
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    std::vector<int64_t> ids;
    if (rows.ok())
      for (const auto& r : *rows) ids.push_back(r.id);
    return ids;
  }

  void Advance(int64_t ms) { clock_->Advance(ms); }

  // Closes the app (checkpointing the WAL into the main file), runs `while_closed`, and
  // opens it again on the same data folder at the same time.
  void Reopen(const std::function<void()>& while_closed = {}) {
    const int64_t now = clock_->NowMs();
    app_.reset();
    if (while_closed) while_closed();
    auto clock = std::make_unique<ManualClock>(now);
    clock_ = clock.get();
    auto app = App::Open(options_, std::move(clock));
    ASSERT_TRUE(app.ok()) << app.status().ToString();
    app_ = std::move(app).value();
  }

  // The bytes of the SQLite database files (main file, WAL, …).
  std::string DatabaseBytes() {
    std::string bytes;
    for (const auto& entry : fs::directory_iterator(dir_)) {
      if (entry.path().filename().string().rfind("sixia.db", 0) != 0) continue;
      std::ifstream file(entry.path(), std::ios::binary);
      bytes.append(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
    }
    return bytes;
  }

  // Files in <data>/attachments (0 while the folder does not exist).
  int64_t AttachmentFiles() {
    const fs::path root = dir_ / "attachments";
    std::error_code ec;
    if (!fs::exists(root, ec)) return 0;
    int64_t n = 0;
    for (const auto& entry : fs::recursive_directory_iterator(root))
      if (entry.is_regular_file()) ++n;
    return n;
  }

  Result<store::AttachmentRow> Attach(const security::Principal& p, int64_t id,
                                      const std::string& bytes,
                                      const std::string& content_type = "image/png",
                                      const std::string& name = "现场照片.png") {
    return petitions().AddAttachment(p, As(p), id, name, content_type, bytes);
  }

  Result<DocumentView> Issue(const security::Principal& p, int64_t id,
                             domain::DocumentKind kind) {
    return petitions().IssueDocument(p, As(p), id, kind);
  }

  // Registered, accepted by the township and assigned to the handling unit.
  int64_t ReachAssigned(const PetitionInput& in = Grievance()) {
    const int64_t id = RegisterOk(in);
    Advance(kHour);
    EXPECT_TRUE(ActOk(officer_, id, Action::kAccept));
    EXPECT_TRUE(ActOk(officer_, id, Action::kAssign, LeadUnit(handling_unit_)));
    return id;
  }

  // ReachAssigned, then signed for by the handling unit.
  int64_t ReachHandling(const PetitionInput& in = Grievance()) {
    const int64_t id = ReachAssigned(in);
    Advance(kHour);
    EXPECT_TRUE(ActOk(handler_, id, Action::kSign));
    return id;
  }

  // ReachHandling, then decided and the decision notice delivered.
  int64_t ReachDelivered(const PetitionInput& in = Grievance()) {
    const int64_t id = ReachHandling(in);
    Advance(kDay);
    EXPECT_TRUE(ActOk(handler_, id, Action::kIssueDecision, Opinion()));
    Advance(kHour);
    EXPECT_TRUE(ActOk(officer_, id, Action::kDeliver));
    return id;
  }

  // ReachDelivered, then 复查 requested, issued and delivered, and 复核 requested.
  int64_t ReachReReviewRequested(const PetitionInput& in = Grievance()) {
    const int64_t id = ReachDelivered(in);
    Advance(kDay);
    EXPECT_TRUE(ActOk(officer_, id, Action::kRequestReview));
    Advance(kDay);
    EXPECT_TRUE(ActOk(officer_, id, Action::kIssueReview, Opinion()));
    EXPECT_TRUE(ActOk(officer_, id, Action::kDeliver));
    Advance(kDay);
    EXPECT_TRUE(ActOk(officer_, id, Action::kRequestReReview));
    return id;
  }

  int64_t county_unit_ = 0, t1_unit_ = 0, t2_unit_ = 0, handling_unit_ = 0, accused_unit_ = 0;
  security::Principal officer_, leader_, handler_, auditor_;
};

const domain::ClockView* FindClock(const std::vector<domain::ClockView>& clocks,
                                   domain::ClockKind kind) {
  for (const auto& c : clocks)
    if (c.kind == kind) return &c;
  return nullptr;
}

// ---- Registration ----------------------------------------------------------------------

TEST_F(PetitionServiceTest, RegistrationGivesAReceiptNumberRunningClocksAndAMaskedView) {
  // Given a petition officer of 长春镇 and a valid visit
  const int64_t audit_before = AuditCount();

  // When the visit is registered
  auto r = Register(Grievance());

  // Then it gets the county's first receipt number of the year and a query code
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(std::regex_match(r->receipt_no, std::regex(R"(XF\d{6}\d{4}\d{6})"))) << r->receipt_no;
  EXPECT_EQ(r->receipt_no, "XF3509212024000001");
  EXPECT_FALSE(r->query_code.empty());
  EXPECT_TRUE(r->repeats.empty());
  EXPECT_EQ(AuditCount(), audit_before + 1);
  ASSERT_EQ(AuditRecords("petition.register").size(), 1u);

  // And reading it shows the registered state, the registration clocks and masked people
  auto v = petitions().Get(officer_, r->id);
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->row.state, "registered");
  EXPECT_EQ(v->state.state, State::kRegistered);
  EXPECT_EQ(v->row.receipt_no, r->receipt_no);
  EXPECT_EQ(v->category_path, "城乡建设 / 土地征收 / 补偿安置");
  ASSERT_EQ(v->events.size(), 1u);
  EXPECT_EQ(v->events[0].type, Action::kRegister);
  EXPECT_EQ(v->events[0].at_ms, StartMs());
  ASSERT_NE(FindClock(v->clocks, domain::ClockKind::kDispose), nullptr);
  ASSERT_NE(FindClock(v->clocks, domain::ClockKind::kReceiptNotice), nullptr);
  EXPECT_EQ(FindClock(v->clocks, domain::ClockKind::kDispose)->due_ms,
            domain::StartOfDayMs({2024, 3, 20}));
  EXPECT_EQ(v->row.next_due_ms, domain::StartOfDayMs({2024, 3, 20}));
  ASSERT_EQ(v->petitioners.size(), 1u);
  const PersonView& person = v->petitioners[0];
  EXPECT_EQ(kZhangId, "350921198108081234") << "the synthetic ID number ends in 1234";
  EXPECT_EQ(person.name, "张*");
  EXPECT_EQ(person.id_number, "350921********1234");
  EXPECT_EQ(person.phone, "138****5678");
  EXPECT_FALSE(person.revealed);
}

TEST_F(PetitionServiceTest, ReceiptNumbersCountUpWithinTheCountyAndYear) {
  // Given one registered petition
  ASSERT_NE(RegisterOk(Grievance()), 0);

  // When a second one is registered
  auto second = Register(Grievance());

  // Then its sequence number follows
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->receipt_no, "XF3509212024000002");
}

TEST_F(PetitionServiceTest, AsyncRegistrationAnswersLikeRegister) {
  // Given one petition registered the waiting way
  ASSERT_NE(RegisterOk(Grievance()), 0);
  const int64_t audit_before = AuditCount();

  // When bad input is registered without waiting, it is refused before the call returns
  PetitionInput bad = Grievance();
  bad.title.clear();
  bool refused_at_once = false;
  petitions().RegisterAsync(officer_, As(officer_), bad, [&](Result<RegisterResult> r) {
    refused_at_once = !r.ok() && r.status().code() == ErrorCode::kInvalidArgument &&
                      r.status().field() == "title";
  });
  EXPECT_TRUE(refused_at_once);
  // And someone without the permission is refused too
  std::optional<ErrorCode> denied;
  petitions().RegisterAsync(handler_, As(handler_), Grievance(),
                            [&](Result<RegisterResult> r) { denied = r.status().code(); });
  EXPECT_EQ(denied, ErrorCode::kPermissionDenied);
  EXPECT_EQ(AuditCount(), audit_before);

  // When good input is registered without waiting
  std::promise<Result<RegisterResult>> answered;
  auto later = answered.get_future();
  petitions().RegisterAsync(officer_, As(officer_), Grievance(),
                            [&answered](Result<RegisterResult> r) { answered.set_value(std::move(r)); });
  ASSERT_EQ(later.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  auto r = later.get();

  // Then it is the next receipt number, the same person shows as a repeat, and it was stored
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->receipt_no, "XF3509212024000002");
  EXPECT_FALSE(r->query_code.empty());
  EXPECT_EQ(r->repeats.size(), 1u);
  auto stored = petitions().Get(officer_, r->id);
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  EXPECT_EQ(stored->row.receipt_no, r->receipt_no);
  EXPECT_EQ(AuditCount(), audit_before + 1);
}

TEST_F(PetitionServiceTest, EveryBadInputNamesTheFieldAndWritesNothing) {
  struct Case {
    const char* what;
    std::function<void(PetitionInput&)> spoil;
    ErrorCode code;
    const char* field;
  };
  const std::string wrong_check = kZhangId.substr(0, 17) + (kZhangId.back() == '1' ? "2" : "1");
  const std::vector<Case> cases = {
      {"ID number with a wrong check digit",
       [&](PetitionInput& in) { in.petitioners[0].id_number = wrong_check; },
       ErrorCode::kInvalidArgument, "petitioners[0].id_number"},
      {"a phone that is not a phone", [](PetitionInput& in) { in.petitioners[0].phone = "12345"; },
       ErrorCode::kInvalidArgument, "petitioners[0].phone"},
      {"missing title", [](PetitionInput& in) { in.title.clear(); }, ErrorCode::kInvalidArgument,
       "title"},
      {"missing content", [](PetitionInput& in) { in.content.clear(); },
       ErrorCode::kInvalidArgument, "content"},
      {"missing requests", [](PetitionInput& in) { in.requests.clear(); },
       ErrorCode::kInvalidArgument, "requests"},
      {"six representatives",
       [](PetitionInput& in) {
         in.petitioners.clear();
         for (int i = 0; i < 6; ++i)
           in.petitioners.push_back(Person("代表" + std::to_string(i),
                                           IdNumber("3509211970010100" + std::to_string(i)), ""));
         in.group_size = 30;
       },
       ErrorCode::kUnprocessable, "petitioners"},
      {"anonymous with petitioners", [](PetitionInput& in) { in.anonymous = true; },
       ErrorCode::kInvalidArgument, "petitioners"},
      {"accused on a grievance",
       [&](PetitionInput& in) {
         in.accused = {AccusedInput{accused_unit_, std::nullopt, ""}};
       },
       ErrorCode::kInvalidArgument, "accused"},
      {"place outside the registrar's township",
       [](PetitionInput& in) { in.division_code = kTown2; }, ErrorCode::kUnprocessable,
       "division_code"},
      {"unknown category", [](PetitionInput& in) { in.category_code = "09.09.09"; },
       ErrorCode::kUnprocessable, "category_code"},
  };
  // Given a registrar and no petition yet
  const int64_t audit_before = AuditCount();

  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    PetitionInput in = Grievance();
    c.spoil(in);

    // When the spoilt petition is registered
    auto r = Register(in);

    // Then the error names the field, and never echoes personal data
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), c.code) << r.status().ToString();
    EXPECT_EQ(r.status().field(), c.field) << r.status().ToString();
    EXPECT_FALSE(Contains(r.status().message(), wrong_check));
    EXPECT_FALSE(Contains(r.status().message_zh(), wrong_check));
  }

  // And nothing was written: no audit record, nothing listed, no receipt number used up
  EXPECT_EQ(AuditCount(), audit_before);
  EXPECT_TRUE(ListedIds(officer_).empty());
  auto good = Register(Grievance());
  ASSERT_TRUE(good.ok()) << good.status().ToString();
  EXPECT_EQ(good->receipt_no, "XF3509212024000001");
  EXPECT_TRUE(good->repeats.empty()) << "no petitioner of a refused registration was stored";
}

TEST_F(PetitionServiceTest, PersonalDataIsStoredOnlySealed) {
  // Given a petitioner with a distinctive name, ID number and phone
  const std::string id_number = IdNumber("35092119900315567");
  PetitionInput in = Grievance();
  in.title = "公租房分配不公示测试标题";
  in.category_code = kPublicHousing;
  in.petitioners = {Person("郑晓岚", id_number, "139-0593-1234")};
  in.petitioners[0].address = "福建省霞浦县长春镇洪江村十八号";

  // When the petition is registered
  ASSERT_NE(RegisterOk(in), 0);

  // Then none of the clear values is anywhere in the database files (main file and WAL),
  // while clear non-personal text is (the scan is able to find text)
  auto scan = [&](const char* when) {
    SCOPED_TRACE(when);
    std::string bytes;
    for (const auto& entry : fs::directory_iterator(dir_)) {
      if (entry.path().filename().string().rfind("sixia.db", 0) != 0) continue;
      std::ifstream file(entry.path(), std::ios::binary);
      bytes.append(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
    }
    ASSERT_FALSE(bytes.empty());
    EXPECT_TRUE(Contains(bytes, in.title)) << "control: clear text is found";
    EXPECT_FALSE(Contains(bytes, id_number));
    EXPECT_FALSE(Contains(bytes, "13905931234"));
    EXPECT_FALSE(Contains(bytes, "139-0593-1234"));
    EXPECT_FALSE(Contains(bytes, "郑晓岚"));
    EXPECT_FALSE(Contains(bytes, "长春镇洪江村十八号"));
  };
  scan("while the app is open");
  app_.reset();  // Checkpoints the WAL into the main file.
  scan("after closing");
}

// ---- Repeats -----------------------------------------------------------------------------

TEST_F(PetitionServiceTest, SecondPetitionOfTheSamePersonIsReportedAsTheSameMatter) {
  // Given a petition of 张伟 about land compensation in 洪江村
  auto first = Register(Grievance());
  ASSERT_TRUE(first.ok());

  // When he comes again about the same thing, this time without giving his phone
  PetitionInput again = Grievance();
  again.petitioners[0].phone = "";
  auto second = Register(again);

  // Then the earlier petition is reported as the same matter
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  ASSERT_EQ(second->repeats.size(), 1u);
  EXPECT_EQ(second->repeats[0].id, first->id);
  EXPECT_EQ(second->repeats[0].receipt_no, first->receipt_no);
  EXPECT_TRUE(second->repeats[0].same_matter);
  EXPECT_FALSE(second->repeats[0].final);
  EXPECT_FALSE(second->repeats[0].in_handling);
}

TEST_F(PetitionServiceTest, FindRepeatsMarksSameMatterOnlyForTheSamePlaceAndCategory) {
  // Given a petition of 张伟
  auto first = Register(Grievance());
  ASSERT_TRUE(first.ok());

  // When the registrar looks him up by ID number for the same and another category
  RepeatQuery same{{kZhangId}, {}, kVillage, kLandCompensation};
  RepeatQuery other{{kZhangId}, {}, kVillage, kPublicHousing};
  RepeatQuery by_phone{{}, {"138 1234 5678"}, kVillage, kLandCompensation};
  auto same_r = petitions().FindRepeats(officer_, same);
  auto other_r = petitions().FindRepeats(officer_, other);
  auto phone_r = petitions().FindRepeats(officer_, by_phone);

  // Then both find it, and only the first is the same matter; the phone finds it too
  ASSERT_TRUE(same_r.ok() && other_r.ok() && phone_r.ok());
  ASSERT_EQ(same_r->size(), 1u);
  EXPECT_EQ(same_r->front().id, first->id);
  EXPECT_TRUE(same_r->front().same_matter);
  ASSERT_EQ(other_r->size(), 1u);
  EXPECT_FALSE(other_r->front().same_matter);
  ASSERT_EQ(phone_r->size(), 1u);
  EXPECT_EQ(phone_r->front().id, first->id);
}

// ---- Workflow ----------------------------------------------------------------------------

TEST_F(PetitionServiceTest, WorkflowRunsFromAcceptanceToAReviewRequest) {
  // Given a registered petition
  const int64_t id = RegisterOk(Grievance());
  const int64_t audit_before = AuditCount();

  // When the township accepts it and assigns it to the land office
  Advance(kHour);
  ASSERT_TRUE(ActOk(officer_, id, Action::kAccept));
  EXPECT_EQ(StateOf(id), State::kAccepted);
  ASSERT_TRUE(ActOk(officer_, id, Action::kAssign, LeadUnit(handling_unit_)));
  EXPECT_EQ(StateOf(id), State::kAssigned);
  EXPECT_EQ(View(id).row.lead_unit_id, handling_unit_);

  // And the land office signs for it and issues a decision notice
  Advance(kHour);
  ASSERT_TRUE(ActOk(handler_, id, Action::kSign));
  EXPECT_EQ(StateOf(id), State::kHandling);
  Advance(10 * kDay);
  auto decided = Act(handler_, id, Action::kIssueDecision, Opinion());
  ASSERT_TRUE(decided.ok()) << decided.status().ToString();
  EXPECT_EQ(decided->state.state, State::kDecided);
  EXPECT_EQ(decided->state.decision_outcome, domain::DecisionOutcome::kSupport);

  // And the township delivers it, records the rating and the petitioner asks for a 复查
  Advance(kDay);
  ASSERT_TRUE(ActOk(officer_, id, Action::kDeliver));
  EXPECT_EQ(StateOf(id), State::kDelivered);
  ASSERT_TRUE(ActOk(officer_, id, Action::kRate,
                    Rating(domain::Resolution::kPartlySolved, domain::Satisfaction::kUnsatisfied)));
  Advance(29 * kDay);
  auto review = Act(officer_, id, Action::kRequestReview);

  // Then every step was recorded, audited, and the 复查 clock runs
  ASSERT_TRUE(review.ok()) << review.status().ToString();
  EXPECT_EQ(review->state.state, State::kReviewRequested);
  EXPECT_EQ(review->row.state, "review_requested");
  const PetitionView v = View(id);
  ASSERT_EQ(v.events.size(), 8u);
  EXPECT_EQ(v.row.event_count, 8);
  EXPECT_EQ(v.events.back().type, Action::kRequestReview);
  EXPECT_EQ(v.events.back().actor_user_id, officer_.user_id);
  ASSERT_TRUE(v.state.latest_rating.has_value());
  EXPECT_EQ(v.state.latest_rating->satisfaction, domain::Satisfaction::kUnsatisfied);
  const domain::ClockView* c = FindClock(v.clocks, domain::ClockKind::kReviewDecision);
  ASSERT_NE(c, nullptr);
  EXPECT_TRUE(c->running());
  EXPECT_EQ(v.row.next_due_ms, c->due_ms);
  EXPECT_EQ(AuditCount(), audit_before + 7);
  EXPECT_EQ(AuditRecords("petition.request_review").size(), 1u);
}

TEST_F(PetitionServiceTest, DecisionNoticeWithoutLegalBasisIsRefusedAndChangesNothing) {
  // Given a petition the land office is handling
  const int64_t id = ReachHandling();
  const size_t events_before = EventCount(id);
  const int64_t audit_before = AuditCount();

  // When it issues a decision notice without its legal basis
  ActionInput in = Opinion();
  in.legal_basis.clear();
  auto r = Act(handler_, id, Action::kIssueDecision, in);

  // Then it is 422 naming legal_basis, and nothing changed
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kUnprocessable);
  EXPECT_EQ(r.status().field(), "legal_basis");
  EXPECT_EQ(EventCount(id), events_before);
  EXPECT_EQ(StateOf(id), State::kHandling);
  EXPECT_EQ(AuditCount(), audit_before);
}

TEST_F(PetitionServiceTest, HeadOfTheHandlingAgencyExtendsUpToThirtyDays) {
  // Given a petition the land office is handling (its parent is the township government)
  const int64_t id = ReachHandling();

  // When the township leader grants 20 days
  auto r = Act(leader_, id, Action::kExtend, Extension(20));

  // Then the handling clock is 80 days, and the approver is recorded
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->state.extension_days, 20);
  EXPECT_EQ(r->events.back().approver_user_id, leader_.user_id);
  EXPECT_TRUE(r->events.back().approver_is_agency_head);
  const PetitionView extended = View(id);
  const domain::ClockView* handle = FindClock(extended.clocks, domain::ClockKind::kHandle);
  ASSERT_NE(handle, nullptr);
  EXPECT_EQ(handle->limit, (domain::TimeLimit{80, domain::LimitUnit::kCalendarDays}));
}

TEST_F(PetitionServiceTest, ExtensionBeyondThirtyDaysIsRefused) {
  // Given a petition the land office is handling
  const int64_t id = ReachHandling();
  const size_t events_before = EventCount(id);

  // When the agency head asks for 31 days at once
  auto at_once = Act(leader_, id, Action::kExtend, Extension(31));

  // Then it is 422 on days, and nothing changed
  ASSERT_FALSE(at_once.ok());
  EXPECT_EQ(at_once.status().code(), ErrorCode::kUnprocessable);
  EXPECT_EQ(at_once.status().field(), "days");
  EXPECT_EQ(EventCount(id), events_before);

  // And 20 days then 11 more are refused the same way
  ASSERT_TRUE(ActOk(leader_, id, Action::kExtend, Extension(20)));
  auto more = Act(leader_, id, Action::kExtend, Extension(11));
  ASSERT_FALSE(more.ok());
  EXPECT_EQ(more.status().code(), ErrorCode::kUnprocessable);
  EXPECT_EQ(more.status().field(), "days");
  EXPECT_EQ(EventCount(id), events_before + 1);
}

TEST_F(PetitionServiceTest, ExtensionBySomeoneWhoDoesNotHeadTheHandlingAgencyIsRefused) {
  // Given a petition the land office is handling, and a county leader who can see it but
  // does not head the land office or the township above it
  const int64_t id = ReachHandling();
  const auto county_leader = MakeUser("county.leader", county_unit_, "leader");
  const size_t events_before = EventCount(id);
  ASSERT_TRUE(petitions().Get(county_leader, id).ok());

  // When the county leader grants an extension
  auto r = Act(county_leader, id, Action::kExtend, Extension(10));

  // Then it is 422 because the agency head must approve (Art. 34)
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kUnprocessable);
  EXPECT_EQ(r.status().field(), "approver_is_agency_head");
  EXPECT_EQ(EventCount(id), events_before);
}

TEST_F(PetitionServiceTest, ReviewRequestAfterTheThirtyDayWindowIsRefused) {
  // Given a decision notice delivered
  const int64_t id = ReachDelivered();
  const size_t events_before = EventCount(id);
  const PetitionView delivered = View(id);
  const auto window = FindClock(delivered.clocks, domain::ClockKind::kReviewRequest);
  ASSERT_NE(window, nullptr);
  ASSERT_TRUE(window->due_ms.has_value());

  // When the petitioner asks for a 复查 after the window ended
  Advance(*window->due_ms - clock_->NowMs() + 1);
  auto r = Act(officer_, id, Action::kRequestReview);

  // Then it is 422 naming the window, and nothing changed
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kUnprocessable);
  EXPECT_EQ(r.status().field(), "review_request_until_ms");
  EXPECT_EQ(EventCount(id), events_before);
  EXPECT_EQ(StateOf(id), State::kDelivered);
}

TEST_F(PetitionServiceTest, ReviewRequestOnTheLastMomentOfTheWindowIsAccepted) {
  // Given a decision notice delivered
  const int64_t id = ReachDelivered();
  const PetitionView delivered = View(id);
  const auto window = FindClock(delivered.clocks, domain::ClockKind::kReviewRequest);
  ASSERT_NE(window, nullptr);
  ASSERT_TRUE(window->due_ms.has_value());

  // When the petitioner asks exactly at the end of the window
  Advance(*window->due_ms - clock_->NowMs());
  auto r = Act(officer_, id, Action::kRequestReview);

  // Then it is in time
  ASSERT_TRUE(r.ok()) << r.status().ToString();
}

TEST_F(PetitionServiceTest, SecondReReviewIsRefused) {
  // Given a 复核 already requested
  const int64_t id = ReachReReviewRequested();
  const size_t events_before = EventCount(id);

  // When it is asked for again, before and after the 复核 opinion
  auto again = Act(officer_, id, Action::kRequestReReview);
  Advance(kDay);
  ASSERT_TRUE(ActOk(officer_, id, Action::kIssueReReview, Opinion()));
  auto after_final = Act(officer_, id, Action::kRequestReReview);

  // Then both are refused with the rule of Art. 36, and the matter is final
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), ErrorCode::kUnprocessable);
  EXPECT_EQ(again.status().field(), "re_review_requested_at_ms");
  ASSERT_FALSE(after_final.ok());
  EXPECT_EQ(after_final.status().code(), ErrorCode::kUnprocessable);
  EXPECT_EQ(after_final.status().field(), "re_review_requested_at_ms");
  EXPECT_EQ(StateOf(id), State::kFinal);
  EXPECT_EQ(EventCount(id), events_before + 1);
}

TEST_F(PetitionServiceTest, SameMatterAfterAFinalReReviewIsNotAcceptedAgain) {
  // Given a matter concluded by 复核
  const int64_t concluded = ReachReReviewRequested();
  Advance(kDay);
  ASSERT_TRUE(ActOk(officer_, concluded, Action::kIssueReReview, Opinion()));
  ASSERT_EQ(StateOf(concluded), State::kFinal);

  // When the same petitioner brings the same matter again and it is registered
  Advance(kDay);
  auto again = Register(Grievance());
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  ASSERT_EQ(again->repeats.size(), 1u);
  EXPECT_TRUE(again->repeats[0].final);
  EXPECT_TRUE(again->repeats[0].same_matter);
  const int64_t audit_before = AuditCount();
  auto accepted = Act(officer_, again->id, Action::kAccept);

  // Then acceptance is refused (Art. 36) and the new petition stays registered
  ASSERT_FALSE(accepted.ok());
  EXPECT_EQ(accepted.status().code(), ErrorCode::kUnprocessable);
  EXPECT_EQ(accepted.status().field(), "petition");
  EXPECT_TRUE(Contains(accepted.status().message(), View(concluded).row.receipt_no));
  EXPECT_EQ(StateOf(again->id), State::kRegistered);
  EXPECT_EQ(EventCount(again->id), 1u);
  EXPECT_EQ(AuditCount(), audit_before);
}

TEST_F(PetitionServiceTest, SameMatterInHandlingIsNotAcceptedTwiceButCanBeMerged) {
  // Given the matter of 张伟 accepted and in handling
  const int64_t first = RegisterOk(Grievance());
  Advance(kHour);
  ASSERT_TRUE(ActOk(officer_, first, Action::kAccept));

  // When he raises it again and the new petition is accepted
  Advance(kDay);
  auto again = Register(Grievance());
  ASSERT_TRUE(again.ok());
  ASSERT_EQ(again->repeats.size(), 1u);
  EXPECT_TRUE(again->repeats[0].in_handling);
  auto accepted = Act(officer_, again->id, Action::kAccept);

  // Then acceptance is refused (Art. 19) and merging it into the first works instead
  ASSERT_FALSE(accepted.ok());
  EXPECT_EQ(accepted.status().code(), ErrorCode::kUnprocessable);
  EXPECT_EQ(accepted.status().field(), "petition");
  EXPECT_EQ(StateOf(again->id), State::kRegistered);
  ActionInput merge;
  merge.into_petition_id = first;
  auto merged = Act(officer_, again->id, Action::kMerge, merge);
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();
  EXPECT_EQ(merged->state.state, State::kMerged);
  EXPECT_EQ(merged->row.merged_into, first);
  EXPECT_EQ(StateOf(first), State::kAccepted);
}

TEST_F(PetitionServiceTest, FinalMatterCannotBeAssignedStraightFromRegistrationEither) {
  // Given a matter concluded by 复核, raised again and registered
  const int64_t concluded = ReachReReviewRequested();
  Advance(kDay);
  ASSERT_TRUE(ActOk(officer_, concluded, Action::kIssueReReview, Opinion()));
  Advance(kDay);
  const int64_t again = RegisterOk(Grievance());

  // When it is assigned to a unit without a formal acceptance (交办 from registration)
  auto assigned = Act(officer_, again, Action::kAssign, LeadUnit(handling_unit_));

  // Then the rule of Art. 36 applies as for an acceptance: the same facts are not handled
  // again
  ASSERT_FALSE(assigned.ok()) << "a final matter was routed for handling again";
  EXPECT_EQ(assigned.status().code(), ErrorCode::kUnprocessable);
  EXPECT_EQ(assigned.status().field(), "petition");
  EXPECT_EQ(StateOf(again), State::kRegistered);
}

TEST_F(PetitionServiceTest, MatterInHandlingCannotBeAssignedStraightFromRegistrationEither) {
  // Given the matter of 张伟 accepted, and the same matter registered again
  const int64_t first = RegisterOk(Grievance());
  Advance(kHour);
  ASSERT_TRUE(ActOk(officer_, first, Action::kAccept));
  const int64_t again = RegisterOk(Grievance());

  // When the second is assigned to a unit without a formal acceptance
  auto assigned = Act(officer_, again, Action::kAssign, LeadUnit(handling_unit_));

  // Then it is refused as an acceptance would be (Art. 19): merge it instead
  ASSERT_FALSE(assigned.ok()) << "a matter in handling was routed for handling twice";
  EXPECT_EQ(assigned.status().code(), ErrorCode::kUnprocessable);
  EXPECT_EQ(assigned.status().field(), "petition");
  EXPECT_EQ(StateOf(again), State::kRegistered);
}

TEST_F(PetitionServiceTest, DifferentMatterOfTheSamePersonIsAccepted) {
  // Given the land matter of 张伟 in handling
  const int64_t first = RegisterOk(Grievance());
  Advance(kHour);
  ASSERT_TRUE(ActOk(officer_, first, Action::kAccept));

  // When he brings a housing matter
  PetitionInput housing = Grievance();
  housing.category_code = kPublicHousing;
  housing.title = "公租房分配";
  const int64_t second = RegisterOk(housing);

  // Then it is accepted
  EXPECT_TRUE(ActOk(officer_, second, Action::kAccept));
}

// ---- Confidentiality ---------------------------------------------------------------------

TEST_F(PetitionServiceTest, AccusationIsHiddenFromTheAccusedUnitOutOfScopeAndRecusedUsers) {
  // Given users of every case role in four places: the handling unit (in scope), the
  // accused unit (also in scope), the other township, and recused staff of the handling unit
  enum class Place { kHandlingUnit, kAccusedUnit, kOtherTownship, kRecused };
  struct RoleSpec {
    const char* role;
    bool any_petition_permission;
    bool may_dispose;  // Act(close) reaches the state machine (409) instead of 403; notices.
    bool may_reveal;
    bool may_register;  // FindRepeats.
    bool may_attach;    // AddAttachment: register, dispose or handle.
  };
  const RoleSpec roles[] = {
      {"leader", true, true, false, false, true},
      {"petition_officer", true, true, true, true, true},
      {"unit_handler", true, false, false, false, true},
      {"village_cadre", true, false, false, true, true},
      {"supervisor", true, false, false, false, false},
      {"viewer", false, false, false, false, false},
  };
  const std::pair<Place, const char*> places[] = {{Place::kHandlingUnit, "same"},
                                                  {Place::kAccusedUnit, "accused"},
                                                  {Place::kOtherTownship, "other"},
                                                  {Place::kRecused, "recused"}};
  struct Cell {
    const RoleSpec* spec;
    Place place;
    security::Principal p;
  };
  std::vector<Cell> cells;
  std::vector<int64_t> recused;
  for (const RoleSpec& spec : roles) {
    for (const auto& [place, suffix] : places) {
      const int64_t unit = place == Place::kAccusedUnit     ? accused_unit_
                           : place == Place::kOtherTownship ? t2_unit_
                                                            : handling_unit_;
      cells.push_back(
          {&spec, place, MakeUser(std::string(spec.role) + "." + suffix, unit, spec.role)});
      if (place == Place::kRecused) recused.push_back(cells.back().p.user_id);
    }
  }
  // And an accusation against the 城建办, handled by the land office
  PetitionInput in = Grievance();
  in.petition_class = domain::PetitionClass::kAccusation;
  in.title = "反映城建办工作人员违规收费";
  in.category_code = kWorkStyle;
  in.accused = {AccusedInput{accused_unit_, std::nullopt, ""}};
  in.recused_user_ids = recused;
  const int64_t id = ReachHandling(in);
  ASSERT_EQ(StateOf(id), State::kHandling);
  // And a photo and a receipt notice (受理告知书) of it, by the township's petition office
  const std::string photo = Png("township");
  auto attached = Attach(officer_, id, photo);
  ASSERT_TRUE(attached.ok()) << attached.status().ToString();
  auto notice = Issue(officer_, id, domain::DocumentKind::kReceiptNotice);
  ASSERT_TRUE(notice.ok()) << notice.status().ToString();
  const PetitionView before = View(id);
  const int64_t petitioner_id = before.petitioners.at(0).id;
  constexpr int64_t kMissingId = 987654;

  for (const Cell& cell : cells) {
    const RoleSpec& spec = *cell.spec;
    const bool shown = cell.place == Place::kHandlingUnit && spec.any_petition_permission;
    SCOPED_TRACE(cell.p.username);
    const security::Principal& p = cell.p;
    const PetitionView written_before = View(id);
    const int64_t audit_before = AuditCount();
    const int64_t files_before = AttachmentFiles();

    // When the user calls every petition use case on it
    auto add = Attach(p, id, Png(p.username));  // Distinct bytes: a stored file would show.
    auto file = petitions().GetAttachment(p, id, attached->id);
    auto issue = Issue(p, id, domain::DocumentKind::kReceiptNotice);
    auto doc = petitions().GetDocument(p, id, notice->row.id);
    auto get = petitions().Get(p, id);
    auto list = petitions().List(p, {});
    PetitionQuery here;
    here.division_code = kVillage;
    auto list_here = petitions().List(p, here);
    auto act = Act(p, id, Action::kClose);  // Not allowed in handling: harmless.
    auto reveal = petitions().Reveal(p, As(p), id, petitioner_id, "核实身份信息");
    auto repeats = petitions().FindRepeats(p, {{kZhangId}, {}, kVillage, kWorkStyle});

    // Then it answers as if the petition did not exist unless the user may see it, and
    // 403 only for roles without any petition permission (or for the specific permission)
    if (!spec.any_petition_permission) {
      EXPECT_EQ(get.status().code(), ErrorCode::kPermissionDenied);
      EXPECT_EQ(list.status().code(), ErrorCode::kPermissionDenied);
      EXPECT_EQ(act.status().code(), ErrorCode::kPermissionDenied);
      EXPECT_EQ(reveal.status().code(), ErrorCode::kPermissionDenied);
      EXPECT_EQ(add.status().code(), ErrorCode::kPermissionDenied) << add.status().ToString();
      EXPECT_EQ(file.status().code(), ErrorCode::kPermissionDenied) << file.status().ToString();
      EXPECT_EQ(issue.status().code(), ErrorCode::kPermissionDenied) << issue.status().ToString();
      EXPECT_EQ(doc.status().code(), ErrorCode::kPermissionDenied) << doc.status().ToString();
    } else if (shown) {
      EXPECT_TRUE(get.ok()) << get.status().ToString();
      ASSERT_TRUE(list.ok()) << list.status().ToString();
      EXPECT_EQ(std::count_if(list->begin(), list->end(), [&](auto& r) { return r.id == id; }), 1);
      EXPECT_EQ(act.status().code(),
                spec.may_dispose ? ErrorCode::kConflict : ErrorCode::kPermissionDenied)
          << act.status().ToString();
      if (spec.may_reveal)
        EXPECT_TRUE(reveal.ok()) << reveal.status().ToString();
      else
        EXPECT_EQ(reveal.status().code(), ErrorCode::kPermissionDenied)
            << reveal.status().ToString();
      if (spec.may_attach)
        EXPECT_TRUE(add.ok()) << add.status().ToString();
      else
        EXPECT_EQ(add.status().code(), ErrorCode::kPermissionDenied) << add.status().ToString();
      ASSERT_TRUE(file.ok()) << file.status().ToString();
      EXPECT_EQ(file->bytes, photo);
      // Notices are issued by the petition office (petition.dispose).
      if (spec.may_dispose)
        EXPECT_TRUE(issue.ok()) << issue.status().ToString();
      else
        EXPECT_EQ(issue.status().code(), ErrorCode::kPermissionDenied)
            << issue.status().ToString();
      ASSERT_TRUE(doc.ok()) << doc.status().ToString();
      EXPECT_EQ(doc->html, notice->html);
    } else {
      const Status missing_get = petitions().Get(p, kMissingId).status();
      const Status missing_act = Act(p, kMissingId, Action::kClose).status();
      EXPECT_EQ(get.status().code(), ErrorCode::kNotFound) << get.status().ToString();
      EXPECT_EQ(get.status().message(), missing_get.message());
      ASSERT_TRUE(list.ok()) << list.status().ToString();
      EXPECT_TRUE(std::none_of(list->begin(), list->end(), [&](auto& r) { return r.id == id; }));
      if (list_here.ok())
        EXPECT_TRUE(std::none_of(list_here->begin(), list_here->end(),
                                 [&](auto& r) { return r.id == id; }));
      else
        EXPECT_EQ(list_here.status().code(), ErrorCode::kNotFound) << list_here.status().ToString();
      EXPECT_EQ(act.status().code(), ErrorCode::kNotFound) << act.status().ToString();
      EXPECT_EQ(act.status().message(), missing_act.message());
      EXPECT_EQ(reveal.status().code(), ErrorCode::kNotFound) << reveal.status().ToString();
      EXPECT_TRUE(SameAsMissing(
          add.status(), Attach(p, kMissingId, Png(p.username + ".missing")).status()));
      EXPECT_TRUE(SameAsMissing(file.status(),
                                petitions().GetAttachment(p, kMissingId, attached->id).status()));
      EXPECT_TRUE(SameAsMissing(
          issue.status(), Issue(p, kMissingId, domain::DocumentKind::kReceiptNotice).status()));
      EXPECT_TRUE(SameAsMissing(doc.status(),
                                petitions().GetDocument(p, kMissingId, notice->row.id).status()));
    }
    if (!spec.may_register) {
      EXPECT_EQ(repeats.status().code(), ErrorCode::kPermissionDenied);
    } else {
      ASSERT_TRUE(repeats.ok()) << repeats.status().ToString();
      const bool found =
          std::any_of(repeats->begin(), repeats->end(), [&](auto& r) { return r.id == id; });
      EXPECT_EQ(found, shown);
    }

    // And exactly what succeeded was written: for a hidden petition no attachment row or
    // file, no document and no audit record
    const PetitionView written_after = View(id);
    EXPECT_EQ(written_after.attachments.size(),
              written_before.attachments.size() + (add.ok() ? 1 : 0));
    EXPECT_EQ(AttachmentFiles(), files_before + (add.ok() ? 1 : 0));
    EXPECT_EQ(written_after.documents.size(),
              written_before.documents.size() + (issue.ok() ? 1 : 0));
    EXPECT_EQ(AuditCount(),
              audit_before + (add.ok() ? 1 : 0) + (issue.ok() ? 1 : 0) + (reveal.ok() ? 1 : 0));
  }

  // And every cell was checked, and nothing about the petition changed
  EXPECT_EQ(cells.size(), std::size(roles) * std::size(places));
  EXPECT_EQ(View(id).events.size(), before.events.size());
  EXPECT_EQ(StateOf(id), State::kHandling);
}

TEST_F(PetitionServiceTest, AccusedPersonNeverSeesTheAccusationWhateverTheRole) {
  // Given an accusation naming the township leader personally
  PetitionInput in = Grievance();
  in.petition_class = domain::PetitionClass::kAccusation;
  in.title = "反映镇领导违规插手工程";
  in.category_code = kWorkStyle;
  in.accused = {AccusedInput{std::nullopt, leader_.user_id, ""}};
  const int64_t id = RegisterOk(in);

  // When the leader, who reads everything in the township, looks for it
  auto get = petitions().Get(leader_, id);
  const auto listed = ListedIds(leader_);

  // Then it does not exist for them, while the officer sees it
  EXPECT_EQ(get.status().code(), ErrorCode::kNotFound);
  EXPECT_TRUE(std::find(listed.begin(), listed.end(), id) == listed.end());
  EXPECT_EQ(Act(leader_, id, Action::kAccept).status().code(), ErrorCode::kNotFound);
  EXPECT_TRUE(petitions().Get(officer_, id).ok());
  EXPECT_EQ(View(id).parties.at(0).relation, "accused");
}

TEST_F(PetitionServiceTest, HiddenAccusationIsNotNamedWhenItBlocksAnAcceptance) {
  // Given an accusation of 张伟 against the 城建办, accepted and in handling
  PetitionInput accusation = Grievance();
  accusation.petition_class = domain::PetitionClass::kAccusation;
  accusation.title = "反映城建办工作人员违规收费";
  accusation.category_code = kWorkStyle;
  accusation.accused = {AccusedInput{accused_unit_, std::nullopt, ""}};
  auto hidden = Register(accusation);
  ASSERT_TRUE(hidden.ok());
  Advance(kHour);
  ASSERT_TRUE(ActOk(officer_, hidden->id, Action::kAccept));

  // And a petition officer working in the accused unit, who registers a petition of 张伟
  // about the same place and category
  const auto insider = MakeUser("insider", accused_unit_, "petition_officer");
  PetitionInput mine = Grievance();
  mine.category_code = kWorkStyle;
  auto registered = petitions().Register(insider, As(insider), mine);
  ASSERT_TRUE(registered.ok()) << registered.status().ToString();
  EXPECT_TRUE(registered->repeats.empty()) << "the accusation is not shown as a repeat";

  // When the insider accepts it
  auto accepted = Act(insider, registered->id, Action::kAccept);

  // Then whatever the answer, it does not name the accusation the insider may not see
  // (Art. 30 ¶3)
  EXPECT_FALSE(Contains(accepted.status().message(), hidden->receipt_no))
      << accepted.status().message();
  EXPECT_FALSE(Contains(accepted.status().message_zh(), hidden->receipt_no))
      << accepted.status().message_zh();
}

TEST_F(PetitionServiceTest, AccusationIsNeverRoutedToTheAccusedUnit) {
  // Given an accusation against the 城建办, accepted by the township
  PetitionInput in = Grievance();
  in.petition_class = domain::PetitionClass::kAccusation;
  in.category_code = kWorkStyle;
  in.accused = {AccusedInput{accused_unit_, std::nullopt, ""}};
  const int64_t id = RegisterOk(in);
  Advance(kHour);
  ASSERT_TRUE(ActOk(officer_, id, Action::kAccept));
  const size_t events_before = EventCount(id);

  // When it is assigned to the accused unit, as lead or as assisting unit
  auto lead = Act(officer_, id, Action::kAssign, LeadUnit(accused_unit_));
  ActionInput assisting = LeadUnit(handling_unit_);
  assisting.assisting_unit_ids = {accused_unit_};
  auto assist = Act(officer_, id, Action::kAssign, assisting);

  // Then both are refused (Art. 30 ¶3) and nothing was recorded
  EXPECT_EQ(lead.status().code(), ErrorCode::kUnprocessable) << lead.status().ToString();
  EXPECT_EQ(assist.status().code(), ErrorCode::kUnprocessable) << assist.status().ToString();
  EXPECT_EQ(EventCount(id), events_before);
  EXPECT_EQ(StateOf(id), State::kAccepted);
}

TEST_F(PetitionServiceTest, AdministratorsGetPermissionDeniedForEveryPetitionCall) {
  // Given a petition with a photo and a receipt notice, and the three administrators of
  // the county (三员)
  const int64_t id = ReachHandling();
  const int64_t petitioner_id = View(id).petitioners.at(0).id;
  auto attached = Attach(officer_, id, Png("township"));
  ASSERT_TRUE(attached.ok()) << attached.status().ToString();
  auto notice = Issue(officer_, id, domain::DocumentKind::kReceiptNotice);
  ASSERT_TRUE(notice.ok()) << notice.status().ToString();
  const size_t events_before = EventCount(id);
  const int64_t files_before = AttachmentFiles();
  constexpr int64_t kMissingId = 987654;
  for (const char* role : {"system_admin", "security_admin", "audit_admin"}) {
    SCOPED_TRACE(role);
    const auto admin = MakeUser(std::string(role) + ".x", county_unit_, role);
    const int64_t audit_before = AuditCount();

    // When the administrator calls any petition use case, then every call is 403
    EXPECT_EQ(petitions().Register(admin, As(admin), Grievance()).status().code(),
              ErrorCode::kPermissionDenied);
    EXPECT_EQ(petitions().Get(admin, id).status().code(), ErrorCode::kPermissionDenied);
    EXPECT_EQ(petitions().Get(admin, 987654).status().code(), ErrorCode::kPermissionDenied);
    EXPECT_EQ(petitions().List(admin, {}).status().code(), ErrorCode::kPermissionDenied);
    EXPECT_EQ(Act(admin, id, Action::kClose).status().code(), ErrorCode::kPermissionDenied);
    EXPECT_EQ(Act(admin, id, Action::kIssueDecision, Opinion()).status().code(),
              ErrorCode::kPermissionDenied);
    EXPECT_EQ(
        petitions().Reveal(admin, As(admin), id, petitioner_id, "核实身份信息").status().code(),
        ErrorCode::kPermissionDenied);
    EXPECT_EQ(petitions()
                  .FindRepeats(admin, {{kZhangId}, {}, kVillage, kLandCompensation})
                  .status()
                  .code(),
              ErrorCode::kPermissionDenied);
    // The use cases of attachments, documents and counted results likewise, for an existing
    // and for a missing petition (a different answer would tell that a petition exists)
    for (const int64_t target : {id, kMissingId}) {
      SCOPED_TRACE(target == id ? "existing petition" : "missing petition");
      auto add = Attach(admin, target, Png(role));
      EXPECT_EQ(add.status().code(), ErrorCode::kPermissionDenied) << add.status().ToString();
      auto file = petitions().GetAttachment(admin, target, attached->id);
      EXPECT_EQ(file.status().code(), ErrorCode::kPermissionDenied) << file.status().ToString();
      auto issue = Issue(admin, target, domain::DocumentKind::kReceiptNotice);
      EXPECT_EQ(issue.status().code(), ErrorCode::kPermissionDenied)
          << issue.status().ToString();
      auto doc = petitions().GetDocument(admin, target, notice->row.id);
      EXPECT_EQ(doc.status().code(), ErrorCode::kPermissionDenied) << doc.status().ToString();
    }
    MetricsQuery metrics;
    metrics.division_code = kTown1;
    metrics.from_ms = StartMs() - kDay;
    metrics.to_ms = StartMs() + 30 * kDay;
    EXPECT_TRUE(petitions().Metrics(officer_, metrics).ok()) << "control: the query is valid";
    EXPECT_EQ(petitions().Metrics(admin, metrics).status().code(), ErrorCode::kPermissionDenied);
    EXPECT_EQ(AuditCount(), audit_before);
  }
  // And nothing was written
  EXPECT_EQ(EventCount(id), events_before);
  const PetitionView after = View(id);
  EXPECT_EQ(after.attachments.size(), 1u);
  EXPECT_EQ(after.documents.size(), 1u);
  EXPECT_EQ(AttachmentFiles(), files_before);
}

// ---- Concurrency -------------------------------------------------------------------------

TEST_F(PetitionServiceTest, ConcurrentSignaturesRecordExactlyOne) {
  // Given a petition assigned to the land office
  const int64_t id = ReachAssigned();
  const size_t events_before = EventCount(id);
  const Actor actor = As(handler_);

  // When eight threads sign for it at once
  constexpr int kThreads = 8;
  std::vector<Status> results(kThreads);
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      results[i] = petitions().Act(handler_, actor, id, Action::kSign, {}).status();
    });
  }
  for (auto& t : threads) t.join();

  // Then exactly one wins, the others are told of the conflict, and one event was added
  int ok = 0, conflict = 0;
  for (const Status& s : results) {
    ok += s.ok() ? 1 : 0;
    conflict += s.code() == ErrorCode::kConflict ? 1 : 0;
  }
  EXPECT_EQ(ok, 1);
  EXPECT_EQ(conflict, kThreads - 1);
  EXPECT_EQ(EventCount(id), events_before + 1);
  EXPECT_EQ(StateOf(id), State::kHandling);
}

TEST_F(PetitionServiceTest, ConcurrentSignAndObjectionRecordExactlyOne) {
  // Given a petition assigned to the land office
  const int64_t id = ReachAssigned();
  const size_t events_before = EventCount(id);
  const Actor actor = As(handler_);

  // When four threads sign and four object at once
  constexpr int kThreads = 8;
  std::vector<Status> results(kThreads);
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      ActionInput in;
      if (i % 2 == 1) in.reason = "不属于本所职责";
      start.arrive_and_wait();
      results[i] = petitions()
                       .Act(handler_, actor, id, i % 2 == 0 ? Action::kSign : Action::kObject, in)
                       .status();
    });
  }
  for (auto& t : threads) t.join();

  // Then exactly one of the conflicting actions is recorded
  int ok = 0, conflict = 0;
  for (const Status& s : results) {
    ok += s.ok() ? 1 : 0;
    conflict += s.code() == ErrorCode::kConflict ? 1 : 0;
  }
  EXPECT_EQ(ok, 1);
  EXPECT_EQ(conflict, kThreads - 1);
  EXPECT_EQ(EventCount(id), events_before + 1);
  const State now = StateOf(id);
  EXPECT_TRUE(now == State::kHandling || now == State::kObjected);
}

// ---- Reveal ------------------------------------------------------------------------------

TEST_F(PetitionServiceTest, RevealShowsClearDataForAStatedReasonAndAuditsWithoutIt) {
  // Given a registered petition
  const int64_t id = RegisterOk(Grievance());
  const int64_t petitioner_id = View(id).petitioners.at(0).id;
  const int64_t audit_before = AuditCount();

  // When the officer reveals the petitioner with a four-character reason
  auto r = petitions().Reveal(officer_, As(officer_), id, petitioner_id, "电话回访");

  // Then the clear data is returned and one audit record without it is written
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->revealed);
  EXPECT_EQ(r->name, "张伟");
  EXPECT_EQ(r->id_number, kZhangId);
  EXPECT_EQ(r->phone, kZhangPhone);
  EXPECT_EQ(AuditCount(), audit_before + 1);
  const auto records = AuditRecords("petition.reveal");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].object, "petition:" + std::to_string(id));
  EXPECT_EQ(records[0].actor_id, officer_.user_id);
  EXPECT_TRUE(Contains(records[0].detail, "电话回访")) << records[0].detail;
  EXPECT_FALSE(Contains(records[0].detail, kZhangId));
  EXPECT_FALSE(Contains(records[0].detail, kZhangPhone));
  EXPECT_FALSE(Contains(records[0].detail, "张伟"));
}

TEST_F(PetitionServiceTest, RevealNeedsAReasonOfFourCharactersAndThePermission) {
  // Given a registered petition
  const int64_t id = RegisterOk(Grievance());
  const int64_t petitioner_id = View(id).petitioners.at(0).id;
  const int64_t audit_before = AuditCount();

  // When the officer gives a three-character reason or only white space, and a leader (no
  // reveal permission) a good one
  auto short_reason = petitions().Reveal(officer_, As(officer_), id, petitioner_id, "看一下");
  auto blank_reason =
      petitions().Reveal(officer_, As(officer_), id, petitioner_id, " \u3000 \u3000 ");
  auto no_permission = petitions().Reveal(leader_, As(leader_), id, petitioner_id, "电话回访");

  // Then all are refused and nothing is audited
  EXPECT_EQ(short_reason.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(short_reason.status().field(), "reason");
  EXPECT_EQ(blank_reason.status().code(), ErrorCode::kInvalidArgument)
      << "white space is no reason";
  EXPECT_EQ(blank_reason.status().field(), "reason");
  EXPECT_EQ(no_permission.status().code(), ErrorCode::kPermissionDenied);
  EXPECT_TRUE(petitions().Get(leader_, id).ok()) << "the leader does see the petition";
  EXPECT_EQ(AuditCount(), audit_before);
  EXPECT_TRUE(AuditRecords("petition.reveal").empty());
}

// ---- Attachments -------------------------------------------------------------------------

TEST_F(PetitionServiceTest, AttachmentWhoseContentIsNotItsDeclaredTypeIsRefusedAndNothingStored) {
  struct Case {
    const char* what;
    const char* content_type;
    std::string bytes;
    const char* name;
  };
  const std::vector<Case> cases = {
      {"a PDF declared as PNG", "image/png", "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj\n",
       "照片.png"},
      {"a PNG declared as JPEG", "image/jpeg", Png("jpeg?"), "照片.jpg"},
      {"a JPEG declared as PDF", "application/pdf", "\xFF\xD8\xFF\xE0\x10JFIF", "材料.pdf"},
      {"a script renamed to .png", "image/png", "#!/bin/sh\necho hello\n", "照片.png"},
      {"HTML declared as HTML", "text/html", "<html><script>alert(1)</script></html>", "a.html"},
  };
  // Given a registered petition
  const int64_t id = RegisterOk(Grievance());
  const int64_t audit_before = AuditCount();

  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);

    // When the officer attaches a file whose content is not of its declared type
    auto r = Attach(officer_, id, c.bytes, c.content_type, c.name);

    // Then it is 422 naming content_type
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), ErrorCode::kUnprocessable) << r.status().ToString();
    EXPECT_EQ(r.status().field(), "content_type") << r.status().ToString();
  }

  // And nothing was stored: no file, no row, no audit record
  EXPECT_EQ(AttachmentFiles(), 0);
  EXPECT_TRUE(View(id).attachments.empty());
  EXPECT_EQ(AuditCount(), audit_before);
  EXPECT_TRUE(AuditRecords("petition.attach").empty());

  // And a real PNG is stored (control: the checks above can see a stored file)
  const std::string png = Png("control");
  auto good = Attach(officer_, id, png, "image/png; charset=binary");
  ASSERT_TRUE(good.ok()) << good.status().ToString();
  EXPECT_EQ(good->content_type, "image/png");
  EXPECT_EQ(good->size, static_cast<int64_t>(png.size()));
  EXPECT_EQ(good->file_name, "现场照片.png");
  EXPECT_EQ(AttachmentFiles(), 1);
  ASSERT_EQ(View(id).attachments.size(), 1u);
  EXPECT_EQ(AuditCount(), audit_before + 1);
  EXPECT_EQ(AuditRecords("petition.attach").size(), 1u);
  auto back = petitions().GetAttachment(officer_, id, good->id);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->bytes, png);
}

TEST_F(PetitionServiceTest, OversizedAttachmentIsRefusedAndNothingStored) {
  // Given a registered petition and the largest upload allowed
  const int64_t id = RegisterOk(Grievance());
  const size_t limit = Options().http.upload_limit;
  const int64_t audit_before = AuditCount();

  // When the officer attaches a PNG one byte larger
  std::string big = Png("big");
  big.resize(limit + 1, 'x');
  auto r = Attach(officer_, id, big);

  // Then it is 413, and nothing was stored
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kPayloadTooLarge) << r.status().ToString();
  EXPECT_EQ(AttachmentFiles(), 0);
  EXPECT_TRUE(View(id).attachments.empty());
  EXPECT_EQ(AuditCount(), audit_before);

  // And one of exactly the largest size is accepted
  big.resize(limit);
  auto at_limit = Attach(officer_, id, big);
  ASSERT_TRUE(at_limit.ok()) << at_limit.status().ToString();
  EXPECT_EQ(at_limit->size, static_cast<int64_t>(limit));
  EXPECT_EQ(AttachmentFiles(), 1);
}

// ---- Documents ---------------------------------------------------------------------------

TEST_F(PetitionServiceTest, DocumentsAreNumberedPerUnitKindAndYearAndStoredSealed) {
  // Given two petitions of a petitioner with a distinctive name: one decided by the land
  // office and delivered, one about housing accepted by the township
  const std::string name = "柯雨桐";
  PetitionInput land = Grievance();
  land.title = "征地补偿文书测试标题";
  land.petitioners = {Person(name, IdNumber("35092119850612345"), "13905930001")};
  const int64_t first = ReachDelivered(land);
  PetitionInput housing = land;
  housing.title = "公租房分配文书测试标题";
  housing.category_code = kPublicHousing;
  const int64_t second = RegisterOk(housing);
  Advance(kHour);
  ASSERT_TRUE(ActOk(officer_, second, Action::kAccept));
  const int64_t audit_before = AuditCount();

  // When the township issues the receipt notices of both, and the land office the decision
  // notice (处理意见书) of the first
  auto notice1 = Issue(officer_, first, domain::DocumentKind::kReceiptNotice);
  auto notice2 = Issue(officer_, second, domain::DocumentKind::kReceiptNotice);
  auto decision = Issue(handler_, first, domain::DocumentKind::kDecisionNotice);

  // Then the township's notices have consecutive numbers, and the land office's decision
  // notice is the first of its own kind
  ASSERT_TRUE(notice1.ok()) << notice1.status().ToString();
  ASSERT_TRUE(notice2.ok()) << notice2.status().ToString();
  ASSERT_TRUE(decision.ok()) << decision.status().ToString();
  EXPECT_EQ(notice1->row.number, "长春镇人民政府告〔2024〕1号");
  EXPECT_EQ(notice2->row.number, "长春镇人民政府告〔2024〕2号");
  EXPECT_EQ(decision->row.number, "长春镇自然资源所处〔2024〕1号");
  EXPECT_EQ(notice1->row.kind, "receipt_notice");
  EXPECT_EQ(decision->row.kind, "decision_notice");
  EXPECT_EQ(notice1->row.unit_id, t1_unit_);
  EXPECT_EQ(decision->row.unit_id, handling_unit_);
  EXPECT_EQ(notice1->row.petition_id, first);
  EXPECT_EQ(notice1->row.issued_by, officer_.user_id);
  EXPECT_TRUE(notice1->row.body_sealed.empty()) << "the sealed body stays in the service";

  // And the HTML names the petitioner in clear, with the document's title and number
  EXPECT_TRUE(Contains(notice1->html, name));
  EXPECT_TRUE(Contains(notice1->html, "信访事项受理告知书"));
  EXPECT_TRUE(Contains(notice1->html, notice1->row.number));
  EXPECT_TRUE(Contains(decision->html, name));
  EXPECT_TRUE(Contains(decision->html, Opinion().legal_basis));

  // And the issues were audited without the petitioner's name
  EXPECT_EQ(AuditCount(), audit_before + 3);
  const auto records = AuditRecords("petition.document");
  ASSERT_EQ(records.size(), 3u);
  for (const auto& record : records) EXPECT_FALSE(Contains(record.detail, name)) << record.detail;

  // And the petition lists its documents without their bodies
  const PetitionView v = View(first);
  ASSERT_EQ(v.documents.size(), 2u);
  for (const auto& d : v.documents) EXPECT_TRUE(d.body_sealed.empty());

  // And later, GetDocument returns the same HTML
  Advance(3 * kDay);
  auto later = petitions().GetDocument(officer_, first, notice1->row.id);
  ASSERT_TRUE(later.ok()) << later.status().ToString();
  EXPECT_EQ(later->html, notice1->html);
  EXPECT_EQ(later->row.number, notice1->row.number);
  EXPECT_TRUE(later->row.body_sealed.empty());

  // And neither the name nor the bodies are in the database files in clear (sealed), while
  // clear non-personal text is (the scan is able to find text)
  const std::string body_phrase = "已予受理。我们将依照";
  ASSERT_TRUE(Contains(notice1->html, body_phrase));
  auto scan = [&](const char* when) {
    SCOPED_TRACE(when);
    const std::string bytes = DatabaseBytes();
    ASSERT_FALSE(bytes.empty());
    EXPECT_TRUE(Contains(bytes, land.title)) << "control: clear text is found";
    EXPECT_FALSE(Contains(bytes, name));
    EXPECT_FALSE(Contains(bytes, body_phrase));
    EXPECT_FALSE(Contains(bytes, Opinion().legal_basis + "</p>"));
  };
  scan("while the app is open");
  Reopen([&] { scan("after closing"); });

  // And after reopening, the document still reads the same
  auto reopened = petitions().GetDocument(officer_, first, decision->row.id);
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  EXPECT_EQ(reopened->html, decision->html);
}

TEST_F(PetitionServiceTest, NoticesToAnAnonymousPetitionerAreRefused) {
  // Given an anonymous letter, accepted and decided by the land office
  PetitionInput in = Grievance();
  in.channel = domain::Channel::kLetter;
  in.anonymous = true;
  in.petitioners.clear();
  const int64_t id = ReachHandling(in);
  Advance(kDay);
  ASSERT_TRUE(ActOk(handler_, id, Action::kIssueDecision, Opinion()));
  const int64_t audit_before = AuditCount();

  // When the township issues a receipt notice (受理告知书) and a routing notice
  auto receipt = Issue(officer_, id, domain::DocumentKind::kReceiptNotice);
  auto routing = Issue(officer_, id, domain::DocumentKind::kRoutingNotice);

  // Then both are 422 naming the kind (Art. 23), and nothing was written
  for (const auto* r : {&receipt, &routing}) {
    ASSERT_FALSE(r->ok());
    EXPECT_EQ(r->status().code(), ErrorCode::kUnprocessable) << r->status().ToString();
    EXPECT_EQ(r->status().field(), "kind") << r->status().ToString();
  }
  EXPECT_TRUE(View(id).documents.empty());
  EXPECT_EQ(AuditCount(), audit_before);
  EXPECT_TRUE(AuditRecords("petition.document").empty());

  // And the decision notice, which is not a notice to the petitioner, is still issued
  auto decision = Issue(handler_, id, domain::DocumentKind::kDecisionNotice);
  ASSERT_TRUE(decision.ok()) << decision.status().ToString();
  EXPECT_EQ(decision->row.number, "长春镇自然资源所处〔2024〕1号");
  EXPECT_EQ(View(id).documents.size(), 1u);
}

// ---- Overdue sweep -----------------------------------------------------------------------

TEST_F(PetitionServiceTest, SweepRecordsEachOverdueDutyOnce) {
  // Given one petition left undisposed and another accepted the next day
  const int64_t left = RegisterOk(Grievance());
  PetitionInput housing = Grievance();
  housing.category_code = kPublicHousing;
  const int64_t accepted = RegisterOk(housing);
  Advance(kDay);
  ASSERT_TRUE(ActOk(officer_, accepted, Action::kAccept));
  const Actor sweeper{0, "system:overdue-sweep", "test"};
  auto early = petitions().SweepOverdue(sweeper);
  ASSERT_TRUE(early.ok());
  EXPECT_EQ(early->recorded, 0);

  // When the 15 days of disposal have run out and the sweep runs twice
  Advance(20 * kDay);
  auto first = petitions().SweepOverdue(sweeper);
  auto second = petitions().SweepOverdue(sweeper);

  // Then the first sweep records the two missed duties of the undisposed petition, the
  // second records nothing new
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(first->recorded, 2);
  EXPECT_EQ(second->recorded, 0);
  const PetitionView v = View(left);
  std::vector<std::string> clocks;
  for (const auto& o : v.overdue) {
    clocks.push_back(o.clock);
    EXPECT_EQ(o.due_at_ms, domain::StartOfDayMs({2024, 3, 20}));
  }
  std::sort(clocks.begin(), clocks.end());
  EXPECT_EQ(clocks, (std::vector<std::string>{"dispose", "receipt_notice"}));
  EXPECT_TRUE(View(accepted).overdue.empty());
  EXPECT_EQ(AuditRecords("petition.overdue_sweep").size(), 1u);
}

// ---- Counted results ---------------------------------------------------------------------

TEST_F(PetitionServiceTest, MetricsCountWhatTheEventsRecorded) {
  // Given, on one day, a petition decided by the township's land office, delivered, rated
  // solved and closed; a second one in handling into which two repeats are merged; and a
  // third declined with the route told
  const int64_t solved = ReachDelivered();
  ASSERT_TRUE(ActOk(officer_, solved, Action::kRate,
                    Rating(domain::Resolution::kSolved, domain::Satisfaction::kSatisfied)));
  ASSERT_TRUE(ActOk(officer_, solved, Action::kClose));
  PetitionInput other = Grievance();
  other.category_code = kWorkStyle;
  other.petitioners = {Person("李娜", "", "")};
  other.group_size = 3;
  const int64_t open = ReachHandling(other);
  for (int i = 0; i < 2; ++i) {
    const int64_t repeat = RegisterOk(other);
    ActionInput merge;
    merge.into_petition_id = open;
    ASSERT_TRUE(ActOk(officer_, repeat, Action::kMerge, merge));
  }
  PetitionInput third = Grievance();
  third.petitioners = {Person("王芳", "", "")};
  const int64_t declined = RegisterOk(third);
  ActionInput decline;
  decline.reason = "属于民事纠纷";
  decline.route = "霞浦县人民法院";
  ASSERT_TRUE(ActOk(officer_, declined, Action::kDecline, decline));

  // When the township's figures for that month are counted
  MetricsQuery q;
  q.division_code = kTown1;
  q.from_ms = StartMs() - kDay;
  q.to_ms = StartMs() + 30 * kDay;
  auto m = petitions().Metrics(officer_, q);

  // Then every figure is what the events say
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const domain::Counts& c = m->total;
  EXPECT_EQ(c.received, 5);
  EXPECT_EQ(c.people, 1 + 3 * 3 + 1);
  EXPECT_EQ(c.merged, 2);
  EXPECT_EQ(c.disposed_on_time, 3);
  EXPECT_EQ(c.accepted, 2);
  EXPECT_EQ(c.decided, 1);
  EXPECT_EQ(c.decided_on_time, 1);
  EXPECT_EQ(c.handle_due, 1) << "the open one's handle clock has not fallen due";
  EXPECT_EQ(c.replied, 2);
  EXPECT_EQ(c.delivered, 1);
  EXPECT_EQ(c.rated, 1);
  EXPECT_EQ(c.satisfied, 1);
  EXPECT_EQ(c.solved, 1);
  EXPECT_EQ(c.closed, 1);
  EXPECT_EQ(c.closed_within_30d, 1);
  EXPECT_EQ(c.solved_same_day, 0) << "decided a day after receipt";
  EXPECT_EQ(c.tier_township, 1);
  EXPECT_EQ(c.overdue_now, 0);
  EXPECT_EQ(c.backlog, 1) << "two repeats were merged into the open one";
  EXPECT_EQ(m->by_category.at("01").received, 2);
  EXPECT_EQ(m->by_category.at("02").received, 3);
  EXPECT_EQ(m->by_unit.at(handling_unit_).received, 2);
  EXPECT_EQ(m->by_month.at("2024-03").received, 5);

  // And once the open one's handle clock has run out it counts as due and overdue
  Advance(90 * kDay);
  auto later = petitions().Metrics(officer_, q);
  ASSERT_TRUE(later.ok());
  EXPECT_EQ(later->total.handle_due, 2);
  EXPECT_EQ(later->total.decided_on_time, 1);
  EXPECT_EQ(later->total.overdue_now, 1);
}

TEST_F(PetitionServiceTest, CountedFactsWrittenWithTheEventsEqualThoseDerivedAgain) {
  // Given petitions in several states, one of them overdue
  const int64_t delivered = ReachDelivered();
  ASSERT_TRUE(ActOk(officer_, delivered, Action::kRate,
                    Rating(domain::Resolution::kPartlySolved, domain::Satisfaction::kUnsatisfied)));
  ASSERT_TRUE(ActOk(officer_, delivered, Action::kRedo, [] {
    ActionInput in;
    in.reason = "信访人不满意，重新办理";
    return in;
  }()));
  PetitionInput other = Grievance();  // Another person's matter: not a repeat of the first.
  other.category_code = kWorkStyle;
  other.petitioners = {Person("李娜", "", "")};
  ReachReReviewRequested(other);
  RegisterOk(Grievance());
  Advance(40 * kDay);
  MetricsQuery q;
  q.division_code = kTown1;
  q.from_ms = StartMs() - kDay;
  q.to_ms = StartMs() + 60 * kDay;
  auto written = petitions().Metrics(officer_, q);
  ASSERT_TRUE(written.ok()) << written.status().ToString();

  // When every petition's facts are derived again from its events, and when a store from
  // before the facts existed (all of them NULL) is opened
  auto recounted = petitions().Recount(cli_, true);
  ASSERT_TRUE(recounted.ok()) << recounted.status().ToString();
  auto again = petitions().Metrics(officer_, q);
  Reopen([&] {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((dir_ / "sixia.db").c_str(), &db), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(db, "UPDATE petitions SET counted_flags = NULL, handle_due_at = NULL",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
  });
  auto reopened = petitions().Metrics(officer_, q);

  // Then the figures are the same each time, and each derivation is audited
  EXPECT_EQ(*recounted, 3);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  EXPECT_EQ(written->total.received, 3);
  EXPECT_EQ(written->total.rated, 1);
  EXPECT_EQ(written->total.redone, 1);
  EXPECT_EQ(written->total.overdue_now, 2);
  EXPECT_TRUE(*again == *written);
  EXPECT_TRUE(*reopened == *written);
  EXPECT_EQ(AuditRecords("petition.recount").size(), 2u);
}

// ---- Citizens online (网上信访) ----------------------------------------------------------

// A citizen's online petition about 洪江村 (no staff account involved).
PetitionInput OnlineGrievance() {
  PetitionInput in = Grievance();
  in.channel = domain::Channel::kOnline;
  in.petitioners = {Person("王芳", IdNumber("35092119850520234"), "13905930001")};
  return in;
}

const Actor kCitizen{0, "citizen", "203.0.113.7"};

class PetitionCitizenOnlineTest : public PetitionServiceTest {
 protected:
  Result<RegisterResult> Submit(const PetitionInput& in = OnlineGrievance()) {
    return petitions().SubmitOnline(kCitizen, in);
  }

  RegisterResult SubmitOk(const PetitionInput& in = OnlineGrievance()) {
    auto r = Submit(in);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : RegisterResult{};
  }

  // Submitted online, then accepted, assigned, signed, decided and delivered by staff.
  RegisterResult SubmitAndDeliver() {
    RegisterResult r = SubmitOk();
    Advance(kHour);
    EXPECT_TRUE(ActOk(officer_, r.id, Action::kAccept));
    EXPECT_TRUE(ActOk(officer_, r.id, Action::kAssign, LeadUnit(handling_unit_)));
    Advance(kHour);
    EXPECT_TRUE(ActOk(handler_, r.id, Action::kSign));
    Advance(kDay);
    EXPECT_TRUE(ActOk(handler_, r.id, Action::kIssueDecision, Opinion()));
    Advance(kHour);
    EXPECT_TRUE(ActOk(officer_, r.id, Action::kDeliver));
    return r;
  }

  Result<CitizenView> Lookup(const std::string& receipt, const std::string& code) {
    return petitions().CitizenLookup(receipt, code);
  }

  Result<CitizenView> CitizenAct(const RegisterResult& r, Action action, ActionInput in = {}) {
    return petitions().CitizenAct(kCitizen, r.receipt_no, r.query_code, action, in);
  }
};

TEST_F(PetitionCitizenOnlineTest, CitizenSubmitsOnlineAndTheCountyPetitionBureauIsTheRegisteringUnit) {
  // Given a county petition bureau, and an earlier petition of the same person
  auto bureau = app_->directory().CreateUnit(DirectoryService::CliPrincipal(), cli_,
                                             {"霞浦县信访局", domain::UnitKind::kPetitionBureau,
                                              kCounty, county_unit_});
  ASSERT_TRUE(bureau.ok()) << bureau.status().ToString();
  PetitionInput earlier = OnlineGrievance();
  earlier.channel = domain::Channel::kVisit;
  ASSERT_NE(RegisterOk(earlier), 0);
  const int64_t audit_before = AuditCount();

  // When a citizen submits online (the registrar's fields set as well)
  PetitionInput in = OnlineGrievance();
  in.channel = domain::Channel::kVisit;
  in.group_size = 40;
  in.recused_user_ids = {handler_.user_id};
  auto r = Submit(in);

  // Then it gets a receipt number and a code of 16 base32 characters, and no repeats
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->receipt_no, "XF3509212024000002");
  EXPECT_TRUE(std::regex_match(r->query_code, std::regex("[0-9A-Z]{4}(-[0-9A-Z]{4}){3}"))) << r->query_code;
  EXPECT_TRUE(r->repeats.empty()) << "a citizen learns nothing about other petitions";

  // And it is an online petition of the bureau, registered by nobody, with no actor
  const PetitionView v = View(r->id);
  EXPECT_EQ(v.row.channel, "online");
  EXPECT_EQ(v.row.group_size, 1);
  EXPECT_TRUE(v.row.parties.empty());
  EXPECT_FALSE(v.row.registered_by.has_value());
  EXPECT_EQ(v.row.registering_unit, bureau->id);
  ASSERT_EQ(v.events.size(), 1u);
  EXPECT_FALSE(v.events[0].actor_user_id.has_value());
  EXPECT_EQ(v.state.state, State::kRegistered);
  ASSERT_EQ(v.petitioners.size(), 1u);
  EXPECT_EQ(v.petitioners[0].name, "王*");

  // And the audit record names the citizen and no personal data
  EXPECT_EQ(AuditCount(), audit_before + 1);
  const auto records = AuditRecords("petition.register");
  ASSERT_FALSE(records.empty());
  const auto& rec = records.back();
  EXPECT_EQ(rec.actor, "citizen");
  EXPECT_EQ(rec.actor_id, 0);
  EXPECT_TRUE(Contains(rec.detail, "\"source\":\"citizen\"")) << rec.detail;
  EXPECT_TRUE(Contains(rec.detail, r->receipt_no));
  for (const char* secret : {"王芳", "13905930001", "350921198505202"})
    EXPECT_FALSE(Contains(rec.detail, secret)) << rec.detail;
}

TEST_F(PetitionCitizenOnlineTest, WithoutACountyPetitionBureauThereIsNoRegisteringUnit) {
  const RegisterResult r = SubmitOk();
  EXPECT_FALSE(View(r.id).row.registering_unit.has_value());
}

TEST_F(PetitionCitizenOnlineTest, AnonymousCitizenStillGetsAReceiptNumberAndACode) {
  PetitionInput in = OnlineGrievance();
  in.anonymous = true;
  in.petitioners.clear();
  const RegisterResult r = SubmitOk(in);
  auto v = Lookup(r.receipt_no, r.query_code);
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_TRUE(v->anonymous);
}

TEST_F(PetitionCitizenOnlineTest, EveryBadSubmissionNamesTheFieldAndWritesNothing) {
  struct Case {
    const char* what;
    std::function<void(PetitionInput&)> spoil;
    ErrorCode code;
    const char* field;
  };
  const std::vector<Case> cases = {
      {"missing title", [](PetitionInput& in) { in.title = "  "; }, ErrorCode::kInvalidArgument,
       "title"},
      {"bad ID number",
       [](PetitionInput& in) { in.petitioners[0].id_number = "350921198505202340"; },
       ErrorCode::kInvalidArgument, "petitioners[0].id_number"},
      {"no petitioner and not anonymous", [](PetitionInput& in) { in.petitioners.clear(); },
       ErrorCode::kInvalidArgument, "petitioners"},
      {"two petitioners",
       [](PetitionInput& in) { in.petitioners.push_back(Person("李娜", "", "")); },
       ErrorCode::kInvalidArgument, "petitioners"},
      {"a township instead of a village", [](PetitionInput& in) { in.division_code = kTown1; },
       ErrorCode::kUnprocessable, "division_code"},
      {"a village that does not exist",
       [](PetitionInput& in) { in.division_code = "350921101299"; }, ErrorCode::kUnprocessable,
       "division_code"},
      {"unknown category", [](PetitionInput& in) { in.category_code = "09.09.09"; },
       ErrorCode::kUnprocessable, "category_code"},
  };
  const int64_t audit_before = AuditCount();
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    PetitionInput in = OnlineGrievance();
    c.spoil(in);
    auto r = Submit(in);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), c.code) << r.status().ToString();
    EXPECT_EQ(r.status().field(), c.field) << r.status().ToString();
    EXPECT_FALSE(Contains(r.status().message_zh(), "350921198505202340"));
  }
  EXPECT_EQ(AuditCount(), audit_before);
  EXPECT_TRUE(ListedIds(officer_).empty());
  EXPECT_EQ(SubmitOk().receipt_no, "XF3509212024000001") << "no receipt number was used up";
}

TEST_F(PetitionCitizenOnlineTest, UnknownReceiptNumberAndWrongCodeGetTheSameAnswer) {
  // Given a petition submitted online
  const RegisterResult r = SubmitOk();

  // When the citizen looks it up with its code, typed loosely
  std::string loose = r.query_code;
  for (char& ch : loose) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  auto ok = Lookup(" " + std::string("xf") + r.receipt_no.substr(2) + " ", loose);

  // Then they see it
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->receipt_no, r.receipt_no);
  EXPECT_EQ(ok->state, State::kRegistered);
  EXPECT_EQ(ok->title, OnlineGrievance().title);
  ASSERT_EQ(ok->timeline.size(), 1u);
  EXPECT_EQ(ok->timeline[0].type, Action::kRegister);
  EXPECT_FALSE(ok->choices.can_rate);
  EXPECT_FALSE(ok->choices.can_request_review);

  // And a wrong code, an unknown number and another petition's code all get the same 404
  const RegisterResult other = SubmitOk();
  std::string wrong = r.query_code;
  wrong[0] = wrong[0] == 'A' ? 'B' : 'A';
  auto bad_code = Lookup(r.receipt_no, wrong);
  auto unknown = Lookup("XF3509212024999999", r.query_code);
  auto crossed = Lookup(r.receipt_no, other.query_code);
  ASSERT_FALSE(bad_code.ok());
  EXPECT_TRUE(SameAsMissing(bad_code.status(), unknown.status()));
  EXPECT_TRUE(SameAsMissing(crossed.status(), unknown.status()));
  EXPECT_TRUE(unknown.status().field().empty());

  // And empty inputs are 400 naming the field
  EXPECT_EQ(Lookup("", r.query_code).status().field(), "receipt_no");
  EXPECT_EQ(Lookup(r.receipt_no, " ").status().field(), "query_code");
  EXPECT_EQ(Lookup(r.receipt_no, std::string(65, 'A')).status().code(), ErrorCode::kInvalidArgument);
}

TEST_F(PetitionCitizenOnlineTest, StaffRegisteredPetitionCanBeFollowedWithItsCodeToo) {
  auto r = Register(Grievance());
  ASSERT_TRUE(r.ok());
  auto v = Lookup(r->receipt_no, r->query_code);
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->receipt_no, r->receipt_no);
}

TEST_F(PetitionCitizenOnlineTest, CitizenSeesTheDecisionRatesItOnceAndAsksForAReview) {
  // Given a petition submitted online, handled and its decision notice delivered
  const RegisterResult r = SubmitAndDeliver();

  // When the citizen looks it up
  auto v = Lookup(r.receipt_no, r.query_code);

  // Then they see the state, the handling unit, a timeline without staff, the decision,
  // and that they may rate it and ask for a 复查 until the window ends
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->state, State::kDelivered);
  EXPECT_EQ(v->handling_unit, "长春镇自然资源所");
  std::vector<Action> steps;
  for (const auto& s : v->timeline) steps.push_back(s.type);
  EXPECT_EQ(steps, (std::vector<Action>{Action::kRegister, Action::kAccept, Action::kAssign,
                                        Action::kSign, Action::kIssueDecision, Action::kDeliver}));
  ASSERT_EQ(v->opinions.size(), 1u);
  EXPECT_EQ(v->opinions[0].outcome, domain::DecisionOutcome::kSupport);
  EXPECT_EQ(v->opinions[0].legal_basis, Opinion().legal_basis);
  EXPECT_TRUE(v->choices.can_rate);
  EXPECT_TRUE(v->choices.can_request_review);
  const auto window = FindClock(View(r.id).clocks, domain::ClockKind::kReviewRequest);
  ASSERT_NE(window, nullptr);
  EXPECT_EQ(v->choices.review_request_until_ms, window->due_ms);

  // When the citizen rates it
  const int64_t audit_before = AuditCount();
  auto rated = CitizenAct(r, Action::kRate,
                          Rating(domain::Resolution::kPartlySolved, domain::Satisfaction::kBasicallySatisfied));

  // Then the rating is the petition's latest, recorded without an actor and audited as theirs
  ASSERT_TRUE(rated.ok()) << rated.status().ToString();
  EXPECT_FALSE(rated->choices.can_rate);
  ASSERT_TRUE(rated->latest_rating.has_value());
  EXPECT_EQ(rated->latest_rating->satisfaction, domain::Satisfaction::kBasicallySatisfied);
  const PetitionView after = View(r.id);
  EXPECT_EQ(after.state.latest_rating, rated->latest_rating);
  EXPECT_EQ(after.events.back().type, Action::kRate);
  EXPECT_FALSE(after.events.back().actor_user_id.has_value());
  EXPECT_EQ(AuditCount(), audit_before + 1);
  const auto rec = AuditRecords("petition.rate");
  ASSERT_EQ(rec.size(), 1u);
  EXPECT_EQ(rec[0].actor, "citizen");
  EXPECT_EQ(rec[0].source, "203.0.113.7");
  EXPECT_TRUE(Contains(rec[0].detail, "\"source\":\"citizen\"")) << rec[0].detail;

  // And a second rating of the same result is 409, changing nothing
  auto again = CitizenAct(r, Action::kRate,
                          Rating(domain::Resolution::kSolved, domain::Satisfaction::kSatisfied));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), ErrorCode::kConflict);
  EXPECT_EQ(EventCount(r.id), after.events.size());

  // When they ask for a 复查 within the window
  Advance(10 * kDay);
  ActionInput reason;
  reason.reason = "补偿款数额计算有误";
  auto review = CitizenAct(r, Action::kRequestReview, reason);

  // Then it is recorded; a second request is refused with the rule (422)
  ASSERT_TRUE(review.ok()) << review.status().ToString();
  EXPECT_EQ(review->state, State::kReviewRequested);
  EXPECT_FALSE(review->choices.can_request_review);
  EXPECT_EQ(View(r.id).events.back().reason, "补偿款数额计算有误");
  auto second = CitizenAct(r, Action::kRequestReview);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), ErrorCode::kUnprocessable);
  EXPECT_EQ(second.status().field(), "review_requested_at_ms");
}

TEST_F(PetitionCitizenOnlineTest, ReviewRequestAfterTheWindowIsRefusedAndChangesNothing) {
  const RegisterResult r = SubmitAndDeliver();
  auto v = Lookup(r.receipt_no, r.query_code);
  ASSERT_TRUE(v.ok() && v->choices.review_request_until_ms.has_value());
  Advance(*v->choices.review_request_until_ms - clock_->NowMs() + 1);
  const int64_t audit_before = AuditCount();
  const size_t events_before = EventCount(r.id);

  auto late = Lookup(r.receipt_no, r.query_code);
  ASSERT_TRUE(late.ok());
  EXPECT_FALSE(late->choices.can_request_review);
  EXPECT_EQ(late->choices.review_request_until_ms, v->choices.review_request_until_ms);
  auto review = CitizenAct(r, Action::kRequestReview);
  ASSERT_FALSE(review.ok());
  EXPECT_EQ(review.status().code(), ErrorCode::kUnprocessable);
  EXPECT_EQ(review.status().field(), "review_request_until_ms");
  EXPECT_EQ(AuditCount(), audit_before);
  EXPECT_EQ(EventCount(r.id), events_before);
}

TEST_F(PetitionCitizenOnlineTest, NothingCanBeRatedBeforeDeliveryAndStaffActionsAreNotTheCitizens) {
  const RegisterResult r = SubmitOk();
  const int64_t audit_before = AuditCount();
  auto rate = CitizenAct(r, Action::kRate,
                         Rating(domain::Resolution::kSolved, domain::Satisfaction::kSatisfied));
  ASSERT_FALSE(rate.ok());
  EXPECT_EQ(rate.status().code(), ErrorCode::kConflict);
  EXPECT_TRUE(Contains(rate.status().message_zh(), "登记")) << rate.status().message_zh();
  auto review = CitizenAct(r, Action::kRequestReview);
  EXPECT_EQ(review.status().code(), ErrorCode::kConflict);
  auto close = CitizenAct(r, Action::kClose);
  EXPECT_EQ(close.status().code(), ErrorCode::kInvalidArgument);
  // A wrong code is the same 404 as for a lookup, before any rule is told.
  auto wrong = petitions().CitizenAct(kCitizen, r.receipt_no, "0000-0000-0000-0000", Action::kRate,
                                      Rating(domain::Resolution::kSolved, domain::Satisfaction::kSatisfied));
  EXPECT_EQ(wrong.status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(AuditCount(), audit_before);
  EXPECT_EQ(EventCount(r.id), 1u);
}

TEST_F(PetitionCitizenOnlineTest, PublicRequestsAndWrongCodesAreThrottledPerAddress) {
  // Given the citizens' service with 3 requests and 2 failures per address
  HttpOptions http;
  http.public_burst = 3;
  http.public_per_minute = 6;
  http.public_failure_burst = 2;
  http.public_failure_per_minute = 1;
  CitizenService citizens(petitions(), *clock_, http);
  const RegisterResult r = SubmitOk();
  int retry = 0;

  // Then an address is admitted 3 times, then told to wait 10 s; another address is not
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(citizens.Admit("198.51.100.1", retry).ok());
  const Status fourth = citizens.Admit("198.51.100.1", retry);
  EXPECT_EQ(fourth.code(), ErrorCode::kTooManyRequests);
  EXPECT_EQ(retry, 10);
  EXPECT_TRUE(citizens.Admit("198.51.100.2", retry).ok());

  // And after 2 wrong codes even the right one is not checked, for a minute
  for (int i = 0; i < 2; ++i)
    EXPECT_EQ(citizens.Lookup("198.51.100.1", r.receipt_no, "0000-0000-0000-0000", retry).status().code(),
              ErrorCode::kNotFound);
  retry = 0;
  auto blocked = citizens.Lookup("198.51.100.1", r.receipt_no, r.query_code, retry);
  EXPECT_EQ(blocked.status().code(), ErrorCode::kTooManyRequests);
  EXPECT_EQ(retry, 60);
  EXPECT_TRUE(citizens.Lookup("198.51.100.2", r.receipt_no, r.query_code, retry).ok());
  Advance(60'000);
  EXPECT_TRUE(citizens.Lookup("198.51.100.1", r.receipt_no, r.query_code, retry).ok());
  // Right codes are not counted: many lookups in a row stay possible.
  for (int i = 0; i < 5; ++i)
    EXPECT_TRUE(citizens.Lookup("198.51.100.1", r.receipt_no, r.query_code, retry).ok());
}

}  // namespace
}  // namespace sixia::app
