#pragma once
// Official documents of a petition (《信访工作条例》 Arts. 23, 32, 34, 35, 36, 41): which ones
// may be issued when, their number (文号), and their printable text (HTML with print CSS,
// A4, Chinese fonts from fonts-noto-cjk). Pure: the caller supplies the facts, including
// the petitioner's name (the document goes to them), and stores the result sealed.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "domain/petition_workflow.h"

namespace sixia::domain {

enum class DocumentKind {
  kReceiptNotice,     // "receipt_notice" 受理告知书 (Art. 23)
  kDeclineNotice,     // "decline_notice" 不予受理告知书 (Art. 23, route to the competent body)
  kRoutingNotice,     // "routing_notice" 转送/交办告知书 (Art. 23)
  kExtensionNotice,   // "extension_notice" 延期告知书 (Art. 34)
  kDecisionNotice,    // "decision_notice" 信访处理意见书 (Art. 32)
  kReviewDecision,    // "review_decision" 复查意见书 (Art. 35)
  kReReviewDecision,  // "re_review_decision" 复核意见书 (Art. 36)
};
inline constexpr DocumentKind kAllDocumentKinds[] = {
    DocumentKind::kReceiptNotice,   DocumentKind::kDeclineNotice,  DocumentKind::kRoutingNotice,
    DocumentKind::kExtensionNotice, DocumentKind::kDecisionNotice, DocumentKind::kReviewDecision,
    DocumentKind::kReReviewDecision};
const char* DocumentKindName(DocumentKind kind);
std::optional<DocumentKind> DocumentKindFromName(std::string_view name);
const char* DocumentTitle(DocumentKind kind);  // "信访事项受理告知书" …

// The event a document reports: the latest event of the matching action. kUnprocessable
// (field "kind") when the petition has no such event yet (e.g. a 处理意见书 before
// issue_decision), or when a notice would go to an anonymous petitioner (Art. 23).
Result<PetitionEvent> DocumentSource(DocumentKind kind, const std::vector<PetitionEvent>& events,
                                     bool anonymous);

// 文号: "<issuing unit><kind mark>〔<year>〕<seq>号", e.g. "霞浦县信访局告〔2026〕3号".
std::string DocumentNumber(std::string_view unit_name, DocumentKind kind, int year, int64_t seq);

// Everything a document shows besides the event itself.
struct DocumentFacts {
  DocumentKind kind = DocumentKind::kReceiptNotice;
  std::string number;
  std::string issuer;            // Issuing unit.
  std::string addressee;         // The petitioner's name (clear: the document is theirs).
  std::string receipt_no;
  std::string title;             // The petition's title.
  int64_t received_at_ms = 0;
  int64_t issued_at_ms = 0;
  std::string routed_to;         // Unit names for routing notices.
};

// The printable document: a complete HTML page, every inserted value escaped.
std::string RenderDocumentHtml(const DocumentFacts& facts, const PetitionEvent& source);

// `text` with &, <, >, " and ' escaped for HTML.
std::string HtmlEscape(std::string_view text);

}  // namespace sixia::domain
