// Use-case tests of app::PetitionExporter (信访事项导出) on a real App: SQLite in a
// temporary data folder, a manual clock, users with the built-in roles. The workbook is read
// back with a small zip reader (zlib) and the worksheet's inline strings. Every person here
// is synthetic; ID numbers get their check character from domain::IdNumberCheckChar.
#include "app/petition_export.h"

#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/app.h"
#include "app/testing/app_test_base.h"
#include "domain/calendar.h"
#include "domain/person.h"

namespace sixia::app {
namespace {

namespace fs = std::filesystem;

using testing::kCounty;
using testing::kPassword;
using testing::kTown1;
using testing::kTown2;
constexpr int64_t kHour = domain::kMsPerHour;

using testing::kVillage;

constexpr char kLandCompensation[] = "01.01.01";
constexpr char kWorkStyle[] = "02.01.01";
constexpr char kCategoryTsv[] =
    "level1\tlevel2\tlevel3\n"
    "城乡建设\t土地征收\t补偿安置\n"
    "纪检监察\t违纪违法\t工作作风\n";

const std::vector<std::string> kHeaders = {"受理编号", "标题",           "信访渠道",  "类别",
                                           "状态",     "问题属地(代码)", "问题分类",  "登记时间",
                                           "下一时限", "主办单位ID",     "包案领导ID"};

// ---- Reading the workbook back ---------------------------------------------------------

uint32_t Le(const std::string& b, size_t at, int bytes) {
  uint32_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(b.at(at + i));
  return v;
}

// Every member of a zip archive, inflated: name → bytes. Empty on a malformed archive.
std::map<std::string, std::string> Unzip(const std::string& zip) {
  std::map<std::string, std::string> out;
  if (zip.size() < 22) return out;
  size_t eocd = zip.size() - 22;
  while (eocd > 0 && Le(zip, eocd, 4) != 0x06054b50) --eocd;
  if (Le(zip, eocd, 4) != 0x06054b50) return out;
  const uint32_t entries = Le(zip, eocd + 10, 2);
  size_t at = Le(zip, eocd + 16, 4);
  for (uint32_t e = 0; e < entries; ++e) {
    if (Le(zip, at, 4) != 0x02014b50) return {};
    const uint32_t method = Le(zip, at + 10, 2), packed = Le(zip, at + 20, 4),
                   size = Le(zip, at + 24, 4), name_len = Le(zip, at + 28, 2),
                   extra_len = Le(zip, at + 30, 2), comment_len = Le(zip, at + 32, 2),
                   local = Le(zip, at + 42, 4);
    const std::string name = zip.substr(at + 46, name_len);
    at += 46 + name_len + extra_len + comment_len;
    const size_t data = local + 30 + Le(zip, local + 26, 2) + Le(zip, local + 28, 2);
    std::string bytes(size, '\0');
    if (method == 0) {
      bytes = zip.substr(data, size);
    } else {
      z_stream z{};
      if (inflateInit2(&z, -MAX_WBITS) != Z_OK) return {};
      z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(zip.data() + data));
      z.avail_in = packed;
      z.next_out = reinterpret_cast<Bytef*>(bytes.data());
      z.avail_out = size;
      const int rc = inflate(&z, Z_FINISH);
      inflateEnd(&z);
      if (rc != Z_STREAM_END) return {};
    }
    out[name] = std::move(bytes);
  }
  return out;
}

std::string Unescape(std::string s) {
  const std::pair<const char*, const char*> kEntities[] = {
      {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}, {"&amp;", "&"}};
  for (const auto& [from, to] : kEntities)
    for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + 1))
      s.replace(at, std::strlen(from), to);
  return s;
}

// The cells of a worksheet's XML, row by row ("" for a missing cell); inline strings as
// text, numbers as written.
std::vector<std::vector<std::string>> SheetRows(const std::string& xml) {
  static const std::regex kRow(R"(<row [^>]*>([\s\S]*?)</row>)");
  static const std::regex kCell(R"(<c r="([A-Z]+)\d+"[^>]*?(?:/>|>([\s\S]*?)</c>))");
  static const std::regex kText(R"(<t[^>]*>([\s\S]*?)</t>)");
  static const std::regex kValue(R"(<v>([\s\S]*?)</v>)");
  std::vector<std::vector<std::string>> rows;
  for (std::sregex_iterator r(xml.begin(), xml.end(), kRow), end; r != end; ++r) {
    const std::string body = (*r)[1];
    std::vector<std::string> cells;
    for (std::sregex_iterator c(body.begin(), body.end(), kCell); c != end; ++c) {
      size_t col = 0;
      for (char ch : (*c)[1].str()) col = col * 26 + (ch - 'A' + 1);
      const std::string inner = (*c)[2];
      std::smatch m;
      std::string value;
      if (std::regex_search(inner, m, kText) || std::regex_search(inner, m, kValue))
        value = Unescape(m[1]);
      if (cells.size() < col) cells.resize(col);
      cells[col - 1] = value;
    }
    cells.resize(std::max(cells.size(), kHeaders.size()));
    rows.push_back(std::move(cells));
  }
  return rows;
}

// The spreadsheet serial date (1900 system) of the China-time wall clock at `ms`.
double SerialOf(int64_t ms) {
  return static_cast<double>(ms + domain::kChinaUtcOffsetMs) / domain::kMsPerDay + 25569.0;
}

// ---- Fixture ---------------------------------------------------------------------------

std::string IdNumber(std::string_view first17) {
  return std::string(first17) + domain::IdNumberCheckChar(first17);
}

int64_t StartMs() { return domain::StartOfDayMs({2024, 3, 4}) + 9 * kHour; }

const std::string kZhangId = IdNumber("35092119810808123");
constexpr char kZhangName[] = "张测伟";
constexpr char kZhangPhone[] = "13812345678";
constexpr char kZhangAddress[] = "长春镇洪江村试验路十八号";

PetitionInput Grievance(const std::string& title) {
  PetitionInput in;
  in.channel = domain::Channel::kVisit;
  in.petition_class = domain::PetitionClass::kGrievance;
  in.title = title;
  in.content = "本村二〇二二年征地，补偿款至今仅发放一半。";
  in.requests = "要求补发剩余征地补偿款";
  in.category_code = kLandCompensation;
  in.division_code = kVillage;
  PersonInput person;
  person.name = kZhangName;
  person.id_number = kZhangId;
  person.phone = kZhangPhone;
  person.address = kZhangAddress;
  in.petitioners = {person};
  return in;
}

class PetitionExportTest : public testing::AppTestBase {
 protected:
  void SetUp() override {
    OpenApp(StartMs());
    if (HasFatalFailure()) return;
    ASSERT_TRUE(
        app_->petitions()
            .ImportCategories(DirectoryService::CliPrincipal(), cli_, "test-tree", kCategoryTsv)
            .ok());
    const int64_t county = MakeUnit("霞浦县人民政府", kCounty);
    const int64_t t1 = MakeUnit("长春镇人民政府", kTown1);
    const int64_t t2 = MakeUnit("牙城镇人民政府", kTown2);
    accused_unit_ = MakeUnit("长春镇城建办", kTown1, t1);
    officer_ = MakeUser("officer", t1, "petition_officer");
    other_officer_ = MakeUser("other_officer", t2, "petition_officer");
    accused_officer_ = MakeUser("accused_officer", accused_unit_, "petition_officer");
    auditor_ = MakeUser("auditor", county, "audit_admin");
  }

  RegisterResult RegisterOk(const PetitionInput& in) {
    auto r = app_->petitions().Register(officer_, As(officer_), in);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : RegisterResult{};
  }

  std::string TmpDir() const { return (dir_ / "tmp").string(); }

  Result<XlsxExport> Export(const security::Principal& p, const PetitionQuery& q = {},
                            int64_t max_rows = kMaxExportRows) {
    PetitionExporter exporter(app_->petitions(), app_->store(), app_->audit(), TmpDir(), max_rows);
    return exporter.Xlsx(p, As(p), q);
  }

  // The rows of the exported sheet (header first) and, in `parts`, every member's bytes.
  std::vector<std::vector<std::string>> Sheet(const XlsxExport& x,
                                              std::map<std::string, std::string>* parts = nullptr) {
    auto members = Unzip(x.bytes);
    EXPECT_TRUE(members.count("xl/worksheets/sheet1.xml")) << "not an XLSX workbook";
    auto rows = SheetRows(members["xl/worksheets/sheet1.xml"]);
    if (parts) *parts = std::move(members);
    return rows;
  }

  // Receipt numbers of the data rows of a sheet.
  static std::vector<std::string> Receipts(const std::vector<std::vector<std::string>>& rows) {
    std::vector<std::string> out;
    for (size_t i = 1; i < rows.size(); ++i) out.push_back(rows[i][0]);
    return out;
  }

  std::vector<std::string> ListedReceipts(const security::Principal& p, PetitionQuery q = {}) {
    q.limit = 200;
    auto rows = app_->petitions().List(p, q);
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    std::vector<std::string> out;
    if (rows.ok())
      for (const auto& r : *rows) out.push_back(r.receipt_no);
    return out;
  }

  std::vector<domain::AuditRecord> ExportAudits() {
    store::AuditFilter f;
    f.action = "petition.export";
    f.limit = 1000;
    auto r = AuditLog::List(app_->store(), auditor_, f);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : std::vector<domain::AuditRecord>{};
  }

  // Files left in <data>/tmp (0 while it does not exist).
  int64_t LeftoverFiles() const {
    std::error_code ec;
    int64_t n = 0;
    for (fs::directory_iterator it(TmpDir(), ec), end; !ec && it != end; it.increment(ec)) ++n;
    return n;
  }

  int64_t accused_unit_ = 0;
  security::Principal officer_, other_officer_, accused_officer_, auditor_;
};

TEST_F(PetitionExportTest, ExportsTheListWithChineseHeadersAndSummaryColumns) {
  // Given three petitions registered an hour apart
  std::vector<RegisterResult> reg;
  for (const char* title : {"征地补偿款未足额发放", "安置房分配不公", "补偿标准过低 & <未公示>"}) {
    reg.push_back(RegisterOk(Grievance(title)));
    clock_->Advance(kHour);
  }

  // When the officer exports them
  auto x = Export(officer_);

  // Then the sheet holds the header and the list's rows in the list's order (newest first)
  ASSERT_TRUE(x.ok()) << x.status().ToString();
  EXPECT_EQ(x->rows, 3);
  EXPECT_FALSE(x->truncated);
  const auto rows = Sheet(*x);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0], kHeaders);
  EXPECT_EQ(Receipts(rows), ListedReceipts(officer_));
  EXPECT_EQ(Receipts(rows),
            (std::vector<std::string>{reg[2].receipt_no, reg[1].receipt_no, reg[0].receipt_no}));
  // And each column as documented: labels in Chinese, codes, China-time dates, ids
  auto view = app_->petitions().Get(officer_, reg[2].id);
  ASSERT_TRUE(view.ok());
  const auto& row = rows[1];
  EXPECT_EQ(row[1], "补偿标准过低 & <未公示>");
  EXPECT_EQ(row[2], "来访");
  EXPECT_EQ(row[3], "申诉求决");
  EXPECT_EQ(row[4], domain::StateLabel(view->state.state));
  EXPECT_EQ(row[5], kVillage);
  EXPECT_EQ(row[6], kLandCompensation);
  EXPECT_NEAR(std::stod(row[7]), SerialOf(view->row.received_at_ms), 1e-6);
  ASSERT_TRUE(view->row.next_due_ms.has_value());
  EXPECT_NEAR(std::stod(row[8]), SerialOf(*view->row.next_due_ms), 1e-6);
  EXPECT_EQ(row[9], view->row.lead_unit_id ? std::to_string(*view->row.lead_unit_id) : "");
  EXPECT_EQ(row[10], "");
  // And the temporary workbook is gone
  EXPECT_EQ(LeftoverFiles(), 0);
}

TEST_F(PetitionExportTest, HoldsNoPersonalDataInAnyPart) {
  // Given a petition with a petitioner's name, ID number, phone and address
  RegisterOk(Grievance("征地补偿款未足额发放"));

  // When it is exported
  auto x = Export(officer_);
  ASSERT_TRUE(x.ok()) << x.status().ToString();
  std::map<std::string, std::string> parts;
  const auto rows = Sheet(*x, &parts);
  ASSERT_EQ(rows.size(), 2u);

  // Then no part of the workbook holds them, nor the content or requests
  ASSERT_GT(parts.size(), 3u);
  for (const auto& [name, xml] : parts) {
    SCOPED_TRACE(name);
    for (const std::string& secret :
         {std::string(kZhangName), kZhangId, kZhangId.substr(6, 8), std::string(kZhangPhone),
          std::string(kZhangAddress), std::string("本村二〇二二年征地"), std::string("要求补发")})
      EXPECT_EQ(xml.find(secret), std::string::npos) << secret;
  }
  EXPECT_NE(parts["xl/worksheets/sheet1.xml"].find("征地补偿款未足额发放"), std::string::npos)
      << "control: the title is found";
}

TEST_F(PetitionExportTest, FiltersAsTheList) {
  // Given a grievance and an accusation of different categories
  RegisterOk(Grievance("征地补偿款未足额发放"));
  PetitionInput accusation = Grievance("反映工作人员作风问题");
  accusation.petition_class = domain::PetitionClass::kAccusation;
  accusation.category_code = kWorkStyle;
  const auto acc = RegisterOk(accusation);

  // When exported with a category filter and with a class filter
  PetitionQuery by_category;
  by_category.category_prefix = "02";
  PetitionQuery by_class;
  by_class.petition_class = "grievance";
  auto a = Export(officer_, by_category);
  auto b = Export(officer_, by_class);

  // Then each holds the list's rows for the same filter
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(Receipts(Sheet(*a)), std::vector<std::string>{acc.receipt_no});
  EXPECT_EQ(Receipts(Sheet(*a)), ListedReceipts(officer_, by_category));
  EXPECT_EQ(Receipts(Sheet(*b)), ListedReceipts(officer_, by_class));
  EXPECT_EQ(b->rows, 1);

  // And a bad filter is refused like the list's, with no file made
  PetitionQuery bad;
  bad.band = "soon";
  auto c = Export(officer_, bad);
  EXPECT_EQ(c.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(c.status().field(), "band");
  PetitionQuery outside;
  outside.division_code = "350902000000";
  EXPECT_EQ(Export(officer_, outside).status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(LeftoverFiles(), 0);
}

TEST_F(PetitionExportTest, LeavesOutWhatTheCallerMayNotSee) {
  // Given a grievance in 长春镇 and an accusation against the 城建办 there
  const auto grievance = RegisterOk(Grievance("征地补偿款未足额发放"));
  PetitionInput in = Grievance("反映城建办工作人员违规收费");
  in.petition_class = domain::PetitionClass::kAccusation;
  in.category_code = kWorkStyle;
  in.accused = {AccusedInput{accused_unit_, std::nullopt, ""}};
  const auto accusation = RegisterOk(in);

  // When the 城建办's officer (same scope), 牙城镇's officer and 长春镇's officer export
  auto accused = Export(accused_officer_);
  auto other = Export(other_officer_);
  auto own = Export(officer_);

  // Then the accused unit's export lacks the accusation, the other township's is empty
  ASSERT_TRUE(accused.ok() && other.ok() && own.ok());
  EXPECT_EQ(Receipts(Sheet(*accused)), std::vector<std::string>{grievance.receipt_no});
  EXPECT_EQ(Sheet(*accused)[1][1], "征地补偿款未足额发放");
  EXPECT_EQ(Sheet(*accused).size(), 2u);
  EXPECT_EQ(other->rows, 0);
  EXPECT_EQ(Sheet(*other).size(), 1u) << "the header only";
  // And the township's own officer gets both
  EXPECT_EQ(Receipts(Sheet(*own)),
            (std::vector<std::string>{accusation.receipt_no, grievance.receipt_no}));
}

TEST_F(PetitionExportTest, StopsAtTheRowLimitAndSaysSo) {
  // Given five petitions
  for (int i = 0; i < 5; ++i) RegisterOk(Grievance("征地补偿款未足额发放" + std::to_string(i)));

  // When exported with a limit of 3, of 5 and of 4
  auto three = Export(officer_, {}, 3);
  auto five = Export(officer_, {}, 5);
  auto four = Export(officer_, {}, 4);

  // Then the first holds three petitions and a last row that says more matched
  ASSERT_TRUE(three.ok() && five.ok() && four.ok());
  EXPECT_EQ(three->rows, 3);
  EXPECT_TRUE(three->truncated);
  const auto rows = Sheet(*three);
  ASSERT_EQ(rows.size(), 5u);
  auto listed = ListedReceipts(officer_);
  listed.resize(3);
  listed.push_back(rows[4][0]);  // The note.
  EXPECT_EQ(Receipts(rows), listed);
  EXPECT_NE(rows[4][0].find("仅导出前 3 条"), std::string::npos) << rows[4][0];
  // And exactly the limit is not truncated; one fewer is
  EXPECT_EQ(five->rows, 5);
  EXPECT_FALSE(five->truncated);
  EXPECT_EQ(Sheet(*five).size(), 6u);
  EXPECT_TRUE(four->truncated);
}

TEST_F(PetitionExportTest, PagesThroughMoreThanOneListPage) {
  // Given more petitions than one list page (200) holds
  PetitionInput in = Grievance("征地补偿款未足额发放");
  in.petitioners.clear();
  in.anonymous = true;
  for (int i = 0; i < 203; ++i) {
    in.title = "匿名反映问题" + std::to_string(i);
    RegisterOk(in);
  }

  // When they are exported
  auto x = Export(officer_);

  // Then every one is there once, newest first
  ASSERT_TRUE(x.ok()) << x.status().ToString();
  EXPECT_EQ(x->rows, 203);
  const auto rows = Sheet(*x);
  ASSERT_EQ(rows.size(), 204u);
  EXPECT_EQ(rows[1][1], "匿名反映问题202");
  EXPECT_EQ(rows[203][1], "匿名反映问题0");
}

TEST_F(PetitionExportTest, IsAuditedWithFilterAndCountAndRefusalsToo) {
  // Given a petition
  RegisterOk(Grievance("征地补偿款未足额发放"));

  // When the officer exports with a filter, and the auditor (no petition permission) tries
  PetitionQuery q;
  q.state = "registered";
  q.received_from_ms = StartMs() - kHour;
  auto ok = Export(officer_, q);
  auto refused = Export(auditor_);

  // Then the refusal is 403 and makes no file
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(refused.status().code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(LeftoverFiles(), 0);
  // And both are in the audit log, with the filter and count and no personal data
  const auto records = ExportAudits();
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].actor, "officer");
  EXPECT_EQ(records[0].outcome, domain::AuditOutcome::kOk);
  const auto detail = nlohmann::json::parse(records[0].detail);
  EXPECT_EQ(detail.at("rows"), 1);
  EXPECT_EQ(detail.at("truncated"), false);
  EXPECT_EQ(detail.at("filter").at("state"), "registered");
  EXPECT_EQ(detail.at("filter").at("from"), StartMs() - kHour);
  EXPECT_EQ(records[0].detail.find(kZhangName), std::string::npos);
  EXPECT_EQ(records[1].actor, "auditor");
  EXPECT_EQ(records[1].outcome, domain::AuditOutcome::kDenied);
}

}  // namespace
}  // namespace sixia::app
