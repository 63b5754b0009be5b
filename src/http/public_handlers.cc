// Citizens (网上信访), no login: /api/v1/public/petitions…. Submit a petition, follow it by
// receipt number and query code, rate the result, ask for a 复查 or 复核. Every request is
// throttled per client address (app/citizen_service.h) before its body is even parsed, and
// the receipt number and query code travel only in POST bodies, never in URLs (access
// logs, proxies and browser history must not collect them).
// Each handler parses → calls one use case → maps the result. Nothing else.
#include <cstdio>
#include <string>

#include "domain/calendar.h"
#include "domain/documents.h"
#include "http/json_io.h"
#include "http/router.h"

namespace sixia::http {
namespace {

Status First(std::initializer_list<Status> checks) {
  for (const auto& st : checks)
    if (!st.ok()) return st;
  return Status::Ok();
}

// An enum field read by its wire name; `choices` names the values in the error.
template <typename Enum, typename FromName>
Status ReadEnum(FieldReader& f, const char* name, std::optional<Enum>& out, FromName from,
                const char* choices) {
  std::optional<std::string> text;
  SIXIA_RETURN_IF_ERROR(f.OptString(name, text));
  if (!text)
    return InvalidArgument(std::string(name) + " is required", std::string("缺少字段：") + name,
                           name);
  out = from(*text);
  if (!out)
    return InvalidArgument(std::string(name) + " must be one of " + choices,
                           std::string(name) + " 的取值应为：" + choices, name);
  return Status::Ok();
}

// A 429 with the seconds to wait.
Response TooMany(const Status& st, int retry_after_s) {
  Response r = ErrorResponse(st);
  if (st.code() == ErrorCode::kTooManyRequests)
    r.headers.emplace_back("Retry-After", std::to_string(retry_after_s > 0 ? retry_after_s : 1));
  return r;
}

// The service names the registration's fields ("petitioners[0].id_number", workflow
// windows "review_request_until_ms"); the body calls them "petitioner.id_number" and
// "review_request_until".
Response PublicError(const Status& st, int retry_after_s = 0) {
  std::string f = st.field();
  static const std::string kOne = "petitioners[0]", kList = "petitioners";
  if (f.rfind(kOne, 0) == 0)
    f = "petitioner" + f.substr(kOne.size());
  else if (f == kList)
    f = "petitioner";
  if (f.size() > 3 && f.compare(f.size() - 3, 3, "_ms") == 0) f.resize(f.size() - 3);
  return TooMany(Status(st.code(), st.message(), st.message_zh(), f), retry_after_s);
}

// "2026-05-03" (China time).
std::string Day(int64_t ms) {
  const domain::Date d = domain::DateOfMs(ms);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

json MsOrNull(const std::optional<int64_t>& ms) { return ms ? json(*ms) : json(nullptr); }
json DayOrNull(const std::optional<int64_t>& ms) { return ms ? json(Day(*ms)) : json(nullptr); }

// The title of a received opinion (CitizenOpinions lists only these four kinds).
const char* OpinionTitle(const domain::CitizenOpinion& o) {
  using domain::Action;
  using domain::DocumentKind;
  if (o.type == Action::kRecordMediation) return o.settlement ? "和解协议" : "调解协议";
  if (o.type == Action::kIssueReview) return domain::DocumentTitle(DocumentKind::kReviewDecision);
  if (o.type == Action::kIssueReReview)
    return domain::DocumentTitle(DocumentKind::kReReviewDecision);
  return domain::DocumentTitle(DocumentKind::kDecisionNotice);
}

json ToJson(const app::CitizenView& v) {
  json timeline = json::array();
  for (const auto& s : v.timeline) {
    json j = {{"type", domain::ActionName(s.type)},
              {"label", domain::ActionLabel(s.type)},
              {"at", s.at_ms},
              {"on", Day(s.at_ms)}};
    if (s.days) j["days"] = s.days;
    if (!s.note.empty()) j["note"] = s.note;
    timeline.push_back(std::move(j));
  }
  json opinions = json::array();
  for (const auto& o : v.opinions) {
    json j = {{"type", domain::ActionName(o.type)},
              {"title", OpinionTitle(o)},
              {"issued_at", o.issued_at_ms},
              {"issued_on", Day(o.issued_at_ms)},
              {"delivered_at", MsOrNull(o.delivered_at_ms)},
              {"delivered_on", DayOrNull(o.delivered_at_ms)},
              {"document_number", o.document_number}};
    if (o.type == domain::Action::kRecordMediation) {
      j["agreement"] = o.agreement;
      j["settlement"] = o.settlement;
    } else {
      j["outcome"] = o.outcome ? json(domain::DecisionOutcomeName(*o.outcome)) : json(nullptr);
      j["outcome_label"] =
          o.outcome ? json(domain::DecisionOutcomeLabel(*o.outcome)) : json(nullptr);
      j["request"] = o.request;
      j["facts"] = o.facts;
      j["reasons"] = o.reasons;
      j["legal_basis"] = o.legal_basis;
    }
    opinions.push_back(std::move(j));
  }
  json rating = nullptr;
  if (v.latest_rating)
    rating = {{"resolution", domain::ResolutionName(v.latest_rating->resolution)},
              {"resolution_label", domain::ResolutionLabel(v.latest_rating->resolution)},
              {"satisfaction", domain::SatisfactionName(v.latest_rating->satisfaction)},
              {"satisfaction_label", domain::SatisfactionLabel(v.latest_rating->satisfaction)}};
  return {{"receipt_no", v.receipt_no},
          {"title", v.title},
          {"petition_class", domain::PetitionClassName(v.petition_class)},
          {"petition_class_label", domain::PetitionClassLabel(v.petition_class)},
          {"state", domain::StateName(v.state)},
          {"state_label", domain::StateLabel(v.state)},
          {"received_at", v.received_at_ms},
          {"received_on", Day(v.received_at_ms)},
          {"anonymous", v.anonymous},
          {"handling_unit", v.handling_unit.empty() ? json(nullptr) : json(v.handling_unit)},
          {"timeline", timeline},
          {"opinions", opinions},
          {"latest_rating", rating},
          {"can_rate", v.choices.can_rate},
          {"can_request_review", v.choices.can_request_review},
          {"review_request_until", MsOrNull(v.choices.review_request_until_ms)},
          {"can_request_re_review", v.choices.can_request_re_review},
          {"re_review_request_until", MsOrNull(v.choices.re_review_request_until_ms)}};
}

Status ReadPetitioner(const json& obj, app::PersonInput& out) {
  FieldReader f(obj);
  std::optional<std::string> id, phone, address, division;
  SIXIA_RETURN_IF_ERROR(
      First({f.String("name", out.name), f.OptString("id_number", id), f.OptString("phone", phone),
             f.OptString("address", address), f.OptString("division_code", division), f.Finish()}));
  out.id_number = id.value_or("");
  out.phone = phone.value_or("");
  out.address = address.value_or("");
  out.division_code = division.value_or("");
  return Status::Ok();
}

Status ReadSubmission(const json& body, app::PetitionInput& in) {
  FieldReader f(body);
  std::optional<domain::PetitionClass> cls;
  std::optional<std::string> category;
  std::optional<bool> anonymous;
  const json* petitioner = nullptr;
  SIXIA_RETURN_IF_ERROR(
      First({ReadEnum(f, "petition_class", cls, domain::PetitionClassFromName,
                      "suggestion, accusation, grievance"),
             f.String("title", in.title), f.String("content", in.content),
             f.String("requests", in.requests), f.String("division_code", in.division_code),
             f.OptString("category_code", category), f.OptBool("anonymous", anonymous),
             f.OptObject("petitioner", petitioner), f.Finish()}));
  in.channel = domain::Channel::kOnline;
  in.petition_class = *cls;
  in.category_code = category.value_or("");
  in.anonymous = anonymous.value_or(false);
  if (petitioner) {
    app::PersonInput person;
    Status st = ReadPetitioner(*petitioner, person);
    if (!st.ok())
      return Status(st.code(), st.message(), st.message_zh(),
                    "petitioner" + (st.field().empty() ? "" : "." + st.field()));
    in.petitioners.push_back(std::move(person));
  }
  return Status::Ok();
}

// The receipt number and query code every follow-up carries, plus its own fields.
struct Key {
  std::string receipt_no, query_code;
};

}  // namespace

void RegisterPublicRoutes(Router& router, app::App& app) {
  const int depth = app.options().http.json_depth_limit;

  router.Add("POST", "/api/v1/public/petitions", Access::kPublic, [&app, depth](Context& c) {
    int retry = 0;
    if (Status st = app.citizens().Admit(c.req.remote, retry); !st.ok()) return TooMany(st, retry);
    auto body = ParseJsonObject(c.req, depth);
    if (!body.ok()) return ErrorResponse(body.status());
    app::PetitionInput in;
    if (Status st = ReadSubmission(*body, in); !st.ok()) return PublicError(st);
    auto r = app.citizens().Submit(c.req.remote, std::move(in));
    if (!r.ok()) return PublicError(r.status());
    return JsonResponse(201, {{"receipt_no", r->receipt_no}, {"query_code", r->query_code}});
  });

  // The three follow-ups share their shape: admit, read the key and the action's own
  // fields, call, answer the petitioner's view.
  using Reader = std::function<Status(FieldReader&, app::ActionInput&)>;
  auto follow_up = [&app, depth](std::optional<domain::Action> action, Reader read) {
    return [&app, depth, action, read](Context& c) {
      int retry = 0;
      if (Status st = app.citizens().Admit(c.req.remote, retry); !st.ok())
        return TooMany(st, retry);
      auto body = ParseJsonObject(c.req, depth);
      if (!body.ok()) return ErrorResponse(body.status());
      FieldReader f(*body);
      Key key;
      app::ActionInput in;
      Status st =
          First({f.String("receipt_no", key.receipt_no), f.String("query_code", key.query_code),
                 read ? read(f, in) : Status::Ok(), f.Finish()});
      if (!st.ok()) return PublicError(st);
      auto v = action ? app.citizens().Act(c.req.remote, key.receipt_no, key.query_code, *action,
                                           in, retry)
                      : app.citizens().Lookup(c.req.remote, key.receipt_no, key.query_code, retry);
      return v.ok() ? JsonResponse(200, ToJson(*v)) : PublicError(v.status(), retry);
    };
  };

  router.Add("POST", "/api/v1/public/petitions/lookup", Access::kPublic,
             follow_up(std::nullopt, nullptr));

  router.Add(
      "POST", "/api/v1/public/petitions/rate", Access::kPublic,
      follow_up(domain::Action::kRate, [](FieldReader& f, app::ActionInput& in) {
        return First({ReadEnum(f, "resolution", in.resolution, domain::ResolutionFromName,
                               "solved, partly_solved, unsolved"),
                      ReadEnum(f, "satisfaction", in.satisfaction, domain::SatisfactionFromName,
                               "satisfied, basically_satisfied, unsatisfied")});
      }));

  auto read_reason = [](FieldReader& f, app::ActionInput& in) {
    std::optional<std::string> reason;
    SIXIA_RETURN_IF_ERROR(f.OptString("reason", reason));
    in.reason = reason.value_or("");
    return Status::Ok();
  };
  router.Add("POST", "/api/v1/public/petitions/request-review", Access::kPublic,
             follow_up(domain::Action::kRequestReview, read_reason));
  router.Add("POST", "/api/v1/public/petitions/request-re-review", Access::kPublic,
             follow_up(domain::Action::kRequestReReview, read_reason));
}

}  // namespace sixia::http
