#include "domain/documents.h"

#include <gtest/gtest.h>

namespace sixia::domain {
namespace {

PetitionEvent Decision() {
  PetitionEvent e;
  e.type = Action::kIssueDecision;
  e.request = "恢复发放低保金";
  e.facts = "经核实，申请人家庭人均收入低于标准";
  e.reasons = "符合最低生活保障条件";
  e.outcome = DecisionOutcome::kSupport;
  e.legal_basis = "《社会救助暂行办法》第九条";
  return e;
}

DocumentFacts Facts(DocumentKind kind) {
  DocumentFacts f;
  f.kind = kind;
  f.number = DocumentNumber("霞浦县信访局", kind, 2026, 3);
  f.issuer = "霞浦县信访局";
  f.addressee = "测试甲";
  f.receipt_no = "XF3509212026000001";
  f.title = "低保申请未答复";
  f.received_at_ms = 1'767'225'600'000;  // 2026-01-01 08:00 +08:00
  f.issued_at_ms = 1'767'312'000'000;
  return f;
}

TEST(Documents, NumbersCarryUnitKindYearAndSequence) {
  EXPECT_EQ(DocumentNumber("霞浦县信访局", DocumentKind::kReceiptNotice, 2026, 3), "霞浦县信访局告〔2026〕3号");
  EXPECT_EQ(DocumentNumber("霞浦县民政局", DocumentKind::kDecisionNotice, 2025, 12), "霞浦县民政局处〔2025〕12号");
}

TEST(Documents, KindNamesRoundTrip) {
  for (auto k : kAllDocumentKinds) EXPECT_EQ(DocumentKindFromName(DocumentKindName(k)), k);
  EXPECT_EQ(DocumentKindFromName("nothing"), std::nullopt);
}

TEST(Documents, ADocumentReportsTheLatestEventOfItsAction) {
  PetitionEvent accept;
  accept.type = Action::kAccept;
  PetitionEvent first = Decision();
  PetitionEvent second = Decision();
  second.facts = "重办后重新核实的事实";
  auto src = DocumentSource(DocumentKind::kDecisionNotice, {accept, first, second}, false);
  ASSERT_TRUE(src.ok());
  EXPECT_EQ(src->facts, "重办后重新核实的事实");
  PetitionEvent transfer;
  transfer.type = Action::kTransfer;
  EXPECT_EQ(DocumentSource(DocumentKind::kRoutingNotice, {accept, transfer}, false)->type, Action::kTransfer);
}

TEST(Documents, NothingToReportIsRefusedNamingTheKind) {
  PetitionEvent accept;
  accept.type = Action::kAccept;
  const auto st = DocumentSource(DocumentKind::kDecisionNotice, {accept}, false).status();
  EXPECT_EQ(st.code(), ErrorCode::kUnprocessable);
  EXPECT_EQ(st.field(), "kind");
}

TEST(Documents, AnonymousPetitionersGetNoNoticesButDecisionsStillExist) {
  PetitionEvent accept;
  accept.type = Action::kAccept;
  EXPECT_EQ(DocumentSource(DocumentKind::kReceiptNotice, {accept}, true).status().code(),
            ErrorCode::kUnprocessable);
  EXPECT_TRUE(DocumentSource(DocumentKind::kDecisionNotice, {accept, Decision()}, true).ok());
}

TEST(Documents, DecisionNoticeShowsEveryPartOfArticle32AndTheReviewRoute) {
  const std::string html = RenderDocumentHtml(Facts(DocumentKind::kDecisionNotice), Decision());
  for (const char* part : {"信访事项处理意见书", "霞浦县信访局处〔2026〕3号", "测试甲", "恢复发放低保金",
                           "经核实，申请人家庭人均收入低于标准", "符合最低生活保障条件", "支持",
                           "《社会救助暂行办法》第九条", "30日内", "复查", "2026年1月2日", "size: A4"})
    EXPECT_NE(html.find(part), std::string::npos) << part;
}

TEST(Documents, EveryInsertedValueIsEscaped) {
  PetitionEvent decline;
  decline.type = Action::kDecline;
  decline.reason = "<script>alert('x')</script>";
  decline.route = "\"><img src=x onerror=alert(1)>";
  DocumentFacts f = Facts(DocumentKind::kDeclineNotice);
  f.addressee = "<b>甲</b>";
  const std::string html = RenderDocumentHtml(f, decline);
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("<b>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), std::string::npos);
}

}  // namespace
}  // namespace sixia::domain
