#include "domain/research.h"

#include <gtest/gtest.h>

#include "domain/division.h"

namespace sixia::domain {
namespace {

constexpr int64_t kDay = 86'400'000;

ResearchProject Project() {
  ResearchProject p;
  p.topic = "农村养老服务调研";
  p.division_code = "350921000000";
  p.lead_user_id = 7;
  p.method = ResearchMethod::kStayIn;
  p.places = {"350921100000", "350921101000"};
  p.starts_on_ms = 100 * kDay;
  p.ends_on_ms = 130 * kDay;
  return p;
}

bool Prefix(const std::string& place, const std::string& code) {
  // Test stand-in for the division tree: a township place covers its villages.
  return code.compare(0, 9, place, 0, 9) == 0;
}

TEST(ResearchProjectTest, AcceptsAValidProject) { EXPECT_TRUE(CheckProject(Project()).ok()); }

TEST(ResearchProjectTest, RefusesEachBadFieldByName) {
  auto p = Project();
  p.topic = "  ";
  EXPECT_EQ(CheckProject(p).field(), "topic");
  p = Project();
  p.places = {};
  EXPECT_EQ(CheckProject(p).field(), "places");
  p.places = {"350921100000", "350921100000"};
  EXPECT_EQ(CheckProject(p).field(), "places");
  p.places = {"3509"};
  EXPECT_EQ(CheckProject(p).field(), "places");
  p = Project();
  p.ends_on_ms = p.starts_on_ms - kDay;  // Dates in the wrong order.
  const Status wrong_order = CheckProject(p);
  EXPECT_EQ(wrong_order.code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(wrong_order.field(), "ends_on");
  p.ends_on_ms = p.starts_on_ms + 400 * kDay;
  EXPECT_EQ(CheckProject(p).field(), "ends_on");
  p.ends_on_ms = p.starts_on_ms;  // A one-day project.
  EXPECT_TRUE(CheckProject(p).ok());
}

TEST(ResearchVisitTest, MustLieInThePeriodAndAtAPlace) {
  const auto p = Project();
  ResearchVisit v{0, 1, 110 * kDay, "350921100201", 12, "村干部、群众代表", "养老服务站缺少护理员"};
  EXPECT_TRUE(CheckVisit(p, v, Prefix).ok());
  v.visited_on_ms = 99 * kDay;
  EXPECT_EQ(CheckVisit(p, v, Prefix).field(), "visited_on");
  v.visited_on_ms = 131 * kDay;
  EXPECT_EQ(CheckVisit(p, v, Prefix).field(), "visited_on");
  v.visited_on_ms = 130 * kDay;  // The last day counts.
  EXPECT_TRUE(CheckVisit(p, v, Prefix).ok());
  v.division_code = "350921200201";
  EXPECT_EQ(CheckVisit(p, v, Prefix).code(), ErrorCode::kUnprocessable);
  v.division_code = "350921100201";
  v.people_met = -1;
  EXPECT_EQ(CheckVisit(p, v, Prefix).field(), "people_met");
  v.people_met = 3;
  v.findings = " ";
  EXPECT_EQ(CheckVisit(p, v, Prefix).field(), "findings");
}

ReportFigures Figures() { return {2, 14, 160, 9, 12, 7, 2, 5}; }

TEST(ReportTest, FillsEveryFigureFromTheRecords) {
  auto filled = FillFigures("走访调研{{visits}}次，发现问题{{problems}}个，完成{{tasks_done}}项。", Figures());
  ASSERT_TRUE(filled.ok());
  EXPECT_EQ(*filled, "走访调研14次，发现问题9个，完成7项。");
  EXPECT_EQ(FillFigures("发现问题{{problem}}个", Figures()).status().field(), "body");
  EXPECT_EQ(FillFigures("发现问题{{problems", Figures()).status().field(), "body");
  EXPECT_EQ(*FillFigures("没有数据项", Figures()), "没有数据项");
}

TEST(ReportTest, FindsTemplatePlaceholders) {
  EXPECT_EQ(FindPlaceholders("共开展走访X余次，惠及XX人，整改××户。"),
            (std::vector<std::string>{"X余次", "XX人", "××户"}));
  EXPECT_EQ(FindPlaceholders("发现问题{{problems}}个"), (std::vector<std::string>{"{{problems}}"}));
  // Not placeholders: a Latin word, an X not before a counter, real numbers.
  EXPECT_TRUE(FindPlaceholders("导出XML文件，X光检查，走访12次，Xbox").empty());
  EXPECT_EQ(FindPlaceholders("ＸＸ多人"), (std::vector<std::string>{"ＸＸ多人"}));
}

TEST(ReportTest, ComparesStatedFiguresWithCountedOnes) {
  const auto f = Figures();
  EXPECT_TRUE(CompareStatedFigures("本次走访调研14次，访谈群众160人，发现问题9个。", f).empty());
  const auto m = CompareStatedFigures("走访调研20次，发现问题9个，已完成8项，逾期未完成2项。", f);
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].key, "visits");
  EXPECT_EQ(m[0].phrase, "走访调研20次");
  EXPECT_EQ(m[0].stated, 20);
  EXPECT_EQ(m[0].counted, 14);
  EXPECT_EQ(m[1].key, "tasks_done");
  EXPECT_EQ(m[1].stated, 8);
  // The generated sentence always agrees with its own figures.
  EXPECT_TRUE(CompareStatedFigures(FiguresSentence(f), f).empty());
  EXPECT_EQ(CompareStatedFigures(FiguresSentence(f), ReportFigures{}).size(), 8u);
}

TEST(ReportTest, MethodNamesRoundTrip) {
  for (auto m : {ResearchMethod::kUnannounced, ResearchMethod::kStayIn, ResearchMethod::kDissection,
                 ResearchMethod::kThematic, ResearchMethod::kSymposium, ResearchMethod::kQuestionnaire,
                 ResearchMethod::kOther})
    EXPECT_EQ(ResearchMethodFromName(ResearchMethodName(m)), m);
  EXPECT_FALSE(ResearchMethodFromName("random"));
  EXPECT_STREQ(ResearchMethodLabel(ResearchMethod::kUnannounced), "四不两直");
}

}  // namespace
}  // namespace sixia::domain
