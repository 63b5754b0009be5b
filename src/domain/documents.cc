#include "domain/documents.h"

#include <string>

#include "domain/calendar.h"

namespace sixia::domain {
namespace {

// The action whose latest event a document reports.
Action SourceAction(DocumentKind kind) {
  switch (kind) {
    case DocumentKind::kReceiptNotice: return Action::kAccept;
    case DocumentKind::kDeclineNotice: return Action::kDecline;
    case DocumentKind::kRoutingNotice: return Action::kAssign;  // Or transfer/reassign.
    case DocumentKind::kExtensionNotice: return Action::kExtend;
    case DocumentKind::kDecisionNotice: return Action::kIssueDecision;
    case DocumentKind::kReviewDecision: return Action::kIssueReview;
    case DocumentKind::kReReviewDecision: return Action::kIssueReReview;
  }
  return Action::kAccept;
}

const char* KindMark(DocumentKind kind) {
  switch (kind) {
    case DocumentKind::kReceiptNotice: return "告";
    case DocumentKind::kDeclineNotice: return "不受";
    case DocumentKind::kRoutingNotice: return "转";
    case DocumentKind::kExtensionNotice: return "延";
    case DocumentKind::kDecisionNotice: return "处";
    case DocumentKind::kReviewDecision: return "复查";
    case DocumentKind::kReReviewDecision: return "复核";
  }
  return "";
}

bool IsNoticeToPetitioner(DocumentKind kind) {
  switch (kind) {
    case DocumentKind::kReceiptNotice:
    case DocumentKind::kDeclineNotice:
    case DocumentKind::kRoutingNotice:
    case DocumentKind::kExtensionNotice: return true;
    case DocumentKind::kDecisionNotice:
    case DocumentKind::kReviewDecision:
    case DocumentKind::kReReviewDecision: return false;
  }
  return false;
}

std::string ChineseDate(int64_t ms) {
  const Date d = DateOfMs(ms);
  return std::to_string(d.year) + "年" + std::to_string(d.month) + "月" + std::to_string(d.day) + "日";
}

// A paragraph of escaped text.
std::string P(std::string_view text) { return "<p>" + HtmlEscape(text) + "</p>\n"; }

std::string Section(const char* heading, std::string_view text) {
  return "<h2>" + std::string(heading) + "</h2>\n" + P(text);
}

}  // namespace

const char* DocumentKindName(DocumentKind kind) {
  switch (kind) {
    case DocumentKind::kReceiptNotice: return "receipt_notice";
    case DocumentKind::kDeclineNotice: return "decline_notice";
    case DocumentKind::kRoutingNotice: return "routing_notice";
    case DocumentKind::kExtensionNotice: return "extension_notice";
    case DocumentKind::kDecisionNotice: return "decision_notice";
    case DocumentKind::kReviewDecision: return "review_decision";
    case DocumentKind::kReReviewDecision: return "re_review_decision";
  }
  return "unknown";
}

std::optional<DocumentKind> DocumentKindFromName(std::string_view name) {
  for (auto k : kAllDocumentKinds)
    if (name == DocumentKindName(k)) return k;
  return std::nullopt;
}

const char* DocumentTitle(DocumentKind kind) {
  switch (kind) {
    case DocumentKind::kReceiptNotice: return "信访事项受理告知书";
    case DocumentKind::kDeclineNotice: return "信访事项不予受理告知书";
    case DocumentKind::kRoutingNotice: return "信访事项转送（交办）告知书";
    case DocumentKind::kExtensionNotice: return "信访事项延期办理告知书";
    case DocumentKind::kDecisionNotice: return "信访事项处理意见书";
    case DocumentKind::kReviewDecision: return "信访事项复查意见书";
    case DocumentKind::kReReviewDecision: return "信访事项复核意见书";
  }
  return "";
}

Result<PetitionEvent> DocumentSource(DocumentKind kind, const std::vector<PetitionEvent>& events,
                                     bool anonymous) {
  if (anonymous && IsNoticeToPetitioner(kind))
    return Unprocessable("an anonymous petitioner receives no notices (Art. 23)",
                         "匿名信访不出具告知书（第二十三条）", "kind");
  const Action want = SourceAction(kind);
  for (auto it = events.rbegin(); it != events.rend(); ++it) {
    const bool routing = kind == DocumentKind::kRoutingNotice &&
                         (it->type == Action::kTransfer || it->type == Action::kReassign);
    if (it->type == want || routing) return *it;
  }
  return Unprocessable(std::string("nothing to report yet: ") + DocumentKindName(kind) +
                           " follows the action " + ActionName(want),
                       std::string("尚不能出具") + DocumentTitle(kind) + "：尚未" + ActionLabel(want),
                       "kind");
}

std::string DocumentNumber(std::string_view unit_name, DocumentKind kind, int year, int64_t seq) {
  return std::string(unit_name) + KindMark(kind) + "〔" + std::to_string(year) + "〕" +
         std::to_string(seq) + "号";
}

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += ch;
    }
  }
  return out;
}

std::string RenderDocumentHtml(const DocumentFacts& f, const PetitionEvent& e) {
  std::string body;
  const std::string received = ChineseDate(f.received_at_ms);
  body += "<p class=\"to\">" + HtmlEscape(f.addressee.empty() ? "信访人" : f.addressee) + "：</p>\n";
  switch (f.kind) {
    case DocumentKind::kReceiptNotice:
      body += P("你（们）于" + received + "提出的信访事项（登记编号 " + f.receipt_no + "，“" + f.title +
                "”）已予受理。我们将依照《信访工作条例》的规定办理，并在规定期限内作出处理意见。");
      break;
    case DocumentKind::kDeclineNotice:
      body += P("你（们）于" + received + "提出的信访事项（登记编号 " + f.receipt_no + "，“" + f.title +
                "”）不予受理。");
      body += Section("理由", e.reason);
      body += Section("途径", e.route + (e.legal_litigation ? "（涉法涉诉事项，请依法向政法机关提出）" : ""));
      break;
    case DocumentKind::kRoutingNotice:
      body += P("你（们）于" + received + "提出的信访事项（登记编号 " + f.receipt_no + "，“" + f.title +
                "”）已" + (e.type == Action::kTransfer ? "转送" : "交办") + "至" + f.routed_to +
                "办理，请与其联系。");
      break;
    case DocumentKind::kExtensionNotice:
      body += P("你（们）的信访事项（登记编号 " + f.receipt_no + "）因" + e.reason + "，经批准延期" +
                std::to_string(e.days) + "日办理。");
      break;
    case DocumentKind::kDecisionNotice:
    case DocumentKind::kReviewDecision:
    case DocumentKind::kReReviewDecision:
      body += Section("信访请求", e.request);
      body += Section("事实", e.facts);
      body += Section("理由", e.reasons);
      body += Section("处理意见", e.outcome ? DecisionOutcomeLabel(*e.outcome) : "");
      body += Section("依据", e.legal_basis);
      if (f.kind == DocumentKind::kDecisionNotice)
        body += P("如不服本处理意见，可以自收到本意见书之日起30日内请求原办理机关的上一级机关复查（第三十五条）。");
      else if (f.kind == DocumentKind::kReviewDecision)
        body += P("如不服本复查意见，可以自收到本意见书之日起30日内向复查机关的上一级机关请求复核（第三十六条）。");
      else
        body += P("本复核意见为终结意见。信访人对复核意见不服，仍以同一事实和理由提出投诉请求的，不再受理（第三十六条）。");
      break;
  }
  return "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\n<title>" +
         HtmlEscape(DocumentTitle(f.kind)) + "</title>\n<style>\n"
         "@page { size: A4; margin: 37mm 26mm 35mm 28mm; }\n"
         "body { font-family: 'Noto Serif CJK SC', 'Noto Sans CJK SC', serif; font-size: 16pt; "
         "line-height: 1.8; color: #000; max-width: 156mm; margin: 0 auto; }\n"
         "h1 { font-size: 22pt; text-align: center; letter-spacing: 0.1em; margin: 0 0 0.5em; }\n"
         "h2 { font-size: 16pt; margin: 0.6em 0 0; }\n"
         ".number { text-align: center; margin-bottom: 1.5em; }\n"
         "p { text-indent: 2em; margin: 0.2em 0; }\n p.to { text-indent: 0; }\n"
         ".sign { text-align: right; margin-top: 3em; }\n"
         "@media screen { body { padding: 2em; background: #fff; } }\n"
         "</style></head><body>\n<h1>" +
         HtmlEscape(DocumentTitle(f.kind)) + "</h1>\n<div class=\"number\">" + HtmlEscape(f.number) +
         "</div>\n" + body + "<div class=\"sign\">" + HtmlEscape(f.issuer) + "<br>" +
         ChineseDate(f.issued_at_ms) + "</div>\n</body></html>\n";
}

}  // namespace sixia::domain
